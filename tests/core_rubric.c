/* core_rubric.c — the rubric's names (a contract), anchors, the tag <-> planted-kind <-> claim-type
 * mapping, the choice scale and the `?` help text. */
#include "tests/testutil.h"

#include "core/claims.h"
#include "core/rubric.h"

static void test_names_are_the_contract(void **state)
{
	(void)state;
	static const char *const axes[] = {"correctness", "completeness", "conciseness", "clarity"};
	static const char *const tags[] = {"wrong_percentile_or_z", "value_not_in_record", "unit_error",
					   "wrong_trend", "category_not_supported", "wrong_chart_or_age_basis",
					   "missed_flag", "unsafe_advice", "other"};
	static const char *const choices[] = {"a_much_better", "a_better", "tie", "b_better", "b_much_better",
					      "both_unacceptable"};
	static const char *const harms[] = {"none", "mild_moderate", "severe"};
	static const char *const likely[] = {"low", "medium", "high"};
	assert_int_equal(RUBRIC_NAXES, 4);
	assert_int_equal(RUBRIC_NTAGS, 9);
	assert_int_equal(RUBRIC_NCHOICES, 6);
	for (int i = 0; i < RUBRIC_NAXES; i++) {
		assert_string_equal(rubric_axis_name((rubric_axis)i), axes[i]);
		assert_int_equal(rubric_axis_parse(axes[i]), i);
	}
	for (int i = 0; i < RUBRIC_NTAGS; i++) {
		assert_string_equal(rubric_tag_name((rubric_tag)i), tags[i]);
		assert_int_equal(rubric_tag_parse(tags[i]), i);
		assert_true(strlen(rubric_tag_short((rubric_tag)i)) <= 8);
		assert_true(strlen(rubric_tag_anchor((rubric_tag)i)) > 10);
	}
	for (int i = 0; i < RUBRIC_NCHOICES; i++) {
		assert_string_equal(rubric_choice_name((rubric_choice)i), choices[i]);
		assert_int_equal(rubric_choice_parse(choices[i]), i);
	}
	for (int i = 0; i < RUBRIC_NHARM; i++) {
		assert_string_equal(rubric_harm_name((rubric_harm)i), harms[i]);
		assert_int_equal(rubric_harm_parse(harms[i]), i);
		assert_string_equal(rubric_likelihood_name((rubric_likelihood)i), likely[i]);
		assert_int_equal(rubric_likelihood_parse(likely[i]), i);
	}
	assert_string_equal(rubric_harm_label(RUBRIC_HARM_MILD_MODERATE), "mild-moderate");
	assert_string_equal(rubric_choice_label(RUBRIC_BOTH_UNACCEPTABLE), "both unacceptable");
	/* unknown names and values */
	assert_int_equal(rubric_axis_parse("Correctness"), RUBRIC_NAXES);
	assert_int_equal(rubric_axis_parse(NULL), RUBRIC_NAXES);
	assert_int_equal(rubric_tag_parse("unsupported_category"), RUBRIC_NTAGS); /* variants' name, not a tag */
	assert_int_equal(rubric_choice_parse(""), RUBRIC_NCHOICES);
	assert_int_equal(rubric_harm_parse("mild-moderate"), RUBRIC_NHARM);
	assert_int_equal(rubric_likelihood_parse("HIGH"), RUBRIC_NLIKELY);
	assert_string_equal(rubric_axis_name(RUBRIC_NAXES), "");
	assert_string_equal(rubric_tag_name((rubric_tag)-1), "");
	assert_string_equal(rubric_choice_label(RUBRIC_NCHOICES), "");
	assert_int_equal(RUBRIC_VERSION, 1);
	assert_string_equal(RUBRIC_ID, "gv-rubric-1");
}

static void test_anchors(void **state)
{
	(void)state;
	for (int a = 0; a < RUBRIC_NAXES; a++) {
		for (int s = 1; s <= 5; s++) {
			const char *t = rubric_anchor((rubric_axis)a, s);
			assert_true(strlen(t) >= 8);
			assert_true(strlen(t) <= 100); /* one line of the help at 80 columns with its indent */
			assert_null(strchr(t, '\n'));
			for (int u = 1; u < s; u++)
				assert_string_not_equal(t, rubric_anchor((rubric_axis)a, u));
		}
		assert_string_equal(rubric_anchor((rubric_axis)a, 0), "");
		assert_string_equal(rubric_anchor((rubric_axis)a, 6), "");
		assert_true(strlen(rubric_axis_question((rubric_axis)a)) > 10);
	}
	assert_string_equal(rubric_anchor(RUBRIC_CORRECTNESS, 5),
			    "Every statement agrees with the record and the computed z-scores and flags");
	assert_string_equal(rubric_anchor(RUBRIC_COMPLETENESS, 1),
			    "Omits the main finding (an open moderate or severe flag, or the current growth status)");
	assert_string_equal(rubric_anchor(RUBRIC_NAXES, 3), "");
	assert_string_equal(rubric_axis_short(RUBRIC_CONCISENESS), "Conc");
	assert_string_equal(rubric_axis_label(RUBRIC_CLARITY), "Clarity");
}

/* Each tag catches exactly one planted kind (core/variants.h) and the reverse. */
static void test_tags_and_planted_kinds(void **state)
{
	(void)state;
	static const char *const kind_names[] = {"wrong_percentile_or_z", "value_not_in_record", "unit_error",
						 "wrong_trend", "unsupported_category", "wrong_basis",
						 "missed_flag", "unsafe_advice", "other"};
	assert_int_equal(RUBRIC_NTAGS, VARIANTS_NKINDS);
	unsigned seen = 0;
	for (int t = 0; t < RUBRIC_NTAGS; t++) {
		variants_kind k = rubric_tag_kind((rubric_tag)t);
		assert_string_equal(variants_kind_name(k), kind_names[t]);
		assert_int_equal(rubric_tag_of_kind(k), t);
		assert_false(seen & (1u << k));
		seen |= 1u << k;
	}
	assert_int_equal(rubric_tag_kind(RUBRIC_NTAGS), VARIANTS_NKINDS);
	assert_int_equal(rubric_tag_of_kind(VARIANTS_NKINDS), RUBRIC_NTAGS);
	unsigned kinds = (1u << VARIANTS_UNIT_ERROR) | (1u << VARIANTS_WRONG_BASIS) | (1u << VARIANTS_MISSED_FLAG);
	assert_int_equal(rubric_tags_of_kinds(kinds), RUBRIC_TAG_BIT(RUBRIC_TAG_UNIT_ERROR) |
							  RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_CHART_OR_AGE_BASIS) |
							  RUBRIC_TAG_BIT(RUBRIC_TAG_MISSED_FLAG));
	assert_int_equal(rubric_tags_of_kinds(0), 0);
	assert_int_equal(rubric_tags_of_kinds(1u << 30), 0);
}

static void test_tags_and_claim_types(void **state)
{
	(void)state;
#define B(t) (1u << (t))
	static const unsigned want[RUBRIC_NTAGS] = {
		B(CLAIM_PERCENTILE) | B(CLAIM_Z), B(CLAIM_VALUE) | B(CLAIM_AGE), B(CLAIM_VALUE), B(CLAIM_TREND),
		B(CLAIM_CATEGORY), B(CLAIM_BASIS), 0, B(CLAIM_ADVICE), 0,
	};
	unsigned all = 0;
	for (int t = 0; t < RUBRIC_NTAGS; t++) {
		assert_int_equal(rubric_tag_claim_types((rubric_tag)t), want[t]);
		all |= want[t];
	}
	/* every claim type the checker produces is described by some tag */
	assert_int_equal(all, (1u << CLAIM_NTYPES) - 1);
	assert_int_equal(rubric_tag_claim_types(RUBRIC_NTAGS), 0);
#undef B
}

static void test_choice_scale(void **state)
{
	(void)state;
	static const int side[] = {-1, -1, 0, 1, 1, 0};
	for (int c = 0; c < RUBRIC_NCHOICES; c++) {
		assert_int_equal(rubric_choice_side((rubric_choice)c), side[c]);
		rubric_choice m = rubric_choice_mirror((rubric_choice)c);
		assert_int_equal(rubric_choice_side(m), -side[c]);
		assert_int_equal(rubric_choice_mirror(m), c);
	}
	assert_int_equal(rubric_choice_mirror(RUBRIC_A_MUCH_BETTER), RUBRIC_B_MUCH_BETTER);
	assert_int_equal(rubric_choice_mirror(RUBRIC_B_BETTER), RUBRIC_A_BETTER);
	assert_int_equal(rubric_choice_mirror(RUBRIC_BOTH_UNACCEPTABLE), RUBRIC_BOTH_UNACCEPTABLE);
	assert_int_equal(rubric_choice_side(RUBRIC_NCHOICES), 0);
}

static void test_help_lines(void **state)
{
	(void)state;
	char b[256];
	int n = 0;
	while (rubric_help_line(n, b, sizeof b)) {
		assert_null(strchr(b, '\n'));
		n++;
	}
	/* 4 axes x 8 lines, harm 1+3+1, likelihood 1+3+1, tags 1+9+1, choices 1+6 */
	assert_int_equal(n, 32 + 5 + 5 + 11 + 7);
	assert_string_equal(b, "");
	rubric_help_line(0, b, sizeof b);
	assert_string_equal(b, "Correctness (1-5)");
	rubric_help_line(2, b, sizeof b);
	assert_string_equal(b, "  1  Several statements contradict the record or the chart, or one would change management");
	rubric_help_line(8 * 3 + 6, b, sizeof b);
	assert_string_equal(b, "  5  Clear and well organised for its audience at first reading");
	rubric_help_line(33, b, sizeof b);
	assert_string_equal(b, "  1  none - Acting on it could not harm the child");
	rubric_help_line(32 + 5 + 5 + 3, b, sizeof b);
	assert_string_equal(b, "  3  unit error - A value in the wrong unit (pounds as kilograms, inches as cm)");
	rubric_help_line(n - 1, b, sizeof b);
	assert_string_equal(b, "  6  both unacceptable - Neither could be used as written (a tie where both are bad)");
	/* cut to the buffer, NUL-terminated */
	char s[8];
	assert_int_equal(rubric_help_line(0, s, sizeof s), 1);
	assert_string_equal(s, "Correct");
	assert_int_equal(rubric_help_line(n - 1, s, sizeof s), 1);
	assert_string_equal(s, "  6  bo");
	assert_int_equal(rubric_help_line(n, NULL, 0), 0);
	assert_int_equal(rubric_help_line(0, NULL, 0), 1);
	assert_int_equal(rubric_help_line(-1, b, sizeof b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_are_the_contract),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_tags_and_planted_kinds),
		cmocka_unit_test(test_tags_and_claim_types),
		cmocka_unit_test(test_choice_scale),
		cmocka_unit_test(test_help_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
