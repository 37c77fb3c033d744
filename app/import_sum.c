/* import_sum.c — summaries from a JSON Lines file (see import_sum.h). */
#include "app/import_sum.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/lines.h"
#include "app/sha256.h"
#include "core/text.h"

/* ISO 8601 as a date, or a date and time: YYYY-MM-DD[THH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM]]. */
static int iso8601_ok(const char *s)
{
	static const char date[] = "dddd-dd-dd";
	size_t i = 0;
	for (; date[i]; i++)
		if (date[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != date[i])
			return 0;
	int mon = (s[5] - '0') * 10 + s[6] - '0', day = (s[8] - '0') * 10 + s[9] - '0';
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	if (!s[i])
		return 1;
	if (s[i] != 'T' && s[i] != ' ')
		return 0;
	i++;
	int hh, mm;
	if (!(s[i] >= '0' && s[i] <= '2' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] == ':' && s[i + 3] >= '0' &&
	      s[i + 3] <= '5' && s[i + 4] >= '0' && s[i + 4] <= '9'))
		return 0;
	hh = (s[i] - '0') * 10 + s[i + 1] - '0';
	mm = (s[i + 3] - '0') * 10 + s[i + 4] - '0';
	if (hh > 23 || mm > 59)
		return 0;
	i += 5;
	if (s[i] == ':') {
		if (!(s[i + 1] >= '0' && s[i + 1] <= '5' && s[i + 2] >= '0' && s[i + 2] <= '9'))
			return 0;
		i += 3;
		if (s[i] == '.') {
			i++;
			if (!(s[i] >= '0' && s[i] <= '9'))
				return 0;
			while (s[i] >= '0' && s[i] <= '9')
				i++;
		}
	}
	if (s[i] == 'Z')
		return s[i + 1] == '\0';
	if (s[i] == '+' || s[i] == '-')
		return s[i + 1] >= '0' && s[i + 1] <= '2' && s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] == ':' &&
		       s[i + 4] >= '0' && s[i + 4] <= '5' && s[i + 5] >= '0' && s[i + 5] <= '9' && s[i + 6] == '\0';
	return s[i] == '\0';
}

typedef struct ictx {
	const char *file;  /* cleaned for messages */
	FILE *msg;
	import_sum_counts *n;
} ictx;

static void bad(ictx *x, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(ictx *x, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(x->msg, "%s:%ld: ", x->file, line);
	vfprintf(x->msg, fmt, ap);
	fputc('\n', x->msg);
	va_end(ap);
	x->n->bad++;
}

/* A field as a string: NULL when absent; *err when present but not a string. */
static const char *str_field(const cJSON *o, const char *name, int *wrong)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring) {
		*wrong = 1;
		return NULL;
	}
	return v->valuestring;
}

/* A value quoted for a message (escaped, at most 60 bytes). */
static const char *quote(char *buf, size_t n, const char *s)
{
	text_escape(buf, n, s, strlen(s), 60);
	return buf;
}

/* One line; 0 good (stored or already there), 1 bad (reported), 2 store error. */
static int one_line(ictx *x, gv_store *st, const char *s, size_t len, long no)
{
	char q[256];
	/* cJSON decodes "\u0000" into a string that ends there: a text with a NUL would be cut short
	 * silently.  Such a line is refused (a NUL is not text). */
	for (const char *p = s; (p = memchr(p, '\\', (size_t)(s + len - p))) != NULL; p += 2) {
		if (p + 1 >= s + len)
			break;
		if (p[1] == 'u' && p + 6 <= s + len && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0') {
			bad(x, no, "a NUL character (\\u0000) in a string");
			return 1;
		}
	}
	cJSON *o = cJSON_ParseWithLength(s, len);
	if (!o) {
		bad(x, no, "not JSON");
		return 1;
	}
	int rc = 1;
	if (!cJSON_IsObject(o)) {
		bad(x, no, "not a JSON object");
		goto out;
	}
	int wrong = 0;
	const char *pid = str_field(o, "patient_id", &wrong);
	if (wrong) {
		bad(x, no, "patient_id must be a string");
		goto out;
	}
	const char *model = str_field(o, "model", &wrong);
	if (wrong) {
		bad(x, no, "model must be a string");
		goto out;
	}
	const cJSON *tv = cJSON_GetObjectItemCaseSensitive(o, "text");
	if (!pid || !*pid) {
		bad(x, no, "missing field patient_id");
		goto out;
	}
	if (!model || !*model) {
		bad(x, no, "missing field model");
		goto out;
	}
	if (!tv || cJSON_IsNull(tv)) {
		bad(x, no, "missing field text");
		goto out;
	}
	if (!cJSON_IsString(tv) || !tv->valuestring) {
		bad(x, no, "text must be a string");
		goto out;
	}
	size_t ml = strlen(model), pl = strlen(pid);
	if (ml > 63 || text_find_control(model, ml, 0) != ml) {
		bad(x, no, "model \"%s\": 1 to 63 bytes of UTF-8 without control characters", quote(q, sizeof q, model));
		goto out;
	}
	if (pl >= GV_ID_MAX || text_find_control(pid, pl, 0) != pl) {
		bad(x, no, "unknown patient \"%s\"", quote(q, sizeof q, pid));
		goto out;
	}
	const char *text = tv->valuestring;
	size_t tl = strlen(text);
	if (lines_blank(text, tl) || strspn(text, " \t\r\n") == tl) {
		bad(x, no, "the text is empty");
		goto out;
	}
	if (tl > STORE_SUMMARY_TEXT_MAX) {
		bad(x, no, "the text is %zu bytes, more than %d", tl, STORE_SUMMARY_TEXT_MAX);
		goto out;
	}
	if (!text_utf8_valid(text, tl)) {
		bad(x, no, "the text is not valid UTF-8 (byte %zu)", text_utf8_valid_prefix(text, tl) + 1);
		goto out;
	}
	store_summary sm;
	store_summary_init(&sm);
	sm.model = model;
	sm.backend = STORE_BACKEND_IMPORTED;
	sm.text = text;
	sm.text_len = tl;
	sm.summary_id = str_field(o, "summary_id", &wrong);
	if (wrong) {
		bad(x, no, "summary_id must be a string");
		goto out;
	}
	sm.audience = str_field(o, "audience", &wrong);
	if (wrong || (sm.audience && strcmp(sm.audience, "clinician") != 0 && strcmp(sm.audience, "family") != 0)) {
		bad(x, no, "audience must be \"clinician\" or \"family\"");
		goto out;
	}
	sm.created = str_field(o, "created", &wrong);
	if (wrong || (sm.created && !iso8601_ok(sm.created))) {
		bad(x, no, "created must be an ISO 8601 date or time (2026-12-05T10:30:00Z)");
		goto out;
	}
	const char *sha = str_field(o, "prompt_sha256", &wrong);
	char shalow[65];
	if (sha) {
		size_t k = 0;
		for (; sha[k] && k < 64; k++) {
			char c = sha[k];
			if (c >= 'A' && c <= 'F')
				c = (char)(c - 'A' + 'a');
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				break;
			shalow[k] = c;
		}
		if (k != 64 || sha[k])
			wrong = 1;
		shalow[64] = '\0';
		sm.prompt_sha256 = shalow;
	}
	if (wrong) {
		bad(x, no, "prompt_sha256 must be 64 hex digits");
		goto out;
	}
	char *params = NULL;
	const cJSON *pv = cJSON_GetObjectItemCaseSensitive(o, "params");
	if (pv && !cJSON_IsNull(pv)) {
		if (!cJSON_IsObject(pv)) {
			bad(x, no, "params must be an object");
			goto out;
		}
		params = cJSON_PrintUnformatted(pv);
		if (!params) {
			bad(x, no, "out of memory");
			goto out;
		}
		sm.params = params;
	}
	gv_patient p;
	store_rc r = store_patient_find(st, pid, &p);
	if (r == STORE_NOTFOUND) {
		bad(x, no, "unknown patient \"%s\"", quote(q, sizeof q, pid));
		free(params);
		goto out;
	}
	if (r != STORE_OK) {
		fprintf(x->msg, "%s:%ld: %s\n", x->file, no, store_errmsg(st));
		free(params);
		rc = 2;
		goto out;
	}
	sm.patient_id = p.id;
	/* No id given: one derived from the content, so that the line is known when seen again. */
	char key[40];
	if (!sm.summary_id) {
		unsigned char d[32];
		size_t al = sm.audience ? strlen(sm.audience) : 0;
		size_t kn = pl + 1 + ml + 1 + al + 1 + tl;
		char *k = malloc(kn);
		if (!k) {
			bad(x, no, "out of memory");
			free(params);
			goto out;
		}
		char *w = k;
		memcpy(w, pid, pl + 1);
		w += pl + 1;
		memcpy(w, model, ml + 1);
		w += ml + 1;
		if (al)
			memcpy(w, sm.audience, al);
		w[al] = '\0';
		w += al + 1;
		memcpy(w, text, tl);
		sha256(k, kn, d);
		free(k);
		strcpy(key, "i-");
		for (int i = 0; i < 8; i++)
			snprintf(key + 2 + 2 * i, 3, "%02x", d[i]);
		sm.summary_id = key;
	}
	int added = 0;
	r = store_summary_put(st, &sm, &added, NULL, 0);
	free(params);
	if (r == STORE_OK) {
		if (added)
			x->n->added++;
		else
			x->n->existing++;
		rc = 0;
	} else if (r == STORE_INVALID || r == STORE_CONFLICT || r == STORE_NOTFOUND) {
		const char *m = store_errmsg(st);
		if (strncmp(m, "insert summary: ", 16) == 0)
			m += 16;
		bad(x, no, "%s", m);
	} else {
		fprintf(x->msg, "%s:%ld: %s\n", x->file, no, store_errmsg(st));
		rc = 2;
	}
out:
	cJSON_Delete(o);
	return rc;
}

int import_summaries(gv_store *st, const char *path, FILE *msg, import_sum_counts *n)
{
	int std = strcmp(path, "-") == 0;
	char *file = text_clean_dup(std ? "(stdin)" : path, strlen(std ? "(stdin)" : path), 0);
	if (!file) {
		fprintf(msg, "out of memory\n");
		return 2;
	}
	lines l = {std ? stdin : fopen(path, "r"), IMPORT_SUM_LINE_MAX, NULL, 0, 0};
	if (!l.f) {
		fprintf(msg, "%s: %s\n", file, strerror(errno));
		free(file);
		return 2;
	}
	ictx x = {file, msg, n};
	import_sum_counts before = *n;
	int status = 0;
	/* The whole file is one transaction: in SQLite's default 2 MB cache its pages spilled to the
	 * WAL and were read back (half the CPU time of 100,000 lines). */
	store_cache_large(st, 1);
	if (store_begin(st) != STORE_OK) {
		fprintf(msg, "%s: %s\n", file, store_errmsg(st));
		status = 2;
		goto done;
	}
	size_t len;
	int toolong, got;
	while ((got = lines_next(&l, &len, &toolong)) == 1) {
		if (toolong) {
			n->lines++;
			bad(&x, l.no, "line longer than %d bytes", IMPORT_SUM_LINE_MAX);
			status = 1;
			continue;
		}
		if (lines_blank(l.buf, len))
			continue;
		n->lines++;
		int r = one_line(&x, st, l.buf, len, l.no);
		if (r == 2) {
			status = 2;
			break;
		}
		if (r == 1)
			status = 1;
	}
	if (got < 0) {
		fprintf(msg, "%s:%ld: %s\n", file, l.no + 1, strerror(errno));
		status = 2;
	}
	if (status == 2) {
		store_rollback(st);
		n->added = before.added;
		n->existing = before.existing;
	} else if (store_commit(st) != STORE_OK) {
		fprintf(msg, "%s: %s\n", file, store_errmsg(st));
		n->added = before.added;
		n->existing = before.existing;
		status = 2;
	}
done:
	store_cache_large(st, 0);
	if (!std)
		fclose(l.f);
	free(l.buf);
	free(file);
	return status;
}
