/* fuzz_jsonl.c - libFuzzer target for the jsonl reader (and the cleaner on
 * what it reads). It also reads the input twice more, with the fast path and
 * with jansson alone (read_jsonl.c), under the default fields and under a
 * --field mapping, and aborts unless both give the same records, statuses and
 * messages. */
#include "fuzz_common.h"
#include "internal.h"

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void compare_paths(const uint8_t *data, size_t size, int mapped)
{
	static const char *names[] = {"text", "id", "published", "source"};
	static const char *keys[] = {"body", "n", "when", "text"};
	wt_read_options o;
	wt_read_options_init(&o);
	o.max_article_bytes = 1 << 16;
	o.keep_raw = 1;
	if (mapped)
		o.field_names = names, o.field_keys = keys, o.n_fields = 4;
	wt_reader *fast = wt_reader_create(&o), *ref = wt_reader_create(&o);
	if (!fast || !ref)
		goto done;
	ref->jsonl_jansson_only = 1;
	wt_reader_add_buffer(fast, "in.jsonl", data, size);
	wt_reader_add_buffer(ref, "in.jsonl", data, size);
	wt_article a, b;
	wt_article_init(&a);
	wt_article_init(&b);
	for (int guard = 0; guard < 100000; guard++) {
		wt_status sa = wt_reader_next(fast, &a), sb = wt_reader_next(ref, &b);
		if (sa != sb || strcmp(wt_reader_message(fast), wt_reader_message(ref)))
			abort();
		if (sa == WT_DONE)
			break;
		if (sa != WT_OK)
			continue;
		if (a.text_len != b.text_len || memcmp(a.text, b.text, a.text_len) ||
		    !same(a.id, b.id) || !same(a.title, b.title) || !same(a.source, b.source) ||
		    !same(a.url, b.url) || !same(a.published, b.published) ||
		    !same(a.extra, b.extra) || !same(a.origin, b.origin) ||
		    a.utf8_repairs != b.utf8_repairs || a.raw_len != b.raw_len)
			abort();
	}
	if (ref->jsonl_fast)
		abort(); /* jansson alone read the reference */
	wt_article_release(&a);
	wt_article_release(&b);
done:
	wt_reader_destroy(fast);
	wt_reader_destroy(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("in.jsonl", data, size);
	compare_paths(data, size, 0);
	compare_paths(data, size, 1);
	return 0;
}
