#!/bin/sh
# Recreate qsmap's PostGIS planning reference data (overlap counts, nearest
# quality school, merge summary) from scratch.
# Drops and recreates database qsmap_plan, loads schools_th.csv + tha_adm2.shp
# the same way as postgis_ref.sh, and writes these files under tests/data/ref/:
#   overlap_angthong_5000.csv  summary_angthong_5000.csv
#   nearest_national_sample.csv  knn_disagreements.csv
# Run as root (uses `su postgres`) or as a user that can run psql/createdb
# against the local cluster.
#
#   tests/ref/postgis_planning_ref.sh [GEODATA_DIR]
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/../data/ref" 2>/dev/null && pwd || { mkdir -p "$HERE/../data/ref"; cd "$HERE/../data/ref" && pwd; })
GEO=${1:-/work/shared/geodata}
SCHOOLS=$GEO/schools/schools_th.csv
ADM2=$GEO/boundaries/tha_adm2.shp
DB=qsmap_plan
R=5000

if [ "$(id -un)" = postgres ]; then
  run() { sh -c "$1"; }
else
  run() { su postgres -c "$1"; }
fi
psqlc() { run "psql -X -q -v ON_ERROR_STOP=1 -d $DB $*"; }

pg_ctlcluster 15 main start 2>/dev/null || true

# remove previous outputs of this script only
rm -f "$OUT"/overlap_angthong_5000.csv "$OUT"/summary_angthong_5000.csv \
      "$OUT"/nearest_national_sample.csv "$OUT"/knn_disagreements.csv

run "dropdb --if-exists $DB 2>/dev/null"
run "createdb -E UTF8 -T template0 $DB"
psqlc "-c 'CREATE EXTENSION postgis'"

# --- boundaries -------------------------------------------------------------
run "ogr2ogr -f PostgreSQL PG:dbname=$DB '$ADM2' -nln adm2 -nlt PROMOTE_TO_MULTI \
      -lco GEOMETRY_NAME=geom -lco FID=gid -a_srs EPSG:4326 -oo ENCODING=UTF-8"

# --- schools ----------------------------------------------------------------
# rn = 1-based data-row number in the CSV (header not counted); a single COPY
# fills the serial in file order.
psqlc "-c 'CREATE TABLE schools_raw (school_id text, smis_code text, name_th text,
  affiliation text, level text, province text, district text, subdistrict text,
  adm2_pcode text, latitude text, longitude text, students text, teachers text,
  area_rai text, role text, quality_color text, position_source text, rn serial)'"
psqlc "-c '\\copy schools_raw (school_id, smis_code, name_th, affiliation, level, province, district, subdistrict, adm2_pcode, latitude, longitude, students, teachers, area_rai, role, quality_color, position_source) from stdin with (format csv, header true, encoding \"UTF8\")'" < "$SCHOOLS"

psqlc <<SQL
CREATE TABLE schools AS
SELECT rn, school_id, role, name_th, quality_color, area_rai,
       students::int AS students, teachers::int AS teachers,
       ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326) AS geom,
       ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326)::geography AS geog
FROM schools_raw;
ALTER TABLE schools ADD PRIMARY KEY (school_id);
CREATE INDEX ON schools USING gist (geom);
CREATE INDEX ON schools USING gist (geog);
CREATE INDEX ON adm2 USING gist (geom);

-- all quality schools of the whole table (own table so KNN uses its own index)
CREATE TABLE quality AS SELECT school_id, geog FROM schools WHERE role = 'quality';
ALTER TABLE quality ADD PRIMARY KEY (school_id);
CREATE INDEX ON quality USING gist (geog);
ANALYZE;

-- district of a quality school: ST_Covers, tie -> smallest ADM2_PCODE
CREATE TABLE quality_assigned AS
SELECT DISTINCT ON (s.school_id) s.school_id, d.adm2_pcode, d.adm2_th
FROM schools s JOIN adm2 d ON ST_Covers(d.geom, s.geom)
WHERE s.role = 'quality'
ORDER BY s.school_id, d.adm2_pcode COLLATE "C";

-- pairs of Ang Thong's quality schools (spheroid, inclusive)
CREATE TABLE pairs AS
SELECT a.adm2_pcode, q.school_id AS quality_id, n.school_id AS network_id
FROM quality_assigned a
JOIN schools q ON q.school_id = a.school_id
JOIN schools n ON n.role = 'network' AND ST_DWithin(q.geog, n.geog, $R, true)
WHERE a.adm2_pcode IN ('TH1501','TH1502','TH1503','TH1504','TH1505','TH1506','TH1507');

-- nearest quality school of EVERY school, brute force over all quality
-- schools with ST_Distance(spheroid); ties within 0.001 m -> smaller id (text,
-- byte order).  No <-> here: it ranks on a sphere.
CREATE TABLE nearest AS
SELECT s.school_id, x.quality_id AS nearest_quality_id, x.d AS nearest_m
FROM schools s
CROSS JOIN LATERAL (
  SELECT c.quality_id, c.d
  FROM (SELECT c0.quality_id, c0.d, min(c0.d) OVER () AS dmin
        FROM (SELECT q.school_id AS quality_id, ST_Distance(s.geog, q.geog, true) AS d
              FROM quality q OFFSET 0) c0) c
  WHERE c.d <= c.dmin + 0.001
  ORDER BY c.quality_id COLLATE "C"
  LIMIT 1) x;
ALTER TABLE nearest ADD PRIMARY KEY (school_id);

-- PostGIS KNN answer (sphere-ranked), for comparison only
CREATE TABLE knn AS
SELECT s.school_id, k.school_id AS knn_nearest,
       ST_Distance(s.geog, k.geog, true) AS knn_spheroid_m
FROM schools s
CROSS JOIN LATERAL (
  SELECT q.school_id, q.geog FROM quality q
  ORDER BY s.geog <-> q.geog LIMIT 1) k;

-- quality_count over the whole table for Ang Thong's paired network schools
CREATE TABLE overlap AS
SELECT n.school_id AS network_id,
       (SELECT count(*) FROM quality q WHERE ST_DWithin(q.geog, n.geog, $R, true)) AS quality_count,
       nn.nearest_quality_id, nn.nearest_m
FROM (SELECT DISTINCT network_id FROM pairs) p
JOIN schools n ON n.school_id = p.network_id
JOIN nearest nn ON nn.school_id = n.school_id;
SQL

cp_out() { # $1 = query, $2 = output file
  psqlc "-c \"\\copy ($1) to stdout with (format csv, header true)\"" > "$2"
}

cp_out "SELECT network_id, quality_count, nearest_quality_id,
               to_char(round(nearest_m::numeric, 4), 'FM999999990.0000') AS nearest_m
        FROM overlap ORDER BY network_id COLLATE \\\"C\\\"" \
  "$OUT/overlap_angthong_5000.csv"

cp_out "SELECT a.adm2_th AS district, q.school_id AS quality_id, q.name_th AS quality_name,
               q.quality_color, q.students AS quality_students, q.teachers AS quality_teachers,
               q.area_rai, count(n.school_id) AS network_count,
               coalesce(sum(n.students), 0) AS network_students,
               coalesce(sum(n.teachers), 0) AS network_teachers,
               count(n.school_id) FILTER (WHERE n.students <= 120) AS small_schools,
               q.students + coalesce(sum(n.students), 0) AS students_if_merged,
               q.teachers + coalesce(sum(n.teachers), 0) AS teachers_if_merged,
               to_char(round((q.students + coalesce(sum(n.students), 0))::numeric
                             / (q.teachers + coalesce(sum(n.teachers), 0)), 2), 'FM999999990.00')
                 AS students_per_teacher_if_merged
        FROM quality_assigned a
        JOIN schools q ON q.school_id = a.school_id
        LEFT JOIN pairs p ON p.quality_id = q.school_id
        LEFT JOIN schools n ON n.school_id = p.network_id
        WHERE a.adm2_pcode IN ('TH1501','TH1502','TH1503','TH1504','TH1505','TH1506','TH1507')
        GROUP BY a.adm2_pcode, a.adm2_th, q.school_id, q.name_th, q.quality_color,
                 q.students, q.teachers, q.area_rai
        ORDER BY a.adm2_pcode COLLATE \\\"C\\\", q.school_id COLLATE \\\"C\\\"" \
  "$OUT/summary_angthong_5000.csv"

cp_out "SELECT s.school_id, nn.nearest_quality_id,
               to_char(round(nn.nearest_m::numeric, 4), 'FM999999990.0000') AS nearest_m
        FROM schools s JOIN nearest nn ON nn.school_id = s.school_id
        WHERE s.rn % 15 = 0 ORDER BY s.rn" \
  "$OUT/nearest_national_sample.csv"

cp_out "SELECT nn.school_id, nn.nearest_quality_id AS spheroid_nearest,
               to_char(round(nn.nearest_m::numeric, 4), 'FM999999990.0000') AS spheroid_m,
               k.knn_nearest,
               to_char(round(k.knn_spheroid_m::numeric, 4), 'FM999999990.0000') AS knn_spheroid_m
        FROM nearest nn JOIN knn k ON k.school_id = nn.school_id
        WHERE k.knn_nearest <> nn.nearest_quality_id
        ORDER BY nn.school_id COLLATE \\\"C\\\" LIMIT 20" \
  "$OUT/knn_disagreements.csv"

psqlc "-At -c \"SELECT 'schools=' || (SELECT count(*) FROM schools)
  || ' quality=' || (SELECT count(*) FROM quality)
  || ' angthong_quality=' || (SELECT count(*) FROM quality_assigned WHERE adm2_pcode LIKE 'TH150%')
  || ' angthong_pairs=' || (SELECT count(*) FROM pairs)
  || ' angthong_network=' || (SELECT count(*) FROM overlap)
  || ' angthong_quality_count_ge2=' || (SELECT count(*) FROM overlap WHERE quality_count >= 2)
  || ' sample=' || (SELECT count(*) FROM schools WHERE rn % 15 = 0)
  || ' knn_disagree=' || (SELECT count(*) FROM nearest nn JOIN knn k USING (school_id)
                           WHERE k.knn_nearest <> nn.nearest_quality_id)\""
echo "wrote $(ls "$OUT"/overlap_angthong_5000.csv "$OUT"/summary_angthong_5000.csv \
  "$OUT"/nearest_national_sample.csv "$OUT"/knn_disagreements.csv | wc -l) files to $OUT"
