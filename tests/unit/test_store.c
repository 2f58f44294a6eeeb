/* test_store.c - the SQLite store: idempotent puts, versions, get with
 * removed spans, learned boilerplate, read-only and missing stores,
 * background checkpoints, the ingest's dedup index across ingests. */
#include "helpers.h"
#include "internal.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static char dbpath[64];
static wt_store *st;

static void setup(void)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/wt_store_%d.db", (int)getpid());
	unlink_store(dbpath);
	st = wt_store_create();
	cr_assert_eq(wt_store_open(st, dbpath, 0), WT_OK);
}

static void teardown(void)
{
	wt_store_destroy(st);
	unlink_store(dbpath);
}

TestSuite(store, .init = setup, .fini = teardown);

static void make(wt_article *a, const char *id, const char *source, const char *text)
{
	wt_article_init(a);
	wt_article_set(&a->id, id, (size_t)-1);
	if (source)
		wt_article_set(&a->source, source, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
	cr_assert_eq(wt_article_clean(a, NULL), WT_OK);
}

Test(store, idempotent_and_versions)
{
	wt_article a, b;
	make(&a, "x1", "s", "By Ana Ruiz\nFirst text of the story.\n");
	wt_article *batch[] = {&a};
	wt_put_result res;
	cr_assert_eq(wt_store_put(st, batch, 1, &res), WT_OK);
	cr_assert_eq(res, WT_PUT_ADDED);
	cr_assert_eq(wt_store_put(st, batch, 1, &res), WT_OK);
	cr_assert_eq(res, WT_PUT_UNCHANGED);
	make(&b, "x1", "s", "By Ana Ruiz\nCorrected text of the story.\n");
	batch[0] = &b;
	cr_assert_eq(wt_store_put(st, batch, 1, &res), WT_OK);
	cr_assert_eq(res, WT_PUT_VERSION);
	uint64_t n;
	cr_assert_eq(wt_store_count(st, &n), WT_OK);
	cr_assert_eq(n, 1);
	wt_article g;
	wt_article_init(&g);
	int ver;
	cr_assert_eq(wt_store_get(st, "x1", 0, &g, &ver), WT_OK);
	cr_assert_eq(ver, 2);
	cr_assert(strstr(g.text, "Corrected"));
	cr_assert_eq(g.n_authors, 1);
	cr_assert_str_eq(g.authors[0], "Ana Ruiz");
	cr_assert(has_removed(&g, WT_RM_BYLINE, "By Ana Ruiz"));
	cr_assert_eq(wt_store_get(st, "x1", 1, &g, &ver), WT_OK);
	cr_assert(strstr(g.text, "First"));
	cr_assert_eq(wt_store_get(st, "nope", 0, &g, NULL), WT_ERR_NOTFOUND);
	wt_article_release(&a), wt_article_release(&b), wt_article_release(&g);
}

Test(store, batch_is_all_or_nothing)
{
	wt_article a, b;
	make(&a, "ok", "s", "Some text.\n");
	wt_article_init(&b); /* no id: rejected before anything is written */
	wt_article *batch[] = {&a, &b};
	cr_assert_eq(wt_store_put(st, batch, 2, NULL), WT_ERR_ARG);
	uint64_t n;
	wt_store_count(st, &n);
	cr_assert_eq(n, 0);
	wt_article_release(&a);
}

Test(store, learns_boilerplate_across_unrelated_articles)
{
	const char *bodies[] = {"The council approved the new budget after a long debate.",
	                        "A storm closed the harbour for two days this week.",
	                        "The museum opened an exhibition of early photographs.",
	                        "Local runners raised money for the children's hospital."};
	wt_article a[4];
	wt_article *batch[4];
	for (int i = 0; i < 4; i++) {
		char text[512], id[16];
		snprintf(text, sizeof text,
		         "%s\nGet our morning briefing in your inbox every day\n", bodies[i]);
		snprintf(id, sizeof id, "b%d", i);
		make(&a[i], id, "planet", text);
		batch[i] = &a[i];
	}
	cr_assert_eq(wt_store_put(st, batch, 4, NULL), WT_OK);
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	wt_article g;
	wt_article_init(&g);
	cr_assert_eq(wt_store_get(st, "b2", 0, &g, NULL), WT_OK);
	cr_assert(
	    has_removed(&g, WT_RM_BOILERPLATE, "Get our morning briefing in your inbox every day"));
	size_t bl;
	char *body = wt_article_body(&g, &bl);
	cr_assert_str_eq(body, bodies[2]);
	free(body);
	for (int i = 0; i < 4; i++)
		wt_article_release(&a[i]);
	wt_article_release(&g);
}

/* Learning after each ingest (only the paragraphs that came in are looked at
 * again) ends where learning once from everything ends; a changed rule
 * learns from scratch. */
Test(store, boilerplate_learned_in_steps)
{
	const char *bodies[] = {"The council approved the new budget after a long debate.",
	                        "A storm closed the harbour for two days this week.",
	                        "The museum opened an exhibition of early photographs.",
	                        "Local runners raised money for the children's hospital."};
	const char *promo = "Get our morning briefing in your inbox every day";
	wt_article a[4];
	for (int i = 0; i < 4; i++) {
		char text[512], id[16];
		snprintf(text, sizeof text, "%s\n%s\n", bodies[i], promo);
		snprintf(id, sizeof id, "s%d", i);
		make(&a[i], id, "planet", text);
	}
	wt_article *first[] = {&a[0], &a[1]}, *then[] = {&a[2], &a[3]};
	wt_article g;
	wt_article_init(&g);
	/* two contexts: not yet */
	cr_assert_eq(wt_store_put(st, first, 2, NULL), WT_OK);
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	cr_assert_eq(wt_store_get(st, "s0", 0, &g, NULL), WT_OK);
	cr_assert_not(has_removed(&g, WT_RM_BOILERPLATE, promo));
	/* four: learned from the two new articles' paragraphs */
	cr_assert_eq(wt_store_put(st, then, 2, NULL), WT_OK);
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	cr_assert_eq(wt_store_get(st, "s0", 0, &g, NULL), WT_OK);
	cr_assert(has_removed(&g, WT_RM_BOILERPLATE, promo));
	/* a stricter rule starts over: four contexts are not five */
	cr_assert_eq(wt_store_learn_boilerplate(st, 5), WT_OK);
	cr_assert_eq(wt_store_get(st, "s1", 0, &g, NULL), WT_OK);
	cr_assert_not(has_removed(&g, WT_RM_BOILERPLATE, promo));
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	cr_assert_eq(wt_store_get(st, "s1", 0, &g, NULL), WT_OK);
	cr_assert(has_removed(&g, WT_RM_BOILERPLATE, promo));
	for (int i = 0; i < 4; i++)
		wt_article_release(&a[i]);
	wt_article_release(&g);
}

Test(store, reprints_of_one_story_are_not_boilerplate)
{
	wt_article a[4];
	wt_article *batch[4];
	for (int i = 0; i < 4; i++) {
		char id[16];
		snprintf(id, sizeof id, "r%d", i);
		make(
		    &a[i], id, "planet",
		    "The minister resigned on Tuesday after weeks of pressure over the contracts.\n"
		    "She denied any wrongdoing.\n");
		batch[i] = &a[i];
	}
	cr_assert_eq(wt_store_put(st, batch, 4, NULL), WT_OK);
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	wt_article g;
	wt_article_init(&g);
	cr_assert_eq(wt_store_get(st, "r1", 0, &g, NULL), WT_OK);
	cr_assert_eq(g.n_removed, 0);
	for (int i = 0; i < 4; i++)
		wt_article_release(&a[i]);
	wt_article_release(&g);
}

Test(store, readonly_rejects_writes)
{
	wt_store *ro = wt_store_create();
	cr_assert_eq(wt_store_open(ro, dbpath, WT_STORE_READONLY), WT_OK);
	wt_article a;
	make(&a, "z", NULL, "Text.\n");
	wt_article *batch[] = {&a};
	cr_assert_eq(wt_store_put(ro, batch, 1, NULL), WT_ERR_READONLY);
	wt_store_destroy(ro);
	wt_store_destroy(NULL);
	wt_article_release(&a);
}

Test(store, unwritable_location)
{
	wt_store *s = wt_store_create();
	wt_status r = wt_store_open(s, "/proc/wt-cannot-write/x.db", 0);
	cr_assert(r == WT_ERR_READONLY || r == WT_ERR_STORE, "%s", wt_strerror(r));
	cr_assert(strlen(wt_store_message(s)) > 0);
	wt_store_destroy(s);
}

static long long file_size(const char *suffix)
{
	char p[96];
	snprintf(p, sizeof p, "%s%s", dbpath, suffix);
	struct stat sb;
	return stat(p, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* With background checkpoints every few pages, committed articles reach the
 * database file while the writer goes on, the WAL stays within its bound,
 * and everything reads back. */
Test(store, background_checkpoints)
{
	store_ckpt *c = store_ckpt_start(st, 4);
	cr_assert_not_null(c);
	long long before = file_size("");
	char text[6000];
	for (int b = 0; b < 40; b++) {
		wt_article a;
		char id[16];
		snprintf(id, sizeof id, "a%d", b);
		size_t l = 0;
		for (int i = 0; l + 40 < sizeof text; i++)
			l += (size_t)snprintf(text + l, sizeof text - l, "Line %d of article %d.\n",
			                      i, b);
		make(&a, id, "s", text);
		wt_article *batch[] = {&a};
		cr_assert_eq(wt_store_put(st, batch, 1, NULL), WT_OK);
		wt_article_release(&a);
	}
	store_ckpt_stop(c);
	store_ckpt_stop(NULL);
	cr_assert_gt(file_size(""), before, "checkpoints copied pages into the file");
	/* 4 x 4 frames of 16 KiB, plus what one commit adds */
	cr_assert_lt(file_size("-wal"), 1 << 20, "WAL of %lld bytes", file_size("-wal"));
	uint64_t n;
	cr_assert_eq(wt_store_count(st, &n), WT_OK);
	cr_assert_eq(n, 40);
	wt_article g;
	wt_article_init(&g);
	cr_assert_eq(wt_store_get(st, "a39", 0, &g, NULL), WT_OK);
	cr_assert(strstr(g.text, "Line 3 of article 39."));
	wt_article_release(&g);
}

static char *dump(const char *path, const char *sql);

/* ------------------------------------------- the ingest's dedup index */
static void ingest_jsonl(wt_store *s, const char *jsonl)
{
	wt_reader *r = wt_reader_create(NULL);
	cr_assert_eq(wt_reader_add_buffer(r, "t.jsonl", jsonl, strlen(jsonl)), WT_OK);
	wt_ingest_options o;
	wt_ingest_options_init(&o);
	wt_ingest_stats stats;
	cr_assert_eq(wt_ingest(s, r, &o, &stats), WT_OK);
	wt_reader_destroy(r);
}

/* {"id": id, "text": 120 words numbered from `from`, word `changed`
 * spelled differently} */
static char *record(const char *id, int from, int changed)
{
	char *s = malloc(4096);
	size_t l = (size_t)sprintf(s, "{\"id\":\"%s\",\"text\":\"", id);
	for (int i = 0; i < 120; i++)
		l += (size_t)sprintf(s + l, "%s%s%d%s", i ? " " : "",
		                     i == changed ? "other" : "word", from + i,
		                     i % 10 == 9 ? "." : "");
	sprintf(s + l, "\"}\n");
	return s;
}

static int find_group(const wt_dup_row *row, void *ctx)
{
	if (!strcmp(row->id, "copy"))
		snprintf(ctx, 16, "%s", row->group);
	return 0;
}

static wt_status found_state(state_io *r, void *ctx)
{
	(void)r;
	*(int *)ctx = 1;
	return WT_OK;
}

/* Two articles (orig, other) stored first, as one JSONL text in first,
 * and a copy of orig with one word changed; free the three. */
static void three_records(char **orig, char **other, char **copy, char first[8192])
{
	*orig = record("orig", 0, -1), *other = record("other", 5000, -1);
	*copy = record("copy", 0, 60);
	snprintf(first, 8192, "%s%s", *orig, *other);
}

/* The index over the stored groups is saved after an ingest; the next one
 * loads it and reads the stored shingle sets back (store_reader) to verify
 * candidates: a copy of an article stored before joins its group. An
 * in-memory store (no reader) keeps copies of the sets instead. */
Test(store, dedup_index_across_ingests)
{
	char *orig, *other, *copy, first[8192];
	three_records(&orig, &other, &copy, first);
	for (int mem = 0; mem < 2; mem++) {
		wt_store *s = st;
		if (mem) {
			s = wt_store_create();
			cr_assert_eq(wt_store_open(s, ":memory:", 0), WT_OK);
			cr_assert_null(store_reader_open(s));
		}
		ingest_jsonl(s, first);
		int64_t last = 0;
		cr_assert_eq(store_last_seq(s, "sketches", &last), WT_OK);
		cr_assert_eq(last, 2);
		int saved = 0;
		store_state_load(s, "dedup", last, found_state, &saved);
		cr_assert_eq(saved, !mem, "the index is saved for a store on disk");
		if (!mem) {
			store_reader *rd = store_reader_open(s);
			cr_assert_not_null(rd);
			wt_buf sh, id;
			buf_init(&sh);
			buf_init(&id);
			cr_assert_eq(store_reader_sketch(rd, 1, &sh, &id), WT_OK);
			cr_assert_str_eq(id.p, "orig");
			cr_assert_gt(sh.len, 0);
			cr_assert_eq(sh.len % sizeof(uint64_t), 0);
			/* narrowed sets, 4 bytes a shingle on disk */
			const uint64_t *v = (const uint64_t *)(const void *)sh.p;
			size_t n = sh.len / sizeof(uint64_t);
			for (size_t i = 0; i < n; i++)
				cr_assert(v[i] <= UINT32_MAX && (i == 0 || v[i - 1] < v[i]));
			char sql[96], want[32];
			snprintf(want, sizeof want, "%zu\n", 4 * n);
			snprintf(sql, sizeof sql,
			         "SELECT length(shingles) FROM sketches WHERE seq = 1");
			char *got = dump(dbpath, sql);
			cr_assert_str_eq(got, want);
			free(got);
			cr_assert_eq(store_reader_sketch(rd, 99, &sh, NULL), WT_ERR_NOTFOUND);
			buf_release(&sh);
			buf_release(&id);
			store_reader_close(rd);
		}
		ingest_jsonl(s, copy);
		char group[16] = "";
		cr_assert_eq(wt_store_dups(s, 0, find_group, group), WT_OK);
		cr_assert_str_eq(group, "orig", "store %d", mem);
		if (mem)
			wt_store_destroy(s);
	}
	store_reader_close(NULL);
	free(orig), free(other), free(copy);
}

/* ------------------------------------------- deferred analysis */
static void ingest_with(wt_store *s, const char *jsonl, int defer, wt_ingest_stats *stats)
{
	wt_reader *r = NULL;
	if (jsonl) {
		r = wt_reader_create(NULL);
		cr_assert_eq(wt_reader_add_buffer(r, "t.jsonl", jsonl, strlen(jsonl)), WT_OK);
	}
	wt_ingest_options o;
	wt_ingest_options_init(&o);
	o.batch_size = 2; /* several batches, more than the stages in flight */
	o.defer_analysis = defer;
	cr_assert_eq(wt_ingest(s, r, &o, stats), WT_OK);
	wt_reader_destroy(r);
}

static int add_dup(const wt_dup_row *row, void *ctx)
{
	char line[128];
	snprintf(line, sizeof line, "%s %s\n", row->id, row->group);
	strcat(ctx, line);
	return 0;
}

static int add_member(const wt_story_article *a, void *ctx)
{
	char line[128];
	snprintf(line, sizeof line, "%s %lld\n", a->id, (long long)a->story);
	strcat(ctx, line);
	return 0;
}

/* "id group" and "id story" lines of everything stored */
static void analysis_of(wt_store *s, char out[4096])
{
	out[0] = 0;
	cr_assert_eq(wt_store_dups(s, 1, add_dup, out), WT_OK);
	cr_assert_eq(wt_store_story_articles(s, -1, NULL, NULL, add_member, out), WT_OK);
}

/* Articles stored with defer_analysis are in no group or story; the next
 * ingest without it analyses them first, in storing order, then its own,
 * and the result is what ingesting everything at once gave; r = NULL only
 * catches up. Both for a store on disk (read back through a handle of its
 * own) and in memory (through the store, between batches). */
Test(store, deferred_analysis_caught_up_as_if_at_once)
{
	char *rec[8];
	const char *ids[8] = {"orig", "other", "b1", "b1copy", "c", "copy", "d", "dcopy"};
	const int from[8] = {0, 5000, 10000, 10000, 20000, 0, 30000, 30000};
	const int changed[8] = {-1, -1, -1, 7, -1, 60, -1, 90};
	char first[32768] = "", second[32768] = "";
	for (int i = 0; i < 8; i++) {
		rec[i] = record(ids[i], from[i], changed[i]);
		strcat(i < 5 ? first : second, rec[i]);
	}
	char want[4096], got[4096];
	for (int mem = 0; mem < 2; mem++) {
		wt_store *s[3];
		for (int k = 0; k < 3; k++) {
			char path[96];
			snprintf(path, sizeof path, "%s.%d", dbpath, k);
			unlink_store(path);
			s[k] = wt_store_create();
			cr_assert_eq(wt_store_open(s[k], mem ? ":memory:" : path, 0), WT_OK);
		}
		wt_ingest_stats stats;
		uint64_t n;
		/* at once */
		ingest_with(s[0], first, 0, &stats);
		ingest_with(s[0], second, 0, &stats);
		cr_assert_eq(stats.caught_up, 0);
		analysis_of(s[0], want);
		cr_assert(strstr(want, "b1copy b1\n") && strstr(want, "copy orig\n") &&
		              strstr(want, "dcopy d\n"),
		          "%s", want);
		/* deferred, then caught up by the next ingest */
		ingest_with(s[1], first, 1, &stats);
		cr_assert_eq(stats.added, 5);
		cr_assert_eq(wt_store_unanalyzed(s[1], &n), WT_OK);
		cr_assert_eq(n, 5);
		analysis_of(s[1], got);
		cr_assert_str_eq(got, "", "nothing analysed yet");
		ingest_with(s[1], second, 0, &stats);
		cr_assert_eq(stats.caught_up, 5);
		cr_assert_eq(stats.added, 3);
		cr_assert_eq(wt_store_unanalyzed(s[1], &n), WT_OK);
		cr_assert_eq(n, 0);
		analysis_of(s[1], got);
		cr_assert_str_eq(got, want, "store %d", mem);
		/* all deferred, then only caught up */
		ingest_with(s[2], first, 1, &stats);
		ingest_with(s[2], second, 1, &stats);
		cr_assert_eq(wt_store_unanalyzed(s[2], &n), WT_OK);
		cr_assert_eq(n, 8);
		ingest_with(s[2], NULL, 0, &stats);
		cr_assert_eq(stats.caught_up, 8);
		cr_assert_eq(stats.read + stats.added, 0);
		analysis_of(s[2], got);
		cr_assert_str_eq(got, want, "store %d", mem);
		ingest_with(s[2], NULL, 0, &stats);
		cr_assert_eq(stats.caught_up, 0, "caught up once");
		ingest_with(s[2], NULL, 1, &stats); /* nothing to read, nothing to analyse */
		cr_assert_eq(stats.read + stats.caught_up, 0);
		for (int k = 0; k < 3; k++) {
			char path[96];
			snprintf(path, sizeof path, "%s.%d", dbpath, k);
			wt_store_destroy(s[k]);
			unlink_store(path);
		}
	}
	for (int i = 0; i < 8; i++)
		free(rec[i]);
}

static void count_damaged(const char *msg, void *ctx)
{
	cr_assert(strstr(msg, "article b1 (row 2)"), "%s", msg);
	++*(int *)ctx;
}

/* A record stored without analysis and damaged since is left out of the
 * analysis, reported (named) and counted as skipped, once: the catch-up
 * goes on past it, with batches that hold nothing else too. */
Test(store, damaged_record_skipped_when_catching_up)
{
	char *rec[4];
	char all[16384] = "";
	for (int i = 0; i < 4; i++) {
		char id[16];
		snprintf(id, sizeof id, "b%d", i);
		rec[i] = record(id, 1000 * i, -1);
		strcat(all, rec[i]);
	}
	ingest_with(st, all, 1, &(wt_ingest_stats){0});
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(
	    sqlite3_exec(db, "UPDATE articles SET info = '{' WHERE id IN ('b1', 'b2', 'b3')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	wt_article out[2];
	int64_t rows[2], last = 0;
	size_t n = 0;
	wt_article_init(&out[0]), wt_article_init(&out[1]);
	cr_assert_eq(store_read_unanalyzed(st, 0, out, rows, 2, &n, &last, NULL, NULL),
	             WT_ERR_STORE, "damage is an error without a callback");
	int damaged = 0;
	cr_assert_eq(store_read_unanalyzed(st, 0, out, rows, 2, &n, &last, count_damaged, &damaged),
	             WT_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(last, 2, "the damaged row was looked at");
	cr_assert_eq(damaged, 1);
	wt_article_release(&out[0]), wt_article_release(&out[1]);
	wt_ingest_stats stats;
	/* batches of 2: {b0, b1}, then {b2, b3}: nothing but damage */
	ingest_with(st, NULL, 0, &stats);
	cr_assert_eq(stats.caught_up, 1);
	cr_assert_eq(stats.skipped, 3);
	cr_assert_eq(stats.skipped_by_status[WT_ERR_STORE], 3);
	char got[4096];
	analysis_of(st, got);
	cr_assert_str_eq(got, "b0 b0\nb0 0\n");
	for (int i = 0; i < 4; i++)
		free(rec[i]);
}

static wt_status body_has_briefing(const wt_article *a, int64_t story, void *ctx)
{
	(void)story;
	size_t bl;
	char *body = wt_article_body(a, &bl);
	if (strstr(body, "Get our morning briefing"))
		++*(int *)ctx;
	free(body);
	return WT_OK;
}

/* What the analysis reads back of stored articles (replaying stories,
 * catching up deferred ones) is what the ingest's analysis saw: without the
 * boilerplate learned since, which wt_store_get() shows removed. */
Test(store, analysis_reads_articles_as_the_ingest_saw_them)
{
	const char *topics[] = {"council budget", "harbour storm", "museum photographs",
	                        "runners hospital"};
	char jsonl[4096] = "";
	for (int i = 0; i < 4; i++) {
		char line[512];
		snprintf(line, sizeof line,
		         "{\"id\":\"b%d\",\"source\":\"planet\",\"text\":\"News of the %s "
		         "today.\\nGet our morning briefing in your inbox every day\"}\n",
		         i, topics[i]);
		strcat(jsonl, line);
	}
	ingest_with(st, jsonl, 0, &(wt_ingest_stats){0});
	wt_article g;
	wt_article_init(&g);
	cr_assert_eq(wt_store_get(st, "b1", 0, &g, NULL), WT_OK);
	cr_assert(
	    has_removed(&g, WT_RM_BOILERPLATE, "Get our morning briefing in your inbox every day"));
	wt_article_release(&g);
	int seen = 0;
	cr_assert_eq(store_replay_stories(st, body_has_briefing, &seen), WT_OK);
	cr_assert_eq(seen, 4, "replayed bodies as analysed: %d of 4", seen);
	/* stored without analysis after that, read back the same way */
	char more[512];
	snprintf(more, sizeof more,
	         "{\"id\":\"b9\",\"source\":\"planet\",\"text\":\"News of the ferry "
	         "today.\\nGet our morning briefing in your inbox every day\"}\n");
	ingest_with(st, more, 1, &(wt_ingest_stats){0});
	wt_article out[4];
	int64_t rows[4];
	size_t n = 0;
	for (int i = 0; i < 4; i++)
		wt_article_init(&out[i]);
	int64_t last = 0;
	cr_assert_eq(store_last_seq(st, "sketches", &last), WT_OK);
	int64_t seen_to = 0;
	cr_assert_eq(store_read_unanalyzed(st, last, out, rows, 4, &n, &seen_to, NULL, NULL),
	             WT_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(seen_to, last + 1);
	cr_assert_str_eq(out[0].id, "b9");
	cr_assert_eq(rows[0], last + 1);
	seen = 0;
	body_has_briefing(&out[0], 0, &seen);
	cr_assert_eq(seen, 1);
	for (int i = 0; i < 4; i++)
		wt_article_release(&out[i]);
}

static wt_status fill_some(state_io *w, void *ctx)
{
	(void)ctx;
	state_put(w, "state", 5);
	return WT_OK;
}

/* Engine state is saved only when the rows since the run began are the
 * run's own: rows of another ingest in between would be missing from it,
 * so any saved state is forgotten instead (the next ingest rebuilds). */
Test(store, state_saved_only_for_own_rows)
{
	char *a = record("a", 0, -1), *b = record("b", 500, -1);
	char both[8192];
	snprintf(both, sizeof both, "%s%s", a, b);
	ingest_jsonl(st, both);
	int saved = 0, found = 0;
	/* two rows after row 0: saved when the run wrote both */
	cr_assert_eq(store_state_save(st, "test", "sketches", 0, 2, fill_some, NULL, &saved),
	             WT_OK);
	cr_assert_eq(saved, 1);
	cr_assert_eq(store_state_load(st, "test", 2, found_state, &found), WT_OK);
	cr_assert_eq(found, 1);
	/* the run wrote one of them: another process wrote the other */
	cr_assert_eq(store_state_save(st, "test", "sketches", 0, 1, fill_some, NULL, &saved),
	             WT_OK);
	cr_assert_eq(saved, 0);
	cr_assert_eq(store_state_load(st, "test", 2, found_state, &found), WT_ERR_NOTFOUND);
	free(a), free(b);
}

/* A stream of `len` bytes: byte i is (i * 7 + i / 4096) & 0xFF. */
static wt_status fill_len(state_io *w, void *ctx)
{
	size_t len = *(size_t *)ctx;
	unsigned char b[4096];
	for (size_t off = 0; off < len; off += sizeof b) {
		size_t n = len - off < sizeof b ? len - off : sizeof b;
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)(((off + i) * 7 + (off + i) / 4096) & 0xFF);
		state_put(w, b, n);
	}
	return WT_OK;
}

typedef struct drained {
	size_t len;
	int ok;
} drained;

static wt_status drain_len(state_io *r, void *ctx)
{
	drained *d = ctx;
	unsigned char b[4096];
	d->ok = 1;
	for (size_t off = 0; off < d->len; off += sizeof b) {
		size_t n = d->len - off < sizeof b ? d->len - off : sizeof b;
		state_get(r, b, n);
		for (size_t i = 0; i < n && !r->err; i++)
			if (b[i] != (unsigned char)(((off + i) * 7 + (off + i) / 4096) & 0xFF))
				d->ok = 0;
	}
	/* nothing after the end */
	state_get(r, b, 1);
	if (!r->err)
		d->ok = 0;
	return WT_OK;
}

/* rowid of each saved part of "test" (-1: none), read on a connection of
 * the test's own */
static void part_rows(int64_t rows[4])
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (int p = 0; p < 4; p++) {
		sqlite3_stmt *q;
		sqlite3_prepare_v2(
		    db, "SELECT rowid FROM engine_state WHERE name = 'test' AND part = ?1", -1, &q,
		    NULL);
		sqlite3_bind_int(q, 1, p);
		rows[p] = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
}

/* A stream saved again rewrites only the 4 MB parts that changed (a
 * stream that grows at its end: its last part and the new ones), and
 * loses the parts past its new end. */
Test(store, state_rewrites_changed_parts_only)
{
	char *a = record("a", 0, -1);
	ingest_jsonl(st, a);
	size_t len = 9u << 20;
	int saved;
	drained d = {0, 0};
	int64_t before[4], after[4];
	cr_assert_eq(store_state_save(st, "test", "sketches", 0, 1, fill_len, &len, &saved), WT_OK);
	cr_assert(saved);
	part_rows(before);
	cr_assert(before[2] >= 0 && before[3] < 0, "three parts");
	len = 10u << 20; /* the same 9 MB and one more */
	cr_assert_eq(store_state_save(st, "test", "sketches", 0, 1, fill_len, &len, &saved), WT_OK);
	part_rows(after);
	cr_assert_eq(after[0], before[0], "part 0 kept");
	cr_assert_eq(after[1], before[1], "part 1 kept");
	cr_assert_neq(after[2], before[2], "part 2 rewritten");
	d.len = len;
	cr_assert_eq(store_state_load(st, "test", 1, drain_len, &d), WT_OK);
	cr_assert(d.ok, "the 10 MB stream reads back");
	len = 3u << 20;
	cr_assert_eq(store_state_save(st, "test", "sketches", 0, 1, fill_len, &len, &saved), WT_OK);
	part_rows(after);
	cr_assert(after[0] >= 0 && after[1] < 0 && after[2] < 0, "one part left");
	d.len = len;
	cr_assert_eq(store_state_load(st, "test", 1, drain_len, &d), WT_OK);
	cr_assert(d.ok, "the 3 MB stream reads back");
	free(a);
}

/* A query's rows as one string (fields '|', rows '\n'), on a connection
 * of the test's own to `path`. */
static char *dump(const char *path, const char *sql)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK, "%s", sql);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	out[0] = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(q); c++) {
			const char *v = (const char *)sqlite3_column_text(q, c);
			len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "NULL",
			                        c + 1 < sqlite3_column_count(q) ? '|' : '\n');
			cr_assert_lt(len, cap);
		}
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

static int count_rows(const char *path, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	char *s = dump(path, sql);
	int n = atoi(s);
	free(s);
	return n;
}

/* The paragraph rows of the store at `path` ("hash|source|ctx" lines in
 * key order), read through a handle of the test's own. */
static char *para_rows(const char *path)
{
	wt_store *s = wt_store_create();
	cr_assert_eq(wt_store_open(s, path, WT_STORE_READONLY), WT_OK);
	wt_buf b;
	buf_init(&b);
	cr_assert_eq(store_para_dump(s, &b), WT_OK);
	wt_store_destroy(s);
	char *out = buf_detach(&b, NULL);
	cr_assert_not_null(out);
	return out;
}

static int count_para_rows(const char *path)
{
	char *rows = para_rows(path);
	int n = 0;
	for (const char *p = rows; *p; p++)
		n += *p == '\n';
	free(rows);
	return n;
}

/* Two stores hold the same paragraph rows and the same boilerplate. */
static void same_paragraphs(const char *a, const char *b)
{
	char *x = para_rows(a), *y = para_rows(b);
	cr_assert_str_eq(x, y, "paragraph rows");
	free(x), free(y);
	const char *q = "SELECT hash, contexts FROM boilerplate ORDER BY 1";
	x = dump(a, q), y = dump(b, q);
	cr_assert_str_eq(x, y, "%s", q);
	free(x), free(y);
}

/* Both stores learn boilerplate (min 3), then hold the same paragraph rows
 * and boilerplate; `st` is the one at dbpath. */
static void learn_both(wt_store *one, const char *other)
{
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	cr_assert_eq(wt_store_learn_boilerplate(one, 3), WT_OK);
	same_paragraphs(dbpath, other);
}

/* Puts a cleaned article (in a batch of its own) and releases it. */
static void put_article(wt_store *s, wt_article *a)
{
	wt_article *batch[] = {a};
	cr_assert_eq(wt_store_put(s, batch, 1, NULL), WT_OK);
	wt_article_release(a);
}

/* A second store beside the one at dbpath, its path in other. */
static wt_store *open_other(char *other, size_t cap)
{
	snprintf(other, cap, "%s.one", dbpath);
	unlink_store(other);
	wt_store *one = wt_store_create();
	cr_assert_eq(wt_store_open(one, other, 0), WT_OK);
	return one;
}

/* Puts article i of a set of unrelated ones (one per batch): three
 * paragraphs, the last a footer some of them share. */
static void put_numbered(wt_store *s, int i)
{
	static const char *const footers[] = {"Get our morning briefing in your inbox every day",
	                                      "Listen to our podcast wherever you get podcasts"};
	char text[512], id[16];
	snprintf(text, sizeof text,
	         "Item %d: the council met on day %d to discuss the budget.\n"
	         "Speakers number %d and %d raised questions about roads.\n%s\n",
	         i, i * 3 + 1, i * 7, i * 11, footers[i % 2]);
	snprintf(id, sizeof id, "p%d", i);
	wt_article a;
	make(&a, id, i % 3 ? "planet" : "daily", text);
	put_article(s, &a);
}

/* Paragraph rows written as runs a few at a time (every 3 staged) end
 * where one run at learning ends, rows and boilerplate; articles wait in
 * para_pending until their rows are in a run; learning marks the runs it
 * has seen, and later runs are learned alone; runs are merged once there
 * are more than eight. */
Test(store, paragraph_rows_merged_in_chunks)
{
	char other[80];
	wt_store *one = open_other(other, sizeof other);
	store_set_para_chunk(st, 3);
	for (int i = 0; i < 8; i++) {
		put_numbered(st, i);
		put_numbered(one, i);
	}
	/* written as they came, a run each */
	cr_assert_eq(count_para_rows(dbpath), 8 * 3);
	cr_assert_eq(count_rows(dbpath, "para_runs"), 8);
	cr_assert_eq(count_rows(dbpath, "para_pending"), 0);
	cr_assert_eq(count_para_rows(other), 0);
	cr_assert_eq(count_rows(other, "para_pending"), 8);
	cr_assert_eq(store_para_pending(one), 1);
	learn_both(one, other);
	cr_assert_eq(count_rows(other, "para_pending"), 0);
	cr_assert_eq(store_para_pending(one), 0);
	cr_assert_eq(count_para_rows(dbpath), 8 * 3);
	char *learned = dump(dbpath, "SELECT count(*) FROM para_runs WHERE learned = 0");
	cr_assert_str_eq(learned, "0\n");
	free(learned);
	/* the podcast footer: three contexts in "planet"; the briefing has two
	 * per source */
	cr_assert_eq(count_rows(dbpath, "boilerplate"), 1);
	/* runs written after learning wait for the next one; the ninth run
	 * merges the newest ones */
	for (int i = 8; i < 12; i++) {
		put_numbered(st, i);
		put_numbered(one, i);
	}
	learned = dump(dbpath, "SELECT count(*) FROM para_runs WHERE learned = 0");
	cr_assert_str_eq(learned, "4\n");
	free(learned);
	learn_both(one, other);
	cr_assert_lt(count_rows(dbpath, "para_runs"), 12);
	cr_assert_eq(count_para_rows(dbpath), 12 * 3);
	learned = dump(dbpath, "SELECT count(*) FROM para_runs WHERE learned = 0");
	cr_assert_str_eq(learned, "0\n");
	free(learned);
	wt_store_destroy(one);
	unlink_store(other);
}

/* Another writer on the same store moving every staged paragraph row
 * (learning) between this one's moves, and staging rows of its own: no
 * row is lost or counted twice. */
Test(store, paragraph_rows_with_another_writer)
{
	char other[80];
	wt_store *one = open_other(other, sizeof other), *b = wt_store_create();
	cr_assert_eq(wt_store_open(b, dbpath, 0), WT_OK);
	store_set_para_chunk(st, 6);
	for (int i = 0; i < 12; i++) {
		/* b moves everything between st's moves (every 6 rows), and
		 * stores articles of its own */
		if (i == 3 || i == 7)
			cr_assert_eq(wt_store_learn_boilerplate(b, 3), WT_OK);
		put_numbered(i % 4 == 1 ? b : st, i);
		put_numbered(one, i);
	}
	learn_both(one, other);
	cr_assert_eq(count_rows(dbpath, "para_pending"), 0);
	wt_store_destroy(b);
	wt_store_destroy(one);
	unlink_store(other);
}

/* Puts an article with a byline and credits (removed spans) that shares
 * its last paragraph with the numbered ones. */
static void put_credited(wt_store *s, const char *id)
{
	wt_article a;
	make(&a, id, "planet",
	     "By Ana Ruiz and Li Wei\n"
	     "The bridge reopened on Tuesday after three weeks of repairs.\n"
	     "(Reporting by Ana Ruiz; Editing by Tom Hale)\n"
	     "Listen to our podcast wherever you get podcasts\n");
	cr_assert_gt(a.n_removed, 0, "byline and credits removed");
	put_article(s, &a);
}

/* The process that stored articles dies with their paragraph rows staged
 * (in memory): the articles are listed in para_pending, and the next
 * learning makes their rows again from the stored text and removed spans,
 * the rows a store that did not die holds. */
Test(store, paragraph_rows_of_a_dead_writer_made_again)
{
	char other[80];
	wt_store *one = open_other(other, sizeof other);
	for (int i = 0; i < 8; i++) {
		put_numbered(st, i);
		put_numbered(one, i);
	}
	put_credited(st, "c1");
	put_credited(one, "c1");
	store_para_forget(st); /* dies */
	wt_store_destroy(st);
	cr_assert_eq(count_para_rows(dbpath), 0);
	cr_assert_eq(count_rows(dbpath, "para_pending"), 9);
	st = wt_store_create();
	cr_assert_eq(wt_store_open(st, dbpath, 0), WT_OK);
	cr_assert_eq(store_para_pending(st), 1);
	store_set_para_chunk(st, 5); /* made again and moved a few at a time */
	learn_both(one, other);
	cr_assert_eq(count_rows(dbpath, "para_pending"), 0);
	cr_assert_eq(count_para_rows(dbpath), 8 * 3 + 2);
	/* the podcast footer: five contexts now (four in "planet") */
	char *bp = dump(dbpath, "SELECT contexts FROM boilerplate");
	cr_assert_str_eq(bp, "5\n");
	free(bp);
	wt_store_destroy(one);
	unlink_store(other);
}

/* A transaction rolled back takes the staged rows of its articles with it;
 * a handle destroyed moves the rows it staged. */
Test(store, paragraph_rows_follow_their_transaction)
{
	wt_article a;
	make(&a, "r1", "planet", "A paragraph that was never stored.\nNor was this one.\n");
	store_prep pre;
	cr_assert_eq(store_prepare(&a, &pre), WT_OK);
	cr_assert_eq(store_begin(st), WT_OK);
	wt_put_result res;
	int64_t seq;
	cr_assert_eq(store_insert(st, &a, &pre, &res, &seq), WT_OK);
	store_rollback(st);
	store_prep_release(&pre);
	wt_article_release(&a);
	put_numbered(st, 1);
	wt_store_destroy(st);
	st = NULL;
	cr_assert_eq(count_rows(dbpath, "articles"), 1);
	cr_assert_eq(count_para_rows(dbpath), 3, "the stored article's rows only");
	cr_assert_eq(count_rows(dbpath, "para_pending"), 0);
	st = wt_store_create();
	cr_assert_eq(wt_store_open(st, dbpath, 0), WT_OK);
}

/* Makes the store at dbpath an older one whose paragraph rows are in
 * tables (`sql` fills them), and opens it again. */
static void older_store(const char *sql)
{
	wt_store_destroy(st);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
	                          "DROP TABLE para_runs;"
	                          "CREATE TABLE para_ctx(hash INTEGER NOT NULL,"
	                          " source TEXT NOT NULL, ctx INTEGER NOT NULL,"
	                          " PRIMARY KEY(hash, source, ctx)) WITHOUT ROWID;"
	                          "CREATE TABLE para_dirty(hash INTEGER PRIMARY KEY);"
	                          "INSERT INTO para_ctx VALUES(7, 'a', 1), (-5, 'b', 2),"
	                          " (9, 'a', 1);"
	                          "INSERT OR REPLACE INTO meta(key, value)"
	                          " VALUES('boilerplate_min', '3');",
	                          NULL, NULL, NULL),
	             SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sql);
	sqlite3_close(db);
	st = wt_store_create();
	cr_assert_eq(wt_store_open(st, dbpath, 0), WT_OK);
	char *left = dump(dbpath, "SELECT count(*) FROM sqlite_master WHERE name IN"
	                          " ('para_ctx', 'para_new', 'para_dirty')");
	cr_assert_str_eq(left, "0\n", "the old tables dropped");
	free(left);
}

/* Stores made before paragraph rows were kept as runs hold them in a
 * b-tree (para_ctx), with the paragraphs not learned yet in para_dirty,
 * and older ones also in a table of unmerged rows (para_new): opening one
 * moves the rows to runs, once. A store that had learned them all stays
 * learned; one with rows not learned learns from scratch next time. */
Test(store, paragraph_rows_of_an_older_store_moved)
{
	older_store("SELECT 1");
	char *rows = para_rows(dbpath);
	cr_assert_str_eq(rows, "-5|b|2\n7|a|1\n9|a|1\n");
	free(rows);
	char *v = dump(dbpath, "SELECT learned FROM para_runs");
	cr_assert_str_eq(v, "1\n", "learned");
	free(v);
	v = dump(dbpath, "SELECT value FROM meta WHERE key = 'boilerplate_min'");
	cr_assert_str_eq(v, "3\n");
	free(v);

	older_store("INSERT INTO para_dirty VALUES(9);"
	            "CREATE TABLE para_new(hash INTEGER NOT NULL,"
	            " source TEXT NOT NULL, ctx INTEGER NOT NULL);"
	            "INSERT INTO para_new VALUES(7, 'a', 1), (7, 'b', 2), (11, 'c', 3);");
	rows = para_rows(dbpath);
	cr_assert_str_eq(rows, "-5|b|2\n7|a|1\n7|b|2\n9|a|1\n11|c|3\n");
	free(rows);
	v = dump(dbpath, "SELECT count(*) FROM meta WHERE key = 'boilerplate_min'");
	cr_assert_str_eq(v, "0\n", "learning starts over");
	free(v);
	cr_assert_eq(wt_store_learn_boilerplate(st, 3), WT_OK);
	v = dump(dbpath, "SELECT count(*) FROM para_runs WHERE learned = 0");
	cr_assert_str_eq(v, "0\n");
	free(v);
}

/* A worker's look at the store before cleaning: an article read again with
 * the fields it was stored with is found; one whose title only cleaning
 * fills in (so its fields as read differ from the stored ones) is not
 * found, and neither is changed text. */
Test(store, stored_article_recognized_before_cleaning)
{
	const char *text = "Storm closes harbour for two days\n"
	                   "The harbour was closed on Monday after a storm damaged the pier.\n";
	wt_article a;
	make(&a, "h1", "planet", text); /* cleaning takes the first line as title */
	cr_assert_str_eq(a.title, "Storm closes harbour for two days");
	wt_article *batch[] = {&a};
	cr_assert_eq(wt_store_put(st, batch, 1, NULL), WT_OK);
	store_reader *r = store_reader_open(st);
	cr_assert_not_null(r, "a store file in WAL mode has a reader");
	char hash[24];
	int has = -1;
	wt_article raw;
	wt_article_init(&raw);
	wt_article_set(&raw.id, "h1", (size_t)-1);
	wt_article_set(&raw.source, "planet", (size_t)-1);
	wt_article_set(&raw.text, text, (size_t)-1);
	raw.text_len = strlen(text);
	cr_assert_eq(store_reader_has(r, &raw, hash, &has), WT_OK);
	cr_assert_eq(has, 0, "no title as read: cleaning would fill it in");
	wt_article_set(&raw.title, "Storm closes harbour for two days", (size_t)-1);
	cr_assert_eq(store_reader_has(r, &raw, hash, &has), WT_OK);
	cr_assert_eq(has, 1);
	store_prep pre;
	cr_assert_eq(store_prepare(&a, &pre), WT_OK);
	cr_assert_str_eq(hash, pre.hash, "the content hash of the fields as read");
	store_prep_release(&pre);
	raw.text_len--; /* other content */
	cr_assert_eq(store_reader_has(r, &raw, hash, &has), WT_OK);
	cr_assert_eq(has, 0);
	store_reader_close(r);
	store_reader_close(NULL);
	wt_article_release(&a);
	wt_article_release(&raw);
}

/* Widens every stored shingle set of the store at `path` the way stores
 * kept them before they were narrowed (8 bytes a shingle): value v becomes
 * v << 32 | low, low counting up, so narrowing gives v back; and forgets
 * the format. Returns the number of sets. */
static int widen_sets(const char *path)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *q, *u;
	cr_assert_eq(sqlite3_prepare_v2(db,
	                                "SELECT seq, shingles FROM sketches"
	                                " WHERE length(shingles) > 0",
	                                -1, &q, NULL),
	             SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE sketches SET shingles = ?2 WHERE seq = ?1", -1,
	                                &u, NULL),
	             SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	int sets = 0;
	uint32_t low = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(q, 1);
		size_t n = (size_t)sqlite3_column_bytes(q, 1) / 4;
		uint64_t *w = malloc(n * sizeof(*w));
		for (size_t i = 0; i < n; i++, b += 4)
			w[i] = ((uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
			        (uint64_t)b[3] << 24)
			           << 32 |
			       low++;
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(q, 0));
		sqlite3_bind_blob(u, 2, w, (int)(n * sizeof(*w)), SQLITE_TRANSIENT);
		cr_assert_eq(sqlite3_step(u), SQLITE_DONE);
		sqlite3_reset(u);
		free(w);
		sets++;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(u);
	cr_assert_eq(sqlite3_exec(db, "DELETE FROM meta WHERE key = 'shingle_bytes'; COMMIT;", NULL,
	                          NULL, NULL),
	             SQLITE_OK);
	sqlite3_close(db);
	return sets;
}

static wt_status count_group(int64_t seq, const char *id, const uint64_t *sh, size_t n, void *ctx)
{
	(void)seq, (void)id;
	uint64_t *c = ctx;
	c[0]++;
	for (size_t i = 0; i < n; i++)
		c[1] |= sh[i];
	return WT_OK;
}

/* Stores made before shingle sets were narrowed kept 8 bytes a shingle. A
 * read-only handle reads them as they are; opening the store for writing
 * narrows them, once, and forgets the saved near-duplicate index (made
 * from the wide sets), which the next ingest rebuilds: a copy of a stored
 * article still joins its group. */
Test(store, shingle_sets_of_an_older_store_narrowed)
{
	char *orig, *other, *copy, first[8192];
	three_records(&orig, &other, &copy, first);
	ingest_jsonl(st, first);
	char *narrow = dump(dbpath, "SELECT seq, hex(shingles) FROM sketches ORDER BY seq");
	char *v = dump(dbpath, "SELECT value FROM meta WHERE key = 'shingle_bytes'");
	cr_assert_str_eq(v, "4\n");
	free(v);
	wt_store_destroy(st);
	cr_assert_eq(widen_sets(dbpath), 2);

	wt_store *ro = wt_store_create();
	cr_assert_eq(wt_store_open(ro, dbpath, WT_STORE_READONLY), WT_OK);
	uint64_t seen[2] = {0, 0};
	cr_assert_eq(store_load_groups(ro, count_group, seen), WT_OK);
	cr_assert_eq(seen[0], 2);
	cr_assert_gt(seen[1], UINT32_MAX, "a read-only handle reads the wide sets");
	wt_store_destroy(ro);

	st = wt_store_create();
	cr_assert_eq(wt_store_open(st, dbpath, 0), WT_OK);
	char *after = dump(dbpath, "SELECT seq, hex(shingles) FROM sketches ORDER BY seq");
	cr_assert_str_eq(after, narrow, "narrowed back to what was stored");
	v = dump(dbpath, "SELECT value FROM meta WHERE key = 'shingle_bytes'");
	cr_assert_str_eq(v, "4\n");
	free(v);
	v = dump(dbpath, "SELECT count(*) FROM meta WHERE key = 'state:dedup'");
	cr_assert_str_eq(v, "0\n", "the index of the wide sets is forgotten");
	free(v);
	v = dump(dbpath, "SELECT count(*) FROM engine_state WHERE name = 'dedup'");
	cr_assert_str_eq(v, "0\n");
	free(v);
	ingest_jsonl(st, copy);
	char group[16] = "";
	cr_assert_eq(wt_store_dups(st, 0, find_group, group), WT_OK);
	cr_assert_str_eq(group, "orig");
	free(narrow), free(after);
	free(orig), free(other), free(copy);
}

/* The `info` column as jansson wrote it before store_info_json() wrote it by
 * hand: the reference the hand-written text must equal byte for byte. */
static char *info_by_jansson(const wt_article *a)
{
	json_t *o = json_object(), *au = json_array(), *ag = json_array(), *rm = json_array();
	for (size_t i = 0; i < a->n_authors; i++)
		json_array_append_new(au, json_string(a->authors[i]));
	for (size_t i = 0; i < a->n_agencies; i++)
		json_array_append_new(ag, json_string(a->agencies[i]));
	for (size_t i = 0; i < a->n_removed; i++)
		json_array_append_new(rm, json_pack("{sIsIss}", "start",
		                                    (json_int_t)a->removed[i].start, "end",
		                                    (json_int_t)a->removed[i].end, "kind",
		                                    wt_removed_kind_name(a->removed[i].kind)));
	json_object_set_new(o, "authors", au);
	json_object_set_new(o, "agencies", ag);
	json_object_set_new(o, "removed", rm);
	if (a->dateline_place || a->dateline_date)
		json_object_set_new(
		    o, "dateline",
		    json_pack("{s:s?,s:s?}", "place", a->dateline_place, "date", a->dateline_date));
	if (a->extra) {
		json_t *x = json_loads(a->extra, 0, NULL);
		if (x)
			json_object_set_new(o, "extra", x);
	}
	if (a->utf8_repairs)
		json_object_set_new(o, "utf8_repairs", json_integer((json_int_t)a->utf8_repairs));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static char **strings(const char *const *v, size_t n)
{
	char **out = calloc(n ? n : 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = strdup(v[i]);
	return out;
}

Test(store, info_json_is_what_jansson_wrote)
{
	static const char *const names[] = {
	    "Ann \"Nan\" O'Brien",
	    "back\\slash / slash",
	    "tab\there\nnew line\r\b\f",
	    "ctl \x01\x1f\x7f end",
	    "Zo\xc3\xab \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x93\xb0",
	    "bad \xc3\x28 utf8",
	    "",
	    "\xed\xa0\x80 surrogate"};
	static const char *const extras[] = {
	    NULL, "{\"lang\":\"en\",\"n\":[1,2.5,null,true],\"o\":{\"k\":\"\\u0001\"}}", "not json",
	    "[1,2]", "{}"};
	size_t nn = sizeof names / sizeof *names;
	for (size_t k = 0; k < 40; k++) {
		wt_article a;
		wt_article_init(&a);
		size_t na = k % (nn + 1), ng = (k * 3) % 4;
		a.authors = strings(names + (nn - na), na);
		a.n_authors = na;
		a.agencies = strings(names + k % 4, ng);
		a.n_agencies = ng;
		a.n_removed = k % 5;
		a.removed = calloc(a.n_removed + 1, sizeof(*a.removed));
		for (size_t i = 0; i < a.n_removed; i++)
			a.removed[i] = (wt_removed){i * 1000 + k,
			                            i * 1000 + k * 7 + 123456789012ull * (k == 7),
			                            (wt_removed_kind)((i + k) % 8)};
		if (k % 3 != 0)
			a.dateline_place = strdup(names[k % nn]);
		if (k % 4 != 0)
			a.dateline_date = strdup(names[(k + 2) % nn]);
		if (extras[k % 5])
			a.extra = strdup(extras[k % 5]);
		a.utf8_repairs = k % 6 == 1 ? k * 1000003 : 0;
		char *want = info_by_jansson(&a), *got = store_info_json(&a);
		cr_assert(want && got);
		cr_assert_str_eq(got, want, "article %zu", k);
		free(want), free(got);
		wt_article_release(&a);
	}
}
