/* lines.c — a bounded line reader (see lines.h). */
#include "app/lines.h"

#include <errno.h>
#include <stdlib.h>

int lines_next(lines *l, size_t *len, int *toolong)
{
	size_t n = 0;
	int c, any = 0;
	*toolong = 0;
	while ((c = getc(l->f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (n >= l->max) {
			*toolong = 1;
			continue;
		}
		if (n + 1 >= l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 4096;
			char *b = realloc(l->buf, cap);
			if (!b) {
				errno = ENOMEM;
				return -1;
			}
			l->buf = b;
			l->cap = cap;
		}
		l->buf[n++] = (char)c;
	}
	if (ferror(l->f))
		return -1;
	if (!any)
		return 0;
	if (!l->buf) {
		l->buf = malloc(1);
		if (!l->buf) {
			errno = ENOMEM;
			return -1;
		}
		l->cap = 1;
	}
	l->buf[n] = '\0';
	*len = n;
	l->no++;
	return 1;
}

int lines_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}
