/*
 * read_jsonl.c - JSONL / NDJSON reader (jansson). One article per line with
 * the fields id, text, title, source (or outlet, series), url, published (or
 * date); --field NAME=KEY maps other schemas; unknown fields are kept as a
 * JSON object in wt_article.extra. Lines are read with a bound, so a
 * single huge line never sits in memory whole.
 */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { F_ID, F_TEXT, F_TITLE, F_SOURCE, F_URL, F_PUBLISHED, F_N };

static const char *const field_names[F_N] = {"id", "text", "title", "source", "url", "published"};
/* default keys per field, in order of preference */
static const char *const default_keys[F_N][4] = {
    {"id", NULL},    {"text", NULL},
    {"title", NULL}, {"source", "outlet", "series", NULL},
    {"url", NULL},   {"published", "date", NULL}};

static json_t *lookup(wt_reader *r, json_t *o, int f, const char **used)
{
	for (size_t i = 0; i < r->opt.n_fields; i++)
		if (strcmp(r->opt.field_names[i], field_names[f]) == 0) {
			*used = r->opt.field_keys[i];
			return json_object_get(o, r->opt.field_keys[i]);
		}
	for (int k = 0; k < 4 && default_keys[f][k]; k++) {
		json_t *v = json_object_get(o, default_keys[f][k]);
		if (v && !json_is_null(v)) {
			*used = default_keys[f][k];
			return v;
		}
	}
	*used = NULL;
	return NULL;
}

/* String value of a scalar (strings as is, numbers printed). */
static int scalar_set(char **field, json_t *v)
{
	if (json_is_string(v))
		return wt_article_set(field, json_string_value(v), json_string_length(v)) != WT_OK;
	char tmp[64];
	if (json_is_integer(v))
		snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(tmp, sizeof tmp, "%.17g", json_real_value(v));
	else
		return 0;
	return wt_article_set(field, tmp, (size_t)-1) != WT_OK;
}

wt_status read_jsonl_next(wt_reader *r, wt_article *a)
{
	char where[64];
	for (;;) {
		const char *line;
		size_t len;
		size_t max = r->opt.max_article_bytes + (1u << 20);
		int rc = stream_line(r->st, max, &line, &len);
		snprintf(where, sizeof where, "%llu", (unsigned long long)stream_lineno(r->st));
		if (rc == 0)
			return WT_DONE;
		if (rc < 0) {
			reader_msg(r, where, "read error (%s); earlier records were kept",
			           stream_error(r->st));
			return WT_ERR_TRUNCATED;
		}
		if (rc == 2) {
			reader_msg(r, where,
			           "record of %zu bytes is over the limit of %zu bytes; skipped",
			           len, r->opt.max_article_bytes);
			return WT_ERR_TOO_LARGE;
		}
		size_t s = 0, e = len;
		while (s < e && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r'))
			s++;
		if (s == e)
			continue; /* blank line */
		r->record++;
		json_error_t jerr;
		json_t *o = json_loadb(line + s, e - s, JSON_ALLOW_NUL, &jerr);
		if (!o) {
			reader_msg(r, where, "malformed JSON at column %d: %s",
			           jerr.column + (int)s, jerr.text);
			return WT_ERR_PARSE;
		}
		if (!json_is_object(o)) {
			json_decref(o);
			reader_msg(r, where, "record is not a JSON object");
			return WT_ERR_PARSE;
		}
		const char *used[F_N];
		json_t *v[F_N];
		for (int f = 0; f < F_N; f++)
			v[f] = lookup(r, o, f, &used[f]);
		if (!v[F_TEXT] || !json_is_string(v[F_TEXT])) {
			json_decref(o);
			reader_msg(r, where,
			           v[F_TEXT] ? "field \"%s\" is not a string"
			                     : "record has no \"%s\" field",
			           used[F_TEXT] ? used[F_TEXT] : "text");
			return WT_ERR_EMPTY;
		}
		wt_status st = WT_ERR_NOMEM;
		if ((v[F_ID] && scalar_set(&a->id, v[F_ID])) ||
		    (v[F_TITLE] && scalar_set(&a->title, v[F_TITLE])) ||
		    (v[F_SOURCE] && scalar_set(&a->source, v[F_SOURCE])) ||
		    (v[F_URL] && scalar_set(&a->url, v[F_URL])) ||
		    (v[F_PUBLISHED] && scalar_set(&a->published, v[F_PUBLISHED])))
			goto fail;
		if (a->id && !a->id[0]) {
			free(a->id);
			a->id = NULL;
		}
		if (a->published) {
			char iso[32];
			if (date_normalize(a->published, strlen(a->published), iso) &&
			    wt_article_set(&a->published, iso, (size_t)-1))
				goto fail;
		}
		/* unknown fields */
		json_t *extra = json_object();
		if (!extra)
			goto fail;
		const char *key;
		json_t *val;
		json_object_foreach(o, key, val)
		{
			int known = 0;
			for (int f = 0; f < F_N && !known; f++)
				known = used[f] && strcmp(used[f], key) == 0;
			if (!known)
				json_object_set(extra, key, val);
		}
		if (json_object_size(extra)) {
			a->extra = json_dumps(extra, JSON_COMPACT | JSON_ENSURE_ASCII);
			if (!a->extra) {
				json_decref(extra);
				goto fail;
			}
		}
		json_decref(extra);
		if (r->opt.keep_raw) {
			a->raw = wt_strndup(line + s, e - s);
			if (!a->raw)
				goto fail;
			a->raw_len = e - s;
		}
		size_t tl = json_string_length(v[F_TEXT]);
		char *text = wt_strndup(json_string_value(v[F_TEXT]), tl);
		json_decref(o);
		if (!text)
			return WT_ERR_NOMEM;
		return reader_finish(r, a, text, tl, where);
	fail:
		json_decref(o);
		return st;
	}
}
