# dedup: exact + MinHash + paragraph dedup end to end: accounting, -j1 == -j2 byte for byte,
# separate steps == one run, planted duplicates found (oracle: exact Jaccard by brute force
# in Python over the same shingles), a truncated or damaged intermediate file is an error.
set -eu
cd "$TMP"
python3 "$ROOT/bench/dedup_gen.py" --docs 600 --words 120 --sentences 20000 --seed 7 c.jsonl truth.tsv

digest() {  # content of an output dir, timings and command line left out
    for s in kept dropped; do zstdcat "$1/$s"/*.jsonl.zst 2>/dev/null | md5sum; done
    grep -v -e '"seconds"' -e '"timing"' -e '"threads"' -e '"command"' "$1/stats.json" | md5sum
}
"$WINNOW" dedup -q -j1 --method exact,minhash c.jsonl -o o1
"$WINNOW" dedup -q -j2 --method exact,minhash --memory 1M c.jsonl -o o2
[ "$(digest o1)" = "$(digest o2)" ] || { echo "-j1 and -j2 differ"; exit 1; }
[ ! -e o1/.dedup-work ] || { echo "work dir left behind"; exit 1; }

python3 - o1 c.jsonl truth.tsv <<'PY'
import json, re, subprocess, sys, itertools
out, corpus, truth = sys.argv[1:4]
st = json.load(open(out + "/stats.json"))
d = st["documents"]
assert d["in"] == d["kept"] + d["dropped"] + d["failed"] == 600, d
def read(p):
    return [json.loads(l) for l in subprocess.run("zstdcat %s/%s/*.jsonl.zst" % (out, p), shell=True,
            capture_output=True, text=True).stdout.splitlines()]
kept, dropped = read("kept"), read("dropped")
docs = [json.loads(l) for l in open(corpus)]
order = {x["id"]: i for i, x in enumerate(docs)}
def shingles(t):
    w = re.sub(r"[^a-z0-9]+", " ", t.lower()).replace("0", "0").split()
    w = [re.sub(r"[0-9]", "0", x) for x in w]
    return {tuple(w[i:i + 5]) for i in range(max(1, len(w) - 4))}
S = {x["id"]: shingles(x["text"]) for x in docs}
def J(a, b):
    A, B = S[a], S[b]
    return len(A & B) / len(A | B)
byid = {x["id"]: x for x in docs}
# every dropped document names a kept, earlier document, and the reasons are right
kept_ids = {x["id"] for x in kept}
for x in dropped:
    r, rep = x["reason"], x["metadata"]["duplicate_of"]
    assert rep in kept_ids and order[rep] < order[x["id"]], x["id"]
    if r == "exact_duplicate":
        assert any(S[x["id"]] == S[y["id"]] for y in docs[:order[x["id"]]]), x["id"]
    assert x["text"] == byid[x["id"]]["text"]
for x in kept:
    assert x["text"] == byid[x["id"]]["text"]
    assert "minhash_cluster_size" in x["metadata"]
# recall at high similarity: no two kept documents have Jaccard >= 0.9 (brute force, all pairs)
ks = sorted(kept_ids, key=order.get)
bad = [(a, b, J(a, b)) for a, b in itertools.combinations(ks, 2) if J(a, b) >= 0.9]
assert not bad, bad[:5]
# precision: a dropped near duplicate is similar to its kept document
for x in dropped:
    if x["reason"] == "near_duplicate":
        assert J(x["id"], x["metadata"]["duplicate_of"]) >= 0.5, (x["id"], J(x["id"], x["metadata"]["duplicate_of"]))
# cluster sizes add up: every document is in exactly one cluster
assert sum(x["metadata"]["minhash_cluster_size"] for x in kept) == 600
PY

# --confirm exact: the same for any -j and sorter budget, nothing left behind (its clusters are
# checked against a brute-force oracle in tests/unit/test_dedup.c)
"$WINNOW" dedup -q -j1 --confirm exact c.jsonl -o e1
"$WINNOW" dedup -q -j2 --confirm exact --memory 1M c.jsonl -o e2
[ "$(digest e1)" = "$(digest e2)" ] || { echo "--confirm exact: -j1 and -j2 differ"; exit 1; }
[ ! -e e1/.dedup-work ] || { echo "work dir left behind"; exit 1; }
"$WINNOW" dedup -q --confirm bogus c.jsonl -o e3 2>/dev/null && { echo "--confirm bogus accepted"; exit 1; }

# the steps run separately give the same output
"$WINNOW" dedup -q -j2 --step sign --work-dir w c.jsonl
"$WINNOW" dedup -q --step resolve --work-dir w
"$WINNOW" dedup -q -j1 --step apply --work-dir w c.jsonl -o o3
[ "$(digest o1)" = "$(digest o3)" ] || { echo "steps differ from one run"; exit 1; }

# a truncated intermediate file is an error (exit 3), not a different answer
# the largest run file: which worker wrote which runs depends on timing, so no name is fixed
run=$(ls -S w/*.run | head -1)
[ "$(stat -c %s "$run")" -gt 5000 ] || { echo "run files too small for this test: $(ls -l w)"; exit 1; }
cp "$run" saved.run
head -c 5000 saved.run > "$run"
set +e
"$WINNOW" dedup -q --step resolve --work-dir w 2>err.txt; rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "truncated run: exit $rc"; cat err.txt; exit 1; }
grep -q truncated err.txt || { cat err.txt; exit 1; }
# a flipped byte inside a block is an error too
cp saved.run "$run"
# flip every bit of one byte (writing a fixed value could leave it unchanged)
python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); f.seek(3000); b = f.read(1); f.seek(3000); f.write(bytes([b[0] ^ 0xFF]))" "$run"
set +e
"$WINNOW" dedup -q --step resolve --work-dir w 2>err.txt; rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "corrupt run: exit $rc"; cat err.txt; exit 1; }
grep -q checksum err.txt || { cat err.txt; exit 1; }
# a truncated decisions file stops apply before any output
cp saved.run "$run"
"$WINNOW" dedup -q --step resolve --work-dir w
truncate -s -10 w/decisions
set +e
"$WINNOW" dedup -q --step apply --work-dir w c.jsonl -o o4 2>err.txt; rc=$?
set -e
[ "$rc" -eq 3 ] && [ ! -e o4/stats.json ] || { echo "truncated decisions: exit $rc"; exit 1; }

# stdin cannot be read twice: refused up front (usage), not an empty result
set +e
echo '{"id":"x","text":"a b c"}' | "$WINNOW" dedup -q - -o o5 2>err.txt; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q stdin err.txt || { echo "stdin: exit $rc"; cat err.txt; exit 1; }

# a work directory whose files' paths would not fit (PATH_MAX) is refused before any work,
# naming it, in every step (before: signing ran, then failed on "File name too long")
long="$PWD"
while [ ${#long} -lt 4050 ]; do long="$long/$(printf 'd%.0s' $(seq 200))"; done
for step in all sign resolve apply; do
    set +e
    "$WINNOW" dedup -q --step $step --work-dir "$long" c.jsonl -o o6 2>err.txt; rc=$?
    set -e
    [ "$rc" -eq 2 ] && grep -q 'work directory path too long' err.txt && [ ! -e o6/stats.json ] ||
        { echo "long work dir, step $step: exit $rc"; cat err.txt; exit 1; }
done
