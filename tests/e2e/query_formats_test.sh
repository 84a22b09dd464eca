#!/usr/bin/env bash
# e2e: `ecomdw query` output and read-only guarantee, through the binary on a
# small built warehouse: every --format (after the verb and before it),
# columns in order with duplicate names kept, empty results, DuckDB types
# rendered faithfully, SQL from --file and stdin, and each kind of write
# (COPY … TO, ATTACH, SET/RESET, PRAGMA, INSTALL/LOAD, EXPORT, CREATE, a second
# statement) refused with exit 2 and nothing written.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: query_formats_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
q() { TZ=UTC "$ECOMDW" --project "$p" query "$@"; }
same() {  # same WHAT GOT WANT
  if [[ "$2" == "$3" ]]; then ok; else fail "$1:"$'\n'"got:  $2"$'\n'"want: $3"; fi
}

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 3 --days 5 --to "file://$p/raw" > /dev/null 2>&1 || exit 1
"$ECOMDW" --log-level warn --project "$p" build > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

two='SELECT 1 AS b, 2 AS a, 3 AS b, '"'"'x,"y"'"'"' AS s'
same "csv after the verb" "$(q --format csv "$two")" $'b,a,b,s\n1,2,3,"x,""y"""'
same "csv before the verb" "$(TZ=UTC "$ECOMDW" --project "$p" --format csv query "$two")" $'b,a,b,s\n1,2,3,"x,""y"""'
same "json keeps order and duplicates" "$(q --format json "$two")" $'[\n{"b":1,"a":2,"b":3,"s":"x,\\"y\\""}\n]'
same "jsonl" "$(q --format jsonl "SELECT 2 AS z, NULL AS a UNION ALL SELECT 1, 'q' ORDER BY z")" \
  $'{"z":1,"a":"q"}\n{"z":2,"a":null}'
same "markdown" "$(q --format markdown "SELECT 'a|b' AS x, NULL AS y")" $'| x | y |\n| --- | --- |\n| a\\|b |  |'
same "text" "$(q "SELECT 1 AS a, 'long value' AS b")" $'a  b\n-  ----------\n1  long value'

empty="SELECT sku, product_name FROM marts.product_performance WHERE false"
same "empty json" "$(q --format json "$empty")" "[]"
same "empty jsonl" "$(q --format jsonl "$empty")" ""
same "empty csv" "$(q --format csv "$empty")" "sku,product_name"
same "empty markdown" "$(q --format markdown "$empty")" $'| sku | product_name |\n| --- | --- |'
same "empty text" "$(q "$empty")" $'sku  product_name\n---  ------------'

types="SELECT TIMESTAMPTZ '2024-01-02 03:04:05.5+00' AS tz, '8d6ab0b2-3e4a-4b0e-9d55-2c8a4d6c6f11'::UUID AS u,
  [1, 2] AS l, INTERVAL 1 DAY + INTERVAL 2 HOUR AS i, '\\x01\\x02A'::BLOB AS bl,
  170141183460469231731687303715884105727::HUGEINT AS h, {'k': 1, 'v': [true]} AS st,
  1.50::DECIMAL(38, 2) AS d38, 12.25::DECIMAL(9, 2) AS d9, DATE '2024-02-29' AS d, 0.1::FLOAT AS f,
  TIME '10:11:12' AS t, MAP {'a': 1} AS m, 'inf'::DOUBLE AS inf, 18446744073709551615::UBIGINT AS ub"
same "types as jsonl" "$(q --format jsonl "$types")" \
  '{"tz":"2024-01-02 03:04:05.5+00","u":"8d6ab0b2-3e4a-4b0e-9d55-2c8a4d6c6f11","l":[1,2],"i":"1 day 02:00:00","bl":"\\x01\\x02A","h":170141183460469231731687303715884105727,"st":{"k":1,"v":[true]},"d38":1.50,"d9":12.25,"d":"2024-02-29","f":0.1,"t":"10:11:12","m":{"a":1},"inf":"inf","ub":18446744073709551615}'
same "types as csv" "$(q --format csv "$types")" \
  $'tz,u,l,i,bl,h,st,d38,d9,d,f,t,m,inf,ub\n2024-01-02 03:04:05.5+00,8d6ab0b2-3e4a-4b0e-9d55-2c8a4d6c6f11,"[1, 2]",1 day 02:00:00,\\x01\\x02A,170141183460469231731687303715884105727,"{\'k\': 1, \'v\': [true]}",1.50,12.25,2024-02-29,0.1,10:11:12,{a=1},inf,18446744073709551615'

echo "SELECT 42 AS answer" > "$work/q.sql"
same "--file" "$(q --format csv --file "$work/q.sql")" $'answer\n42'
same "stdin" "$(echo "SELECT 43 AS answer;" | q --format csv)" $'answer\n43'
same "--file -" "$(echo "SELECT 44 AS answer" | q --format csv --file -)" $'answer\n44'
same "SHOW/DESCRIBE pass" "$(q --format csv "DESCRIBE SELECT 1 AS one" | head -1 | cut -d, -f1-2)" "column_name,column_type"
q --format yaml "SELECT 1" > /dev/null 2>&1; same "unknown format exit" "$?" "2"

# Writes of every kind: exit 2, a message saying read-only, nothing on disk.
refused=(
  "COPY (SELECT 1 AS a) TO '$work/out.csv'"
  "COPY marts.daily_sales_by_channel TO '$work/out.csv'"
  "ATTACH '$work/other.duckdb' AS other"
  "SET threads = 1"
  "RESET threads"
  "PRAGMA enable_profiling"
  "INSTALL httpfs"
  "LOAD httpfs"
  "EXPORT DATABASE '$work/exported'"
  "CREATE TABLE main.x AS SELECT 1 AS a"
  "CHECKPOINT"
  "SELECT 1; COPY (SELECT 1 AS a) TO '$work/out.csv'"
  "CALL pragma_version()"
)
for stmt in "${refused[@]}"; do
  q "$stmt" > "$work/out" 2> "$work/err"
  rc=$?
  [[ $rc -eq 2 ]] && ok || fail "exit $rc for: $stmt ($(cat "$work/err"))"
  grep -qiE "read-only|exactly one statement" "$work/err" && ok || fail "no read-only message for: $stmt ($(cat "$work/err"))"
done
[[ ! -e "$work/out.csv" && ! -e "$work/other.duckdb" && ! -e "$work/exported" ]] && ok || fail "a refused statement wrote a file"
same "still answers" "$(q --format csv "SELECT count(*) > 0 AS built FROM marts.daily_sales_by_channel")" $'built\ntrue'

e2e_finish query_formats
