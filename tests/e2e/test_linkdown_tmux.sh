#!/usr/bin/env bash
# End to end: a link down cannot be missed. When the center goes away the
# message line becomes a full-width red banner naming it and why, the title
# bar says LINK DOWN, the clocks are marked stale, and the bell rings with the link-loss voice; s
# acknowledges (journaled); when the center is back, both go.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
printf '{"t": 0.2, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}\n' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
port=$c_PORT
: >"$T/bells"
tmux new-session -d -s "$S" -x 120 -y 36 "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ALSA_CONFIG_PATH=/nonexistent ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$port -o op1 --journal '$T/j.db'"
tmux set-option -t "$S" bell-action any
tmux set-option -t "$S" monitor-bell on
tmux set-hook -t "$S" alert-bell "run-shell 'echo bell >>$T/bells'"
wait_screen '已连接' 10
wait_screen '^时限：复核 [0-9]' 10
shows '链路中断' && die "a link down shown while the link is up"
kill "$c_PID"; wait "$c_PID" 2>/dev/null
wait_screen '^ 链路中断：alarmdesk-center \(cannot connect' 10
screen | head -1 | grep -q '链路中断' || die "the title bar does not say LINK DOWN"
shows '^时限（链路中断，为最后已知）：复核' || die "the detail's clocks are not marked stale"
shows '^P2 入侵 +[0-9:]{8} \?[0-9]' || die "the queue's clock is not marked stale"
rang() { [ -s "$T/bells" ]; }
poll 5 rang || die "no bell with the link-loss voice"
key s
start_center c --listen "127.0.0.1:$port"
wait_screen_gone '链路中断' 15
wait_screen '^时限：复核' 5
key q; key y
wait_session_end 5
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -q ',link.down_ack,' ||
  die "the acknowledgement is not journaled"
echo "  link down: red banner, title tag, stale clocks, bell; s acknowledged (journaled); gone when back"
