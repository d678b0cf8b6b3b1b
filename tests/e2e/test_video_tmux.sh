#!/usr/bin/env bash
# End to end, in a real 80x24 terminal: the bank's camera as a picture.
# ffmpeg serves a moving test picture as HTTP MJPEG; the console's config
# rewrites the bank's camera addresses to it (B, the nearest to zone 5), to
# a camera that never answers (A) and to a closed port (C). Claiming the
# alarm opens B's picture by itself; the picture region appears and
# changes between frames; V shows it full screen; ↓ steps to A, whose
# "does not answer" appears within 3 s; ↓ to C, refused at once; Esc
# stops; E hands B to the external player with the camera login of the
# config, which is never on the screen or in the journal. The pictures'
# module is loaded with the first picture, not at start. The journal says
# which camera was viewed from when to when, and the console (under
# strace) wrote no file but its journal.
. "$(dirname "$0")/lib.sh"
command -v ffmpeg >/dev/null || die "ffmpeg is not installed (scripts/deps.sh test installs it)"

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"

cam=$("$ROOT/build/tools/tarpit" --free)
ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=15 \
  -f mpjpeg -listen 1 "http://127.0.0.1:$cam/ch2" >"$T/ffmpeg.log" 2>&1 &
PIDS+=("$!")
"$ROOT/build/tools/tarpit" >"$T/tarpit.out" &
PIDS+=("$!")
wait_for "$T/tarpit.out" '^listening on' 5
silent=$(sed -n 's/^listening on //p' "$T/tarpit.out")
closed=$("$ROOT/build/tools/tarpit" --free)
cat >"$T/player" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/player.args"
EOF
chmod +x "$T/player"
cat >"$T/ad.conf" <<EOF
[video]
credentials = 127.0.0.1 viewer Cam-Secret-42
player_command = $T/player --really-quiet %u
rewrite = rtsp://10.20.0.43/ch1 http://127.0.0.1:$silent/ch1
rewrite = rtsp://10.20.0.43/ch3 http://127.0.0.1:$closed/ch3
rewrite = rtsp://10.20.0.43/ http://127.0.0.1:$cam/
EOF
tmux new-session -d -s "$S" -x 80 -y 24 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk strace -f -qq -e trace=open,openat,creat,rename,mkdir -o '$T/strace' ./alarmdesk -c '$T/ad.conf' --no-audio --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id vid --journal '$T/vid.journal'"
wait_screen '前台紧急按钮' 15
# The pictures' module (FFmpeg, chafa) is not loaded before the first picture.
grep -q 'libavcodec\|alarmdesk-video' "$T/strace" && die "the console loaded the video libraries at start"
key Enter # claim: the camera nearest the alarm point opens
wait_screen '^B 营业厅摄像机 .*320x240，视频' 10
grep -q 'openat(.*build/alarmdesk-video.so", O_RDONLY|O_CLOEXEC) = [0-9]' "$T/strace" ||
  die "the picture shows without the module loaded: $(grep -c openat "$T/strace") opens"
shows "http://127.0.0.1:$cam/ch2" || die "the picture's address is not said"

# The picture: rows of block symbols under the status line, changing.
picture() { screen | sed -n '5,18p'; }
blocks() { picture | grep -c '[▀▄▌▐▖▗▘▝▁▂▃▅▆▇█▔▏▕▊▋▍▎]'; }
has_picture() { [ "$(blocks)" -ge 10 ]; }
poll 5 has_picture || { screen >&2; die "no picture region on screen"; }
first=$(picture | md5sum)
changed() { [ "$(picture | md5sum)" != "$first" ]; }
poll 5 changed || { screen >&2; die "the picture does not change between frames"; }
key V # full screen: the plan's title line gives way to the picture
wait_screen_gone '^KH0033 ' 5
shows '^B 营业厅摄像机 .*320x240' || die "no picture full screen"
key V
wait_screen '^KH0033 '

# A silent camera: said within 3 s. A refused one: at once.
t0=$(date +%s%N)
key Down
wait_screen '^A 正门摄像机 .*摄像机无应答' 5
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -le 3000 ] || die "a silent camera was said after $ms ms (want ≤ 3000)"
t1=$(date +%s%N)
key Down
wait_screen '^C 后门摄像机 .*无法打开摄像机' 5
ms2=$((($(date +%s%N) - t1) / 1000000))
[ "$ms2" -le 3000 ] || die "a refused camera was said after $ms2 ms"
key Escape # the camera's line gives way to the plan (the title line was there before)
wait_screen_gone '^C 后门摄像机 .*无法打开摄像机' 5
wait_screen '^\+-----'
shows_not '摄像机无应答|无法打开摄像机' || { screen >&2; die "Esc did not stop the picture"; }

# The external player gets the address with its login; the screen does not.
key Up Up
wait_screen '^> B 营业厅摄像机'
key E
wait_screen '已启动播放器：B 营业厅摄像机'
poll 5 test -s "$T/player.args" || die "the player was not started"
grep -qx -- '--really-quiet' "$T/player.args" || die "player arguments: $(cat "$T/player.args")"
grep -qx "http://viewer:Cam-Secret-42@127.0.0.1:$cam/ch2" "$T/player.args" ||
  die "the player did not get the address with its login: $(cat "$T/player.args")"
shows_not 'Cam-Secret-42' || die "the camera password is on the screen"
key q y
wait_session_end 10

"$CONSOLE" log verify --journal "$T/vid.journal" >/dev/null || die "journal does not verify"
"$CONSOLE" log export --journal "$T/vid.journal" --format csv >"$T/j.csv"
grep -q "camera.open,B 营业厅摄像机 http://127.0.0.1:$cam/ch2" "$T/j.csv" || { cat "$T/j.csv" >&2; die "camera open not journaled"; }
grep -qE "camera.view,B 营业厅摄像机 http://127.0.0.1:$cam/ch2 [0-9:]{8}-[0-9:]{8} \([0-9]+ s\)" "$T/j.csv" ||
  { cat "$T/j.csv" >&2; die "the view of B (camera, from, to) not journaled"; }
grep -q "camera.view,C 后门摄像机" "$T/j.csv" || die "the view of C not journaled"
grep -q "camera.player,B 营业厅摄像机 http://127.0.0.1:$cam/ch2" "$T/j.csv" || die "the player not journaled"
! grep -q 'Cam-Secret-42' "$T/j.csv" || die "the camera password is in the journal"

# Nothing but the journal (and its anchor, lock, compaction) written: no
# picture file anywhere. The trace saw the journal's own writes.
grep -qE "\"$T/vid\.journal\".*O_(RDWR|CREAT)" "$T/strace" || die "strace did not see the journal open"
written=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|rename\(|mkdir\(' "$T/strace" | grep -vE '= -1 ' |
  grep -oE '"[^"]*"' | tr -d '"' | grep -vE "^$T/vid\.journal(\.[a-z.]+)?(-wal|-shm|-journal)?$|^/dev/(tty|pts/|null)|^$T/player\.args$" | sort -u)
[ -z "$written" ] || die "the console wrote files besides its journal: $written"
note "camera picture on claim (320x240 MJPEG), changing, full screen; silent camera said in $ms ms, refused in $ms2 ms; camera.view journaled; the player got the login, the screen and journal not; no file written but the journal (and the test player's)"
