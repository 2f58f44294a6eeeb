#!/bin/sh
# CLI tests: run the wiretrace binary ($WT) on small fixtures and on
# ../shared, and check output, messages and exit status. Prints
# "N passed, N failed" and exits non-zero when anything failed.
set -u
WT=${WT:?set WT to the wiretrace binary}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${WT_SHARED:-$ROOT/../shared}
FIX=$HERE/fixtures
T=$(mktemp -d /tmp/wt_cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
export WIRETRACE_DB="$T/default.db"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# check NAME EXPECTED_STATUS COMMAND...: runs, keeps stdout/stderr in $T/out, $T/err
check() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$name: exit $got, wanted $want"
		sed 's/^/    /' "$T/err" | head -5 >&2
	fi
}
# has NAME FILE PATTERN: grep -E in a file
has() { if grep -Eq -- "$3" "$2"; then ok; else bad "$1: no /$3/ in $(basename "$2"): $(head -c 300 "$2")"; fi; }
hasnt() { if grep -Eq -- "$3" "$2"; then bad "$1: unexpected /$3/ in $(basename "$2")"; else ok; fi; }
count() { sqlite3 "$1" "$2" 2>/dev/null; }

# --- usage ------------------------------------------------------------
check "no command" 2 "$WT"
check "help" 0 "$WT" --help
has "help lists ingest" "$T/out" "ingest"
check "unknown command" 2 "$WT" frobnicate
check "ingest no path" 2 "$WT" ingest
check "ingest bad option" 2 "$WT" ingest --bogus x
check "ingest --help" 0 "$WT" ingest --help
check "show --help" 0 "$WT" show --help
check "list --help" 0 "$WT" list --help
check "bad field map" 2 "$WT" ingest --field nonsense x.jsonl
check "show on missing store" 3 "$WT" --db "$T/none.db" show x

# --- our fixtures -----------------------------------------------------
DB=$T/fx.db
check "ingest text+html" 0 "$WT" --db "$DB" ingest "$FIX/harbour.txt" "$FIX/museum.html"
has "summary" "$T/out" "read 2, added 2, unchanged 0"
check "show text fixture" 0 "$WT" --db "$DB" show harbour --format json
has "title" "$T/out" '"title":"Harbour reopens after storm damage is repaired"'
has "authors" "$T/out" '"authors":\["Mara Lindqvist","Tomas Okafor"\]'
has "dateline" "$T/out" '"dateline":\{"place":"GOTHENBURG","date":"March 4"\}'
has "agency" "$T/out" '"agencies":\["Reuters"\]'
has "promo removed" "$T/out" '"kind":"promo"'
has "credit removed" "$T/out" '"kind":"credit","start":[0-9]+,"end":[0-9]+,"text":"\(Reporting by'
hasnt "body clean" "$T/out" '"body":"[^"]*Follow us'
check "show html fixture" 0 "$WT" --db "$DB" show museum --format json
has "html title" "$T/out" '"title":"Museum shows early photographs"'
has "html source" "$T/out" '"source":"City News"'
has "html date" "$T/out" '"published":"2024-06-01T09:30:00Z"'
has "html body" "$T/out" 'never been shown'
hasnt "html comments dropped" "$T/out" 'lovely exhibition'
hasnt "html nav dropped" "$T/out" 'Culture'
check "show text format" 0 "$WT" --db "$DB" show harbour
has "text show removed" "$T/out" "^  credit"
check "show unknown id" 1 "$WT" --db "$DB" show nosuchid
has "unknown id message" "$T/err" 'no article with id "nosuchid"'

# JSONL with bad records: the rest is read, file:line is named
check "jsonl with bad lines" 1 "$WT" --db "$DB" ingest "$FIX/mixed.jsonl"
has "malformed line named" "$T/err" "mixed.jsonl:2: malformed JSON"
has "missing text named" "$T/err" "mixed.jsonl:4: record has no \"text\" field"
has "summary counts" "$T/out" "read 3, added 3, .*skipped 2"
check "list tsv" 0 "$WT" --db "$DB" list --format tsv
[ "$(wc -l <"$T/out")" -eq 5 ] && ok || bad "list tsv rows: $(wc -l <"$T/out")"
has "outlet mapped" "$T/out" "^m5	Courier	2024-02-11	"
check "list jsonl by source" 0 "$WT" --db "$DB" list --format jsonl --source Gazette
[ "$(wc -l <"$T/out")" -eq 2 ] && ok || bad "list --source rows"
check "extra kept" 0 "$WT" --db "$DB" show m3 --format json
has "extra field" "$T/out" '"extra":\{"section":"local"\}'
check "strict stops" 1 "$WT" --db "$T/strict.db" ingest --strict "$FIX/mixed.jsonl"
[ "$(count "$T/strict.db" 'select count(*) from articles')" = "1" ] && ok || bad "strict stored more than the first record"

# a UTF-8 byte order mark (Windows tools write one) hides nothing: not the
# first JSONL record, not the title of a text file, also compressed
printf '\357\273\277{"id":"bom1","text":"First record after a byte order mark."}\n{"id":"bom2","text":"Second record."}\n' >"$T/bom.jsonl"
check "jsonl with a BOM" 0 "$WT" --db "$T/bom.db" ingest "$T/bom.jsonl"
has "BOM record read" "$T/out" "read 2, added 2, .*skipped 0"
printf '\357\273\277Harbour ferry resumes service\n\nThe harbour ferry resumed its service on Tuesday after repairs.\n' | gzip >"$T/bomtitle.txt.gz"
check "text with a BOM" 0 "$WT" --db "$T/bom.db" ingest "$T/bomtitle.txt.gz"
check "show BOM text" 0 "$WT" --db "$T/bom.db" show bomtitle --format json
has "BOM title clean" "$T/out" '"title":"Harbour ferry resumes service"'

# a .json file holding one JSON array of records, pretty-printed
printf '[\n  {\n    "id": "arr1",\n    "text": "The first record of an array [with brackets]."\n  },\n  {"id": "arr2", "text": 42},\n  {\n    "id": "arr3",\n    "text": "The third record of the array."\n  }\n]\n' >"$T/array.json"
check "json array" 1 "$WT" --db "$T/arr.db" ingest "$T/array.json"
has "array records read" "$T/out" "read 2, added 2, .*skipped 1"
has "array record named by line" "$T/err" "array.json:6: field \"text\" is not a string"
check "array record shown" 0 "$WT" --db "$T/arr.db" show arr3 --format json
has "array origin line" "$T/out" '"origin":"[^"]*array.json:7"'
check "dedup of an array" 1 "$WT" dedup "$T/array.json"
[ "$(wc -l <"$T/out")" -eq 2 ] && ok || bad "dedup of an array: $(wc -l <"$T/out") lines"
has "array record on one line" "$T/out" '^\{ +"id": "arr1", +"text"'

# stdin and field mapping
printf '{"docid":"s1","body":"Read from standard input today."}\n' >"$T/in.jsonl"
check "stdin with --field" 0 "$WT" --db "$DB" ingest --field id=docid --field text=body - <"$T/in.jsonl"
check "stdin record stored" 0 "$WT" --db "$DB" show s1

# versions
printf '{"id":"v1","text":"First version of the text."}\n' >"$T/v.jsonl"
"$WT" --db "$DB" ingest -q "$T/v.jsonl"
printf '{"id":"v1","text":"Second version of the text."}\n' >"$T/v.jsonl"
check "changed article" 0 "$WT" --db "$DB" ingest "$T/v.jsonl"
has "new version" "$T/out" "new versions 1"
check "old version" 0 "$WT" --db "$DB" show v1 --version 1
has "old text" "$T/out" "First version"
# repeats within one batch: stored once, a changed one as a version
printf '%s\n' '{"id":"w1","text":"A text that comes twice in one file."}' \
	'{"id":"w1","text":"A text that comes twice in one file."}' \
	'{"id":"w1","text":"The same id with another text."}' \
	'{"id":"w1","text":"A text that comes twice in one file."}' >"$T/w.jsonl"
check "repeats in a batch" 0 "$WT" --db "$DB" ingest "$T/w.jsonl"
has "repeats counted" "$T/out" "read 4, added 1, unchanged 2, new versions 1"
[ "$(count "$DB" "select count(*) from articles where id='w1'")" = "2" ] && ok ||
	bad "repeats in a batch stored more than twice"
[ "$(count "$DB" "select count(*) from story_members m join articles a using(seq) where a.id='w1'")" = "2" ] && ok ||
	bad "each stored version has a story"
# a re-ingest recognizes stored articles, whether or not cleaning filled
# fields in (r2's title comes from its first line); a changed one is a version
printf '%s\n' '{"id":"r1","title":"Harbour closed","source":"Gazette","text":"The harbour closed after the storm on Monday.\nBy Tuesday the pier was open again."}' \
	'{"id":"r2","text":"Council votes on budget\nThe council voted on the budget late on Tuesday night after a long debate."}' \
	'{"id":"r3","source":"Gazette","text":"The museum opens a new wing for early photographs this week."}' >"$T/r.jsonl"
"$WT" --db "$DB" ingest -q "$T/r.jsonl"
check "re-ingest unchanged" 0 "$WT" --db "$DB" ingest "$T/r.jsonl"
has "re-ingest counted" "$T/out" "read 3, added 0, unchanged 3, new versions 0"
sed 's/late on Tuesday/early on Wednesday/' "$T/r.jsonl" >"$T/r2.jsonl"
check "re-ingest one changed" 0 "$WT" --db "$DB" ingest "$T/r2.jsonl"
has "re-ingest version" "$T/out" "read 3, added 0, unchanged 2, new versions 1"
check "re-ingested article as stored" 0 "$WT" --db "$DB" show r2 --format json
has "title filled by cleaning" "$T/out" '"title":"Council votes on budget"'


# --- bad input --------------------------------------------------------
head -c 3000 /dev/urandom >"$T/noise.txt"
printf '\000\001\002binary' >>"$T/noise.txt"
: >"$T/empty.txt"
printf 'Caf\351 owners protest new rules\nOwners of the caf\351 said the rules were unfair.\n' >"$T/latin1.txt"
check "binary, empty, latin1" 1 "$WT" --db "$T/bad.db" ingest "$T/noise.txt" "$T/empty.txt" "$T/latin1.txt"
has "binary message" "$T/err" "noise.txt: binary file skipped"
has "empty message" "$T/err" "empty.txt: no text"
has "repairs counted" "$T/out" "invalid UTF-8 repaired 2"
check "missing path" 1 "$WT" --db "$T/bad.db" ingest "$T/nope.txt" "$FIX/harbour.txt"
has "missing path message" "$T/err" "nope.txt: No such file"
has "others still read" "$T/out" "added 1"

# oversized record and line, with bounded memory
python3 -c "
import sys
sys.stdout.write('{\"id\":\"big\",\"text\":\"' + 'word ' * 4000000 + '\"}\n')
sys.stdout.write('{\"id\":\"after\",\"text\":\"Small record after the big one.\"}\n')" >"$T/big.jsonl"
check "oversized record" 1 "$WT" --db "$T/bad.db" ingest --max-bytes 1M "$T/big.jsonl"
has "oversized message" "$T/err" "big.jsonl:1: record of [0-9]+ bytes is over the limit"
has "after big stored" "$T/out" "added 1"

# compressed input: gzip, zstd, xz, and a truncated gzip
python3 -c "
import json
for i in range(3000):
    print(json.dumps({'id': 'c%d' % i, 'text': 'Compressed record %d about %d things.' % (i, i * 7)}))" >"$T/c.jsonl"
gzip -c "$T/c.jsonl" >"$T/c.jsonl.gz"
zstd -q -c "$T/c.jsonl" >"$T/c2.jsonl.zst"
xz -c "$T/c.jsonl" >"$T/c3.jsonl.xz"
check "gzip zstd xz" 0 "$WT" --db "$T/z.db" ingest "$T/c.jsonl.gz" "$T/c2.jsonl.zst" "$T/c3.jsonl.xz"
has "compressed read" "$T/out" "read 9000, added 3000, unchanged 6000"
python3 -c "
import json
for i in range(20000):
    print(json.dumps({'id': 't%d' % i, 'text': 'Truncated stream record %d, value %d.' % (i, i * 7919 % 10007)}))" | gzip -c >"$T/full.jsonl.gz"
head -c $(($(wc -c <"$T/full.jsonl.gz") / 2)) "$T/full.jsonl.gz" >"$T/cut.jsonl.gz"
check "truncated gzip" 1 "$WT" --db "$T/cut.db" ingest "$T/cut.jsonl.gz"
has "truncated message" "$T/err" "cut.jsonl.gz:[0-9]+: read error \(truncated gzip input\)"
n=$(count "$T/cut.db" 'select count(*) from articles')
[ "$n" -gt 5000 ] && ok || bad "truncated gzip kept only $n records"

# WARC: a response record, a redirect, a truncated record
html='<html><head><title>Bridge reopens</title></head><body><article><p>The old bridge reopened to traffic on Monday after six weeks of repairs, the city said.</p><p>Cyclists will get a separate lane from next month.</p></article></body></html>'
http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$html")
redir=$(printf 'HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n')
{
	printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/bridge\r\nWARC-Date: 2024-04-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "${#http}" "$http"
	printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/x\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "${#redir}" "$redir"
	printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/cut\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 9999\r\n\r\nHTTP/1.1 200 OK\r\n'
} >"$T/crawl.warc"
gzip -c "$T/crawl.warc" >"$T/crawl.warc.gz"
check "warc.gz" 1 "$WT" --db "$T/w.db" ingest "$T/crawl.warc.gz"
has "warc truncated record" "$T/err" "crawl.warc.gz:record 3: truncated WARC record"
has "warc article kept" "$T/out" "added 1"
id=$(sqlite3 "$T/w.db" 'select id from articles')
check "warc show" 0 "$WT" --db "$T/w.db" show "$id" --format json
has "warc url" "$T/out" '"url":"https://news.example.org/bridge"'
has "warc source from host" "$T/out" '"source":"news.example.org"'
has "warc date" "$T/out" '"published":"2024-04-01T10:00:00Z"'

# unusable store: a folder that does not exist; a locked store
check "store in missing folder" 3 "$WT" --db "$T/no/such/dir/x.db" ingest "$FIX/harbour.txt"
has "store message" "$T/err" "cannot open store"
"$WT" --db "$T/lock.db" ingest -q "$FIX/harbour.txt"
python3 -c "
import sqlite3, time, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open(sys.argv[2], 'w').close()
time.sleep(12)" "$T/lock.db" "$T/locked" &
lockpid=$!
while [ ! -e "$T/locked" ]; do sleep 0.1; done
check "locked store" 3 "$WT" --db "$T/lock.db" ingest "$FIX/museum.html"
has "locked message" "$T/err" "locked"
kill $lockpid 2>/dev/null
wait $lockpid 2>/dev/null
[ "$(count "$T/lock.db" 'select count(*) from articles')" = "1" ] && ok || bad "locked store lost data"

# --- the mission's seeds and BASIL ----------------------------------------
if [ -d "$SHARED/seeds" ]; then
	SD=$T/seeds.db
	check "ingest seeds" 0 "$WT" --db "$SD" ingest "$SHARED/seeds"
	has "seeds added" "$T/out" "read 5, added 5"
	check "show 000" 0 "$WT" --db "$SD" show 000_774807fb486eb58d --format json
	has "000 Reuters" "$T/out" '"agencies":\["Reuters"\]'
	has "000 dateline" "$T/out" '"dateline":\{"place":"BERLIN/WASHINGTON","date":"Dec 15"\}'
	has "000 authors" "$T/out" '"authors":\["Andreas Rinke","Tom Balmforth","Steve Holland"\]'
	hasnt "000 body without disclaimer" "$T/out" '"body":"[^"]*Disclaimer'
	hasnt "000 body without credits" "$T/out" '"body":"[^"]*Reporting by'
	has "000 disclaimer kept as span" "$T/out" '"kind":"disclaimer"'
	check "show 001" 0 "$WT" --db "$SD" show 001_0fc04643aac4a0d3 --format json
	has "001 promo" "$T/out" '"kind":"promo","start":[0-9]+,"end":[0-9]+,"text":"Add Asianet'
	check "show 002" 0 "$WT" --db "$SD" show 002_dbc004dc27f2c623 --format json
	has "002 date" "$T/out" '"published":"2025-12-16"'
	has "002 syndication removed" "$T/out" '"kind":"disclaimer","start":[0-9]+,"end":[0-9]+,"text":"\(Except for the headline'
	check "show 003" 0 "$WT" --db "$SD" show 003_cda9cea381808da0 --format json
	has "003 agencies" "$T/out" '"agencies":\["AP","Reuters"\]'
	check "show 004" 0 "$WT" --db "$SD" show 004_2e9bb136de680ed6 --format json
	has "004 AFP" "$T/out" '"agencies":\["AFP"\]'
fi
if [ -f "$SHARED/data/basil/articles.jsonl" ]; then
	BD=$T/basil.db
	check "ingest basil" 0 "$WT" --db "$BD" ingest "$SHARED/data/basil/articles.jsonl"
	has "basil 300" "$T/out" "read 300, added 300"
	check "ingest basil again" 0 "$WT" --db "$BD" ingest "$SHARED/data/basil/articles.jsonl"
	has "basil idempotent" "$T/out" "added 0, unchanged 300"
	# an ingest whose first articles are stored already loads the engines
	# when the first new one comes, and ends where two ingests end; one
	# with nothing new leaves them as they were
	head -n 150 "$SHARED/data/basil/articles.jsonl" >"$T/bA.jsonl"
	tail -n +151 "$SHARED/data/basil/articles.jsonl" >"$T/bB.jsonl"
	"$WT" --db "$T/bs1.db" ingest -q "$T/bA.jsonl"
	"$WT" --db "$T/bs1.db" ingest -q "$T/bB.jsonl"
	"$WT" --db "$T/bs2.db" ingest -q "$T/bA.jsonl"
	check "stored, then new, in one ingest" 0 "$WT" --db "$T/bs2.db" ingest "$T/bA.jsonl" "$T/bB.jsonl"
	has "stored, then new, counted" "$T/out" "read 300, added 150, unchanged 150"
	state() { count "$1" "select name || part || ':' || rowid from engine_state order by 1"; }
	before=$(state "$T/bs2.db")
	check "nothing new" 0 "$WT" --db "$T/bs2.db" ingest "$T/bA.jsonl" "$T/bB.jsonl"
	[ -n "$before" ] && [ "$(state "$T/bs2.db")" = "$before" ] && ok ||
		bad "an ingest with nothing new rewrote the saved engines"
	for c in "stories --format tsv" "dups"; do
		# shellcheck disable=SC2086
		"$WT" --db "$T/bs1.db" $c >"$T/s1" && "$WT" --db "$T/bs2.db" $c >"$T/s2" &&
			cmp -s "$T/s1" "$T/s2" && ok || bad "$c differ after stored-then-new"
	done
fi

# --- dedup and dups -----------------------------------------------------
DD=$FIX/dedup.jsonl
check "dedup --help" 0 "$WT" dedup --help
check "dedup bad threshold" 2 "$WT" dedup --threshold 2
check "dedup bad keep" 2 "$WT" dedup --keep newest
check "dedup stdin, bad records skipped" 1 sh -c "'$WT' dedup --dups '$T/dd.jsonl' < '$DD'"
ids=$(sed 's/^{"id": "\([^"]*\)".*/\1/' "$T/out" | tr '\n' ' ')
[ "$ids" = "canal-1 canal-trim bread tiny " ] && ok || bad "dedup kept: $ids"
has "dedup summary" "$T/err" "read 8, kept 4, dropped 4 .*skipped 3, shorter than one shingle 2"
has "no text named" "$T/err" "<stdin>:6: record has no \"text\" field"
has "empty named" "$T/err" "<stdin>:7: no text"
has "malformed named" "$T/err" "<stdin>:9: malformed JSON"
has "dups: exact copy" "$T/dd.jsonl" '^\{"dup_of":"canal-1","jaccard":1.0000,"containment":1.0000,"id": "canal-2"'
has "dups: edited copy measured" "$T/dd.jsonl" '^\{"dup_of":"canal-1","jaccard":0\.8[0-9]+,.*"id": "canal-3"'
has "dups: identical record" "$T/dd.jsonl" '"dup_of":"canal-1",.*"id": "canal-1"'
has "dups: short texts compared whole" "$T/dd.jsonl" '"dup_of":"tiny",.*"id": "tiny-again"'
check "dedup unchanged records" 0 sh -c "'$WT' dedup -q --threshold 0.95 '$FIX/mixed.jsonl' | wc -l"
check "dedup containment" 1 "$WT" dedup --containment 0.9 --dups "$T/dc.jsonl" "$DD"
has "trimmed copy contained" "$T/dc.jsonl" '"containment":1.0000,"id": "canal-trim"'
check "dedup --keep earliest" 1 "$WT" dedup --keep earliest --dups "$T/de.jsonl" "$DD"
has "earliest kept" "$T/out" '"id": "canal-2"'
has "first dropped for earlier" "$T/de.jsonl" '"dup_of":"canal-2",.*"id": "canal-1"'
check "dedup --keep longest" 1 "$WT" dedup --keep longest --dups "$T/dl.jsonl" "$DD"
has "longest kept" "$T/dl.jsonl" '"dup_of":"canal-2",.*"id": "canal-1"'
# one thread or two, any batch size: the same bytes out
"$WT" dedup -q --threads 1 --batch 1 "$SHARED/data/basil/articles.jsonl" >"$T/b1" 2>/dev/null
"$WT" dedup -q --threads 2 --batch 7 "$SHARED/data/basil/articles.jsonl" >"$T/b2" 2>/dev/null
cmp -s "$T/b1" "$T/b2" && ok || bad "dedup output depends on threads or batches"
check "dedup basil keeps all" 0 sh -c "'$WT' dedup --threshold 0.8 < '$SHARED/data/basil/articles.jsonl' > '$T/basil.out'"
[ "$(wc -l <"$T/basil.out")" = 300 ] && ok || bad "basil dedup kept $(wc -l <"$T/basil.out")"
cmp -s "$T/basil.out" "$SHARED/data/basil/articles.jsonl" && ok || bad "basil records changed"
check "dedup seeds containment" 0 "$WT" dedup --containment 0.5 --dups "$T/seeds.dups" "$SHARED/seeds"
[ "$(wc -l <"$T/seeds.dups")" = 1 ] && ok || bad "seeds: $(wc -l <"$T/seeds.dups") dups"
has "seeds 003 in 000" "$T/seeds.dups" '^\{"dup_of":"000_774807fb486eb58d","jaccard":0\.[0-9]+,"containment":0\.6[0-9]+,"id":"003_'
[ "$(wc -l <"$T/out")" = 4 ] && ok || bad "seeds dedup kept $(wc -l <"$T/out")"
# a persistent index: a second run drops everything it saw
check "dedup --index first run" 1 "$WT" dedup -q --index "$T/idx" "$DD"
check "dedup --index second run" 1 "$WT" dedup --index "$T/idx" "$DD"
[ ! -s "$T/out" ] && ok || bad "second run with index kept $(wc -l <"$T/out")"
check "dedup --against index" 1 "$WT" dedup --against "$T/idx" "$DD"
[ ! -s "$T/out" ] && ok || bad "--against index kept $(wc -l <"$T/out")"
check "dedup --against dataset" 1 "$WT" dedup --against "$FIX/mixed.jsonl" "$FIX/mixed.jsonl"
[ ! -s "$T/out" ] && ok || bad "--against itself kept $(wc -l <"$T/out")"
has "reference count" "$T/err" "reference records"
check "dedup index of other shingle" 3 "$WT" dedup --shingle 3 --index "$T/idx" "$DD"
has "index mismatch named" "$T/err" "shingle 5"
check "dedup index not an index" 3 "$WT" dedup --index "$DD" "$DD"
has "not an index" "$T/err" "not a wiretrace dedup index"
check "dedup missing file" 1 "$WT" dedup "$T/nope.jsonl"
has "missing named" "$T/err" "nope.jsonl"
check "dedup simhash" 1 "$WT" dedup --method simhash --threshold 0.9 "$DD"
hasnt "simhash drops the copy" "$T/out" '"id": "canal-2"'
has "simhash keeps J 0.885 < 0.9" "$T/out" '"id": "canal-3"'
# a 100 MB record is skipped with a message; the records around it pass
python3 -c "
import sys
sys.stdout.write('{\"id\":\"before\",\"text\":\"A record before the huge one, with enough words.\"}\n')
sys.stdout.write('{\"id\":\"huge\",\"text\":\"' + 'word ' * 20000000 + '\"}\n')
sys.stdout.write('{\"id\":\"after\",\"text\":\"A record after the huge one, with enough words too.\"}\n')" >"$T/huge.jsonl"
check "dedup 100 MB record" 1 "$WT" dedup "$T/huge.jsonl"
has "huge skipped" "$T/err" "huge.jsonl:2: record of [0-9]+ bytes is over the limit"
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "huge: kept $(wc -l <"$T/out")"
rm -f "$T/huge.jsonl"
# groups in the store
DB=$T/dups.db
check "ingest seeds for dups" 0 "$WT" --db "$DB" ingest --dup-threshold 0.3 "$SHARED/seeds"
check "dups tsv" 0 "$WT" --db "$DB" dups --format tsv
has "003 grouped with 000" "$T/out" "^003_cda9cea381808da0	000_774807fb486eb58d$"
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "dups: $(wc -l <"$T/out") rows"
check "dups jsonl --all" 0 "$WT" --db "$DB" dups --format jsonl --all
[ "$(wc -l <"$T/out")" = 5 ] && ok || bad "dups --all: $(wc -l <"$T/out") rows"
check "dups table" 0 "$WT" --db "$DB" dups
has "dups table group" "$T/out" "group 000_774807fb486eb58d \(2 articles\)"
check "dups default threshold" 0 "$WT" --db "$T/dups2.db" ingest "$SHARED/seeds"
check "dups none" 0 "$WT" --db "$T/dups2.db" dups
has "no groups" "$T/out" "no near-duplicate groups"
check "dups on missing store" 3 "$WT" --db "$T/none.db" dups
# groups across ingests: the second ingest finds 003's group among what the
# first stored, through the index the first saved (or, when that is damaged
# or was saved for another threshold, one rebuilt from the stored sets)
mkdir -p "$T/sa" "$T/sb"
cp "$SHARED"/seeds/00[012]_* "$T/sa/" && cp "$SHARED"/seeds/00[34]_* "$T/sb/"
for how in saved damaged other; do
	t1=0.3
	[ "$how" = other ] && t1=0.5
	"$WT" --db "$T/g-$how.db" ingest -q --dup-threshold $t1 "$T/sa"
	[ "$(count "$T/g-$how.db" "select count(*) from meta where key = 'state:dedup' and value = (select max(seq) from sketches)")" = 1 ] &&
		ok || bad "no saved dedup index ($how)"
	[ "$how" = damaged ] && count "$T/g-$how.db" "update engine_state set data = x'00' where name = 'dedup'" >/dev/null
	check "groups across ingests ($how index)" 0 "$WT" --db "$T/g-$how.db" ingest -q --dup-threshold 0.3 "$T/sb"
	"$WT" --db "$T/g-$how.db" dups --format tsv >"$T/out"
	has "003 joins 000's group ($how index)" "$T/out" "^003_cda9cea381808da0	000_774807fb486eb58d$"
done
# a stored set that no longer matches the saved index (changed outside
# wiretrace): the ingest stops with a message, keeps what was stored, and
# forgets the index, so that the next ingest rebuilds it and goes on
"$WT" --db "$T/g-lost.db" ingest -q --dup-threshold 0.3 "$T/sa"
count "$T/g-lost.db" "update sketches set shingles = x'00000000' where seq = 1" >/dev/null
check "index cannot read a set back" 3 "$WT" --db "$T/g-lost.db" ingest -q --dup-threshold 0.3 "$T/sb"
has "read-back error named" "$T/err" "near-duplicate index: stored record 1 has 1 shingles, the index expected [0-9]+"
[ "$(count "$T/g-lost.db" "select count(*) from meta where key = 'state:dedup'")" = 0 ] && ok ||
	bad "the index that failed is still saved"
check "next ingest rebuilds the index" 0 "$WT" --db "$T/g-lost.db" ingest -q --dup-threshold 0.3 "$T/sb"
[ "$(count "$T/g-lost.db" "select count(*) from articles")" = 5 ] && ok || bad "lost index: articles lost"

# --- reuse, compare, provenance --------------------------------------------
RD=$T/reuse.db
check "ingest seeds for reuse" 0 "$WT" --db "$RD" ingest "$SHARED/seeds"
check "reuse tsv" 0 "$WT" --db "$RD" reuse --format tsv
has "000 -> 003 copied" "$T/out" "^000_774807fb486eb58d	003_cda9cea381808da0	(verbatim|edited)	"
has "000 -> 001 rewrite" "$T/out" "^000_774807fb486eb58d	001_0fc04643aac4a0d3	rewrite	"
hasnt "002 has no reuse" "$T/out" "002_dbc004dc27f2c623"
hasnt "004 has no reuse" "$T/out" "004_2e9bb136de680ed6"
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "seeds reuse: $(wc -l <"$T/out") pairs"
has "reuse summary" "$T/err" "reuse: 5 articles, [0-9]+ candidate pairs aligned"
check "reuse --all" 0 "$WT" --db "$RD" reuse --all --format tsv
has "002 independent" "$T/out" "002_dbc004dc27f2c623	independent|	002_dbc004dc27f2c623	independent"
has "004 independent" "$T/out" "004_2e9bb136de680ed6	independent|	004_2e9bb136de680ed6	independent"
hasnt "002 never reuse" "$T/out" "002_dbc004dc27f2c623.*	(verbatim|edited|rewrite)	"
check "reuse jsonl" 0 "$WT" --db "$RD" reuse --format jsonl
has "passages with offsets" "$T/out" '"source_start":[0-9]+,"source_end":[0-9]+,"copy_start"'
has "direction evidence" "$T/out" '"evidence":"'
check "reuse --article" 0 "$WT" --db "$RD" reuse --article 003_cda9cea381808da0 --format tsv
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "reuse --article: $(wc -l <"$T/out")"
check "reuse --article unknown" 1 "$WT" --db "$RD" reuse --article nope
check "reuse --story 0" 0 "$WT" --db "$RD" reuse --story 0 --format tsv
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "reuse --story 0: $(wc -l <"$T/out")"
check "reuse --story unknown" 1 "$WT" --db "$RD" reuse --story 42
check "reuse --story not a number" 2 "$WT" --db "$RD" reuse --story nope
check "reuse table" 0 "$WT" --db "$RD" reuse
has "reuse table header" "$T/out" "^SOURCE"
check "provenance json" 0 "$WT" --db "$RD" provenance
for id in 000_774807fb486eb58d 001_0fc04643aac4a0d3 003_cda9cea381808da0; do
	python3 -c "
import json, sys
g = json.load(open('$T/out'))
n = [x for x in g['nodes'] if x['id'] == '$id'][0]
sys.exit(0 if 'Reuters' in n['origins'] else 1)" && ok || bad "provenance: $id not from Reuters"
done
# a long digest of 80 BASIL articles against the articles it contains: each is
# found, and the digest holds the whole of each (containment)
if [ -f "$SHARED/data/basil/articles.jsonl" ]; then
	head -80 "$SHARED/data/basil/articles.jsonl" >"$T/d80.jsonl"
	python3 -c "
import json, sys
arts = [json.loads(l) for l in open('$T/d80.jsonl')]
sys.stdout.write(json.dumps({'id': 'digest', 'text': ' \\n\\n'.join(a['text'] for a in arts)}) + '\\n')" >"$T/digest.jsonl"
	"$WT" --db "$T/digest.db" ingest -q "$T/d80.jsonl" "$T/digest.jsonl"
	check "digest against its articles" 0 "$WT" --db "$T/digest.db" reuse --article digest --format tsv
	[ "$(grep -c '^digest	basil-[^	]*	verbatim	' "$T/out")" = 80 ] && ok ||
		bad "digest: $(grep -c '^digest' "$T/out") of 80 articles found as its verbatim parts"
fi
check "provenance dot" 0 "$WT" --db "$RD" provenance --format dot
has "dot graph" "$T/out" "^digraph provenance"
has "dot wire node" "$T/out" '"Reuters" \[shape=box'
check "compare seeds" 0 "$WT" compare "$SHARED/seeds/000_774807fb486eb58d.txt" "$SHARED/seeds/001_0fc04643aac4a0d3.txt"
has "compare class" "$T/out" "^class: rewrite"
check "compare json" 0 "$WT" compare --format json "$SHARED/seeds/000_774807fb486eb58d.txt" "$SHARED/seeds/003_cda9cea381808da0.txt"
has "compare json passages" "$T/out" '"class":"(verbatim|edited)".*"passages":\[\{"a_start"'
check "compare one file" 2 "$WT" compare "$FIX/harbour.txt"
check "compare missing" 3 "$WT" compare "$FIX/harbour.txt" "$T/nope.txt"
printf '%s\n' '{"id":"p1","a":"The board approved the canal plan on Tuesday.","b":"On Tuesday the board approved the plan for the canal."}' \
	'{"id":"p2","a":"The board approved the canal plan on Tuesday.","b":"A bakery won the bread prize."}' \
	'{"id":"p3","a":"Only one side."}' >"$T/pairs.jsonl"
check "compare --pairs" 1 "$WT" compare --pairs "$T/pairs.jsonl"
has "pair paraphrase" "$T/out" "^p1	(rewrite|edited|verbatim)	"
has "pair unrelated" "$T/out" "^p2	independent	"
hasnt "pair without b" "$T/out" "^p3"
has "pair skip named" "$T/err" "pairs.jsonl:3"
check "compare --pairs stdin" 2 "$WT" compare --pairs -

# --- stories ----------------------------------------------------------------
check "seeds are one story" 0 "$WT" --db "$RD" stories --format tsv
[ "$(cut -f2 "$T/out" | sort -u | wc -l)" = 1 ] && [ "$(wc -l <"$T/out")" = 5 ] && ok ||
	bad "seeds stories: $(cut -f2 "$T/out" | sort | uniq -c | tr '\n' ' ')"
check "stories table" 0 "$WT" --db "$RD" stories
has "story label" "$T/out" "US offers Ukraine security guarantees"
check "story 0" 0 "$WT" --db "$RD" story 0
[ "$(wc -l <"$T/out")" = 6 ] && ok || bad "story 0: $(wc -l <"$T/out") lines"
check "story unknown" 1 "$WT" --db "$RD" story 99
check "story bad id" 2 "$WT" --db "$RD" story abc
SD=$T/basil-stories.db
check "ingest basil for stories" 0 "$WT" --db "$SD" ingest "$SHARED/data/basil/articles.jsonl"
check "basil stories tsv" 0 "$WT" --db "$SD" stories --format tsv
cp "$T/out" "$T/basil.stories"
python3 "$SHARED/eval/score_clusters.py" "$SHARED/data/basil/gold.tsv" "$T/basil.stories" >"$T/score" 2>&1
f1=$(sed -n 's/^bcubed P=.* F1=\([0-9.]*\)$/\1/p' "$T/score")
awk -v f="$f1" 'BEGIN { exit !(f >= 0.95) }' && ok || bad "basil B-cubed F1 ${f1:-?} < 0.95"
# the same articles in two ingests: the same stories
head -150 "$SHARED/data/basil/articles.jsonl" >"$T/b1.jsonl"
tail -n +151 "$SHARED/data/basil/articles.jsonl" >"$T/b2.jsonl"
"$WT" --db "$T/split.db" ingest -q "$T/b1.jsonl" && "$WT" --db "$T/split.db" ingest -q "$T/b2.jsonl"
"$WT" --db "$T/split.db" stories --format tsv >"$T/split.stories"
cmp -s "$T/basil.stories" "$T/split.stories" && ok || bad "stories differ when ingested in two runs"
# the second ingest loaded the engine saved by the first; without it (lost
# or damaged) the stored assignments are replayed
[ "$(count "$T/split.db" "select count(*) from engine_state where name='stories'")" -ge 1 ] && ok ||
	bad "no saved story state"
"$WT" --db "$T/replay.db" ingest -q "$T/b1.jsonl"
count "$T/replay.db" "update engine_state set data = x'00' where part = 0" >/dev/null
check "damaged state: replayed" 0 "$WT" --db "$T/replay.db" ingest -q "$T/b2.jsonl"
"$WT" --db "$T/replay.db" stories --format tsv >"$T/replay.stories"
cmp -s "$T/basil.stories" "$T/replay.stories" && ok || bad "stories differ after a replay"
# story options: no window joins far more; options other than the saved
# engine's replay the store with the new ones
check "ingest --story-window 0" 0 "$WT" --db "$T/nowin.db" ingest -q --story-window 0 \
	"$SHARED/data/basil/articles.jsonl"
[ "$(count "$T/nowin.db" 'select count(distinct story) from story_members')" -lt \
	"$(count "$SD" 'select count(distinct story) from story_members')" ] && ok ||
	bad "no story window did not make fewer stories"
"$WT" --db "$T/window.db" ingest -q "$T/b1.jsonl"
check "other story options: replayed" 0 "$WT" --db "$T/window.db" ingest -q --story-window 5 "$T/b2.jsonl"
check "story window not a number" 2 "$WT" --db "$T/window.db" ingest --story-window soon "$T/b2.jsonl"
check "story threshold out of range" 2 "$WT" --db "$T/window.db" ingest --story-threshold 2 "$T/b2.jsonl"
check "stories --since" 0 "$WT" --db "$SD" stories --format tsv --since 2019-01-01
hasnt "since drops 2010" "$T/out" "basil-17a9d9cb"
# --defer-analysis stores only; the next ingest (or --catch-up) analyses
# those articles first, and the stories and groups are what one ingest of
# everything gives
check "ingest --defer-analysis" 0 "$WT" --db "$T/defer.db" ingest --defer-analysis "$T/b1.jsonl"
has "defer summary" "$T/out" "read 150, added 150,"
has "defer note" "$T/err" "150 articles stored with --defer-analysis are in no"
check "stories while deferred" 0 "$WT" --db "$T/defer.db" stories --format tsv
[ ! -s "$T/out" ] && ok || bad "deferred articles in stories"
has "stories note" "$T/err" "150 articles stored with --defer-analysis .*--catch-up"
check "ingest after deferred" 0 "$WT" --db "$T/defer.db" ingest "$T/b2.jsonl"
has "caught up" "$T/out" "added 150, .*analysed 150 stored earlier"
"$WT" --db "$T/defer.db" stories --format tsv >"$T/defer.stories" 2>"$T/err"
cmp -s "$T/basil.stories" "$T/defer.stories" && ok || bad "stories differ after a deferred analysis"
[ ! -s "$T/err" ] && ok || bad "note after catching up: $(cat "$T/err")"
"$WT" --db "$T/defer2.db" ingest -q --defer-analysis "$SHARED/data/basil/articles.jsonl"
check "ingest --catch-up" 0 "$WT" --db "$T/defer2.db" ingest --catch-up
has "catch-up summary" "$T/out" "^analysed 300 articles stored with --defer-analysis"
"$WT" --db "$T/defer2.db" stories --format tsv >"$T/defer2.stories"
cmp -s "$T/basil.stories" "$T/defer2.stories" && ok || bad "stories differ after --catch-up"
"$WT" --db "$SD" dups --format tsv --all >"$T/at-once.dups"
"$WT" --db "$T/defer2.db" dups --format tsv --all >"$T/defer2.dups"
cmp -s "$T/at-once.dups" "$T/defer2.dups" && ok || bad "groups differ after --catch-up"
# deferred between two ingests: the second loads the engines the first saved,
# then catches up
sed -n '1,100p' "$SHARED/data/basil/articles.jsonl" >"$T/d1.jsonl"
sed -n '101,200p' "$SHARED/data/basil/articles.jsonl" >"$T/d2.jsonl"
sed -n '201,$p' "$SHARED/data/basil/articles.jsonl" >"$T/d3.jsonl"
"$WT" --db "$T/defer3.db" ingest -q "$T/d1.jsonl"
"$WT" --db "$T/defer3.db" ingest -q --defer-analysis "$T/d2.jsonl"
check "ingest after saved state and deferred" 0 "$WT" --db "$T/defer3.db" ingest "$T/d3.jsonl"
has "caught up 100" "$T/out" "added 100, .*analysed 100 stored earlier"
"$WT" --db "$T/defer3.db" stories --format tsv >"$T/defer3.stories"
cmp -s "$T/basil.stories" "$T/defer3.stories" && ok || bad "stories differ, deferred between ingests"
check "catch-up again" 0 "$WT" --db "$T/defer2.db" ingest --catch-up
has "nothing left" "$T/out" "^analysed 0 articles"
"$WT" --db "$T/defer4.db" ingest -q --defer-analysis "$SHARED/seeds"
count "$T/defer4.db" "update articles set info = 'x' where id like '002%'" >/dev/null
check "catch-up past a damaged record" 1 "$WT" --db "$T/defer4.db" ingest --catch-up
has "damaged named" "$T/err" "article 002_dbc004dc27f2c623 \(row 3\), stored without analysis: its stored record is damaged"
has "damaged counted" "$T/out" "^analysed 4 articles stored with --defer-analysis, skipped 1"
check "catch-up with defer" 2 "$WT" --db "$T/defer2.db" ingest --catch-up --defer-analysis


# --- collation: story --format text|json|html, analyze, the browser ---------
cat >"$T/c1.txt" <<'X'
Storm closes Harbour Bridge
By Ann Field
The Harbour Bridge closed on Tuesday after a storm damaged two of its cables, city officials said. "We will reopen the bridge when the engineers say it is safe," Mayor Lena Ortiz said. Repairs will cost $4 million and take three weeks, the council said.
X
cat >"$T/c2.txt" <<'X'
Harbour Bridge shut by storm
The Harbour Bridge was closed on Tuesday when a storm damaged two of its cables, officials said. "We will reopen the bridge when the engineers say it is safe," Ortiz told reporters. Repairs will take about five weeks, the council said, and cost 4 million dollars.
X
check "collate ingest" 0 "$WT" --db "$T/col.db" ingest "$T/c1.txt" "$T/c2.txt"
check "story --format text" 0 "$WT" --db "$T/col.db" story 0 --format text
has "text shared sentence" "$T/out" "^  \[1,2\] The Harbour Bridge"
has "text quote speaker" "$T/out" 'Lena Ortiz: "We will reopen the bridge'
has "text discrepancy" "$T/out" "DISCREPANCIES"
check "story --format json" 0 "$WT" --db "$T/col.db" story 0 --format json
python3 - "$T/out" <<'PY' && ok || bad "collation json on fixtures"
import json, sys
d = json.load(open(sys.argv[1]))
q = [q for q in d["quotes"] if q["text"].startswith("We will reopen")][0]
assert q["speaker"] == "Lena Ortiz" and len(q["articles"]) == 2, q
assert any(n["display"] == "USD 4e+06" and len(n["articles"]) == 2 for n in d["numbers"]), d["numbers"]
assert any({x["a"], x["b"]} == {"3 weeks", "5 weeks"} for x in d["discrepancies"]), d["discrepancies"]
e = [e for e in d["entities"] if e["name"] == "Lena Ortiz"][0]
assert "Ortiz" in e["aliases"], e
PY
check "story bad format" 2 "$WT" --db "$T/col.db" story 0 --format xml
check "story missing" 1 "$WT" --db "$T/col.db" story 99 --format json
check "analyze no --out" 2 "$WT" analyze "$T/c1.txt"
if [ -d "$SHARED/seeds" ]; then
	check "analyze seeds" 0 "$WT" analyze --out "$T/an" "$SHARED/seeds"
	has "analyze summary" "$T/out" "into 1 stories"
	python3 - "$T/an/stories.json" <<'PY' && ok || bad "seeds collation (see the message above)"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1, "one story"
s = d[0]
ids = sorted(a["id"][:3] for a in s["articles"])
assert ids == ["000", "001", "002", "003", "004"], ids
# the offer of NATO-style / Article 5-like guarantees: one sentence group
# supported by all five articles, holding both wordings
def words(g):
    return " ".join(x["text"] for x in g["sentences"])
g = [g for g in s["groups"] if len(g["articles"]) == 5 and "NATO-style" in words(g)
     and ("Article 5" in words(g) or "Article Five" in words(g))]
assert len(g) == 1, [(len(x["articles"]), x["text"][:60]) for x in s["groups"] if "guarantee" in words(x)]
# the quote, one speaker across spellings, 004's longer version linked
q = [q for q in s["quotes"] if "we still have different positions" in q["text"].lower()]
assert len(q) == 1, q
q = q[0]
arts = {a[:3] for a in q["articles"]}
assert {"000", "003", "004"} <= arts, arts
assert q["speaker"].endswith("Zelenskiy"), q["speaker"]
assert {"Zelenskiy", "Zelensky", "Zelenskyy"} <= set(q["speaker_aliases"]), q["speaker_aliases"]
assert q["text"].startswith("There has been sufficient dialogue"), q["text"]
assert {o["relation"] for o in q["occurrences"]} == {"same", "shorter"}
# 90% in three spellings, one number
n = [n for n in s["numbers"] if n["display"] == "90%"]
assert len(n) == 1 and sorted(a[:3] for a in n[0]["articles"]) == ["000", "001", "003"], n
assert sorted(m["text"] for m in n[0]["mentions"]) == ["90 per cent", "90 percent", "90%"]
# nearly three-year vs nearly four years, within 004
d4 = [x for x in s["discrepancies"] if x["within_article"] and x["a_mention"]["article"].startswith("004")]
assert any({x["a_mention"]["text"], x["b_mention"]["text"]} == {"three-year", "four years"} for x in d4), d4
# statements of one article only: the MI6 chief's remarks, only in 002
u = [x for x in s["unique"] if "MI6" in x["text"] or "Metreweli" in x["text"]]
assert u and all(x["article"].startswith("002") for x in u), u
PY
	has "report is html" "$T/an/report.html" "<!DOCTYPE html>"
	hasnt "report has no external resource" "$T/an/report.html" '(src|href)="(https?:)?//'
	CHROME=$(command -v chromium || command -v chromium-browser || true)
	if [ -n "$CHROME" ]; then
		# what a reader sees once the page's script ran
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 \
			--dump-dom "file://$T/an/report.html" >"$T/dom.html" 2>"$T/chrome.err"
		has "browser: story title" "$T/dom.html" "<h2>US offers Ukraine security guarantees"
		tr -d '\n' <"$T/dom.html" >"$T/dom1.html"
		has "browser: side by side painted" "$T/dom1.html" '<pre class="a">[^<]*<mark'
		has "browser: passages counted" "$T/dom.html" '[0-9]+ shared passages? highlighted'
		has "browser: quote speaker" "$T/dom.html" '<h4 class="speaker">Volodymyr Zelenskiy</h4>'
		has "browser: disputed number" "$T/dom.html" 'class="disputed"'
		has "browser: provenance svg" "$T/dom.html" '<svg class="prov"'
	else
		echo "cli: chromium not installed: browser checks skipped" >&2
	fi
fi

# --- kill -9 during a large ingest, then re-run ------------------------
python3 -c "
import json
for i in range(60000):
    print(json.dumps({'id': 'k%d' % i, 'text': ('Kill test record %d. ' % i) * 20}))" >"$T/kill.jsonl"
"$WT" --db "$T/kill.db" ingest -q --batch 256 "$T/kill.jsonl" &
kpid=$!
sleep 0.7
kill -9 $kpid 2>/dev/null
wait $kpid 2>/dev/null
before=$(count "$T/kill.db" 'select count(*) from articles')
check "re-run after kill" 0 "$WT" --db "$T/kill.db" ingest "$T/kill.jsonl"
total=$(count "$T/kill.db" 'select count(*) from articles')
distinct=$(count "$T/kill.db" 'select count(distinct id) from articles')
[ "$total" = 60000 ] && [ "$distinct" = 60000 ] && ok ||
	bad "after kill -9 (had ${before:-0}): $total rows, $distinct ids"
# the distinct paragraph rows of a store, read from its runs (format in
# docs/schema.md, "Learned boilerplate")
para_rows() {
	python3 - "$1" <<'PY'
import sqlite3, struct, sys
rows = set()
for (d,) in sqlite3.connect(sys.argv[1]).execute("SELECT data FROM para_runs"):
    assert d[:4] == b"WTP1"
    ns, n = struct.unpack_from("<IQ", d, 4)
    at, src = 16, []
    for _ in range(ns):
        (l,) = struct.unpack_from("<I", d, at)
        src.append(d[at + 4:at + 4 + l])
        at += 4 + l
    for i in range(n):
        k, c, s = struct.unpack_from("<QQI", d, at + 20 * i)
        rows.add((k, src[s], c))
print(len(rows))
PY
}
# the paragraph rows of the articles the killed run stored (staged in its
# memory) are made again: one per article, none left waiting
paras=$(para_rows "$T/kill.db")
waiting=$(count "$T/kill.db" 'select count(*) from para_pending')
[ "$paras" = 60000 ] && [ "$waiting" = 0 ] && ok ||
	bad "after kill -9: $paras paragraph rows, $waiting articles waiting"
# a run that died after its last commit, before moving the rows: the next
# ingest adds nothing, and still makes them and learns
sqlite3 "$T/kill.db" "INSERT INTO para_pending SELECT seq FROM articles;
	DELETE FROM para_runs"
check "re-run after a death before the move" 0 "$WT" --db "$T/kill.db" ingest "$T/kill.jsonl"
has "nothing added" "$T/out" "added 0, unchanged 60000"
paras=$(para_rows "$T/kill.db")
waiting=$(count "$T/kill.db" 'select count(*) from para_pending')
[ "$paras" = 60000 ] && [ "$waiting" = 0 ] && ok ||
	bad "after a death before the move: $paras paragraph rows, $waiting waiting"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
