/* tui.h — the interface as a state machine: keys in, a whole frame out.
 *
 * tui_key changes the state (and, for the keys that save something, the store through its audited
 * functions); tui_draw draws the whole screen from the state into a scr, at any size.  There is no
 * ncurses here: ui/term.c runs the input loop, translates keys, blits the frame.  So the same code
 * runs under tests (keys fed by hand, frames compared with golden screens) and in a terminal.
 *
 * Screens: the patient list, a patient (chart, table, flags panel), and over them the
 * measurement form, a yes/no question, a one-line prompt (a comment) and the help.  Below
 * TUI_MIN_W x TUI_MIN_H a "terminal too small" screen replaces everything (the state is kept).
 *
 * Read-only: every key that would write says so and writes nothing (the store is also opened
 * read-only, so nothing could). */
#ifndef GV_TUI_H
#define GV_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/flags.h"
#include "core/growth.h"
#include "ui/fmt.h"
#include "ui/scr.h"

#define TUI_MIN_W 80
#define TUI_MIN_H 24

typedef struct tui_config {
	const char *db_label; /* shown in the title bar (the database file's name) */
	gv_policy policy;     /* chart policy (config `reference`) */
	gv_ruleset rules;     /* flag rule set (config `flags`) */
	fmt_units units;      /* config `units` */
	const char *user;     /* stamped on changes (entered_by, audit log); never empty */
	int read_only;
	int braille;          /* charts in braille (UTF-8 terminal, no --ascii) */
	int32_t today;        /* day number of today (config_today) */
	int refresh_flags;    /* bring stale flag summaries up to date in the background */
	int foreign_summaries;/* the store's flag summaries are another rule set's and cannot be
			       * redone (read-only): markers are computed on screen */
	const char *rater;    /* the rating screen's rater (config `rater`); NULL or "": user */
	const char *read_only_why; /* NULL, or why the database is read-only although --read-only
				    * was not given ("it cannot be written by this user"), or read
				    * as an unchanging file (store_readonly_reason): said on screen */
} tui_config;

typedef struct tui tui;

/* A TUI over an open store (not owned: the caller closes it after tui_free).  NULL when out of
 * memory. */
tui *tui_new(gv_store *st, const tui_config *cfg);
void tui_free(tui *t);

/* Handle one key (ui/keys.h), K_RESIZE included. */
void tui_key(tui *t, int key);

/* Draw the whole frame for the size of s. */
void tui_draw(tui *t, scr *s);

/* 1 once the user has quit. */
int tui_done(const tui *t);

/* Background work when no key is waiting (bringing stale flag summaries of the store up to date,
 * a batch at a time).  Returns 1 when it did something that may change the screen, 0 when there
 * is nothing (left) to do. */
int tui_idle(tui *t);

/* Called every second or so while no key comes: when another program (an import, another
 * growthview) has changed the database, read the list again and reload the open patient, keeping
 * the selected visit, and say so on the status line.  Not while the form, a question or a prompt
 * is open (the change is picked up once it closes).  Returns 1 when the screen may have changed. */
int tui_poll(tui *t);

/* 1 while background work remains (the input loop then looks for keys between its steps). */
int tui_busy(const tui *t);

/* What the input loop (ui/term.c) waits on besides the terminal: the descriptors the screens and
 * the services they drive ask for (a child's pipe, the LLM engine's: llm_engine_pollfds), at most
 * max, written to fds[0..n) with their events; n is returned.  *timeout_ms (the loop's own timer,
 * e.g. 1000 for tui_poll) is lowered to 0 when background work is ready to run now (tui_busy),
 * or to the time until a screen's timer.  The loop then blocks in poll() on the terminal and these:
 * it never spins while it waits on something. */
#define TUI_MAXFDS 8
struct pollfd;
int tui_pollfds(tui *t, struct pollfd *fds, int max, int *timeout_ms);

/* The descriptors of the last tui_pollfds, with poll()'s revents: the screen that asked for them
 * is given them.  Returns 1 when the screen may have changed. */
int tui_ready(tui *t, const struct pollfd *fds, int n);

/* Open the rating screen (ui/tui_rate.c) on the queue of `rater` (NULL or "": the user).  A rater
 * not in the store yet is made with `role` ("clinician", "annotator", "adjudicator"); with role
 * NULL the screen asks for it.  standalone (growthview rate): q quits instead of going back to
 * the list.  Resumes at the item and field last worked on.  Returns 0; 1 when the screen is
 * asking for the role; -1 when the queue cannot be read (said on the status line). */
int tui_rate_open(tui *t, const char *rater, const char *role, int standalone);

/* A hint on the status line of the first frame (printf-style), e.g. "R: rate summaries as demo". */
void tui_hint(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open patient `id` directly (tests, benchmarks): as Enter on the list. */
int tui_open_patient(tui *t, int64_t id);

#endif
