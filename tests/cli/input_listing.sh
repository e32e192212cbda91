# Input directories (issue 18 item 10): a symlink loop is not listed forever, a FIFO in a
# directory is skipped with a warning (it blocked the run forever) while one given on the
# command line is read, a symlink to a file listed already is not read twice; each skip is
# named on stderr and counted in stats.json "reader"; in = kept + dropped + failed.
. "$ROOT/tests/cli/lib.sh"
d="$TMP/in"; mkdir -p "$d/sub"
printf '{"text":"first document"}\n' > "$d/a.jsonl"
printf '{"text":"second document"}\n' > "$d/sub/b.jsonl"
ln -s .. "$d/sub/up"              # a loop: in/sub/up -> in
ln -s ../../in "$d/sub/again"     # a second one
ln -s a.jsonl "$d/link-to-a.jsonl"
mkfifo "$d/pipe.jsonl"
# no writer ever opens the FIFO: reading it would block; the run must end by itself (a
# generous bound only to turn a hang into a failure, never reached by a correct run)
timeout 300 "$WINNOW" run --compress none "$d" -o "$TMP/out" 2> "$TMP/err"
rc=$?
cat "$TMP/err"
[ $rc -eq 0 ] || die "exit $rc"
accounting "$TMP/out"
grep -q 'pipe.jsonl: not a regular file' "$TMP/err" || die "no warning for the FIFO"
grep -q 'link-to-a.jsonl: the same file as .*a.jsonl' "$TMP/err" || die "no warning for the duplicate"
grep -q 'sub/up: a directory listed already' "$TMP/err" || die "no warning for the loop"
python3 - "$TMP/out" <<'PY' || die "counts"
import json, sys
s = json.load(open(sys.argv[1] + "/stats.json"))
assert s["documents"]["in"] == 2 and s["documents"]["kept"] == 2, s["documents"]
assert [p["path"].rsplit("/in/", 1)[1] for p in s["per_input"]] == ["a.jsonl", "sub/b.jsonl"], s["per_input"]
r = s["reader"]
assert r["listing_skipped_special"] == 1 and r["listing_skipped_duplicate"] == 1 and r["listing_skipped_loop"] == 2, r
PY
# a FIFO named on the command line is read
mkfifo "$TMP/p2"
printf '{"text":"through a pipe"}\n' > "$TMP/p2" &
timeout 300 "$WINNOW" run -q --compress none "$TMP/p2" -o "$TMP/out2" || die "FIFO argument: exit $?"
wait
accounting "$TMP/out2"
grep -q '"through a pipe"' "$TMP/out2/kept/00000.jsonl" || die "FIFO argument not read"
exit 0
