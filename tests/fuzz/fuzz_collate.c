/* fuzz_collate.c - libFuzzer target for collation (quote, number and name
 * extraction, sentence groups): the input is split at its NUL bytes into at
 * most six texts, each cleaned, then collated as one story. Every span must
 * lie inside its article, a sentence group's text must be its span, every
 * index must point inside its array, and the JSON output must parse. */
#include "fuzz_common.h"

#include <jansson.h>

#define MAX_TEXTS 6

static void check_ref(const wt_cref *r, wt_article *const *a, size_t n, int exact)
{
	if (r->article >= n || r->start > r->end || r->end > a[r->article]->text_len || !r->text)
		abort();
	if (exact && (strlen(r->text) != r->end - r->start ||
	              memcmp(r->text, a[r->article]->text + r->start, r->end - r->start)))
		abort();
}

static void check(const wt_collation *c, wt_article *const *a, size_t n)
{
	if (c->n_articles != n)
		abort();
	for (size_t g = 0; g < c->n_groups; g++) {
		const wt_sentence_group *G = &c->groups[g];
		if (!G->n_refs || G->rep >= G->n_refs || G->n_articles < 1 || G->n_articles > n ||
		    G->unique != (G->n_articles == 1))
			abort();
		for (size_t i = 0; i < G->n_refs; i++)
			check_ref(&G->refs[i], a, n, 1);
	}
	for (size_t q = 0; q < c->n_quotes; q++) {
		const wt_quote *Q = &c->quotes[q];
		if (!Q->n_refs || Q->main >= Q->n_refs || !Q->text ||
		    (Q->entity >= 0 && (size_t)Q->entity >= c->n_entities))
			abort();
		for (size_t i = 0; i < Q->n_refs; i++) {
			const wt_quote_ref *R = &Q->refs[i];
			check_ref(&R->ref, a, n, 0);
			if (R->speaker_end > a[R->ref.article]->text_len ||
			    R->speaker_start > R->speaker_end ||
			    (R->entity >= 0 && (size_t)R->entity >= c->n_entities))
				abort();
		}
	}
	for (size_t k = 0; k < c->n_numbers; k++) {
		const wt_number *N = &c->numbers[k];
		if (!N->n_refs || !N->kind || !N->unit || !N->display)
			abort();
		for (size_t i = 0; i < N->n_refs; i++)
			check_ref(&N->refs[i].ref, a, n, 1);
	}
	for (size_t k = 0; k < c->n_discrepancies; k++) {
		const wt_discrepancy *D = &c->discrepancies[k];
		if (D->a >= c->n_numbers || D->b >= c->n_numbers || D->a == D->b)
			abort();
		check_ref(&D->a_ref, a, n, 1);
		check_ref(&D->b_ref, a, n, 1);
	}
	for (size_t e = 0; e < c->n_entities; e++) {
		const wt_entity *E = &c->entities[e];
		if (!E->name || !E->n_aliases || !E->n_refs)
			abort();
		size_t total = 0;
		for (size_t i = 0; i < n; i++)
			total += E->mentions[i];
		if (total != E->n_refs)
			abort();
		for (size_t i = 0; i < E->n_refs; i++)
			check_ref(&E->refs[i], a, n, 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_article art[MAX_TEXTS], *ptr[MAX_TEXTS];
	size_t n = 0, at = 0;
	while (n < MAX_TEXTS && (at < size || n == 0)) {
		const uint8_t *nul = memchr(data + at, 0, size - at);
		size_t end = nul && n + 1 < MAX_TEXTS ? (size_t)(nul - data) : size;
		size_t rep;
		wt_article_init(&art[n]);
		art[n].text =
		    wt_utf8_repair((const char *)data + at, end - at, &art[n].text_len, &rep);
		if (!art[n].text)
			abort();
		char id[8] = {'a', (char)('0' + n), 0};
		wt_article_set(&art[n].id, id, (size_t)-1);
		if (wt_article_clean(&art[n], NULL) != WT_OK)
			abort();
		ptr[n] = &art[n];
		n++;
		at = end + 1;
	}
	wt_collation c;
	if (wt_collate(ptr, n, NULL, &c) != WT_OK)
		abort();
	check(&c, ptr, n);
	char *j = wt_collation_json(&c, 1, "story", 0);
	json_error_t err;
	json_t *parsed = j ? json_loads(j, 0, &err) : NULL;
	if (!parsed)
		abort();
	json_decref(parsed);
	free(j);
	char *t = wt_collation_text(&c, 1, "story");
	if (!t)
		abort();
	free(t);
	wt_collation_release(&c);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&art[i]);
	return 0;
}
