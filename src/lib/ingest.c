/*
 * ingest.c - the ingest pipeline: read batches of articles (on a reading
 * thread, one batch ahead: wt_batcher), clean and
 * shingle it on worker threads (each article independently, so the result
 * does not depend on the thread count), store it in one transaction with
 * each new article's sketch and near-duplicate group (decided in input
 * order against a dedup index of the groups already stored) and story
 * (story.c, replayed from the store when ingest starts), report
 * progress; at the end, learn boilerplate from the corpus.
 */
#include "internal.h"
#include "sketch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wt_ingest_options_init(wt_ingest_options *o)
{
	memset(o, 0, sizeof(*o));
	o->batch_size = 512;
	o->boilerplate_min = 3;
	o->dedup_threshold = 0.8;
	wt_story_options_init(&o->stories);
	wt_clean_options_init(&o->clean);
}

typedef struct job {
	wt_article *batch;
	wt_shingles *sh;
	size_t n, stride, first;
	const wt_clean_options *clean;
	wt_status st;
} job;

static wt_status clean_one(wt_article *a, wt_shingles *sh, wt_doc *doc,
                           const wt_clean_options *clean)
{
	wt_status st = wt_article_clean(a, clean);
	if (st != WT_OK)
		return st;
	size_t len;
	char *body = wt_article_body(a, &len);
	if (!body)
		return WT_ERR_NOMEM;
	st = wt_shingles_from_text(sh, doc, body, len, DEDUP_SHINGLE);
	free(body);
	return st;
}

static void *clean_worker(void *arg)
{
	job *j = arg;
	j->st = WT_OK;
	wt_doc *doc = wt_doc_create();
	if (!doc) {
		j->st = WT_ERR_NOMEM;
		return NULL;
	}
	for (size_t i = j->first; i < j->n; i += j->stride) {
		wt_status st = clean_one(&j->batch[i], &j->sh[i], doc, j->clean);
		if (st != WT_OK)
			j->st = st;
	}
	wt_doc_destroy(doc);
	return NULL;
}

static wt_status clean_batch(wt_article *batch, wt_shingles *sh, size_t n, int threads,
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
		jobs[t] = (job){batch, sh, n, (size_t)threads, (size_t)t, clean, WT_OK};
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

/* Near-duplicate groups: every new article is compared with the first
 * article of every group stored so far. */
typedef struct grouping {
	wt_dedup *d;
	wt_stories *stories;
	wt_store *store;
	wt_article *batch;
	wt_shingles *sh;
} grouping;

/* Replays the stored story assignments into the engine. */
static wt_status replay_story(const char *id, int64_t story, void *ctx)
{
	grouping *g = ctx;
	wt_article a;
	wt_article_init(&a);
	wt_status st = wt_store_get(g->store, id, 0, &a, NULL);
	uint32_t sid;
	if (st == WT_OK)
		st = wt_stories_add(g->stories, &a, (int)story, &sid, NULL);
	wt_article_release(&a);
	return st;
}

/* The article's story: a near-duplicate joins its group's story (the
 * strongest reuse evidence there is), anything else is assigned online. */
static wt_status assign_story(wt_store *s, grouping *g, const wt_article *a, int64_t seq,
                              const char *dup_of)
{
	int64_t forced = -1;
	wt_status st = WT_OK;
	if (dup_of)
		st = store_story_of(s, dup_of, &forced);
	uint32_t sid;
	double score = 0;
	if (st == WT_OK)
		st = wt_stories_add(g->stories, a, (int)forced, &sid, &score);
	uint32_t merges[16][2];
	size_t nm = st == WT_OK ? wt_stories_last_merges(g->stories, merges, 16) : 0;
	for (size_t i = 0; i < nm && st == WT_OK; i++)
		st = store_merge_story(s, merges[i][0], merges[i][1], seq);
	if (st == WT_OK)
		st = store_put_story(s, seq, sid, score, wt_stories_label(g->stories, sid));
	return st;
}

static wt_status load_group(const char *id, const uint64_t *sh, size_t n, void *ctx)
{
	return dedup_insert(ctx, id, sh, n);
}

static wt_status group_hook(wt_store *s, size_t i, wt_put_result r, int64_t seq, void *ctx)
{
	grouping *g = ctx;
	if (r == WT_PUT_UNCHANGED)
		return WT_OK;
	const wt_article *a = &g->batch[i];
	wt_dedup_result res;
	wt_status st = dedup_decide_shingles(g->d, a->id, g->sh[i].h, g->sh[i].n, &res);
	if (st == WT_OK)
		st = store_put_sketch(s, seq, g->sh[i].h, g->sh[i].n,
		                      res.duplicate ? res.dup_of : a->id,
		                      res.duplicate ? res.sim.jaccard : 1.0,
		                      res.duplicate ? res.sim.contain_a : 1.0);
	if (st == WT_OK)
		st = assign_story(s, g, a, seq, res.duplicate ? res.dup_of : NULL);
	wt_dedup_result_release(&res);
	return st;
}

/* Skips are reported on the reading thread; the counts are shared. */
typedef struct skips {
	const wt_ingest_options *o;
	wt_ingest_stats *stats;
	pthread_mutex_t mu;
} skips;

static void on_skip(wt_status st, const char *msg, void *ctx)
{
	skips *k = ctx;
	pthread_mutex_lock(&k->mu);
	k->stats->skipped++;
	k->stats->skipped_by_status[st & 15]++;
	if (k->o->on_skip)
		k->o->on_skip(st, msg, k->o->ctx);
	pthread_mutex_unlock(&k->mu);
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
	wt_article **ptrs = calloc(bs, sizeof(*ptrs));
	wt_put_result *res = calloc(bs, sizeof(*res));
	wt_shingles *sh = calloc(bs, sizeof(*sh));
	wt_dedup_options dopt;
	wt_dedup_options_init(&dopt);
	dopt.threshold = o->dedup_threshold > 0 ? o->dedup_threshold : 0.8;
	dopt.shingle = DEDUP_SHINGLE;
	grouping g = {wt_dedup_create(&dopt), wt_stories_create(&o->stories), s, NULL, sh};
	skips k = {o, stats, PTHREAD_MUTEX_INITIALIZER};
	wt_status result = WT_OK;
	if (!ptrs || !res || !sh || !g.d || !g.stories)
		result = WT_ERR_NOMEM;
	if (result == WT_OK)
		result = store_load_groups(s, load_group, g.d);
	if (result == WT_OK)
		result = store_load_stories(s, replay_story, &g);
	/* reading starts once the store is known to work */
	wt_batcher *b = result == WT_OK ? wt_batcher_create(r, bs, o->strict, on_skip, &k) : NULL;
	if (result == WT_OK && !b)
		result = WT_ERR_NOMEM;
	int done = result != WT_OK;
	while (!done) {
		wt_article *batch;
		size_t n;
		wt_status rs = wt_batcher_next(b, &batch, &n);
		if (rs != WT_OK) {
			done = 1;
			if (rs != WT_DONE)
				result = rs;
		}
		pthread_mutex_lock(&k.mu);
		stats->read += n;
		for (size_t i = 0; i < n; i++)
			stats->utf8_repairs += batch[i].utf8_repairs;
		pthread_mutex_unlock(&k.mu);
		if (n) {
			g.batch = batch;
			wt_status st = clean_batch(batch, sh, n, threads, &o->clean);
			if (st == WT_OK) {
				for (size_t i = 0; i < n; i++)
					ptrs[i] = &batch[i];
				st = store_put_batch(s, ptrs, n, res, group_hook, &g);
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
		}
		if (o->on_progress) {
			pthread_mutex_lock(&k.mu);
			wt_ingest_stats snap = *stats;
			pthread_mutex_unlock(&k.mu);
			o->on_progress(&snap, wt_batcher_done_bytes(b), wt_reader_total_bytes(r),
			               o->ctx);
		}
	}
	wt_batcher_destroy(b);
	pthread_mutex_destroy(&k.mu);
	for (size_t i = 0; sh && i < bs; i++)
		wt_shingles_release(&sh[i]);
	free(ptrs), free(res), free(sh);
	wt_dedup_destroy(g.d);
	wt_stories_destroy(g.stories);
	if ((result == WT_OK || o->strict) && (stats->added || stats->versions)) {
		wt_status st =
		    wt_store_learn_boilerplate(s, o->boilerplate_min ? o->boilerplate_min : 3);
		if (result == WT_OK)
			result = st;
	}
	return result;
}
