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

cleanup() {
  [ -n "${KEEP:-}" ] && { echo "kept $T" >&2; for p in "${PIDS[@]}"; do kill -9 "$p"; done; return; }
  exec 2>/dev/null
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
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
  "$CENTER" --state "$T/$name.db" --accounts "$T/accounts" --data "$ROOT/data/demo" \
    --heartbeat 500 --listen "$listen" "$@" >"$T/$name.out" 2>>"$T/$name.log" &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    grep -q '^listening on' "$T/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$T/$name.log" >&2; die "center $name exited"; }
    sleep 0.05
  done
  local port
  port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$T/$name.out" | tail -1)
  [ -n "$port" ] || die "center $name did not report its port"
  printf -v "${name}_PID" '%s' "$pid"
  printf -v "${name}_PORT" '%s' "$port"
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

# wait_for FILE REGEX [SECONDS]
wait_for() {
  local file=$1 re=$2 secs=${3:-10} i
  for ((i = 0; i < secs * 20; i++)); do
    grep -qE "$re" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "--- $file (tail)" >&2; tail -5 "$file" >&2
  die "timed out after ${secs}s waiting for /$re/ in $(basename "$file")"
}

count() { grep -cE "$2" "$1" 2>/dev/null || true; }
