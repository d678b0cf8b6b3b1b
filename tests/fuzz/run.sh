#!/usr/bin/env bash
# Builds every libFuzzer target (make fuzz-build: clang, ASan + UBSan), runs
# the saved regression inputs (tests/fuzz/regress/TARGET-*: inputs that once
# failed must keep passing), then fuzzes each target on a corpus seeded from
# the shipped data, for FUZZ_SECONDS (default 30) or FUZZ_RUNS executions.
#   tests/fuzz/run.sh [TARGET...]     (default: every target)
set -eu
cd "$(dirname "$0")/../.."
command -v clang >/dev/null || { echo "fuzz: needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev)"; exit 1; }
make --no-print-directory -j2 fuzz-build >/dev/null
B=build-fuzz/fuzz
TARGETS=${*:-proto jparse text map geojson config accounts scenario sites drill replay journal batch dc09 gb28181}
C=build-fuzz/corpus

seed() { # TARGET FILE...: copies seeds into the target's corpus
  local t=$1; shift; mkdir -p "$C/$t"
  for f in "$@"; do [ -e "$f" ] && cp "$f" "$C/$t/"; done; return 0
}
seed_text() { # TARGET NAME TEXT
  mkdir -p "$C/$1"; printf '%s' "$3" >"$C/$1/$2"
}
seed proto data/demo/plans.json tests/fuzz/seeds/*.json
seed jparse data/demo/plans.json tests/fuzz/seeds/*.json
grep -hv '^#' data/scenarios/demo.jsonl | head -5 | while IFS= read -r l; do
  seed_text text "$(printf '%s' "$l" | md5sum | cut -c1-8)" "$l"; done
seed map data/maps/KH0001.map data/maps/KH0033.map tests/golden/plan_canonical.map
seed geojson data/maps/district.geojson
seed dc09 tests/fuzz/seeds/dc09/*
seed gb28181 tests/fuzz/seeds/gb28181/*
seed_text config example.conf "$(sed -n '/^```ini/,/^```/p' docs/configuration.md | sed '1d;$d')"
seed_text accounts two "# accounts
op1:operator:pbkdf2-sha256\$1000\$30313233343536373839616263646566\$$(printf '%064d' 0)
boss:supervisor,operator:pbkdf2-sha256\$600000\$30313233343536373839616263646566\$$(printf '%064d' 1)"
seed scenario data/scenarios/*.jsonl
seed drill data/scenarios/drill-*.jsonl
seed sites tests/fuzz/seeds/sites/* # three customers, a NUL, the demo plans
seed replay tests/fuzz/seeds/replay/*
seed journal tests/fuzz/seeds/journal/*
seed_text batch ops 'list
stats
claim a1
note a1 电话已打 ok
close a1 13
notice 全体注意
figures 3600
handover
raw {"type":"op","op_id":"x","action":"claim","alarm_id":"a1"}'

fail=0
for f in tests/fuzz/regress/*; do
  [ -e "$f" ] || continue
  t=${f##*/}; t=${t%%-*}
  $B/fuzz_$t "$f" >/dev/null 2>&1 || { echo "fuzz: regression $f fails"; fail=1; }
done
[ "$fail" = 0 ] || exit 1
echo "fuzz: $(ls tests/fuzz/regress | wc -l) regression inputs pass"
for t in $TARGETS; do
  limit="-max_total_time=${FUZZ_SECONDS:-30}"
  [ -n "${FUZZ_RUNS:-}" ] && limit="-runs=$FUZZ_RUNS"
  before=$(ls tests/fuzz/regress | wc -l)
  echo "fuzz: $t ($limit)"
  $B/fuzz_$t $limit -max_len=70000 -artifact_prefix="tests/fuzz/regress/$t-" "$C/$t" 2>&1 |
    grep -E '^#[0-9]+.*DONE|^Done|ERROR|SUMMARY' | tail -2 || true
  [ "$(ls tests/fuzz/regress | wc -l)" = "$before" ] ||
    { echo "fuzz: $t found a failing input (saved in tests/fuzz/regress/)"; fail=1; }
done
exit $fail
