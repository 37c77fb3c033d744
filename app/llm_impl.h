/* llm_impl.h — what app/llm.c (the engine) shares with its two backends, app/llm_cmd.c and
 * app/llm_http.c.  Private to those three files; everyone else uses app/llm.h. */
#ifndef GV_LLM_IMPL_H
#define GV_LLM_IMPL_H

#include <stdarg.h>

#include "app/llm.h"

typedef struct llm_job llm_job;
typedef struct llm_http llm_http;

/* One request.  Owned by the engine from llm_start to llm_next. */
struct llm_job {
	uint64_t id;
	void *udata;
	gv_model m;          /* deep copy of the caller's model */
	char *system, *user; /* copies of the messages (system may be NULL) */
	char *key;           /* http: the API key (copy of the environment variable), wiped on free */
	size_t keylen;
	llm_result res;
	int64_t t0;          /* llm_now_ms() at llm_start */
	int64_t t1;          /* when the answer arrived (0: not yet; set by the backend or llm_job_finish) */
	int finished;
	llm_job *prev, *next; /* in the engine's active list, then in its done queue */
	void *be;            /* the backend's state for this request */
};

struct llm_engine {
	llm_job *active;                /* in flight (doubly linked) */
	llm_job *done_head, *done_tail; /* finished, in finishing order (singly linked through next) */
	size_t nactive, ndone;
	uint64_t next_id;
	uint64_t rng;                   /* xorshift64 state for back-off jitter */
	llm_http *http;                 /* created by the first http request */
};

/* CLOCK_MONOTONIC in milliseconds. */
int64_t llm_now_ms(void);

/* Overwrite n bytes at p with zeros in a way the compiler may not drop (the key's copies). */
void llm_wipe(void *p, size_t n);

/* A uniformly distributed number in [0, n) from the engine's generator (n > 0). */
uint64_t llm_random(llm_engine *e, uint64_t n);

/* Set j's status and error message: formatted, every occurrence of the API key replaced by
 * "[key]" (and a trailing piece of it removed), then cleaned into one line (text_clean). */
void llm_fail(llm_job *j, llm_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The request is over (its backend state freed by the backend already): unlink it from the
 * active list, fix the duration, wipe the key, queue it for llm_next. */
void llm_job_finish(llm_engine *e, llm_job *j);

/* The strings of s[0..n) with the key scrubbed: malloc'd copy (NULL when out of memory). */
char *llm_scrub_dup(const llm_job *j, const char *s, size_t n);

/* Copy a string into a result field (malloc'd; NULL stays NULL; sets nothing on failure). */
char *llm_strdup0(const char *s);

/* Backends.  start: begin the request (on an immediate failure it calls llm_fail and
 * llm_job_finish itself).  pollfds: append the request's descriptors to fds (entries beyond cap are
 * counted, not written) and lower *deadline (llm_now_ms() time; -1 = none) to when it must run
 * next.  run: handle ready descriptors and expired timers, finishing the job when it is over.
 * abort: end it now (kill and reap, abort the transfer) and free the backend state, without
 * finishing the job (the caller does). */
void llm_cmd_start(llm_engine *e, llm_job *j);
size_t llm_cmd_pollfds(llm_job *j, struct pollfd *fds, size_t cap, size_t n, int64_t *deadline);
void llm_cmd_run(llm_engine *e, llm_job *j, const struct pollfd *fds, size_t n, int64_t now);
void llm_cmd_abort(llm_job *j);

void llm_http_start(llm_engine *e, llm_job *j);
size_t llm_http_pollfds(llm_engine *e, struct pollfd *fds, size_t cap, size_t n, int64_t *deadline);
void llm_http_run(llm_engine *e, const struct pollfd *fds, size_t n, int64_t now);
void llm_http_abort(llm_engine *e, llm_job *j);
/* Free the HTTP side of the engine (after every http job was aborted or finished). */
void llm_http_free(llm_engine *e);

#endif
