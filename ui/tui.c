/* tui.c — the interface's state machine: screens, overlays, writes through the store (tui.h). */
#include "ui/tui.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/flagcache.h"
#include "ui/flagview.h"
#include "ui/form.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/list.h"
#include "ui/patient.h"
#include "ui/tui_int.h"

/* The screens (ui/tui_int.h): a new one is a file and a line here. */
static const tui_screen *const tui_screens[TUI_NSCREENS] = {
	[TUI_SCREEN_LIST] = &tui_list_screen,
	[TUI_SCREEN_PATIENT] = &tui_patient_screen,
	[TUI_SCREEN_STATS] = &tui_stats_screen,
	[TUI_SCREEN_RATE] = &tui_rate_screen,
};

static const tui_screen *screen_of(const tui *t)
{
	return tui_screens[t->screen];
}

void tui_say(tui *t, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_role = role;
}

void tui_hint(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_role = UI_DIM;
}

tui *tui_new(gv_store *st, const tui_config *cfg)
{
	tui *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->st = st;
	t->cfg = *cfg;
	store_interactive(st); /* checkpoints when idle (tui_poll), not on a keystroke's commit */
	snprintf(t->user, sizeof t->user, "%s", cfg->user && *cfg->user ? cfg->user : "unknown");
	snprintf(t->label, sizeof t->label, "%s", cfg->db_label ? cfg->db_label : "");
	t->cfg.user = t->user;
	t->cfg.db_label = t->label;
	snprintf(t->rater, sizeof t->rater, "%s", cfg->rater && *cfg->rater ? cfg->rater : t->user);
	t->cfg.rater = t->rater;
	flags_default_options(&t->fo, cfg->rules);
	list_init(&t->list, &t->fo);
	patient_init(&t->pat, cfg->policy, cfg->rules, cfg->units, cfg->today, cfg->braille);
	rate_state_init(&t->rate);
	t->form.read_only = cfg->read_only;
	t->pform.read_only = cfg->read_only;
	t->screen = TUI_SCREEN_LIST;
	t->refreshing = cfg->refresh_flags && !cfg->read_only;
	t->foreign = cfg->foreign_summaries;
	t->list.recompute = t->foreign;
	if (cfg->foreign_summaries)
		tui_say(t, UI_DIM, "read-only: stored flag markers are another rule set's, recomputed on screen");
	if (cfg->read_only_why)
		tui_say(t, UI_WARN, "read-only: %s", cfg->read_only_why);
	t->have_version = store_data_version(st, &t->data_version) == STORE_OK;
	return t;
}

void tui_free(tui *t)
{
	if (!t)
		return;
	list_free(&t->list);
	patient_free(&t->pat);
	tui_stats_free(t);
	rate_state_free(&t->rate);
	free(t);
}

int tui_done(const tui *t)
{
	return t->done;
}

int tui_busy(const tui *t)
{
	return (t->refreshing && !t->foreign) || t->list.counting;
}

/* ------------------------------------------------------------------ actions */

int tui_refuse_read_only(tui *t)
{
	if (!t->cfg.read_only)
		return 0;
	if (t->cfg.read_only_why)
		tui_say(t, UI_WARN, "read-only: nothing can be changed (%s)", t->cfg.read_only_why);
	else
		tui_say(t, UI_WARN, "read-only: nothing can be changed (opened with --read-only)");
	return 1;
}

/* The current patient changed in the store: reload it, update its cached flag summary. */
static void reload(tui *t, int64_t keep_visit)
{
	int64_t id = t->pat.child.p.id;
	store_rc r = patient_load(&t->pat, t->st, id, keep_visit);
	if (r != STORE_OK) {
		tui_say(t, UI_ERROR, "%s", store_errmsg(t->st));
		t->screen = TUI_SCREEN_LIST;
	} else if (!t->cfg.read_only && !t->foreign && flagcache_update(t->st, id, &t->fo) != STORE_OK) {
		tui_say(t, UI_ERROR, "flag summary not updated: %s", store_errmsg(t->st));
	}
	list_forget(&t->list, id);
}

int tui_open_patient(tui *t, int64_t id)
{
	store_rc r = patient_load(&t->pat, t->st, id, 0);
	if (r != STORE_OK) {
		tui_say(t, UI_ERROR, "%s", store_errmsg(t->st));
		return -1;
	}
	t->screen = TUI_SCREEN_PATIENT;
	return 0;
}

/* Open the patient at list index i (n / p on the chart). */
void tui_open_index(tui *t, long i)
{
	if (i < 0) {
		tui_say(t, UI_DIM, "first patient of the list");
		return;
	}
	list_count_finish(&t->list, t->st); /* "last patient" needs the whole count */
	if (i >= t->list.total) {
		tui_say(t, UI_DIM, "last patient of the list");
		return;
	}
	list_goto(&t->list, i);
	if (list_sync(&t->list, t->st, t->list.rows > 0 ? t->list.rows : 1) != STORE_OK) {
		tui_say(t, UI_ERROR, "%s", t->list.err);
		return;
	}
	const store_patient_row *r = list_selected(&t->list);
	if (r)
		tui_open_patient(t, r->id);
}

static const char *rc_text(tui *t, store_rc r)
{
	switch (r) {
	case STORE_DUP:
		return "an identical measurement is already stored";
	case STORE_READONLY:
		return "read-only: nothing can be changed";
	default:
		return store_errmsg(t->st);
	}
}

static void save_visit(tui *t, gv_visit *v)
{
	char d[16];
	fmt_date(d, sizeof d, v->date);
	store_rc r;
	if (v->id)
		r = store_visit_update(t->st, v, t->user);
	else
		r = store_visit_insert(t->st, t->pat.child.p.id, v, "tui", t->user);
	if (r != STORE_OK) {
		/* keep the form open with what was typed */
		snprintf(t->form.err, sizeof t->form.err, "Not saved: %s", rc_text(t, r));
		t->form.err_field = -1;
		return;
	}
	t->modal = MODAL_NONE;
	t->form.active = 0;
	reload(t, v->id);
	tui_say(t, UI_OK, "%s the measurement of %s (u undoes it)", t->form.orig.id ? "saved" : "added", d);
}

void tui_open_pform(tui *t, const gv_patient *p, const char *notes)
{
	if (tui_refuse_read_only(t))
		return;
	pform_open(&t->pform, p, notes, t->cfg.units, t->cfg.today);
	t->modal = MODAL_PFORM;
}

/* Write the patient form's patient (new or changed), with the store's own checks (an id taken by
 * another patient is refused there); a changed birth date must not leave a measurement before
 * birth.  The form stays open with what was typed when anything is refused. */
static void save_patient(tui *t, gv_patient *p)
{
	const char *notes = pform_notes(&t->pform);
	if (p->id && p->id == t->pat.child.p.id) {
		for (size_t i = 0; i < t->pat.child.nv; i++)
			if (t->pat.child.v[i].date < p->birth_date) {
				char d[16];
				fmt_date(d, sizeof d, t->pat.child.v[i].date);
				snprintf(t->pform.err, sizeof t->pform.err,
					 "Not saved: the measurement of %s would be before birth", d);
				t->pform.err_field = PF_BIRTH;
				t->pform.focus = PF_BIRTH;
				return;
			}
	}
	store_rc r = p->id ? store_patient_update(t->st, p, notes, t->user)
			   : store_patient_insert(t->st, p, notes, "tui", t->user);
	if (r != STORE_OK) {
		snprintf(t->pform.err, sizeof t->pform.err, "Not saved: %s", rc_text(t, r));
		t->pform.err_field = -1;
		return;
	}
	int added = t->pform.orig.id == 0;
	t->modal = MODAL_NONE;
	t->pform.active = 0;
	list_invalidate(&t->list);
	if (added) {
		if (tui_open_patient(t, p->id) == 0)
			tui_say(t, UI_OK, "added the patient: a adds a measurement");
	} else {
		reload(t, 0);
		tui_say(t, UI_OK, "saved the patient (u undoes it)");
	}
}

void tui_describe_visit(const tui *t, const gv_visit *v, char *buf, size_t n)
{
	char d[16], a[32] = "", b[32] = "", c[32] = "";
	fmt_date(d, sizeof d, v->date);
	if (isfinite(v->weight_kg))
		fmt_measure(a, sizeof a, GV_WFA, v->weight_kg, t->cfg.units);
	if (isfinite(v->height_cm))
		fmt_measure(b, sizeof b, GV_LHFA, v->height_cm, t->cfg.units);
	if (isfinite(v->head_cm))
		fmt_measure(c, sizeof c, GV_HCFA, v->head_cm, t->cfg.units);
	snprintf(buf, n, "%s%s%s%s%s%s%s", d, a[0] ? "  " : "", a, b[0] ? "  " : "", b, c[0] ? "  head " : "", c);
}

static void do_confirm(tui *t)
{
	t->modal = MODAL_NONE;
	if (t->confirm.action == ACT_DELETE) {
		store_rc r = store_visit_delete(t->st, t->confirm.id, t->user);
		if (r != STORE_OK) {
			tui_say(t, UI_ERROR, "not deleted: %s", rc_text(t, r));
			return;
		}
			reload(t, 0);
		tui_say(t, UI_OK, "deleted the measurement (u undoes it)");
	}
}

static void do_prompt(tui *t)
{
	t->modal = MODAL_NONE;
	if (t->prompt.action != ACT_ACK)
		return;
	const flagview_item *it = patient_selected_flag(&t->pat);
	if (!it)
		return;
	char rule[64];
	snprintf(rule, sizeof rule, "%s", it->rule);
	store_rc r = store_flag_ack(t->st, t->pat.child.p.id, rule, it->date, t->user,
				    t->prompt.text[0] ? t->prompt.text : NULL, NULL);
	if (r != STORE_OK) {
		tui_say(t, UI_ERROR, "not acknowledged: %s", rc_text(t, r));
		return;
	}
	reload(t, t->pat.sel >= 0 ? t->pat.child.v[t->pat.sel].id : 0);
	tui_say(t, UI_OK, "acknowledged %s (u undoes it)", rule);
}

void tui_undo(tui *t)
{
	if (tui_refuse_read_only(t))
		return;
	char what[256];
	int64_t whose = 0;
	store_rc r = store_undo(t->st, t->user, what, sizeof what, &whose);
	if (r == STORE_NOTFOUND) {
		tui_say(t, UI_DIM, "nothing to undo");
		return;
	}
	if (r != STORE_OK) {
		tui_say(t, UI_ERROR, "not undone: %s", store_errmsg(t->st));
		return;
	}
	list_forget(&t->list, whose);
	int here = t->screen == TUI_SCREEN_PATIENT && whose == t->pat.child.p.id;
	if (t->screen == TUI_SCREEN_PATIENT)
		reload(t, t->pat.sel >= 0 ? t->pat.child.v[t->pat.sel].id : 0);
	gv_patient p;
	if (!whose || here || store_patient_get(t->st, whose, &p) != STORE_OK) {
		tui_say(t, UI_OK, "undone: %s", what);
		return;
	}
	if (!t->foreign)
		flagcache_update(t->st, whose, &t->fo); /* that patient's list marker */
	tui_say(t, UI_WARN, "undone: %s, of %s (%s)", what, p.name[0] ? p.name : "no name", p.ext_id[0] ? p.ext_id : "no id");
}

/* ------------------------------------------------------------------ keys */

void tui_open_help(tui *t, int screen)
{
	t->modal_under = t->modal == MODAL_FORM || t->modal == MODAL_PFORM ? t->modal : MODAL_NONE;
	t->modal = MODAL_HELP;
	t->help_screen = screen;
	t->help_scroll = 0;
}

static void text_edit(char *buf, size_t size, int key)
{
	size_t len = strlen(buf);
	if (key == K_BACKSPACE || key == K_CTRL('h')) {
		while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		buf[len] = '\0';
	} else if (key == K_CTRL('u')) {
		buf[0] = '\0';
	} else if (key >= 0x20 && key < K_SPECIAL && key != 0x7f) {
		char b[4];
		int k = fmt_utf8_put((uint32_t)key, b);
		if (len + (size_t)k < size) {
			memcpy(buf + len, b, (size_t)k);
			buf[len + (size_t)k] = '\0';
		}
	}
}

void tui_key(tui *t, int key)
{
	if (key == K_RESIZE || key == K_IDLE || key == K_NONE)
		return; /* the next frame is laid out for the new size */
	t->msg[0] = '\0';
	if (t->w > 0 && (t->w < TUI_MIN_W || t->h < TUI_MIN_H)) {
		if (key == 'q' || key == 'Q')
			t->done = 1;
		return;
	}
	switch (t->modal) {
	case MODAL_HELP:
		if (key == K_DOWN || key == 'j')
			t->help_scroll++;
		else if (key == K_UP || key == 'k')
			t->help_scroll--;
		else if (key == K_PGDN || key == ' ')
			t->help_scroll += 10;
		else if (key == K_PGUP)
			t->help_scroll -= 10;
		else
			t->modal = t->modal_under;
		return;
	case MODAL_FORM: {
		gv_visit v;
		int r = form_key(&t->form, key, &v);
		if (r == FORM_CANCEL) {
			t->modal = MODAL_NONE;
			t->form.active = 0;
		} else if (r == FORM_HELP) {
			tui_open_help(t, HELP_FORM);
		} else if (r == FORM_SAVE) {
			save_visit(t, &v);
		}
		return;
	}
	case MODAL_PFORM: {
		gv_patient p;
		int r = pform_key(&t->pform, key, &p);
		if (r == PFORM_CANCEL) {
			t->modal = MODAL_NONE;
			t->pform.active = 0;
		} else if (r == PFORM_HELP) {
			tui_open_help(t, HELP_PFORM);
		} else if (r == PFORM_SAVE) {
			save_patient(t, &p);
		}
		return;
	}
	case MODAL_CONFIRM:
		if (key == 'y' || key == 'Y')
			do_confirm(t);
		else if (key == 'n' || key == 'N' || key == K_ESC || key == 'q')
			t->modal = MODAL_NONE;
		return;
	case MODAL_PROMPT:
		if (key == K_ENTER)
			do_prompt(t);
		else if (key == K_ESC)
			t->modal = MODAL_NONE;
		else
			text_edit(t->prompt.text, sizeof t->prompt.text, key);
		return;
	default:
		break;
	}
	screen_of(t)->key(t, key);
}

/* ------------------------------------------------------------------ background work */

int tui_idle(tui *t)
{
	/* the list's count first: the user is looking at it */
	if (t->list.counting) {
		list_count_step(&t->list, t->st);
		if (t->list.err[0] && !t->list.counting)
			tui_say(t, UI_ERROR, "%s", t->list.err);
		return 1;
	}
	if (!t->refreshing || t->foreign)
		return 0;
	size_t n = 0;
	store_rc r = flagcache_refresh_step(t->st, &t->fo, &t->refresh_after, REFRESH_BATCH, &n);
	t->refreshed += (long)n;
	if (r != STORE_OK) {
		/* busy (another growthview writing) or an error: stop; the markers on screen are
		 * computed anyway (list_marker) */
		t->refreshing = 0;
		tui_say(t, UI_DIM, "flag summaries not brought up to date: %s", store_errmsg(t->st));
		return 1;
	}
	if (n < REFRESH_BATCH) {
		t->refreshing = 0;
		list_invalidate(&t->list); /* counts and orders by severity may have changed */
	} else {
		t->list.page_top = -1; /* re-read the page (its markers), not the count */
	}
	return 1;
}

int tui_pollfds(tui *t, struct pollfd *fds, int max, int *timeout_ms)
{
	if (tui_busy(t))
		*timeout_ms = 0; /* a refresh step is ready: look for keys, then run it */
	const tui_screen *sc = screen_of(t);
	int n = sc->pollfds ? sc->pollfds(t, fds, max, timeout_ms) : 0;
	t->polled = sc;
	return n;
}

int tui_ready(tui *t, const struct pollfd *fds, int n)
{
	/* only the screen that asked for them, if it is still the one shown */
	const tui_screen *sc = screen_of(t);
	return sc == t->polled && sc->ready ? sc->ready(t, fds, n) : 0;
}

int tui_poll(tui *t)
{
	/* a second without keys: the time to copy the WAL into the database file (store_interactive:
	 * not in the commit of a keystroke); a failure is not the user's business here, the next
	 * second tries again and SQLite's own threshold remains */
	store_checkpoint(t->st);
	if (t->modal != MODAL_NONE && (t->modal != MODAL_HELP || t->modal_under != MODAL_NONE))
		return 0; /* a form or question is open (perhaps under the help): after it */
	int ticked = screen_of(t)->tick ? screen_of(t)->tick(t) : 0;
	int64_t v;
	if (store_data_version(t->st, &v) != STORE_OK)
		return ticked;
	int changed = t->have_version && v != t->data_version;
	t->data_version = v;
	t->have_version = 1;
	if (!changed)
		return ticked;
	list_reset(&t->list);
	if (screen_of(t)->reload && screen_of(t)->reload(t))
		return 1;
	tui_say(t, UI_DIM, "the database was changed by another program: shown as it is now");
	/* another program configured with the other rule set re-tagged the summaries: compute the
	 * markers on screen and write none, rather than mix two rule sets' summaries */
	int differ = 0;
	if (!t->cfg.read_only && flagcache_rules_differ(t->st, &t->fo, &differ) == STORE_OK && differ != t->foreign) {
		t->foreign = differ;
		t->list.recompute = differ;
		if (differ)
			tui_say(t, UI_WARN, "another program changed the flag rule set: markers computed on screen");
	}
	/* its new measurements may have come without flag summaries (import --no-flags) */
	if (t->cfg.refresh_flags && !t->cfg.read_only && !t->foreign) {
		t->refreshing = 1;
		t->refresh_after = 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ drawing */

static void draw_small(scr *s)
{
	int w = scr_width(s), h = scr_height(s);
	char b[128];
	const char *l1 = "Terminal too small";
	snprintf(b, sizeof b, "%dx%d: growthview needs at least %dx%d.", w, h, TUI_MIN_W, TUI_MIN_H);
	const char *l3 = "Enlarge the window, or press q to quit.";
	int y = h / 2 - 1;
	if (y < 0)
		y = 0;
	const char *lines[3] = {l1, b, l3};
	for (int i = 0; i < 3 && y + i < h; i++) {
		int lw = (int)strlen(lines[i]);
		scr_text(s, lw < w ? (w - lw) / 2 : 0, y + i, w, lines[i], i == 0 ? UI_WARN : UI_TEXT);
	}
}

static void draw_title(tui *t, scr *s)
{
	int w = scr_width(s);
	char b[800], right[160];
	scr_fill(s, 0, 0, w, 1, ' ', UI_TITLE);
	screen_of(t)->title(t, b, sizeof b);
	snprintf(right, sizeof right, "%s%s ", t->refreshing ? "updating flags  " : "",
		 t->cfg.read_only ? "[read-only]" : t->user);
	int rw = fmt_width(right);
	scr_text(s, 0, 0, w - rw - 1, b, UI_TITLE);
	scr_text(s, w - rw, 0, rw, right, UI_TITLE);
}

static void draw_status(tui *t, scr *s)
{
	int w = scr_width(s), y = scr_height(s) - 1;
	if (screen_of(t)->status && screen_of(t)->status(t, s, y))
		return;
	if (t->msg[0]) {
		scr_fill(s, 0, y, w, 1, ' ', UI_STATUS);
		scr_text(s, 1, y, w - 2, t->msg, t->msg_role);
		return;
	}
	int screen = t->modal == MODAL_FORM ? HELP_FORM : t->modal == MODAL_PFORM ? HELP_PFORM : screen_of(t)->help(t);
	help_status(s, y, screen, t->cfg.read_only);
}

static void draw_dialog(scr *s, const char *title, const char *text, const char *field, const char *keys)
{
	int W = scr_width(s), H = scr_height(s);
	int bw = W - 8 < 72 ? W - 8 : 72;
	int st[8], ln[8];
	int nl = fmt_wrap(text, bw - 4, st, ln, 8);
	if (nl > 8)
		nl = 8;
	int bh = nl + 4 + (field ? 2 : 0);
	int x0 = (W - bw) / 2, y0 = (H - bh) / 2;
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	scr_printf(s, x0 + 2, y0, bw - 4, UI_HEADING, " %s ", title);
	char b[256];
	for (int i = 0; i < nl; i++) {
		snprintf(b, sizeof b, "%.*s", ln[i], text + st[i]);
		scr_text(s, x0 + 2, y0 + 1 + i, bw - 4, b, UI_TEXT);
	}
	int y = y0 + 1 + nl;
	if (field) {
		y++;
		scr_fill(s, x0 + 2, y, bw - 4, 1, ' ', UI_FIELD_ON);
		snprintf(b, sizeof b, "%s_", field);
		int fw = fmt_width(b);
		const char *show = b;
		while (fw > bw - 4) { /* keep the end of a long comment in view */
			fmt_utf8_next(&show);
			fw = fmt_width(show);
		}
		scr_text(s, x0 + 2, y, bw - 4, show, UI_FIELD_ON);
	}
	scr_text(s, x0 + 2, y0 + bh - 2, bw - 4, keys, UI_DIM);
}

void tui_draw(tui *t, scr *s)
{
	int w = scr_width(s), h = scr_height(s);
	t->w = w;
	t->h = h;
	scr_clear(s);
	if (w < TUI_MIN_W || h < TUI_MIN_H) {
		draw_small(s);
		return;
	}
	const tui_screen *sc = screen_of(t);
	sc->sync(t, h);
	draw_title(t, s);
	sc->draw(t, s);
	draw_status(t, s);
	switch (t->modal) {
	case MODAL_FORM:
		form_draw(&t->form, s);
		break;
	case MODAL_PFORM:
		pform_draw(&t->pform, s);
		break;
	case MODAL_HELP:
		if (t->modal_under == MODAL_FORM)
			form_draw(&t->form, s);
		else if (t->modal_under == MODAL_PFORM)
			pform_draw(&t->pform, s);
		help_draw(s, t->help_screen, &t->help_scroll, t->cfg.read_only);
		break;
	case MODAL_CONFIRM:
		draw_dialog(s, "Confirm", t->confirm.text, NULL, "y yes   n no");
		break;
	case MODAL_PROMPT:
		draw_dialog(s, "Acknowledge a flag", t->prompt.label, t->prompt.text, "Enter acknowledge   Esc cancel");
		break;
	default:
		break;
	}
}
