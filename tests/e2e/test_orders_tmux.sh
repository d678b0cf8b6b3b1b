#!/usr/bin/env bash
# End to end, by keys: a fault alarm's work order (Enter on a claimed fault)
# appears on the work orders page (M) with its repair clock; it is assigned
# from the maintenance staff list, a step out of order is refused in words,
# it goes through repair, verification and close; a work order made by hand
# (n) for another site; all of it journaled and at the center.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
echo '{"t": 0.2, "type": "alarm", "customer": "KH0006", "event": "301", "zone": 0}' >"$T/s.jsonl"
start_center c --scenario "$T/s.jsonl" --start-after 1
zh_console 130x40 op1 Guard7desk
wait_screen '^P4 故障 ' 10
key Enter; wait_screen '已认领 op1'
key Enter; wait_screen '维修工单 op1|工单 op1'        # Enter on a claimed fault: its work order
key M; wait_screen '维修工单（未关闭 1）'
wait_screen '^一般 +[0-9]+h[0-9]{2} +待派工 +- +董艳'   # normal: 24 h on its clock
key r; wait_screen '修复了什么'; key -l '换电池'; key Enter
wait_screen '中心拒绝：维修尚未开始。'              # out of order, in words
key a; wait_screen '把工单派给'; key 1
wait_screen '已派工 +维修一组 张工 13800001111'
key b; wait_screen '维修中'
key r; wait_screen '修复了什么'; key -l '更换交流电源适配器'; key Enter
wait_screen '已修复'
wait_screen 'op1  已修复：更换交流电源适配器'
key v; wait_screen '已验证'
key c; wait_screen '没有未关闭的工单'
note "a fault's work order assigned, repaired, verified and closed by keys; a step out of order refused"

key n; wait_screen '新建工单：站点账号'; key -l 'KH0002'; key Enter
wait_screen '新工单的紧急程度'; key 1
wait_screen '故障描述'; key -l '门禁控制器无法联网'; key Enter
wait_screen '^特急 .*待派工 .*姚静'
key Escape; key q; key y; wait_session_end
"$CONSOLE" log export --journal "$T/j.db" --format csv >"$T/j.csv"
[ "$(grep -c ',op\.work,' "$T/j.csv")" -ge 6 ] || die "the work order's steps are not journaled"
grep -q ',op\.work_new,.*门禁控制器无法联网' "$T/j.csv" || die "the new work order is not journaled"
grep -q 'work order WO-[^ ]*: close by op1' "$T/c.log" || die "the center did not close the order"
note "a work order by hand, extra urgent; journaled"
