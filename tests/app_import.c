/* app_import.c — CSV import: columns in any order, units, every kind of bad row, duplicates,
 * --strict, patient conflicts, refused files, quoted fields across read chunks. */
#include "tests/tu_ingest.h"

#include "app/flagcache.h"
#include "app/import_csv.h"
#include "app/store.h"
#include "core/age.h"

typedef tu_ifx fx;
#define setup tu_ifx_setup
#define teardown tu_ifx_teardown

static int run(fx *f, const char *path, int strict)
{
	return tu_ifx_run(f, import_csv, path, strict);
}

static gv_child load(fx *f, const char *ext)
{
	gv_patient p;
	if (store_patient_find(f->st, ext, &p) != STORE_OK)
		fail_msg("patient %s not stored", ext);
	gv_child c;
	assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
	return c;
}

static int32_t D(int y, int m, int d)
{
	return age_days_from_civil(y, m, d);
}

static void test_metric_and_units(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "tests/data/visits_metric.csv", 0), 0);
	assert_string_equal(f->msg, "tests/data/visits_metric.csv:1: note: ignoring column(s) clinic_note\n");
	assert_string_equal(f->out, "tests/data/visits_metric.csv: 3 patients (3 new, 0 existing), 5 measurements added,"
				    " 1 duplicate, 0 skipped, 0 errors\n");
	gv_child c = load(f, "M001");
	assert_string_equal(c.p.name, "Lopez, Ana");
	assert_int_equal(c.p.sex, GV_FEMALE);
	assert_int_equal(c.p.birth_date, D(2021, 3, 1));
	assert_int_equal(c.p.ga_weeks, 39);
	assert_int_equal(c.p.ga_days, 3);
	tu_near(c.p.mother_height_cm, 162.5, 0, "mother");
	tu_near(c.p.father_height_cm, 178, 0, "father");
	/* Row 5 repeats row 4 (position "recumbent" = L, oedema empty = n): a duplicate. */
	assert_int_equal(c.nv, 3);
	tu_near(c.v[2].weight_kg, 6.1, 0, "weight");
	tu_near(c.v[2].muac_cm, 13.1, 0, "muac");
	tu_near(c.v[2].triceps_mm, 9.5, 0, "triceps");
	tu_near(c.v[2].subscap_mm, 7.25, 0, "subscap");
	assert_int_equal(c.v[2].position, 'L');
	assert_int_equal(c.v[2].oedema, 0);
	store_child_free(&c);
	c = load(f, "M002");
	assert_int_equal(c.nv, 2);
	assert_int_equal(c.v[0].oedema, 1);
	assert_int_equal(c.v[0].position, 'H');
	assert_int_equal(c.v[1].date, D(2020, 11, 18)); /* the local date as written, time kept */
	assert_int_equal(c.v[1].time_min, 9 * 60 + 45);
	store_child_free(&c);
	/* A row without date and measurements registers the patient; 33.5 weeks = 33+4 (3.5 days
	 * rounded half away from zero). */
	c = load(f, "M003");
	assert_int_equal(c.nv, 0);
	assert_int_equal(c.p.ga_weeks, 33);
	assert_int_equal(c.p.ga_days, 4);
	assert_int_equal(c.p.sex, GV_FEMALE);
	store_child_free(&c);

	assert_int_equal(run(f, "tests/data/visits_imperial.csv", 0), 0);
	c = load(f, "I001");
	assert_int_equal(c.nv, 3);
	/* weight_g 3450 -> 3.45 kg; 19.5 in x 2.54 = 49.53 cm; 13.5 in = 34.29 cm. */
	tu_near(c.v[0].weight_kg, 3.45, 0, "g");
	tu_near(c.v[0].height_cm, 49.53, 1e-12, "in");
	tu_near(c.v[0].head_cm, 34.29, 1e-12, "head in");
	assert_int_equal(c.v[0].time_min, 14 * 60 + 10);
	/* 13.25 lb x 0.45359237 = 6.0100989025 kg; 24 in = 60.96 cm; seconds dropped. */
	tu_near(c.v[1].weight_kg, 6.0100989025, 1e-12, "lb");
	tu_near(c.v[1].height_cm, 60.96, 1e-12, "in");
	assert_int_equal(c.v[1].time_min, 9 * 60);
	/* 22 lb = 9.97903214 kg; 29.75 in = 75.565 cm; 18 in = 45.72 cm. */
	tu_near(c.v[2].weight_kg, 9.97903214, 1e-12, "lb");
	tu_near(c.v[2].height_cm, 75.565, 1e-12, "in");
	tu_near(c.v[2].head_cm, 45.72, 1e-12, "head in");
	assert_int_equal(c.v[2].time_min, -1);
	store_child_free(&c);
}

static const char bad_expected[] =
	"3: weight_kg 'abc' is not a number\n"
	"4: sex 'X' is not 1/2, M/F or male/female\n"
	"5: date 2019-12-01 is before the birth date 2020-01-01\n"
	"6: weight 0 kg is impossible (accepted: 0.2 to 250 kg)\n"
	"7: weight 500 kg is impossible (accepted: 0.2 to 250 kg)\n"
	"8: patient B1: sex M differs from the stored F (wrong patient id?)\n"
	"9: patient B1: birth date 2020-01-02 differs from the stored 2020-01-01 (wrong patient id?)\n"
	"10: patient B1: name 'Anna' differs from the stored 'Ann' (wrong patient id?)\n"
	"11: birth_date '2020-13-01' is not an ISO 8601 date (YYYY-MM-DD)\n"
	"12: date '04/01/2020' is not an ISO 8601 date (YYYY-MM-DD)\n"
	"13: patient_id missing\n"
	"14: both weight_kg and weight_g are given\n"
	"15: position 'X' is not L (recumbent) or H (standing)\n"
	"16: oedema 'maybe' is not y/n\n"
	"17: date 2099-04-01 is in the future\n"
	"18: no measurement on this row\n"
	"19: date missing\n"
	"20: time '25:00' is not HH:MM or HH:MM:SS\n"
	"21: ga_weeks 19 is impossible (accepted: 20 to 44 weeks)\n"
	"22: 6 fields, the header has 13\n"
	"23: weight_kg 'nan' is not a number\n"
	"24: weight_kg '1,5' is not a number\n"
	"25: new patient B5: birth date missing\n"
	"26: new patient B6: sex missing\n"
	"27: length/height 300 cm is impossible (accepted: 20 to 250 cm)\n"
	"28: head circumference 90 cm is impossible (accepted: 15 to 70 cm)\n"
	"32: a quote opens a field and does not close on this line (a stray quote?): the row is refused and reading"
	" goes on at the next line: 'B8,\\\"Unclosed,M,2020-01-01,2020-04-01,5,,,,,,,'\n";

static void expect_bad_messages(const fx *f)
{
	/* Every message is "FILE:LINE: reason", in file order. */
	static char want[8192];
	size_t len = 0;
	const char *p = bad_expected;
	while (*p) {
		const char *nl = strchr(p, '\n');
		len += (size_t)snprintf(want + len, sizeof want - len, "tests/data/visits_bad.csv:%.*s", (int)(nl - p + 1), p);
		p = nl + 1;
	}
	assert_string_equal(f->msg, want);
}

static void test_bad_rows(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "tests/data/visits_bad.csv", 0), 1);
	expect_bad_messages(f);
	/* Good rows committed: line 2 (B1), line 29 (B3) and line 33 (B8, after the stray quote of
	 * line 32, which used to swallow it); line 31 repeats line 2; line 30 is blank. */
	assert_string_equal(f->out, "tests/data/visits_bad.csv: 3 patients (3 new, 0 existing), 3 measurements added,"
				    " 1 duplicate, 1 skipped, 27 errors\n");
	assert_int_equal(f->n.errors, 27);
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 3);
	assert_int_equal(nv, 3);
	gv_child c = load(f, "B3");
	assert_int_equal(c.nv, 1);
	tu_near(c.v[0].weight_kg, 5.5, 0, "B3's good row");
	store_child_free(&c);
	gv_patient p;
	assert_int_equal(store_patient_find(f->st, "B2", &p), STORE_NOTFOUND);
	assert_int_equal(store_patient_find(f->st, "B8", &p), STORE_OK);
	assert_string_equal(p.name, "Eve");
}

static void test_strict(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "tests/data/visits_bad.csv", 1), 1);
	expect_bad_messages(f);
	assert_string_equal(f->out, "tests/data/visits_bad.csv: 0 patients (0 new, 0 existing), 0 measurements added,"
				    " 0 duplicates, 1 skipped, 27 errors; nothing imported (--strict)\n");
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 0);
	assert_int_equal(nv, 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit"), 0);
	/* A good file under --strict is committed. */
	assert_int_equal(run(f, "tests/data/visits_imperial.csv", 1), 0);
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(nv, 3);
}

static void test_reimport_adds_nothing(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "tests/data/visits_metric.csv", 0), 0);
	assert_int_equal(run(f, "tests/data/visits_metric.csv", 0), 0);
	assert_int_equal(f->n.visits_added, 0);
	assert_int_equal(f->n.visits_dup, 6);
	assert_int_equal(f->n.patients_existing, 3);
	assert_int_equal(f->n.patients_new, 0);
	long np, nv;
	assert_int_equal(store_counts(f->st, &np, &nv), STORE_OK);
	assert_int_equal(np, 3);
	assert_int_equal(nv, 5);
	/* One audit row per imported file. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE action = 'import'"), 2);
	char s[256];
	tu_sql_text(f->db, "SELECT field || ' ' || who FROM audit LIMIT 1", s, sizeof s);
	assert_string_equal(s, "csv:visits_metric.csv tester");
}

static void test_patient_fill_and_conflict(void **state)
{
	fx *f = *state;
	char p1[600], p2[600], p3[600];
	snprintf(p1, sizeof p1, "%s/a.csv", f->dir);
	snprintf(p2, sizeof p2, "%s/b.csv", f->dir);
	snprintf(p3, sizeof p3, "%s/c.csv", f->dir);
	tu_write(p1, "id,sex,birth_date,date,weight_kg\nK1,1,2022-02-02,2022-03-03,4.9\n");
	tu_write(p2, "patient_id,name,ga_weeks,ga_days,father_height_cm,date,height_cm\n"
		     "K1,Kim,36,1,181.5,2022-04-04,57.5\n");
	tu_write(p3, "patient_id,sex,date,weight_kg\nK1,F,2022-05-05,6\nK1,M,2022-05-05,6\n");
	assert_int_equal(run(f, p1, 0), 0);
	assert_int_equal(run(f, p2, 0), 0);
	assert_int_equal(f->n.patients_existing, 1);
	gv_child c = load(f, "K1");
	assert_string_equal(c.p.name, "Kim");
	assert_int_equal(c.p.ga_weeks, 36);
	assert_int_equal(c.p.ga_days, 1);
	tu_near(c.p.father_height_cm, 181.5, 0, "father");
	assert_int_equal(c.nv, 2);
	store_child_free(&c);
	assert_int_equal(run(f, p3, 0), 1);
	char want[1024];
	snprintf(want, sizeof want, "%s:2: patient K1: sex F differs from the stored M (wrong patient id?)\n", p3);
	assert_string_equal(f->msg, want);
	assert_int_equal(f->n.visits_added, 1);
}

static void test_refused_files(void **state)
{
	fx *f = *state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"name,sex\nAnn,F\n", "1: no patient_id column"},
		{"", "empty file (no header)"},
		{"patient_id,date,Date\n", "1: column date appears twice"},
		/* Old Mac line ends: the whole file is one record; it used to import nothing, exit 0. */
		{"patient_id,sex,birth_date,date,weight_kg\rP1,M,2020-01-01,2021-01-01,9\r",
		 "1: the header line holds a carriage return: the file has CR-only (old Mac) line ends; convert them to LF"},
		{"patient_id,\"sex,birth_date\nP1,M,2020-01-01\n",
		 "1: the header has an unclosed quote"},
	};
	char p[600], want[1024];
	snprintf(p, sizeof p, "%s/r.csv", f->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tu_write(p, cases[i].text);
		assert_int_equal(run(f, p, 0), 1);
		snprintf(want, sizeof want, "%s:%s%s\n", p, cases[i].msg[0] == '1' ? "" : " ", cases[i].msg);
		assert_string_equal(f->msg, want);
		assert_int_equal(f->n.files_failed, 1);
	}
	snprintf(p, sizeof p, "%s/missing.csv", f->dir);
	assert_int_equal(run(f, p, 0), 1);
	snprintf(want, sizeof want, "%s: No such file or directory\n", p);
	assert_string_equal(f->msg, want);
}

/* Quoted fields (with commas and doubled quotes) across the reader's 256 KiB chunks, and a last
 * line without newline: regression test for app/csv.c unquoting in place too early. */
static void test_quotes_across_chunks(void **state)
{
	fx *f = *state;
	char p[600];
	snprintf(p, sizeof p, "%s/q.csv", f->dir);
	FILE *w = fopen(p, "w");
	assert_non_null(w);
	fprintf(w, "patient_id,name,sex,birth_date,date,weight_kg\n");
	int n = 6000;
	for (int i = 0; i < n; i++)
		fprintf(w, "Q%05d,\"Name %d, \"\"nick\"\" %020d\",%s,2020-01-01,2020-06-01,%d.5%s", i, i, i, i % 2 ? "M" : "F",
			5 + i % 5, i + 1 < n ? "\n" : "");
	fclose(w);
	assert_int_equal(run(f, p, 0), 0);
	assert_int_equal(f->n.patients_new, n);
	for (int i = 0; i < n; i++) {
		char id[16], name[128];
		snprintf(id, sizeof id, "Q%05d", i);
		snprintf(name, sizeof name, "Name %d, \"nick\" %020d", i, i);
		gv_patient g;
		assert_int_equal(store_patient_find(f->st, id, &g), STORE_OK);
		if (strcmp(g.name, name) != 0)
			fail_msg("%s: name '%s', want '%s'", id, g.name, name);
	}
}

/* Flag summaries computed during the import (ingest_opts.flags) are the ones flagcache_refresh
 * computes from the stored records: rows out of date order, a field filled in by a later row,
 * a duplicate row.  A patient whose rows are scattered, or who existed before the file, is left
 * stale for the refresh. */
static const char *const summaries_sql =
	"SELECT group_concat(s, ' ') FROM (SELECT ext_id || ':' || ifnull(last_visit, '-') || ':' || flag_severity ||"
	" ':' || flag_count AS s FROM patients ORDER BY id)";

static void test_flag_summaries_during_import(void **state)
{
	fx *f = *state;
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	f->flags = &fo;
	char path[600], path2[600];
	snprintf(path, sizeof path, "%s/visits.csv", f->dir);
	tu_write(path, "patient_id,sex,birth_date,date,weight_kg,height_cm,mother_height_cm,father_height_cm\n"
		       "A,F,2022-01-01,2024-12-01,12.0,88.0,,\n"
		       "A,F,2022-01-01,2022-07-01,5.4,62.0,,\n"
		       "A,F,2022-01-01,2023-01-01,6.0,68.0,,\n"
		       "B,M,2023-03-01,2023-04-01,4.5,55.0,,\n"
		       "B,M,2023-03-01,2023-09-01,8.0,68.0,,\n"
		       "B,M,2023-03-01,2023-09-01,8.0,68.0,,\n"
		       "C,M,2020-05-05,2024-05-05,12.0,95.0,,\n"
		       "D,F,2021-08-08,2024-08-08,20.0,95.0,,\n"
		       "D,F,2021-08-08,2024-12-01,21.0,96.0,,\n"
		       "C,M,2020-05-05,2024-11-05,12.1,96.0,,\n"
		       "F,F,2020-01-01,2024-06-01,15.0,100.0,,\n"
		       "F,F,2020-01-01,2024-09-01,15.5,101.5,180,195\n");
	assert_int_equal(run(f, path, 0), 0);
	assert_int_equal(f->n.visits_added, 11);
	/* Only C (scattered) is stale; the others carry their summaries and last visits. */
	char stale[64];
	tu_sql_text(f->db, "SELECT group_concat(ext_id) FROM patients WHERE flag_stale = 1", stale, sizeof stale);
	assert_string_equal(stale, "C");
	tu_sql_exec(f->db, "UPDATE patients SET flag_stale = 1 WHERE ext_id = 'C'");
	long n = 0;
	assert_int_equal(flagcache_refresh(f->st, &fo, &n), STORE_OK);
	assert_int_equal(n, 1);
	char during[512], after[512];
	tu_sql_text(f->db, summaries_sql, during, sizeof during);
	/* Recompute everything from the stored records and compare. */
	tu_sql_exec(f->db, "UPDATE patients SET flag_stale = 1, flag_severity = 0, flag_count = 0, last_visit = NULL");
	assert_int_equal(flagcache_refresh(f->st, &fo, &n), STORE_OK);
	assert_int_equal(n, 5);
	tu_sql_exec(f->db, "UPDATE patients SET last_visit = (SELECT max(date) FROM measurements m"
			   " WHERE m.patient_id = patients.id)");
	tu_sql_text(f->db, summaries_sql, after, sizeof after);
	assert_string_equal(during, after);
	/* What the comparison covers: A's low weights of 2022-2023 are history by its last visit
	 * (2024-12-01, not the file's last row), F's parents' heights (given on its second row) put
	 * it far below its mid-parental target, D's BMI (22 at 3 years) is obesity. */
	assert_non_null(strstr(during, "A:2024-12-01:0:0"));
	assert_non_null(strstr(during, "F:2024-09-01:3:1"));
	assert_non_null(strstr(during, "D:2024-12-01:4:1"));

	/* A second file adds a visit to A (stored before): left stale. */
	snprintf(path2, sizeof path2, "%s/more.csv", f->dir);
	tu_write(path2, "patient_id,date,weight_kg\nA,2024-12-01,8.3\nE,2024-12-01,9.0\n");
	assert_int_equal(run(f, path2, 0), 1); /* E: a new patient without sex: a bad row */
	tu_sql_text(f->db, "SELECT group_concat(ext_id) FROM patients WHERE flag_stale = 1", stale, sizeof stale);
	assert_string_equal(stale, "A");
}

/* A patient whose rows are scattered gets a field filled in by a later row that adds no
 * measurement (a repeated visit, or a row without one): the summary computed from its first rows
 * no longer matches the stored record, which must be left stale for the refresh (it was written
 * with the parents' heights missing, flag_stale 0). */
static void test_flag_summary_fill_in_after_run(void **state)
{
	fx *f = *state;
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	f->flags = &fo;
	char path[600];
	snprintf(path, sizeof path, "%s/scattered.csv", f->dir);
	tu_write(path, "patient_id,sex,birth_date,date,weight_kg,height_cm,mother_height_cm,father_height_cm\n"
		       "F,F,2020-01-01,2024-09-01,15.5,101.5,,\n"
		       "G,M,2020-01-01,2024-09-01,17.0,108.0,,\n"
		       "F,F,2020-01-01,2024-09-01,15.5,101.5,180,195\n"
		       "H,F,2020-01-01,2024-09-01,15.5,101.5,,\n"
		       "I,M,2020-01-01,2024-09-01,17.0,108.0,,\n"
		       "H,F,2020-01-01,,,,180,195\n");
	assert_int_equal(run(f, path, 0), 0);
	assert_int_equal(f->n.visits_added, 4);
	long n = 0;
	assert_int_equal(flagcache_refresh(f->st, &fo, &n), STORE_OK);
	char during[512], after[512];
	tu_sql_text(f->db, summaries_sql, during, sizeof during);
	tu_sql_exec(f->db, "UPDATE patients SET flag_stale = 1, flag_severity = 0, flag_count = 0");
	assert_int_equal(flagcache_refresh(f->st, &fo, &n), STORE_OK);
	assert_int_equal(n, 4);
	tu_sql_text(f->db, summaries_sql, after, sizeof after);
	assert_string_equal(during, after);
	assert_non_null(strstr(after, "F:2024-09-01:3:1")); /* far below the mid-parental target */
	assert_non_null(strstr(after, "H:2024-09-01:3:1"));
}

/* A birth date the store cannot keep (before 1800, after 2199: a typo) is a bad row with its
 * reason, not a store error that abandons the whole file. */
static void test_birth_date_out_of_range(void **state)
{
	fx *f = *state;
	char path[600];
	snprintf(path, sizeof path, "%s/old.csv", f->dir);
	tu_write(path, "patient_id,sex,birth_date,date,weight_kg\n"
		       "OLD-1,F,1750-03-01,2024-01-01,9.0\n"
		       "NEW-2,M,2023-03-01,2024-01-01,9.5\n");
	assert_int_equal(run(f, path, 0), 1);
	assert_non_null(strstr(f->msg, "old.csv:2: new patient OLD-1: birth date 1750-03-01 is out of range (1800-2199)"));
	assert_int_equal(f->n.patients_new, 1);
	assert_int_equal(f->n.visits_added, 1);
	assert_int_equal(f->n.errors, 1);
}

/* Issue 10's reproducer: 1,000 rows, row 11 "X10,\"O'Brien, Pat,F,..." with a quote that never
 * closes.  It used to import 10 patients and lose the 989 rows after it without a word; now that
 * one row is refused and every other is imported: 999 + 1 error = 1,000. */
static void test_stray_quote_1000_rows(void **state)
{
	fx *f = *state;
	char p[600];
	snprintf(p, sizeof p, "%s/stray.csv", f->dir);
	FILE *w = fopen(p, "w");
	assert_non_null(w);
	fprintf(w, "patient_id,name,sex,birth_date,date,weight_kg\n");
	for (int i = 0; i < 1000; i++)
		fprintf(w, i == 10 ? "X%d,\"O'Brien, Pat,F,2020-01-01,2021-01-01,9.5\n" : "X%d,Kid %d,F,2020-01-01,2021-01-01,9.5\n",
			i, i);
	fclose(w);
	assert_int_equal(run(f, p, 0), 1);
	char want[1024];
	snprintf(want, sizeof want,
		 "%s:12: a quote opens a field and does not close on this line (a stray quote?): the row is refused and"
		 " reading goes on at the next line: 'X10,\\\"O'Brien, Pat,F,2020-01-01,2021-01-01,9.5'\n", p);
	assert_string_equal(f->msg, want);
	assert_int_equal(f->n.patients_new, 999);
	assert_int_equal(f->n.visits_added, 999);
	assert_int_equal(f->n.errors, 1);
	assert_int_equal(f->n.patients_new + f->n.errors, 1000);
	gv_patient g;
	assert_int_equal(store_patient_find(f->st, "X10", &g), STORE_NOTFOUND);
	assert_int_equal(store_patient_find(f->st, "X11", &g), STORE_OK);
	assert_string_equal(g.name, "Kid 11");
	assert_int_equal(store_patient_find(f->st, "X999", &g), STORE_OK);
}

/* A bare CR inside a CRLF file joining two rows: both kept, with a warning; a CR that makes no
 * whole rows is named in the error. */
static void test_stray_cr(void **state)
{
	fx *f = *state;
	char p[600], want[2048];
	snprintf(p, sizeof p, "%s/cr.csv", f->dir);
	tu_write(p, "patient_id,sex,birth_date,date,weight_kg\r\n"
		    "A1,F,2020-01-01,2021-01-01,9.5\rA2,M,2020-01-01,2021-01-01,9.8\r\n"
		    "A3,M,2020-01-01,2021-01-01,9.8,\r1\r\n"
		    "A4,F,2020-01-01,2021-01-01,9.1\r\n");
	assert_int_equal(run(f, p, 0), 1);
	snprintf(want, sizeof want,
		 "%s:2: warning: a stray carriage return (CR without LF) joins 2 rows on this line: each is imported as a row\n"
		 "%s:3: 6 fields, the header has 5; the line holds a stray carriage return (CR without LF) at byte 32\n",
		 p, p);
	assert_string_equal(f->msg, want);
	assert_int_equal(f->n.patients_new, 3);
	assert_int_equal(f->n.warnings, 1);
	assert_int_equal(f->n.errors, 1);
	gv_child c = load(f, "A2");
	assert_int_equal(c.p.sex, GV_MALE);
	assert_int_equal(c.nv, 1);
	tu_near(c.v[0].weight_kg, 9.8, 0, "A2 after the CR");
	store_child_free(&c);
}

/* A semicolon-separated, UTF-16 or UTF-32 file: the header says what was found. */
static void test_encodings_and_separators(void **state)
{
	fx *f = *state;
#define R(s) s, sizeof s - 1
	static const struct {
		const char *text;
		size_t len;
		const char *msg;
	} cases[] = {
		{R("patient_id;sex;birth_date\nP1;F;2020-01-01\n"),
		 "no patient_id column: the header is separated by semicolons (;), not commas: save the file as"
		 " comma-separated CSV with '.' as the decimal point (a spreadsheet's \"CSV UTF-8 (comma delimited)\")"},
		{R("\xff\xfep\0a\0t\0i\0e\0n\0t\0_\0i\0d\0\n\0"),
		 "no patient_id column: the file is UTF-16 (little-endian: it starts with the byte order mark FF FE), not"
		 " UTF-8; convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv"},
		{R("\xfe\xff\0p\0a\0t\0i\0e\0n\0t\0_\0i\0d\0\n"),
		 "no patient_id column: the file is UTF-16 (big-endian: it starts with the byte order mark FE FF), not"
		 " UTF-8; convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv"},
		{R("\xff\xfe\0\0i\0\0\0d\0\0\0\n\0\0\0"),
		 "no patient_id column: the file is UTF-32 (little-endian: it starts with the byte order mark FF FE 00 00),"
		 " not UTF-8; convert it, e.g. iconv -f UTF-32 -t UTF-8 FILE > FILE.utf8.csv"},
		{R("p\0a\0t\0i\0e\0n\0t\0_\0i\0d\0\n\0"),
		 "no patient_id column: the header holds NUL bytes: the file is probably UTF-16 or UTF-32 without a byte"
		 " order mark; convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv"},
	};
#undef R
	char p[600], want[1024];
	snprintf(p, sizeof p, "%s/enc.csv", f->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *w = fopen(p, "wb");
		assert_int_equal(fwrite(cases[i].text, 1, cases[i].len, w), cases[i].len);
		fclose(w);
		assert_int_equal(run(f, p, 0), 1);
		snprintf(want, sizeof want, "%s:1: %s\n", p, cases[i].msg);
		assert_string_equal(f->msg, want);
		assert_int_equal(f->n.files_failed, 1);
	}
}

/* NUL bytes, control characters, bidi controls, bytes that are not UTF-8 and over-long values in
 * names and ids are refused with the real value escaped; a NUL in a number is quoted as it is. */
static void test_hostile_text(void **state)
{
	fx *f = *state;
#define R(s) s, sizeof s - 1
	static const struct {
		const char *row;
		size_t len;
		const char *msg;
	} cases[] = {
		{R("P1,Ann\0Evil,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\x00Evil' holds a control character at byte 4: names and ids must be printable text"},
		{R("P2,Ann,F,2020-01-01,2021-01-01,9\0.5\n"), "weight_kg '9\\x00.5' is not a number"},
		{R("P3,\x1b]0;pwned\x07" "Ann,F,2020-01-01,2021-01-01,9.5\n"),
		 "name '\\x1b]0;pwned\\x07Ann' holds a control character at byte 1: names and ids must be printable text"},
		{R("P\x1b[2J4,Ann,F,2020-01-01,2021-01-01,9.5\n"),
		 "patient_id 'P\\x1b[2J4' holds a control character at byte 2: names and ids must be printable text"},
		{R("P5,Ann\xe2\x80\xae" "veE,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\u{202e}veE' holds a bidirectional control character at byte 4: names and ids must be"
		 " printable text"},
		{R("P6,Ann\xc2\x9b" "2J,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\u{009b}2J' holds a control character at byte 4: names and ids must be printable text"},
		{R("P7,Ann\xff,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\xff' holds a byte that is not UTF-8 at byte 4: names and ids must be printable text"},
		{R("P8,Ann\x7f,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\x7f' holds a control character at byte 4: names and ids must be printable text"},
		{R("P9,Ann\bB,F,2020-01-01,2021-01-01,9.5\n"),
		 "name 'Ann\\x08B' holds a control character at byte 4: names and ids must be printable text"},
	};
	char p[600], want[1024];
	snprintf(p, sizeof p, "%s/h.csv", f->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *w = fopen(p, "wb");
		fputs("patient_id,name,sex,birth_date,date,weight_kg\n", w);
		assert_int_equal(fwrite(cases[i].row, 1, cases[i].len, w), cases[i].len);
		fclose(w);
		assert_int_equal(run(f, p, 0), 1);
		snprintf(want, sizeof want, "%s:2: %s\n", p, cases[i].msg);
		assert_string_equal(f->msg, want);
		assert_int_equal(f->n.patients_new, 0);
	}
#undef R
	/* A 5 MB name is refused, not cut to 127 bytes (FHIR refuses it the same way). */
	FILE *w = fopen(p, "wb");
	fputs("patient_id,name,sex,birth_date\nBIG,", w);
	for (int i = 0; i < 5 << 20; i++)
		fputc('A', w);
	fputs(",F,2020-01-01\n", w);
	fclose(w);
	assert_int_equal(run(f, p, 0), 1);
	snprintf(want, sizeof want,
		 "%s:2: name is 5242880 bytes long (at most 127): "
		 "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...'\n",
		 p);
	assert_string_equal(f->msg, want);
	/* Long ids: 63 bytes are fine, 64 are not. */
	char row[512];
	snprintf(row, sizeof row, "patient_id,sex,birth_date\n%063d,F,2020-01-01\n%064d,F,2020-01-01\n", 1, 2);
	tu_write(p, row);
	assert_int_equal(run(f, p, 0), 1);
	assert_int_equal(f->n.patients_new, 1);
	assert_non_null(strstr(f->msg, ":3: patient_id is 64 bytes long (at most 63): "));
	/* Nothing of it reaches the terminal raw: no ESC, BEL or NUL in any message. */
	assert_null(memchr(f->msg, 0x1b, f->msglen));
}

/* A child born in 1800 is stored (the store keeps 1800-2199) with a warning. */
static void test_born_1800_warns(void **state)
{
	fx *f = *state;
	char p[600], want[1024];
	snprintf(p, sizeof p, "%s/old.csv", f->dir);
	tu_write(p, "patient_id,sex,birth_date,date,weight_kg\nOLD,F,1800-01-01,1800-06-01,6.5\nNEW,F,1903-01-01,1903-06-01,6.5\n");
	assert_int_equal(run(f, p, 0), 0);
	snprintf(want, sizeof want,
		 "%s:2: warning: new patient OLD: born 1800-01-01, 225 years before today: older than anyone has lived"
		 " (a typo in the year?)\n",
		 p);
	assert_string_equal(f->msg, want);
	assert_int_equal(f->n.patients_new, 2);
	assert_int_equal(f->n.warnings, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_metric_and_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_adds_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patient_fill_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes_across_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flag_summaries_during_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_birth_date_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flag_summary_fill_in_after_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stray_quote_1000_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stray_cr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encodings_and_separators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_born_1800_warns, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_import", tests, NULL, NULL);
}
