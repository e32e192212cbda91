#!/usr/bin/env python3
"""dedup_gen.py: a JSONL corpus with planted duplicates, for winnow dedup tests and benchmarks.

Documents are lines of sentences drawn from a large pool of Zipf-distributed pseudo-words, so
that unrelated documents share almost no 5-gram shingles. A fraction of documents are planted
copies of an earlier document:
  exact      the same text, case and punctuation changed (identical once normalised)
  boiler     boilerplate lines added or removed at the top and/or bottom
  edit       a few words replaced, inserted or deleted
The truth file (TSV: id, kind, source id, edit count) says what was planted; the real truth
for precision/recall is exact Jaccard, computed by bench/dedup_eval.py.
usage: dedup_gen.py --docs N [--words 500] [--dup-rate 0.3] [--seed 1] OUT.jsonl TRUTH.tsv
"""
import argparse, json, random, string

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--words", type=int, default=500, help="about this many words per document")
    ap.add_argument("--dup-rate", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sentences", type=int, default=200000, help="sentence pool size")
    ap.add_argument("out")
    ap.add_argument("truth")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    letters = string.ascii_lowercase
    vocab = ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 10))) for _ in range(30000)]
    weights = [1.0 / (i + 1) ** 1.05 for i in range(len(vocab))]
    pool = []
    for _ in range(a.sentences // 1000):
        ws = rnd.choices(vocab, weights, k=12 * 1000)
        for j in range(1000):
            s = ws[j * 12: j * 12 + rnd.randint(6, 12)]
            pool.append(" ".join(s).capitalize() + rnd.choice(".!?;,"))
    boiler = ["Cookie settings and privacy policy for this website apply here",
              "Share this article on Facebook Twitter and Email now",
              "All rights reserved by the publisher of this page copyright",
              "Subscribe to our newsletter to get the latest news every day",
              "Related articles you might also like to read next week"]
    per_doc = max(1, a.words // 9)
    docs = []   # texts, for copying
    with open(a.out, "w") as f, open(a.truth, "w") as t:
        for i in range(a.docs):
            kind, src, edits = "orig", "", 0
            if docs and rnd.random() < a.dup_rate:
                j = rnd.randrange(len(docs))
                src = "d%d" % j
                lines = docs[j].split("\n")
                r = rnd.random()
                if r < 0.3:
                    kind = "exact"
                    text = docs[j].upper() if rnd.random() < 0.5 else docs[j].replace(".", "!").replace(",", " ;")
                elif r < 0.6:
                    kind = "boiler"
                    top = rnd.sample(boiler, rnd.randint(0, 2))
                    bot = rnd.sample(boiler, rnd.randint(0, 2))
                    cut_top, cut_bot = rnd.randint(0, 2), rnd.randint(0, 2)
                    body = lines[cut_top: len(lines) - cut_bot] or lines
                    edits = len(top) + len(bot) + cut_top + cut_bot
                    text = "\n".join(top + body + bot)
                else:
                    kind = "edit"
                    words = docs[j].split(" ")
                    edits = rnd.choice([1, 2, 3, 5, 8, 13, 21, 34])
                    for _ in range(edits):
                        op, k = rnd.random(), rnd.randrange(len(words))
                        if op < 0.6:
                            words[k] = rnd.choice(vocab)
                        elif op < 0.8:
                            words.insert(k, rnd.choice(vocab))
                        elif len(words) > 10:
                            del words[k]
                    text = " ".join(words)
            else:
                text = "\n".join(rnd.choice(pool) for _ in range(per_doc))
            docs.append(text)
            f.write(json.dumps({"id": "d%d" % i, "text": text, "url": "https://example.com/%d" % i}) + "\n")
            t.write("d%d\t%s\t%s\t%d\n" % (i, kind, src, edits))

if __name__ == "__main__":
    main()
