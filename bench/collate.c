/*
 * bench/collate.c - collation speed: reads the first N articles (default
 * 200) of a JSONL file, cleans them and collates them as one story
 * (wt_collate), five times; prints the median time and what was found.
 * Usage: collate-bench FILE.jsonl [N]
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: collate-bench FILE.jsonl [N]\n");
		return 2;
	}
	size_t want = argc > 2 ? (size_t)atol(argv[2]) : 200;
	size_t n;
	double bytes;
	wt_article *a = bench_load("collate-bench", argv[1], want, &n, &bytes);
	wt_article **p = calloc(want ? want : 1, sizeof(*p));
	if (!a || !p)
		return 1;
	for (size_t i = 0; i < n; i++) {
		wt_article_clean(&a[i], NULL);
		p[i] = &a[i];
	}
	double t[5];
	wt_collation c;
	for (int k = 0; k < 5; k++) {
		double t0 = now();
		if (wt_collate(p, n, NULL, &c) != WT_OK) {
			fprintf(stderr, "collate-bench: collation failed\n");
			return 1;
		}
		t[k] = now() - t0;
		if (k < 4)
			wt_collation_release(&c);
	}
	qsort(t, 5, sizeof(*t), cmp_d);
	size_t shared = 0;
	for (size_t g = 0; g < c.n_groups; g++)
		shared += !c.groups[g].unique;
	printf("collate %zu articles (%.1f KB) as one story: median %.3f s (min %.3f, max %.3f); "
	       "%zu sentence groups (%zu shared), %zu quotes, %zu numbers, %zu discrepancies, "
	       "%zu entities\n",
	       n, bytes / 1e3, t[2], t[0], t[4], c.n_groups, shared, c.n_quotes, c.n_numbers,
	       c.n_discrepancies, c.n_entities);
	wt_collation_release(&c);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&a[i]);
	free(a), free(p);
	return 0;
}
