/* ui_rate_marks.c — claim verdicts marked in a summary's text (ui/rate_marks.h): exact marked
 * texts in ASCII and UTF-8, numbering in text order with markers in end order (nested and equal
 * ends), offsets that point at the markers, spans cut to the text and to a character boundary,
 * untrusted text cleaned with the offsets still right, and cleaning the result again changing
 * nothing (what the rating screen relies on to colour the markers). */
#include "tests/testutil.h"

#include "core/text.h"
#include "ui/rate_marks.h"

static const char TXT[] = "Weight 10.2 kg at the 3rd centile. Length is fine.";

static void check_offsets(const rate_marks *m)
{
	for (size_t i = 0; i < m->n; i++) {
		char want[32];
		snprintf(want, sizeof want, "[%zu", i + 1);
		assert_memory_equal(m->text + m->at[i], want, strlen(want));
		assert_int_equal(m->text[m->at[i] + m->mlen[i] - 1], ']');
	}
}

static void test_ascii(void **state)
{
	(void)state;
	rate_mark_claim c[3] = {{0, 14, 1}, {18, 33, 2}, {35, 49, 0}};
	rate_marks m;
	rate_marks_init(&m);
	assert_int_equal(rate_marks_make(&m, TXT, strlen(TXT), c, 3, 0), 0);
	assert_string_equal(m.text, "Weight 10.2 kg[1+] at the 3rd centile[2x]. Length is fine[3?].");
	assert_int_equal(m.len, strlen(m.text));
	assert_int_equal(m.n, 3);
	check_offsets(&m);
	assert_int_equal(m.at[0], 14);
	assert_int_equal(m.at[1], 37);
	assert_int_equal(rate_marks_cols(&m, 0), 4);
	assert_int_equal(rate_marks_cols(&m, 3), 0);
	rate_marks_free(&m);
	assert_null(m.text);
}

static void test_utf8(void **state)
{
	(void)state;
	rate_mark_claim c[2] = {{0, 14, 1}, {18, 33, 2}};
	rate_marks m;
	rate_marks_init(&m);
	assert_int_equal(rate_marks_make(&m, TXT, strlen(TXT), c, 2, 1), 0);
	assert_string_equal(m.text, "Weight 10.2 kg[1\xe2\x9c\x93] at the 3rd centile[2\xe2\x9c\x97]. Length is fine.");
	assert_int_equal(rate_marks_cols(&m, 0), 4); /* one column per glyph */
	assert_int_equal(m.mlen[0], 6);
	check_offsets(&m);
	rate_marks_free(&m);
}

/* A claim inside another: numbered by start, its marker first (it ends first); equal ends keep
 * the numbering order. */
static void test_nested(void **state)
{
	(void)state;
	rate_mark_claim c[3] = {{0, 33, 2}, {7, 14, 1}, {22, 33, 0}};
	rate_marks m;
	rate_marks_init(&m);
	assert_int_equal(rate_marks_make(&m, TXT, strlen(TXT), c, 3, 0), 0);
	assert_string_equal(m.text, "Weight 10.2 kg[2+] at the 3rd centile[1x][3?]. Length is fine.");
	check_offsets(&m);
	rate_marks_free(&m);
}

/* Spans past the end are cut to it; an end inside a UTF-8 sequence moves past the character. */
static void test_edges(void **state)
{
	(void)state;
	const char t[] = "z \xe2\x88\x92" "2.1"; /* "z −2.1": U+2212 is 3 bytes */
	rate_mark_claim c[2] = {{0, 3, 1}, {0, 999, 2}};
	rate_marks m;
	rate_marks_init(&m);
	assert_int_equal(rate_marks_make(&m, t, strlen(t), c, 2, 1), 0);
	assert_string_equal(m.text, "z \xe2\x88\x92[1\xe2\x9c\x93]2.1[2\xe2\x9c\x97]");
	check_offsets(&m);
	/* ASCII mode: the minus sign becomes '?' and the offsets follow */
	assert_int_equal(rate_marks_make(&m, t, strlen(t), c, 2, 0), 0);
	assert_string_equal(m.text, "z ?[1+]2.1[2x]");
	check_offsets(&m);
	/* no claims: just the cleaned text */
	assert_int_equal(rate_marks_make(&m, t, strlen(t), NULL, 0, 0), 0);
	assert_string_equal(m.text, "z ?2.1");
	assert_int_equal(m.n, 0);
	rate_marks_free(&m);
}

/* Escape sequences and a bell in model output vanish; the markers still follow their words, and
 * cleaning the marked text again (as the layout does) leaves it byte for byte. */
static void test_untrusted(void **state)
{
	(void)state;
	const char t[] = "\x1b[31mWeight\x1b[0m 10.2 kg\x07 low.\nNext line";
	size_t w0 = 5 + 6 + 4; /* end of "Weight" after the colour code and its reset */
	rate_mark_claim c[2] = {{5, w0, 2}, {16, 23, 1}};
	rate_marks m;
	rate_marks_init(&m);
	assert_int_equal(rate_marks_make(&m, t, strlen(t), c, 2, 1), 0);
	assert_string_equal(m.text, "Weight[1\xe2\x9c\x97] 10.2 kg[2\xe2\x9c\x93]? low.\nNext line");
	check_offsets(&m);
	char again[256];
	size_t n = text_clean(again, sizeof again, m.text, m.len, TEXT_KEEP_NEWLINE);
	assert_int_equal(n, m.len);
	assert_string_equal(again, m.text);
	assert_int_equal(rate_marks_make(&m, t, strlen(t), c, 2, 0), 0);
	n = text_clean(again, sizeof again, m.text, m.len, TEXT_KEEP_NEWLINE | TEXT_ASCII);
	assert_string_equal(again, m.text);
	rate_marks_free(&m);
}

static void test_glyphs(void **state)
{
	(void)state;
	assert_string_equal(rate_marks_glyph(0, 0), "?");
	assert_string_equal(rate_marks_glyph(1, 0), "+");
	assert_string_equal(rate_marks_glyph(2, 0), "x");
	assert_string_equal(rate_marks_glyph(1, 1), "\xe2\x9c\x93");
	assert_string_equal(rate_marks_glyph(2, 1), "\xe2\x9c\x97");
	assert_string_equal(rate_marks_glyph(7, 1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),     cmocka_unit_test(test_utf8),	    cmocka_unit_test(test_nested),
		cmocka_unit_test(test_edges),     cmocka_unit_test(test_untrusted), cmocka_unit_test(test_glyphs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
