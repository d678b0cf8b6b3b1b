#!/usr/bin/env bash
# GB/T 28181 devices on every node of a cluster (issue 18): leader a and
# standby b both run the SIP server; console x is linked to both. A device
# that registers to b is heard there: its alarm becomes the leader's (200 OK
# to the device once the cluster has it, the Response after), and b tells
# the leader when it hears it, so that the leader's supervision knows it is
# alive while it speaks only to b, calls it offline when it falls silent
# and online again when it speaks. A remote control of it from the leader
# goes through b, and its answer comes back; the device's catalog, answered
# to b, is the leader's, so its alarm names the device's camera and the
# camera's PTZ goes through b too.
. "$(dirname "$0")/lib.sh"

HOST=34020000001170000201 HOST_IN=34020000001340000201 HOST_CAM=34020000001320000201
mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
cat >"$T/data/gb28181.json" <<JSON
{"platform": {"id": "34020000002000000001", "domain": "3402000000"},
 "devices": [
  {"id": "$HOST", "name": "数据中心报警主机", "site": "KH0044", "password": "Host-Pass#44",
   "keepalive_s": 2, "zones": {"$HOST_IN": 6}}
 ]}
JSON

add_user op1 operator Guard7desk
start_nats 1
A_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
# (start_center takes the last 127.0.0.1:PORT argument as the console port)
start_center a --nats "$NATS" --node a --data "$T/data" --sip-listen 127.0.0.1:0 --listen "$A_LISTEN"
start_center b --nats "$NATS" --node b --data "$T/data" --sip-listen 127.0.0.1:0 --listen "$B_LISTEN"
SIP_B=$(sed -n 's/^sip listening on .* port \([0-9]*\)$/\1/p' "$T/b.out")
[ -n "$SIP_B" ] || die "the standby's SIP server did not report its port"
start_console x "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced x 20

mkfifo "$T/dev.in"
"$CENTER" gbsim --to "127.0.0.1:$SIP_B" --exit-with-parent --id "$HOST" --password 'Host-Pass#44' \
  --keepalive 2 --channel "$HOST_CAM:机房摄像机" <"$T/dev.in" >"$T/dev.out" 2>"$T/dev.err" &
PIDS+=("$!")
exec {DEV_FD}>"$T/dev.in"
wait_for "$T/dev.out" '^registered$' 10
grep -q "gb28181 $HOST (KH0044) registered from udp " "$T/b.log" || die "not registered on b"
wait_for "$T/a.log" "gb28181 $HOST \\(KH0044\\): heard via b" 10
# Its catalog, answered to b, is the leader's too.
wait_for "$T/a.log" "gb28181 $HOST: catalog of 1 \\(1 in this message, via b\\), 1 channels known" 10

# Its alarm, through b: the leader's, on x once, answered and confirmed.
echo "alarm $HOST_IN 2" >&"$DEV_FD"
wait_for "$T/x.jsonl" '"ev":"alarm".*"site":"KH0044","zone":6' 10
wait_for "$T/dev.out" '^alarm-ok [0-9]+ 200$' 10
wait_for "$T/dev.out" '^alarm-response [0-9]+ OK$' 10
grep -q "gb28181 $HOST: alarm .* came via b" "$T/a.log" || die "a did not say the alarm came via b"
[ "$(count "$T/x.jsonl" '"ev":"alarm".*"site":"KH0044","zone":6')" = 1 ] || die "the alarm is on x more than once"
grep '"ev":"alarm".*"site":"KH0044","zone":6' "$T/x.jsonl" | grep -q '"cameras":\["机房摄像机"' ||
  die "the device's camera (its catalog, heard by b) is not the alarm's first"
# A remote control from the leader reaches the device through b, and its
# answer comes back the same way (control_ok on the alarm).
ID=$(grep '"ev":"alarm".*"site":"KH0044","zone":6' "$T/x.jsonl" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
act x "claim $ID"
# Its camera's PTZ, from the leader through b.
act x "control $ID left"
grep "\"op_id\":\"$OP_ID\"" "$T/x.jsonl" | tail -1 | grep -q 'sent to 机房摄像机 through node b' ||
  die "the PTZ's ack does not say it goes through b: $(grep "\"op_id\":\"$OP_ID\"" "$T/x.jsonl" | tail -1)"
wait_for "$T/dev.out" '^control [0-9]+ PTZCmd A50F0102[0-9A-F]{8}$' 10
act x "control $ID disarm 现场核实为误报"
grep "\"op_id\":\"$OP_ID\"" "$T/x.jsonl" | tail -1 | grep -q 'through node b' ||
  die "the control's ack does not say it goes through b: $(grep "\"op_id\":\"$OP_ID\"" "$T/x.jsonl" | tail -1)"
wait_for "$T/dev.out" '^control [0-9]+ GuardCmd ResetGuard$' 10
wait_for "$T/x.jsonl" "\"ev\":\"update\".*\"id\":\"$ID\".*\"text\":\"control_ok\"" 10

# Alive through b: six keepalives (twice the 3 missed ones) and no offline.
wait_for "$T/dev.out" '^keepalive-ok 6$' 25
! grep -q "gb28181 $HOST (KH0044) offline" "$T/a.log" || die "the leader called a device alive on b offline"
! grep -q '"class":"offline".*"site":"KH0044"' "$T/x.jsonl" || die "an offline alarm for a device alive on b"

# Silent: offline by the leader's supervision; speaking again: online.
echo "keepalive off" >&"$DEV_FD"
wait_for "$T/dev.out" '^keepalive off$' 5
wait_for "$T/a.log" "gb28181 $HOST \\(KH0044\\) offline: no keepalive" 25
wait_for "$T/x.jsonl" '"ev":"alarm".*"class":"offline".*"site":"KH0044"' 10
echo "keepalive on" >&"$DEV_FD"
wait_for "$T/a.log" "gb28181 $HOST \\(KH0044\\) online again" 15
wait_for "$T/x.jsonl" '"ev":"update".*"class":"offline".*"restored"' 10
note "GB/T 28181 on the standby: registered there, its alarm the leader's (200 OK, Response OK), its catalog on the leader, the camera's PTZ and a remote control through b and the control's answer back, alive to the leader through b, offline when silent and online again, by the leader's supervision"
