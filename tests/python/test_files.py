"""winnow.run_files and winnow.dedup against the CLI: the same inputs and options give the
same shards byte for byte and the same stats.json (less times, threads and command line),
and the counts they return are stats.json's."""
import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SANITIZED, cli, page_files

import winnow


def _tree(d):
    """{relative path: bytes} of kept/ and dropped/, and stats.json without what varies."""
    files = {}
    for kind in ("kept", "dropped"):
        for f in sorted(glob.glob(os.path.join(d, kind, "*"))):
            with open(f, "rb") as fh:
                files[os.path.relpath(f, d)] = fh.read()
    with open(os.path.join(d, "stats.json")) as f:
        stats = json.load(f)
    for k in ("seconds", "timing", "threads", "command"):
        stats.pop(k, None)
    return files, stats


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    gen = str(d / "gen.jsonl")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_jsonl.py"),
                    "0.3" if SANITIZED else "2", gen], check=True, stderr=subprocess.DEVNULL)
    # duplicates for dedup: the corpus twice, once with a line changed
    dup = str(d / "dup.jsonl")
    with open(gen, encoding="utf-8") as f, open(dup, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            o = json.loads(line)
            o["id"] += "-again"
            if i % 3 == 0:
                o["text"] += "\nOne more line."
            out.write(json.dumps(o, ensure_ascii=False) + "\n")
    return [os.path.join(ROOT, "samples", "mixed.jsonl"), os.path.join(ROOT, "samples", "crawl-sample.warc.gz"),
            gen, dup]


@pytest.mark.parametrize("cli_opts,opts", [
    ([], {}),
    (["--preset", "fineweb", "--clean", "--compress", "gzip"], {"preset": "fineweb", "clean": True, "compress": "gzip"}),
])
def test_run_files_matches_cli(corpus, tmp_path, cli_opts, opts):
    cli("run", "-q", "-j2", *cli_opts, *corpus, "-o", str(tmp_path / "cli"))
    counts = winnow.run_files(corpus, str(tmp_path / "py"), threads=2, **opts)
    want_files, want_stats = _tree(str(tmp_path / "cli"))
    got_files, got_stats = _tree(str(tmp_path / "py"))
    assert got_files == want_files
    assert got_stats == want_stats
    assert counts == {k: want_stats["documents"][k] for k in ("in", "kept", "dropped", "failed")}


def test_dedup_matches_cli(corpus, tmp_path):
    cli("dedup", "-q", "-j2", "--method", "exact,minhash,paragraph", *corpus[2:], "-o", str(tmp_path / "cli"))
    counts = winnow.dedup(corpus[2:], str(tmp_path / "py"), methods=["exact", "minhash", "paragraph"], threads=2)
    want_files, want_stats = _tree(str(tmp_path / "cli"))
    got_files, got_stats = _tree(str(tmp_path / "py"))
    assert got_files == want_files
    assert got_stats == want_stats
    assert counts["dropped"] > 0
    assert counts == {k: want_stats["documents"][k] for k in ("in", "kept", "dropped", "failed")}


def test_file_errors(tmp_path):
    with pytest.raises(winnow.Error) as e:
        winnow.run_files(["/nonexistent/input.jsonl"], str(tmp_path / "o"))
    assert "/nonexistent/input.jsonl" in str(e.value)
    with pytest.raises(winnow.UsageError):
        winnow.dedup([os.path.join(ROOT, "samples", "mixed.jsonl")], str(tmp_path / "d"), methods="fuzzy")
    with pytest.raises(TypeError):
        winnow.run_files([42], str(tmp_path / "o2"))
