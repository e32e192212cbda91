#!/usr/bin/env bash
# tests/run.sh: runs every unit test binary in $BUILD/tests and every CLI test script in
# tests/cli/, and ends with the line "N passed, N failed". Exit status 1 if anything failed.
# CLI scripts get WINNOW (the binary), WINNOW_HOOKS (the same CLI with the test-only hooks,
# for the tests that need one: see the Makefile), ROOT (repo), SHARED (../shared) and a fresh TMP.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
export ROOT WINNOW="$BUILD/winnow" WINNOW_HOOKS="$BUILD/winnow-hooks" SHARED="${SHARED:-$ROOT/../shared}" BUILD
pass=0; fail=0; failed_names=()
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    p=$(grep -c '^PASS ' <<<"$out"); f=$(grep -c '^FAIL ' <<<"$out")
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then fail=$((fail + 1)); fi   # crashed
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
        failed_names+=("$(basename "$t")"); printf '%s\n' "$out" | grep -v '^PASS ' | sed 's/^/    /'
    fi
done
for s in "$ROOT"/tests/cli/*.sh; do
    [ "$(basename "$s")" = lib.sh ] && continue
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    TMP=$(mktemp -d); export TMP
    if out=$(bash "$s" 2>&1); then
        pass=$((pass + 1)); echo "PASS cli/$name"
    else
        fail=$((fail + 1)); failed_names+=("cli/$name"); echo "FAIL cli/$name"
        printf '%s\n' "$out" | tail -n 30 | sed 's/^/    /'
    fi
    rm -rf "$TMP"
done
[ "${#failed_names[@]}" -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
