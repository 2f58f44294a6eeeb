/* fuzz_dedup_state.c - libFuzzer target for the ingest's near-duplicate
 * index saved in the store (engine_state "dedup"): the input is read as a
 * saved index whose records live in a small stand-in store (keys 0 to 7,
 * each the shingle set of a text below). A damaged stream must be refused
 * without harm; a stream that loads must leave an index that works: each
 * text is decided against it (candidates read back from the stand-in and
 * verified, or an error with a message when a record cannot be read back
 * as the index describes it), and the index is saved again. */
#include "fuzz_common.h"
#include "internal.h"
#include "sketch.h"

#include <stdio.h>

#define SHELF 8

static const char *const TEXTS[SHELF] = {
    "The ferry to Velmora was cancelled on Tuesday after gales tore the roof off the harbour "
    "office and flooded the quay, the port authority said in a statement.",
    "Farmers in the northern valleys expect a smaller wheat harvest this year because the "
    "spring was dry and the summer rains came late, a cooperative survey found.",
    "The city council voted to extend the tram line to the airport, a project that will "
    "cost about 90 million and take four years to build, officials said.",
    "Museum curators restored a damaged tapestry from the fifteenth century using threads "
    "dyed with the same plants the original weavers used, the museum said.",
    "Talks between the two unions and the rail operator broke down late on Friday, and a "
    "strike planned for next week will go ahead, union leaders told reporters.",
    "A new survey of coastal birds counted fewer puffins than in any year since records "
    "began, which researchers blamed on warmer seas and scarce sand eels.",
    "The ferry to Velmora was cancelled on Tuesday after gales tore the roof off the harbour "
    "office and flooded the quay, the port authority said on Wednesday.",
    "The city council voted to extend the tram line to the airport, a project that will "
    "cost about 90 million and take five years to build, officials said.",
};

static wt_shingles shelf[SHELF];
static int ready;

static void shelf_init(void)
{
	wt_doc *d = wt_doc_create();
	if (!d)
		abort();
	for (int i = 0; i < SHELF; i++) {
		wt_shingles_init(&shelf[i]);
		if (wt_shingles_from_text(&shelf[i], d, TEXTS[i], strlen(TEXTS[i]),
		                          DEDUP_SHINGLE) != WT_OK)
			abort();
	}
	wt_doc_destroy(d);
	ready = 1;
}

static int fetch(void *ctx, uint64_t key, wt_buf *sh, wt_buf *id)
{
	(void)ctx;
	if (key >= SHELF)
		return -1;
	if (sh && shelf[key].n && buf_add(sh, shelf[key].h, shelf[key].n * sizeof(uint64_t)))
		return -1;
	char s[16];
	snprintf(s, sizeof s, "s%u", (unsigned)key);
	if (id && buf_add(id, s, strlen(s)))
		return -1;
	return 0;
}

/* An index as ingest makes it: default options, shingles of DEDUP_SHINGLE
 * words, records in the stand-in store. */
static wt_dedup *fuzz_dedup(void)
{
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	o.shingle = DEDUP_SHINGLE;
	wt_dedup *d = wt_dedup_create(&o);
	if (!d)
		abort();
	dedup_set_fetch(d, fetch, NULL);
	return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		shelf_init();
	wt_dedup *d = fuzz_dedup();
	fuzz_cursor c = {data, size, 0};
	state_io r = {fuzz_read_io, &c, 0};
	if (dedup_load(d, &r) == WT_OK) {
		uint64_t keys[SHELF];
		size_t nkept = 0;
		wt_status st = WT_OK;
		for (int k = 0; k < SHELF && st == WT_OK; k++) {
			wt_dedup_result res;
			st = dedup_decide_shingles(d, "probe", shelf[k].h, shelf[k].n, &res);
			if (st == WT_OK && !res.duplicate)
				keys[nkept++] = 100 + (uint64_t)k;
			if (st != WT_OK && (st != WT_ERR_IO || !*wt_dedup_message(d)))
				abort();
			wt_dedup_result_release(&res);
		}
		size_t bytes = 0;
		state_io w = {fuzz_sink_io, &bytes, 0};
		if (st == WT_OK && (dedup_save(d, keys, nkept, &w) != WT_OK || bytes == 0))
			abort();
	}
	wt_dedup_destroy(d);
	return 0;
}
