/*
 * internal.h - helpers shared by the modules of libwiretrace (not public).
 *
 *  - wt_buf: a growable byte string (sds-style: length + capacity, always
 *    NUL-terminated), for building text.
 *  - wt_arena: a bump allocator for per-document scratch memory, reset
 *    between documents.
 *  - wt_stream: a decompressing byte stream over a file or standard input
 *    (libarchive raw format with every filter), with a bounded line reader.
 *  - small string utilities.
 */
#ifndef WT_INTERNAL_H
#define WT_INTERNAL_H

#include "wiretrace.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------------------- wt_buf */
typedef struct wt_buf {
	char *p;
	size_t len, cap;
} wt_buf;

void buf_init(wt_buf *b);
void buf_release(wt_buf *b);
int buf_reserve(wt_buf *b, size_t extra); /* 0 ok, -1 nomem */
int buf_add(wt_buf *b, const void *s, size_t n);
int buf_adds(wt_buf *b, const char *s);
int buf_addc(wt_buf *b, char c);
int buf_printf(wt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Detaches the string: the caller owns it; the buffer is empty again. */
char *buf_detach(wt_buf *b, size_t *len);

/* --------------------------------------------------------------- wt_arena */
typedef struct arena_block arena_block;
typedef struct wt_arena {
	arena_block *head;
	size_t block_size;
} wt_arena;

void arena_init(wt_arena *a, size_t block_size);
void arena_release(wt_arena *a);
/* Keeps the first block, frees the others. */
void arena_reset(wt_arena *a);
void *arena_alloc(wt_arena *a, size_t n); /* 8-byte aligned, NULL on nomem */
char *arena_strndup(wt_arena *a, const char *s, size_t n);

/* -------------------------------------------------------------- wt_stream */
/* A buffered, decompressing byte stream over a file or standard input
 * (libarchive raw format with the gzip, bzip2, xz, lzma, zstd and compress
 * filters), with a bounded line reader. */
typedef struct wt_stream wt_stream;

/* Opens path ("-" = standard input). On failure returns NULL and writes a
 * message to err. */
wt_stream *stream_open(const char *path, char *err, size_t errlen);
/* Same over a borrowed memory buffer. */
wt_stream *stream_open_memory(const void *data, size_t len, char *err, size_t errlen);
void stream_close(wt_stream *s);
/* Message of the last error (empty when none). */
const char *stream_error(const wt_stream *s);
/* Compression filter name ("none", "gzip", "zstd", "xz", ...). */
const char *stream_filter(const wt_stream *s);
uint64_t stream_bytes(const wt_stream *s);  /* decompressed bytes consumed */
uint64_t stream_lineno(const wt_stream *s); /* lines returned so far */

/* Makes at least `want` bytes visible without consuming them (fewer at the
 * end of input or on error). Returns the number visible; *p points at them
 * (borrowed until the next call). */
size_t stream_peek(wt_stream *s, size_t want, const char **p);
/* Returns 1 with a line in *line and *len (without the newline; borrowed until
 * the next call), 0 at end, -1 on stream error, 2 when the line exceeded
 * max bytes (it was consumed to its end; *len receives its length). */
int stream_line(wt_stream *s, size_t max, const char **line, size_t *len);
/* Reads up to n bytes into dst (dst NULL: discards them). Returns the count
 * (< n only at end or error). */
size_t stream_read(wt_stream *s, void *dst, size_t n);
/* Reads everything that is left into b, up to max bytes. Returns 1 when
 * complete, 2 when over max (the rest is discarded), -1 on stream error. */
int stream_read_all(wt_stream *s, size_t max, wt_buf *b, uint64_t *total);
int stream_failed(const wt_stream *s);

/* ------------------------------------------------------------------ text */
/* Decodes one UTF-8 code point at s[0..n); returns its length (>= 1) and
 * stores the code point (U+FFFD for an invalid sequence, length 1). */
size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp);
int utf8_valid(const char *s, size_t n);
/* 1 when the code point is an uppercase or titlecase letter. */
int utf8_is_upper(int32_t cp);

char *wt_strndup(const char *s, size_t n);
int str_ieq_prefix(const char *s, size_t n, const char *prefix); /* ASCII */
int mem_icontains(const char *s, size_t n, const char *needle);  /* ASCII */

/* A few phrases looked for at once in many short texts (Wu and Manber's
 * algorithm on byte pairs): set up once on caller-owned memory, which also
 * borrows v (and its strings) until the last phrases_in(). Phrases must be
 * at least 2 bytes. Matching is exact (bytes). */
typedef struct phrase {
	const char *s;
	size_t n;
} phrase;
#define PHRASE(x)                                                                                  \
	{                                                                                          \
		x, sizeof(x) - 1                                                                   \
	}
#define PHRASE_PAIR_BITS 10
typedef struct phrases {
	const phrase *v;
	size_t n, m; /* m: the shortest length */
	unsigned char shift[1u << PHRASE_PAIR_BITS];
} phrases;
void phrases_init(phrases *ps, const phrase *v, size_t n);
/* 1 when one of the phrases occurs in t[0..n). */
int phrases_in(const phrases *ps, const char *t, size_t n);
/* Trims ASCII and Unicode spaces on both ends of [*s, *s+*n). */
void trim_span(const char *text, size_t *start, size_t *end);
int is_space_at(const char *s, size_t n, size_t *len); /* any Unicode space */

/* Little-endian integers in byte buffers (the store's blobs: paragraph
 * runs, shingle sets), whatever the host's byte order. */
static inline void le_put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline void le_put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t le_get32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static inline uint64_t le_get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The 8 bytes of x (loaded with memcpy) with ASCII capitals lower-cased,
 * any other byte kept: bit 7 of each byte of `up` marks 'A'..'Z' (below
 * 0x80, adding never carries out of a byte). */
static inline uint64_t ascii_lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t low = x & (ones * 0x7F);
	uint64_t up =
	    (low + ones * (0x80 - 'A')) & ~(low + ones * (0x80 - 'Z' - 1)) & ~x & (ones * 0x80);
	return x | (up >> 2); /* + 0x20 */
}

/* Bit 7 of each byte of the result is set where that byte of x equals c,
 * exactly (no carry crosses a byte). */
static inline uint64_t bytes_eq8(uint64_t x, unsigned char c)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t y = x ^ (ones * c);
	return ~(((y & (ones * 0x7F)) + ones * 0x7F) | y) & (ones * 0x80);
}

/* How many bytes at the start of s[0..n) are ASCII (below 0x80), read
 * eight at a time. */
static inline size_t ascii_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (uint64_t x; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		if (x & 0x8080808080808080ull)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Hash helpers (XXH3-64). */
uint64_t hash64(const void *p, size_t n);
/* XXH3-64 of the folded text (wt_text_fold: case, quotes, white space) of
 * s[0..len), a paragraph's identity for boilerplate learning (text.c). */
uint64_t text_fold_hash(const char *s, size_t len);
/* wt_doc_analyze() without the sentences: d holds the tokens of
 * text[0..len) (the same as wt_doc_analyze's, with the same lifetimes) and
 * no sentences, for the stages that read only tokens (shingles, story
 * terms, dedup); splitting sentences was a sixth of the analysis. */
wt_status text_tokenize(wt_doc *d, const char *text, size_t len);
/* "xxh3:" hex digest of s, into out (at least 24 bytes). */
void hash_hex(const void *p, size_t n, char out[24]);

/* Parses a date at the start of s in common forms (ISO 8601, RFC 1123/822,
 * "Dec 15, 2025", "15 December 2025") into "YYYY-MM-DD" (or with time
 * "YYYY-MM-DDTHH:MM:SSZ"). Returns the bytes consumed, 0 when no date. */
size_t date_normalize(const char *s, size_t n, char out[32]);

/* Days since 1970-01-01 of an ISO date ("YYYY-MM-DD..."), or -1. */
long date_days(const char *d);

/* ------------------------------------------------------------------ state */
/* Engine state saved as a byte stream and loaded back (story.c, lsh.c,
 * align.c; kept in the store by store_state_save/load). `io` writes n bytes
 * from p, or reads n bytes into p; 0 ok, -1 error (short or failed). */
typedef struct state_io {
	int (*io)(void *ctx, void *p, size_t n);
	void *ctx;
	int err; /* sticky: set by the first failure */
} state_io;
/* Write or read n bytes (nothing once err is set). */
void state_put(state_io *w, const void *p, size_t n);
void state_get(state_io *r, void *p, size_t n);
/* Reads an array of n elements of `size` bytes into a fresh heap block
 * (NULL when n is 0 or on error, err then set). */
void *state_get_array(state_io *r, size_t n, size_t size);

/* Term document frequencies (align.c's wt_termstats): counts one more
 * document for hash h (its count after, in *df when df is not NULL). */
int termstats_incr(wt_termstats *t, uint64_t h, uint32_t *df);
/* Documents counted so far; marks one more. */
uint64_t termstats_docs(const wt_termstats *t);
void termstats_add_doc(wt_termstats *t);
void termstats_save(const wt_termstats *t, state_io *w);
/* Into a fresh (empty) t. */
void termstats_load(wt_termstats *t, state_io *r);

/* Article helpers used by several modules. */
int article_add_agency(wt_article *a, const char *canon);
int article_add_removed(wt_article *a, size_t start, size_t end, wt_removed_kind k);
void article_sort_removed(wt_article *a);
/* URL host ("www." stripped) into out; 1 when found. */
int url_host(const char *url, char *out, size_t outlen);

/* Longest agency alias at the start of s followed by a word boundary:
 * returns its canonical name and length, or NULL. */
const char *agency_match(const char *s, size_t n, size_t *mlen);
/* Adds every agency named in s[0..n) to a->agencies; returns how many were
 * found, -1 on allocation failure. */
int agency_scan(wt_article *a, const char *s, size_t n);

/* ----------------------------------------------------------------- reader */
struct wt_reader {
	wt_read_options opt;
	char **paths;
	uint64_t *sizes;
	const void **mem; /* non-NULL for in-memory inputs */
	size_t npaths, cappaths, next;
	uint64_t total_bytes, done_bytes, closed_bytes;
	/* current file */
	char *path; /* display name */
	wt_stream *st;
	wt_format fmt;
	uint64_t record; /* records seen in the current file */
	int warc_skipped;
	/* JSONL: the fast path's fields (read_jsonl.c, allocated on first use);
	 * jsonl_jansson_only turns the fast path off (tests compare the two);
	 * jsonl_fast counts the records it read */
	struct jrecord *jscan;
	int jsonl_jansson_only;
	uint64_t jsonl_fast;
	/* JSONL: how the current file holds its records (JSONL_* in
	 * read_jsonl.c), and in a JSON array, the lines consumed so far */
	int jsonl_mode;
	uint64_t jsonl_line;
	char msg[1024];
	wt_read_stats stats;
};

/* Formats a message naming the current file (and `where` when not NULL). */
void reader_msg(wt_reader *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Finishes an article read from the current file: repairs UTF-8, checks
 * emptiness and size, sets origin and a content-hash id when missing.
 * Takes ownership of text. */
wt_status reader_finish(wt_reader *r, wt_article *a, char *text, size_t len, const char *where);

/* ------------------------------------------------------------------ store */
/* What storing an article computes from it alone (content hash, info JSON,
 * paragraph hashes), done ahead on any thread by store_prepare(). */
typedef struct store_para {
	size_t start, end;
	int64_t hash;
} store_para;
typedef struct store_prep {
	char hash[24];
	char *info;
	store_para *p;
	size_t np;
} store_prep;
wt_status store_prepare(const wt_article *a, store_prep *p);
/* The `info` column of an article (JSON, docs/schema.md); the caller frees
 * it. NULL when out of memory. */
char *store_info_json(const wt_article *a);
void store_prep_release(store_prep *p);
/* Storing a batch step by step (wt_store_put() does it all): one
 * transaction (begin, commit, or rollback on any error), in which each
 * article is looked up (store_has: stored with this content already?) and
 * inserted when it is not (as a new version when its id is known; *seq is
 * its row). */
wt_status store_begin(wt_store *s);
wt_status store_commit(wt_store *s);
void store_rollback(wt_store *s);
/* Paragraph rows staged (in memory) before they are written as a run
 * (default a million; 0: the default). For tests. */
void store_set_para_chunk(wt_store *s, uint64_t rows);
/* Forgets the staged paragraph rows, as a process that dies does. For
 * tests. */
void store_para_forget(wt_store *s);
/* 1 when stored articles wait for their paragraph rows to reach para_runs
 * (para_pending lists some), else 0: learning would move them. */
int store_para_pending(wt_store *s);
/* The paragraph rows of the store (not those staged), one per line,
 * "hash|source|ctx" in key order, appended to out. For tests. */
wt_status store_para_dump(wt_store *s, wt_buf *out);
/* Background checkpoints for a long run of writes: WAL checkpoints (copying
 * committed pages into the database file and syncing it) run on a thread
 * with a connection of its own instead of in the writer's commits, one each
 * time `frames` more pages (0: 4096, 64 MiB) are in the WAL. The writer
 * waits for one only when the WAL holds four times that. NULL when that
 * cannot be had (in-memory or read-only store, no thread): the writer then
 * checkpoints as usual. store_ckpt_stop() (NULL: no-op) finishes the
 * checkpoint asked for, ends the thread and gives the writer its own
 * checkpoints back; call it before the store closes. */
typedef struct store_ckpt store_ckpt;
store_ckpt *store_ckpt_start(wt_store *s, int frames);
void store_ckpt_stop(store_ckpt *c);
/* WT_ERR_ARG (message set) when an article has no id or text. */
wt_status store_check_batch(wt_store *s, wt_article *const *batch, size_t n);
wt_status store_has(wt_store *s, const char *id, const char *hash, int *has);
/* Engine state kept in the store under `name` (table engine_state).
 * Saving, in one transaction: the state covers the rows of `table`
 * (story_members, sketches) up to its last one when the rows after `base`
 * (the last one when the run began) are the `ours` the run wrote; then fill
 * is called with a writer and *saved set. Otherwise another process wrote
 * rows meanwhile, which the state lacks: any state saved under the name is
 * forgotten instead (the next run rebuilds it). Loading calls drain with a
 * reader over what was saved for the rows up to `seq`, or returns
 * WT_ERR_NOTFOUND when there is none. */
wt_status store_state_save(wt_store *s, const char *name, const char *table, int64_t base,
                           int64_t ours, wt_status (*fill)(state_io *w, void *ctx), void *ctx,
                           int *saved);
wt_status store_state_load(wt_store *s, const char *name, int64_t seq,
                           wt_status (*drain)(state_io *r, void *ctx), void *ctx);
/* Forgets the state saved under `name` (the next load finds none). */
wt_status store_state_drop(wt_store *s, const char *name);
/* Sets the store's message (wt_store_message) for an error found by a
 * stage working on the store's data. */
void store_note(wt_store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads up to max articles stored without analysis (by an ingest with
 * defer_analysis, or by wt_store_put: the rows after the highest sketch
 * row), those after row `after` (that highest row, or the last one read
 * so far), in row order, into out[0..*n) (each released first) and
 * their rows into seqs: as stored, cleaned, without the boilerplate learned
 * since, so that their analysis sees what an ingest's would have seen.
 * *last receives the last row looked at (`after` when none is left). A
 * damaged record is an error, or with `damaged` given, reported to it with
 * a message naming the article and left out. */
wt_status store_read_unanalyzed(wt_store *s, int64_t after, wt_article *out, int64_t *seqs,
                                size_t max, size_t *n, int64_t *last,
                                void (*damaged)(const char *msg, void *ctx), void *ctx);
/* Calls cb with each article that has a story (as stored, without the
 * boilerplate learned since, as its analysis saw it; borrowed until cb
 * returns) and its story, in ingest order. */
wt_status store_replay_stories(wt_store *s,
                               wt_status (*cb)(const wt_article *a, int64_t story, void *ctx),
                               void *ctx);
/* The highest article row in `table` (story_members, sketches; 0: none). */
wt_status store_last_seq(wt_store *s, const char *table, int64_t *seq);
wt_status store_insert(wt_store *s, wt_article *a, const store_prep *pre, wt_put_result *res,
                       int64_t *seq);
/* Stores an article's shingle set and near-duplicate group (inside a put).
 * The set must be narrowed (sketch_narrow: every value below 2^32; the
 * store keeps 4 bytes of each), else WT_ERR_ARG. */
wt_status store_put_sketch(wt_store *s, int64_t seq, const uint64_t *sh, size_t n,
                           const char *group, double jaccard, double containment);
/* Calls cb with the row, id and shingles (borrowed) of every group's first
 * article, in storage order. */
wt_status store_load_groups(wt_store *s,
                            wt_status (*cb)(int64_t seq, const char *id, const uint64_t *sh,
                                            size_t n, void *ctx),
                            void *ctx);
/* A read-only connection of its own on the store's file, for the thread
 * that reads back what earlier ingests committed while the writer goes on
 * (the near-duplicate decisions verifying candidates against stored
 * shingle sets). Each read is a transaction of its own: it sees what was
 * committed before it, and never holds checkpoints back. NULL for an
 * in-memory store, a store not in WAL mode (where a reader could wait for
 * the writer) or when the file cannot be opened; close with
 * store_reader_close() (NULL: no-op) before the store closes. One thread
 * at a time. */
/* A read-only handle of its own on the store's file (wt_store_destroy()
 * it), for loading on another thread while the store's own connection
 * loads something else; NULL for an in-memory store or on failure. */
wt_store *store_open_reader(wt_store *s);
typedef struct store_reader store_reader;
store_reader *store_reader_open(wt_store *s);
void store_reader_close(store_reader *r);
/* Appends the stored shingles of article row seq to sh (as uint64_t) and
 * its id to id (either may be NULL). WT_ERR_NOTFOUND when the row has no
 * sketch, WT_ERR_STORE when its set is damaged. */
wt_status store_reader_sketch(store_reader *r, int64_t seq, wt_buf *sh, wt_buf *id);
/* Whether article a, not cleaned yet, is stored already with its content
 * (*has = 1), going by its fields as read; hash receives the content hash
 * of those fields. Cleaning only fills in fields that are missing (title,
 * source, date, URL) from the text, and the stored content hash covers
 * the fields after cleaning, so a match means that cleaning a would give
 * the stored article again. No match says nothing: cleaning may fill
 * fields in. */
wt_status store_reader_has(store_reader *r, const wt_article *a, char hash[24], int *has);

/* Story membership of an article and its story's label (NULL: keep). */
wt_status store_put_story(wt_store *s, int64_t seq, int64_t story, double score, const char *label);
/* Story `gone` merged into `into` when article `seq` arrived. */
wt_status store_merge_story(wt_store *s, int64_t gone, int64_t into, int64_t seq);
/* Calls cb with each stored (article id, story), in ingest order. */
wt_status store_load_stories(wt_store *s, wt_status (*cb)(const char *id, int64_t story, void *ctx),
                             void *ctx);

/* ---------------------------------------------------------------- stories */
/* An article's story terms before weighting: term hash and tf weight (times
 * 2 for names, numbers and title words). Computed on any thread (the
 * ingest workers), then handed to the single-threaded story engine. */
typedef struct story_term {
	uint64_t h;
	float w;
} story_term;
typedef struct story_terms {
	story_term *v;
	size_t n, cap;
} story_terms;
void story_terms_release(story_terms *t);
/* Sorts by hash, one entry per term: sublinear tf times its largest boost. */
void story_terms_finish(story_terms *t);
/* All of it for an article: its body (wt_article_body) and its title, each
 * analyzed with d; the terms are finished. */
wt_status story_terms_of(story_terms *t, wt_doc *d, const wt_article *a);
/* The same, d having just analyzed the article's body (body[0..len)). */
wt_status story_terms_from_body(story_terms *t, wt_doc *d, const wt_article *a, const char *body,
                                size_t len);
/* wt_stories_add() with the terms already computed (finished). */
wt_status stories_add_terms(wt_stories *s, const wt_article *a, const story_terms *t, int forced,
                            uint32_t *story_id, double *score);
/* The whole engine as a byte stream, and back into a fresh engine created
 * with the same options (WT_ERR_ARG when they differ, WT_ERR_STORE when the
 * stream is short or not a story state). */
wt_status stories_save(const wt_stories *s, state_io *w);
wt_status stories_load(wt_stories *s, state_io *r);

/* ------------------------------------------------------------------ align */
/* Distinct word `ngram`-gram hashes and distinct name/number token hashes of
 * an article's body (heap arrays, sorted); 0 ok, -1 out of memory. */
int align_keys(const wt_article *a, int ngram, uint64_t **grams, size_t *ng, uint64_t **names,
               size_t *nn);

/* Sentences of an article's body (removed spans skipped) with the features
 * of wt_sentence_similarity(): content words and their bigrams, IDF from
 * `ts` (may be NULL); spelled-out numbers as digits, possessives dropped,
 * place names as the country they stand for (lex_place). `fold` hashes the sentence's folded tokens
 * (equal for verbatim copies). Heap array; align_sentences_free(). */
typedef struct align_clause {
	uint64_t *h;
	double *w;
	size_t n;
	double total;
} align_clause;

typedef struct align_sent {
	size_t start, end;     /* byte span in the article text */
	align_clause *clauses; /* clauses of three or more content words */
	size_t nclauses;
	size_t tok_begin, tok_end; /* body-token range (for callers' bookkeeping) */
	uint64_t *h;               /* sorted feature hashes */
	double *w;
	size_t n;
	double total;
	uint64_t fold;
} align_sent;

/* wt_termstats_add() for align_sentences(): also counts the country key of
 * each place name, so that its IDF is known. */
wt_status align_termstats_add(wt_termstats *t, const char *text, size_t len);
wt_status align_sentences(const wt_article *a, wt_doc *d, const wt_termstats *ts, align_sent **out,
                          size_t *n);
void align_sentences_free(align_sent *s, size_t n);
/* Weighted Dice of two sentences' features, or 0.8 x that of their best
 * pair of clauses when higher; in [0, 1]. */
double align_sent_sim(const align_sent *a, const align_sent *b);

/* Per-format record readers: WT_OK with an article, WT_DONE at the end of
 * the current file, or an error for one record (message set). */
wt_status read_text_next(wt_reader *r, wt_article *a);
wt_status read_html_next(wt_reader *r, wt_article *a);
wt_status read_jsonl_next(wt_reader *r, wt_article *a);
wt_status read_warc_next(wt_reader *r, wt_article *a);
/* Id from a file name: base name without extensions. */
int reader_id_from_path(const char *path, wt_article *a);

#endif
