/* core_variants.c — the demo variants: the shared names of the mistake kinds, exact variants of
 * hand-checked children (tests/tu_summary.h), and, on a synthetic cohort, that every variant is
 * the baseline with 1-3 recorded changes (the baseline comes back when each planted text is
 * replaced by its original) and that every planted mistake is really wrong by the claim checker's
 * tolerances (issue #14), judged here from the engine's results, not from what the planter noted. */
#include "tests/tu_summary.h"

typedef struct fixture {
	prompt_facts f;
	baseline b;
	variant v;
} fixture;

static int setup(void **state)
{
	fixture *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	prompt_facts_init(&x->f);
	baseline_init(&x->b);
	variants_init(&x->v);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fixture *x = *state;
	variants_free(&x->v);
	baseline_free(&x->b);
	prompt_facts_free(&x->f);
	free(x);
	return 0;
}

static void make(fixture *x, const gv_child *c, gv_audience a, int model, uint64_t seed)
{
	prompt_options o;
	prompt_default_options(&o);
	o.audience = a;
	assert_int_equal(prompt_facts_compute(&x->f, c, NULL), GV_OK);
	assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
	assert_int_equal(variants_make(&x->f, &x->b, &o, model, seed, &x->v), GV_OK);
}

/* ------------------------------------------------------------------ names */

static void test_names(void **state)
{
	(void)state;
	static const char *const names[VARIANTS_NKINDS] = {
		"wrong_percentile_or_z", "value_not_in_record", "unit_error", "wrong_trend", "unsupported_category",
		"wrong_basis", "missed_flag", "unsafe_advice", "other",
	};
	for (int k = 0; k < VARIANTS_NKINDS; k++) {
		assert_string_equal(variants_kind_name((variants_kind)k), names[k]);
		assert_int_equal(variants_kind_parse(names[k]), k);
	}
	assert_string_equal(variants_kind_name(VARIANTS_NKINDS), "");
	assert_string_equal(variants_kind_name((variants_kind)-1), "");
	assert_int_equal(variants_kind_parse("Wrong_Trend"), VARIANTS_NKINDS);
	assert_int_equal(variants_kind_parse("wrong_trend "), VARIANTS_NKINDS);
	assert_int_equal(variants_kind_parse(""), VARIANTS_NKINDS);
	assert_int_equal(variants_kind_parse(NULL), VARIANTS_NKINDS);
	assert_string_equal(variants_model_name(1), "demo-variant-1");
	assert_string_equal(variants_model_name(2), "demo-variant-2");
	assert_string_equal(variants_model_name(0), "");
	assert_string_equal(variants_model_name(3), "");
	assert_int_equal(variants_model_parse("demo-variant-1"), 1);
	assert_int_equal(variants_model_parse("demo-variant-2"), 2);
	assert_int_equal(variants_model_parse("demo-variant-3"), 0);
	assert_int_equal(variants_model_parse("baseline"), 0);
	assert_int_equal(variants_model_parse(NULL), 0);
	assert_int_equal(variants_category_groups(GV_CAT_OBESITY), variants_category_groups(GV_CAT_OVERWEIGHT));
	assert_int_equal(variants_category_groups(GV_CAT_STUNTING), variants_category_groups(GV_CAT_SHORT_STATURE));
	assert_true(variants_category_groups(GV_CAT_HEAD_GROWTH_CROSSING) & variants_category_groups(GV_CAT_MICROCEPHALY));
	assert_true(variants_category_groups(GV_CAT_HEAD_GROWTH_CROSSING) & variants_category_groups(GV_CAT_MACROCEPHALY));
	assert_false(variants_category_groups(GV_CAT_MICROCEPHALY) & variants_category_groups(GV_CAT_MACROCEPHALY));
	assert_int_equal(variants_category_groups(GV_CAT_IMPLAUSIBLE_VALUE), 0);
}

/* ------------------------------------------------------------------ exact variants */

typedef struct want_m {
	variants_kind kind;
	size_t start, end;
	const char *original, *planted, *note;
} want_m;

static void expect(const fixture *x, const char *text, const want_m *m, size_t n)
{
	assert_string_equal(prompt_buf_str(&x->v.text), text);
	assert_int_equal(x->v.nm, n);
	for (size_t i = 0; i < n; i++) {
		const variants_mistake *g = &x->v.m[i];
		assert_int_equal(g->kind, m[i].kind);
		assert_int_equal(g->start, m[i].start);
		assert_int_equal(g->end, m[i].end);
		assert_string_equal(variants_str(&x->v, g->original), m[i].original);
		assert_string_equal(variants_str(&x->v, g->planted), m[i].planted);
		assert_string_equal(variants_str(&x->v, g->note), m[i].note);
		assert_int_equal(g->original_len, strlen(m[i].original));
		assert_int_equal(g->planted_len, strlen(m[i].planted));
		assert_int_equal(g->note_len, strlen(m[i].note));
	}
}

static void test_exact_variants(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];

	/* child B, clinician, demo-variant-2: CDC charts named WHO for a child over 2; a steady height
	 * (z +0.12 -> +0.05, no line) told as falling across two lines */
	tu_child_b(&c, v);
	make(x, &c, GV_AUD_CLINICIAN, 2, 2);
	static const want_m b2[] = {
		{VARIANTS_WRONG_BASIS, 125, 133, "CDC 2000", "WHO 2006",
		 "stated the WHO 2006 charts; the engine used CDC 2000 (US rules: WHO under 24 months, CDC from 24 months)"},
		{VARIANTS_WRONG_TREND, 454, 505, "steady (no major percentile line crossed)",
		 "falling (2 major percentile lines crossed downward)",
		 "stated falling; engine steady, 0 lines (z +0.12 to +0.05) on lhfa"},
	};
	expect(x,
	       "Boy born at 39+2 weeks, 4 visits from 1y 6m to 4y 0m. Measurements are plotted on the WHO 2006 charts up to "
	       "1y 6m and on the WHO 2006 charts from 2y 0m. No moderate or severe growth flags are open. At the last visit, at "
	       "4y 0m: weight 16.00 kg (z -0.13, P44.8), height 102.5 cm (z +0.05, P52.1). BMI 15.2 kg/m2 (z -0.38, P35.3). "
	       "Weight-for-age was steady (no major percentile line crossed) from 2y 0m to 4y 0m, z -0.14 to -0.13. "
	       "Length/height-for-age was falling (2 major percentile lines crossed downward) from 2y 0m to 4y 0m, z +0.12 to "
	       "+0.05. BMI-for-age was steady (no major percentile line crossed) from 2y 0m to 4y 0m, z -0.04 to -0.38. "
	       "Mid-parental target height 179.0 cm (z +0.30, range 170.5-187.5 cm). Since the visit at 3y 0m, weight "
	       "velocity +1.79 kg/year and height velocity +6.9 cm/year. Continue routine growth monitoring.",
	       b2, 2);

	/* child C, family, demo-variant-2: 9.400 kg written as pounds; length P37.8 told as the 4th */
	tu_child_c(&c, v);
	make(x, &c, GV_AUD_FAMILY, 2, 7);
	static const want_m c2[] = {
		{VARIANTS_UNIT_ERROR, 399, 407, "9.400 kg", "9.400 lb",
		 "the kilogram figure labelled pounds: recorded 9.400 kg = 20.72 lb"},
		{VARIANTS_WRONG_PERCENTILE_OR_Z, 525, 550, "around the 38th percentile", "around the 4th percentile",
		 "stated around the 4th percentile, engine P37.8 (z -0.31), lhfa at 1y 0m"},
	};
	expect(x,
	       "Your son has been measured 4 times, most recently at 1 year. His measurements are compared with the WHO "
	       "growth charts. At 2 months, his head was smaller than expected for his age (microcephaly), below the 1st "
	       "percentile; this needs prompt attention from his doctor. One measurement looks like a recording error and was "
	       "not used: weight 17.20 kg at 6 months. At his last check, at 1 year, he weighed 9.400 lb, around the 41st "
	       "percentile, which means about 41 in 100 boys of the same age weigh less, and measured 75.0 cm long, around the "
	       "4th percentile. His weight has stayed on a fairly steady path on the chart between birth and 1 year. His growth "
	       "in length or height has stayed on a fairly steady path on the chart between birth and 1 year. Please talk about "
	       "these findings with his doctor.",
	       c2, 2);

	/* child A, clinician, demo-variant-1: failure to thrive instead of "no flags" */
	tu_child_a(&c, v);
	make(x, &c, GV_AUD_CLINICIAN, 1, 7);
	/* (offsets: the chart sentence names the INTERGROWTH-21st charts of visits 1-3 since issue 16) */
	static const want_m a1[] = {
		{VARIANTS_UNSUPPORTED_CATEGORY, 315, 385, "No moderate or severe growth flags are open.",
		 "Failure to thrive (moderate): weight gain below expectations at 9m 0d.",
		 "states failure_to_thrive; no flag of that group is open"},
	};
	assert_int_equal(x->v.nm, 1);
	assert_memory_equal(x->v.text.s + 315, a1[0].planted, strlen(a1[0].planted));
	expect(x, x->v.text.s, a1, 1);
	assert_int_equal(x->v.m[0].category, GV_CAT_FAILURE_TO_THRIVE);
}

/* ------------------------------------------------------------------ really wrong */

static double parse_num(const char *s, int *dec)
{
	char *end;
	double v = strtod(s, &end);
	const char *dot = memchr(s, '.', (size_t)(end - s));
	*dec = dot ? (int)(end - dot - 1) : 0;
	return end == s ? NAN : v;
}

static int line_index(const prompt_facts *f, gv_ref ref, double z)
{
	return traj_line_index(traj_lineset_for(ref, f->fo.rules == GV_RULES_WHO), z);
}

static double recorded(const gv_visit *g, const gv_result *r, gv_ind k)
{
	switch (k) {
	case GV_WFA: return g->weight_kg;
	case GV_LHFA: return g->height_cm;
	case GV_HCFA: return g->head_cm;
	case GV_ACFA: return g->muac_cm;
	case GV_BFA: return r->ind[GV_BFA].status == GV_OK ? r->ind[GV_BFA].value : NAN;
	default: return NAN;
	}
}

static int open_flag(const gv_flag *g)
{
	return g->category != GV_CAT_IMPLAUSIBLE_VALUE && g->severity >= GV_SEV_MODERATE && !g->suspect;
}

static int has_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

/* Trend words: 0 steady, -1 falling, +1 rising (clinician or family wording). */
static int starts_with_any(const char *s, int fam)
{
	if (!fam)
		return strncmp(s, "steady", 6) == 0 ? 0 : strncmp(s, "falling", 7) == 0 ? -1 : 1;
	return strncmp(s, "stayed", 6) == 0 ? 0 : strncmp(s, "dropped", 7) == 0 ? -1 : 1;
}

/* Judge one planted mistake against the engine.  who names the case in failures. */
static void judge(const fixture *x, const variants_mistake *m, int fam, const char *who)
{
	const prompt_facts *f = &x->f;
	const gv_child *c = f->child;
	const char *pl = variants_str(&x->v, m->planted), *orig = variants_str(&x->v, m->original);
	int dec;
	switch (m->kind) {
	case VARIANTS_WRONG_PERCENTILE_OR_Z: {
		const gv_ind_result *ir = &f->res[m->visit].ind[m->ind];
		gv_ref ref = f->res[m->visit].ref;
		assert_true(prompt_facts_ok(f, m->visit, m->ind));
		double ps;
		if (!fam) {
			const char *zq = strstr(pl, "z "), *pq = strstr(pl, ", P");
			assert_non_null(zq);
			assert_non_null(pq);
			double zs = parse_num(zq + 2, &dec);
			ps = parse_num(pq + 3, &dec);
			if (!(fabs(zs - ir->z) > 0.1))
				fail_msg("%s: planted z %g vs engine %g", who, zs, ir->z);
		} else {
			const char *q = strstr(pl, "around the ");
			assert_non_null(q);
			ps = parse_num(q + 11, &dec);
			const char *ex = strstr(pl, "about ");
			if (ex) /* "about N in 100": the same number */
				assert_true(parse_num(ex + 6, &dec) == ps);
		}
		if (!(fabs(ps - ir->p) > 2 && line_index(f, ref, lms_qnorm(ps / 100)) != line_index(f, ref, ir->z)))
			fail_msg("%s: planted percentile %g vs engine %g (z %g) is not wrong enough", who, ps, ir->p, ir->z);
		break;
	}
	case VARIANTS_VALUE_NOT_IN_RECORD: {
		/* the value stated, in the indicator's unit, is not any recorded one within its rounding */
		const char *num = pl;
		while (*num && !isdigit((unsigned char)*num))
			num++;
		double vs = parse_num(num, &dec);
		assert_true(isfinite(vs));
		gv_ind k = m->ind == GV_NIND ? GV_WFA : m->ind;
		for (size_t i = 0; i < c->nv; i++) {
			double r = recorded(&c->v[i], &f->res[i], k);
			if (!isnan(r) && fabs(r - vs) <= 0.5 * pow(10, -dec) + 1e-9)
				fail_msg("%s: planted %s is visit %zu's %g", who, pl, i + 1, r);
		}
		break;
	}
	case VARIANTS_UNIT_ERROR: {
		double n = parse_num(pl, &dec), half = 0.5 * pow(10, -dec) + 1e-9;
		const char *u = strchr(pl, ' ') + 1;
		double r = recorded(&c->v[m->visit], &f->res[m->visit], m->ind);
		int mass = m->ind == GV_WFA;
		double factor = mass ? GV_KG_PER_LB : GV_CM_PER_IN, canon, tol = half;
		if (strcmp(u, mass ? "lb" : "in") == 0) {
			canon = n * factor;
			tol = half * factor;
			assert_true(fabs(n - r) <= half); /* the canonical number with the foreign unit */
		} else {
			assert_string_equal(u, mass ? "kg" : "cm");
			canon = n;
			assert_true(fabs(n - r / factor) <= half); /* the foreign number with the canonical unit */
		}
		for (size_t i = 0; i < c->nv; i++) {
			double ri = recorded(&c->v[i], &f->res[i], m->ind);
			if (!isnan(ri) && fabs(ri - canon) <= tol) /* within the rounding of what is stated */
				fail_msg("%s: the slip %s lands on visit %zu's %g", who, pl, i + 1, ri);
		}
		break;
	}
	case VARIANTS_WRONG_TREND: {
		prompt_trend t;
		assert_int_equal(prompt_facts_trend(f, m->ind, &t), GV_OK);
		assert_int_equal(t.to, m->visit);
		int lines = traj_lines_crossed(t.lineset, f->res[t.from].ind[m->ind].z, f->res[t.to].ind[m->ind].z);
		int stated = starts_with_any(pl, fam);
		if (stated == 0)
			assert_true(abs(lines) >= 2);
		else if (stated < 0)
			assert_true(lines > -2);
		else
			assert_true(lines < 2);
		(void)orig;
		break;
	}
	case VARIANTS_UNSUPPORTED_CATEGORY: {
		unsigned g = variants_category_groups(m->category);
		assert_true(g != 0);
		for (size_t j = 0; j < f->nflags; j++) {
			assert_true(f->flags[j].category != m->category);
			assert_false(variants_category_groups(f->flags[j].category) & g);
		}
		char name[64];
		snprintf(name, sizeof name, "%s", flags_cat_name(m->category));
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = ' ';
		assert_true(has_ci(pl, strlen(pl), name));
		break;
	}
	case VARIANTS_WRONG_BASIS:
		if (strstr(pl, "chronological age") || strstr(pl, "actual age")) {
			int corrected = 0;
			for (size_t i = 0; i < c->nv; i++)
				corrected |= f->res[i].corrected && f->res[i].ref != GV_REF_NONE;
			assert_true(corrected);
			assert_true(strncmp(orig, "corrected age", 13) == 0);
		} else {
			/* a chart the engine did not use for that span */
			assert_true(strcmp(pl, "WHO 2006") == 0 || strcmp(pl, "CDC 2000") == 0 || strcmp(pl, "WHO") == 0 ||
				    strcmp(pl, "CDC") == 0);
			assert_string_not_equal(pl, orig);
			assert_true((strstr(pl, "CDC") != NULL) != (strstr(orig, "CDC") != NULL));
		}
		break;
	case VARIANTS_MISSED_FLAG: {
		int open = 0;
		for (size_t j = 0; j < f->nflags; j++)
			open |= f->flags[j].category == m->category && open_flag(&f->flags[j]);
		assert_true(open);
		assert_int_equal(m->start, m->end);
		assert_int_equal(m->planted_len, 0);
		/* and the category is named nowhere in what is left */
		const char *title = baseline_category_title(m->category);
		if (has_ci(x->v.text.s, x->v.text.len, title))
			fail_msg("%s: %s still named after the flag sentence went", who, title);
		break;
	}
	case VARIANTS_UNSAFE_ADVICE: {
		int open = 0, over = 0;
		for (size_t j = 0; j < f->nflags; j++) {
			open |= open_flag(&f->flags[j]);
			over |= (variants_category_groups(f->flags[j].category) & variants_category_groups(GV_CAT_OBESITY)) != 0;
		}
		if (strstr(pl, "No follow-up") || strstr(pl, "nothing to worry about"))
			assert_true(open);
		else if (strstr(pl, "diet") || strstr(pl, "formula") || strstr(pl, "smaller meals"))
			assert_true(!open && !over);
		else
			fail_msg("%s: unknown advice \"%s\"", who, pl);
		break;
	}
	default:
		fail_msg("%s: kind %d planted", who, m->kind);
	}
}

/* Every variant: 1-3 mistakes, spans in order, the planted bytes at their spans, and the baseline
 * back when each is replaced by its original. */
static void check_shape(const fixture *x, const char *who)
{
	const variant *v = &x->v;
	assert_true(v->nm >= 1 && v->nm <= VARIANTS_MAX_MISTAKES);
	prompt_buf back = PROMPT_BUF_INIT;
	size_t pos = 0;
	for (size_t i = 0; i < v->nm; i++) {
		const variants_mistake *m = &v->m[i];
		assert_true(m->start <= m->end && m->end <= v->text.len);
		if (i)
			assert_true(m->start >= v->m[i - 1].end);
		assert_int_equal(m->end - m->start, m->planted_len);
		assert_memory_equal(v->text.s + m->start, variants_str(v, m->planted), m->planted_len);
		assert_true(m->original_len > 0 || m->planted_len > 0);
		assert_true(m->note_len > 0);
		assert_int_not_equal(m->kind, VARIANTS_OTHER);
		prompt_buf_put(&back, v->text.s + pos, m->start - pos);
		prompt_buf_put(&back, variants_str(v, m->original), m->original_len);
		pos = m->end;
	}
	prompt_buf_put(&back, v->text.s + pos, v->text.len - pos);
	if (back.len != x->b.text.len || memcmp(back.s, x->b.text.s, back.len) != 0)
		fail_msg("%s: the baseline does not come back:\n%s\n---\n%s", who, back.s, x->b.text.s);
	prompt_buf_free(&back);
	assert_false(v->text.len == x->b.text.len && memcmp(v->text.s, x->b.text.s, v->text.len) == 0);
	/* still a summary: the same closing sentence shape, no doubled spaces, no empty sentence */
	assert_null(strstr(v->text.s, "  "));
	assert_null(strstr(v->text.s, ". ."));
	for (size_t i = 0; i + 1 < v->text.len; i++) /* sentences apart: ".A" is two run together */
		if (v->text.s[i] == '.' && isupper((unsigned char)v->text.s[i + 1]))
			fail_msg("%s: sentences run together at byte %zu:\n%s", who, i, v->text.s);
	assert_true(v->text.s[v->text.len - 1] == '.');
}

static void test_cohort(void **state)
{
	fixture *x = *state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	int count[VARIANTS_NMODELS][VARIANTS_NKINDS] = {{0}}, sizes[4] = {0};
	const int n = 1500;
	char who[160];
	for (int i = 0; i < n; i++) {
		gv_child c;
		synth_child(&cfg, 13, (uint64_t)i, &c, v, NULL);
		assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
		for (int a = 0; a < 2; a++) {
			prompt_options o;
			prompt_default_options(&o);
			o.audience = (gv_audience)a;
			assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
			for (int model = 1; model <= VARIANTS_NMODELS; model++) {
				assert_int_equal(variants_make(&x->f, &x->b, &o, model, (uint64_t)i * 31 + 5, &x->v), GV_OK);
				snprintf(who, sizeof who, "child %d, %s, %s", i, prompt_audience_name(o.audience),
					 variants_model_name(model));
				check_shape(x, who);
				sizes[x->v.nm]++;
				for (size_t k = 0; k < x->v.nm; k++) {
					count[model - 1][x->v.m[k].kind]++;
					judge(x, &x->v.m[k], a, who);
				}
			}
		}
	}
	print_message("variants on %d children x 2 audiences: 1 mistake %d, 2 mistakes %d, 3 mistakes %d\n", n, sizes[1],
		      sizes[2], sizes[3]);
	for (int k = 0; k < VARIANTS_NKINDS; k++)
		print_message("  %-22s demo-variant-1 %5d  demo-variant-2 %5d\n", variants_kind_name((variants_kind)k), count[0][k],
			      count[1][k]);
	for (int k = 0; k < VARIANTS_OTHER; k++)
		assert_true(count[0][k] + count[1][k] >= 50);
	assert_int_equal(count[0][VARIANTS_OTHER] + count[1][VARIANTS_OTHER], 0);
	assert_true(sizes[1] > 0 && sizes[2] > 0 && sizes[3] > 0);
	/* the models' characters: numbers for 1, interpretation for 2 */
	int num1 = count[0][0] + count[0][1] + count[0][2], num2 = count[1][0] + count[1][1] + count[1][2];
	int int1 = count[0][3] + count[0][4] + count[0][6] + count[0][7], int2 = count[1][3] + count[1][4] + count[1][6] + count[1][7];
	assert_true(num1 > 2 * num2 && int2 > 2 * int1);
}

/* Seeded: the same seed gives the same bytes; other seeds, other variants. */
static void test_deterministic(void **state)
{
	fixture *x = *state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	variant other;
	variants_init(&other);
	int differ = 0, models_differ = 0;
	const int n = 200;
	prompt_options o;
	prompt_default_options(&o);
	for (int i = 0; i < n; i++) {
		gv_child c;
		synth_child(&cfg, 17, (uint64_t)i, &c, v, NULL);
		assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
		assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
		assert_int_equal(variants_make(&x->f, &x->b, &o, 1, 99, &x->v), GV_OK);
		assert_int_equal(variants_make(&x->f, &x->b, &o, 2, 98, &other), GV_OK); /* other state first */
		assert_int_equal(variants_make(&x->f, &x->b, &o, 1, 99, &other), GV_OK);
		assert_int_equal(x->v.text.len, other.text.len);
		assert_memory_equal(x->v.text.s, other.text.s, other.text.len);
		assert_int_equal(x->v.nm, other.nm);
		for (size_t k = 0; k < other.nm; k++) {
			assert_int_equal(x->v.m[k].kind, other.m[k].kind);
			assert_int_equal(x->v.m[k].start, other.m[k].start);
			assert_string_equal(variants_str(&x->v, x->v.m[k].note), variants_str(&other, other.m[k].note));
		}
		assert_int_equal(variants_make(&x->f, &x->b, &o, 1, 100, &other), GV_OK);
		differ += other.text.len != x->v.text.len || memcmp(other.text.s, x->v.text.s, other.text.len) != 0;
		assert_int_equal(variants_make(&x->f, &x->b, &o, 2, 99, &other), GV_OK);
		models_differ += other.text.len != x->v.text.len || memcmp(other.text.s, x->v.text.s, other.text.len) != 0;
	}
	assert_true(differ > n * 3 / 4);
	assert_true(models_differ > n * 3 / 4);
	variants_free(&other);
}

/* Children with little to change still get a mistake; bad arguments are refused. */
static void test_edges(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[6];
	char who[160];
	for (int kind = 0; kind < 4; kind++) {
		tu_child_b(&c, v);
		if (kind == 0)
			c.nv = 0; /* no visits */
		else if (kind == 1)
			c.p.sex = GV_SEX_UNKNOWN;
		else if (kind == 2)
			tu_child_d(&c, v); /* only suspect flags */
		else {
			tu_child_c(&c, v);
			c.nv = 1; /* one visit at birth */
		}
		for (int a = 0; a < 2; a++)
			for (int model = 1; model <= 2; model++)
				for (uint64_t seed = 0; seed < 20; seed++) {
					make(x, &c, (gv_audience)a, model, seed);
					snprintf(who, sizeof who, "edge %d, audience %d, model %d, seed %llu", kind, a, model,
						 (unsigned long long)seed);
					check_shape(x, who);
					for (size_t k = 0; k < x->v.nm; k++)
						judge(x, &x->v.m[k], a, who);
				}
	}
	prompt_options o;
	prompt_default_options(&o);
	assert_int_equal(variants_make(&x->f, &x->b, &o, 0, 1, &x->v), GV_EINVAL);
	assert_int_equal(variants_make(&x->f, &x->b, &o, 3, 1, &x->v), GV_EINVAL);
	assert_int_equal(variants_make(NULL, &x->b, &o, 1, 1, &x->v), GV_EINVAL);
	assert_int_equal(variants_make(&x->f, NULL, &o, 1, 1, &x->v), GV_EINVAL);
	baseline empty;
	baseline_init(&empty);
	assert_int_equal(variants_make(&x->f, &empty, &o, 1, 1, &x->v), GV_EINVAL);
	baseline_free(&empty);
	assert_string_equal(variants_str(&x->v, (size_t)-1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_exact_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
