# http://, https:// and s3:// inputs, against tests/http_server.py on 127.0.0.1: the output of a
# URL equals the output of the same file read locally (every field but "source", which is the
# URL), also when the connection drops mid-body (resumed with a Range request, which the
# server's log shows) and after 500/429 answers; a 404, a server that cannot resume and a stall
# are each one failed input naming the URL and the reason, and the run goes on. The verdicts
# never depend on timing: failures are injected per request, and time-outs only bound how long
# a stall takes to be noticed.
set -eu
. "$ROOT/tests/cli/lib.sh"
W="$TMP/www"
mkdir -p "$W/bucket/dir"
# a WARC.gz large enough that a cut lands mid-file with members before and after it
for i in $(seq 1 12); do cat "$ROOT/samples/crawl-sample.warc.gz"; done > "$W/big.warc.gz"
cp "$W/big.warc.gz" "$W/bucket/dir/big.warc.gz"
cp "$ROOT/samples/mixed.jsonl" "$W/mixed.jsonl"
zstd -q -c "$ROOT/samples/mixed.jsonl" > "$W/mixed.jsonl.zst"
SIZE=$(stat -c %s "$W/big.warc.gz")
CUT=$((SIZE / 2 + 123))

/usr/bin/python3 "$ROOT/tests/http_server.py" "$W" > "$TMP/port" 2> "$TMP/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$TMP/port")
[ -n "$PORT" ] || die "the test server did not start"
U="http://127.0.0.1:$PORT"
# curl honours http_proxy: the loopback server must be reached directly
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
FAST="--http-backoff 1 --http-timeout 2 --compress none -q -j2"

# same DIR_A DIR_B SOURCE_B: every kept and dropped line equal, but "source" and
# metadata.file_path, which in B are SOURCE_B; and the same counts in stats.json
same() {
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY' || die "$2 differs from $1"
import glob, json, os, sys
a, b, src = sys.argv[1:]
def lines(d, kind):
    out = []
    for f in sorted(glob.glob(os.path.join(d, kind, "*.jsonl"))):
        out += [json.loads(l) for l in open(f, encoding="utf-8")]
    return out
for kind in ("kept", "dropped"):
    la, lb = lines(a, kind), lines(b, kind)
    assert len(la) == len(lb), (kind, len(la), len(lb))
    for x, y in zip(la, lb):
        assert y["source"] == src, (y["source"], src)
        # a failed record's error names its input: the path in A, the URL in B
        if "error" in x:
            x["error"] = x["error"].replace(x["source"], src, 1)
        x.pop("source"); y.pop("source")
        # metadata.file_path (one schema per run) is the input too
        assert y["metadata"].get("file_path") == src, (y["metadata"].get("file_path"), src)
        x["metadata"].pop("file_path", None); y["metadata"].pop("file_path")
        assert x == y, (kind, x.get("id"), y.get("id"))
sa, sb = (json.load(open(os.path.join(d, "stats.json"))) for d in (a, b))
assert sa["documents"] == sb["documents"], (sa["documents"], sb["documents"])
assert sa["documents"]["kept"] > 0
PY
}
requests() { grep -c "^GET $1 " "$TMP/server.log" || true; }

$WINNOW run "$W/big.warc.gz" -o "$TMP/local" $FAST || die "local run"
accounting "$TMP/local"

# a plain download
$WINNOW run "$U/big.warc.gz" -o "$TMP/plain" $FAST || die "http run"
same "$TMP/local" "$TMP/plain" "$U/big.warc.gz"
accounting "$TMP/plain"

# the connection drops after CUT bytes: the rest comes from a Range request answered 206
$WINNOW run "$U/drop-$CUT/big.warc.gz" -o "$TMP/drop" $FAST || die "dropped connection run"
same "$TMP/local" "$TMP/drop" "$U/drop-$CUT/big.warc.gz"
grep -q "^GET /drop-$CUT/big.warc.gz bytes=$CUT- -> 206" "$TMP/server.log" || die "no resume at byte $CUT: $(cat "$TMP/server.log")"
[ "$(requests "/drop-$CUT/big.warc.gz")" = 2 ] || die "the drop took other than 2 requests"

# 500 twice, then 429 twice: retried, same output
$WINNOW run "$U/err-500-2/big.warc.gz" -o "$TMP/e500" $FAST || die "500 run"
same "$TMP/local" "$TMP/e500" "$U/err-500-2/big.warc.gz"
[ "$(requests /err-500-2/big.warc.gz)" = 3 ] || die "500: not 3 requests"
# a 429 and a 503 that say "Retry-After: 1": each retry waits that second, not the 1 ms
# back-off (a lower bound on the time, which a slow machine only makes longer)
t0=$(date +%s%N)
$WINNOW run "$U/retry-after-1/err-429-1/err-503-2/big.warc.gz" -o "$TMP/ra" $FAST || die "Retry-After run"
t1=$(date +%s%N)
same "$TMP/local" "$TMP/ra" "$U/retry-after-1/err-429-1/err-503-2/big.warc.gz"
[ "$(requests /retry-after-1/err-429-1/err-503-2/big.warc.gz)" = 3 ] || die "Retry-After: not 3 requests"
[ $(( (t1 - t0) / 1000000 )) -ge 2000 ] || die "Retry-After: 1 twice, but the run took $(( (t1 - t0) / 1000000 )) ms"
$WINNOW run "$U/err-429-2/err-503-1/big.warc.gz" -o "$TMP/e429" $FAST || die "429 run"
same "$TMP/local" "$TMP/e429" "$U/err-429-2/err-503-1/big.warc.gz"

# a zstd JSONL file over HTTP, decoded by magic like a local one
$WINNOW run "$W/mixed.jsonl.zst" -o "$TMP/zlocal" $FAST --max-failed 1 || die "local zst"
$WINNOW run "$U/mixed.jsonl.zst" -o "$TMP/zhttp" $FAST --max-failed 1 || die "http zst"
same "$TMP/zlocal" "$TMP/zhttp" "$U/mixed.jsonl.zst"

# s3://bucket/key through --s3-endpoint (a trailing slash or not)
$WINNOW run s3://bucket/dir/big.warc.gz --s3-endpoint "$U/" -o "$TMP/s3" $FAST || die "s3 run"
same "$TMP/local" "$TMP/s3" "s3://bucket/dir/big.warc.gz"
grep -q "^GET /bucket/dir/big.warc.gz - -> 200" "$TMP/server.log" || die "s3: not path-style"

# failures: each one failed input, named with its reason in stats.json; the others are read
check_failed() { # DIR URL PATTERN
    /usr/bin/python3 - "$@" <<'PY' || die "$1: no failed input $2 matching '$3'"
import json, re, sys
d, url, pat = sys.argv[1:]
s = json.load(open(d + "/stats.json"))
errs = [p.get("error", "") for p in s["per_input"] if p["path"] == url]
assert errs and errs[0].startswith(url) and re.search(pat, errs[0]), errs
assert s["inputs"]["failed"] >= 1, s["inputs"]
PY
}
set +e
$WINNOW run "$U/missing.warc.gz" "$U/big.warc.gz" -o "$TMP/f404" $FAST 2> "$TMP/f404.err"
rc=$?
set -e
[ $rc = 1 ] || die "a 404 exited $rc, not 1 (a failed input): $(cat "$TMP/f404.err")"
check_failed "$TMP/f404" "$U/missing.warc.gz" "HTTP 404"
[ "$(requests /missing.warc.gz)" = 1 ] || die "a 404 was retried"
python3 -c "import json,sys; s=json.load(open('$TMP/f404/stats.json')); assert s['documents']['kept'] == json.load(open('$TMP/local/stats.json'))['documents']['kept']" \
    || die "the input after a 404 was not read whole"

set +e
$WINNOW run "$U/err-503-9/big.warc.gz" -o "$TMP/gaveup" $FAST --http-retries 2 2> "$TMP/gaveup.err"
rc=$?
set -e
[ $rc = 1 ] || die "giving up exited $rc"
check_failed "$TMP/gaveup" "$U/err-503-9/big.warc.gz" "HTTP 503; gave up after 3 attempts"
[ "$(requests /err-503-9/big.warc.gz)" = 3 ] || die "--http-retries 2: not 3 requests"

# a server that ignores Range after a drop: the input is cut there (no duplicated records)
set +e
$WINNOW run "$U/norange/drop-$CUT/big.warc.gz" -o "$TMP/norange" $FAST 2> "$TMP/norange.err"
set -e
check_failed "$TMP/norange" "$U/norange/drop-$CUT/big.warc.gz" "did not resume at that byte"
/usr/bin/python3 - "$TMP/local" "$TMP/norange" <<'PY' || die "records after a failed resume"
import glob, json, sys
ids = lambda d: [json.loads(l)["id"] for f in sorted(glob.glob(d + "/kept/*.jsonl")) for l in open(f)]
a, b = ids(sys.argv[1]), ids(sys.argv[2])
assert 0 < len(b) < len(a) and a[:len(b)] == b, (len(a), len(b))
PY

# a stall at byte CUT: the time-out ends the attempt, the retry gets no byte, and it gives up
set +e
$WINNOW run "$U/stall-$CUT/big.warc.gz" -o "$TMP/stall" $FAST --http-timeout 1 --http-retries 1 2> "$TMP/stall.err"
set -e
check_failed "$TMP/stall" "$U/stall-$CUT/big.warc.gz" "too slow"
accounting "$TMP/stall"

# --inputs-from: a list (gzip, with comments, blank lines, CRLF, spaces, relative entries under
# --base-url, an absolute path and a full URL kept as they are) reads what the same inputs given
# as arguments read: byte-identical shards
printf '# a Common Crawl style list\n\nbig.warc.gz\r\n  mixed.jsonl.zst  \n# done\n%s\n%s\n' \
    "$W/mixed.jsonl" "$U/drop-$CUT/big.warc.gz" | gzip > "$TMP/list.gz"
$WINNOW run "$U/big.warc.gz" "$U/mixed.jsonl.zst" "$W/mixed.jsonl" "$U/drop-$CUT/big.warc.gz" \
    -o "$TMP/args" $FAST --max-failed 1 || die "arguments run"
$WINNOW run --inputs-from "$TMP/list.gz" --base-url "$U" -o "$TMP/list" $FAST --max-failed 1 || die "list run"
python3 -c "import json; print([p['path'] for p in json.load(open('$TMP/list/stats.json'))['per_input']])" > "$TMP/list.paths"
grep -q "'$U/big.warc.gz', '$U/mixed.jsonl.zst', '$W/mixed.jsonl', '$U/drop-$CUT/big.warc.gz'" "$TMP/list.paths" \
    || die "the list's inputs: $(cat "$TMP/list.paths")"
for f in kept/00000.jsonl dropped/00000.jsonl; do
    cmp "$TMP/args/$f" "$TMP/list/$f" || die "--inputs-from: $f differs from the arguments' run"
done
# the same list from stdin, plain, with a trailing slash on the base; an argument goes first
gzip -dc "$TMP/list.gz" | $WINNOW run "$U/big.warc.gz" --inputs-from - --base-url "$U/" -o "$TMP/stdin" $FAST --max-failed 1 \
    || die "stdin list run"
n=$(python3 -c "import json; print(len(json.load(open('$TMP/stdin/stats.json'))['per_input']))")
[ "$n" = 5 ] || die "argument + stdin list: $n inputs, not 5"
# and a list served over HTTP
gzip -dc "$TMP/list.gz" > "$W/list.txt"
$WINNOW run --inputs-from "$U/list.txt" --base-url "$U" -o "$TMP/urllist" $FAST --max-failed 1 || die "URL list run"
cmp "$TMP/args/kept/00000.jsonl" "$TMP/urllist/kept/00000.jsonl" || die "a list over HTTP differs"
set +e
$WINNOW run --inputs-from "$TMP/nolist" -o "$TMP/nolist.out" $FAST 2> "$TMP/nolist.err"; rc=$?
$WINNOW run --base-url "$U" "$W/big.warc.gz" -o "$TMP/nobase.out" $FAST 2> "$TMP/nobase.err"; rc2=$?
set -e
[ $rc = 2 ] && grep -q "nolist" "$TMP/nolist.err" || die "a missing list: exit $rc, $(cat "$TMP/nolist.err")"
[ $rc2 = 2 ] || die "--base-url without a list: exit $rc2"

# winnow dedup takes URLs and the same list
$WINNOW dedup "$U/big.warc.gz" "$U/mixed.jsonl.zst" "$W/mixed.jsonl" "$U/drop-$CUT/big.warc.gz" \
    --method exact,url -o "$TMP/dargs" $FAST --max-failed 1 || die "dedup arguments run"
$WINNOW dedup --inputs-from "$TMP/list.gz" --base-url "$U" --method exact,url -o "$TMP/dlist" $FAST --max-failed 1 \
    || die "dedup list run"
cmp "$TMP/dargs/kept/00000.jsonl" "$TMP/dlist/kept/00000.jsonl" || die "dedup --inputs-from differs"

# a rerun of a completed URL run does nothing (its key is the URL, no stat)
before=$(requests /big.warc.gz)
$WINNOW run "$U/big.warc.gz" -o "$TMP/plain" $FAST || die "rerun"
[ "$(requests /big.warc.gz)" = "$before" ] || die "a completed URL run was fetched again"
echo "remote: ok"
