/* fuzz_config.c — the config reader (app/config.c: config_load) on one config file, found through
 * $GROWTHVIEW_CONFIG.  Seeds: tests/fuzz/config/.
 *
 * Invariants: success gives a database path, the file's name, settings within their ranges, user
 * and rater names of 1-63 bytes, and [model NAME] sections each with a unique name found by
 * config_model, one backend with what it needs (http: a url and no command; command: a command
 * and no url) and its header on a line the file has; failure gives a message naming the file and
 * a line it has ("FILE:LINE: ...", LINE <= the file's number of lines).  Leaks are
 * LeakSanitizer's. */
#include "tests/fuzz/fuzz.h"

#include "app/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *path = fz_path("config");
	setenv("GROWTHVIEW_CONFIG", path, 1); /* copied: the harness reads it back with getenv */
	free(path);
	setenv("HOME", fz_dir(), 1);
	setenv("USER", "fuzz", 1);
	unsetenv("GROWTHVIEW_DB");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = getenv("GROWTHVIEW_CONFIG");
	fz_write(path, data, size);
	long lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	gv_config c;
	char err[1024];
	memset(err, 0x55, sizeof err);
	if (config_load(&c, NULL, err, sizeof err) == 0) {
		fz_check(c.db && c.db[0], "no database path");
		fz_check(c.file && strcmp(c.file, path) == 0, "config file not recorded");
		fz_check(c.policy == GV_POLICY_AUTO || c.policy == GV_POLICY_WHO || c.policy == GV_POLICY_CDC, "policy %d",
			 (int)c.policy);
		fz_check(c.units == CONFIG_UNITS_METRIC || c.units == CONFIG_UNITS_US, "units %d", c.units);
		fz_check(c.color >= CONFIG_COLOR_AUTO && c.color <= CONFIG_COLOR_ALWAYS, "color %d", c.color);
		fz_check(c.rules == CONFIG_RULES_US || c.rules == CONFIG_RULES_WHO, "rules %d", c.rules);
		size_t lu = strnlen(c.user, sizeof c.user), lr = strnlen(c.rater, sizeof c.rater);
		fz_check(lu >= 1 && lu < sizeof c.user && lr >= 1 && lr < sizeof c.rater, "user %zu, rater %zu bytes", lu, lr);
		fz_check((c.nmodels == 0) == (c.models == NULL), "%zu models at %p", c.nmodels, (void *)c.models);
		for (size_t i = 0; i < c.nmodels; i++) {
			const gv_model *m = &c.models[i];
			fz_check(m->name && m->name[0] && config_model(&c, m->name) == m, "model %zu: name", i);
			fz_check(m->line >= 1 && m->line <= lines, "[model %s] at line %d of %ld", m->name, m->line, lines);
			if (m->backend == GV_BACKEND_HTTP)
				fz_check(m->url && m->url[0] && !m->command, "[model %s]: http without a url", m->name);
			else
				fz_check(m->backend == GV_BACKEND_COMMAND && m->command && m->command[0] && !m->url,
					 "[model %s]: backend %d", m->name, m->backend);
		}
		config_free(&c);
		fz_check(c.nmodels == 0 && c.models == NULL && c.db == NULL, "config_free left something");
		return 0;
	}
	size_t el = strnlen(err, sizeof err);
	fz_check(el > 0 && el < sizeof err, "no message, or not terminated");
	size_t pl = strlen(path);
	fz_check(strncmp(err, path, pl) == 0 && err[pl] == ':', "message does not name the file: %s", err);
	char *end;
	long line = strtol(err + pl + 1, &end, 10);
	fz_check(end != err + pl + 1 && *end == ':', "message has no line number: %s", err);
	fz_check(line >= 1 && line <= lines, "line %ld of a file of %ld lines: %s", line, lines, err);
	return 0;
}
