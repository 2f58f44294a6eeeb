/*
 * main.c - the wiretrace program: global options and the command table.
 * Each subcommand lives in cmd_<name>.c.
 */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"ingest", cmd_ingest, "read, clean and store articles (text, HTML, JSONL, WARC)"},
    {"show", cmd_show, "print a stored article with its metadata and removed parts"},
    {"list", cmd_list, "list stored articles"},
    {"dedup", cmd_dedup, "filter near-duplicate records out of a JSONL stream"},
    {"dups", cmd_dups, "list the near-duplicate groups of the store"},
    {"stories", cmd_stories, "list the stories (events) the articles were grouped into"},
    {"story", cmd_story, "list the articles of one story, or collate them into one account"},
    {"analyze", cmd_analyze, "ingest, group, collate and write an HTML report and JSON"},
    {"reuse", cmd_reuse, "list reused text between stored articles, with direction"},
    {"provenance", cmd_provenance, "print who copied whom and which wire a story came from"},
    {"compare", cmd_compare, "explain how two articles relate (passages, rewrite, class)"},
};

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, int quiet, int no_progress)
{
	memset(p, 0, sizeof(*p));
	p->quiet = quiet;
	p->enabled = !quiet && !no_progress && isatty(2);
	p->start = now_seconds();
}

double cli_progress_seconds(const cli_progress *p)
{
	return now_seconds() - p->start;
}

/* skips are reported from reading threads, the bar from the main one */
static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;

static void clear_line(cli_progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

void cli_progress_clear(cli_progress *p)
{
	pthread_mutex_lock(&progress_mu);
	clear_line(p);
	pthread_mutex_unlock(&progress_mu);
}

void cli_progress_skip(cli_progress *p, const char *msg)
{
	if (p->quiet)
		return;
	pthread_mutex_lock(&progress_mu);
	clear_line(p);
	fprintf(stderr, "wiretrace: skipped %s\n", msg);
	pthread_mutex_unlock(&progress_mu);
}

/* Draws "[bar] pct  " + tail (done of total) unless drawn within 0.1 s;
 * the caller holds progress_mu. Returns the seconds elapsed, or -1 when
 * it did not draw. */
static double draw_bar(cli_progress *p, uint64_t done, uint64_t total)
{
	double now = now_seconds();
	if (p->drawn && now - p->last < 0.1)
		return -1;
	p->last = now;
	char bar[31];
	int fill = total ? (int)(30.0 * (double)done / (double)total) : 0;
	if (fill > 30)
		fill = 30;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r\033[K[%s] %3.0f%%  ", bar,
	        total ? 100.0 * (double)done / (double)total : 0.0);
	p->drawn = 1;
	return now - p->start;
}

void cli_progress_draw(cli_progress *p, uint64_t records, uint64_t done, uint64_t total)
{
	if (!p->enabled)
		return;
	pthread_mutex_lock(&progress_mu);
	double el = draw_bar(p, done, total), mb = (double)done / 1e6;
	if (el >= 0)
		fprintf(stderr, "%llu records  %.1f MB  %.1f MB/s", (unsigned long long)records, mb,
		        el > 0 ? mb / el : 0.0);
	pthread_mutex_unlock(&progress_mu);
}

void cli_progress_draw_items(cli_progress *p, const char *what, uint64_t done, uint64_t total)
{
	if (!p->enabled)
		return;
	pthread_mutex_lock(&progress_mu);
	double el = draw_bar(p, done, total);
	if (el >= 0)
		fprintf(stderr, "%llu of %llu %s  %.0f/s", (unsigned long long)done,
		        (unsigned long long)total, what, el > 0 ? (double)done / el : 0.0);
	pthread_mutex_unlock(&progress_mu);
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	double m = 1;
	if (*end == 'k' || *end == 'K')
		m = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		m = 1024 * 1024, end++;
	else if (*end == 'g' || *end == 'G')
		m = 1024.0 * 1024 * 1024, end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	*out = (size_t)(v * m);
	return *out ? 0 : -1;
}

int cli_parse_story(const char *arg, int64_t *story)
{
	char *end;
	long long v = strtoll(arg, &end, 10);
	if (!*arg || *end || v < 0)
		return -1;
	*story = v;
	return 0;
}

int cli_parse_output(const char *arg, int allowed, int *fmt)
{
	static const struct {
		const char *name;
		int fmt;
	} names[] = {{"table", FMT_TABLE}, {"tsv", FMT_TSV}, {"jsonl", FMT_JSONL},
	             {"json", FMT_JSON},   {"dot", FMT_DOT}, {"text", FMT_TEXT},
	             {"html", FMT_HTML}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(arg, names[i].name) && (allowed & names[i].fmt)) {
			*fmt = names[i].fmt;
			return 0;
		}
	return -1;
}

int cli_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int cli_parse_format(const char *s, wt_format *out)
{
	for (int f = 0; f <= WT_FMT_WARC; f++)
		if (!strcmp(s, wt_format_name((wt_format)f))) {
			*out = (wt_format)f;
			return 0;
		}
	return -1;
}

int cli_parse_field(const char *arg, cli_fields *f)
{
	static const char *const known[] = {"id", "text", "title", "source", "url", "published"};
	const char *eq = strchr(arg, '=');
	int ok = 0;
	for (size_t k = 0; eq && k < 6; k++)
		ok |= strlen(known[k]) == (size_t)(eq - arg) &&
		      !strncmp(known[k], arg, (size_t)(eq - arg));
	if (!ok || !eq[1] || f->n == 16)
		return -1;
	f->namebuf[f->n] = strndup(arg, (size_t)(eq - arg));
	if (!f->namebuf[f->n])
		return -1;
	f->names[f->n] = f->namebuf[f->n];
	f->keys[f->n] = eq + 1;
	f->n++;
	return 0;
}

void cli_fields_apply(const cli_fields *f, wt_read_options *ro)
{
	ro->field_names = f->names;
	ro->field_keys = f->keys;
	ro->n_fields = f->n;
}

void cli_fields_release(cli_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->namebuf[i]);
	f->n = 0;
}

int cli_add_paths(wt_reader *r, char **paths, int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++)
		if (wt_reader_add_path(r, paths[i]) != WT_OK) {
			cli_error("%s", wt_reader_message(r));
			bad++;
		}
	return bad;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("wiretrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("wiretrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fprintf(stderr, "usage: %s\n", usage);
	return EXIT_USAGE;
}

const char *cli_db_path(const char *opt)
{
	if (opt && *opt)
		return opt;
	const char *e = getenv("WIRETRACE_DB");
	return e && *e ? e : "wiretrace.db";
}

wt_store *cli_open_store(const char *path, unsigned flags, int *exit_code)
{
	wt_store *s = wt_store_create();
	if (!s) {
		cli_error("out of memory");
		*exit_code = EXIT_FATAL;
		return NULL;
	}
	if (flags & WT_STORE_READONLY && access(path, F_OK) != 0) {
		cli_error("%s: no such store (run 'wiretrace ingest' first, or pass --db)", path);
		wt_store_destroy(s);
		*exit_code = EXIT_FATAL;
		return NULL;
	}
	wt_status st = wt_store_open(s, path, flags);
	if (st != WT_OK) {
		cli_error("cannot open store %s: %s (%s)", path, wt_store_message(s),
		          wt_strerror(st));
		wt_store_destroy(s);
		*exit_code = EXIT_FATAL;
		return NULL;
	}
	return s;
}

void cli_note_unanalyzed(wt_store *s)
{
	uint64_t n = 0;
	if (s && wt_store_unanalyzed(s, &n) == WT_OK && n)
		cli_error(
		    "note: %llu article%s stored with --defer-analysis %s in no near-duplicate "
		    "group or story yet; 'wiretrace ingest --catch-up' analyses them",
		    (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
}

wt_store *cli_open_for_reading(const char *usage_line, int argc, char **argv, const char *db,
                               int *rc)
{
	if (optind != argc) {
		*rc = cli_usage(usage_line, "unexpected argument '%s'", argv[optind]);
		return NULL;
	}
	*rc = EXIT_OK;
	return cli_open_store(cli_db_path(db), WT_STORE_READONLY, rc);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: wiretrace [--db FILE] COMMAND [OPTIONS] [ARGS]\n\n"
	           "wiretrace shows how news travels: it ingests articles, finds reused text,\n"
	           "groups stories and collates them.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nThe store is wiretrace.db, or --db FILE, or $WIRETRACE_DB.\n"
	           "Run 'wiretrace COMMAND --help' for a command's options.\n"
	           "Exit status: 0 ok, 1 records skipped, 2 usage error, 3 store or input "
	           "unusable.\n");
}

/* Huge pages for the heap. An ingest of 220 MB touches about 350 MB of
 * fresh memory: 88,000 page faults of 4 KB, which on the benchmark VM cost
 * about 12 us each (1 s of CPU in 12; docs/benchmarks.md, session 15). glibc
 * (2.35 and later) backs its heap with transparent huge pages, and grows it
 * 64 MB at a time so that they fit, only when told so by a tunable that it
 * reads at startup: so the program sets the tunable and starts itself
 * again, once, before doing anything. A GLIBC_TUNABLES of the user's own
 * (even empty) is left alone, and so are a run under valgrind and one
 * through the dynamic loader. Where this cannot be done, the program goes
 * on as it is. */
static void use_huge_pages(char **argv)
{
#if defined(__GLIBC__) && defined(__linux__)
	const char *pre = getenv("LD_PRELOAD");
	if (getenv("GLIBC_TUNABLES") || (pre && strstr(pre, "vgpreload")))
		return;
	/* started through the dynamic loader (ld.so PROGRAM ...): the loader
	 * is /proc/self/exe, and would take the first argument for a program */
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = 0;
	const char *base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	if (!strncmp(base, "ld-", 3) || !strncmp(base, "ld.so", 5) || !strncmp(base, "ld64.so", 7))
		return;
	if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864", 1))
		return;
	execv("/proc/self/exe", argv);
	unsetenv("GLIBC_TUNABLES");
#else
	(void)argv;
#endif
}

int main(int argc, char **argv)
{
	use_huge_pages(argv);
	wt_global_init(); /* before any thread; the program works without it */
	int i = 1;
	/* global options before the command */
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("wiretrace %s\n", wt_version());
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			setenv("WIRETRACE_DB", argv[i + 1], 1);
			i += 2;
			continue;
		}
		if (!strncmp(argv[i], "--db=", 5)) {
			setenv("WIRETRACE_DB", argv[i] + 5, 1);
			i++;
			continue;
		}
		cli_error("unknown option %s", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(argv[i], commands[k].name))
			return commands[k].run(argc - i, argv + i);
	cli_error("unknown command '%s'", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
