/* fhir.h — import FHIR R4 JSON (a Bundle of any type and any size, a single resource, NDJSON: one
 * resource per line, or several documents one after the other) into the store.
 *
 * Reading is streamed (app/jsonrd.h): one NDJSON line, resource or Bundle entry (at most 64 MiB
 * each) at a time, kept as compact records (~50 bytes and the id per growth observation); the
 * database's write lock is taken only once the file has been read, for the writing (one
 * transaction).
 *
 * Patient: id (the external id, unless an identifier with system FHIR_GV "patient-id" gives it;
 * the entry's fullUrl and "Patient/<id>" are what Observations reference), gender (male/female;
 * other values cannot be charted and the patient is refused), birthDate (a full date), name
 * (official, else the first; text, else given + family); growthview's extensions (app/export.h)
 * for the gestational age, the parents' heights and synthetic labels.  Ids and names are refused
 * as in CSV (ingest_check_text: length, control and bidi characters, UTF-8).  The same Patient.id
 * given twice is one patient when the data agree, and refused (with its observations, skipped
 * with the reason) when they do not.
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
 * and by growthview's own codes (system FHIR_GV "measurement"): muac (arm circumference),
 * triceps-skinfold, subscapular-skinfold (lengths, skinfolds kept in mm), oedema (valueBoolean).
 * A valueQuantity with a comparator (<, <=, >=, >) is a bound, not a measurement: skipped with the
 * reason.  A JSON string holding \u0000 refuses its resource (cJSON would cut the string).
 * The date is the LOCAL date as written in effectiveDateTime (or effectivePeriod.start,
 * effectiveInstant): no conversion to UTC, which is how the publishers' tools and Synthea count age
 * (see shared/fhir-samples/README.md).  The time of day, if any, is kept (HH:MM), or taken from
 * extension FHIR_GV "local-time".  Observations of one patient at the same date and time form one
 * visit (with extension FHIR_GV "visit": those of the same visit); a second value of the same kind
 * at the same moment makes another visit; an identical repeat is a duplicate.  Weights alone
 * (inpatient daily weights) are visits of their own.
 * Reported and skipped: a missing value (dataAbsentReason), an odd unit, a subject that is not a
 * Patient of the file (nor of the store); status entered-in-error / cancelled are skipped quietly.
 * Other resources (Encounter, Claim, ...) and other observation codes are skipped and counted.
 * JSON problems say what and where (LINE:COL, byte offset): in NDJSON a bad line costs that line;
 * in a document, the end of the file inside it refuses the file (jsonrd.h). */
#ifndef GV_FHIR_H
#define GV_FHIR_H

#include "app/ingest.h"
#include "app/store.h"

/* growthview's own URIs in FHIR (export --format fhir writes them, the importer reads them):
 * identifier system FHIR_GV "patient-id", CodeSystem FHIR_GV "measurement", extensions
 * FHIR_GV "gestational-age", "mother-height", "father-height", "labels", "local-time",
 * "visit" (app/export.h). */
#define FHIR_GV "urn:growthview:"

/* Import path (one store transaction); counts are added to *total.  Returns 0, 1 (problems
 * reported, or the file refused) or 2 (store error). */
int fhir_import(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total);

/* Number of decimals of x as a shortest round-trip decimal ("12.34" -> 2), 0-9. */
int fhir_decimals(double x);

#endif
