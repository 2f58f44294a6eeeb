/*
 * read_text.c - whole-file readers: plain text (one article per file; the
 * headline is found by the cleaner) and HTML files (extracted by
 * read_html.c). The article id is the file name without its extensions.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Reads the rest of the current file (bounded). */
static wt_status slurp(wt_reader *r, wt_buf *b)
{
	uint64_t total = 0;
	/* HTML pages carry markup: allow four times the article limit */
	size_t max = r->opt.max_article_bytes;
	if (r->fmt == WT_FMT_HTML)
		max = max > SIZE_MAX / 4 ? SIZE_MAX : max * 4;
	int rc = stream_read_all(r->st, max, b, &total);
	if (rc < 0) {
		reader_msg(r, NULL, "read error (%s); %zu bytes were readable", stream_error(r->st),
		           b->len);
		return WT_ERR_TRUNCATED;
	}
	if (rc == 2) {
		reader_msg(r, NULL, "file of %llu bytes is over the limit of %zu bytes; skipped",
		           (unsigned long long)total, max);
		return WT_ERR_TOO_LARGE;
	}
	return WT_OK;
}

wt_status read_text_next(wt_reader *r, wt_article *a)
{
	if (r->record++)
		return WT_DONE;
	wt_buf b;
	buf_init(&b);
	wt_status st = slurp(r, &b);
	if (st != WT_OK) {
		buf_release(&b);
		return st;
	}
	if (reader_id_from_path(r->path, a)) {
		buf_release(&b);
		return WT_ERR_NOMEM;
	}
	size_t len;
	char *text = buf_detach(&b, &len);
	if (!text)
		return WT_ERR_NOMEM;
	/* a UTF-8 byte order mark is not text */
	if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
	    (unsigned char)text[2] == 0xBF) {
		len -= 3;
		memmove(text, text + 3, len + 1);
	}
	return reader_finish(r, a, text, len, NULL);
}

wt_status read_html_next(wt_reader *r, wt_article *a)
{
	if (r->record++)
		return WT_DONE;
	wt_buf b;
	buf_init(&b);
	wt_status st = slurp(r, &b);
	if (st == WT_OK)
		st = wt_html_extract(b.p ? b.p : "", b.len, a);
	buf_release(&b);
	if (st != WT_OK) {
		if (st == WT_ERR_EMPTY)
			reader_msg(r, NULL, "no article text found in the HTML");
		return st;
	}
	if (!a->id && reader_id_from_path(r->path, a))
		return WT_ERR_NOMEM;
	char *text = a->text;
	size_t len = a->text_len;
	a->text = NULL;
	a->text_len = 0;
	return reader_finish(r, a, text, len, NULL);
}
