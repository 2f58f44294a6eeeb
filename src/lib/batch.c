/*
 * batch.c - reading ahead: a thread reads batches of articles from a
 * wt_reader into a ring of slots while the caller processes the previous
 * batch (cleaning, sketching, storing), so parsing overlaps the rest of the
 * pipeline. Batches come out in input order; the skip callback runs on the
 * reading thread, in input order too.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NSLOTS (1 + WT_BATCHER_KEEP + 2) /* held, kept, and two read ahead */

typedef struct slot {
	wt_article *arts;
	size_t n;
	int full, last;
	wt_status st;        /* WT_OK, or what stopped the reading */
	uint64_t done_bytes; /* wt_reader_done_bytes() when it was filled */
} slot;

struct wt_batcher {
	wt_reader *r;
	size_t bs;
	int strict, stop, started;
	void (*on_skip)(wt_status st, const char *msg, void *ctx);
	void *ctx;
	slot slots[NSLOTS];
	size_t next;                /* slot handed out next */
	long held;                  /* slot the caller holds, -1 none */
	long kept[WT_BATCHER_KEEP]; /* slots kept past the next call, oldest first */
	int nkept;
	int done;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *reader_main(void *arg)
{
	wt_batcher *b = arg;
	for (size_t k = 0;; k++) {
		slot *s = &b->slots[k % NSLOTS];
		pthread_mutex_lock(&b->mu);
		while (s->full && !b->stop)
			pthread_cond_wait(&b->cv, &b->mu);
		int stop = b->stop;
		pthread_mutex_unlock(&b->mu);
		if (stop)
			return NULL;
		size_t n = 0;
		int last = 0;
		wt_status result = WT_OK;
		while (n < b->bs) {
			wt_status st = wt_reader_next(b->r, &s->arts[n]);
			if (st == WT_DONE) {
				last = 1;
				break;
			}
			if (st == WT_OK) {
				n++;
				continue;
			}
			if (st != WT_ERR_NOMEM && b->on_skip)
				b->on_skip(st, wt_reader_message(b->r), b->ctx);
			if (st == WT_ERR_NOMEM || b->strict) {
				result = st;
				last = 1;
				break;
			}
		}
		uint64_t done = wt_reader_done_bytes(b->r);
		pthread_mutex_lock(&b->mu);
		s->done_bytes = done;
		s->n = n;
		s->last = last;
		s->st = result;
		s->full = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		if (last)
			return NULL;
	}
}

wt_batcher *wt_batcher_create(wt_reader *r, size_t batch, int strict,
                              void (*on_skip)(wt_status st, const char *msg, void *ctx), void *ctx)
{
	wt_batcher *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->r = r;
	b->bs = batch ? batch : 512;
	b->strict = strict;
	b->on_skip = on_skip;
	b->ctx = ctx;
	b->held = -1;
	for (int i = 0; i < NSLOTS; i++)
		if (!(b->slots[i].arts = calloc(b->bs, sizeof(wt_article)))) {
			for (int k = 0; k < i; k++)
				free(b->slots[k].arts);
			free(b);
			return NULL;
		}
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->tid, NULL, reader_main, b)) {
		wt_batcher_destroy(b);
		return NULL;
	}
	b->started = 1;
	return b;
}

static void release_slot(wt_batcher *b, long k)
{
	slot *s = &b->slots[k];
	for (size_t i = 0; i < s->n; i++)
		wt_article_release(&s->arts[i]);
	pthread_mutex_lock(&b->mu);
	s->full = 0;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
}

static int is_kept(const wt_batcher *b, long k)
{
	for (int i = 0; i < b->nkept; i++)
		if (b->kept[i] == k)
			return 1;
	return 0;
}

static void release_held(wt_batcher *b)
{
	if (b->held >= 0 && !is_kept(b, b->held))
		release_slot(b, b->held);
	b->held = -1;
}

wt_status wt_batcher_keep(wt_batcher *b)
{
	if (!b || b->held < 0)
		return WT_ERR_ARG;
	if (is_kept(b, b->held))
		return WT_OK;
	if (b->nkept == WT_BATCHER_KEEP)
		return WT_ERR_ARG;
	b->kept[b->nkept++] = b->held;
	return WT_OK;
}

void wt_batcher_release(wt_batcher *b)
{
	if (!b || !b->nkept)
		return;
	long k = b->kept[0];
	memmove(b->kept, b->kept + 1, (size_t)(b->nkept - 1) * sizeof(*b->kept));
	b->nkept--;
	if (k != b->held)
		release_slot(b, k);
}

wt_status wt_batcher_next(wt_batcher *b, wt_article **arts, size_t *n)
{
	*arts = NULL;
	*n = 0;
	release_held(b);
	if (b->done)
		return WT_DONE;
	slot *s = &b->slots[b->next % NSLOTS];
	pthread_mutex_lock(&b->mu);
	while (!s->full)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	b->held = (long)(b->next % NSLOTS);
	b->next++;
	if (s->last)
		b->done = 1;
	*arts = s->arts;
	*n = s->n;
	if (s->st != WT_OK)
		return s->st;
	return s->n || !s->last ? WT_OK : WT_DONE;
}

uint64_t wt_batcher_done_bytes(const wt_batcher *b)
{
	return b->held >= 0 ? b->slots[b->held].done_bytes : 0;
}

void wt_batcher_destroy(wt_batcher *b)
{
	if (!b)
		return;
	if (b->started) {
		pthread_mutex_lock(&b->mu);
		b->stop = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		pthread_join(b->tid, NULL);
	}
	/* every article of every slot is either read or empty */
	for (int i = 0; i < NSLOTS; i++) {
		for (size_t k = 0; b->slots[i].arts && k < b->bs; k++)
			wt_article_release(&b->slots[i].arts[k]);
		free(b->slots[i].arts);
	}
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b);
}
