/* ratings_io.h — ratings as a file: the JSON Lines format that export-ratings writes and
 * import-ratings reads, so that ratings travel between databases (an annotator's rating copy and
 * the clinic's store) and merge without double counting.
 *
 * One rating a line, one JSON object with these fields, always in this order (the exporter writes
 * exactly this, so export -> import -> export gives the same bytes):
 *   format       "gv-ratings-1"
 *   queue        the queue's name                                  } the item's key: these survive
 *   position     the item's position in the rater's queue (1-based) } a rating copy; row ids do not
 *   rater        the rater's name
 *   role         "clinician" | "annotator" | "adjudicator"
 *   a, b         the summary shown on the left (A) and on the right (B), each an object:
 *                  summary       the summary's external id (in a rating copy: its pseudonym, see
 *                                ratings_summary_alias; either is accepted)
 *                  correctness, completeness, conciseness, clarity   1-5 or null
 *                  harm          "none" | "mild_moderate" | "severe" | null
 *                  likelihood    "low" | "medium" | "high" | null
 *                  tags          array of tag names (core/rubric.h), in rubric order
 *   choice       "a_much_better" | "a_better" | "tie" | "b_better" | "b_much_better" |
 *                "both_unacceptable" | null   (a = the left summary, as the rater saw them)
 *   status       "draft" | "submitted" | "skipped"
 *   skip_reason  string when skipped, else null
 *   flagged      true | false (flagged for review)
 *   comment      string or null
 *   corrected    the corrected summary the rater typed, string or null
 *   active_ms    active time on the item, milliseconds (integer >= 0)
 *   rubric       "gv-rubric-1" (RUBRIC_ID: a rating made under another rubric is refused, never
 *                mixed in)
 *   updated      when the rating last changed, "YYYY-MM-DDTHH:MM:SSZ" (UTC)
 *   submitted    when it was submitted, same shape, when status is "submitted"; else null
 * Names are the rubric's (core/rubric.h *_name): a contract, never renamed.  Strings are UTF-8
 * without NUL; comment and corrected at most RIO_TEXT_MAX bytes; queue at most RIO_QUEUE_MAX - 1,
 * rater RIO_RATER_MAX - 1 bytes without control characters.
 *
 * Reading is strict: an unknown or repeated field, a missing one, a value of the wrong type or out
 * of range, a submitted rating missing a required judgement (rating_missing), a skipped one
 * without a reason is a malformed line, reported "FILE:LINE: reason".
 *
 * This module is the format (parse, format); the store side
 * (export-ratings, import-ratings, rating-copy) is app/ratings_db.h. */
#ifndef GV_RATINGS_IO_H
#define GV_RATINGS_IO_H

#include <stddef.h>

#include "app/buf.h"
#include "core/rating.h"

#define RIO_FORMAT "gv-ratings-1"
#define RIO_QUEUE_MAX 65           /* queue name, with the NUL (STORE_RATER_NAME_MAX + 1, as the store) */
#define RIO_RATER_MAX 65           /* rater name, with the NUL (STORE_RATER_NAME_MAX + 1) */
#define RIO_SUMMARY_MAX 129        /* summary id (STORE_SUMMARY_ID_MAX) with the NUL */
#define RIO_STAMP_MAX 21           /* "YYYY-MM-DDTHH:MM:SSZ" with the NUL */
#define RIO_TEXT_MAX 65536         /* comment, corrected text, skip reason: bytes */
#define RIO_LINE_MAX (1024 * 1024) /* a longer line is malformed (a full one escaped is ~400 KiB) */

/* One line of the file. */
typedef struct rio_rec {
	char queue[RIO_QUEUE_MAX];
	long position;                       /* 1-based */
	char rater[RIO_RATER_MAX];
	char role[16];
	char summary[2][RIO_SUMMARY_MAX];    /* [0] A (left), [1] B (right) */
	rating r;                            /* judgements, status, texts, active_ms, rubric_version */
	char updated[RIO_STAMP_MAX];
	char submitted[RIO_STAMP_MAX];       /* "" = null */
} rio_rec;

/* Empty record (rating_init'd); rio_rec_free releases the rating's texts. */
void rio_rec_init(rio_rec *x);
void rio_rec_free(rio_rec *x);

/* Append x as one line (with its '\n') to b.  x must be valid (as rio_parse would accept it):
 * the caller checks buf_ok(b). */
void rio_format(gv_buf *b, const rio_rec *x);

/* Parse line[0..len) (without its newline) into x (rio_rec_free'd first).  Returns 0, or -1 with
 * the reason in why (whyn bytes; e.g. "a.correctness must be 1-5 or null, not 7"), x then empty. */
int rio_parse(const char *line, size_t len, rio_rec *x, char *why, size_t whyn);

/* 1 when s is a UTC stamp "YYYY-MM-DDTHH:MM:SSZ" with a valid month, day, hour, minute, second. */
int rio_stamp_ok(const char *s);
/* 1 when role is clinician, annotator or adjudicator. */
int rio_role_ok(const char *role);

#endif
