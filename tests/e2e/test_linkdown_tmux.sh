#!/usr/bin/env bash
# End to end: a link down cannot be missed. When the center goes away the
# message line becomes a full-width red banner naming it and why, the title
# bar says LINK DOWN, and the bell rings with the link-loss voice; s
# acknowledges (journaled); when the center is back, both go.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_center c
port=$c_PORT
: >"$T/bells"
tmux new-session -d -s "$S" -x 120 -y 36 "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ALSA_CONFIG_PATH=/nonexistent ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$port -o op1 --journal '$T/j.db'"
tmux set-option -t "$S" bell-action any
tmux set-option -t "$S" monitor-bell on
tmux set-hook -t "$S" alert-bell "run-shell 'echo bell >>$T/bells'"
wait_screen '已连接' 10
shows '链路中断' && die "a link down shown while the link is up"
kill "$c_PID"; wait "$c_PID" 2>/dev/null
wait_screen '^ 链路中断：alarmdesk-center \(cannot connect' 10
screen | head -1 | grep -q '链路中断' || die "the title bar does not say LINK DOWN"
rang() { [ -s "$T/bells" ]; }
poll 5 rang || die "no bell with the link-loss voice"
key s
start_center c --listen "127.0.0.1:$port"
wait_screen_gone '链路中断' 15
key q; key y
wait_session_end 5
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -q ',link.down_ack,' ||
  die "the acknowledgement is not journaled"
echo "  link down: red banner, title tag, bell; s acknowledged (journaled); gone when back"
