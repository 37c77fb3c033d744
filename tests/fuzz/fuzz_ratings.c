/* fuzz_ratings.c — the ratings file (app/ratings_io.c) and import-ratings (app/ratings_db.c) on
 * arbitrary bytes, two ways:
 *   1. every line through rio_parse: what it accepts is canonical (rio_format -> rio_parse ->
 *      rio_format gives the same bytes); what it refuses comes with a reason and an empty record;
 *   2. the bytes as a file imported into a fresh store holding a queue "q" of two items for each of
 *      the raters "ann" (annotator) and "doc" (clinician) over the summaries S1-m1, S1-m2 (child
 *      P1) and S2-m1, S2-m2 (P2):
 *        ann 1: A S1-m1, B S1-m2    ann 2: A S2-m2, B S2-m1
 *        doc 1: A S2-m1, B S2-m2    doc 2: A S1-m2, B S1-m1
 *      Invariants: never a store error (what the checks let through the store accepts); a file
 *      with a bad line changes nothing; a good one imported again adds and replaces nothing and
 *      changes no exported byte; the export parses, and imported into another fresh store exports
 *      the same bytes (the round trip).
 * Seeds: tests/fuzz/ratings/. */
#include "tests/fuzz/fuzz.h"

#include "app/ratings_db.h"
#include "app/ratings_io.h"
#include "app/store.h"
#include "core/age.h"
#include "core/queue.h"

static char *tmpl_;
static size_t tmpl_len_;

static int sum_id(void *ctx, const store_summary *s)
{
	*(int64_t *)ctx = s->id;
	return 0;
}

/* The fixture database, made once; each call gives a fresh copy of it at path. */
static gv_store *fixture(const char *path)
{
	char err[512];
	gv_store *st = NULL;
	char side[512];
	if (!tmpl_) {
		char *tp = fz_path("template.db");
		unlink(tp);
		fz_check(store_open(tp, 0, &st, err, sizeof err) == STORE_OK, "%s", err);
		int64_t pid[2], s[2][2];
		for (int i = 0; i < 2; i++) {
			gv_patient p;
			record_patient_init(&p);
			snprintf(p.ext_id, sizeof p.ext_id, "P%d", i + 1);
			p.sex = GV_FEMALE;
			p.birth_date = age_days_from_civil(2020, 1, 1);
			fz_check(store_patient_insert(st, &p, NULL, "fuzz", "fuzz") == STORE_OK, "%s", store_errmsg(st));
			pid[i] = p.id;
			for (int m = 0; m < 2; m++) {
				char sid[32], text[64];
				snprintf(sid, sizeof sid, "S%d-m%d", i + 1, m + 1);
				snprintf(text, sizeof text, "Summary %d of model %d.", i + 1, m + 1);
				store_summary sm;
				store_summary_init(&sm);
				sm.summary_id = sid;
				sm.patient_id = p.id;
				sm.model = m ? "m2" : "m1";
				sm.backend = STORE_BACKEND_IMPORTED;
				sm.text = text;
				sm.text_len = strlen(text);
				fz_check(store_summary_put(st, &sm, NULL, NULL, 0) == STORE_OK, "%s", store_errmsg(st));
				fz_check(store_summary_get(st, sid, sum_id, &s[i][m], NULL) == STORE_OK, "get");
			}
		}
		store_rater ann, doc;
		fz_check(store_rater_add(st, "ann", STORE_ROLE_ANNOTATOR, &ann) == STORE_OK, "%s", store_errmsg(st));
		fz_check(store_rater_add(st, "doc", STORE_ROLE_CLINICIAN, &doc) == STORE_OK, "%s", store_errmsg(st));
		queue_item items[2] = {{pid[0], s[0][0], s[0][1], "m1", "m2", 0, 0, 2}, {pid[1], s[1][0], s[1][1], "m1", "m2", 0, 0, 2}};
		queue_assignment a[4] = {{0, 0, 0, s[0][0], s[0][1], 0}, {0, 1, 1, s[1][1], s[1][0], 1},
					 {1, 0, 1, s[1][0], s[1][1], 0}, {1, 1, 0, s[0][1], s[0][0], 1}};
		queue_plan plan = {items, 2, a, 4, 2, 0, 2, 2};
		int64_t raters[2] = {ann.id, doc.id};
		uint64_t seeds[2] = {1, 2};
		store_queue_spec q = {"q", "m1,m2", 1, "{}", raters, seeds, 2};
		fz_check(store_queue_create(st, &q, &plan, NULL) == STORE_OK, "%s", store_errmsg(st));
		store_close(st);
		tmpl_ = fz_slurp(tp, &tmpl_len_);
		unlink(tp);
		free(tp);
	}
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	fz_write(path, tmpl_, tmpl_len_);
	fz_check(store_open(path, 0, &st, err, sizeof err) == STORE_OK, "%s", err);
	return st;
}

static int put(FILE *out, const char *p, size_t n)
{
	return fwrite(p, 1, n, out) == n ? 0 : -1;
}

/* export-ratings of st into a malloc'd buffer (*n bytes). */
static char *export_all(gv_store *st, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	fz_check(f != NULL, "open_memstream");
	long lines = 0;
	int rc = ratings_export(st, NULL, put, f, fz_devnull(), &lines);
	fclose(f);
	fz_check(rc == 0, "export: status %d (%s)", rc, store_errmsg(st));
	return buf;
}

static void lines_canonical(const uint8_t *data, size_t size)
{
	rio_rec x, y;
	rio_rec_init(&x);
	rio_rec_init(&y);
	gv_buf b1 = GV_BUF_INIT, b2 = GV_BUF_INIT;
	char why[512];
	size_t i = 0;
	while (i < size) {
		const char *s = (const char *)data + i;
		const char *e = memchr(s, '\n', size - i);
		size_t len = e ? (size_t)(e - s) : size - i;
		i += len + 1;
		if (rio_parse(s, len, &x, why, sizeof why) != 0) {
			fz_check(why[0] != '\0', "refused without a reason");
			fz_check(x.queue[0] == '\0' && x.r.comment == NULL && x.r.skip_reason == NULL, "refused, not emptied");
			continue;
		}
		b1.len = b2.len = 0;
		rio_format(&b1, &x);
		fz_check(buf_ok(&b1), "oom");
		fz_check(rio_parse(b1.p, b1.len - 1, &y, why, sizeof why) == 0, "own line refused: %s\n%.*s", why,
			 (int)b1.len, b1.p);
		/* Nothing lost on the way: the same judgements, texts and keys. */
		char *dx = rating_format_dup(&x.r), *dy = rating_format_dup(&y.r);
		fz_check(dx && dy && strcmp(dx, dy) == 0, "the rating changed:\n%s--\n%s", dx, dy);
		free(dx);
		free(dy);
		fz_check(strcmp(x.queue, y.queue) == 0 && x.position == y.position && strcmp(x.rater, y.rater) == 0 &&
				 strcmp(x.role, y.role) == 0 && strcmp(x.summary[0], y.summary[0]) == 0 &&
				 strcmp(x.summary[1], y.summary[1]) == 0 && strcmp(x.updated, y.updated) == 0 &&
				 strcmp(x.submitted, y.submitted) == 0,
			 "a key or a time changed");
		rio_format(&b2, &y);
		fz_check(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0, "not canonical:\n%.*s%.*s", (int)b1.len, b1.p,
			 (int)b2.len, b2.p);
	}
	rio_rec_free(&x);
	rio_rec_free(&y);
	buf_free(&b1);
	buf_free(&b2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *in, *db, *db2, *exp;
	if (!in) {
		in = fz_path("in.jsonl");
		db = fz_path("gv.db");
		db2 = fz_path("gv2.db");
		exp = fz_path("export.jsonl");
	}
	lines_canonical(data, size);
	fz_write(in, data, size);
	gv_store *st = fixture(db);
	ratings_import_counts a, b;
	int rc = ratings_import(st, in, fz_devnull(), &a);
	fz_check(rc == 0 || rc == 1, "first import: status %d (%s)", rc, store_errmsg(st));
	fz_check((rc == 1) == (a.bad > 0), "status %d with %ld bad lines", rc, a.bad);
	fz_check(a.added + a.replaced + a.unchanged + a.kept + a.bad <= a.lines, "counts exceed the lines");
	size_t n1 = 0;
	char *e1 = export_all(st, &n1);
	if (rc == 1) {
		fz_check(n1 == 0, "a refused file left %zu bytes of ratings", n1);
	} else {
		rc = ratings_import(st, in, fz_devnull(), &b);
		fz_check(rc == 0, "second import: status %d", rc);
		fz_check(b.added == 0 && b.replaced == 0, "the second import added %ld, replaced %ld", b.added, b.replaced);
		size_t n2 = 0;
		char *e2 = export_all(st, &n2);
		fz_check(n1 == n2 && memcmp(e1, e2, n1) == 0, "the second import changed the export");
		free(e2);
		/* The round trip through another store. */
		fz_write(exp, e1, n1);
		gv_store *st2 = fixture(db2);
		rc = ratings_import(st2, exp, fz_devnull(), &b);
		fz_check(rc == 0 && b.added * 1L == (long)b.lines, "export re-imported: status %d, %ld of %ld added", rc,
			 b.added, b.lines);
		size_t n3 = 0;
		char *e3 = export_all(st2, &n3);
		fz_check(n1 == n3 && memcmp(e1, e3, n1) == 0, "round trip differs:\n%.*s--\n%.*s", (int)n1, e1, (int)n3, e3);
		free(e3);
		store_close(st2);
	}
	free(e1);
	store_close(st);
	return 0;
}
