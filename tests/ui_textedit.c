/* ui_textedit.c — the rating screen's small editor without curses (ui/textedit.h): insertion and
 * deletion at the cursor (UTF-8 characters whole), Home/End per logical line, Up/Down across
 * wrapped lines keeping the column, PgUp/PgDn, ^U and ^K, Enter only in a multi-line editor, the
 * size limit, and the wrapped layout with the cursor's line and column (hand-checked). */
#include "tests/testutil.h"

#include "ui/keys.h"
#include "ui/textedit.h"

static void keys(textedit *e, const char *s)
{
	for (const char *p = s; *p; p++)
		assert_int_equal(textedit_key(e, (unsigned char)*p, 20, 3), TE_CHANGED);
}

static void test_insert_delete(void **state)
{
	(void)state;
	textedit e;
	textedit_init(&e, 100, 0);
	assert_string_equal(textedit_text(&e), "");
	keys(&e, "weight 12 kg");
	assert_int_equal(e.cur, 12);
	/* back over "kg" and " 12" to after "weight", then fix it in place */
	for (int i = 0; i < 6; i++)
		assert_int_equal(textedit_key(&e, K_LEFT, 20, 3), TE_MOVED);
	assert_int_equal(e.cur, 6);
	assert_int_equal(textedit_key(&e, K_BACKSPACE, 20, 3), TE_CHANGED);
	keys(&e, "t");
	assert_string_equal(textedit_text(&e), "weight 12 kg");
	assert_int_equal(textedit_key(&e, K_RIGHT, 20, 3), TE_MOVED);
	assert_int_equal(textedit_key(&e, K_DEL, 20, 3), TE_CHANGED);
	keys(&e, "1");
	assert_string_equal(textedit_text(&e), "weight 12 kg");
	assert_int_equal(textedit_key(&e, K_DEL, 20, 3), TE_CHANGED);
	keys(&e, "3");
	assert_string_equal(textedit_text(&e), "weight 13 kg");
	/* a multi-byte character is one step and one deletion */
	assert_int_equal(textedit_key(&e, K_HOME, 20, 3), TE_MOVED);
	assert_int_equal(e.cur, 0);
	assert_int_equal(textedit_key(&e, 0xe9, 20, 3), TE_CHANGED); /* é: 2 bytes */
	assert_int_equal(e.cur, 2);
	assert_int_equal(textedit_key(&e, K_LEFT, 20, 3), TE_MOVED);
	assert_int_equal(e.cur, 0);
	assert_int_equal(textedit_key(&e, K_RIGHT, 20, 3), TE_MOVED);
	assert_int_equal(e.cur, 2);
	assert_int_equal(textedit_key(&e, K_BACKSPACE, 20, 3), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "weight 13 kg");
	/* edges: nothing to do */
	assert_int_equal(textedit_key(&e, K_BACKSPACE, 20, 3), TE_MOVED);
	assert_int_equal(textedit_key(&e, K_LEFT, 20, 3), TE_MOVED);
	assert_int_equal(e.cur, 0);
	assert_int_equal(textedit_key(&e, K_END, 20, 3), TE_MOVED);
	assert_int_equal(textedit_key(&e, K_DEL, 20, 3), TE_MOVED);
	/* single line: Enter, Up and Down are the caller's */
	assert_int_equal(textedit_key(&e, K_ENTER, 20, 3), TE_NONE);
	assert_int_equal(textedit_key(&e, K_UP, 20, 3), TE_NONE);
	assert_int_equal(textedit_key(&e, K_ESC, 20, 3), TE_NONE);
	/* ^K to the end, ^U everything */
	e.cur = 6;
	assert_int_equal(textedit_key(&e, K_CTRL('k'), 20, 3), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "weight");
	assert_int_equal(e.cur, 6);
	assert_int_equal(textedit_key(&e, K_CTRL('u'), 20, 3), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "");
	assert_int_equal(e.cur, 0);
	textedit_free(&e);
}

static void test_limit(void **state)
{
	(void)state;
	textedit e;
	textedit_init(&e, 5, 0);
	keys(&e, "abcd");
	assert_int_equal(textedit_key(&e, 0xe9, 20, 3), TE_FULL); /* 2 bytes: 6 > 5 */
	keys(&e, "e");
	assert_int_equal(textedit_key(&e, 'f', 20, 3), TE_FULL);
	assert_string_equal(textedit_text(&e), "abcde");
	/* set cuts at the limit on a character boundary */
	assert_int_equal(textedit_set(&e, "abcd\xc3\xa9"), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "abcd");
	assert_int_equal(e.cur, 4);
	textedit_free(&e);
}

static void test_multiline(void **state)
{
	(void)state;
	textedit e;
	textedit_init(&e, 1000, 1);
	/* width 10: "one two three" wraps as "one two" / "three"; then a second paragraph */
	assert_int_equal(textedit_set(&e, "one two three\nfour"), TE_CHANGED);
	int st[8], ln[8], line, col;
	assert_int_equal(textedit_layout(&e, 10, st, ln, 8, &line, &col), 3);
	assert_int_equal(st[0], 0);
	assert_int_equal(ln[0], 7);
	assert_int_equal(st[1], 8);
	assert_int_equal(ln[1], 5);
	assert_int_equal(st[2], 14);
	assert_int_equal(ln[2], 4);
	assert_int_equal(line, 2); /* the cursor at the end: after "four" */
	assert_int_equal(col, 4);
	/* Up: "three" at column 4 (before its last 'e'), then "one two" at column 4 ("t") */
	assert_int_equal(textedit_key(&e, K_UP, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 12);
	assert_int_equal(textedit_key(&e, K_UP, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 4);
	assert_int_equal(textedit_key(&e, K_UP, 10, 3), TE_MOVED); /* the top: stays */
	assert_int_equal(e.cur, 4);
	/* the column is kept across a shorter line: End of "one two" is column 7; down to "three"
	 * (5 long: its end), down again to "four" (its end), up twice back to column 7 */
	assert_int_equal(textedit_key(&e, K_END, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 13); /* End is the logical line's: after "three" */
	assert_int_equal(textedit_key(&e, K_HOME, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 0);
	e.cur = 7;
	assert_int_equal(textedit_key(&e, K_DOWN, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 13);
	assert_int_equal(textedit_key(&e, K_DOWN, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 18);
	assert_int_equal(textedit_key(&e, K_UP, 10, 3), TE_MOVED);
	assert_int_equal(textedit_key(&e, K_UP, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 7);
	/* PgDn: three lines at most */
	assert_int_equal(textedit_key(&e, K_PGDN, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 18);
	assert_int_equal(textedit_key(&e, K_PGUP, 10, 3), TE_MOVED);
	assert_int_equal(e.cur, 7);
	/* Enter splits the paragraph at the cursor; Backspace joins it again */
	assert_int_equal(textedit_key(&e, K_ENTER, 10, 3), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "one two\n three\nfour");
	assert_int_equal(textedit_layout(&e, 10, st, ln, 8, &line, &col), 3);
	assert_int_equal(line, 1);
	assert_int_equal(col, 0);
	assert_int_equal(textedit_key(&e, K_BACKSPACE, 10, 3), TE_CHANGED);
	assert_string_equal(textedit_text(&e), "one two three\nfour");
	/* the cursor in the space of a wrap is at the end of the line before */
	e.cur = 7;
	textedit_layout(&e, 10, st, ln, 8, &line, &col);
	assert_int_equal(line, 0);
	assert_int_equal(col, 7);
	e.cur = 8;
	textedit_layout(&e, 10, st, ln, 8, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 0);
	/* an empty text is one empty line */
	textedit_set(&e, "");
	assert_int_equal(textedit_layout(&e, 10, st, ln, 8, &line, &col), 1);
	assert_int_equal(ln[0], 0);
	textedit_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_delete),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_multiline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
