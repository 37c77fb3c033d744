/* fhir.c — FHIR R4 JSON into the store (see fhir.h). */
#include "app/fhir.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/age.h"

enum kind { K_WEIGHT, K_HEIGHT, K_LENGTH, K_STATURE, K_HEAD, K_BMI, K_PCT };

static const struct loinc {
	const char *code;
	enum kind kind;
	const char *what;
} loincs[] = {
	{"29463-7", K_WEIGHT, "body weight"},
	{"3141-9", K_WEIGHT, "body weight"},
	{"8302-2", K_HEIGHT, "body height"},
	{"8306-3", K_LENGTH, "body length"},
	{"8308-9", K_STATURE, "standing height"},
	{"9843-4", K_HEAD, "head circumference"},
	{"8287-5", K_HEAD, "head circumference"},
	{"39156-5", K_BMI, "BMI"},
	{"59576-9", K_PCT, "BMI percentile"},
	{"8289-1", K_PCT, "head circumference percentile"},
	{"77606-2", K_PCT, "weight-for-length percentile"},
};

static const struct unit {
	const char *ucum;
	int mass;       /* 1 mass, 0 length */
	double factor;  /* to kg or cm */
} units[] = {
	{"kg", 1, 1}, {"g", 1, 0.001}, {"[lb_av]", 1, GV_KG_PER_LB}, {"[oz_av]", 1, GV_KG_PER_LB / 16},
	{"cm", 0, 1}, {"mm", 0, 0.1},  {"m", 0, 100},              {"[in_i]", 0, GV_CM_PER_IN},
	{"[ft_i]", 0, 30.48},
};

/* A patient resource of the file. */
typedef struct fpat {
	gv_patient p;     /* as given (unknown fields unknown) */
	gv_patient m;     /* resolved / stored */
	char where[96];
	int ok;           /* resolved without error */
} fpat;

/* A reference key -> patient index (or, for patients found in the store, -1 - dbindex). */
typedef struct fref {
	char *key;
	int pat;
} fref;

/* A growth observation (or one component of one). */
typedef struct fobs {
	char *subject;    /* reference as written */
	int pat;          /* resolved: index in pats, or -1 */
	int32_t date;
	int time_min;
	enum kind kind;
	double value;     /* canonical (kg, cm) or as given (BMI, %) */
	double half_ulp;  /* half a unit of the last digit as written, canonical units */
	char code[24], unit[24];
	char where[96];
	long seq;
	int bad;
} fobs;

typedef struct fctx {
	ingest *in;
	gv_store *st;
	fpat *pats;
	size_t npats, cappats;
	fref *refs;
	size_t nrefs, caprefs;
	fobs *obs;
	size_t nobs, capobs;
	long skipped_quiet;
	int oom;
} fctx;

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? *cap * 2 : 64;
	void *q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

int fhir_decimals(double x)
{
	char b[64];
	for (int d = 0; d < 10; d++) {
		snprintf(b, sizeof b, "%.*f", d, x);
		if (strtod(b, NULL) == x)
			return d;
	}
	return 9;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int add_ref(fctx *c, const char *key, int pat)
{
	if (!key || !*key)
		return 0;
	fref *r = grow(c->refs, &c->caprefs, c->nrefs, sizeof *r);
	if (!r)
		return -1;
	c->refs = r;
	if (!(r[c->nrefs].key = strdup(key)))
		return -1;
	r[c->nrefs++].pat = pat;
	return 0;
}

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const fref *)a)->key, ((const fref *)b)->key);
}

/* ------------------------------------------------------------------ Patient */

static void patient_name(const cJSON *res, char *out, size_t n)
{
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(res, "name"), *pick = NULL, *nm;
	out[0] = '\0';
	cJSON_ArrayForEach(nm, names) {
		const char *use = str(nm, "use");
		if (!pick || (use && strcmp(use, "official") == 0 && !(str(pick, "use") && strcmp(str(pick, "use"), "official") == 0)))
			pick = nm;
	}
	if (!pick)
		return;
	const char *text = str(pick, "text");
	if (text) {
		snprintf(out, n, "%s", text);
		return;
	}
	size_t len = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(pick, "given")) {
		if (cJSON_IsString(g) && len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "", g->valuestring);
	}
	const char *fam = str(pick, "family");
	if (fam && len < n)
		snprintf(out + len, n - len, "%s%s", len ? " " : "", fam);
}

static void on_patient(fctx *c, const cJSON *res, const char *full_url)
{
	ingest *in = c->in;
	const char *id = str(res, "id");
	char where[96];
	snprintf(where, sizeof where, "Patient/%s", id ? id : "?");
	if (!id || !*id) {
		/* A transaction bundle may give only a fullUrl: its last segment is the id. */
		const char *slash = full_url ? strrchr(full_url, ':') : NULL;
		const char *s2 = full_url ? strrchr(full_url, '/') : NULL;
		if (s2 > slash)
			slash = s2;
		id = slash ? slash + 1 : NULL;
		if (!id || !*id) {
			ingest_bad(in, where, "no id");
			return;
		}
		snprintf(where, sizeof where, "Patient/%s", id);
	}
	fpat *np = grow(c->pats, &c->cappats, c->npats, sizeof *np);
	if (!np) {
		c->oom = 1;
		return;
	}
	c->pats = np;
	fpat *fp = &c->pats[c->npats];
	memset(fp, 0, sizeof *fp);
	snprintf(fp->where, sizeof fp->where, "%s", where);
	gv_patient *p = &fp->p;
	record_patient_init(p);
	p->birth_date = STORE_NO_DATE;
	int pidx = (int)c->npats++;
	char key[160];
	snprintf(key, sizeof key, "Patient/%s", id);
	if (add_ref(c, key, pidx) < 0 || (full_url && add_ref(c, full_url, pidx) < 0)) {
		c->oom = 1;
		return;
	}
	if (strlen(id) >= sizeof p->ext_id) {
		ingest_bad(in, where, "id longer than %zu bytes", sizeof p->ext_id - 1);
		return;
	}
	snprintf(p->ext_id, sizeof p->ext_id, "%s", id);
	const char *g = str(res, "gender");
	if (g && strcmp(g, "male") == 0)
		p->sex = GV_MALE;
	else if (g && strcmp(g, "female") == 0)
		p->sex = GV_FEMALE;
	else {
		ingest_bad(in, where, "gender '%s': growth charts need male or female", g ? g : "(missing)");
		return;
	}
	const char *bd = str(res, "birthDate");
	if (!bd || age_parse_date(bd, strlen(bd), &p->birth_date) != GV_OK) {
		ingest_bad(in, where, "birthDate '%s' is not a full date (YYYY-MM-DD)", bd ? bd : "(missing)");
		p->birth_date = STORE_NO_DATE;
		return;
	}
	if (p->birth_date > ingest_today(in)) {
		ingest_bad(in, where, "birthDate %s is in the future", bd);
		return;
	}
	patient_name(res, p->name, sizeof p->name);
	if (ingest_resolve(in, p, where, &fp->m) == 0)
		fp->ok = 1;
}

/* ------------------------------------------------------------------ Observation */

static const struct loinc *find_code(const cJSON *code)
{
	const cJSON *cd;
	cJSON_ArrayForEach(cd, cJSON_GetObjectItemCaseSensitive(code, "coding")) {
		const char *sys = str(cd, "system"), *cc = str(cd, "code");
		if (!sys || !cc || strcmp(sys, "http://loinc.org") != 0)
			continue;
		for (size_t i = 0; i < sizeof loincs / sizeof loincs[0]; i++)
			if (strcmp(loincs[i].code, cc) == 0)
				return &loincs[i];
	}
	return NULL;
}

/* Date and time of an observation; -1 (reported) when missing or malformed. */
static int effective(fctx *c, const cJSON *res, const char *where, int32_t *date, int *time_min)
{
	const char *t = str(res, "effectiveDateTime");
	if (!t)
		t = str(cJSON_GetObjectItemCaseSensitive(res, "effectivePeriod"), "start");
	if (!t)
		t = str(res, "effectiveInstant");
	if (!t) {
		ingest_bad(c->in, where, "no effective date");
		return -1;
	}
	size_t n = strlen(t);
	if (age_parse_date(t, n, date) != GV_OK) {
		ingest_bad(c->in, where, "effective date '%s' is not precise to the day", t);
		return -1;
	}
	*time_min = -1;
	if (n >= 16 && t[10] == 'T' && t[13] == ':' && t[11] >= '0' && t[11] <= '2' && t[12] >= '0' && t[12] <= '9' &&
	    t[14] >= '0' && t[14] <= '5' && t[15] >= '0' && t[15] <= '9') {
		int h = (t[11] - '0') * 10 + t[12] - '0', m = (t[14] - '0') * 10 + t[15] - '0';
		if (h < 24)
			*time_min = h * 60 + m;
	}
	return 0;
}

/* One code + value (an Observation or one of its components). */
static void on_value(fctx *c, const cJSON *res, const cJSON *holder, const struct loinc *lc, const char *subject,
		     const char *where)
{
	ingest *in = c->in;
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(holder, "valueQuantity");
	if (!q) {
		const cJSON *dar = cJSON_GetObjectItemCaseSensitive(holder, "dataAbsentReason");
		const char *why = NULL;
		const cJSON *cd = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(dar, "coding"), 0);
		why = cd ? str(cd, "code") : str(dar, "text");
		if (dar)
			ingest_bad(in, where, "%s: no value (dataAbsentReason %s)", lc->what, why ? why : "given");
		else
			ingest_bad(in, where, "%s: no valueQuantity", lc->what);
		return;
	}
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(q, "value");
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		ingest_bad(in, where, "%s: valueQuantity.value is not a number", lc->what);
		return;
	}
	const char *sys = str(q, "system"), *ucum = str(q, "code");
	if (!ucum || (sys && strcmp(sys, "http://unitsofmeasure.org") != 0))
		ucum = str(q, "unit");
	if (!ucum)
		ucum = "";
	fobs o;
	memset(&o, 0, sizeof o);
	o.kind = lc->kind;
	o.pat = -1;
	snprintf(o.where, sizeof o.where, "%s", where);
	snprintf(o.code, sizeof o.code, "%s", lc->code);
	snprintf(o.unit, sizeof o.unit, "%s", ucum);
	double x = v->valuedouble;
	double half = 0.5 * pow(10, -fhir_decimals(x));
	if (lc->kind == K_BMI || lc->kind == K_PCT) {
		const char *want = lc->kind == K_BMI ? "kg/m2" : "%";
		if (strcmp(ucum, want) != 0) {
			ingest_bad(in, where, "%s: unit '%s' (expected '%s')", lc->what, ucum, want);
			return;
		}
		o.value = x;
		o.half_ulp = half;
	} else {
		int mass = lc->kind == K_WEIGHT;
		const struct unit *u = NULL;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (units[i].mass == mass && strcmp(units[i].ucum, ucum) == 0)
				u = &units[i];
		if (!u) {
			ingest_bad(in, where, "%s: unit '%s' is not a UCUM %s unit (%s)", lc->what, ucum,
				   mass ? "mass" : "length", mass ? "kg, g, [lb_av], [oz_av]" : "cm, mm, m, [in_i], [ft_i]");
			return;
		}
		o.value = x * u->factor;
		o.half_ulp = half * u->factor;
	}
	if (effective(c, res, where, &o.date, &o.time_min) < 0)
		return;
	if (!(o.subject = strdup(subject))) {
		c->oom = 1;
		return;
	}
	fobs *no = grow(c->obs, &c->capobs, c->nobs, sizeof *no);
	if (!no) {
		free(o.subject);
		c->oom = 1;
		return;
	}
	c->obs = no;
	o.seq = (long)c->nobs;
	c->obs[c->nobs++] = o;
}

static void on_observation(fctx *c, const cJSON *res)
{
	const char *id = str(res, "id");
	char where[96];
	snprintf(where, sizeof where, "Observation/%s", id ? id : "?");
	const char *status = str(res, "status");
	if (status && (strcmp(status, "entered-in-error") == 0 || strcmp(status, "cancelled") == 0)) {
		c->skipped_quiet++;
		return;
	}
	const struct loinc *lc = find_code(cJSON_GetObjectItemCaseSensitive(res, "code"));
	const char *subject = str(cJSON_GetObjectItemCaseSensitive(res, "subject"), "reference");
	int used = 0;
	if (lc) {
		used = 1;
		if (!subject)
			ingest_bad(c->in, where, "%s: no subject reference", lc->what);
		else
			on_value(c, res, res, lc, subject, where);
	}
	/* Panels carry the values in components. */
	const cJSON *comp;
	int i = 0;
	cJSON_ArrayForEach(comp, cJSON_GetObjectItemCaseSensitive(res, "component")) {
		const struct loinc *cl = find_code(cJSON_GetObjectItemCaseSensitive(comp, "code"));
		char w2[128];
		snprintf(w2, sizeof w2, "%s#component[%d]", where, i++);
		if (!cl)
			continue;
		used = 1;
		if (!subject)
			ingest_bad(c->in, w2, "%s: no subject reference", cl->what);
		else
			on_value(c, res, comp, cl, subject, w2);
	}
	if (!used)
		c->skipped_quiet++;
}

static void on_resource(fctx *c, const cJSON *res, const char *full_url, int pass)
{
	const char *type = str(res, "resourceType");
	if (!type) {
		if (pass == 0)
			c->skipped_quiet++;
		return;
	}
	if (strcmp(type, "Patient") == 0) {
		if (pass == 0)
			on_patient(c, res, full_url);
	} else if (strcmp(type, "Observation") == 0) {
		if (pass == 1)
			on_observation(c, res);
	} else if (strcmp(type, "Bundle") == 0) {
		const cJSON *e;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "entry")) {
			const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "resource");
			if (cJSON_IsObject(r))
				on_resource(c, r, str(e, "fullUrl"), pass);
		}
	} else if (pass == 0) {
		c->skipped_quiet++;
	}
}

/* ------------------------------------------------------------------ resolution and visits */

/* Patient index of a reference: the file's patients, else the store's. */
static int resolve_subject(fctx *c, fobs *o, gv_patient **dbpats, size_t *ndb, size_t *capdb)
{
	fref key = {o->subject, 0};
	fref *hit = c->nrefs ? bsearch(&key, c->refs, c->nrefs, sizeof *c->refs, cmp_ref) : NULL;
	if (hit)
		return hit->pat;
	/* Not in the file: a patient imported before (e.g. Patient.ndjson, then Observation.ndjson). */
	const char *id = o->subject;
	if (strncmp(id, "Patient/", 8) == 0)
		id += 8;
	else if (strncmp(id, "urn:uuid:", 9) == 0)
		id += 9;
	else {
		const char *s = strstr(id, "/Patient/");
		if (s)
			id = s + 9;
	}
	gv_patient p;
	if (store_patient_find(c->st, id, &p) != STORE_OK)
		return -1;
	gv_patient *nd = grow(*dbpats, capdb, *ndb, sizeof *nd);
	if (!nd) {
		c->oom = 1;
		return -1;
	}
	*dbpats = nd;
	nd[*ndb] = p;
	/* Remember the key for the next observation of this patient. */
	int idx = -2 - (int)(*ndb)++;
	if (add_ref(c, o->subject, idx) == 0)
		qsort(c->refs, c->nrefs, sizeof *c->refs, cmp_ref);
	return idx;
}

static int cmp_obs(const void *a, const void *b)
{
	const fobs *x = a, *y = b;
	if (x->pat != y->pat)
		return x->pat < y->pat ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->time_min != y->time_min)
		return x->time_min < y->time_min ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A visit being assembled, with the precision of its values. */
typedef struct fvisit {
	gv_visit v;
	double hw, hh;     /* half ulp of weight and height as written */
} fvisit;

/* Put measurement o into one of the visits vs[0..*nv) of its moment (same value: duplicate). */
static void place(fctx *c, fvisit *vs, size_t *nv, size_t max, const fobs *o)
{
	for (size_t i = 0; i <= *nv && i < max; i++) {
		fvisit *fv = &vs[i];
		if (i == *nv) {
			record_visit_init(&fv->v);
			fv->v.date = o->date;
			fv->v.time_min = o->time_min;
			fv->hw = fv->hh = NAN;
			(*nv)++;
		}
		double *slot = NULL;
		char pos = 0;
		switch (o->kind) {
		case K_WEIGHT: slot = &fv->v.weight_kg; break;
		case K_HEIGHT: slot = &fv->v.height_cm; break;
		case K_LENGTH: slot = &fv->v.height_cm; pos = 'L'; break;
		case K_STATURE: slot = &fv->v.height_cm; pos = 'H'; break;
		case K_HEAD: slot = &fv->v.head_cm; break;
		default: return;
		}
		if (isnan(*slot)) {
			*slot = o->value;
			if (slot == &fv->v.height_cm)
				fv->v.position = pos;
			if (o->kind == K_WEIGHT)
				fv->hw = o->half_ulp;
			else if (slot == &fv->v.height_cm)
				fv->hh = o->half_ulp;
			return;
		}
		if (*slot == o->value && (slot != &fv->v.height_cm || fv->v.position == pos)) {
			ingest_count_dup(c->in);
			return;
		}
	}
	ingest_bad(c->in, o->where, "too many values at the same moment");
}

/* Compare a reported BMI with weight/height^2 of a visit of the same date. */
static void check_bmi(fctx *c, const fobs *o, const fvisit *vs, size_t nv)
{
	const fvisit *best = NULL;
	for (size_t i = 0; i < nv; i++) {
		const fvisit *fv = &vs[i];
		if (fv->v.date != o->date || isnan(fv->v.weight_kg) || isnan(fv->v.height_cm))
			continue;
		if (!best || (fv->v.time_min == o->time_min && best->v.time_min != o->time_min))
			best = fv;
	}
	if (!best)
		return;
	double w = best->v.weight_kg, h = best->v.height_cm / 100;
	double bmi = w / (h * h);
	/* The three values were rounded as written: |d BMI| <= BMI (dw/w + 2 dh/h) + d BMI_written. */
	double tol = bmi * (best->hw / w + 2 * best->hh / best->v.height_cm) + o->half_ulp;
	tol = tol * 1.01 + 1e-9;
	if (fabs(bmi - o->value) > tol) {
		char d[16];
		age_format_date(o->date, d);
		ingest_warn(c->in, o->where,
			    "reported BMI %g differs from %.2f computed from weight %g kg and height %g cm of %s"
			    " (by %.2f; rounding explains %.2f)",
			    o->value, bmi, w, best->v.height_cm, d, fabs(bmi - o->value), tol);
	}
}

static int visit_cmp(const void *a, const void *b)
{
	const fvisit *x = a, *y = b;
	if (x->v.date != y->v.date)
		return x->v.date < y->v.date ? -1 : 1;
	return (x->v.time_min > y->v.time_min) - (x->v.time_min < y->v.time_min);
}

static void import_all(fctx *c)
{
	ingest *in = c->in;
	if (c->nrefs)
		qsort(c->refs, c->nrefs, sizeof *c->refs, cmp_ref);
	gv_patient *dbpats = NULL;
	size_t ndb = 0, capdb = 0;

	/* Resolve subjects and check each observation against its patient. */
	for (size_t i = 0; i < c->nobs && !c->oom; i++) {
		fobs *o = &c->obs[i];
		o->pat = resolve_subject(c, o, &dbpats, &ndb, &capdb);
		o->bad = 1;
		if (o->pat == -1) {
			ingest_bad(in, o->where, "subject %s is not a Patient of this file or of the database", o->subject);
			continue;
		}
		const gv_patient *p = o->pat >= 0 ? &c->pats[o->pat].m : &dbpats[-2 - o->pat];
		if (o->pat >= 0 && !c->pats[o->pat].ok) {
			ingest_skip(in, 1); /* its patient was refused (reported once) */
			continue;
		}
		gv_visit v;
		record_visit_init(&v);
		v.date = o->date;
		switch (o->kind) {
		case K_WEIGHT: v.weight_kg = o->value; break;
		case K_HEIGHT: case K_LENGTH: case K_STATURE: v.height_cm = o->value; break;
		case K_HEAD: v.head_cm = o->value; break;
		default: break;
		}
		if (ingest_check_visit(in, p, &v, o->where) < 0)
			continue;
		if (o->kind == K_PCT && (o->value < 0 || o->value > 100)) {
			ingest_bad(in, o->where, "percentile %g outside 0-100", o->value);
			continue;
		}
		o->bad = 0;
	}
	/* Write the file's patients. */
	for (size_t i = 0; i < c->npats && !ingest_failed(in); i++) {
		if (!c->pats[i].ok)
			continue;
		int k = ingest_apply(in, &c->pats[i].m, c->pats[i].where);
		if (k == -2)
			c->pats[i].ok = 0; /* the same id twice in the file, with other data (reported) */
		else if (k < 0)
			break;
	}
	/* Visits and reported values, patient by patient, moment by moment. */
	if (c->nobs)
		qsort(c->obs, c->nobs, sizeof *c->obs, cmp_obs);
	fvisit *vs = NULL;
	size_t capv = 0;
	for (size_t i = 0; i < c->nobs && !ingest_failed(in) && !c->oom;) {
		size_t j = i;
		while (j < c->nobs && c->obs[j].pat == c->obs[i].pat)
			j++;
		int pat = c->obs[i].pat;
		if (pat == -1 || (pat >= 0 && !c->pats[pat].ok)) {
			i = j;
			continue;
		}
		int64_t pid = pat >= 0 ? c->pats[pat].m.id : dbpats[-2 - pat].id;
		/* Assemble this patient's visits. */
		size_t nv = 0;
		for (size_t k = i; k < j;) {
			size_t e = k;
			while (e < j && c->obs[e].date == c->obs[k].date && c->obs[e].time_min == c->obs[k].time_min)
				e++;
			size_t base = nv, n = 0, need = nv + (e - k);
			if (need > capv) {
				size_t nc = capv ? capv : 64;
				while (nc < need)
					nc *= 2;
				fvisit *g = realloc(vs, nc * sizeof *vs);
				if (!g) {
					c->oom = 1;
					break;
				}
				vs = g;
				capv = nc;
			}
			for (size_t m = k; m < e; m++)
				if (!c->obs[m].bad && c->obs[m].kind != K_BMI && c->obs[m].kind != K_PCT)
					place(c, vs + base, &n, e - k, &c->obs[m]);
			nv += n;
			k = e;
		}
		if (nv)
			qsort(vs, nv, sizeof *vs, visit_cmp);
		for (size_t k = 0; k < nv && !ingest_failed(in); k++)
			ingest_visit(in, pid, &vs[k].v);
		for (size_t k = i; k < j && !ingest_failed(in); k++) {
			const fobs *o = &c->obs[k];
			if (o->bad || (o->kind != K_BMI && o->kind != K_PCT))
				continue;
			if (o->kind == K_BMI)
				check_bmi(c, o, vs, nv);
			store_reported r;
			memset(&r, 0, sizeof r);
			r.date = o->date;
			r.time_min = o->time_min;
			snprintf(r.code, sizeof r.code, "%s", o->code);
			snprintf(r.unit, sizeof r.unit, "%s", o->unit);
			r.value = o->value;
			ingest_reported(in, pid, &r);
		}
		i = j;
	}
	free(vs);
	free(dbpats);
}

/* ------------------------------------------------------------------ files */

static char *read_all(const char *path, size_t *n, char *err, size_t errsz)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		snprintf(err, errsz, "%s", strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (!b) {
			snprintf(err, errsz, "out of memory");
			break;
		}
		size_t k = fread(b + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
		if (len == cap) {
			char *nb = realloc(b, cap * 2 + 1);
			if (!nb) {
				free(b);
				b = NULL;
				continue;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b && ferror(f)) {
		snprintf(err, errsz, "%s", strerror(errno));
		free(b);
		b = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (b) {
		b[len] = '\0';
		*n = len;
	}
	return b;
}

/* 1 when the JSON value starting at p is cut off: its brackets never balance before end. */
static int unbalanced(const char *p, const char *end)
{
	int depth = 0, inq = 0;
	for (; p < end; p++) {
		if (inq) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				inq = 0;
		} else if (*p == '"') {
			inq = 1;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			if (--depth <= 0)
				return 0;
		}
	}
	return 1;
}

/* "LINE:COL" of position p in text. */
static void position(const char *text, const char *p, char *out, size_t n)
{
	long line = 1, col = 1;
	for (const char *q = text; q < p && *q; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(out, n, "%ld:%ld", line, col);
}

static void free_ctx(fctx *c)
{
	for (size_t i = 0; i < c->nrefs; i++)
		free(c->refs[i].key);
	for (size_t i = 0; i < c->nobs; i++)
		free(c->obs[i].subject);
	free(c->refs);
	free(c->obs);
	free(c->pats);
}

int fhir_import(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total)
{
	char err[256];
	size_t len = 0;
	char *text = read_all(path, &len, err, sizeof err);
	if (!text) {
		fprintf(o->msg ? o->msg : stderr, "%s: %s\n", path, err);
		if (total) {
			total->files++;
			total->files_failed++;
			total->errors++;
		}
		return 1;
	}
	ingest *in = ingest_begin(st, path, "fhir", o);
	if (!in) {
		free(text);
		return 2;
	}
	fctx c;
	memset(&c, 0, sizeof c);
	c.in = in;
	c.st = st;

	/* One JSON value, or NDJSON (one resource per line). */
	cJSON **docs = NULL;
	size_t ndocs = 0, capdocs = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p >= end)
			break;
		const char *stop = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
		if (!doc) {
			const char *at = cJSON_GetErrorPtr();
			char pos[48];
			position(text, at && at >= text && at <= end ? at : end, pos, sizeof pos);
			ingest_fail(in, pos, "invalid JSON%s; nothing imported from this file",
				    unbalanced(p, end) ? " (unexpected end of file: truncated?)" : "");
			break;
		}
		cJSON **nd = grow(docs, &capdocs, ndocs, sizeof *docs);
		if (!nd) {
			cJSON_Delete(doc);
			c.oom = 1;
			break;
		}
		docs = nd;
		docs[ndocs++] = doc;
		if (!cJSON_IsObject(doc)) {
			char pos[48];
			position(text, p, pos, sizeof pos);
			ingest_fail(in, pos, "not a FHIR resource (a JSON object)");
			break;
		}
		p = stop ? stop : end;
	}
	if (!ingest_failed(in) && !c.oom) {
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < ndocs; i++)
				on_resource(&c, docs[i], NULL, pass);
	}
	for (size_t i = 0; i < ndocs; i++)
		cJSON_Delete(docs[i]);
	free(docs);
	free(text);
	if (!ingest_failed(in) && !c.oom)
		import_all(&c);
	if (c.oom)
		ingest_fail(in, NULL, "out of memory");
	ingest_skip(in, c.skipped_quiet);
	free_ctx(&c);
	return ingest_end(in, total);
}
