/* test_text.c - tokens, number normalization, sentence splitting, folding. */
#include "helpers.h"
#include "internal.h"

#include <criterion/criterion.h>
#include <xxhash.h>

static wt_doc *doc;
static void setup(void)
{
	doc = wt_doc_create();
}
static void teardown(void)
{
	wt_doc_destroy(doc);
}

TestSuite(text, .init = setup, .fini = teardown);

static const wt_token *toks(const char *s, size_t *n)
{
	cr_assert_eq(wt_doc_analyze(doc, s, strlen(s)), WT_OK);
	return wt_doc_tokens(doc, n);
}

static int norm_is(const wt_token *t, const char *s)
{
	return t->norm_len == strlen(s) && memcmp(t->norm, s, t->norm_len) == 0;
}

Test(text, tokens_carry_offsets_into_original)
{
	const char *s = "Zelenskiy’s “offer”, said U.S. envoys.";
	size_t n;
	const wt_token *t = toks(s, &n);
	cr_assert_eq(n, 5);
	cr_assert(norm_is(&t[0], "zelenskiy's"), "apostrophe folded: %.*s", (int)t[0].norm_len,
	          t[0].norm);
	cr_assert_eq(t[0].start, 0);
	cr_assert_eq(t[0].end, strlen("Zelenskiy’s"));
	cr_assert(norm_is(&t[3], "us"));
	cr_assert_eq(memcmp(s + t[3].start, "U.S.", 4), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert(t[i].end > t[i].start && t[i].end <= strlen(s));
}

Test(text, percent_forms_compare_equal)
{
	const char *forms[] = {"agreement on 90% of issues", "agreement on 90 percent of issues",
	                       "agreement on 90 per cent of issues", "agreement on 90 % of issues"};
	for (size_t f = 0; f < 4; f++) {
		size_t n;
		const wt_token *t = toks(forms[f], &n);
		cr_assert_eq(n, 5, "form %zu gives %zu tokens", f, n);
		cr_assert(norm_is(&t[2], "90%"), "form %zu: %.*s", f, (int)t[2].norm_len,
		          t[2].norm);
		cr_assert(t[2].flags & WT_TOK_PERCENT);
	}
}

Test(text, numbers_with_separators)
{
	size_t n;
	const wt_token *t = toks("It cost $1,250.50 in 2022.", &n);
	cr_assert_eq(n, 5);
	cr_assert(norm_is(&t[2], "1250.50"));
	cr_assert(t[2].flags & WT_TOK_NUMBER);
	cr_assert(norm_is(&t[4], "2022"));
}

Test(text, case_and_compatibility_folding)
{
	size_t n;
	const wt_token *t = toks("STRASSE Straße ﬁnance Ünïcode", &n);
	cr_assert_eq(n, 4);
	cr_assert(norm_is(&t[0], "strasse"));
	cr_assert(norm_is(&t[1], "strasse"), "ß folds: %.*s", (int)t[1].norm_len, t[1].norm);
	cr_assert(norm_is(&t[2], "finance"));
	cr_assert(norm_is(&t[3], "ünïcode"));
}

Test(text, cjk_characters_are_tokens)
{
	size_t n;
	const wt_token *t = toks("北京会谈 Berlin", &n);
	cr_assert_eq(n, 5);
	cr_assert_eq(t[0].end - t[0].start, 3);
	cr_assert(norm_is(&t[4], "berlin"));
}

static size_t sentences(const char *s, const wt_sentence **out)
{
	cr_assert_eq(wt_doc_analyze(doc, s, strlen(s)), WT_OK);
	size_t n;
	*out = wt_doc_sentences(doc, &n);
	return n;
}

Test(text, sentences_survive_abbreviations_and_initials)
{
	const wt_sentence *v;
	const char *s = "Mr. Smith met U.S. envoys on Dec. 2 in Washington. They talked.";
	cr_assert_eq(sentences(s, &v), 2);
	cr_assert_eq(v[0].start, 0);
	cr_assert_eq(memcmp(s + v[0].end - 11, "Washington.", 11), 0);
	cr_assert_eq(memcmp(s + v[1].start, "They", 4), 0);
}

Test(text, sentences_keep_quotes_and_ellipses)
{
	const wt_sentence *v;
	const char *s = "“I had the feeling… that everyone agreed,” Tusk said. “It is real.” But "
	                "he was careful.";
	size_t n = sentences(s, &v);
	cr_assert_eq(n, 3, "got %zu sentences", n);
	cr_assert_eq(v[0].start, 0);
	cr_assert_eq(memcmp(s + v[1].start, "“It", 4), 0);
	cr_assert_eq(memcmp(s + v[1].end - 4, ".”", 4), 0, "closing quote included");
	cr_assert_eq(memcmp(s + v[2].start, "But", 3), 0);
}

Test(text, newlines_end_sentences)
{
	const wt_sentence *v;
	const char *s = "UKRAINE UNDER PRESSURE\nZelenskiy has been holding talks";
	cr_assert_eq(sentences(s, &v), 2);
	cr_assert_eq(v[0].end, strlen("UKRAINE UNDER PRESSURE"));
}

Test(text, fold_collapses_quotes_and_space)
{
	size_t n;
	const char *in = "  “Frankly  speaking”\n— WE ";
	char *f = wt_text_fold(in, strlen(in), &n);
	cr_assert_str_eq(f, "\"frankly speaking\" - we");
	free(f);
}

/* The fold of the quotes it handles itself (not utf8proc), byte sequences
 * cut short, and white space runs at both ends. */
Test(text, fold_of_ascii_edges)
{
	static const struct {
		const char *in, *out;
	} cases[] = {{"\t\r\n\v\f x \n", "x"},
	             {"A\xE2\x80\x9E\xE2\x80\x9FZ", "a\"\"z"},
	             {"\xC2\xABoui\xC2\xBB", "\"oui\""},
	             {"No-Break\xC2\xA0Space", "no-break space"},
	             {"", ""},
	             {"   ", ""}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n;
		char *f = wt_text_fold(cases[i].in, strlen(cases[i].in), &n);
		cr_assert_str_eq(f, cases[i].out, "case %zu", i);
		cr_assert_eq(n, strlen(cases[i].out));
		free(f);
	}
}

/* A paragraph's hash is the hash of its fold, whether the fold goes through
 * utf8proc or not and whatever its length (short ASCII paragraphs are
 * folded on the stack). */
Test(text, fold_hash_is_the_hash_of_the_fold)
{
	static const char *const bits[] = {
	    " ",        "\t",       "\n\n",     "Word", "word", "WORD", "\xE2\x80\x9C",
	    "\xC2\xBB", "\xC3\xA9", "\xE2\x80", "\xC2", "\xFF", "42%"};
	char text[2100];
	srand(11);
	for (int it = 0; it < 4000; it++) {
		size_t len = 0, want = (size_t)rand() % 2000;
		int ascii = it % 2;
		while (len < want) {
			const char *b = bits[rand() % (ascii ? 6 : 13)];
			size_t bl = strlen(b);
			memcpy(text + len, b, bl);
			len += bl;
		}
		size_t fl = 0;
		char *f = wt_text_fold(text, len, &fl);
		cr_assert_not_null(f);
		cr_assert_eq(text_fold_hash(text, len), XXH3_64bits(f, fl), "iteration %d", it);
		free(f);
	}
}

Test(text, utf8_repair_counts)
{
	size_t n, fixes;
	char *r = wt_utf8_repair("ok\xff\xfe then\xc3", 10, &n, &fixes);
	cr_assert_eq(fixes, 3);
	cr_assert_str_eq(r, "ok\xEF\xBF\xBD\xEF\xBF\xBD then\xEF\xBF\xBD");
	free(r);
}

Test(text, empty_and_punctuation_only)
{
	size_t n;
	toks("", &n);
	cr_assert_eq(n, 0);
	toks("... -- !!", &n);
	cr_assert_eq(n, 0);
	const wt_sentence *v;
	cr_assert_eq(sentences("...", &v), 0);
}

Test(text, tokenize_gives_the_tokens_of_analyze_and_no_sentences)
{
	const char *s = "Mr. Li told AFP: \"It's 90 per cent done.\" U.S. talks end\xe2\x80\xa6 "
	                "Caf\xc3\xa9 na\xc3\xafve 3,500.5 \xe4\xb8\xad\xe6\x96\x87 r\xc3\xa9sum\xc3\xa9";
	wt_doc *a = wt_doc_create(), *b = wt_doc_create();
	cr_assert_eq(wt_doc_analyze(a, s, strlen(s)), WT_OK);
	cr_assert_eq(text_tokenize(b, s, strlen(s)), WT_OK);
	size_t na, nb, ns;
	const wt_token *ta = wt_doc_tokens(a, &na), *tb = wt_doc_tokens(b, &nb);
	cr_assert_eq(na, nb);
	cr_assert_gt(na, 15);
	for (size_t i = 0; i < na; i++) {
		cr_assert_eq(ta[i].start, tb[i].start);
		cr_assert_eq(ta[i].end, tb[i].end);
		cr_assert_eq(ta[i].flags, tb[i].flags);
		cr_assert_eq(ta[i].norm_len, tb[i].norm_len);
		cr_assert_eq(memcmp(ta[i].norm, tb[i].norm, ta[i].norm_len), 0);
	}
	wt_doc_sentences(a, &ns);
	cr_assert_geq(ns, 2);
	wt_doc_sentences(b, &ns);
	cr_assert_eq(ns, 0);
	wt_doc_destroy(a);
	wt_doc_destroy(b);
}
