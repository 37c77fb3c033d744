/* llm_bench — the generation engine's own cost (app/llm.h): N requests, J in flight at a time,
 * against the fake chat server (tests/fake/llm_server.py, mode "fast": a fixed answer at once) and
 * against the command backend running `cat`.  Reports wall time, requests per second, the client's
 * CPU time per request (user + system: the overhead that is ours, not the server's) and the peak
 * RSS of this process.  Asserts nothing (`make bench`).
 *
 *   llm_bench [N [J]]      default 1000 8; run from the top of the tree */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/llm.h"

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

static int run(const char *what, const gv_model *m, int n, int jobs, const char *prompt)
{
	llm_engine *e = llm_engine_new();
	if (!e)
		return 1;
	int started = 0, done = 0, failed = 0;
	double t0 = now(), c0 = cpu();
	while (done < n) {
		while (started - done < jobs && started < n) {
			if (!llm_start(e, m, "You write growth summaries.", prompt, NULL)) {
				fprintf(stderr, "out of memory\n");
				return 1;
			}
			started++;
		}
		if (llm_engine_wait(e, -1) < 0 && errno != EINTR) {
			perror("poll");
			return 1;
		}
		llm_result r;
		while (llm_next(e, &r, NULL, NULL)) {
			if (r.status != LLM_OK && failed++ < 3)
				fprintf(stderr, "%s: %s\n", what, r.error);
			llm_result_free(&r);
			done++;
		}
	}
	double wall = now() - t0, c = cpu() - c0;
	llm_engine_free(e);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("llm %-14s %5d requests, %d at a time: %6.3f s, %7.0f requests/s, client CPU %5.0f us/request, "
	       "peak RSS %.1f MB%s\n",
	       what, n, jobs, wall, n / wall, c / n * 1e6, ru.ru_maxrss / 1024.0, failed ? " (FAILURES)" : "");
	return failed != 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, jobs = argc > 2 ? atoi(argv[2]) : 8;
	if (n <= 0 || jobs <= 0) {
		fprintf(stderr, "usage: llm_bench [N [J]]\n");
		return 2;
	}
	static const char *const proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"};
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	int p[2];
	if (pipe(p) != 0)
		return 2;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	static char a0[] = "python3", a1[] = "tests/fake/llm_server.py";
	char *av[] = {a0, a1, NULL};
	pid_t server;
	if (posix_spawnp(&server, "python3", &fa, NULL, av, environ) != 0) {
		fprintf(stderr, "llm_bench: python3 not found: skipped\n");
		return 0;
	}
	close(p[1]);
	char line[32] = "";
	struct pollfd pf = {p[0], POLLIN, 0};
	if (poll(&pf, 1, 20000) != 1 || read(p[0], line, sizeof line - 1) <= 0) {
		fprintf(stderr, "llm_bench: the fake server did not start\n");
		kill(server, SIGTERM);
		return 2;
	}
	close(p[0]);
	int port = atoi(line);

	char prompt[2048];
	memset(prompt, 'x', sizeof prompt - 1); /* about the size of a real prompt (2 KiB) */
	prompt[sizeof prompt - 1] = '\0';

	static char name[] = "bench", model[] = "fake", cat[] = "cat";
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/fast/v1", port);
	gv_model m;
	config_model_defaults(&m);
	m.name = name;
	m.backend = GV_BACKEND_HTTP;
	m.url = url;
	m.model = model;
	m.timeout = 30;
	m.retries = 0;
	int rc = run("http", &m, n, 1, prompt);
	rc |= run("http", &m, n, jobs, prompt);
	gv_model c;
	config_model_defaults(&c);
	c.name = name;
	c.backend = GV_BACKEND_COMMAND;
	c.command = cat;
	c.timeout = 30;
	rc |= run("command (cat)", &c, n, jobs, prompt);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	return rc;
}
