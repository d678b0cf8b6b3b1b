#!/usr/bin/env bash
# End to end, 100x30: the images kept with an alarm (GA 1383 000 7.4.3).
# A DC-09 panel's burglary says where its pictures are ([V…] with the
# center's test camera as a snapshot address); the center takes 6 of them a
# quarter second apart, keeps them in its SQLite file and says so on the
# alarm's timeline; on the map, P shows them where the picture goes, → steps
# to the next (a different picture), Space plays them round (every one is
# seen), Esc closes; the journal has what was viewed. A panel whose address
# is a closed port gets "no images kept" with the reason, within seconds.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_center c --dc09-listen=127.0.0.1:0 --test-camera=127.0.0.1:0 --images 6
cam=$(sed -n 's/^camera listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$T/c.out")
dc09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
[ -n "$cam" ] && [ -n "$dc09" ] || die "the center did not say its camera and receiver ports"
tmux new-session -d -s "$S" -x 100 -y 30 \
  "cd '$ROOT' && LANG=C.UTF-8 ALARMDESK_PASSWORD=Guard7desk ./alarmdesk --no-audio --lang zh --localedir build/locale --center ws://127.0.0.1:$c_PORT -o op1 --console-id img --journal '$T/img.journal'"
wait_screen '未认领' 15

"$CENTER" panel --to "127.0.0.1:$dc09" --account 1001 --quiet \
  --verify "http://127.0.0.1:$cam/panel/1001.jpg" 'ADM:1130 01 002' >"$T/panel.out" ||
  die "the panel's frame was not acknowledged: $(cat "$T/panel.out")"
wait_screen '李志强' 10
kept() { grep -q 'images of .*: 6 kept .* from http://127.0.0.1:[0-9]*/panel/1001.jpg' "$T/c.log"; }
poll 10 kept || die "the center kept no 6 images: $(grep images "$T/c.log")"
wait_screen '已保存报警图片（地图中按 P 查看）：6' 5

# Taken a quarter second apart at least, kept as JPEG.
sqlite3 "$T/c.db" "select n, at, hex(substr(jpeg, 1, 2)) from images order by n" >"$T/images"
[ "$(wc -l <"$T/images")" = 6 ] || die "expected 6 stored images: $(cat "$T/images")"
awk -F'|' 'NR > 1 && $2 - prev < 250 { bad = 1 } { prev = $2 } $3 != "FFD8" { bad = 1 } END { exit bad }' \
  "$T/images" || die "images not 250 ms apart or not JPEG: $(cat "$T/images")"

key m
wait_screen '地图' 5
key P
wait_screen '^报警图片 1/6  摄于 ' 10
picture() { screen | sed -n '5,24p'; }
first=$(picture | md5sum)
key Right
wait_screen '^报警图片 2/6' 5
differs() { [ "$(picture | md5sum)" != "$first" ]; }
poll 3 differs || die "the second image looks like the first"
key Space
for n in 3 4 5 6 1; do wait_screen "^报警图片 $n/6 .*空格 暂停" 5; done
key Space
wait_screen '空格 播放' 3
key Escape
wait_screen_gone '^报警图片' 3

# A panel whose pictures are at a closed port: said, nothing kept.
closed=1 # tcpmux: privileged, nothing listens there
"$CENTER" panel --to "127.0.0.1:$dc09" --account 1002 --quiet \
  --verify "http://127.0.0.1:$closed/v.jpg" 'ADM:1130 01 003' >"$T/panel2.out" ||
  die "the second panel's frame was not acknowledged"
none() { grep -q "images of .*: none from http://127.0.0.1:$closed/v.jpg: cannot open the camera" "$T/c.log"; }
poll 10 none || die "a closed camera was not said: $(grep images "$T/c.log")"

key q y
wait_session_end 10
rows=$("$CONSOLE" log export --journal "$T/img.journal" --format csv)
grep -q 'view.images,6' <<<"$rows" || die "asking for the images not journaled"
grep -q 'images.view,images 6 ' <<<"$rows" || die "viewing the images not journaled"
note "6 images from a DC-09 panel's V address kept 250 ms apart as JPEG, stepped and played on the map; a closed address said"
