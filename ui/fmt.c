/* fmt.c — display widths, truncation, ages, numbers with units, form field parsing (fmt.h). */
#include "ui/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/age.h"
#include "core/flags.h"
#include "core/record.h"
#include "core/text.h"

/* ------------------------------------------------------------------ UTF-8 */

uint32_t fmt_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	if (!*p)
		return 0;
	uint32_t cp;
	int len;
	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	} else if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		len = 2;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		len = 3;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07;
		len = 4;
	} else {
		*s += 1;
		return 0xfffd;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += 1;
			return 0xfffd;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	static const uint32_t minv[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < minv[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*s += 1;
		return 0xfffd;
	}
	*s += len;
	return cp;
}

int fmt_utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

typedef struct range {
	uint32_t lo, hi;
} range;

static int in_ranges(uint32_t cp, const range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Zero-width: combining marks of the common scripts (Unicode general category Mn/Me blocks) and
 * format characters (ZWSP, ZWNJ, ZWJ, direction marks, BOM). */
static const range zero_w[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x05bf, 0x05bf}, {0x05c1, 0x05c2},
	{0x05c4, 0x05c5}, {0x05c7, 0x05c7}, {0x0610, 0x061a}, {0x064b, 0x065f}, {0x0670, 0x0670},
	{0x06d6, 0x06dc}, {0x06df, 0x06e4}, {0x06e7, 0x06e8}, {0x06ea, 0x06ed}, {0x0900, 0x0902},
	{0x093a, 0x093a}, {0x093c, 0x093c}, {0x0941, 0x0948}, {0x094d, 0x094d}, {0x0951, 0x0957},
	{0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x0e47, 0x0e4e}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
	{0x200b, 0x200f}, {0x202a, 0x202e}, {0x2060, 0x2064}, {0x20d0, 0x20ff}, {0xfe00, 0xfe0f},
	{0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
};

/* Wide (East Asian Wide and Fullwidth, Unicode 15 EastAsianWidth.txt, main blocks) and the
 * emoji presentation blocks. */
static const range wide[] = {
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec}, {0x23f0, 0x23f0},
	{0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267f, 0x267f},
	{0x2693, 0x2693}, {0x26a1, 0x26a1}, {0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5},
	{0x26ce, 0x26ce}, {0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b}, {0x2728, 0x2728},
	{0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55},
	{0x2e80, 0x303e}, {0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6f},
	{0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4}, {0x17000, 0x18cff}, {0x1b000, 0x1b2ff},
	{0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
	{0x1f200, 0x1f251}, {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb},
	{0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

int fmt_cpwidth(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_w, sizeof zero_w / sizeof zero_w[0]))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

uint32_t fmt_printable(uint32_t cp, int utf8)
{
	/* The one rule for untrusted text (core/text.h): controls and bidi controls are never shown. */
	if (text_is_control(cp) || text_is_bidi_control(cp))
		return '?';
	if (!utf8 && cp >= 0x80)
		return '?';
	return cp;
}

int fmt_width(const char *s)
{
	int w = 0;
	uint32_t cp;
	while ((cp = fmt_utf8_next(&s)) != 0)
		w += fmt_cpwidth(fmt_printable(cp, 1));
	return w;
}

/* Append the bytes of cp to dst[*len] if it fits (keeping room for the NUL). */
static int put_cp(char *dst, size_t n, size_t *len, uint32_t cp)
{
	char b[4];
	int k = fmt_utf8_put(cp, b);
	if (*len + (size_t)k + 1 > n)
		return 0;
	memcpy(dst + *len, b, (size_t)k);
	*len += (size_t)k;
	return 1;
}

size_t fmt_fit(char *dst, size_t n, const char *s, int cols, int utf8)
{
	size_t len = 0;
	if (n == 0)
		return 0;
	dst[0] = '\0';
	if (cols <= 0)
		return 0;
	int total = 0;
	{
		const char *q = s;
		uint32_t cp;
		while ((cp = fmt_utf8_next(&q)) != 0) {
			cp = fmt_printable(cp, utf8);
			total += utf8 ? fmt_cpwidth(cp) : 1;
		}
	}
	int room = total > cols ? cols - 1 : cols; /* keep the last column for the ellipsis */
	int used = 0;
	uint32_t cp;
	while ((cp = fmt_utf8_next(&s)) != 0) {
		cp = fmt_printable(cp, utf8);
		int w = utf8 ? fmt_cpwidth(cp) : 1;
		if (w == 0 && used == 0)
			continue; /* a combining mark with nothing to combine with */
		if (used + w > room) {
			if (w == 2 && used < room) {
				put_cp(dst, n, &len, ' ');
				used++;
			}
			break;
		}
		if (!put_cp(dst, n, &len, cp))
			break;
		used += w;
	}
	if (total > cols && used < cols && put_cp(dst, n, &len, utf8 ? 0x2026 : '~'))
		used++;
	while (used < cols && put_cp(dst, n, &len, ' '))
		used++;
	dst[len] = '\0';
	return len;
}

int fmt_wrap(const char *s, int width, int *start, int *len, int max)
{
	int nl = 0;
	const char *p = s;
	if (width < 1)
		width = 1;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* the longest prefix of p within width that ends at a word boundary */
		const char *q = p, *brk = NULL;
		int cols = 0;
		while (*q) {
			const char *r = q;
			uint32_t cp = fmt_utf8_next(&r);
			int w = fmt_cpwidth(fmt_printable(cp, 1));
			if (cols + w > width)
				break;
			cols += w;
			q = r;
			if (*q == ' ' || *q == '\0')
				brk = q;
		}
		const char *end = brk ? brk : q; /* no space in reach: cut the word */
		if (end == p) {                  /* a character wider than the line */
			const char *r = p;
			fmt_utf8_next(&r);
			end = r;
		}
		if (nl < max) {
			start[nl] = (int)(p - s);
			len[nl] = (int)(end - p);
		}
		nl++;
		p = end;
	}
	return nl;
}

int fmt_segments(const char *const *seg, int nseg, int width, char *lines, size_t linesz, int max, int utf8)
{
	int nl = 0, cols = 0;
	size_t used = 0;
	char *cur = NULL;
	for (int i = 0; i < nseg; i++) {
		if (!seg[i] || !seg[i][0])
			continue;
		int w = fmt_width(seg[i]);
		if (cur && cols + 2 + w <= width) {
			used += (size_t)snprintf(cur + used, used < linesz ? linesz - used : 0, "  %s", seg[i]);
			if (used >= linesz)
				used = linesz - 1;
			cols += 2 + w;
			continue;
		}
		/* a new line */
		cur = nl < max ? lines + (size_t)nl * linesz : NULL;
		nl++;
		if (!cur) {
			cols = width; /* nothing more fits anywhere */
			continue;
		}
		if (w > width) {
			fmt_fit(cur, linesz, seg[i], width, utf8);
			cols = width;
			used = strlen(cur);
		} else {
			used = (size_t)snprintf(cur, linesz, "%s", seg[i]);
			if (used >= linesz)
				used = linesz - 1;
			cols = w;
		}
	}
	return nl;
}

/* ------------------------------------------------------------------ dates and ages */

void fmt_date(char *buf, size_t n, int32_t day)
{
	char d[16];
	age_format_date(day, d);
	snprintf(buf, n, "%s", d);
}

void fmt_age(char *buf, size_t n, int32_t from, int32_t to)
{
	char a[24];
	age_format_age(from, to, a); /* the one way ages are written (core/age.h) */
	snprintf(buf, n, "%s", a);
}

int32_t fmt_term_date(int32_t birth, int ga_weeks, int ga_days)
{
	return age_term_date(birth, ga_weeks, ga_days);
}

/* ------------------------------------------------------------------ numbers */

void fmt_fixed(char *buf, size_t n, double v, int decimals)
{
	if (!isfinite(v)) {
		snprintf(buf, n, "-");
		return;
	}
	snprintf(buf, n, "%.*f", decimals, v);
	/* "-0.00": a value that rounds to zero has no sign */
	if (buf[0] == '-') {
		int zero = 1;
		for (const char *p = buf + 1; *p; p++)
			if (*p >= '1' && *p <= '9')
				zero = 0;
		if (zero)
			memmove(buf, buf + 1, strlen(buf));
	}
}

void fmt_z(char *buf, size_t n, double z)
{
	char t[FLAGS_FMT_MAX];
	flags_fmt_z(isfinite(z) ? z : NAN, t); /* as the flags state it (core/flags.h) */
	snprintf(buf, n, "%s", t);
}

void fmt_pct(char *buf, size_t n, double p)
{
	char t[FLAGS_FMT_MAX];
	flags_fmt_pct(isfinite(p) ? p : NAN, t);
	snprintf(buf, n, "%s", t);
}

#define KG_PER_LB GV_KG_PER_LB
#define CM_PER_IN GV_CM_PER_IN

void fmt_measure(char *buf, size_t n, gv_ind ind, double v, fmt_units u)
{
	char t[32];
	if (!isfinite(v)) {
		snprintf(buf, n, "-");
		return;
	}
	switch (ind) {
	case GV_WFA:
	case GV_WFLH:
		if (u == FMT_US) {
			fmt_fixed(t, sizeof t, v / KG_PER_LB, 2);
			snprintf(buf, n, "%s lb", t);
		} else {
			fmt_fixed(t, sizeof t, v, v < 10 ? 3 : 2);
			snprintf(buf, n, "%s kg", t);
		}
		break;
	case GV_LHFA:
	case GV_HCFA:
	case GV_ACFA:
		if (u == FMT_US) {
			fmt_fixed(t, sizeof t, v / CM_PER_IN, 2);
			snprintf(buf, n, "%s in", t);
		} else {
			fmt_fixed(t, sizeof t, v, 1);
			snprintf(buf, n, "%s cm", t);
		}
		break;
	case GV_BFA:
		fmt_fixed(t, sizeof t, v, 1);
		snprintf(buf, n, "%s kg/m2", t);
		break;
	default:
		fmt_fixed(t, sizeof t, v, 1);
		snprintf(buf, n, "%s mm", t);
		break;
	}
}

const char *fmt_field_unit(fmt_qty q, fmt_units u)
{
	switch (q) {
	case FMT_MASS:
		return u == FMT_US ? "lb" : "kg";
	case FMT_LENGTH:
		return u == FMT_US ? "in" : "cm";
	default:
		return "mm";
	}
}

/* v with at most `decimals` decimals, trailing zeros (and a trailing point) removed. */
static void trimmed(char *buf, size_t n, double v, int decimals)
{
	fmt_fixed(buf, n, v, decimals);
	if (strchr(buf, '.')) {
		size_t l = strlen(buf);
		while (l > 0 && buf[l - 1] == '0')
			buf[--l] = '\0';
		if (l > 0 && buf[l - 1] == '.')
			buf[--l] = '\0';
	}
}

void fmt_field(char *buf, size_t n, fmt_qty q, double v, fmt_units u)
{
	if (!isfinite(v)) {
		if (n)
			buf[0] = '\0';
		return;
	}
	switch (q) {
	case FMT_MASS:
		if (u == FMT_US)
			trimmed(buf, n, v / KG_PER_LB, 2);
		else
			trimmed(buf, n, v, 3);
		break;
	case FMT_LENGTH:
		if (u == FMT_US)
			trimmed(buf, n, v / CM_PER_IN, 2);
		else
			trimmed(buf, n, v, 2);
		break;
	default:
		trimmed(buf, n, v, 1);
		break;
	}
}

/* ------------------------------------------------------------------ parsing */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A non-negative decimal number "12", "12.5", ".5" at *p (advanced).  Exact as strtod for up to
 * 15 significant digits: the digits form an exact integer, divided once by a power of ten.
 * Returns 1, or 0 when there is no number, -2 for a decimal comma, -3 for too many digits. */
static int parse_number(const char **p, double *out)
{
	const char *s = *p;
	double mant = 0;
	int digits = 0, frac = 0, seen_point = 0;
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digits >= 15)
				return -3;
			if (digits > 0 || *s != '0')
				digits++;
			mant = mant * 10 + (*s - '0');
			if (seen_point)
				frac++;
		} else if (*s == '.' && !seen_point) {
			seen_point = 1;
		} else {
			break;
		}
	}
	if (s == *p || (s == *p + 1 && seen_point))
		return 0;
	if (*s == ',' && s[1] >= '0' && s[1] <= '9')
		return -2;
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	*out = mant / p10[frac];
	*p = s;
	return 1;
}

typedef struct unit_def {
	const char *name;
	fmt_qty q;
	double mul, div; /* canonical units = value * mul / div (an exact division for g, mm, oz) */
} unit_def;

static const unit_def units[] = {
	{"kg", FMT_MASS, 1, 1},
	{"g", FMT_MASS, 1, 1000},
	{"lbs", FMT_MASS, KG_PER_LB, 1},
	{"lb", FMT_MASS, KG_PER_LB, 1},
	{"oz", FMT_MASS, KG_PER_LB, 16},
	{"cm", FMT_LENGTH, 1, 1},
	{"mm", FMT_LENGTH, 1, 10},
	{"in", FMT_LENGTH, CM_PER_IN, 1},
	{"\"", FMT_LENGTH, CM_PER_IN, 1},
	{"ft", FMT_LENGTH, 12 * CM_PER_IN, 1}, /* 1 ft = 12 in = 30.48 cm exactly (1959 agreement) */
	{"'", FMT_LENGTH, 12 * CM_PER_IN, 1},
	{"mm", FMT_SKINFOLD, 1, 1},
};

static const char *unit_list(fmt_qty q)
{
	return q == FMT_MASS ? "kg, g, lb, oz" : q == FMT_LENGTH ? "cm, mm, in, ft" : "mm";
}

/* Unit at *p for quantity q (advanced past it); NULL when none matches. */
static const unit_def *parse_unit(const char **p, fmt_qty q)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (units[i].q != q)
			continue;
		size_t k = strlen(units[i].name);
		size_t j = 0;
		while (j < k && lower((*p)[j]) == units[i].name[j])
			j++;
		if (j < k)
			continue;
		char next = (*p)[k];
		if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))
			continue; /* "lbx" is not "lb" */
		*p += k;
		return &units[i];
	}
	return NULL;
}

static const unit_def *default_unit(fmt_qty q, fmt_units u)
{
	const char *name = fmt_field_unit(q, u);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (units[i].q == q && strcmp(units[i].name, name) == 0)
			return &units[i];
	return &units[0];
}

int fmt_parse_qty(const char *text, fmt_qty q, fmt_units u, double *out, char *err, size_t errsz)
{
	*out = NAN;
	const char *p = text;
	while (is_space(*p))
		p++;
	if (!*p)
		return 0;
	if (*p == '-') {
		snprintf(err, errsz, "'%s': must be positive", text);
		return -1;
	}
	double total = 0;
	int parts = 0;
	const unit_def *first = NULL;
	while (*p) {
		double v;
		int r = parse_number(&p, &v);
		if (r == -2) {
			snprintf(err, errsz, "'%s': use a point for decimals (e.g. 5.6)", text);
			return -1;
		}
		if (r == -3) {
			snprintf(err, errsz, "'%s': too many digits", text);
			return -1;
		}
		if (r == 0) {
			snprintf(err, errsz, "'%s': not a number", text);
			return -1;
		}
		while (is_space(*p))
			p++;
		const unit_def *ud = NULL;
		if (*p) {
			ud = parse_unit(&p, q);
			if (!ud) {
				snprintf(err, errsz, "'%s': unknown unit (%s)", text, unit_list(q));
				return -1;
			}
		} else if (parts > 0) {
			snprintf(err, errsz, "'%s': give the unit of the last number", text);
			return -1;
		} else {
			ud = default_unit(q, u);
		}
		/* only "lb" followed by "oz", or "ft" followed by "in", may combine (12 lb 5 oz, 5 ft 4 in, 5'4") */
		if (parts == 1 && !(strncmp(first->name, "lb", 2) == 0 && strcmp(ud->name, "oz") == 0) &&
		    !(first->mul == 12 * CM_PER_IN && ud->mul == CM_PER_IN)) {
			snprintf(err, errsz, "'%s': one number and unit, or pounds and ounces, or feet and inches", text);
			return -1;
		}
		if (parts == 0)
			first = ud;
		total += v * ud->mul / ud->div;
		parts++;
		while (is_space(*p))
			p++;
		if (parts == 2 && *p) {
			snprintf(err, errsz, "'%s': one number and unit, or pounds and ounces, or feet and inches", text);
			return -1;
		}
	}
	if (!(total > 0)) {
		snprintf(err, errsz, "'%s': must be greater than zero", text);
		return -1;
	}
	*out = total;
	return 1;
}

int fmt_parse_time(const char *text, int *minutes, char *err, size_t errsz)
{
	*minutes = -1;
	const char *p = text;
	while (is_space(*p))
		p++;
	if (!*p)
		return 0;
	int h = 0, m = 0, nh = 0, nm = 0;
	while (*p >= '0' && *p <= '9' && nh < 3)
		h = h * 10 + (*p++ - '0'), nh++;
	if (*p == ':')
		p++;
	else
		nh = 0;
	while (*p >= '0' && *p <= '9' && nm < 3)
		m = m * 10 + (*p++ - '0'), nm++;
	while (is_space(*p))
		p++;
	if (nh < 1 || nh > 2 || nm != 2 || *p || h > 23 || m > 59) {
		snprintf(err, errsz, "'%s': not a time (HH:MM, 00:00 to 23:59)", text);
		return -1;
	}
	*minutes = h * 60 + m;
	return 1;
}

/* ------------------------------------------------------------------ list columns */

void fmt_list_layout(int width, fmt_listcols *c)
{
	memset(c, 0, sizeof *c);
	/* fixed columns, one space between columns */
	c->mark_w = 2;
	c->sex_w = 3;
	c->age_w = 7;
	c->last_w = 10;
	c->flags_w = width >= 100 ? 12 : 0;
	/* mark name id sex age last [flags], one space between columns */
	int fixed = c->mark_w + 1 + 1 + 1 + c->sex_w + 1 + c->age_w + 1 + c->last_w + (c->flags_w ? 1 + c->flags_w : 0);
	int rest = width - fixed; /* for name and id */
	if (rest < 8 + 8)
		rest = 16;
	int id = rest * 2 / 5;
	if (id < 8)
		id = 8;
	if (id > 20)
		id = 20;
	c->id_w = id;
	c->name_w = rest - id;
	if (c->name_w > 48) /* wide screens: keep the row readable, leave the rest blank */
		c->name_w = 48;
	int x = 0;
	c->mark_x = x;
	x += c->mark_w + 1;
	c->name_x = x;
	x += c->name_w + 1;
	c->id_x = x;
	x += c->id_w + 1;
	c->sex_x = x;
	x += c->sex_w + 1;
	c->age_x = x;
	x += c->age_w + 1;
	c->last_x = x;
	x += c->last_w;
	if (c->flags_w) {
		x += 1;
		c->flags_x = x;
	}
}
