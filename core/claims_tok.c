/* claims_tok.c — the claim checker's tokeniser and phrase matcher (see claims_tok.h). */
#include "core/claims_tok.h"
#include "core/claims_pint.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ================================================================== characters */

static int is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0 || cp == 0xa0 ||
	       (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff ||
	       (cp < 0x20 && cp != '\n');
}

static int is_newline_cp(uint32_t cp)
{
	return cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85;
}

static int is_letter_cp(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

static int is_digit_b(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

/* The punctuation code of a code point (claims_tok.h). */
static char punct_code(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp == '[' || cp == '{')
			return '(';
		if (cp == ']' || cp == '}')
			return ')';
		return (char)cp;
	}
	switch (cp) {
	case 0x2212: case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0xfe63: case 0xff0d:
		return '-';
	case 0x2014: case 0x2015:
		return 'D';
	case 0xb1:
		return 'P';
	case 0x2265: case 0x2a7e:
		return 'G';
	case 0x2264: case 0x2a7d:
		return 'L';
	case 0x2248: case 0x223c: case 0x2243:
		return '~';
	case 0x2018: case 0x2019: case 0x2032:
		return '\'';
	case 0x201c: case 0x201d: case 0x2033:
		return '"';
	case 0x2022: case 0x25cf: case 0x25aa: case 0x2023: case 0x2043: case 0x25e6: case 0x25a0:
		return 'B';
	case 0xb2:
		return 'S';
	case 0x2026:
		return '.';
	case 0xbd:
		return 'H';
	case 0x2192: case 0x21d2: case 0x27f6: case 0x2794: case 0x279d: case 0x21e8:
		return 'A';
	default:
		return 'x';
	}
}

/* Decode one character at s[i]: its length (1 for an invalid byte, with *cp = ' '). */
static size_t decode(const char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int n = text_utf8_decode(s + i, len - i, cp);
	if (n <= 0) {
		*cp = ' ';
		return 1;
	}
	return (size_t)n;
}

/* ================================================================== tokens */

static cp_tok *push(cp_toks *tk)
{
	if (tk->n == tk->cap) {
		size_t cap = tk->cap ? tk->cap * 2 : 64;
		cp_tok *t = realloc(tk->t, cap * sizeof *t);
		if (!t)
			return NULL;
		tk->t = t;
		tk->cap = cap;
	}
	cp_tok *t = &tk->t[tk->n++];
	memset(t, 0, sizeof *t);
	return t;
}

/* A word from s[i]: letters and apostrophes between letters.  Returns the end. */
static size_t scan_word(const char *s, size_t len, size_t i, cp_tok *t)
{
	size_t n = 0, j = i;
	int upper = 0, letters = 0;
	while (j < len) {
		uint32_t cp;
		size_t k = decode(s, len, j, &cp);
		if (cp == '\'' || cp == 0x2019) {
			uint32_t nx;
			if (j + k >= len)
				break;
			decode(s, len, j + k, &nx);
			if (!is_letter_cp(nx) || n == 0)
				break;
			if (n < CP_WORD - 1)
				t->w[n] = '\'';
			n++;
			j += k;
			continue;
		}
		if (!is_letter_cp(cp))
			break;
		char c = cp < 0x80 ? (char)cp : '?';
		if (c >= 'A' && c <= 'Z') {
			if (letters == 0)
				t->cap = 1;
			upper++;
			c = (char)(c - 'A' + 'a');
		}
		letters++;
		if (n < CP_WORD - 1)
			t->w[n] = c;
		n++;
		j += k;
	}
	if (upper == letters && letters >= 2)
		t->cap = 2;
	/* A possessive "'s" is dropped ("mother's" -> "mother"); "doesn't" stays as it is. */
	if (n >= 3 && n < CP_WORD && t->w[n - 2] == '\'' && t->w[n - 1] == 's')
		n -= 2;
	if (n < CP_WORD)
		t->w[n] = '\0';
	else
		t->w[CP_WORD - 1] = '\0';
	t->len = n > 254 ? 255 : (uint8_t)n;
	if (n >= CP_WORD)
		t->len = 255;
	t->kind = TK_WORD;
	return j;
}

/* A number from s[i] (a digit): digits, thousands separators, decimals, an ordinal suffix. */
static size_t scan_number(const char *s, size_t len, size_t i, cp_tok *t)
{
	size_t j = i;
	double v = 0;
	int lead = 0;
	while (is_digit_b(s, len, j)) {
		v = v * 10 + (s[j] - '0');
		j++;
		lead++;
	}
	/* "3,250 g": groups of exactly three digits after a lead of one to three digits. */
	if (lead <= 3) {
		while (j + 3 < len && s[j] == ',' && is_digit_b(s, len, j + 1) && is_digit_b(s, len, j + 2) &&
		       is_digit_b(s, len, j + 3) && !is_digit_b(s, len, j + 4)) {
			v = v * 1000 + (s[j + 1] - '0') * 100 + (s[j + 2] - '0') * 10 + (s[j + 3] - '0');
			j += 4;
		}
	}
	int dec = 0;
	if (j + 1 < len && s[j] == '.' && is_digit_b(s, len, j + 1)) {
		double f = 0.1;
		j++;
		while (is_digit_b(s, len, j)) {
			if (dec < 12) {
				v += f * (s[j] - '0');
				f /= 10;
			}
			dec++;
			j++;
		}
	}
	t->kind = TK_NUM;
	/* "4½", "35¼", "2¾": a vulgar fraction glued to a whole number is part of it (U+00BD, U+00BC,
	 * U+00BE); its precision is the fraction's ("4½ in": +/-0.25 in) */
	if (dec == 0 && j + 1 < len && (unsigned char)s[j] == 0xc2 &&
	    ((unsigned char)s[j + 1] == 0xbd || (unsigned char)s[j + 1] == 0xbc || (unsigned char)s[j + 1] == 0xbe)) {
		unsigned char f = (unsigned char)s[j + 1];
		v += f == 0xbd ? 0.5 : f == 0xbc ? 0.25 : 0.75;
		t->frac = f == 0xbd ? 2 : 4;
		dec = f == 0xbd ? 1 : 2;
		j += 2;
	}
	t->v = v;
	t->dec = (int8_t)(dec > 100 ? 100 : dec);
	/* Ordinal suffix: 1st 2nd 3rd 4th, any case, not followed by another letter. */
	if (j + 1 < len) {
		char a = (char)(s[j] | 0x20), b = (char)(s[j + 1] | 0x20);
		int sfx = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
			  (a == 't' && b == 'h');
		uint32_t nx = 0;
		if (sfx && j + 2 < len)
			decode(s, len, j + 2, &nx); /* "25th–50th": the en dash is no letter */
		if (sfx && (j + 2 >= len || !is_letter_cp(nx))) {
			t->ord = 1;
			j += 2;
		}
	}
	return j;
}

/* "-2.1": a sign written before a number, when the sign follows a space or an opening
 * punctuation and does not join two numbers ("25th-50th", "2024-03-15"). */
static void take_sign(cp_toks *tk, cp_tok *num)
{
	if (tk->n < 2)
		return;
	cp_tok *sg = &tk->t[tk->n - 2];
	if (sg->kind != TK_PUNCT || (sg->p != '-' && sg->p != '+') || sg->end != num->start)
		return;
	int open = tk->n < 3 || (sg->sp & (SP_SPACE | SP_NL));
	if (!open) {
		const cp_tok *pv = &tk->t[tk->n - 3];
		open = pv->kind == TK_PUNCT && strchr("(:=~<>GLP/", pv->p) != NULL;
	}
	if (!open)
		return;
	num->sign = sg->p == '-' ? -1 : 1;
	num->v = sg->p == '-' ? -num->v : num->v;
	num->start = sg->start;
	num->sp = sg->sp;
	*sg = *num;
	tk->n--;
}

static const char *const abbrevs =
	"approx|e|g|i|vs|dr|wt|ht|mo|mos|yr|yrs|wk|wks|no|cf|avg|est|y|o|etc|hr|hrs|ref|incl|corr|pt|"
	"kg|cm|lb|lbs|oz|in|ft|mm|ca|resp|appt|approx";

/* Sentences, clauses and paragraphs. */
static void structure(cp_toks *tk)
{
	uint32_t sent = 0, clause = 0, para = 0;
	int ended = 0;
	for (size_t k = 0; k < tk->n; k++) {
		cp_tok *t = &tk->t[k];
		if (k > 0) {
			const cp_tok *pv = &tk->t[k - 1];
			int brk = ended, cbrk = 0;
			if (t->sp & SP_PARA) {
				para++;
				brk = 1;
			} else if (t->sp & SP_NL) {
				/* a line wrapped inside a sentence goes on with a lower-case word or a number
				 * (not a list's "1." or "2)") after a word, a number, a comma, an arrow or "(" */
				const cp_tok *nx = k + 1 < tk->n ? &tk->t[k + 1] : NULL;
				int listnum = t->kind == TK_NUM && nx && !(nx->sp & SP_SPACE) && nx->kind == TK_PUNCT &&
					      (nx->p == '.' || nx->p == ')');
				int cont = ((t->kind == TK_WORD && !t->cap) || (t->kind == TK_NUM && !listnum) ||
					    (t->kind == TK_PUNCT && (t->p == '(' || t->p == ',' || t->p == ';' || t->p == ')'))) &&
					   (pv->kind == TK_WORD || pv->kind == TK_NUM || cp_ispunct(pv, ',') || cp_ispunct(pv, 'S') ||
					    cp_ispunct(pv, 'A') || cp_ispunct(pv, '('));
				if (!cont)
					brk = 1;
			}
			if (pv->kind == TK_PUNCT && strchr(",;:)D|", pv->p))
				cbrk = 1;
			if (t->kind == TK_PUNCT && t->p == '(')
				cbrk = 1;
			if (t->kind == TK_WORD && (cp_isany(t, "but|however|although|though|whereas|while|whilst|yet") ||
						   (cp_is(t, "then") && cp_is(pv, "and"))))
				cbrk = 1;
			/* "... by age 5 and has been above the 95th since 6": a second predicate */
			if (t->kind == TK_WORD && cp_is(t, "and") && k + 1 < tk->n &&
			    cp_isany(&tk->t[k + 1], "has|have|had|is|was|were|remains|remained|now|since|then|subsequently|later"))
				cbrk = 1;
			if (brk) {
				sent++;
				clause++;
			} else if (cbrk) {
				clause++;
			}
		}
		t->sent = sent;
		t->clause = clause;
		t->para = para;
		ended = 0;
		if (t->kind == TK_PUNCT && (t->p == '!' || t->p == '?')) {
			ended = 1;
		} else if (t->kind == TK_PUNCT && t->p == '.') {
			const cp_tok *nx = k + 1 < tk->n ? &tk->t[k + 1] : NULL;
			const cp_tok *pv = k > 0 ? &tk->t[k - 1] : NULL;
			ended = 1;
			if (nx && !(nx->sp & (SP_SPACE | SP_NL)) && (nx->kind == TK_WORD || nx->kind == TK_NUM))
				ended = 0; /* "e.g", "U.S" */
			else if (nx && pv && pv->kind == TK_WORD && pv->end == t->start && cp_isany(pv, abbrevs) &&
				 !(nx->sp & SP_NL) && !(nx->kind == TK_WORD && nx->cap))
				ended = 0; /* "approx. 9 kg", "at 9 mo. and" */
		}
		t->eos = (uint8_t)ended;
	}
	tk->nsent = tk->n ? sent + 1 : 0;
}

gv_status cp_tokenise(const char *s, size_t len, cp_toks *tk)
{
	memset(tk, 0, sizeof *tk);
	unsigned pend = SP_SPACE;
	int line_blank = 1;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = decode(s, len, i, &cp);
		if (is_newline_cp(cp)) {
			if (pend & SP_NL && line_blank)
				pend |= SP_PARA;
			pend |= SP_NL | SP_SPACE;
			line_blank = 1;
			i += k;
			continue;
		}
		if (is_space_cp(cp)) {
			pend |= SP_SPACE;
			i += k;
			continue;
		}
		line_blank = 0;
		cp_tok *t = push(tk);
		if (!t) {
			free(tk->t);
			memset(tk, 0, sizeof *tk);
			return GV_ENOMEM;
		}
		t->start = i;
		t->sp = (uint8_t)pend;
		pend = 0;
		if (is_letter_cp(cp)) {
			i = scan_word(s, len, i, t);
		} else if (cp >= '0' && cp <= '9') {
			i = scan_number(s, len, i, t);
			t->end = i;
			take_sign(tk, t);
			continue;
		} else {
			t->kind = TK_PUNCT;
			t->p = punct_code(cp);
			i += k;
			/* "->" and "=>" are arrows like U+2192 */
			if ((cp == '-' || cp == '=') && i < len && s[i] == '>') {
				t->p = 'A';
				i++;
			}
		}
		t->end = i;
	}
	structure(tk);
	return GV_OK;
}

/* ================================================================== matching */

int cp_is(const cp_tok *t, const char *w)
{
	if (t->kind != TK_WORD || t->len >= CP_WORD)
		return 0;
	return strcmp(t->w, w) == 0;
}

/* 1 when t is one of the words of [p, e) ('|'-separated; "*" any word). */
static int word_in(const cp_tok *t, const char *p, const char *e)
{
	if (t->kind == TK_NUM) {
		/* a whole number matches an alternative written in digits ("class 2", "WHO 2006") */
		if (t->dec != 0 || t->sign != 0 || t->v < 0 || t->v > 1e6)
			return 0;
		while (p < e) {
			const char *q = p;
			double v = 0;
			int digits = 1;
			while (q < e && *q != '|') {
				digits &= *q >= '0' && *q <= '9';
				v = v * 10 + (*q - '0');
				q++;
			}
			if (digits && q > p && v == t->v)
				return 1;
			p = q < e ? q + 1 : q;
		}
		return 0;
	}
	if (t->kind != TK_WORD)
		return 0;
	if (e - p == 1 && *p == '*')
		return 1;
	if (t->len >= CP_WORD)
		return 0;
	size_t n = t->len;
	while (p < e) {
		const char *q = p;
		while (q < e && *q != '|')
			q++;
		if ((size_t)(q - p) == n && memcmp(p, t->w, n) == 0)
			return 1;
		p = q < e ? q + 1 : q;
	}
	return 0;
}

int cp_isany(const cp_tok *t, const char *list)
{
	return word_in(t, list, list + strlen(list));
}

int cp_ispunct(const cp_tok *t, char c)
{
	return t->kind == TK_PUNCT && t->p == c;
}

/* A hyphen or slash that joins two words without spaces. */
static int joiner(const cp_toks *tk, size_t k)
{
	const cp_tok *t = &tk->t[k];
	return t->kind == TK_PUNCT && (t->p == '-' || t->p == '/') && !(t->sp & SP_SPACE) && k + 1 < tk->n &&
	       !(tk->t[k + 1].sp & SP_SPACE);
}

size_t cp_phrase(const cp_toks *tk, size_t i, size_t lim, const char *pat)
{
	size_t j = i;
	const char *p = pat;
	if (lim > tk->n)
		lim = tk->n;
	int any = 0;
	while (*p) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		int opt = e > p && e[-1] == '?';
		const char *we = opt ? e - 1 : e;
		size_t k = j;
		while (k > i && k < lim && joiner(tk, k))
			k++;
		if (k < lim && word_in(&tk->t[k], p, we)) {
			j = k + 1;
			any = 1;
		} else if (!opt) {
			return 0;
		}
		p = *e ? e + 1 : e;
	}
	return any ? j : 0;
}

static unsigned word_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h % CP_INDEX_BUCKETS;
}

/* Numbers go under one bucket of their own: "#". */
#define NUM_KEY "#"

void cp_index_add(cp_index *ix, size_t i, const char *p)
{
	if (i >= CP_INDEX_MAX)
		return;
	for (;;) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		int opt = e > p && e[-1] == '?';
		const char *we = opt ? e - 1 : e;
		for (const char *q = p; q < we;) {
			const char *a = q;
			int digits = 1;
			while (q < we && *q != '|') {
				digits &= *q >= '0' && *q <= '9';
				q++;
			}
			unsigned h = digits ? word_hash(NUM_KEY, 1) : word_hash(a, (size_t)(q - a));
			if (q - a == 1 && *a == '*') {
				for (unsigned b = 0; b < CP_INDEX_BUCKETS; b++)
					ix->b[b][i / 64] |= (uint64_t)1 << (i % 64);
			} else {
				ix->b[h][i / 64] |= (uint64_t)1 << (i % 64);
			}
			if (q < we)
				q++;
		}
		if (!opt || !*e)
			return;
		p = e + 1;
	}
}

const uint64_t *cp_index_get(const cp_index *ix, const cp_tok *t)
{
	if (t->kind == TK_NUM)
		return ix->b[word_hash(NUM_KEY, 1)];
	if (t->kind != TK_WORD || t->len >= CP_WORD)
		return NULL;
	return ix->b[word_hash(t->w, t->len)];
}

/* ================================================================== writing numbers */

size_t cp_fmt_num(char *buf, size_t cap, double v, int dec)
{
	char tmp[48];
	size_t n = 0;
	if (cap == 0)
		return 0;
	if (v != v) {
		memcpy(tmp, "nan", 3);
		n = 3;
	} else {
		if (dec < 0)
			dec = 0;
		if (dec > 6)
			dec = 6;
		uint64_t scale = 1;
		for (int d = 0; d < dec; d++)
			scale *= 10;
		double a = v < 0 ? -v : v;
		double r = a * (double)scale + 0.5;
		if (r > 1e15)
			r = 1e15;
		uint64_t u = (uint64_t)r;
		uint64_t ip = u / scale, fp = u % scale;
		char dig[24];
		size_t nd = 0;
		do {
			dig[nd++] = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip);
		if (v < 0 && u != 0)
			tmp[n++] = '-';
		while (nd)
			tmp[n++] = dig[--nd];
		if (dec > 0) {
			tmp[n++] = '.';
			for (int d = dec - 1; d >= 0; d--) {
				uint64_t p = 1;
				for (int e = 0; e < d; e++)
					p *= 10;
				tmp[n++] = (char)('0' + (fp / p) % 10);
			}
		}
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return n;
}

void cp_cat(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(buf);
	while (*s && n + 1 < cap)
		buf[n++] = *s++;
	buf[n] = '\0';
}

void cp_catnum(char *buf, size_t cap, double v, int dec)
{
	size_t n = strlen(buf);
	if (n < cap)
		cp_fmt_num(buf + n, cap - n, v, dec);
}
