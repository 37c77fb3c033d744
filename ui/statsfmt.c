/* statsfmt.c — see statsfmt.h. */
#include "ui/statsfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui/fmt.h"

#define LINE_MAX_BYTES 512

typedef struct out {
	gv_buf *b;
	int width;  /* cut lines here */
	int layout; /* lay tables out for this many columns (>= 80) */
	int cut;    /* lines longer than width */
} out;

/* One line: printf-style, cut to o->width columns (the text is ASCII). */
static void line(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(out *o, const char *fmt, ...)
{
	char l[LINE_MAX_BYTES];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l, sizeof l, fmt, ap);
	va_end(ap);
	size_t n = strlen(l);
	while (n > 0 && l[n - 1] == ' ')
		n--;
	if (o->width > 0 && n > (size_t)o->width) {
		n = (size_t)o->width;
		o->cut++;
	}
	buf_put(o->b, l, n);
	buf_putc(o->b, '\n');
}

/* A stored name in exactly cols columns, ASCII ('?' for the rest, '~' where cut). */
static void name_cell(char *dst, size_t n, const char *name, int cols)
{
	fmt_fit(dst, n, name, cols, 0);
}

/* A share as a percentage with its interval: "12.3 [10.1,14.6]"; "-" when undefined; the
 * estimate alone when there is no interval. */
static void pct_cell(char *dst, size_t n, const metrics_ci *ci)
{
	if (ci->st != GV_OK || !isfinite(ci->est)) {
		snprintf(dst, n, "-");
		return;
	}
	if (isfinite(ci->lo) && isfinite(ci->hi))
		snprintf(dst, n, "%.1f [%.1f,%.1f]", 100 * ci->est, 100 * ci->lo, 100 * ci->hi);
	else
		snprintf(dst, n, "%.1f", 100 * ci->est);
}

static void intervals_note(out *o, const stats_report *r, const char *unit)
{
	if (r->opts.n_boot == 0)
		line(o, "No intervals (0 bootstrap resamples).");
	else
		line(o, "Intervals: %g%% percentile bootstrap over %s, %u resamples, seed %llu.", 100 * r->opts.conf, unit,
		     (unsigned)r->opts.n_boot, (unsigned long long)r->opts.seed);
}

static void summaries_section(out *o, const stats_report *r)
{
	if (r->summaries == 0) {
		line(o, "Summaries: none stored yet (write some with `growthview summarize`).");
		return;
	}
	line(o, "Summaries: %ld by %zu model%s on %ld child%s; %ld with a stored claim check.", r->summaries,
	     r->n_models, r->n_models == 1 ? "" : "s", r->children, r->children == 1 ? "" : "ren", r->checked);
	if (r->checked < r->summaries)
		line(o, "Those without a check count in no rate (`growthview check --all` checks them).");
	if (r->corrections > 0)
		line(o, "%ld corrected summar%s by raters (references, not a model's) left out.", r->corrections,
		     r->corrections == 1 ? "y" : "ies");
	if (r->checked == 0)
		return;
	intervals_note(o, r, "children");
	line(o, "%s", "");
	int nw = o->layout - 65;
	char nm[LINE_MAX_BYTES], c1[64], c2[64];
	line(o, "%-*s %6s %7s %7s  %-19s  %-19s", nw, "Claim checks", "summ", "checked", "claims", "contradicted %",
	     "omits a flag %");
	for (size_t i = 0; i < r->n_models; i++) {
		const stats_model *m = &r->models[i];
		name_cell(nm, sizeof nm, m->name, nw);
		pct_cell(c1, sizeof c1, &m->contradicted_rate);
		pct_cell(c2, sizeof c2, &m->omitted_rate);
		line(o, "%s %6ld %7ld %7ld  %-19s  %-19s", nm, m->summaries, m->checked, m->claims, c1, c2);
	}
}

/* An interval cell with `dec` decimals: "0.61 [0.40,0.80]"; "-" when undefined. */
static void ci_cell(char *dst, size_t n, const metrics_ci *ci, int dec)
{
	if (ci->st != GV_OK || !isfinite(ci->est))
		snprintf(dst, n, "-");
	else if (isfinite(ci->lo) && isfinite(ci->hi))
		snprintf(dst, n, "%.*f [%.*f,%.*f]", dec, ci->est, dec > 1 ? dec : 1, ci->lo, dec > 1 ? dec : 1, ci->hi);
	else
		snprintf(dst, n, "%.*f", dec, ci->est);
}

/* Column of x on a bar of w cells over [lo, hi]. */
static int bar_col(double x, double lo, double hi, int w)
{
	if (!(hi > lo))
		return w / 2;
	double f = (x - lo) / (hi - lo);
	int c = (int)lround(f * (w - 1));
	return c < 0 ? 0 : c >= w ? w - 1 : c;
}

/* The interval [lo, hi] with its estimate as a text bar of w cells on the scale [s0, s1]:
 * "   [---*----]   "; only "*" without an interval. */
static void bar(char *dst, int w, double est, double lo, double hi, double s0, double s1)
{
	memset(dst, ' ', (size_t)w);
	dst[w] = '\0';
	if (isfinite(lo) && isfinite(hi)) {
		int a = bar_col(lo, s0, s1, w), z = bar_col(hi, s0, s1, w);
		for (int i = a; i <= z; i++)
			dst[i] = '-';
		dst[a] = '[';
		dst[z] = ']';
	}
	if (isfinite(est))
		dst[bar_col(est, s0, s1, w)] = '*';
}

static int by_theta_desc(const void *a, const void *b, const rank_bt *bt)
{
	double x = bt->theta[*(const uint16_t *)a], y = bt->theta[*(const uint16_t *)b];
	if (x != y)
		return x > y ? -1 : 1;
	return *(const uint16_t *)a < *(const uint16_t *)b ? -1 : 1;
}

/* Ranked-model indices ordered by the plain fit's strength, strongest first (insertion sort:
 * at most RANK_MAX_MODELS). */
static void order_by_theta(const rank_bt *bt, uint16_t n, uint16_t *ord)
{
	for (uint16_t i = 0; i < n; i++)
		ord[i] = i;
	for (uint16_t i = 1; i < n; i++)
		for (uint16_t j = i; j > 0 && by_theta_desc(&ord[j], &ord[j - 1], bt) < 0; j--) {
			uint16_t t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
}

static const char *model_name(const stats_report *r, uint16_t k)
{
	return r->models[r->ranked[k]].name;
}

static void leaderboard(out *o, const stats_report *r)
{
	const rank_report *rk = &r->rank;
	const rank_bt *bt = &rk->plain;
	char nm[LINE_MAX_BYTES], cell[64], b[LINE_MAX_BYTES];
	line(o, "%s", "");
	if (bt->st != GV_OK) {
		line(o, "Leaderboard: no Bradley-Terry ranking: %s.",
		     bt->st == GV_EINVAL ? "a model won or lost every vote against the others (no finite strength)"
					 : "not enough votes");
		line(o, "%-*s %5s %5s %5s", o->layout - 20, "Votes (no ranking)", "win", "tie", "loss");
		for (size_t i = 0; i < r->n_models; i++) {
			int k = r->models[i].rank;
			if (k < 0)
				continue;
			name_cell(nm, sizeof nm, r->models[i].name, o->layout - 20);
			line(o, "%s %5u %5u %5u", nm, rk->wtl[k].wins, rk->wtl[k].ties, rk->wtl[k].losses);
		}
		return;
	}
	line(o, "Leaderboard (Bradley-Terry; a tie or \"both unacceptable\" counts half a win).");
	line(o, "Elo: 1000 + 400 log10 odds.  Bars: %g%% intervals.  LC: length-controlled Elo.", 100 * r->opts.conf);
	uint16_t ord[RANK_MAX_MODELS];
	order_by_theta(bt, r->n_ranked, ord);
	double s0 = INFINITY, s1 = -INFINITY;
	for (uint16_t k = 0; k < r->n_ranked; k++) {
		double lo = isfinite(bt->lo[k]) ? bt->lo[k] : bt->theta[k], hi = isfinite(bt->hi[k]) ? bt->hi[k] : bt->theta[k];
		s0 = fmin(s0, rank_elo(lo));
		s1 = fmax(s1, rank_elo(hi));
	}
	int nw = 14, bw = o->layout - 58;
	line(o, "%2s %-*s %-16s %4s %4s %4s %-*s %5s", "#", nw, "model", "Elo [95% CI]", "win", "tie", "loss", bw + 2, "",
	     "LC");
	for (uint16_t i = 0; i < r->n_ranked; i++) {
		uint16_t k = ord[i];
		name_cell(nm, sizeof nm, model_name(r, k), nw);
		if (isfinite(bt->lo[k]) && isfinite(bt->hi[k]))
			snprintf(cell, sizeof cell, "%.0f [%.0f,%.0f]", rank_elo(bt->theta[k]), rank_elo(bt->lo[k]),
				 rank_elo(bt->hi[k]));
		else
			snprintf(cell, sizeof cell, "%.0f", rank_elo(bt->theta[k]));
		bar(b, bw, rank_elo(bt->theta[k]), rank_elo(bt->lo[k]), rank_elo(bt->hi[k]), s0, s1);
		char lc[16] = "-";
		if (rk->length.st == GV_OK)
			snprintf(lc, sizeof lc, "%.0f", rank_elo(rk->length.theta[k]));
		line(o, "%2u %s %-16s %4u %4u %4u |%s| %5s", (unsigned)(i + 1), nm, cell, rk->wtl[k].wins, rk->wtl[k].ties,
		     rk->wtl[k].losses, b, lc);
	}
	line(o, "%*s|%-*.0f%*.0f|", nw + 36, "", bw / 2, s0, bw - bw / 2, s1);
}

/* In the leaderboard's order (strongest first) when there is one, else by name. */
static void scores(out *o, const stats_report *r)
{
	char nm[LINE_MAX_BYTES], c[RUBRIC_NAXES][64];
	int nw = o->layout - 4 * 15 - 1;
	uint16_t ord[RANK_MAX_MODELS];
	if (r->rank.plain.st == GV_OK) {
		order_by_theta(&r->rank.plain, r->n_ranked, ord);
	} else {
		uint16_t n = 0;
		for (size_t i = 0; i < r->n_models; i++)
			if (r->models[i].rank >= 0)
				ord[n++] = (uint16_t)r->models[i].rank;
	}
	line(o, "%s", "");
	line(o, "%-*s %-14s %-14s %-14s %-14s", nw, "Mean score 1-5", rubric_axis_name(RUBRIC_CORRECTNESS),
	     rubric_axis_name(RUBRIC_COMPLETENESS), rubric_axis_name(RUBRIC_CONCISENESS),
	     rubric_axis_name(RUBRIC_CLARITY));
	for (uint16_t i = 0; i < r->n_ranked; i++) {
		const stats_model *m = &r->models[r->ranked[ord[i]]];
		name_cell(nm, sizeof nm, m->name, nw);
		for (int a = 0; a < RUBRIC_NAXES; a++) {
			const metrics_ci *ci = &m->axis[a];
			if (ci->st != GV_OK)
				snprintf(c[a], sizeof c[a], "-");
			else if (isfinite(ci->lo) && isfinite(ci->hi))
				snprintf(c[a], sizeof c[a], "%.2f [%.1f,%.1f]", ci->est, ci->lo, ci->hi);
			else
				snprintf(c[a], sizeof c[a], "%.2f", ci->est);
		}
		line(o, "%s %-14s %-14s %-14s %-14s", nm, c[0], c[1], c[2], c[3]);
	}
}

static const char *const ag_short[STATS_NAG] = {"correct", "complete", "concise", "clarity", "harm", "choice"};

static void agreement(out *o, const stats_report *r)
{
	line(o, "%s", "");
	if (r->overlap_items == 0) {
		line(o, "Agreement: no item rated by two raters yet (queue build --overlap gives some to two).");
		return;
	}
	line(o, "Agreement: %ld item%s rated twice or more; units are summaries (choice: items).", r->overlap_items,
	     r->overlap_items == 1 ? "" : "s");
	line(o, "Cohen (%s): quadratic, choice unweighted.",
	     r->n_raters == 2 ? "between the two raters" : "between 1st and 2nd rating");
	line(o, "alpha: ordinal; choice nominal: summary 1 better, summary 2 better, or neither.");
	line(o, "%-8s %5s %4s %-19s %-19s %-19s", "", "units", "pct", "Cohen", "Fleiss", "Krippendorff alpha");
	for (int a = 0; a < STATS_NAG; a++) {
		const agree_report *g = &r->agree[a];
		char pc[16] = "-", c1[64], c2[64], c3[64];
		if (g->percent.st == GV_OK)
			snprintf(pc, sizeof pc, "%.0f%%", 100 * g->percent.est);
		ci_cell(c1, sizeof c1, a == STATS_AG_CHOICE ? &g->cohen : &g->cohen_quadratic, 2);
		ci_cell(c2, sizeof c2, &g->fleiss, 2);
		ci_cell(c3, sizeof c3, &g->alpha, 2);
		line(o, "%-8s %5zu %4s %-19s %-19s %-19s", ag_short[a], g->n_items, pc, c1, c2, c3);
	}
}

static void biases(out *o, const stats_report *r)
{
	const rank_position *p = &r->rank.position;
	char c[64];
	line(o, "%s", "");
	pct_cell(c, sizeof c, &p->left_share);
	line(o, "Position bias: the left side won %s%% of the %u decisive votes", c, p->decisive);
	line(o, "  (50 when the side does not matter).");
	if (p->swap_pairs == 0) {
		line(o, "Swap pairs: no rater voted on a pair twice with the sides swapped.");
	} else {
		line(o, "Swap pairs (a rater's two votes on one pair, sides swapped): %u:", p->swap_pairs);
		line(o, "  %u kept the choice, %u flipped with the side, %u changed to or from a tie.", p->swap_same,
		     p->swap_flipped, p->swap_to_tie);
	}
	const rank_bt *lc = &r->rank.length;
	if (lc->st != GV_OK) {
		line(o, "Length bias: not estimated (%s).",
		     lc->st == GV_MISSING ? "the pairs' lengths do not vary" : "no finite length-controlled fit");
		return;
	}
	metrics_ci beta = {GV_OK, lc->beta, lc->beta_lo, lc->beta_hi, 0, 0};
	ci_cell(c, sizeof c, &beta, 2);
	line(o, "Length bias (Bradley-Terry with a length covariate, as Chatbot Arena's style");
	line(o, "control): beta %s per RMS %.3f of the length difference d, with", c, lc->length_rms);
	line(o, "d = (a - b) / (a + b) of the lengths in characters.  beta > 0: the longer");
	line(o, "summary wins more often than the models' strengths explain.");
}

static void raters(out *o, const stats_report *r)
{
	char nm[LINE_MAX_BYTES], t[32], ch[32];
	int nw = o->layout - 65;
	line(o, "%s", "");
	line(o, "%-*s %-11s %6s %5s %5s %5s %-13s %-13s", nw, "Rater", "role", "done", "skip", "draft", "gold",
	     "tags caught", "choice right");
	for (size_t i = 0; i < r->n_raters; i++) {
		const stats_rater *q = &r->raters[i];
		name_cell(nm, sizeof nm, q->name, nw);
		snprintf(t, sizeof t, "-");
		snprintf(ch, sizeof ch, "-");
		if (q->gold.planted)
			snprintf(t, sizeof t, "%u/%u %.0f%%", q->gold.caught, q->gold.planted,
				 100.0 * q->gold.caught / q->gold.planted);
		if (q->gold.items)
			snprintf(ch, sizeof ch, "%u/%u %.0f%%", q->gold.choice_right, q->gold.items,
				 100.0 * q->gold.choice_right / q->gold.items);
		line(o, "%s %-11s %6ld %5ld %5ld %5u %-13s %-13s", nm, q->role, q->submitted, q->skipped, q->drafts,
		     q->gold.items, t, ch);
	}
	line(o, "Adjudications: %ld pending, %ld resolved.", r->adj_pending, r->adj_resolved);
}

static void ratings_section(out *o, const stats_report *r)
{
	line(o, "%s", "");
	if (r->assigned == 0) {
		line(o, "Ratings: none yet, so no win/tie/loss, ranking, scores or agreement to show.");
		line(o, "Make a queue with `growthview queue build`, then rate with `growthview rate`.");
		return;
	}
	line(o, "Ratings: %ld given to %zu rater%s; %ld submitted (%ld on gold items).", r->assigned, r->n_raters,
	     r->n_raters == 1 ? "" : "s", r->submitted, r->gold_votes);
	line(o, "%ld skipped, %ld draft%s, %ld not opened; %ld pair%s of summaries voted on.", r->skipped, r->drafts,
	     r->drafts == 1 ? "" : "s", r->unopened, r->items, r->items == 1 ? "" : "s");
	if (r->unreadable)
		line(o, "%ld submitted rating%s could not be read (damaged, or another rubric) and count nowhere.",
		     r->unreadable, r->unreadable == 1 ? "" : "s");
	if (!r->have_rank) {
		line(o, "No submitted rating of an ordinary item yet: no ranking, scores or agreement.");
	} else {
		intervals_note(o, r, "items");
		leaderboard(o, r);
		scores(o, r);
		agreement(o, r);
		biases(o, r);
	}
	raters(o, r);
}

int statsfmt_text(const stats_report *r, int width, gv_buf *b)
{
	out o = {b, width, width < 80 ? 80 : width, 0};
	if (o.layout > 200)
		o.layout = 200;
	summaries_section(&o, r);
	ratings_section(&o, r);
	return o.cut;
}
