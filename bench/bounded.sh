#!/usr/bin/env bash
# bench/bounded.sh: bounded work per document (issue 18, deliverable 2). For each hostile
# shape of tests/gen/hostile_html.py, doubles the page four times and prints, per size, the CPU
# time per page (user+sys of one `winnow extract`, or `winnow clean` for the text shapes, given
# the page REPS times so that the time is measurable; best of 3), its ratio to the previous
# size (bar: <= 2.3 per doubling, linear or n log n), the peak RSS, whether that RSS less an
# empty page's is within 10x the page + 16 MB (the bar; the parser refuses a tree over 4x the
# page + 16 MiB), and the outcome (ok, or the reason it was dropped).
# usage: bash bench/bounded.sh [SHAPE...]     (default: every shape; WINNOW=build/winnow REPS=8)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WINNOW=${WINNOW:-$ROOT/build/winnow}
REPS=${REPS:-8}
GEN="$ROOT/tests/gen/hostile_html.py"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# repeats of the smallest size per shape
declare -A BASE=( [short_p]=4000 [table]=1000 [stray_end]=100000 [rt]=200000 [nested]=100000
                  [formatting]=50000 [dense_p]=100000 [long_lines]=5000 [news]=5500
                  [text_short]=50000 [text_long]=50000 )
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(short_p table stray_end rt nested formatting dense_p long_lines news text_short text_long)

# run CMD FILE -> "cpu_seconds_per_page peak_kb outcome"
run() {
    local cmd=$1 f=$2 best="" u s kb t
    local args=(); for _ in $(seq "$REPS"); do args+=("$f"); done
    for _ in 1 2 3; do
        python3 - "$TMP/t" "$TMP/o" "$WINNOW" "$cmd" "${args[@]}" <<'PY'
# user+sys seconds (microsecond resolution, unlike time(1)'s) and peak RSS of one command
import resource, subprocess, sys
t, o, winnow, cmd, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
argv = [winnow, "extract", "--format", "json", "-q"] if cmd == "extract" else [winnow, "clean"]
with open(o, "wb") as out:
    subprocess.run(argv + files, stdout=out, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(t, "w").write("%f %f %d\n" % (r.ru_utime, r.ru_stime, r.ru_maxrss))
PY
        read -r u s kb < "$TMP/t"
        t=$(python3 -c "print(($u + $s) / $REPS)")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(not $t < $best)"; then best=$t; fi
    done
    local out=ok
    [ "$cmd" = extract ] && out=$(python3 -c "import json,sys; o=json.loads(open(sys.argv[1]).readline() or '{}'); print(o.get('error','ok'))" "$TMP/o")
    echo "$best $kb $out"
}
printf '<html><body></body></html>' > "$TMP/empty.html"
read -r _ base_kb _ <<<"$(REPS=1 run extract "$TMP/empty.html")"
printf '%-11s %8s %10s %10s %6s %8s %9s  %s\n' shape repeats bytes cpu_s/page ratio rss_mb "<=10x+16M" outcome
for s in "${shapes[@]}"; do
    n=${BASE[$s]}; prev=""
    cmd=extract; case $s in text_*) cmd=clean ;; esac
    for _ in 0 1 2 3 4; do
        python3 "$GEN" "$s" "$n" > "$TMP/p.html"
        bytes=$(stat -c %s "$TMP/p.html")
        read -r t kb out <<<"$(run "$cmd" "$TMP/p.html")"
        python3 - "$s" "$n" "$bytes" "$t" "${prev:-0}" "$kb" "$base_kb" "$out" <<'PY'
import sys
s, n, b, t, prev, kb, base, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
ratio = "%.2f" % (t / prev) if prev > 0 else "-"
within = "yes" if (kb - base) * 1024 <= 10 * b + (16 << 20) else "NO"
print("%-11s %8d %10d %10.4f %6s %8.1f %9s  %s" % (s, n, b, t, ratio, kb / 1024, within, out))
PY
        prev=$t; n=$((n * 2))
    done
done
