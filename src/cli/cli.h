/*
 * cli.h - what the subcommands of the wiretrace program share: the command
 * table entry, exit codes, store opening with clear messages, and output
 * helpers. Only the CLI talks to the user; the library never prints.
 */
#ifndef WT_CLI_H
#define WT_CLI_H

#include "wiretrace.h"

#include <stdio.h>

enum {
	EXIT_OK = 0,      /* all went well */
	EXIT_SKIPPED = 1, /* some records or files were skipped */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_FATAL = 3    /* the store or input could not be used at all */
};

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_command;

int cmd_ingest(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* "wiretrace: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Database path: --db value, else $WIRETRACE_DB, else "wiretrace.db". */
const char *cli_db_path(const char *opt);
/* Opens the store or prints why not; returns NULL on failure and sets
 * *exit_code. */
wt_store *cli_open_store(const char *path, unsigned flags, int *exit_code);
/* Prints s with a usage line for a bad option and returns EXIT_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
