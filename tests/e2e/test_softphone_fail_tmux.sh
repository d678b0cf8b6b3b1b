#!/usr/bin/env bash
# End to end, by keys: the softphone fails and the call goes on by hand.
# A dial_command that cannot be started says so at once ("dial by hand"),
# journals call.dial_failed, and still asks the call's outcome; one that
# starts but exits with an error is reported on the screen and journaled
# call.dialer_failed. Neither loses the call: its outcome reaches the center.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
console() { # CONFIG JOURNAL
  tmux new-session -d -s "$S" -x 120 -y 40 \
    "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk -c '$1' --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id op1 --journal '$2'"
}
printf '[phone]\ndial_command = %s/no-such-softphone %%n\n' "$T" >"$T/gone.conf"
console "$T/gone.conf" "$T/j1.db"
wait_screen '^P2 入侵  李志强' 10
key c; wait_screen '^状态：已认领  ·  op1'
key C; wait_screen '电话联系 — 李志强'
key 1; wait_screen '软电话无法启动：请手动拨号。'
wait_screen '汤强 15646227021 — 通话结果'      # the outcome is still asked
key 2; wait_for "$T/c.log" 'op [^ ]* call .* by op1 at op1: 0 ok' 5
wait_screen '电话联系 — 李志强'                  # busy: the list comes back for the next number
key Escape; key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j1.db" --format csv | grep -q ',call\.dial_failed,.*no-such-softphone failed: no such file' ||
  die "the softphone that could not start is not journaled"
note "a softphone that cannot start: dial by hand, the call recorded"

printf '#!/bin/sh\nexit 3\n' >"$T/broken"
chmod +x "$T/broken"
printf '[phone]\ndial_command = %s/broken %%n\n' "$T" >"$T/broken.conf"
console "$T/broken.conf" "$T/j2.db"
wait_screen '^P2 入侵  李志强' 10
key C; wait_screen '电话联系 — 李志强'
key 2; wait_screen '任敏 18569382018 — 通话结果'
wait_screen '软电话（\[phone\] dial_command）运行失败：请手动拨号。'
key 4; wait_for "$T/c.log" 'op [^ ]* call .* by op1 at op1: 0 ok.*' 5
key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j2.db" --format csv | grep -q ',call\.dialer_failed,"\?pid [0-9]*: exit 3' ||
  die "the softphone that failed is not journaled"
[ "$(grep -c 'op [^ ]* call .* by op1 at op1: 0 ok' "$T/c.log")" = 2 ] || die "a call's outcome was lost"
note "a softphone that exits with an error: reported and journaled, the call recorded"
