#!/usr/bin/env bash
# End to end, in a real 80x24 terminal: an alarm arrives from KH0033 zone 5;
# m opens the map pane on that site's level with the zone's marker at the
# cell `alarmdesk map render` puts it, flashing (reverse video on, then off);
# ] switches to the basement, Enter opens the nearest camera (journaled),
# Tab shows the district with the alarm site marked '@'.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
tmux new-session -d -s "$S" -x 80 -y 24 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id map --journal '$T/map.journal'"
wait_screen '前台紧急按钮' 10
tmux send-keys -t "$S" m
wait_screen '^KH0033 .*1F'

# The plan on screen is what the renderer draws, from the row under the title.
title=$(screen | grep -n '^KH0033 ' | cut -d: -f1)
"$CONSOLE" map render "$ROOT/data/maps/KH0033.map" --mark 5 --width 80 --height 15 >"$T/want"
pos=$(tail -1 "$T/want")            # "zone 5 at column C, row R"
col=$(sed 's/.*column \([0-9]*\),.*/\1/' <<<"$pos"); row=$(sed 's/.*row \([0-9]*\)/\1/' <<<"$pos")
[ "$col" = 12 ] && [ "$row" = 5 ] || die "renderer put zone 5 at $pos"
sed '$d' "$T/want" >"$T/want.plan"
screen | sed -n "$((title + 1)),$((title + $(wc -l <"$T/want.plan")))p" | sed 's/ *$//' >"$T/got.plan"
diff "$T/want.plan" "$T/got.plan" >&2 || die "the map pane differs from the rendered plan"
line=$((title + row))
[ "$(screen | sed -n "${line}p" | cut -c"$col")" = 5 ] || die "no zone 5 marker at row $line column $col"

# Flashing: the marker cell is in reverse video in some captures, not in others.
on=0 off=0
for _ in $(seq 16); do
  cell=$(tmux capture-pane -p -e -t "$S" | sed -n "${line}p" | grep -o $'\e\[[0-9;]*m5' | head -1)
  if grep -qE $'\e\\[([0-9;]*;)?7(;[0-9;]*)?m5' <<<"$cell"; then on=$((on + 1)); else off=$((off + 1)); fi
  sleep 0.15
done
[ "$on" -gt 0 ] && [ "$off" -gt 0 ] || die "marker not flashing: $on captures on, $off off"
poll 3 shows '^> B 营业厅摄像机' || { screen >&2; die "nearest camera to zone 5 should be B"; }

# Level switch, camera open (journaled), overview.
tmux send-keys -t "$S" ']'
wait_screen '^KH0033 .*B1 地下一层 \(2/2\)'
tmux send-keys -t "$S" '['
wait_screen '^KH0033 .*1F'
tmux send-keys -t "$S" Enter
wait_screen 'rtsp://10.20.0.43/ch2'
tmux send-keys -t "$S" Tab
wait_screen '^辖区总览'
screen | sed -n '4,21p' | grep -q '@' || die "the overview does not mark the alarm site"
screen | sed -n '4,21p' | grep -q '江城农商银行临江支行' || die "the overview does not label the alarm site"
tmux send-keys -t "$S" m
wait_screen '地址'
tmux send-keys -t "$S" q y
wait_session_end
"$CONSOLE" log verify --journal "$T/map.journal" >/dev/null || die "journal does not verify"
"$CONSOLE" log export --journal "$T/map.journal" --format csv >"$T/j.csv"
grep -q 'camera.open,B 营业厅摄像机 rtsp://10.20.0.43/ch2' "$T/j.csv" || { cat "$T/j.csv" >&2; die "camera open not journaled"; }
grep -q ',view.map,' "$T/j.csv" || die "map view not journaled"
note "map pane: plan matches the renderer, zone 5 flashing at row $line col $col ($on on / $off off), camera open journaled"
