#!/bin/bash
# Regenerates the IQA-network distance references for `qsmap networks`:
#   tests/data/ref/networks_2563_pairs.csv      lead -> member, PostGIS spheroid
#   tests/data/ref/networks_2563_shares.csv     counts and shares over the list
#   tests/data/ref/networks_2563_geodsolve.csv  the same pairs, GeographicLib GeodSolve
# from the network list (default /work/shared/geodata/networks/iqa_networks_2563.csv)
# and the SHIPPED school table geodata/schools_th.csv.gz (byte-identical to
# /work/shared/geodata/schools/schools_th.csv once gunzipped, checked 2026-12-02).
#
# RESULT (last run, PostgreSQL 15.18 + PostGIS 3.3.2, GeographicLib 2.1.2):
#   723 rows, 638 matched, 85 unmatched; 548 members, 448 measured: 96 within 5 km,
#   352 beyond 5 km (78.57 %), 132 beyond 20 km (29.46 %). Farthest: network 173,
#   1071020454 -> 1073180289, 187665.1988 m. max |ST_Distance - GeodSolve| = 7.0e-9 m
#   (GeodSolve -p 9 print rounding); 0 pairs differ at 4 decimals.
#   See tests/ref/README.md ("IQA networks 2563").
#
# Rules:
#   * A pair = a member row whose network's lead row AND the member row both have
#     a school_id (every school_id of the list is in the table). Pairs are in list
#     order (the CSV's row order).
#   * distance_m = round(ST_Distance(lead::geography, member::geography, true)::numeric, 4)
#     with geography = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) (spheroid).
#   * shares.csv (SQL): rows = all data rows; matched_rows / unmatched_rows = rows with /
#     without a school_id; members = role 'member' rows; measured = pairs;
#     within_5km = distance <= 5000; beyond_5km = > 5000; beyond_20km = > 20000 (on the
#     full-precision distance); share_*_pct = round(100 * beyond / measured, 2).
#   * geodsolve.csv: echo "lat1 lon1 lat2 lon2" | GeodSolve -i -p 9 (WGS84), with the
#     coordinate strings exactly as in the school table; s12_m printed with 4 decimals.
#   * Check: |ST_Distance - GeodSolve s12| (both full precision) must be <= 1 mm on
#     every pair, and both files must list the same pairs; otherwise nothing is written
#     and the script exits 1.
#
# PostgreSQL: role qsmap / password qsmap, database qsmap_test (tests/ref/pg_setup.sh);
# everything is loaded into TEMP tables of one psql session, nothing persists.
# Override with PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE.
#
# Usage: bash tests/ref/networks_ref.sh [NETWORK_LIST_CSV]   (from anywhere)
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/tests/data/ref"
NETWORKS=${1:-/work/shared/geodata/networks/iqa_networks_2563.csv}
SCHOOLS_GZ="$ROOT/geodata/schools_th.csv.gz"
PAIRS="$OUT/networks_2563_pairs.csv"
SHARES="$OUT/networks_2563_shares.csv"
GEOD="$OUT/networks_2563_geodsolve.csv"
TOL_M=0.001

export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-qsmap} PGPASSWORD=${PGPASSWORD:-qsmap}
export PGDATABASE=${PGDATABASE:-qsmap_test}

die() { echo "networks_ref.sh: $*" >&2; exit 1; }
command -v GeodSolve >/dev/null || die "GeodSolve missing: apt-get install -y geographiclib-tools"
command -v psql >/dev/null || die "psql missing"
[ -r "$NETWORKS" ] || die "cannot read $NETWORKS"
[ -r "$SCHOOLS_GZ" ] || die "cannot read $SCHOOLS_GZ"
psql -X -q -A -t -c 'SELECT postgis_lib_version()' >/dev/null 2>&1 ||
  die "cannot reach PostGIS as $PGUSER@$PGHOST/$PGDATABASE (run tests/ref/pg_setup.sh as root)"
mkdir -p "$OUT"

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
gzip -dc "$SCHOOLS_GZ" > "$W/schools.csv"
cp "$NETWORKS" "$W/networks.csv"
# the columns are found by name (the school table has 17; only 3 are used)
head -n1 "$W/schools.csv" | tr -d '\r' | tr ',' '\n' > "$W/school_cols.txt"
for c in school_id latitude longitude; do
  grep -qx "$c" "$W/school_cols.txt" || die "school table has no column $c"
done
[ "$(head -n1 "$W/networks.csv" | tr -d '\r')" = \
  "network_id,row_no,affiliation_doc,role,name_doc,school_id,match,note" ] ||
  die "unexpected header in $NETWORKS"
school_ddl=$(sed 's/.*/"&" text/' "$W/school_cols.txt" | paste -sd, -)

# ------------------------------------------------------------------ PostGIS
cd "$W"
psql -X -q -v ON_ERROR_STOP=1 -A -t -F' ' > "$W/pg_info.txt" <<EOF
SET client_min_messages = warning;
SET extra_float_digits = 3;
CREATE TEMP TABLE schools ($school_ddl);
\\copy schools FROM 'schools.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE net (ord bigserial, network_id int, row_no int, affiliation_doc text,
  role text, name_doc text, school_id text, match text, note text);
\\copy net (network_id, row_no, affiliation_doc, role, name_doc, school_id, match, note) FROM 'networks.csv' WITH (FORMAT csv, HEADER true)
UPDATE net SET school_id = NULL WHERE school_id = '';

-- every school_id of the list must be in the table, every network must have one lead
SELECT 'unknown_ids', count(*) FROM net n
  WHERE n.school_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM schools s WHERE s.school_id = n.school_id);
SELECT 'networks_without_one_lead', count(*) FROM
  (SELECT network_id FROM net GROUP BY network_id HAVING count(*) FILTER (WHERE role = 'lead') <> 1) x;
SELECT 'bad_roles', count(*) FROM net WHERE role NOT IN ('lead', 'member');

CREATE TEMP TABLE pairs AS
  SELECT m.ord, m.network_id, l.school_id AS lead_id, m.school_id AS member_id,
         sl.latitude AS lat1, sl.longitude AS lon1, sm.latitude AS lat2, sm.longitude AS lon2,
         ST_Distance(ST_SetSRID(ST_MakePoint(sl.longitude::float8, sl.latitude::float8), 4326)::geography,
                     ST_SetSRID(ST_MakePoint(sm.longitude::float8, sm.latitude::float8), 4326)::geography,
                     true) AS d
  FROM net m
  JOIN net l ON l.network_id = m.network_id AND l.role = 'lead'
  JOIN schools sl ON sl.school_id = l.school_id
  JOIN schools sm ON sm.school_id = m.school_id
  WHERE m.role = 'member';

\\copy (SELECT network_id, lead_id, member_id, round(d::numeric, 4) AS distance_m FROM pairs ORDER BY ord) TO 'pairs.csv' WITH (FORMAT csv, HEADER true)
\\copy (SELECT network_id, lead_id, member_id, lat1, lon1, lat2, lon2, d FROM pairs ORDER BY ord) TO 'pairs_full.csv' WITH (FORMAT csv)
\\copy (SELECT (SELECT count(*) FROM net) AS rows, (SELECT count(school_id) FROM net) AS matched_rows, (SELECT count(*) - count(school_id) FROM net) AS unmatched_rows, (SELECT count(*) FROM net WHERE role = 'member') AS members, count(*) AS measured, count(*) FILTER (WHERE d <= 5000) AS within_5km, count(*) FILTER (WHERE d > 5000) AS beyond_5km, count(*) FILTER (WHERE d > 20000) AS beyond_20km, round(100.0 * count(*) FILTER (WHERE d > 5000) / nullif(count(*), 0), 2) AS share_beyond_5km_pct, round(100.0 * count(*) FILTER (WHERE d > 20000) / nullif(count(*), 0), 2) AS share_beyond_20km_pct FROM pairs) TO 'shares.csv' WITH (FORMAT csv, HEADER true)

SELECT 'farthest', network_id, lead_id, member_id, round(d::numeric, 4) FROM pairs ORDER BY d DESC, ord LIMIT 1;
SELECT 'postgres', current_setting('server_version');
SELECT 'postgis', postgis_lib_version();
EOF
awk '$1 == "unknown_ids" && $2 != 0 || $1 == "networks_without_one_lead" && $2 != 0 ||
     $1 == "bad_roles" && $2 != 0 { print; bad = 1 } END { exit bad }' "$W/pg_info.txt" ||
  die "network list does not fit the school table (see above)"

# ---------------------------------------------------------------- GeodSolve
# pairs_full.csv: network_id,lead_id,member_id,lat1,lon1,lat2,lon2,pg_distance (ids and
# coordinates contain no commas or quotes)
awk -F, '{ print $4, $5, $6, $7 }' "$W/pairs_full.csv" | GeodSolve -i -p 9 > "$W/geod_out.txt"
[ "$(wc -l < "$W/geod_out.txt")" = "$(wc -l < "$W/pairs_full.csv")" ] || die "GeodSolve output count mismatch"
paste -d' ' <(tr ',' ' ' < "$W/pairs_full.csv") "$W/geod_out.txt" > "$W/joined.txt"
# joined: 1 net 2 lead 3 member 4 lat1 5 lon1 6 lat2 7 lon2 8 pg  9 azi1 10 azi2 11 s12
{
  echo 'network_id,lead_id,member_id,lat1,lon1,lat2,lon2,s12_m'
  awk '{ printf "%s,%s,%s,%s,%s,%s,%s,%.4f\n", $1, $2, $3, $4, $5, $6, $7, $11 }' "$W/joined.txt"
} > "$W/geodsolve.csv"

awk -v tol="$TOL_M" '
  { diff = $8 - $11; if (diff < 0) diff = -diff
    if (diff > max) { max = diff; at = $1 " " $2 "->" $3 }
    if (diff > tol) { printf "MISMATCH network %s %s->%s: PostGIS %s GeodSolve %s (diff %.6f m)\n",
                      $1, $2, $3, $8, $11, diff; bad++ }
    if (sprintf("%.4f", $8) != sprintf("%.4f", $11)) d4++ }
  END { printf "max_abs_diff_m %.9g %s\n", max, (at == "" ? "-" : at)
        printf "differ_at_4dp %d\n", d4
        exit bad > 0 }' "$W/joined.txt" > "$W/check.txt" || { cat "$W/check.txt" >&2; die "PostGIS vs GeodSolve CHECK FAILED (> $TOL_M m)"; }
# both files list the same pairs in the same order
cmp -s <(cut -d, -f1-3 "$W/pairs.csv") <(cut -d, -f1-3 "$W/geodsolve.csv") || die "pair lists differ"

cat "$W/pairs.csv" > "$PAIRS"
cat "$W/shares.csv" > "$SHARES"
cat "$W/geodsolve.csv" > "$GEOD"

# ------------------------------------------------------------------- report
echo "PostgreSQL $(awk '$1=="postgres" { print $2 }' "$W/pg_info.txt"), PostGIS $(awk '$1=="postgis" { print $2 }' "$W/pg_info.txt"), $(GeodSolve --version 2>&1 | head -n1)"
echo "wrote $PAIRS ($(($(wc -l < "$PAIRS") - 1)) pairs)"
echo "wrote $SHARES"
echo "wrote $GEOD ($(($(wc -l < "$GEOD") - 1)) pairs)"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
         { for (i = 1; i <= NF; i++) printf "  %-22s %s\n", h[i], $i }' "$SHARES"
awk '$1 == "farthest" { printf "  farthest pair: network %s lead %s -> member %s, %s m\n", $2, $3, $4, $5 }' "$W/pg_info.txt"
awk '$1 == "max_abs_diff_m" { printf "  max |PostGIS - GeodSolve| = %s m (network %s)\n", $2, $3 }
     $1 == "differ_at_4dp" { printf "  pairs whose 4-decimal values differ: %s\n", $2 }' "$W/check.txt"
echo "CHECK OK (every pair within $TOL_M m)"
