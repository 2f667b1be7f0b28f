#!/bin/sh
# PostgreSQL/PostGIS in and out against a real server: a throwaway cluster
# (initdb in a temporary directory, run by an unprivileged user, Unix socket
# only: listen_addresses='') loaded with the Korean and US data; reading from
# tables and from SQL, writing a schema, refusal without --overwrite,
# --overwrite, SIGINT/SIGTERM/SIGKILL during the write leaving the database
# as it was (catalog queries), a failed connection named without its
# password, PostGIS equal to the GeoPackage from the same inputs, and QGIS
# opening a layer styled from the database. The cluster is stopped and
# removed on exit, also when a check fails. Exit 77 (ctest SKIP) only when
# PostgreSQL/PostGIS are missing and cannot be installed here.
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}" "${RN_TESTS:?}"
rm -rf "$RN_TMP" && mkdir -p "$RN_TMP"
T="$RN_TMP"

. "$RN_TESTS/../scripts/pg_cluster.sh"
if ! pg_have; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing postgresql postgresql-postgis"
    pkgs="postgresql postgresql-postgis"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1; }
  fi
  pg_have || { echo "SKIP: PostgreSQL with PostGIS (postgresql, postgresql-postgis) is not installed and cannot be installed here"; exit 77; }
fi
trap pg_cluster_stop EXIT
trap 'exit 1' INT TERM HUP
pg_cluster_start || exit 1
D=$PG_DIR

fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if [ "$2" = "$3" ]; then ok "$1 = $2"; else bad "$1: got '$2', want '$3'"; fi; }
q() { pg_sql "$1"; }
q "CREATE SCHEMA src" || exit 1
# the password is ignored by trust authentication, and must never be shown
PG="PG:dbname=rn host=$D user=postgres password=s3cr3t application_name=rn_test"

# ---------------------------------------------------------------- the data
kr="$RN_DATA/kr"
us="$RN_DATA/us"
ogr2ogr -f PostgreSQL "$PG" "$kr/KR_SiGun.gpkg" -nln src.kr_units -lco GEOMETRY_NAME=geom || exit 1
ogr2ogr -f PostgreSQL "$PG" "$us/us_counties_2000.gpkg" counties -nln src.us_counties \
  -lco GEOMETRY_NAME=geom || exit 1
q "CREATE TABLE src.kr_flows (origin text, dest text, flow double precision);
   CREATE TABLE src.us_flows (origin text, dest text, workers double precision)" || exit 1
psql -X -q -h "$D" -U postgres -d rn -c "\\copy src.kr_flows FROM '$kr/OD_SiGun_long.csv' CSV HEADER" || exit 1
psql -X -q -h "$D" -U postgres -d rn -c "\\copy src.us_flows FROM '$us/flows_us_county_2000_on2017.csv' CSV HEADER" || exit 1
check "loaded kr units, kr flows, us counties" \
  "$(q "SELECT (SELECT count(*) FROM src.kr_units) || ',' || (SELECT count(*) FROM src.kr_flows) || ',' || (SELECT count(*) FROM src.us_counties)")" \
  "159,25020,3107"

KR="--id SiGun_CD --name SiGun_NM --mass population --cores 11;21+26;22;24;25+29 -q"
US="--id fips --name name --mass population -q"
partition() { sqlite3 "$1" "SELECT code, metro_id, urban_id, life_id FROM units ORDER BY code"; }

# ------------------------------------------------------------------ reading
# shellcheck disable=SC2086
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$T/kr_files.gpkg" ||
  bad "files run"
"$RN" delineate --units "$PG" --units-layer src.kr_units --flows "$PG" --flows-layer src.kr_flows $KR \
  -o "$T/kr_tables.gpkg" 2>"$T/err" || { cat "$T/err"; bad "read from tables"; }
"$RN" delineate --units "$PG" --units-layer src.kr_units --flows "$PG" \
  --flows-sql "SELECT origin, dest, sum(flow) AS flow FROM src.kr_flows GROUP BY origin, dest" $KR \
  -o "$T/kr_sql.gpkg" 2>"$T/err" || { cat "$T/err"; bad "read from SQL"; }
partition "$T/kr_files.gpkg" > "$T/p_files"
check "units read from the database" "$(partition "$T/kr_tables.gpkg" | wc -l)" 159
partition "$T/kr_tables.gpkg" > "$T/p_tables"
partition "$T/kr_sql.gpkg" > "$T/p_sql"
cmp -s "$T/p_files" "$T/p_tables" && ok "tables: the partition of the files" || bad "tables: partition differs"
cmp -s "$T/p_files" "$T/p_sql" && ok "--flows-sql: the partition of the files" || bad "--flows-sql: partition differs"
check "provenance: units from the database, no file checksum" \
  "$(jq -r '[.inputs.units.layer, .inputs.units.sha256, .inputs.flows.rows] | map(tostring) | join(",")' "$T/kr_sql.gpkg.json")" \
  "src.kr_units,null,25020"
# no file checksum for a database: a digest of the flows as read, in code
# order ("origin<TAB>dest<TAB>%.17g" per pair), recomputed here from the CSV
want=$(tail -n +2 "$kr/OD_SiGun_long.csv" | tr -d '"' |
  awk -F, '$3 > 0 { printf "%s\t%s\t%.17g\n", $1, $2, $3 }' |
  LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 | sha256sum | cut -c1-64)
check "flows read from a table: data_sha256 of the pairs" "$(jq -r .inputs.flows.data_sha256 "$T/kr_tables.gpkg.json")" "$want"
check "flows read by SQL: the same data_sha256" "$(jq -r .inputs.flows.data_sha256 "$T/kr_sql.gpkg.json")" "$want"
check "units: the same data_sha256 from tables and SQL runs" \
  "$(jq -r .inputs.units.data_sha256 "$T/kr_sql.gpkg.json")" "$(jq -r .inputs.units.data_sha256 "$T/kr_tables.gpkg.json")"
check "files keep their file checksum only" "$(jq -r '.inputs.flows.data_sha256 // "none"' "$T/kr_files.gpkg.json")" none
grep -q s3cr3t "$T/kr_tables.gpkg.json" "$T/kr_sql.gpkg.json" && bad "password in the provenance" || ok "no password in the provenance"
"$RN" delineate --units "$PG" --units-layer src.kr_units --flows "$PG" \
  --flows-sql "SELECT * FROM (SELECT origin, dest, flow FROM src.kr_flows ORDER BY origin, dest) AS a UNION ALL SELECT 'zz', '11', 1" \
  $KR -o "$T/x.gpkg" 2>"$T/err"
grep -q "PG:dbname=rn host=$D user=postgres application_name=rn_test (--flows-sql): row 25021: unknown origin code 'zz'" "$T/err" &&
  ok "a bad row read by COPY is named by its row" || { cat "$T/err"; bad "bad row from SQL"; }
"$RN" delineate --units "$PG" --units-layer src.kr_units --flows "$PG" $KR -o "$T/x.gpkg" 2>"$T/err"
grep -q "a database: give --flows-layer SCHEMA.TABLE or --flows-sql QUERY" "$T/err" &&
  ok "a database needs a layer or a query" || { cat "$T/err"; bad "database without a layer"; }
"$RN" delineate --units "$PG" --units-layer src.kr_units --flows "$PG" --flows-sql "SELECT nonsense FROM nowhere" \
  $KR -o "$T/x.gpkg" 2>"$T/err"
grep -q -- "--flows-sql failed" "$T/err" && ok "a failing query is named: $(head -c 120 "$T/err")" || { cat "$T/err"; bad "failing query"; }

# ------------------------------------------------------------------ writing
fingerprint() { # what a run may change: schemas, relations, styles, provenance
  q "SELECT (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace),
            (SELECT md5(string_agg(n.nspname || '.' || c.relname || c.relkind::text, ','
                                   ORDER BY n.nspname, c.relname))
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
            (SELECT md5(coalesce(string_agg(id || f_table_schema || f_table_name || update_time, ',' ORDER BY id), ''))
               FROM public.layer_styles),
            (SELECT coalesce(string_agg(written_at::text, ','), '') FROM kr.regionet_provenance)"
}
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$PG" --schema kr \
  >"$T/out" 2>"$T/err" || { cat "$T/err"; bad "write kr"; }
check "kr: tables" "$(q "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'kr'")" \
  "balance,balance_regions,cores,life,links,metro,regionet_provenance,units,urban,urban_areas"
check "kr: no temporary schema left" "$(q "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%regionet_tmp%'")" 0
check "kr: a GiST index per layer" \
  "$(q "SELECT count(*) FROM pg_indexes WHERE schemaname = 'kr' AND indexdef LIKE '%USING gist (geom)%'")" 7
check "kr: QGIS styles in public.layer_styles" \
  "$(q "SELECT count(*) || ',' || bool_and(useasdefault) FROM public.layer_styles WHERE f_table_schema = 'kr' AND f_geometry_column = 'geom' AND f_table_catalog = 'rn'")" "7,true"
check "kr: provenance row (units count)" "$(q "SELECT provenance->'inputs'->'units'->>'count' FROM kr.regionet_provenance")" 159
check "kr: provenance in table comments" "$(q "SELECT count(*) FROM pg_tables WHERE schemaname = 'kr' AND obj_description(format('%I.%I', schemaname, tablename)::regclass) LIKE 'regionet output; provenance (JSON): {%'")" 9
q "SELECT provenance FROM kr.regionet_provenance; SELECT obj_description('kr.units'::regclass)" | grep -q s3cr3t &&
  bad "password in the database's provenance" || ok "no password in the database's provenance"
grep -q s3cr3t "$T/out" "$T/err" && bad "password printed" || ok "no password printed"

# same results: every layer of PostGIS equals the GeoPackage's from the same
# inputs (kr_files.gpkg), attributes and geometry, as OGR's CSV prints them
L="units metro urban life urban_areas cores links balance balance_regions"
# shellcheck disable=SC2046
ogr2ogr -f CSV "$T/g" "$T/kr_files.gpkg" $L -lco GEOMETRY=AS_WKT &&
  ogr2ogr -f CSV "$T/p" "$PG" $(for l in $L; do printf 'kr.%s ' $l; done) -lco GEOMETRY=AS_WKT ||
  bad "ogr2ogr to CSV"
same=0
for l in $L; do
  for f in "g/$l" "p/kr.$l"; do
    { head -n 1 "$T/$f.csv"; tail -n +2 "$T/$f.csv" | sort; } > "$T/${f%%/*}_$l.sorted"
  done
  if cmp -s "$T/g_$l.sorted" "$T/p_$l.sorted" && [ "$(wc -l < "$T/g_$l.sorted")" -gt 1 ]; then same=$((same + 1))
  else bad "layer $l differs between GeoPackage and PostGIS"; diff "$T/g_$l.sorted" "$T/p_$l.sorted" | head -n 4; fi
done
check "layers equal in GeoPackage and PostGIS (fields, values, WKT geometry)" "$same" 9

# ------------------------------------------- QGIS opens a layer styled from the database
PY=/usr/bin/python3
if QT_QPA_PLATFORM=offscreen $PY -c 'import qgis.core' 2>/dev/null; then
  mkdir -p "$T/xdg" && chmod 700 "$T/xdg"
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$T/xdg" \
    $PY "$RN_TESTS/cli/qgis_pg_check.py" "dbname='rn' host=$D user=postgres" kr 5179 || bad "QGIS"
else
  echo "note: QGIS (python3-qgis) not installed; the QGIS check is left out"
fi

# refusal without --overwrite: the database unchanged
before=$(fingerprint)
case "$before" in *kr*'|'*'|'*'|'2*) ok "catalog fingerprint: $before" ;; *) bad "catalog fingerprint: '$before'" ;; esac
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$PG" --schema kr 2>"$T/err"
rc=$?
check "existing schema refused (exit code)" "$rc" 6
grep -q "schema 'kr' exists; give --overwrite" "$T/err" && ok "refusal says why" || { cat "$T/err"; bad "refusal message"; }
check "refusal: database unchanged" "$(fingerprint)" "$before"
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$PG" --schema public --overwrite 2>"$T/err"
grep -q "holds no regionet output" "$T/err" && ok "--overwrite never replaces a schema regionet did not write" || { cat "$T/err"; bad "public refused"; }
check "public: database unchanged" "$(fingerprint)" "$before"

# --overwrite never drops, by CASCADE, a view of another schema built on the old tables
q "CREATE VIEW public.kr_metro_names AS SELECT name FROM kr.metro"
before=$(fingerprint)
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$PG" --schema kr --overwrite 2>"$T/err"
grep -q "1 view(s) of other schemas use" "$T/err" && ok "--overwrite refused while a view of another schema uses the tables" ||
  { cat "$T/err"; bad "dependent view"; }
check "dependent view: database unchanged" "$(fingerprint)" "$before"
q "DROP VIEW public.kr_metro_names"

# a run failing after its layers were written (the styles refused by a
# constraint): rolled back, nothing of it left
q "ALTER TABLE public.layer_styles ADD CONSTRAINT rn_test_refuse CHECK (f_table_schema <> 'kr_fail')"
before=$(fingerprint)
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR -o "$PG" --schema kr_fail 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && grep -q "rn_test_refuse" "$T/err" && ok "a failing write says why ($rc)" || { cat "$T/err"; bad "failing write"; }
check "failed write: database unchanged" "$(fingerprint)" "$before"
q "ALTER TABLE public.layer_styles DROP CONSTRAINT rn_test_refuse"

# --overwrite: the US result replaces the Korean one in schema kr
"$RN" delineate --units "$PG" --units-layer src.us_counties --flows "$PG" --flows-layer src.us_flows $US \
  -o "$PG" --schema kr --overwrite 2>"$T/err" || { cat "$T/err"; bad "--overwrite"; }
check "--overwrite: the new units" "$(q "SELECT count(*) FROM kr.units")" 3107
check "--overwrite: one provenance row" "$(q "SELECT count(*) FROM kr.regionet_provenance")" 1
check "--overwrite: the styles replaced" "$(q "SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'kr'")" 7

# interrupted during the write (the transaction open and written to):
# nothing of the run is left, the old schema is intact
for sig in INT TERM KILL; do
  before=$(fingerprint)
  "$RN" delineate --units "$us/us_counties_2000.gpkg" --units-layer counties \
    --flows "$us/flows_us_county_2000_on2017.csv" $US -o "$PG" --schema kr --overwrite 2>"$T/err" &
  pid=$!
  i=0
  while [ $i -lt 1500 ] && [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rn_test' AND backend_xid IS NOT NULL")" != 1 ]; do
    i=$((i + 1))
    kill -0 $pid 2>/dev/null || break
  done
  kill -"$sig" $pid 2>/dev/null
  wait $pid
  rc=$?
  # the server notices a vanished client at once; wait for its rollback
  i=0
  while [ $i -lt 200 ] && [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rn_test'")" != 0 ]; do
    i=$((i + 1)); sleep 0.05
  done
  case $sig in INT) want=130 ;; TERM) want=143 ;; KILL) want=137 ;; esac
  check "SIG$sig during the write: exit code" "$rc" "$want"
  check "SIG$sig during the write: database unchanged" "$(fingerprint)" "$before"
done

# a connection that fails: named, without its password
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --flows "$kr/OD_SiGun_long.csv" $KR \
  -o "PG:dbname=rn host=$D/nowhere user=postgres password=s3cr3t" --schema kr2 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && grep -q "PG:dbname=rn host=$D/nowhere user=postgres: cannot connect" "$T/err" &&
  ok "failed output connection named ($rc)" || { cat "$T/err"; bad "failed output connection"; }
"$RN" delineate --units "PG:dbname=nodb host=$D user=postgres password=s3cr3t" --units-layer src.kr_units \
  --flows "$kr/OD_SiGun_long.csv" $KR -o "$T/y.gpkg" 2>"$T/err"
grep -q "PG:dbname=nodb host=$D user=postgres: cannot open the database: .*nodb" "$T/err" &&
  ok "failed input connection named" || { cat "$T/err"; bad "failed input connection"; }
grep -q s3cr3t "$T/err" && bad "password in a message" || ok "no password in the messages"

exit $fail
