#!/usr/bin/env bash
# End to end: `s` silences the terminal bell too (over SSH the bell is the
# only sound there is). Three panic alarms ring the bell (no sound device
# here: the bell stands in); s silences; their review clocks (3 s in this
# data) go overdue during the silence without a bell; s again ends the
# silence and the bell rings at once. tmux counts the bells it gets.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$T/data/"
sed 's/"review": 60/"review": 3/' "$ROOT/data/demo/plans.json" >"$T/data/plans.json"
cat >"$T/s.jsonl" <<'S'
{"t": 0.2, "type": "alarm", "customer": "KH0001", "event": "120", "zone": 0}
{"t": 1.4, "type": "alarm", "customer": "KH0002", "event": "120", "zone": 0}
{"t": 2.6, "type": "alarm", "customer": "KH0003", "event": "120", "zone": 0}
S
printf '[audio]\nbell = true\nsilence_seconds = 60\n' >"$T/ui.conf"
add_user op1 operator Guard7desk
start_center c --data "$T/data" --scenario "$T/s.jsonl" --start-after 1
: >"$T/bells"
# The console starts once tmux counts bells: it waits on a FIFO the test
# writes to after setting the hook.
mkfifo "$T/go"
tmux new-session -d -s "$S" -x 120 -y 36 "read _ <'$T/go'; cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ALSA_CONFIG_PATH=/nonexistent ./alarmdesk --lang zh --localedir build/locale --config '$T/ui.conf' --center ws://127.0.0.1:$c_PORT -o op1 --journal '$T/j.db'"
tmux set-option -t "$S" bell-action any
tmux set-option -t "$S" monitor-bell on
tmux set-hook -t "$S" alert-bell "run-shell 'echo bell >>$T/bells'"
echo go >"$T/go"
bells() { wc -l <"$T/bells"; }
rang() { [ "$(bells)" -gt "$1" ]; }
wait_screen '未认领 1' 10
poll 10 rang 0 || die "no bell for a new panic alarm"
key s
wait_screen '已静音' 3
n0=$(bells)
# Each review clock goes overdue during the silence, a second apart.
overdue3() { [ "$(screen | grep -cE '^P1 .* \+0:[0-9][0-9] ')" -ge 3 ]; }
poll 15 overdue3 || { screen >&2; die "the three review clocks did not go overdue"; }
wait_screen '超时' 3
shows '已静音' || die "the silence ended by itself"
n1=$(bells)
# (a bell already on its way when s was pressed may count once)
[ $((n1 - n0)) -le 1 ] || die "$((n1 - n0)) bells rang during the silence"
key s
wait_screen '声音已恢复' 3
poll 5 rang "$n1" || die "no bell after the silence ended"
echo "  bells: $n0 before the silence, $((n1 - n0)) during it (overdue clocks), more after it"
