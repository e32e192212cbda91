# No silent wrong results on reruns and mistakes (issue 14, "Bad input"; issue 18, item 2):
# each case asserts the exit code, a message naming the file, option or label, and that the
# output folder was not changed (a hash listing of it before and after).
. "$ROOT/tests/cli/lib.sh"
python3 - "$TMP" <<'PY'
import json, random, sys
random.seed(3)
words = "the river rose by two metres overnight after heavy rain and the council opened a shelter".split()
def docs(path, n, first, broken_every=0):
    with open(path, "w") as f:
        for i in range(n):
            text = "\n".join(" ".join(random.choice(words) for _ in range(random.randint(3, 12)))
                             for _ in range(random.randint(1, 6)))
            f.write(json.dumps({"id": f"{first}{i}", "text": text}) + "\n")
            if broken_every and i % broken_every == broken_every - 1:
                f.write("{broken json line\n")
docs(sys.argv[1] + "/a.jsonl", 300, "a")
docs(sys.argv[1] + "/b.jsonl", 200, "b")
docs(sys.argv[1] + "/c.jsonl", 400, "c")
docs(sys.argv[1] + "/fifty.jsonl", 49, "f")      # plus one broken line: 1 failed of 50
with open(sys.argv[1] + "/fifty.jsonl", "a") as f:
    f.write("{broken json line\n")
PY
A="$TMP/a.jsonl" B="$TMP/b.jsonl" C="$TMP/c.jsonl"
# listing DIR: every file under DIR with its hash (or "absent"), to compare before and after;
# not DIR/.lock, which a command holds while it looks and removes (durable outputs)
listing() { [ -e "$1" ] || { echo absent; return; }; (cd "$1" && find . ! -name .lock | sort && find . -type f ! -name .lock | sort | xargs -r sha256sum); }
# refused WHAT DIR RC PATTERN CMD...: CMD exits RC, says PATTERN, and leaves DIR as it was
refused() {
    local what=$1 dir=$2 want=$3 pat=$4; shift 4
    local before; before=$(listing "$dir")
    "$@" 2> "$TMP/err"; local rc=$?
    [ $rc -eq "$want" ] || { cat "$TMP/err" >&2; die "$what: exit $rc, expected $want"; }
    grep -q -e "$pat" "$TMP/err" || { cat "$TMP/err" >&2; die "$what: no message matching '$pat'"; }
    [ "$before" = "$(listing "$dir")" ] || die "$what: the output folder was changed"
}
same_shards() { [ "$(cd "$1" && find kept dropped -type f | sort | xargs sha256sum)" = \
                  "$(cd "$2" && find kept dropped -type f | sort | xargs sha256sum)" ]; }

# --- reruns into a completed run -------------------------------------------------------------
"$WINNOW" run -q -j2 --clean --shard-size 8K "$A" "$B" -o "$TMP/r" || die "first run failed"
accounting "$TMP/r"
# the same run (another -j, options in another spelling): nothing to do, exit 0
refused "same run" "$TMP/r" 0 "completed there already" \
    "$WINNOW" run -j1 --clean --shard-size=8K "$A" "$B" -o "$TMP/r"
# another option, another value, another input, one input fewer: exit 2, each difference named
refused "other option" "$TMP/r" 2 "option --langid: not given to the run there" \
    "$WINNOW" run --clean --langid --shard-size 8K "$A" "$B" -o "$TMP/r"
grep -q "holds a completed run of another command or other inputs" "$TMP/err" && grep -q -- "--overwrite" "$TMP/err" &&
    grep -q "another -o" "$TMP/err" || die "other option: the message does not say how to proceed"
refused "other value" "$TMP/r" 2 "option --shard-size: '8K' then, '16K' now" \
    "$WINNOW" run --clean --shard-size 16K "$A" "$B" -o "$TMP/r"
refused "option left out" "$TMP/r" 2 "option --clean: given to the run there, not now" \
    "$WINNOW" run --shard-size 8K "$A" "$B" -o "$TMP/r"
refused "another input" "$TMP/r" 2 "input .*c.jsonl: not an input of the run there" \
    "$WINNOW" run --clean --shard-size 8K "$A" "$B" "$C" -o "$TMP/r"
refused "an input fewer" "$TMP/r" 2 "input .*b.jsonl: an input of the run there, not now" \
    "$WINNOW" run --clean --shard-size 8K "$A" -o "$TMP/r"
refused "quality filter setting" "$TMP/r" 2 "gopher_min_doc_words" \
    "$WINNOW" run --clean --shard-size 8K --gopher-quality --gopher-min-doc-words 3 "$A" "$B" -o "$TMP/r"
cp "$A" "$TMP/a-copy.jsonl"; echo '{"text":"one more line of text"}' >> "$A"
refused "changed input" "$TMP/r" 2 "input .*a.jsonl changed: " \
    "$WINNOW" run --clean --shard-size 8K "$A" "$B" -o "$TMP/r"
cp "$TMP/a-copy.jsonl" "$A"
# --overwrite replaces it: the output is that of a fresh run of the new command
"$WINNOW" run -q --langid --shard-size 8K "$A" "$B" -o "$TMP/fresh" || die "fresh run failed"
"$WINNOW" run -q --overwrite --langid --shard-size 8K "$A" "$B" -o "$TMP/r" || die "--overwrite failed"
same_shards "$TMP/fresh" "$TMP/r" || die "--overwrite: shards differ from a fresh run"
accounting "$TMP/r"
refused "same run after --overwrite" "$TMP/r" 0 "completed there already" \
    "$WINNOW" run --langid --shard-size 8K "$A" "$B" -o "$TMP/r"

# a run without a key (an older winnow) is not taken for this one; --overwrite replaces it
cp -r "$TMP/fresh" "$TMP/old"; rm "$TMP/old/.run-key"
refused "run without a key" "$TMP/old" 2 "without a readable .run-key" \
    "$WINNOW" run --langid --shard-size 8K "$A" "$B" -o "$TMP/old"
"$WINNOW" run -q --overwrite --langid --shard-size 8K "$A" "$B" -o "$TMP/old" || die "--overwrite on a keyless run failed"
same_shards "$TMP/fresh" "$TMP/old" || die "--overwrite on a keyless run: shards differ"

# a folder of other files is never written into, not even with --overwrite; an empty one is
mkdir -p "$TMP/mine"; echo "my notes" > "$TMP/mine/notes.txt"
refused "folder of other files" "$TMP/mine" 2 "holds no winnow run (it has 'notes.txt')" \
    "$WINNOW" run "$A" -o "$TMP/mine"
refused "folder of other files, --overwrite" "$TMP/mine" 2 "holds no winnow run" \
    "$WINNOW" run --overwrite "$A" -o "$TMP/mine"
mkdir -p "$TMP/empty"
"$WINNOW" run -q "$A" -o "$TMP/empty" || die "an empty folder was refused"

# --- mistakes caught before work starts ------------------------------------------------------
refused "missing input" "$TMP/new1" 2 "input '$TMP/nothere.jsonl': No such file" \
    "$WINNOW" run "$A" "$TMP/nothere.jsonl" -o "$TMP/new1"
grep -q -- "--skip-missing" "$TMP/err" || die "missing input: --skip-missing not suggested"
refused "missing input, existing run" "$TMP/r" 2 "nothere.jsonl" \
    "$WINNOW" run --langid --shard-size 8K "$A" "$B" "$TMP/nothere.jsonl" -o "$TMP/r"
"$WINNOW" run -q --skip-missing "$A" "$TMP/nothere.jsonl" -o "$TMP/skip"
rc=$?; [ $rc -eq 1 ] || die "--skip-missing: exit $rc, expected 1 (1 input of 2 failed)"
accounting "$TMP/skip"
python3 - "$TMP/skip/stats.json" <<'PY' || die "--skip-missing: the missing input is not a failed input in stats.json"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["inputs"] == {"count": 2, "failed": 1}, s["inputs"]
miss = [p for p in s["per_input"] if p["path"].endswith("nothere.jsonl")]
assert len(miss) == 1 and "No such file" in miss[0]["error"], s["per_input"]
PY
refused "unknown language" "$TMP/new2" 2 "--languages: the default model has no language 'english'; nearest labels it has: en," \
    "$WINNOW" run --languages en,english "$A" -o "$TMP/new2"
refused "unknown language, existing run" "$TMP/r" 2 "no language 'fre'; nearest labels it has: fr," \
    "$WINNOW" run --languages fre "$A" -o "$TMP/r"
refused "unknown language in a preset" "$TMP/new2" 2 "lang_languages: the default model has no language 'xx'" \
    "$WINNOW" run --preset fineweb --lang-languages xx "$A" -o "$TMP/new2"
# an unknown option: one line, the nearest option, see --help; no help text
refused "unknown option" "$TMP/r" 2 "^winnow run: unknown option '--shard-sise'; did you mean '--shard-size'? (see winnow run --help)$" \
    "$WINNOW" run --shard-sise 8K "$A" -o "$TMP/r"
[ "$(wc -l < "$TMP/err")" -eq 1 ] || die "unknown option: more than one line"
refused "unknown option, dedup" "$TMP/r" 2 "^winnow dedup: unknown option '--methods'; did you mean '--method'?" \
    "$WINNOW" dedup --methods exact "$A" -o "$TMP/r"
for cmd in clean langid extract report; do
    refused "unknown option, $cmd" "$TMP/r" 2 "^winnow $cmd: unknown option '--bogus' (see winnow $cmd --help)$" \
        "$WINNOW" $cmd --bogus
done
refused "ambiguous option" "$TMP/r" 2 "ambiguous option '--lang' (could be --langid, --languages" \
    "$WINNOW" run --lang en "$A" -o "$TMP/r"
refused "missing value" "$TMP/r" 2 "option '--shard-size' needs a value" "$WINNOW" run "$A" -o "$TMP/r" --shard-size
# bad values name the option and what it takes
while IFS='|' read -r pat args; do
    # shellcheck disable=SC2086
    refused "bad value: $args" "$TMP/r" 2 "$pat" "$WINNOW" $args "$A" -o "$TMP/r"
done <<'EOF'
run: --language-threshold: bad value '2' (a number from 0 to 1)|run --languages en --language-threshold 2
run: --language-threshold: bad value 'nan' (a number from 0 to 1)|run --languages en --language-threshold nan
run: --max-failed: bad value '1.5' (a fraction from 0 to 1|run --max-failed 1.5
run: --threads: bad value '0' (an integer from 1 to 1000000)|run -j 0
run: --compress: bad value 'lz4' (zstd, gzip or none)|run --compress lz4
run: --format: bad value 'csv' (auto, warc, arc, html, jsonl or text)|run --format csv
run: --max-doc-size: bad value '3G' (a size from 1 to 2G|run --max-doc-size 3G
run: --threshold: bad value '2' (a number from 0 to 1)|run --dedup minhash --threshold 2
dedup: --seed: bad value '-1' (an integer from 0 to 2^64-1)|dedup --seed -1
dedup: --memory: bad value '10K' (a size of at least 1M|dedup --memory 10K
dedup: --step: bad value 'al' (all, sign, resolve or apply)|dedup --step al
EOF
refused "bad value, langid" "$TMP/r" 2 "langid: --threshold: bad value '2' (a number from 0 to 1)" "$WINNOW" langid -t 2

# --- exit policy: failed documents above --max-failed exit 1, at or below exit 0 -------------
F="$TMP/fifty.jsonl"   # 1 failed document of 50: 2 %
"$WINNOW" run -q "$F" -o "$TMP/x1"; rc=$?; [ $rc -eq 1 ] || die "2 % failed, default 1 %: exit $rc, expected 1"
accounting "$TMP/x1"
"$WINNOW" run -q --max-failed 0.02 "$F" -o "$TMP/x2"; rc=$?; [ $rc -eq 0 ] || die "2 % failed, --max-failed 0.02: exit $rc, expected 0"
"$WINNOW" run -q --max-failed 0.019 "$F" -o "$TMP/x3"; rc=$?; [ $rc -eq 1 ] || die "2 % failed, --max-failed 0.019: exit $rc, expected 1"
"$WINNOW" run -q --max-failed 0 "$A" -o "$TMP/x4"; rc=$?; [ $rc -eq 0 ] || die "nothing failed, --max-failed 0: exit $rc, expected 0"
same_shards "$TMP/x1" "$TMP/x2" || die "--max-failed changed the output"
python3 -c "import json,sys; d=json.load(open('$TMP/x2/stats.json'))['documents']; sys.exit(d['failed'] != 1)" ||
    die "--max-failed 0.02: the failure is not counted"
"$WINNOW" run "$F" -o "$TMP/x5" 2> "$TMP/err"
grep -q "1 of 50 documents failed (2%), more than --max-failed 1%: exit 1" "$TMP/err" || { cat "$TMP/err" >&2; die "exit 1 is not explained"; }
"$WINNOW" dedup -q --max-failed 0.5 "$F" -o "$TMP/x6"; rc=$?; [ $rc -eq 0 ] || die "dedup --max-failed 0.5: exit $rc, expected 0"
"$WINNOW" dedup -q "$F" -o "$TMP/x7"; rc=$?; [ $rc -eq 1 ] || die "dedup, 2 % failed: exit $rc, expected 1"

# --- stdin has no identity: no checkpoint, and no rerun over another stream ------------------
cat "$A" "$B" > "$TMP/ab.jsonl"
# a checkpoint would be taken at the first shard cut: the test hook would then kill the run
WINNOW_TEST_KILL_AFTER_CHECKPOINT=1 "$WINNOW_HOOKS" run -q --shard-size 4K - -o "$TMP/s" < "$TMP/ab.jsonl" 2>/dev/null
rc=$?; [ $rc -eq 0 ] || die "a run from stdin: exit $rc, expected 0 (137: it took a checkpoint)"
[ ! -e "$TMP/s/.checkpoint" ] && [ "$(ls "$TMP/s/kept" | wc -l)" -gt 2 ] || die "stdin run: expected several shards, no checkpoint"
accounting "$TMP/s"
refused "rerun over stdin" "$TMP/s" 2 "holds a completed run that read stdin" \
    "$WINNOW" run --shard-size 4K - -o "$TMP/s" < "$C"
grep -q -- "--overwrite" "$TMP/err" || die "rerun over stdin: the way on is not said"
# an interrupted run from stdin (killed before it completed) is refused the same way
cp -r "$TMP/s" "$TMP/s2"; rm "$TMP/s2/stats.json"
refused "rerun over an interrupted stdin run" "$TMP/s2" 2 "holds an interrupted run that read stdin" \
    "$WINNOW" run --shard-size 4K - -o "$TMP/s2" < "$C"
"$WINNOW" run -q --overwrite --shard-size 4K - -o "$TMP/s2" < "$C" || die "--overwrite over a stdin run failed"
"$WINNOW" run -q --shard-size 4K "$C" -o "$TMP/c-ref" || die "reference run failed"
python3 - "$TMP/s2" "$TMP/c-ref" <<'PY' || die "--overwrite over a stdin run: not the new stream's output"
import json, subprocess, sys, glob
def ids(d):
    out = []
    for f in sorted(glob.glob(d + "/kept/*")):
        out += [json.loads(l)["id"] for l in subprocess.run(["zstdcat", f], capture_output=True, check=True).stdout.splitlines()]
    return out
a, b = ids(sys.argv[1]), ids(sys.argv[2])
assert a == b and a and all(i.startswith("c") for i in a), (len(a), len(b))
PY

# --- dedup and run --dedup follow the same rules ---------------------------------------------
"$WINNOW" dedup -q --method exact "$A" "$B" -o "$TMP/d" || die "dedup failed"
refused "dedup, same run" "$TMP/d" 0 "completed there already" "$WINNOW" dedup -j1 --method exact "$A" "$B" -o "$TMP/d"
refused "dedup, other method" "$TMP/d" 2 "option --method: 'exact' then, 'exact,minhash' now" \
    "$WINNOW" dedup --method exact,minhash "$A" "$B" -o "$TMP/d"
refused "dedup over a run" "$TMP/d" 2 "command: 'winnow dedup' there, 'winnow run' now" \
    "$WINNOW" run "$A" "$B" -o "$TMP/d"
"$WINNOW" run -q --dedup exact "$A" "$B" -o "$TMP/rd" || die "run --dedup failed"
refused "run --dedup, other list" "$TMP/rd" 2 "option --dedup: 'exact' then, 'url' now" \
    "$WINNOW" run --dedup url "$A" "$B" -o "$TMP/rd"
refused "run --dedup, same run" "$TMP/rd" 0 "completed there already" "$WINNOW" run --dedup exact "$A" "$B" -o "$TMP/rd"
exit 0
