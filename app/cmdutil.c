/* cmdutil.c — shared pieces of the command entry points (see cmdutil.h). */
#include "app/cmdutil.h"

#include <stdio.h>
#include <string.h>

#include "app/flagcache.h"

int cmd_open(const char *cmd, const char *db, unsigned store_flags, gv_config *cfg, gv_store **st)
{
	char err[1024];
	const char *sp = cmd ? " " : "", *name = cmd ? cmd : "";
	*st = NULL;
	if (config_load(cfg, db, err, sizeof err) != 0) {
		fprintf(stderr, "growthview%s%s: %s\n", sp, name, err);
		return 2;
	}
	if (!(store_flags & STORE_OPEN_READONLY) && config_ensure_dir(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "growthview%s%s: %s\n", sp, name, err);
		config_free(cfg);
		return 2;
	}
	if (store_open(cfg->db, store_flags, st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "growthview%s%s: %s\n", sp, name, err);
		config_free(cfg);
		return 2;
	}
	/* The list's cached flag summaries must be this rule set's (config `flags`) */
	gv_flag_options fo;
	flags_default_options(&fo, cfg->rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US);
	if (!(store_flags & STORE_OPEN_READONLY) && flagcache_check_rules(*st, &fo, NULL) != STORE_OK)
		fprintf(stderr, "growthview%s%s: warning: flag summaries not checked against the rule set: %s\n", sp, name,
			store_errmsg(*st));
	return 0;
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
