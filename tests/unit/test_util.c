/* test_util.c - status names, agencies, JSON output, body view. */
#include "helpers.h"

#include <criterion/criterion.h>

Test(util, strerror_names_every_status)
{
	for (int s = WT_OK; s <= WT_ERR_UNSUPPORTED; s++)
		cr_assert(strcmp(wt_strerror((wt_status)s), "unknown status") != 0);
	cr_assert_str_eq(wt_strerror((wt_status)999), "unknown status");
	cr_assert_eq(WT_ERR_TOO_LARGE, 5, "status values are never renumbered");
	cr_assert_eq(WT_ERR_UNSUPPORTED, 14);
}

Test(util, agencies)
{
	cr_assert_str_eq(wt_agency_canonical("Associated Press", 16), "AP");
	cr_assert_str_eq(wt_agency_canonical("Agence France-Presse", 20), "AFP");
	cr_assert_null(wt_agency_canonical("ap", 2), "lower-case 'ap' is not an agency");
	cr_assert_null(wt_agency_canonical("Reuter", 6));
}

Test(util, article_json_has_offsets)
{
	wt_article a;
	wt_article_init(&a);
	const char *t = "By Ana Ruiz\nLONDON (Reuters) - Rain fell.\n";
	wt_article_set(&a.id, "j1", (size_t)-1);
	wt_article_set(&a.text, t, (size_t)-1);
	a.text_len = strlen(t);
	wt_article_clean(&a, NULL);
	char *j = wt_article_json(&a, 1);
	cr_assert(strstr(j, "\"body\":\"Rain fell.\""), "%s", j);
	cr_assert(
	    strstr(j, "{\"kind\":\"byline\",\"start\":0,\"end\":11,\"text\":\"By Ana Ruiz\"}"),
	    "%s", j);
	cr_assert(strstr(j, "\"agencies\":[\"Reuters\"]"));
	free(j);
	char *q = wt_json_quote("a\"b\n", (size_t)-1);
	cr_assert_str_eq(q, "\"a\\\"b\\n\"");
	free(q);
	wt_article_release(&a);
	wt_article_release(NULL);
}

Test(util, body_joins_kept_parts)
{
	wt_article a;
	wt_article_init(&a);
	const char *t = "KYIV (AP) — Sirens sounded.\n\n\nPeople sheltered.\nwith AP";
	wt_article_set(&a.text, t, (size_t)-1);
	a.text_len = strlen(t);
	wt_article_clean(&a, NULL);
	size_t n;
	char *b = wt_article_body(&a, &n);
	cr_assert_str_eq(b, "Sirens sounded.\n\nPeople sheltered.");
	cr_assert_eq(n, strlen(b));
	free(b);
	wt_article_release(&a);
}
