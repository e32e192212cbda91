# wn_run_files and wn_dedup_files against `winnow run` and `winnow dedup` (the oracle): the
# same inputs and options give the same shards, byte for byte, and the same document counts
# in stats.json; plus their errors (a missing model, a locked output directory).
set -eu
. "$ROOT/tests/cli/lib.sh"
API="$BUILD/tests/test_api"
export WINNOW_MODEL="$ROOT/models/lid.176.ftz" WINNOW_STOPWORDS="$ROOT/data/stopwords-iso.json"
cd "$TMP"
# duplicates for dedup: the sample JSONL twice, and its texts as plain lines
cp "$ROOT/samples/mixed.jsonl" a.jsonl
cp "$ROOT/samples/mixed.jsonl" b.jsonl
inputs=("$ROOT/samples/crawl-sample.warc.gz" a.jsonl b.jsonl "$ROOT/samples/seed-news-article.txt")
same_dirs() { # NAME CLI_DIR API_DIR
    local f
    for f in $(cd "$2" && ls kept/* dropped/* 2>/dev/null); do
        cmp -s "$2/$f" "$3/$f" || die "$1: $f differs"
    done
    [ "$(cd "$2" && ls kept dropped 2>/dev/null)" = "$(cd "$3" && ls kept dropped 2>/dev/null)" ] || die "$1: shard lists differ"
    for d in "$2" "$3"; do
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"])' "$d/stats.json"
    done | uniq | wc -l | grep -qx 1 || die "$1: stats.json documents differ"
    accounting "$3"
}
k=0
check() { # NAME CMD "CLI options" -- API key=value...
    local name=$1 cmd=$2; shift 2
    local cli=()
    while [ "$1" != -- ]; do cli+=("$1"); shift; done; shift
    k=$((k + 1))
    "$WINNOW" "$cmd" -q -j2 --max-failed 1 -o "cli$k" "${cli[@]}" "${inputs[@]}" || die "$name: winnow $cmd failed"
    "$API" files "$cmd" "api$k" threads=2 "$@" -- "${inputs[@]}" > "api$k.out" || die "$name: test_api files failed"
    same_dirs "$name" "cli$k" "api$k"
    echo "$name: $(cat "api$k.out"): shards identical"
}
check "run" run --
check "run fineweb, gzip, small shards" run --preset fineweb --compress gzip --shard-size 2K -- preset=fineweb compress=gzip shard-size=2K
check "run languages en, no dropped" run --languages en --dropped no -- languages=en dropped=no
check "run --dedup exact,minhash" run --dedup exact,minhash --clean -- dedup=exact,minhash clean=true
check "dedup" dedup --
check "dedup paragraph, url" dedup --method paragraph,url --paragraph-min-chars 10 -- dedup=paragraph,url paragraph-min-chars=10
[ ! -e api3/.dedup-work ] && [ ! -e api4/.dedup-work ] || die "the dedup work directory was left"
grep -q ' 0 dropped' api4.out && die "dedup dropped nothing (no duplicates: a vacuous test)"
# errors: a missing model, a locked directory, no input
"$API" files run bad1 languages=en model=/nonexistent.ftz -- a.jsonl > /dev/null 2> err1 && die "missing model accepted"
grep -q "io_error: .*/nonexistent.ftz" err1 || die "missing model: $(cat err1)"
mkdir locked
exec 9> locked/.lock
flock 9
"$API" files run locked -- a.jsonl > /dev/null 2> err2 && die "a locked directory was written"
grep -q "locked" err2 || grep -q "pid" err2 || die "locked: $(cat err2)"
exec 9>&-
echo "errors: $(head -c 150 err1); $(head -c 150 err2)"
