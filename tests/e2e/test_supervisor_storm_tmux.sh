#!/usr/bin/env bash
# End to end, by keys, on a supervisor's console: with no operator on duty
# it warns (status bar, room page) and names the classes nobody handles,
# until an operator connects; Z logs a kind of fault in bulk with why (the
# whole group here), refused for a P1 alarm; journaled.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user boss supervisor Watch9desk
printf '%s\n' '{"t": 0.1, "type": "alarm", "customer": "KH0001", "event": "120", "zone": 5}' \
  '{"t": 0.2, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 0}' \
  '{"t": 0.3, "type": "alarm", "customer": "KH0003", "event": "301", "zone": 0}' \
  '{"t": 0.4, "type": "alarm", "customer": "KH0004", "event": "301", "zone": 0}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
zh_console 130x40 boss Watch9desk --role supervisor
wait_screen '无值机员在岗：4 条未认领' 10
key R; wait_screen '没有值机员在线：未认领的 紧急 1, 故障 3'
key Escape
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_screen_gone '无值机员在岗' 10
note "no operator on duty: warned, the classes named; gone once one connects"

wait_screen '^P1 紧急 '
key Z; wait_screen 'P1/P2 报警必须逐条处置，不能批量记录。'
key j; wait_screen '^P4 故障 .*'
key Z; wait_screen '批量记录同类故障'
shows '整组记录（3 条）' || die "the group's count is not offered"
key 2; wait_screen '为何不逐条处置而批量记录'
key -l '停电检修，供电局已通知'; key Enter
wait_for "$T/c.log" 'boss logged 3 alarms of fault 301 in bulk: 停电检修，供电局已通知' 5
faults_gone() { ! screen | grep -qE '^P4 故障 '; }
poll 5 faults_gone || die "the logged faults are still in the queue"
key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -q ',op\.autolog,.*停电检修，供电局已通知' ||
  die "the bulk log is not journaled"
note "a kind of fault logged in bulk by keys with why; refused for a P1 alarm; journaled"
