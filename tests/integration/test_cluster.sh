#!/usr/bin/env bash
# Two center nodes on a NATS JetStream cluster of three servers (issue 18).
# Node a leads (its generator emits 20 000 alarms at 1 000/s); node b stands by with
# its own state file, mirroring the stream and the state it adds up to.
# Consoles x and y are linked to both nodes as links of one center (x's
# ops go through b while b is up, y's through a). During the run one NATS server and b are killed (-9) and started
# again; each console has every alarm exactly once, and
# both files hold the same stream and the same open alarms. A console new
# to the center gets its snapshot from b. 1 000 claim races between the
# two consoles through different nodes have one winner each. A claim sent to b is applied once
# by a, another operator's claim of the same alarm refused; a note applied
# by a and sent again to b after the takeover is answered, not applied
# twice. Then a is killed: b takes over once a's lease is not renewed and a does not answer (the failover gap is printed),
# starts again as the leader with its own generator (1 000 more alarms),
# and a, started again, stands by and catches up.
. "$(dirname "$0")/lib.sh"

N=${CLUSTER_ALARMS:-20000} M=1000 RACES=1000
add_user op1 operator Guard7desk
add_user op2 operator Night7desk
start_nats 3
# b's port is fixed: a node that takes over starts again on it.
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
start_center a --nats "$NATS" --node a --rate 1000 --count "$N" --start-after 1 --seed 18
start_center b --nats "$NATS" --node b --rate 400 --count "$M" --seed 19 --listen "$B_LISTEN"
grep -q "cluster: node 'a' leads, epoch" "$T/a.log" || die "a does not lead: $(cat "$T/a.log")"
grep -q "cluster: node 'b' follows, standing by" "$T/b.log" || die "b does not stand by: $(cat "$T/b.log")"
epoch() { sed -n 's/.* epoch \([0-9a-f]*\) head.*/\1/p' "$T/$1.out" | tail -1; }
[ "$(epoch a)" = "$(epoch b)" ] || die "the nodes' epochs differ: $(epoch a) $(epoch b)"

start_console x "ws://127.0.0.1:$b_PORT,ws://127.0.0.1:$a_PORT" op1 Guard7desk
start_console y "ws://127.0.0.1:$a_PORT,ws://127.0.0.1:$b_PORT" op2 Night7desk

# Claim races during the run: both operators claim each of the first
# RACES alarms at once, op1 through b (x), op2 through a (y).
ids_of() { grep '"ev":"alarm"' "$T/$1.jsonl" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'; }
poll 60 more_than "$T/x.jsonl" '"ev":"alarm"' "$RACES" || die "x got no alarms from the standby"
poll 60 more_than "$T/y.jsonl" '"ev":"alarm"' "$RACES" || die "y got no alarms"
ids_of x | head -"$RACES" >"$T/races"
# In rounds of 200 (a console keeps at most 256 ops unanswered).
# (A console linked to two nodes may hear an answer twice: counted once.)
acks() { grep '"ev":"op_ack"' "$T/$1.jsonl" | grep -v '"text":"anchored"' | grep -E "${2:-.}" |
  sed -n 's/.*"op_id":"\([^"]*\)".*/\1/p' | sort -u; }
answers() { acks "$1" | wc -l; }
answered() { [ "$(answers "$1")" -ge "$2" ]; }
race_round() { # FROM: the races FROM+1 … FROM+200, answered on both consoles
  sed -n "$(($1 + 1)),$(($1 + 200))p" "$T/races" | while read -r id; do
    send x "claim $id"; send y "claim $id"
  done
}

# A NATS server dies and comes back; then the standby.
kill -9 "$NATS_2_PID"; wait "$NATS_2_PID" 2>/dev/null
race_round 0
poll 60 more_than "$T/x.jsonl" '"ev":"alarm"' $((N / 3)) || die "x stalled after a NATS server died"
restart_nats 2
synced=$(count "$T/x.jsonl" '"ev":"synced"')
kill -9 "$b_PID"; wait "$b_PID" 2>/dev/null
start_center b --nats "$NATS" --node b --rate 400 --count "$M" --seed 19 --listen "$B_LISTEN"
# x's link to b synced again before the next rounds, so that op1's claims
# go through b (on a loaded machine b's start and x's retry take a while).
poll 60 more_than "$T/x.jsonl" '"ev":"synced"' "$synced" || die "x's link to b did not sync again"
wait_count "$T/x.jsonl" '"ev":"alarm"' "$N" 120
wait_count "$T/y.jsonl" '"ev":"alarm"' "$N" 120
# Each race has one winner: the leader applied one claim of each alarm
# (ok) and refused the other (3002, held by the winner); each console has
# an answer to each of its claims.
for from in $(seq 0 200 $((RACES - 1))); do
  [ "$from" = 0 ] || race_round "$from"
  for c in x y; do
    poll 60 answered "$c" $((from + 200)) || die "$c: $(answers "$c") answers of $((from + 200)) claims"
  done
done
sed -n 's/.* op [^ ]* claim \([^ ]*\) by [^ ]* at [^ ]*: \([0-9]*\) .*/\1 \2/p' "$T/a.log" | sort -u >"$T/claims"
winners() { awk '$2 == 0' "$T/claims" | cut -d' ' -f1 | sort | uniq -c | awk '$1 == 1' | wc -l; }
[ "$(winners)" = "$RACES" ] || die "$(winners) of $RACES races have one winner: $(awk '$2 == 0' "$T/claims" | cut -d' ' -f1 | sort | uniq -d | head -3)"
[ "$(awk '$2 == 3002' "$T/claims" | wc -l)" = "$RACES" ] || die "$(awk '$2 == 3002' "$T/claims" | wc -l) claims refused, expected $RACES"
# Through different nodes: a race where x's claim was handed over by b and
# y's came to a itself (a console sends its ops on its first synced link:
# while one of a node's links is not synced, both may go the same way).
routes() { # CONSOLE OPERATOR: "id via" of its claims (via: b, or a itself)
  grep "claim .* by $2 at $1: [0-9]* " "$T/a.log" |
    sed -n 's/.* claim \([^ ]*\) by .*(through node \([a-z]*\))$/\1 \2/p; s/.* claim \([^ ]*\) by [^(]*$/\1 a/p' | sort -u
}
apart=$(join <(routes x op1) <(routes y op2) | awk '$2 != $3' | wc -l)
[ "$apart" -ge 200 ] || die "only $apart races went through different nodes"
won() { acks "$1" '"code":0,' | wc -l; }
[ $(($(won x) + $(won y))) = "$RACES" ] || die "the consoles were told of $(won x) + $(won y) won claims, expected $RACES"

head_of() { sqlite3 "$T/$1.db" "select max(seq) from stream"; }
caught_up() { [ "$(head_of b)" = "$(head_of a)" ]; }
poll 30 caught_up || die "b did not catch up with a: a $(head_of a), b $(head_of b)"
# The standby keeps the open alarms the stream adds up to: a console new
# to the center gets every one in its snapshot from b.
open_of() { sqlite3 "$T/$1.db" "select id, frame from alarms order by id"; }
cmp <(open_of a) <(open_of b) || die "the nodes' open alarms differ: a $(open_of a | wc -l), b $(open_of b | wc -l)"
start_console z "ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced z 20
[ "$(count "$T/z.jsonl" '"ev":"alarm"')" = "$N" ] ||
  die "z's snapshot from the standby has $(count "$T/z.jsonl" '"ev":"alarm"') alarms, expected $N"
grep -q "console 'z' .* snapshot from seq" "$T/b.log" || die "b gave z no snapshot: $(grep "'z'" "$T/b.log")"

# Ops through the standby reach the leader and take effect once: op1
# claims through b (x), op2 is refused the same alarm (y).
id=$(ids_of x | sed -n "$((RACES + 1))p")
op x "claim $id"
ack_of x "$OP_ID" 20
[ "$ACK_CODE" = 0 ] || die "a claim through the standby got $ACK_CODE: $(grep "$OP_ID" "$T/x.jsonl" | tail -1)"
refused y "claim $id" '"code":3002'
grep -c "op x-[0-9a-f]*-[0-9]* claim $id by op1 at x: 0 ok" "$T/a.log" | grep -qx 1 ||
  die "the leader did not apply x's claim once: $(grep "claim $id" "$T/a.log")"
poll 30 caught_up || die "b did not catch up with the claim: a $(head_of a), b $(head_of b)"
cmp <(open_of a) <(open_of b) || die "the nodes' open alarms differ after the claim"

# An op the leader applied, sent again with its op_id after the takeover,
# is answered by the new leader, not applied twice (the update carries
# the op_id into b's file). wsprobe is console w, on plain sockets.
PROBE="$ROOT/build/tools/wsprobe"
note_op() { # PORT: hello as console w, the note w-1, its op_ack
  "$PROBE" 127.0.0.1 "$1" \
    '{"type":"hello","version":1,"id":"hello","console":"w","operator":"op1","password":"Guard7desk","role":"operator"}' \
    '@wait:"type":"synced"' "{\"type\":\"op\",\"op_id\":\"w-1\",\"action\":\"note\",\"alarm_id\":\"$id\",\"text\":\"门已锁好\"}" \
    '@wait:"type":"op_ack"' '@close:1000' | grep -o '{"type":"op_ack".*'
}
ack=$(note_op "$a_PORT")
grep -q '"op_id":"w-1","code":0' <<<"$ack" || die "the note through a: $ack"
noted() { sqlite3 "$T/$1.db" "select count(*) from stream where frame like '%\"op_id\":\"w-1\"%'"; }
poll 30 caught_up || die "b did not catch up with the note"
[ "$(noted b)" = 1 ] || die "b's stream has the note $(noted b) times"

# The leader dies: b sees its lease not renewed and nobody answering for
# it, takes the lease over (before it lapses; or, still catching up with
# the stream on a loaded machine, once it lapsed) and starts again as the
# leader; its generator emits M more. Every console is told.
killed_ms=$(date +%s%3N)
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null
wait_for "$T/b.log" "node 'b' took the lease" 60
took_ms=$(date +%s%3N)
wait_for "$T/x.jsonl" '"ev":"notice".*主备切换：主节点 a (无响应|已停止或租约过期)，节点 b 接替' 30
wait_for "$T/b.log" "cluster: node 'b' leads, epoch" 20
wait_count "$T/x.jsonl" '"ev":"alarm"' $((N + M)) 90
wait_count "$T/y.jsonl" '"ev":"alarm"' $((N + M)) 90
ack=$(note_op "$b_PORT")
grep -q '"op_id":"w-1","code":0' <<<"$ack" || die "the note sent again to b: $ack"
[ "$(noted b)" = 1 ] || die "the note sent again was applied again: $(noted b) in b's stream"
! grep -q "op w-1 note" "$T/b.log" || die "b applied w-1 again: $(grep "op w-1" "$T/b.log")"
# a, started again, stands by behind b and catches up.
start_center a --nats "$NATS" --node a --rate 400 --count "$N" --start-after 1 --seed 18
grep -q "cluster: node 'a' follows, standing by" "$T/a.log" || die "a does not stand by: $(tail -3 "$T/a.log")"
poll 30 caught_up || die "a did not catch up with b: a $(head_of a), b $(head_of b)"

# Every alarm once on both consoles (a link resuming from a node's head
# below the console's own gets frames it has: kept once); the same stream
# and open alarms on both nodes.
# (An alarm's id is the epoch and the seq it was emitted at; those of a
# snapshot come without a seq of their own.)
for c in x y; do
  grep '"ev":"alarm"' "$T/$c.jsonl" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sort >"$T/$c.ids"
  uniq -d "$T/$c.ids" >"$T/$c.dups"
  [ ! -s "$T/$c.dups" ] || die "console $c shows alarms twice: $(head -3 "$T/$c.dups")"
done
[ "$(wc -l <"$T/x.ids")" = $((N + M)) ] || die "x: $(wc -l <"$T/x.ids") alarms, expected $((N + M))"
cmp "$T/x.ids" "$T/y.ids" || die "the consoles saw different alarms"
cmp <(sqlite3 "$T/a.db" "select seq, frame from stream order by seq") \
    <(sqlite3 "$T/b.db" "select seq, frame from stream order by seq") || die "the nodes' streams differ"
cmp <(open_of a) <(open_of b) || die "the nodes' open alarms differ at the end"
note "$((N + M)) alarms through 3 NATS servers and 2 nodes, a server, the standby and the leader killed: each console has each once; streams and open alarms identical ($(head_of a) frames); $RACES claim races, one winner each ($(won x) won by op1, $(won y) by op2; $apart through different nodes); b took over $(((took_ms - killed_ms) / 100))00 ms after a died"
