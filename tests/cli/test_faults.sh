#!/bin/sh
# Faults: a run stopped by SIGINT/SIGTERM (one signal or two) or failing
# half-way (file size limit, full disk) leaves no partial output, no
# temporary file and no lock, and an existing OUT.gpkg + OUT.gpkg.json given
# with --overwrite stay as they were and readable; a long generation stops on
# SIGTERM within seconds. Real work makes the run long enough to interrupt:
# Sardinia's 377 comuni take a few seconds (adjacency, then writing the layers).
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_DATA:?}"
T=$RN_TMP
rm -rf "$T"
mkdir -p "$T/o"
fails=0
bad() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
D=$RN_DATA/it
run() { # run OUT [ARGS...]: the Sardinia job into OUT
  out=$1
  shift
  "$RN" delineate --units "$D/shpSardinia.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
    --flows "$D/Sardinia_flows.csv" -q -o "$out" "$@"
}
# in the background, the CLI itself (not a subshell) so signals reach it
start() {
  out=$1
  shift
  "$RN" delineate --units "$D/shpSardinia.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
    --flows "$D/Sardinia_flows.csv" -q -o "$out" "$@" 2>"$T/stderr" &
  pid=$!
}
# the attributes of every layer, without FIDs or geometry
attrs() {
  for l in units metro urban life; do
    ogr2ogr -f CSV /vsistdout/ "$1" "$l" 2>/dev/null || echo "cannot read layer $l of $1"
  done
}
O=$T/o/out.gpkg
run "$O" || bad "reference run failed"
attrs "$O" >"$T/ref.csv"
grep -q "95065" "$T/ref.csv" || bad "reference output lacks the units"

# the process has its SIGINT handler in place (SigCgt of /proc/PID/status)
caught_int() {
  mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
  [ -n "$mask" ] && [ $((0x$mask & 2)) -ne 0 ]
}

# out.gpkg.json holds the run time: keep the one present before each case
snap() { cp "$T/o/out.gpkg.json" "$T/ref.json"; }
# intact NAME: the existing output is the reference, nothing else is there
intact() {
  attrs "$O" >"$T/now.csv"
  cmp -s "$T/ref.csv" "$T/now.csv" || bad "$1: the existing output changed or is unreadable"
  cmp -s "$T/ref.json" "$T/o/out.gpkg.json" || bad "$1: the existing out.gpkg.json changed"
  left=$(ls -A "$T/o" | grep -v '^out\.gpkg$' | grep -v '^out\.gpkg\.json$')
  [ -z "$left" ] || bad "$1: left behind: $left"
}

# 1. a signal while GDAL writes the temporary GeoPackage: wait for it to
# appear, then signal. The run may finish first on a fast machine: retry.
for sig in INT TERM; do
  want=130
  [ $sig = TERM ] && want=143
  hit=0
  for try in 1 2 3 4 5; do
    snap
    start "$O" --overwrite
    i=0
    while [ $i -lt 3000 ] && ! ls -A "$T/o" | grep -q '^\.out\.gpkg\.tmp-'; do
      sleep 0.01
      i=$((i + 1))
    done
    kill -$sig $pid 2>/dev/null
    wait $pid
    rc=$?
    if [ $rc -eq $want ]; then
      hit=1
      break
    fi
    [ $rc -eq 0 ] || bad "SIG$sig while writing: exit status $rc, want $want or 0"
    run "$O" --overwrite # the finished run replaced it: restore the reference
  done
  [ $hit -eq 1 ] || bad "SIG$sig while writing: never caught the run writing"
  intact "SIG$sig while writing"
done

# 2. a signal while computing (reading, adjacency): the library stops at its
# next progress check with RN_EINTERRUPT, reported on stderr
# (without -q, the flow reader's report shows the handler is installed and
# the inputs are being read; adjacency comes next). A run that finished first
# replaced the output: restore it and try again.
hit=0
for try in 1 2 3 4 5; do
  snap
  "$RN" delineate --units "$D/shpSardinia.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
    --flows "$D/Sardinia_flows.csv" -o "$O" --overwrite 2>"$T/stderr" >/dev/null &
  pid=$!
  i=0
  while [ $i -lt 3000 ] && ! grep -q "origin column" "$T/stderr"; do
    sleep 0.01
    i=$((i + 1))
  done
  kill -TERM $pid
  wait $pid
  rc=$?
  if [ $rc -eq 143 ]; then
    hit=1
    break
  fi
  [ $rc -eq 0 ] || bad "SIGTERM while computing: exit status $rc, want 143 ($(cat "$T/stderr"))"
  run "$O" --overwrite
done
[ $hit -eq 1 ] || bad "SIGTERM while computing: never caught the run computing"
[ $hit -ne 1 ] || grep -q "interrupted" "$T/stderr" || bad "SIGTERM while computing: no message"
intact "SIGTERM while computing"

# 3. a new output interrupted: nothing at all remains, the lock included.
# The lock file appears once the handlers are installed (a background job
# ignores SIGINT until then): signal as soon as it is there.
snap
hit=0
for try in 1 2 3 4 5; do
  start "$T/o/new.gpkg"
  i=0
  while [ $i -lt 3000 ] && [ ! -e "$T/o/.new.gpkg.lock" ]; do
    sleep 0.01
    i=$((i + 1))
  done
  kill -INT $pid 2>/dev/null
  wait $pid
  rc=$?
  if [ $rc -eq 130 ]; then
    hit=1
    break
  fi
  [ $rc -eq 0 ] || bad "SIGINT, new output: exit status $rc, want 130 or 0"
  rm -f "$T/o/new.gpkg" "$T/o/new.gpkg.json"
done
[ $hit -eq 1 ] || bad "SIGINT, new output: never caught the run"
[ ! -e "$T/o/new.gpkg" ] && [ ! -e "$T/o/new.gpkg.json" ] || bad "SIGINT, new output: output left"
intact "SIGINT, new output"

# 4. writes that fail half-way: a file size limit (SIGXFSZ ignored, so write()
# fails with EFBIG as on a full disk) -> RN_EIO (2), the writer deletes its file
snap
(
  trap '' XFSZ
  ulimit -f 200
  run "$O" --overwrite
) 2>"$T/stderr"
rc=$?
[ $rc -eq 2 ] || bad "file size limit: exit status $rc, want 2 ($(tail -1 "$T/stderr"))"
grep -q "regionet delineate: .*disk I/O error\|regionet delineate: cannot" "$T/stderr" ||
  bad "file size limit: no message naming the failure: $(tail -1 "$T/stderr")"
intact "file size limit"

# 5. a full disk: a 64 kB tmpfs (needs root; skipped otherwise)
M=$T/full
trap 'umount "$M" 2>/dev/null' EXIT
mkdir -p "$M"
if mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
  run "$M/out.gpkg" 2>"$T/stderr"
  rc=$?
  [ $rc -eq 2 ] || bad "full disk: exit status $rc, want 2"
  grep -q "regionet delineate: " "$T/stderr" || bad "full disk: no message"
  left=$(ls -A "$M")
  [ -z "$left" ] || bad "full disk: left behind: $left"
  umount "$M"
else
  echo "full disk: cannot mount a tmpfs here (not root?); skipped"
fi

# 6. one file per layer (GeoJSON): a signal while a layer is written stops
# the run after that layer, and every temporary file goes
G=$T/g
hit=0
for try in 1 2 3 4 5; do
  rm -rf "$G" && mkdir -p "$G"
  start "$G/out.geojson" -f GeoJSON
  i=0
  while [ $i -lt 3000 ] && ! ls -A "$G" | grep -q '^\.out\.geojson\.tmp-'; do
    sleep 0.01
    i=$((i + 1))
  done
  kill -INT $pid 2>/dev/null
  wait $pid
  rc=$?
  if [ $rc -eq 130 ]; then
    hit=1
    break
  fi
  [ $rc -eq 0 ] || bad "SIGINT, GeoJSON: exit status $rc, want 130 or 0"
done
[ $hit -eq 1 ] || bad "SIGINT, GeoJSON: never caught the run writing"
left=$(ls -A "$G")
[ -z "$left" ] || bad "SIGINT, GeoJSON: left behind: $left"

# 7. two signals in a row while a Shapefile (6 files per layer) is written:
# every temporary file goes, and the lock
S=$T/s
hit=0
for try in 1 2 3 4 5; do
  rm -rf "$S" && mkdir -p "$S"
  start "$S/out.shp"
  i=0
  while [ $i -lt 3000 ] && ! ls -A "$S" | grep -q '^\.out\.shp\.tmp-'; do
    sleep 0.01
    i=$((i + 1))
  done
  kill -INT $pid 2>/dev/null
  kill -TERM $pid 2>/dev/null
  wait $pid
  rc=$?
  if [ $rc -eq 130 ] || [ $rc -eq 143 ]; then
    hit=1
    break
  fi
  [ $rc -eq 0 ] || bad "two signals, Shapefile: exit status $rc, want 130, 143 or 0"
done
[ $hit -eq 1 ] || bad "two signals, Shapefile: never caught the run writing"
left=$(ls -A "$S")
[ -z "$left" ] || bad "two signals, Shapefile: left behind: $left"

# 8. a long generation (10^5 units take several seconds) stops on SIGTERM
# within a few seconds, leaving nothing: every loop checks the cancel flag and
# GEOS's Voronoi polls it
Gn=$T/gen
rm -rf "$Gn" && mkdir -p "$Gn"
"$RN" generate --units 100000 --flows 1000000 --units-out "$Gn/u.gpkg" --flows-out "$Gn/f.csv" \
  2>"$T/stderr" &
pid=$!
i=0
while [ $i -lt 3000 ] && [ ! -e "$Gn/.u.gpkg.lock" ]; do
  sleep 0.01
  i=$((i + 1))
done
sleep 1
kill -TERM $pid
t0=$(date +%s)
wait $pid
rc=$?
t1=$(date +%s)
[ $rc -eq 143 ] || bad "SIGTERM during generate: exit status $rc, want 143 ($(cat "$T/stderr"))"
[ $((t1 - t0)) -le 10 ] || bad "SIGTERM during generate: took $((t1 - t0)) s to stop"
left=$(ls -A "$Gn")
[ -z "$left" ] || bad "SIGTERM during generate: left behind: $left"

if [ "$fails" -ne 0 ]; then
  echo "$fails fault case(s) failed" >&2
  exit 1
fi
echo "all fault cases passed"
