# Batch logs: when stderr is not a terminal, a log line (plain or JSON) names the UTC time, the
# pass, documents, rates and counts; --dedup names each pass (sign, resolve, apply) in the log
# and on the terminal line, and resolve reports its steps. stats.json's "timing" holds the
# command's wall time, each pass's, and the CPU seconds of each stage; the report shows them.
# Warnings are printed once although --dedup reads the inputs twice.
# WINNOW_TEST_PROGRESS_EVERY_BATCH makes the log follow every batch instead of the clock, so
# that no assertion depends on the machine's speed.
. "$ROOT/tests/cli/lib.sh"
export WINNOW_TEST_PROGRESS_EVERY_BATCH=1
WINNOW=$WINNOW_HOOKS   # the CLI with test hooks, for all of this test
python3 - "$TMP/in.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(2000):
        # every third document repeats an earlier one: dedup has work to do
        n = i if i % 3 else i // 3
        f.write(json.dumps({"id": "d%d" % i, "text": "document %d about the river and the rain %d" % (n, n * 7)}) + "\n")
        if i == 1000:
            f.write("{broken json line\n")
PY

# checklog FILE PASSES...: every line of FILE is a JSON log line or a winnow message; the log
# lines parse, name the passes in order, and their counts add up
checklog() {
    python3 - "$@" <<'PY' || die "bad JSON log in $1"
import json, re, sys
path, passes = sys.argv[1], sys.argv[2:]
seen, last_docs = [], {}
for line in open(path):
    if line.startswith("winnow: "):
        continue
    o = json.loads(line)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", o["time"]), o
    if not seen or seen[-1] != o["pass"]:
        seen.append(o["pass"])
    assert o["passes"] == len(passes) and passes[o["pass_index"] - 1] == o["pass"], o
    if "step" in o:
        assert o["pass"] == "resolve" and isinstance(o["records"], int), o
        continue
    assert o["documents"] == o["kept"] + o["dropped"] + o["failed"], o
    assert o["documents"] >= last_docs.get(o["pass"], 0), o
    last_docs[o["pass"]] = o["documents"]
    assert o["docs_per_s"] >= 0 and o["mb_per_s"] >= 0, o
assert seen == passes, (seen, passes)
assert max(last_docs.values()) == 2001, last_docs   # every document counted, the broken line too
PY
}

# one pass, JSON
"$WINNOW" run -j2 --log-format json "$TMP/in.jsonl" -o "$TMP/a" 2> "$TMP/a.err" || die "run failed"
checklog "$TMP/a.err" run
[ "$(grep -c '^{' "$TMP/a.err")" -ge 20 ] || die "expected a log line per batch of 64 documents"
accounting "$TMP/a"

# one pass, plain text
"$WINNOW" run -j2 "$TMP/in.jsonl" -o "$TMP/b" 2> "$TMP/b.err"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z winnow: run: [0-9]+ docs, [0-9]+ docs/s, [0-9.]+ MB/s, .*kept [0-9]+, dropped [0-9]+, failed [0-9]+, [0-9:]+ elapsed$' "$TMP/b.err" ||
    { cat "$TMP/b.err" >&2; die "no plain log line"; }

# how a run is logged does not make it another run: the rerun finds it completed
"$WINNOW" run -j2 --log-interval 5 --log-format text "$TMP/in.jsonl" -o "$TMP/a" 2> "$TMP/a2.err" ||
    { cat "$TMP/a2.err" >&2; die "a rerun with other log options was refused"; }
! grep -q 'docs/s' "$TMP/a2.err" || die "a rerun with other log options ran again"

# off: --log-interval 0, or -q
"$WINNOW" run -j2 --log-interval 0 "$TMP/in.jsonl" -o "$TMP/c" 2> "$TMP/c.err"
! grep -q 'docs/s' "$TMP/c.err" || die "--log-interval 0 still logs"
"$WINNOW" run -q -j2 "$TMP/in.jsonl" -o "$TMP/d" 2> "$TMP/d.err"
[ ! -s "$TMP/d.err" ] || die "-q still writes to stderr"

# bad values name the option's value and change nothing
for bad in "--log-interval -1" "--log-interval 5x" "--log-format xml"; do
    "$WINNOW" run $bad "$TMP/in.jsonl" -o "$TMP/bad" 2> "$TMP/bad.err"
    [ $? -eq 2 ] || die "$bad: expected exit 2"
    grep -qF -- "'${bad#* }'" "$TMP/bad.err" || die "$bad: the message does not name the value"
    [ ! -e "$TMP/bad" ] || die "$bad: an output folder was made"
done

# run --dedup: three passes in the log, each warning once
"$WINNOW" run -j2 --log-format json --dedup exact,minhash "$TMP/in.jsonl" -o "$TMP/e" 2> "$TMP/e.err" ||
    die "run --dedup failed"
checklog "$TMP/e.err" sign resolve apply
grep -q '"step": "exact keys"' "$TMP/e.err" || die "resolve does not say what it does"
[ "$(grep -c 'in.jsonl:1002: ' "$TMP/e.err")" -eq 1 ] || { cat "$TMP/e.err" >&2; die "a warning was not printed exactly once"; }
accounting "$TMP/e"

# dedup: the same three passes
"$WINNOW" dedup -j2 --log-format json --method exact "$TMP/in.jsonl" -o "$TMP/f" 2> "$TMP/f.err" || die "dedup failed"
checklog "$TMP/f.err" sign resolve apply

# on a terminal (script(1)), the progress line names each pass, resolve too
script -qec "$WINNOW run -j2 --dedup exact,minhash $TMP/in.jsonl -o $TMP/g" /dev/null > "$TMP/tty.txt"
for p in "sign 1/3: " "resolve 2/3: exact keys" "resolve 2/3: minhash bands" "apply 3/3: "; do
    grep -q "$p" "$TMP/tty.txt" || { cat -v "$TMP/tty.txt" >&2; die "the progress line does not show '$p'"; }
done
! grep -q '^{' "$TMP/tty.txt" || die "log lines written to a terminal"

# stats.json accounts for the time of the whole command
python3 - "$TMP/a/stats.json" "$TMP/e/stats.json" <<'PY' || die "bad timing in stats.json"
import json, sys
for path, passes in zip(sys.argv[1:], (["run"], ["sign", "resolve", "apply"])):
    s = json.load(open(path))
    t = s["timing"]
    assert list(t["passes"]) == passes, (path, t)
    assert s["seconds"] == t["wall_seconds"], (path, s["seconds"], t)
    # the passes happen inside the command (3 decimals each: a rounding margin)
    assert sum(t["passes"].values()) <= t["wall_seconds"] + 0.002 * len(passes), (path, t)
    stages = [st["name"] for st in s["stages"]]
    for name in stages + ["read", "json", "write"]:
        assert name in t["cpu_seconds"] and t["cpu_seconds"][name] >= 0, (path, name, t)
PY
"$WINNOW" report "$TMP/e" > "$TMP/report.txt" || die "report failed"
grep -q '^time by pass' "$TMP/report.txt" && grep -q '^  resolve  ' "$TMP/report.txt" ||
    die "report does not show the time of each pass"
grep -q '^CPU time by stage' "$TMP/report.txt" && grep -q '^  dedup_sign ' "$TMP/report.txt" ||
    die "report does not show the CPU time of each stage"
grep -q 'CPU time by stage' "$TMP/e/report.html" || die "report.html has no CPU chart"
