# winnow clean on the seed document, checked against ../shared/seed/expected.json.
. "$ROOT/tests/cli/lib.sh"
seed="$SHARED/seed"
"$WINNOW" clean "$seed/000_199b5b13a894299b.txt" > "$TMP/clean.txt" || die "clean exited $?"
python3 - "$seed/expected.json" "$TMP/clean.txt" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
lines = [l.strip() for l in open(sys.argv[2], encoding="utf-8").read().split("\n")]
pos = -1
for want in exp["must_keep_in_order"]:
    assert want in lines[pos + 1:], "missing or out of order: " + want
    pos = lines.index(want, pos + 1)
for bad in exp["must_drop"]:
    assert bad not in lines, "not dropped: " + bad
for once in exp["at_most_once"]:
    assert lines.count(once) <= 1, "repeated: " + once
PY
# the same through the pipeline: the kept text is the cleaned text
"$WINNOW" run -q --clean --compress none "$seed/000_199b5b13a894299b.txt" -o "$TMP/out" || die "run exited $?"
accounting "$TMP/out"
python3 - "$TMP/out/kept/00000.jsonl" "$TMP/clean.txt" <<'PY'
import json, sys
doc = json.loads(open(sys.argv[1], encoding="utf-8").readline())
assert doc["text"] + "\n" == open(sys.argv[2], encoding="utf-8").read(), "run --clean differs from clean"
PY
