#!/usr/bin/env bash
# End to end, by keys: three open alarms of one site are one row with a
# count, placed by the site's most urgent; e unfolds them under it and folds
# them again; c on the site's row claims all three (three claims at the
# center, journaled); the other site's alarm stays its own row.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
cat >"$T/s.jsonl" <<'S'
{"t": 0.2, "type": "alarm", "customer": "KH0002", "event": "131", "zone": 1}
{"t": 0.3, "type": "alarm", "customer": "KH0001", "event": "131", "zone": 1}
{"t": 0.4, "type": "alarm", "customer": "KH0001", "event": "131", "zone": 2}
{"t": 0.5, "type": "alarm", "customer": "KH0001", "event": "131", "zone": 6}
S
start_center c --scenario "$T/s.jsonl" --start-after 1
zh_console 130x36 op1 Guard7desk
wait_screen '李志强\(翠湖花园4栋2303\)（共 3 条，e 展开）' 10
rows() { screen | grep -cE '^P[1-4] [^ ]+ +[0-9]{2}:'; }
rows_are() { [ "$(rows)" = "$1" ]; }
poll 3 rows_are 2 || { screen >&2; die "expected 2 rows (a site of 3 alarms folded, and another): $(rows)"; }
# Linked alarms of one site are escalated: the site's row is its most urgent, on top.
screen | grep -E '^P[1-4] [^ ]+ +[0-9]{2}:' | head -1 | grep -q '李志强' || die "the site's row is not placed by its most urgent alarm"
key e; wait_screen '（共 3 条，e 收起）'
under() { [ "$(screen | grep -cE '^P[1-4] .*  └ 李志强')" = 2 ]; }
poll 3 under || die "the site's other alarms are not shown under it"
key e; wait_screen '（共 3 条，e 展开）'
poll 3 rows_are 2 || die "the site did not fold again"
key c; wait_screen '正在认领该站点的 3 条报警'
claims() { [ "$(grep -c 'op [^ ]* claim .* by op1 at op1: 0 ok' "$T/c.log")" = 3 ]; }
poll 5 claims || die "the center did not take three claims: $(grep -c ' claim ' "$T/c.log")"
key e; wait_screen '（共 3 条，e 收起）'
all_claimed() { [ "$(screen | grep -cE '^P[1-4] .*已认领 op1')" = 3 ]; }
poll 5 all_claimed || die "the three alarms are not all claimed on screen"
key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j.db" --format csv >"$T/j.csv"
[ "$(grep -c ',view\.group,KH0001' "$T/j.csv")" = 3 ] || die "unfolding and folding are not journaled"
[ "$(grep -c ',op\.claim,' "$T/j.csv")" = 3 ] || die "the three claims are not journaled"
note "a site of three alarms: one row, unfolded and folded, claimed together"
