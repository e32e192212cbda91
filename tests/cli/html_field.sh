# --html-field: each JSONL line's HTML field is a page, extracted like any page. The oracle is
# `winnow extract` on the same HTML as a file: the text of each line equals it. The other fields
# are in metadata.input. The page is UTF-8 from JSON, so a <meta charset> naming another charset is not
# believed (the decode stage is told UTF-8; its own rule, that valid UTF-8 under a legacy label
# is a mislabel, would give the same text here, so this line checks the result, not the path). A line whose field is missing or not a string
# is one failed document with its line; in = kept + dropped + failed. The key works in a
# config file too (the library's parser), and format detection stays by content.
set -eu
. "$ROOT/tests/cli/lib.sh"
mkdir -p "$TMP/pages"
# pages: the crawl sample's (real sites) and a few of our own with non-ASCII text
python3 - "$ROOT/samples/crawl-sample.warc.gz" "$TMP" <<'PY'
import gzip, json, re, sys
data = gzip.decompress(open(sys.argv[1], "rb").read())
tmp = sys.argv[2]
pages = []
for m in re.finditer(rb"WARC-Type: response\r\n", data):
    he = data.find(b"\r\n\r\n", m.start())
    n = int(re.search(rb"Content-Length: (\d+)", data[m.start():he]).group(1))
    block = data[he + 4:he + 4 + n]
    body = block[block.find(b"\r\n\r\n") + 4:]
    try:
        pages.append(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass  # not UTF-8 as bytes: its file would be decoded otherwise than its JSON string
para = "<p>Größe, Süße und Bäcker: ein deutscher Absatz mit Umlauten, der lang genug ist, um als Inhalt zu gelten.</p>"
for i in range(3):
    pages.append("<!DOCTYPE html><html><head><meta charset=utf-8><title>Seite %d</title></head>"
                 "<body><nav>Start | Über uns</nav><article><h1>Überschrift %d</h1>%s%s</article></body></html>"
                 % (i, i, para, para))
assert len(pages) >= 5, len(pages)
with open(tmp + "/in.jsonl", "w") as f:
    for i, p in enumerate(pages):
        open("%s/pages/%d.html" % (tmp, i), "w", encoding="utf-8").write(p)
        f.write(json.dumps({"id": "p%d" % i, "html": p, "url": "http://example.com/%d" % i,
                            "crawl": {"n": i}}) + "\n")
    # a page whose <meta> lies: the JSON string is Unicode, so the text must keep its umlauts
    f.write(json.dumps({"id": "liar", "html": "<html><head><meta charset=iso-8859-1></head><body>"
                        "<article>" + para * 2 + "</article></body></html>"}) + "\n")
    f.write(json.dumps({"id": "num", "html": 42}) + "\n")
    f.write(json.dumps({"id": "missing", "text": "no html here"}) + "\n")
    f.write(json.dumps({"id": "null", "html": None}) + "\n")

PY
n=$(ls "$TMP/pages" | wc -l)
rc=0
"$WINNOW" run "$TMP/in.jsonl" --html-field html -o "$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -le 1 ] || { cat "$TMP/err"; die "winnow run exited $rc"; }
accounting "$TMP/out"
for i in $(seq 0 $((n - 1))); do
    "$WINNOW" extract -q "$TMP/pages/$i.html" > "$TMP/pages/$i.txt" || die "extract $i"
done
{ cat_shards "$TMP/out" kept; cat_shards "$TMP/out" dropped; } > "$TMP/all.jsonl"
python3 - "$TMP" "$n" <<'PY' || die "html-field documents"
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
docs = {o["id"]: o for o in map(json.loads, open(tmp + "/all.jsonl"))}
s = json.load(open(tmp + "/out/stats.json"))
assert s["documents"]["in"] == n + 4, s["documents"]
assert s["documents"]["failed"] == 3, s["documents"]
assert s["reasons"]["failed"] == {"bad_html_field": 3}, s["reasons"]
for i in range(n):
    o = docs["p%d" % i]
    want = open("%s/pages/%d.txt" % (tmp, i), encoding="utf-8").read().rstrip("\n")
    assert o.get("status", "kept") != "failed", o
    assert o["text"] == want, (i, o["text"][:200], want[:200])
    assert o["url"] == "http://example.com/%d" % i, o
    assert o["metadata"]["input"]["crawl"] == {"n": i}, o["metadata"]
    assert "html" not in o["metadata"]["input"], "the page is not metadata"
liar = docs["liar"]["text"]
assert "Größe, Süße und Bäcker" in liar and "Ã" not in liar, liar[:200]
for k in ("num", "missing", "null"):
    o = docs[k]
    assert o["status"] == "failed" and o["reason"] == "bad_html_field", o
    assert ".jsonl:" in o["error"], o
PY
# without --html-field the same file is read as JSONL text (the "text" field): all lines but one
# fail as missing_text, so the option, not detection, decides
rc=0
"$WINNOW" run "$TMP/in.jsonl" -o "$TMP/plain" 2>/dev/null || rc=$?
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["reasons"]["failed"]; assert r.get("missing_text",0)>=5, r' \
    "$TMP/plain/stats.json" || die "plain JSONL reading"
echo ok
