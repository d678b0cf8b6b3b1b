#!/usr/bin/env bash
# The switch-over drill (GA 1383: redundant receiving, failover tested at
# least every 30 days; issue 18). Leader a and standby b on one NATS
# server, console x linked to both. SIGUSR1 to the leader hands the lead
# over: b takes the lease at once, records the switch-over in AD_META and
# tells every console; a stands by. The drill back the other way, then one
# with no standby: the leader leads again and says it did not switch. A
# leader whose last switch-over is 31 days old reminds every console. The
# leader tells every console when the standby goes (killed, or stopped)
# and comes back.
. "$(dirname "$0")/lib.sh"

KV="$ROOT/build/tools/natskv"
add_user op1 operator Guard7desk
start_nats 1
A_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
start_center a --nats "$NATS" --node a --listen "$A_LISTEN"
start_center b --nats "$NATS" --node b --listen "$B_LISTEN"
grep -q "node 'b' stands by" "$T/b.log" || die "b does not stand by: $(tail -2 "$T/b.log")"
start_console x "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced x 20
# The leader's first look: no record yet, so the days count from now.
poll 10 "$KV" "$NATS" get AD_META failover >/dev/null 2>&1 || die "a made no switch-over record"
"$KV" "$NATS" get AD_META failover | grep -q '"to":"a","how":"first"' ||
  die "the first record: $("$KV" "$NATS" get AD_META failover)"

# The standby dies: every console is told the center has no hot standby;
# started again, that it has one.
kill -9 "$b_PID"; wait "$b_PID" 2>/dev/null
wait_for "$T/x.jsonl" '"ev":"notice".*备用节点 b 离线（无音讯），现有热备节点 0 个：主节点故障时无人接替' 30
start_center b --nats "$NATS" --node b --listen "$B_LISTEN"
wait_for "$T/x.jsonl" '"ev":"notice".*备用节点 b 上线，现有热备节点 1 个' 15
note "the standby killed: consoles told there is no hot standby; started again: told there is one"

# A follower has nothing to hand over.
kill -USR1 "$b_PID"
wait_for "$T/b.log" "SIGUSR1: this node does not lead: nothing to hand over" 5

# The drill: a hands over, b takes the lease at once and leads.
kill -USR1 "$a_PID"
wait_for "$T/a.log" "node 'a' hands over the lead" 5
wait_for "$T/b.log" "node 'b' took the lease" 10
wait_for "$T/b.log" "cluster: node 'b' leads" 10
wait_for "$T/a.log" "node 'a' stands by \\(it handed over the lead" 10
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换演练：节点 a 交出主节点，节点 b 接替' 15
rec=$("$KV" "$NATS" get AD_META failover)
grep -q '"from":"a","to":"b","how":"handover"' <<<"$rec" || die "the record of the drill: $rec"
! "$KV" "$NATS" get AD_META handover >/dev/null 2>&1 || die "the handover mark was left in AD_META"
note "SIGUSR1 to leader a: b leads, the switch-over recorded ($rec) and told"

# And back: b hands over to a, which waited out its hold-off.
kill -USR1 "$b_PID"
wait_for "$T/a.log" "node 'a' took the lease" 20
wait_for "$T/x.jsonl" '"ev":"notice".*节点 b 交出主节点，节点 a 接替' 15
"$KV" "$NATS" get AD_META failover | grep -q '"from":"b","to":"a","how":"handover"' ||
  die "the record of the drill back: $("$KV" "$NATS" get AD_META failover)"
wait_for "$T/b.log" "node 'b' stands by \\(it handed over the lead" 10
note "and back: a leads again"

# No standby: a hands over, nobody takes the lease, a leads again and says so.
# (a's second term as leader: it knows b stands by)
poll 10 more_than "$T/a.log" 'cluster: the other nodes: b \(standby\)' 1 || die "a, leading again, does not know b: $(grep 'other nodes' "$T/a.log")"
kill -TERM "$b_PID"; wait "$b_PID" 2>/dev/null
wait_for "$T/x.jsonl" '"ev":"notice".*备用节点 b 离线（已停止），现有热备节点 0 个' 10
kill -USR1 "$a_PID"
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换演练未切换：10 秒内没有备用节点接替，节点 a 继续为主节点' 30
"$KV" "$NATS" get AD_META failover | grep -q '"from":"b","to":"a","how":"handover"' ||
  die "a drill that did not switch changed the record: $("$KV" "$NATS" get AD_META failover)"
# Leading with no standby: said once the standbys had time to show.
wait_for "$T/x.jsonl" '"ev":"notice".*集群没有热备节点：主节点 a 故障时无人接替' 30
note "no standby: a leads again after its hold-off, the record unchanged; consoles told the center has no hot standby"

# Overdue: the last switch-over 31 days ago; the leader, started again, reminds.
kill -TERM "$a_PID"; wait "$a_PID" 2>/dev/null
old=$(($(date +%s%3N) - 31 * 86400000))
"$KV" "$NATS" put AD_META failover "{\"at\":$old,\"from\":\"b\",\"to\":\"a\",\"how\":\"handover\"}" ||
  die "could not write the old record"
start_center a --nats "$NATS" --node a --listen "$A_LISTEN"
wait_for "$T/a.log" "cluster: node 'a' leads" 10
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换已 31 天未演练（GA 1383：至少每 30 天一次）' 20
note "31 days since the last switch-over: every console reminded"

# A record that is not one (written by hand): said, and the days count anew.
kill -TERM "$a_PID"; wait "$a_PID" 2>/dev/null
"$KV" "$NATS" put AD_META failover 'last tuesday' || die "could not write the bad record"
start_center a --nats "$NATS" --node a --listen "$A_LISTEN"
wait_for "$T/a.log" "AD_META failover is not a switch-over record: the drill's days are counted from now" 10
first_again() { "$KV" "$NATS" get AD_META failover 2>/dev/null | grep -q '"to":"a","how":"first"'; }
poll 10 first_again || die "no new record after a bad one: $("$KV" "$NATS" get AD_META failover)"
note "a bad record: said in the log, the days counted from now"
