"""winnow.read over http:// and s3:// (tests/http_server.py on 127.0.0.1): the documents of a
URL are those of the same file read from disk, but "source", which is the URL; a 404 raises
with the URL and the status."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

import winnow

os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    www = tmp_path_factory.mktemp("www")
    os.makedirs(www / "bucket")
    sample = os.path.join(ROOT, "samples", "crawl-sample.warc.gz")
    shutil.copy(sample, www / "a.warc.gz")
    shutil.copy(sample, www / "bucket" / "a.warc.gz")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tests", "http_server.py"), str(www)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = p.stdout.readline().strip().decode()
    yield "http://127.0.0.1:" + port, sample
    p.kill()
    p.wait()


def _docs(path, **options):
    out = []
    for d in winnow.read(path, **options):
        d = dict(d)
        d.pop("source", None)
        out.append(d)
    return out


def test_read_url_equals_file(server):
    url, sample = server
    local = _docs(sample)
    assert local
    assert _docs(url + "/a.warc.gz") == local
    # a connection dropped mid-body: resumed with a Range request, same documents
    assert _docs(url + "/drop-9000/a.warc.gz", http_backoff=1) == local
    sources = {d["source"] for d in winnow.read(url + "/a.warc.gz")}
    assert sources == {url + "/a.warc.gz"}


def test_read_s3(server):
    url, sample = server
    assert _docs("s3://bucket/a.warc.gz", s3_endpoint=url) == _docs(sample)


def test_read_404(server):
    url, _ = server
    with pytest.raises(winnow.Error) as e:
        list(winnow.read(url + "/missing.warc.gz"))
    assert url + "/missing.warc.gz" in str(e.value) and "HTTP 404" in str(e.value)
