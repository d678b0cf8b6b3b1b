#!/usr/bin/env bash
# DC-09 receivers on every node of a cluster (issue 18): leader a and
# standby b each listen for panels; console x is linked to both. A panel's
# frame to b is handed to the leader through the cluster and ACKed once the
# cluster has it; the alarm is on x once. A panel whose ACK was lost sends
# the same frame to the other node: ACKed, no second alarm, whichever node
# had it first, and a frame a took is known to b after a's death (an
# alarm's, an opening's, a restore's). a killed (-9): a frame to b meanwhile is ACKed (the cluster
# keeps it) and becomes an alarm when b has taken over; b then takes the
# panel's frames itself, on the same port, and supervises the panel from
# when a last heard it (the bucket AD_HEARD).
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_nats 1
PA=$("$ROOT/build/tools/tarpit" --free)
PB=$("$ROOT/build/tools/tarpit" --free)
A_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
# (start_center takes the last 127.0.0.1:PORT argument as the console port)
start_center a --nats "$NATS" --node a --dc09-listen "127.0.0.1:$PA" --listen "$A_LISTEN"
start_center b --nats "$NATS" --node b --dc09-listen "127.0.0.1:$PB" --listen "$B_LISTEN"
grep -q "^dc09 listening on 127.0.0.1:$PB" "$T/b.out" || die "the standby's receiver did not listen"
start_console x "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced x 20
panel() { # NODE-PORT ARGS...: one panel, account 1001 (KH0001)
  local port=$1; shift
  "$CENTER" panel --to "127.0.0.1:$port" --account 1001 "$@" >>"$T/panel.out"
}
alarms_of() { grep '"ev":"alarm"' "$T/x.jsonl" | grep -c "\"site\":\"KH0001\",\"zone\":$1,\"event\":\"$2\"" || true; }
has() { [ "$(alarms_of "$1" "$2")" -ge 1 ]; }

# Through the standby: ACKed, on x once, taken by the leader.
panel "$PB" --seq 10 'ADM:1130 01 003' || die "a frame to b: $(tail -1 "$T/panel.out")"
poll 10 has 3 130 || die "the frame through b is not on x"
grep -q "dc09 127.0.0.1:[0-9]* via b #1001 seq 0010: .*→ alarm" "$T/a.log" || die "a did not say it took b's frame"

# A retry to the other node, same bytes (its ACK was lost): a then b, b then a.
now=$(date +%s)
panel "$PA" --seq 11 --time "$now" 'ADM:1120 01 004' || die "a then b: first"
panel "$PB" --seq 11 --time "$now" 'ADM:1120 01 004' || die "a then b: the retry"
panel "$PB" --seq 12 --time "$now" 'ADM:1110 01 005' || die "b then a: first"
panel "$PA" --seq 12 --time "$now" 'ADM:1110 01 005' || die "b then a: the retry"
panel "$PB" --seq 13 --time "$now" --repeat 'ADM:1134 01 006' || die "b twice"
panel "$PA" --seq 14 'ADM:1150 01 001' || die "the frame after"
poll 10 has 1 150 || die "the frame after the retries is not on x"
for ze in "4 120" "5 110" "6 134"; do
  [ "$(alarms_of $ze)" = 1 ] || die "zone/event $ze: $(alarms_of $ze) alarms on x (want 1)"
done
[ "$(grep -c '→ ACK' "$T/panel.out")" = 8 ] || die "$(grep -c "→ ACK" "$T/panel.out") ACKs of 8"
# Straight to the leader, whose ACK is lost with it: sent again to the next.
panel "$PA" --seq 15 --time "$now" 'ADM:1137 01 005' || die "a frame to a before its death"
poll 10 has 5 137 || die "the frame to a is not on x"
# And an opening (partition 2 disarmed by user 7) and that alarm's restore.
panel "$PA" --seq 16 --time "$now" 'ADM:1401 02 007' || die "an opening to a"
panel "$PA" --seq 17 --time "$now" 'ADM:3137 01 005' || die "a restore to a"
poll 10 more_than "$T/x.jsonl" '"ev":"arm"' 0 || die "the opening is not on x"
poll 10 more_than "$T/x.jsonl" '"ev":"update".*"restored":' 0 || die "the restore is not on x"

# The leader killed: a frame to b meanwhile is the cluster's, then b's alarm.
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null
panel "$PB" --seq 20 'ADM:1130 01 002' || die "a frame to b while no node leads: $(tail -1 "$T/panel.out")"
wait_for "$T/b.log" "took the lease" 40
# Its supervision goes on from when a last heard the panel.
wait_for "$T/b.log" "dc09 supervision: the cluster's last frame of 1 panels taken" 20
poll 20 has 2 130 || die "the frame taken while no node led is not on x after the takeover"
poll 10 more_than "$T/b.out" "^dc09 listening on 127.0.0.1:$PB" 0 || die "b does not listen again"
panel "$PB" --seq 21 'ADM:1131 01 003' || die "a frame to b, the leader: $(tail -1 "$T/panel.out")"
poll 10 has 3 131 || die "the frame to the new leader is not on x"
[ "$(alarms_of 2 130)" = 1 ] || die "the frame taken while no node led: $(alarms_of 2 130) alarms"
panel "$PB" --seq 15 --time "$now" 'ADM:1137 01 005' || die "the old leader's frame again to b"
grep -q "#1001 seq 0015: taken already: ACK" "$T/b.log" || die "b did not know a's frame"
panel "$PB" --seq 22 'ADM:1132 01 004' || die "the frame after: $(tail -1 "$T/panel.out")"
poll 10 has 4 132 || die "the frame after the old leader's retry is not on x"
[ "$(alarms_of 5 137)" = 1 ] || die "a's frame sent again to b: $(alarms_of 5 137) alarms (want 1)"
# What a's frames made besides alarms is known to b too (their origin).
panel "$PB" --seq 16 --time "$now" 'ADM:1401 02 007' || die "a's opening again to b"
panel "$PB" --seq 17 --time "$now" 'ADM:3137 01 005' || die "a's restore again to b"
grep -q "#1001 seq 0016: taken already: ACK" "$T/b.log" || die "b did not know a's opening"
grep -q "#1001 seq 0017: taken already: ACK" "$T/b.log" || die "b did not know a's restore"
panel "$PB" --seq 23 'ADM:1133 01 006' || die "the frame after: $(tail -1 "$T/panel.out")"
poll 10 has 6 133 || die "the frame after a's opening and restore again is not on x"
[ "$(count "$T/x.jsonl" '"ev":"arm"')" = 1 ] ||
  die "a's opening sent again to b: $(count "$T/x.jsonl" '"ev":"arm"') arm messages on x (want 1)"
! grep -q "#1001 seq 0017: restore" "$T/b.log" || die "b took a's restore again"
note "DC-09 on both nodes: b's frames taken by the leader, retries to the other node ACKed and not doubled (3 ways, and to the next leader: an alarm, an opening, a restore), a frame ACKed by the standby while no node led became an alarm after the takeover, the panel's last-heard time carried to the new leader"
