# The module layering of docs/layers.txt holds: scripts/check_layers.py finds no #include and
# no call (symbols of the build's objects) that goes up or sideways. Then the checker itself:
# temporary trees with one forbidden edge each (an include up, an include spelled relatively,
# programs/ reaching into src/, a call through a declaration copied by hand, a table naming a
# module below it) must each fail naming the file, line and edge, while allowed edges pass.
. "$ROOT/tests/cli/lib.sh"
CHECK="$ROOT/scripts/check_layers.py"

out=$(python3 "$CHECK" --root "$ROOT" --objects "$BUILD/obj" 2>&1) || die "the tree breaks its layering:
$out"

# mktree DIR: a tree with the real table, io using common (allowed), and a program using the API
mktree() {
    mkdir -p "$1/docs" "$1/src/common" "$1/src/io" "$1/src/winnow" "$1/include" "$1/programs"
    cp "$ROOT/docs/layers.txt" "$1/docs/"
    printf '#include "winnow/core.h"\nint wn_low(void);\n' > "$1/src/common/low.h"
    printf '#include "common/low.h"\nint wn_low(void) { return 1; }\n' > "$1/src/common/low.c"
    printf '#include "common/low.h"\nint wn_high(void);\n' > "$1/src/io/high.h"
    printf '#include "io/high.h"\nint wn_high(void) { return wn_low() + 1; }\n' > "$1/src/io/high.c"
    printf 'int wn_low(void);\n' > "$1/src/winnow/core.h"
    printf '#include "winnow/core.h"\n' > "$1/src/winnow/internal.h"
    printf 'int wn_version_number(void);\n' > "$1/include/winnow.h"
    printf '#include "winnow/internal.h"\n#include "winnow.h"\nint main(void) { return wn_low(); }\n' > "$1/programs/main.c"
}
# compile DIR: objects where a build keeps them (obj/src/MODULE/NAME.o)
compile() {
    for c in "$1"/src/*/*.c "$1"/programs/*.c; do
        rel=${c#"$1"/}; mkdir -p "$1/obj/$(dirname "$rel")"
        cc -c -I"$1/include" -I"$1/src" "$c" -o "$1/obj/${rel%.c}.o" || die "cannot compile $rel"
    done
}
# expect_fail DIR TEXT...: the checker fails on DIR and prints each TEXT (fixed strings)
expect_fail() {
    local dir=$1; shift
    if out=$(python3 "$CHECK" --root "$dir" --objects "$dir/obj" 2>&1); then
        die "$(basename "$dir"): the checker passed a forbidden edge"
    fi
    for t in "$@"; do grep -qF -- "$t" <<<"$out" || die "$(basename "$dir"): no '$t' in:
$out"; done
    ! grep -q 'io/high.c.*wn_low\|high.c:1' <<<"$out" || die "$(basename "$dir"): an allowed edge was reported:
$out"
}

mktree "$TMP/good"; compile "$TMP/good"
out=$(python3 "$CHECK" --root "$TMP/good" --objects "$TMP/good/obj" 2>&1) || die "good tree refused:
$out"

# an include that goes up: common -> io
mktree "$TMP/up"; printf '#include "winnow/core.h"\n#include "io/high.h"\n' > "$TMP/up/src/common/up.h"
compile "$TMP/up"
expect_fail "$TMP/up" 'src/common/up.h:2: #include "io/high.h": common -> io is not an allowed edge'

# a header included by a relative or bare name
mktree "$TMP/rel"; printf '#include "../common/low.h"\n' > "$TMP/rel/src/io/rel.h"
printf '#include "high.h"\n' > "$TMP/rel/src/io/bare.h"; compile "$TMP/rel"
expect_fail "$TMP/rel" 'src/io/rel.h:1: #include "../common/low.h": not spelled from src/ or include/' \
    'src/io/bare.h:1: #include "high.h": not spelled from src/ or include/'

# programs/ reaching past the module interfaces, by include and by a call declared by hand
mktree "$TMP/prog"
printf '#include "io/high.h"\nint main(void) { return wn_high(); }\n' > "$TMP/prog/programs/main.c"
printf 'int wn_high(void);\nint helper(void);\nint helper(void) { return wn_high(); }\n' > "$TMP/prog/programs/helper.c"
compile "$TMP/prog"
expect_fail "$TMP/prog" 'programs/main.c:1: #include "io/high.h": programs -> io: programs/ use module interfaces (src/winnow/, include/) only' \
    'programs/helper.c: calls wn_high (defined in src/io/high.c): programs -> io: not declared in src/winnow/ or include/'

# a call that goes up through a declaration copied by hand: no include shows it, the symbols do
mktree "$TMP/sym"
printf 'int wn_high(void);\nint wn_up(void);\nint wn_up(void) { return wn_high(); }\n' > "$TMP/sym/src/common/up.c"
compile "$TMP/sym"
expect_fail "$TMP/sym" 'src/common/up.c: calls wn_high (defined in src/io/high.c): common -> io is not an allowed edge'

# a module in no line of the table, and a table whose line names a module below it
mktree "$TMP/table"; mkdir -p "$TMP/table/src/gadgets"; printf 'int x;\n' > "$TMP/table/src/gadgets/g.c"
sed -i 's/^doc \( *|.*| \)common$/doc\1common io/' "$TMP/table/docs/layers.txt"
grep -q '^doc .*common io$' "$TMP/table/docs/layers.txt" || die "the test's sed no longer matches docs/layers.txt's doc line"
if out=$(python3 "$CHECK" --root "$TMP/table" 2>&1); then die "a table with a cycle passed"; fi
grep -qF 'doc may use io, which is not on a line above' <<<"$out" || die "no cycle message in: $out"
sed -i 's/^doc \( *|.*| \)common io$/doc\1common/' "$TMP/table/docs/layers.txt"
if out=$(python3 "$CHECK" --root "$TMP/table" 2>&1); then die "a module outside the table passed"; fi
grep -qF 'src/gadgets/g.c: module gadgets is not in docs/layers.txt' <<<"$out" || die "no unknown-module message in: $out"
exit 0
