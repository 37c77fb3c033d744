/* csv.c — streaming CSV reader and helpers (see csv.h). */
#include "app/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"

#define CSV_CHUNK (256 * 1024)
#define CSV_MAXREC (64u * 1024 * 1024)
#define CSV_MAXQUOTE (1024u * 1024) /* csv.h: a quoted field longer than this that spans lines is a stray quote */

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

/* Quote-aware scan from a record start: returns the record's terminating '\n', or NULL when
 * [p, end) holds no complete record yet.  A quote opens a quoted field only at the start of a
 * field (elsewhere it is literal text, as Python's csv module does); "" inside quotes is one
 * quote.
 *
 * A stray quote (csv.h): a quoted field that runs over a line end and then does not close properly
 * (its closing quote is followed by something other than a delimiter or a line end, or it never
 * closes: at EOF, or after CSV_MAXQUOTE bytes) is taken for a quote that was never meant to open a
 * multi-line field.  The record then ends at its first line end (*stray = 1), and reading goes on
 * at the next line, instead of swallowing the rest of the file. */
static const char *scan_record(const char *p, const char *end, int at_eof, int *stray)
{
	enum { START, PLAIN, QUOTED, QUOTE } st = START;
	const char *first_nl = NULL, *qstart = NULL;
	int nl_in_quote = 0;
	*stray = 0;
	for (; p < end; p++) {
		char c = *p;
		switch (st) {
		case START:
			if (c == '"') {
				st = QUOTED;
				qstart = p;
				nl_in_quote = 0;
				break;
			}
			/* fall through */
		case PLAIN:
			if (c == '\n')
				return p;
			st = c == ',' ? START : PLAIN;
			break;
		case QUOTED:
			if (c == '"') {
				st = QUOTE;
			} else if (c == '\n') {
				nl_in_quote = 1;
				if (!first_nl)
					first_nl = p;
			}
			break;
		case QUOTE:
			if (c == '"') {
				st = QUOTED;
			} else if (c == '\n') {
				return p;
			} else if (c == ',') {
				st = START;
			} else if (c == '\r' && p + 1 == end && !at_eof) {
				return NULL; /* CR LF or not: decided when more input comes */
			} else if (c == '\r' && p + 1 < end && p[1] == '\n') {
				st = PLAIN;  /* "...""\r\n": a properly closed field at a CRLF line end */
			} else if (nl_in_quote) {
				*stray = 1;  /* closed badly after a line end: a stray quote */
				return first_nl;
			} else {
				st = PLAIN;  /* "ab"c on one line: malformed, kept as one record (bad_quote) */
			}
			break;
		}
	}
	if (st == QUOTED && nl_in_quote && (at_eof || (size_t)(end - qstart) > CSV_MAXQUOTE)) {
		*stray = 1;
		return first_nl;
	}
	return NULL;
}

static void put_field(csv_row *row, size_t *nf, char *s, size_t len, int quoted)
{
	if (*nf < CSV_MAXFIELDS) {
		row->f[*nf].s = s;
		row->f[*nf].len = len;
		row->fquoted[*nf] = (unsigned char)quoted;
	}
	(*nf)++;
}

char *csv_parse(char *p, char *end, int at_eof, csv_row *row, long *nl)
{
	row->bad_quote = 0;
	row->quoted = 0;
	/* Find the end of the record first, without touching the bytes, so an incomplete record
	 * can be parsed again once more input has arrived. */
	char *lf = memchr(p, '\n', (size_t)(end - p));
	char *q = lf ? memchr(p, '"', (size_t)(lf - p)) : memchr(p, '"', (size_t)(end - p));
	int stray = 0;
	if (q) /* a quoted field may hold newlines: scan properly */
		lf = (char *)(uintptr_t)scan_record(p, end, at_eof, &stray);
	if (!lf && !at_eof)
		return NULL;
	row->stray_quote = stray;
	char *next = lf ? lf + 1 : end;
	char *ce = lf ? lf : end; /* content end */
	if (ce > p && ce[-1] == '\r')
		ce--;
	long lines = lf ? 1 : 0;
	size_t nf = 0;
	row->raw = p;
	row->rawlen = (size_t)(ce - p);
	row->bad_field = 0;
	if (stray) {
		/* The line is refused as a whole: left as it is (one field), so that it can be quoted. */
		row->bad_quote = 1;
		put_field(row, &nf, p, (size_t)(ce - p), 0);
		row->nf = nf;
		*nl = lines;
		return next;
	}

	if (!q) {
		/* Fast path: no quotes at all. */
		for (;;) {
			char *c = memchr(p, ',', (size_t)(ce - p));
			if (!c) {
				put_field(row, &nf, p, (size_t)(ce - p), 0);
				break;
			}
			put_field(row, &nf, p, (size_t)(c - p), 0);
			p = c + 1;
		}
		row->nf = nf;
		*nl = lines;
		return next;
	}

	for (;;) {
		char *fs = p, *w;
		int fq = p < ce && *p == '"';
		if (fq) {
			row->quoted = 1;
			w = p++;
			for (;;) {
				if (p >= ce) {
					if (!row->bad_quote)
						row->bad_field = nf;
					row->bad_quote = 1; /* unterminated at end of input */
					break;
				}
				if (*p == '"') {
					if (p + 1 < ce && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					lines++;
				*w++ = *p++;
			}
			/* Text between the closing quote and the delimiter is malformed: keep it. */
			while (p < ce && *p != ',') {
				if (!row->bad_quote)
					row->bad_field = nf;
				row->bad_quote = 1;
				*w++ = *p++;
			}
		} else {
			while (p < ce && *p != ',')
				p++;
			w = p;
		}
		put_field(row, &nf, fs, (size_t)(w - fs), fq);
		if (p < ce) { /* *p == ',' */
			p++;
			continue;
		}
		break;
	}
	row->nf = nf;
	*nl = lines;
	return next;
}

const char *csv_last_end(const char *p, const char *end)
{
	if (!memchr(p, '"', (size_t)(end - p))) {
		for (const char *e = end; e > p; e--)
			if (e[-1] == '\n')
				return e;
		return NULL;
	}
	const char *last = NULL, *lf;
	int stray;
	while (p < end && (lf = scan_record(p, end, 0, &stray)) != NULL) {
		last = lf + 1;
		p = last;
	}
	return last;
}

size_t csv_split_cr(const csv_row *row, csv_row *parts, size_t max)
{
	if (max == 0 || row->nf > CSV_MAXFIELDS)
		return 1;
	size_t np = 0;
	csv_row *cur = &parts[0];
	cur->nf = 0;
	cur->line = row->line;
	cur->bad_quote = row->bad_quote;
	cur->stray_quote = row->stray_quote;
	cur->quoted = 0;
	for (size_t i = 0; i < row->nf; i++) {
		csv_field f = row->f[i];
		int fq = row->fquoted[i];
		for (;;) {
			char *cr = fq ? NULL : memchr(f.s, '\r', f.len);
			if (!cr || np + 1 >= max) {
				cur->fquoted[cur->nf] = (unsigned char)fq;
				cur->f[cur->nf++] = f;
				cur->quoted |= fq;
				break;
			}
			/* Close the current part at the CR, open the next one after it. */
			cur->f[cur->nf].s = f.s;
			cur->f[cur->nf].len = (size_t)(cr - f.s);
			cur->fquoted[cur->nf] = 0;
			cur->nf++;
			f.len -= (size_t)(cr + 1 - f.s);
			f.s = cr + 1;
			np++;
			cur = &parts[np];
			*cur = parts[0];
			cur->nf = 0;
			cur->quoted = 0;
		}
	}
	np++;
	/* Each part's raw bytes: from its first field to the end of its last. */
	for (size_t k = 0; k < np; k++) {
		csv_row *r = &parts[k];
		r->raw = r->f[0].s;
		const csv_field *l = &r->f[r->nf - 1];
		r->rawlen = (size_t)(l->s + l->len - r->raw);
	}
	return np;
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

const char *csv_header_problem(const csv_row *hdr)
{
	/* raw[] ends before the line terminator (a CRLF's CR included), so any CR left is inside. */
	if (memchr(hdr->raw, '\r', hdr->rawlen))
		return "the header line holds a carriage return: the file has CR-only (old Mac) line ends; "
		       "convert them to LF";
	if (hdr->bad_quote)
		return "the header has an unclosed quote";
	return NULL;
}

const char *csv_header_hint(const csv_row *hdr)
{
	const unsigned char *h = (const unsigned char *)hdr->raw;
	size_t n = hdr->rawlen;
	/* Byte order marks (Unicode 15, section 23.8): UTF-32 before UTF-16, whose mark they start
	 * with. */
	if (n >= 4 && h[0] == 0xff && h[1] == 0xfe && h[2] == 0 && h[3] == 0)
		return "the file is UTF-32 (little-endian: it starts with the byte order mark FF FE 00 00), not UTF-8; "
		       "convert it, e.g. iconv -f UTF-32 -t UTF-8 FILE > FILE.utf8.csv";
	if (n >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 0xfe && h[3] == 0xff)
		return "the file is UTF-32 (big-endian: it starts with the byte order mark 00 00 FE FF), not UTF-8; "
		       "convert it, e.g. iconv -f UTF-32 -t UTF-8 FILE > FILE.utf8.csv";
	if (n >= 2 && h[0] == 0xff && h[1] == 0xfe)
		return "the file is UTF-16 (little-endian: it starts with the byte order mark FF FE), not UTF-8; "
		       "convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv";
	if (n >= 2 && h[0] == 0xfe && h[1] == 0xff)
		return "the file is UTF-16 (big-endian: it starts with the byte order mark FE FF), not UTF-8; "
		       "convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv";
	if (memchr(h, 0, n))
		return "the header holds NUL bytes: the file is probably UTF-16 or UTF-32 without a byte order mark; "
		       "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv";
	/* Another separator: more of it than commas in the header. */
	static const struct {
		char c;
		const char *msg;
	} seps[] = {
		{';', "the header is separated by semicolons (;), not commas: save the file as comma-separated CSV "
		      "with '.' as the decimal point (a spreadsheet's \"CSV UTF-8 (comma delimited)\")"},
		{'\t', "the header is separated by tabs (a TSV file), not commas: save the file as comma-separated CSV"},
		{'|', "the header is separated by vertical bars (|), not commas: save the file as comma-separated CSV"},
	};
	size_t commas = 0;
	for (size_t i = 0; i < n; i++)
		commas += h[i] == ',';
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		size_t c = 0;
		for (size_t i = 0; i < n; i++)
			c += h[i] == (unsigned char)seps[k].c;
		if (c > commas)
			return seps[k].msg;
	}
	if (text_utf8_valid_prefix(hdr->raw, n) != n)
		return "the header is not UTF-8 (Latin-1 or Windows-1252?): save the file as UTF-8";
	return NULL;
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
