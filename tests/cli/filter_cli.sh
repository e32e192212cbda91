#!/usr/bin/env bash
# filter_cli.sh: the quality filters through `winnow run` and `winnow clean`: drop reasons in
# stats.json, --explain metadata, --config/--print-config round trip, flags overriding the
# config, the fineweb preset refusing to run without language ID, -j1 == -j2, clean --c4-lines.
set -eu
cd "$TMP"
python3 - <<'PY'
import json, random
random.seed(7)
al = "kmpqrsuvxyz"
def w(i, n=5):
    s = ""
    for _ in range(n):
        s = al[i % 11] + s; i //= 11
    return s
stop = ["the", "be", "to", "of", "and", "that", "have", "with"]
def line():
    ws = [w(random.randrange(10**6), random.randint(3, 8)) for _ in range(10)]
    for _ in range(3):
        ws.insert(random.randrange(len(ws)), random.choice(stop))
    return " ".join(ws).capitalize() + "."
def text(n):
    return "\n".join(line() for _ in range(n))
docs = []
good = text(12)
docs.append({"id": "good", "text": good})
docs.append({"id": "short", "text": "the and " + " ".join(w(i) for i in range(40)) + "."})
docs.append({"id": "hashes", "text": "the and " + " ".join(w(i) + (" #" if i % 4 == 0 else "") for i in range(60)) + "."})
docs.append({"id": "lorem", "text": good + "\nLorem ipsum dolor sit amet, consectetur."})
docs.append({"id": "dupline", "text": "\n".join(["The same line is here with the words."] * 8 + [good])})
docs.append({"id": "pii", "text": good + "\nContact me at jane.doe@gmail.com or 8.8.8.8, not 10.0.0.1, thank you."})
for i in range(40):
    docs.append({"id": "g%d" % i, "text": text(10)})
with open("in.jsonl", "w") as f:
    for d in docs:
        f.write(json.dumps(d) + "\n")
PY
W="$WINNOW"
$W run -q --preset gopher --c4 --fineweb --pii --explain -o out1 -j1 --compress none in.jsonl
$W run -q --preset gopher --c4 --fineweb --pii --explain -o out2 -j2 --compress none in.jsonl
cmp out1/kept/00000.jsonl out2/kept/00000.jsonl
cmp out1/dropped/00000.jsonl out2/dropped/00000.jsonl
python3 - <<'PY'
import json
st = json.load(open("out1/stats.json"))
r = st["reasons"]["dropped"]
assert r.get("gopher_short_doc") == 1, r
assert r.get("gopher_too_many_hashes") == 1, r
assert r.get("lorem_ipsum") == 1, r
assert r.get("dup_line_frac") == 1, r
names = [s["name"] for s in st["stages"]]
assert names[-5:] == ["gopher_repetition", "gopher_quality", "c4", "fineweb", "pii"], names
pii = [s for s in st["stages"] if s["name"] == "pii"][0]["counters"]
assert pii["pii_emails"] == 1 and pii["pii_ips"] == 1, pii
assert "--explain" in st["command"], st["command"]
kept = {json.loads(l)["id"]: json.loads(l) for l in open("out1/kept/00000.jsonl")}
assert "good" in kept and "pii" in kept
f = kept["good"]["metadata"]["filters"]
for k in ["dup_para_frac", "top_2_gram", "duplicated_10_n_grams", "gopher_word_count", "gopher_stop_words",
          "c4_sentences", "line_punct_ratio", "short_line_ratio", "char_dup_ratio", "list_ratio"]:
    assert k in f, (k, f)
assert f["c4_sentences"] == 12, f
assert f["line_punct_ratio"] == 1, f
t = kept["pii"]["text"]
assert "email@example.com" in t and "22.214.171.124" in t and "10.0.0.1" in t and "gmail" not in t, t
dropped = {json.loads(l)["id"]: json.loads(l) for l in open("out1/dropped/00000.jsonl")}
assert dropped["short"]["reason"] == "gopher_short_doc"
assert dropped["short"]["metadata"]["filters"]["gopher_word_count"] == 42, dropped["short"]["metadata"]
PY
# --print-config round trip; a flag after --config wins; 'none' turns a rule off
$W run --filters gopher_quality,c4 --gopher-min-doc-words 45 --print-config > cfg.txt
grep -qx 'stages = gopher_quality, c4' cfg.txt
grep -q '^gopher_min_doc_words = 45 ' cfg.txt
$W run --config cfg.txt --c4-min-num-sentences none --print-config > cfg2.txt
grep -qx 'c4_min_num_sentences = none' cfg2.txt
grep -q '^gopher_min_doc_words = 45 ' cfg2.txt
# the 42-word document goes with min 45 from the file, stays when a flag lowers it to 40
$W run -q --config cfg.txt -o out3 --compress none in.jsonl
$W run -q --config cfg.txt --gopher-min-doc-words 40 -o out4 --compress none in.jsonl
python3 - <<'PY'
import json
r3 = json.load(open('out3/stats.json'))['reasons']['dropped']
r4 = json.load(open('out4/stats.json'))['reasons']['dropped']
assert r3.get('gopher_short_doc') == 1, r3
assert 'gopher_short_doc' not in r4, r4
PY
# bad keys and values are usage errors naming the file and line
printf 'gopher_min_doc_words = 10\nno_such_key = 3\n' > bad.cfg
set +e
$W run --config bad.cfg -o out6 in.jsonl 2> err.txt; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q 'bad.cfg: line 2: unknown key' err.txt
# the fineweb preset: language ID first, then FineWeb's filters in FineWeb's order
$W run -q --preset fineweb -o out5 --compress none in.jsonl
python3 - <<'PY'
import json
st = json.load(open("out5/stats.json"))
names = [s["name"] for s in st["stages"]]
assert names[-5:] == ["langid", "gopher_repetition", "gopher_quality", "c4", "fineweb"], names
assert st["reasons"]["dropped"].get("language", 0) >= 40, st["reasons"]   # made-up words are not English
PY
# a missing model stops the run before anything is written
set +e
$W run --preset fineweb --lang-model "$TMP/nope.ftz" -o out7 in.jsonl 2> err.txt; rc=$?
set -e
[ "$rc" -eq 3 ] && grep -q 'nope.ftz' err.txt && [ ! -e out7 ]
$W run --preset fineweb --print-config 2>/dev/null | grep -qx 'stages = langid, gopher_repetition, gopher_quality, c4, fineweb' 
$W run --preset fineweb --print-config 2>/dev/null | grep -qx 'c4_filter_no_terminal_punct = false'
# clean --c4-lines: the same line rules, each switchable
printf 'The cat sat on the mat.\nno punctuation here at all\nPlease enable JavaScript now.\nTwo words.\n' > c.txt
out=$($W clean --rules none --c4-lines c.txt)
[ "$out" = "The cat sat on the mat." ]
out=$($W clean --rules none --c4-lines --c4-filter-no-terminal-punct false --c4-filter-javascript false c.txt)
[ "$out" = "$(printf 'The cat sat on the mat.\nno punctuation here at all\nPlease enable JavaScript now.')" ]
echo ok
