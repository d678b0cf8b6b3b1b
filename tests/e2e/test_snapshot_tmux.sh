#!/usr/bin/env bash
# End to end, 100x30: a camera that gives JPEG snapshots (the center's test
# camera, a .jpg address) is shown as images fetched again and again:
# claiming the bank's alarm brings up "snapshots" on the picture's status
# line and the picture changes from one image to the next, three times;
# the test camera's MJPEG stream on another path serves the same alarm's
# next camera (↓) as video.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --test-camera=127.0.0.1:0
cam=$(sed -n 's/^camera listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$T/c.out")
[ -n "$cam" ] || die "the center's test camera did not say its port"
cat >"$T/ad.conf" <<EOF
[video]
rewrite = rtsp://10.20.0.43/ch2 http://127.0.0.1:$cam/bank/ch2.jpg
rewrite = rtsp://10.20.0.43/ http://127.0.0.1:$cam/bank/
EOF
tmux new-session -d -s "$S" -x 100 -y 30 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk -c '$T/ad.conf' --no-audio --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id snap --journal '$T/snap.journal'"
wait_screen '前台紧急按钮' 15
key Enter
wait_screen '^B 营业厅摄像机 .*/bank/ch2\.jpg +320x240，抓图' 10
picture() { screen | sed -n '5,22p'; }
for i in 1 2 3; do
  before=$(picture | md5sum)
  other() { [ "$(picture | md5sum)" != "$before" ]; }
  poll 3 other || { screen >&2; die "snapshot $i: the image did not change"; }
done
key Down
wait_screen '^A 正门摄像机 .*/bank/ch1 +320x240，视频' 10
key q y
wait_session_end 10
"$CONSOLE" log export --journal "$T/snap.journal" --format csv | grep -q "camera.view,B 营业厅摄像机 http://127.0.0.1:$cam/bank/ch2.jpg" ||
  die "the snapshot camera's view not journaled"
note "snapshots from the center's test camera: shown and changing; its MJPEG stream for the next camera"
