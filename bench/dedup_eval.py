#!/usr/bin/env python3
"""dedup_eval.py: precision and recall of winnow dedup against exact Jaccard.

Truth is computed by brute force over the same shingles (word 5-grams of the normalised text,
as winnow: lowercase, non-alphanumerics to space, digits to 0; the generator writes ASCII): for
every document, the largest exact Jaccard with any earlier document. Candidate pairs are found
with a prefix filter (Chaudhuri et al. 2006: two sets with Jaccard >= t share an element in the
first |x| - ceil(t|x|) + 1 elements of each under one global order), which is exact for every
pair at or above t = 0.5, then Jaccard is computed exactly for each candidate pair.
A document is a true duplicate when that maximum is >= 0.8; winnow predicts a duplicate when it
drops it as exact_duplicate or near_duplicate. Also prints, per Jaccard bucket, the fraction
dropped next to the theoretical LSH candidate probability 1 - (1 - J^r)^b (before winnow's
confirmation by estimated Jaccard >= 0.8).
usage: dedup_eval.py CORPUS.jsonl[.zst] OUTDIR [bands rows]
"""
import json, math, re, subprocess, sys
from collections import defaultdict

def lines(path):
    if path.endswith(".zst"):
        return subprocess.Popen(["zstdcat", path], stdout=subprocess.PIPE, text=True).stdout
    return open(path)

def zlines(pattern):
    return subprocess.run("zstdcat " + pattern, shell=True, capture_output=True, text=True).stdout.splitlines()

def shingles(t):
    w = re.sub(r"[0-9]", "0", re.sub(r"[^a-z0-9]+", " ", t.lower())).split()
    return {hash(tuple(w[i:i + 5])) for i in range(max(1, len(w) - 4))} if w else set()

def main():
    corpus, out = sys.argv[1], sys.argv[2]
    b, r = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (14, 8)
    ids, sets = [], []
    for l in lines(corpus):
        d = json.loads(l)
        ids.append(d["id"])
        sets.append(shingles(d["text"]))
    dropped = {}
    for l in zlines(out + "/dropped/*.jsonl.zst"):
        d = json.loads(l)
        dropped[d["id"]] = d["reason"]
    t = 0.5
    index = defaultdict(list)
    best = []
    for i, s in enumerate(sets):
        srt = sorted(s)
        p = len(srt) - math.ceil(t * len(srt)) + 1 if srt else 0
        cands = set()
        for x in srt[:p]:
            cands.update(index[x])
        m = 0.0
        for j in cands:
            u = len(s | sets[j])
            if u:
                m = max(m, len(s & sets[j]) / u)
        best.append(m)
        for x in srt[:p]:
            index[x].append(i)
    tp = fp = fn = 0
    buckets = defaultdict(lambda: [0, 0])
    for i, m in enumerate(best):
        pred = dropped.get(ids[i]) in ("exact_duplicate", "near_duplicate")
        truth = m >= 0.8
        tp += pred and truth
        fp += pred and not truth
        fn += truth and not pred
        key = 1.0 if m >= 1.0 else (math.floor(m * 20) / 20 if m >= 0.5 else 0.0)
        buckets[key][0] += 1
        buckets[key][1] += pred
    n = len(ids)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    print("documents %d  true duplicates (max Jaccard with an earlier doc >= 0.8) %d" % (n, tp + fn))
    print("dropped as duplicates %d  TP %d  FP %d  FN %d  precision %.4f  recall %.4f" % (tp + fp, tp, fp, fn, prec, rec))
    print("max-Jaccard bucket   docs   dropped   fraction   LSH P(candidate) at bucket midpoint")
    for k in sorted(buckets):
        c, d = buckets[k]
        if k == 0.0:
            label, mid = "< 0.50", 0.25
        elif k == 1.0:
            label, mid = "= 1.00", 1.0
        else:
            label, mid = "%.2f-%.2f" % (k, k + 0.05), k + 0.025
        print("  %-12s %9d %9d   %8.4f   %.4f" % (label, c, d, d / c, 1 - (1 - mid ** r) ** b))

if __name__ == "__main__":
    main()
