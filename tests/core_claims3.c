/* core_claims3.c — the claim checker's CLAIMS_VERSION 3 rules at the level of extraction (core/claims.h):
 * what a sentence yields or does not yield, with the exact quote and what it states.  The verdicts
 * of these rules are tested by the development set (tests/data/claims/dev/: fractions, headings,
 * antecedents, lifestages, wording, judgements; tests/core_claims.c, test_dev_set). */
#include "tests/testutil.h"

#include "core/claims.h"

/* The claims of text, extracted; the caller frees them. */
static void extract(const char *text, claims_result *r)
{
	assert_int_equal(claims_extract(text, strlen(text), r), GV_OK);
}

static void dump(const claims_result *r, const char *text)
{
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		print_message("  %-10s [%.*s] stated '%s' attr %#x\n", claims_type_name(c->type), (int)(c->end - c->start),
			      text + c->start, c->stated, c->attr);
	}
}

/* The claim of type t quoting exactly q, else a failure. */
static const gv_claim *claim_of(const claims_result *r, const char *text, claim_type t, const char *q)
{
	size_t ql = strlen(q);
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		if (c->type == t && c->end - c->start == ql && memcmp(text + c->start, q, ql) == 0)
			return c;
	}
	dump(r, text);
	fail_msg("\"%s\": no %s claim quoting \"%s\"", text, claims_type_name(t), q);
	return NULL;
}

/* The number of claims of type t. */
static size_t count(const claims_result *r, claim_type t)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->claims[i].type == t;
	return n;
}

/* text yields a claim of type t quoting q that states s (NULL: not checked) with attribute bits a. */
static void has(const char *text, claim_type t, const char *q, const char *s, unsigned a)
{
	claims_result r;
	extract(text, &r);
	const gv_claim *c = claim_of(&r, text, t, q);
	if (s && strcmp(c->stated, s) != 0) {
		dump(&r, text);
		fail_msg("\"%s\": \"%s\" states \"%s\", want \"%s\"", text, q, c->stated, s);
	}
	if ((c->attr & a) != a)
		fail_msg("\"%s\": \"%s\" attr %#x, want bits %#x", text, q, c->attr, a);
	claims_free(&r);
}

/* text yields n claims of type t. */
static void has_n(const char *text, claim_type t, size_t n)
{
	claims_result r;
	extract(text, &r);
	if (count(&r, t) != n) {
		dump(&r, text);
		fail_msg("\"%s\": %zu %s claims, want %zu", text, count(&r, t), claims_type_name(t), n);
	}
	claims_free(&r);
}

static void test_fractions_and_ranges(void **state)
{
	(void)state;
	has("She is 3 ft 4½ in tall.", CLAIM_VALUE, "3 ft 4½ in", "3 ft 4.5 in", 0);
	has("He weighs 36¼ lb.", CLAIM_VALUE, "36¼ lb", "36.25 lb", 0);
	has("At 1½ years he was 82.3 cm long.", CLAIM_AGE, "At 1½ years", "1.5 years", 0);
	has("MUAC has stayed between 12.1 and 13.0 cm.", CLAIM_VALUE, "between 12.1 and 13.0 cm", "12.1-13.0 cm", 0);
	has("Weight is on the 25th–50th centiles.", CLAIM_PERCENTILE, "on the 25th–50th centiles", "P25-P50", 0);
	has("BMI 27.2 = 122.7% of P95 (>=120% P95).", CLAIM_VALUE, "122.7% of P95", "122.7% of P95", 0);
	has_n("BMI 27.2 kg/m2 = 122.7% P95.", CLAIM_PERCENTILE, 0);
}

static void test_changes(void **state)
{
	(void)state;
	/* a gain over a span said without a verb is a change, not a measurement */
	has("Growth velocity normal (9.1 cm in the past year).", CLAIM_TREND, "9.1 cm", "+9.1 cm", 0);
	has_n("Growth velocity normal (9.1 cm in the past year).", CLAIM_VALUE, 0);
	has("Growth velocity normal (9.1 cm in the past year).", CLAIM_TREND, "normal", "normal velocity", 0);
	has("She lost weight, down to 3.10 kg on day 4, a little over 10% of her birth weight.", CLAIM_TREND,
	    "over 10% of her birth weight", NULL, 0);
	has("His weight has dropped by almost two standard deviations.", CLAIM_TREND,
	    "dropped by almost two standard deviations", "falling by ~2 SD", 0);
	has("A fall of 1.5 SD since birth.", CLAIM_TREND, "fall of 1.5 SD", "falling by 1.5 SD", 0);
	has("Regained BW by day 10.", CLAIM_TREND, "Regained BW", "birth weight regained", 0);
	has("She was not back to her birth weight at 2 weeks.", CLAIM_TREND, "back to her birth weight",
	    "not birth weight regained", CLAIM_A_NEGATED);
	has("Her weight has come down since last year.", CLAIM_TREND, "come down", "falling", 0);
	has_n("Her weight has come down since last year.", CLAIM_ADVICE, 0);
	has("A sharp jump to 32.0 kg.", CLAIM_TREND, "jump", "rising", 0);
	/* "followed more slowly": the way of another measure, no steady trend */
	has_n("Length has followed more slowly.", CLAIM_TREND, 0);
}

static void test_not_claims(void **state)
{
	(void)state;
	has_n("Referred to the Healthy Weight clinic.", CLAIM_CATEGORY, 0);
	has_n("He is developing normally.", CLAIM_CATEGORY, 0);
	has_n("Routine follow-up at his 15-month visit is appropriate.", CLAIM_CATEGORY, 0);
	has_n("Plan: dietitian review for the early poor weight gain.", CLAIM_CATEGORY, 0);
	has_n("We plot growth on corrected age so that she is compared fairly with babies born at term.", CLAIM_AGE, 0);
	has_n("He has grown roughly 5 cm a year, which is reassuring.", CLAIM_CATEGORY, 0);
	/* one claim for two normal words joined by a comma */
	has_n("Overall this is healthy, normal growth.", CLAIM_CATEGORY, 1);
	has("Overall this is healthy, normal growth.", CLAIM_CATEGORY, "healthy, normal growth", "normal growth", 0);
}

static void test_category_words(void **state)
{
	(void)state;
	has("His BMI is normal, so undernutrition seems unlikely.", CLAIM_CATEGORY, "undernutrition", NULL,
	    CLAIM_A_NEGATED);
	has("His height is probably just familial.", CLAIM_CATEGORY, "familial", "no midparental_height_gap",
	    CLAIM_A_NEGATED);
	has("She is growing in keeping with her family.", CLAIM_CATEGORY, "in keeping with her family",
	    "no midparental_height_gap", CLAIM_A_NEGATED);
	has("He is now falling away from his mid-parental target.", CLAIM_CATEGORY,
	    "falling away from his mid-parental target", "midparental_height_gap", 0);
	/* a statement about children in general reaches the end of its clause only */
	has("Some babies settle onto a lower curve after weaning, and that may be so here — she is underweight.",
	    CLAIM_CATEGORY, "underweight", "underweight", 0);
	has_n("Some babies settle onto a lower curve after weaning.", CLAIM_TREND, 0);
}

static void test_ties_in_text(void **state)
{
	(void)state;
	/* weeks in parentheses after "term": the gestation, not an age of 9 months */
	has("Term baby (39 weeks), BW 3.05 kg.", CLAIM_AGE, "39 weeks", "39 weeks", 0);
	/* "for the 5-year visit" is a visit */
	has("Except for the 5-year visit, where the record shows 18.4 cm, all is well.", CLAIM_AGE, "for the 5-year visit",
	    "5 years", 0);
	/* an arrow between two values: a change from the first to the second */
	has("Weight rose (5.40 kg → 9.90 kg).", CLAIM_VALUE, "5.40 kg", "5.40 kg", CLAIM_A_PAST);
	has("Weight rose (5.40 kg -> 9.90 kg).", CLAIM_VALUE, "5.40 kg", "5.40 kg", CLAIM_A_PAST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fractions_and_ranges),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_not_claims),
		cmocka_unit_test(test_category_words),
		cmocka_unit_test(test_ties_in_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
