#!/usr/bin/env bash
# html5lib_tokenizer.sh: every html5lib tokenizer test (../shared/data/html5lib-tests/tokenizer)
# through our tokenizer (src/html/tokenizer.c, by build/tools/html_tokens): each passes or is
# listed in tests/html5lib/tokenizer.py with the reason it does not matter, and the count of
# passes stays above its floor.
set -eu
. "$ROOT/tests/cli/lib.sh"
PY=$(command -v /usr/bin/python3 || command -v python3)
DIR="$SHARED/data/html5lib-tests/tokenizer"
[ -d "$DIR" ] || die "no $DIR"
"$PY" "$ROOT/tests/html5lib/tokenizer.py" "$BUILD/tools/html_tokens" "$DIR" > "$TMP/out" 2>&1 ||
    { cat "$TMP/out"; die "html5lib tokenizer tests"; }
tail -n 16 "$TMP/out"
