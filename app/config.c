/* config.c — database location and user defaults (see config.h). */
#include "app/config.h"

#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/llm.h"
#include "core/age.h"
#include "core/text.h"

static const char *home(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

/* $var when set and absolute, else $HOME/fallback; malloc'd. */
static char *xdg(const char *var, const char *fallback, const char *leaf)
{
	const char *v = getenv(var);
	char buf[4096];
	if (v && v[0] == '/')
		snprintf(buf, sizeof buf, "%s/%s", v, leaf);
	else
		snprintf(buf, sizeof buf, "%s/%s/%s", home(), fallback, leaf);
	return strdup(buf);
}

/* "~/x" -> "$HOME/x"; malloc'd. */
static char *expand(const char *p)
{
	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		char buf[4096];
		snprintf(buf, sizeof buf, "%s%s", home(), p + 1);
		return strdup(buf);
	}
	return strdup(p);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static int set_name(char *dst, size_t n, const char *v)
{
	if (!*v || strlen(v) >= n)
		return 0;
	snprintf(dst, n, "%s", v);
	return 1;
}

/* Apply one key; 0 ok, -1 unknown key, -2 bad value. */
static int apply(gv_config *c, const char *key, const char *val)
{
	if (strcmp(key, "db") == 0) {
		if (!*val)
			return -2;
		free(c->db);
		c->db = expand(val);
		c->db_is_default = 0;
		return c->db ? 0 : -2;
	}
	if (strcmp(key, "reference") == 0) {
		if (strcmp(val, "auto") == 0)
			c->policy = GV_POLICY_AUTO;
		else if (strcmp(val, "who") == 0)
			c->policy = GV_POLICY_WHO;
		else if (strcmp(val, "cdc") == 0)
			c->policy = GV_POLICY_CDC;
		else
			return -2;
		return 0;
	}
	if (strcmp(key, "units") == 0) {
		if (strcmp(val, "metric") == 0)
			c->units = CONFIG_UNITS_METRIC;
		else if (strcmp(val, "us") == 0)
			c->units = CONFIG_UNITS_US;
		else
			return -2;
		return 0;
	}
	if (strcmp(key, "color") == 0) {
		if (strcmp(val, "auto") == 0)
			c->color = CONFIG_COLOR_AUTO;
		else if (strcmp(val, "always") == 0 || strcmp(val, "yes") == 0)
			c->color = CONFIG_COLOR_ALWAYS;
		else if (strcmp(val, "never") == 0 || strcmp(val, "no") == 0)
			c->color = CONFIG_COLOR_NEVER;
		else
			return -2;
		return 0;
	}
	if (strcmp(key, "flags") == 0) {
		if (strcmp(val, "us") == 0)
			c->rules = CONFIG_RULES_US;
		else if (strcmp(val, "who") == 0)
			c->rules = CONFIG_RULES_WHO;
		else
			return -2;
		return 0;
	}
	if (strcmp(key, "user") == 0)
		return set_name(c->user, sizeof c->user, val) ? 0 : -2;
	if (strcmp(key, "rater") == 0)
		return set_name(c->rater, sizeof c->rater, val) ? 0 : -2;
	return -1;
}

static const char *const allowed[] = {
	"a path", "auto, who or cdc", "metric or us", "auto, always or never", "us or who", "a name (1-63 bytes)",
	"a name (1-63 bytes)",
};
static const char *const keys[] = {"db", "reference", "units", "color", "flags", "user", "rater"};

/* ---------------------------------------------------------------- [model NAME] sections */

enum { MK_BACKEND, MK_URL, MK_MODEL, MK_KEYENV, MK_COMMAND, MK_SHELL, MK_TEMP, MK_TOPP, MK_MAXTOK, MK_SEED,
       MK_TIMEOUT, MK_RETRIES, MK_N };
static const char *const model_keys[MK_N] = {"backend", "url", "model", "api_key_env", "command", "shell",
					     "temperature", "top_p", "max_tokens", "seed", "timeout", "retries"};
/* Which backend a key belongs to (0: both). */
static const int model_key_backend[MK_N] = {0, GV_BACKEND_HTTP, GV_BACKEND_HTTP, GV_BACKEND_HTTP,
					    GV_BACKEND_COMMAND, GV_BACKEND_COMMAND, GV_BACKEND_HTTP,
					    GV_BACKEND_HTTP, GV_BACKEND_HTTP, GV_BACKEND_HTTP, 0, GV_BACKEND_HTTP};
#define MODEL_KNOWN "backend, url, model, api_key_env, command, shell, temperature, top_p, max_tokens, seed, timeout, retries"

void config_model_defaults(gv_model *m)
{
	memset(m, 0, sizeof *m);
	m->temperature = NAN;
	m->top_p = NAN;
	m->timeout = 120;
	m->retries = 2;
	m->backoff_ms = 1000;
}

static void model_free(gv_model *m)
{
	free(m->name);
	free(m->url);
	free(m->model);
	free(m->api_key_env);
	free(m->command);
	memset(m, 0, sizeof *m);
}

/* A decimal number in [lo, hi] (no hex, no inf/nan); 1 ok. */
static int parse_real(const char *v, double lo, double hi, double *out)
{
	if (!*v || strspn(v, "0123456789.+-eE") != strlen(v))
		return 0;
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (errno || *end || !(d >= lo && d <= hi))
		return 0;
	*out = d;
	return 1;
}

static int parse_whole(const char *v, long long lo, long long hi, long long *out)
{
	if (!*v || strspn(v, "0123456789-+") != strlen(v))
		return 0;
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return 0;
	*out = x;
	return 1;
}

static int valid_name(const char *v, size_t max)
{
	size_t n = strlen(v);
	if (n == 0 || n > max || v[0] == '-')
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == ':' || *p == '-'))
			return 0;
	return 1;
}

static int valid_env_name(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 255 || (v[0] >= '0' && v[0] <= '9'))
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

/* http:// or https://, a host, no credentials, no query or fragment, no blanks or controls.
 * Returns NULL when fine, else why not. */
static const char *url_problem(const char *v)
{
	size_t skip;
	if (strncasecmp(v, "http://", 7) == 0)
		skip = 7;
	else if (strncasecmp(v, "https://", 8) == 0)
		skip = 8;
	else
		return "want an http:// or https:// URL";
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "a URL has no blanks or control characters";
	const char *host = v + skip;
	size_t hl = strcspn(host, "/");
	if (hl == 0)
		return "the URL has no host";
	if (memchr(host, '@', hl))
		return "no user:password@ in the URL: name the key's environment variable in api_key_env";
	if (strpbrk(v, "?#"))
		return "no query or fragment: the URL is a base that /chat/completions is appended to";
	return NULL;
}

/* Apply key = val to the model; 0 ok, else -1 with err ("FILE:LINE: " is prefixed by the caller). */
static int apply_model(gv_model *m, int k, const char *val, char *err, size_t errsz)
{
	double d;
	long long x;
	const char *why = NULL;
	char **str = NULL;
	switch (k) {
	case MK_BACKEND:
		if (strcmp(val, "http") == 0)
			m->backend = GV_BACKEND_HTTP;
		else if (strcmp(val, "command") == 0)
			m->backend = GV_BACKEND_COMMAND;
		else
			why = "http or command";
		break;
	case MK_URL:
		if ((why = url_problem(val)) == NULL)
			str = &m->url;
		break;
	case MK_MODEL:
		if (!*val || strlen(val) > 255 || text_find_control(val, strlen(val), 0) != strlen(val))
			why = "a model name (1-255 bytes, no control characters)";
		else
			str = &m->model;
		break;
	case MK_KEYENV:
		if (!valid_env_name(val))
			why = "an environment variable's name: letters, digits and _, not starting with a digit";
		else
			str = &m->api_key_env;
		break;
	case MK_COMMAND:
		if (!*val)
			why = "a program and its arguments";
		else
			str = &m->command;
		break;
	case MK_SHELL:
		if (strcmp(val, "yes") == 0)
			m->shell = 1;
		else if (strcmp(val, "no") == 0)
			m->shell = 0;
		else
			why = "yes or no";
		break;
	case MK_TEMP:
		if (parse_real(val, 0, 2, &d))
			m->temperature = d;
		else
			why = "a number from 0 to 2";
		break;
	case MK_TOPP:
		if (parse_real(val, 0, 1, &d))
			m->top_p = d;
		else
			why = "a number from 0 to 1";
		break;
	case MK_MAXTOK:
		if (parse_whole(val, 1, 1000000, &x))
			m->max_tokens = (int)x;
		else
			why = "a whole number from 1 to 1000000";
		break;
	case MK_SEED:
		/* 2^53 - 1: the largest integer a JSON number keeps exactly in every parser (RFC 8259, 6). */
		if (parse_whole(val, 0, 9007199254740991LL, &x)) {
			m->seed = x;
			m->has_seed = 1;
		} else {
			why = "a whole number from 0 to 9007199254740991";
		}
		break;
	case MK_TIMEOUT:
		if (parse_real(val, 0, 86400, &d) && d > 0)
			m->timeout = d;
		else
			why = "seconds, more than 0 and at most 86400";
		break;
	case MK_RETRIES:
		if (parse_whole(val, 0, 10, &x))
			m->retries = (int)x;
		else
			why = "a whole number from 0 to 10";
		break;
	default:
		break;
	}
	if (why) {
		snprintf(err, errsz, "bad value '%s' for %s (%s)", val, model_keys[k], why);
		return -1;
	}
	if (str) {
		char *dup = strdup(val);
		if (!dup) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		free(*str);
		*str = dup;
		if (k == MK_URL) { /* one trailing slash less: "/chat/completions" is appended */
			size_t n = strlen(dup);
			while (n > 0 && dup[n - 1] == '/' && n > strlen("https://"))
				dup[--n] = '\0';
		}
	}
	return 0;
}

/* The section [model m->name] is complete: check that its keys fit its backend.  keyline[k] is the
 * line key k was set on (0: not set).  Returns 0, or -1 with err (FILE:LINE: ...). */
static int finish_model(const gv_model *m, const int *keyline, const char *path, char *err, size_t errsz)
{
	if (!m->backend) {
		snprintf(err, errsz, "%s:%d: [model %s] has no backend (want backend = http or backend = command)", path,
			 m->line, m->name);
		return -1;
	}
	for (int k = 0; k < MK_N; k++)
		if (keyline[k] && model_key_backend[k] && model_key_backend[k] != m->backend) {
			snprintf(err, errsz, "%s:%d: %s is for backend = %s; [model %s] has backend = %s", path, keyline[k],
				 model_keys[k], model_key_backend[k] == GV_BACKEND_HTTP ? "http" : "command", m->name,
				 m->backend == GV_BACKEND_HTTP ? "http" : "command");
			return -1;
		}
	if (m->backend == GV_BACKEND_HTTP && !m->url) {
		snprintf(err, errsz, "%s:%d: [model %s] has backend = http but no url (e.g. url = http://127.0.0.1:8080/v1)",
			 path, m->line, m->name);
		return -1;
	}
	if (m->backend == GV_BACKEND_COMMAND) {
		if (!m->command) {
			snprintf(err, errsz, "%s:%d: [model %s] has backend = command but no command", path, m->line,
				 m->name);
			return -1;
		}
		if (!m->shell) {
			char **argv = NULL, why[200];
			if (llm_split_command(m->command, &argv, why, sizeof why) < 0) {
				snprintf(err, errsz, "%s:%d: command: %s", path, keyline[MK_COMMAND], why);
				return -1;
			}
			llm_argv_free(argv);
		}
	}
	return 0;
}

/* A section header "[model NAME]" (s is trimmed and starts with '['): start a new model.
 * Returns 0, or -1 with err. */
static int start_model(gv_config *c, char *s, const char *path, int lineno, char *err, size_t errsz)
{
	size_t n = strlen(s);
	if (s[n - 1] != ']') {
		snprintf(err, errsz, "%s:%d: a section header ends with ']'", path, lineno);
		return -1;
	}
	s[n - 1] = '\0';
	char *in = trim(s + 1);
	if (strncmp(in, "model", 5) != 0 || (in[5] != ' ' && in[5] != '\t')) {
		snprintf(err, errsz, "%s:%d: unknown section '[%s]' (known: [model NAME])", path, lineno, in);
		return -1;
	}
	char *name = trim(in + 5);
	if (!valid_name(name, 63)) {
		snprintf(err, errsz,
			 "%s:%d: bad model name '%s' (want 1-63 letters, digits, '.', '_', ':' or '-', not starting with '-')",
			 path, lineno, name);
		return -1;
	}
	for (size_t i = 0; i < c->nmodels; i++)
		if (strcmp(c->models[i].name, name) == 0) {
			snprintf(err, errsz, "%s:%d: [model %s] again (first at line %d)", path, lineno, name,
				 c->models[i].line);
			return -1;
		}
	gv_model *grown = realloc(c->models, (c->nmodels + 1) * sizeof *grown);
	if (!grown) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	c->models = grown;
	gv_model *m = &c->models[c->nmodels];
	config_model_defaults(m);
	m->line = lineno;
	if (!(m->name = strdup(name))) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	c->nmodels++;
	return 0;
}

const gv_model *config_model(const gv_config *c, const char *name)
{
	for (size_t i = 0; i < c->nmodels; i++)
		if (strcmp(c->models[i].name, name) == 0)
			return &c->models[i];
	return NULL;
}

static int read_file(gv_config *c, const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0; /* no config file */
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	c->file = strdup(path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;
	int rater_set = 0;
	gv_model *cur = NULL; /* the [model NAME] section being read */
	int keyline[MK_N] = {0};
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len - (len > 0 && line[len - 1] == '\n') > 4095) {
			snprintf(err, errsz, "%s:%d: line longer than 4095 bytes", path, lineno);
			rc = -1;
			break;
		}
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			if (cur && finish_model(cur, keyline, path, err, errsz) != 0) {
				rc = -1;
				break;
			}
			if (start_model(c, s, path, lineno, err, errsz) != 0) {
				rc = -1;
				break;
			}
			cur = &c->models[c->nmodels - 1];
			memset(keyline, 0, sizeof keyline);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errsz, "%s:%d: expected 'key = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		size_t n = strlen(val);
		/* A command's quotes are its words' quotes (llm_split_command), not the value's. */
		if (n >= 2 && val[0] == '"' && val[n - 1] == '"' && !(cur && strcmp(key, "command") == 0)) {
			val[n - 1] = '\0';
			val++;
		}
		if (cur) {
			int k = 0;
			while (k < MK_N && strcmp(model_keys[k], key) != 0)
				k++;
			char why[600];
			if (k == MK_N) {
				snprintf(err, errsz, "%s:%d: unknown key '%s' in [model %s] (known: " MODEL_KNOWN
						     "; top-level keys go before the first section)",
					 path, lineno, key, cur->name);
				rc = -1;
			} else if (keyline[k]) {
				snprintf(err, errsz, "%s:%d: %s set again in [model %s] (first at line %d)", path, lineno, key,
					 cur->name, keyline[k]);
				rc = -1;
			} else if (apply_model(cur, k, val, why, sizeof why) != 0) {
				snprintf(err, errsz, "%s:%d: %s", path, lineno, why);
				rc = -1;
			}
			if (k < MK_N)
				keyline[k] = lineno;
			continue;
		}
		int a = apply(c, key, val);
		if (a == -1) {
			snprintf(err, errsz, "%s:%d: unknown key '%s' (known: db, reference, units, color, flags, user, rater)",
				 path, lineno, key);
			rc = -1;
		} else if (a == -2) {
			const char *want = "";
			for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
				if (strcmp(keys[i], key) == 0)
					want = allowed[i];
			snprintf(err, errsz, "%s:%d: bad value '%s' for %s (want %s)", path, lineno, val, key, want);
			rc = -1;
		} else if (strcmp(key, "rater") == 0) {
			rater_set = 1;
		}
	}
	if (rc == 0 && cur)
		rc = finish_model(cur, keyline, path, err, errsz);
	free(line);
	fclose(f);
	if (rc == 0 && !rater_set)
		snprintf(c->rater, sizeof c->rater, "%s", c->user);
	return rc;
}

int config_load(gv_config *c, const char *cli_db, char *err, size_t errsz)
{
	memset(c, 0, sizeof *c);
	c->policy = GV_POLICY_AUTO;
	c->units = CONFIG_UNITS_METRIC;
	c->color = CONFIG_COLOR_AUTO;
	const char *u = getenv("USER");
	if (!u || !*u) {
		struct passwd *pw = getpwuid(getuid());
		u = pw && pw->pw_name ? pw->pw_name : "unknown";
	}
	snprintf(c->user, sizeof c->user, "%s", u);
	snprintf(c->rater, sizeof c->rater, "%s", c->user);
	c->db = xdg("XDG_DATA_HOME", ".local/share", "growthview/growthview.db");
	c->db_is_default = 1;

	const char *cf = getenv("GROWTHVIEW_CONFIG");
	char *path = cf && *cf ? strdup(cf) : xdg("XDG_CONFIG_HOME", ".config", "growthview/config");
	int rc = path && c->db ? read_file(c, path, err, errsz) : -1;
	if (!path || !c->db)
		snprintf(err, errsz, "out of memory");
	free(path);
	if (rc == 0) {
		const char *env = getenv("GROWTHVIEW_DB");
		const char *want = cli_db ? cli_db : env && *env ? env : NULL;
		if (want) {
			free(c->db);
			c->db = strdup(want);
			c->db_is_default = 0;
			if (!c->db) {
				snprintf(err, errsz, "out of memory");
				rc = -1;
			}
		}
	}
	if (rc != 0)
		config_free(c);
	return rc;
}

void config_free(gv_config *c)
{
	free(c->db);
	free(c->file);
	c->db = c->file = NULL;
	for (size_t i = 0; i < c->nmodels; i++)
		model_free(&c->models[i]);
	free(c->models);
	c->models = NULL;
	c->nmodels = 0;
}

int config_ensure_dir(const gv_config *c, char *err, size_t errsz)
{
	if (!c->db_is_default)
		return 0;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", c->db);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	/* mkdir -p, each missing component private. */
	for (char *p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char keep = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				snprintf(err, errsz, "%s: cannot create directory: %s", dir, strerror(errno));
				return -1;
			}
			*p = keep;
			if (!keep)
				break;
		}
	}
	return 0;
}

int32_t config_today(void)
{
	const char *t = getenv("GROWTHVIEW_TODAY");
	int32_t d;
	if (t && *t && age_parse_date(t, strlen(t), &d) == GV_OK)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return age_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
