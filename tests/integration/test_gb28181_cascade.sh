#!/usr/bin/env bash
# The cascade to the police platform (GB/T 28181 级联), over real UDP on
# loopback: the center registers to a simulated upper platform
# (`alarmdesk-center gbplatform`) with digest authentication (a wrong
# password is refused and retried), keeps alive, and forwards an incident
# when the operator forwards it — within 4 s, measured — and a panic alarm
# at once where its plan says auto_forward. The platform's Response is the
# receipt on the console (uplink_sent → uplink_received); the operator then
# confirms by hand. A platform that never answers gets the forward 4 times
# and the console an overdue uplink clock and uplink_failed. A platform that
# goes away is seen down (3 keepalives) and registered to again.
. "$(dirname "$0")/lib.sh"

POLICE=34010000002000000001 ME=34020000002000000001
mkfifo "$T/p.in"
start_platform() {
  : >"$T/p.out"
  "$CENTER" gbplatform --id "$POLICE" --domain 3401000000 --password 'Police#110' \
    --listen "127.0.0.1:${1:-0}" --exit-with-parent <"$T/p.in" >>"$T/p.out" 2>"$T/p.err" &
  P_PID=$!; PIDS+=("$P_PID")
  exec {P_FD}>"$T/p.in"
  wait_for "$T/p.out" '^listening [0-9]+$' 5
  PPORT=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$T/p.out" | tail -1)
}
start_platform

data() { # DIR PASSWORD
  mkdir -p "$1"
  cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/panels.json" "$1/"
  # Panic alarms are forwarded at once by their plan (the first plan).
  sed '0,/"rules": {/s//"rules": {"auto_forward": true,/' "$ROOT/data/demo/plans.json" >"$1/plans.json"
  cat >"$1/gb28181.json" <<JSON
{"platform": {"id": "$ME", "domain": "3402000000"},
 "upper": {"id": "$POLICE", "domain": "3401000000", "address": "127.0.0.1:$PPORT",
           "password": "$2", "name": "公安接警平台", "keepalive_s": 1, "expires_s": 60}}
JSON
}

# A wrong password: refused, said so, tried again later.
data "$T/bad" 'Wrong#pw'
add_user op1 operator 'Night-Shift#2026'
start_center bad --data "$T/bad" --sip-listen 127.0.0.1:0
wait_for "$T/p.out" "^refused $ME\$" 10
wait_for "$T/bad.log" 'cascade to 公安接警平台 .*registration refused: check the ID and password \(403\); registering again in 5 s' 5
kill "$bad_PID"
note "a wrong cascade password: 403, logged, retried with backoff"

data "$T/data" 'Police#110'
printf '%s\n' '{"t": 0.2, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' >"$T/s.jsonl"
start_center c --data "$T/data" --sip-listen 127.0.0.1:0 --dc09-listen 127.0.0.1:0 \
  --scenario "$T/s.jsonl" --start-after 1
wait_for "$T/p.out" "^registered $ME\$" 10
wait_for "$T/p.out" "^keepalive $ME 2\$" 10
start_console op1 "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_for "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0001"' 10
A=$(grep '"ev":"alarm".*"site":"KH0001"' "$T/op1.jsonl" | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
note "registered to the platform, keepalives answered"

# The operator forwards the incident: at the platform within 4 s.
act op1 "claim $A"; act op1 "review $A video"; act op1 "result $A real"
t0=$(date +%s%3N)
act op1 "forward $A"
wait_for "$T/p.out" "^alarm [0-9]+ $ME 2 盗警 李志强.* 防区1 入户门 报警编号 $A\$" 5
t1=$(date +%s%3N)
note "forward → police platform: $((t1 - t0)) ms"
[ $((t1 - t0)) -le 4000 ] || die "the forward took $((t1 - t0)) ms (GA 1383: 4 s)"
wait_for "$T/op1.jsonl" "\"ev\":\"update\".*\"id\":\"$A\".*\"text\":\"uplink_sent\"" 5
wait_for "$T/op1.jsonl" "\"ev\":\"update\".*\"id\":\"$A\".*\"text\":\"uplink_received\"" 5
wait_for "$T/c.log" "cascade: 公安接警平台 received alarm $A \\(SN [0-9]+, OK\\) after [0-9]+ ms, 1 sent" 5
for i in $(seq 0 9); do op op1 "tick $A $i"; done
act op1 "confirm $A 公安接警平台 李警官 4409"
grep -q "\"ev\":\"update\".*\"id\":\"$A\".*\"state\":\"forwarded\"" "$T/op1.jsonl" || die "not forwarded"
note "uplink_sent → uplink_received (the platform's Response), then confirmed by hand"

# A platform that never answers: 4 sends, an overdue uplink clock, failed.
echo "receipts silent" >&"$P_FD"
wait_for "$T/p.out" '^receipts silent$' 5
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
t0=$(date +%s%3N)
"$CENTER" panel --to "127.0.0.1:$DC09" --account 1033 'ADM:1120 01 005' >/dev/null ||
  die "the panel's panic was not acknowledged"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"class":"panic".*"site":"KH0033"' 5
B=$(grep '"ev":"alarm".*"class":"panic".*"site":"KH0033"' "$T/op1.jsonl" | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
wait_for "$T/p.out" "^alarm [0-9]+ $ME 1 紧急报警 江城农商银行临江支行.* 报警编号 $B\$" 5
t1=$(date +%s%3N)
note "a panic alarm whose plan says auto_forward: at the platform $((t1 - t0)) ms after the panel sent it"
[ $((t1 - t0)) -le 4000 ] || die "the automatic forward took $((t1 - t0)) ms"
SN=$(grep "^alarm [0-9]* $ME 1 .*$B\$" "$T/p.out" | head -1 | cut -d' ' -f2)
wait_for "$T/op1.jsonl" "\"ev\":\"overdue\".*\"id\":\"$B\"" 8
"$CONSOLE" log export --journal "$T/op1.journal" --format csv | grep -q "clock.overdue.*$B.*clock.uplink\|$B.*clock.overdue.*clock.uplink" ||
  die "the overdue is not the uplink clock's: $("$CONSOLE" log export --journal "$T/op1.journal" --format csv | grep "$B" | grep overdue)"
wait_for "$T/c.log" "no receipt for alarm $B \\(SN $SN\\): sent again \\(4\\)" 20
wait_for "$T/op1.jsonl" "\"ev\":\"update\".*\"id\":\"$B\".*\"text\":\"uplink_failed\"" 8
# Each send is a SIP transaction, retransmitted over UDP within it.
[ "$(count "$T/p.out" "^alarm $SN .*$B\$")" -ge 4 ] || die "the platform saw SN $SN $(count "$T/p.out" "^alarm $SN ") times"
grep -q "alarm $B: no receipt after 4 tries from 公安接警平台" "$T/c.log" || die "the failure is not logged"
note "a platform that never answers: sent 4 times, the uplink clock overdue, uplink_failed"

# The platform goes away: 3 keepalives unanswered, down; back: registered again.
echo "receipts on" >&"$P_FD"
kill "$P_PID"
wait_for "$T/c.log" 'cascade to 公安接警平台 .*3 keepalives unanswered: the link is down' 15
wait_for "$T/op1.jsonl" '"ev":"device".*GB28181 上级平台 公安接警平台 offline' 5
exec {P_FD}>&-
start_platform "$PPORT"
wait_for "$T/p.out" "^registered $ME\$" 70
wait_for "$T/op1.jsonl" '"ev":"device".*GB28181 上级平台 公安接警平台 online' 5
note "the platform away: the link down on every console; back: registered again"
exit 0
