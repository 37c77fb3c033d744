/* text.c — untrusted text made safe for terminals and messages (see text.h). */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* RFC 3629 (UTF-8), section 4: the well-formed byte sequences; Unicode 15, table 3-7. */
int text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	int len;
	uint32_t c, min;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0; /* a continuation byte or 0xf8-0xff where a character must start */
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t text_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			break;
		i += (size_t)k;
	}
	return i;
}

int text_utf8_valid(const char *s, size_t n)
{
	return text_utf8_valid_prefix(s, n) == n;
}

/* ISO/IEC 6429 (ECMA-48) C0 and C1 sets, and DEL. */
int text_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/* Unicode Standard Annex #9 (bidirectional algorithm), table 4: the explicit formatting
 * characters and the implicit marks. */
int text_is_bidi_control(uint32_t cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t text_find_control(const char *s, size_t n, unsigned allow)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return i;
		if (cp == '\t' && (allow & TEXT_ALLOW_TAB)) {
			/* allowed */
		} else if (cp == '\n' && (allow & TEXT_ALLOW_NEWLINE)) {
			/* allowed */
		} else if (cp == '\r' && (allow & TEXT_ALLOW_NEWLINE) && i + 1 < n && s[i + 1] == '\n') {
			/* CR LF */
		} else if (text_is_control(cp) || text_is_bidi_control(cp)) {
			return i;
		}
		i += (size_t)k;
	}
	return n;
}

/* Length of the complete escape sequence starting with ESC at s[0] (ECMA-48, 5.3-5.6 and 8.3),
 * or 0 when it is not complete (the ESC is then shown as '?').
 *   CSI: ESC [ parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, final byte 0x40-0x7E
 *   OSC, DCS, SOS, PM, APC: ESC ] / P / X / ^ / _ ... terminated by ST (ESC \); OSC also by BEL
 *     (xterm's convention, "Xterm Control Sequences")
 *   nF / Fp / Fe / Fs: ESC, intermediate bytes 0x20-0x2F, a final byte 0x30-0x7E */
static size_t escape_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n < 2)
		return 0;
	size_t i = 2;
	switch (p[1]) {
	case '[':
		while (i < n && p[i] >= 0x30 && p[i] <= 0x3f)
			i++;
		while (i < n && p[i] >= 0x20 && p[i] <= 0x2f)
			i++;
		return i < n && p[i] >= 0x40 && p[i] <= 0x7e ? i + 1 : 0;
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		for (; i < n; i++) {
			if (p[i] == 0x07 && p[1] == ']')
				return i + 1;
			if (p[i] == 0x1b)
				return i + 1 < n && p[i + 1] == '\\' ? i + 2 : 0;
		}
		return 0;
	default:
		i = 1;
		while (i < n && p[i] >= 0x20 && p[i] <= 0x2f)
			i++;
		return i < n && p[i] >= 0x30 && p[i] <= 0x7e ? i + 1 : 0;
	}
}

/* Output of text_clean: writes what fits (never cutting a character), counts all. */
typedef struct sink {
	char *dst;
	size_t cap, len, need;
	int full;
} sink;

static void put(sink *o, const char *b, size_t k)
{
	if (!o->full && o->cap && o->len + k + 1 <= o->cap) {
		memcpy(o->dst + o->len, b, k);
		o->len += k;
	} else {
		o->full = 1;
	}
	o->need += k;
}

size_t text_clean(char *dst, size_t dstsz, const char *s, size_t n, unsigned flags)
{
	sink o = {dst, dstsz, 0, 0, 0};
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x1b) {
			size_t k = escape_len(s + i, n - i);
			if (k) {
				i += k;
				continue;
			}
		}
		uint32_t cp;
		int k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			put(&o, "?", 1);
			i++;
			continue;
		}
		if (cp == '\n') {
			put(&o, flags & TEXT_KEEP_NEWLINE ? "\n" : " ", 1);
		} else if (cp == '\r' && (flags & TEXT_KEEP_NEWLINE) && i + 1 < n && s[i + 1] == '\n') {
			/* CR LF -> LF: the LF is written next */
		} else if (cp == '\t') {
			put(&o, flags & TEXT_KEEP_TAB ? "\t" : " ", 1);
		} else if (text_is_control(cp) || text_is_bidi_control(cp) || ((flags & TEXT_ASCII) && cp >= 0x80)) {
			put(&o, "?", 1);
		} else {
			put(&o, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	if (dstsz)
		dst[o.len] = '\0';
	return o.need;
}

char *text_clean_dup(const char *s, size_t n, unsigned flags)
{
	size_t need = text_clean(NULL, 0, s, n, flags);
	char *d = malloc(need + 1);
	if (d)
		text_clean(d, need + 1, s, n, flags);
	return d;
}

static const char hexd[] = "0123456789abcdef";

size_t text_escape(char *dst, size_t dstsz, const char *s, size_t n, size_t max_in)
{
	sink o = {dst, dstsz, 0, 0, 0};
	size_t lim = n < max_in ? n : max_in;
	size_t i = 0;
	while (i < lim && !o.full) {
		unsigned char c = (unsigned char)s[i];
		char b[16];
		size_t k = 1;
		uint32_t cp = 0;
		int u = c >= 0x80 ? text_utf8_decode(s + i, n - i, &cp) : 0;
		if (c == '\\' || c == '"') {
			b[0] = '\\', b[1] = (char)c, k = 2;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			b[0] = '\\', b[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', k = 2;
		} else if (c >= 0x20 && c < 0x7f) {
			b[0] = (char)c;
		} else if (u > 0 && (text_is_control(cp) || text_is_bidi_control(cp))) {
			memcpy(b, "\\u{", 3);
			k = 3;
			for (int sh = cp > 0xffff ? 16 : 12; sh >= 0; sh -= 4)
				b[k++] = hexd[(cp >> sh) & 0xf];
			b[k++] = '}';
			put(&o, b, k);
			i += (size_t)u;
			continue;
		} else if (u > 0) {
			put(&o, s + i, (size_t)u);
			i += (size_t)u;
			continue;
		} else {
			b[0] = '\\', b[1] = 'x', b[2] = hexd[c >> 4], b[3] = hexd[c & 0xf], k = 4;
		}
		put(&o, b, k);
		i++;
	}
	if (i < n && !o.full)
		put(&o, "...", 3);
	if (dstsz)
		dst[o.len] = '\0';
	return o.len;
}
