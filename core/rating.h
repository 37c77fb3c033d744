/* rating.h — the state of one rating item (two summaries, A on the left and B on the right, as
 * the rater saw them) and the operations the rating screen performs for each key.
 *
 * Every operation returns a rating_result and fills a rating_change that says what changed, so
 * the caller can save at once, as one small transaction:
 *   - RATING_CH_VALUE: a judgement changed (save the draft, write the audit line
 *     rating_change_describe gives);
 *   - RATING_CH_FOCUS: only the focused field moved (save the draft so a resume lands there; no
 *     audit line needed);
 *   - RATING_CH_STATUS: draft -> submitted / skipped or back (save, audit).
 * The whole state serialises to a short canonical key=value text (rating_format) that the store
 * keeps in one column: a draft written after every key loses nothing when the terminal or the
 * machine is killed; rating_parse reads it back exactly, and refuses damaged text with a reason.
 *
 * The focus order (Tab): A correctness, completeness, conciseness, clarity, harm, likelihood,
 * tags; the same for B; then the pairwise choice; then back to A correctness.  A digit sets the
 * focused field (rating_digit): 1-5 an axis score, 1-3 harm extent (none, mild-moderate, severe)
 * and likelihood (low, medium, high), 1-9 toggles a tag (rubric_tag order), 1-6 the choice
 * (rubric_choice order); 0 clears the field.  Scoring an axis, the harm or the likelihood moves the
 * focus on to the next field (after harm "none" past the likelihood, which is then not asked).
 *
 * Pure: no I/O.  A rating owns its comment, corrected text and skip reason (malloc'd) and its undo
 * entries; rating_free releases them. */
#ifndef GV_RATING_H
#define GV_RATING_H

#include <stddef.h>
#include <stdint.h>

#include "core/rubric.h"

/* Results of the operations. */
typedef enum rating_result {
	RATING_OK,
	RATING_NOCHANGE,   /* valid, but nothing changed (e.g. the same score again) */
	RATING_EINVAL,     /* not a valid value for the focused field (a 6 on an axis, an empty reason) */
	RATING_ELOCKED,    /* the rating is submitted or skipped: reopen it first */
	RATING_EINCOMPLETE,/* submit refused: rating_missing names what is missing */
	RATING_EEMPTY,     /* undo: nothing to undo */
	RATING_ENOMEM,
	RATING_EPARSE      /* rating_parse: the text is damaged (the reason says where and why) */
} rating_result;

typedef enum rating_status {
	RATING_DRAFT,
	RATING_SUBMITTED,
	RATING_SKIPPED,
	RATING_NSTATUS
} rating_status;

/* Fields.  0-3 are the rubric axes (rubric_axis), 4-6 the rest of a summary's judgement; the
 * others are the item's. */
typedef enum rating_field {
	RATING_F_CORRECTNESS = RUBRIC_CORRECTNESS,
	RATING_F_COMPLETENESS = RUBRIC_COMPLETENESS,
	RATING_F_CONCISENESS = RUBRIC_CONCISENESS,
	RATING_F_CLARITY = RUBRIC_CLARITY,
	RATING_F_HARM = RUBRIC_NAXES, /* harm extent */
	RATING_F_LIKELIHOOD,          /* harm likelihood */
	RATING_F_TAGS,
	RATING_F_NSIDE,               /* number of per-summary fields */
	RATING_F_CHOICE = RATING_F_NSIDE,
	RATING_F_COMMENT,
	RATING_F_CORRECTED,
	RATING_F_FLAG,
	RATING_F_STATUS,
	RATING_NFIELDS
} rating_field;

/* Unset value of every scalar field. */
#define RATING_UNSET (-1)

/* One summary's judgement. */
typedef struct rating_side {
	int8_t axis[RUBRIC_NAXES]; /* 1-5, RATING_UNSET */
	int8_t harm;               /* rubric_harm, RATING_UNSET */
	int8_t likelihood;         /* rubric_likelihood, RATING_UNSET; asked only when harm != none
				    * (a value set before the harm became none is kept, and round-trips,
				    * but means nothing: exporters and statistics ignore it then) */
	uint16_t tags;             /* RUBRIC_TAG_BIT(t) per tag */
} rating_side;

#define RATING_UNDO_MAX 64 /* the oldest edit is forgotten past this many */

typedef struct rating_undo_entry {
	int8_t field, side;
	int32_t old_value;
	char *old_text; /* text fields: the previous text (NULL = none) */
} rating_undo_entry;

typedef struct rating {
	int rubric_version;     /* RUBRIC_VERSION when made here; as read by rating_parse */
	rating_status status;
	char *skip_reason;      /* when skipped; NULL otherwise */
	int flagged;            /* flagged for review */
	rating_side side[2];    /* [0] = A (left), [1] = B (right) */
	int8_t choice;          /* rubric_choice, RATING_UNSET */
	char *comment;          /* NULL = none */
	char *corrected;        /* corrected summary typed by the rater; NULL = none */
	int8_t focus_side;      /* 0 A, 1 B (for RATING_F_CHOICE: the side it was reached from) */
	int8_t focus_field;     /* rating_field < RATING_F_NSIDE, or RATING_F_CHOICE */
	int64_t active_ms;      /* active time on the item so far (rating_key_time) */
	int64_t last_key_ms;    /* time of the last key; -1 none (not serialised) */
	rating_undo_entry undo[RATING_UNDO_MAX]; /* ring (not serialised: an undo history ends with the session) */
	int undo_head, undo_n;
} rating;

/* What an operation changed. */
enum {
	RATING_CH_VALUE = 1u << 0,
	RATING_CH_FOCUS = 1u << 1,
	RATING_CH_STATUS = 1u << 2
};

typedef struct rating_change {
	unsigned what;           /* RATING_CH_* bits; 0 when nothing changed */
	rating_field field;      /* the value or status edited (RATING_NFIELDS when none) */
	int side;                /* 0 A, 1 B, -1 for the item's fields */
	int32_t old_value, new_value; /* scores, harm, likelihood, choice (RATING_UNSET), tags (bitsets),
				       * flag (0/1), status; text fields: 0 none / 1 some text */
} rating_change;

/* A new draft: everything unset, focus on A correctness, rubric RUBRIC_VERSION. */
void rating_init(rating *r);
/* Free the texts and undo entries; r is then as after rating_init. */
void rating_free(rating *r);

/* The focused field's digit d (0-9), see the top of this file.  RATING_EINVAL when d means
 * nothing there (a 7 on an axis, a 4 on harm); RATING_ELOCKED when not a draft. */
rating_result rating_digit(rating *r, int d, rating_change *ch);

/* Set a field of side (0/1) directly (value as in rating_side; RATING_UNSET clears).  For the
 * choice, side is ignored.  Tags: the new bitset.  Does not move the focus. */
rating_result rating_set(rating *r, int side, rating_field f, int32_t value, rating_change *ch);
/* Turn tag t of side on or off. */
rating_result rating_toggle_tag(rating *r, int side, rubric_tag t, rating_change *ch);

/* Focus moves. */
typedef enum rating_move {
	RATING_NEXT,  /* Tab: next field in the focus order (wraps) */
	RATING_PREV,  /* Shift-Tab */
	RATING_LEFT,  /* to A, same field */
	RATING_RIGHT, /* to B, same field */
	RATING_UP,    /* previous field of the same summary (from the choice: that side's tags) */
	RATING_DOWN   /* next field of the same summary (from the tags: the choice) */
} rating_move;
/* Allowed in any status (reading a submitted rating moves the focus too). */
rating_result rating_move_focus(rating *r, rating_move m, rating_change *ch);
/* Set the focus directly (side 0/1, field < RATING_F_NSIDE or RATING_F_CHOICE). */
rating_result rating_focus(rating *r, int side, rating_field f, rating_change *ch);

/* Comment and corrected summary: a copy of text (NULL or "" clears).  Undoable. */
rating_result rating_set_comment(rating *r, const char *text, rating_change *ch);
rating_result rating_set_corrected(rating *r, const char *text, rating_change *ch);

/* Flag for review (on/off).  Allowed in any status: a submitted rating can be flagged too; in a
 * draft it is undoable. */
rating_result rating_toggle_flag(rating *r, rating_change *ch);

/* Undo the last value edit of this draft (exact inverse; the focus goes to the restored field).
 * RATING_EEMPTY when there is none (at most RATING_UNDO_MAX are kept; submit, skip and reopen
 * start a new history). */
rating_result rating_undo(rating *r, rating_change *ch);

/* Names of the missing fields, e.g. "A correctness, A harm, B likelihood, choice", into buf
 * (NUL-terminated, cut at n - 1).  Returns how many fields are missing: 0 when the rating can be
 * submitted.  Required: the four axes and the harm extent of both summaries, the likelihood where
 * the extent is not none, the choice.  Tags, comment and corrected text are optional. */
int rating_missing(const rating *r, char *buf, size_t n);

/* draft -> submitted; RATING_EINCOMPLETE while rating_missing finds something. */
rating_result rating_submit(rating *r, rating_change *ch);
/* draft -> skipped with a reason (copied; RATING_EINVAL when empty or only spaces). */
rating_result rating_skip(rating *r, const char *reason, rating_change *ch);
/* submitted or skipped -> draft (the skip reason is dropped: the audit log keeps it). */
rating_result rating_reopen(rating *r, rating_change *ch);

/* The change as one audit line, e.g. "a.correctness: - -> 4", "b.tags: unit_error ->
 * unit_error,wrong_trend", "status: draft -> submitted", "comment: set".  Into buf (cut at
 * n - 1). */
void rating_change_describe(const rating_change *ch, char *buf, size_t n);

/* Exchange A and B in place: the two summaries' judgements, the choice mirrored (a_better <->
 * b_better, ...), the focus side.  For exporting and comparing in the item's order (summary 1,
 * summary 2) a rating made with the item swapped (queue_assignment.swapped): call it when
 * swapped is 1.  Status, texts, clock and undo history are untouched (the undo entries keep
 * their sides: swap back before undoing). */
void rating_swap_sides(rating *r);

/* Name of a field as in the draft text ("correctness", "harm", "tags", "choice", ...). */
const char *rating_field_name(rating_field f);
const char *rating_status_name(rating_status s); /* "draft", "submitted", "skipped" */
rating_status rating_status_parse(const char *s); /* RATING_NSTATUS when unknown */

/* ------------------------------------------------------------------ the draft text */
/* Canonical key=value text of r, one key a line in a fixed order, ending with an FNV-1a checksum
 * line, e.g.
 *     format=gv-rating-1
 *     rubric=1
 *     status=draft
 *     skip_reason=
 *     flagged=0
 *     a.correctness=4
 *     ... a.completeness a.conciseness a.clarity a.harm a.likelihood a.tags, then b.* ...
 *     choice=-
 *     focus=a.completeness
 *     active_ms=83000
 *     comment=
 *     corrected=
 *     end=1f0c33a9
 * Unset values are "-"; tags are names joined by ',' in rubric order; texts are escaped (\\ \n \r
 * \t, \xHH for other control bytes).  Written into buf like snprintf: returns the length of the
 * whole text; when that is >= n the text was cut (call again with a bigger buffer). */
size_t rating_format(const rating *r, char *buf, size_t n);
/* The same into a new buffer (malloc'd; the caller frees); NULL when out of memory. */
char *rating_format_dup(const rating *r);

/* Read text[0..len) as written by rating_format into r (rating_free'd first; the undo history is
 * empty, last_key_ms -1).  Strict: every key in order, every value valid, the checksum right, the
 * rubric this program's RUBRIC_VERSION.  On failure returns RATING_EPARSE (or RATING_ENOMEM),
 * leaves r a fresh draft and writes the reason into why ("line 6: a.correctness: \"7\" is not a
 * score 1-5 or -"). */
rating_result rating_parse(rating *r, const char *text, size_t len, char *why, size_t whyn);

/* ------------------------------------------------------------------ active time */
/* The clock stops after RATING_IDLE_MS without a key: a gap between two keys counts up to that
 * much.  Two minutes: the rating screen's specified idle cut-off (a rater reading a long summary
 * presses no key for a while, a rater gone for coffee must not count); an inactivity time-out is
 * how active time is measured from EHR audit logs, where the studies' cut-offs vary (Rule,
 * Chiang & Hribar, "Using electronic health record audit logs to study clinical activity: a
 * systematic review", JAMIA 2020;27:480-490). */
#define RATING_IDLE_MS 120000

/* Account a key at now_ms (any monotonic clock, ms): adds min(now - last key, RATING_IDLE_MS) to
 * r->active_ms (nothing for the first key after rating_init/parse or when the clock went back). */
void rating_key_time(rating *r, int64_t now_ms);
/* Active time to show at now_ms: r->active_ms plus the running gap since the last key (up to
 * RATING_IDLE_MS). */
int64_t rating_active_ms(const rating *r, int64_t now_ms);

/* Running median of completed items' active times. */
typedef struct rating_median {
	int64_t *v; /* sorted */
	size_t n, cap;
} rating_median;

void rating_median_init(rating_median *m);
void rating_median_free(rating_median *m);
/* Add a time; RATING_ENOMEM on allocation failure (m unchanged). */
rating_result rating_median_add(rating_median *m, int64_t ms);
/* The median (mean of the middle two, rounded down, for an even count); -1 when empty. */
int64_t rating_median_get(const rating_median *m);

#endif
