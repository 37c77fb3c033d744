/* deid.c — names, identifiers and dates out of free text (see deid.h). */
#include "core/deid.h"

#include <string.h>

void deid_terms_init(deid_terms *t)
{
	memset(t, 0, sizeof *t);
}

static int add_one(deid_terms *t, const char *s, size_t n, const char *repl)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->len[i] == n && memcmp(t->s[i], s, n) == 0)
			return 0;
	if (t->n == DEID_MAX_TERMS)
		return -1;
	t->s[t->n] = s;
	t->len[t->n] = n;
	t->repl[t->n] = repl;
	t->n++;
	return 1;
}

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r';
}

int deid_terms_add(deid_terms *t, const char *s, const char *repl, int words)
{
	if (!s || !*s)
		return 0;
	/* The whole term, without surrounding blanks. */
	size_t a = 0, b = strlen(s);
	while (a < b && is_sep(s[a]))
		a++;
	while (b > a && is_sep(s[b - 1]))
		b--;
	if (a == b)
		return 0;
	int added = 0, r = add_one(t, s + a, b - a, repl);
	if (r < 0)
		return -1;
	added += r;
	if (!words)
		return added;
	for (size_t i = a; i < b;) {
		while (i < b && is_sep(s[i]))
			i++;
		size_t j = i;
		while (j < b && !is_sep(s[j]))
			j++;
		if (j - i >= 2 && j - i < b - a) {
			r = add_one(t, s + i, j - i, repl);
			if (r < 0)
				return -1;
			added += r;
		}
		i = j;
	}
	return added;
}

/* A letter, a digit or a byte of a multi-byte UTF-8 character (a table: deid_scrub asks it of
 * most bytes of every text). */
#define WC(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (c) >= 0x80)
#define WC4(b) WC(b), WC((b) + 1), WC((b) + 2), WC((b) + 3)
#define WC16(b) WC4(b), WC4((b) + 4), WC4((b) + 8), WC4((b) + 12)
#define WC64(b) WC16(b), WC16((b) + 16), WC16((b) + 32), WC16((b) + 48)
static const unsigned char wordtab[256] = {WC64(0), WC64(64), WC64(128), WC64(192)};

static int wordc(unsigned char c)
{
	return wordtab[c];
}

static int digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Length of term k matched at in[i], or 0. */
static size_t term_at(const deid_terms *t, size_t k, const unsigned char *in, size_t n, size_t i)
{
	size_t m = t->len[k];
	const unsigned char *s = (const unsigned char *)t->s[k];
	if (m > n - i)
		return 0;
	if (wordc(s[0]) && i > 0 && wordc(in[i - 1]))
		return 0;
	for (size_t j = 0; j < m; j++)
		if (lower(in[i + j]) != lower(s[j]))
			return 0;
	if (wordc(s[m - 1]) && i + m < n && wordc(in[i + m]))
		return 0;
	return m;
}

/* Run of digits at in[i]: its length (0 when none) and value in *v (up to 9 digits). */
static size_t digits(const unsigned char *in, size_t n, size_t i, long *v)
{
	size_t k = 0;
	long x = 0;
	while (i + k < n && digit(in[i + k])) {
		if (k < 9)
			x = x * 10 + (in[i + k] - '0');
		k++;
	}
	*v = x;
	return k;
}

static int end_ok(const unsigned char *in, size_t n, size_t j)
{
	return j >= n || !wordc(in[j]);
}

static int year_ok(long y)
{
	return y >= 1800 && y <= 2199;
}

static const char *const months[12] = {"january", "february", "march",     "april",   "may",      "june",
				       "july",    "august",   "september", "october", "november", "december"};
static const unsigned char month_len[12] = {7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8};

/* A month name or its 3-letter abbreviation at in[i] (then not followed by a letter; "Sept" too):
 * its length (with a '.' after an abbreviation), else 0. */
static size_t month_at(const unsigned char *in, size_t n, size_t i)
{
	unsigned char c0 = lower(in[i]);
	/* The months starting with c0, in the calendar's order (the first that fits is taken). */
	static const signed char by_letter[26][4] = {
		['a' - 'a'] = {3, 7, -1}, ['d' - 'a'] = {11, -1}, ['f' - 'a'] = {1, -1}, ['j' - 'a'] = {0, 5, 6, -1},
		['m' - 'a'] = {2, 4, -1}, ['n' - 'a'] = {10, -1}, ['o' - 'a'] = {9, -1},  ['s' - 'a'] = {8, -1},
		['b' - 'a'] = {-1}, ['c' - 'a'] = {-1}, ['e' - 'a'] = {-1}, ['g' - 'a'] = {-1}, ['h' - 'a'] = {-1},
		['i' - 'a'] = {-1}, ['k' - 'a'] = {-1}, ['l' - 'a'] = {-1}, ['p' - 'a'] = {-1}, ['q' - 'a'] = {-1},
		['r' - 'a'] = {-1}, ['t' - 'a'] = {-1}, ['u' - 'a'] = {-1}, ['v' - 'a'] = {-1}, ['w' - 'a'] = {-1},
		['x' - 'a'] = {-1}, ['y' - 'a'] = {-1}, ['z' - 'a'] = {-1}};
	if (c0 < 'a' || c0 > 'z')
		return 0;
	for (const signed char *mp = by_letter[c0 - 'a']; *mp >= 0; mp++) {
		int m = *mp;
		const char *name = months[m];
		size_t full = month_len[m], k = 0;
		while (k < full && i + k < n && lower(in[i + k]) == (unsigned char)name[k])
			k++;
		size_t len = 0;
		if (k == full)
			len = full;
		else if (k >= 3 && (k == 3 || (m == 8 && k == 4)))
			len = k;
		if (!len || !end_ok(in, n, i + len))
			continue;
		if (len < full && i + len < n && in[i + len] == '.')
			len++;
		return len;
	}
	return 0;
}

static size_t blanks(const unsigned char *in, size_t n, size_t j)
{
	size_t k = 0;
	while (j + k < n && (in[j + k] == ' ' || in[j + k] == '\t'))
		k++;
	return k;
}

/* A day number 1-31 at in[j] with an optional st/nd/rd/th: the length, else 0. */
static size_t day_at(const unsigned char *in, size_t n, size_t j)
{
	long d;
	size_t k = digits(in, n, j, &d);
	if (k < 1 || k > 2 || d < 1 || d > 31)
		return 0;
	if (j + k + 2 <= n) {
		unsigned char a = lower(in[j + k]), b = lower(in[j + k + 1]);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
			if (end_ok(in, n, j + k + 2))
				return k + 2;
	}
	return end_ok(in, n, j + k) ? k : 0;
}

/* A 4-digit year 1800-2199 at in[j]: 4, else 0. */
static size_t year_at(const unsigned char *in, size_t n, size_t j)
{
	long y;
	size_t k = digits(in, n, j, &y);
	return k == 4 && year_ok(y) && end_ok(in, n, j + 4) ? 4 : 0;
}

/* After a month name ending at j: [blanks day] [,] [blanks year].  The length of what follows that
 * belongs to the date (0: nothing); *any 1 when a day or a year was found. */
static size_t after_month(const unsigned char *in, size_t n, size_t j, int want_day, int *any)
{
	size_t k = 0;
	*any = 0;
	if (want_day) {
		size_t b = blanks(in, n, j), d = b ? day_at(in, n, j + b) : 0;
		if (d && !(d == 4 && year_at(in, n, j + b))) {
			k = b + d;
			*any = 1;
		}
	}
	size_t c = (j + k < n && in[j + k] == ',') ? 1 : 0;
	size_t b = blanks(in, n, j + k + c), y = b ? year_at(in, n, j + k + c + b) : 0;
	if (y) {
		k += c + b + y;
		*any = 1;
	}
	return k;
}

/* A date starting at in[i] (a word start): its length, else 0. */
static size_t date_at(const unsigned char *in, size_t n, size_t i)
{
	if (digit(in[i])) {
		long a, b, c;
		size_t ka = digits(in, n, i, &a);
		if (ka == 8 && end_ok(in, n, i + 8)) {
			long y = a / 10000, m = a / 100 % 100, d = a % 100;
			return year_ok(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31 ? 8 : 0;
		}
		size_t j = i + ka;
		if (j < n && (in[j] == '-' || in[j] == '/' || in[j] == '.')) {
			unsigned char sep = in[j];
			size_t kb = digits(in, n, j + 1, &b);
			size_t jj = j + 1 + kb;
			if (kb >= 1 && kb <= 2 && jj < n && in[jj] == sep) {
				size_t kc = digits(in, n, jj + 1, &c);
				size_t end = jj + 1 + kc;
				if (kc && end_ok(in, n, end) && !(end + 1 < n && in[end] == sep && digit(in[end + 1]))) {
					if (ka == 4 && kc <= 2 && year_ok(a) && b >= 1 && b <= 12 && c >= 1 && c <= 31)
						return end - i;
					if (ka <= 2 && (kc == 2 || (kc == 4 && year_ok(c))) && a >= 1 && a <= 31 && b >= 1 &&
					    b <= 31 && (a <= 12 || b <= 12))
						return end - i;
				}
			}
		}
		/* day [of] Month [year] */
		size_t d = day_at(in, n, i);
		if (!d)
			return 0;
		size_t k = d + blanks(in, n, i + d);
		if (k == d)
			return 0;
		if (i + k + 3 <= n && lower(in[i + k]) == 'o' && lower(in[i + k + 1]) == 'f' && in[i + k + 2] == ' ')
			k += 2 + blanks(in, n, i + k + 2);
		size_t m = month_at(in, n, i + k);
		if (!m)
			return 0;
		int any;
		return k + m + after_month(in, n, i + k + m, 0, &any);
	}
	size_t m = month_at(in, n, i);
	if (!m)
		return 0;
	int any;
	size_t k = after_month(in, n, i + m, 1, &any);
	return any ? m + k : 0;
}

void deid_scrub(const deid_terms *t, const char *text, size_t n, prompt_buf *out, deid_counts *counts)
{
	const unsigned char *in = (const unsigned char *)text;
	deid_counts cnt = {0, 0};
	/* Bytes that can start a term (either case) or a date: everything else is copied at once. */
	unsigned char start[256];
	memset(start, 0, sizeof start);
	for (size_t k = 0; t && k < t->n; k++) {
		unsigned char c = (unsigned char)t->s[k][0];
		start[c] |= 1;
		start[lower(c)] |= 1;
		if (c >= 'a' && c <= 'z')
			start[c - 'a' + 'A'] |= 1;
	}
	for (int c = '0'; c <= '9'; c++)
		start[c] |= 2;
	for (int m = 0; m < 12; m++) {
		unsigned char c = (unsigned char)months[m][0];
		start[c] |= 2;
		start[c - 'a' + 'A'] |= 2;
	}
	size_t i = 0, from = 0;
	while (i < n) {
		if (!start[in[i]]) {
			i++;
			continue;
		}
		/* Inside a word (a word byte after a word byte) nothing can start: a date starts a
		 * word, a term whose first byte is a word byte too (term_at), and a term whose first
		 * byte is not cannot match a word byte.  The rest of the word is passed at once. */
		if (i > 0 && wordc(in[i]) && wordc(in[i - 1])) {
			while (i < n && wordc(in[i]))
				i++;
			continue;
		}
		size_t best = 0, bk = 0;
		for (size_t k = 0; (start[in[i]] & 1) && t && k < t->n; k++) {
			if (lower(in[i]) != lower((unsigned char)t->s[k][0]))
				continue;
			size_t m = term_at(t, k, in, n, i);
			if (m > best) {
				best = m;
				bk = k;
			}
		}
		const char *repl = NULL;
		if (best) {
			repl = t->repl[bk];
			cnt.terms++;
		} else if ((start[in[i]] & 2) && (i == 0 || !wordc(in[i - 1])) && (best = date_at(in, n, i)) != 0) {
			repl = "[date]";
			cnt.dates++;
		}
		if (!best) {
			i++;
			continue;
		}
		prompt_buf_put(out, text + from, i - from);
		prompt_buf_puts(out, repl ? repl : "");
		i += best;
		from = i;
	}
	prompt_buf_put(out, text + from, n - from);
	if (counts)
		*counts = cnt;
}
