/*
 * refgen — turn the reference CSV tables in refdata/ into C source (build time only).
 *
 *   refgen OUT.c ID=PATH [ID=PATH ...]
 *
 * Each PATH is a clean CSV as described in refdata/README.md: one header line, comma separated,
 * columns found by name: `sex` (1 male, 2 female), the x column (the second column: age_days,
 * age_months, agemos, length_cm or height_cm), `L`, `M`, `S`.  Other columns are ignored.
 * The numbers are copied into the C file as the exact character strings of the CSV, so the
 * compiler (not this program) converts them: no value is recomputed or rounded here.
 *
 * Checks, each a hard error with file:line: every row has all columns, every number is a plain
 * decimal, sex is 1 or 2, rows are grouped male then female, x strictly increases within a sex,
 * M and S are positive, and (WHO 2006 lhfa/bfa, which carry a `loh` column) rows up to day 730
 * are recumbent length (`L`) and rows from day 731 standing height (`H`) — the WHO convention
 * the engine relies on (refdata/README.md, quirk 5).
 *
 * The output is deterministic (same input bytes, same output bytes) and starts with a
 * "generated — do not edit" banner.  ID is the name of the table's enumerator in core/refs.h.
 *
 *   refgen --msnt OUT.c ID=PATH
 *
 * The same for a table of GAMLSS coefficients (INTERGROWTH-21st Newborn Size, skew t ST3;
 * refdata/intergrowth/README.md): columns `measure`, `sex`, the x column (the third: ga_days),
 * `mu`, `sigma`, `nu`, `tau`.  Rows come in blocks, one per measure and sex (a block never
 * reappears), x strictly increases within a block, sigma, nu and tau are positive, and every
 * number is a plain decimal as above.  ID is the name of the const ig21_msnt_table it defines
 * (core/ig21.h); its blocks keep the measure names of the file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOLS 64
#define MAXLINE 4096

static const char *cur_file;
static long cur_line;

static void die(const char *msg, const char *detail)
{
	if (cur_file)
		fprintf(stderr, "refgen: %s:%ld: %s%s%s\n", cur_file, cur_line, msg,
			detail ? ": " : "", detail ? detail : "");
	else
		fprintf(stderr, "refgen: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

/* Split line in place at commas; strips a trailing CR/LF. Returns the number of fields. */
static int split(char *line, char **f)
{
	int n = 0;
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	char *p = line;
	for (;;) {
		if (n == MAXCOLS)
			die("too many columns", NULL);
		f[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

/* A plain decimal: optional '-', digits, optional '.' digits. No exponent, no spaces. */
static int is_decimal(const char *s)
{
	int digits = 0;
	if (*s == '-')
		s++;
	while (isdigit((unsigned char)*s)) {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s)) {
			s++;
			digits++;
		}
	}
	return *s == '\0' && digits > 0;
}

static int find_col(char **hdr, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(hdr[i], name) == 0)
			return i;
	return -1;
}

/* Open a CSV and split its header line (hline, MAXLINE bytes) into hdr; *nh fields. */
static FILE *open_csv(const char *path, char *hline, char **hdr, int *nh)
{
	FILE *in = fopen(path, "r");
	cur_file = path;
	cur_line = 0;
	if (!in)
		die("cannot open", strerror(errno));
	if (!fgets(hline, MAXLINE, in))
		die("empty file (no header line)", NULL);
	cur_line = 1;
	*nh = split(hline, hdr);
	return in;
}

/* Read the next row into line (MAXLINE bytes) and split it into f, which must give nh fields;
 * 0 at the end of the file. */
static int next_row(FILE *in, char *line, char **f, int nh)
{
	if (!fgets(line, MAXLINE, in)) {
		if (ferror(in))
			die("read error", strerror(errno));
		return 0;
	}
	cur_line++;
	if (!strchr(line, '\n') && !feof(in))
		die("line too long", NULL);
	if (split(line, f) != nh)
		die("row does not have as many fields as the header", NULL);
	return 1;
}

static void emit_table(FILE *out, const char *id, const char *path)
{
	char line[MAXLINE], *f[MAXCOLS], *hdr[MAXCOLS];
	char hline[MAXLINE];
	long count[3] = {0, 0, 0};
	int last_sex = 0;
	double last_x = 0;
	int nh;
	FILE *in = open_csv(path, hline, hdr, &nh);

	if (nh < 5)
		die("header has fewer than 5 columns", NULL);
	int csex = find_col(hdr, nh, "sex"), cx = 1;
	int cl = find_col(hdr, nh, "L"), cm = find_col(hdr, nh, "M"), cs = find_col(hdr, nh, "S");
	int cloh = find_col(hdr, nh, "loh");
	if (csex != 0 || cl < 0 || cm < 0 || cs < 0)
		die("header must start with sex and contain L, M and S", NULL);
	int day_axis = strcmp(hdr[cx], "age_days") == 0;

	fprintf(out, "\n/* %s: %s, x = %s */\nstatic const refdata_row %s_rows[] = {\n", id, path,
		hdr[cx], id);
	while (next_row(in, line, f, nh)) {
		for (int c = 0; c < nh; c++)
			if ((c == cx || c == cl || c == cm || c == cs) && !is_decimal(f[c]))
				die("not a plain decimal number", f[c]);
		int sex = (strcmp(f[csex], "1") == 0) ? 1 : (strcmp(f[csex], "2") == 0) ? 2 : 0;
		if (!sex)
			die("sex must be 1 or 2", f[csex]);
		double x = strtod(f[cx], NULL);
		if (sex < last_sex)
			die("rows must list all males (1) before all females (2)", NULL);
		if (sex == last_sex && !(x > last_x))
			die("x must strictly increase within a sex", f[cx]);
		if (!(strtod(f[cm], NULL) > 0) || !(strtod(f[cs], NULL) > 0))
			die("M and S must be positive", NULL);
		if (cloh >= 0) {
			const char *want = (day_axis && x > 730) ? "H" : "L";
			if (!day_axis || strcmp(f[cloh], want) != 0)
				die("loh must be L up to day 730 and H from day 731", f[cloh]);
		}
		last_sex = sex;
		last_x = x;
		count[sex]++;
		fprintf(out, "\t{%s, %s, %s, %s},\n", f[cx], f[cl], f[cm], f[cs]);
	}
	fclose(in);
	if (count[1] == 0 || count[2] == 0)
		die("table must have rows for both sexes", NULL);
	fprintf(out, "};\n");
	fprintf(out, "#define %s_NM %ldu\n#define %s_NF %ldu\n", id, count[1], id, count[2]);
	cur_file = NULL;
}

#define MAXBLOCKS 64

/* One --msnt table: blocks of rows per (measure, sex), then the table that lists them. */
static void emit_msnt(FILE *out, const char *id, const char *path)
{
	char line[MAXLINE], *f[MAXCOLS], *hdr[MAXCOLS];
	char hline[MAXLINE];
	char measure[MAXBLOCKS][64];
	int bsex[MAXBLOCKS];
	long bn[MAXBLOCKS];
	int nb = 0;
	double last_x = 0;
	int nh;
	FILE *in = open_csv(path, hline, hdr, &nh);
	int cmeas = find_col(hdr, nh, "measure"), csex = find_col(hdr, nh, "sex"), cx = 2;
	int cmu = find_col(hdr, nh, "mu"), csig = find_col(hdr, nh, "sigma");
	int cnu = find_col(hdr, nh, "nu"), ctau = find_col(hdr, nh, "tau");
	if (nh < 7 || cmeas != 0 || csex != 1 || cmu < 0 || csig < 0 || cnu < 0 || ctau < 0)
		die("header must start with measure,sex,x and contain mu, sigma, nu and tau", NULL);

	fprintf(out, "\n/* %s: %s, x = %s */\nstatic const ig21_msnt_row %s_rows[] = {\n", id, path, hdr[cx], id);
	long nrows = 0;
	while (next_row(in, line, f, nh)) {
		for (int c = 0; c < nh; c++)
			if ((c == cx || c == cmu || c == csig || c == cnu || c == ctau) && !is_decimal(f[c]))
				die("not a plain decimal number", f[c]);
		int sex = (strcmp(f[csex], "1") == 0) ? 1 : (strcmp(f[csex], "2") == 0) ? 2 : 0;
		if (!sex)
			die("sex must be 1 or 2", f[csex]);
		const char *m = f[cmeas];
		size_t mlen = strlen(m);
		if (mlen == 0 || mlen >= sizeof measure[0])
			die("measure must be a name of 1 to 63 characters", m);
		for (const char *p = m; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
				die("measure must be lower case letters, digits and '_'", m);
		double x = strtod(f[cx], NULL);
		if (nb == 0 || strcmp(measure[nb - 1], m) != 0 || bsex[nb - 1] != sex) {
			for (int b = 0; b < nb; b++)
				if (strcmp(measure[b], m) == 0 && bsex[b] == sex)
					die("rows of a measure and sex must be contiguous", m);
			if (nb == MAXBLOCKS)
				die("too many measure and sex blocks", NULL);
			memcpy(measure[nb], m, mlen + 1);
			bsex[nb] = sex;
			bn[nb] = 0;
			nb++;
		} else if (!(x > last_x)) {
			die("x must strictly increase within a measure and sex", f[cx]);
		}
		if (!(strtod(f[csig], NULL) > 0) || !(strtod(f[cnu], NULL) > 0) || !(strtod(f[ctau], NULL) > 0))
			die("sigma, nu and tau must be positive", NULL);
		last_x = x;
		bn[nb - 1]++;
		nrows++;
		fprintf(out, "\t{%s, %s, %s, %s, %s},\n", f[cx], f[cmu], f[csig], f[cnu], f[ctau]);
	}
	fclose(in);
	if (nrows == 0)
		die("table has no rows", NULL);
	fprintf(out, "};\n\nstatic const ig21_msnt_block %s_blocks[] = {\n", id);
	long off = 0;
	for (int b = 0; b < nb; b++) {
		fprintf(out, "\t{\"%s\", %d, %s_rows + %ld, %ldu},\n", measure[b], bsex[b], id, off, bn[b]);
		off += bn[b];
	}
	fprintf(out, "};\n\nconst ig21_msnt_table %s = {\"%s\", %s_blocks, %du};\n", id, path, id, nb);
	cur_file = NULL;
}

static FILE *open_output(const char *outpath, char **tmp)
{
	size_t tmplen = strlen(outpath) + 5;
	*tmp = malloc(tmplen);
	if (!*tmp)
		die("out of memory", NULL);
	snprintf(*tmp, tmplen, "%s.tmp", outpath);
	FILE *out = fopen(*tmp, "w");
	if (!out)
		die("cannot create output", strerror(errno));
	return out;
}

static void close_output(FILE *out, char *tmp, const char *outpath)
{
	if (fflush(out) != 0 || ferror(out) || fclose(out) != 0)
		die("write error", strerror(errno));
	if (rename(tmp, outpath) != 0)
		die("cannot rename output", strerror(errno));
	free(tmp);
}

/* Call emit(out, ID, PATH) for each of the n arguments ID=PATH. */
static void emit_each(FILE *out, int n, char **args, void (*emit)(FILE *, const char *, const char *))
{
	for (int i = 0; i < n; i++) {
		char *eq = strchr(args[i], '=');
		if (!eq || eq == args[i])
			die("argument must be ID=PATH", args[i]);
		*eq = '\0';
		emit(out, args[i], eq + 1);
		*eq = '=';
	}
}

static int main_msnt(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: refgen --msnt OUT.c ID=PATH [ID=PATH ...]\n");
		return 2;
	}
	char *tmp;
	FILE *out = open_output(argv[0], &tmp);
	fprintf(out, "/* Generated by refdata/refgen --msnt from the CSV tables in refdata/ — do not edit.\n"
		     " * Numbers are the exact strings of the published tables (see refdata/intergrowth/README.md). */\n"
		     "#include \"core/ig21.h\"\n");
	emit_each(out, argc - 1, argv + 1, emit_msnt);
	close_output(out, tmp, argv[0]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--msnt") == 0)
		return main_msnt(argc - 2, argv + 2);
	if (argc < 3) {
		fprintf(stderr, "usage: refgen OUT.c ID=PATH [ID=PATH ...]\n"
				"       refgen --msnt OUT.c ID=PATH [ID=PATH ...]\n");
		return 2;
	}
	const char *outpath = argv[1];
	char *tmp;
	FILE *out = open_output(outpath, &tmp);

	fprintf(out, "/* Generated by refdata/refgen from the CSV tables in refdata/ — do not edit.\n"
		     " * Numbers are the exact strings of the published tables (see refdata/README.md). */\n"
		     "#include \"core/refs.h\"\n");
	emit_each(out, argc - 2, argv + 2, emit_table);
	fprintf(out, "\nconst refdata_table refdata_tables[T_COUNT] = {\n");
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		*eq = '\0';
		fprintf(out, "\t[%s] = {\"%s\", {%s_rows, %s_rows + %s_NM}, {%s_NM, %s_NF}},\n", argv[i],
			eq + 1, argv[i], argv[i], argv[i], argv[i], argv[i]);
	}
	fprintf(out, "};\n");
	close_output(out, tmp, outpath);
	return 0;
}
