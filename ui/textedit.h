/* textedit.h — a small text editor without curses: a UTF-8 buffer with a cursor, the keys of the
 * rating screen's editors (the skip reason and the comment on one line; the corrected summary on
 * many), and the text wrapped for display with the cursor's place in it.
 *
 * The cursor is a byte offset, always on a character boundary.  Keys (ui/keys.h codes):
 *   printable       inserted at the cursor (refused with TE_FULL past the size limit)
 *   Enter           multi-line: a new line at the cursor (single-line editors leave Enter to the
 *                   caller: textedit_key returns TE_NONE)
 *   Backspace ^H    delete the character before the cursor; Delete the one at it
 *   Left Right      one character; Home ^A / End ^E the start / end of the (logical) line
 *   Up Down         multi-line: the wrapped line above / below, at the same column (kept across
 *                   short lines); PgUp PgDn: `page` wrapped lines
 *   ^U              clear everything; ^K delete to the end of the line
 * Wrapping is fmt_wrap's (ui/fmt.h): at spaces, by display columns, each paragraph on its own.
 *
 * Pure: no curses, no I/O.  The editor owns its buffer (textedit_free). */
#ifndef GV_TEXTEDIT_H
#define GV_TEXTEDIT_H

#include <stddef.h>

typedef struct textedit {
	char *buf;      /* NUL-terminated; len bytes */
	size_t len, cap;
	size_t cur;     /* cursor: byte offset, 0..len, on a character boundary */
	size_t max;     /* the most bytes the text may have */
	int multiline;
	int goal;       /* Up/Down: the column to come back to (-1: the cursor's own) */
} textedit;

typedef enum te_result {
	TE_NONE,    /* not an editing key (the caller's) */
	TE_CHANGED, /* the text changed (and the cursor moved) */
	TE_MOVED,   /* only the cursor moved (or a move at an edge: nothing) */
	TE_FULL,    /* refused: the text would be longer than max */
	TE_NOMEM
} te_result;

/* An empty editor for texts of at most max bytes (multiline: Enter makes a new line). */
void textedit_init(textedit *e, size_t max, int multiline);
void textedit_free(textedit *e);
/* Replace the text with s (NULL: empty; cut at max on a character boundary), cursor at the end.
 * TE_CHANGED, or TE_NOMEM (e unchanged). */
te_result textedit_set(textedit *e, const char *s);
/* The text ("" when empty; never NULL once textedit_set or a key made a buffer: "" otherwise). */
const char *textedit_text(const textedit *e);

/* Apply key; width is the wrapped width (columns) for Up/Down, page the rows PgUp/PgDn move. */
te_result textedit_key(textedit *e, int key, int width, int page);

/* The text wrapped at width: line i is text[st[i] .. st[i] + ln[i]) (at most max lines filled);
 * an empty paragraph is an empty line, an empty text one empty line.  *cur_line / *cur_col (may
 * be NULL) get the cursor's wrapped line and display column (a cursor in the spaces of a wrap is
 * at the end of the line before, at most column width - 1).  Returns the number of lines the
 * whole text needs (>= 1). */
int textedit_layout(const textedit *e, int width, int *st, int *ln, int max, int *cur_line, int *cur_col);

#endif
