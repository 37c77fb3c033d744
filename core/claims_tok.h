/* claims_tok.h — internal to the claim checker: the tokeniser and the phrase matcher.
 *
 * A summary becomes words (lower-case ASCII), numbers (value, decimals written, sign, ordinal
 * suffix) and punctuation, each with its byte span, and with its sentence, clause and paragraph.
 * Unicode punctuation that matters is mapped to ASCII codes (U+2212 minus and the dashes to '-',
 * >= and <= to 'G' and 'L', +/- to 'P', the em dash to 'D', bullets to 'B', superscript two to
 * 'S', the arrows U+2192 and the like, "->" and "=>" to 'A'); other characters outside ASCII are word characters that match nothing, or the
 * punctuation 'x'; invalid UTF-8 and NUL bytes are spaces.  Not a public interface. */
#ifndef GV_CLAIMS_TOK_H
#define GV_CLAIMS_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

enum { TK_WORD, TK_NUM, TK_PUNCT };

/* cp_tok.sp bits: what precedes the token. */
enum { SP_SPACE = 1, SP_NL = 2, SP_PARA = 4 };

#define CP_WORD 20 /* bytes of a word kept (a longer word keeps len but matches nothing) */

typedef struct cp_tok {
	size_t start, end;  /* bytes of the text */
	double v;           /* number: value, sign applied */
	uint32_t sent;      /* sentence index (0-based, in text order) */
	uint32_t clause;    /* clause index (0-based, in text order; a sentence starts a clause) */
	uint32_t para;      /* paragraph index */
	uint8_t kind;       /* TK_* */
	uint8_t sp;         /* SP_* */
	uint8_t len;        /* word: length in bytes (255 when longer) */
	uint8_t cap;        /* word: 1 first letter upper-case, 2 all upper-case (two letters or more) */
	int8_t dec;         /* number: decimals written */
	uint8_t ord;        /* number: written with an ordinal suffix ("3rd", "50th") */
	uint8_t frac;       /* number: denominator of a vulgar fraction glued to it and added to v
			     * ("4½" = 4.5, frac 2; "¼" 4, "¾" 4): its rounding is half of 1/frac */
	int8_t sign;        /* number: sign written before it: -1, +1, 0 none */
	uint8_t eos;        /* punctuation: ends a sentence */
	char p;             /* punctuation: ASCII code (see above) */
	char w[CP_WORD];    /* word: lower-case ASCII, NUL-terminated */
} cp_tok;

typedef struct cp_toks {
	cp_tok *t;          /* malloc'd */
	size_t n, cap;
	uint32_t nsent;
} cp_toks;

/* Tokenise s[0..len) into tk (tk->t malloc'd; free it with free()), with sentences, clauses and
 * paragraphs.  Returns GV_OK or GV_ENOMEM. */
gv_status cp_tokenise(const char *s, size_t len, cp_toks *tk);

/* 1 when token t is the word w. */
int cp_is(const cp_tok *t, const char *w);

/* 1 when token t is one of the words of list, "a|b|c". */
int cp_isany(const cp_tok *t, const char *list);

/* 1 when token t is the punctuation c. */
int cp_ispunct(const cp_tok *t, char c);

/* A phrase: words separated by one space, each a '|'-separated list of alternatives, "*" for any
 * word, a word ending in '?' optional.  Hyphens and slashes written without spaces between the
 * words of the text ("weight-for-length", "z-score") are skipped, so "weight for length" matches
 * both.  Returns the index after the match, or 0 when the phrase does not start at token i (no
 * token at or after lim is used). */
size_t cp_phrase(const cp_toks *tk, size_t i, size_t lim, const char *pat);

/* An index of a table of phrases (at most CP_INDEX_MAX) by the words each can start with, so that
 * a token tries only the phrases that may match there.  Built for each parse (core keeps no state
 * between calls); zero it, then cp_index_add every phrase i in table order. */
#define CP_INDEX_MAX 256
#define CP_INDEX_BUCKETS 512
typedef struct cp_index {
	uint64_t b[CP_INDEX_BUCKETS][CP_INDEX_MAX / 64];
} cp_index;

void cp_index_add(cp_index *ix, size_t i, const char *pat);

/* The bits (1 << i % 64 in word i / 64) of the phrases that may start at token t; NULL for a token
 * no phrase starts with.  A number matches phrases whose slot holds digits. */
const uint64_t *cp_index_get(const cp_index *ix, const cp_tok *t);

#endif
