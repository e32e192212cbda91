# Output is byte-identical for -j1 and -j4, with many documents and small shards.
. "$ROOT/tests/cli/lib.sh"
python3 - "$TMP/in.jsonl" <<'PY'
import json, random, sys
random.seed(7)
words = "the river rose by two metres overnight after heavy rain and the council opened a shelter".split()
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        n = random.randint(0, 80)
        lines = [" ".join(random.choice(words) for _ in range(random.randint(1, 12))) for _ in range(n // 4 + 1)]
        f.write(json.dumps({"id": f"d{i}", "text": "\n".join(lines) if n else "", "n": i}) + "\n")
        if i % 500 == 0:
            f.write("{broken json line\n")
PY
for j in 1 4; do
    "$WINNOW" run -q --max-failed 0 --clean -j $j --shard-size 64K "$TMP/in.jsonl" -o "$TMP/out$j"
    rc=$?; [ $rc -eq 1 ] || die "-j$j: exit $rc, expected 1 (some lines fail)"
    accounting "$TMP/out$j"
done
[ "$(ls "$TMP/out1/kept" | wc -l)" -gt 3 ] || die "expected several shards"
a=$(cd "$TMP/out1" && find kept dropped -type f | sort | xargs sha256sum)
b=$(cd "$TMP/out4" && find kept dropped -type f | sort | xargs sha256sum)
[ "$a" = "$b" ] || die "-j1 and -j4 outputs differ"
