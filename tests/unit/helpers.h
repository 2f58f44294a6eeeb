/* helpers.h - shared bits of the unit tests: where ../shared is, and
 * reading an article from a file through the public reader. */
#ifndef WT_TEST_HELPERS_H
#define WT_TEST_HELPERS_H

#include "wiretrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Unit tests run from tests/unit; ../shared sits beside the checkout. */
static inline const char *shared_dir(void)
{
	const char *e = getenv("WT_SHARED");
	return e ? e : "../../../shared";
}

/* Removes a store file and its WAL and shared-memory files. */
static inline void unlink_store(const char *path)
{
	char p[4200];
	remove(path);
	snprintf(p, sizeof p, "%s-wal", path);
	remove(p);
	snprintf(p, sizeof p, "%s-shm", path);
	remove(p);
}

static inline wt_status read_one(const char *path, wt_article *a)
{
	wt_reader *r = wt_reader_create(NULL);
	wt_status st = wt_reader_add_path(r, path);
	if (st == WT_OK)
		st = wt_reader_next(r, a);
	wt_reader_destroy(r);
	return st;
}

static inline wt_status read_buffer(const char *name, const char *data, wt_article *a)
{
	wt_reader *r = wt_reader_create(NULL);
	wt_status st = wt_reader_add_buffer(r, name, data, strlen(data));
	if (st == WT_OK)
		st = wt_reader_next(r, a);
	wt_reader_destroy(r);
	return st;
}

static inline int has_removed(const wt_article *a, wt_removed_kind k, const char *text)
{
	for (size_t i = 0; i < a->n_removed; i++) {
		const wt_removed *r = &a->removed[i];
		if (r->kind == k && r->end - r->start == strlen(text) &&
		    memcmp(a->text + r->start, text, r->end - r->start) == 0)
			return 1;
	}
	return 0;
}

static inline int has_agency(const wt_article *a, const char *name)
{
	for (size_t i = 0; i < a->n_agencies; i++)
		if (!strcmp(a->agencies[i], name))
			return 1;
	return 0;
}

/* A byte stream in memory, for saving engine state and loading it back
 * (the io functions of a state_io). */
typedef struct membuf {
	unsigned char *p;
	size_t len, cap, off;
} membuf;

static inline int mem_write(void *ctx, void *p, size_t n)
{
	membuf *m = ctx;
	if (m->len + n > m->cap) {
		size_t nc = (m->len + n) * 2;
		unsigned char *q = realloc(m->p, nc);
		if (!q)
			return -1;
		m->p = q, m->cap = nc;
	}
	memcpy(m->p + m->len, p, n);
	m->len += n;
	return 0;
}

static inline int mem_read(void *ctx, void *p, size_t n)
{
	membuf *m = ctx;
	if (m->off + n > m->len)
		return -1;
	memcpy(p, m->p + m->off, n);
	m->off += n;
	return 0;
}

#endif
