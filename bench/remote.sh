#!/usr/bin/env bash
# bench/remote.sh: reading a WARC.gz over HTTP from a local server (tests/http_server.py on
# 127.0.0.1) against reading the same file from disk, through winnow's reader (bench/warc_read.c:
# gzip, WARC records and HTTP heads parsed, payloads copied out); and the peak RSS of reading a
# remote file of MIN_MB and one of 4 x MIN_MB, which must be about the same: the download is
# never held whole in memory nor written to disk.
#   bench/remote.sh [MIN_MB]     (default 100; the large file is 4 x MIN_MB)
# The corpus is bench/warc.sh's (bench/data/bench.warc.gz, built by bench/warc_gen.c from
# shared/data/trafilatura-eval/html); the large file is it concatenated 4 times (a valid
# multi-member gzip). Each timing is the best of REPS runs (default 3): the machine is shared.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="$ROOT/bench/data"
SHARED=${SHARED:-$ROOT/../shared}
MIN_MB=${1:-100}
REPS=${REPS:-3}
mkdir -p "$D/www"
[ -f "$ROOT/build/libwinnow.a" ] || make -C "$ROOT" -j2 >/dev/null
cc -O2 -o "$D/warc_gen" "$ROOT/bench/warc_gen.c" -lzstd -lz
cc -O2 -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/src" -o "$D/warc_read" "$ROOT/bench/warc_read.c" \
   "$ROOT/build/libwinnow.a" $(make -s -C "$ROOT" print-ldlibs)
P="$D/bench"
if [ ! -f "$P.warc.gz" ] || [ "$(stat -c %s "$P.warc.gz")" -lt $((MIN_MB * 1000000)) ]; then
    "$D/warc_gen" "$SHARED/data/trafilatura-eval/html" "$P" "$MIN_MB"
fi
ln -f "$P.warc.gz" "$D/www/bench.warc.gz" 2>/dev/null || cp "$P.warc.gz" "$D/www/bench.warc.gz"
if [ ! -f "$D/www/big.warc.gz" ] || [ "$(stat -c %s "$D/www/big.warc.gz")" -ne $((4 * $(stat -c %s "$P.warc.gz"))) ]; then
    cat "$P.warc.gz" "$P.warc.gz" "$P.warc.gz" "$P.warc.gz" > "$D/www/big.warc.gz"
fi
rm -f "$D/port"   # a stale one would name a port nobody listens on
/usr/bin/python3 "$ROOT/tests/http_server.py" "$D/www" > "$D/port" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$D/port" ] && break; sleep 0.1; done
U="http://127.0.0.1:$(head -1 "$D/port")"

gz=$(stat -c %s "$P.warc.gz")
best() { # best wall time of REPS runs of a command
    local b=""
    for _ in $(seq "$REPS"); do
        local t0 t1 t
        t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
# peak RSS in kB of one run (GNU time's %M)
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

"$D/warc_read" "$P.warc.gz" > "$D/local.out"
"$D/warc_read" "$U/bench.warc.gz" > "$D/remote.out"
# the same records either way (warc_read's counts, the timing field left out)
cut -d' ' -f1-3 "$D/local.out" | cmp -s - <(cut -d' ' -f1-3 "$D/remote.out") \
    || { echo "remote read differs: $(cat "$D/local.out") / $(cat "$D/remote.out")"; exit 1; }
tl=$(best "$D/warc_read" "$P.warc.gz")
tr=$(best "$D/warc_read" "$U/bench.warc.gz")
printf 'WARC.gz of %.1f MB, best of %s:\n' "$(echo "$gz / 1000000" | bc -l)" "$REPS"
printf '  disk  %6.2f s  %7.1f MB/s (compressed)\n' "$tl" "$(echo "$gz / 1000000 / $tl" | bc -l)"
printf '  http  %6.2f s  %7.1f MB/s (compressed)\n' "$tr" "$(echo "$gz / 1000000 / $tr" | bc -l)"
printf '  ratio http/disk speed: %.3f\n' "$(echo "$tl / $tr" | bc -l)"
r1=$(rss "$D/warc_read" "$U/bench.warc.gz")
r4=$(rss "$D/warc_read" "$U/big.warc.gz")
printf 'peak RSS reading over HTTP: %.1f MB file %s kB, %.1f MB file %s kB\n' \
    "$(echo "$gz / 1000000" | bc -l)" "$r1" "$(echo "4 * $gz / 1000000" | bc -l)" "$r4"
