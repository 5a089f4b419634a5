#!/bin/sh
# Recreate qsmap's PostGIS reference data from scratch.
# Drops and recreates database qsmap_ref, loads schools_th.csv + tha_adm2.shp,
# and writes the CSVs under tests/data/ref/.  Run as root (uses `su postgres`)
# or as a user that can run psql/createdb against the local cluster.
#
#   tests/ref/postgis_ref.sh [GEODATA_DIR]
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/../data/ref" 2>/dev/null && pwd || { mkdir -p "$HERE/../data/ref"; cd "$HERE/../data/ref" && pwd; })
GEO=${1:-/work/shared/geodata}
SCHOOLS=$GEO/schools/schools_th.csv
ADM2=$GEO/boundaries/tha_adm2.shp
DB=qsmap_ref
# Districts for per-district files: Ang Thong (TH1501..TH1507), Kamphaeng Phet
# เมืองกำแพงเพชร (TH6201) and โกสัมพีนคร (TH6211, rural; 3 quality schools, the most
# of any Kamphaeng Phet district).
DISTRICTS="TH1501 TH1502 TH1503 TH1504 TH1505 TH1506 TH1507 TH6201 TH6211"

if [ "$(id -un)" = postgres ]; then
  run() { sh -c "$1"; }
else
  run() { su postgres -c "$1"; }
fi
psqlc() { run "psql -X -q -v ON_ERROR_STOP=1 -d $DB $*"; }

pg_ctlcluster 15 main start 2>/dev/null || true

# remove previous outputs of this script only
rm -f "$OUT"/pairs_TH*_*.csv "$OUT"/quality_TH*.csv "$OUT"/pairs_per_province_5000.csv \
      "$OUT"/quality_unassigned.csv

run "dropdb --if-exists $DB 2>/dev/null"
run "createdb -E UTF8 -T template0 $DB"
psqlc "-c 'CREATE EXTENSION postgis'"

# --- boundaries -------------------------------------------------------------
run "ogr2ogr -f PostgreSQL PG:dbname=$DB '$ADM2' -nln adm2 -nlt PROMOTE_TO_MULTI \
      -lco GEOMETRY_NAME=geom -lco FID=gid -a_srs EPSG:4326 -oo ENCODING=UTF-8"

# --- schools ----------------------------------------------------------------
psqlc "-c 'CREATE TABLE schools_raw (school_id text, smis_code text, name_th text,
  affiliation text, level text, province text, district text, subdistrict text,
  adm2_pcode text, latitude text, longitude text, students text, teachers text,
  area_rai text, role text, quality_color text, position_source text)'"
psqlc "-c '\\copy schools_raw from stdin with (format csv, header true, encoding \"UTF8\")'" < "$SCHOOLS"

psqlc <<'SQL'
CREATE TABLE schools AS
SELECT school_id, role, adm2_pcode AS csv_pcode, latitude, longitude,
       ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326) AS geom,
       ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326)::geography AS geog
FROM schools_raw;
ALTER TABLE schools ADD PRIMARY KEY (school_id);
CREATE INDEX ON schools USING gist (geom);
CREATE INDEX ON schools USING gist (geog);
CREATE INDEX ON adm2 USING gist (geom);
ANALYZE;

-- qsmap rule: quality school -> district whose polygon covers it (boundary
-- included); ties (shared boundary) -> smallest ADM2_PCODE.
CREATE TABLE quality_covers AS
SELECT s.school_id, d.adm2_pcode
FROM schools s JOIN adm2 d ON ST_Covers(d.geom, s.geom)
WHERE s.role = 'quality';

CREATE TABLE quality_assigned AS
SELECT DISTINCT ON (school_id) school_id, adm2_pcode
FROM quality_covers
ORDER BY school_id, adm2_pcode COLLATE "C";

-- quality -> network pairs, R = 5000 m and 2500 m, spheroid.
CREATE TABLE pairs AS
SELECT r.r AS radius, q.school_id AS quality_id, n.school_id AS network_id,
       round(ST_Distance(q.geog, n.geog, true)::numeric, 4) AS distance_m
FROM quality_assigned a
JOIN schools q ON q.school_id = a.school_id
CROSS JOIN (VALUES (5000), (2500)) AS r(r)
JOIN schools n ON n.role = 'network' AND ST_DWithin(q.geog, n.geog, r.r, true);
SQL

cp_out() { # $1 = query, $2 = output file
  psqlc "-c \"\\copy ($1) to stdout with (format csv, header true)\"" > "$2"
}

for P in $DISTRICTS; do
  cp_out "SELECT quality_id, network_id, to_char(distance_m, 'FM999999990.0000') AS distance_m
          FROM pairs p JOIN quality_assigned a ON a.school_id = p.quality_id
          WHERE a.adm2_pcode = '$P' AND p.radius = 5000
          ORDER BY quality_id COLLATE \\\"C\\\", p.distance_m, network_id COLLATE \\\"C\\\"" \
    "$OUT/pairs_${P}_5000.csv"
  cp_out "SELECT school_id AS quality_id, adm2_pcode FROM quality_assigned
          WHERE adm2_pcode = '$P' ORDER BY school_id COLLATE \\\"C\\\"" \
    "$OUT/quality_${P}.csv"
done

cp_out "SELECT quality_id, network_id, to_char(distance_m, 'FM999999990.0000') AS distance_m
        FROM pairs p JOIN quality_assigned a ON a.school_id = p.quality_id
        WHERE a.adm2_pcode = 'TH1501' AND p.radius = 2500
        ORDER BY quality_id COLLATE \\\"C\\\", p.distance_m, network_id COLLATE \\\"C\\\"" \
  "$OUT/pairs_TH1501_2500.csv"

cp_out "SELECT d.adm1_pcode, d.adm1_th, count(DISTINCT a.school_id) AS quality_schools,
               count(p.network_id) AS pairs
        FROM quality_assigned a
        JOIN adm2 d ON d.adm2_pcode = a.adm2_pcode
        LEFT JOIN pairs p ON p.quality_id = a.school_id AND p.radius = 5000
        GROUP BY d.adm1_pcode, d.adm1_th ORDER BY d.adm1_pcode COLLATE \\\"C\\\"" \
  "$OUT/pairs_per_province_5000.csv"

cp_out "SELECT s.school_id, s.latitude, s.longitude FROM schools s
        WHERE s.role = 'quality'
          AND NOT EXISTS (SELECT 1 FROM quality_assigned a WHERE a.school_id = s.school_id)
        ORDER BY s.school_id COLLATE \\\"C\\\"" \
  "$OUT/quality_unassigned.csv"

psqlc "-At -c \"SELECT 'national: quality_assigned=' || (SELECT count(*) FROM quality_assigned)
  || ' pairs5000=' || (SELECT count(*) FROM pairs WHERE radius = 5000)
  || ' unassigned=' || (SELECT count(*) FROM schools WHERE role = 'quality') - (SELECT count(*) FROM quality_assigned)
  || ' multi_covered=' || (SELECT count(*) FROM (SELECT school_id FROM quality_covers GROUP BY 1 HAVING count(*) > 1) x)\""
psqlc "-c \"SELECT a.adm2_pcode, count(DISTINCT a.school_id) AS quality,
  count(p.network_id) FILTER (WHERE p.radius = 5000) AS pairs_5000,
  count(p.network_id) FILTER (WHERE p.radius = 2500) AS pairs_2500
  FROM quality_assigned a LEFT JOIN pairs p ON p.quality_id = a.school_id
  WHERE a.adm2_pcode IN ('$(echo $DISTRICTS | sed "s/ /','/g")')
  GROUP BY 1 ORDER BY 1\""
echo "wrote $(ls "$OUT" | wc -l) files to $OUT"
