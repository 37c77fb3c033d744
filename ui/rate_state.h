/* rate_state.h — the rating screen's state (ui/tui_rate.c) and what it reads from and writes to
 * the store (ui/tui_rate_store.c, the only part of the screen that calls app/store.h's rating
 * functions).  Shared by ui/tui.c (struct tui holds one) and the screen's two files; nothing
 * else includes it.
 *
 * The screen works on one queue item at a time: the two summaries as the rater sees them (A on
 * the left, B on the right: the queue's placement for this rater), the child (the patient screen's
 * state, ui/patient.h, for the header, the compact chart and the flags list), the rating
 * (core/rating.h), and, once the rating is submitted, the claim checker's stored verdicts on
 * each summary (app/checker.h) marked in the texts (ui/rate_marks.h). */
#ifndef GV_RATE_STATE_H
#define GV_RATE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/queue.h"
#include "core/rating.h"
#include "ui/canvas.h"
#include "ui/rate_layout.h"
#include "ui/rate_marks.h"
#include "ui/textedit.h"

/* One stored claim check of a summary (app/store.h store_claim_check), as the screen keeps it. */
typedef struct rate_claim {
	int64_t id;
	size_t start, end;      /* span in the summary's raw text */
	int verdict;            /* claim_verdict (core/claims.h) */
	int mine;               /* the rater's verdict (claim_verdict), -1 none yet */
	char type[24];
	char quote[120];
	char expected[80];
	int ind;                /* the claim's indicator (gv_ind), GV_NIND when none */
	int32_t date;           /* the visit it is tied to, STORE_NO_DATE when none */
} rate_claim;

/* The item on screen. */
typedef struct rate_item {
	int64_t id;             /* queue item (store) */
	int64_t patient;        /* internal patient id */
	int64_t summary[2];     /* internal summary ids shown as A and B */
	char *text[2];          /* their texts (malloc'd) */
	char model[2][129];     /* their models: shown only once submitted */
	char sid[2][129];       /* their external ids */
	int closed;             /* the queue is closed: nothing can change */
	int swapped;            /* the queue put summary 2 of the item on the left */
	queue_item q;           /* the item as core/queue sees it (gold, planted kinds: gold reveal) */
} rate_item;

/* Panes in the summaries' place (g cycles them); RATE_PANE_RATERS only when adjudicating. */
enum { RATE_PANE_TEXT, RATE_PANE_CHART, RATE_PANE_FLAGS, RATE_PANE_RATERS };
enum { RATE_EDIT_NONE, RATE_EDIT_SKIP, RATE_EDIT_COMMENT, RATE_EDIT_CORRECTED };

typedef struct rate_state {
	int open;               /* the queue is loaded */
	int standalone;         /* opened by `growthview rate`: q quits (else back to the list) */
	char rater[65];
	int64_t rater_id;
	int adjudicator;        /* the rater's role is adjudicator */
	int adj;                /* adjudicating: items are adjudications (the a key switches) */
	long adj_pending;       /* adjudications waiting, when the list was read */
	store_adj_view av;      /* adjudicating: the item's two raters and their ratings */
	char *cmp;              /* the raters' comparison (rate_compare_make): RATE_COMPARE_LINES lines */
	size_t cmp_stride;
	int ncmp;
	unsigned char cmp_hot[RATE_COMPARE_LINES];
	int64_t *items;         /* the rater's queue items in order (adjudicating: adjudication ids) */
	size_t nitems, pos;     /* pos: index of the item on screen */
	rate_item it;
	int loaded;
	rating r;
	rate_layout L;
	rating_median med;
	int scroll[2];
	int shown;              /* narrow screens: -1 the focused summary, 0 A, 1 B */
	int pane;               /* RATE_PANE_* */
	int chart_tab;          /* indicator tab of the compact chart (ui/pchart.h) */
	canvas *cv;
	/* after submit: claim checks and their marks */
	rate_claim *cl[2];
	size_t ncl[2];
	rate_marks mk[2];
	int marks_ok[2];        /* the layout's cleaned text is the marked text (offsets valid) */
	int csel;               /* focused claim: index over A's then B's claims, -1 none */
	char gold_msg[512];     /* what a gold item planted and what the rater caught */
	/* editors */
	int edit;               /* RATE_EDIT_* */
	textedit ed;            /* the text being typed (ui/textedit.h) */
	int etop;               /* first wrapped line shown in the editor's box */
	int ew, erows;          /* the box's text width and rows when last drawn (Up/Down, PgUp/PgDn) */
	int corr_side;          /* the summary the corrected text started from (0 A, 1 B; -1: not
				 * known after a resume: the focused one) */
	/* the `?` rubric */
	int help, help_scroll;
	char child[2][320];
	int64_t shown_second;   /* the active time last drawn, in seconds (the clock's redraw) */
} rate_state;

typedef struct tui tui;

/* ------------------------------------------------------------------ ui/tui_rate_store.c */
/* The rater's queue: item ids in order into rs->items, the running median of the rater's
 * submitted items' active times, and the position to resume at (the item last worked on that is
 * still a draft, else the first not submitted or skipped); for an adjudicator also
 * rs->adj_pending.  The rater is made when new, with
 * `role` (NULL: an existing rater is required).  Returns 0, or -1 with a message said on screen. */
int rate_store_open(tui *t, const char *role);
/* Read the running median again from the store (the rater's submitted items; a reopened and
 * resubmitted item counts once). */
void rate_store_median(tui *t);
/* Load item rs->items[pos]: texts, models, placement, gold, the patient, the stored rating (or a
 * new draft).  Returns 0 or -1 (said). */
int rate_store_load(tui *t, size_t pos);
/* Adjudicating: every adjudication (pending and resolved, oldest first) into rs->items, the
 * position at the first pending one (else the last), rs->adj_pending counted.  Returns 0 or -1
 * (said). */
int rate_store_adj_list(tui *t);
/* Adjudicating: load adjudication rs->items[pos] into rs->av (both raters, in the item's order),
 * rs->it (summary 1 as A, summary 2 as B, the child) and rs->r (the adjudicator's own rating: the
 * resolution, else their draft, else a new one).  Returns 0 or -1 (said). */
int rate_store_adj_load(tui *t, size_t pos);
/* Save rating r of the item on screen (its draft text, status, one small transaction; adjudicating:
 * the adjudicator's draft, store_adjudication_save) with the
 * change's audit line (none for a focus move only: ch->what == RATING_CH_FOCUS, or ch NULL for
 * text being typed).  r is rs->r, or a copy showing the comment or corrected text being typed.
 * Returns 0 or -1 (said). */
int rate_store_save(tui *t, const rating *r, const rating_change *ch);
/* The status keys through the store (store_rating_submit / _skip / _reopen: the operation on
 * rs->r and its save in one; adjudicating: store_adjudication_resolve / _reopen, and no skip):
 * 0 done; -1 refused or failed (said: for submit the missing fields). */
int rate_store_submit(tui *t);
int rate_store_skip(tui *t, const char *reason);
int rate_store_reopen(tui *t);
/* The stored claim checks of summary (internal id) into *out / *n (malloc'd, caller frees). */
int rate_store_claims(tui *t, int64_t summary, rate_claim **out, size_t *n);
/* Store the rater's verdict (claim_verdict name) on claim check `id`.  Returns 0 or -1 (said). */
int rate_store_verdict(tui *t, int64_t id, const char *verdict);
/* A corrected summary typed by the rater, stored as a new reference text attributed to them
 * (correcting summary `of`).  Returns 0 or -1 (said). */
int rate_store_corrected(tui *t, int64_t of, const char *text);

/* ------------------------------------------------------------------ ui/tui_rate.c */
void rate_state_init(rate_state *rs);
void rate_state_free(rate_state *rs);

#endif
