# ARC files (tests/gen_arc.py writes them from a WARC's response records): the WARC reader is the
# oracle. The ARC's documents (v1 plain and .gz, v2 .gz, detected by content and with --format
# arc) equal the WARC's: text, url, status and metadata but the WARC-only warc_record_id and
# file_path (the input's own path); the image and dns: records in the ARC are skipped and counted. A damaged ARC (a length that lies into the
# next record or past the end, a garbled header line, a cut gzip member) loses only the damaged
# record, failed once with a reason and an offset; in = kept + dropped + failed.
set -eu
. "$ROOT/tests/cli/lib.sh"
GEN="$ROOT/tests/gen_arc.py"
python3 "$ROOT/tests/gen_containers.py" good.warc "$TMP/good.warc" >/dev/null
cp "$ROOT/samples/crawl-sample.warc.gz" "$TMP/crawl.warc.gz"
# 3 MB decoded: the reader's window moves and grows (1 MiB reads) under records being parsed
for i in $(seq 30); do cat "$TMP/crawl.warc.gz"; done > "$TMP/big.warc.gz"

run() { # OUT INPUT [options...]: winnow run; exit 0, or 1 when a document failed
    out=$1 in=$2
    shift 2
    rc=0
    "$WINNOW" run "$in" -o "$out" "$@" 2>"$out.err" || rc=$?
    [ "$rc" -le 1 ] || { cat "$out.err"; die "winnow run $in exited $rc"; }
    accounting "$out"
}

cat > "$TMP/same.py" <<'PY'
# same.py WARC_OUT ARC_OUT [DAMAGED_URL REASON]: the ARC run's documents are the WARC run's
# (without DAMAGED_URL, which is one failed document with REASON and an offset instead)
import json, subprocess, sys, glob
def docs(d):
    out = []
    for kind in ("kept", "dropped"):
        for f in sorted(glob.glob(d + "/" + kind + "/*")):
            data = subprocess.run(["zstdcat", "-f", f], capture_output=True, check=True).stdout
            out += [json.loads(l) for l in data.splitlines()]
    return out
def view(o):
    m = {k: v for k, v in o.get("metadata", {}).items() if k not in ("warc_record_id", "file_path")}
    return (o["url"], o.get("status", "kept"), o.get("reason"), o["text"], json.dumps(m, sort_keys=True))
warc, arc = docs(sys.argv[1]), docs(sys.argv[2])
assert warc and all(o.get("status", "kept") != "failed" for o in warc), warc
damaged = sys.argv[3] if len(sys.argv) > 3 else None
failed = [o for o in arc if o.get("status", "kept") == "failed"]
if damaged:
    assert len(failed) == 1, failed
    f = failed[0]
    assert f["reason"] == sys.argv[4], f
    assert " offset " in f["error"] and f["text"] == "", f
    assert f["url"] in (damaged, ""), f
    # one document of that URL (a repeated file has it many times, all alike) is the lost one
    k = next(i for i, o in enumerate(warc) if o["url"] == damaged)
    warc = warc[:k] + warc[k + 1:]
else:
    assert not failed, failed
want = sorted(view(o) for o in warc)
got = sorted(view(o) for o in arc if o.get("status", "kept") != "failed")
assert want == got, "\n".join(str(x)[:300] for x in set(want) ^ set(got))
s = json.load(open(sys.argv[2] + "/stats.json"))
assert s["reader"].get("skipped_non_html") == 2, s["reader"]
PY

for w in good.warc crawl.warc.gz big.warc.gz; do
    python3 "$GEN" "$TMP/$w" "$TMP/$w.arc" >/dev/null
    python3 "$GEN" "$TMP/$w" "$TMP/$w.arc.gz" >/dev/null
    python3 "$GEN" --v2 "$TMP/$w" "$TMP/$w.v2.arc.gz" >/dev/null
    head -c 11 "$TMP/$w.arc" | grep -q '^filedesc://' || die "gen_arc.py wrote no version block"
    run "$TMP/o-$w" "$TMP/$w"
    run "$TMP/a-$w" "$TMP/$w.arc"
    run "$TMP/z-$w" "$TMP/$w.arc.gz"
    run "$TMP/f-$w" "$TMP/$w.arc.gz" --format arc
    run "$TMP/v-$w" "$TMP/$w.v2.arc.gz"
    for o in a z f v; do
        python3 "$TMP/same.py" "$TMP/o-$w" "$TMP/$o-$w" || die "$o-$w: ARC documents differ from the WARC's"
    done
done
# pages as HTML: the date is the WARC-Date form, the HTTP status and type are kept
zstdcat "$TMP/a-crawl.warc.gz/kept/"*.zst | python3 -c '
import json, sys
for l in sys.stdin:
    m = json.loads(l)["metadata"]
    assert m["date"].endswith("Z") and m["date"][4] == "-" and m["http_status"] == 200, m
'

# damage: good.warc has 5 pages http://example.com/1..5 (page K is http://example.com/K+1).
# A last member of which nothing decodes has no member after it to resync at: the stream's
# error ends the input, counted once as the input's failure (reason corrupt, with the offset).
n=0
for c in "lie 1 .arc bad_arc_length" "lie 1 .arc.gz bad_arc_length" "lie-end 4 .arc bad_arc_length" \
         "garble 2 .arc bad_arc_header" "garble 0 .arc.gz bad_arc_header" \
         "cut 2 .arc.gz corrupt_record" "cut 0 .arc.gz corrupt_record" "cut 4 .arc.gz truncated_record" \
         "zero 2 .arc.gz corrupt_record" "zero 4 .arc.gz corrupt"; do
    set -- $c
    n=$((n + 1))
    f="$TMP/d$n$3"
    python3 "$GEN" "$TMP/good.warc" "$f" "$1" "$2" >/dev/null
    run "$TMP/d$n" "$f"
    python3 "$TMP/same.py" "$TMP/o-good.warc" "$TMP/d$n" "http://example.com/$(($2 + 1))" "$4" ||
        die "damage '$c': not exactly the damaged record lost"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["documents"]; assert d["in"]==5 and d["failed"]==1, d' \
        "$TMP/d$n/stats.json" || die "damage '$c': counts"
done

# damage deep in the big file, past the first window
run "$TMP/o-big" "$TMP/big.warc.gz"
for c in "lie 70 .arc bad_arc_length" "cut 61 .arc.gz corrupt_record" "garble 93 .arc.gz bad_arc_header"; do
    set -- $c
    n=$((n + 1))
    f="$TMP/d$n$3"
    url=$(python3 "$GEN" "$TMP/big.warc.gz" "$f" "$1" "$2" | sed -n 2p)
    run "$TMP/d$n" "$f"
    python3 "$TMP/same.py" "$TMP/o-big.warc.gz" "$TMP/d$n" "$url" "$4" || die "damage '$c' in the big file"
done

# a file that is not ARC read as ARC: failed, never passed on as text
printf 'just some text\nwith lines\n' > "$TMP/not.arc"
run "$TMP/n" "$TMP/not.arc" --format arc
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["documents"]; assert d=={"in":1,"kept":0,"dropped":0,"failed":1}, d' \
    "$TMP/n/stats.json" || die "junk read as ARC"
echo ok
