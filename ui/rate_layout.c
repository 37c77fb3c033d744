/* rate_layout.c — the rating screen as lines of text (see rate_layout.h). */
#include "ui/rate_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/queue.h"
#include "core/text.h"
#include "ui/fmt.h"

void rate_layout_init(rate_layout *l)
{
	memset(l, 0, sizeof *l);
	l->focus_row = -1;
}

void rate_layout_free(rate_layout *l)
{
	free(l->buf);
	for (int k = 0; k < 2; k++) {
		free(l->clean[k]);
		free(l->ls[k]);
		free(l->ll[k]);
	}
	rate_layout_init(l);
}

const char *rate_layout_line(const rate_layout *l, int row)
{
	if (!l->buf || row < 0 || row >= l->height)
		return "";
	return l->buf + (size_t)row * l->stride;
}

void rate_layout_time(char *buf, size_t n, int64_t ms)
{
	if (ms < 0) {
		snprintf(buf, n, "-");
		return;
	}
	int64_t s = ms / 1000;
	if (s >= 3600)
		snprintf(buf, n, "%d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, n, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* A line being built: bytes into l's row, columns counted. */
typedef struct row {
	char *p;
	size_t n, len;
	int cols;
	int utf8;
} row;

static row row_at(rate_layout *l, int r)
{
	row w = {l->buf + (size_t)r * l->stride, l->stride, 0, 0, l->utf8};
	w.p[0] = '\0';
	return w;
}

/* Append s (already clean) fitted into exactly cols columns. */
static void put_fit(row *w, const char *s, int cols)
{
	if (cols <= 0)
		return;
	w->len += fmt_fit(w->p + w->len, w->n - w->len, s, cols, w->utf8);
	w->cols += cols;
}

/* Append s untrusted: cleaned first (utf8 decides ASCII), fitted to cols. */
static void put_text(row *w, const char *s, int cols, int utf8)
{
	char tmp[1024];
	text_clean(tmp, sizeof tmp, s ? s : "", s ? strlen(s) : 0, utf8 ? 0 : TEXT_ASCII);
	put_fit(w, tmp, cols);
}

/* Pad the row to width. */
static void pad(row *w, int width)
{
	if (w->cols < width)
		put_fit(w, "", width - w->cols);
}

/* Left text and right text on one row of width columns (the right one wins when both do not fit). */
static void put_lr(row *w, const char *left, const char *right, int width, int utf8)
{
	int rw = fmt_width(right);
	if (rw > width)
		rw = width;
	put_text(w, left, width - rw, utf8);
	put_fit(w, right, rw);
}

/* Clean and wrap summary k to width columns (paragraphs kept). */
static int wrap(rate_layout *l, int k, const char *text, int width, int utf8)
{
	if (!text)
		text = "";
	size_t n = strlen(text);
	size_t need = text_clean(NULL, 0, text, n, TEXT_KEEP_NEWLINE | (utf8 ? 0 : TEXT_ASCII)) + 1;
	if (need > l->cleansz[k]) {
		char *c = realloc(l->clean[k], need);
		if (!c)
			return -1;
		l->clean[k] = c;
		l->cleansz[k] = need;
	}
	text_clean(l->clean[k], l->cleansz[k], text, n, TEXT_KEEP_NEWLINE | (utf8 ? 0 : TEXT_ASCII));
	/* paragraphs: NUL at each newline, each wrapped alone; an empty one is an empty line */
	int nl = 0;
	char *p = l->clean[k];
	for (;;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		int got = fmt_wrap(p, width, NULL, NULL, 0);
		int want = got ? got : 1;
		if (nl + want > l->lcap[k]) {
			int cap = (nl + want) * 2 + 32;
			int *a = realloc(l->ls[k], (size_t)cap * sizeof *a);
			if (!a)
				return -1;
			l->ls[k] = a;
			int *b = realloc(l->ll[k], (size_t)cap * sizeof *b);
			if (!b)
				return -1;
			l->ll[k] = b;
			l->lcap[k] = cap;
		}
		if (got) {
			fmt_wrap(p, width, l->ls[k] + nl, l->ll[k] + nl, got);
			for (int i = 0; i < got; i++)
				l->ls[k][nl + i] += (int)(p - l->clean[k]);
		} else {
			l->ls[k][nl] = (int)(p - l->clean[k]);
			l->ll[k][nl] = 0;
		}
		nl += want;
		if (!e)
			break;
		p = e + 1;
	}
	/* a text that ends with a newline has no empty last line to show */
	if (nl > 1 && l->ll[k][nl - 1] == 0 && n && text[n - 1] == '\n')
		nl--;
	if (n == 0)
		nl = 0;
	l->nlines[k] = nl;
	return 0;
}

/* Summary k's wrapped line i fitted into cols. */
static void put_line(rate_layout *l, row *w, int k, int i, int cols)
{
	char tmp[2048];
	if (i < 0 || i >= l->nlines[k]) {
		put_fit(w, "", cols);
		return;
	}
	int len = l->ll[k][i];
	if (len >= (int)sizeof tmp)
		len = (int)sizeof tmp - 1;
	memcpy(tmp, l->clean[k] + l->ls[k][i], (size_t)len);
	tmp[len] = '\0';
	put_fit(w, tmp, cols);
}

static void scroll_label(char *buf, size_t n, const rate_layout *l, int k)
{
	buf[0] = '\0';
	if (l->nlines[k] > l->pane_rows) {
		int last = l->scroll[k] + l->pane_rows;
		if (last > l->nlines[k])
			last = l->nlines[k];
		snprintf(buf, n, "%d-%d/%d", l->scroll[k] + 1, last, l->nlines[k]);
	}
}

/* A field's value as the panel shows it. */
static void value_text(char *buf, size_t n, const rating *r, int side, rating_field f)
{
	int32_t v = RATING_UNSET;
	if (r && f < RATING_F_NSIDE) {
		const rating_side *s = &r->side[side];
		if ((int)f < RUBRIC_NAXES)
			v = s->axis[f];
		else if (f == RATING_F_HARM)
			v = s->harm;
		else if (f == RATING_F_LIKELIHOOD)
			v = s->likelihood;
		else
			v = s->tags;
	} else if (r && f == RATING_F_CHOICE) {
		v = r->choice;
	}
	if (f == RATING_F_TAGS) {
		size_t o = 0;
		buf[0] = '\0';
		for (int t = 0; t < RUBRIC_NTAGS; t++)
			if (v & (int32_t)RUBRIC_TAG_BIT(t))
				o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%s%s", o ? "," : "",
						      rubric_tag_short((rubric_tag)t));
		if (!o)
			snprintf(buf, n, "none");
		return;
	}
	if (f == RATING_F_LIKELIHOOD && r && r->side[side].harm == RUBRIC_HARM_NONE && v == RATING_UNSET) {
		snprintf(buf, n, "n/a");
		return;
	}
	if (v == RATING_UNSET) {
		snprintf(buf, n, "-");
		return;
	}
	switch (f) {
	case RATING_F_HARM: snprintf(buf, n, "%s", rubric_harm_label((rubric_harm)v)); break;
	case RATING_F_LIKELIHOOD: snprintf(buf, n, "%s", rubric_likelihood_name((rubric_likelihood)v)); break;
	case RATING_F_CHOICE: snprintf(buf, n, "%s", rubric_choice_label((rubric_choice)v)); break;
	default: snprintf(buf, n, "%d", (int)v); break;
	}
}

static int focused(const rating *r, int side, rating_field f)
{
	if (!r)
		return 0;
	if (f == RATING_F_CHOICE)
		return r->focus_field == RATING_F_CHOICE;
	return r->focus_field == (int)f && r->focus_side == side;
}

/* "Name[value]" or "Name value " into the row; records the focus cell. */
static void put_cell(rate_layout *l, row *w, int rowi, const char *name, const char *value, int is_focus, int width)
{
	char cell[160];
	int nw = fmt_width(name);
	snprintf(cell, sizeof cell, "%s%s%s%s", name, is_focus ? "[" : " ", value, is_focus ? "]" : " ");
	int cw = fmt_width(cell);
	if (w->cols + cw > width)
		cw = width - w->cols;
	if (cw <= 0)
		return;
	if (is_focus) {
		l->focus_row = rowi;
		l->focus_col = w->cols + nw;
		l->focus_w = cw - nw < 0 ? 0 : cw - nw;
	}
	put_fit(w, cell, cw);
	if (w->cols + 1 <= width)
		put_fit(w, "", 1);
}

static void panel_side(rate_layout *l, int rowi, const rating *r, int side, int width)
{
	row w = row_at(l, rowi);
	char v[128];
	put_fit(&w, side ? "B " : "A ", 2);
	for (int f = 0; f < RATING_F_NSIDE; f++) {
		static const char *const nm[] = {"Corr", "Comp", "Conc", "Clar", "Harm", "Lik", "Tags"};
		value_text(v, sizeof v, r, side, (rating_field)f);
		put_cell(l, &w, rowi, nm[f], v, focused(r, side, (rating_field)f), width);
	}
	pad(&w, width);
}

/* The rule above the panel: the focused field's anchor (or question when unscored). */
static void rule(rate_layout *l, int rowi, const rating *r, int width, int utf8)
{
	row w = row_at(l, rowi);
	char t[256] = "";
	if (r) {
		int f = r->focus_field, s = r->focus_side;
		if (f < RUBRIC_NAXES) {
			int v = r->side[s].axis[f];
			if (v != RATING_UNSET)
				snprintf(t, sizeof t, " %s %s %d: %s ", s ? "B" : "A", rubric_axis_label((rubric_axis)f), v,
					 rubric_anchor((rubric_axis)f, v));
			else
				snprintf(t, sizeof t, " %s %s 1-5: %s ", s ? "B" : "A", rubric_axis_label((rubric_axis)f),
					 rubric_axis_question((rubric_axis)f));
		} else if (f == RATING_F_HARM) {
			snprintf(t, sizeof t, " %s possible harm: 1 none, 2 mild-moderate, 3 severe ", s ? "B" : "A");
		} else if (f == RATING_F_LIKELIHOOD) {
			snprintf(t, sizeof t, " %s likelihood of harm: 1 low, 2 medium, 3 high ", s ? "B" : "A");
		} else if (f == RATING_F_TAGS) {
			snprintf(t, sizeof t, " %s errors: 1 pct/z 2 value 3 unit 4 trend 5 category 6 basis 7 missed 8 unsafe 9 other ",
				 s ? "B" : "A");
		} else {
			snprintf(t, sizeof t, " Which is better: 1 A much, 2 A, 3 tie, 4 B, 5 B much, 6 both unacceptable ");
		}
	}
	const char *dash = utf8 ? "\xe2\x94\x80" : "-";
	put_fit(&w, utf8 ? "\xe2\x94\x80\xe2\x94\x80" : "--", 2);
	int tw = fmt_width(t);
	if (tw > width - 2)
		tw = width - 2;
	put_fit(&w, t, tw);
	while (w.cols < width) {
		size_t dl = strlen(dash);
		if (w.len + dl + 1 > w.n)
			break;
		memcpy(w.p + w.len, dash, dl + 1);
		w.len += dl;
		w.cols++;
	}
}

int rate_layout_make(rate_layout *l, const rate_layout_in *in)
{
	int W = in->width, H = in->height;
	if (W < 1 || H < 1) {
		l->height = 0;
		return -1;
	}
	/* a column can take up to 4 bytes (a wide character takes 2 columns and at most 4 bytes;
	 * combining marks are cleaned into lines by fmt_fit with their base), plus the NUL */
	size_t stride = (size_t)W * 4 + 16;
	if (stride * (size_t)H > l->bufsz) {
		char *b = realloc(l->buf, stride * (size_t)H);
		if (!b) {
			l->height = 0;
			return -1;
		}
		l->buf = b;
		l->bufsz = stride * (size_t)H;
	}
	l->stride = stride;
	l->width = W;
	l->height = H;
	l->focus_row = -1;
	l->focus_col = l->focus_w = 0;
	int utf8 = in->utf8 != 0;
	l->utf8 = utf8;
	for (int r = 0; r < H; r++) {
		row w = row_at(l, r);
		pad(&w, W);
	}
	if (W < RATE_LAYOUT_MIN_COLS || H < RATE_LAYOUT_MIN_ROWS) {
		char m[96];
		snprintf(m, sizeof m, "The rating screen needs %dx%d (this is %dx%d)", RATE_LAYOUT_MIN_COLS,
			 RATE_LAYOUT_MIN_ROWS, W, H);
		row w = row_at(l, 0);
		put_fit(&w, m, W);
		l->pane_rows = 0;
		l->nlines[0] = l->nlines[1] = 0;
		return 0;
	}
	const rating *rt = in->r;
	int shown = in->shown < 0 ? (rt ? rt->focus_side : 0) : in->shown != 0;
	/* row 0: progress, time, median; status on the right */
	{
		char a[32], m[32], left[160], right[64];
		rate_layout_time(a, sizeof a, in->active_ms);
		rate_layout_time(m, sizeof m, in->median_ms);
		snprintf(left, sizeof left, "Item %zu / %zu   Time %s   Median %s", in->pos, in->total, a, m);
		snprintf(right, sizeof right, "%s%s ", rt && rt->flagged ? "flagged  " : "",
			 rt ? rating_status_name(rt->status) : "");
		row w = row_at(l, 0);
		put_lr(&w, left, right, W, utf8);
	}
	int y = 1;
	for (int k = 0; k < 2; k++)
		if (in->child[k]) {
			row w = row_at(l, y++);
			put_text(&w, in->child[k], W, utf8);
		}
	int label_row = y++;
	int panel = H - 5; /* rule, A, B, choice, last line */
	l->pane_top = y;
	l->pane_rows = panel - y;
	l->side_by_side = W >= RATE_LAYOUT_SPLIT_COLS;
	const char *gutter = utf8 ? " \xe2\x94\x82 " : " | ";
	if (l->side_by_side) {
		l->pane_w[0] = (W - 3) / 2;
		l->pane_w[1] = W - 3 - l->pane_w[0];
		l->pane_col[0] = 0;
		l->pane_col[1] = l->pane_w[0] + 3;
	} else {
		l->pane_w[0] = l->pane_w[1] = W;
		l->pane_col[0] = l->pane_col[1] = 0;
	}
	for (int k = 0; k < 2; k++) {
		if (wrap(l, k, in->text[k], l->pane_w[k], utf8) < 0) {
			l->height = 0;
			return -1;
		}
		int s = in->scroll[k], max = l->nlines[k] - l->pane_rows;
		if (s > max)
			s = max;
		if (s < 0)
			s = 0;
		l->scroll[k] = s;
	}
	/* labels */
	{
		row w = row_at(l, label_row);
		char lab[2][200], sc[2][32];
		for (int k = 0; k < 2; k++) {
			char mdl[160];
			text_clean(mdl, sizeof mdl, in->model[k] ? in->model[k] : "", in->model[k] ? strlen(in->model[k]) : 0,
				   utf8 ? 0 : TEXT_ASCII);
			scroll_label(sc[k], sizeof sc[k], l, k);
			if (l->side_by_side)
				snprintf(lab[k], sizeof lab[k], "%s%s%s", k ? "B" : "A", in->revealed ? "  " : "",
					 in->revealed ? mdl : "");
			else
				snprintf(lab[k], sizeof lab[k], "%s%s%s", shown == k ? (k ? "[B]" : "[A]") : (k ? "B" : "A"),
					 in->revealed ? " " : "", in->revealed ? mdl : "");
		}
		if (l->side_by_side) {
			put_lr(&w, lab[0], sc[0], l->pane_w[0], utf8);
			put_fit(&w, gutter, 3);
			put_lr(&w, lab[1], sc[1], l->pane_w[1], utf8);
		} else {
			char both[420];
			snprintf(both, sizeof both, "%s  %s", lab[0], lab[1]);
			put_lr(&w, both, sc[shown], W, utf8);
		}
		pad(&w, W);
	}
	/* panes */
	int sh = shown;
	for (int i = 0; i < l->pane_rows; i++) {
		row w = row_at(l, l->pane_top + i);
		if (l->side_by_side) {
			put_line(l, &w, 0, l->scroll[0] + i, l->pane_w[0]);
			put_fit(&w, gutter, 3);
			put_line(l, &w, 1, l->scroll[1] + i, l->pane_w[1]);
		} else {
			put_line(l, &w, sh, l->scroll[sh] + i, W);
		}
	}
	/* the rule and the panel */
	rule(l, panel, rt, W, utf8);
	panel_side(l, panel + 1, rt, 0, W);
	panel_side(l, panel + 2, rt, 1, W);
	{
		row w = row_at(l, panel + 3);
		char v[64];
		value_text(v, sizeof v, rt, 0, RATING_F_CHOICE);
		put_fit(&w, "  ", 2);
		put_cell(l, &w, panel + 3, "Choice", v, focused(rt, 0, RATING_F_CHOICE), W);
		char extra[128];
		snprintf(extra, sizeof extra, "%s%s", rt && rt->comment ? " comment" : "",
			 rt && rt->corrected ? " corrected-text" : "");
		if (rt && rt->status == RATING_SKIPPED && rt->skip_reason) {
			char why[160];
			snprintf(why, sizeof why, " skipped: %s", rt->skip_reason);
			put_text(&w, why, W - w.cols, utf8);
		} else {
			put_text(&w, extra, W - w.cols, utf8);
		}
		pad(&w, W);
	}
	{
		row w = row_at(l, H - 1);
		const char *hint = in->message ? in->message
				   : "1-5 score  Tab next  u undo  s skip  f flag  Enter submit  ? rubric";
		put_text(&w, hint, W, utf8);
	}
	return 0;
}

/* ------------------------------------------------------------------ the adjudicator's comparison */

/* The stored reason with the item's summaries named as on the adjudicator's screen: "s1" -> "A",
 * "s2" -> "B" (whole words only). */
static void reason_ab(char *dst, size_t n, const char *src)
{
	size_t o = 0;
	for (const char *p = src; *p && o + 1 < n; p++) {
		int word = (p == src || p[-1] == ' ') && p[0] == 's' && (p[1] == '1' || p[1] == '2') &&
			   (p[2] == ' ' || p[2] == '\0' || p[2] == ';' || p[2] == ',');
		if (word) {
			dst[o++] = p[1] == '1' ? 'A' : 'B';
			p++;
		} else {
			dst[o++] = *p;
		}
	}
	dst[o] = '\0';
}

int rate_compare_make(const rate_compare_in *in, char *lines, size_t stride, int max, unsigned char *hot)
{
	int W = in->width;
	if (W < RATE_LAYOUT_MIN_COLS || stride < (size_t)W * 4 + 1 || max <= 0)
		return 0;
	/* columns: label 17, four axes of 5, harm 15, likelihood 8, tags the rest */
	enum { LAB = 17, AX = 5, HARM = 15, LIK = 8 };
	int n = 0;
	char b[512], v[128];
#define NEXT_ROW() (row){lines + (size_t)n * stride, stride, 0, 0, in->utf8}
	if (n < max) {
		row w = NEXT_ROW();
		w.p[0] = '\0';
		char why[300];
		reason_ab(why, sizeof why, in->reason ? in->reason : "");
		snprintf(b, sizeof b, "Disagree: %s", why[0] ? why : "-");
		/* two lines for it, wrapped at spaces (what does not fit is cut with the ellipsis) */
		char clean[512];
		text_clean(clean, sizeof clean, b, strlen(b), in->utf8 ? 0 : TEXT_ASCII);
		int st[2], ln[2];
		int nl = fmt_wrap(clean, W, st, ln, 2);
		char part[512];
		snprintf(part, sizeof part, "%.*s", nl > 0 ? ln[0] : 0, clean);
		put_fit(&w, part, W);
		if (hot)
			hot[n] = 0;
		n++;
		if (n < max) {
			w = NEXT_ROW();
			w.p[0] = '\0';
			snprintf(part, sizeof part, "%s", nl > 1 ? clean + st[1] : "");
			put_fit(&w, part, W);
			if (hot)
				hot[n] = 0;
			n++;
		}
	}
	if (n < max) {
		row w = NEXT_ROW();
		w.p[0] = '\0';
		put_fit(&w, "", LAB);
		for (int f = 0; f < RATING_F_NSIDE; f++) {
			static const char *const nm[] = {"Corr", "Comp", "Conc", "Clar", "Harm", "Lik", "Tags"};
			int cw = f < RUBRIC_NAXES ? AX : f == RATING_F_HARM ? HARM : f == RATING_F_LIKELIHOOD ? LIK : W - w.cols;
			put_fit(&w, nm[f], cw);
		}
		pad(&w, W);
		if (hot)
			hot[n] = 0;
		n++;
	}
	for (int k = 0; k < 2; k++) {
		const rating *r = in->r[k], *o = in->r[!k];
		if (n < max) {
			row w = NEXT_ROW();
			w.p[0] = '\0';
			snprintf(b, sizeof b, "%s (%s), %s", in->name[k] ? in->name[k] : "?", in->role[k] ? in->role[k] : "?",
				 in->status[k] && in->status[k][0] ? in->status[k] : "not rated");
			put_text(&w, b, W, in->utf8);
			if (hot)
				hot[n] = 0;
			n++;
		}
		if (!r) {
			if (n < max) {
				row w = NEXT_ROW();
				w.p[0] = '\0';
				snprintf(b, sizeof b, "  (no rating to compare: %s)", in->why[k] ? in->why[k] : "unreadable");
				put_text(&w, b, W, in->utf8);
				if (hot)
					hot[n] = 0;
				n++;
			}
			continue;
		}
		for (int side = 0; side < 2 && n < max; side++) {
			row w = NEXT_ROW();
			w.p[0] = '\0';
			int any = 0;
			put_fit(&w, side ? "  B" : "  A", LAB);
			for (int f = 0; f < RATING_F_NSIDE; f++) {
				value_text(v, sizeof v, r, side, (rating_field)f);
				int mark = o && queue_disagree_at(r, o, side, (rating_field)f) != 0;
				any |= mark;
				snprintf(b, sizeof b, "%s%s", v, mark ? "!" : "");
				int cw = f < RUBRIC_NAXES ? AX : f == RATING_F_HARM ? HARM : f == RATING_F_LIKELIHOOD ? LIK : W - w.cols;
				put_fit(&w, b, cw);
			}
			pad(&w, W);
			if (hot)
				hot[n] = (unsigned char)any;
			n++;
		}
		if (n < max) {
			row w = NEXT_ROW();
			w.p[0] = '\0';
			value_text(v, sizeof v, r, 0, RATING_F_CHOICE);
			int mark = o && queue_disagree_at(r, o, 0, RATING_F_CHOICE) != 0;
			snprintf(b, sizeof b, "  Choice %s%s", v, mark ? "!" : "");
			put_fit(&w, b, LAB + 4 * AX);
			put_text(&w, r->comment ? "comment: " : "", r->comment ? 9 : 0, in->utf8);
			put_text(&w, r->comment ? r->comment : "no comment", W - w.cols, in->utf8);
			pad(&w, W);
			if (hot)
				hot[n] = (unsigned char)mark;
			n++;
		}
	}
	if (n < max) {
		row w = NEXT_ROW();
		w.p[0] = '\0';
		put_text(&w, "! they disagree: choice on opposite sides, a score 2+ apart, a different harm", W, in->utf8);
		if (hot)
			hot[n] = 0;
		n++;
	}
#undef NEXT_ROW
	return n;
}
