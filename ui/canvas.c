/* canvas.c — cell buffer with braille/ASCII rasterisation (see canvas.h). */
#include "ui/canvas.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* One cell.  glyph != 0: a code point set by text, a marker or a box piece, shown instead of the
 * dots.  all: every dot drawn into the cell (braille shows them all).  ach: the ASCII character
 * for the dots of the winning stroke: each stroke (one curve, span, line or dot call) commits
 * its own dots of a cell at once, so two curves crossing a cell never merge into one shape. */
typedef struct cell {
	uint32_t glyph;
	uint8_t all, ach;
	uint8_t role, prio;
} cell;

struct canvas {
	int w, h;
	canvas_mode mode;
	int cx0, cy0, cx1, cy1; /* dot clip rectangle, half-open, in dot coordinates */
	cell *cells;
};

/* Braille dot bits by dot row (0 = top) and dot column (0 = left): Unicode braille patterns,
 * dots 1-2-3-7 on the left and 4-5-6-8 on the right. */
static const uint8_t dot_bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

#define CANVAS_MAX 4096

canvas *canvas_new(int w, int h, canvas_mode mode)
{
	if (w < 1 || h < 1 || w > CANVAS_MAX || h > CANVAS_MAX || (mode != CANVAS_BRAILLE && mode != CANVAS_ASCII))
		return NULL;
	canvas *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	c->cells = calloc((size_t)w * (size_t)h, sizeof *c->cells);
	if (!c->cells) {
		free(c);
		return NULL;
	}
	c->w = w;
	c->h = h;
	c->mode = mode;
	canvas_clip(c, 0, 0, 0, 0);
	return c;
}

void canvas_free(canvas *c)
{
	if (c) {
		free(c->cells);
		free(c);
	}
}

void canvas_clear(canvas *c)
{
	memset(c->cells, 0, (size_t)c->w * (size_t)c->h * sizeof *c->cells);
}

int canvas_width(const canvas *c)
{
	return c->w;
}

int canvas_height(const canvas *c)
{
	return c->h;
}

canvas_mode canvas_get_mode(const canvas *c)
{
	return c->mode;
}

int canvas_role_priority(canvas_role role)
{
	return (unsigned)role < ROLE_COUNT ? (int)role : 0;
}

void canvas_clip(canvas *c, int col, int row, int w, int h)
{
	if (w <= 0 || h <= 0) {
		col = row = 0;
		w = c->w;
		h = c->h;
	}
	int x1 = col + w, y1 = row + h;
	if (col < 0)
		col = 0;
	if (row < 0)
		row = 0;
	if (x1 > c->w)
		x1 = c->w;
	if (y1 > c->h)
		y1 = c->h;
	c->cx0 = col * 2;
	c->cy0 = row * 4;
	c->cx1 = x1 * 2;
	c->cy1 = y1 * 4;
}

static char ascii_shape(unsigned bits);

/* Rank of an ASCII shape for ties between strokes of equal priority: flatter first, then by
 * code; a total order, so the winner does not depend on draw order. */
static int shape_rank(unsigned char ch)
{
	int r = ch == '|' ? 2 : (ch == '/' || ch == '\\') ? 1 : 0;
	return r * 256 + ch;
}

/* Commit one stroke's dots `bits` of cell (col, row) (already clipped). */
static void commit(canvas *c, int col, int row, unsigned bits, canvas_role role)
{
	if (!bits)
		return;
	cell *e = &c->cells[(size_t)row * (size_t)c->w + (size_t)col];
	int p = canvas_role_priority(role);
	unsigned char ch = (unsigned char)ascii_shape(bits);
	e->all |= (uint8_t)bits;
	if (p > e->prio) {
		e->prio = (uint8_t)p;
		e->role = (uint8_t)role;
		e->glyph = 0;
		e->ach = ch;
	} else if (p == e->prio && !e->glyph && shape_rank(ch) < shape_rank(e->ach)) {
		e->ach = ch;
	}
}

static int in_clip(const canvas *c, int x, int y)
{
	return x >= c->cx0 && x < c->cx1 && y >= c->cy0 && y < c->cy1;
}

void canvas_dot(canvas *c, int x, int y, canvas_role role)
{
	if (in_clip(c, x, y))
		commit(c, x / 2, y / 4, dot_bit[y & 3][x & 1], role);
}

/* Clip a span [*y0, *y1] of dot column x; 0 when nothing is left. */
static int clip_span(const canvas *c, int x, int *y0, int *y1)
{
	if (x < c->cx0 || x >= c->cx1)
		return 0;
	if (*y0 > *y1) {
		int t = *y0;
		*y0 = *y1;
		*y1 = t;
	}
	if (*y0 < c->cy0)
		*y0 = c->cy0;
	if (*y1 > c->cy1 - 1)
		*y1 = c->cy1 - 1;
	return *y0 <= *y1;
}

/* Commit the dots of up to two spans of one cell column: span k (k = 0 left, 1 right dot
 * column) is rows a[k]..b[k], empty when a[k] > b[k]. */
static void commit_pair(canvas *c, int col, const int a[2], const int b[2], canvas_role role)
{
	int lo = INT32_MAX, hi = -1;
	for (int k = 0; k < 2; k++)
		if (a[k] <= b[k]) {
			if (a[k] < lo)
				lo = a[k];
			if (b[k] > hi)
				hi = b[k];
		}
	if (hi < 0)
		return;
	for (int row = lo / 4; row <= hi / 4; row++) {
		unsigned bits = 0;
		for (int y = row * 4; y < row * 4 + 4; y++)
			for (int k = 0; k < 2; k++)
				if (y >= a[k] && y <= b[k])
					bits |= dot_bit[y & 3][k];
		commit(c, col, row, bits, role);
	}
}

void canvas_vspan(canvas *c, int x, int y0, int y1, canvas_role role)
{
	if (!clip_span(c, x, &y0, &y1))
		return;
	int a[2] = {1, 1}, b[2] = {0, 0};
	a[x & 1] = y0;
	b[x & 1] = y1;
	commit_pair(c, x / 2, a, b, role);
}

/* Round half up to an int, clamped far outside any canvas so the conversion is defined. */
static int dround(double v)
{
	v = floor(v + 0.5);
	if (v < -1e6)
		return -1000000;
	if (v > 1e6)
		return 1000000;
	return (int)v;
}

void canvas_curve(canvas *c, int x0, const double *ys, size_t n, canvas_role role)
{
	/* cell column by cell column, so each cell gets this curve's dots in one commit */
	int a[2] = {1, 1}, b[2] = {0, 0}, cur = 0, have = 0;
	for (size_t i = 0; i < n; i++) {
		int x = x0 + (int)i;
		if (have && x / 2 != cur) {
			commit_pair(c, cur, a, b, role);
			a[0] = a[1] = 1;
			b[0] = b[1] = 0;
			have = 0;
		}
		double y = ys[i];
		if (!isfinite(y) || x < 0)
			continue;
		double lo = y, hi = y;
		if (i > 0 && isfinite(ys[i - 1])) {
			double m = (ys[i - 1] + y) / 2;
			lo = fmin(lo, m);
			hi = fmax(hi, m);
		}
		if (i + 1 < n && isfinite(ys[i + 1])) {
			double m = (y + ys[i + 1]) / 2;
			lo = fmin(lo, m);
			hi = fmax(hi, m);
		}
		int y0 = dround(lo), y1 = dround(hi);
		if (!clip_span(c, x, &y0, &y1))
			continue;
		a[x & 1] = y0;
		b[x & 1] = y1;
		cur = x / 2;
		have = 1;
	}
	if (have)
		commit_pair(c, cur, a, b, role);
}

void canvas_line(canvas *c, int x0, int y0, int x1, int y1, canvas_role role)
{
	/* Bresenham; a line crosses each cell once, so its dots are gathered per cell */
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy, ccol = 0, crow = 0;
	unsigned bits = 0;
	for (;;) {
		if (in_clip(c, x0, y0)) {
			if (bits && (x0 / 2 != ccol || y0 / 4 != crow)) {
				commit(c, ccol, crow, bits, role);
				bits = 0;
			}
			ccol = x0 / 2;
			crow = y0 / 4;
			bits |= dot_bit[y0 & 3][x0 & 1];
		}
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
	commit(c, ccol, crow, bits, role);
}

static void put_glyph(canvas *c, int col, int row, uint32_t cp, canvas_role role, int prio)
{
	if (col < 0 || row < 0 || col >= c->w || row >= c->h)
		return;
	cell *e = &c->cells[(size_t)row * (size_t)c->w + (size_t)col];
	if (prio >= e->prio) {
		e->glyph = cp;
		e->role = (uint8_t)role;
		e->prio = (uint8_t)prio;
		e->ach = 0;
	}
}

char canvas_marker_glyph(canvas_marker m)
{
	switch (m) {
	case CANVAS_MARK_NORMAL: return 'o';
	case CANVAS_MARK_SELECTED: return '@';
	case CANVAS_MARK_FLAGGED: return '!';
	case CANVAS_MARK_SUSPECT: return '?';
	}
	return 'o';
}

canvas_role canvas_marker_role(canvas_marker m)
{
	switch (m) {
	case CANVAS_MARK_NORMAL: return ROLE_POINT;
	case CANVAS_MARK_SELECTED: return ROLE_POINT_SELECTED;
	case CANVAS_MARK_FLAGGED: return ROLE_POINT_FLAGGED;
	case CANVAS_MARK_SUSPECT: return ROLE_POINT_SUSPECT;
	}
	return ROLE_POINT;
}

void canvas_mark(canvas *c, int x, int y, canvas_marker m)
{
	if (!in_clip(c, x, y))
		return;
	canvas_role r = canvas_marker_role(m);
	put_glyph(c, x / 2, y / 4, (unsigned char)canvas_marker_glyph(m), r, canvas_role_priority(r));
}

int canvas_text(canvas *c, int col, int row, const char *s, canvas_role role)
{
	int n = 0;
	for (; s[n]; n++) {
		unsigned char ch = (unsigned char)s[n];
		put_glyph(c, col + n, row, ch >= 0x20 && ch < 0x7f ? ch : '?', role, CANVAS_PRIO_TEXT);
	}
	return n;
}

void canvas_box_at(canvas *c, int col, int row, canvas_box b, canvas_role role)
{
	static const uint32_t uni[] = {0x2500, 0x2502, 0x2514, 0x2524, 0x252C};
	static const char asc[] = {'-', '|', '+', '+', '+'};
	if ((unsigned)b > CANVAS_BOX_TTEE)
		return;
	put_glyph(c, col, row, c->mode == CANVAS_ASCII ? (uint32_t)asc[b] : uni[b], role, canvas_role_priority(role));
}

/* The ASCII character for a cell's dots.  Flat runs take the classic "__..--''" gradient by the
 * mean dot row; a cell whose dots span 3 or more rows is steep: '/' or '\\' when one half is at
 * least a row above the other, '|' otherwise. */
static char ascii_shape(unsigned bits)
{
	int top[2] = {4, 4}, bot[2] = {-1, -1}, n = 0, sum = 0;
	for (int r = 0; r < 4; r++)
		for (int k = 0; k < 2; k++)
			if (bits & dot_bit[r][k]) {
				if (r < top[k])
					top[k] = r;
				if (r > bot[k])
					bot[k] = r;
				sum += r;
				n++;
			}
	if (n == 0)
		return ' ';
	for (int k = 0; k < 2; k++)
		if (bot[k] < 0) {
			top[k] = top[1 - k];
			bot[k] = bot[1 - k];
		}
	int lo = top[0] < top[1] ? top[0] : top[1];
	int hi = bot[0] > bot[1] ? bot[0] : bot[1];
	if (hi - lo >= 2) {
		int d2 = (top[1] + bot[1]) - (top[0] + bot[0]); /* twice the difference of the middles */
		if (d2 <= -2)
			return '/';
		if (d2 >= 2)
			return '\\';
		return '|';
	}
	/* mean row = sum/n: < 0.75 top, < 1.75 middle, < 2.5 low, else bottom */
	if (4 * sum < 3 * n)
		return '\'';
	if (4 * sum < 7 * n)
		return '-';
	if (2 * sum < 5 * n)
		return '.';
	return '_';
}

static uint32_t cell_cp(const canvas *c, const cell *e)
{
	if (e->glyph)
		return e->glyph;
	if (c->mode == CANVAS_BRAILLE)
		return e->all ? 0x2800u + e->all : ' ';
	if (!e->ach)
		return ' ';
	switch ((canvas_role)e->role) {
	case ROLE_SWITCH_MARK: return ':';
	case ROLE_CHILD_LINE: return '.';
	default: return e->ach;
	}
}

canvas_cell canvas_get(const canvas *c, int col, int row)
{
	canvas_cell out = {' ', ROLE_NONE};
	if (col < 0 || row < 0 || col >= c->w || row >= c->h)
		return out;
	const cell *e = &c->cells[(size_t)row * (size_t)c->w + (size_t)col];
	out.cp = cell_cp(c, e);
	out.role = out.cp == ' ' && !e->glyph ? ROLE_NONE : (canvas_role)e->role;
	return out;
}

static int utf8(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t canvas_row(const canvas *c, int row, char *buf, size_t size)
{
	size_t len = 0, keep = 0; /* keep: length up to the last non-blank */
	if (size)
		buf[0] = '\0';
	if (row < 0 || row >= c->h)
		return 0;
	const cell *e = &c->cells[(size_t)row * (size_t)c->w];
	size_t written = 0; /* bytes in buf, always at a character boundary */
	int full = 0;
	for (int col = 0; col < c->w; col++) {
		uint32_t cp = cell_cp(c, &e[col]);
		char u[4];
		int k = utf8(cp, u);
		if (!full && len + (size_t)k < size) {
			memcpy(buf + len, u, (size_t)k);
			written = len + (size_t)k;
		} else {
			full = 1;
		}
		len += (size_t)k;
		if (cp != ' ')
			keep = len;
	}
	if (size) {
		size_t end = keep < written ? keep : written;
		buf[end] = '\0';
	}
	return keep;
}
