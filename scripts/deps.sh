#!/usr/bin/env bash
# Checks the dependencies of a target and installs the missing Debian
# packages: `scripts/deps.sh demo` what building and running the console and
# center needs, `scripts/deps.sh deb` that and the Debian packaging tools,
# `scripts/deps.sh test` all of it and what the suite calls (every tool a
# test runs is listed here). Prints what it checks and installs; a
# no-op when everything is present.
set -eu
what=${1:-test}
case $what in demo|deb|test) ;; *) echo "usage: scripts/deps.sh demo|deb|test" >&2; exit 2;; esac

# pkg-config module -> Debian package: to build and run
libs=(
  "ncursesw:libncurses-dev"
  "libuv:libuv1-dev"
  "libwebsockets:libwebsockets-dev"
  "sqlite3:libsqlite3-dev"
  "sndfile:libsndfile1-dev"
  "portaudio-2.0:portaudio19-dev"
  "alsa:libasound2-dev"
  "jack:libjack-jackd2-dev"
  "libcjson:libcjson-dev"
  "libcrypto:libssl-dev"
  "inih:libinih-dev"
  "libosip2:libosip2-dev"   # the center's SIP parser (GB/T 28181)
  "libxml-2.0:libxml2-dev"  # the center's XML (GB/T 28181 bodies)
  "chafa:libchafa-dev"      # the console's pictures in terminal cells
  "glib-2.0:libglib2.0-dev" # chafa's headers need it
  "libavformat:libavformat-dev" # the console's cameras: RTSP, HTTP MJPEG, JPEG
  "libavcodec:libavcodec-dev"
  "libswscale:libswscale-dev"
  "libavutil:libavutil-dev"
  "libnats:libnats-dev"     # the center as a node of a NATS JetStream cluster
)
# command -> Debian package: to build
tools=(
  "pkg-config:pkg-config"
  "cc:gcc"
  "make:make"
  "msgfmt:gettext"
)
# files that some package provides without a pkg-config module or command
files=(
  "/usr/include/stdio.h:libc6-dev"
  "/usr/lib/x86_64-linux-gnu/libwebsockets-evlib_uv.so:libwebsockets-evlib-uv"
)
if [ "$what" != demo ]; then
  tools+=(
    "dpkg-buildpackage:dpkg-dev"  # make deb, and the package's test
    "dh:debhelper"
    "lintian:lintian"
  )
  files+=("/usr/share/build-essential/list:build-essential") # dpkg-buildpackage asks for it
fi
if [ "$what" = test ]; then
  libs+=("cmocka:libcmocka-dev" "vterm:libvterm-dev") # vterm: make bench's terminal
  # The RTSP test camera (tests/tools/rtsp_camera.c): GStreamer's RTSP
  # server, its test picture, H.264 (x264) and RTP payloading.
  libs+=("gstreamer-rtsp-server-1.0:libgstrtspserver-1.0-dev")
  gst=/usr/lib/x86_64-linux-gnu/gstreamer-1.0
  files+=("$gst/libgstvideotestsrc.so:gstreamer1.0-plugins-base" "$gst/libgstrtp.so:gstreamer1.0-plugins-good"
          "$gst/libgstx264.so:gstreamer1.0-plugins-ugly")
  tools+=(
    "tmux:tmux"               # the end-to-end tests' terminal
    "pgrep:procps"            # processes left behind
    "mkfifo:coreutils"
    "openssl:openssl"         # test certificates (wss://)
    "prlimit:util-linux"      # the disk-full journal test
    "stress-ng:stress-ng"     # make test-stress
    "strace:strace"           # the fsync test of the journal
    "nm:binutils"             # check-layout reads the objects' symbols
    "ffmpeg:ffmpeg"           # the video tests' cameras (MJPEG over HTTP, JPEG)
    "sqlite3:sqlite3"         # tests read the center's state file
    "nats-server:nats-server" # the cluster tests' NATS servers (JetStream)
  )
fi

missing=()
have_pc=0; command -v pkg-config >/dev/null 2>&1 && have_pc=1
for entry in "${libs[@]}"; do
  mod=${entry%%:*}; pkg=${entry#*:}
  if [ $have_pc = 1 ] && pkg-config --exists "$mod"; then
    echo "deps: $mod $(pkg-config --modversion "$mod") ok"
  else
    echo "deps: $mod missing -> $pkg"; missing+=("$pkg")
  fi
done
for entry in "${tools[@]}"; do
  entry=${entry%% *}; cmd=${entry%%:*}; pkg=${entry#*:}
  if command -v "$cmd" >/dev/null 2>&1; then echo "deps: $cmd ok"
  else echo "deps: $cmd missing -> $pkg"; missing+=("$pkg"); fi
done
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
for entry in "${files[@]}"; do
  f=${entry%%:*}; f=${f//x86_64-linux-gnu/$arch}; pkg=${entry#*:}
  if [ -e "$f" ]; then echo "deps: $(basename "$f") ok"
  else echo "deps: $f missing -> $pkg"; missing+=("$pkg"); fi
done

if [ ${#missing[@]} -eq 0 ]; then echo "deps ($what): all present"; exit 0; fi

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "deps: running: $sudo apt-get update"
$sudo apt-get update -qq
echo "deps: running: $sudo apt-get install -y ${missing[*]}"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
