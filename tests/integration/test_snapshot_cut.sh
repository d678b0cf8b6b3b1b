#!/usr/bin/env bash
# A snapshot counts only when it is complete: both links of a console are
# cut at chosen byte offsets inside a multi-chunk snapshot of 3 000 open
# alarms; once the console is synced again it holds exactly the center's open
# alarms, id by id, whatever the cut points were.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
run=0
# Center c keeps its whole history: after the cuts the console resumes from
# where it was (seq 0). Center h keeps 500 frames: it must snapshot again.
for center in c h; do
start_center $center --rate 5000 --count 3000 --seed 5 $([ $center = h ] && echo --history 500)
wait_for "$T/$center.log" 'generator: 3000 alarms emitted' 60
"$CENTER" open --state "$T/$center.db" | cut -f1 | sort >"$T/center.ids"
total=$(wc -l <"$T/center.ids")
[ "$total" -gt 2000 ] || die "the center holds only $total open alarms"
port=${center}_PORT
start_proxy A$center "${!port}"
start_proxy B$center "${!port}"
A_FD=A${center}_FD A_PORT=A${center}_PORT B_FD=B${center}_FD B_PORT=B${center}_PORT
A_FD=${!A_FD} A_PORT=${!A_PORT} B_FD=${!B_FD} B_PORT=${!B_PORT}

# The snapshot of $total alarms is about 1.3 KB each: the cut points fall in
# its first chunk, its middle and its last part.
for cuts in "9000 1500000" "2600000 40000" "700000 3300000"; do
  run=$((run + 1)); k=k$run
  set -- $cuts
  na=$(count "$T/A$center.out" cutat); nb=$(count "$T/B$center.out" cutat)
  echo "cutat $1" >&"$A_FD"; echo "cutat $2" >&"$B_FD"
  start_console $k "ws://127.0.0.1:$A_PORT,ws://127.0.0.1:$B_PORT" op1 Guard7desk
  wait_count "$T/A$center.out" cutat $((na + 1)) 30
  wait_count "$T/B$center.out" cutat $((nb + 1)) 30
  grep -q '"ev":"synced"' "$T/$k.jsonl" && die "run $run: a link synced before its cut (cut points beyond the snapshot?)"
  wait_synced $k 60
  from=$(($(wc -l <"$T/$k.jsonl") + 1))
  send $k list
  wait_for "$T/$k.jsonl" '"ev":"reply","cmd":"list"' 30
  tail -n +"$from" "$T/$k.jsonl" | sed -n 's/^{"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' | sort >"$T/$k.ids"
  if ! cmp -s "$T/center.ids" "$T/$k.ids"; then
    echo "--- center vs console $k (first differences)" >&2
    diff "$T/center.ids" "$T/$k.ids" | head -5 >&2
    die "run $run (cuts at $1 and $2 bytes): the console holds $(wc -l <"$T/$k.ids") of $total open alarms"
  fi
  pid=${k}_PID; send $k quit; wait "${!pid}" || die "console $k exit status $?"
  note "center $center, cut at $1 and $2 bytes: $total of $total open alarms, id by id"
done
done
grep -q "console 'k4' .*snapshot" "$T/h.log" || die "center h did not snapshot k4"
