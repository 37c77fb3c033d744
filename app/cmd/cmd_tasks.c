/*
 * cmd_tasks.c — growthview tasks [--db PATH] --out DIR [--split A:B:C] [--seed S] [--per-child N]
 *
 * Writes the benchmark's task items (core/tasks.h) for every child of the store into
 * DIR/summarisation.jsonl, DIR/classification.jsonl and DIR/regression.jsonl, one JSON object a
 * line, fields in this order:
 *   item_id   core/tasks.h tasks_item_id ("gv-0123456789abcdef:classification:3")
 *   task      "summarisation" | "classification" | "regression"
 *   split     "train" | "validation" | "test" (by child: tasks_split_of)
 *   child     the child's pseudonym (export_pseudonym: HMAC-SHA-256 under the store's secret key)
 *   prompt    the prompt text (core/prompt.h's template; ages only, never a date)
 *   input     the same as structured data (core/prompt.h's JSON payload; ages in days)
 *   answer    summarisation {"references": [...]}; classification {"abnormal", "categories"};
 *             regression {"age_days", "weight_kg", "height_cm", "z_wfa", "z_lhfa"} (absent fields
 *             left out)
 * De-identified like `export --deidentify`: no name, external id, note or date leaves the store
 * (core/prompt writes ages only; the child is its pseudonym).
 *
 * The summarisation references are the baseline summary (core/baseline.h, clinician audience),
 * then every corrected summary a rater wrote for a pair of the child's summaries (the rating's
 * "corrected" text, whatever the rating's status), in queue item order: the output stays
 * deterministic.  They are de-identified like the benchmark export's free text (core/deid.h: the
 * child's name and external id, dates).  The items with a correction are listed first (one walk
 * over the ratings: 16 bytes each), then each child's are read by item.
 *
 * --per-child N keeps at most N classification and N regression items of each child, chosen by
 * the seed (core/tasks.h tasks_keep): the files of a large store stay linear in its children.
 *
 * Streaming: one child in memory at a time (store_each_visit).  The files are written under
 * temporary names in DIR and renamed at the end, so a failed run leaves the previous files.
 * Deterministic: the same store, rules and seed give the same bytes.  Exit status 0, or 2 on a
 * usage, store or write error.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/export.h"
#include "app/store.h"
#include "core/deid.h"
#include "core/flags.h"
#include "core/rating.h"
#include "core/tasks.h"
#include "core/text.h"

/* A rating with a corrected summary: the child and the queue item. */
typedef struct corr {
	int64_t patient, item;
} corr;

typedef struct tctx {
	gv_store *st;
	corr *corr;    /* by patient, then item */
	size_t ncorr, capcorr;
	deid_terms terms;
	prompt_buf scrub;
	const char *dir;
	FILE *out[TASK_NKINDS];
	char *tmp[TASK_NKINDS], *final[TASK_NKINDS];
	unsigned char key[32];
	uint64_t seed;
	size_t per_child; /* 0: every item */
	tasks_ratio ratio;
	gv_flag_options fo;
	tasks_gen gen;
	gv_child cur;  /* the child being written (its visits: store_each_child's) */
	gv_buf line;
	prompt_buf js; /* scratch for JSON strings */
	long children, skipped, split_n[TASK_NSPLITS], items[TASK_NKINDS];
	int err;       /* 1 write error, 2 out of memory, 3 engine error */
} tctx;

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview tasks [--db PATH] --out DIR [--split A:B:C] [--seed S] [--per-child N]\n"
		   "  --out DIR     write DIR/summarisation.jsonl, DIR/classification.jsonl, DIR/regression.jsonl\n"
		   "                (DIR is created when missing)\n"
		   "  --split A:B:C relative sizes of the train, validation and test splits, by child (80:10:10)\n"
		   "  --seed S      seed of the split (0 to 2^64-1; default 1)\n"
		   "  --per-child N at most N classification and N regression items per child, chosen by the seed\n");
}

static void put_json_str(tctx *x, const char *s, size_t n)
{
	prompt_buf_reset(&x->js);
	prompt_buf_json_str(&x->js, s, n);
	if (x->js.oom)
		x->line.oom = 1;
	else
		buf_put(&x->line, prompt_buf_str(&x->js), x->js.len);
}

static void put_key(tctx *x, const char *k, int first)
{
	if (!first)
		buf_putc(&x->line, ',');
	buf_putc(&x->line, '"');
	buf_puts(&x->line, k);
	buf_puts(&x->line, "\":");
}

/* item_id, task, split, child and prompt, input; the caller adds the answer and the end. */
static void line_head(tctx *x, const tasks_item *it, const char *child, task_split sp)
{
	char id[96];
	tasks_item_id(id, sizeof id, child, it->kind, it->visit);
	x->line.len = 0;
	buf_puts(&x->line, "{\"item_id\":");
	put_json_str(x, id, strlen(id));
	put_key(x, "task", 0);
	put_json_str(x, tasks_kind_name(it->kind), strlen(tasks_kind_name(it->kind)));
	put_key(x, "split", 0);
	put_json_str(x, tasks_split_name(sp), strlen(tasks_split_name(sp)));
	put_key(x, "child", 0);
	put_json_str(x, child, strlen(child));
	put_key(x, "prompt", 0);
	put_json_str(x, it->prompt, it->prompt_len);
	put_key(x, "input", 0);
	buf_put(&x->line, it->input, it->input_len);
	put_key(x, "answer", 0);
}

static void emit(tctx *x, task_kind k)
{
	buf_puts(&x->line, "}}\n");
	if (!buf_ok(&x->line)) {
		x->err = 2;
		return;
	}
	if (fwrite(x->line.p, 1, x->line.len, x->out[k]) != x->line.len)
		x->err = 1;
	x->items[k]++;
}

static int add_corr(void *ctx, const store_rated *r)
{
	tctx *x = ctx;
	if (x->ncorr == x->capcorr) {
		size_t c = x->capcorr ? 2 * x->capcorr : 64;
		corr *n = realloc(x->corr, c * sizeof *n);
		if (!n) {
			x->err = 2;
			return 1;
		}
		x->corr = n;
		x->capcorr = c;
	}
	x->corr[x->ncorr].patient = r->patient;
	x->corr[x->ncorr].item = r->item;
	x->ncorr++;
	return 0;
}

/* The corrected text of one rating, de-identified, as ',' + a JSON string. */
static int put_corr(void *ctx, const store_rated *r)
{
	tctx *x = ctx;
	rating rt;
	rating_init(&rt);
	char why[160];
	if (rating_parse(&rt, r->draft, r->draft_len, why, sizeof why) == RATING_OK && rt.corrected && *rt.corrected) {
		prompt_buf_reset(&x->scrub);
		deid_scrub(&x->terms, rt.corrected, strlen(rt.corrected), &x->scrub, NULL);
		if (x->scrub.oom)
			x->line.oom = 1;
		buf_putc(&x->line, ',');
		put_json_str(x, prompt_buf_str(&x->scrub), x->scrub.len);
	}
	rating_free(&rt);
	return 0;
}

static void write_summarisation(tctx *x, const tasks_item *it, const char *child, task_split sp)
{
	line_head(x, it, child, sp);
	buf_puts(&x->line, "{\"references\":[");
	put_json_str(x, it->reference, it->reference_len);
	/* The raters' corrected summaries of this child (the list is sorted by patient). */
	size_t lo = 0, hi = x->ncorr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->corr[mid].patient < x->cur.p.id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->ncorr && x->corr[lo].patient == x->cur.p.id) {
		deid_terms_init(&x->terms);
		deid_terms_add(&x->terms, x->cur.p.name, "[name]", 1);
		deid_terms_add(&x->terms, x->cur.p.ext_id, "[id]", 0);
	}
	for (size_t i = lo; i < x->ncorr && x->corr[i].patient == x->cur.p.id; i++)
		if (store_rated_get(x->st, x->corr[i].item, put_corr, x, NULL) != STORE_OK) {
			fprintf(stderr, "growthview tasks: %s\n", store_errmsg(x->st));
			x->err = 3;
		}
	buf_putc(&x->line, ']');
	emit(x, TASK_SUMMARISATION);
}

static void write_classification(tctx *x, const tasks_item *it, const char *child, task_split sp)
{
	line_head(x, it, child, sp);
	buf_puts(&x->line, it->cls.abnormal ? "{\"abnormal\":true,\"categories\":[" : "{\"abnormal\":false,\"categories\":[");
	int first = 1;
	for (int c = 0; c < GV_CAT_COUNT; c++)
		if (it->cls.cats & GV_CAT_BIT(c)) {
			if (!first)
				buf_putc(&x->line, ',');
			first = 0;
			buf_putc(&x->line, '"');
			buf_puts(&x->line, flags_cat_name((gv_flag_cat)c));
			buf_putc(&x->line, '"');
		}
	buf_putc(&x->line, ']');
	emit(x, TASK_CLASSIFICATION);
}

static void write_regression(tctx *x, const tasks_item *it, const char *child, task_split sp)
{
	const tasks_reg_answer *a = &it->reg;
	line_head(x, it, child, sp);
	buf_puts(&x->line, "{\"age_days\":");
	buf_int(&x->line, a->age_days);
	if (!isnan(a->weight_kg)) {
		put_key(x, "weight_kg", 0);
		export_num(&x->line, a->weight_kg);
	}
	if (!isnan(a->height_cm)) {
		put_key(x, "height_cm", 0);
		export_num(&x->line, a->height_cm);
	}
	if (!isnan(a->z_wfa)) {
		put_key(x, "z_wfa", 0);
		buf_fixed(&x->line, a->z_wfa, 6);
	}
	if (!isnan(a->z_lhfa)) {
		put_key(x, "z_lhfa", 0);
		buf_fixed(&x->line, a->z_lhfa, 6);
	}
	emit(x, TASK_REGRESSION);
}

static void engine_error(tctx *x, gv_status st)
{
	x->err = st == GV_ENOMEM ? 2 : 3;
	if (st != GV_ENOMEM)
		fprintf(stderr, "growthview tasks: patient #%lld: %s\n", (long long)x->cur.p.id, gv_strerror(st));
}

static void do_child(tctx *x)
{
	gv_status st = tasks_child_begin(&x->gen, &x->cur, &x->fo);
	if (st == GV_MISSING) {
		x->skipped++;
		return;
	}
	if (st != GV_OK) {
		engine_error(x, st);
		return;
	}
	char child[40];
	export_pseudonym(x->key, &x->cur.p, child, sizeof child);
	task_split sp = tasks_split_of(child, x->seed, &x->ratio);
	x->children++;
	x->split_n[sp]++;
	tasks_item it;
	if ((st = tasks_summarisation(&x->gen, &it)) != GV_OK) {
		engine_error(x, st);
		return;
	}
	write_summarisation(x, &it, child, sp);
	size_t nv = x->cur.nv, n = x->per_child;
	for (size_t k = 0; k < nv && !x->err; k++) {
		if (!n || tasks_keep(child, x->seed, TASK_CLASSIFICATION, k, nv, n)) {
			if ((st = tasks_classification(&x->gen, k, &it)) != GV_OK) {
				engine_error(x, st);
				return;
			}
			write_classification(x, &it, child, sp);
		}
		if (k + 1 == nv)
			break;
		if (n && !tasks_keep(child, x->seed, TASK_REGRESSION, k, nv - 1, n))
			continue;
		st = tasks_regression(&x->gen, k, &it);
		if (st == GV_MISSING)
			continue;
		if (st != GV_OK) {
			engine_error(x, st);
			return;
		}
		write_regression(x, &it, child, sp);
	}
}

/* One child at a time (store_each_child): its visits are the walk's, borrowed while written. */
static int each_child(void *ctx, const gv_child *c)
{
	tctx *x = ctx;
	x->cur = *c;
	do_child(x);
	x->cur.v = NULL;
	return x->err != 0;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

/* Create DIR when missing and open the three temporary files.  0, or 2 after a message. */
static int open_outputs(tctx *x)
{
	struct stat sb;
	if (stat(x->dir, &sb) != 0) {
		if (errno != ENOENT || mkdir(x->dir, 0777) != 0) {
			char *d = cmd_clean(x->dir);
			fprintf(stderr, "growthview tasks: cannot create %s: %s\n", d ? d : "?", strerror(errno));
			free(d);
			return 2;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		char *d = cmd_clean(x->dir);
		fprintf(stderr, "growthview tasks: %s is not a directory\n", d ? d : "?");
		free(d);
		return 2;
	}
	for (int k = 0; k < TASK_NKINDS; k++) {
		char name[64], tname[128];
		snprintf(name, sizeof name, "%s.jsonl", tasks_kind_name((task_kind)k));
		snprintf(tname, sizeof tname, ".%s.tmp.%ld", name, (long)getpid());
		x->final[k] = path_join(x->dir, name);
		x->tmp[k] = path_join(x->dir, tname);
		if (!x->final[k] || !x->tmp[k]) {
			fprintf(stderr, "growthview tasks: out of memory\n");
			return 2;
		}
		/* mode 0600 like every export (the items describe children), created afresh */
		int fd = open(x->tmp[k], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		x->out[k] = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!x->out[k]) {
			if (fd >= 0) {
				close(fd);
				unlink(x->tmp[k]);
			}
			char *d = cmd_clean(x->dir);
			fprintf(stderr, "growthview tasks: cannot write in %s: %s\n", d ? d : "?", strerror(errno));
			free(d);
			return 2;
		}
	}
	return 0;
}

/* Close the files; rename them into place when ok, else remove them.  0, or 2 after a message. */
static int close_outputs(tctx *x, int ok)
{
	int rc = 0;
	for (int k = 0; k < TASK_NKINDS; k++) {
		if (!x->out[k])
			continue;
		int bad = ferror(x->out[k]) || fflush(x->out[k]) != 0 || fsync(fileno(x->out[k])) != 0;
		int e = errno;
		if (fclose(x->out[k]) != 0 && !bad) {
			bad = 1;
			e = errno;
		}
		x->out[k] = NULL;
		if (ok && !rc && bad) {
			char *d = cmd_clean(x->final[k]);
			fprintf(stderr, "growthview tasks: cannot write %s: %s\n", d ? d : "?", strerror(e));
			free(d);
			rc = 2;
		}
	}
	for (int k = 0; k < TASK_NKINDS; k++) {
		if (!x->tmp[k])
			continue;
		if (ok && !rc && rename(x->tmp[k], x->final[k]) != 0) {
			char *d = cmd_clean(x->final[k]);
			fprintf(stderr, "growthview tasks: cannot write %s: %s\n", d ? d : "?", strerror(errno));
			free(d);
			rc = 2;
		}
	}
	for (int k = 0; k < TASK_NKINDS; k++) {
		if (x->tmp[k] && (!ok || rc))
			unlink(x->tmp[k]);
		free(x->tmp[k]);
		free(x->final[k]);
		x->tmp[k] = x->final[k] = NULL;
	}
	return rc;
}

static int parse_u64(const char *s, uint64_t *out)
{
	if (!s[0] || strlen(s) > 20)
		return 0;
	uint64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		uint64_t d = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

int cmd_tasks(int argc, char **argv)
{
	const char *db = NULL;
	tctx x;
	memset(&x, 0, sizeof x);
	x.seed = 1;
	tasks_ratio_default(&x.ratio);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			x.dir = argv[++i];
		} else if (strcmp(a, "--split") == 0 && i + 1 < argc) {
			const char *s = argv[++i];
			if (tasks_ratio_parse(s, &x.ratio) != GV_OK) {
				char *c = cmd_clean(s);
				fprintf(stderr,
					"growthview tasks: --split must be A:B:C, three whole numbers (0 to %u, not all 0) "
					"for train, validation and test, e.g. 80:10:10 (got '%s')\n",
					TASKS_RATIO_MAX, c ? c : "?");
				free(c);
				return 2;
			}
		} else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
			const char *s = argv[++i];
			if (!parse_u64(s, &x.seed)) {
				char *c = cmd_clean(s);
				fprintf(stderr, "growthview tasks: --seed must be a whole number from 0 to 2^64-1 (got '%s')\n",
					c ? c : "?");
				free(c);
				return 2;
			}
		} else if (strcmp(a, "--per-child") == 0 && i + 1 < argc) {
			const char *s = argv[++i];
			uint64_t v;
			if (!parse_u64(s, &v) || v < 1 || v > 1000000) {
				char *c = cmd_clean(s);
				fprintf(stderr, "growthview tasks: --per-child must be a whole number from 1 to 1000000 (got '%s')\n",
					c ? c : "?");
				free(c);
				return 2;
			}
			x.per_child = (size_t)v;
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview tasks: %s '%s'\n",
				a[0] == '-' && i + 1 == argc ? "missing value after" : "unknown argument", c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		}
	}
	if (!x.dir) {
		fprintf(stderr, "growthview tasks: --out DIR is required\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("tasks", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	flags_default_options(&x.fo, (gv_ruleset)cfg.rules);
	int rc = 0;
	if (store_pseudonym_key(st, x.key) != STORE_OK) {
		fprintf(stderr, "growthview tasks: %s\n", store_errmsg(st));
		rc = 2;
	} else {
		rc = open_outputs(&x);
	}
	x.st = st;
	if (rc == 0 && store_rated_corrections(st, add_corr, &x, NULL) != STORE_OK) {
		fprintf(stderr, "growthview tasks: %s\n", store_errmsg(st));
		rc = 2;
	}
	if (rc == 0) {
		tasks_gen_init(&x.gen);
		int cbret = 0;
		if (store_each_child(st, 0, each_child, &x, &cbret) != STORE_OK) {
			fprintf(stderr, "growthview tasks: %s\n", store_errmsg(st));
			rc = 2;
		}
		if (x.err == 1) {
			char *d = cmd_clean(x.dir);
			fprintf(stderr, "growthview tasks: cannot write in %s: %s\n", d ? d : "?", strerror(errno));
			free(d);
		}
		else if (x.err == 2)
			fprintf(stderr, "growthview tasks: out of memory\n");
		if (x.err)
			rc = 2;
		tasks_gen_free(&x.gen);
	}
	int crc = close_outputs(&x, rc == 0);
	if (rc == 0)
		rc = crc;
	if (rc == 0)
		fprintf(stderr,
			"growthview tasks: %ld children (train %ld, validation %ld, test %ld), %ld skipped (no visit or sex "
			"unknown); %ld summarisation, %ld classification, %ld regression items\n",
			x.children, x.split_n[TASK_TRAIN], x.split_n[TASK_VALIDATION], x.split_n[TASK_TEST], x.skipped,
			x.items[TASK_SUMMARISATION], x.items[TASK_CLASSIFICATION], x.items[TASK_REGRESSION]);
	free(x.corr);
	prompt_buf_free(&x.scrub);
	buf_free(&x.line);
	prompt_buf_free(&x.js);
	store_close(st);
	config_free(&cfg);
	return rc;
}
