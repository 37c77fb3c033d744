/* deid.h — removing a child's names, identifiers and dates from free text (summaries written by
 * models, rater comments and corrected summaries) for the de-identified benchmark export
 * (`growthview export-benchmark`, app/benchexp.h).
 *
 * What is removed (each replaced by a placeholder, so the sentence still reads):
 *   terms   the strings the caller adds (the child's name as stored, its external id, ...): the
 *           whole string, and with words = 1 also each of its words of two characters or more
 *           ("Emma Synth-000123" removes "Emma Synth-000123", "Emma" and "Synth-000123").  Matched
 *           whole-word (the characters either side are not letters, digits or UTF-8 bytes) and
 *           case-insensitively for ASCII letters ("EMMA", "emma's"); the longest term wins where
 *           several start at one place.  Replaced by the term's placeholder ("[name]", "[id]").
 *   dates   any calendar date, whoever's, in the shapes people write them, replaced by "[date]":
 *           Y-M-D / Y/M/D / Y.M.D with a 4-digit year 1800-2199; D-M-Y, M/D/Y, D.M.Y with a 2- or
 *           4-digit year (the same separator twice; day and month 1-31 / 1-12 either way round);
 *           YYYYMMDD (8 digits that are a valid date 1800-2199); a month name or its 3-letter
 *           abbreviation (English) with a day before or after it and/or a year after it
 *           ("3 March 2021", "3rd of Mar. 2021", "March 3, 2021", "March 2021", "3 March").
 * What cannot be caught (the export's datasheet says so): names that are not given as terms
 * (the store keeps no parents' names, so a parent or sibling named in a model's text stays; a
 * nickname or a misspelt name stays); one-letter initials (removing every "J" would destroy the
 * text); case-insensitive matching of non-ASCII letters ("ÉMILE" vs "Émile"); dates in words
 * ("the fifth of March"), in other languages, or relative ("last Tuesday"); a month name alone.
 *
 * Pure: no I/O.  A deid_terms borrows its strings (they must outlive it). */
#ifndef GV_DEID_H
#define GV_DEID_H

#include <stddef.h>

#include "core/prompt.h"

#define DEID_MAX_TERMS 32

typedef struct deid_terms {
	size_t n;
	const char *s[DEID_MAX_TERMS];
	size_t len[DEID_MAX_TERMS];
	const char *repl[DEID_MAX_TERMS];
} deid_terms;

/* What deid_scrub replaced. */
typedef struct deid_counts {
	size_t terms, dates;
} deid_counts;

void deid_terms_init(deid_terms *t);

/* Add term s (NUL-terminated; NULL or "" is ignored) with placeholder repl, and with words = 1
 * each of its words (runs of bytes other than space, tab, comma) of two bytes or more.  Returns
 * the number of terms added; terms past DEID_MAX_TERMS are dropped (-1 then). */
int deid_terms_add(deid_terms *t, const char *s, const char *repl, int words);

/* Append in[0..n) to out with every term and date replaced (see above); *c (may be NULL) gets
 * what was replaced.  Memory: as prompt_buf (out->oom on failure). */
void deid_scrub(const deid_terms *t, const char *in, size_t n, prompt_buf *out, deid_counts *c);

#endif
