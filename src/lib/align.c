/*
 * align.c - what two articles share, token by token and sentence by
 * sentence.
 *
 * Each article is seen through its body tokens (wt_doc tokens outside the
 * removed spans, offsets into the original text) with flags: inside quoted
 * speech, number, capitalized name, stopword.
 *
 * Passages: word 4-grams that occur at most ANCHOR_MAX times in each text
 * are anchors; anchors on one diagonal form exact runs; runs are tiled
 * greedily, longest first, without overlap (repeated text cannot make one
 * span count twice); tiles that follow each other in both texts with gaps
 * of at most GAP_MAX tokens are chained into one passage, each gap aligned
 * by edit distance (matches, substitutions, insertions, deletions). A
 * passage whose tokens are quoted speech on both sides is marked `quote`:
 * two reports quoting one speaker is not reuse.
 *
 * Sentences: a monotone dynamic program maps sentences of A to sentences of
 * B in order, maximizing the summed similarity of mapped pairs whose
 * similarity reaches SENT_MATCH and is within NEAR_BEST of the best match of
 * both sentences (weighted Dice over content words and
 * bigrams, IDF weights, numbers and names doubled).
 *
 * Collation's sentences (align_sentences) match more loosely: spelled-out
 * numbers as digits, possessives dropped, and a place name as the country
 * it stands for ("Washington", "U.S.", "American" -> the United States), a
 * key align_termstats_add() counts too so that its IDF is known.
 */
#include "internal.h"
#include "lexicon.h"
#include "sketch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define NGRAM       4
#define ANCHOR_MAX  4       /* anchors: 4-grams at most this often per text */
#define GAP_MAX     20      /* tokens bridged between two tiles */
#define PASSAGE_MIN 8       /* matched tokens for a passage to count */
#define SENT_MATCH  0.25    /* similarity for two sentences to map in order */
#define PARAPHRASE  0.5     /* similarity for one sentence pair on its own */
#define NEAR_BEST   0.9     /* a mapped pair is within 10% of both sentences' best */
#define SOLID       0.8     /* identity of a passage that counts as copied text */
#define SENT_CELLS  4000000 /* sentence pairs compared at most per article pair */

enum { F_QUOTE = 1, F_NUMBER = 2, F_NAME = 4, F_STOP = 8 };

/* ------------------------------------------------------------ term stats */

struct wt_termstats {
	uint64_t *keys; /* 0 = empty slot (hash 0 is mapped to 1) */
	uint32_t *df;
	size_t cap, n;
	uint64_t docs;
};

wt_termstats *wt_termstats_create(void)
{
	return calloc(1, sizeof(wt_termstats));
}

void wt_termstats_destroy(wt_termstats *t)
{
	if (!t)
		return;
	free(t->keys);
	free(t->df);
	free(t);
}

void termstats_save(const wt_termstats *t, state_io *w)
{
	uint64_t hdr[3] = {t->cap, t->n, t->docs};
	state_put(w, hdr, sizeof hdr);
	state_put(w, t->keys, t->cap * sizeof(*t->keys));
	state_put(w, t->df, t->cap * sizeof(*t->df));
}

void termstats_load(wt_termstats *t, state_io *r)
{
	uint64_t hdr[3] = {0};
	state_get(r, hdr, sizeof hdr);
	if (r->err || (hdr[0] & (hdr[0] - 1)) || hdr[1] > hdr[0] || hdr[1] * 2 > hdr[0]) {
		r->err = 1;
		return;
	}
	t->keys = state_get_array(r, hdr[0], sizeof(*t->keys));
	t->df = state_get_array(r, hdr[0], sizeof(*t->df));
	if (r->err) {
		free(t->keys), free(t->df);
		t->keys = NULL, t->df = NULL;
		return;
	}
	size_t used = 0;
	for (size_t i = 0; i < hdr[0]; i++)
		used += t->keys[i] != 0;
	if (used != hdr[1]) { /* probing relies on free slots */
		free(t->keys), free(t->df);
		t->keys = NULL, t->df = NULL;
		r->err = 1;
		return;
	}
	t->cap = hdr[0], t->n = hdr[1], t->docs = hdr[2];
}

static uint32_t *ts_slot(const wt_termstats *t, uint64_t k)
{
	if (!t || !t->cap)
		return NULL;
	size_t i = (size_t)sketch_mix(k) & (t->cap - 1);
	while (t->keys[i] && t->keys[i] != k)
		i = (i + 1) & (t->cap - 1);
	return t->keys[i] ? &t->df[i] : NULL;
}

static int ts_grow(wt_termstats *t)
{
	size_t nc = t->cap ? t->cap * 2 : 4096;
	uint64_t *k = calloc(nc, sizeof(*k));
	uint32_t *d = calloc(nc, sizeof(*d));
	if (!k || !d) {
		free(k), free(d);
		return -1;
	}
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys[i]) {
			size_t j = (size_t)sketch_mix(t->keys[i]) & (nc - 1);
			while (k[j])
				j = (j + 1) & (nc - 1);
			k[j] = t->keys[i];
			d[j] = t->df[i];
		}
	free(t->keys), free(t->df);
	t->keys = k, t->df = d, t->cap = nc;
	return 0;
}

/* Counts one more document for key k; its count after, in *df when given. */
static int ts_incr(wt_termstats *t, uint64_t k, uint32_t *df)
{
	if ((t->n + 1) * 2 > t->cap && ts_grow(t))
		return -1;
	size_t i = (size_t)sketch_mix(k) & (t->cap - 1);
	while (t->keys[i] && t->keys[i] != k)
		i = (i + 1) & (t->cap - 1);
	if (!t->keys[i]) {
		t->keys[i] = k;
		t->n++;
	}
	t->df[i]++;
	if (df)
		*df = t->df[i];
	return 0;
}

static uint64_t tok_hash(const wt_token *t)
{
	uint64_t h = XXH3_64bits(t->norm, t->norm_len);
	return h ? h : 1;
}

static size_t place_at(const wt_token *tk, size_t nt, size_t i, const char *text, size_t len,
                       uint64_t *h);

/* Document frequencies of a text's tokens; with `places`, also of the
 * country of each place name (the key collation matches it by). */
static wt_status termstats_add(wt_termstats *t, const char *text, size_t len, int places)
{
	wt_doc *d = wt_doc_create();
	if (!d)
		return WT_ERR_NOMEM;
	wt_status st = wt_doc_analyze(d, text, len);
	size_t n = 0;
	const wt_token *tk = st == WT_OK ? wt_doc_tokens(d, &n) : NULL;
	uint64_t *h = malloc((2 * n + 1) * sizeof(*h));
	if (st == WT_OK && !h)
		st = WT_ERR_NOMEM;
	if (st == WT_OK) {
		size_t m = n;
		for (size_t i = 0; i < n; i++) {
			h[i] = tok_hash(&tk[i]);
			if (places && place_at(tk, n, i, text, len, &h[m]))
				m++;
		}
		n = m;
		sketch_sort_u64(h, n);
		for (size_t i = 0; i < n && st == WT_OK; i++)
			if ((i == 0 || h[i] != h[i - 1]) && ts_incr(t, h[i], NULL))
				st = WT_ERR_NOMEM;
		t->docs++;
	}
	free(h);
	wt_doc_destroy(d);
	return st;
}

wt_status wt_termstats_add(wt_termstats *t, const char *text, size_t len)
{
	return termstats_add(t, text, len, 0);
}

wt_status align_termstats_add(wt_termstats *t, const char *text, size_t len)
{
	return termstats_add(t, text, len, 1);
}

int termstats_incr(wt_termstats *t, uint64_t h, uint32_t *df)
{
	return ts_incr(t, h ? h : 1, df);
}

uint64_t termstats_docs(const wt_termstats *t)
{
	return t->docs;
}

void termstats_add_doc(wt_termstats *t)
{
	t->docs++;
}

static double idf(const wt_termstats *t, uint64_t h)
{
	if (!t || !t->docs)
		return 1.0;
	uint32_t *df = ts_slot(t, h);
	double n = (double)t->docs, f = df ? *df : 0;
	return log((n + 1) / (f + 1)) + 1;
}

/* -------------------------------------------------------------- stopwords */

static const char *const stopwords[] = {
    "a",     "about", "after", "again", "all",    "also", "an",     "and",   "any",   "are",
    "as",    "at",    "be",    "been",  "before", "but",  "by",     "can",   "could", "did",
    "do",    "does",  "for",   "from",  "had",    "has",  "have",   "he",    "her",   "his",
    "i",     "if",    "in",    "into",  "is",     "it",   "its",    "just",  "more",  "most",
    "no",    "not",   "now",   "of",    "on",     "one",  "only",   "or",    "other", "our",
    "out",   "over",  "s",     "said",  "says",   "she",  "should", "so",    "some",  "such",
    "than",  "that",  "the",   "their", "them",   "then", "there",  "these", "they",  "this",
    "those", "to",    "told",  "under", "up",     "us",   "very",   "was",   "we",    "were",
    "what",  "when",  "where", "which", "while",  "who",  "will",   "with",  "would", "you"};

static int is_stop(const wt_token *t)
{
	return lex_find(stopwords, sizeof(stopwords) / sizeof(stopwords[0]), t->norm,
	                t->norm_len) >= 0;
}

/* ------------------------------------------------------------ token views */

typedef struct tview {
	size_t n;
	uint64_t *h;
	size_t *s, *e;
	uint8_t *f;
	size_t nsent;
	size_t *sent; /* first token of each sentence; sent[nsent] = n */
	size_t *ss;   /* byte offset where each sentence starts in the text */
} tview;

static void tview_free(tview *v)
{
	free(v->h), free(v->s), free(v->e), free(v->f), free(v->sent), free(v->ss);
	memset(v, 0, sizeof(*v));
}

/* Is there a quote character at t[i]? Returns its length, 0 if none. */
static size_t quote_char(const char *t, size_t n, size_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '"')
		return 1;
	if (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80) {
		unsigned char d = (unsigned char)t[i + 2];
		if (d == 0x9C || d == 0x9D || d == 0x9E) /* “ ” „ */
			return 3;
	}
	if (c == 0xC2 && i + 1 < n &&
	    ((unsigned char)t[i + 1] == 0xAB || (unsigned char)t[i + 1] == 0xBB))
		return 2; /* « » */
	return 0;
}

static int is_name_at(const char *t, size_t n, size_t i)
{
	int32_t cp;
	utf8_decode((const unsigned char *)t + i, n - i, &cp);
	return (cp >= 'A' && cp <= 'Z') || (cp > 127 && cp != 0xFFFD && utf8_is_upper(cp));
}

/* A place name at doc token i: sets *h to its country's key and returns
 * the number of tokens it spans, else 0. It must be capitalised, its words
 * one space apart; "US" and "U.S." (folded "us") only in capitals; a
 * possessive ends it ("Kyiv's"). */
static size_t place_at(const wt_token *tk, size_t nt, size_t i, const char *text, size_t len,
                       uint64_t *h)
{
	if (!(tk[i].flags & WT_TOK_WORD) || !is_name_at(text, len, tk[i].start))
		return 0;
	const char *w[4];
	size_t l[4], n = 0;
	for (size_t j = i; j < nt && n < 4; j++) {
		if (!(tk[j].flags & WT_TOK_WORD) ||
		    (j > i && (tk[j].start != tk[j - 1].end + 1 || text[tk[j - 1].end] != ' ')))
			break;
		w[n] = tk[j].norm, l[n] = tk[j].norm_len;
		int poss = l[n] > 2 && w[n][l[n] - 2] == '\'' && w[n][l[n] - 1] == 's';
		l[n] -= poss ? 2 : 0;
		n++;
		if (poss)
			break;
	}
	size_t used = 0;
	const char *key;
	if (l[0] == 2 && memcmp(w[0], "us", 2) == 0) {
		for (size_t b = tk[i].start; b < tk[i].end; b++)
			if (text[b] >= 'a' && text[b] <= 'z')
				return 0;
		key = "united states", used = 1;
	} else if (!(key = lex_place(w, l, n, &used))) {
		return 0;
	}
	*h = XXH3_64bits_withSeed(key, strlen(key), 0x706c616365u /* "place" */);
	if (!*h)
		*h = 1;
	return used;
}

/* Hash of a token for matching; `loose` also folds spelled-out numbers to
 * digits ("Five" = "5") and drops a possessive ("NATO's" = "NATO"). */
static uint64_t tok_hash_loose(const wt_token *t)
{
	double v;
	size_t n = t->norm_len;
	if (lex_number_word(t->norm, n, &v) == LEX_NUM_CARDINAL && v < 100) {
		char b[8];
		int k = snprintf(b, sizeof b, "%d", (int)v);
		uint64_t h = XXH3_64bits(b, (size_t)k);
		return h ? h : 1;
	}
	if (n > 2 && t->norm[n - 2] == '\'' && t->norm[n - 1] == 's') {
		uint64_t h = XXH3_64bits(t->norm, n - 2);
		return h ? h : 1;
	}
	return tok_hash(t);
}

static wt_status tview_build_mode(tview *v, wt_doc *d, const wt_article *a, int loose);

static wt_status tview_build(tview *v, wt_doc *d, const wt_article *a)
{
	return tview_build_mode(v, d, a, 0);
}

static wt_status tview_build_mode(tview *v, wt_doc *d, const wt_article *a, int loose)
{
	memset(v, 0, sizeof(*v));
	const char *text = a->text ? a->text : "";
	size_t len = a->text ? a->text_len : 0;
	wt_status st = wt_doc_analyze(d, text, len);
	if (st != WT_OK)
		return st;
	size_t nt, ns;
	const wt_token *tk = wt_doc_tokens(d, &nt);
	const wt_sentence *se = wt_doc_sentences(d, &ns);
	size_t cap = nt ? nt : 1;
	v->h = malloc(cap * sizeof(*v->h));
	v->s = malloc(cap * sizeof(*v->s));
	v->e = malloc(cap * sizeof(*v->e));
	v->f = malloc(cap);
	v->sent = malloc((ns + 1) * sizeof(*v->sent));
	v->ss = malloc((ns + 1) * sizeof(*v->ss));
	size_t *map = malloc(cap * sizeof(*map)); /* doc token -> view token */
	if (!v->h || !v->s || !v->e || !v->f || !v->sent || !v->ss || !map) {
		free(map);
		tview_free(v);
		return WT_ERR_NOMEM;
	}
	size_t r = 0, qpos = 0;
	int inq = 0;
	for (size_t i = 0; i < nt; i++) {
		/* quote state at the token: count quote marks before it */
		for (; qpos < tk[i].start; qpos++) {
			size_t ql = quote_char(text, len, qpos);
			if (ql) {
				inq = !inq;
				qpos += ql - 1;
			}
			if (text[qpos] == '\n' && qpos + 1 < len && text[qpos + 1] == '\n')
				inq = 0; /* a paragraph ends any quote */
		}
		while (r < a->n_removed && a->removed[r].end <= tk[i].start)
			r++;
		map[i] = (size_t)-1;
		if (r < a->n_removed && a->removed[r].start < tk[i].end)
			continue; /* inside a removed span */
		size_t k = v->n++;
		map[i] = k;
		v->h[k] = loose ? tok_hash_loose(&tk[i]) : tok_hash(&tk[i]);
		v->s[k] = tk[i].start;
		v->e[k] = tk[i].end;
		uint8_t f = 0;
		if (inq)
			f |= F_QUOTE;
		if (tk[i].flags & (WT_TOK_NUMBER | WT_TOK_PERCENT))
			f |= F_NUMBER;
		else if (is_stop(&tk[i]))
			f |= F_STOP;
		else if (is_name_at(text, len, tk[i].start))
			f |= F_NAME;
		v->f[k] = f;
		uint64_t ph;
		size_t span = loose ? place_at(tk, nt, i, text, len, &ph) : 0;
		if (span) {
			/* one name token, its country ("Washington" = "U.S.") */
			v->h[k] = ph;
			v->f[k] = (uint8_t)(F_NAME | (f & F_QUOTE));
			v->e[k] = tk[i + span - 1].end;
			for (size_t j = 1; j < span; j++)
				map[i + j] = (size_t)-1;
			i += span - 1;
		}
	}
	/* sentences, in view tokens; empty ones dropped */
	for (size_t i = 0; i < ns; i++) {
		size_t first = (size_t)-1;
		for (size_t t = se[i].tok_begin; t < se[i].tok_end && first == (size_t)-1; t++)
			first = map[t];
		if (first != (size_t)-1 && (v->nsent == 0 || first > v->sent[v->nsent - 1])) {
			/* the sentence starts at its own start unless a removed
			 * span (a dateline) precedes its first body token */
			size_t start = se[i].start;
			for (size_t k = 0; k < a->n_removed; k++)
				if (a->removed[k].end > start && a->removed[k].end <= v->s[first])
					start = a->removed[k].end;
			v->ss[v->nsent] = start;
			v->sent[v->nsent++] = first;
		}
	}
	if (v->nsent && v->sent[0] != 0) {
		v->sent[0] = 0;
		if (v->n && v->s[0] < v->ss[0])
			v->ss[0] = v->s[0];
	}
	v->sent[v->nsent] = v->n;
	free(map);
	return WT_OK;
}

/* ---------------------------------------------------------------- anchors */

typedef struct gram {
	uint64_t h;
	size_t pos;
} gram;

static int cmp_gram(const void *x, const void *y)
{
	const gram *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static gram *grams_of(const tview *v, size_t *n)
{
	*n = v->n >= NGRAM ? v->n - NGRAM + 1 : 0;
	gram *g = malloc((*n ? *n : 1) * sizeof(*g));
	if (!g)
		return NULL;
	for (size_t i = 0; i < *n; i++) {
		g[i].h = XXH3_64bits(v->h + i, NGRAM * sizeof(uint64_t));
		g[i].pos = i;
	}
	qsort(g, *n, sizeof(*g), cmp_gram);
	return g;
}

typedef struct run {
	size_t a, b, len; /* exact match A[a, a+len) = B[b, b+len) */
} run;

static int cmp_run_diag(const void *x, const void *y)
{
	const run *p = x, *q = y;
	long long dp = (long long)p->b - (long long)p->a, dq = (long long)q->b - (long long)q->a;
	if (dp != dq)
		return dp < dq ? -1 : 1;
	return p->a < q->a ? -1 : p->a > q->a;
}

static int cmp_run_len(const void *x, const void *y)
{
	const run *p = x, *q = y;
	if (p->len != q->len)
		return p->len > q->len ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static int cmp_run_a(const void *x, const void *y)
{
	const run *p = x, *q = y;
	return p->a < q->a ? -1 : p->a > q->a;
}

/* Exact runs from the anchors, tiled without overlap, sorted by A. */
static run *tiles(const tview *A, const tview *B, size_t *out_n)
{
	size_t na, nb, nr = 0, cap = 256;
	*out_n = 0;
	gram *ga = grams_of(A, &na), *gb = grams_of(B, &nb);
	run *rs = malloc(cap * sizeof(*rs));
	if (!ga || !gb || !rs)
		goto fail;
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (ga[i].h < gb[j].h) {
			i++;
			continue;
		}
		if (ga[i].h > gb[j].h) {
			j++;
			continue;
		}
		size_t i2 = i, j2 = j;
		while (i2 < na && ga[i2].h == ga[i].h)
			i2++;
		while (j2 < nb && gb[j2].h == gb[j].h)
			j2++;
		if (i2 - i <= ANCHOR_MAX && j2 - j <= ANCHOR_MAX)
			for (size_t x = i; x < i2; x++)
				for (size_t y = j; y < j2; y++) {
					if (nr == cap) {
						run *p = realloc(rs, (cap *= 2) * sizeof(*rs));
						if (!p)
							goto fail;
						rs = p;
					}
					rs[nr++] = (run){ga[x].pos, gb[y].pos, NGRAM};
				}
		i = i2, j = j2;
	}
	free(ga), free(gb);
	ga = gb = NULL;
	/* merge anchors on one diagonal into runs */
	qsort(rs, nr, sizeof(*rs), cmp_run_diag);
	size_t m = 0;
	for (size_t k = 0; k < nr; k++) {
		if (m && rs[m - 1].b + rs[k].a == rs[m - 1].a + rs[k].b &&
		    rs[k].a <= rs[m - 1].a + rs[m - 1].len) {
			size_t end = rs[k].a + rs[k].len;
			if (end > rs[m - 1].a + rs[m - 1].len)
				rs[m - 1].len = end - rs[m - 1].a;
		} else {
			rs[m++] = rs[k];
		}
	}
	/* greedy tiling, longest first */
	qsort(rs, m, sizeof(*rs), cmp_run_len);
	uint8_t *ca = calloc(A->n ? A->n : 1, 1), *cb = calloc(B->n ? B->n : 1, 1);
	if (!ca || !cb) {
		free(ca), free(cb);
		goto fail;
	}
	size_t t = 0;
	for (size_t k = 0; k < m; k++) {
		run r = rs[k];
		/* trim the ends already covered, keep the middle if long enough */
		while (r.len && (ca[r.a] || cb[r.b]))
			r.a++, r.b++, r.len--;
		while (r.len && (ca[r.a + r.len - 1] || cb[r.b + r.len - 1]))
			r.len--;
		int clash = 0;
		for (size_t x = 0; x < r.len && !clash; x++)
			clash = ca[r.a + x] || cb[r.b + x];
		if (clash || r.len < NGRAM)
			continue;
		memset(ca + r.a, 1, r.len);
		memset(cb + r.b, 1, r.len);
		rs[t++] = r;
	}
	free(ca), free(cb);
	qsort(rs, t, sizeof(*rs), cmp_run_a);
	*out_n = t;
	return rs;
fail:
	free(ga), free(gb), free(rs);
	return NULL;
}

/* Edit distance of A[a0,a1) and B[b0,b1) (both <= GAP_MAX) with counts. */
static void gap_align(const tview *A, size_t a0, size_t a1, const tview *B, size_t b0, size_t b1,
                      wt_passage *p)
{
	size_t n = a1 - a0, m = b1 - b0;
	unsigned short D[GAP_MAX + 1][GAP_MAX + 1];
	for (size_t i = 0; i <= n; i++)
		D[i][0] = (unsigned short)i;
	for (size_t j = 0; j <= m; j++)
		D[0][j] = (unsigned short)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			unsigned short sub =
			    D[i - 1][j - 1] + (A->h[a0 + i - 1] != B->h[b0 + j - 1]);
			unsigned short del = D[i - 1][j] + 1, ins = D[i][j - 1] + 1;
			D[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
	size_t i = n, j = m;
	while (i || j) {
		if (i && j && D[i][j] == D[i - 1][j - 1] + (A->h[a0 + i - 1] != B->h[b0 + j - 1])) {
			if (A->h[a0 + i - 1] == B->h[b0 + j - 1])
				p->matches++;
			else
				p->substitutions++;
			i--, j--;
		} else if (i && D[i][j] == D[i - 1][j] + 1) {
			p->deletions++;
			i--;
		} else {
			p->insertions++;
			j--;
		}
	}
}

static int push_passage(wt_alignment *al, size_t *cap, const wt_passage *p)
{
	if (al->n_passages == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		wt_passage *q = realloc(al->passages, nc * sizeof(*q));
		if (!q)
			return -1;
		al->passages = q;
		*cap = nc;
	}
	al->passages[al->n_passages++] = *p;
	return 0;
}

/* Closes the passage spanning tokens A[a0,a1), B[b0,b1). */
static int finish_passage(const tview *A, const tview *B, size_t a0, size_t a1, size_t b0,
                          size_t b1, wt_passage *p, wt_alignment *al, size_t *cap)
{
	/* extend exact matches outward */
	while (a0 > 0 && b0 > 0 && A->h[a0 - 1] == B->h[b0 - 1])
		a0--, b0--, p->matches++;
	while (a1 < A->n && b1 < B->n && A->h[a1] == B->h[b1])
		a1++, b1++, p->matches++;
	if (p->matches < PASSAGE_MIN)
		return 0;
	p->a_start = A->s[a0];
	p->a_end = A->e[a1 - 1];
	p->b_start = B->s[b0];
	p->b_end = B->e[b1 - 1];
	p->a_tokens = a1 - a0;
	p->b_tokens = b1 - b0;
	size_t edits = p->substitutions + p->insertions + p->deletions;
	p->identity = (double)p->matches / (double)(p->matches + edits);
	size_t qa = 0, qb = 0;
	for (size_t i = a0; i < a1; i++)
		qa += (A->f[i] & F_QUOTE) != 0;
	for (size_t i = b0; i < b1; i++)
		qb += (B->f[i] & F_QUOTE) != 0;
	p->quote = qa * 5 >= p->a_tokens * 4 && qb * 5 >= p->b_tokens * 4;
	if (p->quote) {
		al->quote_tokens += p->a_tokens;
	} else if (p->identity >= SOLID) {
		al->a_covered += p->a_tokens, al->b_covered += p->b_tokens;
		if (p->matches > al->longest)
			al->longest = p->matches;
	}
	return push_passage(al, cap, p);
}

static int passages(const tview *A, const tview *B, wt_alignment *al)
{
	size_t nt, cap = 0;
	run *t = tiles(A, B, &nt);
	if (!t)
		return -1;
	size_t k = 0;
	while (k < nt) {
		wt_passage p;
		memset(&p, 0, sizeof(p));
		size_t a0 = t[k].a, b0 = t[k].b, a1 = t[k].a + t[k].len, b1 = t[k].b + t[k].len;
		p.matches = t[k].len;
		k++;
		while (k < nt && t[k].b >= b1 && t[k].a - a1 <= GAP_MAX && t[k].b - b1 <= GAP_MAX) {
			gap_align(A, a1, t[k].a, B, b1, t[k].b, &p);
			p.matches += t[k].len;
			a1 = t[k].a + t[k].len;
			b1 = t[k].b + t[k].len;
			k++;
		}
		if (finish_passage(A, B, a0, a1, b0, b1, &p, al, &cap)) {
			free(t);
			return -1;
		}
	}
	free(t);
	return 0;
}

/* -------------------------------------------------------------- sentences */

typedef struct feat {
	uint64_t *h; /* sorted distinct feature hashes */
	double *w;
	size_t n;
	double total;
} feat;

static double tok_weight(const wt_termstats *ts, uint64_t h, uint8_t f)
{
	double w = idf(ts, h);
	return f & (F_NUMBER | F_NAME) ? 2 * w : w;
}

/* Content words and bigrams of content words of tokens [t0, t1). */
static int features(const tview *v, size_t t0, size_t t1, const wt_termstats *ts, feat *out)
{
	size_t cap = 2 * (t1 - t0) + 1, n = 0;
	uint64_t *h = malloc(cap * sizeof(*h));
	double *w = malloc(cap * sizeof(*w));
	if (!h || !w) {
		free(h), free(w);
		return -1;
	}
	size_t prev = (size_t)-1;
	for (size_t i = t0; i < t1; i++) {
		if (v->f[i] & F_STOP)
			continue;
		h[n] = v->h[i];
		w[n++] = tok_weight(ts, v->h[i], v->f[i]);
		if (prev != (size_t)-1) {
			uint64_t pair[2] = {v->h[prev], v->h[i]};
			h[n] = XXH3_64bits(pair, sizeof pair);
			w[n] = (w[n - 1] + tok_weight(ts, v->h[prev], v->f[prev])) / 4;
			n++;
		}
		prev = i;
	}
	/* sort by hash (insertion sort: sentences are short), merge duplicates */
	for (size_t i = 1; i < n; i++) {
		uint64_t x = h[i];
		double y = w[i];
		size_t j = i;
		for (; j > 0 && h[j - 1] > x; j--)
			h[j] = h[j - 1], w[j] = w[j - 1];
		h[j] = x, w[j] = y;
	}
	size_t m = 0;
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && h[m - 1] == h[i])
			continue;
		h[m] = h[i], w[m] = w[i];
		total += w[m++];
	}
	out->h = h, out->w = w, out->n = m, out->total = total;
	return 0;
}

static double feat_sim(const feat *a, const feat *b)
{
	if (a->total <= 0 || b->total <= 0)
		return 0;
	size_t i = 0, j = 0;
	double shared = 0;
	while (i < a->n && j < b->n) {
		if (a->h[i] < b->h[j])
			i++;
		else if (a->h[i] > b->h[j])
			j++;
		else
			shared += a->w[i] + b->w[j], i++, j++;
	}
	return shared / (a->total + b->total);
}

static void feats_free(feat *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++)
		free(f[i].h), free(f[i].w);
	free(f);
}

static feat *sentence_feats(const tview *v, const wt_termstats *ts)
{
	feat *f = calloc(v->nsent ? v->nsent : 1, sizeof(*f));
	for (size_t i = 0; f && i < v->nsent; i++)
		if (features(v, v->sent[i], v->sent[i + 1], ts, &f[i])) {
			feats_free(f, i);
			return NULL;
		}
	return f;
}

static int sentences(const tview *A, const tview *B, const wt_termstats *ts, wt_alignment *al)
{
	size_t n = A->nsent, m = B->nsent;
	al->a_sentences = n;
	al->b_sentences = m;
	if (!n || !m || (double)n * (double)m > SENT_CELLS)
		return 0; /* nothing to map, or too big: passages only */
	feat *fa = sentence_feats(A, ts), *fb = sentence_feats(B, ts);
	float *D = malloc((n + 1) * (m + 1) * sizeof(*D));
	unsigned char *how = malloc((n + 1) * (m + 1));
	if (!fa || !fb || !D || !how) {
		feats_free(fa, n), feats_free(fb, m), free(D), free(how);
		return -1;
	}
#define AT(i, j) ((i) * (m + 1) + (j))
	for (size_t i = 0; i <= n; i++)
		D[AT(i, 0)] = 0, how[AT(i, 0)] = 1;
	for (size_t j = 0; j <= m; j++)
		D[AT(0, j)] = 0, how[AT(0, j)] = 2;
	/* similarities, and the best of every row and column: a pair maps
	 * only when it is (nearly) the best match of both of its sentences,
	 * so a name shared by many sentences does not chain them */
	float *S = malloc(n * m * sizeof(*S));
	float *rowmax = calloc(n, sizeof(*rowmax)), *colmax = calloc(m, sizeof(*colmax));
	if (!S || !rowmax || !colmax) {
		free(S), free(rowmax), free(colmax);
		feats_free(fa, n), feats_free(fb, m), free(D), free(how);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m; j++) {
			float v = (float)feat_sim(&fa[i], &fb[j]);
			S[i * m + j] = v;
			if (v > rowmax[i])
				rowmax[i] = v;
			if (v > colmax[j])
				colmax[j] = v;
		}
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			float best = D[AT(i - 1, j)];
			unsigned char h = 1;
			if (D[AT(i, j - 1)] > best)
				best = D[AT(i, j - 1)], h = 2;
			float s = S[(i - 1) * m + (j - 1)];
			int mutual =
			    s >= NEAR_BEST * rowmax[i - 1] && s >= NEAR_BEST * colmax[j - 1];
			if (s >= SENT_MATCH && mutual && D[AT(i - 1, j - 1)] + s > best)
				best = D[AT(i - 1, j - 1)] + (float)s, h = 3;
			D[AT(i, j)] = best;
			how[AT(i, j)] = h;
		}
	size_t i = n, j = m;
	while (i && j) {
		unsigned char h = how[AT(i, j)];
		if (h == 3) {
			al->sentences_matched++;
			i--, j--;
		} else if (h == 1) {
			i--;
		} else {
			j--;
		}
	}
	al->sentence_score = D[AT(n, m)];
#undef AT
	free(S), free(rowmax), free(colmax);
	feats_free(fa, n), feats_free(fb, m), free(D), free(how);
	return 0;
}

/* ------------------------------------------------------ shared sentences */

/* A clause's match counts this much of a sentence match. */
#define CLAUSE_WEIGHT 0.8

static int clause_word(const tview *v, const char *text, size_t k)
{
	static const char *const w[] = {"and", "as", "but", "which", "while"};
	size_t n = v->e[k] - v->s[k];
	char b[8];
	if (n >= sizeof b)
		return 0;
	for (size_t i = 0; i < n; i++)
		b[i] = (char)(text[v->s[k] + i] | 0x20);
	return lex_find(w, 5, b, n) >= 0;
}

/* Clauses of a sentence, split at , ; : dashes and at and, as, but,
 * which, while; those with three or more content words get features. */
static int clause_feats(const tview *v, const char *text, size_t t0, size_t t1,
                        const wt_termstats *ts, align_sent *out)
{
	size_t start = t0;
	for (size_t k = t0; k <= t1; k++) {
		int cut = k == t1;
		if (!cut && k > t0) {
			for (size_t b = v->e[k - 1]; b < v->s[k] && !cut; b++)
				cut = strchr(",;:", text[b]) ||
				      (text[b] == '-' && b > v->e[k - 1] && text[b - 1] == ' ');
			cut = cut || clause_word(v, text, k);
		}
		if (!cut)
			continue;
		size_t content = 0;
		for (size_t i = start; i < k; i++)
			content += !(v->f[i] & F_STOP);
		if (content >= 3 && !(start == t0 && k == t1)) {
			feat f;
			if (features(v, start, k, ts, &f))
				return -1;
			align_clause *p = realloc(out->clauses, (out->nclauses + 1) * sizeof(*p));
			if (!p) {
				free(f.h), free(f.w);
				return -1;
			}
			out->clauses = p;
			p[out->nclauses++] = (align_clause){f.h, f.w, f.n, f.total};
		}
		start = k;
	}
	return 0;
}

wt_status align_sentences(const wt_article *a, wt_doc *d, const wt_termstats *ts, align_sent **out,
                          size_t *n)
{
	*out = NULL, *n = 0;
	tview v;
	wt_status st = tview_build_mode(&v, d, a, 1);
	if (st != WT_OK)
		return st;
	align_sent *r = calloc(v.nsent ? v.nsent : 1, sizeof(*r));
	if (!r) {
		tview_free(&v);
		return WT_ERR_NOMEM;
	}
	for (size_t i = 0; i < v.nsent; i++) {
		size_t t0 = v.sent[i], t1 = v.sent[i + 1];
		feat f;
		if (features(&v, t0, t1, ts, &f)) {
			align_sentences_free(r, i);
			tview_free(&v);
			return WT_ERR_NOMEM;
		}
		r[i].h = f.h, r[i].w = f.w, r[i].n = f.n, r[i].total = f.total;
		r[i].tok_begin = t0, r[i].tok_end = t1;
		if (clause_feats(&v, a->text, t0, t1, ts, &r[i])) {
			align_sentences_free(r, i + 1);
			tview_free(&v);
			return WT_ERR_NOMEM;
		}
		/* from its start to the end of its last token, with the closing
		 * punctuation and quote marks that follow it */
		size_t end = v.e[t1 - 1], lim = i + 1 < v.nsent ? v.ss[i + 1] : a->text_len;
		while (
		    end < lim && a->text[end] &&
		    (strchr(".!?;:)]'\"", a->text[end]) || (unsigned char)a->text[end] >= 0x80)) {
			if ((unsigned char)a->text[end] >= 0x80) {
				/* closing curly quotes and ellipses only */
				if (end + 2 < lim && (unsigned char)a->text[end] == 0xE2 &&
				    (unsigned char)a->text[end + 1] == 0x80 &&
				    ((unsigned char)a->text[end + 2] == 0x9D ||
				     (unsigned char)a->text[end + 2] == 0x99 ||
				     (unsigned char)a->text[end + 2] == 0xA6))
					end += 3;
				else
					break;
			} else {
				end++;
			}
		}
		r[i].start = v.ss[i] < v.s[t0] ? v.ss[i] : v.s[t0];
		r[i].end = end;
		uint64_t acc = 0x9E3779B97F4A7C15u;
		for (size_t t = t0; t < t1; t++)
			acc = XXH3_64bits_withSeed(&v.h[t], sizeof(v.h[t]), acc);
		r[i].fold = acc;
	}
	*out = r, *n = v.nsent;
	tview_free(&v);
	return WT_OK;
}

void align_sentences_free(align_sent *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].h), free(s[i].w);
		for (size_t k = 0; k < s[i].nclauses; k++)
			free(s[i].clauses[k].h), free(s[i].clauses[k].w);
		free(s[i].clauses);
	}
	free(s);
}

double align_sent_sim(const align_sent *a, const align_sent *b)
{
	feat x = {a->h, a->w, a->n, a->total}, y = {b->h, b->w, b->n, b->total};
	double best = feat_sim(&x, &y);
	for (size_t i = 0; i < a->nclauses; i++)
		for (size_t j = 0; j < b->nclauses; j++) {
			const align_clause *p = &a->clauses[i], *q = &b->clauses[j];
			feat cx = {p->h, p->w, p->n, p->total}, cy = {q->h, q->w, q->n, q->total};
			double c = CLAUSE_WEIGHT * feat_sim(&cx, &cy);
			if (c > best)
				best = c;
		}
	return best;
}

/* ------------------------------------------------------------------ public */

void wt_alignment_release(wt_alignment *al)
{
	if (!al)
		return;
	free(al->passages);
	memset(al, 0, sizeof(*al));
}

wt_status wt_align_articles(const wt_article *a, const wt_article *b, const wt_termstats *ts,
                            wt_alignment *out)
{
	memset(out, 0, sizeof(*out));
	wt_doc *d = wt_doc_create();
	if (!d)
		return WT_ERR_NOMEM;
	tview A, B;
	wt_status st = tview_build(&A, d, a);
	if (st == WT_OK) {
		st = tview_build(&B, d, b);
		if (st != WT_OK)
			tview_free(&A);
	}
	wt_doc_destroy(d);
	if (st != WT_OK)
		return st;
	out->a_tokens = A.n;
	out->b_tokens = B.n;
	if (passages(&A, &B, out) || sentences(&A, &B, ts, out)) {
		wt_alignment_release(out);
		st = WT_ERR_NOMEM;
	}
	tview_free(&A);
	tview_free(&B);
	return st;
}

double wt_sentence_similarity(const wt_termstats *ts, const char *a, size_t alen, const char *b,
                              size_t blen)
{
	wt_article x, y;
	wt_article_init(&x);
	wt_article_init(&y);
	x.text = (char *)a, x.text_len = alen;
	y.text = (char *)b, y.text_len = blen;
	wt_doc *d = wt_doc_create();
	tview A, B;
	double s = 0;
	if (d && tview_build(&A, d, &x) == WT_OK) {
		if (tview_build(&B, d, &y) == WT_OK) {
			feat fa, fb;
			if (!features(&A, 0, A.n, ts, &fa)) {
				if (!features(&B, 0, B.n, ts, &fb)) {
					s = feat_sim(&fa, &fb);
					free(fb.h), free(fb.w);
				}
				free(fa.h), free(fa.w);
			}
			tview_free(&B);
		}
		tview_free(&A);
	}
	wt_doc_destroy(d);
	return s;
}

const char *wt_reuse_class_name(wt_reuse_class c)
{
	static const char *const n[] = {"none", "verbatim", "edited", "rewrite", "independent"};
	return (unsigned)c < 5 ? n[c] : "unknown";
}

wt_reuse_class wt_alignment_classify(const wt_alignment *al, double *score)
{
	double ca = al->a_tokens ? (double)al->a_covered / (double)al->a_tokens : 0;
	double cb = al->b_tokens ? (double)al->b_covered / (double)al->b_tokens : 0;
	double cov = ca > cb ? ca : cb;
	size_t edits = 0, matches = 0;
	for (size_t i = 0; i < al->n_passages; i++)
		if (!al->passages[i].quote && al->passages[i].identity >= SOLID) {
			matches += al->passages[i].matches;
			edits += al->passages[i].substitutions + al->passages[i].insertions +
			         al->passages[i].deletions;
		}
	double ident = matches ? (double)matches / (double)(matches + edits) : 0;
	size_t shorter = al->a_sentences < al->b_sentences ? al->a_sentences : al->b_sentences;
	double sent = shorter ? (double)al->sentences_matched / (double)shorter : 0;
	double dummy;
	if (!score)
		score = &dummy;
	if (cov >= 0.8 && ident >= 0.97) {
		*score = cov;
		return WT_REUSE_VERBATIM;
	}
	if (cov >= 0.3 || al->longest >= 40) {
		*score = cov;
		return WT_REUSE_EDITED;
	}
	/* one sentence on either side: its similarity must stand on its own */
	int rewrite = shorter == 1 ? al->sentence_score >= PARAPHRASE : sent >= 0.5;
	if (rewrite) {
		*score = shorter == 1 ? al->sentence_score : sent;
		return WT_REUSE_REWRITE;
	}
	*score = sent > cov ? sent : cov;
	if (al->n_passages || al->sentences_matched)
		return WT_REUSE_INDEPENDENT;
	return WT_REUSE_NONE;
}

int align_keys(const wt_article *a, int ngram, uint64_t **grams, size_t *ng, uint64_t **names,
               size_t *nn)
{
	*grams = *names = NULL;
	*ng = *nn = 0;
	if (ngram < 1)
		ngram = 5;
	wt_doc *d = wt_doc_create();
	if (!d)
		return -1;
	tview v;
	wt_status st = tview_build(&v, d, a);
	wt_doc_destroy(d);
	if (st != WT_OK)
		return -1;
	size_t n = v.n >= (size_t)ngram ? v.n - (size_t)ngram + 1 : 0;
	*grams = malloc((n ? n : 1) * sizeof(uint64_t));
	*names = malloc((v.n ? v.n : 1) * sizeof(uint64_t));
	if (!*grams || !*names) {
		free(*grams), free(*names);
		*grams = *names = NULL;
		tview_free(&v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		(*grams)[i] = XXH3_64bits(v.h + i, (size_t)ngram * sizeof(uint64_t));
	size_t m = 0;
	for (size_t i = 0; i < v.n; i++)
		if (v.f[i] & (F_NAME | F_NUMBER))
			(*names)[m++] = v.h[i];
	sketch_sort_u64(*grams, n);
	sketch_sort_u64(*names, m);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || (*grams)[k - 1] != (*grams)[i])
			(*grams)[k++] = (*grams)[i];
	*ng = k;
	k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || (*names)[k - 1] != (*names)[i])
			(*names)[k++] = (*names)[i];
	*nn = k;
	tview_free(&v);
	return 0;
}
