/*
 * read.c - the reader: expands paths (files, folders read recursively in
 * sorted order with hidden entries skipped, "-" for standard input), picks
 * a format per file (extension first, content sniffing when ambiguous) and
 * hands out articles from the per-format readers (read_text.c,
 * read_html.c, read_jsonl.c, read_warc.c). Errors are per record or file:
 * the reader reports and goes on.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void wt_read_options_init(wt_read_options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_article_bytes = 5u << 20;
}

const char *wt_format_name(wt_format f)
{
	static const char *const n[] = {"auto", "text", "html", "jsonl", "warc"};
	return (unsigned)f < 5 ? n[f] : "unknown";
}

wt_reader *wt_reader_create(const wt_read_options *opt)
{
	wt_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	if (opt)
		r->opt = *opt;
	else
		wt_read_options_init(&r->opt);
	if (!r->opt.max_article_bytes)
		r->opt.max_article_bytes = 5u << 20;
	return r;
}

static void close_current(wt_reader *r)
{
	if (r->st) {
		r->done_bytes += r->next > 0 ? r->sizes[r->next - 1] : 0;
		r->closed_bytes += stream_bytes(r->st);
		stream_close(r->st);
	}
	r->st = NULL;
	free(r->path);
	r->path = NULL;
}

void wt_reader_destroy(wt_reader *r)
{
	if (!r)
		return;
	close_current(r);
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	free(r->sizes);
	free(r->mem);
	free(r->jscan);
	free(r);
}

const char *wt_reader_message(const wt_reader *r)
{
	return r->msg;
}
void wt_reader_stats(const wt_reader *r, wt_read_stats *out)
{
	*out = r->stats;
}
uint64_t wt_reader_total_bytes(const wt_reader *r)
{
	return r->total_bytes;
}
uint64_t wt_reader_done_bytes(const wt_reader *r)
{
	uint64_t cur = 0;
	if (r->st && r->next > 0) {
		cur = stream_bytes(r->st);
		if (cur > r->sizes[r->next - 1])
			cur = r->sizes[r->next - 1];
	}
	return r->done_bytes + cur;
}

void reader_msg(wt_reader *r, const char *where, const char *fmt, ...)
{
	int n = where ? snprintf(r->msg, sizeof r->msg, "%s:%s: ", r->path ? r->path : "?", where)
	              : snprintf(r->msg, sizeof r->msg, "%s: ", r->path ? r->path : "?");
	if (n < 0 || (size_t)n >= sizeof r->msg)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, sizeof r->msg - (size_t)n, fmt, ap);
	va_end(ap);
}

static int push_input(wt_reader *r, const char *p, uint64_t size, const void *mem)
{
	if (r->npaths == r->cappaths) {
		size_t cap = r->cappaths ? r->cappaths * 2 : 16;
		char **v = realloc(r->paths, cap * sizeof(*v));
		if (!v)
			return -1;
		r->paths = v;
		uint64_t *s = realloc(r->sizes, cap * sizeof(*s));
		if (!s)
			return -1;
		r->sizes = s;
		const void **m = realloc(r->mem, cap * sizeof(*m));
		if (!m)
			return -1;
		r->mem = m;
		r->cappaths = cap;
	}
	if (!(r->paths[r->npaths] = wt_strndup(p, strlen(p))))
		return -1;
	r->mem[r->npaths] = mem;
	r->sizes[r->npaths++] = size;
	r->total_bytes += size;
	return 0;
}

static int push_path(wt_reader *r, const char *p, uint64_t size)
{
	return push_input(r, p, size, NULL);
}

wt_status wt_reader_add_buffer(wt_reader *r, const char *name, const void *data, size_t len)
{
	if (!r || !name || (!data && len))
		return WT_ERR_ARG;
	return push_input(r, name, len, data ? data : "") ? WT_ERR_NOMEM : WT_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static wt_status add_dir(wt_reader *r, const char *dir, int depth)
{
	if (depth > 64)
		return WT_OK;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(r->msg, sizeof r->msg, "%s: cannot open folder: %s", dir, strerror(errno));
		return WT_ERR_IO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	wt_status st = WT_OK;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden, . and .. */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(names, cap * sizeof(*v));
			if (!v) {
				st = WT_ERR_NOMEM;
				break;
			}
			names = v;
		}
		if (!(names[n] = wt_strndup(e->d_name, strlen(e->d_name)))) {
			st = WT_ERR_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (st == WT_OK)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (st == WT_OK) {
			wt_buf p;
			buf_init(&p);
			if (buf_printf(&p, "%s/%s", dir, names[i])) {
				st = WT_ERR_NOMEM;
			} else {
				struct stat sb;
				int found = stat(p.p, &sb) == 0;
				if (found && S_ISDIR(sb.st_mode))
					st = add_dir(r, p.p, depth + 1);
				else if (found && S_ISREG(sb.st_mode))
					st = push_path(r, p.p, (uint64_t)sb.st_size) ? WT_ERR_NOMEM
					                                             : WT_OK;
			}
			buf_release(&p);
		}
		free(names[i]);
	}
	free(names);
	return st;
}

wt_status wt_reader_add_path(wt_reader *r, const char *path)
{
	if (!r || !path)
		return WT_ERR_ARG;
	if (strcmp(path, "-") == 0)
		return push_path(r, "-", 0) ? WT_ERR_NOMEM : WT_OK;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		snprintf(r->msg, sizeof r->msg, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? WT_ERR_NOTFOUND : WT_ERR_IO;
	}
	if (S_ISDIR(sb.st_mode)) {
		/* strip trailing slashes for tidy names */
		size_t l = strlen(path);
		while (l > 1 && path[l - 1] == '/')
			l--;
		char *p = wt_strndup(path, l);
		if (!p)
			return WT_ERR_NOMEM;
		wt_status st = add_dir(r, p, 0);
		free(p);
		return st;
	}
	return push_path(r, path, (uint64_t)sb.st_size) ? WT_ERR_NOMEM : WT_OK;
}

/* ------------------------------------------------------------- formats */
static const char *const compress_ext[] = {".gz", ".zst", ".zstd", ".xz", ".bz2", ".lzma", ".Z"};

static int ends_with(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);
	return n >= m && str_ieq_prefix(s + n - m, m, suf);
}

static size_t strip_compress_ext(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(compress_ext) / sizeof(compress_ext[0]); i++)
		if (ends_with(p, n, compress_ext[i]))
			return n - strlen(compress_ext[i]);
	return n;
}

static wt_format format_from_name(const char *p)
{
	size_t n = strip_compress_ext(p, strlen(p));
	if (ends_with(p, n, ".txt") || ends_with(p, n, ".text"))
		return WT_FMT_TEXT;
	if (ends_with(p, n, ".html") || ends_with(p, n, ".htm") || ends_with(p, n, ".xhtml"))
		return WT_FMT_HTML;
	if (ends_with(p, n, ".jsonl") || ends_with(p, n, ".ndjson") || ends_with(p, n, ".json"))
		return WT_FMT_JSONL;
	if (ends_with(p, n, ".warc") || ends_with(p, n, ".arc"))
		return WT_FMT_WARC;
	return WT_FMT_AUTO;
}

static size_t skip_space(const char *p, size_t i, size_t n)
{
	while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
		i++;
	return i;
}

static wt_format sniff(wt_stream *s)
{
	const char *p;
	size_t n = stream_peek(s, 2048, &p);
	size_t i = skip_space(p, 0, n);
	if (n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0)
		return WT_FMT_WARC;
	if (i < n && p[i] == '{')
		return WT_FMT_JSONL;
	if (i < n && p[i] == '[') {
		size_t j = skip_space(p, i + 1, n);
		if (j < n && p[j] == '{')
			return WT_FMT_JSONL; /* a JSON array of records */
	}
	if (mem_icontains(p + i, n - i, "<html") || mem_icontains(p + i, n - i, "<!doctype html") ||
	    mem_icontains(p + i, n - i, "<body") || mem_icontains(p + i, n - i, "<article") ||
	    (i < n && p[i] == '<' && mem_icontains(p + i, n - i, "<p>")))
		return WT_FMT_HTML;
	return WT_FMT_TEXT;
}

/* Text that holds NUL bytes or many control bytes in its first 8 KiB. */
static int looks_binary(wt_stream *s)
{
	const char *p;
	size_t n = stream_peek(s, 8192, &p);
	size_t ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			ctl++;
	}
	return n > 32 && ctl * 10 > n;
}

int reader_id_from_path(const char *path, wt_article *a)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strip_compress_ext(b, strlen(b));
	const char *dot = NULL;
	for (size_t i = 1; i < n; i++)
		if (b[i] == '.')
			dot = b + i;
	if (dot)
		n = (size_t)(dot - b);
	return n ? (wt_article_set(&a->id, b, n) != WT_OK) : 0;
}

wt_status reader_finish(wt_reader *r, wt_article *a, char *text, size_t len, const char *where)
{
	size_t repairs = 0, fl = len;
	char *fixed = text;
	if (!utf8_valid(text, len) || memchr(text, 0, len)) {
		fixed = wt_utf8_repair(text, len, &fl, &repairs);
		free(text);
		if (!fixed)
			return WT_ERR_NOMEM;
	}
	a->text = fixed;
	a->text_len = fl;
	a->utf8_repairs = repairs;
	r->stats.utf8_repairs += repairs;
	size_t s = 0, e = fl;
	trim_span(fixed, &s, &e);
	if (e == s) {
		reader_msg(r, where, "no text");
		return WT_ERR_EMPTY;
	}
	if (fl > r->opt.max_article_bytes) {
		reader_msg(r, where, "article of %zu bytes is over the limit of %zu bytes", fl,
		           r->opt.max_article_bytes);
		return WT_ERR_TOO_LARGE;
	}
	wt_buf o;
	buf_init(&o);
	if ((where ? buf_printf(&o, "%s:%s", r->path, where) : buf_adds(&o, r->path)) ||
	    wt_article_set(&a->origin, o.p, o.len)) {
		buf_release(&o);
		return WT_ERR_NOMEM;
	}
	buf_release(&o);
	if (!a->id) {
		char hex[24];
		hash_hex(fixed, fl, hex);
		char id[32];
		snprintf(id, sizeof id, "h%s", hex);
		if (wt_article_set(&a->id, id, (size_t)-1))
			return WT_ERR_NOMEM;
	}
	return WT_OK;
}

static wt_status open_next(wt_reader *r)
{
	close_current(r);
	if (r->next >= r->npaths)
		return WT_DONE;
	const void *mem = r->mem[r->next];
	const char *p = r->paths[r->next++];
	const char *shown = (!mem && strcmp(p, "-") == 0) ? "<stdin>" : p;
	r->path = wt_strndup(shown, strlen(shown));
	if (!r->path)
		return WT_ERR_NOMEM;
	r->record = 0;
	r->warc_skipped = 0;
	r->jsonl_mode = 0;
	r->jsonl_line = 1;
	char err[256];
	r->st = mem ? stream_open_memory(mem, r->sizes[r->next - 1], err, sizeof err)
	            : stream_open(p, err, sizeof err);
	r->stats.files++;
	if (!r->st) {
		reader_msg(r, NULL, "cannot read: %s", err);
		r->done_bytes += r->sizes[r->next - 1];
		return WT_ERR_IO;
	}
	r->fmt = r->opt.format                   ? r->opt.format
	         : (!mem && strcmp(p, "-") == 0) ? WT_FMT_JSONL
	                                         : format_from_name(p);
	if (r->fmt == WT_FMT_AUTO)
		r->fmt = sniff(r->st);
	if (stream_failed(r->st)) {
		reader_msg(r, NULL, "cannot read: %s", stream_error(r->st));
		close_current(r);
		return WT_ERR_IO;
	}
	if (r->fmt != WT_FMT_WARC && looks_binary(r->st)) {
		reader_msg(r, NULL, "binary file skipped");
		close_current(r);
		return WT_ERR_BINARY;
	}
	return WT_OK;
}

wt_status wt_reader_next(wt_reader *r, wt_article *out)
{
	wt_article_release(out);
	r->msg[0] = 0;
	for (;;) {
		if (!r->st) {
			wt_status st = open_next(r);
			if (st == WT_DONE)
				return WT_DONE;
			if (st != WT_OK) {
				r->stats.skipped++;
				return st;
			}
		}
		wt_status st;
		switch (r->fmt) {
		case WT_FMT_HTML: st = read_html_next(r, out); break;
		case WT_FMT_JSONL: st = read_jsonl_next(r, out); break;
		case WT_FMT_WARC: st = read_warc_next(r, out); break;
		default: st = read_text_next(r, out); break;
		}
		r->stats.bytes = r->closed_bytes + stream_bytes(r->st);
		if (st == WT_DONE) {
			close_current(r);
			continue;
		}
		if (st == WT_OK) {
			r->stats.records++;
			return WT_OK;
		}
		wt_article_release(out);
		r->stats.skipped++;
		if (st == WT_ERR_IO || st == WT_ERR_TRUNCATED) {
			/* the rest of this file cannot be read */
			close_current(r);
		}
		return st;
	}
}
