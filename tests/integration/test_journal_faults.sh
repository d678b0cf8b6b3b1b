#!/usr/bin/env bash
# Without a durable journal the console does not act. A journal that cannot
# be created, is held by another console, or is not a database leaves the
# console read-only, saying why, and no op reaches the center. A journal
# that stops taking rows (writes past a file size limit fail, as on a full
# disk) fills its queue: the loop keeps running, actions are refused with the
# reason, and once the disk takes rows again the console recovers and
# journals the gap. A kill during start never leaves a half-made journal.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.1, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --start-after 1 --rate 300 --seed 3
url="ws://127.0.0.1:$c_PORT"

# refused NAME WHY-REGEX: a claim of the scenario's alarm is refused by the
# console with that reason, and the center never hears of it.
refused() {
  wait_for "$T/$1.jsonl" '"ev":"alarm"'
  local id
  id=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/$1.jsonl" | head -1)
  op "$1" "claim $id"
  [ "$OP_CODE" = -6 ] || die "console $1: claim answered $OP_CODE, expected -6 (read-only)"
  grep '"ev":"reply","cmd":"claim"' "$T/$1.jsonl" | tail -1 | grep -qE "read-only \\(journal\\): .*$2" ||
    die "console $1 does not say why: $(grep '"cmd":"claim"' "$T/$1.jsonl" | tail -1)"
  grep -q " claim $id by op1 at $1: " "$T/c.log" && die "the claim from console $1 reached the center"
  return 0
}

touch "$T/file"
start_console nodir "$url" op1 Guard7desk --journal "$T/file/j.db"
wait_for "$T/nodir.jsonl" '"ev":"problem".*journal: cannot (open|create)'
refused nodir 'Not a directory'
note "journal cannot be created: read-only, says why"

start_console a "$url" op1 Guard7desk --journal "$T/shared.db"
wait_synced a
start_console b "$url" op1 Guard7desk --journal "$T/shared.db"
refused b 'in use by another alarmdesk'
note "a second console on the same journal: read-only, says why"

head -c 3000 /dev/urandom >"$T/garbage.db"
start_console g "$url" op1 Guard7desk --journal "$T/garbage.db"
refused g 'not a database'
note "a journal that is not a database: read-only, says why"

# The disk stops taking rows: every write past 4 KiB fails (RLIMIT_FSIZE).
# Output goes through pipes, which the limit does not touch.
printf '[console]\njournal_queue_mb = 1\n' >"$T/small.conf"
mkfifo "$T/f.in"
ALARMDESK_PASSWORD=Guard7desk "$CONSOLE" --batch --config "$T/small.conf" --center "$url" \
  --operator op1 --console-id f --journal "$T/f.db" <"$T/f.in" > >(cat >"$T/f.jsonl") 2> >(cat >"$T/f.err") &
f_PID=$!; PIDS+=("$f_PID")
exec {f_FD}>"$T/f.in"
wait_synced f
prlimit --pid "$f_PID" --fsize=4096:unlimited   # soft limit: raised again below
wait_for "$T/f.jsonl" '"ev":"problem".*JOURNAL FULL' 60
refused f 'JOURNAL FULL'
send f stats
wait_for "$T/f.jsonl" '"ev":"stats"'
note "disk full: the queue filled, the console kept running and refused the claim"
prlimit --pid "$f_PID" --fsize=unlimited:unlimited
wait_for "$T/f.jsonl" '"ev":"problem".*"text":"journal: writing again' 60
id=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/f.jsonl" | head -1)
act f "claim $id"
send f quit; wait "$f_PID" || die "console f exit status $?: $(tail -5 "$T/f.err")"
"$CONSOLE" log verify --journal "$T/f.db" >/dev/null || die "journal f does not verify"
"$CONSOLE" log export --journal "$T/f.db" --format csv | grep -qE ',journal\.lost,[0-9]+ rows refused' ||
  die "the gap is not journaled"
note "space back: actions taken again, the gap journaled, the journal verifies"

# Killed during start at each point where it syncs the disk (strace kills
# it on entering its n-th fsync/fdatasync, then on entering the rename): the
# journal exists whole or not at all ("not an alarmdesk journal" never).
kill_at() { # NAME STRACE-INJECT-ARGS...
  local name=$1; shift
  ALARMDESK_PASSWORD=Guard7desk strace -f -qq -o /dev/null "$@" "$CONSOLE" --batch --center "$url" \
    --operator op1 --console-id s --journal "$T/$name.db" </dev/null >/dev/null 2>"$T/$name.err" &
  wait $! 2>/dev/null # (the shell would report the kill)
  [ $? = 137 ] || die "$name: strace did not kill the console ($(tail -1 "$T/$name.err"))"
  [ -e "$T/$name.db" ] || return 0
  out=$("$CONSOLE" log verify --journal "$T/$name.db" 2>&1) || die "$name: killed at start: $out"
  whole=$((whole + 1))
}
whole=0
for n in $(seq 14); do
  kill_at "sync$n" -e trace=fsync,fdatasync -e inject=fsync,fdatasync:signal=SIGKILL:when=$n
done
kill_at rename -e trace=rename -e inject=rename:signal=SIGKILL:when=1
[ "$whole" -gt 0 ] || die "no kill came after the journal was made: kill later"
note "killed at each of the first 14 disk syncs and at the rename: $whole journals there, each whole"
