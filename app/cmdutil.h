/* cmdutil.h — what the command entry points (app/cmd_*.c) share. */
#ifndef GV_CMDUTIL_H
#define GV_CMDUTIL_H

#include "app/config.h"
#include "app/store.h"
#include "core/growth.h"

/* Load the configuration (db = --db, or NULL), create the default database directory unless
 * store_flags has STORE_OPEN_READONLY, and open the store; a writable one gets its cached flag
 * summaries marked stale when they are another rule set's (flagcache_check_rules).  Returns 0 with *cfg and *st to free
 * with config_free / store_close, or 2 after printing "growthview CMD: reason" on stderr
 * (cmd NULL: "growthview: reason"); nothing is left to free then. */
int cmd_open(const char *cmd, const char *db, unsigned store_flags, gv_config *cfg, gv_store **st);

/* Parse a chart policy name: auto, who or cdc.  Returns 1 and sets *p, or 0. */
int cmd_parse_ref(const char *s, gv_policy *p);

#endif
