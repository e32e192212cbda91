#!/usr/bin/env python3
"""gen_containers.py: damaged WARC containers and encodings for tests/cli/containers.sh.

Usage: gen_containers.py CASE OUT
Each case writes one hostile input made from a few small, valid HTML response records, so
that the test knows exactly which records exist and which one is damaged:
  good.warc                               the 5 records, undamaged
  lying-huge.warc / lying-huge.warc.gz    record 2 says Content-Length 999999999999999
  lying-5m.warc / lying-5m.warc.gz        record 2 says Content-Length 5000000
  lying-next.warc                         record 2 says 3000: its block overruns the file
  lying-over.warc / lying-over.warc.gz    record 2 says 200 bytes more: it runs into record 3
  cut-member.warc.gz                      the gzip member of record 2 cut in the middle
  cut-last.warc.gz                        the last member cut in the middle
  cut-head.warc.gz                        the gzip member of record 2 cut inside its WARC header
  warc-lines.warc / warc-lines.warc.gz    N lines "WARC/1.1" (N from $LINES, default 20000)
  utf16le.html utf16be.html utf32le.html utf32be.html      a page without BOM
  utf16le.warc ... utf32be.warc                            the same page in a WARC record
  utf16le.txt ... utf32be.txt                              its text as a plain text file
  bom.jsonl                               a UTF-8 BOM before the first line
  surrogate.jsonl                         lone surrogate escapes in metadata and text
"""
import gzip
import os
import sys

N_RECORDS = 5


def page(i):
    words = " ".join("word%d" % k for k in range(40))
    return ("<html><head><title>Page %d</title></head><body><article><p>This is the page "
            "number %d of the damaged container test. %s.</p><p>A second paragraph of page %d "
            "with more words to keep it above the filters.</p></article></body></html>"
            % (i, i, words, i)).encode()


def record(i, lie=None, body=None, ctype=b"text/html; charset=utf-8"):
    payload = body if body is not None else page(i)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\n\r\n" + payload
    clen = len(http) if lie is None else len(http) - lie if lie < 0 else lie
    head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:rec-%d>\r\n"
            "WARC-Target-URI: http://example.com/%d\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (i, i, clen)).encode()
    return head + http + b"\r\n\r\n"


def records(lie=None):
    return [record(i, lie if i == 2 else None) for i in range(1, N_RECORDS + 1)]


def members(recs):
    return [gzip.compress(r, mtime=0) for r in recs]


def utf_page(enc):
    text = ("<html><head><title>Unicode page</title></head><body><p>Ceci est une page écrite "
            "en %s sans marque d'ordre des octets, avec des accents: été, naïve, façade. "
            "Here is more English text so that the page has enough words to be kept by the "
            "default filters of the run.</p></body></html>" % enc)
    codec = {"utf16le": "utf-16-le", "utf16be": "utf-16-be", "utf32le": "utf-32-le",
             "utf32be": "utf-32-be"}[enc]
    return text.encode(codec)


def main():
    case, out = sys.argv[1], sys.argv[2]
    name = os.path.basename(case)
    data = None
    if name == "good.warc":
        data = b"".join(records())
    elif name.startswith("lying-"):
        stem = name.split(".")[0]
        # lying-over: -(-200) = 200 bytes more than the block, into record 3 (not the end)
        lie = {"lying-huge": 999999999999999, "lying-5m": 5000000, "lying-next": 3000,
               "lying-over": -200}[stem]
        recs = records(lie)
        data = b"".join(members(recs)) if name.endswith(".gz") else b"".join(recs)
    elif name in ("cut-member.warc.gz", "cut-last.warc.gz"):
        ms = members(records())
        k = 1 if name == "cut-member.warc.gz" else len(ms) - 1
        ms[k] = ms[k][: len(ms[k]) // 2]
        data = b"".join(ms)
    elif name == "cut-head.warc.gz":
        ms = members(records())
        ms[1] = ms[1][:30]   # the gzip header and the first bytes of the WARC header
        data = b"".join(ms)
    elif name.startswith("warc-lines."):
        lines = b"WARC/1.1\n" * int(os.environ.get("LINES", "20000"))
        data = gzip.compress(lines, mtime=0) if name.endswith(".gz") else lines
    elif name.endswith(".html") and name.startswith("utf"):
        data = utf_page(name.split(".")[0])
    elif name.endswith(".txt") and name.startswith("utf"):
        enc = name.split(".")[0]
        html = utf_page(enc).decode({"utf16le": "utf-16-le", "utf16be": "utf-16-be",
                                     "utf32le": "utf-32-le", "utf32be": "utf-32-be"}[enc])
        text = html.split("<p>")[1].split("</p>")[0] + "\n"
        data = text.encode({"utf16le": "utf-16-le", "utf16be": "utf-16-be", "utf32le": "utf-32-le",
                            "utf32be": "utf-32-be"}[enc])
    elif name.endswith(".warc") and name.startswith("utf"):
        # no charset in the Content-Type: the bytes alone must tell
        data = record(1, body=utf_page(name.split(".")[0]), ctype=b"text/html")
    elif name == "bom.jsonl":
        data = b'\xef\xbb\xbf{"text":"first line after a byte order mark","id":"a"}\n{"text":"second","id":"b"}\n'
    elif name == "surrogate.jsonl":
        data = (b'{"text":"lone \\ud800 in text","id":"s\\udc00","meta":"x\\ud83d y","list":["\\udfff"]}\n'
                b'{"text":"pair \\ud83d\\ude00 ok","id":"t","esc":"a\\\\ud800"}\n')
    else:
        sys.exit("gen_containers.py: unknown case " + case)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
