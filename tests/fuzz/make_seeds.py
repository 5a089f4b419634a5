#!/usr/bin/env python3
"""make_seeds.py — regenerate the seed corpora of tests/fuzz.

    python3 tests/fuzz/make_seeds.py [--geodata DIR]

Writes tests/fuzz/corpus/shapefile/*.bin (packed shapefiles, the input layout
of fuzz_shapefile.c: four little-endian uint32 lengths of the .shp, .shx,
.dbf and .prj parts, the parts, then the .cpg) and tests/fuzz/corpus/csv/*
(the first byte picks the encoding option of fuzz_csv.c: '0' auto, '1' UTF-8,
'2' CP874, as value mod 3).

Geometry and names come from the real Ang Thong districts in
DIR/boundaries/angthong_adm2_full.* (DIR defaults to ../shared/geodata beside
the project), simplified to a few dozen vertices per ring; without them the
script falls back to synthetic squares. Pure Python, no GDAL or pyshp: the
files are written byte by byte, which also makes the broken variants easy.
"""
import argparse
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHP_DIR = os.path.join(HERE, "corpus", "shapefile")
CSV_DIR = os.path.join(HERE, "corpus", "csv")

WGS84_PRJ = (b'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
             b'298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
UTM_PRJ = (b'PROJCS["WGS_1984_UTM_Zone_47N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",'
           b'SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"]]')
INDIAN_PRJ = (b'GEOGCS["GCS_Indian_1975",DATUM["D_Indian_1975",SPHEROID["Everest_1830",'
              b'6377276.345,300.8017]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')

POINT, POLYGON, POLYGONZ, NULL = 1, 5, 15, 0

# ---- reading the real data ---------------------------------------------------


def read_shp_polygons(path):
    """Each record of a polygon .shp as a list of rings [(x, y), ...]."""
    data = open(path, "rb").read()
    out, pos = [], 100
    while pos + 8 <= len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        if struct.unpack("<i", rec[:4])[0] == NULL:
            out.append([])
            continue
        nparts, npts = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack("<%di" % nparts, rec[44:44 + 4 * nparts]))
        base = 44 + 4 * nparts
        pts = [struct.unpack("<dd", rec[base + 16 * i:base + 16 * i + 16]) for i in range(npts)]
        rings = [pts[a:b] for a, b in zip(parts, parts[1:] + [npts])]
        out.append(rings)
    return out


def read_dbf(path):
    data = open(path, "rb").read()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode()
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for r in range(nrec):
        rec, off, row = data[hlen + r * rlen:hlen + (r + 1) * rlen], 1, {}
        for name, width in fields:
            row[name] = rec[off:off + width].decode("utf-8", "replace").strip()
            off += width
        rows.append(row)
    return rows


def simplify(ring, keep):
    """Every k-th vertex, closed again: a small ring of the same shape."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    step = max(1, len(ring) // keep)
    small = ring[::step]
    return small + [small[0]]


def load_districts(geodata, keep):
    base = os.path.join(geodata, "boundaries", "angthong_adm2_full")
    if not os.path.exists(base + ".shp"):
        print("no %s.shp: synthetic squares instead" % base, file=sys.stderr)
        names = [("เมืองอ่างทอง", "Mueang Ang Thong", "TH1501"), ("ไชโย", "Chaiyo", "TH1502"),
                 ("ป่าโมก", "Pa Mok", "TH1503"), ("โพธิ์ทอง", "Pho Thong", "TH1504")]
        out = []
        for i, (th, en, pc) in enumerate(names):
            x, y = 100.2 + 0.1 * i, 14.5
            ring = [(x, y), (x, y + 0.1), (x + 0.1, y + 0.1), (x + 0.1, y), (x, y)]  # clockwise
            out.append(({"ADM2_TH": th, "ADM2_EN": en, "ADM2_PCODE": pc, "ADM1_TH": "อ่างทอง",
                         "ADM1_EN": "Ang Thong", "ADM1_PCODE": "TH15"}, [ring]))
        return out
    shapes = read_shp_polygons(base + ".shp")
    rows = read_dbf(base + ".dbf")
    return [(row, [simplify(r, keep) for r in rings]) for row, rings in zip(rows, shapes)]


# ---- writing shapefiles --------------------------------------------------------


def bbox(points):
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def shape_record(stype, rings):
    if stype == NULL or not rings:
        return struct.pack("<i", NULL)
    pts = [p for r in rings for p in r]
    if stype == POINT:
        return struct.pack("<idd", POINT, *pts[0])
    parts, n = [], 0
    for r in rings:
        parts.append(n)
        n += len(r)
    body = struct.pack("<i4d2i", stype, *bbox(pts), len(rings), len(pts))
    body += struct.pack("<%di" % len(parts), *parts)
    body += b"".join(struct.pack("<2d", *p) for p in pts)
    if stype == POLYGONZ:
        zs = [float(i % 7) for i in range(len(pts))]
        body += struct.pack("<2d", min(zs), max(zs)) + struct.pack("<%dd" % len(zs), *zs)
        body += struct.pack("<2d", 0.0, 1.0) + struct.pack("<%dd" % len(zs), *([0.5] * len(zs)))
    return body


def shp_shx(stype, shapes):
    """shapes: list of (record type, rings). Returns (.shp bytes, .shx bytes)."""
    recs, index, off = [], [], 50
    allpts = [p for _, rings in shapes for r in rings for p in r]
    for i, (rt, rings) in enumerate(shapes):
        content = shape_record(rt, rings)
        recs.append(struct.pack(">ii", i + 1, len(content) // 2) + content)
        index.append(struct.pack(">ii", off, len(content) // 2))
        off += 4 + len(content) // 2

    def header(total_bytes):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, total_bytes // 2) +
                struct.pack("<2i", 1000, stype) + struct.pack("<4d", *bbox(allpts)) +
                struct.pack("<4d", 0, 0, 0, 0))

    body = b"".join(recs)
    shx_body = b"".join(index)
    return header(100 + len(body)) + body, header(100 + len(shx_body)) + shx_body


FIELDS = [("ADM2_TH", 60), ("ADM2_EN", 30), ("ADM2_PCODE", 10), ("ADM1_TH", 45),
          ("ADM1_EN", 20), ("ADM1_PCODE", 6)]


def dbf(rows, encoding="utf-8", fields=FIELDS, ldid=0):
    recs = []
    for row in rows:
        rec = b" "
        for name, width in fields:
            v = row.get(name, "").encode(encoding)[:width]
            rec += v + b" " * (width - len(v))
        recs.append(rec)
    rlen = 1 + sum(w for _, w in fields)
    hlen = 32 + 32 * len(fields) + 1
    head = struct.pack("<B3BIHH", 3, 124, 7, 25, len(rows), hlen, rlen) + bytes(17) + \
        bytes([ldid]) + bytes(2)
    desc = b"".join(name.encode().ljust(11, b"\0") + b"C" + bytes(4) + bytes([w, 0]) + bytes(14)
                    for name, w in fields)
    return head + desc + b"\r" + b"".join(recs) + b"\x1a"


def pack(shp, shx, dbfb, prj=b"", cpg=b""):
    return struct.pack("<4I", len(shp), len(shx), len(dbfb), len(prj)) + shp + shx + dbfb + \
        prj + cpg


# ---- the seeds -------------------------------------------------------------------


def shapefile_seeds(geodata):
    d = load_districts(geodata, keep=24)
    small = load_districts(geodata, keep=10)
    seeds = {}

    def poly(districts, stype=POLYGON):
        return shp_shx(stype, [(stype, rings) for _, rings in districts])

    rows = lambda ds: [r for r, _ in ds]

    shp, shx = poly(d[:2])
    seeds["angthong2_utf8"] = pack(shp, shx, dbf(rows(d[:2])), WGS84_PRJ, b"UTF-8")
    shp, shx = poly(small[:4])
    seeds["angthong4_noprj"] = pack(shp, shx, dbf(rows(small[:4])))
    shp, shx = poly(small[2:5])
    seeds["angthong3_cp874_cpg"] = pack(shp, shx, dbf(rows(small[2:5]), "cp874"), WGS84_PRJ,
                                        b"CP874")
    seeds["angthong3_cp874_ldid"] = pack(shp, shx, dbf(rows(small[2:5]), "cp874", ldid=0x57))
    seeds["angthong3_cp874_auto"] = pack(shp, shx, dbf(rows(small[2:5]), "cp874"), WGS84_PRJ)

    # a district with a hole (counter-clockwise ring inside) and an island
    x0, y0 = 100.30, 14.55
    shell = [(x0, y0), (x0, y0 + 0.1), (x0 + 0.1, y0 + 0.1), (x0 + 0.1, y0), (x0, y0)]
    hole = [(x0 + 0.03, y0 + 0.03), (x0 + 0.07, y0 + 0.03), (x0 + 0.07, y0 + 0.07),
            (x0 + 0.03, y0 + 0.07), (x0 + 0.03, y0 + 0.03)]
    island = [(x0 + 0.2, y0), (x0 + 0.2, y0 + 0.02), (x0 + 0.22, y0 + 0.02), (x0 + 0.22, y0)]
    r0 = dict(rows(small[:1])[0])
    r1 = dict(rows(small[1:2])[0])
    shp, shx = shp_shx(POLYGON, [(POLYGON, [hole, shell, island]), (POLYGON, small[1][1])])
    seeds["hole_island"] = pack(shp, shx, dbf([r0, r1]), WGS84_PRJ, b"UTF-8")

    # one name in two provinces (select is ambiguous), Bangkok's เขต title
    bkk = {"ADM2_TH": "พระนคร", "ADM2_EN": "Phra Nakhon", "ADM2_PCODE": "TH1001",
           "ADM1_TH": "กรุงเทพมหานคร", "ADM1_EN": "Bangkok", "ADM1_PCODE": "TH10"}
    twin = dict(r0, ADM1_TH="พระนครศรีอยุธยา", ADM1_EN="Phra Nakhon Si Ayutthaya",
                ADM1_PCODE="TH14", ADM2_PCODE="TH1499")
    sq = [[(100.49, 13.75), (100.49, 13.77), (100.51, 13.77), (100.51, 13.75), (100.49, 13.75)]]
    shp, shx = shp_shx(POLYGON, [(POLYGON, small[0][1]), (POLYGON, small[0][1]),
                                 (POLYGON, sq)])
    seeds["twins_bangkok"] = pack(shp, shx, dbf([r0, twin, bkk]))

    # PolygonZ with M, and a null shape among polygons
    shp, shx = poly(small[:2], POLYGONZ)
    seeds["polygonz"] = pack(shp, shx, dbf(rows(small[:2])), WGS84_PRJ)
    shp, shx = shp_shx(POLYGON, [(POLYGON, small[0][1]), (NULL, []), (POLYGON, small[1][1])])
    seeds["null_shape"] = pack(shp, shx, dbf(rows(small[:3])))

    # a point layer: refused as not polygons
    pts = [(POINT, [[(100.45, 14.59)]]), (POINT, [[(100.40, 14.70)]])]
    shp, shx = shp_shx(POINT, pts)
    seeds["points"] = pack(shp, shx, dbf(rows(small[:2])), WGS84_PRJ)

    # broken: truncated .shp, rows ≠ shapes, no ADM2_PCODE, projected and
    # non-WGS84 .prj, lon/lat out of range, unknown .cpg
    shp, shx = poly(small[:2])
    seeds["truncated_shp"] = pack(shp[:len(shp) // 2], shx, dbf(rows(small[:2])))
    seeds["truncated_dbf"] = pack(shp, shx, dbf(rows(small[:2]))[:200])
    seeds["rows_mismatch"] = pack(shp, shx, dbf(rows(small[:3])))
    seeds["no_pcode_field"] = pack(shp, shx, dbf(rows(small[:2]), fields=FIELDS[:2] + FIELDS[3:]))
    seeds["prj_projected"] = pack(shp, shx, dbf(rows(small[:2])), UTM_PRJ)
    seeds["prj_indian1975"] = pack(shp, shx, dbf(rows(small[:2])), INDIAN_PRJ)
    seeds["cpg_unknown"] = pack(shp, shx, dbf(rows(small[:2])), WGS84_PRJ, b"LATIN1")
    utm = [[(x * 1e4, y * 1e5) for x, y in small[0][1][0]]]
    shp2, shx2 = shp_shx(POLYGON, [(POLYGON, utm)])
    seeds["projected_coords"] = pack(shp2, shx2, dbf(rows(small[:1])))
    return seeds


def csv_seeds(geodata):
    edge = open(os.path.join(ROOT, "tests", "data", "edge_schools.csv"), "rb").read()
    lines = edge.split(b"\n")
    head, body = lines[0], lines[1:6]
    en = b"\n".join([head] + body) + b"\n"
    th_head = ("รหัสโรงเรียน,ชื่อโรงเรียน,ละติจูด,ลองจิจูด,จำนวนนักเรียน,จำนวนครู,พื้นที่(ไร่),"
               "บทบาท,สี,อำเภอ,จังหวัด,สังกัด").encode()
    th_rows = ["1015670023,โรงเรียนวัดโคศุภราช,14.5896,100.455,401,20,30.5,คุณภาพ,สีฟ้า,"
               "เมืองอ่างทอง,อ่างทอง,สพฐ.",
               "1015670006,โรงเรียนอนุบาลวัดอ่างทอง,14.6080,100.4520,63,2,18.2,เครือข่าย,,"
               "เมืองอ่างทอง,อ่างทอง,สพฐ."]
    th = th_head + b"\r\n" + "\r\n".join(th_rows).encode() + b"\r\n"
    s = {
        "en_auto.csv": b"0" + en,
        "en_utf8.csv": b"1" + en,
        "en_crlf_bom.csv": b"0\xef\xbb\xbf" + en.replace(b"\n", b"\r\n"),
        "th_headers_crlf.csv": b"0" + th,
        "th_bom_utf8.csv": b"1\xef\xbb\xbf" + th,
        "th_cp874_auto.csv": b"0" + th.decode().encode("cp874"),
        "th_cp874_forced.csv": b"2" + th.decode().encode("cp874"),
        "quoted.csv": b"0" + (
            b'school_id,name_th,latitude,longitude,students,teachers,area_rai,role,quality_color\r\n'
            b'"1001","School, with ""comma""",14.5,100.4,"1,806",12," 3.5 ",quality,"red"\r\n'
            b'1002,"two\nline name",14.6,100.5,10,1,2,"network",\r\n'
            b'1003,"cr\rname",14.61,100.51,5,1,0,network,\r\n'),
        "tabs.csv": b"0" + b"school_id\tname\tlat\tlon\n1\tA\t14.5\t100.4\n2\tB\t14.6\t100.5\n",
        "semicolons.csv": b"1" + b"school_id;name;lat;lng;color;role\n1;A;14,5;100,4;;network\n"
                                 b"2;B;14.6;100.5;green;quality\n",
        "lone_cr.csv": b"0" + en.replace(b"\n", b"\r"),
        "blank_rows.csv": b"0" + head + b"\n\n,,,,,,,,\n \t \n" + b"\n".join(body) + b"\n,,,,,,,,\n",
        "network_status.csv": b"0" + (
            "school_id,name_th,latitude,longitude,role,quality_color,network_status\n"
            "1,ก,14.5,100.4,quality,เขียว,\n2,ข,14.51,100.41,network,,เรียนรวม\n"
            "3,ค,14.52,100.42,network,,shared\n4,ง,14.53,100.43,network,,ยังไม่เข้าร่วม\n").encode(),
        "err_unclosed_quote.csv": b"0" + head + b'\n1,"open,14.5,100.4,1,1,1,network,\n',
        "err_after_quote.csv": b"0" + head + b'\n1,"a"b,14.5,100.4,1,1,1,network,\n',
        "err_field_count.csv": b"0" + head + b"\n1,A,14.5,100.4\n",
        "err_nul.csv": b"0" + head + b"\n1,A\0,14.5,100.4,1,1,1,network,\n",
        "err_duplicate.csv": b"0" + head + b"\n" + body[0] + b"\n" + body[0] + b"\n",
        "err_swapped.csv": b"0school_id,name,lat,lon\n1,A,100.4,14.5\n2,B,100.5,14.6\n",
        "err_values.csv": b"0" + head + b"\n1,A,1e999,nan,-1,2.5,-3,boss,pink\n",
        "err_header_only.csv": b"0" + head + b"\r\n",
        "err_empty.csv": b"0",
        "err_utf8_forced_on_cp874.csv": b"1" + th.decode().encode("cp874"),
        "err_cp874_undefined.csv": b"2" + head + b"\n1,\xdb\xfc,14.5,100.4,1,1,1,network,\n",
    }
    for name in ("emis_sample_2022.csv", "schools_th.csv", "obec_schools_2022.csv"):
        p = os.path.join(geodata, "schools", name)
        if os.path.exists(p):
            first = open(p, "rb").read().split(b"\n")[:4]
            s["shared_" + name] = b"0" + b"\n".join(first) + b"\n"
    return s


def write_all(directory, seeds, suffix=""):
    os.makedirs(directory, exist_ok=True)
    total = 0
    for name, data in sorted(seeds.items()):
        with open(os.path.join(directory, name + suffix), "wb") as f:
            f.write(data)
        total += len(data)
    print("%s: %d files, %d bytes" % (os.path.relpath(directory, ROOT), len(seeds), total))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--geodata", default=os.path.join(ROOT, "..", "shared", "geodata"))
    ap.add_argument("--only", choices=("csv", "shapefile"))
    a = ap.parse_args()
    if a.only != "csv":
        write_all(SHP_DIR, shapefile_seeds(a.geodata), ".bin")
    if a.only != "shapefile":
        write_all(CSV_DIR, csv_seeds(a.geodata))


if __name__ == "__main__":
    main()
