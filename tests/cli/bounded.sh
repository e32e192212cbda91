# bounded.sh: pages that once cost the parser or the extractor quadratic time or ~75x their
# size in memory (issue 18, items 6-8) are extracted, or dropped with a named reason, and
# every one is accounted for. The pages come from tests/gen/hostile_html.py.
set -eu
. "$ROOT/tests/cli/lib.sh"
gen="$ROOT/tests/gen/hostile_html.py"
mkdir -p "$TMP/in"
# shape repeats expected-outcome ("ok": extracted and kept; else the drop reason)
while read -r shape n want; do
    python3 "$gen" "$shape" "$n" > "$TMP/in/$shape.html"
    echo "$shape $want" >> "$TMP/want"
done <<'LIST'
short_p 100000 too_many_elements
table 20000 too_many_elements
stray_end 100000 too_deep
rt 100000 too_deep
nested 100000 too_deep
formatting 20000 too_deep
dense_p 1000000 too_many_elements
long_lines 20000 ok
news 20000 ok
LIST
# winnow extract names the reason for each page
for f in "$TMP"/in/*.html; do
    shape=$(basename "$f" .html)
    want=$(awk -v s="$shape" '$1 == s { print $2 }' "$TMP/want")
    set +e
    "$WINNOW" extract "$f" > "$TMP/out" 2> "$TMP/err"; rc=$?
    set -e
    if [ "$want" = ok ]; then
        [ "$rc" -eq 0 ] && [ -s "$TMP/out" ] || die "$shape: expected text, rc $rc: $(cat "$TMP/err")"
    else
        [ "$rc" -eq 1 ] && grep -q "$shape.html: $want" "$TMP/err" || die "$shape: expected $want, rc $rc: $(cat "$TMP/err")"
    fi
done
# winnow run drops them with the reason and counts every one
"$WINNOW" run -q "$TMP/in" -o "$TMP/run" > /dev/null 2>&1 || true
accounting "$TMP/run"
python3 - "$TMP/run/stats.json" "$TMP/want" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    shape, w = line.split()
    want[w] = want.get(w, 0) + 1
assert s["documents"]["in"] == sum(want.values()), s["documents"]
assert s["documents"]["kept"] == want.pop("ok"), s["documents"]
assert s["reasons"]["dropped"] == want, (s["reasons"], want)
PY
