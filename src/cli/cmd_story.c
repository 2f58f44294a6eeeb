/*
 * cmd_story.c - `wiretrace story ID`: the articles of one story, in the
 * order they arrived, with the score each joined with (table, jsonl); or
 * its consolidated account (text, json, html: wt_collate).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace story [--db FILE] [--format table|jsonl|text|json|html] STORY_ID";

static int row(const wt_story_article *a, void *ctx)
{
	int json = *(int *)ctx;
	if (json) {
		char *id = wt_json_quote(a->id, (size_t)-1),
		     *t = wt_json_quote(a->title, (size_t)-1),
		     *so = wt_json_quote(a->source, (size_t)-1),
		     *p = wt_json_quote(a->published, (size_t)-1);
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
	int json = 0, fmt = FMT_TABLE, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (cli_parse_output(optarg,
			                     FMT_TABLE | FMT_JSONL | FMT_TEXT | FMT_JSON | FMT_HTML,
			                     &fmt))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			json = fmt == FMT_JSONL;
			break;
		case 'h':
			printf(
			    "usage: %s\n\nLists the articles of a story (see `wiretrace "
			    "stories`),\n"
			    "in arrival order, with the cosine each joined the story with (table,\n"
			    "jsonl); or collates them into one account (text, json, html): "
			    "sentence\n"
			    "groups with their sources, quotes by speaker, numbers and the\n"
			    "discrepancies between them, names with their spellings.\n",
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
	cli_note_unanalyzed(s);
	if (fmt & (FMT_TEXT | FMT_JSON | FMT_HTML)) {
		rc = cli_collate_story(s, id, fmt, stdout);
		wt_store_destroy(s);
		return rc;
	}
	if (!json)
		printf("%-28s %-16s %-10s %-5s  %s\n", "ID", "SOURCE", "PUBLISHED", "SCORE",
		       "TITLE");
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

wt_status cli_story_collate(wt_store *s, int64_t id, int threads, cli_story *out)
{
	memset(out, 0, sizeof(*out));
	wt_status st = wt_store_story_load(s, id, &out->arts, &out->n, &out->label);
	if (st != WT_OK)
		return st;
	wt_article **ptr = malloc((out->n ? out->n : 1) * sizeof(*ptr));
	if (!ptr) {
		cli_story_release(out);
		return WT_ERR_NOMEM;
	}
	for (size_t i = 0; i < out->n; i++)
		ptr[i] = &out->arts[i];
	st = wt_collate(ptr, out->n, NULL, &out->coll);
	free(ptr);
	if (st != WT_OK) {
		cli_story_release(out);
		return st;
	}
	out->have_coll = 1;
	wt_reuse_options ro;
	wt_reuse_options_init(&ro);
	ro.story = id;
	ro.threads = threads;
	out->have_prov = wt_provenance_build(s, &ro, &out->prov) == WT_OK;
	return WT_OK;
}

void cli_story_release(cli_story *c)
{
	if (c->have_coll)
		wt_collation_release(&c->coll);
	if (c->have_prov)
		wt_provenance_release(&c->prov);
	wt_articles_free(c->arts, c->n);
	free(c->label);
	memset(c, 0, sizeof(*c));
}

/* Collation of one story, as text, JSON or HTML. */
int cli_collate_story(wt_store *s, int64_t id, int fmt, FILE *out)
{
	cli_story c;
	wt_status st = cli_story_collate(s, id, 0, &c);
	if (st == WT_ERR_NOTFOUND) {
		cli_error("no story %lld", (long long)id);
		return EXIT_SKIPPED;
	}
	if (st != WT_OK) {
		cli_error("collating story %lld: %s (%s)", (long long)id, wt_store_message(s),
		          wt_strerror(st));
		return EXIT_FATAL;
	}
	char *doc;
	if (fmt == FMT_JSON) {
		doc = wt_collation_json(&c.coll, id, c.label, 1);
	} else if (fmt == FMT_TEXT) {
		doc = wt_collation_text(&c.coll, id, c.label);
	} else {
		wt_report_story rs = {id, c.label, &c.coll, c.arts, c.have_prov ? &c.prov : NULL};
		doc = wt_report_html(&rs, 1, c.label);
	}
	int rc = EXIT_OK;
	if (!doc) {
		cli_error("out of memory");
		rc = EXIT_FATAL;
	} else {
		fputs(doc, out);
		if (fmt == FMT_JSON)
			fputc('\n', out);
		free(doc);
	}
	cli_story_release(&c);
	return rc;
}
