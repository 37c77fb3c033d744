/* benchexp.h — the labelled benchmark dataset out of the store (`growthview export-benchmark`):
 * JSON Lines, one record per (child, summary) and one per rated pair, and its datasheet.
 *
 * The record's fields are the contract of schema/benchmark.schema.json (JSON Schema draft
 * 2020-12; the man page lists them).  Every record carries: dataset and growthview versions, the
 * reference tables' provenance (per reference in force for the child: title, publication and the
 * SHA-256 of the embedded tables' entries in refdata/SHA256SUMS), the child (pseudonym, sex,
 * gestational age, visits with ages in days, measured values, per indicator z, percentile,
 * reference, table, method and implausible marks), the engine's flags (rule id, category,
 * severity, visit, numbers, source), and the summary or the pair of summaries (model, backend,
 * parameters, template id and version, prompt SHA-256, text, claim checks with the checker's and
 * the rater's verdicts).
 *
 * De-identified unless o->identified:
 *   - the child is export_pseudonym (HMAC-SHA-256 under the store's secret key: the same pseudonym
 *     `growthview tasks` and `export --deidentify` give the child); summary ids and rater names
 *     become "gs-" / "gr-" + 16 hex digits of HMAC-SHA-256 under the same key ("summary:<id>",
 *     "rater:<name>"), so they stay linkable inside the export and across exports of one store;
 *   - no name, external id, birth date, visit date or time, creation or rating time leaves the
 *     store: ages are in days from birth; flag details and claim dates are given as ages;
 *   - free text (summaries, claim quotes, notes, flag details, rater comments and corrected
 *     summaries) goes through core/deid.h with the child's name (whole and each word) and
 *     external id as terms: "[name]", "[id]", "[date]" replace them (see deid.h for what cannot
 *     be caught); a claim's span is given only when the text it points into was not changed.
 *
 * Streaming: one child (its visits, engine results and flags) in memory at a time; the summaries
 * and checks are read one row at a time.  Memory does not grow with the store; the datasheet's
 * numbers are counters and bounded histograms.  Deterministic: the same store and options give the
 * same bytes. */
#ifndef GV_BENCHEXP_H
#define GV_BENCHEXP_H

#include <stdint.h>
#include <stdio.h>

#include "app/store.h"
#include "core/flags.h"

/* The dataset's version: bumped whenever a record's shape or meaning changes (the schema's
 * "dataset_version" const). */
#define BENCHEXP_VERSION 1

typedef struct benchexp_opts {
	int identified;          /* 1: names, ids and dates kept (for the data's custodian only) */
	gv_flag_options fo;      /* the engine's rule set and chart policy */
	const char *version;     /* growthview's version string */
	const char *out_name;    /* the export's file name, for the datasheet */
	int recompute_pairs;     /* 1: the rated pairs' children are loaded and computed again rather
				  * than read back from the temporary file the children's walk keeps
				  * their blocks in (the same bytes, slower: for tests) */
} benchexp_opts;

/* Counts for the datasheet (filled by benchexp_run).  Private layout; read by benchexp_datasheet. */
#define BENCHEXP_VHIST 64    /* visits per child: 1 .. 63, then 64+ */
#define BENCHEXP_MODELS 64   /* distinct models counted by name (more: "other") */
typedef struct benchexp_stats {
	long children, children_with_records, synthetic, visits, sex[3], preterm, ga_known;
	long vhist[BENCHEXP_VHIST + 1];
	long age_bin[7];         /* age at the last visit: <1, 1-2, 2-5, 5-10, 10-15, 15-20, >=20 years */
	long flag_children[GV_CAT_COUNT]; /* children with an open (current) moderate/severe flag */
	long any_flag;
	long ref_visits[6];      /* visits scored on each gv_ref */
	long records_summary, records_pair;
	long summaries_checked, claims, contradicted, rater_verdicts;
	long names_removed, dates_removed;
	size_t nmodels;
	char model[BENCHEXP_MODELS][64];
	char backend[BENCHEXP_MODELS][16];
	long model_n[BENCHEXP_MODELS];
	long model_other;
	/* rated pairs (after the ratings tables): see benchexp.c */
	long raters, ratings_submitted, ratings_draft, ratings_skipped;
	long adjudications, adjudications_resolved; /* rated_pair records whose item went to adjudication */
	long choice_left, choice_right, choice_tie; /* submitted pairwise choices */
	long corrected;          /* ratings with a corrected summary */
	/* Agreement of the first two submitted ratings of every item rated by two raters or more
	 * (the same queue and overlap group), in the item's order (summary 1, summary 2): axis 0 the
	 * choice (summary 1 better / tie / summary 2 better, nominal), 1-4 summary 1's correctness,
	 * completeness, conciseness, clarity, 5-8 summary 2's (ordinal 1-5). */
#define BENCHEXP_NAGREE 9
	long agree_items;
	int agree_ok;            /* 1: computed (agree_items > 0 and no error) */
	struct benchexp_agree {
		int st_pct, st_alpha, st_kappa; /* gv_status of each */
		double pct, pct_lo, pct_hi, alpha, alpha_lo, alpha_hi, kappa, kappa_lo, kappa_hi;
	} agree[BENCHEXP_NAGREE];
	long ratings_damaged;    /* drafts that do not parse (left out) */
} benchexp_stats;

/* Write every record to out (one JSON object and '\n' each).  0 and *s filled, or -1 with a
 * message in err (errsz bytes): a store error, out of memory, a write error (errno kept). */
int benchexp_run(gv_store *st, const benchexp_opts *o, FILE *out, benchexp_stats *s, char *err, size_t errsz);

/* The datasheet (Gebru et al., "Datasheets for Datasets", CACM 64(12), 2021) of an export as
 * Markdown: motivation, composition with the numbers of s, collection, labelling and agreement,
 * preprocessing and de-identification, uses, distribution and maintenance.  0, or -1 on a write
 * error. */
int benchexp_datasheet(FILE *f, const benchexp_opts *o, const benchexp_stats *s);

/* Provenance of the reference tables growthview embeds: for reference r (gv_ref, 1..5), its
 * short id, title, publication, the number of embedded table files and the SHA-256 (hex) of
 * their lines in refdata/SHA256SUMS ("<sha256>  <path>\n" each, in that file's order).  0 when r
 * is not a reference. */
typedef struct benchexp_ref {
	const char *id, *title, *source;
	int nfiles;
	char sha256[65];
} benchexp_ref;
int benchexp_ref_info(int r, benchexp_ref *out);

#endif
