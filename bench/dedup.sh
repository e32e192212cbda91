#!/usr/bin/env bash
# bench/dedup.sh: winnow dedup benchmarks (issue 7). Generates corpora with planted duplicates
# (bench/dedup_gen.py) under bench/data/, then prints
#   1. signatures per CPU-second: winnow's signing loop (bench/dedup_sigbench.c) and, in the same
#      command, the pure-Python MinHash reference (bench/dedup_pyminhash.py), on 500-word docs
#   2. precision / recall against exact Jaccard >= 0.8 and the LSH curve (bench/dedup_eval.py)
#      on a 10k-document corpus
#   3. the whole dedup (sign, resolve, apply) at 100k and 1M documents: wall, CPU, docs/s per
#      core, peak RSS (/usr/bin/time -v), with --memory as given (default 1G)
# usage: bench/dedup.sh [quick|full]   (quick: 100k only; full: also 1M, ~3.5 GB of zstd input)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="$ROOT/bench/data"
W="$ROOT/build/winnow"
MEM=${MEM:-1G}
mkdir -p "$D"
make -C "$ROOT" -s -j2 build/winnow build/libwinnow.a >/dev/null
LIBS=$(make -s -C "$ROOT" print-ldlibs)
cc -O2 -D_GNU_SOURCE -I"$ROOT/include" "$ROOT/bench/dedup_sigbench.c" "$ROOT/build/libwinnow.a" $LIBS -o "$D/sigbench"
gen() { [ -f "$D/$2" ] || python3 "$ROOT/bench/dedup_gen.py" --docs "$1" --words 500 --seed "$3" /dev/stdout "$D/$2.truth.tsv" | zstd -q -1 -o "$D/$2"; }
gen 100000 c100k.jsonl.zst 11
[ -f "$D/c10k.jsonl" ] || python3 "$ROOT/bench/dedup_gen.py" --docs 10000 --words 500 --seed 21 "$D/c10k.jsonl" "$D/c10k.truth.tsv"

echo "== 1. signatures per CPU-second (500-word documents, k = 112)"
oph=$("$D/sigbench" "$D/c100k.jsonl.zst" 50000 oph); echo "$oph"
"$D/sigbench" "$D/c100k.jsonl.zst" 2000 kperm
py=$(python3 "$ROOT/bench/dedup_pyminhash.py" "$D/c100k.jsonl.zst" 200); echo "$py"
python3 - "$oph" "$py" <<'PY'
import sys
w = float(sys.argv[1].split("sigs_per_cpu_s ")[1].split()[0])
p = float(sys.argv[2].split("sigs_per_cpu_s ")[1].split()[0])
print("   ratio winnow-oph / python-minhash (same run, datasketch's algorithm in pure Python): %.0fx" % (w / p))
print("   ratio winnow-oph / datasketch's published 640-750 sigs per CPU-s (not run here): %.0fx-%.0fx (target >= 100x)" % (w / 750, w / 640))
PY
echo "== 2. quality against exact Jaccard (10k documents), --confirm estimate then exact"
for mode in estimate exact; do
    rm -rf "$D/o10k_$mode"
    "$W" dedup -q -j2 --confirm $mode "$D/c10k.jsonl" -o "$D/o10k_$mode"
    echo "-- --confirm $mode"
    python3 "$ROOT/bench/dedup_eval.py" "$D/c10k.jsonl" "$D/o10k_$mode"
done

run() {  # name input threads [more options]
    rm -rf "$D/o_$1"
    /usr/bin/time -v "$W" dedup -q -j"$3" --memory "$MEM" ${4:-} "$2" -o "$D/o_$1" 2>"$D/time_$1.txt"
    local wall user sys rss n
    wall=$(grep 'Elapsed' "$D/time_$1.txt" | awk '{print $NF}')
    user=$(grep 'User time' "$D/time_$1.txt" | awk '{print $NF}')
    sys=$(grep 'System time' "$D/time_$1.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$D/time_$1.txt" | awk '{print $NF}')
    n=$(python3 -c "import json;print(json.load(open('$D/o_$1/stats.json'))['documents']['in'])")
    python3 -c "
u,s,n=$user,$sys,$n
print('  %-10s -j$3 docs %d wall $wall cpu %.1f s  docs/s per core %.0f  peak RSS %.0f MB  dropped %s' % ('$1', n, u+s, n/(u+s), $rss/1024,
      __import__('json').load(open('$D/o_$1/stats.json'))['reasons']['dropped']))"
}
echo "== 3. whole dedup (exact,minhash; sign + resolve + apply; --memory $MEM)"
run 100k "$D/c100k.jsonl.zst" 1
run 100k_j2 "$D/c100k.jsonl.zst" 2
run 100k_exact "$D/c100k.jsonl.zst" 2 "--confirm exact"
if [ "${1:-quick}" = full ]; then
    gen 1000000 c1m.jsonl.zst 12
    run 1m "$D/c1m.jsonl.zst" 2
fi
