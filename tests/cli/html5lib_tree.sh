#!/usr/bin/env bash
# html5lib_tree.sh: the html5lib tree-construction tests (../shared/data/html5lib-tests/
# tree-construction/*.dat; scripted/ needs a script engine and is not run) through our tree
# builder (src/html/treebuilder.c, by build/tools/html_tree): the share that passes, per file
# and in all, stays above the floor in tests/html5lib/tree.py.
set -eu
. "$ROOT/tests/cli/lib.sh"
PY=$(command -v /usr/bin/python3 || command -v python3)
DIR="$SHARED/data/html5lib-tests/tree-construction"
[ -d "$DIR" ] || die "no $DIR"
"$PY" "$ROOT/tests/html5lib/tree.py" "$BUILD/tools/html_tree" "$DIR" > "$TMP/out" 2>&1 ||
    { cat "$TMP/out"; die "html5lib tree-construction tests"; }
tail -n 1 "$TMP/out"
