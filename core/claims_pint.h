/* claims_pint.h — internal to the claim checker's parser (claims_parse.c, claims_time.c,
 * claims_lex.c): the state of one parse.  Not a public interface. */
#ifndef GV_CLAIMS_PINT_H
#define GV_CLAIMS_PINT_H

#include "core/claims_parse.h"
#include "core/claims_tok.h"

/* Per-token flags (pctx.tf). */
enum {
	TF_USED = 1u << 0,   /* part of a claim or a time expression already */
	TF_COND = 1u << 1,   /* in a condition ("if she falls below ...") */
	TF_DEF = 1u << 2,    /* numbers here are thresholds ("above the obesity threshold (P95)") */
	TF_TIME = 1u << 3,   /* part of a time expression */
	TF_ADVICE = 1u << 4, /* in an advice clause, after the advice word */
	TF_TARGET = 1u << 5, /* the object of "monitor for", "rule out", "prevent": not a claim */
	TF_DEFALL = 1u << 6  /* a definition of a category or a statement about children in general */
};

/* A time expression and its tokens. */
typedef struct ptime {
	cp_time t;
	size_t ts, te;       /* tokens [ts, te) */
} ptime;

/* A token in a markdown table (claims_table.c): its column and what the header cell of the column
 * (or, in a body row, the row's label cell) says about it. */
enum { CELL_NONE, CELL_VALUE, CELL_PCT, CELL_Z, CELL_AGE };
typedef struct cp_cell {
	int16_t col;         /* column in its row; -1 when not in a table cell */
	int8_t ind;          /* indicator named by the header (or label) cell; -1 */
	uint8_t kind;        /* CELL_*: what a bare number of the cell is */
	uint8_t unit;        /* CELL_VALUE: cp_unit; CELL_AGE: months per unit (1, 12) */
	uint8_t hdr;         /* a header cell */
	size_t cs, ce;       /* tokens of the cell */
} cp_cell;

typedef struct pctx {
	const char *s;
	size_t len;
	cp_toks tk;
	ptime *tm;           /* time expressions in text order */
	size_t ntm, tmcap;
	uint8_t *tf;         /* per token: TF_* */
	int8_t *ind;         /* per token: indicator named by the phrase starting here, or -1 */
	uint8_t *indlen;     /* per token: tokens of that phrase */
	cp_cell *cell;       /* per token, when the text holds a table; else NULL */
	uint32_t *pres;      /* pres[k]: verbs in the present among tokens [0, k) (n + 1 entries) */
	cp_result *r;
} pctx;

#define TOK(x, k) (&(x)->tk.t[(k)])

static inline int is_num(const pctx *x, size_t k)
{
	return k < x->tk.n && x->tk.t[k].kind == TK_NUM;
}

static inline int is_word(const pctx *x, size_t k, const char *list)
{
	return k < x->tk.n && cp_isany(&x->tk.t[k], list);
}

static inline int is_p(const pctx *x, size_t k, char c)
{
	return k < x->tk.n && cp_ispunct(&x->tk.t[k], c);
}

/* Tokens k and k+1 written without a space between them. */
static inline int glued(const pctx *x, size_t k)
{
	return k + 1 < x->tk.n && !(x->tk.t[k + 1].sp & (SP_SPACE | SP_NL));
}

/* A parenthesis without a number closing at token k ("BMI (a measure of weight for height) is
 * 22.3"): the index of its '(' (an aside to read past), else k. */
static inline size_t aside_open(const pctx *x, size_t k)
{
	if (k >= x->tk.n || !is_p(x, k, ')'))
		return k;
	for (size_t q = k; q-- > 0 && q + 14 > k;) {
		if (is_p(x, q, '('))
			return q;
		if (x->tk.t[q].kind == TK_NUM || is_p(x, q, ')'))
			return k;
	}
	return k;
}

/* Token k is in the same sentence as token j. */
static inline int same_sent(const pctx *x, size_t k, size_t j)
{
	return k < x->tk.n && j < x->tk.n && x->tk.t[k].sent == x->tk.t[j].sent;
}

/* A time that is a point (an age, a date, now, birth, the current age). */
static inline int cp_point_kind(cp_tkind k)
{
	return k == TM_AT || k == TM_DATE || k == TM_MONTH || k == TM_NOW || k == TM_BIRTH || k == TM_CURRENT;
}

/* Time i can tie claims: not in advice, a condition or a general statement, not a visit to come. */
static inline int cp_time_usable(const pctx *x, size_t i)
{
	return !(x->tf[x->tm[i].ts] & (TF_ADVICE | TF_COND | TF_DEFALL)) && !x->tm[i].t.ahead;
}

/* claims_tie.c: the time claim c is tied to (c->at, tie, from, to, list, attr); the indicators of
 * a percentile or z claim, and of a trend (c->inds, nind). */
void cp_tie_time(pctx *x, cp_claim *c);
void cp_tie_ind(pctx *x, cp_claim *c);
void cp_trend_ind(pctx *x, cp_claim *c);

/* claims_time.c: indicator words, then time expressions (marks TF_TIME | TF_USED). */
void cp_find_inds(pctx *x);
gv_status cp_find_times(pctx *x);
/* Age in months of the time unit at token k (1 month, 12 years, 7/30.4375 weeks ...), 0 when
 * token k is not a time unit; loose also takes the one-letter units ("18m", "2y"). */
double cp_time_unit(const pctx *x, size_t k, int loose, int *years);
/* claims_ages.c: the number a word says ("eighteen"; NAN); a count at k in digits or words (*v;
 * tokens taken, 0: none) and whether there is one; a half after a count at j ("2½", "and a half",
 * "1/2": tokens taken); a bare number of years at j ("at 4": *t, end or 0); an age with its unit at
 * k (*out; end or 0; loose: one-letter units too). */
double cp_words_num(const cp_tok *t);
size_t cp_count_n(const pctx *x, size_t k, double *v);
int cp_count_at(const pctx *x, size_t k, double *v);
size_t cp_half_at(const pctx *x, size_t j, double *v);
size_t cp_bare_years(const pctx *x, size_t j, cp_time *t);
size_t cp_age_core(const pctx *x, size_t k, int loose, cp_time *out);

/* ------------------------------------------------------------------ the lexicon (claims_words.c) */

/* What a lexicon entry finds. */
enum {
	LX_CAT,     /* a flag category (a = gv_flag_cat, b = severity class: 1-3, 9 "severe") */
	LX_NORMAL,  /* normal growth (b = scope; -1: from the indicator words) */
	LX_NOFLAGS, /* "no flags" */
	LX_TREND,   /* a = claim_trend, b = direction (0: from the words after it) */
	LX_LINES,   /* "crossed two percentile lines" */
	LX_BASIS,   /* a = BASIS_*, b = chart bits */
	LX_ADVICE,  /* a = ADV_*, b = 1: only with a time ahead in the clause ("check in 2 weeks") */
	LX_MENTION, /* a = CP_M_* */
	LX_SKIP     /* words that look like a claim and are not ("consistent with", "falls below") */
};

/* Entry flags. */
enum {
	LF_CAPS = 1,   /* only written in capitals ("WHO", "SAM") */
	LF_SELFNEG = 2, /* the negation is part of the phrase ("no flags", "no weight gain") */
	LF_AFTERBE = 4, /* only after "is", "are", "remains" ... ("weight is normal") */
	LF_HEAD = 8,    /* only the first word is the claim; the others are context, maybe part of
			 * another claim ("stayed between the 25th and 50th") */
	LF_RESOLVED = 16, /* only when said to have resolved ("weight loss resolved") */
	LF_DENY = 32      /* the words deny the category ("familial": no gap to the parents' heights) */
};

typedef struct lexent {
	const char *pat;
	uint8_t kind;
	int8_t a, b;
	int8_t ind;    /* indicator the words imply; -1 none */
	uint8_t fl;
} lexent;

#define CHW (1 | 1 << GV_WHO2006 | 1 << GV_WHO2007)
#define CHC (1 << GV_CDC2000)
#define CHN (1 << GV_REF_IG21_NBS) /* INTERGROWTH-21st Newborn Size */
#define CHP (1 << GV_REF_IG21_PNG) /* INTERGROWTH-21st Preterm Postnatal Growth */

extern const lexent cp_lex[];          /* longer phrases first; the first entry matching at a token wins */
extern const size_t cp_nlex;
extern const char *const cp_targets[]; /* phrases after which a category is the object of advice */
extern const size_t cp_ntargets;

/* claims_lex.c: the objects of advice ("monitor for obesity": TF_TARGET), then category,
 * trend, basis and advice claims, and mentions. */
void cp_mark_targets(pctx *x);
gv_status cp_find_lexical(pctx *x);

/* claims_num.c: values, percentiles, z-scores and changes; cp_pct_word: tokens of the
 * "percentile" word at k ("centile", "%ile"), 0 when none; cp_cmp_back: the comparator written
 * before the number at k ("below", "about", ">") into *cmp, and where the quote starts;
 * cp_role_before: ROLE_FROM / ROLE_TO of a number whose words start at s; cp_cmp_prefix: "<", ">",
 * "~" or ""; cp_numbers_ok: the number at k may be a claim (not a threshold, a condition...). */
gv_status cp_find_numbers(pctx *x);
int cp_pct_word(const pctx *x, size_t k);
size_t cp_cmp_back(const pctx *x, size_t k, claim_cmp *cmp);
int cp_role_before(const pctx *x, size_t s);
const char *cp_cmp_prefix(claim_cmp cmp);
int cp_numbers_ok(const pctx *x, size_t k);

/* claims_value.c: a value or change claim at the number k (*next: the token after it; GV_ENOMEM);
 * a change verb at t ("gained", "lost": *sign); the name of a unit ("kg", "cm"). */
gv_status cp_try_value(pctx *x, size_t k, size_t *next);
int cp_change_verb(const cp_tok *t, int *sign);
const char *cp_unit_name(cp_unit u);

/* claims_table.c: the cells of markdown tables (x->cell; GV_ENOMEM); the months per unit of a
 * bare number starting an age cell (0: not one); the indicator named inside the cell of token k
 * (-1); the time (x->tm index) of the header cell over token k's column (-1). */
gv_status cp_find_tables(pctx *x);
double cp_cell_age(const pctx *x, size_t k);
int cp_cell_own_ind(const pctx *x, size_t k);
long cp_cell_time(const pctx *x, size_t k);

/* claims_parse.c: "meets (the CDC) criteria|definition" before token k: the child meets it, a
 * claim (1), not a definition. */
int cp_meets_before(const pctx *x, size_t k);

/* claims_doc.c: the visit the summary's heading names (x->r->head); adjacent normal-growth claims
 * of one scope merged into one (after the claims are sorted). */
void cp_find_heading(pctx *x);
void cp_merge_normals(pctx *x);
/* claims_doc.c: a number in parentheses after another number's claim takes its tie and role. */
void cp_paren_tie(pctx *x, cp_claim *c);

/* claims_parse.c: a new claim (zeroed, with the defaults), or NULL when out of memory. */
cp_claim *cp_new_claim(pctx *x, claim_type type, size_t ks, size_t ke);

#endif
