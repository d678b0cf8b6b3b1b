#!/usr/bin/env bash
# GB/T 28181 devices end to end, over real UDP and TCP on loopback: simulated
# devices (`alarmdesk-center gbsim`) register to the center's SIP server with
# digest authentication (a wrong password and an unknown device are refused),
# answer its Catalog query, and send alarm Notify messages; a console shows
# each alarm within 1 s with its site, zone, class and the catalog's camera.
# A device that stops its keepalives is offline within 3 intervals (measured)
# and back when it speaks again. Malformed input is logged and answered, not
# fatal.
. "$(dirname "$0")/lib.sh"

NVR=34020000001180000001 IPC=34020000001320000001 PIR=34020000001340000001
HOST=34020000001170000201 HOST_IN=34020000001340000201
mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
cat >"$T/data/gb28181.json" <<JSON
{"platform": {"id": "34020000002000000001", "domain": "3402000000"},
 "devices": [
  {"id": "$NVR", "name": "临江支行 NVR", "site": "KH0033", "password": "Nvr-Pass#33",
   "zones": {"$PIR": 7, "$IPC": 1}},
  {"id": "$HOST", "name": "数据中心报警主机", "site": "KH0044", "password": "Host-Pass#44",
   "keepalive_s": 1, "zones": {"$HOST_IN": 6}}
 ]}
JSON

add_user op1 operator 'Night-Shift#2026'
start_center c --data "$T/data" --sip-listen 127.0.0.1:0
SIP=$(sed -n 's/^sip listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
[ -n "$SIP" ] || die "the SIP server did not report its port"
start_console op1 "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_synced op1

gbsim() { "$CENTER" gbsim --to "127.0.0.1:$SIP" --exit-with-parent "$@"; }

# Refused: a wrong password (digest checked), a device the data set lacks.
gbsim --id "$NVR" --password wrong --register-only >"$T/wrong.out" && die "a wrong password registered"
grep -qx 'refused 403' "$T/wrong.out" || die "wrong password: $(cat "$T/wrong.out")"
grep -q "gb28181 $NVR from udp .*: wrong password: 403" "$T/c.log" || die "wrong password not logged"
gbsim --id 34020000001329999999 --password x --register-only >"$T/unknown.out" && die "an unknown device registered"
grep -q 'not a device of the data set: 403' "$T/c.log" || die "unknown device not logged"
note "wrong password and unknown device: 403, logged"

# A device over UDP: registers, answers the catalog, sends an alarm.
mkfifo "$T/nvr.in"
gbsim --id "$NVR" --password 'Nvr-Pass#33' --channel "$IPC:正门摄像机" --channel "$PIR:周界探测器" \
  <"$T/nvr.in" >"$T/nvr.out" 2>"$T/nvr.err" &
PIDS+=("$!")
exec {NVR_FD}>"$T/nvr.in"
wait_for "$T/nvr.out" '^registered$' 10
wait_for "$T/nvr.out" '^catalog [0-9]+$' 10
wait_for "$T/c.log" "gb28181 $NVR: catalog of 2 \\(2 in this message\\), 2 channels known" 10
t0=$(date +%s%3N)
echo "alarm $PIR 5 5 2 北门越线" >&"$NVR_FD"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0033","zone":7,"event":"131"' 5
line=$(grep '"ev":"alarm".*"site":"KH0033","zone":7,"event":"131"' "$T/op1.jsonl")
t1=$(sed -n 's/.*"t":\([0-9]*\).*/\1/p' <<<"$line")
note "device alarm → console: $((t1 - t0)) ms"
[ $((t1 - t0)) -le 1000 ] || die "device alarm → console took $((t1 - t0)) ms (over 1 s)"
grep -q '"class":"intrusion"' <<<"$line" || die "tripwire not intrusion: $line"
grep -q '"channel":"sip"' <<<"$line" || die "channel: $line"
grep -q '"priority":2' <<<"$line" || die "AlarmPriority 2 → P2: $line"
grep -q '"detector":"绊线检测报警：北门越线"' <<<"$line" || die "detector: $line"
grep -q '"cameras":\["正门摄像机","营业厅摄像机","后门摄像机"\]' <<<"$line" ||
  die "cameras: the catalog's first, the site's others once: $line"
grep -q "\"sources\":\"gb28181 #$PIR\"" <<<"$line" || die "sources: $line"
wait_for "$T/nvr.out" '^alarm-ok 1 200$' 5
wait_for "$T/nvr.out" '^alarm-response 1 OK$' 5
note "UDP: registered, catalog (2 channels), alarm → P2 intrusion at KH0033 zone 7, 200 OK and Response OK"

# A device fault over UDP: video loss files as a fault, not a P1.
echo "alarm $IPC 2 1 1" >&"$NVR_FD"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"class":"fault".*"site":"KH0033","zone":1,"event":"300"' 5
note "video loss (method 2 type 1): a fault at zone 1, level 1 kept to the fault's ceiling"

# An alarm host over TCP with a 1 s keepalive.
mkfifo "$T/host.in"
gbsim --tcp --id "$HOST" --password 'Host-Pass#44' --keepalive 1 <"$T/host.in" >"$T/host.out" \
  2>"$T/host.err" &
PIDS+=("$!")
exec {HOST_FD}>"$T/host.in"
wait_for "$T/host.out" '^registered$' 10
grep -q "gb28181 $HOST (KH0044) registered from tcp " "$T/c.log" || die "not registered over TCP"
echo "alarm $HOST_IN 2" >&"$HOST_FD"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0044","zone":6,"event":"130"' 5
wait_for "$T/host.out" '^alarm-response 1 OK$' 5
wait_for "$T/host.out" '^keepalive-ok 2$' 10
note "TCP: registered, alarm at KH0044 zone 6, Response OK, keepalives answered"

# Silent: offline within 3 intervals (3 s), measured from its last keepalive.
echo "keepalive off" >&"$HOST_FD"
wait_for "$T/host.out" '^keepalive off$' 5
last=$(date +%s%3N)
wait_for "$T/op1.jsonl" '"ev":"alarm".*"class":"offline".*"site":"KH0044"' 10
off=$(grep '"ev":"alarm".*"class":"offline".*"site":"KH0044"' "$T/op1.jsonl" | sed -n 's/.*"t":\([0-9]*\).*/\1/p')
wait_for "$T/op1.jsonl" '"ev":"device".*GB28181 数据中心报警主机' 5
gap=$((off - last))
note "keepalive stopped → offline alarm on the console: $gap ms (interval 1 s, 3 missed)"
[ "$gap" -le 4500 ] || die "offline after $gap ms (3 intervals of 1 s and the 1 s check)"
[ "$gap" -ge 1500 ] || die "offline after only $gap ms: before 3 intervals passed"
grep -q "gb28181 $HOST (KH0044) offline: no keepalive for [0-9]*s (every 1s)" "$T/c.log" ||
  die "offline not logged"
echo "keepalive on" >&"$HOST_FD"
wait_for "$T/c.log" "gb28181 $HOST \\(KH0044\\) online again" 10
wait_for "$T/op1.jsonl" '"ev":"update".*"class":"offline".*"restored"' 5
note "keepalives again: online, the offline alarm restored"

# Remote control from the console, through the center, to the device: only
# the holder; disarm answered OK (the linkage clock stops, the site shows
# disarmed); a device that answers ERROR, and one that never answers
# (control_failed when the 8 s linkage clock runs out).
TRIP=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$line")
refused op1 "control $TRIP disarm 核实为误报" '"code":[1-9][0-9]*.*claim'
act op1 "claim $TRIP"
t0=$(date +%s%3N)
act op1 "control $TRIP disarm 现场核实为误报，客户要求撤防"
grep -q "\"ev\":\"op_ack\".*\"op_id\":\"$OP_ID\".*sent to 临江支行 NVR" "$T/op1.jsonl" ||
  die "the control's ack does not name the device: $(grep "$OP_ID" "$T/op1.jsonl" | tail -1)"
wait_for "$T/nvr.out" '^control [0-9]+ GuardCmd ResetGuard$' 5
wait_for "$T/op1.jsonl" "\"ev\":\"update\".*\"id\":\"$TRIP\".*\"text\":\"control_ok\"" 8
t1=$(grep "\"ev\":\"update\".*\"id\":\"$TRIP\".*\"text\":\"control_ok\"" "$T/op1.jsonl" |
  sed -n 's/.*"t":\([0-9]*\).*/\1/p')
wait_for "$T/op1.jsonl" '"ev":"arm".*"state":0,"text":"KH0033 1 disarmed op1"' 5
grep -q "gb28181 $NVR: ResetGuard SN [0-9]* for alarm $TRIP: OK in [0-9.]* s" "$T/c.log" ||
  die "the device's answer is not logged"
note "disarm from the console → device → answer on the alarm: $((t1 - t0)) ms (linkage ≤ 8 s)"
[ $((t1 - t0)) -le 8000 ] || die "linkage took $((t1 - t0)) ms"
echo "controls error" >&"$NVR_FD"
wait_for "$T/nvr.out" '^controls error$' 5
act op1 "control $TRIP reset 复位探测器"
wait_for "$T/nvr.out" '^control [0-9]+ AlarmCmd ResetAlarm$' 5
wait_for "$T/op1.jsonl" "\"ev\":\"update\".*\"id\":\"$TRIP\".*\"text\":\"control_failed\"" 8
grep -q "ResetAlarm SN [0-9]* for alarm $TRIP: the device answered ERROR" "$T/c.log" ||
  die "an ERROR answer is not logged as such"
echo "controls silent" >&"$NVR_FD"
wait_for "$T/nvr.out" '^controls silent$' 5
n=$(count "$T/op1.jsonl" "\"text\":\"control_failed\"")
t0=$(date +%s%3N)
act op1 "control $TRIP arm 恢复布防"
wait_for "$T/nvr.out" '^control [0-9]+ GuardCmd SetGuard$' 5
poll 12 more_than "$T/op1.jsonl" "\"text\":\"control_failed\"" "$n" || die "no failure for a silent device"
t1=$(date +%s%3N)
grep -q "SetGuard SN [0-9]* for alarm $TRIP: no answer within 8 s" "$T/c.log" || die "silence not logged"
note "a device answering ERROR, and one silent: control_failed (the silent one after $((t1 - t0)) ms)"
[ $((t1 - t0)) -ge 7500 ] || die "a silent device failed after only $((t1 - t0)) ms"
"$CONSOLE" log export --journal "$T/op1.journal" --format csv >"$T/journal.csv" 2>/dev/null ||
  die "journal export"
grep -q 'control.*现场核实为误报，客户要求撤防' "$T/journal.csv" || die "the control is not journaled with its reason"
grep -q 'control_ok' "$T/journal.csv" || die "the device's answer is not in the journal"

# A restart of the center: the registrations are in its store, so a device
# that does not register again is not refused its next alarm.
kill -TERM "$c_PID"
wait "$c_PID" 2>/dev/null
start_center c --data "$T/data" --listen "127.0.0.1:$c_PORT" --sip-listen="127.0.0.1:$SIP"
wait_for "$T/c.log" 'gb28181: 2 device registrations restored from the store' 5
n=$(count "$T/nvr.out" '^registered$')
echo "alarm $IPC 5 2 1 重启后" >&"$NVR_FD"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"detector":"运动目标检测报警：重启后"' 15
[ "$(count "$T/nvr.out" '^registered$')" = "$n" ] || die "the device had to register again"
grep '"detector":"运动目标检测报警：重启后"' "$T/op1.jsonl" | grep -q '"cameras":\["正门摄像机"' || die "the restored catalog's camera is not on the alarm"
note "center restarted: registrations and catalog restored, the device's next alarm taken"

# Bad input: a datagram that is no SIP, an unparsable body, a method not served.
printf 'hello\r\n\r\n' >/dev/udp/127.0.0.1/"$SIP"
wait_for "$T/c.log" 'gb28181 udp 127.0.0.1:[0-9]+: [0-9]+ bytes dropped: not a SIP message' 5
echo "alarm $PIR 5 6 1 <&'\"" >&"$NVR_FD"  # the text must be escaped in the XML
wait_for "$T/op1.jsonl" '"detector":"入侵检测报警：<&.\\""' 5
kill -0 "$c_PID" || die "the center died"

# A center that cannot take the alarm (its open alarms at --max-open) does
# not answer 200: the device is told to send it again (503).
start_center full --data "$T/data" --sip-listen 127.0.0.1:0 --max-open 1
FULL=$(sed -n 's/^sip listening on .* port \([0-9]*\)$/\1/p' "$T/full.out")
mkfifo "$T/f.in"
"$CENTER" gbsim --to "127.0.0.1:$FULL" --exit-with-parent --id "$NVR" --password 'Nvr-Pass#33' \
  <"$T/f.in" >"$T/f.out" 2>"$T/f.err" &
PIDS+=("$!")
exec {F_FD}>"$T/f.in"
wait_for "$T/f.out" '^registered$' 10
echo "alarm $PIR 2" >&"$F_FD"
wait_for "$T/f.out" '^alarm-ok 1 200$' 5
echo "alarm $IPC 2 2" >&"$F_FD"
wait_for "$T/f.out" '^alarm-ok 2 503$' 5
grep -q 'too many open alarms' "$T/full.log" || die "the refusal is not logged"
note "a datagram that is no SIP is logged and dropped; hostile text arrives escaped and intact; an alarm the center cannot take gets 503"
exit 0
