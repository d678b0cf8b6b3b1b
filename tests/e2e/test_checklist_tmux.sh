#!/usr/bin/env bash
# End to end, by keys: the forward checklist does not let the operator tick
# "callback phone given" when the console has no callback phone to give (it
# says where to set it); the other items tick.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
printf '{"t": 0.3, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}\n' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
tmux new-session -d -s "$S" -x 120 -y 36 \
  "cd '$ROOT' && LANG=C.UTF-8 XDG_CONFIG_HOME='$T/none' ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --journal '$T/j.db'"
wait_screen '未认领 .*02 客厅' 10
key Enter; wait_screen '已认领 op1'
key Enter; wait_screen '复核中 op1'
key y; wait_screen '警情 op1'
key Enter; wait_screen '人工转发清单'
ticked() { [ "$(screen | grep -c '\[x\]')" -ge "$1" ]; }
for i in 1 2 3 4; do key Space; poll 3 ticked "$i" || die "item $i of the checklist was not ticked"; done
wait_screen '\[ \] 联系电话'
key Space
wait_screen '没有可告知的回拨电话' 3
shows '\[ \] 联系电话' || die "the callback phone was ticked without a phone to give"
echo "  the callback-phone item cannot be ticked without a phone; the other four ticked"
