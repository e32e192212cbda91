# JSONL input repairs (issue 18 item 13): a UTF-8 BOM before the first line is skipped (the
# line was failed); lone surrogate escapes are repaired to U+FFFD in metadata as in text, so
# the output is valid for strict parsers (a lone surrogate cannot be encoded as UTF-8).
. "$ROOT/tests/cli/lib.sh"
for c in bom.jsonl surrogate.jsonl; do
    python3 "$ROOT/tests/gen_containers.py" "$c" "$TMP/$c" || die "generator"
done
"$WINNOW" run -q --compress none "$TMP/bom.jsonl" "$TMP/surrogate.jsonl" -o "$TMP/out" || die "exit $?"
accounting "$TMP/out"
python3 - "$TMP/out" <<'PY' || die "BOM or surrogates"
import json, sys
d = sys.argv[1]
def strings(o):
    if isinstance(o, str): yield o
    elif isinstance(o, dict):
        for k, v in o.items(): yield k; yield from strings(v)
    elif isinstance(o, list):
        for v in o: yield from strings(v)
kept = [json.loads(l) for l in open(d + "/kept/00000.jsonl", encoding="utf-8")]
by_id = {k["id"]: k for k in kept}
assert by_id["a"]["text"] == "first line after a byte order mark", by_id
for k in kept:
    for s in strings(k):
        s.encode("utf-8")   # raises on a lone surrogate
s = by_id["s\ufffd"]
assert s["text"] == "lone \ufffd in text" and s["metadata"]["input"]["meta"] == "x\ufffd y" and s["metadata"]["input"]["list"] == ["\ufffd"], s
t = by_id["t"]
assert t["text"] == "pair \U0001F600 ok" and t["metadata"]["input"]["esc"] == "a\\ud800", t   # an escaped backslash stays
st = json.load(open(d + "/stats.json"))
assert st["documents"] == {"in": 4, "kept": 4, "dropped": 0, "failed": 0}, st["documents"]
PY
exit 0
