/* fuzz_compare.c - libFuzzer target for `compare`: the input is split at
 * its first NUL byte (or in the middle) into two texts, each cleaned, then
 * aligned both ways; every passage must lie inside both texts. */
#include "fuzz_common.h"

static void check(const wt_article *a, const wt_article *b, const wt_alignment *al)
{
	for (size_t i = 0; i < al->n_passages; i++) {
		const wt_passage *p = &al->passages[i];
		if (p->a_start > p->a_end || p->a_end > a->text_len || p->b_start > p->b_end ||
		    p->b_end > b->text_len || p->identity < 0 || p->identity > 1)
			abort();
	}
	if (al->a_covered > al->a_tokens || al->b_covered > al->b_tokens)
		abort();
	double score;
	wt_reuse_class c = wt_alignment_classify(al, &score);
	if ((int)c < 0 || c > WT_REUSE_INDEPENDENT || score < 0 || score > 1.0000001)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t cut = nul ? (size_t)(nul - data) : size / 2;
	size_t rest = nul ? cut + 1 : cut;
	size_t rep;
	wt_article a, b;
	wt_article_init(&a);
	wt_article_init(&b);
	a.text = wt_utf8_repair((const char *)data, cut, &a.text_len, &rep);
	b.text = wt_utf8_repair((const char *)data + rest, size - rest, &b.text_len, &rep);
	wt_article_set(&a.id, "a", (size_t)-1);
	wt_article_set(&b.id, "b", (size_t)-1);
	if (!a.text || !b.text)
		abort();
	wt_article_clean(&a, NULL);
	wt_article_clean(&b, NULL);
	wt_alignment al;
	if (wt_align_articles(&a, &b, NULL, &al) != WT_OK)
		abort();
	check(&a, &b, &al);
	wt_alignment_release(&al);
	if (wt_align_articles(&b, &a, NULL, &al) != WT_OK)
		abort();
	check(&b, &a, &al);
	wt_alignment_release(&al);
	wt_sentence_similarity(NULL, a.text, a.text_len, b.text, b.text_len);
	wt_article_release(&a);
	wt_article_release(&b);
	return 0;
}
