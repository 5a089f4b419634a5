#!/usr/bin/env bash
# bench/floor.sh — the fixed costs under any whole-process time on this
# machine: starting a program linked with qsmap's libraries (an empty main,
# hyperfine), touching fresh memory (bench_first_touch), and qsmap --version.
# usage: bench/floor.sh [build-dir]   (needs hyperfine and a C compiler)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/${1:-build}"
[ -x "$build/bench_first_touch" ] && [ -x "$build/qsmap" ] ||
  { echo "build qsmap and the benchmarks first: cmake -S . -B build -DQSMAP_BENCH=ON && cmake --build build" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
printf 'int main(void) { return 0; }\n' >"$tmp/empty.c"
libs() { pkg-config --libs "$@"; }
cc -O2 "$tmp/empty.c" -o "$tmp/empty"
cc -O2 "$tmp/empty.c" -o "$tmp/empty+geos+shp+z" -Wl,--no-as-needed $(libs geos shapelib zlib)
cc -O2 "$tmp/empty.c" -o "$tmp/empty+proj" -Wl,--no-as-needed $(libs proj)
cc -O2 "$tmp/empty.c" -o "$tmp/empty+all" -Wl,--no-as-needed $(libs geos shapelib zlib proj)
echo "shared objects an empty program linked with libproj loads (ldd): $(ldd "$tmp/empty+proj" | wc -l)"
hyperfine -N -w 20 -r 200 --style basic "$tmp/empty" "$tmp/empty+geos+shp+z" "$tmp/empty+proj" \
  "$tmp/empty+all" "$build/qsmap --version" 2>&1 | grep -E '^Benchmark|Time \(mean'
for huge in 0 1; do
  for i in 1 2 3 4 5; do "$build/bench_first_touch" 16 "$huge"; done
done
