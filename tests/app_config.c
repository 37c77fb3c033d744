/* app_config.c — database location precedence, the config file and its errors. */
#include "tests/tu_store.h"

#include "app/config.h"
#include "core/age.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	tu_tmpdir(dir, sizeof dir);
	char p[512];
	snprintf(p, sizeof p, "%s/home", dir);
	mkdir(p, 0755);
	setenv("HOME", p, 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("GROWTHVIEW_DB");
	unsetenv("GROWTHVIEW_CONFIG");
	unsetenv("GROWTHVIEW_TODAY");
	setenv("USER", "tester", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[512];
	snprintf(p, sizeof p, "%s/home/.local/share/growthview", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home/.local/share", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home/.local", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/cfg/growthview", dir);
	tu_rmdir(p);
	snprintf(p, sizeof p, "%s/cfg", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home", dir);
	rmdir(p);
	tu_rmdir(dir);
	return 0;
}

static void test_defaults(void **state)
{
	(void)state;
	gv_config c;
	char err[512], want[600];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/.local/share/growthview/growthview.db", dir);
	assert_string_equal(c.db, want);
	assert_int_equal(c.db_is_default, 1);
	assert_null(c.file);
	assert_int_equal(c.policy, GV_POLICY_AUTO);
	assert_int_equal(c.units, CONFIG_UNITS_METRIC);
	assert_int_equal(c.color, CONFIG_COLOR_AUTO);
	assert_string_equal(c.user, "tester");
	assert_string_equal(c.rater, "tester");
	/* The default directory is created private. */
	assert_int_equal(config_ensure_dir(&c, err, sizeof err), 0);
	struct stat sb;
	snprintf(want, sizeof want, "%s/home/.local/share/growthview", dir);
	assert_int_equal(stat(want, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	config_free(&c);

	/* XDG_DATA_HOME (absolute) moves it; a relative one is ignored (XDG spec). */
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.db, "/srv/data/growthview/growthview.db");
	config_free(&c);
	setenv("XDG_DATA_HOME", "rel/data", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/.local/share/growthview/growthview.db", dir);
	assert_string_equal(c.db, want);
	config_free(&c);
}

static void write_config(const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/cfg", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/cfg/growthview", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/cfg/growthview/config", dir);
	tu_write(p, text);
	snprintf(p, sizeof p, "%s/cfg", dir);
	setenv("XDG_CONFIG_HOME", p, 1);
}

static void test_file_and_precedence(void **state)
{
	(void)state;
	write_config("# growthview\n\n db = ~/clinic.db \nreference=cdc\nunits = us\ncolor = \"never\"\nuser = dr_a\n"
		     "flags = who\n");
	gv_config c;
	char err[512], want[600];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/clinic.db", dir);
	assert_string_equal(c.db, want);
	assert_int_equal(c.db_is_default, 0);
	snprintf(want, sizeof want, "%s/cfg/growthview/config", dir);
	assert_string_equal(c.file, want);
	assert_int_equal(c.policy, GV_POLICY_CDC);
	assert_int_equal(c.units, CONFIG_UNITS_US);
	assert_int_equal(c.color, CONFIG_COLOR_NEVER);
	assert_int_equal(c.rules, CONFIG_RULES_WHO);
	assert_string_equal(c.user, "dr_a");
	assert_string_equal(c.rater, "dr_a");
	/* Not the default location: its directory is not created. */
	assert_int_equal(config_ensure_dir(&c, err, sizeof err), 0);
	config_free(&c);
	/* The environment beats the file, --db beats both. */
	setenv("GROWTHVIEW_DB", "/env/gv.db", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.db, "/env/gv.db");
	config_free(&c);
	assert_int_equal(config_load(&c, "/cli/gv.db", err, sizeof err), 0);
	assert_string_equal(c.db, "/cli/gv.db");
	config_free(&c);
	unsetenv("GROWTHVIEW_DB");
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"reference = cdc\ncolour = never\n", "config:2: unknown key 'colour' (known: db, reference, units, color, flags, user, rater)"},
		{"flags = nhs\n", "config:1: bad value 'nhs' for flags (want us or who)"},
		{"\n\nreference = nhanes\n", "config:3: bad value 'nhanes' for reference (want auto, who or cdc)"},
		{"units metric\n", "config:1: expected 'key = value'"},
		{"user =\n", "config:1: bad value '' for user (want a name (1-63 bytes))"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_config(cases[i].text);
		gv_config c;
		char err[512], want[1024];
		assert_int_equal(config_load(&c, NULL, err, sizeof err), -1);
		snprintf(want, sizeof want, "%s/cfg/growthview/%s", dir, cases[i].msg);
		assert_string_equal(err, want);
		assert_null(c.db);
	}
	/* GROWTHVIEW_CONFIG names another file. */
	char p[512];
	snprintf(p, sizeof p, "%s/other.conf", dir);
	tu_write(p, "rater = rita\n");
	setenv("GROWTHVIEW_CONFIG", p, 1);
	gv_config c;
	char err[512];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.rater, "rita");
	assert_string_equal(c.user, "tester");
	config_free(&c);
	unsetenv("GROWTHVIEW_CONFIG");
}

static void test_models(void **state)
{
	(void)state;
	/* The example, after today's top-level keys. */
	write_config("units = us\n"
		     "[model local-llama]\n"
		     "backend = http\n"
		     "url = http://127.0.0.1:8080/v1/\n"
		     "model = llama-3.1-8b-instruct\n"
		     "api_key_env = LLAMA_KEY\n"
		     "temperature = 0.2\n"
		     "max_tokens = 600\n"
		     "timeout = 60\n"
		     "retries = 3\n"
		     "\n"
		     "[model ollama-cli]\n"
		     "backend = command\n"
		     "command = ollama run qwen2.5:7b\n"
		     "timeout = 120\n"
		     "# a comment\n"
		     "[ model  quoted ]\n"
		     "backend = command\n"
		     "command = \"/opt/my model/run\" \"--flag\"\n"
		     "shell = no\n"
		     "[model edges]\n"
		     "backend = http\n"
		     "url = HTTPS://api.example.org\n"
		     "temperature = 0\n"
		     "top_p = 1\n"
		     "max_tokens = 1000000\n"
		     "seed = 9007199254740991\n"
		     "timeout = 0.25\n"
		     "retries = 0\n"
		     "[model sh]\n"
		     "backend = command\n"
		     "shell = yes\n"
		     "command = cat - | llama 'unbalanced\n");
	gv_config c;
	char err[512];
	if (config_load(&c, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(c.units, CONFIG_UNITS_US);
	assert_int_equal(c.nmodels, 5);
	const gv_model *m = config_model(&c, "local-llama");
	assert_ptr_equal(m, &c.models[0]);
	assert_int_equal(m->backend, GV_BACKEND_HTTP);
	assert_string_equal(m->url, "http://127.0.0.1:8080/v1"); /* the trailing '/' goes */
	assert_string_equal(m->model, "llama-3.1-8b-instruct");
	assert_string_equal(m->api_key_env, "LLAMA_KEY");
	assert_null(m->command);
	assert_true(m->temperature == 0.2);
	assert_true(isnan(m->top_p));
	assert_int_equal(m->max_tokens, 600);
	assert_int_equal(m->has_seed, 0);
	assert_true(m->timeout == 60);
	assert_int_equal(m->retries, 3);
	assert_int_equal(m->backoff_ms, 1000);
	assert_int_equal(m->line, 2);
	m = config_model(&c, "ollama-cli");
	assert_int_equal(m->backend, GV_BACKEND_COMMAND);
	assert_string_equal(m->command, "ollama run qwen2.5:7b");
	assert_int_equal(m->shell, 0);
	assert_null(m->url);
	assert_true(m->timeout == 120);
	assert_int_equal(m->retries, 2); /* default */
	assert_int_equal(m->line, 12);
	/* A command's quotes belong to its words, not to the value. */
	m = config_model(&c, "quoted");
	assert_string_equal(m->command, "\"/opt/my model/run\" \"--flag\"");
	m = config_model(&c, "edges");
	assert_true(m->temperature == 0 && m->top_p == 1);
	assert_int_equal(m->max_tokens, 1000000);
	assert_int_equal(m->has_seed, 1);
	assert_true(m->seed == 9007199254740991LL);
	assert_true(m->timeout == 0.25);
	assert_int_equal(m->retries, 0);
	assert_null(m->model);
	assert_null(m->api_key_env);
	/* With the shell the string is the shell's to parse. */
	m = config_model(&c, "sh");
	assert_int_equal(m->shell, 1);
	assert_null(config_model(&c, "nope"));
	config_free(&c);
	assert_int_equal(c.nmodels, 0);
	assert_null(c.models);
}

static void test_model_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"[model a]\nbackend = ftp\n", "config:2: bad value 'ftp' for backend (http or command)"},
		{"[model a]\nbackend = http\n",
		 "config:1: [model a] has backend = http but no url (e.g. url = http://127.0.0.1:8080/v1)"},
		{"[model a]\nbackend = command\n", "config:1: [model a] has backend = command but no command"},
		{"db = x.db\n[model a]\nmodel = m\n[model b]\nbackend = command\ncommand = x\n",
		 "config:2: [model a] has no backend (want backend = http or backend = command)"},
		{"[model a]\nbackend = http\nurl = ftp://host/v1\n",
		 "config:3: bad value 'ftp://host/v1' for url (want an http:// or https:// URL)"},
		{"[model a]\nurl = http://user:pw@host/v1\n",
		 "config:2: bad value 'http://user:pw@host/v1' for url (no user:password@ in the URL: name the key's "
		 "environment variable in api_key_env)"},
		{"[model a]\nurl = http:///v1\n", "config:2: bad value 'http:///v1' for url (the URL has no host)"},
		{"[model a]\nurl = http://h/v1?key=1\n",
		 "config:2: bad value 'http://h/v1?key=1' for url (no query or fragment: the URL is a base that "
		 "/chat/completions is appended to)"},
		{"[model a]\nbackend = command\ncommand = llama 'x\n", "config:3: command: unterminated ' quote at byte 7"},
		{"[model a]\nbackend = command\ncommand = x\nurl = http://h\n",
		 "config:4: url is for backend = http; [model a] has backend = command"},
		{"[model a]\ntemperature = 0.5\nbackend = command\ncommand = x\n",
		 "config:2: temperature is for backend = http; [model a] has backend = command"},
		{"[model a]\nbackend = http\nurl = http://h\nshell = yes\n",
		 "config:4: shell is for backend = command; [model a] has backend = http"},
		{"[model a]\nbackend = command\ncommand = x\n[model a]\n", "config:4: [model a] again (first at line 1)"},
		{"[model a]\nbackend = http\nbackend = http\n", "config:3: backend set again in [model a] (first at line 2)"},
		{"[model a]\ncolour = red\n",
		 "config:2: unknown key 'colour' in [model a] (known: backend, url, model, api_key_env, command, shell, "
		 "temperature, top_p, max_tokens, seed, timeout, retries; top-level keys go before the first section)"},
		{"[model a]\nbackend = command\ncommand = x\ndb = y\n",
		 "config:4: unknown key 'db' in [model a] (known: backend, url, model, api_key_env, command, shell, "
		 "temperature, top_p, max_tokens, seed, timeout, retries; top-level keys go before the first section)"},
		{"[server a]\n", "config:1: unknown section '[server a]' (known: [model NAME])"},
		{"[model]\n", "config:1: unknown section '[model]' (known: [model NAME])"},
		{"[model a\n", "config:1: a section header ends with ']'"},
		{"[model -a]\n",
		 "config:1: bad model name '-a' (want 1-63 letters, digits, '.', '_', ':' or '-', not starting with '-')"},
		{"[model a b]\n",
		 "config:1: bad model name 'a b' (want 1-63 letters, digits, '.', '_', ':' or '-', not starting with '-')"},
		{"[model a]\napi_key_env = 1KEY\n",
		 "config:2: bad value '1KEY' for api_key_env (an environment variable's name: letters, digits and _, not "
		 "starting with a digit)"},
		{"[model a]\nshell = true\n", "config:2: bad value 'true' for shell (yes or no)"},
		{"[model a]\ntemperature = 2.01\n", "config:2: bad value '2.01' for temperature (a number from 0 to 2)"},
		{"[model a]\ntemperature = -0.1\n", "config:2: bad value '-0.1' for temperature (a number from 0 to 2)"},
		{"[model a]\ntemperature = nan\n", "config:2: bad value 'nan' for temperature (a number from 0 to 2)"},
		{"[model a]\ntop_p = 1.5\n", "config:2: bad value '1.5' for top_p (a number from 0 to 1)"},
		{"[model a]\nmax_tokens = 0\n", "config:2: bad value '0' for max_tokens (a whole number from 1 to 1000000)"},
		{"[model a]\nmax_tokens = 1000001\n",
		 "config:2: bad value '1000001' for max_tokens (a whole number from 1 to 1000000)"},
		{"[model a]\nmax_tokens = 1.5\n", "config:2: bad value '1.5' for max_tokens (a whole number from 1 to 1000000)"},
		{"[model a]\nseed = 9007199254740992\n",
		 "config:2: bad value '9007199254740992' for seed (a whole number from 0 to 9007199254740991)"},
		{"[model a]\nseed = -1\n", "config:2: bad value '-1' for seed (a whole number from 0 to 9007199254740991)"},
		{"[model a]\ntimeout = 0\n", "config:2: bad value '0' for timeout (seconds, more than 0 and at most 86400)"},
		{"[model a]\ntimeout = 86400.5\n",
		 "config:2: bad value '86400.5' for timeout (seconds, more than 0 and at most 86400)"},
		{"[model a]\nretries = 11\n", "config:2: bad value '11' for retries (a whole number from 0 to 10)"},
		{"[model a]\nmodel =\n", "config:2: bad value '' for model (a model name (1-255 bytes, no control characters))"},
		{"[model a]\ncommand =\n", "config:2: bad value '' for command (a program and its arguments)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_config(cases[i].text);
		gv_config c;
		char err[1024], want[1024];
		if (config_load(&c, NULL, err, sizeof err) != -1)
			fail_msg("case %zu loaded", i);
		snprintf(want, sizeof want, "%s/cfg/growthview/%s", dir, cases[i].msg);
		if (strcmp(err, want) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, err, want);
		assert_null(c.db);
		assert_null(c.models);
	}
	/* Each limit itself is allowed. */
	write_config("[model a]\nbackend = http\nurl = http://h\ntemperature = 2\ntop_p = 0\nmax_tokens = 1\nseed = 0\n"
		     "timeout = 86400\nretries = 10\n");
	gv_config c;
	char err[512];
	if (config_load(&c, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_true(c.models[0].temperature == 2 && c.models[0].top_p == 0);
	assert_int_equal(c.models[0].max_tokens, 1);
	assert_int_equal(c.models[0].retries, 10);
	assert_true(c.models[0].timeout == 86400);
	config_free(&c);
}

/* A line longer than the reader takes is refused at its own line: it was cut at 4095 bytes, the
 * first part read as a line (a db path silently shortened) and the rest reported as the next line,
 * one the file did not have (found by tests/fuzz/fuzz_config.c). */
static void test_long_line(void **state)
{
	(void)state;
	static char text[8192];
	char err[512], want[1024];
	gv_config c;
	/* 4095 bytes: taken whole. */
	int n = snprintf(text, sizeof text, "db = /");
	memset(text + n, 'x', 4095 - (size_t)n);
	strcpy(text + 4095, "\nunits = us\n");
	write_config(text);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_int_equal(strlen(c.db), 4095 - 5);
	assert_int_equal(c.units, CONFIG_UNITS_US);
	config_free(&c);
	/* 4096 bytes, with or without a newline after it: refused at line 2. */
	for (int nl = 0; nl < 2; nl++) {
		n = snprintf(text, sizeof text, "# a comment\ndb = /");
		memset(text + n, 'x', 12 + 4096 - (size_t)n);
		strcpy(text + 12 + 4096, nl ? "\n" : "");
		write_config(text);
		assert_int_equal(config_load(&c, NULL, err, sizeof err), -1);
		snprintf(want, sizeof want, "%s/cfg/growthview/config:2: line longer than 4095 bytes", dir);
		assert_string_equal(err, want);
		assert_null(c.db);
	}
}

static void test_today(void **state)
{
	(void)state;
	setenv("GROWTHVIEW_TODAY", "2024-02-29", 1);
	assert_int_equal(config_today(), age_days_from_civil(2024, 2, 29));
	unsetenv("GROWTHVIEW_TODAY");
	assert_true(config_today() > age_days_from_civil(2024, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_and_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_models, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_today, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_config", tests, NULL, NULL);
}
