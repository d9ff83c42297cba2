"""Build the sample workbooks: October 2026 in the 客服部 of 淮安市保安服务总公司.

A small department — head 赵刚, supervisor 张敏, agents 王芳, 李娜, 刘洋, 陈静, clerk 孙悦 —
keeps its three workbooks for a month that has everything the calendar can throw at the
deadlines: complaints received before and during the National Day holidays (10-01..10-07),
on the 调休 working Saturday 10-10 and on ordinary days.

The data are written out by hand (no randomness), and `build_template` is byte-for-byte
reproducible, so a fresh build equals the committed files. A dozen typical slips of hurried
staff are planted on purpose, each marked `# MISTAKE` with the rule it should trigger;
nothing else in the samples may give a finding as of `AS_OF`.

Rebuild the committed files with `python -m csbook.sample.build`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from csbook.io.templates import TEMPLATE_FILES, build_template
from csbook.rules.settings import Settings

Row = dict[str, Any]

AS_OF = datetime(2026, 10, 31, 18, 0)  # the demo's reference time: the month's last evening
YEAR = 2026
SUPERVISOR = "张敏"
HEAD = "赵刚"
CLERK = "孙悦"

# 业务量 (contracts served) per responsible unit, for complaint rates per 1,000
UNIT_VOLUME = {"一站": 1200, "二站": 950, "三站": 800, "巡逻大队": 600, "押运中队": 450}


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


def dt(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(YEAR, month, day, hour, minute)


# ---------------------------------------------------------------------------------------------
# 回访登记表: 回访登记 and 投诉登记
# ---------------------------------------------------------------------------------------------

# client unit -> (联系人, 联系电话)
CLIENTS: dict[str, tuple[str, str]] = {
    "淮安市第一人民医院": ("周建国", "0517-84922056"),
    "淮安市淮阴医院": ("吴海峰", "13905231876"),
    "淮安市妇幼保健院": ("许丽华", "0517-83679021"),
    "淮安市实验小学": ("朱卫东", "13852390417"),
    "淮安市清江中学": ("杨志刚", "0517-83652318"),
    "淮阴师范学院": ("孙立新", "0517-83525109"),
    "淮安市政务服务中心": ("蒋文静", "0517-83608812"),
    "清江浦区政务服务中心": ("何晓东", "18762019335"),
    "淮安区政务服务中心": ("潘玉梅", "0517-85913406"),
    "翔宇花园小区物业服务中心": ("胡志强", "15189571420"),
    "万达华府小区物业服务中心": ("马丽", "13770478263"),
    "清河新村社区居委会": ("陆秀英", "0517-83918870"),
    "中国银行淮安分行": ("郑斌", "0517-83711245"),
    "江苏银行淮安分行": ("韩冬", "13951259830"),
    "淮安农村商业银行": ("曹建华", "0517-80818675"),
}


def visit(
    when: date | str,
    client: str,
    method: str,
    kind: str,
    staff: str,
    satisfaction: str,
    feedback: str,
    **extra: Any,
) -> Row:
    """One row of 回访登记; a visit in person (上门) is signed by the client's contact."""
    contact, phone = CLIENTS[client]
    row: Row = {
        "visit_date": when,
        "client": client,
        "contact": contact,
        "phone": phone,
        "method": method,
        "kind": kind,
        "feedback": feedback,
        "satisfaction": satisfaction,
        "staff": staff,
        "reviewed_by": SUPERVISOR,
    }
    if method in ("上门", "面谈"):
        row["signed_by"] = contact
    row.update(extra)
    return row


def promise(text: str, by: date, resolved: date | None = None, followup: date | None = None) -> Row:
    """承诺解决方法 with its deadline, resolution and follow-up dates."""
    return {"promise": text, "promised_by": by, "resolved_on": resolved, "followup_on": followup}


def visit_rows() -> list[Row]:
    rows = [
        # 10-08 Thu, the first working day after the National Day holidays
        visit(d(10, 8), "翔宇花园小区物业服务中心", "电话", "投诉回访", "陈静", "满意",
              "东门已恢复24小时值守，外来车辆登记后放行，业主认可", complaint_id="TS-2026-088"),
        visit(d(10, 8), "淮安市第一人民医院", "上门", "意见征求", "王芳", "满意",
              "希望节后门急诊高峰时段加强人员疏导",
              **promise("门诊高峰时段（8:00-10:00）增派一名保安员", d(10, 12), d(10, 12), d(10, 14))),
        visit(d(10, 8), "淮安市政务服务中心", "电话", "定期回访", "李娜", "非常满意",
              "国庆期间大厅安保、值守到位"),
        # 10-09 Fri
        visit(d(10, 9), "江苏银行淮安分行", "电话", "定期回访", "刘洋", "满意",
              "营业厅门岗、守库正常"),
        visit(d(10, 9), "淮安市实验小学", "上门", "满意度调查", "陈静", "非常满意",
              "护学岗准时到岗，学生上下学秩序良好"),
        # an install call-back the day after installing, within the 3 days allowed (V13)
        visit(d(10, 9), "中国银行淮安分行", "邮件", "安装回访", CLERK, "满意",
              "新装周界报警系统运行稳定，无误报", installed_on=d(10, 8)),
        # 10-10 Sat, a 调休 working day
        visit(d(10, 10), "中国银行淮安分行", "电话", "投诉回访", "刘洋", "满意",
              "押运车辆此后均按约定时间到达", complaint_id="TS-2026-089"),
        visit(d(10, 10), "清河新村社区居委会", "上门", "定期回访", "王芳", "一般",
              "夜间巡逻频次偏少，居民反映后半夜见不到巡逻人员",
              **promise("每晚增加一次后半夜巡逻并签到", d(10, 13), d(10, 13), d(10, 15))),
        # 10-12 Mon
        visit(d(10, 12), "淮安市政务服务中心", "电话", "投诉回访", "王芳", "满意",
              "午间换岗已改为先到后走，未再出现空岗", complaint_id="TS-2026-087"),
        visit(d(10, 12), "淮阴师范学院", "上门", "意见征求", "李娜", "满意",
              "建议大型活动期间提前三天报备临时岗位需求"),
        visit(d(10, 12), "淮安农村商业银行", "微信", "定期回访", "刘洋", "满意",
              "网点安保工作正常"),
        # 10-13 Tue
        visit(d(10, 13), "淮安市淮阴医院", "上门", "定期回访", "陈静", "满意",
              "住院部门岗服务规范"),
        visit(d(10, 13), "万达华府小区物业服务中心", "电话", "满意度调查", "李娜", "不满意",
              "对下季度安保服务费上调有异议，要求说明依据"),
        visit(d(10, 13), "淮安区政务服务中心", "信函", "意见征求", CLERK, "满意",
              "寄发意见征求函，10月13日收到回函，无新的要求"),
        # 10-14 Wed
        visit(d(10, 14), "淮安市第一人民医院", "电话", "投诉回访", "李娜", "满意",
              "涉事保安员已调离急诊岗并当面致歉", complaint_id="TS-2026-091"),
        visit(d(10, 14), "淮安市妇幼保健院", "上门", "满意度调查", "王芳", "非常满意",
              "门诊秩序维护好，保安员主动帮助孕妇"),
        visit(d(10, 14), "清江浦区政务服务中心", "电话", "定期回访", "刘洋", "满意",
              "夜间巡逻正常"),
        # 10-15 Thu; the after-sales visit's date was typed as text (read all the same)
        visit(d(10, 15), "淮安市实验小学", "电话", "投诉回访", "陈静", "满意",
              "护学岗保安员已向家长当面致歉，学校认可", complaint_id="TS-2026-090"),
        visit("2026年10月15日", "江苏银行淮安分行", "上门", "售后回访", "刘洋", "满意",
              "金库门禁系统升级后运行正常"),
        visit(d(10, 15), "淮安市清江中学", "电话", "定期回访", "王芳", "非常满意",
              "校园安保无问题"),
        # 10-16 Fri
        visit(d(10, 16), "江苏银行淮安分行", "邮件", "投诉回访", "李娜", "满意",
              "报警主机已检修，巡逻大队处置流程已重新培训", complaint_id="TS-2026-092"),
        visit(d(10, 16), "翔宇花园小区物业服务中心", "上门", "意见征求", "陈静", "一般",
              "希望地下车库增设巡更打卡点",
              **promise("地下车库增设2个巡更点", d(10, 23), d(10, 21), d(10, 23))),
        visit(d(10, 16), "中国银行淮安分行", "电话", "满意度调查", "王芳", "非常满意",
              "押运服务准时规范"),
        # 10-19 Mon
        visit(d(10, 19), "清江浦区政务服务中心", "电话", "投诉回访", "刘洋", "满意",
              "巡逻签到已补齐，巡逻大队增加抽查", complaint_id="TS-2026-093"),
        # MISTAKE V06: 关联投诉编号 with two digits swapped (the complaint is TS-2026-094)
        visit(d(10, 19), "淮安市淮阴医院", "电话", "投诉回访", "王芳", "满意",
              "充电区消防通道已清理，巡查已加密", complaint_id="TS-2026-049"),
        visit(d(10, 19), "淮安农村商业银行", "上门", "意见征求", "李娜", "满意",
              "希望押运交接时间再准确一些"),
        # 10-20 Tue
        visit(d(10, 20), "淮安市政务服务中心", "上门", "满意度调查", "陈静", "非常满意",
              "大厅秩序井然"),
        # MISTAKE V05: the mobile number typed with one digit missing (10 digits)
        visit(d(10, 20), "万达华府小区物业服务中心", "微信", "定期回访", CLERK, "一般",
              "收费说明已收到，仍希望费用分项列明", phone="1377047826"),
        visit(d(10, 20), "淮安市妇幼保健院", "电话", "定期回访", "刘洋", "满意",
              "夜间门岗正常"),
        # 10-21 Wed
        # MISTAKE V10: 复访日期 typed as 10-24 before the 10-26 resolution (meant 10-28)
        visit(d(10, 21), "淮安区政务服务中心", "电话", "定期回访", "王芳", "一般",
              "大厅叫号区高峰时段秩序维护不够",
              **promise("高峰时段增加一名引导岗", d(10, 26), d(10, 26), d(10, 24))),
        # MISTAKE V11: a visit in person without the client's signature
        visit(d(10, 21), "淮安市清江中学", "上门", "意见征求", "李娜", "满意",
              "建议考试期间校门口增加临时岗", signed_by=None),
        visit(d(10, 21), "淮阴师范学院", "电话", "满意度调查", "陈静", "满意",
              "校园巡逻正常"),
        # 10-22 Thu; 面谈 is the staff's word for 上门 (read as 上门, and signed)
        visit(d(10, 22), "万达华府小区物业服务中心", "电话", "投诉回访", "刘洋", "满意",
              "已书面说明调价依据，客户表示理解", complaint_id="TS-2026-095"),
        visit(d(10, 22), "中国银行淮安分行", "面谈", "意见征求", "王芳", "非常满意",
              "对押运和守库服务满意，无新的要求"),
        visit(d(10, 22), "清河新村社区居委会", "电话", "满意度调查", "李娜", "满意",
              "后半夜巡逻已落实"),
        # 10-23 Fri
        visit(d(10, 23), "淮安市第一人民医院", "上门", "满意度调查", "陈静", "一般",
              "门诊保安员服务用语不够规范",
              **promise("组织一站门诊岗保安员服务礼仪培训", d(10, 30), d(10, 28), d(10, 30))),
        visit(d(10, 23), "淮安市实验小学", "电话", "定期回访", "刘洋", "满意",
              "护学岗正常"),
        # 10-26 Mon
        visit(d(10, 26), "淮安农村商业银行", "电话", "投诉回访", "王芳", "满意",
              "押运中队负责人已上门致歉，涉事押运员停岗培训", complaint_id="TS-2026-096"),
        visit(d(10, 26), "淮安市第一人民医院", "电话", "投诉回访", "李娜", "一般",
              "门诊大厅保安员态度有改善，仍需持续关注", complaint_id="TS-2026-097"),
        visit(d(10, 26), "江苏银行淮安分行", "微信", "定期回访", "陈静", "满意",
              "营业厅安保正常"),
        # 10-27 Tue
        visit(d(10, 27), "淮安市妇幼保健院", "电话", "意见征求", "刘洋", "满意",
              "希望停车场高峰时段增派疏导人员"),
        visit(d(10, 27), "清江浦区政务服务中心", "上门", "意见征求", "王芳", "满意",
              "无新的要求"),
        # 10-28 Wed; the camera is fixed, the follow-up is not yet due (待复访)
        visit(d(10, 28), "淮安市淮阴医院", "邮件", "满意度调查", CLERK, "非常满意",
              "问卷回复：各项均为非常满意"),
        visit(d(10, 28), "翔宇花园小区物业服务中心", "电话", "定期回访", "李娜", "满意",
              "小区南门监控有盲区",
              **promise("10月30日前调整南门摄像头角度", d(10, 30), d(10, 29))),
        # 10-29 Thu; a promise due in November stays open (待解决); not yet reviewed
        visit(d(10, 29), "万达华府小区物业服务中心", "上门", "意见征求", "陈静", "一般",
              "希望公布保安服务费用明细",
              **promise("11月5日前提供服务费用明细表", d(11, 5)), reviewed_by=None),
        visit(d(10, 29), "淮安市清江中学", "电话", "满意度调查", "刘洋", "满意",
              "校园安保满意", reviewed_by=None),
        visit(d(10, 29), "淮阴师范学院", "上门", "定期回访", "王芳", "满意",
              "东门车辆登记已规范", reviewed_by=None),
        # 10-30 Fri
        visit(d(10, 30), "淮阴师范学院", "电话", "投诉回访", "李娜", "满意",
              "车辆登记整改到位", complaint_id="TS-2026-098", reviewed_by=None),
        visit(d(10, 30), "淮安市妇幼保健院", "上门", "定期回访", "陈静", "满意",
              "停车场道闸已报修", reviewed_by=None),
        # MISTAKE R02: a date typed by hand that cannot exist
        visit("2026-10-32", "淮安农村商业银行", "电话", "定期回访", "刘洋", "满意",
              "网点安保正常", reviewed_by=None),
    ]  # fmt: skip
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def complaint(
    cid: str,
    received: datetime,
    client: str,
    channel: str,
    category: str,
    content: str,
    unit: str,
    owner: str,
    replied: datetime | None = None,
    resolution: str | None = None,
    resolved: datetime | None = None,
    followup: datetime | None = None,
    severe: bool = False,
) -> Row:
    row: Row = {
        "complaint_id": cid,
        "received_at": received,
        "client": client,
        "channel": channel,
        "category": category,
        "content": content,
        "unit": unit,
        "replied_at": replied,
        "resolution": resolution,
        "resolved_at": resolved,
        "followup_at": followup,
        "severe": severe,
        "owner": owner,
    }
    if followup is not None:
        row["followup_result"] = "已解决"
        row["followups"] = 1
    return {k: v for k, v in row.items() if v is not None}


def complaint_rows() -> list[Row]:
    return [
        # Wed 09-30 10:00, the eve of the holidays: due Thu 10-08 10:00
        complaint("TS-2026-087", dt(9, 30, 10), "淮安市政务服务中心", "电话", "服务质量",
                  "大厅安检口保安员午间换岗时空岗约10分钟", "一站", "王芳",
                  dt(10, 8, 9, 20), "一站调整换岗方式为先到后走，对带班班长批评教育",
                  dt(10, 9, 17), dt(10, 12, 10)),
        # Sat 10-03, a holiday: due Thu 10-08 24:00; the duty agent replied the same day
        complaint("TS-2026-088", dt(10, 3, 14, 20), "翔宇花园小区物业服务中心", "微信", "安全",
                  "国庆期间小区东门夜间无人值守，外来车辆随意进出", "二站", "陈静",
                  dt(10, 3, 16), "二站当晚补派夜间门岗，恢复24小时值守",
                  dt(10, 5, 18), dt(10, 8, 10, 30)),
        # Mon 10-05, a holiday: due Thu 10-08 24:00
        complaint("TS-2026-089", dt(10, 5, 9, 40), "中国银行淮安分行", "电话", "工作效率",
                  "假期ATM加钞押运车较约定时间晚到1小时", "押运中队", "刘洋",
                  dt(10, 8, 11), "押运中队调整假期线路排班，向网点说明原因",
                  dt(10, 9, 15), dt(10, 10, 10)),
        # MISTAKE D03 (超时): Fri 10-09 16:00 is due Sat 10-10 16:00, a 调休 working day;
        # the agent took Saturday for a rest day and replied on Monday
        complaint("TS-2026-090", dt(10, 9, 16), "淮安市实验小学", "电话", "服务态度",
                  "校门口护学岗保安员对接送孩子的家长态度生硬", "三站", "陈静",
                  dt(10, 12, 9, 30), "三站对涉事保安员批评教育，安排当面致歉",
                  dt(10, 13, 16), dt(10, 15, 9, 40)),
        # Sat 10-10 09:00, the 调休 working day: due Mon 10-12 09:00
        complaint("TS-2026-091", dt(10, 10, 9), "淮安市第一人民医院", "来访", "服务态度",
                  "急诊楼保安员劝离陪护家属时言语不当", "一站", "李娜",
                  dt(10, 10, 14, 30), "涉事保安员调离急诊岗并当面致歉",
                  dt(10, 12, 17), dt(10, 14, 10)),
        complaint("TS-2026-092", dt(10, 12, 10, 30), "江苏银行淮安分行", "邮件", "设备设施",
                  "营业厅联网报警主机两次误报，巡逻大队未及时到场处置", "巡逻大队", "李娜",
                  dt(10, 13, 9), "报警主机检修更换探头，巡逻大队重新培训处置流程",
                  dt(10, 15, 11), dt(10, 16, 15)),
        complaint("TS-2026-093", dt(10, 14, 15, 10), "清江浦区政务服务中心", "网站", "工作效率",
                  "夜间巡逻签到记录两次缺失", "巡逻大队", "刘洋",
                  dt(10, 15, 10), "巡逻大队补齐记录，增加夜间抽查",
                  dt(10, 16, 16), dt(10, 19, 9, 30)),
        complaint("TS-2026-094", dt(10, 15, 9, 15), "淮安市淮阴医院", "电话", "安全",
                  "住院部电动车充电区堵塞消防通道，巡查保安员未制止", "二站", "王芳",
                  dt(10, 15, 11), "二站清理通道并加密巡查，每日两次拍照上报",
                  dt(10, 17, 10), dt(10, 19, 14)),
        complaint("TS-2026-095", dt(10, 16, 11), "万达华府小区物业服务中心", "信函", "收费",
                  "来函对下季度安保服务费上调有异议", "二站", "刘洋",
                  dt(10, 16, 15, 30), "书面说明调价依据（人工成本上涨），客户表示理解",
                  dt(10, 21, 10), dt(10, 22, 9)),
        # 恶性 by the manual flag
        complaint("TS-2026-096", dt(10, 20, 14), "淮安农村商业银行", "来访", "服务态度",
                  "押运车在营业网点门前违规停放，押运员与网点员工发生争执", "押运中队", "王芳",
                  dt(10, 20, 16), "押运中队负责人上门致歉，涉事押运员停岗培训",
                  dt(10, 23, 11), dt(10, 26, 9), severe=True),
        # 重复: the same client and category as TS-2026-091, 12 days earlier
        complaint("TS-2026-097", dt(10, 22, 8, 50), "淮安市第一人民医院", "电话", "服务态度",
                  "门诊大厅保安员对问询患者不耐烦", "一站", "李娜",
                  dt(10, 22, 10), "一站组织门诊岗服务礼仪培训，带班班长每日检查",
                  dt(10, 23, 17), dt(10, 26, 10, 30)),
        # Fri 16:30: due Mon 10-26 16:30
        complaint("TS-2026-098", dt(10, 23, 16, 30), "淮阴师范学院", "微信", "服务质量",
                  "校园东门外来车辆登记不规范", "三站", "陈静",
                  dt(10, 26, 9), "三站重新培训门岗登记流程",
                  dt(10, 28, 15), dt(10, 30, 10)),
        # MISTAKE V20: the previous complaint's number typed again for a new complaint;
        # resolved 10-29, so its follow-up is not yet due (due 11-01 24:00)
        complaint("TS-2026-098", dt(10, 27, 10, 5), "淮安市清江中学", "电话", "其他",
                  "晚自习放学时校门口保安员未到岗疏导", "三站", "刘洋",
                  dt(10, 27, 15), "三站调整晚间岗位时间至21:30",
                  dt(10, 29, 16)),
        # replied, not yet resolved
        complaint("TS-2026-099", dt(10, 29, 9, 30), "淮安市妇幼保健院", "电话", "工作效率",
                  "夜间停车场道闸故障，值班保安员处置慢", "二站", "王芳",
                  dt(10, 29, 14)),
        # Fri 15:40, no reply yet: due Mon 11-02 15:40 (待回复)
        complaint("TS-2026-100", dt(10, 30, 15, 40), "淮安市政务服务中心", "网站", "设备设施",
                  "大厅自助查询机旁监控摄像头损坏", "一站", "陈静"),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# 交接班记录
# ---------------------------------------------------------------------------------------------

SHIFTS = (("早班", time(8)), ("中班", time(16)), ("夜班", time(0)))
# the duty rota: one person on the hotline per shift, taking turns in this order
ROTA = ("王芳", "李娜", "刘洋", "陈静", CLERK)

ITEMS = (
    ("热线值守正常，无未结事项", 0),
    ("交接值班电话、投诉登记簿、钥匙，无未结事项", 0),
    ("热线来电均已登记，无未结事项", 0),
    ("交接值班手机和监控平台账号，一切正常", 0),
    ("客户来电咨询已答复，无未结事项", 0),
    ("巡逻大队报平安，无未结事项", 0),
)
SPECIAL_ITEMS: dict[tuple[date, str], tuple[str, int]] = {
    (d(10, 3), "中班"): ("翔宇花园小区投诉TS-2026-088已转二站，待二站反馈", 1),
    (d(10, 5), "早班"): ("中国银行淮安分行来电投诉押运车晚到，已登记TS-2026-089", 1),
    (d(10, 9), "中班"): ("实验小学投诉TS-2026-090已登记，待三站核实", 1),
    (d(10, 10), "早班"): ("第一人民医院来访投诉TS-2026-091，已转一站", 1),
    (d(10, 29), "早班"): ("妇幼保健院投诉TS-2026-099已回复，待二站处理", 1),
    (d(10, 30), "中班"): ("政务服务中心网站投诉TS-2026-100待回复", 1),
}

LATE = (d(10, 21), "早班")  # MISTAKE H01 (迟到): 李娜 arrives 08:12, stuck in traffic
MISSING_SIGNATURE = (d(10, 9), "夜班")  # MISTAKE V32: the receiver forgot to sign
# 10-16: 刘洋 leaves the 中班 at 20:00 for a family matter; 孙悦 covers the rest of it with
# the supervisor's approval and hands over to the 夜班 (a change of hands an approved swap
# explains: the 中班's receiver is not the 夜班's hander-over)
SWAP = (d(10, 16), "夜班", CLERK)
# MISTAKE H04 (on both rows): on Sunday 10-25 李娜 stands in for 陈静 for the afternoon of the
# 早班 by private arrangement, without an approved swap: the 早班 was taken over by 陈静 but
# the 中班 is handed over by 李娜
BREAK = (d(10, 25), "中班", "李娜")


def handover_rows() -> list[Row]:
    slots = [(d(10, day), name, start) for day in range(1, 32) for name, start in SHIFTS]
    on_duty = [ROTA[k % len(ROTA)] for k in range(len(slots) + 1)]  # [0]: 09-30 夜班
    rows: list[Row] = []
    for k, (day, shift, start) in enumerate(slots, start=1):
        giver, taker = on_duty[k - 1], on_duty[k]
        begins = datetime.combine(day + timedelta(days=1) if shift == "夜班" else day, start)
        if begins > AS_OF:
            break  # 10-31's 夜班 has not begun at the demo's reference time: not yet in the log
        early = 10 + (k * 7) % 11  # 10–20 minutes before the start
        arrived = (begins - timedelta(minutes=early)).time()
        items, open_items = SPECIAL_ITEMS.get((day, shift), ITEMS[k % len(ITEMS)])
        row: Row = {
            "date": day,
            "shift": shift,
            "from_staff": giver,
            "to_staff": taker,
            "arrived_at": arrived,
            "items": items,
            "open_items": open_items,
            "from_signed": giver,
            "to_signed": taker,
            "face_to_face": True,
            # the supervisor checks the log every day but the weekend rest days
            "reviewed_by": SUPERVISOR if day.weekday() < 5 or day == d(10, 10) else None,
        }
        if (day, shift) == LATE:
            assert taker == "李娜"
            row["arrived_at"] = time(8, 12)
            row["note"] = "路上堵车"
        if (day, shift) == MISSING_SIGNATURE:
            row["to_signed"] = None
        if (day, shift) == SWAP[:2]:
            stand_in = SWAP[2]
            assert stand_in not in on_duty[k - 2 : k + 1]
            row.update(
                from_staff=stand_in,
                from_signed=stand_in,
                swapped=True,
                swap_approver=SUPERVISOR,
                note=f"{giver}20:00起因家事请假，经{SUPERVISOR}批准由{stand_in}顶班",
            )
        if (day, shift) == BREAK[:2]:
            stand_in = BREAK[2]
            assert stand_in not in (giver, taker)
            row.update(from_staff=stand_in, from_signed=stand_in)
        rows.append({k2: v for k2, v in row.items() if v is not None})
    return rows


# ---------------------------------------------------------------------------------------------
# 处罚汇总表
# ---------------------------------------------------------------------------------------------


def roster_rows() -> list[Row]:
    people = (
        ("KF001", HEAD, "客服部主任", 5500, 400, 1200, date(2015, 3, 1), date(2027, 2, 28)),
        ("KF002", SUPERVISOR, "主管", 4200, 400, 900, date(2017, 7, 1), date(2027, 6, 30)),
        ("KF003", "王芳", "客服专员", 3200, 300, 600, date(2019, 4, 8), date(2028, 4, 7)),
        ("KF004", "李娜", "客服专员", 3000, 300, 600, date(2020, 9, 1), date(2029, 8, 31)),
        ("KF005", "刘洋", "客服专员", 2900, 300, 500, date(2022, 3, 15), date(2028, 3, 14)),
        ("KF006", "陈静", "客服专员", 2800, 300, 500, date(2023, 6, 1), date(2029, 5, 31)),
        ("KF007", CLERK, "文员", 2800, 200, 400, date(2024, 7, 1), date(2027, 6, 30)),
    )
    return [
        {
            "staff_id": sid,
            "name": name,
            "department": "客服部",
            "post": post,
            "base_pay": Decimal(base),
            "allowance": Decimal(allowance),
            "bonus": Decimal(bonus),
            "hired_on": hired,
            "contract_end": end,
        }
        for sid, name, post, base, allowance, bonus, hired, end in people
    ]


def offence(
    day: date,
    staff_id: str | None,
    name: str,
    code: str,
    description: str,
    notified: date,
    **extra: Any,
) -> Row:
    row: Row = {
        "date": day,
        "staff_id": staff_id,
        "name": name,
        "code": code,
        "description": description,
        "notified_on": notified,
        "signed": name,
        "issued_on": notified,
        "approver": HEAD,
    }
    row.update(extra)
    return {k: v for k, v in row.items() if v is not None}


def offence_rows() -> list[Row]:
    return [
        offence(d(1, 12), "KF005", "刘洋", "L07", "1月12日早班迟到8分钟", d(1, 13)),
        offence(d(2, 20), "KF006", "陈静", "L05", "值班台档案、办公用品摆放凌乱", d(2, 21)),
        offence(d(3, 9), "KF004", "李娜", "L03", "值班时间未经允许上网聊天", d(3, 10)),
        offence(d(4, 16), "KF005", "刘洋", "L24", "值班时闲聊，来电响铃多声未接", d(4, 16)),
        # an appeal 3 days after the notice, within the 6 days allowed
        offence(d(5, 22), "KF007", CLERK, "S27", "多次使用热线电话联系私人事宜", d(5, 25),
                appealed_on=d(5, 28), appeal_result="维持原处分"),
        # 刘洋's third valid 口头批评 of the year: escalated to 书面批评
        offence(d(6, 18), "KF005", "刘洋", "L07", "6月18日中班迟到5分钟", d(6, 19)),
        # S04 with its amount: owes twice the retail price
        offence(d(7, 8), "KF003", "王芳", "S04", "私自将公司配发的强光手电带回家使用",
                d(7, 9), amount=Decimal(85)),
        # MISTAKE V42: S04 (money rule 2x) without 涉及金额
        offence(d(8, 27), "KF006", "陈静", "S04", "私自领用库存雨衣两件未登记", d(8, 28)),
        # MISTAKE V40: the name mistyped (刘阳 for 刘洋) and no 工号
        offence(d(9, 14), None, "刘阳", "L13", "值班未佩戴工牌", d(9, 15)),
        # MISTAKE V43 (warning): the appeal 9 days after the notice (6 allowed)
        offence(d(10, 14), "KF003", "王芳", "L15", "将值班室门禁卡借给外来维修人员",
                d(10, 15), appealed_on=d(10, 24), appeal_result="超过申诉期限，不予受理"),
        offence(d(10, 27), "KF007", CLERK, "L30", "在值班室乱扔外卖餐盒", d(10, 28)),
    ]  # fmt: skip


def leave(name: str, kind: str, start: date, end: date, applied: date | None, **extra: Any) -> Row:
    row: Row = {"name": name, "kind": kind, "start": start, "end": end, "applied_on": applied}
    row.update(extra)
    return {k: v for k, v in row.items() if v is not None}


def leave_rows() -> list[Row]:
    ids = {row["name"]: row["staff_id"] for row in roster_rows()}
    rows = [
        # the days 考勤 gives for 张敏, 刘洋 and 陈静; a supervisor approves up to 3 days
        leave(SUPERVISOR, "事假", d(10, 16), d(10, 16), d(10, 14), approver=HEAD),
        leave("刘洋", "病假", d(10, 12), d(10, 13), d(10, 10), approver=SUPERVISOR),
        leave("陈静", "事假", d(10, 19), d(10, 20), d(10, 15), approver=SUPERVISOR),
        # 丧假 for a parent: three paid calendar days
        leave(HEAD, "丧假", d(10, 28), d(10, 30), d(10, 27), approver=HEAD, relation="直系"),
        # MISTAKE Q04 (error): a day off asked for but never approved: 旷工, an S01
        leave(CLERK, "事假", d(10, 23), d(10, 23), d(10, 22), note="家中有事"),
        # MISTAKE Q05 (error): sick on Monday without notice, the hospital note brought on
        # Thursday, after Wednesday 10-28 (the 2nd working day): 旷工, an S01
        leave("王芳", "病假", d(10, 26), d(10, 26), None, approver=SUPERVISOR,
              note_on=d(10, 29)),
    ]  # fmt: skip
    return [{"staff_id": ids[row["name"]], **row} for row in rows]


def attendance_rows() -> list[Row]:
    # (姓名, 迟到, 早退, 事假, 病假); 李娜's late arrival is the 10-21 早班 of the handover log;
    # 旷工 is left blank: the absences of the month come from 请假登记 (Q06)
    counts = (
        (HEAD, 0, 0, 0, 0),
        (SUPERVISOR, 0, 0, 1, 0),
        ("王芳", 0, 0, 0, 0),
        ("李娜", 1, 0, 0, 0),
        ("刘洋", 0, 0, 0, 2),
        ("陈静", 0, 0, 2, 0),
        (CLERK, 0, 1, 0, 0),
    )
    ids = {row["name"]: row["staff_id"] for row in roster_rows()}
    return [
        {
            "month": f"{YEAR}-10",
            "staff_id": ids[name],
            "name": name,
            "late": late,
            "early": early,
            "personal_leave": personal,
            "sick_leave": sick,
        }
        for name, late, early, personal, sick in counts
    ]


# ---------------------------------------------------------------------------------------------


BRANCH = "清江浦分公司"


def workbooks() -> Iterator[tuple[str, Settings, dict[str, list[Row]]]]:
    """(kind, settings, rows by sheet) of each sample workbook. A small branch: its 参数 asks
    ten visits a month of each agent rather than the sources' twenty."""
    yield (
        "visits",
        Settings(branch=BRANCH, visits_per_month=10, unit_volume=UNIT_VOLUME),
        {"回访登记": visit_rows(), "投诉登记": complaint_rows()},
    )
    yield "handover", Settings(branch=BRANCH), {"交接班": handover_rows()}
    yield (
        "penalties",
        Settings(branch=BRANCH, local_min_wage=Decimal("2490"), unit_volume=UNIT_VOLUME),
        {
            "员工": roster_rows(),
            "过失登记": offence_rows(),
            "考勤": attendance_rows(),
            "请假登记": leave_rows(),
        },
    )


def build_samples(directory: Path) -> list[Path]:
    """Write the three sample workbooks into `directory`; returns their paths."""
    directory = Path(directory)
    return [
        build_template(kind, directory / TEMPLATE_FILES[kind], settings=settings, rows=rows)
        for kind, settings, rows in workbooks()
    ]


if __name__ == "__main__":
    for written in build_samples(Path(__file__).resolve().parent):
        print(written)
