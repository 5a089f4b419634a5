"""serve_util.py — shared by the qsmap serve tests: start the server on a
free port in its own folder, talk to it over loopback, stop it and report
how it ended (exit status, stderr, LeakSanitizer under ASan)."""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

FAILS = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        FAILS.append(what)
    return ok


def done():
    if FAILS:
        print("%d check(s) failed" % len(FAILS))
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)


class Server:
    def __init__(self, qsmap, cwd, *args):
        os.makedirs(cwd, exist_ok=True)
        self.cwd = cwd
        self.err_path = os.path.join(cwd, "server.err")
        self.err = open(self.err_path, "w+")
        self.p = subprocess.Popen([qsmap, "serve", "--port", "0", *args], cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=self.err)
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.p.poll() is None:
            with open(self.err_path) as f:
                m = re.search(r"serving https?://[^:]+:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.1)
        if not self.port:
            raise RuntimeError("the server did not start: " + open(self.err_path).read())
        self.origin = "http://127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def json(self, path, headers=None):
        st, h, data = self.get(path, headers)
        return st, json.loads(data.decode())

    def stop(self):
        """SIGTERM; (exit status, stderr)."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            code = self.p.wait(60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            code = self.p.wait()
        self.err.close()
        return code, open(self.err_path).read()


def multipart(filename, content, field="file"):
    boundary = "qsmapTESTboundary7MA4YWxkTrZu0gW"
    body = (("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
             "Content-Type: text/csv\r\n\r\n") % (boundary, field, filename)).encode()
    body += content + ("\r\n--%s--\r\n" % boundary).encode()
    return body, "multipart/form-data; boundary=" + boundary


def cli(qsmap, cwd, *args):
    r = subprocess.run([qsmap, *args], cwd=cwd, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def csv_rows(path):
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))
