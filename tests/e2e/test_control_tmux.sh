#!/usr/bin/env bash
# End to end, by keys: a GB/T 28181 device (gbsim, the demo data set's NVR
# at the bank KH0033) registers and raises an alarm; the operator claims it
# and disarms the site by remote control (X): what, why, then yes. The
# device gets the command, and its answer shows on the alarm's timeline in
# Chinese; the journal has both.
. "$(dirname "$0")/lib.sh"

NVR=34020000001180000001 PIR=34020000001340000001
add_user op1 operator Guard7desk
start_center c --sip-listen 127.0.0.1:0
SIP=$(sed -n 's/^sip listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
mkfifo "$T/nvr.in"
"$CENTER" gbsim --to "127.0.0.1:$SIP" --id "$NVR" --password 'Gb28181-Demo#33' --exit-with-parent \
  --channel "34020000001320000001:正门摄像机" <"$T/nvr.in" >"$T/nvr.out" 2>"$T/nvr.err" &
PIDS+=("$!")
exec {NVR_FD}>"$T/nvr.in"
wait_for "$T/nvr.out" '^registered$' 10
wait_for "$T/nvr.out" '^catalog [0-9]+$' 10
wait_for "$T/c.log" "gb28181 $NVR: catalog of 1" 5
zh_console 120x40 op1 Guard7desk
wait_screen '值机员 op1|op1' 10
echo "alarm $PIR 2" >&"$NVR_FD"
wait_screen '^P1 入侵  江城农商银行临江支行' 10
key c; wait_screen '^状态：已认领  ·  op1'
key X; wait_screen '远程控制现场设备'
shows '2 +撤防' || { screen >&2; die "the control choice lacks 撤防"; }
key 2; wait_screen '撤防：原因？'
key -l '客户来电要求撤防'; key Enter
wait_screen '撤防：江城农商银行临江支行，现在发送？'
shows_not '^.*设备已执行' || die "sent before the confirmation"
key 1
wait_for "$T/nvr.out" '^control [0-9]+ GuardCmd ResetGuard$' 5
wait_screen ' op1  已发远程控制：撤防 — 客户来电要求撤防'
wait_screen ' device  设备已执行：撤防 — 成功，用时 [0-9.]+ 秒'
note "X → 撤防 → why → yes: the device disarmed, its answer on the timeline"

# The review's camera: X → PTZ pad; a key moves it (PTZCmd to the camera
# channel the catalog named), 7 stops, Esc stops a camera still moving.
key X; wait_screen '远程控制现场设备'
key 4; wait_screen '云台控制：持续转动直到停止'
key 1
wait_for "$T/nvr.out" '^control [0-9]+ PTZCmd A50F010280000037$' 5   # left, half speed
wait_screen '云台控制：持续转动直到停止'
key 7
wait_for "$T/nvr.out" '^control [0-9]+ PTZCmd A50F0100000000B5$' 5   # stop
key 5
wait_for "$T/nvr.out" '^control [0-9]+ PTZCmd A50F011000008045$' 5   # zoom in
key Escape
poll 5 more_than "$T/nvr.out" '^control [0-9]+ PTZCmd A50F0100000000B5$' 1 ||
  die "Esc did not stop the moving camera"
wait_screen_gone '云台控制'
shows '云台' && die "PTZ moves went on the timeline"
note "PTZ: left, stop, zoom in, Esc stops; nothing on the timeline"
key q; key y
wait_session_end 5
rows=$("$CONSOLE" log export --journal "$T/j.db" --format csv)
grep -q ',op.control,.*客户来电要求撤防' <<<"$rows" || die "the control op is not journaled: $(tail -3 <<<"$rows")"
grep -q 'control_ok' <<<"$rows" || die "the device's answer is not journaled"
exit 0
