# extract_title.sh: --title-in-text (extract) and extract-title-in-text (run): the headline,
# which is metadata, also opens the text, once; without the option the text is unchanged.
set -eu
cat > "$TMP/p.html" <<'HTML'
<html><head><title>Bridge to be repaired</title></head><body><article>
<p>The council decided on Monday that the old bridge, which has stood for two hundred years, will be repaired.</p>
<p>Residents had asked for the repair for a long time, and the vote was unanimous, said the mayor after the meeting.</p>
</article></body></html>
HTML
plain=$("$WINNOW" extract "$TMP/p.html")
with=$("$WINNOW" extract --title-in-text "$TMP/p.html")
[ "$(head -1 <<<"$with")" = "Bridge to be repaired" ] || { echo "first line: $(head -1 <<<"$with")"; exit 1; }
[ "$(tail -n +2 <<<"$with")" = "$plain" ]
! grep -q "^Bridge to be repaired$" <<<"$plain"
md=$("$WINNOW" extract --format markdown --title-in-text "$TMP/p.html")
[ "$(head -1 <<<"$md")" = "# Bridge to be repaired" ]
# a text that opens with its headline (an <h1> kept) does not get it twice
sed 's|<article>|<article><h1>Bridge to be repaired</h1>|' "$TMP/p.html" > "$TMP/h.html"
[ "$("$WINNOW" extract --format markdown --title-in-text "$TMP/h.html" | grep -c 'Bridge to be repaired')" -eq 1 ]
# run: the same as a config key
"$WINNOW" run -q --format html --compress none --extract-title-in-text -o "$TMP/out" "$TMP/p.html"
cat "$TMP"/out/kept/*.jsonl | python3 -c 'import json,sys; t=json.loads(sys.stdin.readline())["text"]; assert t.startswith("Bridge to be repaired\n"), t'
echo "title-in-text: first line, once, in extract and run"
