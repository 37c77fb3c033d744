/* import_csv.h — import a CSV of visits (one row per visit) into the store.
 *
 * Columns are found by header name (case-insensitive, any order); unknown columns are ignored
 * (named once on the message stream, except the computed columns of `growthview zscore` /
 * `export`, so that an export can be imported back quietly):
 *   patient_id (or id)   external id, required on every row
 *   name, sex (1/2, M/F, male/female), birth_date (YYYY-MM-DD)
 *   ga_weeks (whole or fractional weeks), ga_days (0-6), mother_height_cm, father_height_cm
 *   date (YYYY-MM-DD, optionally with a time "THH:MM..."), time (HH:MM or HH:MM:SS)
 *   weight_kg | weight_g | weight_lb, height_cm | height_in, position (L/H, length/height,
 *   recumbent/standing; empty = unknown), head_cm | head_in, muac_cm, triceps_mm, subscap_mm,
 *   oedema (y/n, yes/no, 1/0, true/false; empty = no)
 * A row without a date and without measurements only registers (or completes) the patient.
 * Conversions: 1 lb = 0.45359237 kg exactly (international avoirdupois pound, 1959), 1 in =
 * 2.54 cm exactly. */
#ifndef GV_IMPORT_CSV_H
#define GV_IMPORT_CSV_H

#include "app/ingest.h"
#include "app/store.h"

/* Import path (one store transaction); counts are added to *total.  Returns 0 (all rows good),
 * 1 (bad rows, or the file was refused) or 2 (store error). */
int import_csv(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total);

#endif
