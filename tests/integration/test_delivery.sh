#!/usr/bin/env bash
# A scenario's alarms reach a console over a real WebSocket, with Chinese
# text intact; a wrong password is refused and the console says so.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.2, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}
{"t": 0.3, "type": "alarm", "customer": "KH0002", "event": "131", "zone": 6, "channel": "wireless"}
{"t": 0.4, "type": "device", "customer": "KH0039", "device": "报警主机", "state": "offline"}
{"t": 0.5, "type": "notice", "from": "值班长", "text": "线路检修"}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_for "$T/a.jsonl" '"ev":"notice"'
[ "$(count "$T/a.jsonl" '"ev":"alarm"')" = 2 ] || die "expected 2 alarms"
grep -q '"customer":"江城农商银行临江支行"' "$T/a.jsonl" || die "Chinese customer name lost"
grep -q '"class":"panic","priority":1' "$T/a.jsonl" || die "panic class/priority"
grep -q '"ev":"device".*报警主机 offline' "$T/a.jsonl" || die "device event"
grep -q '"text":"值班长: 线路检修"' "$T/a.jsonl" || die "notice text"
send a stats
wait_for "$T/a.jsonl" '"ev":"stats".*"last_seq":4,"applied":4,"dups":0'
send a quit
wait "$a_PID" || die "console exit status $?"
note "delivery ok"

start_console b "ws://127.0.0.1:$c_PORT" op1 WrongPass9
wait_for "$T/b.jsonl" '"code":2001'
wait_for "$T/b.jsonl" '"ev":"link".*"state":5'
grep -q '"ev":"alarm"' "$T/b.jsonl" && die "alarms delivered despite a wrong password"
grep -q "login refused: operator 'op1'" "$T/c.log" || die "center did not log the refusal"
note "bad password refused"
