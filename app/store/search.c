/* search.c — the patient list's search index: an FTS5 trigram index of name and external id kept
 * in step by triggers, and the search text turned into its query (see store_int.h).
 *
 * The contract of the search (store.h, store_filter.search) is "substring of name or external id,
 * ASCII case-insensitive": what `name LIKE '%text%' OR ext_id LIKE '%text%'` gives, SQLite's LIKE
 * folding ASCII letters only (https://sqlite.org/lang_expr.html#like).  The index answers exactly
 * that question, not a near one:
 * - it holds lower(name) and lower(ext_id) (SQLite's lower() folds ASCII only, as LIKE does:
 *   https://sqlite.org/lang_corefunc.html#lower), tokenized by the trigram tokenizer with
 *   case_sensitive 1, so no other folding (Unicode case, diacritics) is added by the index
 *   (https://sqlite.org/fts5.html#the_trigram_tokenizer);
 * - the query is one phrase, the search text lowered the same way: a phrase of trigram tokens
 *   matches where those trigrams follow each other, i.e. where the text is a substring, and a
 *   phrase never spans two columns (https://sqlite.org/fts5.html#fts5_phrases);
 * - detail=full keeps the positions a phrase needs (with detail=none or column a query may not
 *   hold a token longer than 3 characters: https://sqlite.org/fts5.html#the_trigram_tokenizer);
 * - both sides decode UTF-8 the same way (SQLite's LIKE and FTS5 read a character with the same
 *   rule, malformed sequences included), which tests/app_store.c checks byte for byte against LIKE.
 * A text of fewer than 3 characters has no trigram ("Substrings consisting of fewer than 3
 * unicode characters do not match any rows when used with a full-text query", ibid.): those are
 * answered by LIKE over the covering index patients_name(name, id, ext_id), as before.
 *
 * The index is contentless (content='', https://sqlite.org/fts5.html#contentless_tables): the
 * lowered text is not stored twice, and a row is removed with the 'delete' command given the
 * values it was indexed with (https://sqlite.org/fts5.html#the_delete_command), which the
 * triggers compute from the old row.  columnsize=0 drops the per-row token counts, which only
 * ranking (bm25) uses (https://sqlite.org/fts5.html#the_columnsize_option).
 *
 * Without FTS5 or its trigram tokenizer (SQLite before 3.34, or built without FTS5), or with
 * GROWTHVIEW_NO_FTS5 set (the tests' way to run that case), no index is made and every search
 * is the LIKE scan: same results, slower at scale (store_search_note says so). */
#include "app/store/store_int.h"

#include <stdlib.h>
#include <string.h>

/* The index and its triggers.  The triggers fire on every path that writes patients (the API's
 * inserts and updates, bulk import, undo, and anyone using the sqlite3 shell); the update
 * trigger only when name, external id or id changes, so the frequent writes of last visit and
 * flag summary leave the index alone.  (A row deleted by INSERT OR REPLACE fires no delete
 * trigger unless recursive triggers are on: https://sqlite.org/lang_conflict.html; the store
 * never replaces a patient.) */
static const char search_sql[] =
	"CREATE VIRTUAL TABLE patients_search USING fts5(name, ext_id, content='', columnsize=0,\n"
	"  detail=full, tokenize='trigram case_sensitive 1');\n"
	"INSERT INTO patients_search(rowid, name, ext_id) SELECT id, lower(name), lower(ext_id) FROM patients;\n"
	"CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN\n"
	"  INSERT INTO patients_search(rowid, name, ext_id) VALUES (new.id, lower(new.name), lower(new.ext_id));\n"
	"END;\n"
	"CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN\n"
	"  INSERT INTO patients_search(patients_search, rowid, name, ext_id)\n"
	"    VALUES ('delete', old.id, lower(old.name), lower(old.ext_id));\n"
	"END;\n"
	"CREATE TRIGGER patients_search_update AFTER UPDATE OF id, name, ext_id ON patients\n"
	"  WHEN old.id IS NOT new.id OR old.name IS NOT new.name OR old.ext_id IS NOT new.ext_id BEGIN\n"
	"  INSERT INTO patients_search(patients_search, rowid, name, ext_id)\n"
	"    VALUES ('delete', old.id, lower(old.name), lower(old.ext_id));\n"
	"  INSERT INTO patients_search(rowid, name, ext_id) VALUES (new.id, lower(new.name), lower(new.ext_id));\n"
	"END;\n";

/* GROWTHVIEW_NO_FTS5 set (and not "0"): behave as if this SQLite lacked FTS5. */
static int fts5_refused(void)
{
	const char *no = getenv("GROWTHVIEW_NO_FTS5");
	return no && *no && strcmp(no, "0") != 0;
}

/* Can this SQLite make the index?  A temporary FTS5 trigram table is made and dropped: the
 * compile option alone does not say whether the tokenizer exists (SQLite 3.34.0 added it). */
static int fts5_trigram_ok(gv_store *st)
{
	if (fts5_refused() || !sqlite3_compileoption_used("ENABLE_FTS5"))
		return 0;
	if (sqlite3_exec(st->db, "CREATE VIRTUAL TABLE temp.gv_probe USING fts5(x, tokenize='trigram case_sensitive 1')",
			 NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	sqlite3_exec(st->db, "DROP TABLE temp.gv_probe", NULL, NULL, NULL);
	return 1;
}

/* Does the file hold the index? */
static store_rc index_exists(gv_store *st, int *yes)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'patients_search'", -1, &s,
				    NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*yes = sqlite3_column_int(s, 0) > 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? STORE_OK : st_dberr(st, "look for the search index", rc);
}

/* The migration's hook (inside its transaction): make the index and fill it from the patients
 * there are, when this SQLite can. */
store_rc st_search_migrate(gv_store *st)
{
	if (!fts5_trigram_ok(st))
		return STORE_OK;
	return st_exec(st, "make the search index", search_sql);
}

/* After open: use the index when the file has it and this SQLite can read it (a prepared query
 * connects to the table, which loads its tokenizer), unless GROWTHVIEW_NO_FTS5 is set.  A writable
 * file made by a growthview whose SQLite lacked FTS5 gets its index now. */
store_rc st_search_open(gv_store *st)
{
	st->search_fts = 0;
	if (fts5_refused())
		return STORE_OK;
	int have = 0;
	store_rc r = index_exists(st, &have);
	if (r != STORE_OK)
		return r;
	if (!have && !st->readonly && fts5_trigram_ok(st)) {
		/* Under the write lock, looking again: another growthview may have made it meanwhile. */
		int own;
		if ((r = st_tx_begin(st, &own)) != STORE_OK)
			return r;
		r = index_exists(st, &have);
		if (r == STORE_OK && !have)
			r = st_exec(st, "make the search index", search_sql);
		if ((r = st_tx_end(st, own, r)) != STORE_OK)
			return r;
		have = 1;
	}
	sqlite3_stmt *s = NULL;
	if (have && sqlite3_prepare_v2(st->db, "SELECT rowid FROM patients_search WHERE patients_search MATCH 'abc' LIMIT 0",
				       -1, &s, NULL) == SQLITE_OK)
		st->search_fts = 1;
	sqlite3_finalize(s);
	return STORE_OK;
}

const char *store_search_note(const gv_store *st)
{
	return st->search_fts ? NULL
			      : "search: no FTS5 trigram index (this SQLite lacks it, or GROWTHVIEW_NO_FTS5 is set); "
				"each search key scans every patient";
}

/* Characters of text as SQLite reads them (sqlite3Utf8Read: a byte >= 0xc0 and the continuation
 * bytes after it are one character; any other byte is one), up to 3. */
static int chars_upto3(const char *text)
{
	int n = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c && n < 3; n++)
		if (*c++ >= 0xc0)
			while ((*c & 0xc0) == 0x80)
				c++;
	return n;
}

int st_search_indexed(const gv_store *st, const char *text)
{
	return st->search_fts && chars_upto3(text) >= 3;
}

/* The FTS5 query for text: one phrase, "..." with '"' doubled (https://sqlite.org/fts5.html#fts5_strings),
 * ASCII letters lowered as lower() lowers the indexed text.  malloc'd; NULL when out of memory. */
char *st_search_query(const char *text)
{
	size_t n = strlen(text);
	char *q = malloc(2 * n + 3), *w = q;
	if (!q)
		return NULL;
	*w++ = '"';
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			*w++ = '"';
		*w++ = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
	}
	*w++ = '"';
	*w = '\0';
	return q;
}
