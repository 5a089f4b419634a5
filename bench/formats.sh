#!/bin/sh
# bench/formats.sh — what the GDAL reader costs, and that a CSV run does not
# pay for it. Side by side in one hyperfine run:
#   1. the national CSV run (shipped data, --all -o CSV) of this build and,
#      when given, of a build from before the reader (BEFORE_BUILD);
#   2. the same national table read from CSV, from a GeoPackage and from an
#      XLSX workbook, and the boundaries from the shapefile and a GeoPackage;
#   3. how many shared libraries each run maps (LD_DEBUG=libs).
# Usage: bench/formats.sh [build-dir] [BEFORE_BUILD]; needs hyperfine and
# ogr2ogr (gdal-bin). Fixtures are made once, untimed, in a temporary dir.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
before=${2:-}
geo=$here/../geodata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q=$build/qsmap

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo +)"
[ -n "$before" ] && echo "before: $before ($("$before/qsmap" --version))"

# untimed: the national table as GeoPackage and XLSX, the boundaries as GeoPackage
zcat "$geo/schools_th.csv.gz" > "$tmp/schools.csv"
ogr2ogr -f GPKG "$tmp/schools.gpkg" "$tmp/schools.csv" -nln schools \
  -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326
ogr2ogr -f XLSX "$tmp/schools.xlsx" "$tmp/schools.csv" -nln schools
ogr2ogr -f GPKG "$tmp/adm2.gpkg" "$geo/tha_adm2.shp" -nln adm2 -nlt PROMOTE_TO_MULTI

echo
echo "libraries mapped (LD_DEBUG=libs, 'calling init' lines):"
libs() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -c 'calling init' || true; }
echo "  CSV run:            $(libs "$q" --all -q -o "$tmp/a.csv")"
[ -n "$before" ] && echo "  CSV run (before):   $(libs "$before/qsmap" --all -q -o "$tmp/b.csv")"
echo "  GeoPackage run:     $(libs "$q" --schools "$tmp/schools.gpkg" --all -q -o "$tmp/c.csv")"
echo "  libgdal in CSV run: $(LD_DEBUG=libs "$q" --all -q -o "$tmp/a.csv" 2>&1 | grep -c libgdal || true)"

echo
cmds="'$q --all -q -o $tmp/n.csv'"
[ -n "$before" ] && cmds="$cmds '$before/qsmap --all -q -o $tmp/o.csv'"
medians() { python3 -c '
import json, sys, statistics
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print("  %8.1f ms median (min %.1f, max %.1f, %d runs)  %s" % (1000 * statistics.median(t),
          1000 * min(t), 1000 * max(t), len(t),
          r["command"].replace(sys.argv[2] + "/", "").replace(" -q -o", " ... -o")))' "$1" "$tmp"; }
eval hyperfine -N -w 3 -r 20 --export-json "$tmp/national.json" "$cmds" >/dev/null
echo "national CSV run (20 runs, 3 warm-ups, alternating is hyperfine's order):"
medians "$tmp/national.json"
if command -v valgrind >/dev/null; then
  ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
         sed -n 's/.*Collected : //p'; }
  echo "  instructions (callgrind, whole process): $(ir "$q" --all -q -o "$tmp/n.csv")"
  [ -n "$before" ] && echo "  instructions before:                      $(ir "$before/qsmap" --all -q -o "$tmp/o.csv")"
fi

echo
hyperfine -N -w 2 -r 10 --export-json "$tmp/formats.json" \
  "$q --schools $tmp/schools.csv --all -q -o $tmp/f1.csv" \
  "$q --schools $tmp/schools.gpkg --all -q -o $tmp/f2.csv" \
  "$q --schools $tmp/schools.xlsx --all -q -o $tmp/f3.csv" \
  "$q --schools $tmp/schools.csv --boundaries $tmp/adm2.gpkg --all -q -o $tmp/f4.csv" >/dev/null
echo "national table by format: CSV, GeoPackage, XLSX schools; GeoPackage boundaries:"
medians "$tmp/formats.json"
for k in 2 3 4; do
  cmp -s "$tmp/f1.csv" "$tmp/f$k.csv" && echo "  run $k: the CSV run's pairs, byte for byte" \
    || echo "  run $k: DIFFERS from the CSV run"
done
