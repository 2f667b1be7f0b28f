#!/bin/sh
# The manual pages (generated at build time from the option tables) hold every
# option each command's --help lists, and regionet(1) every command.
set -eu
man=$(dirname "$RN")/man
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$RN_TMP"
# an option as the page writes it: roff escapes each '-'
in_page() { grep -qF -- "$(printf '%s' "$1" | sed 's/-/\\-/g')" "$2"; }
cmds=$("$RN" --help | awk '/^commands:/ {on = 1; next} /^[a-z]/ {on = 0} on {print $1}')
[ "$(echo "$cmds" | wc -w)" -ge 7 ] || fail "commands: $cmds"
n=0
for c in $cmds; do
  page=$man/regionet-$c.1
  [ -s "$page" ] || fail "no page for $c"
  in_page "regionet-$c" "$man/regionet.1" || fail "regionet(1) does not list $c"
  "$RN" "$c" --help >"$RN_TMP/help" 2>&1 || true
  for o in $(grep -o -- '--[a-z][a-z-]*\|^  -[a-z],' "$RN_TMP/help" | tr -d ,); do
    in_page "$o" "$page" || fail "$c: $o in --help, not in $page"
    n=$((n + 1))
  done
done
for o in $("$RN" --help | sed -n '/^options:/,$p' | grep -o -- '--[a-z][a-z-]*'); do
  in_page "$o" "$man/regionet.1" || fail "regionet(1) lacks $o"
done
[ "$n" -ge 60 ] || fail "only $n options checked"
# the delineate page renders (man's own parser) with its options section
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$man/regionet-delineate.1" 2>/dev/null | grep -q -- '--thresholds' ||
    fail "man cannot render regionet-delineate.1"
fi
echo "ok: $n options of $(echo "$cmds" | wc -w) commands in their pages"
