/*
 * gen.c - deterministic synthetic news corpus generator with ground truth.
 *
 * Every word comes from this file's own vocabulary and sentence templates
 * (no copied articles). For each event it writes a wire original and, drawn
 * at random, verbatim reprints wrapped in outlet boilerplate, trimmed
 * copies, lightly edited copies (synonyms, number formats, an inserted
 * sentence), partially rewritten copies (reordered, paraphrased), and
 * independent reports of the same event that share names, numbers and
 * quotes; plus unrelated single articles. Dates and sources on every
 * article.
 *
 * usage: gen [--articles N | --mb M] [--seed S] --out DIR
 * writes DIR/articles.jsonl, DIR/reuse.tsv (source, copy, class: the
 * source first, so the direction is source -> copy), DIR/stories.tsv
 * (article id, story id) and DIR/dups.tsv (id a, id b, Jaccard,
 * containment of a in b, of b in a) for every pair of one story with a
 * Jaccard or containment of at least 0.05. Similarities are exact, over
 * the word 5-gram sets of the cleaned bodies as libwiretrace defines them
 * (wt_article_clean, wt_shingles_from_text); articles of different stories
 * share no 5-gram beyond stock phrases, so pairs across stories are not
 * listed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wiretrace.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}
#define PICK(a) (a[rn(sizeof(a) / sizeof(a[0]))])

static const char *syl[] = {"ka",  "lo", "mi",  "ren", "ta",  "vos", "dra", "el",  "no", "bri",
                            "sen", "ul", "mar", "te",  "gor", "ai",  "phi", "lin", "zu", "ost"};
static const char *agencies[] = {"Reuters", "AP", "AFP", "Bloomberg", "dpa"};
static const char *outlets[] = {
    "Daily Ledger",     "Morning Post",  "City Herald", "Valley Times",   "Northern Star",
    "Evening Standard", "Coast Gazette", "Metro Wire",  "Capital Review", "River Courier"};
static const char *kinds[] = {"earthquake", "flood", "strike", "election", "merger",
                              "trial",      "storm", "summit", "protest",  "wildfire"};
static const char *roles[] = {"minister", "mayor",        "spokesperson", "chief executive",
                              "governor", "union leader", "judge",        "police chief"};
static const char *orgs_a[] = {"National", "Federal", "United", "Central", "Regional"};
static const char *orgs_b[] = {"Council", "Agency", "Authority", "Union", "Bank", "Party"};
static const char *months[] = {"Jan",  "Feb", "March", "April", "May", "June",
                               "July", "Aug", "Sept",  "Oct",   "Nov", "Dec"};

/* synonym pairs used by edits and rewrites */
static const char *syn[][2] = {{"said", "stated"},
                               {"officials", "authorities"},
                               {"began", "started"},
                               {"announced", "declared"},
                               {"large", "major"},
                               {"residents", "locals"},
                               {"damage", "destruction"},
                               {"talks", "negotiations"},
                               {"rose", "climbed"},
                               {"help", "assist"},
                               {"warned", "cautioned"},
                               {"quickly", "rapidly"},
                               {"people", "citizens"},
                               {"city", "town"},
                               {"expected", "anticipated"},
                               {"about", "around"},
                               {"plans", "proposals"},
                               {"agreed", "consented"},
                               {"reported", "noted"},
                               {"after", "following"},
                               {"hit", "struck"},
                               {"leaving", "stranding"},
                               {"power", "electricity"},
                               {"affected", "impacted"},
                               {"reached", "covered"},
                               {"teams", "crews"},
                               {"emergency", "urgent"},
                               {"funding", "aid"},
                               {"returning", "coming back"},
                               {"roads", "streets"},
                               {"extensive", "widespread"},
                               {"cost", "bill"},
                               {"coming", "next"},
                               {"leaders", "officials"},
                               {"last", "run"},
                               {"homes", "houses"},
                               {"count", "tally"},
                               {"schools", "classrooms"},
                               {"closed", "shut"},
                               {"region", "area"},
                               {"families", "households"},
                               {"income", "earnings"},
                               {"businesses", "shops"},
                               {"stable", "steady"},
                               {"traffic", "congestion"},
                               {"sharply", "steeply"},
                               {"government", "cabinet"},
                               {"report", "assessment"},
                               {"volunteers", "helpers"},
                               {"arrived", "gathered"},
                               {"damaged", "hit"},
                               {"statement", "release"},
                               {"reporters", "journalists"},
                               {"though", "although"}};

typedef struct event {
	char place[32], person[2][40], role[2][24], org[48], kind[16];
	int num[4], month, day, year;
	char quote[2][200];
	char words[12][16]; /* the story's own vocabulary */
	int story;
} event;

static void name(char *out, size_t n, int parts, int cap)
{
	out[0] = 0;
	for (int i = 0; i < parts; i++)
		strncat(out, syl[rn(20)], n - strlen(out) - 1);
	if (cap && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 32);
}

static void person(char *out, size_t n)
{
	char a[16], b[24];
	name(a, sizeof a, 2, 1);
	name(b, sizeof b, 3, 1);
	snprintf(out, n, "%s %s", a, b);
}

typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void sadd(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 64;
		b->p = realloc(b->p, b->cap);
	}
}

static void make_event(event *e, int story)
{
	memset(e, 0, sizeof *e);
	e->story = story;
	name(e->place, sizeof e->place, 2 + (int)rn(2), 1);
	for (int i = 0; i < 2; i++) {
		person(e->person[i], sizeof e->person[i]);
		snprintf(e->role[i], sizeof e->role[i], "%s", PICK(roles));
	}
	char w[16];
	name(w, sizeof w, 2, 1);
	snprintf(e->org, sizeof e->org, "%s %s %s", PICK(orgs_a), w, PICK(orgs_b));
	snprintf(e->kind, sizeof e->kind, "%s", PICK(kinds));
	for (int i = 0; i < 4; i++)
		e->num[i] = 2 + (int)rn(i == 0 ? 98 : 5000);
	e->month = (int)rn(12), e->day = 1 + (int)rn(28), e->year = 2020 + (int)rn(6);
	char a[20], b[20], c[20];
	name(a, sizeof a, 2, 0), name(b, sizeof b, 3, 0), name(c, sizeof c, 2, 0);
	for (int i = 0; i < 12; i++)
		name(e->words[i], sizeof e->words[i], 2 + (int)rn(2), 0);
	snprintf(e->quote[0], sizeof e->quote[0],
	         "We will not stop until every family in %s is safe and the %s is behind us",
	         e->place, e->kind);
	snprintf(e->quote[1], sizeof e->quote[1],
	         "The %s has made clear that the %s plans will go ahead as agreed", e->org, a);
	(void)b, (void)c;
}

/* A sentence of an independent report: the same facts (names, numbers,
 * quotes) in the outlet's own words. */
static void independent_sentence(sbuf *b, const event *e, int k)
{
	const char *P0 = e->person[0], *P1 = e->person[1];
	switch (k % 12) {
	case 0:
		sadd(b,
		     "In %s, thousands spent the night outdoors as the %s cut electricity to %d "
		     "people.",
		     e->place, e->kind, e->num[1]);
		break;
	case 1:
		sadd(b, "Rescue crews have now covered %d%% of the zone, according to %s.",
		     e->num[0], P0);
		break;
	case 2: sadd(b, "Speaking to our correspondent, %s said: \"%s.\"", P0, e->quote[0]); break;
	case 3:
		sadd(b, "A sum of %d million has been set aside by the %s, a spokesman confirmed.",
		     e->num[2] % 900 + 10, e->org);
		break;
	case 4:
		sadd(b,
		     "Our reporter in %s described streets covered in debris and shuttered shops.",
		     e->place);
		break;
	case 5:
		sadd(b,
		     "%s cautioned on our programme that the bill for repairs might keep growing.",
		     P1);
		break;
	case 6: sadd(b, "Asked about the plans, %s replied that \"%s\".", P1, e->quote[1]); break;
	case 7:
		sadd(b,
		     "Engineers counted %d houses with serious structural problems by nightfall.",
		     e->num[3]);
		break;
	case 8:
		sadd(b,
		     "Parents in %s were told to keep children at home for the rest of the week.",
		     e->place);
		break;
	case 9:
		sadd(b,
		     "Many older residents recalled a similar %s that struck the area years ago.",
		     e->kind);
		break;
	case 10:
		sadd(b, "Opposition figures criticised the slow response of the %s on Tuesday.",
		     e->org);
		break;
	default:
		sadd(b, "Charities opened shelters in schools and churches across the province.");
		break;
	}
}

/* One sentence of kind k about event e, into b (no trailing space). */
static void sentence(sbuf *b, const event *e, int k, int variant)
{
	const char *P0 = e->person[0], *P1 = e->person[1];
	if (variant) {
		independent_sentence(b, e, k);
		return;
	}
	switch (k % 16) {
	case 0:
		sadd(b,
		     "A large %s hit %s on %s %d, officials said, leaving about %d people without "
		     "power.",
		     e->kind, e->place, months[e->month], e->day, e->num[1]);
		break;
	case 1:
		sadd(b,
		     "The %s %s said %d%% of the affected area had been reached by rescue teams.",
		     e->role[0], P0, e->num[0]);
		break;
	case 2: sadd(b, "\"%s,\" %s told reporters.", e->quote[0], P0); break;
	case 3:
		sadd(b, "The %s announced emergency funding of %d million for %s.", e->org,
		     e->num[2] % 900 + 10, e->place);
		break;
	case 4:
		sadd(b,
		     "Residents began returning to %s after the %s, though damage to roads was "
		     "extensive.",
		     e->place, e->kind);
		break;
	case 5:
		sadd(b, "%s, the %s, warned that the cost could rise quickly in the coming weeks.",
		     P1, e->role[1]);
		break;
	case 6: sadd(b, "\"%s,\" %s said in a statement.", e->quote[1], P1); break;
	case 7:
		sadd(b,
		     "Talks between the %s and local leaders began on %s %d and were expected to "
		     "last three days.",
		     e->org, months[e->month], e->day + 1 > 28 ? 28 : e->day + 1);
		break;
	case 8:
		sadd(b, "At least %d homes were damaged, according to a count by the %s.",
		     e->num[3], e->org);
		break;
	case 9:
		sadd(
		    b,
		    "Officials in %s reported that schools would stay closed until further notice.",
		    e->place);
		break;
	case 10:
		sadd(b, "The last comparable %s in the region, in %d, affected about %d people.",
		     e->kind, e->year - 1 - e->num[0] % 20, e->num[1] / 2 + 3);
		break;
	case 11:
		sadd(b, "%s said the %s would help families who lost income after the %s.", P0,
		     e->org, e->kind);
		break;
	case 12:
		sadd(b, "Local businesses agreed to keep prices stable for %d days.",
		     e->num[0] % 30 + 2);
		break;
	case 13:
		sadd(b, "Police said traffic around %s rose sharply as people left the area.",
		     e->place);
		break;
	case 14:
		sadd(b, "The government expected a full report on the %s by the end of %s.",
		     e->kind, months[(e->month + 1) % 12]);
		break;
	default:
		sadd(b,
		     "Volunteers from across the region arrived in %s to help with the clean-up.",
		     e->place);
		break;
	}
}

/* Rewrites words of s with synonyms (prob per mille) and number formats. */
static void paraphrase(sbuf *out, const char *s, unsigned permille)
{
	while (*s) {
		int done = 0;
		if ((s == out->p || 1) && (*s >= 'a' && *s <= 'z')) {
			for (size_t i = 0; i < sizeof(syn) / sizeof(syn[0]) && !done; i++) {
				size_t l = strlen(syn[i][0]);
				char nx = s[l];
				if (!strncmp(s, syn[i][0], l) && !(nx >= 'a' && nx <= 'z') &&
				    rn(1000) < permille) {
					sadd(out, "%s", syn[i][1]);
					s += l;
					done = 1;
				}
			}
		}
		if (!done && *s >= '0' && *s <= '9') {
			char *end;
			long v = strtol(s, &end, 10);
			if (*end == '%' && rn(1000) < permille) {
				sadd(out, rn(2) ? "%ld percent" : "%ld per cent", v);
				s = end + 1;
				done = 1;
			}
		}
		if (!done) {
			/* copy one word (or one non-letter) */
			const char *w = s;
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
				while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
					s++;
			else
				s++;
			sadd(out, "%.*s", (int)(s - w), w);
		}
	}
}

/* Weaves the story's own words into a sentence (one after every third
 * word), so that stories written from the same templates share few word
 * 5-grams, as real unrelated articles do. */
static void spice(sbuf *out, const char *s, char words[][16])
{
	int count = 0;
	while (*s) {
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		sadd(out, "%.*s", (int)(s - w), w);
		if (*s == ' ') {
			s++;
			if (++count % 3 == 0 && w[0] != '"')
				sadd(out, " %s", words[rn(12)]);
			sadd(out, " ");
		}
	}
}

/* A rewriter's hand on one sentence: the clause before the first comma
 * moves to the end, and some small words go; names and numbers stay. */
static void restructure(sbuf *out, const char *s)
{
	static const char *const drop[] = {"the ", "a ", "that ", "about ", "of the ", "been "};
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", s);
	char *comma = strchr(buf, ',');
	size_t n = strlen(buf);
	if (comma && buf[0] != '"' && n > 2 && buf[n - 1] == '.' && rn(2)) {
		*comma = 0;
		buf[n - 1] = 0;
		const char *rest = comma + 1;
		while (*rest == ' ')
			rest++;
		char first[1024];
		snprintf(first, sizeof first, "%s", buf);
		if (first[0] >= 'A' && first[0] <= 'Z' && !(first[1] >= 'A' && first[1] <= 'Z'))
			first[0] = (char)(first[0] + 32);
		char head[1024];
		snprintf(head, sizeof head, "%s", rest);
		if (head[0] >= 'a' && head[0] <= 'z')
			head[0] = (char)(head[0] - 32);
		snprintf(buf, sizeof buf, "%s, %s.", head, first);
	}
	for (const char *p = buf; *p;) {
		int skipped = 0;
		for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]) && !skipped; i++) {
			size_t l = strlen(drop[i]);
			if (!strncmp(p, drop[i], l) && (p == buf || p[-1] == ' ') && rn(3) == 0) {
				p += l;
				skipped = 1;
			}
		}
		if (!skipped)
			sadd(out, "%c", *p++);
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f), fputc(*s, f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static FILE *fa, *fr, *fs, *fd;
static long long n_written, bytes_written;

/* the current story's articles, for the exact pairwise truth */
#define STORY_MAX 16
static wt_article story_art[STORY_MAX];
static wt_shingles story_sh[STORY_MAX];
static int story_n;
static wt_doc *doc;

static void story_add(const char *id, const char *title, const char *text)
{
	if (story_n == STORY_MAX)
		return;
	wt_article *a = &story_art[story_n];
	wt_article_release(a);
	wt_article_set(&a->id, id, (size_t)-1);
	wt_article_set(&a->title, title, (size_t)-1);
	wt_article_set(&a->text, text, (size_t)-1);
	a->text_len = strlen(text);
	wt_clean_options co;
	wt_clean_options_init(&co);
	size_t bl = 0;
	char *body = wt_article_clean(a, &co) == WT_OK ? wt_article_body(a, &bl) : NULL;
	story_sh[story_n].n = 0;
	if (body)
		wt_shingles_from_text(&story_sh[story_n], doc, body, bl, 5);
	free(body);
	story_n++;
}

static void story_flush(void)
{
	for (int i = 0; i < story_n; i++)
		for (int j = i + 1; j < story_n; j++) {
			wt_similarity m = wt_shingles_compare(story_sh[i].h, story_sh[i].n,
			                                      story_sh[j].h, story_sh[j].n);
			if (m.jaccard >= 0.05 || m.contain_a >= 0.05 || m.contain_b >= 0.05)
				fprintf(fd, "%s\t%s\t%.6f\t%.6f\t%.6f\n", story_art[i].id,
				        story_art[j].id, m.jaccard, m.contain_a, m.contain_b);
		}
	story_n = 0;
}

static void emit(const char *id, const char *source, const event *e, int minutes, const char *title,
                 const char *text)
{
	int h = 6 + minutes / 60, m = minutes % 60;
	if (h > 23)
		h = 23;
	long start = ftell(fa);
	fputs("{\"id\":", fa);
	json_str(fa, id);
	fputs(",\"source\":", fa);
	json_str(fa, source);
	fprintf(fa, ",\"published\":\"%04d-%02d-%02dT%02d:%02d:00Z\",\"url\":\"https://", e->year,
	        e->month + 1, e->day, h, m);
	for (const char *c = source; *c; c++)
		if (*c != ' ')
			fputc(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c, fa);
	fprintf(fa, ".example/%s\",\"title\":", id);
	json_str(fa, title);
	fputs(",\"text\":", fa);
	json_str(fa, text);
	fputs("}\n", fa);
	fprintf(fs, "%s\tstory%d\n", id, e->story);
	story_add(id, title, text);
	bytes_written += ftell(fa) - start;
	n_written++;
}

int main(int argc, char **argv)
{
	long long want_articles = 1000, want_bytes = 0;
	uint64_t seed = 1;
	const char *out = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--articles") && i + 1 < argc)
			want_articles = atoll(argv[++i]);
		else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			want_bytes = atoll(argv[++i]) * 1000000LL, want_articles = 0;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else {
			fprintf(stderr,
			        "usage: gen [--articles N | --mb M] [--seed S] --out DIR\n");
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "gen: --out DIR is required\n");
		return 2;
	}
	rng_state = seed * 0x2545F4914F6CDD1Dull + 1;
	if (mkdir(out, 0755) && errno != EEXIST) {
		perror(out);
		return 1;
	}
	char p[4096];
	snprintf(p, sizeof p, "%s/articles.jsonl", out);
	fa = fopen(p, "w");
	snprintf(p, sizeof p, "%s/reuse.tsv", out);
	fr = fopen(p, "w");
	snprintf(p, sizeof p, "%s/stories.tsv", out);
	fs = fopen(p, "w");
	snprintf(p, sizeof p, "%s/dups.tsv", out);
	fd = fopen(p, "w");
	doc = wt_doc_create();
	for (int i = 0; i < STORY_MAX; i++)
		wt_article_init(&story_art[i]), wt_shingles_init(&story_sh[i]);
	if (!fa || !fr || !fs || !fd || !doc) {
		perror(out);
		return 1;
	}
	sbuf text = {0}, tmp = {0}, title = {0}, osent[32] = {{0}};
	int story = 0;
	while (want_articles ? n_written < want_articles : bytes_written < want_bytes) {
		event e;
		make_event(&e, story);
		/* one in four stories is a single unrelated article */
		const char *agency = PICK(agencies);
		int nsent = 10 + (int)rn(10);
		int order[32];
		/* each wire story tells its facts in its own order */
		for (int i = 0; i < nsent; i++)
			order[i] = i;
		for (int i = nsent - 1; i > 0; i--) {
			int j = (int)rn((unsigned)i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		char oid[48];
		snprintf(oid, sizeof oid, "s%d-orig", story);
		title.len = 0;
		sadd(&title, "%s hits %s, %d affected", e.kind, e.place, e.num[1]);
		title.p[0] = (char)(title.p[0] - 32);
		/* the wire original: dateline with the agency */
		text.len = 0;
		char upper[32];
		for (size_t i = 0; i < sizeof upper; i++)
			upper[i] = (char)(e.place[i] >= 'a' && e.place[i] <= 'z' ? e.place[i] - 32
			                                                         : e.place[i]);
		sadd(&text, "By %s\n%s, %s %d (%s) - ", e.person[0], upper, months[e.month], e.day,
		     agency);
		/* the wire's own wording: templates with words varied per story,
		 * so unrelated stories share few 5-grams; copies start from it */
		for (int i = 0; i < nsent; i++) {
			tmp.len = 0;
			sentence(&tmp, &e, order[i], 0);
			sbuf para = {0};
			paraphrase(&para, tmp.p, 500);
			osent[i].len = 0;
			spice(&osent[i], para.p, e.words);
			free(para.p);
			sadd(&text, "%s%s", osent[i].p, i % 2 ? "\n" : " ");
		}
		emit(oid, agency, &e, 0, title.p, text.p);
		if (rn(4) == 0) {
			story_flush();
			story++;
			continue;
		}
		int copies = 1 + (int)rn(6);
		for (int c = 0; c < copies && (want_articles ? n_written < want_articles : 1);
		     c++) {
			const char *outlet = outlets[rn(10)];
			char cid[48];
			snprintf(cid, sizeof cid, "s%d-c%d", story, c);
			int kind =
			    (int)rn(5); /* 0 verbatim 1 trimmed 2 edited 3 rewrite 4 independent */
			const char *cls = kind == 0   ? "verbatim"
			                  : kind == 1 ? "verbatim"
			                  : kind == 2 ? "edited"
			                  : kind == 3 ? "rewrite"
			                              : "independent";
			text.len = 0;
			char own[12][16]; /* this outlet's own filler words */
			for (int w = 0; w < 12; w++)
				name(own[w], sizeof own[w], 2 + (int)rn(2), 0);
			if (kind == 0 || kind == 1) {
				sadd(&text, "%s\n", title.p);
				int upto = kind == 0 ? nsent : 4 + (int)rn((unsigned)nsent - 4);
				for (int i = 0; i < upto; i++) {
					sadd(&text, "%s%s", osent[i].p, i % 2 ? "\n" : " ");
				}
				sadd(&text,
				     "\nFollow %s on social media for the latest news\n"
				     "Disclaimer: This story is auto generated from the %s news "
				     "service. "
				     "%s holds no responsibility for its content.\n",
				     outlet, agency, outlet);
			} else if (kind == 2) {
				for (int i = 0; i < nsent; i++) {
					if (i == nsent / 2)
						sadd(&text,
						     "%s reporters saw long queues outside the "
						     "town hall. ",
						     outlet);
					paraphrase(&text, osent[i].p, 250);
					sadd(&text, i % 2 ? "\n" : " ");
				}
				sadd(&text, "\nwith %s\n", agency);
			} else if (kind == 3) {
				/* same order of facts, sentences paraphrased heavily, pairs swapped
				 */
				for (int i = 0; i < nsent; i++) {
					/* the facts in the source's order, in the
					 * rewriter's own words */
					tmp.len = 0;
					sentence(&tmp, &e, order[i], 0);
					sbuf p1 = {0}, p2 = {0};
					paraphrase(&p1, tmp.p, 900);
					restructure(&p2, p1.p);
					spice(&text, p2.p, own);
					free(p1.p), free(p2.p);
					sadd(&text, "\n");
				}
			} else {
				/* independent: own sentences (other templates), shared quote */
				for (int i = 0; i < nsent; i++) {
					tmp.len = 0;
					sentence(&tmp, &e, (int)rn(16), 1);
					spice(&text, tmp.p, own);
					sadd(&text, "\n");
				}
				sadd(&text, "\"%s,\" %s said.\n", e.quote[0], e.person[0]);
			}
			emit(cid, outlet, &e, 30 + 20 * c + (int)rn(15), title.p, text.p);
			fprintf(fr, "%s\t%s\t%s\n", oid, cid, cls);
		}
		story_flush();
		story++;
	}
	fclose(fa), fclose(fr), fclose(fs), fclose(fd);
	for (int i = 0; i < STORY_MAX; i++)
		wt_article_release(&story_art[i]), wt_shingles_release(&story_sh[i]);
	wt_doc_destroy(doc);
	free(text.p), free(tmp.p), free(title.p);
	for (int i = 0; i < 32; i++)
		free(osent[i].p);
	fprintf(stderr, "gen: %lld articles, %lld bytes, %d stories in %s\n", n_written,
	        bytes_written, story, out);
	return 0;
}
