#!/usr/bin/env bash
# Runs cmocka unit-test binaries; prints their output and a tally line
# "unit: N passed, N failed" that tests/run-all.sh adds up.
set -u
export LANG=C.UTF-8
pass=0; fail=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed.*/\1/p' <<<"$out" | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
  if [ "$f" -ne 0 ]; then echo "$out"; fi
  echo "unit: $(basename "$t"): $p passed, $f failed"
  pass=$((pass + p)); fail=$((fail + f))
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
