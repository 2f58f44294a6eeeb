/*
 * article.c - the wt_article record: initialisation, ownership of its
 * strings, the removed-span list and the body view (text minus removed
 * spans).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void wt_article_init(wt_article *a)
{
	memset(a, 0, sizeof(*a));
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void wt_article_release(wt_article *a)
{
	if (!a)
		return;
	free(a->id), free(a->title), free(a->source), free(a->url);
	free(a->published), free(a->origin), free(a->extra), free(a->text);
	free(a->raw);
	free_list(a->authors, a->n_authors);
	free_list(a->agencies, a->n_agencies);
	free(a->dateline_place), free(a->dateline_date);
	free(a->removed);
	wt_article_init(a);
}

wt_status wt_article_set(char **field, const char *s, size_t len)
{
	if (!s) {
		free(*field);
		*field = NULL;
		return WT_OK;
	}
	if (len == (size_t)-1)
		len = strlen(s);
	char *p = wt_strndup(s, len);
	if (!p)
		return WT_ERR_NOMEM;
	free(*field);
	*field = p;
	return WT_OK;
}

const char *wt_removed_kind_name(wt_removed_kind k)
{
	static const char *const names[] = {"title",      "byline", "dateline", "credit",
	                                    "disclaimer", "promo",  "header",   "boilerplate"};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

int article_add_agency(wt_article *a, const char *canon)
{
	size_t pos = 0;
	while (pos < a->n_agencies) {
		int c = strcmp(a->agencies[pos], canon);
		if (c == 0)
			return 0;
		if (c > 0)
			break;
		pos++;
	}
	char **v = realloc(a->agencies, (a->n_agencies + 1) * sizeof(*v));
	if (!v)
		return -1;
	a->agencies = v;
	char *p = wt_strndup(canon, strlen(canon));
	if (!p)
		return -1;
	memmove(v + pos + 1, v + pos, (a->n_agencies - pos) * sizeof(*v));
	v[pos] = p;
	a->n_agencies++;
	return 0;
}

int article_add_removed(wt_article *a, size_t start, size_t end, wt_removed_kind k)
{
	if (end <= start)
		return 0;
	/* ignore spans already covered */
	for (size_t i = 0; i < a->n_removed; i++)
		if (a->removed[i].start <= start && a->removed[i].end >= end)
			return 0;
	wt_removed *v = realloc(a->removed, (a->n_removed + 1) * sizeof(*v));
	if (!v)
		return -1;
	a->removed = v;
	v[a->n_removed++] = (wt_removed){start, end, k};
	return 0;
}

static int cmp_removed(const void *x, const void *y)
{
	const wt_removed *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end > b->end ? -1 : a->end < b->end;
}

void article_sort_removed(wt_article *a)
{
	if (a->n_removed < 2)
		return;
	qsort(a->removed, a->n_removed, sizeof(*a->removed), cmp_removed);
	/* drop spans contained in a previous one; clip partial overlaps */
	size_t w = 0;
	for (size_t i = 0; i < a->n_removed; i++) {
		wt_removed r = a->removed[i];
		if (w && r.start < a->removed[w - 1].end) {
			if (r.end <= a->removed[w - 1].end)
				continue;
			r.start = a->removed[w - 1].end;
		}
		a->removed[w++] = r;
	}
	a->n_removed = w;
}

char *wt_article_body(const wt_article *a, size_t *len)
{
	wt_buf b;
	buf_init(&b);
	if (buf_reserve(&b, a->text_len))
		return NULL;
	size_t ri = 0, ls = 0;
	while (ls < a->text_len) {
		const char *nl = memchr(a->text + ls, '\n', a->text_len - ls);
		size_t le = nl ? (size_t)(nl - a->text) : a->text_len;
		/* kept segments of the line: [pos, le) minus removed spans */
		int first = 1;
		size_t pos = ls;
		while (pos < le) {
			while (ri < a->n_removed && a->removed[ri].end <= pos)
				ri++;
			size_t stop = le, next = le;
			if (ri < a->n_removed && a->removed[ri].start < le) {
				stop = a->removed[ri].start > pos ? a->removed[ri].start : pos;
				next = a->removed[ri].end < le ? a->removed[ri].end : le;
			}
			size_t s = pos, e = stop;
			trim_span(a->text, &s, &e);
			if (e > s) {
				if (b.len)
					buf_add(&b, first ? "\n\n" : " ", first ? 2 : 1);
				buf_add(&b, a->text + s, e - s);
				first = 0;
			}
			pos = next > stop ? next : (stop > pos ? stop : le);
		}
		ls = le + 1;
	}
	return buf_detach(&b, len);
}
