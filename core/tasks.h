/* tasks.h — the benchmark's task items, made from one child's record and the engine's results:
 * summarisation, classification and regression, split by child, deterministic for a seed.
 *
 * What an item is (`growthview tasks` writes one JSON line per item; the JSON is app/'s):
 *   summarisation   one per child: the prompt of core/prompt.h (template growth-summary, clinician
 *                   audience, default options: ages only, no dates) for the whole record; the
 *                   references are the built-in baseline summary (core/baseline.h, clinician).
 *                   (Stored clinician-corrected summaries are further references: app/ appends
 *                   them to the answer's list; this module gives reference 0.)
 *   classification  one per visit k (0-based) of the record: the input is the record cut after
 *                   visit k (visits 0..k, nothing later: no look-ahead), the truth is the set of
 *                   flag categories OPEN at visit k computed from those visits alone:
 *                     flags of flags_eval on visits 0..k (prompt_facts_compute on the cut record)
 *                     with severity moderate or severe (so never implausible_value, which is
 *                     "check", nor "info"), not suspect (resting on a value flagged implausible,
 *                     as core/baseline.h leaves them out), and current at visit k (flags_current
 *                     on the cut record: dated within GV_FLAGS_CURRENT_DAYS = 365 days of visit k,
 *                     the patient list's "open", app/flagcache.h); acknowledgements are a
 *                     clinician's, not the engine's, and are not used.  abnormal = any category.
 *                   The prompt and input leave out the flags (they would be the answer).
 *   regression      one per visit k with a next visit t = k + 1: the input is visits 0..k, the
 *                   truth visit t: its age in days (chronological, from the birth date), and
 *                   weight_kg, height_cm as recorded, z_wfa, z_lhfa as the engine scores them
 *                   on the chart policy at that age, each absent when not measured / not scored,
 *                   or when the engine finds it implausible from visits 0..t (prompt_facts_bad_
 *                   measures, prompt_facts_ok on the record cut after t).  A next visit with none
 *                   of the four gives no item.
 * A child of unknown sex (nothing is scored) or without visits gives no item at all.
 *
 * Splits: a child's split is a function of its pseudonym and the seed alone (tasks_split_of):
 * SipHash-2-4 keyed by the seed, so every item of a child lands in the same split, the split does
 * not depend on the order or the number of other children, and another seed reshuffles.
 *
 * Pure: no I/O, no globals.  A tasks_gen handle is reused from child to child (its buffers grow,
 * never shrink); what it returns is owned by it and valid until its next call. */
#ifndef GV_TASKS_H
#define GV_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "core/baseline.h"
#include "core/flags.h"
#include "core/prompt.h"
#include "core/record.h"
#include "core/status.h"

/* Bumped whenever an item's bytes can change for the same store and seed (prompt wording, input
 * fields, truth definition); written into every item's input as "tasks_version". */
#define TASKS_VERSION 1

typedef enum task_kind { TASK_SUMMARISATION, TASK_CLASSIFICATION, TASK_REGRESSION, TASK_NKINDS } task_kind;

/* "summarisation", "classification", "regression"; "" for other values. */
const char *tasks_kind_name(task_kind k);
/* Kind by name; TASK_NKINDS when unknown (or NULL). */
task_kind tasks_kind_parse(const char *s);

typedef enum task_split { TASK_TRAIN, TASK_VALIDATION, TASK_TEST, TASK_NSPLITS } task_split;

/* "train", "validation", "test"; "" for other values. */
const char *tasks_split_name(task_split s);

/* Relative sizes of the three splits (weights: 80:10:10 and 8:1:1 are the same). */
typedef struct tasks_ratio {
	uint32_t w[TASK_NSPLITS];
} tasks_ratio;

#define TASKS_RATIO_MAX 1000000u

/* 80:10:10. */
void tasks_ratio_default(tasks_ratio *r);

/* Parse "A:B:C": three decimal integers 0..TASKS_RATIO_MAX (digits only, no sign or space), at
 * least one non-zero.  GV_OK and *out, or GV_EINVAL (*out untouched). */
gv_status tasks_ratio_parse(const char *s, tasks_ratio *out);

/* SipHash-2-4 (Aumasson & Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012) of
 * data[0..n) under the 16-byte key k (k0 = little-endian bytes 0-7, k1 = bytes 8-15). */
uint64_t tasks_siphash(const unsigned char key[16], const void *data, size_t n);

/* The split of the child with pseudonym `pseudonym` (NUL-terminated) under seed and ratio r:
 * h = tasks_siphash(key, pseudonym) with key = seed as 8 little-endian bytes, then the same 8 bytes
 * again; u = (h >> 32) * (A + B + C) >> 32 (uniform on 0..A+B+C-1 up to 2^-32); train when u < A,
 * validation when u < A + B, else test.  A split of weight 0 never gets a child. */
task_split tasks_split_of(const char *pseudonym, uint64_t seed, const tasks_ratio *r);

/* The item id: "<pseudonym>:summarisation", "<pseudonym>:classification:<N>",
 * "<pseudonym>:regression:<N>" with N = visit + 1, the 1-based number of the last visit of the
 * input (as the prompt numbers visits).  Unique within a store for one pseudonym key; the child is
 * the part before the first ':'.  Writes at most n bytes (always NUL-terminated when n > 0);
 * returns the length the id has (which may be >= n: then it was cut). */
size_t tasks_item_id(char *out, size_t n, const char *pseudonym, task_kind k, size_t visit);

/* Sampling at most n of a child's items of kind k (the option `tasks --per-child N`, which keeps a
 * large store's files linear in its children: a child's items of visit k hold its k visits, so all
 * of them grow as the square of the visits): 1 when visit `visit` is among the n candidates
 * 0..ncand-1 whose item ids (tasks_item_id) have the smallest SipHash under the seed's key (the
 * key of tasks_split_of), ties by visit.  The same for every run, whatever the other children. */
int tasks_keep(const char *pseudonym, uint64_t seed, task_kind k, size_t visit, size_t ncand, size_t n);

/* ------------------------------------------------------------------ items */

typedef struct tasks_class_answer {
	int abnormal;        /* 1 when cats is not empty */
	uint64_t cats;       /* GV_CAT_BIT of each category open at the visit (see above) */
} tasks_class_answer;

typedef struct tasks_reg_answer {
	size_t visit;        /* index of the held-out visit (k + 1) */
	int32_t age_days;    /* its age in days */
	double weight_kg, height_cm, z_wfa, z_lhfa; /* NAN = absent */
} tasks_reg_answer;

/* One item.  Texts are owned by the tasks_gen that made it, valid until its next call. */
typedef struct tasks_item {
	task_kind kind;
	size_t visit;               /* last visit of the input (0-based); summarisation: the last visit */
	const char *prompt;         /* the prompt text: system message, blank line, user message */
	size_t prompt_len;
	const char *input;          /* the same as one compact JSON object (see tasks_classification) */
	size_t input_len;
	const char *reference;      /* summarisation: the baseline summary; NULL otherwise */
	size_t reference_len;
	tasks_class_answer cls;     /* classification */
	tasks_reg_answer reg;       /* regression */
} tasks_item;

/* The generator.  Fields are private. */
typedef struct tasks_gen {
	gv_flag_options fo;
	prompt_options po;
	const gv_child *c;          /* the child (borrowed, between tasks_child_begin and the next one) */
	struct tasks_cut {
		gv_child sub;           /* c cut after visit sub.nv - 1 (visits borrowed from c) */
		prompt_facts f;
		int valid;
	} cut[2];
	prompt pr;
	baseline bl;
	prompt_buf text, input;
} tasks_gen;

void tasks_gen_init(tasks_gen *g);
void tasks_gen_free(tasks_gen *g);

/* Start on child c (visits sorted by date, then time; borrowed: must stay valid until the next
 * tasks_child_begin) under flag options fo (NULL = US defaults).  GV_OK; GV_MISSING when the
 * child gives no item (no visit, or sex unknown); GV_EINVAL for a NULL argument. */
gv_status tasks_child_begin(tasks_gen *g, const gv_child *c, const gv_flag_options *fo);

/* The summarisation item of the child.  Input: the JSON payload of core/prompt.h (prompt_build
 * with want_json) plus "tasks_version".  GV_OK, GV_ENOMEM. */
gv_status tasks_summarisation(tasks_gen *g, tasks_item *out);

/* The classification item of visit k (k < c->nv).  Prompt: a system message asking for the open
 * moderate or severe categories (listing their names) and the answer's JSON shape, then the
 * template's user message for visits 0..k without its "Flags" section and with the task line
 * replaced.  Input: the payload for visits 0..k without "flags", "instructions", "task",
 * "audience" and "word_limit", plus "tasks_version".  GV_OK, GV_EINVAL (k out of range),
 * GV_ENOMEM. */
gv_status tasks_classification(tasks_gen *g, size_t k, tasks_item *out);

/* The regression item of visit k (k + 1 < c->nv): prompt and input as for classification but
 * keeping the flags of visits 0..k, the task line naming the next visit's age, and the input with
 * "target": {"visit": k + 2, "age_days": ...}.  GV_OK; GV_MISSING when visit k + 1 has nothing
 * to predict (no item); GV_EINVAL (k out of range); GV_ENOMEM. */
gv_status tasks_regression(tasks_gen *g, size_t k, tasks_item *out);

/* The classification truth alone at visit k (what tasks_classification puts in out->cls), for
 * tests and for callers that need no prompt.  GV_OK, GV_EINVAL, GV_ENOMEM. */
gv_status tasks_class_truth(tasks_gen *g, size_t k, tasks_class_answer *out);

/* Remove member `key` from the top level of the JSON object in b (compact or not; strings with
 * escapes are skipped correctly).  1 when removed, 0 when absent, -1 when b does not hold an
 * object (b untouched then). */
int tasks_json_drop(prompt_buf *b, const char *key);

#endif
