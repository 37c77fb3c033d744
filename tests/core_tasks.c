/* core_tasks.c — the benchmark's task items (core/tasks.h): names and split ratios, SipHash
 * against the paper's vector, splits (deterministic, order-free, proportions, pinned values), item
 * ids, the JSON member removal, the classification truth and the regression answers of the
 * hand-checked children of tests/tu_summary.h (every number there checked outside growthview),
 * the 365-day edge of an open flag, suspect flags left out, and no look-ahead on a synthetic
 * cohort: an item of visit k is the same whatever comes after it. */
#include "tests/tu_summary.h"

#include "core/baseline.h"
#include "core/tasks.h"

#define BIT(c) GV_CAT_BIT(c)

/* ------------------------------------------------------------------ names, ratios, ids */

static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < TASK_NKINDS; k++)
		assert_int_equal(tasks_kind_parse(tasks_kind_name((task_kind)k)), k);
	assert_string_equal(tasks_kind_name(TASK_SUMMARISATION), "summarisation");
	assert_string_equal(tasks_kind_name(TASK_CLASSIFICATION), "classification");
	assert_string_equal(tasks_kind_name(TASK_REGRESSION), "regression");
	assert_int_equal(tasks_kind_parse("summarization"), TASK_NKINDS);
	assert_int_equal(tasks_kind_parse(NULL), TASK_NKINDS);
	assert_string_equal(tasks_kind_name(TASK_NKINDS), "");
	assert_string_equal(tasks_split_name(TASK_TRAIN), "train");
	assert_string_equal(tasks_split_name(TASK_VALIDATION), "validation");
	assert_string_equal(tasks_split_name(TASK_TEST), "test");
	assert_string_equal(tasks_split_name(TASK_NSPLITS), "");
}

static void test_ratio_parse(void **state)
{
	(void)state;
	tasks_ratio r;
	tasks_ratio_default(&r);
	assert_int_equal(r.w[0], 80);
	assert_int_equal(r.w[1], 10);
	assert_int_equal(r.w[2], 10);
	assert_int_equal(tasks_ratio_parse("8:1:1", &r), GV_OK);
	assert_int_equal(r.w[0], 8);
	assert_int_equal(r.w[2], 1);
	assert_int_equal(tasks_ratio_parse("100:0:0", &r), GV_OK);
	assert_int_equal(r.w[1], 0);
	assert_int_equal(tasks_ratio_parse("1000000:0:1", &r), GV_OK);
	assert_int_equal(r.w[0], 1000000);
	static const char *const bad[] = {"", "80:10", "80:10:10:0", "0:0:0", "-1:1:1", "80:1x:10", "1000001:0:0",
					  " 80:10:10", "80:10:10 ", "80::10", "80:10:", ":10:10", "+8:1:1", "8.5:1:1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tasks_ratio_default(&r);
		if (tasks_ratio_parse(bad[i], &r) != GV_EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(r.w[0], 80); /* untouched */
	}
	assert_int_equal(tasks_ratio_parse(NULL, &r), GV_EINVAL);
}

static void test_item_id(void **state)
{
	(void)state;
	char id[64];
	assert_int_equal(tasks_item_id(id, sizeof id, "gv-0123456789abcdef", TASK_CLASSIFICATION, 2), 36);
	assert_string_equal(id, "gv-0123456789abcdef:classification:3");
	tasks_item_id(id, sizeof id, "gv-0123456789abcdef", TASK_REGRESSION, 0);
	assert_string_equal(id, "gv-0123456789abcdef:regression:1");
	tasks_item_id(id, sizeof id, "gv-0123456789abcdef", TASK_SUMMARISATION, 7);
	assert_string_equal(id, "gv-0123456789abcdef:summarisation");
	assert_int_equal(tasks_item_id(id, 6, "gv-0123456789abcdef", TASK_SUMMARISATION, 0), 33);
	assert_string_equal(id, "gv-01"); /* cut, NUL-terminated */
}

/* ------------------------------------------------------------------ SipHash and splits */

static void test_siphash_vectors(void **state)
{
	(void)state;
	unsigned char key[16], msg[64];
	for (int i = 0; i < 16; i++)
		key[i] = (unsigned char)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (unsigned char)i;
	/* Aumasson & Bernstein 2012, appendix A: key 00..0f, message 00..0e -> a129ca6149be45e5 */
	assert_true(tasks_siphash(key, msg, 15) == 0xa129ca6149be45e5ull);
	/* The reference implementation's vectors.h (vectors_sip64), lengths 0, 1, 7, 8, 63 */
	assert_true(tasks_siphash(key, msg, 0) == 0x726fdb47dd0e0e31ull);
	assert_true(tasks_siphash(key, msg, 1) == 0x74f839c593dc67fdull);
	assert_true(tasks_siphash(key, msg, 7) == 0xab0200f58b01d137ull);
	assert_true(tasks_siphash(key, msg, 8) == 0x93f5f5799a932462ull);
	assert_true(tasks_siphash(key, msg, 63) == 0x958a324ceb064572ull);
}

static void test_split_properties(void **state)
{
	(void)state;
	tasks_ratio r;
	tasks_ratio_default(&r);
	enum { N = 20000 };
	long cnt[TASK_NSPLITS] = {0}, moved = 0;
	char ps[32];
	for (int i = 0; i < N; i++) {
		snprintf(ps, sizeof ps, "gv-%016x", (unsigned)i * 2654435761u);
		task_split s = tasks_split_of(ps, 1, &r);
		assert_int_equal(tasks_split_of(ps, 1, &r), s); /* a function of the child alone */
		cnt[s]++;
		moved += tasks_split_of(ps, 2, &r) != s;
	}
	/* 80:10:10 within 1.5 percentage points (binomial sd at N = 20000: 0.28 and 0.21 points) */
	assert_true(labs(cnt[TASK_TRAIN] - N * 8 / 10) < N * 15 / 1000);
	assert_true(labs(cnt[TASK_VALIDATION] - N / 10) < N * 15 / 1000);
	assert_true(labs(cnt[TASK_TEST] - N / 10) < N * 15 / 1000);
	/* another seed reshuffles: P(same split) = 0.8^2 + 2 * 0.1^2 = 0.66 */
	assert_true(moved > N * 30 / 100 && moved < N * 38 / 100);
	/* a split of weight 0 gets nobody */
	tasks_ratio_parse("1:0:0", &r);
	for (int i = 0; i < 1000; i++) {
		snprintf(ps, sizeof ps, "gv-%016x", (unsigned)i);
		assert_int_equal(tasks_split_of(ps, (uint64_t)i, &r), TASK_TRAIN);
	}
	tasks_ratio_parse("0:0:7", &r);
	assert_int_equal(tasks_split_of("gv-x", 5, &r), TASK_TEST);
	tasks_ratio_parse("0:3:0", &r);
	assert_int_equal(tasks_split_of("gv-x", 5, &r), TASK_VALIDATION);
}

/* The split is part of the dataset's identity: the same pseudonym and seed give the same split in
 * every version.  h and u = (h >> 32) * 100 >> 32 from an independent SipHash-2-4 written in
 * Python from the paper (checked against its appendix vector), key = the seed's 8 bytes twice.
 * Three sit on the bucket edges of 80:10:10: u = 79 (train), 80 (validation), 90 (test). */
static void test_split_pinned(void **state)
{
	(void)state;
	static const struct {
		const char *ps;
		uint64_t seed, h;
		task_split s;
	} t[] = {
		{"gv-4a73a3b5f45a237b", 1, 0xa28e20e6e1df09f5ull, TASK_TRAIN},      /* u 63 */
		{"gv-4a73a3b5f45a237b", 2, 0xb3bbd1dd5409d0eeull, TASK_TRAIN},      /* u 70 */
		{"gv-0000000000000000", 1, 0x68e77293eea47471ull, TASK_TRAIN},      /* u 40 */
		{"gv-000000000000000d", 1, 0xfba32ed30ac7fd2aull, TASK_TEST},       /* u 98 */
		{"gv-0000000000000022", 1, 0xd8489e27c18e9995ull, TASK_VALIDATION}, /* u 84 */
		{"gv-000000000000002f", 1, 0xe891e5bd953889fcull, TASK_TEST},       /* u 90 */
		{"gv-000000000000005d", 1, 0xcbfaefeb20632dc7ull, TASK_TRAIN},      /* u 79 */
		{"gv-00000000000000a1", 1, 0xce39590ed6251ae7ull, TASK_VALIDATION}, /* u 80 */
	};
	tasks_ratio r;
	tasks_ratio_default(&r);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		unsigned char key[16];
		for (int j = 0; j < 8; j++)
			key[j] = key[j + 8] = (unsigned char)(t[i].seed >> (8 * j));
		if (tasks_siphash(key, t[i].ps, strlen(t[i].ps)) != t[i].h)
			fail_msg("siphash of %s seed %llu", t[i].ps, (unsigned long long)t[i].seed);
		if (tasks_split_of(t[i].ps, t[i].seed, &r) != t[i].s)
			fail_msg("split of %s seed %llu: %s", t[i].ps, (unsigned long long)t[i].seed,
				 tasks_split_name(tasks_split_of(t[i].ps, t[i].seed, &r)));
	}
}

/* --per-child: exactly min(n, candidates) kept, by the seed, the same every time. */
static void test_keep(void **state)
{
	(void)state;
	size_t differ = 0;
	for (int c = 0; c < 200; c++) {
		char ps[32];
		snprintf(ps, sizeof ps, "gv-%016x", (unsigned)c * 40503u);
		for (size_t ncand = 0; ncand < 25; ncand += 4) {
			for (size_t n = 1; n < 6; n += 2) {
				size_t kept = 0, kept2 = 0;
				for (size_t v = 0; v < ncand; v++) {
					int k = tasks_keep(ps, 1, TASK_CLASSIFICATION, v, ncand, n);
					assert_int_equal(k, tasks_keep(ps, 1, TASK_CLASSIFICATION, v, ncand, n));
					kept += (size_t)k;
					int k2 = tasks_keep(ps, 2, TASK_CLASSIFICATION, v, ncand, n);
					kept2 += (size_t)k2;
					differ += k != k2;
				}
				assert_int_equal(kept, n < ncand ? n : ncand);
				assert_int_equal(kept2, n < ncand ? n : ncand);
			}
		}
		assert_int_equal(tasks_keep(ps, 1, TASK_REGRESSION, 5, 5, 3), 0); /* not a candidate */
	}
	assert_true(differ > 1000); /* another seed, other items */
}

/* ------------------------------------------------------------------ JSON member removal */

static void drop_case(const char *in, const char *key, int want_rc, const char *want)
{
	prompt_buf b = PROMPT_BUF_INIT;
	prompt_buf_puts(&b, in);
	int rc = tasks_json_drop(&b, key);
	if (rc != want_rc || strcmp(prompt_buf_str(&b), want) != 0)
		fail_msg("drop %s from %s: rc %d '%s', want %d '%s'", key, in, rc, prompt_buf_str(&b), want_rc, want);
	prompt_buf_free(&b);
}

static void test_json_drop(void **state)
{
	(void)state;
	drop_case("{\"a\":1,\"b\":[1,{\"c\":2}],\"d\":\"x\"}", "b", 1, "{\"a\":1,\"d\":\"x\"}");
	drop_case("{\"a\":1,\"b\":[1,{\"c\":2}],\"d\":\"x\"}", "a", 1, "{\"b\":[1,{\"c\":2}],\"d\":\"x\"}");
	drop_case("{\"a\":1,\"b\":[1,{\"c\":2}],\"d\":\"x\"}", "d", 1, "{\"a\":1,\"b\":[1,{\"c\":2}]}");
	drop_case("{\"a\":1}", "a", 1, "{}");
	drop_case("{\"a\":1,\"b\":{\"c\":2}}", "c", 0, "{\"a\":1,\"b\":{\"c\":2}}"); /* nested: not a member */
	drop_case("{\"s\":\"}]\\\"{\",\"t\":null,\"u\":true}", "t", 1, "{\"s\":\"}]\\\"{\",\"u\":true}");
	drop_case("{ \"a\" : 1 , \"b\" : 2 }", "a", 1, "{ \"b\" : 2 }");
	drop_case("{ \"a\" : 1 , \"b\" : 2 }", "b", 1, "{ \"a\" : 1 }");
	drop_case("{\"ab\":1,\"a\":2}", "a", 1, "{\"ab\":1}");
	drop_case("{}", "a", 0, "{}");
	drop_case("[1,2]", "a", -1, "[1,2]");
	drop_case("{\"a\":[1,2", "a", -1, "{\"a\":[1,2");
}

/* ------------------------------------------------------------------ hand-checked children */

static tasks_gen gen;

static int setup(void **state)
{
	(void)state;
	tasks_gen_init(&gen);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tasks_gen_free(&gen);
	return 0;
}

static uint64_t truth_at(const gv_child *c, size_t k)
{
	tasks_class_answer a;
	assert_int_equal(tasks_child_begin(&gen, c, NULL), GV_OK);
	assert_int_equal(tasks_class_truth(&gen, k, &a), GV_OK);
	assert_int_equal(a.abnormal, a.cats != 0);
	return a.cats;
}

/* Child C: head z -2.7253 at birth (microcephaly, hcfa_below_m2sd: z < -2, Ashwal 2009), -3.5254
 * at day 61 (severe: z < -3), -2.7352 at day 183, -1.9955 at day 365: no flag at that visit, but
 * the one of day 183 is within 365 days, so microcephaly is still open there. */
static void test_class_child_c(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_c(&c, v);
	for (size_t k = 0; k < 4; k++)
		assert_true(truth_at(&c, k) == BIT(GV_CAT_MICROCEPHALY));
	/* a fifth visit 548 days old (183 + 365): still open; 549: no longer */
	v[4] = tu_visit(2021, 6, 1, 10.9, 81.0, 'L', 45.0);
	v[4].date = c.p.birth_date + 548;
	c.nv = 5;
	assert_true(truth_at(&c, 4) == BIT(GV_CAT_MICROCEPHALY));
	v[4].date = c.p.birth_date + 549;
	assert_true(truth_at(&c, 4) == 0);
	tasks_item it;
	assert_int_equal(tasks_classification(&gen, 4, &it), GV_OK);
	assert_int_equal(it.cls.abnormal, 0);
	assert_true(it.cls.cats == 0);
}

/* Children A and B grow normally: nothing open anywhere (A is preterm: corrected ages). */
static void test_class_normal(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_a(&c, v);
	for (size_t k = 0; k < c.nv; k++)
		assert_true(truth_at(&c, k) == 0);
	tu_child_b(&c, v);
	for (size_t k = 0; k < c.nv; k++)
		assert_true(truth_at(&c, k) == 0);
}

/* Child D: 4.000 kg at day 183 is a BIV and an EWMA outlier; the severe wasting and severe
 * underweight it makes are suspect, so they are not the truth, though the engine raises them. */
static void test_class_suspect_left_out(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_d(&c, v);
	gv_flag fl[32];
	size_t n;
	gv_child cut = c;
	cut.nv = 4;
	assert_int_equal(flags_compute(&cut, NULL, fl, 32, &n), GV_OK);
	int severe_suspect = 0;
	for (size_t j = 0; j < n; j++)
		severe_suspect |= fl[j].severity == GV_SEV_SEVERE && fl[j].suspect &&
				  (fl[j].category == GV_CAT_WASTING || fl[j].category == GV_CAT_UNDERWEIGHT);
	assert_true(severe_suspect);
	for (size_t k = 0; k < c.nv; k++)
		assert_true(truth_at(&c, k) == 0);
}

/* Child B with 18.0 kg at 4 years (BMI 17.1, between CDC's 85th and 95th percentiles): the
 * engine says "overweight" at severity info only, which is not an open finding. */
static void test_class_info_left_out(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_b(&c, v);
	v[3].weight_kg = 18.0;
	gv_flag fl[32];
	size_t n;
	assert_int_equal(flags_compute(&c, NULL, fl, 32, &n), GV_OK);
	int info = 0;
	for (size_t j = 0; j < n; j++)
		info |= fl[j].severity == GV_SEV_INFO && !fl[j].suspect && fl[j].category == GV_CAT_OVERWEIGHT &&
			fl[j].visit == 3 && strcmp(fl[j].rule, "bmi_p85_to_p95") == 0;
	assert_true(info);
	assert_true(truth_at(&c, 3) == 0);
	/* 19.5 kg: BMI 18.6, above the 95th: obesity, moderate */
	v[3].weight_kg = 19.5;
	assert_true(truth_at(&c, 3) == BIT(GV_CAT_OBESITY));
}

static void check_reg(const gv_child *c, size_t k, int32_t age, double w, double h, double zw, double zl)
{
	tasks_item it;
	assert_int_equal(tasks_child_begin(&gen, c, NULL), GV_OK);
	assert_int_equal(tasks_regression(&gen, k, &it), GV_OK);
	assert_int_equal(it.kind, TASK_REGRESSION);
	assert_int_equal(it.visit, k);
	assert_int_equal(it.reg.visit, k + 1);
	assert_int_equal(it.reg.age_days, age);
	const double got[4] = {it.reg.weight_kg, it.reg.height_cm, it.reg.z_wfa, it.reg.z_lhfa};
	const double want[4] = {w, h, zw, zl};
	for (int i = 0; i < 4; i++) {
		if (isinf(want[i]))
			continue;
		if (isnan(want[i]) != isnan(got[i]) || (!isnan(want[i]) && fabs(got[i] - want[i]) > 5e-5))
			fail_msg("visit %zu field %d: %.6f, want %.6f", k, i, got[i], want[i]);
	}
}

static void test_regression_answers(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	/* A: born at 32+0 weeks.  Day 86 (2023-01-10 -> 04-06) is 44+2 weeks postmenstrual, before
	 * the switch at 64 weeks: z on the INTERGROWTH-21st preterm postnatal standard (Villar et al.,
	 * Lancet Glob Health 2015; core/ig21, checked against the published tables), not WHO by
	 * corrected age (day 30 corrected: z -0.4872 / -0.8360, what this test said before the engine
	 * scored preterm visits on INTERGROWTH-21st). */
	tu_child_a(&c, v);
	check_reg(&c, 0, 86, 3.9, 52.0, -0.2295, -0.6206);
	check_reg(&c, 2, 273, 7.2, 66.5, -0.5359, -0.4226);
	/* B: from WHO 2006 at 18 months to CDC 2000 at 24.1 months */
	tu_child_b(&c, v);
	check_reg(&c, 0, 735, 12.5, 87.0, -0.1410, 0.1222);
	check_reg(&c, 2, 1464, 16.0, 102.5, -0.1295, 0.0520);
	/* C: the weight typed in pounds at day 183 is implausible: no weight, no z_wfa there */
	tu_child_c(&c, v);
	check_reg(&c, 2, 365, 9.4, 75.0, -0.2363, -0.3111);
	tasks_item it;
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_OK);
	assert_int_equal(tasks_regression(&gen, 1, &it), GV_OK);
	assert_true(isnan(it.reg.weight_kg) && isnan(it.reg.z_wfa));
	assert_true(it.reg.height_cm == 66.0 && isfinite(it.reg.z_lhfa));
	/* D: the 4.000 kg at day 183 (BIV) is no answer */
	tu_child_d(&c, v);
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_OK);
	assert_int_equal(tasks_regression(&gen, 2, &it), GV_OK);
	assert_true(isnan(it.reg.weight_kg) && isnan(it.reg.z_wfa) && it.reg.height_cm == 66.0);
	check_reg(&c, 4, 369, 9.1, 74.5, 0.1119, INFINITY); /* z_lhfa not hand-checked */
	/* a next visit with only a head circumference: nothing to predict */
	tu_child_c(&c, v);
	v[4] = tu_visit(2022, 12, 1, NAN, NAN, 0, 45.0);
	c.nv = 5;
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_OK);
	assert_int_equal(tasks_regression(&gen, 3, &it), GV_MISSING);
	assert_int_equal(tasks_regression(&gen, 4, &it), GV_EINVAL); /* no next visit */
	assert_int_equal(tasks_classification(&gen, 5, &it), GV_EINVAL);
}

static int contains(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(s + i, w, m) == 0)
			return 1;
	return 0;
}

/* The classification prompt and input never state the flags (they are the answer); the
 * regression ones keep them.  Inputs are valid JSON with the version and the target. */
static void test_prompts_inputs(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_c(&c, v);
	tasks_item it;
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_OK);
	assert_int_equal(tasks_classification(&gen, 1, &it), GV_OK);
	const char *user = strstr(it.prompt, "\n\n");
	assert_non_null(user);
	size_t un = it.prompt_len - (size_t)(user - it.prompt);
	assert_false(contains(user, un, "microcephaly"));
	assert_false(contains(user, un, "hcfa_below"));
	assert_false(contains(user, un, "Flags"));
	assert_true(contains(user, un, "Visit 2: age 2m 0d"));
	assert_false(contains(user, un, "Visit 3")); /* nothing after visit k */
	assert_true(contains(user, un, "Task: list the growth flag categories of severity moderate or severe open at visit 2 "
				       "(the last visit, 2m 0d)"));
	assert_true(contains(it.prompt, it.prompt_len, "microcephaly")); /* the list of names */
	assert_true(tu_json_valid(it.input, it.input_len));
	assert_false(contains(it.input, it.input_len, "\"flags\""));
	assert_false(contains(it.input, it.input_len, "hcfa_below"));
	assert_false(contains(it.input, it.input_len, "\"instructions\""));
	assert_true(contains(it.input, it.input_len, "\"tasks_version\":1}"));
	assert_int_equal((int)strlen(it.prompt), (int)it.prompt_len);

	assert_int_equal(tasks_regression(&gen, 1, &it), GV_OK);
	assert_true(contains(it.prompt, it.prompt_len, "hcfa_below_m3sd"));
	assert_true(contains(it.prompt, it.prompt_len, "Task: predict weight_kg, height_cm, z_wfa and z_lhfa at the next "
						       "visit, visit 3, at age 183 days (6m 0d).\n"));
	assert_false(contains(it.prompt, it.prompt_len, "Visit 3:"));
	assert_false(contains(it.prompt, it.prompt_len, "17.2"));
	assert_true(tu_json_valid(it.input, it.input_len));
	assert_true(contains(it.input, it.input_len, "\"flags\":["));
	assert_true(contains(it.input, it.input_len, ",\"tasks_version\":1,\"target\":{\"visit\":3,\"age_days\":183}}"));

	/* summarisation: the template's prompt and the baseline of the whole record */
	assert_int_equal(tasks_summarisation(&gen, &it), GV_OK);
	prompt_facts f;
	prompt p;
	baseline bl;
	prompt_facts_init(&f);
	prompt_init(&p);
	baseline_init(&bl);
	assert_int_equal(prompt_facts_compute(&f, &c, NULL), GV_OK);
	assert_int_equal(prompt_build(&f, NULL, 1, &p), GV_OK);
	assert_int_equal(baseline_write(&f, NULL, &bl), GV_OK);
	assert_string_equal(it.prompt, prompt_buf_str(&p.text));
	assert_string_equal(it.reference, prompt_buf_str(&bl.text));
	assert_int_equal(it.reference_len, bl.text.len);
	assert_true(it.input_len == p.json.len + strlen(",\"tasks_version\":1"));
	assert_int_equal(memcmp(it.input, prompt_buf_str(&p.json), p.json.len - 1), 0);
	assert_true(tu_json_valid(it.input, it.input_len));
	baseline_free(&bl);
	prompt_free(&p);
	prompt_facts_free(&f);
}

static void test_no_items(void **state)
{
	(void)state;
	gv_child c;
	gv_visit v[8];
	tu_child_c(&c, v);
	c.p.sex = GV_SEX_UNKNOWN;
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_MISSING);
	tu_child_c(&c, v);
	c.nv = 0;
	assert_int_equal(tasks_child_begin(&gen, &c, NULL), GV_MISSING);
	assert_int_equal(tasks_child_begin(&gen, NULL, NULL), GV_EINVAL);
}

/* ------------------------------------------------------------------ no look-ahead */

/* Every item of visit k is the same, byte for byte, for the record cut after k (classification)
 * or after k + 1 (regression: the held-out visit) and for a record whose later visits are
 * different; a synthetic cohort with every planted condition frequent. */
static void test_no_lookahead(void **state)
{
	(void)state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	tasks_gen g2;
	tasks_gen_init(&g2);
	prompt_buf a = PROMPT_BUF_INIT, b = PROMPT_BUF_INIT;
	long items = 0, positive = 0;
	for (uint64_t i = 0; i < 150; i++) {
		gv_visit v[SYNTH_MAX_VISITS], w[SYNTH_MAX_VISITS];
		gv_child c;
		assert_int_equal(synth_child(&cfg, 7, i, &c, v, NULL), GV_OK);
		if (tasks_child_begin(&gen, &c, NULL) != GV_OK)
			continue;
		for (size_t k = 0; k < c.nv; k++) {
			/* the same visits up to k, then the later ones changed: weights tripled, heights -20% */
			memcpy(w, v, c.nv * sizeof *w);
			for (size_t j = k + 1; j < c.nv; j++) {
				w[j].weight_kg *= 3;
				w[j].height_cm *= 0.8;
			}
			gv_child d = c, cut = c;
			d.v = w;
			cut.nv = k + 1;
			tasks_item x, y;
			assert_int_equal(tasks_classification(&gen, k, &x), GV_OK);
			prompt_buf_reset(&a);
			prompt_buf_put(&a, x.prompt, x.prompt_len);
			prompt_buf_put(&a, x.input, x.input_len);
			positive += x.cls.abnormal;
			const gv_child *other[2] = {&d, &cut};
			for (int o = 0; o < 2; o++) {
				assert_int_equal(tasks_child_begin(&g2, other[o], NULL), GV_OK);
				assert_int_equal(tasks_classification(&g2, k, &y), GV_OK);
				prompt_buf_reset(&b);
				prompt_buf_put(&b, y.prompt, y.prompt_len);
				prompt_buf_put(&b, y.input, y.input_len);
				if (x.cls.cats != y.cls.cats || strcmp(prompt_buf_str(&a), prompt_buf_str(&b)) != 0)
					fail_msg("child %llu visit %zu: the classification item depends on later visits",
						 (unsigned long long)i, k);
			}
			items++;
			if (k + 1 >= c.nv)
				continue;
			/* regression: the record cut after k + 1, and later visits changed after k + 1 */
			for (size_t j = k + 2; j < c.nv; j++)
				w[j] = v[j], w[j].weight_kg *= 3;
			for (size_t j = 0; j <= k + 1; j++)
				w[j] = v[j];
			cut.nv = k + 2;
			gv_status sx = tasks_regression(&gen, k, &x);
			assert_true(sx == GV_OK || sx == GV_MISSING);
			if (sx == GV_OK) {
				prompt_buf_reset(&a);
				prompt_buf_put(&a, x.prompt, x.prompt_len);
				prompt_buf_put(&a, x.input, x.input_len);
			}
			for (int o = 0; o < 2; o++) {
				assert_int_equal(tasks_child_begin(&g2, other[o], NULL), GV_OK);
				assert_int_equal(tasks_regression(&g2, k, &y), sx);
				if (sx != GV_OK)
					continue;
				prompt_buf_reset(&b);
				prompt_buf_put(&b, y.prompt, y.prompt_len);
				prompt_buf_put(&b, y.input, y.input_len);
				if (memcmp(&x.reg, &y.reg, sizeof x.reg) != 0 || strcmp(prompt_buf_str(&a), prompt_buf_str(&b)) != 0)
					fail_msg("child %llu visit %zu: the regression item depends on later visits",
						 (unsigned long long)i, k);
			}
		}
	}
	assert_true(items > 1000);
	assert_true(positive > 50); /* the cohort has findings to get right */
	prompt_buf_free(&a);
	prompt_buf_free(&b);
	tasks_gen_free(&g2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ratio_parse),
		cmocka_unit_test(test_item_id),
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_split_properties),
		cmocka_unit_test(test_split_pinned),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_json_drop),
		cmocka_unit_test_setup_teardown(test_class_child_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_normal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_suspect_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_info_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regression_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompts_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_lookahead, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
