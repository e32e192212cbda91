# Replays every fuzz target over its corpus (past crashes included) with the build under test.
set -eu
for t in "$BUILD"/fuzz-replay/fuzz_*; do
    n=$(basename "$t")
    files=("$ROOT"/fuzz/corpus/"$n"/*)
    [ -e "${files[0]}" ] || continue
    "$t" "${files[@]}"
done
