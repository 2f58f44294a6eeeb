/* test_collate.c - collation: quote extraction and attribution (straight and
 * curly marks, interrupted quotes, pronouns, inherited speakers), number
 * normalization (percent spellings, fractions, words, money, durations,
 * dates), alias grouping (transliterations, acronyms, last names, World War
 * Two / II), sentence groups and their order, discrepancies. Texts are made
 * here. */
#include "helpers.h"
#include "lexicon.h"

#include <criterion/criterion.h>
#include <string.h>

static void art(wt_article *a, const char *id, const char *text)
{
	wt_article_init(a);
	wt_article_set(&a->id, id, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
	wt_article_clean(a, NULL);
}

/* Collates n texts. */
static void collate(wt_collation *c, wt_article *a, const char *const *texts, size_t n)
{
	wt_article *ptr[8];
	char id[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "a%zu", i);
		art(&a[i], id, texts[i]);
		ptr[i] = &a[i];
	}
	cr_assert_eq(wt_collate(ptr, n, NULL, c), WT_OK);
}

static void release(wt_collation *c, wt_article *a, size_t n)
{
	wt_collation_release(c);
	for (size_t i = 0; i < n; i++)
		wt_article_release(&a[i]);
}

static const wt_quote *find_quote(const wt_collation *c, const char *prefix)
{
	for (size_t i = 0; i < c->n_quotes; i++)
		if (!strncmp(c->quotes[i].text, prefix, strlen(prefix)))
			return &c->quotes[i];
	return NULL;
}

static const wt_number *find_number(const wt_collation *c, const char *display)
{
	for (size_t i = 0; i < c->n_numbers; i++)
		if (!strcmp(c->numbers[i].display, display))
			return &c->numbers[i];
	return NULL;
}

static const wt_entity *find_entity(const wt_collation *c, const char *name)
{
	for (size_t i = 0; i < c->n_entities; i++)
		if (!strcmp(c->entities[i].name, name))
			return &c->entities[i];
	return NULL;
}

Test(collate, lexicon_tables_sorted)
{
	cr_assert(lex_lists_sorted());
}

Test(collate, lexicon_word_set_agrees_with_the_list)
{
	static const char *const w[] = {"a",    "and",  "be",    "because", "the",
	                                "them", "then", "there", "through", "zz12345x"};
	size_t n = sizeof(w) / sizeof(w[0]);
	lex_set s;
	cr_assert_eq(lex_set_init(&s, w, n), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert(lex_set_has(&s, w[i], strlen(w[i])), "%s", w[i]);
	static const char *const no[] = {"",       "an",      "th",        "thee", "ther",
	                                 "theres", "zz12345", "zz12345xy", "b",    "andthe"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		cr_assert_not(lex_set_has(&s, no[i], strlen(no[i])), "%s", no[i]);
		cr_assert_lt(lex_find(w, n, no[i], strlen(no[i])), 0);
	}
	cr_assert(lex_set_has(&s, "thereafter", 5), "a prefix given by length");
	static const char *const long_word[] = {"ninebytes"};
	cr_assert_eq(lex_set_init(&s, long_word, 1), -1, "words over 8 bytes are refused");
	cr_assert_not(lex_set_has(&s, "ninebytes", 9));
}

Test(collate, quotes_and_speakers)
{
	const char *t[] = {
	    "Mayor Lena Ortiz visited the harbour on Monday. \"We will rebuild the pier,\" Ortiz "
	    "said. \"It will take time.\"\n"
	    "Later she added: \xE2\x80\x9CNobody was hurt, and that is what matters.\xE2\x80\x9D\n"
	    "\xE2\x80\x9CThe water is rising,\xE2\x80\x9D said Captain Ivo Marek, \xE2\x80\x9C"
	    "and we "
	    "must move the boats.\xE2\x80\x9D\n"
	    "A port official said the cost was \"unknown\"."};
	wt_article a[1];
	wt_collation c;
	collate(&c, a, t, 1);
	const wt_quote *q = find_quote(&c, "We will rebuild the pier");
	cr_assert(q && q->speaker);
	cr_assert_str_eq(q->speaker, "Lena Ortiz");
	/* the next sentence's quote inherits its speaker */
	q = find_quote(&c, "It will take time");
	cr_assert(q && q->speaker && q->refs[0].inherited);
	cr_assert_str_eq(q->speaker, "Lena Ortiz");
	/* a pronoun resolved to the last person named */
	q = find_quote(&c, "Nobody was hurt");
	cr_assert(q && q->speaker && q->refs[0].pronoun);
	cr_assert_str_eq(q->speaker, "Lena Ortiz");
	/* interrupted by its attribution: one quote, the speaker after the verb */
	q = find_quote(&c, "The water is rising");
	cr_assert(q && strstr(q->text, "we must move the boats"), "%s", q ? q->text : "-");
	cr_assert_str_eq(q->speaker, "Ivo Marek");
	/* a one-word quote is a fragment */
	q = find_quote(&c, "unknown");
	cr_assert(q && q->fragment);
	/* offsets point at the quoted words in the original text */
	q = find_quote(&c, "We will rebuild");
	cr_assert_eq(strncmp(a[0].text + q->refs[0].ref.start, "We will rebuild", 15), 0);
	release(&c, a, 1);
}

Test(collate, quotes_linked_across_articles)
{
	const char *t[] = {
	    "\"We still have different positions,\" Ortiz told reporters on Monday.",
	    "\"There was a long talk, and frankly we still have different positions,\" "
	    "Lena Ortiz said after the meeting.",
	    "\"We still hold different positions,\" Ortiz said."};
	wt_article a[3];
	wt_collation c;
	collate(&c, a, t, 3);
	const wt_quote *q = find_quote(&c, "There was a long talk");
	cr_assert(q);
	cr_assert_eq(q->n_articles, 3, "linked in %zu articles", q->n_articles);
	int shorter = 0, variant = 0;
	for (size_t r = 0; r < q->n_refs; r++) {
		shorter += q->refs[r].relation == WT_QUOTE_SHORTER;
		variant += q->refs[r].relation == WT_QUOTE_VARIANT;
	}
	cr_assert_eq(shorter, 1);
	cr_assert_eq(variant, 1);
	cr_assert(q->differs);
	cr_assert_str_eq(q->speaker, "Lena Ortiz");
	release(&c, a, 3);
}

Test(collate, numbers_normalized)
{
	const char *t[] = {
	    "Officials agreed on 90% of the issues. The storm cut power to "
	    "three-quarters of homes. Repairs cost $2.5 billion and took five hours. "
	    "The plant opened in February 2022 and closed on Dec. 2.",
	    "Officials agreed on 90 per cent of the issues, and 75 percent of homes "
	    "lost power. Repairs took 5 hours.",
	    "Agreement covers 90 percent of the issues, officials said."};
	wt_article a[3];
	wt_collation c;
	collate(&c, a, t, 3);
	const wt_number *n = find_number(&c, "90%");
	cr_assert(n);
	cr_assert_eq(n->n_articles, 3);
	cr_assert_str_eq(n->head, "issues");
	n = find_number(&c, "75%");
	cr_assert(n && n->n_articles == 2, "three-quarters = 75 percent");
	n = find_number(&c, "USD 2.5e+09");
	cr_assert(n);
	cr_assert_str_eq(n->kind, "money");
	cr_assert_eq(strcmp(n->refs[0].ref.text, "$2.5 billion"), 0, "%s", n->refs[0].ref.text);
	n = find_number(&c, "5 hours");
	cr_assert(n && n->n_articles == 2);
	cr_assert(find_number(&c, "2022-02"));
	cr_assert(find_number(&c, "--12-02"));
	release(&c, a, 3);
}

/* A month makes a date of a day or a four-digit year only (the fuzz target
 * found "May" before a 32-digit number taken for a year). */
Test(collate, dates_need_a_day_or_a_year)
{
	const char *t[] = {"The fort fell in June 1812 and was rebuilt by 15 December 1814. "
	                   "In May 66666666666666666666666666666667 ants were counted. "
	                   "On March 45 nothing happened."};
	wt_article a[1];
	wt_collation c;
	collate(&c, a, t, 1);
	cr_assert(find_number(&c, "1812-06"));
	cr_assert(find_number(&c, "--12-15"));
	for (size_t i = 0; i < c.n_numbers; i++)
		if (!strcmp(c.numbers[i].kind, "date"))
			cr_assert(c.numbers[i].value < 300000, "%s", c.numbers[i].display);
	cr_assert(find_number(&c, "45"), "March 45 is no date");
	release(&c, a, 1);
}

Test(collate, number_discrepancies)
{
	const char *t[] = {"Envoys worked to end the nearly three-year war. Officials praised the "
	                   "effort after nearly four years of defence against the invasion. A poll "
	                   "found 72% of voters back a deal while 40% of farmers want more aid.",
	                   "The storm killed 12 people in the valley, police said.",
	                   "The storm killed 15 people in the valley, police said on Tuesday."};
	wt_article a[3];
	wt_collation c;
	collate(&c, a, t, 3);
	int war = 0, storm = 0;
	for (size_t i = 0; i < c.n_discrepancies; i++) {
		const wt_discrepancy *d = &c.discrepancies[i];
		if (d->within && strstr(d->a_ref.text, "year") && strstr(d->b_ref.text, "year"))
			war = 1;
		if (!d->within && d->a_ref.article != d->b_ref.article)
			storm = 1;
		/* different quantities are not disagreements */
		cr_assert(strcmp(c.numbers[d->a].kind, "percent"), "%s vs %s", d->a_ref.text,
		          d->b_ref.text);
	}
	cr_assert(war, "three-year vs four years flagged");
	cr_assert(storm, "12 vs 15 people killed flagged");
	release(&c, a, 3);
}

Test(collate, aliases_grouped)
{
	const char *t[] = {
	    "Ukrainian President Volodymyr Zelenskiy met U.S. officials. Zelenskiy "
	    "said the United States would help. It was the worst war since World War "
	    "Two.",
	    "President Volodymyr Zelensky spoke with US envoys. The US said Zelensky "
	    "was firm, recalling World War II.",
	    "Volodymyr Zelenskyy thanked the European Union. The EU said Zelenskyy "
	    "would visit."};
	wt_article a[3];
	wt_collation c;
	collate(&c, a, t, 3);
	const wt_entity *z = NULL;
	for (size_t i = 0; i < c.n_entities && !z; i++)
		if (strstr(c.entities[i].name, "Zelensk"))
			z = &c.entities[i];
	cr_assert(z);
	int n = 0;
	for (size_t i = 0; i < c.n_entities; i++)
		n += strstr(c.entities[i].name, "Zelensk") != NULL;
	cr_assert_eq(n, 1, "one Zelenskiy entity, got %d", n);
	cr_assert_eq(z->kind, WT_ENT_PERSON);
	cr_assert(z->mentions[0] && z->mentions[1] && z->mentions[2]);
	const wt_entity *us = find_entity(&c, "United States");
	cr_assert(us, "US, U.S. and United States grouped under United States");
	cr_assert_geq(us->n_aliases, 3);
	const wt_entity *eu = find_entity(&c, "European Union");
	cr_assert(eu && eu->n_aliases == 2);
	const wt_entity *ww = find_entity(&c, "World War Two");
	if (!ww)
		ww = find_entity(&c, "World War II");
	cr_assert(ww && ww->n_aliases == 2);
	/* a word capitalised only because it starts a sentence is no name */
	cr_assert_null(find_entity(&c, "It"));
	release(&c, a, 3);
}

Test(collate, groups_and_order)
{
	const char *t[] = {
	    "The bridge over the Velna river closed on Tuesday after a storm. Engineers "
	    "found two damaged cables on the north side. The city will pay for the "
	    "repairs from its reserve fund. Traffic was sent to the old ferry.",
	    "A storm forced the bridge over the Velna river to close on Tuesday. Police "
	    "said nobody was hurt. Engineers found two damaged cables on the north "
	    "side. Traffic was sent to the old ferry."};
	wt_article a[2];
	wt_collation c;
	collate(&c, a, t, 2);
	/* 4 + 4 sentences, 3 shared: 5 groups */
	cr_assert_eq(c.n_groups, 5, "%zu groups", c.n_groups);
	size_t shared = 0, unique = 0;
	for (size_t g = 0; g < c.n_groups; g++) {
		shared += c.groups[g].n_articles == 2;
		unique += c.groups[g].unique;
	}
	cr_assert_eq(shared, 3);
	cr_assert_eq(unique, 2);
	/* order: the spine's order, the other's additions where they come */
	cr_assert(strstr(c.groups[0].refs[0].text, "closed on Tuesday") ||
	          strstr(c.groups[0].refs[0].text, "forced the bridge"));
	cr_assert(strstr(c.groups[c.n_groups - 1].refs[0].text, "ferry"));
	size_t police = c.n_groups, cables = c.n_groups;
	for (size_t g = 0; g < c.n_groups; g++) {
		if (strstr(c.groups[g].refs[0].text, "nobody was hurt"))
			police = g;
		if (strstr(c.groups[g].refs[0].text, "damaged cables"))
			cables = g;
	}
	cr_assert(police < cables, "the unique sentence stays before the one it preceded");
	/* spans index the original texts */
	for (size_t g = 0; g < c.n_groups; g++)
		for (size_t r = 0; r < c.groups[g].n_refs; r++) {
			const wt_cref *x = &c.groups[g].refs[r];
			cr_assert_eq(
			    strncmp(a[x->article].text + x->start, x->text, x->end - x->start), 0);
		}
	/* JSON and text outputs */
	char *j = wt_collation_json(&c, 3, "Bridge", 0);
	cr_assert(j && strstr(j, "\"story\":3") && strstr(j, "\"unique\":["));
	free(j);
	char *tx = wt_collation_text(&c, 3, "Bridge");
	cr_assert(tx && strstr(tx, "ACCOUNT"));
	free(tx);
	release(&c, a, 2);
}

Test(collate, places_by_name_demonym_and_capital)
{
	const char *united[] = {"united", "states", "officials"};
	const size_t ul[] = {6, 6, 9};
	size_t used = 0;
	const char *k = lex_place(united, ul, 3, &used);
	cr_assert(k && !strcmp(k, "united states") && used == 2);
	const char *uae[] = {"united", "arab", "emirates"};
	const size_t al[] = {6, 4, 8};
	k = lex_place(uae, al, 3, &used);
	cr_assert(k && !strcmp(k, "united arab emirates") && used == 3, "the longest name wins");
	const char *one[][1] = {{"washington"}, {"kyiv"}, {"american"}, {"kremlin"}};
	const char *want[] = {"united states", "ukraine", "united states", "russia"};
	for (size_t i = 0; i < 4; i++) {
		size_t l = strlen(one[i][0]);
		k = lex_place(one[i], &l, 1, &used);
		cr_assert(k && !strcmp(k, want[i]) && used == 1, "%s", one[i][0]);
	}
	const char *none[] = {"georgia"};
	size_t nl = 7;
	cr_assert_null(lex_place(none, &nl, 1, &used), "names of other things too are left out");
	const char *unitedk[] = {"united"};
	size_t ukl = 6;
	cr_assert_null(lex_place(unitedk, &ukl, 1, &used));
}

/* The same claim naming the countries by capital in one article and by
 * name in the others is one sentence group; "us" the pronoun is no
 * country. */
Test(collate, sentence_groups_match_countries_by_capital)
{
	const char *t[] = {
	    "Washington has offered Kyiv a grain credit worth 40 million dollars, officials said. "
	    "The harbour of Odesa reopened for cargo ships on Friday.",
	    "The United States offered Ukraine a grain credit, according to officials. "
	    "Farmers were waiting for the first payments.",
	    "U.S. negotiators offered the Ukrainian government a grain credit on Thursday. "
	    "Let us hope the ships come back, a trader said."};
	wt_article a[3];
	wt_collation c;
	collate(&c, a, t, 3);
	const wt_sentence_group *g = NULL;
	for (size_t i = 0; i < c.n_groups && !g; i++)
		if (strstr(c.groups[i].refs[0].text, "grain credit"))
			g = &c.groups[i];
	cr_assert(g);
	cr_assert_eq(g->n_articles, 3, "the grain credit in %zu articles", g->n_articles);
	for (size_t i = 0; i < c.n_groups; i++)
		if (strstr(c.groups[i].refs[0].text, "Let us hope"))
			cr_assert(c.groups[i].unique, "the pronoun matched the country");
	release(&c, a, 3);
}

Test(collate, empty_and_deterministic)
{
	wt_collation c;
	cr_assert_eq(wt_collate(NULL, 0, NULL, &c), WT_OK);
	cr_assert_eq(c.n_groups, 0);
	wt_collation_release(&c);
	const char *t[] = {"One. Two words here. \"Unclosed quote at the end",
	                   "\"\" \xE2\x80\x9C\xE2\x80\x9D 12% of 0. $ million."};
	wt_article a[2];
	collate(&c, a, t, 2);
	char *j1 = wt_collation_json(&c, -1, NULL, 0);
	release(&c, a, 2);
	collate(&c, a, t, 2);
	char *j2 = wt_collation_json(&c, -1, NULL, 0);
	cr_assert(j1 && j2);
	cr_assert_str_eq(j1, j2);
	free(j1), free(j2);
	release(&c, a, 2);
}
