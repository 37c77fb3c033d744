/* app_llm_http.c — the HTTP backend (app/llm_http.c) against the fake chat server
 * (tests/fake/llm_server.py, 127.0.0.1 only): what is sent and recorded, retries with Retry-After
 * and back-off, time-outs, the errors that are not retried, the model's identity, concurrency
 * without spinning, and the API key appearing nowhere. */
#include "tests/tu_fake.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>

#include "app/llm.h"

#define KEY "sk-test-7Yq2LmZ0pW9xK3vB8nR4tH6jD1cF5gS0"

static int have_server;

static int group_setup(void **state)
{
	(void)state;
	setenv("GV_TEST_KEY", KEY, 1);
	unsetenv("GV_NO_SUCH_KEY");
	have_server = tu_fake_start() == 0;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_fake_stop();
	return 0;
}

static int need_server(void **state)
{
	(void)state;
	if (!have_server) {
		print_message("python3 not found: the HTTP backend's tests are skipped (.ci/deps test installs it)\n");
		skip();
	}
	return 0;
}

typedef struct tmodel {
	gv_model m;
	char name[64], url[256], model[64], keyenv[64];
} tmodel;

static void hm(tmodel *t, const char *seg)
{
	config_model_defaults(&t->m);
	snprintf(t->name, sizeof t->name, "fake-%s", seg);
	snprintf(t->url, sizeof t->url, "http://127.0.0.1:%d/%s/v1", tu_fake_port, seg);
	snprintf(t->model, sizeof t->model, "fake");
	t->m.name = t->name;
	t->m.backend = GV_BACKEND_HTTP;
	t->m.url = t->url;
	t->m.model = t->model;
	t->m.timeout = 10;
	t->m.retries = 2;
	t->m.backoff_ms = 20;
}

static void with_key(tmodel *t, const char *env)
{
	snprintf(t->keyenv, sizeof t->keyenv, "%s", env);
	t->m.api_key_env = t->keyenv;
}

/* What the server saw on path segment seg (its "stats" mode); the caller cJSON_Deletes it. */
static cJSON *seen(const char *seg)
{
	tmodel t;
	char s[96];
	snprintf(s, sizeof s, "stats-%s", seg);
	hm(&t, s);
	llm_result r;
	if (llm_generate(&t.m, NULL, "stats", &r) != LLM_OK)
		fail_msg("stats %s: %s", seg, r.error);
	cJSON *j = cJSON_Parse(r.text);
	assert_non_null(j);
	llm_result_free(&r);
	return j;
}

static double num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(v))
		fail_msg("no number %s", name);
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The key is in no field of the result. */
static void no_key(const llm_result *r)
{
	const char *fields[] = {r->error,       r->text,       r->finish_reason, r->server_model, r->fingerprint,
				r->params_json, r->build_info, r->model_path,    r->digest,       r->quantization,
				r->stderr_tail};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i] && strstr(fields[i], "sk-test-7Yq2"))
			fail_msg("the key (or its start) is in field %zu: %s", i, fields[i]);
}

static void test_ok_sends_and_records(void **state)
{
	(void)state;
	tmodel t;
	hm(&t, "ok-a");
	t.m.temperature = 0.2;
	t.m.top_p = 0.9;
	t.m.max_tokens = 600;
	t.m.has_seed = 1;
	t.m.seed = 42;
	llm_result r;
	const char *sys = "You write growth summaries.", *user = "Girl, 14 months: \"9.1 kg\"\n\u00e9";
	assert_int_equal(llm_generate(&t.m, sys, user, &r), LLM_OK);
	assert_string_equal(r.error, "");
	assert_string_equal(r.text, "Weight-for-age is on the 48th percentile.");
	assert_int_equal(r.text_len, strlen(r.text));
	assert_string_equal(r.finish_reason, "stop");
	assert_int_equal(r.truncated, 0);
	assert_string_equal(r.server_model, "fake-model-1");
	assert_string_equal(r.fingerprint, "fp_fake_42");
	assert_int_equal(r.prompt_tokens, 31);
	assert_int_equal(r.completion_tokens, 7);
	assert_int_equal(r.http_status, 200);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.exit_status, 0);
	assert_null(r.stderr_tail);
	assert_true(r.duration_ms >= 0 && r.duration_ms < 10000);
	assert_string_equal(r.params_json,
			    "{\"model\":\"fake\",\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":600,\"seed\":42,\"stream\":false}");
	/* No identity here: /props and /api/tags answer 404. */
	assert_null(r.build_info);
	assert_null(r.model_path);
	assert_null(r.digest);
	assert_null(r.quantization);
	llm_result_free(&r);

	cJSON *s = seen("ok-a");
	assert_int_equal(num(s, "count"), 1);
	assert_string_equal(str(s, "auth"), "missing"); /* no api_key_env: no Authorization header */
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s, "expect")));
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(s, "body");
	assert_string_equal(str(body, "model"), "fake");
	assert_true(num(body, "temperature") == 0.2 && num(body, "top_p") == 0.9);
	assert_int_equal(num(body, "max_tokens"), 600);
	assert_int_equal(num(body, "seed"), 42);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(body, "stream")));
	const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(body, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 0), "role"), "system");
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 0), "content"), sys);
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 1), "role"), "user");
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 1), "content"), user);
	const cJSON *probes = cJSON_GetObjectItemCaseSensitive(s, "probes");
	assert_int_equal(cJSON_GetArraySize(probes), 2);
	assert_string_equal(cJSON_GetArrayItem(probes, 0)->valuestring, "/props");
	assert_string_equal(cJSON_GetArrayItem(probes, 1)->valuestring, "/api/tags");
	cJSON_Delete(s);

	/* Nothing optional set: nothing optional sent; no system message without one. */
	hm(&t, "ok-b");
	t.m.model = NULL;
	assert_int_equal(llm_generate(&t.m, "", "only the user", &r), LLM_OK);
	assert_string_equal(r.params_json, "{\"stream\":false}");
	llm_result_free(&r);
	s = seen("ok-b");
	body = cJSON_GetObjectItemCaseSensitive(s, "body");
	assert_null(cJSON_GetObjectItemCaseSensitive(body, "model"));
	assert_null(cJSON_GetObjectItemCaseSensitive(body, "temperature"));
	assert_null(cJSON_GetObjectItemCaseSensitive(body, "seed"));
	msgs = cJSON_GetObjectItemCaseSensitive(body, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 1);
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 0), "role"), "user");
	cJSON_Delete(s);

	/* A prompt over 1 MiB goes without an "Expect: 100-continue" round trip. */
	size_t big = (1 << 20) + 100;
	char *user_big = malloc(big + 1);
	assert_non_null(user_big);
	memset(user_big, 'w', big);
	user_big[big] = '\0';
	hm(&t, "ok-c");
	assert_int_equal(llm_generate(&t.m, NULL, user_big, &r), LLM_OK);
	llm_result_free(&r);
	free(user_big);
	s = seen("ok-c");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s, "expect")));
	cJSON_Delete(s);
}

static void test_length_and_odd_answers(void **state)
{
	(void)state;
	tmodel t;
	llm_result r;
	hm(&t, "length");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "Weight-for-age is on the 48th");
	assert_string_equal(r.finish_reason, "length");
	assert_int_equal(r.truncated, 1);
	llm_result_free(&r);
	/* Escape sequences are kept in the text (it is raw: whoever shows it cleans it). */
	hm(&t, "esc");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "clear\033[2J screen\033]0;title\007 done");
	llm_result_free(&r);

	/* At the edge: 65536 bytes are a text, 65537 are not. */
	hm(&t, "size-65536");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_int_equal(r.text_len, 65536);
	llm_result_free(&r);
	hm(&t, "size-65537");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_TOOBIG);
	llm_result_free(&r);

	static const struct {
		const char *seg;
		llm_status st;
		const char *err; /* after the URL and ": " */
	} cases[] = {
		{"badjson", LLM_ERR_PROTOCOL, "the answer is not a JSON object (it starts '{\"choices\": [ not json')"},
		{"badutf8", LLM_ERR_ENCODING, "the model's text is not valid UTF-8 (first bad byte at offset 3)"},
		{"big", LLM_ERR_TOOBIG, "the model's text is longer than 65536 bytes (70000)"},
		{"nocontent", LLM_ERR_EMPTY, "the answer has no text (finish_reason tool_calls)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hm(&t, cases[i].seg);
		if (llm_generate(&t.m, "s", "u", &r) != cases[i].st)
			fail_msg("%s: %s %s", cases[i].seg, llm_status_name(r.status), r.error);
		char want[512];
		snprintf(want, sizeof want, "%s/chat/completions: %s", t.url, cases[i].err);
		assert_string_equal(r.error, want);
		assert_null(r.text);
		assert_int_equal(r.attempts, 1); /* not retried */
		assert_int_equal(r.http_status, 200);
		llm_result_free(&r);
	}
}

static void test_identity(void **state)
{
	(void)state;
	tmodel t;
	llm_result r;
	hm(&t, "llama");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.build_info, "b9999-fake");
	assert_string_equal(r.model_path, "/models/fake-7b-Q4_K_M.gguf");
	assert_null(r.digest);
	llm_result_free(&r);
	cJSON *s = seen("llama");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "probes")), 1); /* /props was enough */
	cJSON_Delete(s);

	static const struct {
		const char *model, *digest, *quant;
	} ol[] = {
		{"qwen2.5:7b", "845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e", "Q4_K_M"},
		{"llama3", "1111", "Q8_0"}, /* "llama3:latest" in Ollama's list */
		{"other", NULL, NULL},      /* "other:1b" is another model */
		{"qwen2.5", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof ol / sizeof ol[0]; i++) {
		hm(&t, "ollama");
		snprintf(t.model, sizeof t.model, "%s", ol[i].model);
		assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
		if (ol[i].digest) {
			assert_string_equal(r.digest, ol[i].digest);
			assert_string_equal(r.quantization, ol[i].quant);
		} else {
			assert_null(r.digest);
			assert_null(r.quantization);
		}
		assert_null(r.build_info);
		llm_result_free(&r);
	}

	/* One engine asks once per server and model, however many requests it sends. */
	llm_engine *e = llm_engine_new();
	hm(&t, "ollama-once");
	snprintf(t.model, sizeof t.model, "qwen2.5:7b");
	for (int i = 0; i < 3; i++)
		assert_true(llm_start(e, &t.m, "s", "u", NULL) > 0);
	int got = 0;
	while (got < 3) {
		assert_true(llm_engine_wait(e, -1) >= 0);
		while (llm_next(e, &r, NULL, NULL)) {
			assert_int_equal(r.status, LLM_OK);
			assert_string_equal(r.quantization, "Q4_K_M");
			llm_result_free(&r);
			got++;
		}
	}
	llm_engine_free(e);
	s = seen("ollama-once");
	assert_int_equal(num(s, "count"), 3);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "probes")), 2);
	cJSON_Delete(s);
}

static void test_retries(void **state)
{
	(void)state;
	tmodel t;
	llm_result r;
	/* 429 with Retry-After: 1 -> one wait of at least a second (not the 20 ms back-off). */
	hm(&t, "r429-a");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "after the rate limit");
	assert_string_equal(r.error, "");
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.http_status, 200);
	assert_true(r.duration_ms >= 1000);
	llm_result_free(&r);
	cJSON *s = seen("r429-a");
	const cJSON *gaps = cJSON_GetObjectItemCaseSensitive(s, "gaps");
	assert_int_equal(cJSON_GetArraySize(gaps), 1);
	assert_true(cJSON_GetArrayItem(gaps, 0)->valuedouble >= 0.99);
	cJSON_Delete(s);
	/* Retry-After as an HTTP date about 2 s ahead (whole seconds): a wait of 1 to 2 s. */
	hm(&t, "date429-a");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "after the date");
	assert_int_equal(r.attempts, 2);
	llm_result_free(&r);
	s = seen("date429-a");
	gaps = cJSON_GetObjectItemCaseSensitive(s, "gaps");
	assert_true(cJSON_GetArrayItem(gaps, 0)->valuedouble >= 0.9);
	assert_true(cJSON_GetArrayItem(gaps, 0)->valuedouble < 5);
	cJSON_Delete(s);
	/* A Retry-After beyond the time-out: no wait, the error says so. */
	hm(&t, "longra-a");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
	char want[512];
	snprintf(want, sizeof want,
		 "%s/chat/completions: 429 Too Many Requests: quota; the server asks to wait 3600 s before trying again, "
		 "more than the time-out",
		 t.url);
	assert_string_equal(r.error, want);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.http_status, 429);
	assert_true(r.duration_ms < 5000);
	llm_result_free(&r);
	/* At the edge: a Retry-After of exactly the time-out is waited for, one second more is not. */
	hm(&t, "ra-1-a");
	t.m.timeout = 1;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "after waiting");
	assert_int_equal(r.attempts, 2);
	llm_result_free(&r);
	hm(&t, "ra-2-a");
	t.m.timeout = 1;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(r.error, "the server asks to wait 2 s before trying again, more than the time-out"));
	llm_result_free(&r);
	/* 500 once, then an answer: the first failure is forgotten. */
	hm(&t, "fail500-a");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	assert_string_equal(r.text, "after the 500");
	assert_string_equal(r.error, "");
	assert_int_equal(r.attempts, 2);
	llm_result_free(&r);
	/* Always 500: 1 + retries attempts, back-off doubling from 20 ms (waits in [10, 20] then
	 * [20, 40] ms), then the last error with the count. */
	hm(&t, "always500-a");
	t.m.retries = 2;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
	snprintf(want, sizeof want, "%s/chat/completions: 500 Internal Server Error: model crashed (after 3 attempts)", t.url);
	assert_string_equal(r.error, want);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.http_status, 500);
	assert_null(r.text);
	llm_result_free(&r);
	s = seen("always500-a");
	assert_int_equal(num(s, "count"), 3);
	gaps = cJSON_GetObjectItemCaseSensitive(s, "gaps");
	assert_true(cJSON_GetArrayItem(gaps, 0)->valuedouble >= 0.009);
	assert_true(cJSON_GetArrayItem(gaps, 1)->valuedouble >= 0.019);
	cJSON_Delete(s);
	/* retries = 0: one attempt, no count in the message. */
	hm(&t, "always503-a");
	t.m.retries = 0;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
	snprintf(want, sizeof want, "%s/chat/completions: 503 Service Unavailable: loading model", t.url);
	assert_string_equal(r.error, want);
	assert_int_equal(r.attempts, 1);
	llm_result_free(&r);
	/* A hang past the time-out: each attempt gives up at 0.5 s. */
	hm(&t, "hang-a");
	t.m.timeout = 0.5;
	t.m.retries = 1;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_TIMEOUT);
	snprintf(want, sizeof want, "%s/chat/completions: no answer within the time-out (0.5 s) (after 2 attempts)", t.url);
	assert_string_equal(r.error, want);
	assert_int_equal(r.attempts, 2);
	assert_true(r.duration_ms >= 1000 && r.duration_ms < 2900); /* not the server's 3 s */
	llm_result_free(&r);
}

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
static int closed_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	return ntohs(a.sin_port);
}

static void test_not_retried(void **state)
{
	(void)state;
	static const struct {
		const char *seg;
		int key; /* 1: api_key_env = GV_TEST_KEY */
		int status;
		const char *err; /* after "URL/chat/completions: " */
	} cases[] = {
		{"unauth-a", 1, 401, "401 Unauthorized: the server does not accept the key in $GV_TEST_KEY; put a valid one there"},
		{"unauth-b", 0, 401,
		 "401 Unauthorized: the server wants an API key; set api_key_env in [model fake-unauth-b] to the environment "
		 "variable that holds it"},
		{"forbid-a", 1, 403, "403 Forbidden: the key in $GV_TEST_KEY may not use model fake"},
		{"echo400-a", 1, 400,
		 "400 Bad Request: bad request from Bearer [key] red (check model, max_tokens, temperature and top_p in "
		 "[model fake-echo400-a])"},
		{"notfound-a", 1, 404,
		 "404 Not Found: model 'nosuch' not found, try pulling it first (check url in [model fake-notfound-a]: an "
		 "OpenAI-compatible base usually ends in /v1; and model)"},
		{"redirect-a", 1, 302,
		 "the server redirects (302) to http://127.0.0.2:9/elsewhere/v1/chat/completions; redirects are not followed "
		 "(the API key would go along): set url in [model fake-redirect-a] to the address that answers"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tmodel t;
		hm(&t, cases[i].seg);
		if (cases[i].key)
			with_key(&t, "GV_TEST_KEY");
		llm_result r;
		llm_status st = llm_generate(&t.m, "s", "u", &r);
		assert_int_equal(st, cases[i].status == 302 ? LLM_ERR_PROTOCOL : LLM_ERR_HTTP);
		char want[1024];
		snprintf(want, sizeof want, "%s/chat/completions: %s", t.url, cases[i].err);
		if (strcmp(r.error, want) != 0)
			fail_msg("%s:\n got  %s\n want %s", cases[i].seg, r.error, want);
		assert_int_equal(r.attempts, 1);
		assert_int_equal(r.http_status, cases[i].status);
		assert_null(strchr(r.error, '\033'));
		no_key(&r);
		llm_result_free(&r);
		cJSON *s = seen(cases[i].seg);
		assert_int_equal(num(s, "count"), 1);
		cJSON_Delete(s);
	}
	/* The key quoted where the server's message is cut (200 bytes): no piece of it remains. */
	{
		tmodel t;
		hm(&t, "echolong400-a");
		with_key(&t, "GV_TEST_KEY");
		llm_result r;
		assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
		no_key(&r);
		if (!strstr(r.error, "xxxBearer [key] (check model"))
			fail_msg("%s", r.error);
		llm_result_free(&r);
	}
	/* Nothing listens: retried, then the connection error. */
	tmodel t;
	hm(&t, "x");
	snprintf(t.url, sizeof t.url, "http://127.0.0.1:%d/v1", closed_port());
	t.m.retries = 1;
	llm_result r;
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_CONNECT);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.http_status, 0);
	assert_non_null(strstr(r.error, "/v1/chat/completions: "));
	assert_non_null(strstr(r.error, " (after 2 attempts)"));
	llm_result_free(&r);
	/* What cannot be sent at all: another scheme, a key variable that is not set. */
	snprintf(t.url, sizeof t.url, "ftp://127.0.0.1/v1");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_CONFIG);
	assert_string_equal(r.error, "model fake-x: url must be an http:// or https:// URL");
	assert_int_equal(r.attempts, 0);
	llm_result_free(&r);
	hm(&t, "ok-nokey");
	with_key(&t, "GV_NO_SUCH_KEY");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_CONFIG);
	assert_string_equal(r.error, "model fake-ok-nokey: the environment variable GV_NO_SUCH_KEY (api_key_env) is not set or empty");
	assert_null(r.params_json);
	llm_result_free(&r);
	cJSON *s = seen("ok-nokey");
	assert_int_equal(num(s, "count"), 0);
	cJSON_Delete(s);
}

static void test_key(void **state)
{
	(void)state;
	tmodel t;
	llm_result r;
	/* The right key reaches the server (in the header); a wrong one is refused. */
	hm(&t, "auth-a");
	with_key(&t, "GV_TEST_KEY");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_OK);
	no_key(&r);
	llm_result_free(&r);
	cJSON *s = seen("auth-a");
	assert_string_equal(str(s, "auth"), "ok");
	cJSON_Delete(s);
	setenv("GV_OTHER_KEY", "sk-wrong", 1);
	hm(&t, "auth-b");
	with_key(&t, "GV_OTHER_KEY");
	assert_int_equal(llm_generate(&t.m, "s", "u", &r), LLM_ERR_HTTP);
	assert_int_equal(r.http_status, 401);
	llm_result_free(&r);
	s = seen("auth-b");
	assert_string_equal(str(s, "auth"), "wrong");
	cJSON_Delete(s);
	unsetenv("GV_OTHER_KEY");

	/* Every way a request can end, with the key set: it is in no result and, while a request is
	 * in flight, on no process's command line. */
	static const char *const segs[] = {"ok-k", "length-k", "esc-k", "badjson-k", "badutf8-k", "big-k", "nocontent-k",
					   "r429-k", "fail500-k", "always500-k", "unauth-k", "echo400-k", "forbid-k",
					   "notfound-k", "redirect-k", "keyredirect-k", "echolong400-k", "llama-k",
					   "ollama-k"};
	llm_engine *e = llm_engine_new();
	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
		hm(&t, segs[i]);
		with_key(&t, "GV_TEST_KEY");
		t.m.retries = 1;
		assert_true(llm_start(e, &t.m, "s", "u", NULL) > 0);
	}
	hm(&t, "hang-k");
	with_key(&t, "GV_TEST_KEY");
	t.m.timeout = 1;
	t.m.retries = 0;
	assert_true(llm_start(e, &t.m, "s", "u", NULL) > 0);
	size_t got = 0, scans = 0;
	while (got < sizeof segs / sizeof segs[0] + 1) {
		assert_true(llm_engine_wait(e, 50) >= 0);
		/* /proc/PID/cmdline of every process we may read. */
		DIR *d = opendir("/proc");
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			char p[300];
			snprintf(p, sizeof p, "/proc/%s/cmdline", de->d_name);
			size_t n;
			char *c = tu_slurp(p, &n);
			if (!c)
				continue;
			for (size_t k = 0; k + 12 <= n; k++)
				if (memcmp(c + k, "sk-test-7Yq2", 12) == 0)
					fail_msg("the key is on the command line of process %s", de->d_name);
			free(c);
		}
		if (d)
			closedir(d);
		scans++;
		while (llm_next(e, &r, NULL, NULL)) {
			no_key(&r);
			llm_result_free(&r);
			got++;
		}
	}
	assert_true(scans >= 2);
	llm_engine_free(e);
}

static void test_concurrency_without_spinning(void **state)
{
	(void)state;
	llm_engine *e = llm_engine_new();
	tmodel t;
	hm(&t, "slow-a");
	for (int i = 0; i < 8; i++)
		assert_true(llm_start(e, &t.m, "s", "u", (void *)(intptr_t)i) > 0);
	struct pollfd fds[64];
	int timeout;
	llm_engine_pollfds(e, fds, 64, &timeout);
	assert_true(timeout >= 0); /* curl's timer: start the transfers */
	int wakeups = 0, got = 0, mask = 0;
	while (got < 8) {
		assert_true(llm_engine_wait(e, -1) >= 0);
		wakeups++;
		llm_result r;
		void *ud;
		while (llm_next(e, &r, NULL, &ud)) {
			if (r.status != LLM_OK)
				fail_msg("%s", r.error);
			assert_string_equal(r.text, "slow but fine");
			mask |= 1 << (int)(intptr_t)ud;
			got++;
			llm_result_free(&r);
		}
	}
	assert_int_equal(mask, 255);
	/* Eight requests of 0.3 s each, at once: a few wake-ups per request for connecting, sending
	 * and reading, none for waiting (a loop polling with time-out 0 would count thousands). */
	print_message("8 concurrent requests: %d wake-ups\n", wakeups);
	assert_true(wakeups < 8 * 12);
	llm_engine_free(e);
	cJSON *s = seen("slow-a");
	assert_int_equal(num(s, "count"), 8);
	print_message("max in flight at the server: %d\n", (int)num(s, "max_inflight"));
	assert_true(num(s, "max_inflight") >= 2); /* 8 when the machine is idle; >= 2 proves they overlapped */
	cJSON_Delete(s);

	/* Cancelling an HTTP request in flight. */
	e = llm_engine_new();
	hm(&t, "hang-c");
	uint64_t id = llm_start(e, &t.m, "s", "u", NULL);
	for (int i = 0; i < 4; i++)
		assert_true(llm_engine_wait(e, 20) >= 0);
	assert_int_equal(llm_cancel(e, id), 1);
	llm_result r;
	assert_int_equal(llm_next(e, &r, NULL, NULL), 1);
	assert_int_equal(r.status, LLM_ERR_CANCELLED);
	llm_result_free(&r);
	assert_int_equal(llm_engine_pending(e), 0);
	/* And freeing an engine with one in flight. */
	llm_start(e, &t.m, "s", "u", NULL);
	assert_true(llm_engine_wait(e, 20) >= 0);
	llm_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ok_sends_and_records, need_server),
		cmocka_unit_test_setup(test_length_and_odd_answers, need_server),
		cmocka_unit_test_setup(test_identity, need_server),
		cmocka_unit_test_setup(test_retries, need_server),
		cmocka_unit_test_setup(test_not_retried, need_server),
		cmocka_unit_test_setup(test_key, need_server),
		cmocka_unit_test_setup(test_concurrency_without_spinning, need_server),
	};
	return cmocka_run_group_tests_name("app_llm_http", tests, group_setup, group_teardown);
}
