/* fuzz_clean.c - libFuzzer target for the cleaner and the text model on
 * arbitrary (repaired) text: spans stay inside the text, the body builds,
 * tokens and sentences carry valid offsets. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len, fixes;
	char *text = wt_utf8_repair((const char *)data, size, &len, &fixes);
	if (!text)
		return 0;
	wt_article a;
	wt_article_init(&a);
	a.text = text;
	a.text_len = len;
	if (wt_article_clean(&a, NULL) != WT_OK)
		abort();
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	if (!body || bl > len + 2 * len)
		abort();
	free(body);
	wt_doc *d = wt_doc_create();
	if (wt_doc_analyze(d, a.text, a.text_len) == WT_OK) {
		size_t nt, ns;
		const wt_token *t = wt_doc_tokens(d, &nt);
		const wt_sentence *s = wt_doc_sentences(d, &ns);
		for (size_t i = 0; i < nt; i++)
			if (t[i].start >= t[i].end || t[i].end > len ||
			    (i && t[i].start < t[i - 1].end))
				abort();
		for (size_t i = 0; i < ns; i++)
			if (s[i].start > s[i].end || s[i].end > len || s[i].tok_end > nt)
				abort();
	}
	wt_doc_destroy(d);
	wt_article_release(&a);
	return 0;
}
