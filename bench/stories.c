/*
 * stories.c - story assignment benchmark: streams a JSONL corpus, cleans
 * each article and times wt_stories_add() alone; prints articles/s, the
 * median and 99th percentile latency per article, the number of stories,
 * the memory held per story (RSS growth over stories), and writes
 * article_id<TAB>story to OUT for scoring against bench/gen's stories.tsv.
 *
 * usage: stories FILE.jsonl OUT.tsv
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: stories FILE.jsonl OUT.tsv\n");
		return 2;
	}
	wt_reader *r = wt_reader_create(NULL);
	FILE *out = fopen(argv[2], "w");
	if (!r || !out || wt_reader_add_path(r, argv[1]) != WT_OK) {
		fprintf(stderr, "stories: cannot read %s or write %s\n", argv[1], argv[2]);
		return 1;
	}
	wt_stories *s = wt_stories_create(NULL);
	size_t cap = 1 << 20, n = 0;
	double *lat = malloc(cap * sizeof(*lat));
	uint32_t *sid = malloc(cap * sizeof(*sid));
	char **ids = malloc(cap * sizeof(*ids));
	long rss0 = rss_kb();
	double total = 0;
	wt_article a;
	wt_article_init(&a);
	wt_status st;
	while ((st = wt_reader_next(r, &a)) != WT_DONE) {
		if (st != WT_OK)
			continue;
		wt_article_clean(&a, NULL);
		double t0 = now();
		if (wt_stories_add(s, &a, -1, &sid[n], NULL) != WT_OK) {
			fprintf(stderr, "stories: out of memory\n");
			return 1;
		}
		double dt = now() - t0;
		total += dt;
		if (n == cap) {
			cap *= 2;
			lat = realloc(lat, cap * sizeof(*lat));
			sid = realloc(sid, cap * sizeof(*sid));
			ids = realloc(ids, cap * sizeof(*ids));
		}
		lat[n] = dt;
		ids[n] = strdup(a.id);
		n++;
	}
	long rss1 = rss_kb();
	size_t stories = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t x = wt_stories_resolve(s, sid[i]);
		fprintf(out, "%s\tstory%u\n", ids[i], x);
		free(ids[i]);
	}
	for (size_t i = 0; i < wt_stories_count(s); i++)
		stories += wt_stories_resolve(s, (uint32_t)i) == i;
	qsort(lat, n, sizeof(*lat), cmp_d);
	printf("stories: %zu articles in %.1f s of assignment: %.0f articles/s, latency median "
	       "%.0f us, p99 %.0f us; %zu stories (%llu merges), %.1f KB per story (RSS growth "
	       "%ld MB)\n",
	       n, total, (double)n / total, n ? lat[n / 2] * 1e6 : 0,
	       n ? lat[n * 99 / 100] * 1e6 : 0, stories, (unsigned long long)wt_stories_merges(s),
	       stories ? (double)(rss1 - rss0) / (double)stories : 0, (rss1 - rss0) / 1024);
	wt_article_release(&a);
	wt_stories_destroy(s);
	wt_reader_destroy(r);
	fclose(out);
	free(lat), free(sid), free(ids);
	return 0;
}
