/* fuzz_text.c — core/text.c on arbitrary bytes: text_clean (every flag combination, every kind of
 * short buffer), text_clean_dup, text_escape (whole and cut), text_find_control and the UTF-8
 * functions.  Calls core/ only.  Seeds: tests/fuzz/text/.
 *
 * Invariants (text.h):
 *   text_clean   the output is valid UTF-8 whatever the input, holds no control character (but LF
 *                with TEXT_KEEP_NEWLINE, tab with TEXT_KEEP_TAB), no bidi control, nothing outside
 *                ASCII with TEXT_ASCII, and is never longer than the input; the return value is
 *                its length; text that has nothing to clean comes out unchanged; a short buffer
 *                gets a NUL-terminated prefix of the whole output, cut at a character, never
 *                past its size (each buffer is allocated to its exact size, so ASan sees a
 *                write past it); text_clean_dup gives the same bytes.
 *   text_escape  the output is printable ASCII or valid, non-control UTF-8 and unescapes to
 *                exactly the input (or to its first max_in bytes, completed to a character,
 *                then "..."); a short buffer gets a prefix of it, cut at an escape.
 *   text_find_control, text_utf8_valid_prefix: what they find is really there, and nothing
 *                before it; every decoded character re-encodes to the same bytes.
 * Control, bidi and UTF-8 validity are checked with the harness's own definitions (from the
 * standards text.h cites), not text.c's, so that a mistake in text.c cannot hide itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tests/fuzz/fuzz.h"

/* The harness's own definitions (text.h), not text.c's, so that a mistake there is caught here:
 * C0, DEL and C1 controls; the bidi controls of Unicode Standard Annex #9, table 4. */
static int is_control(uint32_t cp)
{
	return cp <= 0x1f || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

static int is_bidi(uint32_t cp)
{
	static const uint32_t bidi[] = {0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
		if (cp == bidi[i])
			return 1;
	return 0;
}

/* Length of the well-formed UTF-8 character at s[0..n) (RFC 3629 section 4, Unicode table 3-7),
 * its code point in *cp; 0 when ill-formed. */
static int utf8_char(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return 0;
	unsigned char c = p[0];
	int len;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c <= 0x7f) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else {
		return 0;
	}
	if (n < (size_t)len || p[1] < lo || p[1] > hi)
		return 0;
	uint32_t v = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
	for (int i = 1; i < len; i++) {
		if (i > 1 && (p[i] < 0x80 || p[i] > 0xbf))
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	*cp = v;
	return len;
}

static int utf8_ok(const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		int k = utf8_char(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static size_t utf8_encode(uint32_t cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | cp >> 18);
	b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Every character of s[0..n) decodes and re-encodes to the same bytes; returns 1 when s is valid. */
static int utf8_roundtrip(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return 0;
		char b[4];
		size_t e = utf8_encode(cp, b);
		fz_check(e == (size_t)k && memcmp(b, s + i, e) == 0, "U+%04X at %zu does not re-encode to its %d bytes",
			 (unsigned)cp, i, k);
		i += (size_t)k;
	}
	return 1;
}

/* text_clean's promise about out[0..len) for flags. */
static void check_clean_output(const char *out, size_t len, unsigned flags)
{
	fz_check(utf8_ok(out, len), "text_clean (flags %u) wrote invalid UTF-8", flags);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = utf8_char(out + i, len - i, &cp);
		fz_check(k > 0, "undecodable at %zu", i);
		if (cp == '\n')
			fz_check(flags & TEXT_KEEP_NEWLINE, "a newline without TEXT_KEEP_NEWLINE (flags %u)", flags);
		else if (cp == '\t')
			fz_check(flags & TEXT_KEEP_TAB, "a tab without TEXT_KEEP_TAB (flags %u)", flags);
		else
			fz_check(!is_control(cp), "control character U+%04X at %zu (flags %u)", (unsigned)cp, i, flags);
		fz_check(!is_bidi(cp), "bidi control U+%04X at %zu", (unsigned)cp, i);
		fz_check(!(flags & TEXT_ASCII) || cp < 0x80, "U+%04X with TEXT_ASCII", (unsigned)cp);
		i += (size_t)k;
	}
}

static void check_clean(const char *s, size_t n, unsigned flags)
{
	size_t need = text_clean(NULL, 0, s, n, flags);
	fz_check(need <= n, "text_clean needs %zu bytes for %zu bytes of input", need, n);
	char *full = malloc(need + 1);
	if (!full)
		abort();
	size_t r = text_clean(full, need + 1, s, n, flags);
	fz_check(r == need, "text_clean returned %zu, then %zu", need, r);
	fz_check(strlen(full) == need, "text_clean wrote %zu bytes before a NUL, needs %zu", strlen(full), need);
	check_clean_output(full, need, flags);

	/* Nothing to clean: the text comes out as it went in. */
	unsigned allow = (flags & TEXT_KEEP_TAB ? TEXT_ALLOW_TAB : 0u) | (flags & TEXT_KEEP_NEWLINE ? TEXT_ALLOW_NEWLINE : 0u);
	int ascii = 1;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (text_find_control(s, n, allow) == n && !memchr(s, '\r', n) && (ascii || !(flags & TEXT_ASCII)))
		fz_check(need == n && memcmp(full, s, n) == 0, "clean text changed by text_clean (flags %u)", flags);

	/* Short buffers: a prefix, cut at a character, NUL-terminated, inside the buffer. */
	size_t sizes[] = {1, 2, 3, 4, 5, 7, need / 2 + 1, need};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t sz = sizes[k];
		if (sz == 0 || sz > need)
			continue;
		char *b = malloc(sz);
		if (!b)
			abort();
		r = text_clean(b, sz, s, n, flags);
		fz_check(r == need, "text_clean into %zu bytes returned %zu, needs %zu", sz, r, need);
		size_t l = strnlen(b, sz);
		fz_check(l < sz, "no NUL in a buffer of %zu", sz);
		fz_check(memcmp(b, full, l) == 0, "a buffer of %zu does not hold a prefix of the output", sz);
		fz_check(utf8_ok(b, l), "cut inside a character (buffer %zu)", sz);
		free(b);
	}
	if (flags == 0 || flags == (TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB | TEXT_ASCII)) {
		char *d = text_clean_dup(s, n, flags);
		fz_check(d && strcmp(d, full) == 0, "text_clean_dup differs from text_clean (flags %u)", flags);
		free(d);
	}
	free(full);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Undo text_escape on e[0..n) into out (room for n bytes); its length, or -1 when e is not a
 * sequence of complete escapes. */
static long unescape(const char *e, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (e[i] != '\\') {
			out[o++] = e[i++];
			continue;
		}
		if (i + 1 >= n)
			return -1;
		char c = e[i + 1];
		if (c == '\\' || c == '"' || c == 'n' || c == 'r' || c == 't') {
			out[o++] = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
			i += 2;
		} else if (c == 'x') {
			if (i + 3 >= n || hexval(e[i + 2]) < 0 || hexval(e[i + 3]) < 0)
				return -1;
			out[o++] = (char)(hexval(e[i + 2]) << 4 | hexval(e[i + 3]));
			i += 4;
		} else if (c == 'u') {
			if (i + 2 >= n || e[i + 2] != '{')
				return -1;
			uint32_t cp = 0;
			size_t j = i + 3, digits = 0;
			while (j < n && hexval(e[j]) >= 0 && digits < 6)
				cp = cp << 4 | (uint32_t)hexval(e[j++]), digits++;
			if (j >= n || e[j] != '}' || digits < 4)
				return -1;
			fz_check(is_control(cp) || is_bidi(cp), "\\u{%X} for a character shown as is", (unsigned)cp);
			o += utf8_encode(cp, out + o);
			i = j + 1;
		} else {
			return -1;
		}
	}
	return (long)o;
}

static void check_escape(const char *s, size_t n, size_t max_in)
{
	size_t cap = 4 * n + 8; /* "\xHH" per byte at most, "\u{HHHH}" per 2-3 byte character, "..." */
	char *full = malloc(cap);
	char *back = malloc(cap);
	if (!full || !back)
		abort();
	size_t len = text_escape(full, cap, s, n, max_in);
	fz_check(len < cap && strlen(full) == len, "text_escape returned %zu, wrote %zu", len, strlen(full));
	size_t lim = n < max_in ? n : max_in;
	/* Printable: ASCII 0x20-0x7e, or valid UTF-8 that is neither control nor bidi control. */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)full[i];
		if (c < 0x80) {
			fz_check(c >= 0x20 && c < 0x7f, "byte 0x%02x in escaped text", c);
			i++;
			continue;
		}
		uint32_t cp;
		int k = utf8_char(full + i, len - i, &cp);
		fz_check(k > 0 && !is_control(cp) && !is_bidi(cp), "unsafe byte 0x%02x in escaped text", c);
		i += (size_t)k;
	}
	long m = unescape(full, len, back);
	fz_check(m >= 0, "escaped text does not unescape: %s", full);
	/* What text.h promises: the first max_in bytes, completed to a character, then "..." when
	 * some input is left (the input may itself end in "...": compare exactly). */
	size_t used = 0;
	while (used < lim) {
		uint32_t cp;
		int k = (unsigned char)s[used] >= 0x80 ? utf8_char(s + used, n - used, &cp) : 0;
		used += k > 0 ? (size_t)k : 1;
	}
	size_t want = used + (used < n ? 3 : 0);
	fz_check((size_t)m == want && memcmp(back, s, used) == 0 && (used == n || memcmp(back + used, "...", 3) == 0),
		 "escaping %zu bytes with max_in %zu gives back %ld bytes, not the first %zu%s", n, lim, m, used,
		 used < n ? " and \"...\"" : "");
	/* Short buffers: a prefix of the output, cut at an escape. */
	size_t sizes[] = {1, 2, 3, 5, 9, len / 2 + 1, len};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t sz = sizes[k];
		if (sz == 0 || sz > len)
			continue;
		char *b = malloc(sz);
		if (!b)
			abort();
		size_t r = text_escape(b, sz, s, n, max_in);
		fz_check(r < sz && strnlen(b, sz) == r, "text_escape into %zu bytes returned %zu", sz, r);
		fz_check(memcmp(b, full, r) == 0, "a buffer of %zu does not hold a prefix of the escaped text", sz);
		fz_check(unescape(b, r, back) >= 0, "a buffer of %zu was cut inside an escape: %s", sz, b);
		free(b);
	}
	fz_check(text_escape(NULL, 0, s, n, max_in) == 0, "text_escape into no buffer wrote something");
	free(full);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes: reading past the input is an ASan error. */
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);

	size_t vp = text_utf8_valid_prefix(s, size), own = 0;
	uint32_t ocp;
	for (int k; own < size && (k = utf8_char(s + own, size - own, &ocp)) > 0;)
		own += (size_t)k;
	fz_check(vp == own, "text_utf8_valid_prefix %zu, RFC 3629 says %zu", vp, own);
	fz_check(utf8_roundtrip(s, vp), "the valid prefix does not decode");
	fz_check(text_utf8_valid(s, size) == (vp == size), "text_utf8_valid disagrees with the valid prefix");
	if (vp < size) {
		uint32_t cp;
		fz_check(text_utf8_decode(s + vp, size - vp, &cp) == 0, "the valid prefix stops before a valid character");
	}

	static const unsigned allows[] = {0, TEXT_ALLOW_TAB, TEXT_ALLOW_NEWLINE, TEXT_ALLOW_TAB | TEXT_ALLOW_NEWLINE};
	for (size_t a = 0; a < 4; a++) {
		size_t at = text_find_control(s, size, allows[a]);
		fz_check(at <= size, "text_find_control: %zu of %zu", at, size);
		fz_check(text_find_control(s, at, allows[a]) == at, "text_find_control finds something before %zu", at);
		fz_check(utf8_ok(s, at), "text_find_control passed invalid UTF-8");
		if (at < size) {
			uint32_t cp;
			int k = text_utf8_decode(s + at, size - at, &cp);
			int crlf = cp == '\r' && at + 1 < size && s[at + 1] == '\n';
			fz_check(k == 0 || is_bidi(cp) ||
					 (is_control(cp) && !(cp == '\t' && (allows[a] & TEXT_ALLOW_TAB)) &&
					  !(cp == '\n' && (allows[a] & TEXT_ALLOW_NEWLINE)) && !(crlf && (allows[a] & TEXT_ALLOW_NEWLINE))),
				 "text_find_control stopped at %zu on an allowed character U+%04X", at, (unsigned)cp);
		}
	}

	for (unsigned flags = 0; flags < 8; flags++)
		check_clean(s, size, flags);

	check_escape(s, size, size);
	check_escape(s, size, size / 2);
	check_escape(s, size, 7);
	free(s);
	return 0;
}
