/*
 * number.c - numeric facts of one article, normalized so that the same
 * fact written differently compares equal across articles.
 *
 * Forms: digits with separators (1,200; 3.5), percentages in any spelling
 * (90%, 90 percent, 90 per cent: one token from text.c), spelled-out
 * numbers (three, twenty-five), fractions (three-quarters -> 75%, half
 * of -> 50%), scales (5 million, $2.5 billion, 90 bn), currencies ($, €, £,
 * "dollars", "euros"), durations (five hours, a three-year war), dates
 * (February 2022, Dec. 2, 15 December, a bare year 1900-2100).
 *
 * Each fact keeps its qualifier (nearly, about: approximate; more than, up
 * to: a bound), the noun it counts ("90% of the issues" -> "issues"), the
 * concept class of a nearby event noun ("three-year war", "four years of
 * defense against the invasion" -> "war", see lexicon.c), and the content
 * words around it, which collate.c uses to tell one fact told twice from
 * two facts, and a disagreement from two different quantities.
 */
#include "collate.h"
#include "lexicon.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static int word_is(const wt_token *t, const char *w)
{
	size_t n = strlen(w);
	return t->norm_len == n && !memcmp(t->norm, w, n);
}

/* Tokens i and i + 1 joined by a hyphen ("three-year"). */
static int hyphened(const coll_text *c, size_t i)
{
	return i + 1 < c->nt && c->tk[i + 1].start == c->tk[i].end + 1 && c->t[c->tk[i].end] == '-';
}

static int near(const coll_text *c, size_t i)
{
	return i + 1 < c->nt && c->sent_of[i + 1] == c->sent_of[i] && !c->removed[i + 1] &&
	       c->tk[i + 1].start - c->tk[i].end <= 2;
}

static int is_content(const wt_token *t)
{
	return (t->flags & WT_TOK_WORD) && t->norm_len > 2 &&
	       !lex_function_word(t->norm, t->norm_len) && !lex_speech_verb(t->norm, t->norm_len) &&
	       !lex_qualifier(t->norm, t->norm_len);
}

static const char *currency_before(const coll_text *c, size_t pos)
{
	if (pos >= 1 && c->t[pos - 1] == '$')
		return "USD";
	if (pos >= 3 && !memcmp(c->t + pos - 3, "\xE2\x82\xAC", 3))
		return "EUR";
	if (pos >= 2 && !memcmp(c->t + pos - 2, "\xC2\xA3", 2))
		return "GBP";
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

typedef struct found {
	size_t i0, i1; /* tokens of the number and its unit */
	double value;
	const char *unit, *kind;
	int adjectival; /* "three-year war": the unit qualifies the next noun */
} found;

/* Reads a number at token i (digits or words); 0 when none. */
static int read_number(const coll_text *c, size_t i, found *f)
{
	const wt_token *t = &c->tk[i];
	memset(f, 0, sizeof(*f));
	f->i0 = i, f->i1 = i + 1;
	double v;
	if (t->flags & WT_TOK_PERCENT) {
		f->value = strtod(t->norm, NULL);
		f->unit = f->kind = "percent";
		return 1;
	}
	if (t->flags & WT_TOK_NUMBER) {
		f->value = strtod(t->norm, NULL);
		f->unit = "count", f->kind = "count";
		const char *cur = currency_before(c, t->start);
		if (cur)
			f->unit = cur, f->kind = "money";
		return 1;
	}
	int k = lex_number_word(t->norm, t->norm_len, &v);
	if (k != LEX_NUM_CARDINAL)
		return 0;
	f->value = v;
	f->unit = "count", f->kind = "count";
	/* twenty-five */
	double u;
	if (hyphened(c, i) && v >= 20 &&
	    lex_number_word(c->tk[i + 1].norm, c->tk[i + 1].norm_len, &u) == LEX_NUM_CARDINAL &&
	    u < 10) {
		f->value += u;
		f->i1++;
	}
	/* three-quarters, two thirds */
	size_t j = f->i1;
	if (j < c->nt && near(c, j - 1) &&
	    lex_number_word(c->tk[j].norm, c->tk[j].norm_len, &u) == LEX_NUM_FRACTION &&
	    !word_is(&c->tk[j], "half")) {
		f->value = round(f->value * u * 1000) / 10;
		f->unit = f->kind = "percent";
		f->i1 = j + 1;
	}
	return 1;
}

wt_status number_extract(const coll_text *c, coll_number **out, size_t *n)
{
	*out = NULL, *n = 0;
	size_t cap = 0, nn = 0;
	coll_number *v = NULL;
	for (size_t i = 0; i < c->nt; i++) {
		if (c->removed[i])
			continue;
		const wt_token *t = &c->tk[i];
		found f;
		if (!read_number(c, i, &f)) {
			/* "half of the country" */
			if (word_is(t, "half") && i + 1 < c->nt && word_is(&c->tk[i + 1], "of") &&
			    (i == 0 || !word_is(&c->tk[i - 1], "and"))) {
				memset(&f, 0, sizeof(f));
				f.i0 = i, f.i1 = i + 1, f.value = 50;
				f.unit = f.kind = "percent";
			} else {
				continue;
			}
		}
		/* a number in a name: Article 5, World War Two */
		if (!strcmp(f.kind, "count") && f.value < 100 && i > 0 && c->tk[i].start > 0 &&
		    c->t[c->tk[i].start - 1] == ' ' && c->tk[i - 1].end + 1 == c->tk[i].start &&
		    (c->tk[i - 1].flags & WT_TOK_WORD) &&
		    !lex_month(c->tk[i - 1].norm, c->tk[i - 1].norm_len)) {
			int32_t cp;
			utf8_decode((const unsigned char *)c->t + c->tk[i - 1].start,
			            c->len - c->tk[i - 1].start, &cp);
			if (cp >= 'A' && cp <= 'Z' && c->sent_of[i - 1] == c->sent_of[i] &&
			    c->se[c->sent_of[i]].tok_begin != i - 1)
				continue;
		}
		size_t j = f.i1;
		double sc;
		/* scale: 5 million, 2.5 bn */
		if (j < c->nt && near(c, j - 1) &&
		    lex_number_word(c->tk[j].norm, c->tk[j].norm_len, &sc) == LEX_NUM_SCALE &&
		    strcmp(f.kind, "percent")) {
			f.value *= sc;
			j = ++f.i1;
		}
		/* unit word: five hours, three-year, 20 dollars */
		const char *unit = j < c->nt && near(c, j - 1)
		                       ? lex_unit_word(c->tk[j].norm, c->tk[j].norm_len)
		                       : NULL;
		if (unit && strcmp(f.kind, "percent")) {
			f.adjectival = hyphened(c, j - 1);
			f.unit = unit;
			f.kind = lex_is_duration(unit) ? "duration"
			         : strlen(unit) == 3 && unit[0] >= 'A' && unit[0] <= 'Z'
			             ? "money"
			             : "measure";
			j = ++f.i1;
		}
		/* dates: month before or after, or a bare year */
		int month = 0;
		if (!strcmp(f.kind, "count") && (t->flags & WT_TOK_NUMBER)) {
			/* with a month, a whole number is a day (1-31) or a year
			 * (four digits) */
			int whole = f.value == floor(f.value);
			int day = whole && f.value >= 1 && f.value <= 31;
			int year = whole && f.value >= 1000 && f.value <= 2999 && t->norm_len == 4;
			if (i > 0 && (day || year) &&
			    (month = lex_month(c->tk[i - 1].norm, c->tk[i - 1].norm_len)) &&
			    c->sent_of[i - 1] == c->sent_of[i]) {
				f.i0 = i - 1;
			} else if (j < c->nt && day && near(c, j - 1) &&
			           (month = lex_month(c->tk[j].norm, c->tk[j].norm_len))) {
				j = ++f.i1;
			} else {
				month = 0;
			}
			if (month) {
				f.kind = f.unit = "date";
				if (year) /* February 2022 */
					f.value = f.value * 100 + month;
				else /* Dec 2, 15 December */
					f.value = month * 100 + f.value;
			} else if (f.value >= 1900 && f.value <= 2100 &&
			           f.value == floor(f.value) && t->norm_len == 4) {
				f.kind = f.unit = "date";
			}
		}
		/* a lone "one" is a pronoun ("one official said") */
		if (!strcmp(f.kind, "count") && !(t->flags & WT_TOK_NUMBER) && f.value == 1)
			continue;
		if (!strcmp(f.kind, "date") && month == 0 && f.value < 1900)
			continue;
		if (cap == nn) {
			size_t nc = cap ? cap * 2 : 16;
			coll_number *p = realloc(v, nc * sizeof(*p));
			if (!p) {
				numbers_free(v, nn);
				return WT_ERR_NOMEM;
			}
			v = p, cap = nc;
		}
		coll_number *x = &v[nn];
		memset(x, 0, sizeof(*x));
		x->start = c->tk[f.i0].start;
		x->end = c->tk[f.i1 - 1].end;
		if (!strcmp(f.kind, "money") && x->start > 0 && currency_before(c, x->start))
			x->start -=
			    c->t[x->start - 1] == '$' ? 1 : (c->t[x->start - 1] == '\xAC' ? 3 : 2);
		x->value = f.value;
		x->unit = f.unit;
		x->kind = f.kind;
		/* qualifier: nearly, about; more than, at least, up to */
		size_t q = f.i0;
		if (q > 0 && c->sent_of[q - 1] == c->sent_of[q])
			x->qualifier = lex_qualifier(c->tk[q - 1].norm, c->tk[q - 1].norm_len);
		size_t s = c->sent_of[i];
		size_t sb = c->se[s].tok_begin, se = c->se[s].tok_end;
		/* head noun: the first content word after it (past "of the") */
		for (size_t k = f.i1; k < se && k < f.i1 + 4; k++)
			if (is_content(&c->tk[k]) &&
			    !lex_unit_word(c->tk[k].norm, c->tk[k].norm_len)) {
				x->head = wt_strndup(c->tk[k].norm, c->tk[k].norm_len);
				break;
			}
		/* concept of a nearby event noun */
		for (size_t k = f.i1; k < se && k < f.i1 + 6 && !x->concept; k++)
		x->concept = lex_concept(c->tk[k].norm, c->tk[k].norm_len);
		for (size_t k = f.i0; k-- > sb && k + 3 >= f.i0 && !x->concept;)
		x->concept = lex_concept(c->tk[k].norm, c->tk[k].norm_len);
		/* context words */
		size_t lo = f.i0 > sb + 8 ? f.i0 - 8 : sb, hi = f.i1 + 8 < se ? f.i1 + 8 : se;
		x->ctx = malloc((hi - lo + 1) * sizeof(*x->ctx));
		char disp[96];
		const char *u = x->unit;
		if (!strcmp(x->kind, "percent"))
			snprintf(disp, sizeof disp, "%g%%", x->value);
		else if (!strcmp(x->kind, "date") && x->value >= 100000)
			snprintf(disp, sizeof disp, "%04d-%02d", (int)x->value / 100,
			         (int)x->value % 100);
		else if (!strcmp(x->kind, "date") && x->value < 1300)
			snprintf(disp, sizeof disp, "--%02d-%02d", (int)x->value / 100,
			         (int)x->value % 100);
		else if (!strcmp(x->kind, "date"))
			snprintf(disp, sizeof disp, "%d", (int)x->value);
		else if (!strcmp(x->kind, "count"))
			snprintf(disp, sizeof disp, "%g", x->value);
		else if (!strcmp(x->kind, "money"))
			snprintf(disp, sizeof disp, "%s %g", u, x->value);
		else
			snprintf(disp, sizeof disp, "%g %s%s", x->value, u,
			         x->value == 1 ? "" : "s");
		x->display = wt_strndup(disp, strlen(disp));
		if (!x->ctx || !x->display) {
			numbers_free(v, nn + 1);
			return WT_ERR_NOMEM;
		}
		for (size_t k = lo; k < hi; k++)
			if ((k < f.i0 || k >= f.i1) && is_content(&c->tk[k]))
				x->ctx[x->nctx++] = XXH3_64bits(c->tk[k].norm, c->tk[k].norm_len);
		if (x->nctx)
			qsort(x->ctx, x->nctx, sizeof(*x->ctx), cmp_u64);
		size_t m = 0;
		for (size_t k = 0; k < x->nctx; k++)
			if (!m || x->ctx[m - 1] != x->ctx[k])
				x->ctx[m++] = x->ctx[k];
		x->nctx = m;
		nn++;
		i = f.i1 - 1;
	}
	*out = v, *n = nn;
	return WT_OK;
}

void numbers_free(coll_number *x, size_t n)
{
	for (size_t i = 0; x && i < n; i++)
		free(x[i].head), free(x[i].ctx), free(x[i].display);
	free(x);
}
