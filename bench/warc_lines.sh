#!/usr/bin/env bash
# bench/warc_lines.sh: a file of "WARC/1.1" lines (issue 18 item 9: each false record start
# cost a 64 KB header scan) read at 5 sizes, each double the last; prints the time of each
# and the ratio to the previous one (linear: about 2). Usage: bench/warc_lines.sh [LINES]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$ROOT/build/winnow
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n=${1:-200000}; prev=
for step in 1 2 3 4 5; do
    for ext in warc warc.gz; do
        LINES=$n python3 "$ROOT/tests/gen_containers.py" warc-lines.$ext "$T/l.$ext"
    done
    /usr/bin/time -f %e -o "$T/t" "$W" run -q --compress none "$T/l.warc" "$T/l.warc.gz" -o "$T/o" >/dev/null 2>&1 || true; s=$(tail -n 1 "$T/t")
    rm -rf "$T/o"
    if [ -n "$prev" ]; then r=$(python3 -c "print('%.2f' % ($s / max($prev, 0.01)))"); else r=-; fi
    printf '%8d lines x2 (plain + gzip): %6s s  ratio %s\n' "$n" "$s" "$r"
    prev=$s; n=$((n * 2))
done
