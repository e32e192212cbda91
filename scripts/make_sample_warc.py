#!/usr/bin/env python3
"""make_sample_warc.py: builds samples/crawl-sample.warc.gz, the WARC of the setup's sample job,
from a few real pages of ../shared/data/trafilatura-eval (trafilatura's evaluation set), one
gzip member per record as Common Crawl writes them (WARC 1.1 Annex D): a warcinfo record, then
a request and a response record per page. Rerun it to rebuild the sample."""
import gzip, io, os, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "data", "trafilatura-eval", "html")
PAGES = [
    ("https://hackernoon.com/how-to-scrape-google-with-python-bo7d2tal", "hackernoon.com.scrape.html"),
    ("http://www.simplyscience.ch/teens-liesnach-archiv/articles/wie-entsteht-erdoel.html", "simplyscience.ch.erdoel.html"),
    ("http://www.sauvonsluniversite.fr/spip.php?article8532", "sauvonsluniversite.com.spip.html"),
    ("http://www.xinhuanet.com/local/2020-02/19/c_1125597921.htm", "xinhuanet.com.c_1125597921.html"),
]
DATE = "2024-01-15T10:00:00Z"


def record(rtype, uri, block, content_type, n):
    rid = uuid.UUID(int=n)  # fixed ids: the sample is reproducible byte for byte
    head = ["WARC/1.1", "WARC-Type: " + rtype, "WARC-Record-ID: <urn:uuid:%s>" % rid,
            "WARC-Date: " + DATE]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head += ["Content-Type: " + content_type, "Content-Length: %d" % len(block)]
    data = ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as g:
        g.write(data)
    return out.getvalue()


def main():
    n = 1
    parts = [record("warcinfo", None, b"software: winnow sample\r\nformat: WARC File Format 1.1\r\n",
                    "application/warc-fields", n)]
    for url, name in PAGES:
        body = open(os.path.join(EVAL, name), "rb").read()
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: winnow-sample\r\n\r\n" % (path, host)).encode()
        resp = ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)).encode() + body
        n += 1
        parts.append(record("request", url, req, "application/http; msgtype=request", n))
        n += 1
        parts.append(record("response", url, resp, "application/http; msgtype=response", n))
    with open(os.path.join(ROOT, "samples", "crawl-sample.warc.gz"), "wb") as f:
        f.write(b"".join(parts))


if __name__ == "__main__":
    main()
