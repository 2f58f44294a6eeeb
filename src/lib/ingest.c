/*
 * ingest.c - the ingest pipeline. Four things happen at once, each batch
 * passing through them in input order:
 *   - a reading thread parses the next batches (wt_batcher);
 *   - worker threads clean the batches after the one being stored (up to
 *     STAGES cleaned batches wait for the store), shingle their bodies and
 *     compute what storing and story assignment need of each article alone
 *     (each article independently, so the result does not depend on the
 *     thread count);
 *   - the store thread stores the oldest batch in one transaction: which
 *     articles are new, their near-duplicate groups (decided in input
 *     order against a dedup index of the groups already stored), their rows
 *     and sketches;
 *   - meanwhile a story thread assigns the new articles to stories
 *     (story.c, in input order), whose rows join the same transaction.
 * Progress is reported after each batch. The story engine starts from the
 * state the previous ingest saved in the store (or a replay of the stored
 * assignments) and is saved at the end, after boilerplate is learned from
 * the corpus.
 */
#include "internal.h"
#include "sketch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

void wt_ingest_options_init(wt_ingest_options *o)
{
	memset(o, 0, sizeof(*o));
	o->batch_size = 512;
	o->boilerplate_min = 3;
	o->dedup_threshold = 0.8;
	wt_story_options_init(&o->stories);
	wt_clean_options_init(&o->clean);
}

/* What the store and story threads decide about one article. */
typedef struct plan {
	int fresh;          /* not stored yet: to insert */
	wt_dedup_result dd; /* its near-duplicate decision */
	int64_t seq;        /* its row */
	uint32_t story;     /* its story and the cosine it joined with */
	double score;
	char *label; /* the story's label after it joined (heap) */
	uint32_t merges[16][2];
	size_t n_merges;
} plan;

/* One batch on its way through the pipeline: cleaned and shingled by the
 * workers, then stored (and assigned to stories) while the next one is
 * cleaned. */
typedef struct stage {
	wt_article *batch;
	size_t n;
	wt_shingles *sh;
	story_terms *terms;
	store_prep *prep;
	wt_article **ptrs;
	wt_put_result *res;
	plan *pl;
	uint64_t done_bytes; /* input consumed when the batch was read */
	int stored;          /* the store thread is done with it (under mu) */
	wt_status st;        /* its outcome (WT_OK when skipped) */
	int skipped;         /* not stored: an earlier batch failed */
} stage;

typedef struct job {
	stage *sg;
	size_t stride, first;
	const wt_clean_options *clean;
	wt_status st;
} job;

/* Everything about one article that does not depend on the others:
 * cleaning, the body's shingles and story terms (one analysis of the
 * body serves both). */
static wt_status clean_one(wt_article *a, wt_shingles *sh, story_terms *terms, store_prep *prep,
                           wt_doc *doc, const wt_clean_options *clean)
{
	terms->n = 0;
	store_prep_release(prep);
	wt_status st = wt_article_clean(a, clean);
	if (st == WT_OK)
		st = store_prepare(a, prep);
	if (st != WT_OK)
		return st;
	size_t len;
	char *body = wt_article_body(a, &len);
	if (!body)
		return WT_ERR_NOMEM;
	st = wt_shingles_from_text(sh, doc, body, len, DEDUP_SHINGLE);
	if (st == WT_OK)
		st = story_terms_from_body(terms, doc, a, body, len);
	free(body);
	return st;
}

static void *clean_worker(void *arg)
{
	job *j = arg;
	stage *sg = j->sg;
	j->st = WT_OK;
	wt_doc *doc = wt_doc_create();
	if (!doc) {
		j->st = WT_ERR_NOMEM;
		return NULL;
	}
	for (size_t i = j->first; i < sg->n; i += j->stride) {
		wt_status st = clean_one(&sg->batch[i], &sg->sh[i], &sg->terms[i], &sg->prep[i],
		                         doc, j->clean);
		if (st != WT_OK)
			j->st = st;
	}
	wt_doc_destroy(doc);
	return NULL;
}

static wt_status clean_batch(stage *sg, int threads, const wt_clean_options *clean)
{
	if (threads > 64)
		threads = 64;
	if ((size_t)threads > sg->n)
		threads = (int)sg->n;
	job jobs[64];
	pthread_t tid[64];
	int started[64] = {0};
	for (int t = 0; t < threads; t++) {
		jobs[t] = (job){sg, (size_t)threads, (size_t)t, clean, WT_OK};
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

static void plan_reset(plan *p)
{
	wt_dedup_result_release(&p->dd);
	free(p->label);
	memset(p, 0, sizeof(*p));
}

static int stage_init(stage *sg, size_t bs)
{
	memset(sg, 0, sizeof(*sg));
	sg->sh = calloc(bs, sizeof(*sg->sh));
	sg->terms = calloc(bs, sizeof(*sg->terms));
	sg->prep = calloc(bs, sizeof(*sg->prep));
	sg->pl = calloc(bs, sizeof(*sg->pl));
	sg->ptrs = calloc(bs, sizeof(*sg->ptrs));
	sg->res = calloc(bs, sizeof(*sg->res));
	return sg->sh && sg->terms && sg->prep && sg->ptrs && sg->res && sg->pl ? 0 : -1;
}

static void stage_release(stage *sg, size_t bs)
{
	for (size_t i = 0; sg->sh && i < bs; i++)
		wt_shingles_release(&sg->sh[i]);
	for (size_t i = 0; sg->terms && i < bs; i++)
		story_terms_release(&sg->terms[i]);
	for (size_t i = 0; sg->prep && i < bs; i++)
		store_prep_release(&sg->prep[i]);
	for (size_t i = 0; sg->pl && i < bs; i++)
		plan_reset(&sg->pl[i]);
	free(sg->sh), free(sg->terms), free(sg->prep), free(sg->ptrs), free(sg->res), free(sg->pl);
}

/* The state the store and story threads carry from batch to batch. */
typedef struct grouping {
	wt_dedup *d;         /* near-duplicate groups (store thread) */
	wt_stories *stories; /* stories (story thread) */
	lsh_map story_of;    /* article id hash -> story, latest first (story thread) */
	wt_store *store;
	stage *sg;          /* the batch being stored */
	wt_status story_st; /* of the last batch assigned */
} grouping;

static uint64_t id_key(const char *id)
{
	return XXH3_64bits(id, strlen(id));
}

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
	if (st == WT_OK && lsh_map_add(&g->story_of, id_key(id), (uint32_t)story))
		st = WT_ERR_NOMEM;
	wt_article_release(&a);
	return st;
}

/* The story engine and the story of every article id, saved in the store
 * after an ingest and loaded by the next one (instead of a replay). */
static wt_status fill_state(state_io *w, void *ctx)
{
	grouping *g = ctx;
	wt_status st = stories_save(g->stories, w);
	lsh_map_save(&g->story_of, w);
	return st != WT_OK ? st : w->err ? WT_ERR_IO : WT_OK;
}

static wt_status drain_state(state_io *r, void *ctx)
{
	grouping *g = ctx;
	wt_status st = stories_load(g->stories, r);
	if (st == WT_OK)
		lsh_map_load(&g->story_of, r);
	return st != WT_OK ? st : r->err ? WT_ERR_STORE : WT_OK;
}

/* Rebuilds the story engine: from the saved state when it matches the
 * stored stories (*saved = 1), else by replaying every stored assignment. */
static wt_status load_stories(grouping *g, const wt_story_options *o, int *saved)
{
	int64_t last = 0;
	*saved = 0;
	wt_status st = store_last_story_seq(g->store, &last);
	if (st != WT_OK || last == 0)
		return st;
	st = store_state_load(g->store, "stories", last, drain_state, g);
	if (st == WT_OK) {
		*saved = 1;
		return WT_OK;
	}
	/* not saved, saved for other options or an older store, or damaged */
	wt_stories_destroy(g->stories);
	lsh_map_release(&g->story_of);
	if (!(g->stories = wt_stories_create(o)))
		return WT_ERR_NOMEM;
	return store_load_stories(g->store, replay_story, g);
}

static wt_status load_group(const char *id, const uint64_t *sh, size_t n, void *ctx)
{
	return dedup_insert(ctx, id, sh, n);
}

/* The story thread's job: the batch's new articles, in order. A
 * near-duplicate joins its group's story (the strongest reuse evidence
 * there is), anything else is assigned online. */
static void *story_main(void *arg)
{
	grouping *g = arg;
	stage *sg = g->sg;
	wt_status st = WT_OK;
	for (size_t i = 0; st == WT_OK && i < sg->n; i++) {
		plan *p = &sg->pl[i];
		if (!p->fresh)
			continue;
		const wt_article *a = &sg->batch[i];
		int forced = -1;
		if (p->dd.duplicate && p->dd.dup_of) {
			uint32_t e = lsh_map_first(&g->story_of, id_key(p->dd.dup_of));
			if (e)
				forced = (int)g->story_of.e[e - 1].rec;
		}
		st = stories_add_terms(g->stories, a, &sg->terms[i], forced, &p->story, &p->score);
		if (st != WT_OK)
			break;
		p->n_merges = wt_stories_last_merges(g->stories, p->merges, 16);
		const char *label = wt_stories_label(g->stories, p->story);
		if (label && !(p->label = wt_strndup(label, strlen(label))))
			st = WT_ERR_NOMEM;
		else if (lsh_map_add(&g->story_of, id_key(a->id), p->story))
			st = WT_ERR_NOMEM;
	}
	g->story_st = st;
	return NULL;
}

/* Marks the articles that repeat an earlier one of the batch (same id and
 * content) as not fresh: only the first is stored. */
static wt_status repeats_in_batch(stage *sg)
{
	size_t cap = 16;
	while (cap < 2 * sg->n)
		cap *= 2;
	uint32_t *slot = calloc(cap, sizeof(*slot)); /* index + 1 */
	if (!slot)
		return WT_ERR_NOMEM;
	for (size_t i = 0; i < sg->n; i++) {
		if (!sg->pl[i].fresh)
			continue;
		const wt_article *a = &sg->batch[i];
		uint64_t k =
		    id_key(a->id) ^ XXH3_64bits(sg->prep[i].hash, strlen(sg->prep[i].hash));
		for (size_t h = (size_t)k & (cap - 1);; h = (h + 1) & (cap - 1)) {
			if (!slot[h]) {
				slot[h] = (uint32_t)i + 1;
				break;
			}
			size_t j = slot[h] - 1;
			if (!strcmp(sg->batch[j].id, a->id) &&
			    !strcmp(sg->prep[j].hash, sg->prep[i].hash)) {
				sg->pl[i].fresh = 0;
				break;
			}
		}
	}
	free(slot);
	return WT_OK;
}

/* The store thread's job: one batch, in one transaction. */
static wt_status store_stage(grouping *g)
{
	stage *sg = g->sg;
	wt_store *s = g->store;
	wt_status st = store_check_batch(s, sg->ptrs, sg->n);
	if (st != WT_OK)
		return st;
	if ((st = store_begin(s)) != WT_OK)
		return st;
	/* which articles are new, and their near-duplicate groups */
	for (size_t i = 0; st == WT_OK && i < sg->n; i++) {
		plan_reset(&sg->pl[i]);
		int has = 0;
		st = store_has(s, sg->batch[i].id, sg->prep[i].hash, &has);
		sg->pl[i].fresh = !has;
		sg->res[i] = WT_PUT_UNCHANGED;
	}
	if (st == WT_OK)
		st = repeats_in_batch(sg);
	for (size_t i = 0; st == WT_OK && i < sg->n; i++)
		if (sg->pl[i].fresh)
			st = dedup_decide_shingles(g->d, sg->batch[i].id, sg->sh[i].h, sg->sh[i].n,
			                           &sg->pl[i].dd);
	if (st != WT_OK) {
		store_rollback(s);
		return st;
	}
	/* stories on their own thread while the rows are written (here when
	 * no thread can be started) */
	pthread_t tid;
	int threaded = pthread_create(&tid, NULL, story_main, g) == 0;
	for (size_t i = 0; st == WT_OK && i < sg->n; i++) {
		plan *p = &sg->pl[i];
		if (!p->fresh)
			continue;
		st = store_insert(s, &sg->batch[i], &sg->prep[i], &sg->res[i], &p->seq);
		/* only a group's first article is ever compared again: a
		 * duplicate's shingles are not kept */
		if (st == WT_OK)
			st = store_put_sketch(s, p->seq, sg->sh[i].h,
			                      p->dd.duplicate ? 0 : sg->sh[i].n,
			                      p->dd.duplicate ? p->dd.dup_of : sg->batch[i].id,
			                      p->dd.duplicate ? p->dd.sim.jaccard : 1.0,
			                      p->dd.duplicate ? p->dd.sim.contain_a : 1.0);
	}
	if (threaded)
		pthread_join(tid, NULL);
	else
		story_main(g);
	if (st == WT_OK)
		st = g->story_st;
	for (size_t i = 0; st == WT_OK && i < sg->n; i++) {
		plan *p = &sg->pl[i];
		if (!p->fresh)
			continue;
		for (size_t m = 0; st == WT_OK && m < p->n_merges; m++)
			st = store_merge_story(s, p->merges[m][0], p->merges[m][1], p->seq);
		if (st == WT_OK)
			st = store_put_story(s, p->seq, p->story, p->score, p->label);
	}
	if (st != WT_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s);
}

/* Batches cleaned ahead of the store: while the store thread works on one,
 * the workers clean the next (a deeper queue absorbs batches that take
 * longer to clean or to store than their neighbours). */
#define STAGES WT_BATCHER_KEEP

/* The hand-off between the cleaning (calling) thread and the store thread:
 * batches are queued and stored in input order. */
typedef struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	stage *q[STAGES]; /* queued, oldest first */
	size_t n;
	int closing; /* nothing more will be queued */
	int failed;  /* a batch failed: the later ones are not stored */
	grouping *g;
} queue;

/* Stores one batch, or skips it after a failure; tells the caller. */
static void store_one(queue *qu, stage *sg)
{
	wt_status st = WT_OK;
	int skip = qu->failed;
	if (!skip) {
		qu->g->sg = sg;
		st = store_stage(qu->g);
	}
	pthread_mutex_lock(&qu->mu);
	sg->st = st;
	sg->skipped = skip;
	sg->stored = 1;
	if (st != WT_OK)
		qu->failed = 1;
	pthread_cond_broadcast(&qu->cv);
	pthread_mutex_unlock(&qu->mu);
}

static void *store_main(void *arg)
{
	queue *qu = arg;
	pthread_mutex_lock(&qu->mu);
	for (;;) {
		while (!qu->n && !qu->closing)
			pthread_cond_wait(&qu->cv, &qu->mu);
		if (!qu->n)
			break;
		stage *sg = qu->q[0];
		pthread_mutex_unlock(&qu->mu);
		store_one(qu, sg);
		pthread_mutex_lock(&qu->mu);
		memmove(qu->q, qu->q + 1, (qu->n - 1) * sizeof(*qu->q));
		qu->n--;
		pthread_cond_broadcast(&qu->cv);
	}
	pthread_mutex_unlock(&qu->mu);
	return NULL;
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

/* Counts a stored batch's outcomes. */
static void count_stored(const stage *sg, wt_ingest_stats *stats, pthread_mutex_t *mu)
{
	pthread_mutex_lock(mu);
	for (size_t i = 0; i < sg->n; i++) {
		if (sg->res[i] == WT_PUT_ADDED)
			stats->added++;
		else if (sg->res[i] == WT_PUT_VERSION)
			stats->versions++;
		else
			stats->unchanged++;
	}
	pthread_mutex_unlock(mu);
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
		/* one per core: the store and story threads often wait for
		 * the disk, and the queue of cleaned batches keeps them fed */
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		threads = nc > 1 ? (int)nc : 1;
	}
	size_t bs = o->batch_size ? o->batch_size : 512;
	stage stages[STAGES];
	int stages_ok = 1;
	for (int i = 0; i < STAGES; i++)
		if (stage_init(&stages[i], bs))
			stages_ok = 0;
	wt_dedup_options dopt;
	wt_dedup_options_init(&dopt);
	dopt.threshold = o->dedup_threshold > 0 ? o->dedup_threshold : 0.8;
	dopt.shingle = DEDUP_SHINGLE;
	grouping g = {wt_dedup_create(&dopt), wt_stories_create(&o->stories), {0}, s, NULL, WT_OK};
	lsh_map_init(&g.story_of);
	skips k = {o, stats, PTHREAD_MUTEX_INITIALIZER};
	wt_status result = WT_OK;
	if (!stages_ok || !g.d || !g.stories)
		result = WT_ERR_NOMEM;
	if (result == WT_OK)
		result = store_load_groups(s, load_group, g.d);
	int state_saved = 0, stored_all = 1;
	if (result == WT_OK)
		result = load_stories(&g, &o->stories, &state_saved);
	/* reading starts once the store is known to work */
	wt_batcher *b = result == WT_OK ? wt_batcher_create(r, bs, o->strict, on_skip, &k) : NULL;
	if (result == WT_OK && !b)
		result = WT_ERR_NOMEM;
	/* The stages overlap: the batcher reads ahead, the workers clean the
	 * next batches (up to STAGES cleaned and not yet stored), the store
	 * and story threads store the oldest (batches in input order, so the
	 * result does not depend on the timing). */
	queue qu = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0, &g};
	pthread_t store_tid;
	int store_thread =
	    result == WT_OK && pthread_create(&store_tid, NULL, store_main, &qu) == 0;
	/* stages[first], stages[first + 1], ... (inflight of them, mod STAGES)
	 * are queued or stored, oldest first */
	size_t first = 0, inflight = 0;
	int done = result != WT_OK;
	while (!done || inflight) {
		if (inflight) {
			/* collect the oldest batch once stored; wait for it when no
			 * stage is free or nothing more is coming */
			stage *old = &stages[first];
			pthread_mutex_lock(&qu.mu);
			while ((done || inflight == STAGES) && !old->stored)
				pthread_cond_wait(&qu.cv, &qu.mu);
			int ready = old->stored;
			pthread_mutex_unlock(&qu.mu);
			if (ready) {
				wt_batcher_release(b);
				old->stored = 0;
				if (old->skipped) {
					stored_all = 0;
				} else if (old->st == WT_OK) {
					count_stored(old, stats, &k.mu);
				} else {
					stored_all = 0;
					if (result == WT_OK)
						result = old->st;
					done = 1;
				}
				if (o->on_progress) {
					pthread_mutex_lock(&k.mu);
					wt_ingest_stats snap = *stats;
					pthread_mutex_unlock(&k.mu);
					o->on_progress(&snap, old->done_bytes,
					               wt_reader_total_bytes(r), o->ctx);
				}
				first = (first + 1) % STAGES;
				inflight--;
				continue;
			}
		}
		if (done)
			continue;
		wt_article *batch = NULL;
		size_t n = 0;
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
		if (!n)
			continue;
		stage *sg = &stages[(first + inflight) % STAGES];
		sg->batch = batch;
		sg->n = n;
		sg->done_bytes = wt_batcher_done_bytes(b);
		wt_status st = clean_batch(sg, threads, &o->clean);
		for (size_t i = 0; i < n; i++)
			sg->ptrs[i] = &batch[i];
		/* the batch stays whole until collected (inflight < STAGES, so
		 * the batcher has room to keep it) */
		if (st == WT_OK && wt_batcher_keep(b) != WT_OK)
			st = WT_ERR_ARG;
		if (st != WT_OK) {
			if (result == WT_OK)
				result = st;
			done = 1;
			continue;
		}
		inflight++;
		if (store_thread) {
			pthread_mutex_lock(&qu.mu);
			qu.q[qu.n++] = sg;
			pthread_cond_broadcast(&qu.cv);
			pthread_mutex_unlock(&qu.mu);
		} else {
			store_one(&qu, sg); /* no thread could be started */
		}
	}
	if (store_thread) {
		pthread_mutex_lock(&qu.mu);
		qu.closing = 1;
		pthread_cond_broadcast(&qu.cv);
		pthread_mutex_unlock(&qu.mu);
		pthread_join(store_tid, NULL);
	}
	pthread_mutex_destroy(&qu.mu);
	pthread_cond_destroy(&qu.cv);
	wt_batcher_destroy(b);
	pthread_mutex_destroy(&k.mu);
	for (int i = 0; i < STAGES; i++)
		stage_release(&stages[i], bs);
	wt_dedup_destroy(g.d);
	if ((result == WT_OK || o->strict) && (stats->added || stats->versions)) {
		wt_status st =
		    wt_store_learn_boilerplate(s, o->boilerplate_min ? o->boilerplate_min : 3);
		if (result == WT_OK)
			result = st;
	}
	/* the engine matches the store when every batch was stored (a batch
	 * rolled back may have been assigned already) */
	if (g.stories && stored_all && (stats->added || stats->versions || !state_saved)) {
		int64_t last = 0;
		wt_status st = store_last_story_seq(s, &last);
		if (st == WT_OK && last > 0)
			st = store_state_save(s, "stories", last, fill_state, &g);
		if (result == WT_OK)
			result = st;
	}
	wt_stories_destroy(g.stories);
	lsh_map_release(&g.story_of);
	return result;
}
