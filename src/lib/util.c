/*
 * util.c - small utilities shared by every module: growable strings
 * (wt_buf), the per-document arena (wt_arena), status names, UTF-8 decoding,
 * hashing, date normalization, and the byte streams engine state is saved
 * to (state_io).
 */
#include "internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

/* ----------------------------------------------------------------- status */
const char *wt_strerror(wt_status st)
{
	switch (st) {
	case WT_OK: return "ok";
	case WT_DONE: return "end of input";
	case WT_ERR_NOMEM: return "out of memory";
	case WT_ERR_IO: return "input/output error";
	case WT_ERR_PARSE: return "malformed record";
	case WT_ERR_TOO_LARGE: return "record too large";
	case WT_ERR_BINARY: return "binary file";
	case WT_ERR_EMPTY: return "no text";
	case WT_ERR_TRUNCATED: return "truncated input";
	case WT_ERR_STORE: return "store error";
	case WT_ERR_LOCKED: return "store is locked";
	case WT_ERR_READONLY: return "store is read-only";
	case WT_ERR_NOTFOUND: return "not found";
	case WT_ERR_ARG: return "invalid argument";
	case WT_ERR_UNSUPPORTED: return "unsupported input";
	}
	return "unknown status";
}

const char *wt_version(void)
{
	return WT_VERSION;
}

/* ----------------------------------------------------------------- wt_buf */
void buf_init(wt_buf *b)
{
	b->p = NULL, b->len = b->cap = 0;
}

void buf_release(wt_buf *b)
{
	free(b->p);
	buf_init(b);
}

int buf_reserve(wt_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	p[b->len] = 0; /* a new buffer is an empty string too */
	b->p = p, b->cap = cap;
	return 0;
}

int buf_add(wt_buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return 0;
}

int buf_adds(wt_buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}
int buf_addc(wt_buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_printf(wt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *buf_detach(wt_buf *b, size_t *len)
{
	if (!b->p && buf_reserve(b, 0))
		return NULL;
	char *p = b->p;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

/* --------------------------------------------------------------- wt_arena */
struct arena_block {
	arena_block *next;
	size_t size, used;
	max_align_t data[];
};

void arena_init(wt_arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 65536;
}

void arena_release(wt_arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
}

void arena_reset(wt_arena *a)
{
	if (!a->head)
		return;
	/* keep the oldest (last) block, which has the default size */
	arena_block *b = a->head, *keep = NULL;
	while (b) {
		arena_block *n = b->next;
		if (!n)
			keep = b;
		else
			free(b);
		b = n;
	}
	keep->used = 0;
	keep->next = NULL;
	a->head = keep;
}

void *arena_alloc(wt_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!a->head || a->head->size - a->head->used < n) {
		size_t size = n > a->block_size ? n : a->block_size;
		arena_block *b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size, b->used = 0, b->next = a->head;
		a->head = b;
	}
	void *p = (char *)a->head->data + a->head->used;
	a->head->used += n;
	return p;
}

char *arena_strndup(wt_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* ------------------------------------------------------------------ UTF-8 */
size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	size_t len;
	int32_t v, min;
	if ((c & 0xE0) == 0xC0)
		len = 2, v = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		len = 3, v = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		goto bad;
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80) {
			i += ascii_run(u + i, n - i);
			continue;
		}
		int32_t cp;
		size_t l = utf8_decode(u + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			return 0;
		i += l;
	}
	return 1;
}

char *wt_utf8_repair(const char *s, size_t n, size_t *out_len, size_t *repairs)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t fixes = 0;
	wt_buf b;
	buf_init(&b);
	if (buf_reserve(&b, n))
		return NULL;
	size_t i = 0, run = 0;
	while (i < n) {
		if (u[i] >= 0x20 || u[i] == '\n' || u[i] == '\t' || (u[i] != 0 && u[i] < 0x80)) {
			if (u[i] < 0x80) {
				i++;
				continue;
			}
			int32_t cp;
			size_t l = utf8_decode(u + i, n - i, &cp);
			if (!(cp == 0xFFFD && l == 1)) {
				i += l;
				continue;
			}
		}
		/* flush the valid run, then the replacement */
		if (buf_add(&b, s + run, i - run))
			goto nomem;
		if (u[i] == 0) {
			if (buf_addc(&b, ' '))
				goto nomem;
		} else {
			if (buf_add(&b, "\xEF\xBF\xBD", 3))
				goto nomem;
		}
		fixes++;
		i++;
		run = i;
	}
	if (buf_add(&b, s + run, n - run))
		goto nomem;
	if (repairs)
		*repairs = fixes;
	return buf_detach(&b, out_len);
nomem:
	buf_release(&b);
	return NULL;
}

/* --------------------------------------------------------------- strings */
char *wt_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

int str_ieq_prefix(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	if (m > n)
		return 0;
	for (size_t i = 0; i < m; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)prefix[i]))
			return 0;
	return 1;
}

int mem_icontains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0)
		return 1;
	if (m > n)
		return 0;
	int c0 = tolower((unsigned char)needle[0]);
	for (size_t i = 0; i + m <= n; i++) {
		if (tolower((unsigned char)s[i]) != c0)
			continue;
		size_t k = 1;
		while (k < m &&
		       tolower((unsigned char)s[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

/* A window of the shortest phrase's length m slides along the text. The
 * pair of bytes at its end says how far it may jump: the least distance
 * from that pair to the end of the first m bytes of any phrase, or m - 1
 * when no phrase has the pair there (pairs are hashed, and a collision only
 * shortens a jump). Where it may not jump, the phrases are compared. glibc's
 * memmem() does the same for one phrase, building its table on every call:
 * on lines of a few hundred bytes that cost more than the search. */
static unsigned pair_hash(const char *p) /* the pair p[-1], p[0] */
{
	return (((unsigned)(unsigned char)p[-1] << 5) ^ (unsigned char)p[0]) &
	       ((1u << PHRASE_PAIR_BITS) - 1);
}

void phrases_init(phrases *ps, const phrase *v, size_t n)
{
	size_t m = 255; /* jumps are stored in bytes */
	for (size_t i = 0; i < n; i++)
		if (v[i].n < m)
			m = v[i].n;
	ps->v = v, ps->n = n, ps->m = m;
	memset(ps->shift, (int)(m - 1), sizeof ps->shift);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 1; j < m; j++) {
			unsigned h = pair_hash(v[i].s + j);
			if (m - 1 - j < ps->shift[h])
				ps->shift[h] = (unsigned char)(m - 1 - j);
		}
}

int phrases_in(const phrases *ps, const char *t, size_t n)
{
	size_t m = ps->m;
	if (ps->n == 0 || n < m)
		return 0;
	if (m < 2) { /* no pairs: at every position */
		for (size_t st = 0; st < n; st++)
			for (size_t k = 0; k < ps->n; k++) {
				const phrase *p = &ps->v[k];
				if (p->n <= n - st && memcmp(t + st, p->s, p->n) == 0)
					return 1;
			}
		return 0;
	}
	for (size_t i = m - 1; i < n;) {
		size_t jump = ps->shift[pair_hash(t + i)];
		if (jump) {
			i += jump;
			continue;
		}
		size_t st = i + 1 - m;
		for (size_t k = 0; k < ps->n; k++) {
			const phrase *p = &ps->v[k];
			if (p->n <= n - st && t[st] == p->s[0] && memcmp(t + st, p->s, p->n) == 0)
				return 1;
		}
		i++;
	}
	return 0;
}

int is_space_at(const char *s, size_t n, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*len = 1;
		return 1;
	}
	if (c < 0x80)
		return 0;
	int32_t cp;
	size_t l = utf8_decode((const unsigned char *)s, n, &cp);
	if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF) {
		*len = l;
		return 1;
	}
	return 0;
}

void trim_span(const char *text, size_t *start, size_t *end)
{
	size_t l;
	while (*start < *end && is_space_at(text + *start, *end - *start, &l))
		*start += l;
	while (*end > *start) {
		/* step back one code point */
		size_t p = *end - 1;
		while (p > *start && ((unsigned char)text[p] & 0xC0) == 0x80)
			p--;
		if (!is_space_at(text + p, *end - p, &l))
			break;
		*end = p;
	}
}

/* ------------------------------------------------------------------ state */
void state_put(state_io *w, const void *p, size_t n)
{
	if (!w->err && n && w->io(w->ctx, (void *)p, n))
		w->err = 1;
}

void state_get(state_io *r, void *p, size_t n)
{
	if (!r->err && n && r->io(r->ctx, p, n))
		r->err = 1;
}

void *state_get_array(state_io *r, size_t n, size_t size)
{
	if (r->err || !n)
		return NULL;
	if (n > SIZE_MAX / size) {
		r->err = 1;
		return NULL;
	}
	/* read in steps, growing as the data comes: a damaged count costs
	 * no more memory than the bytes that are really there */
	size_t total = n * size, have = 0, cap = 0;
	unsigned char *p = NULL;
	while (have < total && !r->err) {
		size_t step = total - have < (1u << 20) ? total - have : (1u << 20);
		if (have + step > cap) {
			size_t nc = cap * 2 > have + step ? cap * 2 : have + step;
			if (nc > total)
				nc = total;
			unsigned char *q = realloc(p, nc);
			if (!q) {
				r->err = 1;
				break;
			}
			p = q, cap = nc;
		}
		state_get(r, p + have, step);
		have += step;
	}
	if (r->err) {
		free(p);
		return NULL;
	}
	return p;
}

/* ------------------------------------------------------------------ hash */
uint64_t hash64(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

void hash_hex(const void *p, size_t n, char out[24])
{
	XXH128_hash_t h = XXH3_128bits(p, n);
	snprintf(out, 24, "%016llx%04llx", (unsigned long long)h.high64,
	         (unsigned long long)(h.low64 & 0xFFFF));
}

/* ------------------------------------------------------------------ dates */
static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (str_ieq_prefix(s, n, months[i]))
			return i + 1;
	return 0;
}

static int read_int(const char *s, size_t n, size_t *i, int maxdigits, int *out)
{
	int v = 0, d = 0;
	while (*i < n && d < maxdigits && isdigit((unsigned char)s[*i]))
		v = v * 10 + (s[(*i)++] - '0'), d++;
	*out = v;
	return d;
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

size_t date_normalize(const char *s, size_t n, char out[32])
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	int y, m, d;
	size_t j = i;
	/* ISO: YYYY-MM-DD[THH:MM[:SS]] */
	if (read_int(s, n, &j, 4, &y) == 4 && j < n && (s[j] == '-' || s[j] == '/')) {
		char sep = s[j++];
		if (read_int(s, n, &j, 2, &m) && j < n && s[j] == sep) {
			j++;
			if (read_int(s, n, &j, 2, &d) && valid_ymd(y, m, d)) {
				int hh, mm, ss = 0;
				if (j < n && (s[j] == 'T' || s[j] == ' ')) {
					size_t k = j + 1;
					if (read_int(s, n, &k, 2, &hh) == 2 && k < n &&
					    s[k] == ':') {
						k++;
						if (read_int(s, n, &k, 2, &mm) == 2) {
							if (k < n && s[k] == ':') {
								k++;
								read_int(s, n, &k, 2, &ss);
							}
							if (hh < 24 && mm < 60 && ss < 61) {
								snprintf(out, 32,
								         "%04u-%02u-%02uT%02u:%02u:"
								         "%02uZ",
								         (unsigned)y % 10000u,
								         (unsigned)m % 100u,
								         (unsigned)d % 100u,
								         (unsigned)hh % 100u,
								         (unsigned)mm % 100u,
								         (unsigned)ss % 100u);
								/* fractions and zone: +hh:mm, Z */
								while (
								    k < n &&
								    (isdigit((unsigned char)s[k]) ||
								     s[k] == '.' || s[k] == '+' ||
								     s[k] == ':' || s[k] == 'Z' ||
								     (s[k] == '-' && k + 1 < n &&
								      isdigit((
								          unsigned char)s[k + 1]))))
									k++;
								return k;
							}
						}
					}
				}
				snprintf(out, 32, "%04u-%02u-%02u", (unsigned)y % 10000u,
				         (unsigned)m % 100u, (unsigned)d % 100u);
				return j;
			}
		}
	}
	/* skip a weekday name: "Mon, 15 Dec 2025" */
	j = i;
	while (j < n && isalpha((unsigned char)s[j]))
		j++;
	if (j > i && j < n && s[j] == ',' && !month_of(s + i, j - i)) {
		i = j + 1;
		while (i < n && isspace((unsigned char)s[i]))
			i++;
	}
	/* "15 Dec 2025" / "15 December, 2025" */
	j = i;
	if (read_int(s, n, &j, 2, &d)) {
		while (j < n && (isspace((unsigned char)s[j]) || s[j] == '-'))
			j++;
		m = month_of(s + j, n - j);
		if (m) {
			while (j < n && isalpha((unsigned char)s[j]))
				j++;
			while (j < n && (isspace((unsigned char)s[j]) || s[j] == ',' ||
			                 s[j] == '-' || s[j] == '.'))
				j++;
			if (read_int(s, n, &j, 4, &y) == 4 && valid_ymd(y, m, d)) {
				snprintf(out, 32, "%04u-%02u-%02u", (unsigned)y % 10000u,
				         (unsigned)m % 100u, (unsigned)d % 100u);
				return j;
			}
		}
	}
	/* "Dec 15, 2025" / "December 15 2025" */
	j = i;
	m = month_of(s + j, n - j);
	if (m) {
		while (j < n && isalpha((unsigned char)s[j]))
			j++;
		while (j < n && (s[j] == '.' || isspace((unsigned char)s[j])))
			j++;
		if (read_int(s, n, &j, 2, &d)) {
			while (j < n && (isspace((unsigned char)s[j]) || s[j] == ','))
				j++;
			if (read_int(s, n, &j, 4, &y) == 4 && valid_ymd(y, m, d)) {
				snprintf(out, 32, "%04u-%02u-%02u", (unsigned)y % 10000u,
				         (unsigned)m % 100u, (unsigned)d % 100u);
				return j;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------- URLs */
int url_host(const char *url, char *out, size_t outlen)
{
	if (!url)
		return 0;
	const char *p = strstr(url, "://");
	if (!p)
		return 0;
	p += 3;
	const char *at = p;
	size_t n = strcspn(p, "/?#");
	const char *q = memchr(p, '@', n);
	if (q) {
		n -= (size_t)(q + 1 - p);
		at = q + 1;
	}
	const char *colon = memchr(at, ':', n);
	if (colon)
		n = (size_t)(colon - at);
	if (n >= 4 && str_ieq_prefix(at, n, "www."))
		at += 4, n -= 4;
	if (n == 0 || n >= outlen)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)at[i]);
	out[n] = 0;
	return 1;
}

long date_days(const char *d)
{
	int y, mo, da;
	if (!d || sscanf(d, "%4d-%2d-%2d", &y, &mo, &da) != 3)
		return -1;
	struct tm t = {0};
	t.tm_year = y - 1900, t.tm_mon = mo - 1, t.tm_mday = da, t.tm_hour = 12;
	return (long)(timegm(&t) / 86400);
}
