#!/usr/bin/env bash
# A supervisor's bulk decision in a storm (op autolog): the whole group of
# one kind of fault is logged with the supervisor's reason (every alarm of
# that kind closed, each with it on its timeline; the other kinds stay
# open); only the restored ones when asked so; refused for a P1/P2 alarm,
# without a reason, and for an operator.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user boss supervisor Watch9desk
echo '{"t": 0.1, "type": "alarm", "customer": "KH0001", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --rate 400 --count 800 --faults-only --flood-rate 50 --scenario "$T/s.jsonl" --start-after 2
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
start_console s "ws://127.0.0.1:$c_PORT" boss Watch9desk --role supervisor
alarms() { grep -c '"ev":"alarm"' "$T/s.jsonl"; }
all_in() { [ "$(alarms)" -ge 801 ]; }
poll 30 all_in || die "the supervisor's console has $(alarms) of 801 alarms"
wait_for "$T/c.log" 'STORM: .* flood mode on'
# A 301 (AC loss) alarm leads its kind; count that kind.
lead=$(grep '"ev":"alarm"' "$T/s.jsonl" | grep '"event":"301"' | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
n301=$(grep '"ev":"alarm"' "$T/s.jsonl" | grep -c '"event":"301"')
p1=$(grep '"ev":"alarm"' "$T/s.jsonl" | grep '"event":"120"' | sed 's/.*"id":"\([^"]*\)".*/\1/')
[ -n "$lead" ] && [ "$n301" -gt 10 ] || die "no storm of 301 to log ($n301)"

op a "autolog $lead 1 雷暴"                       # an operator: refused by the console
[ "$OP_CODE" != 0 ] || die "an operator's console sent a bulk log"
send a "raw {\"type\":\"op\",\"op_id\":\"a-raw-1\",\"action\":\"autolog\",\"alarm_id\":\"$lead\",\"code\":1,\"text\":\"雷暴\"}"
ack_of a a-raw-1                                  # and by the center
grep '"op_id":"a-raw-1"' "$T/a.jsonl" | grep -q '"code":2002' || die "the center took an operator's bulk log"
refused s "autolog $p1 1 雷暴" 'P1/P2 alarms are handled one by one'   # a P1 alarm
act s "autolog $lead 0 雷暴"                      # the restored ones: none yet
grep "\"op_id\":\"$OP_ID\"" "$T/s.jsonl" | grep -q 'logged 0 alarms' || die "restored-only logged some"
act s "autolog $lead 1 雷暴导致大面积交流掉电，供电恢复后逐一回访"
grep "\"op_id\":\"$OP_ID\"" "$T/s.jsonl" | grep -q "logged $n301 alarms" || die "not all $n301 of the kind were logged: $(grep "\"op_id\":\"$OP_ID\"" "$T/s.jsonl")"
grep -q "boss logged $n301 alarms of fault 301 in bulk: 雷暴导致大面积交流掉电" "$T/c.log" || die "the center did not log who decided"
closed301() { [ "$(sqlite3 "$T/c.db" "SELECT count(*) FROM records WHERE json_extract(frame, '$.alarm.event.code') = '301'")" = "$n301" ]; }
poll 10 closed301 || die "the records lack the logged 301 alarms"
sqlite3 "$T/c.db" "SELECT frame FROM records WHERE json_extract(frame, '$.alarm.event.code') = '301' LIMIT 1" |
  grep -q '"action":"autolog","by":"boss","text":"雷暴导致大面积交流掉电，供电恢复后逐一回访"' || die "the reason is not on the timeline"
open_other=$(sqlite3 "$T/c.db" "SELECT count(*) FROM alarms WHERE json_extract(frame, '$.alarm.event.code') <> '301'")
[ "$open_other" -gt 0 ] || die "other kinds were logged too"
"$CONSOLE" log export --journal "$T/s.journal" --format csv | grep -q ',op\.autolog,.*雷暴导致大面积交流掉电' ||
  die "the supervisor's console did not journal the decision"
note "$n301 alarms of 301 logged by the supervisor with a reason; $open_other of other kinds still open; refusals for P1, an operator, no restores"
