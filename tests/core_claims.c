/* core_claims.c — the claim checker: extraction of every example of claims.h and issue #14 from
 * real sentences (type, quote, what it states, negation, hedging, ties), each verdict rule at the
 * edges of its tolerance on hand-made children whose z-scores are checked by hand, the other
 * bases a wrong number matches, omitted flags, hostile input; and the development set
 * (tests/data/claims/dev/) with its per-type figures, which must stay at or above those reported. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/claims.h"
#include "core/lms.h"
#include "core/refs.h"
#include "core/synth.h"
#include "core/traj.h"

#define S(lit) lit, sizeof(lit) - 1

/* ================================================================== extraction helpers */

typedef struct want {
	claim_type type;
	const char *quote;  /* exact quote */
	const char *stated; /* NULL: not checked */
	unsigned attr;      /* CLAIM_A_* bits that must be set */
} want;

static const gv_claim *find_quote(const claims_result *r, const char *text, claim_type type, const char *quote)
{
	size_t ql = strlen(quote);
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		if (c->type == type && c->end - c->start == ql && memcmp(text + c->start, quote, ql) == 0)
			return c;
	}
	return NULL;
}

static void dump(const claims_result *r, const char *text)
{
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		print_message("  %-10s [%.*s] stated '%s' %s\n", claims_type_name(c->type), (int)(c->end - c->start),
			      text + c->start, c->stated, claims_verdict_name(c->verdict));
	}
}

/* Every wanted claim is found with its exact quote, what it states and its attributes. */
static void expect(const char *text, const want *w, size_t n)
{
	claims_result r;
	assert_int_equal(claims_extract(text, strlen(text), &r), GV_OK);
	for (size_t i = 0; i < n; i++) {
		const gv_claim *c = find_quote(&r, text, w[i].type, w[i].quote);
		if (!c) {
			dump(&r, text);
			fail_msg("\"%s\": no %s claim quoting \"%s\"", text, claims_type_name(w[i].type), w[i].quote);
		}
		if (w[i].stated && strcmp(c->stated, w[i].stated) != 0) {
			dump(&r, text);
			fail_msg("\"%s\": %s \"%s\" states \"%s\", want \"%s\"", text, claims_type_name(w[i].type), w[i].quote,
				 c->stated, w[i].stated);
		}
		if ((c->attr & w[i].attr) != w[i].attr)
			fail_msg("\"%s\": \"%s\" attr %#x, want bits %#x", text, w[i].quote, c->attr, w[i].attr);
		assert_int_equal(c->verdict, CLAIM_UNVERIFIABLE);
	}
	claims_free(&r);
}

/* No claim of type t (CLAIM_NTYPES: none at all) is found. */
static void expect_none(const char *text, claim_type t)
{
	claims_result r;
	assert_int_equal(claims_extract(text, strlen(text), &r), GV_OK);
	for (size_t i = 0; i < r.n; i++)
		if (t == CLAIM_NTYPES || r.claims[i].type == t) {
			dump(&r, text);
			fail_msg("\"%s\": unexpected %s claim", text, claims_type_name(r.claims[i].type));
		}
	claims_free(&r);
}

#define EXPECT(text, ...)                                                                                          \
	do {                                                                                                       \
		static const want w_[] = {__VA_ARGS__};                                                            \
		expect(text, w_, sizeof w_ / sizeof w_[0]);                                                        \
	} while (0)

/* ================================================================== extraction */

static void test_extract_values(void **state)
{
	(void)state;
	EXPECT("She weighs 9.8 kg and her length is 74 cm.", {CLAIM_VALUE, "9.8 kg", "9.8 kg", 0},
	       {CLAIM_VALUE, "74 cm", "74 cm", 0});
	EXPECT("BMI 19.2 today.", {CLAIM_VALUE, "19.2", "19.2 kg/m2", 0});
	EXPECT("His BMI is 19.2 kg/m2.", {CLAIM_VALUE, "19.2 kg/m2", "19.2 kg/m2", 0});
	EXPECT("She now weighs 18.5 pounds.", {CLAIM_VALUE, "18.5 pounds", "18.5 lb", 0});
	EXPECT("Weight 18 lb 6 oz.", {CLAIM_VALUE, "18 lb 6 oz", "18 lb 6 oz", 0});
	EXPECT("He is 3 ft 2 in tall.", {CLAIM_VALUE, "3 ft 2 in", "3 ft 2 in", 0});
	EXPECT("Head 44 cm.", {CLAIM_VALUE, "44 cm", "44 cm", 0});
	EXPECT("MUAC 135 mm at this visit.", {CLAIM_VALUE, "135 mm", "135 mm", 0});
	EXPECT("Birth weight was 3250 g.", {CLAIM_VALUE, "3250 g", "3250 g", 0});
	EXPECT("Birth weight 3,300 g.", {CLAIM_VALUE, "3,300 g", "3300 g", 0});
	EXPECT("Her BMI is 125% of the 95th percentile.", {CLAIM_VALUE, "125% of the 95th percentile", "125% of P95", 0});
	EXPECT("He is 41 inches tall, about 104 cm.", {CLAIM_VALUE, "41 inches", "41 in", 0},
	       {CLAIM_VALUE, "about 104 cm", "~104 cm", 0});
	EXPECT("Height 1.12 m.", {CLAIM_VALUE, "1.12 m", "1.12 m", 0});
	EXPECT("Weight is just under 10 kg.", {CLAIM_VALUE, "just under 10 kg", "<10 kg", 0});
	/* indicators: from the unit, the words before it, the words after it */
	claims_result r;
	const char *t = "Head circumference 44 cm, length 74 cm, MUAC 13.5 cm; 46 cm head circumference.";
	assert_int_equal(claims_extract(t, strlen(t), &r), GV_OK);
	assert_int_equal(find_quote(&r, t, CLAIM_VALUE, "44 cm")->ind, GV_HCFA);
	assert_int_equal(find_quote(&r, t, CLAIM_VALUE, "74 cm")->ind, GV_LHFA);
	assert_int_equal(find_quote(&r, t, CLAIM_VALUE, "13.5 cm")->ind, GV_ACFA);
	assert_int_equal(find_quote(&r, t, CLAIM_VALUE, "46 cm")->ind, GV_HCFA);
	assert_string_equal(find_quote(&r, t, CLAIM_VALUE, "44 cm")->unit, "cm");
	claims_free(&r);
}

static void test_extract_changes(void **state)
{
	(void)state;
	EXPECT("She has gained 2 kg since 9 months.", {CLAIM_TREND, "gained 2 kg", "+2 kg", CLAIM_A_TIME},
	       /* a span's start is not an age claim */);
	expect_none("She has gained 2 kg since 9 months.", CLAIM_AGE);
	EXPECT("He grew 6 cm over the past year.", {CLAIM_TREND, "grew 6 cm", "+6 cm", 0});
	EXPECT("She is gaining 150 g/week.", {CLAIM_TREND, "gaining 150 g/week", "+150 g/week", 0});
	EXPECT("Height velocity 5.2 cm per year.", {CLAIM_TREND, "velocity 5.2 cm per year", "+5.2 cm/year", 0});
	EXPECT("She lost 8% of her birth weight.", {CLAIM_TREND, "lost 8% of her birth weight", "-8% of birth weight", 0});
	/* "grew to 74 cm" is a value, not a change */
	EXPECT("She grew to 74 cm.", {CLAIM_VALUE, "74 cm", "74 cm", 0});
}

static void test_extract_ages(void **state)
{
	(void)state;
	EXPECT("At 18 months she weighed 10.2 kg.", {CLAIM_AGE, "At 18 months", "18 months", CLAIM_A_TIME});
	EXPECT("She was seen at his 5-year check.", {CLAIM_AGE, "at his 5-year check", "5 years", 0});
	EXPECT("He was walking by 2 years.", {CLAIM_AGE, "by 2 years", "2 years", 0});
	EXPECT("A 4-year-old boy.", {CLAIM_AGE, "4-year-old boy", "4 years", 0});
	EXPECT("Born at 32 weeks, she is now 9 months old.", {CLAIM_AGE, "Born at 32 weeks", "32 weeks", 0});
	EXPECT("He was born at term.", {CLAIM_AGE, "born at term", "term", 0});
	EXPECT("At 2 years 3 months she measured 88 cm.", {CLAIM_AGE, "At 2 years 3 months", "27 months", 0});
	EXPECT("At 6 months corrected age she weighed 6 kg.", {CLAIM_AGE, "At 6 months corrected age", "6 months corrected",
											CLAIM_A_CORRECTED});
	EXPECT("Born at 34+3 weeks' gestation.", {CLAIM_AGE, "Born at 34+3 weeks' gestation", "34.4 weeks", 0});
	/* times ahead and spans are not age claims */
	expect_none("Recheck her weight in 3 months.", CLAIM_AGE);
	expect_none("Review at the next visit.", CLAIM_AGE);
	expect_none("Weight has been steady between 6 and 12 months.", CLAIM_AGE);
	expect_none("WHO charts are used until 24 months.", CLAIM_AGE);
}

static void test_extract_percentiles(void **state)
{
	(void)state;
	EXPECT("Weight is at the 3rd percentile.", {CLAIM_PERCENTILE, "at the 3rd percentile", "P3", 0});
	EXPECT("Height is below the 5th centile.", {CLAIM_PERCENTILE, "below the 5th centile", "<P5", 0});
	EXPECT("Head circumference P97.", {CLAIM_PERCENTILE, "P97", "P97", 0});
	EXPECT("Her BMI is at the 90th.", {CLAIM_PERCENTILE, "at the 90th", "P90", 0});
	EXPECT("Length between the 25th and 50th.", {CLAIM_PERCENTILE, "between the 25th and 50th", "P25-P50", 0});
	EXPECT("Weight on the 25th-50th centile.", {CLAIM_PERCENTILE, "on the 25th-50th centile", "P25-P50", 0});
	EXPECT("Head >P97.", {CLAIM_PERCENTILE, ">P97", ">P97", 0});
	EXPECT("Weight 6.950 kg (z -0.85, P19.8).", {CLAIM_PERCENTILE, "P19.8", "P19.8", 0},
	       {CLAIM_Z, "z -0.85", "z -0.85", 0}, {CLAIM_VALUE, "6.950 kg", "6.950 kg", 0});
	EXPECT("She is around the 20th percentile.", {CLAIM_PERCENTILE, "around the 20th percentile", "~P20", 0});
	EXPECT("Her weight fell from the 50th to the 10th percentile.", {CLAIM_PERCENTILE, "the 50th", "P50", CLAIM_A_PAST},
	       {CLAIM_PERCENTILE, "the 10th percentile", "P10", 0});
	/* indicators: the value it follows, "for weight" after it, the word before it */
	claims_result r;
	const char *t = "Length 74 cm (50th percentile). She is at the 10th percentile for weight. BMI is at the 80th "
			"percentile.";
	assert_int_equal(claims_extract(t, strlen(t), &r), GV_OK);
	assert_int_equal(find_quote(&r, t, CLAIM_PERCENTILE, "50th percentile")->ind, GV_LHFA);
	assert_int_equal(find_quote(&r, t, CLAIM_PERCENTILE, "at the 10th percentile")->ind, GV_WFA);
	assert_int_equal(find_quote(&r, t, CLAIM_PERCENTILE, "at the 80th percentile")->ind, GV_BFA);
	claims_free(&r);
	/* not percentiles: ordinals of other things */
	expect_none("Her 2nd birthday was in March; this is the 3rd visit.", CLAIM_PERCENTILE);
}

static void test_extract_z(void **state)
{
	(void)state;
	EXPECT("Weight-for-length z of \xe2\x88\x92" "2.1.", {CLAIM_Z, "z of \xe2\x88\x92" "2.1", "z -2.1", 0});
	EXPECT("Length z-score \xe2\x88\x92" "2.59.", {CLAIM_Z, "z-score \xe2\x88\x92" "2.59", "z -2.59", 0});
	EXPECT("Height at \xe2\x88\x92" "2 SD.", {CLAIM_Z, "at \xe2\x88\x92" "2 SD", "z -2", 0});
	EXPECT("Height SDS +1.4.", {CLAIM_Z, "SDS +1.4", "z 1.4", 0});
	EXPECT("WAZ -1.3 at 9 months.", {CLAIM_Z, "WAZ -1.3", "z -1.3", 0});
	EXPECT("Her length is 2 SD below the mean.", {CLAIM_Z, "2 SD below the mean", "z -2", 0});
	EXPECT("Weight z \xe2\x80\x93" "1.2.", {CLAIM_Z, "z \xe2\x80\x93" "1.2", "z -1.2", 0});
	EXPECT("BMI more than 2 standard deviations above the median.",
	       {CLAIM_Z, "more than 2 standard deviations above the median", "z > 2", 0});
	EXPECT("Weight z-scores of -1.2 and -1.5.", {CLAIM_Z, "z-scores of -1.2", "z -1.2", 0}, {CLAIM_Z, "-1.5", "z -1.5", 0});
	claims_result r;
	const char *t = "WAZ -1.3, HAZ -0.4, BAZ +0.8.";
	assert_int_equal(claims_extract(t, strlen(t), &r), GV_OK);
	assert_int_equal(find_quote(&r, t, CLAIM_Z, "WAZ -1.3")->ind, GV_WFA);
	assert_int_equal(find_quote(&r, t, CLAIM_Z, "HAZ -0.4")->ind, GV_LHFA);
	assert_int_equal(find_quote(&r, t, CLAIM_Z, "BAZ +0.8")->ind, GV_BFA);
	claims_free(&r);
}

static void test_extract_categories(void **state)
{
	(void)state;
	EXPECT("He is obese.", {CLAIM_CATEGORY, "obese", "obesity", 0});
	EXPECT("She has class 2 obesity.", {CLAIM_CATEGORY, "class 2 obesity", "severe_obesity 2", 0});
	EXPECT("Severe obesity is present.", {CLAIM_CATEGORY, "Severe obesity", "severe_obesity", 0});
	EXPECT("He is overweight.", {CLAIM_CATEGORY, "overweight", "overweight", 0});
	EXPECT("She is underweight.", {CLAIM_CATEGORY, "underweight", "underweight", 0});
	EXPECT("He is stunted.", {CLAIM_CATEGORY, "stunted", "stunting", 0});
	EXPECT("Stunting is present.", {CLAIM_CATEGORY, "Stunting", "stunting", 0});
	EXPECT("She has short stature.", {CLAIM_CATEGORY, "short stature", "short_stature", 0});
	EXPECT("He is short for his age.", {CLAIM_CATEGORY, "short for his age", "short_stature", 0});
	EXPECT("She is wasted.", {CLAIM_CATEGORY, "wasted", "wasting", 0});
	EXPECT("Signs of wasting.", {CLAIM_CATEGORY, "wasting", "wasting", 0});
	EXPECT("This is failure to thrive.", {CLAIM_CATEGORY, "failure to thrive", "failure_to_thrive", 0});
	EXPECT("Faltering growth.", {CLAIM_CATEGORY, "Faltering growth", "failure_to_thrive", 0});
	EXPECT("Microcephaly.", {CLAIM_CATEGORY, "Microcephaly", "microcephaly", 0});
	EXPECT("Macrocephaly.", {CLAIM_CATEGORY, "Macrocephaly", "macrocephaly", 0});
	EXPECT("Rapid weight gain in infancy.", {CLAIM_CATEGORY, "Rapid weight gain", "rapid_weight_gain", 0});
	EXPECT("Normal growth.", {CLAIM_CATEGORY, "Normal growth", "normal growth", 0});
	EXPECT("Healthy growth overall.", {CLAIM_CATEGORY, "Healthy growth", "normal growth", 0});
	EXPECT("She is a healthy weight.", {CLAIM_CATEGORY, "healthy weight", "healthy weight", 0});
	EXPECT("No flags.", {CLAIM_CATEGORY, "No flags", "no flags", 0});
	EXPECT("No moderate or severe growth flags are open.",
	       {CLAIM_CATEGORY, "No moderate or severe growth flags", "no flags", 0});
	EXPECT("Thinness on the WHO 2007 chart.", {CLAIM_CATEGORY, "Thinness", "thinness", 0});
	/* negation */
	EXPECT("There are no signs of obesity.", {CLAIM_CATEGORY, "obesity", "no obesity", CLAIM_A_NEGATED});
	EXPECT("She is not underweight.", {CLAIM_CATEGORY, "underweight", "no underweight", CLAIM_A_NEGATED});
	EXPECT("He does not meet criteria for failure to thrive.",
	       {CLAIM_CATEGORY, "failure to thrive", "no failure_to_thrive", CLAIM_A_NEGATED});
	EXPECT("No stunting, wasting or microcephaly.", {CLAIM_CATEGORY, "stunting", "no stunting", CLAIM_A_NEGATED},
	       {CLAIM_CATEGORY, "wasting", "no wasting", CLAIM_A_NEGATED},
	       {CLAIM_CATEGORY, "microcephaly", "no microcephaly", CLAIM_A_NEGATED});
	EXPECT("Obesity was ruled out.", {CLAIM_CATEGORY, "Obesity", "no obesity", CLAIM_A_NEGATED});
	EXPECT("He isn't overweight.", {CLAIM_CATEGORY, "overweight", "no overweight", CLAIM_A_NEGATED});
	/* hedging */
	EXPECT("Possible obesity.", {CLAIM_CATEGORY, "obesity", "possible obesity", CLAIM_A_HEDGED});
	EXPECT("She is at risk of overweight.", {CLAIM_CATEGORY, "overweight", "possible overweight", CLAIM_A_HEDGED});
	EXPECT("Borderline stunting.", {CLAIM_CATEGORY, "stunting", "possible stunting", CLAIM_A_HEDGED});
	/* not claims about the child */
	expect_none("Obesity is defined as a BMI at or above the 95th percentile.", CLAIM_NTYPES);
	expect_none("Monitor for obesity.", CLAIM_CATEGORY);
	expect_none("Counselling to prevent obesity.", CLAIM_CATEGORY);
	expect_none("Tests to rule out failure to thrive.", CLAIM_CATEGORY);
	expect_none("Most children regain their birth weight by 2 weeks.", CLAIM_NTYPES);
	expect_none("Refer if she falls below the 3rd percentile.", CLAIM_PERCENTILE);
	expect_none("If weight drops below the 2nd centile, refer.", CLAIM_PERCENTILE);
}

static void test_extract_trends(void **state)
{
	(void)state;
	EXPECT("Her weight has been steady.", {CLAIM_TREND, "steady", "steady", 0});
	EXPECT("Length is tracking well.", {CLAIM_TREND, "tracking", "steady", 0});
	EXPECT("She followed the same curve.", {CLAIM_TREND, "followed the same curve", "steady", 0});
	EXPECT("Weight is rising.", {CLAIM_TREND, "rising", "rising", 0});
	EXPECT("He shows catch-up growth.", {CLAIM_TREND, "catch-up growth", "rising", 0});
	EXPECT("Weight is falling.", {CLAIM_TREND, "falling", "falling", 0});
	EXPECT("Weight is dropping.", {CLAIM_TREND, "dropping", "falling", 0});
	EXPECT("Weight has crossed two percentile lines downward.",
	       {CLAIM_TREND, "crossed two percentile lines downward", "crossed 2 lines down", 0});
	EXPECT("Weight fell across two major centile lines.",
	       {CLAIM_TREND, "fell across two major centile lines", "crossed 2 lines down", 0});
	EXPECT("Her weight has plateaued.", {CLAIM_TREND, "plateaued", "plateau", 0});
	EXPECT("Weight has been steady, tracking the 50th percentile.", {CLAIM_TREND, "steady, tracking", "steady", 0});
	EXPECT("No major percentile lines crossed.", {CLAIM_TREND, "No major percentile lines crossed", "steady", 0});
	EXPECT("Weight steady (no major percentile line crossed).",
	       {CLAIM_TREND, "steady (no major percentile line crossed", "steady", 0});
	EXPECT("Weight is not falling.", {CLAIM_TREND, "falling", "not falling", CLAIM_A_NEGATED});
	/* the indicator: the trend's clause, the sentence, growth as a whole */
	claims_result r;
	const char *t = "Weight is steady. Growth has been steady overall.";
	assert_int_equal(claims_extract(t, strlen(t), &r), GV_OK);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.claims[0].ind, GV_WFA);
	assert_true(r.claims[1].attr & CLAIM_A_GENERIC);
	claims_free(&r);
	/* "consistent with" and "falls below" are not trends */
	expect_none("A pattern consistent with constitutional delay.", CLAIM_TREND);
	expect_none("Her BMI falls below the 5th percentile.", CLAIM_TREND);
}

static void test_extract_basis_advice(void **state)
{
	(void)state;
	EXPECT("Plotted on the WHO chart.", {CLAIM_BASIS, "WHO chart", "who", 0});
	EXPECT("On the CDC charts.", {CLAIM_BASIS, "CDC charts", "cdc2000", 0});
	EXPECT("WHO 2006 standards.", {CLAIM_BASIS, "WHO 2006 standards", "who2006", 0});
	EXPECT("Percentiles use corrected age.", {CLAIM_BASIS, "corrected age", "corrected age", 0});
	EXPECT("Chronological age was used.", {CLAIM_BASIS, "Chronological age", "chronological age", 0});
	EXPECT("Adjusted for prematurity.", {CLAIM_BASIS, "Adjusted for prematurity", "corrected age", 0});
	expect_none("A child who is growing.", CLAIM_BASIS);
	EXPECT("Refer to a dietitian.", {CLAIM_ADVICE, "Refer to a dietitian", "refer", 0});
	EXPECT("Recheck in 3 months.", {CLAIM_ADVICE, "Recheck in 3 months", "recheck in 3 months", 0});
	EXPECT("Check thyroid function.", {CLAIM_ADVICE, "thyroid", "tests", 0});
	EXPECT("No follow-up needed.", {CLAIM_ADVICE, "No follow-up needed", "no follow-up needed", 0});
	EXPECT("Nothing needs follow-up.", {CLAIM_ADVICE, "Nothing needs follow-up", NULL, 0});
	EXPECT("Continue routine well-child care.", {CLAIM_ADVICE, "routine well-child care", "routine care", 0});
}

static void test_extract_hostile(void **state)
{
	(void)state;
	/* invalid UTF-8, NUL bytes, control characters, a number at the very end, an unfinished word */
	static const char t[] = "Weight \xff\xfe 9.8 kg\0 at \x1b[31m18 months, P3\xe2\x88";
	claims_result r;
	assert_int_equal(claims_extract(t, sizeof t - 1, &r), GV_OK);
	const gv_claim *c = find_quote(&r, t, CLAIM_VALUE, "9.8 kg");
	assert_non_null(c);
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.claims[i].end <= sizeof t - 1 && r.claims[i].start < r.claims[i].end);
	claims_free(&r);
	/* every prefix of a sentence: never past len (ASan checks the reads) */
	const char *s = "At 18 months, weight 9.8 kg (z \xe2\x88\x92" "0.42, 34th percentile), between the 25th and 50th.";
	for (size_t n = 0; n <= strlen(s); n++) {
		char *b = malloc(n ? n : 1);
		memcpy(b, s, n);
		assert_int_equal(claims_extract(b, n, &r), GV_OK);
		for (size_t i = 0; i < r.n; i++)
			assert_true(r.claims[i].end <= n);
		claims_free(&r);
		free(b);
	}
	assert_int_equal(claims_extract(NULL, 0, &r), GV_OK);
	assert_int_equal(r.n, 0);
	claims_free(&r);
	claims_free(NULL);
}

static void test_names(void **state)
{
	(void)state;
	for (int t = 0; t < CLAIM_NTYPES; t++)
		assert_int_equal(claims_type_parse(claims_type_name((claim_type)t)), t);
	for (int v = 0; v < CLAIM_NVERDICTS; v++)
		assert_int_equal(claims_verdict_parse(claims_verdict_name((claim_verdict)v)), v);
	assert_int_equal(claims_type_parse("values"), CLAIM_NTYPES);
	assert_string_equal(claims_ind_name(GV_WFLH), "wflh");
	assert_string_equal(claims_ind_name(GV_NIND), "");
	assert_string_equal(claims_ref_name(GV_CDC2000), "cdc2000");
	assert_string_equal(claims_ref_name(GV_REF_NONE), "");
	assert_string_equal(claims_basis_name(CLAIM_B_LB_AS_KG), "lb_as_kg");
	assert_string_equal(claims_trend_name(CLAIM_T_PLATEAU), "plateau");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract_values),
		cmocka_unit_test(test_extract_changes),
		cmocka_unit_test(test_extract_ages),
		cmocka_unit_test(test_extract_percentiles),
		cmocka_unit_test(test_extract_z),
		cmocka_unit_test(test_extract_categories),
		cmocka_unit_test(test_extract_trends),
		cmocka_unit_test(test_extract_basis_advice),
		cmocka_unit_test(test_extract_hostile),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
