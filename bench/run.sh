#!/bin/sh
# bench/run.sh - wiretrace benchmarks (called by `make bench`): generates a
# synthetic corpus of at least 200 MB with bench/gen (cached in
# $B/bench-corpus) and measures ingest throughput (MB/s, articles/s) and
# peak memory. Figures go to docs/benchmarks.md by hand, with this command.
set -eu
B=${1:-build}
MB=${BENCH_MB:-220}
C=$B/bench-corpus
if [ ! -f "$C/articles.jsonl" ] || [ "$(cat "$C/.mb" 2>/dev/null)" != "$MB" ]; then
	"$B/gen" --mb "$MB" --seed 42 --out "$C"
	echo "$MB" >"$C/.mb"
fi
bytes=$(wc -c <"$C/articles.jsonl")
arts=$(wc -l <"$C/articles.jsonl")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "corpus: $arts articles, $bytes bytes ($C/articles.jsonl)"
for t in 1 2; do
	DB=$B/bench-ingest.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q \
		--threads $t "$C/articles.jsonl"
	read -r secs rss <"$B/bench.time"
	awk -v b="$bytes" -v a="$arts" -v s="$secs" -v r="$rss" -v t="$t" 'BEGIN {
		printf "ingest --threads %d: %.1f s, %.1f MB/s, %.0f articles/s, peak RSS %.0f MB\n",
		       t, s, b / 1e6 / s, a / s, r / 1024 }'
done
# read + clean only (no store): the reader and cleaner alone
gzip -1 -c "$C/articles.jsonl" >"$C/articles.jsonl.gz"
DB=$B/bench-ingest-gz.db
rm -f "$DB" "$DB-wal" "$DB-shm"
/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q "$C/articles.jsonl.gz"
read -r secs rss <"$B/bench.time"
awk -v b="$bytes" -v a="$arts" -v s="$secs" -v r="$rss" 'BEGIN {
	printf "ingest of the gzip-compressed corpus: %.1f s, %.1f MB/s (uncompressed), peak RSS %.0f MB\n",
	       s, b / 1e6 / s, r / 1024 }'
# a second ingest of the same corpus: all unchanged
/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q "$C/articles.jsonl"
read -r secs rss <"$B/bench.time"
awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "re-ingest (all unchanged): %.1f s, %.1f MB/s\n", s, b / 1e6 / s }'
rm -f "$B"/bench-ingest*.db*
