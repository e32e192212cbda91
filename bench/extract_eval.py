#!/usr/bin/env python3
"""bench/extract_eval.py: scores `winnow extract` on the trafilatura evaluation set the way
trafilatura's benchmark does: each `with` snippet found in the output is a true positive
(missing: false negative); each `without` snippet found is a false positive (absent: true
negative). Precision, recall and F1 over all snippets, for the tuning half (even-numbered
entries of evaldata.json), the held-out half (odd-numbered) and all.

usage: bench/extract_eval.py [--winnow build/winnow] [--data ../shared/data/trafilatura-eval]
                             [--split all|even|odd] [--limit N] [--min-f1 X] [--show-errors N] [--meta]
--meta also scores the metadata the annotations give (title, author, date): the share of pages
where winnow's field equals the annotated one, compared case-folded with whitespace collapsed.
python3 stdlib only. Exit status 1 when --min-f1 is given and F1 of the chosen split is below.
"""
import argparse, json, os, subprocess, sys

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--winnow", default=os.path.join(root, "build", "winnow"))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "trafilatura-eval"))
    ap.add_argument("--split", default="all", choices=["all", "even", "odd"])
    ap.add_argument("--limit", type=int, default=0, help="first N entries only")
    ap.add_argument("--min-f1", type=float, default=None)
    ap.add_argument("--show-errors", type=int, default=0, help="print N pages with most errors")
    ap.add_argument("--extra", default="", help="extra winnow extract options")
    ap.add_argument("--meta", action="store_true", help="also score title, author, date")
    ap.add_argument("--show-spacing", action="store_true",
                    help="list missed 'with' snippets that the output holds once all white space is removed")
    a = ap.parse_args()
    # the build finds the stop-word lists next to it (data/ beside build/), a copy of an older
    # build elsewhere (the A/B base) would run without them and score ~0.002 lower on
    # trafilatura-eval: every build compared gets the same lists
    sw = os.path.join(root, "data", "stopwords-iso.json")
    if "WINNOW_STOPWORDS" not in os.environ and os.path.exists(sw):
        os.environ["WINNOW_STOPWORDS"] = sw

    with open(os.path.join(a.data, "evaldata.json"), encoding="utf-8") as f:
        ev = json.load(f)
    entries = []
    for i, (url, item) in enumerate(ev.items()):
        if a.limit and i >= a.limit:
            break
        path = os.path.join(a.data, "html", item["file"])
        if not os.path.exists(path):
            continue
        if a.split == "even" and i % 2:
            continue
        if a.split == "odd" and not i % 2:
            continue
        entries.append((i, url, item, path))

    cmd = [a.winnow, "extract", "--format", "json", "-q"] + a.extra.split() + [e[3] for e in entries]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout.decode("utf-8")
    texts, objs = {}, {}
    for line in out.split("\n"):
        if not line:
            continue
        o = json.loads(line)
        texts[o["source"]] = o.get("text") or ""
        objs[o["source"]] = o

    stats = {"even": [0, 0, 0, 0], "odd": [0, 0, 0, 0]}   # tp fn fp tn
    per_page = []
    for i, url, item, path in entries:
        t = texts.get(path, "")
        s = stats["odd" if i % 2 else "even"]
        errs = []
        for w in item.get("with", []):
            if w in t:
                s[0] += 1
            else:
                s[1] += 1
                errs.append("missing: " + w)
        for w in item.get("without", []):
            if w in t:
                s[2] += 1
                errs.append("found: " + w)
            else:
                s[3] += 1
        per_page.append((len(errs), item["file"], errs))

    def prf(s):
        tp, fn, fp, tn = s
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = (tp + tn) / max(1, sum(s))
        return p, r, f, acc

    rows = []
    if a.split in ("all", "even"):
        rows.append(("even (tuning)", stats["even"]))
    if a.split in ("all", "odd"):
        rows.append(("odd (held out)", stats["odd"]))
    if a.split == "all":
        rows.append(("all", [x + y for x, y in zip(stats["even"], stats["odd"])]))
    print("%-16s %6s %9s %7s %7s %8s" % ("split", "pages", "precision", "recall", "F1", "accuracy"))
    f1 = 0.0
    for name, s in rows:
        p, r, f, acc = prf(s)
        n = sum(1 for e in entries if (e[0] % 2 == 1) == name.startswith("odd")) if name != "all" else len(entries)
        print("%-16s %6d %9.4f %7.4f %7.4f %8.4f" % (name, n, p, r, f, acc))
        f1 = f
    if a.meta:
        norm = lambda v: " ".join((" ".join(v) if isinstance(v, list) else (v or "")).split()).casefold()
        for field in ("title", "author", "date"):
            n = ok = 0
            for i, url, item, path in entries:
                if not item.get(field):
                    continue
                n += 1
                ok += norm(objs.get(path, {}).get(field)) == norm(item[field])
            print("%-7s %4d pages annotated, %4d equal: %.3f" % (field, n, ok, ok / max(1, n)))
    if a.show_errors:
        per_page.sort(key=lambda x: -x[0])
        for n, f, errs in per_page[:a.show_errors]:
            print("\n%s (%d)" % (f, n))
            for e in errs[:8]:
                print("   ", e[:120])
    if a.show_spacing:
        show_spacing(entries, texts)
    if a.min_f1 is not None and f1 < a.min_f1:
        print("F1 %.3f below the floor %.3f" % (f1, a.min_f1))
        return 1
    return 0

def show_spacing(entries, texts):
    """Missed snippets whose characters the output has, with other white space between them (a
    word glued to the next, a line break where the snippet has a space), each with the output
    around it: a spacing fault of the walk shows here, a snippet cut at a block edge too."""
    n = 0
    for i, url, item, path in entries:
        t = texts.get(path, "")
        pos = [j for j, ch in enumerate(t) if not ch.isspace()]
        squeezed = "".join(t[j] for j in pos)
        for w in item.get("with", []):
            ws = "".join(w.split())
            k = squeezed.find(ws) if ws and w not in t else -1
            if k < 0:
                continue
            n += 1
            a, b = pos[k], pos[k + len(ws) - 1] + 1
            print("\n%s\n    snippet: %r\n    output:  %r" % (item["file"], w, t[max(0, a - 20):b + 20]))
    print("\n%d missed snippets in the output but for white space" % n)

if __name__ == "__main__":
    sys.exit(main())
