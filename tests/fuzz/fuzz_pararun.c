/* fuzz_pararun.c - libFuzzer target for the runs of paragraph rows kept in
 * the store (para_runs): the input is stored as a run beside a good one,
 * then read back (every row), learned from (from scratch and from the new
 * runs only) and compacted. A damaged run must be refused without harm;
 * one that reads must learn and compact too. */
#include "fuzz_common.h"
#include "internal.h"
#include "pararun.h"

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	exec(db, "CREATE TABLE para_runs(run INTEGER PRIMARY KEY, rows INTEGER NOT NULL,"
	         " learned INTEGER NOT NULL, data BLOB NOT NULL);"
	         "CREATE TABLE boilerplate(hash INTEGER PRIMARY KEY, contexts INTEGER);");
	/* a good run: three contexts of one paragraph in one source */
	char pool[] = "wirepost";
	para_row rows[] = {{7, 1, 0, 4}, {7, 2, 0, 4}, {7, 3, 4, 4}, {9, 1, 0, 4}};
	wt_buf good;
	buf_init(&good);
	size_t kept;
	if (pararun_encode(&good, rows, 4, pool, &kept) || kept != 4 ||
	    pararun_insert(db, &good, kept) != SQLITE_OK)
		abort();
	buf_release(&good);
	wt_buf in = {(char *)(uintptr_t)data, size, size};
	if (pararun_insert(db, &in, 0) != SQLITE_OK)
		abort();
	wt_buf out;
	buf_init(&out);
	int rc = pararun_dump(db, &out);
	buf_release(&out);
	int full = pararun_learn(db, 2, 1);
	exec(db, "UPDATE para_runs SET learned = 0 WHERE run = 2");
	int fresh = pararun_learn(db, 2, 0);
	if (rc == SQLITE_OK && (full != SQLITE_OK || fresh != SQLITE_OK))
		abort(); /* a run that reads learns */
	if (rc != SQLITE_OK && (rc != SQLITE_CORRUPT || full == SQLITE_OK))
		abort(); /* a run that does not read is damaged, for learning too */
	if (rc == SQLITE_OK) {
		/* nine runs more: compaction merges the newest */
		for (int i = 0; i < 9; i++)
			exec(db, "INSERT INTO para_runs(rows, learned, data)"
			         " SELECT rows, 1, data FROM para_runs WHERE run = 1");
		if (pararun_compact(db) != SQLITE_OK)
			abort();
		buf_init(&out);
		if (pararun_dump(db, &out) != SQLITE_OK)
			abort();
		buf_release(&out);
	}
	sqlite3_close(db);
	return 0;
}
