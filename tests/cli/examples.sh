# examples/ (built by make into build/examples/) against the CLI, the oracle: extract_page
# prints the title and text that `winnow run` writes for a page; chain_lines gives each line
# the verdict (kept with language and score, or dropped with reason) that `winnow run` gives it
# as a document; callback_run writes the lines `winnow run` writes, in input order.
set -eu
. "$ROOT/tests/cli/lib.sh"
EX="$BUILD/examples"
for e in extract_page chain_lines callback_run; do [ -x "$EX/$e" ] || die "$EX/$e missing (make examples)"; done
export WINNOW_MODEL="$ROOT/models/lid.176.ftz" WINNOW_STOPWORDS="$ROOT/data/stopwords-iso.json"
cd "$TMP"

# extract_page: 8 eval pages, title + blank line + text + newline, or exit 1 with the reason
n=0
while IFS= read -r -d '' page; do
    n=$((n + 1))
    rm -rf out; "$WINNOW" run -q --compress none -o out "$page" || die "winnow run $page"
    python3 - out > want.txt <<'PY'
import json, sys, glob
kept = [json.loads(l) for f in sorted(glob.glob(sys.argv[1] + "/kept/*")) for l in open(f, encoding="utf-8")]
if kept:
    d = kept[0]
    sys.stdout.write(d["metadata"].get("title", "") + "\n\n" + d["text"] + "\n")
else:
    d = [json.loads(l) for f in sorted(glob.glob(sys.argv[1] + "/dropped/*")) for l in open(f, encoding="utf-8")][0]
    sys.stdout.write("dropped " + d["reason"] + "\n")
PY
    if "$EX/extract_page" "$page" > got.txt 2> err.txt; then :; else
        [ $? -eq 1 ] || die "extract_page $page: $(cat err.txt)"
        printf 'dropped %s\n' "$(sed 's/.*: //' err.txt)" > got.txt
    fi
    cmp -s want.txt got.txt || { diff want.txt got.txt | head; die "extract_page $page differs from winnow run"; }
done < <(find "$SHARED/data/trafilatura-eval/html" -type f -name '*.html' -print0 | LC_ALL=C sort -z | head -z -n 8)
echo "extract_page: $n pages as winnow run extracts them"

# lines: the seed article's, other languages, short and empty lines
{
    cat "$SHARED/seed/000_199b5b13a894299b.txt"
    printf 'Bonjour tout le monde, ceci est une phrase en français.\n\n'
    printf 'Der schnelle braune Fuchs springt über den faulen Hund, und das ist alles.\n'
    printf 'ok\n%s\n' "$(for i in $(seq 60); do printf 'word%d and the other words of a line ' "$i"; done)"
} > lines.txt
python3 - lines.txt > lines.jsonl <<'PY'
import json, sys
for i, l in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]):
    print(json.dumps({"id": str(i), "text": l}, ensure_ascii=False))
PY
# the CLI's lines, kept and dropped merged back into input order
merged() { python3 - "$1" <<'PY'
import json, sys, glob
lines = [l for k in ("kept", "dropped") for f in sorted(glob.glob(sys.argv[1] + "/" + k + "/*"))
         for l in open(f, encoding="utf-8")]
lines.sort(key=lambda l: int(json.loads(l)["id"]))
sys.stdout.write("".join(lines))
PY
}

# chain_lines: verdicts
rm -rf out
"$WINNOW" run -q --compress none --max-failed 1 --format jsonl --languages en --gopher-quality \
    --gopher-min-doc-words 5 -o out lines.jsonl || die "winnow run lines"
merged out | python3 -c '
import json, re, sys
for l in sys.stdin:
    d = json.loads(l)
    if d.get("status"):
        print("dropped", d["reason"])
    else:
        print("kept", d["metadata"]["language"], re.search(r"\"language_score\":([^,}]+)", l).group(1))
' > want.txt
"$EX/chain_lines" languages=en gopher-quality=true gopher-min-doc-words=5 < lines.txt > got.txt ||
    die "chain_lines failed"
cmp -s want.txt got.txt || { diff want.txt got.txt | head; die "chain_lines differs from winnow run"; }
grep -q '^kept en ' got.txt && grep -q '^dropped language' got.txt && grep -q '^dropped gopher' got.txt ||
    die "chain_lines: not every kind of verdict was tested"
echo "chain_lines: $(wc -l < got.txt) verdicts as winnow run's"

# callback_run: the CLI's lines for the documents read from stdin, on 1 and 3 threads
rm -rf out
"$WINNOW" run -q --compress none --max-failed 1 --format jsonl --preset gopher -j3 -o out - < lines.jsonl ||
    die "winnow run stdin"
merged out > want.txt
for j in 1 3; do
    "$EX/callback_run" threads=$j preset=gopher < lines.txt > got.txt 2> err.txt || die "callback_run: $(cat err.txt)"
    cmp -s want.txt got.txt || { diff want.txt got.txt | head -5; die "callback_run -j$j differs from winnow run"; }
    grep -q "^$(wc -l < lines.txt) documents: " err.txt || die "callback_run counted: $(cat err.txt)"
done
echo "callback_run: $(wc -l < got.txt) lines as winnow run's, 1 and 3 threads"
