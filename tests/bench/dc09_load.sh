#!/usr/bin/env bash
# DC-09 at a fixed rate through the center to a console: RATE events/s over
# CONNS panel connections for SECS seconds (tests/bench/dc09_load.c, one
# process, each panel waiting for its ACK as panels do). Reports the ACK time
# the panels saw and the time from a panel's send to the event reaching the
# console (its --batch event), joined by account and seq through the
# center's log. Target (issue 14): 1 000 events/s over 100 connections, ACK
# and panel → console p99 ≤ 50 ms, nothing lost.
set -eu
CONNS=${1:-100} RATE=${2:-1000} SECS=${3:-10}
. "$(dirname "$0")/../integration/lib.sh"
cc -O2 -g -std=c11 -D_GNU_SOURCE -o "$T/dc09_load" "$ROOT/tests/bench/dc09_load.c" \
  "$ROOT/build/libcenter.a" "$ROOT/build/libcommon.a" "$ROOT/build/libcore.a" $(pkg-config --libs libcrypto)
mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
{
  printf '{"panels": [\n'
  for i in $(seq 0 $((CONNS - 1))); do
    key=""; [ $((i % 4)) = 3 ] && key=', "key": "00112233445566778899AABBCCDDEEFF"'
    printf '  {"account": "%d", "site": "KH%04d"%s}%s\n' $((5000 + i)) $((i % 44 + 1)) "$key" \
      "$([ "$i" = $((CONNS - 1)) ] || echo ,)"
  done
  printf ']}\n'
} >"$T/data/panels.json"
add_user op1 operator Guard7desk
start_center c --data "$T/data" --dc09-listen 127.0.0.1:0 --multi-source-window 0 --max-open 1000000 \
  --history 1000000
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced a
total=$((RATE * SECS))
summary=$("$T/dc09_load" "127.0.0.1:$DC09" "$CONNS" "$RATE" "$SECS" 5000 "$T/frames") ||
  echo "dc09 load: frames lost: $summary"
shown() { [ "$(grep -c '"ev":"alarm"' "$T/a.jsonl")" -ge "$total" ]; }
poll 120 shown || echo "dc09 load: the console shows $(grep -c '"ev":"alarm"' "$T/a.jsonl") of $total"
send a quit
# account seq → alarm id (center log), alarm id → console time, account seq → sent.
sed -n 's/.*dc09 [^ ]* #\([0-9]*\) seq \([0-9]*\): .* → alarm \(.*\)$/\1 \2 \3/p' "$T/c.log" >"$T/ids"
sed -n 's/.*"ev":"alarm".*"t":\([0-9]*\).*"id":"\([^"]*\)".*/\2 \1/p' "$T/a.jsonl" >"$T/shown"
awk 'FILENAME == ARGV[1] { sent[$1 " " $2] = $3; next }
     FILENAME == ARGV[2] { id[$3] = $1 " " $2; next }
     ($1 in id) && (id[$1] in sent) { print $2 - sent[id[$1]] }' \
  "$T/frames" "$T/ids" "$T/shown" | sort -n >"$T/lat"
n=$(wc -l <"$T/lat")
pct() { [ "$n" -gt 0 ] && sed -n "$(( (n * $1 + 99) / 100 ))p" "$T/lat" || echo -1; }
read -r _ sent _ acked _ lost _ a50 _ a99 _ amax _ lag <<<"$summary"
s50=$(pct 50) s99=$(pct 99) smax=$(tail -1 "$T/lat")
echo "dc09 load: $RATE events/s over $CONNS connections for $SECS s: sent $sent, acked $acked," \
  "lost $lost, on the console $n; ACK p50 $a50 p99 $a99 max $amax ms; panel → console" \
  "p50 $s50 p99 $s99 max $smax ms; sends behind schedule at most $lag ms"
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= 0 && v <= t) ? "yes" : "no" }'; }
echo "BENCH dc09_ack_p99 value=$a99 unit=ms anchor=- ratio=- target=50 met=$(met "$a99" 50)"
echo "BENCH dc09_panel_to_console_p99 value=$s99 unit=ms anchor=- ratio=- target=50 met=$(met "$s99" 50)"
echo "BENCH dc09_lost value=$((total - n)) unit=events anchor=- ratio=- target=0 met=$([ "$n" = "$total" ] && echo yes || echo no)"
