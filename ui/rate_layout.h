/* rate_layout.h — the rating screen laid out as lines of text, without curses.
 *
 * The screen (rows from the top, at W x H, W >= 80 and H >= 24):
 *   0        status: "Item 37 / 120   Time 1:23   Median 2:05" and, on the right, the rating's
 *            status ("draft", "submitted", "skipped") and "flagged"
 *   1, 2     the child in one or two lines (what the caller gives: sex, age, GA, last z's, flags)
 *   next     the summaries' labels: "A" and "B", with the model names only once the rating is
 *            submitted (blinded until then), and "12-26/40" when a summary is longer than its pane
 *   panes    from 100 columns the two summaries side by side, each wrapped to its own column and
 *            scrolled on its own; below 100 columns one at a time, labelled "[A]  B" or "A  [B]"
 *   sep      a rule with the focused field's question, or the anchor of its current score
 *   panel    "A  Corr 4  Comp 3  ..." for A and for B, then the pairwise choice; the focused
 *            field's value in brackets ("Corr[4]") and its cell reported for reverse video
 *   last     the caller's message (e.g. what is missing) or the key hints
 * Smaller than 80 x 24: one line saying so.
 *
 * Text from the store and from models is untrusted: every text is made terminal-safe with
 * core/text.h's text_clean (control characters, escape sequences and bidi controls removed or
 * shown as '?'; ASCII mode: non-ASCII as '?') before it is measured, then wrapped and cut by
 * display columns (ui/fmt.h: wide characters take two).
 *
 * Pure: no curses, no store.  The layout keeps its buffers between calls (one allocation when the
 * size grows); nothing is allocated per key otherwise. */
#ifndef GV_RATE_LAYOUT_H
#define GV_RATE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"

/* Side by side from 100 columns: two columns of 48 and 49 with a 3-column gutter, within the 45-75
 * characters a line that is "widely regarded as a satisfactory length of line" (Bringhurst, The
 * Elements of Typographic Style, 2.1.2); below it one summary at a time, down to 80 x 24, the
 * classic terminal size the whole program supports. */
#define RATE_LAYOUT_SPLIT_COLS 100
#define RATE_LAYOUT_MIN_COLS 80
#define RATE_LAYOUT_MIN_ROWS 24

typedef struct rate_layout_in {
	int width, height;
	int utf8;               /* 0: ASCII only (--ascii, NO_COLOR terminals without UTF-8) */
	const char *child[2];   /* the child's lines (NULL: none; child[1] NULL: one line) */
	const char *text[2];    /* summaries shown as A (left) and B (right); NULL = "" */
	const char *model[2];   /* their model names: shown only when revealed */
	int revealed;           /* the rating is submitted: unblind */
	size_t pos, total;      /* progress, 1-based: "37 / 120" */
	int64_t active_ms;      /* time on the item (rating_active_ms) */
	int64_t median_ms;      /* running median; -1 none yet */
	int scroll[2];          /* first wrapped line shown of A and B (clamped) */
	int shown;              /* below RATE_LAYOUT_SPLIT_COLS: 0 shows A, 1 shows B, -1 the summary
				 * the rating's focus is on (A without a rating or on the choice's A) */
	const rating *r;        /* the judgement (NULL: an empty panel) */
	const char *message;    /* the last line; NULL: key hints */
} rate_layout_in;

typedef struct rate_layout {
	int width, height;
	int side_by_side;
	int pane_top, pane_rows;    /* rows of the summary panes */
	int pane_col[2], pane_w[2]; /* narrow: both panes at column 0, full width */
	int nlines[2];              /* wrapped lines of A and B */
	int scroll[2];              /* the scroll offsets used (clamped to 0 .. nlines - pane_rows) */
	int focus_row, focus_col, focus_w; /* focused value's cell (columns), focus_row -1 when none */
	/* private */
	int utf8;
	char *buf;                  /* height lines of stride bytes */
	size_t stride, bufsz;
	char *clean[2];
	size_t cleansz[2];
	int *ls[2], *ll[2];         /* wrapped lines: start, length in clean[k] */
	int lcap[2];
} rate_layout;

void rate_layout_init(rate_layout *l);
void rate_layout_free(rate_layout *l);

/* Lay out the screen for `in` into l.  Returns 0, or -1 when out of memory or the size is not
 * positive (l then holds no lines: height 0).  Every line is exactly in->width display columns
 * (padded with spaces). */
int rate_layout_make(rate_layout *l, const rate_layout_in *in);

/* Row `row` as a NUL-terminated UTF-8 (or ASCII) string owned by l, valid until the next
 * rate_layout_make; "" outside. */
const char *rate_layout_line(const rate_layout *l, int row);

/* "m:ss", or "h:mm:ss" from an hour; "-" for a negative time.  buf >= 16 bytes. */
void rate_layout_time(char *buf, size_t n, int64_t ms);

/* ------------------------------------------------------------------ the adjudicator's comparison */

/* Two raters' ratings of one item side by side for an adjudicator (issue 13: "showing both
 * ratings side by side"), both in the item's order: A is summary 1 and B summary 2 for both
 * raters, whatever side each of them saw it on.  Lines, at width W (>= 80):
 *   why      "Disagree: choice: A better vs B much better; B harm none vs severe" (the stored
 *            reason, s1/s2 said as A/B), on two lines wrapped at spaces
 *   header   the columns: Corr Comp Conc Clar Harm Lik Tags
 *   per rater: "NAME (ROLE), STATUS", then "  A" and "  B" with the values, then "  Choice ..."
 *            with the rater's comment; a value the two raters disagree on by queue_disagree's rule
 *            (core/queue.h: the choice on opposite sides, an axis 2+ apart, harm extents that
 *            differ) is followed by '!' (no colour needed); a rating that cannot be read says why
 *   legend   what '!' means
 * Names and comments are untrusted: cleaned (core/text.h) like every text here. */
typedef struct rate_compare_in {
	int width;
	int utf8;
	const char *reason;       /* queue_disagree's text (NULL: none) */
	const char *name[2];      /* the raters */
	const char *role[2];      /* "annotator", ... */
	const char *status[2];    /* "submitted", ... ("" / NULL: not rated) */
	const rating *r[2];       /* their ratings in the item's order; NULL: unreadable */
	const char *why[2];       /* why r[k] is NULL */
} rate_compare_in;

#define RATE_COMPARE_LINES 12
#define RATE_COMPARE_HEADER 2 /* the line of the column names */
/* Lay the comparison out into lines (max lines of stride bytes each: stride >= 4 * width + 1),
 * every line exactly in->width columns; hot[i] (hot may be NULL) is 1 on a line that holds a '!'
 * mark.  Returns the number of lines written (<= max, RATE_COMPARE_LINES when max allows), 0
 * when the width is below RATE_LAYOUT_MIN_COLS or stride is too small. */
int rate_compare_make(const rate_compare_in *in, char *lines, size_t stride, int max, unsigned char *hot);

#endif
