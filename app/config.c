/* config.c — database location and user defaults (see config.h). */
#include "app/config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/age.h"

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
	char line[4096];
	int lineno = 0, rc = 0;
	int rater_set = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errsz, "%s:%d: expected 'key = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		size_t n = strlen(val);
		if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
			val[n - 1] = '\0';
			val++;
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
