/* record.c — helpers for core/record.h. */
#include "core/record.h"

#include <math.h>
#include <string.h>

void record_patient_init(gv_patient *p)
{
	memset(p, 0, sizeof *p);
	p->sex = GV_SEX_UNKNOWN;
	p->mother_height_cm = p->father_height_cm = NAN;
}

void record_visit_init(gv_visit *v)
{
	memset(v, 0, sizeof *v);
	v->time_min = -1;
	v->weight_kg = v->height_cm = v->head_cm = v->muac_cm = v->triceps_mm = v->subscap_mm = NAN;
}

double record_ga(const gv_patient *p)
{
	return p->ga_weeks > 0 ? p->ga_weeks + p->ga_days / 7.0 : NAN;
}

void record_measure(const gv_patient *p, const gv_visit *v, gv_measure *m)
{
	growth_measure_init(m);
	m->sex = p->sex;
	m->age_days = (double)v->date - (double)p->birth_date;
	m->weight_kg = v->weight_kg;
	m->height_cm = v->height_cm;
	m->position = v->position;
	m->head_cm = v->head_cm;
	m->muac_cm = v->muac_cm;
	m->triceps_mm = v->triceps_mm;
	m->subscap_mm = v->subscap_mm;
	m->oedema = v->oedema;
	m->ga_weeks = record_ga(p);
}
