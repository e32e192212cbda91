#!/usr/bin/env python3
"""gen_jsonl.py: builds a JSONL corpus of about SIZE bytes for the pipeline benchmark.

Texts are the visible text of the real pages in ../shared/data/trafilatura-eval/html (tags
stripped with html.parser), cycled with a counter line so that documents differ. Usage:
    bench/gen_jsonl.py SIZE_MB OUT.jsonl
"""
import html.parser, json, os, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
PAGES = os.path.join(ROOT, "..", "..", "shared", "data", "trafilatura-eval", "html")


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag in ("p", "div", "br", "li", "h1", "h2", "h3", "tr"):
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def texts():
    for name in sorted(os.listdir(PAGES)):
        raw = open(os.path.join(PAGES, name), "rb").read()
        p = Text()
        try:
            p.feed(raw.decode("utf-8", "replace"))
        except Exception:
            continue
        lines = [" ".join(l.split()) for l in "".join(p.out).split("\n")]
        text = "\n".join(l for l in lines if l)
        if len(text) > 200:
            yield name, text


def main():
    size = int(float(sys.argv[1]) * 1e6)
    pages = list(texts())
    written, i = 0, 0
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        while written < size:
            name, text = pages[i % len(pages)]
            line = json.dumps({"id": "%s#%d" % (name, i), "text": "%d\n%s" % (i, text),
                               "url": "https://example.org/%d" % i}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    print("%s: %d documents, %.1f MB" % (sys.argv[2], i, written / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
