# The public C API's chain and wn_run against `winnow run` (the oracle): the same inputs and
# options give byte-identical lines (wn_document_to_json = the CLI's shard lines), kept and
# dropped, in the same order, wn_run on 1 and 3 threads counting what the CLI counts, on the
# sample WARC, the sample JSONL and text, and 60 pages of the extraction eval set, with the
# default config, --preset fineweb, --languages en, --clean, markdown extraction; and
# wn_lang_predict against `fasttext predict-prob` on the lines of the seed article.
# The library side is build/tests/test_api's tool modes (tests/unit/test_api.c).
set -eu
. "$ROOT/tests/cli/lib.sh"
API="$BUILD/tests/test_api"
[ -x "$API" ] || die "$API missing"
export WINNOW_MODEL="$ROOT/models/lid.176.ftz" WINNOW_STOPWORDS="$ROOT/data/stopwords-iso.json"
[ -f "$WINNOW_MODEL" ] || die "models/lid.176.ftz missing (scripts/fetch-lid-model.sh)"
cd "$TMP"
# cut inputs: a WARC cut inside a record (a failed record, then reading goes on) and a gzipped
# JSONL cut short (the stream's loss is one failed document, PATH:error), for wn_input as for
# the CLI
size=$(stat -c %s "$ROOT/samples/crawl-sample.warc.gz")
head -c $((size * 2 / 3)) "$ROOT/samples/crawl-sample.warc.gz" > cut.warc.gz
gzip -c "$ROOT/samples/mixed.jsonl" > full.jsonl.gz
head -c $(($(stat -c %s full.jsonl.gz) * 2 / 3)) full.jsonl.gz > cut.jsonl.gz
inputs=("$ROOT/samples/crawl-sample.warc.gz" "$ROOT/samples/mixed.jsonl" "$ROOT/samples/seed-news-article.txt"
        cut.warc.gz cut.jsonl.gz)
while IFS= read -r -d '' f; do inputs+=("$f"); done < \
    <(find "$SHARED/data/trafilatura-eval/html" -type f -name '*.html' -print0 | LC_ALL=C sort -z | head -z -n 60)
[ "${#inputs[@]}" -eq 65 ] || die "expected 60 eval pages, found $((${#inputs[@]} - 5))"
# same NAME "CLI options..." -- "API key=value..."
n=0
same() {
    local name=$1; shift
    local cli=() api=()
    while [ "$1" != -- ]; do cli+=("$1"); shift; done; shift
    api=("$@")
    n=$((n + 1))
    rm -rf "cli$n" "api$n"; mkdir "api$n"
    "$WINNOW" run -q -j2 --max-failed 1 --compress none -o "cli$n" "${cli[@]}" "${inputs[@]}" || die "$name: winnow run failed"
    "$API" chain "api$n" "${api[@]}" -- "${inputs[@]}" || die "$name: test_api chain failed"
    cat "cli$n"/kept/*.jsonl > "cli$n/kept.jsonl"
    cat "cli$n"/dropped/*.jsonl > "cli$n/dropped.jsonl"
    for k in kept dropped; do
        cmp -s "cli$n/$k.jsonl" "api$n/$k.jsonl" ||
            { diff <(head -c 3000 "cli$n/$k.jsonl") <(head -c 3000 "api$n/$k.jsonl") | head -20; die "$name: $k lines differ"; }
    done
    [ -s "cli$n/kept.jsonl" ] || die "$name: nothing kept (a vacuous comparison)"
    # wn_run from a source callback to a sink callback, on 1 and 3 worker threads
    local in=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"]["in"])' "cli$n/stats.json")
    for j in 1 3; do
        rm -rf "run$n.$j"; mkdir "run$n.$j"
        "$API" run "run$n.$j" threads=$j "${api[@]}" -- "${inputs[@]}" > "run$n.$j/out" || die "$name: test_api run -j$j failed"
        grep -q "^$in in, .* $in sunk$" "run$n.$j/out" || die "$name: wn_run -j$j counted $(cat "run$n.$j/out"), the CLI $in in"
        for k in kept dropped; do
            cmp -s "cli$n/$k.jsonl" "run$n.$j/$k.jsonl" || die "$name: wn_run -j$j: $k lines differ"
        done
    done
    echo "$name: $(wc -l < "cli$n/kept.jsonl") kept, $(wc -l < "cli$n/dropped.jsonl") dropped: chain and wn_run (-j1, -j3) identical"
}
same default --
same fineweb --preset fineweb -- preset=fineweb
same languages --languages en -- languages=en
same clean --clean -- clean=true
same "markdown, clean rules, paragraph langid" --extract-format markdown --clean-rules nav,repeated --paragraph-langid -- \
    extract-format=markdown clean-rules=nav,repeated paragraph-langid=true
same "gopher with a threshold and explain" --preset gopher --gopher-min-doc-words 20 --explain -- \
    preset=gopher gopher-min-doc-words=20 explain=true
[ "$(wc -l < cli3/dropped.jsonl)" -gt 0 ] || die "languages en dropped nothing"
grep -q '"id":"cut.jsonl.gz:error".*"reason":"truncated"' api1/dropped.jsonl || die "the cut stream's loss is not a failed document"
grep -q '"source":"cut.warc.gz".*"reason":"truncated_record"' api1/dropped.jsonl || die "the cut WARC record is not a failed document"

# wn_lang_predict = fastText's predict on each line (every line ends in '\n': predict-prob's
# answer for it is the Python module's)
command -v fasttext >/dev/null || die "fasttext CLI missing (scripts/packages.txt)"
grep -v '</s>' "$SHARED/seed/000_199b5b13a894299b.txt" | grep . > lines.txt
printf 'Hello world\nBonjour tout le monde\n\xff\xfe broken\nx\n' >> lines.txt
for args in "1 0" "-1 0" "5 0.01"; do
    set -- $args
    fasttext predict-prob "$WINNOW_MODEL" lines.txt "$1" "$2" > f.out
    "$API" predict "$WINNOW_MODEL" "$1" "$2" lines.txt > a.out
    cmp -s f.out a.out || { diff f.out a.out | head; die "predict k=$1 threshold=$2 differs from fasttext"; }
done
echo "predict: $(wc -l < lines.txt) lines identical to fasttext predict-prob"
