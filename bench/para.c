/*
 * para.c - what the store thread spends on the paragraph rows that
 * boilerplate learning reads: N rows (default a million, like one merge of
 * an ingest: articles of 3 to 17 paragraphs from 15 sources, one paragraph
 * in 50 from a set of 1,000 that recur) are sorted and encoded as a run,
 * written into a fresh store and committed, then learned from; and, for
 * comparison, the same rows inserted in key order into a b-tree
 * (para_ctx's layout until session 12) and committed. Prints seconds of
 * each step.
 *
 * usage: para-bench [ROWS] [DIR]   (stores made in DIR, default /tmp)
 */
#include "bench.h"
#include "internal.h"
#include "pararun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

static sqlite3 *fresh(const char *dir, const char *name, char *path, size_t cap)
{
	snprintf(path, cap, "%s/%s-%d.db", dir, name, (int)getpid());
	bench_remove_store(path);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;"
	                 "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
	                 "CREATE TABLE para_runs(run INTEGER PRIMARY KEY, rows INTEGER NOT NULL,"
	                 " learned INTEGER NOT NULL, data BLOB NOT NULL);"
	                 "CREATE TABLE boilerplate(hash INTEGER PRIMARY KEY, contexts INTEGER);"
	                 "CREATE TABLE para_ctx(hash INTEGER NOT NULL, source TEXT NOT NULL,"
	                 " ctx INTEGER NOT NULL, PRIMARY KEY(hash, source, ctx)) WITHOUT ROWID;",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "para-bench: cannot make %s\n", path);
		exit(1);
	}
	return db;
}

static void drop(sqlite3 *db, const char *path)
{
	sqlite3_close(db);
	bench_remove_store(path);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	static const char *const srcs[] = {
	    "Daily Planet", "The Courier", "Evening Post", "Wire Service", "Morning Herald",
	    "Gazette",      "Tribune",     "Chronicle",    "Observer",     "Sentinel",
	    "Ledger",       "Dispatch",    "Examiner",     "Globe",        "Record"};
	para_row *rows = malloc((n ? n : 1) * sizeof *rows);
	wt_buf pool, run;
	buf_init(&pool), buf_init(&run);
	uint64_t x = 88172645463325252ull;
	for (size_t i = 0; i < n;) {
		const char *s = srcs[rng(&x) % 15];
		uint32_t off = (uint32_t)pool.len, len = (uint32_t)strlen(s);
		if (!rows || buf_add(&pool, s, len))
			return 1;
		uint64_t ctx = rng(&x);
		for (int k = 3 + (int)(rng(&x) % 15); k > 0 && i < n; k--, i++) {
			uint64_t h = rng(&x);
			rows[i] = (para_row){h % 50 ? h : h % 1000, (int64_t)ctx, off, len};
		}
	}
	char path[300];
	/* the run */
	sqlite3 *db = fresh(dir, "para-run", path, sizeof path);
	double t0 = now();
	size_t kept;
	if (pararun_encode(&run, rows, n, pool.p, &kept))
		return 1;
	double t1 = now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (pararun_insert(db, &run, kept) != SQLITE_OK)
		return 1;
	double t2 = now();
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	double t3 = now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (pararun_learn(db, 3, 1) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	double t4 = now();
	printf("para: %zu rows (%zu distinct), run of %.1f MB\n", n, kept, (double)run.len / 1e6);
	printf("run: sort and encode %.3f s, insert %.3f s, commit %.3f s, learn %.3f s\n", t1 - t0,
	       t2 - t1, t3 - t2, t4 - t3);
	drop(db, path);
	/* the b-tree, rows in key order (sorted above) */
	db = fresh(dir, "para-btree", path, sizeof path);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO para_ctx VALUES(?1, ?2, ?3)", -1, &q, NULL);
	t0 = now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(q, 1, (int64_t)(rows[i].key ^ (1ull << 63)));
		sqlite3_bind_text(q, 2, pool.p + rows[i].src, (int)rows[i].src_len, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, rows[i].ctx);
		sqlite3_step(q);
		sqlite3_reset(q);
	}
	t1 = now();
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t2 = now();
	sqlite3_finalize(q);
	printf("b-tree: insert %.3f s, commit %.3f s\n", t1 - t0, t2 - t1);
	drop(db, path);
	free(rows);
	buf_release(&pool), buf_release(&run);
	return 0;
}
