#!/usr/bin/env bash
# End to end: `alarmdesk --demo` in a real terminal (tmux, LANG=C.UTF-8).
# Live alarms appear with Chinese text in aligned columns; Enter claims the
# selected alarm; a too-small terminal is said so; a simulated DC-09 panel
# feeds the demo center's receiver with real frames; q y quits and leaves no
# process or temp dir behind.
. "$(dirname "$0")/lib.sh"
width() { printf '%s' "$1" | wc -L; }

before=$(pgrep -f 'alarmdesk-demo-' | sort)
panels_before=$(pgrep -f 'alarmdesk-center panel --to 127.0.0.1' | sort)
tmux new-session -d -s "$S" -x 100 -y 30 \
  "cd '$ROOT' && LANG=C.UTF-8 XDG_DATA_HOME='$T' ALSA_CONFIG_PATH=/nonexistent ./alarmdesk --demo --lang zh --localedir build/locale --datadir data; echo \$? >'$T/exit'; sleep 30"
wait_screen '未认领' 10
wait_screen 'P2 +入侵' 10
screen >"$T/s1"

# Columns line up in display columns whatever the text: the zone column
# starts where its header does on every row (wc -L measures display width).
header=$(grep -m1 '^P  ' "$T/s1") || die "no header row"
hz=$(width "${header%%防区*}")
rows=0
while IFS= read -r line; do
  [[ $line =~ ^P[1-4]\ .*[0-9][0-9]:[0-9][0-9]:[0-9][0-9] ]] || continue
  if [[ $line == *主机* ]]; then pre=${line%主机*}; else pre="${line% [0-9][0-9] *} "; fi
  [ "$(width "$pre")" = "$hz" ] || die "zone column at $(width "$pre"), header at $hz: '$line'"
  rows=$((rows + 1))
done <"$T/s1"
[ "$rows" -ge 2 ] || die "expected at least 2 alarm rows, saw $rows"
grep -q '【重要客户】' "$T/s1" || die "detail pane lacks the key-customer flag"
grep -q '预案：紧急报警处置预案' "$T/s1" || die "detail pane lacks the response plan"

# The banner names the most urgent unclaimed alarm; without a usable audio
# device the status bar says so; s silences (the countdown shows).
grep -q '^ >> P1 紧急  江城农商银行临江支行' "$T/s1" || die "no banner for the panic alarm"
grep -q '声音: 关闭 (PortAudio' "$T/s1" || die "the status bar does not say the audio is off"
tmux send-keys -t "$S" s
wait_screen '已静音 [12]:[0-5][0-9]' 3
tmux send-keys -t "$S" s
wait_screen '声音已恢复' 3

# The demo's panel (account 1002) is connected to the demo center's DC-09
# receiver: its link test got its ACK (its burglary follows 30 s later).
log=$(pgrep -af 'alarmdesk-center --listen' | sed -n 's|.*--state \(/tmp/alarmdesk-demo-[^/]*\)/center.db.*|\1/center.log|p' | head -1)
[ -n "$log" ] || die "no demo center running"
poll 10 grep -q '^0001 NULL → ACK' "$log" || die "the demo panel got no ACK: $(tail -3 "$log")"

# Enter claims the selected (most urgent) alarm, the bank's panic button:
# its nearest camera comes up as a moving picture (the demo center's test
# camera stands in for the data set's cameras); m goes back to the queue,
# where the center's acknowledgement shows.
tmux send-keys -t "$S" Enter
wait_screen '^B 营业厅摄像机 .*/10\.20\.0\.43/ch2 +320x240，视频' 10
picture() { screen | sed -n '5,18p'; }
first=$(picture | md5sum)
moving() { [ "$(picture | md5sum)" != "$first" ]; }
poll 5 moving || { screen >&2; die "the demo's camera picture does not move"; }
tmux send-keys -t "$S" m
wait_screen '^P1 +紧急 .*已认领 demo' 5

# Below 80x24 the console says so instead of garbling.
tmux resize-window -t "$S" -x 70 -y 20
wait_screen '终端窗口太小：70x20' 5
tmux resize-window -t "$S" -x 100 -y 30
wait_screen '已认领 demo' 5

# Help overlay, then quit with confirmation.
tmux send-keys -t "$S" '?'
wait_screen '认领（确认）选中的报警' 3
tmux send-keys -t "$S" Escape
wait_screen_gone '认领（确认）选中的报警' 3
tmux send-keys -t "$S" q
wait_screen '退出 alarmdesk？' 3
tmux send-keys -t "$S" y
poll 5 test -s "$T/exit" || die "the console did not exit"
[ "$(cat "$T/exit" 2>/dev/null)" = 0 ] || die "exit status '$(cat "$T/exit" 2>/dev/null)'"
# The demo wrote its own journal, not the operator's.
[ -s "$T/alarmdesk/demo-journal.db" ] || die "no demo journal in \$XDG_DATA_HOME/alarmdesk"
[ ! -e "$T/alarmdesk/journal.db" ] || die "the demo wrote to the operator's journal"
demo_gone() { [ "$(pgrep -f 'alarmdesk-demo-' | sort)" = "$before" ]; }
poll 5 demo_gone || die "a demo center is still running: $(pgrep -af alarmdesk-demo-)"
panel_gone() { [ "$(pgrep -f 'alarmdesk-center panel --to 127.0.0.1' | sort)" = "$panels_before" ]; }
poll 5 panel_gone || die "the demo panel is still running: $(pgrep -af 'alarmdesk-center panel')"
echo "  $rows aligned rows, claim by Enter, resize notice, clean quit"
