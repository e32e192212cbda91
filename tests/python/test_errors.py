"""Bad input raises the right exception with the library's message, or gives a document the
bounded verdict, and never crashes the interpreter (tests/cli/python.sh also runs these under
ASan with PYTHONMALLOC=malloc and leak detection)."""
import os

import pytest

from conftest import ROOT

import winnow


def test_exception_classes():
    assert issubclass(winnow.UsageError, winnow.Error) and issubclass(winnow.UsageError, ValueError)
    assert issubclass(winnow.FileError, winnow.Error) and issubclass(winnow.FileError, OSError)
    assert issubclass(winnow.FormatError, ValueError)
    assert issubclass(winnow.TruncatedError, winnow.FormatError)
    assert issubclass(winnow.CorruptError, winnow.FormatError)
    assert issubclass(winnow.TooDeepError, winnow.TooLargeError)
    assert issubclass(winnow.OutOfMemoryError, MemoryError)
    assert winnow.UsageError.code == "usage" and winnow.UsageError.status == 7
    assert winnow.FileError.code == "io_error"


def test_bad_options():
    with pytest.raises(winnow.UsageError) as e:
        winnow.Pipeline(no_such_option=1)
    assert "no-such-option" in str(e.value) or "no_such_option" in str(e.value)
    assert e.value.status == 7
    with pytest.raises(winnow.UsageError) as e:
        winnow.Pipeline(gopher_min_doc_words="many")
    assert "gopher" in str(e.value)
    with pytest.raises(winnow.UsageError):
        winnow.Pipeline(preset="nonesuch")
    # the parser that was removed is named as such; "own" stays accepted
    with pytest.raises(winnow.UsageError) as e:
        winnow.Pipeline(parser="myhtml")
    assert "only HTML parser" in str(e.value) and "removed" in str(e.value), str(e.value)
    winnow.Pipeline(parser="own")
    with pytest.raises(ValueError):   # UsageError is a ValueError
        winnow.Pipeline(language_threshold=2.5)
    with pytest.raises(TypeError):
        winnow.Pipeline(langid=object())
    with pytest.raises(winnow.UsageError):
        winnow.extract("<p>x</p>", format="pdf")
    with pytest.raises(winnow.Error) as e:
        winnow.Pipeline(config="/nonexistent/job.conf")
    assert "/nonexistent/job.conf" in str(e.value)


def test_config_file_names_the_model(tmp_path):
    # the package's default model (through $WINNOW_MODEL) gives way to a config file's
    conf = tmp_path / "job.conf"
    conf.write_text("stages = langid\nlang_languages = en\nlang_model = /nonexistent/from-config.ftz\n")
    with pytest.raises(winnow.FileError) as e:
        winnow.Pipeline(config=str(conf))
    assert "/nonexistent/from-config.ftz" in str(e.value)
    conf.write_text("stages = langid\nlang_languages = en\n")
    r = winnow.Pipeline(config=str(conf)).process({"text": "Hello world, this is a sentence in English."})
    assert r["metadata"]["language"] == "en" and r["status"] == "kept"


def test_missing_or_bad_model(tmp_path):
    with pytest.raises(winnow.FileError) as e:
        winnow.LanguageIdentifier("/nonexistent/model.ftz")
    assert "/nonexistent/model.ftz" in str(e.value)
    bad = tmp_path / "bad.ftz"
    bad.write_bytes(b"\xba\x16\x4f\x2f" + b"\x00" * 100)
    with pytest.raises(winnow.Error):
        winnow.LanguageIdentifier(str(bad))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(winnow.FormatError):
        winnow.LanguageIdentifier(str(junk))
    with pytest.raises(winnow.Error):
        winnow.Pipeline(langid=True, model="/nonexistent/model.ftz")
    with pytest.raises(TypeError):
        winnow.LanguageIdentifier(42)


def test_wrong_types():
    for bad in (None, 42, 1.5, ["<p>"], {"html": "x"}):
        with pytest.raises(TypeError):
            winnow.extract(bad)
    with pytest.raises(TypeError):
        winnow.extract("<p>x</p>", url=5)
    p = winnow.Pipeline()
    with pytest.raises(TypeError):
        p.process("just a string")
    with pytest.raises(KeyError):
        p.process({"id": "no text"})
    with pytest.raises(TypeError):
        p.process({"text": 5})
    with pytest.raises(TypeError):
        p.process({"text": "x", "metadata": 5})
    with pytest.raises(TypeError):
        p.process({"text": "x", "metadata": {"when": object()}})
    with pytest.raises(TypeError):
        p.process({"text": "x", "url": 5})
    with pytest.raises(winnow.FormatError):
        p.process({"text": "x", "metadata": "[1, 2]"})   # JSON text, but not an object
    with pytest.raises(ValueError):
        list(p.run([], threads=0))
    lid = winnow.LanguageIdentifier()
    with pytest.raises(TypeError):
        lid.predict("x", k="one")
    with pytest.raises((TypeError, AttributeError)):
        lid.predict(42)
    with pytest.raises((TypeError, AttributeError)):   # fastText: AttributeError
        lid.predict(["ok", 42])


def test_invalid_utf8_and_surrogates():
    p = winnow.Pipeline(langid=True)
    r = p.process({"text": b"caf\xe9 \xff\xfe broken \xc3 bytes and some more words here"})
    assert r["status"] in ("kept", "dropped")
    r["text"].encode("utf-8")   # the output is valid UTF-8
    r = p.process({"text": "lone \udc80 surrogate \ud800 here", "metadata": {"k": "\udfff"}})
    r["text"].encode("utf-8")
    r = winnow.extract(b"<html><body>" + b"".join(
        b"<p>Paragraph %d of a text with caf\xe9 and \xc3 broken \xed\xa0\x80 bytes in words.</p>" % i
        for i in range(30)) + b"</body></html>")
    assert r["status"] == "kept" and r["text"].encode()
    assert winnow.extract("<p>\udc80\ud800</p>" * 10)["status"] in ("kept", "dropped", "failed")
    lid = winnow.LanguageIdentifier()
    assert lid.predict("caf\udce9 au lait")[0]
    # read() gives invalid input bytes as surrogate escapes, which go back as the same bytes
    assert p.process({"text": "x\udcff y"})["status"] in ("kept", "dropped")


def test_huge_and_deep_pages():
    p = winnow.Pipeline(max_doc_size="1M")
    big = b"<html><body>" + b"<p>" + b"word " * 400000 + b"</p></body></html>"
    r = p.process({"html": big})
    assert (r["status"], r["reason"]) == ("failed", "too_large")
    r = p.process({"text": "x" * (2 << 20)})
    assert (r["status"], r["reason"]) == ("failed", "too_large")
    deep_page = b"<div>" * 200000 + b"text" + b"</div>" * 200000
    # the parser parses it in linear time, its depth capped: too little text
    deep = winnow.extract(deep_page)
    assert (deep["status"], deep["reason"]) == ("dropped", "no_content"), deep
    deep = winnow.Pipeline(parser="own").process({"html": deep_page})
    assert (deep["status"], deep["reason"]) == ("dropped", "no_content"), deep
    many = winnow.extract(b"<html><body>" + b"<b></b>" * 2000000 + b"</body></html>")
    assert many["status"] in ("failed", "dropped")


def test_empty_and_nothing_pages():
    for page in ("", b"", "<html></html>", b"\x00" * 100, "   "):
        r = winnow.extract(page)
        assert r["status"] in ("dropped", "failed") and r["reason"], r
        assert r["text"] == ""


def test_read_errors(tmp_path):
    with pytest.raises(winnow.FileError) as e:
        winnow.read("/nonexistent/crawl.warc.gz")
    assert "/nonexistent/crawl.warc.gz" in str(e.value)
    with pytest.raises(winnow.UsageError):
        winnow.read(os.path.join(ROOT, "samples", "mixed.jsonl"), format="excel")
    # a truncated compressed file: every record before the cut, then an error or a failed record
    with open(os.path.join(ROOT, "samples", "crawl-sample.warc.gz"), "rb") as f:
        data = f.read()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2])
    got = []
    try:
        for d in winnow.read(str(cut)):
            got.append(d)
    except winnow.Error as e:
        assert str(e)
    assert got, "no record before the cut"
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b'{"text": "ok"}\n{broken\n\xff\xfe\n{"text": "also ok"}\n')
    docs = list(winnow.read(str(junk)))
    failed = [d for d in docs if d.get("status") == "failed"]
    assert failed
    # each says which file and where, as the CLI's "error" does
    for d in failed:
        assert d["error"].startswith(str(junk)), d
    assert docs[0]["text"] == "ok" and "error" not in docs[0]
    assert docs[-1]["text"] == "also ok"


def test_version():
    assert winnow.version() == winnow.__version__
    assert winnow._winnow.version_number() == winnow._winnow.HEADER_VERSION_NUMBER
