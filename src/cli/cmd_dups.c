/*
 * cmd_dups.c - `wiretrace dups`: the near-duplicate groups that ingest
 * found in the store, as a table, TSV (article id, group id) or JSONL.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] = "wiretrace dups [--db FILE] [--format table|tsv|jsonl] [--all]";

typedef struct state {
	int fmt;
	char *last_group;
	size_t groups;
} state;

static int row(const wt_dup_row *r, void *ctx)
{
	state *s = ctx;
	int first = !s->last_group || strcmp(s->last_group, r->group) != 0;
	if (first) {
		free(s->last_group);
		s->last_group = strdup(r->group);
		s->groups++;
	}
	if (s->fmt == FMT_TSV) {
		printf("%s\t%s\n", r->id, r->group);
	} else if (s->fmt == FMT_JSONL) {
		char *id = wt_json_quote(r->id, (size_t)-1),
		     *g = wt_json_quote(r->group, (size_t)-1);
		printf("{\"id\":%s,\"group\":%s,\"group_size\":%zu,\"jaccard\":%.4f,"
		       "\"containment\":%.4f}\n",
		       id ? id : "null", g ? g : "null", r->group_size, r->jaccard, r->containment);
		free(id), free(g);
	} else {
		if (first)
			printf("%sgroup %s (%zu article%s)\n", s->groups > 1 ? "\n" : "", r->group,
			       r->group_size, r->group_size == 1 ? "" : "s");
		printf("  %-40s jaccard %.3f  containment %.3f\n", r->id, r->jaccard,
		       r->containment);
	}
	return ferror(stdout) ? 1 : 0;
}

int cmd_dups(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"all", no_argument, 0, 'a'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = NULL;
	state st = {FMT_TABLE, NULL, 0};
	int all = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': all = 1; break;
		case 'f':
			if (cli_parse_output(optarg, FMT_TABLE | FMT_TSV | FMT_JSONL, &st.fmt))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf(
			    "usage: %s\n\n"
			    "Lists the near-duplicate groups found by ingest: articles whose word\n"
			    "5-gram sets (cleaned bodies) have a Jaccard of at least 0.8 with the\n"
			    "group's first article (ingest --dup-threshold changes it). Each\n"
			    "article shows its measured Jaccard and containment in that article.\n"
			    "  --format F   table (default), tsv (article_id<TAB>group_id), jsonl\n"
			    "  --all        also list articles without near-duplicates\n",
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
	wt_status ws = wt_store_dups(s, all, row, &st);
	if (ws != WT_OK) {
		cli_error("%s (%s)", wt_store_message(s), wt_strerror(ws));
		rc = EXIT_FATAL;
	} else if (st.fmt == FMT_TABLE && !st.groups) {
		printf("no near-duplicate groups\n");
	}
	free(st.last_group);
	wt_store_destroy(s);
	return rc;
}
