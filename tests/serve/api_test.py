#!/usr/bin/python3
"""api_test.py QSMAP SOURCE_DIR OUTDIR — qsmap serve's JSON API over loopback,
every endpoint, against the CLI: the report's rows equal the CLI's CSV cell
for cell, every download equals the CLI's -o file byte for byte, errors
carry the CLI's one-line message, uploads work per session and never touch
the disk, and --auth, --bind and --max-upload do what they say."""
import gzip
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import Server, check, cli, csv_rows, done, multipart  # noqa: E402

QSMAP, SRC, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
CWD = os.path.join(OUT, "cwd")
q = urllib.parse.quote


def same_rows(report, csv_path, what):
    rows = csv_rows(csv_path)
    header = [h.lstrip("\ufeff") for h in rows[0]]
    keys = [c["key"] for c in report["columns"]]
    if not check(header == keys, what + ": the columns are the CSV's"):
        return
    check(len(report["rows"]) == len(rows) - 1,
          "%s: %d rows, the CSV has %d" % (what, len(report["rows"]), len(rows) - 1))
    bad = 0
    for jr, cr in zip(report["rows"], rows[1:]):
        for k, (v, cell) in enumerate(zip(jr, cr)):
            if v is None:
                ok = cell == ""
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ok = cell != "" and abs(float(cell) - v) < 5e-5
                if keys[k] == "distance_m":
                    ok = ok and "%.4f" % v == cell
            else:
                ok = v == cell
            bad += not ok
    check(bad == 0, "%s: every cell equals the CSV's (%d differ)" % (what, bad))


def main():
    good = os.path.join(OUT, "angthong.csv")
    with gzip.open(os.path.join(SRC, "geodata", "schools_th.csv.gz"), "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(good, "w", encoding="utf-8") as f:
        f.write("\n".join([lines[0]] + [l for l in lines[1:] if ",อ่างทอง," in l]) + "\n")
    broken = os.path.join(OUT, "broken.csv")
    with open(good, encoding="utf-8") as f:
        gl = f.read().splitlines()
    hdr = gl[0].split(",")
    row = gl[1].split(",")
    row[hdr.index("latitude")] = "abc"
    with open(broken, "w", encoding="utf-8") as f:
        f.write("\n".join([gl[0], gl[2], ",".join(row)]) + "\n")

    s = Server(QSMAP, CWD)
    before = sorted(os.listdir(CWD)), sorted(os.listdir(OUT))
    st, h, body = s.get("/")
    check(st == 200 and body.startswith(b"<!DOCTYPE html>"), "GET / is the page")
    for k, v in (("x-content-type-options", "nosniff"), ("cache-control", "no-store"),
                 ("x-frame-options", "DENY"), ("referrer-policy", "no-referrer")):
        check(h.get(k) == v, "GET /: %s: %s" % (k, v))
    check("connect-src 'self'" in h.get("content-security-policy", ""), "GET /: the CSP")
    cookie = h.get("set-cookie", "")
    check(cookie.startswith("qsmap_session=") and "HttpOnly" in cookie and
          "SameSite=Strict" in cookie, "GET /: a session cookie, HttpOnly, SameSite=Strict")
    st, h, _ = s.request("HEAD", "/api/districts")
    check(st == 200, "HEAD is answered as GET")

    st, d = s.json("/api/districts")
    ds = d["districts"]
    check(st == 200 and len(ds) == 928, "/api/districts: 928 districts (%d)" % len(ds))
    t = [x for x in ds if x["pcode"] == "TH1501"]
    check(t and t[0]["name_th"] == "เมืองอ่างทอง" and t[0]["province_th"] == "อ่างทอง" and
          t[0]["name_en"] == "Mueang Ang Thong", "/api/districts: TH1501 เมืองอ่างทอง, อ่างทอง")
    st, o = s.json("/api/offices")
    names = [x["name"] for x in o["offices"]]
    check(st == 200 and "สพป.อ่างทอง" in names, "/api/offices holds สพป.อ่างทอง (%d)" % len(names))

    selections = [("district=" + q("เมืองอ่างทอง"), ["--district", "เมืองอ่างทอง"], "mueang"),
                  ("district=TH1501", ["--district", "เมืองอ่างทอง"], "mueang"),
                  ("district=" + q("Mueang Ang Thong"), ["--district", "TH1501"], "mueang"),
                  ("district=TH1501&radius=2.5km", ["--district", "TH1501", "--radius", "2.5km"],
                   "r25"),
                  ("province=" + q("อ่างทอง"), ["--province", "อ่างทอง"], "prov"),
                  ("office=" + q("สพป.อ่างทอง"), ["--office", "สพป.อ่างทอง"], "office")]
    for query, args, tag in selections:
        ref = os.path.join(OUT, "ref-%s.csv" % tag)
        code, _, err = cli(QSMAP, OUT, *args, "-o", ref, "-q")
        st, rep = s.json("/api/report?" + query)
        if check(st == 200 and code == 0, "/api/report?%s answers 200" % urllib.parse.unquote(query)):
            same_rows(rep, ref, urllib.parse.unquote(query))
    st, rep = s.json("/api/report?district=TH1501")
    check(rep["summary"] == {"districts": 1, "quality": 2, "network": 11, "pairs": 19},
          "the report's summary: 1 district, 2 quality, 11 network schools, 19 pairs")

    # errors: the CLI's own line
    for query, args, status in (("district=Nowhere", ["--district", "Nowhere"], 404),
                                ("district=TH1501&radius=abc",
                                 ["--district", "TH1501", "--radius", "abc"], 400)):
        code, _, err = cli(QSMAP, OUT, *args, "-o", os.path.join(OUT, "x.csv"))
        st, e = s.json("/api/report?" + query)
        check(st == status and e.get("error") == err.strip()[len("qsmap: "):],
              "%s: %d with the CLI's message (%r)" % (query, status, e.get("error")))
    for path, status in (("/api/report", 400), ("/api/report?district=TH1501&x=1", 400),
                         ("/api/report?district=TH1501&district=TH1502", 400),
                         ("/api/report?district=%ff", 400), ("/api/nothing", 404),
                         ("/etc/passwd", 404)):
        st, e = s.json(path)
        check(st == status and "error" in e, "%s: %d JSON error" % (path, status))
    st, h, _ = s.request("POST", "/api/report")
    check(st == 405 and h.get("allow") == "GET, HEAD", "POST /api/report: 405 with Allow")

    # downloads: the CLI's bytes
    outs = []
    for ext in ("csv", "geojson", "html", "pdf", "png", "xlsx", "docx"):
        outs += ["-o", os.path.join(OUT, "cli." + ext)]
    code, _, err = cli(QSMAP, OUT, "--district", "TH1501", "-q", *outs)
    check(code == 0, "the CLI writes the seven formats (%s)" % err.strip())
    for ext in ("csv", "geojson", "html", "pdf", "png", "xlsx", "docx"):
        st, h, data = s.get("/api/download/x.%s?district=TH1501" % ext)
        with open(os.path.join(OUT, "cli." + ext), "rb") as f:
            ref = f.read()
        check(st == 200 and data == ref, "download x.%s: the CLI's %d bytes" % (ext, len(ref)))
        check(h.get("content-disposition", "").startswith("attachment;"),
              "download x.%s: an attachment" % ext)
    st, _, data = s.get("/api/download/x.png?district=TH1501&dpi=72")
    cli(QSMAP, OUT, "--district", "TH1501", "--dpi", "72", "-o", os.path.join(OUT, "d72.png"))
    check(st == 200 and data == open(os.path.join(OUT, "d72.png"), "rb").read(),
          "download x.png?dpi=72: the CLI's --dpi 72 bytes")
    for path in ("/api/download/x.exe?district=TH1501", "/api/download/x?district=TH1501",
                 "/api/download/..%2F..%2Fevil.csv?district=TH1501"):
        st, e = s.json(path)
        check(st == 404, "%s refused (%d)" % (path, st))
    st, h, _ = s.get("/api/download/" + q("../ชื่อ/..") + ".csv?district=TH1501")
    check(st == 404, "a NAME with folders is refused")
    st, h, _ = s.get("/api/download/" + q("รายงาน") + ".csv?district=TH1501")
    check(st == 200 and "filename*=UTF-8''%E0%B8%A3" in h.get("content-disposition", ""),
          "a Thai NAME names the download (RFC 6266)")

    # uploads
    org = {"Origin": s.origin}
    body, ctype = multipart("angthong.csv", open(good, "rb").read())
    st, h, data = s.request("POST", "/api/upload/schools", body, {"Content-Type": ctype})
    check(st == 403, "an upload without Origin: 403")
    st, h, data = s.request("POST", "/api/upload/schools", body,
                            {"Content-Type": ctype, "Origin": "http://evil.example"})
    check(st == 403, "an upload from another origin: 403")
    st, h, data = s.request("POST", "/api/upload/schools", body, {"Content-Type": ctype, **org})
    sess = h.get("set-cookie", "").split(";")[0]
    check(st == 200 and b'"ok":true' in data, "a good upload: 200 ok")
    jar = {"Cookie": sess}
    ref = os.path.join(OUT, "ref-up.csv")
    cli(QSMAP, OUT, "--schools", good, "--district", "TH1501", "-o", ref, "-q")
    st, rep = s.json("/api/report?district=TH1501", jar)
    check(rep["schools_file"] == "angthong.csv", "the session's report uses the upload")
    same_rows(rep, ref, "the uploaded table")
    st, rep2 = s.json("/api/report?district=TH1501")
    check(rep2["schools_file"] == "schools_th.csv.gz", "another session sees the server's table")
    b2, c2 = multipart("broken.csv", open(broken, "rb").read())
    st, h, data = s.request("POST", "/api/upload/schools", b2, {"Content-Type": c2, **org, **jar})
    code, _, err = cli(QSMAP, OUT, "--schools", broken, "--district", "TH1501", "-o",
                       os.path.join(OUT, "b.csv"))
    msg = __import__("json").loads(data)["error"]
    cli_tail = err.strip().split(broken, 1)[-1]
    check(st == 400 and msg.startswith("broken.csv:") and msg.endswith(cli_tail),
          "a broken upload: 400 with the CLI's message (%s)" % msg)
    st, rep = s.json("/api/report?district=TH1501", jar)
    check(rep["schools_file"] == "angthong.csv", "a broken upload leaves the session's table")
    roles = os.path.join(OUT, "roles.csv")
    with open(roles, "w", encoding="utf-8") as f:
        f.write("school_id,quality_color\n1015670023,แดง\n")
    b3, c3 = multipart("roles.csv", open(roles, "rb").read())
    st, h, data = s.request("POST", "/api/upload/roles", b3, {"Content-Type": c3, **org, **jar})
    check(st == 200 and b'"quality":1' in data, "a roles list: 200, one quality school")
    ref = os.path.join(OUT, "ref-roles.csv")
    cli(QSMAP, OUT, "--schools", good, "--roles", roles, "--district", "TH1501", "-o", ref, "-q")
    st, rep = s.json("/api/report?district=TH1501", jar)
    same_rows(rep, ref, "the uploaded table with the roles list")
    # a workbook: through the GDAL reader from memory, as the CLI reads it from a file
    xlsx = os.path.join(OUT, "angthong.xlsx")
    subprocess.run(["ogr2ogr", "-f", "XLSX", xlsx, good, "-nln", "schools"], check=True)
    b4, c4 = multipart("angthong.xlsx", open(xlsx, "rb").read())
    st, h, data = s.request("POST", "/api/upload/schools", b4, {"Content-Type": c4, **org, **jar})
    check(st == 200 and b'"file":"angthong.xlsx"' in data, "an .xlsx upload: 200 ok")
    ref = os.path.join(OUT, "ref-xlsx.csv")
    cli(QSMAP, OUT, "--schools", xlsx, "--district", "TH1501", "-o", ref, "-q")
    st, rep = s.json("/api/report?district=TH1501", jar)
    same_rows(rep, ref, "the uploaded workbook")
    b5, c5 = multipart("broken.xlsx", b"not a workbook")
    st, h, data = s.request("POST", "/api/upload/schools", b5, {"Content-Type": c5, **org, **jar})
    code, _, err = cli(QSMAP, OUT, "--schools", os.path.join(OUT, "broken.xlsx"), "--district",
                       "TH1501", "-o", os.path.join(OUT, "b.csv")) if open(
        os.path.join(OUT, "broken.xlsx"), "wb").write(b"not a workbook") else (0, "", "")
    msg = __import__("json").loads(data).get("error", "")
    check(st == 400 and msg.startswith("broken.xlsx: ") and
          msg.split(": ", 1)[1] == err.strip().split("broken.xlsx: ", 1)[-1],
          "a broken .xlsx upload: 400 with the CLI's message (%s)" % msg)
    st, h, data = s.request("POST", "/api/reset", b"", {**org, **jar})
    st, rep = s.json("/api/report?district=TH1501", jar)
    check(rep["schools_file"] == "schools_th.csv.gz", "reset: the server's table again")
    after = sorted(os.listdir(CWD)), sorted(os.listdir(OUT))
    check(after[0] == before[0], "nothing new in the server's folder (%s)" % after[0])
    code, err = s.stop()
    check(code == 0 and "LeakSanitizer" not in err, "SIGTERM: exit 0, no leak (%d)" % code)

    # --max-upload
    s = Server(QSMAP, CWD, "--max-upload", "10KB")
    st, h, data = s.request("POST", "/api/upload/schools", body,
                            {"Content-Type": ctype, "Origin": s.origin})
    check(st == 413, "over --max-upload: 413")
    st, _, _ = s.get("/api/districts")
    check(st == 200, "the server goes on after a 413")
    code, err = s.stop()
    check(code == 0, "exit 0 (%d)" % code)

    # --auth and --bind
    users = os.path.join(OUT, "users")
    hashed = subprocess.run(["openssl", "passwd", "-6", "secret"], capture_output=True,
                            text=True).stdout.strip()
    with open(users, "w") as f:
        f.write("planner:%s\n" % hashed)
    s = Server(QSMAP, CWD, "--bind", "127.0.0.1", "--auth", users)
    import base64
    basic = lambda u, p: {"Authorization": "Basic " + base64.b64encode(
        ("%s:%s" % (u, p)).encode()).decode()}
    st, h, _ = s.get("/api/districts")
    check(st == 401 and h.get("www-authenticate", "").startswith("Basic"),
          "--auth: no password, 401 with WWW-Authenticate")
    st, _, _ = s.get("/api/districts", basic("planner", "wrong"))
    check(st == 401, "--auth: a wrong password, 401")
    st, _, _ = s.get("/api/districts", basic("planner", "secret"))
    check(st == 200, "--auth: the right password, 200")
    code, err = s.stop()
    check(code == 0, "exit 0 (%d)" % code)
    r = subprocess.run([QSMAP, "serve", "--bind", "0.0.0.0", "--port", "0"], capture_output=True,
                       text=True, timeout=30)
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "--auth" in r.stderr,
          "--bind 0.0.0.0 without --auth: one line, exit 2")
    done()


main()
