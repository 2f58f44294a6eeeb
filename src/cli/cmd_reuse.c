/*
 * cmd_reuse.c - `wiretrace reuse`: every pair of stored articles that share
 * text, source first by the inferred direction, with its class, score and
 * the copy's coverage (table, TSV, or JSONL with passages and evidence).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace reuse [--db FILE] [--story N | --article ID] [--all] [--format table|tsv|jsonl]\n"
    "                [--window DAYS] [--threads N] [--quiet]";

static void passages_json(const wt_reuse_edge *e)
{
	const wt_alignment *al = e->al;
	for (size_t i = 0; i < al->n_passages; i++) {
		const wt_passage *p = &al->passages[i];
		char *ts = wt_json_quote(e->source->text + p->a_start, p->a_end - p->a_start);
		char *tc = wt_json_quote(e->copy->text + p->b_start, p->b_end - p->b_start);
		printf("%s{\"source_start\":%zu,\"source_end\":%zu,\"copy_start\":%zu,\"copy_end\":"
		       "%zu,"
		       "\"identity\":%.4f,\"matches\":%zu,\"substitutions\":%zu,\"deletions\":%zu,"
		       "\"insertions\":%zu,\"quote\":%s,\"source_text\":%s,\"copy_text\":%s}",
		       i ? "," : "", p->a_start, p->a_end, p->b_start, p->b_end, p->identity,
		       p->matches, p->substitutions, p->deletions, p->insertions,
		       p->quote ? "true" : "false", ts ? ts : "null", tc ? tc : "null");
		free(ts), free(tc);
	}
}

static int edge(const wt_reuse_edge *e, void *ctx)
{
	int fmt = *(int *)ctx;
	const char *cls = wt_reuse_class_name(e->cls);
	if (fmt == FMT_TSV) {
		printf("%s\t%s\t%s\t%.4f\t%.4f\n", e->source->id, e->copy->id, cls, e->score,
		       e->copy_coverage);
	} else if (fmt == FMT_JSONL) {
		char *s = wt_json_quote(e->source->id, (size_t)-1),
		     *c = wt_json_quote(e->copy->id, (size_t)-1),
		     *ev = wt_json_quote(e->evidence, (size_t)-1);
		printf("{\"source\":%s,\"copy\":%s,\"class\":\"%s\",\"score\":%.4f,"
		       "\"copy_coverage\":%.4f,\"directed\":%s,\"confidence\":%.2f,\"evidence\":%s,"
		       "\"sentences_matched\":%zu,\"passages\":[",
		       s, c, cls, e->score, e->copy_coverage, e->directed ? "true" : "false",
		       e->confidence, ev, e->al->sentences_matched);
		passages_json(e);
		printf("]}\n");
		free(s), free(c), free(ev);
	} else {
		printf("%-28.28s %s %-28.28s %-11s %.3f  %.3f  %s\n", e->source->id,
		       e->directed ? "->" : "--", e->copy->id, cls, e->score, e->copy_coverage,
		       e->evidence);
	}
	return ferror(stdout) ? 1 : 0;
}

int cmd_reuse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},      {"story", required_argument, 0, 's'},
	    {"article", required_argument, 0, 'A'}, {"all", no_argument, 0, 'a'},
	    {"format", required_argument, 0, 'f'},  {"window", required_argument, 0, 'w'},
	    {"threads", required_argument, 0, 't'}, {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
	const char *db = NULL;
	int fmt = FMT_TABLE, quiet = 0, c;
	wt_reuse_options o;
	wt_reuse_options_init(&o);
	double v;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's':
			if (cli_parse_story(optarg, &o.story))
				return cli_usage(usage_line,
				                 "--story wants a story number (got '%s')", optarg);
			break;
		case 'A': o.only = optarg; break;
		case 'a': o.all = 1; break;
		case 'q': quiet = 1; break;
		case 't': o.threads = atoi(optarg); break;
		case 'w':
			if (cli_parse_double(optarg, 1, 100000, &v))
				return cli_usage(usage_line, "--window wants a number of days");
			o.window_days = (int)v;
			break;
		case 'f':
			if (cli_parse_output(optarg, FMT_TABLE | FMT_TSV | FMT_JSONL, &fmt))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf(
			    "usage: %s\n\n"
			    "Lists the stored articles that share text, source first by the "
			    "inferred\n"
			    "direction. Classes: verbatim (the copy is essentially the source),\n"
			    "edited (long shared passages with edits), rewrite (sentences map in\n"
			    "order, few long passages), independent (same event, no reuse beyond\n"
			    "quotes and names; only with --all). docs/reuse.md has the rules.\n"
			    "  --story N      only the articles of story N (`wiretrace stories`)\n"
			    "  --article ID   only the pairs connected to article ID\n"
			    "  --all          also independent pairs\n"
			    "  --format F     table (default); tsv: source, copy, class, score,\n"
			    "                 copy coverage; jsonl adds passages (offsets, text),\n"
			    "                 direction evidence and confidence\n"
			    "  --window DAYS  compare only articles published this close\n"
			    "  --threads N    alignment threads (default: all cores)\n"
			    "  --quiet        no summary on standard error\n",
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
	if (fmt == FMT_TABLE)
		printf("%-28s    %-28s %-11s %-5s  %-5s  %s\n", "SOURCE", "COPY", "CLASS", "SCORE",
		       "COVER", "DIRECTION EVIDENCE");
	wt_reuse_stats rs;
	wt_status st = wt_reuse_run(s, &o, edge, &fmt, &rs);
	if (st == WT_ERR_NOTFOUND) {
		if (o.story >= 0)
			cli_error("no story %lld in the store", (long long)o.story);
		else
			cli_error("no article '%s' in the store", o.only);
		rc = EXIT_SKIPPED;
	} else if (st != WT_OK) {
		cli_error("reuse failed: %s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	} else if (!quiet) {
		fprintf(
		    stderr,
		    "reuse: %llu articles, %llu candidate pairs aligned in %.2f s (%.0f pairs/s, "
		    "%.0f articles/s), %llu pairs reported\n",
		    (unsigned long long)rs.articles, (unsigned long long)rs.aligned,
		    rs.seconds_align,
		    rs.seconds_align > 0 ? (double)rs.aligned / rs.seconds_align : 0.0,
		    rs.seconds_align > 0 ? (double)rs.articles / rs.seconds_align : 0.0,
		    (unsigned long long)rs.edges);
	}
	wt_store_destroy(s);
	return rc;
}
