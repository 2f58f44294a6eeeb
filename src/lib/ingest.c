/*
 * ingest.c - the ingest pipeline. Five things happen at once, each batch
 * passing through them in input order:
 *   - a reading thread parses the next batches (wt_batcher);
 *   - worker threads clean the batches after the ones being stored (up to
 *     STAGES cleaned batches wait for the store), shingle their bodies and
 *     compute what storing and story assignment need of each article alone
 *     (each article independently, so the result does not depend on the
 *     thread count);
 *   - the store thread opens each batch (which articles are new: checked
 *     once the previous batch's rows are written, before it commits), writes
 *     its article rows, then its sketch and story rows, and commits: one
 *     transaction per batch;
 *   - meanwhile two analysis threads take the opened batches in input
 *     order, one after the other: the first decides their near-duplicate
 *     groups (against a dedup index of the groups already stored), the
 *     second assigns their new articles to stories (story.c). The analysis
 *     of a batch overlaps the commit of the one before and the article rows
 *     of its own;
 *   - WAL checkpoints run on a thread of their own (store_ckpt).
 * Progress is reported after each batch. The story engine and the dedup
 * index start from the state the previous ingest saved in the store (else
 * a replay of the stored assignments, and an index rebuilt from the stored
 * shingle sets) and are saved at the end, after boilerplate is learned from
 * the corpus. The dedup index keeps no copy of the stored shingle sets: it
 * reads a candidate's back from the store (store_reader) to verify it.
 * Deferred analysis: with defer_analysis, batches are cleaned and stored
 * only (no engine is loaded, no analysis thread runs); an ingest without
 * it first catches up, feeding the articles stored after the last analysed
 * one back through the same stages as batches read from the store (not
 * cleaned again, not inserted again), so that the result is the one an
 * ingest analysing at once would have given.
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

/* Batches cleaned ahead of the store: the store thread holds up to two
 * (one committing, the next opened), the workers clean the next ones. Eight
 * let the cleaning go on while the store is busy for longer (a commit, a
 * merge of paragraph rows): 220 MB in 10.7-11.0 s against 11.1-11.3 s with
 * three, for 40 MB more memory; sixteen were no faster. */
#define STAGES WT_BATCHER_KEEP

/* What the store and analysis threads decide about one article. */
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
	unsigned char *known; /* found stored before cleaning: not cleaned */
	wt_article **ptrs;
	wt_put_result *res;
	plan *pl;
	uint64_t done_bytes; /* input consumed when the batch was read */
	int stored;          /* the store thread is done with it (under queue.mu) */
	wt_status st;        /* its outcome (WT_OK when skipped) */
	int skipped;         /* not stored: an earlier batch failed */
	int opened;          /* handed to the analysis (store thread) */
	int analyzed;        /* the analysis is done with it (under grouping.mu) */
	wt_status an_st;     /* the analysis' outcome */
	/* Catching up: the batch is articles stored earlier without analysis,
	 * read back into `own` (their rows in `rows`), not the batcher's. */
	int catchup;
	wt_article *own;
	int64_t *rows;
} stage;

typedef struct job {
	stage *sg;
	size_t stride, first;
	int analyze; /* shingles and story terms too */
	const wt_clean_options *clean;
	wt_doc **doc;       /* the worker's analysis scratch, kept across batches */
	store_reader *seen; /* the worker's look at the store, or NULL */
	wt_status st;
} job;

/* Everything about one article that does not depend on the others:
 * cleaning, the body's shingles and story terms (one analysis of the
 * body serves both; none when `analyze` is 0). An article already stored
 * with this content (a re-ingest) is only recognized, through `seen` when
 * given: *known = 1 and prep holds its content hash, which is all the
 * store thread needs. A `stored` one (catching up) is cleaned already and
 * only analysed. */
static wt_status clean_one(wt_article *a, wt_shingles *sh, story_terms *terms, store_prep *prep,
                           unsigned char *known, wt_doc *doc, store_reader *seen,
                           const wt_clean_options *clean, int stored, int analyze)
{
	terms->n = 0;
	sh->n = 0;
	store_prep_release(prep);
	*known = 0;
	if (!stored) {
		int has = 0;
		*known = seen && store_reader_has(seen, a, prep->hash, &has) == WT_OK && has;
		if (*known)
			return WT_OK;
		wt_status st = wt_article_clean(a, clean);
		if (st == WT_OK)
			st = store_prepare(a, prep);
		if (st != WT_OK || !analyze)
			return st;
	}
	wt_status st;
	size_t len;
	char *body = wt_article_body(a, &len);
	if (!body)
		return WT_ERR_NOMEM;
	st = wt_shingles_from_text(sh, doc, body, len, DEDUP_SHINGLE);
	if (st == WT_OK) {
		sh->n = sketch_narrow(sh->h, sh->n); /* as the store keeps them */
		st = story_terms_from_body(terms, doc, a, body, len);
	}
	free(body);
	return st;
}

static void *clean_worker(void *arg)
{
	job *j = arg;
	stage *sg = j->sg;
	j->st = WT_OK;
	if (!*j->doc && !(*j->doc = wt_doc_create())) {
		j->st = WT_ERR_NOMEM;
		return NULL;
	}
	for (size_t i = j->first; i < sg->n; i += j->stride) {
		wt_status st =
		    clean_one(&sg->batch[i], &sg->sh[i], &sg->terms[i], &sg->prep[i], &sg->known[i],
		              *j->doc, j->seen, j->clean, sg->catchup, j->analyze);
		if (st != WT_OK)
			j->st = st;
	}
	return NULL;
}

#define MAX_CLEANERS 64

/* docs: MAX_CLEANERS scratch slots, one per worker, created as needed and
 * destroyed by the caller; seen: a reader per worker, or NULLs. */
static wt_status clean_batch(stage *sg, int threads, int analyze, const wt_clean_options *clean,
                             wt_doc **docs, store_reader **seen)
{
	if (threads > MAX_CLEANERS)
		threads = MAX_CLEANERS;
	if ((size_t)threads > sg->n)
		threads = (int)sg->n;
	job jobs[MAX_CLEANERS];
	pthread_t tid[MAX_CLEANERS];
	int started[MAX_CLEANERS] = {0};
	for (int t = 0; t < threads; t++) {
		jobs[t] =
		    (job){sg, (size_t)threads, (size_t)t, analyze, clean, &docs[t], seen[t], WT_OK};
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
	sg->known = calloc(bs, sizeof(*sg->known));
	sg->pl = calloc(bs, sizeof(*sg->pl));
	sg->ptrs = calloc(bs, sizeof(*sg->ptrs));
	sg->res = calloc(bs, sizeof(*sg->res));
	return sg->sh && sg->terms && sg->prep && sg->known && sg->ptrs && sg->res && sg->pl ? 0
	                                                                                     : -1;
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
	for (size_t i = 0; sg->own && i < bs; i++)
		wt_article_release(&sg->own[i]);
	free(sg->sh), free(sg->terms), free(sg->prep), free(sg->known), free(sg->ptrs),
	    free(sg->res), free(sg->pl), free(sg->own), free(sg->rows);
}

struct grouping;

/* One analysis step, done to the opened batches in input order by a thread
 * of its own: batches wait in `q`, then go on to `next` (NULL: analyzed). */
typedef struct lane {
	wt_status (*step)(struct grouping *g, stage *sg);
	struct lane *next;
	struct grouping *g;
	stage *q[STAGES]; /* oldest first (under grouping.mu) */
	size_t n;
	int closing; /* nothing more will come */
	int started;
	pthread_t tid;
} lane;

/* The state the store and analysis threads carry from batch to batch. */
typedef struct grouping {
	wt_dedup *d;          /* near-duplicate groups (dedup lane) */
	store_reader *reader; /* the dedup lane's reads of stored shingle sets */
	wt_buf kept;          /* rows (u64) of the articles d kept this run, in order */
	/* the last sketch and story rows when the run began, and how many
	 * articles (a row in each) the run has stored since */
	int64_t dedup_base, story_base, written;
	wt_stories *stories; /* stories (story lane) */
	lsh_map story_of;    /* article id hash -> story, latest first (story lane) */
	wt_store *store;
	pthread_mutex_t mu; /* the lanes' queues, stage.analyzed */
	pthread_cond_t cv;
	lane dedup, story;
	int threaded;       /* both lanes have threads (else open_batch() analyzes) */
	int defer;          /* no analysis: articles only (defer_analysis) */
	int dedup_lost;     /* the index could not read a record back: not to be loaded again */
	int loaded;         /* the engines are loaded (deferred: see wt_ingest) */
	char load_msg[256]; /* why a load while the store thread ran failed */
} grouping;

static uint64_t id_key(const char *id)
{
	return XXH3_64bits(id, strlen(id));
}

/* Loading the story engine, on a thread of its own while the dedup index
 * loads, from `from` (a read-only handle beside the store, or the store). */
typedef struct story_load {
	grouping *g;
	const wt_story_options *o;
	wt_store *from;
	int saved;
	wt_status st;
} story_load;

/* Replays the stored story assignments into the engine. */
static wt_status replay_story(const wt_article *a, int64_t story, void *ctx)
{
	story_load *l = ctx;
	grouping *g = l->g;
	uint32_t sid;
	wt_status st = wt_stories_add(g->stories, a, (int)story, &sid, NULL);
	if (st == WT_OK && lsh_map_add(&g->story_of, id_key(a->id), (uint32_t)story))
		st = WT_ERR_NOMEM;
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
 * stored stories (l->saved = 1), else by replaying every stored
 * assignment. Touches only the story side of the grouping. */
static wt_status load_stories(story_load *l)
{
	grouping *g = l->g;
	l->saved = 0;
	wt_status st = store_last_seq(l->from, "story_members", &g->story_base);
	if (st != WT_OK || g->story_base == 0)
		return st;
	if (store_state_load(l->from, "stories", g->story_base, drain_state, g) == WT_OK) {
		l->saved = 1;
		return WT_OK;
	}
	/* not saved, saved for other options or an older store, or damaged */
	wt_stories_destroy(g->stories);
	lsh_map_release(&g->story_of);
	if (!(g->stories = wt_stories_create(l->o)))
		return WT_ERR_NOMEM;
	return store_replay_stories(l->from, replay_story, l);
}

static void *story_load_main(void *arg)
{
	story_load *l = arg;
	l->st = load_stories(l);
	return NULL;
}

static int fetch_stored(void *ctx, uint64_t key, wt_buf *sh, wt_buf *id)
{
	return store_reader_sketch(ctx, (int64_t)key, sh, id) == WT_OK ? 0 : -1;
}

static wt_status load_group(int64_t seq, const char *id, const uint64_t *sh, size_t n, void *ctx)
{
	return dedup_insert(ctx, (uint64_t)seq, id, sh, n);
}

static wt_status fill_dedup(state_io *w, void *ctx)
{
	grouping *g = ctx;
	wt_status st = dedup_save(g->d, (const uint64_t *)(const void *)g->kept.p,
	                          g->kept.len / sizeof(uint64_t), w);
	return st != WT_OK ? st : w->err ? WT_ERR_IO : WT_OK;
}

static wt_status drain_dedup(state_io *r, void *ctx)
{
	return dedup_load(ctx, r);
}

/* A fresh dedup index, reading stored records back through g->reader. */
static wt_status new_dedup(grouping *g, const wt_dedup_options *o)
{
	wt_dedup_destroy(g->d);
	if (!(g->d = wt_dedup_create(o)))
		return WT_ERR_NOMEM;
	if (g->reader)
		dedup_set_fetch(g->d, fetch_stored, g->reader);
	return WT_OK;
}

/* Rebuilds the dedup index: from the saved state when it matches the
 * stored sketches (*saved = 1), else from the stored shingle sets. Without
 * a reader (an in-memory store) the index keeps copies of them. */
static wt_status load_groups(grouping *g, const wt_dedup_options *o, wt_store *from, int *saved)
{
	*saved = 0;
	wt_status st = store_last_seq(from, "sketches", &g->dedup_base);
	if (st != WT_OK || g->dedup_base == 0)
		return st;
	if (g->reader) {
		if (store_state_load(from, "dedup", g->dedup_base, drain_dedup, g->d) == WT_OK) {
			*saved = 1;
			return WT_OK;
		}
		/* not saved, saved for other options or an older store, or damaged */
		if ((st = new_dedup(g, o)) != WT_OK)
			return st;
	}
	return store_load_groups(from, load_group, g->d);
}

/* Loads both engines at once: the stories on a thread of their own. Each
 * reads through a read-only handle of its own on the store's file, so that
 * loading may happen while the store thread has the store's connection;
 * with no such handle (an in-memory store) they load in turn through the
 * store, which must then be idle (else, `busy`, that is an error). A
 * failure's message goes to g->load_msg, for the store once its thread is
 * done. */
static wt_status load_engines(grouping *g, int busy, const wt_dedup_options *dopt,
                              const wt_story_options *so, int *dedup_saved, int *state_saved)
{
	wt_store *s = g->store, *mine = store_open_reader(s), *theirs = store_open_reader(s);
	if (busy && (!mine || !theirs)) {
		wt_store_destroy(mine);
		wt_store_destroy(theirs);
		snprintf(g->load_msg, sizeof g->load_msg,
		         "cannot open the store again to load its engines");
		return WT_ERR_STORE;
	}
	story_load sl = {g, so, theirs ? theirs : s, 0, WT_OK};
	pthread_t tid;
	int loading = theirs && pthread_create(&tid, NULL, story_load_main, &sl) == 0;
	wt_status st = load_groups(g, dopt, mine ? mine : s, dedup_saved);
	if (st != WT_OK && mine)
		snprintf(g->load_msg, sizeof g->load_msg, "%s", wt_store_message(mine));
	if (loading)
		pthread_join(tid, NULL);
	else if (st == WT_OK)
		story_load_main(&sl);
	if (st == WT_OK && sl.st != WT_OK) {
		st = sl.st;
		if (sl.from != s)
			snprintf(g->load_msg, sizeof g->load_msg, "%s", wt_store_message(sl.from));
	}
	*state_saved = sl.saved;
	wt_store_destroy(mine);
	wt_store_destroy(theirs);
	g->loaded = st == WT_OK;
	return st;
}

/* The first analysis step: near-duplicate decisions for a batch's new
 * articles, in input order. */
static wt_status dedup_step(grouping *g, stage *sg)
{
	wt_status st = WT_OK;
	for (size_t i = 0; st == WT_OK && i < sg->n; i++)
		if (sg->pl[i].fresh)
			st = dedup_decide_shingles(g->d, sg->batch[i].id, sg->sh[i].h, sg->sh[i].n,
			                           &sg->pl[i].dd);
	if (st == WT_ERR_IO) {
		/* a stored record or the spill file could not be read back */
		store_note(g->store, "near-duplicate index: %s (the next ingest rebuilds it)",
		           wt_dedup_message(g->d));
		g->dedup_lost = 1;
		st = WT_ERR_STORE;
	}
	return st;
}

/* The second: stories. A near-duplicate joins its group's story (the
 * strongest reuse evidence there is), anything else is assigned online. */
static wt_status story_step(grouping *g, stage *sg)
{
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
	return st;
}

/* Queues an opened batch on a lane (under g->mu). */
static void lane_push(lane *l, stage *sg)
{
	l->q[l->n++] = sg;
	pthread_cond_broadcast(&l->g->cv);
}

static void *lane_main(void *arg)
{
	lane *l = arg;
	grouping *g = l->g;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!l->n && !l->closing)
			pthread_cond_wait(&g->cv, &g->mu);
		if (!l->n)
			break;
		stage *sg = l->q[0];
		pthread_mutex_unlock(&g->mu);
		/* after a failed step the batch is rolled back: skip the rest */
		wt_status st = sg->an_st == WT_OK ? l->step(g, sg) : sg->an_st;
		pthread_mutex_lock(&g->mu);
		sg->an_st = st;
		memmove(l->q, l->q + 1, (l->n - 1) * sizeof(*l->q));
		l->n--;
		if (l->next)
			lane_push(l->next, sg);
		else
			sg->analyzed = 1;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

static void lane_stop(lane *l)
{
	if (!l->started)
		return;
	pthread_mutex_lock(&l->g->mu);
	l->closing = 1;
	pthread_cond_broadcast(&l->g->cv);
	pthread_mutex_unlock(&l->g->mu);
	pthread_join(l->tid, NULL);
	l->started = 0;
}

/* Starts both lanes, dedup then stories; 0 when either has no thread (then
 * neither runs). */
static int lanes_start(grouping *g)
{
	memset(&g->dedup, 0, sizeof(g->dedup));
	memset(&g->story, 0, sizeof(g->story));
	g->dedup.step = dedup_step, g->dedup.next = &g->story, g->dedup.g = g;
	g->story.step = story_step, g->story.g = g;
	g->dedup.started = pthread_create(&g->dedup.tid, NULL, lane_main, &g->dedup) == 0;
	g->story.started =
	    g->dedup.started && pthread_create(&g->story.tid, NULL, lane_main, &g->story) == 0;
	if (!g->story.started)
		lane_stop(&g->dedup);
	return g->story.started;
}

/* Stops the lanes once they are empty (dedup first: it feeds stories). */
static void lanes_stop(grouping *g)
{
	lane_stop(&g->dedup);
	lane_stop(&g->story);
}

static void wait_analyzed(grouping *g, stage *sg)
{
	pthread_mutex_lock(&g->mu);
	while (!sg->analyzed)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
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

/* Opens a batch (store thread): which of its articles are new, then hands
 * it to the analysis. Runs once the previous batch's rows are written
 * (whether committed yet or not), so that they count. */
static wt_status open_batch(grouping *g, stage *sg)
{
	wt_store *s = g->store;
	wt_status st = sg->catchup ? WT_OK : store_check_batch(s, sg->ptrs, sg->n);
	for (size_t i = 0; st == WT_OK && sg->catchup && i < sg->n; i++) {
		/* stored already: analysed only */
		plan_reset(&sg->pl[i]);
		sg->pl[i].fresh = 1;
		sg->pl[i].seq = sg->rows[i];
		sg->res[i] = WT_PUT_UNCHANGED;
	}
	for (size_t i = 0; st == WT_OK && !sg->catchup && i < sg->n; i++) {
		plan_reset(&sg->pl[i]);
		int has = 0;
		st = store_has(s, sg->batch[i].id, sg->prep[i].hash, &has);
		sg->pl[i].fresh = !has;
		sg->res[i] = WT_PUT_UNCHANGED;
		/* stored rows are never deleted, and this transaction sees all
		 * that was committed: what a worker saw stored is stored */
		if (st == WT_OK && !has && sg->known[i]) {
			store_note(s, "article %s was found stored, then not", sg->batch[i].id);
			st = WT_ERR_STORE;
		}
	}
	if (st == WT_OK && !sg->catchup)
		st = repeats_in_batch(sg);
	if (st != WT_OK)
		return st;
	sg->opened = 1;
	sg->an_st = WT_OK;
	pthread_mutex_lock(&g->mu);
	sg->analyzed = g->defer;
	if (g->threaded && !g->defer)
		lane_push(&g->dedup, sg);
	pthread_mutex_unlock(&g->mu);
	if (!g->threaded && !g->defer) {
		/* no analysis threads could be started */
		sg->an_st = dedup_step(g, sg);
		if (sg->an_st == WT_OK)
			sg->an_st = story_step(g, sg);
		sg->analyzed = 1;
	}
	return WT_OK;
}

/* Begins an opened batch's transaction and writes its article rows, which
 * need nothing of the analysis. */
static wt_status write_articles(grouping *g, stage *sg)
{
	wt_status st = store_begin(g->store);
	for (size_t i = 0; st == WT_OK && !sg->catchup && i < sg->n; i++)
		if (sg->pl[i].fresh)
			st = store_insert(g->store, &sg->batch[i], &sg->prep[i], &sg->res[i],
			                  &sg->pl[i].seq);
	return st;
}

/* Waits for an opened batch's analysis, writes its sketch and story rows
 * and commits; rolls back when st or anything here failed. */
static wt_status finish_batch(grouping *g, stage *sg, wt_status st)
{
	wt_store *s = g->store;
	wait_analyzed(g, sg);
	if (st == WT_OK)
		st = sg->an_st;
	for (size_t i = 0; st == WT_OK && !g->defer && i < sg->n; i++) {
		plan *p = &sg->pl[i];
		if (!p->fresh)
			continue;
		/* only a group's first article is ever compared again: a
		 * duplicate's shingles are not kept */
		st = store_put_sketch(s, p->seq, sg->sh[i].h, p->dd.duplicate ? 0 : sg->sh[i].n,
		                      p->dd.duplicate ? p->dd.dup_of : sg->batch[i].id,
		                      p->dd.duplicate ? p->dd.sim.jaccard : 1.0,
		                      p->dd.duplicate ? p->dd.sim.contain_a : 1.0);
		if (st == WT_OK && !p->dd.duplicate)
			st = buf_add(&g->kept, &(uint64_t){(uint64_t)p->seq}, sizeof(uint64_t))
			         ? WT_ERR_NOMEM
			         : WT_OK;
		for (size_t m = 0; st == WT_OK && m < p->n_merges; m++)
			st = store_merge_story(s, p->merges[m][0], p->merges[m][1], p->seq);
		if (st == WT_OK)
			st = store_put_story(s, p->seq, p->story, p->score, p->label);
	}
	if (st != WT_OK) {
		store_rollback(s);
		return st;
	}
	st = store_commit(s);
	for (size_t i = 0; st == WT_OK && !g->defer && i < sg->n; i++)
		g->written += sg->pl[i].fresh != 0;
	return st;
}

/* The hand-off between the cleaning (calling) thread and the store thread:
 * batches are queued and stored in input order. */
typedef struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	stage *q[STAGES]; /* queued or being stored, oldest first */
	size_t n;
	int closing; /* nothing more will be queued */
	int failed;  /* a batch failed: the later ones are not stored */
	grouping *g;
} queue;

/* Tells the caller that the store is done with sg (the oldest batch). */
static void report(queue *qu, stage *sg, wt_status st, int skipped, int pop)
{
	pthread_mutex_lock(&qu->mu);
	sg->st = st;
	sg->skipped = skipped;
	sg->stored = 1;
	if (st != WT_OK)
		qu->failed = 1;
	if (pop) {
		memmove(qu->q, qu->q + 1, (qu->n - 1) * sizeof(*qu->q));
		qu->n--;
	}
	pthread_cond_broadcast(&qu->cv);
	pthread_mutex_unlock(&qu->mu);
}

static int has_failed(queue *qu)
{
	pthread_mutex_lock(&qu->mu);
	int f = qu->failed;
	pthread_mutex_unlock(&qu->mu);
	return f;
}

/* Stores one batch from start to end (when no store thread could be
 * started). */
static void store_now(queue *qu, stage *sg)
{
	grouping *g = qu->g;
	sg->opened = 0;
	if (has_failed(qu)) {
		report(qu, sg, WT_OK, 1, 0);
		return;
	}
	wt_status st = open_batch(g, sg);
	if (st == WT_OK)
		st = finish_batch(g, sg, write_articles(g, sg));
	report(qu, sg, st, 0, 0);
}

/* The store thread. Holds at most two batches: `cur`, whose article rows
 * are written, and the next, opened before `cur` commits so that its
 * analysis overlaps that commit. */
static void *store_main(void *arg)
{
	queue *qu = arg;
	grouping *g = qu->g;
	stage *cur = NULL;
	size_t taken = 0; /* of qu->q, the batches this thread has taken */
	for (;;) {
		stage *nx = NULL;
		pthread_mutex_lock(&qu->mu);
		while (!cur && qu->n == taken && !qu->closing)
			pthread_cond_wait(&qu->cv, &qu->mu);
		if (qu->n > taken)
			nx = qu->q[taken++];
		int failed = qu->failed;
		pthread_mutex_unlock(&qu->mu);
		if (!cur && !nx)
			break;
		wt_status nst = WT_OK;
		if (nx) {
			nx->opened = 0;
			if (!failed)
				nst = open_batch(g, nx);
		}
		if (cur) {
			report(qu, cur, finish_batch(g, cur, WT_OK), 0, 1);
			taken--;
			cur = NULL;
		}
		if (!nx)
			continue;
		if (nst == WT_OK && nx->opened && !has_failed(qu)) {
			wt_status st = write_articles(g, nx);
			if (st == WT_OK) {
				cur = nx;
				continue;
			}
			report(qu, nx, finish_batch(g, nx, st), 0, 1);
		} else {
			/* not stored: it failed to open, or an earlier batch failed */
			if (nx->opened)
				wait_analyzed(g, nx);
			report(qu, nx, nst, nst == WT_OK, 1);
		}
		taken--;
	}
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

/* A damaged record among those stored without analysis (strict or not:
 * it is stored already, and left out of the analysis only). */
static void on_damaged(const char *msg, void *ctx)
{
	on_skip(WT_ERR_STORE, msg, ctx);
}

/* Counts a stored batch's outcomes. */
static void count_stored(const stage *sg, wt_ingest_stats *stats, pthread_mutex_t *mu)
{
	pthread_mutex_lock(mu);
	for (size_t i = 0; sg->catchup && i < sg->n; i++)
		stats->caught_up += sg->pl[i].fresh != 0;
	for (size_t i = 0; !sg->catchup && i < sg->n; i++) {
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
	wt_doc *docs[MAX_CLEANERS] = {NULL};
	store_reader *seen[MAX_CLEANERS] = {NULL};
	int stages_ok = 1;
	for (int i = 0; i < STAGES; i++)
		if (stage_init(&stages[i], bs))
			stages_ok = 0;
	wt_dedup_options dopt;
	wt_dedup_options_init(&dopt);
	dopt.threshold = o->dedup_threshold > 0 ? o->dedup_threshold : 0.8;
	dopt.shingle = DEDUP_SHINGLE;
	grouping g;
	memset(&g, 0, sizeof(g));
	g.reader = store_reader_open(s);
	/* a re-ingest recognizes stored articles before cleaning them: a
	 * lookup per article, worth it only when the store has articles */
	int64_t last = 0;
	if (g.reader && store_last_seq(s, "articles", &last) == WT_OK && last > 0)
		for (int t = 0; t < threads && t < MAX_CLEANERS; t++)
			seen[t] = store_reader_open(s);
	wt_status result = new_dedup(&g, &dopt);
	g.stories = wt_stories_create(&o->stories);
	g.store = s;
	pthread_mutex_init(&g.mu, NULL);
	pthread_cond_init(&g.cv, NULL);
	lsh_map_init(&g.story_of);
	skips k = {o, stats, PTHREAD_MUTEX_INITIALIZER};
	if (!stages_ok || !g.stories)
		result = WT_ERR_NOMEM;
	int dedup_saved = 0, state_saved = 0, stored_all = 1;
	/* The engines load before reading starts, except when a re-ingest may
	 * find every article stored already (the workers recognize them, see
	 * `seen`): then they load before the first batch with an article that
	 * was not recognized is stored, and not at all if none comes. Until
	 * then nothing of this run is written and the analysis threads touch
	 * no engine (they look at new articles only). */
	g.defer = o->defer_analysis != 0;
	int deferred = seen[0] != NULL;
	if (result == WT_OK && !deferred && !g.defer)
		result = load_engines(&g, 0, &dopt, &o->stories, &dedup_saved, &state_saved);
	/* Catching up: the articles stored after the last analysed one without
	 * analysis come first, read back through a handle of their own (else,
	 * in-memory, through the store while no batch is in flight). */
	int catching = !g.defer;
	int64_t cu_after = 0;
	wt_store *cu = NULL;
	if (result == WT_OK && catching) {
		result = store_last_seq(s, "sketches", &cu_after);
		cu = store_open_reader(s);
	}
	/* reading starts once the store is known to work */
	wt_batcher *b =
	    result == WT_OK && r ? wt_batcher_create(r, bs, o->strict, on_skip, &k) : NULL;
	if (result == WT_OK && r && !b)
		result = WT_ERR_NOMEM;
	/* The stages overlap: the batcher reads ahead, the workers clean the
	 * next batches (up to STAGES cleaned and not yet stored), the store
	 * and analysis threads store the oldest (batches in input order, so
	 * the result does not depend on the timing). */
	g.threaded = result == WT_OK && !g.defer && lanes_start(&g);
	store_ckpt *ckpt = result == WT_OK ? store_ckpt_start(s, 0) : NULL;
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
			while ((done || inflight == STAGES || (catching && !cu)) && !old->stored)
				pthread_cond_wait(&qu.cv, &qu.mu);
			int ready = old->stored;
			pthread_mutex_unlock(&qu.mu);
			if (ready) {
				if (!old->catchup)
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
					               r ? wt_reader_total_bytes(r) : 0, o->ctx);
				}
				first = (first + 1) % STAGES;
				inflight--;
				continue;
			}
		}
		if (done)
			continue;
		stage *sg = &stages[(first + inflight) % STAGES];
		wt_article *batch = NULL;
		size_t n = 0;
		if (catching) {
			wt_status cs = WT_OK;
			if (!sg->own)
				sg->own = calloc(bs, sizeof(*sg->own));
			if (!sg->rows)
				sg->rows = calloc(bs, sizeof(*sg->rows));
			if (!sg->own || !sg->rows)
				cs = WT_ERR_NOMEM;
			int64_t last = cu_after;
			if (cs == WT_OK)
				cs = store_read_unanalyzed(cu ? cu : s, cu_after, sg->own, sg->rows,
				                           bs, &n, &last, on_damaged, &k);
			if (cs != WT_OK) {
				if (cu)
					store_note(s, "%s", wt_store_message(cu));
				if (result == WT_OK)
					result = cs;
				done = 1;
				continue;
			}
			if (last == cu_after) {
				catching = 0; /* all caught up */
				done = !b;
				continue;
			}
			cu_after = last;
			if (!n)
				continue; /* only damaged records */
			batch = sg->own;
		} else if (!b) {
			done = 1; /* no reader: catching up only */
			continue;
		} else {
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
		}
		sg->catchup = catching;
		sg->batch = batch;
		sg->n = n;
		sg->done_bytes = catching ? 0 : wt_batcher_done_bytes(b);
		wt_status st = clean_batch(sg, threads, !g.defer, &o->clean, docs, seen);
		for (size_t i = 0; i < n; i++)
			sg->ptrs[i] = &batch[i];
		if (st == WT_OK && !g.loaded && !g.defer && memchr(sg->known, 0, n))
			st = load_engines(&g, 1, &dopt, &o->stories, &dedup_saved, &state_saved);
		/* the batch stays whole until collected (inflight < STAGES, so
		 * the batcher has room to keep it) */
		if (st == WT_OK && !sg->catchup && wt_batcher_keep(b) != WT_OK)
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
			store_now(&qu, sg); /* no thread could be started */
		}
	}
	if (store_thread) {
		pthread_mutex_lock(&qu.mu);
		qu.closing = 1;
		pthread_cond_broadcast(&qu.cv);
		pthread_mutex_unlock(&qu.mu);
		pthread_join(store_tid, NULL);
	}
	if (g.threaded)
		lanes_stop(&g);
	if (g.load_msg[0])
		store_note(s, "%s", g.load_msg);
	pthread_mutex_destroy(&g.mu);
	pthread_cond_destroy(&g.cv);
	pthread_mutex_destroy(&qu.mu);
	pthread_cond_destroy(&qu.cv);
	wt_batcher_destroy(b);
	wt_store_destroy(cu);
	pthread_mutex_destroy(&k.mu);
	for (int i = 0; i < STAGES; i++)
		stage_release(&stages[i], bs);
	for (int i = 0; i < MAX_CLEANERS; i++) {
		wt_doc_destroy(docs[i]);
		store_reader_close(seen[i]);
	}
	/* the index matches the store when every batch was stored (and no
	 * other process stored any meanwhile: store_state_save checks) */
	if (g.loaded && g.reader && g.d && stored_all &&
	    (stats->added || stats->versions || stats->caught_up || !dedup_saved)) {
		int saved;
		wt_status st = store_state_save(s, "dedup", "sketches", g.dedup_base, g.written,
		                                fill_dedup, &g, &saved);
		if (result == WT_OK)
			result = st;
	}
	if (g.dedup_lost)
		store_state_drop(s, "dedup");
	wt_dedup_destroy(g.d);
	store_reader_close(g.reader);
	buf_release(&g.kept);
	/* learning also when an earlier ingest died before moving the
	 * paragraph rows of articles it stored */
	if ((result == WT_OK || o->strict) &&
	    (stats->added || stats->versions || store_para_pending(s))) {
		wt_status st =
		    wt_store_learn_boilerplate(s, o->boilerplate_min ? o->boilerplate_min : 3);
		if (result == WT_OK)
			result = st;
	}
	/* the engine matches the store when every batch was stored (a batch
	 * rolled back may have been assigned already) */
	if (g.loaded && g.stories && stored_all &&
	    (stats->added || stats->versions || stats->caught_up || !state_saved)) {
		int saved;
		wt_status st = store_state_save(s, "stories", "story_members", g.story_base,
		                                g.written, fill_state, &g, &saved);
		if (result == WT_OK)
			result = st;
	}
	store_ckpt_stop(ckpt);
	wt_stories_destroy(g.stories);
	lsh_map_release(&g.story_of);
	return result;
}
