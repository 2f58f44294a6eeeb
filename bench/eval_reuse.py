#!/usr/bin/env python3
"""eval_reuse.py - scores `wiretrace reuse --all --format tsv` against the
generator's reuse.tsv (source, copy, class).

usage: eval_reuse.py REUSE_TRUTH.tsv PREDICTED.tsv

The truth lists each wire original with each article derived from it or
written independently about its event. Copies of one original are also
related to each other (siblings from a common source) but the truth does
not say how, so predicted pairs between two copies are left out; every
other predicted pair counts.
  pair P/R/F1       reuse pairs (verbatim, edited, rewrite) found as reuse
  class accuracy    over true pairs (reuse or independent) that were
                    reported: the predicted class equals the true one
  direction         over true reuse pairs found: the original is the source
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    truth = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        s, c, k = line.rstrip("\n").split("\t")
        truth[frozenset((s, c))] = (s, k)
    pred = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        s, c, k, score, cov = line.rstrip("\n").split("\t")
        pred[frozenset((s, c))] = (s, k)
    reuse = {"verbatim", "edited", "rewrite"}
    is_orig = lambda p: any(x.endswith("-orig") for x in p)
    tp = sum(1 for p, (s, k) in pred.items() if k in reuse and p in truth and truth[p][1] in reuse)
    fp = sum(1 for p, (s, k) in pred.items()
             if k in reuse and is_orig(p) and not (p in truth and truth[p][1] in reuse))
    fn = sum(1 for p, (s, k) in truth.items() if k in reuse and not (p in pred and pred[p][1] in reuse))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    both = [p for p in truth if p in pred]
    acc = sum(1 for p in both if pred[p][1] == truth[p][1]) / len(both) if both else 0.0
    found = [p for p in truth if truth[p][1] in reuse and p in pred and pred[p][1] in reuse]
    dacc = sum(1 for p in found if pred[p][0] == truth[p][0]) / len(found) if found else 0.0
    conf = {}
    for p in both:
        conf[(truth[p][1], pred[p][1])] = conf.get((truth[p][1], pred[p][1]), 0) + 1
    print(f"reuse pairs: precision {prec:.4f}, recall {rec:.4f}, F1 {f1:.4f} "
          f"(tp {tp}, fp {fp}, fn {fn}); class accuracy {acc:.4f} over {len(both)} true pairs "
          f"reported; direction accuracy {dacc:.4f} over {len(found)}")
    classes = ["verbatim", "edited", "rewrite", "independent"]
    print("confusion (rows: truth, columns: predicted): " + " ".join(c[:5] for c in classes))
    for t in classes:
        print(f"  {t:12s}" + " ".join(f"{conf.get((t, p), 0):5d}" for p in classes))


if __name__ == "__main__":
    main()
