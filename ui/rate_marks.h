/* rate_marks.h — a summary's text with the claim checker's verdicts marked in it, for the rating
 * screen once a rating is submitted (never before: the marks would tell the rater what to find).
 *
 * After every claim's span a marker "[N+]" (supported), "[Nx]" (contradicted) or "[N?]"
 * (unverifiable) is inserted, N numbering the summary's claims from 1 in text order; in UTF-8
 * "[N✓]" and "[N✗]".  The glyph says the verdict without colour; the screen colours the marker
 * too where it can.  The text is made terminal-safe first (core/text.h text_clean, newlines kept,
 * ASCII mode as asked), piece by piece between the markers, so cleaning the result again (as
 * ui/rate_layout does) changes nothing and the markers' byte offsets stay right.
 *
 * Pure: no curses, no store.  The marks own their text and offsets (rate_marks_free). */
#ifndef GV_RATE_MARKS_H
#define GV_RATE_MARKS_H

#include <stddef.h>

/* One claim: its span [start, end) in the raw text and its verdict (core/claims.h claim_verdict:
 * 0 unverifiable, 1 supported, 2 contradicted). */
typedef struct rate_mark_claim {
	size_t start, end;
	int verdict;
} rate_mark_claim;

typedef struct rate_marks {
	char *text;    /* the cleaned text with the markers (NUL-terminated) */
	size_t len;
	size_t *at;    /* byte offset of marker i in text */
	size_t *mlen;  /* its length in bytes (its columns: rate_marks_cols) */
	size_t n;
} rate_marks;

void rate_marks_init(rate_marks *m);
void rate_marks_free(rate_marks *m);

/* Build the marked text of raw[0..len) with claims c[0..n) (in any order; spans past len are cut
 * to it).  Returns 0, or -1 when out of memory (m is then empty).  m is rate_marks_free'd first. */
int rate_marks_make(rate_marks *m, const char *raw, size_t len, const rate_mark_claim *c, size_t n, int utf8);

/* The glyph of a verdict: "+" / "x" / "?" (ASCII), "\u2713" / "\u2717" / "?" (UTF-8). */
const char *rate_marks_glyph(int verdict, int utf8);

/* Display columns of marker i. */
int rate_marks_cols(const rate_marks *m, size_t i);

#endif
