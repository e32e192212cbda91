# Paths that do not fit are refused by name, never cut short: a cut path names another file
# (here the shards of a run with a long -o would have gone to a sibling folder).
. "$ROOT/tests/cli/lib.sh"
printf '{"text":"one document"}\n' > "$TMP/in.jsonl"
# -o of 4050 bytes: each component fits NAME_MAX, the whole fits PATH_MAX, but not
# with the run's own files (.ranks/r0/dropped/00000.jsonl.zst.tmp.PID) under it
long="$TMP"
while [ ${#long} -lt 3800 ]; do long="$long/$(printf 'd%.0s' $(seq 1 200))"; done
long="$long/$(printf 'e%.0s' $(seq 1 $((4050 - ${#long} - 1))))"
[ ${#long} -eq 4050 ] || die "generator: -o is ${#long} bytes"
(cd "$TMP" && "$WINNOW" run --compress none in.jsonl -o "$long") 2> "$TMP/err"
rc=$?
cat "$TMP/err"
[ $rc -eq 2 ] || die "exit $rc for a -o too long for the run's files, expected 2"
grep -q 'path too long' "$TMP/err" || die "the message does not say the path is too long"
# nothing was written under a cut name anywhere in TMP
if find "$TMP" -name '*.jsonl' ! -name in.jsonl | grep -q .; then die "shards written: $(find "$TMP" -name '*.jsonl')"; fi
# a report of a directory whose stats.json path does not fit names it
"$WINNOW" report "$long/$(printf 'f%.0s' $(seq 1 60))" 2> "$TMP/err2"
rc=$?
[ $rc -ne 0 ] || die "report of an unreachable path succeeded"
