#!/usr/bin/env python3
"""bench/python_extract.py: winnow.extract pages/s on one core against readability-lxml called
from Python on the same pages in the same run (Debian's python3-readability), and the same
ratio for the CLI (`winnow extract`, one process, as bench/extract_speed.sh times it), so that
the Python binding's cost shows as the difference between the two ratios.

usage: /usr/bin/python3 bench/python_extract.py [DATA_DIR] [--build DIR]
  DATA_DIR defaults to ../shared/data/trafilatura-eval (its html/*.html pages);
  the package is imported from DIR/python (default build/, `make python`).
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best_of(n, f):
    """The fastest of n runs of f() (seconds): the least disturbed by other processes."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", default=os.path.join(ROOT, "..", "shared", "data", "trafilatura-eval"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=5, help="runs of winnow, Python and CLI alternating (best kept)")
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.build, "python"))
    import winnow
    from readability import Document

    os.sched_setaffinity(0, {0})   # one core, as taskset -c 0 in extract_speed.sh
    html = os.path.join(a.data, "html")
    files = sorted(os.path.join(html, f) for f in os.listdir(html) if f.endswith(".html"))
    pages = []
    for f in files:
        with open(f, "rb") as fh:
            pages.append(fh.read())
    mb = sum(map(len, pages)) / 1e6
    print("%d pages, %.1f MB, one core" % (len(pages), mb))

    winnow.extract(pages[0])   # the thread's chain: stop words loaded once, outside the timing
    cmd = ["taskset", "-c", "0", os.path.join(a.build, "winnow"), "extract", "-q", "--format", "json", *files]
    # Python and CLI runs alternate, and the fastest of each is kept: on a shared machine both
    # then meet the same load
    t_py = t_cli = float("inf")
    for _ in range(a.runs):
        t_py = min(t_py, best_of(1, lambda: [winnow.extract(p) for p in pages]))
        t_cli = min(t_cli, best_of(1, lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)))
    print("winnow.extract (Python) %7.3f s  %7.1f pages/s" % (t_py, len(pages) / t_py))
    print("winnow extract (CLI)    %7.3f s  %7.1f pages/s  (whole process: reads, writes JSON)"
          % (t_cli, len(pages) / t_cli))

    def readability():
        for p in pages:
            try:
                Document(p).summary()
            except Exception:
                pass
    t_ref = best_of(1, readability)
    print("readability-lxml        %7.3f s  %7.1f pages/s" % (t_ref, len(pages) / t_ref))
    r_py, r_cli = t_ref / t_py, t_ref / t_cli
    print("ratio vs readability: Python %.1fx, CLI %.1fx; Python's ratio is %.1f%% of the CLI's"
          % (r_py, r_cli, 100 * r_py / r_cli))


if __name__ == "__main__":
    main()
