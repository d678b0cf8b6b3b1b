#!/usr/bin/env bash
# Makes the alert sounds in data/sounds/ (48 kHz mono 16-bit WAV): synthesised
# tones with sox, voice prompts with espeak-ng, in Chinese and English.
# Each alert has its own fundamental frequency so that tests can tell them
# apart in recorded audio (tests/unit/test_audio.c). Sites may replace any
# file by config ([audio] sound_NAME = /path.wav).
#   panic 1200 Hz   fire 1000 Hz   intrusion 880 Hz   medical 660 Hz
#   fault 440 Hz    offline 520 Hz link 330 Hz        overdue 1500 Hz
# Needs sox and espeak-ng (Debian packages of the same names); run from the
# repository root: scripts/gen-sounds.sh
set -eu
out=data/sounds
mkdir -p "$out"
R="-r 48000 -c 1 -b 16"

# tone NAME FREQ PATTERN...: PATTERN items are on-ms:off-ms
tone() {
  local name=$1 freq=$2; shift 2
  local parts=() i=0
  for p in "$@"; do
    on=${p%%:*}; off=${p#*:}
    sox -n $R "/tmp/ad-$name-$i-on.wav" synth "0.$(printf '%03d' "$on")" sine "$freq" fade q 0.005 0 0.005 vol 0.6
    parts+=("/tmp/ad-$name-$i-on.wav")
    if [ "$off" != 0 ]; then
      sox -n $R "/tmp/ad-$name-$i-off.wav" trim 0 "0.$(printf '%03d' "$off")"
      parts+=("/tmp/ad-$name-$i-off.wav")
    fi
    i=$((i + 1))
  done
  sox "${parts[@]}" $R "$out/$name.wav"
  rm -f /tmp/ad-"$name"-*.wav
}

tone panic     1200 150:60 150:60 150:60 150:60 150:0   # fast pulses: someone is in danger
tone fire      1000 400:100 400:100 400:0               # long-short cadence
tone intrusion  880 250:120 250:120 250:0
tone medical    660 300:200 300:0
tone fault      440 400:0                               # one low tone: a technical matter
tone offline    520 200:150 200:0
tone link       330 500:250 500:0                       # slow and low: the link itself
tone overdue   1500 80:40 80:40 80:40 80:0              # short and shrill: time is up

voice() { # NAME LANG TEXT
  espeak-ng -v "$2" -s 150 -w "/tmp/ad-voice.wav" "$3"
  sox "/tmp/ad-voice.wav" $R "$out/$1.wav" norm -3
  rm -f /tmp/ad-voice.wav
}
voice voice_offline_zh cmn "设备离线"
voice voice_offline_en en "Device offline"
voice voice_link_zh cmn "报警中心连接中断"
voice voice_link_en en "Alarm center link lost"
ls -l "$out"
