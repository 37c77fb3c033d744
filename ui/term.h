/* term.h — the terminal: the only file of growthview that talks to ncurses.
 *
 * Life cycle in one place (STYLE.md "The terminal"): the locale (term_locale), newterm with
 * colours as semantic roles in a colour and a monochrome theme, the input loop with resize and
 * signals, the blit of a frame (ui/scr.h) and the restore of the terminal on every way out:
 *   - normal exit and errors: term_close (endwin), and atexit(endwin) for any exit() in between;
 *   - SIGINT, SIGTERM, SIGHUP, SIGQUIT: handled from term_open (before newterm) to term_close
 *     (after endwin); the handler only sets a flag; the loop (which never blocks for more than a
 *     second, and whose read a signal interrupts) sees it, leaves, and term_run returns the
 *     signal: the caller restores the terminal (term_close), closes the store, then re-raises the
 *     signal with its default action (exit status 128+n, as if it had not been caught);
 *   - SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: the handler restores the terminal with
 *     async-signal-safe calls only (tcsetattr and write of the terminal's own rmcup/cnorm/sgr0
 *     strings, looked up when the terminal was opened), puts the previous handler back and lets
 *     the fault happen again (or re-raises SIGABRT), so a crash still dumps core or reaches the
 *     sanitizer's report with a usable terminal;
 *   - SIGTSTP (Ctrl-Z) and SIGWINCH are ncurses' own (KEY_RESIZE arrives in the loop).
 * No curses call is ever made in a signal handler. */
#ifndef GV_TERM_H
#define GV_TERM_H

#include <stdio.h>

#include "ui/scr.h"
#include "ui/tui.h"

/* setlocale(LC_ALL, "") then setlocale(LC_NUMERIC, "C") (numbers always with '.'); returns 1
 * when the locale's character set is UTF-8 (nl_langinfo(CODESET)). */
int term_locale(void);

/* Colour decision (NO_COLOR: https://no-color.org): monochrome with no_color (--no-color) or
 * config color = never; colour with config color = always; otherwise (auto) colour unless the
 * environment variable NO_COLOR is set and not empty.  In any case only when the terminal has
 * colours. */
int term_want_color(int config_color, int no_color);

typedef struct gv_term gv_term;

/* Open the terminal on out/in (NULL: stdout/stdin, which must then be a terminal; signal handlers
 * are installed only then) as terminal type termtype (NULL: $TERM), with Unicode output when utf8
 * and colours when color (and the terminal has them).  Input: cbreak, no echo, keypad, short Esc
 * delay, invisible cursor.  Returns NULL with a message in err when the terminal cannot be used
 * (not a terminal, unknown TERM); nothing is left changed then. */
gv_term *term_open(FILE *out, FILE *in, const char *termtype, int utf8, int color, char *err, size_t errsz);

/* Restore the terminal (endwin), give the signals above their default action back, free.  NULL
 * is a no-op. */
void term_close(gv_term *tm);

/* The terminal's size in cells. */
void term_size(gv_term *tm, int *w, int *h);

/* 1 when colours are in use. */
int term_color(const gv_term *tm);

/* Copy frame s to the terminal and update it (only what changed is sent). */
void term_present(gv_term *tm, const scr *s);

/* Style of a role in the theme in force: ncurses attributes (attr_t bits, A_COLOR excluded) and
 * colour pair number (0 in monochrome).  For tests. */
void term_role_style(const gv_term *tm, int role, unsigned long *attrs, short *pair);

/* Run the TUI until it is done or a signal arrives: draw, read keys (typeahead is drained before
 * the next frame), background work when idle, resize.  With first_frame_only it returns right
 * after the first frame is on the terminal (benchmarks).  Returns 0, or the signal that ended
 * it (re-raise it after cleaning up). */
int term_run(gv_term *tm, tui *t, int first_frame_only);

#endif
