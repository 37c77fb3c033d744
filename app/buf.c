/* buf.c — growable byte buffer (see buf.h). */
#include "app/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(gv_buf *b, size_t n)
{
	if (b->oom)
		return 0;
	if (b->len + n <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return 0;
	}
	b->p = p;
	b->cap = cap;
	return 1;
}

void buf_put(gv_buf *b, const char *s, size_t n)
{
	if (n && buf_reserve(b, n)) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
}

void buf_puts(gv_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc_slow(gv_buf *b, char c)
{
	if (buf_reserve(b, 1))
		b->p[b->len++] = c;
}

void buf_printf(gv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_put(b, small, (size_t)n);
		return;
	}
	if (!buf_reserve(b, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static const uint64_t pow10u[] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
				  10000000ULL, 100000000ULL, 1000000000ULL};

static size_t utoa(uint64_t u, char *out)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Write u (< 10^d) as exactly d digits. */
static void put_digits(char *o, uint64_t u, int d)
{
	while (d >= 2) {
		memcpy(o + d - 2, digits2 + 2 * (u % 100), 2);
		u /= 100;
		d -= 2;
	}
	if (d)
		o[0] = (char)('0' + u % 10);
}

void buf_fixed(gv_buf *b, double v, int d)
{
	if (!isfinite(v))
		return;
	if (d < 0)
		d = 0;
	if (d > 9)
		d = 9;
	double x = fabs(v) * (double)pow10u[d];
	if (!(x < 9.0e18)) {
		buf_printf(b, "%.*f", d, v);
		return;
	}
	uint64_t u = (uint64_t)(x + 0.5);
	if (!buf_reserve(b, 48))
		return;
	char *o = b->p + b->len;
	size_t n = 0;
	if (v < 0 && u != 0)
		o[n++] = '-';
	uint64_t ip, fp;
	if (d == 6) { /* the common case: constant divisors compile to multiplications */
		ip = u / 1000000;
		fp = u - ip * 1000000;
	} else {
		ip = u / pow10u[d];
		fp = u - ip * pow10u[d];
	}
	if (ip < 10) {
		o[n++] = (char)('0' + ip);
	} else if (ip < 100) {
		memcpy(o + n, digits2 + 2 * ip, 2);
		n += 2;
	} else {
		n += utoa(ip, o + n);
	}
	if (d == 6) {
		/* Three two-digit pairs; constant divisors again. */
		uint32_t f = (uint32_t)fp, hi = f / 10000, mid = (f / 100) % 100, lo = f % 100;
		o[n++] = '.';
		memcpy(o + n, digits2 + 2 * hi, 2);
		memcpy(o + n + 2, digits2 + 2 * mid, 2);
		memcpy(o + n + 4, digits2 + 2 * lo, 2);
		n += 6;
	} else if (d) {
		o[n++] = '.';
		put_digits(o + n, fp, d);
		n += (size_t)d;
	}
	b->len += n;
}

void buf_int(gv_buf *b, long long v)
{
	if (!buf_reserve(b, 24))
		return;
	char *o = b->p + b->len;
	size_t n = 0;
	uint64_t u = (uint64_t)v;
	if (v < 0) {
		o[n++] = '-';
		u = (uint64_t)0 - u;
	}
	n += utoa(u, o + n);
	b->len += n;
}

int buf_ok(const gv_buf *b)
{
	return !b->oom;
}

void buf_free(gv_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
