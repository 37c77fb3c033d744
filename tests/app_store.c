/* app_store.c — the patient store: creation and refusal, migrations, busy, read-only, audit log,
 * undo, the TUI's list queries, bulk transactions. */
#include "tests/tu_store.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/store.h"
#include "core/age.h"

/* Frozen copy of schema version 1 (app/store/schema.c st_migrations[0]; app/store.c then, merged into main with commit
 * 4ae404a): files made by that binary look like this.  Never update it: it is what an upgrade
 * starts from. */
static const char v1_schema[] =
	"PRAGMA application_id = 1196835906;\n"
	"CREATE TABLE meta(\n  key TEXT PRIMARY KEY NOT NULL,\n  value\n);\n"
	"INSERT INTO meta(key, value) VALUES\n"
	"  ('created', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
	"  ('pseudonym_key', randomblob(32));\n"
	"CREATE TABLE patients(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  ext_id TEXT UNIQUE CHECK (ext_id IS NULL OR length(ext_id) BETWEEN 1 AND 63),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  sex INTEGER NOT NULL CHECK (sex IN (0, 1, 2)),\n"
	"  birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  ga_weeks INTEGER CHECK (ga_weeks IS NULL OR ga_weeks BETWEEN 1 AND 50),\n"
	"  ga_days INTEGER CHECK (ga_days IS NULL OR ga_days BETWEEN 0 AND 6),\n"
	"  mother_height_cm REAL CHECK (mother_height_cm IS NULL OR mother_height_cm > 0),\n"
	"  father_height_cm REAL CHECK (father_height_cm IS NULL OR father_height_cm > 0),\n"
	"  notes TEXT NOT NULL DEFAULT '',\n"
	"  labels INTEGER NOT NULL DEFAULT 0,\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX patients_name ON patients(name COLLATE NOCASE, id);\n"
	"CREATE TABLE measurements(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  weight_kg REAL CHECK (weight_kg IS NULL OR weight_kg > 0),\n"
	"  height_cm REAL CHECK (height_cm IS NULL OR height_cm > 0),\n"
	"  position TEXT CHECK (position IS NULL OR position IN ('L', 'H')),\n"
	"  head_cm REAL CHECK (head_cm IS NULL OR head_cm > 0),\n"
	"  muac_cm REAL CHECK (muac_cm IS NULL OR muac_cm > 0),\n"
	"  triceps_mm REAL CHECK (triceps_mm IS NULL OR triceps_mm > 0),\n"
	"  subscap_mm REAL CHECK (subscap_mm IS NULL OR subscap_mm > 0),\n"
	"  oedema INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  entered_by TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX measurements_identity ON measurements(patient_id, date, ifnull(time, ''),\n"
	"  ifnull(weight_kg, -1), ifnull(height_cm, -1), ifnull(position, ''), ifnull(head_cm, -1),\n"
	"  ifnull(muac_cm, -1), ifnull(triceps_mm, -1), ifnull(subscap_mm, -1), oedema);\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  change INTEGER NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  who TEXT NOT NULL,\n"
	"  tbl TEXT NOT NULL,\n"
	"  row_id INTEGER,\n"
	"  action TEXT NOT NULL,\n"
	"  field TEXT,\n"
	"  old_value,\n"
	"  new_value,\n"
	"  undoes INTEGER\n"
	");\n"
	"CREATE INDEX audit_change ON audit(change);\n"
	"CREATE INDEX audit_undoes ON audit(undoes) WHERE undoes IS NOT NULL;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"PRAGMA user_version = 1;\n";

/* Frozen copy of schema version 2 (app/store/schema.c st_migrations[1]; app/store.c then, merged into main with commit
 * 4ae404a).  Never update it. */
static const char v2_schema[] =
	"ALTER TABLE patients ADD COLUMN last_visit TEXT;\n"
	"ALTER TABLE patients ADD COLUMN flag_severity INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_count INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_stale INTEGER NOT NULL DEFAULT 1;\n"
	"UPDATE patients SET last_visit =\n"
	"  (SELECT max(date) FROM measurements m WHERE m.patient_id = patients.id);\n"
	"CREATE INDEX patients_birth ON patients(birth_date, id);\n"
	"CREATE INDEX patients_last_visit ON patients(last_visit, id);\n"
	"CREATE INDEX patients_severity ON patients(flag_severity DESC, name COLLATE NOCASE, id);\n"
	"CREATE INDEX patients_stale ON patients(id) WHERE flag_stale = 1;\n"
	"CREATE TABLE flag_acks(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 63),\n"
	"  visit_date TEXT CHECK (visit_date IS NULL OR\n"
	"    visit_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  who TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  comment TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE INDEX flag_acks_patient ON flag_acks(patient_id, rule, visit_date);\n"
	"CREATE TABLE summaries(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  backend TEXT NOT NULL,\n"
	"  model TEXT NOT NULL,\n"
	"  prompt_id TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX summaries_patient ON summaries(patient_id);\n"
	"CREATE TABLE ratings(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  summary_a INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  summary_b INTEGER REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  rater TEXT NOT NULL,\n"
	"  scores TEXT NOT NULL CHECK (json_valid(scores)),\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX ratings_summary ON ratings(summary_a, summary_b);\n"
	"CREATE TABLE reported(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  code TEXT NOT NULL,\n"
	"  value REAL NOT NULL,\n"
	"  unit TEXT NOT NULL DEFAULT '',\n"
	"  source TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE UNIQUE INDEX reported_identity ON reported(patient_id, date, ifnull(time, ''), code, value);\n"
	"PRAGMA user_version = 2;\n";

typedef struct fx {
	char dir[256];
	char db[512];
	gv_store *st;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static gv_store *open_ok(const char *path, unsigned flags)
{
	gv_store *st = NULL;
	char err[512];
	store_rc r = store_open(path, flags, &st, err, sizeof err);
	if (r != STORE_OK)
		fail_msg("store_open %s: %d %s", path, r, err);
	return st;
}

static int32_t D(int y, int m, int d)
{
	return age_days_from_civil(y, m, d);
}

static gv_patient mkpatient(const char *ext, const char *name, gv_sex sex, int32_t birth)
{
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "%s", ext);
	snprintf(p.name, sizeof p.name, "%s", name);
	p.sex = sex;
	p.birth_date = birth;
	return p;
}

static gv_visit mkvisit(int32_t date, double w, double h)
{
	gv_visit v;
	record_visit_init(&v);
	v.date = date;
	v.weight_kg = w;
	v.height_cm = h;
	return v;
}

/* ------------------------------------------------------------------ creation */

static void test_create_mode_and_schema(void **state)
{
	fx *f = *state;
	mode_t old = umask(0); /* the store must not rely on the umask */
	f->st = open_ok(f->db, 0);
	umask(old);
	struct stat sb;
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	/* A write creates the WAL file: same private mode. */
	gv_patient p = mkpatient("A1", "Ada", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "nurse"), STORE_OK);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", f->db);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA application_id"), STORE_APP_ID);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	char mode[32];
	tu_sql_text(f->db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(tu_sql_int(f->db, "SELECT length(value) FROM meta WHERE key = 'pseudonym_key'"), 32);
	/* Reopen: same key. */
	unsigned char k1[32], k2[32];
	assert_int_equal(store_pseudonym_key(f->st, k1), STORE_OK);
	store_close(f->st);
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_pseudonym_key(f->st, k2), STORE_OK);
	assert_memory_equal(k1, k2, 32);
}

/* While the first store is still open (nothing checkpointed from the WAL), a second one, or a
 * run after a crash, must recognise the file. */
static void test_second_opener_before_checkpoint(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("W1", "Wal", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "nurse"), STORE_OK);
	gv_store *st2 = open_ok(f->db, 0);
	gv_patient g;
	assert_int_equal(store_patient_find(st2, "W1", &g), STORE_OK);
	store_close(st2);
	st2 = open_ok(f->db, STORE_OPEN_READONLY);
	store_close(st2);
}

/* The interface's write policy: with store_interactive the commits past 1,000 WAL pages do not copy
 * the WAL into the database file (SQLite's default would, in the commit that passes them); the
 * database file alone lacks the rows until store_checkpoint copies them; a read-only store takes
 * both as no-ops. */
static long long rows_in_main_file(fx *f)
{
	char copy[600], buf[1 << 16];
	snprintf(copy, sizeof copy, "%s/main-only.db", f->dir);
	FILE *in = fopen(f->db, "rb"), *out = fopen(copy, "wb");
	assert_non_null(in);
	assert_non_null(out);
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	long long c = tu_sql_int(copy, "SELECT count(*) FROM patients");
	unlink(copy);
	return c;
}

static void test_interactive_checkpoint(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_interactive(f->st), STORE_OK);
	enum { N = 1000 };
	for (int i = 0; i < N; i++) {
		char ext[32];
		snprintf(ext, sizeof ext, "CP%05d", i);
		gv_patient p = mkpatient(ext, "Checkpoint Child", i % 2 ? GV_MALE : GV_FEMALE, D(2020, 1, 1));
		assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "nurse"), STORE_OK);
	}
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", f->db);
	struct stat sb;
	assert_int_equal(stat(wal, &sb), 0);
	/* ~6,600 pages: past SQLite's default threshold (1,000) and not at the interface's (16,384):
	 * nothing copied back (with the default, the WAL restarts at ~1,000 pages) */
	assert_true(sb.st_size > 2000 * 4096);
	assert_int_equal(rows_in_main_file(f), 0);
	assert_int_equal(store_checkpoint(f->st), STORE_OK);
	assert_int_equal(rows_in_main_file(f), N);
	store_close(f->st);
	f->st = open_ok(f->db, STORE_OPEN_READONLY);
	assert_int_equal(store_interactive(f->st), STORE_OK);
	assert_int_equal(store_checkpoint(f->st), STORE_OK);
}

static void test_empty_file_initialised(void **state)
{
	fx *f = *state;
	tu_write(f->db, "");
	/* Made beforehand with mode 0644 (touch): private before patient data goes in (issue 10). */
	assert_int_equal(chmod(f->db, 0644), 0);
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	struct stat sb;
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	gv_patient p = mkpatient("E1", "Empty", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	char side[600];
	snprintf(side, sizeof side, "%s-wal", f->db);
	assert_int_equal(stat(side, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Read-only, an empty file is not a database, and its mode is left alone. */
	store_close(f->st);
	f->st = NULL;
	char e2[600], err[512];
	snprintf(e2, sizeof e2, "%s/e2.db", f->dir);
	tu_write(e2, "");
	assert_int_equal(chmod(e2, 0644), 0);
	gv_store *st = NULL;
	assert_int_equal(store_open(e2, STORE_OPEN_READONLY, &st, err, sizeof err), STORE_NOTADB);
	assert_int_equal(stat(e2, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
}

/* A refused file: same bytes afterwards, no -wal/-shm next to it, a message that says why. */
static void refused(const char *path, const char *want)
{
	size_t n0, n1;
	char *b0 = tu_slurp(path, &n0);
	assert_non_null(b0);
	for (unsigned flags = 0; flags <= STORE_OPEN_READONLY; flags++) {
		gv_store *st = (gv_store *)1;
		char err[512];
		assert_int_equal(store_open(path, flags, &st, err, sizeof err), STORE_NOTADB);
		assert_null(st);
		if (!strstr(err, want) || !strstr(err, path))
			fail_msg("message '%s' lacks '%s' or the path", err, want);
	}
	char *b1 = tu_slurp(path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(b0, b1, n0);
	char side[600];
	snprintf(side, sizeof side, "%s-wal", path);
	assert_false(tu_exists(side));
	snprintf(side, sizeof side, "%s-shm", path);
	assert_false(tu_exists(side));
	free(b0);
	free(b1);
}

static void test_refuse_text_file(void **state)
{
	fx *f = *state;
	tu_write(f->db, "patient_id,sex\nA,M\n");
	refused(f->db, "not an SQLite file");
	/* A short binary file too. */
	tu_write(f->db, "SQLite format 3");
	refused(f->db, "not an SQLite file");
}

static void test_refuse_foreign_sqlite(void **state)
{
	fx *f = *state;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA journal_mode=WAL; CREATE TABLE notes(x); INSERT INTO notes VALUES(1);"
					 "PRAGMA journal_mode=DELETE;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	refused(f->db, "application_id 0x00000000");
	/* An SQLite file of another application with an id of its own. */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA application_id = 1234;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	refused(f->db, "application_id 0x000004d2");
}

static void test_refuse_newer_schema(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	store_close(f->st);
	f->st = NULL;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	refused(f->db, "newer growthview (schema version 99");
}

static void test_missing_file(void **state)
{
	fx *f = *state;
	gv_store *st;
	char err[512];
	assert_int_equal(store_open(f->db, STORE_OPEN_READONLY, &st, err, sizeof err), STORE_NOTFOUND);
	assert_non_null(strstr(err, "no such database"));
	assert_int_equal(store_open(f->db, STORE_OPEN_NOCREATE, &st, err, sizeof err), STORE_NOTFOUND);
	assert_false(tu_exists(f->db));
	char sub[600];
	snprintf(sub, sizeof sub, "%s/nodir/gv.db", f->dir);
	assert_int_equal(store_open(sub, 0, &st, err, sizeof err), STORE_ERROR);
	assert_non_null(strstr(err, "cannot create"));
}

/* ------------------------------------------------------------------ migrations */

static void schema_text(const char *db, char *out, size_t n)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_schema"
					    " ORDER BY type, name",
					    -1, &s, NULL),
			 SQLITE_OK);
	size_t len = 0;
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW)
		len += (size_t)snprintf(out + len, n - len, "%s\n", (const char *)sqlite3_column_text(s, 0));
	assert_true(len < n);
	sqlite3_finalize(s);
	sqlite3_close(h);
}

static void test_upgrade_v1(void **state)
{
	fx *f = *state;
	/* A version-1 file with data, as the first binary made it. */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(h, v1_schema, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("v1 schema: %s", msg);
	assert_int_equal(
		sqlite3_exec(h,
			     "INSERT INTO patients(ext_id, name, sex, birth_date, created, updated) VALUES"
			     " ('P1', 'Old One', 1, '2019-05-01', 't', 't'), ('P2', 'Old Two', 2, '2018-01-31', 't', 't');"
			     "INSERT INTO measurements(patient_id, date, weight_kg, height_cm, created, updated) VALUES"
			     " (1, '2019-06-01', 4.5, 55.0, 't', 't'), (1, '2020-05-01', 9.8, 75.5, 't', 't'),"
			     " (2, '2018-03-01', 4.0, NULL, 't', 't');",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), 1);

	f->st = open_ok(f->db, 0);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	/* Data kept, new columns filled by the migration. */
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 2);
	assert_int_equal(nv, 3);
	store_patient_row rows[4];
	int n;
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_LAST_VISIT, 0, 0, 4, rows, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].ext_id, "P1");
	assert_int_equal(rows[0].last_visit, D(2020, 5, 1));
	assert_int_equal(rows[1].last_visit, D(2018, 3, 1));
	assert_int_equal(rows[0].flag_stale, 1);
	gv_child c;
	assert_int_equal(store_child_load(f->st, rows[0].id, &c), STORE_OK);
	assert_int_equal(c.nv, 2);
	tu_near(c.v[1].height_cm, 75.5, 0, "height after upgrade");
	store_child_free(&c);
	store_close(f->st);
	f->st = NULL;

	/* Same schema as a file created by this binary. */
	char fresh[600];
	snprintf(fresh, sizeof fresh, "%s/fresh.db", f->dir);
	gv_store *st2 = open_ok(fresh, 0);
	store_close(st2);
	static char a[32768], b[32768];
	schema_text(f->db, a, sizeof a);
	schema_text(fresh, b, sizeof b);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "table reported"));
}

/* A version-2 file (the schema main shipped) with data, including a deleted newest measurement:
 * upgraded in place, its rows get their identity keys (so an identical visit is a duplicate),
 * ids stay above everything AUTOINCREMENT handed out, list columns and flags are kept. */
static void test_upgrade_v2(void **state)
{
	fx *f = *state;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(h, v1_schema, NULL, NULL, &msg) != SQLITE_OK || sqlite3_exec(h, v2_schema, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("frozen schema: %s", msg);
	assert_int_equal(
		sqlite3_exec(h,
			     "INSERT INTO patients(ext_id, name, sex, birth_date, created, updated, flag_severity, flag_count,"
			     " flag_stale) VALUES ('Q1', 'Quinn', 2, '2019-05-01', 't', 't', 3, 2, 0);"
			     "INSERT INTO measurements(patient_id, date, time, weight_kg, height_cm, position, source,"
			     " entered_by, created, updated) VALUES"
			     " (1, '2019-06-01', '09:30', 4.5, 55.0, 'L', 'csv:a.csv', 'nurse', 't1', 't1'),"
			     " (1, '2020-05-01', NULL, 9.8, 75.5, NULL, 'tui', 'doctor', 't2', 't3'),"
			     " (1, '2020-06-01', NULL, 10.1, NULL, NULL, 'tui', 'doctor', 't4', 't4');"
			     "DELETE FROM measurements WHERE id = 3;"
			     "UPDATE patients SET last_visit = '2020-05-01';"
			     "INSERT INTO flag_acks(patient_id, rule, who, at) VALUES (1, 'r1', 'doctor', 't');",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), 2);

	f->st = open_ok(f->db, 0);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM measurements WHERE vkey < 0"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT value FROM meta WHERE key = 'measurement_hw'"), 3);
	gv_patient p;
	assert_int_equal(store_patient_find(f->st, "Q1", &p), STORE_OK);
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 2);
	assert_int_equal(c.v[0].time_min, 9 * 60 + 30);
	assert_int_equal(c.v[0].position, 'L');
	store_visit_info vi;
	assert_int_equal(store_visit_info_get(f->st, c.v[1].id, &vi), STORE_OK);
	assert_string_equal(vi.source, "tui");
	assert_string_equal(vi.entered_by, "doctor");
	assert_string_equal(vi.created, "t2");
	assert_string_equal(vi.updated, "t3");
	/* The old rows have their real keys: the same visit again is a duplicate. */
	gv_visit again = c.v[0];
	assert_int_equal(store_visit_insert(f->st, p.id, &again, NULL, "nurse"), STORE_DUP);
	store_child_free(&c);
	/* Id 3 was handed out and deleted before the upgrade: never reused. */
	gv_visit v = mkvisit(D(2020, 7, 1), 10.3, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	assert_int_equal(v.id, 4);
	store_patient_row rows[2];
	int n;
	store_filter fl = {NULL, 1};
	assert_int_equal(store_patient_page(f->st, &fl, STORE_SORT_SEVERITY, 0, 0, 2, rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].flag_severity, 3);
	assert_int_equal(rows[0].last_visit, D(2020, 7, 1));
	store_ack *a;
	size_t na;
	assert_int_equal(store_flag_acks(f->st, p.id, &a, &na), STORE_OK);
	assert_int_equal(na, 1);
	store_acks_free(a, na);
	store_close(f->st);
	f->st = NULL;
	/* Same schema as a new file. */
	char fresh[600];
	snprintf(fresh, sizeof fresh, "%s/fresh.db", f->dir);
	gv_store *st2 = open_ok(fresh, 0);
	store_close(st2);
	static char sa[32768], sb[32768];
	schema_text(f->db, sa, sizeof sa);
	schema_text(fresh, sb, sizeof sb);
	assert_string_equal(sa, sb);
	char ic[16];
	tu_sql_text(f->db, "PRAGMA integrity_check", ic, sizeof ic);
	assert_string_equal(ic, "ok");
}

static void test_readonly(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("R1", "Read", GV_MALE, D(2021, 2, 3));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	gv_visit v = mkvisit(D(2021, 3, 3), 4.4, 54.0);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	store_close(f->st);
	size_t n0;
	char *b0 = tu_slurp(f->db, &n0);

	f->st = open_ok(f->db, STORE_OPEN_READONLY);
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 1);
	store_child_free(&c);
	gv_visit v2 = mkvisit(D(2021, 4, 3), 5.0, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v2, NULL, "nurse"), STORE_READONLY);
	assert_non_null(strstr(store_errmsg(f->st), "read-only"));
	assert_int_equal(store_visit_delete(f->st, v.id, "nurse"), STORE_READONLY);
	assert_int_equal(store_flag_summary_set(f->st, p.id, 2, 1), STORE_READONLY);
	assert_int_equal(store_bulk_begin(f->st, "nurse", "x"), STORE_READONLY);
	assert_int_equal(store_undo(f->st, "nurse", NULL, 0, NULL), STORE_READONLY);
	store_close(f->st);
	f->st = NULL;
	size_t n1;
	char *b1 = tu_slurp(f->db, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(b0, b1, n0);
	free(b0);
	free(b1);

	/* An old file that needs an upgrade is not upgraded in read-only mode. */
	char old[600];
	snprintf(old, sizeof old, "%s/old.db", f->dir);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, v1_schema, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	gv_store *st;
	char err[512];
	assert_int_equal(store_open(old, STORE_OPEN_READONLY, &st, err, sizeof err), STORE_READONLY);
	assert_non_null(strstr(err, "needs an upgrade"));
	assert_int_equal(tu_sql_int(old, "PRAGMA user_version"), 1);
}

/* ------------------------------------------------------------------ busy */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_busy(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("B1", "Busy", GV_FEMALE, D(2022, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);

	/* Another process (here: another connection) holds the write lock. */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO meta VALUES('lock', 1);", NULL, NULL, NULL),
			 SQLITE_OK);
	gv_visit v = mkvisit(D(2022, 2, 1), 4.0, 53.0);
	double t0 = now_s();
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_BUSY);
	double dt = now_s() - t0;
	assert_true(dt >= 1.5 && dt < 10);
	assert_string_equal(store_errmsg(f->st), "begin transaction: database is busy (another growthview is writing?)");
	assert_int_equal(store_bulk_begin(f->st, "nurse", "file.csv"), STORE_BUSY);
	/* Reading still works while the other writer holds the lock (WAL). */
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 1);
	/* The lock goes away: the same call succeeds. */
	assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);

	/* Opening while another holds the lock is fine (no write at open once migrated). */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO meta VALUES('lock', 1);", NULL, NULL, NULL),
			 SQLITE_OK);
	gv_store *st2 = open_ok(f->db, 0);
	store_close(st2);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
}

/* ------------------------------------------------------------------ audit and undo */

static long long audit_rows(const char *db)
{
	return tu_sql_int(db, "SELECT count(*) FROM audit");
}

static void test_audit_append_only(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("A1", "Aud", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, "note", NULL, "nurse"), STORE_OK);
	gv_visit v = mkvisit(D(2020, 2, 1), 4.4, 54.5);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	assert_true(v.id > 0);
	/* create (1) + insert: patient_id, date, weight, height, oedema, source, entered_by,
	 * created, updated = 9 non-NULL fields. */
	assert_int_equal(audit_rows(f->db), 1 + 9);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(h, "UPDATE audit SET who = 'mallory'", NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM audit", NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	sqlite3_close(h);
	assert_int_equal(audit_rows(f->db), 10);

	/* An update audits exactly the changed fields, with old and new values. */
	v.weight_kg = 4.6;
	assert_int_equal(store_visit_update(f->st, &v, "doctor"), STORE_OK);
	assert_int_equal(audit_rows(f->db), 11);
	char t[128];
	tu_sql_text(f->db,
		    "SELECT who || ' ' || tbl || ' ' || action || ' ' || field || ' ' || old_value || ' -> ' || new_value"
		    " FROM audit ORDER BY id DESC LIMIT 1",
		    t, sizeof t);
	assert_string_equal(t, "doctor measurements update weight_kg 4.4 -> 4.6");
	/* Unchanged update: no audit row. */
	assert_int_equal(store_visit_update(f->st, &v, "doctor"), STORE_OK);
	assert_int_equal(audit_rows(f->db), 11);
	/* Who is required. */
	assert_int_equal(store_visit_update(f->st, &v, ""), STORE_INVALID);
	assert_int_equal(store_visit_delete(f->st, v.id, NULL), STORE_INVALID);
}

static void test_visit_checks_and_dup(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("C1", "Check", GV_FEMALE, D(2020, 6, 15));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	gv_visit v = mkvisit(D(2020, 6, 14), 3.0, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "before the birth"));
	v = mkvisit(D(2020, 7, 1), NAN, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_INVALID);
	v = mkvisit(D(2020, 7, 1), -2, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_INVALID);
	/* The physical limits (core/limits.h) hold for every way in: the store refuses what an
	 * import would refuse, so what it holds can be imported again. */
	v = mkvisit(D(2020, 7, 1), 0.0001, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_INVALID);
	assert_string_equal(store_errmsg(f->st),
			    "measurement: weight 0.0001 kg is outside the physical limits (0.2 to 250 kg)");
	v = mkvisit(D(2020, 7, 1), 4.1, 5.09); /* a length with its decimal point moved */
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_INVALID);
	assert_string_equal(store_errmsg(f->st),
			    "measurement: length/height 5.09 cm is outside the physical limits (20 to 250 cm)");
	v = mkvisit(D(2020, 7, 1), 4.1, 55.2);
	v.subscap_mm = 101;
	assert_int_equal(store_bulk_begin(f->st, "nurse", "test"), STORE_OK);
	assert_int_equal(store_bulk_visit(f->st, p.id, &v, NULL), STORE_INVALID);
	gv_patient bad = mkpatient("C2", "Bad", GV_MALE, D(2020, 1, 1));
	bad.mother_height_cm = 90;
	assert_int_equal(store_bulk_patient_add(f->st, &bad, NULL), STORE_INVALID);
	assert_string_equal(store_errmsg(f->st), "patient: parent's height outside the physical limits (100 to 250 cm)");
	bad = mkpatient("C2", "Bad\x1b[2J", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_bulk_patient_add(f->st, &bad, NULL), STORE_INVALID);
	assert_string_equal(store_errmsg(f->st), "patient: the id or name holds a control character or is not UTF-8");
	store_bulk_rollback(f->st);
	v = mkvisit(D(2020, 7, 1), 4.1, 55.2);
	assert_int_equal(store_visit_insert(f->st, 999, &v, NULL, "nurse"), STORE_NOTFOUND);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	gv_visit w = v;
	assert_int_equal(store_visit_insert(f->st, p.id, &w, NULL, "nurse"), STORE_DUP);
	assert_non_null(strstr(store_errmsg(f->st), "identical measurement"));
	/* Same values at another time of day, or in another position, are another visit. */
	w.time_min = 9 * 60 + 30;
	assert_int_equal(store_visit_insert(f->st, p.id, &w, NULL, "nurse"), STORE_OK);
	gv_visit x = v;
	x.position = 'L';
	assert_int_equal(store_visit_insert(f->st, p.id, &x, NULL, "nurse"), STORE_OK);
	/* Updating x into a copy of v is a duplicate too, and changes nothing. */
	x.position = 0;
	assert_int_equal(store_visit_update(f->st, &x, "nurse"), STORE_DUP);
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 3);
	/* Sorted by date, then time with "no time" first, then id. */
	assert_int_equal(c.v[0].time_min, -1);
	assert_int_equal(c.v[0].position, 0);
	assert_int_equal(c.v[1].time_min, -1);
	assert_int_equal(c.v[1].position, 'L');
	assert_int_equal(c.v[2].time_min, 570);
	store_child_free(&c);
	store_visit_info vi;
	assert_int_equal(store_visit_info_get(f->st, w.id, &vi), STORE_OK);
	assert_string_equal(vi.source, "tui");
	assert_string_equal(vi.entered_by, "nurse");
	assert_int_equal(strlen(vi.created), 20);
}

/* store_child_load's order is the SQL order "date, ifnull(time, ''), id" (visits.c sorts
 * same-day visits itself, SQLite's index giving them by date only): same-day visits at several
 * times and none, inserted out of order; then times the store never writes (long texts, a
 * blob), which take the SQL sort; then more than 64 visits, likewise. */
static void expect_sql_order(fx *f, int64_t pid, size_t n)
{
	gv_child c;
	assert_int_equal(store_child_load(f->st, pid, &c), STORE_OK);
	assert_int_equal(c.nv, n);
	sqlite3 *h;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id FROM measurements WHERE patient_id = ?1"
					     " ORDER BY date, ifnull(time, ''), id", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, pid);
	size_t i = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		assert_true(i < c.nv);
		assert_int_equal(c.v[i].id, sqlite3_column_int64(q, 0));
		i++;
	}
	assert_int_equal(i, n);
	sqlite3_finalize(q);
	sqlite3_close(h);
	store_child_free(&c);
}

static void test_child_load_order(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("O1", "Order", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	static const int times[] = {14 * 60, -1, 9 * 60 + 5, 23 * 60 + 59, -1, 0, 9 * 60 + 5, 12 * 60};
	size_t n = 0;
	for (int d = 3; d >= 1; d--)
		for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
			gv_visit v = mkvisit(D(2020, 2, d), 4.0 + 0.01 * (double)n, NAN);
			v.time_min = times[k];
			assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
			n++;
		}
	expect_sql_order(f, p.id, n);
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.v[0].date, D(2020, 2, 1));
	assert_int_equal(c.v[0].time_min, -1);
	assert_int_equal(c.v[1].time_min, -1);
	assert_true(c.v[0].id < c.v[1].id);
	assert_int_equal(c.v[2].time_min, 0);
	assert_int_equal(c.v[7].time_min, 23 * 60 + 59);
	assert_int_equal(c.v[8].date, D(2020, 2, 2));
	store_child_free(&c);
	/* Values the schema's CHECK refuses (another program's file): the SQL order all the same. */
	tu_sql_exec(f->db, "PRAGMA ignore_check_constraints = ON;"
			   " UPDATE measurements SET time = '24:30:00 b' WHERE id = (SELECT min(id) FROM measurements);"
			   " UPDATE measurements SET time = '24:30:00 a' WHERE id = (SELECT min(id) + 1 FROM measurements)");
	expect_sql_order(f, p.id, n);
	gv_patient r = mkpatient("O3", "Order", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &r, NULL, NULL, "nurse"), STORE_OK);
	for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
		gv_visit v = mkvisit(D(2020, 2, 1), 4.0 + 0.01 * (double)k, NAN);
		v.time_min = times[k];
		assert_int_equal(store_visit_insert(f->st, r.id, &v, NULL, "nurse"), STORE_OK);
	}
	char sql[160];
	snprintf(sql, sizeof sql, "PRAGMA ignore_check_constraints = ON;"
		 " UPDATE measurements SET time = X'30393A3035' WHERE time IS NULL AND patient_id = %lld", (long long)r.id);
	tu_sql_exec(f->db, sql); /* "09:05" as a blob: after every text */
	expect_sql_order(f, r.id, sizeof times / sizeof times[0]);
	/* More than 64 visits (another child, times the store writes). */
	gv_patient q = mkpatient("O2", "Order", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &q, NULL, NULL, "nurse"), STORE_OK);
	n = 0;
	for (int d = 1; n <= 70; d++) {
		gv_visit v = mkvisit(D(2021, 1, 1) + (70 - d) / 2, 5.0 + 0.01 * (double)n, NAN);
		v.time_min = d % 3 ? 60 * (d % 7) : -1;
		assert_int_equal(store_visit_insert(f->st, q.id, &v, NULL, "nurse"), STORE_OK);
		n++;
		if (n == 64)
			expect_sql_order(f, q.id, n); /* the most sorted here */
	}
	expect_sql_order(f, q.id, n);
}

static void test_undo(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("U1", "Undo", GV_MALE, D(2019, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	char what[128];
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, NULL), STORE_NOTFOUND); /* create is not undoable */

	gv_visit a = mkvisit(D(2019, 2, 1), 4.5, 55.0);
	gv_visit b = mkvisit(D(2019, 3, 1), 5.5, 58.0);
	b.head_cm = 38.5;
	b.time_min = 10 * 60 + 5;
	assert_int_equal(store_visit_insert(f->st, p.id, &a, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_visit_insert(f->st, p.id, &b, NULL, "nurse"), STORE_OK);
	gv_visit b2 = b;
	b2.weight_kg = 55.0; /* a slip: kg typed as ten times */
	b2.position = 'L';
	assert_int_equal(store_visit_update(f->st, &b2, "nurse"), STORE_OK);
	assert_int_equal(store_visit_delete(f->st, a.id, "nurse"), STORE_OK);

	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 1);
	store_child_free(&c);

	/* Undo the delete: a comes back with its id and values; the store says whose it was. */
	int64_t whose = -1;
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, &whose), STORE_OK);
	assert_string_equal(what, "restored deleted measurement of 2019-02-01");
	assert_int_equal(whose, p.id);
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 2);
	assert_int_equal(c.v[0].id, a.id);
	tu_near(c.v[0].weight_kg, 4.5, 0, "restored weight");
	tu_near(c.v[1].weight_kg, 55.0, 0, "weight before undoing the update");
	store_child_free(&c);
	/* Undo the update: exact old values (weight, position). */
	whose = -1;
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, &whose), STORE_OK);
	assert_int_equal(whose, p.id);
	assert_string_equal(what, "reverted change to measurement of 2019-03-01");
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	tu_near(c.v[1].weight_kg, 5.5, 0, "weight after undo");
	assert_int_equal(c.v[1].position, 0);
	assert_int_equal(c.v[1].time_min, 605);
	tu_near(c.v[1].head_cm, 38.5, 0, "head kept");
	store_child_free(&c);
	/* Someone else changes b: undoing nurse's insert of b is refused, nothing written. */
	gv_visit b3 = b;
	b3.head_cm = 38.7;
	assert_int_equal(store_visit_update(f->st, &b3, "doctor"), STORE_OK);
	long long n0 = audit_rows(f->db);
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, NULL), STORE_CONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "changed since (head_cm)"));
	assert_int_equal(audit_rows(f->db), n0);
	/* The doctor undoes theirs; then the nurse's insert of b can be undone, then a's. */
	assert_int_equal(store_undo(f->st, "doctor", what, sizeof what, NULL), STORE_OK);
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, NULL), STORE_OK);
	assert_string_equal(what, "removed added measurement of 2019-03-01");
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, NULL), STORE_OK);
	assert_string_equal(what, "removed added measurement of 2019-02-01");
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, &whose), STORE_NOTFOUND);
	assert_int_equal(whose, 0);
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(c.nv, 0);
	assert_null(c.v);
	store_child_free(&c);
	store_patient_row r[1];
	int n;
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_NAME, 0, 0, 1, r, &n), STORE_OK);
	assert_int_equal(r[0].last_visit, STORE_NO_DATE);
}

static void test_patient_update_and_undo(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("PU", "Pat", GV_FEMALE, D(2018, 8, 8));
	assert_int_equal(store_patient_insert(f->st, &p, "first", NULL, "nurse"), STORE_OK);
	gv_patient q = mkpatient("OTHER", "Other", GV_MALE, D(2018, 8, 8));
	assert_int_equal(store_patient_insert(f->st, &q, NULL, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_patient_insert(f->st, &q, NULL, NULL, "nurse"), STORE_CONFLICT);

	gv_patient p2 = p;
	snprintf(p2.name, sizeof p2.name, "Patricia");
	p2.ga_weeks = 33;
	p2.ga_days = 4;
	p2.mother_height_cm = 162.5;
	assert_int_equal(store_patient_update(f->st, &p2, "born early", "nurse"), STORE_OK);
	gv_patient g;
	assert_int_equal(store_patient_get(f->st, p.id, &g), STORE_OK);
	assert_string_equal(g.name, "Patricia");
	assert_int_equal(g.ga_weeks, 33);
	assert_int_equal(g.ga_days, 4);
	tu_near(g.mother_height_cm, 162.5, 0, "mother");
	assert_true(isnan(g.father_height_cm));
	char *notes;
	assert_int_equal(store_patient_notes(f->st, p.id, &notes), STORE_OK);
	assert_string_equal(notes, "born early");
	free(notes);
	/* 5 fields changed: name, ga_weeks, ga_days, mother_height_cm, notes. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE tbl = 'patients' AND action = 'update'"), 5);
	/* Taking another patient's external id is refused. */
	gv_patient p3 = g;
	snprintf(p3.ext_id, sizeof p3.ext_id, "OTHER");
	assert_int_equal(store_patient_update(f->st, &p3, NULL, "nurse"), STORE_CONFLICT);
	char what[128];
	assert_int_equal(store_undo(f->st, "nurse", what, sizeof what, NULL), STORE_OK);
	assert_string_equal(what, "reverted change to patient");
	assert_int_equal(store_patient_get(f->st, p.id, &g), STORE_OK);
	assert_string_equal(g.name, "Pat");
	assert_int_equal(g.ga_weeks, 0);
	assert_true(isnan(g.mother_height_cm));
	assert_int_equal(store_patient_notes(f->st, p.id, &notes), STORE_OK);
	assert_string_equal(notes, "first");
	free(notes);
	assert_int_equal(store_patient_resolve(f->st, "PU", &g), STORE_OK);
	char key[32];
	snprintf(key, sizeof key, "#%lld", (long long)q.id);
	assert_int_equal(store_patient_resolve(f->st, key, &g), STORE_OK);
	assert_string_equal(g.ext_id, "OTHER");
	assert_int_equal(store_patient_resolve(f->st, "#x", &g), STORE_NOTFOUND);
	assert_int_equal(store_patient_resolve(f->st, "nobody", &g), STORE_NOTFOUND);
}

/* ------------------------------------------------------------------ flags, acks, ratings, reported */

static void test_flags_acks(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("F1", "Flag", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	int64_t ids[8];
	size_t n;
	assert_int_equal(store_flag_stale_ids(f->st, 0, ids, 8, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_flag_summary_set(f->st, p.id, 3, 2), STORE_OK);
	assert_int_equal(store_flag_stale_ids(f->st, 0, ids, 8, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_flag_summary_set(f->st, 12345, 3, 2), STORE_NOTFOUND);
	/* A new measurement makes the summary stale again. */
	gv_visit v = mkvisit(D(2020, 3, 1), 5.0, 58.0);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_flag_stale_ids(f->st, 0, ids, 8, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], p.id);

	int64_t ack;
	assert_int_equal(store_flag_ack(f->st, p.id, "wfa_below_p2", D(2020, 3, 1), "doctor", "small parents", &ack),
			 STORE_OK);
	assert_int_equal(store_flag_ack(f->st, p.id, "wt_cross_2_lines", STORE_NO_DATE, "doctor", NULL, NULL), STORE_OK);
	assert_int_equal(store_flag_ack(f->st, p.id, "", STORE_NO_DATE, "doctor", NULL, NULL), STORE_INVALID);
	assert_int_equal(store_flag_ack(f->st, 999, "x", STORE_NO_DATE, "doctor", NULL, NULL), STORE_NOTFOUND);
	store_ack *a;
	assert_int_equal(store_flag_acks(f->st, p.id, &a, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].id, ack);
	assert_string_equal(a[0].rule, "wfa_below_p2");
	assert_int_equal(a[0].visit_date, D(2020, 3, 1));
	assert_string_equal(a[0].who, "doctor");
	assert_string_equal(a[0].comment, "small parents");
	assert_int_equal(a[1].visit_date, STORE_NO_DATE);
	store_acks_free(a, n);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(DISTINCT change) FROM audit WHERE tbl = 'flag_acks'"), 2);
	char what[128];
	assert_int_equal(store_undo(f->st, "doctor", what, sizeof what, NULL), STORE_OK);
	assert_string_equal(what, "removed added flag acknowledgement");
	assert_int_equal(store_flag_acks(f->st, p.id, &a, &n), STORE_OK);
	assert_int_equal(n, 1);
	store_acks_free(a, n);
}

static void test_transaction(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("T1", "Tx", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_INVALID);
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_begin(f->st), STORE_INVALID);
	assert_int_equal(store_bulk_begin(f->st, "x", "y"), STORE_INVALID);
	assert_int_equal(store_flag_summary_set(f->st, p.id, 2, 3), STORE_OK);
	gv_visit v = mkvisit(D(2020, 2, 2), 4.0, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	/* A failing call inside rolls back only itself (savepoint). */
	gv_visit bad = mkvisit(D(2019, 2, 2), 4.0, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &bad, NULL, "nurse"), STORE_INVALID);
	/* Nothing is visible to another connection before the commit. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM measurements"), 0);
	store_rollback(f->st);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM measurements"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT flag_count FROM patients"), 0);
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_flag_summary_set(f->st, p.id, 2, 3), STORE_OK);
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM measurements"), 1);
	/* The insert made the summary stale again (it came after the summary). */
	assert_int_equal(tu_sql_int(f->db, "SELECT flag_count || flag_stale FROM patients"), 31);
}

/* ------------------------------------------------------------------ a failure after a write
 *
 * Every store call that writes more than one row is all or nothing, also inside the caller's
 * transaction (a savepoint): when a later row fails (here the audit row, made to fail by a
 * trigger), the rows it wrote before must go too, or the caller's commit would keep a change
 * without its audit row.  (Without the ROLLBACK TO in tx_end each of these fails.) */

/* Audit rows by `victim`, and rows of an undo, fail; meta's flag_rules 'victim' too. */
static const char inject_sql[] =
	"CREATE TRIGGER inject_audit_failure BEFORE INSERT ON audit WHEN NEW.who = 'victim' OR NEW.undoes IS NOT NULL"
	"  BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END;"
	"CREATE TRIGGER inject_meta_failure BEFORE INSERT ON meta WHEN NEW.key = 'flag_rules' AND NEW.value = 'victim'"
	"  BEGIN SELECT RAISE(ABORT, 'injected meta failure'); END;";

typedef struct pw {
	fx *f;
	char db[600];
	gv_patient p;   /* stored patient with one visit (v) and flag summary 0/0, not stale */
	gv_visit v;
	int64_t summary;
} pw;

/* A fresh database `name` in the fixture's directory, with the failures armed. */
static void pw_setup(fx *f, pw *w, const char *name)
{
	w->f = f;
	snprintf(w->db, sizeof w->db, "%s/%s", f->dir, name);
	store_close(f->st);
	f->st = open_ok(w->db, 0);
	w->p = mkpatient("PW1", "Partial", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &w->p, NULL, NULL, "nurse"), STORE_OK);
	w->v = mkvisit(D(2020, 6, 1), 7.1, 65.0);
	assert_int_equal(store_visit_insert(f->st, w->p.id, &w->v, NULL, "nurse"), STORE_OK);
	assert_int_equal(store_flag_summary_set(f->st, w->p.id, 0, 0), STORE_OK);
	assert_int_equal(store_summary_add(f->st, w->p.id, "command", "m", "p-v1", "text", &w->summary), STORE_OK);
	tu_sql_exec(w->db, inject_sql);
}

/* What must not change when a call fails: every table's rows (a digest). */
static void pw_snapshot(const pw *w, char *out, size_t n)
{
	tu_sql_text(w->db,
		    "SELECT (SELECT count(*) || ':' || ifnull(group_concat(ext_id || name || birth_date || flag_stale), '')"
		    "  FROM patients) || '|' ||"
		    " (SELECT count(*) || ':' || ifnull(group_concat(id || date || ifnull(weight_kg, '') || ifnull(height_cm, '')),"
		    "  '') FROM measurements) || '|' ||"
		    " (SELECT count(*) FROM audit) || '|' || (SELECT count(*) FROM flag_acks) || '|' ||"
		    " (SELECT count(*) FROM ratings_v2) || '|' || (SELECT count(*) FROM imports) || '|' ||"
		    " (SELECT ifnull(group_concat(key || quote(value)), '') FROM meta WHERE key <> 'pseudonym_key')",
		    out, n);
}

/* Call i as the victim. */
static store_rc pw_call(pw *w, int i)
{
	gv_store *st = w->f->st;
	gv_patient p;
	gv_visit v;
	char what[128];
	switch (i) {
	case 0:
		p = mkpatient("PW2", "New", GV_MALE, D(2021, 1, 1));
		return store_patient_insert(st, &p, NULL, NULL, "victim");
	case 1:
		p = w->p;
		snprintf(p.name, sizeof p.name, "Renamed");
		return store_patient_update(st, &p, NULL, "victim");
	case 2:
		v = mkvisit(D(2020, 9, 1), 8.0, 70.0);
		return store_visit_insert(st, w->p.id, &v, NULL, "victim");
	case 3:
		v = w->v;
		v.weight_kg = 7.4;
		return store_visit_update(st, &v, "victim");
	case 4:
		return store_visit_delete(st, w->v.id, "victim");
	case 5:
		return store_undo(st, "nurse", what, sizeof what, NULL); /* undoes the visit insert */
	case 6:
		return store_flag_ack(st, w->p.id, "some_rule", D(2020, 6, 1), "victim", "seen", NULL);
	case 7:
		return store_rating_add(st, w->summary, 0, "victim", "{\"accuracy\": 3}", NULL, NULL);
	case 8:
		return store_flag_rules_set(st, "victim"); /* marks every summary stale, then meta */
	default:
		return STORE_OK;
	}
}

/* Each path alone (its own transaction) and inside a caller's transaction after a successful
 * write (a flag summary): the database must be as before but for that earlier write.  Every path
 * is tried on a database of its own; the failures are listed together. */
static void test_partial_write_rolled_back(void **state)
{
	static const char *const names[] = {"patient insert", "patient update", "visit insert", "visit update",
					    "visit delete", "undo", "flag acknowledgement", "rating", "flag rule set"};
	fx *f = *state;
	char before[4096], after[4096], dbname[32];
	int bad = 0;
	for (int i = 0; i < 9; i++) {
		pw w;
		snprintf(dbname, sizeof dbname, "pw%d.db", i);
		pw_setup(f, &w, dbname);
		pw_snapshot(&w, before, sizeof before);
		store_rc r = pw_call(&w, i);
		if (r != STORE_ERROR || !strstr(store_errmsg(f->st), "injected"))
			fail_msg("%s alone: %d '%s', want the injected failure", names[i], r, store_errmsg(f->st));
		pw_snapshot(&w, after, sizeof after);
		if (strcmp(before, after) != 0) {
			print_error("%s alone left a partial write:\n before %s\n after  %s\n", names[i], before, after);
			bad++;
			continue;
		}
		assert_int_equal(store_begin(f->st), STORE_OK);
		assert_int_equal(store_flag_summary_set(f->st, w.p.id, 2, 5), STORE_OK);
		r = pw_call(&w, i);
		if (r != STORE_ERROR || !strstr(store_errmsg(f->st), "injected"))
			fail_msg("%s in a transaction: %d '%s'", names[i], r, store_errmsg(f->st));
		assert_int_equal(store_commit(f->st), STORE_OK);
		pw_snapshot(&w, after, sizeof after);
		if (strcmp(before, after) != 0) {
			print_error("%s: the caller's commit kept a partial write:\n before %s\n after  %s\n", names[i],
				    before, after);
			bad++;
		}
		assert_int_equal(tu_sql_int(w.db, "SELECT flag_count FROM patients WHERE ext_id = 'PW1'"), 5);
	}
	if (bad)
		fail_msg("%d of 9 write paths committed a partial write", bad);
}

/* A bulk import whose final audit row fails leaves nothing (nor its imports row). */
static void test_partial_bulk_commit(void **state)
{
	fx *f = *state;
	pw w;
	pw_setup(f, &w, "bulk.db");
	char before[4096], after[4096];
	pw_snapshot(&w, before, sizeof before);
	assert_int_equal(store_bulk_begin(f->st, "victim", "csv:x.csv"), STORE_OK);
	gv_patient p = mkpatient("PW3", "Bulk", GV_MALE, D(2021, 1, 1));
	assert_int_equal(store_bulk_patient_add(f->st, &p, NULL), STORE_OK);
	gv_visit v = mkvisit(D(2021, 3, 1), 5.0, 58.0);
	int added;
	assert_int_equal(store_bulk_visit(f->st, p.id, &v, &added), STORE_OK);
	assert_int_equal(store_bulk_commit(f->st, "x.csv: 1 patient"), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->st), "injected audit failure"));
	pw_snapshot(&w, after, sizeof after);
	assert_string_equal(before, after);
	/* The store is usable afterwards: the same import by someone else commits. */
	assert_int_equal(store_bulk_begin(f->st, "nurse", "csv:x.csv"), STORE_OK);
	assert_int_equal(store_bulk_patient_add(f->st, &p, NULL), STORE_OK);
	assert_int_equal(store_bulk_commit(f->st, "x.csv: 1 patient"), STORE_OK);
	assert_int_equal(tu_sql_int(w.db, "SELECT count(*) FROM patients"), 2);
}

static void test_summaries_ratings(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("S1", "Sum", GV_FEMALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	int64_t s1, s2, r1;
	assert_int_equal(store_summary_add(f->st, p.id, "command", "m1", "p-v1", "Growing well.", &s1), STORE_OK);
	assert_int_equal(store_summary_add(f->st, p.id, "http", "m2", "p-v1", "Weight faltering.", &s2), STORE_OK);
	assert_int_equal(store_rating_add(f->st, s1, s2, "rater1", "{\"accuracy\": 4, \"preference\": \"b\"}", "ok", &r1),
			 STORE_OK);
	assert_int_equal(store_rating_add(f->st, s1, 0, "rater1", "not json", NULL, NULL), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->st), "CHECK constraint failed"));
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE tbl = 'ratings' AND action = 'insert'"), 6);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings_v2"), 1);
}

static void test_bulk(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_bulk_visit(f->st, 1, &(gv_visit){0}, NULL), STORE_INVALID); /* no bulk open */
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:a.csv"), STORE_OK);
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:a.csv"), STORE_INVALID);
	gv_patient p = mkpatient("K1", "Bulk", GV_MALE, D(2015, 5, 5));
	assert_int_equal(store_bulk_patient_add(f->st, &p, NULL), STORE_OK);
	gv_patient dup = p;
	assert_int_equal(store_bulk_patient_add(f->st, &dup, NULL), STORE_CONFLICT);
	int added;
	gv_visit v = mkvisit(D(2016, 5, 5), 10.1, 76.0);
	assert_int_equal(store_bulk_visit(f->st, p.id, &v, &added), STORE_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_bulk_visit(f->st, p.id, &v, &added), STORE_OK);
	assert_int_equal(added, 0);
	store_reported rv = {D(2016, 5, 5), 600, "59576-9", 45.5, "%"};
	assert_int_equal(store_bulk_reported(f->st, p.id, &rv, &added), STORE_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_bulk_reported(f->st, p.id, &rv, &added), STORE_OK);
	assert_int_equal(added, 0);
	p.ga_weeks = 35;
	assert_int_equal(store_bulk_patient_set(f->st, &p), STORE_OK);
	store_bulk_rollback(f->st);
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 0);
	assert_int_equal(nv, 0);

	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:a.csv"), STORE_OK);
	p.id = 0;
	assert_int_equal(store_bulk_patient_add(f->st, &p, "imported"), STORE_OK);
	for (int i = 0; i < 5; i++) {
		v = mkvisit(D(2016, 1 + i, 5), 9 + i * 0.25, NAN);
		assert_int_equal(store_bulk_visit(f->st, p.id, &v, &added), STORE_OK);
	}
	assert_int_equal(store_bulk_reported(f->st, p.id, &rv, &added), STORE_OK);
	assert_int_equal(store_bulk_commit(f->st, "a.csv: 1 patient, 5 measurements"), STORE_OK);
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 1);
	assert_int_equal(nv, 5);
	/* One audit row for the whole import. */
	char t[256];
	tu_sql_text(f->db, "SELECT who || '|' || tbl || '|' || action || '|' || field || '|' || new_value FROM audit", t,
		    sizeof t);
	assert_string_equal(t, "importer|imports|import|csv:a.csv|a.csv: 1 patient, 5 measurements");
	store_patient_row r[1];
	int n;
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_NAME, 0, 0, 1, r, &n), STORE_OK);
	assert_int_equal(r[0].last_visit, D(2016, 5, 5));
	store_reported *rl;
	size_t nr;
	assert_int_equal(store_reported_list(f->st, p.id, &rl, &nr), STORE_OK);
	assert_int_equal(nr, 1);
	assert_string_equal(rl[0].code, "59576-9");
	assert_int_equal(rl[0].time_min, 600);
	tu_near(rl[0].value, 45.5, 0, "reported");
	free(rl);
	gv_visit vi;
	record_visit_init(&vi);
	store_visit_info info;
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	assert_int_equal(store_visit_info_get(f->st, c.v[0].id, &info), STORE_OK);
	assert_string_equal(info.source, "csv:a.csv");
	assert_string_equal(info.entered_by, "importer");
	store_child_free(&c);
}

/* store_bulk_child_add: a whole child in one call, its row complete (last visit, flag summary,
 * not stale); a bad visit writes nothing; and the schema's CHECKs, skipped inside a bulk
 * transaction, are enforced again after it. */
static void test_bulk_child(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("C1", "Whole", GV_FEMALE, D(2020, 2, 1));
	gv_visit v[3] = {mkvisit(D(2020, 2, 1), 3.2, 49.5), mkvisit(D(2021, 2, 3), 9.4, 74.0),
			 mkvisit(D(2020, 2, 1), 3.2, 49.5)}; /* v[2] repeats v[0] */
	size_t added = 99;
	assert_int_equal(store_bulk_child_add(f->st, &p, NULL, v, 3, 3, 2, &added), STORE_INVALID); /* no bulk */
	assert_int_equal(store_bulk_begin(f->st, "synth", "synth:seed=1"), STORE_OK);
	assert_int_equal(store_bulk_child_add(f->st, &p, "generated", v, 3, 3, 2, &added), STORE_OK);
	assert_true(p.id > 0);
	assert_int_equal(added, 2);
	gv_patient again = p;
	assert_int_equal(store_bulk_child_add(f->st, &again, NULL, v, 1, 0, 0, &added), STORE_CONFLICT);
	assert_int_equal(added, 0);
	gv_patient bad = mkpatient("C2", "Bad", GV_MALE, D(2020, 2, 1));
	gv_visit bv[2] = {mkvisit(D(2020, 3, 1), 4.0, 52.0), mkvisit(D(2020, 4, 1), -4.5, 55.0)};
	assert_int_equal(store_bulk_child_add(f->st, &bad, NULL, bv, 2, 0, 0, &added), STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "positive"));
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 1);
	assert_int_equal(nv, 2);
	gv_patient none = mkpatient("C3", "No visits", GV_MALE, D(2021, 1, 1));
	assert_int_equal(store_bulk_child_add(f->st, &none, NULL, NULL, 0, 0, 0, &added), STORE_OK);
	assert_int_equal(store_bulk_commit(f->st, "synth: 2 patients"), STORE_OK);

	char t[256];
	tu_sql_text(f->db,
		    "SELECT last_visit || '|' || flag_severity || '|' || flag_count || '|' || flag_stale || '|' || notes"
		    " FROM patients WHERE ext_id = 'C1'",
		    t, sizeof t);
	assert_string_equal(t, "2021-02-03|3|2|0|generated");
	assert_int_equal(tu_sql_int(f->db, "SELECT last_visit IS NULL AND flag_stale = 0 FROM patients WHERE ext_id = 'C3'"),
			 1);
	tu_sql_text(f->db, "PRAGMA integrity_check", t, sizeof t);
	assert_string_equal(t, "ok");
	store_patient_row r[2];
	int n;
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_NAME, 0, 0, 2, r, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[1].name, "Whole");
	assert_int_equal(r[1].last_visit, D(2021, 2, 3));
	assert_int_equal(r[1].flag_severity, 3);
	/* CHECK constraints are back: a rating whose scores are not JSON is refused by the schema. */
	int64_t s1;
	assert_int_equal(store_summary_add(f->st, p.id, "command", "m1", "p-v1", "Growing well.", &s1), STORE_OK);
	assert_int_equal(store_rating_add(f->st, s1, 0, "rater1", "not json", NULL, NULL), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->st), "CHECK constraint failed"));
}

/* store_bulk_flag_summary: the row is written at once and left alone by the commit, unless a
 * measurement is added to the patient afterwards (even right afterwards). */
static void test_bulk_flag_summary(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_bulk_flag_summary(f->st, 1, 3, 1), STORE_INVALID); /* no bulk open */
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:b.csv"), STORE_OK);
	gv_patient p = mkpatient("P", "Pat", GV_MALE, D(2020, 1, 1)), q = mkpatient("Q", "Quin", GV_FEMALE, D(2020, 1, 1));
	gv_visit v = mkvisit(D(2021, 1, 1), 9.0, 74.0);
	assert_int_equal(store_bulk_patient_add(f->st, &p, NULL), STORE_OK);
	assert_int_equal(store_bulk_visit(f->st, p.id, &v, NULL), STORE_OK);
	assert_int_equal(store_bulk_flag_summary(f->st, p.id, 3, 1), STORE_OK);
	assert_int_equal(store_bulk_patient_add(f->st, &q, NULL), STORE_OK);
	assert_int_equal(store_bulk_visit(f->st, q.id, &v, NULL), STORE_OK);
	assert_int_equal(store_bulk_flag_summary(f->st, q.id, 4, 2), STORE_OK);
	v = mkvisit(D(2022, 1, 1), 11.0, 84.0);
	assert_int_equal(store_bulk_visit(f->st, q.id, &v, NULL), STORE_OK);
	assert_int_equal(store_bulk_commit(f->st, "b.csv"), STORE_OK);
	char t[256];
	tu_sql_text(f->db,
		    "SELECT group_concat(ext_id || ':' || last_visit || ':' || flag_severity || ':' || flag_count || ':' ||"
		    " flag_stale, ' ') FROM (SELECT * FROM patients ORDER BY id)",
		    t, sizeof t);
	assert_string_equal(t, "P:2021-01-01:3:1:0 Q:2022-01-01:4:2:1");
}

/* A different visit under the same identity key must not be taken for a duplicate.  A real
 * 64-bit collision cannot be produced on purpose, so one is forged: a stored row's values are
 * changed behind the store's back, keeping its key. */
static void test_visit_key_collision(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("H1", "Hash", GV_MALE, D(2020, 1, 1));
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	gv_visit a = mkvisit(D(2020, 5, 5), 6.5, 62.0);
	assert_int_equal(store_visit_insert(f->st, p.id, &a, NULL, "nurse"), STORE_OK);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE measurements SET weight_kg = 6.6", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	/* The row under a's key now holds 6.6 kg: a is not a duplicate of it. */
	gv_visit a2 = a;
	assert_int_equal(store_visit_insert(f->st, p.id, &a2, NULL, "nurse"), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(DISTINCT vkey) FROM measurements"), 2);
	/* a again: its key (taken by the 6.6 kg row), then the next key, which holds a: duplicate. */
	gv_visit a3 = a;
	assert_int_equal(store_visit_insert(f->st, p.id, &a3, NULL, "nurse"), STORE_DUP);
	/* The bulk path probes the same way. */
	assert_int_equal(store_bulk_begin(f->st, "importer", "t"), STORE_OK);
	int added;
	assert_int_equal(store_bulk_visit(f->st, p.id, &a, &added), STORE_OK);
	assert_int_equal(added, 0);
	gv_visit b = mkvisit(D(2020, 5, 6), 6.6, NAN);
	assert_int_equal(store_bulk_visit(f->st, p.id, &b, &added), STORE_OK);
	assert_int_equal(added, 1);
	assert_int_equal(store_bulk_commit(f->st, "t"), STORE_OK);
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(nv, 3);
	/* Ids are never reused: delete the newest, insert again, get a new id. */
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	int64_t maxid = 0;
	for (size_t i = 0; i < c.nv; i++)
		if (c.v[i].id > maxid)
			maxid = c.v[i].id;
	store_child_free(&c);
	assert_int_equal(store_visit_delete(f->st, maxid, "nurse"), STORE_OK);
	gv_visit d = mkvisit(D(2020, 6, 6), 7.0, NAN);
	assert_int_equal(store_visit_insert(f->st, p.id, &d, NULL, "nurse"), STORE_OK);
	assert_true(d.id > maxid);
}

/* ------------------------------------------------------------------ the patient list */

static int collect(void *ctx, const gv_patient *p, const gv_visit *v)
{
	char *out = ctx;
	char d[16] = "-";
	if (v)
		age_format_date(v->date, d);
	size_t len = strlen(out);
	snprintf(out + len, 4096 - len, "%s:%s ", p->ext_id[0] ? p->ext_id : "(none)", d);
	return 0;
}

static void test_list(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	static const struct {
		const char *ext, *name;
		int y, m, d;
		int lv; /* last visit month in 2023, 0 none */
		int sev, cnt;
	} pp[] = {
		{"M-003", "bravo", 2019, 4, 1, 5, 0, 0},  {"M-001", "Alpha", 2021, 1, 1, 3, 2, 1},
		{"M-002", "charlie", 2018, 2, 2, 0, 1, 1}, {"X_9", "Delta 100%", 2020, 3, 3, 9, 3, 2},
		{"", "echo", 2022, 5, 5, 1, 0, 0},
	};
	int64_t id[5];
	for (int i = 0; i < 5; i++) {
		gv_patient p = mkpatient(pp[i].ext, pp[i].name, i % 2 ? GV_MALE : GV_FEMALE, D(pp[i].y, pp[i].m, pp[i].d));
		assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
		id[i] = p.id;
		if (pp[i].lv) {
			gv_visit v = mkvisit(D(2023, pp[i].lv, 10), 12.0, NAN);
			assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
		}
		assert_int_equal(store_flag_summary_set(f->st, p.id, pp[i].sev, pp[i].cnt), STORE_OK);
	}
	store_patient_row r[8];
	int n;
	char got[256];
#define ORDER(sort, rev, filt)                                                                                   \
	do {                                                                                                     \
		assert_int_equal(store_patient_page(f->st, filt, sort, rev, 0, 8, r, &n), STORE_OK);             \
		got[0] = '\0';                                                                                   \
		for (int i_ = 0; i_ < n; i_++)                                                                   \
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i_ ? "," : "", r[i_].name); \
	} while (0)
	ORDER(STORE_SORT_NAME, 0, NULL);
	assert_string_equal(got, "Alpha,bravo,charlie,Delta 100%,echo");
	ORDER(STORE_SORT_NAME, 1, NULL);
	assert_string_equal(got, "echo,Delta 100%,charlie,bravo,Alpha");
	ORDER(STORE_SORT_AGE, 0, NULL);
	assert_string_equal(got, "echo,Alpha,Delta 100%,bravo,charlie");
	ORDER(STORE_SORT_LAST_VISIT, 0, NULL);
	assert_string_equal(got, "Delta 100%,bravo,Alpha,echo,charlie");
	ORDER(STORE_SORT_SEVERITY, 0, NULL);
	assert_string_equal(got, "Delta 100%,Alpha,charlie,bravo,echo");
	ORDER(STORE_SORT_SEVERITY, 1, NULL);
	assert_string_equal(got, "echo,bravo,charlie,Alpha,Delta 100%");
	store_filter fl = {NULL, 1};
	ORDER(STORE_SORT_NAME, 0, &fl);
	assert_string_equal(got, "Alpha,charlie,Delta 100%");
	store_filter s1 = {"m-00", 0}; /* external ids, case-insensitive */
	ORDER(STORE_SORT_NAME, 0, &s1);
	assert_string_equal(got, "Alpha,bravo,charlie");
	store_filter s2 = {"%", 0}; /* wildcards are literal */
	ORDER(STORE_SORT_NAME, 0, &s2);
	assert_string_equal(got, "Delta 100%");
	store_filter s3 = {"_", 0};
	ORDER(STORE_SORT_NAME, 0, &s3);
	assert_string_equal(got, "Delta 100%");
	store_filter s4 = {"HO", 1};
	ORDER(STORE_SORT_NAME, 0, &s4);
	assert_string_equal(got, "");
	long cnt;
	assert_int_equal(store_patient_count(f->st, NULL, &cnt), STORE_OK);
	assert_int_equal(cnt, 5);
	assert_int_equal(store_patient_count(f->st, &fl, &cnt), STORE_OK);
	assert_int_equal(cnt, 3);
	assert_int_equal(store_patient_count(f->st, &s1, &cnt), STORE_OK);
	assert_int_equal(cnt, 3);
	/* Paging. */
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_NAME, 0, 3, 8, r, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].name, "Delta 100%");
	assert_string_equal(r[0].ext_id, "X_9");
	assert_int_equal(r[0].sex, GV_MALE);
	assert_int_equal(r[0].birth_date, D(2020, 3, 3));
	assert_int_equal(r[0].last_visit, D(2023, 9, 10));
	assert_int_equal(r[0].flag_severity, 3);
	assert_int_equal(r[0].flag_count, 2);
	assert_int_equal(r[0].flag_stale, 0);
	assert_int_equal(r[1].ext_id[0], '\0');
	assert_int_equal(store_patient_page(f->st, NULL, STORE_SORT_NAME, 0, 2, 1, r, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].name, "charlie");
	/* Export order: external id (none first), then visits by date. */
	static char walk[4096];
	walk[0] = '\0';
	assert_int_equal(store_each_visit(f->st, 0, collect, walk, NULL), STORE_OK);
	assert_string_equal(walk, "(none):2023-01-10 M-001:2023-03-10 M-002:- M-003:2023-05-10 X_9:2023-09-10 ");
	walk[0] = '\0';
	assert_int_equal(store_each_visit(f->st, id[3], collect, walk, NULL), STORE_OK);
	assert_string_equal(walk, "X_9:2023-09-10 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_mode_and_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_load_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_opener_before_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file_initialised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_text_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_foreign_sqlite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visit_checks_and_dup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patient_update_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_acks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summaries_ratings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_flag_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visit_key_collision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_write_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_bulk_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interactive_checkpoint, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_store", tests, NULL, NULL);
}
