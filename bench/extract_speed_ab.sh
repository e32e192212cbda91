#!/usr/bin/env bash
# bench/extract_speed_ab.sh: CPU time (user + sys) of `winnow extract` on the trafilatura
# evaluation pages, this tree's binary against another (an older build), interleaved round by
# round on one core. On a shared machine wall time (bench/extract_speed.sh's ratio against
# readability) swings with the load of other processes; CPU time of the same work, taken in
# turns, is what a change to extraction costs.
# usage: bench/extract_speed_ab.sh OTHER_WINNOW [ROUNDS (default 10)] [DATA_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OTHER=${1:?usage: bench/extract_speed_ab.sh OTHER_WINNOW [ROUNDS] [DATA_DIR]}
ROUNDS=${2:-10}
DATA=${3:-$ROOT/../shared/data/trafilatura-eval}
NEW=${BUILD:-$ROOT/build}/winnow
SW="$ROOT/data/stopwords-iso.json"
mapfile -t files < <(ls "$DATA"/html/*.html | sort)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for ((r = 0; r < ROUNDS; r++)); do
    for v in other this; do
        b=$OTHER; [ $v = this ] && b=$NEW
        /usr/bin/time -f "%U %S" -o "$tmp.t" taskset -c 0 "$b" extract -q --format json --stopwords "$SW" "${files[@]}" > /dev/null
        echo "$v $(awk '{print $1 + $2}' "$tmp.t")" >> "$tmp"
    done
done
rm -f "$tmp.t"
awk '{s[$1] += $2; n[$1]++; if (!($1 in m) || $2 < m[$1]) m[$1] = $2}
     END {printf "CPU s per pass (%d rounds): this %.3f (min %.3f), other %.3f (min %.3f), this/other %.3f\n",
          n["this"], s["this"] / n["this"], m["this"], s["other"] / n["other"], m["other"], (s["this"] / n["this"]) / (s["other"] / n["other"])}' "$tmp"
