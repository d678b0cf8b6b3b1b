#!/usr/bin/env bash
# The site card from the center: by account, by a contact's phone, by words
# that match several sites, by words that match none; the card holds the
# site's contacts and zones and its last closed alarms with how they ended,
# newest first, found after a restart of the center too.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.2, "type": "alarm", "customer": "KH0001", "event": "130", "zone": 2}
{"t": 0.4, "type": "alarm", "customer": "KH0001", "event": "131", "zone": 6}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
start_console a "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced a
poll 20 more_than "$T/a.jsonl" '"ev":"alarm"' 1 || die "the two alarms did not come"
ids=$(grep -o '"ev":"alarm"[^}]*"id":"[^"]*"' "$T/a.jsonl" | sed 's/.*"id":"//; s/"$//')
first=$(head -1 <<<"$ids") second=$(sed -n 2p <<<"$ids")
for id in $first $second; do
  act a "claim $id"
  act a "review $id video"
  act a "result $id false"
done
act a "close $first 3"    # environment
act a "close $second 1"   # the user's mistake

site() { # WORDS: the answer's line
  local n
  n=$(count "$T/a.jsonl" '"ev":"site"')
  send a "site $1"
  poll 10 more_than "$T/a.jsonl" '"ev":"site"' "$n" || die "no site answer for '$1'"
  grep '"ev":"site"' "$T/a.jsonl" | sed -n "$((n + 1))p"
}
card=$(site KH0001)
grep -q '"site":{"id":"KH0001"' <<<"$card" || die "no card for KH0001: $card"
grep -q '"phone":"15646227021"' <<<"$card" || die "the card lacks the contacts"
[ "$(grep -o '"detector"' <<<"$card" | wc -l)" = 6 ] || die "the card lacks the zones: $card"
hist=$(grep -o '"history":\[.*\]' <<<"$card")
[ "$(grep -o '"id":"[^"]*"' <<<"$hist" | head -2 | tr '\n' ' ')" = "\"id\":\"$second\" \"id\":\"$first\" " ] ||
  die "history not newest first: $hist"
grep -q "\"id\":\"$second\"[^}]*\"verdict\":2,\"cause\":1,\"by\":\"op1\"" <<<"$hist" || die "how $second ended is not in the history: $hist"

by_phone=$(site 15646227021)
grep -q '"site":{"id":"KH0001"' <<<"$by_phone" || die "a contact's phone does not find the site: $by_phone"
many=$(site 翠湖花园)
grep -q '"site":{"id":"KH' <<<"$many" && die "words matching several sites opened one"
[ "$(grep -o '"address"' <<<"$many" | wc -l)" -ge 2 ] || die "the matching sites are not listed: $many"
none=$(site 无此站点)
grep -q '"matches":\[\]' <<<"$none" || die "words matching nothing: $none"
send a quit
wait "$a_PID"
"$CONSOLE" log export --journal "$T/a.journal" --format csv | grep -q ',view\.site,q=KH0001 found=KH0001 matches=0 history=2' ||
  die "the site card is not journaled"

# After a restart of the center the records still answer.
kill "$c_PID"
wait "$c_PID" 2>/dev/null
start_center c
start_console b "ws://127.0.0.1:$c_PORT" op1 Guard7desk
wait_synced b
n=$(count "$T/b.jsonl" '"ev":"site"')
send b "site KH0001"
poll 10 more_than "$T/b.jsonl" '"ev":"site"' "$n" || die "no site answer after the restart"
grep '"ev":"site"' "$T/b.jsonl" | tail -1 | grep -q "\"id\":\"$second\"" || die "the history is lost after a restart"
note "site card by account, phone and words; history newest first with how each ended; kept across a restart"
