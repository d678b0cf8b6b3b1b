#!/usr/bin/env bash
# Builds the Debian packages alarmdesk and alarmdesk-center (debian/) from a
# copy of the tree — the package build cleans and rebuilds, this tree's build
# stays as it is — into build/deb/, then lintian checks them (errors fail).
set -eu
cd "$(dirname "$0")/.."
out=$PWD/build/deb
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/alarmdesk"
tar -c --exclude=./build --exclude=./build-san --exclude=./build-fuzz --exclude=./.git \
  --exclude=./alarmdesk --exclude=./alarmdesk-center . | tar -x -C "$work/alarmdesk"
(cd "$work/alarmdesk" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) ||
  { tail -30 "$work/build.log" >&2; echo "deb: dpkg-buildpackage failed" >&2; exit 1; }
mv "$work"/*.deb "$out"/
echo "deb: built $(cd "$out" && ls *.deb | tr '\n' ' ')"
lintian --fail-on error "$out"/*.deb
echo "deb: lintian found no errors"
