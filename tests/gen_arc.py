#!/usr/bin/env python3
"""gen_arc.py: an ARC v1 file made from the response records of a WARC, for tests/cli/arc.sh.

Usage: gen_arc.py [--v2] IN.warc[.gz] OUT.arc[.gz] [DAMAGE K]
The ARC holds the version block, then for each WARC response record (in order) one ARC record
with the same URL, date (WARC-Date as 14 digits) and HTTP response bytes; after the first page
an image record and a dns: record, which the reader must skip (they are not HTML). OUT ending
in .gz writes one gzip member per record, as the Wayback Machine stores .arc.gz files.
DAMAGE hits the K-th page (from 0):
  lie       its Archive-length is 200 bytes too long: it runs into the next record
  lie-end   (use on the last page) its Archive-length runs past the end of the file
  garble    its header line is replaced by junk
  cut       (.gz only) its gzip member is cut in the middle
  zero      (.gz only) its gzip member's deflate data is zeroed: nothing of it decodes
--v2 writes ARC v2: the version block lists ten fields, and each header line has them
(URL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename
Archive-length). Prints the number of pages written, and with DAMAGE the damaged page's URL.
"""
import gzip
import re
import sys


def warc_records(path):
    raw = open(path, "rb").read()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    pos = 0
    while True:
        i = data.find(b"WARC/1.", pos)
        if i < 0:
            return
        he = data.find(b"\r\n\r\n", i)
        head = data[i:he].decode("latin-1")
        f = {k.strip().lower(): v.strip()
             for k, v in (l.split(":", 1) for l in head.split("\r\n")[1:] if ":" in l)}
        n = int(f["content-length"])
        block = data[he + 4:he + 4 + n]
        pos = he + 4 + n
        if f.get("warc-type") == "response" and f.get("content-type", "").startswith("application/http"):
            yield f["warc-target-uri"], f["warc-date"], block


def arc_date(warc_date):
    return re.sub(r"[^0-9]", "", warc_date)[:14]


def main():
    args = sys.argv[1:]
    v2 = args[0] == "--v2"
    if v2:
        args = args[1:]
    src, out = args[0], args[1]
    damage, k = (args[2], int(args[3])) if len(args) > 3 else (None, -1)
    gz = out.endswith(".gz")
    recs = []
    version = (b"2 0 InternetArchive\nURL IP-address Archive-date Content-type Result-code Checksum "
               b"Location Offset Filename Archive-length\n" if v2 else
               b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n")
    # v2's extra fields, between Content-type and Archive-length
    extra = b" 200 sha1:AAAA - 0 %s" % out.rsplit("/", 1)[-1].encode() if v2 else b""
    recs.append(b"filedesc://%s 0.0.0.0 20240101000000 text/plain %d\n%s\n"
                % (out.rsplit("/", 1)[-1].encode(), len(version), version))
    pages = list(warc_records(src))
    for i, (url, date, block) in enumerate(pages):
        hb = block.find(b"\r\n\r\n")
        m = re.search(rb"^content-type:\s*([^;\r\n]*)", block[:hb], re.M | re.I)
        ctype = m.group(1).strip() if m else b"text/html"
        length = len(block)
        if damage == "lie" and i == k:
            length += 200
        if damage == "lie-end" and i == k:
            length += 5000
        line = b"%s 192.0.2.%d %s %s%s %d\n" % (url.encode(), i + 1, arc_date(date).encode(), ctype, extra, length)
        if damage == "garble" and i == k:
            line = b"this is not an ARC header line\n"
        recs.append(line + block + b"\n")
        if i == 0:
            img = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\x00\x00binary"
            recs.append(b"http://example.com/logo.png 192.0.2.99 20240101000000 image/png%s %d\n%s\n"
                        % (extra, len(img), img))
            dns = b"20240101000000\nexample.com.\t300\tIN\tA\t192.0.2.1\n"
            recs.append(b"dns:example.com 192.0.2.53 20240101000000 text/dns%s %d\n%s\n"
                        % (extra, len(dns), dns))
    with open(out, "wb") as f:
        for j, r in enumerate(recs):
            if not gz:
                f.write(r)
                continue
            member = gzip.compress(r, mtime=0)
            # recs[0] is the version block and each page after the first has two extra records
            # before it only for page 0: find the member of page k
            page_index = None if j == 0 else (0 if j == 1 else (j - 3 if j > 3 else None))
            if damage == "cut" and page_index == k:
                member = member[:len(member) // 2]
            if damage == "zero" and page_index == k:
                member = member[:10] + bytes(len(member) - 10)
            f.write(member)
    print(len(pages))
    if damage:
        print(pages[k][0])


if __name__ == "__main__":
    main()
