/* export.h — patients and measurements out of the store, with computed z-scores.
 *
 * CSV: one row per measurement (a patient without measurements: one row with empty visit
 * columns), patients ordered by external id, visits by date and time.  Leading columns
 *   patient_id,name,sex,birth_date,ga_weeks,ga_days,mother_height_cm,father_height_cm,
 *   date,time,weight_kg,height_cm,position,head_cm,muac_cm,triceps_mm,subscap_mm,oedema
 * then exactly the computed columns of `growthview zscore` (app/zrow.h: ref, age_days, ...,
 * error).  patient_id is the external id, or "#N" (the internal id) for a patient without one.
 * Measured values are written in the shortest form that reads back to the same double, so an
 * export imported into an empty database exports byte for byte the same.
 *
 * JSON: an array with one object per patient: patient_id, name, sex ("M"/"F"), birth_date,
 * ga_weeks, ga_days, mother_height_cm, father_height_cm, notes, labels (fields that are unknown
 * are left out) and "measurements": [{date, time, weight_kg, ..., oedema, "computed": {ref,
 * age_days, age_months, age_days_corr, bmi, z: {wfa, ...}, p: {...}, biv: {...}, mz: {...},
 * z_bfa_ext, p_bfa_ext, bmi_p95, height_adj_cm, warnings: [...], error}}]; computed numbers
 * rounded to 6 decimals.
 *
 * De-identified (--deidentify): names, notes, external ids, birth dates, visit dates and times
 * are dropped.  patient_id becomes a pseudonym "gv-" + the first 16 hex digits of
 * HMAC-SHA-256(key, "ext:" + external id) (or "id:" + internal id), where key is the 32-byte
 * random secret made when the database was created (store_pseudonym_key): stable across exports
 * of one database, not linkable across databases or reversible without the key.  Visit dates
 * become ages: in CSV the computed age_days column, in JSON an integer "age_days" in place of
 * "date". */
#ifndef GV_EXPORT_H
#define GV_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "app/buf.h"
#include "app/sha256.h"
#include "app/store.h"
#include "core/growth.h"

typedef struct export_opts {
	int json;            /* 0 CSV, 1 JSON (export_fhir: FHIR instead) */
	int deidentify;
	int64_t patient_id;  /* 0: every patient */
	gv_policy policy;    /* chart policy for the computed columns */
	/* How the records are written (0, or -1 on a write error): NULL = fwrite; the command
	 * passes cmd_write, which cleans what goes to a terminal (cmdutil.h). */
	int (*write)(FILE *out, const char *p, size_t n);
	int fhir;            /* FHIR R4: a Bundle (type collection), or with ndjson one resource a line */
	int ndjson;
} export_opts;

typedef struct export_counts {
	long patients, visits, errors; /* errors: rows whose computation failed */
} export_counts;

/* FHIR (--format fhir [--ndjson]): a Patient for each patient and an Observation for each value
 * of each measurement, with the codes and units app/fhir.h reads, so that FHIR -> store ->
 * FHIR -> store gives the same store:
 *   Patient: id = the external id when it is a valid FHIR id ([A-Za-z0-9.-]{1,64}), else
 *     "gv-<internal id>"; identifier {system FHIR_GV "patient-id", value: the external id};
 *     name [{text}], gender, birthDate; extensions FHIR_GV "gestational-age" (valueInteger,
 *     days), "mother-height" / "father-height" (valueQuantity, cm), "labels" (valueInteger).
 *   Observation (status final, category vital-signs, subject Patient/<id>): LOINC 29463-7
 *     weight (kg), 8306-3 length lying / 8308-9 height standing / 8302-2 height of unknown
 *     position (cm), 9843-4 head circumference (cm); FHIR_GV "measurement" codes "muac" (cm),
 *     "triceps-skinfold", "subscapular-skinfold" (mm) and "oedema" (valueBoolean true), which
 *     have no LOINC code the importer reads; value as the shortest decimal that reads back to
 *     the stored double.  effectiveDateTime is the date alone (the store keeps the time of day
 *     as written, without a time zone, and a FHIR time needs one): the time goes in extension
 *     FHIR_GV "local-time" (valueTime), the visit in FHIR_GV "visit" (valueString, so that two
 *     visits at the same moment stay two).
 * De-identified: no name, no identifier, no time; Patient.id is the pseudonym (export_pseudonym)
 * and every date of a patient (birth and measurements) is moved back by the same whole number of
 * days, 365 to 3652, derived from the database's key and the patient (stable across exports of
 * one database): ages, and so every z-score, stay exact. */

/* Write the export to out.  Returns 0, or -1 on a store or write error (message in err). */
int export_run(gv_store *st, const export_opts *o, FILE *out, export_counts *n, char *err, size_t errsz);

/* The pseudonymous id of patient p under key (see above) into out (at least 20 bytes). */
void export_pseudonym(const unsigned char key[32], const gv_patient *p, char *out, size_t n);

/* The same pseudonym under a prepared key (sha256_hmac_key_new of the same 32-byte key): for a
 * walk over many patients.  Same bytes as export_pseudonym; cannot fail. */
void export_pseudonym_keyed(sha256_hmac_key *k, const gv_patient *p, char *out, size_t n);

/* Append x in the shortest decimal form that reads back as the same double ("12.3"). */
void export_num(gv_buf *b, double x);

#endif
