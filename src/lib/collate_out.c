/*
 * collate_out.c - a collation written out: JSON (jansson; the schema is in
 * docs/collation.md) and readable text.
 */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *art_id(const wt_collation *c, size_t i)
{
	return i < c->n_articles && c->articles[i].id ? c->articles[i].id : "";
}

static const char *art_source(const wt_collation *c, size_t i)
{
	return i < c->n_articles && c->articles[i].source ? c->articles[i].source : "unknown";
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *cref_json(const wt_collation *c, const wt_cref *r)
{
	return json_pack("{s:s, s:I, s:I, s:s?}", "article", art_id(c, r->article), "start",
	                 (json_int_t)r->start, "end", (json_int_t)r->end, "text", r->text);
}

/* Sorted distinct article ids (or sources) of refs. */
static json_t *id_list(const wt_collation *c, const size_t *arts, size_t n, int sources)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		const char *s = sources ? art_source(c, arts[i]) : art_id(c, arts[i]);
		int seen = 0;
		for (size_t j = 0; j < json_array_size(a) && !seen; j++)
			seen = !strcmp(json_string_value(json_array_get(a, j)), s);
		if (!seen)
			json_array_append_new(a, json_string(s));
	}
	return a;
}

static size_t *ref_articles(const wt_cref *r, size_t n, size_t stride)
{
	size_t *v = malloc((n ? n : 1) * sizeof(*v));
	for (size_t i = 0; v && i < n; i++)
		v[i] = ((const wt_cref *)((const char *)r + i * stride))->article;
	return v;
}

static json_t *groups_json(const wt_collation *c)
{
	json_t *arr = json_array();
	for (size_t g = 0; arr && g < c->n_groups; g++) {
		const wt_sentence_group *G = &c->groups[g];
		size_t *arts = ref_articles(G->refs, G->n_refs, sizeof(wt_cref));
		json_t *m = json_array();
		for (size_t r = 0; r < G->n_refs; r++)
			json_array_append_new(m, cref_json(c, &G->refs[r]));
		json_array_append_new(
		    arr, json_pack("{s:I, s:s?, s:o, s:o, s:I, s:I, s:b, s:o}", "group",
		                   (json_int_t)g, "text", G->n_refs ? G->refs[G->rep].text : NULL,
		                   "articles", id_list(c, arts, G->n_refs, 0), "sources",
		                   id_list(c, arts, G->n_refs, 1), "support",
		                   (json_int_t)G->n_articles, "variants", (json_int_t)G->n_variants,
		                   "unique", G->unique, "sentences", m));
		free(arts);
	}
	return arr;
}

static json_t *quotes_json(const wt_collation *c)
{
	json_t *arr = json_array();
	for (size_t q = 0; arr && q < c->n_quotes; q++) {
		const wt_quote *Q = &c->quotes[q];
		size_t *arts = ref_articles(&Q->refs[0].ref, Q->n_refs, sizeof(wt_quote_ref));
		json_t *refs = json_array();
		for (size_t r = 0; r < Q->n_refs; r++) {
			const wt_quote_ref *R = &Q->refs[r];
			json_t *o = cref_json(c, &R->ref);
			json_object_set_new(o, "speaker_as_written", jstr(R->speaker_as_written));
			if (R->speaker_as_written) {
				json_object_set_new(o, "speaker_start",
				                    json_integer((json_int_t)R->speaker_start));
				json_object_set_new(o, "speaker_end",
				                    json_integer((json_int_t)R->speaker_end));
			}
			json_object_set_new(o, "speaker",
			                    R->entity >= 0
			                        ? json_string(c->entities[R->entity].name)
			                        : json_null());
			if (R->pronoun)
				json_object_set_new(o, "pronoun", json_true());
			if (R->inherited)
				json_object_set_new(o, "inherited", json_true());
			json_object_set_new(o, "relation",
			                    json_string(wt_quote_relation_name(R->relation)));
			json_array_append_new(refs, o);
		}
		json_t *aliases = json_array();
		if (Q->entity >= 0)
			for (size_t k = 0; k < c->entities[Q->entity].n_aliases; k++)
				json_array_append_new(
				    aliases, json_string(c->entities[Q->entity].aliases[k]));
		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:s?, s:o, s:o, s:o, s:b, s:b, s:o}", "quote", (json_int_t)q,
		              "text", Q->text, "speaker", jstr(Q->speaker), "speaker_aliases",
		              aliases, "articles", id_list(c, arts, Q->n_refs, 0), "differs",
		              Q->differs, "fragment", Q->fragment, "occurrences", refs));
		free(arts);
	}
	return arr;
}

static json_t *numbers_json(const wt_collation *c)
{
	static const char *const qual[] = {"exact", "approximate", "bound"};
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < c->n_numbers; i++) {
		const wt_number *N = &c->numbers[i];
		size_t *arts = ref_articles(&N->refs[0].ref, N->n_refs, sizeof(wt_number_ref));
		json_t *refs = json_array();
		for (size_t r = 0; r < N->n_refs; r++) {
			json_t *o = cref_json(c, &N->refs[r].ref);
			json_object_set_new(o, "qualifier",
			                    json_string(qual[N->refs[r].qualifier % 3]));
			json_array_append_new(refs, o);
		}
		int flagged = 0;
		for (size_t d = 0; d < c->n_discrepancies; d++)
			flagged |= c->discrepancies[d].a == i || c->discrepancies[d].b == i;
		json_array_append_new(
		    arr, json_pack("{s:I, s:s, s:f, s:s, s:s, s:o, s:o, s:b, s:o}", "number",
		                   (json_int_t)i, "display", N->display, "value", N->value, "kind",
		                   N->kind, "unit", N->unit, "head", jstr(N->head), "articles",
		                   id_list(c, arts, N->n_refs, 0), "disputed", flagged, "mentions",
		                   refs));
		free(arts);
	}
	return arr;
}

static json_t *discrepancies_json(const wt_collation *c)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < c->n_discrepancies; i++) {
		const wt_discrepancy *D = &c->discrepancies[i];
		json_array_append_new(
		    arr, json_pack("{s:s, s:b, s:s, s:s, s:o, s:o}", "reason", D->reason,
		                   "within_article", D->within, "a", c->numbers[D->a].display, "b",
		                   c->numbers[D->b].display, "a_mention", cref_json(c, &D->a_ref),
		                   "b_mention", cref_json(c, &D->b_ref)));
	}
	return arr;
}

static json_t *entities_json(const wt_collation *c)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < c->n_entities; i++) {
		const wt_entity *E = &c->entities[i];
		json_t *al = json_array(), *per = json_object(), *refs = json_array();
		for (size_t k = 0; k < E->n_aliases; k++)
			json_array_append_new(al, json_string(E->aliases[k]));
		for (size_t a = 0; a < c->n_articles; a++)
			if (E->mentions[a])
				json_object_set_new(per, art_id(c, a),
				                    json_integer((json_int_t)E->mentions[a]));
		for (size_t r = 0; r < E->n_refs; r++)
			json_array_append_new(refs, json_pack("{s:s, s:I, s:I}", "article",
			                                      art_id(c, E->refs[r].article),
			                                      "start", (json_int_t)E->refs[r].start,
			                                      "end", (json_int_t)E->refs[r].end));
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "entity",
		                                     (json_int_t)i, "name", E->name, "kind",
		                                     wt_entity_kind_name(E->kind), "aliases", al,
		                                     "mentions", per, "occurrences", refs));
	}
	return arr;
}

char *wt_collation_json(const wt_collation *c, int64_t story, const char *label, int pretty)
{
	json_t *arts = json_array();
	for (size_t i = 0; arts && i < c->n_articles; i++)
		json_array_append_new(arts, json_pack("{s:s, s:o, s:o, s:o}", "id", art_id(c, i),
		                                      "source", jstr(c->articles[i].source),
		                                      "title", jstr(c->articles[i].title),
		                                      "published", jstr(c->articles[i].published)));
	json_t *unique = json_array();
	for (size_t g = 0; unique && g < c->n_groups; g++)
		if (c->groups[g].unique && c->groups[g].n_refs)
			json_array_append_new(
			    unique, json_pack("{s:I, s:s, s:s, s:s?}", "group", (json_int_t)g,
			                      "article", art_id(c, c->groups[g].refs[0].article),
			                      "source", art_source(c, c->groups[g].refs[0].article),
			                      "text", c->groups[g].refs[0].text));
	json_t *root =
	    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "story",
	              story >= 0 ? json_integer((json_int_t)story) : json_null(), "label",
	              jstr(label), "articles", arts, "groups", groups_json(c), "unique", unique,
	              "quotes", quotes_json(c), "numbers", numbers_json(c), "discrepancies",
	              discrepancies_json(c), "entities", entities_json(c));
	if (!root)
		return NULL;
	char *s = json_dumps(root, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

/* ------------------------------------------------------------------ text */

char *wt_collation_text(const wt_collation *c, int64_t story, const char *label)
{
	wt_buf b;
	buf_init(&b);
	if (story >= 0)
		buf_printf(&b, "Story %lld", (long long)story);
	else
		buf_adds(&b, "Story");
	buf_printf(&b, ": %s\n%zu articles:", label ? label : "(no label)", c->n_articles);
	for (size_t i = 0; i < c->n_articles; i++)
		buf_printf(&b, " [%zu] %s (%s)%s", i + 1, art_id(c, i), art_source(c, i),
		           i + 1 < c->n_articles ? "," : "\n");
	buf_adds(&b, "\nACCOUNT  (sources: [1,2] said by articles 1 and 2; * only one article)\n");
	for (size_t g = 0; g < c->n_groups; g++) {
		const wt_sentence_group *G = &c->groups[g];
		if (!G->n_refs)
			continue;
		buf_adds(&b, G->unique ? "* [" : "  [");
		for (size_t r = 0; r < G->n_refs; r++)
			if (!r || G->refs[r].article != G->refs[r - 1].article)
				buf_printf(&b, "%s%zu", r ? "," : "", G->refs[r].article + 1);
		buf_printf(&b, "] %s\n", G->refs[G->rep].text);
	}
	buf_adds(&b, "\nQUOTES\n");
	for (size_t q = 0; q < c->n_quotes; q++) {
		const wt_quote *Q = &c->quotes[q];
		if (Q->fragment && Q->n_articles < 2)
			continue;
		buf_printf(&b, "  %s: \"%s\" [", Q->speaker ? Q->speaker : "(unattributed)",
		           Q->text);
		for (size_t r = 0; r < Q->n_refs; r++)
			buf_printf(&b, "%s%zu%s", r ? "," : "", Q->refs[r].ref.article + 1,
			           Q->refs[r].relation == WT_QUOTE_SHORTER   ? " shorter"
			           : Q->refs[r].relation == WT_QUOTE_VARIANT ? " variant"
			                                                     : "");
		buf_adds(&b, Q->differs ? "] wording differs\n" : "]\n");
	}
	buf_adds(&b, "\nNUMBERS\n");
	for (size_t i = 0; i < c->n_numbers; i++) {
		const wt_number *N = &c->numbers[i];
		buf_printf(&b, "  %-14s %-8s %-12s [", N->display, N->kind, N->head ? N->head : "");
		for (size_t r = 0; r < N->n_refs; r++)
			buf_printf(&b, "%s%zu \"%s\"", r ? ", " : "", N->refs[r].ref.article + 1,
			           N->refs[r].ref.text);
		buf_adds(&b, "]\n");
	}
	if (c->n_discrepancies) {
		buf_adds(&b, "\nDISCREPANCIES\n");
		for (size_t i = 0; i < c->n_discrepancies; i++) {
			const wt_discrepancy *D = &c->discrepancies[i];
			buf_printf(&b, "  ! %s (%s): \"%s\" [%zu] vs \"%s\" [%zu]\n", D->reason,
			           D->within ? "within one article" : "across articles",
			           D->a_ref.text, D->a_ref.article + 1, D->b_ref.text,
			           D->b_ref.article + 1);
		}
	}
	buf_adds(&b, "\nENTITIES\n");
	for (size_t i = 0; i < c->n_entities; i++) {
		const wt_entity *E = &c->entities[i];
		if (E->n_refs < 2)
			continue;
		buf_printf(&b, "  %-28s %-12s %zu mentions", E->name, wt_entity_kind_name(E->kind),
		           E->n_refs);
		if (E->n_aliases > 1) {
			buf_adds(&b, " (");
			for (size_t k = 0; k < E->n_aliases; k++)
				buf_printf(&b, "%s%s", k ? ", " : "", E->aliases[k]);
			buf_adds(&b, ")");
		}
		buf_adds(&b, "\n");
	}
	return buf_detach(&b, NULL);
}
