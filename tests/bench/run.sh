#!/usr/bin/env bash
# Benchmarks (not part of `make test`): the ingest path in-process, then the
# whole chain — center generator → WebSocket → console — at a fixed rate.
# Each metric with an anchor measured in the same run is a BENCH line
# (tests/bench/bench.h), gathered again at the end.
set -eu
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8
B=build/bench
mkdir -p $B
exec > >(tee $B/last.txt) 2>&1
# Each part says when it began: the whole bench stays under 10 minutes.
section() { echo "== $1  [at $SECONDS s]"; }
cc -O2 -g -std=c11 -D_GNU_SOURCE $(pkg-config --cflags libcjson) -o $B/bench_ingest \
  tests/bench/bench_ingest.c build/libcenter.a build/libcommon.a build/libcore.a \
  $(pkg-config --libs libcjson sqlite3 libcrypto inih libuv libwebsockets)
cc -O2 -g -std=c11 -D_GNU_SOURCE -o $B/bench_journal tests/bench/bench_journal.c \
  build/libapp.a build/libcommon.a build/libcore.a $(pkg-config --libs libuv sqlite3 libcrypto libcjson)
cc -O2 -g -std=c11 -D_GNU_SOURCE $(pkg-config --cflags libcjson) -o $B/bench_audio tests/bench/bench_audio.c \
  build/libapp.a build/libcenter.a build/libcommon.a build/libcore.a \
  $(pkg-config --libs libuv sqlite3 libcrypto libcjson inih sndfile portaudio-2.0 alsa jack) -lm
section "alert sound latency"
# No sound card here? Use ALSA's null device so PortAudio has a real stream.
aplay -l >/dev/null 2>&1 || { mkdir -p $B/home; printf 'pcm.!default { type null }\nctl.!default { type hw card 0 }\n' >$B/home/.asoundrc; export HOME=$PWD/$B/home; }
$B/bench_audio
$B/bench_audio $B/bench.wav
echo
section "journal"
$B/bench_journal
echo
section "ingest (decode + book), in-process"
$B/bench_ingest
echo
section "end to end: generator → lws → console (--batch), ${RATE:=5000} alarms/s for ${SECS:=10} s"
tests/bench/e2e_rate.sh "$RATE" "$SECS"
echo
section "DC-09 at 1 000 events/s over 100 connections (paced, one load process)"
tests/bench/dc09_load.sh 100 1000 10
echo
section "frame → screen and key → screen on a real pty (libvterm), quiet and in a storm"
cc -O2 -g -std=c11 -D_GNU_SOURCE -o $B/pty_latency tests/bench/pty_latency.c build/libcenter.a \
  build/libcommon.a build/libcore.a $(pkg-config --libs vterm libcrypto) -lutil
cc -O2 -g -std=c11 -D_GNU_SOURCE $(pkg-config --cflags libcjson) -o $B/storm_center tests/bench/storm_center.c \
  build/libcommon.a build/libcore.a $(pkg-config --libs libcjson libcrypto inih)
# From the storm source (frame sent → row on screen: the console's time),
# then through the real center (its DC-09 receiver and commit too).
tests/bench/pty_latency.sh 30 80 24 3 6 4 | sed 's/^BENCH \([a-z_]*\)_p99/BENCH \1_quiet_p99/'
tests/bench/pty_latency.sh 5000 80 24 3 6 4
tests/bench/pty_latency.sh 5000 80 24 2 6 4 center
echo
section "terminal output during a storm"
tests/bench/tty_rate.sh 5000 200 50 5
tests/bench/tty_rate.sh 5000 80 24 5
echo
section "the camera picture on a real pty (libvterm): video and snapshots, pictures/s and terminal bytes/s"
cc -O2 -g -std=c11 -D_GNU_SOURCE -o $B/video_rate tests/bench/video_rate.c $(pkg-config --libs vterm) -lutil
tests/bench/video_rate.sh 80 24 3 5
tests/bench/video_rate.sh 140 45 3 5
echo
section "ingest against a raw libwebsockets client (the center's rate bounds both)"
cc -O2 -g -std=c11 -D_GNU_SOURCE $(pkg-config --cflags libwebsockets) -o $B/ws_fan \
  tests/bench/ws_fan.c $(pkg-config --libs libwebsockets)
tests/bench/ingest_wire.sh 50000 3
echo
section "center fan-out: 100 clients x 1 000 alarms/s against a plain-socket broadcast server"
cc -O2 -g -std=c11 -D_GNU_SOURCE -o $B/bcast_anchor tests/bench/bcast_anchor.c $(pkg-config --libs libcrypto)
tests/bench/fanout.sh 100 1000 10000 3
echo
section "through the cluster (3 NATS servers, 2 nodes) to 10 consoles, and the failover gap"
tests/bench/cluster_rate.sh 10 2000 10000
echo
section "start to the first alarm on a 1 000 000-row journal"
tests/bench/start.sh 1000000 3
echo
section "summary"
grep '^BENCH ' $B/last.txt || true
echo "bench: $SECONDS s"
