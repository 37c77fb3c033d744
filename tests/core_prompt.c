/* core_prompt.c — the growth-summary prompt: number writers against printf, ages against the
 * calendar, JSON strings, options, the facts (implausible values, trends, velocities, switches),
 * and the whole prompt of hand-checked children (tests/tu_summary.h says where each number comes
 * from), in chat and JSON form. */
#include "tests/tu_summary.h"

/* ------------------------------------------------------------------ helpers */

static char out[1 << 16];

/* Run a writer into a fresh buffer and copy its text to `out`. */
#define WRITE(call)                                         \
	do {                                                \
		prompt_buf b_ = PROMPT_BUF_INIT;            \
		prompt_buf *b = &b_;                        \
		call;                                       \
		assert_false(b_.oom);                       \
		snprintf(out, sizeof out, "%s", prompt_buf_str(&b_)); \
		prompt_buf_free(&b_);                       \
	} while (0)

static uint64_t lcg = 88172645463325252u;

static double rnd(void)
{
	lcg ^= lcg << 13;
	lcg ^= lcg >> 7;
	lcg ^= lcg << 17;
	return (double)(lcg >> 11) * (1.0 / 9007199254740992.0);
}

/* ------------------------------------------------------------------ numbers */

/* printf's "%.*f", with a result that rounds to zero written without its sign. */
static void ref_fixed(char *buf, size_t n, double v, int dec)
{
	snprintf(buf, n, "%.*f", dec, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

static void check_fixed(double v, int dec)
{
	char want[64];
	ref_fixed(want, sizeof want, v, dec);
	WRITE(prompt_buf_fixed(b, v, dec));
	if (strcmp(out, want) != 0)
		fail_msg("fixed(%.17g, %d) = \"%s\", printf says \"%s\"", v, dec, out, want);
}

static void test_fixed_matches_printf(void **state)
{
	(void)state;
	/* known ties and near-ties: 2.675 is 2.67499999..., 0.125 is exact (tie to even: 0.12),
	 * 0.375 -> 0.38, 1.5 -> 2, 2.5 -> 2 (even), 1e-7 -> 0.00, -0.0049 -> 0.00 (no sign) */
	static const struct {
		double v;
		int dec;
		const char *s;
	} t[] = {
		{2.675, 2, "2.67"}, {0.125, 2, "0.12"}, {0.375, 2, "0.38"}, {1.5, 0, "2"}, {2.5, 0, "2"},
		{1e-7, 2, "0.00"}, {-0.0049, 2, "0.00"}, {-0.005, 2, "-0.01"}, {99.995, 2, "100.00"}, /* 99.99500000000000455 */
		{9.9995, 3, "9.999"}, {9.9996, 3, "10.000"}, {-1.235, 2, "-1.24"}, {0, 0, "0"}, {-0.0, 1, "0.0"},
		{123456789.125, 2, "123456789.12"}, {0.5, 0, "0"}, {-0.5, 0, "0"}, {-1.5, 0, "-2"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		WRITE(prompt_buf_fixed(b, t[i].v, t[i].dec));
		assert_string_equal(out, t[i].s);
		check_fixed(t[i].v, t[i].dec);
	}
	WRITE(prompt_buf_fixed(b, NAN, 2));
	assert_string_equal(out, "-");
	WRITE(prompt_buf_fixed(b, INFINITY, 2));
	assert_string_equal(out, "-");
	WRITE(prompt_buf_fixed(b, 1e15, 2));
	assert_string_equal(out, "huge");
	WRITE(prompt_buf_fixed(b, -2e20, 2));
	assert_string_equal(out, "-huge");
	/* random values of every size, and exact binary ties k / 2^m, which printf rounds to even */
	for (int i = 0; i < 200000; i++) {
		int dec = (int)(rnd() * 7);
		double mag = pow(10, rnd() * 12 - 4);
		check_fixed((rnd() - 0.5) * 2 * mag, dec);
		double tie = floor(rnd() * 100000) / pow(2, 1 + (int)(rnd() * 8));
		check_fixed(rnd() < 0.5 ? tie : -tie, dec);
	}
	/* every two-decimal value from -30 to 30 written with 1 decimal (the x.x5 near-ties) */
	for (int k = -3000; k <= 3000; k++)
		check_fixed(k / 100.0, 1);
}

static void test_z_pct_measure(void **state)
{
	(void)state;
	static const struct {
		double z;
		const char *s;
	} zt[] = {{1.234, "+1.23"}, {-0.4, "-0.40"}, {-0.004, "+0.00"}, {0, "+0.00"}, {-2.005, "-2.00"}, {12.345, "+12.35"}};
	for (size_t i = 0; i < sizeof zt / sizeof zt[0]; i++) {
		WRITE(prompt_buf_z(b, zt[i].z));
		assert_string_equal(out, zt[i].s);
	}
	WRITE(prompt_buf_z(b, NAN));
	assert_string_equal(out, "-");
	/* percentiles: ui/fmt.h fmt_pct's edges (2 decimals below 0.95 and from 99.05) */
	static const struct {
		double p;
		const char *s;
	} pt[] = {
		{0.0049999, "<0.01"}, {0.005, "0.01"}, {0.07, "0.07"}, {0.9499, "0.95"}, {0.95, "0.9"}, {10.94, "10.9"},
		{50, "50.0"}, {99.0499, "99.0"}, {99.05, "99.05"}, {99.62, "99.62"}, {99.994999, "99.99"},
		{99.995, ">99.99"}, {100, ">99.99"},
	};
	for (size_t i = 0; i < sizeof pt / sizeof pt[0]; i++) {
		WRITE(prompt_buf_pct(b, pt[i].p));
		if (strcmp(out, pt[i].s) != 0)
			fail_msg("pct(%.9g) = %s, want %s", pt[i].p, out, pt[i].s);
	}
	assert_int_equal(prompt_pct_decimals(0.9499), 2);
	assert_int_equal(prompt_pct_decimals(0.95), 1);
	assert_int_equal(prompt_pct_decimals(99.0499), 1);
	assert_int_equal(prompt_pct_decimals(99.05), 2);
	/* measurements: ui/fmt.h fmt_measure, metric */
	WRITE(prompt_buf_measure(b, GV_WFA, 5.6));
	assert_string_equal(out, "5.600 kg");
	WRITE(prompt_buf_measure(b, GV_WFA, 9.99949));
	assert_string_equal(out, "9.999 kg");
	WRITE(prompt_buf_measure(b, GV_WFA, 10));
	assert_string_equal(out, "10.00 kg");
	WRITE(prompt_buf_measure(b, GV_WFLH, 12.345)); /* 12.34500000000000064 */
	assert_string_equal(out, "12.35 kg");
	WRITE(prompt_buf_measure(b, GV_WFA, 2.675)); /* 2.67499999999999982 */
	assert_string_equal(out, "2.675 kg");
	WRITE(prompt_buf_measure(b, GV_LHFA, 58));
	assert_string_equal(out, "58.0 cm");
	WRITE(prompt_buf_measure(b, GV_HCFA, 44.25)); /* exact tie: to even */
	assert_string_equal(out, "44.2 cm");
	WRITE(prompt_buf_measure(b, GV_BFA, 16.25));
	assert_string_equal(out, "16.2 kg/m2");
	WRITE(prompt_buf_measure(b, GV_TSFA, 7.5));
	assert_string_equal(out, "7.5 mm");
	WRITE(prompt_buf_measure(b, GV_ACFA, NAN));
	assert_string_equal(out, "-");
	WRITE(prompt_buf_int(b, -9223372036854775807LL - 1));
	assert_string_equal(out, "-9223372036854775808");
	/* velocities: per month under 24 months, per year from 24 months for weight and height */
	traj_vel v = {97, 1.2, 1.2 / (97 / 30.4375), 1.2 / (97 / 365.25)};
	WRITE(prompt_buf_velocity(b, GV_WFA, &v, 273));
	assert_string_equal(out, "+0.38 kg/month");
	WRITE(prompt_buf_velocity(b, GV_WFA, &v, 731));
	assert_string_equal(out, "+4.52 kg/year");
	traj_vel h = {368, 7.0, 7.0 / (368 / 30.4375), 7.0 / (368 / 365.25)};
	WRITE(prompt_buf_velocity(b, GV_LHFA, &h, 1464));
	assert_string_equal(out, "+6.9 cm/year");
	WRITE(prompt_buf_velocity(b, GV_HCFA, &h, 1464));
	assert_string_equal(out, "+0.58 cm/month");
	/* the switch to per year is at 731 days (24 months of 30.4375 days) */
	WRITE(prompt_buf_velocity(b, GV_WFA, &v, 730));
	assert_string_equal(out, "+0.38 kg/month");
	WRITE(prompt_buf_velocity(b, GV_LHFA, &h, 730));
	assert_string_equal(out, "+0.58 cm/month");
	WRITE(prompt_buf_velocity(b, GV_LHFA, &h, 731));
	assert_string_equal(out, "+6.9 cm/year");
	traj_vel l = {30, -0.1, -0.1, -1.2};
	WRITE(prompt_buf_velocity(b, GV_WFA, &l, 100));
	assert_string_equal(out, "-0.10 kg/month");
}

/* ------------------------------------------------------------------ ages */

static void test_ages(void **state)
{
	(void)state;
	static const struct {
		int y1, m1, d1, y2, m2, d2;
		const char *c, *w;
		int months;
	} t[] = {
		{2020, 1, 31, 2020, 2, 29, "29d", "29 days", 0},       /* one month not reached on 29 Feb */
		{2020, 1, 31, 2020, 3, 30, "1m 30d", "1 month", 1},    /* 29 Feb + 30 days */
		{2020, 1, 31, 2020, 3, 31, "2m 0d", "2 months", 2},
		{2019, 8, 20, 2021, 1, 19, "1y 4m", "1 year 4 months", 16},
		{2020, 3, 15, 2022, 3, 20, "2y 0m", "2 years", 24},
		{2023, 1, 10, 2023, 1, 11, "1d", "1 day", 0},
		{2023, 1, 10, 2023, 1, 10, "0d", "0 days", 0},
		{2023, 3, 7, 2023, 1, 10, "-56d", "before term", -1},  /* corrected age before term */
		{2020, 2, 29, 2021, 2, 28, "11m 30d", "11 months", 11}, /* born on a leap day */
		{2020, 2, 29, 2021, 3, 1, "1y 0m", "1 year", 12},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int32_t a = age_days_from_civil(t[i].y1, t[i].m1, t[i].d1), b2 = age_days_from_civil(t[i].y2, t[i].m2, t[i].d2);
		WRITE(prompt_buf_age(b, a, b2));
		if (strcmp(out, t[i].c) != 0)
			fail_msg("case %zu: age %s, want %s", i, out, t[i].c);
		WRITE(prompt_buf_age_words(b, a, b2));
		if (strcmp(out, t[i].w) != 0)
			fail_msg("case %zu: words %s, want %s", i, out, t[i].w);
		assert_int_equal(prompt_age_months(a, b2), t[i].months);
	}
	/* term date of 32+0 weeks born 2023-01-10: + (280 - 224) days = 2023-03-07 */
	assert_int_equal(prompt_term_date(age_days_from_civil(2023, 1, 10), 32, 0), age_days_from_civil(2023, 3, 7));
}

/* ------------------------------------------------------------------ JSON strings and words */

static void test_json_strings(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} t[] = {
		{"plain", 5, "\"plain\""},
		{"a\"b\\c", 5, "\"a\\\"b\\\\c\""},
		{"\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\""},
		{"\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\""},
		{"nul\0x", 5, "\"nul\\u0000x\""},
		{"caf\xc3\xa9 \xe2\x88\x92" "2", 10, "\"caf\xc3\xa9 \xe2\x88\x92" "2\""}, /* UTF-8 kept: e-acute, minus */
		{"bad\xff\xc3", 5, "\"bad\\ufffd\\ufffd\""},                        /* not UTF-8 */
		{"\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""},                    /* a surrogate */
		{"/", 1, "\"/\""},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		WRITE(prompt_buf_json_str(b, t[i].in, t[i].n));
		assert_string_equal(out, t[i].want);
		assert_true(tu_json_valid(out, strlen(out)));
	}
	assert_int_equal(prompt_count_words("", 0), 0);
	assert_int_equal(prompt_count_words("  one\ttwo\n three  ", 18), 3);
	assert_int_equal(prompt_count_words("a\0b", 3), 1); /* NUL is no space */
	assert_int_equal(prompt_count_words("z -1.23, P4.5.", 14), 3);
	/* the checker itself refuses what is not JSON */
	assert_false(tu_json_valid("{\"a\":01}", 8));
	assert_false(tu_json_valid("{\"a\":1,}", 8));
	assert_false(tu_json_valid("\"a\x01\"", 4));
	assert_false(tu_json_valid("[1] [2]", 7));
	assert_true(tu_json_valid("{\"a\":[1,-0.5,true,null,\"\\u00e9\"]}", 33));
}

/* ------------------------------------------------------------------ options */

static void test_options(void **state)
{
	(void)state;
	prompt_options o;
	prompt_default_options(&o);
	assert_int_equal(o.audience, GV_AUD_CLINICIAN);
	assert_int_equal(o.word_limit, 150);
	assert_int_equal(o.indicators, PROMPT_IND_ALL);
	assert_int_equal(o.today, PROMPT_NO_DATE);
	assert_int_equal(o.dates, 0);
	assert_int_equal(prompt_check_options(&o), GV_OK);
	assert_string_equal(prompt_audience_name(GV_AUD_CLINICIAN), "clinician");
	assert_string_equal(prompt_audience_name(GV_AUD_FAMILY), "family");
	assert_string_equal(prompt_audience_name(GV_AUD_COUNT), "");
	gv_audience a = GV_AUD_CLINICIAN;
	assert_int_equal(prompt_audience_parse("family", &a), GV_OK);
	assert_int_equal(a, GV_AUD_FAMILY);
	assert_int_equal(prompt_audience_parse("Family", &a), GV_EINVAL);
	assert_int_equal(prompt_audience_parse(NULL, &a), GV_EINVAL);
	o.word_limit = PROMPT_WORDS_MIN - 1;
	assert_int_equal(prompt_check_options(&o), GV_EINVAL);
	o.word_limit = PROMPT_WORDS_MIN;
	assert_int_equal(prompt_check_options(&o), GV_OK);
	o.word_limit = PROMPT_WORDS_MAX;
	assert_int_equal(prompt_check_options(&o), GV_OK);
	o.word_limit = PROMPT_WORDS_MAX + 1;
	assert_int_equal(prompt_check_options(&o), GV_EINVAL);
	o.word_limit = 150;
	o.indicators = 1u << GV_NIND;
	assert_int_equal(prompt_check_options(&o), GV_EINVAL);
	o.indicators = 1u << GV_WFA;
	assert_int_equal(prompt_check_options(&o), GV_OK);
	o.audience = GV_AUD_COUNT;
	assert_int_equal(prompt_check_options(&o), GV_EINVAL);
	assert_int_equal(prompt_check_options(NULL), GV_EINVAL);
	assert_string_equal(PROMPT_TEMPLATE_ID, "growth-summary");
	assert_int_equal(PROMPT_TEMPLATE_VERSION, 1);
}

/* ------------------------------------------------------------------ the hand-checked children */

static const char child_b_user[] =
	"Growth record of one child (template growth-summary v1).\n"
	"Child: boy, born at 39+2 weeks.\n"
	"Charts: US rules (CDC/AAP cut-offs); WHO 2006 standards under 24 months, CDC 2000 charts from 24 months; age corrected for prematurity (born before 37 weeks) until 24 months of age.\n"
	"Mid-parental target height: 179.0 cm (z +0.30 on CDC 2000 stature-for-age at 20 years).\n"
	"Target range: 170.5 cm to 187.5 cm (target -/+ 8.5 cm, Tanner 1970).\n"
	"Projected adult height: 177.2 cm (the length/height z +0.05 of visit 4 carried to 20 years on CDC 2000 "
	"stature-for-age; a projection along the centile, not a prediction).\n"
	"Visits: 4, oldest first. Each measurement: the value as recorded, its z-score and percentile on the visit's chart (LMS method unless another is named), and the velocity since the previous plausible value.\n"
	"Visit 1: age 1y 6m, WHO 2006.\n"
	"  weight 11.00 kg: z +0.04, P51.8.\n"
	"  length 81.0 cm: z -0.48, P31.6.\n"
	"  BMI 16.8 kg/m2: z +0.48, P68.5.\n"
	"  head circumference 47.0 cm: z -0.28, P38.8.\n"
	"  weight-for-length: z +0.40, P65.7.\n"
	"Visit 2: age 2y 0m, CDC 2000.\n"
	"  weight 12.50 kg: z -0.14, P44.4; +2.95 kg/year since visit 1.\n"
	"  height 87.0 cm: z +0.12, P54.9; +11.8 cm/year since visit 1.\n"
	"  BMI 16.5 kg/m2: z -0.04, P48.4; 85.5% of the 95th percentile.\n"
	"  weight-for-height: z -0.04, P48.5.\n"
	"Visit 3: age 3y 0m, CDC 2000.\n"
	"  weight 14.20 kg: z -0.08, P46.7; +1.72 kg/year since visit 2.\n"
	"  height 95.5 cm: z +0.14, P55.5; +8.6 cm/year since visit 2.\n"
	"  BMI 15.6 kg/m2: z -0.40, P34.5; 85.2% of the 95th percentile.\n"
	"  weight-for-height: z -0.31, P37.7.\n"
	"Visit 4: age 4y 0m, CDC 2000.\n"
	"  weight 16.00 kg: z -0.13, P44.8; +1.79 kg/year since visit 3.\n"
	"  height 102.5 cm: z +0.05, P52.1; +6.9 cm/year since visit 3.\n"
	"  BMI 15.2 kg/m2: z -0.38, P35.3; 85.4% of the 95th percentile.\n"
	"  weight-for-height: z -0.30, P38.1.\n"
	"Chart switch: WHO 2006 up to visit 1 (age 1y 6m), CDC 2000 from visit 2 (age 2y 0m); z-scores on different charts are not directly comparable.\n"
	"Trends (plausible values on the chart of the latest one; steady = at most one major percentile line crossed):\n"
	"- weight-for-age: steady, z -0.14 at visit 2 (age 2y 0m) to -0.13 at visit 4 (age 4y 0m) on CDC 2000, 0 major percentile lines crossed (lines P5 P10 P25 P50 P75 P90 P95).\n"
	"- length/height-for-age: steady, z +0.12 at visit 2 (age 2y 0m) to +0.05 at visit 4 (age 4y 0m) on CDC 2000, 0 major percentile lines crossed (lines P5 P10 P25 P50 P75 P90 P95).\n"
	"- BMI-for-age: steady, z -0.04 at visit 2 (age 2y 0m) to -0.38 at visit 4 (age 4y 0m) on CDC 2000, 0 major percentile lines crossed (lines P5 P10 P25 P50 P75 P90 P95).\n"
	"- weight-for-length/height: steady, z -0.04 at visit 2 (age 2y 0m) to -0.30 at visit 4 (age 4y 0m) on CDC 2000, 0 major percentile lines crossed (lines P5 P10 P25 P50 P75 P90 P95).\n"
	"Height velocity: 6.9 cm/year from visit 3 to visit 4 (368 days); not below 5.5 cm/year, the threshold for "
	"concern at 2-4 years.\n"
	"Flags: none.\n"
	"Implausible values: none.\n"
	"Task: write the summary for a clinician, at most 150 words.\n";

static const char clinician_system[] =
	"You summarise one child's growth for a clinician. Use only the facts in the user message: every "
	"number you state (measurement, z-score, percentile, velocity, age) must appear there, and every "
	"category (such as failure to thrive, obesity, short stature or microcephaly) must come from the "
	"listed flags. Name the growth chart (WHO or CDC) and the age basis: corrected age for a child born "
	"preterm while it applies. Mention every flag of severity moderate or severe. Values marked "
	"IMPLAUSIBLE need checking: do not base a category or a trend on them. Give no advice beyond "
	"clinical review of the flagged findings. Write plain prose of at most 150 words, without headings "
	"or lists.";

static void build(const gv_child *c, const prompt_options *o, int json, prompt_facts *f, prompt *p)
{
	assert_int_equal(prompt_facts_compute(f, c, NULL), GV_OK);
	assert_int_equal(prompt_build(f, o, json, p), GV_OK);
}

static void test_child_b_chat(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[4];
	tu_child_b(&c, v);
	prompt_facts f;
	prompt p;
	prompt_facts_init(&f);
	prompt_init(&p);
	build(&c, NULL, 0, &f, &p);
	assert_string_equal(prompt_buf_str(&p.user), child_b_user);
	assert_string_equal(prompt_buf_str(&p.system), clinician_system);
	/* the canonical bytes: system, a blank line, user */
	assert_int_equal(p.text.len, p.system.len + 2 + p.user.len);
	assert_memory_equal(p.text.s, p.system.s, p.system.len);
	assert_memory_equal(p.text.s + p.system.len, "\n\n", 2);
	assert_memory_equal(p.text.s + p.system.len + 2, p.user.s, p.user.len);
	assert_int_equal(p.json.len, 0); /* not asked for */

	/* the family prompt: other instructions and task, the same facts */
	prompt_options o;
	prompt_default_options(&o);
	o.audience = GV_AUD_FAMILY;
	o.word_limit = 90;
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_non_null(strstr(p.system.s, "You explain one child's growth to the child's family."));
	assert_non_null(strstr(p.system.s, "Write at most 90 words"));
	assert_null(strstr(p.system.s, "{words}"));
	assert_non_null(strstr(p.user.s, "Task: write the summary for the child's family, at most 90 words.\n"));
	size_t facts_len = strlen(child_b_user) - strlen("Task: write the summary for a clinician, at most 150 words.\n");
	assert_memory_equal(p.user.s, child_b_user, facts_len);

	/* today: the age is given (no correction for a term child) */
	prompt_default_options(&o);
	o.today = age_days_from_civil(2025, 1, 1);
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_non_null(strstr(p.user.s, "\nAge today: 4y 9m.\n"));
	prompt_free(&p);
	prompt_facts_free(&f);
}

static void test_child_a_preterm(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[4];
	tu_child_a(&c, v);
	prompt_facts f;
	prompt p;
	prompt_facts_init(&f);
	prompt_init(&p);
	build(&c, NULL, 0, &f, &p);
	const char *u = p.user.s;
	static const char *const lines[] = {
		"\nChild: girl, born preterm at 32+0 weeks.\n",
		"\nMid-parental target height: unknown (a parent's height is not recorded).\n",
		/* born 32+0: birth size on INTERGROWTH-21st Newborn Size (its very preterm reference), the
		 * visits at PMA 44+2 and 57+1 weeks on the INTERGROWTH-21st preterm postnatal standard, then
		 * WHO 2006 by corrected age (before issue 16 visit 1 was "not scored (corrected age before
		 * term)" and visits 2-3 were on WHO 2006) */
		"\nVisit 1: age 0d, corrected -56d, gestational age 32+0 weeks, INTERGROWTH-21st newborn size.\n"
		"  note: birth size before 33+0 weeks: the INTERGROWTH-21st very preterm reference, not a standard.\n"
		"  weight 1.700 kg: z +0.17, P56.8 (INTERGROWTH-21st equations).\n",
		"Visit 2: age 2m 27d, corrected 30d, postmenstrual age 44+2 weeks, INTERGROWTH-21st preterm postnatal growth.\n"
		"  weight 3.900 kg: z -0.23, P40.9 (INTERGROWTH-21st equations); +0.78 kg/month since visit 1.\n",
		"  weight-for-length: z +0.38, P64.9 (INTERGROWTH-21st equations).\n",
		"\nVisit 4: age 9m 0d, corrected 7m 3d, WHO 2006.\n"
		"  weight 7.200 kg: z -0.54, P29.6; +0.38 kg/month since visit 3.\n"
		"  length 66.5 cm: z -0.42, P33.6; +1.73 cm/month since visit 3.\n",
		"\nPreterm charts: size at birth is scored for gestational age on the INTERGROWTH-21st newborn size",
		"\nChart switch: INTERGROWTH-21st preterm postnatal growth up to visit 3 (age 5m 25d, corrected 3m 28d, "
		"postmenstrual age 57+1 weeks), WHO 2006 from visit 4",
		"\nTrends: none (fewer than two plausible visits on one chart).\n",
		"\nFlags: none.\nImplausible values: none.\n",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(u, lines[i]))
			fail_msg("missing from the prompt:\n%s\n--- prompt:\n%s", lines[i], u);
	/* today at 14 months: corrected while under 24 months */
	prompt_options o;
	prompt_default_options(&o);
	o.today = age_days_from_civil(2024, 3, 10);
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_non_null(strstr(p.user.s, "\nAge today: 1y 2m (corrected 1y 0m).\n"));
	o.today = age_days_from_civil(2025, 3, 10); /* 26 months: no longer corrected */
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_non_null(strstr(p.user.s, "\nAge today: 2y 2m.\n"));
	o.today = age_days_from_civil(2022, 3, 10); /* before birth: left out */
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_null(strstr(p.user.s, "Age today"));
	prompt_free(&p);
	prompt_facts_free(&f);
}

static void test_child_c_implausible_and_flags(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[4];
	tu_child_c(&c, v);
	prompt_facts f;
	prompt p;
	prompt_facts_init(&f);
	prompt_init(&p);
	build(&c, NULL, 1, &f, &p);
	const char *u = p.user.s;
	static const char *const lines[] = {
		/* the unit error is marked, and no velocity is built on it nor on the visit after it */
		"\n  weight 17.20 kg: z +8.67, P>99.99 (WHO restricted z beyond 3 SD); IMPLAUSIBLE: check this value; not used for "
		"categories or trends.\n",
		"\n  BMI 39.5 kg/m2: z +12.35, P>99.99 (WHO restricted z beyond 3 SD); IMPLAUSIBLE: check this value; not used for "
		"categories or trends.\n",
		"\n  weight-for-length: z +12.10, P>99.99 (WHO restricted z beyond 3 SD); IMPLAUSIBLE: check this value; not used "
		"for categories or trends.\n",
		/* 9.0 cm in 122 days: 2.245 cm/month */
		"\n  length 66.0 cm: z -0.77, P22.1; +2.25 cm/month since visit 2.\n",
		/* 4.2 kg in 304 days from visit 2 (visit 3 is implausible): 0.4205 kg/month */
		"\n  weight 9.400 kg: z -0.24, P40.7; +0.42 kg/month since visit 2.\n",
		/* microcephaly: both rules, the engine's detail without dates ("since visit 1") */
		"\nFlags: 2 (severity: info < moderate < severe).\n- moderate, microcephaly: microcephaly [rule hcfa_below_m2sd: z < -2; "
		"applies: WHO 2006 and CDC 2000 head charts; source: Ashwal S et al., Neurology 2009;73:887; WHO Zika guidance "
		"2016] at visit 3 (age 6m 0d), since visit 1. Detail: microcephaly, age 6m 0d: head circumference-for-age 40.0 cm "
		"z -2.74 P0.31; met at 2 visits since visit 1 [z < -2].\n",
		"\n- severe, microcephaly: severe microcephaly [rule hcfa_below_m3sd: z < -3;",
		"\nImplausible values: 1 (check these values; they are not used for categories or trends).\n"
		"- check, implausible_value: pounds entered as kilograms? [rule weight_lb_as_kg:",
		/* the trend of weight skips the unit error */
		"\n- weight-for-age: steady, z +0.11 at visit 1 (age 0d) to -0.24 at visit 4 (age 1y 0m) on WHO 2006, 1 major "
		"percentile line crossed downward",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(u, lines[i]))
			fail_msg("missing from the prompt:\n%s\n--- prompt:\n%s", lines[i], u);
	assert_null(strstr(u, "2021-")); /* no dates unless asked for */
	/* JSON: valid, and the implausible value listed with its rule */
	assert_true(tu_json_valid(p.json.s, p.json.len));
	assert_non_null(strstr(p.json.s, "\"implausible\":[{\"visit\":3,\"measurement\":\"weight\",\"value\":17.20,\"unit\":\"kg\","
					 "\"rules\":[\"weight_lb_as_kg\"]}]"));
	assert_non_null(strstr(p.json.s, "{\"indicator\":\"wfa\",\"name\":\"weight\",\"value\":17.20,\"unit\":\"kg\",\"status\":null,"
					 "\"z\":8.67,\"percentile\":100.00,\"percentile_text\":\">99.99\",\"table\":\"who2006_wfa\","
					 "\"method\":\"who_restricted\",\"implausible\":true}"));
	assert_non_null(strstr(p.json.s, "\"rule\":\"hcfa_below_m3sd\",\"label\":\"severe microcephaly\",\"category\":"
					 "\"microcephaly\",\"severity\":\"severe\",\"visit\":2,\"date_from_visit\":2,\"indicator\":"
					 "\"hcfa\",\"value\":35.0,\"z\":-3.53,\"percentile\":0.02,"));
	/* with dates */
	prompt_options o;
	prompt_default_options(&o);
	o.dates = 1;
	assert_int_equal(prompt_build(&f, &o, 1, &p), GV_OK);
	assert_non_null(strstr(p.user.s, "\nVisit 1 (2021-06-01): age 0d, WHO 2006.\n"));
	assert_non_null(strstr(p.user.s, "met at 2 visits since 2021-06-01 [z < -2]"));
	assert_non_null(strstr(p.json.s, "{\"visit\":1,\"date\":\"2021-06-01\",\"age\":\"0d\","));
	assert_true(tu_json_valid(p.json.s, p.json.len));
	/* only weight: no length lines, no length trend; flags still whole */
	prompt_default_options(&o);
	o.indicators = 1u << GV_WFA;
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_OK);
	assert_null(strstr(p.user.s, "  length "));
	assert_null(strstr(p.user.s, "  head circumference "));
	assert_null(strstr(p.user.s, "- length/height-for-age"));
	assert_non_null(strstr(p.user.s, "  weight 9.400 kg"));
	assert_non_null(strstr(p.user.s, "- severe, microcephaly"));
	prompt_free(&p);
	prompt_facts_free(&f);
}

static void test_child_b_json(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[4];
	tu_child_b(&c, v);
	prompt_facts f;
	prompt p;
	prompt_facts_init(&f);
	prompt_init(&p);
	build(&c, NULL, 1, &f, &p);
	const char *j = p.json.s;
	assert_true(tu_json_valid(j, p.json.len));
	assert_memory_equal(j, "{\"template\":\"growth-summary\",\"template_version\":1,\"audience\":\"clinician\",\"word_limit\":150,"
			       "\"rules\":\"us\",\"chart_policy\":\"auto\",\"preterm_weeks\":37,\"correct_until_months\":24,"
			       "\"instructions\":\"You summarise one child",
			    170);
	static const char *const parts[] = {
		"\"task\":\"Task: write the summary for a clinician, at most 150 words.\"",
		"\"child\":{\"sex\":\"male\",\"gestational_age\":\"39+2\",\"preterm\":false,\"midparental_target_cm\":179.0,"
		"\"midparental_target_z\":0.30}",
		"{\"visit\":2,\"age\":\"2y 0m\",\"age_days\":735,\"corrected_age\":null,\"corrected_age_days\":null,"
		"\"reference\":\"cdc2000\",\"status\":null,\"warnings\":[],\"oedema\":false,\"measurements\":[{\"indicator\":\"wfa\","
		"\"name\":\"weight\",\"value\":12.50,\"unit\":\"kg\",\"status\":null,\"z\":-0.14,\"percentile\":44.4,"
		"\"percentile_text\":\"44.4\",\"table\":\"cdc2000_wtage\",\"method\":\"lms\",\"implausible\":false,"
		"\"velocity\":{\"since_visit\":1,\"rate\":2.95,\"unit\":\"kg/year\"}}",
		"{\"indicator\":\"bfa\",\"name\":\"BMI\",\"value\":16.5,\"unit\":\"kg/m2\",\"status\":null,\"z\":-0.04,\"percentile\":48.4,"
		"\"percentile_text\":\"48.4\",\"table\":\"cdc2000_bmiagerev\",\"method\":\"lms\",\"implausible\":false,"
		"\"bmi_pct_p95\":85.5}",
		"\"chart_switches\":[{\"from\":\"who2006\",\"to\":\"cdc2000\",\"last_visit_before\":1,\"first_visit_after\":2}]",
		"\"trends\":[{\"indicator\":\"wfa\",\"reference\":\"cdc2000\",\"from_visit\":2,\"to_visit\":4,\"z_from\":-0.14,"
		"\"z_to\":-0.13,\"lines_crossed\":0,\"trend\":\"steady\"}",
		"\"flags\":[],\"implausible\":[]}",
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!strstr(j, parts[i]))
			fail_msg("missing from the JSON:\n%s\n--- JSON:\n%s", parts[i], j);
	/* the instructions are the system message, escaped */
	prompt_buf want = PROMPT_BUF_INIT;
	prompt_buf_json_str(&want, p.system.s, p.system.len);
	assert_non_null(strstr(j, want.s));
	prompt_buf_free(&want);
	prompt_free(&p);
	prompt_facts_free(&f);
}

/* ------------------------------------------------------------------ the facts */

static void test_facts(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	prompt_facts f;
	prompt_facts_init(&f);
	assert_int_equal(prompt_facts_compute(&f, NULL, NULL), GV_EINVAL);
	assert_int_equal(prompt_facts_compute(NULL, &c, NULL), GV_EINVAL);

	/* child C: the weight in pounds makes weight, BMI and weight-for-length of visit 3 implausible */
	tu_child_c(&c, v);
	assert_int_equal(prompt_facts_compute(&f, &c, NULL), GV_OK);
	assert_true(f.sex_known);
	assert_int_equal(f.nflags, 3);
	assert_int_equal(prompt_facts_bad_measures(&f, 2), PROMPT_M_WEIGHT);
	assert_false(prompt_facts_ok(&f, 2, GV_WFA));
	assert_false(prompt_facts_ok(&f, 2, GV_BFA));
	assert_false(prompt_facts_ok(&f, 2, GV_WFLH));
	assert_true(prompt_facts_ok(&f, 2, GV_LHFA));
	assert_true(prompt_facts_ok(&f, 2, GV_HCFA));
	assert_true(prompt_facts_ok(&f, 3, GV_WFA));
	assert_int_equal(prompt_facts_bad_measures(&f, 3), 0);
	assert_int_equal(prompt_facts_last_ok(&f, GV_WFA), 3);
	assert_int_equal(f.last, 3);
	assert_true(isnan(f.target_cm));
	/* velocity of weight at visit 4 comes from visit 2 (visit 3 is implausible): 4.2 kg in 304 days */
	traj_vel vel;
	size_t prev = 99;
	assert_int_equal(prompt_facts_velocity(&f, 3, GV_WFA, &vel, &prev), GV_OK);
	assert_int_equal(prev, 1);
	tu_near(vel.per_month, 4.2 / (304 / 30.4375), 1e-12, "weight velocity");
	assert_int_equal(prompt_facts_velocity(&f, 2, GV_WFA, &vel, &prev), GV_MISSING);
	assert_int_equal(prompt_facts_velocity(&f, 0, GV_WFA, &vel, &prev), GV_MISSING);
	assert_int_equal(prompt_facts_velocity(&f, 3, GV_BFA, &vel, &prev), GV_EINVAL);
	/* trend of head circumference: birth to 1 year, z -2.73 -> -2.00: lines P2 (-2) crossed up: 1 */
	prompt_trend t;
	assert_int_equal(prompt_facts_trend(&f, GV_HCFA, &t), GV_OK);
	assert_int_equal(t.from, 0);
	assert_int_equal(t.to, 3);
	assert_int_equal(t.lines, 1);
	assert_int_equal(t.dir, 0);
	assert_int_equal(t.lineset, TRAJ_LINES_CDC_WHO);
	assert_string_equal(prompt_trend_word(t.dir), "steady");
	assert_string_equal(prompt_trend_word(-1), "falling");
	assert_string_equal(prompt_trend_word(1), "rising");
	assert_int_equal(prompt_facts_visit_on(&f, c.v[1].date, GV_HCFA), 1);
	assert_int_equal(prompt_facts_visit_on(&f, c.v[1].date + 1, GV_HCFA), PROMPT_NONE);
	size_t at[2];
	assert_int_equal(prompt_facts_switches(&f, at, 2), 0);

	/* child B: a switch at visit 2, a target height */
	tu_child_b(&c, v);
	assert_int_equal(prompt_facts_compute(&f, &c, NULL), GV_OK);
	assert_int_equal(f.nflags, 0);
	assert_int_equal(prompt_facts_switches(&f, at, 2), 1);
	assert_int_equal(at[0], 1);
	tu_near(f.target_cm, 179.0, 1e-12, "target");
	tu_near(f.target_z, 0.3016, 5e-5, "target z (CDC stature at 240 months)");
	/* the trend of weight-for-age starts after the switch: WHO and CDC z are not one scale */
	assert_int_equal(prompt_facts_trend(&f, GV_WFA, &t), GV_OK);
	assert_int_equal(t.from, 1);
	assert_int_equal(t.ref, GV_CDC2000);
	assert_int_equal(prompt_facts_trend(&f, GV_HCFA, &t), GV_MISSING); /* one head only */
	assert_string_equal(prompt_ind_words(&f, 0, GV_LHFA), "length");
	assert_string_equal(prompt_ind_words(&f, 1, GV_LHFA), "height");
	assert_string_equal(prompt_ind_words(&f, 0, GV_WFLH), "weight-for-length");
	assert_string_equal(prompt_ind_words(&f, 1, GV_WFLH), "weight-for-height");
	/* the same child under WHO rules: WHO 2006 to 60 months, target on WHO 2007 at 19 years */
	gv_flag_options wo;
	flags_default_options(&wo, GV_RULES_WHO);
	assert_int_equal(prompt_facts_compute(&f, &c, &wo), GV_OK);
	assert_int_equal(prompt_facts_switches(&f, at, 2), 0);
	assert_int_equal(f.res[3].ref, GV_WHO2006);
	assert_true(isfinite(f.target_z) && fabs(f.target_z - 0.3016) > 0.01);
	prompt p;
	prompt_init(&p);
	assert_int_equal(prompt_build(&f, NULL, 0, &p), GV_OK);
	assert_non_null(strstr(p.user.s, "\nCharts: WHO rules (WHO cut-offs); WHO 2006 standards to 60 months, WHO 2007 reference "
					  "from 61 months; age corrected"));
	assert_non_null(strstr(p.user.s, " on WHO 2007 height-for-age at 19 years).\n"));
	/* the trend window: 28 days apart at least */
	gv_visit w[2] = {tu_visit(2024, 1, 1, 3.5, 50, 'L', NAN), tu_visit(2024, 1, 28, 4.2, 53, 'L', NAN)};
	gv_child n;
	memset(&n, 0, sizeof n);
	record_patient_init(&n.p);
	n.p.sex = GV_FEMALE;
	n.p.birth_date = age_days_from_civil(2024, 1, 1);
	n.v = w;
	n.nv = 2;
	assert_int_equal(prompt_facts_compute(&f, &n, NULL), GV_OK);
	assert_int_equal(prompt_facts_trend(&f, GV_LHFA, &t), GV_MISSING); /* 27 days */
	w[1].date++;
	assert_int_equal(prompt_facts_compute(&f, &n, NULL), GV_OK);
	assert_int_equal(prompt_facts_trend(&f, GV_LHFA, &t), GV_OK); /* 28 days */
	assert_int_equal(prompt_facts_trend(&f, GV_BFA, &t), GV_OK);

	/* two BIVs at one visit: the flag names the first (head), the arm is implausible too */
	gv_visit q[3] = {tu_visit(2024, 1, 1, 3.4, 50, 'L', 34.5), tu_visit(2024, 4, 1, 6.0, 61, 'L', 40.0),
			 tu_visit(2024, 7, 1, 7.6, 66, 'L', 43.0)};
	q[1].head_cm = 60.0; /* WHO z > +5 at 3 months */
	q[1].muac_cm = 30.0; /* WHO z > +5 */
	q[2].muac_cm = 14.5;
	n.v = q;
	n.nv = 3;
	assert_int_equal(prompt_facts_compute(&f, &n, NULL), GV_OK);
	assert_int_equal(f.res[1].ind[GV_HCFA].biv, 1);
	assert_int_equal(f.res[1].ind[GV_ACFA].biv, 1);
	assert_false(prompt_facts_ok(&f, 1, GV_HCFA));
	assert_false(prompt_facts_ok(&f, 1, GV_ACFA));
	assert_true(prompt_facts_ok(&f, 1, GV_WFA));
	assert_true(prompt_facts_ok(&f, 2, GV_ACFA));
	assert_int_equal(prompt_facts_bad_measures(&f, 1), PROMPT_M_HEAD | PROMPT_M_MUAC);
	prompt_free(&p);
	prompt_facts_free(&f);
}

/* A swapped weight and height: one flag, both values implausible. */
static void test_facts_swap(void **state)
{
	(void)state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth t;
	prompt_facts f;
	prompt_facts_init(&f);
	int found = 0;
	for (uint64_t i = 0; i < 4000 && found < 5; i++) {
		gv_child c;
		synth_child(&cfg, 7, i, &c, v, &t);
		if (t.kind != SYNTH_ERR_SWAP)
			continue;
		assert_int_equal(prompt_facts_compute(&f, &c, NULL), GV_OK);
		int flagged = 0;
		for (size_t j = 0; j < f.nflags; j++)
			flagged |= strcmp(f.flags[j].rule, "weight_height_swapped") == 0 && f.flags[j].visit == (size_t)t.first;
		if (!flagged)
			continue; /* the engine's business: not every swap is recognisable */
		found++;
		assert_int_equal(prompt_facts_bad_measures(&f, (size_t)t.first), PROMPT_M_WEIGHT | PROMPT_M_HEIGHT);
		for (int k = 0; k < GV_NIND; k++)
			if (k == GV_WFA || k == GV_LHFA || k == GV_BFA || k == GV_WFLH)
				assert_false(prompt_facts_ok(&f, (size_t)t.first, (gv_ind)k));
	}
	assert_true(found >= 1);
	prompt_facts_free(&f);
}

/* Unknown sex, no visits, a visit before birth. */
static void test_edge_children(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[4];
	prompt_facts f;
	prompt p;
	prompt_facts_init(&f);
	prompt_init(&p);
	tu_child_b(&c, v);
	c.p.sex = GV_SEX_UNKNOWN;
	build(&c, NULL, 1, &f, &p);
	assert_false(f.sex_known);
	assert_int_equal(f.nflags, 0);
	assert_int_equal(f.last, PROMPT_NONE);
	assert_non_null(strstr(p.user.s, "\nChild: sex not recorded. The growth charts are sex-specific, so no measurement is "
					  "scored and no flag is computed.\n"));
	assert_non_null(strstr(p.user.s, "\nVisit 2: age 2y 0m, not scored (sex unknown).\n  weight 12.50 kg.\n  height 87.0 cm.\n"));
	assert_null(strstr(p.user.s, "Flags"));
	assert_null(strstr(p.user.s, " z "));
	assert_true(tu_json_valid(p.json.s, p.json.len));
	assert_non_null(strstr(p.json.s, "\"sex\":\"unknown\""));

	c.nv = 0;
	c.p.sex = GV_FEMALE;
	build(&c, NULL, 1, &f, &p);
	assert_non_null(strstr(p.user.s, "\nVisits: none recorded.\nTrends: none (fewer than two plausible visits on one chart).\n"
					  "Flags: none.\nImplausible values: none.\nTask:"));
	assert_true(tu_json_valid(p.json.s, p.json.len));
	assert_non_null(strstr(p.json.s, "\"visits\":[],\"chart_switches\":[],\"trends\":[],\"flags\":[],\"implausible\":[]}"));

	tu_child_b(&c, v);
	v[0].date = c.p.birth_date - 3;
	build(&c, NULL, 1, &f, &p);
	assert_non_null(strstr(p.user.s, "\nVisit 1: dated before birth; not scored.\nVisit 2:"));
	assert_true(tu_json_valid(p.json.s, p.json.len));
	/* bad arguments */
	assert_int_equal(prompt_build(NULL, NULL, 0, &p), GV_EINVAL);
	assert_int_equal(prompt_build(&f, NULL, 0, NULL), GV_EINVAL);
	prompt_options o;
	prompt_default_options(&o);
	o.word_limit = 5;
	assert_int_equal(prompt_build(&f, &o, 0, &p), GV_EINVAL);
	prompt_facts empty;
	prompt_facts_init(&empty);
	assert_int_equal(prompt_build(&empty, NULL, 0, &p), GV_EINVAL);
	prompt_free(&p);
	prompt_facts_free(&f);
}

/* The same child gives the same bytes, whatever came before in the handles; every JSON payload of
 * a varied cohort is valid JSON, and every chat prompt valid UTF-8 without control characters
 * other than newlines. */
static void test_determinism_and_validity(void **state)
{
	(void)state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	prompt_facts f1, f2;
	prompt p1, p2;
	prompt_facts_init(&f1);
	prompt_facts_init(&f2);
	prompt_init(&p1);
	prompt_init(&p2);
	prompt_options o;
	prompt_default_options(&o);
	const int n = 1500;
	for (int i = 0; i < n; i++) {
		gv_child c;
		synth_child(&cfg, 3, (uint64_t)i, &c, v, NULL);
		o.audience = i % 2 ? GV_AUD_FAMILY : GV_AUD_CLINICIAN;
		o.dates = i % 3 == 0;
		build(&c, &o, 1, &f1, &p1);
		/* the second handle sees the children in another order (a different child first) */
		gv_child d;
		gv_visit w[SYNTH_MAX_VISITS];
		synth_child(&cfg, 3, (uint64_t)(n - 1 - i), &d, w, NULL);
		build(&d, &o, 1, &f2, &p2);
		build(&c, &o, 1, &f2, &p2);
		assert_int_equal(p1.text.len, p2.text.len);
		assert_memory_equal(p1.text.s, p2.text.s, p1.text.len);
		assert_int_equal(p1.json.len, p2.json.len);
		assert_memory_equal(p1.json.s, p2.json.s, p1.json.len);
		if (!tu_json_valid(p1.json.s, p1.json.len))
			fail_msg("child %d: invalid JSON:\n%s", i, p1.json.s);
		for (size_t k = 0; k < p1.text.len; k++)
			if ((unsigned char)p1.text.s[k] < 0x20 && p1.text.s[k] != '\n')
				fail_msg("child %d: control character in the prompt", i);
		if (!o.dates && strstr(p1.user.s, "-01-"))
			fail_msg("child %d: a date in a prompt without dates:\n%s", i, p1.user.s);
	}
	prompt_free(&p1);
	prompt_free(&p2);
	prompt_facts_free(&f1);
	prompt_facts_free(&f2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_matches_printf),
		cmocka_unit_test(test_z_pct_measure),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_child_b_chat),
		cmocka_unit_test(test_child_a_preterm),
		cmocka_unit_test(test_child_c_implausible_and_flags),
		cmocka_unit_test(test_child_b_json),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_facts_swap),
		cmocka_unit_test(test_edge_children),
		cmocka_unit_test(test_determinism_and_validity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
