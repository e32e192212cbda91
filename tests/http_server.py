#!/usr/bin/python3
"""http_server.py ROOT: a small threaded HTTP/1.1 server on 127.0.0.1 for the remote-input tests.

Prints its (ephemeral) port on the first line of stdout, then serves files under ROOT with
byte ranges (Range: bytes=N- and N-M, answered 206 with Content-Range). A path may start with
behaviours, each one a path segment, applied to the file that follows:
  /err-CODE-N/...   the first N requests of this exact path are answered CODE (500, 429...)
  /drop-K/...       the first request of this exact path sends K body bytes of a 200 (with
                    the whole Content-Length) and closes the connection
  /norange/...      Range headers are ignored (the whole file, 200), as some servers do
  /stall-K/...      byte K of the file is never sent: a request stops there (or sends no
                    byte when it starts there) and waits until the client leaves
  /slow/...         the body goes out in small writes (the client reads while it arrives)
  /retry-after-S/...  error answers of err-CODE-N (put it before them) carry "Retry-After: S"
A file that does not exist is a 404. Every request is logged to stderr as
"METHOD PATH RANGE -> STATUS", which the tests read to check that a resume used Range.
Nothing here depends on timing for a verdict: counts are per path, not per second.
"""
import http.server
import os
import re
import socketserver
import sys
import threading
import time

ROOT = os.path.abspath(sys.argv[1])
counts = {}
lock = threading.Lock()


def seen(path):
    with lock:
        counts[path] = counts.get(path, 0) + 1
        return counts[path]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log(self, status):
        sys.stderr.write("%s %s %s -> %d\n" % (self.command, self.path,
                                               self.headers.get("Range", "-"), status))
        sys.stderr.flush()

    def fail(self, code, retry_after=None):
        body = b"error %d\n" % code
        self.send_response(code)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.log(code)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        n = seen(self.path)
        segs = self.path.split("?")[0].lstrip("/").split("/")
        drop = stall = None
        norange = slow = False
        retry_after = None
        while segs:
            m = re.fullmatch(r"err-(\d+)-(\d+)", segs[0])
            if m:
                if n <= int(m.group(2)):
                    return self.fail(int(m.group(1)), retry_after)
            elif segs[0].startswith("retry-after-"):
                retry_after = segs[0][len("retry-after-"):]
            elif re.fullmatch(r"drop-\d+", segs[0]):
                if n == 1:
                    drop = int(segs[0][5:])
            elif re.fullmatch(r"stall-\d+", segs[0]):
                stall = int(segs[0][6:])
            elif segs[0] == "norange":
                norange = True
            elif segs[0] == "slow":
                slow = True
            else:
                break
            segs = segs[1:]
        path = os.path.join(ROOT, *segs)
        if not os.path.realpath(path).startswith(ROOT + os.sep) or not os.path.isfile(path):
            return self.fail(404)
        size = os.path.getsize(path)
        start, end = 0, size - 1
        rng = self.headers.get("Range")
        status = 200
        if rng and not norange:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
            if not m or int(m.group(1)) >= size:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return self.log(416)
            start = int(m.group(1))
            if m.group(2):
                end = min(int(m.group(2)), size - 1)
            status = 206
        self.send_response(status)
        self.send_header("Accept-Ranges", "none" if norange else "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()
        self.log(status)
        if self.command == "HEAD":
            return
        with open(path, "rb") as f:
            f.seek(start)
            left = end - start + 1
            sent = 0
            while left > 0:
                chunk = f.read(min(left, 4096 if slow else 1 << 20))
                if not chunk:
                    break
                # drop counts this response's bytes, stall the file's (start + sent)
                for limit in (drop, None if stall is None else stall - start):
                    if limit is not None and sent + len(chunk) > limit:
                        chunk = chunk[:max(limit - sent, 0)]
                self.wfile.write(chunk)
                sent += len(chunk)
                left -= len(chunk)
                if drop is not None and sent >= drop:
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if stall is not None and start + sent >= stall:
                    self.wfile.flush()
                    # hold the connection open without sending: the client's stall time-out
                    # ends it (the socket's close is what this thread waits for)
                    try:
                        while self.connection.recv(1):
                            pass
                    except OSError:
                        pass
                    self.close_connection = True
                    return


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up (a time-out, a cancelled read) is part of the tests


if __name__ == "__main__":
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
