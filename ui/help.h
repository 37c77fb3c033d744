/* help.h — the keys of every screen, in one table: the help overlay ('?') lists them all, the
 * status line shows the main ones, and the man page's key lists are written from the same
 * wording.  No ncurses. */
#ifndef GV_HELP_H
#define GV_HELP_H

#include <stddef.h>

#include "ui/scr.h"

enum { HELP_LIST, HELP_SEARCH, HELP_CHART, HELP_TABLE, HELP_FLAGS, HELP_FORM, HELP_PFORM, HELP_STATS, HELP_RATE, HELP_NSCREENS };

typedef struct help_key {
	const char *keys;  /* as the user types them: "Enter l", "/", "1-6" */
	const char *what;  /* what they do */
	const char *brief; /* the status line's short form ("open"), NULL: not on the status line */
	int writes;        /* 1: changes the database (refused, and left off the status line, read-only) */
} help_key;

/* The keys of screen `screen` (HELP_*), *n set to their number; NULL for an unknown screen. */
const help_key *help_keys(int screen, size_t *n);

/* Title of a screen's help ("Patient list", ...). */
const char *help_title(int screen);

/* Draw the help of `screen` as a framed overlay centred on s; scroll = first line shown (the
 * caller keeps it; it is clamped). Returns the number of lines of the help. */
int help_draw(scr *s, int screen, int *scroll, int read_only);

/* The status line (row y of s): the main keys of the screen, as many as fit, "? help" always
 * shown at the right; keys that write are left out in read-only mode. */
void help_status(scr *s, int y, int screen, int read_only);

#endif
