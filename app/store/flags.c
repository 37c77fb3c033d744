/* flags.c — the flag summary cache, its rule-set tag, and flag acknowledgements (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ flags */

store_rc store_flag_summary_set(gv_store *st, int64_t patient_id, int severity, int count)
{
	store_rc r = st_check_write(st, "write flag summary", NULL);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = st_q(st, Q_P_FLAGS);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	sqlite3_bind_int(s, 2, severity);
	sqlite3_bind_int(s, 3, count);
	r = st_run(st, Q_P_FLAGS, s);
	if (r == STORE_OK && sqlite3_changes(st->db) == 0)
		r = st_seterr(st, STORE_NOTFOUND, "write flag summary: no patient #%lld", (long long)patient_id);
	return r;
}

store_rc store_flag_rules_get(gv_store *st, char *tag, size_t n)
{
	tag[0] = '\0';
	sqlite3_stmt *s = st_q(st, Q_META_GET);
	if (!s)
		return STORE_ERROR;
	st_bind_text(s, 1, "flag_rules");
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		st_col_copy(s, 0, tag, n);
	else if (rc != SQLITE_DONE)
		r = st_dberr(st, st_qdef[Q_META_GET].op, rc);
	st_done(s);
	return r;
}

store_rc store_flag_rules_set(gv_store *st, const char *tag)
{
	store_rc r = st_check_write(st, "change flag rules", NULL);
	if (r != STORE_OK)
		return r;
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	sqlite3_stmt *s = st_q(st, Q_P_ALL_STALE);
	r = s ? st_run(st, Q_P_ALL_STALE, s) : STORE_ERROR;
	if (r == STORE_OK && !(s = st_q(st, Q_META_SET)))
		r = STORE_ERROR;
	if (r == STORE_OK) {
		st_bind_text(s, 1, "flag_rules");
		st_bind_text(s, 2, tag);
		r = st_run(st, Q_META_SET, s);
	}
	return st_tx_end(st, own, r);
}

store_rc store_flag_stale_ids(gv_store *st, int64_t after_id, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	sqlite3_stmt *s = st_q(st, Q_P_STALE);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, after_id);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	store_rc r = STORE_OK;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = st_dberr(st, st_qdef[Q_P_STALE].op, rc);
			break;
		}
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	}
	st_done(s);
	return r;
}

/* An acknowledgement's patient (column 0) exists. */
static store_rc ack_patient_exists(gv_store *st, const cell *row)
{
	gv_patient p;
	return store_patient_get(st, row[0].i, &p);
}

store_rc store_flag_ack(gv_store *st, int64_t patient_id, const char *rule, int32_t visit_date, const char *who,
			const char *comment, int64_t *ack_id)
{
	store_rc r = st_check_write(st, "acknowledge flag", who ? who : "");
	if (r != STORE_OK)
		return r;
	if (!rule || !*rule || strlen(rule) > 63)
		return st_seterr(st, STORE_INVALID, "acknowledge flag: rule id missing or too long");
	if (visit_date != STORE_NO_DATE && !store_date_ok(visit_date))
		return st_seterr(st, STORE_INVALID, "acknowledge flag: date out of range");
	char at[24];
	st_now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int ok = 1;
	st_cell_set_int(&row[0], patient_id);
	ok &= st_cell_set_text(&row[1], rule);
	ok &= st_cell_set_date(&row[2], visit_date);
	ok &= st_cell_set_text(&row[3], who);
	ok &= st_cell_set_text(&row[4], at);
	ok &= st_cell_set_text(&row[5], comment ? comment : "");
	return st_add_audited(st, &st_ack, row, ok, "acknowledge flag", at, who, ack_patient_exists, ack_id);
}

void store_acks_free(store_ack *acks, size_t n)
{
	for (size_t i = 0; acks && i < n; i++)
		free(acks[i].comment);
	free(acks);
}

static int ack_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	store_ack *a = elem;
	a->id = sqlite3_column_int64(s, 0);
	st_col_copy(s, 1, a->rule, sizeof a->rule);
	if (!st_col_date(s, 2, &a->visit_date))
		a->visit_date = STORE_NO_DATE;
	st_col_copy(s, 3, a->who, sizeof a->who);
	st_col_copy(s, 4, a->at, sizeof a->at);
	const char *c = (const char *)sqlite3_column_text(s, 5);
	if ((a->comment = strdup(c ? c : "")) != NULL)
		return 0;
	snprintf(why, whysz, "out of memory");
	return -1;
}

store_rc store_flag_acks(gv_store *st, int64_t patient_id, store_ack **acks, size_t *n)
{
	*acks = NULL;
	*n = 0;
	store_rc r = st_read_rows(st, Q_A_LIST, patient_id, sizeof **acks, ack_row, (void **)acks, n);
	if (r != STORE_OK) {
		store_acks_free(*acks, *n);
		*acks = NULL;
		*n = 0;
	}
	return r;
}
