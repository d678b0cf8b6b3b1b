#!/usr/bin/env bash
# make test-stress: the whole suite N times in a row (default 5) beside
# `stress-ng --cpu 4`, which keeps two cores' worth of work waiting on a
# 2-core machine. Prints each run's tally and stops at the first failure.
set -u
cd "$(dirname "$0")/.."
runs=${1:-5}
stress-ng --cpu 4 --quiet &
load=$!
trap 'kill "$load" 2>/dev/null; wait "$load" 2>/dev/null' EXIT
ok=0
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s)
  if tests/run-all.sh >"build/stress-run-$i.log" 2>&1; then
    ok=$((ok + 1))
    echo "stress run $i: $(tail -1 "build/stress-run-$i.log") ($(( $(date +%s) - start ))s)"
  else
    echo "stress run $i: FAILED ($(( $(date +%s) - start ))s), build/stress-run-$i.log:"
    grep -A40 '^FAIL' "build/stress-run-$i.log" | head -60
    break
  fi
done
echo "$ok of $runs runs passed under stress-ng --cpu 4"
[ "$ok" = "$runs" ]
