#!/usr/bin/env bash
# Alarms/s through the cluster to CONSOLES consoles, and the failover gap
# (issue 18). Three NATS servers (R3, file storage), leader a with its
# generator at RATE/s for COUNT alarms, standby b; half the consoles are
# linked to both nodes, half to b alone (the standby serves them). The
# anchor, in the same run: one center without NATS, the same generator, the
# same consoles. Rate = COUNT / (the last console's COUNT-th alarm - the
# first alarm anywhere). Then a is killed (-9): the gap is from the kill to
# the first alarm b's own generator emits as the new leader, on a console.
set -eu
CONSOLES=${1:-10} RATE=${2:-2000} COUNT=${3:-10000}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
t_of() { grep '"ev":"alarm"' "$T/$1.jsonl" | sed -n "${2}p" | sed -n 's/.*"t":\([0-9]*\).*/\1/p'; }
all_have() { # PREFIX N: every console PREFIX<i> shows N alarms
  for i in $(seq "$CONSOLES"); do [ "$(count "$T/$1$i.jsonl" '"ev":"alarm"')" -ge "$2" ] || return 1; done
}
# rate PREFIX: alarms/s from the first alarm on any console to the last
# console's COUNT-th.
rate() {
  local first=99999999999999 last=0 t i
  for i in $(seq "$CONSOLES"); do
    t=$(t_of "$1$i" 1); [ "$t" -lt "$first" ] && first=$t
    t=$(t_of "$1$i" "$COUNT"); [ "$t" -gt "$last" ] && last=$t
  done
  awk -v n="$COUNT" -v ms=$((last - first)) 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }'
}

# The anchor: one center, no NATS.
start_center s --rate "$RATE" --count "$COUNT" --start-after "$CONSOLES" --seed 7
for i in $(seq "$CONSOLES"); do start_console "s$i" "ws://127.0.0.1:$s_PORT" op1 Guard7desk; done
poll 300 all_have s "$COUNT" || die "the single center's consoles did not get $COUNT alarms"
single=$(rate s)
kill "$s_PID"
for i in $(seq "$CONSOLES"); do send "s$i" quit; done

start_nats 3
B_LISTEN=127.0.0.1:$("$ROOT/build/tools/tarpit" --free)
# (a counts the consoles linked to it: the odd ones)
start_center a --nats "$NATS" --node a --rate "$RATE" --count "$COUNT" --start-after $(((CONSOLES + 1) / 2)) --seed 7
start_center b --nats "$NATS" --node b --rate 10 --count 10 --seed 8 --listen "$B_LISTEN"
for i in $(seq "$CONSOLES"); do
  url="ws://127.0.0.1:$b_PORT"
  [ $((i % 2)) = 1 ] && url="ws://127.0.0.1:$a_PORT,$url"
  start_console "c$i" "$url" op1 Guard7desk
done
poll 300 all_have c "$COUNT" || die "the cluster's consoles did not get $COUNT alarms"
cluster=$(rate c)
head=$(sqlite3 "$T/a.db" "select max(seq) from stream")
killed=$(date +%s%3N)
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null || true
poll 120 all_have c $((COUNT + 1)) || die "no alarm from the new leader on every console"
# The first alarm after the kill on any console (ids are epoch-seq: seq > head).
first_new() {
  local best=99999999999999 i t
  for i in $(seq "$CONSOLES"); do
    t=$(grep '"ev":"alarm"' "$T/c$i.jsonl" | awk -F'"id":"' -v h="$head" '{ split($2, p, "\""); n = split(p[1], q, "-"); if (q[n] + 0 > h) print }' |
      head -1 | sed -n 's/.*"t":\([0-9]*\).*/\1/p')
    [ -n "$t" ] && [ "$t" -lt "$best" ] && best=$t
  done
  echo "$best"
}
gap=$(($(first_new) - killed))
echo "cluster: $COUNT alarms at $RATE/s to $CONSOLES consoles: one center $single/s, the cluster $cluster/s; the leader killed: the first alarm of the new leader on a console ${gap} ms later"
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "yes" : "no") }'; }
ratio=$(awk -v c="$cluster" -v s="$single" 'BEGIN { printf "%.3f", (s > 0 ? c / s : 0) }')
echo "BENCH cluster_alarms_per_s_${CONSOLES}_consoles value=$cluster unit=alarms/s anchor=$single ratio=$ratio target=0.5 met=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5 ? "yes" : "no") }')"
echo "BENCH cluster_failover_gap value=$gap unit=ms anchor=- ratio=- target=10000 met=$(met "$gap" 10000)"
