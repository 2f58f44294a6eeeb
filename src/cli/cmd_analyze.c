/*
 * cmd_analyze.c - `wiretrace analyze PATH... --out DIR`: the whole job in
 * one command. Ingests PATHs into DIR/wiretrace.db (stories are grouped as
 * articles arrive), collates every story, infers its provenance, and
 * writes DIR/report.html (self-contained) and DIR/stories.json.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_line[] =
    "wiretrace analyze --out DIR [--min-size N] [--threads N] [--quiet] PATH...";

static void on_skip(wt_status st, const char *msg, void *ctx)
{
	(void)st;
	cli_progress_skip(ctx, msg);
}

typedef struct story_list {
	int64_t *id;
	size_t n, cap, min_size;
} story_list;

static int add_story(const wt_story_row *r, void *ctx)
{
	story_list *l = ctx;
	if (r->size < l->min_size)
		return 0;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		int64_t *p = realloc(l->id, nc * sizeof(*p));
		if (!p)
			return 1;
		l->id = p, l->cap = nc;
	}
	l->id[l->n++] = r->story;
	return 0;
}

static int write_file(const char *path, const char *a, const char *b)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	fputs(a, f);
	if (b)
		fputs(b, f);
	if (fclose(f)) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"out", required_argument, 0, 'o'},     {"min-size", required_argument, 0, 'm'},
	    {"threads", required_argument, 0, 't'}, {"quiet", no_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
	const char *out = NULL;
	int quiet = 0, threads = 0, c;
	double minsize = 1;
	while ((c = getopt_long(argc, argv, "ho:q", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'q': quiet = 1; break;
		case 't': threads = atoi(optarg); break;
		case 'm':
			if (cli_parse_double(optarg, 1, 1e9, &minsize))
				return cli_usage(usage_line,
				                 "--min-size wants a number of articles");
			break;
		case 'h':
			printf(
			    "usage: %s\n\n"
			    "Ingests PATHs (files, folders, - for JSONL on standard input) into\n"
			    "DIR/wiretrace.db, groups them into stories, collates each story and\n"
			    "writes DIR/report.html (one self-contained page: stories, "
			    "consolidated\n"
			    "accounts with sources, quotes by speaker, numbers and discrepancies,\n"
			    "provenance graphs, side-by-side views) and DIR/stories.json (the\n"
			    "collations, as `wiretrace story ID --format json`).\n"
			    "  --out DIR       where to write (created if missing)\n"
			    "  --min-size N    only stories of at least N articles (default 1)\n"
			    "  --threads N     cleaning threads (default: all cores)\n"
			    "  --quiet         no summary\n",
			    usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (!out)
		return cli_usage(usage_line, "--out DIR is required");
	if (optind >= argc)
		return cli_usage(usage_line, "no PATH to analyze");
	if (mkdir(out, 0777) && errno != EEXIST) {
		cli_error("cannot create %s: %s", out, strerror(errno));
		return EXIT_FATAL;
	}
	size_t ol = strlen(out);
	char *db = malloc(ol + 32), *html = malloc(ol + 32), *json = malloc(ol + 32);
	if (!db || !html || !json) {
		free(db), free(html), free(json);
		cli_error("out of memory");
		return EXIT_FATAL;
	}
	snprintf(db, ol + 32, "%s/wiretrace.db", out);
	snprintf(html, ol + 32, "%s/report.html", out);
	snprintf(json, ol + 32, "%s/stories.json", out);
	int rc = EXIT_OK;
	wt_store *s = cli_open_store(db, 0, &rc);
	wt_reader *r = s ? wt_reader_create(NULL) : NULL;
	if (!s || !r) {
		wt_store_destroy(s);
		free(db), free(html), free(json);
		return s ? EXIT_FATAL : rc;
	}
	int bad = cli_add_paths(r, argv + optind, argc - optind);
	cli_progress p;
	cli_progress_init(&p, quiet, 0);
	wt_ingest_options io;
	wt_ingest_options_init(&io);
	io.threads = threads;
	io.on_skip = on_skip;
	io.ctx = &p;
	wt_ingest_stats stats;
	wt_status st = wt_ingest(s, r, &io, &stats);
	cli_progress_clear(&p);
	wt_reader_destroy(r);
	if (st != WT_OK) {
		cli_error("ingest failed: %s (%s)", wt_store_message(s), wt_strerror(st));
		wt_store_destroy(s);
		free(db), free(html), free(json);
		return EXIT_FATAL;
	}
	story_list l = {0};
	l.min_size = (size_t)minsize;
	st = wt_store_stories(s, NULL, NULL, add_story, &l);
	cli_story *v = calloc(l.n ? l.n : 1, sizeof(*v));
	wt_report_story *rs = calloc(l.n ? l.n : 1, sizeof(*rs));
	size_t done = 0;
	if (st == WT_OK && (!v || !rs))
		st = WT_ERR_NOMEM;
	for (; st == WT_OK && done < l.n; done++) {
		st = cli_story_collate(s, l.id[done], threads, &v[done]);
		if (st != WT_OK)
			break;
		cli_story *o = &v[done];
		rs[done] = (wt_report_story){l.id[done], o->label, &o->coll, o->arts,
		                             o->have_prov ? &o->prov : NULL};
	}
	if (st != WT_OK) {
		cli_error("analysis failed: %s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	} else {
		/* stories.json: an array of the collations */
		size_t cap = 2, len = 0;
		char *doc = malloc(cap);
		for (size_t i = 0; doc && i < done; i++) {
			char *j = wt_collation_json(&v[i].coll, l.id[i], v[i].label, 1);
			size_t jl = j ? strlen(j) : 0;
			if (!j || len + jl + 8 > cap) {
				size_t nc = (len + jl + 8) * 2;
				char *p = j ? realloc(doc, nc) : NULL;
				if (!p) {
					free(j), free(doc), doc = NULL;
					break;
				}
				doc = p, cap = nc;
			}
			doc[len++] = i ? ',' : '[';
			doc[len++] = '\n';
			memcpy(doc + len, j, jl);
			len += jl;
			free(j);
		}
		if (doc) {
			if (!done)
				doc[len++] = '[';
			doc[len++] = '\n';
			doc[len++] = ']';
			doc[len++] = '\n';
			doc[len] = 0;
		}
		char *page = wt_report_html(rs, done, "wiretrace report");
		if (!doc || !page) {
			cli_error("out of memory");
			rc = EXIT_FATAL;
		} else if (write_file(json, doc, NULL) || write_file(html, page, NULL)) {
			rc = EXIT_FATAL;
		} else if (!quiet) {
			printf("analyzed %llu articles (%llu skipped) into %zu stories\n"
			       "wrote %s, %s (store %s)\n",
			       (unsigned long long)stats.read, (unsigned long long)stats.skipped,
			       done, html, json, db);
		}
		free(doc), free(page);
	}
	for (size_t i = 0; i < done; i++)
		cli_story_release(&v[i]);
	free(v), free(rs), free(l.id);
	wt_store_destroy(s);
	free(db), free(html), free(json);
	if (rc == EXIT_OK && (bad || stats.skipped))
		rc = EXIT_SKIPPED;
	return rc;
}
