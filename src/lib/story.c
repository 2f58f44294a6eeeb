/*
 * story.c - online story grouping: each new article joins the most similar
 * recent story or starts one, without re-clustering (as news aggregators
 * do).
 *
 * An article becomes a sparse vector of terms from its body and title:
 * content words (stopwords and one- or two-letter words out), names folded
 * across transliterations (Zelenskiy, Zelensky, Zelenskyy -> "zelensk"),
 * numbers of three or more digits. A term weighs tf x idf, doubled for names
 * and numbers and for words of the title; idf comes from the document
 * frequencies seen so far (updated as articles arrive). The vector keeps its
 * TERMS_MAX heaviest terms and is normalized.
 *
 * A story is the sum of its articles' vectors (its centroid, also cut to
 * CENTROID_MAX terms) plus its date range. Candidate stories come from an
 * inverted index over centroid terms (the newest POSTING_MAX stories of
 * each term, lsh_ring), looked up with the article's
 * heaviest QUERY_TERMS terms (never a scan of all stories); stories whose
 * last article is more than window_days away from the article's date are
 * skipped (aged out). The score is the cosine between the article and the
 * centroid; the best story at or above the threshold wins, otherwise the
 * article starts a story. After a join, a candidate story whose centroid
 * now reaches merge_threshold with the joined one is merged into it.
 */
#include "internal.h"
#include "lexicon.h"
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#define TERMS_MAX    64
#define CENTROID_MAX 128
#define QUERY_TERMS  12
#define POSTING_MAX  128 /* postings walked per query term at most, newest first */
#define SCORED_MAX   64  /* candidates scored: those most query terms lead to */
#define HITS_CAP     31

typedef story_term term;

typedef struct story {
	term *c; /* centroid, sorted by h */
	size_t nc;
	double norm;
	uint32_t size;
	char *label; /* title of its most central article */
	double label_score;
} story;

/* What candidate retrieval reads of every story it reaches, kept apart
 * from the centroids in dense arrays (fewer cache misses). */
typedef struct story_hot {
	int32_t first_day, last_day; /* -1 unknown */
	uint32_t mark, hits;         /* candidate bookkeeping of the current add */
} story_hot;

struct wt_stories {
	wt_story_options o;
	story *s;
	uint32_t *merged_into; /* per story; UINT32_MAX: alive */
	story_hot *hot;        /* per story */
	size_t n, cap;
	/* term -> stories (chained, newest first) */
	lsh_ring index;   /* term -> the newest POSTING_MAX stories indexed under it */
	wt_termstats *df; /* document frequencies */
	wt_doc *doc;
	uint64_t merges;
	uint32_t last_merges[16][2]; /* (gone, into) during the last add */
	size_t n_last_merges;
	uint32_t gen;            /* stamp of the current add (story_hot.mark) */
	uint32_t *cand, *sorted; /* candidate scratch, cand_cap each */
	size_t cand_cap;
	wt_buf merge, cut, fresh; /* centroid_add()'s scratch arrays */
};

void wt_story_options_init(wt_story_options *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = 0.2;
	o->merge_threshold = 0.5;
	o->window_days = 3;
}

wt_stories *wt_stories_create(const wt_story_options *o)
{
	wt_stories *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (o)
		s->o = *o;
	else
		wt_story_options_init(&s->o);
	lsh_ring_init(&s->index, POSTING_MAX);
	s->doc = wt_doc_create();
	s->df = wt_termstats_create();
	if (!s->doc || !s->df) {
		wt_doc_destroy(s->doc);
		wt_termstats_destroy(s->df);
		free(s);
		return NULL;
	}
	return s;
}

void wt_stories_destroy(wt_stories *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->s[i].c), free(s->s[i].label);
	free(s->s);
	free(s->merged_into), free(s->hot);
	free(s->cand), free(s->sorted);
	buf_release(&s->merge), buf_release(&s->cut), buf_release(&s->fresh);
	lsh_ring_release(&s->index);
	wt_termstats_destroy(s->df);
	wt_doc_destroy(s->doc);
	free(s);
}

/* ---------------------------------------------------------------- terms */

/* At most 7 letters each (is_stopword() skips longer words). */
static const char *const stop[] = {
    "about",  "after", "again",   "also",    "and",     "any",   "are",   "because", "been",
    "before", "being", "between", "both",    "but",     "can",   "could", "did",     "does",
    "during", "each",  "for",     "from",    "further", "had",   "has",   "have",    "having",
    "her",    "here",  "hers",    "him",     "his",     "how",   "into",  "its",     "just",
    "more",   "most",  "not",     "now",     "off",     "once",  "only",  "other",   "our",
    "out",    "over",  "own",     "said",    "same",    "says",  "she",   "should",  "some",
    "such",   "than",  "that",    "the",     "their",   "them",  "then",  "there",   "these",
    "they",   "this",  "those",   "through", "too",     "under", "until", "very",    "was",
    "were",   "what",  "when",    "where",   "which",   "while", "who",   "whom",    "why",
    "will",   "with",  "would",   "you",     "your"};

/* The stop words as a hash set (lex_set, made for each article: a few
 * hundred nanoseconds, where a binary search of strings for every token
 * took a fifth of the story terms' time). */
static int is_stopword(const lex_set *stop_set, const char *w, size_t n)
{
	if (n > 7)
		return 0; /* longer than any of them ("because"): most content words */
	return lex_set_has(stop_set, w, n);
}

/* A name folded across transliterations (lexicon.c). */
static uint64_t name_key(const char *w, size_t n)
{
	char buf[64];
	size_t m = lex_name_fold(w, n, buf, sizeof buf);
	return XXH3_64bits_withSeed(buf, m, 0x4E414D45u);
}

void story_terms_release(story_terms *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Appends the terms of the text `d` was last analyzed on (text[0..len)),
 * weighted by boost. 0 ok, -1 out of memory. */
static int story_terms_add(story_terms *t, const wt_doc *d, const char *text, size_t len,
                           float boost, const lex_set *stop_set)
{
	size_t nt;
	const wt_token *tok = wt_doc_tokens(d, &nt);
	for (size_t i = 0; i < nt; i++) {
		float w = boost;
		uint64_t h;
		if (tok[i].flags & (WT_TOK_NUMBER | WT_TOK_PERCENT)) {
			if (tok[i].norm_len < 3)
				continue;
			h = XXH3_64bits(tok[i].norm, tok[i].norm_len);
			w *= 2;
		} else {
			if (tok[i].norm_len < 3 ||
			    is_stopword(stop_set, tok[i].norm, tok[i].norm_len))
				continue;
			unsigned char c0 = (unsigned char)text[tok[i].start];
			int name = c0 >= 'A' && c0 <= 'Z';
			if (!name && c0 >= 0x80) {
				int32_t cp;
				utf8_decode((const unsigned char *)text + tok[i].start,
				            len - tok[i].start, &cp);
				name = utf8_is_upper(cp);
			}
			/* a capitalized word after a sentence end is not a name */
			if (name && i > 0) {
				size_t k = tok[i].start;
				while (k > tok[i - 1].end &&
				       (text[k - 1] == ' ' || text[k - 1] == '"' ||
				        text[k - 1] == '\n'))
					k--;
				if (k > 0 && (text[k - 1] == '.' || text[k - 1] == '?' ||
				              text[k - 1] == '!'))
					name = 0;
			} else if (name && i == 0) {
				name = 0;
			}
			if (name) {
				h = name_key(tok[i].norm, tok[i].norm_len);
				w *= 2;
			} else {
				h = XXH3_64bits(tok[i].norm, tok[i].norm_len);
			}
		}
		if (t->n == t->cap) {
			size_t nc = t->cap ? t->cap * 2 : 512;
			story_term *p = realloc(t->v, nc * sizeof(*p));
			if (!p)
				return -1;
			t->v = p, t->cap = nc;
		}
		t->v[t->n++] = (story_term){h ? h : 1, w};
	}
	return 0;
}

static void swap_terms(term *a, term *b)
{
	term t = *a;
	*a = *b;
	*b = t;
}

/* Terms by hash (qsort()'s indirect comparisons took a sixth of the time
 * of building an article's terms). */
#define TERM_KEY(t) ((t).h)
SKETCH_SORT_BY_KEY(sort_by_hash, term, TERM_KEY)

void story_terms_finish(story_terms *t)
{
	if (t->n > 1)
		sort_by_hash(t->v, t->n);
	size_t m = 0;
	for (size_t i = 0; i < t->n;) {
		size_t j = i;
		float boost = 0;
		while (j < t->n && t->v[j].h == t->v[i].h) {
			if (t->v[j].w > boost)
				boost = t->v[j].w;
			j++;
		}
		/* sublinear tf */
		t->v[m++] = (term){t->v[i].h, (float)(1 + log((double)(j - i))) * boost};
		i = j;
	}
	t->n = m;
}

wt_status story_terms_from_body(story_terms *t, wt_doc *d, const wt_article *a, const char *body,
                                size_t len)
{
	wt_status st = WT_OK;
	lex_set stop_set;
	lex_set_init(&stop_set, stop, sizeof(stop) / sizeof(stop[0]));
	if (story_terms_add(t, d, body, len, 1, &stop_set))
		st = WT_ERR_NOMEM;
	if (st == WT_OK && a->title) {
		size_t tl = strlen(a->title);
		st = text_tokenize(d, a->title, tl);
		if (st == WT_OK && story_terms_add(t, d, a->title, tl, 2, &stop_set))
			st = WT_ERR_NOMEM;
	}
	if (st == WT_OK)
		story_terms_finish(t);
	return st;
}

wt_status story_terms_of(story_terms *t, wt_doc *d, const wt_article *a)
{
	size_t len;
	char *body = wt_article_body(a, &len);
	if (!body)
		return WT_ERR_NOMEM;
	wt_status st = text_tokenize(d, body, len);
	if (st == WT_OK)
		st = story_terms_from_body(t, d, a, body, len);
	free(body);
	return st;
}

/* The order of a query's terms: heavier first, ties by hash (a total
 * order, so the result does not depend on the input order). */
static int heavier(const term *a, const term *b)
{
	return a->w > b->w || (a->w == b->w && a->h < b->h);
}

/* Partitions a[0..n) so that a[0..k) holds its k heaviest terms (in the
 * order of heavier(), a total order), in no particular order: quickselect,
 * linear on average where sorting everything was n log n. */
static void select_heaviest(term *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1 && k > lo && k < hi) {
		/* median of three as the pivot, moved to the end */
		size_t mid = lo + (hi - lo) / 2, last = hi - 1;
		if (heavier(&a[mid], &a[lo]))
			swap_terms(&a[mid], &a[lo]);
		if (heavier(&a[last], &a[lo]))
			swap_terms(&a[last], &a[lo]);
		if (heavier(&a[mid], &a[last]))
			swap_terms(&a[mid], &a[last]);
		term pivot = a[last];
		size_t store = lo;
		for (size_t i = lo; i < last; i++)
			if (heavier(&a[i], &pivot))
				swap_terms(&a[i], &a[store++]);
		swap_terms(&a[store], &a[last]);
		/* a[lo..store) heavier than the pivot, a[store] the pivot */
		if (store + 1 == k || store == k)
			return;
		if (store > k)
			hi = store;
		else
			lo = store + 1;
	}
}

static double idf(const wt_stories *s, uint32_t df)
{
	return log((double)(termstats_docs(s->df) + 1) / (double)(df + 1)) + 1;
}

/* The article's normalized vector from its finished terms, at most
 * TERMS_MAX terms, heaviest first; updates document frequencies. */
static int article_vector(wt_stories *s, const story_terms *t, term **out, size_t *nout)
{
	size_t m = t->n;
	term *v = malloc((m ? m : 1) * sizeof(*v));
	if (!v)
		return -1;
	if (m)
		memcpy(v, t->v, m * sizeof(*v));
	termstats_add_doc(s->df);
	/* the terms are distinct: each one's count after its own increment is
	 * its count after the article's */
	for (size_t i = 0; i < m; i++) {
		uint32_t df;
		if (termstats_incr(s->df, v[i].h, &df)) {
			free(v);
			return -1;
		}
		v[i].w *= (float)idf(s, df);
	}
	if (m > TERMS_MAX) {
		select_heaviest(v, m, TERMS_MAX);
		m = TERMS_MAX;
	}
	/* at most TERMS_MAX: insertion sort, heaviest first */
	for (size_t i = 1; i < m; i++) {
		term x = v[i];
		size_t j = i;
		for (; j > 0 && heavier(&x, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	double norm = 0;
	for (size_t i = 0; i < m; i++)
		norm += (double)v[i].w * v[i].w;
	norm = sqrt(norm);
	for (size_t i = 0; i < m && norm > 0; i++)
		v[i].w = (float)(v[i].w / norm);
	/* query order (heaviest first) is kept in the first QUERY_TERMS; the
	 * caller sorts by hash afterwards */
	*out = v;
	*nout = m;
	return 0;
}

static double dot(const term *a, size_t na, const term *b, size_t nb)
{
	size_t i = 0, j = 0;
	double d = 0;
	while (i < na && j < nb) {
		if (a[i].h < b[j].h)
			i++;
		else if (a[i].h > b[j].h)
			j++;
		else
			d += (double)a[i].w * b[j].w, i++, j++;
	}
	return d;
}

/* -------------------------------------------------------------- stories */

static uint32_t alive(const wt_stories *s, uint32_t id)
{
	while (s->merged_into[id] != UINT32_MAX)
		id = s->merged_into[id];
	return id;
}

/* centroid += v (both sorted by hash), cut to CENTROID_MAX, reindexed */
static int centroid_add(wt_stories *s, uint32_t id, const term *v, size_t nv, double scale)
{
	story *st = &s->s[id];
	if (buf_reserve(&s->merge, (st->nc + nv) * sizeof(term)) ||
	    buf_reserve(&s->cut, (st->nc + nv) * sizeof(term)) ||
	    buf_reserve(&s->fresh, nv * sizeof(uint64_t)))
		return -1;
	term *m = (term *)(void *)s->merge.p;
	uint64_t *fresh = (uint64_t *)(void *)s->fresh.p;
	size_t i = 0, j = 0, k = 0, nf = 0;
	while (i < st->nc || j < nv) {
		if (j >= nv || (i < st->nc && st->c[i].h < v[j].h)) {
			m[k++] = st->c[i++];
		} else if (i >= st->nc || v[j].h < st->c[i].h) {
			fresh[nf++] = v[j].h;
			m[k++] = (term){v[j].h, (float)(v[j].w * scale)}, j++;
		} else {
			m[k++] = (term){v[j].h, (float)(st->c[i].w + v[j].w * scale)}, i++, j++;
		}
	}
	if (k > CENTROID_MAX) {
		/* keep the CENTROID_MAX heaviest, in hash order */
		term *w = (term *)(void *)s->cut.p;
		memcpy(w, m, k * sizeof(*w));
		select_heaviest(w, k, CENTROID_MAX);
		term cut = w[0];
		for (size_t x = 1; x < CENTROID_MAX; x++)
			if (heavier(&cut, &w[x]))
				cut = w[x];
		size_t kept = 0;
		for (size_t x = 0; x < k; x++)
			if (!heavier(&cut, &m[x]))
				m[kept++] = m[x];
		k = kept;
	}
	if (k != st->nc || !st->c) {
		term *c = realloc(st->c, (k ? k : 1) * sizeof(*c));
		if (!c)
			return -1;
		st->c = c;
	}
	memcpy(st->c, m, k * sizeof(*m));
	st->nc = k;
	double norm = 0;
	for (size_t x = 0; x < k; x++)
		norm += (double)m[x].w * m[x].w;
	st->norm = sqrt(norm);
	/* index the story under the terms it did not have (a term cut from
	 * the centroid stays indexed: the cosine decides) */
	for (size_t x = 0; x < nf; x++)
		if (lsh_ring_add(&s->index, fresh[x], id))
			return -1;
	return 0;
}

static int new_story(wt_stories *s, uint32_t *id)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 256;
		story *p = realloc(s->s, nc * sizeof(*p));
		if (p)
			s->s = p;
		uint32_t *m = p ? realloc(s->merged_into, nc * sizeof(*m)) : NULL;
		if (m)
			s->merged_into = m;
		story_hot *h = m ? realloc(s->hot, nc * sizeof(*h)) : NULL;
		if (!h)
			return -1;
		s->hot = h;
		s->cap = nc;
	}
	memset(&s->s[s->n], 0, sizeof(story));
	s->hot[s->n] = (story_hot){-1, -1, 0, 0};
	s->merged_into[s->n] = UINT32_MAX;
	*id = (uint32_t)s->n++;
	return 0;
}

static void touch_days(story_hot *st, long day)
{
	if (day < 0)
		return;
	if (st->first_day < 0 || day < st->first_day)
		st->first_day = (int32_t)day;
	if (st->last_day < 0 || day > st->last_day)
		st->last_day = (int32_t)day;
}

static int in_window(const wt_stories *s, const story_hot *st, long day)
{
	if (s->o.window_days <= 0 || day < 0 || st->last_day < 0)
		return 1;
	return day <= st->last_day + s->o.window_days && day >= st->first_day - s->o.window_days;
}

/* Candidate stories (alive, in the date window) reached from the article's
 * heaviest terms (v in query order), into s->cand[0..*n): at most
 * SCORED_MAX, those reached by the most terms (ties: first reached, that is
 * newest). 0 ok, -1 out of memory. */
static int collect_candidates(wt_stories *s, const term *v, size_t nv, long day, size_t *n)
{
	if (++s->gen == 0) {
		for (size_t i = 0; i < s->n; i++)
			s->hot[i].mark = 0;
		s->gen = 1;
	}
	size_t nc = 0;
	size_t q = nv < QUERY_TERMS ? nv : QUERY_TERMS;
	for (size_t i = 0; i < q; i++) {
		const lsh_list *l = lsh_ring_find(&s->index, v[i].h);
		for (size_t e = 0; l && e < l->n; e++) {
			uint32_t c = alive(s, lsh_list_at(l, e));
			story_hot *cs = &s->hot[c];
			if (cs->mark != s->gen) {
				cs->mark = s->gen;
				cs->hits = in_window(s, cs, day) ? 0 : UINT32_MAX;
				if (cs->hits == UINT32_MAX)
					continue;
				if (nc == s->cand_cap) {
					size_t ncap = s->cand_cap ? s->cand_cap * 2 : 256;
					uint32_t *p = realloc(s->cand, ncap * sizeof(*p));
					uint32_t *p2 =
					    p ? realloc(s->sorted, ncap * sizeof(*p2)) : NULL;
					if (p)
						s->cand = p;
					if (!p2)
						return -1;
					s->sorted = p2, s->cand_cap = ncap;
				}
				s->cand[nc++] = c;
			}
			if (cs->hits < HITS_CAP)
				cs->hits++;
		}
	}
	if (nc > SCORED_MAX) {
		/* a stable counting sort by hits, most first */
		size_t start[HITS_CAP + 2] = {0};
		for (size_t i = 0; i < nc; i++)
			start[HITS_CAP - s->hot[s->cand[i]].hits + 1]++;
		for (size_t h = 1; h <= HITS_CAP + 1; h++)
			start[h] += start[h - 1];
		for (size_t i = 0; i < nc; i++)
			s->sorted[start[HITS_CAP - s->hot[s->cand[i]].hits]++] = s->cand[i];
		memcpy(s->cand, s->sorted, SCORED_MAX * sizeof(*s->cand));
		nc = SCORED_MAX;
	}
	*n = nc;
	return 0;
}

wt_status wt_stories_add(wt_stories *s, const wt_article *a, int forced, uint32_t *story_id,
                         double *score)
{
	story_terms t = {0};
	wt_status st = story_terms_of(&t, s->doc, a);
	if (st == WT_OK)
		st = stories_add_terms(s, a, &t, forced, story_id, score);
	story_terms_release(&t);
	return st;
}

wt_status stories_add_terms(wt_stories *s, const wt_article *a, const story_terms *t, int forced,
                            uint32_t *story_id, double *score)
{
	term *v;
	size_t nv;
	s->n_last_merges = 0;
	if (article_vector(s, t, &v, &nv))
		return WT_ERR_NOMEM;
	long day = date_days(a->published);
	size_t nc = 0;
	if (collect_candidates(s, v, nv, day, &nc)) {
		free(v);
		return WT_ERR_NOMEM;
	}
	const uint32_t *cand = s->cand;
	sort_by_hash(v, nv);
	uint32_t best = UINT32_MAX;
	double bs = 0;
	for (size_t i = 0; i < nc; i++) {
		story *st = &s->s[cand[i]];
		if (st->norm <= 0)
			continue;
		double c = dot(v, nv, st->c, st->nc) / st->norm;
		if (c > bs || (c == bs && cand[i] < best))
			bs = c, best = cand[i];
	}
	wt_status st = WT_OK;
	uint32_t id = 0;
	if (forced >= 0) {
		/* replay: story numbers up to `forced` exist (empty ones were
		 * merged away) */
		while (st == WT_OK && s->n <= (size_t)forced)
			if (new_story(s, &id))
				st = WT_ERR_NOMEM;
		best = alive(s, (uint32_t)forced);
		bs = s->s[best].norm > 0 ? dot(v, nv, s->s[best].c, s->s[best].nc) / s->s[best].norm
		                         : 0;
		id = best;
	} else if (best != UINT32_MAX && bs >= s->o.threshold) {
		id = best;
	} else {
		bs = 0;
		if (new_story(s, &id))
			st = WT_ERR_NOMEM;
	}
	if (st == WT_OK && centroid_add(s, id, v, nv, 1.0))
		st = WT_ERR_NOMEM;
	if (st == WT_OK) {
		story *sp = &s->s[id];
		sp->size++;
		touch_days(&s->hot[id], day);
		/* label: the title of the article closest to the centroid */
		double central = sp->norm > 0 ? dot(v, nv, sp->c, sp->nc) / sp->norm : 0;
		if (a->title && (!sp->label || central > sp->label_score)) {
			char *l = wt_strndup(a->title, strlen(a->title));
			if (l) {
				free(sp->label);
				sp->label = l;
				sp->label_score = central;
			}
		}
		/* converging stories: a candidate now close to this one merges in
		 * (the lower number survives) */
		for (size_t i = 0; st == WT_OK && forced < 0 && i < nc; i++) {
			uint32_t o = alive(s, cand[i]);
			if (o == id)
				continue;
			story *os = &s->s[o];
			if (os->norm <= 0 || sp->norm <= 0 || !in_window(s, &s->hot[o], day))
				continue;
			double c = dot(sp->c, sp->nc, os->c, os->nc) / (sp->norm * os->norm);
			if (c >= s->o.merge_threshold) {
				uint32_t keep = o < id ? o : id, gone = o < id ? id : o;
				story *ks = &s->s[keep], *gs = &s->s[gone];
				if (centroid_add(s, keep, gs->c, gs->nc, 1.0)) {
					st = WT_ERR_NOMEM;
					break;
				}
				ks = &s->s[keep], gs = &s->s[gone];
				ks->size += gs->size;
				touch_days(&s->hot[keep], s->hot[gone].first_day);
				touch_days(&s->hot[keep], s->hot[gone].last_day);
				s->merged_into[gone] = keep;
				gs->size = 0;
				s->merges++;
				if (s->n_last_merges < 16) {
					s->last_merges[s->n_last_merges][0] = gone;
					s->last_merges[s->n_last_merges][1] = keep;
					s->n_last_merges++;
				}
				id = keep;
				sp = &s->s[id];
			}
		}
	}
	free(v);
	if (st == WT_OK) {
		*story_id = id;
		if (score)
			*score = bs;
	}
	return st;
}

uint32_t wt_stories_resolve(const wt_stories *s, uint32_t id)
{
	return id < s->n ? alive(s, id) : id;
}

const char *wt_stories_label(const wt_stories *s, uint32_t id)
{
	if (id >= s->n)
		return NULL;
	return s->s[alive(s, id)].label;
}

uint64_t wt_stories_merges(const wt_stories *s)
{
	return s->merges;
}

size_t wt_stories_last_merges(const wt_stories *s, uint32_t (*pairs)[2], size_t max)
{
	size_t n = s->n_last_merges < max ? s->n_last_merges : max;
	memcpy(pairs, s->last_merges, n * sizeof(*pairs));
	return n;
}

size_t wt_stories_count(const wt_stories *s)
{
	return s->n;
}

/* ------------------------------------------------------------ save/load */

#define STATE_MAGIC 0x32535457u /* "WTS2" (WTS1 had a chained story index) */

wt_status stories_save(const wt_stories *s, state_io *w)
{
	uint32_t magic = STATE_MAGIC;
	double th[2] = {s->o.threshold, s->o.merge_threshold};
	int64_t win = s->o.window_days;
	uint64_t n[2] = {s->n, s->merges};
	state_put(w, &magic, sizeof magic);
	state_put(w, th, sizeof th);
	state_put(w, &win, sizeof win);
	state_put(w, n, sizeof n);
	for (size_t i = 0; i < s->n && !w->err; i++) {
		const story *st = &s->s[i];
		uint32_t u[3] = {(uint32_t)st->nc, st->size,
		                 st->label ? (uint32_t)strlen(st->label) : UINT32_MAX};
		double d[2] = {st->norm, st->label_score};
		state_put(w, u, sizeof u);
		state_put(w, d, sizeof d);
		if (st->label)
			state_put(w, st->label, u[2]);
		state_put(w, st->c, st->nc * sizeof(*st->c));
	}
	if (s->n) {
		state_put(w, s->merged_into, s->n * sizeof(*s->merged_into));
		state_put(w, s->hot, s->n * sizeof(*s->hot));
	}
	lsh_ring_save(&s->index, w);
	termstats_save(s->df, w);
	return w->err ? WT_ERR_IO : WT_OK;
}

wt_status stories_load(wt_stories *s, state_io *r)
{
	uint32_t magic = 0;
	double th[2] = {0, 0};
	int64_t win = 0;
	uint64_t n[2] = {0, 0};
	state_get(r, &magic, sizeof magic);
	state_get(r, th, sizeof th);
	state_get(r, &win, sizeof win);
	state_get(r, n, sizeof n);
	if (r->err || magic != STATE_MAGIC || n[0] > UINT32_MAX || s->n)
		return WT_ERR_STORE;
	if (th[0] != s->o.threshold || th[1] != s->o.merge_threshold || win != s->o.window_days)
		return WT_ERR_ARG;
	for (uint64_t i = 0; i < n[0]; i++) {
		uint32_t id;
		if (new_story(s, &id))
			return WT_ERR_NOMEM;
		story *st = &s->s[id];
		uint32_t u[3] = {0, 0, 0};
		double d[2] = {0, 0};
		state_get(r, u, sizeof u);
		state_get(r, d, sizeof d);
		if (r->err || u[0] > CENTROID_MAX || (u[2] != UINT32_MAX && u[2] > 1u << 20))
			return WT_ERR_STORE;
		st->size = u[1], st->norm = d[0], st->label_score = d[1];
		if (u[2] != UINT32_MAX) {
			if (!(st->label = malloc((size_t)u[2] + 1)))
				return WT_ERR_NOMEM;
			state_get(r, st->label, u[2]);
			st->label[u[2]] = 0;
		}
		st->c = state_get_array(r, u[0], sizeof(*st->c));
		st->nc = st->c ? u[0] : 0;
		if (r->err)
			return WT_ERR_STORE;
	}
	if (s->n) {
		state_get(r, s->merged_into, s->n * sizeof(*s->merged_into));
		state_get(r, s->hot, s->n * sizeof(*s->hot));
	}
	for (size_t i = 0; i < s->n && !r->err; i++) {
		/* merges point to lower numbers: no cycles */
		if (s->merged_into[i] != UINT32_MAX && s->merged_into[i] >= i)
			return WT_ERR_STORE;
		s->hot[i].mark = s->hot[i].hits = 0;
	}
	lsh_ring_load(&s->index, r, (uint32_t)s->n);
	termstats_load(s->df, r);
	if (r->err)
		return WT_ERR_STORE;
	s->merges = n[1];
	s->gen = 0;
	return WT_OK;
}
