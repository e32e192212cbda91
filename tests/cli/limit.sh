# --limit N reads the first N records in input order and no more: the output is that of a run
# over inputs cut after those N records (the oracle: the same files truncated, at the same
# paths), for -j1 and -j2 alike; stats.json says the limit was reached and counts exactly the
# N records (kept + dropped + failed), the rest not at all. Resumable: a run killed after a
# checkpoint and rerun with the same limit gives the uninterrupted run's output; a rerun with a
# larger limit goes on from the first (the same records and counts as a fresh run with that
# limit); the same limit again changes nothing; a smaller one is refused (exit 2) and leaves
# the folder as it was. Under MPI each rank reads at most N records of its own share.
. "$ROOT/tests/cli/lib.sh"
mkdir -p "$TMP/in"
gen() {   # gen DIR [CUT]: three JSONL files of 300 records (broken and empty ones among them);
          # with CUT, only the first CUT records of all of them together, in input order
    python3 - "$@" <<'PY'
import json, random, sys
random.seed(5)
d, cut = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None
words = "alpha beta gamma delta river stone cloud light".split()
n = 0
for f in range(3):
    with open(f"{d}/in{f}.jsonl", "w") as o:
        for i in range(300):
            if i % 97 == 5:
                line = "{broken\n"
            else:
                t = "" if i % 41 == 3 else " ".join(random.choice(words) for _ in range(random.randint(3, 40)))
                line = json.dumps({"id": f"f{f}-{i}", "text": t}) + "\n"
            if cut is None or n < cut:
                o.write(line)
            n += 1
# an empty file would be one empty document: the cut leaves out the files it empties
for f in range(3):
    if cut is not None and cut <= f * 300:
        import os; os.unlink(f"{d}/in{f}.jsonl")
PY
}
inputs=("$TMP/in/in0.jsonl" "$TMP/in/in1.jsonl" "$TMP/in/in2.jsonl")
opts=(-q --max-failed 1 --shard-size 4K --checkpoint-every 4K)
limit_of() {   # limit_of DIR: stats.json's limit object and document counts, one line
    python3 -c "import json,sys; s=json.load(open(sys.argv[1]+'/stats.json')); print(json.dumps([s.get('limit'), s['documents'], [p['in'] for p in s['per_input']]]))" "$1"
}
records() {   # records DIR: kept and dropped lines, each stream in order (shard cuts aside)
    { cat_shards "$1" kept; echo ---; cat_shards "$1" dropped; } | sha256sum
}

# the oracle: the inputs cut after 450 records, at the same paths
gen "$TMP/in" 450
"$WINNOW" run "${opts[@]}" -j2 "$TMP/in/in0.jsonl" "$TMP/in/in1.jsonl" -o "$TMP/cut" || die "run over the cut inputs failed"
gen "$TMP/in"
for j in 1 2; do
    "$WINNOW" run "${opts[@]}" -j$j --limit 450 "${inputs[@]}" -o "$TMP/l$j" || die "--limit 450 -j$j failed"
    accounting "$TMP/l$j"
    [ "$(records "$TMP/l$j")" = "$(records "$TMP/cut")" ] ||
        die "-j$j: --limit 450 wrote other documents than a run over the first 450 records"
    [ "$(limit_of "$TMP/l$j")" = '[{"documents": 450, "reached": true, "read": 450}, {"in": 450, "kept": 432, "dropped": 12, "failed": 6}, [300, 150, 0]]' ] ||
        die "-j$j: stats.json: $(limit_of "$TMP/l$j")"
done
same_shards() { [ "$(cd "$1" && find kept dropped -type f | sort | xargs sha256sum)" = "$(cd "$2" && find kept dropped -type f | sort | xargs sha256sum)" ]; }
same_shards "$TMP/l1" "$TMP/l2" || die "--limit: -j1 and -j2 wrote different shards"
[ -f "$TMP/l1/.checkpoint" ] || die "a run stopped at its limit keeps its checkpoint"

# the same limit again: nothing more is read, the output is the same
cp -r "$TMP/l1" "$TMP/l1.before"
"$WINNOW" run "${opts[@]}" -j2 --limit 450 "${inputs[@]}" -o "$TMP/l1" || die "rerun with the same limit failed"
same_output "$TMP/l1.before" "$TMP/l1" "rerun with the same limit"

# a smaller limit than the folder holds: refused, nothing changed
"$WINNOW" run "${opts[@]}" -j2 --limit 400 "${inputs[@]}" -o "$TMP/l1" 2> "$TMP/err"
[ $? -eq 2 ] || die "a smaller limit than the run there read should exit 2"
grep -q 'more than the limit of 400' "$TMP/err" || die "no reason given: $(cat "$TMP/err")"
same_output "$TMP/l1.before" "$TMP/l1" "refused smaller limit"
[ -f "$TMP/l1/stats.json" ] || die "a refused rerun removed stats.json"

# a larger limit goes on from the first run: the same records and counts as a fresh run
"$WINNOW" run "${opts[@]}" -j2 --limit 700 "${inputs[@]}" -o "$TMP/fresh700" || die "--limit 700 failed"
"$WINNOW" run --max-failed 1 --shard-size 4K --checkpoint-every 4K -j1 --limit 700 "${inputs[@]}" -o "$TMP/l1" 2> "$TMP/err" ||
    die "going on with --limit 700 failed"
grep -q 'resuming an interrupted run after 450 documents' "$TMP/err" || die "did not go on from 450: $(cat "$TMP/err")"
accounting "$TMP/l1"
[ "$(records "$TMP/l1")" = "$(records "$TMP/fresh700")" ] || die "450 then 700 wrote other documents than 700 at once"
[ "$(stats_of "$TMP/l1")" = "$(stats_of "$TMP/fresh700")" ] || die "450 then 700: stats.json differs from 700 at once"
# and past the end of the inputs: not reached, no checkpoint left, every record read
"$WINNOW" run "${opts[@]}" -j2 --limit 100000 "${inputs[@]}" -o "$TMP/l1" || die "going on to the end failed"
"$WINNOW" run "${opts[@]}" -j2 "${inputs[@]}" -o "$TMP/all" || die "run without a limit failed"
[ "$(records "$TMP/l1")" = "$(records "$TMP/all")" ] || die "450, 700, then all: other documents than all at once"
[ "$(limit_of "$TMP/l1")" = '[{"documents": 100000, "reached": false, "read": 900}, {"in": 900, "kept": 864, "dropped": 24, "failed": 12}, [300, 300, 300]]' ] ||
    die "past the end: $(limit_of "$TMP/l1")"
[ ! -e "$TMP/l1/.checkpoint" ] || die "a run that read everything left its checkpoint"

# killed after its second checkpoint, then rerun with the same limit
(WINNOW_TEST_KILL_AFTER_CHECKPOINT=2 "$WINNOW_HOOKS" run "${opts[@]}" -j2 --limit 450 "${inputs[@]}" -o "$TMP/k"; exit $?) 2>/dev/null
[ $? -eq 137 ] || die "the limited run was not killed at its second checkpoint"
"$WINNOW" run "${opts[@]}" -j1 --limit 450 "${inputs[@]}" -o "$TMP/k" || die "resumed limited run failed"
same_output "$TMP/l2" "$TMP/k" "killed and resumed limited run"

# under MPI: each rank reads at most N of its own share (two inputs of the same size: one each)
if command -v mpirun >/dev/null && [ -x "${WINNOW}-mpi" ]; then
    mpi_setup
    timeout 900 mpirun -np 2 "${WINNOW}-mpi" run "${opts[@]}" -j1 --limit 100 "${inputs[0]}" "${inputs[2]}" -o "$TMP/mpi" ||
        die "--limit under MPI failed"
    accounting "$TMP/mpi"
    python3 - "$TMP/mpi/stats.json" <<'PY' || die "--limit under MPI: not 100 records of each rank's share"
import json, sys
s = json.load(open(sys.argv[1]))
assert [p["in"] for p in s["per_input"]] == [100, 100], s["per_input"]
assert s["limit"] == {"documents": 100, "reached": True, "read": 200}, s["limit"]
PY
fi
echo "limit: first N records in input order for -j1/-j2, counted, resumed, extended, per rank under MPI"
