#!/usr/bin/env bash
# Center fan-out (issue 13): CONNS clients in one process
# (build/bench/ws_fan: each logs in and counts alarm frames) on a center
# whose generator emits N alarms at RATE/s once they are all synced. The
# center's CPU (user + system, /proc) from "all synced" to the last frame,
# per frame delivered to one client, against the anchor in the same run:
# the same clients on build/bench/bcast_anchor, a WebSocket broadcast
# server on plain blocking sockets that stores and encodes nothing, sending
# N frames of the center's size at the same rate. Every frame must reach
# every client; medians of RUNS interleaved runs.
set -eu
CONNS=${1:-100} RATE=${2:-1000} N=${3:-10000} RUNS=${4:-3}
. "$(dirname "$0")/../integration/lib.sh"
B=build/bench
add_user op1 operator Guard7desk
TCK=$(getconf CLK_TCK)
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; } # clock ticks
per_frame() { awk -v t="$1" -v tck="$TCK" -v n=$((N * CONNS)) 'BEGIN { printf "%.2f", t / tck * 1e6 / n }'; }
each() { awk -v s="$(awk '{print $6}' "$T/fan.out" | tail -1)" -v n="$N" 'BEGIN { printf "%.0f", (n - 1) / s }'; }

center_run() { # → "µs-per-frame frames/s-each"
  local fan c0 c1
  rm -f "$T"/c.db*
  start_center c --rate "$RATE" --count "$N" --start-after "$CONNS" --history $((N + 10)) \
    --max-open $((N + 10))
  $B/ws_fan "$c_PORT" op1 Guard7desk "$CONNS" "$N" >"$T/fan.out" 2>"$T/fan.err" &
  fan=$!
  wait_for "$T/fan.out" '^synced' 120
  c0=$(cpu_of "$c_PID")
  wait "$fan" || die "center: $(cat "$T/fan.err")"
  c1=$(cpu_of "$c_PID")
  kill "$c_PID"; wait "$c_PID" 2>/dev/null || true
  echo "$(per_frame $((c1 - c0))) $(each)"
}
anchor_run() {
  local a fan port
  : >"$T/anchor.out"
  $B/bcast_anchor 0 "$CONNS" "$N" "$RATE" "$BYTES" >"$T/anchor.out" &
  a=$!
  wait_for "$T/anchor.out" '^listening on' 10
  port=$(sed -n 's/^listening on //p' "$T/anchor.out")
  $B/ws_fan "$port" op1 x "$CONNS" "$N" >"$T/fan.out" 2>"$T/fan.err" || die "anchor: $(cat "$T/fan.err")"
  wait "$a" || die "the anchor failed"
  echo "$(sed -n 's/^cpu_us_per_frame \([0-9.]*\).*/\1/p' "$T/anchor.out") $(each)"
}

# The center's frames, their mean size: the anchor sends frames as big.
rm -f "$T"/c.db*
start_center c --rate 2000 --count 200 --start-after 1
$B/ws_fan "$c_PORT" op1 Guard7desk 1 200 >/dev/null
BYTES=$(sqlite3 "$T/c.db" "select cast(avg(length(frame)) as int) from stream")
[ "$BYTES" -ge 64 ] || die "the center's frames: mean size '$BYTES'"
kill "$c_PID"; wait "$c_PID" 2>/dev/null || true

cu=() ce=() au=() ae=()
for r in $(seq "$RUNS"); do
  read -r u e <<<"$(anchor_run)"; au+=("$u"); ae+=("$e")
  read -r u e <<<"$(center_run)"; cu+=("$u"); ce+=("$e")
done
med() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
mcu=$(med "${cu[@]}") mce=$(med "${ce[@]}") mau=$(med "${au[@]}") mae=$(med "${ae[@]}")
echo "fan-out: $CONNS clients x $N alarms at $RATE/s, frames of $BYTES bytes, every frame delivered:" \
  "center ${cu[*]} µs/frame, ${ce[*]} frames/s each; anchor ${au[*]} µs/frame, ${ae[*]} frames/s each"
ratio=$(awk -v c="$mcu" -v a="$mau" 'BEGIN { printf "%.2f", (a > 0 ? c / a : 0) }')
# Target: Node's ws broadcast on this class of machine, 10.5 µs a frame (issue 13).
echo "BENCH fanout_cpu_per_frame_${CONNS}x${RATE} value=$mcu unit=us anchor=$mau ratio=$ratio target=10.5 met=$(awk -v v="$mcu" 'BEGIN { print (v <= 10.5 ? "yes" : "no") }')"
echo "BENCH fanout_delivered_${CONNS}x${RATE} value=$mce unit=frames/s-each anchor=$mae ratio=$(awk -v c="$mce" -v a="$mae" 'BEGIN { printf "%.3f", c / a }') target=$((RATE * 95 / 100)) met=$(awk -v v="$mce" -v t="$RATE" 'BEGIN { print (v >= t * 0.95 ? "yes" : "no") }')"
