/* fuzz_state.c - libFuzzer target for the story engine state saved in the
 * store (engine_state): the input is read as a saved stream (the engine,
 * then the map from article ids to stories, as ingest saves them). A
 * damaged stream must be refused without harm; a stream that loads must
 * leave an engine that works: an article is assigned and the engine saved
 * again. */
#include "fuzz_common.h"
#include "internal.h"
#include "sketch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_stories *s = wt_stories_create(NULL);
	if (!s)
		abort();
	fuzz_cursor c = {data, size, 0};
	state_io r = {fuzz_read_io, &c, 0};
	lsh_map ids;
	lsh_map_init(&ids);
	wt_status st = stories_load(s, &r);
	if (st == WT_OK)
		lsh_map_load(&ids, &r);
	if (st == WT_OK && !r.err) {
		wt_article a;
		wt_article_init(&a);
		const char *text = "Rescuers in Velmora searched the harbour after the earthquake.";
		wt_article_set(&a.id, "fuzz", (size_t)-1);
		wt_article_set(&a.published, "2024-03-04", (size_t)-1);
		wt_article_set(&a.text, text, (size_t)-1);
		a.text_len = strlen(text);
		uint32_t sid;
		if (wt_stories_add(s, &a, -1, &sid, NULL) == WT_OK) {
			(void)wt_stories_label(s, sid);
			(void)lsh_map_first(&ids, 42);
		}
		wt_article_release(&a);
		size_t bytes = 0;
		state_io w = {fuzz_sink_io, &bytes, 0};
		if (stories_save(s, &w) != WT_OK || bytes == 0)
			abort();
	}
	lsh_map_release(&ids);
	wt_stories_destroy(s);
	return 0;
}
