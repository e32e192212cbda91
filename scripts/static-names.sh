#!/bin/sh
# static-names.sh [DIR...]: lists file-scope static functions defined under the same name in
# more than one .c file (default: src programs). Unique names let all sources be read (or
# built) as one file, and make a name found in a stack trace or a grep lead to one place.
# Prints "NAME FILE..." per repeated name; exits 1 when there is any.
[ $# -gt 0 ] || set -- src programs
find "$@" -name '*.c' | sort | while read -r f; do
    # definitions only: "static ... name(" at the start of a line, the body on a later line
    # (prototypes end in ';' on the same line); GCC attributes are taken out first, as their
    # parentheses would hide the name ("static int __attribute__((noinline)) name(")
    sed -E 's/__attribute__ *\(\([^()]*(\([^()]*\)[^()]*)*\)\)//g' "$f" |
        grep -E '^static [^=;(]*[ *]([a-z_][a-z_0-9]*)\(' | grep -v ';[[:space:]]*$' |
        sed -E 's/^static [^(]*[ *]([a-z_][a-z_0-9]*)\(.*/\1/' | sort -u | sed "s|\$| $f|"
done | sort | awk '
    { n[$1]++; files[$1] = files[$1] " " $2 }
    END { for (k in n) if (n[k] > 1) print k files[k] }' | sort > "${TMPDIR:-/tmp}/static-names.$$"
cat "${TMPDIR:-/tmp}/static-names.$$"
test ! -s "${TMPDIR:-/tmp}/static-names.$$"; rc=$?
rm -f "${TMPDIR:-/tmp}/static-names.$$"
exit $rc
