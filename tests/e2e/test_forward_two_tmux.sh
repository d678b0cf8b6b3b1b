#!/usr/bin/env bash
# End to end, by keys: a fire is forwarded to two recipients (消防119, 公安110):
# the checklist (at the bottom: the queue stays in sight) records a receiver
# for each, refuses to confirm while one is missing and says whose, and the
# confirmed forward names both on the timeline.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
printf '{"t": 0.3, "type": "alarm", "customer": "KH0004", "event": "110", "zone": 1}\n' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
printf '[console]\ncallback_phone = 0555-1234567\n' >"$T/ad.conf"
tmux new-session -d -s "$S" -x 120 -y 40 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk -c '$T/ad.conf' --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --journal '$T/j.db'"
wait_screen '未认领 .*姜勇' 10
key Enter; wait_screen '已认领 op1'
key Enter; wait_screen '复核中 op1'
key y; wait_screen '警情 op1'
key Enter; wait_screen '人工转发清单'
wait_screen '^P1 火警 .*转发中 op1'   # the queue stays in sight while the checklist is open
key n; key -l '李队 119-07'; key Enter
wait_screen '消防119 接警人（姓名、警号）：李队 119-07'
key c; wait_screen '请先记录 公安110 的接警人'
for _ in 1 2 3 4 5; do key j; done
key n; key -l '王警官 3021'; key Enter
wait_screen '公安110 接警人（姓名、警号）：王警官 3021'
ticked() { [ "$(screen | grep -c '\[x\]')" -ge "$1" ]; }
key k k k k k
for i in $(seq 1 10); do key Space; poll 3 ticked "$i" || die "item $i was not ticked"; done
key c; wait_screen '已转发 op1'
key Escape
wait_screen ' op1  转警已确认，接收人 消防119 李队 119-07; 公安110 王警官 3021'
note "two recipients, a receiver each, confirm refused while one was missing"
