#!/usr/bin/env bash
# The whole suite: unit tests, integration tests (real center and consoles on
# loopback), end-to-end tests (the real binary in tmux), or only the scripts
# given. Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
pass=0; fail=0; failed_names=()

# With scripts as arguments only those run (make integration, make e2e).
if [ $# -eq 0 ]; then
  unit_out=$(tests/run-unit.sh $(find build/tests -maxdepth 1 -type f -perm -u+x -name "test_*" | sort) 2>&1)
  echo "$unit_out" | grep -v '^unit: [0-9]'
  p=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$unit_out")
  f=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$unit_out")
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
  # The code's shape: layout rules, and the core's purity.
  for chk in "scripts/check-layout.sh build" "scripts/check-core.sh $(echo build/app/core/*.o)"; do
    if out=$($chk 2>&1); then pass=$((pass + 1)); echo "ok   ${chk%% *}"
    else fail=$((fail + 1)); failed_names+=("${chk%% *}"); echo "FAIL ${chk%% *}"; echo "$out" | sed 's/^/    /'; fi
  done
  set -- tests/integration/test_*.sh tests/e2e/test_*.sh
fi

for t in "$@"; do
  [ -e "$t" ] || continue
  start=$(date +%s)
  if out=$(timeout 300 bash "$t" 2>&1); then
    pass=$((pass + 1)); echo "ok   $t ($(( $(date +%s) - start ))s)"
  else
    fail=$((fail + 1)); failed_names+=("$t"); echo "FAIL $t"; echo "$out" | tail -40 | sed 's/^/    /'
  fi
  [ -n "${VERBOSE:-}" ] && echo "$out" | sed 's/^/    /'
done
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
