#!/usr/bin/env bash
# `alarmdesk log show | export | report | verify` on a journal written by a
# real console: CJK-aligned table, stable export columns, report figures that
# match what happened, verify exit codes.
. "$(dirname "$0")/lib.sh"

add_user 值机员甲 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.2, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}
{"t": 0.3, "type": "alarm", "customer": "KH0002", "event": "131", "zone": 6, "channel": "wireless"}
{"t": 0.4, "type": "alarm", "customer": "KH0041", "event": "111", "zone": 6}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" 值机员甲 Guard7desk
wait_for "$T/a.jsonl" '"ev":"alarm".*"seq":3,'
ids=$(grep -o '"ev":"alarm"[^}]*"id":"[^"]*"' "$T/a.jsonl" | sed 's/.*"id":"//; s/"$//' | head -2)
for id in $ids; do
  act a "claim $id"
  act a "review $id video"
done
# The first a false alarm, closed with its cause; the second a real incident.
first=$(head -1 <<<"$ids") second=$(sed -n 2p <<<"$ids")
act a "result $first false"
act a "plan $first 2 户主确认误按"   # the panic plan's call, done by telephone off the list
act a "close $first 1"
act a "result $second real"
# The console anchors its journal at the center (first after 2 s).
wait_for "$T/a.jsonl" '"ev":"op_ack".*"op_id":"[^"]*-anchor-'
anchor=$("$CENTER" anchors a --state "$T/c.db" | awk '{print $2}')
[ -n "$anchor" ] || die "the center holds no anchor for console a"
send a quit
wait "$a_PID" || die "console exit $?"
J="$T/a.journal"
"$CONSOLE" log verify --journal "$J" --anchor "$anchor" >/dev/null || die "verify against the center's anchor $anchor"
"$CONSOLE" log verify --journal "$J" --anchor "${anchor%%:*}:$(printf '0%.0s' $(seq 64))" 2>/dev/null &&
  die "a wrong anchor from the center was accepted"

"$CONSOLE" log verify --journal "$J" >"$T/v" || die "verify: $(cat "$T/v")"
grep -q '^.*: ok: [0-9]* rows' "$T/v" || die "verify output: $(cat "$T/v")"

"$CONSOLE" log show --journal "$J" >"$T/show" 2>/dev/null || die "show failed"
hdr=$(head -1 "$T/show")
want=$(printf '%s' "${hdr%%action*}" | wc -L)
rows=0
while IFS= read -r line; do
  for act in op.claim rx.alarm session.login; do
    case $line in *" $act "*)
      got=$(printf '%s' "${line%%$act *}" | wc -L)
      [ "$got" = "$want" ] || die "action column at $got, header at $want: $line"
      rows=$((rows + 1));;
    esac
  done
done <"$T/show"
[ "$rows" -ge 6 ] || die "show listed $rows rows"
grep -q '值机员甲' "$T/show" || die "operator name missing in show"
"$CONSOLE" log show --journal "$J" --action op.claim >"$T/claims" 2>/dev/null
[ "$(grep -c ' op.claim ' "$T/claims")" = 2 ] || die "--action filter"

"$CONSOLE" log export --journal "$J" --format csv >"$T/e.csv"
head -1 "$T/e.csv" | tr -d '\r' | grep -qx 'seq,wall_ms,time,mono_ms,console,operator,role,mode,alarm_id,action,detail,outcome,pruned,prev_hash,hash' ||
  die "csv header: $(head -1 "$T/e.csv")"
"$CONSOLE" log export --journal "$J" --format jsonl >"$T/e.jsonl"
[ "$(grep -c '"action":"op.ack"' "$T/e.jsonl")" -ge 2 ] || die "jsonl export lacks the acks"
[ "$(grep -c '"hash":"[0-9a-f]\{64\}"' "$T/e.jsonl")" = "$(wc -l <"$T/e.jsonl")" ] || die "jsonl hashes"

"$CONSOLE" log report --journal "$J" >"$T/r"
grep -q 'Alarms received: 3' "$T/r" || die "report count: $(cat "$T/r")"
grep -q 'Time to claim (limit 60 s): 2 claims' "$T/r" || die "report claims: $(cat "$T/r")"
grep -q 'met 2, missed 0' "$T/r" || die "report met/missed"
grep -q '值机员甲 .* 2 claims' "$T/r" || die "report per operator: $(cat "$T/r")"
# GA 1383 figures from the journaled alarm states.
grep -q 'Review results: 2, false alarms 1 (50.0 %); incidents 1' "$T/r" || die "report figures: $(cat "$T/r")"
grep -q 'Forwards: 0 confirmed, missed 0 (GA 1383: 0)' "$T/r" || die "report forwards: $(cat "$T/r")"
grep -qE '^ +review +2 +2 +0 ' "$T/r" || die "report review clock: $(cat "$T/r")"
"$CONSOLE" log report --journal "$J" --format csv >"$T/r.csv"
grep -q '^alarms,panic,ip,1' "$T/r.csv" || die "csv report"
grep -q '^figures,false_alarms,,1' "$T/r.csv" || die "csv report figures: $(cat "$T/r.csv")"

rm "$J.anchor"
"$CONSOLE" log verify --journal "$J" 2>"$T/v"; rc=$?
[ $rc = 4 ] || die "verify without anchor: exit $rc"
"$CONSOLE" log verify --journal "$T/none.db" 2>/dev/null; rc=$?
[ $rc = 2 ] || die "verify of a missing file: exit $rc"
"$CONSOLE" log show --since yesterday --journal "$J" 2>"$T/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$T/err")" = 1 ] || die "bad --since: exit $rc, $(cat "$T/err")"
note "show aligned, export columns stable, report figures right, verify exit codes"
