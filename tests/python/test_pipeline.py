"""winnow.Pipeline against the CLI's own output: `winnow run` on the same inputs with the same
options writes kept/ and dropped/ shard lines; Pipeline.run over winnow.read(input) gives, per
document, the same text, status, reason, URL and metadata. Plus: any number of threads gives
what one thread gives, in input order, and run() == process() one by one."""
import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SANITIZED, cli, page_files

import winnow

# (CLI options, the same as Pipeline keyword options)
CONFIGS = [
    ([], {}),
    (["--langid", "--clean"], {"langid": True, "clean": True}),
    (["--preset", "fineweb"], {"preset": "fineweb"}),
    (["--langid", "--languages", "en,de", "--gopher-quality", "--gopher-min-doc-words", "50", "--explain"],
     {"langid": True, "languages": ["en", "de"], "gopher_quality": True, "gopher_min_doc_words": 50,
      "explain": True}),
    (["--extract-format", "markdown", "--pii", "--c4", "--paragraph-langid"],
     {"extract_format": "markdown", "pii": True, "c4": True, "paragraph_langid": True}),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    gen = str(d / "gen.jsonl")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_jsonl.py"),
                    "0.5" if SANITIZED else "3", gen], check=True, stderr=subprocess.DEVNULL)
    html = d / "html"
    (html / "sub").mkdir(parents=True)
    pages = page_files(10 if SANITIZED else 80)
    for i, p in enumerate(pages):   # some in a subdirectory, which the walk enters in order
        os.symlink(p, (html / "sub" if i % 4 == 0 else html) / os.path.basename(p))
    return [os.path.join(ROOT, "samples", "mixed.jsonl"),
            os.path.join(ROOT, "samples", "crawl-sample.warc.gz"), gen, str(html),
            os.path.join(ROOT, "samples", "seed-news-article.txt")]


def _key(doc):
    return (doc.get("source"), doc.get("id"))


def _cli_docs(inputs, opts, out):
    cli("run", "-q", "-j2", "--compress", "none", *opts, *inputs, "-o", str(out))
    docs = {}
    for kind in ("kept", "dropped"):
        for f in sorted(glob.glob(os.path.join(str(out), kind, "*"))):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    o = json.loads(line)
                    o.setdefault("status", "kept")
                    assert _key(o) not in docs, _key(o)
                    docs[_key(o)] = o
    return docs


def _read_all(inputs):
    for path in inputs:
        yield from winnow.read(path)


def _compare(got, want):
    assert got["status"] == want["status"], (_key(want), got["status"], want["status"], got.get("reason"))
    assert got.get("reason") == want.get("reason"), _key(want)
    assert got["text"] == want["text"], _key(want)
    if want["status"] == "failed":   # what failed and where, word for word
        assert got.get("error") == want["error"], (_key(want), got.get("error"), want["error"])
    else:
        assert "error" not in got, _key(want)
        assert got.get("url", "") == want.get("url", ""), _key(want)
        assert got["metadata"] == want["metadata"], _key(want)


@pytest.mark.parametrize("cfg", range(len(CONFIGS)))
def test_pipeline_matches_cli_run(inputs, tmp_path, cfg):
    cli_opts, opts = CONFIGS[cfg]
    want = _cli_docs(inputs, cli_opts, tmp_path / "out")
    got = list(winnow.Pipeline(**opts).run(_read_all(inputs), threads=2))
    assert len(got) == len(want)
    # and in the CLI's order: its shards list kept documents in input order
    kept = [_key(g) for g in got if g["status"] == "kept"]
    assert kept == [k for k in want if want[k]["status"] == "kept"]
    statuses = set()
    for g in got:
        _compare(g, want[_key(g)])
        statuses.add(g["status"])
    assert "kept" in statuses


def test_plain_dicts_match_read(inputs):
    # documents built by json.loads, as a datatrove reader gives them, go through as
    # winnow.read's do
    path = inputs[2]
    p = winnow.Pipeline(langid=True, clean=True)
    with open(path, encoding="utf-8") as f:
        docs = [dict(json.loads(line), source=path) for line in f]
    got = list(p.run(docs, threads=2))
    via_read = list(p.run(winnow.read(path), threads=2))
    assert [(g["id"], g["text"], g["status"], g["metadata"]) for g in got] == \
        [(g["id"], g["text"], g["status"], g["metadata"]) for g in via_read]


def test_threads_give_the_same_results(inputs):
    docs = list(_read_all(inputs))
    p = winnow.Pipeline(preset="fineweb", clean=True)
    one = list(p.run(docs, threads=1))
    assert one == [p.process(d) for d in docs]
    for threads, batch in ((2, 256), (3, 7), (2, 1)):
        assert list(p.run(iter(docs), threads=threads, batch_size=batch)) == one


def test_run_keeps_other_keys_and_order():
    p = winnow.Pipeline(langid=True)
    docs = [{"text": "Document number %d, a sentence in English." % i, "id": i, "media": [i]}
            for i in range(1000)]
    out = list(p.run(docs, threads=2, batch_size=64))
    assert [o["id"] for o in out] == [str(i) for i in range(1000)]
    assert [o["media"] for o in out] == [[i] for i in range(1000)]
    assert all(o["metadata"]["language"] == "en" for o in out)
    assert docs[0] == {"text": "Document number 0, a sentence in English.", "id": 0, "media": [0]}


def test_run_stops_early_and_propagates_errors():
    p = winnow.Pipeline()
    gen = p.run(({"text": "x %d" % i} for i in range(100000)), threads=2, batch_size=100)
    assert next(gen)["text"] == "x 0"
    gen.close()   # returns once C is done with the batch in flight

    def bad():
        yield {"text": "fine"}
        raise RuntimeError("the source broke")
    with pytest.raises(RuntimeError, match="the source broke"):
        list(p.run(bad(), threads=2))
    with pytest.raises(TypeError):
        list(p.run([{"text": "fine"}, "not a dict"], threads=2))
    # the pipeline is still usable afterwards
    assert p.process({"text": "still here"})["status"] == "kept"


def test_read_gives_every_record():
    docs = list(winnow.read(os.path.join(ROOT, "samples", "mixed.jsonl")))
    assert [d.get("id") for d in docs][:4] == ["doc-1", "doc-2", "doc-3", "doc-4"]
    assert any(d.get("status") == "failed" for d in docs)   # the broken line is accounted for
    warc = list(winnow.read(os.path.join(ROOT, "samples", "crawl-sample.warc.gz")))
    assert warc and all(isinstance(d["html"], bytes) for d in warc)
    assert all(d["url"].startswith("http") for d in warc)


def test_run_straight_from_read(inputs):
    # Pipeline.run(winnow.read(path)) reads into its batches in C: the same results as the
    # dicts winnow.read yields, failed records included
    p = winnow.Pipeline(langid=True, clean=True)
    for path in inputs:
        want = list(p.run(list(winnow.read(path)), threads=2, batch_size=50))
        for threads, batch in ((1, 256), (2, 50), (3, 1)):
            got = list(p.run(winnow.read(path), threads=threads, batch_size=batch))
            assert got == want, path


def test_run_from_read_of_a_cut_file(tmp_path):
    with open(os.path.join(ROOT, "samples", "crawl-sample.warc.gz"), "rb") as f:
        data = f.read()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])

    def outcome(docs):
        got, err = [], None
        try:
            for d in docs:
                got.append(d)
        except winnow.Error as e:
            err = (type(e), str(e))
        return got, err
    p = winnow.Pipeline()
    want = outcome(p.process(d) for d in winnow.read(str(cut)))
    assert outcome(p.run(winnow.read(str(cut)), threads=2, batch_size=1)) == want
    assert outcome(p.run(winnow.read(str(cut)), threads=2, batch_size=100)) == want
