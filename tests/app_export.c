/* app_export.c — SHA-256/HMAC test vectors, pseudonyms, number formatting, the CSV and JSON
 * exports of a small store with hand-checkable values, de-identification. */
#include "tests/tu_store.h"

#include <cJSON.h>

#include "app/export.h"
#include "app/sha256.h"
#include "app/store.h"
#include "core/age.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_sha256_vectors(void **state)
{
	(void)state;
	unsigned char d[32];
	char h[65];
	/* FIPS 180-2, appendix B.1 and B.2; the empty string. */
	sha256("abc", 3, d);
	hex(d, 32, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256(m2, strlen(m2), d);
	hex(d, 32, h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256("", 0, d);
	hex(d, 32, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* FIPS 180-2 B.3: one million 'a'. */
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	sha256(a, 1000000, d);
	free(a);
	hex(d, 32, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* RFC 4231, test cases 2 and 6 (a key longer than the block). */
	sha256_hmac((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28, d);
	hex(d, 32, h);
	assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	unsigned char k6[131];
	memset(k6, 0xaa, sizeof k6);
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	sha256_hmac(k6, sizeof k6, m6, strlen(m6), d);
	hex(d, 32, h);
	assert_string_equal(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* The same through a prepared key, used twice (the key's state must survive a use). */
	sha256_hmac_key *kj = sha256_hmac_key_new((const unsigned char *)"Jefe", 4);
	assert_non_null(kj);
	for (int round = 0; round < 2; round++) {
		sha256_hmac_keyed(kj, "what do ya want for nothing?", 28, d);
		hex(d, 32, h);
		assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}
	sha256_hmac_key_free(kj);
	sha256_hmac_key *k6k = sha256_hmac_key_new(k6, sizeof k6);
	assert_non_null(k6k);
	sha256_hmac_keyed(k6k, m6, strlen(m6), d);
	hex(d, 32, h);
	assert_string_equal(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	sha256_hmac_key_free(k6k);
	/* RFC 4231 test case 1: a 20-byte key of 0x0b. */
	unsigned char k1[20];
	memset(k1, 0x0b, sizeof k1);
	sha256_hmac_key *k1k = sha256_hmac_key_new(k1, sizeof k1);
	assert_non_null(k1k);
	sha256_hmac_keyed(k1k, "Hi There", 8, d);
	hex(d, 32, h);
	assert_string_equal(h, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* A 32-byte key (the store's) and the empty message: as the one-shot call. */
	unsigned char k32[32], d2[32];
	for (int i = 0; i < 32; i++)
		k32[i] = (unsigned char)(7 * i + 1);
	sha256_hmac_key_free(k1k);
	k1k = sha256_hmac_key_new(k32, 32);
	assert_non_null(k1k);
	sha256_hmac_keyed(k1k, "", 0, d);
	sha256_hmac(k32, 32, "", 0, d2);
	assert_memory_equal(d, d2, 32);
	sha256_hmac_keyed(k1k, "summary:42", 10, d);
	sha256_hmac(k32, 32, "summary:42", 10, d2);
	assert_memory_equal(d, d2, 32);
	sha256_hmac_key_free(k1k);
	sha256_hmac_key_free(NULL);
}

static void test_pseudonym(void **state)
{
	(void)state;
	unsigned char key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "P1");
	char out[32];
	/* python3: hmac.new(bytes(range(32)), b"ext:P1", hashlib.sha256).hexdigest()[:16] */
	export_pseudonym(key, &p, out, sizeof out);
	assert_string_equal(out, "gv-4d0709bb22408dd2");
	p.ext_id[0] = '\0';
	p.id = 7;
	export_pseudonym(key, &p, out, sizeof out);
	assert_string_equal(out, "gv-a76da15cf45710e6");
	/* The same under a prepared key. */
	sha256_hmac_key *k = sha256_hmac_key_new(key, 32);
	assert_non_null(k);
	export_pseudonym_keyed(k, &p, out, sizeof out);
	assert_string_equal(out, "gv-a76da15cf45710e6");
	snprintf(p.ext_id, sizeof p.ext_id, "P1");
	export_pseudonym_keyed(k, &p, out, sizeof out);
	assert_string_equal(out, "gv-4d0709bb22408dd2");
	sha256_hmac_key_free(k);
}

static void test_export_num(void **state)
{
	(void)state;
	static const double xs[] = {12.3, 3.45, 0.1, 49.53, 6.0100989025, 22 * 0.45359237, 1e-7, 123456789.125, 75.565};
	static const char *const want[] = {"12.3", "3.45", "0.1", "49.53", "6.0100989025", "9.979032140000001", "1e-07",
					   "123456789.125", "75.565"};
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		gv_buf b = GV_BUF_INIT;
		export_num(&b, xs[i]);
		buf_putc(&b, '\0');
		assert_string_equal(b.p, want[i]);
		assert_true(strtod(b.p, NULL) == xs[i]); /* reads back exactly */
		buf_free(&b);
	}
	gv_buf b = GV_BUF_INIT;
	export_num(&b, NAN);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

typedef struct fx {
	char dir[256], db[512];
	gv_store *st;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("%s", err);
	/* A boy at birth exactly at the WHO 2006 medians (refdata/who2006: day 0, M = 3.3464 kg,
	 * 49.8842 cm, 34.4618 cm): z = ((x/M)^L - 1)/(L S) = 0, percentile 50. */
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "E1");
	snprintf(p.name, sizeof p.name, "Eli, \"Junior\"");
	p.sex = GV_MALE;
	p.birth_date = age_days_from_civil(2024, 1, 31);
	p.ga_weeks = 40;
	p.ga_days = 1;
	p.mother_height_cm = 165;
	assert_int_equal(store_patient_insert(f->st, &p, "secret note", NULL, "nurse"), STORE_OK);
	gv_visit v;
	record_visit_init(&v);
	v.date = p.birth_date;
	v.time_min = 7 * 60 + 5;
	v.weight_kg = 3.3464;
	v.height_cm = 49.8842;
	v.position = 'L';
	v.head_cm = 34.4618;
	assert_int_equal(store_visit_insert(f->st, p.id, &v, NULL, "nurse"), STORE_OK);
	gv_patient q;
	record_patient_init(&q);
	snprintf(q.ext_id, sizeof q.ext_id, "E2");
	q.sex = GV_FEMALE;
	q.birth_date = age_days_from_civil(2023, 6, 1);
	assert_int_equal(store_patient_insert(f->st, &q, NULL, NULL, "nurse"), STORE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Run an export into a string (malloc'd); json 2 = FHIR NDJSON, 3 = a FHIR Bundle. */
static char *run(fx *f, int json, int deid, export_counts *n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	export_opts o = {json == 1, deid, 0, GV_POLICY_AUTO, NULL, json >= 2, json == 2};
	char err[256];
	if (export_run(f->st, &o, out, n, err, sizeof err) != 0)
		fail_msg("export: %s", err);
	fclose(out);
	return text;
}

/* Field i of CSV line (no quotes inside the fields looked at). */
static void field(const char *line, int i, char *out, size_t n)
{
	const char *p = line;
	for (int k = 0; k < i && p; k++) {
		p = strchr(p, ',');
		if (p)
			p++;
	}
	size_t len = p ? strcspn(p, ",\n") : 0;
	snprintf(out, n, "%.*s", (int)len, p ? p : "");
}

static int col(const char *header, const char *name)
{
	char buf[64];
	for (int i = 0; i < 200; i++) {
		field(header, i, buf, sizeof buf);
		if (strcmp(buf, name) == 0)
			return i;
		if (!buf[0] && !strchr(header, ','))
			break;
	}
	fail_msg("no column %s", name);
	return -1;
}

static void test_csv(void **state)
{
	fx *f = *state;
	export_counts n;
	char *t = run(f, 0, 0, &n);
	assert_int_equal(n.patients, 2);
	assert_int_equal(n.visits, 1);
	assert_int_equal(n.errors, 0);
	char *l1 = strchr(t, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
	assert_true(starts(t, "patient_id,name,sex,birth_date,ga_weeks,ga_days,mother_height_cm,father_height_cm,"
			      "date,time,weight_kg,height_cm,position,head_cm,muac_cm,triceps_mm,subscap_mm,oedema,"
			      "ref,age_days,age_months,bmi,z_wfa,p_wfa,biv_wfa,"));
	assert_true(starts(l1, "E1,\"Eli, \"\"Junior\"\"\",M,2024-01-31,40,1,165,,2024-01-31,07:05,3.3464,49.8842,L,"
			       "34.4618,,,,n,who2006,0.000000,0.000000,"));
	/* The computed columns (from the visit line with the quoted name removed). */
	char *plain = strstr(l1, ",M,2024");
	char pre[16] = "E1,x";
	static char line[4096];
	snprintf(line, sizeof line, "%s%.*s", pre, (int)(l2 - plain), plain);
	char v[32];
	field(line, col(t, "z_wfa"), v, sizeof v);
	assert_string_equal(v, "0.000000");
	field(line, col(t, "p_wfa"), v, sizeof v);
	assert_string_equal(v, "50.000000");
	field(line, col(t, "z_lhfa"), v, sizeof v);
	assert_string_equal(v, "0.000000");
	field(line, col(t, "z_hcfa"), v, sizeof v);
	assert_string_equal(v, "0.000000");
	field(line, col(t, "biv_wfa"), v, sizeof v);
	assert_string_equal(v, "0");
	/* The patient without measurements: one row, visit and computed columns empty. */
	assert_true(starts(l2, "E2,,F,2023-06-01,,,,,,,,,,,,,,,,,,,"));
	int commas = 0;
	for (const char *p = l2; *p && *p != '\n'; p++)
		commas += *p == ',';
	int hcommas = 0;
	for (const char *p = t; *p != '\n'; p++)
		hcommas += *p == ',';
	assert_int_equal(commas, hcommas);
	assert_int_equal(l2[strlen(l2) - 1], '\n');
	free(t);
}

static void test_json(void **state)
{
	fx *f = *state;
	export_counts n;
	char *t = run(f, 1, 0, &n);
	cJSON *a = cJSON_Parse(t);
	assert_non_null(a);
	assert_int_equal(cJSON_GetArraySize(a), 2);
	cJSON *p = cJSON_GetArrayItem(a, 0);
	assert_string_equal(cJSON_GetObjectItem(p, "patient_id")->valuestring, "E1");
	assert_string_equal(cJSON_GetObjectItem(p, "name")->valuestring, "Eli, \"Junior\"");
	assert_string_equal(cJSON_GetObjectItem(p, "notes")->valuestring, "secret note");
	assert_string_equal(cJSON_GetObjectItem(p, "birth_date")->valuestring, "2024-01-31");
	assert_int_equal(cJSON_GetObjectItem(p, "ga_weeks")->valueint, 40);
	assert_null(cJSON_GetObjectItem(p, "father_height_cm"));
	cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "measurements"), 0);
	assert_string_equal(cJSON_GetObjectItem(m, "time")->valuestring, "07:05");
	tu_near(cJSON_GetObjectItem(m, "weight_kg")->valuedouble, 3.3464, 0, "weight");
	cJSON *c = cJSON_GetObjectItem(m, "computed");
	assert_string_equal(cJSON_GetObjectItem(c, "ref")->valuestring, "who2006");
	tu_near(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "z"), "wfa")->valuedouble, 0, 0, "z_wfa");
	tu_near(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "p"), "hcfa")->valuedouble, 50, 0, "p_hcfa");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "biv"), "lhfa")));
	cJSON *q = cJSON_GetArrayItem(a, 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "measurements")), 0);
	cJSON_Delete(a);
	free(t);
}

static void test_deidentified(void **state)
{
	fx *f = *state;
	export_counts n;
	unsigned char key[32];
	assert_int_equal(store_pseudonym_key(f->st, key), STORE_OK);
	gv_patient p;
	assert_int_equal(store_patient_find(f->st, "E1", &p), STORE_OK);
	char pseud[32];
	export_pseudonym(key, &p, pseud, sizeof pseud);
	char *t = run(f, 0, 1, &n);
	assert_true(starts(t, "patient_id,sex,ga_weeks,ga_days,mother_height_cm,father_height_cm,weight_kg,"));
	assert_null(strstr(t, "Eli"));
	assert_null(strstr(t, "E1,"));
	assert_null(strstr(t, "2024-"));
	assert_null(strstr(t, "07:05"));
	char *l1 = strchr(t, '\n') + 1;
	assert_true(starts(l1, pseud));
	assert_true(starts(l1 + strlen(pseud), ",M,40,1,165,,3.3464,49.8842,L,34.4618,,,,n,who2006,0.000000,"));
	free(t);
	t = run(f, 1, 1, &n);
	assert_null(strstr(t, "Eli"));
	assert_null(strstr(t, "secret"));
	assert_null(strstr(t, "birth_date"));
	assert_null(strstr(t, "\"date\""));
	cJSON *a = cJSON_Parse(t);
	cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "measurements"), 0);
	assert_int_equal(cJSON_GetObjectItem(m, "age_days")->valueint, 0);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "patient_id")->valuestring, pseud);
	cJSON_Delete(a);
	free(t);
}

/* FHIR: the exact resources of the small store, and how the importer's codes come out. */
static void test_fhir(void **state)
{
	fx *f = *state;
	/* E2 gets a visit with everything the importer reads by growthview's own codes. */
	gv_patient q;
	assert_int_equal(store_patient_find(f->st, "E2", &q), STORE_OK);
	gv_visit v;
	record_visit_init(&v);
	v.date = age_days_from_civil(2024, 6, 1);
	v.weight_kg = 9.5;
	v.height_cm = 74.25;
	v.muac_cm = 14.5;
	v.triceps_mm = 8;
	v.subscap_mm = 6.5;
	v.oedema = 1;
	assert_int_equal(store_visit_insert(f->st, q.id, &v, NULL, "nurse"), STORE_OK);
	export_counts n;
	char *t = run(f, 2, 0, &n);
	assert_int_equal(n.patients, 2);
	assert_int_equal(n.visits, 2);
	static const char want[] =
		"{\"resourceType\":\"Patient\",\"id\":\"E1\",\"identifier\":[{\"system\":\"urn:growthview:patient-id\","
		"\"value\":\"E1\"}],\"name\":[{\"text\":\"Eli, \\\"Junior\\\"\"}],\"gender\":\"male\",\"birthDate\":\"2024-01-31\","
		"\"extension\":[{\"url\":\"urn:growthview:gestational-age\",\"valueInteger\":281},{\"url\":"
		"\"urn:growthview:mother-height\",\"valueQuantity\":{\"value\":165,\"unit\":\"cm\",\"system\":"
		"\"http://unitsofmeasure.org\",\"code\":\"cm\"}}]}\n"
		"{\"resourceType\":\"Observation\",\"id\":\"m1-wt\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
		"\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],\"code\":{\"coding\":"
		"[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\",\"display\":\"Body weight\"}],\"text\":\"Body weight\"},"
		"\"subject\":{\"reference\":\"Patient/E1\"},\"effectiveDateTime\":\"2024-01-31\",\"valueQuantity\":{\"value\":"
		"3.3464,\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"},\"extension\":[{\"url\":"
		"\"urn:growthview:local-time\",\"valueTime\":\"07:05:00\"},{\"url\":\"urn:growthview:visit\",\"valueString\":"
		"\"m1\"}]}\n";
	if (strncmp(t, want, strlen(want)) != 0)
		fail_msg("got:\n%.*s", (int)strlen(want), t);
	/* Length lying for position L, the head, the visit's other values by growthview's codes. */
	assert_non_null(strstr(t, "\"id\":\"m1-ht\""));
	assert_non_null(strstr(t, "\"code\":\"8306-3\",\"display\":\"Body height --lying\""));
	assert_non_null(strstr(t, "\"value\":49.8842,"));
	assert_non_null(strstr(t, "\"code\":\"9843-4\""));
	assert_non_null(strstr(t, "\"code\":\"8302-2\",\"display\":\"Body height\"}"));
	assert_non_null(strstr(t, "\"value\":74.25,"));
	assert_non_null(strstr(t, "{\"system\":\"urn:growthview:measurement\",\"code\":\"muac\""));
	assert_non_null(strstr(t, "\"code\":\"triceps-skinfold\""));
	assert_non_null(strstr(t, "\"value\":6.5,\"unit\":\"mm\""));
	assert_non_null(strstr(t, "\"code\":\"oedema\",\"display\":\"Bilateral pitting oedema\"}],\"text\":"
				  "\"Bilateral pitting oedema\"},\"subject\":{\"reference\":\"Patient/E2\"},\"effectiveDateTime\":"
				  "\"2024-06-01\",\"valueBoolean\":true"));
	int lines = 0;
	for (const char *p = t; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 2 + 3 + 6); /* 2 patients, E1's 3 values, E2's 6 */
	free(t);

	/* A Bundle of the same resources. */
	t = run(f, 3, 0, &n);
	assert_true(starts(t, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n{\"resource\":"
			      "{\"resourceType\":\"Patient\",\"id\":\"E1\","));
	assert_non_null(strstr(t, "}},\n{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"m1-wt\""));
	assert_true(strcmp(t + strlen(t) - 4, "\n]}\n") == 0);
	free(t);

	/* An external id that cannot be a FHIR id: gv-N, the id kept in the identifier. */
	gv_patient r;
	record_patient_init(&r);
	snprintf(r.ext_id, sizeof r.ext_id, "MRN 12/34");
	r.sex = GV_MALE;
	r.birth_date = age_days_from_civil(2022, 2, 2);
	assert_int_equal(store_patient_insert(f->st, &r, NULL, NULL, "nurse"), STORE_OK);
	t = run(f, 2, 0, &n);
	char want2[256];
	snprintf(want2, sizeof want2, "{\"resourceType\":\"Patient\",\"id\":\"gv-%lld\",\"identifier\":[{\"system\":"
		 "\"urn:growthview:patient-id\",\"value\":\"MRN 12/34\"}]", (long long)r.id);
	assert_non_null(strstr(t, want2));
	free(t);

	/* De-identified: no name, identifier, time; birth and visit dates moved back alike. */
	t = run(f, 2, 1, &n);
	assert_null(strstr(t, "Eli"));
	assert_null(strstr(t, "identifier"));
	assert_null(strstr(t, "local-time"));
	assert_null(strstr(t, "\"E1\""));
	const char *bd = strstr(t, "\"birthDate\":\""), *ed = strstr(t, "\"effectiveDateTime\":\"");
	assert_non_null(bd);
	assert_non_null(ed);
	int32_t b, e;
	assert_int_equal(age_parse_date(bd + 13, 10, &b), GV_OK);
	assert_int_equal(age_parse_date(ed + 21, 10, &e), GV_OK);
	int32_t shift = age_days_from_civil(2024, 1, 31) - b;
	assert_true(shift >= 365 && shift <= 3652);
	assert_int_equal(e, b); /* E1's visit on the day of birth: age 0 kept */
	char *t2 = run(f, 2, 1, &n);
	assert_string_equal(t, t2); /* stable across exports of one database */
	free(t2);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_export_num),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deidentified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fhir, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_export", tests, NULL, NULL);
}
