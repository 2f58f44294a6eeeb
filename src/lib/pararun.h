/*
 * pararun.h - internals of pararun.c, shared with store.c (not public):
 * the paragraph rows that boilerplate learning reads, kept in the store as
 * sorted runs (docs/schema.md, "Learned boilerplate").
 */
#ifndef WT_PARARUN_H
#define WT_PARARUN_H

#include "internal.h"

#include <sqlite3.h>
#include <stdint.h>

/* One paragraph row as staged by the writer: the paragraph's hash with its
 * sign bit flipped (so that unsigned order is the hash's signed order), the
 * hash of its context, and its source (src_len bytes at offset src of a
 * pool). */
typedef struct para_row {
	uint64_t key;
	int64_t ctx;
	uint32_t src, src_len;
} para_row;

/* Rows at most in one run, that compaction keeps under (a run is one
 * SQLite blob, at most 1 GB). */
#define PARARUN_MAX_ROWS 25000000u

/* Appends to `out` the run of rows[0..n) (their sources in `pool`): sorted
 * by paragraph, source and context, each row once. rows is reordered (a
 * row may then point to another pool entry with the same bytes). *kept:
 * the rows in the run. 0 ok, -1 out of memory or more
 * than PARARUN_MAX_ROWS rows. */
int pararun_encode(wt_buf *out, para_row *rows, size_t n, const char *pool, size_t *kept);

/* Inserts a run (pararun_encode's output) into para_runs, unlearned.
 * An SQLite result code. */
int pararun_insert(sqlite3 *db, const wt_buf *run, size_t rows);

/* The boilerplate rule over the runs in para_runs: a paragraph is
 * boilerplate when its rows have at least `min` distinct contexts, and
 * either twice that many or `min` within one source; it is then put into
 * `boilerplate` with its contexts count. full: every paragraph is decided;
 * else only those with rows in runs not learned yet. All runs are learned
 * after. Call within a write transaction. An SQLite result code
 * (SQLITE_CORRUPT for a run that cannot be read). */
int pararun_learn(sqlite3 *db, int min, int full);

/* Keeps the number of runs small: when there are more than 8, merges the
 * newest runs into one while the one before them holds at most twice their
 * rows (so run sizes fall geometrically from the oldest, and a row is
 * rewritten a logarithmic number of times). Every run must be learned.
 * Call within a write transaction. An SQLite result code. */
int pararun_compact(sqlite3 *db);

/* Appends every row of the runs to `out`, one per line, "hash|source|ctx"
 * in key order, each once (for tests). An SQLite result code. */
int pararun_dump(sqlite3 *db, wt_buf *out);

#endif
