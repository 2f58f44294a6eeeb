/* test_story.c - online story grouping: similarity, name folding, the date
 * window (ageing), two events of one kind kept apart, follow-ups joining,
 * forced replay, merges, and BASIL from ../shared. Texts are made here. */
#include "helpers.h"
#include "internal.h"
#include "sketch.h"

#include <criterion/criterion.h>
#include <unistd.h>

static void art(wt_article *a, const char *id, const char *title, const char *date,
                const char *text)
{
	wt_article_init(a);
	wt_article_set(&a->id, id, (size_t)-1);
	if (title)
		wt_article_set(&a->title, title, (size_t)-1);
	if (date)
		wt_article_set(&a->published, date, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
	wt_article_clean(a, NULL);
}

static uint32_t add(wt_stories *s, const char *id, const char *title, const char *date,
                    const char *text)
{
	wt_article a;
	art(&a, id, title, date, text);
	uint32_t sid;
	cr_assert_eq(wt_stories_add(s, &a, -1, &sid, NULL), WT_OK);
	wt_article_release(&a);
	return wt_stories_resolve(s, sid);
}

static const char QUAKE_A1[] =
    "A strong earthquake struck the coastal town of Velmora on Monday, damaging the harbour "
    "and the old cathedral. Mayor Anika Rostova said 40 people were injured. Rescue teams "
    "from Karsk arrived at night.";
static const char QUAKE_A2[] =
    "Rescuers in Velmora searched collapsed homes after Monday's earthquake. Mayor Anika "
    "Rostowa, speaking at the damaged cathedral, said the harbour would stay closed. Teams "
    "from Karsk are helping.";
static const char QUAKE_B[] =
    "An earthquake shook the mountain village of Dunhollow on Monday. Governor Ellis Marsh "
    "said roads to the valley were blocked by landslides and that the school was evacuated "
    "as a precaution.";
static const char FOLLOWUP[] =
    "A day after the earthquake in Velmora, Mayor Anika Rostova asked for help to rebuild the "
    "harbour and the cathedral. Engineers from Karsk inspected the damage.";

Test(story, same_event_joins_other_event_stays_apart)
{
	wt_stories *s = wt_stories_create(NULL);
	uint32_t a1 = add(s, "a1", "Earthquake damages Velmora harbour", "2024-03-04", QUAKE_A1);
	uint32_t b = add(s, "b", "Landslides cut off Dunhollow", "2024-03-04", QUAKE_B);
	uint32_t a2 = add(s, "a2", "Velmora searches ruins after quake", "2024-03-04", QUAKE_A2);
	uint32_t f = add(s, "f", "Velmora asks for help", "2024-03-05", FOLLOWUP);
	cr_assert_eq(a1, a2, "the transliterated mayor and the place join them");
	cr_assert_neq(a1, b, "another earthquake the same day is another story");
	cr_assert_eq(f, a1, "a follow-up a day later joins");
	cr_assert_not_null(wt_stories_label(s, a1));
	wt_stories_destroy(s);
	wt_stories_destroy(NULL);
}

Test(story, old_stories_age_out)
{
	wt_stories *s = wt_stories_create(NULL);
	uint32_t a1 = add(s, "a1", "Earthquake damages Velmora harbour", "2024-03-04", QUAKE_A1);
	uint32_t a2 = add(s, "a2", "Velmora searches ruins", "2024-05-20", QUAKE_A2);
	cr_assert_neq(a1, a2, "two months later is outside the window");
	/* out of date order: an article dated before the story still joins */
	uint32_t a0 = add(s, "a0", "Velmora quake", "2024-03-03", QUAKE_A1);
	cr_assert_eq(a0, a1);
	wt_stories_destroy(s);
	wt_story_options o;
	wt_story_options_init(&o);
	o.window_days = 0;
	s = wt_stories_create(&o);
	a1 = add(s, "a1", NULL, "2024-03-04", QUAKE_A1);
	a2 = add(s, "a2", NULL, "2024-05-20", QUAKE_A2);
	cr_assert_eq(a1, a2, "without a window, dates do not matter");
	wt_stories_destroy(s);
}

Test(story, same_article_twice_and_forced_replay)
{
	wt_stories *s = wt_stories_create(NULL);
	uint32_t x = add(s, "a1", NULL, "2024-03-04", QUAKE_A1);
	uint32_t y = add(s, "a1", NULL, "2024-03-04", QUAKE_A1);
	cr_assert_eq(x, y, "an article arriving twice lands in its story");
	wt_article a;
	art(&a, "b", NULL, "2024-03-04", QUAKE_B);
	uint32_t sid;
	double score;
	cr_assert_eq(wt_stories_add(s, &a, 5, &sid, &score), WT_OK);
	cr_assert_eq(sid, 5, "replay creates the stories up to the stored number");
	cr_assert_geq(wt_stories_count(s), 6);
	wt_article_release(&a);
	wt_stories_destroy(s);
}

Test(story, converging_stories_merge)
{
	wt_story_options o;
	wt_story_options_init(&o);
	o.threshold = 0.9; /* joins are rare: stories start apart */
	o.merge_threshold = 0.3;
	wt_stories *s = wt_stories_create(&o);
	add(s, "a1", NULL, "2024-03-04", QUAKE_A1);
	add(s, "a2", NULL, "2024-03-04", QUAKE_A2);
	uint32_t merges[16][2];
	add(s, "a3", NULL, "2024-03-04", QUAKE_A1);
	size_t n = wt_stories_last_merges(s, merges, 16);
	cr_assert_geq(wt_stories_merges(s), 1, "the stories converged");
	(void)n;
	wt_stories_destroy(s);
}

Test(story, basil_bcubed)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/data/basil/articles.jsonl", shared_dir());
	if (access(p, R_OK) != 0)
		cr_skip_test("no ../shared/data/basil");
	wt_reader *r = wt_reader_create(NULL);
	cr_assert_eq(wt_reader_add_path(r, p), WT_OK);
	wt_stories *s = wt_stories_create(NULL);
	static wt_article a;
	static uint32_t story[400];
	static char ids[400][64];
	size_t n = 0;
	wt_article_init(&a);
	while (n < 400 && wt_reader_next(r, &a) == WT_OK) {
		wt_article_clean(&a, NULL);
		cr_assert_eq(wt_stories_add(s, &a, -1, &story[n], NULL), WT_OK);
		snprintf(ids[n], 64, "%s", a.id);
		n++;
	}
	wt_article_release(&a);
	wt_reader_destroy(r);
	cr_assert_eq(n, 300);
	/* B-cubed against gold.tsv */
	snprintf(p, sizeof p, "%s/data/basil/gold.tsv", shared_dir());
	FILE *g = fopen(p, "r");
	cr_assert_not_null(g);
	static char gold[400][128];
	char id[128], ev[128];
	while (fscanf(g, "%127s %127s", id, ev) == 2)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(ids[i], id))
				snprintf(gold[i], sizeof gold[i], "%s", ev);
	fclose(g);
	double P = 0, R = 0;
	for (size_t i = 0; i < n; i++) {
		double same = 0, pred = 0, truth = 0;
		uint32_t si = wt_stories_resolve(s, story[i]);
		for (size_t j = 0; j < n; j++) {
			int sp = wt_stories_resolve(s, story[j]) == si,
			    sg = !strcmp(gold[i], gold[j]);
			same += sp && sg;
			pred += sp;
			truth += sg;
		}
		P += same / pred;
		R += same / truth;
	}
	P /= (double)n, R /= (double)n;
	double F = 2 * P * R / (P + R);
	cr_assert_geq(F, 0.95, "B-cubed F1 %.3f (P %.3f R %.3f)", F, P, R);
	wt_stories_destroy(s);
}

/* ------------------------------------------------------------ save/load */
static const char *const SAVE_TEXTS[] = {QUAKE_A1, QUAKE_A2, QUAKE_B, FOLLOWUP};

static void add_round(wt_stories *s, int round, uint32_t *ids, double *scores)
{
	for (int i = 0; i < 4; i++) {
		char id[32], date[16];
		snprintf(id, sizeof id, "r%d-%d", round, i);
		snprintf(date, sizeof date, "2025-03-%02d", 1 + round * 5 + i / 2);
		wt_article a;
		art(&a, id, NULL, date, SAVE_TEXTS[i]);
		cr_assert_eq(wt_stories_add(s, &a, -1, &ids[i], &scores[i]), WT_OK);
		wt_article_release(&a);
	}
}

/* A saved and loaded engine goes on exactly as the one that was saved. */
Test(story, save_load_continues_identically)
{
	wt_stories *s = wt_stories_create(NULL);
	uint32_t ids[4], ids2[4];
	double sc[4], sc2[4];
	for (int round = 0; round < 3; round++)
		add_round(s, round, ids, sc);
	membuf m = {0};
	state_io w = {mem_write, &m, 0};
	cr_assert_eq(stories_save(s, &w), WT_OK);
	wt_stories *t = wt_stories_create(NULL);
	state_io r = {mem_read, &m, 0};
	cr_assert_eq(stories_load(t, &r), WT_OK);
	cr_assert_eq(m.off, m.len, "everything read back");
	cr_assert_eq(wt_stories_count(t), wt_stories_count(s));
	for (int round = 3; round < 6; round++) {
		add_round(s, round, ids, sc);
		add_round(t, round, ids2, sc2);
		for (int i = 0; i < 4; i++) {
			cr_assert_eq(ids[i], ids2[i]);
			cr_assert_float_eq(sc[i], sc2[i], 1e-12);
			cr_assert_str_eq(
			    wt_stories_label(s, ids[i]) ? wt_stories_label(s, ids[i]) : "",
			    wt_stories_label(t, ids2[i]) ? wt_stories_label(t, ids2[i]) : "");
		}
	}
	/* a cut stream, or other options, are refused */
	for (size_t cut = 0; cut < m.len; cut += m.len / 7 + 1) {
		membuf c = {m.p, cut, cut, 0};
		wt_stories *u = wt_stories_create(NULL);
		state_io rc = {mem_read, &c, 0};
		cr_assert_eq(stories_load(u, &rc), WT_ERR_STORE, "cut at %zu of %zu", cut, m.len);
		wt_stories_destroy(u);
	}
	wt_story_options o;
	wt_story_options_init(&o);
	o.window_days = 7;
	wt_stories *u = wt_stories_create(&o);
	m.off = 0;
	state_io ro = {mem_read, &m, 0};
	cr_assert_eq(stories_load(u, &ro), WT_ERR_ARG);
	wt_stories_destroy(u);
	free(m.p);
	wt_stories_destroy(s);
	wt_stories_destroy(t);
}

/* The story index keeps, per term, the newest `keep` stories, walked newest
 * first, across the inline, growing and ring layouts; saved and loaded
 * back equal; records out of range are damage. */
Test(story, index_keeps_newest_postings_in_order)
{
	static const uint16_t keeps[] = {1, 2, 3, 5, 128};
	for (size_t kk = 0; kk < sizeof keeps / sizeof keeps[0]; kk++) {
		uint16_t keep = keeps[kk];
		lsh_ring m;
		lsh_ring_init(&m, keep);
		enum { KEYS = 3000, ADDS = 20000 };
		static uint32_t ref[KEYS][ADDS / 16];
		static size_t cnt[KEYS];
		memset(cnt, 0, sizeof cnt);
		uint64_t x = 88172645463325252ull;
		for (uint32_t i = 0; i < ADDS; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* skewed: a few keys get most of the postings */
			size_t k = (x % 7 == 0) ? x % 5 : (x >> 8) % KEYS;
			if (cnt[k] == ADDS / 16)
				continue;
			ref[k][cnt[k]++] = i;
			cr_assert_eq(lsh_ring_add(&m, k * 0x9E3779B97F4A7C15ull, i), 0);
		}
		membuf buf = {0};
		state_io w = {mem_write, &buf, 0};
		lsh_ring_save(&m, &w);
		cr_assert_eq(w.err, 0);
		lsh_ring back;
		lsh_ring_init(&back, keep);
		state_io r = {mem_read, &buf, 0};
		lsh_ring_load(&back, &r, ADDS);
		cr_assert_eq(r.err, 0);
		cr_assert_eq(buf.off, buf.len);
		cr_assert_eq(back.entries, m.entries);
		for (size_t k = 0; k < KEYS; k++) {
			const lsh_ring *rings[2] = {&m, &back};
			for (int which = 0; which < 2; which++) {
				const lsh_list *l =
				    lsh_ring_find(rings[which], k * 0x9E3779B97F4A7C15ull);
				if (!cnt[k]) {
					cr_assert_null(l);
					continue;
				}
				cr_assert_not_null(l);
				size_t want = cnt[k] < keep ? cnt[k] : keep;
				cr_assert_eq(l->n, want, "keep %u key %zu", keep, k);
				for (size_t i = 0; i < want; i++)
					cr_assert_eq(lsh_list_at(l, i), ref[k][cnt[k] - 1 - i],
					             "keep %u key %zu newest %zu", keep, k, i);
			}
		}
		/* a record beyond the story count, or another keep, is damage */
		lsh_ring bad;
		lsh_ring_init(&bad, keep);
		buf.off = 0;
		state_io r2 = {mem_read, &buf, 0};
		lsh_ring_load(&bad, &r2, ADDS - 1);
		cr_assert_eq(r2.err, 1);
		lsh_ring_release(&bad);
		lsh_ring_init(&bad, (uint16_t)(keep + 1));
		buf.off = 0;
		state_io r3 = {mem_read, &buf, 0};
		lsh_ring_load(&bad, &r3, ADDS);
		cr_assert_eq(r3.err, 1);
		lsh_ring_release(&bad);
		lsh_ring_release(&back);
		lsh_ring_release(&m);
		free(buf.p);
	}
}

/* Candidate retrieval is bounded (postings walked per term, stories scored):
 * an article's story is still found among hundreds of stories that share
 * some of its words. (The fillers come first: the first articles of a
 * corpus see a young IDF, where common words still weigh much.) */
Test(story, candidates_among_many_similar_stories)
{
	wt_stories *s = wt_stories_create(NULL);
	static const char *const syl[] = {"bar", "cor", "dun", "fel", "gar", "hol", "kin", "lor",
	                                  "mer", "nor", "pel", "ros", "sal", "tor", "vin", "wel"};
	char text[512], title[128], id[32];
	for (int i = 0; i < 400; i++) {
		/* each filler: an earthquake in another harbour town, another mayor */
		char town[32], mayor[32];
		snprintf(town, sizeof town, "%s%s%s", syl[i % 16], syl[(i / 16) % 16],
		         syl[(i / 7) % 16]);
		town[0] = (char)(town[0] - 'a' + 'A');
		snprintf(mayor, sizeof mayor, "%s%sova", syl[(i * 7) % 16], syl[(i * 3) % 16]);
		mayor[0] = (char)(mayor[0] - 'a' + 'A');
		snprintf(
		    text, sizeof text,
		    "An earthquake struck the harbour town of %s on Monday. Mayor Lida %s said "
		    "%d people were hurt and the harbour was closed.",
		    town, mayor, 100 + i);
		snprintf(title, sizeof title, "Earthquake hits %s harbour", town);
		snprintf(id, sizeof id, "f%d", i);
		add(s, id, title, "2024-03-04", text);
	}
	size_t fillers = wt_stories_count(s);
	cr_assert_geq(fillers, 100, "the fillers are stories of their own (%zu)", fillers);
	uint32_t first = add(s, "a1", "Earthquake damages Velmora harbour", "2024-03-04", QUAKE_A1);
	cr_assert_geq(first, fillers, "Velmora starts a story");
	uint32_t again = add(s, "a2", "Velmora searches ruins after quake", "2024-03-04", QUAKE_A2);
	cr_assert_eq(again, first, "found among %zu stories", wt_stories_count(s));
	wt_stories_destroy(s);
}
