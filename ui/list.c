/* list.c — the patient list screen (list.h). */
#include "ui/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/flagsum.h"
#include "ui/flagview.h"
#include "ui/fmt.h"
#include "ui/keys.h"

void list_init(list_state *l, const gv_flag_options *fo)
{
	memset(l, 0, sizeof *l);
	l->sort = STORE_SORT_NAME;
	l->stale = 1;
	l->all_stale = 1;
	l->page_top = -1;
	l->fo = *fo;
	/* Below 50,000 ids a whole count costs a few ms; above, slices of 16,384 ids (1-3 ms each at
	 * 1,000,000 children, tests/bench_search.sh) between keys. */
	l->count_sync_ids = 50000;
	l->count_span = 16384;
}

void list_free(list_state *l)
{
	free(l->page);
	free(l->marks);
	l->page = NULL;
	l->marks = NULL;
	l->cap = l->npage = 0;
}

void list_invalidate(list_state *l)
{
	l->stale = 1;
	l->all_stale = 1;
}

void list_reset(list_state *l)
{
	for (int i = 0; i < LIST_MEMO; i++)
		l->memo[i].id = 0;
	list_invalidate(l);
}

void list_forget(list_state *l, int64_t id)
{
	l->memo[(uint64_t)id % LIST_MEMO].id = 0;
	list_invalidate(l);
}

static void clamp(list_state *l, int rows)
{
	if (l->cur >= l->total)
		l->cur = l->total - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (rows < 1)
		rows = 1;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + rows)
		l->top = l->cur - rows + 1;
	long maxtop = l->total - rows;
	if (maxtop < 0)
		maxtop = 0;
	if (l->top > maxtop)
		l->top = maxtop;
	if (l->top < 0)
		l->top = 0;
}

void list_goto(list_state *l, long i)
{
	l->cur = i;
}

static void sync_marks(list_state *l, gv_store *st)
{
	for (int i = 0; i < l->npage; i++)
		list_marker(l, st, &l->page[i], &l->marks[i].sev, &l->marks[i].count);
}

static store_rc count_error(list_state *l, gv_store *st, store_rc r)
{
	snprintf(l->err, sizeof l->err, "%s", store_errmsg(st));
	l->counting = 0;
	return r;
}

int list_count_step(list_state *l, gv_store *st)
{
	if (!l->counting)
		return 0;
	store_filter f = {l->search, l->flagged};
	store_rc r = store_patient_count_step(st, &f, &l->cnt, l->count_span);
	if (r != STORE_OK) {
		count_error(l, st, r);
		return 1;
	}
	if (l->cnt.n > l->total)
		l->total = l->cnt.n;
	if (l->cnt.done) {
		l->counting = 0;
		l->total = l->cnt.n;
	}
	return 1;
}

void list_count_finish(list_state *l, gv_store *st)
{
	while (l->counting)
		list_count_step(l, st);
}

/* Start counting the current filter: whole at once when cheap (no filter: the store's count;
 * few matches of the index; a small store), else the first look only (list_count_step goes on). */
static store_rc count_start(list_state *l, gv_store *st)
{
	l->counting = 0;
	if (!l->search[0] && !l->flagged) {
		l->total = l->all;
		return STORE_OK;
	}
	store_filter f = {l->search, l->flagged};
	memset(&l->cnt, 0, sizeof l->cnt);
	store_rc r = store_patient_count_step(st, &f, &l->cnt, 0);
	if (r != STORE_OK)
		return r;
	if (!l->cnt.done && l->cnt.last <= l->count_sync_ids)
		r = store_patient_count_step(st, &f, &l->cnt, l->cnt.last);
	l->counting = !l->cnt.done;
	l->total = l->cnt.n;
	return r;
}

/* While counting: the page at the cursor, one row more to know whether the list goes on; the
 * total known so far is the larger of the matches counted and the rows seen. */
static store_rc sync_counting(list_state *l, gv_store *st, int rows)
{
	store_filter f = {l->search, l->flagged};
	if (l->cur < 0)
		l->cur = 0;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + rows)
		l->top = l->cur - rows + 1;
	int n = 0;
	store_rc r = store_patient_page(st, &f, l->sort, l->reverse, l->top, rows + 1, l->page, &n);
	if (r == STORE_OK && n == 0 && l->top > 0) {
		/* past the end (not known while counting): the last page */
		long end = l->top;
		while (r == STORE_OK && n == 0 && end > 0) {
			end = end > rows ? end - rows : 0;
			r = store_patient_page(st, &f, l->sort, l->reverse, end, rows + 1, l->page, &n);
		}
		l->top = end;
		if (l->cur >= l->top + n)
			l->cur = l->top + n - 1;
	}
	if (r != STORE_OK)
		return r;
	long known = l->top + n;
	l->total = l->cnt.n > known ? l->cnt.n : known;
	if (l->cur >= l->total)
		l->cur = l->total - 1;
	if (l->cur < 0)
		l->cur = 0;
	l->npage = n > rows ? rows : n;
	l->page_top = l->top;
	l->rows = rows;
	l->stale = 0;
	sync_marks(l, st);
	return STORE_OK;
}

store_rc list_sync(list_state *l, gv_store *st, int rows)
{
	store_filter f = {l->search, l->flagged};
	store_rc r = STORE_OK;
	if (rows < 1)
		rows = 1;
	if (l->stale) {
		/* the whole store's count only when the store changed, not on every search key */
		if ((l->all_stale && (r = store_patient_count(st, NULL, &l->all)) != STORE_OK) ||
		    (r = count_start(l, st)) != STORE_OK) {
			count_error(l, st, r);
			l->total = 0;
			l->npage = 0;
			return r;
		}
		l->err[0] = '\0';
		l->all_stale = 0;
	}
	if (l->to_end) {
		list_count_finish(l, st);
		l->to_end = 0;
		l->cur = l->total - 1;
	}
	if (rows + 1 > l->cap) {
		store_patient_row *p = realloc(l->page, (size_t)(rows + 1) * sizeof *p);
		if (p)
			l->page = p;
		struct list_mark *m = p ? realloc(l->marks, (size_t)(rows + 1) * sizeof *m) : NULL;
		if (!m) {
			snprintf(l->err, sizeof l->err, "list patients: out of memory");
			return STORE_ERROR;
		}
		l->marks = m;
		l->cap = rows + 1;
	}
	if (l->counting) {
		if (!l->stale && l->page_top == l->top && l->rows == rows && l->cur >= l->top && l->cur < l->top + rows &&
		    l->cur < l->total) {
			sync_marks(l, st);
			return STORE_OK;
		}
		if ((r = sync_counting(l, st, rows)) != STORE_OK) {
			snprintf(l->err, sizeof l->err, "%s", store_errmsg(st));
			l->npage = 0;
		}
		return r;
	}
	clamp(l, rows);
	if (!l->stale && l->page_top == l->top && l->rows == rows) {
		sync_marks(l, st); /* a marker may have been forgotten (list_forget) */
		return STORE_OK;
	}
	long want = l->total - l->top < rows ? l->total - l->top : rows;
	int n = 0;
	if (want > 0 && l->top > l->total / 2) {
		/* deep in the list: read from the other end in the mirrored order, then flip */
		long off = l->total - l->top - want;
		r = store_patient_page(st, &f, l->sort, !l->reverse, off, (int)want, l->page, &n);
		for (int i = 0; i < n / 2; i++) {
			store_patient_row t = l->page[i];
			l->page[i] = l->page[n - 1 - i];
			l->page[n - 1 - i] = t;
		}
	} else if (want > 0) {
		r = store_patient_page(st, &f, l->sort, l->reverse, l->top, (int)want, l->page, &n);
	}
	if (r != STORE_OK) {
		snprintf(l->err, sizeof l->err, "%s", store_errmsg(st));
		n = 0;
	}
	l->npage = n;
	l->page_top = l->top;
	l->rows = rows;
	l->stale = 0;
	sync_marks(l, st);
	return r;
}

const store_patient_row *list_selected(const list_state *l)
{
	long i = l->cur - l->page_top;
	if (l->page_top < 0 || i < 0 || i >= l->npage)
		return NULL;
	return &l->page[i];
}

const char *list_sort_name(store_sort s)
{
	switch (s) {
	case STORE_SORT_NAME:
		return "name";
	case STORE_SORT_AGE:
		return "age";
	case STORE_SORT_LAST_VISIT:
		return "last visit";
	default:
		return "severity";
	}
}

static void search_changed(list_state *l)
{
	l->cur = 0;
	l->top = 0;
	l->stale = 1;
}

/* Typing a search: every key changes the filter at once (incremental search). */
static int search_key(list_state *l, int key)
{
	size_t len = strlen(l->search);
	switch (key) {
	case K_ENTER:
		l->searching = 0;
		return LIST_NONE;
	case K_ESC:
		l->searching = 0;
		snprintf(l->search, sizeof l->search, "%s", l->saved);
		search_changed(l);
		return LIST_NONE;
	case K_BACKSPACE:
	case K_CTRL('h'):
		if (len == 0) {
			l->searching = 0;
			return LIST_NONE;
		}
		/* remove one UTF-8 character */
		while (len > 0 && ((unsigned char)l->search[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		l->search[len] = '\0';
		search_changed(l);
		return LIST_NONE;
	case K_CTRL('u'):
		l->search[0] = '\0';
		search_changed(l);
		return LIST_NONE;
	case K_UP:
	case K_DOWN:
	case K_PGUP:
	case K_PGDN:
		return LIST_UNKNOWN; /* move the cursor while typing */
	default:
		if (key >= 0x20 && key < K_SPECIAL && key != 0x7f) {
			char b[4];
			int k = fmt_utf8_put((uint32_t)key, b);
			if (len + (size_t)k < sizeof l->search) {
				memcpy(l->search + len, b, (size_t)k);
				l->search[len + (size_t)k] = '\0';
				search_changed(l);
			}
		}
		return LIST_NONE;
	}
}

int list_key(list_state *l, int key)
{
	if (l->searching) {
		int r = search_key(l, key);
		if (r != LIST_UNKNOWN)
			return r;
	}
	long page = l->rows > 1 ? l->rows - 1 : 1;
	switch (key) {
	case K_DOWN:
	case 'j':
		l->cur++;
		break;
	case K_UP:
	case 'k':
		l->cur--;
		break;
	case K_PGDN:
	case K_CTRL('f'):
	case ' ':
		l->cur += page;
		l->top += page;
		break;
	case K_PGUP:
	case K_CTRL('b'):
		l->cur -= page;
		l->top -= page;
		break;
	case K_HOME:
	case 'g':
		l->cur = 0;
		break;
	case K_END:
	case 'G':
		if (l->counting)
			l->to_end = 1; /* list_sync finishes the count first */
		else
			l->cur = l->total - 1;
		break;
	case K_ENTER:
	case K_RIGHT:
	case 'l':
		return l->total > 0 ? LIST_OPEN : LIST_NONE;
	case '/':
		/* a new search; Esc brings the previous one back */
		l->searching = 1;
		snprintf(l->saved, sizeof l->saved, "%s", l->search);
		if (l->search[0]) {
			l->search[0] = '\0';
			search_changed(l);
		}
		break;
	case K_ESC:
		if (l->search[0]) {
			l->search[0] = '\0';
			search_changed(l);
		}
		break;
	case 'f':
		l->flagged = !l->flagged;
		search_changed(l);
		break;
	case 's':
		l->sort = (store_sort)(((int)l->sort + 1) % 4);
		l->stale = 1;
		break;
	case 'r':
		l->reverse = !l->reverse;
		l->stale = 1;
		break;
	case 'a':
		return LIST_ADD;
	case 'q':
		return LIST_QUIT;
	case 'S':
		return LIST_STATS;
	case 'R':
		return LIST_RATE;
	case '?':
	case K_F1:
		return LIST_HELP;
	default:
		return LIST_UNKNOWN;
	}
	if (l->cur >= l->total)
		l->cur = l->total - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (l->top < 0)
		l->top = 0;
	return LIST_NONE;
}

void list_marker(list_state *l, gv_store *st, const store_patient_row *r, int *sev, int *count)
{
	*sev = r->flag_severity;
	*count = r->flag_count;
	if (!r->flag_stale && !l->recompute)
		return;
	size_t k = (uint64_t)r->id % LIST_MEMO;
	if (l->memo[k].id == r->id) {
		*sev = l->memo[k].sev;
		*count = l->memo[k].count;
		return;
	}
	/* the summary is stale: compute it as the store would (core/flagsum.h), without writing */
	gv_child c;
	if (store_child_load(st, r->id, &c) != STORE_OK)
		return;
	store_ack *acks = NULL;
	size_t nacks = 0, cap = 0;
	gv_flag *f = NULL;
	int s, n;
	if (store_flag_acks(st, r->id, &acks, &nacks) == STORE_OK &&
	    flagsum_child(&c, &l->fo, acks, nacks, &f, &cap, &s, &n) == 0) {
		*sev = s;
		*count = n;
		l->memo[k].id = r->id;
		l->memo[k].sev = s;
		l->memo[k].count = n;
	}
	store_acks_free(acks, nacks);
	free(f);
	store_child_free(&c);
}

static int sev_role(int code)
{
	switch (code) {
	case 4:
		return UI_FLAG_SEVERE;
	case 3:
		return UI_FLAG_MODERATE;
	case 2:
		return UI_FLAG_CHECK;
	default:
		return UI_FLAG_INFO;
	}
}

static const char *sev_word(int code)
{
	static const char *const w[] = {"", "info", "check", "moderate", "severe"};
	return code >= 0 && code <= 4 ? w[code] : "";
}

void list_summary(const list_state *l, char *buf, size_t n)
{
	char what[160];
	if (l->search[0] || l->flagged)
		snprintf(what, sizeof what, "%ld%s of %ld patient%s", l->total, l->counting ? "+ (counting)" : "", l->all,
			 l->all == 1 ? "" : "s");
	else
		snprintf(what, sizeof what, "%ld patient%s", l->all, l->all == 1 ? "" : "s");
	snprintf(buf, n, "%s%s  sort: %s%s", what, l->flagged ? ", flagged" : "", list_sort_name(l->sort),
		 l->reverse ? " (reversed)" : "");
}

void list_draw(list_state *l, gv_store *st, scr *s, int y0, int h, int32_t today)
{
	/* the page and its markers were read by list_sync; st only says how searches are answered */
	int w = scr_width(s), utf8 = scr_utf8(s);
	const char *note = l->search[0] || l->searching ? store_search_note(st) : NULL;
	if (note && h > 4) {
		/* searching without the index: say so on the list's last rows (wrapped, never cut) */
		int st_[2], ln[2];
		int n = fmt_wrap(note, w - 2, st_, ln, 2);
		if (n > 2)
			n = 2;
		h -= n;
		for (int k = 0; k < n; k++) {
			char line[256];
			snprintf(line, sizeof line, "%.*s", ln[k], note + st_[k]);
			scr_fill(s, 0, y0 + h + k, w, 1, ' ', UI_DIM);
			scr_text(s, 1, y0 + h + k, w - 2, line, UI_DIM);
		}
	}
	fmt_listcols c;
	fmt_list_layout(w, &c);
	char buf[512];
	/* headings */
	scr_fill(s, 0, y0, w, 1, ' ', UI_HEADING);
	scr_text(s, c.name_x, y0, c.name_w, "Name", UI_HEADING);
	scr_text(s, c.id_x, y0, c.id_w, "ID", UI_HEADING);
	scr_text(s, c.sex_x, y0, c.sex_w, "Sex", UI_HEADING);
	scr_text(s, c.age_x, y0, c.age_w, "Age", UI_HEADING);
	scr_text(s, c.last_x, y0, c.last_w, "Last visit", UI_HEADING);
	if (c.flags_w)
		scr_text(s, c.flags_x, y0, c.flags_w, "Open flags", UI_HEADING);
	int rows = h - 1;
	if (l->npage == 0) {
		const char *msg = l->err[0] ? l->err
				  : l->search[0] ? "No patient matches the search (Esc clears it)."
				  : l->flagged	 ? "No patient has open flags (f shows everyone)."
						 : "No patients yet: import some with 'growthview import FILE.csv'.";
		int mw = fmt_width(msg);
		scr_text(s, mw < w ? (w - mw) / 2 : 0, y0 + 1 + rows / 3, w, msg, l->err[0] ? UI_ERROR : UI_DIM);
		return;
	}
	for (int i = 0; i < l->npage && i < rows; i++) {
		const store_patient_row *r = &l->page[i];
		int y = y0 + 1 + i;
		int sel = l->page_top + i == l->cur;
		int sev = l->marks[i].sev, count = l->marks[i].count;
		scr_text(s, c.mark_x, y, c.mark_w, flagview_marker_code(sev), sev ? sev_role(sev) : UI_TEXT);
		fmt_fit(buf, sizeof buf, r->name[0] ? r->name : "(no name)", c.name_w, utf8);
		scr_text(s, c.name_x, y, c.name_w, buf, r->name[0] ? UI_TEXT : UI_DIM);
		if (r->ext_id[0])
			fmt_fit(buf, sizeof buf, r->ext_id, c.id_w, utf8);
		else
			snprintf(buf, sizeof buf, "#%lld", (long long)r->id);
		scr_text(s, c.id_x, y, c.id_w, buf, r->ext_id[0] ? UI_TEXT : UI_DIM);
		scr_text(s, c.sex_x + 1, y, 1, r->sex == GV_MALE ? "M" : r->sex == GV_FEMALE ? "F" : "?", UI_TEXT);
		fmt_age(buf, sizeof buf, r->birth_date, today);
		scr_text(s, c.age_x, y, c.age_w, buf, UI_TEXT);
		if (r->last_visit != STORE_NO_DATE)
			fmt_date(buf, sizeof buf, r->last_visit);
		else
			snprintf(buf, sizeof buf, "-");
		scr_text(s, c.last_x, y, c.last_w, buf, r->last_visit != STORE_NO_DATE ? UI_TEXT : UI_DIM);
		if (c.flags_w && sev > 0) {
			snprintf(buf, sizeof buf, "%d %s", count, sev_word(sev));
			scr_text(s, c.flags_x, y, c.flags_w, buf, sev_role(sev));
		}
		if (sel)
			scr_paint(s, 0, y, w, UI_CURSOR);
	}
}
