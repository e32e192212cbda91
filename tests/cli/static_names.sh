#!/usr/bin/env bash
# static_names.sh: no file-scope static function name is defined in two source files (issue
# 15: a name in a stack trace or a grep leads to one place, and the sources could be built as
# one file), checked by scripts/static-names.sh; and the checker itself fails on a repeat.
set -u
. "$ROOT/tests/cli/lib.sh"
out=$(cd "$ROOT" && sh scripts/static-names.sh src programs) ||
    die "static helper names repeated across files: $out"
# the checker sees a repeat (a prototype alone does not count)
mkdir -p "$TMP/t/a" "$TMP/t/b"
printf 'static int twice(int x)\n{\n    return x;\n}\n' > "$TMP/t/a/one.c"
printf 'static int twice(int x);\nstatic int twice(int x)\n{\n    return -x;\n}\n' > "$TMP/t/b/two.c"
printf 'static int once(int x);\n' > "$TMP/t/b/three.c"
# an attribute between the type and the name does not hide it
printf 'static int __attribute__((noinline)) grown(int x)\n{\n    return x;\n}\n' > "$TMP/t/a/four.c"
printf 'static int __attribute__((cold, format(printf, 1, 2))) grown(const char *f, ...)\n{\n    return 0;\n}\n' > "$TMP/t/b/five.c"
out=$(cd "$TMP" && TMPDIR="$TMP" sh "$ROOT/scripts/static-names.sh" t) && die "a repeated static name passed"
case "$out" in "grown t/a/four.c t/b/five.c
twice t/a/one.c t/b/two.c") ;; *) die "checker said: '$out'" ;; esac
exit 0
