/*
 * json.c - JSON output of articles (jansson), shared by the CLI and by
 * library users who want one line per article.
 */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *wt_json_quote(const char *s, size_t len)
{
	if (!s)
		return wt_strndup("null", 4);
	if (len == (size_t)-1)
		len = strlen(s);
	json_t *j = json_stringn_nocheck(s, len);
	if (!j)
		return NULL;
	char *out = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	return out;
}

char *wt_article_json(const wt_article *a, int version)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", str_or_null(a->id));
	if (version > 0)
		json_object_set_new(o, "version", json_integer(version));
	json_object_set_new(o, "title", str_or_null(a->title));
	json_object_set_new(o, "source", str_or_null(a->source));
	json_object_set_new(o, "url", str_or_null(a->url));
	json_object_set_new(o, "published", str_or_null(a->published));
	json_object_set_new(o, "origin", str_or_null(a->origin));
	json_t *au = json_array(), *ag = json_array(), *rm = json_array();
	for (size_t i = 0; i < a->n_authors; i++)
		json_array_append_new(au, json_string(a->authors[i]));
	for (size_t i = 0; i < a->n_agencies; i++)
		json_array_append_new(ag, json_string(a->agencies[i]));
	json_object_set_new(o, "authors", au);
	json_object_set_new(o, "agencies", ag);
	json_object_set_new(o, "dateline",
	                    (a->dateline_place || a->dateline_date)
	                        ? json_pack("{s:o,s:o}", "place", str_or_null(a->dateline_place),
	                                    "date", str_or_null(a->dateline_date))
	                        : json_null());
	size_t bl = 0;
	char *body = wt_article_body(a, &bl);
	json_object_set_new(o, "body", body ? json_stringn_nocheck(body, bl) : json_null());
	free(body);
	for (size_t i = 0; i < a->n_removed; i++) {
		const wt_removed *r = &a->removed[i];
		json_array_append_new(rm, json_pack("{s:s,s:I,s:I,s:s%}", "kind",
		                                    wt_removed_kind_name(r->kind), "start",
		                                    (json_int_t)r->start, "end", (json_int_t)r->end,
		                                    "text", a->text + r->start, r->end - r->start));
	}
	json_object_set_new(o, "removed", rm);
	json_object_set_new(o, "text_bytes", json_integer((json_int_t)a->text_len));
	if (a->utf8_repairs)
		json_object_set_new(o, "utf8_repairs", json_integer((json_int_t)a->utf8_repairs));
	if (a->extra) {
		json_t *x = json_loads(a->extra, 0, NULL);
		if (x)
			json_object_set_new(o, "extra", x);
	}
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}
