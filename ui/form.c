/* form.c — the measurement form (form.h). */
#include "ui/form.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/age.h"
#include "core/limits.h"
#include "ui/keys.h"
#include "ui/pchart.h"

static const struct {
	const char *label;
	fmt_qty q;   /* for numeric fields */
	int numeric;
	gv_ind ind;  /* indicator previewed (GV_NIND: none) */
} fields[FF_COUNT] = {
	[FF_DATE] = {"Date", FMT_MASS, 0, GV_NIND},
	[FF_TIME] = {"Time", FMT_MASS, 0, GV_NIND},
	[FF_WEIGHT] = {"Weight", FMT_MASS, 1, GV_WFA},
	[FF_HEIGHT] = {"Length/height", FMT_LENGTH, 1, GV_LHFA},
	[FF_POSITION] = {"Position", FMT_MASS, 0, GV_NIND},
	[FF_HEAD] = {"Head circ.", FMT_LENGTH, 1, GV_HCFA},
	[FF_ARM] = {"Arm circ.", FMT_LENGTH, 1, GV_ACFA},
	[FF_TRICEPS] = {"Triceps skinf.", FMT_SKINFOLD, 1, GV_TSFA},
	[FF_SUBSCAP] = {"Subscap. skinf.", FMT_SKINFOLD, 1, GV_SSFA},
	[FF_OEDEMA] = {"Oedema", FMT_MASS, 0, GV_NIND},
};

/* The visit's value of a numeric field (canonical units). */
static double *slot(gv_visit *v, int field)
{
	switch (field) {
	case FF_WEIGHT:
		return &v->weight_kg;
	case FF_HEIGHT:
		return &v->height_cm;
	case FF_HEAD:
		return &v->head_cm;
	case FF_ARM:
		return &v->muac_cm;
	case FF_TRICEPS:
		return &v->triceps_mm;
	case FF_SUBSCAP:
		return &v->subscap_mm;
	default:
		return NULL;
	}
}

void form_open(form_state *f, const gv_patient *p, const gv_visit *v, fmt_units u, gv_policy policy, int32_t today)
{
	int ro = f->read_only;
	memset(f, 0, sizeof *f);
	f->read_only = ro;
	f->active = 1;
	f->patient = *p;
	f->units = u;
	f->policy = policy;
	f->today = today;
	f->err_field = -1;
	if (v) {
		f->orig = *v;
	} else {
		record_visit_init(&f->orig);
		f->orig.date = today;
	}
	fmt_date(f->text[FF_DATE], FORM_TEXT, f->orig.date);
	if (f->orig.time_min >= 0)
		snprintf(f->text[FF_TIME], FORM_TEXT, "%02d:%02d", f->orig.time_min / 60, f->orig.time_min % 60);
	for (int i = 0; i < FF_COUNT; i++) {
		double *d = slot(&f->orig, i);
		if (d)
			fmt_field(f->text[i], FORM_TEXT, fields[i].q, *d, u);
	}
	if (v) {
		f->position = v->position;
		f->oedema = v->oedema;
	} else {
		/* WHO/CDC: recumbent length under 24 months, standing height after */
		f->position = (today - p->birth_date) < 731 ? 'L' : 'H';
	}
	f->focus = v ? FF_WEIGHT : FF_DATE;
}

static int fail(form_state *f, int field, const char *msg)
{
	snprintf(f->err, sizeof f->err, "%s", msg);
	f->err_field = field;
	return 0;
}

/* The physical limits (core/limits.h): one table for the form, the importers, the store and
 * the synthetic cohort. */
static lim_qty qty_of(int field)
{
	switch (field) {
	case FF_WEIGHT:
		return LIM_WEIGHT;
	case FF_HEIGHT:
		return LIM_HEIGHT;
	case FF_HEAD:
		return LIM_HEAD;
	case FF_ARM:
		return LIM_MUAC;
	case FF_TRICEPS:
		return LIM_TRICEPS;
	default:
		return LIM_SUBSCAP;
	}
}

static const lim_range *limit_of(int field)
{
	return limits_of(qty_of(field));
}

/* Within the physical limits of a numeric field. */
static int within(int field, double v)
{
	return limits_ok(qty_of(field), v);
}

/* A value outside the hard limits, with a hint when it looks like another unit. */
static int out_of_range(form_state *f, int field, double v)
{
	double lo = limit_of(field)->lo, hi = limit_of(field)->hi;
	if (within(field, v))
		return 0;
	fmt_qty q = fields[field].q;
	const char *cu = q == FMT_MASS ? "kg" : q == FMT_LENGTH ? "cm" : "mm";
	char a[32], b[32], c[32], hint[128] = "";
	fmt_field(a, sizeof a, q, v, FMT_METRIC);
	snprintf(b, sizeof b, "%g", lo);
	snprintf(c, sizeof c, "%g", hi);
	if (q == FMT_MASS && v > hi && v / 1000 >= lo && v / 1000 <= hi)
		snprintf(hint, sizeof hint, " (grams? type '%s g')", f->text[field]);
	else if (q == FMT_LENGTH && v > hi && v / 10 >= lo && v / 10 <= hi)
		snprintf(hint, sizeof hint, " (millimetres? type '%s mm')", f->text[field]);
	else if (q == FMT_LENGTH && v < lo && v * GV_CM_PER_IN >= lo && v * GV_CM_PER_IN <= hi && f->units == FMT_METRIC)
		snprintf(hint, sizeof hint, " (inches? type '%s in')", f->text[field]);
	char msg[256];
	snprintf(msg, sizeof msg, "%s: %s %s is outside %s-%s %s%s", fields[field].label, a, cu, b, c, cu, hint);
	fail(f, field, msg);
	return 1;
}

int form_build(form_state *f, gv_visit *out)
{
	gv_visit v;
	record_visit_init(&v);
	v.id = f->orig.id;
	f->err[0] = '\0';
	f->err_field = -1;
	char msg[256];
	const char *dt = f->text[FF_DATE];
	while (*dt == ' ')
		dt++;
	size_t dl = strlen(dt);
	while (dl > 0 && dt[dl - 1] == ' ')
		dl--;
	if (dl == 0)
		return fail(f, FF_DATE, "Date: required (YYYY-MM-DD)");
	if (age_parse_date(dt, dl, &v.date) != GV_OK || dl != 10) {
		snprintf(msg, sizeof msg, "Date: '%.*s' is not a date (YYYY-MM-DD)", (int)dl, dt);
		return fail(f, FF_DATE, msg);
	}
	if (v.date < f->patient.birth_date) {
		char b[16];
		fmt_date(b, sizeof b, f->patient.birth_date);
		snprintf(msg, sizeof msg, "Date: before the birth date (%s)", b);
		return fail(f, FF_DATE, msg);
	}
	if (v.date > f->today) {
		char b[16];
		fmt_date(b, sizeof b, f->today);
		snprintf(msg, sizeof msg, "Date: in the future (today is %s)", b);
		return fail(f, FF_DATE, msg);
	}
	char e[200];
	if (fmt_parse_time(f->text[FF_TIME], &v.time_min, e, sizeof e) < 0) {
		snprintf(msg, sizeof msg, "Time: %s", e);
		return fail(f, FF_TIME, msg);
	}
	int any = 0;
	for (int i = 0; i < FF_COUNT; i++) {
		double *d = slot(&v, i);
		if (!d)
			continue;
		if (!f->touched[i] && f->orig.id) {
			*d = *slot(&f->orig, i); /* untouched: exactly what is stored */
		} else {
			int r = fmt_parse_qty(f->text[i], fields[i].q, f->units, d, e, sizeof e);
			if (r < 0) {
				snprintf(msg, sizeof msg, "%s: %s", fields[i].label, e);
				return fail(f, i, msg);
			}
		}
		if (isfinite(*d)) {
			if (out_of_range(f, i, *d))
				return 0;
			any = 1;
		}
	}
	if (!any)
		return fail(f, FF_WEIGHT, "Enter at least one measurement (weight, length/height, head, arm or a skinfold)");
	v.position = isfinite(v.height_cm) ? f->position : 0;
	v.oedema = f->oedema;
	*out = v;
	return 1;
}

int form_implausible(const form_state *f, const gv_visit *v, char *buf, size_t n)
{
	gv_measure m;
	gv_result r;
	gv_options o;
	growth_default_options(&o);
	o.policy = f->policy;
	record_measure(&f->patient, v, &m);
	buf[0] = '\0';
	if (growth_compute(&m, &o, &r) != GV_OK)
		return 0;
	int k = 0;
	size_t len = 0;
	for (int i = 0; i < GV_NIND; i++) {
		if (!r.ind[i].biv)
			continue;
		/* the number the rule compared with its cut-off: CDC's modified z, WHO's z rounded to
		 * 2 decimals (growth.c) */
		int cdc = r.ref == GV_CDC2000;
		char z[16], cut[16];
		fmt_z(z, sizeof z, cdc ? r.ind[i].mz : r.ind[i].z);
		snprintf(cut, sizeof cut, "%+g", growth_biv_cutoff(r.ref, (gv_ind)i, r.ind[i].biv));
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s %s %s (cut-off %s)", k ? ", " : "",
					pchart_ind_title((gv_ind)i), cdc ? "CDC modified z" : "z", z, cut);
		k++;
	}
	if (len >= n && n > 0)
		buf[n - 1] = '\0';
	return k;
}

static int any_touched(const form_state *f)
{
	for (int i = 0; i < FF_COUNT; i++)
		if (f->touched[i])
			return 1;
	return 0;
}

int form_key(form_state *f, int key, gv_visit *out)
{
	if (f->confirm) {
		if (key == 'y' || key == 'Y') {
			f->confirm = 0;
			return form_build(f, out) ? FORM_SAVE : FORM_CONTINUE;
		}
		if (key == 'n' || key == 'N' || key == K_ESC)
			f->confirm = 0;
		return FORM_CONTINUE;
	}
	if (f->confirm_discard) {
		if (key == 'y' || key == 'Y')
			return FORM_CANCEL;
		if (key == 'n' || key == 'N' || key == K_ESC)
			f->confirm_discard = 0;
		return FORM_CONTINUE;
	}
	switch (key) {
	case K_TAB:
	case K_DOWN:
		f->focus = (f->focus + 1) % FF_COUNT;
		return FORM_CONTINUE;
	case K_BTAB:
	case K_UP:
		f->focus = (f->focus + FF_COUNT - 1) % FF_COUNT;
		return FORM_CONTINUE;
	case K_ESC:
		if (any_touched(f)) {
			f->confirm_discard = 1;
			return FORM_CONTINUE;
		}
		return FORM_CANCEL;
	case K_F1:
		return FORM_HELP;
	case K_ENTER: {
		gv_visit v;
		if (!form_build(f, &v)) {
			f->focus = f->err_field >= 0 ? f->err_field : f->focus;
			return FORM_CONTINUE;
		}
		if (form_implausible(f, &v, f->warn, sizeof f->warn) > 0) {
			f->confirm = 1;
			return FORM_CONTINUE;
		}
		*out = v;
		return FORM_SAVE;
	}
	default:
		break;
	}
	if (f->focus == FF_POSITION) {
		static const char cyc[3] = {'L', 'H', 0};
		int k = f->position == 'L' ? 0 : f->position == 'H' ? 1 : 2;
		if (key == ' ' || key == K_RIGHT)
			f->position = cyc[(k + 1) % 3];
		else if (key == K_LEFT)
			f->position = cyc[(k + 2) % 3];
		else if (key == 'l' || key == 'L')
			f->position = 'L';
		else if (key == 'h' || key == 'H')
			f->position = 'H';
		else if (key == '?')
			return FORM_HELP;
		else
			return FORM_CONTINUE;
		f->touched[FF_POSITION] = 1;
		return FORM_CONTINUE;
	}
	if (f->focus == FF_OEDEMA) {
		if (key == ' ' || key == K_LEFT || key == K_RIGHT)
			f->oedema = !f->oedema;
		else if (key == 'y' || key == 'Y')
			f->oedema = 1;
		else if (key == 'n' || key == 'N')
			f->oedema = 0;
		else if (key == '?')
			return FORM_HELP;
		else
			return FORM_CONTINUE;
		f->touched[FF_OEDEMA] = 1;
		return FORM_CONTINUE;
	}
	char *t = f->text[f->focus];
	size_t len = strlen(t);
	if (key == K_BACKSPACE || key == K_CTRL('h')) {
		while (len > 0 && ((unsigned char)t[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		t[len] = '\0';
		f->touched[f->focus] = 1;
	} else if (key == K_CTRL('u')) {
		t[0] = '\0';
		f->touched[f->focus] = 1;
	} else if (key >= 0x20 && key < 0x7f) {
		if (len + 1 < FORM_TEXT) {
			t[len] = (char)key;
			t[len + 1] = '\0';
			f->touched[f->focus] = 1;
		}
	}
	if (f->err_field == f->focus)
		f->err[0] = '\0';
	return FORM_CONTINUE;
}

/* ------------------------------------------------------------------ drawing */

/* Does text name a unit that is not the field's own ("25 lb 4 oz" in a kg field, "580 mm", 22.8")?
 * Then the form echoes the value in the field's unit.  Unit words are compared ignoring case. */
static int foreign_unit(const char *text, const char *unit)
{
	for (const char *p = text; *p;) {
		if (*p == '"')
			return 1; /* inches, in a field that is not */
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			p++;
			continue;
		}
		size_t n = 0;
		while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
			n++;
		if (n != strlen(unit))
			return 1;
		for (size_t k = 0; k < n; k++)
			if ((p[k] | 0x20) != (unit[k] | 0x20))
				return 1;
		p += n;
	}
	return 0;
}

void form_draw(const form_state *f, scr *s)
{
	int W = scr_width(s), H = scr_height(s);
	int bw = W - 4 < 76 ? W - 4 : 76, bh = FF_COUNT + 7;
	if (bh > H - 1)
		bh = H - 1;
	int x0 = (W - bw) / 2, y0 = (H - bh) / 2;
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	char b[320], name[96];
	fmt_fit(name, sizeof name, f->patient.name[0] ? f->patient.name : f->patient.ext_id, 30, scr_utf8(s));
	size_t nl = strlen(name);
	while (nl > 0 && name[nl - 1] == ' ')
		name[--nl] = '\0';
	snprintf(b, sizeof b, " %s measurement: %s ", f->orig.id ? "Edit" : "Add", name);
	scr_text(s, x0 + 2, y0, bw - 4, b, UI_HEADING);

	/* the visit as typed so far, field by field (errors ignored) for the preview */
	gv_visit v = f->orig;
	char e[200];
	int bad[FF_COUNT] = {0};
	int32_t d;
	const char *dt = f->text[FF_DATE];
	if (age_parse_date(dt, strlen(dt), &d) == GV_OK)
		v.date = d;
	else
		bad[FF_DATE] = 1;
	for (int i = 0; i < FF_COUNT; i++) {
		double *p = slot(&v, i);
		if (p && (f->touched[i] || !f->orig.id) &&
		    fmt_parse_qty(f->text[i], fields[i].q, f->units, p, e, sizeof e) < 0) {
			*p = NAN;
			bad[i] = 1;
		}
	}
	/* The preview scores only what could be saved: a value refused (outside the physical
	 * limits) is left out, so nothing derived from it (BMI, weight-for-length) is shown. */
	gv_visit scored_v = v;
	for (int i = 0; i < FF_COUNT; i++) {
		double *p = slot(&scored_v, i);
		if (p && isfinite(*p) && !within(i, *p))
			*p = NAN;
	}
	v.position = f->position;
	v.oedema = f->oedema;
	gv_measure m;
	gv_result r;
	gv_options o;
	growth_default_options(&o);
	o.policy = f->policy;
	record_measure(&f->patient, &scored_v, &m);
	int scored = !bad[FF_DATE] && growth_compute(&m, &o, &r) == GV_OK;

	int lx = x0 + 2, fx = x0 + 19, fw = 14;
	for (int i = 0; i < FF_COUNT; i++) {
		int y = y0 + 2 + i;
		if (y >= y0 + bh - 4)
			break;
		int on = f->focus == i;
		scr_text(s, lx, y, 16, fields[i].label, on ? UI_HEADING : UI_TEXT);
		if (i == FF_POSITION) {
			snprintf(b, sizeof b, "< %s >",
				 f->position == 'L' ? "recumbent length" : f->position == 'H' ? "standing height" : "unknown");
			scr_text(s, fx, y, bw - (fx - x0) - 2, b, on ? UI_FIELD_ON : UI_FIELD);
			continue;
		}
		if (i == FF_OEDEMA) {
			scr_text(s, fx, y, 10, f->oedema ? "< yes >" : "< no >", on ? UI_FIELD_ON : UI_FIELD);
			continue;
		}
		/* the text field, its cursor at the end */
		const char *t = f->text[i];
		int tw = fmt_width(t);
		const char *show = tw >= fw ? t + (tw - fw + 1) : t;
		scr_fill(s, fx, y, fw, 1, ' ', on ? UI_FIELD_ON : UI_FIELD);
		scr_text(s, fx, y, fw, show, on ? UI_FIELD_ON : UI_FIELD);
		if (on && (int)strlen(show) < fw)
			scr_text(s, fx + (int)strlen(show), y, 1, "_", UI_FIELD_ON);
		int ax = fx + fw + 1, aw = bw - (ax - x0) - 2;
		if (fields[i].numeric)
			ax += scr_text(s, ax, y, 3, fmt_field_unit(fields[i].q, f->units), UI_DIM) + 1;
		if (fields[i].numeric && !bad[i] && isfinite(*slot(&v, i)) &&
		    foreign_unit(f->text[i], fmt_field_unit(fields[i].q, f->units))) {
			/* the entry converted to the field's unit: "25 lb 4 oz" -> "= 11.45 kg" */
			char cv[32];
			fmt_measure(cv, sizeof cv, fields[i].ind, *slot(&v, i), f->units);
			snprintf(b, sizeof b, "= %s ", cv);
			int used = scr_text(s, ax, y, aw, b, UI_TEXT) + 1;
			ax += used;
			aw -= used;
		}
		if (i == FF_DATE && !bad[FF_DATE]) {
			char a[24];
			fmt_age(a, sizeof a, f->patient.birth_date, v.date);
			snprintf(b, sizeof b, "age %s", a);
			scr_text(s, ax, y, aw, b, UI_DIM);
		} else if (i == FF_TIME) {
			scr_text(s, ax, y, aw, "HH:MM, optional", UI_DIM);
		} else if (bad[i]) {
			scr_text(s, ax, y, aw - 4, "?  not understood", UI_ERROR);
		} else if (fields[i].numeric && isfinite(*slot(&v, i)) && !within(i, *slot(&v, i))) {
			scr_text(s, ax, y, aw - 4, "?  outside the possible range", UI_ERROR);
		} else if (fields[i].numeric && scored && isfinite(*slot(&v, i))) {
			const gv_ind_result *ir = &r.ind[fields[i].ind];
			if (ir->status == GV_OK && isfinite(ir->z)) {
				char z[16], p[16];
				double zr, pr;
				growth_reported(&r, fields[i].ind, &zr, &pr);
				fmt_z(z, sizeof z, zr);
				fmt_pct(p, sizeof p, pr);
				snprintf(b, sizeof b, "z %s  P%s%s", z, p, ir->biv ? "  ? implausible" : "");
				scr_text(s, ax, y, aw - 4, b, ir->biv ? UI_WARN : UI_DIM);
			}
		}
	}
	/* BMI and weight-for-length/height from the two measurements; while asking about implausible
	 * values, the question instead, on two lines: it quotes each number and its cut-off */
	int y = y0 + bh - 4;
	if (f->confirm) {
		/* the question is never cut: up to three lines (the blank row above the BMI line too);
		 * when the values need more, they are cut with "..." and the question keeps its line */
		int st[4], ln[4];
		snprintf(b, sizeof b, "Implausible: %s. Save anyway? y/n", f->warn);
		int nw = fmt_wrap(b, bw - 4, st, ln, 4);
		int top = y - (nw > 2);
		if (nw > 3) {
			char w[sizeof b];
			snprintf(w, sizeof w, "Implausible: %s", f->warn);
			nw = fmt_wrap(w, bw - 4, st, ln, 2);
			for (int k = 0; k < 2 && k < nw; k++) {
				char line[sizeof b];
				snprintf(line, sizeof line, "%.*s%s", k == 1 ? (ln[k] > bw - 8 ? bw - 8 : ln[k]) : ln[k], w + st[k],
					 k == 1 ? "..." : "");
				scr_text(s, lx, top + k, bw - 4, line, UI_WARN);
			}
			scr_text(s, lx, top + 2, bw - 4, "Save anyway? y/n", UI_WARN);
		} else {
			for (int k = 0; k < nw; k++) {
				char line[sizeof b];
				snprintf(line, sizeof line, "%.*s", ln[k], b + st[k]);
				scr_text(s, lx, top + k, bw - 4, line, UI_WARN);
			}
		}
		/* the question's last row is y0 + bh - 3 at most: the help line stays below it */
	} else if (scored && isfinite(r.bmi)) {
		char z1[16], z2[16], bm[16];
		double zb, pb;
		growth_reported(&r, GV_BFA, &zb, &pb);
		fmt_fixed(bm, sizeof bm, r.bmi, 1);
		fmt_z(z1, sizeof z1, zb);
		fmt_z(z2, sizeof z2, r.ind[GV_WFLH].status == GV_OK ? r.ind[GV_WFLH].z : NAN);
		snprintf(b, sizeof b, "BMI %s kg/m2 z %s   weight-for-%s z %s", bm, z1, v.position == 'H' ? "height" : "length", z2);
		scr_text(s, lx, y, bw - 4, b, UI_DIM);
	}
	y++;
	if (f->confirm_discard) {
		scr_text(s, lx, y, bw - 4, "Discard what you typed? y/n", UI_WARN);
	} else if (!f->confirm && f->err[0]) {
		scr_text(s, lx, y, bw - 4, f->err, UI_ERROR);
	}
	y++;
	scr_text(s, lx, y, bw - 4,
		 f->read_only ? "read-only: nothing can be saved   Esc close"
			      : "Enter save  Tab next  Shift-Tab previous  Esc cancel  F1 help",
		 UI_DIM);
}
