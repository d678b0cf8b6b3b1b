#!/usr/bin/env bash
# Start to first alarm: a console on a journal of ROWS rows against the same
# console on a fresh journal (the anchor), medians of RUNS interleaved runs.
# The clock starts before exec and stops at the first alarm event of
# --batch (the screen is not in it).
set -eu
ROWS=${1:-1000000} RUNS=${2:-3}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
echo '{"t": 0, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
build/bench/bench_journal --fill "$T/big.db" "$ROWS"
once() { # NAME [BIG]: ms to its first alarm, its journal fresh or the big one
  local t0 t1 pid
  [ -z "${2:-}" ] || { cp "$T/big.db" "$T/$1.journal"; cp "$T/big.db.anchor" "$T/$1.journal.anchor"; }
  t0=$(date +%s%N)
  start_console "$1" "ws://127.0.0.1:$c_PORT" op1 Guard7desk
  poll 20 grep -q '"ev":"alarm"' "$T/$1.jsonl" || die "no alarm: $(tail -2 "$T/$1.jsonl")"
  t1=$(date +%s%N)
  pid=${1}_PID
  send "$1" quit
  wait "${!pid}" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 )) >"$T/$1.ms"
}
fresh=() big=()
for r in $(seq "$RUNS"); do
  once "f$r" && fresh+=("$(cat "$T/f$r.ms")")
  once "b$r" big && big+=("$(cat "$T/b$r.ms")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
f=$(med "${fresh[@]}") b=$(med "${big[@]}")
echo "start to first alarm: fresh journal ${fresh[*]} ms, $ROWS-row journal ${big[*]} ms"
met=no; [ "$b" -le 150 ] && [ "$f" -le 150 ] && met=yes
echo "BENCH start_big_journal value=$b unit=ms anchor=$f ratio=$(awk "BEGIN{printf \"%.3f\", $b / $f}") target=150 met=$met"
