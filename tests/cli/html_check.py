#!/usr/bin/python3
"""html_check.py PAGE [SHOT.png] [TEXT] — open qsmap's HTML page from file://
in headless Chromium with the network off and print what it shows, one
"name value" a line, for tests/cli/test_html.c to compare with the CSV:
  quality N / network N    markers of quality and network schools
  rows N                   rows of the pair table
  resources N              requests the page made (none: everything is inline)
  errors N                 the browser console's errors
  alert N                  1 when an alert is open (a script injected by a name)
  text N                   cells whose text is exactly TEXT (the name shown as text)
  scripts N                <script> elements of the page
Exit 77 (printed "skip …") when selenium or chromium is missing."""
import os
import sys
import time

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException
    from selenium.webdriver.chrome.service import Service
except ImportError as e:
    print("skip: python3-selenium is missing (%s)" % e)
    sys.exit(77)

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def open_browser():
    opt = webdriver.ChromeOptions()
    opt.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
              "--host-resolver-rules=MAP * ~NOTFOUND", "--lang=th-TH"):
        opt.add_argument(a)
    opt.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=opt)
    # No network at all, over the resolver rule: the page must not need it.
    d.set_network_conditions(offline=True, latency=0, download_throughput=0,
                             upload_throughput=0)
    return d


def alert_open(d):
    try:
        d.switch_to.alert.dismiss()
        return 1
    except NoAlertPresentException:
        return 0


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    page = os.path.abspath(sys.argv[1])
    shot = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    text = sys.argv[3] if len(sys.argv) > 3 else None
    if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        print("skip: chromium or chromium-driver is missing")
        sys.exit(77)
    d = open_browser()
    try:
        d.get("file://" + page)
        alerts = 0
        ready = False
        for _ in range(100):  # up to 10 s for the map
            try:
                ready = d.execute_script("return document.body &&"
                                         " document.body.dataset.qsmapReady === '1'")
            except UnexpectedAlertPresentException:
                alerts += 1
            alerts += alert_open(d)
            if ready:
                break
            time.sleep(0.1)
        print("ready %d" % ready)
        js = d.execute_script
        print("quality %d" % js("return document.querySelectorAll("
                                "'.leaflet-marker-icon.qsmap-quality').length"))
        print("network %d" % js("return document.querySelectorAll("
                                "'path.qsmap-network').length"))
        print("rows %d" % js("return document.querySelectorAll('#pairs tbody tr').length"))
        print("resources %d" % js("return performance.getEntriesByType('resource').length"))
        print("scripts %d" % js("return document.scripts.length"))
        if text is not None:
            print("text %d" % js("var t = arguments[0]; return Array.from("
                                 "document.querySelectorAll('#pairs td')).filter("
                                 "function (td) { return td.textContent === t; }).length", text))
        errors = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
        for e in errors:
            print("# console: %s" % e.get("message"), file=sys.stderr)
        print("errors %d" % len(errors))
        print("alert %d" % (alerts + alert_open(d)))
        if shot:
            d.save_screenshot(shot)
    finally:
        d.quit()


main()
