#!/usr/bin/env bash
# bench/html_hostile.sh: CPU time and peak memory of `winnow extract` on hostile HTML shapes, each
# doubled four times (1, 2, 4, 8, 16 MiB by default), with the ratio to the size before: a
# parser linear in time shows ratios near 2 for time and, with memory at most 4x the page plus
# a constant, RSS ratios at most 2. Shapes: deep nesting, stray end tags, unclosed formatting
# elements, millions of siblings, huge attribute values, many attributes per tag, options deep
# in a select.
# usage: [BASE_KIB=1024] bench/html_hostile.sh
# A page the parser refuses (too_many_elements, too_large) still costs its time and memory:
# the status is printed beside the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
BASE_KIB=${BASE_KIB:-1024}
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT
cd "$ROOT"
make -s -j2 "$BUILD/winnow" >/dev/null
gen() {   # gen SHAPE BYTES FILE
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import sys
shape, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
unit = {
    "deep-nesting": "<div>",
    "stray-end-tags": "<div></x>",
    "unclosed-formatting": "<b><i><u>x",
    "siblings": "<p>x",
    "ruby-text": "<rt>",
}
with open(path, "w") as f:
    f.write("<!DOCTYPE html><html><body>")
    if shape == "huge-attribute":
        f.write('<div title="' + "x" * n + '">text</div>')
    elif shape == "select-options":
        # options deep under a select: each looks for the select it is in (tree builder)
        u = "<option>" + "x" * 40   # text enough that the tree stays within its bound
        f.write("<select>" + "<span>" * 1000 + u * (n // len(u)))
    elif shape == "many-attributes":
        per = 1000
        k = 0
        while f.tell() < n:
            f.write("<p " + " ".join("a%d=1" % (k * per + i) for i in range(per)) + ">t")
            k += 1
    else:
        u = unit[shape]
        f.write(u * (n // len(u)))
PY
}
printf '%-20s %8s %9s %9s %8s %8s  %s\n' shape MiB "CPU s" "RSS MB" "t ratio" "m ratio" status
for shape in deep-nesting stray-end-tags ruby-text unclosed-formatting siblings huge-attribute many-attributes select-options; do
    prev_t=""; prev_m=""
    for mult in 1 2 4 8 16; do
        bytes=$((BASE_KIB * 1024 * mult))
        f="$TMPD/$shape.html"
        gen "$shape" "$bytes" "$f"
        # CPU seconds (user + system), not wall time: the machine is shared
        status=$( { /usr/bin/time -f "%U %S %M" -o "$TMPD/time" "$BUILD/winnow" extract \
                    --max-size 64M --format json "$f" 2>&1 >/dev/null || true; } |
                  { grep -o 'too_[a-z_]*\|error' || true; } | head -1)
        read -r tu ts m < <(tail -1 "$TMPD/time")   # after "Command exited with non-zero status"
        t=$(/usr/bin/python3 -c "print('%.2f' % ($tu + $ts))")
        if [ -n "$prev_t" ]; then
            rt=$(/usr/bin/python3 -c "print('%.2f' % ($t / max($prev_t, 0.01)))")
            rm=$(/usr/bin/python3 -c "print('%.2f' % ($m / $prev_m))")
        else
            rt="-"; rm="-"
        fi
        printf '%-20s %8d %9.3f %9.1f %8s %8s  %s\n' "$shape" "$((bytes >> 20))" "$t" "$(/usr/bin/python3 -c "print($m/1024)")" "$rt" "$rm" "${status:-ok}"
        prev_t=$t; prev_m=$m
    done
done
