#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 30) on a corpus seeded from the shipped data.
set -eu
cd "$(dirname "$0")/../.."
command -v clang >/dev/null || { echo "fuzz: needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev)"; exit 1; }
B=build/fuzz
mkdir -p $B
CORE=$(ls app/core/*.c) 
for t in proto text; do
  clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
    $(pkg-config --cflags libcjson) -o $B/fuzz_$t tests/fuzz/fuzz_$t.c $CORE \
    net/proto.c net/proto_encode.c net/jsonrd.c $(pkg-config --libs libcjson)
done
for t in map geojson; do
  clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
    $(pkg-config --cflags libcjson) -o $B/fuzz_$t tests/fuzz/fuzz_$t.c maps/*.c app/core/text.c \
    $(pkg-config --libs libcjson) -lm
done
mkdir -p tests/fuzz/corpus-proto tests/fuzz/corpus-text tests/fuzz/corpus-map tests/fuzz/corpus-geojson
cp data/maps/KH0001.map data/maps/KH0033.map tests/golden/plan_canonical.map tests/fuzz/corpus-map/
cp data/maps/district.geojson tests/fuzz/corpus-geojson/
./alarmdesk-center --help >/dev/null 2>&1 || true
cp data/demo/plans.json tests/fuzz/corpus-proto/plans.json
grep -v '^#' data/scenarios/demo.jsonl | head -5 | while IFS= read -r l; do
  printf '%s' "$l" >"tests/fuzz/corpus-text/$(printf '%s' "$l" | md5sum | cut -c1-8)"; done
for f in tests/fuzz/seeds/*.json; do [ -e "$f" ] && cp "$f" tests/fuzz/corpus-proto/; done
# Inputs that once failed must keep passing.
for f in tests/fuzz/regressions/*; do
  [ -e "$f" ] || continue
  t=${f##*/}; t=${t%%-*}
  $B/fuzz_$t "$f" >/dev/null 2>&1 || { echo "fuzz: regression $f fails"; exit 1; }
done
for t in proto text map geojson; do
  echo "fuzz: $t for ${FUZZ_SECONDS:-30}s"
  $B/fuzz_$t -max_total_time="${FUZZ_SECONDS:-30}" -max_len=70000 tests/fuzz/corpus-$t 2>&1 | tail -3
done
