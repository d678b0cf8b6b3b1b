#!/usr/bin/env bash
# An alarm storm (flood mode), by keys and counts: 8 000 faults at 2 000/s
# with 20 real P1/P2 alarms inside. The center says a storm began; the
# console shows it (status and message), groups the faults by kind and
# never a P1/P2 alarm, which all stand at the top of the queue, each on the
# console within 1 s of reaching the center; the keyboard answers during
# it; nothing is lost (counts); the storm's end is detected and announced.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user op2 operator Guard8desk
for i in $(seq 0 19); do
  case $((i % 5)) in
    0) c=KH0001 e=120 z=5 ;; 1) c=KH0002 e=130 z=1 ;; 2) c=KH0003 e=110 z=4 ;;
    3) c=KH0004 e=131 z=2 ;; 4) c=KH0005 e=122 z=5 ;;
  esac
  printf '{"t": %s, "type": "alarm", "customer": "%s", "event": "%s", "zone": %s}\n' \
    "$(awk "BEGIN{print 1 + $i * 0.15}")" "$c" "$e" "$z"
done >"$T/real.jsonl"
start_center c --rate 2000 --count 8000 --faults-only --flood-rate 100 --scenario "$T/real.jsonl" \
  --start-after 2 --history 20000 --max-open 20000
start_console b "ws://127.0.0.1:$c_PORT" op2 Guard8desk
zh_console 120x40 op1 Guard7desk
wait_synced b
wait_screen '风暴 [0-9]+/s' 15
wait_screen '报警风暴（alarmdesk-center）：每秒 [0-9]+ 条'
wait_screen '风暴归组：3[0-9]{2} .*共 [0-9]+ 条（e 展开）'
note "the storm is announced and its faults are grouped by kind"

# The keyboard during the storm: the help overlay opened and closed 10
# times, each key to its screen (observed by polling tmux every 50 ms).
lat=()
for _ in $(seq 10); do
  t0=$(date +%s%N); key '?'; wait_screen '按任意键关闭' 3; t1=$(date +%s%N)
  key x; wait_screen_gone '按任意键关闭' 3
  lat+=($(( (t1 - t0) / 1000000 )))
done
sorted=$(printf '%s\n' "${lat[@]}" | sort -n)
note "key → screen during the storm, 10 keys: median $(sed -n 5p <<<"$sorted") ms, max (p99) $(tail -1 <<<"$sorted") ms (includes the 50 ms polling)"

alarms() { grep -c '"ev":"alarm"' "$T/b.jsonl"; }
all_in() { [ "$(alarms)" -ge 8020 ]; }
poll 60 all_in || die "console b has $(alarms) of 8020 alarms"
[ "$(alarms)" = 8020 ] || die "console b has $(alarms) alarms, not 8020 (one twice?)"
real=$(grep '"ev":"alarm"' "$T/b.jsonl" | grep -E '"priority":[12],')
[ "$(wc -l <<<"$real")" = 20 ] || die "$(wc -l <<<"$real") P1/P2 alarms, not 20"
worst=$(sed 's/.*"t":\([0-9]*\).*"received":\([0-9]*\).*/\1 \2/' <<<"$real" | awk '{d = $1 - $2; if (d > m) m = d} END {print m + 0}')
[ "$worst" -le 1000 ] || die "a P1/P2 alarm reached the console $worst ms after the center"
note "8 020 alarms, none lost or doubled; the 20 P1/P2 on the console within $worst ms of the center"

# On screen: the P1/P2 alarms on top, never in a storm's group.
rows() { screen | grep -E '^P[1-4] [^ ]+ +[0-9]{2}:[0-9]{2}:[0-9]{2} '; }
tops() { [ "$(rows | head -12 | grep -cE '^P[12] ')" = 12 ]; }
poll 10 tops || { screen >&2; die "the P1/P2 alarms are not at the top of the queue"; }
rows | grep -E '^P[12] ' | grep -q '风暴归组' && die "a P1/P2 alarm is in a storm's group"
note "the P1/P2 alarms stand at the top, ungrouped"

# Its end: under half the threshold for 30 s.
wait_screen '报警风暴已结束：共 [0-9]+ 条报警，历时 [0-9]+ 秒' 60
wait_screen_gone '风暴 [0-9]+/s' 5
grep -q '"ev":"flood".*"code":0' "$T/b.jsonl" || grep -c '"ev":"flood"' "$T/b.jsonl" | grep -q 2 ||
  die "console b did not hear the storm end"
grep -q 'storm over after [0-9]* s: [0-9]* alarms; flood mode off' "$T/c.log" || die "the center did not log the storm's end"
key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -c ',rx\.flood,' | grep -q '^2$' ||
  die "the storm's start and end are not journaled"
note "the storm's end announced and journaled"
