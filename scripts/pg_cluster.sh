# A throwaway PostgreSQL/PostGIS cluster for tests and benchmarks (sourced).
#   pg_cluster_start   sets PG_DIR (a new /tmp/rn_pg.XXXXXX: data, log and
#                      the Unix socket; no TCP port) and PG_BIN, creates
#                      database rn with PostGIS; returns 77 when PostgreSQL
#                      or PostGIS is not installed
#   pg_cluster_stop    stops it and removes PG_DIR
#   pg_sql SQL         runs SQL in database rn
# As root the server runs as nobody (it refuses root); the directory lives
# outside the build tree, whose parents nobody may not enter, and its path
# stays short (the socket's path is limited to 107 bytes).
pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pg_have() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] &&
    ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}
pg_cluster_start() {
  pg_have || return 77
  PG_DIR=$(mktemp -d /tmp/rn_pg.XXXXXX) || return 1
  [ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -c fsync=off" start >/dev/null ||
    { cat "$PG_DIR/server.log"; return 1; }
  psql -X -q -h "$PG_DIR" -U postgres -d postgres -c "CREATE DATABASE rn" >/dev/null &&
    pg_sql "CREATE EXTENSION postgis"
}
pg_cluster_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}
pg_sql() { psql -X -q -h "$PG_DIR" -U postgres -d rn -Atc "$1"; }
