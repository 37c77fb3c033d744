/* lines.h — reading a text file line by line in bounded memory (the JSON Lines importers:
 * import-summaries, import-ratings).
 *
 * A line longer than the reader's maximum is reported as too long and its bytes are skipped, not
 * held: memory is the longest line accepted. */
#ifndef GV_LINES_H
#define GV_LINES_H

#include <stddef.h>
#include <stdio.h>

typedef struct lines {
	FILE *f;
	size_t max;  /* longest line kept, in bytes */
	char *buf;   /* the last line, NUL-terminated (malloc'd: free it when done) */
	size_t cap;
	long no;     /* number of the last line read (1-based) */
} lines;

/* The next line (without its '\n') into l->buf, its length in *len, *toolong 1 when it had more
 * than l->max bytes (then l->buf holds its first l->max): 1; 0 at the end; -1 on a read error or
 * out of memory (errno). */
int lines_next(lines *l, size_t *len, int *toolong);

/* 1 when s[0..n) is only spaces, tabs and CRs. */
int lines_blank(const char *s, size_t n);

#endif
