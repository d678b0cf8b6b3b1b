#!/usr/bin/env bash
# Two center nodes on a NATS JetStream cluster of three servers (issue 18,
# first step: the stream of record). Node a leads (its generator emits 3 000
# alarms), node b follows with its own state file. Console x is linked to b
# alone, console y to both nodes as links of one center. During the run one
# NATS server and the follower are killed (-9) and started again, then the
# leader too (it takes its lease back). Each console has every alarm exactly
# once, at the same seqs; both state files hold the same stream; a second
# leader is refused while a's lease lives; a claim sent to the follower is
# applied once by the leader, and another operator's claim of the same
# alarm is refused.
. "$(dirname "$0")/lib.sh"

N=3000
add_user op1 operator Guard7desk
add_user op2 operator Night7desk
start_nats 3
start_center a --nats "$NATS" --node a --rate 400 --count "$N" --start-after 1 --seed 18
start_center b --nats "$NATS" --node b --nats-follow
grep -q "cluster: node 'a' leads, epoch" "$T/a.log" || die "a does not lead: $(cat "$T/a.log")"
grep -q "cluster: node 'b' follows" "$T/b.log" || die "b does not follow: $(cat "$T/b.log")"
epoch() { sed -n 's/.* epoch \([0-9a-f]*\) head.*/\1/p' "$T/$1.out" | tail -1; }
[ "$(epoch a)" = "$(epoch b)" ] || die "the nodes' epochs differ: $(epoch a) $(epoch b)"

start_console x "ws://127.0.0.1:$b_PORT" op1 Guard7desk
start_console y "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op2 Night7desk
poll 30 more_than "$T/x.jsonl" '"ev":"alarm"' 299 || die "x got no alarms from the follower"

# A NATS server dies and comes back; then the follower.
kill -9 "$NATS_2_PID"; wait "$NATS_2_PID" 2>/dev/null
poll 40 more_than "$T/x.jsonl" '"ev":"alarm"' 900 || die "x stalled after a NATS server died"
restart_nats 2
kill -9 "$b_PID"; wait "$b_PID" 2>/dev/null
start_center b --nats "$NATS" --node b --nats-follow --listen "127.0.0.1:$b_PORT"
wait_count "$T/x.jsonl" '"ev":"alarm"' "$N" 60
wait_count "$T/y.jsonl" '"ev":"alarm"' "$N" 60

# The leader dies and is started again: it takes its own lease back.
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null
start_center a --nats "$NATS" --node a --listen "127.0.0.1:$a_PORT"
[ "$(count "$T/a.log" "cluster: node 'a' leads")" = 2 ] || die "a did not lead again: $(tail -3 "$T/a.log")"
# A second would-be leader (a copy of b's file, at the stream's head) is
# refused while a's lease lives; so is a node whose file is behind.
head_of() { sqlite3 "$T/$1.db" "select max(seq) from stream"; }
caught_up() { [ "$(head_of b)" = "$(head_of a)" ]; }
poll 30 caught_up || die "b did not catch up with a: a $(head_of a), b $(head_of b)"
sqlite3 "$T/b.db" ".backup '$T/c.db'"
"$CENTER" --state "$T/c.db" --accounts "$T/accounts" --data "$ROOT/data/demo" --listen 127.0.0.1:0 \
  --nats "$NATS" --node c >"$T/c.out" 2>"$T/c.log" && die "a second leader started"
grep -q "node 'a' leads the cluster" "$T/c.log" || die "the second leader was not refused by name: $(cat "$T/c.log")"
"$CENTER" --state "$T/d.db" --accounts "$T/accounts" --data "$ROOT/data/demo" --listen 127.0.0.1:0 \
  --nats "$NATS" --node d >"$T/d.out" 2>"$T/d.log" && die "a leader with an empty file started"
grep -q "this state file at 0: a leader starts from the stream's head" "$T/d.log" ||
  die "a leader behind the stream was not refused: $(cat "$T/d.log")"

# Every alarm once on both consoles (a link resuming from a node's head
# below the console's own gets frames it has: kept once); the same stream
# on both nodes.
for c in x y; do
  grep '"ev":"alarm"' "$T/$c.jsonl" | sed -n 's/.*"seq":\([0-9]*\),"id":"\([^"]*\)".*/\1 \2/p' | sort -n >"$T/$c.seqs"
  cut -d' ' -f2 "$T/$c.seqs" | sort | uniq -d >"$T/$c.dups"
  [ ! -s "$T/$c.dups" ] || die "console $c shows alarms twice: $(head -3 "$T/$c.dups")"
done
[ "$(wc -l <"$T/x.seqs")" = "$N" ] || die "x: $(wc -l <"$T/x.seqs") alarms with their seq, expected $N"
cmp "$T/x.seqs" "$T/y.seqs" || die "the consoles saw alarms at different seqs"
poll 30 caught_up || die "heads differ: a $(head_of a), b $(head_of b)"
cmp <(sqlite3 "$T/a.db" "select seq, frame from stream order by seq") \
    <(sqlite3 "$T/b.db" "select seq, frame from stream order by seq") || die "the nodes' streams differ"

# Ops through the follower reach the leader and take effect once: op1
# claims through b (x), op2 is refused the same alarm (y).
id=$(grep -m1 '"ev":"alarm"' "$T/x.jsonl" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
op x "claim $id"
ack_of x "$OP_ID" 20
[ "$ACK_CODE" = 0 ] || die "a claim through the follower got $ACK_CODE: $(grep "$OP_ID" "$T/x.jsonl" | tail -1)"
refused y "claim $id" '"code":3002'
grep -c "op x-[0-9a-f]*-[0-9]* claim $id by op1 at x: 0 ok" "$T/a.log" | grep -qx 1 ||
  die "the leader did not apply x's claim once: $(grep "claim $id" "$T/a.log")"
note "$N alarms through 3 NATS servers and 2 nodes, a server, the follower and the leader killed: each console has each once; streams identical ($(head_of a) frames)"
