#!/usr/bin/env bash
# Terminal output during a storm: bytes/s the console writes to a tmux pane of
# COLSxROWS while the center generates RATE alarms/s (target ≤ 20 KB/s).
set -eu
RATE=${1:-5000} COLS=${2:-200} ROWS=${3:-50} SECS=${4:-5}
. "$(dirname "$0")/../integration/lib.sh"
S=ad-tty-$$
trap 'tmux kill-session -t "$S" 2>/dev/null; cleanup' EXIT
add_user op1 operator Guard7desk
start_center c --rate "$RATE"
tmux new-session -d -s "$S" -x "$COLS" -y "$ROWS" \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --journal '$T/tty.journal' --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1"
sleep 2
tmux pipe-pane -t "$S" -o "cat >'$T/tty'"
sleep "$SECS"
tmux pipe-pane -t "$S"
bytes=$(stat -c %s "$T/tty")
echo "tty output at ${COLS}x${ROWS}, $RATE alarms/s: $((bytes / SECS)) bytes/s over $SECS s"
