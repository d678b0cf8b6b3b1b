#!/usr/bin/env bash
# Frame → screen and key → screen at COLSxROWS on a real pty while the
# center storms at RATE alarms/s (faults: grouped in flood mode, so urgent
# markers stay on top), RUNS fresh consoles of MARKERS markers and KEYS key
# presses each (tests/bench/pty_latency.c). Targets (issue 13): frame → screen
# p99 ≤ 20 ms, key → screen p99 ≤ 30 ms.
set -eu
# SOURCE: `storm` (the default) feeds the console from tests/bench/
# storm_center.c, which sends each frame the moment it is due and keeps
# nothing: frame → screen is the console's own time (the issue's figure).
# `center` storms through the real center, its DC-09 receiver and its
# commit (fsync) before the frame goes out: an upper bound.
RATE=${1:-5000} COLS=${2:-80} ROWS=${3:-24} RUNS=${4:-5} MARKERS=${5:-6} KEYS=${6:-6} SOURCE=${7:-storm}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
frames=() keys=()
for r in $(seq "$RUNS"); do
  rm -f "$T"/c.db* "$T"/pty.journal*
  if [ "$SOURCE" = storm ]; then
    : >"$T/c.out"
    (cd "$ROOT" && exec build/bench/storm_center "$RATE") >"$T/c.out" 2>"$T/c.log" &
    c_PID=$!
    PIDS+=("$c_PID")
    poll 10 grep -q '^dc09 listening' "$T/c.out" || die "the storm source did not start: $(cat "$T/c.log")"
    c_PORT=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$T/c.out")
  else
    start_center c --rate "$RATE" --faults-only --dc09-listen 127.0.0.1:0 --history 10000000 --max-open 10000000
  fi
  DC09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/c.out")
  (cd "$ROOT" && XDG_CONFIG_HOME="$T/none" ALARMDESK_PASSWORD=Guard7desk PTY_JOURNAL="$T/pty.journal" \
    build/bench/pty_latency "$c_PORT" "$DC09" "$COLS" "$ROWS" "$MARKERS" "$KEYS") >"$T/r$r" ||
    { cat "$T/r$r" >&2; die "run $r"; }
  kill "$c_PID" 2>/dev/null || true; wait "$c_PID" 2>/dev/null || true
  cat "$T/r$r"
done
# All samples of all runs: the runs print p50/p99/max per run; the worst p99 is the figure.
fp99=$(grep '^frame' "$T"/r* | awk '{print $5}' | sort -n | tail -1)
kp99=$(grep '^key' "$T"/r* | awk '{print $5}' | sort -n | tail -1)
fp50=$(grep '^frame' "$T"/r* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
echo "frame → screen at ${COLS}x${ROWS}, $RATE alarms/s from the $SOURCE: p50 (median of runs) $fp50 ms, worst run p99 $fp99 ms"
echo "key → screen at ${COLS}x${ROWS}: worst run p99 $kp99 ms"
via=; [ "$SOURCE" = storm ] || via=_via_center
printf 'BENCH frame%s_to_screen_p99_%sx%s value=%s unit=ms anchor=- ratio=- target=20 met=%s\n' "$via" "$COLS" "$ROWS" \
  "$fp99" "$(awk "BEGIN{print ($fp99 <= 20) ? \"yes\" : \"no\"}")"
printf 'BENCH key_to_screen%s_p99_%sx%s value=%s unit=ms anchor=- ratio=- target=30 met=%s\n' "$via" "$COLS" "$ROWS" \
  "$kp99" "$(awk "BEGIN{print ($kp99 <= 30) ? \"yes\" : \"no\"}")"
