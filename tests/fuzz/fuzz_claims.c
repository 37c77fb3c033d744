/* fuzz_claims.c — the claim checker (core/claims.c) on an arbitrary summary text: claims_extract,
 * and claims_judge against a fixed synthetic child.  Calls core/ only.  Seeds:
 * tests/fuzz/claims/.
 *
 * Invariants (claims.h): every claim's span lies inside the text, claims come in text order;
 * stated, expected and note are NUL-terminated ASCII inside their arrays; types and verdicts are in
 * range; extraction alone leaves every verdict unverifiable; judging finds the same claims at the
 * same places as extraction alone. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims.h"
#include "core/synth.h"
#include "tests/fuzz/fuzz.h"

static void check_text(const char *s, size_t cap, const char *what, size_t i)
{
	size_t n = strnlen(s, cap);
	fz_check(n < cap, "claim %zu: %s not terminated", i, what);
	for (size_t k = 0; k < n; k++)
		fz_check((unsigned char)s[k] >= 0x20 && (unsigned char)s[k] < 0x7f, "claim %zu: %s byte 0x%02x", i, what,
			 (unsigned char)s[k]);
}

static void check_result(const claims_result *r, size_t len, int judged)
{
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		fz_check(c->start < c->end && c->end <= len, "claim %zu at [%zu, %zu) of %zu bytes", i, c->start, c->end, len);
		fz_check(i == 0 || r->claims[i - 1].start <= c->start, "claim %zu before claim %zu", i, i - 1);
		fz_check(c->type < CLAIM_NTYPES && c->verdict < CLAIM_NVERDICTS, "claim %zu: type %d verdict %d", i,
			 (int)c->type, (int)c->verdict);
		fz_check(judged || c->verdict == CLAIM_UNVERIFIABLE, "claim %zu judged by extraction", i);
		check_text(c->stated, sizeof c->stated, "stated", i);
		check_text(c->expected, sizeof c->expected, "expected", i);
		check_text(c->note, sizeof c->note, "note", i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static claims_child *cc;
	if (!cc) {
		/* The failure-to-thrive boy of the claims dev set (tests/data/claims/dev/ftt.txt:
		 * "child ftt synth 7 64"), whom the seed summaries describe. */
		synth_config cfg;
		synth_default_config(&cfg, age_days_from_civil(2025, 1, 1));
		gv_visit v[SYNTH_MAX_VISITS];
		gv_child ch;
		if (synth_child(&cfg, 7, 64, &ch, v, NULL) != GV_OK || claims_child_new(&ch, NULL, &cc) != GV_OK)
			abort();
	}
	char *s = malloc(size ? size : 1); /* exactly size bytes: reading past it is an ASan error */
	if (!s)
		abort();
	memcpy(s, data, size);
	claims_result ex, ju;
	memset(&ex, 0, sizeof ex);
	memset(&ju, 0, sizeof ju);
	if (claims_extract(s, size, &ex) == GV_OK) {
		check_result(&ex, size, 0);
		if (claims_judge(cc, s, size, &ju) == GV_OK) {
			check_result(&ju, size, 1);
			fz_check(ju.n == ex.n, "judging found %zu claims, extraction %zu", ju.n, ex.n);
			for (size_t i = 0; i < ex.n; i++)
				fz_check(ju.claims[i].start == ex.claims[i].start && ju.claims[i].end == ex.claims[i].end &&
						 ju.claims[i].type == ex.claims[i].type,
					 "claim %zu: judged and extracted differ", i);
		}
	}
	claims_free(&ex);
	claims_free(&ju);
	free(s);
	return 0;
}
