/* ratings_db.c — export-ratings and import-ratings (see ratings_db.h). */
#include "app/ratings_db.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/lines.h"
#include "app/ratings_io.h"
#include "core/text.h"

/* ------------------------------------------------------------------ export */

typedef struct ectx {
	ratings_put_fn put;
	FILE *out, *msg;
	gv_buf b;
	rio_rec x;
	long n;
} ectx;

/* A stored rating as its portable record (x rio_rec_free'd first): 0, or -1 with why. */
static int xrating_rec(const store_xrating *s, rio_rec *x, char *why, size_t whyn)
{
	rio_rec_free(x);
	rio_rec_init(x);
	if (strlen(s->queue) >= sizeof x->queue || strlen(s->rater) >= sizeof x->rater ||
	    strlen(s->role) >= sizeof x->role || strlen(s->summary[0]) >= sizeof x->summary[0] ||
	    strlen(s->summary[1]) >= sizeof x->summary[1] || !rio_stamp_ok(s->updated) ||
	    (s->submitted && !rio_stamp_ok(s->submitted))) {
		snprintf(why, whyn, "a key or a time is too long or malformed");
		return -1;
	}
	strcpy(x->queue, s->queue);
	x->position = s->position;
	strcpy(x->rater, s->rater);
	strcpy(x->role, s->role);
	strcpy(x->summary[0], s->summary[0]);
	strcpy(x->summary[1], s->summary[1]);
	strcpy(x->updated, s->updated);
	strcpy(x->submitted, s->submitted ? s->submitted : "");
	if (rating_parse(&x->r, s->draft, s->draft_len, why, whyn) != RATING_OK)
		return -1;
	return 0;
}

static int export_one(void *ctx, const store_xrating *s)
{
	ectx *c = ctx;
	char why[256];
	if (xrating_rec(s, &c->x, why, sizeof why) != 0) {
		char *q = text_clean_dup(s->queue, strlen(s->queue), 0), *r = text_clean_dup(s->rater, strlen(s->rater), 0);
		fprintf(c->msg, "the stored rating of queue %s position %ld by %s is damaged: %s\n", q ? q : "?",
			s->position, r ? r : "?", why);
		free(q);
		free(r);
		return 2;
	}
	c->b.len = 0;
	rio_format(&c->b, &c->x);
	if (!buf_ok(&c->b)) {
		fprintf(c->msg, "out of memory\n");
		return 2;
	}
	if (c->put(c->out, c->b.p, c->b.len) != 0) {
		fprintf(c->msg, "write error: %s\n", strerror(errno));
		return 2;
	}
	c->n++;
	return 0;
}

int ratings_export(gv_store *st, const char *rater, ratings_put_fn put, FILE *out, FILE *msg, long *n)
{
	int64_t rid = 0;
	if (rater) {
		store_rater rr;
		store_rc r = store_rater_get(st, rater, &rr);
		if (r == STORE_NOTFOUND) {
			char *q = text_clean_dup(rater, strlen(rater), 0);
			fprintf(msg, "unknown rater \"%s\"\n", q ? q : "?");
			free(q);
			return 1;
		}
		if (r != STORE_OK) {
			fprintf(msg, "%s\n", store_errmsg(st));
			return 2;
		}
		rid = rr.id;
	}
	ectx c;
	memset(&c, 0, sizeof c);
	c.put = put;
	c.out = out;
	c.msg = msg;
	rio_rec_init(&c.x);
	int cbret = 0;
	store_rc r = store_xrating_each(st, rid, export_one, &c, &cbret);
	rio_rec_free(&c.x);
	buf_free(&c.b);
	if (n)
		*n = c.n;
	if (cbret)
		return 2;
	if (r != STORE_OK) {
		fprintf(msg, "%s\n", store_errmsg(st));
		return 2;
	}
	return 0;
}

/* ------------------------------------------------------------------ import */

typedef struct ictx {
	gv_store *st;
	const char *file; /* cleaned for messages */
	FILE *msg;
	ratings_import_counts *n;
	unsigned char key[32];
	gv_buf later;     /* conflict reports, printed once the import is committed */
	gv_buf l1, l2;    /* two lines compared */
	rio_rec stored;
} ictx;

static void bad(ictx *x, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(ictx *x, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(x->msg, "%s:%ld: ", x->file, line);
	vfprintf(x->msg, fmt, ap);
	fputc('\n', x->msg);
	va_end(ap);
	x->n->bad++;
}

/* A name quoted for a message (escaped, at most 40 bytes). */
static const char *qn(char *buf, size_t n, const char *s)
{
	text_escape(buf, n, s, strlen(s), 40);
	return buf;
}

/* Later: file's rating f against the stored s, by submitted time ("" never), then updated. */
static int later(const rio_rec *f, const rio_rec *s)
{
	int c = strcmp(f->submitted, s->submitted);
	if (c == 0)
		c = strcmp(f->updated, s->updated);
	return c;
}

static const char *when(const rio_rec *x)
{
	return x->submitted[0] ? x->submitted : x->updated;
}

/* One good line: 0 checked (and written when the file is clean so far), 1 reported bad, 2 store
 * error (printed). */
static int import_one(ictx *c, rio_rec *x, long no)
{
	char q1[128], q2[128], q3[128];
	store_xitem it;
	store_rc r = store_xitem_find(c->st, x->queue, x->rater, x->position, &it);
	if (r == STORE_NOTFOUND) {
		bad(c, no, "no item at position %ld of rater \"%s\" in queue \"%s\" in this store", x->position,
		    qn(q1, sizeof q1, x->rater), qn(q2, sizeof q2, x->queue));
		return 1;
	}
	if (r != STORE_OK) {
		fprintf(c->msg, "%s:%ld: %s\n", c->file, no, store_errmsg(c->st));
		return 2;
	}
	int rc = 1;
	if (strcmp(it.role, x->role) != 0) {
		bad(c, no, "rater \"%s\" is %s %s in this store, not %s %s", qn(q1, sizeof q1, x->rater),
		    it.role[0] == 'a' ? "an" : "a", it.role, x->role[0] == 'a' ? "an" : "a", x->role);
		goto out;
	}
	for (int k = 0; k < 2; k++) {
		char alias[27];
		ratings_summary_alias(c->key, it.summary[k], alias);
		if (strcmp(x->summary[k], it.summary[k]) != 0 && strcmp(x->summary[k], alias) != 0) {
			bad(c, no, "%c.summary \"%s\" is not the summary shown as %c there (\"%s\")", "ab"[k],
			    qn(q1, sizeof q1, x->summary[k]), "AB"[k], qn(q3, sizeof q3, it.summary[k]));
			goto out;
		}
		/* The store's own ids from here on (the line may carry the copy's aliases). */
		strcpy(x->summary[k], it.summary[k]);
	}
	rc = 0;
	if (c->n->bad)
		goto out; /* nothing will be written: only checking the rest */
	const char *action = "added";
	if (it.rated) {
		rio_rec *s = &c->stored;
		store_xrating sx = {x->queue, x->position, x->rater, it.role, {it.summary[0], it.summary[1]},
				    it.draft, strlen(it.draft), it.updated, it.submitted[0] ? it.submitted : NULL};
		char why[256];
		if (xrating_rec(&sx, s, why, sizeof why) != 0) {
			bad(c, no, "the stored rating of this item is damaged (%s): not replaced", why);
			rc = 1;
			goto out;
		}
		c->l1.len = c->l2.len = 0;
		rio_format(&c->l1, x);
		rio_format(&c->l2, s);
		if (c->l1.len == c->l2.len && memcmp(c->l1.p, c->l2.p, c->l1.len) == 0) {
			c->n->unchanged++;
			goto out;
		}
		int file_wins = later(x, s) > 0;
		buf_printf(&c->later,
			   "%s:%ld: conflict: the rating of position %ld of rater \"%s\" in queue \"%s\" differs from the "
			   "stored one; %s (%s %s) is later than %s (%s %s): %s\n",
			   c->file, no, x->position, qn(q1, sizeof q1, x->rater), qn(q2, sizeof q2, x->queue),
			   file_wins ? "the file's" : "the stored one", rating_status_name(file_wins ? x->r.status : s->r.status),
			   when(file_wins ? x : s), file_wins ? "the stored one" : "the file's",
			   rating_status_name(file_wins ? s->r.status : x->r.status), when(file_wins ? s : x),
			   file_wins ? "replaced" : "kept the stored one");
		if (!file_wins) {
			c->n->kept++;
			goto out;
		}
		action = "replaced";
	}
	if (it.closed) {
		bad(c, no, "queue \"%s\" is closed: its ratings are final", qn(q1, sizeof q1, x->queue));
		rc = 1;
		goto out;
	}
	char change[300];
	snprintf(change, sizeof change, "import %s:%ld: %s (%s)", c->file, no, action, rating_status_name(x->r.status));
	r = store_xrating_put(c->st, it.item, it.rater, &x->r, x->updated, x->submitted, change);
	if (r != STORE_OK) {
		fprintf(c->msg, "%s:%ld: %s\n", c->file, no, store_errmsg(c->st));
		rc = 2;
		goto out;
	}
	if (it.rated)
		c->n->replaced++;
	else
		c->n->added++;
out:
	store_xitem_free(&it);
	return rc;
}

int ratings_import(gv_store *st, const char *path, FILE *msg, ratings_import_counts *n)
{
	int std = strcmp(path, "-") == 0;
	const char *shown = std ? "(stdin)" : path;
	char *file = text_clean_dup(shown, strlen(shown), 0);
	if (!file) {
		fprintf(msg, "out of memory\n");
		return 2;
	}
	lines l = {std ? stdin : fopen(path, "r"), RIO_LINE_MAX, NULL, 0, 0};
	if (!l.f) {
		fprintf(msg, "%s: %s\n", file, strerror(errno));
		free(file);
		return 2;
	}
	ratings_import_counts zero = {0, 0, 0, 0, 0, 0};
	*n = zero;
	ictx c;
	memset(&c, 0, sizeof c);
	c.st = st;
	c.file = file;
	c.msg = msg;
	c.n = n;
	rio_rec_init(&c.stored);
	rio_rec x;
	rio_rec_init(&x);
	int status = 0;
	if (store_pseudonym_key(st, c.key) != STORE_OK || store_begin(st) != STORE_OK) {
		fprintf(msg, "%s: %s\n", file, store_errmsg(st));
		status = 2;
		goto done;
	}
	size_t len;
	int toolong, got;
	char why[512];
	while ((got = lines_next(&l, &len, &toolong)) == 1) {
		if (toolong) {
			n->lines++;
			bad(&c, l.no, "line longer than %d bytes", RIO_LINE_MAX);
			continue;
		}
		if (lines_blank(l.buf, len))
			continue;
		n->lines++;
		if (rio_parse(l.buf, len, &x, why, sizeof why) != 0) {
			bad(&c, l.no, "%s", why);
			continue;
		}
		if (import_one(&c, &x, l.no) == 2) {
			status = 2;
			break;
		}
	}
	if (got < 0) {
		fprintf(msg, "%s:%ld: %s\n", file, l.no + 1, strerror(errno));
		status = 2;
	}
	if (status == 0 && n->bad)
		status = 1;
	if (status == 0 && !buf_ok(&c.later)) {
		fprintf(msg, "%s: out of memory\n", file);
		status = 2;
	}
	if (status != 0) {
		store_rollback(st);
	} else if (store_commit(st) != STORE_OK) {
		fprintf(msg, "%s: %s\n", file, store_errmsg(st));
		status = 2;
	} else if (c.later.len) {
		fwrite(c.later.p, 1, c.later.len, msg);
	}
	if (status != 0)
		n->added = n->replaced = n->unchanged = n->kept = 0;
done:
	rio_rec_free(&x);
	rio_rec_free(&c.stored);
	buf_free(&c.later);
	buf_free(&c.l1);
	buf_free(&c.l2);
	if (!std)
		fclose(l.f);
	free(l.buf);
	free(file);
	return status;
}
