#!/usr/bin/env bash
# The camera picture on a real pty (tests/bench/video_rate.c) at COLSxROWS:
# the center's test camera (15 pictures/s, 320x240) as an MJPEG stream and as
# JPEG snapshots, and the 8 images the center kept with the alarm played on
# the map; RUNS fresh consoles of SECS seconds each. Targets (issue 20):
# video ≥ 15 pictures/s (the camera's own rate is the anchor), images (a
# snapshot camera's and an alarm's) ≥ 4/s, terminal output within the
# [video] budget_kbs default (256 KB/s).
set -eu
COLS=${1:-80} ROWS=${2:-24} RUNS=${3:-3} SECS=${4:-5}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
echo '{"t": 0.2, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for kind in video image alarm; do
  : >"$T/$kind"
  for r in $(seq "$RUNS"); do
    rm -f "$T"/c.db* "$T"/v.journal* "$T/c.log"
    start_center c --scenario "$T/s.jsonl" --test-camera 127.0.0.1:0 --camera-images
    cam=$(sed -n 's/^camera listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$T/c.out")
    if [ "$kind" = video ]; then to="http://127.0.0.1:$cam/"; else to="http://127.0.0.1:$cam/snap.jpg?"; fi
    printf '[video]\nrewrite = rtsp://10.20.0.43/ %s\n' "$to" >"$T/v.conf"
    kept() { grep -q 'images of .*: 8 kept' "$T/c.log"; }
    poll 10 kept || die "the center kept no images of the alarm: $(grep images "$T/c.log")"
    (cd "$ROOT" && XDG_CONFIG_HOME="$T/none" ALARMDESK_PASSWORD=Guard7desk VIDEO_JOURNAL="$T/v.journal" \
      build/bench/video_rate "$c_PORT" "$T/v.conf" "$COLS" "$ROWS" "$SECS" \
        "$([ "$kind" = alarm ] && echo images)") >>"$T/$kind" ||
      die "run $r ($kind)"
    kill "$c_PID"; wait "$c_PID" 2>/dev/null || true
  done
  cat "$T/$kind"
done
vfps=$(awk '{print $4}' "$T/video" | median); vkbs=$(awk '{print $8 / 1024}' "$T/video" | median)
ips=$(awk '{print $4}' "$T/image" | median); ikbs=$(awk '{print $8 / 1024}' "$T/image" | median)
aps=$(awk '{print $4}' "$T/alarm" | median); akbs=$(awk '{print $8 / 1024}' "$T/alarm" | median)
echo "camera picture at ${COLS}x${ROWS}: video $vfps pictures/s ($vkbs KB/s), snapshots $ips/s ($ikbs KB/s), the alarm's images $aps/s ($akbs KB/s), medians of $RUNS runs"
yes_no() { awk "BEGIN{print ($1) ? \"yes\" : \"no\"}"; }
printf 'BENCH video_fps_%sx%s value=%s unit=fps anchor=15 ratio=%s target=15 met=%s\n' "$COLS" "$ROWS" "$vfps" \
  "$(awk "BEGIN{printf \"%.2f\", $vfps / 15}")" "$(yes_no "$vfps >= 14.5")"
printf 'BENCH video_tty_%sx%s value=%.1f unit=KB/s anchor=- ratio=- target=256 met=%s\n' "$COLS" "$ROWS" "$vkbs" \
  "$(yes_no "$vkbs <= 256")"
printf 'BENCH image_rate_%sx%s value=%s unit=/s anchor=- ratio=- target=4 met=%s\n' "$COLS" "$ROWS" "$ips" \
  "$(yes_no "$ips >= 4")"
printf 'BENCH image_tty_%sx%s value=%.1f unit=KB/s anchor=- ratio=- target=256 met=%s\n' "$COLS" "$ROWS" "$ikbs" \
  "$(yes_no "$ikbs <= 256")"
printf 'BENCH alarm_images_%sx%s value=%s unit=/s anchor=- ratio=- target=4 met=%s\n' "$COLS" "$ROWS" "$aps" \
  "$(yes_no "$aps >= 4")"
