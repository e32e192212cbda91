# The langid stage in `winnow run`: metadata.language/language_score equal fastText's answer on
# the text with newlines replaced by spaces (datatrove's way); --languages keeps/drops with
# reason "language" (strictly above the threshold); paragraph mode labels each line and drops
# the seed's Armenian menu line from the English article; -j1 and -j2 give the same bytes.
set -eu
LID="$ROOT/models/lid.176.ftz"
[ -f "$LID" ] || { echo "models/lid.176.ftz missing (scripts/fetch-lid-model.sh)"; exit 1; }
cd "$TMP"
SEED="$SHARED/seed/000_199b5b13a894299b.txt"
python3 - "$SEED" > docs.jsonl <<'PY'
import json, sys
seed = open(sys.argv[1], encoding="utf-8").read()
docs = [seed, "Le chat est sur la table.\nIl dort toute la journée.", "Der Hund schläft.\nEr ist müde.",
        "Это русский текст.\nВторая строка.", "ok", "\n\n"]
for i, t in enumerate(docs * 20):
    print(json.dumps({"id": str(i), "text": t}, ensure_ascii=False))
PY
"$WINNOW" run -q --model "$LID" --languages en,fr --format jsonl docs.jsonl -o out1 --compress none -j1
"$WINNOW" run -q --model "$LID" --languages en,fr --format jsonl docs.jsonl -o out2 --compress none -j2
cat out1/kept/* out1/dropped/* | md5sum > h1
cat out2/kept/* out2/dropped/* | md5sum > h2
cmp h1 h2
# The oracle: fastText on each text with '\n' -> ' ' (and a final '\n': the EOS token).
python3 - docs.jsonl > flat.txt <<'PY'
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(l)["text"].replace("\n", " "))
PY
fasttext predict-prob "$LID" flat.txt 1 > oracle.txt
python3 - oracle.txt out1 <<'PY'
import glob, json, sys
oracle = [l.split() for l in open(sys.argv[1])]
docs = {}
for f in glob.glob(sys.argv[2] + "/kept/*") + glob.glob(sys.argv[2] + "/dropped/*"):
    for l in open(f, encoding="utf-8"):
        d = json.loads(l)
        docs[int(d["id"])] = d
assert len(docs) == len(oracle), (len(docs), len(oracle))
for i, (lab, p) in enumerate(oracle):
    d = docs[i]
    if d.get("reason") == "empty":
        continue  # the decode stage drops blank documents before langid
    m = d["metadata"]
    code = lab[len("__label__"):]
    assert m["language"] == code, (i, m, lab)
    assert "%g" % m["language_score"] == p, (i, m["language_score"], p)
    keep = code in ("en", "fr") and float(p) > 0.65
    assert (d.get("status") is None) == keep, (i, d.get("status"), keep, p)
    if not keep:
        assert d["reason"] == "language", d
print("stage matches fastText on", len(oracle), "documents")
PY
# Paragraph mode on the seed: the Armenian first line goes, every English line stays.
"$WINNOW" run -q --model "$LID" --langid --drop-foreign-paragraphs --format text "$SEED" -o out3 --compress none
python3 - out3 "$SHARED/seed/expected.json" <<'PY'
import glob, json, sys
d = json.loads(open(glob.glob(sys.argv[1] + "/kept/*")[0], encoding="utf-8").readline())
exp = json.load(open(sys.argv[2], encoding="utf-8"))
assert d["metadata"]["language"] == exp["document_language"]
pl = d["metadata"]["paragraph_languages"]
assert pl[0]["language"] == "hy" and pl[0]["score"] > 0.9, pl[0]
lines = d["text"].split("\n")
assert "Մատչելիության հղումներ" not in lines
for l in exp["must_keep_in_order"]:
    assert l in lines, l
print("seed ok")
PY
# A threshold that nothing passes drops everything.
"$WINNOW" run -q --model "$LID" --languages en --language-threshold 1 --format jsonl docs.jsonl -o out4 --compress none
[ -z "$(cat out4/kept/* 2>/dev/null)" ]
