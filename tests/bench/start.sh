#!/usr/bin/env bash
# Start to first alarm: a console on a journal of ROWS rows against the same
# console on a fresh journal (the anchor), medians of RUNS interleaved runs.
# The clock starts before exec and stops when the first alarm event of
# --batch is read from its output (the screen is not in it). Both include
# the center's PBKDF2 check of the password (600 000 rounds).
set -eu
ROWS=${1:-1000000} RUNS=${2:-3}
. "$(dirname "$0")/../integration/lib.sh"
add_user op1 operator Guard7desk
echo '{"t": 0, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 1}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl"
build/bench/bench_journal --fill "$T/big.db" "$ROWS"
# The first alarm line, read as the console writes it (not polled for):
# its time; then the console is stopped.
first_alarm() { # NAME
  local line
  while read -r line; do
    case $line in *'"ev":"alarm"'*) date +%s%N; pkill -f -- "--console-id $1 --journal" || true; return;; esac
  done
}
mkfifo "$T/idle"
exec 3<>"$T/idle" # the consoles' input: open, never written
once() { # NAME [BIG]: ms to its first alarm, its journal fresh or the big one
  local t0 t1
  [ -z "${2:-}" ] || { cp "$T/big.db" "$T/$1.journal"; cp "$T/big.db.anchor" "$T/$1.journal.anchor"; }
  t0=$(date +%s%N)
  t1=$(ALARMDESK_PASSWORD=Guard7desk "$CONSOLE" --batch --center "ws://127.0.0.1:$c_PORT" \
    --operator op1 --console-id "$1" --journal "$T/$1.journal" <&3 2>"$T/$1.err" | first_alarm "$1")
  [ -n "$t1" ] || die "no alarm: $(tail -2 "$T/$1.err")"
  echo $(( (t1 - t0) / 1000000 )) >"$T/$1.ms"
}
fresh=() big=()
for r in $(seq "$RUNS"); do
  once "f$r" && fresh+=("$(cat "$T/f$r.ms")")
  once "b$r" big && big+=("$(cat "$T/b$r.ms")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
f=$(med "${fresh[@]}") b=$(med "${big[@]}")
echo "start to first alarm: fresh journal ${fresh[*]} ms, $ROWS-row journal ${big[*]} ms"
met=no; [ "$b" -le 150 ] && [ "$f" -le 150 ] && met=yes
echo "BENCH start_big_journal value=$b unit=ms anchor=$f ratio=$(awk "BEGIN{printf \"%.3f\", $b / $f}") target=150 met=$met"
