#!/usr/bin/env bash
# Replay of a recorded session: a center plays alarms for SECS seconds (an
# alarm every 3 s) while an operator handles some, each step once the alarm
# it needs has come and acknowledged before the next; the center's recording
# (alarmdesk-center record) replayed at 10x takes a tenth of the time with
# the same final queue (ids, states, holders) as the operator's; the
# operator's own journal replays to the same queue too; seek back rebuilds it.
. "$(dirname "$0")/lib.sh"
SECS=${SECS:-40}

add_user op1 operator Guard7desk
cust=(KH0033 KH0002 KH0017 KH0041 KH0005 KH0036)
events=(130 120 110 130)
for ((i = 0, t = 2; t < SECS - 5; i++, t += 3)); do
  printf '{"t": %d, "type": "alarm", "customer": "%s", "event": "%s", "zone": %d}\n' \
    "$t" "${cust[i % 6]}" "${events[i % 4]}" $((1 + i % 3))
done >"$T/s.jsonl"
printf '{"t": %d, "type": "notice", "from": "center", "text": "end of the shift"}\n' $((SECS - 1)) >>"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console k "ws://127.0.0.1:$c_PORT" op1 Guard7desk
t0=$(date +%s)
ids() { sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/k.jsonl" | awk '!s[$0]++'; }
alarms() { poll 30 more_than "$T/k.jsonl" '"ev":"alarm"' $(($1 - 1)) || die "alarm $1 did not come"; a=($(ids)); }
alarms 1; act k "claim ${a[0]}"
alarms 3; act k "review ${a[0]} video"; act k "result ${a[0]} false"; act k "close ${a[0]} 1"
act k "claim ${a[1]}"
alarms 6; act k "claim ${a[2]}"; act k "review ${a[2]} video"
act k "note ${a[2]} 值机员已电话联系客户"
wait_for "$T/k.jsonl" '"ev":"notice".*end of the shift' $((SECS + 10))
note "recorded a session of $(( $(date +%s) - t0 )) s"
send k list; wait_for "$T/k.jsonl" '"cmd":"list"'
final() { # the alarms the last `list` in FILE printed (the run of alarm
          # events just before its reply): id state holder, sorted
  tac "$1" | awk '/"ev":"reply","cmd":"list"/ {on = 1; next} on && !/"ev":"alarm"/ {exit} on' |
    sed 's/.*"id":"\([^"]*\)".*"state":"\([^"]*\)","by":"\([^"]*\)".*/\1 \2 \3/' | sort
}
final "$T/k.jsonl" >"$T/want.txt"
[ "$(wc -l <"$T/want.txt")" -ge $((SECS / 6)) ] || die "the recorded queue is too short: $(cat "$T/want.txt")"
grep -q " claimed op1$\| reviewing op1$" "$T/want.txt" || die "no held alarm in the recorded queue"
send k quit; wait "$k_PID" 2>/dev/null
kill "$c_PID"; wait "$c_PID" 2>/dev/null
"$CENTER" record --state "$T/c.db" >"$T/rec.jsonl" || die "record failed"

# replay NAME FILE SPEED: plays FILE in batch mode until it ends, then lists.
replay() {
  mkfifo "$T/$1.in"
  "$CONSOLE" replay "$2" --speed "$3" --batch <"$T/$1.in" >"$T/$1.jsonl" 2>"$T/$1.err" &
  PIDS+=("$!"); printf -v "${1}_PID" '%s' "$!"
  exec {fd}>"$T/$1.in"; printf -v "${1}_FD" '%s' "$fd"
}
start=$(date +%s%N)
replay r "$T/rec.jsonl" 10
wait_for "$T/r.jsonl" '"ev":"replay".*"text":"end"' 30
took=$(( ($(date +%s%N) - start) / 1000000 ))
send r list; wait_for "$T/r.jsonl" '"cmd":"list"'
final "$T/r.jsonl" >"$T/got.txt"
note "replay of the recording at 10x ended after $took ms"
diff "$T/want.txt" "$T/got.txt" >&2 || die "the replayed queue differs from the recorded one"
[ "$took" -ge $((SECS * 100 - 2500)) ] && [ "$took" -le $((SECS * 100 + 3000)) ] ||
  die "a 10x replay of ${SECS} s took $took ms"
note "same final queue: $(wc -l <"$T/want.txt") alarms, $(grep -c ' op1$' "$T/want.txt") held by op1"

# Seek back to the start and forward again: the same queue once more.
send r "seek 0"; send r "seek 99999999999999"; send r list
wait_count "$T/r.jsonl" '"ev":"reply","cmd":"list"' 2
final "$T/r.jsonl" >"$T/again.txt"
diff "$T/want.txt" "$T/again.txt" >&2 || die "seek back and forth changed the queue"
grep -q '"cmd":"claim","code":-6' "$T/r.jsonl" && die "unexpected"
send r "claim $(head -1 "$T/want.txt" | cut -d' ' -f1)"
wait_for "$T/r.jsonl" '"ev":"reply","cmd":"claim","code":-6'
note "seek back and forth rebuilds the same queue; a replay refuses ops"

replay j "$T/k.journal" 60
wait_for "$T/j.jsonl" '"ev":"replay".*"text":"end"' 20
send j list; wait_for "$T/j.jsonl" '"cmd":"list"'
final "$T/j.jsonl" >"$T/journal.txt"
diff "$T/want.txt" "$T/journal.txt" >&2 || die "the journal's replay differs from the recorded queue"
note "the operator's own journal replays to the same queue (60x)"
