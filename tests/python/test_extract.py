"""winnow.extract against the CLI's own output (`winnow extract`) on the same pages: the
trafilatura evaluation pages (1,028 real pages in many languages and charsets), text and
markdown; the texts and metadata byte-identical."""
import json
import os

import pytest

from conftest import SANITIZED, cli, page_files

import winnow

KEYS = ("title", "author", "date", "url", "sitename", "description", "lang")


@pytest.fixture(scope="module")
def pages():
    return page_files(60 if SANITIZED else None)


def test_extract_text_matches_cli(pages):
    out = cli("extract", "-q", "--format", "json", *pages).splitlines()
    assert len(out) == len(pages)
    kept = 0
    for path, line in zip(pages, out):
        want = json.loads(line)
        assert want["source"] == path
        with open(path, "rb") as f:
            got = winnow.extract(f.read())
        assert got["text"] == want["text"], path
        for k in KEYS:
            assert got[k] == want.get(k), (path, k, got[k], want.get(k))
        kept += got["status"] == "kept"
    assert kept > len(pages) * 0.9


def test_extract_markdown_matches_cli(pages):
    for path in pages[:: 10 if not SANITIZED else 3]:
        want = cli("extract", "-q", "--format", "markdown", path).decode()
        with open(path, "rb") as f:
            got = winnow.extract(f.read(), format="markdown", metadata=False)
        assert set(got) == {"text", "status", "reason"}
        # the CLI ends each page's text with a newline
        assert got["text"] + "\n" == want, path


def test_url_given(pages):
    # the URL helps dating the page as the CLI's --url does; unlike `winnow extract` (which
    # prints the page's canonical URL when it has one) the URL given wins, as a document's
    # URL does in `winnow run`
    path = pages[0]
    want = json.loads(cli("extract", "-q", "--format", "json", "--url", "https://example.org/x", path))
    with open(path, "rb") as f:
        got = winnow.extract(f.read(), url="https://example.org/x")
    for k in KEYS:
        if k != "url":
            assert got[k] == want.get(k), k
    assert got["url"] == "https://example.org/x"
    got = winnow.extract("<html><body><p>" + "A sentence of text here. " * 20 + "</p></body></html>",
                         url="https://example.org/y")
    assert got["url"] == "https://example.org/y"


def test_str_is_utf8_whatever_meta_says():
    body = "<p>" + "Une phrase en français, avec des accents: été, déjà, où. " * 10 + "</p>"
    page = '<html><head><meta charset="windows-1252"></head><body>%s</body></html>' % body
    as_str = winnow.extract(page)
    assert "été, déjà, où" in as_str["text"]
    assert winnow.extract(page.encode("windows-1252"))["text"] == as_str["text"]


def test_bytes_like_inputs(pages):
    with open(pages[1], "rb") as f:
        data = f.read()
    want = winnow.extract(data)
    assert winnow.extract(bytearray(data)) == want
    assert winnow.extract(memoryview(data)) == want


def test_threads_each_get_a_chain(pages):
    from concurrent.futures import ThreadPoolExecutor
    data = []
    for p in pages[:40]:
        with open(p, "rb") as f:
            data.append(f.read())
    want = [winnow.extract(d) for d in data]
    with ThreadPoolExecutor(3) as ex:
        got = list(ex.map(winnow.extract, data))
    assert got == want


def test_huge_page_same_verdict_as_cli(tmp_path):
    big = b"<html><body>" + b"<p>Some words in a paragraph here.</p>" * 460000 + b"</body></html>"
    path = tmp_path / "big.html"
    path.write_bytes(big)
    want = json.loads(cli("extract", "-q", "--format", "json", str(path)))
    got = winnow.extract(big)
    assert want["error"] == got["reason"] == "too_large"
    assert got["text"] == want["text"] == "" and got["status"] != "kept"
