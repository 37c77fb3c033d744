/* prompt.h — what a language model is told about one child's growth: the engine's facts, written
 * as a versioned prompt (chat messages or one JSON object).
 *
 * Three parts, used in this order:
 *   1. prompt_facts: a child's record scored by the engine (traj_results), its flags (flags_eval),
 *      which values are implausible, the chart switches, trends and velocities.  One handle is
 *      reused from child to child (its arrays grow, never shrink): no allocation in the steady state.
 *   2. prompt_build: the facts written as the template growth-summary v1 for an audience
 *      (clinician or family), a word limit and the indicators to show.
 *   3. prompt_buf and the number writers: the text conventions every summary module shares
 *      (core/baseline.h, core/variants.h), mirroring ui/fmt.h so that a number reads the same in a
 *      prompt, a summary and on the screen.
 *
 * Deterministic: the same child, options and template version give the same bytes on every run and
 * machine (numbers are written by the code here, never by the C library's locale-dependent
 * printf; "today" appears only when the caller passes it).  Pure: no I/O, no globals, no threads;
 * several handles can be used from several threads.
 *
 * The canonical bytes of a prompt — what app/ hashes with SHA-256 and stores with every summary
 * generated from it — are prompt_text: the system message, a blank line, the user message (the
 * same bytes the command backend writes to a program's standard input).  The chat messages and the
 * JSON payload are functions of the same input and template version, with the same numbers at the
 * same rounding, so one hash identifies all three forms. */
#ifndef GV_PROMPT_H
#define GV_PROMPT_H

#include <stddef.h>
#include <stdint.h>

#include "core/flags.h"
#include "core/stature.h"
#include "core/status.h"
#include "core/traj.h"

/* ------------------------------------------------------------------ template identity */

/* Template id and version.  The version is bumped whenever any byte a model sees could change for
 * the same input (instruction text, layout, rounding), so stored summaries never mix prompts. */
#define PROMPT_TEMPLATE_ID "growth-summary"
#define PROMPT_TEMPLATE_VERSION 1

/* ------------------------------------------------------------------ text buffer */

/* A growable byte buffer.  Always NUL-terminated once anything was written (s is NULL before;
 * prompt_buf_str gives "" then).  The buffer owns s (prompt_buf_free).  Appends never fail loudly:
 * when memory runs out, oom is set and later appends are ignored; check it once at the end. */
typedef struct prompt_buf {
	char *s;
	size_t len, cap;
	int oom;
} prompt_buf;

#define PROMPT_BUF_INIT {NULL, 0, 0, 0}

void prompt_buf_init(prompt_buf *b);
/* Empty the text, keep the memory for reuse. */
void prompt_buf_reset(prompt_buf *b);
void prompt_buf_free(prompt_buf *b);
/* The text, "" when nothing was written.  Owned by b. */
const char *prompt_buf_str(const prompt_buf *b);
void prompt_buf_put(prompt_buf *b, const char *s, size_t n);
void prompt_buf_puts(prompt_buf *b, const char *s);
void prompt_buf_putc(prompt_buf *b, char c);
/* A decimal integer ("-12"). */
void prompt_buf_int(prompt_buf *b, long long v);

/* ------------------------------------------------------------------ numbers and ages (ui/fmt.h's conventions) */

/* v with exactly `decimals` (0-6) digits after the point, rounded exactly as printf("%.*f") rounds
 * (to nearest, ties to even, on the binary value): 2.675 -> "2.67" (2.67499999...), 0.125 -> "0.12".
 * A result that rounds to zero has no sign ("-0.001" -> "0.00").  "-" when v is not finite;
 * values of 1e15 and beyond (never a growth number) are written "huge" / "-huge". */
void prompt_buf_fixed(prompt_buf *b, double v, int decimals);

/* A z-score with its sign and two decimals: "+1.23", "-0.40", "+0.00" (ui/fmt.h fmt_z). */
void prompt_buf_z(prompt_buf *b, double z);

/* A percentile (0-100): one decimal from 0.95 to below 99.05 ("10.9"), two outside ("0.07",
 * "99.62"), "<0.01" below 0.005 and ">99.99" from 99.995 (ui/fmt.h fmt_pct). */
void prompt_buf_pct(prompt_buf *b, double p);

/* Decimals prompt_buf_pct uses for p (1 or 2; 2 in the "<0.01" / ">99.99" tails). */
int prompt_pct_decimals(double p);

/* A measurement of indicator ind in its canonical unit with the unit (ui/fmt.h fmt_measure,
 * metric): weight "5.600 kg" below 10 kg, "12.35 kg" from 10 kg; lengths "58.0 cm"; BMI
 * "16.2 kg/m2"; skinfolds "7.5 mm".  "-" when not finite. */
void prompt_buf_measure(prompt_buf *b, gv_ind ind, double value);

/* Decimals prompt_buf_measure writes for value of indicator ind. */
int prompt_measure_decimals(gv_ind ind, double value);

/* Age from day `from` to day `to` in calendar units (ui/fmt.h fmt_age): "12d" under one month,
 * "5m 12d" under one year, "2y 3m" from one year; a month counts from the same day of the month
 * (clamped to the month's length); a negative age is "-12d". */
void prompt_buf_age(prompt_buf *b, int32_t from, int32_t to);

/* The same in words for families: "12 days", "5 months", "1 year", "2 years 3 months" (whole
 * completed months, days only under one month; "1 day"; a negative age is "before term"). */
void prompt_buf_age_words(prompt_buf *b, int32_t from, int32_t to);

/* Completed calendar months from day `from` to day `to` (the count prompt_buf_age writes); -1
 * when to < from. */
int prompt_age_months(int32_t from, int32_t to);

/* Term date of a child born at ga_weeks+ga_days: birth + (280 - gestation in days) (AAP 2004;
 * core/age.h GV_TERM_DAYS).  Corrected ages are counted from it. */
int32_t prompt_term_date(int32_t birth, int ga_weeks, int ga_days);

/* s[0..n) as a JSON string with its quotes (RFC 8259 section 7): '"' and '\\' escaped, \b \f \n \r
 * \t by name, every other control character (U+0000-U+001F, DEL) as \u00XX; valid UTF-8 is copied
 * as is and every byte that is not valid UTF-8 becomes \ufffd, so the output is always valid JSON
 * in valid UTF-8. */
void prompt_buf_json_str(prompt_buf *b, const char *s, size_t n);

/* Number of words in s[0..n): maximal runs of bytes other than space, tab, CR and LF. */
int prompt_count_words(const char *s, size_t n);

/* ------------------------------------------------------------------ options */

typedef enum gv_audience { GV_AUD_CLINICIAN, GV_AUD_FAMILY, GV_AUD_COUNT } gv_audience;

/* "clinician", "family"; "" for other values. */
const char *prompt_audience_name(gv_audience a);
/* Audience by name; returns GV_OK and *out, or GV_EINVAL for any other name. */
gv_status prompt_audience_parse(const char *name, gv_audience *out);

#define PROMPT_WORDS_DEFAULT 150
#define PROMPT_WORDS_MIN 20
#define PROMPT_WORDS_MAX 2000
/* All indicators (bit 1u << ind for each gv_ind). */
#define PROMPT_IND_ALL ((1u << GV_NIND) - 1u)
/* No date given (prompt_options.today). */
#define PROMPT_NO_DATE INT32_MIN

typedef struct prompt_options {
	gv_audience audience;     /* who the summary is for (default clinician) */
	int word_limit;           /* PROMPT_WORDS_MIN..PROMPT_WORDS_MAX (default 150) */
	unsigned indicators;      /* bits 1u << gv_ind of the indicators to show (default all); flags
				   * are always shown whole */
	int32_t today;            /* day number: adds "age today"; PROMPT_NO_DATE (default) for none */
	int dates;                /* 1: visit dates in the prompt; 0 (default): ages only (no dates
				   * leave the machine with a prompt unless asked for) */
} prompt_options;

/* Defaults: clinician, 150 words, every indicator, no today, no dates. */
void prompt_default_options(prompt_options *o);

/* GV_OK, or GV_EINVAL when the audience is unknown, the word limit outside
 * PROMPT_WORDS_MIN..PROMPT_WORDS_MAX or indicators has no bit in PROMPT_IND_ALL. */
gv_status prompt_check_options(const prompt_options *o);

/* ------------------------------------------------------------------ the facts */

/* Measurements that a value flag can point at (bits of prompt_facts_bad_measures). */
enum { PROMPT_M_WEIGHT = 1, PROMPT_M_HEIGHT = 2, PROMPT_M_HEAD = 4, PROMPT_M_MUAC = 8 };

#define PROMPT_NONE ((size_t)-1)

/* A child scored by the engine.  Read the fields; change them only through the functions below.
 * Everything is owned by the handle (allocated by prompt_facts_compute, freed by
 * prompt_facts_free) except child, which is borrowed and must stay valid while the facts are used. */
typedef struct prompt_facts {
	const gv_child *child;    /* the record scored (borrowed) */
	gv_flag_options fo;       /* rule set, chart policy and prematurity options used */
	int sex_known;            /* 0: sex unknown: nothing is scored and there are no flags */
	gv_result *res;           /* res[i]: growth result of child->v[i] */
	gv_flag *flags;           /* the flags in flags_eval's order */
	size_t nflags;
	uint16_t *bad;            /* bad[i]: bits 1u << gv_ind of indicators at visit i resting on a
				   * value flagged implausible (see prompt_facts_compute), and the
				   * PROMPT_M_* bits of those values shifted left by 8 */
	size_t last;              /* latest visit with any indicator scored; PROMPT_NONE when none */
	double target_cm;         /* mid-parental target height (Tanner 1970), NAN when a parent's height is unknown */
	double target_z;          /* its z at adult age on the rule set's stature chart, NAN when unknown */
	double target_lo_cm, target_hi_cm; /* the target range, target -/+ 8.5 cm (Tanner 1970), NAN when unknown */
	stature_projection proj;  /* projected adult height from the latest plausible height from 2 years
				   * (core/stature.h); proj.status GV_OK when there is one */
	size_t vcap, fcap;        /* capacities of res/bad and flags (private) */
} prompt_facts;

void prompt_facts_init(prompt_facts *f);
void prompt_facts_free(prompt_facts *f);

/* Score child c (visits sorted by date) under options o (NULL = US rules and their chart
 * policy): traj_results, then flags_eval on those results, into arrays owned by f and reused by
 * the next call.  A child of unknown sex is not an error: sex_known = 0, no flags.  A value is
 * implausible (bad) when an implausible_value flag points at it (every rule of that category:
 * BIV, unit and decimal errors, swapped weight and height — both values —, carried-forward and
 * shrinking heights, EWMA outliers) or its indicator is a BIV; weight and length/height make
 * BMI and weight-for-length/height implausible too.  Returns GV_OK, GV_EINVAL when f or c is
 * NULL, GV_ENOMEM (f then holds no child). */
gv_status prompt_facts_compute(prompt_facts *f, const gv_child *c, const gv_flag_options *o);

/* 1 when indicator ind is scored at visit i and rests on no implausible value. */
int prompt_facts_ok(const prompt_facts *f, size_t i, gv_ind ind);

/* PROMPT_M_* bits of the measurements at visit i that an implausible_value flag points at or
 * that are BIV on their own indicator. */
unsigned prompt_facts_bad_measures(const prompt_facts *f, size_t i);

/* Latest visit where indicator ind is scored and plausible; PROMPT_NONE when none. */
size_t prompt_facts_last_ok(const prompt_facts *f, gv_ind ind);

/* Chart switches along the child's scored visits (WHO 2006 -> CDC 2000 at 24 months is one):
 * writes up to max of them into at[] (the index of the first visit on the new reference; the
 * scored visit before it is on the old one) and returns how many there are (which may exceed max). */
size_t prompt_facts_switches(const prompt_facts *f, size_t *at, size_t max);

/* Age of visit i in days (chronological). */
int32_t prompt_facts_age_days(const prompt_facts *f, size_t i);

/* Index of the visit on day `date` where indicator ind is scored (the first such), else the first
 * visit on that day, else PROMPT_NONE.  Finds the start of a flag's span (gv_flag.date_from). */
size_t prompt_facts_visit_on(const prompt_facts *f, int32_t date, gv_ind ind);

/* The trend of an indicator: how its z moved on the chart of its latest plausible value. */
typedef struct prompt_trend {
	gv_ind ind;
	gv_ref ref;               /* the chart both ends are on */
	size_t from, to;          /* visit indexes, from < to */
	double z_from, z_to;
	int lines;                /* signed major percentile lines crossed (traj_lines_crossed) */
	int dir;                  /* -1 falling (lines <= -2), +1 rising (lines >= 2), 0 steady */
	traj_lineset lineset;     /* lines of that chart (traj_lineset_for; WHO lines with the WHO rule set) */
} prompt_trend;

/* Trend of ind: `to` is the latest plausible scored visit; `from` the earliest plausible scored
 * visit on the same reference within 24 months of age before it (the latest earlier one when
 * none is), at least 28 days earlier; weights of days 1-20 (newborn weight loss) are skipped as
 * the flag rules skip them.  Words: "steady" when at most one major line is crossed, "rising" /
 * "falling" from two (the "crossing two major percentile lines" criterion: Homan GJ, Am Fam
 * Physician 2016;94:295; issue #14's tolerance for trend words).  Returns GV_OK; GV_MISSING when no
 * such pair exists. */
gv_status prompt_facts_trend(const prompt_facts *f, gv_ind ind, prompt_trend *out);

/* "steady", "rising", "falling" for dir 0, +1, -1. */
const char *prompt_trend_word(int dir);

/* Velocity of the raw measurement behind ind (GV_WFA weight, GV_LHFA length/height, GV_HCFA head,
 * GV_ACFA arm) from the previous visit where it is measured and plausible to visit i (at least 7
 * days before), when plausible at i.  *prev gets that visit.  Returns GV_OK, GV_MISSING when
 * there is none, GV_EINVAL for another indicator. */
gv_status prompt_facts_velocity(const prompt_facts *f, size_t i, gv_ind ind, traj_vel *out, size_t *prev);

/* A velocity as written: "+0.52 kg/month" (weight under 24 months, 2 decimals), "+2.10 kg/year"
 * (weight from 24 months), "+3.15 cm/month" (length under 24 months, head, arm), "+6.1 cm/year"
 * (height from 24 months).  age_days is the age at the later visit. */
void prompt_buf_velocity(prompt_buf *b, gv_ind ind, const traj_vel *v, int32_t age_days);

/* Words for the text: "weight", "length" / "height" (by the position measured, or by age when
 * unknown: length under 24 months), "BMI", "head circumference", "arm circumference", "triceps
 * skinfold", "subscapular skinfold", "weight-for-length" / "weight-for-height" (by the table
 * scored on).  Static strings. */
const char *prompt_ind_words(const prompt_facts *f, size_t i, gv_ind ind);

/* "WHO 2006", "WHO 2007", "CDC 2000"; "" for none. */
const char *prompt_ref_title(gv_ref r);

/* ------------------------------------------------------------------ the prompt */

/* A built prompt.  The buffers are owned by the struct and reused by the next prompt_build. */
typedef struct prompt {
	prompt_buf system;        /* the system message */
	prompt_buf user;          /* the user message: the facts and the task */
	prompt_buf text;          /* canonical bytes: system, "\n\n", user (what app/ hashes) */
	prompt_buf json;          /* the JSON payload, one object (fields below); built on request */
} prompt;

void prompt_init(prompt *p);
void prompt_free(prompt *p);

/* Write the prompt for facts f under options o (NULL = defaults) into p: system, user and text
 * always, json when want_json.  The JSON payload is one compact object with these fields:
 *   template (string), template_version (int), audience, word_limit, rules ("us"|"who"),
 *   chart_policy ("auto"|"who"|"cdc"), preterm_weeks, correct_until_months, instructions (the
 *   system message), task (the closing line of the user message),
 *   child: {sex ("male"|"female"|"unknown"), gestational_age ("31+2" or null), preterm (bool),
 *     age_today (string, only with today), midparental_target_cm, midparental_target_z (or null)},
 *   visits: [{visit (1-based), date (only with dates), age, age_days, corrected_age,
 *     corrected_age_days (null when not corrected), reference ("who2006"|"who2007"|"cdc2000"|null),
 *     status (null, or why the visit is not scored), warnings [names],
 *     measurements: [{indicator ("wfa".."wflh"), name (prompt_ind_words), value, unit, scored_value
 *       (only when WHO's +/-0.7 cm conversion changed it), z, percentile, percentile_text, table,
 *       method ("lms"|"who_restricted"|"cdc_extended"), implausible (bool), status (null or why
 *       not scored), bmi_pct_p95 / z_ext / percentile_ext (CDC BMI from 24 months),
 *       velocity {since_visit, rate, unit} (when known)}]}],
 *   chart_switches: [{from, to, last_visit_before, first_visit_after}],
 *   trends: [{indicator, reference, from_visit, to_visit, z_from, z_to, lines_crossed, trend}],
 *   flags: [{rule, label, category, severity, visit, date_from_visit, indicator (or null), value,
 *     z, percentile, metric, threshold, applies, source, suspect, corrected, detail}],
 *   implausible: [{visit, measurement ("weight"|"length_height"|"head"|"arm"), value, unit, rules [ids]}]
 * Numbers carry the text's rounding (z 2 decimals, percentile 1 or 2, values as prompt_buf_measure);
 * a percentile in the "<0.01"/">99.99" tails is 0.00/100.00 with percentile_text telling which.
 * Returns GV_OK, GV_EINVAL for bad options (prompt_check_options) or a NULL argument, GV_ENOMEM. */
gv_status prompt_build(const prompt_facts *f, const prompt_options *o, int want_json, prompt *p);

#endif
