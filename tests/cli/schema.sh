# One metadata schema per run (docs/output.md): every line of every shard, kept and dropped, of
# several runs (every stage on; every input kind: WARC, a damaged WARC, HTML files, JSONL with
# fields of its own, a JSONL line that is not JSON, text) has the same metadata keys in the same
# order, and each key one JSON type (or null). The oracle (tests/schema_oracle.py) is
# docs/output.md's own table, parsed there: a run's keys are exactly the rows its configuration
# turns on, in the table's order, and values have the table's type, so the doc and the code cannot drift apart. Also --dump and the
# dump taken from a Common Crawl path, and datatrove's minhash convention (-1, 1 when alone; a
# cluster of 3 near duplicates: the kept one says 3, the others duplicate_of it).
set -eu
. "$ROOT/tests/cli/lib.sh"
export WINNOW_MODEL="$ROOT/models/lid.176.ftz" WINNOW_STOPWORDS="$ROOT/data/stopwords-iso.json"
[ -f "$WINNOW_MODEL" ] || die "models/lid.176.ftz missing (scripts/fetch-lid-model.sh)"
cd "$TMP"
# inputs: a damaged WARC (cut inside a record), HTML pages, a JSONL whose lines carry fields of
# their own, under a Common Crawl path (dump taken from it), and the samples
size=$(stat -c %s "$ROOT/samples/crawl-sample.warc.gz")
head -c $((size * 2 / 3)) "$ROOT/samples/crawl-sample.warc.gz" > cut.warc.gz
mkdir -p pages crawl-data/CC-MAIN-2024-10/segments/1/warc
cp "$ROOT/samples/crawl-sample.warc.gz" crawl-data/CC-MAIN-2024-10/segments/1/warc/cc.warc.gz
find "$SHARED/data/trafilatura-eval/html" -type f -name '*.html' -print0 | LC_ALL=C sort -z |
    head -z -n 12 | xargs -0 cp -t pages
[ "$(ls pages | wc -l)" -eq 12 ] || die "expected 12 eval pages"
python3 - <<'PY'
import json
with open("extra.jsonl", "w") as f:
    for i in range(8):
        text = ("The harbour master counted %d boats leaving before dawn, and the fish market "
                "opened late because the ice delivery was stuck on the coast road. " % i) * (1 + i % 3)
        f.write(json.dumps({"id": "x%d" % i, "text": text, "url": "https://example.org/%d" % i,
                            "shard": i % 2, "tags": ["a", "b"][: i % 3], "crawl": {"n": i}}) + "\n")
with open("extra2.jsonl", "w") as f:   # other fields of its own, some lines with none
    for i in range(6):
        text = ("The ferry to the island left at noon with %d passengers and a van of newspapers, "
                "and the weather held until the evening. " % i) * 2
        o = {"id": "y%d" % i, "text": text}
        if i % 3:
            o.update({"quality": i / 10, "license": "cc-by", "nested": {"deep": [i]}})
        f.write(json.dumps(o) + "\n")
base = " ".join("word%d" % (k * 7 % 101) for k in range(300))
with open("near.jsonl", "w") as f:   # near duplicates: one minhash cluster of 3
    for i in range(3):
        f.write(json.dumps({"id": "n%d" % i, "text": base + " tail%d" % i}) + "\n")
PY
inputs=(crawl-data/CC-MAIN-2024-10/segments/1/warc/cc.warc.gz cut.warc.gz pages "$ROOT/samples/mixed.jsonl"
        "$ROOT/samples/seed-news-article.txt" extra.jsonl extra2.jsonl)
reversed=(extra2.jsonl extra.jsonl "$ROOT/samples/seed-news-article.txt" "$ROOT/samples/mixed.jsonl" pages cut.warc.gz
          crawl-data/CC-MAIN-2024-10/segments/1/warc/cc.warc.gz)
all=(--clean --langid --paragraph-langid --preset gopher --c4 --fineweb --pii --explain --dedup exact,minhash,paragraph)
# run NAME CONDITIONS OPTIONS...: CONDITIONS are the table's "present" words the options turn on
runs=()
run() {
    local name=$1 conds=$2; shift 2
    "$WINNOW" run -q --max-failed 1 --compress none -o "$name" "$@" || die "$name: winnow run failed"
    accounting "$name"
    runs+=("$name:$conds")
}
run all-j2 langid,paragraph-langid,explain,dedup,minhash -j2 "${all[@]}" "${inputs[@]}"
run all-j1-reversed langid,paragraph-langid,explain,dedup,minhash -j1 "${all[@]}" "${reversed[@]}"
run default "" -j2 "${inputs[@]}"
run languages-gopher langid,explain -j2 --languages en --gopher-quality --explain --dump MY-DUMP "${inputs[@]}"
run explain-pii-only "" -j2 --pii --explain "${inputs[@]}"
run exact-dedup dedup -j2 --dedup exact "${inputs[@]}"
run filter-langid langid -j2 --filters langid,c4 "${inputs[@]}"
run minhash dedup,minhash -j2 --dedup minhash "${inputs[@]}" near.jsonl
# the layouts: kept/<lang>/ folders, and dolma's documents/ (its own top-level keys, the url
# first in metadata); one schema across every folder of a run
run split-language langid -j2 --langid --split-by language --shard-size 8K "${inputs[@]}"
run dolma langid -j2 --langid --layout dolma "${inputs[@]}"
run dolma-split langid -j1 --langid --layout dolma --split-by language "${inputs[@]}"
run nolangid-split-language "" -j2 --split-by language "${inputs[@]}"   # no language: kept/und/
# the oracle (tests/schema_oracle.py, shared with the Python package's layout test)
/usr/bin/python3 "$ROOT/tests/schema_oracle.py" "$ROOT/docs/output.md" "${runs[@]}" || die "schema oracle failed"
# the same configuration in another order and -j gives the same keys (checked above) and the
# failed records of the damaged inputs are there
for r in all-j2 default; do
    grep -h '"status":"failed"' "$r"/dropped/*.jsonl | grep -q '"file_path":"cut.warc.gz"' ||
        die "$r: no failed record of cut.warc.gz"
    grep -h '"status":"failed"' "$r"/dropped/*.jsonl | grep -q 'mixed.jsonl' || die "$r: no failed JSONL line"
    grep -h '"title":"' "$r"/*/*.jsonl | grep -q '"file_path":"pages/' || die "$r: no HTML page with a title"
done
grep -h '"minhash_cluster_id":-1' all-j2/kept/*.jsonl | grep -q '"minhash_cluster_size":1' ||
    die "no document alone in its minhash cluster"
python3 - <<'PY' || die "minhash: no cluster of 3 with datatrove's fields"
import json, glob
kept = [json.loads(l) for f in sorted(glob.glob("minhash/kept/*.jsonl")) for l in open(f)]
drop = [json.loads(l) for f in sorted(glob.glob("minhash/dropped/*.jsonl")) for l in open(f)]
rep = [o for o in kept if o["id"] == "n0"]
assert len(rep) == 1 and rep[0]["metadata"]["minhash_cluster_size"] == 3, rep
assert rep[0]["metadata"]["minhash_cluster_id"] >= 0, rep
dups = [o for o in drop if o["id"] in ("n1", "n2")]
assert len(dups) == 2 and all(o["metadata"]["duplicate_of"] == "n0" for o in dups), dups
PY
grep -h '"paragraph_languages":\[' all-j2/kept/*.jsonl | grep -q '"filters":{' || die "no paragraph languages with filters"
echo "schema: every line of ${#runs[@]} runs has its configuration's keys (docs/output.md), in order, one type per key"
