"""LanguageIdentifier.predict against fastText's own Python module (Debian python3-fasttext)
on the same model: the same labels, the same float probabilities bit for bit, the same types
(a tuple and a float64 array for a line; lists and float32 arrays for a list of lines), the
same ValueErrors."""
import json
import os
import warnings

import numpy as np
import pytest

from conftest import MODEL, SHARED, SANITIZED, cli, page_files

import winnow

fasttext = pytest.importorskip("fasttext")


@pytest.fixture(scope="module")
def ft():
    if SANITIZED:   # fastText's C++ exceptions abort under a preloaded libasan
        pytest.skip("fastText's module cannot run under ASan: the oracle runs in the release suite")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fasttext.load_model(MODEL)


@pytest.fixture(scope="module")
def lid():
    return winnow.LanguageIdentifier(MODEL)


def _lines():
    """Many lines in many languages: the seed article, the text of real pages in a dozen
    languages (extracted by the CLI), and edge cases (empty, blanks, control characters, label
    tokens, </s>, invalid-looking text, a very long line)."""
    lines = []
    seed = os.path.join(SHARED, "seed")
    for name in sorted(os.listdir(seed))[:3]:
        with open(os.path.join(seed, name), encoding="utf-8", errors="replace") as f:
            lines += f.read().split("\n")
    out = cli("extract", "-q", "--format", "json", *page_files(40 if SANITIZED else 300))
    for line in out.splitlines():
        lines += json.loads(line)["text"].split("\n")
    lines += ["", " ", "\t", "\r", "a\x00b c\fd\vz", "__label__en Guten Tag", "__label__zz x",
              "hello </s> bonjour le monde", "</s>", "x </s>  ", "Մատչելիության հղումներ",
              "日本語のテキストです。", "\ufffd\ufffd broken", "Dies ist ein Satz " * 3000,
              "emoji 🙂🙃 only", "ﻣﺮﺣﺒﺎ", "ÀÉÎÕÜ " * 10, "a" * 70000]
    return lines


@pytest.fixture(scope="module")
def lines():
    ls = _lines()
    assert len(ls) > (500 if SANITIZED else 5000)
    return ls


def _same_single(a, b):
    assert a[0] == b[0]
    assert type(a[0]) is tuple and type(b[0]) is tuple
    assert isinstance(a[1], np.ndarray) and a[1].dtype == b[1].dtype == np.float64
    assert np.array_equal(a[1], b[1]), (a, b)


@pytest.mark.parametrize("k,threshold", [(1, 0.0), (2, 0.0), (5, 0.01), (-1, 0.0), (3, 0.5), (-1, 0.2)])
def test_predict_lines_match_fasttext(ft, lid, lines, k, threshold):
    step = 1 if k in (1, 2) else 7   # every line for the common cases, a sample for the rest
    for line in lines[::step]:
        _same_single(lid.predict(line, k=k, threshold=threshold), ft.predict(line, k=k, threshold=threshold))


@pytest.mark.parametrize("k,threshold", [(1, 0.0), (2, 0.1), (-1, 0.0)])
def test_predict_batch_matches_fasttext(ft, lid, lines, k, threshold):
    got_l, got_p = lid.predict(lines, k=k, threshold=threshold)
    want_l, want_p = ft.predict(lines, k=k, threshold=threshold)
    assert type(got_l) is list and type(got_p) is list
    assert got_l == want_l
    assert len(got_p) == len(want_p)
    for g, w in zip(got_p, want_p):
        assert g.dtype == w.dtype == np.float32
        assert np.array_equal(g, w)


def test_predict_empty_list(ft, lid):
    assert lid.predict([]) == ft.predict([]) == ([], [])


def test_newline_is_value_error(ft, lid):
    for text in ("two\nlines", ["fine", "not\nfine"]):
        with pytest.raises(ValueError) as want:
            ft.predict(text)
        with pytest.raises(ValueError) as got:
            lid.predict(text)
        assert str(got.value) == str(want.value)


@pytest.mark.parametrize("k", [0, -2, -5])
def test_bad_k_is_value_error(ft, lid, k):
    with pytest.raises(ValueError) as want:
        ft.predict("hello world", k=k)
    with pytest.raises(ValueError) as got:
        lid.predict("hello world", k=k)
    assert str(got.value) == str(want.value)


def test_labels(ft, lid):
    assert lid.labels == list(ft.get_labels())


def test_default_model_is_lid176(lid):
    # with no path, the package finds models/lid.176.ftz (or $WINNOW_MODEL)
    d = winnow.LanguageIdentifier()
    _same_single(d.predict("Guten Morgen, wie geht es dir?", k=3), lid.predict("Guten Morgen, wie geht es dir?", k=3))


def test_threads_share_one_model(lid, lines):
    # one identifier used by several Python threads at once (the model is immutable)
    from concurrent.futures import ThreadPoolExecutor
    sample = lines[:2000]
    want = [lid.predict(x, k=2) for x in sample]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda x: lid.predict(x, k=2), sample))
    for g, w in zip(got, want):
        _same_single(g, w)


def test_predict_everything_without_oracle(lid, lines):
    # the same calls as above without fastText (which cannot run under ASan): every k and
    # threshold on every line, one by one and as a list
    for k, threshold in ((1, 0.0), (-1, 0.0), (3, 0.3), (2, 1.5), (1, -1.0)):
        labels, probs = lid.predict(lines, k=k, threshold=threshold)
        assert len(labels) == len(probs) == len(lines)
        for line, l, p in zip(lines[::13], labels[::13], probs[::13]):
            one = lid.predict(line, k=k, threshold=threshold)
            assert list(one[0]) == l and list(one[1]) == list(p)
