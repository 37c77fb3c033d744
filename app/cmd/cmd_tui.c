/*
 * cmd_tui.c — growthview [--db PATH] [--read-only] [--ascii] [--no-color]: the full-screen
 * interface (ui/tui.h), run in the terminal by ui/term.c.
 *
 * Options override the config file (app/config.h): the database, colours.  --read-only opens the
 * store with STORE_OPEN_READONLY (SQLite read-only + query_only): nothing can be written, and the
 * interface says so.  The terminal is restored on every way out (ui/term.h); a signal that ended
 * the interface is re-raised once the store is closed, so the exit status says what happened.
 * Exit status: 0, or 2 when the database or the terminal cannot be opened.
 *
 * cmd_rate — growthview rate [--rater NAME] [--db PATH] [--read-only] [--ascii] [--no-color]: the
 * same interface opened on the rating screen (ui/tui_rate.c) with NAME's queue (default: config
 * `rater`, else `user`); a rater not in the store yet is asked for their role on screen; q quits.
 */
#include "app/cmd/cmd.h"

#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/flagcache.h"
#include "app/store.h"
#include "ui/term.h"
#include "ui/tui.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview [--db PATH] [--read-only] [--ascii] [--no-color] [--rater NAME]\n"
		   "  --db PATH     the database (default: config file, $GROWTHVIEW_DB, ~/.local/share/growthview)\n"
		   "  --rater NAME  who rates on the rating screen (R on the list; default: config rater, else user)\n"
		   "  --read-only   open without writing anything (demos, reviews)\n"
		   "  --ascii       plain ASCII: no braille charts, no line drawing\n"
		   "  --no-color    monochrome (as NO_COLOR=1)\n"
		   "Keys: ? in any screen. man growthview for all.\n");
}

static void usage_rate(FILE *f)
{
	fprintf(f, "usage: growthview rate [--rater NAME] [--db PATH] [--read-only] [--ascii] [--no-color]\n"
		   "  --rater NAME  whose queue (default: config rater, else user); a new rater is asked their role\n"
		   "  --db PATH     the database\n"
		   "  --read-only   show the ratings without changing them\n"
		   "  --ascii       plain ASCII\n"
		   "  --no-color    monochrome (as NO_COLOR=1)\n"
		   "An adjudicator starts on the items whose raters disagree (a: their own queue).\n"
		   "Keys: ? on the rating screen (with the rubric). man growthview for all.\n");
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int run(int argc, char **argv, int rate)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *db = NULL;
	const char *rater = NULL;
	int read_only = 0, ascii = 0, no_color = 0, bench = 0;
	void (*use)(FILE *) = rate ? usage_rate : usage;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--rater") == 0 && i + 1 < argc) {
			rater = argv[++i];
		} else if (strcmp(a, "--read-only") == 0) {
			read_only = 1;
		} else if (strcmp(a, "--ascii") == 0) {
			ascii = 1;
		} else if (strcmp(a, "--no-color") == 0 || strcmp(a, "--no-colour") == 0) {
			no_color = 1;
		} else if (strcmp(a, "--bench-startup") == 0) {
			bench = 1; /* hidden: draw the first frame, leave, print the time it took */
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			use(stdout);
			return 0;
		} else {
			fprintf(stderr, "growthview%s: unknown option '%s'\n", rate ? " rate" : "", a);
			use(stderr);
			return 2;
		}
	}
	int utf8 = term_locale();

	char err[1024];
	gv_config cfg;
	gv_store *st;
	if (cmd_open(NULL, db, read_only ? STORE_OPEN_READONLY : CMD_OPEN_READONLY_FALLBACK, &cfg, &st) != 0)
		return 2;
	/* Read-only because the database cannot be written here (a CD, a shared read-only mount):
	 * said on screen. */
	const char *ro_why = store_readonly_reason(st);
	if (!read_only && store_is_readonly(st)) {
		read_only = 1;
		if (!ro_why)
			ro_why = "it cannot be written by this user";
	}
	char user[64];
	snprintf(user, sizeof user, "%s", cfg.user);
	if (!user[0]) {
		struct passwd *pw = getpwuid(getuid());
		snprintf(user, sizeof user, "%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	}
	const char *slash = strrchr(cfg.db, '/');
	tui_config tc = {
		.db_label = slash ? slash + 1 : cfg.db,
		.policy = cfg.policy,
		.rules = cfg.rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US,
		.units = cfg.units == CONFIG_UNITS_US ? FMT_US : FMT_METRIC,
		.user = user,
		.read_only = read_only,
		.braille = utf8 && !ascii,
		.today = config_today(),
		.refresh_flags = !bench,
		.read_only_why = ro_why,
		.rater = rater ? rater : cfg.rater[0] ? cfg.rater : user,
	};
	if (read_only) {
		gv_flag_options fo;
		flags_default_options(&fo, tc.rules);
		if (flagcache_check_rules(st, &fo, &tc.foreign_summaries) != STORE_OK)
			tc.foreign_summaries = 1;
	}
	tui *t = tui_new(st, &tc);
	gv_term *tm = t ? term_open(NULL, NULL, NULL, utf8 && !ascii, term_want_color(cfg.color, no_color), err, sizeof err)
		     : NULL;
	if (!tm) {
		fprintf(stderr, "growthview: %s\n", t ? err : "out of memory");
		tui_free(t);
		store_close(st);
		config_free(&cfg);
		return 2;
	}
	if (rate)
		tui_rate_open(t, tc.rater, NULL, 1);
	else if (rater)
		tui_hint(t, "R: rate summaries as %s", rater);
	int sig = term_run(tm, t, bench);
	term_close(tm); /* the terminal is restored from here on */
	if (bench) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "first frame: %.1f ms after start of cmd_tui, CPU %.1f ms, max RSS %ld KiB\n", ms_since(&t0),
			(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
				(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
			ru.ru_maxrss);
	}
	tui_free(t);
	store_close(st);
	config_free(&cfg);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}

int cmd_tui(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int cmd_rate(int argc, char **argv)
{
	return run(argc, argv, 1);
}
