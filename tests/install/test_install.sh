#!/bin/sh
# `cmake --install` into a scratch prefix: the shared library with its soname,
# the public headers, regionet.pc, the CMake package, the CLI and the manual
# pages; the library exports exactly the RN_API functions of the installed
# headers (nm -D), nothing internal.
set -eu
build=$(dirname "$RN")
P=$RN_TMP/prefix
rm -rf "$RN_TMP"
mkdir -p "$RN_TMP"
cmake --install "$build" --prefix "$P" >/dev/null
fail() { echo "FAIL: $*"; exit 1; }

lib=$P/lib/libregionet.so.0
[ -f "$lib" ] || fail "no $lib"
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libregionet.so.0 ] || fail "soname '$soname'"
for f in include/regionet/regionet.h include/regionet/app.h include/regionet/export.h \
         lib/pkgconfig/regionet.pc lib/cmake/regionet/regionetConfig.cmake bin/regionet \
         share/man/man1/regionet.1 share/man/man1/regionet-delineate.1; do
  [ -s "$P/$f" ] || fail "$f not installed"
done
# the public headers include nothing of GDAL, GEOS or igraph
if grep -h '#include' "$P"/include/regionet/*.h | grep -Ev '<(signal|stddef|stdio)\.h>|"regionet/'; then
  fail "a public header includes something else"
fi

# exported: the dynamic symbols the library defines (less the linker's own)
nm -D --defined-only "$lib" | awk '{print $3}' |
  grep -Ev '^(_edata|_end|__bss_start|_init|_fini)$|^__(asan|odr_asan|ubsan|sanitizer)' |
  sort >"$RN_TMP/exported"
# declared: the RN_API functions of the installed headers
grep -h 'RN_API' "$P"/include/regionet/*.h | grep -o 'rn_[a-z_]*(' | tr -d '(' | sort -u \
  >"$RN_TMP/declared"
[ "$(wc -l <"$RN_TMP/declared")" -ge 20 ] || fail "too few RN_API declarations found"
if ! diff "$RN_TMP/declared" "$RN_TMP/exported"; then
  fail "exported symbols differ from the headers' RN_API functions (< declared, > exported)"
fi
# an internal function exists in the library but is not exported
nm "$build/libregionet.a" 2>/dev/null | grep -q ' T rn_units_read$' || fail "rn_units_read not in the archive"
grep -qx rn_units_read "$RN_TMP/exported" && fail "rn_units_read exported"

# every RN_API declaration is documented: a comment ends on the line before it
# (or before the group of declarations it belongs to)
undoc=$(awk '/RN_API/ { if (!(prev ~ /\*\/ *$/ || prev ~ /RN_API/ || prev ~ /^ *\*/ || prev ~ /^typedef/)) print FILENAME ": " $0 }
             NF { prev = $0 }' "$P"/include/regionet/regionet.h "$P"/include/regionet/app.h)
[ -z "$undoc" ] || fail "undocumented: $undoc"

# pkg-config from the prefix (relocatable .pc)
PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config --modversion regionet >"$RN_TMP/ver"
[ "$(cat "$RN_TMP/ver")" = "$("$RN" version | sed 's/^regionet \([^;]*\);.*/\1/')" ] ||
  fail "pkg-config version $(cat "$RN_TMP/ver")"
inc=$(PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config --cflags regionet | sed 's/^-I//; s/ *$//')
[ "$(cd "$inc" && pwd -P)" = "$(cd "$P/include" && pwd -P)" ] || fail "pkg-config cflags: -I$inc"
echo "ok: $(wc -l <"$RN_TMP/exported") exported symbols, all rn_ and declared RN_API"
