/* tui_patient.c — the patient screen of the interface: chart, table, flags panel (ui/tui_int.h). */
#include "ui/tui_int.h"

#include <stdio.h>

#include "ui/flagview.h"
#include "ui/help.h"
#include "ui/keys.h"

static void patient_screen_sync(tui *t, int h)
{
	(void)h; /* the patient's layout follows the frame (patient_draw) */
	patient_sync(&t->pat, t->st);
}

static void patient_screen_title(tui *t, char *buf, size_t n)
{
	const gv_patient *p = &t->pat.child.p;
	char id[80];
	if (p->ext_id[0])
		snprintf(id, sizeof id, "%s", p->ext_id);
	else
		snprintf(id, sizeof id, "#%lld", (long long)p->id);
	snprintf(buf, n, " %s  (%s)", p->name[0] ? p->name : "(no name)", id);
}

static void patient_screen_draw(tui *t, scr *s)
{
	patient_draw(&t->pat, s);
}

static int patient_screen_help(const tui *t)
{
	return patient_help_screen(&t->pat);
}

/* Reload the open patient, keeping the selected visit; gone: back to the list. */
static int patient_screen_reload(tui *t)
{
	int64_t id = t->pat.child.p.id, keep = t->pat.sel >= 0 ? t->pat.child.v[t->pat.sel].id : 0;
	if (patient_load(&t->pat, t->st, id, keep) != STORE_OK) {
		tui_say(t, UI_WARN, "this patient is no longer in the database (changed by another program)");
		t->screen = TUI_SCREEN_LIST;
		return 1;
	}
	return 0;
}

static void patient_screen_key(tui *t, int key)
{
	patient_state *p = &t->pat;
	switch (patient_key(p, key)) {
	case PAT_BACK:
		t->screen = TUI_SCREEN_LIST;
		list_invalidate(&t->list);
		break;
	case PAT_QUIT:
		t->done = 1;
		break;
	case PAT_HELP:
		tui_open_help(t, patient_help_screen(p));
		break;
	case PAT_NEXT:
		tui_open_index(t, t->list.cur + 1);
		break;
	case PAT_PREV:
		tui_open_index(t, t->list.cur - 1);
		break;
	case PAT_ADD:
		if (tui_refuse_read_only(t))
			break;
		form_open(&t->form, &p->child.p, NULL, t->cfg.units, p->gopt.policy, t->cfg.today);
		t->modal = MODAL_FORM;
		break;
	case PAT_EDIT:
		if (tui_refuse_read_only(t))
			break;
		form_open(&t->form, &p->child.p, &p->child.v[p->sel], t->cfg.units, p->gopt.policy, t->cfg.today);
		t->modal = MODAL_FORM;
		break;
	case PAT_DELETE: {
		if (tui_refuse_read_only(t))
			break;
		char d[200];
		tui_describe_visit(t, &p->child.v[p->sel], d, sizeof d);
		snprintf(t->confirm.text, sizeof t->confirm.text, "Delete the measurement of %s? (u undoes it)", d);
		t->confirm.action = ACT_DELETE;
		t->confirm.id = p->child.v[p->sel].id;
		t->modal = MODAL_CONFIRM;
		break;
	}
	case PAT_UNDO:
		tui_undo(t);
		break;
	case PAT_ACK: {
		if (tui_refuse_read_only(t))
			break;
		const flagview_item *it = patient_selected_flag(p);
		char d[16];
		fmt_date(d, sizeof d, it->date);
		if (it->acked) {
			tui_say(t, UI_DIM, "%s of %s is already acknowledged", it->rule, d);
			break;
		}
		snprintf(t->prompt.label, sizeof t->prompt.label, "Acknowledge %s of %s. Comment (optional):", it->rule, d);
		t->prompt.text[0] = '\0';
		t->prompt.action = ACT_ACK;
		t->modal = MODAL_PROMPT;
		break;
	}
	case PAT_PATIENT:
		tui_open_pform(t, &p->child.p, p->notes);
		break;
	case PAT_POLICY: {
		static const char *const pol[] = {"auto (WHO under 24 months, CDC after)", "WHO", "CDC"};
		tui_say(t, UI_DIM, "chart reference: %s", pol[p->gopt.policy]);
		break;
	}
	default:
		break;
	}
}

const tui_screen tui_patient_screen = {
	.name = "patient",
	.sync = patient_screen_sync,
	.title = patient_screen_title,
	.draw = patient_screen_draw,
	.help = patient_screen_help,
	.key = patient_screen_key,
	.reload = patient_screen_reload,
};
