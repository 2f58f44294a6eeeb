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
int cmd_dedup(int argc, char **argv);
int cmd_dups(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_reuse(int argc, char **argv);
int cmd_provenance(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);
int cmd_analyze(int argc, char **argv);

/* --field NAME=KEY mappings collected from the command line. */
typedef struct cli_fields {
	const char *names[16], *keys[16];
	char *namebuf[16];
	size_t n;
} cli_fields;

/* Progress bar on standard error when it is a terminal. */
typedef struct cli_progress {
	int enabled, quiet, drawn;
	double start, last;
	uint64_t pending; /* ingest: articles stored earlier, to analyse first */
} cli_progress;

void cli_progress_init(cli_progress *p, int quiet, int no_progress);
/* Redraws at most ten times a second. */
void cli_progress_draw(cli_progress *p, uint64_t records, uint64_t done, uint64_t total);
/* The same bar for a count of things (what: "articles analysed"). */
void cli_progress_draw_items(cli_progress *p, const char *what, uint64_t done, uint64_t total);
/* Prints "wiretrace: skipped MSG" above the bar (unless quiet). */
void cli_progress_skip(cli_progress *p, const char *msg);
void cli_progress_clear(cli_progress *p);
double cli_progress_seconds(const cli_progress *p);

/* Output formats of the listing commands. */
enum {
	FMT_TABLE = 1,
	FMT_TSV = 2,
	FMT_JSONL = 4,
	FMT_JSON = 8,
	FMT_DOT = 16,
	FMT_TEXT = 32,
	FMT_HTML = 64
};
/* Parses a story number; 0 ok, -1 bad. */
int cli_parse_story(const char *arg, int64_t *story);
/* A story loaded, collated and with its provenance graph (cmd_story.c). */
typedef struct cli_story {
	wt_article *arts;
	size_t n;
	char *label;
	wt_collation coll;
	wt_provenance prov;
	int have_coll, have_prov; /* prov may be missing: the report does without */
} cli_story;

/* Loads and collates story `id` and builds its provenance (reuse on
 * `threads` threads, 0 = all cores). On error nothing is left to release. */
wt_status cli_story_collate(wt_store *s, int64_t id, int threads, cli_story *out);
void cli_story_release(cli_story *c);

/* Collates story `id` of the store and writes it to `out` as FMT_TEXT,
 * FMT_JSON or FMT_HTML (cmd_story.c). Returns an exit code. */
int cli_collate_story(wt_store *s, int64_t id, int fmt, FILE *out);
/* Parses a --format value among the `allowed` ones (a mask of FMT_*); 0 ok
 * with *fmt set, -1 unknown. */
int cli_parse_output(const char *arg, int allowed, int *fmt);

/* Parses "12", "5M", "1.5G" (K, M, G suffixes, optional B); 0 ok, -1 bad. */
int cli_parse_size(const char *s, size_t *out);
/* Parses a --format name; 0 ok, -1 unknown. */
int cli_parse_format(const char *s, wt_format *out);
/* Adds one NAME=KEY mapping; 0 ok, -1 bad. */
int cli_parse_field(const char *arg, cli_fields *f);
void cli_fields_apply(const cli_fields *f, wt_read_options *ro);
void cli_fields_release(cli_fields *f);
/* Adds each path to the reader, reporting the unreadable ones; returns how
 * many failed. */
int cli_add_paths(wt_reader *r, char **paths, int n);
/* Parses a number in [lo, hi]; 0 ok, -1 bad. */
int cli_parse_double(const char *s, double lo, double hi, double *out);

/* "wiretrace: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Database path: --db value, else $WIRETRACE_DB, else "wiretrace.db". */
const char *cli_db_path(const char *opt);
/* Opens the store or prints why not; returns NULL on failure and sets
 * *exit_code. */
wt_store *cli_open_store(const char *path, unsigned flags, int *exit_code);
/* Says on stderr how many articles of s were stored with --defer-analysis
 * and are in no group or story yet (nothing when none). */
void cli_note_unanalyzed(wt_store *s);
/* For commands that take options only: checks that no argument is left
 * (usage error otherwise) and opens the store read-only. NULL with *rc set
 * when it cannot go on. */
wt_store *cli_open_for_reading(const char *usage, int argc, char **argv, const char *db, int *rc);
/* Prints s with a usage line for a bad option and returns EXIT_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
