#!/usr/bin/env bash
# The test-only hooks (WN_TEST_HOOK, src/winnow/core.h) are compiled into the tests' CLI
# ($WINNOW_HOOKS, build/winnow-hooks) and nowhere else: neither the variables' names nor their
# effect are in build/winnow, winnow-mpi, libwinnow.a or libwinnow.so, so no environment can
# make a user's run kill itself. The names come from the sources, so a new hook is checked too.
set -u
. "$ROOT/tests/cli/lib.sh"
names=$(cd "$ROOT" && grep -rhoE 'WN_TEST_HOOK\("WINNOW_TEST_[A-Z_]+"\)' src programs |
        sed -E 's/.*"(WINNOW_TEST_[A-Z_]+)".*/\1/' | sort -u)
[ "$(wc -l <<<"$names")" -ge 5 ] || die "found only these hooks in the sources: $names"
# every hook of the sources is in the hooked binary (the check below would mean nothing if
# the strings could not be seen)
hooked=$(strings "$WINNOW_HOOKS")
for n in $names; do
    grep -qx "$n" <<<"$hooked" || die "$n is not in $WINNOW_HOOKS"
done
# and none in what is installed
lib=$(ls "$BUILD"/libwinnow.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$lib" ] || die "no libwinnow.so.X.Y.Z in $BUILD"
for f in "$WINNOW" "$BUILD/libwinnow.a" "$lib" $([ -x "$WINNOW-mpi" ] && echo "$WINNOW-mpi"); do
    found=$(strings "$f" | grep -E '^WINNOW_TEST_' | sort -u | tr '\n' ' ')
    [ -z "$found" ] || die "$f holds test hooks: $found"
done
# the same by effect: the hook that kills after the first batch kills the hooked CLI only
python3 -c "
import json
for i in range(200): print(json.dumps({'text': 'document %d' % i}))" > "$TMP/in.jsonl"
(WINNOW_TEST_KILL_AFTER_BATCH=1 "$WINNOW_HOOKS" run -q "$TMP/in.jsonl" -o "$TMP/h"; exit $?) 2>/dev/null
rc=$?; [ $rc -eq 137 ] || die "the hooked CLI was not killed after its first batch: exit $rc"
WINNOW_TEST_KILL_AFTER_BATCH=1 "$WINNOW" run -q "$TMP/in.jsonl" -o "$TMP/r"
rc=$?; [ $rc -eq 0 ] || die "build/winnow with WINNOW_TEST_KILL_AFTER_BATCH=1: exit $rc, expected 0"
accounting "$TMP/r"
exit 0
