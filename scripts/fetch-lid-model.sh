#!/usr/bin/env bash
# scripts/fetch-lid-model.sh: puts fastText's lid.176.ftz (the default language-ID model) at
# models/lid.176.ftz. It comes from the npm package fasttext.wasm.js@1.0.0, which ships it;
# the sha256 is checked, and nothing is downloaded when the file is already there and right.
# Never committed (models/ is gitignored). Run by scripts/setup.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
want=8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83
dst="$ROOT/models/lid.176.ftz"
have() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$want" ]; }
if have "$dst"; then exit 0; fi
command -v npm >/dev/null || { echo "fetch-lid-model: npm is needed" >&2; exit 3; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent fasttext.wasm.js@1.0.0 >/dev/null)
tar -xzf "$tmp"/fasttext.wasm.js-1.0.0.tgz -C "$tmp" package/dist/models/language-identification/assets/lid.176.ftz
src="$tmp/package/dist/models/language-identification/assets/lid.176.ftz"
if ! have "$src"; then
    echo "fetch-lid-model: lid.176.ftz from fasttext.wasm.js@1.0.0 has the wrong sha256" >&2
    exit 3
fi
mkdir -p "$ROOT/models"
mv "$src" "$dst.tmp" && mv "$dst.tmp" "$dst"
echo "fetch-lid-model: models/lid.176.ftz" >&2
