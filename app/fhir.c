/* fhir.c — FHIR R4 JSON into the store (see fhir.h).
 *
 * Two phases.  Reading (no lock): app/jsonrd.h cuts the file into units (an NDJSON line, a
 * resource, one entry of a Bundle), each is parsed by cJSON, turned into compact records (a
 * patient, or ~40 bytes per growth observation plus its id) and freed before the next one.
 * Writing (the bulk transaction, BEGIN IMMEDIATE): patients resolved against the store, subjects
 * resolved, observations checked, patients written, visits assembled patient by patient and
 * written; then the commit.  The database's write lock is held only for the second phase. */
#include "app/fhir.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "app/jsonrd.h"
#include "core/age.h"
#include "core/limits.h"
#include "core/text.h"

/* The largest unit (an NDJSON line, a resource, a Bundle entry) read in one piece. */
#define FHIR_MAX_UNIT (64u << 20)
/* Deeper than cJSON's own limit (CJSON_NESTING_LIMIT, 1000 in cJSON 1.7) is refused before it. */
#define FHIR_MAX_DEPTH 1000

enum kind { K_WEIGHT, K_HEIGHT, K_LENGTH, K_STATURE, K_HEAD, K_MUAC, K_TRICEPS, K_SUBSCAP, K_OEDEMA, K_BMI, K_PCT };

#define LOINC "http://loinc.org"

static const struct loinc {
	const char *system, *code;
	enum kind kind;
	const char *what;
} loincs[] = {
	{LOINC, "29463-7", K_WEIGHT, "body weight"},
	{LOINC, "3141-9", K_WEIGHT, "body weight"},
	{LOINC, "8302-2", K_HEIGHT, "body height"},
	{LOINC, "8306-3", K_LENGTH, "body length"},
	{LOINC, "8308-9", K_STATURE, "standing height"},
	{LOINC, "9843-4", K_HEAD, "head circumference"},
	{LOINC, "8287-5", K_HEAD, "head circumference"},
	{LOINC, "39156-5", K_BMI, "BMI"},
	{LOINC, "59576-9", K_PCT, "BMI percentile"},
	{LOINC, "8289-1", K_PCT, "head circumference percentile"},
	{LOINC, "77606-2", K_PCT, "weight-for-length percentile"},
	/* growthview's own (export --format fhir): values no LOINC code above carries. */
	{FHIR_GV "measurement", "muac", K_MUAC, "arm circumference"},
	{FHIR_GV "measurement", "triceps-skinfold", K_TRICEPS, "triceps skinfold"},
	{FHIR_GV "measurement", "subscapular-skinfold", K_SUBSCAP, "subscapular skinfold"},
	{FHIR_GV "measurement", "oedema", K_OEDEMA, "oedema"},
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

/* ------------------------------------------------------------------ string maps */

/* Strings to int32 (open addressing, FNV-1a); the keys are owned. */
typedef struct smap {
	char **k;
	int32_t *v;
	size_t cap, n;
} smap;

static uint64_t hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

static int32_t smap_get(const smap *m, const char *k)
{
	if (!m->cap)
		return -1;
	for (size_t h = (size_t)hash(k) & (m->cap - 1); m->k[h]; h = (h + 1) & (m->cap - 1))
		if (strcmp(m->k[h], k) == 0)
			return m->v[h];
	return -1;
}

/* Set k to v unless k is there already (then its value is kept).  0, or -1 out of memory. */
static int smap_add(smap *m, const char *k, int32_t v)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		char **nk = calloc(cap, sizeof *nk);
		int32_t *nv = calloc(cap, sizeof *nv);
		if (!nk || !nv) {
			free(nk);
			free(nv);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->k[i])
				continue;
			size_t h = (size_t)hash(m->k[i]) & (cap - 1);
			while (nk[h])
				h = (h + 1) & (cap - 1);
			nk[h] = m->k[i];
			nv[h] = m->v[i];
		}
		free(m->k);
		free(m->v);
		m->k = nk;
		m->v = nv;
		m->cap = cap;
	}
	size_t h = (size_t)hash(k) & (m->cap - 1);
	for (; m->k[h]; h = (h + 1) & (m->cap - 1))
		if (strcmp(m->k[h], k) == 0)
			return 0;
	if (!(m->k[h] = strdup(k)))
		return -1;
	m->v[h] = v;
	m->n++;
	return 0;
}

static void smap_free(smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->k[i]);
	free(m->k);
	free(m->v);
}

/* ------------------------------------------------------------------ what phase 1 keeps */

/* A Patient resource of the file. */
typedef struct fpat {
	gv_patient p;     /* as given (unknown fields unknown); phase 2: as resolved and stored */
	char where[96];
	int ok;           /* read without error and not given twice with other data */
	int twice;        /* 1: given twice with other data (the second copy is the error); 2: a later
			   * copy was refused (its error says why) */
	long nskipped;    /* its observations, skipped because it was refused */
} fpat;

/* A subject reference as written, and the patient it resolves to in phase 2: an index in pats,
 * -2 - i for the store's patient dbpats[i], -1 for none. */
typedef struct fsubj {
	char *key;
	int pat;
} fsubj;

/* A growth observation (or one component of one): 48 bytes, and its id in the arena. */
typedef struct fobs {
	double value;     /* canonical (kg, cm) or as given (BMI, %) */
	float half_ulp;   /* half a unit of the last digit as written, canonical units */
	int32_t date;
	int32_t subj;     /* index in subjects */
	uint32_t id;      /* offset of Observation.id in the arena */
	uint32_t seq;
	int32_t pat;      /* phase 2: resolved patient (as fsubj.pat) */
	uint32_t vkey;    /* FHIR_GV "visit" (hashed; 0 none): the values of one visit */
	int16_t time_min;
	uint8_t kind, code; /* enum kind, index in loincs */
	uint8_t bad;
	uint8_t comp;     /* 0, or 1 + the index of the component that holds the value */
} fobs;

typedef struct fctx {
	ingest *in;
	gv_store *st;
	fpat *pats;
	size_t npats, cappats;
	smap refs;        /* "Patient/<id>", fullUrl -> index in pats */
	smap ids;         /* Patient.id -> index in pats (a patient given twice) */
	smap subjmap;     /* reference as written -> index in subjects */
	fsubj *subjects;
	size_t nsubj, capsubj;
	fobs *obs;
	size_t nobs, capobs;
	char *arena;      /* the observations' "where", NUL-separated */
	size_t alen, acap;
	long skipped_quiet;
	int oom;
} fctx;

/* Room for element n (capacity *cap grown by half: the arrays of a large file are most of the
 * importer's memory). */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? *cap + *cap / 2 : 64;
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

/* Offset of a copy of s in the arena; UINT32_MAX when out of memory. */
static uint32_t arena_put(fctx *c, const char *s)
{
	size_t n = strlen(s) + 1;
	if (c->alen + n > UINT32_MAX)
		return UINT32_MAX;
	if (c->alen + n > c->acap) {
		size_t cap = c->acap ? c->acap : 1 << 16;
		while (cap < c->alen + n)
			cap += cap / 2;
		char *a = realloc(c->arena, cap);
		if (!a)
			return UINT32_MAX;
		c->arena = a;
		c->acap = cap;
	}
	memcpy(c->arena + c->alen, s, n);
	uint32_t off = (uint32_t)c->alen;
	c->alen += n;
	return off;
}

/* The value of extension FHIR_GV name of resource res (its "value..." member), or NULL. */
static const cJSON *gv_extension(const cJSON *res, const char *name)
{
	const cJSON *e;
	size_t n = strlen(FHIR_GV);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "extension")) {
		const char *url = str(e, "url");
		if (!url || strncmp(url, FHIR_GV, n) != 0 || strcmp(url + n, name) != 0)
			continue;
		const cJSON *v;
		cJSON_ArrayForEach(v, e) {
			if (v->string && strncmp(v->string, "value", 5) == 0)
				return v;
		}
	}
	return NULL;
}

/* A height in cm from a valueQuantity in cm (growthview's extensions); NAN when absent. */
static double gv_cm(const cJSON *q)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(q, "value");
	const char *u = str(q, "code");
	return cJSON_IsNumber(v) && u && strcmp(u, "cm") == 0 ? v->valuedouble : NAN;
}

/* ------------------------------------------------------------------ Patient */

/* The official name (else the first): text, else given + family, as one string into out (n
 * bytes); its full length is returned (>= n: it did not fit). */
static size_t patient_name(const cJSON *res, char *out, size_t n)
{
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(res, "name"), *pick = NULL, *nm;
	out[0] = '\0';
	cJSON_ArrayForEach(nm, names) {
		const char *use = str(nm, "use");
		if (!pick || (use && strcmp(use, "official") == 0 && !(str(pick, "use") && strcmp(str(pick, "use"), "official") == 0)))
			pick = nm;
	}
	if (!pick)
		return 0;
	const char *text = str(pick, "text");
	if (text) {
		snprintf(out, n, "%s", text);
		return strlen(text);
	}
	size_t len = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(pick, "given")) {
		if (!cJSON_IsString(g))
			continue;
		if (len < n)
			snprintf(out + len, n - len, "%s%s", len ? " " : "", g->valuestring);
		len += (len ? 1 : 0) + strlen(g->valuestring);
	}
	const char *fam = str(pick, "family");
	if (fam) {
		if (len < n)
			snprintf(out + len, n - len, "%s%s", len ? " " : "", fam);
		len += (len ? 1 : 0) + strlen(fam);
	}
	return len;
}

static int same_given(const gv_patient *a, const gv_patient *b)
{
	return a->sex == b->sex && a->birth_date == b->birth_date && strcmp(a->name, b->name) == 0;
}

/* Patient.id, else the last segment of the entry's fullUrl; where = "Patient/ID" for messages.
 * NULL when there is none (reported). */
static const char *patient_id(fctx *c, const cJSON *res, const char *full_url, char *where, size_t wsize)
{
	const char *id = str(res, "id");
	snprintf(where, wsize, "Patient/%s", id ? id : "?");
	if (!id || !*id) {
		/* A transaction bundle may give only a fullUrl: its last segment is the id. */
		const char *slash = full_url ? strrchr(full_url, ':') : NULL;
		const char *s2 = full_url ? strrchr(full_url, '/') : NULL;
		if (s2 > slash)
			slash = s2;
		id = slash ? slash + 1 : NULL;
		if (!id || !*id) {
			ingest_bad(c->in, where, "no id");
			return NULL;
		}
		snprintf(where, wsize, "Patient/%s", id);
	}
	return id;
}

/* Gender, birth date, name, growthview's extensions, and the physical limits into *p: 0, or -1
 * when the patient is refused (reported). */
static int patient_fields(fctx *c, const cJSON *res, const char *where, gv_patient *p)
{
	ingest *in = c->in;
	const char *g = str(res, "gender");
	if (g && strcmp(g, "male") == 0)
		p->sex = GV_MALE;
	else if (g && strcmp(g, "female") == 0)
		p->sex = GV_FEMALE;
	else {
		ingest_bad(in, where, "gender '%s': growth charts need male or female",
			   g ? ingest_quote(in, g, strlen(g)) : "(missing)");
		return -1;
	}
	const char *bd = str(res, "birthDate");
	if (!bd || age_parse_date(bd, strlen(bd), &p->birth_date) != GV_OK) {
		ingest_bad(in, where, "birthDate '%s' is not a full date (YYYY-MM-DD)",
			   bd ? ingest_quote(in, bd, strlen(bd)) : "(missing)");
		p->birth_date = STORE_NO_DATE;
		return -1;
	}
	if (p->birth_date > ingest_today(in)) {
		ingest_bad(in, where, "birthDate %s is in the future", bd);
		return -1;
	}
	char name[1024];
	size_t nlen = patient_name(res, name, sizeof name);
	if (nlen >= sizeof p->name) {
		ingest_bad(in, where, "name is %zu bytes long (at most %zu): '%s'", nlen, sizeof p->name - 1,
			   ingest_quote(in, name, strlen(name)));
		return -1;
	}
	if (ingest_check_text(in, where, "name", name, nlen, sizeof p->name) < 0)
		return -1;
	memcpy(p->name, name, nlen + 1);
	/* growthview's extensions: gestational age (days), parents' heights, synthetic labels. */
	const cJSON *x = gv_extension(res, "gestational-age");
	if (cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble < 7 * 100) {
		int days = (int)x->valuedouble;
		p->ga_weeks = days / 7;
		p->ga_days = days % 7;
	}
	p->mother_height_cm = gv_cm(gv_extension(res, "mother-height"));
	p->father_height_cm = gv_cm(gv_extension(res, "father-height"));
	x = gv_extension(res, "labels");
	if (cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble <= UINT32_MAX)
		p->labels = (uint32_t)x->valuedouble;
	lim_qty lq;
	if (!limits_patient_ok(p, &lq)) {
		ingest_bad(in, where, "%s outside the physical limits (%g to %g %s)", limits_of(lq)->name, limits_of(lq)->lo,
			   limits_of(lq)->hi, limits_of(lq)->unit);
		return -1;
	}
	return 0;
}

/* Given twice: the same data is one patient (the copy is skipped); other data is a conflict
 * that refuses both (which is right is not known). */
static void patient_again(fctx *c, fpat *f0, const gv_patient *p, const char *where, const char *id)
{
	ingest *in = c->in;
	if (!f0->ok) {
		/* An earlier copy was refused (for a reason of its own, or as a conflict), both reported:
		 * this copy is not compared with it (its fields may be unset) and not imported, since which
		 * copy is right is not known.  Counted once, as skipped. */
		ingest_skip_why(in, where, 1, "Patient/%s given again after a copy that was refused (see above)",
				ingest_quote(in, id, strlen(id)));
		return;
	}
	if (same_given(&f0->p, p)) {
		ingest_skip_why(in, where, 1, "Patient/%s given a second time, with the same data",
				ingest_quote(in, id, strlen(id)));
		return;
	}
	char a[16], b[16], diff[512];
	size_t dl = 0;
	diff[0] = '\0';
	if (f0->p.sex != p->sex)
		dl += (size_t)snprintf(diff + dl, sizeof diff - dl, "gender %s vs %s; ", f0->p.sex == GV_MALE ? "male" : "female",
				       p->sex == GV_MALE ? "male" : "female");
	if (f0->p.birth_date != p->birth_date) {
		age_format_date(f0->p.birth_date, a);
		age_format_date(p->birth_date, b);
		dl += (size_t)snprintf(diff + dl, sizeof diff - dl, "birthDate %s vs %s; ", a, b);
	}
	if (strcmp(f0->p.name, p->name) != 0 && dl < sizeof diff)
		dl += (size_t)snprintf(diff + dl, sizeof diff - dl, "name '%s' vs '%s'; ",
				       ingest_quote(in, f0->p.name, strlen(f0->p.name)), ingest_quote(in, p->name, strlen(p->name)));
	if (dl >= 2 && dl < sizeof diff)
		diff[dl - 2] = '\0';
	ingest_bad(in, where, "given twice in this file with different data (%s): which is right is not known, "
			      "so the patient is not imported",
		   diff);
	f0->ok = 0;
	f0->twice = 1;
}

static void on_patient(fctx *c, const cJSON *res, const char *full_url)
{
	ingest *in = c->in;
	char where[96];
	const char *id = patient_id(c, res, full_url, where, sizeof where);
	if (!id)
		return;
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

	/* The same Patient.id a second time: one patient for the references either way. */
	int32_t first = smap_get(&c->ids, id);
	int pidx = first >= 0 ? first : (int)c->npats;
	char key[160];
	snprintf(key, sizeof key, "Patient/%s", id);
	if (smap_add(&c->refs, key, pidx) < 0 || (full_url && smap_add(&c->refs, full_url, pidx) < 0) ||
	    (first < 0 && smap_add(&c->ids, id, pidx) < 0)) {
		c->oom = 1;
		return;
	}
	if (first < 0)
		c->npats++; /* refused or not, the patient is known: its observations are skipped, not lost */

	/* The external id: growthview's identifier when there is one (export --format fhir writes it
	 * when Patient.id cannot be the external id), else Patient.id.  Names and ids refused as in
	 * CSV: too long, control characters, not UTF-8 (core/text.h). */
	const char *ext = id;
	const cJSON *ident;
	cJSON_ArrayForEach(ident, cJSON_GetObjectItemCaseSensitive(res, "identifier")) {
		const char *sys = str(ident, "system"), *val = str(ident, "value");
		if (sys && val && strcmp(sys, FHIR_GV "patient-id") == 0)
			ext = val;
	}
	if (ingest_check_text(in, where, "id", ext, strlen(ext), sizeof p->ext_id) < 0)
		return;
	snprintf(p->ext_id, sizeof p->ext_id, "%s", ext);
	if (patient_fields(c, res, where, p) != 0) {
		/* A refused later copy refuses the patient: the first copy, read fine, is skipped with
		 * its observations (counted once, at the end) as for a conflict. */
		if (first >= 0 && c->pats[first].ok) {
			c->pats[first].ok = 0;
			c->pats[first].twice = 2;
		}
		return;
	}
	if (first < 0) {
		fp->ok = 1;
		return;
	}
	patient_again(c, &c->pats[first], p, where, id);
}

/* ------------------------------------------------------------------ Observation */

static int find_code(const cJSON *code)
{
	const cJSON *cd;
	cJSON_ArrayForEach(cd, cJSON_GetObjectItemCaseSensitive(code, "coding")) {
		const char *sys = str(cd, "system"), *cc = str(cd, "code");
		if (!sys || !cc)
			continue;
		for (size_t i = 0; i < sizeof loincs / sizeof loincs[0]; i++)
			if (strcmp(loincs[i].code, cc) == 0 && strcmp(loincs[i].system, sys) == 0)
				return (int)i;
	}
	return -1;
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
		ingest_bad(c->in, where, "effective date '%s' is not precise to the day", ingest_quote(c->in, t, n));
		return -1;
	}
	*time_min = -1;
	if (n >= 16 && t[10] == 'T' && t[13] == ':' && t[11] >= '0' && t[11] <= '2' && t[12] >= '0' && t[12] <= '9' &&
	    t[14] >= '0' && t[14] <= '5' && t[15] >= '0' && t[15] <= '9') {
		int h = (t[11] - '0') * 10 + t[12] - '0', m = (t[14] - '0') * 10 + t[15] - '0';
		if (h < 24)
			*time_min = h * 60 + m;
	}
	/* growthview's local time of day ("HH:MM:SS", FHIR time) beside a date alone. */
	const cJSON *lt = gv_extension(res, "local-time");
	if (cJSON_IsString(lt) && strlen(lt->valuestring) >= 5 && lt->valuestring[2] == ':') {
		const char *s = lt->valuestring;
		int ok = s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[3] >= '0' && s[3] <= '5' &&
			 s[4] >= '0' && s[4] <= '9';
		int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
		if (ok && h < 24)
			*time_min = h * 60 + m;
	}
	return 0;
}

/* One code + value (an Observation or one of its components). */
static void on_value(fctx *c, const cJSON *res, const cJSON *holder, int li, const char *subject, const char *id,
		     int comp, const char *where)
{
	ingest *in = c->in;
	const struct loinc *lc = &loincs[li];
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(holder, "valueQuantity");
	const cJSON *vb = cJSON_GetObjectItemCaseSensitive(holder, "valueBoolean");
	if (lc->kind == K_OEDEMA) {
		if (!cJSON_IsBool(vb)) {
			ingest_bad(in, where, "%s: no valueBoolean", lc->what);
			return;
		}
		if (!cJSON_IsTrue(vb)) {
			c->skipped_quiet++; /* no oedema: nothing to keep (the default) */
			return;
		}
	} else if (!q) {
		const cJSON *dar = cJSON_GetObjectItemCaseSensitive(holder, "dataAbsentReason");
		const char *why = NULL;
		const cJSON *cd = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(dar, "coding"), 0);
		why = cd ? str(cd, "code") : str(dar, "text");
		if (dar)
			ingest_bad(in, where, "%s: no value (dataAbsentReason %s)", lc->what,
				   why ? ingest_quote(in, why, strlen(why)) : "given");
		else
			ingest_bad(in, where, "%s: no valueQuantity", lc->what);
		return;
	}
	const cJSON *v = lc->kind == K_OEDEMA ? NULL : cJSON_GetObjectItemCaseSensitive(q, "value");
	if (lc->kind != K_OEDEMA && (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))) {
		ingest_bad(in, where, "%s: valueQuantity.value is not a number", lc->what);
		return;
	}
	/* A comparator makes the value a bound ("< 2.5 kg"), not a measurement: stored as exact it
	 * would be charted as one.  Skipped, with the reason (FHIR R4 Quantity.comparator). */
	const char *cmp = q ? str(q, "comparator") : NULL;
	if (cmp) {
		ingest_skip_why(in, where, 1, "%s: valueQuantity.comparator '%s' makes %g a bound, not a measurement",
				lc->what, ingest_quote(in, cmp, strlen(cmp)), v->valuedouble);
		return;
	}
	const char *sys = q ? str(q, "system") : NULL, *ucum = q ? str(q, "code") : NULL;
	if (q && (!ucum || (sys && strcmp(sys, "http://unitsofmeasure.org") != 0)))
		ucum = str(q, "unit");
	if (!ucum)
		ucum = "";
	fobs o;
	memset(&o, 0, sizeof o);
	o.kind = (uint8_t)lc->kind;
	o.code = (uint8_t)li;
	o.pat = -1;
	double x = v ? v->valuedouble : 1;
	double half = 0.5 * pow(10, -fhir_decimals(x));
	if (lc->kind == K_OEDEMA) {
		o.value = 1;
	} else if (lc->kind == K_BMI || lc->kind == K_PCT) {
		const char *want = lc->kind == K_BMI ? "kg/m2" : "%";
		if (strcmp(ucum, want) != 0) {
			ingest_bad(in, where, "%s: unit '%s' (expected '%s')", lc->what, ingest_quote(in, ucum, strlen(ucum)),
				   want);
			return;
		}
		o.value = x;
		o.half_ulp = (float)half;
	} else {
		int mass = lc->kind == K_WEIGHT;
		const struct unit *u = NULL;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (units[i].mass == mass && strcmp(units[i].ucum, ucum) == 0)
				u = &units[i];
		if (!u) {
			ingest_bad(in, where, "%s: unit '%s' is not a UCUM %s unit (%s)", lc->what,
				   ingest_quote(in, ucum, strlen(ucum)), mass ? "mass" : "length",
				   mass ? "kg, g, [lb_av], [oz_av]" : "cm, mm, m, [in_i], [ft_i]");
			return;
		}
		/* Skinfolds are kept in mm; a value already in mm is kept as written. */
		int in_mm = lc->kind == K_TRICEPS || lc->kind == K_SUBSCAP;
		o.value = in_mm && strcmp(ucum, "mm") == 0 ? x : x * u->factor * (in_mm ? 10 : 1);
		o.half_ulp = (float)(half * u->factor * (in_mm ? 10 : 1));
	}
	int tm;
	if (effective(c, res, where, &o.date, &tm) < 0)
		return;
	o.time_min = (int16_t)tm;
	const cJSON *vk = gv_extension(res, "visit");
	if (cJSON_IsString(vk)) {
		uint64_t h = hash(vk->valuestring);
		o.vkey = (uint32_t)(h ^ h >> 32);
		if (!o.vkey)
			o.vkey = 1;
	}
	int32_t si = smap_get(&c->subjmap, subject);
	if (si < 0) {
		fsubj *ns = grow(c->subjects, &c->capsubj, c->nsubj, sizeof *ns);
		if (!ns) {
			c->oom = 1;
			return;
		}
		c->subjects = ns;
		si = (int32_t)c->nsubj;
		if (!(ns[si].key = strdup(subject)) || smap_add(&c->subjmap, subject, si) < 0) {
			free(ns[si].key);
			c->oom = 1;
			return;
		}
		ns[si].pat = -1;
		c->nsubj++;
	}
	o.subj = si;
	o.comp = (uint8_t)(comp > 254 ? 255 : comp);
	if ((o.id = arena_put(c, id)) == UINT32_MAX) {
		c->oom = 1;
		return;
	}
	fobs *no = grow(c->obs, &c->capobs, c->nobs, sizeof *no);
	if (!no) {
		c->oom = 1;
		return;
	}
	c->obs = no;
	o.seq = (uint32_t)c->nobs;
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
	int li = find_code(cJSON_GetObjectItemCaseSensitive(res, "code"));
	const char *subject = str(cJSON_GetObjectItemCaseSensitive(res, "subject"), "reference");
	int used = 0;
	if (li >= 0) {
		used = 1;
		if (!subject)
			ingest_bad(c->in, where, "%s: no subject reference", loincs[li].what);
		else
			on_value(c, res, res, li, subject, id ? id : "?", 0, where);
	}
	/* Panels carry the values in components. */
	const cJSON *comp;
	int i = 0;
	cJSON_ArrayForEach(comp, cJSON_GetObjectItemCaseSensitive(res, "component")) {
		int cl = find_code(cJSON_GetObjectItemCaseSensitive(comp, "code"));
		char w2[128];
		snprintf(w2, sizeof w2, "%s#component[%d]", where, i++);
		if (cl < 0)
			continue;
		used = 1;
		if (!subject)
			ingest_bad(c->in, w2, "%s: no subject reference", loincs[cl].what);
		else
			on_value(c, res, comp, cl, subject, id ? id : "?", i, w2);
	}
	if (!used)
		c->skipped_quiet++;
}

static void on_resource(fctx *c, const cJSON *res, const char *full_url)
{
	const char *type = str(res, "resourceType");
	if (!type) {
		c->skipped_quiet++;
		return;
	}
	if (strcmp(type, "Patient") == 0) {
		on_patient(c, res, full_url);
	} else if (strcmp(type, "Observation") == 0) {
		on_observation(c, res);
	} else if (strcmp(type, "Bundle") == 0) {
		/* A Bundle read whole (nested in another, or its entries were not cut out). */
		const cJSON *e;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "entry")) {
			const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "resource");
			if (cJSON_IsObject(r))
				on_resource(c, r, str(e, "fullUrl"));
		}
	} else {
		c->skipped_quiet++;
	}
}

/* ------------------------------------------------------------------ phase 2: resolution and visits */

/* Patient of subject reference s: the file's patients, else the store's (imported before, e.g.
 * Patient.ndjson then Observation.ndjson): an index in pats, -2 - i for dbpats[i], -1 none. */
static int resolve_subject(fctx *c, const char *s, gv_patient **dbpats, size_t *ndb, size_t *capdb)
{
	int32_t hit = smap_get(&c->refs, s);
	if (hit >= 0)
		return hit;
	const char *id = s;
	if (strncmp(id, "Patient/", 8) == 0)
		id += 8;
	else if (strncmp(id, "urn:uuid:", 9) == 0)
		id += 9;
	else {
		const char *p = strstr(id, "/Patient/");
		if (p)
			id = p + 9;
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
	return -2 - (int)(*ndb)++;
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
	if (x->vkey != y->vkey)
		return x->vkey < y->vkey ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A visit being assembled, with the precision of its values. */
typedef struct fvisit {
	gv_visit v;
	double hw, hh;     /* half ulp of weight and height as written */
} fvisit;

/* "Observation/<id>[#component[i]]" of o, in a buffer that lasts until the next call. */
static const char *owhere(const fctx *c, const fobs *o)
{
	static char w[160];
	if (o->comp)
		snprintf(w, sizeof w, "Observation/%.100s#component[%d]", c->arena + o->id, o->comp - 1);
	else
		snprintf(w, sizeof w, "Observation/%.100s", c->arena + o->id);
	return w;
}

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
		case K_MUAC: slot = &fv->v.muac_cm; break;
		case K_TRICEPS: slot = &fv->v.triceps_mm; break;
		case K_SUBSCAP: slot = &fv->v.subscap_mm; break;
		case K_OEDEMA:
			if (fv->v.oedema) /* said twice: once is enough */
				ingest_count_dup(c->in);
			fv->v.oedema = 1;
			return;
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
	ingest_bad(c->in, owhere(c, o), "too many values at the same moment");
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
		ingest_warn(c->in, owhere(c, o),
			    "reported BMI %g differs from %.2f computed from weight %g kg and height %g cm of %s"
			    " (by %.2f; rounding explains %.2f)",
			    o->value, bmi, w, best->v.height_cm, d, fabs(bmi - o->value), tol);
	}
}

static void import_all(fctx *c)
{
	ingest *in = c->in;
	gv_patient *dbpats = NULL;
	size_t ndb = 0, capdb = 0;

	/* The file's patients against the store (inside the transaction: consistent). */
	for (size_t i = 0; i < c->npats && !ingest_failed(in); i++)
		if (c->pats[i].ok) {
			gv_patient m;
			if (ingest_resolve(in, &c->pats[i].p, c->pats[i].where, &m) == 0)
				c->pats[i].p = m;
			else
				c->pats[i].ok = 0;
		}
	/* Subjects to patients. */
	for (size_t i = 0; i < c->nsubj && !c->oom && !ingest_failed(in); i++)
		c->subjects[i].pat = resolve_subject(c, c->subjects[i].key, &dbpats, &ndb, &capdb);

	/* Check each observation against its patient, in file order. */
	for (size_t i = 0; i < c->nobs && !c->oom && !ingest_failed(in); i++) {
		fobs *o = &c->obs[i];
		o->pat = c->subjects[o->subj].pat;
		o->bad = 1;
		if (o->pat == -1) {
			const char *s = c->subjects[o->subj].key;
			ingest_bad(in, owhere(c, o), "subject %s is not a Patient of this file or of the database",
				   ingest_quote(in, s, strlen(s)));
			continue;
		}
		if (o->pat >= 0 && !c->pats[o->pat].ok) {
			c->pats[o->pat].nskipped++; /* its patient was refused: said once, below */
			continue;
		}
		const gv_patient *p = o->pat >= 0 ? &c->pats[o->pat].p : &dbpats[-2 - o->pat];
		gv_visit v;
		record_visit_init(&v);
		v.date = o->date;
		switch (o->kind) {
		case K_WEIGHT: v.weight_kg = o->value; break;
		case K_HEIGHT: case K_LENGTH: case K_STATURE: v.height_cm = o->value; break;
		case K_HEAD: v.head_cm = o->value; break;
		case K_MUAC: v.muac_cm = o->value; break;
		case K_TRICEPS: v.triceps_mm = o->value; break;
		case K_SUBSCAP: v.subscap_mm = o->value; break;
		default: break;
		}
		if (ingest_check_visit(in, p, &v, owhere(c, o)) < 0)
			continue;
		if (o->kind == K_PCT && (o->value < 0 || o->value > 100)) {
			ingest_bad(in, owhere(c, o), "percentile %g outside 0-100", o->value);
			continue;
		}
		o->bad = 0;
	}
	for (size_t i = 0; i < c->npats; i++) {
		long n = c->pats[i].nskipped;
		if (c->pats[i].twice)
			ingest_skip_why(in, c->pats[i].where, 1 + n, "its first copy and its %ld %s (%s, see above)", n,
					n == 1 ? "observation" : "observations",
					c->pats[i].twice == 1 ? "the patient is given twice with different data"
							      : "a later copy of the patient was refused");
		else if (n)
			ingest_skip_why(in, c->pats[i].where, n, "%ld %s of this patient, who was refused (see above)", n,
					n == 1 ? "observation" : "observations");
	}
	/* Write the file's patients. */
	for (size_t i = 0; i < c->npats && !ingest_failed(in); i++) {
		if (!c->pats[i].ok)
			continue;
		int k = ingest_apply(in, &c->pats[i].p, c->pats[i].where);
		if (k == -2)
			c->pats[i].ok = 0; /* cannot happen: same ids are one patient (on_patient) */
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
		int64_t pid = pat >= 0 ? c->pats[pat].p.id : dbpats[-2 - pat].id;
		/* Assemble this patient's visits. */
		size_t nv = 0;
		for (size_t k = i; k < j;) {
			/* One moment, and within it one visit when growthview's visit key says so. */
			size_t e = k;
			while (e < j && c->obs[e].date == c->obs[k].date && c->obs[e].time_min == c->obs[k].time_min &&
			       c->obs[e].vkey == c->obs[k].vkey)
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
		/* vs is in date and time order already (the observations were sorted so); within a
		 * moment, in the order of the file. */
		for (size_t k = 0; k < nv && !ingest_failed(in); k++) {
			const gv_visit *w = &vs[k].v;
			if (isnan(w->weight_kg) && isnan(w->height_cm) && isnan(w->head_cm) && isnan(w->muac_cm) &&
			    isnan(w->triceps_mm) && isnan(w->subscap_mm)) {
				char d[16];
				age_format_date(w->date, d);
				char w2[96];
				snprintf(w2, sizeof w2, "Patient/%s", pat >= 0 ? c->pats[pat].p.ext_id : dbpats[-2 - pat].ext_id);
				ingest_bad(in, w2, "oedema on %s without a measurement at that moment", d);
				continue;
			}
			ingest_visit(in, pid, w);
		}
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
			snprintf(r.code, sizeof r.code, "%s", loincs[o->code].code);
			snprintf(r.unit, sizeof r.unit, "%s", o->kind == K_BMI ? "kg/m2" : "%");
			r.value = o->value;
			ingest_reported(in, pid, &r);
		}
		i = j;
	}
	free(vs);
	free(dbpats);
}

/* ------------------------------------------------------------------ phase 1: the file */

static void free_ctx(fctx *c)
{
	for (size_t i = 0; i < c->nsubj; i++)
		free(c->subjects[i].key);
	free(c->subjects);
	smap_free(&c->refs);
	smap_free(&c->ids);
	smap_free(&c->subjmap);
	free(c->obs);
	free(c->pats);
	free(c->arena);
}

/* The first JSON escape of a NUL character ("\u0000") in p[0..n), or NULL.  cJSON would turn it
 * into a NUL byte that ends the C string early ("Ann\u0000Evil" read as "Ann"). */
static const char *find_nul_escape(const char *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && i + 6 <= n && memcmp(p + i + 2, "0000", 4) == 0)
			return p + i;
		i++; /* the escaped character */
	}
	return NULL;
}

/* The JSON string literal around p (from its opening quote to its closing one), escaped. */
static void literal_around(const char *p, const char *start, const char *end, char *out, size_t n)
{
	const char *a = p, *b = p;
	while (a > start && !(a[-1] == '"' && (a - 1 == start || a[-2] != '\\')))
		a--;
	while (b < end && !(*b == '"' && b[-1] != '\\'))
		b++;
	text_clean(out, n, a, (size_t)(b - a) < 80 ? (size_t)(b - a) : 80, 0); /* JSON as written: escapes kept */
}

/* "LINE:COL" of a unit's byte p, and " (byte offset N)" into the message tail. */
static void where_in(const jrd_unit *u, const char *p, char *where, size_t wn, long long *off)
{
	long line, col;
	jrd_position(u, p, &line, &col, off);
	snprintf(where, wn, "%ld:%ld", line, col);
}

/* What cJSON stopped at, for a message. */
static void what_at(const jrd_unit *u, const char *at, char *out, size_t n)
{
	if (!at || at >= u->p + u->n) {
		snprintf(out, n, "the value ends too early");
		return;
	}
	char q[64];
	text_escape(q, sizeof q, at, (size_t)(u->p + u->n - at), 20);
	snprintf(out, n, "unexpected text at '%s'", q);
}

/* One unit.  In NDJSON a bad unit costs that line; in a document it refuses the file. */
static void on_unit(fctx *c, const jrd_unit *u)
{
	ingest *in = c->in;
	char where[48], what[160];
	long long off;
	const char *nul = find_nul_escape(u->p, u->n);
	if (nul) {
		char lit[400];
		where_in(u, nul, where, sizeof where, &off);
		literal_around(nul, u->p, u->p + u->n, lit, sizeof lit);
		ingest_bad(in, where, "a JSON string holds a NUL character (\\u0000) at byte offset %lld: \"%s\": the %s is refused",
			   off, lit, u->kind == JRD_ENTRY ? "Bundle entry" : "resource");
		return;
	}
	const char *stop = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(u->p, u->n, &stop, 0);
	if (!doc) {
		const char *at = cJSON_GetErrorPtr();
		if (!at || at < u->p || at > u->p + u->n)
			at = u->p + u->n;
		where_in(u, at, where, sizeof where, &off);
		what_at(u, at, what, sizeof what);
		if (u->ndjson)
			ingest_bad(in, where, "invalid JSON (byte offset %lld): %s; the line is skipped", off, what);
		else
			ingest_fail(in, where, "invalid JSON (byte offset %lld): %s; nothing imported from this file", off,
				    what);
		return;
	}
	if (!cJSON_IsObject(doc)) {
		where_in(u, u->p, where, sizeof where, &off);
		if (u->kind == JRD_ENTRY)
			ingest_bad(in, where, "a Bundle entry that is not a JSON object (byte offset %lld): skipped", off);
		else
			ingest_bad(in, where, "not a FHIR resource (a JSON object) (byte offset %lld): skipped", off);
	} else if (u->kind == JRD_ENTRY) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(doc, "resource");
		if (cJSON_IsObject(r))
			on_resource(c, r, str(doc, "fullUrl"));
	} else {
		on_resource(c, doc, NULL);
	}
	cJSON_Delete(doc);
}

int fhir_import(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ingest_unreadable(o, path, strerror(errno), total);
		return 1;
	}
	ingest *in = ingest_open(st, path, "fhir", o);
	jrd *rd = in ? jrd_open(fd, FHIR_MAX_UNIT, FHIR_MAX_DEPTH) : NULL;
	if (!rd) {
		if (fd > 0)
			close(fd);
		if (in) {
			ingest_fail(in, NULL, "out of memory");
			return ingest_end(in, total);
		}
		return 2;
	}
	fctx c;
	memset(&c, 0, sizeof c);
	c.in = in;
	c.st = st;

	/* Phase 1: read, one unit at a time, no lock. */
	jrd_unit u;
	while (!ingest_failed(in) && !c.oom && jrd_next(rd, &u) == 1) {
		if (u.kind == JRD_ERROR) {
			char where[48];
			snprintf(where, sizeof where, "%ld:%ld", u.line, u.col);
			if (u.fatal)
				ingest_fail(in, where, "%s (byte offset %lld); nothing imported from this file", u.msg, u.off);
			else
				ingest_bad(in, where, "%s (byte offset %lld)", u.msg, u.off);
			continue;
		}
		on_unit(&c, &u);
	}
	jrd_close(rd);
	if (fd > 0)
		close(fd);

	/* Phase 2: write, under the lock. */
	if (!ingest_failed(in) && !c.oom && ingest_start(in) == 0)
		import_all(&c);
	if (c.oom)
		ingest_fail(in, NULL, "out of memory");
	ingest_skip(in, c.skipped_quiet);
	free_ctx(&c);
	return ingest_end(in, total);
}
