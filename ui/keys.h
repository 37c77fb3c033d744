/* keys.h — key codes of the TUI, independent of ncurses.
 *
 * The screens (list, patient, form, help) take these codes, so they run and are tested without a
 * terminal; ui/term.c is the only place that translates ncurses' KEY_* codes into them.  A
 * printable key is its Unicode code point; control keys are K_CTRL('x'); other keys are values
 * above the Unicode range. */
#ifndef GV_KEYS_H
#define GV_KEYS_H

#define K_CTRL(c) ((c) & 0x1f)

enum {
	K_NONE = -1,
	K_TAB = '\t',
	K_ENTER = '\r',
	K_ESC = 0x1b,
	K_BACKSPACE = 0x7f,
	K_SPECIAL = 0x110000, /* first non-Unicode key */
	K_UP = K_SPECIAL,
	K_DOWN,
	K_LEFT,
	K_RIGHT,
	K_HOME,
	K_END,
	K_PGUP,
	K_PGDN,
	K_DEL,
	K_BTAB,   /* shift-Tab */
	K_F1,
	K_RESIZE, /* the terminal changed size: lay out again */
	K_IDLE    /* no key for a while: a chance for background work */
};

#endif
