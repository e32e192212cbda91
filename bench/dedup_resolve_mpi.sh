#!/usr/bin/env bash
# bench/dedup_resolve_mpi.sh: the dedup resolve step alone, in one process and split over MPI
# ranks, on one signed work directory: wall time and peak RSS of every rank (/usr/bin/time),
# and a check that each run's decisions (and paragraph removals) are byte for byte those of the
# single process. The corpus comes from bench/dedup_gen.py (planted exact and near duplicates).
# usage: bench/dedup_resolve_mpi.sh [docs (200000)] [estimate|exact (estimate)] ["1 2" (ranks)]
# env: MEM (--memory, default 1G), METHODS (default exact,minhash)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="$ROOT/bench/data"
DOCS=${1:-200000}
CONFIRM=${2:-estimate}
read -r -a RANKS <<< "${3:-1 2}"
MEM=${MEM:-1G}
METHODS=${METHODS:-exact,minhash}
W="$ROOT/build/winnow"
mkdir -p "$D"
make -C "$ROOT" -s -j2 build/winnow build/winnow-mpi >/dev/null
# OpenMPI on one machine as root without ssh (README, "On a cluster")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_plm=isolated \
       OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
in="$D/c${DOCS}.jsonl.zst"
[ -f "$in" ] || python3 "$ROOT/bench/dedup_gen.py" --docs "$DOCS" --words 500 --seed 13 /dev/stdout "$D/c${DOCS}.truth.tsv" | zstd -q -1 -o "$in"
work="$D/resolve_work_$CONFIRM"
rm -rf "$work"
"$W" dedup -q -j2 --method "$METHODS" --confirm "$CONFIRM" --step sign --work-dir "$work" "$in"
# what a resolve writes, removed before each run so that every run writes new files
clean() { (cd "$work" && rm -f docinfo decisions paraidx own.* links.* cand.* lpairs.* opairs.* verdict.* remove.* pairs.*); }
sums() { (cd "$work" && sha256sum decisions paraidx); }
clean
sync
echo "== resolve of $DOCS documents (--method $METHODS --confirm $CONFIRM --memory $MEM)"
cmd=("$W" dedup -q --memory "$MEM" --step resolve --work-dir "$work")
echo "\$ ${cmd[*]}"
/usr/bin/time -f "  one process: wall %e s, cpu %U+%S s, peak RSS %M KB" "${cmd[@]}"
ref=$(sums)
for np in "${RANKS[@]}"; do
    clean
    sync
    cmd=(mpirun -np "$np" --bind-to none /usr/bin/time -f "  -np $np rank: wall %e s, cpu %U+%S s, peak RSS %M KB"
         "$W-mpi" dedup -q --memory "$MEM" --step resolve --work-dir "$work")
    echo "\$ ${cmd[*]}"
    "${cmd[@]}" 2>&1 | sort
    [ "$(sums)" = "$ref" ] || { echo "  -np $np: decisions differ from the single process's"; exit 1; }
    echo "  -np $np: decisions identical to the single process's"
done
rm -rf "$work"
