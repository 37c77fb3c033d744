/* term.c — ncurses: terminal life cycle, colour roles, input loop, blit (term.h). */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ui/keys.h"

/* ------------------------------------------------------------------ locale and colour choice */

int term_locale(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int term_want_color(int config_color, int no_color)
{
	if (no_color || config_color == 0)
		return 0;
	if (config_color == 1)
		return 1;
	const char *nc = getenv("NO_COLOR");
	return !(nc && *nc);
}

/* ------------------------------------------------------------------ the one table of roles */

typedef struct style {
	short fg, bg;   /* colour theme (-1: the terminal's default) */
	attr_t color_attr;
	attr_t mono_attr; /* monochrome theme */
} style;

/* Colour and monochrome styles of every role (ui/scr.h, ui/canvas.h).  Flags and point states
 * always carry a glyph too ('!', '?', '@', "!!"): colour only adds to them. */
static const style styles[UI_ROLE_COUNT] = {
	[ROLE_NONE] = {-1, -1, A_NORMAL, A_NORMAL},
	[ROLE_SWITCH_MARK] = {COLOR_MAGENTA, -1, A_NORMAL, A_DIM},
	[ROLE_CURVE_OUTER] = {COLOR_BLUE, -1, A_NORMAL, A_DIM},
	[ROLE_CURVE_INNER] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
	[ROLE_CURVE_MEDIAN] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[ROLE_CHILD_LINE] = {-1, -1, A_BOLD, A_BOLD},
	[ROLE_AXIS] = {-1, -1, A_DIM, A_NORMAL},
	[ROLE_LABEL] = {-1, -1, A_NORMAL, A_NORMAL},
	[ROLE_POINT] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[ROLE_POINT_SUSPECT] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[ROLE_POINT_FLAGGED] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[ROLE_POINT_SELECTED] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD},
	[UI_TEXT] = {-1, -1, A_NORMAL, A_NORMAL},
	[UI_DIM] = {-1, -1, A_DIM, A_DIM},
	[UI_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[UI_HEADING] = {-1, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[UI_CURSOR] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[UI_STATUS] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
	[UI_KEY] = {COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[UI_TAB] = {-1, -1, A_NORMAL, A_NORMAL},
	[UI_TAB_ON] = {COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD},
	[UI_FLAG_INFO] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
	[UI_FLAG_CHECK] = {COLOR_MAGENTA, -1, A_BOLD, A_UNDERLINE},
	[UI_FLAG_MODERATE] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[UI_FLAG_SEVERE] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[UI_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE},
	[UI_WARN] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[UI_OK] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[UI_FIELD] = {-1, -1, A_UNDERLINE, A_UNDERLINE},
	[UI_FIELD_ON] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[UI_FRAME] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
};

struct gv_term {
	SCREEN *scr;
	int handlers; /* signal handlers installed (a real terminal) */
	FILE *out, *in;
	int utf8, color;
	attr_t attr[UI_ROLE_COUNT];
	short pair[UI_ROLE_COUNT];
	int w, h;
};

/* ------------------------------------------------------------------ restoring the terminal */

static volatile sig_atomic_t got_signal;
static int curses_active;
/* For the fatal-signal handler: only async-signal-safe calls use these. */
static struct termios saved_tio;
static int saved_tio_ok;
static char restore_seq[128];
static size_t restore_len;
static struct sigaction old_fatal[32];

static void at_exit(void)
{
	if (curses_active && !isendwin())
		endwin();
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_fatal(int sig)
{
	/* async-signal-safe only: tcsetattr(2) and write(2) (POSIX.1-2008, 2.4.3) */
	if (saved_tio_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	if (restore_len) {
		ssize_t k = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)k;
	}
	if (sig > 0 && sig < 32)
		sigaction(sig, &old_fatal[sig], NULL);
	if (sig == SIGABRT)
		raise(sig);
	/* SIGSEGV, SIGBUS, SIGFPE, SIGILL: returning re-runs the faulting instruction, which now
	 * reaches the previous handler (the default: core dump; or a sanitizer's report) */
}

static void add_cap(const char *name)
{
	char *s = tigetstr(name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction fa;
	memset(&fa, 0, sizeof fa);
	fa.sa_handler = on_fatal;
	sigemptyset(&fa.sa_mask);
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &fa, &old_fatal[fatal[i]]);
}

static void remove_handlers(void)
{
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &old_fatal[fatal[i]], NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

/* ------------------------------------------------------------------ open and close */

gv_term *term_open(FILE *out, FILE *in, const char *termtype, int utf8, int color, char *err, size_t errsz)
{
	out = out ? out : stdout;
	in = in ? in : stdin;
	if (out == stdout && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))) {
		snprintf(err, errsz, "standard input and output must be a terminal (for a chart on standard output: growthview plot)");
		return NULL;
	}
	gv_term *tm = calloc(1, sizeof *tm);
	if (!tm) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	tm->out = out;
	tm->in = in;
	tm->utf8 = utf8;
	if (in == stdin && tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		saved_tio_ok = 1;
	static int registered;
	if (!registered) {
		atexit(at_exit);
		registered = 1;
	}
	/* An unknown terminal type is found with setupterm, which cleans up after itself: a failed
	 * newterm would lose the memory it allocated (ncurses 6.4, new_prescr). */
	int terr = 0;
	if (setupterm(termtype, fileno(out), &terr) != OK) {
		const char *t = termtype ? termtype : getenv("TERM");
		snprintf(err, errsz, "cannot use the terminal type '%s' (set TERM, e.g. TERM=xterm-256color)", t ? t : "");
		free(tm);
		return NULL;
	}
	del_curterm(cur_term);
	/* from here on a signal must find the terminal restorable: handlers before newterm */
	if (out == stdout) {
		got_signal = 0;
		install_handlers();
		tm->handlers = 1;
	}
	tm->scr = newterm(termtype, out, in);
	if (!tm->scr) {
		const char *t = termtype ? termtype : getenv("TERM");
		snprintf(err, errsz, "cannot use the terminal type '%s' (set TERM, e.g. TERM=xterm-256color)", t ? t : "");
		if (tm->handlers)
			remove_handlers();
		free(tm);
		return NULL;
	}
	curses_active = 1;
	set_term(tm->scr);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	leaveok(stdscr, TRUE);
	restore_len = 0;
	add_cap("rmcup");
	add_cap("cnorm");
	add_cap("sgr0");
	tm->color = color && has_colors();
	if (tm->color) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < UI_ROLE_COUNT; r++) {
		const style *st = &styles[r];
		if (tm->color) {
			tm->attr[r] = st->color_attr;
			if (st->fg != -1 || st->bg != -1) {
				init_pair((short)r + 1, st->fg, st->bg);
				tm->pair[r] = (short)(r + 1);
			}
		} else {
			tm->attr[r] = st->mono_attr;
		}
	}
	getmaxyx(stdscr, tm->h, tm->w);
	return tm;
}

void term_close(gv_term *tm)
{
	if (!tm)
		return;
	set_term(tm->scr);
	if (!isendwin())
		endwin();
	delscreen(tm->scr);
	curses_active = 0;
	restore_len = 0;
	/* only now, with the terminal restored, may a signal take its default action */
	if (tm->handlers)
		remove_handlers();
	free(tm);
}

void term_size(gv_term *tm, int *w, int *h)
{
	getmaxyx(stdscr, tm->h, tm->w);
	*w = tm->w;
	*h = tm->h;
}

int term_color(const gv_term *tm)
{
	return tm->color;
}

void term_role_style(const gv_term *tm, int role, unsigned long *attrs, short *pair)
{
	if (role < 0 || role >= UI_ROLE_COUNT)
		role = UI_TEXT;
	*attrs = (unsigned long)tm->attr[role];
	*pair = tm->pair[role];
}

/* ------------------------------------------------------------------ blit */

/* The WACS_* piece for a box-drawing code point (ncurses falls back to + - | when the terminal
 * cannot draw lines), NULL for anything else. */
static const cchar_t *wacs(uint32_t cp)
{
	switch (cp) {
	case 0x2500:
		return WACS_HLINE;
	case 0x2502:
		return WACS_VLINE;
	case 0x250c:
		return WACS_ULCORNER;
	case 0x2510:
		return WACS_URCORNER;
	case 0x2514:
		return WACS_LLCORNER;
	case 0x2518:
		return WACS_LRCORNER;
	case 0x2524:
		return WACS_RTEE;
	case 0x252c:
		return WACS_TTEE;
	case 0x251c:
		return WACS_LTEE;
	case 0x2534:
		return WACS_BTEE;
	case 0x253c:
		return WACS_PLUS;
	default:
		return NULL;
	}
}

void term_present(gv_term *tm, const scr *s)
{
	set_term(tm->scr);
	int w = scr_width(s), h = scr_height(s);
	for (int y = 0; y < h && y < tm->h; y++) {
		for (int x = 0; x < w && x < tm->w; x++) {
			scr_cell c = scr_get(s, x, y);
			if (c.kind == SCR_CONT)
				continue;
			int role = c.role < UI_ROLE_COUNT ? c.role : UI_TEXT;
			attr_t a = tm->attr[role];
			short pair = tm->pair[role];
			cchar_t cc;
			const cchar_t *box = tm->utf8 ? wacs(c.cp) : NULL;
			if (box) {
				wchar_t wch[CCHARW_MAX + 1];
				attr_t ba;
				short bp;
				if (getcchar(box, wch, &ba, &bp, NULL) == OK) {
					setcchar(&cc, wch, ba | a, pair, NULL);
					mvadd_wch(y, x, &cc);
					continue;
				}
			}
			wchar_t wch[3] = {(wchar_t)c.cp, (wchar_t)c.comb, 0};
			if (!tm->utf8 && c.cp > 0x7e)
				wch[0] = '?';
			if (!tm->utf8)
				wch[1] = 0;
			setcchar(&cc, wch, a, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ------------------------------------------------------------------ input */

static int translate(int rc, wint_t wc)
{
	if (rc == KEY_CODE_YES) {
		switch (wc) {
		case KEY_UP:
			return K_UP;
		case KEY_DOWN:
			return K_DOWN;
		case KEY_LEFT:
			return K_LEFT;
		case KEY_RIGHT:
			return K_RIGHT;
		case KEY_HOME:
		case KEY_A1:
			return K_HOME;
		case KEY_END:
		case KEY_C1:
			return K_END;
		case KEY_PPAGE:
		case KEY_A3:
			return K_PGUP;
		case KEY_NPAGE:
		case KEY_C3:
			return K_PGDN;
		case KEY_DC:
			return K_DEL;
		case KEY_BTAB:
			return K_BTAB;
		case KEY_F(1):
			return K_F1;
		case KEY_RESIZE:
			return K_RESIZE;
		case KEY_BACKSPACE:
			return K_BACKSPACE;
		case KEY_ENTER:
			return K_ENTER;
		default:
			return K_NONE;
		}
	}
	if (rc != OK)
		return K_NONE;
	switch (wc) {
	case '\n':
	case '\r':
		return K_ENTER;
	case 8:
	case 127:
		return K_BACKSPACE;
	default:
		return (int)wc;
	}
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ the loop */

/* Handle every key waiting in ncurses (what poll() said is readable, and the typeahead behind it)
 * before the next frame.  Returns how many were read. */
static int read_keys(tui *t)
{
	int n = 0, rc;
	wint_t wc;
	wtimeout(stdscr, 0);
	while (!tui_done(t) && !got_signal && (rc = wget_wch(stdscr, &wc)) != ERR) {
		tui_key(t, translate(rc, wc));
		n++;
	}
	return n;
}

int term_run(gv_term *tm, tui *t, int first_frame_only)
{
	set_term(tm->scr);
	scr *s = scr_new(tm->w > 0 ? tm->w : 80, tm->h > 0 ? tm->h : 24, tm->utf8);
	if (!s)
		return 0;
	int dirty = 1, fast_errs = 0;
	long last_draw = 0;
	/* What the loop waits on: the terminal, and the descriptors the interface asks for (a child's
	 * pipe, an HTTP transfer: tui_pollfds). */
	struct pollfd fds[1 + TUI_MAXFDS];
	fds[0].fd = fileno(tm->in ? tm->in : stdin);
	fds[0].events = POLLIN;
	while (!tui_done(t) && !got_signal) {
		if (dirty) {
			int w, h;
			term_size(tm, &w, &h);
			if (w != scr_width(s) || h != scr_height(s)) {
				if (scr_resize(s, w > 0 ? w : 1, h > 0 ? h : 1) == 0)
					clearok(curscr, TRUE);
			}
			tui_draw(t, s);
			term_present(tm, s);
			last_draw = now_ms();
			dirty = 0;
			if (first_frame_only)
				break;
		}
		/* Block until a key, a descriptor or the timer: work ready to run (a refresh step)
		 * makes it 0 (look for keys between steps), otherwise a second (tui_poll). */
		int timeout_ms = 1000;
		int nfds = tui_pollfds(t, fds + 1, TUI_MAXFDS, &timeout_ms);
		fds[0].revents = 0;
		long t0 = now_ms();
		int rc = poll(fds, (nfds_t)(1 + nfds), timeout_ms);
		if (got_signal)
			break;
		if (rc < 0) {
			if (errno != EINTR)
				break;
			/* a signal: SIGWINCH's KEY_RESIZE waits in ncurses' input */
			if (read_keys(t))
				dirty = 1;
			continue;
		}
		if (rc > 0 && nfds > 0 && tui_ready(t, fds + 1, nfds))
			dirty = 1;
		if (fds[0].revents) {
			if (read_keys(t)) {
				fast_errs = 0;
				dirty = 1;
			} else if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) || ++fast_errs > 100) {
				break; /* the terminal is gone: readable, again and again, with nothing to read */
			}
			continue;
		}
		if (rc != 0 || now_ms() - t0 < timeout_ms / 2)
			continue;
		if (tui_busy(t)) {
			if (tui_idle(t) && now_ms() - last_draw >= 100)
				dirty = 1;
			if (!tui_busy(t))
				dirty = 1; /* the last batch: show the final markers */
		} else if (tui_poll(t)) { /* a second without keys: changes by other programs */
			dirty = 1;
		}
	}
	scr_free(s);
	return got_signal;
}
