/* fuzz_common.h - shared by the libFuzzer targets: feed one in-memory file
 * of a given name (its extension picks the reader) through the reader and
 * the cleaner, touching every result. */
#ifndef WT_FUZZ_COMMON_H
#define WT_FUZZ_COMMON_H

#include "wiretrace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_read(const char *name, const uint8_t *data, size_t size)
{
	wt_read_options o;
	wt_read_options_init(&o);
	o.max_article_bytes = 1 << 16;
	wt_reader *r = wt_reader_create(&o);
	if (!r)
		return;
	wt_reader_add_buffer(r, name, data, size);
	wt_article a;
	wt_article_init(&a);
	wt_status st;
	int guard = 0;
	while ((st = wt_reader_next(r, &a)) != WT_DONE && guard++ < 100000) {
		if (st != WT_OK) {
			if (strlen(wt_reader_message(r)) == 0)
				abort(); /* every error names its input */
			continue;
		}
		if (wt_article_clean(&a, NULL) != WT_OK)
			abort();
		for (size_t i = 0; i < a.n_removed; i++)
			if (a.removed[i].end > a.text_len || a.removed[i].start > a.removed[i].end)
				abort();
		char *j = wt_article_json(&a, 1);
		free(j);
	}
	wt_article_release(&a);
	wt_reader_destroy(r);
}

/* The io functions of a state_io for the state targets: reading the input
 * (fuzz_cursor), and counting what is saved again. */
typedef struct fuzz_cursor {
	const uint8_t *p;
	size_t n, off;
} fuzz_cursor;

static inline int fuzz_read_io(void *ctx, void *p, size_t n)
{
	fuzz_cursor *c = ctx;
	if (n > c->n - c->off)
		return -1;
	memcpy(p, c->p + c->off, n);
	c->off += n;
	return 0;
}

static inline int fuzz_sink_io(void *ctx, void *p, size_t n)
{
	(void)p;
	*(size_t *)ctx += n;
	return 0;
}

#endif
