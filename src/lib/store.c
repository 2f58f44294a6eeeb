/*
 * store.c - the embedded SQLite store (WAL mode). Articles are stored with
 * their cleaning results; ingest is idempotent (same id and content: nothing
 * added; same id, new content: a new version) and every batch is one
 * transaction, so a crash never leaves half a batch. Paragraph hashes are
 * kept to learn boilerplate from the corpus itself. Schema: docs/schema.md.
 */
#include "internal.h"
#include "pararun.h"
#include "sketch.h"

#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#define SCHEMA_VERSION  "1"
#define PARA_MAX        500     /* longer paragraphs are never boilerplate */
#define PARA_MERGE_ROWS 1000000 /* staged paragraph rows that start a merge */

/* Paragraph rows of stored articles not in para_runs yet, in memory: the
 * rows, the sources they point into, the articles' rows (seq) they came
 * from; and the lengths of the three when the current transaction began,
 * to go back to on a rollback. */
typedef struct para_stage {
	wt_buf rows, pool, seqs;
	size_t mark[3];
} para_stage;

struct wt_store {
	sqlite3 *db;
	sqlite3_stmt *find_same, *max_version, *insert, *insert_pending, *is_bp, *insert_sketch;
	/* statements of run_sql(), prepared once: keyed by their (static) text */
	struct {
		const char *sql;
		sqlite3_stmt *q;
	} cached[8];
	int readonly;
	para_stage para;     /* paragraph rows not merged yet */
	uint64_t para_chunk; /* staged rows that start a merge */
	int sh_bytes;        /* bytes a stored shingle: 4, or 8 in older stores */
	wt_buf packed;       /* a shingle set as stored */
	char msg[512];
	char now[24]; /* UTC time of the open transaction: articles.ingested_at */
};

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "');"
    "CREATE TABLE IF NOT EXISTS articles("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " hash TEXT NOT NULL,"
    " title TEXT, source TEXT, url TEXT, published TEXT, origin TEXT,"
    " text TEXT NOT NULL,"
    " info TEXT NOT NULL,"
    " ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    " UNIQUE(id, version));"
    "CREATE TABLE IF NOT EXISTS para_runs(run INTEGER PRIMARY KEY,"
    " rows INTEGER NOT NULL, learned INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS para_pending(seq INTEGER PRIMARY KEY);"
    "CREATE TABLE IF NOT EXISTS boilerplate(hash INTEGER PRIMARY KEY, contexts INTEGER);"
    "CREATE TABLE IF NOT EXISTS sketches("
    " seq INTEGER PRIMARY KEY,"
    " shingles BLOB NOT NULL,"
    " grp TEXT NOT NULL,"
    " jaccard REAL NOT NULL, containment REAL NOT NULL);"
    "CREATE INDEX IF NOT EXISTS sketches_grp ON sketches(grp);"
    "CREATE TABLE IF NOT EXISTS story_members("
    " seq INTEGER PRIMARY KEY, story INTEGER NOT NULL, score REAL NOT NULL);"
    "CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story);"
    "CREATE TABLE IF NOT EXISTS stories(story INTEGER PRIMARY KEY, label TEXT);"
    "CREATE TABLE IF NOT EXISTS engine_state(name TEXT NOT NULL, part INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY(name, part));"
    "CREATE TABLE IF NOT EXISTS story_merges("
    " gone INTEGER NOT NULL, into_story INTEGER NOT NULL, at_seq INTEGER NOT NULL);";

wt_store *wt_store_create(void)
{
	wt_store *s = calloc(1, sizeof(wt_store));
	if (s)
		s->para_chunk = PARA_MERGE_ROWS;
	return s;
}

void store_set_para_chunk(wt_store *s, uint64_t rows)
{
	s->para_chunk = rows ? rows : PARA_MERGE_ROWS;
}

void store_para_forget(wt_store *s)
{
	s->para.rows.len = s->para.pool.len = s->para.seqs.len = 0;
}

static wt_status run_error(wt_store *s, int rc, const char *what);

/* 1 when `sql` gives a row, else 0. */
static int has_row(wt_store *s, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
	int any = rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return any;
}

static wt_status db_error(wt_store *s, const char *what);

/* *v = the integer that `sql` gives (0 for NULL); `what` names it in an
 * error. */
static wt_status scalar_int64(wt_store *s, const char *sql, const char *what, int64_t *v)
{
	*v = 0;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, what);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? WT_OK : db_error(s, what);
}

int store_para_pending(wt_store *s)
{
	return has_row(s, "SELECT 1 FROM para_pending LIMIT 1");
}

wt_status store_para_dump(wt_store *s, wt_buf *out)
{
	int rc = pararun_dump(s->db, out);
	return rc == SQLITE_OK ? WT_OK : run_error(s, rc, "reading paragraph rows");
}

static void finalize_all(wt_store *s)
{
	sqlite3_stmt **v[] = {&s->find_same,      &s->max_version, &s->insert,
	                      &s->insert_pending, &s->is_bp,       &s->insert_sketch};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sqlite3_finalize(*v[i]);
		*v[i] = NULL;
	}
	for (size_t i = 0; i < sizeof(s->cached) / sizeof(s->cached[0]); i++) {
		sqlite3_finalize(s->cached[i].q);
		s->cached[i].sql = NULL, s->cached[i].q = NULL;
	}
}

static wt_status store_merge_paragraphs(wt_store *s);
static void migrate_para_tables(wt_store *s);
static wt_status narrow_sketches(wt_store *s);
static int shingles_unpack(const void *blob, size_t bytes, int width, wt_buf *out);

void wt_store_destroy(wt_store *s)
{
	if (!s)
		return;
	/* rows staged and not merged: merged now (should this fail, their
	 * articles are still listed in para_pending, and the next learning
	 * makes them again) */
	if (s->db && !s->readonly && s->para.rows.len)
		store_merge_paragraphs(s);
	buf_release(&s->para.rows);
	buf_release(&s->para.pool);
	buf_release(&s->para.seqs);
	buf_release(&s->packed);
	finalize_all(s);
	if (s->db) {
		if (!s->readonly)
			sqlite3_exec(s->db, "PRAGMA optimize;", NULL, NULL, NULL);
		sqlite3_close(s->db);
	}
	free(s);
}

const char *wt_store_message(const wt_store *s)
{
	return s ? s->msg : "no store";
}

static wt_status db_error(wt_store *s, const char *what)
{
	int code = s->db ? sqlite3_errcode(s->db) : SQLITE_ERROR;
	snprintf(s->msg, sizeof s->msg, "%s: %s", what,
	         s->db ? sqlite3_errmsg(s->db) : "cannot open");
	switch (code & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return WT_ERR_LOCKED;
	case SQLITE_READONLY: return WT_ERR_READONLY;
	case SQLITE_NOMEM: return WT_ERR_NOMEM;
	default: return WT_ERR_STORE;
	}
}

static int prep(wt_store *s, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

wt_status wt_global_init(void)
{
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? WT_OK : WT_ERR_UNSUPPORTED;
}

wt_status wt_store_open(wt_store *s, const char *path, unsigned flags)
{
	if (!s || !path)
		return WT_ERR_ARG;
	if (s->db) {
		snprintf(s->msg, sizeof s->msg, "store already open");
		return WT_ERR_ARG;
	}
	s->readonly = (flags & WT_STORE_READONLY) != 0;
	int of = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &s->db, of | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		wt_status st = db_error(s, path);
		if ((rc & 0xFF) == SQLITE_CANTOPEN)
			st = s->readonly ? WT_ERR_NOTFOUND : WT_ERR_READONLY;
		sqlite3_close(s->db);
		s->db = NULL;
		return st;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (!s->readonly) {
		if (sqlite3_exec(s->db,
		                 /* 16 KiB pages (new stores only): rows of a few KB
		                  * fill them well, where 4 KiB pages held one row
		                  * each and wasted a third of the file. A 16 MiB
		                  * cache holds a batch's dirty pages and the indexes
		                  * an ingest inserts into (7 MB at 108,560 articles);
		                  * 64 MiB cost 50 MB of memory and no time saved
		                  * (docs/benchmarks.md, session 14) */
		                 "PRAGMA page_size=16384;"
		                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		                 "PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=4096;"
		                 "PRAGMA temp_store=MEMORY;",
		                 NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
			wt_status st = db_error(s, path);
			sqlite3_close(s->db);
			s->db = NULL;
			return st;
		}
		if (prep(s, &s->find_same,
		         "SELECT version FROM articles WHERE id=?1 AND hash=?2") ||
		    prep(s, &s->max_version, "SELECT MAX(version) FROM articles WHERE id=?1") ||
		    prep(s, &s->insert,
		         "INSERT INTO articles(id,version,hash,title,source,url,published,origin,"
		         "text,info,ingested_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)") ||
		    prep(s, &s->insert_pending, "INSERT INTO para_pending(seq) VALUES(?1)") ||
		    prep(s, &s->insert_sketch,
		         "INSERT OR REPLACE INTO sketches(seq,shingles,grp,jaccard,containment)"
		         " VALUES(?1,?2,?3,?4,?5)")) {
			wt_status st = db_error(s, path);
			finalize_all(s);
			sqlite3_close(s->db);
			s->db = NULL;
			return st;
		}
		migrate_para_tables(s);
		wt_status st = narrow_sketches(s);
		if (st != WT_OK) {
			finalize_all(s);
			sqlite3_close(s->db);
			s->db = NULL;
			return st;
		}
	} else {
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='schema'", -1, &q,
		                       NULL) != SQLITE_OK) {
			sqlite3_finalize(q);
			snprintf(s->msg, sizeof s->msg, "%s: not a wiretrace store", path);
			sqlite3_close(s->db);
			s->db = NULL;
			return WT_ERR_STORE;
		}
		sqlite3_finalize(q);
		wt_status st = narrow_sketches(s);
		if (st != WT_OK) {
			sqlite3_close(s->db);
			s->db = NULL;
			return st;
		}
	}
	if (prep(s, &s->is_bp, "SELECT 1 FROM boilerplate WHERE hash=?1")) {
		wt_status st = db_error(s, path);
		finalize_all(s);
		sqlite3_close(s->db);
		s->db = NULL;
		return st;
	}
	return WT_OK;
}

/* ------------------------------------------------------------ paragraphs */
typedef store_para para;

/* The kept part of every line (line minus removed spans), trimmed. */
static int paragraphs(const wt_article *a, para **out, size_t *n)
{
	size_t cap = 32, cnt = 0, ri = 0;
	para *v = malloc(cap * sizeof(*v));
	if (!v)
		return -1;
	for (size_t ls = 0; ls < a->text_len;) {
		const char *nl = memchr(a->text + ls, '\n', a->text_len - ls);
		size_t le = nl ? (size_t)(nl - a->text) : a->text_len;
		size_t s = ls, e = le;
		while (ri < a->n_removed && a->removed[ri].end <= s)
			ri++;
		/* cut removed spans at the edges of the line; skip lines removed
		 * as a whole */
		for (size_t k = ri; k < a->n_removed && a->removed[k].start < e; k++) {
			if (a->removed[k].start <= s)
				s = a->removed[k].end < e ? a->removed[k].end : e;
			else if (a->removed[k].end >= e)
				e = a->removed[k].start;
		}
		if (s < e)
			trim_span(a->text, &s, &e);
		if (e > s) {
			if (cnt == cap) {
				para *w = realloc(v, (cap *= 2) * sizeof(*v));
				if (!w) {
					free(v);
					return -1;
				}
				v = w;
			}
			v[cnt++] = (para){s, e, (int64_t)text_fold_hash(a->text + s, e - s)};
		}
		ls = le + 1;
	}
	*out = v, *n = cnt;
	return 0;
}

/* Stages the paragraph rows of the article stored as row `seq` (source,
 * paragraphs p[0..np)) for boilerplate learning: one per paragraph of at
 * most PARA_MAX bytes, whose context is its article's longest other
 * paragraph. 1 rows staged, 0 none, -1 out of memory. */
static int para_stage_add(para_stage *g, const char *source, const para *p, size_t np, int64_t seq)
{
	int64_t k1 = 0, k2 = 0;
	size_t l1 = 0, l2 = 0, n = 0;
	for (size_t i = 0; i < np; i++) {
		size_t l = p[i].end - p[i].start;
		n += l <= PARA_MAX;
		if (l > l1)
			k2 = k1, l2 = l1, k1 = p[i].hash, l1 = l;
		else if (l > l2 && p[i].hash != k1)
			k2 = p[i].hash, l2 = l;
	}
	if (!n)
		return 0;
	size_t len = source ? strlen(source) : 0;
	if (len >= UINT32_MAX || g->pool.len > UINT32_MAX - len ||
	    buf_reserve(&g->rows, n * sizeof(para_row)))
		return -1;
	uint32_t src = (uint32_t)g->pool.len;
	if (buf_add(&g->pool, source ? source : "", len) || buf_add(&g->seqs, &seq, sizeof seq))
		return -1;
	para_row *r = (para_row *)(void *)(g->rows.p + g->rows.len);
	for (size_t i = 0; i < np; i++)
		if (p[i].end - p[i].start <= PARA_MAX)
			*r++ = (para_row){(uint64_t)p[i].hash ^ (1ull << 63),
			                  p[i].hash == k1 ? k2 : k1, src, (uint32_t)len};
	g->rows.len += n * sizeof(para_row);
	return 1;
}

static size_t para_staged(const para_stage *g)
{
	return g->rows.len / sizeof(para_row);
}

/* --------------------------------------------------------------- put */
/* Appends a decimal number. */
static int json_uint(wt_buf *b, uint64_t v)
{
	char d[20];
	size_t n = 0;
	do
		d[sizeof d - ++n] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof d);
	return buf_add(b, d + sizeof d - n, n);
}

/* Appends s as a JSON string, escaped as jansson escapes it: the quote,
 * the backslash and the control characters (b f n r t by letter, the others
 * as u00XX); UTF-8 as is. s must be valid UTF-8 (utf8_valid). */
static int json_str(wt_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (buf_addc(b, '"'))
		return -1;
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (buf_add(b, run, (size_t)(p - run)))
			return -1;
		if (!c)
			break;
		char e[6] = {'\\', (char)c, 0, 0, 0, 0};
		size_t n = 2;
		switch (c) {
		case '"':
		case '\\': break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default: memcpy(e + 1, "u00", 3), e[4] = hex[c >> 4], e[5] = hex[c & 15], n = 6;
		}
		if (buf_add(b, e, n))
			return -1;
		run = p + 1;
	}
	return buf_addc(b, '"');
}

/* Whether s goes into `info`: a string that is not valid UTF-8 is left
 * out, as jansson, which wrote this column before, left it out. */
static int valid_str(const char *s)
{
	return s && utf8_valid(s, strlen(s));
}

/* An array of the valid strings of v[0..n). */
static int json_strings(wt_buf *b, char *const *v, size_t n)
{
	int first = 1, rc = buf_addc(b, '[');
	for (size_t i = 0; !rc && i < n; i++) {
		if (!valid_str(v[i]))
			continue;
		rc = (!first && buf_addc(b, ',')) || json_str(b, v[i]);
		first = 0;
	}
	return rc || buf_addc(b, ']');
}

/* The `info` column (docs/schema.md): compact JSON, keys in this order.
 * Written by hand: building it as a jansson tree and dumping it took 4% of
 * the time of reading, cleaning and storing an article (0.2 s per 220 MB of
 * JSONL, docs/benchmarks.md). The
 * text is the same as that jansson dump (a unit test compares them): the
 * unknown input fields (`extra`) still go through jansson. NULL when out of
 * memory. */
char *store_info_json(const wt_article *a)
{
	wt_buf b;
	buf_init(&b);
	int rc = buf_adds(&b, "{\"authors\":") || json_strings(&b, a->authors, a->n_authors) ||
	         buf_adds(&b, ",\"agencies\":") || json_strings(&b, a->agencies, a->n_agencies) ||
	         buf_adds(&b, ",\"removed\":[");
	for (size_t i = 0; !rc && i < a->n_removed; i++)
		rc = (i && buf_addc(&b, ',')) || buf_adds(&b, "{\"start\":") ||
		     json_uint(&b, a->removed[i].start) || buf_adds(&b, ",\"end\":") ||
		     json_uint(&b, a->removed[i].end) || buf_adds(&b, ",\"kind\":") ||
		     json_str(&b, wt_removed_kind_name(a->removed[i].kind)) || buf_addc(&b, '}');
	rc = rc || buf_addc(&b, ']');
	const char *place = a->dateline_place, *date = a->dateline_date;
	if (!rc && (place || date) && (!place || valid_str(place)) && (!date || valid_str(date)))
		rc = buf_adds(&b, ",\"dateline\":{\"place\":") ||
		     (place ? json_str(&b, place) : buf_adds(&b, "null")) ||
		     buf_adds(&b, ",\"date\":") ||
		     (date ? json_str(&b, date) : buf_adds(&b, "null")) || buf_addc(&b, '}');
	if (!rc && a->extra) {
		json_t *x = json_loads(a->extra, 0, NULL);
		char *d = x ? json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		json_decref(x);
		if (x && !d)
			rc = -1;
		else if (d)
			rc = buf_adds(&b, ",\"extra\":") || buf_adds(&b, d);
		free(d);
	}
	if (!rc && a->utf8_repairs)
		rc = buf_adds(&b, ",\"utf8_repairs\":") || json_uint(&b, a->utf8_repairs);
	if (rc || buf_addc(&b, '}')) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* XXH3-128 of the metadata fields and the text, streamed (no copy). */
static int content_hash(const wt_article *a, char out[24])
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		return -1;
	XXH3_128bits_reset(st);
	const char *f[] = {a->title, a->source, a->url, a->published, a->extra};
	for (size_t i = 0; i < 5; i++) {
		if (f[i])
			XXH3_128bits_update(st, f[i], strlen(f[i]));
		XXH3_128bits_update(st, "\x1f", 1);
	}
	XXH3_128bits_update(st, a->text, a->text_len);
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	snprintf(out, 24, "%016llx%04llx", (unsigned long long)h.high64,
	         (unsigned long long)(h.low64 & 0xFFFF));
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

wt_status store_prepare(const wt_article *a, store_prep *p)
{
	memset(p, 0, sizeof(*p));
	if (content_hash(a, p->hash) || !(p->info = store_info_json(a)) ||
	    paragraphs(a, &p->p, &p->np)) {
		store_prep_release(p);
		return WT_ERR_NOMEM;
	}
	return WT_OK;
}

void store_prep_release(store_prep *p)
{
	if (!p)
		return;
	free(p->info);
	free(p->p);
	memset(p, 0, sizeof(*p));
}

wt_status store_has(wt_store *s, const char *id, const char *hash, int *has)
{
	sqlite3_bind_text(s->find_same, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->find_same, 2, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->find_same);
	sqlite3_reset(s->find_same);
	*has = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? WT_OK : db_error(s, "lookup");
}

wt_status store_insert(wt_store *s, wt_article *a, const store_prep *pre, wt_put_result *res,
                       int64_t *seq)
{
	const char *hash = pre->hash;
	sqlite3_bind_text(s->max_version, 1, a->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->max_version);
	int version = rc == SQLITE_ROW ? sqlite3_column_int(s->max_version, 0) : 0;
	sqlite3_reset(s->max_version);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, "lookup");
	*res = version ? WT_PUT_VERSION : WT_PUT_ADDED;
	sqlite3_stmt *q = s->insert;
	bind_text(q, 1, a->id);
	sqlite3_bind_int(q, 2, version + 1);
	sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
	bind_text(q, 4, a->title);
	bind_text(q, 5, a->source);
	bind_text(q, 6, a->url);
	bind_text(q, 7, a->published);
	bind_text(q, 8, a->origin);
	sqlite3_bind_text(q, 9, a->text ? a->text : "", (int)a->text_len, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, pre->info, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, s->now, -1, SQLITE_STATIC);
	rc = step_done(q);
	sqlite3_clear_bindings(q);
	if (rc)
		return db_error(s, "insert");
	*seq = sqlite3_last_insert_rowid(s->db);
	int staged = para_stage_add(&s->para, a->source, pre->p, pre->np, *seq);
	if (staged < 0) {
		snprintf(s->msg, sizeof s->msg, "out of memory staging paragraphs");
		return WT_ERR_NOMEM;
	}
	/* listed until its rows are in para_runs */
	if (staged) {
		sqlite3_bind_int64(s->insert_pending, 1, *seq);
		if (step_done(s->insert_pending))
			return db_error(s, "insert paragraph");
	}
	return WT_OK;
}

/* Stores one article (wt_store_put: prepared here). */
static wt_status put_one(wt_store *s, wt_article *a, wt_put_result *res, int64_t *seq)
{
	store_prep pre;
	wt_status st = store_prepare(a, &pre);
	if (st != WT_OK)
		return st;
	int has = 0;
	st = store_has(s, a->id, pre.hash, &has);
	if (st == WT_OK && has)
		*res = WT_PUT_UNCHANGED, *seq = 0;
	else if (st == WT_OK)
		st = store_insert(s, a, &pre, res, seq);
	store_prep_release(&pre);
	return st;
}

wt_status store_begin(wt_store *s)
{
	if (!s || !s->db)
		return WT_ERR_ARG;
	if (s->readonly) {
		snprintf(s->msg, sizeof s->msg, "store opened read-only");
		return WT_ERR_READONLY;
	}
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, "begin");
	/* the batch's articles are stored at one time (SQLite's strftime() of
	 * every row, the column's default, cost a few percent of the insert) */
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(s->now, sizeof s->now, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(s->now, sizeof s->now, "1970-01-01T00:00:00Z");
	s->para.mark[0] = s->para.rows.len;
	s->para.mark[1] = s->para.pool.len;
	s->para.mark[2] = s->para.seqs.len;
	return WT_OK;
}

void store_rollback(wt_store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	/* the rows of the articles rolled back go too */
	s->para.rows.len = s->para.mark[0];
	s->para.pool.len = s->para.mark[1];
	s->para.seqs.len = s->para.mark[2];
}

wt_status store_commit(wt_store *s)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		wt_status st = db_error(s, "commit");
		store_rollback(s);
		return st;
	}
	/* staged paragraph rows move in bulk */
	if (para_staged(&s->para) >= s->para_chunk)
		return store_merge_paragraphs(s);
	return WT_OK;
}

/* ------------------------------------------------- background checkpoints */
#define CKPT_FRAMES 4096 /* WAL frames (64 MiB) between checkpoints, by default */

struct store_ckpt {
	wt_store *s;
	sqlite3 *db; /* the checkpointer's own connection */
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int frames, bound; /* between checkpoints; past bound the writer waits */
	int want, running, stop;
	int asked_at; /* WAL frames when the last checkpoint was asked for */
};

/* After each commit of the writer (on its thread, its locks released). */
static int ckpt_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db, (void)name;
	store_ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	if (frames < c->asked_at)
		c->asked_at = 0; /* the WAL started over */
	if (frames - c->asked_at >= c->frames) {
		c->want = 1;
		c->asked_at = frames;
		pthread_cond_broadcast(&c->cv);
	}
	/* the checkpoints fall behind (a slow disk): wait for the one under
	 * way, so that the WAL stays bounded */
	while (frames >= c->bound && (c->want || c->running) && !c->stop)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

static void *ckpt_main(void *arg)
{
	store_ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (!c->want)
			break; /* stopped, nothing asked for */
		c->want = 0;
		c->running = 1;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: never waits for the writer; what it cannot copy
		 * yet the next one will */
		sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
		c->running = 0;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* A connection of its own on the store's file (for a thread other than
 * the writer), with the writer's busy timeout; NULL for an in-memory store
 * or when it cannot be opened. Reading the schema tells it whether the
 * store is in WAL mode (checkpoints are no-ops until then). */
static sqlite3 *open_beside(wt_store *s, int flags)
{
	const char *path = s && s->db ? sqlite3_db_filename(s->db, "main") : NULL;
	sqlite3 *db = NULL;
	if (!path || !*path)
		return NULL;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

wt_store *store_open_reader(wt_store *s)
{
	const char *path = s && s->db ? sqlite3_db_filename(s->db, "main") : NULL;
	if (!path || !*path)
		return NULL;
	wt_store *r = wt_store_create();
	if (r && wt_store_open(r, path, WT_STORE_READONLY) != WT_OK) {
		wt_store_destroy(r);
		r = NULL;
	}
	return r;
}

store_ckpt *store_ckpt_start(wt_store *s, int frames)
{
	if (!s || !s->db || s->readonly)
		return NULL;
	store_ckpt *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->s = s;
	c->frames = frames > 0 ? frames : CKPT_FRAMES;
	c->bound = 4 * c->frames;
	if (!(c->db = open_beside(s, SQLITE_OPEN_READWRITE))) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->tid, NULL, ckpt_main, c) != 0) {
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->cv);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_wal_hook(s->db, ckpt_hook, c);
	return c;
}

void store_ckpt_stop(store_ckpt *c)
{
	if (!c)
		return;
	/* the writer's own checkpoints again (this replaces the hook) */
	sqlite3_wal_autocheckpoint(c->s->db, CKPT_FRAMES);
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->tid, NULL);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	sqlite3_close(c->db);
	free(c);
}

wt_status store_check_batch(wt_store *s, wt_article *const *batch, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!batch[i]->id || !batch[i]->text) {
			snprintf(s->msg, sizeof s->msg, "article %zu has no id or text", i);
			return WT_ERR_ARG;
		}
	return WT_OK;
}

wt_status wt_store_put(wt_store *s, wt_article *const *batch, size_t n, wt_put_result *results)
{
	wt_status st = store_begin(s);
	if (st == WT_OK && (st = store_check_batch(s, batch, n)) != WT_OK)
		store_rollback(s);
	for (size_t i = 0; st == WT_OK && i < n; i++) {
		wt_put_result r = WT_PUT_ADDED;
		int64_t seq;
		st = put_one(s, batch[i], &r, &seq);
		if (st != WT_OK)
			store_rollback(s);
		else if (results)
			results[i] = r;
	}
	return st == WT_OK ? store_commit(s) : st;
}

/* Writes the narrowed set h[0..n) as stored: 4 bytes a shingle,
 * little-endian, into o (which may be h itself: each value is read before
 * its bytes are written, and they land no further than it). -1 when a value
 * does not fit (o is then partly written). */
static int shingles_pack(const uint64_t *h, size_t n, unsigned char *o)
{
	for (size_t i = 0; i < n; i++, o += 4) {
		if (h[i] > UINT32_MAX)
			return -1;
		le_put32(o, (uint32_t)h[i]);
	}
	return 0;
}

wt_status store_put_sketch(wt_store *s, int64_t seq, const uint64_t *sh, size_t n,
                           const char *group, double jaccard, double containment)
{
	s->packed.len = 0;
	if (buf_reserve(&s->packed, n * 4))
		return WT_ERR_NOMEM;
	if (shingles_pack(sh, n, (unsigned char *)s->packed.p)) {
		snprintf(s->msg, sizeof s->msg, "shingle set of row %lld not narrowed",
		         (long long)seq);
		return WT_ERR_ARG;
	}
	sqlite3_stmt *q = s->insert_sketch;
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_blob64(q, 2, n ? s->packed.p : "", n * 4, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, group, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 4, jaccard);
	sqlite3_bind_double(q, 5, containment);
	int rc = step_done(q);
	sqlite3_clear_bindings(q);
	return rc ? db_error(s, "insert sketch") : WT_OK;
}

/* The statement for `sql`, which must be a string literal: prepared once
 * and kept (a small cache keyed by the pointer), as these run for every
 * article. NULL on error. Give it back with stmt_put(). */
static sqlite3_stmt *stmt_get(wt_store *s, const char *sql)
{
	size_t nc = sizeof(s->cached) / sizeof(s->cached[0]), k = 0;
	for (; k < nc && s->cached[k].sql; k++)
		if (s->cached[k].sql == sql)
			return s->cached[k].q;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return NULL;
	if (k < nc)
		s->cached[k].sql = sql, s->cached[k].q = q;
	return q;
}

static void stmt_put(wt_store *s, sqlite3_stmt *q)
{
	for (size_t k = 0; k < sizeof(s->cached) / sizeof(s->cached[0]); k++)
		if (s->cached[k].q == q) {
			sqlite3_reset(q);
			sqlite3_clear_bindings(q);
			return;
		}
	sqlite3_finalize(q);
}

/* Runs one statement with up to three integer parameters (?1..?3), an
 * optional text ?4 and a real ?5, as far as the statement uses them
 * (`sql` a string literal, see stmt_get()). */
static wt_status run_sql(wt_store *s, const char *sql, int64_t a, int64_t b, int64_t c,
                         const char *text, double d)
{
	sqlite3_stmt *q = stmt_get(s, sql);
	if (!q)
		return db_error(s, "stories");
	int64_t ints[3] = {a, b, c};
	for (int i = 1; i <= sqlite3_bind_parameter_count(q); i++) {
		const char *name = sqlite3_bind_parameter_name(q, i);
		int k = name ? atoi(name + 1) : i;
		if (k >= 1 && k <= 3)
			sqlite3_bind_int64(q, i, ints[k - 1]);
		else if (k == 4)
			sqlite3_bind_text(q, i, text, -1, SQLITE_STATIC);
		else if (k == 5)
			sqlite3_bind_double(q, i, d);
	}
	int rc = sqlite3_step(q);
	wt_status st = rc == SQLITE_DONE || rc == SQLITE_ROW ? WT_OK : db_error(s, "stories");
	stmt_put(s, q);
	return st;
}

wt_status store_put_story(wt_store *s, int64_t seq, int64_t story, double score, const char *label)
{
	wt_status st =
	    run_sql(s, "INSERT OR REPLACE INTO story_members(seq, story, score) VALUES(?1, ?2, ?5)",
	            seq, story, 0, NULL, score);
	if (st != WT_OK)
		return st;
	if (label)
		return run_sql(s, "INSERT OR REPLACE INTO stories(story, label) VALUES(?1, ?4)",
		               story, 0, 0, label, 0);
	return run_sql(s, "INSERT OR IGNORE INTO stories(story, label) VALUES(?1, NULL)", story, 0,
	               0, NULL, 0);
}

wt_status store_merge_story(wt_store *s, int64_t gone, int64_t into, int64_t seq)
{
	wt_status st = run_sql(s, "UPDATE story_members SET story = ?2 WHERE story = ?1", gone,
	                       into, 0, NULL, 0);
	if (st == WT_OK)
		st = run_sql(
		    s, "INSERT INTO story_merges(gone, into_story, at_seq) VALUES(?1, ?2, ?3)",
		    gone, into, seq, NULL, 0);
	if (st == WT_OK)
		st = run_sql(s, "DELETE FROM stories WHERE story = ?1", gone, 0, 0, NULL, 0);
	return st;
}

/* ---------------------------------------------------------- engine state */
#define STATE_PART (4u << 20) /* bytes per engine_state row */

/* Writes a state stream in parts of STATE_PART bytes; a part equal to the
 * one saved last time under its number is left as it is (streams that grow
 * at their end rewrite only their first and last parts). */
typedef struct state_writer {
	wt_store *s;
	sqlite3_stmt *ins, *old;
	const char *name;
	int64_t part;
	unsigned char *buf;
	size_t len;
} state_writer;

static int part_unchanged(state_writer *w)
{
	sqlite3_bind_text(w->old, 1, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->old, 2, w->part);
	int same = sqlite3_step(w->old) == SQLITE_ROW &&
	           (size_t)sqlite3_column_bytes(w->old, 0) == w->len &&
	           memcmp(sqlite3_column_blob(w->old, 0), w->buf, w->len) == 0;
	sqlite3_reset(w->old);
	return same;
}

static int writer_flush(state_writer *w)
{
	if (!w->len)
		return 0;
	int rc = 0;
	if (!part_unchanged(w)) {
		sqlite3_bind_text(w->ins, 1, w->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->ins, 2, w->part);
		sqlite3_bind_blob64(w->ins, 3, w->buf, w->len, SQLITE_STATIC);
		rc = step_done(w->ins);
		sqlite3_clear_bindings(w->ins);
	}
	w->part++;
	w->len = 0;
	return rc ? -1 : 0;
}

static int writer_io(void *ctx, void *p, size_t n)
{
	state_writer *w = ctx;
	const unsigned char *c = p;
	while (n) {
		size_t k = STATE_PART - w->len < n ? STATE_PART - w->len : n;
		memcpy(w->buf + w->len, c, k);
		w->len += k, c += k, n -= k;
		if (w->len == STATE_PART && writer_flush(w))
			return -1;
	}
	return 0;
}

/* Deletes the state saved under name (inside a transaction). */
static wt_status state_forget(wt_store *s, const char *name, const char *key)
{
	wt_status st = run_sql(s, "DELETE FROM meta WHERE key = ?4", 0, 0, 0, key, 0);
	if (st == WT_OK)
		st = run_sql(s, "DELETE FROM engine_state WHERE name = ?4", 0, 0, 0, name, 0);
	return st;
}

/* The last row of table and how many rows come after base. */
static wt_status rows_after(wt_store *s, const char *table, int64_t base, int64_t *last,
                            int64_t *after)
{
	char sql[192];
	/* a range of the rowid: only the rows after base are visited */
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(MAX(seq), 0), (SELECT count(*) FROM %s WHERE seq > ?1) FROM %s",
	         table, table);
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, table);
	sqlite3_bind_int64(q, 1, base);
	int rc = sqlite3_step(q);
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	*after = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? WT_OK : db_error(s, table);
}

wt_status store_state_save(wt_store *s, const char *name, const char *table, int64_t base,
                           int64_t ours, wt_status (*fill)(state_io *w, void *ctx), void *ctx,
                           int *saved)
{
	*saved = 0;
	wt_status st = store_begin(s);
	if (st != WT_OK)
		return st;
	state_writer w = {s, NULL, NULL, name, 0, NULL, 0};
	char key[96];
	snprintf(key, sizeof key, "state:%s", name);
	int64_t last = 0, after = 0;
	st = run_sql(s, "DELETE FROM meta WHERE key = ?4", 0, 0, 0, key, 0);
	if (st == WT_OK)
		st = rows_after(s, table, base, &last, &after);
	if (st == WT_OK && (last == 0 || after != ours)) {
		/* rows of another ingest came in meanwhile: the state would lack
		 * them, so there is none (the next ingest rebuilds it) */
		st = state_forget(s, name, key);
	} else if (st == WT_OK) {
		if (!(w.buf = malloc(STATE_PART))) {
			st = WT_ERR_NOMEM;
		} else if (sqlite3_prepare_v2(
		               s->db,
		               "INSERT OR REPLACE INTO engine_state(name, part, data)"
		               " VALUES(?1, ?2, ?3)",
		               -1, &w.ins, NULL) != SQLITE_OK ||
		           sqlite3_prepare_v2(
		               s->db, "SELECT data FROM engine_state WHERE name = ?1 AND part = ?2",
		               -1, &w.old, NULL) != SQLITE_OK) {
			st = db_error(s, "saving state");
		} else {
			state_io io = {writer_io, &w, 0};
			st = fill(&io, ctx);
			if (st == WT_OK && (io.err || writer_flush(&w)))
				st = db_error(s, "saving state");
			/* the parts after the end of this stream */
			if (st == WT_OK)
				st = run_sql(
				    s, "DELETE FROM engine_state WHERE name = ?4 AND part >= ?1",
				    w.part, 0, 0, name, 0);
			if (st == WT_OK)
				st = run_sql(
				    s, "INSERT OR REPLACE INTO meta(key, value) VALUES(?4, ?1)",
				    last, 0, 0, key, 0);
			*saved = st == WT_OK;
		}
	}
	sqlite3_finalize(w.ins);
	sqlite3_finalize(w.old);
	free(w.buf);
	if (st != WT_OK) {
		*saved = 0;
		store_rollback(s);
		return st;
	}
	return store_commit(s);
}

wt_status store_state_drop(wt_store *s, const char *name)
{
	char key[96];
	snprintf(key, sizeof key, "state:%s", name);
	wt_status st = store_begin(s);
	if (st == WT_OK)
		st = state_forget(s, name, key);
	if (st != WT_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s);
}

void store_note(wt_store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
}

/* meta's value for `key` into out (cap bytes, cut to fit): 1 found, 0 not,
 * -1 on a store error. */
static int meta_get(wt_store *s, const char *key, char *out, size_t cap)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &q, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(out, cap, "%s",
		         sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

typedef struct state_reader {
	sqlite3_stmt *q;
	const unsigned char *p; /* the current row's blob, len bytes, at off */
	size_t len, off;
} state_reader;

static int reader_io(void *ctx, void *p, size_t n)
{
	state_reader *r = ctx;
	unsigned char *c = p;
	while (n) {
		if (r->off == r->len) {
			if (sqlite3_step(r->q) != SQLITE_ROW)
				return -1;
			r->p = sqlite3_column_blob(r->q, 0);
			r->len = (size_t)sqlite3_column_bytes(r->q, 0);
			r->off = 0;
			continue;
		}
		size_t k = r->len - r->off < n ? r->len - r->off : n;
		memcpy(c, r->p + r->off, k);
		r->off += k, c += k, n -= k;
	}
	return 0;
}

wt_status store_state_load(wt_store *s, const char *name, int64_t seq,
                           wt_status (*drain)(state_io *r, void *ctx), void *ctx)
{
	char key[96], val[32];
	snprintf(key, sizeof key, "state:%s", name);
	int found = meta_get(s, key, val, sizeof val);
	if (found < 0)
		return db_error(s, "loading state");
	if (!found || strtoll(val, NULL, 10) != seq)
		return WT_ERR_NOTFOUND;
	state_reader r = {NULL, NULL, 0, 0};
	if (sqlite3_prepare_v2(s->db, "SELECT data FROM engine_state WHERE name = ?1 ORDER BY part",
	                       -1, &r.q, NULL) != SQLITE_OK)
		return db_error(s, "loading state");
	sqlite3_bind_text(r.q, 1, name, -1, SQLITE_STATIC);
	state_io io = {reader_io, &r, 0};
	wt_status st = drain(&io, ctx);
	sqlite3_finalize(r.q);
	return st;
}

wt_status store_last_seq(wt_store *s, const char *table, int64_t *seq)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT MAX(seq) FROM %s", table);
	return scalar_int64(s, sql, table, seq);
}

wt_status store_load_stories(wt_store *s, wt_status (*cb)(const char *id, int64_t story, void *ctx),
                             void *ctx)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT a.id, m.story FROM story_members m JOIN articles a USING(seq)"
	        " ORDER BY m.seq",
	        -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "loading stories");
	int rc;
	wt_status st = WT_OK;
	while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		char *id = wt_strndup((const char *)sqlite3_column_text(q, 0),
		                      (size_t)sqlite3_column_bytes(q, 0));
		if (!id) {
			st = WT_ERR_NOMEM;
			break;
		}
		st = cb(id, sqlite3_column_int64(q, 1), ctx);
		free(id);
	}
	if (st == WT_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_error(s, "loading stories");
	sqlite3_finalize(q);
	return st;
}

wt_status wt_store_stories(wt_store *s, const char *since, const char *until,
                           int (*cb)(const wt_story_row *row, void *ctx), void *ctx)
{
	if (!s || !s->db || !cb)
		return WT_ERR_ARG;
	static const char *const sql =
	    "WITH latest AS (SELECT a.seq, a.published, m.story FROM articles a"
	    "  JOIN story_members m USING(seq)"
	    "  WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.id = a.id))"
	    " SELECT l.story, t.label, COUNT(*), MIN(l.published), MAX(l.published)"
	    " FROM latest l LEFT JOIN stories t USING(story)"
	    " GROUP BY l.story"
	    " HAVING (?1 IS NULL OR MAX(l.published) >= ?1) AND (?2 IS NULL OR MIN(l.published) <= "
	    "?2)"
	    " ORDER BY COUNT(*) DESC, l.story";
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "stories");
	sqlite3_bind_text(q, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, until, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		wt_story_row r = {
		    sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
		    (size_t)sqlite3_column_int64(q, 2), (const char *)sqlite3_column_text(q, 3),
		    (const char *)sqlite3_column_text(q, 4)};
		if (cb(&r, ctx))
			break;
	}
	wt_status st = rc == SQLITE_ROW || rc == SQLITE_DONE ? WT_OK : db_error(s, "stories");
	sqlite3_finalize(q);
	return st;
}

wt_status wt_store_story_articles(wt_store *s, int64_t story, const char *since, const char *until,
                                  int (*cb)(const wt_story_article *a, void *ctx), void *ctx)
{
	if (!s || !s->db || !cb)
		return WT_ERR_ARG;
	static const char *const sql =
	    "SELECT m.story, a.id, a.title, a.source, a.published, m.score FROM articles a"
	    " JOIN story_members m USING(seq)"
	    " WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.id = a.id)"
	    " AND (?1 < 0 OR m.story = ?1)"
	    " AND (?2 IS NULL OR a.published >= ?2) AND (?3 IS NULL OR a.published <= ?3)"
	    " ORDER BY a.seq";
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "story articles");
	sqlite3_bind_int64(q, 1, story);
	sqlite3_bind_text(q, 2, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, until, -1, SQLITE_STATIC);
	int rc, any = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		any = 1;
		wt_story_article r = {sqlite3_column_int64(q, 0),
		                      (const char *)sqlite3_column_text(q, 1),
		                      (const char *)sqlite3_column_text(q, 2),
		                      (const char *)sqlite3_column_text(q, 3),
		                      (const char *)sqlite3_column_text(q, 4),
		                      sqlite3_column_double(q, 5)};
		if (cb(&r, ctx))
			break;
	}
	wt_status st =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? WT_OK : db_error(s, "story articles");
	sqlite3_finalize(q);
	if (st == WT_OK && !any && story >= 0) {
		snprintf(s->msg, sizeof s->msg, "no story %lld", (long long)story);
		return WT_ERR_NOTFOUND;
	}
	return st;
}

typedef struct idlist {
	char **ids;
	size_t n, cap;
	int nomem;
} idlist;

static int collect_id(const wt_story_article *a, void *ctx)
{
	idlist *l = ctx;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		char **p = realloc(l->ids, nc * sizeof(*p));
		if (!p)
			return (l->nomem = 1);
		l->ids = p, l->cap = nc;
	}
	if (!(l->ids[l->n] = wt_strndup(a->id, strlen(a->id))))
		return (l->nomem = 1);
	l->n++;
	return 0;
}

wt_status wt_store_story_load(wt_store *s, int64_t story, wt_article **arts, size_t *n,
                              char **label)
{
	*arts = NULL, *n = 0;
	if (label)
		*label = NULL;
	if (!s || !s->db || story < 0)
		return WT_ERR_ARG;
	idlist l = {0};
	wt_status st = wt_store_story_articles(s, story, NULL, NULL, collect_id, &l);
	if (st == WT_OK && l.nomem)
		st = WT_ERR_NOMEM;
	wt_article *v = st == WT_OK ? calloc(l.n ? l.n : 1, sizeof(*v)) : NULL;
	if (st == WT_OK && !v)
		st = WT_ERR_NOMEM;
	size_t k = 0;
	for (; st == WT_OK && k < l.n; k++) {
		wt_article_init(&v[k]);
		st = wt_store_get(s, l.ids[k], 0, &v[k], NULL);
		if (st != WT_OK)
			wt_article_release(&v[k]);
	}
	if (st == WT_OK && label) {
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(s->db, "SELECT label FROM stories WHERE story = ?1", -1, &q,
		                       NULL) != SQLITE_OK)
			st = db_error(s, "story label");
		else {
			sqlite3_bind_int64(q, 1, story);
			if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) {
				*label = wt_strndup((const char *)sqlite3_column_text(q, 0),
				                    (size_t)sqlite3_column_bytes(q, 0));
				if (!*label)
					st = WT_ERR_NOMEM;
			}
			sqlite3_finalize(q);
		}
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.ids[i]);
	free(l.ids);
	if (st != WT_OK) {
		wt_articles_free(v, k); /* [0, k) initialised */
		if (label)
			free(*label), *label = NULL;
		return st;
	}
	*arts = v, *n = l.n;
	return WT_OK;
}

void wt_articles_free(wt_article *arts, size_t n)
{
	for (size_t i = 0; arts && i < n; i++)
		wt_article_release(&arts[i]);
	free(arts);
}

/* Appends the shingle set stored as blob[0..bytes) to out as uint64_t:
 * `width` bytes a shingle, little-endian, or 8 (stores older than narrowed
 * sets, raw uint64_t). -1 out of memory, -2 damaged (a partial shingle). */
static int shingles_unpack(const void *blob, size_t bytes, int width, wt_buf *out)
{
	if (bytes % (size_t)width)
		return -2;
	size_t n = bytes / (size_t)width;
	if (buf_reserve(out, n * sizeof(uint64_t)))
		return -1;
	uint64_t *v = (uint64_t *)(void *)(out->p + out->len);
	const unsigned char *b = blob;
	if (width == 8)
		memcpy(v, b, bytes); /* blobs need not be aligned */
	else
		for (size_t i = 0; i < n; i++, b += 4)
			v[i] = le_get32(b);
	out->len += n * sizeof(uint64_t);
	return 0;
}

wt_status store_load_groups(wt_store *s,
                            wt_status (*cb)(int64_t seq, const char *id, const uint64_t *sh,
                                            size_t n, void *ctx),
                            void *ctx)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT k.seq, a.id, k.shingles FROM sketches k JOIN articles a"
	                       " USING(seq) WHERE k.grp = a.id AND length(k.shingles) > 0"
	                       " ORDER BY k.seq",
	                       -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "loading sketches");
	int rc;
	wt_status st = WT_OK;
	wt_buf sh;
	buf_init(&sh);
	while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sh.len = 0;
		int bad = shingles_unpack(sqlite3_column_blob(q, 2),
		                          (size_t)sqlite3_column_bytes(q, 2), s->sh_bytes, &sh);
		if (bad) {
			if (bad == -1)
				st = WT_ERR_NOMEM;
			else
				snprintf(s->msg, sizeof s->msg,
				         "the shingle set of row %lld is damaged",
				         (long long)sqlite3_column_int64(q, 0)),
				    st = WT_ERR_STORE;
			break;
		}
		st = cb(sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1),
		        (const uint64_t *)(const void *)sh.p, sh.len / sizeof(uint64_t), ctx);
	}
	if (st == WT_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_error(s, "loading sketches");
	buf_release(&sh);
	sqlite3_finalize(q);
	return st;
}

/* ---------------------------------------------------------- store reader */

struct store_reader {
	sqlite3 *db;
	sqlite3_stmt *q, *has;
	int sh_bytes; /* the store's, see wt_store */
};

/* 1 when the store is in WAL mode (readers never wait for the writer). */
static int store_wal(wt_store *s)
{
	sqlite3_stmt *q = NULL;
	int wal = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		wal = !strcmp((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	return wal;
}

store_reader *store_reader_open(wt_store *s)
{
	/* in another journal mode a reader could wait for the writer, which
	 * may be waiting for the reader's thread */
	if (!s || !s->db || !store_wal(s))
		return NULL;
	store_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->sh_bytes = s->sh_bytes;
	if (!(r->db = open_beside(s, SQLITE_OPEN_READONLY)) ||
	    sqlite3_prepare_v2(r->db,
	                       "SELECT k.shingles, a.id FROM sketches k JOIN articles a USING(seq)"
	                       " WHERE k.seq = ?1",
	                       -1, &r->q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "SELECT 1 FROM articles WHERE id = ?1 AND hash = ?2", -1,
	                       &r->has, NULL) != SQLITE_OK) {
		store_reader_close(r);
		return NULL;
	}
	return r;
}

void store_reader_close(store_reader *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->q);
	sqlite3_finalize(r->has);
	sqlite3_close(r->db);
	free(r);
}

wt_status store_reader_has(store_reader *r, const wt_article *a, char hash[24], int *has)
{
	*has = 0;
	if (!a->id || content_hash(a, hash))
		return WT_ERR_NOMEM;
	sqlite3_bind_text(r->has, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->has, 2, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(r->has);
	*has = rc == SQLITE_ROW;
	sqlite3_reset(r->has); /* ends the read transaction */
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? WT_OK : WT_ERR_STORE;
}

wt_status store_reader_sketch(store_reader *r, int64_t seq, wt_buf *sh, wt_buf *id)
{
	sqlite3_bind_int64(r->q, 1, seq);
	int rc = sqlite3_step(r->q);
	wt_status st = rc == SQLITE_ROW    ? WT_OK
	               : rc == SQLITE_DONE ? WT_ERR_NOTFOUND
	                                   : WT_ERR_STORE;
	if (st == WT_OK && sh) {
		int bad = shingles_unpack(sqlite3_column_blob(r->q, 0),
		                          (size_t)sqlite3_column_bytes(r->q, 0), r->sh_bytes, sh);
		st = bad == -1 ? WT_ERR_NOMEM : bad ? WT_ERR_STORE : WT_OK;
	}
	if (st == WT_OK && id) {
		size_t n = (size_t)sqlite3_column_bytes(r->q, 1);
		if (n && buf_add(id, sqlite3_column_text(r->q, 1), n))
			st = WT_ERR_NOMEM;
	}
	/* ends the read transaction: checkpoints are never held back */
	sqlite3_reset(r->q);
	return st;
}

wt_status wt_store_dups(wt_store *s, int all, int (*cb)(const wt_dup_row *row, void *ctx),
                        void *ctx)
{
	if (!s || !s->db || !cb)
		return WT_ERR_ARG;
	/* the latest version of each article, with its group and the group's
	 * size among latest versions */
	static const char *const sql =
	    "WITH latest AS (SELECT a.id, k.grp, k.jaccard, k.containment, a.seq"
	    "  FROM articles a JOIN sketches k USING(seq)"
	    "  WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.id = a.id)),"
	    " sizes AS (SELECT grp, COUNT(*) AS n, MIN(seq) AS first FROM latest GROUP BY grp)"
	    " SELECT l.id, l.grp, l.jaccard, l.containment, z.n FROM latest l"
	    " JOIN sizes z USING(grp) WHERE z.n >= ?1 ORDER BY z.first, l.id = l.grp DESC, l.seq";
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "dups");
	sqlite3_bind_int(q, 1, all ? 1 : 2);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		wt_dup_row r = {(const char *)sqlite3_column_text(q, 0),
		                (const char *)sqlite3_column_text(q, 1),
		                sqlite3_column_double(q, 2), sqlite3_column_double(q, 3),
		                (size_t)sqlite3_column_int64(q, 4)};
		if (cb(&r, ctx))
			break;
	}
	wt_status st = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? WT_OK : db_error(s, "dups");
	sqlite3_finalize(q);
	return st;
}

/* Paragraph rows (hash, source, context) feed boilerplate learning. They
 * are staged in memory as articles are stored (para_stage_add) and written
 * to para_runs as one sorted run (pararun.c): when para_chunk of them (a
 * million) are staged, before learning, and when the handle is destroyed.
 * A million rows go in as a run in 0.3 s, where inserting them into a
 * b-tree (para_ctx, which older stores have: migrate_para_tables) took
 * 0.85-1.1 s.
 *
 * The memory is not the store: an article whose rows are staged is listed in
 * para_pending, in the transaction that stores it, until the run with its
 * rows commits. Should the process die first, learning makes the rows of the
 * articles still listed again (para_recover). */
static int meta_get(wt_store *s, const char *key, char *out, size_t cap);

/* The status and message of a failed pararun_*() call. */
static wt_status run_error(wt_store *s, int rc, const char *what)
{
	if (rc == SQLITE_NOMEM) {
		snprintf(s->msg, sizeof s->msg, "%s: out of memory", what);
		return WT_ERR_NOMEM;
	}
	if (rc == SQLITE_CORRUPT && sqlite3_errcode(s->db) != SQLITE_CORRUPT) {
		snprintf(s->msg, sizeof s->msg, "%s: a run of paragraph rows is damaged", what);
		return WT_ERR_STORE;
	}
	return db_error(s, what);
}

/* Writes the staged rows as a run and forgets them (not their articles),
 * within the caller's transaction. On failure they stay staged. */
static wt_status para_write_run(wt_store *s)
{
	para_stage *g = &s->para;
	size_t n = para_staged(g), kept = 0;
	if (!n)
		return WT_OK;
	wt_buf run;
	buf_init(&run);
	if (pararun_encode(&run, (para_row *)(void *)g->rows.p, n, g->pool.p ? g->pool.p : "",
	                   &kept)) {
		buf_release(&run);
		snprintf(s->msg, sizeof s->msg, "merging paragraphs: out of memory");
		return WT_ERR_NOMEM;
	}
	int rc = pararun_insert(s->db, &run, kept);
	buf_release(&run);
	if (rc != SQLITE_OK)
		return run_error(s, rc, "merging paragraphs");
	g->rows.len = g->pool.len = 0;
	return WT_OK;
}

/* Writes the staged rows as a run and takes their articles off
 * para_pending, in one transaction. On failure the rows stay staged. */
static wt_status store_merge_paragraphs(wt_store *s)
{
	para_stage *g = &s->para;
	size_t nseq = g->seqs.len / sizeof(int64_t);
	if (!para_staged(g) && !nseq)
		return WT_OK;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, "merging paragraphs");
	sqlite3_stmt *done = NULL;
	wt_status st = WT_OK;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM para_pending WHERE seq = ?1", -1, &done, NULL) !=
	    SQLITE_OK)
		st = db_error(s, "merging paragraphs");
	const int64_t *seq = (const int64_t *)(void *)g->seqs.p;
	for (size_t i = 0; st == WT_OK && i < nseq; i++) {
		sqlite3_bind_int64(done, 1, seq[i]);
		if (step_done(done))
			st = db_error(s, "merging paragraphs");
	}
	sqlite3_finalize(done);
	/* the rows are kept until the commit: a rollback would lose them */
	size_t rows = g->rows.len, pool = g->pool.len;
	if (st == WT_OK)
		st = para_write_run(s);
	if (st == WT_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		st = db_error(s, "merging paragraphs");
	if (st != WT_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		g->rows.len = rows, g->pool.len = pool;
		return st;
	}
	g->seqs.len = 0;
	return WT_OK;
}

static int col_set(char **dst, sqlite3_stmt *q, int col);
static wt_status parse_info(wt_article *a, const char *info);

/* Stages again the rows of the article at the current row of q (seq,
 * source, text, info), as they were staged when it was stored. */
static wt_status para_remake(wt_store *s, sqlite3_stmt *q)
{
	int64_t seq = sqlite3_column_int64(q, 0);
	if (sqlite3_column_type(q, 2) == SQLITE_NULL) /* no such article: unlisted */
		return buf_add(&s->para.seqs, &seq, sizeof seq) ? WT_ERR_NOMEM : WT_OK;
	wt_article a;
	wt_article_init(&a);
	wt_status st = WT_ERR_NOMEM;
	para *p = NULL;
	size_t np = 0;
	if (col_set(&a.text, q, 2) || (sqlite3_column_text(q, 1) && col_set(&a.source, q, 1)))
		goto out;
	a.text_len = (size_t)sqlite3_column_bytes(q, 2);
	if ((st = parse_info(&a, (const char *)sqlite3_column_text(q, 3))) != WT_OK) {
		snprintf(s->msg, sizeof s->msg, "article row %lld: unreadable info",
		         (long long)seq);
		goto out;
	}
	st = WT_ERR_NOMEM;
	if (paragraphs(&a, &p, &np))
		goto out;
	int staged = para_stage_add(&s->para, a.source, p, np, seq);
	if (staged < 0 || (!staged && buf_add(&s->para.seqs, &seq, sizeof seq)))
		goto out;
	st = WT_OK;
out:
	free(p);
	wt_article_release(&a);
	return st;
}

/* Makes again, and moves, the rows of the articles still in para_pending
 * once this handle's own rows are moved: those of an ingest that died
 * before moving them (or of another writer at work, whose rows then come
 * twice, which changes nothing). */
static wt_status para_recover(wt_store *s)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT p.seq, a.source, a.text, a.info FROM para_pending p"
	                       " LEFT JOIN articles a ON a.seq = p.seq"
	                       " WHERE p.seq > ?1 ORDER BY p.seq LIMIT 256",
	                       -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "recovering paragraphs");
	wt_status st = WT_OK;
	int64_t after = 0;
	for (size_t got = 1; st == WT_OK && got;) {
		sqlite3_bind_int64(q, 1, after);
		int rc;
		got = 0;
		while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			after = sqlite3_column_int64(q, 0);
			st = para_remake(s, q);
			got++;
		}
		if (st == WT_OK && rc != SQLITE_DONE)
			st = db_error(s, "recovering paragraphs");
		sqlite3_reset(q);
		if (st == WT_OK && para_staged(&s->para) >= s->para_chunk)
			st = store_merge_paragraphs(s);
	}
	sqlite3_finalize(q);
	return st == WT_OK ? store_merge_paragraphs(s) : st;
}

static int table_exists(wt_store *s, const char *name)
{
	sqlite3_stmt *q = NULL;
	int exists = sqlite3_prepare_v2(s->db,
	                                "SELECT 1 FROM sqlite_master"
	                                " WHERE type = 'table' AND name = ?1",
	                                -1, &q, NULL) == SQLITE_OK &&
	             sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	             sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return exists;
}

/* Stages the rows (hash, source, ctx) that `sql` gives, writing a run each
 * para_chunk of them; *any: 1 when there was one. */
static wt_status migrate_rows(wt_store *s, const char *sql, int *any)
{
	para_stage *g = &s->para;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "moving paragraph rows");
	wt_status st = WT_OK;
	int rc;
	size_t last = 0, last_len = 0; /* the last source in the pool */
	while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*any = 1;
		const char *src = (const char *)sqlite3_column_text(q, 1);
		size_t len = src ? (size_t)sqlite3_column_bytes(q, 1) : 0;
		if (!g->pool.len || len != last_len || memcmp(g->pool.p + last, src, len)) {
			if (g->pool.len > UINT32_MAX - len ||
			    buf_add(&g->pool, src ? src : "", len)) {
				st = WT_ERR_NOMEM;
				break;
			}
			last = g->pool.len - len, last_len = len;
		}
		para_row r = {(uint64_t)sqlite3_column_int64(q, 0) ^ (1ull << 63),
		              sqlite3_column_int64(q, 2), (uint32_t)last, (uint32_t)len};
		if (buf_add(&g->rows, &r, sizeof r))
			st = WT_ERR_NOMEM;
		else if (para_staged(g) >= s->para_chunk)
			st = para_write_run(s);
	}
	if (st == WT_OK && rc != SQLITE_DONE)
		st = db_error(s, "moving paragraph rows");
	sqlite3_finalize(q);
	return st == WT_OK ? para_write_run(s) : st;
}

/* Older stores kept paragraph rows in tables: para_ctx (with para_dirty
 * listing the paragraphs to learn again) and, before that, para_new. Their
 * rows move to runs now, once, and the tables go. Rows not learned yet make
 * the next learning start from scratch (the same outcome as learning them
 * alone). Should that fail, the tables stay for the next time. */
static void migrate_para_tables(wt_store *s)
{
	int ctx = table_exists(s, "para_ctx"), fresh = table_exists(s, "para_new");
	int dirty = table_exists(s, "para_dirty");
	if (!ctx && !fresh && !dirty)
		return;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	char was[32];
	int learned = meta_get(s, "boilerplate_min", was, sizeof was), any_new = 0, any = 0;
	wt_status st = learned < 0 ? WT_ERR_STORE : WT_OK;
	if (st == WT_OK && ctx)
		st = migrate_rows(s, "SELECT hash, source, ctx FROM para_ctx", &any);
	if (st == WT_OK && fresh)
		st = migrate_rows(s, "SELECT hash, source, ctx FROM para_new", &any_new);
	if (st == WT_OK && dirty && has_row(s, "SELECT 1 FROM para_dirty LIMIT 1"))
		any_new = 1;
	if (st == WT_OK && learned > 0)
		st = sqlite3_exec(s->db,
		                  any_new ? "DELETE FROM meta WHERE key = 'boilerplate_min'"
		                          : "UPDATE para_runs SET learned = 1",
		                  NULL, NULL, NULL) == SQLITE_OK
		         ? WT_OK
		         : WT_ERR_STORE;
	if (st == WT_OK &&
	    sqlite3_exec(s->db,
	                 "DROP TABLE IF EXISTS para_ctx; DROP TABLE IF EXISTS para_new;"
	                 "DROP TABLE IF EXISTS para_dirty; COMMIT;",
	                 NULL, NULL, NULL) == SQLITE_OK)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->para.rows.len = s->para.pool.len = 0;
}

/* Shingle sets were stored as 8-byte hashes until they were narrowed to 4
 * (sketch_narrow; meta 'shingle_bytes'). Opening an older store for writing
 * narrows its sets, once, and forgets the saved near-duplicate index (made
 * from the wide sets): the next ingest rebuilds it from the narrowed ones.
 * A store that has no sets yet only gets the meta row. */
static wt_status narrow_sketches(wt_store *s)
{
	char v[16] = "";
	int got = meta_get(s, "shingle_bytes", v, sizeof v);
	if (got < 0)
		return db_error(s, "reading the store's format");
	s->sh_bytes = got && strcmp(v, "4") == 0 ? 4 : 8;
	if (s->sh_bytes == 4 || s->readonly)
		return WT_OK;
	static const char *const what = "narrowing the stored shingle sets";
	sqlite3_stmt *q = NULL, *u = NULL;
	wt_buf wide;
	buf_init(&wide);
	wt_status st = WT_OK;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
	                       "SELECT seq, shingles FROM sketches WHERE length(shingles) > 0", -1,
	                       &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE sketches SET shingles = ?2 WHERE seq = ?1", -1, &u,
	                       NULL) != SQLITE_OK)
		st = db_error(s, what);
	int rc = SQLITE_DONE;
	while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(q, 0);
		wide.len = 0;
		int bad = shingles_unpack(sqlite3_column_blob(q, 1),
		                          (size_t)sqlite3_column_bytes(q, 1), 8, &wide);
		if (bad == -1) {
			st = WT_ERR_NOMEM;
			break;
		}
		/* a damaged set stays as it is: reading it back reports it */
		if (bad)
			continue;
		uint64_t *h = (uint64_t *)(void *)wide.p;
		size_t n = sketch_narrow(h, wide.len / sizeof(uint64_t));
		shingles_pack(h, n, (unsigned char *)wide.p); /* over the front */
		sqlite3_bind_int64(u, 1, seq);
		sqlite3_bind_blob64(u, 2, wide.p, n * 4, SQLITE_STATIC);
		if (step_done(u))
			st = db_error(s, what);
	}
	if (st == WT_OK && rc != SQLITE_DONE)
		st = db_error(s, what);
	sqlite3_finalize(q);
	sqlite3_finalize(u);
	buf_release(&wide);
	if (st == WT_OK)
		st = state_forget(s, "dedup", "state:dedup");
	if (st == WT_OK &&
	    sqlite3_exec(s->db,
	                 "INSERT OR REPLACE INTO meta(key, value) VALUES('shingle_bytes', '4');"
	                 "COMMIT;",
	                 NULL, NULL, NULL) != SQLITE_OK)
		st = db_error(s, what);
	if (st != WT_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	s->sh_bytes = 4;
	return WT_OK;
}

wt_status wt_store_learn_boilerplate(wt_store *s, int min_contexts)
{
	if (!s || !s->db)
		return WT_ERR_ARG;
	if (min_contexts < 2)
		min_contexts = 2;
	/* the paragraph rows staged here first, then those lost */
	wt_status st = store_merge_paragraphs(s);
	if (st == WT_OK)
		st = para_recover(s);
	if (st != WT_OK)
		return st;
	/* The runs hold one row per (paragraph, source, context), and rows are
	 * only ever added: a paragraph's status can change only when a run
	 * with rows of it came in. So with the rule of the last time (meta
	 * 'boilerplate_min') only the paragraphs of the runs not learned yet
	 * are looked at again; the outcome is that of learning from scratch,
	 * which happens the first time and when the rule changes. */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, "learning boilerplate");
	char was[32] = "", now[32], sql[160];
	snprintf(now, sizeof now, "%d", min_contexts);
	int got = meta_get(s, "boilerplate_min", was, sizeof was);
	int again = got > 0 && strcmp(was, now) == 0;
	if (got < 0 || (!again && sqlite3_exec(s->db, "DELETE FROM boilerplate", NULL, NULL,
	                                       NULL) != SQLITE_OK))
		st = db_error(s, "learning boilerplate");
	int rc = st == WT_OK ? pararun_learn(s->db, min_contexts, !again) : SQLITE_OK;
	if (rc != SQLITE_OK)
		st = run_error(s, rc, "learning boilerplate");
	snprintf(sql, sizeof sql,
	         "INSERT OR REPLACE INTO meta(key, value) VALUES('boilerplate_min', '%d');"
	         "COMMIT;",
	         min_contexts);
	if (st == WT_OK && sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		st = db_error(s, "learning boilerplate");
	if (st != WT_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	/* fewer runs for the next time, in a transaction of its own */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, "compacting paragraph rows");
	if ((rc = pararun_compact(s->db)) != SQLITE_OK)
		st = run_error(s, rc, "compacting paragraph rows");
	else if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		st = db_error(s, "compacting paragraph rows");
	if (st != WT_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* --------------------------------------------------------------- get */
static int dup_json_str(char **dst, json_t *v)
{
	return json_is_string(v) && wt_article_set(dst, json_string_value(v), (size_t)-1);
}

static wt_status parse_info(wt_article *a, const char *info)
{
	json_t *o = json_loads(info, 0, NULL);
	if (!o)
		return WT_ERR_STORE;
	wt_status st = WT_ERR_NOMEM;
	json_t *v, *x;
	size_t i;
	json_array_foreach(json_object_get(o, "authors"), i, v)
	{
		char **w = realloc(a->authors, (a->n_authors + 1) * sizeof(*w));
		if (!w)
			goto out;
		a->authors = w;
		if (!(w[a->n_authors] = wt_strndup(json_string_value(v), json_string_length(v))))
			goto out;
		a->n_authors++;
	}
	json_array_foreach(json_object_get(o, "agencies"), i, v)
	{
		if (json_is_string(v) && article_add_agency(a, json_string_value(v)))
			goto out;
	}
	json_array_foreach(json_object_get(o, "removed"), i, v)
	{
		const char *kind = json_string_value(json_object_get(v, "kind"));
		int k = 0;
		for (; k <= WT_RM_BOILERPLATE; k++)
			if (kind && !strcmp(kind, wt_removed_kind_name((wt_removed_kind)k)))
				break;
		json_int_t s = json_integer_value(json_object_get(v, "start"));
		json_int_t e = json_integer_value(json_object_get(v, "end"));
		if (k <= WT_RM_BOILERPLATE && s >= 0 && e >= s && (size_t)e <= a->text_len &&
		    article_add_removed(a, (size_t)s, (size_t)e, (wt_removed_kind)k))
			goto out;
	}
	if ((x = json_object_get(o, "dateline"))) {
		if (dup_json_str(&a->dateline_place, json_object_get(x, "place")) ||
		    dup_json_str(&a->dateline_date, json_object_get(x, "date")))
			goto out;
	}
	if ((x = json_object_get(o, "extra")) && !(a->extra = json_dumps(x, JSON_COMPACT)))
		goto out;
	a->utf8_repairs = (size_t)json_integer_value(json_object_get(o, "utf8_repairs"));
	a->cleaned = 1;
	st = WT_OK;
out:
	json_decref(o);
	return st;
}

static int col_set(char **dst, sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	return t && wt_article_set(dst, (const char *)t, (size_t)sqlite3_column_bytes(q, col));
}

/* An article's columns as row_article() reads them (table alias a). */
#define ARTICLE_COLS "a.id,a.title,a.source,a.url,a.published,a.origin,a.text,a.info"

/* Fills out (released first) from a row of q whose columns from `col` are
 * ARTICLE_COLS; with `bp`, adds
 * the paragraphs learned as boilerplate since to its removed spans. */
static wt_status row_article(wt_store *s, sqlite3_stmt *q, int col, int bp, wt_article *out)
{
	wt_article_release(out);
	wt_status st = WT_ERR_NOMEM;
	if (col_set(&out->id, q, col) || col_set(&out->title, q, col + 1) ||
	    col_set(&out->source, q, col + 2) || col_set(&out->url, q, col + 3) ||
	    col_set(&out->published, q, col + 4) || col_set(&out->origin, q, col + 5) ||
	    col_set(&out->text, q, col + 6))
		goto out;
	out->text_len = (size_t)sqlite3_column_bytes(q, col + 6);
	if (!out->text && !(out->text = wt_strndup("", 0)))
		goto out;
	st = parse_info(out, (const char *)sqlite3_column_text(q, col + 7));
	if (st != WT_OK || !bp)
		goto out;
	/* learned boilerplate */
	para *p;
	size_t np;
	if (paragraphs(out, &p, &np)) {
		st = WT_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < np; i++) {
		if (p[i].end - p[i].start > PARA_MAX)
			continue;
		sqlite3_bind_int64(s->is_bp, 1, p[i].hash);
		int rc = sqlite3_step(s->is_bp);
		sqlite3_reset(s->is_bp);
		if (rc == SQLITE_ROW &&
		    article_add_removed(out, p[i].start, p[i].end, WT_RM_BOILERPLATE)) {
			free(p);
			st = WT_ERR_NOMEM;
			goto out;
		}
	}
	free(p);
	article_sort_removed(out);
out:
	if (st != WT_OK)
		wt_article_release(out);
	return st;
}

wt_status wt_store_get(wt_store *s, const char *id, int version, wt_article *out, int *out_version)
{
	if (!s || !s->db || !id)
		return WT_ERR_ARG;
	wt_article_release(out);
	sqlite3_stmt *q = NULL;
	const char *sql = version > 0 ? "SELECT a.version," ARTICLE_COLS
	                                " FROM articles a WHERE a.id=?1 AND a.version=?2"
	                              : "SELECT a.version," ARTICLE_COLS
	                                " FROM articles a WHERE a.id=?1 "
	                                "ORDER BY a.version DESC LIMIT 1";
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "get");
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (version > 0)
		sqlite3_bind_int(q, 2, version);
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		wt_status st = rc == SQLITE_DONE ? WT_ERR_NOTFOUND : db_error(s, "get");
		if (st == WT_ERR_NOTFOUND)
			snprintf(s->msg, sizeof s->msg, "no article with id \"%s\"", id);
		sqlite3_finalize(q);
		return st;
	}
	if (out_version)
		*out_version = sqlite3_column_int(q, 0);
	wt_status st = row_article(s, q, 1, 1, out);
	sqlite3_finalize(q);
	return st;
}

/* Steps the rows of sql (parameters ?1 = p1, ?2 = p2): a key and the
 * article columns (ARTICLE_COLS), calling cb with each key and article as
 * stored, without the boilerplate learned since (borrowed: cb may take its
 * contents, leaving it initialized). A row whose record is damaged is an
 * error, or with `damaged` given, passed to it (key, article id) and left
 * out. */
static wt_status each_stored_article(wt_store *s, const char *sql, int64_t p1, int64_t p2,
                                     const char *what,
                                     wt_status (*cb)(int64_t key, wt_article *a, void *ctx),
                                     void (*damaged)(int64_t key, const char *id, void *ctx),
                                     void *ctx)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, what);
	sqlite3_bind_int64(q, 1, p1);
	sqlite3_bind_int64(q, 2, p2);
	wt_article a;
	wt_article_init(&a);
	wt_status st = WT_OK;
	int rc = SQLITE_DONE;
	while (st == WT_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t key = sqlite3_column_int64(q, 0);
		const char *id = (const char *)sqlite3_column_text(q, 1);
		if ((st = row_article(s, q, 1, 0, &a)) == WT_ERR_STORE && damaged) {
			damaged(key, id ? id : "", ctx);
			st = WT_OK;
		} else if (st == WT_ERR_STORE) {
			store_note(s, "article %s: its stored record is damaged", id ? id : "");
		} else if (st == WT_OK) {
			st = cb(key, &a, ctx);
		}
	}
	if (st == WT_OK && rc != SQLITE_DONE)
		st = db_error(s, what);
	wt_article_release(&a);
	sqlite3_finalize(q);
	return st;
}

typedef struct unanalyzed {
	wt_article *out;
	int64_t *seqs, last;
	size_t n;
	void (*damaged)(const char *msg, void *ctx);
	void *ctx;
} unanalyzed;

static wt_status take_unanalyzed(int64_t seq, wt_article *a, void *ctx)
{
	unanalyzed *u = ctx;
	wt_article_release(&u->out[u->n]);
	u->out[u->n] = *a; /* taken: a is filled anew */
	wt_article_init(a);
	u->seqs[u->n++] = u->last = seq;
	return WT_OK;
}

static void skip_unanalyzed(int64_t seq, const char *id, void *ctx)
{
	unanalyzed *u = ctx;
	u->last = seq;
	char msg[512];
	snprintf(msg, sizeof msg,
	         "article %s (row %lld), stored without analysis: its stored record is damaged; "
	         "left out of near-duplicate groups and stories",
	         id, (long long)seq);
	u->damaged(msg, u->ctx);
}

wt_status store_read_unanalyzed(wt_store *s, int64_t after, wt_article *out, int64_t *seqs,
                                size_t max, size_t *n, int64_t *last,
                                void (*damaged)(const char *msg, void *ctx), void *ctx)
{
	unanalyzed u = {out, seqs, after, 0, damaged, ctx};
	wt_status st = each_stored_article(
	    s,
	    "SELECT a.seq," ARTICLE_COLS " FROM articles a WHERE a.seq > ?1 ORDER BY a.seq "
	    "LIMIT ?2",
	    after, (int64_t)max, "reading articles stored without analysis", take_unanalyzed,
	    damaged ? skip_unanalyzed : NULL, &u);
	*n = u.n;
	*last = u.last;
	return st;
}

typedef struct replay {
	wt_status (*cb)(const wt_article *a, int64_t story, void *ctx);
	void *ctx;
} replay;

static wt_status replay_one(int64_t story, wt_article *a, void *ctx)
{
	replay *r = ctx;
	return r->cb(a, story, r->ctx);
}

wt_status store_replay_stories(wt_store *s,
                               wt_status (*cb)(const wt_article *a, int64_t story, void *ctx),
                               void *ctx)
{
	replay r = {cb, ctx};
	return each_stored_article(s,
	                           "SELECT m.story," ARTICLE_COLS " FROM story_members m JOIN "
	                           "articles a USING(seq) ORDER BY m.seq",
	                           0, 0, "loading stories", replay_one, NULL, &r);
}

wt_status wt_store_unanalyzed(wt_store *s, uint64_t *n)
{
	if (!s || !s->db || !n)
		return WT_ERR_ARG;
	int64_t v;
	wt_status st = scalar_int64(s,
	                            "SELECT count(*) FROM articles WHERE seq > "
	                            "(SELECT coalesce(max(seq), 0) FROM sketches)",
	                            "counting articles stored without analysis", &v);
	*n = (uint64_t)v;
	return st;
}

wt_status wt_store_list(wt_store *s, const char *source,
                        int (*cb)(const wt_article_row *row, void *ctx), void *ctx)
{
	if (!s || !s->db || !cb)
		return WT_ERR_ARG;
	sqlite3_stmt *q = NULL;
	const char *sql =
	    "SELECT id,title,source,published,version,length(CAST(text AS BLOB)) FROM articles a "
	    "WHERE version=(SELECT MAX(version) FROM articles b WHERE b.id=a.id) "
	    "AND (?1 IS NULL OR source=?1) ORDER BY seq";
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, "list");
	bind_text(q, 1, source);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		wt_article_row r = {(const char *)sqlite3_column_text(q, 0),
		                    (const char *)sqlite3_column_text(q, 1),
		                    (const char *)sqlite3_column_text(q, 2),
		                    (const char *)sqlite3_column_text(q, 3),
		                    sqlite3_column_int(q, 4),
		                    (size_t)sqlite3_column_int64(q, 5)};
		if (cb(&r, ctx))
			break;
	}
	wt_status st = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? WT_OK : db_error(s, "list");
	sqlite3_finalize(q);
	return st;
}

wt_status wt_store_count(wt_store *s, uint64_t *n)
{
	if (!s || !s->db)
		return WT_ERR_ARG;
	int64_t v;
	wt_status st = scalar_int64(s, "SELECT COUNT(DISTINCT id) FROM articles", "count", &v);
	*n = (uint64_t)v;
	return st;
}
