/*
 * cmd_dedup.c - `wiretrace dedup`: a streaming near-duplicate filter. Reads
 * records (JSONL from standard input or files, or any format ingest reads),
 * writes the unique ones to standard output in input order (JSONL records
 * unchanged, others as wiretrace article JSON), and the dropped ones with
 * `dup_of` and their measured similarity to --dups FILE.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_line[] =
    "wiretrace dedup [--threshold J] [--containment C] [--keep first|earliest|longest]\n"
    "                [--dups FILE] [--index FILE] [--against FILE]... [--method minhash|simhash]\n"
    "                [--shingle N] [--num-perm N] [--raw] [--threads N] [--batch N]\n"
    "                [--format F] [--field NAME=KEY]... [--max-bytes N] [--strict]\n"
    "                [--verbose] [--quiet] [--no-progress] [PATH...]";

static void help(void)
{
	printf(
	    "usage: %s\n\n"
	    "Reads records from PATHs (default: JSONL on standard input) and writes those that\n"
	    "are not near-duplicates of an earlier one to standard output, in input order.\n"
	    "JSONL records are written unchanged; other inputs as wiretrace article JSON.\n"
	    "Similarity is measured on word 5-grams of the cleaned body: MinHash LSH finds\n"
	    "candidates, and every candidate is verified against the exact shingle sets.\n\n"
	    "  --threshold J      Jaccard at or above which a record is dropped (default 0.8)\n"
	    "  --containment C    also drop a record when at least C of it is in an earlier one\n"
	    "  --keep K           which record of a group survives: first (default, streams),\n"
	    "                     earliest (by published) or longest (output at the end)\n"
	    "  --dups FILE        write each dropped record with dup_of, jaccard, containment\n"
	    "  --index FILE       persistent index: load what earlier runs kept, add this run's\n"
	    "  --against FILE     drop records duplicating FILE's (an index or a dataset);\n"
	    "                     repeatable; FILE's records are not written\n"
	    "  --method M         minhash (default) or simhash\n"
	    "  --shingle N        words per shingle (default 5)\n"
	    "  --num-perm N       MinHash signature length (default 128)\n"
	    "  --raw              shingle the whole text, not the cleaned body\n"
	    "  --threads N        sketching threads (default: all cores)\n"
	    "  --batch N          records per batch (default 1024)\n"
	    "  --format F, --field NAME=KEY, --max-bytes N   as for ingest\n"
	    "  --strict           stop at the first bad record\n"
	    "  --verbose          print every dropped record on standard error\n"
	    "  --quiet            no messages, no summary\n"
	    "  --no-progress      no progress bar\n\n"
	    "Exit status: 0 ok, 1 records skipped, 2 usage error, 3 input or index unusable.\n",
	    usage_line);
}

typedef struct run {
	wt_dedup *d;
	FILE *dups;
	FILE *hold; /* two-phase: records held until the end */
	int verbose, quiet;
	uint64_t seq;
	uint64_t skipped; /* counted on the reading thread, read after it ends */
	cli_progress prog;
} run;

/* The record as written: its JSONL line, else the article as JSON. */
static char *record_text(const wt_article *a, size_t *len)
{
	if (a->raw) {
		*len = a->raw_len;
		return a->raw;
	}
	char *j = wt_article_json(a, 0);
	*len = j ? strlen(j) : 0;
	return j;
}

static int write_dup(run *R, const char *rec, size_t len, const wt_dedup_result *res,
                     const char *id)
{
	if (R->verbose)
		fprintf(stderr,
		        "wiretrace: dropped %s: duplicate of %s (jaccard %.3f, containment %.3f)\n",
		        id, res->dup_of, res->sim.jaccard, res->sim.contain_a);
	if (!R->dups)
		return 0;
	size_t i = 1;
	while (i < len && (rec[i] == ' ' || rec[i] == '\t'))
		i++;
	char *q = wt_json_quote(res->dup_of, (size_t)-1);
	if (!q)
		return -1;
	fprintf(R->dups, "{\"dup_of\":%s,\"jaccard\":%.4f,\"containment\":%.4f%s", q,
	        res->sim.jaccard, res->sim.contain_a, i < len && rec[i] == '}' ? "" : ",");
	free(q);
	fwrite(rec + 1, 1, len - 1, R->dups);
	fputc('\n', R->dups);
	return 0;
}

static int emit(run *R, wt_article *a, const wt_dedup_result *res)
{
	size_t len;
	char *rec = record_text(a, &len);
	if (!rec)
		return -1;
	int rc = 0;
	if (R->hold) {
		uint64_t l = len, idl = strlen(a->id);
		fwrite(&l, sizeof l, 1, R->hold);
		fwrite(&idl, sizeof idl, 1, R->hold);
		fwrite(a->id, 1, idl, R->hold);
		if (fwrite(rec, 1, len, R->hold) != len)
			rc = -1;
	} else if (res->duplicate) {
		rc = write_dup(R, rec, len, res, a->id);
	} else {
		fwrite(rec, 1, len, stdout);
		putchar('\n');
	}
	if (rec != a->raw)
		free(rec);
	return rc;
}

/* Two-phase modes: writes the held records with their final verdicts. */
static wt_status release_held(run *R)
{
	if (fflush(R->hold) || fseek(R->hold, 0, SEEK_SET))
		return WT_ERR_IO;
	char *buf = NULL;
	size_t cap = 0;
	wt_status st = WT_OK;
	for (uint64_t i = 0; i < R->seq && st == WT_OK; i++) {
		uint64_t l, idl;
		if (fread(&l, sizeof l, 1, R->hold) != 1 ||
		    fread(&idl, sizeof idl, 1, R->hold) != 1)
			return WT_ERR_IO;
		if (l + idl + 1 > cap) {
			cap = l + idl + 1;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return WT_ERR_NOMEM;
			}
			buf = nb;
		}
		if (fread(buf, 1, idl + l, R->hold) != idl + l) {
			st = WT_ERR_IO;
			break;
		}
		buf[idl + l] = 0;
		char idz[1024];
		snprintf(idz, sizeof idz, "%.*s", (int)(idl < 1000 ? idl : 1000), buf);
		wt_dedup_result res;
		st = wt_dedup_final(R->d, i, &res);
		if (st != WT_OK)
			break;
		if (res.duplicate) {
			if (write_dup(R, buf + idl, l, &res, idz))
				st = WT_ERR_NOMEM;
		} else {
			fwrite(buf + idl, 1, l, stdout);
			putchar('\n');
		}
		wt_dedup_result_release(&res);
	}
	free(buf);
	return st;
}

typedef struct counts {
	uint64_t skipped;
	int fatal;
} counts;

static void on_skip(wt_status st, const char *msg, void *ctx)
{
	run *R = ctx;
	(void)st;
	R->skipped++;
	cli_progress_skip(&R->prog, msg);
}

/* Reads everything queued in r through the filter (reading runs one batch
 * ahead on its own thread). */
static wt_status pump(run *R, wt_reader *r, size_t bs, int reference, int strict, counts *c)
{
	wt_dedup_result *res = calloc(bs, sizeof(*res));
	wt_article **ptrs = calloc(bs, sizeof(*ptrs));
	wt_batcher *b = res && ptrs ? wt_batcher_create(r, bs, strict, on_skip, R) : NULL;
	if (!b) {
		free(res), free(ptrs);
		return WT_ERR_NOMEM;
	}
	wt_status result = WT_OK;
	for (;;) {
		wt_article *batch;
		size_t n;
		wt_status rs = wt_batcher_next(b, &batch, &n);
		wt_status st = WT_OK;
		if (n) {
			for (size_t i = 0; i < n; i++)
				ptrs[i] = &batch[i];
			st = wt_dedup_add(R->d, ptrs, n, reference, res);
			for (size_t i = 0; i < n; i++) {
				if (st == WT_OK && !reference && emit(R, &batch[i], &res[i]))
					st = WT_ERR_NOMEM;
				wt_dedup_result_release(&res[i]);
			}
			if (!reference)
				R->seq += n;
			if (st != WT_OK)
				c->fatal = 1;
		}
		wt_dedup_stats ds;
		wt_dedup_stats_get(R->d, &ds);
		cli_progress_draw(&R->prog, ds.records + ds.references, wt_batcher_done_bytes(b),
		                  wt_reader_total_bytes(r));
		if (st != WT_OK || rs != WT_OK) {
			result = st != WT_OK ? st : rs == WT_DONE ? WT_OK : rs;
			break;
		}
	}
	wt_batcher_destroy(b);
	c->skipped += R->skipped;
	R->skipped = 0;
	free(res), free(ptrs);
	return result;
}

static int is_index_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char m[8] = {0};
	int yes = f && fread(m, 1, 8, f) == 8 && !memcmp(m, "WTDEDUP1", 8);
	if (f)
		fclose(f);
	return yes;
}

int cmd_dedup(int argc, char **argv)
{
	static const struct option opts[] = {{"threshold", required_argument, 0, 'j'},
	                                     {"containment", required_argument, 0, 'c'},
	                                     {"keep", required_argument, 0, 'k'},
	                                     {"dups", required_argument, 0, 'D'},
	                                     {"index", required_argument, 0, 'i'},
	                                     {"against", required_argument, 0, 'a'},
	                                     {"method", required_argument, 0, 'M'},
	                                     {"shingle", required_argument, 0, 'S'},
	                                     {"num-perm", required_argument, 0, 'n'},
	                                     {"raw", no_argument, 0, 'r'},
	                                     {"threads", required_argument, 0, 't'},
	                                     {"batch", required_argument, 0, 'b'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"field", required_argument, 0, 'F'},
	                                     {"max-bytes", required_argument, 0, 'm'},
	                                     {"strict", no_argument, 0, 's'},
	                                     {"verbose", no_argument, 0, 'v'},
	                                     {"quiet", no_argument, 0, 'q'},
	                                     {"no-progress", no_argument, 0, 'P'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	wt_dedup_options o;
	wt_dedup_options_init(&o);
	wt_read_options ro;
	wt_read_options_init(&ro);
	ro.keep_raw = 1;
	cli_fields fields = {0};
	const char *dups_path = NULL, *index_path = NULL;
	const char *against[64];
	int nagainst = 0, strict = 0, quiet = 0, noprog = 0, verbose = 0, c, rc = EXIT_OK;
	size_t bs = 1024;
	double v;
	while ((c = getopt_long(argc, argv, "hqv", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (cli_parse_double(optarg, 0, 1, &o.threshold))
				rc = cli_usage(usage_line, "--threshold wants a number in [0, 1]");
			break;
		case 'c':
			if (cli_parse_double(optarg, 0, 1, &o.containment) || o.containment == 0)
				rc =
				    cli_usage(usage_line, "--containment wants a number in (0, 1]");
			break;
		case 'k':
			if (!strcmp(optarg, "first"))
				o.keep = WT_KEEP_FIRST;
			else if (!strcmp(optarg, "earliest"))
				o.keep = WT_KEEP_EARLIEST;
			else if (!strcmp(optarg, "longest"))
				o.keep = WT_KEEP_LONGEST;
			else
				rc = cli_usage(usage_line,
				               "--keep wants first, earliest or longest");
			break;
		case 'D': dups_path = optarg; break;
		case 'i': index_path = optarg; break;
		case 'a':
			if (nagainst == 64)
				rc = cli_usage(usage_line, "at most 64 --against files");
			else
				against[nagainst++] = optarg;
			break;
		case 'M':
			if (!strcmp(optarg, "minhash"))
				o.method = WT_SKETCH_MINHASH;
			else if (!strcmp(optarg, "simhash"))
				o.method = WT_SKETCH_SIMHASH;
			else
				rc = cli_usage(usage_line, "--method wants minhash or simhash");
			break;
		case 'S':
			if (cli_parse_double(optarg, 1, 64, &v))
				rc = cli_usage(usage_line, "--shingle wants 1 to 64 words");
			o.shingle = (int)v;
			break;
		case 'n':
			if (cli_parse_double(optarg, 2, 1024, &v))
				rc = cli_usage(usage_line, "--num-perm wants 2 to 1024");
			o.num_perm = (int)v;
			break;
		case 'r': o.clean = 0; break;
		case 't': o.threads = atoi(optarg); break;
		case 'b':
			if (cli_parse_double(optarg, 1, 1e6, &v))
				rc = cli_usage(usage_line, "--batch wants 1 to 1000000");
			bs = (size_t)v;
			break;
		case 'f':
			if (cli_parse_format(optarg, &ro.format))
				rc = cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'F':
			if (cli_parse_field(optarg, &fields))
				rc = cli_usage(usage_line, "--field wants NAME=KEY (got '%s')",
				               optarg);
			break;
		case 'm':
			if (cli_parse_size(optarg, &ro.max_article_bytes))
				rc = cli_usage(usage_line, "bad --max-bytes '%s'", optarg);
			break;
		case 's': strict = 1; break;
		case 'v': verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'P': noprog = 1; break;
		case 'h': help(); goto out_fields;
		default: fprintf(stderr, "usage: %s\n", usage_line); rc = EXIT_USAGE;
		}
		if (rc)
			goto out_fields;
	}
	cli_fields_apply(&fields, &ro);
	run R = {0};
	R.verbose = verbose && !quiet;
	R.quiet = quiet;
	cli_progress_init(&R.prog, quiet, noprog);
	R.d = wt_dedup_create(&o);
	if (!R.d) {
		cli_error("out of memory");
		rc = EXIT_FATAL;
		goto out_fields;
	}
	counts cnt = {0, 0};
	wt_status st = WT_OK;
	if (index_path && (st = wt_dedup_open_index(R.d, index_path)) != WT_OK) {
		cli_error("cannot use index %s", wt_dedup_message(R.d));
		rc = EXIT_FATAL;
		goto out;
	}
	for (int i = 0; i < nagainst && rc == EXIT_OK; i++) {
		if (is_index_file(against[i])) {
			if ((st = wt_dedup_add_index(R.d, against[i])) != WT_OK) {
				cli_error("cannot use %s", wt_dedup_message(R.d));
				rc = EXIT_FATAL;
			}
			continue;
		}
		wt_reader *r = wt_reader_create(&ro);
		if (!r || cli_add_paths(r, (char **)&against[i], 1)) {
			wt_reader_destroy(r);
			rc = EXIT_FATAL;
			break;
		}
		st = pump(&R, r, bs, 1, strict, &cnt);
		wt_reader_destroy(r);
		if (st != WT_OK && cnt.fatal) {
			cli_error("dedup failed: %s (%s)", wt_dedup_message(R.d), wt_strerror(st));
			rc = EXIT_FATAL;
		} else if (st != WT_OK) {
			rc = EXIT_SKIPPED;
		}
	}
	if (rc != EXIT_OK)
		goto out;
	if (dups_path && !(R.dups = fopen(dups_path, "w"))) {
		cli_error("cannot write %s: %s", dups_path, strerror(errno));
		rc = EXIT_FATAL;
		goto out;
	}
	if (o.keep != WT_KEEP_FIRST && !(R.hold = tmpfile())) {
		cli_error("cannot create a temporary file: %s", strerror(errno));
		rc = EXIT_FATAL;
		goto out;
	}
	wt_reader *r = wt_reader_create(&ro);
	if (!r) {
		rc = EXIT_FATAL;
		goto out;
	}
	char *stdin_path[] = {"-"};
	int bad = optind < argc ? cli_add_paths(r, argv + optind, argc - optind)
	                        : cli_add_paths(r, stdin_path, 1);
	cnt.skipped += (uint64_t)bad;
	if (!(bad && strict))
		st = pump(&R, r, bs, 0, strict, &cnt);
	wt_reader_destroy(r);
	if (st == WT_OK && R.hold)
		st = release_held(&R);
	if (st == WT_OK)
		st = wt_dedup_flush(R.d);
	cli_progress_clear(&R.prog);
	if (fflush(stdout) || (R.dups && fflush(R.dups))) {
		cli_error("write failed: %s", strerror(errno));
		rc = EXIT_FATAL;
	}
	if (st != WT_OK && (cnt.fatal || st == WT_ERR_IO || st == WT_ERR_NOMEM)) {
		cli_error("dedup failed: %s (%s); records written so far are complete",
		          wt_dedup_message(R.d), wt_strerror(st));
		rc = EXIT_FATAL;
	} else if (rc == EXIT_OK && (cnt.skipped || st != WT_OK)) {
		rc = EXIT_SKIPPED;
	}
	if (!quiet) {
		wt_dedup_stats ds;
		wt_dedup_stats_get(R.d, &ds);
		fprintf(stderr, "dedup: read %llu, kept %llu, dropped %llu (jaccard >= %.2f: %llu",
		        (unsigned long long)ds.records, (unsigned long long)ds.kept,
		        (unsigned long long)ds.duplicates, o.threshold,
		        (unsigned long long)ds.by_jaccard);
		if (o.containment > 0)
			fprintf(stderr, ", containment >= %.2f: %llu", o.containment,
			        (unsigned long long)ds.by_containment);
		fprintf(stderr, "), skipped %llu", (unsigned long long)cnt.skipped);
		if (ds.short_texts)
			fprintf(stderr, ", shorter than one shingle %llu",
			        (unsigned long long)ds.short_texts);
		if (ds.references)
			fprintf(stderr, ", reference records %llu",
			        (unsigned long long)ds.references);
		fprintf(stderr, " in %.2f s\n", cli_progress_seconds(&R.prog));
		if (o.method == WT_SKETCH_MINHASH)
			fprintf(stderr, "dedup: LSH %d bands x %d rows", ds.bands, ds.rows);
		else
			fprintf(stderr, "dedup: SimHash within %d bits", ds.max_distance);
		fprintf(stderr, ", %llu candidates, %llu verified, index %.1f MB in memory\n",
		        (unsigned long long)ds.candidates, (unsigned long long)ds.verified,
		        (double)ds.index_bytes / 1e6);
	}
out:
	if (R.dups)
		fclose(R.dups);
	if (R.hold)
		fclose(R.hold);
	wt_dedup_destroy(R.d);
out_fields:
	cli_fields_release(&fields);
	return rc;
}
