/* claims_jint.h — internal to the claim checker's judge (claims_judge.c, claims_verdict.c): the
 * child's engine results, the visits a claim can be about, and the helpers that write expected
 * values and notes.  Not a public interface. */
#ifndef GV_CLAIMS_JINT_H
#define GV_CLAIMS_JINT_H

#include "core/claims.h"
#include "core/claims_parse.h"
#include "core/growth.h"
#include "core/traj.h"

struct claims_child {
	gv_child c;           /* copy of the child, with its own visits */
	claims_options o;
	gv_result *res;       /* per visit, under the chart policy */
	gv_result *cdc;       /* ... CDC 2000 from birth */
	gv_result *who;       /* ... WHO 2006 / 2007 */
	gv_result *chrono;    /* ... without the prematurity correction (NULL for a term child) */
	gv_flag *flags;
	size_t nflags;
	uint8_t *bad;         /* per visit: bits 1 << gv_ind of the indicators resting on a value flagged
			       * implausible there (an implausible_value flag or a BIV) */
	double ga;            /* gestational age in weeks, NAN when unknown */
	int preterm;          /* born before the correction's cut-off (37 weeks) */
	size_t last;          /* index of the last visit */
};

/* Visits a claim may be about, best first. */
#define JC_MAX 64
typedef struct jcands {
	size_t v[JC_MAX];
	int n;
	int within;           /* the visits match the age the text names (0: only the nearest, outside it) */
	size_t nearest;       /* the nearest visit to the age named (CLAIMS_NO_VISIT when none) */
} jcands;

/* claims_judge.c */
double cj_age_months(const claims_child *cc, size_t i);
/* The measurement behind indicator k at visit i (weight, length, head, arm; the BMI), NAN. */
double cj_raw_value(const claims_child *cc, size_t i, gv_ind k);
/* The visits a claim (with indicator ind, GV_NIND for any) is about: claims.h, "How claims are
 * tied". */
void cj_candidates(const claims_child *cc, const cp_claim *c, gv_ind ind, jcands *out);
/* The visit a time names (nearest), and whether it is within the tolerance; CLAIMS_NO_VISIT. */
size_t cj_visit_for(const claims_child *cc, const cp_time *t, gv_ind ind, int *within);
/* The visits [*i0, *i1] of the span c->from .. c->to names (the whole record when it names none),
 * for indicator k. */
void cj_span(const claims_child *cc, const cp_claim *c, gv_ind k, size_t *i0, size_t *i1);
/* 1 when visit i has indicator ind scored (or measured, for a value). */
int cj_has(const claims_child *cc, size_t i, gv_ind ind);
/* The claim's visit and its date. */
void cj_set_visit(const claims_child *cc, gv_claim *g, size_t i);
/* "18 months" / "3.5 years" into buf: the age of visit i. */
void cj_age_text(const claims_child *cc, size_t i, char *buf, size_t cap);

/* claims_jnum.c: value, percentile (is_z 0) or z (is_z 1), and age claims. */
void cj_value(const claims_child *cc, cp_claim *c);
void cj_pz(const claims_child *cc, cp_claim *c, int is_z);
void cj_age(const claims_child *cc, cp_claim *c);

/* claims_verdict.c: category, basis and advice claims; the omitted flags.  claims_trend.c: trend
 * claims. */
void cj_category(const claims_child *cc, cp_claim *c);
void cj_trend(const claims_child *cc, cp_claim *c);
void cj_basis(const claims_child *cc, cp_claim *c);
void cj_advice(const claims_child *cc, cp_claim *c);
uint64_t cj_omitted(const claims_child *cc, const cp_result *pr);

/* Write helpers (ASCII, always NUL-terminated). */
void cj_note(gv_claim *g, const char *s);
void cj_note_num(gv_claim *g, double v, int dec);
void cj_expected(gv_claim *g, const char *s);
void cj_expected_num(gv_claim *g, double v, int dec);

#endif
