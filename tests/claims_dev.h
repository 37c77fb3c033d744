/* claims_dev.h — the claim checker's labelled summaries (tests/data/claims/dev/README) for
 * tests/core_claims.c and tests/tools/claimfacts.c: a reader of the line format and the scoring
 * of the checker against the labels.  Header-only (static functions); plain C with stdio. */
#ifndef GV_CLAIMS_DEV_H
#define GV_CLAIMS_DEV_H

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims.h"
#include "core/synth.h"

#define CD_VISITS 40

typedef struct cd_label {
	claim_type type;
	claim_verdict verdict;
	size_t start, end;      /* the quote's bytes in the summary */
	int line;
} cd_label;

typedef struct cd_summary {
	char id[64], style[32], file[512];
	int correct;            /* 1: written without mistakes (no contradicted label allowed) */
	int kid;                /* index in cd_set.kids */
	gv_ruleset rules;
	int ig21;               /* "IG21" on the summary line: judged with the INTERGROWTH-21st standards on
				 * (as growthview check does); else off, as the older labels were written */
	char *text;
	size_t len;
	cd_label *labels;
	size_t nlabels, cap;
	int line;
} cd_summary;

typedef struct cd_kid {
	char name[64];
	gv_child c;
	gv_visit v[CD_VISITS];
} cd_kid;

typedef struct cd_set {
	cd_kid *kids;
	size_t nkids, kcap;
	cd_summary *sums;
	size_t nsums, scap;
	char err[512];
} cd_set;

static void cd_free(cd_set *s)
{
	for (size_t i = 0; i < s->nsums; i++) {
		free(s->sums[i].text);
		free(s->sums[i].labels);
	}
	free(s->sums);
	free(s->kids);
	memset(s, 0, sizeof *s);
}

static int cd_fail(cd_set *s, const char *path, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int cd_fail(cd_set *s, const char *path, int line, const char *fmt, ...)
{
	int n = snprintf(s->err, sizeof s->err, "%s:%d: ", path, line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof s->err)
		vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int cd_date(const char *w, int32_t *d)
{
	return age_parse_date(w, strlen(w), d) == GV_OK ? 0 : -1;
}

static double cd_num(const char *w)
{
	if (!w || strcmp(w, "-") == 0)
		return NAN;
	char *e;
	double v = strtod(w, &e);
	return *e ? NAN : v;
}

static int cd_kid_index(const cd_set *s, const char *name)
{
	for (size_t i = 0; i < s->nkids; i++)
		if (strcmp(s->kids[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Split line into at most max words (spaces); a word in double quotes keeps its spaces. */
static int cd_words(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			char *q = strrchr(p + 1, '"');
			if (!q)
				return -1;
			w[n++] = p + 1;
			*q = '\0';
			p = q + 1;
			continue;
		}
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* The first match of quote q in text at or after p, where a space of q matches any run of
 * whitespace (a quote may span a line break); *end gets the end of the match. */
static const char *cd_find(const char *p, const char *q, const char **end)
{
	for (; *p; p++) {
		const char *a = p, *b = q;
		while (*b) {
			if (*b == ' ') {
				if (!isspace((unsigned char)*a))
					break;
				while (isspace((unsigned char)*a))
					a++;
				b++;
			} else if (*a == *b) {
				a++, b++;
			} else {
				break;
			}
		}
		if (!*b) {
			*end = a;
			return p;
		}
	}
	return NULL;
}

/* Load one file into s (children and summaries are appended).  Returns 0, or -1 with s->err
 * "FILE:LINE: reason". */
static int cd_load(cd_set *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cd_fail(s, path, 0, "cannot open");
	char line[4096];
	int ln = 0, rc = 0;
	cd_kid *k = NULL;
	cd_summary *cur = NULL;
	while (fgets(line, sizeof line, f)) {
		ln++;
		size_t L = strlen(line);
		while (L && (line[L - 1] == '\n' || line[L - 1] == '\r'))
			line[--L] = '\0';
		if (line[0] == '#' || L == 0)
			continue;
		char *w[12] = {0};
		char copy[4096];
		memcpy(copy, line, L + 1);
		int n = cd_words(copy, w, 12);
		if (n < 0) {
			rc = cd_fail(s, path, ln, "unbalanced quote");
			break;
		}
		if (strcmp(w[0], "child") == 0 && n >= 2) {
			if (s->nkids == s->kcap) {
				s->kcap = s->kcap ? 2 * s->kcap : 16;
				s->kids = realloc(s->kids, s->kcap * sizeof *s->kids);
				for (size_t i = 0; i < s->nkids; i++) /* each child's visits live in the struct */
					s->kids[i].c.v = s->kids[i].v;
			}
			k = &s->kids[s->nkids++];
			memset(k, 0, sizeof *k);
			snprintf(k->name, sizeof k->name, "%s", w[1]);
			record_patient_init(&k->c.p);
			k->c.v = k->v;
			cur = NULL;
			if (n == 5 && strcmp(w[2], "synth") == 0) {
				synth_config cfg;
				synth_default_config(&cfg, age_days_from_civil(2025, 1, 1));
				gv_child ch;
				gv_visit vv[SYNTH_MAX_VISITS];
				if (synth_child(&cfg, strtoull(w[3], NULL, 10), strtoull(w[4], NULL, 10), &ch, vv, NULL) != GV_OK) {
					rc = cd_fail(s, path, ln, "synth_child failed");
					break;
				}
				k->c.p = ch.p;
				k->c.nv = ch.nv;
				memcpy(k->v, vv, ch.nv * sizeof vv[0]);
			} else if (n != 2) {
				rc = cd_fail(s, path, ln, "child NAME [synth SEED INDEX]");
				break;
			}
			continue;
		}
		if (k && !cur && strcmp(w[0], "sex") == 0 && n == 2) {
			k->c.p.sex = w[1][0] == 'M' ? GV_MALE : w[1][0] == 'F' ? GV_FEMALE : GV_SEX_UNKNOWN;
			continue;
		}
		if (k && !cur && strcmp(w[0], "born") == 0 && n == 2) {
			if (cd_date(w[1], &k->c.p.birth_date)) {
				rc = cd_fail(s, path, ln, "bad date '%s'", w[1]);
				break;
			}
			continue;
		}
		if (k && !cur && strcmp(w[0], "ga") == 0 && n == 2) {
			k->c.p.ga_weeks = atoi(w[1]);
			char *plus = strchr(w[1], '+');
			k->c.p.ga_days = plus ? atoi(plus + 1) : 0;
			continue;
		}
		if (k && !cur && strcmp(w[0], "parents") == 0 && n == 3) {
			k->c.p.mother_height_cm = cd_num(w[1]);
			k->c.p.father_height_cm = cd_num(w[2]);
			continue;
		}
		if (k && !cur && strcmp(w[0], "visit") == 0 && n >= 5) {
			if (k->c.nv == CD_VISITS) {
				rc = cd_fail(s, path, ln, "too many visits");
				break;
			}
			gv_visit *v = &k->v[k->c.nv];
			record_visit_init(v);
			if (cd_date(w[1], &v->date)) {
				rc = cd_fail(s, path, ln, "bad date '%s'", w[1]);
				break;
			}
			v->weight_kg = cd_num(w[2]);
			v->height_cm = cd_num(w[3]);
			v->head_cm = cd_num(w[4]);
			v->position = n >= 6 ? w[5][0] : 0;
			if (n >= 7)
				v->muac_cm = cd_num(w[6]);
			k->c.nv++;
			continue;
		}
		if (strcmp(w[0], "summary") == 0 && n >= 5) {
			int ki = cd_kid_index(s, w[2]);
			if (ki < 0) {
				rc = cd_fail(s, path, ln, "unknown child '%s'", w[2]);
				break;
			}
			if (s->nsums == s->scap) {
				s->scap = s->scap ? 2 * s->scap : 32;
				s->sums = realloc(s->sums, s->scap * sizeof *s->sums);
			}
			cur = &s->sums[s->nsums++];
			memset(cur, 0, sizeof *cur);
			snprintf(cur->id, sizeof cur->id, "%s", w[1]);
			snprintf(cur->style, sizeof cur->style, "%s", w[3]);
			snprintf(cur->file, sizeof cur->file, "%s", path);
			cur->kid = ki;
			cur->correct = strcmp(w[4], "correct") == 0;
			cur->rules = n >= 6 && strcmp(w[5], "WHO") == 0 ? GV_RULES_WHO : GV_RULES_US;
			cur->ig21 = (n >= 6 && strcmp(w[5], "IG21") == 0) || (n >= 7 && strcmp(w[6], "IG21") == 0);
			cur->line = ln;
			/* the text: every line up to a line with a single '.' */
			size_t cap = 1024;
			cur->text = malloc(cap);
			cur->len = 0;
			int done = 0;
			while (fgets(line, sizeof line, f)) {
				ln++;
				size_t m = strlen(line);
				if (strcmp(line, ".\n") == 0 || strcmp(line, ".") == 0 || strcmp(line, ".\r\n") == 0) {
					done = 1;
					break;
				}
				if (cur->len + m + 1 > cap) {
					cap = 2 * (cur->len + m + 1);
					cur->text = realloc(cur->text, cap);
				}
				memcpy(cur->text + cur->len, line, m);
				cur->len += m;
			}
			if (!done) {
				rc = cd_fail(s, path, ln, "summary %s: no '.' line ends the text", cur->id);
				break;
			}
			while (cur->len && (cur->text[cur->len - 1] == '\n' || cur->text[cur->len - 1] == '\r'))
				cur->len--;
			cur->text[cur->len] = '\0';
			continue;
		}
		if (cur && strcmp(w[0], "claim") == 0 && n >= 4) {
			claim_type t = claims_type_parse(w[1]);
			claim_verdict v = w[2][0] == 'S' ? CLAIM_SUPPORTED : w[2][0] == 'C' ? CLAIM_CONTRADICTED
				       : w[2][0] == 'U' ? CLAIM_UNVERIFIABLE : CLAIM_NVERDICTS;
			if (t == CLAIM_NTYPES || v == CLAIM_NVERDICTS) {
				rc = cd_fail(s, path, ln, "claim TYPE S|C|U \"QUOTE\" [N]");
				break;
			}
			int occ = n >= 5 ? atoi(w[4]) : 1;
			const char *q = w[3], *p = cur->text, *hend = NULL;
			const char *hit = NULL;
			for (int i = 0; i < occ; i++) {
				hit = *q ? cd_find(p, q, &hend) : NULL;
				if (!hit)
					break;
				p = hit + 1;
			}
			if (!hit) {
				rc = cd_fail(s, path, ln, "summary %s: quote \"%s\" (occurrence %d) not in the text", cur->id, q, occ);
				break;
			}
			if (cur->nlabels == cur->cap) {
				cur->cap = cur->cap ? 2 * cur->cap : 32;
				cur->labels = realloc(cur->labels, cur->cap * sizeof *cur->labels);
			}
			cd_label *lb = &cur->labels[cur->nlabels++];
			lb->type = t;
			lb->verdict = v;
			lb->start = (size_t)(hit - cur->text);
			lb->end = (size_t)(hend - cur->text);
			lb->line = ln;
			if (cur->correct && v == CLAIM_CONTRADICTED) {
				rc = cd_fail(s, path, ln, "summary %s is marked correct but has a contradicted claim", cur->id);
				break;
			}
			continue;
		}
		rc = cd_fail(s, path, ln, "cannot read: %s", line);
		break;
	}
	fclose(f);
	return rc;
}

/* ------------------------------------------------------------------ scoring */

typedef struct cd_score {
	int labelled[CLAIM_NTYPES], found[CLAIM_NTYPES];   /* labelled claims, and those extracted */
	int agree[CLAIM_NTYPES];                            /* found with the labelled verdict */
	int tp[CLAIM_NTYPES], fp[CLAIM_NTYPES], fn[CLAIM_NTYPES]; /* of "contradicted" */
	int extra[CLAIM_NTYPES];                            /* extracted claims no label covers */
	int summaries, correct, false_alarm;                /* correct summaries with a contradicted claim */
} cd_score;

static size_t cd_overlap(size_t a, size_t b, size_t c, size_t d)
{
	size_t lo = a > c ? a : c, hi = b < d ? b : d;
	return hi > lo ? hi - lo : 0;
}

/* Score the checker's result r on summary s; every disagreement is printed to log when not NULL. */
static void cd_score_summary(const cd_summary *s, const claims_result *r, cd_score *sc, FILE *log)
{
	char *used = calloc(r->n + 1, 1);
	int alarm = 0;
	sc->summaries++;
	sc->correct += s->correct;
	for (size_t i = 0; i < s->nlabels; i++) {
		const cd_label *lb = &s->labels[i];
		size_t best = (size_t)-1, bo = 0;
		for (size_t j = 0; j < r->n; j++) {
			const gv_claim *c = &r->claims[j];
			size_t o = c->type == lb->type ? cd_overlap(c->start, c->end, lb->start, lb->end) : 0;
			if (o > bo || (o == bo && o && used[best] && !used[j]))
				bo = o, best = j;
		}
		sc->labelled[lb->type]++;
		const gv_claim *c = best != (size_t)-1 ? &r->claims[best] : NULL;
		if (c) {
			used[best] = 1;
			sc->found[lb->type]++;
			sc->agree[lb->type] += c->verdict == lb->verdict;
		}
		int lc = lb->verdict == CLAIM_CONTRADICTED, cc = c && c->verdict == CLAIM_CONTRADICTED;
		if (lc && cc)
			sc->tp[lb->type]++;
		else if (lc)
			sc->fn[lb->type]++;
		else if (cc)
			sc->fp[lb->type]++;
		if (cc)
			alarm = 1;
		if (log && (!c || c->verdict != lb->verdict))
			fprintf(log, "%s:%d: %s %s: %s \"%.*s\" labelled %s, %s%s%s%s%s\n", s->file, lb->line, s->id, s->style,
				claims_type_name(lb->type), (int)(lb->end - lb->start), s->text + lb->start,
				claims_verdict_name(lb->verdict), c ? "checker says " : "not found",
				c ? claims_verdict_name(c->verdict) : "", c && c->expected[0] ? " (expected " : "",
				c && c->expected[0] ? c->expected : "", c && c->expected[0] ? ")" : "");
		if (log && c && c->verdict != lb->verdict && c->note[0])
			fprintf(log, "    note: %s\n", c->note);
	}
	for (size_t j = 0; j < r->n; j++) {
		const gv_claim *c = &r->claims[j];
		if (used[j])
			continue;
		/* a claim overlapping a label of another type, or none: extra */
		sc->extra[c->type]++;
		if (c->verdict == CLAIM_CONTRADICTED) {
			sc->fp[c->type]++;
			alarm = 1;
			if (log)
				fprintf(log, "%s:%d: %s %s: unlabelled %s \"%.*s\" contradicted (expected %s) note: %s\n", s->file,
					s->line, s->id, s->style, claims_type_name(c->type), (int)(c->end - c->start),
					s->text + c->start, c->expected, c->note);
		}
	}
	if (s->correct && alarm)
		sc->false_alarm++;
	free(used);
}

#endif
