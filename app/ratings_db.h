/* ratings_db.h — ratings between databases: `growthview export-ratings`, `import-ratings` and
 * `rating-copy` (the file format is app/ratings_io.h).
 *
 * export-ratings writes every rating of the store (or of one rater) as one line each, ordered by
 * queue name, rater name and position: streamed, one row in memory at a time.
 *
 * import-ratings reads such a file into the store, ALL OR NOTHING, in one transaction: every line
 * is checked first (its format, then its item: the queue, the rater and the position must name an
 * item of this store, the rater's role must be the stored one, and the two summaries must be the
 * item's, by external id or by their rating-copy pseudonym); if any line is malformed or names no
 * item here, every problem is reported as "FILE:LINE: reason" and nothing is written (the store
 * keeps exactly what it had: a rater's file is one batch of work, and a half-merged batch would
 * leave them to find out which half landed; the file fixed, importing again is safe because the
 * import is idempotent).  Then, per line, for the same item and rater:
 *   - no stored rating: the line's is stored (added), with the file's times, and one audit row;
 *   - the stored rating is the same (every field the file carries, times included): nothing
 *     changes (unchanged) — importing the same file twice changes nothing;
 *   - they differ: a conflict, always reported ("FILE:LINE: conflict: ..."): the later one wins,
 *     compared by submitted time (a submitted rating against one never submitted: the submitted
 *     one), then by updated time; the file's replaces the stored one (replaced, audited) only when
 *     strictly later, otherwise the stored one is kept (kept).
 *
 * rating-copy makes a new database for an annotator outside the clinic: the queue items of one
 * rater (or of every rater), their raters and queues, the children of those items with their
 * measurements and engine inputs (sex, gestational age, parents' heights), and the two summaries
 * of each item, and nothing identifying: each child gets a pseudonym ("child-N") and no name,
 * external id or notes; every date is shifted so that the child is born on RATINGS_COPY_BIRTH
 * (ages in days are kept exactly); in the summaries' texts the child's name (whole, and each part
 * of 2 or more bytes, any case) becomes "the child", the external id becomes the pseudonym and every
 * ISO date (YYYY-MM-DD) is shifted like the visits (dates written otherwise are not recognised);
 * summary ids become pseudonyms (ratings_summary_alias) and summaries keep their model names (the
 * rating screen reveals them after submission) but not the server's identity, parameters, prompt
 * hash or planted mistakes (the gold items' answers travel in the queue items).  No rating, audit
 * row, flag acknowledgement or claim check is copied.  The file is made with mode 0600 and must
 * not exist.  Ratings made in the copy come back with export-ratings (in the copy) and
 * import-ratings (in the clinic's store): keyed by queue, rater and position, the aliases
 * recognised.
 *
 * Errors: the functions print "reason" lines to msg and return a status (see each). */
#ifndef GV_RATINGS_DB_H
#define GV_RATINGS_DB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/store.h"

/* Birth date of every child in a rating copy: 1900-01-01 (no real child of the store is born then,
 * so no shifted date can be mistaken for a real one). */
#define RATINGS_COPY_BIRTH_Y 1900

/* How export-ratings writes p[0..n) to out: 0, or -1 with errno (the command's cmd_write, which
 * cleans what goes to a terminal). */
typedef int (*ratings_put_fn)(FILE *out, const char *p, size_t n);

/* export-ratings: every rating (rater NULL) or one rater's, one line each through put to out; *n
 * (may be NULL) gets the number of lines.  0 done; 1 unknown rater (message printed to msg); 2
 * store or write error (message printed; out may hold some lines). */
int ratings_export(gv_store *st, const char *rater, ratings_put_fn put, FILE *out, FILE *msg, long *n);

typedef struct ratings_import_counts {
	long lines;     /* non-blank lines */
	long added, replaced, unchanged, kept; /* kept: a conflict where the stored rating won */
	long bad;       /* malformed lines and lines naming no item here */
} ratings_import_counts;

/* import-ratings of path ("-": standard input) into st, as described above; messages
 * "FILE:LINE: reason" to msg (FILE as given, cleaned for a terminal).  0: imported (conflicts
 * reported count as imported); 1: bad lines, nothing imported; 2: the file or the store failed,
 * nothing imported. */
int ratings_import(gv_store *st, const char *path, FILE *msg, ratings_import_counts *n);

typedef struct ratings_copy_counts {
	long children, visits, summaries, items, raters, queues;
} ratings_copy_counts;

/* rating-copy of st's items (of rater, or all when NULL) into a new database at out.  0 done;
 * 1 refused (unknown rater, out exists, no item to copy: message printed, nothing made); 2 error
 * (message printed, the partial file removed). */
int ratings_copy(gv_store *st, const char *out, const char *rater, FILE *msg, ratings_copy_counts *n);

/* The pseudonym of summary id sid in a rating copy of the store with pseudonymisation key key:
 * "c-" and 24 hex digits of HMAC-SHA-256(key, "rating-copy:" sid), into out (at least 27 bytes). */
void ratings_summary_alias(const unsigned char key[32], const char *sid, char out[27]);

/* Text s[0..n) with the identifiers of one child replaced, as rating-copy does (see above): name
 * (NULL or "": none), ext_id (NULL or "": none) becomes pseudo, ISO dates shifted by shift days.
 * Returns a malloc'd NUL-terminated text (*outn its length), NULL when out of memory. */
char *ratings_scrub_text(const char *s, size_t n, const char *name, const char *ext_id, const char *pseudo,
			 int32_t shift, size_t *outn);

#endif
