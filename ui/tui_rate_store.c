/* tui_rate_store.c — what the rating screen reads from and writes to the store (rate_state.h):
 * the rater, the queue, an item, the autosave after every key, the status keys, the claim checks
 * and the rater's verdicts on them.  The only part of the screen that calls app/store.h's rating
 * functions. */
#include "ui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sha256.h"
#include "core/claims.h"

static int failed(tui *t, const char *what, store_rc rc)
{
	if (rc == STORE_READONLY)
		tui_say(t, UI_WARN, "read-only: nothing can be changed");
	else if (rc == STORE_CONFLICT && t->rate.it.closed)
		tui_say(t, UI_WARN, "the queue is closed: its ratings can no longer change");
	else
		tui_say(t, UI_ERROR, "%s: %s", what, store_errmsg(t->st));
	return -1;
}

int rate_store_open(tui *t, const char *role)
{
	rate_state *rs = &t->rate;
	store_rater who;
	store_rc rc = store_rater_get(t->st, rs->rater, &who);
	if (rc == STORE_NOTFOUND) {
		if (!role)
			return 1; /* the screen asks */
		store_role ro = store_role_parse(role);
		if (ro == STORE_NROLES) {
			tui_say(t, UI_ERROR, "unknown role '%s' (clinician, annotator, adjudicator)", role);
			return -1;
		}
		char why[160];
		if (!store_rater_name_ok(rs->rater, why, sizeof why)) {
			tui_say(t, UI_ERROR, "rater '%s': %s", rs->rater, why);
			return -1;
		}
		rc = store_rater_add(t->st, rs->rater, ro, &who);
	}
	if (rc != STORE_OK)
		return failed(t, "rater", rc);
	rs->rater_id = who.id;
	rs->adjudicator = who.role == STORE_ROLE_ADJUDICATOR;
	store_rate_item *items = NULL;
	size_t n = 0;
	rc = store_rater_items(t->st, who.id, 0, &items, &n, NULL);
	if (rc != STORE_OK)
		return failed(t, "queue", rc);
	free(rs->items);
	rs->items = n ? malloc(n * sizeof *rs->items) : NULL;
	if (n && !rs->items) {
		rs->nitems = 0;
		free(items);
		tui_say(t, UI_ERROR, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		rs->items[i] = items[i].item;
	rs->nitems = n;
	free(items);
	rs->pos = 0;
	int64_t next = 0;
	if (store_rater_next(t->st, who.id, &next) == STORE_OK) {
		for (size_t i = 0; i < n; i++)
			if (rs->items[i] == next)
				rs->pos = i;
	} else if (n) {
		rs->pos = n - 1; /* all done: the last one */
	}
	rate_store_median(t);
	rs->adj_pending = 0;
	if (rs->adjudicator) {
		store_adjudication *a = NULL;
		size_t na = 0;
		if ((rc = store_adjudications(t->st, 0, 1, &a, &na)) != STORE_OK)
			return failed(t, "adjudications", rc);
		free(a);
		rs->adj_pending = (long)na;
	}
	return 0;
}

int rate_store_adj_list(tui *t)
{
	rate_state *rs = &t->rate;
	store_adjudication *a = NULL;
	size_t n = 0;
	store_rc rc = store_adjudications(t->st, 0, 0, &a, &n);
	if (rc != STORE_OK)
		return failed(t, "adjudications", rc);
	free(rs->items);
	rs->items = n ? malloc(n * sizeof *rs->items) : NULL;
	if (n && !rs->items) {
		free(a);
		rs->nitems = 0;
		tui_say(t, UI_ERROR, "out of memory");
		return -1;
	}
	rs->nitems = n;
	rs->pos = n ? n - 1 : 0;
	rs->adj_pending = 0;
	for (size_t i = n; i-- > 0;) {
		rs->items[i] = a[i].id;
		if (!a[i].resolved_by) {
			rs->pos = i;
			rs->adj_pending++;
		}
	}
	free(a);
	return 0;
}

int rate_store_adj_load(tui *t, size_t pos)
{
	rate_state *rs = &t->rate;
	store_adj_view_free(&rs->av);
	store_rc rc = store_adjudication_load(t->st, rs->items[pos], rs->rater_id, &rs->av, &rs->r);
	if (rc == STORE_CONFLICT) {
		tui_say(t, UI_ERROR, "%s: starting afresh", store_errmsg(t->st));
	} else if (rc != STORE_OK) {
		store_adj_view_free(&rs->av);
		return failed(t, "load adjudication", rc);
	}
	rate_item *it = &rs->it;
	store_adj_view *v = &rs->av;
	it->id = v->a.id;
	it->patient = v->patient;
	it->swapped = 0; /* the item's order: summary 1 is A */
	it->closed = v->closed;
	for (int k = 0; k < 2; k++) {
		it->summary[k] = v->summary[k];
		it->text[k] = v->text[k];
		v->text[k] = NULL;
		snprintf(it->model[k], sizeof it->model[k], "%s", v->model[k]);
		snprintf(it->sid[k], sizeof it->sid[k], "%s", v->summary_id[k]);
	}
	memset(&it->q, 0, sizeof it->q); /* no gold message: the adjudicator is not being calibrated */
	it->q.child = v->patient;
	it->q.s1 = v->summary[0];
	it->q.s2 = v->summary[1];
	if (patient_load(&t->pat, t->st, it->patient, 0) != STORE_OK)
		tui_say(t, UI_ERROR, "the child of this item: %s", store_errmsg(t->st));
	return 0;
}

void rate_store_median(tui *t)
{
	rate_state *rs = &t->rate;
	rating_median_free(&rs->med);
	rating_median_init(&rs->med);
	store_rater_median(t->st, rs->rater_id, &rs->med);
}

int rate_store_load(tui *t, size_t pos)
{
	rate_state *rs = &t->rate;
	store_rate_view v;
	memset(&v, 0, sizeof v);
	store_rc rc = store_rating_load(t->st, rs->rater_id, rs->items[pos], &v, &rs->r);
	if (rc == STORE_CONFLICT) {
		/* a damaged draft: said, and the item starts afresh (the damaged text stays stored
		 * until the first key saves over it) */
		tui_say(t, UI_ERROR, "the stored draft is damaged (%s): starting afresh", store_errmsg(t->st));
	} else if (rc != STORE_OK) {
		store_rate_view_free(&v);
		return failed(t, "load item", rc);
	}
	rate_item *it = &rs->it;
	it->id = v.it.item;
	it->patient = v.it.patient;
	it->summary[0] = v.it.left;
	it->summary[1] = v.it.right;
	it->swapped = v.it.swapped;
	it->closed = v.it.closed;
	for (int k = 0; k < 2; k++) {
		it->text[k] = v.text[k];
		v.text[k] = NULL;
		snprintf(it->model[k], sizeof it->model[k], "%s", v.model[k]);
		snprintf(it->sid[k], sizeof it->sid[k], "%s", v.summary_id[k]);
	}
	memset(&it->q, 0, sizeof it->q);
	it->q.child = v.it.patient;
	it->q.s1 = v.it.swapped ? v.it.right : v.it.left;
	it->q.s2 = v.it.swapped ? v.it.left : v.it.right;
	it->q.gold = v.it.gold;
	it->q.planted = v.it.planted;
	store_rate_view_free(&v);
	if (patient_load(&t->pat, t->st, it->patient, 0) != STORE_OK)
		tui_say(t, UI_ERROR, "the child of this item: %s", store_errmsg(t->st));
	return 0;
}

int rate_store_save(tui *t, const rating *r, const rating_change *ch)
{
	rate_state *rs = &t->rate;
	store_rc rc = rs->adj ? store_adjudication_save(t->st, rs->it.id, rs->rater_id, r, ch)
			      : store_rating_save(t->st, rs->rater_id, rs->it.id, r, ch);
	return rc == STORE_OK ? 0 : failed(t, "not saved", rc);
}

int rate_store_submit(tui *t)
{
	rate_state *rs = &t->rate;
	if (rs->adj) {
		rating_change ch;
		if (rating_submit(&rs->r, &ch) != RATING_OK) {
			tui_say(t, UI_WARN, "not resolved: the rating is not complete");
			return -1;
		}
		store_rc rc = store_adjudication_resolve(t->st, rs->it.id, rs->rater_id, &rs->r);
		if (rc != STORE_OK) {
			rating_reopen(&rs->r, &ch); /* a draft again, as stored */
			return failed(t, "not resolved", rc);
		}
		return 0;
	}
	store_rc rc = store_rating_submit(t->st, rs->rater_id, rs->it.id, &rs->r);
	return rc == STORE_OK ? 0 : failed(t, "not submitted", rc);
}

int rate_store_skip(tui *t, const char *reason)
{
	rate_state *rs = &t->rate;
	store_rc rc = store_rating_skip(t->st, rs->rater_id, rs->it.id, &rs->r, reason);
	return rc == STORE_OK ? 0 : failed(t, "not skipped", rc);
}

int rate_store_reopen(tui *t)
{
	rate_state *rs = &t->rate;
	store_rc rc = rs->adj ? store_adjudication_reopen(t->st, rs->it.id, rs->rater_id, &rs->r)
			      : store_rating_reopen(t->st, rs->rater_id, rs->it.id, &rs->r);
	return rc == STORE_OK ? 0 : failed(t, "not reopened", rc);
}

typedef struct claims_ctx {
	rate_claim *v;
	size_t n, cap;
	const char *rater;
	int oom;
} claims_ctx;

static int claim_cb(void *ctx, const store_claim_check *c)
{
	claims_ctx *x = ctx;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 16;
		rate_claim *v = realloc(x->v, nc * sizeof *v);
		if (!v) {
			x->oom = 1;
			return 1;
		}
		x->v = v;
		x->cap = nc;
	}
	rate_claim *o = &x->v[x->n++];
	memset(o, 0, sizeof *o);
	o->id = c->id;
	o->start = c->start;
	o->end = c->end;
	claim_verdict v = c->verdict ? claims_verdict_parse(c->verdict) : CLAIM_NVERDICTS;
	o->verdict = v == CLAIM_NVERDICTS ? CLAIM_UNVERIFIABLE : (int)v;
	o->mine = -1;
	if (c->rater_verdict && c->rater && strcmp(c->rater, x->rater) == 0) {
		claim_verdict m = claims_verdict_parse(c->rater_verdict);
		o->mine = m == CLAIM_NVERDICTS ? -1 : (int)m;
	}
	snprintf(o->type, sizeof o->type, "%s", c->type ? c->type : "");
	snprintf(o->quote, sizeof o->quote, "%s", c->quote ? c->quote : "");
	snprintf(o->expected, sizeof o->expected, "%s", c->expected ? c->expected : "");
	o->ind = GV_NIND;
	for (int i = 0; c->indicator && i < GV_NIND; i++)
		if (strcmp(claims_ind_name((gv_ind)i), c->indicator) == 0)
			o->ind = i;
	o->date = c->date;
	return 0;
}

int rate_store_claims(tui *t, int64_t summary, rate_claim **out, size_t *n)
{
	claims_ctx x = {NULL, 0, 0, t->rate.rater, 0};
	store_rc rc = store_checks_each(t->st, summary, claim_cb, &x, NULL);
	if (rc != STORE_OK || x.oom) {
		free(x.v);
		*out = NULL;
		*n = 0;
		return x.oom ? (tui_say(t, UI_ERROR, "out of memory"), -1) : failed(t, "claim checks", rc);
	}
	*out = x.v;
	*n = x.n;
	return 0;
}

int rate_store_verdict(tui *t, int64_t id, const char *verdict)
{
	store_rc rc = store_claim_rater_verdict(t->st, id, t->rate.rater, verdict);
	return rc == STORE_OK ? 0 : failed(t, "verdict not saved", rc);
}

int rate_store_corrected(tui *t, int64_t of, const char *text)
{
	rate_state *rs = &t->rate;
	const char *sid = of == rs->it.summary[0] ? rs->it.sid[0] : rs->it.sid[1];
	char params[256];
	/* the rater's name is checked printable without quotes or backslashes? escape to be safe */
	char esc[140];
	size_t o = 0;
	for (const char *p = rs->rater; *p && o + 3 < sizeof esc; p++) {
		if (*p == '"' || *p == '\\')
			esc[o++] = '\\';
		esc[o++] = *p;
	}
	esc[o] = '\0';
	snprintf(params, sizeof params, "{\"rater\":\"%s\",\"queue_item\":%lld}", esc, (long long)rs->it.id);
	/* The id names the item, the rater and the text (its SHA-256): submitting the same correction
	 * again (a reopened rating resubmitted) stores nothing new, a changed one is a new text. */
	unsigned char h[32];
	sha256(text, strlen(text), h);
	char id[STORE_SUMMARY_ID_MAX + 1];
	int il = snprintf(id, sizeof id, "reference-%lld-%lld-", (long long)rs->it.id, (long long)rs->rater_id);
	for (int i = 0; i < 8 && il + 2 < (int)sizeof id; i++)
		il += snprintf(id + il, sizeof id - (size_t)il, "%02x", h[i]);
	store_summary s;
	store_summary_init(&s);
	s.summary_id = id;
	s.patient_id = rs->it.patient;
	s.model = "reference";
	s.backend = STORE_BACKEND_IMPORTED;
	s.server_model = rs->rater;
	s.params = params;
	s.corrects = sid[0] ? sid : NULL;
	s.text = text;
	s.text_len = strlen(text);
	store_rc rc = store_summary_put(t->st, &s, NULL, NULL, 0);
	return rc == STORE_OK ? 0 : failed(t, "corrected summary not stored", rc);
}
