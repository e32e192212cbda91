# Damaged containers lose only what is damaged (issue 18 items 3, 4): a lying Content-Length
# or a cut gzip member costs its own record, failed once with its offset; every other record
# is read, none twice; in = kept + dropped + failed.
. "$ROOT/tests/cli/lib.sh"
gen() { python3 "$ROOT/tests/gen_containers.py" "$1" "$TMP/$1" || die "generator: $1"; }
# check CASE DAMAGED_RECORD REASON: records 1-5 each once, the damaged one failed as REASON
check() {
    local c=$1 bad=$2 reason=$3
    gen "$c"
    "$WINNOW" run -q --compress none "$TMP/$c" -o "$TMP/o-$c" 2> "$TMP/err-$c"
    [ $? -eq 1 ] || die "$c: expected exit 1"
    accounting "$TMP/o-$c"
    python3 - "$TMP/o-$c" "$bad" "$reason" "$c" <<'PY' || die "$c: records lost, doubled or misreported"
import json, sys
d, bad, reason, case = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
seen = {}
for kind in ("kept", "dropped"):
    for line in open("%s/%s/00000.jsonl" % (d, kind)):
        o = json.loads(line)
        seen.setdefault(o["id"], []).append(o)
want = {"<urn:uuid:rec-%d>" % i for i in range(1, 6)}
assert set(seen) == want, (case, sorted(seen))
for k, v in seen.items():
    assert len(v) == 1, (case, "emitted twice", k)
    failed = v[0].get("status") == "failed"
    assert failed == (k == "<urn:uuid:rec-%d>" % bad), (case, k, v[0].get("status"))
    if failed:
        assert v[0]["reason"] == reason, (case, v[0]["reason"])
        assert (case + ": offset ") in v[0]["error"], (case, v[0]["error"])
        if reason == "bad_content_length":   # says what lies and where reading goes on
            assert "runs past" in v[0]["error"] and "the next record starts at offset" in v[0]["error"], v[0]["error"]
s = json.load(open(d + "/stats.json"))
assert s["documents"] == {"in": 5, "kept": 4, "dropped": 0, "failed": 1}, (case, s["documents"])
PY
}
for c in lying-huge.warc lying-huge.warc.gz lying-5m.warc lying-5m.warc.gz lying-next.warc \
         lying-over.warc lying-over.warc.gz; do
    check "$c" 2 bad_content_length
done
check cut-member.warc.gz 2 corrupt_record
check cut-last.warc.gz 5 truncated_record

# a member cut inside its record's WARC header: the record's id is lost with it, but the record
# is still one failed document (it was a warning, and in = 4), named by its place in the input
gen cut-head.warc.gz
"$WINNOW" run -q --compress none "$TMP/cut-head.warc.gz" -o "$TMP/o-cut-head" 2> "$TMP/err-cut-head"
[ $? -eq 1 ] || die "cut-head: expected exit 1"
accounting "$TMP/o-cut-head"
python3 - "$TMP/o-cut-head" "$TMP/cut-head.warc.gz" <<'PY' || die "cut-head: the damaged record is not one failed document"
import json, sys
d, path = sys.argv[1], sys.argv[2]
kept = [json.loads(l)["id"] for l in open(d + "/kept/00000.jsonl")]
assert kept == ["<urn:uuid:rec-%d>" % i for i in (1, 3, 4, 5)], kept
failed = [json.loads(l) for l in open(d + "/dropped/00000.jsonl")]
assert len(failed) == 1 and failed[0]["status"] == "failed", failed
f = failed[0]
assert f["reason"] == "corrupt_record" and f["id"] == path + "/1", f
assert f["error"].startswith(path + ": offset ") and "is lost" in f["error"], f["error"]
s = json.load(open(d + "/stats.json"))
assert s["documents"] == {"in": 5, "kept": 4, "dropped": 0, "failed": 1}, s["documents"]
PY

# a valid zstd frame with a 256 MiB window (zstd --long=28) is read (it was "corrupt"); one
# asking for more than 2 GiB fails its input with a message that says so
gen good.warc
zstd -q --long=28 -c < "$TMP/good.warc" > "$TMP/long28.warc.zst"
"$WINNOW" run -q --compress none "$TMP/long28.warc.zst" -o "$TMP/o-long28" || die "long28: exit $?"
accounting "$TMP/o-long28"
python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['documents']; assert d['kept'] == 5, d" "$TMP/o-long28/stats.json" ||
    die "long28: not all records read"
python3 -c "import sys; sys.stdout.buffer.write(bytes([0x28, 0xB5, 0x2F, 0xFD, 0x00, (32 - 10) << 3, 1, 0, 0]))" > "$TMP/w32.zst"
"$WINNOW" run --compress none "$TMP/w32.zst" -o "$TMP/o-w32" 2> "$TMP/err-w32"
[ $? -eq 1 ] || die "w32: expected exit 1"
accounting "$TMP/o-w32"
grep -q 'w32.zst: offset 0: valid zstd frame whose window is over the 2 GiB winnow decodes' "$TMP/err-w32" ||
    die "w32: no message about the window: $(cat "$TMP/err-w32")"
exit 0
