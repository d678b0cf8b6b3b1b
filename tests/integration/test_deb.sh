#!/usr/bin/env bash
# The Debian packages: built from a copy of the tree (scripts/deb.sh, lintian
# without errors), unpacked into an empty root; the installed programs run,
# the service's unit is hardened as documented, and the center started with
# the unit's own command line (and /etc/default options) serves a console
# from the package and takes a DC-09 frame from the package's simulator.
. "$(dirname "$0")/lib.sh"

out=$("$ROOT/scripts/deb.sh" 2>&1) || die "package build: $out"
note "$(grep '^deb: built' <<<"$out")"
R=$T/root
mkdir -p "$R" "$T/var"
for d in "$ROOT"/build/deb/alarmdesk_*.deb "$ROOT"/build/deb/alarmdesk-center_*.deb; do
  dpkg-deb -x "$d" "$R"
done
"$R/usr/bin/alarmdesk" --help >/dev/null || die "alarmdesk --help"
"$R/usr/bin/alarmdesk-center" --help >/dev/null || die "alarmdesk-center --help"
[ -e "$R/usr/share/man/man1/alarmdesk.1.gz" ] && [ -e "$R/usr/share/man/man1/alarmdesk-center.1.gz" ] ||
  die "man pages missing"
[ -e "$R/usr/share/alarmdesk/demo/customers.json" ] || die "data missing under /usr/share/alarmdesk"
[ -e "$R/usr/share/locale/zh_CN/LC_MESSAGES/alarmdesk.mo" ] || die "Chinese catalog missing"
[ -e "$R/usr/lib/alarmdesk/alarmdesk-video.so" ] || die "the pictures' module missing under /usr/lib/alarmdesk"
[ -e "$R/etc/alarmdesk/alarmdesk.conf.example" ] || die "config example missing under /etc/alarmdesk"

unit=$R/lib/systemd/system/alarmdesk-center.service
for k in User=alarmdesk StateDirectory=alarmdesk ProtectSystem=strict NoNewPrivileges=yes \
  PrivateTmp=yes CapabilityBoundingSet= ReadWritePaths=/var/lib/alarmdesk 'ExecReload=/bin/kill -HUP $MAINPID'; do
  grep -qxF "$k" "$unit" || die "the unit lacks '$k'"
done

# The unit's command line, its options from /etc/default, paths into the
# unpacked root and free ports.
. "$R/etc/default/alarmdesk-center"
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
cmd=${cmd//'$ALARMDESK_CENTER_OPTS'/$ALARMDESK_CENTER_OPTS}
cmd=${cmd//\/var\/lib\/alarmdesk/$T/var}
cmd=${cmd//\/usr\//$R/usr/}
cmd=${cmd//127.0.0.1:7380/127.0.0.1:0}
cmd=${cmd//127.0.0.1:7390/127.0.0.1:0}
printf '%s\n' 'Night-Shift#2026' | "$R/usr/bin/alarmdesk-center" user add op1 --role operator \
  --accounts "$T/var/accounts" >/dev/null || die "user add with the package's center"
read -r -a argv <<<"$cmd"
"${argv[@]}" >"$T/svc.out" 2>"$T/svc.log" &
PIDS+=("$!")
poll 10 grep -q '^listening on' "$T/svc.out" || die "the unit's command line did not start: $(tail -3 "$T/svc.log")"
port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$T/svc.out")
dc09=$(sed -n 's/^dc09 listening on .* port \([0-9]*\)$/\1/p' "$T/svc.out")
CONSOLE="$R/usr/bin/alarmdesk" start_console a "ws://127.0.0.1:$port" op1 'Night-Shift#2026' \
  --localedir "$R/usr/share/locale"
wait_synced a
"$R/usr/bin/alarmdesk-center" panel --to "127.0.0.1:$dc09" --account 1001 'ADM:1130 01 001' >/dev/null ||
  die "the package's panel simulator got no ACK"
wait_for "$T/a.jsonl" '"ev":"alarm".*"site":"KH0001"'
note "installed: --help, man pages, data, unit hardening; the unit's command line serves a console and takes a panel's frame"
echo "PASS test_deb"
