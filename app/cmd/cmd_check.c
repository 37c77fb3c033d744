/*
 * cmd_check.c — growthview check [--db PATH] [--rules us|who] [--json] [--no-store]
 *                                [SUMMARY_ID | --patient ID | --all]
 *
 * Checks every claim of stored summaries against the child's own chart (core/claims.h, through
 * app/checker.h): one summary by its external id, the summaries of one patient (external id or
 * #N), or all of them, one at a time (the summaries are read one by one in (patient, id) order, so
 * memory stays flat however many there are).  The rule set and chart policy are --rules, else the
 * config file's `flags`, else US.
 *
 * Output: with --json an array with one object per summary (the issue #14 contract)
 *   {"summary_id", "patient_id", "model", "claims": [{"start", "end", "quote", "type", "stated",
 *    "expected", "verdict", "indicator", "date", "reference", "note"}], "omitted_flags": [...]}
 * where summary_id is the external id and patient_id the patient's external id (#N when it has
 * none); expected, indicator, date, reference and note are null when there is none.  Without
 * --json a report for people: per summary a heading, per claim its verdict, type, quote and the
 * expected value, and the omitted flags; made safe for a terminal (core/text.h) and cut to its
 * width when standard output is one.
 *
 * The verdicts are stored with the checker's version (store_checks_put), one transaction per
 * summary, unless --no-store or the database cannot be written (then said once on stderr).
 * Exit status 0; 1 when the summary or patient named does not exist; 2 on a usage, store or
 * output error.
 */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/buf.h"
#include "app/checker.h"
#include "app/cmd/cmdutil.h"
#include "app/store.h"
#include "core/age.h"
#include "core/claims.h"
#include "core/flags.h"
#include "core/text.h"

typedef struct cctx {
	gv_store *st;
	checker *k;
	int json, store, width, first, err;
	long nsum, nclaims, ncontra, nstored;
	/* the summary being checked, copied out of the store's row */
	int64_t id, patient;
	char sid[STORE_SUMMARY_ID_MAX + 1];
	char pid[GV_ID_MAX + 24];
	char *model, *text;
	size_t len;
} cctx;

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview check [--db PATH] [--rules us|who] [--json] [--no-store]\n"
		   "                        SUMMARY_ID | --patient ID | --all\n"
		   "  Checks every claim of stored summaries against the child's chart and stores the verdicts.\n"
		   "  SUMMARY_ID    a summary's external id (as `summaries` lists it)\n"
		   "  --patient ID  every summary of a patient (external id or #N)\n"
		   "  --all         every stored summary\n"
		   "  --rules       us (CDC/AAP, default) or who (WHO/international)\n"
		   "  --json        a JSON array, one object per summary\n"
		   "  --no-store    print the verdicts without storing them\n");
}

/* Copy the row's fields the check needs (the row dies with the callback). */
static int take(void *ctx, const store_summary *s)
{
	cctx *x = ctx;
	free(x->model);
	free(x->text);
	x->id = s->id;
	x->patient = s->patient_id;
	snprintf(x->sid, sizeof x->sid, "%s", s->summary_id ? s->summary_id : "");
	if (s->patient_ext && s->patient_ext[0])
		snprintf(x->pid, sizeof x->pid, "%s", s->patient_ext);
	else
		snprintf(x->pid, sizeof x->pid, "#%lld", (long long)s->patient_id);
	x->model = strdup(s->model ? s->model : "");
	x->text = malloc(s->text_len + 1);
	x->len = s->text_len;
	if (!x->model || !x->text)
		return 1;
	memcpy(x->text, s->text, s->text_len);
	x->text[s->text_len] = '\0';
	return 0;
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static int print_json(cctx *x, const claims_result *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return -1;
	cJSON_AddStringToObject(o, "summary_id", x->sid);
	cJSON_AddStringToObject(o, "patient_id", x->pid);
	cJSON_AddStringToObject(o, "model", x->model);
	cJSON *a = cJSON_AddArrayToObject(o, "claims");
	for (size_t i = 0; a && i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		cJSON *j = cJSON_CreateObject();
		if (!j || !cJSON_AddItemToArray(a, j)) {
			cJSON_Delete(j);
			break;
		}
		cJSON_AddNumberToObject(j, "start", (double)c->start);
		cJSON_AddNumberToObject(j, "end", (double)c->end);
		/* The quote as UTF-8 (claim spans fall on character boundaries of valid UTF-8; a stray
		 * byte would become U+FFFD in text_clean, but the store only keeps valid UTF-8). */
		char *q = malloc(c->end - c->start + 1);
		if (q) {
			memcpy(q, x->text + c->start, c->end - c->start);
			q[c->end - c->start] = '\0';
			cJSON_AddStringToObject(j, "quote", q);
			free(q);
		}
		cJSON_AddStringToObject(j, "type", claims_type_name(c->type));
		cJSON_AddStringToObject(j, "stated", c->stated);
		add_str_or_null(j, "expected", c->expected);
		cJSON_AddStringToObject(j, "verdict", claims_verdict_name(c->verdict));
		add_str_or_null(j, "indicator", claims_ind_name(c->ind));
		char d[12] = "";
		if (c->date != CLAIMS_NO_DATE)
			age_format_date(c->date, d);
		add_str_or_null(j, "date", d);
		add_str_or_null(j, "reference", claims_ref_name(c->ref));
		add_str_or_null(j, "note", c->note);
	}
	cJSON *om = cJSON_AddArrayToObject(o, "omitted_flags");
	gv_flag_cat cats[GV_CAT_COUNT];
	size_t n = claims_omitted(r, cats, GV_CAT_COUNT);
	for (size_t i = 0; om && i < n && i < GV_CAT_COUNT; i++)
		cJSON_AddItemToArray(om, cJSON_CreateString(flags_cat_name(cats[i])));
	char *out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!out)
		return -1;
	fputs(x->first ? "[\n" : ",\n", stdout);
	cmd_write(stdout, out, strlen(out));
	free(out);
	return 0;
}

/* Append line (clean UTF-8) to b, cut to x->width columns when that is set, and a newline. */
static void put_line(cctx *x, gv_buf *b, const char *line)
{
	size_t n = strlen(line), i = 0;
	int cols = 0;
	while (i < n && (x->width <= 0 || cols < x->width)) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)line[i + k] & 0xc0) == 0x80)
			k++;
		buf_put(b, line + i, k);
		i += k;
		cols++;
	}
	buf_putc(b, '\n');
}

static int print_text(cctx *x, const claims_result *r, const char *why)
{
	long cnt[CLAIM_NVERDICTS] = {0};
	for (size_t i = 0; i < r->n; i++)
		cnt[r->claims[i].verdict]++;
	gv_buf b = GV_BUF_INIT, l = GV_BUF_INIT;
	char *sid = cmd_clean(x->sid), *pid = cmd_clean(x->pid), *model = cmd_clean(x->model);
	buf_printf(&l, "%s  patient %s  %s  %zu claims: %ld contradicted, %ld supported, %ld unverifiable",
		   sid ? sid : "?", pid ? pid : "?", model ? model : "?", r->n, cnt[CLAIM_CONTRADICTED],
		   cnt[CLAIM_SUPPORTED], cnt[CLAIM_UNVERIFIABLE]);
	buf_putc(&l, '\0');
	put_line(x, &b, buf_ok(&l) ? l.p : "?");
	free(sid);
	free(pid);
	free(model);
	if (why) {
		l.len = 0;
		buf_printf(&l, "  note: %s", why);
		buf_putc(&l, '\0');
		put_line(x, &b, buf_ok(&l) ? l.p : "?");
	}
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		char *q = text_clean_dup(x->text + c->start, c->end - c->start, 0);
		l.len = 0;
		buf_printf(&l, "  %-12s %-10s \"%s\"", claims_verdict_name(c->verdict), claims_type_name(c->type),
			   q ? q : "?");
		free(q);
		if (c->verdict == CLAIM_CONTRADICTED && c->expected[0])
			buf_printf(&l, "  expected %s", c->expected);
		else if (c->verdict == CLAIM_SUPPORTED && c->expected[0])
			buf_printf(&l, "  (%s)", c->expected);
		char d[12] = "";
		if (c->date != CLAIMS_NO_DATE)
			age_format_date(c->date, d);
		if (c->ind < GV_NIND || d[0] || c->ref != GV_REF_NONE) {
			const char *in = claims_ind_name(c->ind), *rf = claims_ref_name(c->ref);
			buf_printf(&l, "  [%s%s%s%s%s]", in, in[0] && (d[0] || rf[0]) ? " " : "", d,
				   d[0] && rf[0] ? " " : "", rf);
		}
		if (c->note[0])
			buf_printf(&l, "  %s", c->note);
		buf_putc(&l, '\0');
		put_line(x, &b, buf_ok(&l) ? l.p : "?");
	}
	gv_flag_cat cats[GV_CAT_COUNT];
	size_t n = claims_omitted(r, cats, GV_CAT_COUNT);
	if (n) {
		l.len = 0;
		buf_puts(&l, "  omitted flags:");
		for (size_t i = 0; i < n && i < GV_CAT_COUNT; i++)
			buf_printf(&l, " %s", flags_cat_name(cats[i]));
		buf_putc(&l, '\0');
		put_line(x, &b, buf_ok(&l) ? l.p : "?");
	}
	int rc = buf_ok(&b) ? 0 : -1;
	if (rc == 0)
		cmd_write(stdout, b.p, b.len);
	buf_free(&b);
	buf_free(&l);
	return rc;
}

/* Check the summary just taken: judge, print, store.  0, or -1 (message printed). */
static int check_one(cctx *x)
{
	claims_result r = {0};
	const char *why = NULL;
	char err[512];
	if (checker_judge(x->k, x->patient, x->text, x->len, &r, &why, err, sizeof err) != 0) {
		fprintf(stderr, "growthview check: %s\n", err);
		claims_free(&r);
		return -1;
	}
	int rc = x->json ? print_json(x, &r) : print_text(x, &r, why);
	if (rc != 0)
		fprintf(stderr, "growthview check: out of memory\n");
	x->first = 0;
	x->nsum++;
	x->nclaims += (long)r.n;
	for (size_t i = 0; i < r.n; i++)
		x->ncontra += r.claims[i].verdict == CLAIM_CONTRADICTED;
	if (rc == 0 && x->store) {
		if (store_checks_put(x->st, x->id, CLAIMS_VERSION, x->text, x->len, &r) != STORE_OK) {
			char *sid = cmd_clean(x->sid);
			fprintf(stderr, "growthview check: %s: %s\n", sid ? sid : "?", store_errmsg(x->st));
			free(sid);
			rc = -1;
		} else {
			x->nstored++;
		}
	}
	claims_free(&r);
	return rc;
}

/* Every summary (of patient pid, 0: all), one at a time. */
static int walk(cctx *x, int64_t pid)
{
	int64_t after_p = 0, after_id = 0;
	for (;;) {
		int cbret = 0;
		store_rc r = store_summary_next(x->st, pid, after_p, after_id, take, x, &cbret);
		if (r == STORE_NOTFOUND)
			return 0;
		if (r != STORE_OK) {
			fprintf(stderr, "growthview check: %s\n", store_errmsg(x->st));
			return -1;
		}
		if (cbret) {
			fprintf(stderr, "growthview check: out of memory\n");
			return -1;
		}
		after_p = x->patient;
		after_id = x->id;
		if (check_one(x) != 0 || ferror(stdout))
			return -1;
	}
}

int cmd_check(int argc, char **argv)
{
	const char *db = NULL, *sid = NULL, *patient = NULL;
	int all = 0, rules = -1;
	cctx x;
	memset(&x, 0, sizeof x);
	x.first = 1;
	x.store = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--patient") == 0 && i + 1 < argc) {
			patient = argv[++i];
		} else if (strcmp(a, "--rules") == 0 && i + 1 < argc) {
			const char *r = argv[++i];
			if (strcmp(r, "us") == 0) {
				rules = GV_RULES_US;
			} else if (strcmp(r, "who") == 0) {
				rules = GV_RULES_WHO;
			} else {
				char *c = cmd_clean(r);
				fprintf(stderr, "growthview check: --rules must be us or who (got '%s')\n", c ? c : "?");
				free(c);
				return 2;
			}
		} else if (strcmp(a, "--json") == 0) {
			x.json = 1;
		} else if (strcmp(a, "--no-store") == 0) {
			x.store = 0;
		} else if (strcmp(a, "--all") == 0) {
			all = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview check: unknown option '%s'\n", c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		} else if (!sid) {
			sid = a;
		} else {
			fprintf(stderr, "growthview check: one SUMMARY_ID at most\n");
			return 2;
		}
	}
	if ((sid != NULL) + (patient != NULL) + all != 1) {
		fprintf(stderr, "growthview check: give one of SUMMARY_ID, --patient ID or --all\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	unsigned of = STORE_OPEN_NOCREATE | (x.store ? CMD_OPEN_READONLY_FALLBACK : STORE_OPEN_READONLY);
	if (cmd_open("check", db, of, &cfg, &x.st) != 0)
		return 2;
	if (x.store && store_is_readonly(x.st)) {
		fprintf(stderr, "growthview check: note: the database cannot be written: the verdicts are not stored\n");
		x.store = 0;
	}
	claims_options co;
	/* --rules, else the config file's `flags`, else US (as `flags`). */
	claims_default_options(&co, rules >= 0 ? (gv_ruleset)rules
				       : cfg.rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US);
	x.k = checker_new(x.st, &co);
	struct winsize ws;
	if (!x.json && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		x.width = ws.ws_col;
	int rc = 0;
	if (!x.k) {
		fprintf(stderr, "growthview check: out of memory\n");
		rc = 2;
	} else if (sid) {
		int cbret = 0;
		store_rc r = store_summary_get(x.st, sid, take, &x, &cbret);
		if (r == STORE_NOTFOUND) {
			char *c = cmd_clean(sid);
			fprintf(stderr, "growthview check: no summary '%s' in %s\n", c ? c : "?", cfg.db);
			free(c);
			rc = 1;
		} else if (r != STORE_OK || cbret) {
			fprintf(stderr, "growthview check: %s\n", cbret ? "out of memory" : store_errmsg(x.st));
			rc = 2;
		} else if (check_one(&x) != 0) {
			rc = 2;
		}
	} else {
		int64_t pid = 0;
		if (patient) {
			gv_patient p;
			store_rc r = store_patient_resolve(x.st, patient, &p);
			if (r == STORE_NOTFOUND) {
				char *c = cmd_clean(patient);
				fprintf(stderr, "growthview check: no patient '%s' in %s\n", c ? c : "?", cfg.db);
				free(c);
				rc = 1;
			} else if (r != STORE_OK) {
				fprintf(stderr, "growthview check: %s\n", store_errmsg(x.st));
				rc = 2;
			} else {
				pid = p.id;
			}
		}
		if (rc == 0 && walk(&x, pid) != 0)
			rc = 2;
	}
	if (x.json && rc != 2)
		fputs(x.first ? "[]\n" : "\n]\n", stdout);
	fprintf(stderr, "growthview check: %ld summaries, %ld claims, %ld contradicted; %ld stored (checker version %d)\n",
		x.nsum, x.nclaims, x.ncontra, x.nstored, CLAIMS_VERSION);
	checker_free(x.k);
	free(x.model);
	free(x.text);
	store_close(x.st);
	config_free(&cfg);
	return rc;
}
