/*
 * clean.c - separates the story body from what is not the story, keeping
 * both: header lines ("date 2025-12-16") become metadata, a repeated
 * headline becomes the title, bylines give authors, datelines give place,
 * date and agency, credit/syndication lines and disclaimers give credited
 * agencies, promotional lines are dropped. Nothing is deleted: every removed
 * part is a span [start, end) of the original text with its kind.
 * Corpus-learned boilerplate is added by the store (store.c).
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct line {
	size_t s, e; /* trimmed span */
	int gone;    /* removed as a whole */
} line;

void wt_clean_options_init(wt_clean_options *o)
{
	o->detect_title = 1;
}

/* ---------------------------------------------------------------- helpers */
static int is_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}
static int is_alpha_ascii(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Skips spaces from i; returns the new position. */
static size_t skip_sp(const char *t, size_t i, size_t e)
{
	size_t l;
	while (i < e && is_space_at(t + i, e - i, &l))
		i += l;
	return i;
}

/* A dash separator ("-", "--", en or em dash) at i; returns its length. */
static size_t dash_at(const char *t, size_t i, size_t e)
{
	if (i < e && t[i] == '-')
		return (i + 1 < e && t[i + 1] == '-') ? 2 : 1;
	if (i + 3 <= e &&
	    (memcmp(t + i, "\xE2\x80\x93", 3) == 0 || memcmp(t + i, "\xE2\x80\x94", 3) == 0))
		return 3;
	return 0;
}

static int count_words(const char *t, size_t s, size_t e)
{
	int n = 0, in = 0;
	for (size_t i = s; i < e; i++) {
		int sp = t[i] == ' ' || t[i] == '\t';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/* Is the capitalised word at i a name word? Returns its length or 0. */
static size_t name_word(const char *t, size_t i, size_t e, int first)
{
	static const char *const particles[] = {"de",  "van", "von", "der", "da",  "al",
	                                        "bin", "le",  "la",  "du",  "dos", "del"};
	size_t j = i;
	unsigned char c = (unsigned char)t[i];
	if (c >= 0x80) {
		int32_t cp;
		utf8_decode((const unsigned char *)t + i, e - i, &cp);
		/* non-ASCII initial letter: accept as capitalised (Ö, Ł, ...) */
		if (!(cp >= 0xC0 && cp <= 0x24F))
			return 0;
	} else if (!is_upper_ascii((char)c)) {
		for (size_t k = 0; !first && k < sizeof(particles) / sizeof(particles[0]); k++) {
			size_t l = strlen(particles[k]);
			if (l <= e - i && memcmp(t + i, particles[k], l) == 0 &&
			    (i + l == e || t[i + l] == ' ' || t[i + l] == '-'))
				return l;
		}
		return 0;
	}
	while (j < e && (is_alpha_ascii(t[j]) || (unsigned char)t[j] >= 0x80 || t[j] == '.' ||
	                 t[j] == '-' || t[j] == '\''))
		j++;
	return j - i;
}

/* Parses s[i..e) as a list of person names ("A B, C D and E F"), each of 1
 * to 4 words. Adds them to the article when `add`. Returns the number of
 * names, or 0 when the text is not only names. Agencies in the list are
 * recorded as agencies. */
static int parse_names(wt_article *a, const char *t, size_t i, size_t e, int add, int *min_words)
{
	int names = 0;
	*min_words = 99;
	while (i < e) {
		i = skip_sp(t, i, e);
		size_t ns = i;
		int words = 0;
		size_t ag_len;
		const char *ag = agency_match(t + i, e - i, &ag_len);
		if (ag) {
			if (add && article_add_agency(a, ag))
				return 0;
			i += ag_len;
		} else {
			while (i < e) {
				size_t l = name_word(t, i, e, words == 0);
				if (!l)
					break;
				i += l;
				words++;
				size_t j = skip_sp(t, i, e);
				if (j == i || j >= e || !(is_upper_ascii(t[j]) || t[j] >= 'a'))
					break;
				/* stop before the separator word "and" */
				if (e - j >= 4 && memcmp(t + j, "and ", 4) == 0)
					break;
				i = j;
			}
			if (words == 0 || words > 4)
				return 0;
			if (words < *min_words)
				*min_words = words;
			if (add) {
				size_t ne = i;
				trim_span(t, &ns, &ne);
				char **v = realloc(a->authors, (a->n_authors + 1) * sizeof(*v));
				if (!v)
					return 0;
				a->authors = v;
				if (!(v[a->n_authors] = wt_strndup(t + ns, ne - ns)))
					return 0;
				a->n_authors++;
			}
			names++;
		}
		i = skip_sp(t, i, e);
		if (i >= e)
			break;
		if (t[i] == ',' || t[i] == ';' || t[i] == '&')
			i++;
		else if (e - i >= 4 && memcmp(t + i, "and ", 4) == 0)
			i += 4;
		else if (t[i] == '|')
			i = e; /* "Name |" or "Name | Updated ..." */
		else
			return 0;
		i = skip_sp(t, i, e);
		if (e - i >= 4 && memcmp(t + i, "and ", 4) == 0)
			i += 4; /* Oxford comma */
	}
	return names;
}

static int add(wt_article *a, size_t s, size_t e, wt_removed_kind k)
{
	return article_add_removed(a, s, e, k);
}

/* ---------------------------------------------------------------- headers */
/* "date 2025-12-16", "Published: Dec 15, 2025", "source: X", "title: X" at
 * the very top. Returns the offset after the headers. */
static int take_headers(wt_article *a, size_t *pos)
{
	static const char *const date_keys[] = {"date", "published", "updated", "posted"};
	static const char *const text_keys[] = {"title", "source", "author", "url"};
	const char *t = a->text;
	size_t n = a->text_len;
	for (;;) {
		size_t i = skip_sp(t, *pos, n);
		size_t matched = 0;
		for (size_t k = 0; k < 4 && !matched; k++) {
			size_t kl = strlen(date_keys[k]);
			if (!str_ieq_prefix(t + i, n - i, date_keys[k]))
				continue;
			size_t j = i + kl;
			if (j < n && t[j] == ':')
				j++;
			size_t v = skip_sp(t, j, n);
			if (v == j)
				continue; /* needs a space or colon then space */
			char iso[32];
			size_t ve = v;
			while (ve < n && t[ve] != '\n' && ve - v < 40)
				ve++;
			size_t used = date_normalize(t + v, ve - v, iso);
			if (!used)
				continue;
			size_t best = v + used;
			if (!a->published && wt_article_set(&a->published, iso, (size_t)-1))
				return -1;
			if (add(a, i, best, WT_RM_HEADER))
				return -1;
			matched = best;
		}
		for (size_t k = 0; k < 4 && !matched; k++) {
			size_t kl = strlen(text_keys[k]);
			if (!str_ieq_prefix(t + i, n - i, text_keys[k]) || i + kl >= n ||
			    t[i + kl] != ':')
				continue;
			size_t v = skip_sp(t, i + kl + 1, n), ve = v;
			while (ve < n && t[ve] != '\n')
				ve++;
			size_t vs = v;
			trim_span(t, &vs, &ve);
			if (ve == vs || ve - vs > 300)
				continue;
			char **field = k == 0   ? &a->title
			               : k == 1 ? &a->source
			               : k == 3 ? &a->url
			                        : NULL;
			if (field && !*field && wt_article_set(field, t + vs, ve - vs))
				return -1;
			if (k == 2) {
				int mw;
				parse_names(a, t, vs, ve, 1, &mw);
			}
			if (add(a, i, ve, WT_RM_HEADER))
				return -1;
			matched = ve;
		}
		if (!matched)
			return 0;
		*pos = matched;
	}
}

/* --------------------------------------------------------------- bylines */
static int try_byline(wt_article *a, line *L)
{
	const char *t = a->text;
	size_t s = L->s, e = L->e;
	if (e - s > 200)
		return 0;
	int mw;
	if (e - s > 3 && (memcmp(t + s, "By ", 3) == 0 || memcmp(t + s, "BY ", 3) == 0)) {
		size_t i = s + 3;
		if (parse_names(a, t, i, e, 0, &mw) > 0) {
			parse_names(a, t, i, e, 1, &mw);
			L->gone = 1;
			return add(a, s, e, WT_RM_BYLINE) ? -1 : 1;
		}
		return 0;
	}
	/* a bare list of full names, marked as a byline by a trailing '|' */
	if (t[e - 1] == '|' && parse_names(a, t, s, e, 0, &mw) > 0 && mw >= 2) {
		parse_names(a, t, s, e, 1, &mw);
		L->gone = 1;
		return add(a, s, e, WT_RM_BYLINE) ? -1 : 1;
	}
	return 0;
}

/* -------------------------------------------------------------- datelines */
/* "BERLIN/WASHINGTON, Dec 15 (Reuters) - ", "KYIV, Ukraine (AP) — ",
 * "PARIS (AFP) - ", "WASHINGTON -- " at the start of a paragraph. */
static int try_dateline(wt_article *a, line *L)
{
	const char *t = a->text;
	size_t s = L->s, e = L->e, i = s;
	/* place: upper-case words joined by space / - . ' */
	size_t letters = 0;
	while (i < e) {
		unsigned char c = (unsigned char)t[i];
		if (is_upper_ascii((char)c)) {
			letters++;
			i++;
		} else if (c >= 0x80) {
			int32_t cp;
			size_t l = utf8_decode((const unsigned char *)t + i, e - i, &cp);
			/* accept Latin upper-case letters with diacritics */
			if (!((cp >= 0xC0 && cp <= 0xDE) ||
			      (cp >= 0x100 && cp <= 0x17F && !(cp & 1))))
				break;
			letters++;
			i += l;
		} else if ((c == ' ' || c == '/' || c == '-' || c == '.' || c == '\'') && i > s &&
		           i + 1 < e &&
		           (is_upper_ascii(t[i + 1]) || (unsigned char)t[i + 1] >= 0x80)) {
			i++;
		} else {
			break;
		}
	}
	if (letters < 3)
		return 0;
	size_t place_e = i;
	while (place_e > s && (t[place_e - 1] == ' ' || t[place_e - 1] == '/' ||
	                       t[place_e - 1] == '-' || t[place_e - 1] == '\''))
		place_e--;
	/* the place must end at a word boundary */
	if (i < e && (is_alpha_ascii(t[i]) || isdigit((unsigned char)t[i])))
		return 0;
	size_t date_s = 0, date_e = 0;
	const char *ag = NULL;
	size_t j = i;
	while (j < e && t[j] == ',') {
		/* ", Ukraine" or ", Dec 15" or ", D.C." */
		size_t k = skip_sp(t, j + 1, e), ks = k;
		while (k < e &&
		       (is_alpha_ascii(t[k]) || t[k] == '.' || isdigit((unsigned char)t[k]) ||
		        (t[k] == ' ' && k + 1 < e && (isalnum((unsigned char)t[k + 1])))))
			k++;
		if (k == ks || k - ks > 30)
			return 0;
		char iso[32];
		char probe[48];
		size_t pl =
		    (size_t)snprintf(probe, sizeof probe, "%.*s 2000", (int)(k - ks), t + ks);
		if (date_normalize(probe, pl, iso)) {
			date_s = ks, date_e = k;
		} else if (!is_upper_ascii(t[ks])) {
			return 0;
		} else if (!date_s) {
			place_e = k;
		}
		j = k;
	}
	size_t k = skip_sp(t, j, e);
	if (k < e && t[k] == '(') {
		size_t close = k + 1;
		while (close < e && t[close] != ')' && close - k < 40)
			close++;
		if (close >= e || t[close] != ')')
			return 0;
		size_t al;
		ag = agency_match(t + k + 1, close - k - 1, &al);
		if (!ag)
			return 0;
		k = skip_sp(t, close + 1, e);
	}
	size_t dl = dash_at(t, k, e);
	if (!dl && !ag)
		return 0;
	if (!dl && k < e && t[k] == ':')
		dl = 1;
	size_t end = skip_sp(t, k + dl, e);
	if (end >= e)
		return 0; /* a dateline introduces text */
	if (wt_article_set(&a->dateline_place, t + s, place_e - s))
		return -1;
	if (date_s && wt_article_set(&a->dateline_date, t + date_s, date_e - date_s))
		return -1;
	if (ag && article_add_agency(a, ag))
		return -1;
	return add(a, s, end, WT_RM_DATELINE) ? -1 : 1;
}

/* ---------------------------------------------------- credits and promos */

/* A line, and its lower-cased copy when it is short (<= 400 bytes) for
 * substring and prefix tests. */
typedef struct lowered {
	char p[404];
	size_t n;
	int ok; /* p holds the line */
} lowered;

static void lower_line(const char *t, size_t s, size_t e, lowered *lo)
{
	lo->ok = e - s <= 400;
	lo->n = lo->ok ? e - s : 0;
	size_t i = 0;
	for (; i + 8 <= lo->n; i += 8) {
		uint64_t x;
		memcpy(&x, t + s + i, 8);
		x = ascii_lower8(x);
		memcpy(lo->p + i, &x, 8);
	}
	for (; i < lo->n; i++) {
		char c = t[s + i];
		lo->p[i] = (char)(is_upper_ascii(c) ? c + 32 : c);
	}
}

/* Does line [s, e) of t start with one of v[0..n), ignoring ASCII case? */
static int starts_any(const char *t, size_t s, size_t e, const lowered *lo, const phrase *v,
                      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!lo->ok) {
			if (str_ieq_prefix(t + s, e - s, v[i].s))
				return 1;
		} else if (v[i].n <= lo->n && lo->p[0] == v[i].s[0] &&
		           memcmp(lo->p, v[i].s, v[i].n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* "with AP", "Reuters", "AFP/Reuters", "-- With AFP", "Source: AFP". */
static int agency_only_line(wt_article *a, const char *t, size_t s, size_t e)
{
	static const char *const lead[] = {"with ",      "via ", "source: ",  "sources: ",
	                                   "agencies: ", "(c) ", "\xC2\xA9 ", "copyright "};
	if (e - s > 80)
		return 0;
	size_t i = s;
	size_t dl = dash_at(t, i, e);
	if (dl)
		i = skip_sp(t, i + dl, e);
	for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
		if (str_ieq_prefix(t + i, e - i, lead[k])) {
			i = skip_sp(t, i + strlen(lead[k]), e);
			break;
		}
	int n = 0;
	while (i < e) {
		size_t l;
		const char *c = agency_match(t + i, e - i, &l);
		if (!c) {
			if (str_ieq_prefix(t + i, e - i, "agencies"))
				l = 8, c = "";
			else if (str_ieq_prefix(t + i, e - i, "wires"))
				l = 5, c = "";
			else
				return 0;
		}
		n++;
		i = skip_sp(t, i + l, e);
		if (i < e &&
		    (t[i] == '/' || t[i] == ',' || t[i] == '&' || t[i] == '.' || t[i] == ')'))
			i = skip_sp(t, i + 1, e);
		else if (e - i >= 4 && memcmp(t + i, "and ", 4) == 0)
			i += 4;
	}
	if (!n)
		return 0;
	return agency_scan(a, t + s, e - s) < 0 ? -1 : 1;
}

static const phrase credit_starts[] = {
    PHRASE("(reporting by"),
    PHRASE("(additional reporting"),
    PHRASE("(writing by"),
    PHRASE("(editing by"),
    PHRASE("(compiled by"),
    PHRASE("(produced by"),
    PHRASE("(with reporting"),
    PHRASE("reporting by "),
    PHRASE("additional reporting by"),
    PHRASE("editing by "),
    PHRASE("writing by "),
    PHRASE("(this story has"),
    PHRASE("(this article has"),
    PHRASE("(except for the headline"),
    PHRASE("(only the headline"),
};

static const phrase disclaimer_marks[] = {
    PHRASE("auto generated from"),
    PHRASE("auto-generated from"),
    PHRASE("syndicated feed"),
    PHRASE("wire agency feed"),
    PHRASE("has not been edited by"),
    PHRASE("holds no responsibility"),
    PHRASE("contributed to this report"),
    PHRASE("all rights reserved"),
    PHRASE("may not be published, broadcast, rewritten"),
};

static const phrase promo_starts[] = {
    PHRASE("follow us on"),     PHRASE("follow our"),
    PHRASE("sign up for"),      PHRASE("sign up to"),
    PHRASE("subscribe to"),     PHRASE("subscribe now"),
    PHRASE("read more"),        PHRASE("read also"),
    PHRASE("also read"),        PHRASE("click here"),
    PHRASE("download the"),     PHRASE("get the latest"),
    PHRASE("join our"),         PHRASE("share this"),
    PHRASE("advertisement"),    PHRASE("story continues below"),
    PHRASE("continue reading"), PHRASE("recommended stories"),
    PHRASE("related:"),         PHRASE("related stories"),
    PHRASE("watch:"),           PHRASE("listen to this article"),
    PHRASE("don't miss"),       PHRASE("must read"),
    PHRASE("trending:"),        PHRASE("see also"),
    PHRASE("more from"),        PHRASE("for more news"),
};

static const phrase edited[] = {PHRASE("edited"), PHRASE("feed")};
static const phrase preferred[] = {PHRASE("as a preferred source"),
                                   PHRASE("preferred source on google")};
static const phrase messengers[] = {PHRASE("on whatsapp"), PHRASE("on telegram"),
                                    PHRASE("google news")};
static const phrase follow[] = {PHRASE("follow"), PHRASE("join")};

#define COUNT(v) (sizeof(v) / sizeof((v)[0]))

/* The phrases looked for inside lines, set up once per article. */
typedef struct line_phrases {
	phrases edited, disclaimers, preferred, messengers, follow;
} line_phrases;

static void line_phrases_init(line_phrases *lp)
{
	phrases_init(&lp->edited, edited, COUNT(edited));
	phrases_init(&lp->disclaimers, disclaimer_marks, COUNT(disclaimer_marks));
	phrases_init(&lp->preferred, preferred, COUNT(preferred));
	phrases_init(&lp->messengers, messengers, COUNT(messengers));
	phrases_init(&lp->follow, follow, COUNT(follow));
}

/* Does the short line lo hold one of ps? */
static int has(const lowered *lo, const phrases *ps)
{
	return lo->ok && phrases_in(ps, lo->p, lo->n);
}

static int try_credit(wt_article *a, line *L, const lowered *lo, const line_phrases *lp)
{
	const char *t = a->text;
	size_t s = L->s, e = L->e;
	if (starts_any(t, s, e, lo, credit_starts, COUNT(credit_starts))) {
		if (agency_scan(a, t + s, e - s) < 0)
			return -1;
		L->gone = 1;
		int disc = has(lo, &lp->edited);
		return add(a, s, e, disc ? WT_RM_DISCLAIMER : WT_RM_CREDIT) ? -1 : 1;
	}
	int r = agency_only_line(a, t, s, e);
	if (r) {
		L->gone = 1;
		return r < 0 || add(a, s, e, WT_RM_CREDIT) ? -1 : 1;
	}
	int disc = str_ieq_prefix(t + s, e - s, "disclaimer") || has(lo, &lp->disclaimers);
	if (disc) {
		if (agency_scan(a, t + s, e - s) < 0)
			return -1;
		L->gone = 1;
		return add(a, s, e, WT_RM_DISCLAIMER) ? -1 : 1;
	}
	return 0;
}

static int try_promo(wt_article *a, line *L, const lowered *lo, const line_phrases *lp)
{
	const char *t = a->text;
	size_t s = L->s, e = L->e;
	if (e - s > 200 || !lo->ok)
		return 0;
	int promo =
	    starts_any(t, s, e, lo, promo_starts, COUNT(promo_starts)) || has(lo, &lp->preferred) ||
	    (count_words(t, s, e) <= 12 && has(lo, &lp->messengers) && has(lo, &lp->follow));
	if (!promo)
		return 0;
	L->gone = 1;
	return add(a, s, e, WT_RM_PROMO) ? -1 : 1;
}

/* ----------------------------------------------------------------- titles */
static int looks_like_headline(const char *t, size_t s, size_t e)
{
	if (e - s < 8 || e - s > 200)
		return 0;
	int w = count_words(t, s, e);
	if (w < 2 || w > 25)
		return 0;
	char last = t[e - 1];
	if (last == '.' || last == ',' || last == ';' || last == ':' || last == '|')
		return 0;
	unsigned char c = (unsigned char)t[s];
	if (!(is_upper_ascii((char)c) || isdigit(c) || c >= 0x80 || c == '"' || c == '\''))
		return 0;
	return 1;
}

/* The agency credited by a mention starting at t[i], which is '(' or the
 * first letter of a word: "(Reuters)", "told AFP", "according to the AP".
 * NULL when there is none. */
static const char *credit_at(const char *t, size_t n, size_t i)
{
	static const phrase verbs[] = {
	    PHRASE("told "),        PHRASE("according to "),         PHRASE("said to "),
	    PHRASE("speaking to "), PHRASE("in an interview with "), PHRASE("quoted by ")};
	size_t l;
	if (t[i] == '(') {
		if (i + 1 >= n)
			return NULL;
		const char *ag = agency_match(t + i + 1, n - i - 1, &l);
		return ag && i + 1 + l < n && t[i + 1 + l] == ')' ? ag : NULL;
	}
	for (size_t k = 0; k < COUNT(verbs); k++) {
		size_t vl = verbs[k].n;
		if (verbs[k].s[0] != t[i] || vl > n - i || memcmp(t + i, verbs[k].s, vl) != 0)
			continue;
		size_t j = i + vl;
		if (n - j > 4 && memcmp(t + j, "the ", 4) == 0)
			j += 4;
		return agency_match(t + j, n - j, &l);
	}
	return NULL;
}

/* Credit mentions inside the story ("told AFP", "(Reuters)", "according
 * to Reuters"): the text stays, the agency is recorded. A mention starts
 * at '(' or at one of the verbs' first letters (a, i, q, s, t) that does
 * not follow an ASCII letter. Eight bytes are tested at a time, the last
 * ones padded with NULs (neither letters nor '('): bit 7 of each byte of
 * the masks below marks the bytes that are letters, verb letters or '('
 * (a byte at a time, this scan was half of cleaning). */
static int scan_inline_credits(wt_article *a)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	const unsigned char *u = (const unsigned char *)a->text;
	size_t n = a->text_len;
	uint64_t carry = 0; /* bit 7: the byte before the eight is a letter */
	for (size_t i = 0; i < n; i += 8) {
		unsigned char pad[8] = {0};
		if (n - i < 8)
			memcpy(pad, u + i, n - i);
		uint64_t x = le_get64(n - i < 8 ? pad : u + i); /* byte k: u[i + k] */
		uint64_t low = (x | ones * 0x20) & (ones * 0x7F);
		uint64_t alpha =
		    (low + ones * (0x80 - 'a')) & ~(low + ones * (0x80 - 'z' - 1)) & ~x & high;
		uint64_t verb = bytes_eq8(x, 'a') | bytes_eq8(x, 'i') | bytes_eq8(x, 'q') |
		                bytes_eq8(x, 's') | bytes_eq8(x, 't');
		uint64_t start = bytes_eq8(x, '(') | (verb & ~((alpha << 8) | carry));
		carry = alpha >> 56;
		for (; start; start &= start - 1) {
			const char *ag =
			    credit_at(a->text, n, i + (size_t)__builtin_ctzll(start) / 8);
			if (ag && article_add_agency(a, ag))
				return -1;
		}
	}
	return 0;
}

static void clear_cleaning(wt_article *a)
{
	for (size_t i = 0; i < a->n_authors; i++)
		free(a->authors[i]);
	for (size_t i = 0; i < a->n_agencies; i++)
		free(a->agencies[i]);
	free(a->authors), free(a->agencies), free(a->removed);
	free(a->dateline_place), free(a->dateline_date);
	a->authors = a->agencies = NULL;
	a->n_authors = a->n_agencies = a->n_removed = 0;
	a->removed = NULL;
	a->dateline_place = a->dateline_date = NULL;
}

wt_status wt_article_clean(wt_article *a, const wt_clean_options *opt)
{
	wt_clean_options defaults;
	if (!opt) {
		wt_clean_options_init(&defaults);
		opt = &defaults;
	}
	if (!a || (!a->text && a->text_len))
		return WT_ERR_ARG;
	clear_cleaning(a);
	a->cleaned = 1;
	if (!a->text_len)
		return WT_OK;
	const char *t = a->text;
	size_t n = a->text_len;
	size_t pos = 0;
	if (take_headers(a, &pos))
		return WT_ERR_NOMEM;
	/* lines after the headers */
	size_t nlines = 0, cap = 64;
	line *L = malloc(cap * sizeof(*L));
	if (!L)
		return WT_ERR_NOMEM;
	wt_status st = WT_ERR_NOMEM;
	for (size_t ls = pos; ls < n;) {
		const char *nl = memchr(t + ls, '\n', n - ls);
		size_t le = nl ? (size_t)(nl - t) : n;
		size_t s = ls, e = le;
		trim_span(t, &s, &e);
		if (e > s) {
			if (nlines == cap) {
				line *v = realloc(L, (cap *= 2) * sizeof(*L));
				if (!v)
					goto out;
				L = v;
			}
			L[nlines++] = (line){s, e, 0};
		}
		ls = le + 1;
	}
	/* title: the first line, when it repeats the known title or looks like a
	 * headline followed by more text */
	if (nlines > 1) {
		size_t fl1, fl2;
		char *f1 = a->title ? wt_text_fold(a->title, strlen(a->title), &fl1) : NULL;
		char *f2 = wt_text_fold(t + L[0].s, L[0].e - L[0].s, &fl2);
		int same = f1 && f2 && fl1 == fl2 && memcmp(f1, f2, fl1) == 0;
		free(f1), free(f2);
		if (same ||
		    (!a->title && opt->detect_title && looks_like_headline(t, L[0].s, L[0].e) &&
		     !(L[0].e - L[0].s > 3 && memcmp(t + L[0].s, "By ", 3) == 0) &&
		     L[0].e - L[0].s < L[1].e - L[1].s + 40)) {
			if (!same && wt_article_set(&a->title, t + L[0].s, L[0].e - L[0].s))
				goto out;
			if (add(a, L[0].s, L[0].e, WT_RM_TITLE))
				goto out;
			L[0].gone = 1;
		}
	}
	/* byline and dateline near the top */
	int seen = 0;
	for (size_t i = 0; i < nlines && seen < 4; i++) {
		if (L[i].gone)
			continue;
		seen++;
		int r = try_byline(a, &L[i]);
		if (r < 0)
			goto out;
		if (r)
			continue;
		r = try_dateline(a, &L[i]);
		if (r < 0)
			goto out;
		if (r)
			break;
	}
	line_phrases lp;
	line_phrases_init(&lp);
	for (size_t i = 0; i < nlines; i++) {
		if (L[i].gone)
			continue;
		lowered lo;
		lower_line(t, L[i].s, L[i].e, &lo);
		int r = try_credit(a, &L[i], &lo, &lp);
		if (!r)
			r = try_promo(a, &L[i], &lo, &lp);
		if (r < 0)
			goto out;
	}
	if (scan_inline_credits(a))
		goto out;
	article_sort_removed(a);
	/* source: given, else URL host, else the credited agency */
	if (!a->source) {
		char host[256];
		if (url_host(a->url, host, sizeof host)) {
			if (wt_article_set(&a->source, host, (size_t)-1))
				goto out;
		} else if (a->n_agencies == 1) {
			if (wt_article_set(&a->source, a->agencies[0], (size_t)-1))
				goto out;
		}
	}
	st = WT_OK;
out:
	free(L);
	return st;
}
