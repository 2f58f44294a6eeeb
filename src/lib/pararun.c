/*
 * pararun.c - the paragraph rows that boilerplate learning reads, kept as
 * sorted runs: each run is one blob of para_runs, written in one piece
 * when the writer's staged rows move to the store, and read back in key
 * order, several runs at once (merged), by learning and by compaction.
 * Writing a million rows as a run takes a tenth of the time their inserts
 * into a b-tree took (docs/schema.md, "Learned boilerplate").
 *
 * A run, little-endian:
 *   "WTP1", u32 sources, u64 rows;
 *   each source: u32 length, its bytes (distinct, in byte order);
 *   each row (20 bytes): u64 key, u64 context, u32 source number;
 * rows sorted by key, source and context, each once. Bytes after the last
 * row are ignored (compaction, which drops rows found twice, may leave
 * some).
 */
#include "pararun.h"
#include "sketch.h" /* SKETCH_SORT_BY_KEY */

#include <stdlib.h>
#include <string.h>

#define ROW       20   /* bytes per row */
#define HEAD      16   /* bytes before the sources */
#define READ_ROWS 4096 /* rows read at once at most, per run */
#define MIN_READ  16   /* rows read after a jump */

/* ---------------------------------------------------------------- writing */
#define PARA_KEY(r) ((r).key)
SKETCH_SORT_BY_KEY(sort_rows, para_row, PARA_KEY)

/* A source met in the rows: its bytes, its order of appearance and its
 * number in the run. */
typedef struct src_ent {
	const char *s;
	uint32_t len, seen, num;
} src_ent;

/* Byte order of two strings (a shorter one first when it is a prefix). */
static int bytes_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	uint32_t n = alen < blen ? alen : blen;
	int c = n ? memcmp(a, b, n) : 0;
	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int cmp_src(const void *a, const void *b)
{
	const src_ent *x = a, *y = b;
	return bytes_cmp(x->s, x->len, y->s, y->len);
}

/* Rows of one key, by source number (in src) then context. */
static int cmp_row(const void *a, const void *b)
{
	const para_row *x = a, *y = b;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->ctx < y->ctx ? -1 : x->ctx > y->ctx;
}

int pararun_encode(wt_buf *out, para_row *r, size_t n, const char *pool, size_t *kept)
{
	*kept = 0;
	if (n > PARARUN_MAX_ROWS)
		return -1;
	/* the sources, in order of appearance (rows of one article are
	 * together and share one pool entry) */
	wt_buf ents;
	buf_init(&ents);
	for (size_t i = 0; i < n; i++) {
		if (i && r[i].src == r[i - 1].src && r[i].src_len == r[i - 1].src_len)
			continue;
		src_ent e = {pool + r[i].src, r[i].src_len, (uint32_t)(ents.len / sizeof e), 0};
		if (buf_add(&ents, &e, sizeof e)) {
			buf_release(&ents);
			return -1;
		}
	}
	src_ent *e = (src_ent *)(void *)ents.p;
	size_t ne = ents.len / sizeof(src_ent), nsrc = 0;
	/* numbered in byte order, equal strings alike */
	if (ne)
		qsort(e, ne, sizeof *e, cmp_src);
	size_t dict = 0;
	for (size_t i = 0; i < ne; i++) {
		if (!i || cmp_src(&e[i], &e[i - 1])) {
			nsrc++;
			dict += 4 + e[i].len;
		}
		e[i].num = (uint32_t)(nsrc - 1);
	}
	size_t at = out->len;
	if (buf_reserve(out, HEAD + dict + n * ROW)) {
		buf_release(&ents);
		return -1;
	}
	unsigned char *p = (unsigned char *)out->p + at;
	memcpy(p, "WTP1", 4);
	le_put32(p + 4, (uint32_t)nsrc);
	p += HEAD;
	/* a pool entry of each number, to give the rows their sources back;
	 * each entry's number, by order of appearance */
	src_ent *first = malloc((nsrc + 1) * sizeof *first);
	uint32_t *num_of = malloc((ne + 1) * sizeof *num_of);
	if (!first || !num_of) {
		free(first), free(num_of);
		buf_release(&ents);
		return -1;
	}
	for (size_t i = 0; i < ne; i++) {
		num_of[e[i].seen] = e[i].num;
		if (i && e[i].num == e[i - 1].num)
			continue;
		first[e[i].num] = e[i];
		le_put32(p, e[i].len);
		memcpy(p + 4, e[i].s, e[i].len);
		p += 4 + e[i].len;
	}
	/* rows: their source's number (the k-th entry met, as above) */
	uint32_t prev_off = 0, prev_len = 0;
	for (size_t i = 0, k = 0; i < n; i++) {
		if (i && (r[i].src != prev_off || r[i].src_len != prev_len))
			k++;
		prev_off = r[i].src, prev_len = r[i].src_len;
		r[i].src = num_of[k], r[i].src_len = 0;
	}
	free(num_of);
	buf_release(&ents);
	sort_rows(r, n);
	size_t m = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && r[j].key == r[i].key)
			j++;
		if (j - i > 1)
			qsort(r + i, j - i, sizeof *r, cmp_row);
		for (size_t k = i; k < j; k++) {
			if (k > i && !cmp_row(&r[k], &r[k - 1]))
				continue;
			le_put64(p, r[k].key);
			le_put64(p + 8, (uint64_t)r[k].ctx);
			le_put32(p + 16, r[k].src);
			p += ROW;
			m++;
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		const src_ent *f = &first[r[i].src];
		r[i].src = (uint32_t)(f->s - pool), r[i].src_len = f->len;
	}
	free(first);
	le_put64((unsigned char *)out->p + at + 8, m);
	out->len = (size_t)((char *)p - out->p);
	out->p[out->len] = 0;
	*kept = m;
	return 0;
}

int pararun_insert(sqlite3 *db, const wt_buf *run, size_t rows)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(
	    db, "INSERT INTO para_runs(rows, learned, data) VALUES(?1, 0, ?2)", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, (sqlite3_int64)rows);
		sqlite3_bind_blob64(q, 2, run->p, run->len, SQLITE_STATIC);
		rc = sqlite3_step(q);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(q);
	return rc;
}

/* ---------------------------------------------------------------- reading */
/* One run being read: its rows [b0, b1) are in buf, the next row is pos. */
typedef struct prun {
	int64_t run;
	int learned;
	sqlite3_blob *blob;
	uint64_t n;      /* rows */
	int64_t rows_at; /* where row 0 starts */
	uint32_t nsrc;   /* sources: source i is at dict + soff[i], slen[i] bytes */
	char *dict;
	uint32_t *soff, *slen;
	uint32_t *umap; /* source number -> number among the merged runs */
	unsigned char *buf;
	uint64_t b0, b1, pos;
	size_t want; /* rows of the next read: grows while reading on */
} prun;

static int blob_read(prun *r, void *to, size_t n, int64_t at)
{
	if (at < 0 || (uint64_t)at + n > (uint64_t)sqlite3_blob_bytes(r->blob))
		return SQLITE_CORRUPT;
	return sqlite3_blob_read(r->blob, to, (int)n, (int)at);
}

static int prun_open(sqlite3 *db, prun *r)
{
	int rc = sqlite3_blob_open(db, "main", "para_runs", "data", r->run, 0, &r->blob);
	if (rc != SQLITE_OK)
		return rc;
	unsigned char h[HEAD];
	if ((rc = blob_read(r, h, HEAD, 0)) != SQLITE_OK)
		return rc;
	if (memcmp(h, "WTP1", 4))
		return SQLITE_CORRUPT;
	r->nsrc = le_get32(h + 4);
	r->n = le_get64(h + 8);
	int64_t size = sqlite3_blob_bytes(r->blob), at = HEAD;
	if (r->nsrc > (uint64_t)size / 4 || r->n > (uint64_t)size / ROW)
		return SQLITE_CORRUPT;
	r->soff = malloc((r->nsrc + 1) * sizeof *r->soff);
	r->slen = malloc((r->nsrc + 1) * sizeof *r->slen);
	r->umap = malloc((r->nsrc + 1) * sizeof *r->umap);
	r->buf = malloc((size_t)READ_ROWS * ROW);
	if (!r->soff || !r->slen || !r->umap || !r->buf)
		return SQLITE_NOMEM;
	/* the sources' bytes, then a copy of them in dict */
	uint32_t total = 0;
	for (uint32_t i = 0; i < r->nsrc; i++) {
		unsigned char l[4];
		if ((rc = blob_read(r, l, 4, at)) != SQLITE_OK)
			return rc;
		r->slen[i] = le_get32(l);
		r->soff[i] = total;
		if (r->slen[i] > size - at - 4)
			return SQLITE_CORRUPT;
		at += 4 + r->slen[i];
		total += r->slen[i];
	}
	if (!(r->dict = malloc(total + 1u)))
		return SQLITE_NOMEM;
	for (uint32_t i = 0; i < r->nsrc; i++)
		if ((rc = blob_read(r, r->dict + r->soff[i], r->slen[i],
		                    HEAD + 4 * (int64_t)(i + 1) + r->soff[i])) != SQLITE_OK)
			return rc;
	r->rows_at = at;
	if (r->n > (uint64_t)(size - at) / ROW)
		return SQLITE_CORRUPT;
	r->want = MIN_READ;
	return SQLITE_OK;
}

static void prun_close(prun *r)
{
	sqlite3_blob_close(r->blob);
	free(r->soff);
	free(r->slen);
	free(r->umap);
	free(r->dict);
	free(r->buf);
}

/* Reads rows from `from` on into buf (more each time it reads on). */
static int prun_fill(prun *r, uint64_t from)
{
	uint64_t m = r->n - from < r->want ? r->n - from : r->want;
	int rc = blob_read(r, r->buf, (size_t)m * ROW, r->rows_at + (int64_t)(from * ROW));
	if (rc != SQLITE_OK)
		return rc;
	r->b0 = from, r->b1 = from + m;
	if (r->want < READ_ROWS)
		r->want *= 2;
	return SQLITE_OK;
}

static const unsigned char *row_at(const prun *r, uint64_t i)
{
	return r->buf + (i - r->b0) * ROW;
}

/* The key of the next row: 1 there is one, 0 the run is done, else -rc. */
static int prun_peek(prun *r, uint64_t *key)
{
	if (r->pos >= r->n)
		return 0;
	if (r->pos < r->b0 || r->pos >= r->b1) {
		int rc = prun_fill(r, r->pos);
		if (rc != SQLITE_OK)
			return -rc;
	}
	*key = le_get64(row_at(r, r->pos));
	return 1;
}

static int key_at(prun *r, uint64_t i, uint64_t *key)
{
	unsigned char k[8];
	int rc = blob_read(r, k, 8, r->rows_at + (int64_t)(i * ROW));
	*key = le_get64(k);
	return rc;
}

/* Moves on to the first row whose key is at least `key`: within the rows
 * read, by reading on, or by a binary search in the blob when the key is
 * further than the next read would go. */
static int prun_seek(prun *r, uint64_t key)
{
	while (r->pos < r->n) {
		if (r->pos >= r->b0 && r->pos < r->b1) {
			if (le_get64(row_at(r, r->pos)) >= key)
				return SQLITE_OK;
			if (le_get64(row_at(r, r->b1 - 1)) < key) {
				r->pos = r->b1;
				continue;
			}
			uint64_t lo = r->pos, hi = r->b1 - 1;
			while (lo < hi) {
				uint64_t mid = lo + (hi - lo) / 2;
				if (le_get64(row_at(r, mid)) < key)
					lo = mid + 1;
				else
					hi = mid;
			}
			r->pos = lo;
			return SQLITE_OK;
		}
		uint64_t probe = r->pos + r->want - 1 < r->n ? r->pos + r->want - 1 : r->n - 1, k;
		int rc = key_at(r, probe, &k);
		if (rc != SQLITE_OK)
			return rc;
		if (k >= key) {
			if ((rc = prun_fill(r, r->pos)) != SQLITE_OK)
				return rc;
			continue;
		}
		uint64_t lo = probe + 1, hi = r->n;
		while (lo < hi) {
			uint64_t mid = lo + (hi - lo) / 2;
			if ((rc = key_at(r, mid, &k)) != SQLITE_OK)
				return rc;
			if (k < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		r->pos = lo;
		r->want = MIN_READ;
	}
	return SQLITE_OK;
}

/* ---------------------------------------------------------------- merging */
/* A row of the paragraph being merged: its context and source (numbered
 * among all the merged runs' sources, in byte order). */
typedef struct grow {
	int64_t ctx;
	uint32_t src;
} grow;

/* Runs read together, paragraph by paragraph. */
typedef struct merger {
	prun *r;
	size_t k;
	const char **u; /* every source of the runs, distinct, in byte order */
	uint32_t *ulen;
	size_t nu;
	grow *g; /* the paragraph's rows */
	size_t ng, gcap;
} merger;

typedef struct uent {
	const char *s;
	uint32_t len;
} uent;

static int cmp_uent(const void *a, const void *b)
{
	const uent *x = a, *y = b;
	return bytes_cmp(x->s, x->len, y->s, y->len);
}

static void merger_close(merger *m)
{
	for (size_t i = 0; i < m->k; i++)
		prun_close(&m->r[i]);
	free(m->r);
	free(m->u);
	free(m->ulen);
	free(m->g);
	memset(m, 0, sizeof *m);
}

/* Opens the runs that `sql` lists (run, learned) and numbers their sources
 * together. */
static int merger_open(sqlite3 *db, merger *m, const char *sql)
{
	memset(m, 0, sizeof *m);
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	size_t cap = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (m->k == cap) {
			prun *w = realloc(m->r, (cap = cap ? 2 * cap : 8) * sizeof *w);
			if (!w) {
				rc = SQLITE_NOMEM;
				break;
			}
			m->r = w;
		}
		prun *r = &m->r[m->k++];
		memset(r, 0, sizeof *r);
		r->run = sqlite3_column_int64(q, 0);
		r->learned = sqlite3_column_int(q, 1);
		rc = prun_open(db, r);
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	size_t total = 0;
	for (size_t i = 0; rc == SQLITE_OK && i < m->k; i++)
		total += m->r[i].nsrc;
	uent *all = rc == SQLITE_OK ? malloc((total + 1) * sizeof *all) : NULL;
	m->u = rc == SQLITE_OK ? malloc((total + 1) * sizeof *m->u) : NULL;
	m->ulen = rc == SQLITE_OK ? malloc((total + 1) * sizeof *m->ulen) : NULL;
	if (rc == SQLITE_OK && (!all || !m->u || !m->ulen))
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK) {
		size_t n = 0;
		for (size_t i = 0; i < m->k; i++)
			for (uint32_t j = 0; j < m->r[i].nsrc; j++)
				all[n++] = (uent){m->r[i].dict + m->r[i].soff[j], m->r[i].slen[j]};
		if (n)
			qsort(all, n, sizeof *all, cmp_uent);
		for (size_t i = 0; i < n; i++)
			if (!m->nu || cmp_uent(&all[i], &all[m->nu - 1]))
				all[m->nu++] = all[i];
		for (size_t i = 0; i < m->nu; i++)
			m->u[i] = all[i].s, m->ulen[i] = all[i].len;
		for (size_t i = 0; i < m->k; i++)
			for (uint32_t j = 0; j < m->r[i].nsrc; j++) {
				uent key = {m->r[i].dict + m->r[i].soff[j], m->r[i].slen[j]};
				const uent *f = bsearch(&key, all, m->nu, sizeof *all, cmp_uent);
				m->r[i].umap[j] = (uint32_t)(f - all);
			}
	}
	free(all);
	if (rc != SQLITE_OK)
		merger_close(m);
	return rc;
}

static int cmp_grow(const void *a, const void *b)
{
	const grow *x = a, *y = b;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->ctx < y->ctx ? -1 : x->ctx > y->ctx;
}

/* The next paragraph: the lowest key among the runs (among the runs not
 * learned when `fresh_only`), its rows from every run in m->g, sorted,
 * each once. 1 found, 0 none left, else -rc. */
static int merger_next(merger *m, int fresh_only, uint64_t *key)
{
	int have = 0, got;
	uint64_t k;
	for (size_t i = 0; i < m->k; i++) {
		if (fresh_only && m->r[i].learned)
			continue;
		if ((got = prun_peek(&m->r[i], &k)) < 0)
			return got;
		if (got && (!have || k < *key))
			*key = k, have = 1;
	}
	if (!have)
		return 0;
	m->ng = 0;
	for (size_t i = 0; i < m->k; i++) {
		prun *r = &m->r[i];
		int rc = prun_seek(r, *key);
		if (rc != SQLITE_OK)
			return -rc;
		while ((got = prun_peek(r, &k)) == 1 && k == *key) {
			const unsigned char *p = row_at(r, r->pos);
			uint32_t src = le_get32(p + 16);
			if (src >= r->nsrc)
				return -SQLITE_CORRUPT;
			if (m->ng == m->gcap) {
				size_t cap = m->gcap ? 2 * m->gcap : 64;
				grow *w = realloc(m->g, cap * sizeof *w);
				if (!w)
					return -SQLITE_NOMEM;
				m->g = w, m->gcap = cap;
			}
			m->g[m->ng++] = (grow){(int64_t)le_get64(p + 8), r->umap[src]};
			r->pos++;
		}
		if (got < 0)
			return got;
	}
	if (m->ng > 1) {
		qsort(m->g, m->ng, sizeof *m->g, cmp_grow);
		size_t n = 1;
		for (size_t i = 1; i < m->ng; i++)
			if (cmp_grow(&m->g[i], &m->g[n - 1]))
				m->g[n++] = m->g[i];
		m->ng = n;
	}
	return 1;
}

/* ---------------------------------------------------------------- learning */
#define I64_KEY(v) ((uint64_t)(v))
SKETCH_SORT_BY_KEY(sort_ctx, int64_t, I64_KEY)

/* Decides the paragraph in m->g (see pararun_learn). */
static int decide(merger *m, uint64_t key, int min, sqlite3_stmt *put, wt_buf *ctx)
{
	if (m->ng < (size_t)min)
		return SQLITE_OK;
	size_t best = 0, run = 0;
	ctx->len = 0;
	if (buf_reserve(ctx, m->ng * sizeof(int64_t)))
		return SQLITE_NOMEM;
	int64_t *c = (int64_t *)(void *)ctx->p;
	for (size_t i = 0; i < m->ng; i++) {
		run = i && m->g[i].src == m->g[i - 1].src ? run + 1 : 1;
		if (run > best)
			best = run;
		c[i] = m->g[i].ctx;
	}
	sort_ctx(c, m->ng);
	size_t n = 1;
	for (size_t i = 1; i < m->ng; i++)
		n += c[i] != c[i - 1];
	if (n < (size_t)min || (n < 2 * (size_t)min && best < (size_t)min))
		return SQLITE_OK;
	sqlite3_bind_int64(put, 1, (sqlite3_int64)(key ^ (1ull << 63)));
	sqlite3_bind_int64(put, 2, (sqlite3_int64)n);
	int rc = sqlite3_step(put);
	sqlite3_reset(put);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int pararun_learn(sqlite3 *db, int min, int full)
{
	merger m;
	int rc = merger_open(db, &m, "SELECT run, learned FROM para_runs ORDER BY run");
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *put = NULL;
	wt_buf ctx;
	buf_init(&ctx);
	rc = sqlite3_prepare_v2(db,
	                        "INSERT OR REPLACE INTO boilerplate(hash, contexts) VALUES(?1, ?2)",
	                        -1, &put, NULL);
	uint64_t key;
	int got = 0;
	while (rc == SQLITE_OK && (got = merger_next(&m, !full, &key)) == 1)
		rc = decide(&m, key, min, put, &ctx);
	if (rc == SQLITE_OK && got < 0)
		rc = -got;
	sqlite3_finalize(put);
	buf_release(&ctx);
	merger_close(&m);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "UPDATE para_runs SET learned = 1 WHERE learned = 0", NULL,
		                  NULL, NULL);
	return rc;
}

/* ---------------------------------------------------------------- compaction */
/* Rows written into a blob through a buffer. */
typedef struct blob_out {
	sqlite3_blob *b;
	unsigned char buf[READ_ROWS * ROW];
	size_t len;
	int64_t at;
} blob_out;

static int out_write(blob_out *o, const void *p, size_t n)
{
	if (o->len + n > sizeof o->buf || !p) {
		int rc = sqlite3_blob_write(o->b, o->buf, (int)o->len, (int)o->at);
		if (rc != SQLITE_OK)
			return rc;
		o->at += (int64_t)o->len, o->len = 0;
	}
	if (p && n > sizeof o->buf) {
		int rc = sqlite3_blob_write(o->b, p, (int)n, (int)o->at);
		o->at += (int64_t)n;
		return rc;
	}
	if (p)
		memcpy(o->buf + o->len, p, n), o->len += n;
	return SQLITE_OK;
}

/* Merges the runs [first, last] (ids) into a new one, in the write
 * transaction; `rows`: theirs in all. */
static int merge_runs(sqlite3 *db, int64_t first, int64_t last, uint64_t rows)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT run, learned FROM para_runs WHERE run BETWEEN %lld AND %lld ORDER BY run",
	         (long long)first, (long long)last);
	merger m;
	int rc = merger_open(db, &m, sql);
	if (rc != SQLITE_OK)
		return rc;
	uint64_t size = HEAD + rows * ROW;
	for (size_t i = 0; i < m.nu; i++)
		size += 4 + m.ulen[i];
	sqlite3_stmt *q = NULL;
	blob_out *o = calloc(1, sizeof *o);
	int64_t run = 0;
	if (!o)
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(
		    db, "INSERT INTO para_runs(rows, learned, data) VALUES(0, 1, zeroblob(?1))", -1,
		    &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, (sqlite3_int64)size);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
		run = sqlite3_last_insert_rowid(db);
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_OK)
		rc = sqlite3_blob_open(db, "main", "para_runs", "data", run, 1, &o->b);
	unsigned char h[HEAD];
	memcpy(h, "WTP1", 4);
	le_put32(h + 4, (uint32_t)m.nu);
	le_put64(h + 8, 0);
	if (rc == SQLITE_OK)
		rc = out_write(o, h, HEAD);
	for (size_t i = 0; rc == SQLITE_OK && i < m.nu; i++) {
		unsigned char l[4];
		le_put32(l, m.ulen[i]);
		rc = out_write(o, l, 4);
		if (rc == SQLITE_OK)
			rc = out_write(o, m.u[i], m.ulen[i]);
	}
	uint64_t key, n = 0;
	int got = 0;
	while (rc == SQLITE_OK && (got = merger_next(&m, 0, &key)) == 1)
		for (size_t i = 0; rc == SQLITE_OK && i < m.ng; i++) {
			unsigned char r[ROW];
			le_put64(r, key);
			le_put64(r + 8, (uint64_t)m.g[i].ctx);
			le_put32(r + 16, m.g[i].src);
			rc = out_write(o, r, ROW);
			n++;
		}
	if (rc == SQLITE_OK && got < 0)
		rc = -got;
	if (rc == SQLITE_OK)
		rc = out_write(o, NULL, 0);
	le_put64(h + 8, n);
	if (rc == SQLITE_OK)
		rc = sqlite3_blob_write(o->b, h + 8, 8, 8);
	if (o)
		sqlite3_blob_close(o->b);
	free(o);
	merger_close(&m);
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof sql,
		         "UPDATE para_runs SET rows = %llu WHERE run = %lld;"
		         "DELETE FROM para_runs WHERE run BETWEEN %lld AND %lld",
		         (unsigned long long)n, (long long)run, (long long)first, (long long)last);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	return rc;
}

int pararun_compact(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT run, rows, learned FROM para_runs ORDER BY run", -1,
	                            &q, NULL);
	wt_buf v; /* run ids and rows, in pairs */
	buf_init(&v);
	int all_learned = 1;
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t e[2] = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1)};
		all_learned &= sqlite3_column_int(q, 2) != 0;
		rc = buf_add(&v, e, sizeof e) ? SQLITE_NOMEM : SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	const int64_t(*e)[2] = (const int64_t(*)[2])(void *)v.p;
	size_t k = v.len / sizeof *e;
	if (rc == SQLITE_OK && all_learned && k > 8) {
		/* the newest runs, while the one before holds at most twice */
		size_t j = k - 1;
		uint64_t acc = (uint64_t)e[j][1];
		while (j > 0 && (uint64_t)e[j - 1][1] <= 2 * acc &&
		       acc + (uint64_t)e[j - 1][1] <= PARARUN_MAX_ROWS)
			acc += (uint64_t)e[--j][1];
		if (j < k - 1)
			rc = merge_runs(db, e[j][0], e[k - 1][0], acc);
	}
	buf_release(&v);
	return rc;
}

int pararun_dump(sqlite3 *db, wt_buf *out)
{
	merger m;
	int rc = merger_open(db, &m, "SELECT run, learned FROM para_runs ORDER BY run");
	if (rc != SQLITE_OK)
		return rc;
	uint64_t key;
	int got;
	while (rc == SQLITE_OK && (got = merger_next(&m, 0, &key)) == 1)
		for (size_t i = 0; rc == SQLITE_OK && i < m.ng; i++)
			if (buf_printf(
			        out, "%lld|%.*s|%lld\n", (long long)(int64_t)(key ^ (1ull << 63)),
			        (int)m.ulen[m.g[i].src], m.u[m.g[i].src], (long long)m.g[i].ctx))
				rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK && got < 0)
		rc = -got;
	merger_close(&m);
	return rc;
}
