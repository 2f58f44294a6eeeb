/* test_pararun.c - paragraph rows kept as sorted runs: encoding (sorted,
 * each row once, sources kept), the boilerplate rule over merged runs,
 * incremental learning and compaction against learning from scratch, and
 * damaged runs refused. */
#include "internal.h"
#include "pararun.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const char *const schema =
    "CREATE TABLE para_runs(run INTEGER PRIMARY KEY, rows INTEGER NOT NULL,"
    " learned INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE boilerplate(hash INTEGER PRIMARY KEY, contexts INTEGER);";

static sqlite3 *mem_db(void)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Rows being made, with their sources in a pool. */
typedef struct rows {
	wt_buf v, pool;
} rows;

static void add(rows *r, int64_t hash, const char *src, int64_t ctx)
{
	uint32_t off = (uint32_t)r->pool.len, len = (uint32_t)strlen(src);
	cr_assert_eq(buf_add(&r->pool, src, len), 0);
	para_row row = {(uint64_t)hash ^ (1ull << 63), ctx, off, len};
	cr_assert_eq(buf_add(&r->v, &row, sizeof row), 0);
}

/* Writes the rows as a run (unlearned) and empties them. */
static size_t put_run(sqlite3 *db, rows *r)
{
	wt_buf out;
	buf_init(&out);
	size_t kept;
	cr_assert_eq(pararun_encode(&out, (para_row *)(void *)r->v.p, r->v.len / sizeof(para_row),
	                            r->pool.p ? r->pool.p : "", &kept),
	             0);
	cr_assert_eq(pararun_insert(db, &out, kept), SQLITE_OK);
	buf_release(&out);
	r->v.len = r->pool.len = 0;
	return kept;
}

static char *dump_rows(sqlite3 *db)
{
	wt_buf b;
	buf_init(&b);
	cr_assert_eq(pararun_dump(db, &b), SQLITE_OK);
	char *s = buf_detach(&b, NULL);
	cr_assert_not_null(s);
	return s;
}

static char *query(sqlite3 *db, const char *sql)
{
	wt_buf b;
	buf_init(&b);
	sqlite3_stmt *q;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(q); c++)
			buf_printf(&b, "%s%c", (const char *)sqlite3_column_text(q, c),
			           c + 1 < sqlite3_column_count(q) ? '|' : '\n');
	sqlite3_finalize(q);
	char *s = buf_detach(&b, NULL);
	cr_assert_not_null(s);
	return s;
}

Test(pararun, rows_sorted_once_with_their_sources)
{
	sqlite3 *db = mem_db();
	rows r = {0};
	buf_init(&r.v), buf_init(&r.pool);
	/* rows in the order articles come, sources repeated per article */
	add(&r, 5, "planet", 9);
	add(&r, -3, "planet", 9);
	add(&r, 5, "courier", 1);
	add(&r, 5, "courier", 1); /* twice */
	add(&r, INT64_MAX, "", 2);
	add(&r, INT64_MIN, "planet", -7);
	add(&r, 5, "planet", 2); /* another "planet" entry of the pool */
	cr_assert_eq(put_run(db, &r), 6, "the row found twice kept once");
	char *s = dump_rows(db);
	cr_assert_str_eq(s, "-9223372036854775808|planet|-7\n"
	                    "-3|planet|9\n"
	                    "5|courier|1\n"
	                    "5|planet|2\n"
	                    "5|planet|9\n"
	                    "9223372036854775807||2\n");
	free(s);
	/* no runs: no rows */
	sqlite3_exec(db, "DELETE FROM para_runs", NULL, NULL, NULL);
	s = dump_rows(db);
	cr_assert_str_eq(s, "");
	free(s);
	buf_release(&r.v), buf_release(&r.pool);
	sqlite3_close(db);
}

/* The rows a staged array keeps point to the same source bytes after
 * encoding (the writer keeps them should the run not commit). */
Test(pararun, rows_keep_their_sources_through_encoding)
{
	rows r = {0};
	buf_init(&r.v), buf_init(&r.pool);
	const char *src[] = {"b", "a", "b", "c"};
	for (int i = 0; i < 40; i++)
		add(&r, (i * 7919) % 13, src[i % 4], i % 5);
	size_t n = r.v.len / sizeof(para_row), kept;
	wt_buf out;
	buf_init(&out);
	cr_assert_eq(pararun_encode(&out, (para_row *)(void *)r.v.p, n, r.pool.p, &kept), 0);
	int count[3] = {0};
	const para_row *v = (const para_row *)(void *)r.v.p;
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(v[i].src_len, 1);
		count[r.pool.p[v[i].src] - 'a']++;
	}
	cr_assert(count[0] == 10 && count[1] == 20 && count[2] == 10);
	buf_release(&out), buf_release(&r.v), buf_release(&r.pool);
}

Test(pararun, rule_counts_distinct_contexts)
{
	sqlite3 *db = mem_db();
	rows r = {0};
	buf_init(&r.v), buf_init(&r.pool);
	/* 1: three contexts within one source: boilerplate */
	add(&r, 1, "a", 10), add(&r, 1, "a", 11), add(&r, 1, "a", 12);
	/* 2: three contexts, two in one source: not */
	add(&r, 2, "a", 10), add(&r, 2, "a", 11), add(&r, 2, "b", 12);
	/* 3: six contexts over six sources (twice the minimum): boilerplate */
	const char *six[] = {"a", "b", "c", "d", "e", "f"};
	for (int i = 0; i < 6; i++)
		add(&r, 3, six[i], 20 + i);
	/* 4: one context in five sources: not */
	for (int i = 0; i < 5; i++)
		add(&r, 4, six[i], 30);
	/* 5: one row twice, in two runs: counted once, so two contexts */
	add(&r, 5, "a", 1), add(&r, 5, "a", 2);
	put_run(db, &r);
	add(&r, 5, "a", 2);
	put_run(db, &r);
	cr_assert_eq(pararun_learn(db, 3, 1), SQLITE_OK);
	char *s = query(db, "SELECT hash, contexts FROM boilerplate ORDER BY hash");
	cr_assert_str_eq(s, "1|3\n3|6\n");
	free(s);
	s = query(db, "SELECT count(*) FROM para_runs WHERE learned = 0");
	cr_assert_str_eq(s, "0\n");
	free(s);
	buf_release(&r.v), buf_release(&r.pool);
	sqlite3_close(db);
}

static uint64_t rng(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

/* Random rows over few paragraphs (so that some become boilerplate) and
 * many (so that runs are long and a few new rows fall far apart). */
static void random_rows(rows *r, uint64_t *x, size_t n)
{
	static const char *const src[] = {"north", "south", "east", "west", "wire"};
	for (size_t i = 0; i < n; i++) {
		uint64_t v = rng(x);
		int64_t hash = v % 4 ? (int64_t)(v >> 8) : (int64_t)(v % 97) - 48;
		add(r, hash, src[(v >> 3) % 5], (int64_t)((v >> 20) % 9));
	}
}

/* Runs written and learned one after the other, with compaction, end with
 * the rows and boilerplate of all rows written as one run and learned
 * from scratch: also when a few new rows fall far apart in long runs. */
Test(pararun, incremental_learning_is_learning_from_scratch)
{
	sqlite3 *inc = mem_db(), *all = mem_db();
	rows r = {0}, a = {0};
	buf_init(&r.v), buf_init(&r.pool), buf_init(&a.v), buf_init(&a.pool);
	uint64_t x = 88172645463325252ull, y = x;
	static const size_t sizes[] = {60000, 3, 40, 1, 20000, 7, 2, 5, 9, 1, 30, 4, 6, 2, 8, 3};
	size_t total = 0;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		random_rows(&r, &x, sizes[i]);
		put_run(inc, &r);
		cr_assert_eq(sqlite3_exec(inc, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		cr_assert_eq(pararun_learn(inc, 3, i == 0), SQLITE_OK);
		cr_assert_eq(pararun_compact(inc), SQLITE_OK);
		cr_assert_eq(sqlite3_exec(inc, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		total += sizes[i];
	}
	random_rows(&a, &y, total);
	put_run(all, &a);
	cr_assert_eq(pararun_learn(all, 3, 1), SQLITE_OK);
	char *ri = dump_rows(inc), *ra = dump_rows(all);
	cr_assert_str_eq(ri, ra, "the same rows");
	free(ri), free(ra);
	const char *q = "SELECT hash, contexts FROM boilerplate ORDER BY hash";
	char *bi = query(inc, q), *ba = query(all, q);
	cr_assert_gt(strlen(ba), 0, "some boilerplate");
	cr_assert_str_eq(bi, ba, "the same boilerplate");
	free(bi), free(ba);
	/* compaction kept the number of runs small */
	char *k = query(inc, "SELECT count(*) <= 9 FROM para_runs");
	cr_assert_str_eq(k, "1\n");
	free(k);
	buf_release(&r.v), buf_release(&r.pool), buf_release(&a.v), buf_release(&a.pool);
	sqlite3_close(inc);
	sqlite3_close(all);
}

/* A run that cannot be read is refused (SQLITE_CORRUPT), whatever is
 * wrong with it. */
Test(pararun, damaged_runs_refused)
{
	sqlite3 *db = mem_db();
	rows r = {0};
	buf_init(&r.v), buf_init(&r.pool);
	add(&r, 1, "a", 1), add(&r, 2, "b", 2);
	wt_buf good;
	buf_init(&good);
	size_t kept;
	cr_assert_eq(pararun_encode(&good, (para_row *)(void *)r.v.p, 2, r.pool.p, &kept), 0);
	const size_t len = good.len; /* 16 + 2 * 5 + 2 * 20 */
	cr_assert_eq(len, 66);
	for (int k = 0; k < 5; k++) {
		unsigned char bad[80];
		size_t n = len;
		memcpy(bad, good.p, len);
		if (k == 0)
			bad[0] = 'X'; /* not a run */
		else if (k == 1)
			n = len - 3; /* cut short */
		else if (k == 2)
			bad[len - 4] = 7; /* a source that is not there */
		else if (k == 3)
			bad[15] = 0x40; /* rows beyond the end */
		else
			bad[16] = 0xff; /* a source longer than the run */
		sqlite3_exec(db, "DELETE FROM para_runs", NULL, NULL, NULL);
		wt_buf b = {(char *)bad, n, n};
		cr_assert_eq(pararun_insert(db, &b, 2), SQLITE_OK);
		cr_assert_eq(pararun_learn(db, 2, 1), SQLITE_CORRUPT, "damage %d", k);
		wt_buf d;
		buf_init(&d);
		cr_assert_eq(pararun_dump(db, &d), SQLITE_CORRUPT, "damage %d", k);
		buf_release(&d);
	}
	buf_release(&good), buf_release(&r.v), buf_release(&r.pool);
	sqlite3_close(db);
}
