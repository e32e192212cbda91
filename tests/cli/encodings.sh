# UTF-16 and UTF-32 without a BOM (issue 18 item 11), LE and BE, as HTML files, in WARC
# records (no charset declared) and as text files: decoded, not kept as markup or as letters
# between NULs; in = kept + dropped + failed.
. "$ROOT/tests/cli/lib.sh"
files=()
for enc in utf16le utf16be utf32le utf32be; do
    for ext in html warc txt; do
        python3 "$ROOT/tests/gen_containers.py" "$enc.$ext" "$TMP/$enc.$ext" || die "generator"
        files+=("$TMP/$enc.$ext")
    done
done
"$WINNOW" run -q --compress none "${files[@]}" -o "$TMP/out" || die "exit $?"
accounting "$TMP/out"
python3 - "$TMP/out" <<'PY' || die "a wide page was not decoded"
import json, sys
d = sys.argv[1]
kept = [json.loads(l) for l in open(d + "/kept/00000.jsonl")]
assert len(kept) == 12, [k["source"] for k in kept]
for k in kept:
    t = k["text"]
    enc = k["source"].rsplit("/", 1)[1].split(".")[0]
    assert "\x00" not in t and "<" not in t, (k["source"], t[:80])
    assert t.startswith("Ceci est une page écrite en %s sans marque" % enc), (k["source"], t[:80])
    assert "naïve, façade" in t, (k["source"], t)
PY
exit 0
