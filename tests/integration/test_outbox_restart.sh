#!/usr/bin/env bash
# The durable outbox: an op pressed while the center is down is journaled,
# survives a SIGKILL of the console, and is sent again with the same op_id
# when the console and the center are back; the center applies it once.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.2, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --start-after 1
port=$c_PORT
start_console a "ws://127.0.0.1:$port" op1 Guard7desk --console-id desk --journal "$T/j.db"
wait_for "$T/a.jsonl" '"ev":"alarm"'
id=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/a.jsonl" | head -1)
kill -9 "$c_PID"; wait "$c_PID" 2>/dev/null
wait_for "$T/a.jsonl" '"ev":"link".*"state":4' 5
op a "claim $id"
[ "$OP_CODE" = 0 ] || die "the console refused the claim ($OP_CODE)"
# Killed once the op's row is on disk (the journal is read as it is written).
journaled() { "$CONSOLE" log export --journal "$T/j.db" --format csv 2>/dev/null | grep -q "op_id=$1"; }
poll 10 journaled "$OP_ID" || die "the claim $OP_ID never reached the journal"
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null
op=$("$CONSOLE" log export --journal "$T/j.db" --format csv | grep ",op.claim," | sed 's/.*op_id=\([^ ]*\) .*/\1/')
[ "$op" = "$OP_ID" ] || die "the claim $OP_ID is not in the journal"
grep -q "op $op " "$T/c.log" && die "the center saw the op while it was down?"

start_center c --listen "127.0.0.1:$port"
start_console b "ws://127.0.0.1:$port" op1 Guard7desk --console-id desk --journal "$T/j.db"
ack_of b "$op" 10
[ "$ACK_CODE" = 0 ] || die "the restored claim $op was answered $ACK_CODE"
grep -q '"ev":"problem".*1 ops from before the restart are sent again' "$T/b.jsonl" ||
  die "the restart did not say it restored the op"
[ "$(grep -c "op $op claim $id by op1 at desk: 0 ok" "$T/c.log")" = 1 ] ||
  die "the center did not apply $op once: $(grep "op $op" "$T/c.log")"
wait_for "$T/b.jsonl" "\"ev\":\"update\".*\"id\":\"$id\".*\"state\":\"claimed\""
send b quit; wait "$b_PID"
"$CONSOLE" log export --journal "$T/j.db" --format csv | grep -q ",op.ack,op_id=$op,ok," ||
  die "the ack is not journaled"
"$CONSOLE" log verify --journal "$T/j.db" >/dev/null || die "journal does not verify"
note "op $op survived the console's SIGKILL and was applied once after the restart"
