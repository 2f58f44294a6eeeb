/*
 * lexicon.c - small English word lists shared by the analysis stages, and
 * the folding of names across spellings.
 *
 *  - lex_find(): binary search in a sorted word list (stopwords of align.c,
 *    the lists below); lex_set: a hash set of short words (stopwords of
 *    story.c, looked up for every token of every article);
 *  - lex_name_fold(): a key for a name across transliterations
 *    (Zelenskiy, Zelensky, Zelenskyy -> "zelensk");
 *  - number words ("three", "seventy", "million", "quarter", "half");
 *  - speech verbs, personal titles, organisation words, qualifiers of
 *    numbers, and concept classes (war, conflict, invasion -> "war") used by
 *    collation (collate.c, quote.c, number.c, entity.c);
 *  - places: the country a name, demonym or capital stands for
 *    ("Washington", "American", "United States" -> "united states").
 *
 * The lists are English; they are data, kept sorted (checked by the unit
 * tests), and easy to extend.
 */
#include "lexicon.h"

#include <string.h>

ptrdiff_t lex_find(const char *const *list, size_t n, const char *w, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		/* byte order of w against the entry without measuring the
		 * entry: a shorter prefix of it sorts first */
		const unsigned char *e = (const unsigned char *)list[m];
		size_t i = 0;
		while (i < len && e[i] && (unsigned char)w[i] == e[i])
			i++;
		int c = i == len                     ? (e[i] ? -1 : 0)
		        : !e[i]                      ? 1
		        : (unsigned char)w[i] < e[i] ? -1
		                                     : 1;
		if (c == 0)
			return (ptrdiff_t)m;
		if (c < 0)
			hi = m;
		else
			lo = m + 1;
	}
	return -1;
}

static uint64_t set_key(const char *w, size_t len)
{
	/* the bytes as a number, first byte lowest (words hold no NUL, so
	 * the length is implied); a loop the compiler unrolls, where memcpy()
	 * of a variable length was a call */
	uint64_t k = 0;
	for (size_t i = 0; i < len; i++)
		k |= (uint64_t)(unsigned char)w[i] << (8 * i);
	return k;
}

static size_t set_slot(uint64_t k)
{
	return (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 56) % LEX_SET_SLOTS;
}

int lex_set_init(lex_set *s, const char *const *list, size_t n)
{
	memset(s, 0, sizeof(*s));
	int rc = n > LEX_SET_SLOTS / 2 ? -1 : 0;
	for (size_t i = 0; i < n && i < LEX_SET_SLOTS / 2; i++) {
		size_t len = strlen(list[i]);
		if (len == 0 || len > 8) {
			rc = -1;
			continue;
		}
		uint64_t k = set_key(list[i], len);
		size_t h = set_slot(k);
		while (s->key[h] && s->key[h] != k)
			h = (h + 1) % LEX_SET_SLOTS;
		s->key[h] = k;
	}
	return rc;
}

int lex_set_has(const lex_set *s, const char *w, size_t len)
{
	if (len == 0 || len > 8)
		return 0;
	uint64_t k = set_key(w, len);
	for (size_t h = set_slot(k);; h = (h + 1) % LEX_SET_SLOTS) {
		if (s->key[h] == k)
			return 1;
		if (!s->key[h])
			return 0;
	}
}

size_t lex_name_fold(const char *w, size_t n, char *out, size_t cap)
{
	size_t m = 0;
	for (size_t i = 0; i < n && m < cap; i++)
		if (!m || out[m - 1] != w[i])
			out[m++] = w[i];
	while (m > 4 && (out[m - 1] == 'y' || out[m - 1] == 'i'))
		m--;
	return m;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Binary search in a sorted table of structs whose first member is the
 * word (const char *). */
static const void *find_entry(const void *base, size_t n, size_t size, const char *w, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		const char *k = *(const char *const *)((const char *)base + m * size);
		size_t l = strlen(k);
		int c = memcmp(w, k, len < l ? len : l);
		if (c == 0)
			c = len < l ? -1 : len > l;
		if (c == 0)
			return (const char *)base + m * size;
		if (c < 0)
			hi = m;
		else
			lo = m + 1;
	}
	return NULL;
}

#define IN(list, w, n) (lex_find(list, COUNT(list), w, n) >= 0)

/* ------------------------------------------------------------ numbers */

static const struct numword {
	const char *w;
	double v;
	int kind;
} numwords[] = {
    {"billion", 1e9, LEX_NUM_SCALE},
    {"billions", 1e9, LEX_NUM_SCALE},
    {"bn", 1e9, LEX_NUM_SCALE},
    {"dozen", 12, LEX_NUM_CARDINAL},
    {"dozens", 12, LEX_NUM_SCALE},
    {"eight", 8, LEX_NUM_CARDINAL},
    {"eighteen", 18, LEX_NUM_CARDINAL},
    {"eighty", 80, LEX_NUM_CARDINAL},
    {"eleven", 11, LEX_NUM_CARDINAL},
    {"fifteen", 15, LEX_NUM_CARDINAL},
    {"fifth", 0.2, LEX_NUM_FRACTION},
    {"fifths", 0.2, LEX_NUM_FRACTION},
    {"fifty", 50, LEX_NUM_CARDINAL},
    {"five", 5, LEX_NUM_CARDINAL},
    {"forty", 40, LEX_NUM_CARDINAL},
    {"four", 4, LEX_NUM_CARDINAL},
    {"fourteen", 14, LEX_NUM_CARDINAL},
    {"half", 0.5, LEX_NUM_FRACTION},
    {"hundred", 100, LEX_NUM_SCALE},
    {"hundreds", 100, LEX_NUM_SCALE},
    {"million", 1e6, LEX_NUM_SCALE},
    {"millions", 1e6, LEX_NUM_SCALE},
    {"nine", 9, LEX_NUM_CARDINAL},
    {"nineteen", 19, LEX_NUM_CARDINAL},
    {"ninety", 90, LEX_NUM_CARDINAL},
    {"one", 1, LEX_NUM_CARDINAL},
    {"quarter", 0.25, LEX_NUM_FRACTION},
    {"quarters", 0.25, LEX_NUM_FRACTION},
    {"seven", 7, LEX_NUM_CARDINAL},
    {"seventeen", 17, LEX_NUM_CARDINAL},
    {"seventy", 70, LEX_NUM_CARDINAL},
    {"six", 6, LEX_NUM_CARDINAL},
    {"sixteen", 16, LEX_NUM_CARDINAL},
    {"sixty", 60, LEX_NUM_CARDINAL},
    {"ten", 10, LEX_NUM_CARDINAL},
    {"third", 1.0 / 3, LEX_NUM_FRACTION},
    {"thirds", 1.0 / 3, LEX_NUM_FRACTION},
    {"thirteen", 13, LEX_NUM_CARDINAL},
    {"thirty", 30, LEX_NUM_CARDINAL},
    {"thousand", 1e3, LEX_NUM_SCALE},
    {"thousands", 1e3, LEX_NUM_SCALE},
    {"three", 3, LEX_NUM_CARDINAL},
    {"trillion", 1e12, LEX_NUM_SCALE},
    {"twelve", 12, LEX_NUM_CARDINAL},
    {"twenty", 20, LEX_NUM_CARDINAL},
    {"two", 2, LEX_NUM_CARDINAL},
};

int lex_number_word(const char *w, size_t n, double *value)
{
	const struct numword *e = find_entry(numwords, COUNT(numwords), sizeof(*numwords), w, n);
	if (!e)
		return 0;
	*value = e->v;
	return e->kind;
}

int lex_roman(const char *w, size_t n)
{
	/* II..XX only: "I" is a pronoun, "V", "X" and "L" are too often letters */
	static const char *const r[] = {"II",   "III", "IV",   "IX",    "VI",  "VII",
	                                "VIII", "XI",  "XII",  "XIII",  "XIV", "XIX",
	                                "XV",   "XVI", "XVII", "XVIII", "XX"};
	static const int v[] = {2, 3, 4, 9, 6, 7, 8, 11, 12, 13, 14, 19, 15, 16, 17, 18, 20};
	ptrdiff_t i = lex_find(r, COUNT(r), w, n);
	return i < 0 ? 0 : v[i];
}

/* ---------------------------------------------------------------- units */

static const struct unitword {
	const char *w;
	const char *unit;
} units[] = {
    {"day", "day"},     {"days", "day"},     {"decade", "decade"}, {"decades", "decade"},
    {"dollar", "USD"},  {"dollars", "USD"},  {"euro", "EUR"},      {"euros", "EUR"},
    {"hour", "hour"},   {"hours", "hour"},   {"kilometers", "km"}, {"kilometres", "km"},
    {"km", "km"},       {"miles", "mile"},   {"minute", "minute"}, {"minutes", "minute"},
    {"month", "month"}, {"months", "month"}, {"pound", "GBP"},     {"pounds", "GBP"},
    {"roubles", "RUB"}, {"rubles", "RUB"},   {"week", "week"},     {"weeks", "week"},
    {"year", "year"},   {"years", "year"},   {"yen", "JPY"},       {"yuan", "CNY"},
};

const char *lex_unit_word(const char *w, size_t n)
{
	const struct unitword *e = find_entry(units, COUNT(units), sizeof(*units), w, n);
	return e ? e->unit : NULL;
}

int lex_is_duration(const char *unit)
{
	static const char *const d[] = {
	    "day", "decade", "hour", "minute", "month", "week", "year",
	};
	return unit && IN(d, unit, strlen(unit));
}

int lex_month(const char *w, size_t n)
{
	static const char *const m[] = {
	    "apr", "april",   "aug",      "august", "dec",     "december", "feb",  "february",
	    "jan", "january", "jul",      "july",   "jun",     "june",     "mar",  "march",
	    "may", "nov",     "november", "oct",    "october", "sep",      "sept", "september"};
	static const int v[] = {4, 4, 8, 8, 12, 12, 2,  2,  1,  1, 7, 7,
	                        6, 6, 3, 3, 5,  11, 11, 10, 10, 9, 9, 9};
	ptrdiff_t i = lex_find(m, COUNT(m), w, n);
	return i < 0 ? 0 : v[i];
}

int lex_qualifier(const char *w, size_t n)
{
	static const char *const approx[] = {
	    "about", "almost", "approximately", "around", "estimated", "nearly", "roughly", "some",
	};
	static const char *const bound[] = {"below", "least", "over", "than", "under", "up"};
	if (IN(approx, w, n))
		return LEX_Q_APPROX;
	if (IN(bound, w, n))
		return LEX_Q_BOUND;
	return 0;
}

/* ------------------------------------------------------------- concepts */

static const struct concept {
	const char *w;
	const char *c;
}
concepts[] = {
    {"accord", "deal"},       {"agreement", "deal"},     {"arrest", "arrest"},
    {"arrested", "arrest"},   {"attack", "attack"},      {"attacks", "attack"},
    {"bombing", "attack"},    {"casualties", "death"},   {"ceasefire", "ceasefire"},
    {"conflict", "war"},      {"dead", "death"},         {"deal", "deal"},
    {"deaths", "death"},      {"detained", "arrest"},    {"died", "death"},
    {"discussions", "talks"}, {"earthquake", "quake"},   {"fatalities", "death"},
    {"fighting", "war"},      {"hostilities", "war"},    {"hurt", "injury"},
    {"injured", "injury"},    {"invasion", "war"},       {"killed", "death"},
    {"meeting", "talks"},     {"negotiations", "talks"}, {"pact", "deal"},
    {"quake", "quake"},       {"strike", "attack"},      {"strikes", "attack"},
    {"talks", "talks"},       {"tremor", "quake"},       {"truce", "ceasefire"},
    {"war", "war"},           {"wars", "war"},           {"wounded", "injury"},
};

const char *lex_concept(const char *w, size_t n)
{
	const struct concept *e = find_entry(concepts, COUNT(concepts), sizeof(*concepts), w, n);
	return e ? e->c : NULL;
}

/* -------------------------------------------------------------- speech */

int lex_speech_verb(const char *w, size_t n)
{
	static const char *const v[] = {
	    "acknowledged", "added",      "adds",       "admitted",  "announced",  "argued",
	    "asked",        "asserted",   "believes",   "cautioned", "claimed",    "commented",
	    "conceded",     "confirmed",  "declared",   "denied",    "emphasised", "emphasized",
	    "explained",    "insisted",   "maintained", "noted",     "observed",   "pledged",
	    "promised",     "remarked",   "replied",    "reported",  "said",       "says",
	    "stated",       "stressed",   "suggested",  "tells",     "testified",  "told",
	    "tweeted",      "underlined", "urged",      "vowed",     "warned",     "wrote",
	};
	return IN(v, w, n);
}

int lex_title(const char *w, size_t n)
{
	static const char *const t[] = {
	    "ambassador",  "archbishop",   "captain",    "chairman",
	    "chairwoman",  "chancellor",   "chief",      "colonel",
	    "commander",   "commissioner", "dr",         "emperor",
	    "envoy",       "general",      "governor",   "judge",
	    "king",        "leader",       "lieutenant", "major",
	    "mayor",       "minister",     "mr",         "mrs",
	    "ms",          "pope",         "premier",    "president",
	    "prime",       "prince",       "princess",   "prof",
	    "professor",   "queen",        "rep",        "representative",
	    "secretary",   "sen",          "senator",    "sergeant",
	    "sheikh",      "speaker",      "spokesman",  "spokesperson",
	    "spokeswoman",
	};
	return IN(t, w, n);
}

int lex_org_word(const char *w, size_t n)
{
	static const char *const o[] = {
	    "agency",     "alliance",   "assembly",     "association",  "authority",  "bank",
	    "bureau",     "church",     "coalition",    "college",      "commission", "committee",
	    "company",    "congress",   "corp",         "corporation",  "council",    "court",
	    "department", "federation", "forces",       "foundation",   "fund",       "group",
	    "inc",        "institute",  "kremlin",      "league",       "ministry",   "movement",
	    "nations",    "office",     "organisation", "organization", "parliament", "party",
	    "police",     "senate",     "service",      "society",      "treaty",     "union",
	    "university",
	};
	return IN(o, w, n);
}

int lex_pronoun(const char *w, size_t n)
{
	static const char *const p[] = {
	    "he",
	    "she",
	    "they",
	};
	return IN(p, w, n);
}

int lex_function_word(const char *w, size_t n)
{
	/* capitalised at the start of a sentence, never a name by themselves */
	static const char *const f[] = {
	    "a",         "about",     "according",    "across", "after",   "again",   "against",
	    "all",       "also",      "although",     "among",  "an",      "and",     "another",
	    "any",       "are",       "as",           "asked",  "at",      "be",      "because",
	    "been",      "before",    "being",        "both",   "but",     "by",      "calling",
	    "can",       "could",     "despite",      "did",    "do",      "does",    "during",
	    "each",      "earlier",   "even",         "every",  "for",     "former",  "friday",
	    "from",      "had",       "has",          "have",   "he",      "her",     "here",
	    "his",       "how",       "however",      "i",      "if",      "in",      "instead",
	    "is",        "it",        "its",          "just",   "last",    "later",   "many",
	    "may",       "meanwhile", "might",        "monday", "more",    "most",    "much",
	    "must",      "my",        "new",          "no",     "not",     "now",     "of",
	    "on",        "once",      "one",          "only",   "or",      "our",     "over",
	    "saturday",  "senior",    "separately",   "she",    "should",  "since",   "so",
	    "some",      "speaking",  "still",        "such",   "sunday",  "that",    "the",
	    "their",     "then",      "there",        "these",  "they",    "this",    "those",
	    "though",    "thursday",  "to",           "today",  "tonight", "too",     "top",
	    "tuesday",   "under",     "underscoring", "until",  "very",    "was",     "we",
	    "wednesday", "were",      "what",         "when",   "where",   "whether", "which",
	    "while",     "who",       "why",          "will",   "with",    "would",   "yesterday",
	    "yet",       "you",
	};
	return IN(f, w, n);
}

int lex_determiner(const char *w, size_t n)
{
	static const char *const d[] = {
	    "a", "an", "another", "one", "the",
	};
	return IN(d, w, n);
}

/* --------------------------------------------------------------- places */

/* Names, short forms, demonyms and capitals of countries (and of Europe and
 * the EU), folded, with the country each stands for. News names a country
 * by its capital ("Washington has offered", "Moscow said") as often as by
 * its name; "Georgia", "Jordan" and "Chad", also common names of other
 * things, are left out. */
static const struct place {
	const char *w;
	const char *c;
} places[] = {
    {"abu dhabi", "united arab emirates"},
    {"abuja", "nigeria"},
    {"addis ababa", "ethiopia"},
    {"afghan", "afghanistan"},
    {"afghanistan", "afghanistan"},
    {"afghans", "afghanistan"},
    {"america", "united states"},
    {"american", "united states"},
    {"americans", "united states"},
    {"ankara", "turkey"},
    {"argentina", "argentina"},
    {"argentine", "argentina"},
    {"argentinian", "argentina"},
    {"armenia", "armenia"},
    {"armenian", "armenia"},
    {"astana", "kazakhstan"},
    {"athens", "greece"},
    {"australia", "australia"},
    {"australian", "australia"},
    {"australians", "australia"},
    {"austria", "austria"},
    {"austrian", "austria"},
    {"azerbaijan", "azerbaijan"},
    {"azerbaijani", "azerbaijan"},
    {"baghdad", "iraq"},
    {"baku", "azerbaijan"},
    {"bangkok", "thailand"},
    {"beijing", "china"},
    {"beirut", "lebanon"},
    {"belarus", "belarus"},
    {"belarusian", "belarus"},
    {"belgrade", "serbia"},
    {"berlin", "germany"},
    {"bern", "switzerland"},
    {"bogota", "colombia"},
    {"bogotá", "colombia"},
    {"brasilia", "brazil"},
    {"brasília", "brazil"},
    {"bratislava", "slovakia"},
    {"brazil", "brazil"},
    {"brazilian", "brazil"},
    {"brazilians", "brazil"},
    {"britain", "united kingdom"},
    {"british", "united kingdom"},
    {"briton", "united kingdom"},
    {"britons", "united kingdom"},
    {"bucharest", "romania"},
    {"budapest", "hungary"},
    {"buenos aires", "argentina"},
    {"cairo", "egypt"},
    {"canada", "canada"},
    {"canadian", "canada"},
    {"canadians", "canada"},
    {"canberra", "australia"},
    {"caracas", "venezuela"},
    {"china", "china"},
    {"chinese", "china"},
    {"chisinau", "moldova"},
    {"colombia", "colombia"},
    {"colombian", "colombia"},
    {"copenhagen", "denmark"},
    {"croatia", "croatia"},
    {"croatian", "croatia"},
    {"cuba", "cuba"},
    {"cuban", "cuba"},
    {"czech", "czech republic"},
    {"czech republic", "czech republic"},
    {"czechia", "czech republic"},
    {"damascus", "syria"},
    {"danish", "denmark"},
    {"denmark", "denmark"},
    {"doha", "qatar"},
    {"dublin", "ireland"},
    {"dutch", "netherlands"},
    {"egypt", "egypt"},
    {"egyptian", "egypt"},
    {"egyptians", "egypt"},
    {"emirati", "united arab emirates"},
    {"estonia", "estonia"},
    {"estonian", "estonia"},
    {"ethiopia", "ethiopia"},
    {"ethiopian", "ethiopia"},
    {"eu", "european union"},
    {"europe", "europe"},
    {"european", "europe"},
    {"european union", "european union"},
    {"europeans", "europe"},
    {"filipino", "philippines"},
    {"finland", "finland"},
    {"finnish", "finland"},
    {"france", "france"},
    {"french", "france"},
    {"german", "germany"},
    {"germans", "germany"},
    {"germany", "germany"},
    {"great britain", "united kingdom"},
    {"greece", "greece"},
    {"greek", "greece"},
    {"hanoi", "vietnam"},
    {"havana", "cuba"},
    {"helsinki", "finland"},
    {"hungarian", "hungary"},
    {"hungary", "hungary"},
    {"india", "india"},
    {"indian", "india"},
    {"indians", "india"},
    {"indonesia", "indonesia"},
    {"indonesian", "indonesia"},
    {"iran", "iran"},
    {"iranian", "iran"},
    {"iranians", "iran"},
    {"iraq", "iraq"},
    {"iraqi", "iraq"},
    {"iraqis", "iraq"},
    {"ireland", "ireland"},
    {"irish", "ireland"},
    {"islamabad", "pakistan"},
    {"israel", "israel"},
    {"israeli", "israel"},
    {"israelis", "israel"},
    {"italian", "italy"},
    {"italians", "italy"},
    {"italy", "italy"},
    {"jakarta", "indonesia"},
    {"japan", "japan"},
    {"japanese", "japan"},
    {"kabul", "afghanistan"},
    {"kazakh", "kazakhstan"},
    {"kazakhstan", "kazakhstan"},
    {"kenya", "kenya"},
    {"kenyan", "kenya"},
    {"khartoum", "sudan"},
    {"kiev", "ukraine"},
    {"kremlin", "russia"},
    {"kyiv", "ukraine"},
    {"latvia", "latvia"},
    {"latvian", "latvia"},
    {"lebanese", "lebanon"},
    {"lebanon", "lebanon"},
    {"libya", "libya"},
    {"libyan", "libya"},
    {"lisbon", "portugal"},
    {"lithuania", "lithuania"},
    {"lithuanian", "lithuania"},
    {"london", "united kingdom"},
    {"madrid", "spain"},
    {"manila", "philippines"},
    {"mexican", "mexico"},
    {"mexicans", "mexico"},
    {"mexico", "mexico"},
    {"mexico city", "mexico"},
    {"minsk", "belarus"},
    {"moldova", "moldova"},
    {"moldovan", "moldova"},
    {"moscow", "russia"},
    {"nairobi", "kenya"},
    {"netherlands", "netherlands"},
    {"new delhi", "india"},
    {"nigeria", "nigeria"},
    {"nigerian", "nigeria"},
    {"north korea", "north korea"},
    {"north korean", "north korea"},
    {"norway", "norway"},
    {"norwegian", "norway"},
    {"oslo", "norway"},
    {"ottawa", "canada"},
    {"pakistan", "pakistan"},
    {"pakistani", "pakistan"},
    {"pakistanis", "pakistan"},
    {"paris", "france"},
    {"philippine", "philippines"},
    {"philippines", "philippines"},
    {"poland", "poland"},
    {"polish", "poland"},
    {"portugal", "portugal"},
    {"portuguese", "portugal"},
    {"prague", "czech republic"},
    {"prc", "china"},
    {"pretoria", "south africa"},
    {"pyongyang", "north korea"},
    {"qatar", "qatar"},
    {"qatari", "qatar"},
    {"riga", "latvia"},
    {"riyadh", "saudi arabia"},
    {"romania", "romania"},
    {"romanian", "romania"},
    {"rome", "italy"},
    {"russia", "russia"},
    {"russian", "russia"},
    {"russian federation", "russia"},
    {"russians", "russia"},
    {"sanaa", "yemen"},
    {"saudi", "saudi arabia"},
    {"saudi arabia", "saudi arabia"},
    {"saudis", "saudi arabia"},
    {"seoul", "south korea"},
    {"serbia", "serbia"},
    {"serbian", "serbia"},
    {"slovak", "slovakia"},
    {"slovakia", "slovakia"},
    {"south africa", "south africa"},
    {"south african", "south africa"},
    {"south korea", "south korea"},
    {"south korean", "south korea"},
    {"spain", "spain"},
    {"spanish", "spain"},
    {"stockholm", "sweden"},
    {"sudan", "sudan"},
    {"sudanese", "sudan"},
    {"sweden", "sweden"},
    {"swedish", "sweden"},
    {"swiss", "switzerland"},
    {"switzerland", "switzerland"},
    {"syria", "syria"},
    {"syrian", "syria"},
    {"syrians", "syria"},
    {"taipei", "taiwan"},
    {"taiwan", "taiwan"},
    {"taiwanese", "taiwan"},
    {"tallinn", "estonia"},
    {"tehran", "iran"},
    {"thai", "thailand"},
    {"thailand", "thailand"},
    {"the hague", "netherlands"},
    {"tokyo", "japan"},
    {"tripoli", "libya"},
    {"turkey", "turkey"},
    {"turkish", "turkey"},
    {"turkiye", "turkey"},
    {"türkiye", "turkey"},
    {"uae", "united arab emirates"},
    {"uk", "united kingdom"},
    {"ukraine", "ukraine"},
    {"ukrainian", "ukraine"},
    {"ukrainians", "ukraine"},
    {"united arab emirates", "united arab emirates"},
    {"united kingdom", "united kingdom"},
    {"united states", "united states"},
    {"united states of america", "united states"},
    {"usa", "united states"},
    {"venezuela", "venezuela"},
    {"venezuelan", "venezuela"},
    {"vienna", "austria"},
    {"vietnam", "vietnam"},
    {"vietnamese", "vietnam"},
    {"vilnius", "lithuania"},
    {"warsaw", "poland"},
    {"washington", "united states"},
    {"yemen", "yemen"},
    {"yemeni", "yemen"},
    {"yerevan", "armenia"},
    {"zagreb", "croatia"},
};

const char *lex_place(const char *const *w, const size_t *len, size_t n, size_t *used)
{
	char buf[64];
	const char *best = NULL;
	size_t at = 0;
	for (size_t k = 0; k < n && k < 4; k++) {
		if (at + 1 + len[k] > sizeof buf)
			break;
		if (k)
			buf[at++] = ' ';
		memcpy(buf + at, w[k], len[k]);
		at += len[k];
		const struct place *e = find_entry(places, COUNT(places), sizeof(*places), buf, at);
		if (e)
			best = e->c, *used = k + 1;
	}
	return best;
}

int lex_lists_sorted(void)
{
#define SORTED(a)                                                                                  \
	for (size_t i = 1; i < COUNT(a); i++)                                                      \
		if (strcmp(a[i - 1].w, a[i].w) >= 0)                                               \
			return 0;
	SORTED(numwords)
	SORTED(units)
	SORTED(concepts)
	SORTED(places)
#undef SORTED
	return 1;
}
