#!/usr/bin/env python3
"""make_ge_kml.py SCHOOLS.csv OUT.kml — the school table as a planner's
Google Earth file: one placemark per school, its <name> the school's name
and the other fields typed into <description> under Thai headers. Half the
placemarks use "key: value" lines separated by <br>, the other half the
two-column HTML table Google Earth writes; either way the HTML is escaped
as KML text (&lt;br&gt;), as Google Earth saves it. test_formats.c reads
the result and expects the pairs the CSV gives."""
import csv
import sys
from xml.sax.saxutils import escape

# the table's column -> the header a Thai office types (src/load/columns.c)
FIELDS = [("school_id", "รหัสโรงเรียน"), ("students", "นักเรียน"), ("teachers", "ครู"),
          ("area_rai", "พื้นที่(ไร่)"), ("role", "บทบาท"), ("quality_color", "สี")]


def description(row, as_table):
    if as_table:
        cells = "".join("<tr><td>%s</td><td>%s</td></tr>" % (escape(key), escape(row[col]))
                        for col, key in FIELDS)
        return '<table border="1">%s</table>' % cells
    return "<br>".join("%s: %s" % (key, escape(row[col])) for col, key in FIELDS)


def main(src, dst):
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
           "<name>schools</name><Folder><name>โรงเรียน</name>"]
    for i, row in enumerate(rows):
        out.append("<Placemark><name>%s</name><description>%s</description>"
                   "<Point><coordinates>%s,%s,0</coordinates></Point></Placemark>"
                   % (escape(row["name_th"]), escape(description(row, i % 2 == 1)),
                      row["longitude"], row["latitude"]))
    out.append("</Folder></Document></kml>")
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_ge_kml.py SCHOOLS.csv OUT.kml")
    main(sys.argv[1], sys.argv[2])
