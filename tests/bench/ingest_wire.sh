#!/usr/bin/env bash
# Ingest against the raw libwebsockets anchor (issue 13): N alarms from a
# center asked to generate faster than either client takes them, received
# by build/bench/ws_fan with one client (counts frames, nothing else) and by the console
# (--batch: decode, book, journal, an event line per alarm), each against a
# fresh center, RUNS interleaved runs; rates from the first alarm to the N-th.
# NOTE: the center's own generation bounds the anchor (about 10 000/s on a
# 2-core machine), so this is "ingest_center_bound", not yet the issue's
# wire-speed metric, which needs a storm source of pre-encoded frames.
set -eu
N=${1:-50000} RUNS=${2:-3} RATE=${RATE:-200000}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
center() { # a fresh center for one run
  rm -f "$T"/c.db*
  start_center c --rate "$RATE" --count "$N" --start-after 1 --history $((N + 10)) --max-open $((N + 10))
}
anchor() {
  center
  build/bench/ws_fan "$c_PORT" op1 Guard7desk 1 "$N" | awk -v n="$N" '/^conns/ { printf "%.0f\n", (n - 1) / $6 }'
  kill "$c_PID"; wait "$c_PID" 2>/dev/null || true
}
console() { # NAME: alarms/s into $T/NAME.rate
  local out=$T/$1.jsonl first last pid=${1}_PID
  center
  start_console "$1" "ws://127.0.0.1:$c_PORT" op1 Guard7desk
  got() { [ "$(grep -c '"ev":"alarm"' "$out")" -ge "$N" ]; }
  poll 120 got || die "the console took $(grep -c '"ev":"alarm"' "$out") of $N alarms"
  first=$(grep -m1 '"ev":"alarm"' "$out" | sed 's/.*"t":\([0-9]*\).*/\1/')
  last=$(grep '"ev":"alarm"' "$out" | sed -n "${N}p" | sed 's/.*"t":\([0-9]*\).*/\1/')
  send "$1" quit
  wait "${!pid}" 2>/dev/null || true
  kill "$c_PID"; wait "$c_PID" 2>/dev/null || true
  awk "BEGIN{printf \"%.0f\", ($N - 1) * 1000 / ($last - $first)}" >"$T/$1.rate"
}
a=() k=()
for r in $(seq "$RUNS"); do
  a+=("$(anchor)")
  console "k$r" && k+=("$(cat "$T/k$r.rate")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
ma=$(med "${a[@]}") mk=$(med "${k[@]}")
echo "$N alarms: lws count-only ${a[*]} /s; console (decode, book, journal) ${k[*]} /s"
met=no; awk "BEGIN{exit !($mk / $ma >= 0.5)}" && met=yes
echo "BENCH ingest_center_bound value=$mk unit=alarms/s anchor=$ma ratio=$(awk "BEGIN{printf \"%.3f\", $mk / $ma}") target=0.5 met=$met"
