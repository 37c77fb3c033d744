/* prompt.c — the facts of one child and the growth-summary prompt (see prompt.h).
 *
 * Reading order: the template (every fixed word a model sees, in one table), the text buffer and
 * number writers, the facts (scoring, implausible values, trends, velocities), then the two
 * renderings of the prompt: chat text and JSON. */
#include "core/prompt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/lms.h"
#include "core/stature.h"
#include "core/text.h"

/* ================================================================== the template, version 1 */

/* Every fixed phrase of growth-summary v1.  "{words}" is replaced by the word limit and
 * "{audience}" by the audience's phrase.  Changing any of these strings (or the layout code below)
 * changes what a model sees: bump PROMPT_TEMPLATE_VERSION. */
static const struct template {
	const char *system[GV_AUD_COUNT];
	const char *audience_phrase[GV_AUD_COUNT];
	const char *heading;
	const char *task;
	const char *switch_note;
	const char *implausible_mark;
	const char *suspect_mark;
	const char *trend_heading;
	const char *no_trend;
	const char *no_flags;
	const char *no_implausible;
	const char *no_sex;
	const char *no_visits;
	const char *visit_legend;
	const char *warn_text[GV_W_NWARN];
} tpl = {
	.system = {
		[GV_AUD_CLINICIAN] =
			"You summarise one child's growth for a clinician. Use only the facts in the user "
			"message: every number you state (measurement, z-score, percentile, velocity, age) "
			"must appear there, and every category (such as failure to thrive, obesity, short "
			"stature or microcephaly) must come from the listed flags. Name the growth chart "
			"(WHO or CDC) and the age basis: corrected age for a child born preterm while it "
			"applies. Mention every flag of severity moderate or severe. Values marked "
			"IMPLAUSIBLE need checking: do not base a category or a trend on them. Give no advice "
			"beyond clinical review of the flagged findings. Write plain prose of at most {words} "
			"words, without headings or lists.",
		[GV_AUD_FAMILY] =
			"You explain one child's growth to the child's family. Use plain words without "
			"medical jargon and explain what a percentile means, but keep every fact correct: use "
			"only the numbers and findings in the user message, name the growth chart (WHO or "
			"CDC) and, for a baby born early, say that the age is corrected for prematurity. "
			"Mention every flag of severity moderate or severe in plain words and suggest talking "
			"to the child's doctor about them. Values marked IMPLAUSIBLE are probably recording "
			"errors: draw no conclusion from them. Give no other medical advice. Write at most "
			"{words} words, without headings or lists.",
	},
	.audience_phrase = {[GV_AUD_CLINICIAN] = "a clinician", [GV_AUD_FAMILY] = "the child's family"},
	.heading = "Growth record of one child (template " PROMPT_TEMPLATE_ID " v1).",
	.task = "Task: write the summary for {audience}, at most {words} words.",
	.switch_note = "z-scores on different charts are not directly comparable.",
	.implausible_mark = "IMPLAUSIBLE: check this value; not used for categories or trends",
	.suspect_mark = "rests on a value flagged implausible",
	.trend_heading = "Trends (plausible values on the chart of the latest one; steady = at most one "
			 "major percentile line crossed):",
	.no_trend = "Trends: none (fewer than two plausible visits on one chart).",
	.no_flags = "Flags: none.",
	.no_implausible = "Implausible values: none.",
	.no_sex = "Child: sex not recorded. The growth charts are sex-specific, so no measurement is "
		  "scored and no flag is computed.",
	.no_visits = "Visits: none recorded.",
	.visit_legend = "Each measurement: the value as recorded, its z-score and percentile on the visit's chart "
			"(LMS method unless another is named), and the velocity since the previous plausible value.",
	.warn_text = {
		"standing height before 9 months: position treated as unknown",
		"recumbent length scored on a stature chart without conversion",
		"standing height scored on a length chart without conversion",
		"corrected age is before term: the term charts do not apply",
		"no chart covers this age",
		"birth size before 33+0 weeks: the INTERGROWTH-21st very preterm reference, not a standard",
	},
};

/* ================================================================== text buffer */

void prompt_buf_init(prompt_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void prompt_buf_reset(prompt_buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->s)
		b->s[0] = '\0';
}

void prompt_buf_free(prompt_buf *b)
{
	free(b->s);
	prompt_buf_init(b);
}

const char *prompt_buf_str(const prompt_buf *b)
{
	return b->s ? b->s : "";
}

static int grow(prompt_buf *b, size_t n)
{
	if (b->oom)
		return 0;
	if (b->len + n + 1 <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = 1;
			return 0;
		}
		cap *= 2;
	}
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = 1;
		return 0;
	}
	b->s = s;
	b->cap = cap;
	return 1;
}

void prompt_buf_put(prompt_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap && !grow(b, n))
		return;
	if (b->oom)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void prompt_buf_puts(prompt_buf *b, const char *s)
{
	prompt_buf_put(b, s, strlen(s));
}

void prompt_buf_putc(prompt_buf *b, char c)
{
	if (b->len + 2 > b->cap && !grow(b, 1))
		return;
	if (b->oom)
		return;
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void put_uint(prompt_buf *b, unsigned long long u)
{
	char t[24];
	int n = 0;
	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	char r[24];
	for (int i = 0; i < n; i++)
		r[i] = t[n - 1 - i];
	prompt_buf_put(b, r, (size_t)n);
}

void prompt_buf_int(prompt_buf *b, long long v)
{
	if (v < 0) {
		prompt_buf_putc(b, '-');
		put_uint(b, 0ull - (unsigned long long)v);
	} else {
		put_uint(b, (unsigned long long)v);
	}
}

/* ================================================================== numbers */

/* The rounding error of the product p = a * b: a * b - p exactly (Dekker's two-product with
 * Veltkamp's split, T. J. Dekker, Numer Math 1971;18:224).  Needs IEEE binary64 arithmetic
 * without excess precision or contraction (-std=c11 on x86-64 and ARM, see core/synth.h). */
static double two_prod_err(double a, double b, double p)
{
	const double split = 134217729.0; /* 2^27 + 1 */
	double t = split * a, ah = t - (t - a), al = a - ah;
	t = split * b;
	double bh = t - (t - b), bl = b - bh;
	return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/* v with dec decimals into out (at least 32 bytes, not NUL-terminated); returns the length. */
static size_t fixed_chars(char *out, double v, int dec)
{
	static const double pow10[7] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
	size_t n = 0;
	if (!isfinite(v)) {
		out[0] = '-';
		return 1;
	}
	if (dec < 0)
		dec = 0;
	if (dec > 6)
		dec = 6;
	double a = fabs(v);
	if (!(a < 1e15)) {
		const char *h = v < 0 ? "-huge" : "huge";
		for (; h[n]; n++)
			out[n] = h[n];
		return n;
	}
	/* a = ip + frac exactly; the digits after the point are frac * 10^dec rounded to nearest,
	 * ties to even, on the exact binary value (what glibc's printf does).  p - q and 0.5 are
	 * multiples of ulp(p), which exceeds the product's rounding error e, so the sign of
	 * (p - q - 0.5) decides unless it is 0; then e decides, and an exact tie goes to even. */
	/* a < 1e15 and p < 1e6 are exact as integers: a cast truncates them, which is floor here
	 * (without SSE4.1 floor() is a library call, and this runs for every number written) */
	long long sip = (long long)a;
	double ip = (double)sip, frac = a - ip, scale = pow10[dec];
	double p = frac * scale;
	long long sq = (long long)p;
	double q = (double)sq, d = (p - q) - 0.5;
	unsigned long long uip = (unsigned long long)sip, uq = (unsigned long long)sq;
	int up;
	if (d != 0) {
		up = d > 0;
	} else {
		double e = dec ? two_prod_err(frac, scale, p) : 0;
		up = e != 0 ? e > 0 : (int)((dec ? uq : uip) & 1u);
	}
	if (up)
		uq++;
	if (uq >= (unsigned long long)scale) { /* carry into the integer part */
		uq -= (unsigned long long)scale;
		uip++;
	}
	if (v < 0 && (uip || uq))
		out[n++] = '-';
	char t[24];
	int k = 0;
	do {
		t[k++] = (char)('0' + uip % 10);
		uip /= 10;
	} while (uip);
	while (k)
		out[n++] = t[--k];
	if (dec) {
		out[n++] = '.';
		for (int i = dec - 1; i >= 0; i--) {
			out[n + (size_t)i] = (char)('0' + uq % 10);
			uq /= 10;
		}
		n += (size_t)dec;
	}
	return n;
}

void prompt_buf_fixed(prompt_buf *b, double v, int dec)
{
	char t[32];
	prompt_buf_put(b, t, fixed_chars(t, v, dec));
}

/* A signed number: "+" before anything that is not written with "-" ("+0.00"). */
static void put_signed(prompt_buf *b, double v, int dec)
{
	char t[32];
	size_t n = fixed_chars(t, v, dec);
	if (isfinite(v) && t[0] != '-')
		prompt_buf_putc(b, '+');
	prompt_buf_put(b, t, n);
}

void prompt_buf_z(prompt_buf *b, double z)
{
	put_signed(b, z, 2);
}

int prompt_pct_decimals(double p)
{
	return p < 0.95 || p >= 99.05 ? 2 : 1;
}

void prompt_buf_pct(prompt_buf *b, double p)
{
	if (!isfinite(p))
		prompt_buf_putc(b, '-');
	else if (p < 0.005)
		prompt_buf_puts(b, "<0.01");
	else if (p >= 99.995)
		prompt_buf_puts(b, ">99.99");
	else
		prompt_buf_fixed(b, p, prompt_pct_decimals(p));
}

int prompt_measure_decimals(gv_ind ind, double v)
{
	switch (ind) {
	case GV_WFA:
	case GV_WFLH: return fabs(v) < 10 ? 3 : 2;
	default: return 1;
	}
}

static const char *ind_unit_text(gv_ind ind)
{
	switch (ind) {
	case GV_WFA:
	case GV_WFLH: return "kg";
	case GV_LHFA:
	case GV_HCFA:
	case GV_ACFA: return "cm";
	case GV_BFA: return "kg/m2";
	default: return "mm";
	}
}

void prompt_buf_measure(prompt_buf *b, gv_ind ind, double v)
{
	if (!isfinite(v)) {
		prompt_buf_putc(b, '-');
		return;
	}
	prompt_buf_fixed(b, v, prompt_measure_decimals(ind, v));
	prompt_buf_putc(b, ' ');
	prompt_buf_puts(b, ind_unit_text(ind));
}

/* ================================================================== ages */

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Completed calendar months and the days since the last completed month (ui/fmt.c fmt_age). */
static void calendar_age(int32_t from, int32_t to, int *months, int *days)
{
	int y1, m1, d1, y2, m2, d2;
	age_civil_from_days(from, &y1, &m1, &d1);
	age_civil_from_days(to, &y2, &m2, &d2);
	int mo = (y2 - y1) * 12 + (m2 - m1), dd = d2 - d1;
	if (dd < 0) {
		/* the month is not complete: count the days since the same day of the previous month,
		 * clamped to that month's length (born on the 31st: one month on 30 April is reached
		 * only on 1 May) */
		mo--;
		int py = m2 == 1 ? y2 - 1 : y2, pm = m2 == 1 ? 12 : m2 - 1;
		int start = d1 > days_in_month(py, pm) ? days_in_month(py, pm) : d1;
		dd = days_in_month(py, pm) - start + d2;
	}
	*months = mo;
	*days = dd;
}

int prompt_age_months(int32_t from, int32_t to)
{
	if (to < from)
		return -1;
	int m, d;
	calendar_age(from, to, &m, &d);
	return m;
}

void prompt_buf_age(prompt_buf *b, int32_t from, int32_t to)
{
	if (to < from) {
		prompt_buf_putc(b, '-');
		prompt_buf_int(b, (long long)from - (long long)to);
		prompt_buf_putc(b, 'd');
		return;
	}
	int months, days;
	calendar_age(from, to, &months, &days);
	if (months < 1) {
		prompt_buf_int(b, (long long)to - (long long)from);
		prompt_buf_putc(b, 'd');
	} else if (months < 12) {
		prompt_buf_int(b, months);
		prompt_buf_puts(b, "m ");
		prompt_buf_int(b, days);
		prompt_buf_putc(b, 'd');
	} else {
		prompt_buf_int(b, months / 12);
		prompt_buf_puts(b, "y ");
		prompt_buf_int(b, months % 12);
		prompt_buf_putc(b, 'm');
	}
}

static void count_words_unit(prompt_buf *b, long long n, const char *unit)
{
	prompt_buf_int(b, n);
	prompt_buf_putc(b, ' ');
	prompt_buf_puts(b, unit);
	if (n != 1)
		prompt_buf_putc(b, 's');
}

void prompt_buf_age_words(prompt_buf *b, int32_t from, int32_t to)
{
	if (to < from) {
		prompt_buf_puts(b, "before term");
		return;
	}
	int months, days;
	calendar_age(from, to, &months, &days);
	if (months < 1) {
		count_words_unit(b, (long long)to - (long long)from, "day");
	} else if (months < 12) {
		count_words_unit(b, months, "month");
	} else {
		count_words_unit(b, months / 12, "year");
		if (months % 12) {
			prompt_buf_putc(b, ' ');
			count_words_unit(b, months % 12, "month");
		}
	}
}

int32_t prompt_term_date(int32_t birth, int ga_weeks, int ga_days)
{
	return birth + (GV_TERM_DAYS - (ga_weeks * 7 + ga_days));
}

/* ================================================================== JSON strings, words */

void prompt_buf_json_str(prompt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	prompt_buf_putc(b, '"');
	size_t i = 0;
	while (i < n) {
		/* a run of characters written as they are, in one copy */
		size_t j = i;
		while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f && s[j] != '"' && s[j] != '\\')
			j++;
		if (j > i) {
			prompt_buf_put(b, s + i, j - i);
			i = j;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			int k = text_utf8_decode(s + i, n - i, &cp);
			if (k > 0) {
				prompt_buf_put(b, s + i, (size_t)k);
				i += (size_t)k;
			} else {
				prompt_buf_puts(b, "\\ufffd");
				i++;
			}
			continue;
		}
		i++;
		switch (c) {
		case '"': prompt_buf_puts(b, "\\\""); break;
		case '\\': prompt_buf_puts(b, "\\\\"); break;
		case '\b': prompt_buf_puts(b, "\\b"); break;
		case '\f': prompt_buf_puts(b, "\\f"); break;
		case '\n': prompt_buf_puts(b, "\\n"); break;
		case '\r': prompt_buf_puts(b, "\\r"); break;
		case '\t': prompt_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				prompt_buf_put(b, u, 6);
			} else {
				prompt_buf_putc(b, (char)c);
			}
		}
	}
	prompt_buf_putc(b, '"');
}

int prompt_count_words(const char *s, size_t n)
{
	int words = 0, in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words;
}

/* ================================================================== options */

const char *prompt_audience_name(gv_audience a)
{
	static const char *const n[GV_AUD_COUNT] = {"clinician", "family"};
	return (unsigned)a < GV_AUD_COUNT ? n[a] : "";
}

gv_status prompt_audience_parse(const char *name, gv_audience *out)
{
	for (int a = 0; a < GV_AUD_COUNT && name; a++)
		if (strcmp(name, prompt_audience_name((gv_audience)a)) == 0) {
			*out = (gv_audience)a;
			return GV_OK;
		}
	return GV_EINVAL;
}

void prompt_default_options(prompt_options *o)
{
	o->audience = GV_AUD_CLINICIAN;
	o->word_limit = PROMPT_WORDS_DEFAULT;
	o->indicators = PROMPT_IND_ALL;
	o->today = PROMPT_NO_DATE;
	o->dates = 0;
}

gv_status prompt_check_options(const prompt_options *o)
{
	if (!o || (unsigned)o->audience >= GV_AUD_COUNT || o->word_limit < PROMPT_WORDS_MIN ||
	    o->word_limit > PROMPT_WORDS_MAX || !(o->indicators & PROMPT_IND_ALL))
		return GV_EINVAL;
	return GV_OK;
}

/* ================================================================== the facts */

void prompt_facts_init(prompt_facts *f)
{
	memset(f, 0, sizeof *f);
	f->last = PROMPT_NONE;
	f->target_cm = f->target_z = f->target_lo_cm = f->target_hi_cm = NAN;
	f->proj.status = GV_MISSING;
}

void prompt_facts_free(prompt_facts *f)
{
	free(f->res);
	free(f->flags);
	free(f->bad);
	prompt_facts_init(f);
}

/* Measurement bits of an indicator's own value (0 for the derived BMI and weight-for-length). */
static unsigned measure_bit(gv_ind k)
{
	switch (k) {
	case GV_WFA: return PROMPT_M_WEIGHT;
	case GV_LHFA: return PROMPT_M_HEIGHT;
	case GV_HCFA: return PROMPT_M_HEAD;
	case GV_ACFA: return PROMPT_M_MUAC;
	default: return 0;
	}
}

/* Indicators resting on the measurements in bits m. */
static unsigned inds_of_measures(unsigned m)
{
	unsigned k = 0;
	if (m & PROMPT_M_WEIGHT)
		k |= 1u << GV_WFA | 1u << GV_BFA | 1u << GV_WFLH;
	if (m & PROMPT_M_HEIGHT)
		k |= 1u << GV_LHFA | 1u << GV_BFA | 1u << GV_WFLH;
	if (m & PROMPT_M_HEAD)
		k |= 1u << GV_HCFA;
	if (m & PROMPT_M_MUAC)
		k |= 1u << GV_ACFA;
	return k;
}

static void mark_bad(prompt_facts *f)
{
	const gv_child *c = f->child;
	for (size_t i = 0; i < c->nv; i++)
		f->bad[i] = 0;
	for (size_t j = 0; j < f->nflags; j++) {
		const gv_flag *g = &f->flags[j];
		if (g->category != GV_CAT_IMPLAUSIBLE_VALUE || g->visit >= c->nv)
			continue;
		unsigned m = measure_bit(g->indicator);
		/* one flag for a swap, on the weight: both values are wrong (flags.c, R_SWAP) */
		if (strcmp(g->rule, "weight_height_swapped") == 0)
			m |= PROMPT_M_WEIGHT | PROMPT_M_HEIGHT;
		f->bad[g->visit] |= (uint16_t)(m << 8);
		if ((unsigned)g->indicator < GV_NIND)
			f->bad[g->visit] |= (uint16_t)(1u << g->indicator);
	}
	for (size_t i = 0; i < c->nv; i++) {
		for (int k = 0; k < GV_NIND; k++)
			if (f->res[i].ind[k].status == GV_OK && f->res[i].ind[k].biv)
				f->bad[i] |= (uint16_t)(1u << k | measure_bit((gv_ind)k) << 8);
		f->bad[i] |= (uint16_t)inds_of_measures(f->bad[i] >> 8);
	}
}

/* Mid-parental target (Tanner JM et al., Arch Dis Child 1970;45:755: (father + mother +/- 13)/2)
 * and its z at adult age, the way core/flags.c scores it: CDC 2000 stature-for-age at 240 months
 * (the table's last row), or WHO 2007 height-for-age at 228 months under the WHO chart policy. */
static void target_init(prompt_facts *f)
{
	const gv_patient *p = &f->child->p;
	f->target_cm = f->target_z = f->target_lo_cm = f->target_hi_cm = NAN;
	if (!f->sex_known || isnan(p->mother_height_cm) || isnan(p->father_height_cm))
		return;
	stature_target t; /* core/stature.h: the adult end of the policy's chart */
	if (stature_target_of(p->sex, p->mother_height_cm, p->father_height_cm, f->fo.growth.policy, &t) == GV_MISSING)
		return;
	f->target_cm = t.target_cm;
	f->target_z = t.z;
	f->target_lo_cm = t.lo_cm;
	f->target_hi_cm = t.hi_cm;
}

static int any_scored(const gv_result *r)
{
	for (int k = 0; k < GV_NIND; k++)
		if (r->ind[k].status == GV_OK)
			return 1;
	return 0;
}

gv_status prompt_facts_compute(prompt_facts *f, const gv_child *c, const gv_flag_options *o)
{
	if (!f || !c || (c->nv && !c->v))
		return GV_EINVAL;
	if (o)
		f->fo = *o;
	else
		flags_default_options(&f->fo, GV_RULES_US);
	f->child = NULL;
	f->nflags = 0;
	f->last = PROMPT_NONE;
	if (c->nv > f->vcap) {
		size_t cap = c->nv < 32 ? 32 : c->nv;
		gv_result *r = realloc(f->res, cap * sizeof *r);
		if (r)
			f->res = r;
		uint16_t *bd = realloc(f->bad, cap * sizeof *bd);
		if (bd)
			f->bad = bd;
		if (!r || !bd)
			return GV_ENOMEM;
		f->vcap = cap;
	}
	f->child = c;
	f->sex_known = traj_results(c, &f->fo.growth, f->res) == GV_OK;
	if (f->sex_known) {
		for (;;) {
			size_t n = 0;
			gv_status st = flags_eval(c, f->res, &f->fo, f->flags, f->fcap, &n);
			if (st != GV_OK) {
				f->child = NULL;
				return st;
			}
			if (n <= f->fcap) {
				f->nflags = n;
				break;
			}
			gv_flag *g = realloc(f->flags, n * sizeof *g);
			if (!g) {
				f->child = NULL;
				return GV_ENOMEM;
			}
			f->flags = g;
			f->fcap = n;
		}
	}
	mark_bad(f);
	for (size_t i = c->nv; i-- > 0;)
		if (any_scored(&f->res[i])) {
			f->last = i;
			break;
		}
	target_init(f);
	/* projected adult height from the latest plausible height (core/stature.h) */
	unsigned char *use = malloc(c->nv ? c->nv : 1);
	if (!use) {
		f->child = NULL;
		return GV_ENOMEM;
	}
	for (size_t i = 0; i < c->nv; i++)
		use[i] = (unsigned char)prompt_facts_ok(f, i, GV_LHFA);
	stature_project(c, f->res, use, f->fo.growth.policy, &f->proj);
	if (!f->sex_known)
		f->proj.status = GV_EINVAL;
	free(use);
	return GV_OK;
}

int prompt_facts_ok(const prompt_facts *f, size_t i, gv_ind ind)
{
	if (!f->child || i >= f->child->nv || (unsigned)ind >= GV_NIND)
		return 0;
	return f->res[i].ind[ind].status == GV_OK && !(f->bad[i] & (1u << ind));
}

unsigned prompt_facts_bad_measures(const prompt_facts *f, size_t i)
{
	if (!f->child || i >= f->child->nv)
		return 0;
	return (f->bad[i] >> 8) & 15u;
}

size_t prompt_facts_last_ok(const prompt_facts *f, gv_ind ind)
{
	for (size_t i = f->child ? f->child->nv : 0; i-- > 0;)
		if (prompt_facts_ok(f, i, ind))
			return i;
	return PROMPT_NONE;
}

size_t prompt_facts_switches(const prompt_facts *f, size_t *at, size_t max)
{
	size_t n = 0;
	gv_ref prev = GV_REF_NONE;
	for (size_t i = 0; f->child && i < f->child->nv; i++) {
		if (f->res[i].ref == GV_REF_NONE || !any_scored(&f->res[i]))
			continue;
		if (prev != GV_REF_NONE && f->res[i].ref != prev) {
			if (n < max)
				at[n] = i;
			n++;
		}
		prev = f->res[i].ref;
	}
	return n;
}

int32_t prompt_facts_age_days(const prompt_facts *f, size_t i)
{
	return f->child->v[i].date - f->child->p.birth_date;
}

size_t prompt_facts_visit_on(const prompt_facts *f, int32_t date, gv_ind ind)
{
	size_t first = PROMPT_NONE;
	for (size_t i = 0; f->child && i < f->child->nv; i++) {
		if (f->child->v[i].date != date)
			continue;
		if ((unsigned)ind < GV_NIND && f->res[i].ind[ind].status == GV_OK)
			return i;
		if (first == PROMPT_NONE)
			first = i;
	}
	return first;
}

const char *prompt_trend_word(int dir)
{
	return dir < 0 ? "falling" : dir > 0 ? "rising" : "steady";
}

/* Usable for a trend: plausible, scored, and for weight not in days 1-20 (newborn weight loss and
 * regain, left to the newborn rules as core/flags.c does). */
static int trend_usable(const prompt_facts *f, size_t i, gv_ind ind)
{
	if (!prompt_facts_ok(f, i, ind))
		return 0;
	int32_t d = prompt_facts_age_days(f, i);
	return !(ind == GV_WFA && d >= 1 && d < 21);
}

gv_status prompt_facts_trend(const prompt_facts *f, gv_ind ind, prompt_trend *out)
{
	if (!f->child || (unsigned)ind >= GV_NIND)
		return GV_EINVAL;
	size_t to = PROMPT_NONE, from = PROMPT_NONE;
	for (size_t i = f->child->nv; i-- > 0;)
		if (trend_usable(f, i, ind)) {
			to = i;
			break;
		}
	if (to == PROMPT_NONE)
		return GV_MISSING;
	gv_ref ref = f->res[to].ref;
	int32_t ato = prompt_facts_age_days(f, to);
	for (size_t i = 0; i < to; i++) {
		int32_t gap = ato - prompt_facts_age_days(f, i);
		if (trend_usable(f, i, ind) && f->res[i].ref == ref && gap >= 28 && gap <= 24 * GV_DAYS_PER_MONTH) {
			from = i;
			break;
		}
	}
	if (from == PROMPT_NONE)
		for (size_t i = to; i-- > 0;)
			if (trend_usable(f, i, ind) && f->res[i].ref == ref && ato - prompt_facts_age_days(f, i) >= 28) {
				from = i;
				break;
			}
	if (from == PROMPT_NONE)
		return GV_MISSING;
	out->ind = ind;
	out->ref = ref;
	out->from = from;
	out->to = to;
	out->z_from = f->res[from].ind[ind].z;
	out->z_to = f->res[to].ind[ind].z;
	out->lineset = traj_lineset_for(ref, f->fo.rules == GV_RULES_WHO);
	out->lines = traj_lines_crossed(out->lineset, out->z_from, out->z_to);
	out->dir = out->lines <= -2 ? -1 : out->lines >= 2 ? 1 : 0;
	return GV_OK;
}

static double raw_value(const gv_visit *v, gv_ind ind)
{
	switch (ind) {
	case GV_WFA: return v->weight_kg;
	case GV_LHFA: return v->height_cm;
	case GV_HCFA: return v->head_cm;
	case GV_ACFA: return v->muac_cm;
	default: return NAN;
	}
}

gv_status prompt_facts_velocity(const prompt_facts *f, size_t i, gv_ind ind, traj_vel *out, size_t *prev)
{
	if (!measure_bit(ind))
		return GV_EINVAL;
	if (!f->child || i >= f->child->nv || !prompt_facts_ok(f, i, ind))
		return GV_MISSING;
	for (size_t j = i; j-- > 0;) {
		if (f->child->v[j].date > f->child->v[i].date - 7 || !prompt_facts_ok(f, j, ind) ||
		    isnan(raw_value(&f->child->v[j], ind)))
			continue;
		if (traj_velocity(&f->child->v[j], &f->child->v[i], ind, out) != GV_OK)
			return GV_MISSING;
		*prev = j;
		return GV_OK;
	}
	return GV_MISSING;
}

void prompt_buf_velocity(prompt_buf *b, gv_ind ind, const traj_vel *v, int32_t age_days)
{
	int infant = age_days < 731; /* under 24 months */
	int per_year = !infant && (ind == GV_WFA || ind == GV_LHFA);
	double r = per_year ? v->per_year : v->per_month;
	int dec = ind == GV_LHFA && per_year ? 1 : 2;
	put_signed(b, r, dec);
	prompt_buf_puts(b, ind == GV_WFA ? " kg/" : " cm/");
	prompt_buf_puts(b, per_year ? "year" : "month");
}

const char *prompt_ind_words(const prompt_facts *f, size_t i, gv_ind ind)
{
	switch (ind) {
	case GV_WFA: return "weight";
	case GV_LHFA: {
		char pos = f->child->v[i].position;
		if (pos == 'H')
			return "height";
		if (pos == 'L')
			return "length";
		return prompt_facts_age_days(f, i) < 731 ? "length" : "height";
	}
	case GV_BFA: return "BMI";
	case GV_HCFA: return "head circumference";
	case GV_ACFA: return "arm circumference";
	case GV_TSFA: return "triceps skinfold";
	case GV_SSFA: return "subscapular skinfold";
	case GV_WFLH: {
		ref_table_id t = f->res[i].ind[GV_WFLH].table;
		if (t == T_WHO06_WFL || t == T_CDC_WTLENINF || f->res[i].ind[GV_WFLH].ig == IG21_PNG_WFLH)
			return "weight-for-length";
		if (t == T_WHO06_WFH || t == T_CDC_WTSTAT)
			return "weight-for-height";
		return "weight-for-length/height";
	}
	default: return "";
	}
}

const char *prompt_ref_title(gv_ref r)
{
	switch (r) {
	case GV_WHO2006: return "WHO 2006";
	case GV_WHO2007: return "WHO 2007";
	case GV_CDC2000: return "CDC 2000";
	case GV_REF_IG21_NBS: return "INTERGROWTH-21st newborn size";
	case GV_REF_IG21_PNG: return "INTERGROWTH-21st preterm postnatal growth";
	default: return "";
	}
}

/* ================================================================== the prompt: shared pieces */

void prompt_init(prompt *p)
{
	prompt_buf_init(&p->system);
	prompt_buf_init(&p->user);
	prompt_buf_init(&p->text);
	prompt_buf_init(&p->json);
}

void prompt_free(prompt *p)
{
	prompt_buf_free(&p->system);
	prompt_buf_free(&p->user);
	prompt_buf_free(&p->text);
	prompt_buf_free(&p->json);
}

/* Template text with {words} and {audience} filled in. */
static void expand(prompt_buf *b, const char *s, const prompt_options *o)
{
	while (*s) {
		if (strncmp(s, "{words}", 7) == 0) {
			prompt_buf_int(b, o->word_limit);
			s += 7;
		} else if (strncmp(s, "{audience}", 10) == 0) {
			prompt_buf_puts(b, tpl.audience_phrase[o->audience]);
			s += 10;
		} else {
			const char *e = strchr(s + 1, '{');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			prompt_buf_put(b, s, n);
			s += n;
		}
	}
}

/* A threshold-like number: whole numbers without decimals, else one decimal. */
static void put_short(prompt_buf *b, double v)
{
	prompt_buf_fixed(b, v, v == floor(v) ? 0 : 1);
}

static const char *method_text(gv_method m)
{
	switch (m) {
	case GV_METHOD_WHO_RESTRICTED: return "WHO restricted z beyond 3 SD";
	case GV_METHOD_CDC_EXTENDED: return "CDC 2022 extended BMI";
	case GV_METHOD_IG21: return "INTERGROWTH-21st equations";
	default: return "LMS";
	}
}

static const char *method_name(gv_method m)
{
	switch (m) {
	case GV_METHOD_WHO_RESTRICTED: return "who_restricted";
	case GV_METHOD_CDC_EXTENDED: return "cdc_extended";
	case GV_METHOD_IG21: return "ig21";
	default: return "lms";
	}
}

static const char *policy_name(gv_policy p)
{
	return p == GV_POLICY_WHO ? "who" : p == GV_POLICY_CDC ? "cdc" : "auto";
}

static int is_preterm(const prompt_facts *f)
{
	const gv_patient *p = &f->child->p;
	return p->ga_weeks > 0 && record_ga(p) < f->fo.growth.preterm_weeks;
}

/* Is visit i's corrected age shown?  When the engine corrected it. */
static int32_t term_date(const prompt_facts *f)
{
	const gv_patient *p = &f->child->p;
	return prompt_term_date(p->birth_date, p->ga_weeks, p->ga_days);
}

/* "34+2 weeks" from a whole number of days */
static void put_weeks_days(prompt_buf *b, double days)
{
	long long d = (long long)floor(days + 0.5);
	prompt_buf_int(b, d / 7);
	prompt_buf_putc(b, '+');
	prompt_buf_int(b, d % 7);
	prompt_buf_puts(b, " weeks");
}

/* "age 4m 2d, corrected 2m 1d"; on INTERGROWTH-21st also the age it is scored by:
 * ", postmenstrual age 34+2 weeks" (PNG) or ", gestational age 30+0 weeks" (Newborn Size). */
static void put_visit_age(prompt_buf *b, const prompt_facts *f, size_t i)
{
	const gv_result *r = &f->res[i];
	prompt_buf_puts(b, "age ");
	prompt_buf_age(b, f->child->p.birth_date, f->child->v[i].date);
	if (r->corrected) {
		prompt_buf_puts(b, ", corrected ");
		prompt_buf_age(b, term_date(f), f->child->v[i].date);
	}
	if (r->axis == GV_AXIS_PMA || r->axis == GV_AXIS_GA) {
		prompt_buf_puts(b, r->axis == GV_AXIS_PMA ? ", postmenstrual age " : ", gestational age ");
		put_weeks_days(b, r->pma_weeks * 7);
	}
}

/* Visit result r is before any growth standard (a preterm infant under 27 weeks PMA). */
static int before_standard(const gv_result *r)
{
	return r->ind[GV_WFA].status == GV_ENO_STANDARD;
}

/* Indicators listed per visit, in the order of the zscore columns. */
static int listed(const prompt_facts *f, size_t i, gv_ind k, const prompt_options *o)
{
	if (!(o->indicators & (1u << k)))
		return 0;
	const gv_ind_result *ir = &f->res[i].ind[k];
	if (ir->status == GV_OK)
		return 1;
	/* measured but not scored: the raw measurements only (a derived BMI without a chart is noise) */
	if (k == GV_BFA || k == GV_WFLH)
		return 0;
	const gv_visit *v = &f->child->v[i];
	double raw = k == GV_TSFA ? v->triceps_mm : k == GV_SSFA ? v->subscap_mm : raw_value(v, k);
	return !isnan(raw);
}

static double raw_of(const gv_visit *v, gv_ind k)
{
	return k == GV_TSFA ? v->triceps_mm : k == GV_SSFA ? v->subscap_mm : raw_value(v, k);
}

/* The rule's documentation (flags_rule_info) by id; 0 when unknown. */
static int rule_info(const char *id, gv_rule_info *out)
{
	size_t n = flags_nrules();
	for (size_t i = 0; i < n; i++)
		if (flags_rule_info(i, out) && (out->id == id || strcmp(out->id, id) == 0))
			return 1;
	return 0;
}

/* ================================================================== chat text */

static void user_child(prompt_buf *b, const prompt_facts *f)
{
	const gv_patient *p = &f->child->p;
	const gv_options *g = &f->fo.growth;
	if (!f->sex_known) {
		prompt_buf_puts(b, tpl.no_sex);
		prompt_buf_putc(b, '\n');
	} else {
		prompt_buf_puts(b, "Child: ");
		prompt_buf_puts(b, p->sex == GV_MALE ? "boy" : "girl");
		if (p->ga_weeks > 0) {
			prompt_buf_puts(b, is_preterm(f) ? ", born preterm at " : ", born at ");
			prompt_buf_int(b, p->ga_weeks);
			prompt_buf_putc(b, '+');
			prompt_buf_int(b, p->ga_days);
			prompt_buf_puts(b, " weeks.\n");
		} else {
			prompt_buf_puts(b, ", gestational age not recorded.\n");
		}
	}
	prompt_buf_puts(b, "Charts: ");
	prompt_buf_puts(b, f->fo.rules == GV_RULES_WHO ? "WHO rules (WHO cut-offs); " : "US rules (CDC/AAP cut-offs); ");
	switch (g->policy) {
	case GV_POLICY_AUTO:
		prompt_buf_puts(b, "WHO 2006 standards under 24 months, CDC 2000 charts from 24 months");
		break;
	case GV_POLICY_WHO:
		prompt_buf_puts(b, "WHO 2006 standards to 60 months, WHO 2007 reference from 61 months");
		break;
	case GV_POLICY_CDC:
		prompt_buf_puts(b, "CDC 2000 charts at every age");
		break;
	}
	if (g->correct_until_months > 0) {
		prompt_buf_puts(b, "; age corrected for prematurity (born before ");
		put_short(b, g->preterm_weeks);
		prompt_buf_puts(b, " weeks) until ");
		put_short(b, g->correct_until_months);
		prompt_buf_puts(b, " months of age.\n");
	} else {
		prompt_buf_puts(b, "; age not corrected for prematurity.\n");
	}
	if (!isnan(f->target_cm)) {
		prompt_buf_puts(b, "Mid-parental target height: ");
		prompt_buf_measure(b, GV_LHFA, f->target_cm);
		if (!isnan(f->target_z)) {
			prompt_buf_puts(b, " (z ");
			prompt_buf_z(b, f->target_z);
			prompt_buf_puts(b, g->policy == GV_POLICY_WHO ? " on WHO 2007 height-for-age at 19 years)"
								  : " on CDC 2000 stature-for-age at 20 years)");
		}
		prompt_buf_puts(b, ".\n");
		prompt_buf_puts(b, "Target range: ");
		prompt_buf_measure(b, GV_LHFA, f->target_lo_cm);
		prompt_buf_puts(b, " to ");
		prompt_buf_measure(b, GV_LHFA, f->target_hi_cm);
		prompt_buf_puts(b, " (target -/+ 8.5 cm, Tanner 1970).\n");
	} else if (f->sex_known) {
		prompt_buf_puts(b, "Mid-parental target height: unknown (a parent's height is not recorded).\n");
	}
	if (f->proj.status == GV_OK) {
		prompt_buf_puts(b, "Projected adult height: ");
		prompt_buf_measure(b, GV_LHFA, f->proj.adult_cm);
		prompt_buf_puts(b, " (the length/height z ");
		prompt_buf_z(b, f->proj.z);
		prompt_buf_puts(b, " of visit ");
		prompt_buf_int(b, (long long)f->proj.visit + 1);
		prompt_buf_puts(b, f->proj.ref == GV_WHO2007 ? " carried to 19 years on WHO 2007 height-for-age"
							     : " carried to 20 years on CDC 2000 stature-for-age");
		prompt_buf_puts(b, "; a projection along the centile, not a prediction).\n");
	}
}

/* The latest height velocity over at least 4 months between plausible heights (core/stature.h),
 * with the threshold for concern where one applies. */
static void user_height_velocity(prompt_buf *b, const prompt_facts *f)
{
	const gv_child *c = f->child;
	for (size_t i = c->nv; i-- > 0;) {
		if ((prompt_facts_bad_measures(f, i) & PROMPT_M_HEIGHT) || !(c->v[i].height_cm > 0))
			continue;
		stature_vel sv;
		if (stature_velocity(c, i, &sv) != GV_OK || (prompt_facts_bad_measures(f, sv.from) & PROMPT_M_HEIGHT))
			return;
		prompt_buf_puts(b, "Height velocity: ");
		prompt_buf_fixed(b, sv.cm_per_year, 1);
		prompt_buf_puts(b, " cm/year from visit ");
		prompt_buf_int(b, (long long)sv.from + 1);
		prompt_buf_puts(b, " to visit ");
		prompt_buf_int(b, (long long)sv.to + 1);
		prompt_buf_puts(b, " (");
		prompt_buf_int(b, (long long)sv.days);
		prompt_buf_puts(b, " days)");
		if (sv.slow >= 0) {
			prompt_buf_puts(b, sv.slow ? "; below " : "; not below ");
			prompt_buf_fixed(b, sv.threshold, 1);
			prompt_buf_puts(b, sv.threshold == 5.5 ? " cm/year, the threshold for concern at 2-4 years"
							       : " cm/year, the threshold for concern at 4-6 years");
		}
		prompt_buf_puts(b, ".\n");
		return;
	}
}

static void user_today(prompt_buf *b, const prompt_facts *f, const prompt_options *o)
{
	const gv_patient *p = &f->child->p;
	if (o->today == PROMPT_NO_DATE || o->today < p->birth_date)
		return;
	prompt_buf_puts(b, "Age today: ");
	prompt_buf_age(b, p->birth_date, o->today);
	double months = (double)(o->today - p->birth_date) / GV_DAYS_PER_MONTH;
	if (is_preterm(f) && months < f->fo.growth.correct_until_months) {
		prompt_buf_puts(b, " (corrected ");
		prompt_buf_age(b, term_date(f), o->today);
		prompt_buf_putc(b, ')');
	}
	prompt_buf_puts(b, ".\n");
}

static void user_measure(prompt_buf *b, const prompt_facts *f, size_t i, gv_ind k)
{
	const gv_result *r = &f->res[i];
	const gv_ind_result *ir = &r->ind[k];
	const gv_visit *v = &f->child->v[i];
	int bad = (f->bad[i] >> k) & 1u;
	prompt_buf_puts(b, "  ");
	prompt_buf_puts(b, prompt_ind_words(f, i, k));
	if (k != GV_WFLH) {
		prompt_buf_putc(b, ' ');
		prompt_buf_measure(b, k, k == GV_BFA ? ir->value : raw_of(v, k));
	}
	if (k == GV_LHFA && ir->status == GV_OK && r->height_adj_cm != 0) {
		prompt_buf_puts(b, " (scored as ");
		prompt_buf_measure(b, GV_LHFA, ir->value);
		prompt_buf_puts(b, r->height_adj_cm > 0 ? ", +0.7 cm for a standing height on the length chart)"
							: ", -0.7 cm for a recumbent length on the height chart)");
	}
	if (ir->status != GV_OK) {
		prompt_buf_puts(b, ": not scored (");
		prompt_buf_puts(b, gv_strerror(ir->status));
		prompt_buf_puts(b, ").\n");
		return;
	}
	prompt_buf_puts(b, ": z ");
	prompt_buf_z(b, ir->z);
	prompt_buf_puts(b, ", P");
	prompt_buf_pct(b, ir->p);
	if (ir->method != GV_METHOD_LMS && ir->method != GV_METHOD_NONE) {
		prompt_buf_puts(b, " (");
		prompt_buf_puts(b, method_text(ir->method));
		prompt_buf_putc(b, ')');
	}
	if (k == GV_BFA && !isnan(r->bmi_pct_p95)) {
		if (r->bfa_ext_method == GV_METHOD_CDC_EXTENDED) {
			prompt_buf_puts(b, "; CDC 2022 extended BMI: z ");
			prompt_buf_z(b, r->z_bfa_ext);
			prompt_buf_puts(b, ", P");
			prompt_buf_pct(b, r->p_bfa_ext);
		}
		prompt_buf_puts(b, "; ");
		prompt_buf_fixed(b, r->bmi_pct_p95, 1);
		prompt_buf_puts(b, "% of the 95th percentile");
	}
	if (bad) {
		prompt_buf_puts(b, "; ");
		prompt_buf_puts(b, tpl.implausible_mark);
	} else if (measure_bit(k)) {
		traj_vel vel;
		size_t prev;
		if (prompt_facts_velocity(f, i, k, &vel, &prev) == GV_OK) {
			prompt_buf_puts(b, "; ");
			prompt_buf_velocity(b, k, &vel, prompt_facts_age_days(f, i));
			prompt_buf_puts(b, " since visit ");
			prompt_buf_int(b, (long long)prev + 1);
		}
	}
	prompt_buf_puts(b, ".\n");
}

static void user_visits(prompt_buf *b, const prompt_facts *f, const prompt_options *o)
{
	const gv_child *c = f->child;
	if (c->nv == 0) {
		prompt_buf_puts(b, tpl.no_visits);
		prompt_buf_putc(b, '\n');
		return;
	}
	prompt_buf_puts(b, "Visits: ");
	prompt_buf_int(b, (long long)c->nv);
	prompt_buf_puts(b, ", oldest first. ");
	prompt_buf_puts(b, tpl.visit_legend);
	prompt_buf_putc(b, '\n');
	for (size_t i = 0; i < c->nv; i++) {
		const gv_result *r = &f->res[i];
		const gv_visit *v = &c->v[i];
		prompt_buf_puts(b, "Visit ");
		prompt_buf_int(b, (long long)i + 1);
		if (o->dates) {
			char d[11];
			age_format_date(v->date, d);
			prompt_buf_puts(b, " (");
			prompt_buf_puts(b, d);
			prompt_buf_putc(b, ')');
		}
		prompt_buf_puts(b, ": ");
		if (v->date < c->p.birth_date) {
			prompt_buf_puts(b, "dated before birth; not scored.\n");
			continue;
		}
		put_visit_age(b, f, i);
		if (!f->sex_known)
			prompt_buf_puts(b, ", not scored (sex unknown)");
		else if (before_standard(r))
			prompt_buf_puts(b, ", not scored (before 27 weeks postmenstrual age: no growth standard applies)");
		else if (r->warn & GV_W_BEFORE_TERM)
			prompt_buf_puts(b, ", not scored (corrected age before term)");
		else if (r->ref == GV_REF_NONE)
			prompt_buf_puts(b, ", not scored (no chart covers this age)");
		else {
			prompt_buf_puts(b, ", ");
			prompt_buf_puts(b, prompt_ref_title(r->ref));
		}
		prompt_buf_puts(b, ".\n");
		for (unsigned w = 0; w < GV_W_NWARN; w++)
			if ((r->warn & (1u << w)) && (1u << w) != GV_W_BEFORE_TERM && (1u << w) != GV_W_AGE_OUT_OF_RANGE) {
				prompt_buf_puts(b, "  note: ");
				prompt_buf_puts(b, tpl.warn_text[w]);
				prompt_buf_puts(b, ".\n");
			}
		if (v->oedema)
			prompt_buf_puts(b, "  bilateral pitting oedema recorded.\n");
		int scored = f->sex_known && !(r->warn & GV_W_BEFORE_TERM) && r->ref != GV_REF_NONE;
		for (int k = 0; k < GV_NIND; k++) {
			if (scored ? !listed(f, i, (gv_ind)k, o)
				   : !((o->indicators & (1u << k)) && k != GV_BFA && k != GV_WFLH && !isnan(raw_of(v, (gv_ind)k))))
				continue;
			if (scored) {
				user_measure(b, f, i, (gv_ind)k);
			} else {
				prompt_buf_puts(b, "  ");
				prompt_buf_puts(b, prompt_ind_words(f, i, (gv_ind)k));
				prompt_buf_putc(b, ' ');
				prompt_buf_measure(b, (gv_ind)k, raw_of(v, (gv_ind)k));
				prompt_buf_puts(b, ".\n");
			}
		}
	}
}

static void user_switches(prompt_buf *b, const prompt_facts *f)
{
	size_t at[8];
	size_t n = prompt_facts_switches(f, at, 8);
	for (size_t s = 0; s < n && s < 8; s++) {
		size_t i = at[s], j = i;
		while (j-- > 0)
			if (f->res[j].ref != GV_REF_NONE && any_scored(&f->res[j]))
				break;
		prompt_buf_puts(b, "Chart switch: ");
		prompt_buf_puts(b, prompt_ref_title(f->res[j].ref));
		prompt_buf_puts(b, " up to visit ");
		prompt_buf_int(b, (long long)j + 1);
		prompt_buf_puts(b, " (");
		put_visit_age(b, f, j);
		prompt_buf_puts(b, "), ");
		prompt_buf_puts(b, prompt_ref_title(f->res[i].ref));
		prompt_buf_puts(b, " from visit ");
		prompt_buf_int(b, (long long)i + 1);
		prompt_buf_puts(b, " (");
		put_visit_age(b, f, i);
		prompt_buf_puts(b, "); ");
		prompt_buf_puts(b, tpl.switch_note);
		prompt_buf_putc(b, '\n');
	}
}

static const char *ind_title(gv_ind k)
{
	static const char *const t[GV_NIND] = {"weight-for-age", "length/height-for-age", "BMI-for-age",
					       "head circumference-for-age", "arm circumference-for-age",
					       "triceps skinfold-for-age", "subscapular skinfold-for-age",
					       "weight-for-length/height"};
	return (unsigned)k < GV_NIND ? t[k] : "";
}

static void user_trends(prompt_buf *b, const prompt_facts *f, const prompt_options *o)
{
	int any = 0;
	for (int k = 0; k < GV_NIND; k++) {
		prompt_trend t;
		if (!(o->indicators & (1u << k)) || prompt_facts_trend(f, (gv_ind)k, &t) != GV_OK)
			continue;
		if (!any) {
			prompt_buf_puts(b, tpl.trend_heading);
			prompt_buf_putc(b, '\n');
		}
		any = 1;
		prompt_buf_puts(b, "- ");
		prompt_buf_puts(b, ind_title((gv_ind)k));
		prompt_buf_puts(b, ": ");
		prompt_buf_puts(b, prompt_trend_word(t.dir));
		prompt_buf_puts(b, ", z ");
		prompt_buf_z(b, t.z_from);
		prompt_buf_puts(b, " at visit ");
		prompt_buf_int(b, (long long)t.from + 1);
		prompt_buf_puts(b, " (");
		put_visit_age(b, f, t.from);
		prompt_buf_puts(b, ") to ");
		prompt_buf_z(b, t.z_to);
		prompt_buf_puts(b, " at visit ");
		prompt_buf_int(b, (long long)t.to + 1);
		prompt_buf_puts(b, " (");
		put_visit_age(b, f, t.to);
		prompt_buf_puts(b, ") on ");
		prompt_buf_puts(b, prompt_ref_title(t.ref));
		prompt_buf_puts(b, ", ");
		prompt_buf_int(b, abs(t.lines));
		prompt_buf_puts(b, abs(t.lines) == 1 ? " major percentile line crossed" : " major percentile lines crossed");
		if (t.lines)
			prompt_buf_puts(b, t.lines < 0 ? " downward" : " upward");
		size_t nl;
		const traj_line *l = traj_lines(t.lineset, &nl);
		prompt_buf_puts(b, " (lines");
		for (size_t j = 0; j < nl; j++) {
			prompt_buf_putc(b, ' ');
			prompt_buf_puts(b, l[j].label);
		}
		prompt_buf_puts(b, ").\n");
	}
	if (!any) {
		prompt_buf_puts(b, tpl.no_trend);
		prompt_buf_putc(b, '\n');
	}
}

/* A flag's detail text (core/flags.c, ASCII); without dates, each "YYYY-MM-DD" in it becomes
 * "visit N" (the visit on that day; "an earlier visit" when none is). */
static void put_detail(prompt_buf *b, const prompt_facts *f, const char *d, int dates)
{
	size_t n = strlen(d), i = 0;
	while (i < n) {
		int32_t day;
		if (!dates && i + 10 <= n && d[i] >= '0' && d[i] <= '9' && (i == 0 || d[i - 1] < '0' || d[i - 1] > '9') &&
		    d[i + 4] == '-' && d[i + 7] == '-' && age_parse_date(d + i, 10, &day) == GV_OK &&
		    (i + 10 == n || d[i + 10] < '0' || d[i + 10] > '9')) {
			size_t v = prompt_facts_visit_on(f, day, GV_NIND);
			if (v != PROMPT_NONE) {
				prompt_buf_puts(b, "visit ");
				prompt_buf_int(b, (long long)v + 1);
			} else {
				prompt_buf_puts(b, "an earlier visit");
			}
			i += 10;
			continue;
		}
		size_t j = i + 1; /* copy up to the next digit in one go */
		while (j < n && !(d[j] >= '0' && d[j] <= '9'))
			j++;
		if (j == i + 1 && d[i] >= '0' && d[i] <= '9')
			while (j < n && d[j] >= '0' && d[j] <= '9')
				j++;
		prompt_buf_put(b, d + i, j - i);
		i = j;
	}
}

static void user_flag(prompt_buf *b, const prompt_facts *f, const gv_flag *g, const prompt_options *o)
{
	gv_rule_info ri;
	int known = rule_info(g->rule, &ri);
	prompt_buf_puts(b, "- ");
	prompt_buf_puts(b, flags_sev_name(g->severity));
	prompt_buf_puts(b, ", ");
	prompt_buf_puts(b, flags_cat_name(g->category));
	prompt_buf_puts(b, ": ");
	prompt_buf_puts(b, known ? ri.label : g->rule);
	prompt_buf_puts(b, " [rule ");
	prompt_buf_puts(b, g->rule);
	if (known) {
		prompt_buf_puts(b, ": ");
		prompt_buf_puts(b, ri.threshold_text);
		prompt_buf_puts(b, "; applies: ");
		prompt_buf_puts(b, ri.applies);
	}
	prompt_buf_puts(b, "; source: ");
	prompt_buf_puts(b, g->source);
	prompt_buf_puts(b, "] at visit ");
	prompt_buf_int(b, (long long)g->visit + 1);
	prompt_buf_puts(b, " (");
	put_visit_age(b, f, g->visit);
	prompt_buf_putc(b, ')');
	if (g->date_from != g->date) {
		size_t fr = prompt_facts_visit_on(f, g->date_from, g->indicator);
		if (fr != PROMPT_NONE) {
			prompt_buf_puts(b, ", since visit ");
			prompt_buf_int(b, (long long)fr + 1);
		}
	}
	if (g->suspect) {
		prompt_buf_puts(b, "; ");
		prompt_buf_puts(b, tpl.suspect_mark);
	}
	prompt_buf_puts(b, ". Detail: ");
	put_detail(b, f, g->detail, o->dates);
	prompt_buf_puts(b, ".\n");
}

static void user_flags(prompt_buf *b, const prompt_facts *f, const prompt_options *o)
{
	size_t nclin = 0, nimp = 0;
	for (size_t j = 0; j < f->nflags; j++)
		if (f->flags[j].category == GV_CAT_IMPLAUSIBLE_VALUE)
			nimp++;
		else
			nclin++;
	if (!nclin) {
		prompt_buf_puts(b, tpl.no_flags);
		prompt_buf_putc(b, '\n');
	} else {
		prompt_buf_puts(b, "Flags: ");
		prompt_buf_int(b, (long long)nclin);
		prompt_buf_puts(b, " (severity: info < moderate < severe).\n");
		for (size_t j = 0; j < f->nflags; j++)
			if (f->flags[j].category != GV_CAT_IMPLAUSIBLE_VALUE)
				user_flag(b, f, &f->flags[j], o);
	}
	if (!nimp) {
		prompt_buf_puts(b, tpl.no_implausible);
		prompt_buf_putc(b, '\n');
	} else {
		prompt_buf_puts(b, "Implausible values: ");
		prompt_buf_int(b, (long long)nimp);
		prompt_buf_puts(b, " (check these values; they are not used for categories or trends).\n");
		for (size_t j = 0; j < f->nflags; j++)
			if (f->flags[j].category == GV_CAT_IMPLAUSIBLE_VALUE)
				user_flag(b, f, &f->flags[j], o);
	}
}

/* A preterm child with visits on INTERGROWTH-21st: one line saying which standard and age basis
 * apply before the switch (Villar 2014, 2015; the handover of ig21_which, core/ig21.h). */
static void user_ig21_note(prompt_buf *b, const prompt_facts *f)
{
	int nbs = 0, png = 0;
	for (size_t i = 0; i < f->child->nv; i++) {
		nbs |= f->res[i].ref == GV_REF_IG21_NBS;
		png |= f->res[i].ref == GV_REF_IG21_PNG;
	}
	if (!nbs && !png)
		return;
	prompt_buf_puts(b, "Preterm charts: ");
	if (nbs)
		prompt_buf_puts(b, "size at birth is scored for gestational age on the INTERGROWTH-21st newborn size "
				   "standard (its very preterm reference before 33+0 weeks); ");
	prompt_buf_puts(b, "after birth, from 27 to 64 weeks postmenstrual age, on the INTERGROWTH-21st preterm "
			   "postnatal growth standard by postmenstrual age; after 64 weeks on the term charts by corrected "
			   "age.");
	prompt_buf_putc(b, '\n');
}

static void write_user(prompt_buf *b, const prompt_facts *f, const prompt_options *o)
{
	prompt_buf_puts(b, tpl.heading);
	prompt_buf_putc(b, '\n');
	user_child(b, f);
	user_today(b, f, o);
	user_visits(b, f, o);
	if (f->sex_known) {
		user_ig21_note(b, f);
		user_switches(b, f);
		user_trends(b, f, o);
		user_height_velocity(b, f);
		user_flags(b, f, o);
	}
	expand(b, tpl.task, o);
	prompt_buf_putc(b, '\n');
}

/* ================================================================== JSON */

static void jkey(prompt_buf *b, const char *k, int *first)
{
	if (!*first)
		prompt_buf_putc(b, ',');
	*first = 0;
	prompt_buf_json_str(b, k, strlen(k));
	prompt_buf_putc(b, ':');
}

static void jstr(prompt_buf *b, const char *k, const char *v, int *first)
{
	jkey(b, k, first);
	if (v)
		prompt_buf_json_str(b, v, strlen(v));
	else
		prompt_buf_puts(b, "null");
}

static void jnum(prompt_buf *b, const char *k, double v, int dec, int *first)
{
	jkey(b, k, first);
	if (isfinite(v) && fabs(v) < 1e15)
		prompt_buf_fixed(b, v, dec);
	else
		prompt_buf_puts(b, "null");
}

static void jint(prompt_buf *b, const char *k, long long v, int *first)
{
	jkey(b, k, first);
	prompt_buf_int(b, v);
}

static void jbool(prompt_buf *b, const char *k, int v, int *first)
{
	jkey(b, k, first);
	prompt_buf_puts(b, v ? "true" : "false");
}

/* A string built by fn into scratch, as a JSON string value. */
static void jage(prompt_buf *b, prompt_buf *scratch, const char *k, int32_t from, int32_t to, int *first)
{
	prompt_buf_reset(scratch);
	prompt_buf_age(scratch, from, to);
	jstr(b, k, prompt_buf_str(scratch), first);
}

static void jpct(prompt_buf *b, prompt_buf *scratch, double p, int *first)
{
	jnum(b, "percentile", p, prompt_pct_decimals(p), first);
	prompt_buf_reset(scratch);
	prompt_buf_pct(scratch, p);
	jstr(b, "percentile_text", prompt_buf_str(scratch), first);
}

static void json_measure(prompt_buf *b, prompt_buf *sc, const prompt_facts *f, size_t i, gv_ind k)
{
	const gv_result *r = &f->res[i];
	const gv_ind_result *ir = &r->ind[k];
	const gv_visit *v = &f->child->v[i];
	int first = 1;
	double val = k == GV_BFA || k == GV_WFLH ? ir->value : raw_of(v, k);
	prompt_buf_putc(b, '{');
	jstr(b, "indicator", refs_ind_name(k), &first);
	jstr(b, "name", prompt_ind_words(f, i, k), &first);
	jnum(b, "value", val, prompt_measure_decimals(k, val), &first);
	jstr(b, "unit", ind_unit_text(k), &first);
	if (k == GV_LHFA && ir->status == GV_OK && r->height_adj_cm != 0)
		jnum(b, "scored_value", ir->value, 1, &first);
	if (ir->status != GV_OK) {
		jstr(b, "status", gv_strerror(ir->status), &first);
		prompt_buf_putc(b, '}');
		return;
	}
	jstr(b, "status", NULL, &first);
	jnum(b, "z", ir->z, 2, &first);
	jpct(b, sc, ir->p, &first);
	const ref_info *ri = refs_info(ir->table);
	jstr(b, "table", ri ? ri->name : ir->ig != IG21_NSTD ? ig21_std_name(ir->ig) : NULL, &first);
	jstr(b, "method", method_name(ir->method), &first);
	jbool(b, "implausible", (f->bad[i] >> k) & 1u, &first);
	if (k == GV_BFA && !isnan(r->bmi_pct_p95)) {
		jnum(b, "bmi_pct_p95", r->bmi_pct_p95, 1, &first);
		if (r->bfa_ext_method == GV_METHOD_CDC_EXTENDED) {
			jnum(b, "z_ext", r->z_bfa_ext, 2, &first);
			jnum(b, "percentile_ext", r->p_bfa_ext, prompt_pct_decimals(r->p_bfa_ext), &first);
		}
	}
	traj_vel vel;
	size_t prev;
	if (!((f->bad[i] >> k) & 1u) && measure_bit(k) && prompt_facts_velocity(f, i, k, &vel, &prev) == GV_OK) {
		int32_t age = prompt_facts_age_days(f, i);
		int per_year = age >= 731 && (k == GV_WFA || k == GV_LHFA);
		int vf = 1;
		jkey(b, "velocity", &first);
		prompt_buf_putc(b, '{');
		jint(b, "since_visit", (long long)prev + 1, &vf);
		jnum(b, "rate", per_year ? vel.per_year : vel.per_month, k == GV_LHFA && per_year ? 1 : 2, &vf);
		jstr(b, "unit", k == GV_WFA ? (per_year ? "kg/year" : "kg/month") : (per_year ? "cm/year" : "cm/month"), &vf);
		prompt_buf_putc(b, '}');
	}
	prompt_buf_putc(b, '}');
}

static void json_visits(prompt_buf *b, prompt_buf *sc, const prompt_facts *f, const prompt_options *o)
{
	const gv_child *c = f->child;
	prompt_buf_puts(b, "[");
	for (size_t i = 0; i < c->nv; i++) {
		const gv_result *r = &f->res[i];
		const gv_visit *v = &c->v[i];
		int first = 1;
		if (i)
			prompt_buf_putc(b, ',');
		prompt_buf_putc(b, '{');
		jint(b, "visit", (long long)i + 1, &first);
		if (o->dates) {
			char d[11];
			age_format_date(v->date, d);
			jstr(b, "date", d, &first);
		}
		if (v->date < c->p.birth_date) {
			jstr(b, "status", "dated before birth", &first);
			prompt_buf_putc(b, '}');
			continue;
		}
		jage(b, sc, "age", c->p.birth_date, v->date, &first);
		jint(b, "age_days", v->date - c->p.birth_date, &first);
		if (r->corrected) {
			jage(b, sc, "corrected_age", term_date(f), v->date, &first);
			jint(b, "corrected_age_days", v->date - term_date(f), &first);
		} else {
			jstr(b, "corrected_age", NULL, &first);
			jstr(b, "corrected_age_days", NULL, &first);
		}
		int scored = f->sex_known && !(r->warn & GV_W_BEFORE_TERM) && r->ref != GV_REF_NONE;
		jstr(b, "reference", scored ? refs_ref_name(r->ref) : NULL, &first);
		if (r->axis == GV_AXIS_PMA || r->axis == GV_AXIS_GA) /* INTERGROWTH-21st visits only */
			jnum(b, r->axis == GV_AXIS_PMA ? "postmenstrual_age_weeks" : "gestational_age_weeks", r->pma_weeks, 2,
			     &first);
		jstr(b, "status",
		     !f->sex_known ? "sex unknown"
		     : before_standard(r) ? "before 27 weeks postmenstrual age"
		     : (r->warn & GV_W_BEFORE_TERM) ? "corrected age before term"
		     : r->ref == GV_REF_NONE ? "no chart covers this age" : NULL,
		     &first);
		jkey(b, "warnings", &first);
		prompt_buf_putc(b, '[');
		int wf = 1;
		for (unsigned w = 0; w < GV_W_NWARN; w++)
			if (r->warn & (1u << w)) {
				if (!wf)
					prompt_buf_putc(b, ',');
				wf = 0;
				const char *nm = growth_warn_name(1u << w);
				prompt_buf_json_str(b, nm, strlen(nm));
			}
		prompt_buf_putc(b, ']');
		jbool(b, "oedema", v->oedema != 0, &first);
		jkey(b, "measurements", &first);
		prompt_buf_putc(b, '[');
		int mf = 1;
		for (int k = 0; k < GV_NIND; k++) {
			if (scored ? !listed(f, i, (gv_ind)k, o)
				   : !((o->indicators & (1u << k)) && k != GV_BFA && k != GV_WFLH && !isnan(raw_of(v, (gv_ind)k))))
				continue;
			if (!mf)
				prompt_buf_putc(b, ',');
			mf = 0;
			if (scored) {
				json_measure(b, sc, f, i, (gv_ind)k);
			} else {
				int first2 = 1;
				double val = raw_of(v, (gv_ind)k);
				prompt_buf_putc(b, '{');
				jstr(b, "indicator", refs_ind_name((gv_ind)k), &first2);
				jstr(b, "name", prompt_ind_words(f, i, (gv_ind)k), &first2);
				jnum(b, "value", val, prompt_measure_decimals((gv_ind)k, val), &first2);
				jstr(b, "unit", ind_unit_text((gv_ind)k), &first2);
				jstr(b, "status", "not scored", &first2);
				prompt_buf_putc(b, '}');
			}
		}
		prompt_buf_puts(b, "]}");
	}
	prompt_buf_putc(b, ']');
}

static void json_flags(prompt_buf *b, prompt_buf *sc, const prompt_facts *f, const prompt_options *o)
{
	prompt_buf_putc(b, '[');
	for (size_t j = 0; j < f->nflags; j++) {
		const gv_flag *g = &f->flags[j];
		gv_rule_info ri;
		int known = rule_info(g->rule, &ri), first = 1;
		if (j)
			prompt_buf_putc(b, ',');
		prompt_buf_putc(b, '{');
		jstr(b, "rule", g->rule, &first);
		jstr(b, "label", known ? ri.label : NULL, &first);
		jstr(b, "category", flags_cat_name(g->category), &first);
		jstr(b, "severity", flags_sev_name(g->severity), &first);
		jint(b, "visit", (long long)g->visit + 1, &first);
		size_t fr = prompt_facts_visit_on(f, g->date_from, g->indicator);
		jkey(b, "date_from_visit", &first);
		if (fr != PROMPT_NONE)
			prompt_buf_int(b, (long long)fr + 1);
		else
			prompt_buf_puts(b, "null");
		jstr(b, "indicator", (unsigned)g->indicator < GV_NIND ? refs_ind_name(g->indicator) : NULL, &first);
		jnum(b, "value", g->value, (unsigned)g->indicator < GV_NIND ? prompt_measure_decimals(g->indicator, g->value) : 2,
		     &first);
		jnum(b, "z", g->z, 2, &first);
		jnum(b, "percentile", g->percentile, prompt_pct_decimals(g->percentile), &first);
		jnum(b, "metric", g->metric, 2, &first);
		jstr(b, "threshold", known ? ri.threshold_text : NULL, &first);
		jstr(b, "applies", known ? ri.applies : NULL, &first);
		jstr(b, "source", g->source, &first);
		jbool(b, "suspect", g->suspect, &first);
		jbool(b, "corrected", g->corrected, &first);
		prompt_buf_reset(sc);
		put_detail(sc, f, g->detail, o->dates);
		jstr(b, "detail", prompt_buf_str(sc), &first);
		prompt_buf_putc(b, '}');
	}
	prompt_buf_putc(b, ']');
}

static void json_implausible(prompt_buf *b, const prompt_facts *f)
{
	static const struct {
		unsigned bit;
		gv_ind ind;
		const char *name;
	} m[4] = {{PROMPT_M_WEIGHT, GV_WFA, "weight"}, {PROMPT_M_HEIGHT, GV_LHFA, "length_height"},
		  {PROMPT_M_HEAD, GV_HCFA, "head"}, {PROMPT_M_MUAC, GV_ACFA, "arm"}};
	int any = 0;
	prompt_buf_putc(b, '[');
	for (size_t i = 0; i < f->child->nv; i++) {
		unsigned bm = prompt_facts_bad_measures(f, i);
		for (int j = 0; j < 4; j++) {
			if (!(bm & m[j].bit))
				continue;
			int first = 1;
			double val = raw_value(&f->child->v[i], m[j].ind);
			if (any)
				prompt_buf_putc(b, ',');
			any = 1;
			prompt_buf_putc(b, '{');
			jint(b, "visit", (long long)i + 1, &first);
			jstr(b, "measurement", m[j].name, &first);
			jnum(b, "value", val, prompt_measure_decimals(m[j].ind, val), &first);
			jstr(b, "unit", ind_unit_text(m[j].ind), &first);
			jkey(b, "rules", &first);
			prompt_buf_putc(b, '[');
			int rf = 1;
			for (size_t k = 0; k < f->nflags; k++) {
				const gv_flag *g = &f->flags[k];
				if (g->category != GV_CAT_IMPLAUSIBLE_VALUE || g->visit != i)
					continue;
				int hit = measure_bit(g->indicator) == m[j].bit ||
					  (strcmp(g->rule, "weight_height_swapped") == 0 && m[j].bit <= PROMPT_M_HEIGHT) ||
					  (strncmp(g->rule, "biv_", 4) == 0 && f->res[i].ind[m[j].ind].status == GV_OK &&
					   f->res[i].ind[m[j].ind].biv);
				if (!hit)
					continue;
				if (!rf)
					prompt_buf_putc(b, ',');
				rf = 0;
				prompt_buf_json_str(b, g->rule, strlen(g->rule));
			}
			prompt_buf_puts(b, "]}");
		}
	}
	prompt_buf_putc(b, ']');
}

static void write_json(prompt_buf *b, const prompt_facts *f, const prompt_options *o, const prompt *p)
{
	prompt_buf sc = PROMPT_BUF_INIT;
	const gv_patient *pt = &f->child->p;
	const gv_options *g = &f->fo.growth;
	int first = 1;
	prompt_buf_putc(b, '{');
	jstr(b, "template", PROMPT_TEMPLATE_ID, &first);
	jint(b, "template_version", PROMPT_TEMPLATE_VERSION, &first);
	jstr(b, "audience", prompt_audience_name(o->audience), &first);
	jint(b, "word_limit", o->word_limit, &first);
	jstr(b, "rules", f->fo.rules == GV_RULES_WHO ? "who" : "us", &first);
	jstr(b, "chart_policy", policy_name(g->policy), &first);
	jnum(b, "preterm_weeks", g->preterm_weeks, g->preterm_weeks == floor(g->preterm_weeks) ? 0 : 1, &first);
	jnum(b, "correct_until_months", g->correct_until_months,
	     g->correct_until_months == floor(g->correct_until_months) ? 0 : 1, &first);
	jstr(b, "instructions", prompt_buf_str(&p->system), &first);
	prompt_buf_reset(&sc);
	expand(&sc, tpl.task, o);
	jstr(b, "task", prompt_buf_str(&sc), &first);

	jkey(b, "child", &first);
	int cf = 1;
	prompt_buf_putc(b, '{');
	jstr(b, "sex", pt->sex == GV_MALE ? "male" : pt->sex == GV_FEMALE ? "female" : "unknown", &cf);
	if (pt->ga_weeks > 0) {
		prompt_buf_reset(&sc);
		prompt_buf_int(&sc, pt->ga_weeks);
		prompt_buf_putc(&sc, '+');
		prompt_buf_int(&sc, pt->ga_days);
		jstr(b, "gestational_age", prompt_buf_str(&sc), &cf);
	} else {
		jstr(b, "gestational_age", NULL, &cf);
	}
	jbool(b, "preterm", is_preterm(f), &cf);
	if (o->today != PROMPT_NO_DATE && o->today >= pt->birth_date)
		jage(b, &sc, "age_today", pt->birth_date, o->today, &cf);
	jnum(b, "midparental_target_cm", f->target_cm, 1, &cf);
	jnum(b, "midparental_target_z", f->target_z, 2, &cf);
	prompt_buf_putc(b, '}');

	jkey(b, "visits", &first);
	json_visits(b, &sc, f, o);

	jkey(b, "chart_switches", &first);
	prompt_buf_putc(b, '[');
	size_t at[8], ns = f->sex_known ? prompt_facts_switches(f, at, 8) : 0;
	for (size_t s = 0; s < ns && s < 8; s++) {
		size_t i = at[s], j = i;
		while (j-- > 0)
			if (f->res[j].ref != GV_REF_NONE && any_scored(&f->res[j]))
				break;
		int sf = 1;
		if (s)
			prompt_buf_putc(b, ',');
		prompt_buf_putc(b, '{');
		jstr(b, "from", refs_ref_name(f->res[j].ref), &sf);
		jstr(b, "to", refs_ref_name(f->res[i].ref), &sf);
		jint(b, "last_visit_before", (long long)j + 1, &sf);
		jint(b, "first_visit_after", (long long)i + 1, &sf);
		prompt_buf_putc(b, '}');
	}
	prompt_buf_putc(b, ']');

	jkey(b, "trends", &first);
	prompt_buf_putc(b, '[');
	int tf = 1;
	for (int k = 0; k < GV_NIND && f->sex_known; k++) {
		prompt_trend t;
		if (!(o->indicators & (1u << k)) || prompt_facts_trend(f, (gv_ind)k, &t) != GV_OK)
			continue;
		int ef = 1;
		if (!tf)
			prompt_buf_putc(b, ',');
		tf = 0;
		prompt_buf_putc(b, '{');
		jstr(b, "indicator", refs_ind_name((gv_ind)k), &ef);
		jstr(b, "reference", refs_ref_name(t.ref), &ef);
		jint(b, "from_visit", (long long)t.from + 1, &ef);
		jint(b, "to_visit", (long long)t.to + 1, &ef);
		jnum(b, "z_from", t.z_from, 2, &ef);
		jnum(b, "z_to", t.z_to, 2, &ef);
		jint(b, "lines_crossed", t.lines, &ef);
		jstr(b, "trend", prompt_trend_word(t.dir), &ef);
		prompt_buf_putc(b, '}');
	}
	prompt_buf_putc(b, ']');

	jkey(b, "flags", &first);
	json_flags(b, &sc, f, o);
	jkey(b, "implausible", &first);
	json_implausible(b, f);
	prompt_buf_putc(b, '}');
	prompt_buf_free(&sc);
}

/* ================================================================== entry point */

gv_status prompt_build(const prompt_facts *f, const prompt_options *o, int want_json, prompt *p)
{
	prompt_options def;
	if (!o) {
		prompt_default_options(&def);
		o = &def;
	}
	if (!f || !f->child || !p || prompt_check_options(o) != GV_OK)
		return GV_EINVAL;
	prompt_buf_reset(&p->system);
	prompt_buf_reset(&p->user);
	prompt_buf_reset(&p->text);
	prompt_buf_reset(&p->json);
	expand(&p->system, tpl.system[o->audience], o);
	write_user(&p->user, f, o);
	prompt_buf_put(&p->text, prompt_buf_str(&p->system), p->system.len);
	prompt_buf_puts(&p->text, "\n\n");
	prompt_buf_put(&p->text, prompt_buf_str(&p->user), p->user.len);
	if (want_json)
		write_json(&p->json, f, o, p);
	if (p->system.oom || p->user.oom || p->text.oom || p->json.oom)
		return GV_ENOMEM;
	return GV_OK;
}
