/*
 * report.c - the HTML report of `wiretrace analyze` and `wiretrace story
 * --format html`: one self-contained page (inline CSS, SVG and script, no
 * external resource) with the list of stories and, per story, the
 * consolidated account with source badges, quotes by speaker, numbers with
 * discrepancy flags, names, the provenance graph drawn as SVG, and a
 * side-by-side view of any two of its articles with their shared passages
 * highlighted (alignments computed here, offsets turned into highlights by
 * a small script).
 */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SIDE_MAX 12 /* articles per story offered in the side-by-side view */

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                      "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};

static void esc(wt_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
	}
}

static void badge(wt_buf *b, const wt_collation *c, size_t a)
{
	const char *src = c->articles[a].source ? c->articles[a].source : "unknown";
	buf_printf(b, "<span class=\"badge\" style=\"background:%s\" title=\"", palette[a % 10]);
	esc(b, c->articles[a].id);
	buf_adds(b, " (");
	esc(b, src);
	buf_printf(b, ")\">%zu</span>", a + 1);
}

static void badges(wt_buf *b, const wt_collation *c, const wt_cref *refs, size_t n, size_t stride)
{
	buf_adds(b, "<span class=\"badges\">");
	size_t last = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		const wt_cref *r = (const wt_cref *)((const char *)refs + i * stride);
		if (r->article != last)
			badge(b, c, r->article);
		last = r->article;
	}
	buf_adds(b, "</span>");
}

static void account(wt_buf *b, const wt_collation *c)
{
	buf_adds(b,
	         "<h3>Consolidated account</h3>\n<p class=\"help\">Each line is what one or more "
	         "articles say; the badges are the articles that say it. Lines marked "
	         "<span class=\"only\">only one</span> are in a single article.</p>\n"
	         "<ol class=\"account\">\n");
	for (size_t g = 0; g < c->n_groups; g++) {
		const wt_sentence_group *G = &c->groups[g];
		if (!G->n_refs)
			continue;
		buf_printf(b, "<li class=\"%s\" data-support=\"%zu\">",
		           G->unique ? "unique" : "shared", G->n_articles);
		esc(b, G->refs[G->rep].text);
		buf_adds(b, " ");
		badges(b, c, G->refs, G->n_refs, sizeof(wt_cref));
		if (G->unique)
			buf_adds(b, " <span class=\"only\">only one</span>");
		if (G->n_variants > 1) {
			buf_printf(b, "<details><summary>%zu wordings</summary><ul>",
			           G->n_variants);
			for (size_t r = 0; r < G->n_refs; r++) {
				buf_adds(b, "<li>");
				badge(b, c, G->refs[r].article);
				buf_adds(b, " ");
				esc(b, G->refs[r].text);
				buf_adds(b, "</li>");
			}
			buf_adds(b, "</ul></details>");
		}
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ol>\n");
}

static void quotes(wt_buf *b, const wt_collation *c)
{
	buf_adds(b, "<h3>Quotes by speaker</h3>\n<div class=\"quotes\">\n");
	/* speakers in order of their first quote */
	for (size_t q = 0; q < c->n_quotes; q++) {
		const wt_quote *Q = &c->quotes[q];
		int first = 1;
		for (size_t p = 0; p < q && first; p++)
			first = !((c->quotes[p].speaker && Q->speaker &&
			           !strcmp(c->quotes[p].speaker, Q->speaker)) ||
			          (!c->quotes[p].speaker && !Q->speaker));
		if (!first)
			continue;
		buf_adds(b, "<h4 class=\"speaker\">");
		esc(b, Q->speaker ? Q->speaker : "Unattributed");
		buf_adds(b, "</h4>\n");
		for (size_t p = q; p < c->n_quotes; p++) {
			const wt_quote *P = &c->quotes[p];
			if (!((P->speaker && Q->speaker && !strcmp(P->speaker, Q->speaker)) ||
			      (!P->speaker && !Q->speaker)))
				continue;
			buf_printf(b, "<blockquote class=\"%s\">&ldquo;",
			           P->fragment ? "fragment" : "quote");
			esc(b, P->text);
			buf_adds(b, "&rdquo; ");
			badges(b, c, &P->refs[0].ref, P->n_refs, sizeof(wt_quote_ref));
			if (P->differs)
				buf_adds(b, " <span class=\"flag\">wording differs</span>");
			int shorter = 0;
			for (size_t r = 0; r < P->n_refs; r++)
				shorter |= P->refs[r].relation == WT_QUOTE_SHORTER;
			if (shorter)
				buf_adds(b, " <span class=\"note\">cited in part by some</span>");
			buf_adds(b, "</blockquote>\n");
		}
	}
	buf_adds(b, "</div>\n");
}

static void numbers(wt_buf *b, const wt_collation *c)
{
	buf_adds(b, "<h3>Numbers</h3>\n<table class=\"numbers\"><tr><th>value</th><th>kind</th>"
	            "<th>of</th><th>as written</th><th>articles</th></tr>\n");
	for (size_t i = 0; i < c->n_numbers; i++) {
		const wt_number *N = &c->numbers[i];
		int disputed = 0;
		for (size_t d = 0; d < c->n_discrepancies; d++)
			disputed |= c->discrepancies[d].a == i || c->discrepancies[d].b == i;
		buf_printf(b, "<tr class=\"%s\"><td>", disputed ? "disputed" : "");
		esc(b, N->display);
		if (disputed)
			buf_adds(b, " <span class=\"flag\">&#9888; disputed</span>");
		buf_adds(b, "</td><td>");
		esc(b, N->kind);
		buf_adds(b, "</td><td>");
		esc(b, N->head ? N->head : "");
		buf_adds(b, "</td><td>");
		for (size_t r = 0; r < N->n_refs; r++) {
			int dup = 0;
			for (size_t k = 0; k < r && !dup; k++)
				dup = !strcmp(N->refs[k].ref.text, N->refs[r].ref.text);
			if (dup)
				continue;
			if (r)
				buf_adds(b, "; ");
			esc(b, N->refs[r].ref.text);
		}
		buf_adds(b, "</td><td>");
		badges(b, c, &N->refs[0].ref, N->n_refs, sizeof(wt_number_ref));
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
	if (c->n_discrepancies) {
		buf_adds(b, "<h3>Discrepancies</h3>\n<ul class=\"discrepancies\">\n");
		for (size_t d = 0; d < c->n_discrepancies; d++) {
			const wt_discrepancy *D = &c->discrepancies[d];
			buf_adds(b, "<li><span class=\"flag\">&#9888;</span> &ldquo;");
			esc(b, D->a_ref.text);
			buf_adds(b, "&rdquo; ");
			badge(b, c, D->a_ref.article);
			buf_adds(b, " vs &ldquo;");
			esc(b, D->b_ref.text);
			buf_adds(b, "&rdquo; ");
			badge(b, c, D->b_ref.article);
			buf_adds(b, ": ");
			esc(b, D->reason);
			buf_adds(b, D->within ? " (within one article)" : " (across articles)");
			buf_adds(b, "</li>\n");
		}
		buf_adds(b, "</ul>\n");
	}
}

static void entities(wt_buf *b, const wt_collation *c)
{
	buf_adds(b, "<h3>Names</h3>\n<table class=\"entities\"><tr><th>name</th><th>kind</th>"
	            "<th>spellings</th><th>mentions per article</th></tr>\n");
	for (size_t i = 0; i < c->n_entities; i++) {
		const wt_entity *E = &c->entities[i];
		if (E->n_refs < 2)
			continue;
		buf_adds(b, "<tr><td>");
		esc(b, E->name);
		buf_printf(b, "</td><td>%s</td><td>", wt_entity_kind_name(E->kind));
		for (size_t k = 0; k < E->n_aliases; k++) {
			if (k)
				buf_adds(b, ", ");
			esc(b, E->aliases[k]);
		}
		buf_adds(b, "</td><td>");
		for (size_t a = 0; a < c->n_articles; a++)
			if (E->mentions[a]) {
				badge(b, c, a);
				buf_printf(b, "&times;%zu ", E->mentions[a]);
			}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

/* ------------------------------------------------------------- provenance */

static void provenance_svg(wt_buf *b, const wt_collation *c, const wt_provenance *p)
{
	buf_adds(b, "<h3>Provenance</h3>\n");
	if (!p || !p->n_nodes) {
		buf_adds(b, "<p class=\"help\">No reuse between these articles: independent "
		            "reports.</p>\n");
		return;
	}
	size_t n = p->n_nodes;
	int *layer = calloc(n, sizeof(*layer));
	double *x = calloc(n, sizeof(*x));
	if (!layer || !x) {
		free(layer), free(x);
		return;
	}
	/* layers: wires 0, articles 1 + the deepest directed source */
	for (size_t i = 0; i < n; i++)
		layer[i] = p->nodes[i].wire ? 0 : 1;
	for (size_t it = 0; it < n; it++) {
		int changed = 0;
		for (size_t e = 0; e < p->n_edges; e++) {
			const wt_prov_edge *E = &p->edges[e];
			if (!E->directed || p->nodes[E->to].wire)
				continue;
			if (layer[E->to] < layer[E->from] + 1 && layer[E->from] + 1 < (int)n + 1)
				layer[E->to] = layer[E->from] + 1, changed = 1;
		}
		if (!changed)
			break;
	}
	int maxl = 0;
	for (size_t i = 0; i < n; i++)
		maxl = layer[i] > maxl ? layer[i] : maxl;
	size_t widest = 1;
	for (int l = 0; l <= maxl; l++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (layer[i] == l)
				k++;
		widest = k > widest ? k : widest;
		size_t j = 0;
		for (size_t i = 0; i < n; i++)
			if (layer[i] == l)
				x[i] = (double)j++;
	}
	double W = 190.0 * (double)widest + 40, H = 110.0 * (maxl + 1) + 20;
	/* centre each layer */
	for (int l = 0; l <= maxl; l++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += layer[i] == l;
		for (size_t i = 0; i < n; i++)
			if (layer[i] == l)
				x[i] = W / 2 + (x[i] - ((double)k - 1) / 2) * 190.0;
	}
	buf_printf(b,
	           "<svg class=\"prov\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
	           "height=\"%.0f\" "
	           "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"provenance graph\">\n"
	           "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	           "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
	           "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n",
	           W, H, W, H);
	for (size_t e = 0; e < p->n_edges; e++) {
		const wt_prov_edge *E = &p->edges[e];
		double x1 = x[E->from], y1 = 40 + 110.0 * layer[E->from] + 18;
		double x2 = x[E->to], y2 = 40 + 110.0 * layer[E->to] - 18;
		if (layer[E->to] <= layer[E->from])
			y1 -= 18, y2 = 40 + 110.0 * layer[E->to] +
			               (layer[E->to] < layer[E->from] ? 18 : 0);
		const char *cls = E->cls == WT_REUSE_NONE ? "wire" : wt_reuse_class_name(E->cls);
		buf_printf(
		    b,
		    "<line class=\"edge %s\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"%s>"
		    "<title>",
		    cls, x1, y1, x2, y2, E->directed ? " marker-end=\"url(#arrow)\"" : "");
		esc(b, E->evidence ? E->evidence : "");
		buf_adds(b, "</title></line>\n");
		if (E->cls != WT_REUSE_NONE)
			buf_printf(b, "<text class=\"elabel\" x=\"%.0f\" y=\"%.0f\">%s</text>\n",
			           (x1 + x2) / 2 + 4, (y1 + y2) / 2, cls);
	}
	for (size_t i = 0; i < n; i++) {
		const wt_prov_node *N = &p->nodes[i];
		double cy = 40 + 110.0 * layer[i];
		size_t art = (size_t)-1;
		for (size_t a = 0; a < c->n_articles && art == (size_t)-1; a++)
			if (c->articles[a].id && !strcmp(c->articles[a].id, N->id))
				art = a;
		const char *fill = N->wire             ? "#333"
		                   : art != (size_t)-1 ? palette[art % 10]
		                                       : "#999";
		buf_printf(
		    b,
		    "<g class=\"node%s\"><rect x=\"%.0f\" y=\"%.0f\" width=\"170\" height=\"36\" "
		    "rx=\"6\" fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\">",
		    N->wire ? " wire" : "", x[i] - 85, cy - 18, fill, x[i], cy + 5);
		if (art != (size_t)-1)
			buf_printf(b, "[%zu] ", art + 1);
		char shortid[24];
		snprintf(shortid, sizeof shortid, "%.20s", N->id);
		esc(b, N->wire ? N->id : shortid);
		if (!N->wire && N->source) {
			buf_adds(b, " &middot; ");
			char src[20];
			snprintf(src, sizeof src, "%.16s", N->source);
			esc(b, src);
		}
		buf_adds(b, "</text></g>\n");
	}
	buf_adds(b, "</svg>\n");
	free(layer), free(x);
}

/* --------------------------------------------------------- side by side */

static json_t *side_data(const wt_report_story *s)
{
	const wt_collation *c = s->coll;
	size_t n = c->n_articles < SIDE_MAX ? c->n_articles : SIDE_MAX;
	json_t *arts = json_array(), *pairs = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arts,
		    json_pack("{s:s, s:s, s:s}", "id", c->articles[i].id ? c->articles[i].id : "",
		              "source", c->articles[i].source ? c->articles[i].source : "unknown",
		              "text", s->articles[i].text ? s->articles[i].text : ""));
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			wt_alignment al;
			if (wt_align_articles(&s->articles[i], &s->articles[j], NULL, &al) != WT_OK)
				continue;
			json_t *ps = json_array();
			for (size_t k = 0; k < al.n_passages; k++) {
				const wt_passage *P = &al.passages[k];
				json_array_append_new(
				    ps, json_pack("[I, I, I, I, b]", (json_int_t)P->a_start,
				                  (json_int_t)P->a_end, (json_int_t)P->b_start,
				                  (json_int_t)P->b_end, P->quote));
			}
			json_array_append_new(pairs,
			                      json_pack("{s:I, s:I, s:o}", "a", (json_int_t)i, "b",
			                                (json_int_t)j, "passages", ps));
			wt_alignment_release(&al);
		}
	return json_pack("{s:I, s:o, s:o}", "story", (json_int_t)s->story, "articles", arts,
	                 "pairs", pairs);
}

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em "
    "2em;color:#222}"
    "h1{margin:.2em 0}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}"
    "h3{margin-top:1.6em;color:#444}.help{color:#666;font-size:90%}"
    ".badge{display:inline-block;min-width:1.3em;padding:0 .35em;margin:0 1px;border-radius:.7em;"
    "color:#fff;font-size:80%;text-align:center;font-weight:600}"
    "ol.account li{margin:.35em 0}ol.account li.unique{color:#555}"
    ".only{font-size:75%;background:#eee;color:#666;padding:0 .4em;border-radius:.5em}"
    ".flag{color:#b00;font-weight:600}.note{color:#666;font-size:85%}"
    "blockquote{margin:.4em 0 .4em 1em;padding-left:.8em;border-left:3px solid #ccc}"
    "blockquote.fragment{color:#666;font-size:90%}"
    "table{border-collapse:collapse;font-size:92%}td,th{border-bottom:1px solid #eee;padding:.25em "
    ".6em;"
    "text-align:left;vertical-align:top}tr.disputed td{background:#fff1f0}"
    "svg.prov text{font-size:12px;fill:#fff;text-anchor:middle}svg.prov text.elabel{fill:#333;"
    "text-anchor:start}svg.prov line{stroke:#555;stroke-width:1.5}svg.prov "
    "line.wire{stroke-dasharray:4 3}"
    ".side{display:flex;gap:1em}.side pre{flex:1;white-space:pre-wrap;font:13px/1.4 "
    "system-ui,sans-serif;"
    "background:#fafafa;border:1px solid #eee;padding:.6em;max-height:40em;overflow:auto}"
    "mark{background:#ffe58a}mark.q{background:#d6ecff}nav li{margin:.2em 0}";

static const char script[] =
    "(function(){\n"
    "var data=JSON.parse(document.getElementById('wt-data').textContent);\n"
    "var enc=new TextEncoder(),dec=new TextDecoder();\n"
    "function paint(pre,text,spans){var b=enc.encode(text);spans.sort(function(x,y){return "
    "x[0]-y[0]});\n"
    " pre.textContent='';var at=0;spans.forEach(function(s){if(s[0]<at)return;\n"
    "  pre.appendChild(document.createTextNode(dec.decode(b.slice(at,s[0]))));\n"
    "  var m=document.createElement('mark');if(s[2])m.className='q';\n"
    "  m.textContent=dec.decode(b.slice(s[0],s[1]));pre.appendChild(m);at=s[1];});\n"
    " pre.appendChild(document.createTextNode(dec.decode(b.slice(at))));}\n"
    "data.forEach(function(st){var box=document.getElementById('side-'+st.story);if(!box)return;\n"
    " var sa=box.querySelector('select.a'),sb=box.querySelector('select.b');\n"
    " var "
    "pa=box.querySelector('pre.a'),pb=box.querySelector('pre.b'),info=box.querySelector('.info');\n"
    " st.articles.forEach(function(a,i){[sa,sb].forEach(function(s){var "
    "o=document.createElement('option');\n"
    "  o.value=i;o.textContent='['+(i+1)+'] '+a.id+' ('+a.source+')';s.appendChild(o);});});\n"
    " var "
    "best=null;st.pairs.forEach(function(p){if(!best||p.passages.length>best.passages.length)best="
    "p;});\n"
    " if(best){sa.value=best.a;sb.value=best.b;}else if(st.articles.length>1)sb.value=1;\n"
    " function show(){var i=+sa.value,j=+sb.value,A=[],B=[],n=0;\n"
    "  "
    "st.pairs.forEach(function(p){if(p.a==i&&p.b==j)p.passages.forEach(function(q){A.push([q[0],q["
    "1],q[4]]);B.push([q[2],q[3],q[4]]);n++;});\n"
    "   "
    "if(p.a==j&&p.b==i)p.passages.forEach(function(q){A.push([q[2],q[3],q[4]]);B.push([q[0],q[1],q["
    "4]]);n++;});});\n"
    "  paint(pa,st.articles[i].text,A);paint(pb,st.articles[j].text,B);\n"
    "  info.textContent=i==j?'the same article':n+' shared passage'+(n==1?'':'s')+' highlighted "
    "(blue: quotes only)';}\n"
    " sa.onchange=show;sb.onchange=show;show();});\n"
    "})();\n";

char *wt_report_html(const wt_report_story *stories, size_t n, const char *title)
{
	wt_buf b;
	buf_init(&b);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += stories[i].coll->n_articles;
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
	esc(&b, title ? title : "wiretrace report");
	buf_printf(&b, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>", css);
	esc(&b, title ? title : "wiretrace report");
	buf_printf(
	    &b,
	    "</h1><p class=\"help\">%zu stor%s, %zu articles. Made by wiretrace %s.</p></header>\n",
	    n, n == 1 ? "y" : "ies", total, WT_VERSION);
	buf_adds(&b, "<nav><h2>Stories</h2><ol>\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "<li><a href=\"#story-%lld\">", (long long)stories[i].story);
		esc(&b, stories[i].label ? stories[i].label : "(no headline)");
		buf_printf(&b, "</a> <span class=\"help\">%zu article%s</span></li>\n",
		           stories[i].coll->n_articles,
		           stories[i].coll->n_articles == 1 ? "" : "s");
	}
	buf_adds(&b, "</ol></nav>\n");
	json_t *data = json_array();
	for (size_t i = 0; i < n; i++) {
		const wt_report_story *s = &stories[i];
		const wt_collation *c = s->coll;
		buf_printf(&b, "<section class=\"story\" id=\"story-%lld\">\n<h2>",
		           (long long)s->story);
		esc(&b, s->label ? s->label : "(no headline)");
		buf_printf(&b, "</h2>\n<p class=\"articles\">Story %lld: ", (long long)s->story);
		for (size_t a = 0; a < c->n_articles; a++) {
			badge(&b, c, a);
			buf_adds(&b, " ");
			esc(&b, c->articles[a].id);
			buf_adds(&b, " <span class=\"help\">");
			esc(&b, c->articles[a].source ? c->articles[a].source : "unknown source");
			if (c->articles[a].published) {
				buf_adds(&b, ", ");
				esc(&b, c->articles[a].published);
			}
			buf_adds(&b, a + 1 < c->n_articles ? "</span> &nbsp; " : "</span>");
		}
		buf_adds(&b, "</p>\n");
		account(&b, c);
		quotes(&b, c);
		numbers(&b, c);
		entities(&b, c);
		provenance_svg(&b, c, s->prov);
		if (c->n_articles > 1 && s->articles) {
			buf_printf(&b,
			           "<h3>Side by side</h3>\n<div class=\"sidebox\" id=\"side-%lld\">"
			           "<p><select class=\"a\" aria-label=\"left article\"></select> "
			           "<select class=\"b\" aria-label=\"right article\"></select> "
			           "<span class=\"info help\"></span></p>"
			           "<div class=\"side\"><pre class=\"a\"></pre><pre "
			           "class=\"b\"></pre></div></div>\n",
			           (long long)s->story);
			json_array_append_new(data, side_data(s));
		}
		buf_adds(&b, "</section>\n");
	}
	char *js = json_dumps(data, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(data);
	buf_adds(&b, "<script type=\"application/json\" id=\"wt-data\">");
	buf_adds(&b, js ? js : "[]");
	free(js);
	buf_printf(&b, "</script>\n<script>%s</script>\n</body></html>\n", script);
	return buf_detach(&b, NULL);
}
