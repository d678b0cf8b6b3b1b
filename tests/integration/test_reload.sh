#!/usr/bin/env bash
# SIGHUP reloads the accounts and the data set of a running center, all or
# nothing: a panel added to the data is known at once, a removed account's
# session is closed and cannot log in again, the others go on; a broken file
# is refused with where and what, and the center keeps what it had.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
printf '{"panels": [{"account": "6001", "site": "KH0001"}]}\n' >"$T/data/panels.json"
add_user op1 operator 'Night-Shift#2026'
add_user op2 operator 'Day-Shift#2026x'
start_center c --data "$T/data" --dc09-listen 127.0.0.1:0
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
start_console a "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
start_console b "ws://127.0.0.1:$c_PORT" op2 'Day-Shift#2026x'
wait_synced a
wait_synced b
panel() { "$CENTER" panel --to "127.0.0.1:$DC09" "$@" >>"$T/panel.out" || die "panel $*"; }

# Before: 6002 is an unknown account.
panel --account 6002 'ADM:1130 01 001'
wait_for "$T/a.jsonl" '"ev":"alarm".*"customer":"未知账户 #6002'

# The data gains panel 6002, the accounts lose op2; SIGHUP.
printf '{"panels": [{"account": "6001", "site": "KH0001"}, {"account": "6002", "site": "KH0002"}]}\n' \
  >"$T/data/panels.json"
sed -i '/^op2:/d' "$T/accounts"
kill -HUP "$c_PID"
wait_for "$T/c.log" 'reloaded: 44 sites, 2 panels, 0 GB/T 28181 devices, 1 sessions of removed accounts closed'
# Its console reconnects and is refused: the account is gone.
wait_for "$T/b.jsonl" '"ev":"link".*"text":"refused: unknown operator or wrong password \(2001\)"' 10
panel --account 6002 --seq 2 'ADM:1130 01 002'
wait_for "$T/a.jsonl" '"ev":"alarm".*"site":"KH0002","zone":2'
note "after SIGHUP: panel 6002 is KH0002's, op2's session closed"
# op2 cannot log in again; op1 still can.
start_console b2 "ws://127.0.0.1:$c_PORT" op2 'Day-Shift#2026x'
wait_for "$T/b2.jsonl" '"ev":"link".*"text":"refused: unknown operator or wrong password \(2001\)"' 10
start_console a2 "ws://127.0.0.1:$c_PORT" op1 'Night-Shift#2026'
wait_synced a2

# A broken panels.json: refused with where and what; the center keeps 6002.
printf '{"panels": [{"account": "60", "site": "KH0001"}]}\n' >"$T/data/panels.json"
kill -HUP "$c_PID"
wait_for "$T/c.log" 'reload refused, going on with what was loaded: data: .*/panels.json: panels\[0\]\.account: 3 to 16 hex digits'
panel --account 6002 --seq 3 'ADM:1130 01 003'
wait_for "$T/a.jsonl" '"ev":"alarm".*"site":"KH0002","zone":3'
note "a broken reload is refused, the center goes on with what it had"
echo "PASS test_reload"
