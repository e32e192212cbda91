# `winnow report`: the text summary and the HTML charts agree with stats.json (read by
# Python's json as the oracle), several runs are summed, and a missing or malformed
# stats.json is a clear error.
. "$ROOT/tests/cli/lib.sh"
python3 - "$TMP/in.jsonl" <<'PY'
import json, random, sys
random.seed(5)
words = "the river rose by two metres overnight after heavy rain and the council opened a shelter".split()
with open(sys.argv[1], "w") as f:
    for i in range(400):
        n = random.randint(0, 300)
        f.write(json.dumps({"id": i, "text": " ".join(random.choice(words) for _ in range(n)) + "."}) + "\n")
        if i % 90 == 0:
            f.write("{broken\n")
PY
"$WINNOW" run -q --langid --filters gopher_quality,gopher_repetition "$ROOT/samples" "$TMP/in.jsonl" -o "$TMP/a"
[ $? -eq 1 ] || die "run a: expected exit 1 (broken lines)"
"$WINNOW" run -q --clean --langid "$ROOT/samples" -o "$TMP/b"
[ $? -eq 1 ] || die "run b: expected exit 1 (the sample's broken line)"

"$WINNOW" report "$TMP/a" > "$TMP/a.txt" || die "report failed"
[ -s "$TMP/a/report.html" ] || die "no report.html in the run directory"
"$WINNOW" report -q "$TMP/a" "$TMP/b/stats.json" -o "$TMP/ab.html" > "$TMP/ab.txt" || die "report of two runs failed"
[ ! -s "$TMP/ab.txt" ] || die "-q printed the summary"

python3 - "$TMP" <<'PY' || die "report disagrees with stats.json"
import json, re, sys, xml.etree.ElementTree as ET
from collections import Counter
t = sys.argv[1]
a = json.load(open(f"{t}/a/stats.json"))
b = json.load(open(f"{t}/b/stats.json"))
assert a["reasons"]["dropped"] and a["reasons"]["failed"] and len(a["languages"]) >= 3, a

# the text summary
txt = open(f"{t}/a.txt").read()
d = a["documents"]
m = re.search(r"documents: (\d+) in, (\d+) kept .*?, (\d+) dropped .*?, (\d+) failed", txt)
assert m and tuple(map(int, m.groups())) == (d["in"], d["kept"], d["dropped"], d["failed"]), (m, d)
for reason, n in list(a["reasons"]["dropped"].items()) + list(a["reasons"]["failed"].items()):
    assert re.search(rf"^  {re.escape(reason)}\s+{n}\s", txt, re.M), ("reason missing", reason, n)

def charts(path):
    """{chart title: {row label: {series: value}}} from the page's SVGs."""
    html = open(path, encoding="utf-8").read()
    out = {}
    for title, svg in re.findall(r"<h2>(.*?)</h2>\s*(<svg.*?</svg>)", html, re.S):
        root = ET.fromstring(svg)   # each chart must be well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        rows = {}
        for g in root.iter(ns + "g"):
            label = g.find(ns + "text").text
            rows[label] = {r.find(ns + "title").text.split(": ")[0]: int(r.find(ns + "title").text.split(": ")[1])
                           for r in g.iter(ns + "rect")}
        out[title] = rows
    return out

def check(page, runs):
    c = charts(page)
    dropped, failed, langs, stages = Counter(), Counter(), {}, {}
    for s in runs:
        dropped.update(s["reasons"]["dropped"]); failed.update(s["reasons"]["failed"])
        for k, v in s["languages"].items():
            langs.setdefault(k, Counter()).update(v)
        for st in s["stages"]:
            stages.setdefault(st["name"], Counter()).update({"in": st["in"], "dropped": st["dropped"], "failed": st["failed"]})
    assert {k: v["dropped"] for k, v in c["Dropped, by reason"].items()} == dict(dropped), c["Dropped, by reason"]
    assert {k: v["failed"] for k, v in c["Failed, by error"].items()} == dict(failed)
    got = {k: (v.get("kept", 0), v.get("dropped", 0)) for k, v in c["Languages"].items()}
    assert got == {k: (v["kept"], v["dropped"]) for k, v in langs.items()}, (got, langs)
    assert {k: v["in"] for k, v in c["Documents into each stage"].items()} == {k: v["in"] for k, v in stages.items()}
    removed = {k: (v.get("dropped", 0), v.get("failed", 0)) for k, v in c["Removed by each stage"].items()}
    assert removed == {k: (v["dropped"], v["failed"]) for k, v in stages.items()}, removed
    tot = Counter()
    for s in runs:
        tot.update(s["documents"])
    assert c["Outcome"]["all documents"] == {k: tot[k] for k in ("kept", "dropped", "failed") if tot[k]}

check(f"{t}/a/report.html", [a])
check(f"{t}/ab.html", [a, b])
PY

# errors: missing, malformed, not a stats.json
"$WINNOW" report "$TMP/nothing-here" 2> "$TMP/err"; rc=$?
[ $rc -eq 3 ] && grep -q "nothing-here" "$TMP/err" || die "missing stats.json: exit $rc, $(cat "$TMP/err")"
printf '{"documents": {"in": 3, "kept": x}}' > "$TMP/bad.json"
"$WINNOW" report "$TMP/bad.json" -o "$TMP/bad.html" 2> "$TMP/err"; rc=$?
[ $rc -eq 3 ] && grep -q "bad.json: offset [0-9]*" "$TMP/err" || die "malformed stats.json: exit $rc, $(cat "$TMP/err")"
[ ! -e "$TMP/bad.html" ] || die "a report was written for a malformed stats.json"
printf '{"a": 1}' > "$TMP/other.json"
"$WINNOW" report "$TMP/other.json" --no-html 2> "$TMP/err"; rc=$?
[ $rc -eq 3 ] && grep -q "not a winnow stats.json" "$TMP/err" || die "foreign JSON: exit $rc"
true
