/* pform.c — the patient form (pform.h). */
#include "ui/pform.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/age.h"
#include "core/limits.h"
#include "core/text.h"
#include "ui/keys.h"

static const char *const labels[PF_COUNT] = {
	[PF_NAME] = "Name",
	[PF_ID] = "Id",
	[PF_SEX] = "Sex",
	[PF_BIRTH] = "Birth date",
	[PF_GA] = "Gestation",
	[PF_MOTHER] = "Mother's height",
	[PF_FATHER] = "Father's height",
	[PF_NOTES] = "Notes",
};

/* Bytes a single-line field may hold (the store's columns, with their NUL). */
static size_t field_max(int field)
{
	return field == PF_ID ? GV_ID_MAX : field == PF_NAME ? GV_NAME_MAX : 24;
}

static void height_text(char *buf, size_t n, double cm, fmt_units u)
{
	buf[0] = '\0';
	if (isfinite(cm))
		fmt_field(buf, n, FMT_LENGTH, cm, u);
}

void pform_open(pform_state *f, const gv_patient *p, const char *notes, fmt_units u, int32_t today)
{
	int ro = f->read_only;
	memset(f, 0, sizeof *f);
	f->read_only = ro;
	f->active = 1;
	f->units = u;
	f->today = today;
	f->err_field = -1;
	f->sex = (gv_sex)-1;
	if (!p) {
		record_patient_init(&f->orig);
		f->orig.birth_date = today;
		fmt_date(f->text[PF_BIRTH], sizeof f->text[PF_BIRTH], today);
		f->touched[PF_NOTES] = 1; /* a new patient's notes are written, empty or not */
		return;
	}
	f->orig = *p;
	snprintf(f->text[PF_NAME], sizeof f->text[PF_NAME], "%s", p->name);
	snprintf(f->text[PF_ID], sizeof f->text[PF_ID], "%s", p->ext_id);
	f->sex = p->sex;
	fmt_date(f->text[PF_BIRTH], sizeof f->text[PF_BIRTH], p->birth_date);
	if (p->ga_weeks > 0)
		snprintf(f->text[PF_GA], sizeof f->text[PF_GA], "%d+%d", p->ga_weeks, p->ga_days);
	height_text(f->text[PF_MOTHER], sizeof f->text[PF_MOTHER], p->mother_height_cm, u);
	height_text(f->text[PF_FATHER], sizeof f->text[PF_FATHER], p->father_height_cm, u);
	snprintf(f->notes, sizeof f->notes, "%s", notes ? notes : "");
}

static int fail(pform_state *f, int field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(pform_state *f, int field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof f->err, fmt, ap);
	va_end(ap);
	f->err_field = field;
	return 0;
}

/* Gestational age "W+D" or "W" (completed weeks and days, the clinical notation "34+2"); ""
 * unknown (0).  1 ok, 0 empty, -1 not understood. */
static int parse_ga(const char *t, int *weeks, int *days)
{
	*weeks = 0;
	*days = 0;
	while (*t == ' ')
		t++;
	if (!*t)
		return 0;
	int w = 0, d = 0, nw = 0, nd = 0;
	while (*t >= '0' && *t <= '9' && nw < 3)
		w = w * 10 + (*t++ - '0'), nw++;
	if (nw == 0)
		return -1;
	if (*t == '+') {
		t++;
		while (*t >= '0' && *t <= '9' && nd < 2)
			d = d * 10 + (*t++ - '0'), nd++;
		if (nd == 0)
			return -1;
	}
	while (*t == ' ')
		t++;
	if (*t)
		return -1;
	*weeks = w;
	*days = d;
	return 1;
}

/* A typed name or id: bounded, printable UTF-8 (the importers' rule, app/ingest.c). */
static int check_text(pform_state *f, int field)
{
	const char *s = f->text[field];
	size_t n = strlen(s);
	if (n >= field_max(field)) {
		snprintf(f->err, sizeof f->err, "%s is %zu bytes long (at most %zu)", labels[field], n, field_max(field) - 1);
		f->err_field = field;
		return 0;
	}
	size_t at = text_find_control(s, n, 0);
	if (at < n) {
		snprintf(f->err, sizeof f->err, "%s holds a character that is not printable text (byte %zu)", labels[field],
			 at + 1);
		f->err_field = field;
		return 0;
	}
	return 1;
}

static int parent_height(pform_state *f, int field, double *out)
{
	char e[200];
	if (fmt_parse_qty(f->text[field], FMT_LENGTH, f->units, out, e, sizeof e) < 0)
		return fail(f, field, "%s", e);
	if (isfinite(*out) && !limits_ok(LIM_PARENT_HEIGHT, *out)) {
		const lim_range *l = limits_of(LIM_PARENT_HEIGHT);
		snprintf(f->err, sizeof f->err, "%s %.1f cm is impossible (accepted: %g to %g cm)", labels[field], *out, l->lo,
			 l->hi);
		f->err_field = field;
		return 0;
	}
	return 1;
}

int pform_build(pform_state *f, gv_patient *out)
{
	gv_patient p = f->orig;
	f->err[0] = '\0';
	f->err_field = -1;
	if (!check_text(f, PF_NAME) || !check_text(f, PF_ID))
		return 0;
	if (!f->text[PF_NAME][0] && !f->text[PF_ID][0])
		return fail(f, PF_NAME, "%s", "give a name or an id, so that the patient can be found");
	snprintf(p.name, sizeof p.name, "%s", f->text[PF_NAME]);
	memcpy(p.ext_id, f->text[PF_ID], strlen(f->text[PF_ID]) + 1); /* < GV_ID_MAX: check_text */
	if (f->sex != GV_MALE && f->sex != GV_FEMALE)
		return fail(f, PF_SEX, "%s", "choose male or female (m / f): the growth charts are sex-specific");
	p.sex = f->sex;
	const char *bd = f->text[PF_BIRTH];
	int32_t d;
	if (age_parse_date(bd, strlen(bd), &d) != GV_OK)
		return fail(f, PF_BIRTH, "birth date '%s' is not a full date (YYYY-MM-DD)", bd);
	if (d > f->today)
		return fail(f, PF_BIRTH, "birth date %s is in the future", bd);
	p.birth_date = d;
	int w, dd, r = parse_ga(f->text[PF_GA], &w, &dd);
	if (r < 0)
		return fail(f, PF_GA, "gestation '%s': completed weeks and days, as 34+2 (or 34; empty: unknown)",
			    f->text[PF_GA]);
	if (r > 0 && (!limits_ok(LIM_GA_WEEKS, w) || dd > 6)) {
		const lim_range *l = limits_of(LIM_GA_WEEKS);
		snprintf(f->err, sizeof f->err, "gestation %s is impossible (accepted: %g+0 to %g+6 weeks)", f->text[PF_GA],
			 l->lo, l->hi);
		f->err_field = PF_GA;
		return 0;
	}
	p.ga_weeks = w;
	p.ga_days = dd;
	if (!parent_height(f, PF_MOTHER, &p.mother_height_cm) || !parent_height(f, PF_FATHER, &p.father_height_cm))
		return 0;
	/* a field the user did not touch keeps the stored value exactly (no unit round trip) */
	if (f->orig.id && !f->touched[PF_MOTHER])
		p.mother_height_cm = f->orig.mother_height_cm;
	if (f->orig.id && !f->touched[PF_FATHER])
		p.father_height_cm = f->orig.father_height_cm;
	size_t at = text_find_control(f->notes, strlen(f->notes), TEXT_ALLOW_NEWLINE);
	if (at < strlen(f->notes)) {
		snprintf(f->err, sizeof f->err, "notes hold a character that is not printable text (byte %zu)", at + 1);
		f->err_field = PF_NOTES;
		return 0;
	}
	*out = p;
	return 1;
}

const char *pform_notes(const pform_state *f)
{
	return f->touched[PF_NOTES] ? f->notes : NULL;
}

static int any_touched(const pform_state *f)
{
	for (int i = 0; i < PF_COUNT; i++)
		if (f->touched[i] && !(i == PF_NOTES && !f->orig.id && !f->notes[0]))
			return 1;
	return 0;
}

/* Remove the last character (UTF-8 aware) of t. */
static void backspace(char *t)
{
	size_t len = strlen(t);
	while (len > 0 && ((unsigned char)t[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	t[len] = '\0';
}

int pform_key(pform_state *f, int key, gv_patient *out)
{
	if (f->confirm) {
		if (key == 'y' || key == 'Y') {
			f->confirm = 0;
			return pform_build(f, out) ? PFORM_SAVE : PFORM_CONTINUE;
		}
		if (key == 'n' || key == 'N' || key == K_ESC)
			f->confirm = 0;
		return PFORM_CONTINUE;
	}
	if (f->confirm_discard) {
		if (key == 'y' || key == 'Y')
			return PFORM_CANCEL;
		if (key == 'n' || key == 'N' || key == K_ESC)
			f->confirm_discard = 0;
		return PFORM_CONTINUE;
	}
	switch (key) {
	case K_TAB:
	case K_DOWN:
		f->focus = (f->focus + 1) % PF_COUNT;
		return PFORM_CONTINUE;
	case K_BTAB:
	case K_UP:
		f->focus = (f->focus + PF_COUNT - 1) % PF_COUNT;
		return PFORM_CONTINUE;
	case K_ESC:
		if (any_touched(f)) {
			f->confirm_discard = 1;
			return PFORM_CONTINUE;
		}
		return PFORM_CANCEL;
	case K_F1:
		return PFORM_HELP;
	case K_ENTER: {
		gv_patient p;
		if (f->read_only) {
			snprintf(f->err, sizeof f->err, "read-only: nothing can be saved");
			return PFORM_CONTINUE;
		}
		if (!pform_build(f, &p)) {
			f->focus = f->err_field >= 0 ? f->err_field : f->focus;
			return PFORM_CONTINUE;
		}
		/* The importers warn about a birth date longer ago than anyone has lived (a typo such as
		 * 1019 for 2019); the form asks. */
		if (limits_birth_unlikely(p.birth_date, f->today)) {
			snprintf(f->warn, sizeof f->warn, "born %s: older than anyone has lived", f->text[PF_BIRTH]);
			f->confirm = 1;
			return PFORM_CONTINUE;
		}
		*out = p;
		return PFORM_SAVE;
	}
	default:
		break;
	}
	if (f->focus == PF_SEX) {
		if (key == ' ' || key == K_LEFT || key == K_RIGHT)
			f->sex = f->sex == GV_MALE ? GV_FEMALE : GV_MALE;
		else if (key == 'm' || key == 'M')
			f->sex = GV_MALE;
		else if (key == 'f' || key == 'F')
			f->sex = GV_FEMALE;
		else if (key == '?')
			return PFORM_HELP;
		else
			return PFORM_CONTINUE;
		f->touched[PF_SEX] = 1;
		return PFORM_CONTINUE;
	}
	char *t = f->focus == PF_NOTES ? f->notes : f->text[f->focus];
	size_t cap = f->focus == PF_NOTES ? sizeof f->notes : field_max(f->focus);
	size_t len = strlen(t);
	if (key == K_BACKSPACE || key == K_CTRL('h')) {
		backspace(t);
		f->touched[f->focus] = 1;
	} else if (key == K_CTRL('u')) {
		t[0] = '\0';
		f->touched[f->focus] = 1;
	} else if (key >= 0x20 && key < K_SPECIAL && key != 0x7f) {
		char b[4];
		int k = fmt_utf8_put((uint32_t)key, b);
		if (len + (size_t)k < cap) {
			memcpy(t + len, b, (size_t)k);
			t[len + (size_t)k] = '\0';
			f->touched[f->focus] = 1;
		}
	}
	if (f->err_field == f->focus)
		f->err[0] = '\0';
	return PFORM_CONTINUE;
}

void pform_echo_height(const char *text, fmt_units u, char *buf, size_t n)
{
	buf[0] = '\0';
	double cm;
	char e[200];
	if (fmt_parse_qty(text, FMT_LENGTH, u, &cm, e, sizeof e) != 1)
		return;
	/* Plain centimetres need no echo: a number alone in metric units, or "N cm".  Anything
	 * else (in, ft, mm, ', ", or a bare number in US units) was converted: say to what. */
	size_t tl = strlen(text);
	while (tl > 0 && text[tl - 1] == ' ')
		tl--;
	if (tl >= 2 && (text[tl - 1] == 'm' || text[tl - 1] == 'M') && (text[tl - 2] == 'c' || text[tl - 2] == 'C'))
		tl -= 2;
	int unit = 0;
	for (size_t i = 0; i < tl; i++)
		if ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') || text[i] == '\'' ||
		    text[i] == '"')
			unit = 1;
	if (!unit && u == FMT_METRIC)
		return;
	char c[24];
	fmt_fixed(c, sizeof c, cm, 1);
	snprintf(buf, n, "= %s cm", c);
}

/* ------------------------------------------------------------------ drawing */

#define NOTE_LINES 4

void pform_draw(const pform_state *f, scr *s)
{
	int W = scr_width(s), H = scr_height(s);
	int bw = W - 4 < 76 ? W - 4 : 76, bh = PF_COUNT + NOTE_LINES + 5;
	if (bh > H - 1)
		bh = H - 1;
	int x0 = (W - bw) / 2, y0 = (H - bh) / 2;
	scr_fill(s, x0, y0, bw, bh, ' ', UI_TEXT);
	scr_box(s, x0, y0, bw, bh, UI_FRAME);
	char b[320];
	snprintf(b, sizeof b, " %s ", f->orig.id ? "Edit patient" : "New patient");
	scr_text(s, x0 + 2, y0, bw - 4, b, UI_HEADING);

	int lx = x0 + 2, fx = x0 + 19, fw = 24;
	int ax = fx + fw + 1, aw = bw - (ax - x0) - 2;
	for (int i = 0; i < PF_NOTES; i++) {
		int y = y0 + 2 + i, on = f->focus == i;
		scr_text(s, lx, y, 16, labels[i], on ? UI_HEADING : UI_TEXT);
		if (i == PF_SEX) {
			const char *v = f->sex == GV_MALE ? "< male >" : f->sex == GV_FEMALE ? "< female >" : "< m / f >";
			scr_text(s, fx, y, fw, v, on ? UI_FIELD_ON : UI_FIELD);
			continue;
		}
		const char *t = f->text[i];
		const char *show = t; /* the end of a long entry, where the cursor is */
		while (fmt_width(show) > fw - 1 && *show)
			fmt_utf8_next(&show);
		scr_fill(s, fx, y, fw, 1, ' ', on ? UI_FIELD_ON : UI_FIELD);
		int w = scr_text(s, fx, y, fw, show, on ? UI_FIELD_ON : UI_FIELD);
		if (on && w < fw)
			scr_text(s, fx + w, y, 1, "_", UI_FIELD_ON);
		/* the echo: what the entry will be stored as */
		b[0] = '\0';
		if (i == PF_BIRTH) {
			int32_t d;
			if (age_parse_date(t, strlen(t), &d) == GV_OK && d <= f->today) {
				char a[24];
				fmt_age(a, sizeof a, d, f->today);
				snprintf(b, sizeof b, "age %s", a);
			} else if (t[0]) {
				snprintf(b, sizeof b, "YYYY-MM-DD");
			}
		} else if (i == PF_GA) {
			int w2, d2, r = parse_ga(t, &w2, &d2);
			if (r == 0)
				snprintf(b, sizeof b, "empty: unknown");
			else if (r > 0 && limits_ok(LIM_GA_WEEKS, w2) && d2 <= 6)
				/* preterm: born before 37+0 weeks (WHO, ICD-11) */
				snprintf(b, sizeof b, "%d weeks %d day%s, %s", w2, d2, d2 == 1 ? "" : "s", w2 < 37 ? "preterm" : "term");
			else
				snprintf(b, sizeof b, "?  weeks+days, as 34+2");
		} else if (i == PF_MOTHER || i == PF_FATHER) {
			pform_echo_height(t, f->units, b, sizeof b);
			if (!b[0] && t[0]) {
				double cm;
				char e[200];
				if (fmt_parse_qty(t, FMT_LENGTH, f->units, &cm, e, sizeof e) < 0)
					snprintf(b, sizeof b, "?  not understood");
			}
			if (!t[0])
				snprintf(b, sizeof b, "%s, empty: unknown", fmt_field_unit(FMT_LENGTH, f->units));
		}
		if (b[0])
			scr_text(s, ax, y, aw, b, b[0] == '?' ? UI_ERROR : UI_DIM);
	}
	/* notes: the last lines of the text wrapped, the cursor at its end */
	int ny = y0 + 2 + PF_NOTES, on = f->focus == PF_NOTES;
	scr_text(s, lx, ny, 16, labels[PF_NOTES], on ? UI_HEADING : UI_TEXT);
	int nw = bw - (fx - x0) - 2;
	int lines_st[256], lines_ln[256], nl = 0;
	const char *n0 = f->notes;
	for (const char *para = n0;;) {
		const char *eol = strchr(para, '\n');
		size_t plen = eol ? (size_t)(eol - para) : strlen(para);
		char pb[PFORM_NOTES_MAX + 1];
		memcpy(pb, para, plen);
		pb[plen] = '\0';
		int st[64], ln[64];
		int k = fmt_wrap(pb, nw - 1, st, ln, 64);
		if (k == 0 && nl < 256) {
			lines_st[nl] = (int)(para - n0);
			lines_ln[nl++] = 0;
		}
		for (int j = 0; j < k && j < 64 && nl < 256; j++) {
			lines_st[nl] = (int)(para - n0) + st[j];
			lines_ln[nl++] = ln[j];
		}
		if (!eol)
			break;
		para = eol + 1;
	}
	int first = nl > NOTE_LINES ? nl - NOTE_LINES : 0;
	scr_fill(s, fx, ny, nw, NOTE_LINES, ' ', on ? UI_FIELD_ON : UI_FIELD);
	for (int j = first; j < nl; j++) {
		char line[PFORM_NOTES_MAX + 1];
		snprintf(line, sizeof line, "%.*s", lines_ln[j], n0 + lines_st[j]);
		int w = scr_text(s, fx, ny + j - first, nw, line, on ? UI_FIELD_ON : UI_FIELD);
		if (on && j == nl - 1 && w < nw)
			scr_text(s, fx + w, ny + j - first, 1, "_", UI_FIELD_ON);
	}
	if (first > 0)
		scr_text(s, lx, ny + 1, 16, "(more above)", UI_DIM);

	int y = y0 + bh - 3;
	if (f->confirm) {
		snprintf(b, sizeof b, "Unlikely: %s. Save anyway? y/n", f->warn);
		scr_text(s, lx, y, bw - 4, b, UI_WARN);
	} else if (f->confirm_discard) {
		scr_text(s, lx, y, bw - 4, "Discard what you typed? y/n", UI_WARN);
	} else if (f->err[0]) {
		scr_text(s, lx, y, bw - 4, f->err, UI_ERROR);
	}
	y++;
	scr_text(s, lx, y, bw - 4,
		 f->read_only ? "read-only: nothing can be saved   Esc close"
			      : "Enter save  Tab next  Shift-Tab previous  Ctrl-U clear  Esc cancel",
		 UI_DIM);
}
