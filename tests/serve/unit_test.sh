#!/bin/sh
# unit_test.sh UNIT QSMAP — the package's systemd unit passes
# `systemd-analyze verify`, with ExecStart pointed at the built binary (the
# unit names /usr/bin/qsmap, which a build machine need not have), and
# keeps the hardening the README promises. Exit 77: no systemd-analyze.
set -eu
unit=$1 qsmap=$2
command -v systemd-analyze >/dev/null || { echo "skip: no systemd-analyze"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/bin/qsmap#$qsmap#" "$unit" > "$dir/qsmap.service"
out=$(systemd-analyze verify "$dir/qsmap.service" 2>&1 || true)
if [ -n "$out" ]; then echo "$out"; exit 1; fi
for key in DynamicUser=yes ProtectSystem=strict PrivateTmp=yes NoNewPrivileges=yes \
           'CapabilityBoundingSet=$' 'ExecStart=.* serve .*--auth'; do
    grep -q "^$key" "$unit" || { echo "the unit lacks $key"; exit 1; }
done
echo "ok: $(basename "$unit") verified"
