/*
 * cmd_show.c - `wiretrace show ID`: prints a stored article: metadata
 * (title, source, date, authors, dateline, agencies), the cleaned body, and
 * what was removed, with byte offsets into the original text.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace show [--db FILE] [--format text|json] [--version N] [--original] ID";

static void print_text(const wt_article *a, int version, int original)
{
	printf("id:        %s (version %d)\n", a->id, version);
	if (a->title)
		printf("title:     %s\n", a->title);
	printf("source:    %s\n", a->source ? a->source : "unknown");
	if (a->published)
		printf("published: %s\n", a->published);
	if (a->url)
		printf("url:       %s\n", a->url);
	if (a->n_authors) {
		printf("authors:   ");
		for (size_t i = 0; i < a->n_authors; i++)
			printf("%s%s", i ? "; " : "", a->authors[i]);
		printf("\n");
	}
	if (a->dateline_place || a->dateline_date)
		printf("dateline:  %s%s%s\n", a->dateline_place ? a->dateline_place : "",
		       a->dateline_place && a->dateline_date ? ", " : "",
		       a->dateline_date ? a->dateline_date : "");
	if (a->n_agencies) {
		printf("agencies:  ");
		for (size_t i = 0; i < a->n_agencies; i++)
			printf("%s%s", i ? ", " : "", a->agencies[i]);
		printf("\n");
	}
	if (a->origin)
		printf("origin:    %s\n", a->origin);
	printf("\n");
	if (original) {
		fwrite(a->text, 1, a->text_len, stdout);
	} else {
		size_t bl;
		char *body = wt_article_body(a, &bl);
		if (body)
			fwrite(body, 1, bl, stdout);
		free(body);
	}
	printf("\n");
	if (a->n_removed) {
		printf("\nremoved:\n");
		for (size_t i = 0; i < a->n_removed; i++) {
			const wt_removed *r = &a->removed[i];
			size_t n = r->end - r->start;
			printf("  %-11s %6zu-%-6zu %.*s%s\n", wt_removed_kind_name(r->kind),
			       r->start, r->end, (int)(n > 100 ? 100 : n), a->text + r->start,
			       n > 100 ? "..." : "");
		}
	}
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},      {"format", required_argument, 0, 'f'},
	    {"version", required_argument, 0, 'v'}, {"original", no_argument, 0, 'o'},
	    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
	const char *db = NULL;
	int json = 0, version = 0, original = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "text"))
				return cli_usage(usage_line, "unknown format '%s' (text or json)",
				                 optarg);
			break;
		case 'v': version = atoi(optarg); break;
		case 'o': original = 1; break;
		case 'h':
			printf(
			    "usage: %s\n\nPrints a stored article: its metadata, the cleaned body "
			    "and\n"
			    "the removed parts (kind, byte offsets into the original text, text).\n"
			    "  --format json   one JSON object (body, removed spans with offsets)\n"
			    "  --version N     an older version (default: the latest)\n"
			    "  --original      print the original text instead of the body\n",
			    usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage_line, "give exactly one article id");
	int rc = EXIT_OK;
	wt_store *s = cli_open_store(cli_db_path(db), WT_STORE_READONLY, &rc);
	if (!s)
		return rc;
	wt_article a;
	wt_article_init(&a);
	int ver = 0;
	wt_status st = wt_store_get(s, argv[optind], version, &a, &ver);
	if (st == WT_ERR_NOTFOUND) {
		cli_error("%s", wt_store_message(s));
		rc = EXIT_SKIPPED;
	} else if (st != WT_OK) {
		cli_error("%s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	} else if (json) {
		char *j = wt_article_json(&a, ver);
		if (j)
			puts(j);
		free(j);
	} else {
		print_text(&a, ver, original);
	}
	wt_article_release(&a);
	wt_store_destroy(s);
	return rc;
}
