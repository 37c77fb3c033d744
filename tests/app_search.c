/* app_search.c — the patient list's search index (app/store/search.c): the same patients, counts and
 * orders as the LIKE scan it replaces, for many random searches over a synthetic cohort with
 * quotes, LIKE wildcards, backslashes, mixed case, non-ASCII and malformed UTF-8; the triggers keep
 * it in step on every path that writes patients; a file of the schema before it gets it; without
 * FTS5 (GROWTHVIEW_NO_FTS5) searches scan, with the same results. */
#include "tests/tu_store.h"

#include "app/store.h"
#include "core/age.h"

/* The migration that makes the search index (app/store/schema.c). */
#define SEARCH_MIGRATION 5

typedef struct fx {
	char dir[256];
	char db[512];
	gv_store *st;  /* the index */
	gv_store *ref; /* the same file, searched by LIKE (GROWTHVIEW_NO_FTS5) */
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	unsetenv("GROWTHVIEW_NO_FTS5");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	store_close(f->ref);
	unsetenv("GROWTHVIEW_NO_FTS5");
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

/* A handle on path that searches by scanning (what every search did before the index). */
static gv_store *open_scan(const char *path, unsigned flags)
{
	setenv("GROWTHVIEW_NO_FTS5", "1", 1);
	gv_store *st = open_ok(path, flags);
	unsetenv("GROWTHVIEW_NO_FTS5");
	assert_non_null(store_search_note(st));
	return st;
}

static gv_patient mkpatient(const char *ext, const char *name, gv_sex sex)
{
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "%s", ext);
	snprintf(p.name, sizeof p.name, "%s", name);
	p.sex = sex;
	p.birth_date = age_days_from_civil(2015, 1, 1);
	return p;
}

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Pieces names and ids are made of: ASCII in both cases, LIKE's wildcards and escape, FTS5's
 * quote and operators, letters whose Unicode case folding differs from ASCII's (É/é, the Kelvin
 * sign folds to k, dotted capital I, sharp s), and a 4-byte character. */
static const char *const piece[] = {
	"a",  "A",  "b",  "B",  "n",   "N",   "k",  "K",  "i",  "I",  "s",  "S",  "an", "AN", "Ana", "ann",
	"o",  "e",  "ab", "Ab", "%",   "_",   "\\", "\"", "'",  "*",  "^",  "-",  " ",  ":",  "(",   ")",
	"é",  "É",  "İ",  "ı",  "\xe2\x84\xaa" /* KELVIN SIGN */, "ß", "ẞ", "ø", "Ø", "日", "\xf0\x9f\x98\x80", "0", "1", "9",
	"NEAR", "AND", "OR", "NOT",
};
#define NPIECE (sizeof piece / sizeof piece[0])

static void random_text(char *out, size_t n, int maxpieces)
{
	out[0] = '\0';
	int k = 1 + (int)rnd((unsigned)maxpieces);
	for (int i = 0; i < k; i++) {
		const char *pc = piece[rnd(NPIECE)];
		if (strlen(out) + strlen(pc) + 1 < n)
			strcat(out, pc);
	}
}

/* Every row of the list for filter fl in order sort/rev, in pages of 50, into ids (max n); count. */
static int list_all(gv_store *st, const store_filter *fl, store_sort sort, int rev, int64_t *ids, int n)
{
	store_patient_row page[50];
	int got = 0, k;
	for (long off = 0;; off += k) {
		store_rc r = store_patient_page(st, fl, sort, rev, off, 50, page, &k);
		if (r != STORE_OK)
			fail_msg("page '%s': %s", fl->search ? fl->search : "", store_errmsg(st));
		for (int i = 0; i < k && got < n; i++)
			ids[got++] = page[i].id;
		if (k < 50)
			return got;
	}
}

/* The index and the scan agree on filter fl: count, and every row in each order. */
static void same(fx *f, const store_filter *fl)
{
	long a = -1, b = -2;
	if (store_patient_count(f->st, fl, &a) != STORE_OK)
		fail_msg("count '%s': %s", fl->search, store_errmsg(f->st));
	assert_int_equal(store_patient_count(f->ref, fl, &b), STORE_OK);
	if (a != b)
		fail_msg("search '%s'%s: index counts %ld, scan %ld", fl->search, fl->flagged_only ? " (flagged)" : "", a,
			 b);
	static int64_t x[4096], y[4096];
	for (int s = 0; s <= STORE_SORT_SEVERITY; s++)
		for (int rev = 0; rev < 2; rev++) {
			int na = list_all(f->st, fl, (store_sort)s, rev, x, 4096);
			int nb = list_all(f->ref, fl, (store_sort)s, rev, y, 4096);
			assert_int_equal(na, b);
			assert_int_equal(nb, b);
			if (memcmp(x, y, (size_t)na * sizeof *x) != 0)
				fail_msg("search '%s': rows differ in order %d%s", fl->search, s, rev ? " reversed" : "");
		}
}

static long count(gv_store *st, const char *search)
{
	store_filter fl = {search, 0};
	long n = -1;
	if (store_patient_count(st, &fl, &n) != STORE_OK)
		fail_msg("count '%s': %s", search, store_errmsg(st));
	return n;
}

/* ------------------------------------------------------------------ equivalence */

/* 1,200 patients (API inserts, a bulk import, raw rows with malformed UTF-8 as an older tool may
 * have written them), some flagged; 250 random searches and 200 substrings of stored names
 * (random case), flagged or not: the index gives what the scan gives. */
static void test_same_as_scan(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	assert_null(store_search_note(f->st));
	char name[GV_NAME_MAX], ext[GV_ID_MAX];
	static char names[1600][GV_NAME_MAX];
	int nn = 0;
	for (int i = 0; i < 500; i++) {
		random_text(name, 40, 8);
		snprintf(ext, sizeof ext, "%c%05d", "ABCXYZ"[rnd(6)], i);
		if (rnd(4) == 0)
			random_text(ext, 24, 4); /* an id of odd characters (or a clash: skipped) */
		gv_patient p = mkpatient(ext, name, rnd(2) ? GV_MALE : GV_FEMALE);
		if (store_patient_insert(f->st, &p, NULL, NULL, "nurse") == STORE_OK)
			snprintf(names[nn++], GV_NAME_MAX, "%s", name);
	}
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:t.csv"), STORE_OK);
	for (int i = 0; i < 700; i++) {
		/* half of them "... Lee", ids "BLK-i": searches matching hundreds (more than the
		 * index's probe takes: the other plan, app/store/patients.c search_probe) */
		random_text(name, 40, 8);
		if (rnd(2))
			strcat(name, " Lee");
		snprintf(ext, sizeof ext, "BLK-%d", i);
		gv_patient p = mkpatient(rnd(8) ? ext : "", name, GV_FEMALE);
		assert_int_equal(store_bulk_patient_add(f->st, &p, NULL), STORE_OK);
		snprintf(names[nn++], GV_NAME_MAX, "%s", name);
		if (rnd(3) == 0)
			assert_int_equal(store_bulk_flag_summary(f->st, p.id, 1 + (int)rnd(3), 1 + (int)rnd(4)), STORE_OK);
	}
	assert_int_equal(store_bulk_commit(f->st, "t.csv: 700 patients"), STORE_OK);
	tu_sql_exec(f->db, "INSERT INTO patients(ext_id, name, sex, birth_date, created, updated) VALUES"
			   " ('R1', CAST(X'41C3' AS TEXT), 1, '2015-01-01', 't', 't'),"          /* truncated é */
			   " ('R2', CAST(X'8061626364' AS TEXT), 1, '2015-01-01', 't', 't'),"    /* stray continuation */
			   " ('R3', CAST(X'C0806162EFBFBD' AS TEXT), 2, '2015-01-01', 't', 't')," /* overlong NUL, U+FFFD */
			   " (CAST(X'FF616263' AS TEXT), 'Raw', 2, '2015-01-01', 't', 't');");
	f->ref = open_scan(f->db, STORE_OPEN_READONLY);

	const char *fixed[] = {"ana", "ANA", "an\"", "\"", "\"\"\"", "%", "%%%", "_a_", "a\\b", "\\\\\\", "'a'", "NEAR",
			       "a AND b", "é", "Éa", "éab", "kel", "\xe2\x84\xaa" "ab", "ıan", "ßs", "日日日", "k-1", "BLK-10", "blk", "BLK-", "lee", " le", "ee",
			       "\x80" "ab", "\xc3" "ab", "A\xc3", "\xef\xbf\xbd" "ab", "ab\xef\xbf\xbd", "\xc0\x80" "a",
			       "\xff" "ab", "abc", "*", "a*", "^ab", "(a", "a:b", "zzzzzz"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		for (int fl = 0; fl < 2; fl++)
			same(f, &(store_filter){fixed[i], fl});
	char q[64];
	for (int i = 0; i < 250; i++) {
		random_text(q, sizeof q, 4);
		same(f, &(store_filter){q, (int)rnd(2)});
	}
	int hits = 0;
	for (int i = 0; i < 200; i++) {
		const char *src = names[rnd((unsigned)nn)];
		size_t len = strlen(src);
		if (len < 2)
			continue;
		size_t a = rnd((unsigned)len), n = 1 + rnd((unsigned)(len - a));
		snprintf(q, sizeof q, "%.*s", (int)n, src + a);
		for (char *c = q; *c; c++)
			if (rnd(2) && *c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		store_filter fl = {q, (int)rnd(2)};
		same(f, &fl);
		hits += count(f->st, q) > 0;
	}
	/* Most match; a cut inside a character matches nothing (the piece left is malformed UTF-8,
	 * read as U+FFFD by LIKE and FTS5 alike). */
	assert_true(hits > 100);
}

/* ------------------------------------------------------------------ triggers */

/* Each path that writes a patient moves the index with it: a search for the old text no longer
 * finds the patient (count from the index alone), one for the new text does. */
static void test_triggers(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	gv_patient p = mkpatient("MRN-4711", "Wilhelmina Quartz", GV_FEMALE);
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	gv_patient other = mkpatient("MRN-0001", "Bob", GV_MALE);
	assert_int_equal(store_patient_insert(f->st, &other, NULL, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "helmin"), 1);
	assert_int_equal(count(f->st, "quartz"), 1);
	assert_int_equal(count(f->st, "mrn-47"), 1);
	assert_int_equal(count(f->st, "mrn-"), 2);

	/* Update (the TUI's edit), then undo it. */
	gv_patient p2 = p;
	snprintf(p2.name, sizeof p2.name, "Mina Feldspar");
	snprintf(p2.ext_id, sizeof p2.ext_id, "MRN-9999");
	assert_int_equal(store_patient_update(f->st, &p2, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "quartz"), 0);
	assert_int_equal(count(f->st, "mrn-47"), 0);
	assert_int_equal(count(f->st, "feldspar"), 1);
	assert_int_equal(count(f->st, "n-999"), 1);
	assert_int_equal(store_undo(f->st, "nurse", NULL, 0, NULL), STORE_OK);
	assert_int_equal(count(f->st, "feldspar"), 0);
	assert_int_equal(count(f->st, "n-999"), 0);
	assert_int_equal(count(f->st, "quartz"), 1);
	assert_int_equal(count(f->st, "mrn-47"), 1);

	/* The external id alone, then the name alone. */
	gv_patient p3 = p;
	snprintf(p3.ext_id, sizeof p3.ext_id, "MRN-5150");
	assert_int_equal(store_patient_update(f->st, &p3, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "mrn-47"), 0);
	assert_int_equal(count(f->st, "n-515"), 1);
	snprintf(p3.name, sizeof p3.name, "Wilhelmina Agate");
	assert_int_equal(store_patient_update(f->st, &p3, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "quartz"), 0);
	assert_int_equal(count(f->st, "agate"), 1);
	assert_int_equal(count(f->st, "n-515"), 1);
	p3 = p;
	assert_int_equal(store_patient_update(f->st, &p3, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "quartz"), 1);
	assert_int_equal(count(f->st, "mrn-47"), 1);

	/* A write that leaves name and id alone (the flag summary) keeps the row findable. */
	assert_int_equal(store_flag_summary_set(f->st, p.id, 2, 1), STORE_OK);
	assert_int_equal(count(f->st, "quartz"), 1);

	/* Bulk import: a new patient, a new child with visits, and a merged patient (renamed). */
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:b.csv"), STORE_OK);
	gv_patient b = mkpatient("IMP-1", "Ottilie Basalt", GV_FEMALE);
	assert_int_equal(store_bulk_patient_add(f->st, &b, NULL), STORE_OK);
	gv_patient c = mkpatient("IMP-2", "Konrad Gneiss", GV_MALE);
	gv_visit v;
	record_visit_init(&v);
	v.date = age_days_from_civil(2016, 1, 1);
	v.weight_kg = 10;
	size_t added;
	assert_int_equal(store_bulk_child_add(f->st, &c, NULL, &v, 1, 0, 0, &added), STORE_OK);
	gv_patient o2 = other;
	snprintf(o2.name, sizeof o2.name, "Roberta Slate");
	assert_int_equal(store_bulk_patient_set(f->st, &o2), STORE_OK);
	assert_int_equal(count(f->st, "basalt"), 1); /* inside the transaction too */
	assert_int_equal(store_bulk_commit(f->st, "b.csv: 3 patients"), STORE_OK);
	assert_int_equal(count(f->st, "basalt"), 1);
	assert_int_equal(count(f->st, "gneiss"), 1);
	assert_int_equal(count(f->st, "slate"), 1);
	assert_int_equal(count(f->st, "Bob"), 0);
	assert_int_equal(count(f->st, "imp-"), 2);

	/* A rolled-back import leaves nothing in the index. */
	assert_int_equal(store_bulk_begin(f->st, "importer", "csv:c.csv"), STORE_OK);
	gv_patient d = mkpatient("IMP-3", "Ghost Pumice", GV_MALE);
	assert_int_equal(store_bulk_patient_add(f->st, &d, NULL), STORE_OK);
	store_bulk_rollback(f->st);
	assert_int_equal(count(f->st, "pumice"), 0);

	/* A delete (the store has none: the sqlite3 shell, a script). */
	tu_sql_exec(f->db, "DELETE FROM measurements WHERE patient_id IN (SELECT id FROM patients WHERE ext_id = 'IMP-2');"
			   "DELETE FROM patients WHERE ext_id = 'IMP-2';");
	assert_int_equal(count(f->st, "gneiss"), 0);
	assert_int_equal(count(f->st, "imp-"), 1);
	/* An id changed outside the store: found under its new row. */
	tu_sql_exec(f->db, "UPDATE patients SET id = 1000 WHERE ext_id = 'IMP-1'");
	store_patient_row row;
	int n;
	assert_int_equal(store_patient_page(f->st, &(store_filter){"basalt", 0}, STORE_SORT_NAME, 0, 0, 1, &row, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(row.id, 1000);
	assert_int_equal(count(f->st, "basalt"), 1);

	/* Whatever the paths above did, the index and the scan agree on every name's pieces. */
	f->ref = open_scan(f->db, STORE_OPEN_READONLY);
	const char *qs[] = {"wil", "helmina", "mrn", "mrn-4711", "ott", "imp", "rob", "slate", "ghost", "bob", "konrad"};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
		same(f, &(store_filter){qs[i], 0});
}

/* ------------------------------------------------------------------ migration, fallback */

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

static void add_some(gv_store *st)
{
	const char *names[][2] = {{"P1", "Anna Lindqvist"}, {"P2", "Johann Anders"}, {"P3", "Zoë Annan"},
				  {"P4", "Björn Ek"},       {"X-55", "ANNabel Lee"},  {"", "Hannah"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		gv_patient p = mkpatient(names[i][0], names[i][1], GV_FEMALE);
		assert_int_equal(store_patient_insert(st, &p, NULL, NULL, "nurse"), STORE_OK);
	}
}

/* A file of the schema before the index (what every earlier growthview made: the index and its
 * triggers are all the migration adds), with patients: opening it makes the index from them. */
static void test_upgrade(void **state)
{
	fx *f = *state;
	f->st = open_ok(f->db, 0);
	add_some(f->st);
	store_close(f->st);
	f->st = NULL;
	char sql[256];
	/* Back to before the search migration (5): it runs again, and every later migration after it
	 * (each of them must run over what a file it already upgraded has). */
	snprintf(sql, sizeof sql,
		 "DROP TRIGGER patients_search_insert; DROP TRIGGER patients_search_delete;"
		 " DROP TRIGGER patients_search_update; DROP TABLE patients_search; PRAGMA user_version = %d;",
		 SEARCH_MIGRATION - 1);
	tu_sql_exec(f->db, sql);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'patients_search%'"), 0);
	f->st = open_ok(f->db, 0);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	assert_null(store_search_note(f->st));
	assert_int_equal(count(f->st, "ann"), 5);
	assert_int_equal(count(f->st, "ANNA"), 4);
	assert_int_equal(count(f->st, "x-5"), 1);
	assert_int_equal(count(f->st, "björn"), 1);
	assert_int_equal(count(f->st, "zoë"), 1);
	assert_int_equal(count(f->st, "ZOË"), 0); /* ASCII case-insensitive only, as LIKE */
	f->ref = open_scan(f->db, STORE_OPEN_READONLY);
	same(f, &(store_filter){"ann", 0});
	same(f, &(store_filter){"nna", 1});
	/* And the new patients after it. */
	gv_patient p = mkpatient("P9", "Annika", GV_FEMALE);
	assert_int_equal(store_patient_insert(f->st, &p, NULL, NULL, "nurse"), STORE_OK);
	assert_int_equal(count(f->st, "ann"), 6);
	store_close(f->st);
	f->st = NULL;
	/* Same schema as a new file. */
	char fresh[600];
	snprintf(fresh, sizeof fresh, "%s/fresh.db", f->dir);
	gv_store *st2 = open_ok(fresh, 0);
	store_close(st2);
	static char a[32768], b[32768];
	schema_text(f->db, a, sizeof a);
	schema_text(fresh, b, sizeof b);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "table patients_search: CREATE VIRTUAL TABLE patients_search USING fts5("));
	assert_non_null(strstr(a, "trigger patients_search_update"));
	char ic[16];
	tu_sql_text(f->db, "PRAGMA integrity_check", ic, sizeof ic);
	assert_string_equal(ic, "ok");
}

/* Without FTS5 (GROWTHVIEW_NO_FTS5 stands for a SQLite built without it): a new file gets no
 * index, searches scan and say so, with the same results; the first writable open with FTS5
 * makes the index. */
static void test_without_fts5(void **state)
{
	fx *f = *state;
	setenv("GROWTHVIEW_NO_FTS5", "1", 1);
	f->st = open_ok(f->db, 0);
	assert_non_null(store_search_note(f->st));
	assert_non_null(strstr(store_search_note(f->st), "scans every patient"));
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'patients_search%'"), 0);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	add_some(f->st);
	assert_int_equal(count(f->st, "ann"), 5);
	assert_int_equal(count(f->st, "an"), 5);
	assert_int_equal(count(f->st, "b"), 2);
	store_close(f->st);
	f->st = NULL;
	/* Read-only with FTS5: no index to read, so it scans (and cannot make one). */
	unsetenv("GROWTHVIEW_NO_FTS5");
	f->st = open_ok(f->db, STORE_OPEN_READONLY);
	assert_non_null(store_search_note(f->st));
	assert_int_equal(count(f->st, "ann"), 5);
	store_close(f->st);
	f->st = open_ok(f->db, 0);
	assert_null(store_search_note(f->st));
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'patients_search%'"), 7);
	assert_int_equal(count(f->st, "ann"), 5);
	assert_int_equal(count(f->st, "hannah"), 1);
	f->ref = open_scan(f->db, 0);
	same(f, &(store_filter){"ann", 0});
	/* A read-only handle uses the index the file has. */
	gv_store *ro = open_ok(f->db, STORE_OPEN_READONLY);
	assert_null(store_search_note(ro));
	assert_int_equal(count(ro, "nna"), 4);
	store_close(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_as_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_fts5, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
