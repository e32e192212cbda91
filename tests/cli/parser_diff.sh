#!/usr/bin/env bash
# parser_diff.sh: while both parsers exist (issue 19), extraction with --parser own gives the
# same output as with myhtml, field for field, on every page of trafilatura-eval and of each
# extraction-dev family (../shared/data): myhtml is the oracle. bench/parser_diff.py lists any
# page that differs.
set -eu
. "$ROOT/tests/cli/lib.sh"
PY=$(command -v /usr/bin/python3 || command -v python3)
[ -d "$SHARED/data/trafilatura-eval" ] || die "no $SHARED/data/trafilatura-eval"
"$PY" "$ROOT/bench/parser_diff.py" --winnow "$WINNOW" --shared "$SHARED" > "$TMP/out" 2>&1 ||
    { cat "$TMP/out"; die "extraction differs between --parser myhtml and --parser own"; }
cat "$TMP/out"
