/* cmd_export.c — growthview export [--db PATH] [--format csv|json|fhir] [--ndjson] [--deidentify]
 *                                  [--patient ID] [--ref auto|who|cdc]
 *
 * Writes the export to stdout (see app/export.h for the formats) and a summary of counts to
 * stderr.  Opens the database read-only.  Exit status: 0, or 2 on usage, database or write
 * errors. */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/export.h"
#include "app/store.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview export [--db PATH] [--format csv|json|fhir] [--ndjson] [--deidentify]\n"
		   "                         [--patient ID] [--ref auto|who|cdc]\n"
		   "  --format      csv (default): one row per measurement; json: one object per patient;\n"
		   "                fhir: FHIR R4 Patient and Observation resources in a Bundle\n"
		   "  --ndjson      with --format fhir: one resource per line (NDJSON) instead of a Bundle\n"
		   "  --deidentify  no names, ids or dates: pseudonymous ids and ages in days\n"
		   "  --patient     only this patient (external id, or #N for internal id N)\n"
		   "  --ref         chart policy of the computed columns (default: config, else auto)\n");
}

int cmd_export(int argc, char **argv)
{
	const char *db = NULL, *patient = NULL, *ref = NULL;
	export_opts o = {0, 0, 0, GV_POLICY_AUTO, cmd_write, 0, 0};
	int ndjson = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "csv") == 0) {
				o.json = o.fhir = 0;
			} else if (strcmp(f, "json") == 0) {
				o.json = 1;
				o.fhir = 0;
			} else if (strcmp(f, "fhir") == 0) {
				o.json = 0;
				o.fhir = 1;
			} else {
				char *shown = cmd_clean(f);
				fprintf(stderr, "growthview export: --format must be csv, json or fhir, not '%s'\n", shown ? shown : "");
				free(shown);
				return 2;
			}
		} else if (strcmp(a, "--ndjson") == 0) {
			ndjson = 1;
		} else if (strcmp(a, "--deidentify") == 0) {
			o.deidentify = 1;
		} else if (strcmp(a, "--patient") == 0 && i + 1 < argc) {
			patient = argv[++i];
		} else if (strcmp(a, "--ref") == 0 && i + 1 < argc) {
			ref = argv[++i];
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "growthview export: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (ndjson && !o.fhir) {
		fprintf(stderr, "growthview export: --ndjson goes with --format fhir\n");
		return 2;
	}
	o.ndjson = ndjson;
	gv_policy ref_policy = GV_POLICY_AUTO;
	if (ref && !cmd_parse_ref(ref, &ref_policy)) {
		fprintf(stderr, "growthview export: --ref must be auto, who or cdc, not '%s'\n", ref);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	char err[1024];
	if (cmd_open("export", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	o.policy = ref ? ref_policy : cfg.policy;
	int rc = 0;
	if (patient) {
		gv_patient p;
		if (store_patient_resolve(st, patient, &p) != STORE_OK) {
			char *m = cmd_clean(store_errmsg(st));
			fprintf(stderr, "growthview export: %s\n", m ? m : "no such patient");
			free(m);
			rc = 2;
		}
		o.patient_id = p.id;
	}
	export_counts n;
	if (rc == 0 && export_run(st, &o, stdout, &n, err, sizeof err) != 0) {
		fprintf(stderr, "growthview export: %s\n", err);
		rc = 2;
	}
	if (rc == 0)
		fprintf(stderr, "exported %ld %s, %ld %s%s (%ld with a computation error)\n", n.patients,
			n.patients == 1 ? "patient" : "patients", n.visits, n.visits == 1 ? "measurement" : "measurements",
			o.deidentify ? ", de-identified" : "", n.errors);
	store_close(st);
	config_free(&cfg);
	return rc;
}
