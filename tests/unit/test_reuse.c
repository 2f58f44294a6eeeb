/* test_reuse.c - reuse over a store: candidates, classes, the direction
 * rules (dates, credit lines, containment, common source), provenance. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <unistd.h>

static const char BASE[] =
    "The harbour board approved a plan to rebuild the old canal locks at Marrow Point on "
    "Tuesday. Engineers said the work would take four years and cost about 120 million. Board "
    "chair Ilse Varga said the gates had been closed since a flood damaged them last spring. "
    "Shipping firms welcomed the decision but warned that barge traffic would stay limited. "
    "Tender documents for the Marrow Point works will be published next month.";

static char dbpath[64];

static wt_store *store_with(const char *jsonl)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/wt-reuse-XXXXXX");
	int fd = mkstemp(dbpath);
	close(fd);
	unlink_store(dbpath);
	wt_store *s = wt_store_create();
	cr_assert_eq(wt_store_open(s, dbpath, 0), WT_OK);
	wt_reader *r = wt_reader_create(NULL);
	wt_reader_add_buffer(r, "t.jsonl", jsonl, strlen(jsonl));
	wt_ingest_stats st;
	cr_assert_eq(wt_ingest(s, r, NULL, &st), WT_OK);
	wt_reader_destroy(r);
	return s;
}

static void drop_store(wt_store *s)
{
	wt_store_destroy(s);
	unlink_store(dbpath);
}

typedef struct got {
	char src[8][32], cpy[8][32], why[8][64];
	wt_reuse_class cls[8];
	int directed[8];
	int n;
} got;

static int collect(const wt_reuse_edge *e, void *ctx)
{
	got *g = ctx;
	if (g->n < 8) {
		snprintf(g->src[g->n], 32, "%s", e->source->id);
		snprintf(g->cpy[g->n], 32, "%s", e->copy->id);
		snprintf(g->why[g->n], 64, "%s", e->evidence);
		g->cls[g->n] = e->cls;
		g->directed[g->n] = e->directed;
		g->n++;
	}
	return 0;
}

static char *jl(const char *id, const char *source, const char *date, const char *text)
{
	char *out = malloc(strlen(text) + 256);
	sprintf(out, "{\"id\":\"%s\"%s%s%s%s%s%s,\"text\":\"%s\"}\n", id,
	        source ? ",\"source\":\"" : "", source ? source : "", source ? "\"" : "",
	        date ? ",\"published\":\"" : "", date ? date : "", date ? "\"" : "", text);
	return out;
}

static got run(const char *a, const char *b, int all)
{
	char *both = malloc(strlen(a) + strlen(b) + 1);
	sprintf(both, "%s%s", a, b);
	wt_store *s = store_with(both);
	free(both);
	wt_reuse_options o;
	wt_reuse_options_init(&o);
	o.all = all;
	got g;
	memset(&g, 0, sizeof(g));
	wt_reuse_stats rs;
	cr_assert_eq(wt_reuse_run(s, &o, collect, &g, &rs), WT_OK);
	cr_assert_eq(rs.articles, 2);
	drop_store(s);
	return g;
}

Test(reuse, direction_from_dates)
{
	char *a = jl("late", NULL, "2024-05-02T10:00:00Z", BASE);
	char *b = jl("early", NULL, "2024-05-02T08:00:00Z", BASE);
	got g = run(a, b, 0);
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.src[0], "early");
	cr_assert_str_eq(g.cpy[0], "late");
	cr_assert_eq(g.cls[0], WT_REUSE_VERBATIM);
	cr_assert(g.directed[0]);
	cr_assert_str_eq(g.why[0], "published earlier");
	free(a), free(b);
}

Test(reuse, direction_from_credit_line)
{
	char credited[1024];
	snprintf(credited, sizeof credited, "%s\\n(Reporting by Reuters)", BASE);
	char *a = jl("outlet", "Daily Ledger", NULL, credited);
	char *b = jl("wire", "Reuters", NULL, BASE);
	got g = run(a, b, 0);
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.src[0], "wire");
	cr_assert_str_eq(g.why[0], "the copy credits the source's agency");
	free(a), free(b);
}

Test(reuse, direction_from_containment_and_common_source)
{
	char trimmed[1024];
	snprintf(trimmed, sizeof trimmed, "%.*s", (int)(strstr(BASE, "Shipping") - BASE), BASE);
	char *a = jl("trim", NULL, NULL, trimmed);
	char *b = jl("full", NULL, NULL, BASE);
	got g = run(a, b, 0);
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.src[0], "full");
	cr_assert_str_eq(g.why[0], "the copy is contained in the source");
	free(a), free(b);
	/* same text, no dates, no credits: siblings in id order */
	a = jl("zeta", NULL, NULL, BASE);
	b = jl("alpha", NULL, NULL, BASE);
	g = run(a, b, 0);
	cr_assert_eq(g.n, 1);
	cr_assert_not(g.directed[0]);
	cr_assert_str_eq(g.src[0], "alpha");
	cr_assert_str_eq(g.why[0], "common source");
	free(a), free(b);
}

Test(reuse, unrelated_and_identical)
{
	char *a = jl("bread", NULL, NULL,
	             "A small bakery in Old Quay won the national bread prize on Sunday for a rye "
	             "loaf made from a recipe in a family notebook. Judges praised the crust.");
	char *b = jl("canal", NULL, NULL, BASE);
	got g = run(a, b, 1);
	cr_assert_eq(g.n, 0, "nothing shared, nothing reported even with --all");
	free(a), free(b);
}

Test(reuse, provenance_origin_inherited)
{
	char credited[1024];
	snprintf(credited, sizeof credited, "%s\\n(Reporting by Reuters)", BASE);
	char doc[4096];
	char *w = jl("wire", "Reuters", "2024-05-02T08:00:00Z", BASE);
	char *c = jl("copy", "Daily Ledger", "2024-05-02T09:00:00Z", BASE);
	snprintf(doc, sizeof doc, "%s%s", w, c);
	wt_store *s = store_with(doc);
	wt_provenance g;
	cr_assert_eq(wt_provenance_build(s, NULL, &g), WT_OK);
	int found = 0;
	for (size_t i = 0; i < g.n_nodes; i++)
		if (!g.nodes[i].wire && !strcmp(g.nodes[i].id, "copy")) {
			cr_assert_eq(g.nodes[i].n_origins, 1);
			cr_assert_str_eq(g.nodes[i].origins[0], "Reuters");
			found = 1;
		}
	cr_assert(found);
	wt_provenance_release(&g);
	wt_reuse_options o;
	wt_reuse_options_init(&o);
	o.only = "nope";
	cr_assert_eq(wt_provenance_build(s, &o, &g), WT_ERR_NOTFOUND);
	drop_store(s);
	free(w), free(c);
	(void)credited;
}
