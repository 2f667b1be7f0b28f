#!/bin/sh
# Build with AddressSanitizer + UndefinedBehaviorSanitizer (RN_SANITIZE) into
# build-asan/ and run the whole test suite there: any error stops the test
# that hit it (halt_on_error), leaks are errors (detect_leaks=1; library-only
# leaks go in tests/sanitize/lsan.supp, never regionet's own).
# Usage: scripts/test_sanitize.sh [build-dir]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-asan}
cmake -S "$here" -B "$build" -DRN_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$here/tests/sanitize/lsan.supp:print_suppressions=0"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 900
