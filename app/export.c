/* export.c — CSV and JSON exports with computed z-scores (see export.h). */
#include "app/export.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "app/csv.h"
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

void export_pseudonym(const unsigned char key[32], const gv_patient *p, char *out, size_t n)
{
	char msg[96];
	if (p->ext_id[0])
		snprintf(msg, sizeof msg, "ext:%s", p->ext_id);
	else
		snprintf(msg, sizeof msg, "id:%lld", (long long)p->id);
	unsigned char mac[32];
	sha256_hmac(key, 32, msg, strlen(msg), mac);
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	snprintf(out, n, "gv-%s", hex);
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

static void flush(ectx *c)
{
	if (c->b.len && fwrite(c->b.p, 1, c->b.len, c->out) != c->b.len)
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
		zrow_values(b, NULL, "");
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
	gv_status st = compute(c, p, v, &r);
	if (st != GV_OK)
		c->n->errors++;
	zrow_values(b, st == GV_OK ? &r : NULL, st == GV_OK ? NULL : gv_strerror(st));
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
	if (fprintf(c->out, "%s%s", c->first ? "\n" : ",\n", s) < 0)
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
	if (o->json) {
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
