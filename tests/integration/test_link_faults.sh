#!/usr/bin/env bash
# Link reliability under faults. 20 000 alarms at 1 000/s reach one console
# over two links, each through a proxy that injects drops, half-open stalls,
# delays, throttling and frames cut mid-way (at least 50 of each kind in
# all), while the center is killed and restarted twice and the operator
# keeps writing notes. The console ends with exactly 20 000 alarms, none
# twice, in seq order; every note is applied at the center exactly once.
# Then, on clean links, a half-open stall of one link is detected within
# three heartbeats and the other link carries on.
. "$(dirname "$0")/lib.sh"
TOTAL=${TOTAL:-20000}
PER_KIND=${PER_KIND:-25}   # per proxy: 2 proxies give 2×PER_KIND of each kind
HB=200                     # center heartbeat (ms): liveness = 3 heartbeats

add_user op1 operator Guard7desk
ROUND=$((TOTAL * 3 / 10)) # alarms generated before each of the two kills
start_center c --rate 1000 --seed 1 --heartbeat $HB --history 100000 --count $ROUND
port=$c_PORT
start_proxy A "$port" 150 "$PER_KIND" 1
start_proxy B "$port" 170 "$PER_KIND" 2
pa=$A_PORT; pb=$B_PORT
start_console k "ws://127.0.0.1:$pa,ws://127.0.0.1:$pb" op1 Guard7desk
wait_for "$T/k.jsonl" '"ev":"alarm"'
echo go >&"$A_FD"; echo go >&"$B_FD"

# The operator writes notes on recent alarms all along (a note is applied
# at the center each time it is applied: a double application would show).
(
  n=0
  while kill -0 "$k_PID" 2>/dev/null && [ ! -e "$T/stop-notes" ]; do
    id=$(tail -200 "$T/k.jsonl" | grep -o '"ev":"alarm","center":"[^"]*","t":[0-9]*,\("seq":[0-9]*,\)\{0,1\}"id":"[^"]*"' |
         tail -1 | sed 's/.*"id":"\([^"]*\)"/\1/')
    if [ -n "$id" ]; then n=$((n + 1)); printf 'note %s n-%d\n' "$id" "$n" >&"$k_FD"; fi
    sleep 0.1
  done
) &
notes=$!

for round in 1 2; do
  # Kill the center once it has generated its round, while the console is
  # still taking them through the faults.
  wait_count "$T/c.log" "generator: $ROUND alarms emitted" "$round" 60
  kill -9 "$c_PID"; wait "$c_PID" 2>/dev/null
  if [ $round = 1 ]; then
    start_center c --listen "127.0.0.1:$port" --rate 1000 --seed 2 --heartbeat $HB --history 100000 \
      --count $ROUND
  else
    start_center c --listen "127.0.0.1:$port" --rate 1000 --seed 3 --heartbeat $HB --history 100000 \
      --fill "$TOTAL"
  fi
  note "center restarted ($round)"
done
wait_count "$T/c.log" "generator: [0-9]* alarms emitted" 3 60
touch "$T/stop-notes"; wait "$notes" 2>/dev/null
# Let the faults run out and the console catch up.
poll 120 stats_say k "\"open\":$TOTAL," || note "the console did not reach $TOTAL open alarms (checked below)"
kill -TERM "$A_PID" "$B_PID"; wait "$A_PID" "$B_PID" 2>/dev/null
faults=$(cat "$T/A.out" "$T/B.out" | awk '$1 == "total" {n[$2] += $3} END {for (k in n) printf "%s %d, ", k, n[k]}')
note "faults injected: $faults"
for k in drop stall delay throttle cut; do
  n=$(cat "$T/A.out" "$T/B.out" | awk -v k=$k '$1 == "total" && $2 == k {s += $3} END {print s + 0}')
  [ "$n" -ge $((2 * PER_KIND)) ] || die "only $n faults of kind $k"
done

alarms=$(grep -c '"ev":"alarm"' "$T/k.jsonl")
distinct=$(grep '"ev":"alarm"' "$T/k.jsonl" | sed 's/.*"id":"\([^"]*\)".*/\1/' | sort -u | wc -l)
ordered=$(grep -o '"ev":"alarm","center":"[^"]*","t":[0-9]*,"seq":[0-9]*' "$T/k.jsonl" | sed 's/.*"seq"://' | sort -n -c && echo yes)
note "console: $alarms alarm events, $distinct distinct (want $TOTAL); $(grep '"ev":"stats"' "$T/k.jsonl" | tail -1 | grep -o '"dups":[0-9]*') dropped as duplicates"
[ "$alarms" = "$TOTAL" ] && [ "$distinct" = "$TOTAL" ] || die "expected exactly $TOTAL alarms once each"
[ "$ordered" = yes ] || die "alarms out of seq order"

# Every note: sent (journaled), acknowledged, applied exactly once.
poll 20 stats_say k '"pending_ops":0' || die "ops still pending at the end"
sent=$(grep -c '"ev":"reply","cmd":"note","code":0' "$T/k.jsonl")
applied=$(grep -o 'note on [^ ]* by op1: n-[0-9]*' "$T/c.log" | awk '{print $NF}' | sort | uniq -c)
twice=$(awk '$1 > 1' <<<"$applied" | wc -l)
once=$(awk '$1 == 1' <<<"$applied" | wc -l)
note "notes: $sent sent during the faults, $once applied once, $twice applied more than once"
[ "$sent" -ge 10 ] || die "only $sent notes were sent: the scripted operator did not act"
[ "$twice" = 0 ] || die "$twice notes were applied twice"
[ "$once" = "$sent" ] || die "$sent notes sent but $once applied"

send k quit; wait "$k_PID" 2>/dev/null
"$CONSOLE" log verify --journal "$T/k.journal" >/dev/null || die "the journal does not verify"

# Half-open detection and failover, on links without other faults: a new
# center streaming 200 alarms/s, a console on two proxied links; one link
# stalls (both TCP connections stay open, nothing moves).
kill -9 "$c_PID"; wait "$c_PID" 2>/dev/null
start_center h --rate 200 --seed 4 --heartbeat $HB --state "$T/h2.db"
start_proxy C "$h_PORT"
start_proxy D "$h_PORT"
pc=$C_PORT; pd=$D_PORT
start_console m "ws://127.0.0.1:$pc,ws://127.0.0.1:$pd" op1 Guard7desk
# Both links up (a loaded machine may have made one reconnect), then 200
# more alarms, before the stall.
up() { grep '"ev":"link"' "$T/m.jsonl" | grep "127.0.0.1:$1: " | tail -1 | grep -q '"text":"[^"]*: connected"'; }
both_up() { up "$pc" && up "$pd"; }
poll 20 both_up || die "the two links did not come up"
n=$(count "$T/m.jsonl" '"ev":"alarm"')
poll 20 more_than "$T/m.jsonl" '"ev":"alarm"' $((n + 200)) || die "no alarms on the two links"
poll 20 both_up || die "a link went down before the stall"
echo stall >&"$C_FD"
wait_for "$T/C.out" ' stall' 5
t0=$(awk '$2 == "stall" {print $1; exit}' "$T/C.out")
wait_for "$T/m.jsonl" "\"ev\":\"link\".*127.0.0.1:$pc: no heartbeat" 5
t1=$(grep "\"ev\":\"link\".*127.0.0.1:$pc: no heartbeat" "$T/m.jsonl" | head -1 | sed 's/.*"t":\([0-9]*\).*/\1/')
detect=$((t1 - t0))
# Until an alarm stamped after the 1.5 s window has arrived.
last_t() { grep '"ev":"alarm"' "$T/m.jsonl" | tail -1 | sed 's/.*"t":\([0-9]*\).*/\1/'; }
after_window() { [ "$(last_t)" -gt $((t0 + 1500)) ]; }
poll 20 after_window || die "no alarm after the stall window"
gap=$(grep '"ev":"alarm"' "$T/m.jsonl" | sed 's/.*"t":\([0-9]*\).*/\1/' |
      awk -v a="$t0" -v b="$((t0 + 1500))" '$1 >= a && $1 <= b {if (p) {d = $1 - p; if (d > m) m = d} p = $1} END {print m + 0}')
n_during=$(grep '"ev":"alarm"' "$T/m.jsonl" | sed 's/.*"t":\([0-9]*\).*/\1/' |
      awk -v a="$t0" -v b="$((t0 + 1500))" '$1 >= a && $1 <= b' | wc -l)
note "half-open link detected after $detect ms (limit: 3 heartbeats = $((3 * HB)) ms, checked every 250 ms)"
note "failover: $n_during alarms arrived on the other link during the 1.5 s stall; largest gap $gap ms"
[ "$detect" -le $((3 * HB + 300)) ] || die "half-open detection took $detect ms"
[ "$n_during" -ge 200 ] || die "the healthy link carried only $n_during alarms during the stall"
send m stats
wait_for "$T/m.jsonl" '"ev":"stats"'
grep '"ev":"stats"' "$T/m.jsonl" | tail -1 | grep -q '"dups":' || die "no stats"
