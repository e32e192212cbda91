#!/usr/bin/env bash
# bench/filters.sh: single-thread MB/s of the quality filters (Gopher repetition, Gopher
# quality, C4, FineWeb, PII) and the share of documents each rule drops, on the text that
# winnow's extractor gets from ../shared/data/trafilatura-eval (made once into bench/data/,
# gitignored). usage: bench/filters.sh [REPS [DECISIONS_FILE]]: the file gets every decision
# (filter, document, reason, and C4's/PII's output text) to compare two builds with cmp.
# BENCH_SEGMENTER=uax29 measures the filters with UAX #29 words instead of the fineweb
# preset's spacy-en.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
DATA=${DATA:-$ROOT/../shared/data/trafilatura-eval}
cd "$ROOT"
make -s -j2 >/dev/null
corpus=bench/data/tfeval_text.jsonl
if [ ! -s "$corpus" ]; then
    mkdir -p bench/data
    "$BUILD/winnow" run -q -j2 --compress none --overwrite -o bench/data/tfeval_run "$DATA/html"
    cat bench/data/tfeval_run/kept/*.jsonl > "$corpus"
fi
cc -O2 -g -D_GNU_SOURCE -Iinclude -Isrc -o "$BUILD/filters_bench" bench/filters_bench.c "$BUILD/libwinnow.a" \
   $(make -s print-ldlibs)
"$BUILD/filters_bench" "$corpus" "${1:-3}" ${2:+"$2"}
