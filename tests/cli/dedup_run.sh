# dedup_run: 'winnow run --dedup' (stages, then dedup) and paragraph dedup (exact set and Bloom
# filter give the same answer on a small case with a known result).
set -eu
cd "$TMP"
python3 "$ROOT/bench/dedup_gen.py" --docs 300 --words 100 --sentences 10000 --seed 3 c.jsonl truth.tsv
digest() {
    for s in kept dropped; do zstdcat "$1/$s"/*.jsonl.zst 2>/dev/null | md5sum; done
    grep -v -e '"seconds"' -e '"timing"' -e '"threads"' -e '"command"' "$1/stats.json" | md5sum
}
"$WINNOW" run -q -j1 --clean --dedup exact,minhash,paragraph c.jsonl -o r1
"$WINNOW" run -q -j2 --clean --dedup exact,minhash,paragraph --memory 1M c.jsonl -o r2
[ "$(digest r1)" = "$(digest r2)" ] || { echo "run --dedup: -j1 and -j2 differ"; exit 1; }
# same as running the stages, then dedup over what they kept
"$WINNOW" run -q -j2 --clean c.jsonl -o s
"$WINNOW" dedup -q -j2 --method exact,minhash,paragraph s/kept -o d
python3 - r1 d <<'PY'
import json, subprocess, sys
def read(o, p):
    return [json.loads(l) for l in subprocess.run("zstdcat %s/%s/*.jsonl.zst" % (o, p), shell=True,
            capture_output=True, text=True).stdout.splitlines()]
st = json.load(open(sys.argv[1] + "/stats.json"))["documents"]
assert st["in"] == 300 == st["kept"] + st["dropped"] + st["failed"], st
a = [(x["id"], x["text"], x["metadata"].get("minhash_cluster_size")) for x in read(sys.argv[1], "kept")]
b = [(x["id"], x["text"], x["metadata"].get("minhash_cluster_size")) for x in read(sys.argv[2], "kept")]
assert a == b, (len(a), len(b))
ra = sorted((x["id"], x["reason"]) for x in read(sys.argv[1], "dropped") if x["reason"].endswith("duplicate"))
rb = sorted((x["id"], x["reason"]) for x in read(sys.argv[2], "dropped"))
assert [r for r in ra] == [r for r in rb if r[1].endswith("duplicate")], (ra[:3], rb[:3])
PY

# paragraphs: first occurrence kept, later ones removed, a document left too short dropped
python3 - <<'PY'
import json
B1 = "Subscribe to our newsletter to get the latest news every day"
B2 = "All rights reserved by the publisher of this page copyright"
docs = [
  {"id": "a", "text": "Alpha story begins here with enough words to be a paragraph.\n" + B1 + "\nshort\n" + B2},
  {"id": "b", "text": "Beta story is a different text with its own words in it.\n" + B1 + "\nshort\n" + B2 + "\n" + B1},
  {"id": "c", "text": B1 + "\n" + B2},
  {"id": "d", "text": "Alpha story begins here with enough words to be a paragraph.\n" + B1 + "\nshort\n" + B2},
  {"id": "e", "text": "Gamma: a third text.\n" + B2.upper() + "!!"},
]
open("p.jsonl", "w").write("".join(json.dumps(d) + "\n" for d in docs))
PY
for mode in exact bloom; do
    extra=""; [ $mode = bloom ] && extra="--paragraph-bloom 1000,0.0001"
    "$WINNOW" dedup -q --method exact,paragraph --paragraph-min-doc-chars 20 $extra p.jsonl -o p_$mode
    zstdcat p_$mode/kept/*.zst p_$mode/dropped/*.zst | python3 -c '
import json, sys
got = {d["id"]: (d["text"], d.get("reason")) for d in map(json.loads, sys.stdin)}
B1 = "Subscribe to our newsletter to get the latest news every day"
assert got["a"][1] is None and B1 in got["a"][0]
assert got["b"] == ("Beta story is a different text with its own words in it.\nshort", None), got["b"]
assert got["c"][1] == "paragraph_duplicates"
assert got["d"][1] == "exact_duplicate"
assert got["e"] == ("Gamma: a third text.", None), got["e"]
'
done

# run --dedup runs the stages once (sign keeps their result, apply replays it): the output is
# byte for byte what the former way gives, which ran them again in apply (the test hook
# WINNOW_TEST_DEDUP_RERUN_STAGES keeps it), on WARC samples with defects (a failing input,
# failed records) and a preset that drops and counts at every stage; accounting per input
S="$SHARED/data/warc-samples"
mapfile -t warcs < <(find "$S" -name '*.warc*' | sort)
# a failing input: a cut gzip JSONL (a cut .warc.gz now fails only its last record)
python3 -c "import gzip,sys; sys.stdout.buffer.write(gzip.compress(b'{\"text\":\"one\"}\\n' * 50)[:40])" > cut.jsonl.gz
warcs+=(cut.jsonl.gz)
"$WINNOW" run -q -j2 --preset fineweb --dedup exact,minhash,paragraph "${warcs[@]}" c.jsonl -o x1 || [ $? -eq 1 ]
WINNOW_TEST_DEDUP_RERUN_STAGES=1 "$WINNOW_HOOKS" run -q -j1 --preset fineweb --dedup exact,minhash,paragraph "${warcs[@]}" c.jsonl -o x2 || [ $? -eq 1 ]
"$WINNOW" run -q -j1 --clean --langid --dedup exact,minhash c.jsonl -o y1
WINNOW_TEST_DEDUP_RERUN_STAGES=1 "$WINNOW_HOOKS" run -q -j2 --clean --langid --dedup exact,minhash c.jsonl -o y2
[ "$(digest x1)" = "$(digest x2)" ] || { echo "run --dedup: replayed stages differ from stages run again (WARC)"; exit 1; }
[ "$(digest y1)" = "$(digest y2)" ] || { echo "run --dedup: replayed stages differ from stages run again (JSONL)"; exit 1; }
[ ! -e x1/.dedup-work ] || { echo "work dir left behind"; exit 1; }
python3 - x1 <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/stats.json"))
d = s["documents"]
assert d["in"] == d["kept"] + d["dropped"] + d["failed"], d
assert s["inputs"]["failed"] >= 1 and d["failed"] >= 1 and d["dropped"] > d["kept"], s["inputs"]
for i in s["per_input"]:
    assert i["in"] == i["kept"] + i["dropped"] + i["failed"], i
    assert not i["path"].startswith("x1/"), i   # the original inputs, not an intermediate
names = [x["name"] for x in s["stages"]]
assert names[0] == "decode" and names[-1] == "dedup" and "langid" in names, names
PY
