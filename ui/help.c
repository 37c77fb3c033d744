/* help.c — key tables, the help overlay and the status line (help.h). */
#include "ui/help.h"

#include <stdio.h>
#include <string.h>

#include "ui/fmt.h"

/* Keep in step with list_key (ui/list.c), patient_key and flags_key (ui/patient.c), form_key
 * (ui/form.c) and tui_key (ui/tui.c); tests/ui_screens.c presses every key listed here. */
static const help_key list_keys[] = {
	{"Up Down j k", "move the cursor", NULL, 0},
	{"PgUp PgDn Ctrl-b Ctrl-f Space", "move by a page", NULL, 0},
	{"g G Home End", "first / last patient", NULL, 0},
	{"Enter l Right", "open the patient's chart", "open", 0},
	{"/", "search by name or id, as you type (Enter keeps it, Esc cancels)", "search", 0},
	{"Esc", "clear the search", NULL, 0},
	{"f", "only patients with open flags (on/off)", "flagged", 0},
	{"s", "sort by name, age, last visit, flag severity (cycle)", "sort", 0},
	{"r", "reverse the sort order", NULL, 0},
	{"a", "add a patient (name, id, sex, birth date, gestation, parents' heights, notes)", "add", 1},
	{"S", "statistics: leaderboard, agreement", NULL, 0},
	{"R", "rate summaries on the rating screen", NULL, 0},
	{"?  F1", "this help", NULL, 0},
	{"q", "quit", "quit", 0},
};

static const help_key search_keys[] = {
	{"any text", "filter the list by name or id as you type", NULL, 0},
	{"Backspace Ctrl-u", "delete a character / the whole search", NULL, 0},
	{"Up Down PgUp PgDn", "move the cursor while searching", NULL, 0},
	{"Enter", "keep the search and go back to the list", "keep", 0},
	{"Esc", "cancel the search", "cancel", 0},
};

#define PATIENT_COMMON                                                                                          \
	{"1-6", "weight, length/height, BMI, head, weight-for-length/height, arm circumference", "chart", 0},   \
	    {"i ]  I [", "next / previous indicator", NULL, 0},                                                  \
	    {"z", "z-score (SDS) view / value view", "z-score", 0},                                              \
	    {"+ =  -", "zoom out to the chart's full age span / in to the child's", "zoom", 0},                 \
	    {"r", "chart reference: auto (WHO < 2 y, CDC after), WHO, CDC", NULL, 0},                            \
	    {"o", "WHO charts: also the 1st and 99th percentile lines", NULL, 0},                                \
	    {"t", "table of measurements / chart", "table", 0},                                                   \
	    {"Tab", "flags panel (select, acknowledge) / back", "flags", 0},                                     \
	    {"a", "add a measurement", "add", 1}, {"e", "edit the selected measurement", "edit", 1},              \
	    {"E", "edit the patient: name, id, sex, birth date, gestation, parents' heights, notes", "patient", 1}, \
	    {"d Delete", "delete the selected measurement (asks first)", NULL, 1},                               \
	    {"u", "undo your last change", "undo", 1}, {"n p", "next / previous patient of the list", NULL, 0},  \
	    {"?  F1", "this help", NULL, 0}, {"q Esc", "back to the list", "back", 0}, {"Q", "quit", NULL, 0}

static const help_key chart_keys[] = {
	{"Left Right h l", "previous / next visit on this chart", "visit", 0},
	{"Up Down k j", "previous / next visit", NULL, 0},
	{"PgUp PgDn", "ten visits back / forward", NULL, 0},
	{"g G Home End", "first / last visit", NULL, 0},
	PATIENT_COMMON,
};

static const help_key table_keys[] = {
	{"Up Down k j", "previous / next measurement", "visit", 0},
	{"PgUp PgDn", "ten measurements back / forward", NULL, 0},
	{"g G Home End", "first / last measurement", NULL, 0},
	{"Enter", "edit the selected measurement", NULL, 1},
	PATIENT_COMMON,
};

static const help_key flags_keys[] = {
	{"Up Down k j", "select a flag", "select", 0},
	{"PgUp PgDn g G", "five flags back / forward, first / last", NULL, 0},
	{"Enter", "show the flag's visit on its chart", "show", 0},
	{"A", "acknowledge the flag (with an optional comment)", "acknowledge", 1},
	{"Tab Esc", "back to the chart", "back", 0},
	{"u", "undo your last change (an acknowledgement too)", NULL, 1},
	{"?  F1", "this help", NULL, 0},
	{"q", "back to the list", NULL, 0},
};

static const help_key form_keys[] = {
	{"Tab Down", "next field", "next", 0},
	{"Shift-Tab Up", "previous field", NULL, 0},
	{"text", "weights in kg, g, lb (12 lb 4 oz), oz; lengths in cm, mm, in", NULL, 0},
	{"Space Left Right", "change position (length / height / unknown) and oedema (no / yes)", NULL, 0},
	{"Backspace Ctrl-u", "delete a character / clear the field", NULL, 0},
	{"Enter", "save (asks first when a value is implausible)", "save", 1},
	{"Esc", "cancel (asks first when something was typed)", "cancel", 0},
	{"F1", "this help", NULL, 0},
};

static const help_key pform_keys[] = {
	{"Tab Down", "next field", "next", 0},
	{"Shift-Tab Up", "previous field", NULL, 0},
	{"text", "birth date YYYY-MM-DD; gestation weeks+days (34+2); heights in cm, in, ft (5 ft 4 in)", NULL, 0},
	{"Space m f", "sex: male / female", NULL, 0},
	{"Backspace Ctrl-u", "delete a character / clear the field (the notes too)", NULL, 0},
	{"Enter", "save (the importers' checks; asks about an unlikely birth date)", "save", 1},
	{"Esc", "cancel (asks first when something was typed)", "cancel", 0},
	{"F1", "this help", NULL, 0},
};

/* Keep in step with stats_screen_key (ui/tui_stats.c). */
static const help_key stats_keys[] = {
	{"Up Down k j", "scroll a line", "scroll", 0},
	{"PgUp PgDn Ctrl-b Ctrl-f Space", "scroll a page", NULL, 0},
	{"g G Home End", "top / bottom", NULL, 0},
	{"r", "compute again from the database", "recompute", 0},
	{"?  F1", "this help", NULL, 0},
	{"q Esc", "back to the list", "back", 0},
	{"Q", "quit", NULL, 0},
};

/* The rating screen (ui/tui_rate.c rate_key); its `?` shows these, then the rubric. */
static const help_key rate_keys[] = {
	{"1-5", "score the focused axis and move on (harm, likelihood 1-3, tags 1-9 toggle, choice 1-6; 0 clears)", "score", 1},
	{"Tab Shift-Tab", "next / previous field (A's axes, harm, likelihood, tags; B's; the choice)", "next", 0},
	{"Left Right h l", "the same field of summary A / B", NULL, 0},
	{"Up Down k j", "previous / next field of the summary; from the tags, the choice", NULL, 0},
	{"u", "undo the last change of this draft", "undo", 1},
	{"s", "skip the item, with a reason", "skip", 1},
	{"f", "flag the item for review (on/off)", "flag", 1},
	{"c", "comment (optional; Enter saves)", NULL, 1},
	{"e", "corrected summary, starting from the focused one: arrows, Home, End move the cursor; Ctrl-D saves", NULL, 1},
	{"Enter", "submit (refused, naming what is missing); then the models and claim checks are shown; adjudicating: resolve", "submit", 1},
	{"r", "reopen a submitted or skipped rating (audited)", NULL, 1},
	{"n p", "next / previous item of the queue", NULL, 0},
	{"o", "below 100 columns: show the other summary", NULL, 0},
	{"PgUp PgDn Space", "scroll the summary", NULL, 0},
	{"g", "the child's growth chart / flags list / back to the summaries (adjudicating: the raters first)", NULL, 0},
	{"i", "the chart's next indicator", NULL, 0},
	{"] [", "after submit: next / previous checked claim", NULL, 0},
	{"y x", "after submit: confirm / overrule the checker's verdict on the claim", NULL, 1},
	{"a", "adjudicators: the adjudications (both raters' ratings side by side) / your own queue", NULL, 0},
	{"?  F1", "keys and the rubric with every anchor", NULL, 0},
	{"q Esc", "back to the list (growthview rate: quit)", NULL, 0},
	{"Q", "quit", NULL, 0},
};

static const struct {
	const char *title;
	const help_key *keys;
	size_t n;
} screens[HELP_NSCREENS] = {
	[HELP_LIST] = {"Patient list", list_keys, sizeof list_keys / sizeof list_keys[0]},
	[HELP_SEARCH] = {"Search", search_keys, sizeof search_keys / sizeof search_keys[0]},
	[HELP_CHART] = {"Patient chart", chart_keys, sizeof chart_keys / sizeof chart_keys[0]},
	[HELP_TABLE] = {"Measurements", table_keys, sizeof table_keys / sizeof table_keys[0]},
	[HELP_FLAGS] = {"Flags panel", flags_keys, sizeof flags_keys / sizeof flags_keys[0]},
	[HELP_FORM] = {"Measurement form", form_keys, sizeof form_keys / sizeof form_keys[0]},
	[HELP_PFORM] = {"Patient form", pform_keys, sizeof pform_keys / sizeof pform_keys[0]},
	[HELP_STATS] = {"Statistics", stats_keys, sizeof stats_keys / sizeof stats_keys[0]},
	[HELP_RATE] = {"Rating", rate_keys, sizeof rate_keys / sizeof rate_keys[0]},
};

const help_key *help_keys(int screen, size_t *n)
{
	if (screen < 0 || screen >= HELP_NSCREENS) {
		*n = 0;
		return NULL;
	}
	*n = screens[screen].n;
	return screens[screen].keys;
}

const char *help_title(int screen)
{
	return screen >= 0 && screen < HELP_NSCREENS ? screens[screen].title : "";
}

int help_draw(scr *s, int screen, int *scroll, int read_only)
{
	size_t n;
	const help_key *k = help_keys(screen, &n);
	if (!k)
		return 0;
	int W = scr_width(s), H = scr_height(s);
	int kw = 0;
	for (size_t i = 0; i < n; i++) {
		int w = fmt_width(k[i].keys);
		if (w > kw)
			kw = w;
	}
	int bw = W - 4 < 96 ? W - 4 : 96;
	int textw = bw - 4 - kw - 2;
	/* lines: each key's description wrapped after its keys */
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		int st[8], ln[8];
		int nl = fmt_wrap(k[i].what, textw, st, ln, 8);
		total += nl ? nl : 1;
	}
	int extra = 3; /* title is the frame; blank, footer */
	int bh = total + extra + 1;
	if (bh > H - 2)
		bh = H - 2;
	int rows = bh - extra - 1;
	if (*scroll > total - rows)
		*scroll = total - rows;
	if (*scroll < 0)
		*scroll = 0;
	int x0 = (W - bw) / 2, y0 = (H - bh) / 2;
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	char t[96];
	snprintf(t, sizeof t, " Keys: %s ", help_title(screen));
	scr_text(s, x0 + 2, y0, bw - 4, t, UI_HEADING);
	int line = 0, y = y0 + 2;
	for (size_t i = 0; i < n; i++) {
		int st[8], ln[8];
		int nl = fmt_wrap(k[i].what, textw, st, ln, 8);
		for (int j = 0; j < (nl ? nl : 1); j++, line++) {
			if (line < *scroll || line >= *scroll + rows)
				continue;
			int yy = y + line - *scroll;
			if (j == 0)
				scr_text(s, x0 + 2, yy, kw, k[i].keys, UI_KEY);
			char b[256];
			snprintf(b, sizeof b, "%.*s%s", nl ? ln[j] : 0, nl ? k[i].what + st[j] : "",
				 read_only && k[i].writes && j == nl - 1 ? " (not in read-only mode)" : "");
			scr_text(s, x0 + 2 + kw + 2, yy, textw, b, read_only && k[i].writes ? UI_DIM : UI_TEXT);
		}
	}
	const char *foot = total > rows ? " Up/Down scroll, any other key closes " : " any key closes ";
	scr_text(s, x0 + bw - 2 - (int)strlen(foot), y0 + bh - 1, (int)strlen(foot), foot, UI_DIM);
	return total;
}

void help_status(scr *s, int y, int screen, int read_only)
{
	int W = scr_width(s);
	size_t n;
	const help_key *k = help_keys(screen, &n);
	scr_fill(s, 0, y, W, 1, ' ', UI_STATUS);
	const char *tail = screen == HELP_FORM || screen == HELP_PFORM ? "F1 help" : "? help";
	int tw = (int)strlen(tail);
	int x = 1;
	for (size_t i = 0; k && i < n; i++) {
		if (!k[i].brief || (read_only && k[i].writes))
			continue;
		/* the first key name of the entry, then its brief */
		char key[32];
		size_t kl = strcspn(k[i].keys, " ");
		snprintf(key, sizeof key, "%.*s", (int)kl, k[i].keys);
		if (strcmp(key, "Left") == 0)
			snprintf(key, sizeof key, "%s", scr_utf8(s) ? "\xe2\x86\x90\xe2\x86\x92" : "<>");
		else if (strcmp(key, "Up") == 0)
			snprintf(key, sizeof key, "%s", scr_utf8(s) ? "\xe2\x86\x91\xe2\x86\x93" : "^v");
		int need = fmt_width(key) + 1 + (int)strlen(k[i].brief) + 2;
		if (x + need > W - tw - 2)
			break;
		x += scr_text(s, x, y, W, key, UI_KEY);
		x += scr_text(s, x, y, W, " ", UI_STATUS);
		x += scr_text(s, x, y, W, k[i].brief, UI_STATUS);
		x += 2;
	}
	scr_text(s, W - tw - 1, y, tw, tail, UI_KEY);
	if (read_only && W - tw - 1 - 11 > x)
		scr_text(s, W - tw - 1 - 11, y, 9, "read-only", UI_WARN);
}
