/* canvas.h — a pure cell buffer for terminal plots: braille dots or clean ASCII, text, markers.
 *
 * No ncurses here: the canvas is rasterised in memory, read back row by row as UTF-8/ASCII
 * strings (tests, `growthview plot`) or cell by cell as code point + colour role (the ncurses
 * layer blits it with a role -> colour pair/attribute table).
 *
 * Coordinates.  A canvas has w x h cells; cells are addressed (col, row) from the top left.
 * Each cell holds 2 x 4 dots, so dot coordinates run x = 0 .. 2w-1, y = 0 .. 4h-1 (y down); the
 * dot (x, y) lies in cell (x/2, y/4).  Braille mode shows a cell's dots as U+2800 + bits, with the
 * dot bits by row from the top {0x01,0x08},{0x02,0x10},{0x04,0x20},{0x40,0x80} (Unicode braille
 * patterns, dots 1-8).  ASCII mode rasterises the same dots and shows each cell as one ASCII
 * character chosen from the shape of its dots ('_' '.' '-' '\'' '/' '\\' '|'), or the role's own
 * character for roles that have one (':' for the reference switch, '.' for the child's line).
 *
 * Priority.  Every role has a fixed priority (canvas_role_priority); text has CANVAS_PRIO_TEXT.
 * A cell keeps the colour role of the highest priority drawn into it, so the result does not
 * depend on draw order: outer centiles < inner < median < the child's line < axes < text <
 * points < implausible < flagged < selected point.  In braille mode a cell shows the union of
 * all its dots (in the winner's colour).  In ASCII mode each stroke (one call of canvas_curve,
 * _line, _vspan or _dot) gives its own character for the cell from its own dots only, the highest
 * priority wins and, between strokes of equal priority, the flattest shape ('_' '.' '-' '\''
 * before '/' '\\' before '|'), so two curves crossing a cell never merge into a '|'.  A glyph
 * (text, marker, axis) hides the dots under it until something of higher priority is drawn
 * into the cell; at equal priority a later glyph replaces an earlier one. */
#ifndef GV_CANVAS_H
#define GV_CANVAS_H

#include <stddef.h>
#include <stdint.h>

typedef struct canvas canvas;

typedef enum canvas_mode {
	CANVAS_BRAILLE, /* Unicode: braille dots, box-drawing axes */
	CANVAS_ASCII    /* plain ASCII (7-bit) output only */
} canvas_mode;

/* Colour roles, in increasing priority (the one table of roles: the ncurses layer maps each to a
 * colour pair + attribute, in colour and monochrome themes). */
typedef enum canvas_role {
	ROLE_NONE,           /* empty cell */
	ROLE_SWITCH_MARK,    /* dotted line where the reference changes, and its "WHO|CDC" label */
	ROLE_CURVE_OUTER,    /* outer percentile curves (CDC 3/5/95/97, WHO z +/-3) and their labels */
	ROLE_CURVE_INNER,    /* inner curves (CDC 10/25/75/90, WHO z +/-2) */
	ROLE_CURVE_MEDIAN,   /* the median (P50, z = 0) */
	ROLE_CHILD_LINE,     /* segments joining the child's points */
	ROLE_AXIS,           /* axis lines and tick marks */
	ROLE_LABEL,          /* tick labels and units */
	ROLE_POINT,          /* a measurement */
	ROLE_POINT_SUSPECT,  /* a biologically implausible measurement */
	ROLE_POINT_FLAGGED,  /* a measurement with a clinical flag */
	ROLE_POINT_SELECTED, /* the measurement under the cursor */
	ROLE_COUNT
} canvas_role;

/* Priority of text (canvas_text), whatever its role: that of ROLE_LABEL, above the curves and
 * the child's line, below the points (a curve label never hides a measurement). */
#define CANVAS_PRIO_TEXT ((int)ROLE_LABEL)

/* Measurement markers: a distinct ASCII glyph per state, in both modes, so a state is never
 * shown by colour alone: 'o' normal, '@' selected, '!' flagged, '?' implausible. */
typedef enum canvas_marker {
	CANVAS_MARK_NORMAL,
	CANVAS_MARK_SELECTED,
	CANVAS_MARK_FLAGGED,
	CANVAS_MARK_SUSPECT
} canvas_marker;

/* Box-drawing pieces for axes: U+2500 U+2502 U+2514 U+2524 U+252C in braille mode (ncurses may
 * map them to WACS_HLINE, WACS_VLINE, WACS_LLCORNER, WACS_RTEE, WACS_TTEE), '-' '|' '+' in ASCII. */
typedef enum canvas_box {
	CANVAS_BOX_HLINE,  /* ─ */
	CANVAS_BOX_VLINE,  /* │ */
	CANVAS_BOX_LLCORNER, /* └ */
	CANVAS_BOX_RTEE,   /* ┤ (a tick on a vertical axis, pointing left at its label) */
	CANVAS_BOX_TTEE    /* ┬ (a tick on a horizontal axis, pointing down at its label) */
} canvas_box;

/* One cell as the ncurses layer reads it: a Unicode code point (' ' for an empty cell; always
 * 7-bit in ASCII mode; always one column wide) and its colour role. */
typedef struct canvas_cell {
	uint32_t cp;
	canvas_role role;
} canvas_cell;

/* Bytes always enough for canvas_row of a canvas w cells wide (4 bytes per cell + NUL). */
#define CANVAS_ROW_BYTES(w) ((size_t)(w) * 4 + 1)

/* A blank canvas of w x h cells (1..4096 each). Returns NULL for a bad size or when out of
 * memory. The caller owns it: canvas_free. */
canvas *canvas_new(int w, int h, canvas_mode mode);
void canvas_free(canvas *c);

/* Blank every cell (the clip rectangle is kept). */
void canvas_clear(canvas *c);

int canvas_width(const canvas *c);
int canvas_height(const canvas *c);
canvas_mode canvas_get_mode(const canvas *c);

/* Priority of a role (its position in canvas_role; ROLE_NONE 0). */
int canvas_role_priority(canvas_role role);

/* Restrict dot drawing (canvas_dot, _vspan, _curve, _line, _mark) to the cells col..col+w-1,
 * row..row+h-1 (intersected with the canvas); w or h <= 0 removes the restriction.  Text and
 * box glyphs are not clipped (they are placed in cell coordinates by the caller). */
void canvas_clip(canvas *c, int col, int row, int w, int h);

/* Set the dot (x, y); outside the canvas or the clip rectangle it is ignored. */
void canvas_dot(canvas *c, int x, int y, canvas_role role);

/* Set the dots x, y0..y1 (either order) of one dot column, clipped. */
void canvas_vspan(canvas *c, int x, int y0, int y1, canvas_role role);

/* A single-valued curve sampled at each dot column: ys[i] is the (fractional) dot row at column
 * x0 + i, NAN for no value.  Column i is filled from its own y to the midpoints with its valid
 * neighbours, (ys[i-1]+ys[i])/2 and (ys[i]+ys[i+1])/2, rounded half up, so consecutive columns
 * always touch (ttyplot's column-span fill): no gaps, however steep.  NAN breaks the curve. */
void canvas_curve(canvas *c, int x0, const double *ys, size_t n, canvas_role role);

/* A straight line between two dots (Bresenham), clipped. */
void canvas_line(canvas *c, int x0, int y0, int x1, int y1, canvas_role role);

/* The marker of state m in the cell containing dot (x, y), with role ROLE_POINT,
 * ROLE_POINT_SELECTED, ROLE_POINT_FLAGGED or ROLE_POINT_SUSPECT; clipped like a dot. */
void canvas_mark(canvas *c, int x, int y, canvas_marker m);

/* The glyph of a marker ('o', '@', '!', '?') and its role. */
char canvas_marker_glyph(canvas_marker m);
canvas_role canvas_marker_role(canvas_marker m);

/* Write ASCII text s from cell (col, row) rightwards with CANVAS_PRIO_TEXT; characters outside
 * printable ASCII are written as '?'.  Cells off the canvas are skipped. Returns the number of
 * characters of s (the columns it spans, on or off the canvas). */
int canvas_text(canvas *c, int col, int row, const char *s, canvas_role role);

/* Put a box-drawing piece in cell (col, row) with the role's priority. */
void canvas_box_at(canvas *c, int col, int row, canvas_box b, canvas_role role);

/* The cell (col, row); a blank {' ', ROLE_NONE} outside the canvas. */
canvas_cell canvas_get(const canvas *c, int col, int row);

/* Row `row` as UTF-8 (braille mode) or ASCII, trailing blanks removed, NUL-terminated in buf
 * (truncated to size-1 bytes at a character boundary).  Returns the length the full row needs,
 * without the NUL (as snprintf does); CANVAS_ROW_BYTES(w) always suffices. */
size_t canvas_row(const canvas *c, int row, char *buf, size_t size);

#endif
