# Outputs that survive failures: a run stopped by a full disk writes no stats.json and its
# rerun resumes to the output of an uninterrupted run (run, dedup, run --dedup); every shard,
# checkpoint and stats.json is fsynced before its rename and its directory after; temporary
# files of a killed run are removed by the next; a second run into a busy folder is refused.
# The full disk is `ulimit -f` with SIGXFSZ ignored: a write past the limit fails with EFBIG.
. "$ROOT/tests/cli/lib.sh"
# small documents, and one of 900 KB in the middle: no file may pass 400 KB, so the shard
# that gets it fails after several checkpoints were taken
python3 - "$TMP/in.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(12000):
        t = "document %d about the river %d and the bridge %d" % (i, i * 7 % 13, i * 31 % 97)
        if i == 8000:
            t = " ".join("w%d" % j for j in range(120000))
        f.write(json.dumps({"id": i, "text": t}) + "\n")
PY
full_disk() {   # full_disk CMD...: runs CMD with files limited to 400 KB; prints its exit code
    (trap '' XFSZ; ulimit -f 400; "$@" 2> "$TMP/err"; echo $?)
}

# ---- winnow run on a full disk, then again with room
opts=(--compress none --shard-size 100K --checkpoint-every 100K)
"$WINNOW" run -q -j2 "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/full" || die "full run failed"
accounting "$TMP/full"
rc=$(full_disk "$WINNOW" run -j2 "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/cut")
[ "$rc" -eq 3 ] || { cat "$TMP/err"; die "full disk: exit $rc, expected 3"; }
[ ! -e "$TMP/cut/stats.json" ] || die "a run that failed to write its shards wrote stats.json"
grep -q "cut/kept/[0-9]*\.jsonl\.tmp: File too large" "$TMP/err" ||
    { cat "$TMP/err"; die "the error does not name the file and the system's reason"; }
[ -f "$TMP/cut/.checkpoint" ] || die "the failed run left no checkpoint to resume from"
"$WINNOW" run -j1 "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/cut" 2> "$TMP/err" ||
    { cat "$TMP/err"; die "rerun with room failed"; }
grep -q "resuming an interrupted run after [1-9][0-9]* documents" "$TMP/err" ||
    { cat "$TMP/err"; die "the rerun did not resume from the checkpoint"; }
accounting "$TMP/cut"
same_output "$TMP/full" "$TMP/cut" "run resumed after a full disk"

# ---- winnow dedup and run --dedup: no stats.json counting what the shards do not hold
"$WINNOW" dedup -q -j2 --method exact "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/dfull" || die "dedup failed"
accounting "$TMP/dfull"
rc=$(full_disk "$WINNOW" dedup -j2 --method exact "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/dcut")
[ "$rc" -eq 3 ] || { cat "$TMP/err"; die "dedup on a full disk: exit $rc, expected 3"; }
[ ! -e "$TMP/dcut/stats.json" ] || die "dedup on a full disk wrote stats.json"
grep -q "File too large" "$TMP/err" || { cat "$TMP/err"; die "dedup: the system's reason is not said"; }
"$WINNOW" dedup -q -j2 --method exact "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/dcut" || die "dedup rerun failed"
accounting "$TMP/dcut"
same_output "$TMP/dfull" "$TMP/dcut" "dedup rerun after a full disk"
rc=$(full_disk "$WINNOW" run -j2 --dedup exact "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/rdcut")
[ "$rc" -eq 3 ] || { cat "$TMP/err"; die "run --dedup on a full disk: exit $rc, expected 3"; }
[ ! -e "$TMP/rdcut/stats.json" ] || die "run --dedup on a full disk wrote stats.json"
"$WINNOW" run -q -j2 --dedup exact "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/rdcut" || die "run --dedup rerun failed"
accounting "$TMP/rdcut"

# ---- temporary files of a killed run are removed by the next one
(WINNOW_TEST_KILL_AFTER_CHECKPOINT=2 "$WINNOW_HOOKS" run -q "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/stale"; exit $?) 2>/dev/null
[ -f "$TMP/stale/.checkpoint" ] || die "the killed run left no checkpoint"
# what a kill between writing and renaming leaves (pids that are not running)
echo '{"documents": {"in": 1}}' > "$TMP/stale/stats.json.tmp.999999"
echo 'half' > "$TMP/stale/.checkpoint.tmp.999998"
echo 'half' > "$TMP/stale/kept/00005.jsonl.tmp"
"$WINNOW" run -q -j2 "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/stale" || die "run after a kill failed"
left=$(cd "$TMP/stale" && find . -name '*.tmp*')
[ -z "$left" ] || die "temporary files of a killed run are still there: $left"
same_output "$TMP/full" "$TMP/stale" "run after a killed one"

# ---- a second run into a folder another one is writing to is refused (exit 2, names the pid)
mkfifo "$TMP/fifo"
"$WINNOW" run -q "${opts[@]}" - -o "$TMP/busy" < "$TMP/fifo" & first=$!
exec 7> "$TMP/fifo"   # the first run holds the lock and waits for its input
for _ in $(seq 600); do [ -s "$TMP/busy/.lock" ] && break; sleep 0.1; done
[ -s "$TMP/busy/.lock" ] || die "the first run did not take the lock"
"$WINNOW" run -q "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/busy" 2> "$TMP/err"; rc=$?
[ "$rc" -eq 2 ] || { cat "$TMP/err"; die "second run into a busy folder: exit $rc, expected 2"; }
grep -q "busy: another winnow process (pid $first) is writing there" "$TMP/err" ||
    { cat "$TMP/err"; die "the refusal does not name the folder and the other pid"; }
"$WINNOW" dedup -q --method exact "$TMP/in.jsonl" -o "$TMP/busy" 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || die "dedup into a busy folder: exit $rc, expected 2"
head -n 50 "$TMP/in.jsonl" >&7
exec 7>&-
wait $first || die "the first run failed"
[ ! -e "$TMP/busy/.lock" ] || die "the lock file was left behind"
[ "$(python3 -c "import json; print(json.load(open('$TMP/busy/stats.json'))['documents']['in'])")" = 50 ] ||
    die "the first run's output was disturbed"

# ---- fsync before rename, and the directory after (when strace is there to watch)
if command -v strace >/dev/null; then
    # (LeakSanitizer cannot work under ptrace)
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -y -o "$TMP/trace" -e trace=fsync,fdatasync,rename,renameat,renameat2 \
        "$WINNOW" run -q -j2 "${opts[@]}" "$TMP/in.jsonl" -o "$TMP/traced" || die "traced run failed"
    python3 - "$TMP/trace" "$TMP/traced" <<'PY' || die "a file is renamed without being fsynced first, or its directory after"
import re, sys, os
synced, renames, pending = set(), 0, {}
for line in open(sys.argv[1]):
    # (a call another thread interrupts is printed "<unfinished ...>": the call was made)
    m = re.search(r'f(?:data)?sync\(\d+<([^>]*)>', line)
    if m:
        synced.add(m.group(1))
        pending.pop(m.group(1), None)   # the directory synced after its renames
        continue
    m = re.search(r'rename(?:at2?)?\((?:AT_FDCWD<[^>]*>, )?"([^"]*)", (?:AT_FDCWD<[^>]*>, )?"([^"]*)"', line)
    if m and "/traced" in m.group(2):
        tmp, final = m.group(1), m.group(2)
        renames += 1
        assert os.path.realpath(tmp) in synced or tmp in synced, "renamed before fsync: " + tmp
        pending[os.path.realpath(os.path.dirname(os.path.realpath(final)))] = final
assert renames >= 5, "expected shards, a checkpoint and stats.json to be renamed"
assert not pending, "directory not synced after renaming: %s" % list(pending.values())
PY
fi

# ---- the checkpoint's cost per cut does not grow with the inputs already done: bytes written
# (wchar of the whole run, read from /proc before the process is reaped) for N and 2N inputs
# of one document each, a shard cut after each, grow about 2x (4x when each cut rewrote a line
# per input, as it did)
python3 - "$WINNOW" "$TMP/many" <<'PY' || die "checkpoint writes grow faster than the number of cuts"
import os, subprocess, sys
winnow, base = sys.argv[1], sys.argv[2]
def written(n):
    d = "%s%d" % (base, n)
    os.makedirs(d + "/in")
    for i in range(n):
        with open("%s/in/%05d.jsonl" % (d, i), "w") as f:
            f.write('{"id": "d%d", "text": "document %d"}\n' % (i, i))
    p = subprocess.Popen([winnow, "run", "-q", "-j1", "--compress", "none", "--shard-size", "1", "--checkpoint-every", "1",
                          d + "/in", "-o", d + "/out"])
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    io = dict(l.split(": ") for l in open("/proc/%d/io" % p.pid).read().split("\n") if l)
    assert p.wait() == 0, "run failed"
    assert len(os.listdir(d + "/out/kept")) == n, "expected a shard per input"
    return int(io["wchar"])
a, b = written(200), written(400)
print("bytes written: 200 inputs %d, 400 inputs %d, ratio %.2f" % (a, b, b / a))
assert b / a < 2.6, (a, b)
PY
