/* queuebuild.c — a rating queue from names on a command line (see queuebuild.h). */
#include "app/queuebuild.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "core/queue.h"

void queuebuild_result_free(queuebuild_result *res)
{
	if (!res)
		return;
	free(res->items);
	free(res->gold);
	res->items = res->gold = NULL;
}

/* The options as the queue keeps them (JSON object). */
static void params_json(gv_buf *b, const queuebuild_opts *o, const int64_t *pids)
{
	buf_puts(b, "{\"models\":[");
	for (size_t i = 0; i < o->nmodels; i++) {
		buf_puts(b, i ? ",\"" : "\"");
		for (const char *p = o->models[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			if ((unsigned char)*p < 0x20)
				buf_printf(b, "\\u%04x", (unsigned char)*p);
			else
				buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	buf_puts(b, "],\"patients\":");
	if (o->npatients) {
		buf_putc(b, '[');
		for (size_t i = 0; i < o->npatients; i++)
			buf_printf(b, "%s%" PRId64, i ? "," : "", pids[i]);
		buf_putc(b, ']');
	} else {
		buf_puts(b, o->flagged ? "\"flagged\"" : "\"all\"");
	}
	buf_printf(b, ",\"overlap\":%.6g,\"gold\":%.6g,\"per_rater\":%zu,\"seed\":%" PRIu64 "}", o->overlap, o->gold,
		   o->per_rater, o->seed);
	buf_putc(b, '\0');
}

int queuebuild_run(gv_store *st, const queuebuild_opts *o, queuebuild_result *res, char *err, size_t errsz)
{
	memset(res, 0, sizeof *res);
	if (o->nmodels < 2) {
		snprintf(err, errsz, "--models needs two models or more (M1,M2[,...])");
		return 2;
	}
	for (size_t i = 0; i < o->nmodels; i++) {
		if (!o->models[i][0]) {
			snprintf(err, errsz, "--models: an empty model name");
			return 2;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(o->models[i], o->models[j]) == 0) {
				snprintf(err, errsz, "--models: '%.128s' is named twice", o->models[i]);
				return 2;
			}
	}
	if (o->nraters == 0) {
		snprintf(err, errsz, "--raters needs one rater or more (R1[,R2...])");
		return 2;
	}
	if (!(o->overlap >= 0 && o->overlap <= 1)) {
		snprintf(err, errsz, "--overlap must be a share from 0 to 1");
		return 2;
	}
	if (!(o->gold >= 0 && o->gold < 1)) {
		snprintf(err, errsz, "--gold must be a share from 0 to below 1");
		return 2;
	}
	int rc = 2;
	int64_t *rids = calloc(o->nraters, sizeof *rids);
	uint64_t *seeds = calloc(o->nraters, sizeof *seeds);
	int64_t *pids = calloc(o->npatients ? o->npatients : 1, sizeof *pids);
	store_queue_input in = {0};
	queue_plan plan;
	memset(&plan, 0, sizeof plan);
	gv_buf params = GV_BUF_INIT;
	if (!rids || !seeds || !pids) {
		snprintf(err, errsz, "out of memory");
		rc = 1;
		goto done;
	}
	for (size_t i = 0; i < o->nraters; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(o->raters[i], o->raters[j]) == 0) {
				snprintf(err, errsz, "--raters: '%.64s' is named twice", o->raters[i]);
				goto done;
			}
		store_rater r;
		store_rc sr = store_rater_get(st, o->raters[i], &r);
		if (sr == STORE_NOTFOUND) {
			snprintf(err, errsz, "no rater '%.64s' (add one with: growthview raters add NAME --role ROLE)",
				 o->raters[i]);
			goto done;
		}
		if (sr != STORE_OK) {
			snprintf(err, errsz, "%s", store_errmsg(st));
			rc = 1;
			goto done;
		}
		rids[i] = r.id;
		seeds[i] = queue_rater_seed(o->seed, i);
	}
	for (size_t i = 0; i < o->npatients; i++) {
		gv_patient p;
		store_rc sr = store_patient_resolve(st, o->patients[i], &p);
		if (sr == STORE_NOTFOUND) {
			snprintf(err, errsz, "--patients: no patient '%.64s'", o->patients[i]);
			goto done;
		}
		if (sr != STORE_OK) {
			snprintf(err, errsz, "%s", store_errmsg(st));
			rc = 1;
			goto done;
		}
		pids[i] = p.id;
	}
	if (store_queue_summaries(st, o->models, o->nmodels, o->flagged, pids, o->npatients, &in) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		rc = 1;
		goto done;
	}
	for (size_t m = 0; m < o->nmodels; m++) {
		size_t k = 0;
		while (k < in.n && strcmp(in.s[k].model, o->models[m]) != 0)
			k++;
		if (k == in.n) {
			snprintf(err, errsz, "no summaries of model '%.128s' %s (see: growthview summaries)", o->models[m],
				 o->npatients || o->flagged ? "for the patients chosen" : "in the store");
			goto done;
		}
	}
	queue_options qo = {o->models, o->nmodels, o->nraters, seeds, o->overlap, o->gold, o->per_rater, o->seed};
	gv_status gs = queue_build(in.s, in.n, &qo, &plan);
	if (gs != GV_OK) {
		snprintf(err, errsz, "cannot plan the queue: %s", gv_strerror(gs));
		rc = gs == GV_ENOMEM ? 1 : 2;
		goto done;
	}
	if (plan.na == 0) {
		snprintf(err, errsz, "nothing to rate: no pair of summaries of %s for the same child, audience and template",
			 "those models");
		rc = 1;
		goto done;
	}
	params_json(&params, o, pids);
	char models[512] = "";
	for (size_t m = 0; m < o->nmodels; m++) {
		size_t len = strlen(models);
		snprintf(models + len, sizeof models - len, "%s%s", m ? "," : "", o->models[m]);
	}
	if (!buf_ok(&params) || !(res->items = calloc(o->nraters, sizeof *res->items)) ||
	    !(res->gold = calloc(o->nraters, sizeof *res->gold))) {
		snprintf(err, errsz, "out of memory");
		rc = 1;
		goto done;
	}
	store_queue_spec spec = {o->name, models, o->seed, params.p, rids, seeds, o->nraters};
	store_rc sr = store_queue_create(st, &spec, &plan, &res->queue);
	if (sr != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		rc = sr == STORE_DUP || sr == STORE_INVALID ? 2 : 1;
		goto done;
	}
	store_queue q;
	char key[32];
	snprintf(key, sizeof key, "#%" PRId64, res->queue);
	if (store_queue_get(st, key, &q) == STORE_OK)
		memcpy(res->name, q.name, sizeof res->name);
	res->ncandidates = plan.ncandidates;
	res->ngold_candidates = plan.ngold_candidates;
	res->nordinary = plan.nordinary;
	res->ndouble = plan.ndouble;
	res->nassigned = plan.na;
	for (size_t i = 0; i < plan.na; i++) {
		res->items[plan.a[i].rater]++;
		res->gold[plan.a[i].rater] += plan.items[plan.a[i].item].gold != 0;
	}
	rc = 0;
done:
	if (rc != 0)
		queuebuild_result_free(res);
	queue_plan_free(&plan);
	store_queue_input_free(&in);
	buf_free(&params);
	free(rids);
	free(seeds);
	free(pids);
	return rc;
}
