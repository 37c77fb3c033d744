/* app_csv.c — CSV parsing, number parsing and fixed-point formatting. */
#include "tests/testutil.h"

#include <fcntl.h>
#include <unistd.h>

#include "app/buf.h"
#include "app/csv.h"
#include "app/zrow.h"
#include "core/ig21.h"

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

/* A stray quote (issue 10): a quoted field that runs over a line end and then closes badly, or
 * never, ends its record at its first line end; the next record is the next line. */
static void test_stray_quote(void **state)
{
	(void)state;
	/* Never closes: at EOF the first line alone is the record, left unparsed. */
	char *s = sdup("X10,\"O'Brien, Pat,F,9.5\nX11,Ann,F,9.6\nX12,Bo,M,9.7\n");
	char *end = s + strlen(s);
	csv_row *r = malloc(sizeof *r);
	long nl;
	assert_null(csv_parse(s, end, 0, r, &nl)); /* not yet known without EOF (under 1 MiB) */
	char *p = csv_parse(s, end, 1, r, &nl);
	assert_non_null(p);
	assert_true(r->stray_quote && r->bad_quote);
	assert_int_equal(nl, 1);
	assert_int_equal(r->nf, 1);
	assert_true(field_is(r, 0, "X10,\"O'Brien, Pat,F,9.5")); /* untouched */
	p = csv_parse(p, end, 1, r, &nl);
	assert_false(r->stray_quote || r->bad_quote);
	assert_true(field_is(r, 0, "X11") && field_is(r, 3, "9.6"));
	p = csv_parse(p, end, 1, r, &nl);
	assert_true(field_is(r, 0, "X12"));
	assert_true(p == end);
	free(s);

	/* Closes on a later line but is followed by text: a stray quote too, decided without EOF;
	 * the later, well-formed quoted field is read as one. */
	s = sdup("A,\"bad,1\nB,\"Smith, J\",2\n");
	end = s + strlen(s);
	p = csv_parse(s, end, 0, r, &nl);
	assert_non_null(p);
	assert_true(r->stray_quote);
	assert_true(field_is(r, 0, "A,\"bad,1"));
	p = csv_parse(p, end, 0, r, &nl);
	assert_false(r->bad_quote);
	assert_true(field_is(r, 1, "Smith, J") && field_is(r, 2, "2"));
	free(s);

	/* A proper multi-line field, even with CRLF after its closing quote, is no stray quote. */
	s = sdup("A,\"line 1\r\nline 2\"\r\nB,2\r\n");
	end = s + strlen(s);
	p = csv_parse(s, end, 0, r, &nl);
	assert_false(r->stray_quote || r->bad_quote);
	assert_true(field_is(r, 1, "line 1\r\nline 2"));
	assert_int_equal(nl, 2);
	p = csv_parse(p, end, 0, r, &nl);
	assert_true(field_is(r, 0, "B"));
	free(s);

	/* One line with a malformed quote ("ab"c): one record, bad_quote in field 2, not stray. */
	s = sdup("x,\"ab\"c,d\n");
	csv_parse(s, s + strlen(s), 0, r, &nl);
	assert_true(r->bad_quote && !r->stray_quote);
	assert_int_equal(r->bad_field, 1);
	free(s);

	/* csv_last_end (zscore's blocks) cuts after the stray line, not before it. */
	const char *t = "a,\"b\nc,d\"e\nf,g\n";
	const char *e = csv_last_end(t, t + strlen(t));
	assert_non_null(e);
	assert_true(e == t + strlen(t));
	free(r);
}

/* The reader of a file: a stray quote in row 11 of 1,000 leaves 1,000 records, even when the
 * quote never closes and the file is larger than the 1 MiB a quoted field may run. */
static void test_stray_quote_reader(void **state)
{
	(void)state;
	char path[] = "/tmp/gvcsvXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *w = fdopen(fd, "w");
	fprintf(w, "id,name,x\n");
	for (int i = 0; i < 30000; i++)
		fprintf(w, i == 10 ? "X%d,\"O'Brien, Pat,%040d\n" : "X%d,Kid,%040d\n", i, i);
	fclose(w);
	int rfd = open(path, O_RDONLY);
	csv_reader *rd = csv_open(rfd, path);
	csv_row *r = malloc(sizeof *r);
	long n = 0, stray = 0, line = 1;
	assert_int_equal(csv_next(rd, r), 1);
	int k;
	while ((k = csv_next(rd, r)) == 1) {
		n++;
		assert_int_equal(r->line, ++line);
		if (r->stray_quote) {
			stray++;
			assert_int_equal(r->line, 12);
		}
	}
	assert_int_equal(k, 0);
	assert_int_equal(n, 30000);
	assert_int_equal(stray, 1);
	csv_close(rd);
	close(rfd);
	unlink(path);
	free(r);
}

/* A stray CR (not part of CR LF) outside quotes splits a line into rows; inside quotes it stays. */
static void test_split_cr(void **state)
{
	(void)state;
	char *s = sdup("A1,F,9.5\rA2,M,9.8\r\n\"x\ry\",1,2\rB,3,4\n");
	char *end = s + strlen(s);
	csv_row *r = malloc(sizeof *r), *parts = malloc(4 * sizeof *parts);
	long nl;
	char *p = csv_parse(s, end, 0, r, &nl);
	assert_int_equal(r->nf, 5);
	assert_int_equal(csv_split_cr(r, parts, 4), 2);
	assert_int_equal(parts[0].nf, 3);
	assert_int_equal(parts[1].nf, 3);
	assert_true(field_is(&parts[0], 2, "9.5") && field_is(&parts[1], 0, "A2") && field_is(&parts[1], 2, "9.8"));
	assert_int_equal(parts[0].rawlen, 8);
	assert_true(memcmp(parts[1].raw, "A2,M,9.8", 8) == 0 && parts[1].rawlen == 8);
	csv_parse(p, end, 0, r, &nl);
	assert_int_equal(r->nf, 5);
	assert_int_equal(csv_split_cr(r, parts, 4), 2);
	assert_true(field_is(&parts[0], 0, "x\ry")); /* data inside quotes */
	assert_true(field_is(&parts[1], 0, "B") && parts[1].nf == 3);
	/* No stray CR: one part. */
	char *t = sdup("a,b,c\r\n");
	csv_parse(t, t + strlen(t), 0, r, &nl);
	assert_int_equal(csv_split_cr(r, parts, 4), 1);
	free(t);
	free(s);
	free(r);
	free(parts);
}

/* A header in which the required columns were not found: what the file probably is. */
static void test_header_hint(void **state)
{
	(void)state;
#define R(s) s, sizeof s - 1
	static const struct {
		const char *text;
		size_t len;
		const char *hint; /* start of the hint, or NULL */
	} cases[] = {
		{R("\xff\xfep\0a\0t\0\n"), "the file is UTF-16 (little-endian"},
		{R("\xfe\xff\0p\0a\0t\n"), "the file is UTF-16 (big-endian"},
		{R("\xff\xfe\0\0p\0\0\0\n"), "the file is UTF-32 (little-endian"},
		{R("\0\0\xfe\xff\0\0\0p\n"), "the file is UTF-32 (big-endian"},
		{R("p\0a\0t\0\n"), "the header holds NUL bytes"},
		{R("patient_id;sex;date\n"), "the header is separated by semicolons"},
		{R("patient_id\tsex\n"), "the header is separated by tabs"},
		{R("patient_id|sex\n"), "the header is separated by vertical bars"},
		{R("name,Gr\xf6\xdf" "e\n"), "the header is not UTF-8"},
		{R("name,sex;x\n"), NULL},
	};
#undef R
	csv_row *r = malloc(sizeof *r);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *b = malloc(cases[i].len + 1);
		memcpy(b, cases[i].text, cases[i].len);
		long nl;
		csv_parse(b, b + cases[i].len, 1, r, &nl);
		const char *h = csv_header_hint(r);
		if (!cases[i].hint)
			assert_null(h);
		else if (!h || strncmp(h, cases[i].hint, strlen(cases[i].hint)) != 0)
			fail_msg("case %zu: hint '%s', want '%s...'", i, h ? h : "(none)", cases[i].hint);
		free(b);
	}
	free(r);
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
		"age_days_corr,height_adj_cm,warnings,error,"
		/* INTERGROWTH-21st, added at the end */
		"age_axis,pma_weeks,z_ig_nbs_wfa,p_ig_nbs_wfa,z_ig_nbs_lhfa,p_ig_nbs_lhfa,z_ig_nbs_hcfa,p_ig_nbs_hcfa,"
		"ig_sfga,z_ig_png_wfa,p_ig_png_wfa,z_ig_png_lhfa,p_ig_png_lhfa,z_ig_png_hcfa,p_ig_png_hcfa,z_ig_png_wflh,"
		"p_ig_png_wflh");
	assert_int_equal(zrow_ncols(), 57);
	/* The INTERGROWTH-21st stems are the standards' names (core/ig21.h ig21_std_name). */
	for (int s = 0; s < IG21_NSTD; s++) {
		char z[40];
		snprintf(z, sizeof z, ",z_%s,p_%s", ig21_std_name((ig21_std)s), ig21_std_name((ig21_std)s));
		assert_non_null(strstr(b.p, z));
	}
	/* An error row has exactly as many cells. */
	b.len = 0;
	zrow_values(&b, NULL, NULL, "bad, really");
	buf_putc(&b, '\0');
	int commas = 0;
	for (char *p = b.p; *p; p++)
		commas += *p == ',';
	assert_int_equal(commas, 57 + 1); /* 57 separators + the one inside the quoted message */
	/* the message in the error column (the 40th), 17 empty INTERGROWTH-21st cells after it */
	assert_non_null(strstr(b.p, ",\"bad, really\",,,,,,,,,,,,,,,,,"));
	assert_int_equal(b.p[b.len - 2], ',');
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain_quoted_crlf),
		cmocka_unit_test(test_incomplete_record_is_untouched),
		cmocka_unit_test(test_malformed_quote_and_literal_quotes),
		cmocka_unit_test(test_last_record_end),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_stray_quote_reader),
		cmocka_unit_test(test_split_cr),
		cmocka_unit_test(test_header_hint),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_fixed_format_edges),
		cmocka_unit_test(test_csv_put_quotes_when_needed),
		cmocka_unit_test(test_reader_over_file),
		cmocka_unit_test(test_zrow_header_contract),
	};
	return cmocka_run_group_tests_name("app_csv", tests, NULL, NULL);
}
