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
once() { # JOURNAL: ms to the first alarm
  local out=$T/out.$RANDOM t0 t1 p
  t0=$(date +%s%N)
  (sleep 30) | ALARMDESK_PASSWORD=Guard7desk "$CONSOLE" --batch --center "ws://127.0.0.1:$c_PORT" \
    -o op1 --console-id "k$RANDOM" --journal "$1" >"$out" 2>&1 &
  p=$!
  poll 20 grep -q '"ev":"alarm"' "$out" || { kill $p; die "no alarm: $(tail -2 "$out")"; }
  t1=$(date +%s%N)
  kill $p 2>/dev/null; wait $p 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}
fresh=() big=()
for r in $(seq "$RUNS"); do
  rm -f "$T"/fresh.db*
  cp "$T/big.db" "$T/run.db"; cp "$T/big.db.anchor" "$T/run.db.anchor"
  fresh+=("$(once "$T/fresh.db")")
  big+=("$(once "$T/run.db")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
f=$(med "${fresh[@]}") b=$(med "${big[@]}")
echo "start to first alarm: fresh journal ${fresh[*]} ms, $ROWS-row journal ${big[*]} ms"
met=no; [ "$b" -le 150 ] && [ "$f" -le 150 ] && met=yes
echo "BENCH start_big_journal value=$b unit=ms anchor=$f ratio=$(awk "BEGIN{printf \"%.3f\", $b / $f}") target=150 met=$met"
