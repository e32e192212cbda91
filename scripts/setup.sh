#!/usr/bin/env bash
# scripts/setup.sh: the README's first command. Installs the Debian packages winnow needs
# (when run as root and any is missing), fetches the data files that registry packages ship
# (scripts/fetch-*.sh, never committed), builds, and runs winnow on the bundled sample.
#   --no-sample   stop after the build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
run_sample=1
[ "${1:-}" = "--no-sample" ] && run_sample=0

mapfile -t pkgs < <(sed 's/#.*//; /^[[:space:]]*$/d' scripts/packages.txt)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm fetches model files from the npm registry; the machine image may ship its own node
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
        exit 3
    fi
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for f in scripts/fetch-*.sh; do
    [ -f "$f" ] && bash "$f"
done

make -j"$(nproc)" >/dev/null
echo "setup: built build/winnow" >&2

if [ "$run_sample" = 1 ]; then
    rm -rf out/sample
    build/winnow run --clean --langid -q samples/ -o out/sample || [ $? -eq 1 ]
    echo "setup: sample run: out/sample/stats.json" >&2
    sed -n '/"documents"/p' out/sample/stats.json >&2
fi
