/* tu_fake.h — the fake chat server (tests/fake/llm_server.py) for the suites that need one
 * (header-only, static functions): started on 127.0.0.1 at a port the kernel picks, with the
 * proxies of the environment removed, stopped with the suite. */
#ifndef GV_TU_FAKE_H
#define GV_TU_FAKE_H

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tu_store.h"

extern char **environ;

static pid_t tu_fake_pid;
static int tu_fake_port;

/* 1 when a program is on PATH. */
static inline int tu_have(const char *prog)
{
	const char *p = getenv("PATH");
	char path[1024];
	while (p && *p) {
		size_t n = strcspn(p, ":");
		snprintf(path, sizeof path, "%.*s/%s", (int)n, p, prog);
		if (access(path, X_OK) == 0)
			return 1;
		p += n + (p[n] == ':');
	}
	return 0;
}

/* Start the server; 0 with tu_fake_port set, -1 when python3 is missing (the caller skips). */
static inline int tu_fake_start(void)
{
	static const char *const proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
					      "ALL_PROXY", "all_proxy", "no_proxy", "NO_PROXY"};
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	if (!tu_have("python3"))
		return -1;
	int p[2];
	if (pipe(p) != 0)
		fail_msg("pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	static char a0[] = "python3", a1[] = "tests/fake/llm_server.py";
	char *argv[] = {a0, a1, NULL};
	int rc = posix_spawnp(&tu_fake_pid, "python3", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0)
		fail_msg("cannot start python3: %s", strerror(rc));
	struct pollfd pf = {p[0], POLLIN, 0};
	char line[32] = "";
	if (poll(&pf, 1, 20000) != 1 || read(p[0], line, sizeof line - 1) <= 0)
		fail_msg("the fake server did not say its port");
	close(p[0]);
	tu_fake_port = atoi(line);
	if (tu_fake_port <= 0)
		fail_msg("the fake server said '%s'", line);
	return 0;
}

static inline void tu_fake_stop(void)
{
	if (tu_fake_pid > 0) {
		kill(tu_fake_pid, SIGTERM);
		waitpid(tu_fake_pid, NULL, 0);
		tu_fake_pid = 0;
	}
}

#endif
