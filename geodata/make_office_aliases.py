#!/usr/bin/env python3
"""Write office_aliases.csv: the names planners use today for the secondary
education-area offices (สพม.), mapped to the names the 2022 OBEC school
registry gives them in the `affiliation` column.

Since 2021 the secondary offices are named after the province(s) they serve
(สพม.สิงห์บุรี อ่างทอง), while the 2022 registry still writes the old regional
names with their provinces in brackets (สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)).
An office of today serves one or more provinces of one old region, so the rows
here are derived from the registry's own brackets: one row per province,
"สพม.<province>" -> the regional office, restricted to that province. qsmap
joins rows when a name lists several provinces of one region. Rows checked
against a published document say so in `source`.

usage: make_office_aliases.py schools_th.csv > office_aliases.csv
"""
import csv
import re
import sys

ABBR = {"กทม.": "กรุงเทพมหานคร", "ประจวบฯ": "ประจวบคีรีขันธ์"}
REGISTRY = "derived: a province in the 2022 OBEC registry's name of the office"
CHECKED = {
    # named as the inspected office in the 2024 Ang Thong inspection report,
    # whose quality schools the default table carries
    "สพม.สิงห์บุรี อ่างทอง": "named in the 2024 inspection report of Ang Thong that the default table's quality schools come from",
}


def norm(s):
    # NIKHAHIT + SARA AA, as the registry types it, is SARA AM
    return s.replace("\u0e4d\u0e32", "\u0e33")


def main(path):
    offices = sorted({r["affiliation"] for r in csv.DictReader(open(path, encoding="utf-8"))
                      if r["affiliation"].startswith("สพม.เขต")})
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["alias", "office", "province", "source"])
    region_of = {}
    for office in offices:
        m = re.match(r"สพม\.เขต (\d+)\((.*)\)$", office)
        if not m:
            continue
        for p in m.group(2).split("-"):
            p = norm(ABBR.get(p, p))
            region_of[p] = office
            out.writerow([f"สพม.{p}", office, p, REGISTRY])
    # Bangkok has two regional offices: today's เขต 1 and เขต 2 by number.
    for n in (1, 2):
        out.writerow([f"สพม.กรุงเทพมหานคร เขต {n}", f"สพม.เขต {n}(กทม.)", "กรุงเทพมหานคร",
                      "derived: the registry's office number (not checked against the 2021 announcement)"])
    for alias, source in CHECKED.items():
        for p in alias[len("สพม."):].split(" "):
            out.writerow([alias, region_of[p], p, source])


if __name__ == "__main__":
    main(sys.argv[1])
