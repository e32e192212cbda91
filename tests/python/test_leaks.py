"""No reference leaks: each call, good or bad, repeated many times, leaves the Python memory
traced by tracemalloc where it was (a leaked str, dict or exception per call would add up to
tens of kilobytes). ASan (tests/cli/python.sh) covers the C side: memory of libwinnow and the
extension that is never freed."""
import gc
import os
import tracemalloc

import pytest

from conftest import ROOT, SANITIZED, page_files

import winnow

N = 300 if SANITIZED else 1500


def _page():
    with open(page_files(3)[2], "rb") as f:
        return f.read()


PAGE = _page()
PIPE = winnow.Pipeline(langid=True, clean=True)
LID = winnow.LanguageIdentifier()
MIXED = os.path.join(ROOT, "samples", "mixed.jsonl")


def _raises(exc, f, *a, **kw):
    try:
        f(*a, **kw)
    except exc:
        return
    raise AssertionError("%s did not raise %s" % (f, exc))


CASES = {
    "extract": lambda: winnow.extract(PAGE, url="https://example.org/p"),
    "extract_str": lambda: winnow.extract("<p>" + "Some words in a sentence. " * 20 + "</p>"),
    "extract_type": lambda: _raises(TypeError, winnow.extract, 42),
    "extract_deep": lambda: winnow.extract(b"<div>" * 3000),
    "process": lambda: PIPE.process({"text": "A document in English, with words.", "id": 7,
                                     "metadata": {"a": [1, 2], "b": "c"}, "other": 1}),
    "process_bytes": lambda: PIPE.process({"text": b"bytes \xff\xfe here", "url": "u"}),
    "process_nokey": lambda: _raises(KeyError, PIPE.process, {"id": "x"}),
    "process_badmeta": lambda: _raises(TypeError, PIPE.process, {"text": "x", "metadata": {"o": object()}}),
    "process_jsonmeta": lambda: _raises(winnow.FormatError, PIPE.process, {"text": "x", "metadata": "[]"}),
    "run": lambda: list(PIPE.run([{"text": "doc %d in English" % i} for i in range(20)], threads=2, batch_size=8)),
    "run_error": lambda: _raises(TypeError, lambda: list(PIPE.run([{"text": "a"}, 5], threads=2))),
    "predict": lambda: LID.predict("Ceci est une phrase en français", k=3),
    "predict_many": lambda: LID.predict(["one line", "deux lignes", ""], k=-1, threshold=0.01),
    "predict_newline": lambda: _raises(ValueError, LID.predict, "a\nb"),
    "predict_type": lambda: _raises((TypeError, AttributeError), LID.predict, ["a", 5]),
    "read": lambda: list(winnow.read(MIXED)),
    "read_missing": lambda: _raises(winnow.FileError, winnow.read, "/nonexistent/x.jsonl"),
    "config_bad": lambda: _raises(winnow.UsageError, winnow.Pipeline, no_such_key=1),
    "model_missing": lambda: _raises(winnow.FileError, winnow.LanguageIdentifier, "/nonexistent.ftz"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_reference_leak(name):
    f = CASES[name]
    for _ in range(50):   # warm caches: interned strings, free lists, thread-local chains
        f()
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(50):
            f()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(N):
            f()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 16384, "%s: %d bytes more after %d calls" % (name, grown, N)
