/* statsfmt.h — the benchmark's statistics (app/stats.h) as terminal tables: what `growthview
 * stats` prints and the TUI's stats screen shows, line for line.
 *
 * Pure: no ncurses, no store.  ASCII only (model names and other stored text are made printable:
 * anything outside printable ASCII is shown as '?', a name too long for its column is cut with
 * '~'), and every line fits the given width (80 columns or more; below 80 the tables are laid out
 * for 80 and cut).  Intervals are written "est [lo,hi]"; the leaderboard draws each model's
 * interval as a text bar on one common scale. */
#ifndef GV_STATSFMT_H
#define GV_STATSFMT_H

#include <stddef.h>

#include "app/buf.h"
#include "app/stats.h"

/* The whole report into b (appended), lines ending in '\n', each at most width columns
 * (width < 80 counts as 80 for the layout, then lines are cut to width).  Returns the number of
 * lines that had to be cut (0 from 80 columns on, short of a name or number wider than its
 * column).  Allocation failures mark b (buf_ok). */
int statsfmt_text(const stats_report *r, int width, gv_buf *b);

#endif
