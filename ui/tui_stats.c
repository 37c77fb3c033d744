/* tui_stats.c — the statistics screen of the interface (ui/tui_int.h): the tables of `growthview
 * stats` (ui/statsfmt.h) for the store on screen, scrolled with the keys of HELP_STATS.
 *
 * The report is computed when the screen is opened (and again with r, or after another program
 * changed the store), and laid out again for the terminal's width when it changes.  Section
 * titles (a line after a blank one) are drawn as headings. */
#include "ui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/stats.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/statsfmt.h"

struct tui_stats {
	int have;          /* report computed (ok or not) */
	int ok;
	char err[256];
	stats_report r;
	gv_buf text;       /* formatted for `width` */
	int width;
	size_t *line;      /* offsets of the lines in text */
	size_t nlines, cap;
	long top;          /* first line shown */
	int rows;          /* body rows of the last frame */
};

void tui_stats_free(tui *t)
{
	struct tui_stats *x = t->stats;
	if (!x)
		return;
	stats_free(&x->r);
	buf_free(&x->text);
	free(x->line);
	free(x);
	t->stats = NULL;
}

void tui_open_stats(tui *t)
{
	if (!t->stats && !(t->stats = calloc(1, sizeof *t->stats))) {
		tui_say(t, UI_ERROR, "statistics: out of memory");
		return;
	}
	t->stats->have = 0; /* computed afresh each time the screen is opened */
	t->stats->top = 0;
	t->screen = TUI_SCREEN_STATS;
}

/* Lay the report out for width w. */
static void layout(struct tui_stats *x, int w)
{
	x->text.len = 0;
	x->nlines = 0;
	x->width = w;
	if (!x->ok) {
		buf_printf(&x->text, "Statistics could not be computed: %s\n", x->err);
	} else {
		statsfmt_text(&x->r, w, &x->text);
	}
	if (!buf_ok(&x->text))
		return;
	for (size_t i = 0; i < x->text.len; i++) {
		if (i != 0 && x->text.p[i - 1] != '\n')
			continue;
		if (x->nlines == x->cap) {
			size_t cap = x->cap ? 2 * x->cap : 128;
			size_t *l = realloc(x->line, cap * sizeof *l);
			if (!l)
				return;
			x->line = l;
			x->cap = cap;
		}
		x->line[x->nlines++] = i;
	}
}

static void stats_screen_sync(tui *t, int h)
{
	struct tui_stats *x = t->stats;
	if (!x)
		return;
	x->rows = h - 2;
	if (!x->have) {
		stats_free(&x->r);
		x->ok = stats_collect(t->st, NULL, &x->r, x->err, sizeof x->err) == 0;
		x->have = 1;
		x->width = 0;
	}
	if (x->width != t->w)
		layout(x, t->w);
	long max = (long)x->nlines - x->rows;
	if (x->top > max)
		x->top = max;
	if (x->top < 0)
		x->top = 0;
}

static void stats_screen_title(tui *t, char *buf, size_t n)
{
	struct tui_stats *x = t->stats;
	long last = x ? x->top + x->rows : 0;
	if (x && last > (long)x->nlines)
		last = (long)x->nlines;
	snprintf(buf, n, " growthview  %s  statistics  lines %ld-%ld of %zu", t->label, x ? x->top + 1 : 0, last,
		 x ? x->nlines : 0);
}

static void stats_screen_draw(tui *t, scr *s)
{
	struct tui_stats *x = t->stats;
	int w = scr_width(s), h = scr_height(s);
	if (!x)
		return;
	char l[1024];
	for (int y = 1; y < h - 1; y++) {
		long i = x->top + y - 1;
		if (i >= (long)x->nlines)
			break;
		size_t a = x->line[i], z = i + 1 < (long)x->nlines ? x->line[i + 1] - 1 : x->text.len;
		if (z > a && x->text.p[z - 1] == '\n')
			z--;
		snprintf(l, sizeof l, "%.*s", (int)(z - a), x->text.p + a);
		int heading = l[0] && (i == 0 || x->line[i] == x->line[i - 1] + 1);
		scr_text(s, 0, y, w, l, heading ? UI_HEADING : UI_TEXT);
	}
}

static int stats_screen_help(const tui *t)
{
	(void)t;
	return HELP_STATS;
}

static void stats_screen_key(tui *t, int key)
{
	struct tui_stats *x = t->stats;
	int page = x && x->rows > 1 ? x->rows - 1 : 1;
	switch (key) {
	case K_DOWN:
	case 'j':
		x->top++;
		break;
	case K_UP:
	case 'k':
		x->top--;
		break;
	case K_PGDN:
	case K_CTRL('f'):
	case ' ':
		x->top += page;
		break;
	case K_PGUP:
	case K_CTRL('b'):
		x->top -= page;
		break;
	case 'g':
	case K_HOME:
		x->top = 0;
		break;
	case 'G':
	case K_END:
		x->top = (long)x->nlines;
		break;
	case 'r':
		x->have = 0;
		tui_say(t, UI_DIM, "statistics computed again");
		break;
	case '?':
	case K_F1:
		tui_open_help(t, HELP_STATS);
		break;
	case 'q':
	case K_ESC:
		t->screen = TUI_SCREEN_LIST;
		break;
	case 'Q':
		t->done = 1;
		break;
	default:
		break;
	}
}

/* Another program changed the store: compute again for the next frame. */
static int stats_screen_reload(tui *t)
{
	if (t->stats)
		t->stats->have = 0;
	return 0;
}

const tui_screen tui_stats_screen = {
	.name = "stats",
	.sync = stats_screen_sync,
	.title = stats_screen_title,
	.draw = stats_screen_draw,
	.help = stats_screen_help,
	.key = stats_screen_key,
	.reload = stats_screen_reload,
};
