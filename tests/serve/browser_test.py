#!/usr/bin/python3
"""browser_test.py QSMAP_BINARY SOURCE_DIR OUTDIR — qsmap serve's page in
headless Chromium, against the command line's own outputs.

Starts `QSMAP_BINARY serve --port 0` (cwd OUTDIR), opens the page it prints
with the network limited to 127.0.0.1, and checks, one "ok …" or "FAIL …"
line each:
  a. เมืองอ่างทอง at 5 km: the quality and network markers are the report's
     (/api/report) and the CLI's (-o ref.csv), the table's rows the CSV's;
  b. 2.5 km: fewer rows, as many as the CLI's CSV at 2.5 km;
  g. by office (สพป.อ่างทอง), and a district name of several provinces as
     the list offers it: the rows of the CLI's --office, --district --province;
  c. a broken school table uploaded: #error names the file and a line, and
     the page still shows a report after it;
  d. a good table uploaded (อ่างทอง's schools from SOURCE_DIR's shipped
     table, one network school of เมืองอ่างทอง left out, a quality school
     renamed to markup): one row fewer, as the CLI with --schools, the name
     shown as text, the CSV download the CLI's bytes;
  e. after ใช้ข้อมูลตั้งต้น: the PDF download is byte for byte the CLI's;
  f. OUTDIR/serve-page.png, a 1366x900 screenshot of เมืองอ่างทอง;
and throughout: no console errors but the expected 400 of (c), no request
outside 127.0.0.1, no alert. Exits 1 on a failure, 77 ("skip: …") where
selenium or Chromium is missing."""
import base64
import csv
import gzip
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError as e:
    print("skip: python3-selenium is missing (%s)" % e)
    sys.exit(77)

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PLACE = "เมืองอ่างทอง"
OFFICE = "สพป.อ่างทอง"
TWIN = ("เฉลิมพระเกียรติ", "สระบุรี")  # a district name of five provinces
HOSTILE = "<img src=x onerror=alert(1)>"
failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok" if ok else "FAIL", name, (": " + detail) if detail else ""))
    sys.stdout.flush()
    if not ok:
        failures.append(name)
    return ok


def wait(cond, timeout=60, what="the page"):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise TimeoutError("timed out waiting for " + what)


# ---- the server ----

class Server:
    """qsmap serve on a free port; its stderr kept (drained by a thread so
    that the pipe never fills)."""

    def __init__(self, binary, outdir):
        self.p = subprocess.Popen([binary, "serve", "--port", "0"], cwd=outdir,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        self.log = []
        self.ready = threading.Event()
        self.url = None
        threading.Thread(target=self._drain, daemon=True).start()
        if not self.ready.wait(60) or not self.url:
            self.stop()
            raise RuntimeError("qsmap serve printed no ready line:\n" + "".join(self.log))

    def _drain(self):
        for raw in self.p.stderr:
            line = raw.decode("utf-8", "replace")
            self.log.append(line)
            m = re.match(r"qsmap: serving (http://127\.0\.0\.1:\d+/)", line)
            if m and not self.url:
                self.url = m.group(1)
                self.ready.set()
        self.ready.set()

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        return self.p.returncode


# No proxy from the environment for the loopback server.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get_json(url):
    import json
    with _opener.open(url, timeout=120) as r:
        return json.loads(r.read().decode("utf-8"))


# ---- the command line's outputs ----

def cli(binary, outdir, *args):
    r = subprocess.run([binary, "-q"] + list(args), cwd=outdir, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("qsmap %s: exit %d: %s" % (" ".join(args), r.returncode,
                                                       r.stderr.decode("utf-8", "replace")))


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def distinct(rows, col):
    return len({r[col] for r in rows if r[col]})


# ---- the browser ----

def open_browser():
    opt = webdriver.ChromeOptions()
    opt.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900",
              "--lang=th-TH", "--no-proxy-server",
              # Every name resolves to nothing: only the literal 127.0.0.1 is reachable.
              "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"):
        opt.add_argument(a)
    opt.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=opt)
    d.set_script_timeout(120)
    return d


class Page:
    def __init__(self, d, url):
        self.d, self.url = d, url
        self.alerts = 0
        self.console = []  # SEVERE entries not yet looked at

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def attr(self, name):
        return self.js("return document.body.getAttribute(arguments[0])", name)

    def idle(self):
        return self.attr("data-qsmap-pending") == "0"

    def draws(self):
        return int(self.attr("data-qsmap-draws") or 0)

    def el(self, id_):
        return self.d.find_element(By.ID, id_)

    def visible(self, id_):
        return self.js("var e = document.getElementById(arguments[0]);"
                       " return !!e && !e.hidden && e.getClientRects().length > 0", id_)

    def text(self, id_):
        return self.js("return document.getElementById(arguments[0]).textContent", id_)

    def alert_open(self):
        try:
            self.d.switch_to.alert.dismiss()
            self.alerts += 1
            return True
        except NoAlertPresentException:
            return False

    def take_console(self):
        self.console += [e for e in self.d.get_log("browser") if e.get("level") == "SEVERE"]
        got, self.console = self.console, []
        return got

    def show(self, place, radius, kind="district"):
        """Type the place and the radius, press แสดง; wait for the draw (or
        for an error). True when a new report is on screen."""
        Select(self.el("kind")).select_by_value(kind)
        for id_, v in (("place", place), ("radius", radius)):
            e = self.el(id_)
            e.clear()
            e.send_keys(v)
        before = self.draws()
        self.el("show").click()
        wait(lambda: self.idle() and (self.draws() > before or self.visible("error")),
             what="the report of %s" % place)
        return self.draws() > before and not self.visible("error")

    def counts(self):
        return self.js("""return {
            quality: document.querySelectorAll('.leaflet-marker-icon.qsmap-quality').length,
            network: document.querySelectorAll('path.qsmap-network').length,
            rows: document.querySelectorAll('#pairs tbody tr').length};""")

    def upload(self, which, path):
        """Upload a file with the page's form; wait until the page is idle
        again (the reply, and the report it then fetches anew)."""
        self.el("upload-" + which).send_keys(path)
        self.el("send-" + which).click()
        wait(self.idle, what="the upload of " + os.path.basename(path))

    def fetch(self, href):
        """The bytes at href, fetched by the page (its session's cookie)."""
        b64 = self.d.execute_async_script("""
            var done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(function (r) {
              if (!r.ok) throw new Error('HTTP ' + r.status);
              return r.arrayBuffer();
            }).then(function (buf) {
              var u = new Uint8Array(buf), s = '';
              for (var i = 0; i < u.length; i += 0x8000)
                s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
              done(btoa(s));
            }).catch(function (e) { done('ERR ' + e); });""", href)
        if b64.startswith("ERR "):
            raise RuntimeError("fetch %s: %s" % (href, b64))
        return base64.b64decode(b64)

    def resources(self):
        return self.js("return performance.getEntriesByType('resource').map("
                       "function (e) { return e.name; })")


# ---- the school tables of (c) and (d) ----

def make_tables(source, outdir, ref_rows):
    """broken.csv: the shipped header and one row whose latitude is "abc".
    province.csv: the shipped rows of จังหวัดอ่างทอง. good.csv: the same, with
    one network school of เมืองอ่างทอง left out (one in a single pair) and one
    quality school of it renamed to markup. Returns (dropped id, renamed id)."""
    with gzip.open(os.path.join(source, "geodata", "schools_th.csv.gz"), "rt",
                   encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(head)}
    mine = [r for r in body if r[col["province"]] == "อ่างทอง"]
    ids = {r[col["school_id"]] for r in mine}
    once = {}
    for r in ref_rows:
        once[r["network_id"]] = once.get(r["network_id"], 0) + 1
    dropped = next(i for i, n in sorted(once.items()) if n == 1 and i in ids)
    renamed = next(r["quality_id"] for r in ref_rows if r["quality_id"] in ids)

    def write(name, table):
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(table)

    bad = list(mine[0])
    bad[col["latitude"]] = "abc"
    write("broken.csv", [head, mine[1], bad])
    write("province.csv", [head] + mine)
    good = []
    for r in mine:
        if r[col["school_id"]] == dropped:
            continue
        if r[col["school_id"]] == renamed:
            r = list(r)
            r[col["name_th"]] = HOSTILE
        good.append(r)
    write("good.csv", [head] + good)
    return dropped, renamed


# ---- the checks ----

def run(binary, source, outdir, srv):
    base = srv.url
    ref = os.path.join(outdir, "ref.csv")
    cli(binary, outdir, "--district", PLACE, "--radius", "5km", "-o", ref)
    ref_rows = read_csv(ref)
    cli(binary, outdir, "--district", PLACE, "--radius", "2.5km", "-o",
        os.path.join(outdir, "ref-2.5km.csv"))
    ref25 = read_csv(os.path.join(outdir, "ref-2.5km.csv"))
    q = urllib.parse.urlencode({"district": PLACE, "radius": "5km"})
    api = get_json(base + "api/report?" + q)
    feats = api["geojson"]["features"]
    api_quality = sum(1 for f in feats if f["properties"].get("kind") == "quality")
    api_network = len({f["properties"]["school_id"] for f in feats
                       if f["properties"].get("kind") == "network"})

    d = open_browser()
    page = Page(d, base)
    try:
        d.get(base)
        wait(lambda: page.idle() and page.js(
            "return document.getElementById('places').options.length") > 0,
            what="the district list")
        check("page loaded with the district list",
              page.js("return document.getElementById('places').options.length") >= 900)
        check("downloads disabled before a report",
              page.js("var a = document.getElementById('download-pdf');"
                      " return a.hasAttribute('aria-disabled') && !a.hasAttribute('href')"))
        check("no error shown at first", not page.visible("error"))

        # a.
        shown = page.show(PLACE, "5")
        c = page.counts()
        check("a. %s 5 km shown" % PLACE, shown)
        check("a. quality markers = /api/report = CLI", c["quality"] == api_quality ==
              distinct(ref_rows, "quality_id"),
              "page %d, api %d, csv %d" % (c["quality"], api_quality,
                                           distinct(ref_rows, "quality_id")))
        check("a. network markers = /api/report = CLI", c["network"] == api_network ==
              distinct(ref_rows, "network_id"),
              "page %d, api %d, csv %d" % (c["network"], api_network,
                                           distinct(ref_rows, "network_id")))
        check("a. table rows = CLI CSV rows", c["rows"] == len(ref_rows) == len(api["rows"]),
              "page %d, csv %d, api %d" % (c["rows"], len(ref_rows), len(api["rows"])))
        check("a. sample-data note shown", page.visible("sample") and
              (api["sample_note"] or "") in page.text("sample"))
        href = page.el("download-pdf").get_attribute("href") or ""
        check("a. downloads enabled", href.startswith(base + "api/download/") and
              page.el("download-pdf").get_attribute("aria-disabled") is None, href)

        # b.
        shown = page.show(PLACE, "2.5")
        c25 = page.counts()
        check("b. 2.5 km: fewer rows, = CLI CSV at 2.5 km",
              shown and c25["rows"] < c["rows"] and c25["rows"] == len(ref25),
              "page %d, csv %d (5 km: %d)" % (c25["rows"], len(ref25), c["rows"]))
        check("b. network markers = CLI at 2.5 km", c25["network"] == distinct(ref25, "network_id"))
        check("b. the download follows the radius", "radius=2.5km" in
              (page.el("download-csv").get_attribute("href") or ""))
        # g. the other ways to pick: an office, and a district name found in
        # several provinces as the list offers it ("name (จังหวัดX)")
        cli(binary, outdir, "--office", OFFICE, "--radius", "5km", "-o", "office.csv")
        office = read_csv(os.path.join(outdir, "office.csv"))
        shown = page.show(OFFICE, "5", kind="office")
        check("g. by office %s: rows = CLI --office" % OFFICE,
              shown and page.counts()["rows"] == len(office),
              "page %d, csv %d" % (page.counts()["rows"], len(office)))
        cli(binary, outdir, "--district", TWIN[0], "--province", TWIN[1], "--radius", "5km",
            "-o", "twin.csv")
        twin = read_csv(os.path.join(outdir, "twin.csv"))
        listed = "%s (จังหวัด%s)" % TWIN
        Select(page.el("kind")).select_by_value("district")  # the districts' list again
        offered = page.js("var t = arguments[0]; return Array.from(document.getElementById("
                          "'places').options).some(function (o) { return o.value === t; })",
                          listed)
        shown = page.show(listed, "5")
        check("g. %s: rows = CLI --district --province" % listed,
              offered and shown and page.counts()["rows"] == len(twin),
              "page %d, csv %d" % (page.counts()["rows"], len(twin)))
        check("console clean after a, b, g", not page.take_console())

        # c.
        dropped, renamed = make_tables(source, outdir, ref_rows)
        page.upload("schools", os.path.join(outdir, "broken.csv"))
        err = page.text("error") if page.visible("error") else ""
        check("c. broken upload: #error names the file and a line",
              re.search(r"broken\.csv:\d+", err) is not None, err.strip())
        logged = page.take_console()
        unexpected = [e for e in logged if not ("api/upload/schools" in e.get("message", "") and
                                                "400" in e.get("message", ""))]
        for e in unexpected:
            print("# console: %s" % e.get("message"))
        check("c. console: only the upload's 400", not unexpected)
        shown = page.show(PLACE, "5")
        check("c. the page still works after it", shown and page.counts()["rows"] == len(ref_rows)
              and not page.visible("error"))

        # d.
        cli(binary, outdir, "--schools", "province.csv", "--district", PLACE, "--radius", "5km",
            "-o", "province-pairs.csv")
        cli(binary, outdir, "--schools", "good.csv", "--district", PLACE, "--radius", "5km",
            "-o", "good-pairs.csv")
        prov_rows = read_csv(os.path.join(outdir, "province-pairs.csv"))
        good_rows = read_csv(os.path.join(outdir, "good-pairs.csv"))
        before = page.draws()
        page.upload("schools", os.path.join(outdir, "good.csv"))
        wait(lambda: page.draws() > before and page.idle(), what="the report anew")
        status = page.text("upload-status") if page.visible("upload-status") else ""
        check("d. good upload acknowledged in #upload-status",
              "good.csv" in status and not page.visible("error"), status.strip())
        cd = page.counts()
        check("d. one row fewer, = CLI --schools good.csv",
              cd["rows"] == len(good_rows) == len(prov_rows) - 1,
              "page %d, CLI good %d, CLI province %d (dropped %s)" % (
                  cd["rows"], len(good_rows), len(prov_rows), dropped))
        check("d. network markers = CLI --schools good.csv",
              cd["network"] == distinct(good_rows, "network_id"))
        named = page.js("var t = arguments[0]; return Array.from(document.querySelectorAll("
                        "'#pairs td')).filter(function (td) { return td.textContent === t; })"
                        ".length", HOSTILE)
        want = sum(1 for r in good_rows if r["quality_name"] == HOSTILE)
        check("d. a name of markup shown as text", want > 0 and named == want and
              page.js("return document.querySelectorAll('#pairs img, .leaflet-pane img').length")
              == 0 and not page.alert_open(), "%d cells, CSV %d" % (named, want))
        cli(binary, outdir, "--schools", "good.csv", "--district", PLACE, "--radius", "5km",
            "-o", "good.csv.csv")
        got = page.fetch(page.el("download-csv").get_attribute("href"))
        with open(os.path.join(outdir, "good.csv.csv"), "rb") as f:
            want_csv = f.read()
        check("d. CSV download = CLI --schools good.csv", got == want_csv,
              "%d bytes, CLI %d" % (len(got), len(want_csv)))

        # e.
        before = page.draws()
        page.el("reset").click()
        wait(lambda: page.draws() > before and page.idle(), what="the reset")
        check("e. reset: the shipped table again", page.counts()["rows"] == len(ref_rows) and
              "ข้อมูลตั้งต้น" in page.text("upload-status"))
        cli(binary, outdir, "--district", PLACE, "--radius", "5km", "-o", "x.pdf")
        with open(os.path.join(outdir, "x.pdf"), "rb") as f:
            want_pdf = f.read()
        href = page.el("download-pdf").get_attribute("href")
        got = page.fetch(href)
        with open(os.path.join(outdir, "serve.pdf"), "wb") as f:
            f.write(got)
        check("e. PDF download = CLI -o x.pdf, byte for byte",
              got == want_pdf and got.startswith(b"%PDF"),
              "%d bytes, CLI %d (%s)" % (len(got), len(want_pdf), urllib.parse.unquote(href)))

        # f.
        d.set_window_size(1366, 900)
        inner = page.js("return [window.innerWidth, window.innerHeight]")
        if inner != [1366, 900]:  # the window's frame: make the viewport 1366x900
            d.set_window_size(1366 + 1366 - inner[0], 900 + 900 - inner[1])
        page.js("window.scrollTo(0, 0); document.activeElement.blur();")
        time.sleep(0.5)
        shot = os.path.join(outdir, "serve-page.png")
        check("f. screenshot " + shot, d.save_screenshot(shot) and os.path.getsize(shot) > 0)

        # throughout
        outside = [u for u in page.resources() if not u.startswith(base)]
        for u in outside:
            print("# request outside: %s" % u)
        check("no request outside 127.0.0.1", not outside)
        rest = page.take_console()
        for e in rest:
            print("# console: %s" % e.get("message"))
        check("no console errors", not rest)
        check("no alert", page.alerts == 0 and not page.alert_open())
    finally:
        d.quit()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, source, outdir = (os.path.abspath(a) for a in sys.argv[1:])
    if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        print("skip: chromium or chromium-driver is missing")
        sys.exit(77)
    os.makedirs(outdir, exist_ok=True)
    srv = Server(binary, outdir)
    print("# server %s" % srv.url)
    try:
        run(binary, source, outdir, srv)
    except Exception as e:  # a timeout or a CLI failure: one failure, with why
        check("the run", False, "%s: %s" % (type(e).__name__, e))
    finally:
        code = srv.stop()
        check("server stopped cleanly on SIGTERM", code == 0, "exit %s" % code)
        if failures:
            sys.stderr.write("".join(srv.log[-20:]))
    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


main()
