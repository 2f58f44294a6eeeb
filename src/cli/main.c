/*
 * main.c - the wiretrace program: global options and the command table.
 * Each subcommand lives in cmd_<name>.c.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"ingest", cmd_ingest, "read, clean and store articles (text, HTML, JSONL, WARC)"},
    {"show", cmd_show, "print a stored article with its metadata and removed parts"},
    {"list", cmd_list, "list stored articles"},
};

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

int main(int argc, char **argv)
{
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
