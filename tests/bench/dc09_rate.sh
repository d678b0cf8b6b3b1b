#!/usr/bin/env bash
# DC-09 through the center to a console: CONNS panels, each on its own TCP
# connection, send EVENTS events as fast as the ACKs come back; reports the
# events per second the center took, the panels' ACK time (slowest, p99 of
# each panel's own p99) and how long the console took to show them all.
set -eu
CONNS=${1:-100} EVENTS=${2:-10}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
start_center c --dc09-listen 127.0.0.1:0 --multi-source-window 0 --max-open 1000000
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
synced() { grep -q '"ev":"synced"' "$T/a.jsonl"; }
poll 10 synced || die "console not synced"
total=$((CONNS * EVENTS))
t0=$(date +%s%3N)
for i in $(seq 1 "$CONNS"); do
  acct=$((1000 + (i - 1) % 44 + 1))
  "$CENTER" panel --to "127.0.0.1:$DC09" --account "$acct" --seq $((i * 100)) --times "$EVENTS" \
    --quiet 'ADM:1130 01 001' >"$T/p$i.out" &
done
wait_panels() { [ "$(cat "$T"/p*.out 2>/dev/null | grep -c '^replies')" -ge "$CONNS" ]; }
poll 120 wait_panels || die "panels did not finish"
t1=$(date +%s%3N)
shown() { [ "$(grep -c '"ev":"alarm"' "$T/a.jsonl")" -ge "$total" ]; }
poll 120 shown || die "the console shows $(grep -c '"ev":"alarm"' "$T/a.jsonl") of $total"
t2=$(date +%s%3N)
slowest=$(awk '/^replies/ {print $4}' "$T"/p*.out | sort -n | tail -1)
p99=$(awk '/^replies/ {print $6}' "$T"/p*.out | sort -n | tail -1)
echo "dc09: $total events over $CONNS connections: $((total * 1000 / (t1 - t0 > 0 ? t1 - t0 : 1))) events/s" \
  "acknowledged; ACK slowest $slowest ms, worst panel p99 $p99 ms; all on the console after $((t2 - t0)) ms"
send a quit
