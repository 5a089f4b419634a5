#!/usr/bin/python3
"""robust_test.py QSMAP SOURCE_DIR OUTDIR — hostile requests over raw sockets:
bad query strings, huge and many headers, bad request lines, bodies where
none belongs, broken multipart, lying Content-Length, slow clients and a
slowloris. Each is answered with a 4xx or a close, a normal request is
answered after each, and the server ends with exit 0 and, under ASan, no
leak."""
import os
import shutil
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import Server, check, done  # noqa: E402

QSMAP, SRC, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def raw(port, data, wait=10.0, close_write=True):
    """Send bytes; the status of the answer (0: closed without one)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    try:
        s.sendall(data)
        if close_write:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        got = b""
        while True:
            try:
                b = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not b:
                break
            got += b
            if b"\r\n\r\n" in got and len(got) > 64 * 1024:
                break
    except (BrokenPipeError, ConnectionResetError):
        got = b""
    except OSError:
        got = b""
    finally:
        s.close()
    line = got.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


def get(path, extra=b""):
    return b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + b"\r\n"


def post(path, body, ctype, origin, extra=b"", length=None):
    n = len(body) if length is None else length
    return (b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: %s\r\n"
            b"Content-Type: %s\r\nContent-Length: %d\r\n%s\r\n" %
            (s.port, origin.encode(), ctype, n, extra)) + body


def healthy(what):
    st, _, _ = s.get("/api/districts")
    check(st == 200, "after %s the server still answers" % what)


s = Server(QSMAP, OUT, "--timeout", "3")
origin = s.origin
R = b"/api/report?district=TH1501"
CASES = [
    ("a bad escape %zz (kept as typed: no such district)", get(b"/api/report?district=%zz"),
     (404,)),
    ("a NUL %00 in a value", get(b"/api/report?district=TH15%0001"), (400,)),
    ("a NUL byte in the request line", b"GET /api/report?district=TH\x001501 HTTP/1.1\r\n"
     b"Host: x\r\n\r\n", (400, 404, 0)),
    ("non-UTF-8 bytes", get(b"/api/report?district=\xff\xfe"), (400,)),
    ("a 100 KB value", get(b"/api/report?district=" + b"a" * 100000), (414, 431, 400, 0)),
    ("a value given twice", get(R + b"&district=TH1502"), (400,)),
    ("an unknown parameter", get(R + b"&evil=1"), (400,)),
    ("a 64 KB header", get(b"/api/districts", b"X-Big: " + b"a" * 65536 + b"\r\n"),
     (431, 413, 400, 0)),
    ("500 headers", get(b"/api/districts", b"".join(b"X-%d: v\r\n" % k for k in range(500))),
     (431, 413, 400, 0)),
    ("a bad request line", b"HELLO\r\n\r\n", (400, 0)),
    ("HTTP/0.9", b"GET /\r\n", (400, 505, 0)),
    ("an unknown version", b"GET / HTTP/7.0\r\nHost: x\r\n\r\n", (505, 400, 0)),
    ("no Host", b"GET /api/districts HTTP/1.1\r\n\r\n", (400,)),
    ("a path with ..", get(b"/../../etc/passwd"), (404, 400)),
    ("a 100 KB body on GET", b"GET /api/districts HTTP/1.1\r\nHost: x\r\nContent-Length: "
     b"102400\r\n\r\n" + b"x" * 102400, (0, 413, 400)),
    ("multipart without boundary", post(b"/api/upload/schools", b"x", b"multipart/form-data",
                                        origin), (400,)),
    ("not multipart", post(b"/api/upload/schools", b"a,b\n", b"text/csv", origin), (400,)),
    ("the wrong boundary", post(b"/api/upload/schools", b"--B\r\nContent-Disposition: form-data;"
     b" name=\"file\"; filename=\"a.csv\"\r\n\r\nabc\r\n--B--\r\n",
     b"multipart/form-data; boundary=ZZ", origin), (400,)),
    ("a truncated part", post(b"/api/upload/schools", b"--B\r\nContent-Disposition: form-data;"
     b" name=\"file\"; filename=\"a.csv\"\r\n\r\nabc", b"multipart/form-data; boundary=B",
     origin), (400,)),
    ("a part without a name", post(b"/api/upload/schools", b"--B\r\nContent-Disposition: "
     b"form-data\r\n\r\nabc\r\n--B--\r\n", b"multipart/form-data; boundary=B", origin), (400,)),
    ("10,000 tiny parts", post(b"/api/upload/schools", b"".join(
        b"--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nx\r\n" % k
        for k in range(10000)) + b"--B--\r\n", b"multipart/form-data; boundary=B", origin),
     (400, 0)),
    ("two file fields", post(b"/api/upload/schools", (b"--B\r\nContent-Disposition: form-data;"
     b" name=\"file\"; filename=\"a.csv\"\r\n\r\nabc\r\n") * 2 + b"--B--\r\n",
     b"multipart/form-data; boundary=B", origin), (400,)),
    ("a foreign Origin", post(b"/api/upload/schools", b"x", b"multipart/form-data; boundary=B",
                              "http://evil.example"), (403,)),
    ("Content-Length larger than the body, then close",
     post(b"/api/upload/schools", b"--B\r\n", b"multipart/form-data; boundary=B", origin,
          length=5000), (0, 400)),
    ("a negative Content-Length", b"POST /api/reset HTTP/1.1\r\nHost: x\r\nContent-Length: -5"
     b"\r\n\r\n", (400, 0)),
]
for what, data, want in CASES:
    st = raw(s.port, data)
    check(st in want, "%s: answered %s (expected one of %s)" % (what, st or "by a close", want))
    healthy(what)

# slow clients: 50 connections sending a byte a second; a normal client goes on
stop = threading.Event()


def slow():
    try:
        c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        for b in b"GET /api/districts HTTP/1.1\r\nHost: x\r\n":
            if stop.is_set():
                break
            c.sendall(bytes([b]))
            time.sleep(1)
        c.close()
    except OSError:
        pass


threads = [threading.Thread(target=slow, daemon=True) for _ in range(50)]
for t in threads:
    t.start()
time.sleep(2)
t0 = time.time()
st, _, _ = s.get("/api/districts")
check(st == 200 and time.time() - t0 < 2, "with 50 slow clients a request is answered in "
      "%.2f s" % (time.time() - t0))
stop.set()

# a slowloris that stops sending is closed after --timeout 3
c = socket.create_connection(("127.0.0.1", s.port), timeout=15)
c.sendall(b"GET /api/districts HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
try:
    closed = c.recv(100) == b""
except (socket.timeout, ConnectionResetError):
    closed = False
check(closed and time.time() - t0 < 10, "a stalled request is closed after the timeout "
      "(%.1f s)" % (time.time() - t0))
c.close()
healthy("the slow clients")
code, err = s.stop()
check(code == 0, "SIGTERM: exit 0 (%d)" % code)
check("LeakSanitizer" not in err and "AddressSanitizer" not in err, "no ASan report")
done()
