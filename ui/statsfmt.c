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
	if (o->width > 0 && n > (size_t)o->width)
		n = (size_t)o->width;
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
		line(o, "%ld without a check count in no rate (`growthview check --all` checks them).",
		     r->summaries - r->checked);
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

void statsfmt_text(const stats_report *r, int width, gv_buf *b)
{
	out o = {b, width, width < 80 ? 80 : width};
	if (o.layout > 200)
		o.layout = 200;
	summaries_section(&o, r);
}
