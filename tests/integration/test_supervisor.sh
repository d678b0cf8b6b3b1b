#!/usr/bin/env bash
# The supervisor's read-only session against a real center: the room lists
# who is connected and what they hold; a notice reaches every console (the
# one thing a supervisor sends, journaled); an operator may not send one;
# the figures of the last hour count what the operator did; no op ever
# leaves the supervisor's console (anchors included).
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user boss supervisor Night9shift
cat >"$T/s.jsonl" <<'J'
{"t": 0.2, "type": "alarm", "customer": "KH0033", "event": "130", "zone": 5}
{"t": 0.3, "type": "alarm", "customer": "KH0002", "event": "120", "zone": 1}
{"t": 0.4, "type": "alarm", "customer": "KH0005", "event": "110", "zone": 2}
J
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console o "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_for "$T/o.jsonl" '"ev":"alarm".*"seq":3,'
ids=($(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/o.jsonl"))
[ ${#ids[@]} = 3 ] || die "expected 3 alarms, got ${#ids[@]}"
a=${ids[0]}; b=${ids[1]}

# The operator handles one alarm to a false alarm and holds another.
for cmd in "claim $a" "review $a video" "result $a false" "close $a 1" "claim $b"; do
  act o "$cmd"
done

start_console s "ws://127.0.0.1:$c_PORT" boss Night9shift --role supervisor
wait_for "$T/s.jsonl" '"ev":"room".*"operator":"op1".*"operator":"boss"|"ev":"room".*"operator":"boss".*"operator":"op1"'
note "room: the supervisor sees op1 and itself"

act s "notice 全体注意：3号楼消防演练 21:00"
wait_for "$T/o.jsonl" '"ev":"notice".*"text":"boss: 全体注意：3号楼消防演练 21:00"'
send o "notice not allowed"
wait_for "$T/o.jsonl" '"ev":"reply","cmd":"notice","code":-6'
send o 'raw {"type":"broadcast","op_id":"b-1","text":"sneaky"}'
wait_for "$T/o.jsonl" '"ev":"op_ack".*"op_id":"b-1".*"code":2002'
grep -q sneaky "$T/c.log" && die "an operator's broadcast reached the center's stream"
note "notice: sent by the supervisor, received by the operator; refused from an operator (2002)"

send s "figures 3600"
wait_for "$T/s.jsonl" '"ev":"figures"'
fig=$(grep '"ev":"figures"' "$T/s.jsonl" | tail -1)
for want in '"alarms":3' '"reviewed":1' '"false_alarms":1' '"review":{"n":1,"met":1,"missed":0'; do
  grep -qF "$want" <<<"$fig" || die "figures lack $want: $fig"
done
note "figures of the last hour: 3 alarms, 1 reviewed false within its clock"

# The supervisor's console never sent an op: every op line in the center's
# log names another console, and the journal has the notice row.
send s quit; wait "$s_PID" 2>/dev/null
grep -E "^.* op .* at s: " "$T/c.log" && die "an op reached the center from the supervisor's console"
"$CONSOLE" log show --journal "$T/s.journal" | grep -q 'notice.send' || die "the notice is not journaled"
note "no op from the supervisor's console; the notice is journaled"
