#!/usr/bin/env python3
"""hostile_html.py SHAPE N: writes to stdout an HTML page of N repeats of one hostile shape,
the pages that once cost winnow quadratic time or ~75x their size in memory (issue 18).
Used by tests/cli/bounded.sh and bench/bounded.sh; deterministic (no randomness).

Shapes:
  short_p     N short paragraphs (jusText's neighbour search per short block)
  table       a table of N rows of short cells
  stray_end   "<div></x>" N times: end tags that close nothing while the stack grows
  rt          "<rt>x" N times: ruby text the parser keeps open without a <ruby>
  nested      N nested <span> (the plain depth bomb)
  formatting  "<p><b class=K>x</p>" N times: formatting elements the parser reopens
  dense_p     "<p>" N times: element-dense, ~3 bytes per element
  long_lines  one paragraph of N lines joined by <br> (one huge block for cleaning)
  news        N copies of a normal article paragraph with headings (the control)
Plain text for `winnow clean` (not HTML):
  text_short  N short lines without punctuation (one long navigation run), repeats among them
  text_long   one line of N words (no newline at all)
"""
import sys

WORDS = "the of and to in is was for on that with as by at from it this be are".split()


def shape(name, n):
    out = ["<html><head><title>t</title></head><body>"]
    if name == "short_p":
        out += ["<p>%s %d</p>\n" % (WORDS[i % len(WORDS)], i) for i in range(n)]
    elif name == "table":
        out.append("<table>")
        out += ["<tr><td>%d</td><td>%s</td><td>x</td></tr>\n" % (i, WORDS[i % len(WORDS)]) for i in range(n)]
        out.append("</table>")
    elif name == "stray_end":
        out.append("<div></x>" * n)
    elif name == "rt":
        out.append("<rt>x" * n)
    elif name == "nested":
        out.append("<span>" * n + "x" + "</span>" * n)
    elif name == "formatting":
        out += ["<p><b class=c%d>x</p>" % i for i in range(n)]
    elif name == "dense_p":
        out.append("<p>" * n)
    elif name == "long_lines":
        out.append("<p>" + "<br>\n".join("%s line %d of the text." % (WORDS[i % len(WORDS)], i)
                                         for i in range(n)) + "</p>")
    elif name == "news":
        for i in range(n):
            if i % 8 == 0:
                out.append("<h2>Section %d of the story</h2>\n" % i)
            out.append("<p>The council said on Tuesday that the plan for the new bridge, which "
                       "was first proposed in %d, would go ahead after a vote, and that work "
                       "on it is to start in the spring.</p>\n" % (1900 + i % 100))
    elif name == "text_short":
        return "".join("%s %d\n" % (WORDS[i % len(WORDS)], i % 1000) for i in range(n))
    elif name == "text_long":
        return " ".join("%s%d" % (WORDS[i % len(WORDS)], i) for i in range(n)) + "\n"
    else:
        sys.exit("hostile_html.py: unknown shape %r" % name)
    out.append("</body></html>\n")
    return "".join(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.stdout.write(shape(sys.argv[1], int(sys.argv[2])))
