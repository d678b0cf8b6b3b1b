#!/usr/bin/env bash
# Wrong options and unreadable or broken files give one clear line and a
# non-zero exit; --help describes every option.
. "$(dirname "$0")/lib.sh"

# expect STATUS REGEX CMD...: the command fails with STATUS and one stderr line.
expect() {
  local want=$1 re=$2; shift 2
  "$@" >"$T/out" 2>"$T/err" </dev/null
  local rc=$?
  [ "$rc" = "$want" ] || die "$*: exit $rc, want $want ($(cat "$T/err"))"
  grep -qE -- "$re" "$T/err" || die "$*: stderr '$(cat "$T/err")' lacks /$re/"
  [ "$(wc -l <"$T/err")" = 1 ] || die "$*: more than one line: $(cat "$T/err")"
}

expect 2 "unknown option or missing value: --bogus" "$CONSOLE" --bogus
expect 2 "--lang: expected zh, en or auto" "$CONSOLE" --lang fr
expect 2 "--role: expected operator" "$CONSOLE" --role root
expect 2 "cannot read config '/nonexistent.conf'" "$CONSOLE" --config /nonexistent.conf --batch
printf '[console]\nid = x\nfoo = 1\n' >"$T/bad.conf"
expect 2 "bad.conf:3: \[console\]: unknown key 'foo'" "$CONSOLE" --config "$T/bad.conf" --batch
expect 2 "missing or overlong host" "$CONSOLE" --batch --center wss://:7443
expect 2 "expected ws://HOST:PORT or wss://HOST:PORT" "$CONSOLE" --batch --center http://x
expect 2 "at most 4 endpoints" "$CONSOLE" --batch --center ws://a:1,ws://b:1,ws://c:1,ws://d:1,ws://e:1
expect 2 "--tls-cert and --tls-key go together" "$CENTER" --tls-cert /etc/passwd
# Commands that read a state file never make one.
for cmd in record open anchors; do
  expect 2 "no state file '$T/none.db'" "$CENTER" "$cmd" --state "$T/none.db"
  [ ! -e "$T/none.db" ] || die "$cmd made the state file it was to read"
done
expect 2 "no center configured" env XDG_CONFIG_HOME="$T" "$CONSOLE" --batch
expect 2 "needs a terminal" "$CONSOLE" --center ws://127.0.0.1:1
expect 2 "cannot read password file" "$CONSOLE" --batch --center ws://127.0.0.1:1 --password-file /nonexistent
expect 2 "unknown option or missing value: --nope" "$CENTER" --nope
expect 2 "invalid number 'fast'" "$CENTER" --rate fast
expect 2 "data: cannot open '/nonexistent/customers.json'" "$CENTER" --data /nonexistent --state "$T/x.db"
expect 2 "scenario: .*missing.jsonl" "$CENTER" --scenario "$T/missing.jsonl" --state "$T/x.db" --data "$ROOT/data/demo"
expect 2 "password is a factory default" sh -c "echo admin123 | '$CENTER' user add op1 --role operator -a '$T/acc'"
expect 1 "cannot listen on 127.0.0.1:99999|expected ADDRESS:PORT" "$CENTER" --listen 127.0.0.1:99999 --state "$T/x.db" --data "$ROOT/data/demo"
# --help names every long option the parser accepts.
for bin in "$CONSOLE" "$CENTER"; do
  "$bin" --help >"$T/help" || die "$bin --help failed"
  for opt in $(grep -o '{"[a-z-]*", [01]' "$ROOT/$( [ "$bin" = "$CONSOLE" ] && echo app/main.c || echo center/main.c)" | sed 's/{"\([a-z-]*\)".*/\1/'); do
    grep -q -- "--$opt" "$T/help" || die "$(basename "$bin") --help does not describe --$opt"
  done
done
note "all error paths give one clear line"
