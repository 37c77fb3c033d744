/* llm.c — the engine that runs requests on the two backends (see llm.h, llm_impl.h). */
#include "app/llm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/llm_impl.h"
#include "core/text.h"

static const char *const status_names[] = {
	"ok",    "config", "spawn",   "exit",     "connect",   "timeout", "http",
	"protocol", "empty", "toobig", "encoding", "cancelled", "system",
};

const char *llm_status_name(llm_status s)
{
	return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s] : "unknown";
}

void llm_result_free(llm_result *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->finish_reason);
	free(r->server_model);
	free(r->fingerprint);
	free(r->params_json);
	free(r->build_info);
	free(r->model_path);
	free(r->digest);
	free(r->quantization);
	free(r->stderr_tail);
	memset(r, 0, sizeof *r);
}

int64_t llm_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t llm_random(llm_engine *e, uint64_t n)
{
	/* xorshift64 (Marsaglia, J. Stat. Softw. 8(14), 2003): jitter needs no more. */
	uint64_t x = e->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	e->rng = x;
	return n ? x % n : 0;
}

char *llm_strdup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

void llm_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

char *llm_scrub_dup(const llm_job *j, const char *s, size_t n)
{
	gv_buf b = GV_BUF_INIT;
	const char *key = j->key;
	size_t kl = j->keylen;
	size_t i = 0;
	while (i < n) {
		if (kl && i + kl <= n && memcmp(s + i, key, kl) == 0) {
			buf_puts(&b, "[key]");
			i += kl;
			continue;
		}
		/* A piece of the key cut off at the end of the text (a server message we were given
		 * only part of): the text's last bytes equal the key's first, 4 or more of them. */
		if (kl && n - i < kl && n - i >= 4 && memcmp(s + i, key, n - i) == 0) {
			buf_puts(&b, "[key]");
			break;
		}
		buf_putc(&b, s[i]);
		i++;
	}
	buf_putc(&b, '\0');
	if (!buf_ok(&b)) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

void llm_fail(llm_job *j, llm_status st, const char *fmt, ...)
{
	gv_buf b = GV_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int need = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	j->res.status = st;
	if (need < 0 || !buf_reserve(&b, (size_t)need + 1)) {
		snprintf(j->res.error, sizeof j->res.error, "%s (and out of memory for the message)", llm_status_name(st));
		buf_free(&b);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)need + 1, fmt, ap);
	va_end(ap);
	char *clean = llm_scrub_dup(j, b.p, (size_t)need);
	llm_wipe(b.p, (size_t)need);
	buf_free(&b);
	if (!clean) {
		snprintf(j->res.error, sizeof j->res.error, "%s (and out of memory for the message)", llm_status_name(st));
		return;
	}
	text_clean(j->res.error, sizeof j->res.error, clean, strlen(clean), 0);
	free(clean);
}

static int copy_model(gv_model *dst, const gv_model *src)
{
	*dst = *src;
	dst->name = llm_strdup0(src->name);
	dst->url = llm_strdup0(src->url);
	dst->model = llm_strdup0(src->model);
	dst->api_key_env = llm_strdup0(src->api_key_env);
	dst->command = llm_strdup0(src->command);
	return (!src->name || dst->name) && (!src->url || dst->url) && (!src->model || dst->model) &&
	       (!src->api_key_env || dst->api_key_env) && (!src->command || dst->command);
}

static void job_free(llm_job *j)
{
	if (!j)
		return;
	free(j->m.name);
	free(j->m.url);
	free(j->m.model);
	free(j->m.api_key_env);
	free(j->m.command);
	free(j->system);
	free(j->user);
	if (j->key) {
		llm_wipe(j->key, j->keylen);
		free(j->key);
	}
	llm_result_free(&j->res);
	free(j);
}

llm_engine *llm_engine_new(void)
{
	llm_engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->next_id = 1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	e->rng = ((uint64_t)ts.tv_sec * 1000000007u) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^
		 (uint64_t)(uintptr_t)e;
	if (!e->rng)
		e->rng = 0x9e3779b97f4a7c15u;
	return e;
}

static void unlink_active(llm_engine *e, llm_job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		e->active = j->next;
	if (j->next)
		j->next->prev = j->prev;
	j->prev = j->next = NULL;
	e->nactive--;
}

void llm_job_finish(llm_engine *e, llm_job *j)
{
	if (j->finished)
		return;
	unlink_active(e, j);
	j->finished = 1;
	j->be = NULL;
	if (!j->t1)
		j->t1 = llm_now_ms();
	j->res.duration_ms = j->t1 - j->t0;
	if (j->res.status != LLM_OK) {
		free(j->res.text);
		j->res.text = NULL;
		j->res.text_len = 0;
	}
	if (j->key) {
		llm_wipe(j->key, j->keylen);
		free(j->key);
		j->key = NULL;
		j->keylen = 0;
	}
	if (e->done_tail)
		e->done_tail->next = j;
	else
		e->done_head = j;
	e->done_tail = j;
	e->ndone++;
}

static void abort_job(llm_engine *e, llm_job *j)
{
	if (j->m.backend == GV_BACKEND_COMMAND)
		llm_cmd_abort(j);
	else
		llm_http_abort(e, j);
	j->be = NULL;
}

void llm_engine_free(llm_engine *e)
{
	if (!e)
		return;
	while (e->active) {
		llm_job *j = e->active;
		abort_job(e, j);
		unlink_active(e, j);
		job_free(j);
	}
	while (e->done_head) {
		llm_job *j = e->done_head;
		e->done_head = j->next;
		job_free(j);
	}
	llm_http_free(e);
	free(e);
}

uint64_t llm_start(llm_engine *e, const gv_model *m, const char *system, const char *user, void *udata)
{
	llm_job *j = calloc(1, sizeof *j);
	if (!j)
		return 0;
	j->udata = udata;
	j->t0 = llm_now_ms();
	j->res.prompt_tokens = j->res.completion_tokens = -1;
	if (!copy_model(&j->m, m) || (system && *system && !(j->system = strdup(system))) ||
	    !(j->user = strdup(user ? user : ""))) {
		job_free(j);
		return 0;
	}
	j->id = e->next_id++;
	j->next = e->active;
	if (e->active)
		e->active->prev = j;
	e->active = j;
	e->nactive++;
	if (m->backend == GV_BACKEND_COMMAND) {
		llm_cmd_start(e, j);
	} else if (m->backend == GV_BACKEND_HTTP) {
		if (m->api_key_env) {
			const char *k = getenv(m->api_key_env);
			if (!k || !*k) {
				llm_fail(j, LLM_ERR_CONFIG,
					 "model %s: the environment variable %s (api_key_env) is not set or empty", m->name,
					 m->api_key_env);
				llm_job_finish(e, j);
				return j->id;
			}
			j->keylen = strlen(k);
			if (!(j->key = strdup(k))) {
				llm_fail(j, LLM_ERR_SYSTEM, "out of memory");
				j->keylen = 0;
				llm_job_finish(e, j);
				return j->id;
			}
		}
		llm_http_start(e, j);
	} else {
		llm_fail(j, LLM_ERR_CONFIG, "model %s: no backend", m->name ? m->name : "?");
		llm_job_finish(e, j);
	}
	return j->id;
}

int llm_cancel(llm_engine *e, uint64_t id)
{
	for (llm_job *j = e->active; j; j = j->next)
		if (j->id == id) {
			abort_job(e, j);
			llm_fail(j, LLM_ERR_CANCELLED, "cancelled");
			llm_job_finish(e, j);
			return 1;
		}
	return 0;
}

size_t llm_engine_pending(const llm_engine *e)
{
	return e->nactive + e->ndone;
}

size_t llm_engine_pollfds(llm_engine *e, struct pollfd *fds, size_t cap, int *timeout_ms)
{
	int64_t deadline = -1;
	size_t n = 0;
	for (llm_job *j = e->active; j; j = j->next)
		if (j->m.backend == GV_BACKEND_COMMAND)
			n = llm_cmd_pollfds(j, fds, cap, n, &deadline);
	if (e->http)
		n = llm_http_pollfds(e, fds, cap, n, &deadline);
	if (e->ndone) {
		*timeout_ms = 0;
	} else if (deadline < 0) {
		*timeout_ms = -1;
	} else {
		int64_t left = deadline - llm_now_ms();
		*timeout_ms = left <= 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
	}
	return n;
}

size_t llm_engine_run(llm_engine *e, const struct pollfd *fds, size_t n)
{
	int64_t now = llm_now_ms();
	/* A job may finish (and leave the list) while it runs: take the next one first. */
	for (llm_job *j = e->active, *next; j; j = next) {
		next = j->next;
		if (j->m.backend == GV_BACKEND_COMMAND)
			llm_cmd_run(e, j, fds, n, now);
	}
	if (e->http)
		llm_http_run(e, fds, n, now);
	return e->ndone;
}

int llm_engine_wait(llm_engine *e, int timeout_ms)
{
	struct pollfd small[32], *fds = small;
	size_t cap = sizeof small / sizeof small[0];
	int t;
	size_t n = llm_engine_pollfds(e, fds, cap, &t);
	if (n > cap) {
		fds = malloc(n * sizeof *fds);
		if (!fds) {
			errno = ENOMEM;
			return -1;
		}
		cap = n;
		n = llm_engine_pollfds(e, fds, cap, &t);
	}
	if (timeout_ms >= 0 && (t < 0 || t > timeout_ms))
		t = timeout_ms;
	int r = poll(fds, (nfds_t)n, t);
	if (r < 0) {
		int saved = errno;
		if (fds != small)
			free(fds);
		errno = saved;
		return -1;
	}
	size_t done = llm_engine_run(e, fds, n);
	if (fds != small)
		free(fds);
	return (int)done;
}

int llm_next(llm_engine *e, llm_result *out, uint64_t *id, void **udata)
{
	llm_job *j = e->done_head;
	if (!j)
		return 0;
	e->done_head = j->next;
	if (!e->done_head)
		e->done_tail = NULL;
	e->ndone--;
	*out = j->res;
	memset(&j->res, 0, sizeof j->res);
	if (id)
		*id = j->id;
	if (udata)
		*udata = j->udata;
	job_free(j);
	return 1;
}

llm_status llm_generate(const gv_model *m, const char *system, const char *user, llm_result *out)
{
	memset(out, 0, sizeof *out);
	llm_engine *e = llm_engine_new();
	if (!e) {
		out->status = LLM_ERR_SYSTEM;
		snprintf(out->error, sizeof out->error, "out of memory");
		return out->status;
	}
	if (!llm_start(e, m, system, user, NULL)) {
		llm_engine_free(e);
		out->status = LLM_ERR_SYSTEM;
		snprintf(out->error, sizeof out->error, "out of memory");
		return out->status;
	}
	while (!llm_next(e, out, NULL, NULL)) {
		if (llm_engine_wait(e, -1) < 0 && errno != EINTR) {
			llm_engine_free(e);
			out->status = LLM_ERR_SYSTEM;
			snprintf(out->error, sizeof out->error, "poll: %s", strerror(errno));
			return out->status;
		}
	}
	llm_engine_free(e);
	return out->status;
}
