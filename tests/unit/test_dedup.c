/* test_dedup.c - the streaming dedup index: verification, containment, keep
 * policies, determinism across threads and batches, persistent index
 * files, records kept by a store and the index saved over them, bad
 * records. Texts are random words made here. */
#include "helpers.h"
#include "internal.h"
#include "sketch.h"

#include <criterion/criterion.h>
#include <unistd.h>

static uint64_t rng = 99;
static unsigned rnd(unsigned n)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (unsigned)((z ^ (z >> 31)) % n);
}

/* n random words, one sentence per 12 */
static char *words(size_t n)
{
	char *s = malloc(n * 12 + 1);
	size_t l = 0;
	for (size_t i = 0; i < n; i++)
		l += (size_t)sprintf(s + l, "%sw%u%s", i ? " " : "", rnd(100000),
		                     i % 12 == 11 ? "." : "");
	s[l] = 0;
	return s;
}

/* a copy of s with `edits` words replaced */
static char *edit(const char *s, int edits)
{
	char *c = strdup(s);
	size_t n = strlen(c);
	for (int e = 0; e < edits; e++) {
		size_t p = rnd((unsigned)n);
		while (p < n && c[p] != 'w')
			p++;
		if (p + 1 < n)
			c[p + 1] = (char)('1' + rnd(9)); /* changes one word */
	}
	return c;
}

static void set_article(wt_article *a, const char *id, const char *text, const char *date)
{
	wt_article_init(a);
	wt_article_set(&a->id, id, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
	if (date)
		wt_article_set(&a->published, date, (size_t)-1);
}

typedef struct corpus {
	wt_article a[64];
	wt_article *p[64];
	size_t n;
} corpus;

static void corpus_add(corpus *c, const char *id, const char *text, const char *date)
{
	set_article(&c->a[c->n], id, text, date);
	c->p[c->n] = &c->a[c->n];
	c->n++;
}

static void corpus_free(corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		wt_article_release(&c->a[i]);
	c->n = 0;
}

static wt_dedup *make(double t, double c, wt_keep keep, int threads)
{
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	o.threshold = t;
	o.containment = c;
	o.keep = keep;
	o.threads = threads;
	wt_dedup *d = wt_dedup_create(&o);
	cr_assert_not_null(d);
	return d;
}

static double exact_jaccard(const char *x, const char *y, double *contain_x)
{
	wt_shingles a, b;
	wt_shingles_init(&a);
	wt_shingles_init(&b);
	wt_doc *d = wt_doc_create();
	wt_shingles_from_text(&a, d, x, strlen(x), 5);
	wt_shingles_from_text(&b, d, y, strlen(y), 5);
	wt_similarity m = wt_shingles_compare(a.h, a.n, b.h, b.n);
	wt_doc_destroy(d);
	wt_shingles_release(&a);
	wt_shingles_release(&b);
	if (contain_x)
		*contain_x = m.contain_a;
	return m.jaccard;
}

Test(dedup, verified_against_exact_jaccard)
{
	char *base = words(300), *near = edit(base, 3), *far = edit(base, 40);
	double jn = exact_jaccard(near, base, NULL), jf = exact_jaccard(far, base, NULL);
	cr_assert_gt(jn, 0.8);
	cr_assert_lt(jf, 0.8);
	corpus c = {0};
	corpus_add(&c, "base", base, NULL);
	corpus_add(&c, "near", near, NULL);
	corpus_add(&c, "far", far, NULL);
	wt_dedup *d = make(0.8, 0, WT_KEEP_FIRST, 1);
	wt_dedup_result r[3];
	cr_assert_eq(wt_dedup_add(d, c.p, 3, 0, r), WT_OK);
	cr_assert_not(r[0].duplicate);
	cr_assert(r[1].duplicate);
	cr_assert_str_eq(r[1].dup_of, "base");
	cr_assert_float_eq(r[1].sim.jaccard, jn, 1e-12, "the measured value is exact");
	cr_assert_not(r[2].duplicate, "LSH candidate below the threshold is not reported");
	wt_dedup_stats st;
	wt_dedup_stats_get(d, &st);
	cr_assert_eq(st.records, 3);
	cr_assert_eq(st.kept, 2);
	cr_assert_eq(st.duplicates, 1);
	for (int i = 0; i < 3; i++)
		wt_dedup_result_release(&r[i]);
	wt_dedup_destroy(d);
	corpus_free(&c);
	free(base), free(near), free(far);
}

Test(dedup, containment_of_trimmed_copy)
{
	char *base = words(400);
	char *trim = strndup(base, strlen(base) / 3);
	double cx;
	double j = exact_jaccard(trim, base, &cx);
	cr_assert_lt(j, 0.5);
	cr_assert_gt(cx, 0.95);
	for (int pass = 0; pass < 2; pass++) {
		corpus c = {0};
		corpus_add(&c, "base", base, NULL);
		corpus_add(&c, "trim", trim, NULL);
		wt_dedup *d = make(0.8, pass ? 0.9 : 0, WT_KEEP_FIRST, 1);
		wt_dedup_result r[2];
		cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
		cr_assert_eq(r[1].duplicate, pass, "dropped only with containment");
		if (pass)
			cr_assert_float_eq(r[1].sim.contain_a, cx, 1e-12);
		wt_dedup_result_release(&r[0]);
		wt_dedup_result_release(&r[1]);
		wt_dedup_destroy(d);
		corpus_free(&c);
	}
	free(base), free(trim);
}

/* Same verdicts for 1 or 2 threads and any batch size. */
Test(dedup, deterministic_across_threads_and_batches)
{
	corpus c = {0};
	char *texts[48];
	for (int i = 0; i < 48; i++) {
		texts[i] = i % 3 && i > 2 ? edit(texts[i - 1 - (int)rnd(2)], (int)rnd(6))
		                          : words(150 + rnd(100));
		char id[16];
		snprintf(id, sizeof id, "r%02d", i);
		corpus_add(&c, id, texts[i], NULL);
	}
	char ref[48][32];
	for (int run = 0; run < 4; run++) {
		int threads = 1 + run % 2;
		size_t bs = run < 2 ? 48 : 5;
		wt_dedup *d = make(0.7, 0, WT_KEEP_FIRST, threads);
		for (size_t i = 0; i < 48; i += bs) {
			size_t n = i + bs > 48 ? 48 - i : bs;
			wt_dedup_result r[48];
			cr_assert_eq(wt_dedup_add(d, c.p + i, n, 0, r), WT_OK);
			for (size_t k = 0; k < n; k++) {
				char v[32];
				snprintf(v, sizeof v, "%s", r[k].duplicate ? r[k].dup_of : "-");
				if (run == 0)
					strcpy(ref[i + k], v);
				else
					cr_assert_str_eq(v, ref[i + k], "record %zu run %d", i + k,
					                 run);
				wt_dedup_result_release(&r[k]);
			}
		}
		wt_dedup_destroy(d);
	}
	int dups = 0;
	for (int i = 0; i < 48; i++)
		dups += ref[i][0] != '-';
	cr_assert_gt(dups, 5, "the corpus has duplicates to find");
	corpus_free(&c);
	for (int i = 0; i < 48; i++)
		free(texts[i]);
}

Test(dedup, keep_longest_and_earliest)
{
	char *base = words(200);
	char *longer = malloc(strlen(base) + 40);
	sprintf(longer, "%s w1 w2 w3 w4.", base);
	corpus c = {0};
	corpus_add(&c, "short", base, "2024-05-02");
	corpus_add(&c, "long", longer, "2024-05-01");
	for (int k = 1; k <= 2; k++) {
		wt_dedup *d = make(0.8, 0, (wt_keep)k, 2);
		wt_dedup_result r[2];
		cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
		wt_dedup_result_release(&r[0]);
		wt_dedup_result_release(&r[1]);
		cr_assert_eq(wt_dedup_final(d, 0, &r[0]), WT_OK);
		cr_assert_eq(wt_dedup_final(d, 1, &r[1]), WT_OK);
		cr_assert(r[0].duplicate, "the first record lost to the better one");
		cr_assert_str_eq(r[0].dup_of, "long");
		cr_assert_not(r[1].duplicate);
		cr_assert_gt(r[0].sim.jaccard, 0.8);
		wt_dedup_result_release(&r[0]);
		wt_dedup_result_release(&r[1]);
		cr_assert_eq(wt_dedup_final(d, 2, &r[0]), WT_ERR_ARG);
		wt_dedup_destroy(d);
	}
	corpus_free(&c);
	free(base), free(longer);
}

Test(dedup, persistent_index_and_truncation)
{
	char path[] = "/tmp/wt-test-index-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path);
	char *t1 = words(200), *t2 = words(200), *t3 = words(200);
	corpus c = {0};
	corpus_add(&c, "one", t1, NULL);
	corpus_add(&c, "two", t2, NULL);
	wt_dedup_result r[2];
	wt_dedup *d = make(0.8, 0, WT_KEEP_FIRST, 1);
	cr_assert_eq(wt_dedup_open_index(d, path), WT_OK);
	cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
	cr_assert_eq(wt_dedup_flush(d), WT_OK);
	wt_dedup_result_release(&r[0]), wt_dedup_result_release(&r[1]);
	wt_dedup_destroy(d);
	/* a second run sees both */
	d = make(0.8, 0, WT_KEEP_FIRST, 1);
	cr_assert_eq(wt_dedup_open_index(d, path), WT_OK);
	cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
	cr_assert(r[0].duplicate && r[1].duplicate);
	cr_assert_str_eq(r[1].dup_of, "two");
	wt_dedup_result_release(&r[0]), wt_dedup_result_release(&r[1]);
	wt_dedup_destroy(d);
	/* a crash in the middle of the last record loses that record only */
	FILE *f = fopen(path, "r+");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	cr_assert_eq(truncate(path, size - 17), 0);
	corpus_free(&c);
	corpus_add(&c, "two-again", t2, NULL);
	corpus_add(&c, "three", t3, NULL);
	d = make(0.8, 0, WT_KEEP_FIRST, 1);
	cr_assert_eq(wt_dedup_open_index(d, path), WT_OK);
	cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
	cr_assert_not(r[0].duplicate, "the cut record is gone");
	cr_assert_not(r[1].duplicate);
	wt_dedup_result_release(&r[0]), wt_dedup_result_release(&r[1]);
	wt_dedup_destroy(d);
	/* other parameters are refused; so is a file of another kind */
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	o.shingle = 4;
	d = wt_dedup_create(&o);
	cr_assert_eq(wt_dedup_add_index(d, path), WT_ERR_PARSE);
	cr_assert(strstr(wt_dedup_message(d), "shingle"));
	wt_dedup_destroy(d);
	f = fopen(path, "w");
	fputs("{\"id\":\"x\",\"text\":\"not an index\"}\n", f);
	fclose(f);
	d = make(0.8, 0, WT_KEEP_FIRST, 1);
	cr_assert_eq(wt_dedup_add_index(d, path), WT_ERR_PARSE);
	wt_dedup_destroy(d);
	unlink(path);
	corpus_free(&c);
	free(t1), free(t2), free(t3);
}

Test(dedup, references_and_short_texts)
{
	char *t1 = words(100);
	corpus c = {0};
	corpus_add(&c, "ref", t1, NULL);
	corpus_add(&c, "copy", t1, NULL);
	corpus_add(&c, "tiny", "two words", NULL);
	corpus_add(&c, "tiny2", "Two   WORDS", NULL);
	wt_dedup *d = make(0.8, 0, WT_KEEP_FIRST, 1);
	wt_dedup_result r[4];
	cr_assert_eq(wt_dedup_add(d, c.p, 1, 1, r), WT_OK);
	wt_dedup_result_release(&r[0]);
	cr_assert_eq(wt_dedup_add(d, c.p + 1, 3, 0, r), WT_OK);
	cr_assert(r[0].duplicate);
	cr_assert_str_eq(r[0].dup_of, "ref");
	cr_assert_not(r[1].duplicate);
	cr_assert(r[1].short_text);
	cr_assert(r[2].duplicate, "identical short texts are duplicates");
	wt_dedup_stats st;
	wt_dedup_stats_get(d, &st);
	cr_assert_eq(st.references, 1);
	cr_assert_eq(st.records, 3);
	cr_assert_eq(st.short_texts, 2);
	for (int i = 0; i < 3; i++)
		wt_dedup_result_release(&r[i]);
	wt_dedup_destroy(d);
	wt_dedup_destroy(NULL);
	corpus_free(&c);
	free(t1);
}

Test(dedup, simhash_method)
{
	char *t = words(300), *near = edit(t, 1);
	corpus c = {0};
	corpus_add(&c, "a", t, NULL);
	corpus_add(&c, "b", near, NULL);
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	o.method = WT_SKETCH_SIMHASH;
	o.threshold = 0.9;
	wt_dedup *d = wt_dedup_create(&o);
	wt_dedup_result r[2];
	cr_assert_eq(wt_dedup_add(d, c.p, 2, 0, r), WT_OK);
	cr_assert(r[1].duplicate);
	wt_dedup_result_release(&r[0]), wt_dedup_result_release(&r[1]);
	wt_dedup_destroy(d);
	corpus_free(&c);
	free(t), free(near);
}

Test(dedup, seeds_trimmed_reuters_version)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/seeds", shared_dir());
	if (access(p, R_OK) != 0)
		cr_skip_test("no ../shared/seeds");
	wt_reader *rd = wt_reader_create(NULL);
	cr_assert_eq(wt_reader_add_path(rd, p), WT_OK);
	corpus c = {0};
	while (c.n < 64 && wt_reader_next(rd, &c.a[c.n]) == WT_OK) {
		c.p[c.n] = &c.a[c.n];
		c.n++;
	}
	wt_reader_destroy(rd);
	cr_assert_eq(c.n, 5);
	wt_dedup *d = make(0.8, 0.5, WT_KEEP_FIRST, 2);
	wt_dedup_result r[5];
	cr_assert_eq(wt_dedup_add(d, c.p, 5, 0, r), WT_OK);
	int dups = 0;
	for (int i = 0; i < 5; i++) {
		if (r[i].duplicate) {
			dups++;
			cr_assert(!strncmp(c.a[i].id, "003", 3), "only 003 is dropped");
			cr_assert(!strncmp(r[i].dup_of, "000", 3));
			cr_assert(r[i].sim.contain_a > 0.55 && r[i].sim.contain_a < 0.75);
		}
		wt_dedup_result_release(&r[i]);
	}
	cr_assert_eq(dups, 1);
	wt_dedup_destroy(d);
	corpus_free(&c);
}

/* ------------------------------------------- records kept by the caller */
#define SHELF 40
/* A stand-in for the ingest's store: shingle sets and ids by key. */
typedef struct shelf {
	wt_shingles sh[SHELF];
	char id[SHELF][16];
	int reads;
} shelf;

static int shelf_fetch(void *ctx, uint64_t key, wt_buf *sh, wt_buf *id)
{
	shelf *s = ctx;
	if (key >= SHELF || !s->id[key][0])
		return -1;
	s->reads++;
	if (sh && s->sh[key].n && buf_add(sh, s->sh[key].h, s->sh[key].n * sizeof(uint64_t)))
		return -1;
	if (id && buf_add(id, s->id[key], strlen(s->id[key])))
		return -1;
	return 0;
}

static void shelve(shelf *s, wt_doc *doc, uint64_t key, const char *text)
{
	wt_shingles_init(&s->sh[key]);
	cr_assert_eq(wt_shingles_from_text(&s->sh[key], doc, text, strlen(text), 5), WT_OK);
	snprintf(s->id[key], sizeof s->id[key], "k%u", (unsigned)key);
}

static wt_dedup *make_fetching(double t, shelf *s)
{
	wt_dedup *d = make(t, 0, WT_KEEP_FIRST, 1);
	dedup_set_fetch(d, shelf_fetch, s);
	return d;
}

/* An index over stored records (read back to verify), saved with the keys
 * of the records it kept since, and loaded back: the loaded index decides
 * every later record as the one that was saved does. */
Test(dedup, saved_index_decides_alike)
{
	rng = 7;
	shelf sf;
	memset(&sf, 0, sizeof sf);
	wt_doc *doc = wt_doc_create();
	char *base[20];
	for (int i = 0; i < 20; i++) {
		/* 10..14 edit 0..4 (duplicates); the others are new */
		base[i] = i >= 10 && i < 15 ? edit(base[i - 10], 2) : words(200);
		shelve(&sf, doc, (uint64_t)i, base[i]);
	}
	wt_dedup *d = make_fetching(0.8, &sf);
	for (uint64_t k = 0; k < 10; k++)
		cr_assert_eq(dedup_insert(d, k, NULL, sf.sh[k].h, sf.sh[k].n), WT_OK);
	uint64_t kept[10];
	size_t nkept = 0;
	for (uint64_t k = 10; k < 20; k++) {
		wt_dedup_result r;
		cr_assert_eq(dedup_decide_shingles(d, sf.id[k], sf.sh[k].h, sf.sh[k].n, &r), WT_OK);
		cr_assert_eq(r.duplicate, k < 15, "record %u", (unsigned)k);
		if (r.duplicate)
			cr_assert_str_eq(r.dup_of, sf.id[k - 10]);
		else
			kept[nkept++] = k;
		wt_dedup_result_release(&r);
	}
	cr_assert_eq(nkept, 5);
	cr_assert_gt(sf.reads, 0, "stored records were read back to verify");

	membuf m = {0};
	state_io w = {mem_write, &m, 0};
	cr_assert_eq(dedup_save(d, kept, nkept - 1, &w), WT_ERR_ARG, "a key is missing");
	m.len = 0;
	w.err = 0;
	cr_assert_eq(dedup_save(d, kept, nkept, &w), WT_OK);
	wt_dedup *e = make_fetching(0.8, &sf);
	state_io r = {mem_read, &m, 0};
	cr_assert_eq(dedup_load(e, &r), WT_OK);
	cr_assert_eq(m.off, m.len, "everything read back");
	wt_dedup_stats s1, s2;
	wt_dedup_stats_get(d, &s1);
	wt_dedup_stats_get(e, &s2);
	cr_assert_eq(s2.references, s1.references);

	/* later records: edits of every kind of record, and new ones */
	for (int j = 0; j < 30; j++) {
		char *t = j < 20 ? edit(base[j], 3) : words(200);
		wt_shingles q;
		wt_shingles_init(&q);
		cr_assert_eq(wt_shingles_from_text(&q, doc, t, strlen(t), 5), WT_OK);
		char id[32];
		snprintf(id, sizeof id, "later%d", j);
		wt_dedup_result a, b;
		cr_assert_eq(dedup_decide_shingles(d, id, q.h, q.n, &a), WT_OK);
		sf.reads = 0;
		cr_assert_eq(dedup_decide_shingles(e, id, q.h, q.n, &b), WT_OK);
		cr_assert_eq(a.duplicate, b.duplicate, "later%d", j);
		if (j < 10 || j >= 15) /* edits of edits may fall below */
			cr_assert_eq(a.duplicate, j < 20, "later%d", j);
		if (a.duplicate) {
			cr_assert_str_eq(a.dup_of, b.dup_of);
			cr_assert_eq(a.sim.jaccard, b.sim.jaccard);
			cr_assert_gt(sf.reads, 0, "verified against the stored set");
		}
		wt_dedup_result_release(&a);
		wt_dedup_result_release(&b);
		wt_shingles_release(&q);
		free(t);
	}
	wt_dedup_destroy(d);
	wt_dedup_destroy(e);

	/* other options, a short stream, no fetch function: refused */
	wt_dedup *o = make_fetching(0.9, &sf);
	m.off = 0;
	r.err = 0;
	cr_assert_eq(dedup_load(o, &r), WT_ERR_ARG);
	wt_dedup_destroy(o);
	membuf cut = m;
	cut.len = m.len / 2;
	cut.off = 0;
	o = make_fetching(0.8, &sf);
	state_io rc = {mem_read, &cut, 0};
	cr_assert_eq(dedup_load(o, &rc), WT_ERR_STORE);
	wt_dedup_destroy(o);
	o = make(0.8, 0, WT_KEEP_FIRST, 1);
	m.off = 0;
	r.err = 0;
	cr_assert_eq(dedup_load(o, &r), WT_ERR_ARG);
	wt_dedup_destroy(o);

	/* a stored record that cannot be read back: an error naming it */
	o = make_fetching(0.8, &sf);
	m.off = 0;
	r.err = 0;
	cr_assert_eq(dedup_load(o, &r), WT_OK);
	sf.id[3][0] = 0;
	char *t = edit(base[3], 1);
	wt_shingles q;
	wt_shingles_init(&q);
	cr_assert_eq(wt_shingles_from_text(&q, doc, t, strlen(t), 5), WT_OK);
	wt_dedup_result a;
	cr_assert_eq(dedup_decide_shingles(o, "x", q.h, q.n, &a), WT_ERR_IO);
	cr_assert(strstr(wt_dedup_message(o), "stored record 3"), "%s", wt_dedup_message(o));
	wt_dedup_result_release(&a);
	wt_shingles_release(&q);
	free(t);
	wt_dedup_destroy(o);

	free(m.p);
	for (int i = 0; i < 20; i++) {
		free(base[i]);
		wt_shingles_release(&sf.sh[i]);
	}
	wt_doc_destroy(doc);
}

/* Damaged saved indexes are refused: every entry must name a record. */
Test(dedup, damaged_saved_index_refused)
{
	rng = 11;
	shelf sf;
	memset(&sf, 0, sizeof sf);
	wt_doc *doc = wt_doc_create();
	for (int i = 0; i < 4; i++) {
		char *t = words(60);
		shelve(&sf, doc, (uint64_t)i, t);
		free(t);
	}
	wt_dedup *d = make_fetching(0.8, &sf);
	for (uint64_t k = 0; k < 4; k++)
		cr_assert_eq(dedup_insert(d, k, NULL, sf.sh[k].h, sf.sh[k].n), WT_OK);
	membuf m = {0};
	state_io w = {mem_write, &m, 0};
	cr_assert_eq(dedup_save(d, NULL, 0, &w), WT_OK);
	wt_dedup_destroy(d);
	/* flip each byte in turn: loading either refuses or gives an index
	 * that works (decides a record without harm) */
	int refused = 0;
	for (size_t i = 0; i < m.len; i += 7) {
		m.p[i] ^= 0x5A;
		wt_dedup *e = make_fetching(0.8, &sf);
		m.off = 0;
		state_io r = {mem_read, &m, 0};
		if (dedup_load(e, &r) != WT_OK) {
			refused++;
		} else {
			wt_dedup_result a;
			wt_status st = dedup_decide_shingles(e, "x", sf.sh[0].h, sf.sh[0].n, &a);
			cr_assert(st == WT_OK || st == WT_ERR_IO);
			wt_dedup_result_release(&a);
		}
		wt_dedup_destroy(e);
		m.p[i] ^= 0x5A;
	}
	cr_assert_gt(refused, 0);
	free(m.p);
	for (int i = 0; i < 4; i++)
		wt_shingles_release(&sf.sh[i]);
	wt_doc_destroy(doc);
}
