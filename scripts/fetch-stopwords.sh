#!/usr/bin/env bash
# scripts/fetch-stopwords.sh: fetches the per-language stop-word lists of the npm package
# stopwords-iso (MIT) into data/stopwords-iso.json (gitignored, never committed). The
# extractor loads that file at run time ($WINNOW_STOPWORDS overrides the path).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=1.1.0
dest="$ROOT/data/stopwords-iso.json"
[ -s "$dest" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "fetch-stopwords: npm not found" >&2; exit 3; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "stopwords-iso@$VERSION" >/dev/null)
tar -xzf "$tmp"/stopwords-iso-"$VERSION".tgz -C "$tmp"
mkdir -p "$ROOT/data"
cp "$tmp/package/stopwords-iso.json" "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "fetch-stopwords: $dest" >&2
