/*
 * wiretrace.h - the public API of libwiretrace.
 *
 * wiretrace shows how news travels: it reads articles from text, HTML, JSONL
 * and WARC files (optionally compressed), cleans them (bylines, datelines,
 * credit lines, promotional lines, learned boilerplate), and keeps them in an
 * embedded SQLite store for the later stages (dedup, reuse, stories,
 * collation).
 *
 * Conventions
 *  - Every function that can fail returns an enum wt_status. WT_OK is 0.
 *    wt_strerror() names a status; handles carry a message with detail
 *    (wt_reader_message(), wt_store_message(), ...).
 *  - Opaque handles are made with wt_<object>_create() and freed with
 *    wt_<object>_destroy(); destroy(NULL) is a no-op. Caller-owned structs are
 *    prepared with wt_<object>_init() and emptied with wt_<object>_release().
 *  - Every text span is a pair of byte offsets [start, end) into the original
 *    text of its article (wt_article.text), so any result can be highlighted
 *    in the source.
 *  - The library never prints and never aborts. It keeps no global state;
 *    distinct handles may be used from distinct threads at the same time.
 */
#ifndef WIRETRACE_H
#define WIRETRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WT_VERSION "0.1.0"

/* ------------------------------------------------------------------ errors */

/* Status codes. Values are stable and never renumbered; new codes are
 * appended. */
typedef enum wt_status {
	WT_OK = 0,
	WT_DONE = 1,            /* end of input (not an error) */
	WT_ERR_NOMEM = 2,       /* out of memory */
	WT_ERR_IO = 3,          /* a file could not be opened or read */
	WT_ERR_PARSE = 4,       /* malformed record (JSON line, WARC header...) */
	WT_ERR_TOO_LARGE = 5,   /* record or article over the size limit */
	WT_ERR_BINARY = 6,      /* file looks binary, not text */
	WT_ERR_EMPTY = 7,       /* file or record has no text */
	WT_ERR_TRUNCATED = 8,   /* compressed stream or WARC cut short */
	WT_ERR_STORE = 9,       /* the SQLite store failed */
	WT_ERR_LOCKED = 10,     /* the store is locked by another process */
	WT_ERR_READONLY = 11,   /* the store cannot be written */
	WT_ERR_NOTFOUND = 12,   /* no such article / path */
	WT_ERR_ARG = 13,        /* invalid argument */
	WT_ERR_UNSUPPORTED = 14 /* unsupported format or record type */
} wt_status;

/* Returns a static, human readable name for a status. Never NULL. */
const char *wt_strerror(wt_status st);

/* Returns the library version string (static). */
const char *wt_version(void);

/* Optional, for programs: tunes SQLite process-wide for wiretrace. Call it
 * once, first thing, before any thread uses wiretrace or SQLite (SQLite's
 * configuration is not thread-safe). It turns off SQLite's memory
 * statistics, whose mutex every SQLite allocation takes (a few percent of
 * an ingest); sqlite3_memory_used() then reports 0. Returns WT_OK, or
 * WT_ERR_UNSUPPORTED when SQLite is already in use (nothing changes). The
 * library works the same without it. */
wt_status wt_global_init(void);

/* ---------------------------------------------------------------- articles */

/* Why a span of the original text is not part of the story body. */
typedef enum wt_removed_kind {
	WT_RM_TITLE = 0,      /* headline line repeated at the top of the text */
	WT_RM_BYLINE = 1,     /* "By A, B and C" */
	WT_RM_DATELINE = 2,   /* "BERLIN, Dec 15 (Reuters) -" */
	WT_RM_CREDIT = 3,     /* "(Reporting by ...)", "with AP", "Reuters" */
	WT_RM_DISCLAIMER = 4, /* "auto generated from...", "syndicated feed" */
	WT_RM_PROMO = 5,      /* "Follow us on", "Sign up for", "Read more" */
	WT_RM_HEADER = 6,     /* metadata header such as "date 2025-12-16" */
	WT_RM_BOILERPLATE = 7 /* paragraph recurring across unrelated articles */
} wt_removed_kind;

/* Returns the static name of a removed-span kind ("byline", ...). */
const char *wt_removed_kind_name(wt_removed_kind kind);

typedef struct wt_removed {
	size_t start, end; /* byte offsets into wt_article.text */
	wt_removed_kind kind;
} wt_removed;

/* A news article. All pointers are owned by the struct: strings are
 * NUL-terminated heap copies (or NULL when unknown) and are freed by
 * wt_article_release(). Fields from "authors" on are filled by
 * wt_article_clean(). */
typedef struct wt_article {
	char *id;     /* stable id: given, else file name, else content hash */
	char *title;  /* headline or NULL */
	char *source; /* outlet: field, else URL host, else credited agency */
	char *url;
	char *published; /* date (ISO 8601 when known) or NULL */
	char *origin;    /* where it was read: "file", "file:line", "file#record" */
	char *extra;     /* JSON object text with unknown input fields, or NULL */
	char *text;      /* original text, valid UTF-8 (repaired if needed) */
	size_t text_len;
	size_t utf8_repairs; /* invalid UTF-8 sequences replaced by U+FFFD */
	char *raw;           /* the input record as read (JSONL line), only with
	                        wt_read_options.keep_raw; else NULL */
	size_t raw_len;

	char **authors;
	size_t n_authors;
	char **agencies; /* canonical names of credited agencies, sorted */
	size_t n_agencies;
	char *dateline_place;
	char *dateline_date;
	wt_removed *removed; /* sorted by start, non-overlapping */
	size_t n_removed;
	int cleaned; /* 1 once wt_article_clean() ran */
} wt_article;

/* Prepares an empty article. */
void wt_article_init(wt_article *a);
/* Frees everything the article owns and leaves it empty (re-initialised). */
void wt_article_release(wt_article *a);

/* Sets a string field (e.g. &a->title) to a copy of s[0..len) (len ==
 * (size_t)-1 means strlen). The old value is freed. */
wt_status wt_article_set(char **field, const char *s, size_t len);

/* Builds the story body: the original text without the removed spans,
 * paragraphs separated by a single blank line. Returns a heap string the
 * caller frees (NULL on allocation failure); *len receives its length. */
char *wt_article_body(const wt_article *a, size_t *len);

/* Serializes an article (metadata, authors, agencies, dateline, body, and
 * removed spans with their offsets, kinds and text) as one line of JSON.
 * `version` > 0 is included. Returns a heap string the caller frees, or
 * NULL on allocation failure. */
char *wt_article_json(const wt_article *a, int version);

/* Returns s[0..len) as a quoted JSON string (heap, caller frees), or NULL.
 * len == (size_t)-1 means strlen; s NULL gives "null". */
char *wt_json_quote(const char *s, size_t len);

/* Returns the canonical name of a news agency mentioned as `name` (e.g. "AP",
 * "Associated Press" -> "AP"; "Agence France-Presse" -> "AFP"), or NULL when
 * the name is not a known agency. The result is static. */
const char *wt_agency_canonical(const char *name, size_t len);

/* ---------------------------------------------------------------- cleaning */

typedef struct wt_clean_options {
	int detect_title; /* treat a headline-like first line as title (txt) */
} wt_clean_options;

void wt_clean_options_init(wt_clean_options *o);

/* Separates the story body from what is not the story: fills authors,
 * agencies, dateline_*, removed spans, and metadata from header lines
 * (published, title). Idempotent: cleaning twice gives the same result.
 * Corpus-learned boilerplate is added later by the store
 * (wt_store_get marks it). */
wt_status wt_article_clean(wt_article *a, const wt_clean_options *opt);

/* ------------------------------------------------------------- text model */

/* Token flags. */
enum {
	WT_TOK_WORD = 1u << 0,   /* letters (any script) */
	WT_TOK_NUMBER = 1u << 1, /* digits, possibly with , . separators */
	WT_TOK_PERCENT = 1u << 2 /* a number with %, percent, per cent, pct */
};

typedef struct wt_token {
	size_t start, end; /* byte offsets into the analyzed text */
	const char *norm;  /* NFKC + case folded, quotes/dashes folded */
	size_t norm_len;
	unsigned flags;
} wt_token;

typedef struct wt_sentence {
	size_t start, end;         /* byte offsets into the analyzed text */
	size_t tok_begin, tok_end; /* token index range [begin, end) */
} wt_sentence;

/* A reusable analysis handle: tokens and sentences of one document at a
 * time, kept in an arena that is reset by every wt_doc_analyze(). */
typedef struct wt_doc wt_doc;

wt_doc *wt_doc_create(void);
void wt_doc_destroy(wt_doc *d);
/* Tokenizes and splits `text` (which must stay alive while the results are
 * used). Spans in the results index `text`. Previous results die. */
wt_status wt_doc_analyze(wt_doc *d, const char *text, size_t len);
/* Borrowed arrays, valid until the next wt_doc_analyze() or destroy. */
const wt_token *wt_doc_tokens(const wt_doc *d, size_t *n);
const wt_sentence *wt_doc_sentences(const wt_doc *d, size_t *n);

/* Normalizes a UTF-8 string for matching (NFKC, case folding, curly quotes,
 * apostrophes and dashes folded to ASCII, whitespace collapsed). Returns a
 * heap string the caller frees, or NULL on allocation failure. */
char *wt_text_fold(const char *s, size_t len, size_t *out_len);

/* Copies s[0..len) replacing invalid UTF-8 by U+FFFD and NUL bytes by
 * spaces. Returns a heap string the caller frees (NULL on allocation
 * failure); *repairs receives the number of replaced sequences. */
char *wt_utf8_repair(const char *s, size_t len, size_t *out_len, size_t *repairs);

/* --------------------------------------------------------------- sketches */

/* A shingle set: the sorted, distinct XXH3 hashes of every run of `shingle`
 * consecutive word/number tokens (normalized, see wt_doc). A text with fewer
 * tokens than one shingle gets a single shingle of all its tokens; a text
 * without tokens gets none. */
typedef struct wt_shingles {
	uint64_t *h; /* sorted ascending, distinct */
	size_t n, cap;
} wt_shingles;

void wt_shingles_init(wt_shingles *s);
void wt_shingles_release(wt_shingles *s);
/* Fills s (emptied first) from tokens[0..n) with word `shingle`-grams
 * (shingle >= 1). */
wt_status wt_shingles_from_tokens(wt_shingles *s, const wt_token *tokens, size_t n, int shingle);
/* Convenience: tokenizes text with `d` (its previous results die; it then
 * holds the text's tokens, and no sentences) and fills s. */
wt_status wt_shingles_from_text(wt_shingles *s, wt_doc *d, const char *text, size_t len,
                                int shingle);

/* Exact similarity of two shingle sets. */
typedef struct wt_similarity {
	double jaccard;   /* |A n B| / |A u B| (0 when both are empty) */
	double contain_a; /* |A n B| / |A|: how much of A is in B */
	double contain_b; /* |A n B| / |B| */
	size_t common;    /* |A n B| */
} wt_similarity;

wt_similarity wt_shingles_compare(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* MinHash signature of a shingle set by one permutation hashing with optimal
 * densification (Shrivastava 2017): one pass over the shingles fills
 * num_perm bins with the minimum of a seeded hash, empty bins borrow from a
 * bin chosen by a fixed hash sequence. sig receives num_perm values; the
 * fraction of equal positions of two signatures estimates their Jaccard. An
 * empty set gives all 0xFFFFFFFF. */
void wt_minhash(const uint64_t *shingles, size_t n, int num_perm, uint64_t seed, uint32_t *sig);
/* Fraction of equal positions of two signatures. */
double wt_minhash_estimate(const uint32_t *a, const uint32_t *b, int num_perm);

/* 64-bit SimHash (Charikar) of a shingle set: bit i is the majority of bit i
 * over the seeded shingle hashes. Hamming distance estimates the angle. */
uint64_t wt_simhash(const uint64_t *shingles, size_t n, uint64_t seed);
/* Largest Hamming distance between SimHashes expected for two equally sized
 * sets of Jaccard `threshold` (angle arccos(2J/(1+J)) over pi, times 64,
 * rounded up). */
int wt_simhash_max_distance(double threshold);

/* LSH banding: among bands x rows <= num_perm, the pair whose probability of
 * making a pair of Jaccard `threshold` a candidate, 1 - (1 - t^r)^b, is at
 * least 0.99 with the least false-positive area (the integral of that
 * probability over [0, threshold]). Verification removes false positives,
 * so recall is bought at their expense. */
void wt_lsh_params(double threshold, int num_perm, int *bands, int *rows);
/* 1 - (1 - s^rows)^bands. */
double wt_lsh_probability(double s, int bands, int rows);

/* ------------------------------------------------------------------ dedup */

typedef enum wt_sketch_method { WT_SKETCH_MINHASH = 0, WT_SKETCH_SIMHASH = 1 } wt_sketch_method;

typedef enum wt_keep {
	WT_KEEP_FIRST = 0,    /* the first record of a group in input order */
	WT_KEEP_EARLIEST = 1, /* the earliest `published` (input order on ties) */
	WT_KEEP_LONGEST = 2   /* the longest text (input order on ties) */
} wt_keep;

typedef struct wt_dedup_options {
	double threshold;   /* Jaccard at or above which a record is a duplicate;
	                       default 0.8 (see docs/dedup.md) */
	double containment; /* > 0: also a duplicate when at least this fraction
	                       of its shingles is in one earlier record */
	int shingle;        /* words per shingle, default 5 */
	int num_perm;       /* MinHash signature length, default 128 */
	uint64_t seed;      /* hash seed, default 0 */
	wt_sketch_method method;
	wt_keep keep;
	int clean;   /* shingle the cleaned body (default 1) or the whole text */
	int threads; /* sketching threads; 0 = number of cores */
	/* Directory for the spill file holding kept records' shingle sets
	 * (NULL: $TMPDIR or /tmp). */
	const char *tmpdir;
} wt_dedup_options;

void wt_dedup_options_init(wt_dedup_options *o);

/* The verdict on one record. */
typedef struct wt_dedup_result {
	int duplicate;     /* 1 when dropped */
	char *dup_of;      /* id of the kept record it duplicates (heap; freed by
	                      wt_dedup_result_release) */
	wt_similarity sim; /* measured against dup_of (contain_a: this record) */
	size_t n_shingles; /* size of its shingle set */
	int short_text;    /* fewer tokens than one shingle */
} wt_dedup_result;

void wt_dedup_result_release(wt_dedup_result *r);

/* A deduplication index: the kept records' sketches in LSH tables (in
 * memory, a fixed size per record: see docs/dedup.md) and their shingle sets
 * and ids (in a spill file, or in the index file given to
 * wt_dedup_open_index). */
typedef struct wt_dedup wt_dedup;

/* Creates an index (NULL on allocation failure; `o` NULL for defaults).
 * The spill file is created lazily; errors come from the calls below. */
wt_dedup *wt_dedup_create(const wt_dedup_options *o);
void wt_dedup_destroy(wt_dedup *d);
/* Message for the last error. Borrowed; valid until the next call. */
const char *wt_dedup_message(const wt_dedup *d);

/* Uses `path` as a persistent index: the records it holds (from an earlier
 * run) are loaded, and records kept from now on are appended to it. A
 * record cut short by a crash at its end is dropped. Call before adding
 * anything. WT_ERR_PARSE when the file is not a wiretrace index or was made
 * with another shingle size or seed. */
wt_status wt_dedup_open_index(wt_dedup *d, const char *path);
/* Loads the records of an index file as references: later records are
 * compared with them, they are never written out. */
wt_status wt_dedup_add_index(wt_dedup *d, const char *path);

/* Decides a batch of articles in order: each is sketched (on `threads`
 * threads; cleaned first when the options say so), compared with every
 * record kept before it (LSH candidates, then exact verification), and kept
 * or marked duplicate. res[i] receives the verdict on batch[i] (release it
 * with wt_dedup_result_release). `reference` = 1 adds the kept ones as
 * references only (for --against). Verdicts are the same for any thread
 * count and batch size.
 *
 * With WT_KEEP_EARLIEST / WT_KEEP_LONGEST a later, better record replaces
 * the kept one of its group: res[] then holds provisional verdicts and
 * wt_dedup_final() gives the final ones. */
wt_status wt_dedup_add(wt_dedup *d, wt_article *const *batch, size_t n, int reference,
                       wt_dedup_result *res);

/* For WT_KEEP_EARLIEST / LONGEST: the final verdict on the record added as
 * number `index` (0-based over non-reference records, in order). */
wt_status wt_dedup_final(wt_dedup *d, uint64_t index, wt_dedup_result *out);

/* Writes what is pending to the index file and syncs it to disk. */
wt_status wt_dedup_flush(wt_dedup *d);

typedef struct wt_dedup_stats {
	uint64_t records, kept, duplicates, by_jaccard, by_containment, references;
	uint64_t short_texts, candidates, verified;
	uint64_t prefiltered; /* candidates ruled out by their one-byte MinHash
	                         values without reading their shingles */
	int bands, rows;      /* LSH banding in use (MinHash) */
	int max_distance;     /* SimHash Hamming radius in use */
	uint64_t index_bytes; /* memory held by the in-memory tables */
	uint64_t spill_bytes; /* bytes of shingle sets in the spill/index file */
} wt_dedup_stats;

void wt_dedup_stats_get(const wt_dedup *d, wt_dedup_stats *out);

/* ------------------------------------------------------------------ reuse */

/* One passage shared by two texts: byte offsets into each original text,
 * token counts and the edit operations that turn A's side into B's. */
typedef struct wt_passage {
	size_t a_start, a_end; /* bytes in text A */
	size_t b_start, b_end; /* bytes in text B */
	size_t a_tokens, b_tokens;
	size_t matches;       /* tokens equal on both sides */
	size_t substitutions; /* a token of A replaced by one of B */
	size_t deletions;     /* tokens of A missing in B */
	size_t insertions;    /* tokens of B missing in A */
	double identity;      /* matches / (matches + edits) */
	int quote;            /* quoted speech on both sides */
} wt_passage;

/* How two texts relate: passages and an in-order sentence mapping. */
typedef struct wt_alignment {
	wt_passage *passages; /* heap, sorted by a_start; wt_alignment_release */
	size_t n_passages;
	size_t a_tokens, b_tokens;   /* body tokens (removed spans excluded) */
	size_t a_covered, b_covered; /* tokens inside copied passages: not
	                                quote-only, identity >= 0.8 */
	size_t quote_tokens;         /* A tokens inside quote-only passages */
	size_t longest;              /* matched tokens of the longest copied one */
	size_t a_sentences, b_sentences;
	size_t sentences_matched; /* sentence pairs mapped in order */
	double sentence_score;    /* sum of their similarities */
} wt_alignment;

void wt_alignment_release(wt_alignment *al);

typedef enum wt_reuse_class {
	WT_REUSE_NONE = 0,       /* nothing in common worth reporting */
	WT_REUSE_VERBATIM = 1,   /* the copy is essentially the source */
	WT_REUSE_EDITED = 2,     /* long shared passages with edits */
	WT_REUSE_REWRITE = 3,    /* sentence-level correspondence in order */
	WT_REUSE_INDEPENDENT = 4 /* same event or topic, no reuse beyond quotes */
} wt_reuse_class;

/* Returns "none", "verbatim", "edited", "rewrite", "independent". */
const char *wt_reuse_class_name(wt_reuse_class c);

/* Term weights for sentence similarity: document frequencies of folded
 * tokens over a collection (IDF = log((N + 1) / (df + 1)) + 1). */
typedef struct wt_termstats wt_termstats;

wt_termstats *wt_termstats_create(void);
void wt_termstats_destroy(wt_termstats *t);
/* Counts each distinct token of one document once. */
wt_status wt_termstats_add(wt_termstats *t, const char *text, size_t len);

/* Similarity in [0, 1] of two sentences (or any short texts): weighted
 * Dice over content words and their bigrams, IDF weights from `ts` (NULL:
 * every content word weighs 1), numbers and capitalized names doubled. */
double wt_sentence_similarity(const wt_termstats *ts, const char *a, size_t alen, const char *b,
                              size_t blen);

/* Aligns two articles (their bodies: removed spans are skipped; offsets are
 * into each original text): shared passages from word 4-gram anchors,
 * chained across small gaps with an edit-distance alignment of each gap;
 * and a monotone alignment of their sentences. `ts` may be NULL. */
wt_status wt_align_articles(const wt_article *a, const wt_article *b, const wt_termstats *ts,
                            wt_alignment *out);

/* Class of an alignment (thresholds in docs/reuse.md) and a score in
 * [0, 1]: passage coverage of the more covered side for verbatim and
 * edited, in-order sentence coverage for rewrite. */
wt_reuse_class wt_alignment_classify(const wt_alignment *al, double *score);

/* ----------------------------------------------------------------- reading */

typedef enum wt_format {
	WT_FMT_AUTO = 0,
	WT_FMT_TEXT = 1,
	WT_FMT_HTML = 2,
	WT_FMT_JSONL = 3,
	WT_FMT_WARC = 4
} wt_format;

/* Returns "auto", "text", "html", "jsonl" or "warc". */
const char *wt_format_name(wt_format f);

typedef struct wt_read_options {
	size_t max_article_bytes; /* default 5 MB; larger records are skipped */
	wt_format format;         /* WT_FMT_AUTO: by extension, then content */
	/* --field NAME=KEY mappings: JSON key `keys[i]` fills field `names[i]`
	 * (id, text, title, source, url, published). Borrowed; must outlive the
	 * reader. */
	const char *const *field_names;
	const char *const *field_keys;
	size_t n_fields;
	int keep_raw; /* keep each JSONL record's line in wt_article.raw */
} wt_read_options;

void wt_read_options_init(wt_read_options *o);

typedef struct wt_read_stats {
	uint64_t bytes;        /* decompressed bytes read so far */
	uint64_t files;        /* files opened */
	uint64_t records;      /* articles returned */
	uint64_t skipped;      /* records or files skipped with an error */
	uint64_t utf8_repairs; /* invalid UTF-8 sequences repaired */
} wt_read_stats;

typedef struct wt_reader wt_reader;

/* Creates a reader. `opt` may be NULL for defaults; it is copied. */
wt_reader *wt_reader_create(const wt_read_options *opt);
void wt_reader_destroy(wt_reader *r);

/* Queues a path: a file, a folder (read recursively in sorted order, hidden
 * entries skipped) or "-" for JSONL on standard input. Folders are expanded
 * at once: WT_ERR_NOTFOUND / WT_ERR_IO when the path cannot be read (message
 * in wt_reader_message()). */
wt_status wt_reader_add_path(wt_reader *r, const char *path);

/* Queues an in-memory file: `name` (copied) gives the format by its
 * extension and names the input in messages; `data` is borrowed and must
 * stay alive until the reader has moved past it (or is destroyed). */
wt_status wt_reader_add_buffer(wt_reader *r, const char *name, const void *data, size_t len);

/* Returns the total size in bytes of the queued regular files (for
 * progress; compressed sizes). */
uint64_t wt_reader_total_bytes(const wt_reader *r);
/* Returns the bytes of queued files consumed so far (compressed sizes). */
uint64_t wt_reader_done_bytes(const wt_reader *r);

/* Reads the next article into `out` (released first). Returns WT_OK with an
 * article, WT_DONE at the end of all input, or an error for one record or
 * file that was skipped: wt_reader_message() says which file and line, and
 * the next call goes on with the rest of the input. */
wt_status wt_reader_next(wt_reader *r, wt_article *out);

/* Message for the last error, naming the file and line or record. Borrowed;
 * valid until the next call on the reader. */
const char *wt_reader_message(const wt_reader *r);

void wt_reader_stats(const wt_reader *r, wt_read_stats *out);

/* Reading ahead: a thread reads batches of up to `batch` articles from `r`
 * (borrowed; the batcher is its only user until destroyed) while the caller
 * works on the previous batch. on_skip (may be NULL) is called on that
 * thread, in input order, for every record skipped with an error. NULL on
 * allocation failure. */
typedef struct wt_batcher wt_batcher;

wt_batcher *wt_batcher_create(wt_reader *r, size_t batch, int strict,
                              void (*on_skip)(wt_status st, const char *msg, void *ctx), void *ctx);
/* The next batch, in input order: *arts and *n (borrowed until the next call
 * or destroy; the caller may modify the articles). Returns WT_OK, WT_DONE at
 * the end (n = 0), or the status that stopped the reading (out of memory, or
 * the first bad record with `strict`): the articles read before it are in
 * *arts and nothing follows. */
wt_status wt_batcher_next(wt_batcher *b, wt_article **arts, size_t *n);
/* Keeps the batch last returned by wt_batcher_next() past the next calls,
 * so that it can be worked on while the following ones are (a pipeline),
 * until wt_batcher_release(). Up to WT_BATCHER_KEEP batches can be kept at
 * once; keeping the same batch twice is a no-op; one more returns
 * WT_ERR_ARG and keeps nothing. */
#define WT_BATCHER_KEEP 8
wt_status wt_batcher_keep(wt_batcher *b);
/* Releases the oldest kept batch (its articles die); no-op when none is
 * kept. */
void wt_batcher_release(wt_batcher *b);
/* Input consumed when the current batch was read (wt_reader_done_bytes()
 * must not be called on the reader while the batcher runs). */
uint64_t wt_batcher_done_bytes(const wt_batcher *b);
void wt_batcher_destroy(wt_batcher *b);

/* Extracts an article from an HTML document (title, main text by text and
 * link density, date, site name, URL from meta tags). `a` is released
 * first; a->text receives the extracted text. */
wt_status wt_html_extract(const char *html, size_t len, wt_article *a);

/* ---------------------------------------------------------------- stories */

typedef struct wt_story_options {
	double threshold;       /* cosine to join a story; default 0.2 */
	double merge_threshold; /* cosine of two centroids to merge; default 0.5 */
	int window_days;        /* stories more than this many days from an
	                           article's date are not candidates; default 3,
	                           0 = no window */
} wt_story_options;

void wt_story_options_init(wt_story_options *o);

/* Online story grouping (docs/stories.md). Not thread-safe: one handle per
 * thread. */
typedef struct wt_stories wt_stories;

wt_stories *wt_stories_create(const wt_story_options *o);
void wt_stories_destroy(wt_stories *s);
/* Assigns a cleaned article to a story (existing or new): *story receives
 * its number, *score (may be NULL) the cosine with the story it joined (0
 * for a new story). `forced` >= 0 puts it in that story whatever its score
 * (replaying stored assignments, or strong reuse evidence), creating the
 * stories up to that number when they do not exist yet. */
wt_status wt_stories_add(wt_stories *s, const wt_article *a, int forced, uint32_t *story,
                         double *score);
/* The story a story number ended in after merges. */
uint32_t wt_stories_resolve(const wt_stories *s, uint32_t story);
/* Label (title of its most central article) of a story; borrowed, NULL if
 * none. */
const char *wt_stories_label(const wt_stories *s, uint32_t story);
/* Number of merges so far. */
uint64_t wt_stories_merges(const wt_stories *s);
/* Merges made by the last wt_stories_add(): pairs (gone, into), at most
 * max; returns how many. */
size_t wt_stories_last_merges(const wt_stories *s, uint32_t (*pairs)[2], size_t max);
/* Story numbers used so far (merged ones included). */
size_t wt_stories_count(const wt_stories *s);

/* --------------------------------------------------------------- collation */

/* One occurrence of something in one article of a collation. */
typedef struct wt_cref {
	size_t article;    /* index into wt_collation.articles */
	size_t start, end; /* byte offsets into that article's text */
	size_t sentence;   /* for sentence groups: sentence number in the body */
	char *text;        /* the occurrence's text (owned by the collation) */
} wt_cref;

typedef struct wt_coll_article {
	char *id, *source, *title, *published; /* copies; NULL when unknown */
} wt_coll_article;

/* Sentences of several articles that say the same thing (verbatim, edited
 * or paraphrased), one per supporting article. */
typedef struct wt_sentence_group {
	wt_cref *refs; /* sorted by article, then position */
	size_t n_refs;
	size_t rep;        /* index in refs of its most central wording */
	size_t n_articles; /* supporting articles */
	size_t n_variants; /* distinct wordings */
	int unique;        /* said by one article only */
} wt_sentence_group;

typedef enum wt_quote_relation {
	WT_QUOTE_SAME = 0,    /* the same words as the quote's main version */
	WT_QUOTE_SHORTER = 1, /* a contiguous part of the main version */
	WT_QUOTE_VARIANT = 2  /* differing wording */
} wt_quote_relation;

const char *wt_quote_relation_name(wt_quote_relation r); /* "same", ... */

typedef struct wt_quote_ref {
	wt_cref ref;                       /* the quoted words (parts joined by " ... ") */
	char *speaker_as_written;          /* "Zelenskiy", "he", "a US official", or NULL */
	size_t speaker_start, speaker_end; /* its span (0, 0 when none) */
	ptrdiff_t entity;                  /* speaker entity, -1 when none */
	int pronoun;                       /* the speaker was a pronoun, resolved */
	int inherited;                     /* speaker of the previous quotation */
	size_t words;
	wt_quote_relation relation;
} wt_quote_ref;

/* A quotation, linked across the articles that cite it. */
typedef struct wt_quote {
	char *text;       /* its longest version */
	char *speaker;    /* entity name, or the words naming the speaker, or NULL */
	ptrdiff_t entity; /* index into wt_collation.entities, or -1 */
	wt_quote_ref *refs;
	size_t n_refs;
	size_t main; /* index in refs of the longest version */
	size_t n_articles;
	int differs;  /* some version's wording differs (not just shorter) */
	int fragment; /* fewer than four words: a partial or scare quote */
} wt_quote;

typedef struct wt_number_ref {
	wt_cref ref;
	int qualifier; /* 0 exact, 1 approximate ("nearly"), 2 a bound ("more than") */
} wt_number_ref;

/* A numeric fact: one value told by one or more articles. */
typedef struct wt_number {
	double value;  /* percent: 90; date: YYYY, YYYYMM or MMDD; money: units */
	char *kind;    /* "percent", "money", "duration", "date", "count", "measure" */
	char *unit;    /* "percent", "USD", "year", "date", "count", "km", ... */
	char *display; /* normalized: "90%", "3 years", "USD 5e+09", "2022-02" */
	char *head;    /* the noun it counts ("issues"), or NULL */
	wt_number_ref *refs;
	size_t n_refs, n_articles;
} wt_number;

/* Two numbers describing the same thing with different values. */
typedef struct wt_discrepancy {
	size_t a, b;          /* indexes into wt_collation.numbers */
	wt_cref a_ref, b_ref; /* the two mentions that disagree */
	int within;           /* both in one article */
	char *reason;
} wt_discrepancy;

typedef enum wt_entity_kind {
	WT_ENT_PERSON = 0,
	WT_ENT_PLACE = 1,
	WT_ENT_ORG = 2,
	WT_ENT_OTHER = 3
} wt_entity_kind;

const char *wt_entity_kind_name(wt_entity_kind k); /* "person", ... */

/* A person, place or organisation, its spellings grouped. */
typedef struct wt_entity {
	char *name; /* the most frequent of its longest spellings */
	wt_entity_kind kind;
	char **aliases; /* every spelling seen, in order of appearance */
	size_t n_aliases;
	size_t *mentions; /* per article (n_articles long): mention count */
	wt_cref *refs;    /* every mention */
	size_t n_refs;
} wt_entity;

/* The consolidated account of a story. Everything is owned by the struct
 * (wt_collation_release). */
typedef struct wt_collation {
	wt_coll_article *articles;
	size_t n_articles;
	wt_sentence_group *groups; /* in narrative order */
	size_t n_groups;
	wt_quote *quotes; /* in order of first appearance */
	size_t n_quotes;
	wt_number *numbers;
	size_t n_numbers;
	wt_discrepancy *discrepancies;
	size_t n_discrepancies;
	wt_entity *entities; /* in order of first mention */
	size_t n_entities;
} wt_collation;

typedef struct wt_collate_options {
	double sentence_threshold; /* similarity to group two sentences; 0.3 */
	size_t max_articles;       /* only the first ones are collated; 1000 */
} wt_collate_options;

void wt_collate_options_init(wt_collate_options *o);

/* Collates the cleaned articles of one story (borrowed; removed spans are
 * skipped) into `out` (docs/collation.md): sentence groups in narrative
 * order, quotes with speakers, numbers with discrepancies, entities. IDF
 * comes from the articles themselves. `o` may be NULL. */
wt_status wt_collate(wt_article *const *arts, size_t n, const wt_collate_options *o,
                     wt_collation *out);
void wt_collation_release(wt_collation *c);

/* The collation as JSON (docs/collation.md); `story` (< 0: none) and
 * `label` (may be NULL) are written in the header. Returns a heap string
 * the caller frees, NULL on allocation failure. */
char *wt_collation_json(const wt_collation *c, int64_t story, const char *label, int pretty);

/* The collation as readable text: the account with source counts, quotes
 * by speaker, numbers and discrepancies. Heap string, caller frees. */
char *wt_collation_text(const wt_collation *c, int64_t story, const char *label);

/* ------------------------------------------------------------------- store */

typedef struct wt_store wt_store;

enum { WT_STORE_READONLY = 1u << 0 };

/* Result of storing one article. */
typedef enum wt_put_result {
	WT_PUT_ADDED = 0,     /* new id */
	WT_PUT_UNCHANGED = 1, /* same id and same content already stored */
	WT_PUT_VERSION = 2    /* same id, changed content: stored as new version */
} wt_put_result;

/* Creates a closed store handle (NULL on allocation failure). */
wt_store *wt_store_create(void);
void wt_store_destroy(wt_store *s);

/* Opens (and creates unless read-only) the SQLite database at `path`, in WAL
 * mode. Errors: WT_ERR_STORE, WT_ERR_LOCKED, WT_ERR_READONLY; detail in
 * wt_store_message(). */
wt_status wt_store_open(wt_store *s, const char *path, unsigned flags);

/* Message for the last error. Borrowed; valid until the next call. */
const char *wt_store_message(const wt_store *s);

/* Stores a batch of cleaned articles in one transaction: either all of
 * them are stored or none. results[i] (may be NULL) receives the outcome of
 * batch[i]. Articles are borrowed. They join no near-duplicate group or
 * story here: the next wt_ingest() without defer_analysis analyses them
 * (wt_store_unanalyzed). */
wt_status wt_store_put(wt_store *s, wt_article *const *batch, size_t n, wt_put_result *results);

/* Recomputes corpus-learned boilerplate: a paragraph that recurs in at least
 * `min_contexts` articles whose other content differs (so reprints of one
 * story do not count). */
wt_status wt_store_learn_boilerplate(wt_store *s, int min_contexts);

/* Loads article `id` (version 0 = latest) into `out` (released first), with
 * learned boilerplate paragraphs added to out->removed. WT_ERR_NOTFOUND when
 * absent. *version (may be NULL) receives its version. */
wt_status wt_store_get(wt_store *s, const char *id, int version, wt_article *out, int *out_version);

/* Summary row of wt_store_list(). Strings are borrowed and die when the
 * callback returns. */
typedef struct wt_article_row {
	const char *id, *title, *source, *published;
	int version;
	size_t text_len;
} wt_article_row;

/* Calls cb for the latest version of every article in insertion order (only
 * those with `source` when it is not NULL). Stops early when cb returns
 * non-zero. */
wt_status wt_store_list(wt_store *s, const char *source,
                        int (*cb)(const wt_article_row *row, void *ctx), void *ctx);

/* One article of a near-duplicate group (wt_store_dups). Strings are
 * borrowed and die when the callback returns. */
typedef struct wt_dup_row {
	const char *id;
	const char *group;  /* id of the group's first article */
	double jaccard;     /* exact Jaccard with the group's first article */
	double containment; /* share of this article's shingles in it */
	size_t group_size;
} wt_dup_row;

/* Calls cb for the latest version of every article in a near-duplicate
 * group of two or more (every article with `all`), grouped, groups in order
 * of their first article, each group's first article first. Groups are made
 * by ingest (wt_ingest_options.dedup_threshold). Stops when cb returns
 * non-zero. */
wt_status wt_store_dups(wt_store *s, int all, int (*cb)(const wt_dup_row *row, void *ctx),
                        void *ctx);

/* A story of the store (wt_store_stories). Strings are borrowed and die
 * when the callback returns. */
typedef struct wt_story_row {
	int64_t story;
	const char *label;        /* title of its most central article, or NULL */
	size_t size;              /* articles (latest versions) */
	const char *first, *last; /* publication dates, or NULL */
} wt_story_row;

/* Calls cb for every story with an article published in [since, until]
 * (ISO dates, NULL = open), largest first. */
wt_status wt_store_stories(wt_store *s, const char *since, const char *until,
                           int (*cb)(const wt_story_row *row, void *ctx), void *ctx);

/* One article of a story (wt_store_story_articles). */
typedef struct wt_story_article {
	int64_t story;
	const char *id, *title, *source, *published;
	double score; /* cosine with the story when it joined (0: it started it) */
} wt_story_article;

/* Calls cb for the articles of `story` (every story when story < 0), in
 * ingest order, limited to [since, until] when given. */
wt_status wt_store_story_articles(wt_store *s, int64_t story, const char *since, const char *until,
                                  int (*cb)(const wt_story_article *a, void *ctx), void *ctx);

/* Loads the latest versions of the articles of `story` (cleaned, learned
 * boilerplate in their removed spans), in ingest order, into a heap array
 * *arts of *n articles (free with wt_articles_free). *label (may be NULL)
 * receives a heap copy of the story's label, or NULL. WT_ERR_NOTFOUND when
 * the story has no article. */
wt_status wt_store_story_load(wt_store *s, int64_t story, wt_article **arts, size_t *n,
                              char **label);
/* Releases and frees an array of n articles (NULL is a no-op). */
void wt_articles_free(wt_article *arts, size_t n);

/* Number of distinct article ids in the store. */
wt_status wt_store_count(wt_store *s, uint64_t *n);

/* ------------------------------------------------------- reuse (store) */

/* A reuse relation between two stored articles, source first when a
 * direction was inferred. Everything is borrowed and dies when the callback
 * of wt_reuse_run() returns. */
typedef struct wt_reuse_edge {
	const wt_article *source, *copy; /* cleaned, with learned boilerplate */
	wt_reuse_class cls;
	double score;           /* see wt_alignment_classify() */
	double copy_coverage;   /* share of the copy's body tokens in copied passages */
	int directed;           /* 0: common-source siblings (order by id) */
	double confidence;      /* of the direction, in [0, 1] */
	const char *evidence;   /* why this direction ("published earlier", ...) */
	const wt_alignment *al; /* side a = source, side b = copy */
} wt_reuse_edge;

typedef struct wt_reuse_options {
	int ngram;        /* candidate n-gram size; default 5 */
	size_t max_df;    /* n-grams and names in more articles are ignored; 50 */
	int min_shared;   /* shared n-grams for a candidate pair; default 3 */
	int min_names;    /* or shared rare names/numbers; default 5 */
	int window_days;  /* > 0: compare only articles published this close */
	int all;          /* also report `independent` pairs */
	int threads;      /* alignment threads; 0 = all cores */
	const char *only; /* NULL, or report only edges of this article's
	                     connected component */
	int64_t story;    /* >= 0: only the articles of this story; -1 (the
	                     default): every article */
} wt_reuse_options;

void wt_reuse_options_init(wt_reuse_options *o);

typedef struct wt_reuse_stats {
	uint64_t articles, candidates, aligned, edges;
	double seconds_align;
} wt_reuse_stats;

/* Finds every related pair of the latest stored articles: candidates share
 * at least min_shared word n-grams, or min_names rare names and numbers
 * (n-grams or names in more than max_df articles are stock phrases and are
 * ignored), each candidate is aligned (wt_align_articles, IDF from the
 * store) and classified, and its direction inferred: publication times
 * first, then credit lines (an outlet crediting an agency derives from that
 * agency's own story), then containment (the trimmed copy is contained in
 * its source); otherwise the two are siblings from a common source.
 * Calls cb for each edge in a deterministic order (stops when cb returns
 * non-zero). Loads all articles in memory. */
wt_status wt_reuse_run(wt_store *s, const wt_reuse_options *o,
                       int (*cb)(const wt_reuse_edge *e, void *ctx), void *ctx,
                       wt_reuse_stats *stats);

/* The provenance graph: articles and the wire sources they derive from.
 * Strings are heap copies owned by the graph (wt_provenance_release). */
typedef struct wt_prov_node {
	char *id;       /* article id, or the agency name for a wire node */
	int wire;       /* 1 for a wire (agency) node */
	char *source;   /* the article's source, or NULL */
	char **origins; /* wires the article derives from, sorted */
	size_t n_origins;
} wt_prov_node;

typedef struct wt_prov_edge {
	size_t from, to;    /* node indexes: from is the source */
	wt_reuse_class cls; /* WT_REUSE_NONE for wire -> article edges */
	int directed;
	double confidence;
	char *evidence;
} wt_prov_edge;

typedef struct wt_provenance {
	wt_prov_node *nodes;
	size_t n_nodes;
	wt_prov_edge *edges;
	size_t n_edges;
} wt_provenance;

/* Builds the graph from wt_reuse_run() (independent pairs never carry
 * provenance): an article whose source is an agency is that wire's own
 * story; an article crediting agencies derives from them; otherwise it
 * inherits the origins of the articles it was copied from (and of its
 * common-source siblings). */
wt_status wt_provenance_build(wt_store *s, const wt_reuse_options *o, wt_provenance *out);
void wt_provenance_release(wt_provenance *p);

/* ------------------------------------------------------------------ report */

/* One story of an HTML report. Everything is borrowed for the call. */
typedef struct wt_report_story {
	int64_t story;
	const char *label;          /* may be NULL */
	const wt_collation *coll;   /* its collation */
	const wt_article *articles; /* the collated articles, in coll->articles
	                               order (side-by-side view); may be NULL */
	const wt_provenance *prov;  /* its provenance graph; may be NULL */
} wt_report_story;

/* A self-contained HTML page (inline CSS, SVG and script; no external
 * resource): the list of stories, and per story its consolidated account
 * with source badges, quotes by speaker, numbers with discrepancy flags,
 * names, the provenance graph as SVG and a side-by-side view of any two of
 * its first twelve articles with shared passages highlighted. Returns a heap
 * string the caller frees, NULL on allocation failure. */
char *wt_report_html(const wt_report_story *stories, size_t n, const char *title);

/* ------------------------------------------------------------------ ingest */

typedef struct wt_ingest_stats {
	uint64_t read, added, unchanged, versions, skipped;
	uint64_t utf8_repairs;
	/* skip reasons, indexed by wt_status (errors only) */
	uint64_t skipped_by_status[16];
	/* articles stored earlier without analysis (defer_analysis), analysed
	 * by this ingest before its own */
	uint64_t caught_up;
} wt_ingest_stats;

typedef struct wt_ingest_options {
	int threads;              /* cleaning threads; 0 = one per core */
	size_t batch_size;        /* articles per transaction; default 512 */
	int strict;               /* stop at the first bad record */
	int boilerplate_min;      /* see wt_store_learn_boilerplate; default 3 */
	wt_story_options stories; /* story grouping as articles arrive */
	double dedup_threshold;   /* Jaccard of near-duplicate groups; default 0.8
	                             (as wt_dedup_options.threshold); 5-word
	                             shingles of the cleaned body */
	wt_clean_options clean;
	/* Read, clean and store only: near-duplicate groups and stories are
	 * left to the next ingest without it, which analyses the articles
	 * stored this way first, in the order they were stored (see
	 * wt_store_unanalyzed). Boilerplate is still learned. */
	int defer_analysis;
	/* Called for every skipped record (message names file and line). */
	void (*on_skip)(wt_status st, const char *message, void *ctx);
	/* Called after every batch and at the end. */
	void (*on_progress)(const wt_ingest_stats *st, uint64_t done_bytes, uint64_t total_bytes,
	                    void *ctx);
	void *ctx;
} wt_ingest_options;

void wt_ingest_options_init(wt_ingest_options *o);

/* Reads everything queued in `r`, cleans articles on `threads` threads and
 * stores them in batches, each in one transaction with its articles'
 * near-duplicate groups and stories (a store thread, a near-duplicate
 * thread, a story thread and a checkpoint thread run besides the cleaning
 * threads; results do not depend on the thread count or the batch size).
 * Afterwards boilerplate is learned and the story engine is saved in the
 * store for the next ingest. Articles stored earlier without analysis (see
 * defer_analysis) are analysed first, in the order they were stored; with
 * r = NULL that is all it does. With defer_analysis, articles are only
 * cleaned and stored. Returns WT_OK when the
 * input was consumed (records may have been skipped: see stats), an error
 * when the store failed or, with `strict`, the status of the first bad
 * record. Batches stored before an error stay stored. */
wt_status wt_ingest(wt_store *s, wt_reader *r, const wt_ingest_options *o, wt_ingest_stats *stats);

/* Counts the articles stored without analysis (by an ingest with
 * defer_analysis, or by wt_store_put), which are in no near-duplicate
 * group or story until an ingest without defer_analysis analyses them
 * (wt_ingest with r = NULL does only that). */
wt_status wt_store_unanalyzed(wt_store *s, uint64_t *n);

#ifdef __cplusplus
}
#endif
#endif /* WIRETRACE_H */
