/* tui_list.c — the patient list screen of the interface (ui/tui_int.h). */
#include "ui/tui_int.h"

#include <stdio.h>

#include "ui/help.h"
#include "ui/keys.h"

static void list_screen_sync(tui *t, int h)
{
	list_sync(&t->list, t->st, h - 3);
}

static void list_screen_title(tui *t, char *buf, size_t n)
{
	char sum[256];
	list_summary(&t->list, sum, sizeof sum);
	snprintf(buf, n, " growthview  %s  %s", t->label, sum);
}

static void list_screen_draw(tui *t, scr *s)
{
	list_draw(&t->list, t->st, s, 1, scr_height(s) - 2, t->cfg.today);
}

static int list_screen_help(const tui *t)
{
	(void)t;
	return HELP_LIST;
}

/* While a search is typed: the search field and its matches. */
static int list_screen_status(tui *t, scr *s, int y)
{
	if (!t->list.searching || t->modal != MODAL_NONE)
		return 0;
	int w = scr_width(s);
	char b[256];
	scr_fill(s, 0, y, w, 1, ' ', UI_STATUS);
	snprintf(b, sizeof b, "/%s_", t->list.search);
	int x = scr_text(s, 0, y, w / 2, b, UI_FIELD_ON);
	snprintf(b, sizeof b, "  %ld%s match%s   Enter keep   Esc cancel", t->list.total, t->list.counting ? "+" : "",
		 t->list.total == 1 && !t->list.counting ? "" : "es");
	scr_text(s, x, y, w - x, b, UI_STATUS);
	return 1;
}

static void list_screen_key(tui *t, int key)
{
	int r = list_key(&t->list, key);
	switch (r) {
	case LIST_OPEN: {
		/* keys typed ahead are handled before the next frame: read the page for the cursor now */
		if (list_sync(&t->list, t->st, t->list.rows > 0 ? t->list.rows : 1) != STORE_OK) {
			tui_say(t, UI_ERROR, "%s", t->list.err);
			break;
		}
		const store_patient_row *row = list_selected(&t->list);
		if (row) {
			t->list.searching = 0;
			tui_open_patient(t, row->id);
		}
		break;
	}
	case LIST_QUIT:
		t->done = 1;
		break;
	case LIST_HELP:
		tui_open_help(t, HELP_LIST);
		break;
	case LIST_ADD:
		t->list.searching = 0;
		tui_open_pform(t, NULL, NULL);
		break;
	case LIST_STATS:
		t->list.searching = 0;
		tui_open_stats(t);
		break;
	case LIST_RATE:
		tui_rate_open(t, t->cfg.rater, NULL, 0);
		break;
	case LIST_UNKNOWN:
		if (key == 'Q')
			t->done = 1;

		else if (key == '?' || key == K_F1)
			tui_open_help(t, t->list.searching ? HELP_SEARCH : HELP_LIST);
		break;
	default:
		break;
	}
}

const tui_screen tui_list_screen = {
	.name = "list",
	.sync = list_screen_sync,
	.title = list_screen_title,
	.draw = list_screen_draw,
	.help = list_screen_help,
	.status = list_screen_status,
	.key = list_screen_key,
};
