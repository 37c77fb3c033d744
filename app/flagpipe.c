/* flagpipe.c — flag summaries on a worker thread (see flagpipe.h).
 *
 * The caller fills a batch of children; a full batch goes on a queue that one worker drains in
 * order (one worker: the caller is the other busy core, parsing and writing; results stay in the
 * order of flagpipe_add).  At most QMAX batches wait, so a worker that falls behind slows the
 * caller instead of growing memory.  Batches are recycled. */
#include "app/flagpipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/flagcache.h"

#define PBATCH 256
#define QMAX 4

typedef struct pbatch {
	struct pbatch *next;
	gv_patient p[PBATCH];
	size_t off[PBATCH], nv[PBATCH]; /* child i's visits: v[off[i] .. off[i] + nv[i]) */
	gv_visit *v;
	size_t nvis, capv;
	int n;
} pbatch;

struct flagpipe {
	const gv_flag_options *o;
	pbatch *fill;        /* being filled by the caller */
	pbatch *head, *tail; /* queued for the worker */
	pbatch *spare;       /* computed, to be reused */
	int queued, quit, threaded;
	int failed;          /* out of memory somewhere: results withheld */
	/* Written by whoever computes (the worker, or the caller when there is none); read by the
	 * caller only after the worker has been joined. */
	flagpipe_result *res;
	size_t nres, capres;
	gv_flag *scratch;
	size_t capscratch;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Summaries of batch b appended to fp->res.  0; -1 when out of memory. */
static int compute(flagpipe *fp, pbatch *b)
{
	for (int i = 0; i < b->n; i++) {
		gv_child c = {b->p[i], b->nv[i] ? b->v + b->off[i] : NULL, b->nv[i]};
		int sev, cnt;
		if (flagsum_child(&c, fp->o, NULL, 0, &fp->scratch, &fp->capscratch, &sev, &cnt) != 0)
			return -1;
		if (fp->nres == fp->capres) {
			size_t cap = fp->capres ? fp->capres * 2 : 1024;
			flagpipe_result *r = realloc(fp->res, cap * sizeof *r);
			if (!r)
				return -1;
			fp->res = r;
			fp->capres = cap;
		}
		fp->res[fp->nres++] = (flagpipe_result){b->p[i].id, sev, cnt};
	}
	return 0;
}

static void recycle(flagpipe *fp, pbatch *b)
{
	b->n = 0;
	b->nvis = 0;
	b->next = fp->spare;
	fp->spare = b;
}

static void *worker(void *arg)
{
	flagpipe *fp = arg;
	pthread_mutex_lock(&fp->mu);
	for (;;) {
		while (!fp->head && !fp->quit)
			pthread_cond_wait(&fp->cv, &fp->mu);
		if (!fp->head)
			break; /* quit, queue drained */
		pbatch *b = fp->head;
		fp->head = b->next;
		if (!fp->head)
			fp->tail = NULL;
		fp->queued--;
		pthread_cond_broadcast(&fp->cv);
		int failed = fp->failed;
		pthread_mutex_unlock(&fp->mu);
		int bad = !failed && compute(fp, b) != 0;
		pthread_mutex_lock(&fp->mu);
		fp->failed |= bad;
		recycle(fp, b);
	}
	pthread_mutex_unlock(&fp->mu);
	return NULL;
}

flagpipe *flagpipe_start(const gv_flag_options *o)
{
	flagpipe *fp = calloc(1, sizeof *fp);
	if (!fp)
		return NULL;
	fp->o = o;
	pthread_mutex_init(&fp->mu, NULL);
	pthread_cond_init(&fp->cv, NULL);
	fp->threaded = pthread_create(&fp->th, NULL, worker, fp) == 0;
	return fp;
}

/* Hand the full (or last) batch b to the worker, or compute it here. */
static void submit(flagpipe *fp, pbatch *b)
{
	if (!fp->threaded) {
		if (!fp->failed && compute(fp, b) != 0)
			fp->failed = 1;
		recycle(fp, b);
		return;
	}
	pthread_mutex_lock(&fp->mu);
	while (fp->queued >= QMAX)
		pthread_cond_wait(&fp->cv, &fp->mu);
	b->next = NULL;
	if (fp->tail)
		fp->tail->next = b;
	else
		fp->head = b;
	fp->tail = b;
	fp->queued++;
	pthread_cond_broadcast(&fp->cv);
	pthread_mutex_unlock(&fp->mu);
}

static pbatch *batch_get(flagpipe *fp)
{
	pthread_mutex_lock(&fp->mu);
	pbatch *b = fp->spare;
	if (b)
		fp->spare = b->next;
	pthread_mutex_unlock(&fp->mu);
	return b ? b : calloc(1, sizeof *b);
}

/* Order of the store's load_visits: date, time (none first), then as added: the id field holds
 * the position while sorting (qsort is not stable). */
static int visit_cmp(const void *pa, const void *pb)
{
	const gv_visit *a = pa, *b = pb;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->time_min != b->time_min)
		return a->time_min < b->time_min ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

int flagpipe_add(flagpipe *fp, const gv_patient *p, const gv_visit *v, size_t nv)
{
	pthread_mutex_lock(&fp->mu);
	int failed = fp->failed;
	pthread_mutex_unlock(&fp->mu);
	if (failed)
		return -1;
	pbatch *b = fp->fill ? fp->fill : batch_get(fp);
	if (!b)
		goto oom;
	fp->fill = b;
	if (b->nvis + nv > b->capv) {
		size_t cap = b->capv ? b->capv : 4096;
		while (cap < b->nvis + nv)
			cap *= 2;
		gv_visit *nvp = realloc(b->v, cap * sizeof *nvp);
		if (!nvp)
			goto oom;
		b->v = nvp;
		b->capv = cap;
	}
	gv_visit *w = nv ? b->v + b->nvis : NULL; /* a child without visits: b->v may still be NULL */
	int sorted = 1;
	for (size_t i = 0; i < nv; i++) {
		w[i] = v[i];
		w[i].id = (int64_t)i;
		if (i && visit_cmp(&w[i - 1], &w[i]) > 0)
			sorted = 0;
	}
	if (!sorted) /* a file in date order needs none; any other order O(n log n) */
		qsort(w, nv, sizeof *w, visit_cmp);
	for (size_t i = 0; i < nv; i++)
		w[i].id = 0; /* unknown here, and the flags do not use it */
	b->p[b->n] = *p;
	b->off[b->n] = b->nvis;
	b->nv[b->n] = nv;
	b->nvis += nv;
	if (++b->n == PBATCH) {
		fp->fill = NULL;
		submit(fp, b);
	}
	return 0;
oom:
	pthread_mutex_lock(&fp->mu);
	fp->failed = 1;
	pthread_mutex_unlock(&fp->mu);
	return -1;
}

/* Stop the worker once the queue is drained. */
static void stop(flagpipe *fp)
{
	if (!fp->threaded)
		return;
	pthread_mutex_lock(&fp->mu);
	fp->quit = 1;
	pthread_cond_broadcast(&fp->cv);
	pthread_mutex_unlock(&fp->mu);
	pthread_join(fp->th, NULL);
	fp->threaded = 0;
}

int flagpipe_finish(flagpipe *fp, const flagpipe_result **res, size_t *n)
{
	if (fp->fill) {
		pbatch *b = fp->fill;
		fp->fill = NULL;
		submit(fp, b);
	}
	stop(fp);
	*res = fp->failed ? NULL : fp->res;
	*n = fp->failed ? 0 : fp->nres;
	return fp->failed ? -1 : 0;
}

void flagpipe_free(flagpipe *fp)
{
	if (!fp)
		return;
	pthread_mutex_lock(&fp->mu);
	fp->failed = 1; /* what is still queued is not wanted */
	pthread_mutex_unlock(&fp->mu);
	stop(fp);
	pbatch *lists[3] = {fp->fill, fp->head, fp->spare};
	for (int k = 0; k < 3; k++) {
		for (pbatch *b = lists[k], *next; b; b = next) {
			next = k == 0 ? NULL : b->next;
			free(b->v);
			free(b);
		}
	}
	pthread_mutex_destroy(&fp->mu);
	pthread_cond_destroy(&fp->cv);
	free(fp->res);
	free(fp->scratch);
	free(fp);
}
