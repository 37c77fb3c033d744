/* ratings_copy.c — `growthview rating-copy`: a pseudonymous database for an offline annotator
 * (see ratings_db.h), and the text scrubbing and summary pseudonyms it uses. */
#include "app/ratings_db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/sha256.h"
#include "core/age.h"

void ratings_summary_alias(const unsigned char key[32], const char *sid, char out[27])
{
	static const char pre[] = "rating-copy:";
	size_t pl = sizeof pre - 1, sl = strlen(sid);
	char msg[16 + STORE_SUMMARY_ID_MAX + 1];
	if (sl > STORE_SUMMARY_ID_MAX)
		sl = STORE_SUMMARY_ID_MAX;
	memcpy(msg, pre, pl);
	memcpy(msg + pl, sid, sl);
	unsigned char mac[32];
	sha256_hmac(key, 32, msg, pl + sl, mac);
	out[0] = 'c';
	out[1] = '-';
	for (int i = 0; i < 12; i++)
		snprintf(out + 2 + 2 * i, 3, "%02x", mac[i]);
}

/* ------------------------------------------------------------------ scrubbing a text */

/* A byte that continues a word: ASCII letters and digits, '_', and every byte of a UTF-8
 * multi-byte character (so "José" is one word). */
static int wordch(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

typedef struct needle {
	const char *p;
	size_t n;
	const char *to;
} needle;

/* Does s[i..) start with the needle (ASCII case-insensitive) as a whole word? */
static int word_at(const char *s, size_t n, size_t i, const needle *nd)
{
	if (i + nd->n > n)
		return 0;
	if (i > 0 && wordch((unsigned char)s[i - 1]))
		return 0;
	for (size_t k = 0; k < nd->n; k++)
		if (lower((unsigned char)s[i + k]) != lower((unsigned char)nd->p[k]))
			return 0;
	return i + nd->n == n || !wordch((unsigned char)s[i + nd->n]);
}

static int by_length_desc(const void *a, const void *b)
{
	const needle *x = a, *y = b;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

char *ratings_scrub_text(const char *s, size_t n, const char *name, const char *ext_id, const char *pseudo,
			 int32_t shift, size_t *outn)
{
	/* The needles: the whole name, each part of it (split at spaces, hyphens, apostrophes and
	 * dots) of 2 bytes or more, the external id; longest first, so that "Ana Lee" is replaced
	 * whole before "Ana". */
	needle nd[34];
	size_t nn = 0;
	if (name && *name) {
		size_t L = strlen(name);
		nd[nn++] = (needle){name, L, "the child"};
		size_t i = 0;
		while (i < L && nn < 32) {
			while (i < L && strchr(" -'.,\t", name[i]))
				i++;
			size_t j = i;
			while (j < L && !strchr(" -'.,\t", name[j]))
				j++;
			if (j - i >= 2 && j - i < L)
				nd[nn++] = (needle){name + i, j - i, "the child"};
			i = j;
		}
	}
	if (ext_id && strlen(ext_id) >= 2)
		nd[nn++] = (needle){ext_id, strlen(ext_id), pseudo ? pseudo : "child"};
	qsort(nd, nn, sizeof nd[0], by_length_desc);
	gv_buf b = GV_BUF_INIT;
	buf_reserve(&b, n + 16);
	size_t run = 0, i = 0;
	while (i < n) {
		size_t k = 0;
		for (; k < nn; k++)
			if (word_at(s, n, i, &nd[k]))
				break;
		if (k < nn) {
			buf_put(&b, s + run, i - run);
			buf_puts(&b, nd[k].to);
			i += nd[k].n;
			run = i;
			continue;
		}
		int32_t d;
		if (digit(s[i]) && (i == 0 || !digit(s[i - 1])) && i + 10 <= n && s[i + 4] == '-' && s[i + 7] == '-' &&
		    (i + 10 == n || !digit(s[i + 10])) && age_parse_date(s + i, 10, &d) == GV_OK) {
			char day[16];
			age_format_date(d + shift, day);
			buf_put(&b, s + run, i - run);
			buf_puts(&b, day);
			i += 10;
			run = i;
			continue;
		}
		i++;
	}
	buf_put(&b, s + run, n - run);
	buf_putc(&b, '\0');
	if (!buf_ok(&b)) {
		buf_free(&b);
		return NULL;
	}
	*outn = b.len - 1;
	return b.p;
}
