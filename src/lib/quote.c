/*
 * quote.c - direct quotations of one article and who said them.
 *
 * Quote marks: curly (“ ” „), guillemets (« ») and straight quotes, whose
 * direction comes from their neighbours (after a space or at the start of
 * a line: opening). A quotation runs to its closing mark; a paragraph that
 * ends inside one closes it unless the next paragraph opens with a quote
 * mark (a quotation running over paragraphs). Quotations are kept from the
 * body only (not from bylines, credit lines or boilerplate).
 *
 * A quotation interrupted by its attribution (“We are ready,” he said,
 * “to talk.”) is joined into one: the first part ends with a comma, and
 * the words between the parts are a short clause with a speech verb.
 *
 * The speaker, in this order: a speech verb (said, told, added, ...) after
 * the quotation in the same sentence, with the speaker before it (“...,”
 * Zelenskiy said) or after it (“...,” said Friedrich Merz); "according to
 * X"; a speech verb before the quotation (Zelenskiy told reporters: “...”);
 * else a quotation that follows another in the next sentence inherits its
 * speaker. A speaker that is a name mention is given as that mention; a
 * pronoun is resolved to the last person mentioned before it; otherwise the
 * words themselves are the speaker ("a US official").
 */
#include "collate.h"
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

enum { MARK_NONE = 0, MARK_OPEN = 1, MARK_CLOSE = 2, MARK_BOTH = 3 };

/* Quote mark at t[i]: its kind and length. */
static int mark_at(const char *t, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '"') {
		*len = 1;
		return MARK_BOTH;
	}
	if (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80) {
		unsigned char d = (unsigned char)t[i + 2];
		*len = 3;
		if (d == 0x9C || d == 0x9E)
			return MARK_OPEN;
		if (d == 0x9D)
			return MARK_CLOSE;
	}
	if (c == 0xC2 && i + 1 < n) {
		*len = 2;
		if ((unsigned char)t[i + 1] == 0xAB)
			return MARK_OPEN;
		if ((unsigned char)t[i + 1] == 0xBB)
			return MARK_CLOSE;
	}
	return MARK_NONE;
}

/* A straight quote opens after a space, a line start or an opening
 * bracket. */
static int straight_opens(const char *t, size_t i)
{
	if (i == 0)
		return 1;
	unsigned char p = (unsigned char)t[i - 1];
	return p == ' ' || p == '\n' || p == '\t' || p == '(' || p == '[' || p == '-' || p == 0x94;
}

static int in_removed(const wt_article *a, size_t pos, size_t *next)
{
	for (size_t k = 0; k < a->n_removed; k++)
		if (pos >= a->removed[k].start && pos < a->removed[k].end) {
			*next = a->removed[k].end;
			return 1;
		}
	return 0;
}

/* First token starting at or after pos. */
static size_t tok_at(const coll_text *c, size_t pos)
{
	size_t lo = 0, hi = c->nt;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (c->tk[m].start < pos)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

typedef struct span {
	size_t cs, ce; /* content */
	size_t os, oe; /* with marks */
} span;

static int push_span(span **v, size_t *n, size_t *cap, span s)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		span *p = realloc(*v, nc * sizeof(*p));
		if (!p)
			return -1;
		*v = p, *cap = nc;
	}
	(*v)[(*n)++] = s;
	return 0;
}

/* Raw quotations: content and outer spans, in text order. */
static int scan_marks(const coll_text *c, span **out, size_t *n)
{
	const char *t = c->t;
	size_t len = c->len, cap = 0, open = (size_t)-1, ostart = 0;
	*out = NULL, *n = 0;
	for (size_t i = 0; i < len;) {
		size_t skip;
		if (in_removed(c->a, i, &skip)) {
			open = (size_t)-1;
			i = skip;
			continue;
		}
		if (t[i] == '\n' && open != (size_t)-1) {
			/* paragraph end inside a quotation */
			size_t j = i;
			while (j < len && (t[j] == '\n' || t[j] == ' ' || t[j] == '\r'))
				j++;
			size_t ml;
			int k = j < len ? mark_at(t, len, j, &ml) : MARK_NONE;
			if (k == MARK_OPEN || (k == MARK_BOTH && straight_opens(t, j))) {
				i = j + ml; /* continues in the next paragraph */
				continue;
			}
			if (push_span(out, n, &cap, (span){open, i, ostart, i}))
				return -1;
			open = (size_t)-1;
			i++;
			continue;
		}
		size_t ml;
		int k = mark_at(t, len, i, &ml);
		if (k == MARK_NONE) {
			i++;
			continue;
		}
		int opens = k == MARK_OPEN ||
		            (k == MARK_BOTH && open == (size_t)-1 && straight_opens(t, i));
		if (open == (size_t)-1 && opens) {
			open = i + ml;
			ostart = i;
		} else if (open != (size_t)-1 && k != MARK_OPEN) {
			if (push_span(out, n, &cap, (span){open, i, ostart, i + ml}))
				return -1;
			open = (size_t)-1;
		}
		i += ml;
	}
	if (open != (size_t)-1 && push_span(out, n, &cap, (span){open, len, ostart, len}))
		return -1;
	return 0;
}

static int has_terminator(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == '\n')
			return 1;
	return 0;
}

/* Last non-space byte of [a, b) is ch. */
static int ends_with(const char *t, size_t a, size_t b, char ch)
{
	while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\n'))
		b--;
	return b > a && t[b - 1] == ch;
}

/* Token range [t0, t1) between two byte offsets. */
static void tok_range(const coll_text *c, size_t a, size_t b, size_t *t0, size_t *t1)
{
	*t0 = tok_at(c, a);
	*t1 = *t0;
	while (*t1 < c->nt && c->tk[*t1].end <= b)
		(*t1)++;
}

static int verb_at(const coll_text *c, size_t i)
{
	return (c->tk[i].flags & WT_TOK_WORD) && lex_speech_verb(c->tk[i].norm, c->tk[i].norm_len);
}

static int person_like(const coll_mention *m)
{
	if (m->flags & (MENTION_TITLED | MENTION_SPEAKER))
		return !(m->flags & (MENTION_ACRONYM | MENTION_ORG));
	return m->ntok >= 2 && !(m->flags & (MENTION_ORG | MENTION_ACRONYM | MENTION_PLACE));
}

/* Byte of a comma, colon or semicolon between tokens i-1 and i. */
static int clause_break(const coll_text *c, size_t i)
{
	if (i == 0)
		return 1;
	for (size_t k = c->tk[i - 1].end; k < c->tk[i].start; k++)
		if (strchr(",:;()\n", c->t[k]))
			return 1;
	return 0;
}

/* Sets the speaker of q from tokens [s0, s1): a person mention inside them,
 * a pronoun (resolved), or the words. Returns 1 when set. */
static int set_speaker(const coll_text *c, const coll_mention *m, size_t nm, size_t s0, size_t s1,
                       coll_quote *q)
{
	if (s0 >= s1)
		return 0;
	size_t a = c->tk[s0].start, b = c->tk[s1 - 1].end;
	/* a pronoun next to the verb ("Later she added:", "he said") */
	size_t pr = lex_pronoun(c->tk[s1 - 1].norm, c->tk[s1 - 1].norm_len) ? s1 - 1
	            : lex_pronoun(c->tk[s0].norm, c->tk[s0].norm_len)       ? s0
	                                                                    : (size_t)-1;
	if (pr != (size_t)-1 && (s1 - s0 <= 2)) {
		a = c->tk[pr].start;
		/* the last person mentioned before the pronoun */
		for (size_t k = nm; k-- > 0;)
			if (m[k].end <= a && person_like(&m[k])) {
				q->sp_start = m[k].start, q->sp_end = m[k].end;
				q->pronoun = 1;
				return 1;
			}
		return 0;
	}
	for (size_t k = 0; k < nm; k++)
		if (m[k].start >= a && m[k].end <= b &&
		    !(m[k].flags & (MENTION_ACRONYM | MENTION_ORG))) {
			q->sp_start = m[k].start, q->sp_end = m[k].end;
			return 1;
		}
	/* a noun phrase: from its determiner ("a US official") */
	size_t d = s0;
	for (size_t k = s0; k < s1; k++)
		if (lex_determiner(c->tk[k].norm, c->tk[k].norm_len))
			d = k;
	if (s1 - d > 6)
		d = s1 - 6;
	q->sp_start = c->tk[d].start, q->sp_end = b;
	return 1;
}

static void attribute(const coll_text *c, const coll_mention *m, size_t nm, const span *s,
                      const coll_quote *prev, size_t prev_sent, coll_quote *q)
{
	size_t len = c->len;
	/* after the quotation, in its sentence (up to the next quote mark) */
	size_t after_end = s->oe;
	while (after_end < len && after_end - s->oe < 200) {
		size_t ml;
		char ch = c->t[after_end];
		if (ch == '\n' || ch == '.' || ch == '?' || ch == '!' ||
		    mark_at(c->t, len, after_end, &ml) != MARK_NONE)
			break;
		after_end++;
	}
	size_t t0, t1;
	tok_range(c, s->oe, after_end, &t0, &t1);
	/* a quotation that ends its sentence ("... at all.” Officials said)
	 * is not attributed by the next sentence */
	size_t ce = s->ce;
	while (ce > s->cs && (c->t[ce - 1] == ' ' || c->t[ce - 1] == '\n'))
		ce--;
	int ended = ce > s->cs && strchr(".!?", c->t[ce - 1]) != NULL;
	if (ended && t0 < t1) {
		int32_t cp;
		utf8_decode((const unsigned char *)c->t + c->tk[t0].start, c->len - c->tk[t0].start,
		            &cp);
		if ((cp >= 'A' && cp <= 'Z') || (cp > 127 && utf8_is_upper(cp)))
			t1 = t0;
	}
	for (size_t v = t0; v < t1 && v < t0 + 8; v++) {
		if (c->tk[v].norm_len == 9 && !memcmp(c->tk[v].norm, "according", 9) &&
		    v + 2 < t1) {
			size_t e = v + 2;
			while (e < t1 && e < v + 8 && !clause_break(c, e))
				e++;
			if (set_speaker(c, m, nm, v + 2, e, q))
				return;
		}
		if (!verb_at(c, v))
			continue;
		if (v > t0 && set_speaker(c, m, nm, t0, v, q))
			return;
		size_t e = v + 1;
		while (e < t1 && e < v + 8 && !clause_break(c, e))
			e++;
		if (set_speaker(c, m, nm, v + 1, e, q))
			return;
		break;
	}
	/* before the quotation, in its sentence */
	size_t sent = c->sent_of[tok_at(c, s->cs) < c->nt ? tok_at(c, s->cs) : c->nt - 1];
	size_t from = c->se[sent].start;
	if (prev && prev->end > from && prev->end < s->os)
		from = prev->end;
	tok_range(c, from, s->os, &t0, &t1);
	for (size_t v = t1; v-- > t0 && v + 10 >= t1;) {
		if (!verb_at(c, v))
			continue;
		size_t b = v;
		while (b > t0 && b + 6 > v && !clause_break(c, b))
			b--;
		if (set_speaker(c, m, nm, b, v, q))
			return;
		break;
	}
	/* a quotation that opens its sentence right after another: the same
	 * speaker */
	size_t lead = c->se[sent].start;
	while (lead < s->os && (c->t[lead] == ' ' || c->t[lead] == '\n'))
		lead++;
	if (prev && prev->sp_end && sent <= prev_sent + 1 && lead == s->os) {
		q->sp_start = prev->sp_start, q->sp_end = prev->sp_end;
		q->pronoun = prev->pronoun;
		q->inherited = 1;
	}
}

/* Quoted words of [cs, ce) without trailing commas and spaces. */
static void trim_content(const char *t, size_t *cs, size_t *ce)
{
	while (*cs < *ce && (t[*cs] == ' ' || t[*cs] == '\n'))
		(*cs)++;
	while (*ce > *cs && (t[*ce - 1] == ' ' || t[*ce - 1] == ',' || t[*ce - 1] == '\n' ||
	                     t[*ce - 1] == ';' || t[*ce - 1] == ':'))
		(*ce)--;
}

wt_status quote_extract(const coll_text *c, const coll_mention *m, size_t nm, coll_quote **out,
                        size_t *n)
{
	*out = NULL, *n = 0;
	span *sp;
	size_t ns;
	if (scan_marks(c, &sp, &ns))
		return WT_ERR_NOMEM;
	coll_quote *q = calloc(ns ? ns : 1, sizeof(*q));
	if (!q) {
		free(sp);
		return WT_ERR_NOMEM;
	}
	size_t nq = 0, prev_sent = 0;
	for (size_t i = 0; i < ns; i++) {
		span s = sp[i];
		size_t cs = s.cs, ce = s.ce;
		trim_content(c->t, &cs, &ce);
		size_t t0, t1;
		tok_range(c, cs, ce, &t0, &t1);
		if (t1 == t0)
			continue;
		wt_buf text;
		buf_init(&text);
		buf_add(&text, c->t + cs, ce - cs);
		size_t words = t1 - t0;
		/* interrupted by its attribution: join the next part */
		size_t first_oe = s.oe, outer_os = s.os;
		while (i + 1 < ns && ends_with(c->t, s.cs, s.ce, ',') && sp[i + 1].os > s.oe &&
		       sp[i + 1].os - s.oe < 80 && !has_terminator(c->t, s.oe, sp[i + 1].os)) {
			size_t v0, v1, verb = 0;
			tok_range(c, s.oe, sp[i + 1].os, &v0, &v1);
			for (size_t v = v0; v < v1; v++)
				verb |= verb_at(c, v);
			if (!verb)
				break;
			size_t ncs = sp[i + 1].cs, nce = sp[i + 1].ce;
			trim_content(c->t, &ncs, &nce);
			buf_adds(&text, " ... ");
			buf_add(&text, c->t + ncs, nce - ncs);
			tok_range(c, ncs, nce, &v0, &v1);
			words += v1 - v0;
			ce = nce;
			s = sp[++i];
		}
		if (!text.p) {
			quotes_free(q, nq);
			free(sp);
			return WT_ERR_NOMEM;
		}
		coll_quote *x = &q[nq];
		memset(x, 0, sizeof(*x));
		x->start = cs;
		x->end = ce;
		x->words = words;
		x->text = buf_detach(&text, NULL);
		/* the speaker: after the first part (the interrupting clause of
		 * a joined quotation names it), else around the whole */
		span att = {cs, ce, outer_os, first_oe};
		attribute(c, m, nm, &att, nq ? &q[nq - 1] : NULL, prev_sent, x);
		if (!x->sp_end && first_oe != s.oe) {
			span whole = {cs, ce, outer_os, s.oe};
			attribute(c, m, nm, &whole, nq ? &q[nq - 1] : NULL, prev_sent, x);
		}
		size_t lt = tok_at(c, ce);
		prev_sent = c->sent_of[lt ? lt - 1 : 0];
		nq++;
	}
	free(sp);
	*out = q, *n = nq;
	return WT_OK;
}

void quotes_free(coll_quote *q, size_t n)
{
	for (size_t i = 0; q && i < n; i++)
		free(q[i].text);
	free(q);
}
