#!/usr/bin/env python3
"""bench/python_pipeline.py: Pipeline.run(threads=2) documents/s against `winnow run -j2` on
the same JSONL corpus (bench/gen_jsonl.py), same options, same run. The Python side consumes
every result dict (the CLI writes its shards, --compress none), its documents coming either
from winnow.read(path) (read in C straight into the batches) or as dicts that Python's
json.loads makes from each line (what a datatrove reader hands over). Runs alternate between
the CLI and Python and the fastest of each is kept, so that both meet the same load.

usage: /usr/bin/python3 bench/python_pipeline.py [SIZE_MB] [--build DIR] [--runs N]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CONFIGS = [
    ("--langid --clean", ["--langid", "--clean"], {"langid": True, "clean": True}),
    ("--preset fineweb", ["--preset", "fineweb"], {"preset": "fineweb"}),
    ("(no stage)", [], {}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("size_mb", nargs="?", type=float, default=50)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.build, "python"))
    import winnow

    data = os.path.join(ROOT, "bench", "data")
    os.makedirs(data, exist_ok=True)
    corpus = os.path.join(data, "py-corpus-%gMB.jsonl" % a.size_mb)
    if not os.path.exists(corpus):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_jsonl.py"), str(a.size_mb), corpus], check=True)
    ndocs = sum(1 for _ in open(corpus, "rb"))
    print("%s: %d documents, %.0f MB; 2 threads each" % (corpus, ndocs, os.path.getsize(corpus) / 1e6))
    t0 = time.perf_counter()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            json.loads(line)
    print("json.loads alone (the dicts' reader, on the calling thread): %.3f s" % (time.perf_counter() - t0))
    out = tempfile.mkdtemp(prefix="wn-pybench-")
    try:
        for label, cli_opts, opts in CONFIGS:
            p = winnow.Pipeline(**opts)
            t_cli = t_py = t_dicts = float("inf")
            for _ in range(a.runs):   # alternating, fastest kept: both meet the same load
                o = os.path.join(out, "cli")
                t0 = time.perf_counter()
                subprocess.run([os.path.join(a.build, "winnow"), "run", "-q", "-j2", "--compress", "none",
                                "--overwrite", *cli_opts, corpus, "-o", o], check=False)
                t_cli = min(t_cli, time.perf_counter() - t0)
                shutil.rmtree(o, ignore_errors=True)
                t0 = time.perf_counter()
                n = sum(1 for _doc in p.run(winnow.read(corpus), threads=2))
                t_py = min(t_py, time.perf_counter() - t0)
                assert n == ndocs, (n, ndocs)
                # dicts made in Python (as a datatrove reader gives them): json.loads per line
                t0 = time.perf_counter()
                with open(corpus, encoding="utf-8") as f:
                    n = sum(1 for _doc in p.run((json.loads(line) for line in f), threads=2))
                t_dicts = min(t_dicts, time.perf_counter() - t0)
                assert n == ndocs, (n, ndocs)
            print("%-18s CLI -j2 %6.0f docs/s | run(read(path)) %6.0f docs/s, overhead %+5.1f%% | "
                  "run(json.loads dicts) %6.0f docs/s, overhead %+5.1f%%"
                  % (label, ndocs / t_cli, ndocs / t_py, 100 * (t_py - t_cli) / t_cli,
                     ndocs / t_dicts, 100 * (t_dicts - t_cli) / t_cli))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
