/*
 * dedup.c - the near-duplicate stage: a streaming index of kept records.
 *
 * Each record is cleaned (optional), shingled and sketched on worker
 * threads; then, in input order, its candidates are looked up (LSH bands of
 * the MinHash signature, or SimHash blocks; plus sampled shingles when
 * containment is asked for), every candidate is verified against the exact
 * shingle sets, and the record is kept (added to the index) or marked a
 * duplicate of the best verified match. Decisions depend only on the order
 * of records, never on threads or batches.
 *
 * Memory: per kept record a 16-byte record entry plus its LSH entries
 * (bands x ~24 bytes) and, with containment, up to CONT_MAX sampled
 * shingles (~24 bytes each). Shingle sets and ids go to a spill file (or
 * the persistent index file), read back with pread() to verify candidates.
 *
 * File format (index and spill alike): the 32-byte header "WTDEDUP1",
 * u32 shingle, u32 reserved, u64 seed, u64 reserved; then records
 * [u32 id length][u32 shingle count][id][0-7 bytes padding to 8]
 * [u64 shingle hashes], in host byte order.
 *
 * Records may also live in the caller's store (the ingest's sketches
 * table): such a record has a key (its article row) instead of a file
 * location, and its shingles and id are read back through the caller's
 * fetch function when a candidate needs verifying. The index over them can
 * be saved as a byte stream (dedup_save) and loaded back (dedup_load), so
 * that the next ingest into a store does not rebuild it.
 */
#include "internal.h"
#include "sketch.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define MAGIC        "WTDEDUP1"
#define HEADER_BYTES 32
#define CONT_SHIFT   61  /* containment sample: 1 shingle in 8 */
#define CONT_MAX     128 /* sampled shingles indexed per record at most */
#define CONT_CHAIN   64  /* records indexed per sampled shingle at most */
#define BAND_CHAIN   64  /* records indexed per LSH band key at most */
#define MAX_FILES    255 /* spill and index files, numbered from 0 */
#define EXT_FILE     255 /* the file number of records kept by the caller */
#define OFF_BITS     56
#define BBITS        64 /* one-byte MinHash values kept per record for prefiltering */

typedef struct rec_info {
	uint64_t loc; /* file number << 56 | offset of the record */
	uint32_t nsh, idlen;
} rec_info;

typedef struct spill {
	int fd;
	uint64_t size; /* bytes written, including the pending buffer */
	uint64_t flushed;
	wt_buf pending;
	char *path;
} spill;

typedef struct group {
	uint32_t rep;
	int64_t quality; /* lower is better */
} group;

struct wt_dedup {
	wt_dedup_options o;
	int bands, rows, maxdist;
	lsh_map bandmap, contmap;
	rec_info *recs;
	uint64_t *simh;  /* SimHash per record (SimHash method) */
	uint8_t *bbit;   /* BBITS low bytes of the signature per record (MinHash) */
	double bbit_min; /* fewer equal bytes than this: not verified */
	size_t nrecs, caprecs;
	spill files[MAX_FILES];
	int nfiles;
	int index_file; /* file number of the persistent index, -1 = none */
	/* two-phase keep modes */
	uint32_t *rgroup; /* group per record */
	group *groups;
	size_t ngroups, capgroups;
	uint32_t *seq2rec;
	size_t nseq, capseq;
	int finished;
	/* records of EXT_FILE, read back through the caller */
	dedup_fetch_fn fetch;
	void *fetch_ctx;
	wt_buf fbuf;
	/* scratch */
	uint64_t *sbuf;
	size_t sbufcap;
	uint32_t *cand;
	size_t ncand, capcand;
	wt_dedup_stats st;
	char msg[512];
};

void wt_dedup_options_init(wt_dedup_options *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = 0.8;
	o->shingle = 5;
	o->num_perm = 128;
	o->clean = 1;
}

void wt_dedup_result_release(wt_dedup_result *r)
{
	if (!r)
		return;
	free(r->dup_of);
	memset(r, 0, sizeof(*r));
}

static void set_msg(wt_dedup *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_msg(wt_dedup *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

const char *wt_dedup_message(const wt_dedup *d)
{
	return d ? d->msg : "";
}

static int two_phase(const wt_dedup *d)
{
	return d->o.keep != WT_KEEP_FIRST;
}

wt_dedup *wt_dedup_create(const wt_dedup_options *o)
{
	wt_dedup *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	if (o)
		d->o = *o;
	else
		wt_dedup_options_init(&d->o);
	if (d->o.shingle < 1)
		d->o.shingle = 5;
	if (d->o.num_perm < 1)
		d->o.num_perm = 128;
	if (d->o.num_perm > 1024)
		d->o.num_perm = 1024;
	if (d->o.threshold < 0)
		d->o.threshold = 0;
	if (d->o.threshold > 1)
		d->o.threshold = 1;
	wt_lsh_params(d->o.threshold, d->o.num_perm, &d->bands, &d->rows);
	d->maxdist = wt_simhash_max_distance(d->o.threshold);
	{
		/* b-bit MinHash (Li and Konig 2010): two one-byte values agree
		 * with probability J + (1 - J) / 256. A pair at the threshold
		 * falls more than 4.5 standard deviations below its expected
		 * count with probability < 4e-6: such candidates are not read
		 * back and verified. Only used without containment. */
		double t = d->o.threshold, p = t + (1 - t) / 256.0;
		double sd = sqrt(BBITS * p * (1 - p));
		d->bbit_min = d->o.num_perm >= BBITS ? BBITS * p - 4.5 * sd : 0;
	}
	lsh_map_init(&d->bandmap);
	lsh_map_init(&d->contmap);
	d->contmap.max_chain = CONT_CHAIN;
	d->bandmap.max_chain = BAND_CHAIN;
	d->index_file = -1;
	for (int i = 0; i < MAX_FILES; i++)
		d->files[i].fd = -1;
	d->nfiles = 1; /* file 0: the spill, created on first write */
	d->st.bands = d->o.method == WT_SKETCH_MINHASH ? d->bands : 0;
	d->st.rows = d->o.method == WT_SKETCH_MINHASH ? d->rows : 0;
	d->st.max_distance = d->o.method == WT_SKETCH_SIMHASH ? d->maxdist : 0;
	return d;
}

void wt_dedup_destroy(wt_dedup *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nfiles; i++) {
		if (d->files[i].fd >= 0)
			close(d->files[i].fd);
		buf_release(&d->files[i].pending);
		free(d->files[i].path);
	}
	lsh_map_release(&d->bandmap);
	lsh_map_release(&d->contmap);
	free(d->recs), free(d->simh), free(d->bbit), free(d->rgroup), free(d->groups),
	    free(d->seq2rec);
	free(d->sbuf), free(d->cand);
	buf_release(&d->fbuf);
	free(d);
}

void dedup_set_fetch(wt_dedup *d, dedup_fetch_fn fn, void *ctx)
{
	d->fetch = fn;
	d->fetch_ctx = ctx;
}

/* ------------------------------------------------------------ spill files */

static void header_bytes(const wt_dedup *d, unsigned char h[HEADER_BYTES])
{
	memset(h, 0, HEADER_BYTES);
	memcpy(h, MAGIC, 8);
	uint32_t k = (uint32_t)d->o.shingle;
	memcpy(h + 8, &k, 4);
	memcpy(h + 16, &d->o.seed, 8);
}

static int spill_flush(wt_dedup *d, spill *f)
{
	size_t off = 0;
	while (off < f->pending.len) {
		ssize_t w = pwrite(f->fd, f->pending.p + off, f->pending.len - off,
		                   (off_t)(f->flushed + off));
		if (w < 0) {
			if (errno == EINTR)
				continue;
			set_msg(d, "%s: write failed: %s", f->path ? f->path : "spill file",
			        strerror(errno));
			return -1;
		}
		off += (size_t)w;
	}
	f->flushed += off;
	f->pending.len = 0;
	return 0;
}

static wt_status open_spill(wt_dedup *d)
{
	spill *f = &d->files[0];
	if (f->fd >= 0)
		return WT_OK;
	const char *dir = d->o.tmpdir ? d->o.tmpdir : getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	wt_buf p;
	buf_init(&p);
	if (buf_printf(&p, "%s/wiretrace-dedup-XXXXXX", dir))
		return WT_ERR_NOMEM;
	int fd = mkstemp(p.p);
	if (fd < 0) {
		set_msg(d, "cannot create a spill file in %s: %s", dir, strerror(errno));
		buf_release(&p);
		return WT_ERR_IO;
	}
	unlink(p.p); /* removed when closed, whatever happens */
	buf_release(&p);
	f->fd = fd;
	unsigned char h[HEADER_BYTES];
	header_bytes(d, h);
	if (buf_add(&f->pending, h, HEADER_BYTES))
		return WT_ERR_NOMEM;
	f->size = HEADER_BYTES;
	return WT_OK;
}

/* Appends a record to file `fi`; *loc receives its location. */
static wt_status spill_append(wt_dedup *d, int fi, const char *id, size_t idlen, const uint64_t *sh,
                              size_t n, uint64_t *loc)
{
	if (fi == 0) {
		wt_status st = open_spill(d);
		if (st != WT_OK)
			return st;
	}
	spill *f = &d->files[fi];
	if (idlen > 0xFFFF)
		idlen = 0xFFFF; /* ids are names, not texts */
	uint32_t hdr[2] = {(uint32_t)idlen, (uint32_t)n};
	static const char zeros[8] = {0};
	size_t pad = (8 - (idlen & 7)) & 7;
	*loc = (uint64_t)fi << OFF_BITS | f->size;
	if (buf_add(&f->pending, hdr, 8) || buf_add(&f->pending, id, idlen) ||
	    buf_add(&f->pending, zeros, pad) || buf_add(&f->pending, sh, n * sizeof(*sh)))
		return WT_ERR_NOMEM;
	f->size += 8 + idlen + pad + n * sizeof(*sh);
	d->st.spill_bytes += 8 + idlen + pad + n * sizeof(*sh);
	if (f->pending.len >= (1u << 20) && spill_flush(d, f))
		return WT_ERR_IO;
	return WT_OK;
}

/* Reads len bytes at offset off of file fi into dst. */
static int spill_read(wt_dedup *d, int fi, uint64_t off, void *dst, size_t len)
{
	spill *f = &d->files[fi];
	if (off + len > f->flushed && f->pending.len) {
		if (off >= f->flushed) {
			memcpy(dst, f->pending.p + (off - f->flushed), len);
			return 0;
		}
		if (spill_flush(d, f))
			return -1;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(f->fd, (char *)dst + got, len - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			set_msg(d, "%s: read failed: %s", f->path ? f->path : "spill file",
			        r < 0 ? strerror(errno) : "file shrank");
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static uint64_t rec_shingle_off(const rec_info *r)
{
	uint64_t off = r->loc & ((1ull << OFF_BITS) - 1);
	return off + 8 + r->idlen + ((8 - (r->idlen & 7)) & 7);
}

static int rec_external(const rec_info *r)
{
	return (r->loc >> OFF_BITS) == EXT_FILE;
}

/* Reads an external record's shingles (raw) or id into d->fbuf. */
static int ext_read(wt_dedup *d, const rec_info *r, int id)
{
	uint64_t key = r->loc & ((1ull << OFF_BITS) - 1);
	d->fbuf.len = 0;
	if (!d->fetch || d->fetch(d->fetch_ctx, key, id ? NULL : &d->fbuf, id ? &d->fbuf : NULL)) {
		set_msg(d, "stored record %llu could not be read back", (unsigned long long)key);
		return -1;
	}
	if (!id && d->fbuf.len != (size_t)r->nsh * sizeof(uint64_t)) {
		set_msg(d, "stored record %llu has %zu shingles, the index expected %u",
		        (unsigned long long)key, d->fbuf.len / sizeof(uint64_t), r->nsh);
		return -1;
	}
	return 0;
}

/* Loads the shingles of record `rec` into d->sbuf. */
static const uint64_t *rec_shingles(wt_dedup *d, uint32_t rec)
{
	const rec_info *r = &d->recs[rec];
	/* a stored set is read (and its size checked) first */
	if (rec_external(r) && ext_read(d, r, 0))
		return NULL;
	if (r->nsh > d->sbufcap) {
		uint64_t *p = realloc(d->sbuf, r->nsh * sizeof(*p));
		if (!p) {
			set_msg(d, "out of memory");
			return NULL;
		}
		d->sbuf = p;
		d->sbufcap = r->nsh;
	}
	if (rec_external(r)) {
		if (r->nsh)
			memcpy(d->sbuf, d->fbuf.p, r->nsh * sizeof(uint64_t));
		return d->sbuf;
	}
	if (spill_read(d, (int)(r->loc >> OFF_BITS), rec_shingle_off(r), d->sbuf,
	               r->nsh * sizeof(uint64_t)))
		return NULL;
	return d->sbuf;
}

static char *rec_id(wt_dedup *d, uint32_t rec)
{
	const rec_info *r = &d->recs[rec];
	if (rec_external(r))
		return ext_read(d, r, 1) ? NULL
		                         : wt_strndup(d->fbuf.p ? d->fbuf.p : "", d->fbuf.len);
	char *id = malloc(r->idlen + 1u);
	if (!id)
		return NULL;
	uint64_t off = r->loc & ((1ull << OFF_BITS) - 1);
	if (spill_read(d, (int)(r->loc >> OFF_BITS), off + 8, id, r->idlen)) {
		free(id);
		return NULL;
	}
	id[r->idlen] = 0;
	return id;
}

/* ------------------------------------------------------------ index keys */

typedef struct sketch {
	wt_shingles sh;
	uint32_t *sig;
	uint64_t simh;
	int short_text;
	int64_t quality;
	wt_status st;
} sketch;

static uint64_t band_key(const wt_dedup *d, const uint32_t *sig, int band)
{
	return XXH3_64bits_withSeed(sig + (size_t)band * (size_t)d->rows,
	                            (size_t)d->rows * sizeof(uint32_t), (uint64_t)band + 1);
}

static int block_bits(const wt_dedup *d, int j, int *shift)
{
	int nb = d->maxdist + 1;
	int lo = 64 * j / nb, hi = 64 * (j + 1) / nb;
	*shift = lo;
	return hi - lo;
}

static uint64_t block_key(const wt_dedup *d, uint64_t simh, int j)
{
	int shift;
	int bits = block_bits(d, j, &shift);
	uint64_t v = bits >= 64 ? simh : (simh >> shift) & ((1ull << bits) - 1);
	return sketch_mix(v ^ ((uint64_t)(j + 1) << 58));
}

static int cont_sampled(uint64_t h)
{
	return (sketch_mix(h ^ 0x3C6EF372FE94F82Bull) >> CONT_SHIFT) == 0;
}

static int n_keys(const wt_dedup *d)
{
	return d->o.method == WT_SKETCH_SIMHASH ? d->maxdist + 1 : d->bands;
}

static uint64_t key_of(const wt_dedup *d, const sketch *k, int j)
{
	return d->o.method == WT_SKETCH_SIMHASH ? block_key(d, k->simh, j) : band_key(d, k->sig, j);
}

/* Sampled shingles of a set indexed for containment: the CONT_MAX smallest
 * of its 1-in-8 sample (the set is sorted, so these come first). */
static size_t cont_samples(const uint64_t *h, size_t n, uint64_t *out, size_t max)
{
	size_t m = 0;
	for (size_t i = 0; i < n && m < max; i++)
		if (cont_sampled(h[i]))
			out[m++] = h[i];
	return m;
}

static int index_keys(wt_dedup *d, const sketch *k, uint32_t rec, int remove)
{
	for (int j = 0; j < n_keys(d); j++) {
		uint64_t key = key_of(d, k, j);
		if (remove)
			lsh_map_remove_rec(&d->bandmap, key, rec);
		else if (lsh_map_add(&d->bandmap, key, rec))
			return -1;
	}
	if (d->o.containment > 0) {
		uint64_t s[CONT_MAX];
		size_t m = cont_samples(k->sh.h, k->sh.n, s, CONT_MAX);
		for (size_t i = 0; i < m; i++) {
			if (remove)
				lsh_map_remove_rec(&d->contmap, s[i], rec);
			else if (lsh_map_add(&d->contmap, s[i], rec))
				return -1;
		}
	}
	return 0;
}

static int sketch_alloc(wt_dedup *d, sketch *k)
{
	wt_shingles_init(&k->sh);
	k->sig = malloc((size_t)d->o.num_perm * sizeof(uint32_t));
	return k->sig ? 0 : -1;
}

static void sketch_free(sketch *k)
{
	wt_shingles_release(&k->sh);
	free(k->sig);
	k->sig = NULL;
}

static void sketch_finish(const wt_dedup *d, sketch *k)
{
	if (d->o.method == WT_SKETCH_SIMHASH)
		k->simh = wt_simhash(k->sh.h, k->sh.n, d->o.seed);
	else
		wt_minhash(k->sh.h, k->sh.n, d->o.num_perm, d->o.seed, k->sig);
}

static int push_rec(wt_dedup *d, uint64_t loc, uint32_t nsh, uint32_t idlen, const sketch *k)
{
	if (d->nrecs == d->caprecs) {
		size_t nc = d->caprecs ? d->caprecs * 2 : 1024;
		if (nc > 0xFFFFFFF0u)
			return -1;
		rec_info *r = realloc(d->recs, nc * sizeof(*r));
		if (!r)
			return -1;
		d->recs = r;
		if (d->o.method == WT_SKETCH_SIMHASH) {
			uint64_t *s = realloc(d->simh, nc * sizeof(*s));
			if (!s)
				return -1;
			d->simh = s;
		} else if (d->bbit_min > 0) {
			uint8_t *b = realloc(d->bbit, nc * BBITS);
			if (!b)
				return -1;
			d->bbit = b;
		}
		if (two_phase(d)) {
			uint32_t *g = realloc(d->rgroup, nc * sizeof(*g));
			if (!g)
				return -1;
			d->rgroup = g;
		}
		d->caprecs = nc;
	}
	d->recs[d->nrecs] = (rec_info){loc, nsh, idlen};
	if (d->simh)
		d->simh[d->nrecs] = k->simh;
	if (d->bbit)
		for (int i = 0; i < BBITS; i++)
			d->bbit[d->nrecs * BBITS + (size_t)i] = (uint8_t)k->sig[i];
	if (d->rgroup)
		d->rgroup[d->nrecs] = UINT32_MAX;
	d->nrecs++;
	return 0;
}

/* ------------------------------------------------------------ index files */

static wt_status load_file(wt_dedup *d, int fi)
{
	spill *f = &d->files[fi];
	unsigned char h[HEADER_BYTES], want[HEADER_BYTES];
	struct stat sb;
	if (fstat(f->fd, &sb)) {
		set_msg(d, "%s: %s", f->path, strerror(errno));
		return WT_ERR_IO;
	}
	uint64_t size = (uint64_t)sb.st_size;
	header_bytes(d, want);
	if (size < HEADER_BYTES || spill_read(d, fi, 0, h, HEADER_BYTES) || memcmp(h, MAGIC, 8)) {
		set_msg(d, "%s: not a wiretrace dedup index", f->path);
		return WT_ERR_PARSE;
	}
	if (memcmp(h, want, HEADER_BYTES)) {
		uint32_t k;
		uint64_t seed;
		memcpy(&k, h + 8, 4);
		memcpy(&seed, h + 16, 8);
		set_msg(d, "%s: index made with shingle %u and seed %llu, not %d and %llu", f->path,
		        k, (unsigned long long)seed, d->o.shingle, (unsigned long long)d->o.seed);
		return WT_ERR_PARSE;
	}
	uint64_t off = HEADER_BYTES;
	f->flushed = f->size = size;
	sketch k;
	if (sketch_alloc(d, &k))
		return WT_ERR_NOMEM;
	wt_status st = WT_OK;
	while (off + 8 <= size) {
		uint32_t hdr[2];
		if (spill_read(d, fi, off, hdr, 8)) {
			st = WT_ERR_IO;
			break;
		}
		size_t pad = (8 - (hdr[0] & 7)) & 7;
		uint64_t len = 8 + (uint64_t)hdr[0] + pad + (uint64_t)hdr[1] * 8;
		if (off + len > size)
			break; /* cut short by a crash: dropped below */
		if (hdr[1] > k.sh.cap) {
			uint64_t *p = realloc(k.sh.h, hdr[1] * sizeof(*p));
			if (!p) {
				st = WT_ERR_NOMEM;
				break;
			}
			k.sh.h = p;
			k.sh.cap = hdr[1];
		}
		k.sh.n = hdr[1];
		if (spill_read(d, fi, off + 8 + hdr[0] + pad, k.sh.h, hdr[1] * 8)) {
			st = WT_ERR_IO;
			break;
		}
		sketch_finish(d, &k);
		uint32_t rec = (uint32_t)d->nrecs;
		if (push_rec(d, (uint64_t)fi << OFF_BITS | off, hdr[1], hdr[0], &k) ||
		    index_keys(d, &k, rec, 0)) {
			st = WT_ERR_NOMEM;
			break;
		}
		d->st.references++;
		d->st.spill_bytes += len;
		off += len;
	}
	sketch_free(&k);
	if (st == WT_OK && off < size) {
		/* a partial record at the end: cut it so appends stay aligned */
		if (fi == d->index_file && ftruncate(f->fd, (off_t)off) == 0)
			f->flushed = f->size = off;
		else if (fi != d->index_file)
			f->flushed = f->size = off;
	}
	if (st == WT_ERR_NOMEM)
		set_msg(d, "out of memory loading %s", f->path);
	return st;
}

static wt_status open_file(wt_dedup *d, const char *path, int writable, int *fi)
{
	if (d->nfiles >= MAX_FILES) {
		set_msg(d, "too many index files (at most %d)", MAX_FILES - 1);
		return WT_ERR_ARG;
	}
	int fd = open(path, writable ? O_RDWR | O_CREAT : O_RDONLY, 0644);
	if (fd < 0) {
		set_msg(d, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? WT_ERR_NOTFOUND : WT_ERR_IO;
	}
	spill *f = &d->files[d->nfiles];
	f->fd = fd;
	f->path = wt_strndup(path, strlen(path));
	if (!f->path) {
		close(fd);
		f->fd = -1;
		return WT_ERR_NOMEM;
	}
	*fi = d->nfiles++;
	return WT_OK;
}

wt_status wt_dedup_open_index(wt_dedup *d, const char *path)
{
	if (d->index_file >= 0 || d->st.records) {
		set_msg(d, "the index must be opened once, before adding records");
		return WT_ERR_ARG;
	}
	int fi;
	wt_status st = open_file(d, path, 1, &fi);
	if (st != WT_OK)
		return st;
	d->index_file = fi;
	spill *f = &d->files[fi];
	struct stat sb;
	if (fstat(f->fd, &sb) == 0 && sb.st_size == 0) {
		unsigned char h[HEADER_BYTES];
		header_bytes(d, h);
		if (buf_add(&f->pending, h, HEADER_BYTES))
			return WT_ERR_NOMEM;
		f->size = HEADER_BYTES;
		if (spill_flush(d, f))
			return WT_ERR_IO;
		return WT_OK;
	}
	return load_file(d, fi);
}

wt_status wt_dedup_add_index(wt_dedup *d, const char *path)
{
	int fi;
	wt_status st = open_file(d, path, 0, &fi);
	return st != WT_OK ? st : load_file(d, fi);
}

/* -------------------------------------------------------------- sketching */

typedef struct job {
	wt_dedup *d;
	wt_article *const *batch;
	sketch *k;
	size_t n, next;
	pthread_mutex_t mu;
} job;

static int64_t date_quality(const char *p)
{
	if (!p)
		return INT64_MAX;
	int64_t v = 0;
	int digits = 0;
	for (; *p && digits < 14; p++)
		if (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p - '0');
			digits++;
		}
	if (digits < 8)
		return INT64_MAX;
	for (; digits < 14; digits++)
		v *= 10;
	return v;
}

static wt_status sketch_one(wt_dedup *d, wt_doc *doc, wt_article *a, sketch *k)
{
	wt_clean_options co;
	wt_clean_options_init(&co);
	const char *text = a->text ? a->text : "";
	size_t len = a->text ? a->text_len : 0;
	char *body = NULL;
	if (d->o.clean) {
		if (!a->cleaned) {
			wt_status st = wt_article_clean(a, &co);
			if (st != WT_OK)
				return st;
		}
		body = wt_article_body(a, &len);
		if (!body)
			return WT_ERR_NOMEM;
		text = body;
	}
	wt_status st = text_tokenize(doc, text, len);
	size_t nt = 0;
	const wt_token *t = st == WT_OK ? wt_doc_tokens(doc, &nt) : NULL;
	if (st == WT_OK)
		st = wt_shingles_from_tokens(&k->sh, t, nt, d->o.shingle);
	free(body);
	if (st != WT_OK)
		return st;
	k->short_text = nt < (size_t)d->o.shingle;
	sketch_finish(d, k);
	k->quality = d->o.keep == WT_KEEP_EARLIEST  ? date_quality(a->published)
	             : d->o.keep == WT_KEEP_LONGEST ? -(int64_t)a->text_len
	                                            : 0;
	return WT_OK;
}

static void *sketch_worker(void *arg)
{
	job *j = arg;
	wt_doc *doc = wt_doc_create();
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t i = j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= j->n)
			break;
		j->k[i].st = doc ? sketch_one(j->d, doc, j->batch[i], &j->k[i]) : WT_ERR_NOMEM;
	}
	wt_doc_destroy(doc);
	return NULL;
}

static void sketch_batch(wt_dedup *d, wt_article *const *batch, size_t n, sketch *k)
{
	int threads = d->o.threads;
	if (threads <= 0) {
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		threads = nc > 0 ? (int)nc : 1;
	}
	if ((size_t)threads > n)
		threads = (int)n;
	job j = {d, batch, k, n, 0, PTHREAD_MUTEX_INITIALIZER};
	pthread_t tid[64];
	int started = 0;
	for (int t = 1; t < threads && t < 64; t++)
		if (pthread_create(&tid[started], NULL, sketch_worker, &j) == 0)
			started++;
	sketch_worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&j.mu);
}

/* ---------------------------------------------------------------- deciding */

/* Appends x to a growable array of record numbers. */
static int push_u32(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		uint32_t *p = realloc(*v, nc * sizeof(*p));
		if (!p)
			return -1;
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static int push_cand(wt_dedup *d, uint32_t rec)
{
	return push_u32(&d->cand, &d->ncand, &d->capcand, rec);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int collect(wt_dedup *d, lsh_map *m, uint64_t key, const sketch *k)
{
	for (uint32_t h = lsh_map_first(m, key); h; h = m->e[h - 1].next) {
		uint32_t rec = m->e[h - 1].rec;
		if (rec == LSH_DEAD)
			continue;
		if (m == &d->bandmap && d->o.method == WT_SKETCH_SIMHASH &&
		    __builtin_popcountll(d->simh[rec] ^ k->simh) > d->maxdist)
			continue;
		if (push_cand(d, rec))
			return -1;
	}
	return 0;
}

/* Finds the best verified match of k among the indexed records: *best
 * receives its record number (UINT32_MAX when none). */
static wt_status find_match(wt_dedup *d, const sketch *k, uint32_t *best, wt_similarity *bsim)
{
	*best = UINT32_MAX;
	d->ncand = 0;
	if (k->sh.n == 0)
		return WT_OK;
	/* the keys' table slots are far apart in a large index: fetched
	 * together first, a chunk at a time, their cache misses overlap */
	uint64_t keys[32];
	for (int j0 = 0; j0 < n_keys(d); j0 += 32) {
		int m = n_keys(d) - j0 < 32 ? n_keys(d) - j0 : 32;
		for (int j = 0; j < m; j++) {
			keys[j] = key_of(d, k, j0 + j);
			lsh_map_prefetch(&d->bandmap, keys[j]);
		}
		for (int j = 0; j < m; j++)
			if (collect(d, &d->bandmap, keys[j], k))
				return WT_ERR_NOMEM;
	}
	if (d->o.containment > 0)
		for (size_t i = 0; i < k->sh.n; i++)
			if (cont_sampled(k->sh.h[i]) && collect(d, &d->contmap, k->sh.h[i], k))
				return WT_ERR_NOMEM;
	if (!d->ncand)
		return WT_OK;
	qsort(d->cand, d->ncand, sizeof(*d->cand), cmp_u32);
	double t = d->o.threshold, c = d->o.containment;
	double na = (double)k->sh.n;
	uint32_t prev = UINT32_MAX;
	for (size_t i = 0; i < d->ncand; i++) {
		uint32_t rec = d->cand[i];
		if (rec == prev)
			continue;
		prev = rec;
		d->st.candidates++;
		double nb = d->recs[rec].nsh;
		/* size filters: J <= min/max; containment of A needs |B| >= c|A| */
		int jac_ok = nb >= t * na && na >= t * nb;
		int con_ok = c > 0 && nb >= c * na;
		if (!jac_ok && !con_ok)
			continue;
		if (d->bbit && !con_ok) {
			const uint8_t *rb = d->bbit + (size_t)rec * BBITS;
			int eq = 0;
			for (int b = 0; b < BBITS; b++)
				eq += rb[b] == (uint8_t)k->sig[b];
			if (eq < d->bbit_min) {
				d->st.prefiltered++;
				continue;
			}
		}
		const uint64_t *sb = rec_shingles(d, rec);
		if (!sb)
			return WT_ERR_IO;
		d->st.verified++;
		wt_similarity s = wt_shingles_compare(k->sh.h, k->sh.n, sb, d->recs[rec].nsh);
		if (!(s.jaccard >= t || (c > 0 && s.contain_a >= c)))
			continue;
		if (*best == UINT32_MAX || s.jaccard > bsim->jaccard ||
		    (s.jaccard == bsim->jaccard && s.contain_a > bsim->contain_a)) {
			*best = rec;
			*bsim = s;
		}
	}
	return WT_OK;
}

static wt_status keep_record(wt_dedup *d, const wt_article *a, const sketch *k, int fi,
                             uint32_t *rec)
{
	const char *id = a->id ? a->id : "";
	size_t idlen = strlen(id);
	if (idlen > 0xFFFF)
		idlen = 0xFFFF;
	uint64_t loc;
	wt_status st = spill_append(d, fi, id, idlen, k->sh.h, k->sh.n, &loc);
	if (st != WT_OK)
		return st;
	*rec = (uint32_t)d->nrecs;
	if (push_rec(d, loc, (uint32_t)k->sh.n, (uint32_t)idlen, k))
		return WT_ERR_NOMEM;
	return WT_OK;
}

static int push_group(wt_dedup *d, uint32_t rep, int64_t q)
{
	if (d->ngroups == d->capgroups) {
		size_t nc = d->capgroups ? d->capgroups * 2 : 1024;
		group *g = realloc(d->groups, nc * sizeof(*g));
		if (!g)
			return -1;
		d->groups = g;
		d->capgroups = nc;
	}
	d->groups[d->ngroups++] = (group){rep, q};
	return 0;
}

static int push_seq(wt_dedup *d, uint32_t rec)
{
	return push_u32(&d->seq2rec, &d->nseq, &d->capseq, rec);
}

/* Re-sketches an indexed record (to remove its keys). */
static wt_status resketch(wt_dedup *d, uint32_t rec, sketch *k)
{
	const uint64_t *h = rec_shingles(d, rec);
	if (!h)
		return WT_ERR_IO;
	size_t n = d->recs[rec].nsh;
	if (n > k->sh.cap) {
		uint64_t *p = realloc(k->sh.h, n * sizeof(*p));
		if (!p)
			return WT_ERR_NOMEM;
		k->sh.h = p;
		k->sh.cap = n;
	}
	memcpy(k->sh.h, h, n * sizeof(*h));
	k->sh.n = n;
	sketch_finish(d, k);
	return WT_OK;
}

static wt_status decide(wt_dedup *d, wt_article *a, sketch *k, int reference, wt_dedup_result *res)
{
	memset(res, 0, sizeof(*res));
	res->n_shingles = k->sh.n;
	res->short_text = k->short_text;
	uint32_t best;
	wt_similarity sim;
	wt_status st = find_match(d, k, &best, &sim);
	if (st != WT_OK)
		return st;
	if (reference) {
		if (best == UINT32_MAX) {
			uint32_t rec;
			st = keep_record(d, a, k, 0, &rec);
			if (st == WT_OK && index_keys(d, k, rec, 0))
				st = WT_ERR_NOMEM;
			d->st.references++;
		} else {
			res->duplicate = 1;
		}
		return st;
	}
	d->st.records++;
	d->st.short_texts += k->short_text != 0;
	int tp = two_phase(d);
	if (best == UINT32_MAX) {
		uint32_t rec;
		int fi = tp ? 0 : (d->index_file >= 0 ? d->index_file : 0);
		st = keep_record(d, a, k, fi, &rec);
		if (st != WT_OK)
			return st;
		if (index_keys(d, k, rec, 0))
			return WT_ERR_NOMEM;
		if (tp) {
			if (push_group(d, rec, k->quality) || push_seq(d, rec))
				return WT_ERR_NOMEM;
			d->rgroup[rec] = (uint32_t)(d->ngroups - 1);
		}
		d->st.kept++;
		return WT_OK;
	}
	res->duplicate = 1;
	res->sim = sim;
	if (sim.jaccard >= d->o.threshold)
		d->st.by_jaccard++;
	else
		d->st.by_containment++;
	if (tp && d->rgroup[best] != UINT32_MAX) {
		/* two-phase: stored too, and may become its group's record */
		uint32_t g = d->rgroup[best], rec;
		st = keep_record(d, a, k, 0, &rec);
		if (st != WT_OK)
			return st;
		if (push_seq(d, rec))
			return WT_ERR_NOMEM;
		d->rgroup[rec] = g;
		if (k->quality < d->groups[g].quality) {
			sketch old;
			if (sketch_alloc(d, &old))
				return WT_ERR_NOMEM;
			st = resketch(d, best, &old);
			if (st == WT_OK) {
				index_keys(d, &old, best, 1);
				if (index_keys(d, k, rec, 0))
					st = WT_ERR_NOMEM;
			}
			sketch_free(&old);
			if (st != WT_OK)
				return st;
			d->groups[g].rep = rec;
			d->groups[g].quality = k->quality;
		}
	} else if (tp) {
		/* duplicate of a reference: never replaces it */
		uint32_t rec;
		st = keep_record(d, a, k, 0, &rec);
		if (st != WT_OK)
			return st;
		if (push_seq(d, rec) || push_group(d, best, INT64_MIN))
			return WT_ERR_NOMEM;
		d->rgroup[rec] = (uint32_t)(d->ngroups - 1);
	}
	d->st.duplicates++;
	res->dup_of = rec_id(d, best);
	return res->dup_of ? WT_OK : d->msg[0] ? WT_ERR_IO : WT_ERR_NOMEM;
}

wt_status wt_dedup_add(wt_dedup *d, wt_article *const *batch, size_t n, int reference,
                       wt_dedup_result *res)
{
	if (d->finished) {
		set_msg(d, "records added after wt_dedup_final()");
		return WT_ERR_ARG;
	}
	sketch *k = calloc(n ? n : 1, sizeof(*k));
	if (!k)
		return WT_ERR_NOMEM;
	wt_status st = WT_OK;
	for (size_t i = 0; i < n && st == WT_OK; i++)
		if (sketch_alloc(d, &k[i]))
			st = WT_ERR_NOMEM;
	if (st == WT_OK)
		sketch_batch(d, batch, n, k);
	for (size_t i = 0; i < n && st == WT_OK; i++) {
		st = k[i].st;
		if (st == WT_OK)
			st = decide(d, batch[i], &k[i], reference, &res[i]);
	}
	for (size_t i = 0; i < n; i++)
		sketch_free(&k[i]);
	free(k);
	/* kept records reach the index file at the end of every batch */
	if (st == WT_OK && d->index_file >= 0 && spill_flush(d, &d->files[d->index_file]))
		st = WT_ERR_IO;
	if (st == WT_ERR_NOMEM && !d->msg[0])
		set_msg(d, "out of memory");
	return st;
}

/* A sketch over borrowed shingles (not freed: only sig is owned). */
static wt_status borrowed_sketch(wt_dedup *d, const uint64_t *sh, size_t n, sketch *k)
{
	memset(k, 0, sizeof(*k));
	k->sig = malloc((size_t)d->o.num_perm * sizeof(uint32_t));
	if (!k->sig)
		return WT_ERR_NOMEM;
	k->sh.h = (uint64_t *)sh;
	k->sh.n = k->sh.cap = n;
	sketch_finish(d, k);
	return WT_OK;
}

wt_status dedup_insert(wt_dedup *d, uint64_t key, const char *id, const uint64_t *sh, size_t n)
{
	if (d->fetch && (key >> OFF_BITS || n > UINT32_MAX)) {
		set_msg(d, "record key %llu out of range", (unsigned long long)key);
		return WT_ERR_ARG;
	}
	sketch k;
	if (borrowed_sketch(d, sh, n, &k))
		return WT_ERR_NOMEM;
	uint32_t rec = (uint32_t)d->nrecs;
	wt_status st = WT_OK;
	if (d->fetch) {
		/* read back from the caller's store when needed */
		if (push_rec(d, (uint64_t)EXT_FILE << OFF_BITS | key, (uint32_t)n, 0, &k))
			st = WT_ERR_NOMEM;
	} else {
		wt_article a;
		wt_article_init(&a);
		a.id = (char *)id;
		st = keep_record(d, &a, &k, 0, &rec);
	}
	if (st == WT_OK && index_keys(d, &k, rec, 0))
		st = WT_ERR_NOMEM;
	if (st == WT_OK)
		d->st.references++;
	free(k.sig);
	return st;
}

/* ------------------------------------------------------------ saved state */

#define STATE_MAGIC "WTDDST02"
#define STATE_WORDS 15

/* What the saved index depends on; loading needs the same. */
static void state_header(const wt_dedup *d, uint64_t h[STATE_WORDS])
{
	memset(h, 0, STATE_WORDS * sizeof(*h));
	memcpy(&h[0], STATE_MAGIC, 8);
	h[1] = (uint64_t)d->o.method;
	h[2] = (uint64_t)d->o.num_perm;
	h[3] = (uint64_t)d->o.shingle;
	h[4] = (uint64_t)d->bands;
	h[5] = (uint64_t)d->rows;
	h[6] = (uint64_t)d->maxdist;
	h[7] = d->o.seed;
	memcpy(&h[8], &d->o.threshold, 8);
	memcpy(&h[9], &d->o.containment, 8);
	h[10] = d->o.method != WT_SKETCH_SIMHASH && d->bbit_min > 0; /* b-bit values kept */
	h[11] = (uint64_t)d->o.keep;
	/* h[12]: records, h[13]: references, h[14]: distinct band keys */
}

/* The stream: the header, then per record (in record order) u64 key, u32
 * shingle count, u32 number of band entries, its SimHash (u64) or its
 * BBITS MinHash bytes, and the keys of its band entries. Records only
 * ever come after the ones saved before, so a stream saved again differs
 * from the last one only in its header and at its end (store_state_save
 * rewrites only the parts that changed). Loading adds each record's band
 * keys in order again, which gives the same tables. */
wt_status dedup_save(const wt_dedup *d, const uint64_t *keys, size_t nkeys, state_io *w)
{
	if (two_phase(d) || d->index_file >= 0 || d->o.containment > 0)
		return WT_ERR_ARG;
	size_t local = 0;
	for (size_t i = 0; i < d->nrecs; i++)
		local += !rec_external(&d->recs[i]);
	if (local != nkeys)
		return WT_ERR_ARG; /* not every record has a key */
	uint64_t h[STATE_WORDS];
	state_header(d, h);
	h[12] = d->nrecs;
	h[13] = d->st.references;
	h[14] = d->bandmap.nkeys;
	state_put(w, h, sizeof h);
	const lsh_map *m = &d->bandmap;
	size_t e = 0; /* entries are in record order: each record's keys were added at once */
	uint32_t maxb = (uint32_t)n_keys(d);
	uint64_t *bk = malloc(maxb * sizeof(*bk));
	if (!bk)
		return WT_ERR_NOMEM;
	wt_status st = WT_OK;
	for (size_t i = 0, k = 0; i < d->nrecs && !w->err && st == WT_OK; i++) {
		const rec_info *r = &d->recs[i];
		uint64_t key = rec_external(r) ? r->loc & ((1ull << OFF_BITS) - 1) : keys[k++];
		uint32_t nb = 0;
		for (; e < m->n && m->e[e].rec == i && nb < maxb; e++)
			bk[nb++] = m->e[e].key;
		if (key >> OFF_BITS)
			st = WT_ERR_ARG;
		uint32_t u[2] = {r->nsh, nb};
		state_put(w, &key, sizeof key);
		state_put(w, u, sizeof u);
		if (d->o.method == WT_SKETCH_SIMHASH)
			state_put(w, &d->simh[i], sizeof(*d->simh));
		else if (h[10])
			state_put(w, d->bbit + i * BBITS, BBITS);
		state_put(w, bk, nb * sizeof(*bk));
	}
	free(bk);
	if (st == WT_OK && w->err)
		st = WT_ERR_IO;
	if (st == WT_OK && e != m->n)
		st = WT_ERR_ARG; /* entries out of record order (records removed) */
	return st;
}

wt_status dedup_load(wt_dedup *d, state_io *r)
{
	if (d->nrecs || !d->fetch || two_phase(d) || d->index_file >= 0 || d->o.containment > 0)
		return WT_ERR_ARG;
	uint64_t h[STATE_WORDS], want[STATE_WORDS];
	state_get(r, h, sizeof h);
	if (r->err || memcmp(h, STATE_MAGIC, 8))
		return WT_ERR_STORE;
	state_header(d, want);
	if (memcmp(h, want, 12 * sizeof(*h)))
		return WT_ERR_ARG; /* saved with other options */
	if (h[12] > 0xFFFFFFF0u || h[13] > h[12])
		return WT_ERR_STORE;
	/* records are pushed as they are read: a damaged count costs no more
	 * than the records really there */
	sketch k;
	memset(&k, 0, sizeof k);
	if (sketch_alloc(d, &k))
		return WT_ERR_NOMEM;
	memset(k.sig, 0, (size_t)d->o.num_perm * sizeof(*k.sig));
	uint64_t *bk = malloc((size_t)n_keys(d) * sizeof(*bk));
	wt_status st = bk ? WT_OK : WT_ERR_NOMEM;
	for (uint64_t i = 0; st == WT_OK && i < h[12]; i++) {
		uint64_t key = 0;
		uint32_t u[2] = {0, 0};
		uint8_t bb[BBITS];
		state_get(r, &key, sizeof key);
		state_get(r, u, sizeof u);
		if (d->o.method == WT_SKETCH_SIMHASH) {
			state_get(r, &k.simh, sizeof k.simh);
		} else if (h[10]) {
			state_get(r, bb, BBITS);
			for (int b = 0; b < BBITS; b++)
				k.sig[b] = bb[b];
		}
		if (r->err || key >> OFF_BITS || u[1] > (uint32_t)n_keys(d)) {
			st = WT_ERR_STORE;
			break;
		}
		state_get(r, bk, u[1] * sizeof(*bk));
		if (r->err) {
			st = WT_ERR_STORE;
			break;
		}
		if (push_rec(d, (uint64_t)EXT_FILE << OFF_BITS | key, u[0], 0, &k)) {
			st = WT_ERR_NOMEM;
			break;
		}
		for (uint32_t j = 0; j < u[1] && st == WT_OK; j++)
			if (lsh_map_append(&d->bandmap, bk[j], (uint32_t)i))
				st = WT_ERR_NOMEM;
	}
	/* the chains, in one pass over a table of the size it had */
	if (st == WT_OK &&
	    lsh_map_relink(&d->bandmap, h[14] < d->bandmap.n ? (size_t)h[14] : d->bandmap.n))
		st = WT_ERR_NOMEM;
	sketch_free(&k);
	free(bk);
	if (st == WT_OK)
		d->st.references = h[13];
	return st; /* on an error the caller destroys d */
}

wt_status dedup_decide_shingles(wt_dedup *d, const char *id, const uint64_t *sh, size_t n,
                                wt_dedup_result *res)
{
	sketch k;
	if (borrowed_sketch(d, sh, n, &k))
		return WT_ERR_NOMEM;
	wt_article a;
	wt_article_init(&a);
	a.id = (char *)id;
	wt_status st = decide(d, &a, &k, 0, res);
	free(k.sig);
	return st;
}

wt_status wt_dedup_final(wt_dedup *d, uint64_t index, wt_dedup_result *out)
{
	memset(out, 0, sizeof(*out));
	if (!two_phase(d) || index >= d->nseq) {
		set_msg(d, "no provisional record %llu", (unsigned long long)index);
		return WT_ERR_ARG;
	}
	if (!d->finished) {
		d->finished = 1;
		/* the persistent index receives each group's final record */
		if (d->index_file >= 0) {
			for (size_t g = 0; g < d->ngroups; g++) {
				uint32_t rep = d->groups[g].rep;
				if (d->groups[g].quality == INT64_MIN)
					continue; /* a reference */
				char *id = rec_id(d, rep);
				const uint64_t *h = id ? rec_shingles(d, rep) : NULL;
				uint64_t loc;
				wt_status st =
				    h ? spill_append(d, d->index_file, id, d->recs[rep].idlen, h,
				                     d->recs[rep].nsh, &loc)
				      : WT_ERR_IO;
				free(id);
				if (st != WT_OK)
					return st;
			}
			if (spill_flush(d, &d->files[d->index_file]))
				return WT_ERR_IO;
		}
	}
	uint32_t rec = d->seq2rec[index];
	uint32_t rep = d->groups[d->rgroup[rec]].rep;
	out->n_shingles = d->recs[rec].nsh;
	if (rep == rec)
		return WT_OK;
	out->duplicate = 1;
	size_t na = d->recs[rec].nsh;
	uint64_t *a = malloc((na ? na : 1) * sizeof(*a));
	if (!a)
		return WT_ERR_NOMEM;
	const uint64_t *h = rec_shingles(d, rec);
	if (!h) {
		free(a);
		return WT_ERR_IO;
	}
	memcpy(a, h, na * sizeof(*a));
	h = rec_shingles(d, rep);
	if (!h) {
		free(a);
		return WT_ERR_IO;
	}
	out->sim = wt_shingles_compare(a, na, h, d->recs[rep].nsh);
	free(a);
	out->dup_of = rec_id(d, rep);
	return out->dup_of ? WT_OK : WT_ERR_NOMEM;
}

wt_status wt_dedup_flush(wt_dedup *d)
{
	if (d->index_file >= 0 && spill_flush(d, &d->files[d->index_file]))
		return WT_ERR_IO;
	if (d->index_file >= 0 && fsync(d->files[d->index_file].fd)) {
		set_msg(d, "%s: %s", d->files[d->index_file].path, strerror(errno));
		return WT_ERR_IO;
	}
	return WT_OK;
}

void wt_dedup_stats_get(const wt_dedup *d, wt_dedup_stats *out)
{
	*out = d->st;
	out->index_bytes = lsh_map_bytes(&d->bandmap) + lsh_map_bytes(&d->contmap) +
	                   d->caprecs * (sizeof(rec_info) + (d->simh ? 8 : 0) +
	                                 (d->bbit ? BBITS : 0) + (d->rgroup ? 4 : 0)) +
	                   d->capgroups * sizeof(group) + d->capseq * sizeof(uint32_t);
}
