/*
 * stream.c - buffered byte streams over files and standard input with
 * transparent decompression (libarchive: raw format, gzip/bzip2/xz/lzma/
 * zstd/compress filters), and bounded line reading: a line longer than the
 * caller's limit is skipped to its end without being held in memory.
 */
#include "internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

struct wt_stream {
	struct archive *ar;
	char *buf;
	size_t cap, start, end;
	int eof, err;
	uint64_t consumed, lineno;
	char msg[256];
};

static wt_stream *open_any(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	wt_stream *s = calloc(1, sizeof(*s));
	if (!s || !(s->buf = malloc(CHUNK * 2))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->cap = CHUNK * 2;
	s->ar = archive_read_new();
	if (!s->ar) {
		free(s->buf), free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	archive_read_support_filter_gzip(s->ar);
	archive_read_support_filter_bzip2(s->ar);
	archive_read_support_filter_xz(s->ar);
	archive_read_support_filter_lzma(s->ar);
	archive_read_support_filter_zstd(s->ar);
	archive_read_support_filter_compress(s->ar);
	archive_read_support_format_raw(s->ar);
	archive_read_support_format_empty(s->ar);
	int r = data                     ? archive_read_open_memory(s->ar, data, len)
	        : strcmp(path, "-") == 0 ? archive_read_open_fd(s->ar, 0, CHUNK)
	                                 : archive_read_open_filename(s->ar, path, CHUNK);
	struct archive_entry *e;
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(s->ar, &e);
	if (r == ARCHIVE_EOF) {
		s->eof = 1; /* empty file */
	} else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		const char *m = archive_error_string(s->ar);
		snprintf(err, errlen, "%s", m ? m : "cannot open");
		archive_read_free(s->ar);
		free(s->buf), free(s);
		return NULL;
	}
	return s;
}

static void skip_bom(wt_stream *s);

wt_stream *stream_open(const char *path, char *err, size_t errlen)
{
	wt_stream *s = open_any(path, NULL, 0, err, errlen);
	skip_bom(s);
	return s;
}

wt_stream *stream_open_memory(const void *data, size_t len, char *err, size_t errlen)
{
	/* libarchive wants a non-NULL pointer even for empty input */
	wt_stream *s = open_any("", data ? data : "", len, err, errlen);
	skip_bom(s);
	return s;
}

void stream_close(wt_stream *s)
{
	if (!s)
		return;
	archive_read_free(s->ar);
	free(s->buf);
	free(s);
}

const char *stream_error(const wt_stream *s)
{
	return s->msg;
}
int stream_failed(const wt_stream *s)
{
	return s->err;
}
uint64_t stream_bytes(const wt_stream *s)
{
	return s->consumed;
}
uint64_t stream_lineno(const wt_stream *s)
{
	return s->lineno;
}

const char *stream_filter(const wt_stream *s)
{
	int n = archive_filter_count(s->ar);
	return n > 1 ? archive_filter_name(s->ar, 0) : "none";
}

/* Reads one more chunk into the buffer. Returns bytes added (0 at end). */
static size_t fill(wt_stream *s)
{
	if (s->eof || s->err)
		return 0;
	if (s->start > 0 && s->start == s->end)
		s->start = s->end = 0;
	if (s->cap - s->end < CHUNK) {
		if (s->start > 0) {
			memmove(s->buf, s->buf + s->start, s->end - s->start);
			s->end -= s->start;
			s->start = 0;
		}
		if (s->cap - s->end < CHUNK) {
			char *b = realloc(s->buf, s->cap * 2);
			if (!b) {
				s->err = 1;
				snprintf(s->msg, sizeof s->msg, "out of memory");
				return 0;
			}
			s->buf = b, s->cap *= 2;
		}
	}
	la_ssize_t r = archive_read_data(s->ar, s->buf + s->end, CHUNK);
	if (r < 0) {
		const char *m = archive_error_string(s->ar);
		snprintf(s->msg, sizeof s->msg, "%s", m ? m : "read error");
		s->err = 1;
		return 0;
	}
	if (r == 0) {
		s->eof = 1;
		return 0;
	}
	s->end += (size_t)r;
	return (size_t)r;
}

size_t stream_peek(wt_stream *s, size_t want, const char **p)
{
	while (s->end - s->start < want && fill(s))
		;
	*p = s->buf + s->start;
	size_t n = s->end - s->start;
	return n < want ? n : want;
}

static void consume(wt_stream *s, size_t n)
{
	s->start += n;
	s->consumed += n;
}

/* A UTF-8 byte order mark (editors and Windows tools write one) says
 * nothing of the content: without this, it would hide a JSONL file's first
 * record or start a text file's title. */
static void skip_bom(wt_stream *s)
{
	const char *p;
	if (s && stream_peek(s, 3, &p) == 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		consume(s, 3);
}

/* Drops buffered data (keeps memory bounded while skipping). */
static void drop_all(wt_stream *s)
{
	s->consumed += s->end - s->start;
	s->start = s->end = 0;
}

int stream_line(wt_stream *s, size_t max, const char **line, size_t *len)
{
	size_t scanned = 0, skipped = 0;
	for (;;) {
		char *base = s->buf + s->start;
		size_t avail = s->end - s->start;
		char *nl = avail > scanned ? memchr(base + scanned, '\n', avail - scanned) : NULL;
		if (nl) {
			size_t n = (size_t)(nl - base);
			s->lineno++;
			consume(s, n + 1);
			if (skipped) {
				*len = skipped + n;
				return 2;
			}
			if (n > max) {
				*len = n;
				return 2;
			}
			if (n && base[n - 1] == '\r')
				n--;
			*line = base, *len = n;
			return 1;
		}
		scanned = avail;
		if (scanned > max) {
			/* too long: forget what we have, keep skipping */
			skipped += scanned;
			drop_all(s);
			scanned = 0;
		}
		if (!fill(s)) {
			if (s->err && !skipped && s->end == s->start)
				return -1;
			avail = s->end - s->start;
			if (!avail && !skipped)
				return s->err ? -1 : 0;
			if (!avail) {
				*len = skipped;
				return 2;
			}
			/* last line without newline */
			char *b = s->buf + s->start;
			s->lineno++;
			consume(s, avail);
			if (skipped || avail > max) {
				*len = skipped + avail;
				return 2;
			}
			if (avail && b[avail - 1] == '\r')
				avail--;
			*line = b, *len = avail;
			return 1;
		}
	}
}

size_t stream_read(wt_stream *s, void *dst, size_t n)
{
	size_t got = 0;
	while (got < n) {
		if (s->end == s->start && !fill(s))
			break;
		size_t k = s->end - s->start;
		if (k > n - got)
			k = n - got;
		if (dst)
			memcpy((char *)dst + got, s->buf + s->start, k);
		consume(s, k);
		got += k;
	}
	return got;
}

int stream_read_all(wt_stream *s, size_t max, wt_buf *b, uint64_t *total)
{
	uint64_t seen = 0;
	int over = 0;
	for (;;) {
		size_t k = s->end - s->start;
		if (k) {
			seen += k;
			if (!over && b->len + k <= max) {
				if (buf_add(b, s->buf + s->start, k))
					return -1;
			} else {
				over = 1;
			}
			consume(s, k);
		}
		if (!fill(s))
			break;
	}
	if (total)
		*total = seen;
	if (s->err)
		return -1;
	return over ? 2 : 1;
}
