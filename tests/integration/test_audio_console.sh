#!/usr/bin/env bash
# The console's alert sounds through the real path (WebSocket → book →
# policy → engine), recorded with --audio-out and read back: an unclaimed
# intrusion alarm repeats every 5 s until claimed; a device going offline
# speaks. And with no usable audio device the console starts anyway, says
# why, and journals it.
. "$(dirname "$0")/lib.sh"
ONSETS="$ROOT/build/tools/wavonsets"

add_user op1 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.5, "type": "alarm", "customer": "KH0005", "event": "132", "zone": 2}
{"t": 12.0, "type": "device", "customer": "KH0039", "device": "报警主机", "state": "offline"}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk --audio-out "$T/a.wav" --lang en
wait_for "$T/a.jsonl" '"ev":"alarm"'
id=$(sed -n 's/.*"ev":"alarm".*"id":"\([^"]*\)".*/\1/p' "$T/a.jsonl" | head -1)
# Two intrusion sounds, at once and 5 s later; then the claim stops them.
wait_count "$T/a.jsonl" '"ev":"sound".*"text":"intrusion"' 2 15
act a "claim $id"
wait_for "$T/a.jsonl" '"ev":"device"' 20
# The voice prompt was queued with the device event; the engine renders
# every queued sound to its end before it closes the file.
send a quit
wait "$a_PID" || die "console exit $?"
"$ONSETS" "$T/a.wav" >"$T/onsets" || die "cannot read the recording"
cat "$T/onsets" | sed 's/^/    onset /'
n880=$(awk '$2 > 830 && $2 < 930' "$T/onsets" | wc -l)
[ "$n880" = 2 ] || die "expected 2 intrusion sounds (before the claim), got $n880"
gap=$(awk '$2 > 830 && $2 < 930 {t[n++] = $1} END {printf "%.2f", t[1] - t[0]}' "$T/onsets")
awk -v g="$gap" 'BEGIN {exit !(g > 4.9 && g < 5.3)}' || die "repeat interval $gap s, expected 5"
last=$(awk '$2 > 830 && $2 < 930 {t = $1} END {print t}' "$T/onsets")
voice=$(awk -v l="$last" '$1 > l + 5' "$T/onsets" | wc -l)
[ "$voice" -ge 1 ] || die "no voice prompt for the device going offline"
"$CONSOLE" log export --journal "$T/a.journal" --format csv | grep -q ',audio.on,' || die "audio.on not journaled"
note "intrusion sounded twice 5 s apart ($gap s), stopped on claim; the offline voice followed"

# A machine without a sound card but with ALSA's null device: the real
# PortAudio path opens and plays.
mkdir -p "$T/home"
printf 'pcm.!default { type null }\n' >"$T/home/.asoundrc"
HOME="$T/home" "$CONSOLE" --batch --center "ws://127.0.0.1:$c_PORT" -o op1 --console-id n \
  --journal "$T/n.journal" <<<"stats" >"$T/n.jsonl" 2>"$T/n.err" || true
grep -q '"audio":"on"' "$T/n.jsonl" || die "the ALSA null device did not open: $(cat "$T/n.jsonl" "$T/n.err")"
[ ! -s "$T/n.err" ] || die "ALSA/PortAudio wrote to stderr: $(head -3 "$T/n.err")"
note "PortAudio opened the ALSA null device; nothing on stderr"

# No usable device: a broken ALSA set-up that makes PortAudio abort.
start_console b "ws://127.0.0.1:$c_PORT" op1 Guard7desk
send b stats
wait_for "$T/b.jsonl" '"ev":"stats"'
grep -q '"audio":"on"' "$T/b.jsonl" && note "(this machine has an audio device)"
send b quit
ALSA_CONFIG_PATH=/nonexistent "$CONSOLE" --batch --center "ws://127.0.0.1:$c_PORT" -o op1 \
  --console-id d --journal "$T/d.journal" <<<"stats" >"$T/d.jsonl" 2>"$T/d.err" || true
grep -q '"audio":"PortAudio crashed while listing the audio devices' "$T/d.jsonl" ||
  die "no audio status: $(cat "$T/d.jsonl" "$T/d.err")"
[ ! -s "$T/d.err" ] || die "ALSA/PortAudio wrote to stderr: $(head -3 "$T/d.err")"
"$CONSOLE" log export --journal "$T/d.journal" --format csv | grep -q ',audio.off,PortAudio crashed' ||
  die "audio.off not journaled"
note "without a usable device: started, said why, journaled it, nothing on stderr"
