/*
 * cmd_story.c - `wiretrace story ID`: the articles of one story, in the
 * order they arrived, with the score each joined with.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] = "wiretrace story [--db FILE] [--format table|jsonl] STORY_ID";

static int row(const wt_story_article *a, void *ctx)
{
	int json = *(int *)ctx;
	if (json) {
		char *id = wt_json_quote(a->id, (size_t)-1), *t = wt_json_quote(a->title, (size_t)-1),
		     *so = wt_json_quote(a->source, (size_t)-1), *p = wt_json_quote(a->published, (size_t)-1);
		printf("{\"id\":%s,\"story\":%lld,\"score\":%.4f,\"title\":%s,\"source\":%s,"
		       "\"published\":%s}\n",
		       id, (long long)a->story, a->score, t, so, p);
		free(id), free(t), free(so), free(p);
	} else {
		printf("%-28.28s %-16.16s %-10.10s %.3f  %s\n", a->id, a->source ? a->source : "",
		       a->published ? a->published : "", a->score, a->title ? a->title : "");
	}
	return ferror(stdout) ? 1 : 0;
}

int cmd_story(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = NULL;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!strcmp(optarg, "jsonl"))
				json = 1;
			else if (strcmp(optarg, "table"))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf("usage: %s\n\nLists the articles of a story (see `wiretrace stories`),\n"
			       "in arrival order, with the cosine each joined the story with.\n",
			       usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "story wants one story id");
	char *end;
	long long id = strtoll(argv[optind], &end, 10);
	if (*end || id < 0)
		return cli_usage(usage_line, "story ids are numbers (got '%s')", argv[optind]);
	int rc = EXIT_OK;
	wt_store *s = cli_open_store(cli_db_path(db), WT_STORE_READONLY, &rc);
	if (!s)
		return rc;
	if (!json)
		printf("%-28s %-16s %-10s %-5s  %s\n", "ID", "SOURCE", "PUBLISHED", "SCORE", "TITLE");
	wt_status st = wt_store_story_articles(s, id, NULL, NULL, row, &json);
	if (st == WT_ERR_NOTFOUND) {
		cli_error("no story %lld", id);
		rc = EXIT_SKIPPED;
	} else if (st != WT_OK) {
		cli_error("%s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	}
	wt_store_destroy(s);
	return rc;
}
