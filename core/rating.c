/* rating.c — one rating item's state, its key operations, undo, the draft text, active time. */
#include "core/rating.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static void change_none(rating_change *ch)
{
	ch->what = 0;
	ch->field = RATING_NFIELDS;
	ch->side = -1;
	ch->old_value = ch->new_value = 0;
}

void rating_init(rating *r)
{
	memset(r, 0, sizeof *r);
	r->rubric_version = RUBRIC_VERSION;
	r->status = RATING_DRAFT;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			r->side[s].axis[a] = RATING_UNSET;
		r->side[s].harm = RATING_UNSET;
		r->side[s].likelihood = RATING_UNSET;
		r->side[s].tags = 0;
	}
	r->choice = RATING_UNSET;
	r->focus_side = 0;
	r->focus_field = RATING_F_CORRECTNESS;
	r->last_key_ms = -1;
}

static void undo_clear(rating *r)
{
	for (int i = 0; i < RATING_UNDO_MAX; i++) {
		free(r->undo[i].old_text);
		r->undo[i].old_text = NULL;
	}
	r->undo_head = r->undo_n = 0;
}

void rating_free(rating *r)
{
	undo_clear(r);
	free(r->comment);
	free(r->corrected);
	free(r->skip_reason);
	rating_init(r);
}

/* ------------------------------------------------------------------ field access */

static int32_t get_value(const rating *r, int side, rating_field f)
{
	if ((int)f < RUBRIC_NAXES)
		return r->side[side].axis[f];
	switch (f) {
	case RATING_F_HARM: return r->side[side].harm;
	case RATING_F_LIKELIHOOD: return r->side[side].likelihood;
	case RATING_F_TAGS: return r->side[side].tags;
	case RATING_F_CHOICE: return r->choice;
	case RATING_F_FLAG: return r->flagged;
	case RATING_F_STATUS: return (int32_t)r->status;
	case RATING_F_COMMENT: return r->comment != NULL;
	case RATING_F_CORRECTED: return r->corrected != NULL;
	default: return 0;
	}
}

static void put_value(rating *r, int side, rating_field f, int32_t v)
{
	if ((int)f < RUBRIC_NAXES) {
		r->side[side].axis[f] = (int8_t)v;
		return;
	}
	switch (f) {
	case RATING_F_HARM: r->side[side].harm = (int8_t)v; break;
	case RATING_F_LIKELIHOOD: r->side[side].likelihood = (int8_t)v; break;
	case RATING_F_TAGS: r->side[side].tags = (uint16_t)v; break;
	case RATING_F_CHOICE: r->choice = (int8_t)v; break;
	case RATING_F_FLAG: r->flagged = v != 0; break;
	default: break;
	}
}

static int valid_value(rating_field f, int32_t v)
{
	if ((int)f < RUBRIC_NAXES)
		return v == RATING_UNSET || (v >= RUBRIC_SCORE_MIN && v <= RUBRIC_SCORE_MAX);
	switch (f) {
	case RATING_F_HARM: return v == RATING_UNSET || (v >= 0 && v < RUBRIC_NHARM);
	case RATING_F_LIKELIHOOD: return v == RATING_UNSET || (v >= 0 && v < RUBRIC_NLIKELY);
	case RATING_F_TAGS: return v >= 0 && (uint32_t)v <= RUBRIC_TAGS_ALL;
	case RATING_F_CHOICE: return v == RATING_UNSET || (v >= 0 && v < RUBRIC_NCHOICES);
	case RATING_F_FLAG: return v == 0 || v == 1;
	default: return 0;
	}
}

/* Push an undo entry (takes ownership of old_text). */
static void undo_push(rating *r, rating_field f, int side, int32_t old, char *old_text)
{
	int slot = (r->undo_head + r->undo_n) % RATING_UNDO_MAX;
	if (r->undo_n == RATING_UNDO_MAX) { /* full: forget the oldest */
		slot = r->undo_head;
		r->undo_head = (r->undo_head + 1) % RATING_UNDO_MAX;
	} else {
		r->undo_n++;
	}
	free(r->undo[slot].old_text);
	r->undo[slot].field = (int8_t)f;
	r->undo[slot].side = (int8_t)side;
	r->undo[slot].old_value = old;
	r->undo[slot].old_text = old_text;
}

static rating_result set_value(rating *r, int side, rating_field f, int32_t v, rating_change *ch, int record)
{
	change_none(ch);
	if (!valid_value(f, v) || side < 0 || side > 1)
		return RATING_EINVAL;
	if (f == RATING_F_CHOICE || f == RATING_F_FLAG)
		side = -1;
	int32_t old = get_value(r, side < 0 ? 0 : side, f);
	if (old == v)
		return RATING_NOCHANGE;
	put_value(r, side < 0 ? 0 : side, f, v);
	if (record)
		undo_push(r, f, side, old, NULL);
	ch->what = RATING_CH_VALUE;
	ch->field = f;
	ch->side = side;
	ch->old_value = old;
	ch->new_value = v;
	return RATING_OK;
}

rating_result rating_set(rating *r, int side, rating_field f, int32_t value, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	if (f >= RATING_F_NSIDE && f != RATING_F_CHOICE)
		return RATING_EINVAL;
	if (f == RATING_F_CHOICE)
		side = 0;
	return set_value(r, side, f, value, ch, 1);
}

rating_result rating_toggle_tag(rating *r, int side, rubric_tag t, rating_change *ch)
{
	change_none(ch);
	if ((unsigned)t >= RUBRIC_NTAGS || side < 0 || side > 1)
		return RATING_EINVAL;
	return rating_set(r, side, RATING_F_TAGS, r->side[side].tags ^ RUBRIC_TAG_BIT(t), ch);
}

/* ------------------------------------------------------------------ focus */

/* Position in the Tab order: side * NSIDE + field, choice last. */
#define NPOS (2 * RATING_F_NSIDE + 1)

static int focus_pos(const rating *r)
{
	return r->focus_field == RATING_F_CHOICE ? 2 * RATING_F_NSIDE : r->focus_side * RATING_F_NSIDE + r->focus_field;
}

static void set_pos(rating *r, int p)
{
	if (p == 2 * RATING_F_NSIDE) {
		r->focus_field = RATING_F_CHOICE; /* focus_side stays: the side it was reached from */
	} else {
		r->focus_side = (int8_t)(p / RATING_F_NSIDE);
		r->focus_field = (int8_t)(p % RATING_F_NSIDE);
	}
}

static void focus_change(const rating *r, int old_side, int old_field, rating_change *ch)
{
	if (r->focus_side != old_side || r->focus_field != old_field)
		ch->what |= RATING_CH_FOCUS;
}

rating_result rating_move_focus(rating *r, rating_move m, rating_change *ch)
{
	change_none(ch);
	int os = r->focus_side, of = r->focus_field;
	int p = focus_pos(r);
	switch (m) {
	case RATING_NEXT: set_pos(r, (p + 1) % NPOS); break;
	case RATING_PREV: set_pos(r, (p + NPOS - 1) % NPOS); break;
	case RATING_LEFT:
	case RATING_RIGHT:
		r->focus_side = m == RATING_LEFT ? 0 : 1;
		break;
	case RATING_UP:
		if (r->focus_field == RATING_F_CHOICE)
			r->focus_field = RATING_F_TAGS;
		else if (r->focus_field > 0)
			r->focus_field--;
		break;
	case RATING_DOWN:
		if (r->focus_field == RATING_F_TAGS)
			r->focus_field = RATING_F_CHOICE;
		else if (r->focus_field < RATING_F_TAGS)
			r->focus_field++;
		break;
	default:
		return RATING_EINVAL;
	}
	focus_change(r, os, of, ch);
	return ch->what ? RATING_OK : RATING_NOCHANGE;
}

rating_result rating_focus(rating *r, int side, rating_field f, rating_change *ch)
{
	change_none(ch);
	if (side < 0 || side > 1 || (f >= RATING_F_NSIDE && f != RATING_F_CHOICE) || (int)f < 0)
		return RATING_EINVAL;
	int os = r->focus_side, of = r->focus_field;
	r->focus_side = (int8_t)side;
	r->focus_field = (int8_t)f;
	focus_change(r, os, of, ch);
	return ch->what ? RATING_OK : RATING_NOCHANGE;
}

/* After a field was answered: the next field in the Tab order, past the likelihood when the harm
 * is none (it is not asked then). */
static void advance(rating *r)
{
	int p = focus_pos(r);
	if (p == 2 * RATING_F_NSIDE)
		return;
	p++;
	if (p < 2 * RATING_F_NSIDE && p % RATING_F_NSIDE == RATING_F_LIKELIHOOD &&
	    r->side[p / RATING_F_NSIDE].harm == RUBRIC_HARM_NONE)
		p++;
	set_pos(r, p);
}

rating_result rating_digit(rating *r, int d, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	if (d < 0 || d > 9)
		return RATING_EINVAL;
	int s = r->focus_side, f = r->focus_field;
	int32_t v;
	if (f == RATING_F_TAGS) {
		if (d == 0)
			v = 0;
		else if (d <= RUBRIC_NTAGS)
			v = r->side[s].tags ^ RUBRIC_TAG_BIT(d - 1);
		else
			return RATING_EINVAL;
		return set_value(r, s, RATING_F_TAGS, v, ch, 1);
	}
	if (d == 0)
		v = RATING_UNSET;
	else if ((int)f < RUBRIC_NAXES)
		v = d;
	else
		v = d - 1; /* harm, likelihood, choice: option d */
	if (!valid_value((rating_field)f, v))
		return RATING_EINVAL;
	int os = r->focus_side, of = r->focus_field;
	rating_result res = set_value(r, f == RATING_F_CHOICE ? 0 : s, (rating_field)f, v, ch, 1);
	if (res == RATING_EINVAL)
		return res;
	if (d != 0 && f != RATING_F_CHOICE)
		advance(r); /* the same digit again (RATING_NOCHANGE) still moves on */
	focus_change(r, os, of, ch);
	return ch->what ? RATING_OK : RATING_NOCHANGE;
}

/* ------------------------------------------------------------------ texts, flag */

static char *dup_text(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

static rating_result set_text(rating *r, char **slot, rating_field f, const char *text, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	if (text && !*text)
		text = NULL;
	if ((!text && !*slot) || (text && *slot && strcmp(text, *slot) == 0))
		return RATING_NOCHANGE;
	char *nt = NULL;
	if (text && !(nt = dup_text(text)))
		return RATING_ENOMEM;
	char *old = *slot;
	ch->what = RATING_CH_VALUE;
	ch->field = f;
	ch->side = -1;
	ch->old_value = old != NULL;
	ch->new_value = nt != NULL;
	*slot = nt;
	undo_push(r, f, -1, 0, old); /* the undo entry owns the previous text */
	return RATING_OK;
}

rating_result rating_set_comment(rating *r, const char *text, rating_change *ch)
{
	return set_text(r, &r->comment, RATING_F_COMMENT, text, ch);
}

rating_result rating_set_corrected(rating *r, const char *text, rating_change *ch)
{
	return set_text(r, &r->corrected, RATING_F_CORRECTED, text, ch);
}

rating_result rating_toggle_flag(rating *r, rating_change *ch)
{
	return set_value(r, 0, RATING_F_FLAG, !r->flagged, ch, r->status == RATING_DRAFT);
}

rating_result rating_undo(rating *r, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	if (r->undo_n == 0)
		return RATING_EEMPTY;
	int slot = (r->undo_head + r->undo_n - 1) % RATING_UNDO_MAX;
	rating_undo_entry *u = &r->undo[slot];
	r->undo_n--;
	rating_field f = (rating_field)u->field;
	int side = u->side;
	if (f == RATING_F_COMMENT || f == RATING_F_CORRECTED) {
		char **p = f == RATING_F_COMMENT ? &r->comment : &r->corrected;
		ch->old_value = *p != NULL;
		ch->new_value = u->old_text != NULL;
		free(*p);
		*p = u->old_text;
		u->old_text = NULL;
	} else {
		ch->old_value = get_value(r, side < 0 ? 0 : side, f);
		ch->new_value = u->old_value;
		put_value(r, side < 0 ? 0 : side, f, u->old_value);
	}
	ch->what = RATING_CH_VALUE;
	ch->field = f;
	ch->side = side;
	if (f < RATING_F_NSIDE || f == RATING_F_CHOICE) {
		int os = r->focus_side, of = r->focus_field;
		if (side >= 0)
			r->focus_side = (int8_t)side;
		r->focus_field = (int8_t)f;
		focus_change(r, os, of, ch);
	}
	return RATING_OK;
}

/* ------------------------------------------------------------------ status */

static size_t cat(char *buf, size_t n, size_t o, const char *s)
{
	for (; *s; s++, o++)
		if (o + 1 < n)
			buf[o] = *s;
	if (n)
		buf[o + 1 < n ? o : n - 1] = '\0';
	return o;
}

int rating_missing(const rating *r, char *buf, size_t n)
{
	int k = 0;
	size_t o = 0;
	if (n)
		buf[0] = '\0';
	for (int s = 0; s < 2; s++)
		for (int f = 0; f <= RATING_F_LIKELIHOOD; f++) {
			int32_t v = get_value(r, s, (rating_field)f);
			if (v != RATING_UNSET)
				continue;
			if (f == RATING_F_LIKELIHOOD && r->side[s].harm == RUBRIC_HARM_NONE)
				continue;
			o = cat(buf, n, o, k ? ", " : "");
			o = cat(buf, n, o, s ? "B " : "A ");
			o = cat(buf, n, o, rating_field_name((rating_field)f));
			k++;
		}
	if (r->choice == RATING_UNSET) {
		o = cat(buf, n, o, k ? ", " : "");
		cat(buf, n, o, "choice");
		k++;
	}
	return k;
}

static void status_change(rating *r, rating_status to, rating_change *ch)
{
	ch->what = RATING_CH_STATUS;
	ch->field = RATING_F_STATUS;
	ch->side = -1;
	ch->old_value = (int32_t)r->status;
	ch->new_value = (int32_t)to;
	r->status = to;
	undo_clear(r);
}

rating_result rating_submit(rating *r, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	if (rating_missing(r, NULL, 0))
		return RATING_EINCOMPLETE;
	status_change(r, RATING_SUBMITTED, ch);
	return RATING_OK;
}

rating_result rating_skip(rating *r, const char *reason, rating_change *ch)
{
	change_none(ch);
	if (r->status != RATING_DRAFT)
		return RATING_ELOCKED;
	const char *p = reason;
	while (p && (*p == ' ' || *p == '\t'))
		p++;
	if (!p || !*p)
		return RATING_EINVAL;
	char *d = dup_text(reason);
	if (!d)
		return RATING_ENOMEM;
	free(r->skip_reason);
	r->skip_reason = d;
	status_change(r, RATING_SKIPPED, ch);
	return RATING_OK;
}

rating_result rating_reopen(rating *r, rating_change *ch)
{
	change_none(ch);
	if (r->status == RATING_DRAFT)
		return RATING_NOCHANGE;
	free(r->skip_reason);
	r->skip_reason = NULL;
	status_change(r, RATING_DRAFT, ch);
	return RATING_OK;
}

void rating_swap_sides(rating *r)
{
	rating_side t = r->side[0];
	r->side[0] = r->side[1];
	r->side[1] = t;
	if (r->choice != RATING_UNSET)
		r->choice = (int8_t)rubric_choice_mirror((rubric_choice)r->choice);
	r->focus_side = (int8_t)!r->focus_side;
}

/* ------------------------------------------------------------------ names */

static const char *const field_names[RATING_NFIELDS] = {
	"correctness", "completeness", "conciseness", "clarity", "harm", "likelihood", "tags",
	"choice", "comment", "corrected", "flagged", "status",
};

const char *rating_field_name(rating_field f)
{
	return (unsigned)f < RATING_NFIELDS ? field_names[f] : "";
}

static const char *const status_names[RATING_NSTATUS] = {"draft", "submitted", "skipped"};

const char *rating_status_name(rating_status s)
{
	return (unsigned)s < RATING_NSTATUS ? status_names[s] : "";
}

rating_status rating_status_parse(const char *s)
{
	for (int i = 0; s && i < RATING_NSTATUS; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (rating_status)i;
	return RATING_NSTATUS;
}

/* ------------------------------------------------------------------ values as text */

/* Output with snprintf-like accounting. */
typedef struct out {
	char *buf;
	size_t n, len;
	uint32_t h; /* FNV-1a of every byte written (rating_format's checksum) */
} out;

/* FNV-1a, 32 bits (Fowler, Noll & Vo; offset basis 2166136261, prime 16777619: IETF
 * draft-eastlake-fnv).  Catches a cut or altered draft; not a defence against tampering. */
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

static void out_c(out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
	o->h = (o->h ^ (unsigned char)c) * FNV_PRIME;
}

static void out_s(out *o, const char *s)
{
	while (*s)
		out_c(o, *s++);
}

static void out_i(out *o, int64_t v)
{
	char t[24];
	int k = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		t[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		out_c(o, '-');
	while (k)
		out_c(o, t[--k]);
}

static void out_end(out *o)
{
	if (o->n)
		o->buf[o->len < o->n ? o->len : o->n - 1] = '\0';
}

/* Text of a field's value: "-" for unset; tags as names joined by ','. */
static void out_value(out *o, rating_field f, int32_t v)
{
	if (f == RATING_F_TAGS) {
		int first = 1;
		for (int t = 0; t < RUBRIC_NTAGS; t++)
			if (v & (int32_t)RUBRIC_TAG_BIT(t)) {
				if (!first)
					out_c(o, ',');
				out_s(o, rubric_tag_name((rubric_tag)t));
				first = 0;
			}
		return;
	}
	if (v == RATING_UNSET && f != RATING_F_FLAG && f != RATING_F_STATUS) {
		out_c(o, '-');
		return;
	}
	switch (f) {
	case RATING_F_HARM: out_s(o, rubric_harm_name((rubric_harm)v)); break;
	case RATING_F_LIKELIHOOD: out_s(o, rubric_likelihood_name((rubric_likelihood)v)); break;
	case RATING_F_CHOICE: out_s(o, rubric_choice_name((rubric_choice)v)); break;
	case RATING_F_STATUS: out_s(o, rating_status_name((rating_status)v)); break;
	case RATING_F_COMMENT:
	case RATING_F_CORRECTED: out_s(o, v ? "set" : "none"); break;
	default: out_i(o, v); break;
	}
}

void rating_change_describe(const rating_change *ch, char *buf, size_t n)
{
	out o = {buf, n, 0, FNV_BASIS};
	if (!ch->what || ch->field == RATING_NFIELDS) {
		out_s(&o, ch->what & RATING_CH_FOCUS ? "focus" : "no change");
		out_end(&o);
		return;
	}
	if (ch->side >= 0)
		out_s(&o, ch->side ? "b." : "a.");
	out_s(&o, rating_field_name(ch->field));
	out_s(&o, ": ");
	out_value(&o, ch->field, ch->old_value);
	if (ch->field == RATING_F_TAGS && ch->old_value == 0)
		out_s(&o, "(none)");
	out_s(&o, " -> ");
	out_value(&o, ch->field, ch->new_value);
	if (ch->field == RATING_F_TAGS && ch->new_value == 0)
		out_s(&o, "(none)");
	out_end(&o);
}

/* ------------------------------------------------------------------ the draft text */

#define FORMAT_MAGIC "gv-rating-1"

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = FNV_BASIS;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return h;
}

static void out_esc(out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			out_s(o, "\\\\");
		else if (c == '\n')
			out_s(o, "\\n");
		else if (c == '\r')
			out_s(o, "\\r");
		else if (c == '\t')
			out_s(o, "\\t");
		else if (c < 0x20 || c == 0x7f) {
			out_s(o, "\\x");
			out_c(o, hex[c >> 4]);
			out_c(o, hex[c & 15]);
		} else
			out_c(o, (char)c);
	}
}

static void out_key(out *o, int side, const char *key)
{
	if (side >= 0)
		out_s(o, side ? "b." : "a.");
	out_s(o, key);
	out_c(o, '=');
}

static void out_focus(out *o, const rating *r)
{
	if (r->focus_field == RATING_F_CHOICE) {
		out_s(o, r->focus_side ? "b.choice" : "a.choice");
		return;
	}
	out_s(o, r->focus_side ? "b." : "a.");
	out_s(o, rating_field_name((rating_field)r->focus_field));
}

size_t rating_format(const rating *r, char *buf, size_t n)
{
	out o = {buf, n, 0, FNV_BASIS};
	out_s(&o, "format=" FORMAT_MAGIC "\nrubric=");
	out_i(&o, r->rubric_version);
	out_s(&o, "\nstatus=");
	out_s(&o, rating_status_name(r->status));
	out_s(&o, "\nskip_reason=");
	out_esc(&o, r->skip_reason);
	out_s(&o, "\nflagged=");
	out_i(&o, r->flagged ? 1 : 0);
	out_c(&o, '\n');
	for (int s = 0; s < 2; s++)
		for (int f = 0; f < RATING_F_NSIDE; f++) {
			out_key(&o, s, rating_field_name((rating_field)f));
			out_value(&o, (rating_field)f, get_value(r, s, (rating_field)f));
			out_c(&o, '\n');
		}
	out_s(&o, "choice=");
	out_value(&o, RATING_F_CHOICE, r->choice);
	out_s(&o, "\nfocus=");
	out_focus(&o, r);
	out_s(&o, "\nactive_ms=");
	out_i(&o, r->active_ms);
	out_s(&o, "\ncomment=");
	out_esc(&o, r->comment);
	out_s(&o, "\ncorrected=");
	out_esc(&o, r->corrected);
	out_c(&o, '\n');
	uint32_t h = o.h; /* every byte before "end=" */
	static const char hex[] = "0123456789abcdef";
	out_s(&o, "end=");
	for (int i = 7; i >= 0; i--)
		out_c(&o, hex[(h >> (4 * i)) & 15]);
	out_c(&o, '\n');
	out_end(&o);
	return o.len;
}

char *rating_format_dup(const rating *r)
{
	size_t need = rating_format(r, NULL, 0);
	char *p = malloc(need + 1);
	if (!p)
		return NULL;
	rating_format(r, p, need + 1);
	return p;
}

/* A reader of the draft text, line by line. */
typedef struct rd {
	const char *text, *p, *end;
	int line;
	char *why;
	size_t whyn;
	const char *val; /* the current line's value */
	size_t vlen;
} rd;

static int fail(rd *d, const char *key, const char *msg, const char *quote, size_t qlen)
{
	out o = {d->why, d->whyn, 0, FNV_BASIS};
	out_s(&o, "line ");
	out_i(&o, d->line);
	out_s(&o, ": ");
	if (key) {
		out_s(&o, key);
		out_s(&o, ": ");
	}
	if (quote) {
		char q[96];
		text_escape(q, sizeof q, quote, qlen, 40);
		out_c(&o, '"');
		out_s(&o, q);
		out_s(&o, "\" ");
	}
	out_s(&o, msg);
	out_end(&o);
	return 0;
}

/* The next line, which must be "key=value"; sets d->val, d->vlen. */
static int next(rd *d, int side, const char *key)
{
	char k[32];
	out ko = {k, sizeof k, 0, FNV_BASIS};
	if (side >= 0)
		out_s(&ko, side ? "b." : "a.");
	out_s(&ko, key);
	out_end(&ko);
	d->line++;
	if (d->p >= d->end)
		return fail(d, k, "missing: the text ends early (cut short?)", NULL, 0);
	const char *nl = memchr(d->p, '\n', (size_t)(d->end - d->p));
	if (!nl)
		return fail(d, k, "the line has no end (cut short?)", NULL, 0);
	size_t kl = strlen(k);
	if ((size_t)(nl - d->p) <= kl || memcmp(d->p, k, kl) != 0 || d->p[kl] != '=') {
		const char *eq = memchr(d->p, '=', (size_t)(nl - d->p));
		size_t ql = (size_t)((eq ? eq : nl) - d->p);
		char m[64];
		out mo = {m, sizeof m, 0, FNV_BASIS};
		out_s(&mo, "found where the key ");
		out_s(&mo, k);
		out_s(&mo, " belongs");
		out_end(&mo);
		return fail(d, NULL, m, d->p, ql);
	}
	d->val = d->p + kl + 1;
	d->vlen = (size_t)(nl - d->val);
	d->p = nl + 1;
	return 1;
}

static int val_is(const rd *d, const char *s)
{
	return d->vlen == strlen(s) && memcmp(d->val, s, d->vlen) == 0;
}

/* The value as a short NUL-terminated string (names, numbers); 0 when longer than the buffer. */
static int val_str(const rd *d, char *buf, size_t n)
{
	if (d->vlen >= n || memchr(d->val, '\0', d->vlen))
		return 0;
	memcpy(buf, d->val, d->vlen);
	buf[d->vlen] = '\0';
	return 1;
}

/* A non-negative decimal integer without leading zeros, at most max. */
static int val_uint(const rd *d, int64_t max, int64_t *v)
{
	if (d->vlen == 0 || d->vlen > 15 || (d->vlen > 1 && d->val[0] == '0'))
		return 0;
	int64_t x = 0;
	for (size_t i = 0; i < d->vlen; i++) {
		if (d->val[i] < '0' || d->val[i] > '9')
			return 0;
		x = x * 10 + (d->val[i] - '0');
	}
	if (x > max)
		return 0;
	*v = x;
	return 1;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Unescape the value into a new string (NULL for ""); 0 with the reason on a bad escape. */
static int val_text(rd *d, const char *key, char **dst, int *nomem)
{
	*dst = NULL;
	if (d->vlen == 0)
		return 1;
	char *t = malloc(d->vlen + 1);
	if (!t) {
		*nomem = 1;
		return fail(d, key, "out of memory", NULL, 0);
	}
	size_t o = 0;
	for (size_t i = 0; i < d->vlen; i++) {
		unsigned char c = (unsigned char)d->val[i];
		if (c < 0x20 || c == 0x7f) {
			free(t);
			return fail(d, key, "holds an unescaped control byte", d->val + i, 1);
		}
		if (c != '\\') {
			t[o++] = (char)c;
			continue;
		}
		char e = i + 1 < d->vlen ? d->val[i + 1] : '\0';
		int h1, h2;
		if (e == '\\' || e == 'n' || e == 'r' || e == 't') {
			t[o++] = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : '\\';
			i++;
		} else if (e == 'x' && i + 3 < d->vlen && (h1 = hexval(d->val[i + 2])) >= 0 &&
			   (h2 = hexval(d->val[i + 3])) >= 0 && (h1 << 4 | h2) != 0 &&
			   ((h1 << 4 | h2) < 0x20 || (h1 << 4 | h2) == 0x7f) && (h1 << 4 | h2) != '\n' &&
			   (h1 << 4 | h2) != '\r' && (h1 << 4 | h2) != '\t') {
			t[o++] = (char)(h1 << 4 | h2);
			i += 3;
		} else {
			free(t);
			return fail(d, key, "is not an escape this format writes", d->val + i,
				    i + 4 <= d->vlen ? 4 : d->vlen - i);
		}
	}
	t[o] = '\0';
	*dst = t;
	return 1;
}

/* Parse one per-summary or item field value into *v. */
static int val_field(rd *d, const char *key, rating_field f, int32_t *v)
{
	char s[200];
	if (f == RATING_F_TAGS) {
		uint32_t set = 0;
		int last = -1;
		size_t i = 0;
		*v = 0;
		if (d->vlen == 0)
			return 1;
		while (i <= d->vlen) {
			size_t j = i;
			while (j < d->vlen && d->val[j] != ',')
				j++;
			if (j - i == 0 || j - i >= sizeof s)
				return fail(d, key, "is not a list of tag names joined by ','", d->val, d->vlen);
			memcpy(s, d->val + i, j - i);
			s[j - i] = '\0';
			rubric_tag t = rubric_tag_parse(s);
			if (t == RUBRIC_NTAGS)
				return fail(d, key, "is not a tag of this rubric", d->val + i, j - i);
			if ((int)t <= last)
				return fail(d, key, "is out of the rubric's order or repeated", d->val + i, j - i);
			last = (int)t;
			set |= RUBRIC_TAG_BIT(t);
			i = j + 1;
		}
		*v = (int32_t)set;
		return 1;
	}
	if (val_is(d, "-")) {
		*v = RATING_UNSET;
		return 1;
	}
	if (!val_str(d, s, sizeof s))
		return fail(d, key, "is not a valid value", d->val, d->vlen);
	int x;
	switch (f) {
	case RATING_F_HARM:
		if ((x = rubric_harm_parse(s)) == RUBRIC_NHARM)
			return fail(d, key, "is not a harm extent (none, mild_moderate, severe) or -", d->val, d->vlen);
		break;
	case RATING_F_LIKELIHOOD:
		if ((x = rubric_likelihood_parse(s)) == RUBRIC_NLIKELY)
			return fail(d, key, "is not a likelihood (low, medium, high) or -", d->val, d->vlen);
		break;
	case RATING_F_CHOICE:
		if ((x = rubric_choice_parse(s)) == RUBRIC_NCHOICES)
			return fail(d, key, "is not a pairwise choice of this rubric or -", d->val, d->vlen);
		break;
	default:
		if (d->vlen != 1 || s[0] < '0' + RUBRIC_SCORE_MIN || s[0] > '0' + RUBRIC_SCORE_MAX)
			return fail(d, key, "is not a score 1-5 or -", d->val, d->vlen);
		x = s[0] - '0';
		break;
	}
	*v = x;
	return 1;
}

rating_result rating_parse(rating *r, const char *text, size_t len, char *why, size_t whyn)
{
	rating_free(r);
	if (!text) { /* no text: refused below as one that ends early (no arithmetic on NULL) */
		text = "";
		len = 0;
	}
	rd d = {text, text, text + len, 0, why, whyn, NULL, 0};
	if (whyn)
		why[0] = '\0';
	int nomem = 0;
	int64_t n;
	int32_t v;
	char key[32];
	if (!next(&d, -1, "format"))
		goto bad;
	if (!val_is(&d, FORMAT_MAGIC)) {
		fail(&d, "format", "is not " FORMAT_MAGIC, d.val, d.vlen);
		goto bad;
	}
	if (!next(&d, -1, "rubric"))
		goto bad;
	if (!val_uint(&d, 1000000, &n) || n != RUBRIC_VERSION) {
		fail(&d, "rubric", "is not this program's rubric version (" RUBRIC_ID ")", d.val, d.vlen);
		goto bad;
	}
	r->rubric_version = (int)n;
	if (!next(&d, -1, "status"))
		goto bad;
	{
		char s[16];
		rating_status st = val_str(&d, s, sizeof s) ? rating_status_parse(s) : RATING_NSTATUS;
		if (st == RATING_NSTATUS) {
			fail(&d, "status", "is not draft, submitted or skipped", d.val, d.vlen);
			goto bad;
		}
		r->status = st;
	}
	if (!next(&d, -1, "skip_reason") || !val_text(&d, "skip_reason", &r->skip_reason, &nomem))
		goto bad;
	if ((r->status == RATING_SKIPPED) != (r->skip_reason != NULL)) {
		fail(&d, "skip_reason", r->skip_reason ? "is given but the status is not skipped"
						       : "is empty but the status is skipped", NULL, 0);
		goto bad;
	}
	if (!next(&d, -1, "flagged"))
		goto bad;
	if (!val_uint(&d, 1, &n)) {
		fail(&d, "flagged", "is not 0 or 1", d.val, d.vlen);
		goto bad;
	}
	r->flagged = (int)n;
	for (int s = 0; s < 2; s++)
		for (int f = 0; f < RATING_F_NSIDE; f++) {
			const char *fn = rating_field_name((rating_field)f);
			if (!next(&d, s, fn))
				goto bad;
			out ko = {key, sizeof key, 0, FNV_BASIS};
			out_s(&ko, s ? "b." : "a.");
			out_s(&ko, fn);
			out_end(&ko);
			if (!val_field(&d, key, (rating_field)f, &v))
				goto bad;
			put_value(r, s, (rating_field)f, v);
		}
	if (!next(&d, -1, "choice") || !val_field(&d, "choice", RATING_F_CHOICE, &v))
		goto bad;
	r->choice = (int8_t)v;
	if (!next(&d, -1, "focus"))
		goto bad;
	{
		int ok = 0;
		if (d.vlen > 2 && (d.val[0] == 'a' || d.val[0] == 'b') && d.val[1] == '.') {
			char s[16];
			rd t = d;
			t.val += 2;
			t.vlen -= 2;
			if (val_str(&t, s, sizeof s))
				for (int f = 0; f <= RATING_F_CHOICE; f++)
					if (strcmp(s, rating_field_name((rating_field)f)) == 0) {
						r->focus_side = d.val[0] == 'b';
						r->focus_field = (int8_t)f;
						ok = 1;
					}
		}
		if (!ok) {
			fail(&d, "focus", "is not a field such as a.correctness, b.tags or a.choice", d.val, d.vlen);
			goto bad;
		}
	}
	if (!next(&d, -1, "active_ms"))
		goto bad;
	if (!val_uint(&d, INT64_C(999999999999), &n)) {
		fail(&d, "active_ms", "is not a number of milliseconds", d.val, d.vlen);
		goto bad;
	}
	r->active_ms = n;
	if (!next(&d, -1, "comment") || !val_text(&d, "comment", &r->comment, &nomem))
		goto bad;
	if (!next(&d, -1, "corrected") || !val_text(&d, "corrected", &r->corrected, &nomem))
		goto bad;
	{
		uint32_t h = fnv1a(text, (size_t)(d.p - text));
		if (!next(&d, -1, "end"))
			goto bad;
		uint32_t got = 0;
		int ok = d.vlen == 8;
		for (size_t i = 0; ok && i < 8; i++) {
			int x = hexval(d.val[i]);
			ok = x >= 0;
			got = got << 4 | (uint32_t)(x < 0 ? 0 : x);
		}
		if (!ok) {
			fail(&d, "end", "is not an 8-digit checksum", d.val, d.vlen);
			goto bad;
		}
		if (got != h) {
			fail(&d, "end", "checksum does not match the text: it was altered or damaged", d.val, d.vlen);
			goto bad;
		}
	}
	if (d.p != d.end) {
		d.line++;
		fail(&d, NULL, "text after the end line", d.p, (size_t)(d.end - d.p));
		goto bad;
	}
	r->last_key_ms = -1;
	return RATING_OK;
bad:
	rating_free(r);
	return nomem ? RATING_ENOMEM : RATING_EPARSE;
}

/* ------------------------------------------------------------------ active time */

void rating_key_time(rating *r, int64_t now_ms)
{
	if (r->last_key_ms >= 0 && now_ms > r->last_key_ms) {
		int64_t gap = now_ms - r->last_key_ms;
		r->active_ms += gap < RATING_IDLE_MS ? gap : RATING_IDLE_MS;
	}
	r->last_key_ms = now_ms;
}

int64_t rating_active_ms(const rating *r, int64_t now_ms)
{
	int64_t t = r->active_ms;
	if (r->last_key_ms >= 0 && now_ms > r->last_key_ms) {
		int64_t gap = now_ms - r->last_key_ms;
		t += gap < RATING_IDLE_MS ? gap : RATING_IDLE_MS;
	}
	return t;
}

void rating_median_init(rating_median *m)
{
	m->v = NULL;
	m->n = m->cap = 0;
}

void rating_median_free(rating_median *m)
{
	free(m->v);
	rating_median_init(m);
}

rating_result rating_median_add(rating_median *m, int64_t ms)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		int64_t *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return RATING_ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	size_t i = m->n; /* insertion keeps v sorted: O(n) a completed item, fine for a rater's queue */
	while (i > 0 && m->v[i - 1] > ms) {
		m->v[i] = m->v[i - 1];
		i--;
	}
	m->v[i] = ms;
	m->n++;
	return RATING_OK;
}

int64_t rating_median_get(const rating_median *m)
{
	if (!m->n)
		return -1;
	if (m->n % 2)
		return m->v[m->n / 2];
	int64_t a = m->v[m->n / 2 - 1], b = m->v[m->n / 2];
	return a + (b - a) / 2;
}
