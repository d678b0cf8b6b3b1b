#!/usr/bin/env bash
# Sites on test, end to end: an operator puts a site on test; the DC-09
# events and the missed periodic report of its panel become test signals
# (logged, shown apart) and not alarms, while another site's events stay
# alarms; the center warns before the end and ends the test by itself; a
# console that joins during the test learns of it from the snapshot; a
# restarted center keeps it; the data set can put a site on test; the ops
# are journaled; a bad op is refused with a reason.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
until_iso=$(date -d '+1 hour' +%Y-%m-%dT%H:%M:%S%:z)
cat >"$T/data/panels.json" <<JSON
{"panels": [
  {"account": "3001", "site": "KH0001", "test_interval_s": 2},
  {"account": "3002", "site": "KH0002"},
  {"account": "3003", "site": "KH0003", "on_test_until": "$until_iso", "on_test_reason": "installers"}
]}
JSON
add_user op1 operator 'Night-Shift#2026'
start_center c --data "$T/data" --dc09-listen 127.0.0.1:0
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
[ -n "$DC09" ] || die "the receiver did not report its port"
start_console op1 "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_synced op1
panel() { "$CENTER" panel --to "127.0.0.1:$DC09" "$@" >>"$T/panel.out"; }

# The data set's test is in force from the start (a snapshot's standing state).
wait_for "$T/op1.jsonl" '"ev":"test".*"site":"KH0003".*"state":"on"'

# Refusals: unknown site, a test of more than 7 days, ending a test not begun.
op op1 "test KH9999 1h"
ack_of op1 "$OP_ID"; [ "$ACK_CODE" = 3007 ] || die "unknown site: code $ACK_CODE, want 3007"
op op1 "test KH0001 8d"
[ "$OP_CODE" != 0 ] || die "a test of 8 days was sent"
op op1 "test KH0002 0"
ack_of op1 "$OP_ID"; [ "$ACK_CODE" = 3006 ] || die "ending no test: code $ACK_CODE, want 3006"

# KH0001 on test for 6 s: warned at 3 s before the end, off at the end.
t0=$(date +%s%3N)
act op1 "test KH0001 6s installers at the door"
wait_for "$T/op1.jsonl" '"ev":"test".*"site":"KH0001".*"state":"on"'
# Its panel's burglary is a test signal; KH0002's is an alarm.
panel --account 3001 'ADM:1130 01 003' || die "panel 3001"
panel --account 3002 'ADM:1130 01 004' || die "panel 3002"
wait_for "$T/op1.jsonl" '"ev":"signal".*"site":"KH0001"'
wait_for "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0002"'
exactly "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0001"' 0 || die "KH0001 on test raised an alarm"
# A console that joins during the test learns of it from the snapshot.
start_console late "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_for "$T/late.jsonl" '"ev":"test".*"site":"KH0001".*"state":"on"'
# Its panel then stays silent: the missed report is a test signal too, once.
wait_for "$T/c.log" 'test signal from KH0001: 354 ' 15
wait_for "$T/op1.jsonl" '"ev":"test".*"site":"KH0001".*"state":"ending"' 10
t1=$(date +%s%3N)
wait_for "$T/op1.jsonl" '"ev":"test".*"site":"KH0001".*"state":"off"' 10
t2=$(date +%s%3N)
note "test of 6 s: warned after $((t1 - t0)) ms, ended after $((t2 - t0)) ms"
[ $((t2 - t0)) -ge 6000 ] || die "the test ended after $((t2 - t0)) ms, before its 6 s"
[ $((t1 - t0)) -ge 3000 ] || die "the end was announced after $((t1 - t0)) ms, before half the test"
exactly "$T/c.log" 'test signal from KH0001: 354 ' 1 || die "the missed report was signalled more than once"
grep -q 'site KH0001 off test (2 test signals) by center: expired' "$T/c.log" ||
  die "the center did not log the test's end with its signals: $(grep 'KH0001 off' "$T/c.log")"
# Off test, its panel's events are alarms again.
panel --account 3001 'ADM:1130 01 005' || die "panel 3001 after the test"
wait_for "$T/op1.jsonl" '"ev":"alarm".*"site":"KH0001","zone":0'

# Put on test again and end it by hand; the ops are journaled.
act op1 "test KH0002 2h user test"
act op1 "test KH0002 0"
wait_for "$T/op1.jsonl" '"ev":"test".*"site":"KH0002".*"state":"off"'
send op1 quit
wait "$op1_PID" || true
"$CONSOLE" log export --journal "$T/op1.journal" --format csv >"$T/log.txt" 2>&1 ||
  die "log export: $(tail -2 "$T/log.txt")"
grep -q 'KH0002,op.test,.*code=7200 text=user test' "$T/log.txt" || die "the test op is not journaled: $(grep op.test "$T/log.txt" | head -3)"
grep -q 'rx.signal' "$T/log.txt" || die "the test signal is not journaled"
# Replaying the journal shows the test and its signals again (incident review).
mkfifo "$T/rp.in"
"$CONSOLE" replay "$T/op1.journal" --speed 60 --batch <"$T/rp.in" >"$T/rp.jsonl" 2>"$T/rp.err" &
PIDS+=("$!")
exec {rp_fd}>"$T/rp.in"
wait_for "$T/rp.jsonl" '"ev":"replay".*"text":"end"' 30
grep -q '"ev":"test".*"site":"KH0001".*"state":"on"' "$T/rp.jsonl" || die "the replay lacks the test"
grep -q '"ev":"signal".*"site":"KH0001"' "$T/rp.jsonl" || die "the replay lacks the test signals"
echo quit >&"$rp_fd"

# A restarted center keeps the data set's test (and does not announce it again).
kill "$c_PID"; wait "$c_PID" || true
start_center c --data "$T/data" --dc09-listen 127.0.0.1:0
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
start_console again "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_for "$T/again.jsonl" '"ev":"test".*"site":"KH0003".*"state":"on"'
panel --account 3003 'ADM:1130 01 001' || die "panel 3003"
wait_for "$T/again.jsonl" '"ev":"signal".*"site":"KH0003"'
exactly "$T/c.log" 'site KH0003 on test until' 1 || die "the data set's test was announced twice"
echo "PASS test_site_test"
