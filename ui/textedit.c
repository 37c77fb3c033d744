/* textedit.c — a small text editor without curses (textedit.h). */
#include "ui/textedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/fmt.h"
#include "ui/keys.h"

void textedit_init(textedit *e, size_t max, int multiline)
{
	memset(e, 0, sizeof *e);
	e->max = max;
	e->multiline = multiline != 0;
	e->goal = -1;
}

void textedit_free(textedit *e)
{
	free(e->buf);
	textedit_init(e, e->max, e->multiline);
}

const char *textedit_text(const textedit *e)
{
	return e->buf ? e->buf : "";
}

static int reserve(textedit *e, size_t n)
{
	if (n + 1 <= e->cap)
		return 0;
	size_t c = (n + 1) * 2 + 64;
	char *b = realloc(e->buf, c);
	if (!b)
		return -1;
	e->buf = b;
	e->cap = c;
	return 0;
}

/* Start of the UTF-8 character before offset i (i > 0). */
static size_t prev_char(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80);
	return i;
}

/* Offset after the UTF-8 character at i (i < len). */
static size_t next_char(const char *s, size_t len, size_t i)
{
	do
		i++;
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80);
	return i;
}

te_result textedit_set(textedit *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > e->max) {
		n = e->max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if (reserve(e, n) < 0)
		return TE_NOMEM;
	if (n)
		memcpy(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = e->cur = n;
	e->goal = -1;
	return TE_CHANGED;
}

static te_result insert(textedit *e, const char *b, size_t k)
{
	if (e->len + k > e->max)
		return TE_FULL;
	if (reserve(e, e->len + k) < 0)
		return TE_NOMEM;
	memmove(e->buf + e->cur + k, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, b, k);
	e->len += k;
	e->cur += k;
	return TE_CHANGED;
}

static te_result cut(textedit *e, size_t from, size_t to)
{
	if (to <= from)
		return TE_MOVED;
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
	return TE_CHANGED;
}

/* Display columns of s[from, to). */
static int width_of(const char *s, size_t from, size_t to)
{
	char tmp[1024];
	int w = 0;
	while (from < to) { /* in pieces that end on character boundaries */
		size_t n = to - from < sizeof tmp - 1 ? to - from : sizeof tmp - 8;
		while (from + n < to && ((unsigned char)s[from + n] & 0xc0) == 0x80)
			n--;
		memcpy(tmp, s + from, n);
		tmp[n] = '\0';
		w += fmt_width(tmp);
		from += n;
	}
	return w;
}

/* The wrapped lines of the whole text (malloc'd into *pst, *pln; the caller frees both). */
static int wrap_all(const textedit *e, int width, int **pst, int **pln)
{
	const char *t = textedit_text(e);
	size_t len = e->buf ? e->len : 0;
	char *c = malloc(len + 1);
	int *st = NULL, *ln = NULL;
	int n = 0, cap = 0;
	if (!c)
		goto oom;
	memcpy(c, t, len + 1);
	for (size_t p = 0;;) {
		char *nl = memchr(c + p, '\n', len - p);
		size_t pe = nl ? (size_t)(nl - c) : len;
		c[pe] = '\0';
		int got = width > 0 ? fmt_wrap(c + p, width, NULL, NULL, 0) : 0;
		int want = got ? got : 1;
		if (n + want > cap) {
			int nc = (n + want) * 2 + 16;
			int *a = realloc(st, (size_t)nc * sizeof *a), *b;
			if (!a)
				goto oom;
			st = a;
			if (!(b = realloc(ln, (size_t)nc * sizeof *b)))
				goto oom;
			ln = b;
			cap = nc;
		}
		if (got) {
			fmt_wrap(c + p, width, st + n, ln + n, got);
			for (int i = n; i < n + got; i++)
				st[i] += (int)p;
			/* a paragraph's first line starts at the paragraph (its leading spaces shown): a
			 * cursor right after a newline is on it */
			ln[n] += st[n] - (int)p;
			st[n] = (int)p;
		} else {
			st[n] = (int)p;
			ln[n] = 0;
		}
		n += want;
		if (!nl)
			break;
		p = pe + 1;
	}
	free(c);
	*pst = st;
	*pln = ln;
	return n;
oom:
	free(c);
	free(st);
	free(ln);
	*pst = *pln = NULL;
	return -1;
}

/* The wrapped line holding offset cur, and its column. */
static void locate(const textedit *e, const int *st, const int *ln, int n, size_t cur, int width, int *line, int *col)
{
	const char *t = textedit_text(e);
	int i = 0;
	while (i + 1 < n && (size_t)st[i + 1] <= cur)
		i++;
	size_t end = (size_t)st[i] + (size_t)ln[i];
	int c = width_of(t, (size_t)st[i], cur < end ? cur : end);
	if (cur > end)
		c += (int)(cur - end); /* in the spaces of a wrap, or at the end of a paragraph's last line */
	if (width > 0 && c > width - 1 && i + 1 < n && (size_t)st[i + 1] > cur)
		c = width - 1;
	*line = i;
	*col = c;
}

int textedit_layout(const textedit *e, int width, int *st, int *ln, int max, int *cur_line, int *cur_col)
{
	int *a, *b;
	int n = wrap_all(e, width, &a, &b);
	if (n < 0) {
		if (cur_line)
			*cur_line = 0;
		if (cur_col)
			*cur_col = 0;
		return 1;
	}
	for (int i = 0; i < n && i < max; i++) {
		st[i] = a[i];
		ln[i] = b[i];
	}
	int l, c;
	locate(e, a, b, n, e->cur, width, &l, &c);
	if (cur_line)
		*cur_line = l;
	if (cur_col)
		*cur_col = c;
	free(a);
	free(b);
	return n;
}

/* Up / Down / PgUp / PgDn: d wrapped lines, at the goal column. */
static te_result vertical(textedit *e, int d, int width)
{
	int *st, *ln;
	int n = wrap_all(e, width, &st, &ln);
	if (n < 0)
		return TE_NOMEM;
	int line, col;
	locate(e, st, ln, n, e->cur, width, &line, &col);
	int goal = e->goal >= 0 ? e->goal : col;
	int to = line + d;
	if (to < 0)
		to = 0;
	if (to > n - 1)
		to = n - 1;
	if (to != line) {
		const char *t = textedit_text(e);
		size_t p = (size_t)st[to], end = p + (size_t)ln[to];
		int w = 0;
		while (p < end) {
			size_t q = next_char(t, end, p);
			int cw = width_of(t, p, q);
			if (w + cw > goal)
				break;
			w += cw;
			p = q;
		}
		e->cur = p;
	}
	e->goal = goal;
	free(st);
	free(ln);
	return TE_MOVED;
}

te_result textedit_key(textedit *e, int key, int width, int page)
{
	if (!e->buf && textedit_set(e, "") != TE_CHANGED)
		return TE_NOMEM;
	if (e->multiline && (key == K_UP || key == K_DOWN || key == K_PGUP || key == K_PGDN)) {
		int p = page > 1 ? page : 1;
		return vertical(e, key == K_UP ? -1 : key == K_DOWN ? 1 : key == K_PGUP ? -p : p, width);
	}
	e->goal = -1;
	char *t = e->buf;
	switch (key) {
	case K_LEFT:
		if (e->cur > 0)
			e->cur = prev_char(t, e->cur);
		return TE_MOVED;
	case K_RIGHT:
		if (e->cur < e->len)
			e->cur = next_char(t, e->len, e->cur);
		return TE_MOVED;
	case K_HOME:
	case K_CTRL('a'):
		while (e->cur > 0 && t[e->cur - 1] != '\n')
			e->cur--;
		return TE_MOVED;
	case K_END:
	case K_CTRL('e'):
		while (e->cur < e->len && t[e->cur] != '\n')
			e->cur++;
		return TE_MOVED;
	case K_BACKSPACE:
	case K_CTRL('h'):
		return e->cur > 0 ? cut(e, prev_char(t, e->cur), e->cur) : TE_MOVED;
	case K_DEL:
		return e->cur < e->len ? cut(e, e->cur, next_char(t, e->len, e->cur)) : TE_MOVED;
	case K_CTRL('u'):
		e->cur = e->len;
		return cut(e, 0, e->len);
	case K_CTRL('k'): {
		size_t end = e->cur;
		while (end < e->len && t[end] != '\n')
			end++;
		size_t at = e->cur;
		te_result r = cut(e, at, end);
		e->cur = at;
		return r;
	}
	case K_ENTER:
	case '\n':
		return e->multiline ? insert(e, "\n", 1) : TE_NONE;
	default:
		break;
	}
	if (key >= 0x20 && key < K_SPECIAL && key != 0x7f) {
		char b[4];
		int k = fmt_utf8_put((uint32_t)key, b);
		return insert(e, b, (size_t)k);
	}
	return TE_NONE;
}
