/* test_align.c - the passage aligner (exact offsets, edits, symmetry,
 * quotes, removed spans), the sentence similarity and aligner, the classes,
 * and the adversarial inputs of the reuse issue. Texts are made here. */
#include "helpers.h"

#include <criterion/criterion.h>

static void art(wt_article *a, const char *id, const char *text)
{
	wt_article_init(a);
	wt_article_set(&a->id, id, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
}

static const char STORY[] =
    "The harbour board approved a plan to rebuild the old canal locks at Marrow Point on "
    "Tuesday. Engineers said the work would take four years and cost about 120 million. "
    "Board chair Ilse Varga said the gates had been closed since a flood damaged them last "
    "spring. Shipping firms welcomed the decision but warned that barge traffic would stay "
    "limited for months. Tender documents will be published next month.";

Test(align, identical_texts_one_exact_passage)
{
	wt_article a, b;
	art(&a, "a", STORY);
	art(&b, "b", STORY);
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 1);
	const wt_passage *p = &al.passages[0];
	cr_assert_eq(p->a_start, 0);
	cr_assert_eq(p->a_end, strlen(STORY) - 1, "ends at the last token (before the period)");
	cr_assert_eq(p->b_start, 0);
	cr_assert_float_eq(p->identity, 1.0, 1e-12);
	cr_assert_eq(al.a_covered, al.a_tokens);
	double score;
	cr_assert_eq(wt_alignment_classify(&al, &score), WT_REUSE_VERBATIM);
	cr_assert_eq(al.sentences_matched, al.a_sentences);
	wt_alignment_release(&al);
	wt_article_release(&a);
	wt_article_release(&b);
}

Test(align, offsets_point_at_the_shared_text)
{
	char other[2048];
	snprintf(other, sizeof other, "Local news in brief. %s Follow the story online.", STORY);
	/* an edit: four -> five */
	char *four = strstr(other, "four");
	memcpy(four, "five", 4);
	wt_article a, b;
	art(&a, "a", STORY);
	art(&b, "b", other);
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 1, "one passage across the small edit");
	const wt_passage *p = &al.passages[0];
	cr_assert_eq(p->substitutions, 1);
	cr_assert_eq(p->insertions + p->deletions, 0);
	cr_assert(!strncmp(a.text + p->a_start, "The harbour", 11));
	cr_assert(!strncmp(b.text + p->b_start, "The harbour", 11));
	cr_assert(!strncmp(b.text + p->b_end - 5, "month", 5));
	cr_assert_eq(p->b_start, strlen("Local news in brief. "));
	wt_alignment_release(&al);
	/* symmetric: swapping the texts swaps the sides and keeps the scores */
	wt_alignment rev;
	cr_assert_eq(wt_align_articles(&b, &a, NULL, &rev), WT_OK);
	cr_assert_eq(rev.n_passages, 1);
	cr_assert_eq(rev.passages[0].a_start, strlen("Local news in brief. "));
	cr_assert_eq(rev.a_covered, rev.passages[0].a_tokens);
	double s1, s2;
	wt_alignment al2;
	wt_align_articles(&a, &b, NULL, &al2);
	wt_reuse_class c1 = wt_alignment_classify(&al2, &s1), c2 = wt_alignment_classify(&rev, &s2);
	cr_assert_eq(c1, c2);
	cr_assert_float_eq(s1, s2, 1e-12);
	cr_assert_eq(al2.passages[0].matches, rev.passages[0].matches);
	wt_alignment_release(&al2);
	wt_alignment_release(&rev);
	wt_article_release(&a);
	wt_article_release(&b);
}

Test(align, removed_spans_are_skipped)
{
	char text[2048];
	snprintf(text, sizeof text, "%s\nFollow us on social media for more news.", STORY);
	wt_article a, b;
	art(&a, "a", text);
	art(&b, "b", "Follow us on social media for more news. Sign up for our newsletter today.");
	wt_article_clean(&a, NULL);
	cr_assert_gt(a.n_removed, 0);
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 0, "the promo line is not part of the body");
	wt_alignment_release(&al);
	wt_article_release(&a);
	wt_article_release(&b);
}

Test(align, quote_only_overlap)
{
	const char *q = "\"We will rebuild every lock and every gate on this canal before the "
	                "winter floods come back to Marrow Point,\"";
	char x[1024], y[1024];
	snprintf(x, sizeof x,
	         "The mayor spoke to the crowd on Monday. %s she said. Her rivals "
	         "were not convinced by the plan.",
	         q);
	snprintf(y, sizeof y,
	         "Officials gathered by the river at dawn. %s the mayor told "
	         "reporters. The council meets again in June.",
	         q);
	wt_article a, b;
	art(&a, "a", x);
	art(&b, "b", y);
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 1);
	cr_assert(al.passages[0].quote, "both sides quote the speaker");
	cr_assert_eq(al.a_covered, 0);
	cr_assert_gt(al.quote_tokens, 15);
	wt_reuse_class c = wt_alignment_classify(&al, NULL);
	cr_assert_neq(c, WT_REUSE_VERBATIM);
	cr_assert_neq(c, WT_REUSE_EDITED);
	wt_alignment_release(&al);
	wt_article_release(&a);
	wt_article_release(&b);
}

Test(align, sentence_similarity)
{
	const char *s1 = "The harbour board approved a plan to rebuild the canal locks on Tuesday.";
	const char *s2 =
	    "On Tuesday the harbour board backed a plan for rebuilding the canal locks.";
	const char *s3 = "A bakery in Old Quay won the national bread prize for its rye loaf.";
	double same = wt_sentence_similarity(NULL, s1, strlen(s1), s1, strlen(s1));
	double para = wt_sentence_similarity(NULL, s1, strlen(s1), s2, strlen(s2));
	double other = wt_sentence_similarity(NULL, s1, strlen(s1), s3, strlen(s3));
	cr_assert_float_eq(same, 1.0, 1e-9);
	cr_assert_gt(para, 0.5);
	cr_assert_lt(other, 0.1);
	cr_assert_float_eq(para, wt_sentence_similarity(NULL, s2, strlen(s2), s1, strlen(s1)), 1e-9,
	                   "symmetric");
	/* rare words weigh more with term statistics */
	wt_termstats *ts = wt_termstats_create();
	for (int i = 0; i < 20; i++)
		wt_termstats_add(ts, "the board approved a plan on Tuesday", 36);
	wt_termstats_add(ts, s1, strlen(s1));
	const char *s4 = "The board approved a plan on Tuesday for the new school.";
	double plain = wt_sentence_similarity(NULL, s1, strlen(s1), s4, strlen(s4));
	double idf = wt_sentence_similarity(ts, s1, strlen(s1), s4, strlen(s4));
	cr_assert_lt(idf, plain, "common words shared count less");
	wt_termstats_destroy(ts);
	cr_assert_float_eq(wt_sentence_similarity(NULL, "", 0, s1, strlen(s1)), 0.0, 1e-12);
}

/* A rewrite: same facts in the same order, other words. */
Test(align, rewrite_and_independent)
{
	const char *src =
	    "The harbour board approved a plan to rebuild the canal locks at Marrow Point on "
	    "Tuesday. Engineers said the work would take four years and cost 120 million. Board "
	    "chair Ilse Varga said the gates had been closed since the flood of last spring. "
	    "Shipping firms welcomed the decision. Tender documents for the Marrow Point works "
	    "will be published in May.";
	const char *rew =
	    "On Tuesday, Marrow Point's harbour board backed rebuilding its canal locks. The "
	    "project will need four years and 120 million, engineers estimated. Ilse Varga, who "
	    "chairs the board, noted the gates stayed shut after last spring's flood. Shipping "
	    "companies praised the move. Documents for the Marrow Point tender come out in May.";
	const char *ind =
	    "Barge captains at Marrow Point spent another week idle. Ilse Varga has promised "
	    "repairs for years, one skipper complained. A flood last spring left the gates "
	    "jammed. Some firms now send cargo by road. Nobody at the port expects quick change.";
	wt_article a, b, c;
	art(&a, "src", src);
	art(&b, "rew", rew);
	art(&c, "ind", ind);
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	double score;
	cr_assert_eq(wt_alignment_classify(&al, &score), WT_REUSE_REWRITE, "matched %zu of %zu",
	             al.sentences_matched, al.a_sentences);
	cr_assert_geq(score, 0.5);
	wt_alignment_release(&al);
	cr_assert_eq(wt_align_articles(&a, &c, NULL, &al), WT_OK);
	wt_reuse_class k = wt_alignment_classify(&al, &score);
	cr_assert(k == WT_REUSE_INDEPENDENT || k == WT_REUSE_NONE, "got %s",
	          wt_reuse_class_name(k));
	wt_alignment_release(&al);
	wt_article_release(&a);
	wt_article_release(&b);
	wt_article_release(&c);
}

Test(align, adversarial_inputs_bounded)
{
	/* one sentence repeated 2000 times against itself and the story */
	size_t n = 2000, l = strlen("The gates are closed again today. ");
	char *rep = malloc(n * l + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(rep + i * l, "The gates are closed again today. ", l);
	rep[n * l] = 0;
	wt_article a, b, e, w;
	art(&a, "rep", rep);
	art(&b, "story", STORY);
	art(&e, "empty", "");
	art(&w, "word", "Harbour");
	wt_alignment al;
	cr_assert_eq(wt_align_articles(&a, &a, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 0, "repeated n-grams are not anchors");
	wt_alignment_release(&al);
	cr_assert_eq(wt_align_articles(&a, &b, NULL, &al), WT_OK);
	wt_alignment_release(&al);
	cr_assert_eq(wt_align_articles(&e, &b, NULL, &al), WT_OK);
	cr_assert_eq(wt_alignment_classify(&al, NULL), WT_REUSE_NONE);
	wt_alignment_release(&al);
	cr_assert_eq(wt_align_articles(&w, &w, NULL, &al), WT_OK);
	cr_assert_eq(al.n_passages, 0, "one word is no passage");
	wt_alignment_release(&al);
	wt_article_release(&a);
	wt_article_release(&b);
	wt_article_release(&e);
	wt_article_release(&w);
	free(rep);
	cr_assert_str_eq(wt_reuse_class_name(WT_REUSE_EDITED), "edited");
}
