/*
 * collate.h - what the collation stage extracts from one article before it
 * lines up a story's articles (internal to libwiretrace):
 *  - entity.c: name mentions (capitalised sequences) and their alias keys;
 *  - quote.c: direct quotations and their speakers;
 *  - number.c: numeric facts, normalized.
 * Every span is a byte range of the article's original text, inside its
 * body (removed spans such as bylines and credit lines are skipped).
 */
#ifndef WT_COLLATE_H
#define WT_COLLATE_H

#include "internal.h"

/* A body view of an article: its tokens and sentences (wt_doc, borrowed)
 * with a flag per token that is inside a removed span. */
typedef struct coll_text {
	const wt_article *a;
	const char *t; /* a->text */
	size_t len;
	const wt_token *tk;
	size_t nt;
	const wt_sentence *se;
	size_t ns;
	unsigned char *removed; /* per token: 1 when outside the body */
	size_t *sent_of;        /* per token: its sentence */
} coll_text;

wt_status coll_text_init(coll_text *c, const wt_article *a, wt_doc *d);
void coll_text_release(coll_text *c);

/* ---------------------------------------------------------------- entities */

enum {
	MENTION_INITIAL = 1u,
	MENTION_ACRONYM = 2u,
	MENTION_TITLED = 4u,
	MENTION_SPEAKER = 8u,
	MENTION_PLACE = 16u,
	MENTION_ORG = 32u
};

typedef struct coll_mention {
	size_t start, end; /* span of the name (titles excluded) */
	size_t tok;        /* its first token */
	size_t ntok;       /* name tokens */
	char *surface;     /* the name as written, possessive 's dropped */
	char *key;         /* alias key: folded tokens, numbers as digits */
	char *last;        /* key of its last token */
	char *initials;    /* initials of its tokens (multiword names), or NULL */
	unsigned flags;
} coll_mention;

wt_status entity_mentions(const coll_text *c, coll_mention **out, size_t *n);
void entity_mentions_free(coll_mention *m, size_t n);

/* ------------------------------------------------------------------ quotes */

typedef struct coll_quote {
	size_t start, end;       /* from the first quoted word to the last */
	char *text;              /* quoted words; parts joined by " ... " */
	size_t sp_start, sp_end; /* speaker as written (sp_end 0: none) */
	int pronoun;             /* the speaker is a pronoun */
	int inherited;           /* speaker taken from the previous quote */
	size_t words;
} coll_quote;

/* Quotes of an article in text order; speakers are attributed (a pronoun
 * is resolved to the last person mentioned before it, from `m`). */
wt_status quote_extract(const coll_text *c, const coll_mention *m, size_t nm, coll_quote **out,
                        size_t *n);
void quotes_free(coll_quote *q, size_t n);

/* ----------------------------------------------------------------- numbers */

typedef struct coll_number {
	size_t start, end;
	double value;        /* normalized: percent 90, money in units, year 2022 */
	const char *unit;    /* "percent", "USD", "year" (duration), "date", ... */
	const char *kind;    /* "percent", "money", "duration", "date", "count" */
	int qualifier;       /* LEX_Q_APPROX, LEX_Q_BOUND or 0 */
	char *head;          /* the noun it counts or qualifies, or NULL */
	const char *concept; /* concept class of a nearby event noun, or NULL */
	uint64_t *ctx;       /* sorted hashes of content words around it */
	size_t nctx;
	char *display; /* normalized text: "90%", "3 years", "USD 5 billion" */
} coll_number;

wt_status number_extract(const coll_text *c, coll_number **out, size_t *n);
void numbers_free(coll_number *x, size_t n);

#endif
