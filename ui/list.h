/* list.h — the patient list: search, filter, sort, and a window on the store's pages.
 *
 * Only the rows on screen are read (store_patient_page with the window's offset and height), so
 * the list moves as fast on 100,000 patients as on 10.  A window deep in the list is read in the
 * opposite order from the near end (the store's orders mirror each other exactly), so an offset
 * never costs more than half the list.
 *
 * Flag markers come from the store's cached summary (app/flagcache.h).  A row whose summary is
 * stale (measurements changed since, or never computed) gets its marker computed here, in memory,
 * from the child's measurements, when list_sync reads the page (never while drawing), so what is
 * on screen is always current; the cache itself is brought up to date in the background, one step
 * at a time (flagcache_refresh_step, from the TUI's idle time).
 *
 * No ncurses: list_key takes ui/keys.h codes, list_draw draws into a scr. */
#ifndef GV_LIST_H
#define GV_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/flags.h"
#include "ui/scr.h"

#define LIST_SEARCH_MAX 64
#define LIST_MEMO 256

typedef struct list_state {
	/* what is listed */
	char search[LIST_SEARCH_MAX]; /* substring of name or id (UTF-8) */
	int flagged;                  /* only patients with open flags */
	store_sort sort;
	int reverse;
	/* where */
	long total; /* patients matching */
	long all;   /* patients in the store */
	long cur;   /* index of the selected row */
	long top;   /* index of the first row on screen */
	int rows;   /* rows on screen (from the last list_sync) */
	/* search being typed ('/'): the text before it, restored by Esc */
	int searching;
	char saved[LIST_SEARCH_MAX];
	/* the page read from the store */
	store_patient_row *page;
	struct list_mark {
		int sev, count;       /* the open-flag marker of page[i] (list_marker) */
	} *marks;
	int npage, cap;
	long page_top;
	int stale;     /* 1: count and page must be read again */
	/* The count of a search or the flagged filter, a slice of ids at a time between keys
	 * (store_patient_count_step): a search matching most of a million children costs 100-200 ms
	 * to count whole, so the first page is shown at once and the count follows (list_count_step).
	 * While counting, total is what is known so far (matches counted, or rows seen). */
	store_count cnt;
	int counting;
	int to_end;             /* End pressed while counting: finish the count, then go there */
	long count_sync_ids;    /* stores with at most this many ids are counted whole at once */
	long count_span;        /* ids per slice */
	int all_stale; /* 1: the store changed: count `all` again too */
	/* markers computed for stale summaries: patient id -> severity code, open count */
	struct {
		int64_t id;
		int sev, count;
	} memo[LIST_MEMO];
	gv_flag_options fo;
	int recompute;                /* compute every marker on screen, not only stale ones: the
				       * store's summaries are another rule set's (read-only) */
	char err[256]; /* the last store error, "" when none */
} list_state;

/* Start at the top, sorted by name, nothing filtered; fo = the flag options of the markers. */
void list_init(list_state *l, const gv_flag_options *fo);
void list_free(list_state *l);

/* The list must be read again (filter changed, or the store changed under it). */
void list_invalidate(list_state *l);
/* Forget every computed marker and read the list again (another program changed the store). */
void list_reset(list_state *l);
/* Forget the computed marker of a patient (its measurements changed). */
void list_forget(list_state *l, int64_t patient_id);

/* Read the count (when stale) and the page of `rows` rows around the cursor, and the page's flag
 * markers (list_marker): keeps the cursor in range and on screen.  Returns STORE_OK or the store's
 * error (message in l->err). */
store_rc list_sync(list_state *l, gv_store *st, int rows);

/* One slice of a count in progress (l->counting): 1 when it did something (the count may have
 * changed on screen), 0 when there is no count in progress.  On a store error the count stops
 * where it is (message in l->err). */
int list_count_step(list_state *l, gv_store *st);
/* Finish a count in progress at once (before going to the end of the list). */
void list_count_finish(list_state *l, gv_store *st);

/* The selected row, or NULL when the list is empty (valid until the next list_sync). */
const store_patient_row *list_selected(const list_state *l);

/* Move the cursor to index i (clamped); the next list_sync reads the page. */
void list_goto(list_state *l, long i);

/* Keys.  Returns what the caller must do. */
enum { LIST_NONE, LIST_OPEN, LIST_QUIT, LIST_HELP, LIST_ADD /* a: add a patient */, LIST_UNKNOWN, LIST_STATS,
       LIST_RATE /* R: the rating screen */ };
int list_key(list_state *l, int key);

/* Open-flag marker of a row: the cached summary, or the computed one when stale.  *sev gets the
 * store severity code (0 none .. 4 severe), *count the open flags.  May read the store and run
 * the flag engine: list_sync calls it for the page's rows, list_draw only reads l->marks. */
void list_marker(list_state *l, gv_store *st, const store_patient_row *r, int *sev, int *count);

/* Draw the list into rows y0 .. y0+h-1 of s (headings on the first row), `today` for ages.  The
 * page and its markers must have been read by list_sync(l, st, h - 1); st is not read. */
void list_draw(list_state *l, gv_store *st, scr *s, int y0, int h, int32_t today);

/* Text for the title bar: "200 patients", "3 of 200 match 'ab'", sort and filter. */
void list_summary(const list_state *l, char *buf, size_t n);

/* Name of a sort order: "name", "age", "last visit", "severity". */
const char *list_sort_name(store_sort s);

#endif
