/* fhir.h — import FHIR R4 JSON (a Bundle of any type, a single resource, or NDJSON: one resource
 * per line) into the store.
 *
 * Patient: id (the external id; the entry's fullUrl and "Patient/<id>" are what Observations
 * reference), gender (male/female; other values cannot be charted and the patient is refused),
 * birthDate (a full date), name (official, else the first; text, else given + family).
 *
 * Observation, by LOINC code (http://loinc.org) in code.coding, with valueQuantity in UCUM units:
 *   29463-7 body weight, 3141-9 body weight measured    kg, g, [lb_av], [oz_av]
 *   8302-2 body height (position unknown: Synthea uses it for length under 24 months and stature
 *   after), 8306-3 body height lying (length), 8308-9 body height standing,
 *   9843-4 / 8287-5 head circumference (8287-5 is "by tape measure", a length, not a percentile)
 *                                                       cm, mm, m, [in_i], [ft_i]
 *   39156-5 BMI (kg/m2): kept as reported, not as a measurement; compared with weight/height^2 of
 *     the same date, a warning when the difference is more than the rounding of the three
 *     values as written explains
 *   59576-9 BMI percentile, 8289-1 head circumference percentile, 77606-2 weight-for-length
 *     percentile (%): kept as reported values (store_reported_list) for comparison
 * The date is the LOCAL date as written in effectiveDateTime (or effectivePeriod.start,
 * effectiveInstant): no conversion to UTC, which is how the publishers' tools and Synthea count age
 * (see shared/fhir-samples/README.md).  The time of day, if any, is kept (HH:MM).  Observations
 * of one patient at the same date and time form one visit; a second value of the same kind at the
 * same moment makes another visit; an identical repeat is a duplicate.  Weights alone (inpatient
 * daily weights) are visits of their own.
 * Reported and skipped: a missing value (dataAbsentReason), an odd unit, a subject that is not a
 * Patient of the file (nor of the store); status entered-in-error / cancelled are skipped quietly.
 * Other resources (Encounter, Claim, ...) and other observation codes are skipped and counted.
 * Malformed JSON refuses the whole file with FILE:LINE:COL. */
#ifndef GV_FHIR_H
#define GV_FHIR_H

#include "app/ingest.h"
#include "app/store.h"

/* Import path (one store transaction); counts are added to *total.  Returns 0, 1 (problems
 * reported, or the file refused) or 2 (store error). */
int fhir_import(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total);

/* Number of decimals of x as a shortest round-trip decimal ("12.34" -> 2), 0-9. */
int fhir_decimals(double x);

#endif
