/* cmd_summarize.c — growthview summarize --model NAME [--patients all|flagged|ID...]
 *                   [--audience clinician|family] [--jobs N] [--again] [--db PATH]
 *
 * Writes a summary of each chosen patient with a model and stores it (app/store.h) with everything
 * the rating screen, the claim checker and the benchmark need: the prompt's SHA-256 (app/sumgen.h),
 * what the server reported (app/llm.h), the parameters sent.
 *
 * - Models: a [model NAME] section of the config (command or http backend, app/llm.h), or a
 *   built-in one that needs no config: "baseline" (core/baseline.h) and the synthetic
 *   "demo-variant-1" / "demo-variant-2" (core/variants.h).  A built-in name wins over a section.
 * - Resumable: a patient that already has a summary of this model, template (id and version) and
 *   audience is skipped unless --again.  Each summary is committed as it arrives (built-in models:
 *   in batches of BATCH inside a transaction), so an interruption loses nothing finished.
 * - Bounded concurrency: at most --jobs requests in flight (default 1), one poll() loop, no threads.
 * - A failure of one patient is reported on standard error ("PATIENT: why", made safe for a
 *   terminal; the API key never appears: app/llm.h) and the others go on; the exit status is 1 when
 *   any failed.
 * - Ctrl-C (SIGINT) or SIGTERM: no new request is started, requests in flight are cancelled (their
 *   process groups killed, transfers aborted), what finished is kept; exit status 130.
 * - A progress bar (done/total, rate, ETA, errors) on standard error when it is a terminal;
 *   nothing of it otherwise.  The final count line is always written to standard error. */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/cmd/cmdutil.h"
#include "app/llm.h"
#include "app/sumgen.h"
#include "core/baseline.h"
#include "core/text.h"
#include "core/variants.h"

#define JOBS_MAX 64
/* Built-in models commit every BATCH summaries: a crash (not an interruption, which commits what
 * finished) loses at most that many, and the run resumes where the last batch ended.  64 made a
 * commit (its WAL frames, the summary-id index's pages) a tenth of the 100,000-child bench. */
#define BATCH 1024

static volatile sig_atomic_t stop_sig;

static void on_signal(int sig)
{
	stop_sig = sig;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview summarize --model NAME [--patients all|flagged|ID...] [--audience clinician|family]\n"
		   "                            [--jobs N] [--again] [--db PATH]\n"
		   "  Writes and stores a summary of each patient with model NAME (a [model NAME] section of the\n"
		   "  config, or the built-in baseline, demo-variant-1, demo-variant-2).  Patients that have one\n"
		   "  already (same model, prompt template and audience) are skipped unless --again.\n");
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ progress */

typedef struct progress {
	int on;             /* standard error is a terminal */
	long total, done, failed;
	double t0, last;
	int shown;          /* a bar is on the screen (cleared before any message) */
} progress;

static void fmt_dur(char *b, size_t n, double s)
{
	if (s < 0 || s > 1e7)
		snprintf(b, n, "?");
	else if (s < 60)
		snprintf(b, n, "%.0fs", s);
	else if (s < 3600)
		snprintf(b, n, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(b, n, "%dh%02dm", (int)s / 3600, (int)s % 3600 / 60);
}

static void bar(progress *p, int force)
{
	if (!p->on)
		return;
	double t = now_s();
	if (!force && t - p->last < 0.1)
		return;
	p->last = t;
	double el = t - p->t0, rate = el > 0 ? p->done / el : 0;
	char eta[16];
	fmt_dur(eta, sizeof eta, rate > 0 ? (p->total - p->done) / rate : -1);
	int w = 24, fill = p->total ? (int)(w * p->done / p->total) : w;
	char b[32];
	for (int i = 0; i < w; i++)
		b[i] = i < fill ? '#' : '.';
	b[w] = '\0';
	fprintf(stderr, "\r[%s] %ld/%ld  %.1f/s  ETA %s  errors %ld\033[K", b, p->done, p->total, rate, eta, p->failed);
	fflush(stderr);
	p->shown = 1;
}

static void bar_clear(progress *p)
{
	if (p->on && p->shown) {
		fputs("\r\033[K", stderr);
		p->shown = 0;
	}
}

/* ------------------------------------------------------------------ patients */

typedef struct plist {
	int64_t *id;
	size_t n, cap;
} plist;

static int plist_add(plist *l, int64_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		int64_t *p = realloc(l->id, cap * sizeof *p);
		if (!p)
			return -1;
		l->id = p;
		l->cap = cap;
	}
	l->id[l->n++] = id;
	return 0;
}

static int add_id(void *ctx, int64_t id)
{
	return plist_add(ctx, id) != 0;
}

static int count_id(void *ctx, int64_t id)
{
	(void)id;
	++*(long *)ctx;
	return 0;
}

/* ------------------------------------------------------------------ one run */

typedef struct run {
	gv_store *st;
	const char *model;         /* its name */
	const gv_model *m;         /* NULL for a built-in */
	int builtin;               /* 0 config, 1 baseline, 2 demo-variant-1, 3 demo-variant-2 */
	gv_audience aud;
	progress pg;
	long stored, failed, skipped;
	int store_broken;
} run;

/* Report a patient's failure (the text is cleaned here). */
static void fail(run *r, int64_t pid, const char *why, const char *tail)
{
	gv_patient p;
	char who[GV_ID_MAX + 8];
	if (store_patient_get(r->st, pid, &p) == STORE_OK && p.ext_id[0])
		snprintf(who, sizeof who, "%s", p.ext_id);
	else
		snprintf(who, sizeof who, "#%lld", (long long)pid);
	char *w = cmd_clean(who), *y = cmd_clean(why);
	bar_clear(&r->pg);
	fprintf(stderr, "growthview summarize: %s: %s\n", w ? w : "?", y ? y : "?");
	if (tail && *tail) {
		/* The program's last stderr lines, already cleaned by the engine, indented. */
		char *t = text_clean_dup(tail, strlen(tail), TEXT_KEEP_NEWLINE);
		for (char *s = t, *e; s && *s; s = e) {
			e = strchr(s, '\n');
			if (e)
				*e++ = '\0';
			else
				e = s + strlen(s);
			fprintf(stderr, "    %s\n", s);
		}
		free(t);
	}
	free(w);
	free(y);
	r->failed++;
	r->pg.failed++;
	r->pg.done++;
}

static int put(run *r, int64_t pid, const store_summary *s)
{
	if (store_summary_put(r->st, s, NULL, NULL, 0) != STORE_OK) {
		fail(r, pid, store_errmsg(r->st), NULL);
		return -1;
	}
	r->stored++;
	r->pg.done++;
	return 0;
}

/* Built-in models: no engine; batches of BATCH in a transaction. */
static void run_builtin(run *r, const gv_flag_options *fo, const plist *todo)
{
	char err[512];
	sumgen *g = sumgen_new(fo);
	if (!g) {
		fail(r, todo->n ? todo->id[0] : 0, "out of memory", NULL);
		return;
	}
	int in_tx = 0;
	for (size_t i = 0; i < todo->n && !stop_sig; i++) {
		if (!in_tx && store_begin(r->st) == STORE_OK)
			in_tx = 1;
		store_summary s;
		int rc = sumgen_load(g, r->st, todo->id[i], r->aud, 0, err, sizeof err);
		if (rc == 0)
			rc = r->builtin == 1 ? sumgen_baseline(g, &s, err, sizeof err)
					     : sumgen_variant(g, r->builtin - 1, (uint64_t)todo->id[i] * 4u + (uint64_t)r->aud * 2u,
							      &s, err, sizeof err);
		if (rc != 0)
			fail(r, todo->id[i], err, NULL);
		else
			put(r, todo->id[i], &s);
		if (in_tx && (i + 1) % BATCH == 0) {
			if (store_commit(r->st) != STORE_OK)
				fail(r, todo->id[i], store_errmsg(r->st), NULL);
			in_tx = 0;
		}
		bar(&r->pg, 0);
	}
	if (in_tx && store_commit(r->st) != STORE_OK) {
		bar_clear(&r->pg);
		fprintf(stderr, "growthview summarize: %s\n", store_errmsg(r->st));
		r->store_broken = 1;
	}
	sumgen_free(g);
}

/* What travels with a request: one of --jobs slots (so an interruption leaves nothing to free
 * one by one). */
typedef struct job {
	int64_t pid;
	char sha[65];
	int busy;
} job;

static char *identity_json(const llm_result *res)
{
	if (!res->build_info && !res->model_path && !res->digest && !res->quantization)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (res->build_info)
		cJSON_AddStringToObject(o, "build_info", res->build_info);
	if (res->model_path)
		cJSON_AddStringToObject(o, "model_path", res->model_path);
	if (res->digest)
		cJSON_AddStringToObject(o, "digest", res->digest);
	if (res->quantization)
		cJSON_AddStringToObject(o, "quantization", res->quantization);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static void finished(run *r, job *j, llm_result *res)
{
	if (res->status != LLM_OK) {
		if (res->status != LLM_ERR_CANCELLED)
			fail(r, j->pid, res->error[0] ? res->error : llm_status_name(res->status), res->stderr_tail);
		return;
	}
	store_summary s;
	store_summary_init(&s);
	s.patient_id = j->pid;
	s.model = r->model;
	s.backend = r->m->backend == GV_BACKEND_HTTP ? STORE_BACKEND_HTTP : STORE_BACKEND_COMMAND;
	s.server_model = res->server_model;
	s.fingerprint = res->fingerprint;
	char *ident = identity_json(res);
	s.identity = ident;
	s.params = res->params_json;
	s.template_id = PROMPT_TEMPLATE_ID;
	s.template_version = PROMPT_TEMPLATE_VERSION;
	s.audience = prompt_audience_name(r->aud);
	s.prompt_sha256 = j->sha;
	s.duration_ms = res->duration_ms;
	s.prompt_tokens = res->prompt_tokens;
	s.completion_tokens = res->completion_tokens;
	s.finish_reason = res->finish_reason;
	s.truncated = res->truncated;
	s.text = res->text;
	s.text_len = res->text_len;
	put(r, j->pid, &s);
	cJSON_free(ident);
}

/* Models of the config: up to jobs requests in flight on one engine. */
static void run_llm(run *r, const gv_flag_options *fo, const plist *todo, int jobs)
{
	char err[512];
	sumgen *g = sumgen_new(fo);
	llm_engine *e = llm_engine_new();
	struct pollfd *fds = NULL;
	size_t fcap = 0;
	job *slots = calloc((size_t)jobs, sizeof *slots);
	if (!g || !e || !slots) {
		free(slots);
		fail(r, todo->n ? todo->id[0] : 0, "out of memory (or libcurl cannot start)", NULL);
		sumgen_free(g);
		llm_engine_free(e);
		return;
	}
	size_t next = 0;
	for (;;) {
		/* Start requests up to the bound. */
		while (!stop_sig && next < todo->n && llm_engine_pending(e) < (size_t)jobs) {
			int64_t pid = todo->id[next++];
			if (sumgen_load(g, r->st, pid, r->aud, 0, err, sizeof err) != 0) {
				fail(r, pid, err, NULL);
				continue;
			}
			job *j = slots;
			while (j->busy)
				j++; /* fewer than jobs are pending: a slot is free */
			j->busy = 1;
			j->pid = pid;
			memcpy(j->sha, sumgen_sha256(g), sizeof j->sha);
			const prompt *pr = sumgen_prompt(g);
			if (!llm_start(e, r->m, prompt_buf_str(&pr->system), prompt_buf_str(&pr->user), j)) {
				j->busy = 0;
				fail(r, pid, "out of memory", NULL);
			}
		}
		/* Collect what finished. */
		llm_result res;
		void *ud;
		memset(&res, 0, sizeof res);
		while (llm_next(e, &res, NULL, &ud)) {
			finished(r, ud, &res);
			((job *)ud)->busy = 0;
			llm_result_free(&res);
		}
		bar(&r->pg, 0);
		if (llm_engine_pending(e) == 0 && (stop_sig || next >= todo->n))
			break;
		if (stop_sig)
			break; /* what is in flight is ended below */
		if (next < todo->n && llm_engine_pending(e) < (size_t)jobs)
			continue; /* a slot came free: start the next request before waiting */
		int timeout;
		size_t need = llm_engine_pollfds(e, fds, fcap, &timeout);
		if (need > fcap) {
			struct pollfd *nf = realloc(fds, need * sizeof *nf);
			if (!nf) {
				fail(r, 0, "out of memory", NULL);
				break;
			}
			fds = nf;
			fcap = need;
			need = llm_engine_pollfds(e, fds, fcap, &timeout);
		}
		if (r->pg.on && (timeout < 0 || timeout > 200))
			timeout = 200; /* the bar's clock moves */
		int n = poll(fds, need, timeout);
		if (n < 0 && errno != EINTR) {
			fail(r, 0, strerror(errno), NULL);
			break;
		}
		llm_engine_run(e, fds, n < 0 ? 0 : need);
	}
	/* Interrupted: keep what finished meanwhile; llm_engine_free ends the rest (process groups
	 * killed, transfers aborted). */
	llm_result res;
	void *ud;
	memset(&res, 0, sizeof res);
	while (llm_next(e, &res, NULL, &ud)) {
		finished(r, ud, &res);
		((job *)ud)->busy = 0;
		llm_result_free(&res);
	}
	llm_engine_free(e);
	free(slots);
	free(fds);
	sumgen_free(g);
}

int cmd_summarize(int argc, char **argv)
{
	const char *db = NULL, *model = NULL;
	int jobs = 1, again = 0, flagged = 0, sel_all = 0;
	gv_audience aud = GV_AUD_CLINICIAN;
	int first_id = 0, nids = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--model") == 0 && i + 1 < argc) {
			model = argv[++i];
		} else if (strcmp(a, "--audience") == 0 && i + 1 < argc) {
			if (prompt_audience_parse(argv[++i], &aud) != GV_OK) {
				fprintf(stderr, "growthview summarize: --audience must be clinician or family\n");
				return 2;
			}
		} else if (strcmp(a, "--jobs") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > JOBS_MAX) {
				fprintf(stderr, "growthview summarize: --jobs must be 1 to %d\n", JOBS_MAX);
				return 2;
			}
			jobs = (int)v;
		} else if (strcmp(a, "--again") == 0) {
			again = 1;
		} else if (strcmp(a, "--patients") == 0 && i + 1 < argc) {
			if (strcmp(argv[i + 1], "all") == 0) {
				sel_all = 1;
				i++;
			} else if (strcmp(argv[i + 1], "flagged") == 0) {
				flagged = 1;
				i++;
			} else {
				first_id = i + 1;
				while (i + 1 < argc && (argv[i + 1][0] != '-' || argv[i + 1][1] == '\0')) {
					i++;
					nids++;
				}
			}
		} else {
			fprintf(stderr, "growthview summarize: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!model) {
		fprintf(stderr, "growthview summarize: name a model with --model NAME\n");
		usage(stderr);
		return 2;
	}
	if ((sel_all + flagged + (nids > 0)) > 1) {
		fprintf(stderr, "growthview summarize: --patients takes all, flagged or IDs, once\n");
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("summarize", db, 0, &cfg, &st) != 0)
		return 2;
	run r;
	memset(&r, 0, sizeof r);
	r.st = st;
	r.model = model;
	r.aud = aud;
	if (strcmp(model, BASELINE_MODEL) == 0)
		r.builtin = 1;
	else if (variants_model_parse(model))
		r.builtin = 1 + variants_model_parse(model);
	else if (!(r.m = config_model(&cfg, model))) {
		char *mm = cmd_clean(model);
		fprintf(stderr, "growthview summarize: no model '%s' in %s", mm ? mm : "?",
			cfg.file ? cfg.file : "the configuration (there is no config file)");
		for (size_t i = 0; i < cfg.nmodels; i++)
			fprintf(stderr, "%s%s", i ? ", " : " (configured: ", cfg.models[i].name);
		fprintf(stderr, "%s; built in: baseline, demo-variant-1, demo-variant-2\n", cfg.nmodels ? ")" : "");
		free(mm);
		store_close(st);
		config_free(&cfg);
		return 2;
	}
	gv_flag_options fo;
	flags_default_options(&fo, (gv_ruleset)cfg.rules);

	/* The patients, then those not done yet. */
	plist all = {NULL, 0, 0}, todo = {NULL, 0, 0};
	int rc = 0;
	if (nids) {
		for (int i = 0; i < nids && rc == 0; i++) {
			gv_patient p;
			store_rc sr = store_patient_resolve(st, argv[first_id + i], &p);
			if (sr != STORE_OK) {
				char *w = cmd_clean(argv[first_id + i]);
				fprintf(stderr, "growthview summarize: %s: %s\n", w ? w : "?",
					sr == STORE_NOTFOUND ? "no such patient" : store_errmsg(st));
				free(w);
				rc = 2;
			} else {
				size_t k = 0;
				while (k < all.n && all.id[k] != p.id)
					k++;
				if (k == all.n && plist_add(&all, p.id) != 0) /* a patient named twice: once */
					rc = 2;
			}
		}
	}
	const char *audname = prompt_audience_name(aud);
	if (rc == 0 && !nids) {
		/* Every (flagged) patient not done yet, in one query. */
		long every = 0;
		if (!again && store_summary_todo(st, flagged, 0, model, PROMPT_TEMPLATE_ID, PROMPT_TEMPLATE_VERSION, audname,
						 count_id, &every) != STORE_OK) {
			fprintf(stderr, "growthview summarize: %s\n", store_errmsg(st));
			rc = 2;
		}
		if (rc == 0 && store_summary_todo(st, flagged, !again, model, PROMPT_TEMPLATE_ID, PROMPT_TEMPLATE_VERSION, audname,
				       add_id, &todo) != STORE_OK) {
			fprintf(stderr, "growthview summarize: %s\n", store_errmsg(st));
			rc = 2;
		}
		r.skipped = again ? 0 : every - (long)todo.n;
	}
	for (size_t i = 0; rc == 0 && nids && i < all.n; i++) {
		int done = 0;
		if (!again && store_summary_done(st, all.id[i], model, PROMPT_TEMPLATE_ID, PROMPT_TEMPLATE_VERSION, audname,
						 &done) != STORE_OK) {
			fprintf(stderr, "growthview summarize: %s\n", store_errmsg(st));
			rc = 2;
		} else if (done) {
			r.skipped++;
		} else if (plist_add(&todo, all.id[i]) != 0) {
			fprintf(stderr, "growthview summarize: out of memory\n");
			rc = 2;
		}
	}
	if (rc == 0) {
		struct sigaction sa, old_int, old_term;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		if (old_int.sa_handler == SIG_IGN)
			sigaction(SIGINT, &old_int, NULL);
		if (old_term.sa_handler == SIG_IGN)
			sigaction(SIGTERM, &old_term, NULL);
		r.pg.on = isatty(STDERR_FILENO);
		r.pg.total = (long)todo.n;
		r.pg.t0 = now_s();
		if (r.builtin)
			run_builtin(&r, &fo, &todo);
		else
			run_llm(&r, &fo, &todo, jobs);
		bar(&r.pg, 1);
		bar_clear(&r.pg);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		double el = now_s() - r.pg.t0;
		char *mm = cmd_clean(model);
		fprintf(stderr, "growthview summarize: %s: %ld stored, %ld failed, %ld already stored%s in %.1f s\n",
			mm ? mm : "?", r.stored, r.failed, r.skipped, stop_sig ? ", interrupted" : "", el);
		free(mm);
		if (stop_sig) {
			long left = (long)todo.n - r.stored - r.failed;
			fprintf(stderr, "growthview summarize: %ld not done; run the same command again to finish\n", left);
			rc = 130;
		} else {
			rc = r.failed || r.store_broken ? 1 : 0;
		}
	}
	free(all.id);
	free(todo.id);
	store_close(st);
	config_free(&cfg);
	return rc;
}
