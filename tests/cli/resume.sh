# An interrupted run resumes from its last checkpoint: the rerun says from where, does not
# redo the documents before it, and gives the same shards and stats.json as an uninterrupted
# run, even with another -j. A checkpoint that is damaged is not used: the run starts over
# and the output is still right. A rerun with other options or changed inputs is refused
# (exit 2, naming the difference, the folder untouched); with --overwrite it starts over.
. "$ROOT/tests/cli/lib.sh"
python3 - "$TMP/in.jsonl" <<'PY'
import json, random, sys
random.seed(11)
words = "the river rose by two metres overnight after heavy rain and the council opened a shelter".split()
with open(sys.argv[1], "w") as f:
    for i in range(6000):
        n = random.randint(0, 60)
        lines = [" ".join(random.choice(words) for _ in range(random.randint(1, 12))) for _ in range(n // 4 + 1)]
        f.write(json.dumps({"id": f"d{i}", "text": "\n".join(lines) if n else ""}) + "\n")
        if i % 700 == 0:
            f.write("{broken json line\n")
PY
# the WARC first: its reader counts (records skipped by type) must survive the replay
inputs=("$ROOT/samples/crawl-sample.warc.gz" "$TMP/in.jsonl")
opts=(--max-failed 0 --clean --langid --shard-size 32K --checkpoint-every 32K)   # langid: language counts must survive too

# killed DIR N OPTS...: runs until right after the N-th checkpoint, where it is killed
killed() {
    local dir=$1 n=$2; shift 2
    # in a subshell, whose stderr also takes the shell's "Killed" notice
    (WINNOW_TEST_KILL_AFTER_CHECKPOINT=$n "$WINNOW_HOOKS" run -q "$@" "${inputs[@]}" -o "$dir"; exit $?) 2>/dev/null
    [ $? -eq 137 ] || die "the run was not killed at checkpoint $n"
    [ -f "$dir/.checkpoint" ] || die "no checkpoint left by the killed run"
    [ ! -f "$dir/stats.json" ] || die "a killed run wrote stats.json"
}

"$WINNOW" run -q -j2 "${opts[@]}" "${inputs[@]}" -o "$TMP/full"
[ $? -eq 1 ] || die "the full run should exit 1 (broken lines fail)"
accounting "$TMP/full"
[ "$(ls "$TMP/full/kept" | wc -l)" -gt 8 ] || die "expected many shards, so that checkpoints are taken"
[ ! -e "$TMP/full/.checkpoint" ] || die "a completed run left its checkpoint"
python3 -c "import json,sys; l=json.load(open('$TMP/full/stats.json'))['languages']; sys.exit(len(l) < 3)" ||
    die "expected documents in several languages in stats.json"

# killed, then resumed with another -j
killed "$TMP/cut" 4 -j2 "${opts[@]}"
"$WINNOW" run -j1 "${opts[@]}" "${inputs[@]}" -o "$TMP/cut" 2> "$TMP/err"
[ $? -eq 1 ] || { cat "$TMP/err" >&2; die "resumed run failed"; }
n=$(sed -n 's/.*resuming an interrupted run after \([0-9]*\) documents.*/\1/p' "$TMP/err")
[ -n "$n" ] && [ "$n" -gt 0 ] || { cat "$TMP/err" >&2; die "the rerun did not resume"; }
total=$(python3 -c "import json; print(json.load(open('$TMP/full/stats.json'))['documents']['in'])")
[ "$n" -lt "$total" ] || die "resumed after $n of $total documents"
# the stage ran only on the documents after the checkpoint... but reports them all
accounting "$TMP/cut"
same_output "$TMP/full" "$TMP/cut" "resumed run"
[ ! -e "$TMP/cut/.checkpoint" ] || die "the resumed run left its checkpoint"

# killed twice in a row at later checkpoints, then finished
killed "$TMP/twice" 2 -j2 "${opts[@]}"
killed "$TMP/twice" 3 -j2 "${opts[@]}"
"$WINNOW" run -q -j2 "${opts[@]}" "${inputs[@]}" -o "$TMP/twice"
same_output "$TMP/full" "$TMP/twice" "run killed twice"

# kept and dropped rotate by themselves: every shard but the last of each holds at least the
# shard size (cutting both when one is full made dropped shards of a few lines)
python3 - "$TMP/full" 32768 <<'PY' || die "a shard was cut before it was full"
import os, subprocess, sys
d, size = sys.argv[1], int(sys.argv[2])
for kind in ("kept", "dropped"):
    names = sorted(os.listdir(os.path.join(d, kind)))
    lens = [len(subprocess.run(["zstdcat", os.path.join(d, kind, n)], capture_output=True, check=True).stdout) for n in names]
    assert len(lens) >= 2, (kind, lens)
    assert all(n >= size for n in lens[:-1]), (kind, lens)
PY

# large shards and a small checkpoint interval: checkpoints fall inside open shards (a frame
# ends there and the .tmp is fsynced); killed after one and resumed, nothing is lost or doubled
# and the bytes are those of an uninterrupted run
big=(--max-failed 0 --clean --langid --shard-size 1M --checkpoint-every 16K)
"$WINNOW" run -q -j2 "${big[@]}" "${inputs[@]}" -o "$TMP/bigfull"
[ $? -eq 1 ] || die "the run with large shards should exit 1"
killed "$TMP/big" 5 -j2 "${big[@]}"
ls "$TMP/big/kept" | grep -q '\.tmp$' || die "expected the kill inside an open kept shard"
[ "$(ls "$TMP/big/kept" | grep -cv '\.tmp$')" -eq 0 ] || die "expected no kept shard closed before the kill"
"$WINNOW" run -j1 "${big[@]}" "${inputs[@]}" -o "$TMP/big" 2> "$TMP/err"
[ $? -eq 1 ] || { cat "$TMP/err" >&2; die "resuming inside an open shard failed"; }
grep -q "resuming an interrupted run after [1-9]" "$TMP/err" || { cat "$TMP/err" >&2; die "did not resume"; }
accounting "$TMP/big"
same_output "$TMP/bigfull" "$TMP/big" "run resumed inside open shards"
# killed after a shard was closed (renamed) past the last checkpoint, which saw it open: that
# shard is renamed back and cut to what the checkpoint saw; the next one's .tmp goes
mid=(--max-failed 0 --clean --langid --shard-size 1M --checkpoint-every 600K)
"$WINNOW" run -q -j2 "${mid[@]}" "${inputs[@]}" -o "$TMP/midfull"
(WINNOW_TEST_KILL_AFTER_BATCH=28 "$WINNOW_HOOKS" run -q -j2 "${mid[@]}" "${inputs[@]}" -o "$TMP/mid"; exit $?) 2>/dev/null
[ $? -eq 137 ] || die "the run was not killed after batch 28"
[ -f "$TMP/mid/kept/00000.jsonl.zst" ] && grep '^stream' "$TMP/mid/.checkpoint" | tail -2 | grep -q '^stream 0 [1-9][0-9]* [0-9]* kept$' ||
    die "expected shard 0 closed after a checkpoint that saw it open: $(ls "$TMP/mid/kept"; grep '^stream' "$TMP/mid/.checkpoint")"
"$WINNOW" run -q -j1 "${mid[@]}" "${inputs[@]}" -o "$TMP/mid"
[ $? -eq 1 ] || die "resuming after a closed shard failed"
same_output "$TMP/midfull" "$TMP/mid" "run resumed with a shard closed after its checkpoint"

# a damaged checkpoint is not used
killed "$TMP/bad" 3 -j2 "${opts[@]}"
python3 - "$TMP/bad/.checkpoint" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
i = b.index(b"totals ") + 8
b[i] = ord("7") if b[i] != ord("7") else ord("3")
open(p, "wb").write(b)
PY
"$WINNOW" run -j2 "${opts[@]}" "${inputs[@]}" -o "$TMP/bad" 2> "$TMP/err"
grep -q "not resuming.*checksum" "$TMP/err" || { cat "$TMP/err" >&2; die "a damaged checkpoint was not refused"; }
grep -q "resuming an interrupted" "$TMP/err" && die "resumed from a damaged checkpoint"
same_output "$TMP/full" "$TMP/bad" "run after a damaged checkpoint"

listing() { (cd "$1" && find . -type f ! -name .lock | sort | xargs sha256sum); }
# other options: refused, then replaced with --overwrite (the checkpoint is not theirs)
killed "$TMP/other" 3 -j2 "${opts[@]}"
"$WINNOW" run -q -j2 --shard-size 32K "${inputs[@]}" -o "$TMP/other-ref"
before=$(listing "$TMP/other")
"$WINNOW" run -j2 --shard-size 32K "${inputs[@]}" -o "$TMP/other" 2> "$TMP/err"
rc=$?; [ $rc -eq 2 ] || { cat "$TMP/err" >&2; die "rerun with other options into an interrupted run: exit $rc, expected 2"; }
grep -q "holds an interrupted run of another command" "$TMP/err" &&
    grep -q "option --clean: given to the run there, not now" "$TMP/err" &&
    grep -q "option --langid: given to the run there, not now" "$TMP/err" &&
    grep -q -- "--overwrite" "$TMP/err" || { cat "$TMP/err" >&2; die "the refusal does not say what differs"; }
[ "$before" = "$(listing "$TMP/other")" ] || die "a refused rerun changed the folder"
"$WINNOW" run -j2 --overwrite --shard-size 32K "${inputs[@]}" -o "$TMP/other" 2> "$TMP/err"
grep -q "not resuming" "$TMP/err" || die "a checkpoint of other options was used"
same_output "$TMP/other-ref" "$TMP/other" "run with other options"

# inputs changed since the checkpoint: refused too, naming the input; --overwrite starts over
killed "$TMP/changed" 3 -j2 "${opts[@]}"
touch -d '2001-01-01' "$TMP/in.jsonl"
before=$(listing "$TMP/changed")
"$WINNOW" run -j2 "${opts[@]}" "${inputs[@]}" -o "$TMP/changed" 2> "$TMP/err"
rc=$?; [ $rc -eq 2 ] || { cat "$TMP/err" >&2; die "rerun with changed inputs: exit $rc, expected 2"; }
grep -q "input .*in.jsonl changed: .* modified 20[0-9][0-9]-.* then, .* modified 2001-01-01 .* now" "$TMP/err" ||
    { cat "$TMP/err" >&2; die "the refusal does not name the changed input"; }
[ "$before" = "$(listing "$TMP/changed")" ] || die "a refused rerun changed the folder"
"$WINNOW" run -j2 --overwrite "${opts[@]}" "${inputs[@]}" -o "$TMP/changed" 2> "$TMP/err"
grep -q "not resuming" "$TMP/err" || die "a checkpoint was used for changed inputs"
same_output "$TMP/full" "$TMP/changed" "run after the inputs changed"
