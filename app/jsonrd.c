/* jsonrd.c — streaming JSON units for the FHIR importer (see jsonrd.h). */
#include "app/jsonrd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"

#define CHUNK (1u << 20)

struct jrd {
	int fd;
	size_t max_unit;
	int max_depth;
	char *buf;             /* bytes [base, base + len) of the file */
	size_t cap, len, pos;  /* pos: the next byte to scan */
	long long base;
	int eof, done;
	long line;             /* line of buf[pos] */
	long long line_off;    /* file offset where that line starts */
	int mode;              /* -1 not known yet, 0 document(s), 1 NDJSON */
	int skip_line;         /* NDJSON: skip to the next line (after an error) */

	/* The top-level value being read. */
	int in_unit, depth, in_str, esc;
	size_t ustart;
	long uline, ucol;
	long long uoff;
	int top_obj, expect_key, capturing, key_done, after_colon, too_deep;
	char key[8];
	int klen;
	int ended_line;        /* the line (for NDJSON: nothing but blanks may follow on it) */
	long end_line;

	/* Its "entry" array, cut into units. */
	int in_entries, have_elem, elem_deep;
	size_t estart;
	long eline, ecol;
	long long eoff;
	int shell;             /* entries were cut out: the value is emitted as a shell */
	char *sh;              /* the shell: the value up to and including '[' of "entry", then the rest */
	size_t shlen, shcap;
	size_t sh_resume;      /* buf index of the ']' that closes "entry" (the shell's tail starts there) */
	int sh_tail;           /* the tail is being read */
};

jrd *jrd_open(int fd, size_t max_unit, int max_depth)
{
	jrd *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->fd = fd;
	r->max_unit = max_unit;
	r->max_depth = max_depth;
	r->cap = CHUNK;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		free(r);
		return NULL;
	}
	r->line = 1;
	r->mode = -1;
	return r;
}

void jrd_close(jrd *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->sh);
	free(r);
}

static long long off_of(const jrd *r, size_t i)
{
	return r->base + (long long)i;
}

static long col_of(const jrd *r, size_t i)
{
	return (long)(off_of(r, i) - r->line_off) + 1;
}

/* An error unit at buf[i] (which is on the current line). */
static int error_at(jrd *r, jrd_unit *u, size_t i, int fatal, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int error_at(jrd *r, jrd_unit *u, size_t i, int fatal, const char *fmt, ...)
{
	memset(u, 0, sizeof *u);
	u->kind = JRD_ERROR;
	u->line = r->line;
	u->col = col_of(r, i);
	u->off = off_of(r, i);
	u->fatal = fatal;
	u->ndjson = r->mode == 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	if (fatal)
		r->done = 1;
	return 1;
}

/* Up to 40 bytes of the text at buf[i] before the end of its line, escaped for a message. */
static void excerpt(const jrd *r, size_t i, char *out, size_t n)
{
	size_t e = i;
	while (e < r->len && r->buf[e] != '\n' && r->buf[e] != '\r' && e - i < 40)
		e++;
	text_escape(out, n, r->buf + i, e - i, 40);
	if (e < r->len && r->buf[e] != '\n' && r->buf[e] != '\r' && strlen(out) + 4 < n)
		strcat(out, "...");
}

static void reset_unit(jrd *r)
{
	r->in_unit = r->depth = r->in_str = r->esc = 0;
	r->top_obj = r->expect_key = r->capturing = r->key_done = r->after_colon = r->too_deep = 0;
	r->in_entries = r->have_elem = r->elem_deep = 0;
	r->shell = r->sh_tail = 0;
	r->shlen = 0;
}

static int sh_append(jrd *r, const char *p, size_t n)
{
	if (r->shlen + n > r->shcap) {
		size_t cap = r->shcap ? r->shcap : 4096;
		while (cap < r->shlen + n)
			cap *= 2;
		char *s = realloc(r->sh, cap);
		if (!s)
			return -1;
		r->sh = s;
		r->shcap = cap;
	}
	memcpy(r->sh + r->shlen, p, n);
	r->shlen += n;
	return 0;
}

/* The first byte still needed. */
static size_t keep_from(const jrd *r)
{
	if (!r->in_unit)
		return r->pos;
	if (!r->shell)
		return r->ustart;
	if (r->have_elem)
		return r->estart;
	if (r->sh_tail)
		return r->sh_resume;
	return r->pos;
}

/* Read more input.  0, or -1 on a read error (errno). */
static int fill(jrd *r)
{
	size_t keep = keep_from(r);
	if (keep > 0) {
		memmove(r->buf, r->buf + keep, r->len - keep);
		r->len -= keep;
		r->pos -= keep;
		r->base += (long long)keep;
		if (r->in_unit && !r->shell)
			r->ustart -= keep;
		if (r->have_elem)
			r->estart -= keep;
		if (r->sh_tail)
			r->sh_resume -= keep;
	}
	if (r->cap - r->len < CHUNK / 2) {
		char *b = realloc(r->buf, r->cap * 2);
		if (!b) {
			errno = ENOMEM;
			return -1;
		}
		r->buf = b;
		r->cap *= 2;
	}
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
		return 0;
	}
}

static void emit(jrd *r, jrd_unit *u, jrd_kind k, const char *p, size_t n, long line, long col, long long off)
{
	memset(u, 0, sizeof *u);
	u->kind = k;
	u->p = p;
	u->n = n;
	u->line = line;
	u->col = col;
	u->off = off;
	u->ndjson = r->mode == 1;
}

static int too_deep_error(jrd *r, jrd_unit *u, long line, long col, long long off)
{
	memset(u, 0, sizeof *u);
	u->kind = JRD_ERROR;
	u->line = line;
	u->col = col;
	u->off = off;
	u->ndjson = r->mode == 1;
	snprintf(u->msg, sizeof u->msg, "a JSON value nested deeper than %d levels: not a FHIR resource; skipped",
		 r->max_depth);
	return 1;
}

/* The top-level value ended at buf[i] (its closing bracket). */
static int end_unit(jrd *r, jrd_unit *u, size_t i)
{
	r->pos = i + 1;
	r->ended_line = 1;
	r->end_line = r->line;
	if (r->mode < 0)
		r->mode = r->uline == r->line;
	int deep = r->too_deep, shell = r->shell;
	long line = r->uline, col = r->ucol;
	long long off = r->uoff;
	if (shell && sh_append(r, r->buf + r->sh_resume, i + 1 - r->sh_resume) != 0) {
		reset_unit(r);
		return error_at(r, u, i, 1, "out of memory");
	}
	r->in_unit = 0;
	if (deep) {
		reset_unit(r);
		return too_deep_error(r, u, line, col, off);
	}
	if (shell)
		emit(r, u, JRD_SHELL, r->sh, r->shlen, line, col, off);
	else
		emit(r, u, JRD_VALUE, r->buf + r->ustart, i + 1 - r->ustart, line, col, off);
	/* The shell buffer stays valid until the next call; reset_unit only rewinds its length. */
	r->depth = r->in_str = r->esc = 0;
	r->top_obj = r->expect_key = r->capturing = r->key_done = r->after_colon = r->too_deep = 0;
	r->in_entries = r->have_elem = r->elem_deep = 0;
	r->sh_tail = 0;
	r->shell = 0;
	return 1;
}

/* An element of "entry" ended just before buf[e] (exclusive). */
static int end_elem(jrd *r, jrd_unit *u, size_t e)
{
	r->have_elem = 0;
	if (r->elem_deep) {
		r->elem_deep = 0;
		return too_deep_error(r, u, r->eline, r->ecol, r->eoff);
	}
	emit(r, u, JRD_ENTRY, r->buf + r->estart, e - r->estart, r->eline, r->ecol, r->eoff);
	return 1;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The steps of jrd_next return this to go on scanning, else jrd_next's result. */
#define SCAN_ON (-1)

/* The buffer is scanned to its end (or too short to check for a byte order mark): the end of the
 * input, a read error, or more bytes (a unit larger than the limit is an error). */
static int scan_fill(jrd *r, jrd_unit *u)
{
	if (r->eof && r->pos >= r->len) {
		r->done = 1;
		if (!r->in_unit)
			return 0;
		int nd = r->mode == 1;
		reset_unit(r);
		return error_at(r, u, r->pos, !nd, "%s",
				nd ? "the line ends inside a JSON value (truncated?)"
				   : "the file ends inside a JSON value (truncated?)");
	}
	if (fill(r) != 0) {
		reset_unit(r);
		return error_at(r, u, r->pos, 1, "read error: %s", strerror(errno));
	}
	/* A unit larger than the limit. */
	size_t keep = keep_from(r);
	size_t have = r->len - keep + (r->shell ? r->shlen : 0);
	if (r->in_unit && have > r->max_unit) {
		char what[64];
		snprintf(what, sizeof what, "%zu MiB", r->max_unit >> 20);
		if (r->mode == 1) {
			reset_unit(r);
			r->skip_line = 1;
			error_at(r, u, r->pos, 0, "a line longer than %s: skipped", what);
		} else {
			reset_unit(r);
			error_at(r, u, r->pos, 1, "a JSON value (one resource or Bundle entry) longer than %s",
				 what);
		}
		return 1;
	}
	return SCAN_ON;
}

/* Byte c at i inside a string. */
static int scan_string(jrd *r, jrd_unit *u, size_t i, char c)
{
	r->pos = i + 1;
	if (r->esc) {
		r->esc = 0;
	} else if (c == '\\') {
		r->esc = 1;
	} else if (c == '"') {
		r->in_str = 0;
		if (r->capturing) {
			r->capturing = 0;
			r->key_done = 1;
			r->expect_key = 0;
		} else if (r->in_entries && r->have_elem && r->depth == 2) {
			return end_elem(r, u, i + 1); /* a string element */
		}
	} else if (c == '\n') {
		/* A raw newline inside a string is not JSON; in NDJSON it is a cut line. */
		if (r->mode == 1) {
			reset_unit(r);
			error_at(r, u, i, 0, "the line ends inside a JSON value (truncated?)");
			r->line++;
			r->line_off = off_of(r, i + 1);
			return 1;
		}
		r->line++;
		r->line_off = off_of(r, i + 1);
	} else if (r->capturing && r->klen < (int)sizeof r->key - 1) {
		r->key[r->klen++] = c;
	}
	return SCAN_ON;
}

/* A newline at i outside strings. */
static int scan_newline(jrd *r, jrd_unit *u, size_t i)
{
	r->pos = i + 1;
	if (r->in_unit && r->mode == 1) {
		reset_unit(r);
		error_at(r, u, i, 0, "the line ends inside a JSON value (truncated?)");
		r->line++;
		r->line_off = off_of(r, i + 1);
		return 1;
	}
	r->line++;
	r->line_off = off_of(r, i + 1);
	r->ended_line = 0;
	return SCAN_ON;
}

/* Byte c at i between top-level values: the start of one, or text that is not JSON. */
static int scan_between(jrd *r, jrd_unit *u, size_t i, char c)
{
	char ex[170];
	if (c == '{' || c == '[') {
		if (r->mode == 1 && r->ended_line) {
			excerpt(r, i, ex, sizeof ex);
			r->skip_line = 1;
			return error_at(r, u, i, 0, "text after the JSON value on this line: '%s' (ignored)", ex);
		}
		r->in_unit = 1;
		r->depth = 1;
		r->ustart = i;
		r->uline = r->line;
		r->ucol = col_of(r, i);
		r->uoff = off_of(r, i);
		r->top_obj = c == '{';
		r->expect_key = r->top_obj;
		r->pos = i + 1;
		return SCAN_ON;
	}
	excerpt(r, i, ex, sizeof ex);
	if (r->mode == 1) {
		int after = r->ended_line;
		r->skip_line = 1;
		if (after)
			return error_at(r, u, i, 0, "text after the JSON value on this line: '%s' (ignored)", ex);
		return error_at(r, u, i, 0, "not a JSON object or array: '%s'; the line is skipped", ex);
	}
	r->done = 1;
	if (r->mode == 0)
		return error_at(r, u, i, 0, "text after the end of the JSON document: '%s'", ex);
	return error_at(r, u, i, 1, "not JSON: '%s'", ex);
}

/* An opening '{' or '[' at i inside the top-level value (the "entry" array is cut out). */
static int scan_open(jrd *r, jrd_unit *u, size_t i, char c)
{
	if (r->depth == 1 && r->top_obj && r->after_colon && c == '[' && r->key_done && r->klen == 5 &&
	    memcmp(r->key, "entry", 5) == 0 && !r->shell) {
		/* The entries are cut out: the shell keeps "...\"entry\": [" and, later, "]...". */
		r->shlen = 0;
		if (sh_append(r, r->buf + r->ustart, i + 1 - r->ustart) != 0) {
			reset_unit(r);
			return error_at(r, u, i, 1, "out of memory");
		}
		r->shell = 1;
		r->in_entries = 1;
		r->depth = 2;
		r->after_colon = r->key_done = 0;
		return SCAN_ON;
	}
	if (r->in_entries && r->depth == 2 && !r->have_elem) {
		r->have_elem = 1;
		r->estart = i;
		r->eline = r->line, r->ecol = col_of(r, i), r->eoff = off_of(r, i);
	}
	if (r->depth == 1)
		r->after_colon = r->key_done = 0;
	if (++r->depth > r->max_depth) {
		if (r->in_entries && r->have_elem)
			r->elem_deep = 1;
		else
			r->too_deep = 1;
	}
	return SCAN_ON;
}

/* A closing '}' or ']' at i inside the top-level value. */
static int scan_close(jrd *r, jrd_unit *u, size_t i, char c)
{
	if (r->in_entries && r->depth == 2) {
		if (c == ']') {
			if (r->have_elem) {
				size_t e = i;
				while (e > r->estart && blank(r->buf[e - 1]))
					e--;
				r->pos = i; /* the element first, then this ']' again */
				return end_elem(r, u, e);
			}
			r->in_entries = 0;
			r->depth = 1;
			r->sh_tail = 1;
			r->sh_resume = i;
		}
		return SCAN_ON; /* a '}' here is not JSON: cJSON will say so in the shell */
	}
	r->depth--;
	if (r->depth == 0)
		return end_unit(r, u, i);
	if (r->in_entries && r->depth == 2 && r->have_elem)
		return end_elem(r, u, i + 1);
	return SCAN_ON;
}

/* Byte c at i inside the top-level value, outside strings. */
static int scan_value(jrd *r, jrd_unit *u, size_t i, char c)
{
	r->pos = i + 1;
	switch (c) {
	case '"':
		r->in_str = 1;
		if (r->depth == 1 && r->top_obj && r->expect_key) {
			r->capturing = 1;
			r->klen = 0;
			memset(r->key, 0, sizeof r->key);
		} else if (r->in_entries && r->depth == 2 && !r->have_elem) {
			r->have_elem = 1;
			r->estart = i;
			r->eline = r->line, r->ecol = col_of(r, i), r->eoff = off_of(r, i);
		}
		break;
	case '{':
	case '[':
		return scan_open(r, u, i, c);
	case '}':
	case ']':
		return scan_close(r, u, i, c);
	case ',':
		if (r->depth == 1) {
			r->expect_key = r->top_obj;
			r->after_colon = r->key_done = 0;
		} else if (r->in_entries && r->depth == 2 && r->have_elem) {
			size_t e = i;
			while (e > r->estart && blank(r->buf[e - 1]))
				e--;
			return end_elem(r, u, e); /* a number or literal element */
		}
		break;
	case ':':
		if (r->depth == 1 && r->key_done)
			r->after_colon = 1;
		break;
	default:
		if (r->in_entries && r->depth == 2 && !r->have_elem) {
			r->have_elem = 1;
			r->estart = i;
			r->eline = r->line, r->ecol = col_of(r, i), r->eoff = off_of(r, i);
		}
		if (r->depth == 1)
			r->after_colon = r->key_done = 0;
		break;
	}
	return SCAN_ON;
}

int jrd_next(jrd *r, jrd_unit *u)
{
	for (;;) {
		if (r->done)
			return 0;
		int rc;
		if (r->pos >= r->len || (r->base == 0 && r->pos == 0 && r->len < 3 && !r->eof)) {
			if ((rc = scan_fill(r, u)) != SCAN_ON)
				return rc;
			continue;
		}
		if (r->base == 0 && r->pos == 0 && r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
			r->pos = 3; /* a UTF-8 byte order mark */
			r->line_off = 3;
			continue;
		}
		size_t i = r->pos;
		char c = r->buf[i];
		if (r->skip_line) {
			if (c == '\n') {
				r->skip_line = 0;
				r->ended_line = 0;
				r->line++;
				r->line_off = off_of(r, i + 1);
			}
			r->pos = i + 1;
			continue;
		}
		if (r->in_str)
			rc = scan_string(r, u, i, c);
		else if (c == '\n')
			rc = scan_newline(r, u, i);
		else if (blank(c)) {
			r->pos = i + 1;
			continue;
		} else if (!r->in_unit)
			rc = scan_between(r, u, i, c);
		else
			rc = scan_value(r, u, i, c); /* inside the top-level value */
		if (rc != SCAN_ON)
			return rc;
	}
}

void jrd_position(const jrd_unit *u, const char *p, long *line, long *col, long long *off)
{
	long l = u->line, c = u->col;
	for (const char *q = u->p; q < p && q < u->p + u->n; q++) {
		if (*q == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
	*off = u->off + (long long)(p - u->p);
}
