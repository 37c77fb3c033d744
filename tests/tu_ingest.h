/* tu_ingest.h — the fixture of the importer suites (app_import, app_fhir), header-only: a fresh
 * store in a private directory, and a run of an importer with its messages and summary captured
 * in memory. */
#ifndef GV_TU_INGEST_H
#define GV_TU_INGEST_H

#include "tests/tu_store.h"

#include "app/ingest.h"
#include "app/store.h"
#include "core/age.h"

typedef struct tu_ifx {
	char dir[256], db[512];
	gv_store *st;
	char *msg, *out; /* what the importer reported (stderr) and its summary lines (stdout) */
	size_t msglen, outlen;
	FILE *fmsg, *fout;
	ingest_opts o;
	ingest_counts n;
	const gv_flag_options *flags; /* ingest_opts.flags of tu_ifx_run */
} tu_ifx;

typedef int (*tu_importer)(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total);

/* cmocka setup: a new database gv.db in a temporary directory. */
static inline int tu_ifx_setup(void **state)
{
	tu_ifx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("%s", err);
	*state = f;
	return 0;
}

static inline void tu_ifx_streams_close(tu_ifx *f)
{
	if (f->fmsg)
		fclose(f->fmsg);
	if (f->fout)
		fclose(f->fout);
	free(f->msg);
	free(f->out);
	f->fmsg = f->fout = NULL;
	f->msg = f->out = NULL;
}

static inline int tu_ifx_teardown(void **state)
{
	tu_ifx *f = *state;
	store_close(f->st);
	tu_ifx_streams_close(f);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Run importer on path (user "tester", today 2025-01-01) with fresh message buffers; the counts
 * in f->n.  Returns the importer's status. */
static inline int tu_ifx_run(tu_ifx *f, tu_importer importer, const char *path, int strict)
{
	tu_ifx_streams_close(f);
	f->fmsg = open_memstream(&f->msg, &f->msglen);
	f->fout = open_memstream(&f->out, &f->outlen);
	ingest_opts o = {strict, NULL, "tester", age_days_from_civil(2025, 1, 1), f->fmsg, f->fout, f->flags};
	f->o = o;
	memset(&f->n, 0, sizeof f->n);
	int rc = importer(f->st, path, &f->o, &f->n);
	fflush(f->fmsg);
	fflush(f->fout);
	return rc;
}

#endif
