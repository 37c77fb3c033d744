/* config.h — where the database lives and the user's defaults.
 *
 * Database path, first match wins: --db PATH, $GROWTHVIEW_DB, `db` in the config file, the
 * default $XDG_DATA_HOME/growthview/growthview.db ($XDG_DATA_HOME unset or relative:
 * ~/.local/share).  Only the default location's directory is created (mode 0700).
 *
 * Config file: $GROWTHVIEW_CONFIG, else $XDG_CONFIG_HOME/growthview/config (default
 * ~/.config/growthview/config); missing is fine.  Lines (at most 4095 bytes) are `key = value`;
 * blank lines and lines starting with '#' are ignored; a value may be wrapped in double quotes.
 * Keys:
 *   db         path of the database ("~/" is expanded)
 *   reference  auto | who | cdc          (chart policy, core/growth.h; default auto)
 *   units      metric | us               (entry and display units; default metric)
 *   color      auto | always | never     (default auto: colour when the terminal has it)
 *   flags      us | who                  (flag rule set, core/flags.h: CDC/AAP or WHO; default us)
 *   user       name stamped on changes (entered_by, audit log); default $USER
 *   rater      name stamped on ratings; default: user
 * Anything else is an error naming FILE:LINE.
 *
 * Then any number of model sections, each `[model NAME]` followed by its keys (NAME: 1-63 bytes of
 * letters, digits and . _ : - , not starting with '-'; unique in the file).  Every line after a
 * section header belongs to that section, so the top-level keys above come first.  Keys:
 *   backend      http | command                         (required)
 *   url          http: base of an OpenAI-compatible API, http:// or https://, no user:password@,
 *                no query; "/chat/completions" is appended (required for http)
 *   model        http: the "model" field sent (1-255 bytes; not sent when absent)
 *   api_key_env  http: name of the environment variable that holds the API key ([A-Za-z_][A-Za-z0-9_]*)
 *   command      command: the program and its arguments, split like a shell would split words
 *                (single and double quotes, backslash) but without any expansion; the whole line
 *                is the value, quotes included (required for command)
 *   shell        command: yes | no (default no); yes runs /bin/sh -c COMMAND
 *   temperature  http: 0 to 2        top_p: 0 to 1        max_tokens: 1 to 1000000
 *   seed         http: 0 to 2^53-1 (sent when set; servers treat it as best-effort)
 *   timeout      seconds, > 0 and <= 86400, decimals allowed (default 120): one HTTP attempt or
 *                the whole run of the command
 *   retries      http: further attempts after a failure that may pass, 0 to 10 (default 2)
 * A key of the other backend, a key set twice, a missing required key, an unknown section or key
 * is an error naming FILE:LINE. */
#ifndef GV_CONFIG_H
#define GV_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/growth.h"

enum { CONFIG_UNITS_METRIC, CONFIG_UNITS_US };
enum { CONFIG_COLOR_AUTO = -1, CONFIG_COLOR_NEVER = 0, CONFIG_COLOR_ALWAYS = 1 };
enum { CONFIG_RULES_US = 0, CONFIG_RULES_WHO = 1 }; /* the values of gv_ruleset (core/flags.h) */

enum { GV_BACKEND_HTTP = 1, GV_BACKEND_COMMAND = 2 };

/* One [model NAME] section.  Strings are malloc'd and owned by the gv_config (config_free). */
typedef struct gv_model {
	char *name;         /* NAME of [model NAME] */
	int backend;        /* GV_BACKEND_* */
	char *url;          /* http: base URL without a trailing '/'; NULL for command */
	char *model;        /* http: "model" sent; NULL: not sent */
	char *api_key_env;  /* http: environment variable holding the key; NULL: no key sent */
	char *command;      /* command: the configured string; NULL for http */
	int shell;          /* command: 1 = /bin/sh -c command */
	double temperature; /* NAN when not set (then not sent) */
	double top_p;       /* NAN when not set */
	int max_tokens;     /* 0 when not set */
	int has_seed;
	int64_t seed;
	double timeout;     /* seconds */
	int retries;
	int backoff_ms;     /* first retry delay, doubled each time (default 1000); not a config key:
			     * tests and benchmarks lower it */
	int line;           /* line of the section header */
} gv_model;

typedef struct gv_config {
	char *db;             /* resolved database path (malloc'd) */
	int db_is_default;    /* 1 when db is the XDG default (its directory may be created) */
	char *file;           /* config file read (malloc'd), NULL when there was none */
	gv_policy policy;
	int units;            /* CONFIG_UNITS_* */
	int color;            /* CONFIG_COLOR_* */
	int rules;            /* CONFIG_RULES_*: flag rule set */
	char user[64];
	char rater[64];
	gv_model *models;     /* [model NAME] sections in file order (malloc'd) */
	size_t nmodels;
} gv_config;

/* Fill c from the defaults, the config file, the environment and cli_db (NULL when --db was not
 * given), in that order of increasing priority.  Returns 0, or -1 with a message in err such as
 * "/home/a/.config/growthview/config:3: unknown key 'colour'" (c is then freed). */
int config_load(gv_config *c, const char *cli_db, char *err, size_t errsz);
void config_free(gv_config *c);

/* The model section called name, or NULL.  The pointer lives as long as c. */
const gv_model *config_model(const gv_config *c, const char *name);

/* Fill m with a model's defaults (no strings: every pointer NULL, temperature and top_p NAN,
 * timeout 120 s, retries 2, backoff 1000 ms): for code and tests that build a model without a
 * config file. */
void config_model_defaults(gv_model *m);

/* Create the directory of c->db (and its parents, mode 0700) when c->db is the default
 * location; otherwise do nothing.  Returns 0, or -1 with a message in err. */
int config_ensure_dir(const gv_config *c, char *err, size_t errsz);

/* Today's day number (core/age.h): $GROWTHVIEW_TODAY (YYYY-MM-DD, for reproducible tests and
 * demos) or the local date. */
int32_t config_today(void);

#endif
