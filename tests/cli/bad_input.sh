# Bad input gets a clear message naming the file, is accounted for, and the run goes on.
. "$ROOT/tests/cli/lib.sh"
d="$TMP/in"; mkdir -p "$d"
: > "$d/empty.txt"
head -c 20000 /dev/urandom > "$d/garbage.bin"
printf 'caf\xe9 au lait, na\xefve \xff\xfe text\n' > "$d/latin1.txt"
printf '{"text":"ok line"}\n{"text":"bad \xff byte"}\n' > "$d/bad-utf8.jsonl"
printf '{"text":"one"}\n{"text":"two"}\n' | gzip | head -c 30 > "$d/truncated.jsonl.gz"
printf '{"text":"kept"}\n{"text":1}\n{"id":"x"}\n{"text":"a"} trailing\n' > "$d/mixed.jsonl"
ln -s /nonexistent/file "$d/dangling.txt"
"$WINNOW" run --compress none "$d" -o "$TMP/out" 2> "$TMP/err"
rc=$?
cat "$TMP/err"
[ $rc -eq 1 ] || die "exit $rc, expected 1"
accounting "$TMP/out"
grep -q 'dangling.txt: No such file' "$TMP/err" || die "no message for the dangling link"
grep -q 'truncated.jsonl.gz.*truncated' "$TMP/err" || die "no message for the truncated gzip"
grep -q 'mixed.jsonl:2.*not a string' "$TMP/err" || die "no file:line for a non-string text"
grep -q 'mixed.jsonl:4.*trailing' "$TMP/err" || die "no file:line for trailing characters"
python3 - "$TMP/out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/stats.json"))
assert s["inputs"]["failed"] == 2, s["inputs"]           # dangling link, truncated gzip
assert s["reasons"]["dropped"].get("empty") == 1, s["reasons"]
assert s["utf8_replaced"] >= 4, s["utf8_replaced"]       # latin1.txt has 3, bad-utf8.jsonl 1, plus garbage
kept = [json.loads(l) for l in open(sys.argv[1] + "/kept/00000.jsonl", encoding="utf-8")]
texts = [k["text"] for k in kept]
assert "bad \ufffd byte" in texts, texts
assert any(t.startswith("caf\ufffd au lait") for t in texts), texts
PY
# a single line over the cap is failed as too_large with bounded memory (64 MB line, 1 MB cap)
python3 -c "
import sys
sys.stdout.write('{\"text\":\"small\"}\n')
sys.stdout.write('{\"text\":\"' + 'a' * (64 << 20) + '\"}\n')
sys.stdout.write('{\"text\":\"after\"}\n')" > "$TMP/big.jsonl"
/usr/bin/time -f '%M' -o "$TMP/rss" "$WINNOW" run -q -j2 --max-doc-size 1M --compress none "$TMP/big.jsonl" -o "$TMP/big"
[ $? -eq 1 ] || die "big line: expected exit 1"
accounting "$TMP/big"
rss=$(tail -n 1 "$TMP/rss")
echo "peak RSS with a 64 MB line and a 1 MB cap: $rss KB"
[ "$rss" -lt 60000 ] || [ -n "${WN_SANITIZED:-}" ] || die "peak RSS $rss KB: the big line was buffered"
python3 - "$TMP/big" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/stats.json"))
assert s["documents"] == {"in": 3, "kept": 2, "dropped": 0, "failed": 1}, s["documents"]
assert s["reasons"]["failed"] == {"too_large": 1}, s["reasons"]
PY
# usage errors exit 2; an unwritable output exits 3
"$WINNOW" run "$d" 2>/dev/null; [ $? -eq 2 ] || die "missing -o: expected exit 2"
"$WINNOW" run --bogus 2>/dev/null; [ $? -eq 2 ] || die "bad option: expected exit 2"
touch "$TMP/file"
"$WINNOW" run -q "$d/mixed.jsonl" -o "$TMP/file/sub" 2>/dev/null; [ $? -eq 3 ] || die "unwritable output: expected exit 3"
exit 0
