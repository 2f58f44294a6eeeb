/*
 * stages.c - where an ingest's cleaning thread spends its time, on one core:
 * loads articles from a JSONL file (timed: the reading thread's work), then
 * times each step that ingest.c does per article before the store sees it:
 * cleaning, store preparation (paragraph hashes, info JSON, content hash),
 * the body, tokenizing, shingles, story terms. Prints seconds and MB/s of
 * article text per step.
 *
 * usage: stages FILE.jsonl [MAX_ARTICLES]
 */
#include "bench.h"
#include "internal.h"
#include "sketch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { S_READ, S_CLEAN, S_PREP, S_BODY, S_TOKENS, S_SHINGLES, S_TERMS, S_N };

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: stages FILE.jsonl [MAX_ARTICLES]\n");
		return 2;
	}
	size_t max = argc > 2 ? (size_t)atol(argv[2]) : 30000;
	double t[S_N] = {0}, bytes = 0;
	size_t n = 0, ntok = 0;
	double t0 = now();
	wt_article *arts = bench_load("stages", argv[1], max, &n, &bytes);
	if (!arts)
		return 1;
	t[S_READ] = now() - t0;
	wt_doc *doc = wt_doc_create();
	wt_shingles sh;
	wt_shingles_init(&sh);
	story_terms terms;
	memset(&terms, 0, sizeof(terms));
	store_prep prep;
	memset(&prep, 0, sizeof(prep));
	for (size_t i = 0; i < n; i++) {
		wt_article *a = &arts[i];
		double x = now();
		if (wt_article_clean(a, NULL) != WT_OK)
			continue;
		double y = now();
		t[S_CLEAN] += y - x;
		store_prep_release(&prep);
		store_prepare(a, &prep);
		x = now();
		t[S_PREP] += x - y;
		size_t len;
		char *body = wt_article_body(a, &len);
		if (!body)
			continue;
		y = now();
		t[S_BODY] += y - x;
		wt_doc_analyze(doc, body, len);
		x = now();
		t[S_TOKENS] += x - y;
		size_t nt;
		const wt_token *tok = wt_doc_tokens(doc, &nt);
		ntok += nt;
		wt_shingles_from_tokens(&sh, tok, nt, DEDUP_SHINGLE);
		y = now();
		t[S_SHINGLES] += y - x;
		terms.n = 0;
		story_terms_from_body(&terms, doc, a, body, len);
		t[S_TERMS] += now() - y;
		free(body);
	}
	static const char *const what[S_N] = {"read JSONL", "clean",    "store preparation", "body",
	                                      "tokenize",   "shingles", "story terms"};
	double mb = bytes / 1e6, all = 0;
	printf("stages: %zu articles, %.1f MB of text, %zu tokens, one core\n", n, mb, ntok);
	for (int k = 0; k < S_N; k++) {
		printf("stage %-18s %6.3f s %8.1f MB/s\n", what[k], t[k], t[k] > 0 ? mb / t[k] : 0);
		all += t[k];
	}
	printf("stage %-18s %6.3f s %8.1f MB/s\n", "all", all, all > 0 ? mb / all : 0);
	store_prep_release(&prep);
	story_terms_release(&terms);
	wt_shingles_release(&sh);
	wt_doc_destroy(doc);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&arts[i]);
	free(arts);
	return 0;
}
