/*
 * cmd_models.c — growthview models [--check NAME]
 *
 * Lists the models named in the config file's [model NAME] sections (app/config.h): name, backend,
 * URL (http) or command (command), and the model the request names (http; "-" otherwise), under a
 * header line, in file order.  With --check NAME, sends that model one tiny request (a connection
 * check; max_tokens at most 16 over http) and reports how long it took and what the server or
 * program said about itself, or the error.  Everything shown is cleaned first (core/text.h): model
 * names from a server, replies and errors are untrusted.
 * Exit status: 0; 1 when the check failed; 2 on a usage or configuration error, or an unknown model.
 * Ctrl-C during a check ends the request (the program's process group is killed) before the
 * command dies of the signal.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/llm.h"
#include "core/text.h"
#include "ui/term.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview models [--check NAME]\n"
		   "  (no option)    list the models of the config file's [model NAME] sections\n"
		   "  --check NAME   send model NAME one tiny request; report its latency or the error\n");
}

static unsigned clean_flags;

/* Print s cleaned for the terminal (one line). */
static void put_clean(FILE *f, const char *s)
{
	char *c = text_clean_dup(s, strlen(s), clean_flags);
	fputs(c ? c : "?", f);
	free(c);
}

static int list(const gv_config *c)
{
	if (c->nmodels == 0) {
		if (c->file)
			fprintf(stderr, "growthview models: no [model NAME] sections in %s (see growthview(1), FILES)\n", c->file);
		else
			fprintf(stderr, "growthview models: no config file (see growthview(1), FILES)\n");
		return 0;
	}
	/* Widths of the first three columns (bytes: names and URLs are ASCII; a command may not be,
	 * and then the columns after it are off by a little, never wrong). */
	size_t w[3] = {4, 7, 14};
	for (size_t i = 0; i < c->nmodels; i++) {
		const gv_model *m = &c->models[i];
		size_t n0 = strlen(m->name), n2 = strlen(m->backend == GV_BACKEND_HTTP ? m->url : m->command);
		if (n0 > w[0])
			w[0] = n0;
		if (n2 > w[2])
			w[2] = n2;
	}
	if (w[2] > 60)
		w[2] = 60;
	printf("%-*s  %-*s  %-*s  %s\n", (int)w[0], "NAME", (int)w[1], "BACKEND", (int)w[2], "URL OR COMMAND", "MODEL");
	for (size_t i = 0; i < c->nmodels; i++) {
		const gv_model *m = &c->models[i];
		const char *where = m->backend == GV_BACKEND_HTTP ? m->url : m->command;
		char *cw = text_clean_dup(where, strlen(where), clean_flags);
		char *cm = m->model ? text_clean_dup(m->model, strlen(m->model), clean_flags) : NULL;
		printf("%-*s  %-*s  %-*s  %s\n", (int)w[0], m->name, (int)w[1],
		       m->backend == GV_BACKEND_HTTP ? "http" : "command", (int)w[2], cw ? cw : "?", cm ? cm : "-");
		free(cw);
		free(cm);
	}
	return 0;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void field(const char *label, const char *v)
{
	if (!v)
		return;
	printf("  %-13s ", label);
	put_clean(stdout, v);
	putchar('\n');
}

static int check(const gv_config *c, const char *name)
{
	const gv_model *cm = config_model(c, name);
	if (!cm) {
		fprintf(stderr, "growthview models: no model '");
		put_clean(stderr, name);
		fprintf(stderr, "' in %s", c->file ? c->file : "the configuration (there is no config file)");
		for (size_t i = 0; i < c->nmodels; i++)
			fprintf(stderr, "%s%s", i ? ", " : " (configured: ", c->models[i].name);
		fprintf(stderr, "%s\n", c->nmodels ? ")" : "");
		return 2;
	}
	gv_model m = *cm;
	if (m.backend == GV_BACKEND_HTTP && (m.max_tokens == 0 || m.max_tokens > 16))
		m.max_tokens = 16;
	llm_engine *e = llm_engine_new();
	if (!e) {
		fprintf(stderr, "growthview models: out of memory\n");
		return 2;
	}
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (old_int.sa_handler == SIG_IGN) /* nohup, a background job of a script: keep ignoring it */
		sigaction(SIGINT, &old_int, NULL);
	if (old_term.sa_handler == SIG_IGN)
		sigaction(SIGTERM, &old_term, NULL);
	llm_result r;
	memset(&r, 0, sizeof r);
	int rc = 0;
	if (!llm_start(e, &m, "This is a connection check.", "Reply with one word: OK", NULL)) {
		fprintf(stderr, "growthview models: out of memory\n");
		rc = 2;
	}
	while (rc == 0 && !got_signal && !llm_next(e, &r, NULL, NULL)) {
		if (llm_engine_wait(e, -1) < 0 && errno != EINTR) {
			fprintf(stderr, "growthview models: %s\n", strerror(errno));
			rc = 2;
		}
	}
	llm_engine_free(e); /* kills what is still running */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (got_signal) {
		llm_result_free(&r);
		fprintf(stderr, "growthview models: %s: interrupted\n", name);
		fflush(stdout);
		raise(got_signal); /* die of it, as the shell expects */
		return 2;
	}
	if (rc != 0)
		return rc;
	if (r.status != LLM_OK) {
		fprintf(stderr, "growthview models: %s: failed after %lld ms: %s\n", name, (long long)r.duration_ms, r.error);
		llm_result_free(&r);
		return 1;
	}
	printf("%s: ok in %lld ms", name, (long long)r.duration_ms);
	if (r.attempts > 1)
		printf(" (%d attempts)", r.attempts);
	putchar('\n');
	field("server model", r.server_model);
	field("fingerprint", r.fingerprint);
	field("build_info", r.build_info);
	field("model_path", r.model_path);
	field("digest", r.digest);
	field("quantization", r.quantization);
	if (r.prompt_tokens >= 0 || r.completion_tokens >= 0)
		printf("  %-13s %lld prompt, %lld completion\n", "tokens", (long long)r.prompt_tokens,
		       (long long)r.completion_tokens);
	if (r.finish_reason) {
		printf("  %-13s ", "finish");
		put_clean(stdout, r.finish_reason);
		puts(r.truncated ? " (cut at max_tokens)" : "");
	}
	char reply[200];
	size_t n = r.text_len;
	while (n > 0 && strchr(" \t\r\n", r.text[n - 1]))
		n--;
	size_t need = text_clean(reply, sizeof reply, r.text, n, clean_flags);
	printf("  %-13s %s%s\n", "reply", reply, need >= sizeof reply ? "..." : "");
	llm_result_free(&r);
	return 0;
}

int cmd_models(int argc, char **argv)
{
	const char *name = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--check") == 0 && i + 1 < argc && !name) {
			name = argv[++i];
		} else {
			if (strcmp(a, "--check") == 0)
				fprintf(stderr, "growthview models: --check needs one model name\n");
			else
				fprintf(stderr, "growthview models: unexpected '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	clean_flags = term_locale() ? 0 : TEXT_ASCII;
	gv_config cfg;
	char err[1024];
	if (config_load(&cfg, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "growthview models: %s\n", err);
		return 2;
	}
	int rc = name ? check(&cfg, name) : list(&cfg);
	config_free(&cfg);
	return rc;
}
