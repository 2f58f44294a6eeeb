/* test_read.c - readers: JSONL (fields, mapping, bad lines), text, HTML,
 * WARC, compressed input, size limits, binary and empty files. */
#include "helpers.h"
#include "internal.h"

#include <criterion/criterion.h>
#include <unistd.h>
#include <zlib.h>

Test(read, jsonl_fields_and_extra)
{
	const char *in = "{\"id\":\"a1\",\"text\":\"Body "
	                 "one.\",\"title\":\"T\",\"outlet\":\"Daily\",\"url\":\"http:"
	                 "//x.org/a\",\"date\":\"2024-01-02T10:00:00Z\",\"lang\":\"en\"}\n\n"
	                 "{\"id\":7,\"text\":\"Body two.\"}\n";
	wt_reader *r = wt_reader_create(NULL);
	cr_assert_eq(wt_reader_add_buffer(r, "in.jsonl", in, strlen(in)), WT_OK);
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "a1");
	cr_assert_str_eq(a.source, "Daily");
	cr_assert_str_eq(a.published, "2024-01-02T10:00:00Z");
	cr_assert_str_eq(a.extra, "{\"lang\":\"en\"}");
	cr_assert_str_eq(a.origin, "in.jsonl:1");
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "7");
	cr_assert_str_eq(a.origin, "in.jsonl:3");
	cr_assert_eq(wt_reader_next(r, &a), WT_DONE);
	wt_article_release(&a);
	wt_reader_destroy(r);
}

Test(read, jsonl_field_mapping)
{
	const char *names[] = {"text", "id"}, *keys[] = {"body", "docid"};
	wt_read_options o;
	wt_read_options_init(&o);
	o.field_names = names, o.field_keys = keys, o.n_fields = 2;
	wt_reader *r = wt_reader_create(&o);
	const char *in = "{\"docid\":\"d9\",\"body\":\"Mapped body.\"}\n";
	wt_reader_add_buffer(r, "x.ndjson", in, strlen(in));
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "d9");
	cr_assert_str_eq(a.text, "Mapped body.");
	wt_article_release(&a);
	wt_reader_destroy(r);
}

Test(read, jsonl_bad_lines_are_skipped_and_named)
{
	const char *in = "{\"id\":\"ok1\",\"text\":\"Fine.\"}\n{\"id\":\"bad\",\"text\":\n"
	                 "[1,2]\n{\"id\":\"notext\"}\n{\"id\":\"e\",\"text\":\"  \"}\n"
	                 "{\"id\":\"ok2\",\"text\":\"Also fine.\"}\n";
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "f.jsonl", in, strlen(in));
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_PARSE);
	cr_assert(strstr(wt_reader_message(r), "f.jsonl:2:"), "%s", wt_reader_message(r));
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_PARSE);
	cr_assert(strstr(wt_reader_message(r), "f.jsonl:3:"));
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_EMPTY);
	cr_assert(strstr(wt_reader_message(r), "no \"text\" field"));
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_EMPTY);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "ok2");
	cr_assert_eq(wt_reader_next(r, &a), WT_DONE);
	wt_read_stats st;
	wt_reader_stats(r, &st);
	cr_assert_eq(st.records, 2);
	cr_assert_eq(st.skipped, 4);
	wt_article_release(&a);
	wt_reader_destroy(r);
}

/* Reads in with the fast path (fast=1) or jansson alone into arts (up to
 * 16), statuses into sts and messages into msgs; returns the records seen
 * and how many the fast path read in *nfast. */
static size_t read_jsonl_both(const char *in, int fast, wt_article *arts, wt_status *sts,
                              char msgs[][256], uint64_t *nfast)
{
	wt_read_options o;
	wt_read_options_init(&o);
	o.keep_raw = 1;
	wt_reader *r = wt_reader_create(&o);
	r->jsonl_jansson_only = !fast;
	wt_reader_add_buffer(r, "f.jsonl", in, strlen(in));
	size_t n = 0;
	for (; n < 16; n++) {
		wt_article_init(&arts[n]);
		sts[n] = wt_reader_next(r, &arts[n]);
		snprintf(msgs[n], 256, "%s", wt_reader_message(r));
		if (sts[n] == WT_DONE)
			break;
	}
	*nfast = r->jsonl_fast;
	wt_reader_destroy(r);
	return n;
}

static int same_field(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Reads `in` with the fast path into fa/fs/fm and again with jansson
 * alone, and asserts that both give the same records, statuses and
 * messages. Returns the number of records (fa[0..n] to release). */
static size_t read_jsonl_agreeing(const char *in, wt_article fa[16], wt_status fs[16],
                                  char fm[16][256], uint64_t *nfast)
{
	wt_article ja[16];
	wt_status js[16];
	char jm[16][256];
	uint64_t njansson;
	size_t n = read_jsonl_both(in, 1, fa, fs, fm, nfast);
	cr_assert_eq(read_jsonl_both(in, 0, ja, js, jm, &njansson), n);
	cr_assert_eq(njansson, 0);
	for (size_t i = 0; i <= n; i++) {
		cr_assert_eq(fs[i], js[i], "record %zu", i + 1);
		cr_assert_str_eq(fm[i], jm[i]);
		if (fs[i] == WT_OK) {
			cr_assert_eq(fa[i].text_len, ja[i].text_len);
			cr_assert_eq(memcmp(fa[i].text, ja[i].text, fa[i].text_len), 0);
			cr_assert(same_field(fa[i].id, ja[i].id) &&
			              same_field(fa[i].title, ja[i].title) &&
			              same_field(fa[i].source, ja[i].source) &&
			              same_field(fa[i].published, ja[i].published) &&
			              same_field(fa[i].extra, ja[i].extra) &&
			              same_field(fa[i].raw, ja[i].raw),
			          "record %zu", i + 1);
		}
		wt_article_release(&ja[i]);
	}
	return n;
}

Test(read, jsonl_fast_path_agrees_with_jansson)
{
	/* lines 1-6 are for the fast path; 7-14 it leaves to jansson */
	const char *in =
	    "{\"id\":\"e1\",\"text\":\"A \\\"q\\\" \\\\ \\/ \\t \\u00e9 \\ud83d\\ude00.\","
	    "\"title\":\"T\\u0041\"}\n"
	    "{\"id\":12,\"text\":\"Num id.\",\"score\":1.5e3,\"tags\":[\"a\",{\"b\":\"]}\"}],"
	    "\"ok\":true,\"none\":null,\"w\":\"\\u00fc\"}\n"
	    "{\"source\":null,\"outlet\":\"Daily\",\"text\":\"Outlet.\",\"date\":\"2024-02-03\"}\n"
	    " { \"id\" : \"sp\" , \"text\" : \"Spaced.\" }  \r\n"
	    "{\"id\":\"nul\",\"text\":\"a\\u0000b\",\"title\":\"x\"}\n"
	    "{\"id\":\"caf\",\"text\":\"caf\xc3\xa9\"}\n"
	    "{\"\\u0069d\":\"esc key\",\"text\":\"Escaped key.\"}\n"
	    "{\"id\":\"dup\",\"text\":\"First.\",\"text\":\"Second.\"}\n"
	    "{\"id\":\"lone\",\"text\":\"\\ud800 x\"}\n"
	    "{\"id\":\"latin1\",\"text\":\"caf\xe9\"}\n"
	    "{\"id\":\"zero\",\"text\":\"x\",\"n\":01}\n"
	    "{\"id\":\"trail\",\"text\":\"x\"} x\n"
	    "{\"id\":\"notext\",\"text\":5}\n"
	    "{}\n";
	wt_article fa[16];
	wt_status fs[16];
	char fm[16][256];
	uint64_t nfast;
	size_t n = read_jsonl_agreeing(in, fa, fs, fm, &nfast);
	cr_assert_eq(n, 14);
	cr_assert_eq(nfast, 6);
	/* what the records say */
	cr_assert_str_eq(fa[0].text, "A \"q\" \\ / \t \xc3\xa9 \xf0\x9f\x98\x80.");
	cr_assert_str_eq(fa[0].title, "TA");
	cr_assert_str_eq(fa[1].id, "12");
	cr_assert_str_eq(fa[1].extra,
	                 "{\"score\":1500.0,\"tags\":[\"a\",{\"b\":\"]}\"}],\"ok\":true,"
	                 "\"none\":null,\"w\":\"\\u00FC\"}");
	cr_assert_str_eq(fa[2].source, "Daily");
	cr_assert_str_eq(fa[2].extra, "{\"source\":null}");
	cr_assert_str_eq(fa[3].id, "sp");
	cr_assert_eq(fa[4].utf8_repairs, 1);
	cr_assert_str_eq(fa[6].id, "esc key");
	cr_assert_str_eq(fa[7].text, "Second.");
	cr_assert_eq(fs[8], WT_ERR_PARSE);
	cr_assert(strstr(fm[8], "f.jsonl:9: malformed JSON"), "%s", fm[8]);
	cr_assert_eq(fs[9], WT_ERR_PARSE);
	cr_assert_eq(fs[12], WT_ERR_EMPTY);
	cr_assert(strstr(fm[12], "field \"text\" is not a string"), "%s", fm[12]);
	cr_assert_eq(fs[13], WT_ERR_EMPTY);
	for (size_t i = 0; i <= n; i++)
		wt_article_release(&fa[i]);
}

/* The fast path scans strings eight bytes at a time: a quote, an escape, a
 * control character or a non-ASCII byte is seen at any offset. */
Test(read, jsonl_fast_path_sees_special_bytes_at_every_offset)
{
	const char *special[] = {"\\\"", "\\\\", "\\u00e9", "\x01", "\xc3\xa9", "\xe9", "\""};
	size_t ns = sizeof special / sizeof *special;
	for (int off = 0; off < 18; off++) {
		char in[1024] = "";
		for (size_t k = 0; k < ns; k++) {
			size_t l = strlen(in);
			snprintf(in + l, sizeof in - l,
			         "{\"id\":\"r%zu\",\"text\":\"%.*s%sbbbbbbbbbbb\"}\n", k, off,
			         "aaaaaaaaaaaaaaaaaaaa", special[k]);
		}
		wt_article fa[16];
		wt_status fs[16];
		char fm[16][256];
		uint64_t nfast;
		size_t n = read_jsonl_agreeing(in, fa, fs, fm, &nfast);
		cr_assert_eq(n, ns);
		cr_assert_eq(nfast, 4, "offset %d: %llu", off, (unsigned long long)nfast);
		cr_assert_eq(fs[3], WT_ERR_PARSE); /* a raw control character */
		cr_assert_eq(fa[0].text[off], '"');
		for (size_t i = 0; i <= n; i++)
			wt_article_release(&fa[i]);
	}
}

Test(read, byte_order_mark_is_skipped)
{
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(
	    read_buffer("b.jsonl", "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"After a mark.\"}\n", &a),
	    WT_OK);
	cr_assert_str_eq(a.id, "b1");
	wt_article_release(&a);
	/* sniffed as JSONL through the mark */
	cr_assert_eq(read_buffer("b", "\xEF\xBB\xBF{\"id\":\"b2\",\"text\":\"Sniffed.\"}\n", &a),
	             WT_OK);
	cr_assert_str_eq(a.id, "b2");
	wt_article_release(&a);
	/* only at the start: a mark inside the text stays */
	cr_assert_eq(read_buffer("t.txt", "\xEF\xBB\xBFOne line \xEF\xBB\xBF of text.\n", &a),
	             WT_OK);
	cr_assert_str_eq(a.text, "One line \xEF\xBB\xBF of text.\n");
	wt_article_release(&a);
}

/* Reads every record of in (named name), returning how many were read
 * and the statuses and messages in sts/msgs (up to 8), ids in ids. */
static size_t read_all(const char *name, const char *in, size_t max_bytes, wt_status *sts,
                       char msgs[][256], char ids[][16], char origins[][64])
{
	wt_read_options o;
	wt_read_options_init(&o);
	if (max_bytes)
		o.max_article_bytes = max_bytes;
	wt_reader *r = wt_reader_create(&o);
	wt_reader_add_buffer(r, name, in, strlen(in));
	wt_article a;
	wt_article_init(&a);
	size_t n = 0;
	wt_status st;
	while ((st = wt_reader_next(r, &a)) != WT_DONE && n < 8) {
		sts[n] = st;
		snprintf(msgs[n], 256, "%s", wt_reader_message(r));
		snprintf(ids[n], 16, "%s", st == WT_OK && a.id ? a.id : "");
		snprintf(origins[n], 64, "%s", st == WT_OK && a.origin ? a.origin : "");
		n++;
	}
	wt_article_release(&a);
	wt_reader_destroy(r);
	return n;
}

Test(read, jsonl_array_of_records)
{
	wt_status st[8];
	char msg[8][256], id[8][16], origin[8][64];
	/* pretty-printed, with brackets and quotes inside strings, a bad record */
	const char *pretty =
	    "[\n  {\n    \"id\": \"p1\",\n    \"text\": \"One [x] \\\"y\\\" ]\"\n  },\n"
	    "  {\"id\": \"p2\", \"text\": 5},\n"
	    "  {\"id\": \"p3\", \"text\": \"Three.\", \"t\": [1, {\"a\": \"}\"}]}\n]\n";
	cr_assert_eq(read_all("a.json", pretty, 0, st, msg, id, origin), 3);
	cr_assert_eq(st[0], WT_OK);
	cr_assert_str_eq(id[0], "p1");
	cr_assert_str_eq(origin[0], "a.json:2");
	cr_assert_eq(st[1], WT_ERR_EMPTY);
	cr_assert(strstr(msg[1], "a.json:6: field \"text\" is not a string"), "%s", msg[1]);
	cr_assert_eq(st[2], WT_OK);
	cr_assert_str_eq(id[2], "p3");
	cr_assert_str_eq(origin[2], "a.json:7");
	/* compact, found by content; an empty array */
	cr_assert_eq(read_all("noext",
	                      " [{\"id\":\"c1\",\"text\":\"A.\"},{\"id\":\"c2\",\"text\":\"B.\"}]",
	                      0, st, msg, id, origin),
	             2);
	cr_assert_str_eq(id[1], "c2");
	cr_assert_eq(read_all("e.json", "[ ]\n", 0, st, msg, id, origin), 0);
	/* what stops a file, keeping the records before */
	cr_assert_eq(read_all("m.json",
	                      "[{\"id\":\"m1\",\"text\":\"A.\"} {\"id\":\"m2\",\"text\":\"B.\"}]",
	                      0, st, msg, id, origin),
	             2);
	cr_assert_eq(st[0], WT_OK);
	cr_assert_eq(st[1], WT_ERR_PARSE);
	cr_assert(strstr(msg[1], "',' expected between records"), "%s", msg[1]);
	cr_assert_eq(
	    read_all("t.json", "[{\"id\":\"t1\",\"text\":\"A.\"}] more", 0, st, msg, id, origin),
	    2);
	cr_assert(strstr(msg[1], "text after the end of the JSON array"), "%s", msg[1]);
	cr_assert_eq(read_all("c.json", "[{\"id\":\"k1\",\"text\":\"A.\"},\n{\"id\":\"k2\",\"te", 0,
	                      st, msg, id, origin),
	             2);
	cr_assert_eq(st[1], WT_ERR_TRUNCATED);
	cr_assert(strstr(msg[1], "c.json:2: the file ends inside a record"), "%s", msg[1]);
	cr_assert_eq(
	    read_all("z.json", "[{\"id\":\"z1\",\"text\":\"A.\"},]", 0, st, msg, id, origin), 2);
	cr_assert(strstr(msg[1], "']' where a record was expected"), "%s", msg[1]);
}

Test(read, jsonl_array_record_over_the_limit_is_skipped)
{
	/* an element of 3 MB with brackets and quotes in its strings, limit 1 KB (the
	 * scan holds at most the limit and a megabyte) */
	size_t big = 3u << 20;
	char *in = malloc(big + 200);
	cr_assert(in);
	size_t n = (size_t)sprintf(
	    in, "[{\"id\":\"ok1\",\"text\":\"Before.\"},\n{\"id\":\"big\",\"text\":\"");
	for (size_t i = 0; i < big; i += 8) /* "ab]}[{\"" */
		memcpy(in + n, "ab]}[{\\\"", 8), n += 8;
	n += (size_t)sprintf(in + n, "\"},\n{\"id\":\"ok2\",\"text\":\"After.\"}]\n");
	wt_status st[8];
	char msg[8][256], id[8][16], origin[8][64];
	cr_assert_eq(read_all("big.json", in, 1024, st, msg, id, origin), 3);
	cr_assert_eq(st[0], WT_OK);
	cr_assert_eq(st[1], WT_ERR_TOO_LARGE);
	cr_assert(strstr(msg[1], "big.json:2: record of over"), "%s", msg[1]);
	cr_assert_eq(st[2], WT_OK);
	cr_assert_str_eq(id[2], "ok2");
	cr_assert_str_eq(origin[2], "big.json:3");
	free(in);
}

Test(read, oversized_record_is_skipped_with_bounded_memory)
{
	wt_read_options o;
	wt_read_options_init(&o);
	o.max_article_bytes = 1000;
	size_t big = (1u << 20) + 5000;
	char *in = malloc(big + 200);
	strcpy(in, "{\"id\":\"big\",\"text\":\"");
	size_t n = strlen(in);
	memset(in + n, 'x', big);
	n += big;
	n += (size_t)sprintf(in + n, "\"}\n{\"id\":\"small\",\"text\":\"ok\"}\n");
	wt_reader *r = wt_reader_create(&o);
	wt_reader_add_buffer(r, "big.jsonl", in, n);
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_TOO_LARGE);
	cr_assert(strstr(wt_reader_message(r), "big.jsonl:1:"));
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "small");
	wt_article_release(&a);
	wt_reader_destroy(r);
	free(in);
}

Test(read, invalid_utf8_is_repaired_and_counted)
{
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(read_buffer("bad.txt", "Caf\xe9 news\nmore text here\n", &a), WT_OK);
	cr_assert_eq(a.utf8_repairs, 1);
	cr_assert(strstr(a.text, "Caf\xEF\xBF\xBD news"));
	wt_article_release(&a);
}

Test(read, binary_and_empty_files)
{
	wt_article a;
	wt_article_init(&a);
	char bin[64] = "GIF89a";
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "pic.txt", bin, sizeof bin);
	wt_reader_add_buffer(r, "empty.txt", "", 0);
	wt_reader_add_buffer(r, "blank.txt", " \n\n ", 4);
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_BINARY);
	cr_assert(strstr(wt_reader_message(r), "pic.txt"));
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_EMPTY);
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_EMPTY);
	cr_assert(strstr(wt_reader_message(r), "blank.txt"));
	cr_assert_eq(wt_reader_next(r, &a), WT_DONE);
	wt_reader_destroy(r);
}

Test(read, text_file_id_is_file_name)
{
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(read_buffer("dir/story-12.txt", "Plain text.", &a), WT_OK);
	cr_assert_str_eq(a.id, "story-12");
	wt_article_release(&a);
}

static size_t gzip(const char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)(uintptr_t)in, z.avail_in = (uInt)n;
	z.next_out = out, z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	size_t len = z.total_out;
	deflateEnd(&z);
	return len;
}

Test(read, gzip_is_detected_by_content)
{
	char in[4096] = "";
	for (int i = 0; i < 40; i++)
		sprintf(in + strlen(in), "{\"id\":\"r%d\",\"text\":\"Record number %d.\"}\n", i, i);
	unsigned char gz[8192];
	size_t n = gzip(in, strlen(in), gz, sizeof gz);
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "x.jsonl.gz", gz, n);
	wt_reader_add_buffer(r, "noext", gz, n);
	wt_article a;
	wt_article_init(&a);
	int ok = 0;
	while (wt_reader_next(r, &a) == WT_OK)
		ok++;
	cr_assert_eq(ok, 80);
	wt_article_release(&a);
	wt_reader_destroy(r);
}

/* libarchive hands out decompressed data in blocks of 64 KiB: a cut in the
 * stream loses at most the block it falls in, never what came before. */
Test(read, truncated_gzip_keeps_what_was_readable)
{
	size_t cap = 1u << 20, len = 0;
	char *in = malloc(cap);
	for (int i = 0; i < 6000; i++)
		len += (size_t)sprintf(in + len,
		                       "{\"id\":\"r%d\",\"text\":\"Record %d with words.\"}\n", i,
		                       i * 7919 % 10007);
	unsigned char *gz = malloc(cap);
	size_t n = gzip(in, len, gz, cap);
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "cut.jsonl.gz", gz, n * 3 / 4);
	wt_article a;
	wt_article_init(&a);
	int ok = 0, truncated = 0;
	wt_status st;
	while ((st = wt_reader_next(r, &a)) != WT_DONE) {
		if (st == WT_OK)
			ok++;
		else if (st == WT_ERR_TRUNCATED)
			truncated++;
	}
	cr_assert(ok > 2000 && ok < 6000, "kept %d records", ok);
	cr_assert_eq(truncated, 1);
	wt_article_release(&a);
	wt_reader_destroy(r);
	free(in);
	free(gz);
}

Test(read, html_main_text)
{
	const char *html =
	    "<html><head><title>Site | Flood story</title>"
	    "<meta property=\"og:title\" content=\"Floods recede\">"
	    "<meta property=\"article:published_time\" content=\"2024-05-01T08:00:00Z\">"
	    "<meta property=\"og:site_name\" content=\"Daily Planet\">"
	    "<script>var x = 1;</script></head><body>"
	    "<nav><a href=/>Home</a> <a href=/w>World</a></nav>"
	    "<article><h1>Floods recede</h1>"
	    "<p>Residents returned home on Sunday, after the river fell below its banks.</p>"
	    "<p>Officials said the damage, which was extensive, would take months to repair.</p>"
	    "</article><div class=\"comments\"><p>Great article, thanks for sharing this news!</p>"
	    "</div><footer><p>Copyright Daily Planet, all rights "
	    "reserved.</p></footer></body></html>";
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(read_buffer("page.html", html, &a), WT_OK);
	cr_assert_str_eq(a.title, "Floods recede");
	cr_assert_str_eq(a.source, "Daily Planet");
	cr_assert_str_eq(a.published, "2024-05-01T08:00:00Z");
	cr_assert(strstr(a.text, "Residents returned home"));
	cr_assert(strstr(a.text, "take months to repair"));
	cr_assert_null(strstr(a.text, "Great article"));
	cr_assert_null(strstr(a.text, "Copyright"));
	cr_assert_null(strstr(a.text, "var x"));
	cr_assert_null(strstr(a.text, "World"));
	wt_article_release(&a);
}

Test(read, warc_response_records)
{
	const char *html = "<html><body><p>The bridge reopened on Monday after six weeks of "
	                   "repairs, officials said.</p></body></html>";
	char http[1024], warc[4096];
	int hl =
	    snprintf(http, sizeof http,
	             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s", html);
	int n =
	    snprintf(warc, sizeof warc,
	             "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n"
	             "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: "
	             "https://www.example.com/news/bridge\r\nWARC-Date: 2024-02-03T04:05:06Z\r\n"
	             "Content-Type: application/http; msgtype=response\r\nContent-Length: "
	             "%d\r\n\r\n%s\r\n\r\n",
	             hl, http);
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "crawl.warc", warc, (size_t)n);
	wt_reader_add_buffer(r, "cut.warc", warc, (size_t)n - 40);
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.url, "https://www.example.com/news/bridge");
	cr_assert_str_eq(a.published, "2024-02-03T04:05:06Z");
	cr_assert(strstr(a.text, "The bridge reopened"));
	cr_assert_eq(wt_article_clean(&a, NULL), WT_OK);
	cr_assert_str_eq(a.source, "example.com");
	cr_assert_eq(wt_reader_next(r, &a), WT_ERR_TRUNCATED);
	cr_assert(strstr(wt_reader_message(r), "cut.warc:record 2"), "%s", wt_reader_message(r));
	cr_assert_eq(wt_reader_next(r, &a), WT_DONE);
	wt_article_release(&a);
	wt_reader_destroy(r);
}

Test(read, folder_sorted_hidden_skipped)
{
	char dir[] = "/tmp/wt_test_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char p[256];
	const char *names[] = {"b.txt", "a.txt", ".hidden.txt"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		FILE *f = fopen(p, "w");
		fprintf(f, "Text of %s here.\n", names[i]);
		fclose(f);
	}
	wt_reader *r = wt_reader_create(NULL);
	cr_assert_eq(wt_reader_add_path(r, dir), WT_OK);
	wt_article a;
	wt_article_init(&a);
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "a");
	cr_assert_eq(wt_reader_next(r, &a), WT_OK);
	cr_assert_str_eq(a.id, "b");
	cr_assert_eq(wt_reader_next(r, &a), WT_DONE);
	cr_assert_eq(wt_reader_add_path(r, "/nonexistent/path"), WT_ERR_NOTFOUND);
	wt_article_release(&a);
	wt_reader_destroy(r);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void count_skip(wt_status st, const char *msg, void *ctx)
{
	(void)st;
	cr_assert(strstr(msg, "b.jsonl:4"), "skip names file and line: %s", msg);
	(*(int *)ctx)++;
}

Test(read, batcher_in_order_with_skips)
{
	const char *data = "{\"id\":\"r1\",\"text\":\"one\"}\n{\"id\":\"r2\",\"text\":\"two\"}\n"
	                   "{\"id\":\"r3\",\"text\":\"three\"}\n{\"id\":\"bad\",\"text\":\n"
	                   "{\"id\":\"r4\",\"text\":\"four\"}\n{\"id\":\"r5\",\"text\":\"five\"}\n"
	                   "{\"id\":\"r6\",\"text\":\"six\"}\n{\"id\":\"r7\",\"text\":\"seven\"}\n";
	for (int strict = 0; strict < 2; strict++) {
		wt_reader *r = wt_reader_create(NULL);
		wt_reader_add_buffer(r, "b.jsonl", data, strlen(data));
		int skips = 0;
		wt_batcher *b = wt_batcher_create(r, 2, strict, count_skip, &skips);
		cr_assert_not_null(b);
		int seen = 0, batches = 0;
		wt_status st;
		wt_article *arts;
		size_t n;
		while ((st = wt_batcher_next(b, &arts, &n)) == WT_OK || n) {
			for (size_t i = 0; i < n; i++) {
				char want[16];
				snprintf(want, sizeof want, "r%d", ++seen);
				cr_assert_str_eq(arts[i].id, want);
			}
			batches++;
			if (st != WT_OK)
				break;
		}
		if (strict) {
			cr_assert_eq(st, WT_ERR_PARSE);
			cr_assert_eq(seen, 3, "the records before the bad one");
		} else {
			cr_assert_eq(st, WT_DONE);
			cr_assert_eq(seen, 7);
		}
		cr_assert_eq(skips, 1);
		cr_assert_eq(wt_batcher_next(b, &arts, &n), WT_DONE);
		wt_batcher_destroy(b);
		wt_reader_destroy(r);
	}
	wt_batcher_destroy(NULL);
}

/* Kept batches stay intact while the following ones are read, until they
 * are released, oldest first; at most WT_BATCHER_KEEP at a time. */
Test(read, batcher_keeps_batches_until_released)
{
	char data[4096] = "";
	for (int i = 1; i <= 30; i++) {
		char line[64];
		snprintf(line, sizeof line, "{\"id\":\"k%d\",\"text\":\"text %d\"}\n", i, i);
		strcat(data, line);
	}
	for (int depth = 1; depth <= WT_BATCHER_KEEP; depth++) {
		wt_reader *r = wt_reader_create(NULL);
		wt_reader_add_buffer(r, "k.jsonl", data, strlen(data));
		wt_batcher *b = wt_batcher_create(r, 2, 0, NULL, NULL);
		cr_assert_not_null(b);
		cr_assert_eq(wt_batcher_keep(b), WT_ERR_ARG, "nothing handed out yet");
		wt_article *kept[WT_BATCHER_KEEP];
		size_t first[WT_BATCHER_KEEP]; /* number of each kept batch's first article */
		int nk = 0;
		wt_article *arts;
		size_t n, seen = 0;
		while (wt_batcher_next(b, &arts, &n) == WT_OK && n) {
			if (nk == depth) {
				/* the oldest kept batch is still whole, then released */
				char want[16], text[16];
				snprintf(want, sizeof want, "k%zu", first[0]);
				snprintf(text, sizeof text, "text %zu", first[0] + 1);
				cr_assert_str_eq(kept[0][0].id, want);
				cr_assert_str_eq(kept[0][1].text, text);
				for (int i = 0; i < nk; i++)
					cr_assert_neq(arts, kept[i]);
				wt_batcher_release(b);
				memmove(kept, kept + 1, (size_t)(nk - 1) * sizeof(*kept));
				memmove(first, first + 1, (size_t)(nk - 1) * sizeof(*first));
				nk--;
			}
			cr_assert_eq(wt_batcher_keep(b), WT_OK);
			cr_assert_eq(wt_batcher_keep(b), WT_OK,
			             "keeping the same batch again is fine");
			kept[nk] = arts, first[nk] = seen + 1, nk++;
			seen += n;
			if (depth == WT_BATCHER_KEEP && nk == depth) {
				/* one more than allowed: refused, nothing changes */
				wt_article *next;
				size_t nn;
				cr_assert_eq(wt_batcher_next(b, &next, &nn), WT_OK);
				cr_assert_eq(wt_batcher_keep(b), WT_ERR_ARG);
				cr_assert_str_eq(kept[0][0].id, "k1", "%s", kept[0][0].id);
				/* not kept: this batch dies at the next call */
				break;
			}
		}
		if (depth < WT_BATCHER_KEEP)
			cr_assert_eq(seen, 30);
		while (nk--)
			wt_batcher_release(b);
		wt_batcher_release(b); /* nothing kept: no-op */
		wt_batcher_destroy(b);
		wt_reader_destroy(r);
	}
}
