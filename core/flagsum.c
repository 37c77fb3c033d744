/* flagsum.c — the rules of a child's flag summary (see flagsum.h). */
#include "core/flagsum.h"

#include <stdlib.h>
#include <string.h>

int flagsum_code(gv_severity s)
{
	return (int)s + 1;
}

int flagsum_acked(const gv_flag *f, const gv_ack *acks, size_t nacks)
{
	for (size_t i = 0; i < nacks; i++)
		if (strcmp(acks[i].rule, f->rule) == 0 && acks[i].visit_date == f->date)
			return 1;
	return 0;
}

int flagsum_acked_in(const gv_flag *f, size_t n, size_t i, const gv_ack *acks, size_t nacks)
{
	if (flagsum_acked(&f[i], acks, nacks))
		return 1;
	for (size_t k = 0; k < n; k++)
		if (k != i && flags_ack_covers(&f[k], &f[i]) && flagsum_acked(&f[k], acks, nacks))
			return 1;
	return 0;
}

void flagsum_summarise(const gv_child *c, const gv_flag *f, size_t n, const gv_ack *acks, size_t nacks,
			 int *severity, int *count)
{
	*severity = 0;
	*count = 0;
	if (c->nv == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!flags_current(c, &f[i]) || flagsum_acked_in(f, n, i, acks, nacks))
			continue;
		(*count)++;
		if (flagsum_code(f[i].severity) > *severity)
			*severity = flagsum_code(f[i].severity);
	}
}

int flagsum_child(const gv_child *c, const gv_flag_options *o, const gv_ack *acks, size_t nacks,
		    gv_flag **scratch, size_t *cap, int *severity, int *count)
{
	*severity = *count = 0;
	size_t n = 0;
	for (;;) {
		if (!*scratch || *cap == 0) {
			gv_flag *nf = realloc(*scratch, 64 * sizeof *nf);
			if (!nf)
				return -1;
			*scratch = nf;
			*cap = 64;
		}
		gv_status st = flags_compute(c, o, *scratch, *cap, &n);
		if (st == GV_ENOMEM)
			return -1;
		if (st != GV_OK)
			n = 0; /* unknown sex: nothing can be flagged */
		if (n <= *cap)
			break;
		gv_flag *nf = realloc(*scratch, n * sizeof *nf);
		if (!nf)
			return -1;
		*scratch = nf;
		*cap = n;
	}
	flagsum_summarise(c, *scratch, n, acks, nacks, severity, count);
	return 0;
}
