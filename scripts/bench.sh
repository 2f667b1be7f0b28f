#!/bin/sh
# Benchmark whole `regionet delineate` runs (3 levels, every layer written)
# against the I/O floor measured in the same run: ogr2ogr copying the same
# units to a GeoPackage plus reading the flow file once (wc -l).
#
#   sh scripts/bench.sh [--quick] [--runs N] [--warmup N] [--no-install] [--only delineate|sweep|bootstrap]
#   sh scripts/bench.sh --postgis [--runs N]   (only: flows from PostGIS vs CSV)
#   RN=path/to/regionet sh scripts/bench.sh   (another build, e.g. before a change)
#
# Cases: Korea (159 si/gun), US counties (3 000+), and synthetic inputs of
# 10 000 units / 1 M flows and 100 000 units / 10 M flows (`regionet
# generate`, cached in $RN_BENCH_DIR by size and seed). --quick skips the
# 100k case. Prints a table: wall time (hyperfine mean), peak RSS
# (/usr/bin/time -v), the floor, and the ratio; then a sweep of 29
# thresholds (Korea, US) against one delineate run of the same inputs; then
# bootstraps of 250 and 1000 replicates (US) against one delineate run.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RN=${RN:-$ROOT/build/regionet}
DIR=${RN_BENCH_DIR:-/tmp/regionet-bench}
RUNS=3
WARMUP=1
QUICK=0
INSTALL=1
POSTGIS=0
SEED=1
ONLY=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --no-install) INSTALL=0 ;;
    --only) ONLY=$2; shift ;;
    --postgis) POSTGIS=1 ;;
    *) echo "usage: $0 [--quick] [--runs N] [--warmup N] [--no-install] [--only delineate|sweep|bootstrap] [--postgis]" >&2; exit 2 ;;
  esac
  shift
done

# what the benchmark needs (not the test suite): hyperfine, GNU time, ogr2ogr
need=""
command -v hyperfine >/dev/null || need="$need hyperfine"
[ -x /usr/bin/time ] || need="$need time"
command -v ogr2ogr >/dev/null || need="$need gdal-bin"
if [ -n "$need" ]; then
  if [ $INSTALL = 1 ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need
  else
    echo "bench.sh: missing:$need (apt-get install -y$need)" >&2; exit 2
  fi
fi
# a fresh clone: build first (scripts/setup.sh installs what the build needs)
if [ ! -x "$RN" ] && [ "$RN" = "$ROOT/build/regionet" ]; then
  sh "$ROOT/scripts/setup.sh" "$ROOT/build" >&2
fi
[ -x "$RN" ] || { echo "bench.sh: build first ($RN missing)" >&2; exit 2; }
mkdir -p "$DIR"
D=$ROOT/datasets

gen() { # gen N M -> $DIR/synth-N-M-sSEED.{gpkg,csv}
  base=$DIR/synth-$1-$2-s$SEED
  if [ ! -s "$base.gpkg" ] || [ ! -s "$base.csv" ]; then
    echo "generating $1 units / $2 flows (seed $SEED) ..." >&2
    "$RN" generate --units "$1" --flows "$2" --seed $SEED --units-out "$base.gpkg" \
      --flows-out "$base.csv" --overwrite -q
  fi
  echo "$base"
}

# mean seconds of a command, from hyperfine's JSON
mean() {
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$DIR/h.json" "$1" >/dev/null 2>&1 ||
    hyperfine --runs "$RUNS" --warmup "$WARMUP" --export-json "$DIR/h.json" "$1" >/dev/null
  python3 -c "import json;print('%.3f'%json.load(open('$DIR/h.json'))['results'][0]['mean'])"
}
peak_mb() { # peak RSS of one run, MB
  /usr/bin/time -v sh -c "$1" 2>"$DIR/tv.txt" >/dev/null
  awk -F: '/Maximum resident/{printf "%.0f", $2/1024}' "$DIR/tv.txt"
}

# --postgis: the 100k units / 10 M flows read from a PostGIS table (a
# throwaway cluster, scripts/pg_cluster.sh) against the same rows from the
# CSV: whole delineate runs, and the "read flows" stage of --timings.
if [ $POSTGIS = 1 ]; then
  . "$ROOT/scripts/pg_cluster.sh"
  trap pg_cluster_stop EXIT
  pg_cluster_start || { echo "bench.sh: --postgis needs PostgreSQL and PostGIS (apt-get install postgresql postgresql-postgis)" >&2; exit 2; }
  b=$(gen 100000 10000000)
  pg_sql "CREATE TABLE flows (origin text, dest text, flow double precision)"
  psql -X -q -h "$PG_DIR" -U postgres -d rn -c "\\copy flows FROM '$b.csv' CSV HEADER"
  pg_sql "VACUUM ANALYZE flows"
  PG="PG:dbname=rn host=$PG_DIR user=postgres"
  common="--units $b.gpkg --id code --name name --mass population --overwrite -q"
  printf '%-34s %9s %14s\n' "100k units / 10 M flows from" "wall s" "read flows s"
  for src in csv postgis; do
    if [ $src = csv ]; then f="--flows $b.csv"; else f="--flows '$PG' --flows-layer flows"; fi
    cmd="$RN delineate $common $f -o $DIR/pg-$src.gpkg"
    t=$(mean "$cmd")
    r=$(sh -c "$RN --timings delineate $common $f -o $DIR/pg-$src.gpkg" 2>&1 |
      awk '/read flows/{print $3}')
    printf '%-34s %9s %14s\n' "$src" "$t" "$r"
  done
  exit 0
fi

section() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
if section delineate; then
printf '%-22s %9s %9s %9s %7s %9s\n' case units+flows "wall s" "floor s" ratio "peak MB"
row() { # row NAME UNITS LAYER(or -) FLOWS ARGS...
  name=$1 units=$2 layer=$3 flows=$4; shift 4
  lopt=""; [ "$layer" = - ] || lopt="--units-layer $layer"
  out=$DIR/$name.gpkg
  cmd="$RN delineate --units $units $lopt --flows $flows $* -o $out --overwrite -q"
  lsrc=""; [ "$layer" = - ] || lsrc=$layer
  floor="sh -c 'ogr2ogr -f GPKG -overwrite $DIR/floor.gpkg $units $lsrc && wc -l $flows'"
  t=$(mean "$cmd")
  f=$(mean "$floor")
  m=$(peak_mb "$cmd")
  n=$(wc -l < "$flows")
  printf '%-22s %9s %9s %9s %7.2f %9s\n' "$name" "$(ogrinfo -ro -so -al $units $lsrc 2>/dev/null | awk -F: '/Feature Count/{gsub(/ /,"",$2);print $2; exit}')+$((n - 1))" \
    "$t" "$f" "$(python3 -c "print($t/$f)")" "$m"
}

row korea "$D/kr/KR_SiGun.gpkg" - "$D/kr/OD_SiGun_long.csv" \
  --id SiGun_CD --name SiGun_NM --mass population --cores "'11;21+26;22;24;25+29'"
row us-counties "$D/us/us_counties_2000.gpkg" counties "$D/us/flows_us_county_2000_on2017.csv" \
  --id fips --name name --mass population
b=$(gen 10000 1000000)
row synth-10k-1M "$b.gpkg" - "$b.csv" --id code --name name --mass population
if [ $QUICK = 0 ]; then
  b=$(gen 100000 10000000)
  row synth-100k-10M "$b.gpkg" - "$b.csv" --id code --name name --mass population
fi
fi
# A sweep of 29 thresholds (the default grid 0.02:0.30:0.01, every level)
# against one delineate run on the same inputs (target: under 3x).
if section sweep; then
printf '\n%-22s %9s %14s %7s\n' "sweep (29 thresholds)" "wall s" "delineate s" ratio
sweep_row() { # sweep_row NAME UNITS LAYER(or -) FLOWS ARGS...
  name=$1 units=$2 layer=$3 flows=$4; shift 4
  lopt=""; [ "$layer" = - ] || lopt="--units-layer $layer"
  one="$RN delineate --units $units $lopt --flows $flows $* -o $DIR/$name.gpkg --overwrite -q"
  sw="$RN sweep --units $units $lopt --flows $flows $* -o $DIR/$name-sweep.gpkg --overwrite -q"
  t=$(mean "$sw")
  d=$(mean "$one")
  printf '%-22s %9s %14s %7.2f\n' "$name" "$t" "$d" "$(python3 -c "print($t/$d)")"
}
sweep_row korea "$D/kr/KR_SiGun.gpkg" - "$D/kr/OD_SiGun_long.csv" \
  --id SiGun_CD --name SiGun_NM --mass population --cores "'11;21+26;22;24;25+29'"
sweep_row us-counties "$D/us/us_counties_2000.gpkg" counties "$D/us/flows_us_county_2000_on2017.csv" \
  --id fips --name name --mass population
fi
# The bootstrap (R replicates, multinomial, every layer written) against one
# delineate run on the same inputs (target: 1000 replicates within 20x), and
# 250 against 1000 replicates (near-linear in R).
boot_row() { # boot_row NAME R UNITS LAYER(or -) FLOWS ARGS...
  name=$1 reps=$2 units=$3 layer=$4 flows=$5; shift 5
  lopt=""; [ "$layer" = - ] || lopt="--units-layer $layer"
  one="$RN delineate --units $units $lopt --flows $flows $* -o $DIR/$name.gpkg --overwrite -q"
  bo="$RN bootstrap --units $units $lopt --flows $flows $* --replicates $reps -o $DIR/$name-boot.gpkg --overwrite -q"
  t=$(mean "$bo")
  # one delineate takes half a second and varies by a tenth on a shared
  # machine: at least 10 runs for the ratio's denominator
  runs=$RUNS; [ "$RUNS" -lt 10 ] && RUNS=10
  d=$(mean "$one")
  RUNS=$runs
  printf '%-22s %9s %14s %7.2f\n' "$name R=$reps" "$t" "$d" "$(python3 -c "print($t/$d)")"
}
if section bootstrap; then
  printf '\n%-22s %9s %14s %7s\n' "bootstrap" "wall s" "delineate s" ratio
  for reps in 250 1000; do
    boot_row us-counties $reps "$D/us/us_counties_2000.gpkg" counties "$D/us/flows_us_county_2000_on2017.csv" \
      --id fips --name name --mass population
  done
fi
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
