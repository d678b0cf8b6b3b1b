#!/usr/bin/env bash
# A training run of a shipped drill, driven by a script of operator
# commands: `alarmdesk train` starts its private center, the trainee handles
# the real break-in up to the confirmed forward but sends nobody, and
# recognises the pet's false alarm; the score is then exactly 70 + 100 of
# 200 (85 %), written to the report file; every journal row is marked
# training; train refuses a live center.
. "$(dirname "$0")/lib.sh"
DRILL="$ROOT/data/scenarios/drill-night-intrusion.jsonl"

"$CONSOLE" train "$DRILL" --center ws://127.0.0.1:1 --batch </dev/null >/dev/null 2>"$T/refused.err" &&
  die "train accepted a live center"
grep -q "drop --center" "$T/refused.err" || die "no reason given for refusing --center"

mkfifo "$T/k.in"
(cd "$ROOT" && "$CONSOLE" train "$DRILL" --batch --operator trainee1 --console-id k \
  --journal "$T/k.journal" --report "$T/score.txt" <"$T/k.in" >"$T/k.jsonl" 2>"$T/k.err") &
k_PID=$!; PIDS+=("$k_PID")
exec {k_FD}>"$T/k.in"
poll 20 more_than "$T/k.jsonl" '"ev":"alarm"' 1 || die "the drill's alarms did not arrive"
bank=$(grep '"ev":"alarm".*"customer":"江城农商银行临江支行"' "$T/k.jsonl" | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
home=$(grep '"ev":"alarm".*"customer":"郝晓东' "$T/k.jsonl" | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
[ -n "$bank" ] && [ -n "$home" ] || die "the drill's alarms did not arrive: $(tail -3 "$T/k.jsonl")"

# step CMD: an op the drill's center must accept, acknowledged (by its
# op_id) before the next one is sent.
step() { act k "$1"; }
step "claim $bank"; step "review $bank video"; step "result $bank real"; step "forward $bank"
for i in $(seq 0 9); do step "tick $bank $i"; done
step "confirm $bank 110指挥中心 王警官 3021"
grep -q "\"ev\":\"update\".*\"id\":\"$bank\".*\"state\":\"forwarded\"" "$T/k.jsonl" || die "the forward was not confirmed"
step "claim $home"; step "review $home video"; step "result $home false"; step "close $home 3"
send k score
wait_for "$T/k.jsonl" '"ev":"score"'
grep '"ev":"score"' "$T/k.jsonl" | tail -1 | grep -q '"code":85' || die "expected 85 %: $(grep '"ev":"score"' "$T/k.jsonl")"
grep -q '^total 170 of 200 (85 %)$' "$T/score.txt" || die "report total: $(tail -1 "$T/score.txt")"
grep -q -- '-20 no field officer dispatched' "$T/score.txt" || die "the missed dispatch is not in the report"
grep -q -- '-10 left open' "$T/score.txt" || die "the open alarm is not in the report"
grep -A8 "KH0017" "$T/score.txt" | grep -q 'points 100 of 100' || die "the false alarm was not scored 100"
note "drill scored: 170 of 200 (85 %): no dispatch -20, left open -10; false alarm 100"

send k quit; wait "$k_PID" 2>/dev/null
modes=$("$CONSOLE" log export --journal "$T/k.journal" --format jsonl 2>/dev/null |
        grep -o '"mode":"[a-z]*"' | sort | uniq -c | tr -s ' \n' ' ')
grep -qE '^ ?[0-9]+ "mode":"training" ?$' <<<"$modes" || die "journal rows not all marked training: $modes"
"$CONSOLE" log show --journal "$T/k.journal" 2>/dev/null | grep -q 'drill.score' || die "the score is not journaled"
note "every journal row is marked training; the score is journaled"
