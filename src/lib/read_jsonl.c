/*
 * read_jsonl.c - JSONL / NDJSON reader. One article per line with the fields
 * id, text, title, source (or outlet, series), url, published (or date);
 * --field NAME=KEY maps other schemas; unknown fields are kept as a JSON
 * object in wt_article.extra. Lines are read with a bound, so a single huge
 * line never sits in memory whole. A file whose first byte (after white
 * space) is '[' holds one JSON array of records instead, read an element at
 * a time with the same bound.
 *
 * Two paths read a record, with one result. jansson is the reference: it
 * reads every record the fast path declines, and gives every error. The fast
 * path (below) reads the common record, a flat object with plain keys, in one
 * pass over the line: jansson lexes a byte at a time through a stream and
 * builds a tree with a copy of every key and string, about 60 MB/s on one
 * core, most of a cleaning worker's reading time. The fast path validates what
 * jansson validates (UTF-8, escapes, control characters, what follows the
 * object) and hands every value that is not a string to jansson itself; on
 * anything else (an escaped or repeated key, more than JSCAN_FIELDS fields,
 * deep nesting, any error) it declines before changing the article. The fuzz
 * target fuzz_jsonl checks that both paths give the same articles and
 * messages.
 */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { F_ID, F_TEXT, F_TITLE, F_SOURCE, F_URL, F_PUBLISHED, F_N };

/* How the current file holds its records (wt_reader.jsonl_mode): not known
 * yet, a record per line, or a JSON array (at its start, after a record,
 * after a comma, after its end, or stopped). */
enum {
	JSONL_UNKNOWN,
	JSONL_LINES,
	JSONL_ARRAY_START,
	JSONL_ARRAY_NEXT,
	JSONL_ARRAY_ELEMENT,
	JSONL_ARRAY_END,
	JSONL_STOPPED /* after what the array reader cannot go on from */
};

static const char *const field_names[F_N] = {"id", "text", "title", "source", "url", "published"};
/* default keys per field, in order of preference */
static const char *const default_keys[F_N][4] = {
    {"id", NULL},    {"text", NULL},
    {"title", NULL}, {"source", "outlet", "series", NULL},
    {"url", NULL},   {"published", "date", NULL}};

/* The key that supplies field f of a record: its --field mapping, else the
 * first of its default keys whose value is there and not null (NULL if none).
 * has(obj, key) says whether obj has key with a non-null value. */
static const char *field_key(const wt_reader *r, int f, int (*has)(void *obj, const char *key),
                             void *obj)
{
	for (size_t i = 0; i < r->opt.n_fields; i++)
		if (strcmp(r->opt.field_names[i], field_names[f]) == 0)
			return r->opt.field_keys[i];
	for (int k = 0; k < 4 && default_keys[f][k]; k++)
		if (has(obj, default_keys[f][k]))
			return default_keys[f][k];
	return NULL;
}

static int json_has(void *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return v && !json_is_null(v);
}

static int is_used(const char *const used[F_N], const char *key, size_t klen)
{
	for (int f = 0; f < F_N; f++)
		if (used[f] && strncmp(used[f], key, klen) == 0 && used[f][klen] == 0)
			return 1;
	return 0;
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

/* What every record ends with, on either path: the id, date, unknown fields
 * (extra, consumed, may be NULL), raw line and text (taken). */
static wt_status finish_record(wt_reader *r, wt_article *a, json_t *extra, const char *line,
                               size_t len, char *text, size_t tl, const char *where)
{
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
	if (extra && json_object_size(extra)) {
		a->extra = json_dumps(extra, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (!a->extra)
			goto fail;
	}
	json_decref(extra);
	extra = NULL;
	if (r->opt.keep_raw) {
		a->raw = wt_strndup(line, len);
		if (!a->raw)
			goto fail;
		a->raw_len = len;
		/* a record of a JSON array may span lines: its line breaks are white
		 * space between tokens (a string cannot hold one), so the record
		 * stays the same JSON on one line */
		if (r->jsonl_mode != JSONL_LINES)
			for (size_t i = 0; i < len; i++)
				if (a->raw[i] == '\n' || a->raw[i] == '\r')
					a->raw[i] = ' ';
	}
	return reader_finish(r, a, text, tl, where);
fail:
	json_decref(extra);
	free(text);
	return WT_ERR_NOMEM;
}

/* The reference path: jansson reads the record, and says what is wrong. */
static wt_status jansson_record(wt_reader *r, wt_article *a, const char *line, size_t len,
                                size_t col, const char *where)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	if (!o) {
		reader_msg(r, where, "malformed JSON at column %d: %s", jerr.column + (int)col,
		           jerr.text);
		return WT_ERR_PARSE;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		reader_msg(r, where, "record is not a JSON object");
		return WT_ERR_PARSE;
	}
	const char *used[F_N];
	json_t *v[F_N];
	for (int f = 0; f < F_N; f++) {
		used[f] = field_key(r, f, json_has, o);
		v[f] = used[f] ? json_object_get(o, used[f]) : NULL;
	}
	if (!v[F_TEXT] || !json_is_string(v[F_TEXT])) {
		json_decref(o);
		reader_msg(r, where,
		           v[F_TEXT] ? "field \"%s\" is not a string"
		                     : "record has no \"%s\" field",
		           used[F_TEXT] ? used[F_TEXT] : "text");
		return WT_ERR_EMPTY;
	}
	json_t *extra = NULL;
	char *text = NULL;
	if ((v[F_ID] && scalar_set(&a->id, v[F_ID])) ||
	    (v[F_TITLE] && scalar_set(&a->title, v[F_TITLE])) ||
	    (v[F_SOURCE] && scalar_set(&a->source, v[F_SOURCE])) ||
	    (v[F_URL] && scalar_set(&a->url, v[F_URL])) ||
	    (v[F_PUBLISHED] && scalar_set(&a->published, v[F_PUBLISHED])))
		goto fail;
	if (!(extra = json_object()))
		goto fail;
	const char *key;
	json_t *val;
	json_object_foreach(o, key, val)
	{
		if (!is_used(used, key, strlen(key)) && json_object_set(extra, key, val))
			goto fail;
	}
	size_t tl = json_string_length(v[F_TEXT]);
	if (!(text = wt_strndup(json_string_value(v[F_TEXT]), tl)))
		goto fail;
	json_decref(o);
	return finish_record(r, a, extra, line, len, text, tl, where);
fail:
	json_decref(extra);
	json_decref(o);
	return WT_ERR_NOMEM;
}

/* ------------------------------------------------------------------ fast path */
enum { JSCAN_FIELDS = 64, JSCAN_DEPTH = 1024 };
#define JSCAN_NO ((size_t)-1)

typedef struct jfield {
	const char *key; /* raw key, without escapes */
	size_t klen;
	const char *val; /* a string's contents between its quotes, else the value's text */
	size_t vlen;
	int escaped;  /* a string with escapes */
	json_t *json; /* a value that is not a string, read by jansson (JSON null: NULL) */
	int is_string, is_null;
} jfield;

typedef struct jrecord {
	jfield f[JSCAN_FIELDS];
	size_t n;
} jrecord;

/* A byte that stands for itself in a JSON string: not a quote, a backslash,
 * a control character or part of a multibyte character. */
static int plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static int json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return 0;
		*v = *v << 4 | (unsigned)d;
	}
	return 1;
}

/* Scans a string from just after its opening quote at p[i]: the index of its
 * closing quote, or JSCAN_NO for what jansson would reject (an unknown
 * escape, a lone surrogate, a control character, invalid UTF-8, no end). */
static size_t scan_string(const char *p, size_t i, size_t n, int *escaped)
{
	const unsigned char *u = (const unsigned char *)p;
	*escaped = 0;
	const uint64_t ones = 0x0101010101010101ull;
	for (;;) {
		/* eight bytes at a time while none is a quote, a backslash, a
		 * control character or outside ASCII */
		for (uint64_t x; i + 8 <= n; i += 8) {
			memcpy(&x, u + i, 8);
			uint64_t ctl =
			    ~((x & (ones * 0x7F)) + ones * (0x80 - 0x20)) & (ones * 0x80);
			if ((x & (ones * 0x80)) | ctl | bytes_eq8(x, '"') | bytes_eq8(x, '\\'))
				break;
		}
		while (i < n && plain_byte(u[i]))
			i++;
		if (i >= n)
			return JSCAN_NO;
		unsigned char c = u[i];
		if (c == '"')
			return i;
		if (c == '\\') {
			*escaped = 1;
			if (i + 1 >= n)
				return JSCAN_NO;
			if (u[i + 1] && strchr("\"\\/bfnrt", u[i + 1])) {
				i += 2;
				continue;
			}
			unsigned v, w;
			if (u[i + 1] != 'u' || n - i < 6 || !hex4(p + i + 2, &v))
				return JSCAN_NO;
			i += 6;
			if (v >= 0xDC00 && v <= 0xDFFF)
				return JSCAN_NO;
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (n - i < 6 || u[i] != '\\' || u[i + 1] != 'u' ||
				    !hex4(p + i + 2, &w) || w < 0xDC00 || w > 0xDFFF)
					return JSCAN_NO;
				i += 6;
			}
			continue;
		}
		if (c < 0x20)
			return JSCAN_NO;
		int32_t cp;
		size_t l = utf8_decode(u + i, n - i, &cp);
		if (l < 2)
			return JSCAN_NO;
		i += l;
	}
}

/* Decodes the contents of a string scan_string() accepted into out (room
 * for n bytes; a string never grows when decoded). Returns its length. */
static size_t decode_string(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		const char *bs = memchr(s + i, '\\', n - i);
		size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
		memcpy(out + o, s + i, run);
		o += run, i += run;
		if (i >= n)
			break;
		char c = s[i + 1];
		i += 2;
		switch (c) {
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'u': {
			unsigned v, w;
			hex4(s + i, &v);
			i += 4;
			if (v >= 0xD800 && v <= 0xDBFF) {
				hex4(s + i + 2, &w);
				i += 6;
				v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00);
			}
			o += (size_t)utf8proc_encode_char((utf8proc_int32_t)v,
			                                  (utf8proc_uint8_t *)out + o);
			break;
		}
		default: out[o++] = c; /* '"', '\\', '/' */
		}
	}
	return o;
}

/* Scans a value that is not a string from p[i]: the index just after it, or
 * JSCAN_NO. Brackets are matched, skipping strings; what the value is, and
 * whether it is valid, jansson decides. */
static size_t scan_value(const char *p, size_t i, size_t n)
{
	int depth = 0, esc;
	while (i < n) {
		char c = p[i];
		if (c == '"') {
			size_t q = scan_string(p, i + 1, n, &esc);
			if (q == JSCAN_NO)
				return JSCAN_NO;
			i = q + 1;
			continue;
		}
		if (c == '[' || c == '{') {
			if (++depth > JSCAN_DEPTH)
				return JSCAN_NO;
		} else if (c == ']' || c == '}') {
			if (depth == 0)
				return i;
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (c == ',' || json_ws(c)))
			return i;
		i++;
	}
	return depth == 0 ? i : JSCAN_NO;
}

static void jrecord_release(jrecord *j)
{
	for (size_t k = 0; k < j->n; k++)
		json_decref(j->f[k].json);
	j->n = 0;
}

static size_t skip_ws(const char *p, size_t i, size_t n)
{
	while (i < n && json_ws(p[i]))
		i++;
	return i;
}

/* Splits a record into its fields; 0 when the fast path declines it. */
static int jrecord_scan(jrecord *j, const char *p, size_t n)
{
	j->n = 0;
	size_t i = skip_ws(p, 0, n);
	if (i >= n || p[i] != '{')
		return 0;
	i = skip_ws(p, i + 1, n);
	if (i < n && p[i] == '}')
		return 0; /* no text: jansson's path says so */
	for (;;) {
		if (i >= n || p[i] != '"' || j->n == JSCAN_FIELDS)
			return 0;
		jfield *f = &j->f[j->n];
		memset(f, 0, sizeof *f);
		int esc;
		size_t q = scan_string(p, i + 1, n, &esc);
		if (q == JSCAN_NO || esc)
			return 0;
		f->key = p + i + 1, f->klen = q - i - 1;
		for (size_t k = 0; k < j->n; k++)
			if (j->f[k].klen == f->klen && memcmp(j->f[k].key, f->key, f->klen) == 0)
				return 0;
		i = skip_ws(p, q + 1, n);
		if (i >= n || p[i] != ':')
			return 0;
		i = skip_ws(p, i + 1, n);
		if (i >= n)
			return 0;
		if (p[i] == '"') {
			q = scan_string(p, i + 1, n, &f->escaped);
			if (q == JSCAN_NO)
				return 0;
			f->val = p + i + 1, f->vlen = q - i - 1, f->is_string = 1;
			i = q + 1;
		} else {
			q = scan_value(p, i, n);
			if (q == JSCAN_NO || q == i)
				return 0;
			f->val = p + i, f->vlen = q - i;
			i = q;
		}
		j->n++;
		i = skip_ws(p, i, n);
		if (i < n && p[i] == ',') {
			i = skip_ws(p, i + 1, n);
			continue;
		}
		if (i < n && p[i] == '}')
			break;
		return 0;
	}
	if (skip_ws(p, i + 1, n) != n)
		return 0;
	/* values that are not strings: jansson reads each */
	for (size_t k = 0; k < j->n; k++) {
		jfield *f = &j->f[k];
		if (f->is_string)
			continue;
		json_error_t jerr;
		f->json = json_loadb(f->val, f->vlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
		if (!f->json) {
			jrecord_release(j);
			return 0;
		}
		f->is_null = json_is_null(f->json);
	}
	return 1;
}

static jfield *jrecord_get(jrecord *j, const char *key)
{
	if (!key)
		return NULL;
	size_t l = strlen(key);
	for (size_t k = 0; k < j->n; k++)
		if (j->f[k].klen == l && memcmp(j->f[k].key, key, l) == 0)
			return &j->f[k];
	return NULL;
}

static int jrecord_has(void *obj, const char *key)
{
	jfield *f = jrecord_get(obj, key);
	return f && !f->is_null;
}

/* A string field's contents, decoded when escaped (then *tmp owns them). */
static const char *jfield_string(const jfield *f, size_t *len, char **tmp)
{
	*tmp = NULL;
	*len = f->vlen;
	if (!f->escaped)
		return f->val;
	if (!(*tmp = malloc(f->vlen + 1)))
		return NULL;
	*len = decode_string(f->val, f->vlen, *tmp);
	return *tmp;
}

/* Sets an article field from a record field, as scalar_set() does. */
static int jfield_set(char **field, const jfield *f)
{
	if (!f)
		return 0;
	if (!f->is_string)
		return scalar_set(field, f->json);
	char *tmp;
	size_t len;
	const char *s = jfield_string(f, &len, &tmp);
	int bad = !s || wt_article_set(field, s, len) != WT_OK;
	free(tmp);
	return bad;
}

/* The fast path: 0 when it declines the record (the article untouched),
 * else 1 with the record's status in *st. */
static int fast_record(wt_reader *r, wt_article *a, jrecord *j, const char *line, size_t len,
                       const char *where, wt_status *st)
{
	if (!jrecord_scan(j, line, len))
		return 0;
	const char *used[F_N];
	jfield *v[F_N];
	for (int f = 0; f < F_N; f++) {
		used[f] = field_key(r, f, jrecord_has, j);
		v[f] = jrecord_get(j, used[f]);
	}
	if (!v[F_TEXT] || !v[F_TEXT]->is_string) {
		jrecord_release(j);
		return 0; /* jansson's path names what is wrong */
	}
	json_t *extra = NULL;
	char *text = NULL;
	*st = WT_ERR_NOMEM;
	if (jfield_set(&a->id, v[F_ID]) || jfield_set(&a->title, v[F_TITLE]) ||
	    jfield_set(&a->source, v[F_SOURCE]) || jfield_set(&a->url, v[F_URL]) ||
	    jfield_set(&a->published, v[F_PUBLISHED]))
		goto done;
	for (size_t k = 0; k < j->n; k++) {
		jfield *f = &j->f[k];
		if (is_used(used, f->key, f->klen))
			continue;
		if (!extra && !(extra = json_object()))
			goto done;
		json_t *val = f->json ? json_incref(f->json) : NULL;
		if (f->is_string) {
			char *tmp;
			size_t sl;
			const char *s = jfield_string(f, &sl, &tmp);
			val = s ? json_stringn_nocheck(s, sl) : NULL;
			free(tmp);
		}
		if (!val || json_object_setn_new_nocheck(extra, f->key, f->klen, val))
			goto done;
	}
	size_t tl = v[F_TEXT]->vlen;
	if (!(text = malloc(tl + 1)))
		goto done;
	tl = decode_string(v[F_TEXT]->val, tl, text);
	text[tl] = 0;
	jrecord_release(j);
	*st = finish_record(r, a, extra, line, len, text, tl, where);
	r->jsonl_fast++;
	return 1;
done:
	json_decref(extra);
	jrecord_release(j);
	return 1;
}

/* One record's text, from a line or an array: the fast path, else jansson.
 * col: where the text starts in its line (for jansson's column). */
static wt_status read_record(wt_reader *r, wt_article *a, const char *p, size_t n, size_t col,
                             const char *where)
{
	wt_status st;
	if (!r->jsonl_jansson_only && !r->jscan)
		r->jscan = malloc(sizeof *r->jscan); /* without it, jansson reads */
	if (!r->jsonl_jansson_only && r->jscan && fast_record(r, a, r->jscan, p, n, where, &st))
		return st;
	return jansson_record(r, a, p, n, col, where);
}

/* ------------------------------------------------------------ JSON arrays */
/* A file may hold one JSON array of records instead of a record per line
 * (`[{...}, {...}]`, often pretty-printed over many lines). Its elements are
 * read one at a time, each at most max bytes in memory: the end of an
 * element is found by a scan that carries its state from one chunk of the
 * stream to the next (depth, in a string, after a backslash), so an element
 * over the limit is skipped without being held whole. */

typedef struct extent {
	int depth, in_string, escaped;
} extent;

/* Scans p[from..n) for the end of the element that starts at p[0]: its end,
 * or JSCAN_NO when it goes on past n. */
static size_t extent_scan(extent *x, const char *p, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++) {
		char c = p[i];
		if (x->in_string) {
			if (x->escaped)
				x->escaped = 0;
			else if (c == '\\')
				x->escaped = 1;
			else if (c == '"')
				x->in_string = 0;
		} else if (c == '"') {
			x->in_string = 1;
		} else if (c == '{' || c == '[') {
			x->depth++;
		} else if (c == '}' || c == ']') {
			if (x->depth == 0)
				return i; /* the array's end after a bare value */
			if (--x->depth == 0)
				return i + 1;
		} else if (x->depth == 0 && (c == ',' || json_ws(c))) {
			return i;
		}
	}
	return JSCAN_NO;
}

static size_t count_lines(const char *p, size_t n)
{
	size_t k = 0;
	for (const char *q = p; (q = memchr(q, '\n', n - (size_t)(q - p))); q++)
		k++;
	return k;
}

/* Consumes n buffered bytes of the stream, counting their lines. */
static void array_consume(wt_reader *r, const char *p, size_t n)
{
	r->jsonl_line += count_lines(p, n);
	stream_read(r->st, NULL, n);
}

/* What the array reader cannot go on after: the rest of the file is not
 * read (a read error, whatever the caller says, is named as such). */
static wt_status array_stop(wt_reader *r, wt_status st, const char *fmt, const char *what)
{
	char where[64];
	snprintf(where, sizeof where, "%llu", (unsigned long long)r->jsonl_line);
	if (stream_failed(r->st)) {
		reader_msg(r, where, "read error (%s); earlier records were kept",
		           stream_error(r->st));
		st = WT_ERR_TRUNCATED;
	} else {
		reader_msg(r, where, fmt, what);
	}
	r->jsonl_mode = JSONL_STOPPED;
	return st;
}

/* Skips an element over the limit to its end: x is the scan of its first
 * `scanned` bytes, still buffered; the rest is read a chunk at a time. */
static void array_skip(wt_reader *r, extent *x, size_t scanned)
{
	const char *p;
	stream_peek(r->st, scanned, &p);
	array_consume(r, p, scanned);
	for (;;) {
		size_t n = stream_peek(r->st, 1 << 16, &p);
		if (n == 0)
			return; /* the next call reports the missing end */
		size_t end = extent_scan(x, p, 0, n);
		array_consume(r, p, end == JSCAN_NO ? n : end);
		if (end != JSCAN_NO)
			return;
	}
}

static wt_status array_next(wt_reader *r, wt_article *a)
{
	size_t max = r->opt.max_article_bytes + (1u << 20);
	const char *p;
	for (;;) {
		if (r->jsonl_mode == JSONL_STOPPED)
			return WT_DONE;
		size_t n = stream_peek(r->st, 1 << 12, &p);
		if (n == 0) {
			if (r->jsonl_mode == JSONL_ARRAY_END && !stream_failed(r->st))
				return WT_DONE;
			return array_stop(r, WT_ERR_TRUNCATED, "%s",
			                  "the JSON array has no end (file cut short?); earlier "
			                  "records were kept");
		}
		size_t ws = 0;
		while (ws < n && json_ws(p[ws]))
			ws++;
		if (ws) {
			array_consume(r, p, ws);
			continue;
		}
		char c = p[0];
		if (r->jsonl_mode == JSONL_ARRAY_END)
			return array_stop(r, WT_ERR_PARSE, "%s",
			                  "text after the end of the JSON array");
		if (c == ']' && r->jsonl_mode != JSONL_ARRAY_ELEMENT) {
			array_consume(r, p, 1);
			r->jsonl_mode = JSONL_ARRAY_END;
			continue;
		}
		if (r->jsonl_mode == JSONL_ARRAY_NEXT) {
			if (c != ',')
				return array_stop(
				    r, WT_ERR_PARSE,
				    "malformed JSON array: '%s' expected between records", ",");
			array_consume(r, p, 1);
			r->jsonl_mode = JSONL_ARRAY_ELEMENT;
			continue;
		}
		/* an element: find its end, reading on as needed */
		extent x = {0, 0, 0};
		size_t want = 1 << 14, from = 0, end;
		for (;;) {
			n = stream_peek(r->st, want, &p);
			end = extent_scan(&x, p, from, n);
			if (end != JSCAN_NO || n < want)
				break;
			if (n > max)
				break;
			from = n;
			want *= 2;
		}
		char where[64];
		snprintf(where, sizeof where, "%llu", (unsigned long long)r->jsonl_line);
		r->record++;
		r->jsonl_mode = JSONL_ARRAY_NEXT;
		if (end == JSCAN_NO && n > max) {
			array_skip(r, &x, n);
			reader_msg(
			    r, where,
			    "record of over %zu bytes is over the limit of %zu bytes; skipped", max,
			    r->opt.max_article_bytes);
			return WT_ERR_TOO_LARGE;
		}
		if (end == JSCAN_NO)
			return array_stop(
			    r, WT_ERR_TRUNCATED, "%s",
			    "the file ends inside a record of its JSON array (cut short?); "
			    "earlier records were kept");
		if (end == 0) {
			char what[2] = {c, 0}; /* ']' or ',' after a comma */
			return array_stop(r, WT_ERR_PARSE,
			                  "malformed JSON array: '%s' where a record was expected",
			                  what);
		}
		wt_status st = read_record(r, a, p, end, 0, where);
		array_consume(r, p, end);
		return st;
	}
}

wt_status read_jsonl_next(wt_reader *r, wt_article *a)
{
	if (r->jsonl_mode == JSONL_UNKNOWN) {
		/* a JSON array, or a record per line (64 KiB of white space first:
		 * lines, which skip blank ones) */
		const char *p;
		size_t n = stream_peek(r->st, 1 << 16, &p), i = 0;
		while (i < n && json_ws(p[i]))
			i++;
		r->jsonl_mode = JSONL_LINES;
		if (i < n && p[i] == '[') {
			array_consume(r, p, i + 1);
			r->jsonl_mode = JSONL_ARRAY_START;
		}
	}
	if (r->jsonl_mode != JSONL_LINES)
		return array_next(r, a);
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
		return read_record(r, a, line + s, e - s, s, where);
	}
}
