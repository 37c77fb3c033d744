/* checks.c — the claim checker's verdicts in the store (see store.h, "claim checks").
 *
 * Two tables (migration 6): summary_checks, one row per checked summary (the checker's version,
 * when, the counts and the omitted flags), and claim_checks, one row per claim with the fields of
 * `growthview check --json` and room for a rater's verdict.  A claim is identified by its span,
 * its type and, for claims of the same span and type, their order (dup): so a re-check updates the
 * row in place and the rater's verdict stays with the claim it was given on.
 *
 * Writing the verdicts of one summary (store_checks_put) is one transaction: the summary's rows
 * are marked unseen, every claim is upserted (seen), the rows still unseen — claims an older
 * version found and this one does not — are deleted, and the summary's row is upserted.  A failure
 * anywhere rolls all of it back: the previous verdicts stay as they were.
 *
 * Statements are prepared once per store (cached in struct store_chk, finalised by store_close)
 * and bound by name; the upsert's parameter indexes are looked up once. */
#include "app/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/store/store_int.h"
#include "core/claims.h"
#include "core/flags.h"

/* Migration 6, run in one transaction by db.c's migrate().  IF NOT EXISTS: a file whose user_version
 * was set back by hand (tests/app_search.c upgrades from STORE_SCHEMA_VERSION - 1) keeps its verdicts. */
const char st_mig6_checks[] =
	"CREATE TABLE IF NOT EXISTS summary_checks(\n"
	"  summary_id INTEGER PRIMARY KEY REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  version INTEGER NOT NULL CHECK (version > 0),\n"
	"  checked TEXT NOT NULL,\n"
	"  claims INTEGER NOT NULL CHECK (claims >= 0),\n"
	"  contradicted INTEGER NOT NULL CHECK (contradicted BETWEEN 0 AND claims),\n"
	"  omitted_flags TEXT NOT NULL CHECK (json_valid(omitted_flags) AND json_type(omitted_flags) = 'array')\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS claim_checks(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  summary_id INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  version INTEGER NOT NULL CHECK (version > 0),\n"
	"  start_byte INTEGER NOT NULL CHECK (start_byte >= 0),\n"
	"  end_byte INTEGER NOT NULL CHECK (end_byte >= start_byte),\n"
	"  dup INTEGER NOT NULL DEFAULT 0 CHECK (dup >= 0),\n"
	/* Comparisons, not IN lists: SQLite 3.40 builds an ephemeral table for an IN list on every row
	 * written (a heap allocation and trim per claim: 20x slower in `check --all`). */
	"  type TEXT NOT NULL CHECK (type = 'value' OR type = 'age' OR type = 'percentile' OR type = 'z'\n"
	"    OR type = 'category' OR type = 'trend' OR type = 'basis' OR type = 'advice'),\n"
	"  quote TEXT NOT NULL,\n"
	"  stated TEXT NOT NULL,\n"
	"  expected TEXT,\n"
	"  verdict TEXT NOT NULL CHECK (verdict = 'supported' OR verdict = 'contradicted' OR verdict = 'unverifiable'),\n"
	"  indicator TEXT,\n"
	"  date TEXT CHECK (length(date) = 10 AND date BETWEEN '1800-01-01' AND '2199-12-31'),\n"
	"  reference TEXT,\n"
	"  note TEXT,\n"
	/* The rater's verdict (the rating screen, issue #13): all three or none. */
	"  rater TEXT CHECK (length(rater) BETWEEN 1 AND 128),\n"
	"  rater_verdict TEXT CHECK (rater_verdict = 'supported' OR rater_verdict = 'contradicted'\n"
	"    OR rater_verdict = 'unverifiable'),\n"
	"  rated TEXT,\n"
	"  seen INTEGER NOT NULL DEFAULT 1,\n"
	"  CHECK ((rater IS NULL) = (rater_verdict IS NULL) AND (rater IS NULL) = (rated IS NULL))\n"
	");\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS claim_checks_claim ON claim_checks(summary_id, start_byte, end_byte, type, dup);\n"
	"PRAGMA user_version = 6;\n";

enum { C_SUMMARY, C_UNSEE, C_UPSERT, C_DROP, C_HEAD, C_GET, C_EACH, C_N };

static const struct cdef {
	const char *op;
	const char *sql;
} cdef[C_N] = {
	[C_SUMMARY] = {"store claim checks", "SELECT 1 FROM summaries WHERE id = :summary"},
	[C_UNSEE] = {"store claim checks", "UPDATE claim_checks SET seen = 0 WHERE summary_id = :summary"},
	[C_UPSERT] = {"store claim check",
		      "INSERT INTO claim_checks(summary_id, version, start_byte, end_byte, dup, type, quote, stated,"
		      " expected, verdict, indicator, date, reference, note, seen)"
		      " VALUES(:summary, :version, :start, :end, :dup, :type, :quote, :stated, :expected, :verdict,"
		      " :indicator, :date, :reference, :note, 1)"
		      " ON CONFLICT(summary_id, start_byte, end_byte, type, dup) DO UPDATE SET version = excluded.version,"
		      " quote = excluded.quote, stated = excluded.stated, expected = excluded.expected,"
		      " verdict = excluded.verdict, indicator = excluded.indicator, date = excluded.date,"
		      " reference = excluded.reference, note = excluded.note, seen = 1"},
	/* Claims of an older version (or of a record since changed) that this check did not find. */
	[C_DROP] = {"store claim checks", "DELETE FROM claim_checks WHERE summary_id = :summary AND seen = 0"},
	[C_HEAD] = {"store claim checks",
		    "INSERT INTO summary_checks(summary_id, version, checked, claims, contradicted, omitted_flags)"
		    " VALUES(:summary, :version, :checked, :claims, :contradicted, :omitted)"
		    " ON CONFLICT(summary_id) DO UPDATE SET version = excluded.version, checked = excluded.checked,"
		    " claims = excluded.claims, contradicted = excluded.contradicted,"
		    " omitted_flags = excluded.omitted_flags"},
	[C_GET] = {"read claim checks", "SELECT version, omitted_flags FROM summary_checks WHERE summary_id = :summary"},
	[C_EACH] = {"read claim checks",
		    "SELECT id, version, start_byte, end_byte, quote, type, stated, expected, verdict, indicator, date,"
		    " reference, note, rater, rater_verdict, rated FROM claim_checks WHERE summary_id = :summary"
		    " ORDER BY start_byte, end_byte, type, dup"},
};

/* Named parameters of C_UPSERT, looked up once. */
enum { U_SUMMARY, U_VERSION, U_START, U_END, U_DUP, U_TYPE, U_QUOTE, U_STATED, U_EXPECTED, U_VERDICT, U_IND,
       U_DATE, U_REF, U_NOTE, U_N };
static const char *const uname[U_N] = {":summary", ":version", ":start", ":end", ":dup", ":type", ":quote",
				       ":stated", ":expected", ":verdict", ":indicator", ":date", ":reference",
				       ":note"};

struct store_chk {
	sqlite3_stmt *q[C_N];
	int ui[U_N];
};

void st_checks_close(gv_store *st)
{
	if (!st->chk)
		return;
	for (int i = 0; i < C_N; i++)
		sqlite3_finalize(st->chk->q[i]);
	free(st->chk);
	st->chk = NULL;
}

/* Statement i, prepared on first use; NULL with the message set. */
static sqlite3_stmt *CQ(gv_store *st, int i)
{
	if (!st->chk && !(st->chk = calloc(1, sizeof *st->chk))) {
		st_seterr(st, STORE_ERROR, "%s: out of memory", cdef[i].op);
		return NULL;
	}
	struct store_chk *c = st->chk;
	if (c->q[i])
		return c->q[i];
	int rc = sqlite3_prepare_v3(st->db, cdef[i].sql, -1, SQLITE_PREPARE_PERSISTENT, &c->q[i], NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, cdef[i].op, rc);
		sqlite3_finalize(c->q[i]);
		c->q[i] = NULL;
		return NULL;
	}
	if (i == C_UPSERT)
		for (int k = 0; k < U_N; k++)
			if ((c->ui[k] = sqlite3_bind_parameter_index(c->q[i], uname[k])) == 0) {
				st_seterr(st, STORE_ERROR, "%s: no parameter %s", cdef[i].op, uname[k]);
				sqlite3_finalize(c->q[i]);
				c->q[i] = NULL;
				return NULL;
			}
	return c->q[i];
}

static void reset(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static void bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s, ST_P(s, name), v);
}

/* Step statement i (bound) that returns no row; reset on every path. */
static store_rc run(gv_store *st, int i, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	reset(s);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, cdef[i].op, rc);
}

/* Run statement i with :summary alone. */
static store_rc run_summary(gv_store *st, int i, int64_t summary)
{
	sqlite3_stmt *s = CQ(st, i);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":summary", summary);
	return run(st, i, s);
}

/* The omitted flags of r as a JSON array of their names. */
static void omitted_json(const claims_result *r, gv_buf *b)
{
	gv_flag_cat cats[GV_CAT_COUNT];
	size_t n = claims_omitted(r, cats, GV_CAT_COUNT);
	buf_putc(b, '[');
	for (size_t i = 0; i < n && i < GV_CAT_COUNT; i++)
		buf_printf(b, "%s\"%s\"", i ? "," : "", flags_cat_name(cats[i]));
	buf_putc(b, ']');
}

static store_rc put_claim(gv_store *st, int64_t summary, int version, const char *text, const claims_result *r,
			  size_t k)
{
	const gv_claim *c = &r->claims[k];
	int dup = 0;
	for (size_t j = k; j-- > 0;) /* claims are in text order: the same span is just before */
		if (r->claims[j].start == c->start && r->claims[j].end == c->end && r->claims[j].type == c->type)
			dup++;
		else if (r->claims[j].start != c->start)
			break;
	sqlite3_stmt *s = CQ(st, C_UPSERT);
	if (!s)
		return STORE_ERROR;
	const int *u = st->chk->ui;
	sqlite3_bind_int64(s, u[U_SUMMARY], summary);
	sqlite3_bind_int(s, u[U_VERSION], version);
	sqlite3_bind_int64(s, u[U_START], (int64_t)c->start);
	sqlite3_bind_int64(s, u[U_END], (int64_t)c->end);
	sqlite3_bind_int(s, u[U_DUP], dup);
	st_bind_text(s, u[U_TYPE], claims_type_name(c->type));
	sqlite3_bind_text(s, u[U_QUOTE], text + c->start, (int)(c->end - c->start), SQLITE_STATIC);
	st_bind_text(s, u[U_STATED], c->stated);
	st_bind_text_or_null(s, u[U_EXPECTED], c->expected);
	st_bind_text(s, u[U_VERDICT], claims_verdict_name(c->verdict));
	st_bind_text_or_null(s, u[U_IND], claims_ind_name(c->ind));
	st_bind_date(s, u[U_DATE], c->date == CLAIMS_NO_DATE ? STORE_NO_DATE : c->date);
	st_bind_text_or_null(s, u[U_REF], claims_ref_name(c->ref));
	st_bind_text_or_null(s, u[U_NOTE], c->note);
	return run(st, C_UPSERT, s);
}

store_rc store_checks_put(gv_store *st, int64_t summary, int version, const char *text, size_t text_len,
			  const claims_result *r)
{
	store_rc rc = st_check_write(st, cdef[C_UPSERT].op, NULL);
	if (rc != STORE_OK)
		return rc;
	if (version <= 0 || !r || (r->n && !text))
		return st_seterr(st, STORE_INVALID, "store claim checks: no version or no verdicts");
	long contradicted = 0;
	for (size_t k = 0; k < r->n; k++) {
		if (r->claims[k].start > r->claims[k].end || r->claims[k].end > text_len)
			return st_seterr(st, STORE_INVALID, "store claim checks: claim %zu is outside the text", k + 1);
		contradicted += r->claims[k].verdict == CLAIM_CONTRADICTED;
	}
	gv_buf om = GV_BUF_INIT;
	omitted_json(r, &om);
	buf_putc(&om, '\0');
	if (!buf_ok(&om)) {
		buf_free(&om);
		return st_seterr(st, STORE_ERROR, "store claim checks: out of memory");
	}
	int own;
	if ((rc = st_tx_begin(st, &own)) != STORE_OK) {
		buf_free(&om);
		return rc;
	}
	sqlite3_stmt *s = CQ(st, C_SUMMARY);
	if (!s) {
		rc = STORE_ERROR;
	} else {
		bind_int(s, ":summary", summary);
		int sr = sqlite3_step(s);
		reset(s);
		if (sr == SQLITE_DONE)
			rc = st_seterr(st, STORE_NOTFOUND, "store claim checks: no summary #%lld", (long long)summary);
		else if (sr != SQLITE_ROW)
			rc = st_dberr(st, cdef[C_SUMMARY].op, sr);
	}
	if (rc == STORE_OK)
		rc = run_summary(st, C_UNSEE, summary);
	for (size_t k = 0; rc == STORE_OK && k < r->n; k++)
		rc = put_claim(st, summary, version, text, r, k);
	if (rc == STORE_OK)
		rc = run_summary(st, C_DROP, summary);
	if (rc == STORE_OK) {
		if (!(s = CQ(st, C_HEAD))) {
			rc = STORE_ERROR;
		} else {
			char now[24];
			st_now_stamp(now);
			bind_int(s, ":summary", summary);
			bind_int(s, ":version", version);
			st_bind_text(s, ST_P(s, ":checked"), now);
			bind_int(s, ":claims", (int64_t)r->n);
			bind_int(s, ":contradicted", contradicted);
			sqlite3_bind_text(s, ST_P(s, ":omitted"), om.p, -1, SQLITE_TRANSIENT);
			rc = run(st, C_HEAD, s);
		}
	}
	buf_free(&om);
	return st_tx_end(st, own, rc);
}

store_rc store_checks_get(gv_store *st, int64_t summary, int *version, char **omitted)
{
	if (version)
		*version = 0;
	if (omitted)
		*omitted = NULL;
	sqlite3_stmt *s = CQ(st, C_GET);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":summary", summary);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		if (version)
			*version = sqlite3_column_int(s, 0);
		if (omitted) {
			const char *o = (const char *)sqlite3_column_text(s, 1);
			if (!(*omitted = strdup(o ? o : "[]")))
				r = st_seterr(st, STORE_ERROR, "%s: out of memory", cdef[C_GET].op);
		}
	} else if (rc != SQLITE_DONE) {
		r = st_dberr(st, cdef[C_GET].op, rc);
	}
	reset(s);
	return r;
}

store_rc store_checks_each(gv_store *st, int64_t summary, store_claim_check_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	sqlite3_stmt *s = CQ(st, C_EACH);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":summary", summary);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_claim_check c;
		memset(&c, 0, sizeof c);
		c.id = sqlite3_column_int64(s, 0);
		c.version = sqlite3_column_int(s, 1);
		c.start = (size_t)sqlite3_column_int64(s, 2);
		c.end = (size_t)sqlite3_column_int64(s, 3);
		c.quote = (const char *)sqlite3_column_text(s, 4);
		c.type = (const char *)sqlite3_column_text(s, 5);
		c.stated = (const char *)sqlite3_column_text(s, 6);
		c.expected = (const char *)sqlite3_column_text(s, 7);
		c.verdict = (const char *)sqlite3_column_text(s, 8);
		c.indicator = (const char *)sqlite3_column_text(s, 9);
		c.date = STORE_NO_DATE;
		st_col_date(s, 10, &c.date);
		c.reference = (const char *)sqlite3_column_text(s, 11);
		c.note = (const char *)sqlite3_column_text(s, 12);
		c.rater = (const char *)sqlite3_column_text(s, 13);
		c.rater_verdict = (const char *)sqlite3_column_text(s, 14);
		c.rated = (const char *)sqlite3_column_text(s, 15);
		int ret = cb(ctx, &c);
		if (ret) {
			if (cbret)
				*cbret = ret;
			break;
		}
	}
	reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_dberr(st, cdef[C_EACH].op, rc);
	return STORE_OK;
}
