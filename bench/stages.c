/*
 * stages.c - where an ingest's cleaning thread spends its time, on one core:
 * loads articles from a JSONL file (timed: the reading thread's work), then
 * times each step that ingest.c does per article before the store sees it:
 * cleaning, store preparation (paragraph hashes, info JSON, content hash),
 * the body, tokenizing, shingles, story terms. Prints seconds and MB/s of
 * article text per step. Then streams the same articles through reading,
 * cleaning and a new store (wt_store_put() in batches of 512, the ingest's
 * default, with their memory reused; closing writes the paragraph rows and
 * checkpoints), on the same core: an ingest without the near-duplicate and
 * story analysis.
 *
 * usage: stages FILE.jsonl [MAX_ARTICLES [STORE]]
 *   STORE: the store to make (default: a new file in $TMPDIR or /tmp,
 *   removed afterwards)
 */
#include "bench.h"
#include "internal.h"
#include "sketch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { S_READ, S_CLEAN, S_PREP, S_BODY, S_TOKENS, S_SHINGLES, S_TERMS, S_N };

enum { P_READ, P_CLEAN, P_STORE, P_CLOSE, P_N };

/* Streams the first `max` articles of `file` through reading, cleaning and
 * a new store at `path` (NULL: a temporary file), 512 at a time (the
 * ingest's batch) with their memory reused, then closes the store; adds
 * each step's seconds to t[] and sets *input to the bytes of `file` read.
 * 0 ok, -1 on failure, with a message. */
static int pipeline(const char *file, size_t max, const char *path, double t[P_N], double *input)
{
	char tmp[4096];
	if (!path) {
		const char *dir = getenv("TMPDIR");
		snprintf(tmp, sizeof tmp, "%s/wt-stages-XXXXXX", dir && *dir ? dir : "/tmp");
		int fd = mkstemp(tmp);
		if (fd < 0) {
			perror("stages: temporary store");
			return -1;
		}
		close(fd);
		path = tmp;
	}
	bench_remove_store(path);
	static wt_article arts[512];
	wt_article *batch[512];
	for (size_t i = 0; i < 512; i++)
		wt_article_init(&arts[i]), batch[i] = &arts[i];
	wt_reader *r = wt_reader_create(NULL);
	wt_store *s = wt_store_create();
	wt_status st = !r || !s ? WT_ERR_NOMEM : wt_reader_add_path(r, file);
	if (st == WT_OK)
		st = wt_store_open(s, path, 0);
	for (size_t done = 0; st == WT_OK && done < max;) {
		double x = now();
		size_t k = 0;
		while (k < 512 && done + k < max) {
			wt_article_release(&arts[k]);
			wt_article_init(&arts[k]);
			wt_status rs = wt_reader_next(r, &arts[k]);
			if (rs == WT_DONE)
				break;
			if (rs == WT_OK)
				k++;
		}
		double y = now();
		t[P_READ] += y - x;
		if (k == 0)
			break;
		for (size_t j = 0; j < k; j++)
			wt_article_clean(&arts[j], NULL);
		x = now();
		t[P_CLEAN] += x - y;
		st = wt_store_put(s, batch, k, NULL);
		t[P_STORE] += now() - x;
		done += k;
	}
	*input = r ? (double)wt_reader_done_bytes(r) : 0;
	if (st != WT_OK)
		fprintf(stderr, "stages: %s: %s\n", path,
		        s && wt_store_message(s)[0] ? wt_store_message(s) : wt_strerror(st));
	double x = now();
	wt_store_destroy(s);
	t[P_CLOSE] += now() - x;
	wt_reader_destroy(r);
	for (size_t i = 0; i < 512; i++)
		wt_article_release(&arts[i]);
	if (path == tmp)
		bench_remove_store(path);
	return st == WT_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: stages FILE.jsonl [MAX_ARTICLES [STORE]]\n");
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
		text_tokenize(doc, body, len); /* as ingest does: no sentences */
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
	/* then the pipeline of an ingest without the analysis, streaming */
	double tp[P_N] = {0}, input = 0;
	if (pipeline(argv[1], n, argc > 3 ? argv[3] : NULL, tp, &input) == 0) {
		static const char *const pwhat[P_N] = {"read", "clean", "store", "close"};
		double sum = 0;
		for (int k = 0; k < P_N; k++) {
			printf("pipeline %-15s %6.3f s %8.1f MB/s\n", pwhat[k], tp[k],
			       tp[k] > 0 ? mb / tp[k] : 0);
			sum += tp[k];
		}
		printf("pipeline %-15s %6.3f s %8.1f MB/s (%.1f MB/s of the %.1f MB of input)\n",
		       "all", sum, sum > 0 ? mb / sum : 0, sum > 0 ? input / 1e6 / sum : 0,
		       input / 1e6);
	}
	store_prep_release(&prep);
	story_terms_release(&terms);
	wt_shingles_release(&sh);
	wt_doc_destroy(doc);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&arts[i]);
	free(arts);
	return 0;
}
