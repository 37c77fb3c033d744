/* jsonrd.h — streaming JSON reader for FHIR files: one resource at a time, in bounded memory.
 *
 * A FHIR file is NDJSON (one resource per line: a bulk-data export), one JSON document (a Bundle
 * or a single resource, pretty-printed or not), or several documents one after the other.  The
 * reader cuts the input into units without parsing them (it tracks strings, escapes and nesting
 * only); the caller parses each unit with cJSON and forgets it before asking for the next one:
 *   JRD_VALUE   a top-level JSON value (an NDJSON line, a resource, a Bundle without entries)
 *   JRD_ENTRY   one element of the "entry" array of a top-level object (a Bundle's entry), cut
 *               out so that a Bundle of any size is read one entry at a time
 *   JRD_SHELL   that top-level object without its entries ("entry": []), after its last entry
 *   JRD_ERROR   a problem at (line, col, off), with a message: see `fatal`
 * Memory: the largest unit (a line, an entry, a resource) plus a read buffer; a unit larger than
 * max_unit bytes is an error.
 *
 * NDJSON is recognised when the first value starts and ends on one line; from then on every line
 * is read on its own, so a bad line costs that line only:
 *   "the line ends inside a JSON value (truncated?)"    (a newline inside a value or string)
 *   "text after the JSON value on this line: '...' (ignored)"  (the value before it is read)
 *   "not a JSON object or array: '...'"                 (a line that starts with something else)
 *   "nested deeper than N levels"                       (valid JSON that is not a resource)
 *   "longer than N bytes"
 * are errors (fatal = 0) and reading goes on at the next line.  In a document, text after its end
 * ("text after the end of the JSON document: '...'") is an error (fatal = 0, nothing more is
 * read), and the end of the file inside a value ("the file ends inside a JSON value (truncated?)"),
 * a unit larger than max_unit, or a read error are fatal (fatal = 1).  A value nested deeper than
 * the limit is an error for that unit (fatal = 0).  Invalid JSON inside a unit is cJSON's to find.
 *
 * Positions are 1-based lines and columns (bytes) and 0-based byte offsets from the start of the
 * file. */
#ifndef GV_JSONRD_H
#define GV_JSONRD_H

#include <stddef.h>

typedef enum jrd_kind { JRD_VALUE, JRD_ENTRY, JRD_SHELL, JRD_ERROR } jrd_kind;

typedef struct jrd_unit {
	jrd_kind kind;
	const char *p;    /* the unit's text: valid until the next jrd_next (not NUL-terminated) */
	size_t n;
	long line, col;   /* where it starts (JRD_ERROR: where the problem is) */
	long long off;
	int ndjson;       /* 1 once the input is known to be NDJSON */
	int fatal;        /* JRD_ERROR: 1 when nothing more can be read */
	char msg[256];    /* JRD_ERROR: what */
} jrd_unit;

typedef struct jrd jrd;

/* Reader over file descriptor fd (not closed by jrd_close): units of at most max_unit bytes,
 * values nested at most max_depth deep.  NULL when out of memory. */
jrd *jrd_open(int fd, size_t max_unit, int max_depth);
void jrd_close(jrd *r);

/* The next unit into *u: 1, or 0 at the end of the input (after a fatal error too). */
int jrd_next(jrd *r, jrd_unit *u);

/* Line and column of byte p of a unit's text (p inside [u->p, u->p + u->n]): counted from the
 * unit's start.  For JRD_SHELL, positions after the removed entries are approximate. */
void jrd_position(const jrd_unit *u, const char *p, long *line, long *col, long long *off);

#endif
