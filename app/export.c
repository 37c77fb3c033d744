/* export.c — CSV and JSON exports with computed z-scores (see export.h). */
#include "app/export.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "app/csv.h"
#include "app/fhir.h"
#include "app/sha256.h"
#include "app/zrow.h"
#include "core/age.h"
#include "core/record.h"

static const char csv_head[] =
	"patient_id,name,sex,birth_date,ga_weeks,ga_days,mother_height_cm,father_height_cm,"
	"date,time,weight_kg,height_cm,position,head_cm,muac_cm,triceps_mm,subscap_mm,oedema";
static const char csv_head_deid[] =
	"patient_id,sex,ga_weeks,ga_days,mother_height_cm,father_height_cm,"
	"weight_kg,height_cm,position,head_cm,muac_cm,triceps_mm,subscap_mm,oedema";

void export_num(gv_buf *b, double x)
{
	if (isnan(x))
		return;
	char s[40];
	snprintf(s, sizeof s, "%.15g", x);
	if (strtod(s, NULL) != x)
		snprintf(s, sizeof s, "%.17g", x);
	buf_puts(b, s);
}

/* The message a patient's pseudonym is the HMAC of. */
static void pseudonym_msg(const gv_patient *p, char *msg, size_t n)
{
	if (p->ext_id[0])
		snprintf(msg, n, "ext:%s", p->ext_id);
	else
		snprintf(msg, n, "id:%lld", (long long)p->id);
}

/* "gv-" + the first 16 hex digits of mac. */
static void pseudonym_out(const unsigned char mac[32], char *out, size_t n)
{
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	snprintf(out, n, "gv-%s", hex);
}

void export_pseudonym(const unsigned char key[32], const gv_patient *p, char *out, size_t n)
{
	char msg[96];
	pseudonym_msg(p, msg, sizeof msg);
	unsigned char mac[32];
	sha256_hmac(key, 32, msg, strlen(msg), mac);
	pseudonym_out(mac, out, n);
}

void export_pseudonym_keyed(sha256_hmac_key *k, const gv_patient *p, char *out, size_t n)
{
	char msg[96];
	pseudonym_msg(p, msg, sizeof msg);
	unsigned char mac[32];
	sha256_hmac_keyed(k, msg, strlen(msg), mac);
	pseudonym_out(mac, out, n);
}

typedef struct ectx {
	const export_opts *o;
	gv_store *st;
	FILE *out;
	export_counts *n;
	unsigned char key[32];
	gv_options gopt;
	gv_buf b;
	int64_t cur;          /* current patient id (JSON grouping, counting) */
	cJSON *jpat, *jvisits;
	int first;
	int werr;             /* write error */
} ectx;

static void patient_id(ectx *c, const gv_patient *p, char *out, size_t n)
{
	if (c->o->deidentify)
		export_pseudonym(c->key, p, out, n);
	else if (p->ext_id[0])
		snprintf(out, n, "%s", p->ext_id);
	else
		snprintf(out, n, "#%lld", (long long)p->id);
}

static int put(ectx *c, const char *p, size_t n)
{
	if (c->o->write)
		return c->o->write(c->out, p, n);
	return fwrite(p, 1, n, c->out) == n ? 0 : -1;
}

static void flush(ectx *c)
{
	if (c->b.len && put(c, c->b.p, c->b.len) != 0)
		c->werr = 1;
	c->b.len = 0;
}

static void cnum(gv_buf *b, double x)
{
	buf_putc(b, ',');
	export_num(b, x);
}

/* Compute the z-scores of visit v; returns the status (r always initialised). */
static gv_status compute(ectx *c, const gv_patient *p, const gv_visit *v, gv_result *r)
{
	gv_measure m;
	record_measure(p, v, &m);
	return growth_compute(&m, &c->gopt, r);
}

static int csv_row_cb(void *ctx, const gv_patient *p, const gv_visit *v)
{
	ectx *c = ctx;
	gv_buf *b = &c->b;
	char id[96], d[16];
	if (p->id != c->cur) {
		c->cur = p->id;
		c->n->patients++;
	}
	patient_id(c, p, id, sizeof id);
	csv_put(b, id, strlen(id));
	if (!c->o->deidentify) {
		buf_putc(b, ',');
		csv_put(b, p->name, strlen(p->name));
	}
	buf_puts(b, p->sex == GV_MALE ? ",M" : p->sex == GV_FEMALE ? ",F" : ",");
	if (!c->o->deidentify) {
		age_format_date(p->birth_date, d);
		buf_putc(b, ',');
		buf_puts(b, d);
	}
	buf_putc(b, ',');
	if (p->ga_weeks > 0) {
		buf_int(b, p->ga_weeks);
		buf_putc(b, ',');
		buf_int(b, p->ga_days);
	} else {
		buf_putc(b, ',');
	}
	cnum(b, p->mother_height_cm);
	cnum(b, p->father_height_cm);
	if (!v) {
		/* A patient without measurements: visit and computed columns empty. */
		buf_puts(b, c->o->deidentify ? ",,,,,,,," : ",,,,,,,,,,");
		zrow_values(b, NULL, NULL, "");
		buf_putc(b, '\n');
		flush(c);
		return c->werr;
	}
	c->n->visits++;
	if (!c->o->deidentify) {
		age_format_date(v->date, d);
		buf_putc(b, ',');
		buf_puts(b, d);
		buf_putc(b, ',');
		if (v->time_min >= 0)
			buf_printf(b, "%02d:%02d", v->time_min / 60, v->time_min % 60);
	}
	cnum(b, v->weight_kg);
	cnum(b, v->height_cm);
	buf_puts(b, v->position == 'L' ? ",L" : v->position == 'H' ? ",H" : ",");
	cnum(b, v->head_cm);
	cnum(b, v->muac_cm);
	cnum(b, v->triceps_mm);
	cnum(b, v->subscap_mm);
	buf_puts(b, v->oedema ? ",y" : ",n");
	gv_result r;
	gv_measure m;
	record_measure(p, v, &m);
	gv_status st = growth_compute(&m, &c->gopt, &r);
	if (st != GV_OK)
		c->n->errors++;
	zrow_values(b, &m, st == GV_OK ? &r : NULL, st == GV_OK ? NULL : gv_strerror(st));
	buf_putc(b, '\n');
	if (b->len > 1 << 16)
		flush(c);
	return c->werr;
}

/* ------------------------------------------------------------------ JSON */

static double r6(double x)
{
	return round(x * 1e6) / 1e6;
}

static void jnum(cJSON *o, const char *k, double x, int round6)
{
	if (!isnan(x))
		cJSON_AddNumberToObject(o, k, round6 ? r6(x) : x);
}

static void json_flush_patient(ectx *c)
{
	if (!c->jpat)
		return;
	char *s = cJSON_PrintUnformatted(c->jpat);
	cJSON_Delete(c->jpat);
	c->jpat = c->jvisits = NULL;
	if (!s) {
		c->werr = 1;
		return;
	}
	const char *sep = c->first ? "\n" : ",\n";
	if (put(c, sep, strlen(sep)) != 0 || put(c, s, strlen(s)) != 0)
		c->werr = 1;
	c->first = 0;
	free(s);
}

static cJSON *computed(ectx *c, const gv_patient *p, const gv_visit *v)
{
	gv_result r;
	gv_status st = compute(c, p, v, &r);
	cJSON *o = cJSON_CreateObject();
	if (st != GV_OK) {
		c->n->errors++;
		cJSON_AddStringToObject(o, "error", gv_strerror(st));
		return o;
	}
	cJSON_AddStringToObject(o, "ref", refs_ref_name(r.ref));
	jnum(o, "age_days", r.age_days, 1);
	jnum(o, "age_months", r.age_months, 1);
	if (r.corrected)
		jnum(o, "age_days_corr", r.cage_days, 1);
	jnum(o, "bmi", r.bmi, 1);
	cJSON *z = cJSON_AddObjectToObject(o, "z"), *pc = cJSON_AddObjectToObject(o, "p"),
	      *biv = cJSON_AddObjectToObject(o, "biv"), *mz = cJSON_AddObjectToObject(o, "mz");
	for (int i = 0; i < GV_NIND; i++) {
		const gv_ind_result *ir = &r.ind[i];
		if (ir->status != GV_OK)
			continue;
		const char *name = refs_ind_name((gv_ind)i);
		jnum(z, name, ir->z, 1);
		jnum(pc, name, ir->p, 1);
		cJSON_AddBoolToObject(biv, name, ir->biv != 0);
		jnum(mz, name, ir->mz, 1);
	}
	jnum(o, "z_bfa_ext", r.z_bfa_ext, 1);
	jnum(o, "p_bfa_ext", r.p_bfa_ext, 1);
	jnum(o, "bmi_p95", r.bmi_pct_p95, 1);
	if (!isnan(r.height_cm))
		jnum(o, "height_adj_cm", r.height_adj_cm, 1);
	cJSON *w = cJSON_AddArrayToObject(o, "warnings");
	for (unsigned bit = 1; bit < (1u << GV_W_NWARN); bit <<= 1)
		if (r.warn & bit)
			cJSON_AddItemToArray(w, cJSON_CreateString(growth_warn_name(bit)));
	return o;
}

static int json_cb(void *ctx, const gv_patient *p, const gv_visit *v)
{
	ectx *c = ctx;
	char id[96], d[16];
	if (p->id != c->cur) {
		json_flush_patient(c);
		c->cur = p->id;
		c->n->patients++;
		cJSON *o = c->jpat = cJSON_CreateObject();
		patient_id(c, p, id, sizeof id);
		cJSON_AddStringToObject(o, "patient_id", id);
		if (!c->o->deidentify && p->name[0])
			cJSON_AddStringToObject(o, "name", p->name);
		cJSON_AddStringToObject(o, "sex", p->sex == GV_MALE ? "M" : p->sex == GV_FEMALE ? "F" : "");
		if (!c->o->deidentify) {
			age_format_date(p->birth_date, d);
			cJSON_AddStringToObject(o, "birth_date", d);
		}
		if (p->ga_weeks > 0) {
			cJSON_AddNumberToObject(o, "ga_weeks", p->ga_weeks);
			cJSON_AddNumberToObject(o, "ga_days", p->ga_days);
		}
		jnum(o, "mother_height_cm", p->mother_height_cm, 0);
		jnum(o, "father_height_cm", p->father_height_cm, 0);
		if (!c->o->deidentify) {
			char *notes = NULL;
			if (store_patient_notes(c->st, p->id, &notes) != STORE_OK)
				c->werr = 1;
			else if (*notes)
				cJSON_AddStringToObject(o, "notes", notes);
			free(notes);
		}
		if (p->labels)
			cJSON_AddNumberToObject(o, "labels", p->labels);
		c->jvisits = cJSON_AddArrayToObject(o, "measurements");
	}
	if (!v)
		return c->werr;
	c->n->visits++;
	cJSON *m = cJSON_CreateObject();
	if (c->o->deidentify) {
		cJSON_AddNumberToObject(m, "age_days", (double)v->date - (double)p->birth_date);
	} else {
		age_format_date(v->date, d);
		cJSON_AddStringToObject(m, "date", d);
		if (v->time_min >= 0) {
			char t[8];
			snprintf(t, sizeof t, "%02d:%02d", v->time_min / 60 % 100, v->time_min % 60);
			cJSON_AddStringToObject(m, "time", t);
		}
	}
	jnum(m, "weight_kg", v->weight_kg, 0);
	jnum(m, "height_cm", v->height_cm, 0);
	if (v->position)
		cJSON_AddStringToObject(m, "position", v->position == 'L' ? "L" : "H");
	jnum(m, "head_cm", v->head_cm, 0);
	jnum(m, "muac_cm", v->muac_cm, 0);
	jnum(m, "triceps_mm", v->triceps_mm, 0);
	jnum(m, "subscap_mm", v->subscap_mm, 0);
	cJSON_AddBoolToObject(m, "oedema", v->oedema != 0);
	cJSON_AddItemToObject(m, "computed", computed(c, p, v));
	cJSON_AddItemToArray(c->jvisits, m);
	return c->werr;
}

/* ------------------------------------------------------------------ FHIR */

/* A valid FHIR id: [A-Za-z0-9\-\.]{1,64} (FHIR R4, datatypes: id). */
static int fhir_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/* Days every date of p is moved back by in a de-identified FHIR export: 365 to 3652, from the
 * database's key (stable across exports of one database, unknown without it). */
static int32_t date_shift(const ectx *c, const gv_patient *p)
{
	char msg[96];
	if (p->ext_id[0])
		snprintf(msg, sizeof msg, "shift:ext:%s", p->ext_id);
	else
		snprintf(msg, sizeof msg, "shift:id:%lld", (long long)p->id);
	unsigned char mac[32];
	sha256_hmac(c->key, 32, msg, strlen(msg), mac);
	uint32_t v = (uint32_t)mac[0] << 24 | (uint32_t)mac[1] << 16 | (uint32_t)mac[2] << 8 | mac[3];
	return 365 + (int32_t)(v % 3288);
}

static void fhir_patient_id(const ectx *c, const gv_patient *p, char *out, size_t n)
{
	if (c->o->deidentify)
		export_pseudonym(c->key, p, out, n);
	else if (fhir_id_ok(p->ext_id))
		snprintf(out, n, "%s", p->ext_id);
	else
		snprintf(out, n, "gv-%lld", (long long)p->id);
}

static cJSON *quantity(double v, const char *unit)
{
	cJSON *q = cJSON_CreateObject();
	cJSON_AddNumberToObject(q, "value", v);
	cJSON_AddStringToObject(q, "unit", unit);
	cJSON_AddStringToObject(q, "system", "http://unitsofmeasure.org");
	cJSON_AddStringToObject(q, "code", unit);
	return q;
}

static void extension(cJSON *res, const char *name, cJSON *value, const char *type)
{
	cJSON *ext = cJSON_GetObjectItemCaseSensitive(res, "extension");
	if (!ext)
		ext = cJSON_AddArrayToObject(res, "extension");
	cJSON *e = cJSON_CreateObject();
	char url[64];
	snprintf(url, sizeof url, FHIR_GV "%s", name);
	cJSON_AddStringToObject(e, "url", url);
	cJSON_AddItemToObject(e, type, value);
	cJSON_AddItemToArray(ext, e);
}

/* One resource: an NDJSON line, or a Bundle entry. */
static void fhir_emit(ectx *c, cJSON *res)
{
	cJSON *item = res;
	if (!c->o->ndjson) {
		item = cJSON_CreateObject();
		cJSON_AddItemToObject(item, "resource", res);
	}
	char *s = cJSON_PrintUnformatted(item);
	cJSON_Delete(item);
	if (!s) {
		c->werr = 1;
		return;
	}
	if (!c->o->ndjson)
		buf_puts(&c->b, c->first ? "\n" : ",\n");
	c->first = 0;
	buf_puts(&c->b, s);
	if (c->o->ndjson)
		buf_putc(&c->b, '\n');
	free(s);
	if (c->b.len > 1 << 16)
		flush(c);
}

/* The values the source reported (BMI, percentiles: store_reported_list), as they came in. */
static void fhir_reported(ectx *c, const gv_patient *p, const char *id, int32_t shift)
{
	store_reported *rep = NULL;
	size_t n = 0;
	if (store_reported_list(c->st, p->id, &rep, &n) != STORE_OK) {
		c->werr = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char oid[64], ref[128], d[16];
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "resourceType", "Observation");
		snprintf(oid, sizeof oid, "r%lld-%zu", (long long)p->id, i + 1);
		cJSON_AddStringToObject(r, "id", oid);
		cJSON_AddStringToObject(r, "status", "final");
		cJSON *cd = cJSON_AddObjectToObject(r, "code"), *coding = cJSON_AddArrayToObject(cd, "coding"),
		      *k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "system", "http://loinc.org");
		cJSON_AddStringToObject(k, "code", rep[i].code);
		cJSON_AddItemToArray(coding, k);
		snprintf(ref, sizeof ref, "Patient/%s", id);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "subject"), "reference", ref);
		age_format_date(rep[i].date - shift, d);
		cJSON_AddStringToObject(r, "effectiveDateTime", d);
		cJSON_AddItemToObject(r, "valueQuantity", quantity(rep[i].value, rep[i].unit));
		if (rep[i].time_min >= 0 && !c->o->deidentify) {
			char t[16];
			snprintf(t, sizeof t, "%02d:%02d:00", rep[i].time_min / 60 % 100, rep[i].time_min % 60);
			extension(r, "local-time", cJSON_CreateString(t), "valueTime");
		}
		fhir_emit(c, r);
	}
	free(rep);
}

static void fhir_patient(ectx *c, const gv_patient *p)
{
	char id[96], d[16];
	fhir_patient_id(c, p, id, sizeof id);
	int32_t shift = c->o->deidentify ? date_shift(c, p) : 0;
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "resourceType", "Patient");
	cJSON_AddStringToObject(r, "id", id);
	if (!c->o->deidentify) {
		if (p->ext_id[0]) {
			cJSON *ids = cJSON_AddArrayToObject(r, "identifier"), *i = cJSON_CreateObject();
			cJSON_AddStringToObject(i, "system", FHIR_GV "patient-id");
			cJSON_AddStringToObject(i, "value", p->ext_id);
			cJSON_AddItemToArray(ids, i);
		}
		if (p->name[0]) {
			cJSON *names = cJSON_AddArrayToObject(r, "name"), *nm = cJSON_CreateObject();
			cJSON_AddStringToObject(nm, "text", p->name);
			cJSON_AddItemToArray(names, nm);
		}
	}
	cJSON_AddStringToObject(r, "gender", p->sex == GV_MALE ? "male" : p->sex == GV_FEMALE ? "female" : "unknown");
	age_format_date(p->birth_date - shift, d);
	cJSON_AddStringToObject(r, "birthDate", d);
	if (p->ga_weeks > 0)
		extension(r, "gestational-age", cJSON_CreateNumber(p->ga_weeks * 7 + p->ga_days), "valueInteger");
	if (!isnan(p->mother_height_cm))
		extension(r, "mother-height", quantity(p->mother_height_cm, "cm"), "valueQuantity");
	if (!isnan(p->father_height_cm))
		extension(r, "father-height", quantity(p->father_height_cm, "cm"), "valueQuantity");
	if (p->labels)
		extension(r, "labels", cJSON_CreateNumber(p->labels), "valueInteger");
	fhir_emit(c, r);
	fhir_reported(c, p, id, shift);
}

/* One Observation of visit v: code (LOINC, or growthview's own system), value or flag. */
static void fhir_obs(ectx *c, const gv_patient *p, const gv_visit *v, const char *key, const char *system,
		     const char *code, const char *display, double value, const char *unit)
{
	char id[96], ref[128], oid[64], d[16];
	fhir_patient_id(c, p, id, sizeof id);
	int32_t shift = c->o->deidentify ? date_shift(c, p) : 0;
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "resourceType", "Observation");
	snprintf(oid, sizeof oid, "m%lld-%s", (long long)v->id, key);
	cJSON_AddStringToObject(r, "id", oid);
	cJSON_AddStringToObject(r, "status", "final");
	cJSON *cat = cJSON_AddArrayToObject(r, "category"), *cc = cJSON_CreateObject();
	cJSON *ccod = cJSON_AddArrayToObject(cc, "coding"), *cco = cJSON_CreateObject();
	cJSON_AddStringToObject(cco, "system", "http://terminology.hl7.org/CodeSystem/observation-category");
	cJSON_AddStringToObject(cco, "code", "vital-signs");
	cJSON_AddItemToArray(ccod, cco);
	cJSON_AddItemToArray(cat, cc);
	cJSON *cd = cJSON_AddObjectToObject(r, "code"), *coding = cJSON_AddArrayToObject(cd, "coding"),
	      *k = cJSON_CreateObject();
	cJSON_AddStringToObject(k, "system", system);
	cJSON_AddStringToObject(k, "code", code);
	cJSON_AddStringToObject(k, "display", display);
	cJSON_AddItemToArray(coding, k);
	cJSON_AddStringToObject(cd, "text", display);
	snprintf(ref, sizeof ref, "Patient/%s", id);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "subject"), "reference", ref);
	age_format_date(v->date - shift, d);
	cJSON_AddStringToObject(r, "effectiveDateTime", d);
	if (unit)
		cJSON_AddItemToObject(r, "valueQuantity", quantity(value, unit));
	else
		cJSON_AddTrueToObject(r, "valueBoolean");
	if (v->time_min >= 0 && !c->o->deidentify) {
		char t[16];
		snprintf(t, sizeof t, "%02d:%02d:00", v->time_min / 60 % 100, v->time_min % 60);
		extension(r, "local-time", cJSON_CreateString(t), "valueTime");
	}
	snprintf(oid, sizeof oid, "m%lld", (long long)v->id);
	extension(r, "visit", cJSON_CreateString(oid), "valueString");
	fhir_emit(c, r);
}

static int fhir_cb(void *ctx, const gv_patient *p, const gv_visit *v)
{
	ectx *c = ctx;
	if (p->id != c->cur) {
		c->cur = p->id;
		c->n->patients++;
		fhir_patient(c, p);
	}
	if (!v)
		return c->werr;
	c->n->visits++;
	static const char *const loinc = "http://loinc.org", *const gv = FHIR_GV "measurement";
	if (!isnan(v->weight_kg))
		fhir_obs(c, p, v, "wt", loinc, "29463-7", "Body weight", v->weight_kg, "kg");
	if (!isnan(v->height_cm)) {
		if (v->position == 'L')
			fhir_obs(c, p, v, "ht", loinc, "8306-3", "Body height --lying", v->height_cm, "cm");
		else if (v->position == 'H')
			fhir_obs(c, p, v, "ht", loinc, "8308-9", "Body height --standing", v->height_cm, "cm");
		else
			fhir_obs(c, p, v, "ht", loinc, "8302-2", "Body height", v->height_cm, "cm");
	}
	if (!isnan(v->head_cm))
		fhir_obs(c, p, v, "hc", loinc, "9843-4", "Head Occipital-frontal circumference", v->head_cm, "cm");
	if (!isnan(v->muac_cm))
		fhir_obs(c, p, v, "muac", gv, "muac", "Mid-upper arm circumference", v->muac_cm, "cm");
	if (!isnan(v->triceps_mm))
		fhir_obs(c, p, v, "tsf", gv, "triceps-skinfold", "Triceps skinfold", v->triceps_mm, "mm");
	if (!isnan(v->subscap_mm))
		fhir_obs(c, p, v, "ssf", gv, "subscapular-skinfold", "Subscapular skinfold", v->subscap_mm, "mm");
	if (v->oedema)
		fhir_obs(c, p, v, "oed", gv, "oedema", "Bilateral pitting oedema", 1, NULL);
	return c->werr;
}

int export_run(gv_store *st, const export_opts *o, FILE *out, export_counts *n, char *err, size_t errsz)
{
	ectx c;
	memset(&c, 0, sizeof c);
	memset(n, 0, sizeof *n);
	c.o = o;
	c.st = st;
	c.out = out;
	c.n = n;
	c.first = 1;
	growth_default_options(&c.gopt);
	c.gopt.policy = o->policy;
	if (o->deidentify && store_pseudonym_key(st, c.key) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	store_rc r;
	int cbret = 0;
	if (o->fhir) {
		if (!o->ndjson)
			buf_puts(&c.b, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
		r = store_each_visit(st, o->patient_id, fhir_cb, &c, &cbret);
		if (!o->ndjson)
			buf_puts(&c.b, c.first ? "]}\n" : "\n]}\n");
		flush(&c);
	} else if (o->json) {
		fputs("[", out);
		r = store_each_visit(st, o->patient_id, json_cb, &c, &cbret);
		json_flush_patient(&c);
		fputs(c.first ? "]\n" : "\n]\n", out);
	} else {
		buf_puts(&c.b, o->deidentify ? csv_head_deid : csv_head);
		zrow_header(&c.b);
		buf_putc(&c.b, '\n');
		r = store_each_visit(st, o->patient_id, csv_row_cb, &c, &cbret);
		flush(&c);
	}
	if (c.jpat)
		cJSON_Delete(c.jpat);
	int bad_buf = !buf_ok(&c.b);
	buf_free(&c.b);
	if (r != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	if (fflush(out) != 0 || ferror(out) || c.werr || bad_buf) {
		snprintf(err, errsz, "write error: %s", bad_buf ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}
