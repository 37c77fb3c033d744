/* core_text.c — untrusted text: a table of hostile strings through text_clean, text_find_control,
 * text_escape, and the UTF-8 decoder against the RFC 3629 / Unicode table 3-7 edge cases. */
#include "tests/testutil.h"

#include "core/text.h"

#define S(lit) lit, sizeof(lit) - 1

/* Well-formed and ill-formed sequences at every boundary of Unicode 15 table 3-7. */
static void test_utf8_decode_edges(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		int len;
		uint32_t cp;
	} t[] = {
		{S("A"), 1, 0x41},
		{S("\x7f"), 1, 0x7f},
		{S("\xc2\x80"), 2, 0x80},          /* smallest 2-byte */
		{S("\xc1\xbf"), 0, 0},             /* overlong '\x7f' */
		{S("\xc0\x80"), 0, 0},             /* overlong NUL ("modified UTF-8") */
		{S("\xdf\xbf"), 2, 0x7ff},
		{S("\xe0\xa0\x80"), 3, 0x800},
		{S("\xe0\x9f\xbf"), 0, 0},         /* overlong 3-byte */
		{S("\xed\x9f\xbf"), 3, 0xd7ff},
		{S("\xed\xa0\x80"), 0, 0},         /* surrogate U+D800 */
		{S("\xed\xbf\xbf"), 0, 0},         /* surrogate U+DFFF */
		{S("\xee\x80\x80"), 3, 0xe000},
		{S("\xef\xbf\xbf"), 3, 0xffff},
		{S("\xf0\x90\x80\x80"), 4, 0x10000},
		{S("\xf0\x8f\xbf\xbf"), 0, 0},     /* overlong 4-byte */
		{S("\xf4\x8f\xbf\xbf"), 4, 0x10ffff},
		{S("\xf4\x90\x80\x80"), 0, 0},     /* past U+10FFFF */
		{S("\xf8\x88\x80\x80\x80"), 0, 0}, /* 5-byte form */
		{S("\x80"), 0, 0},                 /* lone continuation */
		{S("\xe2\x82"), 0, 0},             /* truncated euro sign */
		{S("\xe2\x28\xa1"), 0, 0},         /* bad continuation */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint32_t cp = 0xdeadbeef;
		int len = text_utf8_decode(t[i].s, t[i].n, &cp);
		if (len != t[i].len)
			fail_msg("case %zu: length %d, want %d", i, len, t[i].len);
		if (len)
			assert_int_equal(cp, t[i].cp);
		assert_int_equal(text_utf8_valid(t[i].s, t[i].n), t[i].len == (int)t[i].n);
	}
	assert_int_equal(text_utf8_valid_prefix(S("ab\xc3\xa9\xff" "cd")), 4);
	assert_true(text_utf8_valid(S("")));
}

/* The hostile strings: what a terminal would do with them, and what must reach it instead. */
static void test_clean_hostile_table(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t n;
		unsigned flags;
		const char *want;
	} t[] = {
		/* window title (OSC 0) ended by BEL, and by ST */
		{S("Ann\x1b]0;pwned\x07 Lee"), 0, "Ann Lee"},
		{S("Ann\x1b]2;pwned\x1b\\ Lee"), 0, "Ann Lee"},
		/* clear screen, cursor home, colour, private mode (hide cursor) */
		{S("\x1b[2J\x1b[H\x1b[1;31mX\x1b[0m\x1b[?25l"), 0, "X"},
		/* OSC 52: write the clipboard */
		{S("a\x1b]52;c;ZWNobyBwd25lZA==\x07" "b"), 0, "ab"},
		/* DCS (e.g. DECRQSS, which asks the terminal to answer) */
		{S("x\x1bP$qm\x1b\\y"), 0, "xy"},
		/* two-byte ESC sequences: RIS (full reset), charset switch ESC ( 0 */
		{S("p\x1b" "cq\x1b(0r"), 0, "pqr"},
		/* an incomplete sequence: the ESC is shown, the rest is plain text */
		{S("id\x1b]0;unterminated"), 0, "id?]0;unterminated"},
		{S("z\x1b["), 0, "z?["},
		{S("\x1b"), 0, "?"},
		/* NUL, BEL, backspace (overprinting), CR (rewrite the line), DEL, form feed */
		{S("Ann\0Evil"), 0, "Ann?Evil"},
		{S("a\x07" "b\x08" "c\rd\x7f" "e\x0c" "f"), 0, "a?b?c?d?e?f"},
		/* C1 controls as UTF-8: U+009B (8-bit CSI), U+0085 (NEL) */
		{S("a\xc2\x9b" "2Jb\xc2\x85" "c"), 0, "a?2Jb?c"},
		/* a raw 8-bit CSI byte is not UTF-8 */
		{S("a\x9b" "2J"), 0, "a?2J"},
		/* bidi overrides: "Trojan Source" */
		{S("abc\xe2\x80\xae" "fed\xe2\x81\xa6" "x\xe2\x81\xa9"), 0, "abc?fed?x?"},
		{S("l\xe2\x80\x8fr"), 0, "l?r"},
		{S("l\xe2\x80\x8er"), 0, "l?r"},
		{S("l\xe2\x80\x8dr"), 0, "l\xe2\x80\x8dr"}, /* U+200D (joiner) is not a bidi control */
		/* the edges of C0 and C1: U+001F and U+009F are controls, U+0020 and U+00A0 are not */
		{S("a\x1f" "b c"), 0, "a?b c"},
		{S("a\xc2\x9f" "b\xc2\xa0" "c"), 0, "a?b\xc2\xa0" "c"},
		/* newlines and tabs */
		{S("one\ntwo\tthree"), 0, "one two three"},
		{S("one\r\ntwo\n"), TEXT_KEEP_NEWLINE, "one\ntwo\n"},
		{S("one\rtwo"), TEXT_KEEP_NEWLINE, "one?two"},
		{S("a\tb"), TEXT_KEEP_TAB, "a\tb"},
		/* invalid UTF-8: each bad byte is one '?', good text around it kept */
		{S("Jos\xe9 \xc3\xa9t\xc3"), 0, "Jos? \xc3\xa9t?"},
		{S("\xed\xa0\x80"), 0, "???"},
		/* plain Unicode text is left alone; ASCII terminals get '?' per character */
		{S("Zo\xc3\xab \xe6\x9d\x8e 3\xe2\x80\x93" "4 kg"), 0, "Zo\xc3\xab \xe6\x9d\x8e 3\xe2\x80\x93" "4 kg"},
		{S("Zo\xc3\xab \xe6\x9d\x8e \xe2\x88\x92" "2 SD"), TEXT_ASCII, "Zo? ? ?2 SD"},
		{S(""), 0, ""},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char out[128];
		size_t need = text_clean(out, sizeof out, t[i].in, t[i].n, t[i].flags);
		if (strcmp(out, t[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, t[i].want);
		assert_int_equal(need, strlen(t[i].want));
		/* nothing a terminal would act on survives */
		for (const char *p = out; *p; p++)
			if (*p == 0x1b || (*p != '\n' && *p != '\t' && (unsigned char)*p < 0x20) || *p == 0x7f)
				fail_msg("case %zu: control byte 0x%02x left", i, (unsigned char)*p);
		char *d = text_clean_dup(t[i].in, t[i].n, t[i].flags);
		assert_non_null(d);
		assert_string_equal(d, t[i].want);
		free(d);
	}
}

/* A small buffer: cut at a character boundary, NUL-terminated, and the full length returned. */
static void test_clean_truncation(void **state)
{
	(void)state;
	char out[6];
	size_t need = text_clean(out, sizeof out, S("ab\xc3\xa9\xc3\xa9\xc3\xa9"), 0);
	assert_int_equal(need, 8);
	assert_string_equal(out, "ab\xc3\xa9"); /* 4 bytes: a third 2-byte character would need 7 */
	memset(out, 'x', sizeof out);
	assert_int_equal(text_clean(out, 1, S("abc"), 0), 3);
	assert_int_equal(out[0], '\0');
	assert_int_equal(text_clean(NULL, 0, S("a\x1b[1mb"), 0), 2);
}

static void test_find_control(void **state)
{
	(void)state;
	assert_int_equal(text_find_control(S("Ann Lee"), 0), 7);
	assert_int_equal(text_find_control(S("Ann\0Evil"), 0), 3);
	assert_int_equal(text_find_control(S("X\x1b]0;t\x07"), 0), 1);
	assert_int_equal(text_find_control(S("Zo\xc3\xab\xc2\x9b"), 0), 4);  /* C1 after a valid e-umlaut */
	assert_int_equal(text_find_control(S("ab\xff"), 0), 2);              /* invalid UTF-8 */
	assert_int_equal(text_find_control(S("ab\xe2\x80\xae" "c"), 0), 2); /* RLO */
	assert_int_equal(text_find_control(S("a\tb"), 0), 1);
	assert_int_equal(text_find_control(S("a\tb"), TEXT_ALLOW_TAB), 3);
	assert_int_equal(text_find_control(S("a\r\nb\nc"), TEXT_ALLOW_NEWLINE), 6);
	assert_int_equal(text_find_control(S("a\rb"), TEXT_ALLOW_NEWLINE), 1); /* a bare CR */
	assert_int_equal(text_find_control(S("del\x7f"), 0), 3);
}

static void test_escape(void **state)
{
	(void)state;
	char out[64];
	text_escape(out, sizeof out, S("Ann\0Evil"), 100);
	assert_string_equal(out, "Ann\\x00Evil");
	text_escape(out, sizeof out, S("9\0.5"), 100);
	assert_string_equal(out, "9\\x00.5");
	text_escape(out, sizeof out, S("a\"b\\c\n\t\x1b[2J"), 100);
	assert_string_equal(out, "a\\\"b\\\\c\\n\\t\\x1b[2J");
	text_escape(out, sizeof out, S("Zo\xc3\xab\xc2\x9b\xe2\x80\xae\xff"), 100);
	assert_string_equal(out, "Zo\xc3\xab\\u{009b}\\u{202e}\\xff");
	/* a long value is quoted in part, and says so */
	text_escape(out, sizeof out, S("abcdefghij"), 4);
	assert_string_equal(out, "abcd...");
	/* a small buffer never gets half an escape */
	size_t k = text_escape(out, 6, S("ab\x01\x02"), 100);
	assert_string_equal(out, "ab");
	assert_int_equal(k, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode_edges),
		cmocka_unit_test(test_clean_hostile_table),
		cmocka_unit_test(test_clean_truncation),
		cmocka_unit_test(test_find_control),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests_name("core_text", tests, NULL, NULL);
}
