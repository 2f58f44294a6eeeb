/* test_util.c - status names, agencies, JSON output, body view, phrase search. */
#include "helpers.h"
#include "internal.h"

#include <criterion/criterion.h>
#include <unistd.h>

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

static int naive_in(const phrase *v, size_t nv, const char *t, size_t n)
{
	for (size_t st = 0; st < n; st++)
		for (size_t k = 0; k < nv; k++)
			if (v[k].n <= n - st && memcmp(t + st, v[k].s, v[k].n) == 0)
				return 1;
	return 0;
}

/* Eight bytes lower-cased at once are those lower-cased one by one: every
 * byte value in every position, and random words. */
Test(util, ascii_lower8_is_bytewise_lower)
{
	srand(5);
	for (int it = 0; it < 200000; it++) {
		unsigned char b[8], want[8];
		for (int k = 0; k < 8; k++)
			b[k] = (unsigned char)(it < 256 * 8 && k == it / 256 ? it % 256
			                                                     : rand() % 256);
		for (int k = 0; k < 8; k++)
			want[k] = b[k] >= 'A' && b[k] <= 'Z' ? (unsigned char)(b[k] + 32) : b[k];
		uint64_t x;
		memcpy(&x, b, 8);
		x = ascii_lower8(x);
		cr_assert_eq(memcmp(&x, want, 8), 0, "iteration %d", it);
	}
}

Test(util, bytes_eq8_and_ascii_run_are_bytewise)
{
	srand(7);
	for (int it = 0; it < 100000; it++) {
		unsigned char b[8], c = (unsigned char)(rand() % 256);
		for (int k = 0; k < 8; k++) /* neighbours of c, and c itself, often */
			b[k] = (unsigned char)(rand() % 3 ? c + rand() % 3 - 1 : rand() % 256);
		uint64_t x, m;
		memcpy(&x, b, 8);
		m = bytes_eq8(x, c);
		unsigned char mb[8];
		memcpy(mb, &m, 8);
		for (int k = 0; k < 8; k++)
			cr_assert_eq(mb[k], b[k] == c ? 0x80 : 0, "iteration %d byte %d", it, k);
		size_t want = 0;
		while (want < 8 && b[want] < 0x80)
			want++;
		cr_assert_eq(ascii_run(b, 8), want);
	}
	unsigned char s[40];
	memset(s, 'a', sizeof s);
	for (size_t at = 0; at < sizeof s; at++) {
		s[at] = 0xC3;
		cr_assert_eq(ascii_run(s, sizeof s), at);
		s[at] = 'a';
	}
	cr_assert_eq(ascii_run(s, sizeof s), sizeof s);
}

Test(util, phrase_search_finds_what_a_plain_search_finds)
{
	static const phrase v[] = {PHRASE("syndicated feed"), PHRASE("auto generated from"),
	                           PHRASE("all rights reserved"), PHRASE("feed")};
	phrases ps;
	phrases_init(&ps, v, 3);
	cr_assert(phrases_in(&ps, "from a syndicated feed.", 23));
	cr_assert(phrases_in(&ps, "syndicated feed", 15), "the whole text");
	cr_assert_not(phrases_in(&ps, "syndicated fee", 14), "cut short");
	cr_assert(phrases_in(&ps, "x all rights reserved", 21), "at the end");
	cr_assert_not(phrases_in(&ps, "All rights reserved", 19), "bytes, not case folded");
	cr_assert_not(phrases_in(&ps, "", 0));
	/* random texts over a small alphabet, with phrases planted or broken:
	 * every answer must be the plain search's */
	static const char alpha[] = "adefnorstuy ";
	unsigned x = 12345;
	char t[300];
	size_t found = 0;
	for (int round = 0; round < 20000; round++) {
		size_t nv = 1 + (size_t)round % 4; /* from 1 phrase to all, "feed" the shortest */
		phrases_init(&ps, v, nv);
		size_t n = (size_t)(x = x * 1103515245u + 12345u) % sizeof t;
		for (size_t i = 0; i < n; i++)
			t[i] =
			    alpha[(x = x * 1103515245u + 12345u) >> 16 & 7 ? (x >> 20) % 12 : 11];
		if (n > 40 && (x >> 8) % 3 == 0) {
			const phrase *p = &v[(x >> 4) % nv];
			size_t at = (x >> 12) % (n - p->n);
			memcpy(t + at, p->s, p->n);
			if ((x >> 3) % 2)
				t[at + (x >> 9) % p->n] = 'z'; /* break it at one byte */
		}
		int want = naive_in(v, nv, t, n);
		found += (size_t)want;
		cr_assert_eq(phrases_in(&ps, t, n), want, "round %d", round);
	}
	cr_assert(found > 1000 && found < 19000, "both answers were tested (%zu found)", found);
	static const phrase one[] = {PHRASE("a"), PHRASE("feed")};
	phrases_init(&ps, one, 2);
	cr_assert(phrases_in(&ps, "xyza", 4), "a one-byte phrase");
	cr_assert_not(phrases_in(&ps, "xyz", 3));
}

Test(util, global_init_before_sqlite_only)
{
	cr_assert_eq(wt_global_init(), WT_OK, "first thing in the process");
	char path[] = "/tmp/wt_global_init_XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink_store(path);
	wt_store *s = wt_store_create();
	cr_assert_eq(wt_store_open(s, path, 0), WT_OK);
	cr_assert_eq(wt_global_init(), WT_ERR_UNSUPPORTED, "SQLite is in use");
	uint64_t n = 1;
	cr_assert_eq(wt_store_count(s, &n), WT_OK, "the store still works");
	cr_assert_eq(n, 0);
	wt_store_destroy(s);
	unlink_store(path);
}

/* A buffer that was only reserved, or detached empty, is an empty string. */
Test(util, empty_buffer_is_an_empty_string)
{
	wt_buf b;
	buf_init(&b);
	cr_assert_eq(buf_reserve(&b, 10), 0);
	cr_assert_str_eq(b.p, "");
	char *s = buf_detach(&b, NULL);
	cr_assert_str_eq(s, "");
	free(s);
	buf_init(&b);
	s = buf_detach(&b, NULL);
	cr_assert_str_eq(s, "");
	free(s);
}
