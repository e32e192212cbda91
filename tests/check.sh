#!/usr/bin/env bash
# tests/check.sh: what `make check` runs. Every phase runs and reports, even when an earlier
# one fails, so that one red test does not hide the ASan suite or the fuzzers:
#   release   build, then tests/run.sh on build/
#   asan      the ASan+UBSan build, then tests/run.sh on build-asan/
#   fuzz      each fuzz target for CHECK_FUZZ_RUNS inputs from a fixed seed (one test each)
# A build that fails counts as one failed test of its phase. Ends with one line per phase and
# the summed "N passed, N failed" (CI reads the last line); exit status 1 if anything failed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MAKE=${MAKE:-make}
CHECK_FUZZ_RUNS=${CHECK_FUZZ_RUNS:-4000}
total_pass=0; total_fail=0; summary=()

# phase NAME PASS FAIL: records a phase's result
phase() {
    total_pass=$((total_pass + $2)); total_fail=$((total_fail + $3))
    summary+=("$(printf '%-8s %s passed, %s failed' "$1" "$2" "$3")")
}
# suite NAME BUILD-TARGET BUILD-DIR [ENV...]: builds, then runs tests/run.sh on BUILD-DIR
suite() {
    local name=$1 target=$2 dir=$3; shift 3
    echo "== $name: make $target"
    if ! $MAKE "$target"; then
        echo "FAIL $name build"
        phase "$name" 0 1
        return
    fi
    echo "== $name: tests"
    local log out
    log=$(mktemp)
    env "$@" BUILD="$dir" bash tests/run.sh >"$log" 2>&1
    cat "$log"
    out=$(tail -n 1 "$log")
    rm -f "$log"
    if [[ $out =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        phase "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
        echo "FAIL $name: tests/run.sh ended without its summary line"
        phase "$name" 0 1
    fi
}

suite release all build
suite asan asan build-asan WN_SANITIZED=1 \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== fuzz: $CHECK_FUZZ_RUNS runs per target from seed 1"
log=$(mktemp)
$MAKE fuzz FUZZ_LIMIT="-seed=1 -runs=$CHECK_FUZZ_RUNS" >"$log" 2>&1; rc=$?
cat "$log"
fp=$(grep -c '^PASS fuzz/' "$log"); ff=$(grep -c '^FAIL fuzz/' "$log")
rm -f "$log"
# a build that failed before any target ran is one failure
if [ "$rc" -ne 0 ] && [ "$ff" -eq 0 ]; then ff=1; fi
phase fuzz "$fp" "$ff"

echo "== check"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
