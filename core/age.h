/* age.h — calendar dates and ages, the way the growth references count them.
 *
 * Dates are whole days since 1970-01-01 (proleptic Gregorian; negative before 1970), so ages are
 * plain subtraction and leap days (a child born on 29 February) need no special case. */
#ifndef GV_AGE_H
#define GV_AGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Days per month used by WHO (anthro: ANTHRO_DAYS_OF_MONTH) and CDC (CDCAnthro README:
 * "age in months ... days / 30.4375"): 365.25 / 12. */
#define GV_DAYS_PER_MONTH 30.4375

/* Full term used for corrected age: 40 weeks = 280 days (AAP, "Age terminology during the
 * perinatal period", Pediatrics 2004;114:1362). */
#define GV_TERM_DAYS 280

/* Day number of a civil date (H. Hinnant's days_from_civil). No validation. */
int32_t age_days_from_civil(int y, int m, int d);

/* Civil date of a day number. */
void age_civil_from_days(int32_t days, int *y, int *m, int *d);

/* Parse an ISO 8601 calendar date "YYYY-MM-DD" from s[0..len) (not NUL-terminated), optionally
 * followed by a time part starting with 'T' or ' ' that is ignored: the date is the local date as
 * written, which is what FHIR and the publishers' tools use for age.  Returns GV_OK and *days, or
 * GV_EINVAL for anything else (bad digits, month 13, 30 February, trailing garbage). */
gv_status age_parse_date(const char *s, size_t len, int32_t *days);

/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). Returns 10. */
int age_format_date(int32_t days, char *buf);

/* A calendar age from day `from` (birth, or the term date for a corrected age) to day `to`, as
 * growthview writes ages everywhere: "12d" under a month, "5m 12d" under a year, "14y 11m" after
 * (completed months and days of the calendar, a month not complete until its day number comes
 * round: born on the 31st, one month old on the 1st after a 30-day month); "-10d" before `from`.
 * Writes a NUL-terminated string of at most 23 bytes into buf (24 bytes); returns its length. */
int age_format_age(int32_t from, int32_t to, char *buf);

/* Day of term (40 weeks) of a child born at ga_weeks + ga_days: the origin of the corrected age
 * (AAP 2004): birth + 280 - (7 ga_weeks + ga_days). */
int32_t age_term_date(int32_t birth, int ga_weeks, int ga_days);

/* Corrected (adjusted) age in days: chronological age minus the weeks born before 40 weeks,
 * corrected = chronological - (280 - ga_days)  (AAP 2004, as above; WHO and CDC use the same).
 * May be negative (not yet term-corrected birth). */
double age_corrected_days(double chrono_days, double ga_days);

#endif
