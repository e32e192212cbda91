#!/usr/bin/env bash
# bench/pipeline.sh: throughput and peak memory of `winnow run` on JSONL corpora of 100 MB and
# 1 GB (built by bench/gen_jsonl.py into bench/data/), -j1 and -j2, with the Python reference
# (bench/ref_jsonl.py) timed in the same run on the 100 MB corpus.
#   bench/pipeline.sh [SIZES_MB...]     default: 100 1000
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W="$ROOT/build/winnow"
D="$ROOT/bench/data"
mkdir -p "$D"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
measure() {  # measure LABEL BYTES CMD... -> prints seconds, MB/s, peak RSS
    local label=$1 bytes=$2; shift 2
    /usr/bin/time -f '%e %M' -o "$D/time.txt" "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
    read -r secs rss < <(tail -n 1 "$D/time.txt")
    python3 -c "import sys; s=float('$secs'); print('%-28s %7.2f s %8.1f MB/s  peak RSS %7.1f MB' % ('$label', s, $bytes/1e6/max(s,1e-9), $rss/1024))"
    echo "$secs"
}
for mb in "${sizes[@]}"; do
    f="$D/corpus-${mb}MB.jsonl"
    [ -f "$f" ] || python3 "$ROOT/bench/gen_jsonl.py" "$mb" "$f"
    bytes=$(stat -c %s "$f")
    echo "== $f ($((bytes / 1000000)) MB)"
    t1=$(measure "winnow run -j1 (zstd out)" "$bytes" "$W" run -q -j1 "$f" -o "$D/out" | tee /dev/stderr | tail -1)
    rm -rf "$D/out"
    measure "winnow run -j2 (zstd out)" "$bytes" "$W" run -q -j2 "$f" -o "$D/out" >&2
    rm -rf "$D/out"
    measure "winnow run -j2 --clean" "$bytes" "$W" run -q -j2 --clean "$f" -o "$D/out" >&2
    rm -rf "$D/out"
    tn=$(measure "winnow run -j1 --compress none" "$bytes" "$W" run -q -j1 --compress none "$f" -o "$D/out" | tee /dev/stderr | tail -1)
    rm -rf "$D/out"
    if [ "$mb" -le 200 ]; then
        tr=$(measure "python json reference" "$bytes" python3 "$ROOT/bench/ref_jsonl.py" "$f" "$D/ref.jsonl" | tee /dev/stderr | tail -1)
        rm -f "$D/ref.jsonl"
        python3 -c "print('ratio: winnow -j1 (no compression) is %.1fx the Python reference' % ($tr / max($tn, 1e-9)))"
    fi
done 2>&1 | grep -v '^[0-9.]*$'
