# Helpers of the bad-input tests (sourced by test_bad_input.sh and
# test_bad_input2.sh): run the CLI, assert its exit status, its message and
# that nothing is left in the output folder.
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_TESTS:?}" "${RN_DATA:?}"
B=$RN_TESTS/bad_input
T=$RN_TMP
rm -rf "$T"
mkdir -p "$T/o"
O=$T/o/out.gpkg
fails=0
bad() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# nothing may remain in the output folder after a failed run
no_leftovers() {
  left=$(ls -A "$T/o")
  if [ -n "$left" ]; then
    bad "$1: left behind in the output folder: $left"
    rm -rf "$T/o" && mkdir -p "$T/o"
  fi
}

# fails NAME CODE PATTERN ARGS...: the CLI exits with CODE, stderr matches
# PATTERN (grep -E), no output remains
fails() {
  name=$1 code=$2 pat=$3
  shift 3
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq "$code" ] || bad "$name: exit status $rc, want $code ($(cat "$T/stderr"))"
  LC_ALL=C grep -Eq -- "$pat" "$T/stderr" || bad "$name: stderr lacks /$pat/: $(cat "$T/stderr")"
  no_leftovers "$name"
}

# works NAME PATTERN ARGS...: exit 0 and stdout+stderr match PATTERN ('' = any)
works() {
  name=$1 pat=$2
  shift 2
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq 0 ] || bad "$name: exit status $rc, want 0 ($(cat "$T/stderr"))"
  [ -z "$pat" ] || cat "$T/stdout" "$T/stderr" | LC_ALL=C grep -Eq -- "$pat" ||
    bad "$name: output lacks /$pat/: $(cat "$T/stdout" "$T/stderr")"
  rm -rf "$T/o" && mkdir -p "$T/o"
}

# dl UNITS FLOWS [ARGS...]: delineate argv on files of the corpus (or paths)
U=units.geojson
path() { case $1 in /*) echo "$1" ;; *) echo "$B/$1" ;; esac; }
fail_dl() {
  name=$1 code=$2 pat=$3 u=$(path "$4") f=$(path "$5")
  shift 5
  fails "$name" "$code" "$pat" delineate --units "$u" --id code --name name --mass pop \
    --flows "$f" -o "$O" "$@"
}
ok_dl() {
  name=$1 pat=$2 u=$(path "$3") f=$(path "$4")
  shift 4
  works "$name" "$pat" delineate --units "$u" --id code --name name --mass pop \
    --flows "$f" -o "$O" "$@"
}

# exit codes (README, "Exit status"): 1 input, 2 I/O, 4 parameter
EIN=1 EIO=2 EPARAM=4

