/* fuzz_dedup.c - libFuzzer target for the dedup stream: the input is read
 * as JSONL and filtered in small batches, with containment and the
 * two-phase keep policy chosen by the first byte; every verdict must name
 * an earlier record with a similarity that passes the test. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	o.threshold = (data[0] & 3) == 0 ? 0.5 : 0.8;
	o.containment = data[0] & 4 ? 0.5 : 0;
	o.keep = (wt_keep)((data[0] >> 3) % 3);
	o.method = data[0] & 32 ? WT_SKETCH_SIMHASH : WT_SKETCH_MINHASH;
	o.shingle = 1 + (data[0] >> 6);
	o.threads = 1;
	wt_dedup *d = wt_dedup_create(&o);
	wt_read_options ro;
	wt_read_options_init(&ro);
	ro.max_article_bytes = 1 << 16;
	ro.keep_raw = 1;
	wt_reader *r = wt_reader_create(&ro);
	if (!d || !r)
		abort();
	wt_reader_add_buffer(r, "in.jsonl", data + 1, size - 1);
	wt_article batch[3];
	wt_article *ptrs[3];
	wt_dedup_result res[3];
	for (int i = 0; i < 3; i++)
		wt_article_init(&batch[i]);
	size_t n = 0, seq = 0;
	wt_status st;
	int guard = 0, end = 0;
	while (!end && guard++ < 10000) {
		st = wt_reader_next(r, &batch[n]);
		if (st == WT_DONE)
			end = 1;
		else if (st == WT_OK)
			ptrs[n] = &batch[n], n++;
		if (n == 3 || (end && n)) {
			if (wt_dedup_add(d, ptrs, n, 0, res) != WT_OK)
				abort();
			for (size_t i = 0; i < n; i++) {
				if (res[i].duplicate &&
				    (!res[i].dup_of || (res[i].sim.jaccard < o.threshold &&
				                        !(o.containment > 0 &&
				                          res[i].sim.contain_a >= o.containment))))
					abort();
				wt_dedup_result_release(&res[i]);
				wt_article_release(&batch[i]);
			}
			seq += n;
			n = 0;
		}
	}
	for (size_t i = 0; o.keep != WT_KEEP_FIRST && i < seq; i++) {
		wt_dedup_result f;
		if (wt_dedup_final(d, i, &f) != WT_OK)
			abort();
		wt_dedup_result_release(&f);
	}
	for (size_t i = 0; i < n; i++)
		wt_article_release(&batch[i]);
	wt_reader_destroy(r);
	wt_dedup_destroy(d);
	return 0;
}
