#!/bin/sh
# The Python package's overhead against the CLI on the US counties (3,107
# units, 2000 commuting flows): the best of 3 runs each of
#   cli    regionet delineate ... -q -o OUT.gpkg
#   paths  regionet.delineate(paths...)               (same engine, in-process)
#   +read  the same, then .units and .regions("life") read back as GeoDataFrames
#   frames regionet.delineate(GeoDataFrame, DataFrame) (inputs staged to files first)
# Usage: scripts/bench_python.sh [build-dir]   (the package from the source tree
# over build-dir's libregionet.so.0)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
us=$here/datasets/us
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
best() { sort -n | head -1; }
for k in 1 2 3; do
  s=$(date +%s.%N)
  "$build/regionet" delineate --units "$us/us_counties_2000.gpkg" --units-layer counties --id fips \
    --name name --mass population --flows "$us/flows_us_county_2000_on2017.csv" -q \
    -o "$T/cli$k.gpkg"
  e=$(date +%s.%N)
  echo "$e - $s" | bc
done | best >"$T/cli"
REGIONET_LIBRARY=$build/libregionet.so.0 PYTHONPATH=$here/engine/bindings/python \
  /usr/bin/python3 - "$us" "$(cat "$T/cli")" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
import geopandas, pandas, regionet
us, cli = sys.argv[1], float(sys.argv[2])
units, flows = f"{us}/us_counties_2000.gpkg", f"{us}/flows_us_county_2000_on2017.csv"
opts = dict(units_layer="counties", id="fips", name="name", mass="population")
def best(f):
    ts = []
    for _ in range(3):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)
paths = best(lambda: regionet.delineate(units, flows, **opts))
def read():
    r = regionet.delineate(units, flows, **opts); r.units; r.regions("life")
withread = best(read)
gdf = geopandas.read_file(units, layer="counties")
df = pandas.read_csv(flows, dtype={"res_fips": str, "work_fips": str})
o2 = {k: v for k, v in opts.items() if k != "units_layer"}
frames = best(lambda: regionet.delineate(gdf, df, **o2))
print(f"US counties, best of 3 (s): cli {cli:.2f}; python paths {paths:.2f} "
      f"({paths - cli:+.2f}); + reading units and life back {withread:.2f}; "
      f"frames in {frames:.2f} ({frames - paths:+.2f} staging)")
PY
