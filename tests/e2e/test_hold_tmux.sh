#!/usr/bin/env bash
# End to end, by keys: a hold asks why (an empty reason is refused on the
# screen); an overdue P1 cannot be held until a supervisor permits it from
# the supervisor's console (W, with why) — the permission is on every
# timeline and is used up by the hold; all of it journaled on both consoles.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user boss supervisor Watch9desk
mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$T/data/"
sed 's/"review": 60/"review": 2/' "$ROOT/data/demo/plans.json" >"$T/data/plans.json"
printf '%s\n' '{"t": 0.2, "type": "alarm", "customer": "KH0004", "event": "120", "zone": 1}' \
  '{"t": 0.3, "type": "alarm", "customer": "KH0006", "event": "301", "zone": 0}' >"$T/s.jsonl"
start_center c --data "$T/data" --scenario "$T/s.jsonl" --start-after 1
console() { # SESSION OPERATOR PASSWORD JOURNAL [ARGS]
  local s=$1 op=$2 pw=$3 j=$4; shift 4
  tmux new-session -d -s "$s" -x 130 -y 40 \
    "cd '$ROOT' && LANG=C.UTF-8 XDG_CONFIG_HOME='$T/none' ALARMDESK_PASSWORD=$pw ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o $op --console-id $op --journal '$j' $*"
}
console "$S" op1 Guard7desk "$T/j.db"
wait_screen '董艳' 10
shows '^P1 紧急  姜勇' || die "the panic alarm is not selected first"
key c; wait_screen '^状态：已认领  ·  op1'
wait_screen "^P1 紧急 .* \+0:[0-9]{2} " 10   # its review clock (2 s) is overdue
key h; wait_screen '挂起报警'; key 1
wait_screen '挂起 5 分钟的原因'
key Enter; wait_screen '请说明原因'           # no reason, no hold
key -l '等待物业回电'; key Enter
wait_screen '中心拒绝：已超时的 P1/P2 报警须经值班长准许才能挂起：请立即处置。'
note "an overdue P1 is not held without a supervisor"

S2=ad-boss-$$
trap 'tmux kill-session -t "$S2" 2>/dev/null; tmux kill-session -t "$S" 2>/dev/null; cleanup' EXIT
console "$S2" boss Watch9desk "$T/boss.db" --role supervisor
boss_sees() { tmux capture-pane -p -t "$S2" | grep -qE "$1"; }
poll 10 boss_sees '^P1 紧急  姜勇' || { tmux capture-pane -p -t "$S2" >&2; die "the supervisor does not see the alarm"; }
tmux send-keys -t "$S2" W
poll 5 boss_sees '准许挂起这条已超时的报警' || die "no permit prompt on the supervisor's console"
tmux send-keys -t "$S2" -l '物业经理在现场核实'; tmux send-keys -t "$S2" Enter
wait_screen ' boss  值班长准许超时挂起：物业经理在现场核实'
key h; wait_screen '挂起报警'; key 1
wait_screen '挂起 5 分钟的原因'; key -l '等待物业回电'; key Enter
wait_screen ' op1  挂起 5 分钟：等待物业回电'
wait_screen '^P1 紧急 .*挂起 [0-9]:[0-9]{2}'
note "permitted by the supervisor, then held with its reason"

key j; wait_screen '^P4 故障  董艳'         # a fault may be held at once, with a reason
key c; wait_screen '^状态：已认领  ·  op1'
key h; key 2; wait_screen '挂起 15 分钟的原因'
key -l '维修已派单'; key Enter
wait_screen ' op1  挂起 15 分钟：维修已派单'
key q; key y; wait_session_end 5
tmux send-keys -t "$S2" q y
poll 5 eval '! tmux has-session -t "$S2" 2>/dev/null' || die "the supervisor's console did not exit"
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -qE ',op.hold,.*等待物业回电' ||
  die "the hold's reason is not journaled"
"$CONSOLE" log export --journal "$T/boss.db" --format csv | grep -qE ',op.permit,.*物业经理在现场核实' ||
  die "the permission is not in the supervisor's journal"
note "journaled: op.hold with its reason, op.permit on the supervisor's console"
