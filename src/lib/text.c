/*
 * text.c - the text model: Unicode folding for matching (utf8proc: NFKC,
 * case folding, quotes/dashes lumped to ASCII), word tokenization for any
 * script, number normalization ("90%", "90 percent", "90 per cent" are one
 * token "90%"), and sentence splitting that survives abbreviations, initials
 * ("U.S."), quotes and ellipses. Tokens and sentences carry byte offsets into
 * the original text; their strings live in a per-document arena.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define FOLD_OPTS                                                                                  \
	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |                \
	 UTF8PROC_LUMP | UTF8PROC_IGNORE)

struct wt_doc {
	wt_arena arena;
	wt_token *tok;
	size_t ntok, captok;
	wt_sentence *sent;
	size_t nsent, capsent;
};

wt_doc *wt_doc_create(void)
{
	wt_doc *d = calloc(1, sizeof(*d));
	if (d)
		arena_init(&d->arena, 1 << 16);
	return d;
}

void wt_doc_destroy(wt_doc *d)
{
	if (!d)
		return;
	arena_release(&d->arena);
	free(d->tok);
	free(d->sent);
	free(d);
}

const wt_token *wt_doc_tokens(const wt_doc *d, size_t *n)
{
	*n = d->ntok;
	return d->tok;
}

const wt_sentence *wt_doc_sentences(const wt_doc *d, size_t *n)
{
	*n = d->nsent;
	return d->sent;
}

/* --------------------------------------------------------------- folding */
/* Byte classes of collapse(): copied (ASCII letters lower-cased), white
 * space, and the lead bytes of the quotes it folds. */
enum { FOLD_COPY, FOLD_SPACE, FOLD_E2, FOLD_C2 };
static const unsigned char fold_class[256] = {
    ['\t'] = FOLD_SPACE, ['\n'] = FOLD_SPACE, ['\v'] = FOLD_SPACE, ['\f'] = FOLD_SPACE,
    ['\r'] = FOLD_SPACE, [' '] = FOLD_SPACE,  [0xE2] = FOLD_E2,    [0xC2] = FOLD_C2};

#define BYTES(c) (0x0101010101010101ull * (c))
#define HIGHS    BYTES(0x80)

/* One step of collapse() over the 8 bytes at p (their copy at dst, w bytes
 * written so far) when nothing in them needs more than lower-casing: ASCII,
 * no control character, no two spaces in a row and no space that would
 * lead or follow one already written. 1 done, 0 not such bytes. (Bit 7 of
 * each byte of the masks: within ASCII bytes, adding never carries out of a
 * byte.) */
static int collapse8(char *dst, size_t w, const unsigned char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	if (x & HIGHS)
		return 0;
	uint64_t low = x & BYTES(0x7F);
	uint64_t ctl = ~(low + BYTES(0x80 - 0x20)) & HIGHS;       /* < 0x20 */
	uint64_t sp = ~((x ^ BYTES(0x20)) + BYTES(0x7F)) & HIGHS; /* == 0x20 */
	if (ctl || (sp & (sp << 8)) || (p[0] == ' ' && (!w || dst[w - 1] == ' ')))
		return 0;
	x = ascii_lower8(x);
	memcpy(dst + w, &x, 8);
	return 1;
}

/* Copies src[0..n) to dst (which may be src) collapsing white space to
 * single spaces, trimming, lower-casing ASCII letters and folding the double
 * quotes that utf8proc's LUMP leaves alone (“ ” „ ‟ « ») to '"'. Returns
 * the new length; dst is NUL-terminated. Writes never overtake reads.
 * Eight bytes at a time while they only need lower-casing (most of a text),
 * else one; a space written last in such a step is taken back when white
 * space follows, or nothing. */
static size_t collapse(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t w = 0, i = 0;
	while (i < n) {
		if (i + 8 <= n && collapse8(dst, w, s + i)) {
			w += 8, i += 8;
			continue;
		}
		unsigned char c = s[i];
		switch (fold_class[c]) {
		case FOLD_COPY:
			dst[w++] = (char)(c + (((unsigned)c - 'A' < 26u) << 5));
			i++;
			break;
		case FOLD_SPACE:
			/* a run of white space: one space, unless it leads or trails */
			while (++i < n && fold_class[s[i]] == FOLD_SPACE)
				;
			if (w && i < n && dst[w - 1] != ' ')
				dst[w++] = ' ';
			break;
		case FOLD_E2: /* U+201C..U+201F */
			if (i + 2 < n && s[i + 1] == 0x80 && s[i + 2] >= 0x9C && s[i + 2] <= 0x9F)
				dst[w++] = '"', i += 3;
			else
				dst[w++] = (char)c, i++;
			break;
		default: /* U+00AB, U+00BB */
			if (i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBB))
				dst[w++] = '"', i += 2;
			else
				dst[w++] = (char)c, i++;
			break;
		}
	}
	if (w && dst[w - 1] == ' ')
		w--;
	dst[w] = 0;
	return w;
}

/* Length of the ASCII prefix of s[0..len) (stops at a NUL too). */
static size_t ascii_prefix(const char *s, size_t len)
{
	size_t k = ascii_run((const unsigned char *)s, len);
	const char *nul = memchr(s, 0, k);
	return nul ? (size_t)(nul - s) : k;
}

uint64_t text_fold_hash(const char *s, size_t len)
{
	char small[1024];
	if (len < sizeof small && ascii_prefix(s, len) == len)
		return XXH3_64bits(small, collapse(small, s, len));
	size_t fl = 0;
	char *f = wt_text_fold(s, len, &fl);
	uint64_t h = f ? XXH3_64bits(f, fl) : XXH3_64bits(s, len);
	free(f);
	return h;
}

char *wt_text_fold(const char *s, size_t len, size_t *out_len)
{
	size_t w;
	if (ascii_prefix(s, len) == len) {
		/* ASCII needs no Unicode tables */
		char *p = malloc(len + 1);
		if (!p)
			return NULL;
		w = collapse(p, s, len);
		if (out_len)
			*out_len = w;
		return p;
	}
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r =
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m, FOLD_OPTS);
	if (r < 0) {
		/* invalid UTF-8: fold a repaired copy */
		size_t rl;
		char *fixed = wt_utf8_repair(s, len, &rl, NULL);
		if (!fixed)
			return NULL;
		r = utf8proc_map((const utf8proc_uint8_t *)fixed, (utf8proc_ssize_t)rl, &m,
		                 FOLD_OPTS);
		free(fixed);
		if (r < 0)
			return NULL;
	}
	w = collapse((char *)m, (const char *)m, (size_t)r);
	if (out_len)
		*out_len = w;
	return (char *)m;
}

/* ------------------------------------------------------------ tokenizing */
/* ASCII classes, so that the common case needs no decoding and no ctype
 * call (isalnum() of the C locale is either class); 0 for anything else,
 * bytes of multibyte characters included. */
#define ASC_DIGIT 1
#define ASC_ALPHA 2
static int ascii_class(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return ASC_DIGIT;
	c |= 0x20; /* lower case; no other byte lands in a..z */
	return c >= 'a' && c <= 'z' ? ASC_ALPHA : 0;
}

static int is_cjk(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x0E00 && c <= 0x0E7F);
}

static int is_wordchar(int32_t c)
{
	if (c < 0x80)
		return ascii_class((unsigned char)c) != 0;
	utf8proc_category_t k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO);
}

static int is_digit_cp(int32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

static int is_apostrophe(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static int is_upper_start(const char *s, size_t n)
{
	int32_t c;
	utf8_decode((const unsigned char *)s, n, &c);
	if (c < 0x80)
		return isupper(c) || isdigit(c);
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT ||
	       k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_ND;
}

static int push_token(wt_doc *d, size_t start, size_t end, const char *norm, size_t nl,
                      unsigned flags)
{
	if (d->ntok == d->captok) {
		size_t cap = d->captok ? d->captok * 2 : 256;
		wt_token *t = realloc(d->tok, cap * sizeof(*t));
		if (!t)
			return -1;
		d->tok = t, d->captok = cap;
	}
	d->tok[d->ntok++] = (wt_token){start, end, norm, nl, flags};
	return 0;
}

/* Normalized form of text[s..e): folded, apostrophes to ', dots of initials
 * and thousands separators dropped. */
static const char *norm_token(wt_doc *d, const char *text, size_t s, size_t e, int number,
                              size_t *nl)
{
	size_t n = e - s;
	int ascii = 1;
	for (size_t i = s; i < e; i++)
		if ((unsigned char)text[i] >= 0x80) {
			ascii = 0;
			break;
		}
	char *out;
	size_t w = 0;
	if (ascii) {
		out = arena_alloc(&d->arena, n + 1);
		if (!out)
			return NULL;
		for (size_t i = s; i < e; i++) {
			char c = text[i];
			if (number && c == ',')
				continue;
			if (!number && c == '.')
				continue; /* U.S. -> us */
			out[w++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	} else {
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)text + s,
		                                  (utf8proc_ssize_t)n, &m, FOLD_OPTS);
		if (r < 0) {
			*nl = n;
			return arena_strndup(&d->arena, text + s, n);
		}
		out = arena_alloc(&d->arena, (size_t)r + 1);
		if (!out) {
			free(m);
			return NULL;
		}
		for (utf8proc_ssize_t i = 0; i < r; i++) {
			char c = (char)m[i];
			if ((number && c == ',') || (!number && c == '.'))
				continue;
			out[w++] = c;
		}
		free(m);
	}
	out[w] = 0;
	*nl = w;
	return out;
}

/* Word or number token starting at i. Returns its end. */
static size_t scan_word(const char *t, size_t n, size_t i, int *number)
{
	const unsigned char *u = (const unsigned char *)t;
	int32_t c;
	size_t l = utf8_decode(u + i, n - i, &c);
	int num = is_digit_cp(c), alpha = !num;
	size_t j = i + l;
	while (j < n) {
		if (u[j] < 0x80) {
			int k = ascii_class(u[j]);
			if (k) {
				/* the common case: an ASCII letter or digit */
				alpha |= k == ASC_ALPHA;
				j++;
				continue;
			}
			/* other ASCII ends the word, unless it may join (below) */
			if (u[j] != '\'' && u[j] != '.' && u[j] != ',')
				break;
			c = u[j], l = 1;
		} else {
			l = utf8_decode(u + j, n - j, &c);
			if (is_cjk(c))
				break;
			if (is_wordchar(c)) {
				if (!is_digit_cp(c))
					alpha = 1;
				j += l;
				continue;
			}
		}
		/* joiners: apostrophe inside a word, . or , between digits,
		 * '.' in initials (U.S.) */
		if (j + l < n) {
			int32_t nx;
			utf8_decode(u + j + l, n - j - l, &nx);
			if (is_apostrophe(c) && !num && is_wordchar(nx) && !is_digit_cp(nx)) {
				j += l;
				continue;
			}
			if ((c == '.' || c == ',') && is_digit_cp(nx) && j > i &&
			    isdigit((unsigned char)t[j - 1]) && !alpha) {
				j += l;
				continue;
			}
		}
		break;
	}
	/* initials: single letter followed by '.', letter, '.' (U.S., a.m.) */
	if (alpha && j - i == 1 && j < n && t[j] == '.') {
		size_t k = j;
		while (k + 1 < n && t[k] == '.' && isalpha((unsigned char)t[k + 1]) &&
		       (k + 2 >= n || !isalnum((unsigned char)t[k + 2])))
			k += 2;
		if (k > j && k < n && t[k] == '.')
			return (*number = 0, k + 1);
	}
	*number = num && !alpha;
	return j;
}

static int is_percent_word(const wt_token *t)
{
	size_t n = t->norm_len;
	return (n == 7 && memcmp(t->norm, "percent", 7) == 0) ||
	       (n == 3 && memcmp(t->norm, "pct", 3) == 0) ||
	       (n == 8 && memcmp(t->norm, "pourcent", 8) == 0) ||
	       (n == 7 && memcmp(t->norm, "procent", 7) == 0) ||
	       (n == 7 && memcmp(t->norm, "prozent", 7) == 0);
}

/* Merges number + "%" / "percent" / "per cent" into one percent token. */
static int merge_percents(wt_doc *d, const char *text, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < d->ntok; i++) {
		wt_token t = d->tok[i];
		if (t.flags & WT_TOK_NUMBER) {
			size_t j = t.end;
			while (j < len && text[j] == ' ')
				j++;
			size_t end = 0, skip = 0;
			if (j < len && text[j] == '%')
				end = j + 1;
			else if (j + 3 <= len && memcmp(text + j, "\xEF\xBC\x85", 3) == 0)
				end = j + 3;
			else if (i + 1 < d->ntok && is_percent_word(&d->tok[i + 1]))
				end = d->tok[i + 1].end, skip = 1;
			else if (i + 2 < d->ntok && d->tok[i + 1].norm_len == 3 &&
			         memcmp(d->tok[i + 1].norm, "per", 3) == 0 &&
			         d->tok[i + 2].norm_len == 4 &&
			         memcmp(d->tok[i + 2].norm, "cent", 4) == 0)
				end = d->tok[i + 2].end, skip = 2;
			if (end) {
				char *nm = arena_alloc(&d->arena, t.norm_len + 2);
				if (!nm)
					return -1;
				memcpy(nm, t.norm, t.norm_len);
				nm[t.norm_len] = '%';
				nm[t.norm_len + 1] = 0;
				t.norm = nm;
				t.norm_len++;
				t.end = end;
				t.flags |= WT_TOK_PERCENT;
				i += skip;
			}
		}
		d->tok[w++] = t;
	}
	d->ntok = w;
	return 0;
}

static const char *const abbrevs[] = {
    "mr",   "mrs",  "ms",  "dr",   "prof",   "gen",  "sen",  "rep", "gov", "lt",   "col",  "sgt",
    "capt", "cmdr", "adm", "maj",  "st",     "jr",   "sr",   "rev", "hon", "pres", "no",   "nos",
    "vs",   "jan",  "feb", "mar",  "apr",    "jun",  "jul",  "aug", "sep", "sept", "oct",  "nov",
    "dec",  "mt",   "ft",  "fig",  "approx", "dept", "univ", "eg",  "ie",  "cf",   "al",   "gov",
    "supt", "insp", "mme", "mlle", "messrs", "rt",   "sgt",  "cpl", "pvt", "ave",  "blvd", "rd"};

static int is_abbrev(const wt_token *t)
{
	if (!(t->flags & WT_TOK_WORD))
		return 0;
	if (t->norm_len == 1)
		return 1; /* an initial: "John F. Kennedy" */
	if (t->norm_len > 6)
		return 0; /* longer than any of abbrevs[] */
	for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
		if (abbrevs[i][0] == t->norm[0] && strlen(abbrevs[i]) == t->norm_len &&
		    memcmp(abbrevs[i], t->norm, t->norm_len) == 0)
			return 1;
	return 0;
}

static int is_close_punct(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
	       c == 0xBB || c == 0x203A || c == 0x300D || c == 0x300F;
}

static int push_sentence(wt_doc *d, size_t s, size_t e, size_t tb, size_t te)
{
	if (te <= tb)
		return 0;
	if (d->nsent == d->capsent) {
		size_t cap = d->capsent ? d->capsent * 2 : 64;
		wt_sentence *v = realloc(d->sent, cap * sizeof(*v));
		if (!v)
			return -1;
		d->sent = v, d->capsent = cap;
	}
	d->sent[d->nsent++] = (wt_sentence){s, e, tb, te};
	return 0;
}

/* Looks at the gap between token i and i+1 and decides whether a sentence
 * ends there. *end receives the end offset of the sentence. */
static int sentence_break(const wt_doc *d, const char *text, size_t len, size_t i, size_t *end)
{
	const wt_token *a = &d->tok[i];
	size_t gs = a->end, ge = i + 1 < d->ntok ? d->tok[i + 1].start : len;
	const unsigned char *u = (const unsigned char *)text;
	int term = 0, after_term_space = 0, newline = 0, dot_only = 1;
	size_t last_end = gs;
	for (size_t j = gs; j < ge;) {
		int32_t c;
		size_t l = utf8_decode(u + j, ge - j, &c);
		if (c == '\n') {
			newline = 1;
			break;
		}
		if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
		    c == 0xFF1F) {
			if (!after_term_space) {
				term = 1;
				if (c != '.')
					dot_only = 0;
				if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F)
					after_term_space = 1;
				last_end = j + l;
			}
		} else if (term && !after_term_space && is_close_punct(c)) {
			last_end = j + l;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == 0xA0) {
			if (term)
				after_term_space = 1;
		} else if (term && !after_term_space) {
			term = 0; /* "3.5", ".com", "?!x" */
		}
		j += l;
	}
	if (newline) {
		/* include trailing punctuation on the line */
		size_t e = gs;
		while (e < ge && text[e] != '\n')
			e++;
		size_t s0 = gs, e0 = e;
		trim_span(text, &s0, &e0);
		*end = e0 > gs ? e0 : gs;
		return 1;
	}
	if (!term || !after_term_space || i + 1 >= d->ntok)
		return 0;
	/* abbreviation right before a single dot */
	if (dot_only && text[gs] == '.' && is_abbrev(a))
		return 0;
	if (dot_only && text[a->end - 1] == '.' && is_abbrev(a))
		return 0;
	/* the next sentence must start like one: capital, digit, opening quote */
	size_t k = last_end;
	size_t l;
	while (k < ge && is_space_at(text + k, ge - k, &l))
		k += l;
	if (k < ge) {
		int32_t c;
		utf8_decode(u + k, ge - k, &c);
		if (c == '"' || c == 0x201C || c == '(' || c == '[' || c == 0xAB || c == '\'' ||
		    c == 0x2018) {
			*end = last_end;
			return 1;
		}
	}
	if (!is_upper_start(text + d->tok[i + 1].start, len - d->tok[i + 1].start))
		return 0;
	*end = last_end;
	return 1;
}

wt_status text_tokenize(wt_doc *d, const char *text, size_t len)
{
	arena_reset(&d->arena);
	d->ntok = d->nsent = 0;
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		if (u[i] < 0x80 && !ascii_class(u[i])) {
			i++; /* ASCII space or punctuation */
			continue;
		}
		int32_t c;
		size_t l = utf8_decode(u + i, len - i, &c);
		if (is_cjk(c)) {
			size_t nl;
			const char *nm = norm_token(d, text, i, i + l, 0, &nl);
			if (!nm || push_token(d, i, i + l, nm, nl, WT_TOK_WORD))
				return WT_ERR_NOMEM;
			i += l;
			continue;
		}
		if (!is_wordchar(c)) {
			i += l;
			continue;
		}
		int number;
		size_t e = scan_word(text, len, i, &number);
		size_t nl;
		const char *nm = norm_token(d, text, i, e, number, &nl);
		if (!nm || push_token(d, i, e, nm, nl, number ? WT_TOK_NUMBER : WT_TOK_WORD))
			return WT_ERR_NOMEM;
		i = e;
	}
	return merge_percents(d, text, len) ? WT_ERR_NOMEM : WT_OK;
}

wt_status wt_doc_analyze(wt_doc *d, const char *text, size_t len)
{
	wt_status st = text_tokenize(d, text, len);
	if (st != WT_OK)
		return st;
	const unsigned char *u = (const unsigned char *)text;
	/* sentences */
	size_t sb = 0, tb = 0;
	for (size_t t = 0; t < d->ntok; t++) {
		size_t end;
		if (t + 1 == d->ntok) {
			size_t e = d->tok[t].end;
			/* absorb final punctuation and quotes on the line */
			while (e < len && text[e] != '\n')
				e++;
			size_t s0 = d->tok[t].end, e0 = e;
			trim_span(text, &s0, &e0);
			end = e0 > d->tok[t].end ? e0 : d->tok[t].end;
		} else if (!sentence_break(d, text, len, t, &end)) {
			continue;
		}
		/* sentence start: opening quote/bracket before the first token */
		size_t s = d->tok[tb].start;
		while (s > sb) {
			size_t p = s - 1;
			while (p > sb && (u[p] & 0xC0) == 0x80)
				p--;
			int32_t c;
			utf8_decode(u + p, len - p, &c);
			if (c == '"' || c == 0x201C || c == '(' || c == '[' || c == 0xAB ||
			    c == '\'' || c == 0x2018)
				s = p;
			else
				break;
		}
		if (push_sentence(d, s, end, tb, t + 1))
			return WT_ERR_NOMEM;
		sb = end;
		tb = t + 1;
	}
	return WT_OK;
}

int utf8_is_upper(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	return p && (p->category == UTF8PROC_CATEGORY_LU || p->category == UTF8PROC_CATEGORY_LT);
}
