#!/usr/bin/env bash
# The wire matches docs/protocol.md, checked with tests/tools/wsprobe (plain
# sockets, not libwebsockets): close frames carry the documented codes, a
# refused op gets an op_ack with its op_id, the checks apply in the
# documented order, a NUL does not cut a string, and a console says goodbye.
. "$(dirname "$0")/lib.sh"
PROBE="$ROOT/build/tools/wsprobe"

add_user op1 operator Guard7desk
add_user boss supervisor Night9shift
start_center c
probe() { local out=$1; shift; "$PROBE" 127.0.0.1 "$c_PORT" "$@" >"$T/$out.out" || die "wsprobe $out failed: $(cat "$T/$out.out")"; }
closed() { grep -q "^0 [0-9]* close $2 " "$T/$1.out" || die "$1: expected close $2, got: $(tail -2 "$T/$1.out")"; }
hello() { printf '{"type":"hello","version":%s,"req_id":"r","console":"w-%s","operator":"%s","password":"%s","role":"%s"}' "$1" "$2" "$3" "$4" "$5"; }

# Nothing sent: 4002 after the 10 s hello timeout (in the background).
"$PROBE" 127.0.0.1 "$c_PORT" >"$T/silent.out" & PIDS+=("$!"); silent=$!

probe notfirst '{"type":"tick","time":1,"head":0}'
grep -q '"code":2003' "$T/notfirst.out" || die "no 2003 for a tick before hello"
closed notfirst 1008
probe badjson 'not json'
grep -q '"code":1001' "$T/badjson.out" || die "no 1001 for a malformed frame"
closed badjson 1002
probe binary '@bin:{}'
closed binary 1003
probe big '@big:70000'
closed big 1009
probe utf8 '@hex:7b2274797065223a22ff227d'
closed utf8 1007
probe version "$(hello 9 v op1 Guard7desk operator)"
grep -q '"code":1005' "$T/version.out" || die "no 1005 for version 9"
closed version 4001
probe auth "$(hello 1 a op1 wrong operator)"
grep -q '"code":2001' "$T/auth.out" || die "no 2001 for a wrong password"
closed auth 4001
probe role "$(hello 1 r op1 Guard7desk supervisor)"
grep -q '"code":2002' "$T/role.out" || die "no 2002 for a role not granted"
closed role 4001
note "close codes: 1002 1003 1007 1008 1009 4001 (auth, role, version)"

# Refused ops are op_acks with their op_id, role checked before the action.
probe ops "$(hello 1 o op1 Guard7desk operator)" '@wait:"synced"' \
  '{"type":"op","op_id":"w-1","action":"fly","alarm_id":"x"}' \
  '{"type":"op","op_id":"w-2","action":"claim"}' \
  '{"type":"broadcast","op_id":"w-3","text":"hi"}' \
  '{"type":"op","action":"claim"}' \
  '{"type":"op","op_id":"w-4","action":"claim","alarm_id":"nope"}' '@wait:"w-4"' '@close:1000'
grep -q '"type":"op_ack","op_id":"w-1","code":3005,"msg":"action: unknown action '"'fly'"'"' "$T/ops.out" || die "unknown action: $(grep w-1 "$T/ops.out")"
grep -q '"type":"op_ack","op_id":"w-2","code":1002,"msg":"alarm_id: missing"' "$T/ops.out" || die "missing field: $(grep w-2 "$T/ops.out")"
grep -q '"type":"op_ack","op_id":"w-3","code":2002' "$T/ops.out" || die "operator broadcast: $(grep w-3 "$T/ops.out")"
grep -q '"type":"error","code":1002,"msg":"op_id: missing"' "$T/ops.out" || die "an op without op_id is an error: $(cat "$T/ops.out" | tail -3)"
grep -q '"type":"op_ack","op_id":"w-4","code":3001' "$T/ops.out" || die "unknown alarm: $(grep w-4 "$T/ops.out")"
probe sup "$(hello 1 s boss Night9shift supervisor)" '@wait:"synced"' \
  '{"type":"op","op_id":"s-1","action":"fly","alarm_id":"x"}' \
  '{"type":"broadcast","op_id":"s-2","text":"关灯\u0000 after NUL"}' '@wait:"s-2"' '@close:1000'
grep -q '"type":"op_ack","op_id":"s-1","code":3004' "$T/sup.out" || die "a supervisor's bad op is 3004 first: $(grep s-1 "$T/sup.out")"
grep -q '"type":"notice".*"text":"关灯? after NUL"' "$T/sup.out" || die "a NUL cut the notice: $(grep notice "$T/sup.out")"
note "refused ops answered by op_ack with their op_id (3005, 1002, 2002, 3004 before 3005); NUL → ?"

# A console closes with 1001 when it stops.
start_console k "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced k
send k quit
wait_for "$T/c.log" "console 'k' at 127.0.0.1 closed its link \(1001 "
note "the console says goodbye: $(grep -o "closed its link (.*)" "$T/c.log" | tail -1)"

wait "$silent"
grep -q "^0 [0-9]* close 4002 no hello in time" "$T/silent.out" || die "no 4002: $(cat "$T/silent.out")"
note "close 4002 after $(awk '{print $2}' "$T/silent.out") ms without hello"
