#!/usr/bin/env python3
"""tokenizer.py: runs every html5lib tokenizer test (DIR/*.test, the format of html5lib-tests'
tokenizer/README.md) through src/html/tokenizer.c by way of TOOL (build/tools/html_tokens),
prints pass/total per file, and fails when a test fails that is not in KNOWN below (each with
the reason it does not matter for extraction) or when fewer than FLOOR tests pass.

Usage: tokenizer.py TOOL DIR [--list]   (--list prints every failing test in full)

Parse errors are not compared: the tokenizer does not report them (tokenizer.h: extraction
has no use for them). Adjacent character tokens are merged on both sides, as the format says.
Stdlib only."""
import json
import os
import re
import subprocess
import sys

STATES = {"Data state": 0, "RCDATA state": 1, "RAWTEXT state": 2, "Script data state": 3,
          "PLAINTEXT state": 4, "CDATA section state": 5}

# Tests that pass no implementation of the current standard, with the reason.
SKIP_FILES = {
    # The "coercion to XML infoset" mode of html5lib (form feeds to spaces, "--" in comments
    # to "- -"): not the HTML tokenizer the standard defines, and no browser does it.
    "xmlViolation.test": "XML-infoset coercion mode, not HTML tokenization",
}

# (file, description) -> why the failure does not matter for extraction. Empty: every test
# of the files run passes, and a new failure is a regression.
KNOWN = {}

# Tests that pass today (of the files run); fewer is a regression even if KNOWN grew.
FLOOR = 7032


def unescape(s):
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)


def merge_chars(tokens):
    out = []
    for t in tokens:
        if t[0] == "Character" and out and out[-1][0] == "Character":
            out[-1] = ["Character", out[-1][1] + t[1]]
        else:
            out.append(list(t))
    return out


def expected(test):
    toks = []
    for t in test["output"]:
        t = list(t)
        if test.get("doubleEscaped"):
            t = [unescape(x) if isinstance(x, str) else x for x in t]
            if t[0] == "StartTag":
                t[2] = {unescape(k): unescape(v) for k, v in t[2].items()}
        if t[0] == "StartTag":
            t = ["StartTag", t[1], t[2], len(t) > 3 and bool(t[3])]
        toks.append(t)
    return merge_chars(toks)


def unhex(h):
    return bytes.fromhex(h).decode("utf-8", "surrogatepass")


def ours(line):
    toks = []
    for t in json.loads(line):
        k = t[0]
        if k == "S":
            toks.append(["StartTag", unhex(t[1]), {unhex(a): unhex(v) for a, v in t[2]}, bool(t[3])])
        elif k == "E":
            toks.append(["EndTag", unhex(t[1])])
        elif k == "C":
            toks.append(["Comment", unhex(t[1])])
        elif k == "T":
            toks.append(["Character", unhex(t[1])])
        else:
            toks.append(["DOCTYPE"] + [None if x is None else unhex(x) for x in t[1:4]] + [bool(t[4])])
    return merge_chars(toks)


def main():
    tool, d = sys.argv[1], sys.argv[2]
    list_all = "--list" in sys.argv
    cases = []   # (file, description, state, expected, input)
    skipped = 0
    for name in sorted(os.listdir(d)):
        if not name.endswith(".test"):
            continue
        data = json.load(open(os.path.join(d, name), encoding="utf-8"))
        if name in SKIP_FILES:
            tests = data.get("tests", []) + data.get("xmlViolationTests", [])
            skipped += len(tests)
            print("SKIP %-28s %4d tests: %s" % (name, len(tests), SKIP_FILES[name]))
            continue
        tests = data.get("tests")
        if not tests:
            sys.exit("tokenizer: %s holds no tests" % name)
        for test in tests:
            inp = test["input"]
            if test.get("doubleEscaped"):
                inp = unescape(inp)
            for state in test.get("initialStates", ["Data state"]):
                cases.append((name, test["description"], state, expected(test), inp,
                              test.get("lastStartTag", "")))
    stdin = bytearray()
    for (_, _, state, _, inp, last) in cases:
        b = inp.encode("utf-8", "surrogatepass")
        lb = last.encode("utf-8")
        stdin += b"%d %d %d\n" % (STATES[state], len(lb), len(b)) + lb + b
    r = subprocess.run([tool], input=bytes(stdin), stdout=subprocess.PIPE, check=True)
    lines = r.stdout.decode("ascii").splitlines()
    assert len(lines) == len(cases), (len(lines), len(cases))
    per_file = {}
    unexpected = []
    passed = 0
    for (name, desc, state, exp, inp, _), line in zip(cases, lines):
        got = ours(line)
        ok = got == exp
        f = per_file.setdefault(name, [0, 0])
        f[1] += 1
        if ok:
            f[0] += 1
            passed += 1
            continue
        reason = KNOWN.get((name, desc))
        if reason is None:
            unexpected.append((name, desc, state, inp, exp, got))
        if list_all or reason is None:
            print("FAILED %s: %r (%s)%s\n  input    %r\n  expected %r\n  got      %r" %
                  (name, desc, state, "" if reason is None else " known: " + reason,
                   inp, exp, got))
    for name, (p, n) in sorted(per_file.items()):
        print("%-32s %5d / %5d" % (name, p, n))
    total = sum(n for _, n in per_file.values())
    print("tokenizer: %d / %d passed (%.2f %%), %d known failures, %d unexpected, %d skipped"
          % (passed, total, 100.0 * passed / total, len(KNOWN), len(unexpected), skipped))
    if unexpected:
        sys.exit("tokenizer: %d unexpected failures" % len(unexpected))
    if passed < FLOOR:
        sys.exit("tokenizer: %d passed, below the floor of %d" % (passed, FLOOR))


if __name__ == "__main__":
    main()
