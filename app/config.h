/* config.h — where the database lives and the user's defaults.
 *
 * Database path, first match wins: --db PATH, $GROWTHVIEW_DB, `db` in the config file, the
 * default $XDG_DATA_HOME/growthview/growthview.db ($XDG_DATA_HOME unset or relative:
 * ~/.local/share).  Only the default location's directory is created (mode 0700).
 *
 * Config file: $GROWTHVIEW_CONFIG, else $XDG_CONFIG_HOME/growthview/config (default
 * ~/.config/growthview/config); missing is fine.  Lines are `key = value`; blank lines and lines
 * starting with '#' are ignored; a value may be wrapped in double quotes.  Keys:
 *   db         path of the database ("~/" is expanded)
 *   reference  auto | who | cdc          (chart policy, core/growth.h; default auto)
 *   units      metric | us               (entry and display units; default metric)
 *   color      auto | always | never     (default auto: colour when the terminal has it)
 *   flags      us | who                  (flag rule set, core/flags.h: CDC/AAP or WHO; default us)
 *   user       name stamped on changes (entered_by, audit log); default $USER
 *   rater      name stamped on ratings; default: user
 * Anything else is an error naming FILE:LINE. */
#ifndef GV_CONFIG_H
#define GV_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/growth.h"

enum { CONFIG_UNITS_METRIC, CONFIG_UNITS_US };
enum { CONFIG_COLOR_AUTO = -1, CONFIG_COLOR_NEVER = 0, CONFIG_COLOR_ALWAYS = 1 };
enum { CONFIG_RULES_US = 0, CONFIG_RULES_WHO = 1 }; /* the values of gv_ruleset (core/flags.h) */

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
} gv_config;

/* Fill c from the defaults, the config file, the environment and cli_db (NULL when --db was not
 * given), in that order of increasing priority.  Returns 0, or -1 with a message in err such as
 * "/home/a/.config/growthview/config:3: unknown key 'colour'" (c is then freed). */
int config_load(gv_config *c, const char *cli_db, char *err, size_t errsz);
void config_free(gv_config *c);

/* Create the directory of c->db (and its parents, mode 0700) when c->db is the default
 * location; otherwise do nothing.  Returns 0, or -1 with a message in err. */
int config_ensure_dir(const gv_config *c, char *err, size_t errsz);

/* Today's day number (core/age.h): $GROWTHVIEW_TODAY (YYYY-MM-DD, for reproducible tests and
 * demos) or the local date. */
int32_t config_today(void);

#endif
