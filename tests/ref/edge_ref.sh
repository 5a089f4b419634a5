#!/bin/sh
# Regenerates tests/data/edge_schools.csv and tests/data/edge_expected.csv
# (synthetic 5 km-boundary school table) with GeographicLib GeodSolve, then
# checks the expected pair set against PostGIS geography (spheroid) functions.
#
# RESULT (last run, GeodSolve = GeographicLib 2.1.2, PostgreSQL 15 + PostGIS 3.3.2):
#   66 schools (3 quality, 63 network = 3 x 21), 0 points dropped (closest to
#   the boundary after 9-decimal rounding: 0.944 mm, Q2 az 17.3 "out").
#   edge_expected.csv: 33 pairs (3 x (9 in + twin + 4999 m)); ST_DWithin set
#   == expected set exactly (33 vs 33, 0 mismatches). max |ST_Distance -
#   GeodSolve| = 5.0e-9 m over the 33 pairs and over all 189 pairs (= GeodSolve
#   -p 9 print rounding); vs the 4-decimal CSV values 4.7e-5 m.
#
# How the points are built:
#   * 3 quality schools Q1..Q3 (ids 9000000001..3).
#   * For each quality school, network schools from the direct problem
#       echo "lat lon azi s" | GeodSolve -p 9
#     at azimuths 0 45 90 135 180 225 270 315 17.3 and s = 4999.999 m ("in")
#     and 5000.001 m ("out"), plus a twin at the identical coordinates (0 m),
#     plus one at 4999.0 m (azi 60) and one at 5001.0 m (azi 240).
#   * Coordinates are rounded to 9 decimals, then re-measured with
#       echo "lat1 lon1 lat2 lon2" | GeodSolve -i -p 9
#     and a point is kept only if the re-measured distance is still on the
#     intended side of 5000 m by >= 0.5 mm (dropped points are reported).
#   * edge_expected.csv = every (quality, network) pair, over ALL quality x
#     network combinations, with GeodSolve distance <= 5000 m, distance printed
#     with 4 decimals, sorted by quality_id, distance, network_id.
#
# PostGIS check (skip with NO_PG=1): database qsmap_edge (dropped/recreated),
#   pairs from ST_DWithin(q::geography, n::geography, 5000, true) must equal
#   edge_expected.csv exactly, and ST_Distance(q::geography, n::geography, true)
#   must agree with the full-precision GeodSolve distance within 1e-4 m
#   (checked for all pairs within 5 km, and reported for all pairs).
#
# Usage (as root): sh tests/ref/edge_ref.sh
set -eu
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="$HERE/../data"
SCHOOLS="$DATA/edge_schools.csv"
EXPECTED="$DATA/edge_expected.csv"
DB=qsmap_edge
command -v GeodSolve >/dev/null || { echo "GeodSolve missing: apt-get install -y geographiclib-tools" >&2; exit 1; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

f9() { awk -v x="$1" 'BEGIN { printf "%.9f", x }'; }

# quality schools: idx id lat lon color
cat > "$W/quality.txt" <<'EOF'
1 9000000001 14.589600000 100.455000000 เขียว
2 9000000002 16.480000000 99.520000000 แดง
3 9000000003 13.750000000 100.500000000 ฟ้า
EOF

# network specs: azimuth distance tag side   (side: in / out)
{
  for az in 0 45 90 135 180 225 270 315 17.3; do
    echo "$az 4999.999 in in"
    echo "$az 5000.001 out out"
  done
  echo "0 0 twin in"
  echo "60 4999.0 4999m in"
  echo "240 5001.0 5001m out"
} > "$W/specs.txt"

printf '%s\n' 'school_id,name_th,latitude,longitude,students,teachers,area_rai,role,quality_color' > "$W/schools.csv"
: > "$W/network.txt"      # id lat lon
: > "$W/dropped.txt"
nid=9100000000
seq=0
while read -r qi qid qlat qlon qcol; do
  printf '%s,โรงเรียนทดสอบคุณภาพ %s,%s,%s,%s,%s,%s,quality,%s\n' \
    "$qid" "$qi" "$qlat" "$qlon" $((400 + qi)) 20 30.5 "$qcol" >> "$W/schools.csv"
  while read -r az s tag side; do
    if [ "$tag" = twin ]; then
      lat=$qlat; lon=$qlon
    else
      set -- $(echo "$qlat $qlon $az $s" | GeodSolve -p 9)
      lat=$(f9 "$1"); lon=$(f9 "$2")
    fi
    set -- $(echo "$qlat $qlon $lat $lon" | GeodSolve -i -p 9)
    d=$3
    ok=$(awk -v d="$d" -v side="$side" 'BEGIN {
      if (side == "in") print (d <= 5000 - 0.0005) ? 1 : 0;
      else              print (d >= 5000 + 0.0005) ? 1 : 0 }')
    azlab=$(awk -v a="$az" 'BEGIN { if (a == int(a)) printf "%03d", a; else printf "%05.1f", a }')
    case "$tag" in in|out) name="โรงเรียนทดสอบ $qi-$azlab-$tag" ;; twin) name="โรงเรียนทดสอบ $qi-twin" ;; *) name="โรงเรียนทดสอบ $qi-$azlab-$tag" ;; esac
    if [ "$ok" != 1 ]; then
      echo "DROPPED Q$qi az=$az s=$s -> $lat,$lon measured $d m" | tee -a "$W/dropped.txt" >&2
      continue
    fi
    nid=$((nid + 1)); seq=$((seq + 1))
    printf '%s,%s,%s,%s,%s,%s,%s,network,\n' \
      "$nid" "$name" "$lat" "$lon" $((100 + seq)) 8 12.5 >> "$W/schools.csv"
    echo "$nid $lat $lon" >> "$W/network.txt"
  done < "$W/specs.txt"
done < "$W/quality.txt"

# all quality x network pairs, full-precision GeodSolve distance
awk 'NR==FNR { q[++nq] = $2 " " $3 " " $4; next }
     { for (i = 1; i <= nq; i++) { split(q[i], a, " "); print a[1], $1, a[2], a[3], $2, $3 } }' \
  "$W/quality.txt" "$W/network.txt" > "$W/pairs_in.txt"
awk '{ print $3, $4, $5, $6 }' "$W/pairs_in.txt" | GeodSolve -i -p 9 | awk '{ print $3 }' > "$W/pairs_d.txt"
paste -d' ' "$W/pairs_in.txt" "$W/pairs_d.txt" | awk '{ print $1 "," $2 "," $7 }' > "$W/allpairs.csv"

{
  echo 'quality_id,network_id,distance_m'
  awk -F, '$3 + 0 <= 5000 { printf "%s,%s,%.4f\n", $1, $2, $3 }' "$W/allpairs.csv" |
    sort -t, -k1,1n -k3,3g -k2,2n
} > "$W/expected.csv"

cat "$W/schools.csv" > "$SCHOOLS"
cat "$W/expected.csv" > "$EXPECTED"
echo "wrote $SCHOOLS ($(($(wc -l < "$SCHOOLS") - 1)) schools: 3 quality, $seq network)"
echo "wrote $EXPECTED ($(($(wc -l < "$EXPECTED") - 1)) pairs within 5000 m)"
echo "dropped points: $(wc -l < "$W/dropped.txt")"

[ "${NO_PG:-0}" = 1 ] && exit 0

# ---------------------------------------------------------------- PostGIS check
pg_lsclusters 2>/dev/null | awk '$1==15 && $2=="main"' | grep -q online || pg_ctlcluster 15 main start
PSQL() { su postgres -c "psql -X -q -v ON_ERROR_STOP=1 $*"; }
PSQL "-d postgres -c 'DROP DATABASE IF EXISTS $DB'" >/dev/null
PSQL "-d postgres -c 'CREATE DATABASE $DB'" >/dev/null
PSQL "-d $DB -c 'CREATE EXTENSION postgis'" >/dev/null
PSQL "-d $DB" <<'EOF'
CREATE TABLE schools (school_id bigint PRIMARY KEY, name_th text, latitude double precision,
  longitude double precision, students int, teachers int, area_rai double precision,
  role text, quality_color text);
CREATE TABLE expected (quality_id bigint, network_id bigint, distance_m text);
CREATE TABLE geod (quality_id bigint, network_id bigint, distance_m double precision);
EOF
PSQL "-d $DB -c '\\copy schools FROM STDIN WITH (FORMAT csv, HEADER true)'" < "$SCHOOLS"
PSQL "-d $DB -c '\\copy expected FROM STDIN WITH (FORMAT csv, HEADER true)'" < "$EXPECTED"
PSQL "-d $DB -c '\\copy geod FROM STDIN WITH (FORMAT csv)'" < "$W/allpairs.csv"

PSQL "-d $DB -t -A -F' '" > "$W/pg_result.txt" <<'EOF'
CREATE TEMP VIEW g AS
  SELECT school_id, role, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography AS geog FROM schools;
CREATE TEMP TABLE pg AS
  SELECT q.school_id AS quality_id, n.school_id AS network_id,
         ST_Distance(q.geog, n.geog, true) AS d
  FROM g q JOIN g n ON q.role = 'quality' AND n.role = 'network'
  WHERE ST_DWithin(q.geog, n.geog, 5000, true);
SELECT 'postgis_version', postgis_lib_version();
SELECT 'pg_pairs', count(*) FROM pg;
SELECT 'expected_pairs', count(*) FROM expected;
SELECT 'set_mismatch', count(*) FROM pg FULL JOIN expected e USING (quality_id, network_id)
  WHERE pg.d IS NULL OR e.distance_m IS NULL;
SELECT 'max_diff_within', coalesce(max(abs(pg.d - geod.distance_m)), 0) FROM pg JOIN geod USING (quality_id, network_id);
SELECT 'max_diff_all_pairs', max(abs(ST_Distance(q.geog, n.geog, true) - geod.distance_m))
  FROM geod JOIN g q ON q.school_id = geod.quality_id JOIN g n ON n.school_id = geod.network_id;
SELECT 'max_diff_vs_4dp', coalesce(max(abs(pg.d - e.distance_m::double precision)), 0) FROM pg JOIN expected e USING (quality_id, network_id);
EOF
cat "$W/pg_result.txt"
awk '$1=="set_mismatch" && $2!=0 { bad=1 } $1=="pg_pairs" { p=$2 } $1=="expected_pairs" { e=$2 }
     $1=="max_diff_within" && $2+0 > 1e-4 { bad=1 }
     END { if (p != e) bad=1; if (bad) { print "POSTGIS CHECK FAILED"; exit 1 } print "POSTGIS CHECK OK" }' "$W/pg_result.txt"
