#!/usr/bin/env bash
# End to end, by keys: a supervisor writes a notice with B (the editor keeps
# every key typed, Chinese included, until Enter), every console gets it,
# and the supervisor's journal records it (the editor once closed on the
# first key: it looked for the alarm a notice does not have).
. "$(dirname "$0")/lib.sh"

add_user boss supervisor Watch7tower
add_user op1 operator Guard7desk
start_center c
start_console op1 "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced op1
tmux new-session -d -s "$S" -x 120 -y 36 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Watch7tower ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o boss --role supervisor --console-id sup --journal '$T/sup.journal'"
wait_screen '已连接' 10
key B
wait_screen '发给所有值机台的通知' 3
key -l '今晚22:00线路检修'
wait_screen '今晚22:00线路检修' 3   # still open, the text as typed
key -l ' ok'
key Enter
wait_for "$T/op1.jsonl" '"ev":"notice".*今晚22:00线路检修 ok' 5
wait_screen '通知：boss: 今晚22:00线路检修 ok' 3   # its own copy came back
key q; key y
wait_session_end 5
"$CONSOLE" log export --journal "$T/sup.journal" --format csv | grep -q 'notice.send.*今晚22:00线路检修 ok' ||
  die "the notice is not in the supervisor's journal"
echo "  a notice typed with B reached every console and the journal"
