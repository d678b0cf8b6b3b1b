#!/usr/bin/env bash
# Checks every build and test dependency and installs the missing Debian packages.
# Prints what it checks and what it installs; a no-op when everything is present.
set -eu

# pkg-config module -> Debian package
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
  "cmocka:libcmocka-dev"
)
# command -> Debian package
tools=(
  "pkg-config:pkg-config"
  "cc:gcc"
  "make:make"
  "tmux:tmux"
  "pgrep:procps"
  "mkfifo:coreutils"
  "openssl:openssl"
  "prlimit:util-linux"
  "stress-ng:stress-ng"
  "strace:strace"
  "msgfmt:gettext"
  "xgettext:gettext"
)
# files that some package provides without a pkg-config module
files=(
  "/usr/lib/x86_64-linux-gnu/libwebsockets-evlib_uv.so:libwebsockets-evlib-uv"
)

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
  cmd=${entry%%:*}; pkg=${entry#*:}
  if command -v "$cmd" >/dev/null 2>&1; then echo "deps: $cmd ok"
  else echo "deps: $cmd missing -> $pkg"; missing+=("$pkg"); fi
done
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for entry in "${files[@]}"; do
  f=${entry%%:*}; f=${f//x86_64-linux-gnu/$arch}; pkg=${entry#*:}
  if [ -e "$f" ]; then echo "deps: $(basename "$f") ok"
  else echo "deps: $f missing -> $pkg"; missing+=("$pkg"); fi
done

if [ ${#missing[@]} -eq 0 ]; then echo "deps: all present"; exit 0; fi

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
