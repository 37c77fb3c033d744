/* tui_int.h — what the interface's files share (ui/tui.c and its screens, ui/tui_*.c); nothing
 * else includes it.  The interface's API is ui/tui.h.
 *
 * A screen is a table of operations (tui_screen): what it reads before a frame, its title, its
 * body, its status line, its keys, what it does when another program changed the store, and the
 * descriptors it waits on.  ui/tui.c owns the overlays (form, question, prompt, help), the status
 * message, the background refresh and the dispatch to the current screen.  A new screen is a new
 * file with its tui_screen, and one line in the table of ui/tui.c (tui_screens). */
#ifndef GV_TUI_INT_H
#define GV_TUI_INT_H

#include <stddef.h>
#include <stdint.h>

#include "ui/form.h"
#include "ui/pform.h"
#include "ui/list.h"
#include "ui/patient.h"
#include "ui/rate_state.h"
#include "ui/scr.h"
#include "ui/tui.h"

/* The screens, by index in tui_screens. */
enum { TUI_SCREEN_LIST, TUI_SCREEN_PATIENT, TUI_SCREEN_STATS, TUI_SCREEN_RATE, TUI_NSCREENS };

typedef struct tui_screen {
	const char *name;
	/* Read what the next frame shows (the store) for a frame of h rows. */
	void (*sync)(tui *t, int h);
	/* The title bar's text (left part). */
	void (*title)(tui *t, char *buf, size_t n);
	/* The body: rows 1 .. h-2 of s. */
	void (*draw)(tui *t, scr *s);
	/* The status line's help screen (ui/help.h), when no message or overlay has it. */
	int (*help)(const tui *t);
	/* Draw a status line of the screen's own in row y (1), or leave it (0).  May be NULL. */
	int (*status)(tui *t, scr *s, int y);
	/* A key no overlay took. */
	void (*key)(tui *t, int key);
	/* Another program changed the store (tui_poll): read again.  1 when it said something and
	 * tui_poll must stop there (the screen changed).  May be NULL. */
	int (*reload)(tui *t);
	/* The descriptors it waits on (tui_pollfds; may lower *timeout_ms) and what poll() said of them
	 * (tui_ready: 1 when the screen may have changed).  May be NULL. */
	int (*pollfds)(tui *t, struct pollfd *fds, int max, int *timeout_ms);
	int (*ready)(tui *t, const struct pollfd *fds, int n);
	/* A second without keys (tui_poll): 1 when the screen shows something that changed with
	 * time (a clock).  May be NULL. */
	int (*tick)(tui *t);
} tui_screen;

extern const tui_screen tui_list_screen, tui_patient_screen, tui_stats_screen, tui_rate_screen;

enum { MODAL_NONE, MODAL_HELP, MODAL_FORM, MODAL_CONFIRM, MODAL_PROMPT, MODAL_PFORM };
enum { ACT_DELETE, ACT_ACK };

/* Stale flag summaries refreshed per idle step. */
#define REFRESH_BATCH 32

struct tui {
	gv_store *st;
	tui_config cfg;
	char user[64];
	char label[256];
	char rater[64];
	gv_flag_options fo;
	int screen;      /* index in tui_screens */
	list_state list;
	patient_state pat;
	rate_state rate; /* the rating screen (ui/tui_rate.c) */
	form_state form;
	pform_state pform; /* the patient form (add / edit a patient) */
	int modal;
	int modal_under;  /* the overlay the help was opened from (the form) */
	int help_screen;
	int help_scroll;
	struct {
		int action;
		char text[320];
		int64_t id;
	} confirm;
	struct {
		int action;
		char label[200];
		char text[160];
	} prompt;
	char msg[320];
	int msg_role;
	int done;
	int w, h; /* size of the last frame */
	/* background refresh of stale flag summaries */
	int refreshing;
	int64_t refresh_after;
	long refreshed;
	/* changes by other programs (tui_poll) */
	int64_t data_version;
	int have_version;
	/* the store's flag summaries are another rule set's (read-only, or re-tagged by another
	 * program with other rules while open): markers computed on screen, none written */
	int foreign;
	/* the screen whose descriptors the input loop is waiting on (tui_pollfds) */
	const struct tui_screen *polled;
	/* the statistics screen's state (ui/tui_stats.c), made when it is first opened */
	struct tui_stats *stats;
};


/* Say something on the status line (role: ui/scr.h UI_*). */
void tui_say(tui *t, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Read-only: say so and return 1 (the caller writes nothing); 0 otherwise. */
int tui_refuse_read_only(tui *t);
/* Open patient number i of the list (n / p on the chart); says so at either end. */
void tui_open_index(tui *t, long i);
/* "date  weight  height  head ..." of a visit, in the configured units. */
void tui_describe_visit(const tui *t, const gv_visit *v, char *buf, size_t n);
/* Undo the user's last change (u), reloading what it touched. */
void tui_undo(tui *t);
/* Open the statistics screen (S on the list); computed when shown. */
void tui_open_stats(tui *t);
/* Free the statistics screen's state (tui_free). */
void tui_stats_free(tui *t);
/* Open the help (ui/help.h screen), over the form when it is open. */
void tui_open_help(tui *t, int screen);
/* Open the patient form: a new patient (p = NULL) or *p with its notes.  Refused when read-only. */
void tui_open_pform(tui *t, const gv_patient *p, const char *notes);

#endif
