/* pool.c — worker threads running numbered tasks (see pool.h). */
#include "app/pool.h"

#include <pthread.h>
#include <stdlib.h>

#define POOL_MAX_THREADS 64

struct gv_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done; /* work: a task is queued or quit; done: a task finished */
	pool_fn run;
	void *ctx;
	void (*scratch_free)(void *);
	int cap;
	int *queue, qhead, qlen;   /* ring of cap task numbers */
	unsigned char *busy;       /* per task: queued or running */
	int pending;               /* tasks queued or running */
	int quit;
	int nth;
	pthread_t th[POOL_MAX_THREADS];
	void *scratch0;            /* the caller's scratch (no threads) */
};

static void *worker(void *arg)
{
	gv_pool *p = arg;
	void *scratch = NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->qlen == 0)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->qlen == 0 && p->quit)
			break;
		int task = p->queue[p->qhead];
		p->qhead = (p->qhead + 1) % p->cap;
		p->qlen--;
		pthread_mutex_unlock(&p->mu);
		p->run(p->ctx, task, &scratch);
		pthread_mutex_lock(&p->mu);
		p->busy[task] = 0;
		p->pending--;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	if (p->scratch_free)
		p->scratch_free(scratch);
	return NULL;
}

gv_pool *pool_new(int nthreads, int cap, pool_fn run, void *ctx, void (*scratch_free)(void *))
{
	gv_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->queue = malloc((size_t)(cap > 0 ? cap : 1) * sizeof *p->queue);
	p->busy = calloc((size_t)(cap > 0 ? cap : 1), 1);
	if (!p->queue || !p->busy) {
		free(p->queue);
		free(p->busy);
		free(p);
		return NULL;
	}
	p->cap = cap;
	p->run = run;
	p->ctx = ctx;
	p->scratch_free = scratch_free;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	if (nthreads > POOL_MAX_THREADS)
		nthreads = POOL_MAX_THREADS;
	for (; p->nth < nthreads; p->nth++)
		if (pthread_create(&p->th[p->nth], NULL, worker, p) != 0)
			break;
	return p;
}

int pool_threads(const gv_pool *p)
{
	return p->nth;
}

void pool_submit(gv_pool *p, int task)
{
	if (!p->nth) {
		p->run(p->ctx, task, &p->scratch0);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->busy[task] = 1;
	p->pending++;
	p->queue[(p->qhead + p->qlen) % p->cap] = task;
	p->qlen++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

void pool_wait(gv_pool *p, int task)
{
	if (!p->nth)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->busy[task])
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void pool_wait_all(gv_pool *p)
{
	if (!p->nth)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->pending)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void pool_free(gv_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	if (p->scratch_free)
		p->scratch_free(p->scratch0);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->queue);
	free(p->busy);
	free(p);
}
