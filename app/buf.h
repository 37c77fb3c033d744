/* buf.h — a growable byte buffer for building output lines (CSV, JSON, screens).
 *
 * The buffer owns its memory (buf_free).  Appends never fail silently: on allocation failure the
 * buffer is marked (b->oom) and further appends are ignored; callers check buf_ok() once at the
 * end of a unit of work and report "out of memory" there. */
#ifndef GV_BUF_H
#define GV_BUF_H

#include <stddef.h>

typedef struct gv_buf {
	char *p;
	size_t len, cap;
	int oom;
} gv_buf;

#define GV_BUF_INIT {NULL, 0, 0, 0}

/* Make room for n more bytes; returns 0 (and sets oom) when memory runs out. */
int buf_reserve(gv_buf *b, size_t n);
void buf_put(gv_buf *b, const char *s, size_t n);
void buf_puts(gv_buf *b, const char *s);
void buf_putc_slow(gv_buf *b, char c);
static inline void buf_putc(gv_buf *b, char c)
{
	if (b->len < b->cap)
		b->p[b->len++] = c;
	else
		buf_putc_slow(b, c);
}
/* printf-style append. */
void buf_printf(gv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A number with exactly `decimals` digits after the point (0-9), rounded half away from zero;
 * NaN and infinities append nothing (an empty CSV cell).  Much faster than printf. */
void buf_fixed(gv_buf *b, double v, int decimals);
/* A non-negative or negative integer. */
void buf_int(gv_buf *b, long long v);
/* 1 when no allocation has failed. */
int buf_ok(const gv_buf *b);
void buf_free(gv_buf *b);

#endif
