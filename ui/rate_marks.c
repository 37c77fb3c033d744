/* rate_marks.c — claim verdicts marked in a summary's text (rate_marks.h). */
#include "ui/rate_marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ui/fmt.h"

void rate_marks_init(rate_marks *m)
{
	memset(m, 0, sizeof *m);
}

void rate_marks_free(rate_marks *m)
{
	free(m->text);
	free(m->at);
	free(m->mlen);
	rate_marks_init(m);
}

const char *rate_marks_glyph(int verdict, int utf8)
{
	switch (verdict) {
	case 1:
		return utf8 ? "\xe2\x9c\x93" : "+";
	case 2:
		return utf8 ? "\xe2\x9c\x97" : "x";
	default:
		return "?";
	}
}

int rate_marks_cols(const rate_marks *m, size_t i)
{
	if (i >= m->n)
		return 0;
	char b[32];
	size_t l = m->mlen[i] < sizeof b - 1 ? m->mlen[i] : sizeof b - 1;
	memcpy(b, m->text + m->at[i], l);
	b[l] = '\0';
	return fmt_width(b);
}

/* Append the cleaned raw[a..b) to m->text (capacity *cap). */
static int put_clean(rate_marks *m, size_t *cap, const char *raw, size_t a, size_t b, unsigned fl)
{
	size_t need = text_clean(NULL, 0, raw + a, b - a, fl);
	if (m->len + need + 1 > *cap) {
		size_t nc = (m->len + need + 1) * 2 + 64;
		char *t = realloc(m->text, nc);
		if (!t)
			return -1;
		m->text = t;
		*cap = nc;
	}
	text_clean(m->text + m->len, *cap - m->len, raw + a, b - a, fl);
	m->len += need;
	return 0;
}

int rate_marks_make(rate_marks *m, const char *raw, size_t len, const rate_mark_claim *c, size_t n, int utf8)
{
	rate_marks_free(m);
	unsigned fl = TEXT_KEEP_NEWLINE | (utf8 ? 0u : (unsigned)TEXT_ASCII);
	size_t cap = 0, *ord = NULL;
	if (n) {
		m->at = calloc(n, sizeof *m->at);
		m->mlen = calloc(n, sizeof *m->mlen);
		ord = malloc(n * sizeof *ord);
		if (!m->at || !m->mlen || !ord)
			goto fail;
	}
	/* the insertion order: by end, then by number (stable for equal ends) */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		size_t e = c[i].end < len ? c[i].end : len;
		while (j > 0) {
			size_t pe = c[ord[j - 1]].end < len ? c[ord[j - 1]].end : len;
			if (pe <= e)
				break;
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = i;
	}
	size_t from = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = ord[k];
		size_t e = c[i].end < len ? c[i].end : len;
		/* never split a UTF-8 sequence */
		while (e < len && ((unsigned char)raw[e] & 0xc0) == 0x80)
			e++;
		if (e < from)
			e = from;
		if (put_clean(m, &cap, raw, from, e, fl) < 0)
			goto fail;
		from = e;
		char mk[48];
		int ml = snprintf(mk, sizeof mk, "[%zu%s]", i + 1, rate_marks_glyph(c[i].verdict, utf8));
		if (m->len + (size_t)ml + 1 > cap) {
			size_t nc = (m->len + (size_t)ml + 1) * 2 + 64;
			char *t = realloc(m->text, nc);
			if (!t)
				goto fail;
			m->text = t;
			cap = nc;
		}
		memcpy(m->text + m->len, mk, (size_t)ml + 1);
		m->at[i] = m->len;
		m->mlen[i] = (size_t)ml;
		m->len += (size_t)ml;
	}
	if (put_clean(m, &cap, raw, from, len, fl) < 0)
		goto fail;
	m->n = n;
	free(ord);
	return 0;
fail:
	free(ord);
	rate_marks_free(m);
	return -1;
}
