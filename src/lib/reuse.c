/*
 * reuse.c - text reuse across the store: candidate pairs, alignment,
 * classes, and the direction of each pair (who copied whom).
 *
 * Candidates come from two inverted indexes over the articles' bodies, as
 * passim does: word n-grams, and rare names and numbers (capitalized words
 * and numbers outside stopwords). A key shared by more than max_df articles
 * is a stock phrase or a common name and is ignored, which also bounds the
 * work on articles full of repeated text. A pair sharing min_shared n-grams
 * (reuse) or min_names names (same event: the `independent` class) is
 * aligned on worker threads; results are reported in pair order, so they do
 * not depend on the thread count.
 *
 * Direction, in order of strength:
 *  1. publication times, when both are known and differ;
 *  2. credit lines: an article whose source is a news agency is that
 *     agency's own story, and an outlet crediting the agency derives from
 *     it;
 *  3. containment: a trimmed copy is contained in its source (coverage of
 *     one side by copied passages exceeds the other's by 0.2 or more), and
 *     likewise for sentences mapped in order (a rewrite condenses);
 *  4. otherwise two versions of one story are siblings from a common
 *     source, listed in id order.
 */
#include "internal.h"
#include "sketch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void wt_reuse_options_init(wt_reuse_options *o)
{
	memset(o, 0, sizeof(*o));
	o->ngram = 5;
	o->max_df = 50;
	o->min_shared = 3;
	o->min_names = 5;
	o->story = -1;
}

typedef struct ids {
	char **v;
	size_t n, cap;
} ids;

static int add_id(ids *l, const char *id)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 256;
		char **p = realloc(l->v, nc * sizeof(*p));
		if (!p)
			return 1;
		l->v = p;
		l->cap = nc;
	}
	l->v[l->n] = wt_strndup(id, strlen(id));
	return l->v[l->n++] == NULL;
}

static int collect_id(const wt_article_row *r, void *ctx)
{
	return add_id(ctx, r->id);
}

static int collect_story_id(const wt_story_article *a, void *ctx)
{
	return add_id(ctx, a->id);
}

typedef struct posting {
	uint64_t key;
	uint32_t doc;
} posting;

static int cmp_posting(const void *x, const void *y)
{
	const posting *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* pair counts: open addressing on (i << 32 | j) */
typedef struct pairmap {
	uint64_t *k;
	uint32_t *grams, *names;
	size_t cap, n;
} pairmap;

static int pm_grow(pairmap *m)
{
	size_t nc = m->cap ? m->cap * 2 : 4096;
	uint64_t *k = calloc(nc, sizeof(*k));
	uint32_t *g = calloc(nc, sizeof(*g)), *n = calloc(nc, sizeof(*n));
	if (!k || !g || !n) {
		free(k), free(g), free(n);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->k[i]) {
			size_t j = (size_t)sketch_mix(m->k[i]) & (nc - 1);
			while (k[j])
				j = (j + 1) & (nc - 1);
			k[j] = m->k[i], g[j] = m->grams[i], n[j] = m->names[i];
		}
	free(m->k), free(m->grams), free(m->names);
	m->k = k, m->grams = g, m->names = n, m->cap = nc;
	return 0;
}

static int pm_add(pairmap *m, uint32_t a, uint32_t b, int name, uint32_t amount)
{
	if ((m->n + 1) * 2 > m->cap && pm_grow(m))
		return -1;
	uint64_t key = ((uint64_t)a << 32 | b) + 1; /* never 0 */
	size_t i = (size_t)sketch_mix(key) & (m->cap - 1);
	while (m->k[i] && m->k[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->k[i]) {
		m->k[i] = key;
		m->n++;
	}
	if (name)
		m->names[i] += amount;
	else
		m->grams[i] += amount;
	return 0;
}

static int count_pairs(posting *p, size_t n, size_t max_df, pairmap *m, int name, uint32_t amount)
{
	qsort(p, n, sizeof(*p), cmp_posting);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && p[j].key == p[i].key)
			j++;
		if (j - i >= 2 && j - i <= max_df)
			for (size_t x = i; x < j; x++)
				for (size_t y = x + 1; y < j; y++)
					if (p[x].doc != p[y].doc &&
					    pm_add(m, p[x].doc, p[y].doc, name, amount))
						return -1;
		i = j;
	}
	return 0;
}

/* story -> articles postings, for story-mate candidates */
#define STORY_PAIRS_MAX 100 /* larger stories add no pairs of their own */

typedef struct story_postings {
	ids *l; /* the articles, in list order */
	posting *p;
	size_t n, cap;
} story_postings;

static wt_status story_posting(const char *id, int64_t story, void *ctx)
{
	story_postings *sp = ctx;
	/* ids are listed in ingest order, like stories; find the index */
	long idx = -1;
	for (size_t i = sp->n ? sp->p[sp->n - 1].doc : 0; i < sp->l->n; i++)
		if (!strcmp(sp->l->v[i], id)) {
			idx = (long)i;
			break;
		}
	for (size_t i = 0; idx < 0 && i < sp->l->n; i++)
		if (!strcmp(sp->l->v[i], id))
			idx = (long)i;
	if (idx < 0)
		return WT_OK; /* an older version */
	if (sp->n == sp->cap) {
		size_t nc = sp->cap ? sp->cap * 2 : 1024;
		posting *q = realloc(sp->p, nc * sizeof(*q));
		if (!q)
			return WT_ERR_NOMEM;
		sp->p = q, sp->cap = nc;
	}
	sp->p[sp->n++] = (posting){sketch_mix((uint64_t)story + 0x5354u), (uint32_t)idx};
	return WT_OK;
}

typedef struct cand {
	uint32_t a, b;
	wt_alignment al;
	wt_reuse_class cls;
	double score;
	wt_status st;
} cand;

static int cmp_cand(const void *x, const void *y)
{
	const cand *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

typedef struct work {
	wt_article *arts;
	cand *c;
	size_t n, next;
	const wt_termstats *ts;
	pthread_mutex_t mu;
} work;

static void *align_worker(void *arg)
{
	work *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		size_t i = w->next++;
		pthread_mutex_unlock(&w->mu);
		if (i >= w->n)
			return NULL;
		cand *c = &w->c[i];
		c->st = wt_align_articles(&w->arts[c->a], &w->arts[c->b], w->ts, &c->al);
		if (c->st == WT_OK)
			c->cls = wt_alignment_classify(&c->al, &c->score);
	}
}

static int credits(const wt_article *a, const char *agency)
{
	for (size_t i = 0; i < a->n_agencies; i++)
		if (!strcmp(a->agencies[i], agency))
			return 1;
	return 0;
}

/* Agency whose own story `a` is (its source is an agency), or NULL. */
static const char *own_agency(const wt_article *a)
{
	return a->source ? wt_agency_canonical(a->source, strlen(a->source)) : NULL;
}

/* Swaps the sides of an alignment (a <-> b). */
static void swap_alignment(wt_alignment *al)
{
	for (size_t i = 0; i < al->n_passages; i++) {
		wt_passage *p = &al->passages[i], q = *p;
		p->a_start = q.b_start, p->a_end = q.b_end, p->b_start = q.a_start,
		p->b_end = q.a_end;
		p->a_tokens = q.b_tokens, p->b_tokens = q.a_tokens;
		p->deletions = q.insertions, p->insertions = q.deletions;
	}
	size_t t;
	t = al->a_tokens, al->a_tokens = al->b_tokens, al->b_tokens = t;
	t = al->a_covered, al->a_covered = al->b_covered, al->b_covered = t;
	t = al->a_sentences, al->a_sentences = al->b_sentences, al->b_sentences = t;
}

/* Decides the direction of a pair: returns 1 when b is the source. */
static int direction(const wt_article *a, const wt_article *b, const wt_alignment *al,
                     int *directed, double *conf, const char **why)
{
	*directed = 1;
	if (a->published && b->published) {
		int c = strcmp(a->published, b->published);
		/* date-only stamps of one day do not order two articles */
		if (c && !(strlen(a->published) == 10 && strlen(b->published) == 10 &&
		           !strcmp(a->published, b->published))) {
			*conf = 0.9;
			*why = "published earlier";
			return c > 0;
		}
	}
	const char *oa = own_agency(a), *ob = own_agency(b);
	if (oa && !ob && credits(b, oa)) {
		*conf = 0.85;
		*why = "the copy credits the source's agency";
		return 0;
	}
	if (ob && !oa && credits(a, ob)) {
		*conf = 0.85;
		*why = "the copy credits the source's agency";
		return 1;
	}
	double ca = al->a_tokens ? (double)al->a_covered / (double)al->a_tokens : 0;
	double cb = al->b_tokens ? (double)al->b_covered / (double)al->b_tokens : 0;
	if (cb >= ca + 0.2) {
		*conf = 0.6;
		*why = "the copy is contained in the source";
		return 0;
	}
	if (ca >= cb + 0.2) {
		*conf = 0.6;
		*why = "the copy is contained in the source";
		return 1;
	}
	/* a rewrite keeps the order of its source but condenses it: most of
	 * the copy's sentences map into the source, fewer the other way */
	double sa = al->a_sentences ? (double)al->sentences_matched / (double)al->a_sentences : 0;
	double sb = al->b_sentences ? (double)al->sentences_matched / (double)al->b_sentences : 0;
	if (sb >= sa + 0.2) {
		*conf = 0.55;
		*why = "the copy's sentences map into the source";
		return 0;
	}
	if (sa >= sb + 0.2) {
		*conf = 0.55;
		*why = "the copy's sentences map into the source";
		return 1;
	}
	*directed = 0;
	*conf = 0.5;
	*why = "common source";
	return strcmp(a->id, b->id) > 0;
}

static size_t uf_find(size_t *p, size_t x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

wt_status wt_reuse_run(wt_store *s, const wt_reuse_options *o,
                       int (*cb)(const wt_reuse_edge *e, void *ctx), void *ctx,
                       wt_reuse_stats *stats)
{
	wt_reuse_options def;
	if (!o) {
		wt_reuse_options_init(&def);
		o = &def;
	}
	wt_reuse_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	ids l = {0};
	wt_status st = o->story >= 0
	                   ? wt_store_story_articles(s, o->story, NULL, NULL, collect_story_id, &l)
	                   : wt_store_list(s, NULL, collect_id, &l);
	wt_article *arts = st == WT_OK ? calloc(l.n ? l.n : 1, sizeof(*arts)) : NULL;
	wt_termstats *ts = wt_termstats_create();
	posting *pg = NULL, *pn = NULL;
	size_t npg = 0, cpg = 0, npn = 0, cpn = 0;
	pairmap pm = {0};
	cand *c = NULL;
	size_t nc = 0;
	if (st == WT_OK && (!arts || !ts))
		st = WT_ERR_NOMEM;
	/* load, term statistics, postings */
	for (size_t i = 0; st == WT_OK && i < l.n; i++) {
		st = wt_store_get(s, l.v[i], 0, &arts[i], NULL);
		if (st != WT_OK)
			break;
		size_t bl;
		char *body = wt_article_body(&arts[i], &bl);
		if (!body) {
			st = WT_ERR_NOMEM;
			break;
		}
		st = wt_termstats_add(ts, body, bl);
		free(body);
		uint64_t *g = NULL, *nm = NULL;
		size_t ng = 0, nn = 0;
		if (st == WT_OK && align_keys(&arts[i], o->ngram, &g, &ng, &nm, &nn))
			st = WT_ERR_NOMEM;
		for (size_t k = 0; st == WT_OK && k < ng + nn; k++) {
			int isname = k >= ng;
			posting **pp = isname ? &pn : &pg;
			size_t *np = isname ? &npn : &npg, *cp = isname ? &cpn : &cpg;
			if (*np == *cp) {
				size_t cap2 = *cp ? *cp * 2 : 4096;
				posting *q = realloc(*pp, cap2 * sizeof(*q));
				if (!q) {
					st = WT_ERR_NOMEM;
					break;
				}
				*pp = q, *cp = cap2;
			}
			(*pp)[(*np)++] = (posting){isname ? nm[k - ng] : g[k], (uint32_t)i};
		}
		free(g), free(nm);
	}
	stats->articles = l.n;
	size_t max_df = o->max_df ? o->max_df : 50;
	int min_names = o->min_names > 0 ? o->min_names : 5;
	if (st == WT_OK &&
	    (count_pairs(pg, npg, max_df, &pm, 0, 1) || count_pairs(pn, npn, max_df, &pm, 1, 1)))
		st = WT_ERR_NOMEM;
	free(pg), free(pn);
	/* articles of one story (as ingest grouped them) are candidates too:
	 * a rewrite may share few n-grams and few rare names */
	if (st == WT_OK) {
		story_postings sp = {&l, NULL, 0, 0};
		st = store_load_stories(s, story_posting, &sp);
		if (st == WT_OK &&
		    count_pairs(sp.p, sp.n, STORY_PAIRS_MAX, &pm, 1, (uint32_t)min_names))
			st = WT_ERR_NOMEM;
		free(sp.p);
	}
	/* candidates, in pair order */
	if (st == WT_OK) {
		c = calloc(pm.n ? pm.n : 1, sizeof(*c));
		if (!c)
			st = WT_ERR_NOMEM;
		for (size_t i = 0; c && i < pm.cap; i++) {
			if (!pm.k[i])
				continue;
			int ms = o->min_shared > 0 ? o->min_shared : 3;
			int mn = min_names;
			if ((int)pm.grams[i] < ms && (int)pm.names[i] < mn)
				continue;
			uint32_t a = (uint32_t)((pm.k[i] - 1) >> 32), b = (uint32_t)(pm.k[i] - 1);
			if (o->window_days > 0) {
				long da = date_days(arts[a].published),
				     db = date_days(arts[b].published);
				if (da >= 0 && db >= 0 && labs(da - db) > o->window_days)
					continue;
			}
			c[nc++] = (cand){.a = a, .b = b};
		}
		qsort(c, nc, sizeof(*c), cmp_cand); /* pair order: deterministic */
	}
	free(pm.k), free(pm.grams), free(pm.names);
	stats->candidates = nc;
	/* align on threads */
	if (st == WT_OK && nc) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int threads = o->threads;
		if (threads <= 0) {
			long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
			threads = ncpu > 0 ? (int)ncpu : 1;
		}
		if (threads > 64)
			threads = 64;
		work w = {arts, c, nc, 0, ts, PTHREAD_MUTEX_INITIALIZER};
		pthread_t tid[64];
		int started = 0;
		for (int t = 1; t < threads; t++)
			if (pthread_create(&tid[started], NULL, align_worker, &w) == 0)
				started++;
		align_worker(&w);
		for (int t = 0; t < started; t++)
			pthread_join(tid[t], NULL);
		pthread_mutex_destroy(&w.mu);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		stats->seconds_align =
		    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		stats->aligned = nc;
		for (size_t i = 0; i < nc; i++)
			if (c[i].st != WT_OK)
				st = c[i].st;
	}
	/* components, for `only` */
	size_t *parent = NULL;
	long only = -1;
	if (st == WT_OK && o->only) {
		parent = malloc((l.n ? l.n : 1) * sizeof(*parent));
		if (!parent)
			st = WT_ERR_NOMEM;
		for (size_t i = 0; parent && i < l.n; i++) {
			parent[i] = i;
			if (!strcmp(l.v[i], o->only))
				only = (long)i;
		}
		if (st == WT_OK && only < 0)
			st = WT_ERR_NOTFOUND;
		for (size_t i = 0; st == WT_OK && i < nc; i++) {
			if (c[i].cls == WT_REUSE_NONE ||
			    (c[i].cls == WT_REUSE_INDEPENDENT && !o->all))
				continue;
			size_t x = uf_find(parent, c[i].a), y = uf_find(parent, c[i].b);
			if (x != y)
				parent[x] = y;
		}
	}
	/* report */
	for (size_t i = 0; st == WT_OK && i < nc; i++) {
		cand *k = &c[i];
		if (k->cls == WT_REUSE_NONE || (k->cls == WT_REUSE_INDEPENDENT && !o->all))
			continue;
		if (parent && uf_find(parent, k->a) != uf_find(parent, (size_t)only))
			continue;
		wt_reuse_edge e;
		memset(&e, 0, sizeof(e));
		int b_first = direction(&arts[k->a], &arts[k->b], &k->al, &e.directed,
		                        &e.confidence, &e.evidence);
		if (b_first)
			swap_alignment(&k->al);
		e.source = &arts[b_first ? k->b : k->a];
		e.copy = &arts[b_first ? k->a : k->b];
		e.cls = k->cls;
		e.score = k->score;
		e.copy_coverage =
		    k->al.b_tokens ? (double)k->al.b_covered / (double)k->al.b_tokens : 0;
		e.al = &k->al;
		stats->edges++;
		if (cb(&e, ctx))
			break;
	}
	free(parent);
	for (size_t i = 0; i < nc; i++)
		wt_alignment_release(&c[i].al);
	free(c);
	for (size_t i = 0; i < l.n; i++) {
		if (arts)
			wt_article_release(&arts[i]);
		free(l.v[i]);
	}
	free(arts), free(l.v);
	wt_termstats_destroy(ts);
	return st;
}

/* ------------------------------------------------------------- provenance */

typedef struct pbuild {
	wt_provenance *g;
	size_t cap_nodes, cap_edges;
	wt_status st;
} pbuild;

static long node_of(pbuild *b, const char *id, int wire, const wt_article *a)
{
	wt_provenance *g = b->g;
	for (size_t i = 0; i < g->n_nodes; i++)
		if (g->nodes[i].wire == wire && !strcmp(g->nodes[i].id, id))
			return (long)i;
	if (g->n_nodes == b->cap_nodes) {
		size_t nc = b->cap_nodes ? b->cap_nodes * 2 : 32;
		wt_prov_node *p = realloc(g->nodes, nc * sizeof(*p));
		if (!p)
			return -1;
		g->nodes = p;
		b->cap_nodes = nc;
	}
	wt_prov_node *n = &g->nodes[g->n_nodes];
	memset(n, 0, sizeof(*n));
	n->wire = wire;
	n->id = wt_strndup(id, strlen(id));
	if (!n->id)
		return -1;
	if (a && a->source && !(n->source = wt_strndup(a->source, strlen(a->source)))) {
		free(n->id);
		return -1;
	}
	return (long)g->n_nodes++;
}

static int add_edge(pbuild *b, size_t from, size_t to, wt_reuse_class cls, int directed,
                    double conf, const char *why)
{
	wt_provenance *g = b->g;
	for (size_t i = 0; i < g->n_edges; i++)
		if (g->edges[i].from == from && g->edges[i].to == to)
			return 0;
	if (g->n_edges == b->cap_edges) {
		size_t nc = b->cap_edges ? b->cap_edges * 2 : 32;
		wt_prov_edge *p = realloc(g->edges, nc * sizeof(*p));
		if (!p)
			return -1;
		g->edges = p;
		b->cap_edges = nc;
	}
	wt_prov_edge *e = &g->edges[g->n_edges];
	*e = (wt_prov_edge){from, to, cls, directed, conf, wt_strndup(why, strlen(why))};
	if (!e->evidence)
		return -1;
	g->n_edges++;
	return 0;
}

static int add_origin(wt_prov_node *n, const char *w)
{
	for (size_t i = 0; i < n->n_origins; i++)
		if (!strcmp(n->origins[i], w))
			return 0;
	char **p = realloc(n->origins, (n->n_origins + 1) * sizeof(*p));
	if (!p)
		return -1;
	n->origins = p;
	size_t k = n->n_origins;
	while (k > 0 && strcmp(p[k - 1], w) > 0) {
		p[k] = p[k - 1];
		k--;
	}
	p[k] = wt_strndup(w, strlen(w));
	if (!p[k])
		return -1;
	n->n_origins++;
	return 1;
}

/* wires of one article: its own agency, else the agencies it credits */
static int article_wires(pbuild *b, const wt_article *a, size_t node)
{
	const char *own = own_agency(a);
	if (own) {
		long w = node_of(b, own, 1, NULL);
		return w < 0 || add_edge(b, (size_t)w, node, WT_REUSE_NONE, 1, 1.0, "own story") ||
		               add_origin(&b->g->nodes[node], own) < 0
		           ? -1
		           : 0;
	}
	for (size_t i = 0; i < a->n_agencies; i++) {
		long w = node_of(b, a->agencies[i], 1, NULL);
		if (w < 0 || add_edge(b, (size_t)w, node, WT_REUSE_NONE, 1, 0.9, "credit line") ||
		    add_origin(&b->g->nodes[node], a->agencies[i]) < 0)
			return -1;
	}
	return 0;
}

static int prov_edge(const wt_reuse_edge *e, void *ctx)
{
	pbuild *b = ctx;
	if (e->cls == WT_REUSE_INDEPENDENT || e->cls == WT_REUSE_NONE)
		return 0;
	long s = node_of(b, e->source->id, 0, e->source);
	if (s < 0 || article_wires(b, e->source, (size_t)s))
		goto nomem;
	long c = node_of(b, e->copy->id, 0, e->copy);
	if (c < 0 || article_wires(b, e->copy, (size_t)c))
		goto nomem;
	if (add_edge(b, (size_t)s, (size_t)c, e->cls, e->directed, e->confidence, e->evidence))
		goto nomem;
	return 0;
nomem:
	b->st = WT_ERR_NOMEM;
	return 1;
}

wt_status wt_provenance_build(wt_store *s, const wt_reuse_options *o, wt_provenance *out)
{
	memset(out, 0, sizeof(*out));
	wt_reuse_options opt;
	if (o)
		opt = *o;
	else
		wt_reuse_options_init(&opt);
	opt.all = 0;
	pbuild b = {out, 0, 0, WT_OK};
	wt_status st = wt_reuse_run(s, &opt, prov_edge, &b, NULL);
	if (st == WT_OK)
		st = b.st;
	/* articles without wires of their own inherit along reuse edges */
	for (int changed = 1, rounds = 0; st == WT_OK && changed && rounds < 64; rounds++) {
		changed = 0;
		for (size_t i = 0; i < out->n_edges && st == WT_OK; i++) {
			wt_prov_edge *e = &out->edges[i];
			if (e->cls == WT_REUSE_NONE)
				continue;
			wt_prov_node *from = &out->nodes[e->from], *to = &out->nodes[e->to];
			for (int dir = 0; dir < (e->directed ? 1 : 2); dir++) {
				wt_prov_node *x = dir ? to : from, *y = dir ? from : to;
				int has_own = 0;
				for (size_t k = 0; k < out->n_edges; k++)
					has_own |= out->edges[k].cls == WT_REUSE_NONE &&
					           &out->nodes[out->edges[k].to] == y;
				if (has_own)
					continue;
				for (size_t k = 0; k < x->n_origins; k++) {
					int r = add_origin(y, x->origins[k]);
					if (r < 0)
						st = WT_ERR_NOMEM;
					changed |= r > 0;
				}
			}
		}
	}
	if (st != WT_OK)
		wt_provenance_release(out);
	return st;
}

void wt_provenance_release(wt_provenance *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_nodes; i++) {
		free(p->nodes[i].id);
		free(p->nodes[i].source);
		for (size_t k = 0; k < p->nodes[i].n_origins; k++)
			free(p->nodes[i].origins[k]);
		free(p->nodes[i].origins);
	}
	for (size_t i = 0; i < p->n_edges; i++)
		free(p->edges[i].evidence);
	free(p->nodes);
	free(p->edges);
	memset(p, 0, sizeof(*p));
}
