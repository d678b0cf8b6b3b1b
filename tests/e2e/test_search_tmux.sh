#!/usr/bin/env bash
# End to end, by keys: `/` filters the queue as the words are typed — by
# class, by text (a community name, an account, a phone), by `我的`, by a
# state (`已认领`) — the
# status bar says so, and warns while an unclaimed P1/P2 is hidden; Esc in
# the search line puts back the filter before, Esc on the queue clears it;
# each filter kept is journaled.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
printf '%s\n' '{"t": 0.2, "type": "alarm", "customer": "KH0004", "event": "110", "zone": 1}' \
  '{"t": 0.3, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' \
  '{"t": 0.4, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}' \
  '{"t": 0.5, "type": "alarm", "customer": "KH0006", "event": "301", "zone": 0}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
tmux new-session -d -s "$S" -x 140 -y 40 \
  "cd '$ROOT' && LANG=C.UTF-8 XDG_CONFIG_HOME='$T/none' ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --journal '$T/j.db'"
rows() { screen | grep -cE '^P[1-4] [^ ]+ +[0-9]{2}:[0-9]{2}:[0-9]{2} '; }
rows_are() { [ "$(rows)" -eq "$1" ]; }
wait_rows() { poll 5 rows_are "$1" || { screen >&2; die "the queue shows $(rows) rows, not $1"; }; }
wait_screen '董艳' 10
wait_rows 4
key /; wait_screen '^/_ +显示 4 / 4'
key -l '火警'; wait_rows 1
shows '^P1 火警 .*姜勇' || die "the fire alarm is not the one shown"
shows '过滤「火警」1/4' || die "the status bar does not show the filter"
key Escape; wait_rows 4                  # Esc in the search line: the filter before (none)
shows '过滤「' && die "a cancelled search left a filter"
key /; key -l '锦绣'; key Enter; wait_screen '过滤「锦绣」2/4'; wait_rows 2
shows '严杰' && shows '董艳' || die "the community search missed a site"
wait_screen '2 条紧急未认领被隐藏'    # the fire and a burglary, nobody on them
key c; wait_screen '已认领 op1'          # the first shown: 严杰 (P2)
key /; key BSpace BSpace; key -l '我的'; key Enter; wait_screen '过滤「我的」1/4'; wait_rows 1
shows '^P2 入侵 .*严杰' || die "mine shows another alarm"
key /; key BSpace BSpace; key -l '已认领'; key Enter; wait_screen '过滤「已认领」1/4'; wait_rows 1
shows '^P2 入侵 .*严杰' || die "the state filter shows another alarm"
key /; key BSpace BSpace BSpace; key -l '18851659226'; key Enter
wait_screen '过滤「18851659226」1/4'; wait_rows 1; shows '董艳' || die "the phone search did not find the contact's site"
key Escape; wait_rows 4
wait_screen '过滤已清除'
key /; key -l 'no-such-thing'; key Enter; wait_rows 0
wait_screen '没有符合过滤条件的报警'
key Escape; wait_rows 4
key q; key y; wait_session_end 5
rows=$("$CONSOLE" log export --journal "$T/j.db" --format csv)
for want in ',view.filter,锦绣' ',view.filter,我的' ',view.filter,18851659226' ',view.filter,,'; do
  grep -qE -- "$want" <<<"$rows" || die "the journal lacks /$want/"
done
note "class, text, phone and mine filters; hidden P1 warned; Esc cancels and clears; journaled"
