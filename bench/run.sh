#!/bin/sh
# bench/run.sh - wiretrace benchmarks (called by `make bench`): generates
# synthetic corpora with bench/gen (cached in $B/bench-corpus and
# $B/bench-dedup), then measures
#  - ingest throughput (MB/s, articles/s) and peak memory on >= 200 MB, and
#    the time of each step of the cleaning thread on one core, and of reading,
#    cleaning and storing streamed on one core (bench/stages.c);
#  - sketching throughput per core (bench/sketch.c);
#  - dedup of BENCH_DEDUP_ARTICLES (default 1,000,000) articles end to end on
#    all cores: time, peak RSS, index bytes per record; and precision and
#    recall against the generator's truth at thresholds 0.5, 0.7, 0.9.
#  - reuse on BENCH_REUSE_ARTICLES (default 20,000) generated articles:
#    alignment throughput, pair precision/recall/F1, class and direction
#    accuracy against the generator's truth (bench/eval_reuse.py).
#  - stories: assignment alone on the dedup corpus (articles/s, median and
#    p99 latency, memory per story, B-cubed against the generator's story
#    labels), then ingest of that corpus with story assignment (articles/s).
#  - collation: the first 200 articles of the reuse corpus and of BASIL
#    (../shared) collated as one story (bench/collate.c).
# BENCH_ONLY=ingest|dedup|reuse|stories|collate runs one part. Figures go to docs/benchmarks.md by
# hand, with this command.
set -eu
B=${1:-build}
# the benchmark programs run with the heap in huge pages, as wiretrace itself
# does (src/cli/main.c); a GLIBC_TUNABLES of the caller's own is kept
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864}"
MB=${BENCH_MB:-220}
C=$B/bench-corpus
if [ ! -f "$C/articles.jsonl" ] || [ "$(cat "$C/.mb" 2>/dev/null)" != "$MB" ]; then
	"$B/gen" --mb "$MB" --seed 42 --out "$C"
	echo "$MB" >"$C/.mb"
fi
bytes=$(wc -c <"$C/articles.jsonl")
arts=$(wc -l <"$C/articles.jsonl")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
ONLY=${BENCH_ONLY:-all}
# small_ingest DB N: what a feed's next few articles cost in a store of N
small_ingest() {
	"$B/gen" --articles 10 --seed 4242 --out "$B/bench-ten" >/dev/null
	sed 's/"id":"/"id":"feed-/' "$B/bench-ten/articles.jsonl" >"$B/bench-ten/new.jsonl"
	sync
	/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$1" ingest -q \
		"$B/bench-ten/new.jsonl"
	read -r secs rss <"$B/bench.time"
	awk -v s="$secs" -v a="$2" -v r="$rss" 'BEGIN {
		printf "10 new articles into the store of %d: %.2f s, peak RSS %.0f MB\n", a, s, r / 1024 }'
	rm -rf "$B/bench-ten"
}
if [ "$ONLY" = all ] || [ "$ONLY" = ingest ]; then
echo "corpus: $arts articles, $bytes bytes ($C/articles.jsonl)"
# ingest_line LABEL: the figures of the run just timed into $B/bench.time
# (per core: per second of CPU, user + system, of all its threads)
ingest_line() {
	read -r secs rss usr sys <"$B/bench.time"
	awk -v l="$1" -v b="$bytes" -v a="$arts" -v s="$secs" -v r="$rss" -v u="$usr" -v y="$sys" 'BEGIN {
		printf "%s: %.1f s, %.1f MB/s, %.0f articles/s, %.1f s CPU = %.1f MB/s per core, peak RSS %.0f MB\n",
		       l, s, b / 1e6 / s, a / s, u + y, b / 1e6 / (u + y), r / 1024 }'
}
DB=$B/bench-ingest.db
for t in 1 2; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	/usr/bin/time -f "%e %M %U %S" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q \
		--threads $t "$C/articles.jsonl"
	ingest_line "ingest --threads $t"
done
# a bulk load (--defer-analysis: read, clean, store), then its analysis
for t in 1 2; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	/usr/bin/time -f "%e %M %U %S" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q \
		--threads $t --defer-analysis "$C/articles.jsonl" 2>/dev/null
	ingest_line "ingest --defer-analysis --threads $t"
done
/usr/bin/time -f "%e %M %U %S" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q --catch-up
ingest_line "then ingest --catch-up"
# the cleaning thread's steps, then read + clean + store streamed (an
# ingest without the analysis), one core, on the whole corpus
"$B/stages-bench" "$C/articles.jsonl" "$arts"
# the store thread's paragraph rows: a million as a run, and as a b-tree
"$B/para-bench" 1000000 "$B"
# the same corpus compressed
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
small_ingest "$DB" "$arts"
rm -rf "$B"/bench-ingest*.db*
fi

if [ "$ONLY" = all ] || [ "$ONLY" = dedup ]; then
N=${BENCH_DEDUP_ARTICLES:-1000000}
D=$B/bench-dedup
if [ ! -f "$D/articles.jsonl" ] || [ "$(cat "$D/.n" 2>/dev/null)" != "$N" ]; then
	"$B/gen" --articles "$N" --seed 42 --out "$D"
	echo "$N" >"$D/.n"
fi
bytes=$(wc -c <"$D/articles.jsonl")
echo "dedup corpus: $N articles, $bytes bytes ($D/articles.jsonl)"
"$B/sketch-bench" "$D/articles.jsonl" 50000
for t in 0.8 0.5 0.7 0.9; do
	/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" dedup --no-progress \
		--threshold $t --dups "$D/dropped-$t.jsonl" <"$D/articles.jsonl" >/dev/null \
		2>"$B/bench.dedup"
	read -r secs rss <"$B/bench.time"
	kept=$(sed -n 's/.* kept \([0-9]*\),.*/\1/p' "$B/bench.dedup")
	idx=$(sed -n 's/.*index \([0-9.]*\) MB in memory.*/\1/p' "$B/bench.dedup")
	awk -v b="$bytes" -v n="$N" -v s="$secs" -v r="$rss" -v t="$t" -v k="$kept" -v i="$idx" 'BEGIN {
		printf "dedup --threshold %s: %.1f s, %.1f MB/s, %.0f articles/s, peak RSS %.0f MB, %d kept, index %.0f bytes per kept record\n",
		       t, s, b / 1e6 / s, n / s, r / 1024, k, i * 1e6 / k }'
	sed 's/^/  /' "$B/bench.dedup"
	if [ "$t" != 0.8 ]; then
		python3 bench/eval_dedup.py "$D/articles.jsonl" "$D/dups.tsv" "$D/dropped-$t.jsonl" "$t"
	fi
done
fi

if [ "$ONLY" = all ] || [ "$ONLY" = reuse ]; then
RN=${BENCH_REUSE_ARTICLES:-20000}
R=$B/bench-reuse
if [ ! -f "$R/articles.jsonl" ] || [ "$(cat "$R/.n" 2>/dev/null)" != "$RN" ]; then
	"$B/gen" --articles "$RN" --seed 7 --out "$R"
	echo "$RN" >"$R/.n"
fi
DB=$B/bench-reuse.db
rm -f "$DB" "$DB-wal" "$DB-shm"
"$B/wiretrace" --db "$DB" ingest -q "$R/articles.jsonl"
echo "reuse corpus: $RN articles ($R/articles.jsonl)"
/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" reuse --all \
	--format tsv >"$R/predicted.tsv" 2>"$B/bench.reuse"
read -r secs rss <"$B/bench.time"
echo "reuse --all: $secs s end to end, peak RSS $((rss / 1024)) MB"
sed 's/^/  /' "$B/bench.reuse"
python3 bench/eval_reuse.py "$R/reuse.tsv" "$R/predicted.tsv"
# without dates: direction from evidence only
sed 's/"published":"[^"]*",//' "$R/articles.jsonl" >"$R/nodates.jsonl"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$B/wiretrace" --db "$DB" ingest -q "$R/nodates.jsonl"
"$B/wiretrace" --db "$DB" reuse --all --quiet --format tsv >"$R/predicted-nodates.tsv"
echo "without publication dates:"
python3 bench/eval_reuse.py "$R/reuse.tsv" "$R/predicted-nodates.tsv"
rm -f "$DB" "$DB-wal" "$DB-shm"
# adversarial: a digest of every BASIL article (about 1.2 MB) against the
# 300 articles it contains
if [ -f ../shared/data/basil/articles.jsonl ]; then
	python3 -c "
import json, sys
arts = [json.loads(l) for l in open('../shared/data/basil/articles.jsonl')]
text = ' \\n\\n'.join(a['text'] for a in arts)
sys.stdout.write(json.dumps({'id': 'digest', 'text': text}) + '\\n')" >"$B/digest.jsonl"
	"$B/wiretrace" --db "$DB" ingest -q ../shared/data/basil/articles.jsonl "$B/digest.jsonl"
	/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" reuse \
		--article digest --format tsv >"$B/digest.tsv" 2>"$B/bench.reuse"
	read -r secs rss <"$B/bench.time"
	echo "a $(wc -c <"$B/digest.jsonl")-byte digest against the 300 BASIL articles:" \
		"$secs s, peak RSS $((rss / 1024)) MB, $(grep -c digest "$B/digest.tsv") pairs with it"
	sed 's/^/  /' "$B/bench.reuse"
	rm -f "$DB" "$DB-wal" "$DB-shm" "$B/digest.jsonl" "$B/digest.tsv"
fi
fi

if [ "$ONLY" = all ] || [ "$ONLY" = stories ]; then
N=${BENCH_DEDUP_ARTICLES:-1000000}
D=$B/bench-dedup
if [ ! -f "$D/articles.jsonl" ] || [ "$(cat "$D/.n" 2>/dev/null)" != "$N" ]; then
	"$B/gen" --articles "$N" --seed 42 --out "$D"
	echo "$N" >"$D/.n"
fi
"$B/stories-bench" "$D/articles.jsonl" "$D/stories-pred.tsv"
python3 ../shared/eval/score_clusters.py "$D/stories.tsv" "$D/stories-pred.tsv" 2>/dev/null |
	sed -n 's/^bcubed/stories B-cubed against the generator:/p' ||
	echo "(../shared/eval/score_clusters.py not found: no B-cubed)"
DB=$B/bench-stories.db
rm -f "$DB" "$DB-wal" "$DB-shm"
/usr/bin/time -f "%e %M" -o "$B/bench.time" "$B/wiretrace" --db "$DB" ingest -q "$D/articles.jsonl"
read -r secs rss <"$B/bench.time"
awk -v n="$N" -v s="$secs" -v r="$rss" 'BEGIN {
	printf "ingest with dedup groups and stories, %d articles: %.1f s, %.0f articles/s, peak RSS %.0f MB\n",
	       n, s, n / s, r / 1024 }'
"$B/wiretrace" --db "$DB" stories --format tsv >"$D/stories-ingest.tsv"
python3 ../shared/eval/score_clusters.py "$D/stories.tsv" "$D/stories-ingest.tsv" 2>/dev/null |
	sed -n 's/^bcubed/stories of the ingest, B-cubed against the generator:/p' || true
small_ingest "$DB" "$N"
rm -f "$DB" "$DB-wal" "$DB-shm"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = collate ]; then
R=$B/bench-reuse
[ -f "$R/articles.jsonl" ] || "$B/gen" --articles 20000 --seed 7 --out "$R"
"$B/collate-bench" "$R/articles.jsonl" 200
if [ -f ../shared/data/basil/articles.jsonl ]; then
	"$B/collate-bench" ../shared/data/basil/articles.jsonl 200
fi
fi
