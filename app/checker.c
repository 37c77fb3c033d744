/* checker.c — the claim checker on stored summaries (see checker.h). */
#include "app/checker.h"

#include <stdio.h>
#include <stdlib.h>

struct checker {
	gv_store *st;
	claims_options o;
	int64_t pid;     /* the child cc is of; 0 none */
	claims_child *cc; /* NULL when that child cannot be judged */
};

checker *checker_new(gv_store *st, const claims_options *o)
{
	checker *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->st = st;
	if (o)
		k->o = *o;
	else
		claims_default_options(&k->o, GV_RULES_US);
	return k;
}

void checker_free(checker *k)
{
	if (!k)
		return;
	claims_child_free(k->cc);
	free(k);
}

int checker_judge(checker *k, int64_t patient_id, const char *text, size_t len, claims_result *out,
		  const char **why, char *err, size_t errsz)
{
	if (why)
		*why = NULL;
	if (k->pid != patient_id) {
		claims_child_free(k->cc);
		k->cc = NULL;
		k->pid = 0;
		gv_child c;
		if (store_child_load(k->st, patient_id, &c) != STORE_OK) {
			snprintf(err, errsz, "%s", store_errmsg(k->st));
			return -1;
		}
		gv_status s = claims_child_new(&c, &k->o, &k->cc);
		store_child_free(&c);
		if (s == GV_ENOMEM) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		k->pid = patient_id;
	}
	gv_status s;
	if (k->cc) {
		s = claims_judge(k->cc, text, len, out);
	} else {
		s = claims_extract(text, len, out);
		if (why)
			*why = "the child's record cannot be judged (no measurement, or the sex is not known)";
	}
	if (s != GV_OK) {
		snprintf(err, errsz, "%s", s == GV_ENOMEM ? "out of memory" : "cannot judge the summary");
		return -1;
	}
	return 0;
}
