#!/usr/bin/env bash
# SIGKILL the console 50 times at random moments while alarms stream and a
# scripted operator claims them: after every kill the journal verifies, and
# every op the center acknowledged is in the journal (ops are sent only once
# their journal row is durable).
. "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-50}
add_user op1 operator Guard7desk
start_center c --rate 200 --fill 500
J="$T/k.journal"
for run in $(seq "$RUNS"); do
  # Same console id and journal every run; files of its own per run.
  start_console "k$run" "ws://127.0.0.1:$c_PORT" op1 Guard7desk --console-id k --journal "$J"
  pid_var="k${run}_PID" fd_var="k${run}_FD"
  pid=${!pid_var} fd=${!fd_var}
  (
    while kill -0 "$pid" 2>/dev/null; do
      # The newest alarm, from the stream or (once the generator is done) a snapshot.
      id=$(grep -o '"ev":"alarm","center":"[^"]*","t":[0-9]*,\("seq":[0-9]*,\)\{0,1\}"id":"[^"]*"' "$T/k$run.jsonl" 2>/dev/null |
           tail -1 | sed 's/.*"id":"\([^"]*\)"/\1/')
      [ -n "$id" ] && printf 'claim %s\n' "$id" >&"$fd" 2>/dev/null
      sleep 0.03
    done
  ) &
  feeder=$!
  # Killed at a random moment once it is connected (its journal open); the
  # kill during start is test_journal_faults.sh's.
  wait_synced "k$run"
  sleep "0.$(( RANDOM % 9 ))$(( RANDOM % 10 ))"  # the fault's moment, not a synchronisation
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
  exec {fd}>&-
  out=$("$CONSOLE" log verify --quick --journal "$J" 2>&1) || die "run $run: journal does not verify: $out"
done
rows=$(sed -n 's/.*ok: \([0-9]*\) rows.*/\1/p' <<<"$out")
acked=$(grep -o "op [^ ]* [a-z]* [^ ]* by op1 at k: 0 " "$T/c.log" | grep -v -- '-anchor-' | awk '{print $2}' | sort -u)
n=$(printf '%s\n' "$acked" | grep -c . || true)
[ "$n" -ge 10 ] || die "only $n acknowledged ops: the scripted operator did not act"
"$CONSOLE" log export --journal "$J" --format csv >"$T/export.csv"
missing=0
for op in $acked; do grep -q "op_id=$op" "$T/export.csv" || { echo "  missing $op"; missing=$((missing + 1)); }; done
[ "$missing" = 0 ] || die "$missing acknowledged ops are not in the journal"
note "$RUNS kills: journal verifies every time ($rows rows); all $n acknowledged ops journaled"
