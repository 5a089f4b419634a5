#!/usr/bin/env bash
# serve.sh [BUILD_DIR] — qsmap serve under load: wrk (Debian's) with 50
# connections on 2 threads for DURATION seconds (default 30) against the
# report JSON of เมืองอ่างทอง and then its PNG preview (96 dpi), on loopback.
# A third run asks for every district's report in turn, past the reply
# cache (the cold figure). Prints requests/s, p50/p99 latency and errors per run, the server's RSS
# sampled each second (start, peak, end), the machine and the commit.
# Exit 1 if any request failed.
set -euo pipefail
build=${1:-build}
duration=${DURATION:-30}
command -v wrk >/dev/null || { echo "serve.sh: needs wrk (apt-get install wrk)"; exit 2; }
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$build/qsmap" serve --port 0 2> "$dir/err" &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's#.*serving http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$dir/err")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$dir/err"; exit 1; }
cat > "$dir/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  local bad = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("requests %d  req/s %.1f  p50 %.1f ms  p99 %.1f ms  max %.1f ms  errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3, bad))
end
LUA
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit: $(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "wrk: 50 connections, 2 threads, ${duration} s per run"
failed=0
run() { # NAME PATH [SCRIPT]
  local rss="$dir/rss.$1"
  (while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$pid/status"; sleep 1; done) > "$rss" &
  local sampler=$!
  local line
  line=$(wrk -t2 -c50 -d"${duration}s" --latency -s "${3:-$dir/report.lua}" "http://127.0.0.1:$port$2" | tail -1)
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  echo "$1: $line"
  echo "$1: RSS start $(head -1 "$rss") kB, peak $(sort -n "$rss" | tail -1) kB, end $(tail -1 "$rss") kB"
  case "$line" in *"errors 0"*) ;; *) failed=1 ;; esac
}
# Every district in turn: 928 selections cycle through a cache of 256, so
# each request is built and written anew (the cold figure).
curl -sf "http://127.0.0.1:$port/api/districts" | grep -o '"pcode":"TH[0-9]*"' | cut -d'"' -f4 > "$dir/pcodes"
sed "s#PCODES#$dir/pcodes#" > "$dir/cycle.lua" <<'LUA'
local codes, i = {}, 0
for line in io.lines("PCODES") do codes[#codes + 1] = line end
request = function()
  i = i % #codes + 1
  return wrk.format("GET", "/api/report?district=" .. codes[i] .. "&radius=5km")
end
LUA
cat "$dir/report.lua" >> "$dir/cycle.lua"
curl -sf -o /dev/null "http://127.0.0.1:$port/api/report?district=TH1501&radius=5km"
run report "/api/report?district=TH1501&radius=5km"
run report-every-district "/" "$dir/cycle.lua"
run png "/api/download/preview.png?district=TH1501&radius=5km&dpi=96"
kill -TERM "$pid"
wait "$pid"
echo "server: exit $?"
exit "$failed"
