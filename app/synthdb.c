/* synthdb.c — a synthetic cohort into the store (see synthdb.h).
 *
 * One generator thread fills batches of children, with the flags engine's summary of each, while
 * this thread inserts the previous batch (two buffers).  Per child (28 visits on average, 15
 * kept): generation ~5 us + flags ~32 us on the generator, ~44 us of inserts here (100,000
 * children: 4.5 s end to end, make bench), so the store is the bottleneck and the generator keeps
 * ahead of it.  Each child goes in whole (store_bulk_child_add), its row already carrying its
 * last visit and flag summary: nothing is updated afterwards. */
#include "app/synthdb.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/flagcache.h"
#include "core/flags.h"
#include "core/synth.h"

#define BATCH 512

typedef struct batch {
	gv_child ch[BATCH];
	gv_visit v[BATCH][SYNTH_MAX_VISITS];
	int sev[BATCH], cnt[BATCH]; /* open-flag summary of each child (flagcache.h) */
	uint64_t first; /* index of ch[0] */
	int n;          /* children filled */
	int full;       /* filled and not yet inserted */
	gv_status st;
} batch;

typedef struct gen {
	synth_config cfg;
	uint64_t seed, n, next;
	batch *b[2];
	int quit;
	gv_flag_options fo;
	gv_flag *flags; /* scratch of the generator thread (flagsum_child) */
	size_t nflags;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} gen;

static void fill(gen *g, batch *b, uint64_t first)
{
	b->first = first;
	b->n = 0;
	b->st = GV_OK;
	for (uint64_t i = first; i < g->n && b->n < BATCH; i++, b->n++) {
		gv_child *c = &b->ch[b->n];
		gv_status s = synth_child(&g->cfg, g->seed, i, c, b->v[b->n], NULL);
		if (s != GV_OK) {
			b->st = s;
			break;
		}
		snprintf(c->p.ext_id, sizeof c->p.ext_id, "SYN-%" PRIu64 "-%06" PRIu64, g->seed, i);
		/* The list's flag summary, computed here on the generator thread while the other one
		 * writes: a new child has no acknowledgements yet. */
		if (flagsum_child(c, &g->fo, NULL, 0, &g->flags, &g->nflags, &b->sev[b->n], &b->cnt[b->n]) != 0) {
			b->st = GV_ENOMEM;
			break;
		}
	}
}

static void *generator(void *arg)
{
	gen *g = arg;
	for (int k = 0;; k ^= 1) {
		pthread_mutex_lock(&g->mu);
		while (g->b[k]->full && !g->quit)
			pthread_cond_wait(&g->cv, &g->mu);
		uint64_t first = g->next;
		int done = g->quit || first >= g->n;
		pthread_mutex_unlock(&g->mu);
		if (done)
			break;
		fill(g, g->b[k], first);
		pthread_mutex_lock(&g->mu);
		g->next = first + (uint64_t)g->b[k]->n;
		g->b[k]->full = 1;
		pthread_cond_broadcast(&g->cv);
		int stop = g->b[k]->st != GV_OK;
		pthread_mutex_unlock(&g->mu);
		if (stop)
			break;
	}
	return NULL;
}

static int insert_child(gv_store *st, gv_child *c, int sev, int nflags, synthdb_counts *cnt, char *err,
			size_t errsz)
{
	size_t added = 0;
	store_rc rc = store_bulk_child_add(st, &c->p, NULL, c->v, c->nv, sev, nflags, &added);
	if (rc == STORE_CONFLICT) {
		cnt->existing++;
		return 0;
	}
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	cnt->added++;
	cnt->visits += (long)added;
	if (c->p.labels & SYNTH_L_ERRORS)
		cnt->errors++;
	else if (c->p.labels)
		cnt->conditions++;
	return 0;
}

int synthdb_fill(gv_store *st, uint64_t seed, uint64_t n, int32_t today, const char *who, int rules,
		 synthdb_counts *cnt, char *err, size_t errsz)
{
	memset(cnt, 0, sizeof *cnt);
	gen g;
	memset(&g, 0, sizeof g);
	synth_default_config(&g.cfg, today);
	if (synth_check_config(&g.cfg) != GV_OK) {
		snprintf(err, errsz, "invalid synthetic cohort configuration");
		return -1;
	}
	g.seed = seed;
	g.n = n;
	flags_default_options(&g.fo, (gv_ruleset)rules);
	g.b[0] = calloc(1, sizeof(batch));
	g.b[1] = calloc(1, sizeof(batch));
	if (!g.b[0] || !g.b[1]) {
		free(g.b[0]);
		free(g.b[1]);
		free(g.flags);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	char source[64];
	snprintf(source, sizeof source, "synth:seed=%" PRIu64, seed);
	if (store_bulk_begin(st, who, source) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		free(g.b[0]);
		free(g.b[1]);
		free(g.flags);
		return -1;
	}
	pthread_mutex_init(&g.mu, NULL);
	pthread_cond_init(&g.cv, NULL);
	pthread_t th;
	int threaded = pthread_create(&th, NULL, generator, &g) == 0;
	int rc = 0;
	uint64_t done = 0;
	for (int k = 0; done < n && rc == 0; k ^= 1) {
		batch *b = g.b[k];
		if (threaded) {
			pthread_mutex_lock(&g.mu);
			while (!b->full)
				pthread_cond_wait(&g.cv, &g.mu);
			pthread_mutex_unlock(&g.mu);
		} else {
			fill(&g, b, done);
		}
		if (b->st != GV_OK) {
			snprintf(err, errsz, "synthetic child %" PRIu64 ": %s", b->first + (uint64_t)b->n,
				 gv_strerror(b->st));
			rc = -1;
		}
		for (int i = 0; i < b->n && rc == 0; i++)
			rc = insert_child(st, &b->ch[i], b->sev[i], b->cnt[i], cnt, err, errsz);
		done += (uint64_t)b->n;
		pthread_mutex_lock(&g.mu);
		b->full = 0;
		pthread_cond_broadcast(&g.cv);
		pthread_mutex_unlock(&g.mu);
	}
	if (threaded) {
		pthread_mutex_lock(&g.mu);
		g.quit = 1;
		pthread_cond_broadcast(&g.cv);
		pthread_mutex_unlock(&g.mu);
		pthread_join(th, NULL);
	}
	pthread_mutex_destroy(&g.mu);
	pthread_cond_destroy(&g.cv);
	free(g.b[0]);
	free(g.b[1]);
	free(g.flags);
	if (rc == 0) {
		char text[160];
		snprintf(text, sizeof text, "synth seed %" PRIu64 ": %ld patients, %ld measurements", seed, cnt->added,
			 cnt->visits);
		if (store_bulk_commit(st, text) == STORE_OK)
			return 0;
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	store_bulk_rollback(st);
	return -1;
}
