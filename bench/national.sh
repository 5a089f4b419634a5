#!/usr/bin/env bash
# bench/national.sh — the whole country (every quality school of all 928 districts,
# network schools within 5 km) with qsmap against the same work in PostGIS.
#
# Untimed preparation: PostgreSQL 15 + PostGIS 3 installed and running, database
# qsmap_bench with the district boundaries (tha_adm2.shp) loaded by ogr2ogr and a
# GiST index on them. Timed, alternating qsmap / PostGIS, 5 runs each after one
# untimed warm-up of each, wall clock (date +%s%N) from process start to process
# exit (output file closed):
#   qsmap    whole process: read schools_th.csv and tha_adm2.shp, join, write CSV
#   PostGIS  one psql session: drop/create + \copy the schools table, geography and
#            geometry columns, GiST on geography, district join (ST_Intersects),
#            ST_DWithin(…, 5000, true) + ST_Distance(…, true), \copy out to CSV;
#            twice: "tuned" (jit off, no ANALYZE: PostGIS's best time here) and
#            "defaults" (PostgreSQL's own settings, ANALYZE after the load)
# Then checks the outputs hold the same quality→network pairs, prints the
# medians, both ratios qsmap/PostGIS, and qsmap's peak memory (/usr/bin/time -v).
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

# jit = off: with JIT on, any plan the planner costs above jit_above_cost (it does
# once the table is ANALYZEd) spends ~1.2 s compiling LLVM code for a ~50 ms query.
# No ANALYZE: it costs ~0.4 s here and the plan without statistics already uses
# both GiST indexes.
cat >"$out/national.sql" <<SQL
SET jit = off;
DROP TABLE IF EXISTS schools;
CREATE TABLE schools (school_id text, smis_code text, name_th text, affiliation text, level text,
  province text, district text, subdistrict text, adm2_pcode text, latitude float8, longitude float8,
  students int, teachers int, area_rai float8, role text, quality_color text, position_source text);
\copy schools from '$schools' with (format csv, header true, encoding 'UTF8')
ALTER TABLE schools ADD COLUMN geog geography(Point, 4326), ADD COLUMN geom geometry(Point, 4326);
UPDATE schools SET geom = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326),
                   geog = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography;
CREATE INDEX schools_geog_gist ON schools USING gist (geog);
\copy (SELECT d.adm2_th AS district, d.adm2_pcode, q.school_id AS quality_id, q.name_th AS quality_name, q.quality_color, n.school_id AS network_id, n.name_th AS network_name, n.district AS network_district, round(ST_Distance(q.geog, n.geog, true)::numeric, 4) AS distance_m, n.area_rai, n.students, n.teachers FROM schools q JOIN adm2 d ON ST_Intersects(q.geom, d.geom) LEFT JOIN schools n ON n.role = 'network' AND ST_DWithin(q.geog, n.geog, 5000, true) WHERE q.role = 'quality' ORDER BY d.adm2_pcode, q.school_id, distance_m, n.school_id) to '$out/postgis.csv' with (format csv, header true)
SQL
# The same pipeline as PostgreSQL runs it out of the box and as an analyst
# would write it (tests/ref/postgis_ref.sh): JIT at its default, statistics
# gathered after the load.
sed -e '/^SET jit = off;$/d' \
    -e 's/^CREATE INDEX schools_geog_gist ON schools USING gist (geog);$/&\nANALYZE schools;/' \
    "$out/national.sql" >"$out/national_default.sql"
chmod 644 "$out/national.sql" "$out/national_default.sql"

run_qsmap() {
  "$bin" --schools "$schools" --boundaries "$adm2" --all -q -o "$out/qsmap.csv"
}
run_postgis() {
  pg -f "$out/national.sql"
}
run_postgis_default() {
  pg -f "$out/national_default.sql"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dirty=$(git -C "$here" status --short | wc -l)
echo "commit: $(git -C "$here" rev-parse --short HEAD)$([ "$dirty" -gt 0 ] && echo " (+$dirty uncommitted files)")"
echo "qsmap binary: $src_bin, built $(date -r "$src_bin" '+%F %T')"
echo "server: $(pg -At -c "SELECT split_part(version(), ' (', 1) || ', PostGIS ' || postgis_lib_version() || ', GEOS ' || postgis_geos_version()")"

echo "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the times)"

# --- timing: one untimed warm-up each, then alternate -------------------------
run_qsmap
run_postgis
run_postgis_default
qs=() ps=() pd=()
for i in $(seq "$runs"); do
  rm -f "$out/qsmap.csv"
  t0=$(date +%s%N); run_qsmap; t1=$(date +%s%N)
  qs+=($((t1 - t0)))
  rm -f "$out/postgis.csv"
  t0=$(date +%s%N); run_postgis_default; t1=$(date +%s%N)
  pd+=($((t1 - t0)))
  rm -f "$out/postgis.csv"
  t0=$(date +%s%N); run_postgis; t1=$(date +%s%N)
  ps+=($((t1 - t0)))
done

echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- same pairs? (outputs of the last timed runs) ------------------------------
python3 - "$out/qsmap.csv" "$out/postgis.csv" <<'PY'
import csv, sys
def pairs(path, enc):
    with open(path, encoding=enc, newline="") as f:
        r = csv.reader(f)
        h = next(r)
        qi, ni, di = h.index("quality_id"), h.index("network_id"), h.index("distance_m")
        rows = [(x[qi], x[ni], float(x[di])) for x in r if x[ni]]
    d = {(a, b): m for a, b, m in rows}
    if len(d) != len(rows):
        sys.exit(f"FAIL: {path} repeats {len(rows) - len(d)} pairs")
    return d
q = pairs(sys.argv[1], "utf-8-sig")   # qsmap: BOM, CRLF; quality_id 3rd, network_id 6th
p = pairs(sys.argv[2], "utf-8")
if q.keys() != p.keys():
    only_q, only_p = sorted(q.keys() - p.keys()), sorted(p.keys() - q.keys())
    sys.exit(f"FAIL: pairs differ: qsmap {len(q)}, PostGIS {len(p)}; only qsmap {len(only_q)} "
             f"{only_q[:5]}, only PostGIS {len(only_p)} {only_p[:5]}")
if len(q) != 7790:
    sys.exit(f"FAIL: {len(q)} pairs, expected 7,790")
dmax = max(abs(q[k] - p[k]) for k in q)
print(f"pairs: qsmap {len(q):,} = PostGIS {len(p):,}, the same set; largest distance difference {dmax * 1000:.2f} mm")
PY

python3 - "${qs[*]}" "${ps[*]}" "${pd[*]}" <<'PY'
import statistics, sys
q = [int(x) / 1e6 for x in sys.argv[1].split()]
p = [int(x) / 1e6 for x in sys.argv[2].split()]
d = [int(x) / 1e6 for x in sys.argv[3].split()]
for i, (a, b, c) in enumerate(zip(q, p, d), 1):
    print(f"run {i}: qsmap {a:8.1f} ms   PostGIS tuned {b:8.1f} ms   PostGIS defaults {c:8.1f} ms")
mq, mp, md = statistics.median(q), statistics.median(p), statistics.median(d)
print(f"median: qsmap {mq:.1f} ms, PostGIS tuned (jit off, no ANALYZE) {mp:.1f} ms, "
      f"PostGIS defaults (jit on, ANALYZE) {md:.1f} ms")
for name, m in (("tuned", mp), ("defaults", md)):
    ratio = mq / m
    print(f"ratio qsmap/PostGIS {name}: {ratio:.3f}   ratio <= 0.05: {'yes' if ratio <= 0.05 else 'no'}")
PY

/usr/bin/time -v "$bin" --schools "$schools" --boundaries "$adm2" --all -q -o "$out/qsmap.csv" 2>"$out/time.txt"
kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
echo "peak memory: $(((kb + 512) / 1024)) MB (qsmap, max RSS $kb kB)"
