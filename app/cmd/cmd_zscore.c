/*
 * cmd_zscore.c — growthview zscore [--ref auto|who|cdc] [--threads N] [FILE]
 *
 * Reads a CSV of measurements (FILE or standard input), writes it to standard output with the
 * computed columns of app/zrow.h appended.  Streaming with constant memory: the input is cut
 * into blocks at record boundaries; worker threads parse and score blocks; the main thread reads
 * ahead and writes finished blocks in input order.  A bad row is reported on stderr as
 * "FILE:LINE: reason", its output row carries the reason in the `error` column, and the rest of
 * the file is still processed.  An impossible measurement (a weight of 600 kg) voids only the
 * indicators that use it: the row is scored without it (as WHO anthro scores length-for-age when
 * the weight is invalid), its `error` column names the value, and it is reported the same way.
 * Exit status: 0 all rows scored, 1 some row failed or had an impossible value, 2 usage or a
 * fatal problem (unreadable file, a header without the required columns).
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/cmd/cmdutil.h"
#include "app/csv.h"
#include "app/pool.h"
#include "app/zrow.h"
#include "core/age.h"
#include "core/growth.h"
#include "core/limits.h"
#include "core/text.h"

#define BLOCK (64 * 1024)        /* bytes of input per block (plus a partial record) */
#define MAX_RECORD (64u << 20)   /* a single record longer than this is refused */
#define MAX_THREADS 16
#define CSV_MAXPARTS 8           /* rows of one line joined by stray CRs that are split apart, at most */

/* Input columns (found by header name, any order). */
enum col {
	C_SEX, C_AGE_DAYS, C_AGE_MONTHS, C_BIRTH, C_DATE, C_WEIGHT, C_HEIGHT, C_POSITION, C_HEAD,
	C_MUAC, C_TRICEPS, C_SUBSCAP, C_OEDEMA, C_GA_WEEKS, C_GA_DAYS, C_NCOLS
};
static const char *const col_names[C_NCOLS] = {
	"sex", "age_days", "age_months", "birth_date", "date", "weight_kg", "height_cm", "position",
	"head_cm", "muac_cm", "triceps_mm", "subscap_mm", "oedema", "ga_weeks", "ga_days",
};

typedef struct job {
	const char *name;        /* input name for messages */
	int col[C_NCOLS];        /* field index of each known column, -1 when absent */
	size_t nhdr;             /* number of header fields */
	gv_options opt;
} job;

/* One block of input and its output. */
typedef struct slot {
	char *in;
	size_t len, cap;
	int last;                /* the final block: a record may end without a newline */
	gv_buf out;
	gv_buf err;              /* error messages, each "\x01<relative line>\x02<reason>\n" */
	long nlines;             /* physical lines in the block */
	long rows, failed, partial; /* partial: scored without an impossible value */
} slot;

/* The blocks in flight: slot i is task i of the worker pool (app/pool.h). */
typedef struct pool {
	slot *slots;
	int nslots;
	const job *job;
} pool;

/* ------------------------------------------------------------------ row scoring */

static int parse_sex(csv_field f, gv_sex *out)
{
	static const char *const male[] = {"1", "m", "male"}, *const female[] = {"2", "f", "female"};
	for (int i = 0; i < 3; i++) {
		if (csv_eq(f, male[i])) {
			*out = GV_MALE;
			return 1;
		}
		if (csv_eq(f, female[i])) {
			*out = GV_FEMALE;
			return 1;
		}
	}
	return 0;
}

/* Physical limits (core/limits.h, the importers' and the store's): a value beyond these is not a
 * child's measurement (a unit or typing error), so it is refused outright; values inside are
 * scored and flagged by the BIV cut-offs. */
static const struct {
	int col;
	lim_qty q;
} limits[] = {
	{C_WEIGHT, LIM_WEIGHT}, {C_HEIGHT, LIM_HEIGHT},   {C_HEAD, LIM_HEAD},
	{C_MUAC, LIM_MUAC},     {C_TRICEPS, LIM_TRICEPS}, {C_SUBSCAP, LIM_SUBSCAP},
};

/* "COL X is impossible (accepted: LO to HI UNIT)" into err; returns err. */
static const char *impossible(char *err, size_t errsz, int col, double x, lim_qty q)
{
	const lim_range *l = limits_of(q);
	snprintf(err, errsz, "%s %g is impossible (accepted: %g to %g %s)", col_names[col], x, l->lo, l->hi, l->unit);
	return err;
}

/* Field f escaped for a message (core/text.h: a NUL, an escape sequence or bytes that are not UTF-8
 * are shown as \xHH, never sent to the terminal), at most 40 bytes of it. */
static const char *quote(char *buf, size_t n, csv_field f)
{
	f = csv_trim(f);
	text_escape(buf, n, f.s, f.len, 40);
	return buf;
}

static int get_field(const job *jb, const csv_row *row, int c, csv_field *f)
{
	int i = jb->col[c];
	if (i < 0 || (size_t)i >= row->nf || i >= CSV_MAXFIELDS)
		return 0;
	*f = row->f[i];
	return !csv_empty(*f);
}

/* Number from column c: 1 set, 0 absent/empty, -1 error (message in err). */
static int get_num(const job *jb, const csv_row *row, int c, double *v, char *err, size_t errsz)
{
	csv_field f;
	if (!get_field(jb, row, c, &f))
		return 0;
	if (csv_num(f, v) != 1) {
		csv_field t = csv_trim(f);
		char q[200];
		snprintf(err, errsz, "%s '%s' is not a number", col_names[c], quote(q, sizeof q, t));
		return -1;
	}
	return 1;
}

/* Fill m from the row; returns NULL or the reason the row cannot be scored.  A measurement beyond
 * the physical limits is left out (NAN) and named in bad[0..badsz) ("" when none): the indicators
 * that use it stay empty, the others are scored. */
static const char *read_row(const job *jb, const csv_row *row, gv_measure *m, char *err, size_t errsz, char *bad,
			    size_t badsz)
{
	bad[0] = '\0';
	csv_field f;
	growth_measure_init(m);
	if (row->stray_quote) {
		char q[200];
		text_escape(q, sizeof q, row->raw, row->rawlen, 40);
		snprintf(err, errsz, "a quote opens a field and does not close on this line (a stray quote?): the row "
				     "is refused and reading goes on at the next line: '%s'", q);
		return err;
	}
	if (row->bad_quote) {
		char q[200];
		snprintf(err, errsz, "field %zu: unterminated quoted field, or text after its closing quote: '%s'",
			 row->bad_field + 1, quote(q, sizeof q, row->f[row->bad_field < CSV_MAXFIELDS ? row->bad_field : 0]));
		return err;
	}
	if (row->nf != jb->nhdr) {
		const char *cr = memchr(row->raw, '\r', row->rawlen);
		if (cr)
			snprintf(err, errsz, "has %zu fields, the header has %zu; the line holds a stray carriage return "
					     "(CR without LF) at byte %zu", row->nf, jb->nhdr, (size_t)(cr - row->raw) + 1);
		else
			snprintf(err, errsz, "has %zu fields, the header has %zu", row->nf, jb->nhdr);
		return err;
	}
	if (!get_field(jb, row, C_SEX, &f))
		return "missing sex";
	if (!parse_sex(f, &m->sex)) {
		f = csv_trim(f);
		char q[200];
		snprintf(err, errsz, "sex '%s' is not 1/2, M/F or male/female", quote(q, sizeof q, f));
		return err;
	}

	/* Age: age_days, else age_months, else birth_date + date (first one present in the row). */
	int r;
	if ((r = get_num(jb, row, C_AGE_DAYS, &m->age_days, err, errsz)) < 0)
		return err;
	if (r == 0) {
		m->age_days = NAN;
		if ((r = get_num(jb, row, C_AGE_MONTHS, &m->age_months, err, errsz)) < 0)
			return err;
		if (r == 0) {
			csv_field fb, fd;
			int hb = get_field(jb, row, C_BIRTH, &fb), hd = get_field(jb, row, C_DATE, &fd);
			if (!hb && !hd)
				return "missing age (age_days, age_months or birth_date and date)";
			if (!hb)
				return "missing birth_date";
			if (!hd)
				return "missing date";
			int32_t b, d;
			fb = csv_trim(fb);
			fd = csv_trim(fd);
			if (age_parse_date(fb.s, fb.len, &b) != GV_OK) {
				char q[200];
				snprintf(err, errsz, "birth_date '%s' is not an ISO 8601 date (YYYY-MM-DD)",
					 quote(q, sizeof q, fb));
				return err;
			}
			if (age_parse_date(fd.s, fd.len, &d) != GV_OK) {
				char q[200];
				snprintf(err, errsz, "date '%s' is not an ISO 8601 date (YYYY-MM-DD)", quote(q, sizeof q, fd));
				return err;
			}
			if (d < b)
				return "date is before birth_date";
			m->age_days = d - b;
		}
	}
	if ((!isnan(m->age_days) && !(m->age_days >= 0)) || (!isnan(m->age_months) && !(m->age_months >= 0)))
		return "negative age";
	if (!isnan(m->age_days) && !limits_ok(LIM_AGE_DAYS, m->age_days))
		return impossible(err, errsz, C_AGE_DAYS, m->age_days, LIM_AGE_DAYS);
	if (!isnan(m->age_months) && !limits_ok(LIM_AGE_DAYS, m->age_months * GV_DAYS_PER_MONTH)) {
		const lim_range *l = limits_of(LIM_AGE_DAYS);
		snprintf(err, errsz, "age_months %g is impossible (accepted: 0 to %g months)", m->age_months,
			 floor(l->hi / GV_DAYS_PER_MONTH));
		return err;
	}

	double *dst[] = {&m->weight_kg, &m->height_cm, &m->head_cm, &m->muac_cm, &m->triceps_mm, &m->subscap_mm};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		double v;
		if ((r = get_num(jb, row, limits[i].col, &v, err, errsz)) < 0)
			return err;
		if (r == 0)
			continue;
		if (!limits_ok(limits[i].q, v)) {
			const lim_range *l = limits_of(limits[i].q);
			size_t used = strlen(bad);
			snprintf(bad + used, badsz - used, "%s%s %g is impossible (accepted: %g to %g %s)", used ? "; " : "",
				 col_names[limits[i].col], v, l->lo, l->hi, l->unit);
			continue; /* only the indicators that use it are voided */
		}
		*dst[i] = v;
	}

	if (get_field(jb, row, C_POSITION, &f)) {
		if (csv_eq(f, "L") || csv_eq(f, "length") || csv_eq(f, "recumbent"))
			m->position = 'L';
		else if (csv_eq(f, "H") || csv_eq(f, "height") || csv_eq(f, "standing"))
			m->position = 'H';
		else {
			char q[200];
			snprintf(err, errsz, "position '%s' is not L (recumbent) or H (standing)", quote(q, sizeof q, f));
			return err;
		}
	}
	if (get_field(jb, row, C_OEDEMA, &f)) {
		/* y/n as in the issue; WHO anthro also codes 1 = yes, 2 = no. */
		if (csv_eq(f, "y") || csv_eq(f, "yes") || csv_eq(f, "1") || csv_eq(f, "true"))
			m->oedema = 1;
		else if (!(csv_eq(f, "n") || csv_eq(f, "no") || csv_eq(f, "2") || csv_eq(f, "0") || csv_eq(f, "false"))) {
			char q[200];
			snprintf(err, errsz, "oedema '%s' is not y or n", quote(q, sizeof q, f));
			return err;
		}
	}
	double ga, gd = 0;
	if ((r = get_num(jb, row, C_GA_WEEKS, &ga, err, errsz)) < 0)
		return err;
	int rd = get_num(jb, row, C_GA_DAYS, &gd, err, errsz);
	if (rd < 0)
		return err;
	if (r == 0 && rd == 1)
		return "ga_days without ga_weeks"; /* else the child would be scored as born at term */
	if (r == 1) {
		/* Fractional weeks (33.5) or whole weeks plus whole days, as import takes them. */
		if (rd == 1 && (ga != floor(ga) || gd != floor(gd) || gd < 0 || gd > 6))
			return "ga_days must be a whole number 0-6 with whole ga_weeks";
		if (!limits_ok(LIM_GA_WEEKS, floor(ga)))
			return impossible(err, errsz, C_GA_WEEKS, ga, LIM_GA_WEEKS);
		m->ga_weeks = ga + gd / 7.0;
	}
	return NULL;
}

/* Copy the input record to the output: its raw bytes when untouched, else re-quoted fields,
 * padded or cut to the header's field count so the computed columns line up. */
static void echo_row(gv_buf *out, const csv_row *row, size_t nhdr)
{
	if (!row->quoted && row->nf == nhdr) {
		buf_put(out, row->raw, row->rawlen);
		return;
	}
	size_t stored = row->nf < CSV_MAXFIELDS ? row->nf : CSV_MAXFIELDS;
	for (size_t i = 0; i < nhdr; i++) {
		if (i)
			buf_putc(out, ',');
		if (i < stored)
			csv_put(out, row->f[i].s, row->f[i].len);
	}
}

static void process_block(const job *jb, slot *s)
{
	char *p = s->in, *end = s->in + s->len;
	long line = 0; /* relative physical line of the record */
	csv_row *row = malloc(sizeof *row), *parts = malloc(CSV_MAXPARTS * sizeof *parts);
	if (!row || !parts) {
		free(row);
		free(parts);
		s->out.oom = 1;
		return;
	}
	s->out.len = s->err.len = 0;
	s->rows = s->failed = s->partial = 0;
	while (p < end) {
		long nl = 0;
		char *next = csv_parse(p, end, 1, row, &nl);
		if (!next)
			break;
		if (row->nf == 1 && row->f[0].len == 0) { /* blank line */
			line += nl;
			p = next;
			continue;
		}
		/* Rows of another tool joined by a bare CR: each scored as a row when each is whole. */
		size_t np = 1;
		const csv_row *rows = row;
		if (row->nf != jb->nhdr && !row->bad_quote && (np = csv_split_cr(row, parts, CSV_MAXPARTS)) > 1) {
			int whole = 1;
			for (size_t i = 0; i < np && whole; i++)
				whole = parts[i].nf == jb->nhdr;
			if (whole) {
				rows = parts;
				buf_printf(&s->err, "%ld\x03" "a stray carriage return (CR without LF) joins %zu rows on this line: "
						    "each is scored as a row\n", line, np);
			} else {
				np = 1;
			}
		}
		for (size_t i = 0; i < np; i++) {
			gv_measure m;
			gv_result r;
			char errbuf[512], bad[400];
			const char *err = read_row(jb, &rows[i], &m, errbuf, sizeof errbuf, bad, sizeof bad);
			if (!err && growth_compute(&m, &jb->opt, &r) != GV_OK)
				err = "cannot score this row (sex or age invalid)";
			echo_row(&s->out, &rows[i], jb->nhdr);
			zrow_values(&s->out, &m, err ? NULL : &r, err ? err : bad[0] ? bad : NULL);
			buf_putc(&s->out, '\n');
			if (err) {
				s->failed++;
				buf_printf(&s->err, "%ld\x02%s\n", line, err);
			} else if (bad[0]) {
				s->partial++;
				buf_printf(&s->err, "%ld\x02%s; the row is scored without it\n", line, bad);
			}
			s->rows++;
		}
		line += nl ? nl : 1;
		p = next;
	}
	s->nlines = line;
	free(row);
	free(parts);
}

/* ------------------------------------------------------------------ thread pool */

static void run_block(void *ctx, int i, void **scratch)
{
	pool *pl = ctx;
	(void)scratch;
	process_block(pl->job, &pl->slots[i]);
}

/* ------------------------------------------------------------------ I/O */

/* Room for n more bytes in s->in; 0 when out of memory. */
static int ensure_room(slot *s, size_t n)
{
	if (s->len + n + 1 <= s->cap)
		return 1;
	size_t cap = s->cap ? s->cap : BLOCK + 1;
	while (cap < s->len + n + 1)
		cap *= 2;
	char *p = realloc(s->in, cap);
	if (!p)
		return 0;
	s->in = p;
	s->cap = cap;
	return 1;
}

/* Read up to want bytes appended to s->in. Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t read_some(int fd, slot *s, size_t want)
{
	if (!ensure_room(s, want)) {
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, s->in + s->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			s->len += (size_t)n;
		return n;
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview zscore [--ref auto|who|cdc] [--threads N] [--no-correction] [FILE]\n"
		   "  Reads a CSV of measurements (FILE or standard input) and writes it with z-scores,\n"
		   "  percentiles and implausible-value flags appended. See man growthview.\n"
		   "  --ref chooses the term references (auto: WHO 2006 < 24 months, then CDC 2000;\n"
		   "  who: WHO 2006 then WHO 2007 from 61 months; cdc: CDC 2000 from birth). A child born\n"
		   "  before 37+0 weeks (ga_weeks, ga_days) is scored first on INTERGROWTH-21st: Newborn\n"
		   "  Size on the day of birth, preterm postnatal growth at 27-64 weeks postmenstrual age,\n"
		   "  then the --ref reference by corrected age (--no-correction: term references only).\n"
		   "  The z_ig_* columns hold INTERGROWTH-21st wherever it covers the visit.\n");
}

/* Header: map the known columns; fatal problems return a message. */
static const char *read_header(job *jb, csv_row *hdr, char *err, size_t errsz)
{
	for (int c = 0; c < C_NCOLS; c++)
		jb->col[c] = -1;
	jb->nhdr = hdr->nf;
	if (hdr->nf > CSV_MAXFIELDS) {
		snprintf(err, errsz, "the header has %zu columns; at most %d are supported", hdr->nf, CSV_MAXFIELDS);
		return err;
	}
	for (size_t i = 0; i < hdr->nf; i++) {
		for (int c = 0; c < C_NCOLS; c++) {
			if (!csv_eq(hdr->f[i], col_names[c]))
				continue;
			if (jb->col[c] >= 0) {
				snprintf(err, errsz, "column %s appears twice (columns %d and %zu)", col_names[c],
					 jb->col[c] + 1, i + 1);
				return err;
			}
			jb->col[c] = (int)i;
		}
	}
	const char *missing = NULL;
	if (jb->col[C_SEX] < 0)
		missing = "the header has no sex column";
	else if (jb->col[C_AGE_DAYS] < 0 && jb->col[C_AGE_MONTHS] < 0 && (jb->col[C_BIRTH] < 0 || jb->col[C_DATE] < 0))
		missing = "the header has no age: give age_days, age_months, or birth_date and date";
	if (!missing)
		return NULL;
	/* Why, when the file is not what it seems (UTF-16, semicolons, ...). */
	const char *hint = csv_header_hint(hdr);
	snprintf(err, errsz, "%s%s%s", missing, hint ? ": " : "", hint ? hint : "");
	return err;
}

/* A thread count: a whole number from 1 (more than MAX_THREADS runs MAX_THREADS).  0 and *n set,
 * or -1 for anything else ("abc", "0", "-1", "2x"). */
static int parse_threads(const char *s, int *n)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1)
		return -1;
	*n = v > MAX_THREADS ? MAX_THREADS : (int)v;
	return 0;
}

/* GROWTHVIEW_THREADS, else the number of processors (at most MAX_THREADS); -1 (reported) when
 * the variable is not a valid count. */
static int default_threads(void)
{
	const char *e = getenv("GROWTHVIEW_THREADS");
	int n;
	if (e && *e) {
		if (parse_threads(e, &n) == 0)
			return n;
		fprintf(stderr, "growthview zscore: GROWTHVIEW_THREADS must be a whole number of at least 1 (got '%s')\n",
			e);
		return -1;
	}
	long k = sysconf(_SC_NPROCESSORS_ONLN);
	return k < 1 ? 1 : k > MAX_THREADS ? MAX_THREADS : (int)k;
}

/* The state of one run, shared by the phases of cmd_zscore. */
typedef struct zrun {
	job *jb;
	int fd;
	int eof;
	long line; /* physical line of the next record */
	char *carry; /* the partial last record of the block read last */
	size_t ncarry;
	int status;
	long total_rows, failed_rows, partial_rows;
} zrun;

/* The command line: -1 to go on, else the exit status (messages written). */
static int parse_args(int argc, char **argv, job *jb, int *nthreads, const char **path)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--ref") == 0 || strncmp(a, "--ref=", 6) == 0) {
			const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : "");
			if (!cmd_parse_ref(v, &jb->opt.policy)) {
				fprintf(stderr, "growthview zscore: --ref must be auto, who or cdc (got '%s')\n", v);
				return 2;
			}
		} else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
			if (parse_threads(argv[++i], nthreads) != 0) {
				fprintf(stderr, "growthview zscore: --threads must be a whole number of at least 1 (got '%s')\n",
					argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--no-correction") == 0) {
			jb->opt.correct_until_months = 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "growthview zscore: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (*path) {
			fprintf(stderr, "growthview zscore: one input file at a time ('%s' and '%s')\n", *path, a);
			return 2;
		} else {
			*path = a;
		}
	}
	return -1;
}

/* Header: read until the first record is complete; its end in *body.  0, or 2 (reported). */
static int read_first_record(zrun *z, slot *s0, csv_row *hdr, char **body, long *hdr_lines)
{
	int bom_checked = 0;
	for (;;) {
		*body = NULL;
		if (!bom_checked && (s0->len >= 3 || z->eof)) {
			/* Skip a UTF-8 byte order mark before parsing, so a quoted first name is still
			 * a quoted field (as csv_next does for import). */
			bom_checked = 1;
			if (s0->len >= 3 && memcmp(s0->in, "\xEF\xBB\xBF", 3) == 0) {
				memmove(s0->in, s0->in + 3, s0->len - 3);
				s0->len -= 3;
			}
		}
		if (s0->len && bom_checked)
			*body = csv_parse(s0->in, s0->in + s0->len, z->eof, hdr, hdr_lines);
		if (*body || z->eof)
			break;
		ssize_t n = read_some(z->fd, s0, BLOCK);
		if (n < 0) {
			fprintf(stderr, "growthview zscore: %s: %s\n", z->jb->name, strerror(errno));
			return 2;
		}
		z->eof = n == 0;
		if (s0->len > MAX_RECORD) {
			fprintf(stderr, "growthview zscore: %s:1: the header line is too long\n", z->jb->name);
			return 2;
		}
	}
	if (!*body) {
		fprintf(stderr, "growthview zscore: %s: empty input (no header line)\n", z->jb->name);
		return 2;
	}
	return 0;
}

/* The header checked and echoed with the computed columns; the rest of the first read becomes
 * the carry for the first block.  0, or 2 (reported). */
static int start_output(zrun *z, slot *s0, csv_row *hdr, char *body, long hdr_lines, gv_buf *hout)
{
	job *jb = z->jb;
	{
		char err[512];
		const char *msg = csv_header_problem(hdr);
		if (!msg)
			msg = read_header(jb, hdr, err, sizeof err);
		if (msg) {
			fprintf(stderr, "growthview zscore: %s:1: %s\n", jb->name, msg);
			return 2;
		}
	}
	echo_row(hout, hdr, jb->nhdr);
	zrow_header(hout);
	buf_putc(hout, '\n');
	/* cmd_write_fd: the input's bytes as they are, but never raw to a terminal. */
	if (!buf_ok(hout) || cmd_write_fd(1, hout->p, hout->len) < 0) {
		fprintf(stderr, "growthview zscore: cannot write output: %s\n", strerror(errno));
		return 2;
	}
	z->line += hdr_lines ? hdr_lines : 1;
	/* The rest of the first read becomes the carry for the first block. */
	z->ncarry = s0->len - (size_t)(body - s0->in);
	z->carry = malloc(z->ncarry + 1);
	if (!z->carry) {
		fprintf(stderr, "growthview zscore: out of memory\n");
		return 2;
	}
	memcpy(z->carry, body, z->ncarry);
	s0->len = 0;
	return 0;
}

/* Fill one block: the carry, then reads up to a record's end past BLOCK bytes; the partial last
 * record becomes the next carry.  A read error sets the status and ends the input.  0, or -1 when
 * out of memory (status set, reported): stop. */
static int fill_block(zrun *z, slot *s)
{
	s->len = 0;
	if (z->ncarry) {
		if (!ensure_room(s, z->ncarry)) {
			fprintf(stderr, "growthview zscore: out of memory\n");
			z->status = 2;
			return -1;
		}
		memcpy(s->in, z->carry, z->ncarry);
		s->len = z->ncarry;
		z->ncarry = 0;
	}
	const char *cut = NULL;
	s->last = 0;
	while (!z->eof) {
		ssize_t n = read_some(z->fd, s, BLOCK);
		if (n < 0) {
			fprintf(stderr, "growthview zscore: %s: read error: %s\n", z->jb->name, strerror(errno));
			z->status = 2;
			z->eof = 1;
			break;
		}
		if (n == 0) {
			z->eof = 1;
			break;
		}
		if (s->len >= BLOCK && (cut = csv_last_end(s->in, s->in + s->len)) != NULL)
			break;
		if (s->len > MAX_RECORD) {
			fprintf(stderr, "growthview zscore: %s: a record is longer than %u MiB (unclosed quote?)\n",
				z->jb->name, MAX_RECORD >> 20);
			z->status = 2;
			z->eof = 1;
			s->len = 0;
			break;
		}
	}
	if (z->eof) {
		s->last = 1;
	} else {
		/* Keep the partial last record for the next block. */
		size_t keep = s->len - (size_t)(cut - s->in);
		char *p = realloc(z->carry, keep + 1);
		if (!p) {
			fprintf(stderr, "growthview zscore: out of memory\n");
			z->status = 2;
			return -1;
		}
		z->carry = p;
		memcpy(z->carry, cut, keep);
		z->ncarry = keep;
		s->len -= keep;
	}
	return 0;
}

/* Write a scored block: its messages with absolute line numbers to stderr, its rows to stdout.
 * 0, or -1 (status set, reported): stop. */
static int write_block(zrun *z, slot *w)
{
	if (!buf_ok(&w->out) || !buf_ok(&w->err)) {
		fprintf(stderr, "growthview zscore: out of memory\n");
		z->status = 2;
		return -1;
	}
	/* Errors ("LINE\x02reason") and notes ("LINE\x03note"), with absolute line numbers. */
	for (char *e = w->err.p, *ee = w->err.p ? w->err.p + w->err.len : NULL; e && e < ee;) {
		char *sep = e;
		while (sep < ee && *sep != '\x02' && *sep != '\x03')
			sep++;
		char *nl = memchr(e, '\n', (size_t)(ee - e));
		if (sep >= ee || !nl)
			break;
		fprintf(stderr, "growthview zscore: %s:%ld: %s%.*s\n", z->jb->name, z->line + strtol(e, NULL, 10),
			*sep == '\x03' ? "note: " : "", (int)(nl - sep - 1), sep + 1);
		e = nl + 1;
	}
	if (cmd_write_fd(1, w->out.p, w->out.len) < 0) {
		fprintf(stderr, "growthview zscore: cannot write output: %s\n", strerror(errno));
		z->status = 2;
		return -1;
	}
	z->line += w->nlines;
	z->total_rows += w->rows;
	z->failed_rows += w->failed;
	z->partial_rows += w->partial;
	return 0;
}

/* The body: blocks read, scored by the workers and written in order. */
static void run_blocks(zrun *z, pool *pl, gv_pool *workers)
{
	int next_fill = 0, next_write = 0, inflight = 0;
	int reading = 1;
	while (reading || inflight) {
		/* Fill and queue blocks while there are free slots. */
		while (reading && inflight < pl->nslots) {
			slot *s = &pl->slots[next_fill];
			if (fill_block(z, s) != 0)
				return;
			if (z->eof)
				reading = 0;
			pool_submit(workers, next_fill);
			inflight++;
			next_fill = (next_fill + 1) % pl->nslots;
		}
		if (!inflight)
			break;
		/* Write the oldest block when it is done. */
		slot *w = &pl->slots[next_write];
		pool_wait(workers, next_write);
		if (write_block(z, w) != 0)
			return;
		inflight--;
		next_write = (next_write + 1) % pl->nslots;
	}
}

int cmd_zscore(int argc, char **argv)
{
	job jb;
	growth_default_options(&jb.opt);
	int nthreads = 0; /* --threads, else default_threads() */
	const char *path = NULL;
	int rc = parse_args(argc, argv, &jb, &nthreads, &path);
	if (rc >= 0)
		return rc;
	if (nthreads == 0 && (nthreads = default_threads()) < 1)
		return 2; /* GROWTHVIEW_THREADS: reported */

	zrun z;
	memset(&z, 0, sizeof z);
	z.jb = &jb;
	z.line = 1;
	char *shown = NULL; /* the file's name as messages show it (cmd_clean) */
	jb.name = "stdin";
	if (path && strcmp(path, "-") != 0) {
		if (!(shown = cmd_clean(path))) {
			fprintf(stderr, "growthview zscore: out of memory\n");
			return 2;
		}
		z.fd = open(path, O_RDONLY);
		if (z.fd < 0) {
			fprintf(stderr, "growthview zscore: %s: %s\n", shown, strerror(errno));
			free(shown);
			return 2;
		}
		jb.name = shown;
	}

	pool pl;
	memset(&pl, 0, sizeof pl);
	pl.nslots = nthreads > 1 ? 2 * nthreads + 2 : 1;
	pl.slots = calloc((size_t)pl.nslots, sizeof *pl.slots);
	pl.job = &jb;
	gv_pool *workers = NULL;
	csv_row *hdr = malloc(sizeof *hdr);
	gv_buf hout = GV_BUF_INIT;
	if (!pl.slots || !hdr) {
		fprintf(stderr, "growthview zscore: out of memory\n");
		z.status = 2;
		goto out;
	}

	slot *s0 = &pl.slots[0];
	char *body;
	long hdr_lines = 1;
	if ((z.status = read_first_record(&z, s0, hdr, &body, &hdr_lines)) != 0 ||
	    (z.status = start_output(&z, s0, hdr, body, hdr_lines, &hout)) != 0)
		goto out;

	/* no threads (one core, or none could be started): each block is scored in pool_submit */
	workers = pool_new(nthreads > 1 ? nthreads : 0, pl.nslots, run_block, &pl, NULL);
	if (!workers) {
		fprintf(stderr, "growthview zscore: out of memory\n");
		z.status = 2;
		goto out;
	}
	run_blocks(&z, &pl, workers);

	pool_free(workers); /* waits for the blocks in flight */
	workers = NULL;
	if (z.status == 0 && z.failed_rows) {
		fprintf(stderr, "growthview zscore: %s: %ld of %ld rows could not be scored\n", jb.name,
			z.failed_rows, z.total_rows);
		z.status = 1;
	}
	if (z.status <= 1 && z.partial_rows) {
		fprintf(stderr, "growthview zscore: %s: %ld of %ld rows had an impossible value, scored without it\n",
			jb.name, z.partial_rows, z.total_rows);
		z.status = 1;
	}
out:
	if (pl.slots)
		for (int i = 0; i < pl.nslots; i++) {
			free(pl.slots[i].in);
			buf_free(&pl.slots[i].out);
			buf_free(&pl.slots[i].err);
		}
	pool_free(workers);
	free(pl.slots);
	free(hdr);
	free(z.carry);
	buf_free(&hout);
	if (z.fd > 0)
		close(z.fd);
	free(shown);
	return z.status;
}
