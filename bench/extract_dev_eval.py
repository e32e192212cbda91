#!/usr/bin/env python3
"""bench/extract_dev_eval.py: scores `winnow extract` on every folder of extraction-dev
(cleaneval-dev, cleanportaleval, dragnet) as its README describes, and, with --all (the
default when run as the one command), on trafilatura-eval through bench/extract_eval.py too.

Measure (extraction-dev/README.md): bag of words per page, tokens are `\\w+` with case kept and
NFC on both sides; tp = multiset overlap, P = tp/|output|, R = tp/|gold|, an empty output
scores 0. Per folder: mean P, mean R, F1 of those means, mean per-page F1, and the share of
pages with F1 < 0.5; for the tuning half (even position in the folder's files sorted by name),
the held-out half (odd position) and all.
Gold files with no words (two CleanPortalEval pages: no article) are not scored and are
counted apart: there is no recall to measure on them.

Gold clean-up, per the README: CleanEval-style golds (cleaneval-dev, cleanportaleval) lose the
`URL:` first line, the <p>/<h>/<l>/</p>/<br> markers, HTML comments, and have entities
decoded; Dragnet golds are cut at the `COMMENTS` line that follows a run of symbols. Gold
encodings: UTF-8, UTF-16 (with or without BOM), else windows-1252.
Inputs: the `<text id=... title=... encoding=...>` wrapper of CleanEval-style inputs is
stripped (written to a temporary folder) before extraction, as real crawl data has none.

usage: bench/extract_dev_eval.py [--winnow build/winnow] [--data ../shared/data/extraction-dev]
          [--family NAME]... [--split all|even|odd] [--no-traf] [--show-worst N] [--extra OPTS]
          [--show-missed N]   (the N pages of lowest recall per folder, each with the lines of
                               its gold that the output mostly lacks: what was missed, to
                               group by cause)
          [--markdown]   (prints the table as Markdown, for bench/extract_scores.md)
          [--gold-conventions]   (each family with the options that match what its gold holds:
                                  comments for cleaneval-dev, the headline in the text for
                                  cleanportaleval and dragnet; see GOLD_CONVENTION)
python3 stdlib only; one `winnow extract` process per folder (all its pages at once).
"""
import argparse, html, os, re, subprocess, sys, tempfile, unicodedata, json
from collections import Counter

FAMILIES = ["cleaneval-dev", "cleanportaleval", "dragnet"]
# What each family's gold holds beyond the article body, as winnow extract options
# (--gold-conventions): CleanEval's gold is the page's running text, blog comments included;
# CleanPortalEval's and Dragnet's golds open with the headline, which winnow keeps as
# metadata unless asked (--title-in-text). Dragnet's comments are cut from the gold above.
# trafilatura-eval's snippets leave the headline out, so it is scored without options.
GOLD_CONVENTION = {
    "cleaneval-dev": ["--comments"],
    "cleanportaleval": ["--title-in-text"],
    "dragnet": ["--title-in-text"],
}
WORD = re.compile(r"\w+")
WRAP_OPEN = re.compile(rb"\A\s*<text\b[^>]*>", re.I)
WRAP_CLOSE = re.compile(rb"</text>\s*\Z", re.I)
MARKER = re.compile(r"</?(?:p|h|l|br)\b[^>]*>", re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
DRAGNET_CUT = re.compile(r"^[^\w\n]*[!@#$%^&*()][^\w\n]*COMMENTS\b.*$", re.M)


def decode_gold(b):
    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8", "replace")
    if b.startswith((b"\xff\xfe", b"\xfe\xff")):
        return b.decode("utf-16", "replace")
    # UTF-16 without a BOM: every other byte of ASCII text is NUL
    if len(b) >= 4 and b.count(b"\x00") * 3 > len(b):
        le = b[1::2].count(0) > b[0::2].count(0)
        return b.decode("utf-16-le" if le else "utf-16-be", "replace")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1252", "replace")


def clean_gold(family, text):
    if family == "dragnet":
        m = DRAGNET_CUT.search(text)
        return text[:m.start()] if m else text
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, l in enumerate(lines) if l.strip()), None)   # blank lines may come first
    if first is not None and lines[first].lstrip().startswith("URL:"):
        del lines[first]
    text = COMMENT.sub(" ", "\n".join(lines))
    return html.unescape(MARKER.sub(" ", text))


def bag(text):
    return Counter(WORD.findall(unicodedata.normalize("NFC", text)))


def page_prf(out, gold):
    o, g = bag(out), bag(gold)
    no, ng = sum(o.values()), sum(g.values())
    if not no or not ng:
        return 0.0, 0.0, 0.0
    tp = sum((o & g).values())
    p, r = tp / no, tp / ng
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def missed_lines(out, gold):
    """The lines of gold (as the gold file breaks them) of which the output holds fewer than
    half the words: a word counts as held when the output has it anywhere."""
    o = bag(out)
    missed = []
    for line in gold.split("\n"):
        words = WORD.findall(unicodedata.normalize("NFC", line))
        if words and sum(1 for w in words if o[w]) * 2 < len(words):
            missed.append(line.strip())
    return missed


def extract(winnow, paths, extra):
    """{path: text} from one winnow extract run over all paths."""
    cmd = [winnow, "extract", "--format", "json", "-q"] + extra + paths
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout.decode("utf-8")
    texts = {}
    for line in out.split("\n"):
        if line:
            o = json.loads(line)
            texts[o["source"]] = o.get("text") or ""
    return texts


def score_family(a, fam, tmp):
    d = os.path.join(a.data, fam)
    pages = []
    names = sorted(x for x in os.listdir(os.path.join(d, "input")) if x.endswith(".html"))
    for n, name in enumerate(names):
        stem = name[:-len(".html")]
        gold_path = os.path.join(d, "GoldStandard", stem + ".txt")
        if not os.path.exists(gold_path):
            continue
        if a.split == "even" and n % 2:
            continue
        if a.split == "odd" and not n % 2:
            continue
        with open(os.path.join(d, "input", name), "rb") as f:
            raw = f.read()
        m = WRAP_OPEN.match(raw)
        if m:
            raw = WRAP_CLOSE.sub(b"", raw[m.end():])
        path = os.path.join(tmp, fam + "-" + name)
        with open(path, "wb") as f:
            f.write(raw)
        with open(gold_path, "rb") as f:
            gold = clean_gold(fam, decode_gold(f.read()))
        pages.append((n, path, gold, name))
    extra = a.extra.split() + (GOLD_CONVENTION[fam] if a.gold_conventions else [])
    texts = extract(a.winnow, [p[1] for p in pages], extra)
    rows = {"even": [], "odd": []}
    empty_gold = 0
    for n, path, gold, name in pages:
        if not WORD.search(gold):
            empty_gold += 1
            continue
        p, r, f = page_prf(texts.get(path, ""), gold)
        miss = missed_lines(texts.get(path, ""), gold) if a.show_missed else None
        rows["odd" if n % 2 else "even"].append((p, r, f, name, miss))
    return rows, empty_gold


def summary(rs):
    if not rs:
        return None
    k = len(rs)
    mp = sum(x[0] for x in rs) / k
    mr = sum(x[1] for x in rs) / k
    f = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    mf = sum(x[2] for x in rs) / k
    low = sum(1 for x in rs if x[2] < 0.5) / k
    return k, mp, mr, f, mf, low


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--winnow", default=os.path.join(root, "build", "winnow"))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "extraction-dev"))
    ap.add_argument("--family", action="append", choices=FAMILIES)
    ap.add_argument("--split", default="all", choices=["all", "even", "odd"])
    ap.add_argument("--no-traf", action="store_true", help="skip trafilatura-eval")
    ap.add_argument("--show-worst", type=int, default=0, help="list the N worst pages per folder")
    ap.add_argument("--show-missed", type=int, default=0,
                    help="the N pages of lowest recall per folder, with the gold lines mostly missed")
    ap.add_argument("--extra", default="", help="extra winnow extract options")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--gold-conventions", action="store_true",
                    help="score each family with the options its gold's convention asks for")
    a = ap.parse_args()
    # the build finds the stop-word lists next to it (data/ beside build/), a copy of an older
    # build elsewhere (the A/B base) would run without them and score ~0.002 lower on
    # trafilatura-eval: every build compared gets the same lists
    sw = os.path.join(root, "data", "stopwords-iso.json")
    if "WINNOW_STOPWORDS" not in os.environ and os.path.exists(sw):
        os.environ["WINNOW_STOPWORDS"] = sw
    fams = a.family or FAMILIES
    md = a.markdown
    head = ("family", "split", "pages", "mean P", "mean R", "F1(means)", "mean F1", "F1<0.5")
    if md:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print("%-16s %-8s %5s %7s %7s %9s %7s %7s" % head)
    with tempfile.TemporaryDirectory(prefix="wn_dev_eval") as tmp:
        for fam in fams:
            rows, empty = score_family(a, fam, tmp)
            splits = [("even", rows["even"]), ("odd", rows["odd"]), ("all", rows["even"] + rows["odd"])]
            for name, rs in splits:
                s = summary(rs)
                if not s:
                    continue
                k, mp, mr, f, mf, low = s
                if md:
                    print("| %s | %s | %d | %.4f | %.4f | **%.4f** | %.4f | %.1f %% |" %
                          (fam, name, k, mp, mr, f, mf, 100 * low))
                else:
                    print("%-16s %-8s %5d %7.4f %7.4f %9.4f %7.4f %6.1f%%" %
                          (fam, name, k, mp, mr, f, mf, 100 * low))
            if empty and not md:
                print("%-16s (%d gold files with no words not scored)" % (fam, empty))
            if a.show_worst:
                allr = sorted(rows["even"] + rows["odd"], key=lambda x: x[2])
                for p, r, f, n, _ in allr[:a.show_worst]:
                    print("    %s/input/%s  P %.3f R %.3f F1 %.3f" % (fam, n, p, r, f))
            if a.show_missed:
                allr = sorted(rows["even"] + rows["odd"], key=lambda x: x[1])
                for p, r, f, n, miss in allr[:a.show_missed]:
                    print("    %s/input/%s  R %.3f, gold lines missed: %d" % (fam, n, r, len(miss)))
                    for line in miss:
                        print("        - " + line)
    if not a.no_traf and a.family is None:
        print("\ntrafilatura-eval (bench/extract_eval.py, snippets):" + ("\n```" if md else ""))
        sys.stdout.flush()
        subprocess.run([sys.executable, os.path.join(root, "bench", "extract_eval.py"),
                        "--winnow", a.winnow, "--split", a.split] +
                       (["--extra=" + a.extra] if a.extra else []), check=False)
        if md:
            print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
