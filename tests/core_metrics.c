/* core_metrics.c — BLEU against sacreBLEU's own test cases, ROUGE against rouge-score's tests
 * (whose "ground truth" is ROUGE-1.5.5) and Lin 2004's examples, classification metrics on
 * hand-counted confusion matrices, ROC AUC on Hanley & McNeil's 1982 rating data, MAE/RMSE, and
 * the bootstrap helpers. */
#include "tests/testutil.h"

#include "core/metrics.h"

/* ================================================================== BLEU */

static void check_tok(const char *in, bleu_tok tok, const char *want)
{
	char *got = bleu_tokenize(in, tok);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("bleu_tokenize(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

/* The 13a tokenisation, rule by rule (metrics.h); each expected string was also checked against
 * sacreBLEU 2.6's Tokenizer13a. */
static void test_tokenize_13a(void **state)
{
	(void)state;
	/* a period after a letter splits; an apostrophe does not */
	check_tok("The dog bit the man.", BLEU_TOK_13A, "The dog bit the man .");
	check_tok("It wasn't surprising.", BLEU_TOK_13A, "It wasn't surprising .");
	/* digits on both sides keep "." and "," ("3.5", "1,000", "-2.1"); "5-year" splits after the
	 * digit; a dash after a letter stays ("z-score") */
	check_tok("Weight 3.5 kg, 1,000 g; z-score -2.1 at 5-year (P3).", BLEU_TOK_13A,
		  "Weight 3.5 kg , 1,000 g ; z-score -2.1 at 5 - year ( P3 ) .");
	/* entities unescaped in order: &amp;lt; -> &lt; is not unescaped again by the &amp; pass,
	 * but the later &lt; pass turns it into < */
	check_tok("&quot;a&quot; &amp;lt; b", BLEU_TOK_13A, "\" a \" < b");
	/* "-\n" joins, "\n" is a space, <skipped> vanishes */
	check_tok("hyphen-\nated\nline", BLEU_TOK_13A, "hyphenated line");
	check_tok("x<skipped>y", BLEU_TOK_13A, "xy");
	/* Unicode white space (U+00A0, U+2003) separates like a space */
	check_tok("end.\xc2\xa0next\xe2\x80\x83word", BLEU_TOK_13A, "end . next word");
	/* left-to-right passes that consume two characters: "a..b" -> "a . . b"; "1.2.3" whole;
	 * ".5" and "5." split; "$5,000.00" keeps the number */
	check_tok("a..b,,c 1.2.3 x.y .5 5. $5,000.00!", BLEU_TOK_13A,
		  "a . . b , , c 1.2.3 x . y . 5 5 . $ 5,000.00 !");
	check_tok("e-mail 10-20 a-b ~/x_y", BLEU_TOK_13A, "e-mail 10 - 20 a-b ~ / x _ y");
	/* tab and U+001F are Python white space */
	check_tok("tab\tand\x1fsep", BLEU_TOK_13A, "tab and sep");
	check_tok("", BLEU_TOK_13A, "");
	check_tok("  \n ", BLEU_TOK_13A, "");
	/* non-ASCII passes through; a trailing "-\n" loses only the newline (rstrip comes first) */
	check_tok("zah\xc4\x83r alb;", BLEU_TOK_13A, "zah\xc4\x83r alb ;");
	check_tok("end-\n", BLEU_TOK_13A, "end-");
	/* 'none' only splits on white space */
	check_tok("The dog bit the man.", BLEU_TOK_NONE, "The dog bit the man.");
	assert_null(bleu_tokenize(NULL, BLEU_TOK_13A));
}

/* sacreBLEU's README example (test/test_bleu.py, test_corpus_bleu_cases): three segments, two
 * reference streams. */
static const char *const HYPS[3] = {"The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."};
static const char *const REFS[3][2] = {
	{"The dog bit the man.", "The dog had bit the man."},
	{"It was not unexpected.", "No one was surprised."},
	{"The man bit him first.", "The man had bitten the dog."},
};

static double corpus(const bleu_opts *o, const char *const *hyps, bleu_result *res)
{
	bleu_stats st;
	bleu_stats_init(&st);
	for (int i = 0; i < 3; i++)
		assert_int_equal(bleu_add(&st, o, hyps[i], REFS[i], 2), GV_OK);
	bleu_result r;
	assert_int_equal(bleu_compute(&st, o, &r), GV_OK);
	if (res)
		*res = r;
	return r.score;
}

static void test_bleu_corpus_sacrebleu(void **state)
{
	(void)state;
	bleu_opts o;
	bleu_corpus_defaults(&o);
	bleu_result r;
	tu_near(corpus(&o, HYPS, &r), 48.530827, 1e-6, "default corpus BLEU");
	/* The statistics, by hand (13a tokens):
	 *   hyp 1 "The dog bit the man ." (6)     refs 6 and 7 tokens: closest 6
	 *   hyp 2 "It wasn't surprising ." (4)     refs "It was not unexpected ." 5, "No one was
	 *                                          surprised ." 5: closest 5
	 *   hyp 3 "The man had just bitten him ." (7)  refs 6 and 7: closest 7
	 * hyp_len 17, ref_len 6 + 5 + 7 = 18.  Clipped matches (max over the two references):
	 *   unigrams 6 + 2 ("It", ".") + 6 (all but "just")          = 14 of 17
	 *   bigrams  5 + 0 + 2 ("The man", "man had")                =  7 of 5+3+6 = 14
	 *   trigrams 4 + 0 + 1 ("The man had")                       =  5 of 4+2+5 = 11
	 *   4-grams  3 + 0 + 0                                        =  3 of 3+1+4 =  8
	 * (sacreBLEU prints 82.4/50.0/45.5/37.5, BP = 0.943). */
	assert_int_equal(r.hyp_len, 17);
	assert_int_equal(r.ref_len, 18);
	tu_near(r.precision[0], 100.0 * 14 / 17, 1e-9, "p1");
	tu_near(r.precision[1], 100.0 * 7 / 14, 1e-9, "p2");
	tu_near(r.precision[2], 100.0 * 5 / 11, 1e-9, "p3");
	tu_near(r.precision[3], 100.0 * 3 / 8, 1e-9, "p4");
	/* BP = exp(1 - 18/17); BLEU = BP (14/17 * 7/14 * 5/11 * 3/8)^(1/4) */
	tu_near(r.bp, exp(1 - 18.0 / 17), 1e-12, "bp");
	tu_near(r.score, 100 * exp(1 - 18.0 / 17) * pow(14.0 / 17 * 7.0 / 14 * 5.0 / 11 * 3.0 / 8, 0.25), 1e-9,
		"score from counts");
	/* tokenize='none': 49.1919566; smooth_method='none' changes nothing here (no zero count) */
	o.tok = BLEU_TOK_NONE;
	tu_near(corpus(&o, HYPS, NULL), 49.1919566, 1e-6, "tokenize none");
	o.tok = BLEU_TOK_13A;
	o.smooth = BLEU_SMOOTH_NONE;
	tu_near(corpus(&o, HYPS, NULL), 48.530827, 1e-6, "smooth none");
	/* test_max_ngram_order: "77.65" "60.50" "53.93" "48.53" "46.14" "43.28" for N = 1..6 */
	static const double want[6] = {77.65, 60.50, 53.93, 48.53, 46.14, 43.28};
	bleu_corpus_defaults(&o);
	for (int n = 1; n <= 6; n++) {
		o.max_order = n;
		tu_near(corpus(&o, HYPS, NULL), want[n - 1], 0.005, "max order %d", n);
	}
	/* a tie for the closest reference length goes to the shorter one (sacreBLEU
	 * _get_closest_ref_len): 5 tokens against 4 and 6 -> r = 4, so no brevity penalty */
	{
		const char *two[2] = {"a b c d f", "a b c d e f"};
		bleu_stats st;
		bleu_stats_init(&st);
		bleu_opts on;
		bleu_corpus_defaults(&on);
		on.tok = BLEU_TOK_NONE;
		assert_int_equal(bleu_add(&st, &on, "a b c d e", two, 2), GV_OK);
		assert_int_equal(st.hyp_len, 5);
		assert_int_equal(st.ref_len, 5);
		const char *tie[2] = {"a b c d", "a b c d e f"};
		bleu_stats_init(&st);
		assert_int_equal(bleu_add(&st, &on, "a b c d e", tie, 2), GV_OK);
		assert_int_equal(st.ref_len, 4);
		assert_int_equal(bleu_compute(&st, &on, &r), GV_OK);
		assert_true(r.bp == 1.0);
	}
	/* three empty hypotheses are kept (and score 0) */
	static const char *const empty[3] = {"", "", ""};
	bleu_corpus_defaults(&o);
	assert_true(corpus(&o, empty, &r) == 0.0);
	assert_int_equal(r.hyp_len, 0);
	assert_int_equal(r.ref_len, 6 + 5 + 6); /* closest to 0: the shorter of each pair */
	assert_true(r.bp == 0.0);
}

/* sacreBLEU's raw_corpus_bleu: tokenize 'none', 'floor' smoothing, effective order. */
static double raw(const char *hyp, const char *ref, double floor_value, bleu_result *res)
{
	bleu_opts o;
	bleu_corpus_defaults(&o);
	o.tok = BLEU_TOK_NONE;
	o.smooth = BLEU_SMOOTH_FLOOR;
	o.smooth_value = floor_value;
	o.effective_order = 1;
	bleu_stats st;
	bleu_stats_init(&st);
	assert_int_equal(bleu_add(&st, &o, hyp, &ref, 1), GV_OK);
	bleu_result r;
	assert_int_equal(bleu_compute(&st, &o, &r), GV_OK);
	if (res)
		*res = r;
	return r.score / 100;
}

static void test_bleu_raw_cases(void **state)
{
	(void)state;
	bleu_result r;
	/* test_raw_bleu_cases */
	tu_near(raw("this is a test", "this is a test", 0.01, NULL), 1.0, 1e-8, "identical");
	/* "fest": p = 3/4, 2/3, 1/2, and 0.01/1 (floor) -> (3/4 * 2/3 * 1/2 * 0.01)^(1/4)
	 * = 0.0025^(1/4) = 0.2236068, BP 1 */
	tu_near(raw("this is a fest", "this is a test", 0.01, NULL), 0.223606797749979, 1e-8, "fest");
	{ /* two segments with no match at all: 0 (#141) */
		bleu_opts o;
		bleu_corpus_defaults(&o);
		o.tok = BLEU_TOK_NONE;
		o.smooth = BLEU_SMOOTH_FLOOR;
		o.smooth_value = 0.01;
		o.effective_order = 1;
		bleu_stats st;
		bleu_stats_init(&st);
		const char *r1 = "ref1", *r2 = "ref2";
		assert_int_equal(bleu_add(&st, &o, "this is a test", &r1, 1), GV_OK);
		assert_int_equal(bleu_add(&st, &o, "another test", &r2, 1), GV_OK);
		assert_int_equal(bleu_compute(&st, &o, &r), GV_OK);
		assert_true(r.score == 0.0);
	}
	/* test_case_statistics: counts [4,2,1,0], totals [6,5,4,3] — by hand: hypothesis
	 * "am I am a character sequence", reference "I am a symbol string sequence a a": unigrams
	 * am (2, clipped to 1), I, a, sequence = 4 of 6; bigrams "I am", "am a" = 2 of 5; trigram
	 * "I am a" = 1 of 4; no 4-gram of 3 */
	const char *hyp = "am I am a character sequence", *ref = "I am a symbol string sequence a a";
	tu_near(raw(hyp, ref, 0.0, &r), 0.0, 0, "offset 0");
	static const uint64_t corr[4] = {4, 2, 1, 0}, tot[4] = {6, 5, 4, 3};
	bleu_stats st;
	bleu_stats_init(&st);
	bleu_opts o;
	bleu_corpus_defaults(&o);
	o.tok = BLEU_TOK_NONE;
	assert_int_equal(bleu_add(&st, &o, hyp, &ref, 1), GV_OK);
	for (int n = 0; n < 4; n++) {
		assert_int_equal(st.correct[n], corr[n]);
		assert_int_equal(st.total[n], tot[n]);
	}
	/* test_offset: floor at its default 0.1: (4/6 * 2/5 * 1/4 * 0.1/3)^(1/4) * exp(1 - 8/6) */
	tu_near(raw(hyp, ref, NAN, NULL), 0.1555722182, 1e-8, "default floor");
	tu_near(raw(hyp, ref, NAN, NULL), pow(4.0 / 6 * 2.0 / 5 * 1.0 / 4 * 0.1 / 3, 0.25) * exp(1 - 8.0 / 6), 1e-12,
		"default floor by hand");
	/* test_case_effective_order: "test" vs "a test": only unigrams exist -> p1 = 1, BP =
	 * exp(1 - 2/1) = e^-1 */
	tu_near(raw("test", "a test", 0.01, NULL), 0.3678794411714425, 1e-8, "effective order 1");
	tu_near(raw("a test", "a test", 0.01, NULL), 1.0, 1e-8, "effective order 2");
	/* "a little test" vs "a test": p1 = 2/3, p2 = 0.01/2 (floor), p3 = 0.01/1 -> (2/3 * 0.005 *
	 * 0.01)^(1/3) */
	tu_near(raw("a little test", "a test", 0.01, NULL), 0.03218297948685433, 1e-8, "effective order 3");
}

static double from_stats(const uint64_t corr[4], const uint64_t tot[4], uint64_t hl, uint64_t rl, bleu_smooth sm,
			 double value)
{
	bleu_stats st;
	bleu_stats_init(&st);
	st.nseg = 1;
	st.hyp_len = hl;
	st.ref_len = rl;
	for (int n = 0; n < 4; n++) {
		st.correct[n] = corr[n];
		st.total[n] = tot[n];
	}
	bleu_opts o;
	bleu_corpus_defaults(&o);
	o.smooth = sm;
	o.smooth_value = value;
	bleu_result r;
	assert_int_equal(bleu_compute(&st, &o, &r), GV_OK);
	return r.score / 100;
}

static void test_bleu_from_stats(void **state)
{
	(void)state;
	/* test_case_scoring (compute_bleu's default smoothing 'none'): (9/10 7/8 5/6 3/4)^(1/4) */
	static const uint64_t c1[4] = {9, 7, 5, 3}, t1[4] = {10, 8, 6, 4};
	tu_near(from_stats(c1, t1, 11, 11, BLEU_SMOOTH_NONE, NAN), 0.8375922397, 1e-8, "scoring");
	/* test_case_degenerate_stats with 'floor': every one is exactly 0 */
	static const uint64_t z[4] = {0, 0, 0, 0}, ta[4] = {4, 4, 2, 1}, tb[4] = {10, 11, 12, 0},
			      c6[4] = {6, 5, 4, 0}, t6[4] = {6, 5, 4, 3};
	assert_true(from_stats(z, ta, 0, 1, BLEU_SMOOTH_FLOOR, 0.0) == 0.0);
	assert_true(from_stats(z, tb, 14, 10, BLEU_SMOOTH_FLOOR, 0.0) == 0.0);
	assert_true(from_stats(z, z, 0, 0, BLEU_SMOOTH_FLOOR, 0.0) == 0.0);
	assert_true(from_stats(c6, t6, 6, 6, BLEU_SMOOTH_FLOOR, 0.0) == 0.0);
	assert_true(from_stats(z, z, 0, 0, BLEU_SMOOTH_FLOOR, 0.1) == 0.0);
	assert_true(from_stats(z, z, 1, 5, BLEU_SMOOTH_FLOOR, 0.01) == 0.0);
	/* 'exp' on c6/t6: the first zero order gets 1/(2 * 3) -> (1 * 1 * 1 * 1/6)^(1/4) */
	tu_near(from_stats(c6, t6, 6, 6, BLEU_SMOOTH_EXP, NAN), pow(1.0 / 6, 0.25), 1e-12, "exp smoothing");
	/* two zero orders: 1/(2 t3) and 1/(4 t4) */
	static const uint64_t c2[4] = {5, 2, 0, 0}, t2[4] = {6, 5, 4, 3};
	tu_near(from_stats(c2, t2, 6, 6, BLEU_SMOOTH_EXP, NAN), pow(5.0 / 6 * 2.0 / 5 * 1.0 / 8 * 1.0 / 12, 0.25),
		1e-12, "exp smoothing twice");
	/* add-k on orders >= 2 only: (5/6 * 3/6 * 1/5 * 1/4)^(1/4) */
	tu_near(from_stats(c2, t2, 6, 6, BLEU_SMOOTH_ADD_K, NAN),
		pow(5.0 / 6 * 3.0 / 6 * 1.0 / 5 * 1.0 / 4, 0.25), 1e-12, "add-k");
	/* no segment: GV_MISSING */
	bleu_stats st;
	bleu_stats_init(&st);
	bleu_result r;
	assert_int_equal(bleu_compute(&st, NULL, &r), GV_MISSING);
	assert_true(r.score == 0.0);
}

/* sacreBLEU test/test_sentence_bleu.py (the example of sacreBLEU issue #98), 13a, effective order. */
static void test_bleu_sentence_sacrebleu(void **state)
{
	(void)state;
	const char *ref = "produc\xc5\xa3ia de zah\xc4\x83r brut se exprim\xc4\x83 \xc3\xaen zah\xc4\x83r alb;";
	const char *sys = "Produc\xc8\x9bia de zah\xc4\x83r prim\xc4\x83 va fi exprimat\xc4\x83 \xc3\xaen ceea ce "
			  "prive\xc8\x99te zah\xc4\x83rul alb;";
	static const struct {
		bleu_smooth sm;
		double value;
		bleu_tok tok;
		double want;
	} t[] = {
		{BLEU_SMOOTH_EXP, NAN, BLEU_TOK_13A, 8.493},    {BLEU_SMOOTH_NONE, NAN, BLEU_TOK_13A, 0.0},
		{BLEU_SMOOTH_FLOOR, NAN, BLEU_TOK_13A, 4.51688}, {BLEU_SMOOTH_FLOOR, 0.1, BLEU_TOK_13A, 4.51688},
		{BLEU_SMOOTH_FLOOR, 0.5, BLEU_TOK_13A, 10.10},  {BLEU_SMOOTH_ADD_K, NAN, BLEU_TOK_13A, 14.882},
		{BLEU_SMOOTH_ADD_K, 1, BLEU_TOK_13A, 14.882},   {BLEU_SMOOTH_ADD_K, 2, BLEU_TOK_13A, 21.389},
		{BLEU_SMOOTH_EXP, NAN, BLEU_TOK_NONE, 7.347},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		bleu_opts o;
		bleu_sentence_defaults(&o);
		o.smooth = t[i].sm;
		o.smooth_value = t[i].value;
		o.tok = t[i].tok;
		bleu_result r;
		assert_int_equal(bleu_sentence(sys, &ref, 1, &o, &r), GV_OK);
		tu_near(r.score, t[i].want, 1e-3, "sentence case %zu", i);
	}
	/* the default sentence options are the first case */
	bleu_result r;
	assert_int_equal(bleu_sentence(sys, &ref, 1, NULL, &r), GV_OK);
	tu_near(r.score, 8.493, 1e-3, "sentence defaults");
	/* issue #141: no match at all is 0 whatever the smoothing */
	const char *ref0 = "okay thanks";
	for (int sm = BLEU_SMOOTH_EXP; sm <= BLEU_SMOOTH_NONE; sm++) {
		bleu_opts o;
		bleu_sentence_defaults(&o);
		o.smooth = (bleu_smooth)sm;
		assert_int_equal(bleu_sentence("this is a cat", &ref0, 1, &o, &r), GV_OK);
		assert_true(r.score == 0.0);
	}
	/* bad input */
	assert_int_equal(bleu_sentence("x", &ref0, 0, NULL, &r), GV_EINVAL);
	assert_int_equal(bleu_sentence(NULL, &ref0, 1, NULL, &r), GV_EINVAL);
	bleu_opts bad;
	bleu_sentence_defaults(&bad);
	bad.max_order = 0;
	assert_int_equal(bleu_sentence("x", &ref0, 1, &bad, &r), GV_EINVAL);
}

/* ================================================================== ROUGE */

static void check_rouge_tok(const char *in, const char *want)
{
	char *got = rouge_tokenize(in);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("rouge_tokenize(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void test_rouge_tokenize(void **state)
{
	(void)state;
	check_rouge_tok("Weight-for-age Z-score: -2.1 (3rd percentile).", "weight for age z score 2 1 3rd percentile");
	check_rouge_tok("caf\xc3\xa9 na\xc3\xafve", "caf na ve");         /* non-ASCII letters separate */
	check_rouge_tok("\xc4\xb0stanbul", "i stanbul");                   /* U+0130 -> "i" U+0307 */
	check_rouge_tok("5 \xe2\x84\xaa", "5 k");                          /* KELVIN SIGN -> "k" */
	check_rouge_tok("  ", "");
}

static rouge_result rouge1(const char *target, const char *pred)
{
	rouge_result r;
	assert_int_equal(rouge_score(pred, &target, 1, &r), GV_OK);
	return r;
}

#define PRF(s, P, R, F, what)                                  \
	do {                                                   \
		tu_near((s).p, (P), 1e-12, "%s precision", what); \
		tu_near((s).r, (R), 1e-12, "%s recall", what);    \
		tu_near((s).f, (F), 1e-12, "%s F", what);         \
	} while (0)

/* rouge-score's rouge_scorer_test.py, hand-checkable cases (score(target, prediction)). */
static void test_rouge_unit_cases(void **state)
{
	(void)state;
	rouge_result r = rouge1("testing one two", "testing");
	PRF(r.r1, 1.0, 1.0 / 3, 0.5, "rouge1"); /* 1 overlap; P 1/1, R 1/3, F 2(1)(1/3)/(4/3) = 1/2 */
	r = rouge1("testing one two", "");
	PRF(r.r1, 0, 0, 0, "empty r1");
	PRF(r.r2, 0, 0, 0, "empty r2");
	PRF(r.rl, 0, 0, 0, "empty rL");
	r = rouge1("testing one two", "testing one");
	PRF(r.r2, 1.0, 0.5, 2.0 / 3, "rouge2"); /* "testing one" of 2 target bigrams */
	PRF(r.rl, 1.0, 2.0 / 3, 0.8, "rougeL consecutive");
	PRF(r.r1, 1.0, 2.0 / 3, 0.8, "rouge1 two words");
	r = rouge1("testing one two", "testing two");
	PRF(r.rl, 1.0, 2.0 / 3, 0.8, "rougeL non-consecutive"); /* LCS "testing two" = 2 */
	/* a prediction of punctuation only has no token */
	r = rouge1("w1 w2 w3", "/");
	PRF(r.rl, 0, 0, 0, "no token");
}

/* rouge-score's tests against ROUGE-1.5.5 (testRouge1/2/LAgainstRouge155, no stemming): lines 0
 * and 1 of its testdata/target.txt and prediction.txt (random strings; rouge-score reads them with
 * readlines(), so each ends in a newline). */
static void test_rouge_against_rouge155(void **state)
{
	(void)state;
	static const char *const target[2] = {
		"ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM "
		"EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
		"KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m "
		"qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing "
		"c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n"};
	static const char *const pred[2] = {
		"rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
		"n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J "
		"XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n"};
	/* {recall, precision, F} as rouge-score asserts them (5 places) */
	static const double want[2][3][3] = {
		{{0.40741, 0.68750, 0.51163}, {0.30769, 0.53333, 0.39024}, {0.40741, 0.68750, 0.51163}},
		{{0.40476, 0.65385, 0.50000}, {0.29268, 0.48000, 0.36364}, {0.40476, 0.65385, 0.50000}},
	};
	for (int i = 0; i < 2; i++) {
		rouge_result r = rouge1(target[i], pred[i]);
		const rouge_prf *s[3] = {&r.r1, &r.r2, &r.rl};
		for (int k = 0; k < 3; k++) {
			tu_near(s[k]->r, want[i][k][0], 5e-6, "line %d kind %d recall", i, k);
			tu_near(s[k]->p, want[i][k][1], 5e-6, "line %d kind %d precision", i, k);
			tu_near(s[k]->f, want[i][k][2], 5e-6, "line %d kind %d F", i, k);
		}
	}
	/* line 0 by hand: the prediction has 16 tokens, the target 27; 11 shared unigrams ->
	 * P 11/16 = 0.6875, R 11/27 = 0.40741 */
	rouge_result r = rouge1(target[0], pred[0]);
	assert_int_equal(r.pred_tokens, 16);
	tu_near(r.r1.p, 11.0 / 16, 1e-12, "11/16");
	tu_near(r.r1.r, 11.0 / 27, 1e-12, "11/27");
}

/* Lin 2004, sec. 3.1: reference S1 "police killed the gunman"; S2 "police kill the gunman" and S3
 * "the gunman kill police" have the same ROUGE-2 (one shared bigram, "the gunman", of 3) but
 * ROUGE-L tells them apart: LCS(S1, S2) = "police the gunman" = 3 -> 3/4; LCS(S1, S3) = "the
 * gunman" = 2 -> 2/4. */
static void test_rouge_lin2004(void **state)
{
	(void)state;
	const char *s1 = "police killed the gunman";
	rouge_result a = rouge1(s1, "police kill the gunman");
	rouge_result b = rouge1(s1, "the gunman kill police");
	PRF(a.r2, 1.0 / 3, 1.0 / 3, 1.0 / 3, "S2 rouge2");
	PRF(b.r2, 1.0 / 3, 1.0 / 3, 1.0 / 3, "S3 rouge2");
	PRF(a.rl, 0.75, 0.75, 0.75, "S2 rougeL");
	PRF(b.rl, 0.5, 0.5, 0.5, "S3 rougeL");
	/* ROUGE-1: S2 shares police, the, gunman (3/4); S3 the same words (3/4) */
	PRF(a.r1, 0.75, 0.75, 0.75, "S2 rouge1");
	PRF(b.r1, 0.75, 0.75, 0.75, "S3 rouge1");
	/* ROUGE-N clips repeated n-grams: "the the the" vs "the cat": overlap min(3, 1) = 1 ->
	 * P 1/3, R 1/2, F 2(1/6)/(5/6) = 0.4 */
	rouge_result c = rouge1("the cat", "the the the");
	PRF(c.r1, 1.0 / 3, 0.5, 0.4, "clipped");
}

/* Several references: each of ROUGE-1/2/L takes the reference with the best F. */
static void test_rouge_multi_reference(void **state)
{
	(void)state;
	const char *refs[3] = {"weight is low", "the weight is low for age", "weight is low"};
	rouge_result r;
	assert_int_equal(rouge_score("the weight is low", refs, 3, &r), GV_OK);
	/* ref 0: overlap 3, P 3/4, R 3/3, F 6/7 = 0.857; ref 1: overlap 4, P 4/4, R 4/6, F 0.8;
	 * ref 2 ties ref 0: the first wins */
	PRF(r.r1, 0.75, 1.0, 6.0 / 7, "best rouge1");
	assert_int_equal(r.best_ref[0], 0);
	/* bigrams: ref 0 "weight is","is low" both matched: P 2/3, R 1, F 0.8; ref 1: "the weight",
	 * "weight is", "is low" of 5: P 1, R 3/5, F 0.75 */
	PRF(r.r2, 2.0 / 3, 1.0, 0.8, "best rouge2");
	assert_int_equal(r.best_ref[1], 0);
	assert_int_equal(rouge_score("x", refs, 0, &r), GV_EINVAL);
	assert_int_equal(rouge_score(NULL, refs, 1, &r), GV_EINVAL);
}

/* ================================================================== classification */

static void test_binary_confusion(void **state)
{
	(void)state;
	/* truth 1111000000, pred 1110110000: tp 3, fn 1, fp 2, tn 4 */
	static const int truth[10] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, pred[10] = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0};
	metrics_class c[2];
	double acc;
	metrics_macro m;
	assert_int_equal(metrics_classify(truth, pred, 10, 2, c, &acc, &m), GV_OK);
	assert_int_equal(c[1].tp, 3);
	assert_int_equal(c[1].fn, 1);
	assert_int_equal(c[1].fp, 2);
	assert_int_equal(c[1].tn, 4);
	tu_near(acc, 0.7, 1e-15, "accuracy 7/10");
	tu_near(c[1].precision, 3.0 / 5, 1e-15, "precision 3/5");
	tu_near(c[1].recall, 3.0 / 4, 1e-15, "recall 3/4");
	tu_near(c[1].f1, 6.0 / 9, 1e-15, "F1 = 2*3/(6+2+1)");
	/* the negative class: tp 4, fp 1, fn 2 -> P 4/5, R 4/6, F1 8/11 */
	tu_near(c[0].precision, 0.8, 1e-15, "neg precision");
	tu_near(c[0].recall, 4.0 / 6, 1e-15, "neg recall");
	tu_near(c[0].f1, 8.0 / 11, 1e-15, "neg F1");
	tu_near(m.f1, (6.0 / 9 + 8.0 / 11) / 2, 1e-15, "macro F1");
	tu_near(m.precision, (0.6 + 0.8) / 2, 1e-15, "macro precision");
	assert_int_equal(m.classes, 2);
	assert_int_equal(c[1].undefined, 0);
}

static void test_classify_edges(void **state)
{
	(void)state;
	metrics_class c[3];
	double acc = -1;
	metrics_macro m;
	/* n = 0: a status, zeroed outputs */
	assert_int_equal(metrics_classify(NULL, NULL, 0, 2, c, &acc, &m), GV_MISSING);
	assert_true(acc == 0.0 && m.f1 == 0.0 && m.classes == 0);
	/* a label out of range */
	static const int bad[2] = {0, 2};
	assert_int_equal(metrics_classify(bad, bad, 2, 2, c, &acc, &m), GV_EINVAL);
	/* the model never predicts positive: precision undefined -> 0, F1 0 */
	static const int t1[4] = {1, 1, 0, 0}, p1[4] = {0, 0, 0, 0};
	assert_int_equal(metrics_classify(t1, p1, 4, 2, c, &acc, &m), GV_OK);
	assert_true(c[1].precision == 0.0 && c[1].recall == 0.0 && c[1].f1 == 0.0);
	assert_int_equal(c[1].undefined, METRICS_P_UNDEF);
	/* no positive case, none predicted: class 1's F1 undefined, out of the macro average */
	static const int t2[3] = {0, 0, 0};
	assert_int_equal(metrics_classify(t2, t2, 3, 2, c, &acc, &m), GV_OK);
	assert_int_equal(c[1].undefined, METRICS_P_UNDEF | METRICS_R_UNDEF | METRICS_F_UNDEF);
	assert_int_equal(m.classes, 1);
	tu_near(m.f1, 1.0, 0, "macro over the one class present");
	/* three classes, one never predicted and never true */
	static const int t3[4] = {0, 1, 1, 0}, p3[4] = {0, 1, 0, 0};
	assert_int_equal(metrics_classify(t3, p3, 4, 3, c, &acc, &m), GV_OK);
	/* class 0: tp 2, fp 1 -> P 2/3, R 1, F1 4/5; class 1: tp 1, fn 1 -> P 1, R 1/2, F1 2/3 */
	tu_near(m.f1, (0.8 + 2.0 / 3) / 2, 1e-15, "macro without the absent class");
	assert_int_equal(m.classes, 2);
}

static void test_multilabel(void **state)
{
	(void)state;
	/* 3 categories (bit 0 obesity, 1 short stature, 2 failure to thrive), 4 items:
	 *   truth {0}, {0,1}, {},  {2}
	 *   pred  {0}, {0},   {1}, {2}
	 * cat 0: tp 2            -> P 1, R 1, F1 1
	 * cat 1: fp 1, fn 1      -> P 0, R 0, F1 0
	 * cat 2: tp 1            -> F1 1
	 * macro F1 2/3; exact sets 2 of 4; micro: tp 3, fp 1, fn 1 -> 6/8 */
	static const uint32_t truth[4] = {1, 3, 0, 4}, pred[4] = {1, 1, 2, 4};
	metrics_class c[3];
	metrics_macro m;
	double subset, micro;
	assert_int_equal(metrics_multilabel(truth, pred, 4, 3, c, &m, &subset, &micro), GV_OK);
	tu_near(c[0].f1, 1, 0, "cat 0");
	tu_near(c[1].f1, 0, 0, "cat 1");
	tu_near(c[2].f1, 1, 0, "cat 2");
	tu_near(m.f1, 2.0 / 3, 1e-15, "macro F1");
	tu_near(subset, 0.5, 0, "subset accuracy");
	tu_near(micro, 0.75, 1e-15, "micro F1");
	/* a fourth category that never occurs is left out of the macro average */
	metrics_class c4[4];
	assert_int_equal(metrics_multilabel(truth, pred, 4, 4, c4, &m, NULL, NULL), GV_OK);
	assert_int_equal(m.classes, 3);
	tu_near(m.f1, 2.0 / 3, 1e-15, "macro F1 with an absent category");
	/* a bit beyond k */
	static const uint32_t big[1] = {8};
	assert_int_equal(metrics_multilabel(big, big, 1, 3, c, &m, NULL, NULL), GV_EINVAL);
	assert_int_equal(metrics_multilabel(NULL, NULL, 0, 3, c, &m, NULL, NULL), GV_MISSING);
}

/* Hanley & McNeil, "The meaning and use of the area under a ROC curve", Radiology 1982;143:29,
 * Table 1: CT images rated 1 (definitely normal) to 5 (definitely abnormal); 58 normal: 33, 6, 6,
 * 11, 2; 51 abnormal: 3, 2, 2, 11, 33.  Their area W = 0.893.  By hand: U = sum over abnormal
 * rating a and normal rating b of n_a m_b [a > b] + 1/2 n_a m_b [a = b]
 *   = 2*33 + 2*(33+6) + 11*(33+6+6) + 33*(33+6+6+11) + 1/2 (3*33 + 2*6 + 2*6 + 11*11 + 33*2)
 *   = 66 + 78 + 495 + 1848 + 155 = 2642;  W = 2642 / (58 * 51) = 0.89317. */
static void test_roc_auc_hanley_mcneil(void **state)
{
	(void)state;
	static const int normal[5] = {33, 6, 6, 11, 2}, abnormal[5] = {3, 2, 2, 11, 33};
	double s[109];
	uint8_t l[109];
	size_t n = 0;
	for (int r = 0; r < 5; r++) {
		for (int k = 0; k < normal[r]; k++, n++)
			s[n] = r + 1, l[n] = 0;
		for (int k = 0; k < abnormal[r]; k++, n++)
			s[n] = r + 1, l[n] = 1;
	}
	assert_int_equal(n, 109);
	double auc;
	assert_int_equal(metrics_roc_auc(s, l, n, &auc), GV_OK);
	tu_near(auc, 2642.0 / (58 * 51), 1e-15, "Hanley-McNeil W");
	tu_near(auc, 0.893, 5e-4, "published 0.893");
}

static void test_roc_auc_edges(void **state)
{
	(void)state;
	/* positives 0.9 0.8 0.4, negatives 0.7 0.4 0.1: 3 + 3 + (1/2 + 1) = 7.5 of 9 */
	static const double s[6] = {0.9, 0.7, 0.8, 0.4, 0.4, 0.1};
	static const uint8_t l[6] = {1, 0, 1, 0, 1, 0};
	double auc;
	assert_int_equal(metrics_roc_auc(s, l, 6, &auc), GV_OK);
	tu_near(auc, 7.5 / 9, 1e-15, "ties count 1/2");
	/* all scores equal: exactly 0.5 */
	static const double same[4] = {0.3, 0.3, 0.3, 0.3};
	static const uint8_t l4[4] = {1, 0, 0, 1};
	assert_int_equal(metrics_roc_auc(same, l4, 4, &auc), GV_OK);
	assert_true(auc == 0.5);
	/* perfect and reversed rankings */
	static const double up[4] = {1, 2, 3, 4};
	static const uint8_t lu[4] = {0, 0, 1, 1}, ld[4] = {1, 1, 0, 0};
	assert_int_equal(metrics_roc_auc(up, lu, 4, &auc), GV_OK);
	assert_true(auc == 1.0);
	assert_int_equal(metrics_roc_auc(up, ld, 4, &auc), GV_OK);
	assert_true(auc == 0.0);
	/* no positive, no negative, n = 0: status, auc 0 */
	static const uint8_t none[4] = {0, 0, 0, 0};
	assert_int_equal(metrics_roc_auc(up, none, 4, &auc), GV_MISSING);
	assert_true(auc == 0.0);
	assert_int_equal(metrics_roc_auc(up, ld, 2, &auc), GV_MISSING);
	assert_int_equal(metrics_roc_auc(NULL, NULL, 0, &auc), GV_MISSING);
	static const double nan_s[2] = {NAN, 1};
	assert_int_equal(metrics_roc_auc(nan_s, lu + 1, 2, &auc), GV_EINVAL);
}

static void test_mae_rmse(void **state)
{
	(void)state;
	/* errors 1, 0, -3: MAE 4/3, RMSE sqrt(10/3) */
	static const double p[3] = {2, 4, 6}, t[3] = {1, 4, 9};
	double mae, rmse;
	assert_int_equal(metrics_mae_rmse(p, t, 3, &mae, &rmse), GV_OK);
	tu_near(mae, 4.0 / 3, 1e-15, "MAE");
	tu_near(rmse, sqrt(10.0 / 3), 1e-15, "RMSE");
	assert_int_equal(metrics_mae_rmse(p, t, 0, &mae, &rmse), GV_MISSING);
	assert_true(mae == 0.0 && rmse == 0.0);
	static const double bad[1] = {INFINITY};
	assert_int_equal(metrics_mae_rmse(bad, t, 1, &mae, NULL), GV_EINVAL);
}

/* ================================================================== bootstrap helpers */

static void test_bootstrap_helpers(void **state)
{
	(void)state;
	uint32_t a[101], b[101];
	metrics_boot_counts(7, 3, 101, a);
	metrics_boot_counts(7, 3, 101, b);
	uint32_t sum = 0, zeros = 0;
	for (int i = 0; i < 101; i++) {
		sum += a[i];
		zeros += a[i] == 0;
	}
	assert_int_equal(sum, 101);
	assert_memory_equal(a, b, sizeof a); /* a function of (seed, b, n) */
	/* about 1/e of the units are left out of a resample: 37 of 101, +-15 */
	assert_in_range(zeros, 22, 52);
	metrics_boot_counts(7, 4, 101, b);
	assert_memory_not_equal(a, b, sizeof a);
	/* type-7 quantiles of 1 2 3 4: h = 3q -> q .5: 2.5; q .25: 1.75; q 1: 4 */
	static const double v[4] = {1, 2, 3, 4};
	tu_near(metrics_quantile(v, 4, 0.5), 2.5, 0, "median");
	tu_near(metrics_quantile(v, 4, 0.25), 1.75, 0, "q25");
	tu_near(metrics_quantile(v, 4, 1), 4, 0, "max");
	tu_near(metrics_quantile(v, 4, 0), 1, 0, "min");
	/* 0..100: the 2.5% and 97.5% quantiles are 2.5 and 97.5 */
	double w[101];
	for (int i = 0; i < 101; i++)
		w[i] = 100 - i;
	metrics_ci ci;
	metrics_ci_set(&ci, GV_OK, 50, w, 101, 3, 0.95);
	tu_near(ci.lo, 2.5, 1e-12, "lo");
	tu_near(ci.hi, 97.5, 1e-12, "hi");
	assert_int_equal(ci.n_boot, 101);
	assert_int_equal(ci.n_undef, 3);
	metrics_ci_set(&ci, GV_MISSING, 50, w, 101, 0, 0.95);
	assert_true(isnan(ci.est) && isnan(ci.lo));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_13a),
		cmocka_unit_test(test_bleu_corpus_sacrebleu),
		cmocka_unit_test(test_bleu_raw_cases),
		cmocka_unit_test(test_bleu_from_stats),
		cmocka_unit_test(test_bleu_sentence_sacrebleu),
		cmocka_unit_test(test_rouge_tokenize),
		cmocka_unit_test(test_rouge_unit_cases),
		cmocka_unit_test(test_rouge_against_rouge155),
		cmocka_unit_test(test_rouge_lin2004),
		cmocka_unit_test(test_rouge_multi_reference),
		cmocka_unit_test(test_binary_confusion),
		cmocka_unit_test(test_classify_edges),
		cmocka_unit_test(test_multilabel),
		cmocka_unit_test(test_roc_auc_hanley_mcneil),
		cmocka_unit_test(test_roc_auc_edges),
		cmocka_unit_test(test_mae_rmse),
		cmocka_unit_test(test_bootstrap_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
