/* app_jsonrd.c — the streaming JSON reader of the FHIR importer: units, Bundle entries cut out,
 * the shell, NDJSON lines, positions, errors, large inputs across read chunks. */
#include "tests/tu_store.h"

#include "app/jsonrd.h"

typedef struct got {
	jrd_kind kind;
	char text[256];
	long line, col;
	long long off;
	int fatal;
} got;

/* Read all units of text into g[]; returns how many. */
static int read_all(const char *text, size_t len, got *g, int max, size_t max_unit)
{
	char path[] = "/tmp/gvjrdXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	jrd *r = jrd_open(fd, max_unit, 20);
	assert_non_null(r);
	jrd_unit u;
	int n = 0;
	while (n < max && jrd_next(r, &u) == 1) {
		g[n].kind = u.kind;
		if (u.kind == JRD_ERROR)
			snprintf(g[n].text, sizeof g[n].text, "%s", u.msg);
		else
			snprintf(g[n].text, sizeof g[n].text, "%.*s", (int)(u.n < 255 ? u.n : 255), u.p);
		g[n].line = u.line, g[n].col = u.col, g[n].off = u.off, g[n].fatal = u.fatal;
		n++;
	}
	jrd_close(r);
	close(fd);
	unlink(path);
	return n;
}

static void test_bundle_entries(void **state)
{
	(void)state;
	const char *t = "\xEF\xBB\xBF{\n  \"resourceType\": \"Bundle\", \"note\": \"\\\"entry\\\": [ }\",\n"
			"  \"entry\": [ {\"resource\": {\"a\": [1, {\"entry\": [2]}]}},\n"
			"    {\"fullUrl\": \"x\"} , \"s\\\"]\", 42 ],\n  \"total\": 3\n}\n";
	got g[16];
	int n = read_all(t, strlen(t), g, 16, 1 << 20);
	assert_int_equal(n, 5);
	assert_int_equal(g[0].kind, JRD_ENTRY);
	assert_string_equal(g[0].text, "{\"resource\": {\"a\": [1, {\"entry\": [2]}]}}"); /* nested "entry" stays */
	assert_int_equal(g[0].line, 3);
	assert_int_equal(g[0].col, 14);
	assert_int_equal(g[0].off, (long long)(strstr(t, "{\"resource\"") - t));
	assert_string_equal(g[1].text, "{\"fullUrl\": \"x\"}");
	assert_int_equal(g[1].line, 4);
	assert_string_equal(g[2].text, "\"s\\\"]\"");
	assert_string_equal(g[3].text, "42");
	assert_int_equal(g[4].kind, JRD_SHELL);
	assert_string_equal(g[4].text, "{\n  \"resourceType\": \"Bundle\", \"note\": \"\\\"entry\\\": [ }\",\n  \"entry\": [],\n"
				       "  \"total\": 3\n}");
	assert_int_equal(g[4].line, 1);
	assert_int_equal(g[4].col, 1);
}

static void test_ndjson_and_errors(void **state)
{
	(void)state;
	const char *t = "{\"a\":1}\n\n[1,2]\n{\"b\":\n{\"c\":3} x\n7\n{\"d\":\"\n";
	got g[16];
	int n = read_all(t, strlen(t), g, 16, 1 << 20);
	assert_int_equal(n, 7);
	assert_int_equal(g[0].kind, JRD_VALUE);
	assert_string_equal(g[1].text, "[1,2]");
	assert_int_equal(g[1].line, 3);
	assert_int_equal(g[2].kind, JRD_ERROR);
	assert_string_equal(g[2].text, "the line ends inside a JSON value (truncated?)");
	assert_int_equal(g[2].line, 4);
	assert_int_equal(g[2].col, 6);
	assert_false(g[2].fatal);
	assert_string_equal(g[3].text, "{\"c\":3}");
	assert_string_equal(g[4].text, "text after the JSON value on this line: 'x' (ignored)");
	assert_int_equal(g[4].line, 5);
	assert_int_equal(g[4].col, 9);
	assert_string_equal(g[5].text, "not a JSON object or array: '7'; the line is skipped");
	assert_string_equal(g[6].text, "the line ends inside a JSON value (truncated?)");
	assert_int_equal(g[6].line, 7);
	/* A document: the end of the file inside it is fatal, text after it is not. */
	const char *d = "{\n \"a\": [1,\n";
	n = read_all(d, strlen(d), g, 16, 1 << 20);
	assert_int_equal(n, 1);
	assert_string_equal(g[0].text, "the file ends inside a JSON value (truncated?)");
	assert_true(g[0].fatal);
	assert_int_equal(g[0].line, 3);
	const char *e = "{\n \"a\": 1\n}\n{\n}\n]";
	n = read_all(e, strlen(e), g, 16, 1 << 20);
	assert_int_equal(n, 3);
	assert_string_equal(g[1].text, "{\n}"); /* a second document */
	assert_string_equal(g[2].text, "text after the end of the JSON document: ']'");
	assert_false(g[2].fatal);
	assert_int_equal(g[2].line, 6);
	/* Exactly the limit (20) is read; one more is too deep. */
	const char *edge = "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\n[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]\n";
	n = read_all(edge, strlen(edge), g, 16, 1 << 20);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].kind, JRD_VALUE);
	assert_int_equal(g[1].kind, JRD_ERROR);
	assert_int_equal(g[1].line, 2);
	/* Too deep (the limit is 20 here), too large. */
	const char *deep = "[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]\n{\"ok\":1}\n"; /* 22 deep */
	n = read_all(deep, strlen(deep), g, 16, 1 << 20);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].text, "a JSON value nested deeper than 20 levels: not a FHIR resource; skipped");
	assert_string_equal(g[1].text, "{\"ok\":1}");
}

/* Units across the 1 MiB read chunks, and the unit size limit. */
static void test_large(void **state)
{
	(void)state;
	size_t n = 3 << 20;
	char *t = malloc(n + 1);
	size_t len = 0;
	int lines = 0;
	while (len + 200 < n) {
		len += (size_t)snprintf(t + len, n - len, "{\"resourceType\":\"Observation\",\"id\":\"%06d\",\"pad\":\"%0100d\"}\n",
					lines, lines);
		lines++;
	}
	got *g = malloc(40000 * sizeof *g);
	int k = read_all(t, len, g, 40000, 1 << 20);
	assert_int_equal(k, lines);
	for (int i = 0; i < k; i++) {
		assert_int_equal(g[i].kind, JRD_VALUE);
		assert_int_equal(g[i].line, i + 1);
	}
	/* One 2 MiB line with a 1 MiB limit: an error, then the next line. */
	len = (size_t)snprintf(t, n, "{\"x\":\"");
	memset(t + len, 'a', 2 << 20);
	len += 2 << 20;
	len += (size_t)snprintf(t + len, n - len, "\"}\n{\"y\":1}\n");
	/* The first line decides the mode: start with a short one. */
	char *t2 = malloc(len + 16);
	int pre = snprintf(t2, 16, "{\"z\":0}\n");
	memcpy(t2 + pre, t, len);
	k = read_all(t2, len + (size_t)pre, g, 10, 1 << 20);
	assert_int_equal(k, 3);
	assert_int_equal(g[1].kind, JRD_ERROR);
	assert_string_equal(g[1].text, "a line longer than 1 MiB: skipped");
	assert_string_equal(g[2].text, "{\"y\":1}");
	assert_int_equal(g[2].line, 3);
	free(t2);
	free(t);
	free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundle_entries),
		cmocka_unit_test(test_ndjson_and_errors),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests_name("app_jsonrd", tests, NULL, NULL);
}
