# winnow-mpi under mpirun with 2 and 3 ranks writes the same shards, byte for byte, and the
# same stats.json (timings and the rank count aside) as one process on the same inputs, for
# run, dedup (its resolve split over the ranks too, with --confirm exact and estimate) and
# run --dedup; a rank that fails makes every rank fail, fast, with no stats.json; the plain binary refuses
# to run as one of several ranks. mpirun missing is a failure, not a skip: setup installs it.
. "$ROOT/tests/cli/lib.sh"
WINNOW_MPI="${WINNOW}-mpi"
WINNOW_HOOKS_MPI="${WINNOW_HOOKS}-mpi"   # with the test-only hooks
command -v mpirun >/dev/null || die "mpirun not found (scripts/packages.txt: openmpi-bin)"
[ -x "$WINNOW_MPI" ] || die "$WINNOW_MPI not built (make builds it when mpicc is installed)"
mpi_setup
# timeout: a guard against a hung job, not a time limit (ASan ranks on a shared machine are slow)
mpi() { timeout 900 mpirun -np "$@"; }

# inputs of very different sizes (the split is by bytes), broken lines, a missing file, a
# truncated gzip, and the sample WARC (extraction, charsets, languages)
d="$TMP/in"; mkdir -p "$d"
python3 - "$d" <<'PY'
import json, random, sys
random.seed(11)
words = ("the river rose by two metres overnight after heavy rain and the council opened a "
         "shelter le conseil a ouvert un abri pour les familles die Stadt hat").split()
for k, n in enumerate([15, 300, 50, 800, 4, 230]):
    with open(f"{sys.argv[1]}/part{k}.jsonl", "w") as f:
        for i in range(n):
            m = random.randint(0, 60)
            lines = [" ".join(random.choice(words) for _ in range(random.randint(1, 14))) for _ in range(m // 4 + 1)]
            f.write(json.dumps({"id": f"p{k}-{i}", "text": "\n".join(lines) if m else "", "n": i}) + "\n")
            if i % 100 == 7:
                f.write("{broken json line\n")
PY
printf '{"text":"one"}\n{"text":"two"}\n' | gzip | head -c 30 > "$d/part3b-truncated.jsonl.gz"
cp "$ROOT/samples/crawl-sample.warc.gz" "$d/part4b.warc.gz"
inputs=("$d" "$TMP/missing.jsonl")
opts=(-q --skip-missing --clean --langid -j2 --shard-size 8K)

"$WINNOW" run "${opts[@]}" "${inputs[@]}" -o "$TMP/one"
rc=$?; [ $rc -eq 1 ] || die "single process: exit $rc, expected 1"
accounting "$TMP/one"
[ "$(ls "$TMP/one/kept" | wc -l)" -ge 6 ] || die "expected several kept shards"
[ "$(ls "$TMP/one/dropped" | wc -l)" -ge 2 ] || die "expected several dropped shards"

# stats.json without timings and the rank count, its output directory named OUT
strip() { grep -v -e '"seconds"' -e '"timing"' -e '"ranks"' "$1/stats.json" | sed "s#$1#OUT#g"; }
# do two output directories hold the same kept and dropped shards, byte for byte?
same_shards() {
    [ "$(cd "$1" && find kept dropped -type f | sort | xargs sha256sum)" = \
      "$(cd "$2" && find kept dropped -type f | sort | xargs sha256sum)" ]
}
for np in 2 3; do
    out="$TMP/np$np"
    mpi $np "$WINNOW_MPI" run "${opts[@]}" "${inputs[@]}" -o "$out" 2> "$TMP/err$np"
    rc=$?; [ $rc -eq 1 ] || { cat "$TMP/err$np"; die "-np $np: exit $rc, expected 1"; }
    accounting "$out"
    same_shards "$TMP/one" "$out" || die "-np $np: shards differ from the single process's"
    diff <(strip "$TMP/one") <(strip "$out") || die "-np $np: stats.json differs"
    grep -q "\"ranks\": $np" "$out/stats.json" || die "-np $np: stats.json does not name the ranks"
    [ ! -e "$out/.ranks" ] || die "-np $np: spools left behind"
done

# checkpoints every 4K of output end the compressed frames there in one process (checkpoint.h):
# the ranks end theirs at the same bytes, so the shards are still the same
"$WINNOW" run "${opts[@]}" --checkpoint-every 4K "${inputs[@]}" -o "$TMP/ck1"
mpi 3 "$WINNOW_MPI" run "${opts[@]}" --checkpoint-every 4K "${inputs[@]}" -o "$TMP/ck3" 2> "$TMP/errck"
rc=$?; [ $rc -eq 1 ] || { cat "$TMP/errck"; die "--checkpoint-every 4K -np 3: exit $rc, expected 1"; }
same_shards "$TMP/ck1" "$TMP/ck3" || die "--checkpoint-every 4K: -np 3 shards differ from the single process's"
same_shards "$TMP/one" "$TMP/ck1" && die "--checkpoint-every 4K should end frames inside the shards"
[ "$(cat_shards "$TMP/one" kept | sha256sum)" = "$(cat_shards "$TMP/ck1" kept | sha256sum)" ] ||
    die "--checkpoint-every changed the documents"

# dolma's layout under MPI: the ranks write documents/ as one process does (same bytes; the
# run's time fixed by SOURCE_DATE_EPOCH)
SOURCE_DATE_EPOCH=1700000000 "$WINNOW" run "${opts[@]}" --layout dolma "${inputs[@]}" -o "$TMP/dolma1"
SOURCE_DATE_EPOCH=1700000000 mpi 2 "$WINNOW_MPI" run "${opts[@]}" --layout dolma "${inputs[@]}" -o "$TMP/dolma2" 2> "$TMP/errd"
rc=$?; [ $rc -eq 1 ] || { cat "$TMP/errd"; die "--layout dolma -np 2: exit $rc, expected 1"; }
[ -n "$(ls "$TMP/dolma2/documents")" ] && [ ! -e "$TMP/dolma2/kept" ] || die "--layout dolma under MPI: no documents/ folder"
[ "$(cd "$TMP/dolma1" && find documents dropped -type f | sort | xargs sha256sum)" = \
  "$(cd "$TMP/dolma2" && find documents dropped -type f | sort | xargs sha256sum)" ] || die "--layout dolma: -np 2 differs from one process"

# --split-by language under MPI: kept/<lang>/ as one process writes it, byte for byte, each
# language's folder cut by its own size and its frames ended at the checkpoints' bytes; with 3
# ranks a language's shards run across rank boundaries. What an interrupted earlier run left
# in the output directory (a language this run has none of) is cleared, as in one process.
split_opts=("${opts[@]}" --split-by language --checkpoint-every 4K)
"$WINNOW" run "${split_opts[@]}" "${inputs[@]}" -o "$TMP/split1"
[ "$(find "$TMP/split1/kept" -mindepth 1 -maxdepth 1 -type d | wc -l)" -ge 3 ] || die "--split-by language: expected 3+ language folders"
[ "$(find "$TMP/split1/kept" -name '*.jsonl*' | wc -l)" -ge 6 ] || die "--split-by language: expected several shards"
cp -r "$TMP/split1" "$TMP/split3" && rm "$TMP/split3/stats.json" && mkdir "$TMP/split3/kept/zz" &&
    cp "$TMP/split1/dropped/00000.jsonl.zst" "$TMP/split3/kept/zz/" || die "cannot set up an interrupted run"
for np in 2 3; do
    mpi $np "$WINNOW_MPI" run "${split_opts[@]}" "${inputs[@]}" -o "$TMP/split$np" 2> "$TMP/errsp"
    rc=$?; [ $rc -eq 1 ] || { cat "$TMP/errsp"; die "--split-by language -np $np: exit $rc, expected 1"; }
    accounting "$TMP/split$np"
    same_shards "$TMP/split1" "$TMP/split$np" || die "--split-by language: -np $np shards differ from one process's"
    diff <(strip "$TMP/split1") <(strip "$TMP/split$np") || die "--split-by language -np $np: stats.json differs"
    [ ! -e "$TMP/split$np/.ranks" ] || die "--split-by language -np $np: spools left behind"
done
SOURCE_DATE_EPOCH=1700000000 "$WINNOW" run "${split_opts[@]}" --layout dolma "${inputs[@]}" -o "$TMP/dsplit1"
SOURCE_DATE_EPOCH=1700000000 mpi 2 "$WINNOW_MPI" run "${split_opts[@]}" --layout dolma "${inputs[@]}" -o "$TMP/dsplit2" 2> "$TMP/errsp"
rc=$?; [ $rc -eq 1 ] || { cat "$TMP/errsp"; die "--split-by language --layout dolma -np 2: exit $rc, expected 1"; }
[ "$(cd "$TMP/dsplit1" && find documents dropped -type f | sort | xargs sha256sum)" = \
  "$(cd "$TMP/dsplit2" && find documents dropped -type f | sort | xargs sha256sum)" ] || die "--split-by language --layout dolma: -np 2 differs from one process"
[ -n "$(find "$TMP/dsplit2/documents" -mindepth 2 -name '*.jsonl*')" ] || die "--split-by language --layout dolma: no documents/<lang>/ shards"

# the batch log under MPI: rank 0 alone writes it, for the whole job; the pass's last line,
# written once the ranks agree, counts every rank's documents (the others' counts reach rank 0
# through OUT/.progress.*, removed at the end). A line per batch: nothing waits for a clock.
total=$(python3 -c "import json; print(json.load(open('$TMP/one/stats.json'))['documents']['in'])")
WINNOW_TEST_PROGRESS_EVERY_BATCH=1 mpi 2 "$WINNOW_HOOKS_MPI" run --log-format json --skip-missing --clean --langid -j2 \
    --shard-size 8K "${inputs[@]}" -o "$TMP/log2" 2> "$TMP/errlog"
python3 - "$TMP/errlog" "$total" <<'PY' || { cat "$TMP/errlog"; die "MPI batch log"; }
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
assert len(lines) >= 2 and all(o["pass"] == "run" for o in lines), lines
last = lines[-1]
assert last["documents"] == int(sys.argv[2]), (last, sys.argv[2])
assert last["documents"] == last["kept"] + last["dropped"] + last["failed"], last
# rank 0 reads only part of the inputs: its own lines alone never reach the total
assert lines[0]["documents"] < int(sys.argv[2]), lines[0]
PY
! ls -a "$TMP/log2" | grep -q progress || die "the ranks' progress files were left behind"
# 3 ranks split 9 inputs so that shards run across rank boundaries: same bytes (checked above)
# and `winnow report` reads the result as any run's
"$WINNOW" report "$TMP/np3" > "$TMP/report3" || die "report on the MPI run failed"
"$WINNOW" report "$TMP/one" > "$TMP/report1" || die "report on the single run failed"
# timings aside: the report's last sections (time by pass, CPU by stage) are measurements
rep() { sed -e 's/, [0-9.]* s$//' -e '/^time by pass/,$d' "$1" | grep -v -i 'docs/s\|report.html'; }
diff <(rep "$TMP/report1") <(rep "$TMP/report3") || die "report differs"

# a completed run is not redone, under MPI too (rank 0 looks, all ranks follow)
before=$(sha256sum "$TMP/np2/stats.json")
mpi 2 "$WINNOW_MPI" run "${opts[@]}" "${inputs[@]}" -o "$TMP/np2" 2> "$TMP/err"
rc=$?; [ $rc -eq 0 ] || die "rerun of a completed MPI run: exit $rc"
[ "$before" = "$(sha256sum "$TMP/np2/stats.json")" ] || die "rerun rewrote stats.json"
# ... and a rerun with other options is refused (exit 2, said once, by rank 0) before any
# rank touches the folder
listing() { (cd "$1" && find . -type f ! -name .lock | sort | xargs sha256sum); }
before=$(listing "$TMP/np2")
mpi 2 "$WINNOW_MPI" run "${opts[@]}" --paragraph-langid "${inputs[@]}" -o "$TMP/np2" 2> "$TMP/err"
rc=$?; [ $rc -eq 2 ] || { cat "$TMP/err"; die "MPI rerun with other options: exit $rc, expected 2"; }
[ "$(grep -c 'option --paragraph-langid: not given to the run there' "$TMP/err")" -eq 1 ] ||
    { cat "$TMP/err"; die "MPI rerun with other options: the difference is not said once"; }
[ "$before" = "$(listing "$TMP/np2")" ] || die "a refused MPI rerun changed the folder"

# one rank fails (test hook: as a full disk would, after reading its share): every rank
# exits 3 with the failing rank named, quickly, and no stats.json says the run completed
WINNOW_TEST_RANK_FAIL=1 mpi 3 "$WINNOW_HOOKS_MPI" run "${opts[@]}" "${inputs[@]}" -o "$TMP/fail" 2> "$TMP/errf"
rc=$?
[ $rc -eq 3 ] || { cat "$TMP/errf"; die "failing rank: exit $rc, expected 3 (124 = hung)"; }
[ "$(grep -c 'rank 1: .*cannot write output' "$TMP/errf")" -ge 2 ] || { cat "$TMP/errf"; die "the other ranks do not name rank 1's error"; }
[ ! -e "$TMP/fail/stats.json" ] || die "a failed MPI run wrote stats.json"
[ ! -e "$TMP/fail/.ranks" ] || die "a failed MPI run left its spools"
# ... and a rerun into the same directory completes with the single process's output
mpi 3 "$WINNOW_MPI" run "${opts[@]}" "${inputs[@]}" -o "$TMP/fail" 2> /dev/null
[ $? -eq 1 ] || die "rerun after the failure did not complete"
same_shards "$TMP/one" "$TMP/fail" || die "rerun after the failure: shards differ"

# stdin cannot be split: a clear usage error on every rank, no hang
echo '{"text":"x"}' | mpi 2 "$WINNOW_MPI" run -q - -o "$TMP/stdin" 2> "$TMP/errs"
rc=$?; [ $rc -eq 2 ] || { cat "$TMP/errs"; die "stdin under MPI: exit $rc, expected 2"; }
grep -q "stdin" "$TMP/errs" || die "no message about stdin"

# --inputs-from - (stdin reaches rank 0 only): rank 0 reads the list and every rank gets it,
# so the ranks split one list as they split arguments: the single process's shards
{ find "$d" -type f | sort; echo "$TMP/missing.jsonl"; } > "$TMP/list"
mpi 2 "$WINNOW_MPI" run "${opts[@]}" --inputs-from - -o "$TMP/fromlist" < "$TMP/list" 2> "$TMP/errl"
rc=$?; [ $rc -eq 1 ] || { cat "$TMP/errl"; die "--inputs-from - under MPI: exit $rc, expected 1"; }
"$WINNOW" run "${opts[@]}" $(cat "$TMP/list") -o "$TMP/fromargs"
same_shards "$TMP/fromargs" "$TMP/fromlist" || die "--inputs-from - under MPI: shards differ from the list as arguments"
diff <(strip "$TMP/fromargs") <(strip "$TMP/fromlist") | grep -v '"command"' | grep -q '^[<>]' &&
    die "--inputs-from - under MPI: stats.json differs"

# dedup under MPI: each rank signs its inputs into the one work directory, the ranks resolve
# the keys they own and rank 0 the clusters, each rank applies to its inputs; the kept and dropped shards
# and stats.json are the single process's (planted duplicates across the input files)
dd="$TMP/dd"; mkdir -p "$dd"
python3 "$ROOT/bench/dedup_gen.py" --docs 400 --words 80 --sentences 10000 --seed 5 "$TMP/c.jsonl" "$TMP/truth.tsv" >/dev/null
split -l 45 -d --additional-suffix=.jsonl "$TMP/c.jsonl" "$dd/part"
dopts=(-q -j2 --shard-size 12K --method exact,url,minhash,paragraph)
"$WINNOW" dedup "${dopts[@]}" "$dd" -o "$TMP/d1" || die "dedup in one process failed"
accounting "$TMP/d1"
grep -q near_duplicate "$TMP/d1/stats.json" || die "the corpus has no near duplicates"
for np in 2 3; do
    mpi $np "$WINNOW_MPI" dedup "${dopts[@]}" "$dd" -o "$TMP/dnp$np" 2> "$TMP/errd" || { cat "$TMP/errd"; die "dedup -np $np failed"; }
    accounting "$TMP/dnp$np"
    same_shards "$TMP/d1" "$TMP/dnp$np" || die "dedup -np $np: shards differ from the single process's"
    diff <(strip "$TMP/d1") <(strip "$TMP/dnp$np") || die "dedup -np $np: stats.json differs"
    [ ! -e "$TMP/dnp$np/.dedup-work" ] || die "dedup -np $np: work directory left behind"
done
# the resolve is split over the ranks (each owns the keys that hash to it, rank 0 replays the
# owners' links): many clusters whose documents sit on different ranks and keys owned by
# others, a --memory small enough that keys travel in many rounds and spill to several runs,
# --confirm exact (the exact Jaccard checks are made by the owners of the pairs) and estimate:
# the same shards and the same resolve counters (-v) as one process, at 2 and 3 ranks
mc="$TMP/mc"; mkdir -p "$mc"
python3 "$ROOT/bench/dedup_gen.py" --docs 4000 --words 60 --sentences 3000 --seed 9 "$TMP/mc.jsonl" "$TMP/mc.tsv" >/dev/null
split -l 350 -d --additional-suffix=.jsonl "$TMP/mc.jsonl" "$mc/part"
counters() { grep 'dedup: ' "$1" | sed 's/\[rank 0\]//'; }
for confirm in exact estimate; do
    copts=(-v -j2 --shard-size 40K --memory 1M --confirm $confirm --method exact,url,minhash,paragraph)
    "$WINNOW" dedup "${copts[@]}" "$mc" -o "$TMP/mc1" 2> "$TMP/mc1.err" || die "dedup --confirm $confirm in one process failed"
    [ "$(counters "$TMP/mc1.err" | grep -c .)" -ge 8 ] || { cat "$TMP/mc1.err"; die "no resolve counters"; }
    clusters=$(counters "$TMP/mc1.err" | sed -n 's/.*dedup: clusters //p')
    [ "${clusters:-0}" -ge 300 ] || die "--confirm $confirm: only ${clusters:-0} clusters"
    for np in 2 3; do
        mpi $np "$WINNOW_MPI" dedup "${copts[@]}" "$mc" -o "$TMP/mcnp$np" 2> "$TMP/mcnp.err" || { cat "$TMP/mcnp.err"; die "dedup --confirm $confirm -np $np failed"; }
        accounting "$TMP/mcnp$np"
        same_shards "$TMP/mc1" "$TMP/mcnp$np" || die "dedup --confirm $confirm -np $np: shards differ from the single process's"
        diff <(strip "$TMP/mc1") <(strip "$TMP/mcnp$np") || die "dedup --confirm $confirm -np $np: stats.json differs"
        diff <(counters "$TMP/mc1.err") <(counters "$TMP/mcnp.err") || die "dedup --confirm $confirm -np $np: resolve counters differ"
        rm -rf "$TMP/mcnp$np"
    done
    rm -rf "$TMP/mc1"
done
# a damaged run read by one rank: every rank stops with exit 3 and names it (the lines of
# different ranks may share a line of the terminal: count the messages)
"$WINNOW" dedup -q -j2 --step sign --work-dir "$TMP/mcw" "$mc" || die "sign step failed"
run=$(ls "$TMP/mcw"/band.w1.*.run | head -1)
python3 - "$run" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read()); b[200] ^= 0x40; open(p, "wb").write(b)
PY
mpi 3 "$WINNOW_MPI" dedup -q --step resolve --work-dir "$TMP/mcw" 2> "$TMP/mcw.err"
rc=$?; [ $rc -eq 3 ] || { cat "$TMP/mcw.err"; die "damaged run under MPI: exit $rc, expected 3 (124 = hung)"; }
[ "$(grep -o 'band.w1.0000.run: block checksum mismatch' "$TMP/mcw.err" | wc -l)" -eq 3 ] || { cat "$TMP/mcw.err"; die "not every rank names the damaged run"; }

# run --dedup (the stages run once while signing, replayed in apply) with other -j per rank
rdopts=(-q --clean --shard-size 12K --dedup exact,minhash)
"$WINNOW" run "${rdopts[@]}" -j2 "$dd" -o "$TMP/rd1" || die "run --dedup in one process failed"
mpi 2 "$WINNOW_MPI" run "${rdopts[@]}" -j1 "$dd" -o "$TMP/rdnp2" 2> "$TMP/errd" || { cat "$TMP/errd"; die "run --dedup -np 2 failed"; }
accounting "$TMP/rdnp2"
same_shards "$TMP/rd1" "$TMP/rdnp2" || die "run --dedup -np 2: shards differ from the single process's"

# the plain binary refuses to be one of several ranks (it would run the whole job N times)
mpi 2 "$WINNOW" run -q "$d" -o "$TMP/plain" 2> "$TMP/errp"
rc=$?; [ $rc -eq 2 ] || die "plain winnow under mpirun: exit $rc, expected 2"
grep -q "without MPI" "$TMP/errp" || die "plain winnow under mpirun: no message"
# and winnow-mpi without a launcher is the plain run (no MPI start-up)
"$WINNOW_MPI" run "${opts[@]}" "${inputs[@]}" -o "$TMP/nompi"
[ $? -eq 1 ] || die "winnow-mpi without mpirun failed"
same_shards "$TMP/one" "$TMP/nompi" || die "winnow-mpi without mpirun: shards differ"
exit 0
