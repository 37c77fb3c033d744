/* summaries.c — LLM summaries and their ratings (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ summaries and ratings */

store_rc store_summary_add(gv_store *st, int64_t patient_id, const char *backend, const char *model,
			   const char *prompt_id, const char *text, int64_t *id)
{
	store_rc r = st_check_write(st, "insert summary", NULL);
	if (r != STORE_OK)
		return r;
	if (!backend || !model || !prompt_id || !text)
		return st_seterr(st, STORE_INVALID, "insert summary: backend, model, prompt id and text are required");
	char at[24];
	st_now_stamp(at);
	sqlite3_stmt *s = st_q(st, Q_S_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, ST_P(s, ":patient_id"), patient_id);
	st_bind_text(s, ST_P(s, ":backend"), backend);
	st_bind_text(s, ST_P(s, ":model"), model);
	st_bind_text(s, ST_P(s, ":prompt_id"), prompt_id);
	st_bind_text(s, ST_P(s, ":text"), text);
	st_bind_text(s, ST_P(s, ":created"), at);
	r = st_run(st, Q_S_INSERT, s);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return r;
}

store_rc store_rating_add(gv_store *st, int64_t summary_a, int64_t summary_b, const char *rater,
			  const char *scores_json, const char *comment, int64_t *id)
{
	store_rc r = st_check_write(st, "insert rating", rater ? rater : "");
	if (r != STORE_OK)
		return r;
	if (!scores_json)
		return st_seterr(st, STORE_INVALID, "insert rating: scores are required");
	char at[24];
	st_now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int ok = 1;
	st_cell_set_int(&row[0], summary_a);
	if (summary_b)
		st_cell_set_int(&row[1], summary_b);
	ok &= st_cell_set_text(&row[2], rater);
	ok &= st_cell_set_text(&row[3], scores_json);
	ok &= st_cell_set_text(&row[4], comment ? comment : "");
	ok &= st_cell_set_text(&row[5], at);
	return st_add_audited(st, &st_rating, row, ok, "insert rating", at, rater, NULL, id);
}
