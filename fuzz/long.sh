#!/usr/bin/env bash
# long.sh: fuzzes each given libFuzzer target until it has had FUZZ_SECONDS of CPU time (not
# wall time: on a shared machine a target that waits for a core has not been fuzzed), growing
# its corpus under build-fuzz/corpus/<target>/ from the seeds in fuzz/corpus/<target>/, then
# prints one summary line per target: CPU seconds, executions per CPU second, libFuzzer's
# coverage (cov: edges, ft: features), corpus size and findings.
#
#   fuzz/long.sh build-fuzz/fuzz_html build-fuzz/fuzz_charset ...   (make fuzz-long runs it)
#
# FUZZ_SECONDS   CPU seconds per target (default 1200)
# FUZZ_JOBS      targets fuzzed at once (default 1; each is one process on one core)
# FUZZ_NICE      nice level of the fuzzers (default 19: other people's builds come first)
# A target's CPU time, executions and rounds add up over invocations (build-fuzz/long/<target>
# .state), so a run cut short is topped up by running the same command again; rm -r
# build-fuzz/long starts the count afresh (the corpus stays).
# A run of libFuzzer stops at its first finding; the next round starts again from the grown
# corpus, so one bug does not end the target's time. Findings (crash-, leak-, timeout-, oom-
# files) land in build-fuzz/findings/<target>/ to be minimised (-minimize_crash=1) and, once
# fixed, committed to fuzz/corpus/<target>/ so that every test run replays them.
set -u
FUZZ_SECONDS=${FUZZ_SECONDS:-1200}
FUZZ_JOBS=${FUZZ_JOBS:-1}
FUZZ_NICE=${FUZZ_NICE:-19}
MAX_FINDINGS=3      # a target that keeps failing needs a fix, not more rounds
OUT=build-fuzz/long
mkdir -p "$OUT"

# fuzz_target BIN: rounds of libFuzzer until the target's CPU time reaches FUZZ_SECONDS
fuzz_target() {
    local bin=$1 n
    n=$(basename "$bin")
    local corpus=build-fuzz/corpus/$n findings=build-fuzz/findings/$n
    mkdir -p "$corpus" "$findings"
    local cpu=0 execs=0 rounds=0 found=0 cov=0 ft=0 wall=0 wall0=$SECONDS
    [ -f "$OUT/$n.state" ] && . "$OUT/$n.state"
    wall0=$((wall0 - wall))
    while [ "$cpu" -lt "$FUZZ_SECONDS" ] && [ "$found" -lt "$MAX_FINDINGS" ]; do
        # ask for the CPU time still missing as wall time: under load the round gets less CPU
        # than that, and the next round asks for the rest
        local left=$((FUZZ_SECONDS - cpu))
        [ "$left" -lt 30 ] && left=30
        rounds=$((rounds + 1))
        echo "== round $rounds: $left s" >>"$OUT/$n.log"
        local round=$OUT/$n.round
        /usr/bin/time -f '%U %S' -o "$OUT/$n.time" nice -n "$FUZZ_NICE" "$bin" \
            -max_total_time="$left" -max_len=65536 -timeout=30 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$findings/" \
            "$corpus" fuzz/corpus/"$n" >"$round" 2>&1
        local rc=$?
        cat "$round" >>"$OUT/$n.log"
        # the times are the last line ("Command exited with non-zero status N" may precede)
        cpu=$((cpu + $(tail -1 "$OUT/$n.time" | awk '{ printf "%d", $1 + $2 + 0.5 }')))
        # the round's last status line: "#N ... cov: C ft: F corp: ..."
        local last
        last=$(grep -a -E '^#[0-9]+.*cov: ' "$round" | tail -1)
        if [ -n "$last" ]; then
            cov=$(echo "$last" | sed -E 's/.*cov: ([0-9]+).*/\1/')
            ft=$(echo "$last" | sed -E 's/.*ft: ([0-9]+).*/\1/')
        fi
        local e
        e=$(grep -a 'stat::number_of_executed_units' "$round" | awk '{ print $2 }')
        execs=$((execs + ${e:-0}))
        if [ "$rc" -ne 0 ]; then
            found=$((found + 1))
            echo "== round $rounds failed ($rc)" >>"$OUT/$n.log"
        fi
        printf 'cpu=%d execs=%d rounds=%d cov=%d ft=%d wall=%d\n' "$cpu" "$execs" "$rounds" \
            "$cov" "$ft" "$((SECONDS - wall0))" >"$OUT/$n.state"
    done
    local files
    files=$(find "$corpus" -type f | wc -l)
    local kb
    kb=$(du -sk "$corpus" | awk '{ print $1 }')
    local eps=0
    [ "$cpu" -gt 0 ] && eps=$((execs / cpu))
    printf '%-18s cpu %5d s  wall %5d s  rounds %2d  execs %10d  exec/s %6d  cov %6d  ft %7d  corpus %5d files %6d KB  findings %d\n' \
        "$n" "$cpu" "$((SECONDS - wall0))" "$rounds" "$execs" "$eps" "$cov" "$ft" "$files" "$kb" \
        "$(find "$findings" -type f | wc -l)" >"$OUT/$n.summary"
}

running=0
for bin in "$@"; do
    fuzz_target "$bin" &
    running=$((running + 1))
    if [ "$running" -ge "$FUZZ_JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

echo "fuzz-long: $FUZZ_SECONDS CPU s per target; logs in $OUT/, findings in build-fuzz/findings/"
status=0
for bin in "$@"; do
    n=$(basename "$bin")
    cat "$OUT/$n.summary"
    if [ -n "$(find build-fuzz/findings/"$n" -type f)" ]; then
        find build-fuzz/findings/"$n" -type f | sed 's/^/    /'
        status=1
    fi
done
exit $status
