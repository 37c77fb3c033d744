/* record.h — a child and their visits, as plain data shared by core/, app/ and ui/.
 *
 * These are the in-memory shapes of what the store (app/store.h) keeps in SQLite: units are canonical
 * (kg, cm, mm), dates are day numbers (core/age.h), NAN means "not measured".  Strings are fixed
 * arrays so the structs can be copied and freed without ownership rules. */
#ifndef GV_RECORD_H
#define GV_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/growth.h"

#define GV_ID_MAX 64    /* external id (MRN, FHIR Patient.id), including the NUL */
#define GV_NAME_MAX 128 /* display name or pseudonym, UTF-8, including the NUL */

/* US customary units, exact by definition (international yard and pound agreement, 1959): the
 * only conversions to the canonical units, wherever a pound or an inch is read or shown. */
#define GV_KG_PER_LB 0.45359237
#define GV_CM_PER_IN 2.54

typedef struct gv_patient {
	int64_t id;                 /* store's internal id; 0 when not stored */
	char ext_id[GV_ID_MAX];     /* external id, "" when none */
	char name[GV_NAME_MAX];     /* display name or pseudonym, "" when none */
	gv_sex sex;
	int32_t birth_date;         /* day number (core/age.h) */
	int ga_weeks, ga_days;      /* gestational age at birth, completed weeks + days; ga_weeks 0 = unknown */
	double mother_height_cm;    /* NAN when unknown */
	double father_height_cm;    /* NAN when unknown */
	uint32_t labels;            /* ground-truth labels of a synthetic child (core/synth.h), 0 otherwise */
} gv_patient;

typedef struct gv_visit {
	int64_t id;                 /* store's internal id; 0 when not stored */
	int32_t date;               /* day number of the measurement */
	int time_min;               /* minutes after midnight, -1 when not recorded */
	double weight_kg, height_cm, head_cm, muac_cm, triceps_mm, subscap_mm; /* NAN = not measured */
	char position;              /* 'L' recumbent, 'H' standing, 0 unknown */
	int oedema;                 /* bilateral pitting oedema */
} gv_visit;

/* A patient with their visits sorted by date (then time). */
typedef struct gv_child {
	gv_patient p;
	gv_visit *v;                /* owned by whoever built the struct (see the builder's docs) */
	size_t nv;
} gv_child;

/* A clinician's acknowledgement of a flag (its rule, at one visit date): what the store keeps in
 * table flag_acks, and what the flag summary rules (core/flagsum.h) read. */
typedef struct gv_ack {
	int64_t id;
	char rule[64];
	int32_t visit_date;   /* day number; INT32_MIN when none */
	char who[64];
	char at[24];          /* 'YYYY-MM-DDTHH:MM:SSZ' */
	char *comment;        /* malloc'd by whoever filled it (store_flag_acks: freed by store_acks_free) */
} gv_ack;

/* Blank patient / visit: numbers NAN, strings empty, ids 0, sex unknown, time -1. */
void record_patient_init(gv_patient *p);
void record_visit_init(gv_visit *v);

/* Gestational age in fractional weeks (weeks + days/7), NAN when unknown. */
double record_ga(const gv_patient *p);

/* The growth engine's input for visit v of patient p: sex, age in days from the two dates,
 * gestational age, measurements. */
void record_measure(const gv_patient *p, const gv_visit *v, gv_measure *out);

#endif
