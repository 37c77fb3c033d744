/* text.h — untrusted text: UTF-8 validity, control characters, terminal-safe and escaped copies.
 *
 * Names and ids from imported files, notes, FHIR display strings, model names, LLM summaries and
 * server error messages are untrusted: a byte such as ESC can make a terminal change its title,
 * clear the screen, move the cursor or (on some terminals) answer back.  Every text that any
 * command writes to a terminal or to standard output in text mode goes through text_clean first;
 * importers refuse what text_find_control finds in names and ids, quoting the value with
 * text_escape.
 *
 * Pure: no I/O, no allocation except in text_clean_dup.  Every function takes an explicit length,
 * so a NUL byte inside the data is seen (and refused or escaped), never a silent end of string. */
#ifndef GV_TEXT_H
#define GV_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decode the UTF-8 character at s[0..n) (n >= 1).  Returns its length in bytes (1-4) and sets
 * *cp, or returns 0 when the bytes there are not a valid, shortest-form encoding of a scalar
 * value (overlong forms, surrogates, values past U+10FFFF, a truncated sequence). */
int text_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Length of the longest prefix of s[0..n) that is valid UTF-8 (== n when all of it is). */
size_t text_utf8_valid_prefix(const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8 (a NUL byte is valid UTF-8: look for it with
 * text_find_control). */
int text_utf8_valid(const char *s, size_t n);

/* 1 when the code point is a control character: C0 (U+0000-U+001F), DEL (U+007F) or C1
 * (U+0080-U+009F). */
int text_is_control(uint32_t cp);

/* 1 when the code point changes the direction in which text is shown (U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069): it can make a terminal show text in another order than it is
 * stored ("Trojan Source", Boucher & Anderson, USENIX Security 2023), so it is never shown. */
int text_is_bidi_control(uint32_t cp);

enum {
	TEXT_ALLOW_TAB = 1 << 0,     /* text_find_control: a tab is not a finding */
	TEXT_ALLOW_NEWLINE = 1 << 1  /* text_find_control: LF (and CR before LF) are not findings */
};

/* Offset of the first byte of s[0..n) that an importer must refuse in a name or an id: a control
 * character (text_is_control, including NUL) other than those `allow` lets through, a bidi
 * control, or a byte that is not valid UTF-8.  Returns n when there is none. */
size_t text_find_control(const char *s, size_t n, unsigned allow);

enum {
	TEXT_KEEP_NEWLINE = 1 << 0, /* text_clean: keep LF (multi-line text); CR LF becomes LF */
	TEXT_KEEP_TAB = 1 << 1,     /* text_clean: keep tabs (else a tab becomes one space) */
	TEXT_ASCII = 1 << 2         /* text_clean: the terminal cannot show Unicode: non-ASCII -> '?' */
};

/* Terminal-safe copy of s[0..n) into dst (dstsz bytes, always NUL-terminated when dstsz > 0):
 * - complete escape sequences are removed whole: CSI (ESC [ ... final byte), OSC (ESC ] ...
 *   ending in BEL or ESC \), DCS/SOS/PM/APC (ESC P/X/^/_ ... ESC \) and two-byte ESC sequences,
 *   so that colour codes in model output vanish instead of showing as junk;
 * - any other control character (an incomplete sequence's ESC, NUL, BEL, backspace, CR, DEL, C1
 *   characters), a bidi control and every byte that is not valid UTF-8 becomes '?';
 * - a newline becomes a space unless TEXT_KEEP_NEWLINE (then CR LF -> LF); a tab becomes a space
 *   unless TEXT_KEEP_TAB;
 * - with TEXT_ASCII every character outside ASCII becomes '?'.
 * The copy is cut at a character boundary when dst is too small.  Returns the number of bytes the
 * whole clean text needs (without the NUL), like snprintf: a result >= dstsz means it was cut. */
size_t text_clean(char *dst, size_t dstsz, const char *s, size_t n, unsigned flags);

/* text_clean into a new buffer that holds all of it: malloc'd, the caller frees.  NULL when out of
 * memory. */
char *text_clean_dup(const char *s, size_t n, unsigned flags);

/* For messages that must quote a refused value exactly: printable ASCII as is, '\\' as "\\\\",
 * '"' as "\\\"", LF, CR and TAB as "\\n", "\\r", "\\t", other bytes below 0x20, DEL and bytes of
 * invalid UTF-8 as "\\xHH", valid non-control UTF-8 characters as they are (C1 and bidi controls as
 * "\\u{HHHH}").  At most max_in bytes of s are quoted; when s is longer "..." follows.  dst gets
 * at most dstsz - 1 bytes (cut at an escape boundary) and a NUL.  Returns the bytes written. */
size_t text_escape(char *dst, size_t dstsz, const char *s, size_t n, size_t max_in);

#endif
