/* scr.c — the screen cell grid (scr.h). */
#include "ui/scr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/fmt.h"

struct scr {
	int w, h;
	int utf8;
	scr_cell *cells;
};

static const char *const role_names[UI_ROLE_COUNT] = {
	[ROLE_NONE] = "none",
	[ROLE_SWITCH_MARK] = "switch_mark",
	[ROLE_CURVE_OUTER] = "curve_outer",
	[ROLE_CURVE_INNER] = "curve_inner",
	[ROLE_CURVE_MEDIAN] = "curve_median",
	[ROLE_CHILD_LINE] = "child_line",
	[ROLE_AXIS] = "axis",
	[ROLE_LABEL] = "label",
	[ROLE_POINT] = "point",
	[ROLE_POINT_SUSPECT] = "point_suspect",
	[ROLE_POINT_FLAGGED] = "point_flagged",
	[ROLE_POINT_SELECTED] = "point_selected",
	[UI_TEXT] = "text",
	[UI_DIM] = "dim",
	[UI_TITLE] = "title",
	[UI_HEADING] = "heading",
	[UI_CURSOR] = "cursor",
	[UI_STATUS] = "status",
	[UI_KEY] = "key",
	[UI_TAB] = "tab",
	[UI_TAB_ON] = "tab_on",
	[UI_FLAG_INFO] = "flag_info",
	[UI_FLAG_CHECK] = "flag_check",
	[UI_FLAG_MODERATE] = "flag_moderate",
	[UI_FLAG_SEVERE] = "flag_severe",
	[UI_ERROR] = "error",
	[UI_WARN] = "warn",
	[UI_OK] = "ok",
	[UI_FIELD] = "field",
	[UI_FIELD_ON] = "field_on",
	[UI_FRAME] = "frame",
};

const char *scr_role_name(int role)
{
	return role >= 0 && role < UI_ROLE_COUNT && role_names[role] ? role_names[role] : "";
}

static const scr_cell blank = {' ', 0, UI_TEXT, SCR_NARROW};

scr *scr_new(int w, int h, int utf8)
{
	if (w < 1 || h < 1 || w > 4096 || h > 4096)
		return NULL;
	scr *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->cells = malloc((size_t)w * (size_t)h * sizeof *s->cells);
	if (!s->cells) {
		free(s);
		return NULL;
	}
	s->w = w;
	s->h = h;
	s->utf8 = utf8 != 0;
	scr_clear(s);
	return s;
}

void scr_free(scr *s)
{
	if (!s)
		return;
	free(s->cells);
	free(s);
}

int scr_resize(scr *s, int w, int h)
{
	if (w < 1 || h < 1 || w > 4096 || h > 4096)
		return -1;
	if (w != s->w || h != s->h) {
		scr_cell *c = malloc((size_t)w * (size_t)h * sizeof *c);
		if (!c)
			return -1;
		free(s->cells);
		s->cells = c;
		s->w = w;
		s->h = h;
	}
	scr_clear(s);
	return 0;
}

int scr_width(const scr *s)
{
	return s->w;
}

int scr_height(const scr *s)
{
	return s->h;
}

int scr_utf8(const scr *s)
{
	return s->utf8;
}

void scr_clear(scr *s)
{
	size_t n = (size_t)s->w * (size_t)s->h;
	for (size_t i = 0; i < n; i++)
		s->cells[i] = blank;
}

scr_cell scr_get(const scr *s, int x, int y)
{
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return blank;
	return s->cells[(size_t)y * (size_t)s->w + (size_t)x];
}

static scr_cell *at(scr *s, int x, int y)
{
	return &s->cells[(size_t)y * (size_t)s->w + (size_t)x];
}

/* Overwrite cell (x, y); a wide character cut in half by the write loses its other half. */
static void set(scr *s, int x, int y, uint32_t cp, int role, int kind)
{
	scr_cell *c = at(s, x, y);
	if (c->kind == SCR_WIDE && kind != SCR_WIDE && x + 1 < s->w && at(s, x + 1, y)->kind == SCR_CONT)
		*at(s, x + 1, y) = (scr_cell){' ', 0, at(s, x + 1, y)->role, SCR_NARROW};
	if (c->kind == SCR_CONT && x > 0 && at(s, x - 1, y)->kind == SCR_WIDE)
		*at(s, x - 1, y) = (scr_cell){' ', 0, at(s, x - 1, y)->role, SCR_NARROW};
	*c = (scr_cell){cp, 0, (uint8_t)role, (uint8_t)kind};
}

int scr_text(scr *s, int x, int y, int maxw, const char *text, int role)
{
	if (y < 0 || y >= s->h || !text)
		return 0;
	int end = x + maxw < s->w ? x + maxw : s->w;
	int col = x;
	int last = -1; /* column of the last base character written (for combining marks) */
	uint32_t cp;
	while (col < end && (cp = fmt_utf8_next(&text)) != 0) {
		cp = fmt_printable(cp, s->utf8);
		int w = s->utf8 ? fmt_cpwidth(cp) : 1;
		if (w == 0) {
			if (last >= 0 && last < s->w && at(s, last, y)->comb == 0)
				at(s, last, y)->comb = cp;
			continue;
		}
		if (col < 0) {
			col += w;
			continue;
		}
		if (w == 2) {
			if (col + 1 >= end) {
				set(s, col, y, ' ', role, SCR_NARROW);
				col++;
				break;
			}
			set(s, col + 1, y, 0, role, SCR_CONT);
			set(s, col, y, cp, role, SCR_WIDE);
			last = col;
			col += 2;
		} else {
			set(s, col, y, cp, role, SCR_NARROW);
			last = col;
			col++;
		}
	}
	return col - x;
}

int scr_printf(scr *s, int x, int y, int maxw, int role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return scr_text(s, x, y, maxw, buf, role);
}

void scr_fill(scr *s, int x, int y, int w, int h, uint32_t cp, int role)
{
	for (int r = y < 0 ? 0 : y; r < y + h && r < s->h; r++)
		for (int c = x < 0 ? 0 : x; c < x + w && c < s->w; c++)
			set(s, c, r, cp, role, SCR_NARROW);
}

void scr_paint(scr *s, int x, int y, int w, int role)
{
	if (y < 0 || y >= s->h)
		return;
	for (int c = x < 0 ? 0 : x; c < x + w && c < s->w; c++)
		at(s, c, y)->role = (uint8_t)role;
}

static void put(scr *s, int x, int y, uint32_t cp, int role)
{
	if (x >= 0 && y >= 0 && x < s->w && y < s->h)
		set(s, x, y, cp, role, SCR_NARROW);
}

void scr_hline(scr *s, int x, int y, int w, int role)
{
	for (int c = x; c < x + w; c++)
		put(s, c, y, s->utf8 ? 0x2500 : '-', role);
}

void scr_box(scr *s, int x, int y, int w, int h, int role)
{
	if (w < 2 || h < 2)
		return;
	uint32_t hl = s->utf8 ? 0x2500 : '-', vl = s->utf8 ? 0x2502 : '|';
	uint32_t tl = s->utf8 ? 0x250c : '+', tr = s->utf8 ? 0x2510 : '+';
	uint32_t bl = s->utf8 ? 0x2514 : '+', br = s->utf8 ? 0x2518 : '+';
	for (int c = x + 1; c < x + w - 1; c++) {
		put(s, c, y, hl, role);
		put(s, c, y + h - 1, hl, role);
	}
	for (int r = y + 1; r < y + h - 1; r++) {
		put(s, x, r, vl, role);
		put(s, x + w - 1, r, vl, role);
	}
	put(s, x, y, tl, role);
	put(s, x + w - 1, y, tr, role);
	put(s, x, y + h - 1, bl, role);
	put(s, x + w - 1, y + h - 1, br, role);
}

void scr_canvas(scr *s, const canvas *c, int x, int y)
{
	int cw = canvas_width(c), ch = canvas_height(c);
	for (int r = 0; r < ch; r++) {
		if (y + r < 0 || y + r >= s->h)
			continue;
		for (int col = 0; col < cw; col++) {
			if (x + col < 0 || x + col >= s->w)
				continue;
			canvas_cell cc = canvas_get(c, col, r);
			/* an empty canvas cell keeps the text role so that it shows in the default colours */
			set(s, x + col, y + r, cc.cp, cc.role == ROLE_NONE ? UI_TEXT : (int)cc.role, SCR_NARROW);
		}
	}
}

size_t scr_row(const scr *s, int y, char *buf, size_t n)
{
	size_t keep = 0;
	if (n == 0)
		return 0;
	if (y >= 0 && y < s->h) {
		size_t len = 0;
		for (int x = 0; x < s->w; x++) {
			const scr_cell *c = &s->cells[(size_t)y * (size_t)s->w + (size_t)x];
			if (c->kind == SCR_CONT)
				continue;
			char b[8];
			int k = fmt_utf8_put(c->cp, b);
			if (c->comb)
				k += fmt_utf8_put(c->comb, b + k);
			if (len + (size_t)k + 1 > n)
				break;
			memcpy(buf + len, b, (size_t)k);
			len += (size_t)k;
			if (c->cp != ' ' || c->comb)
				keep = len;
		}
	}
	buf[keep] = '\0';
	return keep;
}
