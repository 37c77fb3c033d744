/* app_csv.c — CSV parsing, number parsing and fixed-point formatting. */
#include "tests/testutil.h"

#include <fcntl.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/csv.h"
#include "app/zrow.h"

static char *sdup(const char *s)
{
	char *p = strdup(s);
	assert_non_null(p);
	return p;
}

static int field_is(const csv_row *r, size_t i, const char *want)
{
	return i < r->nf && r->f[i].len == strlen(want) && memcmp(r->f[i].s, want, r->f[i].len) == 0;
}

static void test_parse_plain_quoted_crlf(void **state)
{
	(void)state;
	char *s = sdup("a,b,,d\r\n\"x,1\",\"say \"\"hi\"\"\",\"multi\nline\",z\nlast,no-newline");
	char *end = s + strlen(s);
	csv_row *r = malloc(sizeof *r);
	long nl;
	char *p = csv_parse(s, end, 0, r, &nl);
	assert_non_null(p);
	assert_int_equal(r->nf, 4);
	assert_true(field_is(r, 0, "a") && field_is(r, 2, "") && field_is(r, 3, "d"));
	assert_int_equal(r->rawlen, 6); /* "a,b,,d" without \r\n */
	assert_int_equal(nl, 1);
	assert_false(r->quoted);

	p = csv_parse(p, end, 0, r, &nl);
	assert_non_null(p);
	assert_int_equal(r->nf, 4);
	assert_true(field_is(r, 0, "x,1"));
	assert_true(field_is(r, 1, "say \"hi\""));
	assert_true(field_is(r, 2, "multi\nline"));
	assert_true(field_is(r, 3, "z"));
	assert_int_equal(nl, 2); /* one newline inside quotes, one terminator */
	assert_true(r->quoted);
	assert_false(r->bad_quote);

	/* The last record has no newline: incomplete until EOF is known. */
	assert_null(csv_parse(p, end, 0, r, &nl));
	p = csv_parse(p, end, 1, r, &nl);
	assert_true(p == end);
	assert_true(field_is(r, 1, "no-newline"));
	free(r);
	free(s);
}

/* An incomplete quoted record must not be modified: it is parsed again when more input comes. */
static void test_incomplete_record_is_untouched(void **state)
{
	(void)state;
	char *s = sdup("\"a\"\"b\",\"c\nd");
	char *copy = sdup(s);
	csv_row *r = malloc(sizeof *r);
	long nl;
	assert_null(csv_parse(s, s + strlen(s), 0, r, &nl));
	assert_string_equal(s, copy);
	/* At EOF the unterminated quote is reported. */
	assert_non_null(csv_parse(s, s + strlen(s), 1, r, &nl));
	assert_true(r->bad_quote);
	free(r);
	free(s);
	free(copy);
}

static void test_malformed_quote_and_literal_quotes(void **state)
{
	(void)state;
	char *s = sdup("\"ab\"c,d\nx\"y,z\n");
	csv_row *r = malloc(sizeof *r);
	long nl;
	char *p = csv_parse(s, s + strlen(s), 0, r, &nl);
	assert_true(r->bad_quote);
	assert_true(field_is(r, 0, "abc"));
	/* A quote inside an unquoted field is literal text (as Python's csv module reads it). */
	p = csv_parse(p, s + strlen(s), 0, r, &nl);
	assert_non_null(p);
	assert_false(r->bad_quote);
	assert_true(field_is(r, 0, "x\"y") && field_is(r, 1, "z"));
	free(r);
	free(s);
}

static void test_last_record_end(void **state)
{
	(void)state;
	const char *s = "a,b\nc,\"d\ne\"\nf,g";
	const char *e = csv_last_end(s, s + strlen(s));
	assert_non_null(e);
	assert_string_equal(e, "f,g");
	const char *t = "a,\"b\nc";
	assert_null(csv_last_end(t, t + strlen(t)));
	const char *u = "no newline";
	assert_null(csv_last_end(u, u + strlen(u)));
}

static double num(const char *s, int *rc)
{
	csv_field f = {(char *)(uintptr_t)s, strlen(s)};
	double v = NAN;
	*rc = csv_num(f, &v);
	return v;
}

static void test_numbers(void **state)
{
	(void)state;
	int rc;
	assert_true(num("12.5", &rc) == 12.5 && rc == 1);
	assert_true(num(" -3.25 ", &rc) == -3.25 && rc == 1);
	assert_true(num("0.1", &rc) == 0.1 && rc == 1);       /* correctly rounded */
	assert_true(num("87.8018", &rc) == 87.8018 && rc == 1);
	assert_true(num("1e3", &rc) == 1000 && rc == 1);
	assert_true(num("12345678901234567890", &rc) == 12345678901234567890.0 && rc == 1);
	assert_true(num("0.000000000000000000000001", &rc) == 1e-24 && rc == 1);
	assert_true(num(".5", &rc) == 0.5 && rc == 1);
	num("", &rc);
	assert_int_equal(rc, 0);
	num("   ", &rc);
	assert_int_equal(rc, 0);
	const char *bad[] = {"abc", "1.2.3", "nan", "inf", "0x10", "12kg", "1e", "-", "1,5", "1e999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		num(bad[i], &rc);
		if (rc != -1)
			fail_msg("'%s' accepted as a number", bad[i]);
	}
	/* Every 6-decimal value formatted by buf_fixed parses back to itself. */
	gv_buf b = GV_BUF_INIT;
	for (int i = -2000; i <= 2000; i++) {
		double v = i * 0.0123456789;
		b.len = 0;
		buf_fixed(&b, v, 6);
		buf_putc(&b, '\0');
		char ref[64];
		snprintf(ref, sizeof ref, "%.6f", v);
		if (strcmp(b.p, ref) != 0 && !(strcmp(ref, "-0.000000") == 0 && strcmp(b.p, "0.000000") == 0))
			fail_msg("buf_fixed(%.17g) = %s, printf %s", v, b.p, ref);
	}
	buf_free(&b);
}

static void test_fixed_format_edges(void **state)
{
	(void)state;
	gv_buf b = GV_BUF_INIT;
	buf_fixed(&b, NAN, 6);
	buf_putc(&b, '|');
	buf_fixed(&b, 99.9999995, 6);
	buf_putc(&b, '|');
	buf_fixed(&b, -0.0000004, 6);
	buf_putc(&b, '|');
	buf_fixed(&b, 1234567.5, 0);
	buf_putc(&b, '|');
	buf_fixed(&b, 3e20, 2);
	buf_putc(&b, '|');
	buf_int(&b, -42);
	buf_putc(&b, '\0');
	assert_string_equal(b.p, "|100.000000|0.000000|1234568|300000000000000000000.00|-42");
	buf_free(&b);
}

static void test_csv_put_quotes_when_needed(void **state)
{
	(void)state;
	gv_buf b = GV_BUF_INIT;
	csv_put(&b, "plain", 5);
	buf_putc(&b, ',');
	csv_put(&b, "a,b", 3);
	buf_putc(&b, ',');
	csv_put(&b, "say \"x\"", 7);
	buf_putc(&b, '\0');
	assert_string_equal(b.p, "plain,\"a,b\",\"say \"\"x\"\"\"");
	buf_free(&b);
}

/* The reader over a file: BOM skipped, line numbers physical, records longer than a chunk. */
static void test_reader_over_file(void **state)
{
	(void)state;
	char path[] = "/tmp/gv-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *head = "\xEF\xBB\xBFid,note\n1,\"two\nlines\"\n";
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	char big[300000];
	memset(big, 'x', sizeof big);
	assert_int_equal(write(fd, "2,", 2), 2);
	assert_int_equal(write(fd, big, sizeof big), (ssize_t)sizeof big);
	assert_int_equal(write(fd, "\n3,end", 6), 6);
	lseek(fd, 0, SEEK_SET);
	csv_reader *rd = csv_open(fd, path);
	csv_row *r = malloc(sizeof *r);
	assert_int_equal(csv_next(rd, r), 1);
	assert_true(field_is(r, 0, "id"));
	assert_int_equal(r->line, 1);
	assert_int_equal(csv_next(rd, r), 1);
	assert_int_equal(r->line, 2);
	assert_true(field_is(r, 1, "two\nlines"));
	assert_int_equal(csv_next(rd, r), 1);
	assert_int_equal(r->line, 4);
	assert_int_equal(r->f[1].len, sizeof big);
	assert_int_equal(csv_next(rd, r), 1);
	assert_int_equal(r->line, 5);
	assert_true(field_is(r, 1, "end"));
	assert_int_equal(csv_next(rd, r), 0);
	csv_close(rd);
	free(r);
	close(fd);
	unlink(path);
}

/* The zscore column contract: exact names and order. */
static void test_zrow_header_contract(void **state)
{
	(void)state;
	gv_buf b = GV_BUF_INIT;
	zrow_header(&b);
	buf_putc(&b, '\0');
	assert_string_equal(b.p,
		",ref,age_days,age_months,bmi,z_wfa,p_wfa,biv_wfa,z_lhfa,p_lhfa,biv_lhfa,z_bfa,p_bfa,biv_bfa,"
		"z_hcfa,p_hcfa,biv_hcfa,z_acfa,p_acfa,biv_acfa,z_tsfa,p_tsfa,biv_tsfa,z_ssfa,p_ssfa,biv_ssfa,"
		"z_wflh,p_wflh,biv_wflh,z_bfa_ext,p_bfa_ext,bmi_p95,mz_wfa,mz_lhfa,mz_bfa,mz_hcfa,mz_wflh,"
		"age_days_corr,height_adj_cm,warnings,error");
	assert_int_equal(zrow_ncols(), 40);
	/* An error row has exactly as many cells. */
	b.len = 0;
	zrow_values(&b, NULL, "bad, really");
	buf_putc(&b, '\0');
	int commas = 0;
	for (char *p = b.p; *p; p++)
		commas += *p == ',';
	assert_int_equal(commas, 40 + 1); /* 40 separators + the one inside the quoted message */
	assert_non_null(strstr(b.p, "\"bad, really\""));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain_quoted_crlf),
		cmocka_unit_test(test_incomplete_record_is_untouched),
		cmocka_unit_test(test_malformed_quote_and_literal_quotes),
		cmocka_unit_test(test_last_record_end),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_fixed_format_edges),
		cmocka_unit_test(test_csv_put_quotes_when_needed),
		cmocka_unit_test(test_reader_over_file),
		cmocka_unit_test(test_zrow_header_contract),
	};
	return cmocka_run_group_tests_name("app_csv", tests, NULL, NULL);
}
