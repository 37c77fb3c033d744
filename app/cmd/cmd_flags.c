/*
 * cmd_flags.c — growthview flags [--db PATH] [--rules us|who] [--json] [--open] [PATIENT... | --all]
 *
 * Prints the flags of patients, recomputed from their measurements by core/flags.  PATIENT is an
 * external id or #N (internal id).  --all walks every patient, streaming (constant memory).
 * --open keeps only open flags (current and not acknowledged, as the list's markers count them).
 * The JSON is a contract: an array with one object per patient,
 *   {"patient_id": ..., "flags": [{"rule", "category", "severity", "date", "indicator", "value",
 *    "z", "percentile", "threshold", "source", "suspect", ...}]}
 * with NaN written as null.  Exit status 0, or 2 on a usage or store error (1 when a named
 * patient does not exist, after printing the others).
 */
#include "app/cmd/cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/flagcache.h"
#include "app/store.h"
#include "core/age.h"
#include "core/flags.h"
#include "core/text.h"

typedef struct fctx {
	gv_store *st;
	gv_flag_options fo;
	int json, open;
	long npatients, nflags;
	int first;        /* JSON: no patient written yet */
	gv_flag *f;
	size_t fcap;
	int err;
} fctx;

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview flags [--db PATH] [--rules us|who] [--json] [--open] PATIENT... | --all\n"
		   "  PATIENT   external id, or #N for the internal id\n"
		   "  --rules   us (CDC/AAP, default) or who (WHO/international cut-offs and charts)\n"
		   "  --open    only open flags (current, not acknowledged)\n");
}

/* A JSON string (RFC 8259): controls (C0, DEL, C1) and bidi controls as \\uXXXX escapes, bytes
 * that are not UTF-8 as U+FFFD, so that the output is valid UTF-8 and holds no raw control. */
static void json_str(gv_buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	buf_putc(b, '"');
	while (i < n) {
		uint32_t cp;
		int k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)cp);
		} else if (text_is_control(cp) || text_is_bidi_control(cp)) {
			buf_printf(b, "\\u%04x", (unsigned)cp);
		} else {
			buf_put(b, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	buf_putc(b, '"');
}

static void json_num(gv_buf *b, double v, int decimals)
{
	if (!isfinite(v)) {
		buf_puts(b, "null");
		return;
	}
	buf_fixed(b, v, decimals);
}

static void json_date(gv_buf *b, int32_t d)
{
	char s[12];
	age_format_date(d, s);
	json_str(b, s);
}

static const char *pid(const gv_patient *p, char *buf, size_t n)
{
	if (p->ext_id[0])
		return p->ext_id;
	snprintf(buf, n, "#%lld", (long long)p->id);
	return buf;
}

/* Compute the flags of c into x->f (grown as needed); returns the count, or -1. */
static long compute(fctx *x, const gv_child *c)
{
	size_t n = 0;
	for (;;) {
		if (flags_compute(c, &x->fo, x->f, x->fcap, &n) != GV_OK)
			return 0; /* unknown sex: nothing to flag */
		if (n <= x->fcap)
			return (long)n;
		gv_flag *nf = realloc(x->f, n * sizeof *nf);
		if (!nf)
			return -1;
		x->f = nf;
		x->fcap = n;
	}
}

static void print_patient(fctx *x, const gv_child *c)
{
	long n = compute(x, c);
	if (n < 0) {
		fprintf(stderr, "growthview flags: out of memory\n");
		x->err = 1;
		return;
	}
	store_ack *acks = NULL;
	size_t nacks = 0;
	if (x->open && store_flag_acks(x->st, c->p.id, &acks, &nacks) != STORE_OK) {
		fprintf(stderr, "growthview flags: %s\n", store_errmsg(x->st));
		x->err = 1;
		return;
	}
	gv_buf b = GV_BUF_INIT;
	char idbuf[32];
	const char *id = pid(&c->p, idbuf, sizeof idbuf);
	if (x->json) {
		buf_puts(&b, x->first ? "[\n" : ",\n");
		buf_puts(&b, "{\"patient_id\": ");
		json_str(&b, id);
		buf_puts(&b, ", \"flags\": [");
	} else {
		/* Text for a terminal: the id and name as the file gave them, made safe (core/text.h). */
		char bd[12], sid[4 * GV_ID_MAX], sname[4 * GV_NAME_MAX];
		age_format_date(c->p.birth_date, bd);
		text_clean(sid, sizeof sid, id, strlen(id), 0);
		text_clean(sname, sizeof sname, c->p.name, strlen(c->p.name), 0);
		buf_printf(&b, "%s  %s  %s  born %s  %zu visits\n", sid, sname[0] ? sname : "-",
			   c->p.sex == GV_MALE ? "M" : c->p.sex == GV_FEMALE ? "F" : "?", bd, c->nv);
	}
	long shown = 0;
	for (long i = 0; i < n; i++) {
		const gv_flag *f = &x->f[i];
		int acked = flagsum_acked_in(x->f, (size_t)n, (size_t)i, acks, nacks);
		if (x->open && (!flags_current(c, f) || acked))
			continue;
		if (x->json) {
			buf_puts(&b, shown ? ",\n  {" : "\n  {");
			buf_puts(&b, "\"rule\": ");
			json_str(&b, f->rule);
			buf_puts(&b, ", \"category\": ");
			json_str(&b, flags_cat_name(f->category));
			buf_puts(&b, ", \"severity\": ");
			json_str(&b, flags_sev_name(f->severity));
			buf_puts(&b, ", \"date\": ");
			json_date(&b, f->date);
			buf_puts(&b, ", \"date_from\": ");
			json_date(&b, f->date_from);
			buf_puts(&b, ", \"indicator\": ");
			if ((unsigned)f->indicator < GV_NIND)
				json_str(&b, refs_ind_name(f->indicator));
			else
				buf_puts(&b, "null");
			buf_puts(&b, ", \"value\": ");
			json_num(&b, f->value, 6);
			buf_puts(&b, ", \"z\": ");
			json_num(&b, f->z, 6);
			buf_puts(&b, ", \"percentile\": ");
			json_num(&b, f->percentile, 6);
			buf_puts(&b, ", \"threshold\": ");
			json_num(&b, f->threshold, 6);
			buf_puts(&b, ", \"metric\": ");
			json_num(&b, f->metric, 6);
			buf_puts(&b, ", \"source\": ");
			json_str(&b, f->source);
			buf_printf(&b, ", \"suspect\": %s, \"corrected_age\": %s, \"acknowledged\": %s, \"detail\": ",
				   f->suspect ? "true" : "false", f->corrected ? "true" : "false",
				   acked ? "true" : "false");
			json_str(&b, f->detail);
			buf_putc(&b, '}');
		} else {
			char d[12];
			age_format_date(f->date, d);
			buf_printf(&b, "  %s  %-8s %-22s %-28s %s%s\n      source: %s\n", d, flags_sev_name(f->severity),
				   flags_cat_name(f->category), f->rule, f->detail,
				   f->suspect ? " [SUSPECT: rests on an implausible value]" : "", f->source);
		}
		shown++;
	}
	if (x->json)
		buf_puts(&b, shown ? "\n]}" : "]}");
	else if (!shown)
		buf_puts(&b, "  no flags\n");
	if (!buf_ok(&b) || cmd_write(stdout, b.p, b.len) != 0) {
		fprintf(stderr, "growthview flags: cannot write output\n");
		x->err = 1;
	}
	buf_free(&b);
	store_acks_free(acks, nacks);
	x->first = 0;
	x->npatients++;
	x->nflags += shown;
}

/* --all: one child at a time (store_each_child). */
static int each_child(void *ctx, const gv_child *c)
{
	fctx *x = ctx;
	print_patient(x, c);
	return x->err;
}

int cmd_flags(int argc, char **argv)
{
	const char *db = NULL;
	int all = 0, first = 0, rules = -1;
	fctx x;
	memset(&x, 0, sizeof x);
	x.first = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--rules") == 0 && i + 1 < argc) {
			const char *r = argv[++i];
			if (strcmp(r, "us") == 0)
				rules = GV_RULES_US;
			else if (strcmp(r, "who") == 0)
				rules = GV_RULES_WHO;
			else {
				fprintf(stderr, "growthview flags: --rules must be us or who (got '%s')\n", r);
				return 2;
			}
		} else if (strcmp(a, "--json") == 0) {
			x.json = 1;
		} else if (strcmp(a, "--open") == 0) {
			x.open = 1;
		} else if (strcmp(a, "--all") == 0) {
			all = 1;
		} else if (a[0] == '-' && a[1] != '\0' && a[0] != '#') {
			fprintf(stderr, "growthview flags: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else {
			if (!first)
				first = i;
		}
	}
	if (!all && !first) {
		fprintf(stderr, "growthview flags: name a PATIENT or give --all\n");
		usage(stderr);
		return 2;
	}
	if (all && first) {
		fprintf(stderr, "growthview flags: give patients or --all, not both\n");
		return 2;
	}
	gv_config cfg;
	if (cmd_open("flags", db, STORE_OPEN_READONLY, &cfg, &x.st) != 0)
		return 2;
	/* --rules, else the config file's `flags`, else US. */
	flags_default_options(&x.fo, rules >= 0 ? (gv_ruleset)rules : (gv_ruleset)cfg.rules);
	int rc = 0;
	if (all) {
		int cbret = 0;
		if (store_each_child(x.st, 0, each_child, &x, &cbret) != STORE_OK) {
			fprintf(stderr, "growthview flags: %s\n", store_errmsg(x.st));
			rc = 2;
		}
		if (cbret && !x.err) {
			fprintf(stderr, "growthview flags: out of memory\n");
			rc = 2;
		}
	} else {
		for (int i = first; i < argc; i++) {
			if (argv[i][0] == '-' && argv[i][1] != '\0')
				continue; /* an option after the patients */
			gv_patient p;
			store_rc r = store_patient_resolve(x.st, argv[i], &p);
			if (r == STORE_NOTFOUND) {
				char key[256];
				text_clean(key, sizeof key, argv[i], strlen(argv[i]), 0);
				fprintf(stderr, "growthview flags: no patient '%s' in %s\n", key, cfg.db);
				rc = 1;
				continue;
			}
			gv_child c;
			if (r != STORE_OK || store_child_load(x.st, p.id, &c) != STORE_OK) {
				fprintf(stderr, "growthview flags: %s\n", store_errmsg(x.st));
				rc = 2;
				break;
			}
			print_patient(&x, &c);
			store_child_free(&c);
		}
	}
	if (x.json)
		fputs(x.first ? "[]\n" : "\n]\n", stdout);
	if (x.err && rc == 0)
		rc = 2;
	fprintf(stderr, "growthview flags: %ld patients, %ld flags\n", x.npatients, x.nflags);
	free(x.f);
	store_close(x.st);
	config_free(&cfg);
	return rc;
}
