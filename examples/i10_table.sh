#!/bin/sh
# examples/i10_table.sh — the shipped school table with two made-up
# participation columns, network_status_2565 and network_status_2566, for
# trying --indicator10 (the shipped table reports no participation). The
# statuses are a fixed function of each school id, so the table is the same
# on every machine; like the positions, they are SAMPLE data.
# Usage: examples/i10_table.sh [OUT.csv]  (default: schools_i10.csv)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-schools_i10.csv}
zcat "$here/../geodata/schools_th.csv.gz" | awk -F, '
function status(k) {
    if (k <= 1) return "เรียนรวม"
    if (k == 2) return "ใช้ทรัพยากรร่วมกัน"
    if (k == 3) return "ยังไม่เข้าร่วม"
    return ""
}
NR == 1 { sub(/\r$/, ""); print $0 ",network_status_2565,network_status_2566"; next }
{
    sub(/\r$/, "")
    id = $1 + 0
    print $0 "," status(int(id / 7) % 6) "," status(id % 6)
}' > "$out"
echo "wrote $out"
