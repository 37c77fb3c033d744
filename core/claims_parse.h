/* claims_parse.h — internal to the claim checker (core/claims.c): the text side.
 *
 * Reads a summary into tokens (words, numbers, dates, punctuation, with byte offsets, sentences,
 * clauses and paragraphs), finds the claims in them and resolves everything the text alone can
 * say about each claim: the age or date it is tied to (and how), the span a trend names, the
 * indicators it is about, negation, hedging, comparators, units and the precision shown.  Mapping
 * ages to visits and comparing with the engine is claims.c's job.  Not a public interface: use
 * core/claims.h. */
#ifndef GV_CLAIMS_PARSE_H
#define GV_CLAIMS_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/claims.h"

/* A time the text names. */
typedef enum cp_tkind {
	TM_NONE,     /* none named */
	TM_AT,       /* an age: "at 18 months", "by 2 years", "at his 5-year check", "aged 3" */
	TM_CURRENT,  /* the child's age now: "a 4-year-old", "now 3 years old" */
	TM_NOW,      /* "now", "currently", "latest visit" */
	TM_BIRTH,    /* "at birth", "birth weight" */
	TM_DATE,     /* a calendar date: "on 2024-03-15" (d0) */
	TM_MONTH,    /* a calendar month: "in March 2024" (d0 first day, d1 last day) */
	TM_SINCE,    /* start of a span to now: "since 9 months" */
	TM_PAST,     /* the last m0 months to now: "over the past 6 months", "in the last year" */
	TM_BETWEEN,  /* "between 6 and 12 months", "from 4 to 10 months" (m0, m1) */
	TM_GA,       /* gestational age at birth: "born at 32 weeks", "32+3 weeks" (m0 = weeks) */
	TM_TERM,     /* "born at term" */
	TM_PRETERM,  /* "born preterm", "premature" */
	TM_AGO,      /* m0 months before the last visit: "6 months ago" */
	TM_OTHER     /* a time that ties nothing: ahead of the last visit ("in 3 months", "at the next
		      * visit") or the limit of a rule ("until 24 months") */
} cp_tkind;

typedef struct cp_time {
	cp_tkind kind;
	double m0, m1;       /* ages in months (TM_GA: weeks); NAN when not given */
	int32_t d0, d1;      /* dates for TM_DATE / TM_MONTH; CLAIMS_NO_DATE */
	double tol;          /* tolerance of m0 in months (from the unit: years +/-6 months) */
	int corrected;       /* the text says the age is corrected */
	int years;           /* stated in years (a current age in completed years) */
	int point;           /* TM_SINCE written "from X": X is also a visit a value can be tied to */
	int weeks;           /* stated in weeks */
	int pma;             /* TM_AT: m0 is a postmenstrual age in weeks ("at 35 weeks PMA", "at term"):
			      * the postnatal age is m0 - the gestational age at birth (judge) */
	int ahead;           /* TM_AT of a visit to come ("at her 4-year check we will weigh her"): ties
			      * nothing and is no age claim (advice reads its age) */
	int until;           /* a span's end said with "until" (not extended to now) */
	int bare;            /* TM_BETWEEN written bare: "4-24 mo" (an age claim too) */
	int birth;           /* TM_GA / TM_TERM / TM_PRETERM said of the birth ("born at 30 weeks",
			      * "born early, at 30 weeks"): values it ties are the birth visit's */
	size_t start, end;   /* bytes of the time expression */
} cp_time;

/* How a claim got its time. */
enum {
	TIE_DEFAULT,  /* nothing names its time: the last visit */
	TIE_EXPLICIT, /* an age or date of its own (at) */
	TIE_CARRIED,  /* the previous sentence's age (at) */
	TIE_NOW,      /* "now", "since", a current age */
	TIE_SPAN,     /* a state over the span from .. to ("has stayed near the 55th since age 7") */
	TIE_START,    /* the start of a change over the span from .. to ("from the 76th") */
	TIE_END       /* its end ("to the 10th percentile over the past year") */
};

/* Units of value and change claims. */
typedef enum cp_unit {
	U_NONE, U_KG, U_G, U_LB, U_LBOZ, U_OZ, U_CM, U_MM, U_M, U_IN, U_FTIN, U_BMI, U_PCT_P95, U_PCT_BW
} cp_unit;

/* Advice kinds. */
enum { ADV_OTHER, ADV_REFER, ADV_RECHECK, ADV_TESTS, ADV_MONITOR, ADV_ROUTINE, ADV_NONE_NEEDED,
       ADV_RESTRICT /* less food to slow weight gain: "a calorie-restricted diet", "smaller meals",
		     * "skip snacks", "dilute the formula" */ };

/* Basis kinds. */
enum { BASIS_CHART, BASIS_CORRECTED, BASIS_CHRONO };

/* Who a value is about. */
enum {
	WHO_CHILD, WHO_MOTHER, WHO_FATHER, WHO_TARGET,
	WHO_PARENT,  /* "his parents are 152 cm and 168 cm tall": either parent */
	WHO_EXPECTED, /* "the expected ~18 kg": not a measurement */
	WHO_GUESS,    /* "likely 15.8 kg", "almost certainly 32 lb (14.5 kg)": what the writer supposes
		       * a wrong entry should be, not the record's value */
	WHO_PROJECTED /* "projected adult height 172 cm": the child's height z carried to adult age
		       * (core/stature.h) */
};

/* Roles of a number inside a change: "from the 50th" (ROLE_FROM) "to the 10th" (ROLE_TO). */
enum { ROLE_NONE, ROLE_FROM, ROLE_TO };

typedef struct cp_claim {
	gv_claim c;          /* public part: span, type, stated, cmp, attr, category, trend, ind */
	gv_ind inds[3];      /* indicators it is about (c.ind = inds[0]); GV_NIND when none */
	int nind;
	cp_time at;          /* the time it is tied to */
	int tie;             /* TIE_* */
	cp_time from, to;    /* the span a trend names (TM_NONE: none) */
	int since;           /* TIE_SPAN of a finding "since" an age: at its start and now */
	cp_time list[4];     /* "below -2 SD at 12 and 15 months": every age of the list (nlist >= 2) */
	int nlist;
	int role;            /* ROLE_* */
	cp_unit unit;
	double num2;         /* second part of a compound value (oz of lb+oz, in of ft+in) */
	int dec;             /* decimals written */
	double tol;          /* rounding tolerance in the claim's unit */
	int zsense;          /* trend about percentiles / z (1) or about the measurement (0) */
	int lines;           /* trend: lines said to be crossed (0 none named) */
	int regain;          /* trend: the birth weight said to be regained ("back to her birth weight by
			      * day 10"), at the time of its clause when it names one */
	double sd_by;        /* trend: z change said ("dropped by almost two SD", "a fall of 1.5 SD"); 0 none */
	claim_cmp sd_cmp;    /* how it is said: CLAIM_EQ, CLAIM_APPROX ("almost", "about"), CLAIM_GT, CLAIM_LT */
	int sd_dec;          /* its decimals written */
	double per_days;     /* change per time (velocity): days of the time unit; 0 none */
	int advice;          /* ADV_* */
	double months;       /* advice: recheck interval in months; NAN */
	int basis;           /* BASIS_* */
	int chart;           /* basis charts named: bits 1 << gv_ref, and 1 for "WHO" without a year */
	int switching;       /* basis named in a sentence about the switch between charts */
	int whom;            /* WHO_* (value claims) */
	int sev;             /* category: 1..3 obesity class, 3 also "severe"; 0 none */
	int scope;           /* normal claims: 0 growth, else 1 weight, 2 height, 3 head */
	int resolved;        /* category claims: said to have resolved ("weight loss resolved") */
	uint64_t except;     /* "no other flags": GV_CAT_BIT of the categories the summary names */
	int tense;           /* category claims: 1 present ("is", "now"), -1 past ("was"); not said: 2 about
			      * now (alone), -2 about the record (listed with ages) */
	int aside;           /* z/percentile not the child's: in parentheses right after its value ("target
			      * 161.0 cm (z -0.36)"), the value's own */
	int flagcat;         /* z/percentile: 1 + the flag category a claim of its sentence names before it
			      * ("Failure to thrive (moderate): ... weight z -2.38"): the number may be that
			      * flag's own; 0 none */
	size_t ks, ke;       /* tokens of the quote [ks, ke) (internal to the parser) */
} cp_claim;

typedef struct cp_result {
	cp_claim *v;         /* malloc'd */
	size_t n, cap;
	/* Mentions that are not claims but matter for omissions: bits of the things the text names. */
	unsigned mentions;   /* CP_M_* */
	cp_time head;        /* the visit a heading names ("Amara - 3-year well visit (March 2023)"): the
			      * summary is written at that visit (TM_NONE: none) */
} cp_result;

enum {
	CP_M_IMPLAUSIBLE = 1u << 0, /* "implausible", "data entry error", "check this value" */
	CP_M_MIDPARENTAL = 1u << 1, /* "mid-parental", "target height", "parents' heights" */
	CP_M_BIRTHWEIGHT = 1u << 2  /* "below birth weight", "birth weight not regained" */
};

/* Parse text[0..len) into r (r->v malloc'd; free it with free()).  Returns GV_OK or GV_ENOMEM. */
gv_status cp_parse(const char *text, size_t len, cp_result *r);

/* Number writer (claims_tok.c): v with dec decimals ("-2.10"); returns the bytes written (buf
 * always NUL-terminated, cut when cap is too small). */
size_t cp_fmt_num(char *buf, size_t cap, double v, int dec);

/* Append s to buf (NUL-terminated, cap bytes). */
void cp_cat(char *buf, size_t cap, const char *s);
void cp_catnum(char *buf, size_t cap, double v, int dec);

/* claims.c: the public claims of a parse into out (out->claims malloc'd).  GV_OK or GV_ENOMEM. */
gv_status claims_from_parse(const cp_result *pr, claims_result *out);

#endif
