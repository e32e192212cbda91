#!/usr/bin/env bash
# bench/mpi.sh: documents per second of `winnow run --clean --langid` on a JSONL corpus split
# into 16 files (bench/gen_jsonl.py, SIZE_MB in all), in one process and under mpirun with 1,
# 2 (and more, if given) ranks, every configuration using all cores of this machine
# (ranks x threads = nproc); each MPI output is checked to be byte-identical to the single
# process's. On one machine MPI cannot beat threads: this measures what the ranks' spool and
# shard merge cost, and that the output does not change.
#   bench/mpi.sh [SIZE_MB [RANKS...]]      default: 200 MB, ranks 1 2
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W="$ROOT/build/winnow"
D="$ROOT/bench/data/mpi"
mb=${1:-200}; shift || true
ranks=("$@"); [ ${#ranks[@]} -gt 0 ] || ranks=(1 2)
cores=$(nproc)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_plm=isolated \
       OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none \
       OMPI_MCA_rmaps_base_oversubscribe=1
mkdir -p "$D/in"
if [ ! -f "$D/in/.done-$mb" ]; then
    rm -f "$D"/in/*
    python3 "$ROOT/bench/gen_jsonl.py" "$mb" "$D/all.jsonl"
    split -n l/16 -d --additional-suffix=.jsonl "$D/all.jsonl" "$D/in/part"
    rm "$D/all.jsonl"
    touch "$D/in/.done-$mb"
fi
opts=(-q --clean --langid --shard-size 64M)
run() {  # run LABEL CMD... : prints seconds and docs/s
    local label=$1; shift
    rm -rf "$D/out"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" "${opts[@]}" "$D/in" -o "$D/out" 2>/dev/null || [ $? -eq 1 ]
    t1=$(date +%s.%N)
    local docs
    docs=$(python3 -c "import json; print(json.load(open('$D/out/stats.json'))['documents']['in'])")
    python3 -c "s=$t1-$t0; print('%-34s %7.2f s %9.0f docs/s' % ('$label', s, $docs/s))"
}
digest() { (cd "$D/out" && find kept dropped -type f | sort | xargs sha256sum); }
echo "== $mb MB of JSONL in 16 files, $cores cores"
run "winnow run -j$cores" "$W" run -j"$cores"
ref=$(digest)
for np in "${ranks[@]}"; do
    j=$(( cores / np )); [ "$j" -ge 1 ] || j=1
    # OpenMPI binds each rank to one core by default (2 ranks or fewer): threads need room
    run "mpirun -np $np --bind-to none winnow-mpi -j$j" mpirun -np "$np" --bind-to none "$W-mpi" run -j"$j"
    [ "$(digest)" = "$ref" ] || { echo "bench/mpi.sh: -np $np output differs from the single process's" >&2; exit 1; }
done
rm -rf "$D/out"
