#!/usr/bin/env bash
# Kill -9 and restart the center twice during a generator run at 500 alarms/s:
# the console resumes from its last seq and ends with every alarm exactly
# once, in seq order.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_center c --rate 500 --seed 7
port=$c_PORT
start_console a "ws://127.0.0.1:$port" op1 Guard7desk
wait_for "$T/a.jsonl" '"ev":"alarm"'
for round in 1 2; do
  # Kill once the console has taken 500 more alarms from this center.
  n=$(count "$T/a.jsonl" '"ev":"alarm"')
  poll 20 more_than "$T/a.jsonl" '"ev":"alarm"' $((n + 500)) || die "the alarms stopped coming"
  kill -9 "$c_PID"
  wait "$c_PID" 2>/dev/null
  wait_for "$T/a.jsonl" '"ev":"link".*"state":4' 5
  if [ $round = 1 ]; then
    start_center c --listen "127.0.0.1:$port" --rate 500 --seed 8
  else
    start_center c --listen "127.0.0.1:$port" --rate 500 --seed 9 --count 600
  fi
  note "center restarted ($round) with head $(sed -n 's/.* head \([0-9]*\)$/\1/p' "$T/c.out" | tail -1)"
done
wait_for "$T/c.log" "generator: 600 alarms emitted"
# A fresh console takes a snapshot: it tells how many alarms the center holds.
start_console z "ws://127.0.0.1:$port" op1 Guard7desk
wait_for "$T/z.jsonl" '"ev":"synced"'
total=$(sed -n 's/.*"ev":"synced".*"open":\([0-9]*\).*/\1/p' "$T/z.jsonl" | head -1)
poll 20 stats_say a "\"open\":$total," || die "the console did not catch up: $(grep '"ev":"stats"' "$T/a.jsonl" | tail -1)"
stats=$(grep '"ev":"stats"' "$T/a.jsonl" | tail -1)
seen=$(grep -c '"ev":"alarm"' "$T/a.jsonl")
unique=$(grep '"ev":"alarm"' "$T/a.jsonl" | sed 's/.*"id":"\([^"]*\)".*/\1/' | sort -u | wc -l)
ordered=$(grep '"ev":"alarm","center":"[^"]*","t":[0-9]*,"seq"' "$T/a.jsonl" | sed 's/.*"seq":\([0-9]*\).*/\1/' | sort -n -c && echo yes)
note "center holds $total alarms; console saw $seen alarm events, $unique distinct; $stats"
[ "$total" -gt 1500 ] || die "too few alarms generated ($total)"
[ "$seen" = "$total" ] || die "console saw $seen alarms, center holds $total"
[ "$unique" = "$total" ] || die "duplicates: $unique distinct of $seen"
[ "$ordered" = yes ] || die "alarms out of seq order"
grep -q "\"open\":$total," <<<"$stats" || die "console book holds a different count: $stats"
