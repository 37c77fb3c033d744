/* scr.h — the screen as a grid of cells, drawn by the screens and blitted by ui/term.c.
 *
 * Pure: no ncurses.  Every screen of the TUI draws its whole frame into a scr from its state
 * (vis' cell buffer, tig's display save): the terminal layer copies it to ncurses in one pass,
 * and the tests read it back as text (scr_row) to compare with golden screens.
 *
 * A cell holds a code point (one column, or the first column of a wide character followed by a
 * continuation cell), at most one combining mark, and a role from the one table of roles below:
 * the canvas' roles (ui/canvas.h: curves, axes, points...) then the interface's own.  Colours
 * and attributes for each role live in ui/term.c only, in a colour and a monochrome theme. */
#ifndef GV_SCR_H
#define GV_SCR_H

#include <stddef.h>
#include <stdint.h>

#include "ui/canvas.h"

/* Roles of the interface, after the canvas roles (0 .. ROLE_COUNT-1). */
typedef enum ui_role {
	UI_TEXT = ROLE_COUNT, /* plain text */
	UI_DIM,               /* secondary text: units, hints, empty values */
	UI_TITLE,             /* the top bar */
	UI_HEADING,           /* column headings, section titles */
	UI_CURSOR,            /* the row under the cursor */
	UI_STATUS,            /* the bottom status line */
	UI_KEY,               /* a key name in the status line and the help */
	UI_TAB,               /* an indicator tab */
	UI_TAB_ON,            /* the indicator in force */
	UI_FLAG_INFO,         /* flag markers and flag lines by severity (always with a glyph) */
	UI_FLAG_CHECK,
	UI_FLAG_MODERATE,
	UI_FLAG_SEVERE,
	UI_ERROR,             /* an error message */
	UI_WARN,              /* a warning (implausible value, read-only) */
	UI_OK,                /* a change saved */
	UI_FIELD,             /* an input field */
	UI_FIELD_ON,          /* the input field being edited */
	UI_FRAME,             /* box frames */
	UI_ROLE_COUNT
} ui_role;

/* Short name of a role ("curve_median", "flag_severe", ...), for tests and the theme table. */
const char *scr_role_name(int role);

enum { SCR_NARROW = 0, SCR_WIDE = 1, SCR_CONT = 2 };

typedef struct scr_cell {
	uint32_t cp;   /* code point shown; 0 in a continuation cell */
	uint32_t comb; /* one combining mark, or 0 */
	uint8_t role;  /* canvas_role or ui_role */
	uint8_t kind;  /* SCR_NARROW, SCR_WIDE (first column of two), SCR_CONT (second column) */
} scr_cell;

typedef struct scr scr;

/* A blank screen of w x h cells (1..4096).  utf8: the terminal can show Unicode (else every
 * non-ASCII character is drawn as '?', boxes as '+-|').  NULL when out of memory.  Free with
 * scr_free. */
scr *scr_new(int w, int h, int utf8);
void scr_free(scr *s);
/* Change the size (contents cleared).  Returns 0, or -1 when out of memory (s unchanged). */
int scr_resize(scr *s, int w, int h);
int scr_width(const scr *s);
int scr_height(const scr *s);
int scr_utf8(const scr *s);

/* Every cell blank (' ', UI_TEXT). */
void scr_clear(scr *s);

/* The cell at (x, y); a blank cell outside. */
scr_cell scr_get(const scr *s, int x, int y);

/* Write UTF-8 text from (x, y) rightwards, at most maxw columns (and not past the right edge),
 * made printable by fmt_printable (control characters become '?', so data from the database can
 * never reach the terminal as an escape sequence).  A wide character that does not fit is
 * replaced by a space.  Returns the columns written. */
int scr_text(scr *s, int x, int y, int maxw, const char *text, int role);

/* printf-style scr_text. */
int scr_printf(scr *s, int x, int y, int maxw, int role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Fill the rectangle with code point cp (one column wide) in role. */
void scr_fill(scr *s, int x, int y, int w, int h, uint32_t cp, int role);

/* Change the role of w cells from (x, y) without changing their text (a cursor bar). */
void scr_paint(scr *s, int x, int y, int w, int role);

/* A frame around the rectangle (box-drawing characters, or + - | when not utf8). */
void scr_box(scr *s, int x, int y, int w, int h, int role);

/* A horizontal rule of w cells. */
void scr_hline(scr *s, int x, int y, int w, int role);

/* Copy canvas c with its top left cell at (x, y), clipped to the screen. */
void scr_canvas(scr *s, const canvas *c, int x, int y);

/* Row y as UTF-8, continuation cells skipped, trailing blanks removed, NUL-terminated in buf
 * (n bytes; truncated at a character boundary).  Returns the bytes written. */
size_t scr_row(const scr *s, int y, char *buf, size_t n);

#endif
