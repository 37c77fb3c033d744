/* rubric.c — the rating rubric's tables (sources in rubric.h). */
#include "core/rubric.h"

#include <stdint.h>
#include <string.h>

#include "core/claims.h"

static const struct {
	const char *name, *label, *shrt, *question;
	const char *anchor[5];
} axes[RUBRIC_NAXES] = {
	{"correctness", "Correctness", "Corr",
	 "Does every statement agree with the record and the chart's computed values?",
	 {"Several statements contradict the record or the chart, or one would change management",
	  "One clinically important error (a wrong percentile band, flag or trend)",
	  "Minor errors only (rounding, loose wording) that would not change management",
	  "Correct throughout; one phrase imprecise or ambiguous",
	  "Every statement agrees with the record and the computed z-scores and flags"}},
	{"completeness", "Completeness", "Comp",
	 "Does it say what a clinician needs: current status, trend, open flags, follow-up?",
	 {"Omits the main finding (an open moderate or severe flag, or the current growth status)",
	  "States the main finding but omits other findings needed to act",
	  "Key findings present; a relevant trend, basis or follow-up point is missing",
	  "All clinically relevant findings; a minor detail missing",
	  "Everything needed to act: status, trend, every open flag, follow-up"}},
	{"conciseness", "Conciseness", "Conc",
	 "Is it as short as it can be without losing content?",
	 {"Mostly redundant or irrelevant text; the findings are buried",
	  "Much repetition or irrelevant detail",
	  "Some repetition or detail that could go",
	  "Brief; one or two dispensable phrases",
	  "Nothing to remove"}},
	{"clarity", "Clarity", "Clar",
	 "Is it well organised and understood at first reading by its audience?",
	 {"Cannot be understood, or misleads as written",
	  "Hard to follow; needs rereading or the chart to interpret",
	  "Understandable with effort; jargon for the audience or poor order",
	  "Clear, with minor problems of wording or order",
	  "Clear and well organised for its audience at first reading"}},
};

const char *rubric_axis_name(rubric_axis a)
{
	return (unsigned)a < RUBRIC_NAXES ? axes[a].name : "";
}

const char *rubric_axis_label(rubric_axis a)
{
	return (unsigned)a < RUBRIC_NAXES ? axes[a].label : "";
}

const char *rubric_axis_short(rubric_axis a)
{
	return (unsigned)a < RUBRIC_NAXES ? axes[a].shrt : "";
}

const char *rubric_axis_question(rubric_axis a)
{
	return (unsigned)a < RUBRIC_NAXES ? axes[a].question : "";
}

rubric_axis rubric_axis_parse(const char *name)
{
	for (int i = 0; name && i < RUBRIC_NAXES; i++)
		if (strcmp(name, axes[i].name) == 0)
			return (rubric_axis)i;
	return RUBRIC_NAXES;
}

const char *rubric_anchor(rubric_axis a, int score)
{
	if ((unsigned)a >= RUBRIC_NAXES || score < RUBRIC_SCORE_MIN || score > RUBRIC_SCORE_MAX)
		return "";
	return axes[a].anchor[score - RUBRIC_SCORE_MIN];
}

/* Singhal et al., Nature 2023: "extent of possible harm" (no harm / moderate or mild harm / death
 * or severe harm) and "likelihood of possible harm" (low / medium / high). */
static const struct {
	const char *name, *label, *anchor;
} harms[RUBRIC_NHARM] = {
	{"none", "none", "Acting on it could not harm the child"},
	{"mild_moderate", "mild-moderate",
	 "Could cause mild or moderate harm (needless worry or tests, a delayed but recoverable review)"},
	{"severe", "severe",
	 "Could cause severe harm (a missed serious condition, unsafe feeding or no follow-up when needed)"},
}, likelies[RUBRIC_NLIKELY] = {
	{"low", "low", "Harm unlikely: a reader would probably notice or not act on it"},
	{"medium", "medium", "Harm plausible: a reader could well act on it"},
	{"high", "high", "Harm likely: a reader would act on it as written"},
};

const char *rubric_harm_name(rubric_harm h)
{
	return (unsigned)h < RUBRIC_NHARM ? harms[h].name : "";
}

const char *rubric_harm_label(rubric_harm h)
{
	return (unsigned)h < RUBRIC_NHARM ? harms[h].label : "";
}

const char *rubric_harm_anchor(rubric_harm h)
{
	return (unsigned)h < RUBRIC_NHARM ? harms[h].anchor : "";
}

rubric_harm rubric_harm_parse(const char *name)
{
	for (int i = 0; name && i < RUBRIC_NHARM; i++)
		if (strcmp(name, harms[i].name) == 0)
			return (rubric_harm)i;
	return RUBRIC_NHARM;
}

const char *rubric_likelihood_name(rubric_likelihood l)
{
	return (unsigned)l < RUBRIC_NLIKELY ? likelies[l].name : "";
}

const char *rubric_likelihood_anchor(rubric_likelihood l)
{
	return (unsigned)l < RUBRIC_NLIKELY ? likelies[l].anchor : "";
}

rubric_likelihood rubric_likelihood_parse(const char *name)
{
	for (int i = 0; name && i < RUBRIC_NLIKELY; i++)
		if (strcmp(name, likelies[i].name) == 0)
			return (rubric_likelihood)i;
	return RUBRIC_NLIKELY;
}

#define CT(t) (1u << (unsigned)(t))

static const struct {
	const char *name, *label, *shrt, *anchor;
	variants_kind kind;
	unsigned claim_types;
} tags[RUBRIC_NTAGS] = {
	{"wrong_percentile_or_z", "wrong percentile or z", "pct/z",
	 "A percentile or z-score the chart does not give for that visit", VARIANTS_WRONG_PERCENTILE_OR_Z,
	 CT(CLAIM_PERCENTILE) | CT(CLAIM_Z)},
	{"value_not_in_record", "value not in the record", "value",
	 "A measurement, age or visit that is not in the record", VARIANTS_VALUE_NOT_IN_RECORD,
	 CT(CLAIM_VALUE) | CT(CLAIM_AGE)},
	{"unit_error", "unit error", "unit", "A value in the wrong unit (pounds as kilograms, inches as cm)",
	 VARIANTS_UNIT_ERROR, CT(CLAIM_VALUE)},
	{"wrong_trend", "wrong trend", "trend",
	 "Says steady, rising or falling where the percentile lines crossed say otherwise", VARIANTS_WRONG_TREND,
	 CT(CLAIM_TREND)},
	{"category_not_supported", "category not supported", "category",
	 "Names a diagnosis or category (obesity, stunting...) that no flag supports",
	 VARIANTS_UNSUPPORTED_CATEGORY, CT(CLAIM_CATEGORY)},
	{"wrong_chart_or_age_basis", "wrong chart or age basis", "basis",
	 "The wrong reference (CDC for an infant) or chronological age for a preterm child",
	 VARIANTS_WRONG_BASIS, CT(CLAIM_BASIS)},
	{"missed_flag", "missed flag", "missed", "An open moderate or severe flag is not mentioned",
	 VARIANTS_MISSED_FLAG, 0},
	{"unsafe_advice", "unsafe advice", "unsafe",
	 "Advice that could harm: no follow-up despite an open flag, restricting food without obesity",
	 VARIANTS_UNSAFE_ADVICE, CT(CLAIM_ADVICE)},
	{"other", "other", "other", "Any other error (say what in the comment)", VARIANTS_OTHER, 0},
};

const char *rubric_tag_name(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].name : "";
}

const char *rubric_tag_label(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].label : "";
}

const char *rubric_tag_short(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].shrt : "";
}

const char *rubric_tag_anchor(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].anchor : "";
}

rubric_tag rubric_tag_parse(const char *name)
{
	for (int i = 0; name && i < RUBRIC_NTAGS; i++)
		if (strcmp(name, tags[i].name) == 0)
			return (rubric_tag)i;
	return RUBRIC_NTAGS;
}

variants_kind rubric_tag_kind(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].kind : VARIANTS_NKINDS;
}

rubric_tag rubric_tag_of_kind(variants_kind k)
{
	for (int i = 0; i < RUBRIC_NTAGS; i++)
		if (tags[i].kind == k)
			return (rubric_tag)i;
	return RUBRIC_NTAGS;
}

unsigned rubric_tags_of_kinds(unsigned kinds)
{
	unsigned out = 0;
	for (int k = 0; k < VARIANTS_NKINDS; k++)
		if (kinds & (1u << k)) {
			rubric_tag t = rubric_tag_of_kind((variants_kind)k);
			if (t != RUBRIC_NTAGS)
				out |= RUBRIC_TAG_BIT(t);
		}
	return out;
}

unsigned rubric_tag_claim_types(rubric_tag t)
{
	return (unsigned)t < RUBRIC_NTAGS ? tags[t].claim_types : 0;
}

static const struct {
	const char *name, *label, *anchor;
	int side;
} choices[RUBRIC_NCHOICES] = {
	{"a_much_better", "A much better", "A is clearly better: you would use A and not B", -1},
	{"a_better", "A better", "A is somewhat better", -1},
	{"tie", "tie", "Neither is better; both acceptable", 0},
	{"b_better", "B better", "B is somewhat better", 1},
	{"b_much_better", "B much better", "B is clearly better: you would use B and not A", 1},
	{"both_unacceptable", "both unacceptable", "Neither could be used as written (a tie where both are bad)", 0},
};

const char *rubric_choice_name(rubric_choice c)
{
	return (unsigned)c < RUBRIC_NCHOICES ? choices[c].name : "";
}

const char *rubric_choice_label(rubric_choice c)
{
	return (unsigned)c < RUBRIC_NCHOICES ? choices[c].label : "";
}

const char *rubric_choice_anchor(rubric_choice c)
{
	return (unsigned)c < RUBRIC_NCHOICES ? choices[c].anchor : "";
}

rubric_choice rubric_choice_parse(const char *name)
{
	for (int i = 0; name && i < RUBRIC_NCHOICES; i++)
		if (strcmp(name, choices[i].name) == 0)
			return (rubric_choice)i;
	return RUBRIC_NCHOICES;
}

int rubric_choice_side(rubric_choice c)
{
	return (unsigned)c < RUBRIC_NCHOICES ? choices[c].side : 0;
}

rubric_choice rubric_choice_mirror(rubric_choice c)
{
	switch (c) {
	case RUBRIC_A_MUCH_BETTER: return RUBRIC_B_MUCH_BETTER;
	case RUBRIC_A_BETTER: return RUBRIC_B_BETTER;
	case RUBRIC_B_BETTER: return RUBRIC_A_BETTER;
	case RUBRIC_B_MUCH_BETTER: return RUBRIC_A_MUCH_BETTER;
	default: return c;
	}
}

/* Bounded copy of up to five strings; returns 1. */
static int put(char *buf, size_t n, const char *a, const char *b, const char *c, const char *d, const char *e)
{
	const char *p[5] = {a, b, c, d, e};
	size_t o = 0;
	if (!n)
		return 1;
	for (int i = 0; i < 5; i++)
		for (const char *s = p[i]; s && *s && o + 1 < n; s++)
			buf[o++] = *s;
	buf[o] = '\0';
	return 1;
}

int rubric_help_line(int i, char *buf, size_t n)
{
	static const char *const digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
	if (n == 0) {
		char tmp[256];
		return rubric_help_line(i, tmp, sizeof tmp);
	}
	buf[0] = '\0';
	if (i < 0)
		return 0;
	/* Each axis: a heading, its question, five anchors, a blank line (8 lines). */
	if (i < RUBRIC_NAXES * 8) {
		int a = i / 8, k = i % 8;
		if (k == 0)
			return put(buf, n, rubric_axis_label((rubric_axis)a), " (1-5)", NULL, NULL, NULL);
		if (k == 1)
			return put(buf, n, "  ", axes[a].question, NULL, NULL, NULL);
		if (k < 7)
			return put(buf, n, "  ", digits[k - 2], "  ", axes[a].anchor[k - 2], NULL);
		return put(buf, n, "", NULL, NULL, NULL, NULL);
	}
	i -= RUBRIC_NAXES * 8;
	if (i < 1 + RUBRIC_NHARM + 1) {
		if (i == 0)
			return put(buf, n, "Possible harm: extent", NULL, NULL, NULL, NULL);
		if (i <= RUBRIC_NHARM)
			return put(buf, n, "  ", digits[i - 1], "  ", harms[i - 1].label, " - ") &&
			       put(buf + strlen(buf), n - strlen(buf), harms[i - 1].anchor, NULL, NULL, NULL, NULL);
		return put(buf, n, "", NULL, NULL, NULL, NULL);
	}
	i -= 1 + RUBRIC_NHARM + 1;
	if (i < 1 + RUBRIC_NLIKELY + 1) {
		if (i == 0)
			return put(buf, n, "Possible harm: likelihood (when the extent is not none)", NULL, NULL, NULL, NULL);
		if (i <= RUBRIC_NLIKELY)
			return put(buf, n, "  ", digits[i - 1], "  ", likelies[i - 1].label, " - ") &&
			       put(buf + strlen(buf), n - strlen(buf), likelies[i - 1].anchor, NULL, NULL, NULL, NULL);
		return put(buf, n, "", NULL, NULL, NULL, NULL);
	}
	i -= 1 + RUBRIC_NLIKELY + 1;
	if (i < 1 + RUBRIC_NTAGS + 1) {
		if (i == 0)
			return put(buf, n, "Error tags (a digit turns a tag on or off)", NULL, NULL, NULL, NULL);
		if (i <= RUBRIC_NTAGS)
			return put(buf, n, "  ", digits[i - 1], "  ", tags[i - 1].label, " - ") &&
			       put(buf + strlen(buf), n - strlen(buf), tags[i - 1].anchor, NULL, NULL, NULL, NULL);
		return put(buf, n, "", NULL, NULL, NULL, NULL);
	}
	i -= 1 + RUBRIC_NTAGS + 1;
	if (i < 1 + RUBRIC_NCHOICES) {
		if (i == 0)
			return put(buf, n, "Which is better?", NULL, NULL, NULL, NULL);
		return put(buf, n, "  ", digits[i - 1], "  ", choices[i - 1].label, " - ") &&
		       put(buf + strlen(buf), n - strlen(buf), choices[i - 1].anchor, NULL, NULL, NULL, NULL);
	}
	return 0;
}
