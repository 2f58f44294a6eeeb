/* test_sketch.c - shingles, exact similarity, MinHash estimates against the
 * theoretical error, the LSH banding curve, SimHash, the hot-path sort. */
#include "helpers.h"
#include "sketch.h"

#include <criterion/criterion.h>
#include <math.h>

static uint64_t rng = 12345;
static uint64_t next_rand(void)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Two random sets of size n sharing `common` elements. */
static void make_pair(uint64_t *a, uint64_t *b, size_t n, size_t common)
{
	for (size_t i = 0; i < n; i++) {
		a[i] = next_rand();
		b[i] = i < common ? a[i] : next_rand();
	}
	qsort(a, n, sizeof(*a), cmp64);
	qsort(b, n, sizeof(*b), cmp64);
}

static size_t shingles_of(const char *text, int k, wt_shingles *s)
{
	wt_doc *d = wt_doc_create();
	cr_assert_eq(wt_shingles_from_text(s, d, text, strlen(text), k), WT_OK);
	wt_doc_destroy(d);
	return s->n;
}

Test(sketch, shingle_counts)
{
	wt_shingles s;
	wt_shingles_init(&s);
	cr_assert_eq(shingles_of("one two three four five six seven", 5, &s), 3);
	for (size_t i = 1; i < s.n; i++)
		cr_assert_lt(s.h[i - 1], s.h[i], "sorted and distinct");
	cr_assert_eq(shingles_of("too short", 5, &s), 1, "one shingle of all tokens");
	cr_assert_eq(shingles_of("  ... ", 5, &s), 0);
	cr_assert_eq(shingles_of("a b a b a b a b a b", 2, &s), 2, "repeats counted once");
	wt_shingles_release(&s);
	wt_shingles_release(&s); /* twice is harmless */
}

Test(sketch, shingles_use_normalized_tokens)
{
	wt_shingles a, b;
	wt_shingles_init(&a);
	wt_shingles_init(&b);
	shingles_of("The mayor said 90% of \u201chomes\u201d were hit", 3, &a);
	shingles_of("the MAYOR said 90 percent of \"homes\" were hit", 3, &b);
	wt_similarity m = wt_shingles_compare(a.h, a.n, b.h, b.n);
	cr_assert_float_eq(m.jaccard, 1.0, 1e-12);
	wt_shingles_release(&a);
	wt_shingles_release(&b);
}

Test(sketch, exact_compare)
{
	uint64_t a[100], b[50];
	for (int i = 0; i < 100; i++)
		a[i] = (uint64_t)i * 2;
	for (int i = 0; i < 50; i++)
		b[i] = (uint64_t)i * 2 + 100; /* 50..99 of a's values: 25 shared */
	wt_similarity m = wt_shingles_compare(a, 100, b, 50);
	cr_assert_eq(m.common, 50);
	cr_assert_float_eq(m.jaccard, 0.5, 1e-12);
	cr_assert_float_eq(m.contain_a, 0.5, 1e-12);
	cr_assert_float_eq(m.contain_b, 1.0, 1e-12);
	m = wt_shingles_compare(a, 0, b, 0);
	cr_assert_float_eq(m.jaccard, 0.0, 1e-12);
}

/* The MinHash estimate of J has standard deviation sqrt(J(1-J)/K); every
 * estimate stays within 4 of them and the mean absolute error within one. */
Test(sketch, minhash_error_within_bound)
{
	enum { N = 400, K = 128, PAIRS = 25 };
	uint64_t a[N], b[N];
	uint32_t sa[K], sb[K];
	for (int step = 1; step <= 9; step++) {
		double sum = 0, j = 0;
		for (int p = 0; p < PAIRS; p++) {
			size_t common = (size_t)(N * 2 * step / (10.0 + step)); /* J = step/10 */
			make_pair(a, b, N, common);
			j = wt_shingles_compare(a, N, b, N).jaccard;
			wt_minhash(a, N, K, 7, sa);
			wt_minhash(b, N, K, 7, sb);
			double est = wt_minhash_estimate(sa, sb, K);
			double sd = sqrt(j * (1 - j) / K);
			cr_assert_leq(fabs(est - j), 4 * sd + 1e-9, "J %.3f estimate %.3f", j, est);
			sum += fabs(est - j);
		}
		cr_assert_leq(sum / PAIRS, sqrt(j * (1 - j) / K), "mean error at J %.2f", j);
	}
}

Test(sketch, minhash_small_and_empty_sets)
{
	uint64_t a[3] = {1, 2, 3};
	uint32_t s1[64], s2[64];
	wt_minhash(a, 3, 64, 0, s1);
	wt_minhash(a, 3, 64, 0, s2);
	cr_assert_float_eq(wt_minhash_estimate(s1, s2, 64), 1.0, 1e-12, "densified, same");
	wt_minhash(a, 0, 64, 0, s1);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(s1[i], 0xFFFFFFFFu);
	wt_minhash(a, 3, 64, 1, s2);
	wt_minhash(a, 3, 64, 0, s1);
	cr_assert_lt(wt_minhash_estimate(s1, s2, 64), 0.5, "the seed changes the sketch");
}

Test(sketch, lsh_params)
{
	double ts[] = {0.5, 0.7, 0.8, 0.9};
	for (int i = 0; i < 4; i++) {
		int b, r;
		wt_lsh_params(ts[i], 128, &b, &r);
		cr_assert_leq(b * r, 128);
		cr_assert_geq(wt_lsh_probability(ts[i], b, r), 0.99);
		cr_assert_lt(wt_lsh_probability(ts[i] - 0.4, b, r), 0.3, "t %.1f", ts[i]);
	}
	int b, r;
	wt_lsh_params(1.0, 128, &b, &r);
	cr_assert(b == 1 && r == 128);
}

/* Empirical recall curve of the banding: pairs at the threshold collide in
 * at least one band as often as the formula says. */
Test(sketch, lsh_recall_curve)
{
	enum { N = 300, K = 128, PAIRS = 300 };
	uint64_t a[N], b[N];
	uint32_t sa[K], sb[K];
	int bands, rows;
	wt_lsh_params(0.8, K, &bands, &rows);
	double js[] = {0.3, 0.6, 0.8, 0.9};
	for (int t = 0; t < 4; t++) {
		int hits = 0;
		double jsum = 0;
		for (int p = 0; p < PAIRS; p++) {
			size_t common = (size_t)(N * 2 * js[t] / (1 + js[t]));
			make_pair(a, b, N, common);
			jsum += wt_shingles_compare(a, N, b, N).jaccard;
			wt_minhash(a, N, K, 0, sa);
			wt_minhash(b, N, K, 0, sb);
			int hit = 0;
			for (int band = 0; band < bands && !hit; band++)
				hit = !memcmp(sa + band * rows, sb + band * rows,
				              (size_t)rows * sizeof(uint32_t));
			hits += hit;
		}
		double want = wt_lsh_probability(jsum / PAIRS, bands, rows);
		double got = (double)hits / PAIRS;
		double sd = sqrt(want * (1 - want) / PAIRS) + 0.01;
		cr_assert_leq(fabs(got - want), 4 * sd, "J %.2f: %.3f vs %.3f", js[t], got, want);
	}
}

Test(sketch, simhash)
{
	enum { N = 400 };
	uint64_t a[N], b[N];
	make_pair(a, b, N, N);
	cr_assert_eq(wt_simhash(a, N, 0), wt_simhash(b, N, 0));
	make_pair(a, b, N, 380); /* J ~ 0.9 */
	int d = __builtin_popcountll(wt_simhash(a, N, 0) ^ wt_simhash(b, N, 0));
	cr_assert_leq(d, wt_simhash_max_distance(0.9));
	make_pair(a, b, N, 0);
	d = __builtin_popcountll(wt_simhash(a, N, 0) ^ wt_simhash(b, N, 0));
	cr_assert_gt(d, wt_simhash_max_distance(0.9), "unrelated sets are far apart");
	cr_assert_eq(wt_simhash_max_distance(1.0), 0);
}

Test(sketch, shingles_sorted_for_any_input_order)
{
	/* many tokens, repeated and shuffled: the set is sorted and distinct */
	char text[20000];
	size_t l = 0;
	for (int i = 0; i < 2000; i++)
		l += (size_t)snprintf(text + l, sizeof text - l, "t%d ", (i * 7919) % 97);
	wt_shingles s;
	wt_shingles_init(&s);
	wt_doc *d = wt_doc_create();
	cr_assert_eq(wt_shingles_from_text(&s, d, text, l, 2), WT_OK);
	cr_assert_leq(s.n, 97 * 97);
	for (size_t i = 1; i < s.n; i++)
		cr_assert_lt(s.h[i - 1], s.h[i]);
	wt_doc_destroy(d);
	wt_shingles_release(&s);
}

/* The sort of the hot paths agrees with qsort() at every size (insertion
 * sort, quicksort, radix sort on the stack and on the heap), on random keys,
 * many equal keys, keys equal in their high bytes, and sorted input. */
Test(sketch, sort_agrees_with_qsort)
{
	static const size_t sizes[] = {0, 1, 2, 17, 63, 64, 65, 500, 1024, 1025, 5000};
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		size_t n = sizes[si];
		for (int kind = 0; kind < 4; kind++) {
			uint64_t *v = malloc((n ? n : 1) * sizeof(*v));
			uint64_t *w = malloc((n ? n : 1) * sizeof(*w));
			for (size_t i = 0; i < n; i++) {
				uint64_t r = next_rand();
				v[i] = kind == 0   ? r
				       : kind == 1 ? r % 7
				       : kind == 2 ? 0xAB00000000000000ull | (r & 0xFFFF)
				                   : (uint64_t)i * 3;
			}
			memcpy(w, v, n * sizeof(*v));
			sketch_sort_u64(v, n);
			qsort(w, n, sizeof(*w), cmp64);
			cr_assert(n == 0 || memcmp(v, w, n * sizeof(*v)) == 0,
			          "size %zu, keys of kind %d", n, kind);
			free(v), free(w);
		}
	}
}

/* Narrowing keeps the high half of each hash, in order, and hashes that
 * share one become one: sorted and distinct again. */
Test(sketch, narrow_keeps_high_halves_sorted_and_distinct)
{
	uint64_t h[] = {0x0000000100000005ull, 0x00000001FFFFFFFFull, 0x0000000200000000ull,
	                0x7FFFFFFF00000000ull, 0xFFFFFFFF00000001ull, 0xFFFFFFFFFFFFFFFFull};
	size_t n = sketch_narrow(h, 6);
	cr_assert_eq(n, 4);
	cr_assert_eq(h[0], 1);
	cr_assert_eq(h[1], 2);
	cr_assert_eq(h[2], 0x7FFFFFFFull);
	cr_assert_eq(h[3], 0xFFFFFFFFull);
	cr_assert_eq(sketch_narrow(h, 0), 0);
	/* random sorted sets: the result is the sorted distinct high halves */
	for (int round = 0; round < 20; round++) {
		size_t m = 1 + next_rand() % 3000;
		uint64_t *v = malloc(m * sizeof(*v)), *w = malloc(m * sizeof(*w));
		for (size_t i = 0; i < m; i++)
			v[i] =
			    round % 2 ? next_rand() : next_rand() % (1ull << 40); /* collisions */
		sketch_sort_u64(v, m);
		size_t k = 1;
		for (size_t i = 1; i < m; i++)
			if (v[i] != v[k - 1])
				v[k++] = v[i];
		for (size_t i = 0; i < k; i++)
			w[i] = v[i] >> 32;
		qsort(w, k, sizeof(*w), cmp64);
		size_t e = k ? 1 : 0;
		for (size_t i = 1; i < k; i++)
			if (w[i] != w[e - 1])
				w[e++] = w[i];
		size_t got = sketch_narrow(v, k);
		cr_assert_eq(got, e, "round %d", round);
		cr_assert(memcmp(v, w, e * sizeof(*v)) == 0, "round %d", round);
		free(v), free(w);
	}
}
