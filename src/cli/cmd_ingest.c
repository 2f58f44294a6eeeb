/*
 * cmd_ingest.c - `wiretrace ingest PATH...`: reads files, folders or "-"
 * (JSONL on standard input), cleans the articles and stores them; prints a
 * summary, a progress bar on a terminal, and every skipped record with its
 * file and line.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_line[] =
    "wiretrace ingest [--db FILE] [--format auto|text|html|jsonl|warc] [--field NAME=KEY]...\n"
    "                 [--max-bytes N] [--threads N] [--batch N] [--strict] [--quiet]\n"
    "                 [--dup-threshold J] [--story-threshold C] [--story-window D]\n"
    "                 [--defer-analysis] [--no-progress] PATH...\n"
    "       wiretrace ingest --catch-up [--db FILE] [--threads N] [--quiet]";

static void help(void)
{
	printf("usage: %s\n\n"
	       "Reads articles from PATHs (files, folders read recursively in sorted order with\n"
	       "hidden entries skipped, or - for JSONL on standard input), cleans them and adds\n"
	       "them to the store. Formats are chosen by extension (.txt .html .htm .jsonl\n"
	       ".ndjson .json .warc, optionally .gz .zst .xz .bz2), else by content.\n"
	       "Ingest is idempotent: an article already stored with the same id and content\n"
	       "adds nothing; changed content under the same id becomes a new version.\n\n"
	       "  --db FILE          store (default $WIRETRACE_DB or wiretrace.db)\n"
	       "  --format F         force the input format\n"
	       "  --field NAME=KEY   read field NAME (id text title source url published)\n"
	       "                     from JSON key KEY; repeatable\n"
	       "  --max-bytes N      skip articles over N bytes (default 5M; K, M, G suffixes)\n"
	       "  --threads N        cleaning threads (default: cores; storing and\n"
	       "                     story assignment run on their own threads)\n"
	       "  --batch N          articles per transaction (default 512)\n"
	       "  --strict           stop at the first bad record\n"
	       "  --dup-threshold J  Jaccard of near-duplicate groups (default 0.8; see dups)\n"
	       "  --story-threshold C  cosine for an article to join a story (default 0.2)\n"
	       "  --story-window D   stories more than D days from an article's date are\n"
	       "                     closed to it (default 3; 0: no window)\n"
	       "  --defer-analysis   read, clean and store only (a bulk load): the articles\n"
	       "                     join near-duplicate groups and stories at the next\n"
	       "                     ingest without this option, before its own articles\n"
	       "  --catch-up         no PATH needed: analyse the articles stored with\n"
	       "                     --defer-analysis, and nothing else\n"
	       "  --quiet            no per-record messages, no summary\n"
	       "  --no-progress      no progress bar\n\n"
	       "Exit status: 0 ok, 1 records skipped, 2 usage error, 3 store unusable.\n",
	       usage_line);
}

static void on_skip(wt_status st, const char *msg, void *ctx)
{
	(void)st;
	cli_progress_skip(ctx, msg);
}

static void on_progress(const wt_ingest_stats *s, uint64_t done, uint64_t total, void *ctx)
{
	cli_progress *p = ctx;
	if (s->caught_up < p->pending && !s->read)
		cli_progress_draw_items(p, "articles stored earlier analysed", s->caught_up,
		                        p->pending);
	else
		cli_progress_draw(p, s->read, done, total);
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"field", required_argument, 0, 'F'},
	                                     {"max-bytes", required_argument, 0, 'm'},
	                                     {"threads", required_argument, 0, 't'},
	                                     {"batch", required_argument, 0, 'b'},
	                                     {"strict", no_argument, 0, 's'},
	                                     {"dup-threshold", required_argument, 0, 'j'},
	                                     {"quiet", no_argument, 0, 'q'},
	                                     {"no-progress", no_argument, 0, 'P'},
	                                     {"story-threshold", required_argument, 0, 'T'},
	                                     {"story-window", required_argument, 0, 'W'},
	                                     {"defer-analysis", no_argument, 0, 'D'},
	                                     {"catch-up", no_argument, 0, 'C'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db = NULL;
	wt_read_options ro;
	wt_read_options_init(&ro);
	wt_ingest_options io;
	wt_ingest_options_init(&io);
	cli_fields fields = {0};
	int quiet = 0, noprog = 0, catch_up = 0, c, rc = EXIT_OK;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (cli_parse_format(optarg, &ro.format))
				rc = cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'F':
			if (cli_parse_field(optarg, &fields))
				rc = cli_usage(usage_line,
				               "--field wants NAME=KEY with NAME one of id, text, "
				               "title, source, url, published (got '%s')",
				               optarg);
			break;
		case 'm':
			if (cli_parse_size(optarg, &ro.max_article_bytes))
				rc = cli_usage(usage_line, "bad --max-bytes '%s'", optarg);
			break;
		case 't': io.threads = atoi(optarg); break;
		case 'b': io.batch_size = (size_t)atol(optarg); break;
		case 's': io.strict = 1; break;
		case 'j':
			if (cli_parse_double(optarg, 0.01, 1, &io.dedup_threshold))
				rc = cli_usage(usage_line,
				               "--dup-threshold wants a number in (0, 1]");
			break;
		case 'T':
			if (cli_parse_double(optarg, 0.01, 1, &io.stories.threshold))
				rc = cli_usage(usage_line,
				               "--story-threshold wants a number in (0, 1]");
			break;
		case 'W': {
			double d;
			if (cli_parse_double(optarg, 0, 36500, &d) || d != (int)d)
				rc = cli_usage(usage_line,
				               "--story-window wants a whole number of days");
			else
				io.stories.window_days = (int)d;
			break;
		}
		case 'D': io.defer_analysis = 1; break;
		case 'C': catch_up = 1; break;
		case 'q': quiet = 1; break;
		case 'P': noprog = 1; break;
		case 'h': help(); goto out_free;
		default:
			rc = EXIT_USAGE;
			fprintf(stderr, "usage: %s\n", usage_line);
			break;
		}
		if (rc)
			goto out_free;
	}
	if (catch_up && io.defer_analysis) {
		rc = cli_usage(usage_line, "--catch-up and --defer-analysis contradict each other");
		goto out_free;
	}
	if (optind >= argc && !catch_up) {
		rc = cli_usage(usage_line, "no input: give files, folders or - for standard input");
		goto out_free;
	}
	cli_fields_apply(&fields, &ro);
	wt_reader *r = wt_reader_create(&ro);
	if (!r) {
		cli_error("out of memory");
		rc = EXIT_FATAL;
		goto out_free;
	}
	int bad_paths = 0;
	for (int i = optind; i < argc; i++) {
		wt_status st = wt_reader_add_path(r, argv[i]);
		if (st != WT_OK) {
			cli_error("%s", wt_reader_message(r));
			bad_paths++;
			if (io.strict) {
				wt_reader_destroy(r);
				rc = EXIT_SKIPPED;
				goto out_free;
			}
		}
	}
	wt_store *s = cli_open_store(cli_db_path(db), 0, &rc);
	if (!s) {
		wt_reader_destroy(r);
		goto out_free;
	}
	cli_progress p;
	cli_progress_init(&p, quiet, noprog);
	if (!io.defer_analysis && wt_store_unanalyzed(s, &p.pending) != WT_OK)
		p.pending = 0;
	io.on_skip = on_skip;
	io.on_progress = on_progress;
	io.ctx = &p;
	wt_ingest_stats stats;
	memset(&stats, 0, sizeof stats);
	/* nothing readable: no need to load the store's engines */
	wt_status st = optind == argc              ? wt_ingest(s, NULL, &io, &stats)
	               : bad_paths < argc - optind ? wt_ingest(s, r, &io, &stats)
	                                           : WT_OK;
	cli_progress_clear(&p);
	wt_read_stats rs;
	wt_reader_stats(r, &rs);
	if (!quiet && optind == argc) {
		printf("analysed %llu article%s stored with --defer-analysis",
		       (unsigned long long)stats.caught_up, stats.caught_up == 1 ? "" : "s");
		if (stats.skipped)
			printf(", skipped %llu (damaged in the store)",
			       (unsigned long long)stats.skipped);
		printf(" in %.2f s\n", cli_progress_seconds(&p));
	} else if (!quiet) {
		printf("read %llu, added %llu, unchanged %llu, new versions %llu, skipped %llu",
		       (unsigned long long)stats.read, (unsigned long long)stats.added,
		       (unsigned long long)stats.unchanged, (unsigned long long)stats.versions,
		       (unsigned long long)(stats.skipped + (uint64_t)bad_paths));
		int first = 1;
		for (int k = 0; k < 16; k++)
			if (stats.skipped_by_status[k]) {
				printf("%s%s %llu", first ? " (" : ", ", wt_strerror((wt_status)k),
				       (unsigned long long)stats.skipped_by_status[k]);
				first = 0;
			}
		if (bad_paths)
			printf("%sunreadable path %d", first ? " (" : ", ", bad_paths), first = 0;
		printf("%s", first ? "" : ")");
		if (stats.utf8_repairs)
			printf(", invalid UTF-8 repaired %llu",
			       (unsigned long long)stats.utf8_repairs);
		if (stats.caught_up)
			printf(", analysed %llu stored earlier",
			       (unsigned long long)stats.caught_up);
		printf(" in %.2f s\n", cli_progress_seconds(&p));
		if (io.defer_analysis)
			cli_note_unanalyzed(s);
	}
	if (st != WT_OK && !(io.strict && stats.skipped)) {
		cli_error("ingest stopped: %s (%s); batches stored before this are kept",
		          st == WT_ERR_STORE || st == WT_ERR_LOCKED || st == WT_ERR_READONLY
		              ? wt_store_message(s)
		              : wt_reader_message(r),
		          wt_strerror(st));
		rc = EXIT_FATAL;
	} else if (stats.skipped || bad_paths) {
		rc = EXIT_SKIPPED;
	}
	wt_store_destroy(s);
	wt_reader_destroy(r);
out_free:
	cli_fields_release(&fields);
	return rc;
}
