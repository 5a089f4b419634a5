#!/bin/sh
# make_variants.sh — regenerate the variant school tables from clean.csv.
# Each variant holds the same schools as clean.csv and must give qsmap's
# byte-identical CSV output (tests/test_variants.c checks that).
#
#   bom.csv             UTF-8 with a byte-order mark
#   cp874.csv           CP874 / TIS-620 (iconv)
#   crlf.csv            CRLF line ends
#   quoted.csv          every field quoted
#   trailing_blank.csv  blank lines and rows of bare commas after the data
#   thai_headers.csv    Thai headers in a shuffled column order, Thai role values
#   reversed.csv        English headers, columns in reverse order
#   clean.csv.gz, reversed.csv.gz   gzip-compressed (gzip -n: no name or time,
#                       so the bytes are reproducible)
#
# Run from anywhere: sh tests/data/variants/make_variants.sh
set -eu
cd "$(dirname "$0")"
export LC_ALL=C

# A quote-aware CSV splitter and writer for awk (mawk or gawk); clean.csv has
# no newlines inside fields.
CSV_AWK='
function split_csv(line, f,    n, i, c, cur, inq) {
    n = 0; cur = ""; inq = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (inq) {
            if (c == "\"") {
                if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
                else inq = 0
            } else cur = cur c
        } else if (c == "\"") inq = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}
function q(s) {
    if (s ~ /[",]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}
function qall(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
'

printf '\357\273\277' > bom.csv
cat clean.csv >> bom.csv

iconv -f UTF-8 -t CP874 clean.csv > cp874.csv

sed 's/$/\r/' clean.csv > crlf.csv

awk "$CSV_AWK"'
{ n = split_csv($0, f); s = ""
  for (i = 1; i <= n; i++) s = s (i > 1 ? "," : "") qall(f[i])
  print s }' clean.csv > quoted.csv

{ cat clean.csv; printf '\n\n,,,,\n\n,,,,,,,,,,,\n\n\n'; } > trailing_blank.csv

# clean.csv's columns: 1 school_id 2 name_th 3 affiliation 4 province
# 5 district 6 latitude 7 longitude 8 students 9 teachers 10 area_rai
# 11 role 12 quality_color
awk "$CSV_AWK"'
BEGIN {
    split("รหัสโรงเรียน,ชื่อโรงเรียน,สังกัด,จังหวัด,อำเภอ,ละติจูด,ลองจิจูด,จำนวนนักเรียน,จำนวนครู,พื้นที่ (ไร่),บทบาท,สี", th, ",")
    m = split("11 6 2 12 7 1 9 4 8 3 10 5", order, " ")
}
{ n = split_csv($0, f)
  if (NR == 1) for (i = 1; i <= n; i++) f[i] = th[i]
  else if (f[11] == "quality") f[11] = "โรงเรียนคุณภาพ"
  else if (f[11] == "network") f[11] = "โรงเรียนเครือข่าย"
  s = ""
  for (k = 1; k <= m; k++) s = s (k > 1 ? "," : "") q(f[order[k]])
  print s }' clean.csv > thai_headers.csv

awk "$CSV_AWK"'
{ n = split_csv($0, f); s = ""
  for (i = n; i >= 1; i--) s = s (i < n ? "," : "") q(f[i])
  print s }' clean.csv > reversed.csv

gzip -n -9 -c clean.csv > clean.csv.gz
gzip -n -9 -c reversed.csv > reversed.csv.gz
