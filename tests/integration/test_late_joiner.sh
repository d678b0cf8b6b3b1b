#!/usr/bin/env bash
# A console that logs in late learns the standing state from the snapshot:
# devices not online (not those back online) and the notices in force, also
# after the center restarts; `handover` lists the unrestored devices.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.1, "type": "device", "customer": "KH0039", "device": "报警主机", "state": "offline"}
{"t": 0.1, "type": "device", "customer": "KH0033", "device": "摄像机1", "state": "fault"}
{"t": 0.1, "type": "device", "customer": "KH0012", "device": "报警主机", "state": "offline"}
{"t": 0.1, "type": "device", "customer": "KH0012", "device": "报警主机", "state": "online"}
{"t": 0.1, "type": "notice", "from": "值班长", "text": "今晚线路检修，KH0039 离线属正常"}
{"t": 0.1, "type": "alarm", "customer": "KH0033", "event": "130", "zone": 2}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced a
wait_for "$T/a.jsonl" '"ev":"alarm"'
wait_count "$T/a.jsonl" '"ev":"notice"' 1

check_late() { # NAME: the late console's view
  wait_synced "$1"
  wait_count "$T/$1.jsonl" '"ev":"device"' 2
  grep -q '"ev":"device".*KH0039 报警主机 offline' "$T/$1.jsonl" || die "$1: the offline panel is missing"
  grep -q '"ev":"device".*KH0033 摄像机1 fault' "$T/$1.jsonl" || die "$1: the faulty camera is missing"
  grep -q '"ev":"device".*KH0012' "$T/$1.jsonl" && die "$1: a device back online was sent"
  wait_count "$T/$1.jsonl" '"ev":"notice"' 1
  grep -q '"ev":"notice".*值班长: 今晚线路检修' "$T/$1.jsonl" || die "$1: the notice is missing"
  send "$1" handover
  wait_for "$T/$1.jsonl" '"ev":"handover".*"unrestored":2'
}
start_console late "ws://127.0.0.1:$c_PORT" op1 Guard7desk --console-id late
check_late late
note "a late console gets 2 devices not online (not the one back online) and the notice"

kill "$c_PID"; wait "$c_PID" 2>/dev/null
start_center c # the same state file, without the scenario
start_console later "ws://127.0.0.1:$c_PORT" op1 Guard7desk --console-id later
check_late later
note "and so does one after the center restarted"
