#!/usr/bin/env bash
# Protocol-level checks with hand-made frames: the center refuses every op
# from a supervisor session, answers malformed frames with an error naming the
# field and keeps the session, and applies a repeated op_id only once.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user boss supervisor,operator Night9shift
echo '{"t": 0.2, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console s "ws://127.0.0.1:$c_PORT" boss Night9shift --role supervisor
wait_for "$T/s.jsonl" '"ev":"alarm"'
id=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/s.jsonl" | head -1)

send s "claim $id"
wait_for "$T/s.jsonl" '"ev":"reply","cmd":"claim","code":-6'
send s "raw {\"type\":\"op\",\"op_id\":\"x-1\",\"action\":\"claim\",\"alarm_id\":\"$id\"}"
wait_for "$T/s.jsonl" '"ev":"op_ack".*"code":3004'
note "supervisor op refused by the console and by the center (3004)"

send s 'raw {"type":"op","op_id":"x-2","action":"claim"}'
wait_for "$T/s.jsonl" '"ev":"op_ack".*"op_id":"x-2".*"code":3004'
send s 'raw {"type":"query","what":"figures","from":5}'
wait_for "$T/s.jsonl" '"code":1002.*to: missing'
send s 'raw {"type":"op","op_id":"x-3","action":"claim","alarm_id":"a","alarm_id":"b"}'
wait_for "$T/s.jsonl" '"code":1001.*duplicate key'
send s 'raw not json at all'
wait_for "$T/s.jsonl" '"code":1001.*not JSON'
send s stats
wait_for "$T/s.jsonl" '"ev":"stats".*"link":3'
note "malformed frames answered with the field named (a supervisor's op: 3004 first); session kept"

start_console o "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_for "$T/o.jsonl" '"ev":"alarm"'
for _ in 1 2 3; do
  send o "raw {\"type\":\"op\",\"op_id\":\"same-1\",\"action\":\"claim\",\"alarm_id\":\"$id\"}"
done
wait_count "$T/o.jsonl" '"ev":"op_ack".*"op_id":"same-1".*"code":0' 3
# The stream is ordered: once the release's update is here, a second
# claim update would have come before it.
act o "release $id"
wait_for "$T/o.jsonl" '"ev":"update".*"state":"new"'
[ "$(count "$T/o.jsonl" '"ev":"update".*"state":"claimed"')" = 1 ] || die "a repeated op_id was applied more than once"
note "repeated op_id applied once, acknowledged each time"
