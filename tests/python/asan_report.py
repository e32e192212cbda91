"""asan_report.py LOG...: reads the ASan/LSan/UBSan logs of a sanitized pytest run
(tests/cli/python.sh) and fails on any memory error, on any UBSan report, and on any leak whose
stack passes through winnow's extension or library; leaks that only the interpreter and its
other extension modules (numpy) make at exit are counted and shown as such."""
import re
import sys

OURS = re.compile(r"_winnow|libwinnow|/src/\w+/\w+\.c|\bwn_\w+")


def main(paths):
    ours, theirs, errors = [], 0, []
    for path in paths:
        with open(path, errors="replace") as f:
            text = f.read()
        for m in re.finditer(r"(?:ERROR: AddressSanitizer|AddressSanitizer: CHECK failed)[^\n]*", text):
            errors.append("%s: %s" % (path, m.group(0)))
        if "runtime error:" in text:
            errors.append("%s: UBSan: %s" % (path, text[text.index("runtime error:"):][:300]))
        for block in re.split(r"\n(?=(?:Direct|Indirect) leak of )", text):
            if not re.match(r"(?:Direct|Indirect) leak of ", block):
                continue
            if OURS.search(block):
                ours.append(block.strip())
            else:
                theirs += 1
    for e in errors:
        print(e)
    for b in ours:
        print("leak through winnow:\n" + b + "\n")
    print("asan: %d log(s), %d error(s), %d leak(s) through winnow, %d of the interpreter's own"
          % (len(paths), len(errors), len(ours), theirs))
    return 1 if errors or ours else 0


if __name__ == "__main__":
    sys.exit(main([p for p in sys.argv[1:] if not p.endswith(".*")]))
