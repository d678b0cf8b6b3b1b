#!/usr/bin/env bash
# A console connects and syncs while the generator storms at 5 000 alarms/s
# with 100 000 alarms open (the login is answered at once, the snapshot is
# paced chunk by chunk), then keeps up: it ends with every alarm.
# Prints how long it took. (Before the snapshot was paced, every attempt
# timed out at this size: the center built the whole snapshot at once.)
. "$(dirname "$0")/lib.sh"
CONNECT_AT=${CONNECT_AT:-100000}
TOTAL=${TOTAL:-120000}

add_user op1 operator Guard7desk
start_center c --rate 5000 --count "$TOTAL" --seed 3
# The generator logs its progress every 10 000 alarms.
generated() { sed -n 's/.*generator: \([0-9]*\) alarms so far$/\1/p' "$T/c.log" | tail -1; }
reached() { [ "$(generated)" -ge "$CONNECT_AT" ] 2>/dev/null; }
poll 120 reached || die "the storm did not reach $CONNECT_AT alarms (at $(generated))"
t0=$(date +%s%N)
start_console b "ws://127.0.0.1:$c_PORT" op1 Guard7desk --console-id b
wait_for "$T/b.jsonl" '"ev":"link".*"state":3' 30
t1=$(date +%s%N)
wait_synced b 180
t2=$(date +%s%N)
open=$(grep -m1 '"ev":"synced"' "$T/b.jsonl" | sed 's/.*"open":\([0-9]*\).*/\1/')
[ "$(count "$T/b.jsonl" '"ev":"link".*"state":4')" = 0 ] || die "b lost its link during the storm"
poll 180 stats_say b "\"open\":$TOTAL," || die "b did not get every alarm: $(grep '"ev":"stats"' "$T/b.jsonl" | tail -1)"
note "during a 5 000/s storm: logged in after $(( (t1 - t0) / 1000000 )) ms, synced $(( (t2 - t1) / 1000000 )) ms later with a snapshot of $open open alarms; it holds all $TOTAL"
