/*
 * read_warc.c - WARC reader (.warc, .warc.gz: the stream layer undoes the
 * per-record gzip members). HTTP response records (and resource records)
 * carrying HTML become articles: the URL comes from WARC-Target-URI, the
 * date from WARC-Date, the text from read_html.c. Chunked transfer coding
 * and gzip/deflate content coding are undone with zlib. Other record types
 * are passed over; a truncated record is reported and what came before it
 * is kept.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

typedef struct warc_rec {
	char type[32];
	char uri[2048];
	char date[64];
	char ctype[128];
	char rid[128];
	uint64_t length;
	int has_length;
} warc_rec;

static void header_value(const char *line, size_t len, size_t klen, char *out, size_t outlen)
{
	size_t i = klen;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t n = len - i;
	while (n && (line[i + n - 1] == ' ' || line[i + n - 1] == '\t'))
		n--;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, line + i, n);
	out[n] = 0;
	/* <uri> form of WARC/0.x */
	if (n >= 2 && out[0] == '<' && out[n - 1] == '>') {
		memmove(out, out + 1, n - 2);
		out[n - 2] = 0;
	}
}

/* Undoes "Transfer-Encoding: chunked" in place; returns the new length. */
static size_t dechunk(char *p, size_t n)
{
	size_t r = 0, w = 0;
	while (r < n) {
		char *end;
		unsigned long long sz = strtoull(p + r, &end, 16);
		if (end == p + r)
			break;
		const char *nl = memchr(end, '\n', n - (size_t)(end - p));
		if (!nl)
			break;
		r = (size_t)(nl - p) + 1;
		if (sz == 0)
			break;
		if (sz > n - r)
			sz = n - r;
		memmove(p + w, p + r, sz);
		w += sz, r += sz;
		if (r < n && p[r] == '\r')
			r++;
		if (r < n && p[r] == '\n')
			r++;
	}
	return w;
}

/* Inflates gzip or deflate content into out, bounded by max. */
static int inflate_body(const char *p, size_t n, size_t max, wt_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) /* auto-detect gzip/zlib */
		return -1;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (buf_reserve(out, 65536)) {
			inflateEnd(&z);
			return -1;
		}
		z.next_out = (Bytef *)out->p + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->p);
		out->p[out->len] = 0;
		if (out->len > max)
			break;
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			break;
	}
	inflateEnd(&z);
	return (rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR) ? 0 : -1;
}

static int is_html_type(const char *ct)
{
	return mem_icontains(ct, strlen(ct), "text/html") ||
	       mem_icontains(ct, strlen(ct), "application/xhtml");
}

/* Parses the HTTP message in block[0..n): *body and *blen receive the payload
 * (decoded), *ctype the content type. Returns HTTP status or -1. */
static int http_parse(char *block, size_t n, char **body, size_t *blen, char *ctype, size_t ctlen,
                      size_t max, wt_buf *tmp)
{
	if (n < 12 || memcmp(block, "HTTP/", 5) != 0)
		return -1;
	int status = atoi(block + 9);
	size_t i = 0;
	int chunked = 0, gz = 0;
	ctype[0] = 0;
	/* header lines */
	const char *nl = memchr(block, '\n', n);
	if (!nl)
		return -1;
	i = (size_t)(nl - block) + 1;
	for (;;) {
		if (i >= n)
			return -1;
		nl = memchr(block + i, '\n', n - i);
		size_t le = nl ? (size_t)(nl - block) : n;
		size_t ll = le - i;
		if (ll && block[i + ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			i = le + 1;
			break;
		}
		const char *h = block + i;
		if (str_ieq_prefix(h, ll, "content-type:"))
			header_value(h, ll, 13, ctype, ctlen);
		else if (str_ieq_prefix(h, ll, "transfer-encoding:") &&
		         mem_icontains(h, ll, "chunked"))
			chunked = 1;
		else if (str_ieq_prefix(h, ll, "content-encoding:") &&
		         (mem_icontains(h, ll, "gzip") || mem_icontains(h, ll, "deflate")))
			gz = 1;
		if (!nl)
			return -1;
		i = le + 1;
	}
	char *b = block + (i < n ? i : n);
	size_t bl = i < n ? n - i : 0;
	if (chunked)
		bl = dechunk(b, bl);
	if (gz) {
		if (inflate_body(b, bl, max, tmp))
			return -1;
		b = tmp->p, bl = tmp->len;
	}
	*body = b, *blen = bl;
	return status;
}

wt_status read_warc_next(wt_reader *r, wt_article *a)
{
	char where[48];
	for (;;) {
		const char *line;
		size_t len;
		int rc;
		/* skip blank lines between records */
		do {
			rc = stream_line(r->st, 4096, &line, &len);
		} while (rc == 1 && len == 0);
		if (rc == 0)
			return WT_DONE;
		r->record++;
		snprintf(where, sizeof where, "record %llu", (unsigned long long)r->record);
		if (rc < 0) {
			reader_msg(r, where, "read error (%s); earlier records were kept",
			           stream_error(r->st));
			return WT_ERR_TRUNCATED;
		}
		if (rc == 2 || len < 5 || memcmp(line, "WARC/", 5) != 0) {
			reader_msg(r, where, "not a WARC record header; rest of file skipped");
			/* without a valid header we cannot find the next record */
			stream_read(r->st, NULL, SIZE_MAX);
			return WT_ERR_PARSE;
		}
		warc_rec h;
		memset(&h, 0, sizeof h);
		for (;;) {
			rc = stream_line(r->st, 8192, &line, &len);
			if (rc != 1 && rc != 2) {
				reader_msg(r, where,
				           "truncated WARC header; earlier records were kept");
				return WT_ERR_TRUNCATED;
			}
			if (rc == 2)
				continue;
			if (len == 0)
				break;
			if (str_ieq_prefix(line, len, "warc-type:"))
				header_value(line, len, 10, h.type, sizeof h.type);
			else if (str_ieq_prefix(line, len, "warc-target-uri:"))
				header_value(line, len, 16, h.uri, sizeof h.uri);
			else if (str_ieq_prefix(line, len, "warc-date:"))
				header_value(line, len, 10, h.date, sizeof h.date);
			else if (str_ieq_prefix(line, len, "warc-record-id:"))
				header_value(line, len, 15, h.rid, sizeof h.rid);
			else if (str_ieq_prefix(line, len, "content-type:"))
				header_value(line, len, 13, h.ctype, sizeof h.ctype);
			else if (str_ieq_prefix(line, len, "content-length:")) {
				char v[32];
				header_value(line, len, 15, v, sizeof v);
				char *end;
				h.length = strtoull(v, &end, 10);
				h.has_length = end != v;
			}
		}
		if (!h.has_length) {
			reader_msg(r, where,
			           "WARC record without Content-Length; rest of file skipped");
			stream_read(r->st, NULL, SIZE_MAX);
			return WT_ERR_PARSE;
		}
		int wanted = (!strcasecmp(h.type, "response") &&
		              mem_icontains(h.ctype, strlen(h.ctype), "application/http")) ||
		             (!strcasecmp(h.type, "resource") && is_html_type(h.ctype));
		size_t max = r->opt.max_article_bytes * 4;
		if (!wanted || h.length > max) {
			uint64_t got = stream_read(r->st, NULL, h.length);
			if (got < h.length) {
				reader_msg(r, where, "truncated WARC record (%llu of %llu bytes)",
				           (unsigned long long)got, (unsigned long long)h.length);
				return WT_ERR_TRUNCATED;
			}
			if (wanted) {
				reader_msg(r, where,
				           "record of %llu bytes is over the limit; skipped",
				           (unsigned long long)h.length);
				return WT_ERR_TOO_LARGE;
			}
			continue;
		}
		char *block = malloc(h.length + 1);
		if (!block)
			return WT_ERR_NOMEM;
		size_t got = stream_read(r->st, block, h.length);
		if (got < h.length) {
			free(block);
			reader_msg(
			    r, where,
			    "truncated WARC record (%zu of %llu bytes); earlier records were kept",
			    got, (unsigned long long)h.length);
			return WT_ERR_TRUNCATED;
		}
		block[got] = 0;
		char *body = block;
		size_t blen = got;
		char ctype[128];
		wt_buf tmp;
		buf_init(&tmp);
		if (!strcasecmp(h.type, "response")) {
			int status =
			    http_parse(block, got, &body, &blen, ctype, sizeof ctype, max, &tmp);
			if (status < 0) {
				free(block);
				buf_release(&tmp);
				reader_msg(r, where, "malformed HTTP response");
				return WT_ERR_PARSE;
			}
			if (status != 200 || !is_html_type(ctype)) {
				free(block);
				buf_release(&tmp);
				continue; /* redirects, images, scripts... */
			}
		}
		wt_status st = wt_html_extract(body, blen, a);
		free(block);
		buf_release(&tmp);
		if (st == WT_ERR_EMPTY) {
			reader_msg(r, where, "no article text in %s", h.uri[0] ? h.uri : "record");
			return st;
		}
		if (st != WT_OK)
			return st;
		char iso[32];
		if ((h.uri[0] && wt_article_set(&a->url, h.uri, (size_t)-1)) ||
		    (h.date[0] && !a->published &&
		     wt_article_set(&a->published,
		                    date_normalize(h.date, strlen(h.date), iso) ? iso : h.date,
		                    (size_t)-1)))
			return WT_ERR_NOMEM;
		if (!a->id && h.uri[0]) {
			/* the id of a crawled page: a hash of its URL */
			char hex[24];
			hash_hex(h.uri, strlen(h.uri), hex);
			char id[32];
			snprintf(id, sizeof id, "u%s", hex);
			if (wt_article_set(&a->id, id, (size_t)-1))
				return WT_ERR_NOMEM;
		}
		char *text = a->text;
		size_t tl = a->text_len;
		a->text = NULL, a->text_len = 0;
		return reader_finish(r, a, text, tl, where);
	}
}
