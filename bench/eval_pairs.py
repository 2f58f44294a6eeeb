#!/usr/bin/env python3
"""eval_pairs.py - scores `wiretrace compare --pairs` against binary labels.

usage: eval_pairs.py GOLD.tsv PREDICTED.tsv

GOLD.tsv: id<TAB>label (1 = the two texts say the same thing, e.g. MSRP's
paraphrase label). PREDICTED.tsv: id<TAB>class<TAB>score from compare
--pairs. A pair is predicted positive when its class is verbatim, edited or
rewrite (anything but independent). Prints accuracy, precision, recall, F1
and the majority-class accuracy for reference.
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        i, g = line.split()[:2]
        gold[i] = int(g)
    pred = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        i, c, _ = line.rstrip("\n").split("\t")
        pred[i] = c != "independent"
    tp = sum(1 for i, g in gold.items() if g and pred.get(i))
    fp = sum(1 for i, g in gold.items() if not g and pred.get(i))
    fn = sum(1 for i, g in gold.items() if g and not pred.get(i))
    tn = len(gold) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    pos = sum(gold.values()) / len(gold)
    print(f"{len(gold)} pairs: accuracy {(tp + tn) / len(gold):.3f}, precision {p:.3f}, "
          f"recall {r:.3f}, F1 {f1:.3f} (majority class accuracy {max(pos, 1 - pos):.3f})")


if __name__ == "__main__":
    main()
