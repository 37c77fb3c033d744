/* app_llm_cmd.c — the command backend (app/llm_cmd.c) against tests/fake/llm_cmd.sh: argv
 * splitting, the prompt on stdin, errors with the program's last stderr lines, time-outs that kill
 * the whole process group, the output cap, UTF-8, pipes that must not deadlock, concurrency. */
#include "tests/tu_store.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "app/llm.h"

static char dir[256];
static char script[1024];

static int setup(void **state)
{
	(void)state;
	tu_tmpdir(dir, sizeof dir);
	char cwd[512];
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(script, sizeof script, "%s/tests/fake/llm_cmd.sh", cwd);
	if (!tu_exists(script))
		fail_msg("%s missing: run the tests from the top of the tree", script);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmdir(dir);
	return 0;
}

/* A command model running the fake script in `mode` with scratch file dir/name. */
typedef struct tmodel {
	gv_model m;
	char name[32];
	char cmd[2048];
	char file[512];
} tmodel;

static void fake(tmodel *t, const char *mode, const char *extra, double timeout)
{
	config_model_defaults(&t->m);
	snprintf(t->name, sizeof t->name, "fake-%s", mode);
	snprintf(t->file, sizeof t->file, "%s/%s", dir, mode);
	snprintf(t->cmd, sizeof t->cmd, "sh '%s' %s '%s'%s%s", script, mode, t->file, extra ? " " : "", extra ? extra : "");
	t->m.name = t->name;
	t->m.backend = GV_BACKEND_COMMAND;
	t->m.command = t->cmd;
	t->m.timeout = timeout;
}

static size_t tu_slurp_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
}

/* 1 when the process is gone (or a zombie nobody reaped yet), waiting up to 3 s for it. */
static int gone(long pid)
{
	for (int i = 0; i < 300; i++) {
		char p[64], st[512];
		snprintf(p, sizeof p, "/proc/%ld/stat", pid);
		FILE *f = fopen(p, "r");
		if (!f)
			return 1;
		size_t n = fread(st, 1, sizeof st - 1, f);
		fclose(f);
		st[n] = '\0';
		const char *rp = strrchr(st, ')');
		if (rp && rp[1] == ' ' && rp[2] == 'Z')
			return 1;
		usleep(10000);
	}
	return 0;
}

static void test_split(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *out; /* words joined by '|' */
	} ok[] = {
		{"ollama run qwen2.5:7b", "ollama|run|qwen2.5:7b"},
		{"  llama-cli\t-m  /m/x.gguf  ", "llama-cli|-m|/m/x.gguf"},
		{"prog 'a b' \"c d\" e\\ f", "prog|a b|c d|e f"},
		{"prog 'it''s' \"say \\\"hi\\\" \\\\ \\$HOME \\x\"", "prog|its|say \"hi\" \\ $HOME \\x"},
		{"prog $HOME ~ *.c a;b a|b", "prog|$HOME|~|*.c|a;b|a|b"},
		{"prog '' \"\"", "prog||"},
		{"a'b'\"c\"d", "abcd"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char **argv = NULL, err[128], got[256] = "";
		int n = llm_split_command(ok[i].in, &argv, err, sizeof err);
		if (n < 0)
			fail_msg("split '%s': %s", ok[i].in, err);
		for (int k = 0; k < n; k++) {
			if (k)
				strcat(got, "|");
			strcat(got, argv[k]);
		}
		assert_null(argv[n]);
		assert_string_equal(got, ok[i].out);
		llm_argv_free(argv);
	}
	static const struct {
		const char *in, *err;
	} bad[] = {
		{"prog 'open", "unterminated ' quote at byte 6"},
		{"prog \"open \\\"", "unterminated \" quote at byte 6"},
		{"prog x\\", "a backslash ends the command"},
		{"   ", "no program to run"},
		{"", "no program to run"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char **argv = (char **)1, err[128];
		assert_int_equal(llm_split_command(bad[i].in, &argv, err, sizeof err), -1);
		assert_null(argv);
		assert_string_equal(err, bad[i].err);
	}
}

static void test_input_format(void **state)
{
	(void)state;
	size_t n;
	char *s = llm_cmd_input("You are careful.", "Summarise.", &n);
	assert_string_equal(s, "You are careful.\n\nSummarise.\n");
	assert_int_equal(n, strlen(s));
	free(s);
	s = llm_cmd_input("", "Ends with a newline\n", &n);
	assert_string_equal(s, "Ends with a newline\n");
	free(s);
	s = llm_cmd_input(NULL, "", &n);
	assert_string_equal(s, "\n");
	free(s);
}

static void test_good(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "good", NULL, 20);
	llm_result r;
	const char *sys = "You write growth summaries.", *user = "Girl, 14 months.\nWeight 9.1 kg (z -0.04).";
	assert_int_equal(llm_generate(&t.m, sys, user, &r), LLM_OK);
	assert_string_equal(r.error, "");
	assert_string_equal(r.text, "Weight-for-age is on the 48th percentile (z -0.04).\n");
	assert_int_equal(r.text_len, strlen(r.text));
	assert_string_equal(r.finish_reason, "stop");
	assert_int_equal(r.truncated, 0);
	assert_int_equal(r.exit_status, 0);
	assert_int_equal(r.attempts, 1);
	assert_null(r.server_model);
	assert_int_equal(r.prompt_tokens, -1);
	assert_null(r.stderr_tail);
	assert_true(r.duration_ms >= 0 && r.duration_ms < 20000);
	char want[4096];
	snprintf(want, sizeof want, "{\"command\":[\"sh\",\"%s\",\"good\",\"%s\"],\"shell\":false,\"timeout\":20}", script,
		 t.file);
	assert_string_equal(r.params_json, want);
	/* The program read exactly the documented combination of the two messages. */
	size_t n, wn;
	char *got = tu_slurp(t.file, &n), *exp = llm_cmd_input(sys, user, &wn);
	assert_non_null(got);
	assert_int_equal(n, wn);
	assert_memory_equal(got, exp, n);
	free(got);
	free(exp);
	llm_result_free(&r);
	assert_null(r.text);
	llm_result_free(&r); /* a freed result may be freed again */
}

static void test_fail_shows_last_stderr_lines(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "fail", NULL, 20);
	llm_result r;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_EXIT);
	assert_null(r.text);
	assert_int_equal(r.exit_status, 3);
	assert_string_equal(r.error, "sh: exited with status 3; stderr: line two | line three | error: out of memory");
	assert_string_equal(r.stderr_tail, "loading model\nline two\nline three\nerror: out of memory");
	assert_non_null(r.params_json);
	llm_result_free(&r);
}

static void test_timeout_kills_group(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "slow", NULL, 0.3);
	llm_result r;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_TIMEOUT);
	assert_string_equal(r.error, "sh: no answer within the time-out (0.3 s); its process group was killed");
	assert_true(r.duration_ms >= 300);
	assert_true(r.duration_ms < 3000); /* the time-out's 0.3 s and a kill, not the script's 30 s */
	assert_int_equal(r.exit_status, -SIGKILL);
	assert_null(r.text);
	long sh = 0, sl = 0;
	char *pids = tu_slurp(t.file, NULL);
	assert_non_null(pids);
	assert_int_equal(sscanf(pids, "%ld %ld", &sh, &sl), 2);
	free(pids);
	assert_true(gone(sh));
	assert_true(gone(sl)); /* the script's own child: the whole group went */
	llm_result_free(&r);
}

static void test_huge_output_is_an_error(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "huge", NULL, 20);
	llm_result r;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_TOOBIG);
	assert_string_equal(r.error, "sh: output longer than 65536 bytes; its process group was killed");
	assert_null(r.text);
	assert_true(r.duration_ms < 10000);
	llm_result_free(&r);
	/* At the edge: 65536 bytes are a text, 65537 are not. */
	char n[16];
	snprintf(n, sizeof n, "%d", LLM_TEXT_MAX);
	fake(&t, "bytes", n, 20);
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_int_equal(r.text_len, 65536);
	assert_int_equal(strlen(r.text), 65536);
	assert_int_equal(strspn(r.text, "a"), 65536);
	llm_result_free(&r);
	snprintf(n, sizeof n, "%d", LLM_TEXT_MAX + 1);
	fake(&t, "bytes", n, 20);
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_TOOBIG);
	assert_null(r.text);
	llm_result_free(&r);
}

static void test_bad_output(void **state)
{
	(void)state;
	static const struct {
		const char *mode;
		llm_status st;
		const char *err;
	} cases[] = {
		{"binary", LLM_ERR_ENCODING, "sh: output is not valid UTF-8 (first bad byte at offset 3)"},
		{"nul", LLM_ERR_ENCODING, "sh: output holds a NUL byte (binary output?)"},
		{"empty", LLM_ERR_EMPTY, "sh: no output"},
		{"signal", LLM_ERR_EXIT, "sh: killed by signal 15 (SIGTERM)"},
		{"escapes", LLM_ERR_EXIT, "sh: exited with status 4; stderr: bad  title"},
		{"nosuchmode", LLM_ERR_EXIT, "sh: exited with status 64; stderr: llm_cmd.sh: unknown mode nosuchmode"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tmodel t;
		fake(&t, cases[i].mode, NULL, 20);
		llm_result r;
		if (llm_generate(&t.m, "s", "u", &r) != cases[i].st)
			fail_msg("%s: status %s, error '%s'", cases[i].mode, llm_status_name(r.status), r.error);
		assert_string_equal(r.error, cases[i].err);
		assert_null(r.text);
		assert_null(strchr(r.error, '\033'));
		llm_result_free(&r);
	}
}

static void test_grandchild_holding_stdout(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "grandchild", NULL, 20);
	llm_result r;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "quick answer\n");
	assert_true(r.duration_ms < 10000); /* neither the sleep's 30 s nor the 20 s time-out */
	char *pid = tu_slurp(t.file, NULL);
	assert_non_null(pid);
	assert_true(gone(atol(pid))); /* the leftover was killed with the group */
	free(pid);
	llm_result_free(&r);
}

static void test_big_pipes_do_not_deadlock(void **state)
{
	(void)state;
	tmodel t;
	fake(&t, "deadlock", NULL, 60);
	size_t big = 200000;
	char *user = malloc(big + 1);
	assert_non_null(user);
	memset(user, 'u', big);
	user[big] = '\0';
	llm_result r;
	if (llm_generate(&t.m, "sys", user, &r) != LLM_OK)
		fail_msg("%s", r.error);
	/* 60,000 'o' written before it read its input, then the size of that input. */
	size_t in_len;
	free(llm_cmd_input("sys", user, &in_len));
	char tail[32];
	snprintf(tail, sizeof tail, "%zu\n", in_len);
	assert_int_equal(r.text_len, 60000 + strlen(tail));
	assert_int_equal(strspn(r.text, "o"), 60000);
	assert_string_equal(r.text + 60000, tail);
	/* stderr: one 200,000-byte line; the tail keeps its end. */
	assert_int_equal(strlen(r.stderr_tail), 2048);
	assert_int_equal(strspn(r.stderr_tail, "e"), 2048);
	llm_result_free(&r);

	/* A program that never reads a 1 MiB prompt: EPIPE, no SIGPIPE, its answer stands. */
	free(user);
	big = 1 << 20;
	user = malloc(big + 1);
	memset(user, 'u', big);
	user[big] = '\0';
	fake(&t, "noread", NULL, 20);
	assert_int_equal(llm_generate(&t.m, NULL, user, &r), LLM_OK);
	assert_string_equal(r.text, "ok\n");
	llm_result_free(&r);
	free(user);
}

static void test_shell_and_argv(void **state)
{
	(void)state;
	static char name[] = "t", sh_cmd[] = "echo \"$((6*7))\" | tr 4 X", argv_cmd[] = "printf '%s|' \"a b\" 'c d' e\\ f '$HOME' ;";
	gv_model m;
	config_model_defaults(&m);
	m.name = name;
	m.backend = GV_BACKEND_COMMAND;
	m.timeout = 20;
	m.command = sh_cmd;
	m.shell = 1;
	llm_result r;
	assert_int_equal(llm_generate(&m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "X2\n");
	assert_string_equal(r.params_json, "{\"command\":[\"/bin/sh\",\"-c\",\"echo \\\"$((6*7))\\\" | tr 4 X\"],"
					   "\"shell\":true,\"timeout\":20}");
	llm_result_free(&r);
	/* Without the shell nothing is expanded and ';' is an argument. */
	m.shell = 0;
	m.command = argv_cmd;
	assert_int_equal(llm_generate(&m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "a b|c d|e f|$HOME|;|");
	llm_result_free(&r);
	/* The same string through the shell is another program. */
	static char no_such[] = "gv-no-such-program --flag";
	m.command = no_such;
	assert_int_equal(llm_generate(&m, "s", "u", &r), LLM_ERR_SPAWN);
	assert_string_equal(r.error, "cannot run 'gv-no-such-program': No such file or directory");
	assert_int_equal(r.attempts, 0);
	llm_result_free(&r);
	static char unterminated[] = "prog 'x";
	m.command = unterminated;
	assert_int_equal(llm_generate(&m, "s", "u", &r), LLM_ERR_CONFIG);
	assert_string_equal(r.error, "model t: command: unterminated ' quote at byte 6");
	assert_null(r.params_json);
	llm_result_free(&r);
}

static void test_engine_concurrency_and_cancel(void **state)
{
	(void)state;
	llm_engine *e = llm_engine_new();
	assert_non_null(e);
	struct pollfd fds[64];
	int t;
	/* Idle: nothing to wait on, no time limit. */
	assert_int_equal(llm_engine_pollfds(e, fds, 64, &t), 0);
	assert_int_equal(t, -1);
	/* Four programs that each wait until all four have started: only concurrency finishes them. */
	tmodel b;
	char n4[] = "4";
	fake(&b, "barrier", n4, 30);
	uint64_t ids[4];
	for (int i = 0; i < 4; i++) {
		ids[i] = llm_start(e, &b.m, "s", "u", (void *)(intptr_t)(i + 1));
		assert_true(ids[i] > 0);
	}
	assert_int_equal(llm_engine_pending(e), 4);
	size_t need = llm_engine_pollfds(e, fds, 2, &t); /* too small: says how many */
	assert_true(need >= 4 * 2); /* stdout and stderr of each (stdin is closed once written; a pidfd where there is one) */
	assert_true(t > 0 && t <= 30000);
	int seen = 0, mask = 0;
	while (seen < 4) {
		assert_true(llm_engine_wait(e, -1) >= 0);
		llm_result r;
		uint64_t id;
		void *ud;
		while (llm_next(e, &r, &id, &ud)) {
			int k = (int)(intptr_t)ud;
			assert_true(k >= 1 && k <= 4);
			assert_int_equal(id, ids[k - 1]);
			if (r.status != LLM_OK)
				fail_msg("barrier %d: %s", k, r.error);
			assert_string_equal(r.text, "met\n");
			mask |= 1 << (k - 1);
			seen++;
			llm_result_free(&r);
		}
	}
	assert_int_equal(mask, 15);
	assert_int_equal(llm_engine_pending(e), 0);

	/* Cancel: the group is killed, the request comes back once, cancelled. */
	tmodel s;
	fake(&s, "slow", NULL, 60);
	uint64_t id = llm_start(e, &s.m, "s", "u", NULL);
	while (!tu_exists(s.file) || tu_slurp_size(s.file) == 0)
		assert_true(llm_engine_wait(e, 20) >= 0);
	assert_int_equal(llm_cancel(e, id), 1);
	assert_int_equal(llm_cancel(e, id), 0);
	assert_int_equal(llm_engine_pollfds(e, fds, 64, &t), 0);
	assert_int_equal(t, 0); /* a finished request waits */
	llm_result r;
	uint64_t got;
	assert_int_equal(llm_next(e, &r, &got, NULL), 1);
	assert_int_equal(got, id);
	assert_int_equal(r.status, LLM_ERR_CANCELLED);
	assert_string_equal(r.error, "cancelled");
	llm_result_free(&r);
	assert_int_equal(llm_next(e, &r, NULL, NULL), 0);
	long sh = 0, sl = 0;
	char *pids = tu_slurp(s.file, NULL);
	assert_int_equal(sscanf(pids, "%ld %ld", &sh, &sl), 2);
	free(pids);
	assert_true(gone(sh) && gone(sl));

	/* Freeing the engine with a request in flight kills that group too. */
	unlink(s.file);
	llm_start(e, &s.m, "s", "u", NULL);
	while (!tu_exists(s.file) || tu_slurp_size(s.file) == 0)
		assert_true(llm_engine_wait(e, 20) >= 0);
	pids = tu_slurp(s.file, NULL);
	assert_int_equal(sscanf(pids, "%ld %ld", &sh, &sl), 2);
	free(pids);
	llm_engine_free(e);
	assert_true(gone(sh) && gone(sl));
	/* No child left to reap: every one was waited for. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_input_format),
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_shows_last_stderr_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_kills_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_output_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grandchild_holding_stdout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_pipes_do_not_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shell_and_argv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_engine_concurrency_and_cancel, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_llm_cmd", tests, NULL, NULL);
}
