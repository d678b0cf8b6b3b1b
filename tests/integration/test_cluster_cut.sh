#!/usr/bin/env bash
# A node that loses the cluster (issue 18): one NATS server, leader a,
# follower b, console x linked to b alone. The NATS server is killed (-9):
# b says to x that it lost the cluster and serves no console (what it has
# may be stale), and refuses x's new hellos so; a, which can no longer
# renew its lease, exits with status 75. The server comes back: b serves
# consoles again, x syncs there.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_nats 1
start_center a --nats "$NATS" --node a --rate 100 --count 50 --seed 3
start_center b --nats "$NATS" --node b --nats-follow
head_of() { sqlite3 "$T/$1.db" "select max(seq) from stream"; }
has_all() { [ "$(head_of b)" = "$(head_of a)" ] && [ "$(head_of a)" -ge 50 ]; }
poll 30 has_all || die "b did not mirror a's 50 alarms: a $(head_of a), b $(head_of b)"
start_console x "ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced x 20
[ "$(count "$T/x.jsonl" '"ev":"alarm"')" = 50 ] || die "x has $(count "$T/x.jsonl" '"ev":"alarm"') alarms from b"

killed=$SECONDS
kill -9 "$NATS_1_PID"; wait "$NATS_1_PID" 2>/dev/null
wait_for "$T/b.log" "no connection to NATS for 5 s: this node serves no console" 20
wait_for "$T/x.jsonl" "lost the cluster" 10
cut_after=$((SECONDS - killed))
# x tries again and is refused while b is cut off: told so once more.
poll 20 more_than "$T/x.jsonl" '"ev":"problem".*lost the cluster' 1 || die "x's new hello was not refused"
grep -q '"state":4,"text":"closed by the center (1001 this node lost the cluster)' "$T/x.jsonl" ||
  die "x's link does not say why it was closed: $(grep '"ev":"link"' "$T/x.jsonl" | tail -2)"
# The leader cannot renew its lease: it stops (75) rather than act alone.
wait "$a_PID"; rc=$?
[ "$rc" = 75 ] || die "a exited $rc, expected 75: $(tail -3 "$T/a.log")"
grep -q "the lease could not be renewed\|exits so as not to act on stale state" "$T/a.log" ||
  die "a did not say why it stopped: $(tail -3 "$T/a.log")"

synced_before=$(count "$T/x.jsonl" '"ev":"synced"')
restart_nats 1
wait_for "$T/b.log" "connected to NATS again: consoles are served" 30
poll 30 more_than "$T/x.jsonl" '"ev":"synced"' "$synced_before" || die "x did not sync on b again"
note "NATS killed: b told its console after ${cut_after} s and refused it until NATS was back; a stopped with 75"
