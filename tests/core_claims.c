/* core_claims.c — the claim checker: extraction of every example of claims.h and issue #14 from
 * real sentences (type, quote, what it states, negation, hedging, ties), each verdict rule at the
 * edges of its tolerance on hand-made children whose z-scores are checked by hand, the other
 * bases a wrong number matches, omitted flags, hostile input; and the development set
 * (tests/data/claims/dev/) with its per-type figures, which must stay at or above those reported. */
#include "tests/testutil.h"

#include <dirent.h>

#include "tests/claims_dev.h"

#include "core/age.h"
#include "core/claims.h"
#include "core/flags.h"
#include "core/growth.h"
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
	/* weeks of gestation are a gestational age, not a postnatal age */
	EXPECT("She was born early, at 34 weeks, weighing 2.05 kg.", {CLAIM_AGE, "at 34 weeks", "34 weeks", 0});
	EXPECT("He arrived at 30 weeks' gestation.", {CLAIM_AGE, "arrived at 30 weeks' gestation", "30 weeks", 0});
	EXPECT("Ex-30/40 boy.", {CLAIM_AGE, "30/40", "30 weeks", 0});
	EXPECT("Born at 32+3/40.", {CLAIM_AGE, "Born at 32+3/40", "32.4 weeks", 0});
	EXPECT("A 30-weeker, now thriving.", {CLAIM_AGE, "30-weeker", "30 weeks", 0});
	EXPECT("Ex-32-weeker.", {CLAIM_AGE, "32-weeker", "32 weeks", 0});
	EXPECT("She was 30 weeks at birth.", {CLAIM_AGE, "30 weeks at birth", "30 weeks", 0});
	EXPECT("At 35 weeks PMA she weighed 2 kg.", {CLAIM_AGE, "At 35 weeks PMA", "35 weeks postmenstrual", 0});
	EXPECT("At term she weighed 3 kg.", {CLAIM_AGE, "At term", "40 weeks postmenstrual", 0});
	EXPECT("Girl, term (39 wk).", {CLAIM_AGE, "term", "term", 0});
	EXPECT("At 34 weeks she weighed 8 kg.", {CLAIM_AGE, "At 34 weeks", "7.8 months", 0}); /* no birth named */
	EXPECT("At 10 weeks old she weighed 5 kg.", {CLAIM_AGE, "At 10 weeks old", "2.3 months", 0});
	EXPECT("Born at term; at 30 weeks old she weighed 8 kg.", {CLAIM_AGE, "at 30 weeks old", "6.9 months", 0});
	EXPECT("At 6 months (4 months corrected) she weighed 6 kg.", {CLAIM_AGE, "4 months corrected", "4 months corrected", 0});
	expect_none("Plan long-term follow-up.", CLAIM_AGE);
	/* time words in every spelling */
	EXPECT("Aged 2½, she weighs 13 kg.", {CLAIM_AGE, "Aged 2½", "2.5 years", 0});
	EXPECT("At 4½ she weighed 16 kg.", {CLAIM_AGE, "At 4½", "4.5 years", 0});
	EXPECT("At two and a half she weighed 13 kg.", {CLAIM_AGE, "At two and a half", "2.5 years", 0});
	EXPECT("Weight 16.6 kg (P92) at 4.", {CLAIM_AGE, "at 4", "4 years", 0}, {CLAIM_VALUE, "16.6 kg", NULL, CLAIM_A_TIME},
	       {CLAIM_PERCENTILE, "P92", NULL, CLAIM_A_TIME});
	EXPECT("12 mo wt 8.09 kg.", {CLAIM_AGE, "12 mo", "12 months", 0}, {CLAIM_VALUE, "8.09 kg", NULL, CLAIM_A_TIME});
	EXPECT("3 y: 14.4 kg; 18m 10.2 kg.", {CLAIM_AGE, "3 y", "3 years", 0}, {CLAIM_AGE, "18m", "18 months", 0});
	EXPECT("At birth she weighed 3.3 kg.", {CLAIM_AGE, "At birth", "birth", 0});
	EXPECT("Since she was one her weight has tracked.", {CLAIM_TREND, "tracked", "steady", CLAIM_A_TIME});
	EXPECT("Aged twenty-four months.", {CLAIM_AGE, "Aged twenty-four months", "24 months", 0});
	EXPECT("When she was 5 she weighed 18 kg.", {CLAIM_AGE, "When she was 5", "5 years", 0});
	EXPECT("Seen at 12 and 15 months.", {CLAIM_AGE, "at 12", "12 months", 0}, {CLAIM_AGE, "15 months", "15 months", 0});
	EXPECT("Seen at 6, 9 and 12 months.", {CLAIM_AGE, "at 6", "6 months", 0}, {CLAIM_AGE, "9", "9 months", 0});
	EXPECT("Weight steady over 4-24 mo.", {CLAIM_AGE, "4-24 mo", "4-24 months", 0});
	/* a bare number that is not an age */
	expect_none("At 4 kg she was small.", CLAIM_AGE);
	expect_none("Her weight is at 2 SD below the mean.", CLAIM_AGE);
	expect_none("Height 1.12 m.", CLAIM_AGE);
	expect_none("BMI rose by 2.", CLAIM_AGE);
	expect_none("Her BMI peaked at 25.", CLAIM_AGE);
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
	/* advice its clause denies: nothing is needed */
	EXPECT("We don't think any follow-up is needed.", {CLAIM_ADVICE, "follow-up", "no follow-up needed", 0});
	EXPECT("No special follow-up is needed.", {CLAIM_ADVICE, "follow-up", "no follow-up needed", 0});
	EXPECT("There is nothing we need to follow up.", {CLAIM_ADVICE, "follow up", "no follow-up needed", 0});
	EXPECT("Follow-up is not necessary.", {CLAIM_ADVICE, "Follow-up is not necessary", "no follow-up needed", 0});
	EXPECT("If it falls, do not hesitate to come back.", {CLAIM_ADVICE, "come", "recheck", 0});
	EXPECT("We will review his growth again in a year.", {CLAIM_ADVICE, "review his growth again in a year",
										 "recheck in 12 months", 0});
	EXPECT("Weigh him in a couple of weeks.", {CLAIM_ADVICE, "Weigh him in a couple of weeks", "recheck in 0.46 months", 0});
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
	/* A number of grams beyond the range of long: the rounding shown was found by converting it
	 * to long, undefined behaviour (clang's UBSan in make asan-clang; found by
	 * tests/fuzz/fuzz_claims.c).  It is a value claim like any other. */
	const char *big = "Birth weight 111111111111111111111111111111111111111 g.";
	assert_int_equal(claims_extract(big, strlen(big), &r), GV_OK);
	c = find_quote(&r, big, CLAIM_VALUE, "111111111111111111111111111111111111111 g");
	assert_non_null(c);
	assert_string_equal(c->unit, "g");
	tu_near(c->stated_num, 1.11111111111111111e38, 1e24, "stated grams");
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

/* ================================================================== children */

typedef struct kid {
	gv_child c;
	gv_visit v[12];
} kid;

static void kid_init(kid *k, gv_sex sex, int y, int m, int d, int ga_weeks)
{
	memset(k, 0, sizeof *k);
	record_patient_init(&k->c.p);
	k->c.p.sex = sex;
	k->c.p.birth_date = age_days_from_civil(y, m, d);
	k->c.p.ga_weeks = ga_weeks;
	k->c.v = k->v;
}

static void kid_visit(kid *k, int day, double w, double h, double hc, char pos)
{
	gv_visit *v = &k->v[k->c.nv++];
	record_visit_init(v);
	v->date = k->c.p.birth_date + day;
	v->weight_kg = w;
	v->height_cm = h;
	v->head_cm = hc;
	v->position = pos;
}

/* The measurement at z on a table (the engine's inverse LMS, used to build children whose
 * z-scores are exact by construction; the z-scores themselves are checked by hand on ANA). */
static double at_z(ref_table_id t, gv_sex s, double x, double z)
{
	double v;
	assert_int_equal(growth_value_at(t, s, x, z, &v), GV_OK);
	return v;
}

/* The claim of type t quoting q in text, judged for kid k, has verdict v; expected contains exp
 * (NULL: not checked); the other basis it matches is b (CLAIM_NBASES: not checked). */
static const claims_options *verdict_default; /* options when o is NULL (NULL: claims' defaults) */

static void verdict_o(const kid *k, const claims_options *o, const char *text, claim_type t, const char *q,
		      claim_verdict v, const char *exp, claim_basis b)
{
	if (!o)
		o = verdict_default;
	claims_result r;
	assert_int_equal(claims_check(text, strlen(text), &k->c, o, &r), GV_OK);
	assert_true(r.judged);
	const gv_claim *c = find_quote(&r, text, t, q);
	if (!c) {
		dump(&r, text);
		fail_msg("\"%s\": no %s claim quoting \"%s\"", text, claims_type_name(t), q);
	}
	if (c->verdict != v || (exp && !strstr(c->expected, exp)) || (b != CLAIM_NBASES && c->matches != b))
		fail_msg("\"%s\": \"%s\" is %s (expected '%s', matches '%s', note '%s'), want %s (expected '%s', matches '%s')",
			 text, q, claims_verdict_name(c->verdict), c->expected, claims_basis_name(c->matches), c->note,
			 claims_verdict_name(v), exp ? exp : "", b == CLAIM_NBASES ? "-" : claims_basis_name(b));
	claims_free(&r);
}

#define VERDICT(k, text, t, q, v, exp) verdict_o(k, NULL, text, t, q, v, exp, CLAIM_NBASES)
#define MATCHES(k, text, t, q, b) verdict_o(k, NULL, text, t, q, CLAIM_CONTRADICTED, NULL, b)
#define SUP CLAIM_SUPPORTED
#define CON CLAIM_CONTRADICTED
#define UNV CLAIM_UNVERIFIABLE

/* ANA: a healthy term girl, born 2020-01-01, measured at birth, 12 and 24 months (days 0, 365,
 * 730: exact rows of the WHO 2006 tables).  Her z-scores, by hand from the girls' rows
 * (z = ((x/M)^L - 1) / (L S)):
 *   day 365 weight 8.42 kg:  L -0.2022 M 8.9462 S 0.12267  -> z -0.4972, P30.95
 *   day 365 length 73.2 cm:  L 1 M 74.0049 S 0.03479       -> z -0.3126, P37.73
 *   day 365 head 45.2 cm:    L 1 M 44.894 S 0.03027        -> z +0.2252, P58.91
 *   day 730 weight 10.66 kg: L -0.294 M 11.4741 S 0.12389  -> z -0.6005, P27.41
 *   day 730 length 85.1 cm:  L 1 M 86.4008 S 0.03733       -> z -0.4033, P34.34
 * and on the CDC 2000 infant weight chart at 11.99 months (between the 11.5 and 12.5 month rows):
 *   8.42 kg -> z -1.147, P12.56. */
static void kid_ana(kid *k)
{
	kid_init(k, GV_FEMALE, 2020, 1, 1, 39);
	k->c.p.mother_height_cm = 160;
	k->c.p.father_height_cm = 176;
	kid_visit(k, 0, 3.2, 49.0, 34.0, 'L');
	kid_visit(k, 365, 8.42, 73.2, 45.2, 'L');
	kid_visit(k, 730, 10.66, 85.1, 47.3, 'L');
}

static void test_ana_by_hand(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k);
	gv_result r[3];
	traj_results(&k.c, NULL, r);
	assert_int_equal(r[1].ref, GV_WHO2006);
	assert_float_equal(r[1].ind[GV_WFA].z, -0.4972, 5e-4);
	assert_float_equal(r[1].ind[GV_WFA].p, 30.952, 5e-3);
	assert_float_equal(r[1].ind[GV_LHFA].z, -0.3126, 5e-4);
	assert_float_equal(r[1].ind[GV_HCFA].z, 0.2252, 5e-4);
	assert_float_equal(r[2].ind[GV_WFA].z, -0.6005, 5e-4);
	assert_float_equal(r[2].ind[GV_LHFA].p, 34.336, 5e-3);
	size_t nf;
	assert_int_equal(flags_compute(&k.c, NULL, NULL, 0, &nf), GV_OK);
	assert_int_equal(nf, 0);
}

static void test_value_tolerance(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k);
	const char *t = "At 12 months she weighed 8.4 kg.";
	VERDICT(&k, t, CLAIM_VALUE, "8.4 kg", SUP, "8.42 kg");
	/* half a unit of the last digit: 8.42 is within 0.05 of 8.4, not of 8.5 */
	VERDICT(&k, "At 12 months she weighed 8.5 kg.", CLAIM_VALUE, "8.5 kg", CON, "8.42 kg");
	VERDICT(&k, "At 12 months she weighed about 8.5 kg.", CLAIM_VALUE, "about 8.5 kg", SUP, NULL);
	VERDICT(&k, "At 12 months she weighed about 8.55 kg.", CLAIM_VALUE, "about 8.55 kg", CON, NULL);
	VERDICT(&k, "At 12 months she weighed 8 kg.", CLAIM_VALUE, "8 kg", SUP, NULL);
	VERDICT(&k, "At 12 months she weighed 9 kg.", CLAIM_VALUE, "9 kg", CON, NULL);
	VERDICT(&k, "At 12 months she weighed 8420 g.", CLAIM_VALUE, "8420 g", SUP, NULL);
	VERDICT(&k, "At 12 months she weighed 8400 g.", CLAIM_VALUE, "8400 g", SUP, NULL); /* +/-50 g */
	VERDICT(&k, "At 12 months she weighed 8360 g.", CLAIM_VALUE, "8360 g", CON, NULL);
	/* 8.42 kg = 18.563 lb */
	VERDICT(&k, "At 12 months she weighed 18.6 lb.", CLAIM_VALUE, "18.6 lb", SUP, NULL);
	VERDICT(&k, "At 12 months she weighed 18.5 lb.", CLAIM_VALUE, "18.5 lb", CON, NULL);
	VERDICT(&k, "At 12 months she weighed 18 lb 9 oz.", CLAIM_VALUE, "18 lb 9 oz", SUP, NULL);
	VERDICT(&k, "At 12 months she weighed 18 lb 10 oz.", CLAIM_VALUE, "18 lb 10 oz", CON, "18 lb 9.0 oz");
	/* the weight in pounds written as kilograms, and the reverse */
	MATCHES(&k, "At 12 months she weighed 18.6 kg.", CLAIM_VALUE, "18.6 kg", CLAIM_B_LB_AS_KG);
	MATCHES(&k, "At 12 months she weighed 8.4 lb.", CLAIM_VALUE, "8.4 lb", CLAIM_B_KG_AS_LB);
	/* another visit's value */
	MATCHES(&k, "At 24 months she weighed 8.4 kg.", CLAIM_VALUE, "8.4 kg", CLAIM_B_OTHER_VISIT);
	/* lengths: 73.2 cm = 28.82 in; the inches written as centimetres */
	VERDICT(&k, "At 12 months her length was 73.2 cm.", CLAIM_VALUE, "73.2 cm", SUP, NULL);
	VERDICT(&k, "At 12 months her length was 73.3 cm.", CLAIM_VALUE, "73.3 cm", CON, NULL);
	VERDICT(&k, "At 12 months her length was 28.8 inches.", CLAIM_VALUE, "28.8 inches", SUP, NULL);
	MATCHES(&k, "At 12 months her length was 28.8 cm.", CLAIM_VALUE, "28.8 cm", CLAIM_B_IN_AS_CM);
	MATCHES(&k, "At 12 months her length was 45.2 cm.", CLAIM_VALUE, "45.2 cm", CLAIM_B_OTHER_IND);
	VERDICT(&k, "At 12 months her head circumference was 45.2 cm.", CLAIM_VALUE, "45.2 cm", SUP, NULL);
	/* no age named: the last visit */
	VERDICT(&k, "She weighs 10.7 kg.", CLAIM_VALUE, "10.7 kg", SUP, NULL);
	/* the parents and the mid-parental target: (176 + 160 - 13) / 2 = 161.5 cm for a girl */
	VERDICT(&k, "Her mother is 160 cm tall.", CLAIM_VALUE, "160 cm", SUP, NULL);
	VERDICT(&k, "Her mid-parental target height is 161.5 cm.", CLAIM_VALUE, "161.5 cm", SUP, NULL);
	VERDICT(&k, "Her mid-parental target height is 168 cm.", CLAIM_VALUE, "168 cm", CON, "161.5 cm");
	/* a value at an age with no visit is not in the record */
	VERDICT(&k, "At 18 months she weighed 9.5 kg.", CLAIM_VALUE, "9.5 kg", CON, NULL);
}

static void test_value_conversion(void **state)
{
	(void)state;
	/* standing height before 24 months is scored + 0.7 cm (WHO): both values are the child's */
	kid k;
	kid_init(&k, GV_MALE, 2021, 3, 1, 40);
	kid_visit(&k, 0, 3.4, 50.0, 35.0, 'L');
	kid_visit(&k, 548, 11.0, 80.0, 47.0, 'H');
	VERDICT(&k, "At 18 months he was 80.0 cm tall.", CLAIM_VALUE, "80.0 cm", SUP, NULL);
	VERDICT(&k, "At 18 months his length was 80.7 cm.", CLAIM_VALUE, "80.7 cm", SUP, NULL);
	VERDICT(&k, "At 18 months his length was 81.4 cm.", CLAIM_VALUE, "81.4 cm", CON, NULL);
}

/* "born ..." ties what follows to the birth visit, not past a verb in the present; without a
 * visit at birth a birth value is not in the record. */
static void test_birth_ties(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k); /* birth 3.2 kg 49.0 cm 34.0 cm; 24 months 10.66 kg */
	VERDICT(&k, "She was born at 3.2 kg.", CLAIM_VALUE, "at 3.2 kg", SUP, "3.20 kg");
	VERDICT(&k, "She was born at 3.5 kg.", CLAIM_VALUE, "at 3.5 kg", CON, "3.20 kg");
	VERDICT(&k, "She was born at term weighing 3.2 kg, length 49 cm.", CLAIM_VALUE, "49 cm", SUP, NULL);
	VERDICT(&k, "She was born with a head circumference of 34.0 cm.", CLAIM_VALUE, "34.0 cm", SUP, NULL);
	VERDICT(&k, "When she was born (3.2 kg, 7 lb 1 oz) all was well.", CLAIM_VALUE, "7 lb 1 oz", SUP, NULL);
	VERDICT(&k, "Born at term, she was 3.2 kg.", CLAIM_VALUE, "3.2 kg", SUP, NULL);
	/* past a verb in the present: now */
	VERDICT(&k, "Born at term, she now weighs 10.66 kg.", CLAIM_VALUE, "10.66 kg", SUP, NULL);
	VERDICT(&k, "A 2-year-old born at term who weighs 3.2 kg.", CLAIM_VALUE, "3.2 kg", CON, "10.66 kg");
	VERDICT(&k, "She was born at term. She weighs 10.66 kg.", CLAIM_VALUE, "10.66 kg", SUP, NULL);
	/* no visit at birth */
	kid_init(&k, GV_FEMALE, 2020, 1, 1, 39);
	kid_visit(&k, 14, 3.4, 51.0, 35.0, 'L');
	kid_visit(&k, 365, 8.42, 73.2, 45.2, 'L');
	VERDICT(&k, "She was born at 3.2 kg.", CLAIM_VALUE, "at 3.2 kg", UNV, NULL);
	VERDICT(&k, "At birth she weighed 3.2 kg.", CLAIM_VALUE, "3.2 kg", UNV, NULL);
}

/* Markdown tables: the row's age cell ties its cells; the header (or the row's label) names the
 * indicator and what a bare number is; a header of ages ties its columns. */
static void test_tables(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k); /* birth 3.2 kg 49.0 cm 34.0 cm; 12 months 8.42 kg 73.2 cm 45.2 cm; 24 months 10.66 kg */
	const char *t = "| Age | Weight (kg) | Length (cm) | HC (cm) |\n"
			"|-----|-----|-----|-----|\n"
			"| Birth | 3.2 | 49.0 | 34.0 |\n"
			"| 12 mo | 8.42 (P31) | 73.2 | 45.2 (P59) |\n";
	VERDICT(&k, t, CLAIM_AGE, "Birth", SUP, NULL);
	VERDICT(&k, t, CLAIM_VALUE, "3.2", SUP, "3.20 kg");
	VERDICT(&k, t, CLAIM_VALUE, "34.0", SUP, "34.0 cm");
	VERDICT(&k, t, CLAIM_VALUE, "8.42", SUP, NULL);
	VERDICT(&k, t, CLAIM_PERCENTILE, "P31", SUP, NULL);
	VERDICT(&k, t, CLAIM_VALUE, "45.2", SUP, NULL);
	VERDICT(&k, t, CLAIM_PERCENTILE, "P59", SUP, NULL);
	/* the header's indicator: 45.2 cm under "HC" is a head circumference, not a length */
	VERDICT(&k, "| Age | Length (cm) |\n|---|---|\n| 12 mo | 45.2 |\n", CLAIM_VALUE, "45.2", CON, "73.2 cm");
	/* a bare number under "Age (months)" */
	VERDICT(&k, "| Age (months) | Weight |\n|---|---|\n| 12 | 8.42 kg |\n| 24 | 8.42 kg |\n", CLAIM_AGE, "12", SUP, NULL);
	/* kinds from the header: percentile, z */
	t = "| Measure | Value | Percentile | z |\n|---|---|---|---|\n| Weight | 10.66 kg | 27th | -0.60 |\n"
	    "| Length | 85.1 cm | 50th | +0.40 |\n";
	VERDICT(&k, t, CLAIM_PERCENTILE, "27th", SUP, NULL);
	VERDICT(&k, t, CLAIM_Z, "-0.60", SUP, NULL);
	VERDICT(&k, t, CLAIM_PERCENTILE, "50th", CON, NULL);
	VERDICT(&k, t, CLAIM_Z, "+0.40", CON, NULL);
	/* a header of ages, the row's label for unit and indicator */
	t = "| | Birth | 12 mo | 24 mo |\n|---|---|---|---|\n| Weight (kg) | 3.2 | 8.42 | 10.66 |\n"
	    "| Length (cm) | 49.0 | 73.2 | 80.0 |\n";
	VERDICT(&k, t, CLAIM_VALUE, "8.42", SUP, NULL);
	VERDICT(&k, t, CLAIM_VALUE, "73.2", SUP, NULL);
	VERDICT(&k, t, CLAIM_VALUE, "80.0", CON, "85.1 cm");
	/* two tables apart are two headers */
	t = "| Age | Weight (kg) |\n|---|---|\n| 12 mo | 8.42 |\n\n| Age | Length (cm) |\n|---|---|\n| 12 mo | 73.2 |\n";
	VERDICT(&k, t, CLAIM_VALUE, "73.2", SUP, NULL);
	/* each cell is a clause: a negation does not reach into the next cell */
	VERDICT(&k, "| Weight | no change | Obesity |\n", CLAIM_CATEGORY, "Obesity", CON, NULL);
}

/* What is not a claim about the child: the writer's doing, a visit to come, children in general,
 * an expected value, the line of a crossing; "only 0.4 kg gained" is a change. */
static void test_extract_scope(void **state)
{
	(void)state;
	expect_none("I have followed that convention.", CLAIM_TREND);
	expect_none("We have followed the CDC guidance on this.", CLAIM_TREND);
	expect_none("She is usually followed closely in clinic.", CLAIM_TREND);
	EXPECT("Her weight has followed the 50th percentile.", {CLAIM_TREND, "followed", "steady", 0});
	expect_none("At her 4-year check, we'd like to measure her again.", CLAIM_AGE);
	expect_none("At her next check at 2 years we will weigh her.", CLAIM_AGE);
	EXPECT("At her 4-year check she weighed 16.6 kg.", {CLAIM_AGE, "At her 4-year check", "4 years", 0});
	expect_none("The average child gains 2 kg a year.", CLAIM_TREND);
	EXPECT("Only 0.4 kg gained since 9 months.", {CLAIM_TREND, "Only 0.4 kg gained", "+0.4 kg", 0});
	expect_none("Only 0.4 kg gained since 9 months.", CLAIM_VALUE);
	EXPECT("A 0.4 kg gain in three months.", {CLAIM_TREND, "0.4 kg gain", "+0.4 kg", 0});
	expect_none("His BMI crossed the 95th percentile line at 6 years.", CLAIM_PERCENTILE);
	EXPECT("His BMI crossed the 95th percentile line at 6 years.", {CLAIM_TREND, "crossed", NULL, 0});
	EXPECT("His BMI is above the 95th percentile line.", {CLAIM_PERCENTILE, "above the 95th percentile", ">P95", 0});
	expect_none("An ideal weight for her height would be 16 kg.", CLAIM_CATEGORY);
	/* an expected value is no measurement of the child */
	kid a;
	kid_ana(&a);
	VERDICT(&a, "Her weight is below the expected ~12 kg.", CLAIM_VALUE, "~12 kg", UNV, NULL);
	VERDICT(&a, "The median weight for her age is 11.5 kg.", CLAIM_VALUE, "11.5 kg", UNV, NULL);
	VERDICT(&a, "Her weight is 12 kg.", CLAIM_VALUE, "12 kg", CON, NULL);
	VERDICT(&a, "Her weight is above the median at 11 kg.", CLAIM_VALUE, "at 11 kg", SUP, NULL);
	VERDICT(&a, "At 12 months she weighed 8.42 kg; we will see her at 30 months.", CLAIM_ADVICE,
		"see her at 30 months", UNV, NULL);
}

static void test_percentile_tolerance(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k);
	/* weight at 12 months: P30.95; CDC's WHO chart lines (US): 2 5 10 25 50 75 90 95 98 */
	VERDICT(&k, "At 12 months her weight was at the 31st percentile.", CLAIM_PERCENTILE, "at the 31st percentile", SUP,
		"P31.0");
	VERDICT(&k, "At 12 months her weight was P28.96.", CLAIM_PERCENTILE, "P28.96", SUP, NULL);
	VERDICT(&k, "At 12 months her weight was P28.9.", CLAIM_PERCENTILE, "P28.9", CON, "P31.0");
	/* the same band between two lines: 25-50 */
	VERDICT(&k, "At 12 months her weight was at the 40th percentile.", CLAIM_PERCENTILE, "at the 40th percentile", SUP, NULL);
	VERDICT(&k, "At 12 months her weight was at the 26th percentile.", CLAIM_PERCENTILE, "at the 26th percentile", SUP, NULL);
	/* a line itself is not a band */
	VERDICT(&k, "At 12 months her weight was at the 25th percentile.", CLAIM_PERCENTILE, "at the 25th percentile", CON, NULL);
	VERDICT(&k, "At 12 months her weight was at the 50th percentile.", CLAIM_PERCENTILE, "at the 50th percentile", CON, NULL);
	/* comparators: below N means below N + 2, above N above N - 2 */
	VERDICT(&k, "At 12 months her weight was below the 29th percentile.", CLAIM_PERCENTILE, "below the 29th percentile", SUP, NULL);
	VERDICT(&k, "At 12 months her weight was below the 28th percentile.", CLAIM_PERCENTILE, "below the 28th percentile", CON, NULL);
	VERDICT(&k, "At 12 months her weight was above the 32nd percentile.", CLAIM_PERCENTILE, "above the 32nd percentile", SUP, NULL);
	VERDICT(&k, "At 12 months her weight was above the 33rd percentile.", CLAIM_PERCENTILE, "above the 33rd percentile", CON, NULL);
	VERDICT(&k, "At 12 months her weight was between the 10th and 29th percentiles.", CLAIM_PERCENTILE,
		"between the 10th and 29th percentiles", SUP, NULL);
	VERDICT(&k, "At 12 months her weight was between the 5th and 28th percentiles.", CLAIM_PERCENTILE,
		"between the 5th and 28th percentiles", CON, NULL);
	/* the CDC value for an infant (P12.56) is the most common wrong basis */
	MATCHES(&k, "At 12 months her weight was at the 12th percentile.", CLAIM_PERCENTILE, "at the 12th percentile", CLAIM_B_CDC);
	/* another indicator's value, another visit's value */
	MATCHES(&k, "At 12 months her weight was at the 59th percentile.", CLAIM_PERCENTILE, "at the 59th percentile",
		CLAIM_B_OTHER_IND);
	MATCHES(&k, "At 24 months her head circumference was P58.9.", CLAIM_PERCENTILE, "P58.9", CLAIM_B_OTHER_VISIT);
	/* WHO's own lines (3 15 50 85 97): 40 is in the band 15-50 */
	claims_options o;
	claims_default_options(&o, GV_RULES_WHO);
	verdict_o(&k, &o, "At 12 months her weight was at the 20th percentile.", CLAIM_PERCENTILE, "at the 20th percentile",
		  SUP, NULL, CLAIM_NBASES);
	verdict_o(&k, &o, "At 12 months her weight was at the 15th percentile.", CLAIM_PERCENTILE, "at the 15th percentile",
		  CON, NULL, CLAIM_NBASES);
}

static void test_z_tolerance(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k);
	/* weight at 12 months: z -0.4972 */
	VERDICT(&k, "At 12 months her weight z was -0.4.", CLAIM_Z, "z was -0.4", SUP, "z -0.50");
	VERDICT(&k, "At 12 months her weight z was -0.59.", CLAIM_Z, "z was -0.59", SUP, NULL);
	VERDICT(&k, "At 12 months her weight z was -0.39.", CLAIM_Z, "z was -0.39", CON, "z -0.50");
	VERDICT(&k, "At 12 months her weight z was -0.6.", CLAIM_Z, "z was -0.6", CON, NULL);
	VERDICT(&k, "At 12 months her weight was within 1 SD of the median.", CLAIM_Z, "within 1 SD", SUP, NULL);
	/* a whole number of SD is read to +/-0.5: -0.4972 is 0.503 from -1, -0.6005 is 0.40 from it */
	VERDICT(&k, "At 12 months her weight z was \xe2\x88\x92" "1 SD.", CLAIM_Z, "z was \xe2\x88\x92" "1 SD", CON, NULL);
	VERDICT(&k, "At 24 months her weight was \xe2\x88\x92" "1 SD.", CLAIM_Z, "\xe2\x88\x92" "1 SD", SUP, NULL);
	VERDICT(&k, "At 12 months WAZ -0.5, HAZ -0.3.", CLAIM_Z, "HAZ -0.3", SUP, NULL);
	VERDICT(&k, "At 12 months WAZ -0.5, HAZ -0.5.", CLAIM_Z, "HAZ -0.5", CON, "z -0.31");
	MATCHES(&k, "At 12 months her weight z was -1.15.", CLAIM_Z, "z was -1.15", CLAIM_B_CDC);
}

static void test_age_tolerance(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k); /* visits at 0, 11.99 and 23.98 months */
	VERDICT(&k, "At 11 months she weighed 8.4 kg.", CLAIM_AGE, "At 11 months", SUP, NULL);
	VERDICT(&k, "At 13 months she weighed 8.4 kg.", CLAIM_AGE, "At 13 months", CON, NULL);
	VERDICT(&k, "At 2.4 years she weighed 10.7 kg.", CLAIM_AGE, "At 2.4 years", SUP, NULL);
	VERDICT(&k, "At 2.5 years she weighed 10.7 kg.", CLAIM_AGE, "At 2.5 years", CON, NULL);
	/* a current age: within the tolerance, or the completed years or months agree */
	VERDICT(&k, "A 2-year-old girl.", CLAIM_AGE, "2-year-old girl", SUP, NULL);
	VERDICT(&k, "A 3-year-old girl.", CLAIM_AGE, "3-year-old girl", CON, NULL);
	VERDICT(&k, "She is 23 months old.", CLAIM_AGE, "23 months old", SUP, NULL);
	VERDICT(&k, "She was born at term.", CLAIM_AGE, "born at term", SUP, "39 weeks");
	VERDICT(&k, "She was born prematurely.", CLAIM_AGE, "born prematurely", CON, NULL);
	VERDICT(&k, "She was born at 37 weeks.", CLAIM_AGE, "born at 37 weeks", CON, NULL);
	VERDICT(&k, "She was born at 39 weeks.", CLAIM_AGE, "born at 39 weeks", SUP, NULL);
}

/* BEA: a term girl whose weight falls to z -2.3 at 6 months and -2.6 at 12, her length to -2.5 and
 * -3.2, her head to -1.5: underweight (moderate), failure to thrive (moderate), stunting (severe). */
static void kid_bea(kid *k)
{
	static const int day[3] = {0, 183, 365};
	static const double zw[3] = {-0.07, -2.3, -2.6}, zh[3] = {-0.08, -2.5, -3.2}, zc[3] = {0.1, -1.5, -1.5};
	kid_init(k, GV_FEMALE, 2020, 1, 1, 40);
	for (int i = 0; i < 3; i++)
		kid_visit(k, day[i], at_z(T_WHO06_WFA, GV_FEMALE, day[i], zw[i]), at_z(T_WHO06_LHFA, GV_FEMALE, day[i], zh[i]),
			  at_z(T_WHO06_HCFA, GV_FEMALE, day[i], zc[i]), 'L');
}

static uint64_t cats_of(const gv_child *c)
{
	uint64_t cats;
	assert_int_equal(flags_categories(c, NULL, GV_SEV_INFO, 1, &cats), GV_OK);
	return cats;
}

static void test_category_rules(void **state)
{
	(void)state;
	kid k;
	kid_bea(&k);
	assert_true(cats_of(&k.c) == (GV_CAT_BIT(GV_CAT_UNDERWEIGHT) | GV_CAT_BIT(GV_CAT_FAILURE_TO_THRIVE) |
				      GV_CAT_BIT(GV_CAT_STUNTING)));
	VERDICT(&k, "She is underweight.", CLAIM_CATEGORY, "underweight", SUP, "underweight");
	VERDICT(&k, "She is not underweight.", CLAIM_CATEGORY, "underweight", CON, NULL);
	VERDICT(&k, "She was underweight at 6 months.", CLAIM_CATEGORY, "underweight", SUP, NULL);
	VERDICT(&k, "She was underweight at birth.", CLAIM_CATEGORY, "underweight", CON, NULL);
	VERDICT(&k, "She has severe stunting.", CLAIM_CATEGORY, "severe stunting", SUP, NULL);
	VERDICT(&k, "She is short for her age.", CLAIM_CATEGORY, "short for her age", SUP, NULL);
	VERDICT(&k, "She is severely underweight.", CLAIM_CATEGORY, "severely underweight", CON, NULL);
	VERDICT(&k, "This is failure to thrive.", CLAIM_CATEGORY, "failure to thrive", SUP, NULL);
	VERDICT(&k, "She is obese.", CLAIM_CATEGORY, "obese", CON, NULL);
	VERDICT(&k, "She has microcephaly.", CLAIM_CATEGORY, "microcephaly", CON, NULL);
	/* a hedge without a flag: contradicted only when the z is within 1 SD or on the other side */
	VERDICT(&k, "Possible obesity.", CLAIM_CATEGORY, "obesity", CON, NULL);
	VERDICT(&k, "Possible macrocephaly.", CLAIM_CATEGORY, "macrocephaly", CON, NULL);
	VERDICT(&k, "Possible microcephaly.", CLAIM_CATEGORY, "microcephaly", UNV, NULL); /* head z -1.5 */
	/* normal growth, no flags */
	VERDICT(&k, "Normal growth.", CLAIM_CATEGORY, "Normal growth", CON, NULL);
	VERDICT(&k, "No flags.", CLAIM_CATEGORY, "No flags", CON, NULL);
	VERDICT(&k, "She is a healthy weight.", CLAIM_CATEGORY, "healthy weight", CON, NULL);
	VERDICT(&k, "Her head size is normal.", CLAIM_CATEGORY, "normal", SUP, NULL);
	kid a;
	kid_ana(&a);
	VERDICT(&a, "Normal growth.", CLAIM_CATEGORY, "Normal growth", SUP, NULL);
	VERDICT(&a, "No flags.", CLAIM_CATEGORY, "No flags", SUP, NULL);
	VERDICT(&a, "She is not underweight.", CLAIM_CATEGORY, "underweight", SUP, NULL);
	VERDICT(&a, "She is underweight.", CLAIM_CATEGORY, "underweight", CON, NULL);
}

/* CAL: a boy on CDC charts whose BMI goes from 90% of the 95th percentile at 3 years to 108% at 4
 * and 125% at 5 (height on the median): obesity at 4, severe obesity (class 2) at 5. */
static void kid_cal(kid *k)
{
	static const int day[3] = {1096, 1461, 1826};
	static const double pct[3] = {0.90, 1.08, 1.25};
	kid_init(k, GV_MALE, 2015, 1, 1, 39);
	for (int i = 0; i < 3; i++) {
		double x = day[i] / GV_DAYS_PER_MONTH;
		double h = at_z(T_CDC_STATAGE, GV_MALE, x, 0), p95 = at_z(T_CDC_BMIAGE, GV_MALE, x, 1.6448536269514722);
		kid_visit(k, day[i], p95 * pct[i] * h * h / 10000, h, NAN, 'H');
	}
}

static void kid_path(kid *k, const double z[5]);

/* Vocabulary of real summaries, and the two decisions of claims.h: acute malnutrition without a
 * MUAC, a velocity "within normal limits". */
static void test_vocabulary(void **state)
{
	(void)state;
	EXPECT("A healthy 18-month-old.", {CLAIM_CATEGORY, "healthy", "normal growth", 0});
	EXPECT("She is slim but healthy.", {CLAIM_CATEGORY, "healthy", "normal growth", 0});
	EXPECT("No current concerns.", {CLAIM_CATEGORY, "No current concerns", "normal growth", 0});
	EXPECT("Length 75.2 cm (P67), normal.", {CLAIM_CATEGORY, "normal", "normal height", 0});
	EXPECT("Weight-for-length is low.", {CLAIM_CATEGORY, "low", "possible wasting", CLAIM_A_HEDGED});
	EXPECT("His height is not low.", {CLAIM_CATEGORY, "low", "no short_stature", CLAIM_A_NEGATED});
	EXPECT("Her head is small.", {CLAIM_CATEGORY, "small", "possible microcephaly", CLAIM_A_HEDGED});
	EXPECT("Weight loss resolved by 2 weeks.", {CLAIM_CATEGORY, "Weight loss", "resolved newborn_weight_loss", 0});
	EXPECT("Severe (class 2) obesity.", {CLAIM_CATEGORY, "Severe (class 2) obesity", "severe_obesity 2", 0});
	EXPECT("Height velocity is within normal limits.", {CLAIM_TREND, "within normal limits", "normal velocity", 0});
	EXPECT("Her weight gain has been normal.", {CLAIM_TREND, "normal", "normal velocity", 0});
	EXPECT("Her weight is a little above the average.", {CLAIM_PERCENTILE, "above the average", ">P50", 0});
	EXPECT("His head is large; it has been that size since birth.", {CLAIM_TREND, "been that size", "steady", 0});
	EXPECT("At 18 months she was a healthy 18-month-old.", {CLAIM_AGE, "18-month-old", "18 months", 0});
	expect_none("The risk is low.", CLAIM_CATEGORY);
	/* "weight loss resolved": a flag of the record, no longer open */
	kid k;
	kid_init(&k, GV_MALE, 2024, 1, 1, 40);
	kid_visit(&k, 0, 3.5, 51.0, 35.0, 'L');
	kid_visit(&k, 4, 3.1, NAN, NAN, 'L');
	VERDICT(&k, "Weight loss resolved.", CLAIM_CATEGORY, "Weight loss", CON, NULL);
	kid_visit(&k, 30, 4.3, 54.5, 37.2, 'L');
	VERDICT(&k, "Weight loss resolved.", CLAIM_CATEGORY, "Weight loss", SUP, NULL);
	kid a;
	kid_ana(&a);
	VERDICT(&a, "Weight loss resolved.", CLAIM_CATEGORY, "Weight loss", UNV, NULL);
	/* acute malnutrition without a MUAC: contradicted with weight-for-length at -2 SD or above,
	 * unverifiable below (the MUAC might meet it), supported by severe wasting (below -3 SD) */
	VERDICT(&a, "She has severe acute malnutrition.", CLAIM_CATEGORY, "severe acute malnutrition", CON, NULL);
	static const double wz[3] = {-2.5, -3.4, -1.9};
	for (int i = 0; i < 3; i++) {
		kid_init(&k, GV_FEMALE, 2022, 1, 1, 40);
		kid_visit(&k, 0, 3.2, 49.0, 34.0, 'L');
		kid_visit(&k, 365, at_z(T_WHO06_WFL, GV_FEMALE, 74.0, wz[i]), 74.0, 45.0, 'L');
		claim_verdict sam = i == 0 ? UNV : i == 1 ? SUP : CON;
		VERDICT(&k, "She has severe acute malnutrition.", CLAIM_CATEGORY, "severe acute malnutrition", sam, NULL);
		VERDICT(&k, "She has moderate acute malnutrition.", CLAIM_CATEGORY, "moderate acute malnutrition",
			i == 2 ? CON : SUP, NULL);
	}
	/* a velocity "within normal limits" is a steady trend: contradicted when two lines were crossed */
	static const double two[5] = {-0.3, -0.3, -0.8, -1.4, -1.4};
	kid_path(&k, two);
	VERDICT(&k, "Her weight velocity is within normal limits.", CLAIM_TREND, "within normal limits", CON, NULL);
	VERDICT(&k, "Her length velocity is within normal limits.", CLAIM_TREND, "within normal limits", SUP, NULL);
}

static void test_obesity_classes(void **state)
{
	(void)state;
	kid k;
	kid_cal(&k);
	VERDICT(&k, "He has obesity.", CLAIM_CATEGORY, "obesity", SUP, NULL);
	VERDICT(&k, "He is overweight.", CLAIM_CATEGORY, "overweight", SUP, NULL);
	VERDICT(&k, "He has class 2 obesity.", CLAIM_CATEGORY, "class 2 obesity", SUP, NULL);
	VERDICT(&k, "He has severe obesity.", CLAIM_CATEGORY, "severe obesity", SUP, NULL);
	VERDICT(&k, "He has class 3 obesity.", CLAIM_CATEGORY, "class 3 obesity", CON, NULL);
	VERDICT(&k, "At 3 years his BMI was normal.", CLAIM_CATEGORY, "normal", SUP, NULL);
	VERDICT(&k, "His BMI is 125% of the 95th percentile.", CLAIM_VALUE, "125% of the 95th percentile", SUP, NULL);
	VERDICT(&k, "His BMI is 140% of the 95th percentile.", CLAIM_VALUE, "140% of the 95th percentile", CON, "125.0% of P95");
	VERDICT(&k, "He is a healthy weight.", CLAIM_CATEGORY, "healthy weight", CON, NULL);
	VERDICT(&k, "No follow-up is needed.", CLAIM_ADVICE, "No follow-up is needed", CON, NULL);
}

/* DAN: a boy born at 30 weeks, on the WHO median at corrected age (chronological days 91, 183,
 * 365), then at 26 months on CDC charts without correction. */
static void kid_dan(kid *k)
{
	static const int day[4] = {91, 183, 365, 800};
	kid_init(k, GV_MALE, 2022, 1, 1, 30);
	for (int i = 0; i < 4; i++) {
		int cd = day[i] - 70; /* 280 - 210 days before term */
		kid_visit(k, day[i], at_z(T_WHO06_WFA, GV_MALE, cd, 0), at_z(T_WHO06_LHFA, GV_MALE, cd, 0),
			  at_z(T_WHO06_HCFA, GV_MALE, cd, 0), day[i] > 730 ? 'H' : 'L');
	}
}

static void test_preterm_basis(void **state)
{
	(void)state;
	kid k;
	kid_dan(&k);
	/* Dan (born 30+0) was built on the term references by corrected age (WHO z 0 at each visit);
	 * by default his visits before 64 weeks PMA are on INTERGROWTH-21st (issue 16), where the
	 * chart is ig21_png: */
	claims_options ig;
	claims_default_options(&ig, GV_RULES_US);
	verdict_o(&k, &ig, "At 6 months he was on the WHO chart.", CLAIM_BASIS, "WHO chart", CON, NULL, CLAIM_NBASES);
	/* the rest of this test judges on the term references, as Dan was built */
	static claims_options term;
	claims_default_options(&term, GV_RULES_US);
	term.flags.growth.intergrowth = 0;
	verdict_default = &term;
	VERDICT(&k, "He was born at 30 weeks.", CLAIM_AGE, "born at 30 weeks", SUP, "30 weeks");
	VERDICT(&k, "He was born at 32 weeks.", CLAIM_AGE, "born at 32 weeks", CON, "30 weeks");
	VERDICT(&k, "He was born preterm.", CLAIM_AGE, "born preterm", SUP, NULL);
	VERDICT(&k, "He was born at term.", CLAIM_AGE, "born at term", CON, NULL);
	VERDICT(&k, "Percentiles use corrected age.", CLAIM_BASIS, "corrected age", SUP, NULL);
	VERDICT(&k, "At 6 months his percentiles used chronological age.", CLAIM_BASIS, "chronological age", CON, NULL);
	VERDICT(&k, "He is now plotted on CDC charts.", CLAIM_BASIS, "CDC charts", SUP, NULL);
	VERDICT(&k, "At 6 months he was on the CDC chart.", CLAIM_BASIS, "CDC chart", CON, "who2006");
	VERDICT(&k, "At 6 months he was on the WHO chart.", CLAIM_BASIS, "WHO chart", SUP, NULL);
	VERDICT(&k, "At 6 months his weight was at the 50th percentile.", CLAIM_PERCENTILE, "at the 50th percentile", SUP, NULL);
	VERDICT(&k, "At 3.7 months corrected age he weighed 6.8 kg.", CLAIM_AGE, "At 3.7 months corrected age", SUP, NULL);
	/* a postmenstrual age: 30 weeks + 91 days = 43 weeks at the first visit, within a week */
	VERDICT(&k, "At 43 weeks PMA he was seen.", CLAIM_AGE, "At 43 weeks PMA", SUP, NULL);
	VERDICT(&k, "At 42 weeks PMA he was seen.", CLAIM_AGE, "At 42 weeks PMA", SUP, NULL);
	VERDICT(&k, "At 41 weeks PMA he was seen.", CLAIM_AGE, "At 41 weeks PMA", CON, NULL);
	VERDICT(&k, "He was born early, at 30 weeks.", CLAIM_AGE, "at 30 weeks", SUP, "30 weeks");
	VERDICT(&k, "Ex-32/40.", CLAIM_AGE, "32/40", CON, "30 weeks");
	/* a birth or a bare range: supported with visits there, never contradicted (no visit at birth) */
	VERDICT(&k, "At birth he was small.", CLAIM_AGE, "At birth", UNV, NULL);
	VERDICT(&k, "Seen 3-12 mo.", CLAIM_AGE, "3-12 mo", SUP, NULL);
	VERDICT(&k, "Seen 3-15 mo.", CLAIM_AGE, "3-15 mo", UNV, NULL);
	/* the chronological-age percentile of a preterm child is the other common wrong basis */
	gv_options go;
	growth_default_options(&go);
	go.correct_until_months = 0;
	gv_result r[4];
	traj_results(&k.c, &go, r);
	assert_false(r[1].corrected);
	char text[128];
	snprintf(text, sizeof text, "At 6 months his weight was at the %.0fth percentile.", r[1].ind[GV_WFA].p);
	char quote[64];
	snprintf(quote, sizeof quote, "at the %.0fth percentile", r[1].ind[GV_WFA].p);
	assert_true(r[1].ind[GV_WFA].p < 40);
	MATCHES(&k, text, CLAIM_PERCENTILE, quote, CLAIM_B_CHRONO);
	/* a chart named over an age range: every visit of the range (WHO at 3, 6, 12 months, CDC at 26) */
	VERDICT(&k, "WHO charts until 24 months.", CLAIM_BASIS, "WHO charts", SUP, NULL);
	VERDICT(&k, "WHO charts until 3 years.", CLAIM_BASIS, "WHO charts", CON, NULL);
	VERDICT(&k, "WHO charts to 24 mo.", CLAIM_BASIS, "WHO charts", SUP, NULL);
	VERDICT(&k, "CDC charts throughout.", CLAIM_BASIS, "CDC charts", CON, NULL);
	VERDICT(&k, "He has always been on the CDC charts.", CLAIM_BASIS, "CDC charts", CON, NULL);
	VERDICT(&k, "In infancy he was on the WHO charts.", CLAIM_BASIS, "WHO charts", SUP, NULL);
	VERDICT(&k, "When he was a baby the CDC charts were used.", CLAIM_BASIS, "CDC charts", CON, NULL);
	VERDICT(&k, "For his first two years he was on the WHO charts.", CLAIM_BASIS, "WHO charts", SUP, NULL);
	VERDICT(&k, "CDC charts from 2 years.", CLAIM_BASIS, "CDC charts", SUP, NULL);
	VERDICT(&k, "WHO charts to 24 mo, CDC 2000 after.", CLAIM_BASIS, "CDC 2000", SUP, NULL);
	VERDICT(&k, "WHO charts to 24 mo, WHO 2007 after that.", CLAIM_BASIS, "WHO 2007", CON, NULL);
	kid a;
	kid_ana(&a);
	VERDICT(&a, "Percentiles use corrected age.", CLAIM_BASIS, "corrected age", CON, NULL);
	VERDICT(&a, "Percentiles use chronological age.", CLAIM_BASIS, "chronological age", SUP, NULL);
	VERDICT(&a, "She is plotted on WHO charts.", CLAIM_BASIS, "WHO charts", SUP, NULL);
	VERDICT(&a, "She is plotted on CDC charts.", CLAIM_BASIS, "CDC charts", CON, NULL);
	verdict_default = NULL;
}

/* A girl whose weight-for-age z follows path z[0..4] at days 0, 61, 122, 183, 244. */
static void kid_path(kid *k, const double z[5])
{
	kid_init(k, GV_FEMALE, 2021, 6, 1, 40);
	for (int i = 0; i < 5; i++) {
		int d = 61 * i;
		kid_visit(k, d, at_z(T_WHO06_WFA, GV_FEMALE, d, z[i]), at_z(T_WHO06_LHFA, GV_FEMALE, d, 0),
			  at_z(T_WHO06_HCFA, GV_FEMALE, d, 0), 'L');
	}
}

static void test_trend_rules(void **state)
{
	(void)state;
	kid k;
	/* falling: a z fall of at least 0.5 (or a line) supports it, below 0.2 contradicts it; between,
	 * unverifiable.  All inside the band 25-50 (z -0.674 to 0): no line crossed. */
	static const double t051[5] = {-0.1, -0.2, -0.35, -0.5, -0.61};
	static const double t045[5] = {-0.1, -0.2, -0.35, -0.45, -0.55};
	static const double t019[5] = {-0.1, -0.15, -0.2, -0.25, -0.29};
	const char *fall = "Her weight percentile has been falling.";
	kid_path(&k, t051);
	VERDICT(&k, fall, CLAIM_TREND, "falling", SUP, NULL);
	kid_path(&k, t045);
	VERDICT(&k, fall, CLAIM_TREND, "falling", UNV, NULL);
	kid_path(&k, t019);
	VERDICT(&k, fall, CLAIM_TREND, "falling", CON, NULL);
	VERDICT(&k, "Her weight percentile is not falling.", CLAIM_TREND, "falling", SUP, NULL);
	VERDICT(&k, "Her weight has been steady.", CLAIM_TREND, "steady", SUP, NULL);
	/* steady: at most one major line crossed (sustained) */
	static const double one[5] = {-0.3, -0.3, -0.8, -0.8, -0.8};
	static const double two[5] = {-0.3, -0.3, -0.8, -1.4, -1.4};
	kid_path(&k, one);
	VERDICT(&k, "Her weight has been steady.", CLAIM_TREND, "steady", SUP, NULL);
	VERDICT(&k, "Her weight has crossed two percentile lines downward.", CLAIM_TREND,
		"crossed two percentile lines downward", CON, NULL);
	VERDICT(&k, "Her weight is falling, no crossing of lines.", CLAIM_TREND, "falling", SUP, NULL);
	kid_path(&k, two);
	VERDICT(&k, "Her weight has been steady.", CLAIM_TREND, "steady", CON, "2 lines down");
	VERDICT(&k, "Her weight has crossed two percentile lines downward.", CLAIM_TREND,
		"crossed two percentile lines downward", SUP, NULL);
	VERDICT(&k, "Her weight has crossed three percentile lines downward.", CLAIM_TREND,
		"crossed three percentile lines downward", CON, NULL);
	VERDICT(&k, "Her weight crossed upward two lines.", CLAIM_TREND, "crossed upward two lines", CON, NULL);
	VERDICT(&k, "Her weight crossed downward two lines.", CLAIM_TREND, "crossed downward two lines", SUP, NULL);
	VERDICT(&k, "Her weight has been rising across the percentiles.", CLAIM_TREND, "rising", CON, NULL);
	/* "stable, no crossing of lines": steady, not a crossing (two lines were crossed) */
	VERDICT(&k, "Her weight is stable, no crossing of lines.", CLAIM_TREND, "stable, no crossing of lines", CON, NULL);
	VERDICT(&k, "Her head is large but stable, no crossing of lines.", CLAIM_TREND, "stable, no crossing of lines", SUP,
		NULL);
	VERDICT(&k, "Her weight fell across two percentile lines.", CLAIM_TREND, "fell across two percentile lines", SUP,
		NULL);
	VERDICT(&k, "Her weight has been steady since 4 months.", CLAIM_TREND, "steady", SUP, NULL);
	VERDICT(&k, "Her length has been steady.", CLAIM_TREND, "steady", SUP, NULL);
	/* growth as a whole: steady only when every measurement is */
	VERDICT(&k, "Growth has been steady.", CLAIM_TREND, "steady", CON, NULL);
	/* plateau and changes (ANA: 8.42 kg at 12 months, 10.66 kg at 24; the median girl gains 2.53 kg) */
	kid a;
	kid_ana(&a);
	VERDICT(&a, "Growth has been steady.", CLAIM_TREND, "steady", SUP, NULL);
	VERDICT(&a, "Her weight has plateaued since 12 months.", CLAIM_TREND, "plateaued", CON, NULL);
	VERDICT(&a, "She gained 2.2 kg since 12 months.", CLAIM_TREND, "gained 2.2 kg", SUP, "+2.24 kg");
	VERDICT(&a, "She gained 3 kg since 12 months.", CLAIM_TREND, "gained 3 kg", CON, NULL);
	VERDICT(&a, "She grew 12 cm since 12 months.", CLAIM_TREND, "grew 12 cm", SUP, NULL);
	VERDICT(&a, "She grew 15 cm since 12 months.", CLAIM_TREND, "grew 15 cm", CON, "+11.9 cm");
	kid p;
	kid_init(&p, GV_MALE, 2022, 2, 1, 40);
	kid_visit(&p, 0, 3.4, 50, 35, 'L');
	kid_visit(&p, 91, 6.0, 61, 40, 'L');
	kid_visit(&p, 183, 6.1, 65, 42.5, 'L');
	VERDICT(&p, "His weight has plateaued since 3 months.", CLAIM_TREND, "plateaued", SUP, NULL);
}

/* "from ... to ...": each end at its own time, a start at the span's start or any visit, a change
 * between two values, "and then", states over a span, no trend across the WHO -> CDC switch. */
static void test_from_to(void **state)
{
	(void)state;
	kid k;
	/* weight z at 0, 2, 4, 6, 8 months: P60, P79, P93, P98.2, P98.6 */
	static const double up[5] = {0.25, 0.8, 1.5, 2.1, 2.2};
	kid_path(&k, up);
	const char *t = "Her weight rose from the 60th at birth to above the 98th since 6 months.";
	VERDICT(&k, t, CLAIM_PERCENTILE, "the 60th", SUP, "P59.9");
	VERDICT(&k, t, CLAIM_PERCENTILE, "above the 98th", SUP, NULL);
	VERDICT(&k, "Her weight rose from the 60th at birth to above the 98th since 2 months.", CLAIM_PERCENTILE,
		"above the 98th", SUP, NULL); /* 2 of 4 visits */
	VERDICT(&k, "Her weight rose from the 60th at birth to above the 98th since birth.", CLAIM_PERCENTILE,
		"above the 98th", CON, NULL); /* 2 of 5 */
	/* the start of the span named, else (the past) any visit */
	t = "Her weight has risen from the 60th to the 98th percentile over the past 6 months.";
	VERDICT(&k, t, CLAIM_PERCENTILE, "the 60th", SUP, NULL);
	VERDICT(&k, t, CLAIM_PERCENTILE, "the 98th percentile", SUP, NULL);
	VERDICT(&k, "Her weight has risen from the 30th to the 98th percentile over the past 6 months.", CLAIM_PERCENTILE,
		"the 30th", CON, "P78.8");
	/* a state over a span: at half its visits at least */
	VERDICT(&k, "Her weight has been above the 90th percentile since 4 months.", CLAIM_PERCENTILE,
		"above the 90th percentile", SUP, NULL);
	VERDICT(&k, "Her weight has been above the 90th percentile since 2 months.", CLAIM_PERCENTILE,
		"above the 90th percentile", SUP, NULL); /* 2 of 4 */
	VERDICT(&k, "Her weight has been above the 97th percentile since birth.", CLAIM_PERCENTILE,
		"above the 97th percentile", CON, NULL); /* 2 of 5 */
	/* "and then caught up": from the age before it */
	static const double dip[5] = {0.5, -0.8, -1.8, -1.0, 0.2};
	kid_path(&k, dip);
	VERDICT(&k, "Her weight fell below the 5th percentile at 4 months, and then caught up.", CLAIM_TREND, "caught up",
		SUP, NULL);
	/* a change between two values (ANA: 8.42 kg at 12 months, 10.66 kg at 24) */
	kid a;
	kid_ana(&a);
	t = "Her weight has risen only from 8.42 kg at 12 months to 10.66 kg at 24 months.";
	VERDICT(&a, t, CLAIM_TREND, "risen only from 8.42 kg at 12 months to 10.66 kg", SUP, "+2.24 kg");
	VERDICT(&a, t, CLAIM_VALUE, "8.42 kg", SUP, NULL);
	VERDICT(&a, "Her weight has risen only from 8.42 kg at 12 months to 11.5 kg at 24 months.", CLAIM_TREND,
		"risen only from 8.42 kg at 12 months to 11.5 kg", CON, "+2.24 kg");
	/* a value held over a span: at half its visits at least (8.42 and 10.66 kg since 12 months) */
	VERDICT(&a, "Her weight has been over 8 kg since 12 months.", CLAIM_VALUE, "over 8 kg", SUP, NULL);
	VERDICT(&a, "Her weight has been over 10 kg since 12 months.", CLAIM_VALUE, "over 10 kg", SUP, NULL);
	VERDICT(&a, "Her weight has been over 12 kg since 12 months.", CLAIM_VALUE, "over 12 kg", CON, NULL);
	/* no trend across the WHO -> CDC switch (DAN: WHO at 12 months, CDC at 26) */
	kid_dan(&k);
	VERDICT(&k, "Between 12 and 26 months his weight percentile fell.", CLAIM_TREND, "fell", UNV, NULL);
	VERDICT(&k, "Between 12 and 26 months his weight percentile rose.", CLAIM_TREND, "rose", UNV, NULL);
	VERDICT(&k, "Between 12 and 26 months his weight increased.", CLAIM_TREND, "increased", SUP, NULL);
}

/* IVO: a term boy whose weight falls from P69 at birth to P1 at 9 and 12 months (wasting,
 * underweight, failure to thrive), then rises to P12 at 18 months (dev set: fromto.txt). */
static void kid_ivo(kid *k)
{
	static const int day[8] = {0, 61, 121, 182, 273, 365, 456, 547};
	static const double w[8] = {3.60, 5.20, 6.00, 6.40, 6.90, 7.50, 8.60, 9.60};
	static const double h[8] = {50.5, 57.5, 62.5, 66.0, 70.0, 73.5, 77.0, 80.5};
	static const double hc[8] = {35.0, 39.0, 41.0, 42.5, 44.0, 45.0, 46.0, 46.6};
	kid_init(k, GV_MALE, 2022, 1, 5, 40);
	for (int i = 0; i < 8; i++)
		kid_visit(k, day[i], w[i], h[i], hc[i], 'L');
}

/* Past findings at their visits; a list of ages; the note of a severity not met. */
static void test_past_findings(void **state)
{
	(void)state;
	kid k;
	kid_ivo(&k);
	const char *t = "His weight-for-length dropped below -2 SD at 12 and 15 months, meeting the definition of wasting "
			"at that time.";
	VERDICT(&k, t, CLAIM_CATEGORY, "wasting", SUP, NULL);
	VERDICT(&k, "At 15 and 18 months he had wasting then.", CLAIM_CATEGORY, "wasting", CON, NULL);
	VERDICT(&k, "He no longer has wasting.", CLAIM_CATEGORY, "wasting", SUP, NULL);
	VERDICT(&k, "He has wasting.", CLAIM_CATEGORY, "wasting", CON, NULL);
	/* a number before a list of ages holds at each */
	VERDICT(&k, "Weight-for-length was below -2 SD at 9 and 12 months.", CLAIM_Z, "below -2 SD", SUP, NULL);
	VERDICT(&k, "Weight-for-length was below -2 SD at 9 and 18 months.", CLAIM_Z, "below -2 SD", CON, "z -1.1");
	VERDICT(&k, "Weight was below the 2nd percentile at 9, 12 and 15 months.", CLAIM_PERCENTILE,
		"below the 2nd percentile", CON, NULL);
	VERDICT(&k, "Weight was below the 2nd percentile at 9 and 12 months.", CLAIM_PERCENTILE, "below the 2nd percentile",
		SUP, NULL);
	/* the severity named, and why not */
	claims_result r;
	const char *sv = "Severe wasting was present at 12 months.";
	assert_int_equal(claims_check(sv, strlen(sv), &k.c, NULL, &r), GV_OK);
	const gv_claim *c = find_quote(&r, sv, CLAIM_CATEGORY, "Severe wasting");
	assert_non_null(c);
	assert_int_equal(c->verdict, CLAIM_CONTRADICTED);
	assert_non_null(strstr(c->note, "not severe"));
	assert_string_equal(c->stated, "severe wasting");
	claims_free(&r);
	/* underweight from a failure to thrive needs the low weight at the visit named */
	VERDICT(&k, "He was underweight at 12 months.", CLAIM_CATEGORY, "underweight", SUP, NULL);
	VERDICT(&k, "He is underweight.", CLAIM_CATEGORY, "underweight", CON, NULL);
	/* a pronoun takes its antecedent's indicator, generic words notwithstanding (PATH two: weight
	 * crosses two lines, length stays on the median) */
	kid p;
	static const double two[5] = {-0.3, -0.3, -0.8, -1.4, -1.4};
	kid_path(&p, two);
	VERDICT(&p, "Her length is at the 50th percentile. It has been steady on her growth curves.", CLAIM_TREND,
		"steady", SUP, NULL);
	VERDICT(&p, "Her weight is at the 8th percentile. It has stayed on the same growth curve.", CLAIM_TREND,
		"stayed on the same growth curve", CON, NULL);
	/* an age heading its sentence ties across semicolons */
	VERDICT(&k, "12 mo: wt 7.50 kg; length 73.5 cm.", CLAIM_VALUE, "73.5 cm", SUP, NULL);
	/* "dropped below -2 SD at 9 and 12 months": the fall ends at the first of them */
	VERDICT(&k, "His weight dropped below -2 SD at 9 and 12 months.", CLAIM_TREND, "dropped", SUP, NULL);
}

/* Phrasings of real summaries (dev set: realistic.txt) on IVO and ANA. */
static void test_real_phrasings(void **state)
{
	(void)state;
	kid k;
	kid_ivo(&k);
	/* an aside does not name the indicator; "when" after a time is at that time */
	VERDICT(&k, "His weight (a measure taken naked on the scale) is 9.6 kg, at the 12th percentile.", CLAIM_PERCENTILE,
		"at the 12th percentile", SUP, NULL);
	VERDICT(&k, "His weight has risen since 9 months, when it was at the 1st percentile.", CLAIM_PERCENTILE,
		"at the 1st percentile", SUP, NULL);
	/* a second predicate is a clause of its own */
	VERDICT(&k, "His weight fell to the 1st percentile by 9 months and has been rising since 12 months.", CLAIM_TREND,
		"rising", SUP, NULL);
	/* a finding since an age: then and now */
	VERDICT(&k, "He has been underweight since 9 months.", CLAIM_CATEGORY, "underweight", CON, NULL);
	/* birthdays, ages in parentheses and z lists */
	VERDICT(&k, "At his first birthday he weighed 7.50 kg.", CLAIM_VALUE, "7.50 kg", SUP, NULL);
	VERDICT(&k, "Weight z-scores: +0.51 (birth), -0.55 (2 mo), -1.33 (4 mo).", CLAIM_Z, "-1.33", SUP, NULL);
	VERDICT(&k, "Weight z-scores: +0.51 (birth), -0.55 (2 mo), -1.93 (4 mo).", CLAIM_Z, "-1.93", CON, "z -1.33");
	/* families' words */
	VERDICT(&k, "He is now heavier than about 12 out of 100 boys.", CLAIM_PERCENTILE, "heavier than about 12 out of 100",
		SUP, NULL);
	VERDICT(&k, "He is now heavier than about 40 out of 100 boys.", CLAIM_PERCENTILE, "heavier than about 40 out of 100",
		CON, NULL);
	VERDICT(&k, "At 9 months he was among the lightest 1-2% of boys.", CLAIM_PERCENTILE, "among the lightest 1-2%", SUP, NULL);
	VERDICT(&k, "At 12 months he was thin for his length.", CLAIM_CATEGORY, "thin for his length", SUP, NULL);
	VERDICT(&k, "He is thin for his length.", CLAIM_CATEGORY, "thin for his length", CON, NULL);
	/* "no other flags" after the flags it names */
	VERDICT(&k, "Failure to thrive and rapid weight gain. No other flags.", CLAIM_CATEGORY, "No other flags", SUP, NULL);
	VERDICT(&k, "Rapid weight gain. No other flags.", CLAIM_CATEGORY, "No other flags", CON, NULL);
	/* a value range */
	VERDICT(&k, "At 12 months he weighed 7-8 kg.", CLAIM_VALUE, "7-8 kg", SUP, NULL);
	VERDICT(&k, "At 12 months he weighed 9-10 kg.", CLAIM_VALUE, "9-10 kg", CON, NULL);
	/* "until" heading a sentence: the span; after a comma: its end */
	kid a;
	kid_ana(&a); /* weight P31 at 12 months, P27 at 24 months */
	VERDICT(&a, "Until 2 years her weight stayed around the 30th percentile.", CLAIM_PERCENTILE,
		"around the 30th percentile", SUP, NULL);
	VERDICT(&a, "Her weight was normal until about 12 months, at the 31st percentile.", CLAIM_PERCENTILE,
		"at the 31st percentile", SUP, "P31.0");
	VERDICT(&a, "She is shorter than about 66 out of 100 girls.", CLAIM_PERCENTILE, "shorter than about 66 out of 100",
		SUP, NULL);
	kid p;
	static const double dip[5] = {0.5, -0.8, -1.8, -1.0, 0.2}; /* P69, P21, P4, P16, P58 at 0-8 months */
	kid_path(&p, dip);
	VERDICT(&p, "Until 8 months her weight was below the 25th percentile.", CLAIM_PERCENTILE, "below the 25th percentile",
		SUP, NULL); /* 3 of 5 visits, not at 8 months */
	/* either parent */
	VERDICT(&a, "Her parents are 160 cm and 176 cm tall.", CLAIM_VALUE, "176 cm", SUP, NULL);
	VERDICT(&a, "Her parents are 160 cm and 180 cm tall.", CLAIM_VALUE, "180 cm", CON, "176.0 cm");
}

/* EVA: a girl whose weight at 18 months was typed in pounds (22.5 for 10.2 kg). */
static void kid_eva(kid *k)
{
	static const int day[5] = {0, 183, 365, 548, 730};
	static const double w[5] = {3.2, 7.0, 8.9, 22.5, 11.4}, h[5] = {49, 65.5, 74, 80.5, 86.2};
	kid_init(k, GV_FEMALE, 2020, 1, 1, 39);
	for (int i = 0; i < 5; i++)
		kid_visit(k, day[i], w[i], h[i], NAN, 'L');
}

static void test_implausible(void **state)
{
	(void)state;
	kid k;
	kid_eva(&k);
	assert_true(cats_of(&k.c) == GV_CAT_BIT(GV_CAT_IMPLAUSIBLE_VALUE));
	/* the value is the record's; a finding or a trend resting on it is not */
	VERDICT(&k, "At 18 months she weighed 22.5 kg.", CLAIM_VALUE, "22.5 kg", SUP, NULL);
	VERDICT(&k, "At 18 months she was obese.", CLAIM_CATEGORY, "obese", CON, NULL);
	VERDICT(&k, "Her weight crossed two percentile lines upward.", CLAIM_TREND,
		"crossed two percentile lines upward", CON, NULL);
	VERDICT(&k, "Her weight has been steady.", CLAIM_TREND, "steady", SUP, NULL);
	claims_result r;
	const char *t = "Her weight has been steady.";
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	gv_flag_cat cats[4];
	assert_int_equal(claims_omitted(&r, cats, 4), 1);
	assert_int_equal(cats[0], GV_CAT_IMPLAUSIBLE_VALUE);
	claims_free(&r);
	t = "Her weight has been steady; the 18-month weight looks like a data entry error.";
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	assert_int_equal(claims_omitted(&r, NULL, 0), 0);
	claims_free(&r);
}

/* SUE: a girl whose weight of 15.0 kg at 12 months sits far from her other weights (z 4.17, an
 * EWMA outlier, and a BIV of weight-for-length): the obesity flag it raises rests on it. */
static void test_suspect_flag(void **state)
{
	(void)state;
	kid k;
	kid_init(&k, GV_FEMALE, 2020, 1, 1, 40);
	kid_visit(&k, 0, 3.2, 49.0, 34.0, 'L');
	kid_visit(&k, 183, 7.3, 65.5, 42.0, 'L');
	kid_visit(&k, 365, 15.0, 74.0, 45.0, 'L');
	kid_visit(&k, 546, 10.2, 80.5, 46.5, 'L');
	kid_visit(&k, 730, 11.4, 86.2, 47.5, 'L');
	gv_flag f[16];
	size_t nf;
	assert_int_equal(flags_compute(&k.c, NULL, f, 16, &nf), GV_OK);
	int suspect_obesity = 0;
	for (size_t i = 0; i < nf && i < 16; i++)
		suspect_obesity |= f[i].category == GV_CAT_OBESITY && f[i].suspect;
	assert_true(suspect_obesity);
	VERDICT(&k, "She was obese in infancy.", CLAIM_CATEGORY, "obese", CON, NULL);
	VERDICT(&k, "At 12 months she was obese.", CLAIM_CATEGORY, "obese", CON, NULL);
	VERDICT(&k, "At 12 months she weighed 15.0 kg.", CLAIM_VALUE, "15.0 kg", SUP, NULL);
	VERDICT(&k, "She is not obese.", CLAIM_CATEGORY, "obese", SUP, NULL);
}

static void test_advice_rules(void **state)
{
	(void)state;
	kid k;
	kid_bea(&k); /* severe stunting open */
	VERDICT(&k, "No follow-up needed.", CLAIM_ADVICE, "No follow-up needed", CON, NULL);
	VERDICT(&k, "Continue routine well-child care.", CLAIM_ADVICE, "routine well-child care", CON, NULL);
	VERDICT(&k, "Recheck in 6 months.", CLAIM_ADVICE, "Recheck in 6 months", CON, NULL);
	VERDICT(&k, "Recheck in 5 months.", CLAIM_ADVICE, "Recheck in 5 months", UNV, NULL);
	VERDICT(&k, "Refer to a dietitian.", CLAIM_ADVICE, "Refer to a dietitian", UNV, NULL);
	VERDICT(&k, "We will review his growth again in a year.", CLAIM_ADVICE, "review his growth again in a year", CON, NULL);
	VERDICT(&k, "We don't think any follow-up is needed.", CLAIM_ADVICE, "follow-up", CON, NULL);
	kid c;
	kid_cal(&c); /* severe obesity: moderate and severe */
	VERDICT(&c, "Recheck at the next routine visit.", CLAIM_ADVICE, "Recheck at the next routine visit", UNV, NULL);
	kid a;
	kid_ana(&a); /* nothing open */
	VERDICT(&a, "No follow-up needed.", CLAIM_ADVICE, "No follow-up needed", UNV, NULL);
	VERDICT(&a, "Continue routine well-child care.", CLAIM_ADVICE, "routine well-child care", UNV, NULL);
}

static void test_omitted(void **state)
{
	(void)state;
	kid k;
	kid_bea(&k);
	claims_result r;
	const char *t = "She is underweight.";
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	gv_flag_cat cats[8];
	assert_int_equal(claims_omitted(&r, cats, 8), 2);
	assert_int_equal(cats[0], GV_CAT_FAILURE_TO_THRIVE);
	assert_int_equal(cats[1], GV_CAT_STUNTING);
	claims_free(&r);
	t = "She is underweight and stunted, with faltering growth.";
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	assert_int_equal(claims_omitted(&r, cats, 8), 0);
	claims_free(&r);
	/* a falling weight names the failure to thrive; a negated category names nothing */
	t = "Her weight has crossed four percentile lines downward; she is underweight but not stunted.";
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	assert_int_equal(claims_omitted(&r, cats, 8), 1);
	assert_int_equal(cats[0], GV_CAT_STUNTING);
	claims_free(&r);
}

static void test_overlap_and_errors(void **state)
{
	(void)state;
	kid k;
	kid_ana(&k);
	const char *t = "At 12 months she weighed 18.6 kg (P31).";
	claims_result r;
	assert_int_equal(claims_check(t, strlen(t), &k.c, NULL, &r), GV_OK);
	size_t v = claims_find_overlap(&r, 25, 29, CLAIM_CONTRADICTED); /* "18.6" */
	assert_int_not_equal(v, CLAIMS_NO_VISIT);
	assert_int_equal(r.claims[v].type, CLAIM_VALUE);
	assert_int_equal(claims_find_overlap(&r, 25, 29, CLAIM_SUPPORTED), CLAIMS_NO_VISIT);
	assert_int_not_equal(claims_find_overlap(&r, 34, 34, CLAIM_NVERDICTS), CLAIMS_NO_VISIT); /* inside "P31" */
	assert_int_equal(claims_find_overlap(&r, 0, 2, CLAIM_NVERDICTS), 0); /* "At" of "At 12 months" */
	assert_int_equal(claims_find_overlap(&r, 37, 39, CLAIM_NVERDICTS), CLAIMS_NO_VISIT); /* ")." */
	assert_int_equal(claims_find_overlap(&r, 36, 39, CLAIM_NVERDICTS), 2);
	assert_int_equal(r.claims[v].date, age_days_from_civil(2020, 12, 31));
	assert_int_equal(r.claims[v].visit, 1);
	claims_free(&r);
	/* a child of unknown sex, or without visits */
	kid u = k;
	u.c.v = u.v;
	u.c.p.sex = GV_SEX_UNKNOWN;
	assert_int_equal(claims_check(t, strlen(t), &u.c, NULL, &r), GV_EINVAL);
	claims_free(&r);
	u.c.p.sex = GV_FEMALE;
	u.c.nv = 0;
	assert_int_equal(claims_check(t, strlen(t), &u.c, NULL, &r), GV_EINVAL);
	claims_free(&r);
	assert_int_equal(claims_judge(NULL, t, strlen(t), &r), GV_EINVAL);
	claims_free(&r);
}

/* ================================================================== the development set */

/* The figures reported for the development set (tests/data/claims/dev), per claim type: share of
 * labelled claims found, share of those found with the labelled verdict (agree), precision and
 * recall of "contradicted".  They may only go up (CLAIMS_VERSION 2: 128 summaries, the labels of
 * the files added for the held-out set's causes and of realistic.txt; CLAIMS_VERSION 3: 167
 * summaries, with the files for held-out set v2's causes; trend recall 1.000). */
static const struct {
	double found, agree, prec, recall;
} dev_floor[CLAIM_NTYPES] = {
	[CLAIM_VALUE] = {1.000, 1.000, 1.000, 1.000},
	[CLAIM_AGE] = {0.996, 1.000, 1.000, 1.000},
	[CLAIM_PERCENTILE] = {1.000, 1.000, 1.000, 1.000},
	[CLAIM_Z] = {1.000, 1.000, 1.000, 1.000},
	[CLAIM_CATEGORY] = {0.996, 1.000, 1.000, 1.000},
	[CLAIM_TREND] = {0.996, 1.000, 1.000, 1.000},
	[CLAIM_BASIS] = {1.000, 1.000, 1.000, 1.000},
	[CLAIM_ADVICE] = {1.000, 1.000, 1.000, 1.000},
};

static int dev_file(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0;
}

/* The "# omitted: CAT..." line after a summary of the development set, if any: the flag categories
 * the summary leaves out ("none": no category).  Returns 1 when the summary has one. */
static int dev_omitted(const char *path, const char *id, uint64_t *bits)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[4096], cur[64] = "";
	int found = 0;
	*bits = 0;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "summary ", 8) == 0) {
			sscanf(line + 8, "%63s", cur);
			while (fgets(line, sizeof line, f) && strcmp(line, ".\n") != 0) /* the text */
				;
			continue;
		}
		if (strncmp(line, "# omitted:", 10) != 0 || strcmp(cur, id) != 0)
			continue;
		found = 1;
		for (char *w = strtok(line + 10, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
			if (strcmp(w, "none") == 0)
				continue;
			gv_flag_cat c = flags_cat_parse(w);
			if (c == GV_CAT_COUNT)
				fail_msg("%s: summary %s: unknown flag category '%s'", path, id, w);
			*bits |= GV_CAT_BIT(c);
		}
	}
	fclose(f);
	return found;
}

/* The "# why: QUOTE => WORDS" lines after a summary: the claim of that quote (first occurrence)
 * must give WORDS in its note or its expected value -- the right verdict for the right reason.
 * Returns the number of lines that fail (printed). */
static int dev_why(const char *path, const cd_summary *sm, const claims_result *r, int *checked)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[4096], cur[64] = "";
	int bad = 0;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "summary ", 8) == 0) {
			sscanf(line + 8, "%63s", cur);
			while (fgets(line, sizeof line, f) && strcmp(line, ".\n") != 0)
				;
			continue;
		}
		if (strncmp(line, "# why: \"", 8) != 0 || strcmp(cur, sm->id) != 0)
			continue;
		char *q = line + 8, *qe = strchr(q, '"'), *w = qe ? strstr(qe, "=> ") : NULL;
		if (!qe || !w)
			fail_msg("%s: summary %s: # why: \"QUOTE\" => WORDS", path, sm->id);
		*qe = '\0';
		w += 3;
		w[strcspn(w, "\r\n")] = '\0';
		const char *hit = strstr(sm->text, q);
		if (!hit)
			fail_msg("%s: summary %s: why quote \"%s\" not in the text", path, sm->id, q);
		size_t st = (size_t)(hit - sm->text), en = st + strlen(q);
		size_t ci = claims_find_overlap(r, st, en, CLAIM_NVERDICTS);
		(*checked)++;
		if (ci == CLAIMS_NO_VISIT || (!strstr(r->claims[ci].note, w) && !strstr(r->claims[ci].expected, w))) {
			bad++;
			print_message("%s: summary %s: \"%s\" should say \"%s\": note '%s', expected '%s'\n", path, sm->id, q, w,
				      ci == CLAIMS_NO_VISIT ? "(no claim)" : r->claims[ci].note,
				      ci == CLAIMS_NO_VISIT ? "" : r->claims[ci].expected);
		}
	}
	fclose(f);
	return bad;
}

static void test_dev_set(void **state)
{
	(void)state;
	const char *dir = "tests/data/claims/dev";
	struct dirent **names;
	int nf = scandir(dir, &names, dev_file, alphasort);
	if (nf <= 0)
		fail_msg("%s: no *.txt files (run the tests from the repository's root)", dir);
	cd_set set;
	memset(&set, 0, sizeof set);
	for (int i = 0; i < nf; i++) {
		char path[300];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		free(names[i]);
		if (cd_load(&set, path))
			fail_msg("%s", set.err);
	}
	free(names);
	cd_score sc;
	memset(&sc, 0, sizeof sc);
	int om_checked = 0, om_wrong = 0, why_checked = 0, why_wrong = 0;
	for (size_t i = 0; i < set.nsums; i++) {
		const cd_summary *sm = &set.sums[i];
		claims_options o;
		claims_default_options(&o, sm->rules);
		/* labelled against the engine before INTERGROWTH-21st (issue 16): a preterm child's visits
		 * before 64 weeks postmenstrual age were on the term charts then; the labels are fixed, so
		 * they are judged with the term references (a new truth would measure label drift, not the
		 * checker) */
		o.flags.growth.intergrowth = sm->ig21;
		claims_result r;
		assert_int_equal(claims_check(sm->text, sm->len, &set.kids[sm->kid].c, &o, &r), GV_OK);
		cd_score_summary(sm, &r, &sc, NULL);
		why_wrong += dev_why(sm->file, sm, &r, &why_checked);
		uint64_t om;
		if (dev_omitted(sm->file, sm->id, &om)) {
			om_checked++;
			if (om != r.omitted) {
				om_wrong++;
				print_message("%s: summary %s: omitted flags %#llx, labelled %#llx\n", sm->file, sm->id,
					      (unsigned long long)r.omitted, (unsigned long long)om);
			}
		}
		claims_free(&r);
	}
	print_message("omitted flags labelled on %d summaries, %d wrong; reasons labelled %d, %d wrong\n", om_checked,
		      om_wrong, why_checked, why_wrong);
	assert_int_equal(om_wrong, 0);
	assert_int_equal(why_wrong, 0);
	print_message("development set: %d summaries (%d correct), %zu children\n", sc.summaries, sc.correct, set.nkids);
	print_message("%-10s %8s %7s %7s %13s %6s %6s\n", "type", "labelled", "found", "agree", "contradicted", "prec",
		      "recall");
	int fails = 0;
	for (int t = 0; t < CLAIM_NTYPES; t++) {
		int lc = sc.tp[t] + sc.fn[t];
		double found = sc.labelled[t] ? (double)sc.found[t] / sc.labelled[t] : 1;
		double agree = sc.found[t] ? (double)sc.agree[t] / sc.found[t] : 1;
		double prec = sc.tp[t] + sc.fp[t] ? (double)sc.tp[t] / (sc.tp[t] + sc.fp[t]) : 1;
		double rec = lc ? (double)sc.tp[t] / lc : 1;
		print_message("%-10s %8d %6.1f%% %6.1f%% %6d/%-6d %6.3f %6.3f\n", claims_type_name((claim_type)t), sc.labelled[t],
			      100 * found, 100 * agree, sc.tp[t], lc, prec, rec);
		if (found < dev_floor[t].found - 1e-9 || agree < dev_floor[t].agree - 1e-9 || prec < dev_floor[t].prec - 1e-9 ||
		    rec < dev_floor[t].recall - 1e-9) {
			print_message("  %s fell below its floor (found %.3f, agree %.3f, precision %.3f, recall %.3f)\n",
				      claims_type_name((claim_type)t), dev_floor[t].found, dev_floor[t].agree, dev_floor[t].prec,
				      dev_floor[t].recall);
			fails++;
		}
	}
	print_message("correct summaries with a false alarm: %d\n", sc.false_alarm);
	if (fails || sc.false_alarm) {
		/* say which labels disagree */
		for (size_t i = 0; i < set.nsums; i++) {
			const cd_summary *sm = &set.sums[i];
			claims_options o;
			claims_default_options(&o, sm->rules);
			o.flags.growth.intergrowth = sm->ig21; /* as above */
			claims_result r;
			assert_int_equal(claims_check(sm->text, sm->len, &set.kids[sm->kid].c, &o, &r), GV_OK);
			cd_score dummy;
			memset(&dummy, 0, sizeof dummy);
			cd_score_summary(sm, &r, &dummy, stderr);
			claims_free(&r);
		}
	}
	assert_int_equal(fails, 0);
	assert_int_equal(sc.false_alarm, 0);
	assert_true(sc.summaries >= 30 && sc.correct >= 10);
	cd_free(&set);
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
		cmocka_unit_test(test_extract_scope),
		cmocka_unit_test(test_extract_hostile),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ana_by_hand),
		cmocka_unit_test(test_value_tolerance),
		cmocka_unit_test(test_value_conversion),
		cmocka_unit_test(test_birth_ties),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_percentile_tolerance),
		cmocka_unit_test(test_z_tolerance),
		cmocka_unit_test(test_age_tolerance),
		cmocka_unit_test(test_category_rules),
		cmocka_unit_test(test_obesity_classes),
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_preterm_basis),
		cmocka_unit_test(test_trend_rules),
		cmocka_unit_test(test_from_to),
		cmocka_unit_test(test_past_findings),
		cmocka_unit_test(test_real_phrasings),
		cmocka_unit_test(test_implausible),
		cmocka_unit_test(test_suspect_flag),
		cmocka_unit_test(test_advice_rules),
		cmocka_unit_test(test_omitted),
		cmocka_unit_test(test_overlap_and_errors),
		cmocka_unit_test(test_dev_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
