#!/usr/bin/env bash
# A leader that hangs (SIGSTOP) is taken for dead: standby b sees its lease
# unrenewed and nobody answering (timeouts, not "no responders": the process
# holds its connection), takes the lease over and leads. Let run again
# (SIGCONT), the old leader learns it was deposed and exits 75; what it
# could not write is never shown: console x, linked to both, has each alarm
# once. Then b is killed (-9) and a, standing by again, takes over
# (issue 18).
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_nats 1
A_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
start_center a --nats "$NATS" --node a --rate 20 --count 100000 --seed 5 --listen "$A_LISTEN"
start_center b --nats "$NATS" --node b --listen "$B_LISTEN"
start_console x "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op1 Guard7desk
poll 20 more_than "$T/x.jsonl" '"ev":"alarm"' 19 || die "x got no 20 alarms from a"

kill -STOP "$a_PID"
wait_for "$T/b.log" "node 'a' did not renew its lease for [0-9]+ s and does not answer \\(Timeout\\): node 'b' takes the lease over" 30
wait_for "$T/b.log" "cluster: node 'b' leads" 15
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换：主节点 a 无响应，节点 b 接替' 15
kill -CONT "$a_PID"
gone() { ! kill -0 "$a_PID" 2>/dev/null; }
poll 30 gone || die "a, deposed while stopped, did not exit: $(tail -3 "$T/a.log")"
wait "$a_PID" 2>/dev/null; rc=$?
[ "$rc" = 75 ] || die "a exited $rc, not 75: $(tail -3 "$T/a.log")"
grep -qE "this node stops leading and exits|it exits so as not to act on stale state" "$T/a.log" ||
  die "a did not say why it exits: $(tail -3 "$T/a.log")"
n=$(count "$T/x.jsonl" '"ev":"alarm"')
u=$(grep '"ev":"alarm"' "$T/x.jsonl" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sort -u | wc -l)
[ "$n" = "$u" ] || die "x shows $n alarms, $u of them different"
# a, started again, stands by; b killed (-9): its connection closes at once,
# so a finds nobody answering ("no responders") and takes over.
start_center a --nats "$NATS" --node a --listen "$A_LISTEN"
wait_for "$T/a.log" "node 'a' stands by" 10
# (b knows a stands by: found at its first look, or told as it came)
b_knows_a() { grep -q "the other nodes: .*a (standby)" "$T/b.log" || grep -q '"ev":"notice".*备用节点 a 上线' "$T/x.jsonl"; }
poll 20 b_knows_a || die "b does not know that a stands by: $(grep 'other nodes' "$T/b.log")"
kill -9 "$b_PID"; wait "$b_PID" 2>/dev/null
wait_for "$T/a.log" "node 'b' did not renew its lease for [0-9]+ s and does not answer \(No responders available for request\): node 'a' takes the lease over" 30
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换：主节点 b 无响应，节点 a 接替' 15
note "a stopped: b took over ($(grep -o 'did not renew its lease for [0-9]* s' "$T/b.log")); a let run again exited 75: $(grep -oE 'cluster: [^:]*: this node stops leading and exits|it exits so as not' "$T/a.log" | head -1); x has $n alarms, each once; then b killed: a took over from nobody answering"
