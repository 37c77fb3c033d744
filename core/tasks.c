/* tasks.c — the benchmark's task items (see tasks.h). */
#include "core/tasks.h"

#include <math.h>
#include <string.h>

/* ================================================================== names */

static const char *const kind_names[TASK_NKINDS] = {"summarisation", "classification", "regression"};
static const char *const split_names[TASK_NSPLITS] = {"train", "validation", "test"};

const char *tasks_kind_name(task_kind k)
{
	return (unsigned)k < TASK_NKINDS ? kind_names[k] : "";
}

task_kind tasks_kind_parse(const char *s)
{
	for (int k = 0; s && k < TASK_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return (task_kind)k;
	return TASK_NKINDS;
}

const char *tasks_split_name(task_split s)
{
	return (unsigned)s < TASK_NSPLITS ? split_names[s] : "";
}

/* ================================================================== splits */

void tasks_ratio_default(tasks_ratio *r)
{
	r->w[TASK_TRAIN] = 80;
	r->w[TASK_VALIDATION] = 10;
	r->w[TASK_TEST] = 10;
}

gv_status tasks_ratio_parse(const char *s, tasks_ratio *out)
{
	tasks_ratio r;
	uint64_t sum = 0;
	if (!s || !out)
		return GV_EINVAL;
	for (int i = 0; i < TASK_NSPLITS; i++) {
		if (*s < '0' || *s > '9')
			return GV_EINVAL;
		uint64_t v = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > TASKS_RATIO_MAX)
				return GV_EINVAL;
			s++;
		}
		r.w[i] = (uint32_t)v;
		sum += v;
		if (i < TASK_NSPLITS - 1 && *s++ != ':')
			return GV_EINVAL;
	}
	if (*s != '\0' || sum == 0)
		return GV_EINVAL;
	*out = r;
	return GV_OK;
}

/* SipHash-2-4, from the paper's description (section 2): c = 2 compression rounds per 8-byte
 * word, d = 4 finalisation rounds, the last word holding the remaining bytes and n mod 256 in its
 * top byte. */
#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                  \
	do {                                                                                      \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                          \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                              \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                              \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                          \
	} while (0)

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t tasks_siphash(const unsigned char key[16], const void *data, size_t n)
{
	const unsigned char *in = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;
	size_t end = n - n % 8;
	for (size_t i = 0; i < end; i += 8) {
		uint64_t m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	uint64_t b = (uint64_t)(n & 0xff) << 56;
	for (size_t i = 0; i < n % 8; i++)
		b |= (uint64_t)in[end + i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

task_split tasks_split_of(const char *pseudonym, uint64_t seed, const tasks_ratio *r)
{
	unsigned char key[16];
	for (int i = 0; i < 8; i++)
		key[i] = key[i + 8] = (unsigned char)(seed >> (8 * i));
	uint64_t h = tasks_siphash(key, pseudonym, strlen(pseudonym));
	uint64_t sum = (uint64_t)r->w[0] + r->w[1] + r->w[2];
	uint64_t u = ((h >> 32) * sum) >> 32;
	if (u < r->w[TASK_TRAIN])
		return TASK_TRAIN;
	if (u < (uint64_t)r->w[TASK_TRAIN] + r->w[TASK_VALIDATION])
		return TASK_VALIDATION;
	return TASK_TEST;
}

static uint64_t item_hash(const char *pseudonym, uint64_t seed, task_kind k, size_t visit)
{
	unsigned char key[16];
	char id[128];
	for (int i = 0; i < 8; i++)
		key[i] = key[i + 8] = (unsigned char)(seed >> (8 * i));
	size_t n = tasks_item_id(id, sizeof id, pseudonym, k, visit);
	return tasks_siphash(key, id, n < sizeof id ? n : sizeof id - 1);
}

int tasks_keep(const char *pseudonym, uint64_t seed, task_kind k, size_t visit, size_t ncand, size_t n)
{
	if (visit >= ncand)
		return 0;
	if (n >= ncand)
		return 1;
	uint64_t h = item_hash(pseudonym, seed, k, visit);
	size_t rank = 0;
	for (size_t j = 0; j < ncand && rank < n; j++) {
		if (j == visit)
			continue;
		uint64_t hj = item_hash(pseudonym, seed, k, j);
		rank += hj < h || (hj == h && j < visit);
	}
	return rank < n;
}

size_t tasks_item_id(char *out, size_t n, const char *pseudonym, task_kind k, size_t visit)
{
	prompt_buf b = PROMPT_BUF_INIT;
	prompt_buf_puts(&b, pseudonym);
	prompt_buf_putc(&b, ':');
	prompt_buf_puts(&b, tasks_kind_name(k));
	if (k != TASK_SUMMARISATION) {
		prompt_buf_putc(&b, ':');
		prompt_buf_int(&b, (long long)visit + 1);
	}
	size_t len = b.oom ? 0 : b.len;
	if (n > 0) {
		size_t m = len < n ? len : n - 1;
		if (m)
			memcpy(out, b.s, m);
		out[m] = '\0';
	}
	prompt_buf_free(&b);
	return len;
}

/* ================================================================== JSON member removal */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* End of the string starting at s[i] == '"'; n when unterminated. */
static size_t skip_str(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

/* End of the value at s[i]; n when it does not end. */
static size_t skip_value(const char *s, size_t i, size_t n)
{
	if (i >= n)
		return n;
	if (s[i] == '"')
		return skip_str(s, i, n);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		while (i < n) {
			char ch = s[i];
			if (ch == '"') {
				i = skip_str(s, i, n);
				continue;
			}
			if (ch == '{' || ch == '[')
				depth++;
			else if ((ch == '}' || ch == ']') && --depth == 0)
				return i + 1;
			i++;
		}
		return n;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n')
		i++;
	return i;
}

int tasks_json_drop(prompt_buf *b, const char *key)
{
	const char *s = b->s;
	size_t n = b->len, klen = strlen(key);
	size_t i = skip_ws(s ? s : "", 0, n);
	if (!s || i >= n || s[i] != '{')
		return -1;
	i = skip_ws(s, i + 1, n);
	size_t prev_end = i; /* where the previous member ended (after its value), or just after '{' */
	int first = 1;
	while (i < n && s[i] == '"') {
		size_t kstart = i, kend = skip_str(s, i, n);
		size_t c = skip_ws(s, kend, n);
		if (c >= n || s[c] != ':')
			return -1;
		size_t vstart = skip_ws(s, c + 1, n), vend = skip_value(s, vstart, n);
		if (vend >= n)
			return -1;
		size_t after = skip_ws(s, vend, n);
		int match = kend - kstart == klen + 2 && memcmp(s + kstart + 1, key, klen) == 0;
		if (match) {
			size_t from, to;
			if (first) { /* "{ key: v, next" -> "{ next" */
				from = kstart;
				to = after < n && s[after] == ',' ? skip_ws(s, after + 1, n) : vend;
			} else { /* ", key: v" after the previous member */
				from = prev_end;
				to = vend;
			}
			memmove(b->s + from, b->s + to, n - to);
			b->len = n - (to - from);
			b->s[b->len] = '\0';
			return 1;
		}
		first = 0;
		prev_end = vend;
		if (after < n && s[after] == ',')
			i = skip_ws(s, after + 1, n);
		else
			break;
	}
	return 0;
}

/* ================================================================== the generator */

void tasks_gen_init(tasks_gen *g)
{
	memset(g, 0, sizeof *g);
	flags_default_options(&g->fo, GV_RULES_US);
	prompt_default_options(&g->po);
	for (int i = 0; i < 2; i++)
		prompt_facts_init(&g->cut[i].f);
	prompt_init(&g->pr);
	baseline_init(&g->bl);
	prompt_buf_init(&g->text);
	prompt_buf_init(&g->input);
}

void tasks_gen_free(tasks_gen *g)
{
	for (int i = 0; i < 2; i++)
		prompt_facts_free(&g->cut[i].f);
	prompt_free(&g->pr);
	baseline_free(&g->bl);
	prompt_buf_free(&g->text);
	prompt_buf_free(&g->input);
}

gv_status tasks_child_begin(tasks_gen *g, const gv_child *c, const gv_flag_options *fo)
{
	if (!g || !c)
		return GV_EINVAL;
	if (fo)
		g->fo = *fo;
	else
		flags_default_options(&g->fo, GV_RULES_US);
	g->c = c;
	g->cut[0].valid = g->cut[1].valid = 0;
	if (c->nv == 0 || (c->p.sex != GV_MALE && c->p.sex != GV_FEMALE))
		return GV_MISSING;
	return GV_OK;
}

/* The facts of the record cut after visit k (visits 0..k), computed once and kept while the
 * generator walks the visits in order (two cuts: an item needs at most k and k + 1). */
static gv_status facts_for(tasks_gen *g, size_t k, const prompt_facts **out)
{
	for (int i = 0; i < 2; i++)
		if (g->cut[i].valid && g->cut[i].sub.nv == k + 1) {
			*out = &g->cut[i].f;
			return GV_OK;
		}
	/* replace the invalid cut, else the shorter one */
	int r = !g->cut[0].valid ? 0 : !g->cut[1].valid ? 1 : g->cut[0].sub.nv < g->cut[1].sub.nv ? 0 : 1;
	struct tasks_cut *cu = &g->cut[r];
	cu->valid = 0;
	cu->sub.p = g->c->p;
	cu->sub.v = g->c->v;
	cu->sub.nv = k + 1;
	gv_status st = prompt_facts_compute(&cu->f, &cu->sub, &g->fo);
	if (st != GV_OK)
		return st;
	cu->valid = 1;
	*out = &cu->f;
	return GV_OK;
}

/* The open moderate-or-severe categories at the last visit of the facts' record (tasks.h). */
static tasks_class_answer open_categories(const prompt_facts *f)
{
	tasks_class_answer a = {0, 0};
	for (size_t j = 0; j < f->nflags; j++) {
		const gv_flag *fl = &f->flags[j];
		if (fl->category == GV_CAT_IMPLAUSIBLE_VALUE || fl->severity < GV_SEV_MODERATE || fl->suspect)
			continue;
		if (!flags_current(f->child, fl))
			continue;
		a.cats |= GV_CAT_BIT(fl->category);
	}
	a.abnormal = a.cats != 0;
	return a;
}

gv_status tasks_class_truth(tasks_gen *g, size_t k, tasks_class_answer *out)
{
	if (!g || !g->c || !out || k >= g->c->nv)
		return GV_EINVAL;
	const prompt_facts *f;
	gv_status st = facts_for(g, k, &f);
	if (st != GV_OK)
		return st;
	*out = open_categories(f);
	return GV_OK;
}

static void set_texts(tasks_gen *g, tasks_item *out)
{
	out->prompt = prompt_buf_str(&g->text);
	out->prompt_len = g->text.len;
	out->input = prompt_buf_str(&g->input);
	out->input_len = g->input.len;
}

/* Append ,"tasks_version":N (and more when extra) before the closing brace of the input. */
static void input_close(prompt_buf *b, const char *extra)
{
	if (b->len && b->s[b->len - 1] == '}')
		b->len--;
	prompt_buf_puts(b, ",\"tasks_version\":");
	prompt_buf_int(b, TASKS_VERSION);
	if (extra)
		prompt_buf_puts(b, extra);
	prompt_buf_putc(b, '}');
}

gv_status tasks_summarisation(tasks_gen *g, tasks_item *out)
{
	if (!g || !g->c || !out)
		return GV_EINVAL;
	const prompt_facts *f;
	gv_status st = facts_for(g, g->c->nv - 1, &f);
	if (st == GV_OK)
		st = prompt_build(f, &g->po, 1, &g->pr);
	if (st == GV_OK)
		st = baseline_write(f, &g->po, &g->bl);
	if (st != GV_OK)
		return st;
	prompt_buf_reset(&g->text);
	prompt_buf_put(&g->text, prompt_buf_str(&g->pr.text), g->pr.text.len);
	prompt_buf_reset(&g->input);
	prompt_buf_put(&g->input, prompt_buf_str(&g->pr.json), g->pr.json.len);
	input_close(&g->input, NULL);
	if (g->text.oom || g->input.oom)
		return GV_ENOMEM;
	memset(out, 0, sizeof *out);
	out->kind = TASK_SUMMARISATION;
	out->visit = g->c->nv - 1;
	set_texts(g, out);
	out->reference = prompt_buf_str(&g->bl.text);
	out->reference_len = g->bl.text.len;
	return GV_OK;
}

static const char cls_system[] =
	"You assess one child's growth from the facts in the user message, as the growth flag rules of "
	"the named charts and rule set would. Decide which growth flag categories of severity moderate "
	"or severe are open at the last visit listed: findings at that visit or at a visit within the "
	"12 months before it, judged only from the visits listed. Leave out findings that would rest on "
	"values marked IMPLAUSIBLE. The categories are: ";
static const char cls_answer[] =
	". Answer with one JSON object and nothing else: {\"abnormal\": true or false, \"categories\": "
	"[the category names that apply], \"p_abnormal\": your probability from 0 to 1 that any applies}; "
	"abnormal is true when any category applies.";
static const char reg_system[] =
	"You forecast one child's growth from the facts in the user message. Predict the measurements at "
	"the next visit, at the age the task names: weight in kg, length or height in cm, and their "
	"z-scores (weight-for-age, length/height-for-age) on the chart the rules in the user message use "
	"at that age. Answer with one JSON object and nothing else: {\"weight_kg\": number, "
	"\"height_cm\": number, \"z_wfa\": number, \"z_lhfa\": number}.";

/* Position of the line starting with `head` in s[0..n) (after a newline), n when none. */
static size_t line_at(const char *s, size_t n, const char *head)
{
	size_t h = strlen(head);
	for (size_t i = 0; i + h <= n; i++)
		if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, head, h) == 0)
			return i;
	return n;
}

/* The prompt text of a cut record: system, blank line, the user message up to its task line
 * (without the "Flags" section when drop_flags: the implausible values stay), then task. */
static gv_status cut_prompt(tasks_gen *g, const char *system, int drop_flags)
{
	const char *u = prompt_buf_str(&g->pr.user);
	size_t n = g->pr.user.len;
	size_t task = line_at(u, n, "Task:");
	if (task == n)
		return GV_EINVAL; /* the template changed: refuse rather than leak */
	prompt_buf_reset(&g->text);
	prompt_buf_puts(&g->text, system);
	prompt_buf_puts(&g->text, "\n\n");
	if (drop_flags) {
		size_t fl = line_at(u, task, "Flags:");
		size_t imp = line_at(u, task, "Implausible values:");
		if (fl == task || imp == task || imp < fl)
			return GV_EINVAL;
		prompt_buf_put(&g->text, u, fl);
		prompt_buf_put(&g->text, u + imp, task - imp);
	} else {
		prompt_buf_put(&g->text, u, task);
	}
	return GV_OK;
}

/* The payload of a cut record without the summary's instructions. */
static void cut_input(tasks_gen *g, int drop_flags)
{
	static const char *const drop[] = {"instructions", "task", "audience", "word_limit"};
	prompt_buf_reset(&g->input);
	prompt_buf_put(&g->input, prompt_buf_str(&g->pr.json), g->pr.json.len);
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		tasks_json_drop(&g->input, drop[i]);
	if (drop_flags)
		tasks_json_drop(&g->input, "flags");
}

gv_status tasks_classification(tasks_gen *g, size_t k, tasks_item *out)
{
	if (!g || !g->c || !out || k >= g->c->nv)
		return GV_EINVAL;
	const prompt_facts *f;
	gv_status st = facts_for(g, k, &f);
	if (st == GV_OK)
		st = prompt_build(f, &g->po, 1, &g->pr);
	if (st != GV_OK)
		return st;
	prompt_buf sys = PROMPT_BUF_INIT;
	prompt_buf_puts(&sys, cls_system);
	for (int c = 0, first = 1; c < GV_CAT_COUNT; c++) {
		if (c == GV_CAT_IMPLAUSIBLE_VALUE)
			continue;
		if (!first)
			prompt_buf_puts(&sys, ", ");
		first = 0;
		prompt_buf_puts(&sys, flags_cat_name((gv_flag_cat)c));
	}
	prompt_buf_puts(&sys, cls_answer);
	st = sys.oom ? GV_ENOMEM : cut_prompt(g, prompt_buf_str(&sys), 1);
	prompt_buf_free(&sys);
	if (st != GV_OK)
		return st;
	prompt_buf_puts(&g->text, "Task: list the growth flag categories of severity moderate or severe open at visit ");
	prompt_buf_int(&g->text, (long long)k + 1);
	prompt_buf_puts(&g->text, " (the last visit, ");
	prompt_buf_age(&g->text, g->c->p.birth_date, g->c->v[k].date);
	prompt_buf_puts(&g->text, "), and say whether growth is abnormal.\n");
	cut_input(g, 1);
	input_close(&g->input, NULL);
	if (g->text.oom || g->input.oom)
		return GV_ENOMEM;
	memset(out, 0, sizeof *out);
	out->kind = TASK_CLASSIFICATION;
	out->visit = k;
	out->cls = open_categories(f);
	set_texts(g, out);
	return GV_OK;
}

gv_status tasks_regression(tasks_gen *g, size_t k, tasks_item *out)
{
	if (!g || !g->c || !out || k + 1 >= g->c->nv)
		return GV_EINVAL;
	size_t t = k + 1;
	const prompt_facts *ft;
	gv_status st = facts_for(g, t, &ft);
	if (st != GV_OK)
		return st;
	tasks_reg_answer a;
	a.visit = t;
	a.age_days = prompt_facts_age_days(ft, t);
	const gv_visit *v = &g->c->v[t];
	unsigned bad = prompt_facts_bad_measures(ft, t);
	a.weight_kg = isfinite(v->weight_kg) && !(bad & PROMPT_M_WEIGHT) ? v->weight_kg : NAN;
	a.height_cm = isfinite(v->height_cm) && !(bad & PROMPT_M_HEIGHT) ? v->height_cm : NAN;
	a.z_wfa = prompt_facts_ok(ft, t, GV_WFA) ? ft->res[t].ind[GV_WFA].z : NAN;
	a.z_lhfa = prompt_facts_ok(ft, t, GV_LHFA) ? ft->res[t].ind[GV_LHFA].z : NAN;
	if (isnan(a.weight_kg) && isnan(a.height_cm) && isnan(a.z_wfa) && isnan(a.z_lhfa))
		return GV_MISSING;
	const prompt_facts *f;
	st = facts_for(g, k, &f);
	if (st == GV_OK)
		st = prompt_build(f, &g->po, 1, &g->pr);
	if (st == GV_OK)
		st = cut_prompt(g, reg_system, 0);
	if (st != GV_OK)
		return st;
	prompt_buf_puts(&g->text, "Task: predict weight_kg, height_cm, z_wfa and z_lhfa at the next visit, visit ");
	prompt_buf_int(&g->text, (long long)t + 1);
	prompt_buf_puts(&g->text, ", at age ");
	prompt_buf_int(&g->text, a.age_days);
	prompt_buf_puts(&g->text, " days (");
	prompt_buf_age(&g->text, g->c->p.birth_date, v->date);
	prompt_buf_puts(&g->text, ").\n");
	cut_input(g, 0);
	prompt_buf target = PROMPT_BUF_INIT;
	prompt_buf_puts(&target, ",\"target\":{\"visit\":");
	prompt_buf_int(&target, (long long)t + 1);
	prompt_buf_puts(&target, ",\"age_days\":");
	prompt_buf_int(&target, a.age_days);
	prompt_buf_putc(&target, '}');
	input_close(&g->input, target.oom ? "" : prompt_buf_str(&target));
	int oom = target.oom;
	prompt_buf_free(&target);
	if (oom || g->text.oom || g->input.oom)
		return GV_ENOMEM;
	memset(out, 0, sizeof *out);
	out->kind = TASK_REGRESSION;
	out->visit = k;
	out->reg = a;
	set_texts(g, out);
	return GV_OK;
}
