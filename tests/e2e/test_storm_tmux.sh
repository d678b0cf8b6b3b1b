#!/usr/bin/env bash
# Under an alarm storm (2 000 alarms/s) the console still answers the
# keyboard: the help overlay opens and closes, the quit prompt appears, and
# the queue keeps counting. (Latency figures are in `make bench`.)
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_center c --rate 2000
tmux new-session -d -s "$S" -x 120 -y 30 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --journal '$T/storm.journal' --lang en --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id storm"
wait_screen 'new [0-9]{4,}' 10
tmux send-keys -t "$S" '?'
wait_screen 'claim \(acknowledge\) the selected alarm' 1
tmux send-keys -t "$S" x
wait_screen_gone 'claim \(acknowledge\)' 1
n1=$(screen | sed -n 's/.*new \([0-9]*\).*/\1/p')
tmux send-keys -t "$S" G
new_count() { screen | sed -n 's/.*new \([0-9]*\).*/\1/p'; }
counting() { [ "$(new_count)" -gt "$n1" ]; }
poll 5 counting || die "queue stopped counting ($n1 → $(new_count))"
n2=$(new_count)
tmux send-keys -t "$S" q
wait_screen 'Quit alarmdesk\?' 1
tmux send-keys -t "$S" y
wait_session_end
note "keyboard answered during a storm; queue $n1 → $n2"
