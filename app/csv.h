/* csv.h — streaming CSV (RFC 4180) reading, number parsing and CSV output.
 *
 * Records are parsed in place in the reader's buffer: quoted fields are unquoted ("" -> ") and
 * fields point into the buffer, valid until the next csv_next() call.  Line ends may be LF or
 * CRLF; a UTF-8 byte order mark at the start of the file is skipped.  Line numbers are physical
 * lines (what an editor shows), counted from 1 for the header.
 *
 * A quoted field may hold line ends.  A stray quote, one that opens a field, runs over a line end
 * and then does not close properly (text after the closing quote, or no closing quote before the
 * end of the file or within 1 MiB), is not allowed to swallow the rest of the file: the record is
 * cut at its first line end (bad_quote and stray_quote set, so the caller refuses that one line)
 * and the next record starts on the next line.  So a file of N lines with one stray quote still
 * gives N records. */
#ifndef GV_CSV_H
#define GV_CSV_H

#include <stddef.h>

#include "app/buf.h"

typedef struct csv_field {
	char *s;
	size_t len;
} csv_field;

#define CSV_MAXFIELDS 256

typedef struct csv_row {
	csv_field f[CSV_MAXFIELDS];
	size_t nf;        /* number of fields (may exceed CSV_MAXFIELDS: the rest are not stored) */
	long line;        /* physical line where the record starts */
	char *raw;        /* the record's bytes without its line terminator */
	size_t rawlen;
	int bad_quote;    /* 1: a quote was opened and not closed properly (text after it, or EOF) */
	size_t bad_field; /* bad_quote: the (0-based) field where it is */
	int stray_quote;  /* 1: ... and it ran over a line end: the record was cut at its first line
			   * end (bad_quote is then 1 too) and reading goes on at the next line; the line
			   * is left unparsed, whole and unmodified, in f[0] (nf = 1) */
	int quoted;       /* 1: some field was quoted, so raw[] was modified by unquoting in place */
	unsigned char fquoted[CSV_MAXFIELDS]; /* field i was quoted (csv_split_cr leaves a CR inside
					       * quotes alone) */
} csv_row;

typedef struct csv_reader csv_reader;

/* Reader over file descriptor fd (not closed by csv_close); name is used in messages and copied.
 * Returns NULL when out of memory. */
csv_reader *csv_open(int fd, const char *name);
void csv_close(csv_reader *r);

/* Next record into *row.  Returns 1 for a record, 0 at end of input, -1 on a read error or a
 * record longer than 64 MiB (csv_error says which).  A blank line is returned as a record with
 * one empty field. */
int csv_next(csv_reader *r, csv_row *row);
const char *csv_error(const csv_reader *r);
/* The name given to csv_open. */
const char *csv_name(const csv_reader *r);

/* Parse one record at p (before end), in place.  Returns a pointer just past its line
 * terminator, or NULL when the record is incomplete (no terminator yet and !at_eof).  At EOF a
 * final record without terminator is accepted.  Fills row (line is left to the caller; *nl gets
 * the number of line terminators consumed). */
char *csv_parse(char *p, char *end, int at_eof, csv_row *row, long *nl);

/* Pointer just past the last complete record in [p, end) (which must start at a record start),
 * or NULL when there is none. Quote-aware. */
const char *csv_last_end(const char *p, const char *end);

/* A carriage return that is not part of a CR LF line end, outside quotes (a "stray CR", e.g. two
 * rows of another tool joined by a CR) splits row into parts[0..k) at each such CR: k is
 * returned (1 when there is none; at most max, the last part keeping any further CRs).  The
 * parts share row's buffer and line number; a CR inside a quoted field is data and stays. */
size_t csv_split_cr(const csv_row *row, csv_row *parts, size_t max);

/* Why record hdr cannot be a header line, or NULL: an unclosed quote (the rest of the file was
 * read into it) or a carriage return in it (CR-only line ends: the whole file is one record). */
const char *csv_header_problem(const csv_row *hdr);

/* Why a header line in which the required columns were not found probably looks wrong, or NULL:
 * a UTF-16 or UTF-32 file (its byte order mark, or NUL bytes), another separator (semicolons,
 * tabs, vertical bars), bytes that are not UTF-8.  A static sentence that says what was found and
 * what to do. */
const char *csv_header_hint(const csv_row *hdr);

/* Field equals s ignoring ASCII case and surrounding blanks. */
int csv_eq(csv_field f, const char *s);
/* Index of header field named name (csv_eq), or -1. */
int csv_find(const csv_row *hdr, const char *name);
/* Field trimmed of surrounding blanks (spaces and tabs). */
csv_field csv_trim(csv_field f);
/* Field is empty after trimming. */
int csv_empty(csv_field f);

/* Parse a decimal number ("12", "-3.5", "1e3", " 7.25 "): 1 ok, 0 empty field, -1 not a number
 * (including "nan", "inf", hex, trailing garbage).  Correctly rounded, locale independent. */
int csv_num(csv_field f, double *out);

/* Append s[0..n) as one CSV field, quoted when it holds a comma, quote, CR or LF. */
void csv_put(gv_buf *b, const char *s, size_t n);

#endif
