#!/usr/bin/env python3
"""Regenerates po/alarmdesk.pot, po/zh_CN.po and po/en.po.

The Chinese wording follows the vocabulary of STANDARDS.md (值机员, 报警复核,
警情, 转发, 防区, 重要客户 …). Run after adding user-facing strings:
    python3 scripts/gen-po.py
A msgid without a translation here stays English and the script says so.
"""
import subprocess
import sys

ZH = {
    "Tab: district overview": "Tab：辖区总览",
    "%s %s  level %s %s (%d/%d)": "%s %s  楼层 %s %s (%d/%d)",
    "Cameras, nearest first (Enter opens):": "摄像机，由近到远（回车打开）：",
    "No cameras on this level.": "本层没有摄像机。",
    "No camera on this level.": "本层没有摄像机。",
    "District  %.1f cells/km  (+ - zoom, arrows pan, Tab plan)": "辖区总览  %.1f 格/公里（+ - 缩放，方向键平移，Tab 平面图）",
    " Map ": " 地图 ",
    " m close · Tab overview · [ ] level · ↑↓ camera ": " m 关闭 · Tab 总览 · [ ] 楼层 · ↑↓ 摄像机 ",
    "No alarm selected.": "未选中报警。",
    "Camera opened: %s  %s": "已打开摄像机：%s  %s",
    "%s is the plan of site %s, not %s": "%s 是站点 %s 的平面图，不是 %s 的",
    "site id '%.40s' cannot name a plan file": "站点编号“%.40s”不能用作平面图文件名",
    "no site plan %s (%s)": "没有站点平面图 %s（%s）",
    "no district map %s (%s)": "没有辖区地图 %s（%s）",
    "the map: site plan at the alarm point, cameras, district": "地图：报警点所在平面图、摄像机、辖区",
    "  ·  ON HOLD": "  ·  已挂起",
    "zone/position": "防区/位置",
    "AUDIO": "声音",
    "INSECURE": "不安全",
    "off": "关闭",
    "SILENCED": "已静音",
    "unclaimed": "未认领",
    "Silence ended: a more urgent alarm arrived.%s%s": "静音已结束：有更紧急的报警。%s%s",
    "Silence is over.%s%s": "静音已结束。%s%s",
    "Silenced for %s seconds (s again ends it).%s": "已静音 %s 秒（再按 s 恢复声音）。%s",
    "Sound is back on.%s%s": "声音已恢复。%s%s",
    "silence the alert sounds for a while": "暂时静音报警声",
    "the next step shown on the Next line": "执行“下一步”所示的步骤",
    "review by video, audio, image, phone": "视频、音频、图像、电话复核",
    "review result: real, false alarm, inconclusive": "复核结果：属实、误报、无法确认",
    "the manual forward checklist": "人工转发清单",
    "police confirmed the panel's direct report": "公安已确认收到主机直报",
    "open a work order (faults)": "生成维修工单（故障）",
    "hold for a while / resume": "挂起一段时间 / 恢复",
    "write a note on the alarm": "为报警写备注",
    "Note on this alarm (journaled and sent to the center)": "报警备注（记入日志并发送中心）",
    "Enter sends · Esc cancels": "Enter 发送 · Esc 取消",
    "↑↓ move · Space/Enter tick · n receiver · c confirm the forward · Esc close":
        "↑↓ 移动 · 空格/Enter 勾选 · n 接警人 · c 确认转发 · Esc 关闭",
    " (optional)": "（可选）",
    " · P: police confirmed receipt": " · P: 公安已确认收到",
    "%d minutes": "%d 分钟",
    "(set [console] callback_phone)": "（请配置 [console] callback_phone）",
    "A number chooses · Esc cancels": "按数字选择 · Esc 取消",
    "Cause of the false alarm": "误报原因",
    "Claim the alarm first (Enter).": "请先认领该报警（Enter）。",
    "Clock": "时限",
    "Clocks: ": "时限：",
    "Departed": "已出发",
    "Dispatched": "已派遣",
    "Enter: choose the cause and close": "Enter: 选择误报原因并结束",
    "Enter: claim": "Enter: 认领",
    "Enter: close": "Enter: 结束处置",
    "Enter: close (work order sent)": "Enter: 结束（已派维修工单）",
    "Enter: dispatch a field officer": "Enter: 派遣现场处置员",
    "Enter: forward (checklist)": "Enter: 警情转发（清单）",
    "Enter: officer arrived": "Enter: 处置员已到达",
    "Enter: officer departed": "Enter: 处置员已出发",
    "Enter: open the forward checklist": "Enter: 打开转发清单",
    "Enter: review by the plan's method · v a i p: video audio image phone · o: work order":
        "Enter: 按预案方式复核 · v a i p: 视频 音频 图像 电话 · o: 维修工单",
    "Enter: send a field officer to review on site": "Enter: 派员现场复核",
    "Enter: video review · v a i p: video audio image phone · o: work order":
        "Enter: 视频复核 · v a i p: 视频 音频 图像 电话 · o: 维修工单",
    "False alarm": "误报",
    "Field review result": "现场复核结果",
    "Forwarded": "已转发",
    "Forwarding": "转发中",
    "Held by %s": "由 %s 处理中",
    "Hold the alarm for": "挂起报警",
    "Incident": "警情",
    "Inconclusive": "无法确认",
    "Manual forward checklist": "人工转发清单",
    "Next: ": "下一步：",
    "Notify the customer": "通知用户",
    "Notify the insurer": "通知保险公司",
    "On scene": "已到现场",
    "Outcome": "处置结果",
    "Overdue: %s%s": "超时：%s%s",
    "Read-only role: supervisors cannot change alarms": "只读角色：值班长不能更改报警",
    "Received by (name, badge)": "接警人（姓名、警号）",
    "Record who received the forward first (n).": "请先记录接警人（n）。",
    "Review result": "复核结果",
    "Reviewing": "复核中",
    "That alarm is no longer open.": "该报警已结束。",
    "The forward is already confirmed.": "转发已确认。",
    "Too many operations waiting for the center.": "等待中心确认的操作过多。",
    "Type the name and badge, Enter to keep, Esc to cancel": "输入姓名和警号，Enter 保存，Esc 取消",
    "Waiting for the center to confirm the last step…": "等待中心确认上一步…",
    "Work order": "维修工单",
    "address": "地址",
    "arrive": "到达",
    "audio": "音频",
    "contact phone": "联系电话",
    "depart": "出发",
    "false alarm": "误报",
    "field": "现场",
    "forward": "转发",
    "forward received by ": "接警人 ",
    "free": "无人处理",
    "handling staff": "处置人员",
    "held": "挂起",
    "hold": "挂起",
    "image": "图像",
    "inconclusive: send a field officer to review on site": "无法确认：派员现场复核",
    "met": "达标",
    "missed": "超时",
    "no outcome to record": "不记录结果",
    "nobody holds it": "无人处理",
    "phone": "电话",
    "police check": "公安确认",
    "real: an incident (forward to the police)": "属实：警情（转发公安）",
    "release": "释放",
    "resume": "恢复",
    "review": "复核",
    "second alarm of this site: linked to %s": "同一地点的第二条报警：关联 %s",
    "to": "转发",
    "video": "视频",
    "y: real (incident) · n: false alarm · u: inconclusive": "y: 属实（警情） · n: 误报 · u: 无法确认",
    "y: real · n: false (field review result)": "y: 属实 · n: 误报（现场复核结果）",
    "  No open alarms.": "  当前没有未处理的报警。",
    " ? help ": " ? 帮助 ",
    " Alarm detail ": " 报警详情 ",
    "Address: ": "地址：",
    "Cameras: ": "摄像机：",
    "Channel: ": "通道：",
    "Claim the alarm before closing it.%s%s": "请先认领该报警再结束处置。%s%s",
    "Claimed": "已认领",
    "Class": "类别",
    "Closed": "已结束",
    "Connecting… press %s for help.%s": "正在连接中心… 按 %s 查看帮助。%s",
    "Connected to %s. Press ? for help.%s": "已连接 %s。按 ? 查看帮助。%s",
    "Contacts: ": "联系人：",
    "Customer": "客户",
    "DOWN": "中断",
    "Device: %s%s": "设备状态：%s%s",
    "Event": "事件",
    "Fault": "故障",
    "Fire": "火警",
    "IP network": "IP网络",
    "Intrusion": "入侵",
    "Keys": "按键",
    "Link lost: %s%s": "链路中断：%s%s",
    "Medical": "医疗",
    "NEW": "未认领",
    "Notice: %s%s": "通知：%s%s",
    "Offline": "离线",
    "Other": "其他",
    "PSTN": "电话线",
    "Panic": "紧急",
    "Password: ": "密码：",
    "Phone": "电话",
    "Plan: ": "预案：",
    "Press any key to close.": "按任意键关闭。",
    "REFUSED": "被拒绝",
    "Read-only role: %s%s": "只读角色：%s%s",
    "Refused: %s (%s)": "中心拒绝：%s（%s）",
    "SIP": "SIP",
    "Sending": "发送中",
    "State": "状态",
    "State: ": "状态：",
    "Tamper": "防拆",
    "Terminal too small: %dx%d, alarmdesk needs at least 80x24.":
        "终端窗口太小：%dx%d，alarmdesk 至少需要 80x24。",
    "Time": "时间",
    "Too many operations waiting for the center.%s%s": "等待中心确认的操作过多。%s%s",
    "Video": "视频",
    "Wait": "已等",
    "Wireless": "无线",
    "Zone": "防区",
    "Zone: ": "防区：",
    "[KEY CUSTOMER] ": "【重要客户】",
    "[KEY] ": "[重]",
    "claim (acknowledge) the selected alarm": "认领（确认）选中的报警",
    "claimed": "处理中",
    "close the alarm you hold": "结束本人处理的报警",
    "connecting": "连接中",
    "console": "值机台",
    "devices offline": "设备离线",
    "duty console": "值机台",
    "DEMO": "演示",
    "JOURNAL ERROR": "记录异常",
    "JOURNAL OFF": "记录未开启",
    "journal": "记录",
    "live": "实时",
    "first / last alarm": "第一条 / 最后一条",
    "idle": "未连接",
    "new": "未认领",
    "none received for this class": "中心未下发该类预案",
    "occurred": "发生",
    "operator": "值机员",
    "supervisor": "值班长",
    "trainee": "学员",
    "page through the queue": "翻页",
    "panel": "主机",
    "quit (asks to confirm)": "退出（需确认）",
    "received": "接收",
    "redraw the screen": "重绘屏幕",
    "release the claimed alarm": "释放已认领的报警",
    "select the previous / next alarm": "选择上一条 / 下一条报警",
    "sending": "待确认",
    "show or hide this help": "显示或隐藏本帮助",
    "skew": "时差",
    "supervisors cannot change alarms": "值班长只读，不能更改报警",
    "the console needs a terminal (use --batch for scripts)": "值机台需要在终端中运行（脚本请用 --batch）",
    "the console needs a UTF-8 locale: run it with LANG=C.UTF-8 (or zh_CN.UTF-8)":
        "值机台需要 UTF-8 区域设置：请以 LANG=C.UTF-8（或 zh_CN.UTF-8）运行",
    "unknown code": "未知代码",
    "up": "已连接",
    "Quit alarmdesk? Alarms keep arriving at the center. y = quit, any other key = stay":
        "退出 alarmdesk？中心仍在接收报警。按 y 退出，其他键留下",
}

def po_escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

def main():
    subprocess.check_call(["xgettext", "--from-code=UTF-8", "-k_", "-kN_", "--no-location",
                           "--sort-output", "--package-name=alarmdesk", "-o", "po/alarmdesk.pot"]
                          + sorted(__import__("glob").glob("app/*.c") + __import__("glob").glob("ui/*.c")))
    ids = []
    cur = None
    for line in open("po/alarmdesk.pot", encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("msgid "):
            cur = [line[6:]]
        elif line.startswith('"') and cur is not None:
            cur.append(line)
        elif line.startswith("msgstr") and cur is not None:
            text = "".join(eval(x) for x in cur)
            if text:
                ids.append(text)
            cur = None
    head = ('msgid ""\nmsgstr ""\n"Project-Id-Version: alarmdesk\\n"\n'
            '"PO-Revision-Date: 2026-11-21 00:00+0800\\n"\n"Last-Translator: alarmdesk <dev@alarmdesk.invalid>\\n"\n'
            '"Language-Team: alarmdesk\\n"\n"Language: %s\\n"\n"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n\n')
    missing = []
    for lang, table in (("zh_CN", ZH), ("en", {})):
        with open("po/%s.po" % lang, "w", encoding="utf-8") as f:
            f.write(head % lang)
            for i in ids:
                tr = table.get(i, i if lang == "en" else "")
                if lang == "zh_CN" and not tr:
                    missing.append(i)
                f.write('msgid "%s"\nmsgstr "%s"\n\n' % (po_escape(i), po_escape(tr)))
    for m in missing:
        print("untranslated (zh_CN): %r" % m, file=sys.stderr)
    print("po: %d messages" % len(ids))

main()
