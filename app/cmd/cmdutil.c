/* cmdutil.c — shared pieces of the command entry points (see cmdutil.h). */
#include "app/cmd/cmdutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/flagcache.h"
#include "core/text.h"

/* The database file and its directory can both be written by this user. */
static int writable_db(const char *path)
{
	if (access(path, W_OK) != 0)
		return 0;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return access(".", W_OK) == 0;
	char dir[4096];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof dir)
		return 1;
	memcpy(dir, path, n ? n : 1);
	dir[n ? n : 1] = '\0';
	return access(dir, W_OK) == 0;
}

/* "growthview CMD: message" on stderr, the message made safe (it may quote a file's text). */
static void say(const char *cmd, const char *msg)
{
	char *m = cmd_clean(msg);
	fprintf(stderr, "growthview%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", m ? m : "out of memory");
	free(m);
}

int cmd_open(const char *cmd, const char *db, unsigned store_flags, gv_config *cfg, gv_store **st)
{
	char err[1024];
	const char *sp = cmd ? " " : "", *name = cmd ? cmd : "";
	*st = NULL;
	if (config_load(cfg, db, err, sizeof err) != 0) {
		say(cmd, err);
		return 2;
	}
	/* An existing database this user cannot write (the file, or its directory for SQLite's
	 * -wal and -shm files): read-only, when the caller can work so. */
	if ((store_flags & CMD_OPEN_READONLY_FALLBACK) && !(store_flags & STORE_OPEN_READONLY) &&
	    access(cfg->db, F_OK) == 0 && !writable_db(cfg->db))
		store_flags |= STORE_OPEN_READONLY;
	store_flags &= ~(unsigned)CMD_OPEN_READONLY_FALLBACK;
	if (!(store_flags & STORE_OPEN_READONLY) && config_ensure_dir(cfg, err, sizeof err) != 0) {
		say(cmd, err);
		config_free(cfg);
		return 2;
	}
	if (store_open(cfg->db, store_flags, st, err, sizeof err) != STORE_OK) {
		say(cmd, err);
		config_free(cfg);
		return 2;
	}
	/* Say so when the database is read as an unchanging file (its directory is not writable). */
	const char *why = store_readonly_reason(*st);
	if (why) {
		char *shown = cmd_clean(cfg->db);
		fprintf(stderr, "growthview%s%s: note: %s: %s\n", sp, name, shown ? shown : "", why);
		free(shown);
	}
	/* The list's cached flag summaries must be this rule set's (config `flags`) */
	gv_flag_options fo;
	flags_default_options(&fo, cfg->rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US);
	if (!(store_flags & STORE_OPEN_READONLY) && flagcache_check_rules(*st, &fo, NULL) != STORE_OK)
		fprintf(stderr, "growthview%s%s: warning: flag summaries not checked against the rule set: %s\n", sp, name,
			store_errmsg(*st));
	return 0;
}

/* Whether fd is a terminal, asked once per fd (0-2) and remembered. */
static int is_tty(int fd)
{
	static int known[3] = {-1, -1, -1};
	if (fd < 0 || fd > 2)
		return isatty(fd);
	if (known[fd] < 0)
		known[fd] = isatty(fd) != 0;
	return known[fd];
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int cmd_write_fd(int fd, const char *p, size_t n)
{
	if (!is_tty(fd))
		return write_all(fd, p, n);
	char *c = text_clean_dup(p, n, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	if (!c) {
		errno = ENOMEM;
		return -1;
	}
	int r = write_all(fd, c, strlen(c));
	free(c);
	return r;
}

int cmd_write(FILE *f, const char *p, size_t n)
{
	if (!is_tty(fileno(f)))
		return fwrite(p, 1, n, f) == n ? 0 : -1;
	char *c = text_clean_dup(p, n, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	if (!c)
		return -1;
	size_t k = strlen(c);
	int r = fwrite(c, 1, k, f) == k ? 0 : -1;
	free(c);
	return r;
}

char *cmd_clean(const char *s)
{
	return text_clean_dup(s, strlen(s), 0);
}

int cmd_parse_ref(const char *s, gv_policy *p)
{
	static const struct {
		const char *name;
		gv_policy p;
	} t[] = {{"auto", GV_POLICY_AUTO}, {"who", GV_POLICY_WHO}, {"cdc", GV_POLICY_CDC}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i].name) == 0) {
			*p = t[i].p;
			return 1;
		}
	return 0;
}
