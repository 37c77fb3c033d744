/* ratings_io.c — the ratings file format (see ratings_io.h). */
#include "app/ratings_io.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/lines.h"
#include "core/text.h"

void rio_rec_init(rio_rec *x)
{
	memset(x, 0, sizeof *x);
	rating_init(&x->r);
}

void rio_rec_free(rio_rec *x)
{
	rating_free(&x->r);
}

/* ------------------------------------------------------------------ writing */

/* s as a JSON string: quotes, backslashes and control characters escaped, the rest (valid UTF-8)
 * as is. */
static void jstr(gv_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			buf_puts(b, u);
		}
		}
	}
	buf_put(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

static void jkey(gv_buf *b, const char *k)
{
	buf_putc(b, ',');
	jstr(b, k);
	buf_putc(b, ':');
}

static void jstr_or_null(gv_buf *b, const char *s)
{
	if (s)
		jstr(b, s);
	else
		buf_puts(b, "null");
}

static void side_format(gv_buf *b, const char *summary, const rating_side *sd)
{
	buf_puts(b, "{\"summary\":");
	jstr(b, summary);
	for (int a = 0; a < RUBRIC_NAXES; a++) {
		jkey(b, rubric_axis_name((rubric_axis)a));
		if (sd->axis[a] == RATING_UNSET)
			buf_puts(b, "null");
		else
			buf_int(b, sd->axis[a]);
	}
	jkey(b, "harm");
	jstr_or_null(b, sd->harm == RATING_UNSET ? NULL : rubric_harm_name((rubric_harm)sd->harm));
	jkey(b, "likelihood");
	jstr_or_null(b, sd->likelihood == RATING_UNSET ? NULL : rubric_likelihood_name((rubric_likelihood)sd->likelihood));
	jkey(b, "tags");
	buf_putc(b, '[');
	int first = 1;
	for (int t = 0; t < RUBRIC_NTAGS; t++) {
		if (!(sd->tags & RUBRIC_TAG_BIT(t)))
			continue;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		jstr(b, rubric_tag_name((rubric_tag)t));
	}
	buf_puts(b, "]}");
}

void rio_format(gv_buf *b, const rio_rec *x)
{
	const rating *r = &x->r;
	buf_puts(b, "{\"format\":\"" RIO_FORMAT "\"");
	jkey(b, "queue");
	jstr(b, x->queue);
	jkey(b, "position");
	buf_int(b, x->position);
	jkey(b, "rater");
	jstr(b, x->rater);
	jkey(b, "role");
	jstr(b, x->role);
	jkey(b, "a");
	side_format(b, x->summary[0], &r->side[0]);
	jkey(b, "b");
	side_format(b, x->summary[1], &r->side[1]);
	jkey(b, "choice");
	jstr_or_null(b, r->choice == RATING_UNSET ? NULL : rubric_choice_name((rubric_choice)r->choice));
	jkey(b, "status");
	jstr(b, rating_status_name(r->status));
	jkey(b, "skip_reason");
	jstr_or_null(b, r->status == RATING_SKIPPED ? r->skip_reason : NULL);
	jkey(b, "flagged");
	buf_puts(b, r->flagged ? "true" : "false");
	jkey(b, "comment");
	jstr_or_null(b, r->comment);
	jkey(b, "corrected");
	jstr_or_null(b, r->corrected);
	jkey(b, "active_ms");
	buf_int(b, r->active_ms);
	jkey(b, "rubric");
	jstr(b, RUBRIC_ID);
	jkey(b, "updated");
	jstr(b, x->updated);
	jkey(b, "submitted");
	jstr_or_null(b, x->submitted[0] ? x->submitted : NULL);
	buf_puts(b, "}\n");
}

/* ------------------------------------------------------------------ reading */

int rio_stamp_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i = 0;
	for (; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	if (s[i])
		return 0;
#define D2(k) ((s[k] - '0') * 10 + (s[k + 1] - '0'))
	int mon = D2(5), day = D2(8), hh = D2(11), mm = D2(14), ss = D2(17);
#undef D2
	return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && hh <= 23 && mm <= 59 && ss <= 60;
}

int rio_role_ok(const char *role)
{
	return strcmp(role, "clinician") == 0 || strcmp(role, "annotator") == 0 || strcmp(role, "adjudicator") == 0;
}

typedef struct pctx {
	char *why;
	size_t whyn;
} pctx;

static int fail(pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(pctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, c->whyn, fmt, ap);
	va_end(ap);
	return -1;
}

/* A value quoted for a message: escaped, at most 40 bytes of it. */
static const char *q(char *buf, size_t n, const char *s)
{
	text_escape(buf, n, s, strlen(s), 40);
	return buf;
}

/* Fields of an object: each known name exactly once, nothing else.  names is NULL-terminated;
 * got[i] the item of names[i] (NULL when absent). */
static int fields(pctx *c, const cJSON *o, const char *where, const char *const *names, const cJSON **got)
{
	size_t n = 0;
	while (names[n])
		got[n++] = NULL;
	char qb[128];
	for (const cJSON *it = o->child; it; it = it->next) {
		size_t i = 0;
		while (i < n && strcmp(names[i], it->string) != 0)
			i++;
		if (i == n)
			return fail(c, "%sunknown field \"%s\"", where, q(qb, sizeof qb, it->string));
		if (got[i])
			return fail(c, "%sfield \"%s\" twice", where, names[i]);
		got[i] = it;
	}
	for (size_t i = 0; i < n; i++)
		if (!got[i])
			return fail(c, "%smissing field \"%s\"", where, names[i]);
	return 0;
}

/* A string field of 1..max-1 bytes without control characters into out. */
static int name_field(pctx *c, const cJSON *v, const char *name, char *out, size_t max)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return fail(c, "%s must be a string", name);
	size_t n = strlen(v->valuestring);
	if (n == 0 || n >= max)
		return fail(c, "%s must be 1 to %zu bytes", name, max - 1);
	if (!text_utf8_valid(v->valuestring, n) || text_find_control(v->valuestring, n, 0) != n)
		return fail(c, "%s must be UTF-8 without control characters", name);
	memcpy(out, v->valuestring, n + 1);
	return 0;
}

/* A free text (comment, corrected, skip reason) or null: *out a malloc'd copy or NULL. */
static int text_field(pctx *c, const cJSON *v, const char *name, char **out)
{
	*out = NULL;
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring)
		return fail(c, "%s must be a string or null", name);
	size_t n = strlen(v->valuestring);
	if (n == 0)
		return fail(c, "%s must not be empty (null for none)", name);
	if (n > RIO_TEXT_MAX)
		return fail(c, "%s is %zu bytes, more than %d", name, n, RIO_TEXT_MAX);
	if (!text_utf8_valid(v->valuestring, n))
		return fail(c, "%s is not valid UTF-8 (byte %zu)", name, text_utf8_valid_prefix(v->valuestring, n) + 1);
	*out = strdup(v->valuestring);
	if (!*out)
		return fail(c, "out of memory");
	return 0;
}

/* One of names[0..n) (by the parse function's result) or null (RATING_UNSET). */
static int enum_field(pctx *c, const cJSON *v, const char *name, int n, int (*parse)(const char *), const char *list,
		      int8_t *out)
{
	char qb[128];
	if (cJSON_IsNull(v)) {
		*out = RATING_UNSET;
		return 0;
	}
	if (!cJSON_IsString(v) || !v->valuestring)
		return fail(c, "%s must be %s or null", name, list);
	int k = parse(v->valuestring);
	if (k < 0 || k >= n)
		return fail(c, "%s must be %s or null, not \"%s\"", name, list, q(qb, sizeof qb, v->valuestring));
	*out = (int8_t)k;
	return 0;
}

static int p_harm(const char *s) { return (int)rubric_harm_parse(s); }
static int p_like(const char *s) { return (int)rubric_likelihood_parse(s); }
static int p_choice(const char *s) { return (int)rubric_choice_parse(s); }

/* An integer in [lo, hi] (a JSON number without fraction). */
static int int_value(const cJSON *v, double lo, double hi, long long *out)
{
	if (!cJSON_IsNumber(v))
		return 0;
	double d = v->valuedouble;
	if (!(d >= lo && d <= hi) || d != (double)(long long)d)
		return 0;
	*out = (long long)d;
	return 1;
}

static int side_parse(pctx *c, const cJSON *o, const char *sn, char *summary, rating_side *sd)
{
	static const char *const names[] = {"summary", "correctness", "completeness", "conciseness", "clarity",
					    "harm", "likelihood", "tags", NULL};
	const cJSON *g[8];
	char where[8], name[40];
	snprintf(where, sizeof where, "%s: ", sn);
	if (!cJSON_IsObject(o))
		return fail(c, "%s must be an object", sn);
	if (fields(c, o, where, names, g) != 0)
		return -1;
	snprintf(name, sizeof name, "%s.summary", sn);
	if (name_field(c, g[0], name, summary, RIO_SUMMARY_MAX) != 0)
		return -1;
	for (size_t i = 0; summary[i]; i++)
		if ((unsigned char)summary[i] < 0x21 || (unsigned char)summary[i] > 0x7e)
			return fail(c, "%s must be printable ASCII", name);
	for (int a = 0; a < RUBRIC_NAXES; a++) {
		const cJSON *v = g[1 + a];
		snprintf(name, sizeof name, "%s.%s", sn, rubric_axis_name((rubric_axis)a));
		long long k;
		if (cJSON_IsNull(v))
			sd->axis[a] = RATING_UNSET;
		else if (int_value(v, RUBRIC_SCORE_MIN, RUBRIC_SCORE_MAX, &k))
			sd->axis[a] = (int8_t)k;
		else if (cJSON_IsNumber(v))
			return fail(c, "%s must be 1-5 or null, not %g", name, v->valuedouble);
		else
			return fail(c, "%s must be 1-5 or null", name);
	}
	snprintf(name, sizeof name, "%s.harm", sn);
	if (enum_field(c, g[5], name, RUBRIC_NHARM, p_harm, "none, mild_moderate or severe", &sd->harm) != 0)
		return -1;
	snprintf(name, sizeof name, "%s.likelihood", sn);
	if (enum_field(c, g[6], name, RUBRIC_NLIKELY, p_like, "low, medium or high", &sd->likelihood) != 0)
		return -1;
	snprintf(name, sizeof name, "%s.tags", sn);
	if (!cJSON_IsArray(g[7]))
		return fail(c, "%s must be an array of tag names", name);
	sd->tags = 0;
	int last = -1;
	char qb[128];
	for (const cJSON *t = g[7]->child; t; t = t->next) {
		if (!cJSON_IsString(t) || !t->valuestring)
			return fail(c, "%s must be an array of tag names", name);
		rubric_tag k = rubric_tag_parse(t->valuestring);
		if (k == RUBRIC_NTAGS)
			return fail(c, "%s: unknown tag \"%s\"", name, q(qb, sizeof qb, t->valuestring));
		if ((int)k <= last)
			return fail(c, "%s: \"%s\" repeated or out of rubric order", name, t->valuestring);
		last = (int)k;
		sd->tags |= (uint16_t)RUBRIC_TAG_BIT(k);
	}
	return 0;
}

/* cJSON keeps a "\u0000" escape as a string that ends there: the rest would be lost silently. */
static int has_nul_escape(const char *s, size_t len)
{
	for (const char *p = s; (p = memchr(p, '\\', (size_t)(s + len - p))) != NULL; p += 2) {
		if (p + 1 >= s + len)
			break;
		if (p[1] == 'u' && p + 6 <= s + len && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0')
			return 1;
	}
	return 0;
}

static int rec_parse(pctx *c, const cJSON *o, rio_rec *x)
{
	static const char *const names[] = {"format", "queue", "position", "rater", "role", "a", "b", "choice",
					    "status", "skip_reason", "flagged", "comment", "corrected", "active_ms",
					    "rubric", "updated", "submitted", NULL};
	enum { F_FORMAT, F_QUEUE, F_POS, F_RATER, F_ROLE, F_A, F_B, F_CHOICE, F_STATUS, F_SKIP, F_FLAGGED,
	       F_COMMENT, F_CORRECTED, F_ACTIVE, F_RUBRIC, F_UPDATED, F_SUBMITTED, F_N };
	const cJSON *g[F_N];
	char qb[128];
	if (!cJSON_IsObject(o))
		return fail(c, "not a JSON object");
	if (fields(c, o, "", names, g) != 0)
		return -1;
	if (!cJSON_IsString(g[F_FORMAT]) || strcmp(g[F_FORMAT]->valuestring, RIO_FORMAT) != 0)
		return fail(c, "format must be \"" RIO_FORMAT "\"");
	if (!cJSON_IsString(g[F_RUBRIC]))
		return fail(c, "rubric must be a string");
	if (strcmp(g[F_RUBRIC]->valuestring, RUBRIC_ID) != 0)
		return fail(c, "rubric \"%s\" is not this program's (" RUBRIC_ID "): ratings of another rubric are not mixed in",
			    q(qb, sizeof qb, g[F_RUBRIC]->valuestring));
	if (name_field(c, g[F_QUEUE], "queue", x->queue, sizeof x->queue) != 0)
		return -1;
	long long k;
	if (!int_value(g[F_POS], 1, 1e9, &k))
		return fail(c, "position must be an integer from 1");
	x->position = (long)k;
	if (name_field(c, g[F_RATER], "rater", x->rater, sizeof x->rater) != 0)
		return -1;
	if (!cJSON_IsString(g[F_ROLE]) || !rio_role_ok(g[F_ROLE]->valuestring))
		return fail(c, "role must be clinician, annotator or adjudicator");
	snprintf(x->role, sizeof x->role, "%s", g[F_ROLE]->valuestring);
	if (side_parse(c, g[F_A], "a", x->summary[0], &x->r.side[0]) != 0 ||
	    side_parse(c, g[F_B], "b", x->summary[1], &x->r.side[1]) != 0)
		return -1;
	if (strcmp(x->summary[0], x->summary[1]) == 0)
		return fail(c, "a and b are the same summary");
	if (enum_field(c, g[F_CHOICE], "choice", RUBRIC_NCHOICES, p_choice,
		       "a_much_better, a_better, tie, b_better, b_much_better, both_unacceptable", &x->r.choice) != 0)
		return -1;
	rating_status s = cJSON_IsString(g[F_STATUS]) ? rating_status_parse(g[F_STATUS]->valuestring) : RATING_NSTATUS;
	if (s == RATING_NSTATUS)
		return fail(c, "status must be draft, submitted or skipped");
	x->r.status = s;
	if (text_field(c, g[F_SKIP], "skip_reason", &x->r.skip_reason) != 0)
		return -1;
	if (s == RATING_SKIPPED && !x->r.skip_reason)
		return fail(c, "a skipped rating needs a skip_reason");
	if (s != RATING_SKIPPED && x->r.skip_reason)
		return fail(c, "skip_reason is for a skipped rating only (status %s)", rating_status_name(s));
	if (x->r.skip_reason && x->r.skip_reason[strspn(x->r.skip_reason, " \t\r\n")] == '\0')
		return fail(c, "skip_reason is only spaces");
	if (!cJSON_IsBool(g[F_FLAGGED]))
		return fail(c, "flagged must be true or false");
	x->r.flagged = cJSON_IsTrue(g[F_FLAGGED]);
	if (text_field(c, g[F_COMMENT], "comment", &x->r.comment) != 0 ||
	    text_field(c, g[F_CORRECTED], "corrected", &x->r.corrected) != 0)
		return -1;
	if (!int_value(g[F_ACTIVE], 0, 9007199254740991.0, &k))
		return fail(c, "active_ms must be an integer >= 0");
	x->r.active_ms = k;
	x->r.rubric_version = RUBRIC_VERSION;
	if (!cJSON_IsString(g[F_UPDATED]) || !rio_stamp_ok(g[F_UPDATED]->valuestring))
		return fail(c, "updated must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
	memcpy(x->updated, g[F_UPDATED]->valuestring, RIO_STAMP_MAX);
	if (cJSON_IsNull(g[F_SUBMITTED])) {
		x->submitted[0] = '\0';
	} else if (cJSON_IsString(g[F_SUBMITTED]) && rio_stamp_ok(g[F_SUBMITTED]->valuestring)) {
		memcpy(x->submitted, g[F_SUBMITTED]->valuestring, RIO_STAMP_MAX);
	} else {
		return fail(c, "submitted must be a UTC time YYYY-MM-DDTHH:MM:SSZ or null");
	}
	if (s == RATING_SUBMITTED && !x->submitted[0])
		return fail(c, "a submitted rating needs its submitted time");
	if (s != RATING_SUBMITTED && x->submitted[0])
		return fail(c, "submitted must be null for a %s rating", rating_status_name(s));
	if (x->submitted[0] && strcmp(x->submitted, x->updated) > 0)
		return fail(c, "submitted (%s) is after updated (%s)", x->submitted, x->updated);
	if (s == RATING_SUBMITTED) {
		char miss[256];
		if (rating_missing(&x->r, miss, sizeof miss) > 0)
			return fail(c, "a submitted rating lacks: %s", miss);
	}
	return 0;
}

int rio_parse(const char *line, size_t len, rio_rec *x, char *why, size_t whyn)
{
	pctx c = {why, whyn};
	rio_rec_free(x);
	rio_rec_init(x);
	if (why && whyn)
		why[0] = '\0';
	if (len > RIO_LINE_MAX)
		return fail(&c, "line longer than %d bytes", RIO_LINE_MAX);
	if (memchr(line, '\0', len))
		return fail(&c, "a NUL byte in the line");
	if (has_nul_escape(line, len))
		return fail(&c, "a NUL character (\\u0000) in a string");
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (!o) {
		size_t at = end && end >= line && end <= line + len ? (size_t)(end - line) + 1 : 1;
		return fail(&c, "not JSON (column %zu)", at);
	}
	/* Only spaces may follow the object on its line. */
	if (end && !lines_blank(end, len - (size_t)(end - line))) {
		cJSON_Delete(o);
		while (end < line + len && (*end == ' ' || *end == '\t' || *end == '\r'))
			end++;
		return fail(&c, "text after the JSON object (column %zu)", (size_t)(end - line) + 1);
	}
	int rc = rec_parse(&c, o, x);
	cJSON_Delete(o);
	if (rc != 0) {
		rio_rec_free(x);
		rio_rec_init(x);
	}
	return rc;
}
