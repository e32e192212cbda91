#!/usr/bin/env bash
# bench/warc.sh: WARC reading speed (records parsed, HTTP heads parsed, payloads copied out)
# against plain decompression of the same file, in the same run:
#   .warc.gz  : winnow's reader vs `zcat FILE >/dev/null`
#   .warc.zst : winnow's reader vs `zstdcat FILE >/dev/null`
#   .warc     : winnow's reader vs `cat FILE >/dev/null`
# The corpus (bench/data/bench.warc{,.gz,.zst}, the same records in each) wraps the 1,029
# pages of shared/data/trafilatura-eval/html, repeated with distinct ids and URLs until the
# .warc.gz is >= MIN_MB (default 100). Each timing is the best of REPS runs (default 3), since
# the machine is shared. MB/s are decompressed WARC bytes per second.
#   bench/warc.sh [MIN_MB]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="$ROOT/bench/data"
SHARED=${SHARED:-$ROOT/../shared}
MIN_MB=${1:-100}
REPS=${REPS:-3}
mkdir -p "$D"
[ -f "$ROOT/build/libwinnow.a" ] || make -C "$ROOT" -j2 >/dev/null
cc -O2 -o "$D/warc_gen" "$ROOT/bench/warc_gen.c" -lzstd -lz
cc -O2 -D_GNU_SOURCE -I"$ROOT/include" -o "$D/warc_read" "$ROOT/bench/warc_read.c" "$ROOT/build/libwinnow.a" \
   $(make -s -C "$ROOT" print-ldlibs)
P="$D/bench"
if [ ! -f "$P.warc.gz" ] || [ "$(stat -c %s "$P.warc.gz")" -lt $((MIN_MB * 1000000)) ]; then
    "$D/warc_gen" "$SHARED/data/trafilatura-eval/html" "$P" "$MIN_MB"
fi
plain=$(stat -c %s "$P.warc")
best() { # best wall time of REPS runs of a command
    local b=""
    for _ in $(seq "$REPS"); do
        local s e
        s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
        b=$(python3 -c "t=$e-$s; b='$b'; print(min(t, float(b)) if b else t)")
    done
    echo "$b"
}
best_read() { # best of REPS runs of warc_read; prints "records docs secs"
    local b="" line
    for _ in $(seq "$REPS"); do
        line=$("$D/warc_read" "$1")
        b=$(python3 -c "
r, d, p, t = '$line'.split(); b = '$b'.split()
print(' '.join([r, d, t]) if not b or float(t) < float(b[2]) else ' '.join(b))")
    done
    echo "$b"
}
printf '%-10s %10s %12s %12s %12s %14s %8s\n' file size_MB ref_MB/s winnow_MB/s records/s ref_tool ratio
for ext in warc.gz warc.zst warc; do
    f="$P.$ext"
    case $ext in warc.gz) ref=(zcat "$f");; warc.zst) ref=(zstdcat "$f");; warc) ref=(cat "$f");; esac
    tr=$(best "${ref[@]}")
    read -r recs docs tw < <(best_read "$f")
    python3 -c "
plain, tr, tw, recs = $plain, $tr, $tw, $recs
print('%-10s %10.1f %12.1f %12.1f %12.0f %14s %7.0f%%' % ('$ext', $(stat -c %s "$f")/1e6, plain/1e6/tr, plain/1e6/tw, recs/tw, '${ref[0]}', 100*tr/tw))"
done
echo "(records: $recs WARC records, $docs HTML documents per file; ratio = reference time / winnow time)"
