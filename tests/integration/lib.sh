# Helpers for integration tests: a real alarmdesk-center on loopback, real
# consoles in --batch mode (JSON lines out, commands in through a FIFO).
# Every process started here is killed on exit.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CENTER="$ROOT/alarmdesk-center"
CONSOLE="$ROOT/alarmdesk"
export LANG=C.UTF-8
T=$(mktemp -d /tmp/ad-it-XXXXXX)
PIDS=()

# (|| true: a process already gone must not fail a script under set -e)
cleanup() {
  [ -n "${KEEP:-}" ] && { echo "kept $T" >&2; for p in "${PIDS[@]}"; do kill -9 "$p" || true; done; return; }
  exec 2>/dev/null
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT

die() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "  $*"; }

# add_user NAME ROLES PASSWORD
add_user() {
  printf '%s\n' "$3" | "$CENTER" user add "$1" --role "$2" -a "$T/accounts" >/dev/null ||
    die "user add $1"
}

# start_center NAME [ARGS...]: sets <NAME>_PID and <NAME>_PORT (port 0 unless
# --listen is given in ARGS).
start_center() {
  local name=$1; shift
  local listen=127.0.0.1:0
  for a in "$@"; do case $a in 127.0.0.1:*) listen=$a;; esac; done
  # Emptied first: a restarted center's old "listening" line must not be
  # read before the new process has truncated the file.
  : >"$T/$name.out"
  "$CENTER" --state "$T/$name.db" --accounts "$T/accounts" --data "$ROOT/data/demo" \
    --heartbeat 500 --listen "$listen" "$@" >"$T/$name.out" 2>>"$T/$name.log" &
  local pid=$!
  PIDS+=("$pid")
  listening() {
    kill -0 "$1" 2>/dev/null || { cat "$T/$2.log" >&2; die "center $2 exited"; }
    grep -q '^listening on' "$T/$2.out" 2>/dev/null
  }
  poll 10 listening "$pid" "$name" || die "center $name did not start listening in 10 s"
  local port
  port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$T/$name.out" | tail -1)
  [ -n "$port" ] || die "center $name did not report its port"
  printf -v "${name}_PID" '%s' "$pid"
  printf -v "${name}_PORT" '%s' "$port"
}

# start_nats N: N clustered nats-servers with JetStream (file storage in
# $T/nats<i>) on free loopback ports (N=1: one server, no cluster); sets
# NATS (their client URLs, comma-separated) and NATS_<i>_PID; returns once
# they elected a JetStream metadata leader. restart_nats I starts server I again on its ports.
start_nats() {
  command -v nats-server >/dev/null || die "nats-server is not installed (scripts/deps.sh test installs it)"
  local n=$1 i routes="" ports=" "
  # 2N free ports, all different (a port just freed may be handed out again).
  while [ "$(wc -w <<<"$ports")" -lt $((2 * n)) ]; do
    local p; p=$("$ROOT/build/tools/tarpit" --free)
    [[ $ports == *" $p "* ]] || ports="$ports$p "
  done
  set -- $ports
  for i in $(seq "$n"); do
    printf -v "NATS_${i}_PORT" '%s' "$1"
    printf -v "NATS_${i}_ROUTE" '%s' "$2"
    shift 2
  done
  NATS=""
  for i in $(seq "$n"); do
    local p="NATS_${i}_PORT" r="NATS_${i}_ROUTE" j
    routes="" # the others (a route to itself only races with theirs)
    for j in $(seq "$n"); do
      local rj="NATS_${j}_ROUTE"
      [ "$j" = "$i" ] || routes="$routes${routes:+, }nats-route://127.0.0.1:${!rj}"
    done
    cat >"$T/nats$i.conf" <<CONF
server_name: n$i
listen: 127.0.0.1:${!p}
jetstream { store_dir: "$T/nats$i" }
CONF
    # One server is no cluster: JetStream refuses a cluster block with no routes.
    [ "$n" = 1 ] || echo "cluster { name: ad, listen: 127.0.0.1:${!r}, routes: [$routes] }" >>"$T/nats$i.conf"
    NATS="$NATS${NATS:+,}nats://127.0.0.1:${!p}"
    restart_nats "$i"
  done
  # A metadata leader is elected; a server still joining is waited for by
  # the centers themselves (they retry the stream for 30 s).
  [ "$n" = 1 ] && return 0
  leader_elected() { cat "$T"/nats*.log | grep -qE 'JetStream cluster new metadata leader|Self is new JetStream cluster metadata leader'; }
  poll 20 leader_elected || die "the NATS servers elected no JetStream leader in 20 s: $(tail -2 "$T/nats1.log")"
}
restart_nats() {
  local ready
  : >>"$T/nats$1.log"
  ready=$(count "$T/nats$1.log" 'Server is ready')
  nats-server -c "$T/nats$1.conf" >>"$T/nats$1.log" 2>&1 &
  PIDS+=("$!")
  printf -v "NATS_${1}_PID" '%s' "$!"
  poll 10 more_than "$T/nats$1.log" 'Server is ready' "$ready" ||
    die "nats-server $1 did not start: $(tail -3 "$T/nats$1.log")"
}

# start_console NAME URL OPERATOR PASSWORD [ARGS...]: output in $T/NAME.jsonl,
# commands with `send NAME CMD`.
start_console() {
  local name=$1 url=$2 op=$3 pw=$4; shift 4
  mkfifo "$T/$name.in"
  ALARMDESK_PASSWORD=$pw "$CONSOLE" --batch --center "$url" --operator "$op" \
    --console-id "$name" --journal "$T/$name.journal" "$@" <"$T/$name.in" >"$T/$name.jsonl" 2>"$T/$name.err" &
  PIDS+=("$!")
  printf -v "${name}_PID" '%s' "$!"
  exec {fd}>"$T/$name.in"
  printf -v "${name}_FD" '%s' "$fd"
}

send() {
  local fdvar="${1}_FD"
  printf '%s\n' "$2" >&"${!fdvar}"
}

# poll SECONDS CMD...: runs CMD every 50 ms until it succeeds (then 0) or
# SECONDS have passed (then 1). The one place the tests wait; what they wait
# for is always a condition.
poll() {
  local end=$((SECONDS + $1)); shift
  while ! "$@"; do [ "$SECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}

count() { grep -cE "$2" "$1" 2>/dev/null || true; }
more_than() { [ "$(count "$1" "$2")" -gt "$3" ]; }

# wait_for FILE REGEX [SECONDS]
wait_for() {
  poll "${3:-20}" grep -qE "$2" "$1" 2>/dev/null && return 0
  echo "--- $1 (tail)" >&2; tail -5 "$1" >&2
  die "timed out after ${3:-20}s waiting for /$2/ in $(basename "$1")"
}

# wait_count FILE REGEX N [SECONDS]: until exactly N lines match (fails if
# more do, or if N are not reached in time).
exactly() {
  local n; n=$(count "$1" "$2")
  [ "$n" -gt "$3" ] && die "$n lines match /$2/ in $(basename "$1"), expected $3"
  [ "$n" = "$3" ]
}
wait_count() {
  poll "${4:-20}" exactly "$1" "$2" "$3" ||
    die "timed out waiting for $3 lines matching /$2/ in $(basename "$1") (have $(count "$1" "$2"))"
}

# op NAME CMD: sends an op (or notice) command and waits for the console's
# reply; sets OP_ID to the op_id it was given (empty when refused) and
# OP_CODE to the reply's code.
op() {
  local f="$T/$1.jsonl" n
  n=$(count "$f" '"ev":"reply"')
  send "$1" "$2"
  poll 10 more_than "$f" '"ev":"reply"' "$n"
  local r
  r=$(grep '"ev":"reply"' "$f" | sed -n "$((n + 1))p")
  [ -n "$r" ] || die "no reply to '$2' from console $1"
  OP_CODE=$(sed -n 's/.*"code":\(-\{0,1\}[0-9]*\).*/\1/p' <<<"$r")
  OP_ID=$(sed -n 's/.*"op_id":"\([^"]*\)".*/\1/p' <<<"$r")
}

# ack_of NAME OP_ID [SECONDS]: waits for the op_ack of that op_id; sets
# ACK_CODE to its code.
ack_of() {
  wait_for "$T/$1.jsonl" "\"ev\":\"op_ack\".*\"op_id\":\"$2\"" "${3:-10}"
  ACK_CODE=$(grep "\"ev\":\"op_ack\".*\"op_id\":\"$2\"" "$T/$1.jsonl" | tail -1 |
    sed -n 's/.*"code":\(-\{0,1\}[0-9]*\).*/\1/p')
}

# refused NAME CMD REGEX: an op the console sends and the center refuses,
# its op_ack matching REGEX (the code and the words).
refused() {
  op "$1" "$2"
  [ "$OP_CODE" = 0 ] && [ -n "$OP_ID" ] || die "console $1 did not send '$2' (code $OP_CODE)"
  ack_of "$1" "$OP_ID"
  grep "\"op_id\":\"$OP_ID\"" "$T/$1.jsonl" | tail -1 | grep -qE -- "$3" ||
    die "'$2' from $1 was not refused as /$3/: $(grep "\"op_id\":\"$OP_ID\"" "$T/$1.jsonl" | tail -1)"
}

# act NAME CMD: an op that must be sent and accepted by the center.
act() {
  op "$1" "$2"
  [ "$OP_CODE" = 0 ] && [ -n "$OP_ID" ] || die "console $1 refused '$2' (code $OP_CODE)"
  ack_of "$1" "$OP_ID"
  [ "$ACK_CODE" = 0 ] || die "the center refused '$2' from $1: $(grep "\"op_id\":\"$OP_ID\"" "$T/$1.jsonl" | tail -1)"
}

# stats_say NAME REGEX: asks the console for its stats and checks the
# newest stats line against REGEX (use with poll).
stats_say() {
  send "$1" stats
  grep '"ev":"stats"' "$T/$1.jsonl" | tail -1 | grep -qE "$2"
}

# wait_synced NAME [SECONDS]: the console has caught up with its center.
wait_synced() { wait_for "$T/$1.jsonl" '"ev":"synced"' "${2:-10}"; }

# start_proxy NAME TARGET-PORT [EVERY PER_KIND SEED]: a faultproxy in front of
# a center (tests/tools/faultproxy.c); sets NAME_PORT, NAME_PID and NAME_FD
# (its control input: "go", a fault kind, "cutat N").
PROXY="$ROOT/build/tools/faultproxy"
start_proxy() {
  mkfifo "$T/$1.ctl"
  "$PROXY" 0 "${@:2}" <"$T/$1.ctl" >"$T/$1.out" &
  PIDS+=("$!"); printf -v "${1}_PID" '%s' "$!"
  exec {fd}>"$T/$1.ctl"; printf -v "${1}_FD" '%s' "$fd"
  poll 10 grep -q '^ready' "$T/$1.out" 2>/dev/null || die "proxy $1 did not start"
  printf -v "${1}_PORT" '%s' "$(awk '/^ready/ {print $2}' "$T/$1.out")"
}

