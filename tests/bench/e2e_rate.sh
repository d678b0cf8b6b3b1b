#!/usr/bin/env bash
# Streams RATE alarms/s for SECS seconds from a real center to a real console
# and reports how far behind the console was at the end and its peak RSS.
set -eu
RATE=$1 SECS=$2
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
count=$((RATE * SECS))
start_center c --rate "$RATE" --count "$count" --history $((count + 10)) --max-open $((count + 10))
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
t0=$(date +%s.%N)
for _ in $(seq $((SECS * 10 + 600))); do
  send a stats
  sleep 0.1
  last=$(grep '"ev":"stats"' "$T/a.jsonl" | tail -1 | sed -n 's/.*"last_seq":\([0-9]*\).*/\1/p')
  [ "${last:-0}" -ge "$count" ] && break
done
t1=$(date +%s.%N)
rss=$(grep VmHWM /proc/"$a_PID"/status | awk '{print $2}')
echo "alarms: $count at $RATE/s; console caught up after $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s (ideal $SECS s)"
echo "console peak RSS: $rss KiB for $count open alarms"
send a quit
