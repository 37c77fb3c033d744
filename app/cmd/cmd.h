/* cmd.h — the subcommands of growthview.  Each cmd_<name>.c implements one.
 *
 * A command gets argv with argv[0] = the command's name and returns the process exit status:
 * 0 success, 1 the work ran but something failed (a bad row, a flag raised where asked), 2 usage
 * or a fatal error (message already printed to stderr, prefixed "growthview <cmd>: "). */
#ifndef GV_CMD_H
#define GV_CMD_H

int cmd_zscore(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_flags(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_models(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_import_summaries(int argc, char **argv);
int cmd_export_ratings(int argc, char **argv);
int cmd_import_ratings(int argc, char **argv);
int cmd_rating_copy(int argc, char **argv);
int cmd_summaries(int argc, char **argv);
int cmd_prompt(int argc, char **argv);
int cmd_summarize(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_raters(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_export_benchmark(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_tui(int argc, char **argv); /* no command: the full-screen interface */
int cmd_rate(int argc, char **argv); /* the full-screen interface on the rating screen */

#endif
