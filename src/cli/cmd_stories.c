/*
 * cmd_stories.c - `wiretrace stories`: the stories ingest has grouped, as a
 * table (one line per story), TSV (article_id<TAB>story_id) or JSONL.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace stories [--db FILE] [--format table|tsv|jsonl] [--since DATE] [--until DATE]";

static int story_row(const wt_story_row *r, void *ctx)
{
	(void)ctx;
	printf("%6lld %5zu  %-10.10s %-10.10s  %s\n", (long long)r->story, r->size,
	       r->first ? r->first : "", r->last ? r->last : "", r->label ? r->label : "");
	return ferror(stdout) ? 1 : 0;
}

static int article_row(const wt_story_article *a, void *ctx)
{
	int fmt = *(int *)ctx;
	if (fmt == FMT_TSV) {
		printf("%s\t%lld\n", a->id, (long long)a->story);
	} else {
		char *id = wt_json_quote(a->id, (size_t)-1),
		     *t = wt_json_quote(a->title, (size_t)-1),
		     *so = wt_json_quote(a->source, (size_t)-1),
		     *p = wt_json_quote(a->published, (size_t)-1);
		printf("{\"id\":%s,\"story\":%lld,\"score\":%.4f,\"title\":%s,\"source\":%s,"
		       "\"published\":%s}\n",
		       id, (long long)a->story, a->score, t, so, p);
		free(id), free(t), free(so), free(p);
	}
	return ferror(stdout) ? 1 : 0;
}

int cmd_stories(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},    {"format", required_argument, 0, 'f'},
	    {"since", required_argument, 0, 's'}, {"until", required_argument, 0, 'u'},
	    {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
	const char *db = NULL, *since = NULL, *until = NULL;
	int fmt = FMT_TABLE, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': since = optarg; break;
		case 'u': until = optarg; break;
		case 'f':
			if (cli_parse_output(optarg, FMT_TABLE | FMT_TSV | FMT_JSONL, &fmt))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf("usage: %s\n\n"
			       "Lists the stories ingest grouped the articles into "
			       "(docs/stories.md):\n"
			       "table: story, articles, first and last date, label; tsv: "
			       "article_id<TAB>\n"
			       "story_id for every article; jsonl: one article per line with its "
			       "story\n"
			       "and the score it joined with. --since/--until keep stories (table) "
			       "or\n"
			       "articles (tsv, jsonl) published in that range (ISO dates).\n",
			       usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	int rc;
	wt_store *s = cli_open_for_reading(usage_line, argc, argv, db, &rc);
	if (!s)
		return rc;
	cli_note_unanalyzed(s);
	wt_status st;
	if (fmt == FMT_TABLE) {
		printf("%6s %5s  %-10s %-10s  %s\n", "STORY", "SIZE", "FIRST", "LAST", "LABEL");
		st = wt_store_stories(s, since, until, story_row, NULL);
	} else {
		st = wt_store_story_articles(s, -1, since, until, article_row, &fmt);
	}
	if (st != WT_OK) {
		cli_error("%s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	}
	wt_store_destroy(s);
	return rc;
}
