/* baseline.h — the built-in summary: a deterministic, rule-based description of a child's growth
 * written from the engine's own results, for a clinician or for the family.
 *
 * It is the control of the LLM benchmark (the "model" named BASELINE_MODEL), the reference text for
 * BLEU/ROUGE, and what the demo shows when no model is configured.  It states nothing the engine
 * did not compute:
 *   - every z-score, percentile, value, velocity and percentage is the engine's (prompt_facts),
 *     written with prompt.h's number writers;
 *   - every category is a flag's category (core/flags.h), and every open flag of severity moderate
 *     or severe whose values are plausible gets its own sentence; flags resting on a value flagged
 *     implausible (suspect) are counted but their categories are not stated;
 *   - trends are prompt_facts_trend's, over plausible values only, with the span they cover;
 *   - the chart (WHO 2006, WHO 2007, CDC 2000) is named, and "corrected age" is said whenever the
 *     engine corrected an age for prematurity (preterm, under 24 months);
 *   - a long history is summarised (the last visit, trends, flags), never listed visit by visit.
 * The word limit of the options is kept by leaving out the least important sentences (velocities
 * and information-only flags first, then other measurements, trends, the last visit's values,
 * values to check); the chart and age basis, the flag sentences and the closing advice are never
 * left out, so a summary can exceed a limit too small to hold them.
 *
 * The text is annotated: each statement a rater or the claim checker cares about is a slot (kind,
 * byte span, the visit, indicator and engine numbers behind it).  core/variants.h plants its
 * mistakes in these slots.  Pure: no I/O, no globals; a baseline handle is reused per child. */
#ifndef GV_BASELINE_H
#define GV_BASELINE_H

#include <stddef.h>

#include "core/prompt.h"

/* The model name under which baseline summaries are stored, and its version (bumped whenever the
 * text for the same facts changes). */
#define BASELINE_MODEL "baseline"
#define BASELINE_VERSION 1

/* What a slot holds. */
typedef enum baseline_slot_kind {
	BASELINE_S_VALUE,    /* a measurement with its unit: "6.950 kg", "66.0 cm", "16.2 kg/m2" */
	BASELINE_S_ZP,       /* its position: "z -0.85, P19.8" (clinician) or "around the 20th
			      * percentile[, which means about 20 in 100 girls ...]" (family) */
	BASELINE_S_TREND,    /* a trend phrase: "steady (no major percentile line crossed)" /
			      * "stayed on a steady path on the chart" */
	BASELINE_S_CHART,    /* a chart name: "WHO 2006", "CDC 2000" (clinician), "WHO", "CDC" (family) */
	BASELINE_S_AGEBASIS, /* "corrected age" (clinician) or "corrected age (her age counted from
			      * her due date)" (family) */
	BASELINE_S_FLAG,     /* a whole sentence stating one open flag category */
	BASELINE_S_NOFLAG,   /* the whole "no moderate or severe flag" sentence */
	BASELINE_S_ADVICE,   /* the whole closing sentence */
	BASELINE_S_COUNT
} baseline_slot_kind;

/* "value", "zp", "trend", "chart", "agebasis", "flag", "noflag", "advice"; "" otherwise. */
const char *baseline_slot_name(baseline_slot_kind k);

typedef struct baseline_slot {
	baseline_slot_kind kind;
	size_t start, end;       /* bytes [start, end) of the summary text */
	size_t visit;            /* visit the slot speaks of (the later one of a trend); PROMPT_NONE */
	size_t visit_from;       /* trend: the earlier visit; PROMPT_NONE otherwise */
	gv_ind ind;              /* indicator (GV_NIND for none) */
	gv_ref ref;              /* chart slot: the chart named; trend: the chart of both ends */
	gv_flag_cat category;    /* flag slot: its category; GV_CAT_COUNT otherwise */
	gv_severity severity;    /* flag slot: the highest severity among its flags */
	double value;            /* value slot: the recorded value (canonical unit) */
	double z, p;             /* zp slot: the engine's z and percentile; trend: z at visit_from, visit */
	int lines;               /* trend: signed major lines crossed */
	int dir;                 /* trend: -1, 0, +1 (prompt_trend.dir) */
} baseline_slot;

/* A written summary.  Everything is owned by the struct and reused by the next baseline_write. */
typedef struct baseline {
	prompt_buf text;         /* the summary, one paragraph, no trailing newline */
	baseline_slot *slots;    /* in order of start */
	size_t nslots;
	int words;               /* prompt_count_words of text */
	/* scratch (private) */
	prompt_buf scratch;
	void *sent;
	size_t nsent, sent_cap, slot_cap;
	baseline_slot *sslots;
	size_t nsslots, sslot_cap;
} baseline;

void baseline_init(baseline *s);
void baseline_free(baseline *s);

/* Write the summary of facts f (prompt_facts_compute) for options o (NULL = defaults): audience,
 * word limit and indicators (prompt_options; today and dates are not used: ages only).
 * Returns GV_OK, GV_EINVAL for a NULL argument or bad options (prompt_check_options), GV_ENOMEM. */
gv_status baseline_write(const prompt_facts *f, const prompt_options *o, baseline *s);

/* Words a family summary uses for a percentile: "below the 1st percentile" (p < 1), "above the
 * 99th percentile" (p > 99), else "around the Nth percentile" with N = p rounded to the nearest
 * whole number (1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st ...). */
void baseline_buf_ordinal_pct(prompt_buf *b, double p);

/* Category words of clinician summaries: "Failure to thrive", "Short stature", ...  Static string;
 * "" for other values. */
const char *baseline_category_title(gv_flag_cat c);

/* The family summaries' phrase for category c with the pronouns of sex (she/he/they ...), past
 * tense, e.g. "her weight was low for her age (underweight)"; cap = 1 capitalises it.  Appends
 * nothing for other values. */
void baseline_buf_family_phrase(prompt_buf *b, gv_flag_cat c, gv_sex sex, int cap);

#endif
