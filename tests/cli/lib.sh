# lib.sh: helpers for CLI tests (sourced, not a test itself: run.sh only runs *.sh files
# that are not lib.sh).
# die MSG: fail the test with a message.
die() { echo "FAIL: $*" >&2; exit 1; }

# accounting DIR: stats.json says in = kept + dropped + failed, overall and per input, and
# the shards hold exactly kept and dropped+failed documents.
accounting() {
    python3 - "$1" <<'PY' || die "accounting failed in $1"
import json, sys, os, subprocess, glob
d = sys.argv[1]
s = json.load(open(os.path.join(d, "stats.json")))
doc = s["documents"]
assert doc["in"] == doc["kept"] + doc["dropped"] + doc["failed"], doc
tot = {"in": 0, "kept": 0, "dropped": 0, "failed": 0}
for p in s["per_input"]:
    assert p["in"] == p["kept"] + p["dropped"] + p["failed"], p
    for k in tot: tot[k] += p[k]
assert tot == doc, (tot, doc)
assert sum(s["reasons"]["dropped"].values()) == doc["dropped"], s["reasons"]
assert sum(s["reasons"]["failed"].values()) == doc["failed"], s["reasons"]
langs = {}   # language -> [kept, dropped], from the shards: the oracle for stats.json's
def count(kind):
    n = 0
    # every layout: kept/ (kept/<lang>/ when split), dolma's documents/ (its own folders too)
    dirs = [kind] + (["documents"] if kind == "kept" else [])
    for f in sorted(f for k in dirs for f in glob.glob(os.path.join(d, k, "**", "*"), recursive=True)
                    if not os.path.isdir(f)):
        assert not f.endswith(".tmp"), "leftover temporary file " + f
        if f.endswith(".zst"): data = subprocess.run(["zstdcat", f], capture_output=True, check=True).stdout
        elif f.endswith(".gz"): data = subprocess.run(["zcat", f], capture_output=True, check=True).stdout
        else: data = open(f, "rb").read()
        for line in data.splitlines():
            o = json.loads(line)
            lang = o.get("metadata", {}).get("language")
            if isinstance(lang, str):
                langs.setdefault(lang, [0, 0])[kind == "dropped"] += 1
            n += 1
    return n
if os.path.isdir(os.path.join(d, "kept")) or os.path.isdir(os.path.join(d, "documents")):
    assert count("kept") == doc["kept"], ("kept shards", count("kept"), doc)
if os.path.isdir(os.path.join(d, "dropped")):
    assert count("dropped") == doc["dropped"] + doc["failed"], ("dropped shards", doc)
    want = {k: {"kept": v[0], "dropped": v[1]} for k, v in langs.items()}
    assert s.get("languages", {}) == want, ("languages", s.get("languages"), want)
PY
}

# cat_shards DIR KIND: the decompressed JSONL of DIR/KIND/* in shard order.
cat_shards() {
    for f in "$1/$2"/*; do
        [ -e "$f" ] || continue
        case "$f" in
            *.zst) zstdcat "$f" ;;
            *.gz) zcat "$f" ;;
            *) cat "$f" ;;
        esac
    done
}

# stats_of DIR: DIR/stats.json without what may differ between two runs of the same work
# (wall and CPU times, thread count, the command line), as one sorted JSON line
stats_of() {
    python3 - "$1/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for k in ("seconds", "timing", "threads", "command"):
    s.pop(k, None)
print(json.dumps(s, sort_keys=True))
PY
}

# same_output DIR_A DIR_B WHAT: the two runs wrote the same shards and the same stats.json
same_output() {
    a=$(cd "$1" && find kept dropped -type f | sort | xargs sha256sum)
    b=$(cd "$2" && find kept dropped -type f | sort | xargs sha256sum)
    [ "$a" = "$b" ] || die "$3: shards differ from an uninterrupted run"
    [ "$(stats_of "$1")" = "$(stats_of "$2")" ] || die "$3: stats.json differs from an uninterrupted run"
}

# mpi_setup: OpenMPI on one machine, as root, without a network or ssh: shared memory between
# local processes only (README, "On a cluster"); under ASan (WN_SANITIZED), OpenMPI's one-time
# allocations at MPI_Init are reported as leaks. Their frames are in libraries built without
# frame pointers and in components it unloads: the slow unwinder and components kept loaded
# let tests/lsan-mpi.supp name them (and only them).
mpi_setup() {
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_plm=isolated \
           OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none \
           OMPI_MCA_rmaps_base_oversubscribe=1
    if [ -n "${WN_SANITIZED:-}" ]; then
        export OMPI_MCA_mca_base_component_disable_dlclose=1
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
        export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan-mpi.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    fi
}
