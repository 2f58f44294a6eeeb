/*
 * cmd_list.c - `wiretrace list`: one row per stored article (latest
 * version), as a table, TSV or JSONL.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace list [--db FILE] [--format table|tsv|jsonl] [--source NAME]";

static int row(const wt_article_row *r, void *ctx)
{
	int fmt = *(int *)ctx;
	const char *t = r->title ? r->title : "", *s = r->source ? r->source : "",
	           *p = r->published ? r->published : "";
	if (fmt == FMT_TSV) {
		printf("%s\t%s\t%s\t%d\t%zu\t", r->id, s, p, r->version, r->text_len);
		for (const char *c = t; *c; c++)
			putchar(*c == '\t' || *c == '\n' ? ' ' : *c);
		putchar('\n');
	} else if (fmt == FMT_JSONL) {
		char *id = wt_json_quote(r->id, (size_t)-1),
		     *ti = wt_json_quote(r->title, (size_t)-1),
		     *so = wt_json_quote(r->source, (size_t)-1),
		     *pu = wt_json_quote(r->published, (size_t)-1);
		printf("{\"id\":%s,\"version\":%d,\"title\":%s,\"source\":%s,\"published\":%s,"
		       "\"text_bytes\":%zu}\n",
		       id ? id : "null", r->version, ti ? ti : "null", so ? so : "null",
		       pu ? pu : "null", r->text_len);
		free(id), free(ti), free(so), free(pu);
	} else {
		printf("%-28.28s %-16.16s %-10.10s %3d %7zu  %.60s\n", r->id, s, p, r->version,
		       r->text_len, t);
	}
	return ferror(stdout) ? 1 : 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"source", required_argument, 0, 's'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = NULL, *source = NULL;
	int fmt = FMT_TABLE, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': source = optarg; break;
		case 'f':
			if (cli_parse_output(optarg, FMT_TABLE | FMT_TSV | FMT_JSONL, &fmt))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf("usage: %s\n\nLists stored articles (latest versions, in ingest "
			       "order).\n"
			       "tsv columns: id, source, published, version, text bytes, title.\n",
			       usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	int rc;
	wt_store *s = cli_open_for_reading(usage_line, argc, argv, db, &rc);
	if (!s)
		return rc;
	if (fmt == FMT_TABLE)
		printf("%-28s %-16s %-10s %3s %7s  %s\n", "ID", "SOURCE", "PUBLISHED", "VER",
		       "BYTES", "TITLE");
	wt_status st = wt_store_list(s, source, row, &fmt);
	if (st != WT_OK) {
		cli_error("%s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	}
	wt_store_destroy(s);
	return rc;
}
