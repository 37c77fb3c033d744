/* csv.c — streaming CSV reader and helpers (see csv.h). */
#include "app/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSV_CHUNK (256 * 1024)
#define CSV_MAXREC (64u * 1024 * 1024)

struct csv_reader {
	int fd;
	char *name;
	char *buf;
	size_t cap, start, end; /* unread bytes are buf[start, end) */
	int eof, first;
	long line;              /* physical line of the next record */
	char err[160];
};

csv_reader *csv_open(int fd, const char *name)
{
	csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->fd = fd;
	r->name = strdup(name ? name : "-");
	r->cap = CSV_CHUNK;
	r->buf = malloc(r->cap + 1);
	if (!r->name || !r->buf) {
		csv_close(r);
		return NULL;
	}
	r->first = 1;
	r->line = 1;
	return r;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->buf);
	free(r);
}

const char *csv_error(const csv_reader *r)
{
	return r->err;
}

const char *csv_name(const csv_reader *r)
{
	return r->name;
}

char *csv_parse(char *p, char *end, int at_eof, csv_row *row, long *nl)
{
	size_t nf = 0;
	long lines = 0;
	char *rec = p;
	int whole = at_eof; /* the record's terminator is known to be in the buffer */
	row->bad_quote = 0;
	for (;;) {
		char *fs = p, *w = p;
		if (p < end && *p == '"') {
			/* Quoted fields are unquoted in place, so the buffer must not be touched unless the
			 * whole record is there: returning NULL ("need more") after copying down would leave
			 * a shifted buffer that the next call misreads (a quoted field on a last line
			 * without newline, or across a read chunk, came out split or with a stray quote). */
			if (!whole) {
				if (!csv_last_end(fs, end))
					return NULL;
				whole = 1;
			}
			/* Quoted field: copy down in place, "" -> ". */
			p++;
			for (;;) {
				if (p >= end) {
					if (!at_eof)
						return NULL;
					row->bad_quote = 1;
					break;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					if (p + 1 >= end && !at_eof)
						return NULL; /* cannot tell "" from a closing quote yet */
					p++;
					break;
				}
				if (*p == '\n')
					lines++;
				*w++ = *p++;
			}
			/* Anything between the closing quote and the delimiter is malformed: keep it. */
			while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
				row->bad_quote = 1;
				*w++ = *p++;
			}
		} else {
			while (p < end && *p != ',' && *p != '\n') {
				if (*p == '\r' && (p + 1 >= end || p[1] == '\n'))
					break;
				p++;
			}
			w = p;
		}
		if (nf < CSV_MAXFIELDS) {
			row->f[nf].s = fs;
			row->f[nf].len = (size_t)(w - fs);
		}
		nf++;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		/* End of record: \n, \r\n, or end of buffer. */
		char *rawend = p;
		if (p < end && *p == '\r') {
			if (p + 1 >= end && !at_eof)
				return NULL;
			p++;
		}
		if (p < end && *p == '\n') {
			p++;
			lines++;
		} else if (!at_eof) {
			return NULL;
		}
		row->nf = nf;
		row->raw = rec;
		row->rawlen = (size_t)(rawend - rec);
		*nl = lines;
		return p;
	}
}

const char *csv_last_end(const char *p, const char *end)
{
	const char *last = NULL;
	int inq = 0;
	for (; p < end; p++) {
		if (*p == '"')
			inq = !inq; /* "" inside quotes toggles twice: still inside */
		else if (*p == '\n' && !inq)
			last = p + 1;
	}
	return last;
}

static int fill(csv_reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		if (r->cap >= CSV_MAXREC) {
			snprintf(r->err, sizeof r->err, "a record is longer than %u MiB (unclosed quote?)",
				 CSV_MAXREC >> 20);
			return -1;
		}
		char *nb = realloc(r->buf, r->cap * 2 + 1);
		if (!nb) {
			snprintf(r->err, sizeof r->err, "out of memory");
			return -1;
		}
		r->buf = nb;
		r->cap *= 2;
	}
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(r->err, sizeof r->err, "read error: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			r->eof = 1;
		r->end += (size_t)n;
		return 0;
	}
}

int csv_next(csv_reader *r, csv_row *row)
{
	for (;;) {
		if (r->first && (r->end - r->start >= 3 || r->eof)) {
			r->first = 0;
			if (r->end - r->start >= 3 && memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0)
				r->start += 3;
		}
		if (!r->first && r->start < r->end) {
			long nl = 0;
			char *next = csv_parse(r->buf + r->start, r->buf + r->end, r->eof, row, &nl);
			if (next) {
				row->line = r->line;
				r->line += nl ? nl : 1;
				r->start = (size_t)(next - r->buf);
				return 1;
			}
		}
		if (r->eof)
			return 0;
		if (fill(r) < 0)
			return -1;
	}
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

csv_field csv_trim(csv_field f)
{
	while (f.len && blank(f.s[0])) {
		f.s++;
		f.len--;
	}
	while (f.len && blank(f.s[f.len - 1]))
		f.len--;
	return f;
}

int csv_empty(csv_field f)
{
	return csv_trim(f).len == 0;
}

int csv_eq(csv_field f, const char *s)
{
	f = csv_trim(f);
	size_t n = strlen(s);
	if (f.len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char a = f.s[i], b = s[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

int csv_find(const csv_row *hdr, const char *name)
{
	size_t n = hdr->nf < CSV_MAXFIELDS ? hdr->nf : CSV_MAXFIELDS;
	for (size_t i = 0; i < n; i++)
		if (csv_eq(hdr->f[i], name))
			return (int)i;
	return -1;
}

static const double pow10d[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
				 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int csv_num(csv_field f, double *out)
{
	f = csv_trim(f);
	if (f.len == 0)
		return 0;
	const char *p = f.s, *e = f.s + f.len;
	int neg = 0;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	/* Fast path (Clinger): at most 15 significant digits and no exponent: the integer mantissa
	 * and the power of ten are exact doubles, so one correctly rounded division is exact. */
	uint64_t mant = 0;
	int nd = 0, frac = 0, seen_dot = 0, any = 0;
	const char *q = p;
	for (; q < e; q++) {
		if (*q >= '0' && *q <= '9') {
			any = 1;
			if (nd || *q != '0')
				nd++;
			mant = mant * 10 + (uint64_t)(*q - '0');
			frac += seen_dot;
			if (nd > 15)
				break;
		} else if (*q == '.' && !seen_dot) {
			seen_dot = 1;
		} else {
			break;
		}
	}
	if (q == e && any && frac <= 22) {
		double v = (double)mant / pow10d[frac];
		*out = neg ? -v : v;
		return 1;
	}
	/* Slow path: strtod on a bounded copy, accepting only decimal syntax (digits, one '.',
	 * an exponent) so "nan", "inf" and hex floats are rejected. */
	char tmp[64];
	if (f.len >= sizeof tmp)
		return -1;
	const char *s = f.s;
	size_t i = 0;
	if (s[i] == '-' || s[i] == '+')
		i++;
	int digits = 0, dot = 0, ex = 0;
	for (; i < f.len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (c == '.' && !dot && !ex)
			dot = 1;
		else if ((c == 'e' || c == 'E') && digits && !ex) {
			ex = 1;
			if (i + 1 < f.len && (s[i + 1] == '-' || s[i + 1] == '+'))
				i++;
			if (i + 1 >= f.len)
				return -1;
		} else
			return -1;
	}
	if (!digits)
		return -1;
	memcpy(tmp, f.s, f.len);
	tmp[f.len] = '\0';
	char *endp;
	errno = 0;
	double v = strtod(tmp, &endp);
	if (*endp != '\0' || errno == ERANGE)
		return -1;
	*out = v;
	return 1;
}

void csv_put(gv_buf *b, const char *s, size_t n)
{
	int quote = 0;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!quote) {
		buf_put(b, s, n);
		return;
	}
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}
