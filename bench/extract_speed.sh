#!/usr/bin/env bash
# bench/extract_speed.sh: single-thread speed of winnow's HTML extraction on the trafilatura
# evaluation pages, with readability-lxml (Debian python3-readability) timed in the same run
# as the reference, plus where winnow's time goes (charset decode, UTF-8 check, parse, walk,
# metadata, scoring, output) from bench/extract_parse.c and the extractor's profile counters.
# usage: bench/extract_speed.sh [DATA_DIR]   (default ../shared/data/trafilatura-eval)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${1:-$ROOT/../shared/data/trafilatura-eval}
BUILD=${BUILD:-$ROOT/build}
cd "$ROOT"
make -s -j2 >/dev/null
mapfile -t files < <(ls "$DATA"/html/*.html | sort)
sw="$ROOT/data/stopwords-iso.json"
cc -O2 -D_GNU_SOURCE -Iinclude -Isrc -o "$BUILD/extract_parse" bench/extract_parse.c "$BUILD/libwinnow.a" \
   $(make -s print-ldlibs)
echo "== winnow: phases, in process, one thread (bench/extract_parse.c)"
taskset -c 0 "$BUILD/extract_parse" "$sw" "${files[@]}"
echo "== winnow extract CLI, whole process, -j1 (reads, decodes, extracts, writes JSON)"
bytes=$(cat "${files[@]}" | wc -c)
t0=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$BUILD/extract_speed.rss" \
    taskset -c 0 "$BUILD/winnow" extract -q --format json "${files[@]}" > /dev/null || true
t1=$(date +%s.%N)
python3 - "$t0" "$t1" "$bytes" "${#files[@]}" $(tail -1 "$BUILD/extract_speed.rss") <<'PY'
import sys
t = float(sys.argv[2]) - float(sys.argv[1]); b = int(sys.argv[3]) / 1e6; n = int(sys.argv[4])
cpu = float(sys.argv[6]) + float(sys.argv[7])
print("winnow extract   %7.3f s  %7.1f MB/s  %7.1f pages/s  peak RSS %.0f MB" % (t, b / t, n / t, int(sys.argv[5]) / 1024))
# CPU time (user + sys) as well: on a shared machine wall time also counts other processes' turns
print("  CPU            %7.3f s  %7.1f MB/s per CPU second" % (cpu, b / cpu))
open("/tmp/wn_extract_speed", "w").write("%f %f" % (t, cpu))
PY
echo "== readability-lxml (reference), same pages, one process"
taskset -c 0 /usr/bin/python3 - "${files[@]}" <<'PY'
import sys, time
from readability import Document
files = sys.argv[1:]
pages = [open(f, "rb").read() for f in files]
b = sum(len(p) for p in pages) / 1e6
t0, c0 = time.perf_counter(), time.process_time()
fail = 0
for p in pages:
    try:
        Document(p).summary()
    except Exception:
        fail += 1
t, cpu = time.perf_counter() - t0, time.process_time() - c0
print("readability      %7.3f s  %7.1f MB/s  %7.1f pages/s  (%d pages failed)" % (t, b / t, len(pages) / t, fail))
print("  CPU            %7.3f s  %7.1f MB/s per CPU second" % (cpu, b / cpu))
w, wcpu = (float(x) for x in open("/tmp/wn_extract_speed").read().split())
print("speed ratio winnow extract / readability: %.1fx (wall), %.1fx (CPU)" % (t / w, cpu / wcpu))
PY
