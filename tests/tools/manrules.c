/* manrules — print the flag rules of core/flags.c as mdoc, for the FLAGS section of
 * man/growthview.1 (between the "BEGIN GENERATED RULES" and "END GENERATED RULES" comments).
 * `make man` rewrites that part; tests/sh_man.sh fails when it is out of date, so the man page
 * always lists every rule with the threshold and source the code applies. */
#include <stdio.h>
#include <string.h>

#include "core/flags.h"

static const char *group_of(gv_flag_cat c)
{
	switch (c) {
	case GV_CAT_IMPLAUSIBLE_VALUE: return "implausible and suspect values";
	case GV_CAT_NEWBORN_WEIGHT_LOSS: return "newborn weight";
	case GV_CAT_SMALL_FOR_GA:
	case GV_CAT_LARGE_FOR_GA: return "birth size for gestational age";
	case GV_CAT_FAILURE_TO_THRIVE:
	case GV_CAT_UNDERWEIGHT:
	case GV_CAT_WASTING:
	case GV_CAT_THINNESS:
	case GV_CAT_SEVERE_ACUTE_MALNUTRITION:
	case GV_CAT_MODERATE_ACUTE_MALNUTRITION: return "under-nutrition and faltering growth";
	case GV_CAT_OVERWEIGHT:
	case GV_CAT_OBESITY:
	case GV_CAT_SEVERE_OBESITY:
	case GV_CAT_RAPID_WEIGHT_GAIN: return "over-nutrition";
	case GV_CAT_SHORT_STATURE:
	case GV_CAT_STUNTING:
	case GV_CAT_MIDPARENTAL_HEIGHT_GAP:
	case GV_CAT_HEIGHT_FALTERING: return "stature";
	case GV_CAT_MICROCEPHALY:
	case GV_CAT_MACROCEPHALY:
	case GV_CAT_HEAD_GROWTH_CROSSING: return "head circumference";
	case GV_CAT_COUNT: break;
	}
	return "other";
}

/* mdoc text: a line must not start with '.' or '\'', and backslashes are escaped. */
static void text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
	}
}

int main(void)
{
	const char *group = NULL;
	gv_rule_info r;
	for (size_t i = 0; flags_rule_info(i, &r); i++) {
		const char *g = group_of(r.category);
		if (!group || strcmp(g, group) != 0) {
			if (group)
				puts(".El");
			printf(".Ss Flag rules: %s\n.Bl -tag -width Ds\n", g);
			group = g;
		}
		printf(".It Cm %s\n", r.id);
		char label[256];
		snprintf(label, sizeof label, "%s", r.label);
		if (label[0] >= 'a' && label[0] <= 'z')
			label[0] = (char)(label[0] - 'a' + 'A');
		text(label);
		size_t ln = strlen(label);
		printf("%s\nCategory\n.Cm %s ,\nseverity\n.Cm %s .\n", ln && strchr("?.", label[ln - 1]) ? "" : ".",
		       flags_cat_name(r.category), flags_sev_name(r.severity));
		fputs("Applies to: ", stdout);
		text(r.applies);
		fputs(".\nThreshold: ", stdout);
		text(r.threshold_text);
		fputs(".\nSource: ", stdout);
		text(r.source);
		size_t n = strlen(r.source);
		puts(n && r.source[n - 1] == '.' ? "" : ".");
	}
	if (group)
		puts(".El");
	return 0;
}
