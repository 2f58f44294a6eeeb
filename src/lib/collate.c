/*
 * collate.c - one consolidated account of a story: its articles lined up
 * sentence by sentence, with the quotes, numbers and names they share and
 * the places where they disagree (docs/collation.md).
 *
 *  1. Sentences. Every body sentence of every article (align_sentences:
 *     content words and bigrams weighted by IDF over the story, place names
 *     as the country they stand for) is a node;
 *     verbatim copies (same folded tokens) share one node. Candidate pairs
 *     come from an inverted index over features (features in more than
 *     max(50, 10%) of the nodes only add weight), pairs at or above
 *     `sentence_threshold` are merged most similar first into groups, never
 *     two sentences of one article in a group. Each group keeps its
 *     sentences (one per supporting article), its most central wording, the
 *     number of distinct wordings, and whether one article alone says it.
 *  2. Order. The article supporting most shared groups is the spine; the
 *     others are walked in turn, and each group not yet placed goes right
 *     after the group of the previous sentence of its article, so the
 *     account follows the spine and inserts what others add where they add
 *     it.
 *  3. Names (entity.c) are grouped by alias key, acronyms are joined to the
 *     names whose initials they are (US, United States), and a single name
 *     to the only person whose last name it is (Merz, Friedrich Merz).
 *  4. Quotes (quote.c) are linked across articles when the shorter one's
 *     words appear in order in the longer (at least 80% of them; short
 *     ones must be equal); the group's speaker is the entity most of its
 *     occurrences are attributed to.
 *  5. Numbers (number.c) telling the same fact (same kind, unit and value,
 *     and the same noun or shared context words) become one; two facts of
 *     the same kind and unit with different values are a discrepancy when
 *     they describe the same thing: a duration of the same event concept
 *     (a "three-year war" and "four years" of the invasion), or the same
 *     noun in a shared context.
 */
#include "collate.h"
#include "lexicon.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void wt_collate_options_init(wt_collate_options *o)
{
	memset(o, 0, sizeof(*o));
	o->sentence_threshold = 0.3;
	o->max_articles = 1000;
}

/* ------------------------------------------------------------- body view */

wt_status coll_text_init(coll_text *c, const wt_article *a, wt_doc *d)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->t = a->text ? a->text : "";
	c->len = a->text ? a->text_len : 0;
	wt_status st = wt_doc_analyze(d, c->t, c->len);
	if (st != WT_OK)
		return st;
	c->tk = wt_doc_tokens(d, &c->nt);
	c->se = wt_doc_sentences(d, &c->ns);
	c->removed = calloc(c->nt ? c->nt : 1, 1);
	c->sent_of = calloc(c->nt ? c->nt : 1, sizeof(*c->sent_of));
	if (!c->removed || !c->sent_of) {
		coll_text_release(c);
		return WT_ERR_NOMEM;
	}
	size_t r = 0;
	for (size_t i = 0; i < c->nt; i++) {
		while (r < a->n_removed && a->removed[r].end <= c->tk[i].start)
			r++;
		c->removed[i] = r < a->n_removed && a->removed[r].start < c->tk[i].end;
	}
	for (size_t s = 0; s < c->ns; s++)
		for (size_t i = c->se[s].tok_begin; i < c->se[s].tok_end; i++)
			c->sent_of[i] = s;
	return WT_OK;
}

void coll_text_release(coll_text *c)
{
	free(c->removed);
	free(c->sent_of);
	memset(c, 0, sizeof(*c));
}

/* --------------------------------------------------------- per article */

typedef struct art {
	const wt_article *a;
	align_sent *sent;
	size_t nsent;
	coll_mention *men;
	size_t nmen;
	coll_quote *q;
	size_t nq;
	coll_number *num;
	size_t nnum;
} art;

static void art_release(art *x)
{
	align_sentences_free(x->sent, x->nsent);
	entity_mentions_free(x->men, x->nmen);
	quotes_free(x->q, x->nq);
	numbers_free(x->num, x->nnum);
}

static wt_status art_analyze(art *x, const wt_article *a, const wt_termstats *ts, wt_doc *d)
{
	memset(x, 0, sizeof(*x));
	x->a = a;
	wt_status st = align_sentences(a, d, ts, &x->sent, &x->nsent);
	if (st != WT_OK)
		return st;
	coll_text c;
	if ((st = coll_text_init(&c, a, d)) != WT_OK)
		return st;
	if ((st = entity_mentions(&c, &x->men, &x->nmen)) == WT_OK &&
	    (st = quote_extract(&c, x->men, x->nmen, &x->q, &x->nq)) == WT_OK)
		st = number_extract(&c, &x->num, &x->nnum);
	coll_text_release(&c);
	return st;
}

/* ------------------------------------------------------------ utilities */

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

static char *span_dup(const wt_article *a, size_t s, size_t e)
{
	return wt_strndup(a->text + s, e - s);
}

static int cref_set(wt_cref *r, size_t article, const wt_article *a, size_t s, size_t e)
{
	r->article = article;
	r->start = s;
	r->end = e;
	r->text = span_dup(a, s, e);
	return r->text ? 0 : -1;
}

static char *xstrdup(const char *s)
{
	return s ? wt_strndup(s, strlen(s)) : NULL;
}

/* ----------------------------------------------------- sentence groups */

typedef struct occ {
	uint32_t art, sent;
} occ;

typedef struct node {
	uint64_t fold;
	const align_sent *s; /* first occurrence's features */
	occ *occ;
	size_t nocc, capocc;
} node;

typedef struct edge {
	uint32_t a, b;
	float sim;
} edge;

static int cmp_edge(const void *x, const void *y)
{
	const edge *a = x, *b = y;
	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

typedef struct fpost {
	uint64_t h;
	uint32_t node;
} fpost;

static int cmp_fpost(const void *x, const void *y)
{
	const fpost *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return (a->node > b->node) - (a->node < b->node);
}

typedef struct ord {
	uint64_t fold;
	uint32_t art, sent;
} ord;

static int cmp_ord(const void *x, const void *y)
{
	const ord *a = x, *b = y;
	if (a->fold != b->fold)
		return a->fold < b->fold ? -1 : 1;
	if (a->art != b->art)
		return a->art < b->art ? -1 : 1;
	return (a->sent > b->sent) - (a->sent < b->sent);
}

/* Two groups with sentences of one article merge when the mean similarity
 * of their sentences from different articles reaches AVG_LINK (judged on
 * at most AVG_PAIRS_MAX pairs). */
#define AVG_LINK 0.2
/* Sentences sharing fewer features (words and bigrams, common ones not
 * counted) are not compared. */
#define MIN_SHARED    3
#define AVG_PAIRS_MAX 400

/* Sentence groups in narrative order. */
static wt_status build_groups(art *A, size_t na, double threshold, wt_collation *out)
{
	wt_status st = WT_ERR_NOMEM;
	size_t total = 0;
	for (size_t i = 0; i < na; i++)
		total += A[i].nsent;
	ord *o = malloc((total ? total : 1) * sizeof(*o));
	node *nodes = calloc(total ? total : 1, sizeof(*nodes));
	uint32_t **node_of = calloc(na ? na : 1, sizeof(*node_of));
	size_t nnodes = 0, k = 0;
	fpost *fp = NULL;
	edge *edges = NULL;
	uint32_t *parent = NULL;
	float *acc = NULL;
	uint32_t *touched = NULL;
	if (!o || !nodes || !node_of)
		goto done;
	for (size_t i = 0; i < na; i++) {
		node_of[i] = malloc((A[i].nsent ? A[i].nsent : 1) * sizeof(**node_of));
		if (!node_of[i])
			goto done;
		for (size_t s = 0; s < A[i].nsent; s++)
			o[k++] = (ord){A[i].sent[s].fold, (uint32_t)i, (uint32_t)s};
	}
	if (total)
		qsort(o, total, sizeof(*o), cmp_ord);
	/* nodes: distinct folded sentences */
	for (size_t i = 0; i < total; i++) {
		if (!nnodes || nodes[nnodes - 1].fold != o[i].fold) {
			nodes[nnodes].fold = o[i].fold;
			nodes[nnodes].s = &A[o[i].art].sent[o[i].sent];
			nnodes++;
		}
		node *n = &nodes[nnodes - 1];
		if (n->nocc == n->capocc) {
			size_t nc = n->capocc ? n->capocc * 2 : 2;
			occ *p = realloc(n->occ, nc * sizeof(*p));
			if (!p)
				goto done;
			n->occ = p, n->capocc = nc;
		}
		n->occ[n->nocc++] = (occ){o[i].art, o[i].sent};
		node_of[o[i].art][o[i].sent] = (uint32_t)(nnodes - 1);
	}
	/* inverted index over features */
	size_t nfp = 0;
	for (size_t i = 0; i < nnodes; i++)
		nfp += nodes[i].s->n;
	fp = malloc((nfp ? nfp : 1) * sizeof(*fp));
	if (!fp)
		goto done;
	nfp = 0;
	for (size_t i = 0; i < nnodes; i++)
		for (size_t f = 0; f < nodes[i].s->n; f++)
			fp[nfp++] = (fpost){nodes[i].s->h[f], (uint32_t)i};
	if (nfp)
		qsort(fp, nfp, sizeof(*fp), cmp_fpost);
	size_t cap_post = nnodes / 10 > 50 ? nnodes / 10 : 50;
	acc = calloc(nnodes ? nnodes : 1, sizeof(*acc));
	touched = malloc((nnodes ? nnodes : 1) * sizeof(*touched));
	if (!acc || !touched)
		goto done;
	/* for each node, the nodes sharing a feature with it */
	size_t nedges = 0, capedges = 0;
	for (size_t x = 0; x < nnodes; x++) {
		size_t nt = 0;
		const align_sent *sx = nodes[x].s;
		for (size_t f = 0; f < sx->n; f++) {
			/* binary search the posting of feature f */
			size_t lo = 0, hi = nfp;
			while (lo < hi) {
				size_t m = (lo + hi) / 2;
				if (fp[m].h < sx->h[f])
					lo = m + 1;
				else
					hi = m;
			}
			size_t e = lo;
			while (e < nfp && fp[e].h == sx->h[f])
				e++;
			if (e - lo > cap_post)
				continue;
			for (size_t j = lo; j < e; j++) {
				uint32_t y = fp[j].node;
				if (y <= x)
					continue;
				if (acc[y] == 0)
					touched[nt++] = y;
				acc[y] += 1;
			}
		}
		for (size_t t = 0; t < nt; t++) {
			uint32_t y = touched[t];
			float shared = acc[y];
			acc[y] = 0;
			if (shared < MIN_SHARED)
				continue;
			double s = align_sent_sim(sx, nodes[y].s);
			if (s < threshold)
				continue;
			if (nedges == capedges) {
				size_t nc = capedges ? capedges * 2 : 256;
				edge *pe = realloc(edges, nc * sizeof(*pe));
				if (!pe)
					goto done;
				edges = pe, capedges = nc;
			}
			edges[nedges++] = (edge){(uint32_t)x, y, (float)s};
		}
	}
	if (nedges)
		qsort(edges, nedges, sizeof(*edges), cmp_edge);
	/* merge, one sentence per article per group: articles as bitsets */
	size_t W = (na + 63) / 64;
	parent = malloc((nnodes ? nnodes : 1) * sizeof(*parent));
	uint64_t *bits = calloc((nnodes ? nnodes : 1) * W, sizeof(*bits));
	if (!parent || !bits) {
		free(bits);
		goto done;
	}
	for (size_t i = 0; i < nnodes; i++) {
		parent[i] = (uint32_t)i;
		for (size_t j = 0; j < nodes[i].nocc; j++) {
			uint32_t a = nodes[i].occ[j].art;
			bits[i * W + a / 64] |= 1ull << (a % 64);
		}
	}
	/* members of each root, to judge merges of groups that share an
	 * article: allowed when their sentences from different articles are
	 * similar on average (a restatement in one article) */
	uint32_t **mem = calloc(nnodes ? nnodes : 1, sizeof(*mem));
	uint32_t *nmem = calloc(nnodes ? nnodes : 1, sizeof(*nmem));
	for (size_t i = 0; mem && nmem && i < nnodes; i++)
		if ((mem[i] = malloc(sizeof(**mem))))
			mem[i][0] = (uint32_t)i, nmem[i] = 1;
	for (size_t i = 0; mem && nmem && i < nedges; i++) {
		uint32_t ra = uf_find(parent, edges[i].a), rb = uf_find(parent, edges[i].b);
		if (ra == rb || !mem[ra] || !mem[rb])
			continue;
		int overlap = 0;
		for (size_t w = 0; w < W && !overlap; w++)
			overlap = (bits[ra * W + w] & bits[rb * W + w]) != 0;
		if (overlap) {
			if ((size_t)nmem[ra] * nmem[rb] > AVG_PAIRS_MAX)
				continue;
			double sum = 0;
			size_t cnt = 0;
			for (size_t x = 0; x < nmem[ra]; x++)
				for (size_t y = 0; y < nmem[rb]; y++) {
					const node *nx = &nodes[mem[ra][x]],
					           *ny = &nodes[mem[rb][y]];
					if (nx->occ[0].art == ny->occ[0].art)
						continue;
					sum += align_sent_sim(nx->s, ny->s);
					cnt++;
				}
			if (!cnt || sum / (double)cnt < AVG_LINK)
				continue;
		}
		if (rb < ra) {
			uint32_t t = ra;
			ra = rb, rb = t;
		}
		uint32_t *p = realloc(mem[ra], (nmem[ra] + nmem[rb]) * sizeof(*p));
		if (!p)
			continue;
		memcpy(p + nmem[ra], mem[rb], nmem[rb] * sizeof(*p));
		mem[ra] = p, nmem[ra] += nmem[rb];
		free(mem[rb]), mem[rb] = NULL, nmem[rb] = 0;
		parent[rb] = ra;
		for (size_t w = 0; w < W; w++)
			bits[ra * W + w] |= bits[rb * W + w];
	}
	for (size_t i = 0; mem && i < nnodes; i++)
		free(mem[i]);
	free(mem), free(nmem);
	free(bits);
	/* group ids by root, in node order */
	uint32_t *gid = malloc((nnodes ? nnodes : 1) * sizeof(*gid));
	if (!gid)
		goto done;
	size_t ng = 0;
	for (size_t i = 0; i < nnodes; i++)
		gid[i] = UINT32_MAX;
	for (size_t i = 0; i < nnodes; i++) {
		uint32_t r = uf_find(parent, (uint32_t)i);
		if (gid[r] == UINT32_MAX)
			gid[r] = (uint32_t)ng++;
		gid[i] = gid[r];
	}
	/* support of each group: articles */
	size_t *support = calloc(ng ? ng : 1, sizeof(*support));
	size_t *score = calloc(na ? na : 1, sizeof(*score));
	uint32_t *next = malloc((ng + 1) * sizeof(*next)), *prev = malloc((ng + 1) * sizeof(*prev));
	double *key = malloc((ng + 1) * sizeof(*key)); /* increasing along the list */
	unsigned char *placed = calloc(ng ? ng : 1, 1);
	out->groups = calloc(ng ? ng : 1, sizeof(*out->groups));
	if (!support || !score || !next || !prev || !key || !placed || !out->groups) {
		free(prev), free(key);
		free(support), free(score), free(next), free(placed), free(gid);
		goto done;
	}
	for (size_t i = 0; i < nnodes; i++)
		support[gid[i]] += nodes[i].nocc;
	for (size_t a = 0; a < na; a++)
		for (size_t s = 0; s < A[a].nsent; s++)
			if (support[gid[node_of[a][s]]] > 1)
				score[a]++;
	/* order: spine first, then by shared support, then input order */
	size_t *aorder = malloc((na ? na : 1) * sizeof(*aorder));
	if (!aorder) {
		free(support), free(score), free(next), free(prev), free(key), free(placed),
		    free(gid);
		goto done;
	}
	for (size_t a = 0; a < na; a++)
		aorder[a] = a;
	for (size_t i = 1; i < na; i++) {
		size_t x = aorder[i], j = i;
		for (; j > 0 && score[aorder[j - 1]] < score[x]; j--)
			aorder[j] = aorder[j - 1];
		aorder[j] = x;
	}
	/* a doubly linked list with sentinel ng: each article's new groups go
	 * after the group of its previous sentence; those before its first
	 * placed group go right before that group (at the end when it has
	 * none) */
	next[ng] = prev[ng] = (uint32_t)ng;
	key[ng] = 0;
	for (size_t ai = 0; ai < na; ai++) {
		size_t a = aorder[ai];
		uint32_t anchor = UINT32_MAX;
		for (size_t s = 0; s < A[a].nsent && anchor == UINT32_MAX; s++)
			if (placed[gid[node_of[a][s]]])
				anchor = prev[gid[node_of[a][s]]];
		if (anchor == UINT32_MAX)
			anchor = prev[ng];
		for (size_t s = 0; s < A[a].nsent; s++) {
			uint32_t g = gid[node_of[a][s]];
			if (placed[g]) {
				/* never back: a group restated later in this
				 * article keeps its place */
				if (anchor == ng || key[g] > key[anchor])
					anchor = g;
				continue;
			}
			uint32_t nx = next[anchor];
			double k = nx == ng ? key[anchor] + 1 : (key[anchor] + key[nx]) / 2;
			if (!(k > key[anchor]) || (nx != ng && !(k < key[nx]))) {
				/* out of room between two keys: renumber */
				double v = 0;
				for (uint32_t x = next[ng]; x != ng; x = next[x])
					key[x] = ++v;
				k = nx == ng ? key[anchor] + 1 : (key[anchor] + key[nx]) / 2;
			}
			key[g] = k;
			next[g] = nx;
			prev[g] = anchor;
			prev[nx] = g;
			next[anchor] = g;
			placed[g] = 1;
			anchor = g;
		}
	}
	/* fill the groups in list order */
	uint32_t *rank = malloc((ng ? ng : 1) * sizeof(*rank));
	if (!rank) {
		free(support), free(score), free(next), free(prev), free(key), free(placed),
		    free(gid), free(aorder);
		goto done;
	}
	size_t r = 0;
	for (uint32_t g = next[ng]; g != ng; g = next[g])
		rank[g] = (uint32_t)r++;
	out->n_groups = ng;
	st = WT_OK;
	for (size_t i = 0; i < nnodes && st == WT_OK; i++) {
		wt_sentence_group *G = &out->groups[rank[gid[i]]];
		for (size_t j = 0; j < nodes[i].nocc; j++) {
			wt_cref *p = realloc(G->refs, (G->n_refs + 1) * sizeof(*p));
			if (!p) {
				st = WT_ERR_NOMEM;
				break;
			}
			G->refs = p;
			const align_sent *se = &A[nodes[i].occ[j].art].sent[nodes[i].occ[j].sent];
			if (cref_set(&G->refs[G->n_refs], nodes[i].occ[j].art,
			             A[nodes[i].occ[j].art].a, se->start, se->end)) {
				st = WT_ERR_NOMEM;
				break;
			}
			G->refs[G->n_refs].sentence = nodes[i].occ[j].sent;
			G->n_refs++;
		}
		G->n_variants++;
	}
	/* per group: refs in article order, representative, sources */
	for (size_t g = 0; g < ng && st == WT_OK; g++) {
		wt_sentence_group *G = &out->groups[g];
		for (size_t i = 1; i < G->n_refs; i++) {
			wt_cref x = G->refs[i];
			size_t j = i;
			for (; j > 0 && (G->refs[j - 1].article > x.article ||
			                 (G->refs[j - 1].article == x.article &&
			                  G->refs[j - 1].start > x.start));
			     j--)
				G->refs[j] = G->refs[j - 1];
			G->refs[j] = x;
		}
		double best = -1;
		for (size_t i = 0; i < G->n_refs; i++) {
			const align_sent *si = &A[G->refs[i].article].sent[G->refs[i].sentence];
			double sum = 0;
			for (size_t j = 0; j < G->n_refs; j++)
				if (j != i)
					sum += align_sent_sim(
					    si, &A[G->refs[j].article].sent[G->refs[j].sentence]);
			if (sum > best + 1e-12)
				best = sum, G->rep = i;
		}
		size_t arts = 0;
		for (size_t i = 0; i < G->n_refs; i++)
			if (!i || G->refs[i].article != G->refs[i - 1].article)
				arts++;
		G->n_articles = arts;
		G->unique = arts == 1;
	}
	free(support), free(score), free(next), free(prev), free(key), free(placed), free(gid),
	    free(aorder), free(rank);
done:
	for (size_t i = 0; nodes && i < nnodes; i++)
		free(nodes[i].occ);
	for (size_t i = 0; node_of && i < na; i++)
		free(node_of[i]);
	free(node_of), free(nodes), free(o), free(fp), free(edges), free(parent), free(acc),
	    free(touched);
	return st;
}

/* ------------------------------------------------------------- entities */

typedef struct mref {
	uint32_t art, idx;
	const coll_mention *m;
} mref;

static int cmp_mref_key(const void *x, const void *y)
{
	const mref *a = x, *b = y;
	int c = strcmp(a->m->key, b->m->key);
	if (c)
		return c;
	if (a->art != b->art)
		return a->art < b->art ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

typedef struct egroup {
	const char *key, *last, *initials;
	size_t count, maxtok;
	unsigned flags; /* OR of the mentions' flags */
	unsigned all_initial;
	size_t titled, speaker, place, org; /* mentions with each hint */
} egroup;

/* Entity of every mention: ent_of[art][idx] (SIZE_MAX: dropped). */
static wt_status build_entities(art *A, size_t na, wt_collation *out, size_t **ent_of)
{
	size_t total = 0;
	for (size_t i = 0; i < na; i++)
		total += A[i].nmen;
	mref *v = malloc((total ? total : 1) * sizeof(*v));
	if (!v)
		return WT_ERR_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < A[i].nmen; j++)
			v[k++] = (mref){(uint32_t)i, (uint32_t)j, &A[i].men[j]};
	if (total)
		qsort(v, total, sizeof(*v), cmp_mref_key);
	egroup *g = calloc(total ? total : 1, sizeof(*g));
	size_t *gof = malloc((total ? total : 1) * sizeof(*gof));
	uint32_t *parent = malloc((total ? total : 1) * sizeof(*parent));
	if (!g || !gof || !parent) {
		free(v), free(g), free(gof), free(parent);
		return WT_ERR_NOMEM;
	}
	size_t ng = 0;
	for (size_t i = 0; i < total; i++) {
		if (!ng || strcmp(g[ng - 1].key, v[i].m->key)) {
			g[ng].key = v[i].m->key;
			g[ng].last = v[i].m->last;
			g[ng].initials = v[i].m->initials;
			g[ng].all_initial = 1;
			ng++;
		}
		egroup *e = &g[ng - 1];
		e->count++;
		e->flags |= v[i].m->flags;
		unsigned mf = v[i].m->flags;
		e->titled += (mf & MENTION_TITLED) != 0;
		e->speaker += (mf & MENTION_SPEAKER) != 0;
		e->place += (mf & MENTION_PLACE) != 0;
		e->org += (mf & (MENTION_ORG | MENTION_ACRONYM)) != 0;
		if (!(v[i].m->flags & MENTION_INITIAL))
			e->all_initial = 0;
		if (v[i].m->ntok > e->maxtok)
			e->maxtok = v[i].m->ntok;
		gof[i] = ng - 1;
	}
	for (size_t i = 0; i < ng; i++)
		parent[i] = (uint32_t)i;
	/* acronyms: US -> United States (the most mentioned such name) */
	for (size_t i = 0; i < ng; i++) {
		if (!(g[i].flags & MENTION_ACRONYM) || strchr(g[i].key, ' ') || g[i].all_initial)
			continue;
		size_t best = SIZE_MAX;
		for (size_t j = 0; j < ng; j++)
			if (j != i && g[j].initials && !strcmp(g[j].initials, g[i].key) &&
			    (best == SIZE_MAX || g[j].count > g[best].count))
				best = j;
		if (best != SIZE_MAX)
			parent[uf_find(parent, (uint32_t)i)] = uf_find(parent, (uint32_t)best);
	}
	/* last names: Merz -> Friedrich Merz when only one person fits */
	for (size_t i = 0; i < ng; i++) {
		if (strchr(g[i].key, ' ') || (g[i].flags & MENTION_ACRONYM))
			continue;
		size_t found = SIZE_MAX, nfound = 0;
		for (size_t j = 0; j < ng; j++) {
			if (j == i || !strchr(g[j].key, ' ') || strcmp(g[j].last, g[i].key) ||
			    (g[j].flags & (MENTION_ORG | MENTION_ACRONYM)))
				continue;
			uint32_t r = uf_find(parent, (uint32_t)j);
			if (found == SIZE_MAX || uf_find(parent, (uint32_t)found) != r)
				nfound++;
			if (found == SIZE_MAX || g[j].count > g[found].count)
				found = j;
		}
		if (nfound == 1)
			parent[uf_find(parent, (uint32_t)i)] = uf_find(parent, (uint32_t)found);
	}
	/* entities: roots kept unless every mention only starts a sentence */
	size_t *eid = malloc((ng ? ng : 1) * sizeof(*eid));
	size_t *cnt = calloc((ng ? ng : 1) * 3, sizeof(*cnt)); /* person, org, place votes */
	int *initial_only = malloc((ng ? ng : 1) * sizeof(*initial_only));
	if (!eid || !cnt || !initial_only) {
		free(v), free(g), free(gof), free(parent), free(eid), free(cnt), free(initial_only);
		return WT_ERR_NOMEM;
	}
	for (size_t i = 0; i < ng; i++)
		initial_only[i] = 1;
	for (size_t i = 0; i < ng; i++) {
		uint32_t r = uf_find(parent, (uint32_t)i);
		cnt[3 * r] += 3 * g[i].titled + g[i].speaker;
		cnt[3 * r + 1] += 2 * g[i].org;
		cnt[3 * r + 2] += g[i].place;
		if (!g[i].all_initial)
			initial_only[r] = 0;
	}
	size_t ne = 0;
	for (size_t i = 0; i < ng; i++)
		eid[i] = SIZE_MAX;
	/* entity numbers in order of first mention (article, position) */
	for (size_t a = 0; a < na; a++)
		for (size_t j = 0; j < A[a].nmen; j++) {
			/* find the mention's group: binary search v by key */
			size_t lo = 0, hi = total;
			mref key = {(uint32_t)a, (uint32_t)j, &A[a].men[j]};
			while (lo < hi) {
				size_t m = (lo + hi) / 2;
				if (cmp_mref_key(&v[m], &key) < 0)
					lo = m + 1;
				else
					hi = m;
			}
			uint32_t r = uf_find(parent, (uint32_t)gof[lo]);
			if (initial_only[r]) {
				ent_of[a][j] = SIZE_MAX;
				continue;
			}
			if (eid[r] == SIZE_MAX)
				eid[r] = ne++;
			ent_of[a][j] = eid[r];
		}
	out->entities = calloc(ne ? ne : 1, sizeof(*out->entities));
	wt_status st = out->entities ? WT_OK : WT_ERR_NOMEM;
	out->n_entities = st == WT_OK ? ne : 0;
	for (size_t e = 0; e < out->n_entities; e++) {
		out->entities[e].mentions = calloc(na ? na : 1, sizeof(size_t));
		if (!out->entities[e].mentions)
			st = WT_ERR_NOMEM;
	}
	for (size_t i = 0; i < ng && st == WT_OK; i++) {
		uint32_t r = uf_find(parent, (uint32_t)i);
		if (eid[r] == SIZE_MAX)
			continue;
		wt_entity *E = &out->entities[eid[r]];
		/* kind by votes: titles weigh 3, organisation words and
		 * acronyms 2, speech verbs and place prepositions 1 */
		size_t person = cnt[3 * r], org = cnt[3 * r + 1], place = cnt[3 * r + 2];
		E->kind = person > org && person > place ? WT_ENT_PERSON
		          : org && org >= place          ? WT_ENT_ORG
		          : place                        ? WT_ENT_PLACE
		                                         : WT_ENT_OTHER;
	}
	/* refs, aliases and names */
	for (size_t a = 0; a < na && st == WT_OK; a++)
		for (size_t j = 0; j < A[a].nmen && st == WT_OK; j++) {
			size_t e = ent_of[a][j];
			if (e == SIZE_MAX)
				continue;
			wt_entity *E = &out->entities[e];
			const coll_mention *m = &A[a].men[j];
			wt_cref *p = realloc(E->refs, (E->n_refs + 1) * sizeof(*p));
			if (!p ||
			    (E->refs = p, cref_set(&p[E->n_refs], a, A[a].a, m->start, m->end))) {
				st = WT_ERR_NOMEM;
				break;
			}
			E->n_refs++;
			E->mentions[a]++;
			size_t k = 0;
			while (k < E->n_aliases && strcmp(E->aliases[k], m->surface))
				k++;
			if (k == E->n_aliases) {
				char **q = realloc(E->aliases, (k + 1) * sizeof(*q));
				if (!q || !(q[k] = xstrdup(m->surface))) {
					if (q)
						E->aliases = q;
					st = WT_ERR_NOMEM;
					break;
				}
				E->aliases = q;
				E->n_aliases++;
			}
		}
	/* name: the most frequent of the longest spellings */
	for (size_t e = 0; e < out->n_entities && st == WT_OK; e++) {
		wt_entity *E = &out->entities[e];
		size_t best = 0, bestn = 0, besttok = 0;
		for (size_t k = 0; k < E->n_aliases; k++) {
			size_t toks = 1, n = 0;
			for (const char *p = E->aliases[k]; *p; p++)
				toks += *p == ' ';
			for (size_t r = 0; r < E->n_refs; r++)
				n += !strcmp(E->refs[r].text, E->aliases[k]);
			if (toks > besttok || (toks == besttok && n > bestn))
				best = k, bestn = n, besttok = toks;
		}
		E->name = E->n_aliases ? xstrdup(E->aliases[best]) : xstrdup("");
		if (!E->name)
			st = WT_ERR_NOMEM;
	}
	free(v), free(g), free(gof), free(parent), free(eid), free(cnt), free(initial_only);
	return st;
}

/* ---------------------------------------------------------------- quotes */

typedef struct qv {
	uint32_t art, idx;
	uint64_t *h; /* folded word hashes */
	size_t n;
	uint64_t fold;
	uint64_t *set; /* its distinct hashes, sorted (a cheap filter before LCS) */
	size_t nset;
} qv;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t set_common(const qv *a, const qv *b)
{
	size_t i = 0, j = 0, n = 0;
	while (i < a->nset && j < b->nset) {
		if (a->set[i] < b->set[j])
			i++;
		else if (a->set[i] > b->set[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

static int cmp_qv(const void *x, const void *y)
{
	const qv *a = x, *b = y;
	if (a->fold != b->fold)
		return a->fold < b->fold ? -1 : 1;
	if (a->art != b->art)
		return a->art < b->art ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Length of the longest common subsequence of two word sequences. */
static size_t lcs(const uint64_t *a, size_t n, const uint64_t *b, size_t m, size_t *row)
{
	for (size_t j = 0; j <= m; j++)
		row[j] = 0;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = 0;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			row[j] = a[i - 1] == b[j - 1] ? diag + 1
			                              : (row[j] > row[j - 1] ? row[j] : row[j - 1]);
			diag = up;
		}
	}
	return row[m];
}

/* Is b (shorter) a contiguous run of a? */
static int contiguous(const uint64_t *a, size_t n, const uint64_t *b, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (!memcmp(a + i, b, m * sizeof(*b)))
			return 1;
	return 0;
}

/* The word view of a quote reference. */
static const qv *find_qv(const qv *v, const art *A, size_t *const *q_of, const wt_quote_ref *R)
{
	size_t a = R->ref.article, j = 0;
	while (j + 1 < A[a].nq && A[a].q[j].start != R->ref.start)
		j++;
	return &v[q_of[a][j]];
}

static wt_status build_quotes(art *A, size_t na, size_t **ent_of, wt_doc *d, wt_collation *out)
{
	size_t total = 0;
	for (size_t i = 0; i < na; i++)
		total += A[i].nq;
	qv *v = calloc(total ? total : 1, sizeof(*v));
	if (!v)
		return WT_ERR_NOMEM;
	wt_status st = WT_OK;
	size_t k = 0, maxn = 0;
	for (size_t i = 0; i < na && st == WT_OK; i++)
		for (size_t j = 0; j < A[i].nq; j++) {
			const char *t = A[i].q[j].text;
			if ((st = wt_doc_analyze(d, t, strlen(t))) != WT_OK)
				break;
			size_t nt;
			const wt_token *tk = wt_doc_tokens(d, &nt);
			v[k].art = (uint32_t)i, v[k].idx = (uint32_t)j;
			v[k].h = malloc((nt ? nt : 1) * sizeof(*v[k].h));
			if (!v[k].h) {
				st = WT_ERR_NOMEM;
				break;
			}
			for (size_t x = 0; x < nt; x++)
				v[k].h[x] = XXH3_64bits(tk[x].norm, tk[x].norm_len);
			v[k].n = nt;
			v[k].fold = XXH3_64bits(v[k].h, nt * sizeof(*v[k].h));
			v[k].set = malloc((nt ? nt : 1) * sizeof(*v[k].set));
			if (!v[k].set) {
				st = WT_ERR_NOMEM;
				k++;
				break;
			}
			memcpy(v[k].set, v[k].h, nt * sizeof(*v[k].h));
			qsort(v[k].set, nt, sizeof(*v[k].set), cmp_u64);
			size_t u = 0;
			for (size_t x = 0; x < nt; x++)
				if (!u || v[k].set[u - 1] != v[k].set[x])
					v[k].set[u++] = v[k].set[x];
			v[k].nset = u;
			if (nt > maxn)
				maxn = nt;
			k++;
		}
	size_t nv = k;
	size_t *row = malloc((maxn + 1) * sizeof(*row));
	uint32_t *parent = malloc((nv ? nv : 1) * sizeof(*parent));
	if (st == WT_OK && (!row || !parent))
		st = WT_ERR_NOMEM;
	if (st != WT_OK)
		goto done;
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_qv);
	for (size_t i = 0; i < nv; i++)
		parent[i] = (uint32_t)i;
	/* identical ones, then distinct wordings compared pairwise */
	for (size_t i = 1; i < nv; i++)
		if (v[i].fold == v[i - 1].fold)
			parent[uf_find(parent, (uint32_t)i)] = uf_find(parent, (uint32_t)(i - 1));
	for (size_t i = 0; i < nv; i++) {
		if (!v[i].n || (i && v[i].fold == v[i - 1].fold))
			continue;
		for (size_t j = i + 1; j < nv; j++) {
			if (!v[j].n || v[j].fold == v[j - 1].fold)
				continue;
			const qv *s = v[i].n <= v[j].n ? &v[i] : &v[j],
			         *l = s == &v[i] ? &v[j] : &v[i];
			if (s->n < 3)
				continue; /* short ones link only when identical */
			if (uf_find(parent, (uint32_t)i) == uf_find(parent, (uint32_t)j))
				continue;
			size_t shorter = s->nset < l->nset ? s->nset : l->nset;
			if (2 * set_common(s, l) < shorter)
				continue; /* cannot share 80% of the words in order */
			size_t c = lcs(s->h, s->n, l->h, l->n, row);
			if ((double)c >= 0.8 * (double)s->n && c >= 3)
				parent[uf_find(parent, (uint32_t)j)] = uf_find(parent, (uint32_t)i);
		}
	}
	/* groups in order of first occurrence (article, position) */
	size_t *qid = malloc((nv ? nv : 1) * sizeof(*qid));
	size_t **q_of = calloc(na ? na : 1, sizeof(*q_of));
	if (!qid || !q_of) {
		free(qid), free(q_of);
		st = WT_ERR_NOMEM;
		goto done;
	}
	for (size_t a = 0; a < na && st == WT_OK; a++)
		if (!(q_of[a] = malloc((A[a].nq ? A[a].nq : 1) * sizeof(size_t))))
			st = WT_ERR_NOMEM;
	for (size_t i = 0; i < nv && st == WT_OK; i++)
		q_of[v[i].art][v[i].idx] = i;
	size_t nq = 0;
	for (size_t i = 0; i < nv; i++)
		qid[i] = SIZE_MAX;
	out->quotes = calloc(nv ? nv : 1, sizeof(*out->quotes));
	if (!out->quotes)
		st = WT_ERR_NOMEM;
	for (size_t a = 0; a < na && st == WT_OK; a++)
		for (size_t j = 0; j < A[a].nq && st == WT_OK; j++) {
			size_t i = q_of[a][j];
			uint32_t r = uf_find(parent, (uint32_t)i);
			if (qid[r] == SIZE_MAX)
				qid[r] = nq++;
			wt_quote *Q = &out->quotes[qid[r]];
			const coll_quote *cq = &A[a].q[j];
			wt_quote_ref *p = realloc(Q->refs, (Q->n_refs + 1) * sizeof(*p));
			if (!p) {
				st = WT_ERR_NOMEM;
				break;
			}
			Q->refs = p;
			wt_quote_ref *R = &p[Q->n_refs];
			memset(R, 0, sizeof(*R));
			R->ref.article = a;
			R->ref.start = cq->start;
			R->ref.end = cq->end;
			R->ref.text = xstrdup(cq->text);
			R->entity = -1;
			if (cq->sp_end) {
				R->speaker_as_written = span_dup(A[a].a, cq->sp_start, cq->sp_end);
				R->speaker_start = cq->sp_start;
				R->speaker_end = cq->sp_end;
				for (size_t x = 0; x < A[a].nmen; x++)
					if (A[a].men[x].start == cq->sp_start &&
					    ent_of[a][x] != SIZE_MAX)
						R->entity = (ptrdiff_t)ent_of[a][x];
			}
			R->pronoun = cq->pronoun;
			R->inherited = cq->inherited;
			R->words = cq->words;
			if (!R->ref.text || (cq->sp_end && !R->speaker_as_written)) {
				free(R->ref.text), free(R->speaker_as_written);
				st = WT_ERR_NOMEM;
				break;
			}
			Q->n_refs++;
		}
	out->n_quotes = nq;
	/* main wording, relations, speaker */
	for (size_t g = 0; g < nq && st == WT_OK; g++) {
		wt_quote *Q = &out->quotes[g];
		size_t main = 0;
		for (size_t r = 1; r < Q->n_refs; r++)
			if (Q->refs[r].words > Q->refs[main].words)
				main = r;
		const qv *M = find_qv(v, A, q_of, &Q->refs[main]);
		Q->main = main;
		Q->text = xstrdup(Q->refs[main].ref.text);
		for (size_t r = 0; r < Q->n_refs; r++) {
			wt_quote_ref *R = &Q->refs[r];
			const qv *X = find_qv(v, A, q_of, R);
			if (X->fold == M->fold)
				R->relation = WT_QUOTE_SAME;
			else if (contiguous(M->h, M->n, X->h, X->n))
				R->relation = WT_QUOTE_SHORTER;
			else {
				R->relation = WT_QUOTE_VARIANT;
				Q->differs = 1;
			}
		}
		Q->fragment = Q->refs[main].words < 4;
		/* speaker: the entity most refs name, else the words of the first */
		Q->entity = -1;
		size_t bestc = 0;
		for (size_t r = 0; r < Q->n_refs; r++) {
			if (Q->refs[r].entity < 0)
				continue;
			size_t c = 0;
			for (size_t x = 0; x < Q->n_refs; x++)
				c += Q->refs[x].entity == Q->refs[r].entity;
			if (c > bestc)
				bestc = c, Q->entity = Q->refs[r].entity;
		}
		if (Q->entity >= 0)
			Q->speaker = xstrdup(out->entities[Q->entity].name);
		else
			for (size_t r = 0; r < Q->n_refs && !Q->speaker; r++)
				if (Q->refs[r].speaker_as_written && !Q->refs[r].pronoun)
					Q->speaker = xstrdup(Q->refs[r].speaker_as_written);
		size_t arts = 0;
		for (size_t r = 0; r < Q->n_refs; r++) {
			int seen = 0;
			for (size_t x = 0; x < r; x++)
				seen |= Q->refs[x].ref.article == Q->refs[r].ref.article;
			arts += !seen;
		}
		Q->n_articles = arts;
		if (!Q->text)
			st = WT_ERR_NOMEM;
	}
	for (size_t a = 0; a < na; a++)
		free(q_of[a]);
	free(q_of), free(qid);
done:
	for (size_t i = 0; i < k; i++)
		free(v[i].h), free(v[i].set);
	free(v), free(row), free(parent);
	return st;
}

/* --------------------------------------------------------------- numbers */

typedef struct nref {
	uint32_t art, idx;
	const coll_number *x;
} nref;

static int cmp_nref(const void *p, const void *q)
{
	const nref *a = p, *b = q;
	int c = strcmp(a->x->kind, b->x->kind);
	if (!c)
		c = strcmp(a->x->unit, b->x->unit);
	if (!c && a->x->value != b->x->value)
		c = a->x->value < b->x->value ? -1 : 1;
	if (!c && a->art != b->art)
		c = a->art < b->art ? -1 : 1;
	if (!c)
		c = (a->idx > b->idx) - (a->idx < b->idx);
	return c;
}

static size_t ctx_shared(const coll_number *a, const coll_number *b)
{
	size_t i = 0, j = 0, s = 0;
	while (i < a->nctx && j < b->nctx) {
		if (a->ctx[i] < b->ctx[j])
			i++;
		else if (a->ctx[i] > b->ctx[j])
			j++;
		else
			s++, i++, j++;
	}
	return s;
}

static double ctx_jaccard(const coll_number *a, const coll_number *b)
{
	size_t s = ctx_shared(a, b), u = a->nctx + b->nctx - s;
	return u ? (double)s / (double)u : 0;
}

static int same_head(const coll_number *a, const coll_number *b)
{
	return a->head && b->head && !strcmp(a->head, b->head);
}

/* Do two mentions with the same value tell the same fact? */
static int same_fact(const coll_number *a, const coll_number *b)
{
	return same_head(a, b) || ctx_shared(a, b) >= 2 || ctx_jaccard(a, b) >= 0.15;
}

/* Do two mentions with different values describe the same quantity? */
static const char *conflict(const coll_number *a, const coll_number *b)
{
	if (strcmp(a->kind, b->kind) || strcmp(a->unit, b->unit))
		return NULL;
	double hi = fabs(a->value) > fabs(b->value) ? fabs(a->value) : fabs(b->value);
	if (hi == 0 || fabs(a->value - b->value) <= 0.02 * hi)
		return NULL;
	if (a->qualifier == LEX_Q_BOUND || b->qualifier == LEX_Q_BOUND)
		return NULL; /* "more than 3" does not contradict 5 */
	if (!strcmp(a->kind, "duration") && a->concept && b->concept &&
	    !strcmp(a->concept, b->concept))
		return "same event, different durations";
	if (same_head(a, b) && (ctx_shared(a, b) >= 2 || ctx_jaccard(a, b) >= 0.25))
		return "same quantity, different values";
	return NULL;
}

static wt_status build_numbers(art *A, size_t na, wt_collation *out)
{
	size_t total = 0;
	for (size_t i = 0; i < na; i++)
		total += A[i].nnum;
	nref *v = malloc((total ? total : 1) * sizeof(*v));
	uint32_t *parent = malloc((total ? total : 1) * sizeof(*parent));
	size_t *fid = malloc((total ? total : 1) * sizeof(*fid));
	if (!v || !parent || !fid) {
		free(v), free(parent), free(fid);
		return WT_ERR_NOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < A[i].nnum; j++)
			v[k++] = (nref){(uint32_t)i, (uint32_t)j, &A[i].num[j]};
	/* facts: same kind, unit and value, same noun or context; counts
	 * without a shared noun or context stay apart */
	if (total)
		qsort(v, total, sizeof(*v), cmp_nref);
	for (size_t i = 0; i < total; i++)
		parent[i] = (uint32_t)i;
	for (size_t i = 0; i < total; i++)
		for (size_t j = i + 1; j < total; j++) {
			if (strcmp(v[i].x->kind, v[j].x->kind) ||
			    strcmp(v[i].x->unit, v[j].x->unit) || v[i].x->value != v[j].x->value)
				break;
			if (same_fact(v[i].x, v[j].x))
				parent[uf_find(parent, (uint32_t)j)] = uf_find(parent, (uint32_t)i);
		}
	size_t nf = 0;
	for (size_t i = 0; i < total; i++)
		fid[i] = SIZE_MAX;
	for (size_t i = 0; i < total; i++) {
		uint32_t r = uf_find(parent, (uint32_t)i);
		if (fid[r] == SIZE_MAX)
			fid[r] = nf++;
		fid[i] = fid[r];
	}
	out->numbers = calloc(nf ? nf : 1, sizeof(*out->numbers));
	wt_status st = out->numbers ? WT_OK : WT_ERR_NOMEM;
	out->n_numbers = st == WT_OK ? nf : 0;
	for (size_t i = 0; i < total && st == WT_OK; i++) {
		wt_number *N = &out->numbers[fid[i]];
		const coll_number *x = v[i].x;
		if (!N->n_refs) {
			N->value = x->value;
			N->unit = xstrdup(x->unit);
			N->kind = xstrdup(x->kind);
			N->display = xstrdup(x->display);
			N->head = xstrdup(x->head);
			if (!N->unit || !N->kind || !N->display || (x->head && !N->head)) {
				st = WT_ERR_NOMEM;
				break;
			}
		}
		wt_number_ref *p = realloc(N->refs, (N->n_refs + 1) * sizeof(*p));
		if (!p) {
			st = WT_ERR_NOMEM;
			break;
		}
		N->refs = p;
		memset(&p[N->n_refs], 0, sizeof(*p));
		if (cref_set(&p[N->n_refs].ref, v[i].art, A[v[i].art].a, x->start, x->end)) {
			st = WT_ERR_NOMEM;
			break;
		}
		p[N->n_refs].qualifier = x->qualifier;
		N->n_refs++;
		if (N->n_refs == 1 || N->refs[N->n_refs - 2].ref.article != v[i].art)
			N->n_articles++;
	}
	/* discrepancies between facts, once per pair of facts */
	size_t cap = 0;
	for (size_t i = 0; i < total && st == WT_OK; i++)
		for (size_t j = i + 1; j < total && st == WT_OK; j++) {
			if (strcmp(v[i].x->kind, v[j].x->kind) ||
			    strcmp(v[i].x->unit, v[j].x->unit))
				break;
			if (fid[i] == fid[j])
				continue;
			const char *why = conflict(v[i].x, v[j].x);
			if (!why)
				continue;
			size_t fa = fid[i] < fid[j] ? fid[i] : fid[j],
			       fb = fid[i] < fid[j] ? fid[j] : fid[i];
			int dup = 0;
			for (size_t d = 0; d < out->n_discrepancies && !dup; d++)
				dup =
				    out->discrepancies[d].a == fa && out->discrepancies[d].b == fb;
			if (dup)
				continue;
			if (out->n_discrepancies == cap) {
				size_t nc = cap ? cap * 2 : 8;
				wt_discrepancy *p = realloc(out->discrepancies, nc * sizeof(*p));
				if (!p) {
					st = WT_ERR_NOMEM;
					break;
				}
				out->discrepancies = p, cap = nc;
			}
			wt_discrepancy *D = &out->discrepancies[out->n_discrepancies];
			memset(D, 0, sizeof(*D));
			const nref *x = fid[i] == fa ? &v[i] : &v[j],
			           *y = x == &v[i] ? &v[j] : &v[i];
			D->a = fa, D->b = fb;
			D->within = x->art == y->art;
			D->reason = xstrdup(why);
			if (!D->reason ||
			    cref_set(&D->a_ref, x->art, A[x->art].a, x->x->start, x->x->end) ||
			    cref_set(&D->b_ref, y->art, A[y->art].a, y->x->start, y->x->end)) {
				free(D->reason), free(D->a_ref.text), free(D->b_ref.text);
				st = WT_ERR_NOMEM;
				break;
			}
			out->n_discrepancies++;
		}
	free(v), free(parent), free(fid);
	return st;
}

/* ---------------------------------------------------------------- public */

wt_status wt_collate(wt_article *const *arts, size_t n, const wt_collate_options *opt,
                     wt_collation *out)
{
	memset(out, 0, sizeof(*out));
	wt_collate_options defaults;
	if (!opt) {
		wt_collate_options_init(&defaults);
		opt = &defaults;
	}
	if (opt->max_articles && n > opt->max_articles)
		n = opt->max_articles;
	wt_termstats *ts = wt_termstats_create();
	wt_doc *d = wt_doc_create();
	art *A = calloc(n ? n : 1, sizeof(*A));
	size_t **ent_of = calloc(n ? n : 1, sizeof(*ent_of));
	out->articles = calloc(n ? n : 1, sizeof(*out->articles));
	wt_status st = ts && d && A && ent_of && out->articles ? WT_OK : WT_ERR_NOMEM;
	for (size_t i = 0; i < n && st == WT_OK; i++)
		st = align_termstats_add(ts, arts[i]->text ? arts[i]->text : "", arts[i]->text_len);
	size_t done = 0;
	for (size_t i = 0; i < n && st == WT_OK; i++, done++)
		st = art_analyze(&A[i], arts[i], ts, d);
	if (st == WT_OK)
		out->n_articles = n;
	for (size_t i = 0; i < out->n_articles && st == WT_OK; i++) {
		wt_coll_article *C = &out->articles[i];
		C->id = xstrdup(arts[i]->id);
		C->source = xstrdup(arts[i]->source);
		C->title = xstrdup(arts[i]->title);
		C->published = xstrdup(arts[i]->published);
		if ((arts[i]->id && !C->id) || (arts[i]->source && !C->source) ||
		    (arts[i]->title && !C->title) || (arts[i]->published && !C->published))
			st = WT_ERR_NOMEM;
		if (!(ent_of[i] = malloc((A[i].nmen ? A[i].nmen : 1) * sizeof(size_t))))
			st = WT_ERR_NOMEM;
	}
	if (st == WT_OK)
		st = build_groups(A, n, opt->sentence_threshold, out);
	if (st == WT_OK)
		st = build_entities(A, n, out, ent_of);
	if (st == WT_OK)
		st = build_quotes(A, n, ent_of, d, out);
	if (st == WT_OK)
		st = build_numbers(A, n, out);
	for (size_t i = 0; i < done; i++)
		art_release(&A[i]);
	for (size_t i = 0; ent_of && i < n; i++)
		free(ent_of[i]);
	free(ent_of);
	free(A);
	wt_doc_destroy(d);
	wt_termstats_destroy(ts);
	if (st != WT_OK)
		wt_collation_release(out);
	return st;
}

void wt_collation_release(wt_collation *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_articles; i++)
		free(c->articles[i].id), free(c->articles[i].source), free(c->articles[i].title),
		    free(c->articles[i].published);
	free(c->articles);
	for (size_t i = 0; c->groups && i < c->n_groups; i++) {
		for (size_t j = 0; j < c->groups[i].n_refs; j++)
			free(c->groups[i].refs[j].text);
		free(c->groups[i].refs);
	}
	free(c->groups);
	for (size_t i = 0; c->quotes && i < c->n_quotes; i++) {
		for (size_t j = 0; j < c->quotes[i].n_refs; j++)
			free(c->quotes[i].refs[j].ref.text),
			    free(c->quotes[i].refs[j].speaker_as_written);
		free(c->quotes[i].refs), free(c->quotes[i].text), free(c->quotes[i].speaker);
	}
	free(c->quotes);
	for (size_t i = 0; c->numbers && i < c->n_numbers; i++) {
		for (size_t j = 0; j < c->numbers[i].n_refs; j++)
			free(c->numbers[i].refs[j].ref.text);
		free(c->numbers[i].refs), free(c->numbers[i].unit), free(c->numbers[i].kind),
		    free(c->numbers[i].display), free(c->numbers[i].head);
	}
	free(c->numbers);
	for (size_t i = 0; i < c->n_discrepancies; i++)
		free(c->discrepancies[i].reason), free(c->discrepancies[i].a_ref.text),
		    free(c->discrepancies[i].b_ref.text);
	free(c->discrepancies);
	for (size_t i = 0; c->entities && i < c->n_entities; i++) {
		wt_entity *E = &c->entities[i];
		for (size_t j = 0; j < E->n_refs; j++)
			free(E->refs[j].text);
		for (size_t j = 0; j < E->n_aliases; j++)
			free(E->aliases[j]);
		free(E->refs), free(E->aliases), free(E->mentions), free(E->name);
	}
	free(c->entities);
	memset(c, 0, sizeof(*c));
}

const char *wt_entity_kind_name(wt_entity_kind k)
{
	static const char *const n[] = {"person", "place", "organisation", "other"};
	return (unsigned)k < 4 ? n[k] : "other";
}

const char *wt_quote_relation_name(wt_quote_relation r)
{
	static const char *const n[] = {"same", "shorter", "variant"};
	return (unsigned)r < 3 ? n[r] : "variant";
}
