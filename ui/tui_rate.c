/* tui_rate.c — the rating screen of the interface (ui/tui_int.h): two summaries of a child side
 * by side (or one at a time below 100 columns), blinded, rated with the keyboard through
 * core/rating.h, laid out by ui/rate_layout.h, every key saved at once (ui/tui_rate_store.c).
 *
 * Keys (the same table is the `?` help, ui/help.c HELP_RATE, and the man page's list):
 *   digits score the focused field and move on; Tab / Shift-Tab, arrows, h j k l move; u undoes;
 *   s skips with a reason; f flags for review; c comment; e corrected summary; Enter submits
 *   (refused, with the missing fields named); r reopens; n p next / previous item; o the other
 *   summary (narrow screens); PgUp PgDn scroll; g the child's chart / flags list / summaries;
 *   i the chart's indicator; after submit ] [ step through the claims, y confirms and x overrules
 *   the checker's verdict; ? the rubric with every anchor; q back (or quit), Q quit. */
#include "ui/tui_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/claims.h"
#include "core/rubric.h"
#include "ui/flagview.h"
#include "ui/fmt.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/pchart.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rate_state_init(rate_state *rs)
{
	memset(rs, 0, sizeof *rs);
	rating_init(&rs->r);
	rate_layout_init(&rs->L);
	rating_median_init(&rs->med);
	rate_marks_init(&rs->mk[0]);
	rate_marks_init(&rs->mk[1]);
	rs->shown = -1;
	rs->csel = -1;
}

static void unreveal(rate_state *rs)
{
	for (int k = 0; k < 2; k++) {
		free(rs->cl[k]);
		rs->cl[k] = NULL;
		rs->ncl[k] = 0;
		rate_marks_free(&rs->mk[k]);
		rs->marks_ok[k] = 0;
	}
	rs->csel = -1;
	rs->gold_msg[0] = '\0';
}

static void item_clear(rate_state *rs)
{
	unreveal(rs);
	free(rs->it.text[0]);
	free(rs->it.text[1]);
	memset(&rs->it, 0, sizeof rs->it);
	rating_free(&rs->r);
	store_adj_view_free(&rs->av);
	rs->ncmp = 0;
	rs->loaded = 0;
}

void rate_state_free(rate_state *rs)
{
	item_clear(rs);
	free(rs->items);
	rate_layout_free(&rs->L);
	rating_median_free(&rs->med);
	canvas_free(rs->cv);
	textedit_free(&rs->ed);
	free(rs->cmp);
	memset(rs, 0, sizeof *rs);
}

/* ------------------------------------------------------------------ the child's lines */

/* "last visit 2025-05-20: weight z -2.31 P1.0  length z -1.02 P15.4  BMI ...  head ..." and the
 * open flags' wording. */
static void child_lines(tui *t)
{
	rate_state *rs = &t->rate;
	patient_state *p = &t->pat;
	rs->child[0][0] = rs->child[1][0] = '\0';
	if (!p->loaded)
		return;
	patient_header(p, rs->child[0], sizeof rs->child[0]);
	if (!p->child.nv || !p->res)
		return;
	size_t last = p->child.nv - 1;
	char d[16];
	fmt_date(d, sizeof d, p->child.v[last].date);
	size_t o = (size_t)snprintf(rs->child[1], sizeof rs->child[1], "last visit %s:", d);
	static const gv_ind inds[] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA};
	static const char *const nm[] = {"weight", "length", "BMI", "head"};
	for (size_t i = 0; i < sizeof inds / sizeof inds[0]; i++) {
		const gv_ind_result *ir = &p->res[last].ind[inds[i]];
		if (ir->status != GV_OK || !isfinite(ir->z))
			continue;
		char z[16], pc[16];
		fmt_z(z, sizeof z, ir->z);
		fmt_pct(pc, sizeof pc, ir->p);
		if (o < sizeof rs->child[1])
			o += (size_t)snprintf(rs->child[1] + o, sizeof rs->child[1] - o, " %s z %s P%s ", nm[i], z, pc);
	}
	for (size_t i = 0; i < p->fv.nopen && i < 3; i++)
		if (o < sizeof rs->child[1])
			o += (size_t)snprintf(rs->child[1] + o, sizeof rs->child[1] - o, "%s%s", i ? ", " : " flags: ",
					      p->fv.items[i].label);
}

/* ------------------------------------------------------------------ loading, revealing */

static int utf8_mode(const tui *t)
{
	return t->cfg.braille; /* UTF-8 terminal and no --ascii (cmd_tui sets it so) */
}

/* After submit: the claim checks and their marks, the gold item's answer. */
static void reveal(tui *t)
{
	rate_state *rs = &t->rate;
	unreveal(rs);
	for (int k = 0; k < 2; k++) {
		if (rate_store_claims(t, rs->it.summary[k], &rs->cl[k], &rs->ncl[k]) != 0)
			break;
		rate_mark_claim *mc = rs->ncl[k] ? malloc(rs->ncl[k] * sizeof *mc) : NULL;
		if (rs->ncl[k] && !mc)
			break;
		for (size_t i = 0; i < rs->ncl[k]; i++) {
			mc[i].start = rs->cl[k][i].start;
			mc[i].end = rs->cl[k][i].end;
			mc[i].verdict = rs->cl[k][i].verdict;
		}
		const char *tx = rs->it.text[k] ? rs->it.text[k] : "";
		rate_marks_make(&rs->mk[k], tx, strlen(tx), mc, rs->ncl[k], utf8_mode(t));
		free(mc);
	}
	if (rs->it.q.gold && rs->r.status == RATING_SUBMITTED) {
		queue_gold acc = {0, 0, 0, 0};
		unsigned missed = queue_gold_score(&rs->it.q, rs->it.swapped, &rs->r, &acc);
		unsigned want = rubric_tags_of_kinds(rs->it.q.planted);
		char planted[160] = "", miss[160] = "";
		size_t o = 0, m = 0;
		for (int g = 0; g < RUBRIC_NTAGS; g++) {
			if ((want & RUBRIC_TAG_BIT(g)) && o < sizeof planted)
				o += (size_t)snprintf(planted + o, sizeof planted - o, "%s%s", o ? ", " : "",
						      rubric_tag_label((rubric_tag)g));
			if ((missed & RUBRIC_TAG_BIT(g)) && m < sizeof miss)
				m += (size_t)snprintf(miss + m, sizeof miss - m, "%s%s", m ? ", " : "",
						      rubric_tag_label((rubric_tag)g));
		}
		snprintf(rs->gold_msg, sizeof rs->gold_msg, "Gold: %s had %s planted; caught %u of %u%s%s; choice %s",
			 rs->it.swapped ? "A" : "B", planted[0] ? planted : "a mistake", acc.caught, acc.planted,
			 m ? ", missed: " : "", miss, acc.choice_right ? "right" : "not the baseline's side");
	}
}

static void load(tui *t, size_t pos)
{
	rate_state *rs = &t->rate;
	item_clear(rs);
	rating_init(&rs->r);
	rs->scroll[0] = rs->scroll[1] = 0;
	rs->shown = -1;
	rs->pane = rs->adj ? RATE_PANE_RATERS : RATE_PANE_TEXT;
	rs->edit = RATE_EDIT_NONE;
	rs->corr_side = -1;
	if (pos >= rs->nitems || (rs->adj ? rate_store_adj_load(t, pos) : rate_store_load(t, pos)) != 0)
		return;
	rs->pos = pos;
	rs->loaded = 1;
	rs->r.last_key_ms = -1;
	child_lines(t);
	if (rs->r.status == RATING_SUBMITTED) {
		reveal(t);
		if (rs->gold_msg[0]) /* a gold item visited again: its answer again */
			tui_say(t, UI_OK, "%s", rs->gold_msg);
	}
}

int tui_rate_open(tui *t, const char *rater, const char *role, int standalone)
{
	rate_state *rs = &t->rate;
	item_clear(rs);
	free(rs->items);
	rs->items = NULL;
	rs->nitems = rs->pos = 0;
	rs->open = 0;
	rs->standalone = standalone;
	snprintf(rs->rater, sizeof rs->rater, "%s", rater && *rater ? rater : t->user);
	rating_median_free(&rs->med);
	rating_median_init(&rs->med);
	t->screen = TUI_SCREEN_RATE;
	int rc = rate_store_open(t, role);
	if (rc != 0)
		return rc; /* 1: a new rater (the screen asks the role), -1: said */
	rs->open = 1;
	rs->adj = 0;
	/* an adjudicator starts on the adjudications when some wait or there is nothing else */
	if (rs->adjudicator && (rs->adj_pending > 0 || rs->nitems == 0)) {
		rs->adj = 1;
		if (rate_store_adj_list(t) != 0)
			return -1;
	}
	if (rs->nitems == 0) {
		if (rs->adj)
			tui_say(t, UI_DIM, "nothing to adjudicate: no two raters of an item disagree");
		else
			tui_say(t, UI_WARN, "no items in %s's queue (growthview queue build --raters %s ...)", rs->rater, rs->rater);
		return 0;
	}
	load(t, rs->pos);
	if (rs->adj)
		tui_say(t, UI_OK, "%ld waiting: the raters' ratings above, yours below; a: your own queue", rs->adj_pending);
	return 0;
}

/* a: an adjudicator switches between the adjudications and their own queue. */
static void toggle_adj(tui *t)
{
	rate_state *rs = &t->rate;
	if (!rs->adjudicator) {
		tui_say(t, UI_WARN, "adjudication is for raters with role adjudicator (growthview raters add NAME --role adjudicator)");
		return;
	}
	item_clear(rs);
	rs->adj = !rs->adj;
	if ((rs->adj ? rate_store_adj_list(t) : rate_store_open(t, NULL)) != 0)
		return;
	if (rs->nitems == 0) {
		tui_say(t, UI_DIM, rs->adj ? "nothing to adjudicate (a: back)" : "no items in your own queue (a: back)");
		return;
	}
	load(t, rs->pos);
	if (rs->adj)
		tui_say(t, UI_OK, "adjudications: %ld waiting (a: your own queue)", rs->adj_pending);
	else
		tui_say(t, UI_OK, "your own queue (a: the adjudications)");
}

/* ------------------------------------------------------------------ saving */

static void save(tui *t, const rating_change *ch)
{
	if (t->cfg.read_only)
		return;
	rate_store_save(t, &t->rate.r, ch);
}

/* The draft as it would be with the text being typed (saved per key, no audit line). */
static void save_typing(tui *t)
{
	rate_state *rs = &t->rate;
	if (t->cfg.read_only || (rs->edit != RATE_EDIT_COMMENT && rs->edit != RATE_EDIT_CORRECTED))
		return;
	rating view = rs->r; /* shallow: only the text pointer differs; nothing is freed */
	if (rs->edit == RATE_EDIT_COMMENT)
		view.comment = rs->ed.len ? rs->ed.buf : NULL;
	else
		view.corrected = rs->ed.len ? rs->ed.buf : NULL;
	rate_store_save(t, &view, NULL);
}

/* ------------------------------------------------------------------ messages */

static const char *field_values(const rating *r)
{
	int f = r->focus_field;
	if (f < RUBRIC_NAXES)
		return "1-5 (0 clears)";
	if (f == RATING_F_HARM || f == RATING_F_LIKELIHOOD)
		return "1-3 (0 clears)";
	if (f == RATING_F_TAGS)
		return "1-9 to toggle a tag (0 clears)";
	return "1-6 (0 clears)";
}

static void say_result(tui *t, rating_result res, int key)
{
	rate_state *rs = &t->rate;
	switch (res) {
	case RATING_EINVAL:
		tui_say(t, UI_WARN, "%c means nothing here: %s", key, field_values(&rs->r));
		break;
	case RATING_ELOCKED:
		tui_say(t, UI_WARN, "this rating is %s: r reopens it", rating_status_name(rs->r.status));
		break;
	case RATING_ENOMEM:
		tui_say(t, UI_ERROR, "out of memory");
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ claims */

static size_t nclaims(const rate_state *rs)
{
	return rs->ncl[0] + rs->ncl[1];
}

static rate_claim *claim_at(rate_state *rs, int i, int *side, size_t *idx)
{
	if (i < 0 || (size_t)i >= nclaims(rs))
		return NULL;
	*side = (size_t)i < rs->ncl[0] ? 0 : 1;
	*idx = *side ? (size_t)i - rs->ncl[0] : (size_t)i;
	return &rs->cl[*side][*idx];
}

static const char *verdict_name(int v)
{
	return v >= 0 && v < CLAIM_NVERDICTS ? claims_verdict_name((claim_verdict)v) : "-";
}

static void say_claim(tui *t)
{
	rate_state *rs = &t->rate;
	int side;
	size_t idx;
	rate_claim *c = claim_at(rs, rs->csel, &side, &idx);
	if (!c)
		return;
	char you[48];
	if (c->mine < 0)
		snprintf(you, sizeof you, "y/x?");
	else if (c->mine == c->verdict)
		snprintf(you, sizeof you, "confirmed");
	else
		snprintf(you, sizeof you, "overruled: %s", verdict_name(c->mine));
	tui_say(t, c->verdict == CLAIM_CONTRADICTED ? UI_WARN : UI_TEXT, "%s%zu %s; you %s; %s \"%s\"%s%s%s",
		side ? "B" : "A", idx + 1, verdict_name(c->verdict), you, c->type, c->quote,
		c->expected[0] ? " chart " : "", c->expected, "");
}

/* Scroll so that the focused claim's marker is in view (and show its summary). */
static void show_claim(tui *t)
{
	rate_state *rs = &t->rate;
	int side;
	size_t idx;
	if (!claim_at(rs, rs->csel, &side, &idx))
		return;
	if (!rs->L.side_by_side)
		rs->shown = side;
	if (!rs->marks_ok[side] || idx >= rs->mk[side].n)
		return;
	size_t at = rs->mk[side].at[idx];
	for (int i = 0; i < rs->L.nlines[side]; i++) {
		size_t s0 = (size_t)rs->L.ls[side][i], e0 = s0 + (size_t)rs->L.ll[side][i];
		if (at >= s0 && at <= e0) {
			if (i < rs->scroll[side] || i >= rs->scroll[side] + rs->L.pane_rows)
				rs->scroll[side] = i - rs->L.pane_rows / 2;
			if (rs->scroll[side] < 0)
				rs->scroll[side] = 0;
			break;
		}
	}
}

static void step_claim(tui *t, int d)
{
	rate_state *rs = &t->rate;
	if (rs->r.status != RATING_SUBMITTED) {
		tui_say(t, UI_DIM, "the claim checks are shown once the rating is submitted");
		return;
	}
	long n = (long)nclaims(rs);
	if (n == 0) {
		tui_say(t, UI_DIM, "no claim checks stored for these summaries (growthview check --all)");
		return;
	}
	long c = rs->csel < 0 ? (d > 0 ? 0 : n - 1) : (rs->csel + d + n) % n;
	rs->csel = (int)c;
	rs->pane = RATE_PANE_TEXT;
	show_claim(t);
	say_claim(t);
}

/* y: the rater agrees with the checker; x: overrules it (a supported or unverifiable claim is
 * contradicted, a contradicted one supported). */
static void claim_verdict_key(tui *t, int overrule)
{
	rate_state *rs = &t->rate;
	int side;
	size_t idx;
	rate_claim *c = claim_at(rs, rs->csel, &side, &idx);
	if (!c) {
		tui_say(t, UI_DIM, "no claim selected: ] and [ step through the claims");
		return;
	}
	if (tui_refuse_read_only(t))
		return;
	int v = c->verdict;
	if (overrule)
		v = c->verdict == CLAIM_CONTRADICTED ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	if (rate_store_verdict(t, c->id, claims_verdict_name((claim_verdict)v)) != 0)
		return;
	c->mine = v;
	say_claim(t);
}

/* ------------------------------------------------------------------ editors */

static void edit_open(tui *t, int kind, const char *init)
{
	rate_state *rs = &t->rate;
	textedit_free(&rs->ed);
	/* a corrected summary is a summary (the store's limit); a reason or comment a line */
	textedit_init(&rs->ed, kind == RATE_EDIT_CORRECTED ? (size_t)STORE_SUMMARY_TEXT_MAX : 1000,
		      kind == RATE_EDIT_CORRECTED);
	if (textedit_set(&rs->ed, init) != TE_CHANGED) {
		tui_say(t, UI_ERROR, "out of memory");
		return;
	}
	rs->edit = kind;
	rs->etop = 0;
}

static void edit_commit(tui *t)
{
	rate_state *rs = &t->rate;
	rating_change ch;
	rating_result res;
	int kind = rs->edit;
	rs->edit = RATE_EDIT_NONE;
	if (kind == RATE_EDIT_SKIP) {
		const char *why = textedit_text(&rs->ed);
		if (strspn(why, " ") == strlen(why)) {
			tui_say(t, UI_WARN, "not skipped: a reason is needed");
			return;
		}
		if (rate_store_skip(t, why) == 0)
			tui_say(t, UI_OK, "skipped: %s (r reopens it, n next item)", rs->r.skip_reason);
		return;
	} else if (kind == RATE_EDIT_COMMENT) {
		res = rating_set_comment(&rs->r, textedit_text(&rs->ed), &ch);
		if (res == RATING_OK)
			save(t, &ch);
		else if (res == RATING_NOCHANGE)
			save_typing(t); /* the draft had the typed text: it is the comment again */
		if (res == RATING_OK || res == RATING_NOCHANGE)
			tui_say(t, UI_OK, rs->r.comment ? "comment saved" : "no comment");
	} else {
		res = rating_set_corrected(&rs->r, textedit_text(&rs->ed), &ch);
		if (res == RATING_OK)
			save(t, &ch);
		if (res == RATING_OK || res == RATING_NOCHANGE)
			tui_say(t, UI_OK, rs->r.corrected ? "corrected summary saved (stored as a reference text on submit)"
							  : "no corrected summary");
	}
	say_result(t, res, ' ');
}

static void edit_cancel(tui *t)
{
	rate_state *rs = &t->rate;
	int kind = rs->edit;
	rs->edit = RATE_EDIT_NONE;
	/* the draft was saved with the typed text: save it back as it was */
	if (kind == RATE_EDIT_COMMENT || kind == RATE_EDIT_CORRECTED)
		save(t, NULL);
	tui_say(t, UI_DIM, "cancelled");
}

static void edit_key(tui *t, int key)
{
	rate_state *rs = &t->rate;
	int multi = rs->edit == RATE_EDIT_CORRECTED;
	if (key == K_ESC) {
		edit_cancel(t);
		return;
	}
	if ((key == K_ENTER && !multi) || (multi && key == K_CTRL('d'))) {
		edit_commit(t);
		return;
	}
	te_result r = textedit_key(&rs->ed, key, rs->ew > 0 ? rs->ew : t->w - 8, rs->erows > 1 ? rs->erows - 1 : 1);
	if (r == TE_FULL)
		tui_say(t, UI_WARN, "that is as long as it can be");
	else if (r == TE_NOMEM)
		tui_say(t, UI_ERROR, "out of memory");
	else if (r == TE_CHANGED)
		save_typing(t);
}

/* ------------------------------------------------------------------ keys */

static void go(tui *t, long pos)
{
	rate_state *rs = &t->rate;
	if (pos < 0) {
		tui_say(t, UI_DIM, "first item of the queue");
		return;
	}
	if ((size_t)pos >= rs->nitems) {
		tui_say(t, UI_DIM, "last item of the queue");
		return;
	}
	load(t, (size_t)pos);
}

static void scroll_by(tui *t, int d)
{
	rate_state *rs = &t->rate;
	int k = rs->L.side_by_side ? rs->r.focus_side : (rs->shown < 0 ? rs->r.focus_side : rs->shown);
	if (rs->r.focus_field == RATING_F_CHOICE && rs->L.side_by_side)
		k = 0;
	rs->scroll[k] += d;
	int max = rs->L.nlines[k] - rs->L.pane_rows;
	if (rs->scroll[k] > max)
		rs->scroll[k] = max;
	if (rs->scroll[k] < 0)
		rs->scroll[k] = 0;
}

static void submit(tui *t)
{
	rate_state *rs = &t->rate;
	if (tui_refuse_read_only(t))
		return;
	if (rs->r.status == RATING_SUBMITTED) {
		tui_say(t, UI_DIM, "already submitted: n next item, r reopens it");
		return;
	}
	if (rs->r.status == RATING_SKIPPED) {
		say_result(t, RATING_ELOCKED, ' ');
		return;
	}
	char miss[256];
	if (rating_missing(&rs->r, miss, sizeof miss)) {
		tui_say(t, UI_WARN, "not submitted, missing: %s", miss);
		return;
	}
	if (rate_store_submit(t) != 0)
		return;
	if (rs->adj) {
		if (rs->adj_pending > 0)
			rs->adj_pending--;
		snprintf(rs->av.resolver, sizeof rs->av.resolver, "%s", rs->rater);
		reveal(t);
		tui_say(t, UI_OK, "resolved: your answer is stored beside %s's and %s's (n next, r reopens)", rs->av.by[0].name,
			rs->av.by[1].name);
		return;
	}
	if (rs->r.corrected)
		rate_store_corrected(t, rs->it.summary[rs->corr_side >= 0 ? rs->corr_side : rs->r.focus_side],
				     rs->r.corrected);
	rate_store_median(t);
	reveal(t);
	if (rs->gold_msg[0])
		tui_say(t, UI_OK, "%s", rs->gold_msg);
	else
		tui_say(t, UI_OK, "submitted %zu / %zu; %zu claims checked: ] [ step, n next item", rs->pos + 1, rs->nitems,
			nclaims(rs));
}

static void ask_role_key(tui *t, int key)
{
	static const char *const roles[] = {"clinician", "annotator", "adjudicator"};
	if (key >= '1' && key <= '3') {
		if (tui_refuse_read_only(t))
			return;
		char rater[sizeof t->rate.rater];
		memcpy(rater, t->rate.rater, sizeof rater);
		if (tui_rate_open(t, rater, roles[key - '1'], t->rate.standalone) == 0)
			tui_say(t, UI_OK, "welcome, %s (%s)%s", rater, roles[key - '1'], t->rate.nitems ? "" : ": no items yet");
	} else if (key == 'q' || key == K_ESC || key == 'Q') {
		if (t->rate.standalone || key == 'Q')
			t->done = 1;
		else
			t->screen = TUI_SCREEN_LIST;
	}
}

static void rubric_help_key(tui *t, int key)
{
	rate_state *rs = &t->rate;
	if (key == K_DOWN || key == 'j')
		rs->help_scroll++;
	else if (key == K_UP || key == 'k')
		rs->help_scroll--;
	else if (key == K_PGDN || key == ' ')
		rs->help_scroll += 10;
	else if (key == K_PGUP)
		rs->help_scroll -= 10;
	else
		rs->help = 0;
}

static void rate_key(tui *t, int key)
{
	rate_state *rs = &t->rate;
	if (rs->help) {
		rubric_help_key(t, key);
		return;
	}
	if (!rs->open) {
		ask_role_key(t, key);
		return;
	}
	if (rs->edit) {
		edit_key(t, key);
		return;
	}
	if (key == '?' || key == K_F1) {
		rs->help = 1;
		rs->help_scroll = 0;
		return;
	}
	if (key == 'q' || key == K_ESC) {
		if (rs->standalone)
			t->done = 1;
		else {
			t->screen = TUI_SCREEN_LIST;
			list_invalidate(&t->list);
		}
		return;
	}
	if (key == 'Q') {
		t->done = 1;
		return;
	}
	if (key == 'a') {
		toggle_adj(t);
		return;
	}
	if (!rs->loaded)
		return;
	rating *r = &rs->r;
	rating_change ch = {0, RATING_NFIELDS, -1, 0, 0};
	rating_result res = RATING_NOCHANGE;
	if (r->status == RATING_DRAFT)
		rating_key_time(r, now_ms());
	if (key >= '0' && key <= '9') {
		if (r->status == RATING_DRAFT && tui_refuse_read_only(t))
			return;
		res = rating_digit(r, key - '0', &ch);
		rs->shown = -1;
	} else if (key == K_TAB || key == K_BTAB || key == K_LEFT || key == K_RIGHT || key == K_UP || key == K_DOWN ||
		   key == 'h' || key == 'l' || key == 'k' || key == 'j') {
		rating_move m = key == K_TAB		       ? RATING_NEXT
				: key == K_BTAB		       ? RATING_PREV
				: key == K_LEFT || key == 'h'  ? RATING_LEFT
				: key == K_RIGHT || key == 'l' ? RATING_RIGHT
				: key == K_UP || key == 'k'    ? RATING_UP
							       : RATING_DOWN;
		res = rating_move_focus(r, m, &ch);
		rs->shown = -1;
	} else if (key == 'u') {
		if (tui_refuse_read_only(t))
			return;
		res = rating_undo(r, &ch);
		if (res == RATING_EEMPTY)
			tui_say(t, UI_DIM, "nothing to undo");
		else if (res == RATING_ELOCKED)
			say_result(t, res, key);
		else if (res == RATING_OK) {
			char d[160];
			rating_change_describe(&ch, d, sizeof d);
			tui_say(t, UI_OK, "undone: %s", d);
		}
		rs->shown = -1;
	} else if (key == 'f') {
		if (tui_refuse_read_only(t))
			return;
		res = rating_toggle_flag(r, &ch);
		if (res == RATING_OK)
			tui_say(t, UI_OK, r->flagged ? "flagged for review" : "flag removed");
	} else if (key == 's') {
		if (tui_refuse_read_only(t))
			return;
		if (rs->adj) {
			tui_say(t, UI_WARN, "an adjudication is not skipped: n moves on, it stays waiting");
			return;
		}
		if (r->status != RATING_DRAFT) {
			say_result(t, RATING_ELOCKED, key);
			return;
		}
		edit_open(t, RATE_EDIT_SKIP, NULL);
		return;
	} else if (key == 'c') {
		if (tui_refuse_read_only(t))
			return;
		if (r->status != RATING_DRAFT) {
			say_result(t, RATING_ELOCKED, key);
			return;
		}
		edit_open(t, RATE_EDIT_COMMENT, r->comment);
		return;
	} else if (key == 'e') {
		if (tui_refuse_read_only(t))
			return;
		if (r->status != RATING_DRAFT) {
			say_result(t, RATING_ELOCKED, key);
			return;
		}
		if (rs->adj) {
			tui_say(t, UI_WARN, "corrected summaries come from the raters (c: a comment on your answer)");
			return;
		}
		int k = r->focus_side;
		if (!r->corrected || rs->corr_side < 0)
			rs->corr_side = k;
		edit_open(t, RATE_EDIT_CORRECTED, r->corrected ? r->corrected : rs->it.text[k]);
		return;
	} else if (key == K_ENTER) {
		submit(t);
		return;
	} else if (key == 'r') {
		if (tui_refuse_read_only(t))
			return;
		if (r->status == RATING_DRAFT) {
			tui_say(t, UI_DIM, "this rating is a draft already");
			return;
		}
		if (rate_store_reopen(t) == 0) {
			unreveal(rs);
			if (rs->adj) {
				rs->adj_pending++;
				rs->av.resolver[0] = '\0';
			}
			tui_say(t, UI_OK, "reopened: a draft again (the change is in the audit log)");
		}
		return;
	} else if (key == 'n') {
		go(t, (long)rs->pos + 1);
		return;
	} else if (key == 'p') {
		go(t, (long)rs->pos - 1);
		return;
	} else if (key == 'o') {
		int cur = rs->shown < 0 ? r->focus_side : rs->shown;
		rs->shown = !cur;
		return;
	} else if (key == K_PGDN || key == ' ') {
		scroll_by(t, rs->L.pane_rows > 2 ? rs->L.pane_rows - 1 : 1);
		return;
	} else if (key == K_PGUP) {
		scroll_by(t, -(rs->L.pane_rows > 2 ? rs->L.pane_rows - 1 : 1));
		return;
	} else if (key == 'g') {
		rs->pane = (rs->pane + 1) % (rs->adj ? 4 : 3);
		return;
	} else if (key == 'i') {
		rs->chart_tab = (rs->chart_tab + 1) % PCHART_NIND;
		rs->pane = RATE_PANE_CHART;
		return;
	} else if (key == ']') {
		step_claim(t, 1);
		return;
	} else if (key == '[') {
		step_claim(t, -1);
		return;
	} else if (key == 'y' || key == 'x') {
		claim_verdict_key(t, key == 'x');
		return;
	} else {
		return;
	}
	if (res == RATING_OK && ch.what)
		save(t, &ch);
	else if (res != RATING_OK && res != RATING_NOCHANGE)
		say_result(t, res, key);
}

/* ------------------------------------------------------------------ drawing */

static const char *hint(const tui *t)
{
	const rate_state *rs = &t->rate;
	if (rs->adj) {
		if (t->cfg.read_only)
			return "read-only  n p adjudication  g panes  a own queue  ? rubric  q back";
		if (rs->r.status == RATING_SUBMITTED)
			return "resolved  n p  r reopen  g panes  ] [ claims  a own queue  ? rubric  q back";
		return "1-5 score  Tab next  u undo  c note  Enter resolve  g panes  a own queue";
	}
	if (t->cfg.read_only)
		return "read-only  Tab/arrows move  n p item  g chart  ] [ claims  ? rubric  q back";
	if (rs->r.status == RATING_SUBMITTED)
		return "] [ claims  y confirm  x overrule  n next  r reopen  g chart  ? rubric  q back";
	if (rs->r.status == RATING_SKIPPED)
		return "skipped  n next  p previous  r reopen  ? rubric  q back";
	return "1-5 score  Tab next  u undo  s skip  f flag  c note  Enter submit  ? rubric";
}

/* The two raters' ratings side by side (rate_compare_make) for the raters' pane. */
static void compare_sync(tui *t)
{
	rate_state *rs = &t->rate;
	size_t stride = (size_t)t->w * 4 + 1;
	if (stride > rs->cmp_stride || !rs->cmp) {
		char *c = realloc(rs->cmp, stride * RATE_COMPARE_LINES);
		if (!c) {
			rs->ncmp = 0;
			return;
		}
		rs->cmp = c;
		rs->cmp_stride = stride;
	}
	const store_adj_view *v = &rs->av;
	rate_compare_in in;
	memset(&in, 0, sizeof in);
	in.width = t->w;
	in.utf8 = utf8_mode(t);
	in.reason = v->a.reason;
	for (int k = 0; k < 2; k++) {
		in.name[k] = v->by[k].name;
		in.role[k] = store_role_name(v->by[k].role);
		in.status[k] = v->by[k].status;
		in.r[k] = v->by[k].ok ? &v->by[k].r : NULL;
		in.why[k] = v->by[k].why;
	}
	rs->ncmp = rate_compare_make(&in, rs->cmp, rs->cmp_stride, RATE_COMPARE_LINES, rs->cmp_hot);
}

static void rate_sync(tui *t, int h)
{
	rate_state *rs = &t->rate;
	if (!rs->open || !rs->loaded)
		return;
	int revealed = rs->r.status == RATING_SUBMITTED;
	rate_layout_in in;
	memset(&in, 0, sizeof in);
	in.width = t->w;
	in.height = h;
	in.utf8 = utf8_mode(t);
	in.child[0] = rs->child[0][0] ? rs->child[0] : NULL;
	in.child[1] = rs->child[1][0] ? rs->child[1] : NULL;
	for (int k = 0; k < 2; k++) {
		in.text[k] = revealed && rs->mk[k].text ? rs->mk[k].text : rs->it.text[k];
		in.model[k] = rs->it.model[k];
		in.scroll[k] = rs->scroll[k];
	}
	in.revealed = revealed;
	in.pos = rs->pos + 1;
	in.total = rs->nitems;
	int64_t now = now_ms();
	in.active_ms = rs->r.status == RATING_DRAFT ? rating_active_ms(&rs->r, now) : rs->r.active_ms;
	in.median_ms = rating_median_get(&rs->med);
	in.shown = rs->shown;
	in.r = &rs->r;
	in.message = hint(t);
	rs->shown_second = in.active_ms / 1000;
	if (rate_layout_make(&rs->L, &in) != 0)
		return;
	for (int k = 0; k < 2; k++) {
		rs->scroll[k] = rs->L.scroll[k];
		rs->marks_ok[k] = revealed && rs->mk[k].text && rs->L.clean[k] && strcmp(rs->L.clean[k], rs->mk[k].text) == 0;
	}
	if (rs->adj)
		compare_sync(t);
}

static void rate_title(tui *t, char *buf, size_t n)
{
	rate_state *rs = &t->rate;
	if (!rs->open || !rs->loaded) {
		snprintf(buf, n, " growthview  rate  %s", rs->rater);
		return;
	}
	char a[32], m[32];
	int64_t ms = rs->r.status == RATING_DRAFT ? rating_active_ms(&rs->r, now_ms()) : rs->r.active_ms;
	rate_layout_time(a, sizeof a, ms);
	rate_layout_time(m, sizeof m, rating_median_get(&rs->med));
	if (rs->adj) {
		int done = rs->r.status == RATING_SUBMITTED;
		snprintf(buf, n, " Adjudicate  %zu / %zu   Time %s   %ld waiting   %s%s%s  %s", rs->pos + 1, rs->nitems, a,
			 rs->adj_pending, done ? "resolved by " : "draft", done ? rs->av.resolver : "",
			 rs->r.flagged ? "  flagged" : "", rs->rater);
		return;
	}
	snprintf(buf, n, " Rate  %zu / %zu   Time %s   Median %s   %s%s%s  %s", rs->pos + 1, rs->nitems, a, m,
		 rating_status_name(rs->r.status), rs->r.flagged ? "  flagged" : "", rs->it.q.gold && rs->r.status == RATING_SUBMITTED ? "  gold" : "",
		 rs->rater);
}

static int marker_role(int verdict)
{
	return verdict == CLAIM_SUPPORTED ? UI_OK : verdict == CLAIM_CONTRADICTED ? UI_ERROR : UI_WARN;
}

/* Colour the claim markers on screen (the glyph says it without colour). */
static void paint_marks(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	const rate_layout *L = &rs->L;
	int shown = rs->shown < 0 ? (rs->r.focus_field == RATING_F_CHOICE ? rs->r.focus_side : rs->r.focus_side) : rs->shown;
	for (int k = 0; k < 2; k++) {
		if (!rs->marks_ok[k] || (!L->side_by_side && k != shown))
			continue;
		const rate_marks *mk = &rs->mk[k];
		for (int i = 0; i < L->pane_rows; i++) {
			int li = L->scroll[k] + i;
			if (li >= L->nlines[k])
				break;
			size_t s0 = (size_t)L->ls[k][li], e0 = s0 + (size_t)L->ll[k][li];
			for (size_t j = 0; j < mk->n; j++) {
				if (mk->at[j] < s0 || mk->at[j] >= e0)
					continue;
				char pre[2048];
				size_t pl = mk->at[j] - s0 < sizeof pre - 1 ? mk->at[j] - s0 : sizeof pre - 1;
				memcpy(pre, mk->text + s0, pl);
				pre[pl] = '\0';
				int col = L->pane_col[k] + fmt_width(pre);
				int sel = rs->csel >= 0 && (size_t)rs->csel == (k ? rs->ncl[0] : 0) + j;
				scr_paint(s, col, L->pane_top + i, rate_marks_cols(mk, j),
					  sel ? UI_CURSOR : marker_role(rs->cl[k][j].verdict));
			}
		}
	}
}

static void draw_chart_pane(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	const rate_layout *L = &rs->L;
	int W = scr_width(s), y0 = L->pane_top, hh = L->pane_rows;
	scr_fill(s, 0, y0, W, hh, ' ', UI_TEXT);
	patient_state *p = &t->pat;
	if (rs->pane == RATE_PANE_FLAGS) {
		char b[512];
		if (p->fv.n == 0)
			scr_text(s, 2, y0, W - 4, "No flags.", UI_DIM);
		for (size_t i = 0; i < p->fv.n && (int)i < hh; i++) {
			const flagview_item *it = &p->fv.items[i];
			char d[16];
			fmt_date(d, sizeof d, it->date);
			snprintf(b, sizeof b, "%s %s  %s  %s%s", flagview_marker(it->severity), d, it->label, it->detail,
				 i < p->fv.nopen ? "" : "  (not open)");
			int role = it->severity == GV_SEV_SEVERE	 ? UI_FLAG_SEVERE
				   : it->severity == GV_SEV_MODERATE ? UI_FLAG_MODERATE
				   : it->severity == GV_SEV_CHECK    ? UI_FLAG_CHECK
								     : UI_FLAG_INFO;
			scr_text(s, 1, y0 + (int)i, W - 2, b, role);
		}
		return;
	}
	if (hh < 6 || W < 20)
		return;
	canvas_mode mode = p->braille && scr_utf8(s) ? CANVAS_BRAILLE : CANVAS_ASCII;
	if (!rs->cv || canvas_width(rs->cv) != W || canvas_height(rs->cv) != hh || canvas_get_mode(rs->cv) != mode) {
		canvas_free(rs->cv);
		rs->cv = canvas_new(W, hh, mode);
		if (!rs->cv)
			return;
	}
	chart_spec sp;
	chart_spec_init(&sp);
	sp.ind = pchart_ind(rs->chart_tab);
	/* After submit, the focused claim's point: its indicator's chart, its visit selected (issue
	 * 14: "the focused claim's point is highlighted on the chart pane"). */
	int sel = p->sel, hit = 0;
	int side;
	size_t idx;
	const rate_claim *fc = claim_at(rs, rs->csel, &side, &idx);
	if (fc && fc->ind < GV_NIND && pchart_tab((gv_ind)fc->ind) >= 0) {
		sp.ind = (gv_ind)fc->ind;
		for (size_t i = 0; i < p->child.nv; i++)
			if (p->child.v[i].date == fc->date) {
				sel = (int)i;
				hit = 1;
			}
	}
	sp.policy = p->gopt.policy;
	sp.view = CHART_VIEW_VALUE;
	sp.zoom = CHART_ZOOM_CHILD;
	sp.us_units = p->units == FMT_US;
	if (pchart_draw(rs->cv, &p->child, &sp, &p->fv, sel, NULL, NULL) != GV_OK) {
		char b[96];
		snprintf(b, sizeof b, "No %s chart for this child (i: next indicator).", pchart_ind_title(sp.ind));
		scr_text(s, 2, y0 + hh / 2, W - 4, b, UI_DIM);
		return;
	}
	scr_canvas(s, rs->cv, 0, y0);
	char b[160];
	if (hit) {
		char d[16];
		fmt_date(d, sizeof d, p->child.v[sel].date);
		snprintf(b, sizeof b, " %s  claim %s%zu at %s  (i next, g flags) ", pchart_ind_title(sp.ind), side ? "B" : "A",
			 idx + 1, d);
	} else {
		snprintf(b, sizeof b, " %s  (i next, g flags) ", pchart_ind_title(sp.ind));
	}
	scr_text(s, W - fmt_width(b) - 1, y0, fmt_width(b), b, UI_HEADING);
}

/* The raters' pane: both raters' ratings in the summaries' place, disagreements marked. */
static void draw_raters_pane(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	const rate_layout *L = &rs->L;
	int W = scr_width(s), y0 = L->pane_top, hh = L->pane_rows;
	scr_fill(s, 0, y0, W, hh, ' ', UI_TEXT);
	if (y0 >= 1) { /* the summaries' labels row names what is shown instead */
		scr_fill(s, 0, y0 - 1, W, 1, ' ', UI_HEADING);
		scr_text(s, 0, y0 - 1, W, "Raters (A = summary 1, B = summary 2 for both)   g: the summaries", UI_HEADING);
	}
	for (int i = 0; i < rs->ncmp && i < hh; i++)
		scr_text(s, 0, y0 + i, W, rs->cmp + (size_t)i * rs->cmp_stride,
			 i == RATE_COMPARE_HEADER ? UI_HEADING : rs->cmp_hot[i] ? UI_WARN : UI_TEXT);
	if (rs->ncmp > hh && hh > 0) /* too short to show it all: say so on its last row */
		scr_text(s, 0, y0 + hh - 1, W, "(more: a taller terminal shows both raters whole; g the summaries)", UI_DIM);
}

static void draw_help(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	int W = scr_width(s), H = scr_height(s);
	int bw = W - 4 < 100 ? W - 4 : 100, bh = H - 2;
	int x0 = (W - bw) / 2, y0 = 1;
	size_t nk;
	const help_key *k = help_keys(HELP_RATE, &nk);
	int total = (int)nk + 2;
	char b[512];
	for (int i = 0; rubric_help_line(i, b, sizeof b); i++)
		total++;
	int rows = bh - 3;
	if (rs->help_scroll > total - rows)
		rs->help_scroll = total - rows;
	if (rs->help_scroll < 0)
		rs->help_scroll = 0;
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	scr_text(s, x0 + 2, y0, bw - 4, " Rating: keys and rubric (" RUBRIC_ID ") ", UI_HEADING);
	for (int line = rs->help_scroll, y = y0 + 1; line < total && y < y0 + bh - 1; line++, y++) {
		if (line < (int)nk) {
			scr_text(s, x0 + 2, y, 16, k[line].keys, UI_KEY);
			scr_text(s, x0 + 19, y, bw - 21, k[line].what, UI_TEXT);
		} else if (line == (int)nk) {
			continue;
		} else if (line == (int)nk + 1) {
			scr_text(s, x0 + 2, y, bw - 4, "Rubric", UI_HEADING);
		} else {
			rubric_help_line(line - (int)nk - 2, b, sizeof b);
			scr_text(s, x0 + 2, y, bw - 4, b, UI_TEXT);
		}
	}
	const char *foot = " Up/Down PgUp/PgDn scroll, any other key closes ";
	scr_text(s, x0 + bw - 2 - (int)strlen(foot), y0 + bh - 1, (int)strlen(foot), foot, UI_DIM);
}

static void draw_editor(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	int W = scr_width(s), H = scr_height(s);
	int multi = rs->edit == RATE_EDIT_CORRECTED;
	int bw = W - 4, bh = multi ? H - 6 : 5;
	int x0 = 2, y0 = multi ? 3 : H - 8;
	const char *title = rs->edit == RATE_EDIT_SKIP	  ? " Skip this item: why? "
			    : rs->edit == RATE_EDIT_COMMENT ? " Comment (optional) "
							    : " Corrected summary ";
	const char *keys = multi ? "Ctrl-D save  Enter new line  arrows Home End  Ctrl-U clear  Esc cancel"
				 : "Enter save   arrows Home End move   Ctrl-U clear   Esc cancel";
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	scr_text(s, x0 + 2, y0, bw - 4, title, UI_HEADING);
	int tw = bw - 4, rows = bh - 3;
	if (tw < 1 || rows < 1)
		return;
	rs->ew = tw;
	rs->erows = rows;
	/* the text wrapped (paragraphs kept); the cursor's line kept in view */
	enum { MAXL = 4096 };
	static int st[MAXL], ln[MAXL];
	int cl, cc;
	int nl = textedit_layout(&rs->ed, tw, st, ln, MAXL, &cl, &cc);
	if (nl > MAXL)
		nl = MAXL;
	if (cl >= MAXL)
		cl = MAXL - 1;
	if (cl < rs->etop)
		rs->etop = cl;
	if (cl >= rs->etop + rows)
		rs->etop = cl - rows + 1;
	if (rs->etop > nl - 1)
		rs->etop = nl > 0 ? nl - 1 : 0;
	const char *txt = textedit_text(&rs->ed);
	for (int i = rs->etop; i < nl && i < rs->etop + rows; i++) {
		char b[1024];
		snprintf(b, sizeof b, "%.*s", ln[i], txt + st[i]);
		scr_text(s, x0 + 2, y0 + 1 + i - rs->etop, tw, b, multi ? UI_TEXT : UI_FIELD_ON);
	}
	/* the cursor: '_' after the end of the text, the character under it in reverse video elsewhere */
	int cx = x0 + 2 + (cc < tw ? cc : tw - 1), cy = y0 + 1 + cl - rs->etop;
	if (rs->ed.cur == rs->ed.len && cc < tw)
		scr_text(s, cx, cy, 1, "_", multi ? UI_TEXT : UI_FIELD_ON);
	scr_paint(s, cx, cy, 1, UI_CURSOR);
	scr_text(s, x0 + 2, y0 + bh - 2, tw, keys, UI_DIM);
}

static void rate_draw(tui *t, scr *s)
{
	rate_state *rs = &t->rate;
	int W = scr_width(s), H = scr_height(s);
	if (!rs->open) {
		char b[256];
		snprintf(b, sizeof b, "%s is a new rater. Which role?", rs->rater);
		scr_text(s, 2, 2, W - 4, b, UI_HEADING);
		scr_text(s, 4, 4, W - 6, "1  clinician", UI_TEXT);
		scr_text(s, 4, 5, W - 6, "2  annotator", UI_TEXT);
		scr_text(s, 4, 6, W - 6, "3  adjudicator", UI_TEXT);
		scr_text(s, 2, 8, W - 4, "q cancels", UI_DIM);
		if (rs->help)
			draw_help(t, s);
		return;
	}
	if (!rs->loaded) {
		scr_text(s, 2, 2, W - 4, "Nothing to rate.", UI_DIM);
		if (rs->help)
			draw_help(t, s);
		return;
	}
	const rate_layout *L = &rs->L;
	for (int y = 1; y < H - 1 && y < L->height; y++)
		scr_text(s, 0, y, W, rate_layout_line(L, y), UI_TEXT);
	if (L->pane_top >= 2)
		scr_paint(s, 0, L->pane_top - 1, W, UI_HEADING);
	int rule = H - 5;
	scr_paint(s, 0, rule, W, UI_DIM);
	if (L->focus_row > 0 && L->focus_row < H - 1 && rs->r.status == RATING_DRAFT)
		scr_paint(s, L->focus_col, L->focus_row, L->focus_w, UI_CURSOR);
	if (rs->pane == RATE_PANE_RATERS)
		draw_raters_pane(t, s);
	else if (rs->pane != RATE_PANE_TEXT)
		draw_chart_pane(t, s);
	else if (rs->r.status == RATING_SUBMITTED)
		paint_marks(t, s);
	if (rs->edit)
		draw_editor(t, s);
	if (rs->help)
		draw_help(t, s);
}

static int rate_help(const tui *t)
{
	(void)t;
	return HELP_RATE;
}

static int rate_status(tui *t, scr *s, int y)
{
	int W = scr_width(s);
	scr_fill(s, 0, y, W, 1, ' ', UI_STATUS);
	if (t->msg[0])
		scr_text(s, 1, y, W - 2, t->msg, t->msg_role);
	else
		scr_text(s, 1, y, W - 2, t->rate.open ? hint(t) : "1-3 choose a role   q cancel", UI_STATUS);
	return 1;
}

/* The clock: redraw when the shown second changed. */
static int rate_tick(tui *t)
{
	rate_state *rs = &t->rate;
	if (!rs->loaded || rs->r.status != RATING_DRAFT)
		return 0;
	return rating_active_ms(&rs->r, now_ms()) / 1000 != rs->shown_second;
}

static int rate_reload(tui *t)
{
	(void)t;
	return 0; /* the rating screen shows what it saved itself */
}

const tui_screen tui_rate_screen = {
	.name = "rate",
	.sync = rate_sync,
	.title = rate_title,
	.draw = rate_draw,
	.help = rate_help,
	.status = rate_status,
	.key = rate_key,
	.reload = rate_reload,
	.tick = rate_tick,
};
