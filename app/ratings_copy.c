/* ratings_copy.c — `growthview rating-copy`: a pseudonymous database for an offline annotator
 * (see ratings_db.h), and the text scrubbing and summary pseudonyms it uses. */
#include "app/ratings_db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/sha256.h"
#include "core/age.h"
#include "core/text.h"

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
		/* Words (split at spaces: "Lee-Park"), then their pieces ("Lee", "Park"). */
		static const char *const seps[2] = {" ,\t", " -'.,\t"};
		for (int pass = 0; pass < 2; pass++) {
			size_t i = 0;
			while (i < L && nn < 32) {
				while (i < L && strchr(seps[pass], name[i]))
					i++;
				size_t j = i;
				while (j < L && !strchr(seps[pass], name[j]))
					j++;
				int dup = 0;
				for (size_t k = 0; k < nn; k++)
					dup |= nd[k].n == j - i && memcmp(nd[k].p, name + i, j - i) == 0;
				if (j - i >= 2 && !dup)
					nd[nn++] = (needle){name + i, j - i, "the child"};
				i = j;
			}
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

/* ------------------------------------------------------------------ the copy */

/* A child of the copy: its ids here and there, its date shift, what its summaries must lose. */
typedef struct pmap {
	int64_t src, dst;
	int32_t shift;
	char name[GV_NAME_MAX], ext[GV_ID_MAX], pseudo[32];
} pmap;

typedef struct idmap {
	int64_t src, dst;
} idmap;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_idmap(const void *a, const void *b)
{
	return cmp_i64(&((const idmap *)a)->src, &((const idmap *)b)->src);
}

static int cmp_pmap(const void *a, const void *b)
{
	return cmp_i64(&((const pmap *)a)->src, &((const pmap *)b)->src);
}

/* Sort and deduplicate v[0..n); returns the new count. */
static size_t uniq(int64_t *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof v[0], cmp_i64);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

/* The destination id of src in m[0..n) (sorted), 0 when absent. */
static int64_t map_get(const idmap *m, size_t n, int64_t src)
{
	idmap key = {src, 0};
	const idmap *f = bsearch(&key, m, n, sizeof m[0], cmp_idmap);
	return f ? f->dst : 0;
}

typedef struct cctx {
	gv_store *src, *dst;
	FILE *msg;
	unsigned char key[32];
	const pmap *pm;           /* the child being copied */
	const int64_t *need;      /* summaries the items show, sorted */
	size_t nneed;
	idmap *sum;               /* summaries copied: source id -> copy id */
	size_t nsum;
	ratings_copy_counts *n;
	int err;                  /* 2: a failure was reported */
} cctx;

static int copy_rows_fail(cctx *c, gv_store *st)
{
	fprintf(c->msg, "%s\n", store_errmsg(st));
	c->err = 2;
	return 1;
}

/* The copy's id of a summary it has just stored. */
static int sum_id_of(void *ctx, const store_summary *s)
{
	*(int64_t *)ctx = s->id;
	return 0;
}

static int copy_summary(void *ctx, const store_summary *s)
{
	cctx *c = ctx;
	if (!bsearch(&s->id, c->need, c->nneed, sizeof c->need[0], cmp_i64))
		return 0;
	size_t tn = 0;
	char *text = ratings_scrub_text(s->text, s->text_len, c->pm->name, c->pm->ext, c->pm->pseudo, c->pm->shift, &tn);
	if (!text) {
		fprintf(c->msg, "out of memory\n");
		c->err = 2;
		return 1;
	}
	char alias[27];
	ratings_summary_alias(c->key, s->summary_id, alias);
	store_summary d;
	store_summary_init(&d);
	d.summary_id = alias;
	d.patient_id = c->pm->dst;
	d.model = s->model;
	d.backend = s->backend;
	d.template_id = s->template_id;
	d.template_version = s->template_version;
	d.audience = s->audience;
	d.finish_reason = s->finish_reason;
	d.truncated = s->truncated;
	d.text = text;
	d.text_len = tn;
	int added = 0;
	store_rc r = store_summary_put(c->dst, &d, &added, NULL, 0);
	free(text);
	if (r != STORE_OK)
		return copy_rows_fail(c, c->dst);
	int64_t id = 0;
	if (store_summary_get(c->dst, alias, sum_id_of, &id, NULL) != STORE_OK)
		return copy_rows_fail(c, c->dst);
	c->sum[c->nsum++] = (idmap){s->id, id};
	c->n->summaries++;
	return 0;
}

/* Remove a failed copy: the file and SQLite's companions. */
static void remove_copy(const char *out)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	size_t n = strlen(out);
	char *p = malloc(n + 16);
	if (!p)
		return;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, n + 16, "%s%s", out, ext[i]);
		unlink(p);
	}
	free(p);
}

int ratings_copy(gv_store *st, const char *out, const char *rater, FILE *msg, ratings_copy_counts *n)
{
	memset(n, 0, sizeof *n);
	int status = 2;
	store_rater *raters = NULL;
	size_t nraters = 0;
	store_rate_item *items = NULL;
	size_t nitems = 0;
	int64_t *ids = NULL;
	pmap *pm = NULL;
	idmap *rmap = NULL, *qmap = NULL, *smap = NULL;
	size_t npm = 0, nrm = 0, nqm = 0;
	gv_store *dst = NULL;
	cctx c;
	memset(&c, 0, sizeof c);
	char *shown = text_clean_dup(out, strlen(out), 0);
	if (!shown) {
		fprintf(msg, "out of memory\n");
		return 2;
	}
	if (rater) {
		raters = malloc(sizeof *raters);
		store_rc r = raters ? store_rater_get(st, rater, raters) : STORE_ERROR;
		if (r == STORE_NOTFOUND) {
			char *q = text_clean_dup(rater, strlen(rater), 0);
			fprintf(msg, "unknown rater \"%s\"\n", q ? q : "?");
			free(q);
			status = 1;
			goto done;
		}
		if (r != STORE_OK) {
			fprintf(msg, "%s\n", raters ? store_errmsg(st) : "out of memory");
			goto done;
		}
		nraters = 1;
	} else if (store_rater_list(st, &raters, &nraters) != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(st));
		goto done;
	}
	for (size_t i = 0; i < nraters; i++) {
		store_rate_item *its = NULL;
		size_t k = 0;
		if (store_rater_items(st, raters[i].id, 0, &its, &k, NULL) != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(st));
			goto done;
		}
		store_rate_item *m = k ? realloc(items, (nitems + k) * sizeof *items) : items;
		if (k && !m) {
			free(its);
			fprintf(msg, "out of memory\n");
			goto done;
		}
		items = m;
		if (k)
			memcpy(items + nitems, its, k * sizeof *its);
		nitems += k;
		free(its);
	}
	if (!nitems) {
		fprintf(msg, "nothing to copy: no item of an open queue%s%s\n", rater ? " for rater " : "",
			rater ? raters[0].name : "");
		status = 1;
		goto done;
	}
	struct stat sb;
	if (lstat(out, &sb) == 0) {
		fprintf(msg, "%s exists: rating-copy makes a new database (remove it or choose another name)\n", shown);
		status = 1;
		goto done;
	}
	char err[512];
	if (store_open(out, 0, &dst, err, sizeof err) != STORE_OK) {
		fprintf(msg, "%s\n", err);
		goto done;
	}
	if (store_pseudonym_key(st, c.key) != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(st));
		goto fail;
	}
	/* The children: pseudonyms, dates shifted to a birth on RATINGS_COPY_BIRTH_Y-01-01. */
	ids = malloc(2 * nitems * sizeof *ids);
	pm = calloc(nitems, sizeof *pm);
	smap = malloc(2 * nitems * sizeof *smap);
	rmap = malloc(nitems * sizeof *rmap);
	qmap = malloc(nitems * sizeof *qmap);
	if (!ids || !pm || !smap || !rmap || !qmap) {
		fprintf(msg, "out of memory\n");
		goto fail;
	}
	for (size_t i = 0; i < nitems; i++)
		ids[i] = items[i].patient;
	npm = uniq(ids, nitems);
	if (store_bulk_begin(dst, "rating-copy", "rating-copy") != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(dst));
		goto fail;
	}
	int32_t birth = age_days_from_civil(RATINGS_COPY_BIRTH_Y, 1, 1);
	for (size_t k = 0; k < npm; k++) {
		gv_child ch;
		memset(&ch, 0, sizeof ch);
		if (store_child_load(st, ids[k], &ch) != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(st));
			store_bulk_rollback(dst);
			goto fail;
		}
		pmap *p = &pm[k];
		p->src = ids[k];
		p->shift = birth - ch.p.birth_date;
		snprintf(p->name, sizeof p->name, "%s", ch.p.name);
		snprintf(p->ext, sizeof p->ext, "%s", ch.p.ext_id);
		snprintf(p->pseudo, sizeof p->pseudo, "child-%zu", k + 1);
		gv_patient q = ch.p;
		q.id = 0;
		snprintf(q.ext_id, sizeof q.ext_id, "%s", p->pseudo);
		snprintf(q.name, sizeof q.name, "Child %zu", k + 1);
		q.birth_date = birth;
		q.labels = 0;
		store_rc r = store_bulk_patient_add(dst, &q, NULL);
		for (size_t v = 0; r == STORE_OK && v < ch.nv; v++) {
			gv_visit w = ch.v[v];
			w.id = 0;
			w.date += p->shift;
			int added = 0;
			r = store_bulk_visit(dst, q.id, &w, &added);
			n->visits += added;
		}
		store_child_free(&ch);
		if (r != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(dst));
			store_bulk_rollback(dst);
			goto fail;
		}
		p->dst = q.id;
		n->children++;
	}
	char summary[128];
	snprintf(summary, sizeof summary, "rating copy: %ld children, %ld measurements", n->children, n->visits);
	if (store_bulk_commit(dst, summary) != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(dst));
		goto fail;
	}
	/* The rest in one transaction: summaries, raters, queues, items. */
	if (store_begin(dst) != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(dst));
		goto fail;
	}
	for (size_t i = 0; i < nitems; i++) {
		ids[2 * i] = items[i].left;
		ids[2 * i + 1] = items[i].right;
	}
	c.src = st;
	c.dst = dst;
	c.msg = msg;
	c.need = ids;
	c.nneed = uniq(ids, 2 * nitems);
	c.sum = smap;
	c.n = n;
	for (size_t k = 0; k < npm && !c.err; k++) {
		c.pm = &pm[k];
		int cbret = 0;
		if (store_summary_each(st, pm[k].src, copy_summary, &c, &cbret) != STORE_OK && !c.err) {
			fprintf(msg, "%s\n", store_errmsg(st));
			c.err = 2;
		}
	}
	if (c.err)
		goto rollback;
	qsort(smap, c.nsum, sizeof smap[0], cmp_idmap);
	/* Raters and queues, each once. */
	for (size_t i = 0; i < nitems; i++) {
		if (!map_get(rmap, nrm, items[i].rater)) {
			store_rater rr, nr;
			if (store_rater_by_id(st, items[i].rater, &rr) != STORE_OK) {
				fprintf(msg, "%s\n", store_errmsg(st));
				goto rollback;
			}
			if (store_rater_add(dst, rr.name, rr.role, &nr) != STORE_OK) {
				fprintf(msg, "%s\n", store_errmsg(dst));
				goto rollback;
			}
			rmap[nrm++] = (idmap){rr.id, nr.id};
			qsort(rmap, nrm, sizeof rmap[0], cmp_idmap);
			n->raters++;
		}
		if (!map_get(qmap, nqm, items[i].queue)) {
			store_xqueue q;
			int64_t id = 0;
			if (store_xqueue_get(st, items[i].queue, &q) != STORE_OK) {
				fprintf(msg, "%s\n", store_errmsg(st));
				goto rollback;
			}
			store_rc r = store_xqueue_put(dst, &q, &id);
			store_xqueue_free(&q);
			if (r != STORE_OK) {
				fprintf(msg, "%s\n", store_errmsg(dst));
				goto rollback;
			}
			qmap[nqm++] = (idmap){items[i].queue, id};
			qsort(qmap, nqm, sizeof qmap[0], cmp_idmap);
			n->queues++;
		}
	}
	/* Each (queue, rater) once, with the rater's seed: items are by rater, then queue, then position. */
	for (size_t i = 0; i < nitems; i++) {
		if (i > 0 && items[i].rater == items[i - 1].rater && items[i].queue == items[i - 1].queue)
			continue;
		int64_t seed = 0;
		if (store_xqueue_rater_seed(st, items[i].queue, items[i].rater, &seed) != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(st));
			goto rollback;
		}
		if (store_xqueue_rater_put(dst, map_get(qmap, nqm, items[i].queue), map_get(rmap, nrm, items[i].rater),
					   seed) != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(dst));
			goto rollback;
		}
	}
	for (size_t i = 0; i < nitems; i++) {
		store_rate_item it = items[i];
		pmap key;
		key.src = it.patient;
		const pmap *p = bsearch(&key, pm, npm, sizeof pm[0], cmp_pmap);
		it.queue = map_get(qmap, nqm, it.queue);
		it.rater = map_get(rmap, nrm, it.rater);
		it.patient = p ? p->dst : 0;
		it.left = map_get(smap, c.nsum, it.left);
		it.right = map_get(smap, c.nsum, it.right);
		if (store_xitem_put(dst, &it, NULL) != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(dst));
			goto rollback;
		}
		n->items++;
	}
	if (store_commit(dst) != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(dst));
		goto fail;
	}
	store_close(dst);
	dst = NULL;
	status = 0;
	goto done;
rollback:
	store_rollback(dst);
fail:
	store_close(dst);
	dst = NULL;
	remove_copy(out);
	status = 2;
done:
	free(raters);
	free(items);
	free(ids);
	free(pm);
	free(rmap);
	free(qmap);
	free(smap);
	free(shown);
	return status;
}
