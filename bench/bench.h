/*
 * bench.h - what the benchmark programs share: a monotonic clock, removing a
 * store with its side files, and loading the first articles of a file into
 * memory (so that the timed part does not read).
 */
#ifndef WT_BENCH_H
#define WT_BENCH_H

#include "wiretrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Removes a store's file and its WAL and shared-memory files. */
static inline void bench_remove_store(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* Reads up to `max` articles of `path` (records that fail are skipped) into
 * a heap array of max elements (the caller releases the *n read and frees
 * it); *bytes receives the sum of their text lengths. NULL, with a message
 * naming `prog`, when the file cannot be read. */
static inline wt_article *bench_load(const char *prog, const char *path, size_t max, size_t *n,
                                     double *bytes)
{
	wt_article *a = calloc(max ? max : 1, sizeof(*a));
	wt_reader *r = wt_reader_create(NULL);
	if (!a || !r || wt_reader_add_path(r, path) != WT_OK) {
		fprintf(stderr, "%s: cannot read %s\n", prog, path);
		wt_reader_destroy(r);
		free(a);
		return NULL;
	}
	*n = 0;
	*bytes = 0;
	while (*n < max) {
		wt_article_init(&a[*n]);
		wt_status st = wt_reader_next(r, &a[*n]);
		if (st == WT_DONE)
			break;
		if (st != WT_OK)
			continue;
		*bytes += (double)a[*n].text_len;
		(*n)++;
	}
	wt_reader_destroy(r);
	return a;
}

#endif
