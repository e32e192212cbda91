# bounded.sh: pages that once cost the parser or the extractor quadratic time or ~75x their
# size in memory (issue 18, items 6-8) are extracted, or dropped with a named reason, and
# every one is accounted for. The pages come from tests/gen/hostile_html.py. The parser has
# its bounds built in: it parses the deep and stray shapes in linear time and finds no content
# in them, and refuses only those whose tree would pass 4 bytes per byte of page + 16 MiB.
set -eu
. "$ROOT/tests/cli/lib.sh"
gen="$ROOT/tests/gen/hostile_html.py"
mkdir -p "$TMP/in"
# shape repeats outcome ("ok": extracted and kept; "no_content": extracted with no text, and
# dropped so by run; else the reason the page is refused for)
while read -r shape n want; do
    python3 "$gen" "$shape" "$n" > "$TMP/in/$shape.html"
    echo "$shape $want" >> "$TMP/want"
done <<'LIST'
short_p 100000 no_content
table 20000 no_content
stray_end 100000 no_content
rt 100000 no_content
nested 100000 no_content
formatting 20000 too_many_elements
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
        [ "$rc" -eq 0 ] && [ -n "$(tr -d '[:space:]' < "$TMP/out")" ] || die "$shape: expected text, rc $rc: $(cat "$TMP/err")"
    elif [ "$want" = no_content ]; then
        [ "$rc" -eq 0 ] && [ -z "$(tr -d '[:space:]' < "$TMP/out")" ] || die "$shape: expected no text, rc $rc: $(cat "$TMP/err")"
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
    w = line.split()[1]
    want[w] = want.get(w, 0) + 1
assert s["documents"]["in"] == sum(want.values()), s["documents"]
assert s["documents"]["kept"] == want.pop("ok"), s["documents"]
assert s["reasons"]["dropped"] == want, (s["reasons"], want)
PY
echo "hostile pages: each refused with its reason or extracted"
