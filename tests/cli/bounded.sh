# bounded.sh: pages that once cost the parser or the extractor quadratic time or ~75x their
# size in memory (issue 18, items 6-8) are extracted, or dropped with a named reason, and
# every one is accounted for, with each parser. The pages come from tests/gen/hostile_html.py.
# myhtml is bounded by the prescan, which refuses them; our parser (the default) has its
# bounds built in: it parses the deep and stray shapes in linear time and finds no content in
# them, and refuses only those whose tree would pass 4 bytes per byte of page + 16 MiB.
set -eu
. "$ROOT/tests/cli/lib.sh"
gen="$ROOT/tests/gen/hostile_html.py"
mkdir -p "$TMP/in"
# shape repeats outcome-with-myhtml outcome-with-own ("ok": extracted and kept; "no_content":
# extracted with no text, and dropped so by run; else the reason the page is refused for)
while read -r shape n want_myhtml want_own; do
    python3 "$gen" "$shape" "$n" > "$TMP/in/$shape.html"
    echo "$shape $want_myhtml $want_own" >> "$TMP/want"
done <<'LIST'
short_p 100000 too_many_elements no_content
table 20000 too_many_elements no_content
stray_end 100000 too_deep no_content
rt 100000 too_deep no_content
nested 100000 too_deep no_content
formatting 20000 too_deep too_many_elements
dense_p 1000000 too_many_elements too_many_elements
long_lines 20000 ok ok
news 20000 ok ok
LIST
for parser in myhtml own; do
    col=$([ $parser = myhtml ] && echo 2 || echo 3)
    # winnow extract names the reason for each page
    for f in "$TMP"/in/*.html; do
        shape=$(basename "$f" .html)
        want=$(awk -v s="$shape" -v c="$col" '$1 == s { print $c }' "$TMP/want")
        set +e
        "$WINNOW" extract --parser $parser "$f" > "$TMP/out" 2> "$TMP/err"; rc=$?
        set -e
        if [ "$want" = ok ]; then
            [ "$rc" -eq 0 ] && [ -n "$(tr -d '[:space:]' < "$TMP/out")" ] || die "$parser $shape: expected text, rc $rc: $(cat "$TMP/err")"
        elif [ "$want" = no_content ]; then
            [ "$rc" -eq 0 ] && [ -z "$(tr -d '[:space:]' < "$TMP/out")" ] || die "$parser $shape: expected no text, rc $rc: $(cat "$TMP/err")"
        else
            [ "$rc" -eq 1 ] && grep -q "$shape.html: $want" "$TMP/err" || die "$parser $shape: expected $want, rc $rc: $(cat "$TMP/err")"
        fi
    done
    # winnow run drops them with the reason and counts every one
    "$WINNOW" run -q --parser $parser "$TMP/in" -o "$TMP/run-$parser" > /dev/null 2>&1 || true
    accounting "$TMP/run-$parser"
    python3 - "$TMP/run-$parser/stats.json" "$TMP/want" "$col" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    w = line.split()[int(sys.argv[3]) - 1]
    want[w] = want.get(w, 0) + 1
assert s["documents"]["in"] == sum(want.values()), s["documents"]
assert s["documents"]["kept"] == want.pop("ok"), s["documents"]
assert s["reasons"]["dropped"] == want, (s["reasons"], want)
PY
done
echo "hostile pages: each refused with its reason or extracted, with both parsers"
