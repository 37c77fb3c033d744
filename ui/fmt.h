/* fmt.h — text for the TUI and `growthview plot`: display widths, truncation, ages, numbers with
 * units, and parsing of what a clinician types into the measurement form.
 *
 * Pure: no ncurses, no store.  Numbers are written and read with '.': callers keep LC_NUMERIC at
 * "C" (ui/term.c and `growthview plot` set it right after setlocale(LC_ALL, "")), and the
 * parsers here never use strtod's locale-dependent decimal point.  Every function writes
 * NUL-terminated text into the caller's buffer and never overflows it. */
#ifndef GV_FMT_H
#define GV_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "core/refs.h"

/* ------------------------------------------------------------------ UTF-8 and display columns */

/* Decode the code point at *s and advance *s past it.  An invalid or truncated sequence gives
 * U+FFFD and advances one byte.  At the terminating NUL returns 0 without advancing. */
uint32_t fmt_utf8_next(const char **s);

/* Encode cp as UTF-8 into out (4 bytes enough); returns the number of bytes (1-4). */
int fmt_utf8_put(uint32_t cp, char *out);

/* Columns a code point takes in a terminal: 0 for combining marks and zero-width characters, 2
 * for East Asian wide and fullwidth characters (and emoji), 1 otherwise.  A control character
 * counts 1: it is always shown as '?' (fmt_printable). */
int fmt_cpwidth(uint32_t cp);

/* The code point to show for cp: '?' for control characters (C0, DEL, C1) and bidi controls
 * (core/text.h's rule: text_is_control, text_is_bidi_control) so that text from the database can
 * never send an escape sequence to the terminal nor reorder what it shows, and, when utf8 is 0
 * (the terminal cannot show Unicode), '?' for anything outside ASCII. */
uint32_t fmt_printable(uint32_t cp, int utf8);

/* Display columns of a UTF-8 string as fmt_fit would show it (utf8 = 1). */
int fmt_width(const char *s);

/* Exactly `cols` display columns of s into dst (n bytes): s made printable (fmt_printable), cut
 * where it would exceed cols with an ellipsis in the last column ("…" when utf8, else "~"), then
 * padded with spaces.  A wide character that would straddle the edge is replaced by a space.
 * Returns the bytes written (without the NUL).  cols <= 0 gives "". */
size_t fmt_fit(char *dst, size_t n, const char *s, int cols, int utf8);

/* Break s into lines of at most `width` display columns, at spaces (a word longer than a line is
 * cut).  Line i is s[start[i] .. start[i]+len[i]) (bytes, spaces at the break left out).  Fills
 * at most max lines; returns the number of lines the whole text needs (0 for ""). */
int fmt_wrap(const char *s, int width, int *start, int *len, int max);

/* Lay out segments (short phrases that should not be split, e.g. "z -1.23") on lines of `width`
 * columns, separated by two spaces: a segment that does not fit on the current line starts the
 * next one; one longer than a line is cut by fmt_fit's rule on a line of its own.  Writes at most
 * max lines of at most linesz bytes each into lines (lines + i * linesz); returns the number of
 * lines needed (may exceed max: what did not fit is left out). */
int fmt_segments(const char *const *seg, int nseg, int width, char *lines, size_t linesz, int max, int utf8);

/* ------------------------------------------------------------------ dates and ages */

/* "YYYY-MM-DD" of a day number (core/age.h) into buf (>= 11 bytes). */
void fmt_date(char *buf, size_t n, int32_t day);

/* Age from day `from` to day `to` in calendar units, as clinicians say it:
 *   under one month   "12d"
 *   under one year    "5m 12d"
 *   from one year     "2y 3m"
 * A month is counted from the same day of the month (born 31 January: one month on 28/29
 * February's last day is not yet reached, so 28 February is "28d").  A negative age (a corrected
 * age before term) is written in days, "-12d". */
void fmt_age(char *buf, size_t n, int32_t from, int32_t to);

/* The same from a birth date corrected for prematurity: the day the child would have been born
 * at term, birth + (280 - gestation in days) (AAP 2004; core/age.h GV_TERM_DAYS). */
int32_t fmt_term_date(int32_t birth, int ga_weeks, int ga_days);

/* ------------------------------------------------------------------ numbers */

/* v with `decimals` decimals (rounded as printf does), "-" when v is not finite; "-0.0" is
 * written "0.0". */
void fmt_fixed(char *buf, size_t n, double v, int decimals);

/* A z-score with its sign and two decimals: "+1.23", "-0.40", "+0.00", ">99" beyond +/-99; "-" when
 * not finite.  The same digits as the flags state (flags_fmt_z). */
void fmt_z(char *buf, size_t n, double z);

/* A percentile: one decimal from 1 to 99 ("10.9"), two outside ("0.07", "99.62"), and "<0.01" /
 * ">99.99" beyond; "-" when not finite.  As the flags state it (flags_fmt_pct). */
void fmt_pct(char *buf, size_t n, double p);

/* Display units (the config's `units`). */
typedef enum fmt_units { FMT_METRIC, FMT_US } fmt_units;

/* A measurement of indicator ind (its canonical unit: kg, cm, kg/m2, mm) with its display unit:
 * weight "5.60 kg" or "12.35 lb"; lengths "58.0 cm" or "22.83 in"; BMI "16.2 kg/m2"; skinfolds
 * "7.5 mm".  "-" when not finite. */
void fmt_measure(char *buf, size_t n, gv_ind ind, double value, fmt_units u);

/* A weight / length for an input field in unit u, shortest exact-looking form: kg 3 decimals,
 * lb 2, cm 1 (2 when needed), in 2, mm 1, trailing zeros removed ("5.6", "58", "12.35");
 * "" when not finite. */
typedef enum fmt_qty { FMT_MASS, FMT_LENGTH, FMT_SKINFOLD } fmt_qty;
void fmt_field(char *buf, size_t n, fmt_qty q, double canonical, fmt_units u);

/* Unit label of a quantity's input field: "kg" / "lb", "cm" / "in", "mm". */
const char *fmt_field_unit(fmt_qty q, fmt_units u);

/* ------------------------------------------------------------------ parsing the form's fields */

/* Parse a measurement typed by a user into its canonical unit (kg, cm, mm).
 *   mass:     "5.6" (default unit), "5.6 kg", "5600 g", "12.3 lb", "12 lb 5 oz", "197 oz"
 *   length:   "58" (default unit), "58 cm", "580 mm", "22.8 in", "22.8\"", "5 ft 4 in", "5'4\""
 *   skinfold: "7.5" or "7.5 mm"
 * The default unit is fmt_field_unit(q, u).  Conversions: 1 lb = 0.45359237 kg, 1 oz = 1/16 lb
 * (international avoirdupois pound, 1959), 1 in = 2.54 cm and 1 ft = 12 in exactly.  Spaces are allowed between
 * number and unit; units are case-insensitive.
 * Returns 1 and *out on success, 0 for an empty field (*out = NAN: not measured), -1 with a
 * message in err (errsz bytes) otherwise, e.g. "'5,6': use a point for decimals (5.6)",
 * "'5.6 st': unknown unit (kg, g, lb, oz)", "'-3': must be positive". */
int fmt_parse_qty(const char *text, fmt_qty q, fmt_units u, double *out, char *err, size_t errsz);

/* Parse "HH:MM" into minutes after midnight; "" gives -1 (no time).  Returns 1, 0 (empty) or -1
 * with a message. */
int fmt_parse_time(const char *text, int *minutes, char *err, size_t errsz);

/* ------------------------------------------------------------------ the patient list's columns */

/* Columns of the patient list at a given screen width: a start column and a width for each, 0
 * width when the column is left out.  Name and id share what is left after the fixed columns
 * (name gets 60%, id at least 8, at most 20). */
typedef struct fmt_listcols {
	int mark_x, mark_w;   /* flag marker: "!!", "! ", "? ", "i " */
	int name_x, name_w;
	int id_x, id_w;
	int sex_x, sex_w;
	int age_x, age_w;
	int last_x, last_w;   /* last visit date */
	int flags_x, flags_w; /* "2 severe" (from 100 columns) */
} fmt_listcols;

void fmt_list_layout(int width, fmt_listcols *c);

#endif
