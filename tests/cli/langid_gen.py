#!/usr/bin/env python3
"""tests/cli/langid_gen.py N SEED [NLABELS]: prints N lines of labelled synthetic text for training tiny
fastText models: 6 made-up "languages" with their own syllables (ASCII, Latin-1 accents,
Cyrillic, Greek, CJK, Armenian: multi-byte UTF-8 exercises fastText's signed-char hash), a few
shared words, and some lines with two labels. With NLABELS > 6, that many labels, each a random
mix of the syllables of all six (for -qout, which needs >= 256 output rows). Deterministic."""
import random, sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
langs = {
    "aa": ["ka", "to", "ri", "ne", "mu", "sa", "lo", "pe"],
    "bb": ["é", "çu", "ñor", "àl", "ît", "ve", "sö", "ðy"],
    "cc": ["ма", "ки", "про", "сть", "ne", "ов", "ли", "жу"],
    "dd": ["λο", "γι", "κα", "ση", "το", "μα", "ri", "πε"],
    "ee": ["天", "地", "人", "水", "火", "中", "的", "是"],
    "ff": ["հա", "յե", "րեն", "ու", "թյուն", "կա", "ri", "մի"],
}
shared = ["ok", "2021", "http", "the", "«", "—"]
names = list(langs)
if len(sys.argv) > 3 and int(sys.argv[3]) > 6:
    pool = [s for v in langs.values() for s in v]
    langs = {"l%03d" % i: rng.sample(pool, 6) for i in range(int(sys.argv[3]))}
    names = list(langs)
for _ in range(n):
    lab = rng.choice(names)
    words = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.1:
            words.append(rng.choice(shared))
        else:
            words.append("".join(rng.choice(langs[lab]) for _ in range(rng.randint(1, 3))))
    labels = ["__label__" + lab]
    if rng.random() < 0.05:
        labels.append("__label__" + rng.choice(names))
    print(" ".join(labels + words))
