/*
 * read_html.c - article extraction from HTML with gumbo: title and metadata
 * from standard tags (<title>, og:*, article:published_time, <time>,
 * canonical link), main text chosen by text and link density over the
 * block elements (the container whose paragraphs carry the most
 * non-link text wins), with scripts, navigation, footers, asides, forms
 * and comment sections dropped.
 */
#include "internal.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct block {
	const GumboNode *node;
	size_t start, len; /* in the text buffer */
	size_t links;      /* bytes of link text */
	int heading;
} block;

typedef struct cand {
	const GumboNode *node;
	double score;
} cand;

typedef struct ext {
	wt_buf text; /* block texts, one after the other */
	block *b;
	size_t nb, capb;
	cand *c;
	size_t nc, capc;
	const char *title, *og_title, *date, *site, *url;
	wt_buf title_buf;
	int nomem;
} ext;

static const char *attr(const GumboNode *n, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
	return a ? a->value : NULL;
}

static int bad_class(const GumboNode *n)
{
	static const char *const words[] = {
	    "comment",   "footer",  "navbar",  "nav-",       "menu",         "sidebar",
	    "share",     "social",  "related", "promo",      "advert",       "newsletter",
	    "subscribe", "cookie",  "popup",   "breadcrumb", "byline-share", "disqus",
	    "outbrain",  "taboola", "recirc",  "most-read"};
	const char *v[2] = {attr(n, "class"), attr(n, "id")};
	for (int k = 0; k < 2; k++) {
		if (!v[k])
			continue;
		size_t len = strlen(v[k]);
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (mem_icontains(v[k], len, words[i]))
				return 1;
	}
	const char *role = attr(n, "role");
	return role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
	                !strcasecmp(role, "contentinfo") || !strcasecmp(role, "banner"));
}

static int skip_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_SCRIPT:
	case GUMBO_TAG_STYLE:
	case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_NAV:
	case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_FORM:
	case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_SVG:
	case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_SELECT:
	case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_HEAD:
	case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_MENU:
	case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_EMBED:
	case GUMBO_TAG_CANVAS:
	case GUMBO_TAG_AUDIO:
	case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_INPUT: return 1;
	default: return 0;
	}
}

static int block_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_P:
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
	case GUMBO_TAG_H5:
	case GUMBO_TAG_H6:
	case GUMBO_TAG_LI:
	case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_DD:
	case GUMBO_TAG_TD: return 1;
	default: return 0;
	}
}

/* Appends the visible text of n (whitespace collapsed) to x->text;
 * counts link text into *links. */
static void inline_text(ext *x, const GumboNode *n, int in_link, size_t *links)
{
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
	    n->type == GUMBO_NODE_WHITESPACE) {
		const char *s = n->v.text.text;
		for (; *s; s++) {
			char c = *s;
			int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
			if (sp) {
				if (x->text.len && x->text.p[x->text.len - 1] != ' ' &&
				    x->text.p[x->text.len - 1] != '\n')
					x->nomem |= buf_addc(&x->text, ' ');
				continue;
			}
			x->nomem |= buf_addc(&x->text, c);
			if (in_link)
				(*links)++;
		}
		return;
	}
	if (n->type != GUMBO_NODE_ELEMENT)
		return;
	GumboTag t = n->v.element.tag;
	if (skip_tag(t) && t != GUMBO_TAG_FIGCAPTION)
		return;
	if (t == GUMBO_TAG_BR) {
		x->nomem |= buf_addc(&x->text, ' ');
		return;
	}
	const GumboVector *ch = &n->v.element.children;
	for (unsigned i = 0; i < ch->length; i++)
		inline_text(x, ch->data[i], in_link || t == GUMBO_TAG_A, links);
}

static void add_block(ext *x, const GumboNode *n)
{
	size_t start = x->text.len, links = 0;
	inline_text(x, n, 0, &links);
	size_t s = start, e = x->text.len;
	trim_span(x->text.p ? x->text.p : "", &s, &e);
	if (e <= s) {
		x->text.len = start;
		return;
	}
	if (x->nb == x->capb) {
		size_t cap = x->capb ? x->capb * 2 : 64;
		block *v = realloc(x->b, cap * sizeof(*v));
		if (!v) {
			x->nomem = 1;
			return;
		}
		x->b = v, x->capb = cap;
	}
	GumboTag t = n->v.element.tag;
	x->b[x->nb++] = (block){n, s, e - s, links, t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6};
}

static void meta(ext *x, const GumboNode *n)
{
	const char *k = attr(n, "property");
	if (!k)
		k = attr(n, "name");
	if (!k)
		k = attr(n, "itemprop");
	const char *v = attr(n, "content");
	if (!k || !v || !*v)
		return;
	if (!strcasecmp(k, "og:title") || !strcasecmp(k, "twitter:title"))
		x->og_title = x->og_title ? x->og_title : v;
	else if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "datePublished") ||
	         !strcasecmp(k, "date") || !strcasecmp(k, "pubdate") ||
	         !strcasecmp(k, "publish-date") || !strcasecmp(k, "dc.date") ||
	         !strcasecmp(k, "dc.date.issued") || !strcasecmp(k, "parsely-pub-date") ||
	         !strcasecmp(k, "sailthru.date"))
		x->date = x->date ? x->date : v;
	else if (!strcasecmp(k, "og:site_name") || !strcasecmp(k, "application-name"))
		x->site = x->site ? x->site : v;
	else if (!strcasecmp(k, "og:url"))
		x->url = x->url ? x->url : v;
}

static void walk(ext *x, const GumboNode *n, int depth)
{
	if (n->type != GUMBO_NODE_ELEMENT || depth > 200)
		return;
	GumboTag t = n->v.element.tag;
	if (t == GUMBO_TAG_META) {
		meta(x, n);
		return;
	}
	if (t == GUMBO_TAG_LINK) {
		const char *rel = attr(n, "rel"), *href = attr(n, "href");
		if (rel && href && !strcasecmp(rel, "canonical") && !x->url)
			x->url = href;
		return;
	}
	if (t == GUMBO_TAG_TITLE && !x->title) {
		size_t links = 0;
		size_t start = x->text.len;
		inline_text(x, n, 0, &links);
		buf_add(&x->title_buf, x->text.p + start, x->text.len - start);
		x->text.len = start;
		x->title = x->title_buf.p;
		return;
	}
	if (t == GUMBO_TAG_TIME && !x->date) {
		const char *dt = attr(n, "datetime");
		if (dt)
			x->date = dt;
	}
	if (t == GUMBO_TAG_HEAD) {
		const GumboVector *ch = &n->v.element.children;
		for (unsigned i = 0; i < ch->length; i++)
			walk(x, ch->data[i], depth + 1);
		return;
	}
	if (skip_tag(t) || (t != GUMBO_TAG_BODY && t != GUMBO_TAG_HTML && bad_class(n)))
		return;
	if (t == GUMBO_TAG_HEADER) {
		/* page headers hold navigation; an article's own header holds its
		 * headline, which we keep */
		const GumboNode *p = n->parent;
		int in_article = 0;
		for (; p && p->type == GUMBO_NODE_ELEMENT; p = p->parent)
			if (p->v.element.tag == GUMBO_TAG_ARTICLE)
				in_article = 1;
		if (!in_article)
			return;
	}
	if (block_tag(t)) {
		add_block(x, n);
		return;
	}
	const GumboVector *ch = &n->v.element.children;
	/* a div holding bare text (no block children) is a block too */
	int has_text = 0, has_block = 0;
	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *c = ch->data[i];
		if (c->type == GUMBO_NODE_TEXT && strlen(c->v.text.text) > 40)
			has_text = 1;
		if (c->type == GUMBO_NODE_ELEMENT &&
		    (block_tag(c->v.element.tag) || c->v.element.tag == GUMBO_TAG_DIV ||
		     c->v.element.tag == GUMBO_TAG_SECTION ||
		     c->v.element.tag == GUMBO_TAG_ARTICLE))
			has_block = 1;
	}
	if (has_text && !has_block && t != GUMBO_TAG_BODY) {
		add_block(x, n);
		return;
	}
	for (unsigned i = 0; i < ch->length; i++)
		walk(x, ch->data[i], depth + 1);
}

static void credit(ext *x, const GumboNode *n, double s)
{
	for (size_t i = 0; i < x->nc; i++)
		if (x->c[i].node == n) {
			x->c[i].score += s;
			return;
		}
	if (x->nc == x->capc) {
		size_t cap = x->capc ? x->capc * 2 : 32;
		cand *v = realloc(x->c, cap * sizeof(*v));
		if (!v) {
			x->nomem = 1;
			return;
		}
		x->c = v, x->capc = cap;
	}
	x->c[x->nc++] = (cand){n, s};
}

static int is_inside(const GumboNode *n, const GumboNode *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

wt_status wt_html_extract(const char *html, size_t len, wt_article *a)
{
	wt_article_release(a);
	GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
	if (!g)
		return WT_ERR_NOMEM;
	ext x;
	memset(&x, 0, sizeof x);
	buf_init(&x.text);
	buf_init(&x.title_buf);
	walk(&x, g->root, 0);
	/* score containers by the non-link text of their paragraphs */
	for (size_t i = 0; i < x.nb; i++) {
		block *b = &x.b[i];
		if (b->heading || b->len < 25 || b->links * 2 > b->len)
			continue;
		double s = 1.0 + (b->len / 100.0 > 3 ? 3 : b->len / 100.0);
		for (size_t k = 0; k < b->len; k++)
			if (x.text.p[b->start + k] == ',')
				s += 0.25;
		const GumboNode *p = b->node->parent;
		if (p && p->type == GUMBO_NODE_ELEMENT) {
			credit(&x, p, s);
			if (p->parent && p->parent->type == GUMBO_NODE_ELEMENT)
				credit(&x, p->parent, s / 2);
		}
	}
	const GumboNode *best = NULL;
	double bs = 0;
	for (size_t i = 0; i < x.nc; i++) {
		double s = x.c[i].score;
		if (x.c[i].node->v.element.tag == GUMBO_TAG_ARTICLE)
			s *= 1.25;
		if (s > bs)
			bs = s, best = x.c[i].node;
	}
	wt_buf out;
	buf_init(&out);
	for (size_t i = 0; i < x.nb; i++) {
		block *b = &x.b[i];
		if (best && !is_inside(b->node, best)) {
			/* keep the article's headline just above the container */
			if (!(b->heading && b->node->v.element.tag == GUMBO_TAG_H1 && !out.len))
				continue;
		}
		if (b->links * 2 > b->len && !b->heading)
			continue;
		if (out.len)
			x.nomem |= buf_add(&out, "\n\n", 2);
		x.nomem |= buf_add(&out, x.text.p + b->start, b->len);
	}
	wt_status st = WT_OK;
	const char *title = x.og_title ? x.og_title : x.title;
	char iso[32];
	if (x.nomem || (title && *title && wt_article_set(&a->title, title, (size_t)-1)) ||
	    (x.site && wt_article_set(&a->source, x.site, (size_t)-1)) ||
	    (x.url && wt_article_set(&a->url, x.url, (size_t)-1)) ||
	    (x.date && wt_article_set(&a->published,
	                              date_normalize(x.date, strlen(x.date), iso) ? iso : x.date,
	                              (size_t)-1)))
		st = WT_ERR_NOMEM;
	if (a->title) {
		size_t s = 0, e = strlen(a->title);
		trim_span(a->title, &s, &e);
		memmove(a->title, a->title + s, e - s);
		a->title[e - s] = 0;
	}
	if (st == WT_OK && !out.len)
		st = WT_ERR_EMPTY;
	if (st == WT_OK) {
		a->text = buf_detach(&out, &a->text_len);
		if (!a->text)
			st = WT_ERR_NOMEM;
	}
	buf_release(&out);
	buf_release(&x.text);
	buf_release(&x.title_buf);
	free(x.b);
	free(x.c);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	return st;
}
