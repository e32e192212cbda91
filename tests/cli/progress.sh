# A progress line appears when stderr is a terminal (script(1) gives one); otherwise no terminal
# control codes are written (log lines instead: tests/cli/batch_log.sh).
# WINNOW_TEST_PROGRESS_EVERY_BATCH makes the line follow every batch instead of every 0.2 s,
# so that the test sees it on any machine: a run of several batches cannot end without one.
. "$ROOT/tests/cli/lib.sh"
export WINNOW_TEST_PROGRESS_EVERY_BATCH=1
WINNOW=$WINNOW_HOOKS   # the CLI with test hooks, for all of this test
python3 -c "
import json
for i in range(3000): print(json.dumps({'text': 'document number %d with some words in it' % i}))" > "$TMP/in.jsonl"
script -qec "$WINNOW run -j2 $TMP/in.jsonl -o $TMP/out" /dev/null > "$TMP/tty.txt" || die "run failed"
grep -q 'docs/s' "$TMP/tty.txt" || { cat "$TMP/tty.txt"; die "no progress line on a terminal"; }
"$WINNOW" run -j2 "$TMP/in.jsonl" -o "$TMP/out2" 2> "$TMP/notty.txt" || die "run failed"
! grep -q $'\033\\[K' "$TMP/notty.txt" || die "progress line written to a non-terminal"
grep -q 'docs/s' "$TMP/notty.txt" || die "no log line written to a non-terminal"
accounting "$TMP/out2"
