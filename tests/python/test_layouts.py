"""The output layouts through the Python package: winnow.run_files with the config keys
`layout` and `split_by` writes dolma's documents/ and kept/<lang>/ (documents/<lang>/ for both)
whose every line passes the one-schema oracle of tests/cli/schema.sh (tests/schema_oracle.py,
docs/output.md's table), and the same files, byte for byte, as `winnow run` with the same
options (dolma's `added` fixed by SOURCE_DATE_EPOCH for both)."""
import hashlib
import json
import os
import sys

import pytest

from conftest import ROOT, cli

import winnow

sys.path.insert(0, os.path.join(ROOT, "tests"))
import schema_oracle  # noqa: E402

# (Python keyword options, CLI options, the schema table's conditions they turn on, dolma, split)
LAYOUTS = [
    ({"layout": "dolma", "langid": True}, ["--layout", "dolma", "--langid"], ["langid"], True, False),
    ({"split_by": "language", "langid": True, "shard_size": "8K"},
     ["--split-by", "language", "--langid", "--shard-size", "8K"], ["langid"], False, True),
    ({"layout": "dolma", "split_by": "language", "langid": True, "gopher_repetition": True, "explain": True},
     ["--layout", "dolma", "--split-by", "language", "--langid", "--gopher-repetition", "--explain"],
     ["langid", "explain"], True, True),
    ({"split_by": "language"}, ["--split-by", "language"], [], False, True),   # all in kept/und/
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("layout-inputs")
    own = str(d / "own.jsonl")   # fields of its own: metadata.input
    with open(own, "w", encoding="utf-8") as f:
        for i in range(6):
            text = ("The night train to the coast was held for %d minutes while the crew cleared "
                    "snow from the points, and the passengers shared coffee from a flask. " % i) * 2
            f.write(json.dumps({"id": "o%d" % i, "text": text, "shard": i % 2, "tags": ["x"]}) + "\n")
    return [os.path.join(ROOT, "samples", "mixed.jsonl"), os.path.join(ROOT, "samples", "crawl-sample.warc.gz"),
            os.path.join(ROOT, "samples", "seed-news-article.txt"), own]


def _files(out):
    got = {}
    for dirpath, _, names in os.walk(out):
        for n in names:
            if n.endswith(".jsonl"):
                p = os.path.join(dirpath, n)
                with open(p, "rb") as f:
                    got[os.path.relpath(p, out)] = hashlib.sha256(f.read()).hexdigest()
    return got


@pytest.mark.parametrize("k", range(len(LAYOUTS)))
def test_layout_through_python(inputs, tmp_path, monkeypatch, k):
    opts, cli_opts, conds, dolma, split = LAYOUTS[k]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    py = str(tmp_path / "py")
    counts = winnow.run_files(inputs, py, threads=2, compress="none", **opts)
    assert counts
    rows = schema_oracle.schema_rows(os.path.join(ROOT, "docs", "output.md"))
    types = {}
    n = schema_oracle.check_run(rows, py, conds, dolma=dolma, split=split,
                                extra={inputs[3]: ["shard", "tags"]}, types=types)
    schema_oracle.check_types(types)
    assert n > 0
    top = "documents" if dolma else "kept"
    assert any(p.startswith(top + os.sep) for p in _files(py)), _files(py)
    # the CLI (the same environment: SOURCE_DATE_EPOCH) writes the same files
    out = str(tmp_path / "cli")
    cli("run", "-q", "-j2", "--compress", "none", *cli_opts, *inputs, "-o", out)
    assert _files(py) == _files(out)
