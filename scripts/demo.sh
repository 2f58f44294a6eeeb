#!/bin/sh
# demo.sh - wiretrace's main job on a sample: ingest ../shared/seeds (or a
# small generated corpus when ../shared is absent) into demo-out/, then show
# what was found. Called by `make demo`.
set -eu
B=${1:-build}
WT=$B/wiretrace
OUT=demo-out
mkdir -p "$OUT"
DB=$OUT/wiretrace.db
rm -f "$DB" "$DB-wal" "$DB-shm"
if [ -d ../shared/seeds ]; then
	INPUT=../shared/seeds
else
	$B/gen --articles 200 --seed 1 --out "$OUT/corpus" >/dev/null
	INPUT=$OUT/corpus/articles.jsonl
fi
echo "== wiretrace ingest $INPUT"
"$WT" --db "$DB" ingest "$INPUT"
echo
echo "== wiretrace list"
"$WT" --db "$DB" list
first=$("$WT" --db "$DB" list --format tsv | head -1 | cut -f1)
echo
echo "== wiretrace show $first"
"$WT" --db "$DB" show "$first" | head -40
"$WT" --db "$DB" list --format jsonl >"$OUT/articles.jsonl"
for id in $("$WT" --db "$DB" list --format tsv | cut -f1); do
	"$WT" --db "$DB" show "$id" --format json
done >"$OUT/cleaned.jsonl"
echo
echo "== wiretrace dedup --containment 0.5 $INPUT"
"$WT" dedup --containment 0.5 --verbose --no-progress --dups "$OUT/dropped.jsonl" "$INPUT" \
	>"$OUT/unique.jsonl"
echo
echo "== wiretrace dups --all --format tsv (article, near-duplicate group, in the store)"
"$WT" --db "$DB" dups --all --format tsv
echo
echo "== wiretrace analyze $INPUT --out $OUT/report (stories, collation, HTML report)"
rm -rf "$OUT/report"
"$WT" analyze --out "$OUT/report" "$INPUT"
"$WT" --db "$OUT/report/wiretrace.db" story 0 --format text | head -30
echo
echo "results: $OUT/report/report.html (open it in a browser), $OUT/report/stories.json,"
echo "         $OUT/wiretrace.db (store), $OUT/articles.jsonl (list),"
echo "         $OUT/cleaned.jsonl (every article cleaned, with removed spans and offsets),"
echo "         $OUT/unique.jsonl and $OUT/dropped.jsonl (dedup: kept and dropped records)"
