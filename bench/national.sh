#!/usr/bin/env bash
# bench/national.sh — the whole country (every quality school of all 928 districts,
# network schools within 5 km) with qsmap against the same work in PostGIS.
#
# Untimed preparation: PostgreSQL 15 + PostGIS 3 installed and running, database
# qsmap_bench with the district boundaries (tha_adm2.shp) loaded by ogr2ogr and a
# GiST index on them. Timed, alternating qsmap and the three PostGIS pipelines,
# 5 runs each after one untimed warm-up of each, wall clock (date +%s%N) from
# process start to process exit (output file closed):
#   qsmap    whole process: read schools_th.csv and tha_adm2.shp, join, write CSV
#   PostGIS  one psql session each, server defaults (no settings changed):
#     same      the issue's steps (\copy in, geography + geometry columns, GiST on
#               geography, quality schools to districts with ST_Intersects,
#               ST_DWithin(…, 5000, true) + ST_Distance(…, true), \copy out) and
#               the rest of qsmap's table: each network school's district polygon,
#               quality_count and nearest_quality_id — the same CSV, cell for cell
#     listed    the issue's steps alone (network_district from the table's own
#               column, no quality_count / nearest_quality_id)
#     analyzed  listed + ANALYZE after the load, as tests/ref/postgis_ref.sh runs
#               it: with statistics the planner's cost passes jit_above_cost and
#               PostgreSQL compiles the query with LLVM
# Then checks qsmap's CSV against "same" (every row and cell; distances within
# the 0.1 mm both print) and the pair set of "listed", prints the medians, the
# ratios qsmap/PostGIS, and qsmap's peak memory (/usr/bin/time -v).
# usage: bench/national.sh [build-dir]     (default: build; run as root or postgres)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
geo=$(cd "$here/.." && pwd)/shared/geodata
schools="$geo/schools/schools_th.csv"
adm2="$geo/boundaries/tha_adm2.shp"
db=qsmap_bench
runs=5
[ -r "$schools" ] && [ -r "$adm2" ] ||
  { echo "needs the reference data beside the project: $geo (schools/schools_th.csv, boundaries/tha_adm2.shp)" >&2; exit 1; }
src_bin="$here/${1:-build}/qsmap"
[ -x "$src_bin" ] || { echo "build qsmap first: cmake -S . -B build && cmake --build build" >&2; exit 1; }

# --- PostgreSQL 15 + PostGIS 3 (Debian packages), started if not running ------
if ! command -v psql >/dev/null || ! command -v pg_ctlcluster >/dev/null || ! command -v ogr2ogr >/dev/null ||
   ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ] ||
   [ ! -e /usr/share/postgresql/15/extension/postgis.control ]; then
  apt-get update -qq
  apt-get install -y postgresql-15-postgis-3 postgis gdal-bin hyperfine time
fi
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
if [ "$(id -un)" = postgres ]; then
  as_pg() { "$@"; }
else
  as_pg() { runuser -u postgres -- "$@"; }
fi
export PGOPTIONS='-c client_min_messages=warning'
pg() { as_pg psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chown postgres "$out" 2>/dev/null || true   # psql runs as postgres and writes postgis.csv here
# a private copy of the binary, so a rebuild during the benchmark cannot swap it
cp "$src_bin" "$out/qsmap"
bin="$out/qsmap"

# --- preparation (not timed) --------------------------------------------------
as_pg dropdb --if-exists "$db" 2>/dev/null
as_pg createdb -E UTF8 -T template0 "$db"
pg -c 'CREATE EXTENSION postgis'
as_pg ogr2ogr -f PostgreSQL "PG:dbname=$db" "$adm2" -nln adm2 -nlt PROMOTE_TO_MULTI \
  -lco GEOMETRY_NAME=geom -lco FID=gid -lco SPATIAL_INDEX=NONE -a_srs EPSG:4326 -oo ENCODING=UTF-8
pg -c 'CREATE INDEX adm2_geom_gist ON adm2 USING gist (geom)' -c 'ANALYZE adm2'

# The issue's steps: load, geography, index, quality schools to districts,
# network schools within 5 km.
cat >"$out/load.sql" <<SQL
DROP TABLE IF EXISTS schools;
CREATE TABLE schools (school_id text, smis_code text, name_th text, affiliation text, level text,
  province text, district text, subdistrict text, adm2_pcode text, latitude float8, longitude float8,
  students int, teachers int, area_rai float8, role text, quality_color text, position_source text);
\copy schools from '$schools' with (format csv, header true, encoding 'UTF8')
ALTER TABLE schools ADD COLUMN geog geography(Point, 4326), ADD COLUMN geom geometry(Point, 4326);
UPDATE schools SET geom = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326),
                   geog = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography;
CREATE INDEX schools_geog_gist ON schools USING gist (geog);
SQL
{ cat "$out/load.sql"
  echo "\copy (SELECT d.adm2_th AS district, d.adm2_pcode, q.school_id AS quality_id, q.name_th AS quality_name, q.quality_color, n.school_id AS network_id, n.name_th AS network_name, n.district AS network_district, round(ST_Distance(q.geog, n.geog, true)::numeric, 4) AS distance_m, n.area_rai, n.students, n.teachers FROM schools q JOIN adm2 d ON ST_Intersects(q.geom, d.geom) LEFT JOIN schools n ON n.role = 'network' AND ST_DWithin(q.geog, n.geog, 5000, true) WHERE q.role = 'quality' ORDER BY d.adm2_pcode, q.school_id, distance_m, n.school_id) to '$out/listed.csv' with (format csv, header true)"
} >"$out/listed.sql"
sed -e 's/^CREATE INDEX schools_geog_gist ON schools USING gist (geog);$/&\nANALYZE schools;/' \
    -e "s#$out/listed.csv#$out/analyzed.csv#" "$out/listed.sql" >"$out/analyzed.sql"
# The same table as qsmap's. Every quality school lies in a district here, so
# all of them are in the join and a network school's pairs are all the quality
# schools within 5 km of it: quality_count and the nearest (ties to the
# smaller id) come from them, as qsmap takes them. A network school outside
# every polygon keeps the table's district name, as in qsmap.
{ cat "$out/load.sql"
  echo "\copy (WITH q AS MATERIALIZED (SELECT q.*, d.adm2_th, d.adm2_pcode AS pcode FROM schools q JOIN adm2 d ON ST_Intersects(q.geom, d.geom) WHERE q.role = 'quality'), p AS MATERIALIZED (SELECT q.adm2_th AS district, q.pcode, q.school_id AS quality_id, q.name_th AS quality_name, q.quality_color, n.school_id AS network_id, n.name_th AS network_name, n.district AS table_district, n.geom AS ngeom, ST_Distance(q.geog, n.geog, true) AS dist, n.area_rai, n.students, n.teachers FROM q LEFT JOIN schools n ON n.role = 'network' AND ST_DWithin(q.geog, n.geog, 5000, true)), nx AS (SELECT network_id, count(*) AS cnt, (array_agg(quality_id ORDER BY dist, quality_id))[1] AS nearest, (array_agg(ngeom))[1] AS ngeom, (array_agg(table_district))[1] AS table_district FROM p WHERE network_id IS NOT NULL GROUP BY network_id), nd AS (SELECT nx.network_id, nx.cnt, nx.nearest, coalesce(d.adm2_th, nx.table_district) AS district FROM nx LEFT JOIN adm2 d ON ST_Intersects(nx.ngeom, d.geom)) SELECT p.district, p.pcode AS adm2_pcode, p.quality_id, p.quality_name, p.quality_color, p.network_id, p.network_name, nd.district AS network_district, round(p.dist::numeric, 4) AS distance_m, p.area_rai, p.students, p.teachers, nd.cnt AS quality_count, nd.nearest AS nearest_quality_id FROM p LEFT JOIN nd ON nd.network_id = p.network_id ORDER BY p.pcode, p.quality_id, p.dist, p.network_id) to '$out/same.csv' with (format csv, header true)"
} >"$out/same.sql"
chmod 644 "$out"/*.sql

run_qsmap() {
  "$bin" --schools "$schools" --boundaries "$adm2" --all -q -o "$out/qsmap.csv"
}
run_pg() {  # same | listed | analyzed
  rm -f "$out/$1.csv"
  pg -f "$out/$1.sql"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dirty=$(git -C "$here" status --short | wc -l)
echo "commit: $(git -C "$here" rev-parse --short HEAD)$([ "$dirty" -gt 0 ] && echo " (+$dirty uncommitted files)")"
echo "qsmap binary: $src_bin, built $(date -r "$src_bin" '+%F %T')"
echo "server: $(pg -At -c "SELECT split_part(version(), ' (', 1) || ', PostGIS ' || postgis_lib_version() || ', GEOS ' || postgis_geos_version()")"

echo "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the times)"

# --- timing: one untimed warm-up each, then alternate -------------------------
run_qsmap
for v in same listed analyzed; do run_pg $v; done
declare -A t
for i in $(seq "$runs"); do
  rm -f "$out/qsmap.csv"
  t0=$(date +%s%N); run_qsmap; t1=$(date +%s%N)
  t[qsmap]+="$((t1 - t0)) "
  for v in same listed analyzed; do
    t0=$(date +%s%N); run_pg $v; t1=$(date +%s%N)
    t[$v]+="$((t1 - t0)) "
  done
done

echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the same output? (of the last timed runs) --------------------------------
python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
def table(name, enc):
    with open(f"{out}/{name}.csv", encoding=enc, newline="") as f:
        r = csv.reader(f)
        return next(r), list(r)
hq, q = table("qsmap", "utf-8-sig")   # qsmap: BOM, CRLF
hs, s = table("same", "utf-8")
if hq != hs:
    sys.exit(f"FAIL: headers differ: {hq} / {hs}")
if len(q) != len(s):
    sys.exit(f"FAIL: qsmap {len(q)} rows, PostGIS {len(s)}")
di = hq.index("distance_m")
dmax = 0.0
for k, (a, b) in enumerate(zip(q, s)):
    if a[di] or b[di]:
        dmax = max(dmax, abs(float(a[di]) - float(b[di])))
        a, b = a[:di] + a[di + 1:], b[:di] + b[di + 1:]
    if a != b:
        sys.exit(f"FAIL: row {k + 2} differs:\n  qsmap   {a}\n  PostGIS {b}")
if dmax > 0.00011:
    sys.exit(f"FAIL: distances differ by up to {dmax * 1000:.2f} mm")
def pairs(h, rows):
    qi, ni = h.index("quality_id"), h.index("network_id")
    return {(x[qi], x[ni]) for x in rows if x[ni]}
hl, l = table("listed", "utf-8")
pq, pl = pairs(hq, q), pairs(hl, l)
if pq != pl or len(pq) != 7790:
    sys.exit(f"FAIL: pairs: qsmap {len(pq)}, PostGIS (listed) {len(pl)}, expected 7,790 each")
print(f"same table: qsmap = PostGIS (same), {len(q):,} rows, every cell equal; "
      f"distances within {dmax * 1000:.2f} mm (both print 0.1 mm)")
print(f"pairs: qsmap {len(pq):,} = PostGIS (listed) {len(pl):,}, the same set")
PY

python3 - "${t[qsmap]}" "${t[same]}" "${t[listed]}" "${t[analyzed]}" <<'PY'
import statistics, sys
names = ["qsmap", "same", "listed", "analyzed"]
ms = {n: [int(x) / 1e6 for x in a.split()] for n, a in zip(names, sys.argv[1:])}
for i in range(len(ms["qsmap"])):
    print(f"run {i + 1}: " + "   ".join(f"{n} {ms[n][i]:7.1f} ms" for n in names))
med = {n: statistics.median(v) for n, v in ms.items()}
print("median: " + ", ".join(f"{n} {med[n]:.1f} ms" for n in names))
for n, what in (("same", "the same table: the issue's steps + network_district, quality_count, nearest_quality_id"),
                ("listed", "the issue's steps alone"),
                ("analyzed", "the issue's steps + ANALYZE, so JIT")):
    r = med["qsmap"] / med[n]
    print(f"ratio qsmap/PostGIS {n}: {r:.3f}   <= 0.05: {'yes' if r <= 0.05 else 'no'}   ({what})")
PY

/usr/bin/time -v "$bin" --schools "$schools" --boundaries "$adm2" --all -q -o "$out/qsmap.csv" 2>"$out/time.txt"
kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
echo "peak memory: $(((kb + 512) / 1024)) MB (qsmap, max RSS $kb kB)"
