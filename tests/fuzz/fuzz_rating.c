/* fuzz_rating.c — the rating state and its layout on arbitrary bytes, three ways:
 *   1. the bytes as a draft text: rating_parse never crashes; what it accepts is canonical
 *      (rating_format writes exactly the same bytes back); what it refuses comes with a reason and
 *      leaves a fresh draft;
 *   2. the bytes as keystrokes on a rating (digits, focus moves, tags, undo, flag, submit, skip,
 *      reopen, comment): the draft text of every state parses back to the same text; a submitted
 *      rating has nothing missing; undo never leaves the values out of range;
 *   3. the bytes as summary A (and reversed as B) laid out at 80x24 and 101x30, UTF-8 and ASCII:
 *      every line exactly the width, no control byte, nothing outside ASCII in ASCII mode; the
 *      adjudicator's comparison of the parsed rating against the keyed one with the bytes as the
 *      raters' names and reason: the same;
 *   4. the bytes as keys in the screen's editors (ui/textedit.h, one line and many, a small size
 *      limit): the text stays within the limit and valid UTF-8, the cursor on a character
 *      boundary within it, the wrapped lines within the text and the cursor's line among them.
 * Seeds: tests/fuzz/rating/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rating.h"
#include "tests/fuzz/fuzz.h"
#include "ui/fmt.h"
#include "ui/keys.h"
#include "ui/rate_layout.h"
#include "ui/textedit.h"

static void check_round_trip(const rating *r, const char *when)
{
	char *t = rating_format_dup(r);
	fz_check(t != NULL, "out of memory");
	rating p;
	rating_init(&p);
	char why[256];
	rating_result res = rating_parse(&p, t, strlen(t), why, sizeof why);
	fz_check(res == RATING_OK, "%s: own draft text refused: %s\n%s", when, why, t);
	char *u = rating_format_dup(&p);
	fz_check(u && strcmp(t, u) == 0, "%s: round trip differs:\n%s\n--\n%s", when, t, u ? u : "");
	free(t);
	free(u);
	rating_free(&p);
}

static void check_ranges(const rating *r)
{
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			fz_check(r->side[s].axis[a] == RATING_UNSET || (r->side[s].axis[a] >= 1 && r->side[s].axis[a] <= 5),
				 "axis %d.%d = %d", s, a, r->side[s].axis[a]);
		fz_check(r->side[s].harm >= RATING_UNSET && r->side[s].harm < RUBRIC_NHARM, "harm");
		fz_check(r->side[s].likelihood >= RATING_UNSET && r->side[s].likelihood < RUBRIC_NLIKELY, "likelihood");
		fz_check(r->side[s].tags <= RUBRIC_TAGS_ALL, "tags");
	}
	fz_check(r->choice >= RATING_UNSET && r->choice < RUBRIC_NCHOICES, "choice");
	fz_check(r->focus_side == 0 || r->focus_side == 1, "focus side");
	fz_check(r->focus_field < RATING_F_NSIDE || r->focus_field == RATING_F_CHOICE, "focus field");
}

static void keys(const uint8_t *d, size_t n, rating *out)
{
	rating r;
	rating_init(&r);
	rating_change ch;
	static const char *const texts[] = {NULL, "a comment", "line\nwith \\ and \x01", ""};
	for (size_t i = 0; i < n && i < 400; i++) {
		uint8_t k = d[i];
		switch (k % 16) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			rating_digit(&r, k / 16 % 10, &ch);
			break;
		case 6: rating_move_focus(&r, (rating_move)(k / 16 % 6), &ch); break;
		case 7: rating_toggle_tag(&r, k / 16 % 2, (rubric_tag)(k / 32 % RUBRIC_NTAGS), &ch); break;
		case 8: case 9: rating_undo(&r, &ch); break;
		case 10: rating_toggle_flag(&r, &ch); break;
		case 11:
			if (rating_submit(&r, &ch) == RATING_OK)
				fz_check(rating_missing(&r, NULL, 0) == 0, "submitted with fields missing");
			break;
		case 12: rating_skip(&r, k & 16 ? "no reason \\n" : " ", &ch); break;
		case 13: rating_reopen(&r, &ch); break;
		case 14: rating_set_comment(&r, texts[k / 16 % 4], &ch); break;
		default: rating_set_corrected(&r, texts[k / 16 % 4], &ch); break;
		}
		rating_key_time(&r, (int64_t)i * 1000 * (k % 200));
		check_ranges(&r);
		if (r.status == RATING_SUBMITTED)
			fz_check(rating_missing(&r, NULL, 0) == 0, "a submitted rating lacks fields");
	}
	check_round_trip(&r, "after keys");
	*out = r;
}

/* Valid UTF-8 (as fmt_utf8_put writes it: no overlong forms needed to be told apart here). */
static int utf8_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!k || i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++)
			if (((unsigned char)s[i + j] & 0xc0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

static void editor(const uint8_t *d, size_t n, int multiline)
{
	static const int special[] = {K_LEFT, K_RIGHT, K_UP, K_DOWN, K_HOME, K_END, K_PGUP, K_PGDN, K_DEL,
				      K_BACKSPACE, K_CTRL('h'), K_CTRL('u'), K_CTRL('k'), K_CTRL('a'), K_CTRL('e'),
				      K_ENTER, '\n', K_ESC, K_TAB};
	textedit e;
	textedit_init(&e, 64, multiline);
	for (size_t i = 0; i + 1 < n && i < 800; i += 2) {
		int key = d[i] < 64 ? special[d[i] % (sizeof special / sizeof special[0])]
		    : d[i] < 128    ? d[i + 1] % 95 + 0x20
				    : 0xa0 + (d[i + 1] | (d[i] & 0x3f) << 8) % 0x2000; /* Latin, Greek, CJK... */
		te_result r = textedit_key(&e, key, 3 + d[i + 1] % 20, 1 + d[i] % 4);
		fz_check(r != TE_NOMEM, "out of memory");
		const char *t = textedit_text(&e);
		fz_check(e.len <= e.max && strlen(t) == e.len, "length %zu (max %zu, strlen %zu)", e.len, e.max, strlen(t));
		fz_check(e.cur <= e.len, "cursor %zu past %zu", e.cur, e.len);
		fz_check(e.cur == e.len || ((unsigned char)t[e.cur] & 0xc0) != 0x80, "cursor inside a character");
		fz_check(utf8_ok(t, e.len), "not UTF-8");
		fz_check(multiline || !strchr(t, '\n'), "a newline in a one-line editor");
		int st[64], ln[64], line, col, w = 3 + d[i] % 30;
		int nl = textedit_layout(&e, w, st, ln, 64, &line, &col);
		fz_check(nl >= 1 && line >= 0 && line < nl && col >= 0, "cursor line %d of %d, col %d", line, nl, col);
		for (int j = 0; j < nl && j < 64; j++)
			fz_check(st[j] >= 0 && ln[j] >= 0 && (size_t)(st[j] + ln[j]) <= e.len, "line %d outside the text", j);
	}
	textedit_free(&e);
}

static void compare(const char *names, const rating *x, const rating *y)
{
	static char lines[RATE_COMPARE_LINES][4 * 101 + 1];
	unsigned char hot[RATE_COMPARE_LINES];
	for (int w = 80; w <= 101; w += 21)
		for (int utf8 = 0; utf8 < 2; utf8++) {
			rate_compare_in in = {w, utf8, names, {names, "b"}, {names, "clinician"}, {"submitted", names}, {x, y}, {names, NULL}};
			int n = rate_compare_make(&in, &lines[0][0], sizeof lines[0], RATE_COMPARE_LINES, hot);
			fz_check(n > 0 && n <= RATE_COMPARE_LINES, "%d lines", n);
			for (int i = 0; i < n; i++) {
				fz_check(fmt_width(lines[i]) == w, "compare line %d: %d columns, not %d", i, fmt_width(lines[i]), w);
				for (const unsigned char *p = (const unsigned char *)lines[i]; *p; p++) {
					fz_check(*p >= 0x20 && *p != 0x7f, "compare line %d: control byte 0x%02x", i, *p);
					fz_check(utf8 || *p < 0x80, "compare line %d: non-ASCII byte in ASCII mode", i);
				}
			}
		}
}

static void layout(const char *a, const char *b, const rating *r)
{
	static const int sz[][3] = {{80, 24, 1}, {80, 24, 0}, {101, 30, 1}, {101, 30, 0}};
	rate_layout l;
	rate_layout_init(&l);
	for (size_t s = 0; s < sizeof sz / sizeof sz[0]; s++) {
		rate_layout_in in;
		memset(&in, 0, sizeof in);
		in.width = sz[s][0];
		in.height = sz[s][1];
		in.utf8 = sz[s][2];
		in.child[0] = a;
		in.text[0] = a;
		in.text[1] = b;
		in.model[0] = b;
		in.revealed = (int)s & 1;
		in.scroll[0] = 3;
		in.shown = (int)s & 1;
		in.r = r;
		in.message = b;
		fz_check(rate_layout_make(&l, &in) == 0, "layout failed");
		for (int i = 0; i < l.height; i++) {
			const char *t = rate_layout_line(&l, i);
			fz_check(fmt_width(t) == in.width, "line %d: %d columns, not %d", i, fmt_width(t), in.width);
			for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
				fz_check(*p >= 0x20 && *p != 0x7f, "line %d: control byte 0x%02x", i, *p);
				fz_check(in.utf8 || *p < 0x80, "line %d: non-ASCII byte in ASCII mode", i);
			}
		}
	}
	rate_layout_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 1. a draft text */
	rating r;
	rating_init(&r);
	char why[256];
	rating_result res = rating_parse(&r, (const char *)data, size, why, sizeof why);
	if (res == RATING_OK) {
		char *t = rating_format_dup(&r);
		fz_check(t && strlen(t) == size && memcmp(t, data, size) == 0, "accepted text is not canonical");
		free(t);
		check_ranges(&r);
	} else {
		fz_check(res == RATING_EPARSE && why[0], "refused without a reason");
		fz_check(r.status == RATING_DRAFT && r.comment == NULL && r.choice == RATING_UNSET, "not a fresh draft");
	}
	/* 2. keystrokes */
	rating k;
	keys(data, size, &k);
	/* 3. the bytes as summaries */
	char *a = malloc(size + 1), *b = malloc(size + 1);
	fz_check(a && b, "out of memory");
	for (size_t i = 0; i < size; i++) {
		a[i] = data[i] ? (char)data[i] : ' ';
		b[size - 1 - i] = a[i];
	}
	a[size] = b[size] = '\0';
	layout(a, b, res == RATING_OK ? &r : NULL);
	compare(a, res == RATING_OK ? &r : NULL, &k);
	compare(b, &k, &k);
	free(a);
	free(b);
	rating_free(&r);
	rating_free(&k);
	/* 4. the editors */
	editor(data, size, 0);
	editor(data, size, 1);
	return 0;
}
