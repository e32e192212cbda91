#!/usr/bin/env bash
# segmenter.sh: --segmenter through `winnow run`: with spacy-en the Gopher quality stage counts
# spaCy's English words ("don't" is "do", "n't"; "," and "." are symbol words) for documents
# whose metadata language is "en" or absent, and UAX #29 words for another language; C4 counts
# the sentencizer's sentences; uax29 is the default and the fineweb preset picks spacy-en; a
# bad name is a usage error.
set -eu
. "$ROOT/tests/cli/lib.sh"
cd "$TMP"
t="We don't stop, can't stop."
python3 - "$t" <<'PY'
import json, sys
t = sys.argv[1]
with open("in.jsonl", "w") as f:
    f.write(json.dumps({"id": "none", "text": t}) + "\n")
    f.write(json.dumps({"id": "de", "text": t, "metadata": {"language": "de"}}) + "\n")
    f.write(json.dumps({"id": "en", "text": t, "metadata": {"language": "en"}}) + "\n")
PY
counts() {
    cat "$1"/*/*.jsonl | python3 -c '
import sys, json
for l in sys.stdin:
    d = json.loads(l)
    print(d["id"], d["metadata"]["filters"]["gopher_word_count"])' | sort | tr '\n' ' '
}
# non-symbol words: spaCy: We do n't stop ca n't stop (7); UAX #29: We don't stop can't stop (5)
"$WINNOW" run -q --gopher-quality --explain --compress none -o def in.jsonl
[ "$(counts def)" = "de 5 en 5 none 5 " ] || die "default (uax29) counts: $(counts def)"
"$WINNOW" run -q --gopher-quality --explain --segmenter spacy-en --compress none -o sp in.jsonl
[ "$(counts sp)" = "de 5 en 7 none 7 " ] || die "spacy-en counts: $(counts sp)"
printf 'segmenter = spacy-en\n' > cfg
"$WINNOW" run -q --config cfg --gopher-quality --explain --compress none -o cf in.jsonl
[ "$(counts cf)" = "de 5 en 7 none 7 " ] || die "spacy-en from --config: $(counts cf)"
# C4's sentences: spaCy's sentencizer starts none inside the one token "Hi!Bye"; UAX #29
# breaks after the '!'
printf '{"id":"c","text":"Hi!Bye now and then."}\n' > c4.jsonl
c4_sent() {
    "$WINNOW" run -q --c4 --c4-filter-no-terminal-punct false --explain --segmenter "$1" \
        --compress none -o "c4_$1" c4.jsonl
    cat "c4_$1"/*/*.jsonl | python3 -c 'import sys, json; print(json.loads(sys.stdin.readline())["metadata"]["filters"]["c4_sentences"])'
}
[ "$(c4_sent uax29)" = 2 ] || die "uax29: C4 sentences $(c4_sent uax29), expected 2"
[ "$(c4_sent spacy-en)" = 1 ] || die "spacy-en: C4 sentences $(c4_sent spacy-en), expected 1"
"$WINNOW" run --preset fineweb --print-config | grep -q '^segmenter = spacy-en ' ||
    die "the fineweb preset does not pick spacy-en"
"$WINNOW" run --print-config | grep -q '^segmenter = uax29 ' || die "uax29 is not the default"
if "$WINNOW" run --segmenter nltk --print-config 2>err; then die "--segmenter nltk accepted"; fi
grep -q "segmenter" err || die "no message for a bad segmenter"
echo "segmenter: spacy-en for English and unlabelled documents, uax29 otherwise and by default"
