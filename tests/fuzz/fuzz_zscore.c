/* fuzz_zscore.c — `growthview zscore` (app/cmd/cmd_zscore.c: the block splitter, the row parser
 * read_row, the scoring and the CSV output) on one input file, one thread, standard output
 * captured in a file.  Seeds: tests/fuzz/zscore/.
 *
 * Invariants: the exit status is 0, 1 or 2; unless the input was refused (2), the output is CSV
 * whose every record has as many fields as its header, the header ends with the computed
 * columns (app/zrow.h, ending in `error`), and there is one output record per non-blank input
 * record (as csv_parse cuts them: a stray quote costs one line), or more when a stray CR joined
 * rows (each is scored), never more than one per stray CR. */
#include "tests/fuzz/fuzz.h"

#include "app/buf.h"
#include "app/cmd/cmd.h"
#include "app/csv.h"
#include "app/zrow.h"

/* Records in buf[0..n) (in place: csv_parse unquotes); nf of the first in *nhdr.  Blank lines
 * are not records.  Every record's field count goes through check. */
static long count_records(char *buf, size_t n, size_t *nhdr, int is_output)
{
	static csv_row row;
	char *p = buf, *end = buf + n;
	long recs = 0;
	if (!is_output && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		long nl;
		char *next = csv_parse(p, end, 1, &row, &nl);
		fz_check(next != NULL && next > p, "csv_parse made no progress at offset %td", p - buf);
		p = next;
		if (row.nf == 1 && row.f[0].len == 0)
			continue;
		if (recs == 0) {
			*nhdr = row.nf;
			if (is_output) {
				/* Up to CSV_MAXFIELDS input columns, then the computed ones: only the first
				 * CSV_MAXFIELDS fields of a record are stored. */
				fz_check(row.nf > (size_t)zrow_ncols(), "output header has %zu fields", row.nf);
				/* ... error, then the 17 INTERGROWTH-21st columns (app/zrow.h) */
				fz_check(row.nf > CSV_MAXFIELDS ||
						 (csv_eq(row.f[row.nf - 18], "error") && csv_eq(row.f[row.nf - 1], "p_ig_png_wflh")),
					 "output header does not end with error and the INTERGROWTH-21st columns");
			}
		} else if (is_output) {
			fz_check(row.nf == *nhdr, "output record %ld has %zu fields, the header %zu", recs + 1, row.nf, *nhdr);
			fz_check(!row.bad_quote, "output record %ld is malformed CSV", recs + 1);
		}
		recs++;
	}
	return recs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *in, *out;
	static int saved_stdout = -1;
	if (!in) {
		in = fz_path("in.csv");
		out = fz_path("out.csv");
		saved_stdout = fcntl(1, F_DUPFD_CLOEXEC, 3);
		if (saved_stdout < 0)
			abort();
	}
	fz_write(in, data, size);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	char a0[] = "zscore", a1[] = "--threads", a2[] = "1";
	char *argv[] = {a0, a1, a2, in, NULL};
	fflush(stdout);
	dup2(fd, 1);
	close(fd);
	fz_quiet_begin();
	int rc = cmd_zscore(4, argv);
	fz_quiet_end();
	fflush(stdout);
	dup2(saved_stdout, 1);
	fz_check(rc >= 0 && rc <= 2, "exit status %d", rc);
	if (rc == 2)
		return 0;

	size_t n, nhdr_in = 0, nhdr_out = 0;
	char *o = fz_slurp(out, &n);
	char *i = malloc(size + 1);
	if (!i)
		abort();
	memcpy(i, data, size);
	long rin = count_records(i, size, &nhdr_in, 0);
	long rout = count_records(o, n, &nhdr_out, 1);
	/* One output record per input record, and one more for each stray CR (not before a LF) that
	 * joined rows of another tool (csv_split_cr). */
	long cr = 0;
	for (size_t k = 0; k < size; k++)
		cr += data[k] == '\r' && (k + 1 == size || data[k + 1] != '\n');
	fz_check(rout >= rin && rout <= rin + cr, "%ld input records (with the header, %ld stray CRs), %ld output records",
		 rin, cr, rout);
	fz_check(nhdr_out == nhdr_in + (size_t)zrow_ncols(), "output header: %zu fields for %zu input columns", nhdr_out,
		 nhdr_in);
	free(i);
	free(o);
	return 0;
}
