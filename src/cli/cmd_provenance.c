/*
 * cmd_provenance.c - `wiretrace provenance`: the provenance graph of the
 * stored articles (or of those connected to one article): wire sources,
 * articles with their origins, and reuse edges with class, direction,
 * confidence and evidence, as JSON or Graphviz DOT.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] =
    "wiretrace provenance [--db FILE] [--story N | --article ID] [--format json|dot]";

static void print_json(const wt_provenance *g)
{
	printf("{\"nodes\":[");
	for (size_t i = 0; i < g->n_nodes; i++) {
		const wt_prov_node *n = &g->nodes[i];
		char *id = wt_json_quote(n->id, (size_t)-1),
		     *so = wt_json_quote(n->source, (size_t)-1);
		printf("%s{\"id\":%s,\"kind\":\"%s\",\"source\":%s,\"origins\":[", i ? "," : "", id,
		       n->wire ? "wire" : "article", so);
		for (size_t k = 0; k < n->n_origins; k++) {
			char *o = wt_json_quote(n->origins[k], (size_t)-1);
			printf("%s%s", k ? "," : "", o);
			free(o);
		}
		printf("]}");
		free(id), free(so);
	}
	printf("],\"edges\":[");
	for (size_t i = 0; i < g->n_edges; i++) {
		const wt_prov_edge *e = &g->edges[i];
		char *f = wt_json_quote(g->nodes[e->from].id, (size_t)-1),
		     *t = wt_json_quote(g->nodes[e->to].id, (size_t)-1),
		     *ev = wt_json_quote(e->evidence, (size_t)-1);
		printf(
		    "%s{\"from\":%s,\"to\":%s,\"class\":\"%s\",\"directed\":%s,\"confidence\":%.2f,"
		    "\"evidence\":%s}",
		    i ? "," : "", f, t,
		    e->cls == WT_REUSE_NONE ? "wire" : wt_reuse_class_name(e->cls),
		    e->directed ? "true" : "false", e->confidence, ev);
		free(f), free(t), free(ev);
	}
	printf("]}\n");
}

static void dot_id(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void print_dot(const wt_provenance *g)
{
	printf("digraph provenance {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
	for (size_t i = 0; i < g->n_nodes; i++) {
		const wt_prov_node *n = &g->nodes[i];
		printf("  ");
		dot_id(n->id);
		if (n->wire) {
			printf(" [shape=box, style=filled, fillcolor=\"#f4d35e\"];\n");
			continue;
		}
		printf(" [shape=ellipse, label=\"%s", n->id);
		if (n->source)
			printf("\\n%s", n->source);
		if (n->n_origins) {
			printf("\\norigin:");
			for (size_t k = 0; k < n->n_origins; k++)
				printf(" %s", n->origins[k]);
		}
		printf("\"];\n");
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		const wt_prov_edge *e = &g->edges[i];
		printf("  ");
		dot_id(g->nodes[e->from].id);
		printf(" -> ");
		dot_id(g->nodes[e->to].id);
		if (e->cls == WT_REUSE_NONE)
			printf(" [style=dashed, label=\"%s\"];\n", e->evidence);
		else
			printf(" [label=\"%s %.2f\"%s];\n", wt_reuse_class_name(e->cls),
			       e->confidence, e->directed ? "" : ", dir=none, style=dotted");
	}
	printf("}\n");
}

int cmd_provenance(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},      {"story", required_argument, 0, 's'},
	    {"article", required_argument, 0, 'A'}, {"format", required_argument, 0, 'f'},
	    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
	const char *db = NULL;
	int dot = 0, c;
	wt_reuse_options o;
	wt_reuse_options_init(&o);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's':
			if (cli_parse_story(optarg, &o.story))
				return cli_usage(usage_line,
				                 "--story wants a story number (got '%s')", optarg);
			break;
		case 'A': o.only = optarg; break;
		case 'f':
			if (!strcmp(optarg, "dot"))
				dot = 1;
			else if (strcmp(optarg, "json"))
				return cli_usage(usage_line, "unknown format '%s'", optarg);
			break;
		case 'h':
			printf("usage: %s\n\n"
			       "Prints the provenance graph: wire sources (agencies), articles "
			       "with the\n"
			       "wires they derive from, and reuse edges (class, direction, "
			       "confidence,\n"
			       "evidence). --story N keeps the articles of story N (`wiretrace "
			       "stories`),\n"
			       "--article ID the articles connected to article ID.\n"
			       "--format dot draws it with Graphviz: wiretrace provenance --format "
			       "dot |\n"
			       "dot -Tsvg > provenance.svg\n",
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
	wt_provenance g;
	wt_status st = wt_provenance_build(s, &o, &g);
	if (st == WT_OK) {
		if (dot)
			print_dot(&g);
		else
			print_json(&g);
		wt_provenance_release(&g);
	} else if (st == WT_ERR_NOTFOUND) {
		if (o.story >= 0)
			cli_error("no story %lld in the store", (long long)o.story);
		else
			cli_error("no article '%s' in the store", o.only);
		rc = EXIT_SKIPPED;
	} else {
		cli_error("provenance failed: %s (%s)", wt_store_message(s), wt_strerror(st));
		rc = EXIT_FATAL;
	}
	wt_store_destroy(s);
	return rc;
}
