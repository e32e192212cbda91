#!/usr/bin/env python3
"""bench/parser_diff.py: the differential check of issue 19 on real pages: `winnow extract
--format json` with --parser myhtml and with --parser own on every page of trafilatura-eval
and of each extraction-dev family, and how many pages give identical output (every field).
Pages that differ are listed with the first difference, so a regression is easy to read.

usage: bench/parser_diff.py [--winnow build/winnow] [--shared ../shared] [--show N]
Identical output on a family means its F1 (bench/extract_eval.py, the extraction-dev scorer)
is the same with both parsers. Exits 1 when any page differs."""
import argparse
import glob
import json
import os
import subprocess
import sys


def run(winnow, parser, paths):
    r = subprocess.run([winnow, "extract", "--parser", parser, "--format", "json", "-q"] + paths,
                       stdout=subprocess.PIPE, check=False)
    return [json.loads(line) for line in r.stdout.decode("utf-8").split("\n") if line]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--winnow", default=os.path.join(root, "build", "winnow"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--show", type=int, default=5)
    a = ap.parse_args()
    data = os.path.join(a.shared, "data")
    ev = json.load(open(os.path.join(data, "trafilatura-eval", "evaldata.json"), encoding="utf-8"))
    families = [("trafilatura-eval", [p for p in (os.path.join(data, "trafilatura-eval", "html", it["file"])
                                                 for it in ev.values()) if os.path.exists(p)])]
    for fam in ("cleaneval-dev", "cleanportaleval", "dragnet"):
        families.append(("extraction-dev/" + fam,
                         sorted(glob.glob(os.path.join(data, "extraction-dev", fam, "input", "*.html")))))
    differ_all = 0
    for name, paths in families:
        mh, own = run(a.winnow, "myhtml", paths), run(a.winnow, "own", paths)
        if len(mh) != len(paths) or len(own) != len(paths):
            print("%-30s outputs: myhtml %d, own %d for %d pages" % (name, len(mh), len(own), len(paths)))
            differ_all += 1
            continue
        diff = [i for i in range(len(paths)) if mh[i] != own[i]]
        differ_all += len(diff)
        print("%-30s %5d pages  %5d identical  %4d differ" % (name, len(paths), len(paths) - len(diff), len(diff)))
        for i in diff[:a.show]:
            for k in mh[i]:
                if mh[i][k] != own[i].get(k):
                    x, y = str(mh[i][k]), str(own[i].get(k))
                    j = 0
                    while j < min(len(x), len(y)) and x[j] == y[j]:
                        j += 1
                    print("    %s %s: myhtml %r | own %r" % (paths[i], k, x[max(0, j - 20):j + 40],
                                                           y[max(0, j - 20):j + 40]))
    return 1 if differ_all else 0


if __name__ == "__main__":
    sys.exit(main())
