/*
 * lexicon.h - shared English word lists and name folding (lexicon.c).
 * Internal to libwiretrace. Words are given folded (lower case, as in
 * wt_token.norm) unless said otherwise.
 */
#ifndef WT_LEXICON_H
#define WT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* Index of w[0..len) in a sorted list of n words (strcmp order), or -1. */
ptrdiff_t lex_find(const char *const *list, size_t n, const char *w, size_t len);

/* A set of short words (1 to 8 bytes) for lookups on every token: each word
 * is its bytes as a number, hashed into LEX_SET_SLOTS slots (open
 * addressing), where lex_find() compares strings at each step of a binary
 * search. Caller-owned; lex_set_init() takes at most LEX_SET_SLOTS / 2
 * words, longer ones are left out (returns -1 then). */
#define LEX_SET_SLOTS 256
typedef struct lex_set {
	uint64_t key[LEX_SET_SLOTS]; /* 0: empty */
} lex_set;
int lex_set_init(lex_set *s, const char *const *list, size_t n);
int lex_set_has(const lex_set *s, const char *w, size_t len);

/* Key of a folded name across transliterations: doubled letters collapsed,
 * a final y / i / iy / yy dropped (Zelenskiy, Zelensky, Zelenskyy ->
 * "zelensk"). Writes at most cap bytes to out, returns the length. */
size_t lex_name_fold(const char *w, size_t n, char *out, size_t cap);

enum { LEX_NUM_CARDINAL = 1, LEX_NUM_SCALE = 2, LEX_NUM_FRACTION = 3 };
/* Spelled-out number: its kind (0 when w is none) and value in *value
 * ("three" 3 cardinal, "million" 1e6 scale, "quarters" 0.25 fraction). */
int lex_number_word(const char *w, size_t n, double *value);
/* Value of a Roman numeral II..XX given in upper case, else 0. */
int lex_roman(const char *w, size_t n);
/* Unit of a unit word ("years" -> "year", "euros" -> "EUR"), or NULL. */
const char *lex_unit_word(const char *w, size_t n);
/* 1 for a unit of time ("year", "hour", ...). */
int lex_is_duration(const char *unit);
/* Month number of a month name or abbreviation, else 0. */
int lex_month(const char *w, size_t n);

enum { LEX_Q_APPROX = 1, LEX_Q_BOUND = 2 };
/* Qualifier before a number: approximate ("nearly", "about") or a bound
 * ("over", "more than", "up to"), else 0. */
int lex_qualifier(const char *w, size_t n);

/* Concept class of an event noun ("invasion" -> "war", "truce" ->
 * "ceasefire"), or NULL. */
const char *lex_concept(const char *w, size_t n);

/* Country a place name stands for: the name, short form, demonym or
 * capital spelled by the folded words w[0..n) from the first on ("united",
 * "states"; "kyiv"; "american"), the longest that matches (at most four
 * words, *used set to their number); NULL when none. "us" is not listed:
 * only its capitals tell the country from the pronoun. */
const char *lex_place(const char *const *w, const size_t *len, size_t n, size_t *used);

int lex_speech_verb(const char *w, size_t n); /* said, told, added, ... */
int lex_title(const char *w, size_t n);       /* president, minister, ... */
int lex_org_word(const char *w, size_t n);    /* union, institute, ... */
int lex_pronoun(const char *w, size_t n);     /* he, she, they */
/* Words that are capitalised only because they start a sentence. */
int lex_function_word(const char *w, size_t n);
int lex_determiner(const char *w, size_t n); /* a, an, the, another, one */

/* 1 when every table is sorted (for the unit tests). */
int lex_lists_sorted(void);

#endif
