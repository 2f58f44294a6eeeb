/*
 * sketch.c - sketching throughput on one core: loads articles from a JSONL
 * file into memory, then times (1) tokenizing + shingling + MinHash of the
 * text as is, (2) the same after cleaning (what `wiretrace dedup` does per
 * record), (3) SimHash instead of MinHash. Prints MB/s of article text.
 *
 * usage: sketch FILE.jsonl [MAX_ARTICLES]
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sketch FILE.jsonl [MAX_ARTICLES]\n");
		return 2;
	}
	size_t max = argc > 2 ? (size_t)atol(argv[2]) : 50000;
	size_t n;
	double bytes;
	wt_article *arts = bench_load("sketch", argv[1], max, &n, &bytes);
	if (!arts)
		return 1;
	wt_doc *doc = wt_doc_create();
	wt_shingles sh;
	wt_shingles_init(&sh);
	uint32_t sig[128];
	uint64_t sink = 0;
	for (int mode = 0; mode < 3; mode++) {
		double t0 = now();
		for (size_t i = 0; i < n; i++) {
			wt_article *a = &arts[i];
			if (mode == 1) {
				wt_article_clean(a, NULL);
				size_t bl;
				char *body = wt_article_body(a, &bl);
				wt_shingles_from_text(&sh, doc, body, bl, 5);
				free(body);
			} else {
				wt_shingles_from_text(&sh, doc, a->text, a->text_len, 5);
			}
			if (mode == 2) {
				sink += wt_simhash(sh.h, sh.n, 0);
			} else {
				wt_minhash(sh.h, sh.n, 128, 0, sig);
				sink += sig[0];
			}
		}
		double s = now() - t0;
		static const char *const what[] = {"shingles + MinHash (128)",
		                                   "clean + shingles + MinHash (128)",
		                                   "shingles + SimHash (64 bits)"};
		printf("sketch %-34s %zu articles, %.1f MB: %.2f s, %.1f MB/s per core, %.0f "
		       "articles/s\n",
		       what[mode], n, bytes / 1e6, s, bytes / 1e6 / s, (double)n / s);
	}
	wt_shingles_release(&sh);
	wt_doc_destroy(doc);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&arts[i]);
	free(arts);
	return sink == 42 ? 3 : 0; /* keeps the work from being optimized away */
}
