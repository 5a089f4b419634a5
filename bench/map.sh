#!/usr/bin/env bash
# bench/map.sh — one district map, PNG (300 dpi) and PDF together, whole
# process (load the national table and boundaries, join, draw, write), with
# hyperfine: 3 warm-ups, 15 runs. Prints the median of each district.
# usage: bench/map.sh [build-dir]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/${1:-build}/qsmap"
[ -x "$bin" ] || { echo "build qsmap first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git -C "$here" rev-parse --short HEAD)"
for d in TH1501 TH1502 TH1503 TH1504 TH1505 TH1506 TH1507 TH1001 TH6201 TH6207; do
  hyperfine -N -w 3 -r 15 --export-json "$d.json" \
    "$bin --district $d -q -o $d.pdf -o $d.png" >/dev/null
  python3 - "$d" "$d.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"{sys.argv[1]}: median {r['median']*1000:.0f} ms (min {r['min']*1000:.0f}, max {r['max']*1000:.0f}, {len(r['times'])} runs)")
PY
done
