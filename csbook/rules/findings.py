"""Findings are data: rule, severity, sheet, Excel row, header and a message, rendered later
(text, JSON, cell notes, highlights) in Chinese or English."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["zh", "en"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# message templates per key (usually the rule ID; a rule with several messages uses RULE.x)
MESSAGES: dict[str, tuple[str, str]] = {
    "R01": ("必填项为空", "required value is empty"),
    "R02": ("无法识别“{value}”：{why}", "cannot read “{value}”: {why_en}"),
    "R03": ("此处应为数据，却是错误值 {error}", "expected data, found the error value {error}"),
    "R03.formula": (
        "此处应为数据，却是没有计算结果的公式",
        "expected data, found a formula without a calculated value",
    ),
    "R04.sheet": ("缺少工作表“{name}”", "sheet “{name}” is missing"),
    "R04.optional": (
        "缺少工作表“{name}”，按默认设置处理",
        "sheet “{name}” is missing; defaults used",
    ),
    "R04.header": ("工作表“{name}”缺少列“{header}”", "sheet “{name}” lacks column “{header}”"),
    "R04.file": ("{why}", "{why_en}"),
    "R06": (
        "自第{first}行起有{count}行的日期晚于校验时间 {as_of}，视为预先填好的计划，未检查，也不计入汇总",
        "{count} rows from row {first} are dated after the reference time {as_of}: "
        "taken as planned, not checked and not counted",
    ),
    "D01": (
        "日历不知道{year}年的节假日安排，请在“节假日”表补充{year}年",
        "the calendar does not know {year}'s holidays; add {year} to the 节假日 sheet",
    ),
    "D03.late": ("首次回复超时（期限 {due}）", "first reply late (due {due})"),
    "D03.overdue": ("已超期未回复（期限 {due}）", "no reply and overdue (due {due})"),
    "D04.late": ("复访超时（期限 {due}）", "follow-up late (due {due})"),
    "D04.overdue": ("复访超期（期限 {due}）", "follow-up overdue (due {due})"),
    "D05": ("承诺期限 {due} 已过仍未解决", "promised by {due}, still unresolved"),
    "V05": ("电话号码格式不对：{value}", "not a mainland mobile or landline number: {value}"),
    "V06.missing": ("投诉回访须填关联投诉编号", "a complaint follow-up needs its complaint number"),
    "V06.unknown": (
        "投诉编号{value}在“投诉登记”中不存在",
        "complaint {value} is not in 投诉登记",
    ),
    "V07": ("填了承诺期限，须填承诺解决方法", "a promise date needs the promised solution"),
    "V07.deadline": ("填了承诺解决方法，须填承诺期限", "a promised solution needs its date"),
    "V08": ("承诺期限早于回访日期", "promise date is before the visit date"),
    "V09": ("解决日期早于回访日期", "resolution date is before the visit date"),
    "V10": ("复访日期早于解决日期", "follow-up date is before the resolution date"),
    "V11": ("{method}回访须有客户签字", "a {method} visit needs the client's signature"),
    "V13.missing": ("安装回访须填安装日期", "an install call-back needs the install date"),
    "V13.late": (
        "安装回访晚于安装后{days}天（安装日期 {installed}，应于 {due} 前回访）",
        "install call-back later than {days} days after installing ({installed}; due {due})",
    ),
    "V13.before": ("安装回访日期早于安装日期", "install call-back is dated before the install"),
    "V12": ("“{value}”不在员工名单中", "“{value}” is not on the roster"),
    "V20": ("投诉编号重复（另见第{other}行）", "duplicate complaint number (also row {other})"),
    "V21": ("首次回复时间早于受理时间", "first reply is before the complaint was received"),
    "V22": ("解决时间早于受理时间", "resolution is before the complaint was received"),
    "V23": ("回访时间早于解决时间", "follow-up is before the resolution"),
    "V31": ("接班人与交班人是同一人", "the receiver is the same person as the hander-over"),
    "V32.missing": ("缺少{role}签字", "{role_en} signature missing"),
    "V32.mismatch": (
        "{role}签字“{signed}”与{role}“{name}”不符",
        "{role_en} signature “{signed}” does not match “{name}”",
    ),
    "V33": ("未当面交接", "handover was not face to face"),
    "V34": ("换班未填批准人", "shift swap without an approver"),
    "H01.late": ("接班迟到：{arrived}到岗，{start}上班", "late: arrived {arrived}, shift {start}"),
    "H01.early": (
        "到岗偏晚：{arrived}到岗，应于{due}前到岗",
        "arrived {arrived}, should be in by {due}",
    ),
    "H03": (
        "未经批准的换班造成脱班，{a}和{b}同负责任",
        "unapproved swap left a gap; {a} and {b} are both responsible",
    ),
    "H04.break": (
        "脱班：{prev_shift}接班人{prev}，{shift}交班人{name}，交接不连续",
        "gap: {prev_shift} taken over by {prev} but {shift} handed over by {name}",
    ),
    "H04.missing": ("脱班：缺少{day} {shift}的交接记录", "gap: no handover for {day} {shift}"),
    "H04.duplicate": (
        "同一班次重复登记（另见第{other}行）",
        "shift recorded twice (also row {other})",
    ),
    "H05": (
        "到岗时间{typed}按12小时制读作{read}，请核对",
        "arrival {typed} read on a 12-hour clock as {read}: please check",
    ),
    "V49": (
        "本列是手工填写的“{typed}”，程序计算为“{computed}”（写在程序自己的列中），请核对",
        "typed “{typed}” here; csbook computes “{computed}” (in its own column): please check",
    ),
    "V40": ("“{value}”不在员工名单中", "“{value}” is not on the roster"),
    "V40.missing": ("须填工号或姓名", "staff number or name required"),
    "V40.mismatch": ("工号{staff_id}与姓名“{name}”不符", "staff {staff_id} is not “{name}”"),
    "V41": ("过失代码{value}不在过失目录中", "offence code {value} is not in the catalogue"),
    "V42": (
        "过失代码{code}按金额处罚，须填涉及金额",
        "code {code} is fined by amount: amount needed",
    ),
    "V43": (
        "申诉超过{days}天期限（通知日期 {notified}）",
        "appeal later than {days} days after notice ({notified})",
    ),
    "V43.before": ("申诉日期早于通知日期", "appeal is dated before the notice"),
    "V44": (
        "员工名单有{count}人叫“{value}”（工号 {ids}），须填工号；本行未计入任何人",
        "{count} people on the roster are called “{value}” ({ids}): give the staff number; "
        "this row is charged to no one",
    ),
    "V44.late": (
        "交接班记录中“{value}”{month}迟到{count}次，员工名单有同名者（工号 {ids}），"
        "无法确定是谁，未计入；请在考勤表按工号填写",
        "the handover logs show “{value}” late {count} times in {month}, but several people on "
        "the roster have that name ({ids}): counted for no one; enter them in 考勤 by staff number",
    ),
    "V45": (
        "申诉结果“{value}”无法识别，按原处分计算",
        "appeal result “{value}” cannot be read; the sanction stands",
    ),
    "V46.missing": (
        "{what}须经{need}批准，未填批准人",
        "a {what} needs {need}'s approval: no approver",
    ),
    "V46.rank": (
        "{what}须经总经理批准，批准人“{value}”的岗位为{post}",
        "a {what} needs the general manager's approval; “{value}” is {post}",
    ),
    "V46.unknown": (
        "批准人“{value}”不在员工名单，无法核对是否为总经理",
        "approver “{value}” is not on the roster: cannot check that it is the general manager",
    ),
    "V46.no_post": (
        "员工名单没有岗位，无法核对批准人“{value}”是否为总经理",
        "the roster gives no posts: cannot check that “{value}” is the general manager",
    ),
    "V46.unsure": (
        "员工名单中“{value}”同名或岗位空白，无法确认是否为总经理",
        "“{value}” on the roster has a namesake or no post: cannot confirm the general manager",
    ),
    "V47": ("{what}未经本人签字", "the {what} is not signed by the person"),
    "V48": (
        "岗位津贴{value}元超过上限{cap}元",
        "post allowance {value} yuan is above the cap of {cap} yuan",
    ),
    "P01.order": (
        "处分要求“{value}”不适用于{what}，已忽略",
        "the ordered form “{value}” does not fit {what}; ignored",
    ),
    "P01.overtaken": (
        "处分要求“{value}”已被升级后的{what}取代",
        "the ordered form “{value}” was overtaken by escalation to {what}",
    ),
    "P01.amount": (
        "损失{value}元，按过失目录应为{code}",
        "a loss of {value} yuan is code {code} in the catalogue",
    ),
    "P03.amount": (
        "涉及金额{value}元超过10万元，不合常理，请核对",
        "amount {value} is over 100,000 yuan: please check it",
    ),
    "P06.twice": (
        "同一人同月的考勤重复（另见第{other}行）",
        "attendance of this person and month given twice (also row {other})",
    ),
    "P06.days": ("旷工{value}天，超过当月的{days}天", "{value} days absent: the month has {days}"),
    "P08": (
        "事假{value}天，超过当月的{days}天",
        "{value} days of personal leave: the month has {days}",
    ),
    "P09.days": (
        "病假{value}天，超过当月的{days}天",
        "{value} days of sick leave: the month has {days}",
    ),
    "P06.sum": (
        "旷工和请假共{value}天，超过当月的{days}天",
        "{value} days absent or on leave: the month has {days}",
    ),
    "P06.run": (
        "连续旷工{value}天，多于旷工天数{other}天",
        "{value} consecutive days absent, more than the {other} days absent",
    ),
    "P07": (
        "“{name}”没有基本工资，无法计算扣薪、旷工和请假扣款",
        "“{name}” has no base salary: cuts, absence and leave deductions cannot be computed",
    ),
    "P09": (
        "有病假，须在参数表填写当地最低工资",
        "sick leave needs the local minimum wage (local_min_wage) in 参数",
    ),
    "Q01.no_end": ("须填结束日期或天数", "an end date or a number of days is required"),
    "Q01.before": ("结束日期早于开始日期", "the end date is before the start date"),
    "Q01.days": (
        "天数{value}与开始、结束日期算出的{count}天不符，按日期计",
        "{value} days typed, the dates give {count}: the dates count",
    ),
    "Q01.overlap": (
        "与第{other}行的请假日期重叠，重叠的日子只按第{other}行计",
        "overlaps the leave of row {other}: the shared days count once, for row {other}",
    ),
    "Q02.excess": (
        "{kind}最多{limit}天，超出的{days}天按事假计",
        "{kind} allows {limit} days: the {days} days beyond count as personal leave",
    ),
    "Q02.relation": (
        "丧假未填亲属关系，按其他亲属{days}天计",
        "bereavement leave without the relation: counted as {days} day (other relative)",
    ),
    "Q02.nursing": (
        "哺乳假为每天1小时，不能整天请假；所填天数按事假计",
        "nursing leave is an hour a day, not whole days: the days count as personal leave",
    ),
    "Q03": (
        "婚假须提前{days}天申请（应不晚于 {due}）",
        "marriage leave must be applied for {days} days ahead (by {due})",
    ),
    "Q04.missing": (
        "请假无批准人，按旷工计",
        "leave without an approver: the days count as absence",
    ),
    "Q04.rank": (
        "批准人“{name}”（{post}）职级不够：{days}天的请假须{wanted}以上批准",
        "approver “{name}” ({post}) ranks too low: {days} days of leave need a {wanted}",
    ),
    "Q04.unknown": (
        "批准人“{name}”不在员工名单，无法核对职级",
        "approver “{name}” is not on the roster: the rank cannot be checked",
    ),
    "Q04.no_post": (
        "员工表未填批准人“{name}”的岗位，无法核对职级",
        "the roster gives no post for approver “{name}”: the rank cannot be checked",
    ),
    "Q04.namesakes": (
        "员工表有多人名为“{name}”且岗位不同，无法核对批准人职级",
        "several people named “{name}” with different posts: the rank cannot be checked",
    ),
    "Q05.missing": (
        "病假未事先申请，{due}前未交医院证明，按旷工计",
        "sick leave not applied for ahead and no hospital note by {due}: counted as absence",
    ),
    "Q05.late": (
        "病假未事先申请，医院证明{note}才交，晚于期限{due}，按旷工计",
        "sick leave not applied for ahead; the hospital note came {note}, after {due}: "
        "counted as absence",
    ),
    "Q07": (
        "考勤{what}{typed}天，请假登记{derived}天，按较大的{used}天计",
        "{what_en}: 考勤 gives {typed} days, the leave register {derived}; {used} days count",
    ),
    "R02.setting": (
        "参数“{setting}”的值“{value}”无效：{why}",
        "setting “{setting}” = “{value}” is invalid: {why_en}",
    ),
    "R02.unknown_setting": (
        "未知参数“{setting}”（已忽略）",
        "unknown setting “{setting}” (ignored)",
    ),
    "R02.duplicate_setting": (
        "参数“{setting}”重复（第{other}行也有），以本行为准",
        "setting “{setting}” given twice (also row {other}); this row counts",
    ),
}

# English names of the Chinese words some messages interpolate
ROLE_EN = {"交班人": "hander-over's", "接班人": "receiver's"}
WHAT_EN = {"事假": "personal leave", "病假": "sick leave", "旷工": "absence"}
# English parameters derived from Chinese ones: name -> (Chinese parameter, translations)
DERIVED_EN = {"role_en": ("role", ROLE_EN), "what_en": ("what", WHAT_EN)}
# the English text may read these in place of the Chinese parameters: why_en is passed by the
# caller, the others are derived (DERIVED_EN)
EN_PARAMS = {"why": "why_en", "role": "role_en", "what": "what_en"}


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    sheet: str
    row: int  # Excel row number; 0 for a finding about the whole sheet or file
    column: str  # header text as found in the file (or the canonical header)
    key: str  # message template
    params: dict[str, str] = {}

    def message(self, lang: Lang = "zh") -> str:
        zh, en = MESSAGES[self.key]
        params = dict(self.params)
        if lang == "en":
            for name, (source, names) in DERIVED_EN.items():
                if source in params:
                    params[name] = names.get(params[source], params[source])
        try:
            return (zh if lang == "zh" else en).format_map(params)
        except KeyError as e:
            raise KeyError(f"message {self.key} ({lang}) lacks the parameter {e.args[0]}") from None


def finding(
    rule: str,
    sheet: str,
    row: int,
    column: str,
    severity: Severity = Severity.ERROR,
    msg: str | None = None,
    **params: object,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        sheet=sheet,
        row=row,
        column=column,
        key=msg or rule,
        params={k: str(v) for k, v in params.items()},
    )
