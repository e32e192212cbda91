# JSONL reading against Python's json module as the oracle: escapes, surrogate pairs, lone
# surrogates, control characters, nested metadata, numbers; gzip and zstd inputs; stdin.
. "$ROOT/tests/cli/lib.sh"
python3 - "$TMP" <<'PY'
import json, random, sys
random.seed(11)
t = sys.argv[1]
pool = ["a", "é", "日本", "\U0001F600", "\\", "\"", "\n", "\t", "\r", "\x00", "\x1f", "\u2028", " ", "/", "\ud800x"]
docs, expect = [], []
for i in range(2000):
    s = "".join(random.choice(pool) for _ in range(random.randint(1, 40)))
    meta = {"n": i, "f": random.random(), "nested": {"k": [1, None, True, "x"]}, "u": "\U0001F600"}
    line = json.dumps({"id": "doc%d" % i, "text": s, "url": "http://x/%d" % i, **meta}, ensure_ascii=bool(i % 2))
    docs.append(line)
    # the oracle: an escaped lone surrogate becomes one U+FFFD; written raw (ensure_ascii off)
    # it is invalid UTF-8, replaced as Python's own decoder does (one U+FFFD per bad byte)
    if i % 2:
        expect.append("".join(c if not (0xD800 <= ord(c) <= 0xDFFF) else "\ufffd" for c in s))
    else:
        expect.append(s.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
open(t + "/in.jsonl", "w", encoding="utf-8", errors="surrogatepass").write("\n".join(docs) + "\n")
json.dump(expect, open(t + "/expect.json", "w"))
PY
gzip -k "$TMP/in.jsonl"; zstd -q -k "$TMP/in.jsonl"
cp "$TMP/in.jsonl.gz" "$TMP/no-extension"     # detection is by magic bytes, not by name
for f in in.jsonl in.jsonl.gz in.jsonl.zst no-extension stdin; do
    if [ $f = stdin ]; then
        "$WINNOW" run -q --compress none - -o "$TMP/o-$f" < "$TMP/in.jsonl" || die "$f: exit $?"
    else
        "$WINNOW" run -q --compress none "$TMP/$f" -o "$TMP/o-$f" || die "$f: exit $?"
    fi
    accounting "$TMP/o-$f"
    python3 - "$TMP/o-$f/kept/00000.jsonl" "$TMP/expect.json" <<'PY' || die "$f: texts differ from the oracle"
import json, sys
exp = json.load(open(sys.argv[2]))
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
# blank-only texts are dropped as empty; every other one must match exactly, in order
keep = [e for e in exp if e.strip(" \t\n\r\f\v") != ""]
assert len(got) == len(keep), (len(got), len(keep))
for i, (g, e) in enumerate(zip(got, keep)):
    assert g["text"] == e, (i, g["text"], e)
    assert g["metadata"]["input"]["nested"] == {"k": [1, None, True, "x"]}
    assert g["metadata"]["input"]["u"] == "\U0001F600"
    assert g["url"].startswith("http://x/")
PY
done
