#!/usr/bin/env bash
# wss:// with a CA and certificates made here: a console trusting the CA
# receives alarms; one that does not, or that names the center by an address
# the certificate does not carry, is refused and keeps saying why; --insecure
# connects and says INSECURE.
. "$(dirname "$0")/lib.sh"

cd "$T"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=alarmdesk test CA" 2>/dev/null || die "openssl CA"
openssl req -newkey rsa:2048 -nodes -keyout center.key -out center.csr \
  -subj "/CN=localhost" 2>/dev/null || die "openssl csr"
printf 'subjectAltName=DNS:localhost\n' >ext.cnf
openssl x509 -req -in center.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out center.pem \
  -days 2 -extfile ext.cnf 2>/dev/null || die "openssl sign"
cd - >/dev/null

add_user op1 operator Guard7desk
echo '{"t": 0.3, "type": "alarm", "customer": "KH0033", "event": "120", "zone": 5}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --tls-cert "$T/center.pem" --tls-key "$T/center.key"

start_console a "wss://localhost:$c_PORT" op1 Guard7desk --ca "$T/ca.pem"
wait_for "$T/a.jsonl" '"ev":"alarm".*江城农商银行'
note "trusted CA and matching name: alarms arrive over wss://"

start_console b "wss://localhost:$c_PORT" op1 Guard7desk
wait_for "$T/b.jsonl" '"ev":"link".*"state":4.*' 10
grep -q '"ev":"alarm"' "$T/b.jsonl" && die "alarms arrived without a trusted certificate"
grep -q '"text":"TLS refused localhost:[0-9]*: its certificate is not trusted' "$T/b.jsonl" ||
  die "the refusal does not say why: $(grep '"state":4' "$T/b.jsonl" | tail -1)"
note "unknown CA: refused, and the status says why"

start_console d "wss://127.0.0.1:$c_PORT" op1 Guard7desk --ca "$T/ca.pem"
wait_for "$T/d.jsonl" '"ev":"link".*"state":4' 10
grep -q '"ev":"link".*"state":3' "$T/d.jsonl" && die "connected although the certificate does not name 127.0.0.1"
grep -q '"ev":"alarm"' "$T/d.jsonl" && die "alarms arrived although the certificate does not name 127.0.0.1"
grep '"ev":"link".*"state":4' "$T/d.jsonl" | head -1 | grep -q 'TLS refused' ||
  die "the refusal does not say why: $(grep '"state":4' "$T/d.jsonl" | head -1)"
note "host name not in the certificate: refused"

start_console e "wss://127.0.0.1:$c_PORT" op1 Guard7desk --insecure
wait_for "$T/e.jsonl" '"ev":"alarm"'
grep -q 'WARNING: --insecure' "$T/e.err" || die "--insecure did not warn"
send e stats
wait_for "$T/e.jsonl" '"insecure":true'
"$CONSOLE" log export --journal "$T/e.journal" --format csv | grep -q ',tls.insecure,' ||
  die "--insecure not journaled"
note "--insecure connects, warns and is journaled"
