#!/usr/bin/env bash
# What a role may do is the center's word. A trainee on a live center may
# write notes but not handle alarms (a trainee once closed a live panic
# alarm as false); on a training center it may. Linked-alarm escalation has
# a ceiling: five AC-loss faults from one home stay below a burglary.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
add_user t1 trainee Learn4night
cat >"$T/s.jsonl" <<'S'
{"t": 0.1, "type": "alarm", "customer": "KH0005", "event": "120", "zone": 2}
{"t": 0.2, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 1}
{"t": 0.3, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 1}
{"t": 0.4, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 1}
{"t": 0.5, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 1}
{"t": 0.6, "type": "alarm", "customer": "KH0002", "event": "301", "zone": 1}
{"t": 0.7, "type": "alarm", "customer": "KH0033", "event": "130", "zone": 5}
S
start_center c --scenario "$T/s.jsonl" --start-after 2
start_console o "ws://127.0.0.1:$c_PORT" op1 Guard7desk
start_console t "ws://127.0.0.1:$c_PORT" t1 Learn4night --role trainee
wait_for "$T/t.jsonl" '"ev":"alarm".*"class":"intrusion"'
wait_for "$T/o.jsonl" '"ev":"alarm".*"class":"intrusion"'
panic=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)","class":"panic".*/\1/p' "$T/t.jsonl" | head -1)
[ -n "$panic" ] || die "no panic alarm at the trainee's console"

op t "claim $panic"
ack_of t "$OP_ID"
[ "$ACK_CODE" = 3004 ] || die "a trainee's claim of a live alarm was answered $ACK_CODE, expected 3004"
grep -q "\"op_id\":\"$OP_ID\".*trainees may not change live alarms" "$T/t.jsonl" || die "the refusal does not say why"
act t "note $panic 学员观察：已通知值机员"
act o "claim $panic"
note "trainee on a live center: claim refused (3004), note accepted; the operator claims"

# Escalation: the faults of one home never pass P3; the burglary is P2.
burglary=$(grep '"ev":"alarm".*"class":"intrusion"' "$T/o.jsonl" | head -1)
grep -q '"priority":2' <<<"$burglary" || die "burglary not P2: $burglary"
n_hi=$(grep -c '"ev":"\(alarm\|update\)".*"class":"\(fault\|offline\|other\)","priority":[12],' "$T/o.jsonl" || true)
[ "$n_hi" = 0 ] || die "$n_hi alarm or update lines lift a fault to P1/P2: $(grep '"class":"fault","priority":[12],' "$T/o.jsonl" | head -2)"
n_faults=$(grep -c '"ev":"alarm".*"class":"fault"' "$T/o.jsonl" || true)
[ "$n_faults" = 5 ] || die "expected 5 fault alarms, got $n_faults"
note "five linked AC-loss faults stay at P3 or below; the burglary stays above them (P2)"
