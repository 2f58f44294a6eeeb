/*
 * sketch.h - internals shared by sketch.c, lsh.c and dedup.c (not public).
 */
#ifndef WT_SKETCH_H
#define WT_SKETCH_H

#include "wiretrace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Shingle size of the store's near-duplicate groups. */
#define DEDUP_SHINGLE 5

/* SplitMix64 finalizer: a strong 64-bit mixer. */
uint64_t sketch_mix(uint64_t x);
/* Sorts ascending in place. */
void sketch_sort_u64(uint64_t *v, size_t n);
/* Keeps 32 bits of each hash of the sorted distinct set h[0..n), in place:
 * their high halves, which stay sorted; hashes that share one become one.
 * Returns the new count. The store's sets are narrowed so (4 bytes a
 * shingle on disk; docs/schema.md), before the near-duplicate index sees
 * them, so that its decisions and a rebuild from the stored sets agree. */
size_t sketch_narrow(uint64_t *h, size_t n);

/* Defines `static void NAME(T *v, size_t n)`, sorting v ascending by the
 * uint64_t KEY(element); equal keys in any order. For hot paths, where
 * qsort()'s indirect comparisons cost too much:
 *  - from 64 elements, one bucket pass (MSD radix): the 8 bits below the
 *    highest bit in which the keys differ choose one of 256 buckets, then
 *    each bucket is sorted alone. On hashes (the usual keys) buckets hold a
 *    few elements each, so sorting is about three linear passes, without
 *    the mispredicted branches of comparisons. Its buffer is on the stack up
 *    to 8 KiB, else on the heap;
 *  - buckets, and everything below 64 elements or when the buffer cannot
 *    be had: quicksort (median of three, smaller side first so the stack
 *    stays logarithmic) finished by insertion sort. */
#define SKETCH_SORT_BY_KEY(NAME, T, KEY)                                                           \
	static void NAME##_qs(T *v, size_t n)                                                      \
	{                                                                                          \
		while (n > 16) {                                                                   \
			size_t m_ = n / 2;                                                         \
			uint64_t a_ = KEY(v[0]), b_ = KEY(v[m_]), c_ = KEY(v[n - 1]);              \
			uint64_t p_ = a_ < b_ ? (b_ < c_ ? b_ : (a_ < c_ ? c_ : a_))               \
			                      : (a_ < c_ ? a_ : (b_ < c_ ? c_ : b_));              \
			size_t i_ = 0, j_ = n - 1;                                                 \
			for (;;) {                                                                 \
				while (KEY(v[i_]) < p_)                                            \
					i_++;                                                      \
				while (KEY(v[j_]) > p_)                                            \
					j_--;                                                      \
				if (i_ >= j_)                                                      \
					break;                                                     \
				T t_ = v[i_];                                                      \
				v[i_++] = v[j_];                                                   \
				v[j_--] = t_;                                                      \
			}                                                                          \
			size_t left_ = j_ + 1;                                                     \
			if (left_ < n - left_) {                                                   \
				NAME##_qs(v, left_);                                               \
				v += left_;                                                        \
				n -= left_;                                                        \
			} else {                                                                   \
				NAME##_qs(v + left_, n - left_);                                   \
				n = left_;                                                         \
			}                                                                          \
		}                                                                                  \
		for (size_t i_ = 1; i_ < n; i_++) {                                                \
			T x_ = v[i_];                                                              \
			size_t j_ = i_;                                                            \
			for (; j_ > 0 && KEY(v[j_ - 1]) > KEY(x_); j_--)                           \
				v[j_] = v[j_ - 1];                                                 \
			v[j_] = x_;                                                                \
		}                                                                                  \
	}                                                                                          \
	static void NAME(T *v, size_t n)                                                           \
	{                                                                                          \
		T stack_[8192 / sizeof(T)];                                                        \
		T *tmp_ = n <= sizeof(stack_) / sizeof(T) ? stack_ : NULL;                         \
		if (n < 64 || (!tmp_ && !(tmp_ = malloc(n * sizeof(T))))) {                        \
			NAME##_qs(v, n);                                                           \
			return;                                                                    \
		}                                                                                  \
		uint64_t or_ = 0, and_ = ~(uint64_t)0;                                             \
		for (size_t i_ = 0; i_ < n; i_++)                                                  \
			or_ |= KEY(v[i_]), and_ &= KEY(v[i_]);                                     \
		uint64_t diff_ = or_ ^ and_; /* the bits in which keys differ */                   \
		int shift_ = 0;                                                                    \
		while (shift_ < 56 && diff_ >> (shift_ + 8))                                       \
			shift_++;                                                                  \
		size_t start_[257] = {0};                                                          \
		for (size_t i_ = 0; i_ < n; i_++)                                                  \
			start_[((KEY(v[i_]) >> shift_) & 255) + 1]++;                              \
		for (int d_ = 0; d_ < 256; d_++)                                                   \
			start_[d_ + 1] += start_[d_];                                              \
		size_t fill_[256];                                                                 \
		memcpy(fill_, start_, sizeof(fill_));                                              \
		for (size_t i_ = 0; i_ < n; i_++)                                                  \
			tmp_[fill_[(KEY(v[i_]) >> shift_) & 255]++] = v[i_];                       \
		memcpy(v, tmp_, n * sizeof(T));                                                    \
		if (tmp_ != stack_)                                                                \
			free(tmp_);                                                                \
		for (int d_ = 0; d_ < 256; d_++)                                                   \
			if (start_[d_ + 1] - start_[d_] > 1)                                       \
				NAME##_qs(v + start_[d_], start_[d_ + 1] - start_[d_]);            \
	}
/* |A n B| of two sorted distinct arrays. */
size_t sketch_common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* ---------------------------------------------------------------- lsh_map */
#define LSH_DEAD 0xFFFFFFFFu

typedef struct lsh_entry {
	uint64_t key;
	uint32_t rec;  /* record number, LSH_DEAD once removed */
	uint32_t next; /* entry index + 1 of the next in the chain, 0 = end */
} lsh_entry;

typedef struct lsh_map {
	uint32_t *slots; /* entry index + 1 of a chain head, 0 = empty */
	size_t nslots, nkeys;
	lsh_entry *e;
	size_t n, cap;
	uint32_t max_chain; /* 0 = unbounded; else further adds are ignored */
} lsh_map;

void lsh_map_init(lsh_map *m);
void lsh_map_release(lsh_map *m);
/* 0 ok, -1 out of memory. */
int lsh_map_add(lsh_map *m, uint64_t key, uint32_t rec);
/* Entry index + 1 of the newest entry with `key` (0 = none); follow
 * m->e[i - 1].next for the others (a chain holds one key only). */
uint32_t lsh_map_first(const lsh_map *m, uint64_t key);
/* Asks the CPU for the table slot of key ahead of lsh_map_first() or
 * lsh_map_add() (a hint: nothing else happens). */
void lsh_map_prefetch(const lsh_map *m, uint64_t key);
/* Marks rec's entry under key dead; 1 when found. */
int lsh_map_remove_rec(lsh_map *m, uint64_t key, uint32_t rec);
/* Rebuilding a map from its entries (as saved, oldest first): append each
 * (not yet findable), then relink once: the same map as lsh_map_add() of
 * each in turn, its table sized once for `keys` distinct keys (a hint).
 * 0 ok, -1 out of memory. */
int lsh_map_append(lsh_map *m, uint64_t key, uint32_t rec);
int lsh_map_relink(lsh_map *m, size_t keys);
uint64_t lsh_map_bytes(const lsh_map *m);
/* The map as a byte stream (internal.h's state_io), and back into an empty
 * map. */
struct state_io;
void lsh_map_save(const lsh_map *m, struct state_io *w);
void lsh_map_load(lsh_map *m, struct state_io *r);

/* --------------------------------------------------------------- lsh_ring */
/* A multimap from 64-bit keys to the newest `keep` record numbers added
 * under each (older ones are forgotten), held contiguously per key so that
 * walking a key's records costs no pointer chasing: the story index, whose
 * queries only ever read the newest postings of a term. */
typedef struct lsh_list {
	uint64_t key;
	union {
		uint32_t *ids;   /* cap > 0: ring of cap entries */
		uint32_t inl[2]; /* cap == 0: up to two entries inline */
	} u;
	uint16_t n;    /* entries held */
	uint16_t cap;  /* 0: inline */
	uint16_t head; /* when n == keep: position of the oldest entry */
	uint16_t used; /* slot in use */
} lsh_list;

typedef struct lsh_ring {
	lsh_list *slots;
	size_t nslots, nkeys;
	uint64_t entries; /* held, over all keys */
	uint16_t keep;
} lsh_ring;

/* keep: entries kept per key, 1..65535. */
void lsh_ring_init(lsh_ring *m, uint16_t keep);
void lsh_ring_release(lsh_ring *m);
/* 0 ok, -1 out of memory. */
int lsh_ring_add(lsh_ring *m, uint64_t key, uint32_t rec);
/* The list under key, NULL when none; valid until the next add. */
const lsh_list *lsh_ring_find(const lsh_ring *m, uint64_t key);
/* The i-th newest record of a list, i < l->n. */
static inline uint32_t lsh_list_at(const lsh_list *l, size_t i)
{
	const uint32_t *a = l->cap ? l->u.ids : l->u.inl;
	size_t p = (size_t)l->head + l->n - 1 - i;
	return a[p >= l->n ? p - l->n : p];
}
/* As a byte stream, and back into an empty ring made with the same keep
 * (records >= limit are damage: r->err set). */
void lsh_ring_save(const lsh_ring *m, struct state_io *w);
void lsh_ring_load(lsh_ring *m, struct state_io *r, uint32_t limit);

/* ------------------------------------------------------ dedup (internal) */
struct wt_buf;
/* Reads back a record that lives in the caller's store under `key` (a
 * record of dedup_insert() with a fetch function, or of dedup_load()): its
 * shingle hashes as raw bytes appended to sh, or its id appended to id; the
 * other is NULL. 0 ok, -1 when it cannot be read. Called on the thread that
 * makes the decisions. */
typedef int (*dedup_fetch_fn)(void *ctx, uint64_t key, struct wt_buf *sh, struct wt_buf *id);
/* Sets the fetch function, before any record is added. */
void dedup_set_fetch(wt_dedup *d, dedup_fetch_fn fn, void *ctx);
/* Indexes a record as a reference without comparing it (the store's
 * existing group records). Shingles are borrowed. With a fetch function the
 * record stays in the caller's store under key (< 2^56) and id is not used;
 * without, it is copied to the spill file under id. */
wt_status dedup_insert(wt_dedup *d, uint64_t key, const char *id, const uint64_t *sh, size_t n);
/* Decides one record from its shingles (keep first). */
wt_status dedup_decide_shingles(wt_dedup *d, const char *id, const uint64_t *sh, size_t n,
                                wt_dedup_result *res);
/* The index as a byte stream (keep first, no index file, no containment):
 * per record its key, shingle count, sketch bytes and band keys, in record
 * order, so that the stream only grows at its end. Records added by
 * dedup_decide_shingles() have no key yet: keys[0..nkeys) gives theirs, in
 * the order they were kept. WT_ERR_ARG when the index cannot be saved
 * (other options, an index file, nkeys not the number of such records). */
wt_status dedup_save(const wt_dedup *d, const uint64_t *keys, size_t nkeys, struct state_io *w);
/* Loads a saved index into a fresh d made with the same options and a fetch
 * function: every record then lives in the caller's store. WT_ERR_ARG when
 * saved with other options, WT_ERR_STORE when the stream is short or
 * damaged; on any error destroy d. */
wt_status dedup_load(wt_dedup *d, struct state_io *r);

#endif
