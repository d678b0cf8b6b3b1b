#!/usr/bin/env bash
# A console connects and syncs while the generator storms at 5 000 alarms/s
# (the login is answered at once, the snapshot is paced chunk by chunk), then
# keeps up: both consoles end with every alarm. Prints how long it took.
. "$(dirname "$0")/lib.sh"
TOTAL=${TOTAL:-40000}

add_user op1 operator Guard7desk
start_center c --rate 5000 --count "$TOTAL" --seed 3 --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced a
poll 60 more_than "$T/a.jsonl" '"ev":"alarm"' 10000 || die "the storm did not reach 10 000 alarms"

t0=$(date +%s%N)
start_console b "ws://127.0.0.1:$c_PORT" op1 Guard7desk --console-id b
wait_for "$T/b.jsonl" '"ev":"link".*"state":3' 30
t1=$(date +%s%N)
wait_synced b 60
t2=$(date +%s%N)
open=$(grep -m1 '"ev":"synced"' "$T/b.jsonl" | sed 's/.*"open":\([0-9]*\).*/\1/')
[ "$(count "$T/b.jsonl" '"ev":"link".*"state":4')" = 0 ] || die "b lost its link during the storm"
poll 120 stats_say a "\"open\":$TOTAL," || die "a did not get every alarm: $(grep '"ev":"stats"' "$T/a.jsonl" | tail -1)"
poll 120 stats_say b "\"open\":$TOTAL," || die "b did not get every alarm: $(grep '"ev":"stats"' "$T/b.jsonl" | tail -1)"
note "during a 5 000/s storm: logged in after $(( (t1 - t0) / 1000000 )) ms, synced $(( (t2 - t1) / 1000000 )) ms later with a snapshot of $open open alarms; both consoles hold all $TOTAL"
