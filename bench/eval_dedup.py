#!/usr/bin/env python3
"""eval_dedup.py - scores `wiretrace dedup` against the generator's truth.

usage: eval_dedup.py ARTICLES.jsonl DUPS_TRUTH.tsv DROPPED.jsonl THRESHOLD [CONTAINMENT]

DUPS_TRUTH.tsv is bench/gen's dups.tsv (id a, id b, Jaccard, containment of a
in b, of b in a: exact over the cleaned bodies' word 5-gram sets).
DROPPED.jsonl is what `wiretrace dedup --dups` wrote (records with dup_of).

The ideal filter is computed from the truth: records in input order, each
dropped when an earlier *kept* record has Jaccard >= THRESHOLD with it (or,
with CONTAINMENT, holds at least that fraction of it). wiretrace's decisions
are compared with it:
  pair precision   reported (record, dup_of) pairs that truly pass the test
  record precision dropped records the ideal filter drops too
  record recall    records the ideal filter drops that wiretrace dropped
"""
import json
import sys


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    arts, truth, dropped, t = sys.argv[1:5]
    t = float(t)
    c = float(sys.argv[5]) if len(sys.argv) == 6 else 0.0
    order = []
    with open(arts, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                order.append(json.loads(line)["id"])
    pos = {a: i for i, a in enumerate(order)}
    # later record -> list of (earlier record, passes)
    earlier = {}
    passes = {}
    with open(truth, encoding="utf-8") as f:
        for line in f:
            a, b, j, ca, cb = line.rstrip("\n").split("\t")
            j, ca, cb = float(j), float(ca), float(cb)
            if a not in pos or b not in pos:
                continue
            if pos[a] > pos[b]:
                a, b, ca, cb = b, a, cb, ca
            ok = j >= t or (c > 0 and cb >= c)  # b (later) contained in a
            passes[(b, a)] = ok
            if ok:
                earlier.setdefault(b, []).append(a)
    kept = set()
    ideal = set()
    for x in order:
        if any(y in kept for y in earlier.get(x, ())):
            ideal.add(x)
        else:
            kept.add(x)
    got = {}
    with open(dropped, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                got[r["id"]] = r["dup_of"]
    good_pairs = sum(1 for x, y in got.items() if passes.get((x, y), False))
    tp = len(ideal & set(got))
    pp = good_pairs / len(got) if got else 1.0
    rp = tp / len(got) if got else 1.0
    rr = tp / len(ideal) if ideal else 1.0
    above = sum(1 for v in passes.values() if v)
    print(f"threshold {t}{f' containment {c}' if c else ''}: {len(order)} records, "
          f"{above} true pairs above, ideal drops {len(ideal)}, wiretrace drops {len(got)}; "
          f"pair precision {pp:.4f}, record precision {rp:.4f}, record recall {rr:.4f}")


if __name__ == "__main__":
    main()
