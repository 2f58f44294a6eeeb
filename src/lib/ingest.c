/*
 * ingest.c - the ingest pipeline: read a batch of articles, clean it on
 * worker threads (each article independently, so the result does not depend
 * on the thread count), store it in one transaction, report progress; at the
 * end, learn boilerplate from the corpus.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wt_ingest_options_init(wt_ingest_options *o)
{
	memset(o, 0, sizeof(*o));
	o->batch_size = 512;
	o->boilerplate_min = 3;
	wt_clean_options_init(&o->clean);
}

typedef struct job {
	wt_article *batch;
	size_t n, stride, first;
	const wt_clean_options *clean;
	wt_status st;
} job;

static void *clean_worker(void *arg)
{
	job *j = arg;
	j->st = WT_OK;
	for (size_t i = j->first; i < j->n; i += j->stride) {
		wt_status st = wt_article_clean(&j->batch[i], j->clean);
		if (st != WT_OK)
			j->st = st;
	}
	return NULL;
}

static wt_status clean_batch(wt_article *batch, size_t n, int threads,
                             const wt_clean_options *clean)
{
	if (threads > 64)
		threads = 64;
	if ((size_t)threads > n)
		threads = (int)n;
	job jobs[64];
	pthread_t tid[64];
	int started[64] = {0};
	for (int t = 0; t < threads; t++) {
		jobs[t] = (job){batch, n, (size_t)threads, (size_t)t, clean, WT_OK};
		if (t > 0)
			started[t] = pthread_create(&tid[t], NULL, clean_worker, &jobs[t]) == 0;
	}
	/* the calling thread takes slice 0, and any slice whose thread failed */
	for (int t = 0; t < threads; t++)
		if (t == 0 || !started[t])
			clean_worker(&jobs[t]);
	for (int t = 1; t < threads; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
	for (int t = 0; t < threads; t++)
		if (jobs[t].st != WT_OK)
			return jobs[t].st;
	return WT_OK;
}

wt_status wt_ingest(wt_store *s, wt_reader *r, const wt_ingest_options *o, wt_ingest_stats *stats)
{
	wt_ingest_options defaults;
	if (!o) {
		wt_ingest_options_init(&defaults);
		o = &defaults;
	}
	memset(stats, 0, sizeof(*stats));
	int threads = o->threads;
	if (threads <= 0) {
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		threads = nc > 0 ? (int)nc : 1;
	}
	size_t bs = o->batch_size ? o->batch_size : 512;
	wt_article *batch = calloc(bs, sizeof(*batch));
	wt_article **ptrs = calloc(bs, sizeof(*ptrs));
	wt_put_result *res = calloc(bs, sizeof(*res));
	if (!batch || !ptrs || !res) {
		free(batch), free(ptrs), free(res);
		return WT_ERR_NOMEM;
	}
	wt_status result = WT_OK;
	int done = 0;
	while (!done) {
		size_t n = 0;
		while (n < bs) {
			wt_status st = wt_reader_next(r, &batch[n]);
			if (st == WT_DONE) {
				done = 1;
				break;
			}
			if (st == WT_ERR_NOMEM) {
				result = st;
				done = 1;
				break;
			}
			if (st != WT_OK) {
				stats->skipped++;
				stats->skipped_by_status[st & 15]++;
				if (o->on_skip)
					o->on_skip(st, wt_reader_message(r), o->ctx);
				if (o->strict) {
					result = st;
					done = 1;
					break;
				}
				continue;
			}
			stats->read++;
			stats->utf8_repairs += batch[n].utf8_repairs;
			n++;
		}
		if (n) {
			wt_status st = clean_batch(batch, n, threads, &o->clean);
			if (st == WT_OK) {
				for (size_t i = 0; i < n; i++)
					ptrs[i] = &batch[i];
				st = wt_store_put(s, ptrs, n, res);
			}
			if (st != WT_OK) {
				result = st;
				done = 1;
			} else {
				for (size_t i = 0; i < n; i++) {
					if (res[i] == WT_PUT_ADDED)
						stats->added++;
					else if (res[i] == WT_PUT_VERSION)
						stats->versions++;
					else
						stats->unchanged++;
				}
			}
			for (size_t i = 0; i < n; i++)
				wt_article_release(&batch[i]);
		}
		if (o->on_progress)
			o->on_progress(stats, wt_reader_done_bytes(r), wt_reader_total_bytes(r),
			               o->ctx);
	}
	free(batch), free(ptrs), free(res);
	if ((result == WT_OK || o->strict) && (stats->added || stats->versions)) {
		wt_status st =
		    wt_store_learn_boilerplate(s, o->boilerplate_min ? o->boilerplate_min : 3);
		if (result == WT_OK)
			result = st;
	}
	return result;
}
