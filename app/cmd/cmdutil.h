/* cmdutil.h — what the command entry points (app/cmd/cmd_*.c) share. */
#ifndef GV_CMDUTIL_H
#define GV_CMDUTIL_H

#include <stdio.h>

#include "app/config.h"
#include "app/store.h"
#include "core/growth.h"

/* Load the configuration (db = --db, or NULL), create the default database directory unless
 * store_flags has STORE_OPEN_READONLY, and open the store; a writable one gets its cached flag
 * summaries marked stale when they are another rule set's (flagcache_check_rules).  Returns 0 with *cfg and *st to free
 * with config_free / store_close, or 2 after printing "growthview CMD: reason" on stderr
 * (cmd NULL: "growthview: reason"); nothing is left to free then. */
int cmd_open(const char *cmd, const char *db, unsigned store_flags, gv_config *cfg, gv_store **st);
/* cmd_open flag: an existing database that this user cannot write (the file, or its directory)
 * is opened read-only instead of failing (store_is_readonly tells the caller). */
#define CMD_OPEN_READONLY_FALLBACK (1u << 16)

/* Write p[0..n) to file descriptor fd: exactly, or, when fd is a terminal, made safe for it
 * (core/text.h: escape sequences removed, other controls, bidi controls and bad UTF-8 shown as
 * '?', newlines and tabs kept).  So a data format (CSV, JSON) reaches files and pipes byte for byte
 * but never sends the file's control characters to a terminal.  0, or -1 with errno set. */
int cmd_write_fd(int fd, const char *p, size_t n);
/* The same for a stdio stream (fwrite; the stream's error flag is set on failure). */
int cmd_write(FILE *f, const char *p, size_t n);

/* s made safe to print in a message or text output (core/text.h text_clean), malloc'd (the
 * caller frees); "?" on out of memory is never returned: NULL then. */
char *cmd_clean(const char *s);

/* Parse a chart policy name: auto, who or cdc.  Returns 1 and sets *p, or 0. */
int cmd_parse_ref(const char *s, gv_policy *p);

#endif
