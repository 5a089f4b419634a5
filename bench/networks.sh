#!/bin/sh
# bench/networks.sh — qsmap networks on the shipped data, whole process:
#   1. all 175 IQA networks of 2563 to CSV (goal: under 100 ms), side by side
#      in one hyperfine run with the national catchment CSV run, the
#      reference point every round is measured against;
#   2. the 175-network atlas PDF (goal: under 30 s on 2 cores), 3 runs.
# Usage: bench/networks.sh [build-dir]; needs hyperfine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q=$build/qsmap

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo +)"
medians() { python3 -c '
import json, sys, statistics
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print("  %9.1f ms median (min %.1f, max %.1f, %d runs)  %s" % (1000 * statistics.median(t),
          1000 * min(t), 1000 * max(t), len(t),
          r["command"].replace(sys.argv[2] + "/", "")))' "$1" "$tmp"; }

echo
echo "175 networks to CSV vs the national catchment CSV (20 runs, 3 warm-ups):"
hyperfine -N -w 3 -r 20 --export-json "$tmp/csv.json" \
  "$q networks --all -q -o $tmp/networks.csv" \
  "$q --all -q -o $tmp/national.csv" >/dev/null
medians "$tmp/csv.json"

echo
echo "the 175-network atlas (3 runs, 1 warm-up):"
hyperfine -N -w 1 -r 3 --export-json "$tmp/pdf.json" \
  "$q networks --all -q -o $tmp/networks.pdf" >/dev/null
medians "$tmp/pdf.json"
echo "  pages: $(pdfinfo "$tmp/networks.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
