/* main.c — growthview entry point: subcommand dispatch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/cmd/cmd.h"

#ifndef GV_VERSION
#define GV_VERSION "0.1.0"
#endif

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *help;
} cmds[] = {
	{"zscore", cmd_zscore, "z-scores and percentiles for a CSV of measurements (stdin or FILE)"},
	{"import", cmd_import, "import CSV or FHIR R4 files into the patient store"},
	{"export", cmd_export, "export patients and measurements with computed z-scores"},
	{"flags", cmd_flags, "print the clinical and data-quality flags of patients"},
	{"plot", cmd_plot, "draw a patient's growth chart to standard output"},
	{"synth", cmd_synth, "create a synthetic cohort with known conditions"},
	{"demo", cmd_demo, "create the demo database if needed and open it"},
	{"models", cmd_models, "list the configured LLM models, or check one with a tiny request"},
	{"tasks", cmd_tasks, "write the benchmark's task items (JSON lines) from the store"},
	{"score", cmd_score, "score a model's answers to the benchmark's tasks"},
	{"prompt", cmd_prompt, "print the prompt a model is given for a patient"},
	{"summarize", cmd_summarize, "write summaries of patients with a model, and store them"},
	{"import-summaries", cmd_import_summaries, "import summaries made elsewhere (JSON Lines)"},
	{"export-ratings", cmd_export_ratings, "write the ratings as JSON Lines (to move or merge them)"},
	{"import-ratings", cmd_import_ratings, "merge ratings written by export-ratings (all or nothing)"},
	{"rating-copy", cmd_rating_copy, "make a pseudonymous database for rating offline"},
	{"summaries", cmd_summaries, "list the stored summaries"},
	{"rate", cmd_rate, "rate two summaries of a child at a time, blinded (the rating screen)"},
	{"check", cmd_check, "check every claim of stored summaries against the child's chart"},
	{"raters", cmd_raters, "list the raters of summaries, or add one"},
	{"queue", cmd_queue, "build a rating queue, show its progress, or close it"},
	{"export-benchmark", cmd_export_benchmark, "export the labelled benchmark dataset (JSON Lines) and its datasheet"},
	{"stats", cmd_stats, "per-model claim-check rates, ranking, scores and rater agreement"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview [--db PATH] [--read-only] [--ascii] [--no-color]\n"
		   "       growthview COMMAND [OPTIONS]\n\ncommands:\n");
	int w = 0;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if ((int)strlen(cmds[i].name) > w)
			w = (int)strlen(cmds[i].name);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "  %-*s  %s\n", w, cmds[i].name, cmds[i].help);
	fprintf(f, "\n'growthview COMMAND --help' for a command's options; man growthview for all.\n");
}

/* What a command wrote to standard output must have reached it: a full disk or an I/O error
 * surfaces only when the buffer is flushed, after the command thought it was done (a script
 * redirecting `flags --json` to a full disk would otherwise get a truncated file and status 0). */
static int finish(const char *cmd, int rc)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc != 2) /* 2: the command has said why already */
			fprintf(stderr, "growthview%s%s: cannot write standard output: %s\n", cmd ? " " : "",
				cmd ? cmd : "", errno ? strerror(errno) : "write error");
		return 2;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
			usage(stdout);
			return finish(NULL, 0);
		}
		if (strcmp(argv[1], "--version") == 0) {
			printf("growthview %s\n", GV_VERSION);
			return finish(NULL, 0);
		}
		for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
			if (strcmp(argv[1], cmds[i].name) == 0)
				return finish(cmds[i].name, cmds[i].run(argc - 1, argv + 1));
		/* "growthview --db PATH COMMAND ...": every command takes --db after its name, so say
		 * where it goes rather than "unknown option 'COMMAND'" from the interface's parser. */
		if (argc > 3 && strcmp(argv[1], "--db") == 0)
			for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
				if (strcmp(argv[3], cmds[i].name) == 0) {
					fprintf(stderr,
						"growthview: options go after the command: growthview %s --db %s ...\n",
						cmds[i].name, argv[2]);
					return 2;
				}
		if (argv[1][0] != '-') {
			fprintf(stderr, "growthview: unknown command '%s'\n", argv[1]);
			usage(stderr);
			return 2;
		}
	}
	return cmd_tui(argc, argv);
}
