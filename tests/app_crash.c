/* app_crash.c — kill -9 the importer at random moments and check that the database is always
 * consistent: it opens, PRAGMA integrity_check says ok, foreign keys hold, and the file is either
 * fully imported or not at all (one transaction per file).
 *
 * The importer runs in a forked child through cmd_import, the code of `growthview import`.
 * Kill moments are drawn (fixed seed) over the measured length of a complete import, a few of
 * them within its first milliseconds (file creation, schema). */
#include "tests/tu_store.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "app/cmd/cmd.h"
#include "app/store.h"

#define NPAT 10000
#define NVIS 10
#define ROUNDS 20

static char dir[256], csv[512], db[512];

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_csv(void)
{
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fprintf(f, "patient_id,name,sex,birth_date,date,weight_kg,height_cm\n");
	for (int p = 0; p < NPAT; p++)
		for (int v = 0; v < NVIS; v++)
			fprintf(f, "C%06d,Child %d,%s,2015-%02d-15,%d-%02d-15,%.1f,%.1f\n", p, p, p % 2 ? "M" : "F", 1 + p % 12,
				2016 + v / 2, 1 + p % 12, 8.0 + v + (p % 7) * 0.1, 70.0 + 5 * v + (p % 5) * 0.2);
	fclose(f);
}

static void rm_db(void)
{
	char p[600];
	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", db);
	unlink(p);
}

/* Start the importer; returns its pid. */
static pid_t start(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		/* --no-flags: the kills are aimed at the import's one transaction, not at the flag
		 * summaries written after it (their own transaction). */
		char a0[] = "import", a1[] = "--db", a2[] = "--no-flags";
		char *argv[] = {a0, a1, db, a2, csv, NULL};
		_exit(cmd_import(5, argv));
	}
	return pid;
}

/* State of the database after a kill: -1 inconsistent (message printed), else measurements. */
static long long inspect(void)
{
	if (!tu_exists(db))
		return 0;
	/* Our own open first: it must accept the file (recovering the journal/WAL). */
	gv_store *st;
	char err[512];
	store_rc r = store_open(db, 0, &st, err, sizeof err);
	if (r != STORE_OK) {
		print_error("store_open after kill: %s\n", err);
		return -1;
	}
	store_close(st);
	char ic[64];
	tu_sql_text(db, "PRAGMA integrity_check", ic, sizeof ic);
	if (strcmp(ic, "ok") != 0) {
		print_error("integrity_check: %s\n", ic);
		return -1;
	}
	if (tu_sql_int(db, "SELECT count(*) FROM pragma_foreign_key_check") != 0) {
		print_error("foreign_key_check failed\n");
		return -1;
	}
	long long nm = tu_sql_int(db, "SELECT count(*) FROM measurements");
	long long np = tu_sql_int(db, "SELECT count(*) FROM patients");
	long long na = tu_sql_int(db, "SELECT count(*) FROM audit");
	long long lv = tu_sql_int(db, "SELECT count(*) FROM patients WHERE last_visit IS NULL");
	int none = nm == 0 && np == 0 && na == 0;
	int all = nm == (long long)NPAT * NVIS && np == NPAT && na == 1 && lv == 0;
	if (!none && !all) {
		print_error("half an import: %lld measurements, %lld patients, %lld audit rows\n", nm, np, na);
		return -1;
	}
	return nm;
}

static void test_kill_import(void **state)
{
	(void)state;
	make_csv();
	/* How long does a whole import take here?  The fastest of three: on a loaded machine one
	 * slow run made later kills land after imports that had finished. */
	double full = 1e9;
	pid_t pid;
	int status;
	for (int k = 0; k < 3; k++) {
		rm_db();
		double t0 = now_s();
		pid = start();
		assert_int_equal(waitpid(pid, &status, 0), pid);
		double t = now_s() - t0;
		full = t < full ? t : full;
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		assert_int_equal(inspect(), (long long)NPAT * NVIS);
	}

	srand(20240229);
	int killed_empty = 0, killed_full = 0, finished = 0;
	for (int i = 0; i < ROUNDS; i++) {
		rm_db();
		/* Rounds 0-3 within the first 20 ms (creation and schema); then over the whole import. */
		double delay = i < 4 ? 0.005 * i + 0.001 * (rand() % 5) : full * (rand() % 1000) / 1000.0;
		pid = start();
		struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		long long nm = inspect();
		if (nm < 0)
			fail_msg("round %d (kill after %.3f s of %.3f s): inconsistent database", i, delay, full);
		if (WIFSIGNALED(status))
			nm ? killed_full++ : killed_empty++;
		else
			finished++;
	}
	printf("crash test: %d kills over a %.2f s import of %d rows: %d left nothing, %d came after the commit,"
	       " %d imports had finished; every database consistent\n",
	       ROUNDS, full, NPAT * NVIS, killed_empty, killed_full, finished);
	/* Most kills must land mid-import, or the test proves little. */
	assert_true(killed_empty >= ROUNDS / 2);
	/* After a kill, importing again completes. */
	rm_db();
	pid = start();
	nanosleep(&(struct timespec){0, (long)(full * 0.5e9)}, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	pid = start();
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(inspect(), (long long)NPAT * NVIS);
}

static int setup(void **state)
{
	(void)state;
	tu_tmpdir(dir, sizeof dir);
	snprintf(csv, sizeof csv, "%s/big.csv", dir);
	snprintf(db, sizeof db, "%s/crash.db", dir);
	setenv("GROWTHVIEW_CONFIG", "/nonexistent/growthview-config", 1);
	setenv("GROWTHVIEW_TODAY", "2025-01-01", 1);
	unsetenv("GROWTHVIEW_DB");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kill_import, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_crash", tests, NULL, NULL);
}
