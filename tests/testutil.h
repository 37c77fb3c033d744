/* testutil.h — small helpers shared by the cmocka suites (header-only, static functions).
 *
 * tu_csv: a reader for the plain reference and oracle CSVs (no quoting; they have none), with
 * columns found by header name.  tu_shared(): path of ../shared (GV_SHARED, set by make check);
 * tu_need_shared(): skip a test whose shared data is not there. */
#ifndef GV_TESTUTIL_H
#define GV_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include <cmocka.h>

#define TU_MAXCOLS 64

typedef struct tu_csv {
	FILE *f;
	char line[8192];
	char hline[8192];
	char *hdr[TU_MAXCOLS];
	int nhdr;
	char *fld[TU_MAXCOLS];
	int nfld;
	long lineno;
	char path[1024];
} tu_csv;

static inline int tu_split(char *line, char **f)
{
	int n = 0;
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	char *p = line;
	for (;;) {
		if (n == TU_MAXCOLS)
			break;
		f[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

/* Directory of the shared data (../shared); GV_SHARED overrides. */
static inline const char *tu_shared(void)
{
	const char *s = getenv("GV_SHARED");
	return s && *s ? s : "../shared";
}

/* 1 when tu_shared()/rel exists.  Otherwise the test cannot run where the repository was cloned
 * alone: it says so on stdout ("SKIP ..."), appends a line to the file $GV_SKIPS (make test counts
 * them: "3 skipped: ../shared not found") and returns 0 — unless GV_REQUIRE_SHARED=1 (CI, where
 * ../shared is present), which makes a missing file a failure. */
static inline int tu_shared_present_(const char *rel, const char *file, const char *func)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", tu_shared(), rel);
	if (access(p, R_OK) == 0)
		return 1;
	const char *req = getenv("GV_REQUIRE_SHARED");
	if (req && strcmp(req, "1") == 0)
		fail_msg("%s is missing, and GV_REQUIRE_SHARED=1 says the shared data must be there", p);
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	size_t blen = strcspn(base, ".");
	printf("SKIP %.*s: %s needs %s: ../shared not found\n", (int)blen, base, func, p);
	const char *log = getenv("GV_SKIPS");
	FILE *f = log && *log ? fopen(log, "a") : NULL;
	if (f) {
		fprintf(f, "%.*s: %s (%s)\n", (int)blen, base, func, rel);
		fclose(f);
	}
	return 0;
}

/* Skip the calling test (cmocka skip()) when the shared data file or directory rel is missing;
 * see tu_shared_present_. */
#define tu_need_shared(rel)                                                                        \
	do {                                                                                       \
		if (!tu_shared_present_((rel), __FILE__, __func__))                                \
			skip();                                                                    \
	} while (0)

/* Open path (printf-style); fails the test with a clear message when the file is missing. */
static inline tu_csv *tu_csv_open(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline tu_csv *tu_csv_open(const char *fmt, ...)
{
	tu_csv *c = calloc(1, sizeof *c);
	assert_non_null(c);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->path, sizeof c->path, fmt, ap);
	va_end(ap);
	c->f = fopen(c->path, "r");
	if (!c->f)
		fail_msg("cannot open %s (set GV_SHARED to the shared/ directory?)", c->path);
	if (!fgets(c->hline, sizeof c->hline, c->f))
		fail_msg("%s: empty", c->path);
	c->nhdr = tu_split(c->hline, c->hdr);
	c->lineno = 1;
	return c;
}

static inline int tu_csv_col(tu_csv *c, const char *name)
{
	for (int i = 0; i < c->nhdr; i++)
		if (strcmp(c->hdr[i], name) == 0)
			return i;
	fail_msg("%s: no column %s", c->path, name);
	return -1;
}

/* Next row; 0 at end of file. */
static inline int tu_csv_next(tu_csv *c)
{
	if (!fgets(c->line, sizeof c->line, c->f))
		return 0;
	c->lineno++;
	c->nfld = tu_split(c->line, c->fld);
	return 1;
}

/* Field i as a number; NAN when empty. */
static inline double tu_num(tu_csv *c, int i)
{
	if (i >= c->nfld || c->fld[i][0] == '\0')
		return NAN;
	return strtod(c->fld[i], NULL);
}

static inline void tu_csv_close(tu_csv *c)
{
	if (c) {
		fclose(c->f);
		free(c);
	}
}

/* assert |a - b| <= tol with a message naming the context. */
#define tu_near(a, b, tol, ...)                                                                   \
	do {                                                                                      \
		double tu_a_ = (a), tu_b_ = (b);                                                  \
		if (!(fabs(tu_a_ - tu_b_) <= (tol))) {                                            \
			print_error(__VA_ARGS__);                                                 \
			fail_msg(" got %.12g, want %.12g (diff %.3g > %.3g)", tu_a_, tu_b_,       \
				 fabs(tu_a_ - tu_b_), (double)(tol));                             \
		}                                                                                 \
	} while (0)

#endif
