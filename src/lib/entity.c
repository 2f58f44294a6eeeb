/*
 * entity.c - name mentions of one article for collation: people, places and
 * organisations found as capitalised sequences ("Volodymyr Zelenskiy",
 * "Kyiv International Institute of Sociology", "U.S.", "MI6"), with
 * lower-case connectors inside them ("Institute for the Study of War",
 * "Ursula von der Leyen").
 *
 * Titles split a sequence: "German Chancellor Friedrich Merz" gives the
 * person "Friedrich Merz" (a single word before the title is a demonym and
 * is dropped; an acronym or several words, "European Commission", stay a
 * name of their own). A word capitalised only because it starts a sentence
 * or a quotation is dropped when it is a function word ("However", "The")
 * and flagged MENTION_INITIAL otherwise, so that collation keeps it only
 * when the story also writes it capitalised elsewhere. Headings in capitals
 * are skipped.
 *
 * Each mention carries an alias key: its tokens folded (case, diacritics,
 * dots of "U.S.", possessive 's), numbers written as digits (Two, II -> 2)
 * and transliterations folded (lex_name_fold), plus its initials, so that
 * collate.c can group "US", "U.S." and "United States", "World War Two" and
 * "World War II", "Zelenskiy", "Zelensky" and "Zelenskyy".
 */
#include "collate.h"
#include "lexicon.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_caps(const coll_text *c, size_t i)
{
	const wt_token *t = &c->tk[i];
	if (!(t->flags & WT_TOK_WORD))
		return 0;
	int32_t cp;
	utf8_decode((const unsigned char *)c->t + t->start, c->len - t->start, &cp);
	return (cp >= 'A' && cp <= 'Z') || (cp > 127 && utf8_is_upper(cp));
}

/* All letters upper case (NATO, MI6, U.S.) and at least two of them. */
static int is_acronym(const coll_text *c, size_t i)
{
	const wt_token *t = &c->tk[i];
	size_t letters = 0;
	for (size_t k = t->start; k < t->end; k++) {
		unsigned char ch = (unsigned char)c->t[k];
		if (ch >= 0x80 || islower(ch))
			return 0;
		letters += isupper(ch) != 0;
	}
	return letters >= 2;
}

static int is_connector(const wt_token *t)
{
	static const char *const w[] = {"al", "bin", "da", "de",  "der", "du", "for",
	                                "la", "le",  "of", "the", "van", "von"};
	return lex_find(w, sizeof(w) / sizeof(w[0]), t->norm, t->norm_len) >= 0;
}

static int is_of(const wt_token *t)
{
	return (t->norm_len == 2 && !memcmp(t->norm, "of", 2)) ||
	       (t->norm_len == 3 && !memcmp(t->norm, "for", 3));
}

/* Only one space (or none) between tokens i and i + 1. */
static int adjacent(const coll_text *c, size_t i)
{
	size_t a = c->tk[i].end, b = c->tk[i + 1].start;
	return b == a || (b == a + 1 && c->t[a] == ' ');
}

/* Does token i start its sentence (or follow an opening quote mark or a
 * colon)? */
static int starts_sentence(const coll_text *c, size_t i)
{
	if (i == 0 || c->sent_of[i] != c->sent_of[i - 1])
		return 1;
	for (size_t k = c->tk[i - 1].end; k < c->tk[i].start; k++) {
		unsigned char ch = (unsigned char)c->t[k];
		if (ch == '"' || ch == ':' || ch == '\n')
			return 1;
		if (ch == 0xE2 && k + 2 < c->tk[i].start && (unsigned char)c->t[k + 1] == 0x80 &&
		    (unsigned char)c->t[k + 2] == 0x9C)
			return 1; /* “ */
	}
	return 0;
}

/* A heading: four or more words, most of them in capitals. */
static int is_heading(const coll_text *c, size_t s)
{
	size_t words = 0, caps = 0;
	for (size_t i = c->se[s].tok_begin; i < c->se[s].tok_end; i++)
		if (c->tk[i].flags & WT_TOK_WORD) {
			words++;
			caps += is_acronym(c, i);
		}
	return words >= 4 && caps * 2 > words;
}

/* Folded key of one token into b: possessive dropped, numbers as digits,
 * transliteration folded. */
static void token_key(const coll_text *c, size_t i, wt_buf *b)
{
	const wt_token *t = &c->tk[i];
	const char *w = t->norm;
	size_t n = t->norm_len;
	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	else if (n > 1 && w[n - 1] == '\'')
		n--;
	double v;
	int r = lex_roman(c->t + t->start, t->end - t->start);
	if (r) {
		buf_printf(b, "%d", r);
		return;
	}
	if (lex_number_word(w, n, &v) == LEX_NUM_CARDINAL) {
		buf_printf(b, "%d", (int)v);
		return;
	}
	char tmp[128];
	size_t m = lex_name_fold(w, n < sizeof tmp ? n : sizeof tmp, tmp, sizeof tmp);
	buf_add(b, tmp, m);
}

static int push_mention(const coll_text *c, size_t i0, size_t i1, unsigned flags,
                        coll_mention **out, size_t *n, size_t *cap)
{
	if (i0 >= i1)
		return 0;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		coll_mention *m = realloc(*out, nc * sizeof(*m));
		if (!m)
			return -1;
		*out = m, *cap = nc;
	}
	coll_mention *m = &(*out)[*n];
	memset(m, 0, sizeof(*m));
	m->start = c->tk[i0].start;
	m->end = c->tk[i1 - 1].end;
	const wt_token *last = &c->tk[i1 - 1];
	/* possessive: "Trump's" names Trump */
	size_t ln = last->end - last->start;
	const char *lt = c->t + last->start;
	if (ln > 2 && lt[ln - 1] == 's' &&
	    (lt[ln - 2] == '\'' || (ln > 4 && !memcmp(lt + ln - 4, "\xE2\x80\x99", 3))))
		m->end -= lt[ln - 2] == '\'' ? 2 : 4;
	m->tok = i0;
	m->ntok = i1 - i0;
	m->flags = flags;
	wt_buf key, ini;
	buf_init(&key);
	buf_init(&ini);
	size_t words = 0;
	for (size_t i = i0; i < i1; i++) {
		if (key.len)
			buf_addc(&key, ' ');
		size_t before = key.len;
		token_key(c, i, &key);
		if (!is_connector(&c->tk[i]) && key.len > before) {
			buf_addc(&ini, key.p[before]);
			words++;
		}
		if (i + 1 == i1) {
			m->last = wt_strndup(key.p + before, key.len - before);
		}
	}
	m->surface = wt_strndup(c->t + m->start, m->end - m->start);
	m->key = buf_detach(&key, NULL);
	m->initials = words >= 2 ? buf_detach(&ini, NULL) : NULL;
	buf_release(&ini);
	if (!m->surface || !m->key || !m->last) {
		free(m->surface), free(m->key), free(m->last), free(m->initials);
		return -1;
	}
	(*n)++;
	return 0;
}

static int is_word(const coll_text *c, size_t i, int (*pred)(const char *, size_t))
{
	return i < c->nt && (c->tk[i].flags & WT_TOK_WORD) &&
	       pred(c->tk[i].norm, c->tk[i].norm_len);
}

static int place_prep(const char *w, size_t n)
{
	static const char *const p[] = {"at", "from", "in", "near", "to"};
	return lex_find(p, 5, w, n) >= 0;
}

static int is_weekday_or_month(const wt_token *t)
{
	static const char *const d[] = {"friday",   "monday",  "saturday", "sunday",
	                                "thursday", "tuesday", "wednesday"};
	size_t n = t->norm_len;
	if (n > 2 && t->norm[n - 2] == '\'' && t->norm[n - 1] == 's')
		n -= 2; /* Monday's */
	return lex_month(t->norm, n) || lex_find(d, 7, t->norm, n) >= 0;
}

wt_status entity_mentions(const coll_text *c, coll_mention **out, size_t *n)
{
	*out = NULL, *n = 0;
	size_t cap = 0;
	for (size_t s = 0; s < c->ns; s++) {
		if (is_heading(c, s))
			continue;
		size_t end = c->se[s].tok_end;
		for (size_t i = c->se[s].tok_begin; i < end; i++) {
			if (c->removed[i] || !is_caps(c, i) || is_weekday_or_month(&c->tk[i]))
				continue;
			/* extend over capitalised words, short numbers after them,
			 * and connectors followed by a capitalised word */
			size_t j = i + 1;
			while (j < end && !c->removed[j] && adjacent(c, j - 1)) {
				if (is_caps(c, j) && !is_weekday_or_month(&c->tk[j])) {
					j++;
				} else if ((c->tk[j].flags & WT_TOK_NUMBER) &&
				           c->tk[j].norm_len <= 2 &&
				           (j + 1 >= end || !adjacent(c, j) ||
				            !is_caps(c, j + 1))) {
					j++;
					break;
				} else if (is_connector(&c->tk[j]) && j + 1 < end &&
				           adjacent(c, j) &&
				           (is_caps(c, j + 1) || is_connector(&c->tk[j + 1]))) {
					size_t k = j + 1;
					while (k < end && is_connector(&c->tk[k]) && adjacent(c, k))
						k++;
					if (k < end && is_caps(c, k) && !c->removed[k])
						j = k;
					else
						break;
				} else {
					break;
				}
			}
			size_t i0 = i, i1 = j;
			i = j - 1;
			int initial = starts_sentence(c, i0);
			if (initial && (lex_function_word(c->tk[i0].norm, c->tk[i0].norm_len) ||
			                lex_speech_verb(c->tk[i0].norm, c->tk[i0].norm_len))) {
				i0++;
				initial = 0;
				while (i0 < i1 && is_connector(&c->tk[i0]))
					i0++;
			}
			if (i0 >= i1)
				continue;
			/* titles split the sequence */
			size_t first_title = i1, last_title = i1;
			for (size_t k = i0; k < i1; k++)
				if (lex_title(c->tk[k].norm, c->tk[k].norm_len)) {
					if (first_title == i1)
						first_title = k;
					last_title = k;
				}
			unsigned after_verb =
			    i0 > 0 && is_word(c, i0 - 1, lex_speech_verb) ? MENTION_SPEAKER : 0;
			unsigned before_verb =
			    i1 < end && is_word(c, i1, lex_speech_verb) ? MENTION_SPEAKER : 0;
			unsigned place = i0 > 0 && is_word(c, i0 - 1, place_prep) && i1 - i0 == 1 &&
			                         first_title == i1
			                     ? MENTION_PLACE
			                     : 0;
			if (first_title < i1) {
				/* the part before the title: an acronym or a
				 * multiword name (a lone demonym is dropped) */
				size_t pre = first_title - i0;
				if (pre >= 2 || (pre == 1 && is_acronym(c, i0)))
					if (push_mention(
					        c, i0, first_title,
					        (initial ? MENTION_INITIAL : 0) |
					            (is_acronym(c, i0) ? MENTION_ACRONYM : 0),
					        out, n, &cap))
						return WT_ERR_NOMEM;
				/* the person ends at a connector: "President Putin of
				 * Russia" names Putin (and Russia) */
				size_t p0 = last_title + 1, p1 = p0;
				while (p1 < i1 && !is_of(&c->tk[p1]))
					p1++;
				if (p0 < p1 &&
				    push_mention(c, p0, p1,
				                 MENTION_TITLED | (p1 == i1 ? before_verb : 0), out,
				                 n, &cap))
					return WT_ERR_NOMEM;
				if (p1 + 1 < i1 &&
				    push_mention(c, p1 + 1, i1, before_verb, out, n, &cap))
					return WT_ERR_NOMEM;
				continue;
			}
			if (i1 - i0 == 1 && c->tk[i0].norm_len == 1 && c->tk[i0].norm[0] == 'i')
				continue; /* the pronoun I */
			if (i1 - i0 == 1 && lex_function_word(c->tk[i0].norm, c->tk[i0].norm_len))
				continue;
			unsigned f = (initial && i1 - i0 == 1 ? MENTION_INITIAL : 0) | after_verb |
			             before_verb | place;
			for (size_t k = i0; k < i1; k++)
				if (lex_org_word(c->tk[k].norm, c->tk[k].norm_len))
					f |= MENTION_ORG;
			if (i1 - i0 == 1 && is_acronym(c, i0))
				f |= MENTION_ACRONYM;
			if (push_mention(c, i0, i1, f, out, n, &cap))
				return WT_ERR_NOMEM;
		}
	}
	return WT_OK;
}

void entity_mentions_free(coll_mention *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].surface), free(m[i].key), free(m[i].last), free(m[i].initials);
	free(m);
}
