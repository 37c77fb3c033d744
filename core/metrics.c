/* metrics.c — BLEU, ROUGE, classification and regression metrics, bootstrap helpers.
 * Definitions and sources are in metrics.h; the comments here say how. */
#include "core/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/synth.h"

/* ------------------------------------------------------------------ sorting with a context */

/* A stable merge sort of idx[0..n) by cmp(a, b, ctx) (C11 has no qsort with a context). */
typedef int (*idx_cmp)(uint32_t a, uint32_t b, const void *ctx);

static void msort_rec(uint32_t *a, uint32_t *tmp, size_t n, idx_cmp cmp, const void *ctx)
{
	if (n < 12) { /* insertion sort: stable */
		for (size_t i = 1; i < n; i++) {
			uint32_t x = a[i];
			size_t j = i;
			while (j > 0 && cmp(a[j - 1], x, ctx) > 0) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	size_t h = n / 2;
	msort_rec(a, tmp, h, cmp, ctx);
	msort_rec(a + h, tmp, n - h, cmp, ctx);
	if (cmp(a[h - 1], a[h], ctx) <= 0)
		return;
	memcpy(tmp, a, h * sizeof *a);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		a[k++] = cmp(a[j], tmp[i], ctx) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

/* Sorts idx[0..n); tmp holds n/2 + 1 entries. */
static void msort(uint32_t *idx, uint32_t *tmp, size_t n, idx_cmp cmp, const void *ctx)
{
	msort_rec(idx, tmp, n, cmp, ctx);
}

/* ------------------------------------------------------------------ Python's white space */

/* Length in bytes of the white-space character at s[0..n) as Python's str.isspace() (which
 * str.split() and str.rstrip() use) sees it, or 0.  Unicode: the characters with bidirectional
 * class WS, B or S or general category Zs. */
static size_t py_space(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20))
		return 1;
	if (c == 0xc2 && n >= 2 && (s[1] == 0x85 || s[1] == 0xa0)) /* U+0085, U+00A0 */
		return 2;
	if (n >= 3 && c == 0xe1 && s[1] == 0x9a && s[2] == 0x80) /* U+1680 */
		return 3;
	if (n >= 3 && c == 0xe2) {
		if (s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
			return 3; /* U+2000-U+200A, U+2028, U+2029, U+202F */
		if (s[1] == 0x81 && s[2] == 0x9f) /* U+205F */
			return 3;
	}
	if (n >= 3 && c == 0xe3 && s[1] == 0x80 && s[2] == 0x80) /* U+3000 */
		return 3;
	return 0;
}

/* Length of s[0..n) without its trailing white space (Python's rstrip()): drop a final 1-, 2- or
 * 3-byte white-space character while there is one. */
static size_t py_rstrip(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (;;) {
		if (n >= 1 && py_space(u + n - 1, 1) == 1)
			n -= 1;
		else if (n >= 2 && py_space(u + n - 2, 2) == 2)
			n -= 2;
		else if (n >= 3 && py_space(u + n - 3, 3) == 3)
			n -= 3;
		else
			return n;
	}
}

/* ------------------------------------------------------------------ tokens and ids */

/* A text split into tokens: spans of buf, then ids (equal ids = equal tokens across every text of
 * one comparison). */
typedef struct toks {
	char *buf;        /* tokenised text, owned */
	uint32_t *off;    /* token i is buf[off[i] .. off[i] + len[i]) */
	uint32_t *len;
	uint32_t *id;
	size_t n;
} toks;

static void toks_free(toks *t)
{
	free(t->buf);
	free(t->off);
	free(t->len);
	free(t->id);
	memset(t, 0, sizeof *t);
}

/* Split t->buf (set by the caller, NUL-terminated) at Python white space. */
static gv_status toks_split(toks *t)
{
	const unsigned char *u = (const unsigned char *)t->buf;
	size_t L = strlen(t->buf), cap = L / 2 + 1, n = 0;
	t->off = malloc(cap * sizeof *t->off);
	t->len = malloc(cap * sizeof *t->len);
	if (!t->off || !t->len)
		return GV_ENOMEM;
	size_t i = 0;
	while (i < L) {
		size_t w = py_space(u + i, L - i);
		if (w) {
			i += w;
			continue;
		}
		size_t st = i;
		while (i < L && !py_space(u + i, L - i))
			i++;
		t->off[n] = (uint32_t)st;
		t->len[n] = (uint32_t)(i - st);
		n++;
	}
	t->n = n;
	return GV_OK;
}

typedef struct vocab_ctx {
	toks *const *t;   /* the texts */
	const uint32_t *text;  /* global token g belongs to text[g] ... */
	const uint32_t *tok;   /* ... as its token tok[g] */
} vocab_ctx;

static int vocab_cmp(uint32_t a, uint32_t b, const void *vctx)
{
	const vocab_ctx *c = vctx;
	const toks *ta = c->t[c->text[a]], *tb = c->t[c->text[b]];
	uint32_t ia = c->tok[a], ib = c->tok[b];
	uint32_t la = ta->len[ia], lb = tb->len[ib];
	int r = memcmp(ta->buf + ta->off[ia], tb->buf + tb->off[ib], la < lb ? la : lb);
	if (r)
		return r;
	return la < lb ? -1 : la > lb;
}

/* Give every token of t[0..nt) an id: equal strings, equal ids. */
static gv_status assign_ids(toks *const *t, size_t nt)
{
	size_t total = 0;
	for (size_t i = 0; i < nt; i++)
		total += t[i]->n;
	for (size_t i = 0; i < nt; i++) {
		t[i]->id = malloc((t[i]->n + 1) * sizeof *t[i]->id);
		if (!t[i]->id)
			return GV_ENOMEM;
	}
	if (total == 0)
		return GV_OK;
	uint32_t *text = malloc(total * sizeof *text), *tok = malloc(total * sizeof *tok);
	uint32_t *idx = malloc(total * sizeof *idx), *tmp = malloc((total / 2 + 1) * sizeof *tmp);
	gv_status st = GV_ENOMEM;
	if (!text || !tok || !idx || !tmp)
		goto out;
	size_t g = 0;
	for (size_t i = 0; i < nt; i++)
		for (size_t j = 0; j < t[i]->n; j++, g++) {
			text[g] = (uint32_t)i;
			tok[g] = (uint32_t)j;
			idx[g] = (uint32_t)g;
		}
	vocab_ctx c = {t, text, tok};
	msort(idx, tmp, total, vocab_cmp, &c);
	uint32_t id = 0;
	for (size_t k = 0; k < total; k++) {
		if (k > 0 && vocab_cmp(idx[k - 1], idx[k], &c) != 0)
			id++;
		t[text[idx[k]]]->id[tok[idx[k]]] = id;
	}
	st = GV_OK;
out:
	free(text);
	free(tok);
	free(idx);
	free(tmp);
	return st;
}

/* ------------------------------------------------------------------ n-gram counts */

typedef struct ngram_ctx {
	const uint32_t *id;
	int n;
} ngram_ctx;

static int idseq_cmp(const uint32_t *a, const uint32_t *b, int n)
{
	for (int k = 0; k < n; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

static int ngram_cmp(uint32_t a, uint32_t b, const void *vctx)
{
	const ngram_ctx *c = vctx;
	return idseq_cmp(c->id + a, c->id + b, c->n);
}

/* The distinct n-grams of ids[0..L) in sorted order: start[k] (a position of the n-gram) and
 * cnt[k]; returns their number.  start and cnt hold L entries, tmp L/2 + 1. */
static size_t ngrams(const uint32_t *id, size_t L, int n, uint32_t *start, uint32_t *cnt, uint32_t *tmp)
{
	if (L < (size_t)n)
		return 0;
	size_t m = L - (size_t)n + 1;
	for (size_t i = 0; i < m; i++)
		start[i] = (uint32_t)i;
	ngram_ctx c = {id, n};
	msort(start, tmp, m, ngram_cmp, &c);
	size_t u = 0;
	for (size_t i = 0; i < m; i++) {
		if (u > 0 && idseq_cmp(id + start[u - 1], id + start[i], n) == 0) {
			cnt[u - 1]++;
		} else {
			start[u] = start[i];
			cnt[u] = 1;
			u++;
		}
	}
	return u;
}

/* Scratch for n-gram work on texts of at most L tokens. */
typedef struct ngram_work {
	uint32_t *hs, *hc, *rs, *rc, *tmp, *best;
} ngram_work;

static void work_free(ngram_work *w)
{
	free(w->hs);
	free(w->hc);
	free(w->rs);
	free(w->rc);
	free(w->tmp);
	free(w->best);
}

static gv_status work_alloc(ngram_work *w, size_t L)
{
	L++;
	w->hs = malloc(L * sizeof(uint32_t));
	w->hc = malloc(L * sizeof(uint32_t));
	w->rs = malloc(L * sizeof(uint32_t));
	w->rc = malloc(L * sizeof(uint32_t));
	w->tmp = malloc((L / 2 + 1) * sizeof(uint32_t));
	w->best = malloc(L * sizeof(uint32_t));
	if (!w->hs || !w->hc || !w->rs || !w->rc || !w->tmp || !w->best) {
		work_free(w);
		memset(w, 0, sizeof *w);
		return GV_ENOMEM;
	}
	return GV_OK;
}

/* For each distinct n-gram k of the hypothesis (hs/hc, nh of them), best[k] = max(best[k], its
 * count in the reference r): a merge of the two sorted lists. */
static void ngram_max_ref(const toks *h, size_t nh, const toks *r, int n, ngram_work *w)
{
	size_t nr = ngrams(r->id, r->n, n, w->rs, w->rc, w->tmp);
	size_t i = 0, j = 0;
	while (i < nh && j < nr) {
		int c = idseq_cmp(h->id + w->hs[i], r->id + w->rs[j], n);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			if (w->rc[j] > w->best[i])
				w->best[i] = w->rc[j];
			i++;
			j++;
		}
	}
}

/* ================================================================== BLEU */

void bleu_corpus_defaults(bleu_opts *o)
{
	o->max_order = 4;
	o->smooth = BLEU_SMOOTH_EXP;
	o->smooth_value = NAN;
	o->effective_order = 0;
	o->tok = BLEU_TOK_13A;
}

void bleu_sentence_defaults(bleu_opts *o)
{
	bleu_corpus_defaults(o);
	o->effective_order = 1;
}

void bleu_stats_init(bleu_stats *s)
{
	memset(s, 0, sizeof *s);
}

static int opts_ok(const bleu_opts *o)
{
	return o->max_order >= 1 && o->max_order <= BLEU_MAX_ORDER &&
	       (o->smooth == BLEU_SMOOTH_EXP || o->smooth == BLEU_SMOOTH_FLOOR || o->smooth == BLEU_SMOOTH_ADD_K ||
		o->smooth == BLEU_SMOOTH_NONE) &&
	       (o->tok == BLEU_TOK_13A || o->tok == BLEU_TOK_NONE) &&
	       (isnan(o->smooth_value) || (isfinite(o->smooth_value) && o->smooth_value >= 0));
}

/* Python's str.replace(from, to) on s[0..*n), in place (to is never longer than from). */
static void replace_all(char *s, size_t *n, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), r = 0, w = 0;
	while (r < *n) {
		if (r + lf <= *n && memcmp(s + r, from, lf) == 0) {
			memcpy(s + w, to, lt);
			w += lt;
			r += lf;
		} else {
			s[w++] = s[r++];
		}
	}
	*n = w;
	s[w] = '\0';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The characters of mteval-v13a's first regular expression, [\{-\~\[-\` -\&\(-\+\:-\@\/]:
 * 0x7b-0x7e, 0x5b-0x60, 0x20-0x26, 0x28-0x2b, 0x3a-0x40 and '/'. */
static int is_13a_punct(unsigned char c)
{
	return (c >= 0x7b && c <= 0x7e) || (c >= 0x5b && c <= 0x60) || (c >= 0x20 && c <= 0x26) ||
	       (c >= 0x28 && c <= 0x2b) || (c >= 0x3a && c <= 0x40) || c == '/';
}

/* One pass of a two-character rule, as Python's re.sub does it: left to right, a match consumes
 * both characters.  rule 2: ([^0-9])([\.,]) -> "\1 \2 "; rule 3: ([\.,])([^0-9]) -> " \1 \2";
 * rule 4: ([0-9])(-) -> "\1 \2 ".  Output into out (2 n + 1 bytes). */
static size_t pass2(const char *s, size_t n, char *out, int rule)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		unsigned char a = (unsigned char)s[i], b = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		int m = 0;
		if (i + 1 < n) {
			if (rule == 2)
				m = !is_digit(a) && (b == '.' || b == ',');
			else if (rule == 3)
				m = (a == '.' || a == ',') && !is_digit(b);
			else
				m = is_digit(a) && b == '-';
		}
		if (!m) {
			out[w++] = (char)a;
			i++;
			continue;
		}
		if (rule == 3) {
			out[w++] = ' ';
			out[w++] = (char)a;
			out[w++] = ' ';
			out[w++] = (char)b;
		} else {
			out[w++] = (char)a;
			out[w++] = ' ';
			out[w++] = (char)b;
			out[w++] = ' ';
		}
		i += 2;
	}
	out[w] = '\0';
	return w;
}

/* The 13a pipeline on s, before the final split (which toks_split does): a new string. */
static char *tok13a_raw(const char *s)
{
	size_t n = py_rstrip(s, strlen(s));
	char *a = malloc(n + 3);
	if (!a)
		return NULL;
	memcpy(a, s, n);
	a[n] = '\0';
	replace_all(a, &n, "<skipped>", "");
	replace_all(a, &n, "-\n", "");
	replace_all(a, &n, "\n", " ");
	replace_all(a, &n, "&quot;", "\"");
	replace_all(a, &n, "&amp;", "&");
	replace_all(a, &n, "&lt;", "<");
	replace_all(a, &n, "&gt;", ">");
	/* f' {line} ', then rule 1: each listed character becomes " c " */
	char *b = malloc(3 * (n + 2) + 1);
	if (!b) {
		free(a);
		return NULL;
	}
	size_t w = 0;
	b[w++] = ' ', b[w++] = ' ', b[w++] = ' '; /* the leading space is itself in the set */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];
		if (is_13a_punct(c)) {
			b[w++] = ' ';
			b[w++] = (char)c;
			b[w++] = ' ';
		} else {
			b[w++] = (char)c;
		}
	}
	b[w++] = ' ', b[w++] = ' ', b[w++] = ' ';
	b[w] = '\0';
	free(a);
	for (int rule = 2; rule <= 4; rule++) {
		char *c = malloc(2 * w + 1);
		if (!c) {
			free(b);
			return NULL;
		}
		w = pass2(b, w, c, rule);
		free(b);
		b = c;
	}
	return b;
}

static gv_status tokenize_into(toks *t, const char *s, bleu_tok tok)
{
	memset(t, 0, sizeof *t);
	if (tok == BLEU_TOK_13A) {
		t->buf = tok13a_raw(s);
	} else {
		size_t n = py_rstrip(s, strlen(s));
		t->buf = malloc(n + 1);
		if (t->buf) {
			memcpy(t->buf, s, n);
			t->buf[n] = '\0';
		}
	}
	if (!t->buf)
		return GV_ENOMEM;
	return toks_split(t);
}

/* Tokens of t joined by single spaces, in a new string. */
static char *toks_join(const toks *t)
{
	size_t need = 1;
	for (size_t i = 0; i < t->n; i++)
		need += t->len[i] + 1;
	char *o = malloc(need), *p = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			*p++ = ' ';
		memcpy(p, t->buf + t->off[i], t->len[i]);
		p += t->len[i];
	}
	*p = '\0';
	return o;
}

char *bleu_tokenize(const char *s, bleu_tok tok)
{
	if (!s || (tok != BLEU_TOK_13A && tok != BLEU_TOK_NONE))
		return NULL;
	toks t;
	char *o = NULL;
	if (tokenize_into(&t, s, tok) == GV_OK)
		o = toks_join(&t);
	toks_free(&t);
	return o;
}

gv_status bleu_add(bleu_stats *st, const bleu_opts *o, const char *hyp, const char *const *refs, size_t nrefs)
{
	bleu_opts def;
	if (!o) {
		bleu_corpus_defaults(&def);
		o = &def;
	}
	if (!st || !hyp || !refs || nrefs == 0 || !opts_ok(o))
		return GV_EINVAL;
	for (size_t r = 0; r < nrefs; r++)
		if (!refs[r])
			return GV_EINVAL;
	size_t nt = nrefs + 1;
	toks *t = calloc(nt, sizeof *t);
	toks **tp = malloc(nt * sizeof *tp);
	ngram_work w = {0};
	gv_status s = GV_ENOMEM;
	if (!t || !tp)
		goto out;
	size_t maxlen = 0;
	for (size_t i = 0; i < nt; i++) {
		tp[i] = &t[i];
		if ((s = tokenize_into(&t[i], i == 0 ? hyp : refs[i - 1], o->tok)) != GV_OK)
			goto out;
		if (t[i].n > maxlen)
			maxlen = t[i].n;
	}
	if ((s = assign_ids(tp, nt)) != GV_OK || (s = work_alloc(&w, maxlen)) != GV_OK)
		goto out;

	/* closest reference length, the shorter on a tie (sacreBLEU _get_closest_ref_len) */
	size_t hl = t[0].n, rl = t[1].n;
	for (size_t r = 2; r < nt; r++) {
		size_t d = t[r].n > hl ? t[r].n - hl : hl - t[r].n, bd = rl > hl ? rl - hl : hl - rl;
		if (d < bd || (d == bd && t[r].n < rl))
			rl = t[r].n;
	}
	bleu_stats add = {0};
	for (int n = 1; n <= o->max_order; n++) {
		size_t nh = ngrams(t[0].id, hl, n, w.hs, w.hc, w.tmp);
		memset(w.best, 0, (nh + 1) * sizeof *w.best);
		for (size_t r = 1; r < nt; r++)
			ngram_max_ref(&t[0], nh, &t[r], n, &w);
		uint64_t corr = 0;
		for (size_t k = 0; k < nh; k++) /* clipped count (Papineni sec. 2.1) */
			corr += w.hc[k] < w.best[k] ? w.hc[k] : w.best[k];
		add.correct[n - 1] = corr;
		add.total[n - 1] = hl >= (size_t)n ? hl - (size_t)n + 1 : 0;
	}
	st->nseg++;
	st->hyp_len += hl;
	st->ref_len += rl;
	for (int n = 0; n < o->max_order; n++) {
		st->correct[n] += add.correct[n];
		st->total[n] += add.total[n];
	}
	s = GV_OK;
out:
	if (t)
		for (size_t i = 0; i < nt; i++)
			toks_free(&t[i]);
	free(t);
	free(tp);
	work_free(&w);
	return s;
}

gv_status bleu_compute(const bleu_stats *st, const bleu_opts *o, bleu_result *out)
{
	bleu_opts def;
	if (!o) {
		bleu_corpus_defaults(&def);
		o = &def;
	}
	if (!st || !out || !opts_ok(o))
		return GV_EINVAL;
	memset(out, 0, sizeof *out);
	if (st->nseg == 0)
		return GV_MISSING;
	int N = o->max_order;
	double sv = o->smooth_value;
	if (isnan(sv))
		sv = o->smooth == BLEU_SMOOTH_FLOOR ? 0.1 : 1.0; /* sacreBLEU SMOOTH_DEFAULTS (Chen & Cherry) */
	out->hyp_len = st->hyp_len;
	out->ref_len = st->ref_len;
	out->ratio = st->ref_len ? (double)st->hyp_len / (double)st->ref_len : 0;
	/* brevity penalty (Papineni sec. 2.2.2) */
	if (st->hyp_len < st->ref_len)
		out->bp = st->hyp_len > 0 ? exp(1.0 - (double)st->ref_len / (double)st->hyp_len) : 0.0;
	else
		out->bp = 1.0;
	out->orders = N;
	int any = 0;
	for (int n = 0; n < N; n++)
		any |= st->correct[n] != 0;
	if (!any) /* no match at all: 0 (sacreBLEU #141) */
		return GV_OK;
	double smooth_mteval = 1.0, logsum = 0;
	int eff = N, zero = 0;
	for (int n = 1; n <= N; n++) {
		double corr = (double)st->correct[n - 1], tot = (double)st->total[n - 1];
		if (o->smooth == BLEU_SMOOTH_ADD_K && n > 1) { /* Chen & Cherry method 2 */
			corr += sv;
			tot += sv;
		}
		if (tot == 0)
			break;
		if (o->effective_order)
			eff = n;
		double p = 0;
		if (corr == 0) {
			if (o->smooth == BLEU_SMOOTH_EXP) { /* method 3: 1/2, 1/4, ... of a match */
				smooth_mteval *= 2;
				p = 100.0 / (smooth_mteval * tot);
			} else if (o->smooth == BLEU_SMOOTH_FLOOR) { /* method 1 */
				p = 100.0 * sv / tot;
			}
		} else {
			p = 100.0 * corr / tot;
		}
		out->precision[n - 1] = p;
	}
	out->orders = eff;
	for (int n = 0; n < eff; n++) {
		if (out->precision[n] == 0) /* sacreBLEU's my_log(0) = -9999999999: the score is 0 */
			zero = 1;
		else
			logsum += log(out->precision[n]);
	}
	/* geometric mean of the (percent) precisions times BP (Papineni eq. in sec. 2.3) */
	out->score = zero ? 0.0 : out->bp * exp(logsum / eff);
	return GV_OK;
}

gv_status bleu_sentence(const char *hyp, const char *const *refs, size_t nrefs, const bleu_opts *o,
			bleu_result *out)
{
	bleu_opts def;
	if (!o) {
		bleu_sentence_defaults(&def);
		o = &def;
	}
	if (!out)
		return GV_EINVAL;
	bleu_stats st;
	bleu_stats_init(&st);
	gv_status s = bleu_add(&st, o, hyp, refs, nrefs);
	if (s != GV_OK) {
		memset(out, 0, sizeof *out);
		return s;
	}
	return bleu_compute(&st, o, out);
}

/* ================================================================== ROUGE */

/* rouge-score's tokeniser into t: lower(), [^a-z0-9]+ -> " ", split. */
static gv_status rouge_tokens(toks *t, const char *s)
{
	memset(t, 0, sizeof *t);
	size_t n = strlen(s);
	t->buf = malloc(2 * n + 1);
	if (!t->buf)
		return GV_ENOMEM;
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		if (c >= 'A' && c <= 'Z') {
			t->buf[w++] = (char)(c - 'A' + 'a');
			i++;
		} else if ((c >= 'a' && c <= 'z') || is_digit(c)) {
			t->buf[w++] = (char)c;
			i++;
		} else if (c == 0xc4 && i + 1 < n && u[i + 1] == 0xb0) {
			/* U+0130: Python lower() gives "i" + U+0307 (a separator) */
			t->buf[w++] = 'i';
			t->buf[w++] = ' ';
			i += 2;
		} else if (c == 0xe2 && i + 2 < n && u[i + 1] == 0x84 && u[i + 2] == 0xaa) {
			t->buf[w++] = 'k'; /* U+212A KELVIN SIGN: lower() is "k" */
			i += 3;
		} else {
			t->buf[w++] = ' ';
			i++;
		}
	}
	t->buf[w] = '\0';
	return toks_split(t);
}

char *rouge_tokenize(const char *s)
{
	if (!s)
		return NULL;
	toks t;
	char *o = NULL;
	if (rouge_tokens(&t, s) == GV_OK)
		o = toks_join(&t);
	toks_free(&t);
	return o;
}

/* F-measure with beta = 1 (rouge-score scoring.fmeasure). */
static double fmeasure(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* Length of the longest common subsequence of a[0..na) and b[0..nb) (the classic dynamic
 * programme, Lin sec. 3.1), two rows of nb + 1; row holds 2 (nb + 1) entries. */
static uint32_t lcs_len(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *row)
{
	uint32_t *prev = row, *cur = row + nb + 1;
	memset(prev, 0, (nb + 1) * sizeof *prev);
	for (size_t i = 1; i <= na; i++) {
		cur[0] = 0;
		for (size_t j = 1; j <= nb; j++) {
			if (a[i - 1] == b[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
		}
		uint32_t *x = prev;
		prev = cur;
		cur = x;
	}
	return prev[nb];
}

/* ROUGE-N of prediction p (distinct n-grams hs/hc, nh of them, total tp) against reference r. */
static rouge_prf rouge_n(const toks *p, size_t nh, size_t tp, const toks *r, int n, ngram_work *w)
{
	memset(w->best, 0, (nh + 1) * sizeof *w->best);
	ngram_max_ref(p, nh, r, n, w);
	uint64_t overlap = 0;
	for (size_t k = 0; k < nh; k++)
		overlap += w->hc[k] < w->best[k] ? w->hc[k] : w->best[k];
	size_t tr = r->n >= (size_t)n ? r->n - (size_t)n + 1 : 0;
	rouge_prf s;
	s.p = (double)overlap / (double)(tp > 0 ? tp : 1);
	s.r = (double)overlap / (double)(tr > 0 ? tr : 1);
	s.f = fmeasure(s.p, s.r);
	return s;
}

gv_status rouge_score(const char *pred, const char *const *refs, size_t nrefs, rouge_result *out)
{
	if (!out)
		return GV_EINVAL;
	memset(out, 0, sizeof *out);
	if (!pred || !refs || nrefs == 0)
		return GV_EINVAL;
	for (size_t r = 0; r < nrefs; r++)
		if (!refs[r])
			return GV_EINVAL;
	size_t nt = nrefs + 1;
	toks *t = calloc(nt, sizeof *t);
	toks **tp = malloc(nt * sizeof *tp);
	ngram_work w = {0};
	uint32_t *row = NULL;
	gv_status s = GV_ENOMEM;
	if (!t || !tp)
		goto out;
	size_t maxlen = 0;
	for (size_t i = 0; i < nt; i++) {
		tp[i] = &t[i];
		if ((s = rouge_tokens(&t[i], i == 0 ? pred : refs[i - 1])) != GV_OK)
			goto out;
		if (t[i].n > maxlen)
			maxlen = t[i].n;
	}
	s = GV_ENOMEM;
	if (assign_ids(tp, nt) != GV_OK || work_alloc(&w, maxlen) != GV_OK)
		goto out;
	row = malloc(2 * (t[0].n + 1) * sizeof *row);
	if (!row)
		goto out;
	out->pred_tokens = t[0].n;
	rouge_prf *dst[3] = {&out->r1, &out->r2, &out->rl};
	for (int kind = 0; kind < 3; kind++) {
		size_t nh = 0, tpn = 0;
		if (kind < 2) {
			int n = kind + 1;
			nh = ngrams(t[0].id, t[0].n, n, w.hs, w.hc, w.tmp);
			tpn = t[0].n >= (size_t)n ? t[0].n - (size_t)n + 1 : 0;
		}
		for (size_t r = 1; r < nt; r++) {
			rouge_prf sc = {0, 0, 0};
			if (kind < 2) {
				sc = rouge_n(&t[0], nh, tpn, &t[r], kind + 1, &w);
			} else if (t[0].n > 0 && t[r].n > 0) {
				uint32_t l = lcs_len(t[r].id, t[r].n, t[0].id, t[0].n, row);
				sc.p = (double)l / (double)t[0].n;
				sc.r = (double)l / (double)t[r].n;
				sc.f = fmeasure(sc.p, sc.r);
			}
			/* max over references by F, the first on a tie (rouge-score score_multi) */
			if (r == 1 || sc.f > dst[kind]->f) {
				*dst[kind] = sc;
				out->best_ref[kind] = (int)(r - 1);
			}
		}
	}
	s = GV_OK;
out:
	if (t)
		for (size_t i = 0; i < nt; i++)
			toks_free(&t[i]);
	free(t);
	free(tp);
	free(row);
	work_free(&w);
	if (s != GV_OK)
		memset(out, 0, sizeof *out);
	return s;
}

/* ================================================================== classification */

/* Scores of one class from its counts (metrics.h: the zero_division = 0 convention). */
static void class_scores(metrics_class *c)
{
	c->undefined = 0;
	c->precision = c->recall = c->f1 = 0;
	if (c->tp + c->fp > 0)
		c->precision = (double)c->tp / (double)(c->tp + c->fp);
	else
		c->undefined |= METRICS_P_UNDEF;
	if (c->tp + c->fn > 0)
		c->recall = (double)c->tp / (double)(c->tp + c->fn);
	else
		c->undefined |= METRICS_R_UNDEF;
	uint64_t d = 2 * c->tp + c->fp + c->fn;
	if (d > 0)
		c->f1 = 2.0 * (double)c->tp / (double)d; /* = 2PR/(P+R) */
	else
		c->undefined |= METRICS_F_UNDEF;
}

static void macro_of(const metrics_class *c, int k, metrics_macro *m)
{
	memset(m, 0, sizeof *m);
	for (int i = 0; i < k; i++) {
		if (c[i].undefined & METRICS_F_UNDEF)
			continue;
		m->precision += c[i].precision;
		m->recall += c[i].recall;
		m->f1 += c[i].f1;
		m->classes++;
	}
	if (m->classes) {
		m->precision /= (double)m->classes;
		m->recall /= (double)m->classes;
		m->f1 /= (double)m->classes;
	}
}

gv_status metrics_classify(const int *truth, const int *pred, size_t n, int k, metrics_class *per_class,
			   double *accuracy, metrics_macro *macro)
{
	if (k < 1 || !per_class || (n > 0 && (!truth || !pred)))
		return GV_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (truth[i] < 0 || truth[i] >= k || pred[i] < 0 || pred[i] >= k)
			return GV_EINVAL;
	memset(per_class, 0, (size_t)k * sizeof *per_class);
	if (accuracy)
		*accuracy = 0;
	if (macro)
		memset(macro, 0, sizeof *macro);
	if (n == 0)
		return GV_MISSING;
	uint64_t right = 0;
	for (size_t i = 0; i < n; i++) {
		if (truth[i] == pred[i]) {
			per_class[truth[i]].tp++;
			right++;
		} else {
			per_class[truth[i]].fn++;
			per_class[pred[i]].fp++;
		}
	}
	for (int c = 0; c < k; c++) {
		per_class[c].tn = n - per_class[c].tp - per_class[c].fp - per_class[c].fn;
		class_scores(&per_class[c]);
	}
	if (accuracy)
		*accuracy = (double)right / (double)n;
	if (macro)
		macro_of(per_class, k, macro);
	return GV_OK;
}

gv_status metrics_multilabel(const uint32_t *truth, const uint32_t *pred, size_t n, int k,
			     metrics_class *per_category, metrics_macro *macro, double *subset_accuracy,
			     double *micro_f1)
{
	if (k < 1 || k > 32 || !per_category || (n > 0 && (!truth || !pred)))
		return GV_EINVAL;
	uint32_t mask = k == 32 ? 0xffffffffu : (1u << k) - 1u;
	for (size_t i = 0; i < n; i++)
		if ((truth[i] | pred[i]) & ~mask)
			return GV_EINVAL;
	memset(per_category, 0, (size_t)k * sizeof *per_category);
	if (macro)
		memset(macro, 0, sizeof *macro);
	if (subset_accuracy)
		*subset_accuracy = 0;
	if (micro_f1)
		*micro_f1 = 0;
	if (n == 0)
		return GV_MISSING;
	uint64_t exact = 0;
	for (size_t i = 0; i < n; i++) {
		exact += truth[i] == pred[i];
		for (int c = 0; c < k; c++) {
			int t = (truth[i] >> c) & 1, p = (pred[i] >> c) & 1;
			metrics_class *m = &per_category[c];
			if (t && p)
				m->tp++;
			else if (p)
				m->fp++;
			else if (t)
				m->fn++;
			else
				m->tn++;
		}
	}
	uint64_t tp = 0, fp = 0, fn = 0;
	for (int c = 0; c < k; c++) {
		class_scores(&per_category[c]);
		tp += per_category[c].tp;
		fp += per_category[c].fp;
		fn += per_category[c].fn;
	}
	if (macro)
		macro_of(per_category, k, macro);
	if (subset_accuracy)
		*subset_accuracy = (double)exact / (double)n;
	if (micro_f1)
		*micro_f1 = 2 * tp + fp + fn ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0.0;
	return GV_OK;
}

typedef struct scored {
	double s;
	uint8_t pos;
} scored;

static int scored_cmp(const void *a, const void *b)
{
	double x = ((const scored *)a)->s, y = ((const scored *)b)->s;
	return (x > y) - (x < y);
}

gv_status metrics_roc_auc(const double *score, const uint8_t *label, size_t n, double *auc)
{
	if (!auc || (n > 0 && (!score || !label)))
		return GV_EINVAL;
	*auc = 0;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(score[i]))
			return GV_EINVAL;
	uint64_t npos = 0;
	for (size_t i = 0; i < n; i++)
		npos += label[i] != 0;
	if (npos == 0 || npos == n)
		return GV_MISSING;
	scored *v = malloc(n * sizeof *v);
	if (!v)
		return GV_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i].s = score[i];
		v[i].pos = label[i] != 0;
	}
	qsort(v, n, sizeof *v, scored_cmp);
	/* Walk the groups of equal scores upwards: each positive of a group beats every negative
	 * below the group and ties with the group's negatives (Mann-Whitney U with ties as 1/2). */
	double twice_u = 0; /* 2 U, an integer: exact in a double up to 2^53 */
	uint64_t neg_below = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		uint64_t p = 0, q = 0;
		while (j < n && v[j].s == v[i].s) {
			if (v[j].pos)
				p++;
			else
				q++;
			j++;
		}
		twice_u += 2.0 * (double)p * (double)neg_below + (double)p * (double)q;
		neg_below += q;
		i = j;
	}
	free(v);
	*auc = twice_u / (2.0 * (double)npos * (double)(n - npos));
	return GV_OK;
}

gv_status metrics_mae_rmse(const double *pred, const double *truth, size_t n, double *mae, double *rmse)
{
	if (n > 0 && (!pred || !truth))
		return GV_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(pred[i]) || !isfinite(truth[i]))
			return GV_EINVAL;
	if (n == 0) {
		if (mae)
			*mae = 0;
		if (rmse)
			*rmse = 0;
		return GV_MISSING;
	}
	double sa = 0, ss = 0;
	for (size_t i = 0; i < n; i++) {
		double e = pred[i] - truth[i];
		sa += fabs(e);
		ss += e * e;
	}
	if (mae)
		*mae = sa / (double)n;
	if (rmse)
		*rmse = sqrt(ss / (double)n);
	return GV_OK;
}

/* ================================================================== bootstrap helpers */

void metrics_boot_counts(uint64_t seed, uint32_t b, size_t n, uint32_t *counts)
{
	memset(counts, 0, n * sizeof *counts);
	if (n == 0)
		return;
	synth_rng r;
	synth_rng_seed(&r, seed, b);
	/* Two draws per 64-bit output, each by Lemire's multiply-shift on 32 bits (Lemire, "Fast
	 * random integer generation in an interval", ACM TOMACS 2019): floor(x n / 2^32) for a
	 * uniform 32-bit x; the bias, below n / 2^32, is immaterial for n in the millions. */
	uint64_t m = (uint64_t)n;
	size_t i = 0;
	for (; i + 1 < n; i += 2) {
		uint64_t x = synth_rng_next(&r);
		counts[((x >> 32) * m) >> 32]++;
		counts[((x & 0xffffffffu) * m) >> 32]++;
	}
	if (i < n)
		counts[((synth_rng_next(&r) >> 32) * m) >> 32]++;
}

double metrics_quantile(const double *v, size_t n, double q)
{
	if (n == 1)
		return v[0];
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);
	if (lo >= n - 1)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void metrics_ci_set(metrics_ci *ci, gv_status st, double est, double *v, size_t nv, uint32_t n_undef, double conf)
{
	ci->st = st;
	ci->n_boot = (uint32_t)nv;
	ci->n_undef = n_undef;
	if (st != GV_OK) {
		ci->est = ci->lo = ci->hi = NAN;
		return;
	}
	ci->est = est;
	if (nv < 2) {
		ci->lo = ci->hi = NAN;
		return;
	}
	qsort(v, nv, sizeof *v, dbl_cmp);
	ci->lo = metrics_quantile(v, nv, (1 - conf) / 2);
	ci->hi = metrics_quantile(v, nv, (1 + conf) / 2);
}
