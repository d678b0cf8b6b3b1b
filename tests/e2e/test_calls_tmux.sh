#!/usr/bin/env bash
# End to end, by keys: the call list (C) — the first contact busy, the
# second confirms a false alarm, each call dialled by the configured
# softphone and journaled (start, end, op); a note; the timeline shows all
# of it, also on a console that joins later (from its snapshot); on another
# alarm the duress passcode makes it a P1 incident for the police while
# nothing on screen says duress.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user op2 operator Guard8desk
printf '%s\n' '{"t": 0.3, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' \
  '{"t": 0.4, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
printf '#!/bin/sh\necho "$1" >>"%s/dialled"\n' "$T" >"$T/dialer"
chmod +x "$T/dialer"
printf '[phone]\ndial_command = %s/dialer %%n\n' "$T" >"$T/ad.conf"
console() { # SESSION OPERATOR PASSWORD JOURNAL
  tmux new-session -d -s "$1" -x 120 -y 40 \
    "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=$3 ./alarmdesk -c '$T/ad.conf' --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o $2 --console-id $2 --journal '$4'"
}
# select NAME: moves the selection until the detail names that customer.
select_alarm() {
  for _ in 1 2 3 4; do poll 1 shows "^P2 入侵  $1" && return 0; key j; done
  screen >&2; die "cannot select $1"
}
console "$S" op1 Guard7desk "$T/j.db"
wait_screen '严杰' 10
wait_screen '李志强' 5
select_alarm '李志强'
key c; wait_screen '^状态：已认领  ·  op1'
key C; wait_screen '电话联系 — 李志强'
key 1; wait_screen '汤强 15646227021 — 通话结果'
dialled() { [ "$(count "$T/dialled" "$1")" -ge 1 ]; }
poll 5 dialled '^15646227021$' || die "the softphone was not given the number"
key 2                                   # busy: back to the list for the next number
wait_screen '│ 1  汤强 15646227021 \(户主\)  ·  [0-9:]{8} 占线'
shows '^状态：复核中 \(电话\)' || die "the first call did not start the phone review"
key 2; wait_screen '任敏 18569382018 — 通话结果'
poll 5 dialled '^18569382018$' || die "the second number was not dialled"
key 4                                   # reached: confirmed false alarm
wait_screen '^状态：误报'
wait_screen_gone '通话结果'
key N; key -l '门卫说是保洁员'; key Enter
wait_screen ' op1  备注：门卫说是保洁员'
shows ' op1  电话 汤强 15646227021: 占线' || die "the busy call is not on the timeline"
shows ' op1  电话 任敏 18569382018: 接通：确认误报' || die "the second call is not on the timeline"
shows ' op1  认领报警' || die "the claim is not on the timeline"
note "calls dialled, outcomes and the note on the timeline"

# A console that joins now learns the timeline from its snapshot.
S2=ad-late-$$
trap 'tmux kill-session -t "$S2" 2>/dev/null; tmux kill-session -t "$S" 2>/dev/null; cleanup' EXIT
console "$S2" op2 Guard8desk "$T/j2.db"
screen2() { tmux capture-pane -p -t "$S2"; }
late_sees() { screen2 | grep -qE "$1"; }
poll 10 late_sees '李志强' || { screen2 >&2; die "the late console has no alarms"; }
for _ in 1 2 3; do poll 1 late_sees '^P2 入侵  李志强' && break; tmux send-keys -t "$S2" j; done
poll 5 late_sees ' op1  备注：门卫说是保洁员' || { screen2 >&2; die "the late console does not show the note"; }
late_sees ' op1  电话 汤强 15646227021: 占线' || die "the late console does not show the call"
tmux send-keys -t "$S2" q y
note "a console joining later shows the same timeline"

# The duress passcode: P1, real, for the police, and no word of duress.
select_alarm '严杰'
key c; wait_screen '^状态：已认领  ·  op1'
key C; wait_screen '电话联系 — 严杰'
key 1; wait_screen '— 通话结果'
shows '口令（二）' || die "the outcome list lacks the second passcode"
key 7
wait_screen '^P1 入侵  严杰'
wait_screen '^状态：警情.*须报 110'
shows '胁迫|duress|Duress' && die "the screen names the duress"
shows ' op1  电话 曾超 18710947402: 口令（二）' || die "the duress call is not on the timeline"
key q; key y
wait_session_end 5
rows=$("$CONSOLE" log export --journal "$T/j.db" --format csv)
for want in ',call.start,.*汤强 15646227021 \(dialled by' ',call.end,.*汤强 15646227021: busy' \
  ',op.call,' ',call.end,.*任敏 18569382018: confirmed_false' ',op.note,' \
  ',call.end,.*曾超 18710947402: duress'; do
  grep -qE -- "$want" <<<"$rows" || die "the journal lacks /$want/"
done
note "journaled: call.start (dialled), call.end with each outcome, op.call, op.note"
