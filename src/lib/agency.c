/*
 * agency.c - the table of news agencies (international wires and national
 * agencies) and their aliases. To support another agency, add a row:
 * canonical name first, then the spellings that credit it. Matching is exact
 * on the spelling (case-sensitive for short acronyms, so "ap" in running
 * text is not the Associated Press).
 */
#include "internal.h"

#include <string.h>

typedef struct agency {
	const char *canon;
	const char *aliases[6];
} agency;

static const agency agencies[] = {
    {"Reuters", {"Reuters", "Thomson Reuters", "REUTERS"}},
    {"AP", {"AP", "Associated Press", "The Associated Press"}},
    {"AFP", {"AFP", "Agence France-Presse", "Agence France Presse"}},
    {"Bloomberg", {"Bloomberg", "Bloomberg News"}},
    {"dpa", {"dpa", "DPA", "Deutsche Presse-Agentur"}},
    {"UPI", {"UPI", "United Press International"}},
    {"EFE", {"EFE", "Agencia EFE"}},
    {"ANSA", {"ANSA"}},
    {"Kyodo", {"Kyodo", "Kyodo News"}},
    {"Jiji", {"Jiji", "Jiji Press"}},
    {"Xinhua", {"Xinhua", "Xinhua News Agency"}},
    {"TASS", {"TASS", "Tass"}},
    {"RIA Novosti", {"RIA Novosti", "RIA"}},
    {"Interfax", {"Interfax", "Interfax-Ukraine"}},
    {"Ukrinform", {"Ukrinform"}},
    {"Yonhap", {"Yonhap", "Yonhap News Agency"}},
    {"Anadolu", {"Anadolu", "Anadolu Agency", "AA"}},
    {"PTI", {"PTI", "Press Trust of India"}},
    {"ANI", {"ANI", "Asian News International"}},
    {"IANS", {"IANS", "Indo-Asian News Service"}},
    {"PA", {"PA", "PA Media", "Press Association"}},
    {"AAP", {"AAP", "Australian Associated Press"}},
    {"Canadian Press", {"Canadian Press", "The Canadian Press", "CP"}},
    {"Europa Press", {"Europa Press"}},
    {"Lusa", {"Lusa"}},
    {"Belga", {"Belga"}},
    {"ANP", {"ANP"}},
    {"APA", {"APA"}},
    {"KNA", {"KNA"}},
    {"NTB", {"NTB"}},
    {"Ritzau", {"Ritzau"}},
    {"Bernama", {"Bernama"}},
    {"Antara", {"Antara"}},
    {"CNA", {"CNA", "Central News Agency"}},
    {"WAFA", {"WAFA"}},
    {"IRNA", {"IRNA"}},
    {"KUNA", {"KUNA"}},
    {"WAM", {"WAM"}},
    {"MENA", {"MENA"}},
    {"Dow Jones", {"Dow Jones", "Dow Jones Newswires"}},
};

const char *wt_agency_canonical(const char *name, size_t len)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(agencies) / sizeof(agencies[0]); i++)
		for (size_t k = 0; k < 6 && agencies[i].aliases[k]; k++) {
			const char *al = agencies[i].aliases[k];
			if (strlen(al) == len && memcmp(al, name, len) == 0)
				return agencies[i].canon;
		}
	return NULL;
}

const char *agency_match(const char *s, size_t n, size_t *mlen)
{
	const char *best = NULL;
	size_t bl = 0;
	if (!n)
		return NULL;
	for (size_t i = 0; i < sizeof(agencies) / sizeof(agencies[0]); i++)
		for (size_t k = 0; k < 6 && agencies[i].aliases[k]; k++) {
			const char *al = agencies[i].aliases[k];
			if (al[0] != s[0])
				continue; /* most calls end here */
			size_t l = strlen(al);
			if (l <= bl || l > n || memcmp(s, al, l) != 0)
				continue;
			unsigned char nx = l < n ? (unsigned char)s[l] : ' ';
			if ((nx >= 'A' && nx <= 'Z') || (nx >= 'a' && nx <= 'z') ||
			    (nx >= '0' && nx <= '9') || nx >= 0x80)
				continue;
			best = agencies[i].canon, bl = l;
		}
	if (best)
		*mlen = bl;
	return best;
}

int agency_scan(wt_article *a, const char *s, size_t n)
{
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (((unsigned char)s[i - 1] | 0x20) >= 'a' &&
		              ((unsigned char)s[i - 1] | 0x20) <= 'z'))
			continue;
		size_t l;
		const char *c = agency_match(s + i, n - i, &l);
		if (c) {
			if (article_add_agency(a, c))
				return -1;
			found++;
			i += l - 1;
		}
	}
	return found;
}
