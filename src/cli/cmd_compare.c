/*
 * cmd_compare.c - `wiretrace compare FILE_A FILE_B` explains how two
 * articles relate (class, shared passages with offsets and text, sentences
 * mapped in order); `wiretrace compare --pairs FILE.jsonl` classifies every
 * line {"id", "a", "b"} and prints `id<TAB>class<TAB>score`.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] = "wiretrace compare [--format text|json] FILE_A FILE_B\n"
                                 "       wiretrace compare --pairs FILE.jsonl";

static wt_status read_first(const char *path, wt_article *a)
{
	wt_reader *r = wt_reader_create(NULL);
	if (!r)
		return WT_ERR_NOMEM;
	wt_status st = wt_reader_add_path(r, path);
	if (st == WT_OK)
		st = wt_reader_next(r, a);
	if (st == WT_DONE)
		st = WT_ERR_EMPTY;
	if (st != WT_OK)
		cli_error("%s", *wt_reader_message(r) ? wt_reader_message(r) : path);
	wt_reader_destroy(r);
	if (st == WT_OK)
		st = wt_article_clean(a, NULL);
	return st;
}

static void snippet(const char *t, size_t s, size_t e)
{
	size_t n = e - s;
	if (n > 160) {
		printf("\"%.*s ... %.*s\"", 70, t + s, 70, t + e - 70);
		return;
	}
	putchar('"');
	for (size_t i = s; i < e; i++)
		putchar(t[i] == '\n' ? ' ' : t[i]);
	putchar('"');
}

static void print_text(const wt_article *a, const wt_article *b, const wt_alignment *al)
{
	double score;
	wt_reuse_class c = wt_alignment_classify(al, &score);
	printf("A: %s (%s) %zu tokens, %zu sentences\n", a->id, a->source ? a->source : "?",
	       al->a_tokens, al->a_sentences);
	printf("B: %s (%s) %zu tokens, %zu sentences\n", b->id, b->source ? b->source : "?",
	       al->b_tokens, al->b_sentences);
	printf("class: %s, score %.3f\n", wt_reuse_class_name(c), score);
	printf("passages: %zu; A covered %.3f, B covered %.3f; quote-only tokens %zu; longest %zu "
	       "tokens\n",
	       al->n_passages, al->a_tokens ? (double)al->a_covered / (double)al->a_tokens : 0.0,
	       al->b_tokens ? (double)al->b_covered / (double)al->b_tokens : 0.0, al->quote_tokens,
	       al->longest);
	printf("sentences mapped in order: %zu (score %.2f)\n", al->sentences_matched,
	       al->sentence_score);
	for (size_t i = 0; i < al->n_passages; i++) {
		const wt_passage *p = &al->passages[i];
		printf("\npassage %zu%s: A %zu-%zu, B %zu-%zu, %zu/%zu tokens, identity %.3f "
		       "(%zu substitutions, %zu deletions, %zu insertions)\n  A: ",
		       i + 1, p->quote ? " (quote)" : "", p->a_start, p->a_end, p->b_start,
		       p->b_end, p->a_tokens, p->b_tokens, p->identity, p->substitutions,
		       p->deletions, p->insertions);
		snippet(a->text, p->a_start, p->a_end);
		printf("\n  B: ");
		snippet(b->text, p->b_start, p->b_end);
		putchar('\n');
	}
}

static void print_json(const wt_article *a, const wt_article *b, const wt_alignment *al)
{
	double score;
	wt_reuse_class c = wt_alignment_classify(al, &score);
	char *ia = wt_json_quote(a->id, (size_t)-1), *ib = wt_json_quote(b->id, (size_t)-1);
	printf("{\"a\":%s,\"b\":%s,\"class\":\"%s\",\"score\":%.4f,\"a_tokens\":%zu,"
	       "\"b_tokens\":%zu,\"a_covered\":%zu,\"b_covered\":%zu,\"quote_tokens\":%zu,"
	       "\"sentences_matched\":%zu,\"passages\":[",
	       ia, ib, wt_reuse_class_name(c), score, al->a_tokens, al->b_tokens, al->a_covered,
	       al->b_covered, al->quote_tokens, al->sentences_matched);
	free(ia), free(ib);
	for (size_t i = 0; i < al->n_passages; i++) {
		const wt_passage *p = &al->passages[i];
		char *ta = wt_json_quote(a->text + p->a_start, p->a_end - p->a_start);
		char *tb = wt_json_quote(b->text + p->b_start, p->b_end - p->b_start);
		printf("%s{\"a_start\":%zu,\"a_end\":%zu,\"b_start\":%zu,\"b_end\":%zu,"
		       "\"identity\":%.4f,\"matches\":%zu,\"substitutions\":%zu,\"deletions\":%zu,"
		       "\"insertions\":%zu,\"quote\":%s,\"a_text\":%s,\"b_text\":%s}",
		       i ? "," : "", p->a_start, p->a_end, p->b_start, p->b_end, p->identity,
		       p->matches, p->substitutions, p->deletions, p->insertions,
		       p->quote ? "true" : "false", ta ? ta : "null", tb ? tb : "null");
		free(ta), free(tb);
	}
	printf("]}\n");
}

/* Reads FILE twice in lockstep, once with text=a and once with text=b. */
static wt_reader *pair_reader(const char *path, const char *key)
{
	/* the reader borrows the mapping arrays: they must outlive it */
	static const char *const names[] = {"text"};
	static const char *const keys_a[] = {"a"}, *const keys_b[] = {"b"};
	wt_read_options o;
	wt_read_options_init(&o);
	o.format = WT_FMT_JSONL;
	o.field_names = names;
	o.field_keys = strcmp(key, "a") ? keys_b : keys_a;
	o.n_fields = 1;
	wt_reader *r = wt_reader_create(&o);
	if (r && wt_reader_add_path(r, path) != WT_OK) {
		cli_error("%s", wt_reader_message(r));
		wt_reader_destroy(r);
		return NULL;
	}
	return r;
}

static long line_of(const wt_article *a)
{
	const char *c = a->origin ? strrchr(a->origin, ':') : NULL;
	return c ? atol(c + 1) : 0;
}

static int run_pairs(const char *path)
{
	if (!strcmp(path, "-")) {
		cli_error("--pairs reads its file twice (term weights first): give a file, not -");
		return EXIT_USAGE;
	}
	/* pass 1: term statistics over every text of the file */
	wt_termstats *ts = wt_termstats_create();
	int rc = EXIT_OK;
	for (int side = 0; side < 2 && ts; side++) {
		wt_reader *r = pair_reader(path, side ? "b" : "a");
		if (!r) {
			wt_termstats_destroy(ts);
			return EXIT_FATAL;
		}
		wt_article a;
		wt_article_init(&a);
		wt_status st;
		while ((st = wt_reader_next(r, &a)) != WT_DONE)
			if (st == WT_OK)
				wt_termstats_add(ts, a.text, a.text_len);
		wt_article_release(&a);
		wt_reader_destroy(r);
	}
	/* pass 2: classify */
	wt_reader *ra = pair_reader(path, "a"), *rb = pair_reader(path, "b");
	wt_article a, b;
	wt_article_init(&a);
	wt_article_init(&b);
	wt_status sa = ra ? wt_reader_next(ra, &a) : WT_DONE;
	wt_status sb = rb ? wt_reader_next(rb, &b) : WT_DONE;
	while (ra && rb && sa != WT_DONE && sb != WT_DONE) {
		if (sa != WT_OK) {
			cli_error("skipped %s", wt_reader_message(ra));
			rc = EXIT_SKIPPED;
			sa = wt_reader_next(ra, &a);
			continue;
		}
		if (sb != WT_OK) {
			cli_error("skipped %s", wt_reader_message(rb));
			rc = EXIT_SKIPPED;
			sb = wt_reader_next(rb, &b);
			continue;
		}
		long la = line_of(&a), lb = line_of(&b);
		if (la != lb) { /* one side of a line was unusable */
			if (la < lb)
				sa = wt_reader_next(ra, &a);
			else
				sb = wt_reader_next(rb, &b);
			continue;
		}
		wt_article_clean(&a, NULL);
		wt_article_clean(&b, NULL);
		wt_alignment al;
		if (wt_align_articles(&a, &b, ts, &al) != WT_OK) {
			cli_error("out of memory");
			rc = EXIT_FATAL;
			break;
		}
		double score;
		wt_reuse_class c = wt_alignment_classify(&al, &score);
		if (c == WT_REUSE_NONE)
			c = WT_REUSE_INDEPENDENT;
		printf("%s\t%s\t%.4f\n", a.id, wt_reuse_class_name(c), score);
		wt_alignment_release(&al);
		sa = wt_reader_next(ra, &a);
		sb = wt_reader_next(rb, &b);
	}
	wt_article_release(&a);
	wt_article_release(&b);
	wt_reader_destroy(ra);
	wt_reader_destroy(rb);
	wt_termstats_destroy(ts);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {{"pairs", required_argument, 0, 'p'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *pairs = NULL;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pairs = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "text"))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf(
			    "usage: %s\n\n"
			    "Explains how two articles relate: the class (verbatim, edited, "
			    "rewrite,\n"
			    "independent), the shared passages with byte offsets into each "
			    "original\n"
			    "text and their edits, quote-only overlap, and how many sentences map "
			    "in\n"
			    "order. Each FILE is read like ingest reads it (first article).\n"
			    "--pairs FILE.jsonl classifies each line {\"id\", \"a\", \"b\"} and "
			    "prints\n"
			    "id<TAB>class<TAB>score, with term weights from all texts of FILE.\n",
			    usage_line);
			return EXIT_OK;
		default: fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE;
		}
	}
	if (pairs) {
		if (optind != argc)
			return cli_usage(usage_line, "--pairs takes no other argument");
		return run_pairs(pairs);
	}
	if (argc - optind != 2)
		return cli_usage(usage_line, "compare wants two files");
	wt_article a, b;
	wt_article_init(&a);
	wt_article_init(&b);
	int rc = EXIT_OK;
	if (read_first(argv[optind], &a) != WT_OK || read_first(argv[optind + 1], &b) != WT_OK) {
		rc = EXIT_FATAL;
	} else {
		wt_alignment al;
		if (wt_align_articles(&a, &b, NULL, &al) != WT_OK) {
			cli_error("out of memory");
			rc = EXIT_FATAL;
		} else {
			if (json)
				print_json(&a, &b, &al);
			else
				print_text(&a, &b, &al);
			wt_alignment_release(&al);
		}
	}
	wt_article_release(&a);
	wt_article_release(&b);
	return rc;
}
