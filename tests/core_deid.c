/* core_deid.c — names, ids and dates out of free text (core/deid.h): whole-word and
 * case-insensitive terms, the longest term first, every date shape the header lists (and the
 * numbers that are not dates: z-scores, weights, ages, ranges, versions). */
#include "tests/testutil.h"

#include <ctype.h>

#include "core/deid.h"

static const char *scrub(const deid_terms *t, const char *in, deid_counts *c)
{
	static prompt_buf b;
	prompt_buf_reset(&b);
	deid_scrub(t, in, strlen(in), &b, c);
	assert_false(b.oom);
	return prompt_buf_str(&b);
}

static void test_terms(void **state)
{
	(void)state;
	deid_terms t;
	deid_terms_init(&t);
	assert_int_equal(deid_terms_add(&t, "Emma Synth-000123", "[name]", 1), 3);
	assert_int_equal(deid_terms_add(&t, "SYN-1-000123", "[id]", 0), 1);
	assert_int_equal(deid_terms_add(&t, "", "[id]", 0), 0);
	assert_int_equal(deid_terms_add(&t, NULL, "[id]", 0), 0);
	assert_int_equal(deid_terms_add(&t, "Emma", "[name]", 1), 0); /* already there */
	deid_counts c;
	assert_string_equal(scrub(&t, "Emma Synth-000123 is well.", &c), "[name] is well.");
	assert_int_equal(c.terms, 1);
	assert_string_equal(scrub(&t, "EMMA's weight; emma grew.", &c), "[name]'s weight; [name] grew.");
	assert_int_equal(c.terms, 2);
	/* whole words only */
	assert_string_equal(scrub(&t, "Emmanuel and Gemma, Emma.", &c), "Emmanuel and Gemma, [name].");
	assert_int_equal(c.terms, 1);
	assert_string_equal(scrub(&t, "id SYN-1-000123, synth-000123x", NULL), "id [id], synth-000123x");
	/* a name in UTF-8 is matched byte for byte; the byte after it counts as a letter */
	deid_terms_init(&t);
	deid_terms_add(&t, "Zoë", "[name]", 1);
	assert_string_equal(scrub(&t, "Zoë grew; Zoëy did not", NULL), "[name] grew; Zoëy did not");
	/* one-letter words are not removed */
	deid_terms_init(&t);
	assert_int_equal(deid_terms_add(&t, "J Smith", "[name]", 1), 2);
	assert_string_equal(scrub(&t, "J smith: a J.", NULL), "[name]: a J.");
	/* a term starting with a digit (an external id) */
	deid_terms_init(&t);
	deid_terms_add(&t, "20731", "[id]", 0);
	assert_string_equal(scrub(&t, "patient 20731 on 2021-03-04", NULL), "patient [id] on [date]");
	/* the table is bounded */
	deid_terms_init(&t);
	char w[DEID_MAX_TERMS + 1][16];
	for (int i = 0; i <= DEID_MAX_TERMS; i++) {
		snprintf(w[i], sizeof w[i], "w%02d", i);
		assert_int_equal(deid_terms_add(&t, w[i], "[x]", 0), i < DEID_MAX_TERMS ? 1 : -1);
	}
}

static void test_dates(void **state)
{
	(void)state;
	static const char *const dated[][2] = {
		{"seen 2021-03-04.", "seen [date]."},
		{"seen 2021/3/4 and 2021.03.04", "seen [date] and [date]"},
		{"born 04/03/2021, 4.3.21 and 12-31-2020", "born [date], [date] and [date]"},
		{"on 20210304 then", "on [date] then"},
		{"3 March 2021; 3rd of Mar. 2021; 31 dec 1999", "[date]; [date]; [date]"},
		{"March 3, 2021 and March 2021 and Sept 3", "[date] and [date] and [date]"},
		{"on 3 March the", "on [date] the"},
		{"(2021-03-04)", "([date])"},
	};
	for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
		deid_counts c;
		assert_string_equal(scrub(NULL, dated[i][0], &c), dated[i][1]);
		assert_true(c.dates >= 1);
		assert_int_equal(c.terms, 0);
	}
	static const char *const plain[] = {
		"z -2.03 at 4.5 years, 12.3 kg, 85.1 cm",
		"percentile 3.2 to 97.7; 1-2 visits; 2/3 of visits",
		"version 2.10.3; 1.5.2",
		"weight may fall; in May; March on",
		"id 12345678 and 99999999 and 2021-13-04 and 13/13/2020",
		"2021-03-04-1",
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		deid_counts c;
		assert_string_equal(scrub(NULL, plain[i], &c), plain[i]);
		assert_int_equal(c.dates, 0);
	}
	/* every month, in full and abbreviated, either case */
	static const char *const month[12] = {"January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December"};
	for (int m = 0; m < 12; m++) {
		char in[128], want[128];
		snprintf(in, sizeof in, "on 3 %s 2021, %.3s 4, 2020 and 5 %.3s", month[m], month[m], month[m]);
		snprintf(want, sizeof want, "on [date], [date] and [date]");
		deid_counts c;
		assert_string_equal(scrub(NULL, in, &c), want);
		assert_int_equal(c.dates, 3);
		for (char *q = in; *q; q++)
			*q = (char)toupper((unsigned char)*q);
		assert_string_equal(scrub(NULL, in, &c), "ON [date], [date] AND [date]");
	}
	/* 12345678 is not a date (month 56); 20211304 neither (month 13); 20210431 passes (day <= 31
	 * is all that is checked) */
	assert_string_equal(scrub(NULL, "20211304 20210431", NULL), "20211304 [date]");
}

static void test_empty(void **state)
{
	(void)state;
	prompt_buf b = PROMPT_BUF_INIT;
	deid_counts c = {9, 9};
	deid_scrub(NULL, "", 0, &b, &c);
	assert_string_equal(prompt_buf_str(&b), "");
	assert_int_equal(c.terms + c.dates, 0);
	prompt_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
