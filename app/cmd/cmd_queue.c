/* cmd_queue.c — growthview queue build|status|close: rating queues (issue #13).
 *
 *   queue build --models M1,M2[,...] --raters R1[,R2...] [--patients all|flagged|ID...]
 *               [--overlap 0.2] [--gold 0.1] [--per-rater N] [--seed S] [--name NAME] [--db PATH]
 *     makes the items (pairs of two models' summaries of the same child, audience and template;
 *     gold items: the baseline against a demo variant with planted mistakes) and assigns them
 *     (core/queue.h: each rater's order and sides from a seed stored per rater, an --overlap share
 *     to two raters, a --gold share of each queue gold); app/queuebuild.c.
 *   queue status [--queue NAME] [--db PATH]
 *     per-rater progress of a queue (the newest by default): assigned, submitted, skipped, draft,
 *     gold accuracy (planted mistakes caught by the rater's tags; baseline preferred), items
 *     waiting for an adjudicator.
 *   queue close [--queue NAME] [--db PATH]
 *     closes a queue (the newest open one by default): its ratings can no longer change. */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cmd/cmdutil.h"
#include "app/queuebuild.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview queue build --models M1,M2[,...] --raters R1[,R2...] [--patients all|flagged|ID...]\n"
		   "                        [--overlap 0.2] [--gold 0.1] [--per-rater N] [--seed S] [--name NAME] [--db PATH]\n"
		   "       growthview queue status [--queue NAME] [--db PATH]\n"
		   "       growthview queue close [--queue NAME] [--db PATH]\n"
		   "  Builds a rating queue, shows its raters' progress, or closes it.\n");
}

/* s split at commas into *out (pointers into the copy *buf; both malloc'd).  -1 when out of memory. */
static int split(const char *s, char **buf, const char ***out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!(*buf = strdup(s)))
		return -1;
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ',';
	if (!(*out = malloc(cap * sizeof **out)))
		return -1;
	char *p = *buf;
	for (;;) {
		char *c = strchr(p, ',');
		if (c)
			*c = '\0';
		(*out)[(*n)++] = p;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

static int parse_share(const char *opt, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno) {
		fprintf(stderr, "growthview queue build: %s: '%s' is not a number\n", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_u64(const char *opt, const char *s, uint64_t *out, int positive)
{
	char *end;
	errno = 0;
	if (!(*s >= '0' && *s <= '9')) {
		fprintf(stderr, "growthview queue build: %s: '%s' is not a %s\n", opt, s,
			positive ? "positive whole number" : "whole number");
		return -1;
	}
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno || (positive && v == 0)) {
		fprintf(stderr, "growthview queue build: %s: '%s' is not a %s\n", opt, s,
			positive ? "positive whole number" : "whole number");
		return -1;
	}
	*out = v;
	return 0;
}

static uint64_t random_seed(void)
{
	uint64_t s = 0;
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &s, sizeof s) != (ssize_t)sizeof s)
			s = 0;
		close(fd);
	}
	return s % 1000000000u; /* short enough to type again */
}

static int build(int argc, char **argv)
{
	const char *db = NULL, *models = NULL, *raters = NULL, *name = NULL;
	queuebuild_opts o;
	memset(&o, 0, sizeof o);
	o.overlap = 0.2;
	o.gold = 0.1;
	int seeded = 0;
	const char **pats = calloc((size_t)argc, sizeof *pats);
	size_t npats = 0;
	char *mbuf = NULL, *rbuf = NULL;
	const char **mv = NULL, **rv = NULL;
	char **pbufs = calloc((size_t)argc, sizeof *pbufs);
	int rc = 2;
	if (!pats || !pbufs) {
		fprintf(stderr, "growthview queue build: out of memory\n");
		goto out;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			rc = 0;
			goto out;
		} else if (strcmp(a, "--db") == 0 && more) {
			db = argv[++i];
		} else if (strcmp(a, "--models") == 0 && more) {
			models = argv[++i];
		} else if (strcmp(a, "--raters") == 0 && more) {
			raters = argv[++i];
		} else if (strcmp(a, "--name") == 0 && more) {
			name = argv[++i];
		} else if (strcmp(a, "--overlap") == 0 && more) {
			if (parse_share("--overlap", argv[++i], &o.overlap) != 0)
				goto out;
		} else if (strcmp(a, "--gold") == 0 && more) {
			if (parse_share("--gold", argv[++i], &o.gold) != 0)
				goto out;
		} else if (strcmp(a, "--per-rater") == 0 && more) {
			uint64_t v;
			if (parse_u64("--per-rater", argv[++i], &v, 1) != 0)
				goto out;
			o.per_rater = (size_t)v;
		} else if (strcmp(a, "--seed") == 0 && more) {
			if (parse_u64("--seed", argv[++i], &o.seed, 0) != 0)
				goto out;
			seeded = 1;
		} else if (strcmp(a, "--patients") == 0 && more) {
			/* all, flagged, or IDs (several arguments, or separated by commas) up to the next option */
			if (strcmp(argv[i + 1], "all") == 0) {
				i++;
			} else if (strcmp(argv[i + 1], "flagged") == 0) {
				o.flagged = 1;
				i++;
			} else {
				while (i + 1 < argc && !(argv[i + 1][0] == '-' && argv[i + 1][1] == '-')) {
					const char **v;
					size_t nv;
					i++;
					if (split(argv[i], &pbufs[i], &v, &nv) != 0) {
						free(v);
						fprintf(stderr, "growthview queue build: out of memory\n");
						goto out;
					}
					for (size_t k = 0; k < nv; k++)
						if (v[k][0] && npats < (size_t)argc)
							pats[npats++] = v[k];
					free(v);
				}
				if (npats == 0) {
					fprintf(stderr, "growthview queue build: --patients needs all, flagged or patient ids\n");
					goto out;
				}
			}
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview queue build: unknown argument '%s'\n", c ? c : "?");
			free(c);
			usage(stderr);
			goto out;
		}
	}
	if (!models || !raters) {
		fprintf(stderr, "growthview queue build: --models M1,M2[,...] and --raters R1[,R2...] are required\n");
		goto out;
	}
	size_t nm, nr;
	if (split(models, &mbuf, &mv, &nm) != 0 || split(raters, &rbuf, &rv, &nr) != 0) {
		fprintf(stderr, "growthview queue build: out of memory\n");
		goto out;
	}
	if (!seeded)
		o.seed = random_seed();
	o.models = mv;
	o.nmodels = nm;
	o.raters = rv;
	o.nraters = nr;
	o.patients = pats;
	o.npatients = npats;
	o.name = name;
	gv_config cfg;
	gv_store *st;
	if (cmd_open("queue", db, 0, &cfg, &st) != 0)
		goto out;
	queuebuild_result res;
	char err[1024];
	rc = queuebuild_run(st, &o, &res, err, sizeof err);
	if (rc != 0) {
		char *c = cmd_clean(err);
		fprintf(stderr, "growthview queue build: %s\n", c ? c : err);
		free(c);
	} else {
		printf("created %s (#%" PRId64 "): %zu items for %zu rater%s (seed %" PRIu64 ")\n", res.name, res.queue,
		       res.nassigned, nr, nr == 1 ? "" : "s", o.seed);
		printf("found %zu pair%s of %s and %zu gold pair%s (the baseline against a demo variant)\n", res.ncandidates,
		       res.ncandidates == 1 ? "" : "s", models, res.ngold_candidates, res.ngold_candidates == 1 ? "" : "s");
		printf("chosen: %zu pair%s, %zu of them for two raters\n", res.nordinary, res.nordinary == 1 ? "" : "s",
		       res.ndouble);
		int w = 5;
		for (size_t i = 0; i < nr; i++)
			if ((int)strlen(rv[i]) > w)
				w = (int)strlen(rv[i]);
		printf("%-*s  %5s  %4s\n", w, "RATER", "ITEMS", "GOLD");
		for (size_t i = 0; i < nr; i++)
			printf("%-*s  %5zu  %4zu\n", w, rv[i], res.items[i], res.gold[i]);
		queuebuild_result_free(&res);
	}
	store_close(st);
	config_free(&cfg);
out:
	for (int i = 0; pbufs && i < argc; i++)
		free(pbufs[i]);
	free(pbufs);
	free(pats);
	free(mbuf);
	free(rbuf);
	free(mv);
	free(rv);
	return rc;
}

/* --queue NAME and --db PATH of status and close. */
static int parse_common(const char *sub, int argc, char **argv, const char **db, const char **queue)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			*db = argv[++i];
		} else if (strcmp(a, "--queue") == 0 && i + 1 < argc) {
			*queue = argv[++i];
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview queue %s: unknown argument '%s'\n", sub, c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		}
	}
	return -1;
}

/* "a/b" or "-" when b is 0, right-aligned in w columns. */
static void frac(char *buf, size_t n, unsigned a, unsigned b)
{
	if (b == 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%u/%u", a, b);
}

static int status(int argc, char **argv)
{
	const char *db = NULL, *key = NULL;
	int r = parse_common("status", argc, argv, &db, &key);
	if (r >= 0)
		return r;
	gv_config cfg;
	gv_store *st;
	if (cmd_open("queue", db, CMD_OPEN_READONLY_FALLBACK, &cfg, &st) != 0)
		return 2;
	store_queue q;
	store_queue_rater_status *rs = NULL;
	size_t n = 0;
	long pending = 0;
	int rc = 0;
	if (store_queue_get(st, key, &q) != STORE_OK ||
	    store_queue_status(st, q.id, &rs, &n, &pending) != STORE_OK) {
		char *c = cmd_clean(store_errmsg(st));
		fprintf(stderr, "growthview queue status: %s\n", c ? c : "?");
		free(c);
		rc = 2;
	} else {
		printf("%s (#%" PRId64 "): models %s, seed %" PRIu64 ", %zu rater%s, %ld items, %s\n", q.name, q.id, q.models,
		       q.seed, n, n == 1 ? "" : "s", q.items, q.closed[0] ? "closed" : "open");
		int w = 5;
		for (size_t i = 0; i < n; i++)
			if ((int)strlen(rs[i].name) > w)
				w = (int)strlen(rs[i].name);
		printf("%-*s  %-11s  %8s  %9s  %7s  %5s  %11s  %14s  %10s\n", w, "RATER", "ROLE", "ASSIGNED", "SUBMITTED",
		       "SKIPPED", "DRAFT", "GOLD-CAUGHT", "GOLD-PREFERRED", "ADJUDICATE");
		for (size_t i = 0; i < n; i++) {
			char caught[32], pref[32];
			frac(caught, sizeof caught, rs[i].gold.caught, rs[i].gold.planted);
			frac(pref, sizeof pref, rs[i].gold.choice_right, rs[i].gold.items);
			printf("%-*s  %-11s  %8ld  %9ld  %7ld  %5ld  %11s  %14s  %10ld\n", w, rs[i].name,
			       store_role_name(rs[i].role), rs[i].assigned, rs[i].submitted, rs[i].skipped, rs[i].draft,
			       caught, pref, rs[i].adjudication);
		}
		/* and those an adjudicator has answered (their answers beside the raters') */
		store_adjudication *adj = NULL;
		size_t nadj = 0;
		long resolved = 0;
		if (store_adjudications(st, q.id, 0, &adj, &nadj) == STORE_OK)
			for (size_t i = 0; i < nadj; i++)
				resolved += adj[i].resolved_by != 0;
		free(adj);
		printf("adjudication: %ld item%s waiting for an adjudicator, %ld resolved (growthview rate --rater ADJUDICATOR)\n",
		       pending, pending == 1 ? "" : "s", resolved);
	}
	free(rs);
	store_close(st);
	config_free(&cfg);
	return rc;
}

static int close_queue(int argc, char **argv)
{
	const char *db = NULL, *key = NULL;
	int r = parse_common("close", argc, argv, &db, &key);
	if (r >= 0)
		return r;
	gv_config cfg;
	gv_store *st;
	if (cmd_open("queue", db, 0, &cfg, &st) != 0)
		return 2;
	store_queue q;
	int rc = 0;
	store_queue_rater_status *rs = NULL;
	size_t n = 0;
	store_rc sr = store_queue_get(st, key, &q);
	if (sr == STORE_OK)
		sr = store_queue_close(st, q.id);
	if (sr == STORE_OK)
		sr = store_queue_status(st, q.id, &rs, &n, NULL);
	if (sr != STORE_OK) {
		char *c = cmd_clean(store_errmsg(st));
		fprintf(stderr, "growthview queue close: %s\n", c ? c : "?");
		free(c);
		rc = sr == STORE_CONFLICT ? 1 : 2;
	} else {
		long done = 0;
		for (size_t i = 0; i < n; i++)
			done += rs[i].submitted + rs[i].skipped;
		printf("closed %s (#%" PRId64 "): %ld of %ld items submitted or skipped; its ratings can no longer change\n",
		       q.name, q.id, done, q.items);
	}
	free(rs);
	store_close(st);
	config_free(&cfg);
	return rc;
}

int cmd_queue(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "build") == 0)
		return build(argc, argv);
	if (strcmp(argv[1], "status") == 0)
		return status(argc, argv);
	if (strcmp(argv[1], "close") == 0)
		return close_queue(argc, argv);
	char *c = cmd_clean(argv[1]);
	fprintf(stderr, "growthview queue: unknown subcommand '%s' (build, status or close)\n", c ? c : "?");
	free(c);
	usage(stderr);
	return 2;
}
