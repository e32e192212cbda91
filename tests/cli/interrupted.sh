# An interrupted run leaves no half shard under a final name; rerunning the same command gives
# the same output as an uninterrupted run; a completed run is not redone.
. "$ROOT/tests/cli/lib.sh"
python3 -c "
import json
for i in range(400000): print(json.dumps({'id': i, 'text': 'document %d, a line of words that the writer must compress' % i}))" > "$TMP/in.jsonl"
"$WINNOW" run -q -j2 --shard-size 1M "$TMP/in.jsonl" -o "$TMP/full" || die "full run failed"
# killed after its 2500th batch of 64 documents (WINNOW_TEST_KILL_AFTER_BATCH), in the middle
# of a shard: where the run is when killed depends on the input alone, not the machine's speed
(WINNOW_TEST_KILL_AFTER_BATCH=2500 "$WINNOW_HOOKS" run -q -j2 --shard-size 1M "$TMP/in.jsonl" -o "$TMP/cut"; exit $?) 2>/dev/null
[ $? -eq 137 ] || die "the run was not killed"
[ ! -f "$TMP/cut/stats.json" ] || die "a killed run wrote stats.json"
ls "$TMP/cut/kept/"*.zst >/dev/null 2>&1 || die "the killed run wrote no shard before it died"
for f in "$TMP"/cut/kept/*.zst; do
    [ -e "$f" ] || continue
    zstd -q -t "$f" || die "a complete-looking shard is damaged: $f"
done
"$WINNOW" run -q -j2 --shard-size 1M "$TMP/in.jsonl" -o "$TMP/cut" || die "rerun failed"
accounting "$TMP/cut"
a=$(cd "$TMP/full" && find kept dropped -type f | sort | xargs sha256sum)
b=$(cd "$TMP/cut" && find kept dropped -type f | sort | xargs sha256sum)
[ "$a" = "$b" ] || die "rerun after interruption differs from an uninterrupted run"
"$WINNOW" run -j1 --shard-size 1M "$TMP/in.jsonl" -o "$TMP/full" 2> "$TMP/err" || die "rerun of a completed run failed"
grep -q 'completed there already' "$TMP/err" || die "a completed run was redone"
