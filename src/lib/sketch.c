/*
 * sketch.c - shingle sets and the sketches built on them.
 *
 * A document is reduced to the set of its word n-grams ("shingles"), each
 * hashed with XXH3 over the normalized tokens (wt_doc), sorted and made
 * distinct. Two sets are compared exactly (Jaccard, containment both ways)
 * by a merge. Sketches summarize a set in a fixed size:
 *  - MinHash by one permutation hashing with optimal densification
 *    (Shrivastava, ICML 2017): one pass puts every shingle in one of K bins
 *    and keeps the bin minimum; an empty bin copies the bin reached by a
 *    fixed, bin-specific hash sequence, which keeps the estimator unbiased;
 *  - 64-bit SimHash (Charikar 2002);
 *  - the LSH banding parameters for a threshold, and the probability curve.
 */
#include "sketch.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void wt_shingles_init(wt_shingles *s)
{
	memset(s, 0, sizeof(*s));
}

void wt_shingles_release(wt_shingles *s)
{
	if (!s)
		return;
	free(s->h);
	memset(s, 0, sizeof(*s));
}

/* qsort()'s indirect comparisons cost a sixth of the sketching time. */
#define U64_KEY(x) (x)
SKETCH_SORT_BY_KEY(sort_u64, uint64_t, U64_KEY)

void sketch_sort_u64(uint64_t *v, size_t n)
{
	sort_u64(v, n);
}

size_t sketch_narrow(uint64_t *h, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = h[i] >> 32;
		if (!m || h[m - 1] != v)
			h[m++] = v;
	}
	return m;
}

/* A strong 64-bit mixer (the SplitMix64 finalizer), for seeding. */
uint64_t sketch_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

wt_status wt_shingles_from_tokens(wt_shingles *s, const wt_token *tok, size_t n, int k)
{
	if (k < 1)
		return WT_ERR_ARG;
	s->n = 0;
	if (n == 0)
		return WT_OK;
	size_t want = n >= (size_t)k ? n - (size_t)k + 1 : 1;
	/* room for the n token hashes, which become the shingles in place:
	 * window i reads hashes i..i+k-1 and is written over hash i, which no
	 * later window reads (no scratch buffer to allocate per document) */
	if (n > s->cap) {
		uint64_t *p = realloc(s->h, n * sizeof(*p));
		if (!p)
			return WT_ERR_NOMEM;
		s->h = p;
		s->cap = n;
	}
	uint64_t *th = s->h;
	for (size_t i = 0; i < n; i++)
		th[i] = XXH3_64bits(tok[i].norm, tok[i].norm_len);
	size_t w = n >= (size_t)k ? (size_t)k : n;
	for (size_t i = 0; i < want; i++)
		s->h[i] = XXH3_64bits(th + i, w * sizeof(*th));
	sketch_sort_u64(s->h, want);
	size_t m = 1;
	for (size_t i = 1; i < want; i++)
		if (s->h[i] != s->h[m - 1])
			s->h[m++] = s->h[i];
	s->n = m;
	return WT_OK;
}

wt_status wt_shingles_from_text(wt_shingles *s, wt_doc *d, const char *text, size_t len, int k)
{
	wt_status st = text_tokenize(d, text, len);
	if (st != WT_OK)
		return st;
	size_t n;
	const wt_token *t = wt_doc_tokens(d, &n);
	return wt_shingles_from_tokens(s, t, n, k);
}

size_t sketch_common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			c++, i++, j++;
	}
	return c;
}

wt_similarity wt_shingles_compare(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	wt_similarity r = {0, 0, 0, 0};
	size_t c = sketch_common(a, na, b, nb);
	r.common = c;
	if (na + nb > c)
		r.jaccard = (double)c / (double)(na + nb - c);
	if (na)
		r.contain_a = (double)c / (double)na;
	if (nb)
		r.contain_b = (double)c / (double)nb;
	return r;
}

void wt_minhash(const uint64_t *sh, size_t n, int K, uint64_t seed, uint32_t *sig)
{
	if (K < 1)
		return;
	uint64_t key = sketch_mix(seed ^ 0x6A09E667F3BCC909ull);
	/* bins hold (value + 1) so that 0 means empty; a value of 0xFFFFFFFF
	 * is folded to 0xFFFFFFFE, which changes nothing measurable */
	uint64_t bins[1024];
	uint64_t *b = K <= 1024 ? bins : malloc((size_t)K * sizeof(*b));
	if (!b) {
		memset(sig, 0xFF, (size_t)K * sizeof(*sig));
		return;
	}
	memset(b, 0, (size_t)K * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		uint64_t x = sketch_mix(sh[i] ^ key);
		uint32_t bin = (uint32_t)(((x >> 32) * (uint64_t)K) >> 32);
		uint32_t v = (uint32_t)x;
		if (v == 0xFFFFFFFFu)
			v--;
		uint64_t cur = b[bin];
		if (cur == 0 || v + 1u < cur)
			b[bin] = (uint64_t)v + 1u;
	}
	if (n == 0) {
		memset(sig, 0xFF, (size_t)K * sizeof(*sig));
	} else {
		for (int i = 0; i < K; i++) {
			uint64_t v = b[i];
			/* optimal densification: probe bins by a sequence that
			 * depends on the bin index only */
			for (uint64_t att = 1; v == 0; att++) {
				uint64_t h = sketch_mix(key ^ ((uint64_t)i << 32 | att));
				v = b[(uint32_t)(((h >> 32) * (uint64_t)K) >> 32)];
			}
			sig[i] = (uint32_t)(v - 1);
		}
	}
	if (b != bins)
		free(b);
}

double wt_minhash_estimate(const uint32_t *a, const uint32_t *b, int K)
{
	if (K < 1)
		return 0;
	int eq = 0;
	for (int i = 0; i < K; i++)
		eq += a[i] == b[i];
	return (double)eq / K;
}

uint64_t wt_simhash(const uint64_t *sh, size_t n, uint64_t seed)
{
	int32_t acc[64] = {0};
	uint64_t key = sketch_mix(seed ^ 0xBB67AE8584CAA73Bull);
	for (size_t i = 0; i < n; i++) {
		uint64_t x = sketch_mix(sh[i] ^ key);
		for (int j = 0; j < 64; j++)
			acc[j] += (x >> j) & 1 ? 1 : -1;
	}
	uint64_t r = 0;
	for (int j = 0; j < 64; j++)
		if (acc[j] > 0)
			r |= 1ull << j;
	return r;
}

int wt_simhash_max_distance(double t)
{
	if (t >= 1)
		return 0;
	if (t < 0)
		t = 0;
	/* equally sized sets: cosine = 2J / (1 + J); a bit differs with
	 * probability angle / pi; allow two standard deviations of slack */
	double cosv = 2 * t / (1 + t);
	double p = acos(cosv) / M_PI;
	double mean = 64 * p, sd = sqrt(64 * p * (1 - p));
	int k = (int)ceil(mean + 2 * sd);
	return k > 63 ? 63 : k;
}

double wt_lsh_probability(double s, int b, int r)
{
	if (b < 1 || r < 1)
		return 0;
	return 1 - pow(1 - pow(s, r), b);
}

static double fp_area(double t, int b, int r)
{
	const int steps = 200;
	double h = t / steps, a = 0;
	for (int i = 0; i < steps; i++)
		a += wt_lsh_probability((i + 0.5) * h, b, r);
	return a * h;
}

void wt_lsh_params(double t, int K, int *bands, int *rows)
{
	int best_b = K > 0 ? K : 1, best_r = 1;
	double best = -1;
	if (t >= 1 && K > 0) {
		best_b = 1; /* identical sets only */
		best_r = K;
	}
	if (t > 0 && t < 1 && K > 1) {
		for (int r = 1; r <= K; r++) {
			int b = K / r;
			if (wt_lsh_probability(t, b, r) < 0.99)
				continue;
			double fp = fp_area(t, b, r);
			if (best < 0 || fp < best) {
				best = fp;
				best_b = b;
				best_r = r;
			}
		}
	}
	*bands = best_b;
	*rows = best_r;
}
