#!/usr/bin/env bash
# Work orders (工单) end to end: an operator opens a work order on a panel's
# fault; the same device faulting again escalates it (normal → urgent); the
# device's restore is marked on it; two consoles take it through its whole
# life cycle (assign, start, repaired, verify, close) with every step's who
# and when, a step out of order refused; an open order survives a restart
# of the center; a work order made by hand for a site.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp "$ROOT/data/demo/customers.json" "$ROOT/data/demo/plans.json" "$T/data/"
printf '{"panels": [{"account": "3001", "site": "KH0001", "receiver": "R1", "line": "L1"}]}\n' >"$T/data/panels.json"
add_user op1 operator Guard7desk
add_user op2 operator Guard8desk
start_center c --data "$T/data" --dc09-listen 127.0.0.1:0
DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
start_console b "ws://127.0.0.1:$c_PORT" op2 Guard8desk
wait_synced a; wait_synced b
panel() { "$CENTER" panel --to "127.0.0.1:$DC09" --account 3001 "$@" >>"$T/panel.out" || die "panel: $*"; }
orders() { grep '"ev":"order"' "$T/$1.jsonl" | tail -1; }
order_says() { orders "$1" | grep -q -- "$2"; }
wait_order() { poll 10 order_says "$1" "$2" || die "console $1: the order never said /$2/: $(orders "$1")"; }

panel --seq 1 'ADM:1380 01 003'            # zone 3's detector in trouble
wait_for "$T/a.jsonl" '"ev":"alarm".*"class":"fault"'
id=$(grep '"ev":"alarm"' "$T/a.jsonl" | grep '"class":"fault"' | sed 's/.*"id":"\([^"]*\)".*/\1/' | head -1)
act a "claim $id"
act a "order $id"
wait_order a ' KH0001 open normal faults=1 '
wo=$(orders a | sed 's/.*"text":"\(WO-[^ ]*\) .*/\1/')
[ -n "$wo" ] || die "no work order id"
wait_order b "$wo KH0001 open normal"
note "a work order from the fault: $wo, normal"

panel --seq 2 'ADM:1380 01 003'            # the same device again, its order open
wait_order a "$wo KH0001 open urgent faults=2 "
grep -q "work order $wo escalated to urgent: 03 .* faulted again" "$T/c.log" || die "the escalation is not logged"
note "the same device faulted again: escalated to urgent"

act a "work $wo assign 张工 13800001111"
wait_order b "$wo KH0001 assigned urgent faults=2 assignee=张工 13800001111"
# Out of order: a repair cannot be reported before it started.
refused b "work $wo repaired 更换探测器" '"code":3006.*the repair has not started'
act b "work $wo start"
wait_order a "$wo KH0001 repairing"

# The center restarts: the open order is still there, as it was.
kill "$c_PID"; wait "$c_PID" 2>/dev/null
start_center c --data "$T/data" --dc09-listen "127.0.0.1:$DC09" --listen "127.0.0.1:$c_PORT"
start_console d "ws://127.0.0.1:$c_PORT" op2 Guard8desk
wait_synced d
wait_order d "$wo KH0001 repairing urgent faults=2"
note "an open order survives a restart of the center"
wait_synced b 20

panel --seq 3 'ADM:3380 01 003'            # restored
wait_for "$T/c.log" "work order $wo: 03 .* reports restored"
act b "work $wo repaired 更换探测器，测试正常"
act a "work $wo verify"
act a "work $wo close"
wait_order b "$wo KH0001 closed"
frame=$(sqlite3 "$T/c.db" "SELECT frame FROM orders WHERE id = '$wo'")
for step in open refault assign start restored repaired verify close; do
  grep -q "\"action\":\"$step\"" <<<"$frame" || die "the order's history lacks $step: $frame"
done
grep -q '"by":"op2","text":"更换探测器，测试正常"' <<<"$frame" || die "who repaired it is not recorded"
[ "$(sqlite3 "$T/c.db" "SELECT count(*) FROM standing WHERE key = 'order:$wo'")" = 0 ] ||
  die "a closed order is still standing state"
note "assigned, started, repaired, verified, closed from two consoles; every step with who and when"

act d "work_new KH0002 extra_urgent 门禁控制器无法联网"
wait_order d ' KH0002 open extra_urgent faults=1 '
"$CONSOLE" log export --journal "$T/a.journal" --format csv >"$T/a.csv"
[ "$(grep -c ",$wo,op\.work," "$T/a.csv")" = 3 ] || die "console a's three steps of $wo are not journaled"
note "a work order by hand, extra urgent"

# The figures: two orders opened, one repaired within its limit, the other
# still open and not yet due; the two faults by kind (380: other) and one
# arm report.
"$CENTER" panel --to "127.0.0.1:$DC09" --account 3001 --seq 4 'ADM:3401 01 001' >>"$T/panel.out" || die "arm report"
wait_for "$T/d.jsonl" '"ev":"arm"'
n=$(count "$T/d.jsonl" '"ev":"figures"')
send d "figures 3600"
poll 10 more_than "$T/d.jsonl" '"ev":"figures"' "$n" || die "no figures"
fig=$(grep '"ev":"figures"' "$T/d.jsonl" | tail -1)
grep -q '"orders":{"n":2,"met":1,"missed":0,"open":{"extra_urgent":1}' <<<"$fig" || die "the orders' figures: $fig"
grep -q '"faults":{"other":2,"arm_disarm":1}' <<<"$fig" || die "the faults' figures: $fig"
"$CONSOLE" log report --journal "$T/d.journal" >"$T/r" 2>&1 || die "log report: $(cat "$T/r")"
grep -q 'Work orders: 2 opened; repaired in time 1, late or overdue 0' "$T/r" || die "log report's orders: $(cat "$T/r")"
note "figures and log report: 2 orders, 1 repaired in time, 1 open extra urgent; faults by kind"
