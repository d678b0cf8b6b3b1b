#!/usr/bin/env bash
# End to end, 100x30: a camera as IP cameras are, RTSP with H.264 (GStreamer's
# RTSP server, tests/tools/rtsp_camera): claiming the bank's alarm opens its
# nearest camera, rewritten by the config to that server; the status line
# says video at 320x240 and the picture moves (the H.264 frames decoded on
# the console's worker); Esc stops it and the journal says it was viewed,
# the RTSP address as shown.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
"$ROOT/build/tools/rtsp_camera" >"$T/rtsp.out" 2>"$T/rtsp.err" &
PIDS+=("$!")
wait_for "$T/rtsp.out" '^rtsp listening on ' 10
rtsp=$(sed -n 's/^rtsp listening on //p' "$T/rtsp.out")
printf '[video]\nrewrite = rtsp://10.20.0.43/ch2 rtsp://%s/cam\n' "$rtsp" >"$T/ad.conf"
tmux new-session -d -s "$S" -x 100 -y 30 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk -c '$T/ad.conf' --no-audio --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id rtsp --journal '$T/rtsp.journal'"
wait_screen '前台紧急按钮' 15
key Enter
wait_screen "^B 营业厅摄像机 +rtsp://$rtsp/cam +320x240，视频" 15
picture() { screen | sed -n '5,22p'; }
first=$(picture | md5sum)
moving() { [ "$(picture | md5sum)" != "$first" ]; }
poll 5 moving || { screen >&2; die "the RTSP camera's picture does not move"; }
key Escape
wait_screen_gone '320x240' 5
key q y
wait_session_end 10
"$CONSOLE" log export --journal "$T/rtsp.journal" --format csv | grep -q "camera.view,B 营业厅摄像机 rtsp://$rtsp/cam " ||
  die "the RTSP camera's view not journaled"
note "RTSP with H.264 from GStreamer's RTSP server: shown at 320x240 and moving, journaled"
