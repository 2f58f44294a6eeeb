/* test_clean.c - bylines, datelines, credits, promos, headers, titles on
 * our own fixtures and on the mission's seed articles (read from
 * ../shared/seeds). */
#include "helpers.h"

#include <criterion/criterion.h>

static void clean_text(const char *text, wt_article *a)
{
	wt_article_init(a);
	cr_assert_eq(wt_article_set(&a->text, text, (size_t)-1), WT_OK);
	a->text_len = strlen(text);
	cr_assert_eq(wt_article_clean(a, NULL), WT_OK);
}

Test(clean, byline_and_dateline)
{
	wt_article a;
	clean_text("By Ana Ruiz, Bo Li and Cy Dee\nPARIS, March 3 (AFP) - The minister resigned "
	           "on Tuesday.\nShe gave no reason.\n",
	           &a);
	cr_assert_eq(a.n_authors, 3);
	cr_assert_str_eq(a.authors[0], "Ana Ruiz");
	cr_assert_str_eq(a.authors[2], "Cy Dee");
	cr_assert_str_eq(a.dateline_place, "PARIS");
	cr_assert_str_eq(a.dateline_date, "March 3");
	cr_assert(has_agency(&a, "AFP"));
	cr_assert(has_removed(&a, WT_RM_DATELINE, "PARIS, March 3 (AFP) - "));
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	cr_assert_str_eq(body, "The minister resigned on Tuesday.\n\nShe gave no reason.");
	free(body);
	wt_article_release(&a);
}

Test(clean, dateline_without_agency_needs_a_dash)
{
	wt_article a;
	clean_text("WASHINGTON — Lawmakers met.\n", &a);
	cr_assert_str_eq(a.dateline_place, "WASHINGTON");
	wt_article_release(&a);
	clean_text("NATO LEADERS MEET IN BRUSSELS\nLawmakers met.\n", &a);
	cr_assert_null(a.dateline_place);
	wt_article_release(&a);
}

Test(clean, credit_lines_and_disclaimers)
{
	wt_article a;
	clean_text("Talks resumed.\n(Reporting by Jo Bo; Editing by Al Cy)\nwith AP\nReuters\n"
	           "Disclaimer: This report is auto generated from a wire service.\n",
	           &a);
	cr_assert(has_removed(&a, WT_RM_CREDIT, "(Reporting by Jo Bo; Editing by Al Cy)"));
	cr_assert(has_removed(&a, WT_RM_CREDIT, "with AP"));
	cr_assert(has_removed(&a, WT_RM_CREDIT, "Reuters"));
	cr_assert_eq(a.n_removed, 4);
	cr_assert(has_agency(&a, "AP") && has_agency(&a, "Reuters"));
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	cr_assert_str_eq(body, "Talks resumed.");
	free(body);
	wt_article_release(&a);
}

Test(clean, inline_credits_keep_the_text)
{
	wt_article a;
	clean_text("An official told AFP that talks failed. Later (Reuters) confirmed.\n", &a);
	cr_assert(has_agency(&a, "AFP") && has_agency(&a, "Reuters"));
	cr_assert_eq(a.n_removed, 0);
	wt_article_release(&a);
}

/* The scan reads eight bytes at a time: a mention is found at any offset,
 * across the eight-byte boundaries and in the last bytes, and only where
 * its verb starts a word. */
Test(clean, inline_credits_at_every_offset)
{
	const char *mentions[] = {"told AFP", "(Reuters)", "according to the AP",
	                          "speaking to Xinhua", "quoted by Kyodo"};
	for (size_t m = 0; m < sizeof mentions / sizeof *mentions; m++)
		for (int pad = 0; pad < 20; pad++) {
			char text[128];
			snprintf(text, sizeof text, "%.*s%s", pad, "ministers met. ministers",
			         mentions[m]);
			wt_article a;
			clean_text(text, &a);
			/* after a letter ("...ministerstold AFP") it is not a verb */
			int word_start = pad == 0 || mentions[m][0] == '(' ||
			                 text[pad - 1] == ' ' || text[pad - 1] == '.';
			cr_assert_eq(a.n_agencies, (size_t)word_start, "%s: %zu agencies", text,
			             a.n_agencies);
			wt_article_release(&a);
		}
	wt_article a;
	clean_text("Aides foretold Reuters staff. \xc3\xa9told AFP, then (AP) and (Xinhua", &a);
	/* after é (not an ASCII letter) and (AP); not after a letter, not unclosed */
	cr_assert_eq(a.n_agencies, 2);
	cr_assert(has_agency(&a, "AFP") && has_agency(&a, "AP"));
	wt_article_release(&a);
}

Test(clean, promotional_lines)
{
	wt_article a;
	clean_text("Story starts.\nFollow us on Twitter for more\nAdd Daily Bugle as a Preferred "
	           "Source\nSign up for our newsletter\nRead more: other news\nStory ends.\n",
	           &a);
	cr_assert_eq(a.n_removed, 4);
	for (size_t i = 0; i < a.n_removed; i++)
		cr_assert_eq(a.removed[i].kind, WT_RM_PROMO);
	wt_article_release(&a);
}

Test(clean, header_lines_become_metadata)
{
	wt_article a;
	clean_text(" date 2024-03-05 Prices rose again.\n", &a);
	cr_assert_str_eq(a.published, "2024-03-05");
	cr_assert(has_removed(&a, WT_RM_HEADER, "date 2024-03-05"));
	wt_article_release(&a);
	clean_text("Published: Mar 5, 2024\nPrices rose.\n", &a);
	cr_assert_str_eq(a.published, "2024-03-05");
	wt_article_release(&a);
}

Test(clean, headline_first_line)
{
	wt_article a;
	clean_text("Flood waters recede in the north\nResidents returned home on Sunday after "
	           "the river fell.\n",
	           &a);
	cr_assert_str_eq(a.title, "Flood waters recede in the north");
	wt_article_release(&a);
	/* a first sentence is not a headline */
	clean_text("Residents returned home on Sunday.\nThe river fell.\n", &a);
	cr_assert_null(a.title);
	wt_article_release(&a);
}

Test(clean, idempotent)
{
	wt_article a;
	clean_text("By Ana Ruiz\nLONDON (Reuters) - Text here.\nwith AP\n", &a);
	size_t n1 = a.n_removed, au = a.n_authors, ag = a.n_agencies;
	cr_assert_eq(wt_article_clean(&a, NULL), WT_OK);
	cr_assert_eq(a.n_removed, n1);
	cr_assert_eq(a.n_authors, au);
	cr_assert_eq(a.n_agencies, ag);
	wt_article_release(&a);
}

/* The mission's seeds: read from ../shared, never copied. */
static void seed(const char *name, wt_article *a)
{
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/%s", shared_dir(), name);
	wt_article_init(a);
	cr_assert_eq(read_one(path, a), WT_OK, "cannot read %s", path);
	cr_assert_eq(wt_article_clean(a, NULL), WT_OK);
}

Test(seeds, reuters_000)
{
	wt_article a;
	seed("000_774807fb486eb58d.txt", &a);
	cr_assert_str_eq(a.id, "000_774807fb486eb58d");
	cr_assert(has_agency(&a, "Reuters"));
	cr_assert_str_eq(a.dateline_place, "BERLIN/WASHINGTON");
	cr_assert_str_eq(a.dateline_date, "Dec 15");
	cr_assert_eq(a.n_authors, 3);
	cr_assert_str_eq(a.authors[1], "Tom Balmforth");
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	cr_assert_null(strstr(body, "Disclaimer"));
	cr_assert_null(strstr(body, "Reporting by"));
	cr_assert_null(strstr(body, "(Reuters)"));
	cr_assert(strncmp(body, "The United States has offered", 29) == 0);
	free(body);
	int credit = 0, disclaimer = 0;
	for (size_t i = 0; i < a.n_removed; i++) {
		credit |= a.removed[i].kind == WT_RM_CREDIT &&
		          !strncmp(a.text + a.removed[i].start, "(Reporting by", 13);
		disclaimer |= a.removed[i].kind == WT_RM_DISCLAIMER;
	}
	cr_assert(credit && disclaimer);
	wt_article_release(&a);
}

Test(seeds, rewrite_001_promo)
{
	wt_article a;
	seed("001_0fc04643aac4a0d3.txt", &a);
	int promo = 0;
	for (size_t i = 0; i < a.n_removed; i++)
		promo |= a.removed[i].kind == WT_RM_PROMO;
	cr_assert(promo);
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	cr_assert_null(strstr(body, "Preferred Source"));
	free(body);
	wt_article_release(&a);
}

Test(seeds, syndicated_002)
{
	wt_article a;
	seed("002_dbc004dc27f2c623.txt", &a);
	cr_assert_str_eq(a.published, "2025-12-16");
	size_t bl;
	char *body = wt_article_body(&a, &bl);
	cr_assert_null(strstr(body, "syndicated feed"));
	cr_assert(strncmp(body, "US negotiators offered", 22) == 0);
	free(body);
	wt_article_release(&a);
}

Test(seeds, reuters_ap_003)
{
	wt_article a;
	seed("003_cda9cea381808da0.txt", &a);
	cr_assert(has_agency(&a, "Reuters") && has_agency(&a, "AP"));
	cr_assert_eq(a.n_authors, 3);
	cr_assert_str_eq(a.title, "US offers Ukraine security guarantees, issues remain");
	wt_article_release(&a);
}

Test(seeds, afp_004)
{
	wt_article a;
	seed("004_2e9bb136de680ed6.txt", &a);
	cr_assert(has_agency(&a, "AFP"));
	cr_assert_eq(a.n_agencies, 1);
	wt_article_release(&a);
}
