"""Every rule, registered once: its ID, SPEC section, what it checks, the function that
implements it, and each of its messages (Chinese and English) with its severity.

Rule X is found from its ID in one step: `RULES["X"].implemented_in`. A finding names a message
key — the rule ID, or `ID.variant` for a rule with several messages — and takes its severity
from here; no call site chooses a severity. A rule that only computes (D02, V01, P10 …) has no
messages. tests/test_registry.py checks that every ID of SPEC.md is here, that every key the
code emits is here, and that each rule has a test that names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Message:
    zh: str
    en: str
    severity: Severity


@dataclass(frozen=True)
class Rule:
    id: str
    section: str  # of SPEC.md
    checks: str
    implemented_in: str  # "module:function"
    messages: Mapping[str, Message]  # message key -> message


def _error(zh: str, en: str) -> Message:
    return Message(zh, en, Severity.ERROR)


def _warning(zh: str, en: str) -> Message:
    return Message(zh, en, Severity.WARNING)


_RULES = (
    Rule(
        "R01",
        "§3.0",
        "a required cell is empty",
        "csbook.rules.table:r01_required",
        {
            "R01": _error("必填项为空", "required value is empty"),
        },
    ),
    Rule(
        "R02",
        "§3.0",
        "a cell cannot be read, or is read only by a choice it names",
        "csbook.io.sheets:build_table",
        {
            "R02": _error("无法识别“{value}”：{why}", "cannot read “{value}”: {why_en}"),
            "R02.doubt": _warning("“{value}”{why}", "“{value}”: {why_en}"),
            "R02.synonym": _warning(
                "第{rows}行的“{value}”（共{count}行）不是选项，读作“{choice}”{note}；若不对，请直接"
                "填写选项：{choices}",
                "rows {rows_en} ({count} in all): “{value}” is not an option, read as “{choice}”"
                "{note_en}; if not, type the option: {choices}",
            ),
            "R02.no_year": _warning(
                "第{rows}行的日期未写年份（共{count}行），按{year}年读取",
                "rows {rows_en} ({count} in all): no year typed, read as {year}",
            ),
            "R02.no_year_other": _warning(
                "第{rows}行的日期未写年份（共{count}行），按{year}年读取：{why}；若不对，请写上年份",
                "rows {rows_en} ({count} in all): no year typed, read as {year}: {why_en}; "
                "if that is wrong, write the year",
            ),
            "R02.struck": _warning(
                "第{rows}行（共{count}行）的内容有删除线：删除线只是格式，本程序仍按所填内容检查和计入；"
                "若这些行已作废，请删除这些行（或移到别的工作表）后重新生成",
                "rows {rows_en} ({count} in all) are struck through: a strike is formatting only,"
                " the rows are still checked and counted as typed; if they are void, delete them"
                " (or move them to another sheet) and run again",
            ),
            "R02.two_columns": _warning(
                "“{header}”与“{other}”是同一项，第{rows}行两列都填了且不一致（共{count}行），"
                "按“{header}”读取；请只留一列",
                "“{header}” and “{other}” name one thing and differ on rows {rows_en} "
                "({count} in all): “{header}” is read; keep one column",
            ),
            "R02.setting": _error(
                "参数“{setting}”的值“{value}”无效：{why}",
                "setting “{setting}” = “{value}” is invalid: {why_en}",
            ),
            "R02.unknown_setting": _warning(
                "未知参数“{setting}”（已忽略）", "unknown setting “{setting}” (ignored)"
            ),
            "R02.branch_name": _warning(
                "文件名写的是{named}，参数表的分公司是{branch}：按参数表计入{branch}，请核对",
                "the file's name says {named} but 参数's branch is {branch}: counted as "
                "{branch}, check it",
            ),
            "R02.setting_read": _warning(
                "参数“{setting}”的值“{value}”按“{reading}”读取：{why}",
                "setting “{setting}” = “{value}” is read as “{reading}”: {why_en}",
            ),
            "R02.override": _error(
                "csbook.toml 或 --set 给出的参数“{setting}”的值“{value}”无效：{why}；未采用，"
                "按参数表（未填则按默认值）计算",
                "setting “{setting}” = “{value}” from csbook.toml or --set is invalid: {why_en};"
                " not used, the 参数 sheet's value (else the default) is",
            ),
            "R02.overridden": _warning(
                "参数“{setting}”填的是“{typed}”，按 csbook.toml 或 --set 给出的“{value}”计算",
                "setting “{setting}” is typed “{typed}”; csbook.toml or --set gives “{value}”, "
                "which is used",
            ),
            "R02.duplicate_setting": _warning(
                "参数“{setting}”重复（第{other}行也有），以本行为准",
                "setting “{setting}” given twice (also row {other}); this row counts",
            ),
        },
    ),
    Rule(
        "R03",
        "§3.0",
        "a formula without a cached value, or an Excel error value, where data is expected",
        "csbook.io.sheets:build_table",
        {
            "R03": _error(
                "此处应为数据，却是错误值 {error}", "expected data, found the error value {error}"
            ),
            "R03.setting": _error(
                "参数“{setting}”的值是错误值或没有计算结果的公式，无法使用",
                "setting “{setting}” holds an error value or a formula without a calculated"
                " value: not used",
            ),
            "R03.formula": _error(
                "此处应为数据，却是没有计算结果的公式",
                "expected data, found a formula without a calculated value",
            ),
            "R03.lookup_rows": _warning(
                "第{rows}行（共{count}行）除了公式得出的 #N/A 外没有填写任何内容（常见于预先下拉的"
                "查找公式）：视为空行，未检查、不计入；若这些行应有数据，请检查公式",
                "rows {rows_en} ({count} in all) hold nothing but a formula's #N/A (a lookup filled"
                " down ahead of use): taken as empty rows, neither checked nor counted; if they"
                " should hold data, check the formulas",
            ),
        },
    ),
    Rule(
        "R04",
        "§3.0",
        "a required sheet or header is missing",
        "csbook.io.workbook:load_source",
        {
            "R04.sheet": _error("缺少工作表“{name}”", "sheet “{name}” is missing"),
            "R04.optional": _warning(
                "缺少工作表“{name}”，按默认设置处理", "sheet “{name}” is missing; defaults used"
            ),
            "R04.header": _error(
                "工作表“{name}”缺少列“{header}”", "sheet “{name}” lacks column “{header}”"
            ),
            "R04.file": _error("{why}", "{why_en}"),
        },
    ),
    Rule(
        "R05",
        "§1.0",
        "several sheets match one input sheet; names those not read",
        "csbook.io.workbook:load_source",
        {
            "R05": _warning(
                "工作表“{name}”也是{kind}，未读取；读取的是“{read}”（{why}）",
                "sheet “{name}” is also a {kind} and was not read; “{read}” was ({why_en})",
            ),
            "R05.history": _error(
                "工作表“{name}”也是{kind}，其中{count}行（{first}至{last}）不在“{read}”中，未读取；"
                "读取的是“{read}”（{why}）。{kind}的历史记录决定累计处分和扣款，未读取的行使处分和金额"
                "可能不对：请把这些行并入“{read}”后再计算",
                "sheet “{name}” is also a {kind}; its {count} rows ({first} to {last}) not on"
                " “{read}” were not read, “{read}” was ({why_en}). A {kind}'s history decides escalation and pay:"
                " sanctions and amounts may be wrong until those rows are moved into “{read}”",
            ),
            "R05.with_copy": _warning(
                "“{name}”与“{original}”内容完全相同，是它的副本：只按“{original}”计一次",
                "“{name}” equals “{original}” cell for cell: a copy, counted once as “{original}”",
            ),
            "R05.with_branch": _warning(
                "“{name}”是{branch}的，与本表（{own}）不是同一分公司：未计入本表（其中的人员"
                "即使与本表员工同名也不是同一人）；请与{branch}的处罚汇总表一起计算或汇总",
                "“{name}” is {branch}'s, not this book's branch ({own}): not counted here (its"
                " people are not this book's namesakes); compute or summarise it with {branch}'s"
                " penalty workbook",
            ),
            "R05.with_repeat": _warning(
                "“{name}”第{at}行（{day} {shift}，接班人{receiver}迟到）即“{first}”第{first_row}行的"
                "同一班次：迟到只计一次",
                "“{name}” row {at} ({day} {shift}, {receiver} late) is the shift of “{first}”"
                " row {first_row}: the late counts once",
            ),
            "R05.period": _error(
                "工作表“{name}”也是{kind}，其中{count}行（{first}至{last}）在汇总期间内、不在"
                "“{read}”中，未读取、未计入；读取的是“{read}”（{why}）：请把这些行并入一张工作表",
                "sheet “{name}” is also a {kind}; its {count} rows ({first} to {last}) within"
                " the period summarised and not on “{read}” were not read nor counted, “{read}” was ({why_en}):"
                " put them on one sheet",
            ),
        },
    ),
    Rule(
        "R06",
        "§1.0",
        "rows after the reference time are planned, not done",
        "csbook.rules.planned:set_aside_planned",
        {
            "R06": _warning(
                "自第{first}行起有{count}行的日期晚于校验时间 {as_of}，视为预先填好的计划，未检查，也不计入汇总",
                "{count} rows from row {first} are dated after the reference time {as_of}: taken as planned, not checked and not counted",
            ),
            "R06.offence": _warning(
                "第{rows}行（共{count}行）的过失日期晚于校验时间 {as_of}：本次未处罚、未检查，也不计入汇总"
                "和累计；若是日期写错，请改正后重新生成",
                "rows {rows_en} ({count} in all) are offences dated after the reference time "
                "{as_of}: not sanctioned, checked or counted this run; if the date is a typo, "
                "correct it and run again",
            ),
            "R06.done": _warning(
                "第{rows}行（共{count}行）的此列日期晚于校验时间 {as_of}：按该时间尚未发生，状态按未完成计；"
                "若是日期写错，请改正后重新生成",
                "rows {rows_en} ({count} in all) have this column dated after the reference "
                "time {as_of}: not yet happened as of then, the status is reckoned as not done; "
                "if the date is a typo, correct it and run again",
            ),
            "R06.attendance": _warning(
                "第{rows}行（共{count}行）的考勤月份在校验时间 {as_of} 之后：该月尚未开始，本次不计罚款、"
                "扣款和处分，也不计入汇总；若是月份写错，请改正后重新生成",
                "rows {rows_en} ({count} in all) are attendance of a month after the reference "
                "time {as_of}: not charged or counted this run; if the month is a typo, correct "
                "it and run again",
            ),
        },
    ),
    Rule(
        "D01",
        "§3.1",
        "the China calendar, with the 节假日 sheet; a year it does not know",
        "csbook.rules.calendar:WorkCalendar",
        {
            "D01": _error(
                "日历不知道{year}年的节假日安排，请在本工作簿的“节假日”表填入{year}年的放假日（休）"
                "和调休上班日（班）",
                "the calendar does not know {year}'s holidays; add {year}'s rest days (休) and "
                "working weekend days (班) to this workbook's 节假日 sheet",
            ),
            "D01.year_end": _error(
                "请假跨入{year}年，日历不知道{year}年的节假日安排：只计入{first_year}年的{days}天，"
                "{year}年的天数未计入；请在本工作簿的“节假日”表填入{year}年的放假日（休）和调休上班日（班）",
                "the leave runs into {year}, whose holidays the calendar does not know: only its "
                "{days} days of {first_year} are counted; add {year}'s rest days (休) and working "
                "weekend days (班) to this workbook's 节假日 sheet",
            ),
            "D01.untyped": _warning(
                "{day}未填类型：按放假（休）读取；若是调休上班日，请填“班”",
                "{day} has no type: read as a rest day (休); if it is a working weekend day, "
                "type 班",
            ),
            "D01.untyped_note": _warning(
                "{day}未填类型：按说明“{note}”读作“{kind}”；请在类型填“休”或“班”",
                "{day} has no type: read as {kind} by its note “{note}”; type 休 or 班",
            ),
            "D01.twice": _error(
                "{day}在第{other}行填“{other_kind}”，本行又填“{kind}”：两行都未采用，该日按国家"
                "公布的安排计算；请删去错的一行",
                "{day} is typed {other_kind} on row {other} and {kind} on this row: neither is "
                "used, the day is reckoned by the published calendar; delete the wrong row",
            ),
            "D01.partial": _warning(
                "节假日表填了{year}年的{count}天，而{year}年的放假和调休安排尚未公布：{year}年只按"
                "表中的这些日子和法定节日计算，请将{year}年其余的放假日（休）和调休上班日（班）补入",
                "the 节假日 sheet gives {count} days of {year}, whose holidays and working weekend "
                "days are not published: {year} is reckoned from those days and the statutory "
                "holidays alone; add its other rest days (休) and working weekend days (班)",
            ),
        },
    ),
    Rule(
        "D02",
        "§3.1",
        "the reply due moment (1 working day or 24 hours)",
        "csbook.rules.deadlines:reply_due",
        {
            "D02.day_only": _warning(
                "第{rows}行（共{count}行）的受理时间只有日期、没有时刻：回复期限从受理当日结束起算"
                "（只知日期时最宽的读法），可能晚于实际期限；请补上受理时刻",
                "rows {rows_en} ({count} in all) give the receipt's day without its time: the reply"
                " is reckoned from the end of that day (the widest reading of a day alone), which"
                " may be later than the real deadline; add the time of receipt",
            ),
        },
    ),
    Rule(
        "D03",
        "§3.1",
        "reply status against the due moment",
        "csbook.rules.complaints:c01_reply",
        {
            "D03.late": _warning("首次回复超时（期限 {due}）", "first reply late (due {due})"),
            "D03.overdue": _warning(
                "已超期未回复（期限 {due}）", "no reply and overdue (due {due})"
            ),
            "D03.day_only": _warning(
                "首次回复时间只有日期（{day}），而回复期限就在当天（{due}）：无法判断是否按时，"
                "回复状态未计；请补写回复的时刻",
                "the first reply is known by its day alone ({day}) and was due that day ({due}):"
                " on time or not cannot be told, no status counted; add the time of the reply",
            ),
        },
    ),
    Rule(
        "D04",
        "§3.1",
        "follow-up after resolution within followup_days",
        "csbook.rules.deadlines:followup_due",
        {
            "D04.late": _warning("复访超时（期限 {due}）", "follow-up late (due {due})"),
            "D04.overdue": _warning("复访超期（期限 {due}）", "follow-up overdue (due {due})"),
        },
    ),
    Rule(
        "D05",
        "§3.1",
        "a promise passed with no resolution",
        "csbook.rules.visits:evaluate",
        {
            "D05": _warning("承诺期限 {due} 已过仍未解决", "promised by {due}, still unresolved"),
        },
    ),
    Rule(
        "V01",
        "§3.2",
        "visits per agent against visits_per_month",
        "csbook.rules.monthly.counting:figures",
        {
            "V01.copy": _warning(
                "本行与第{other}行每一项都相同，视为同一次回访登记了两次：汇总只计一次"
                "（若确是两次回访，请写明不同之处，如备注）",
                "this row repeats row {other} cell for cell: one visit typed twice, counted"
                " once in summaries (if it was a second visit, say how it differs, e.g. in 备注)",
            ),
        },
    ),
    Rule(
        "V02",
        "§3.2",
        "signed share of visits",
        "csbook.rules.monthly.counting:figures",
        {},
    ),
    Rule(
        "V03",
        "§3.2",
        "follow-up rate of resolved problems",
        "csbook.rules.monthly.counting:figures",
        {},
    ),
    Rule(
        "V04",
        "§3.2",
        "clients still without an 意见征求 visit this year",
        "csbook.rules.monthly.counting:figures",
        {},
    ),
    Rule(
        "V05",
        "§1.1",
        "a valid mainland phone number",
        "csbook.rules.visits:v05_phone",
        {
            "V05": _warning(
                "电话号码格式不对：{value}", "not a mainland mobile or landline number: {value}"
            ),
        },
    ),
    Rule(
        "V06",
        "§1.1",
        "a complaint follow-up names complaints that exist",
        "csbook.rules.visits:v06_complaint_link",
        {
            "V06.missing": _error(
                "投诉回访须填关联投诉编号", "a complaint follow-up needs its complaint number"
            ),
            "V06.unknown": _error(
                "投诉编号{value}在“投诉登记”中不存在", "complaint {value} is not in 投诉登记"
            ),
        },
    ),
    Rule(
        "V07",
        "§1.1",
        "promised method and deadline go together",
        "csbook.rules.visits:v07_promise_text",
        {
            "V07": _warning(
                "填了承诺期限，须填承诺解决方法", "a promise date needs the promised solution"
            ),
            "V07.deadline": _warning(
                "填了承诺解决方法，须填承诺期限", "a promised solution needs its date"
            ),
        },
    ),
    Rule(
        "V08",
        "§1.1",
        "promise date not before the visit",
        "csbook.rules.visits:v08_promise_date",
        {
            "V08": _error("承诺期限早于回访日期", "promise date is before the visit date"),
        },
    ),
    Rule(
        "V09",
        "§1.1",
        "resolution not before the visit",
        "csbook.rules.visits:v09_resolution_date",
        {
            "V09": _error("解决日期早于回访日期", "resolution date is before the visit date"),
        },
    ),
    Rule(
        "V10",
        "§1.1",
        "follow-up not before the resolution",
        "csbook.rules.visits:v10_followup_date",
        {
            "V10": _error("复访日期早于解决日期", "follow-up date is before the resolution date"),
        },
    ),
    Rule(
        "V11",
        "§1.1",
        "client signature for signature_methods",
        "csbook.rules.visits:v11_signature",
        {
            "V11": _error(
                "{method}回访须有客户签字", "a {method} visit needs the client's signature"
            ),
            "V11.not_client": _warning(
                "客户签字“{value}”{why}，不是客户本人的签字：不计入签字率",
                "client signature “{value}” is not the client's own ({why_en}): not counted as"
                " signed",
            ),
        },
    ),
    Rule(
        "V12",
        "§1.1",
        "the agent is on the roster",
        "csbook.rules.visits:v12_on_roster",
        {
            "V12": _warning("“{value}”不在员工名单中", "“{value}” is not on the roster"),
            "V12.namesake": _warning(
                "回访人“{value}”在员工名单中有{count}人同名（工号 {ids}）：登记表只写姓名，"
                "无法分开各人的回访次数、目标和满意率，汇总中按一人列出、标为待核（共{n}行）；"
                "请在回访人中区分各人",
                "{count} people on the roster are called “{value}” ({ids}): the register gives "
                "names only, so their visits, target and satisfaction cannot be told apart; "
                "the summary lists them as one agent, to be checked ({n} rows); tell them apart "
                "in 回访人",
            ),
            "V12.namesake_log": _warning(
                "“{value}”在员工名单中有{count}人同名（工号 {ids}）：交接班记录只写姓名，"
                "无法分开各人的接班、迟到、签字和脱班，汇总中按一人列出、标为待核（共{n}行）；"
                "请在记录中区分各人",
                "{count} people on the roster are called “{value}” ({ids}): the log gives "
                "names only, so their shifts, lates, signatures and gaps cannot be told apart; "
                "the summary lists them as one person, to be checked ({n} rows); tell them "
                "apart in the log",
            ),
        },
    ),
    Rule(
        "V13",
        "§3.2",
        "install call-back within install_followup_days",
        "csbook.rules.visits:v13_install_followup",
        {
            "V13.missing": _error(
                "安装回访须填安装日期", "an install call-back needs the install date"
            ),
            "V13.late": _warning(
                "安装回访晚于安装后{days}天（安装日期 {installed}，应于 {due} 前回访）",
                "install call-back later than {days} days after installing ({installed}; due {due})",
            ),
            "V13.before": _error(
                "安装回访日期早于安装日期", "install call-back is dated before the install"
            ),
        },
    ),
    Rule(
        "V20",
        "§1.2",
        "complaint numbers are unique",
        "csbook.rules.complaints:v20_unique",
        {
            "V20": _error(
                "投诉编号重复（另见第{other}行）", "duplicate complaint number (also row {other})"
            ),
            "V20.copy": _error(
                "与第{other}行的投诉编号、受理时间和客户都相同，是同一投诉的重复登记："
                "只计一次（按第{other}行），本行不评等级、不计回复情况；请删去本行",
                "the same complaint number, receipt time and client as row {other}: one"
                " complaint typed twice, counted once (as row {other}); this row is not graded"
                " and its reply not counted; delete it",
            ),
        },
    ),
    Rule(
        "V21",
        "§1.2",
        "first reply not before receipt",
        "csbook.rules.complaints:v21_reply_order",
        {
            "V21": _error(
                "首次回复时间早于受理时间", "first reply is before the complaint was received"
            ),
        },
    ),
    Rule(
        "V22",
        "§1.2",
        "resolution not before receipt",
        "csbook.rules.complaints:v22_resolution_order",
        {
            "V22": _error(
                "解决时间早于受理时间", "resolution is before the complaint was received"
            ),
        },
    ),
    Rule(
        "V23",
        "§1.2",
        "follow-up not before resolution",
        "csbook.rules.complaints:v23_followup_order",
        {
            "V23": _error("回访时间早于解决时间", "follow-up is before the resolution"),
        },
    ),
    Rule(
        "C01",
        "§3.3",
        "every complaint gets a reply due moment and status",
        "csbook.rules.complaints:c01_reply",
        {},
    ),
    Rule(
        "C02",
        "§3.3",
        "complaint grade 一般 / 重复 / 恶性",
        "csbook.rules.complaints:c02_grades",
        {
            "C02.files": _warning(
                "{complaint}由{own}改为{grade}（{why}）",
                "{complaint}: {grade} over the branch's files, {own} in its own file alone"
                " ({why_en})",
            ),
        },
    ),
    Rule(
        "C03",
        "§3.3",
        "complaint counts per unit, channel, category and grade",
        "csbook.rules.monthly.complaints:complaints_sheet",
        {},
    ),
    Rule(
        "C04",
        "§3.3",
        "units of 重复/恶性 complaints on the penalty summary",
        "csbook.rules.penalty_sheet:c04_units",
        {},
    ),
    Rule(
        "V31",
        "§1.3",
        "receiver differs from hander-over",
        "csbook.rules.handover:v31_distinct",
        {
            "V31": _error(
                "接班人与交班人是同一人", "the receiver is the same person as the hander-over"
            ),
        },
    ),
    Rule(
        "V32",
        "§1.3",
        "both signatures present and equal to the names",
        "csbook.rules.handover:v32_signatures",
        {
            "V32.missing": _error("缺少{role}签字", "{role_en} signature missing"),
            "V32.mismatch": _error(
                "{role}签字“{signed}”与{role}“{name}”不符",
                "{role_en} signature “{signed}” does not match “{name}”",
            ),
        },
    ),
    Rule(
        "V33",
        "§1.3",
        "handover face to face",
        "csbook.rules.handover:v33_face_to_face",
        {
            "V33": _error("未当面交接", "handover was not face to face"),
        },
    ),
    Rule(
        "V34",
        "§1.3",
        "a shift swap has an approver",
        "csbook.rules.handover:v34_swap_approver",
        {
            "V34": _error(
                "换班未经批准（批准人未填或写明未批准）",
                "shift swap not approved (no approver, or the cell says not approved)",
            ),
        },
    ),
    Rule(
        "H01",
        "§3.4",
        "arrival before the shift: 按时 / 偏晚 / 迟到",
        "csbook.rules.handover:h01_arrivals",
        {
            "H01.late": _warning(
                "接班迟到：{arrived}到岗，{start}上班", "late: arrived {arrived}, shift {start}"
            ),
            "H01.early": _warning(
                "到岗偏晚：{arrived}到岗，应于{due}前到岗",
                "arrived {arrived}, should be in by {due}",
            ),
        },
    ),
    Rule(
        "H02",
        "§3.4",
        "signatures and face-to-face handover, per person",
        "csbook.rules.monthly.counting:figures",
        {},
    ),
    Rule(
        "H03",
        "§3.4",
        "an unapproved swap that leaves a gap makes both responsible",
        "csbook.rules.handover:h04_continuity",
        {
            "H03": _error(
                "未经批准的换班造成脱班，{a}和{b}同负责任",
                "unapproved swap left a gap; {a} and {b} are both responsible",
            ),
        },
    ),
    Rule(
        "H04",
        "§3.4",
        "continuity of shifts (脱班)",
        "csbook.rules.handover:h04_continuity",
        {
            "H04.break": _error(
                "脱班：{prev_shift}接班人{prev}，{shift}交班人{name}，交接不连续",
                "gap: {prev_shift} taken over by {prev} but {shift} handed over by {name}",
            ),
            "H04.missing": _error(
                "脱班：缺少{day} {shift}的交接记录", "gap: no handover for {day} {shift}"
            ),
            "H04.missing_run": _error(
                "脱班：缺少{first}至{last}共{count}个班次的交接记录",
                "gap: no handover for {count} shifts, {first} to {last}",
            ),
            "H04.files_shifts": _warning(
                "本分公司各文件的班次设置不同（{shifts}），文件之间相接的班次未检查是否脱班",
                "the branch's files name different shifts ({shifts}): the shifts where one file"
                " goes on in another are not checked for gaps",
            ),
            "H04.files": _error(
                "第{line}行{shift}脱班：{reason}",
                "row {line} ({shift}): gap where the branch's log goes on in another file:"
                " {reason}",
            ),
            "H04.duplicate": _error(
                "同一班次重复登记（另见第{other}行），只计一次",
                "shift recorded twice (also row {other}), counted once",
            ),
            "H04.conflict": _error(
                "同一班次登记了多行且接班人或到岗情况不一致（第{rows}行），无法判断哪行属实："
                "该班次的到岗情况未计入（不计迟到），请核对后删去错误的一行",
                "one shift on several rows that disagree on the receiver or the arrival (rows"
                " {rows}): which is true is unknown, the shift's arrival is not counted (no"
                " late charged); delete the wrong row",
            ),
        },
    ),
    Rule(
        "H05",
        "§3.4",
        "an arrival read on a 12-hour clock",
        "csbook.rules.handover:h01_arrivals",
        {
            "H05": _warning(
                "到岗时间{typed}按12小时制读作{read}，请核对",
                "arrival {typed} read on a 12-hour clock as {read}: please check",
            ),
        },
    ),
    Rule(
        "V40",
        "§1.4",
        "the person is on the roster",
        "csbook.rules.discipline:v40_person",
        {
            "V40": _error("“{value}”不在员工名单中", "“{value}” is not on the roster"),
            "V40.late": _warning(
                "交接班记录中“{value}”{month}迟到{count}次，但员工名单中没有此人，未计入任何人；请在考勤表按工号填写",
                "the handover logs show “{value}” late {count} times in {month}, but nobody on the roster has that name: counted for no one; enter them in 考勤 by staff number",
            ),
            "V40.missing": _error("须填工号或姓名", "staff number or name required"),
            "V40.employment": _error(
                "日期{day}不在此人的在职期间（入职日期{hired}，合同到期日{until}）：日期或人员可能有误，"
                "请核对；此人当月的金额暂不计合计",
                "{day} is outside this person's employment (joined {hired}, contract ends"
                " {until}): the date or the person may be wrong, check it; the person's figures"
                " of that month are held open",
            ),
            "V40.contract": _warning(
                "{rows}的日期在此人的合同到期日{until}之后：合同可能已续签而到期日未更新，这些记录已"
                "照常计入；请更新合同到期日（若记录的日期或人员有误，请改正）",
                "{rows_en} are dated after this person's contract end {until}: the contract may"
                " have been renewed and the date not updated; they are counted as usual — update"
                " 合同到期日 (or correct the rows' date or person)",
            ),
            "V40.on_leave": _warning(
                "过失日期{day}此人在请假（请假登记第{leave_row}行，{kind}，{first}至{last}）：日期或人员可能有误，"
                "请核对；本过失仍按所填计入",
                "on {day}, the offence's date, this person was on leave (请假登记 row {leave_row}, {kind},"
                " {first} to {last}): the date or the person may be wrong, check it; the offence"
                " still counts as entered",
            ),
            "V40.mismatch": _error(
                "工号{staff_id}与姓名“{name}”不符", "staff {staff_id} is not “{name}”"
            ),
        },
    ),
    Rule(
        "V41",
        "§1.4",
        "the offence code is in 过失目录",
        "csbook.rules.discipline:v41_code",
        {
            "V41": _error(
                "过失代码{value}不在过失目录中", "offence code {value} is not in the catalogue"
            ),
            "V41.held": _error(
                "过失目录第{rows}行{code}的{why}，请改正过失目录",
                "catalogue row(s) {rows_en} of {code}: {why_en} — correct 过失目录",
            ),
            "V41.differs": _error(
                "过失代码{code}在过失目录中有多行，{header}不同：{rows}。无法确定以哪行为准，"
                "该代码的过失{why}，请只保留一行",
                "code {code} is on several catalogue rows with different {header}: {rows_en};"
                " which one counts is not guessed: {why_en} — keep one row",
            ),
            "V41.implied": _warning(
                "考勤或请假登记推定的过失{codes}不在本过失目录中：按内置过失目录的等级处理，"
                "如本分公司另有规定，请在过失目录中补上该代码",
                "attendance or leave implies offences {codes} that this catalogue lacks: charged"
                " at the built-in tier; add the code to 过失目录 if the branch rules otherwise",
            ),
            "V41.built_in": _warning(
                "过失目录没有数据行，按内置过失目录（L01–D11）处理",
                "过失目录 has no rows: the built-in catalogue (L01–D11) is used",
            ),
            "V41.repeated": _warning(
                "过失代码{code}在过失目录中重复：第{rows}行的等级和金额规则与第{other}行相同，"
                "按第{other}行计一次",
                "code {code} repeats: rows {rows_en} give the tier and money rule of row {other};"
                " row {other} counts, once",
            ),
        },
    ),
    Rule(
        "V42",
        "§1.4",
        "the amount a money rule needs",
        "csbook.rules.discipline:v42_amount",
        {
            "V42": _error(
                "过失代码{code}按金额处罚，须填涉及金额",
                "code {code} is fined by amount: amount needed",
            ),
        },
    ),
    Rule(
        "V43",
        "§3.5",
        "appeal within appeal_days of the notice",
        "csbook.rules.discipline:v43_appeal",
        {
            "V43": _warning(
                "申诉超过{days}天期限（通知日期 {notified}）",
                "appeal later than {days} days after notice ({notified})",
            ),
            "V43.before": _error("申诉日期早于通知日期", "appeal is dated before the notice"),
        },
    ),
    Rule(
        "V44",
        "§3.5",
        "a name two people share, without 工号",
        "csbook.rules.discipline:v44_namesakes",
        {
            "V44": _error(
                "员工名单有{count}人叫“{value}”（工号 {ids}），须填工号；本行未计入任何人",
                "{count} people on the roster are called “{value}” ({ids}): give the staff number; this row is charged to no one",
            ),
            "V44.shared_id": _error(
                "员工名单中工号{value}有{names}，无法确定是谁；本行未计入任何人，请先更正员工名单",
                "the roster gives staff number {value} to {names}: who is meant cannot be told; this row is charged to no one until the roster is corrected",
            ),
            "V44.roster_id": _error(
                "工号{value}与第{other}行重复而姓名或工资不同（{names}）：登记表中写这个工号的行都不计入任何人，请更正工号",
                "staff number {value} is also on row {other} with another name or pay ({names}): register rows giving this number are charged to no one; correct the number",
            ),
            "V44.roster_repeat": _warning(
                "工号{value}与第{other}行重复（姓名和工资相同），按一人计算，本行可删除",
                "staff number {value} repeats row {other} (same name and pay): counted as one person; this row can be deleted",
            ),
            "V44.late_id": _warning(
                "交接班记录中“{value}”{month}迟到{count}次：按所写工号计入{staff_id}{name}",
                "the handover logs show “{value}” late {count} times in {month}: charged by the staff number written to {staff_id} {name}",
            ),
            "V44.late": _warning(
                "交接班记录中“{value}”{month}迟到{count}次，员工名单有同名者（工号 {ids}），无法确定是谁，未计入；请在考勤表按工号填写",
                "the handover logs show “{value}” late {count} times in {month}, but several people on the roster have that name ({ids}): counted for no one; enter them in 考勤 by staff number",
            ),
        },
    ),
    Rule(
        "V45",
        "§3.5",
        "an appeal result P05 cannot read",
        "csbook.rules.sanctions:p05_appeal",
        {
            "V45": _warning(
                "申诉结果“{value}”无法识别，按原处分计算",
                "appeal result “{value}” cannot be read; the sanction stands",
            ),
        },
    ),
    Rule(
        "V46",
        "§3.5",
        "approval of a sanction by rank",
        "csbook.rules.discipline:v46_approval",
        {
            "V46.missing": _error(
                "{what}须经{need}批准，批准人未填或写明未批准",
                "a {what} needs {need}'s approval: no approver, or the cell says not approved",
            ),
            "V46.self": _error(
                "{what}的批准人“{value}”是受处分人本人：本人批准不算批准，须由他人批准",
                "the approver of this {what}, “{value}”, is the person sanctioned: approving one's"
                " own sanction is no approval",
            ),
            "V46.rank": _error(
                "{what}须经总经理批准，批准人“{value}”的岗位为{post}",
                "a {what} needs the general manager's approval; “{value}” is {post}",
            ),
            "V46.unknown": _warning(
                "批准人“{value}”不在员工名单，无法核对是否为总经理",
                "approver “{value}” is not on the roster: cannot check that it is the general manager",
            ),
            "V46.no_post": _warning(
                "员工名单没有岗位，无法核对批准人“{value}”是否为总经理",
                "the roster gives no posts: cannot check that “{value}” is the general manager",
            ),
            "V46.implied": _warning(
                "{what}（{source}）须经{need}批准，但过失登记中没有这条过失，也就没有批准人：请在过失登记"
                "登记过失代码{code}，填写批准人和本人签字",
                "the {what} ({source}) needs {need}'s approval, but 过失登记 has no row for it and "
                "so no approver: register code {code} there with the approver and the signature",
            ),
            "V46.consent": _warning(
                "批准人写的是“{value}”，没有写是谁批准的：无法核对是否为总经理，请填写批准人姓名",
                "approver “{value}” says someone approved but not who: cannot check that it is"
                " the general manager; write the approver's name",
            ),
            "V46.unsure": _warning(
                "员工名单中“{value}”同名或岗位空白，无法确认是否为总经理",
                "“{value}” on the roster has a namesake or no post: cannot confirm the general manager",
            ),
        },
    ),
    Rule(
        "V47",
        "§3.5",
        "a sanction without 本人签字",
        "csbook.rules.discipline:v47_signed",
        {
            "V47": _warning("{what}未经本人签字", "the {what} is not signed by the person"),
        },
    ),
    Rule(
        "V48",
        "§3.5",
        "岗位津贴 above allowance_cap",
        "csbook.rules.discipline:penalty_ledger",
        {
            "V48": _warning(
                "岗位津贴{value}元超过上限{cap}元",
                "post allowance {value} yuan is above the cap of {cap} yuan",
            ),
        },
    ),
    Rule(
        "V49",
        "§1.0",
        "a typed value in a person's own column differs from the computed one",
        "csbook.rules.typed_columns:v49_typed_values",
        {
            "V49": _warning(
                "本列是手工填写的“{typed}”，程序计算为“{computed}”（写在程序自己的列中），请核对",
                "typed “{typed}” here; csbook computes “{computed}” (in its own column): please check",
            ),
            "V49.replaced": _warning(
                "此列原为“{typed}”，按登记的数据算得“{computed}”，已改写：若“{typed}”属实，请补填相应的数据"
                "（恶性投诉在“恶性”列填“是”；已解决、已复访、已回复请填日期）",
                "this column held “{typed}”; the rows give “{computed}”, now written: if “{typed}” is"
                " right, enter what shows it (是 under 恶性 for a severe complaint; the dates of a"
                " resolution, follow-up or reply)",
            ),
        },
    ),
    Rule(
        "P01",
        "§3.5",
        "sanction from the offence tier and 处分要求",
        "csbook.rules.sanctions:p01_sanction",
        {
            "P01.order": _warning(
                "处分要求“{value}”不适用于{what}，已忽略",
                "the ordered form “{value}” does not fit {what}; ignored",
            ),
            "P01.overtaken": _warning(
                "处分要求“{value}”已被升级后的{what}取代",
                "the ordered form “{value}” was overtaken by escalation to {what}",
            ),
            "P01.amount": _warning(
                "损失{value}元，按过失目录应为{code}",
                "a loss of {value} yuan is code {code} in the catalogue",
            ),
            "P01.copy": _warning(
                "本行与第{other}行每一项都相同，视为同一过失登记了两次：只按第{other}行计一次"
                "（若确是两次过失，请写明不同之处，如过失描述）",
                "this row repeats row {other} cell for cell: one offence typed twice, counted"
                " once, as row {other} (if it was a second offence, say how it differs, e.g. in"
                " 过失描述)",
            ),
        },
    ),
    Rule(
        "P02",
        "§3.5",
        "escalation of valid sanctions",
        "csbook.rules.sanctions:p02_escalate",
        {},
    ),
    Rule(
        "P03",
        "§3.5",
        "fines and salary cuts",
        "csbook.rules.sanctions:p03_fine",
        {
            "P03.amount": _error(
                "涉及金额{value}元超过10万元，不合常理，请核对",
                "amount {value} is over 100,000 yuan: please check it",
            ),
        },
    ),
    Rule(
        "P04",
        "§3.5",
        "validity of sanctions",
        "csbook.rules.sanctions:p04_valid_until",
        {
            "P04.before": _warning(
                "早于过失日期 {day}，请核对（有效期按所填日期起算）",
                "before the offence date {day}: check it (validity counts from the date typed)",
            ),
        },
    ),
    Rule(
        "P05",
        "§3.5",
        "appeal outcome",
        "csbook.rules.sanctions:p05_appeal",
        {
            "P05.later": _warning(
                "申诉日期{day}在截至时间之后，当时尚未申诉：申诉结果不计入，按原处分计算",
                "the appeal is dated {day}, after the reference time: not yet lodged then, its"
                " result is not applied and the sanction stands",
            ),
        },
    ),
    Rule(
        "P06",
        "§3.5",
        "attendance: late fines, absence deductions and offences",
        "csbook.rules.pay:p06_absence_offences",
        {
            "P06.twice": _error(
                "同一人同月的考勤重复（另见第{other}行）",
                "attendance of this person and month given twice (also row {other})",
            ),
            "P06.days": _error(
                "旷工{value}天，超过当月的{days}个工作日",
                "{value} days absent: the month has {days} working days",
            ),
            "P06.sum": _error(
                "旷工和请假共{value}天，超过当月的{days}个工作日",
                "{value} days absent or on leave: the month has {days} working days",
            ),
            "P06.lates": _warning(
                "考勤填迟到{typed}次，交接班记录中迟到{log}次：按较多的{used}次计算",
                "考勤 gives {typed} late arrivals, the handover logs {log}: the larger, {used}, counts",
            ),
            "P06.undated": _warning(
                "迟到早退{count}次只有次数、没有日期，按月末计入处分升级；{day}的{sanction}有效期至"
                "{until}，在本月内到期：迟到若在此之前，处分和罚款会不同。请在过失登记中按日登记"
                "（L07）或附上交接班记录",
                "{count} late arrivals or early leaves have no day and count at the month's end;"
                " the {sanction} of {day}, valid until {until}, expires within the month: lates"
                " before that would be sanctioned and fined otherwise. Register them by day"
                " (L07) or give the handover log",
            ),
            "P06.half": _error(
                "“{value}”应为整天数：半天旷工请在请假登记中登记",
                "“{value}” should be whole days: register half a day's absence in 请假登记",
            ),
            "P06.run": _error(
                "连续旷工{value}天，多于旷工天数{other}天",
                "{value} consecutive days absent, more than the {other} days absent",
            ),
        },
    ),
    Rule(
        "P07",
        "§3.5",
        "daily base and bonus",
        "csbook.rules.pay:p07_daily_rates",
        {
            "P07": _error(
                "“{name}”没有基本工资，无法计算扣薪、旷工和请假扣款",
                "“{name}” has no base salary: cuts, absence and leave deductions cannot be computed",
            ),
            "P07.unused": _warning(
                "“{name}”没有基本工资，无法计算扣薪、旷工和请假扣款",
                "“{name}” has no base salary: cuts, absence and leave deductions cannot be computed",
            ),
            "P07.zero": _error(
                "“{name}”的基本工资填的是0，按未填计：无法计算扣薪、旷工和请假扣款（不按最低工资代替）",
                "“{name}”'s base salary is typed 0, read as not filled in: cuts, absence and leave"
                " deductions cannot be computed (the minimum wage is not put in its place)",
            ),
            "P07.zero_unused": _warning(
                "“{name}”的基本工资填的是0，按未填计：无法计算扣薪、旷工和请假扣款（不按最低工资代替）",
                "“{name}”'s base salary is typed 0, read as not filled in: cuts, absence and leave"
                " deductions cannot be computed (the minimum wage is not put in its place)",
            ),
            "P07.over_pay": _error(
                "{month}的扣款（迟到早退罚款、旷工、事假、病假扣款和扣薪）共{value}元，超过当月工资"
                "{pay}元（基本工资+岗位津贴+月奖金）：请核对天数；此人本月金额不完整",
                "the deductions of {month} (late fines, absence, personal and sick leave, salary"
                " cuts) come to {value}, more than the month's pay of {pay} (base + allowance +"
                " bonus): check the days; this person's figures of the month are incomplete",
            ),
        },
    ),
    Rule(
        "P08",
        "§3.5",
        "personal leave deduction",
        "csbook.rules.pay:p08_personal_leave",
        {
            "P08": _error(
                "事假{value}天，超过当月的{days}个工作日",
                "{value} days of personal leave: the month has {days} working days",
            ),
        },
    ),
    Rule(
        "P09",
        "§3.5",
        "sick leave deduction",
        "csbook.rules.pay:p09_sick_leave",
        {
            "P09.days": _error(
                "病假{value}天，超过当月的{days}天",
                "{value} days of sick leave: the month has {days}",
            ),
            "P09": _error(
                "有病假，须在参数表填写当地最低工资",
                "sick leave needs the local minimum wage (local_min_wage) in 参数",
            ),
            "P09.whole": _warning(
                "病假{value}天，多于当月的{days}个工作日：按病假满月计（停发薪酬，按当地最低工资80%发放）",
                "{value} days of sick leave, more than the month's {days} working days: read as"
                " a whole month sick (pay stops, 80 % of the local minimum wage is paid)",
            ),
            "P09.cap": _warning(
                "{month}病假按天计应扣{value}元，多于病假满月的扣款：按{cap}元扣，"
                "保留当地最低工资的80%（病假满月也发此数）",
                "the sick leave of {month} reckoned by days would cost {value}, more than a"
                " whole month sick: {cap} is deducted, keeping the 80 % of the local minimum"
                " wage a whole month sick is paid",
            ),
        },
    ),
    Rule(
        "P10",
        "§3.5",
        "the month's penalty summary 月处罚汇总",
        "csbook.rules.penalty_sheet:p10_sheet",
        {
            "P10.versions": _error(
                "“{kept}”与“{other}”同为{branch}的处罚汇总表，但记录不同（{rows}）：无法判断哪份为准，"
                "按“{kept}”计算、“{other}”未计入，涉及的人员（{people}）的处分和金额标为不完整；"
                "请核对后合并为一份",
                "“{kept}” and “{other}” are both {branch}'s penalty workbook but their rows "
                "differ ({rows}): which one holds is not known; counted by “{kept}”, “{other}” "
                "left out, the people concerned ({people}) are incomplete; check them and keep "
                "one workbook",
            ),
        },
    ),
    Rule(
        "P11",
        "§3.5",
        "record-only months: sanctions without money",
        "csbook.rules.sanctions:decide_person",
        {},
    ),
    Rule(
        "Q01",
        "§1.5",
        "leave days per request and per month",
        "csbook.rules.leave:leave_book",
        {
            "Q01.no_end": _error(
                "须填结束日期或天数", "an end date or a number of days is required"
            ),
            "Q01.before": _error("结束日期早于开始日期", "the end date is before the start date"),
            "Q01.days": _warning(
                "天数{value}与开始、结束日期算出的{count}天不符，按日期计",
                "{value} days typed, the dates give {count}: the dates count",
            ),
            "Q01.rest_days": _warning(
                "{first}至{last}都是休息日（周末或节假日），按0天计：日期可能有误，请核对",
                "{first} to {last} are all rest days (weekend or holiday): counted as 0 days;"
                " the dates may be wrong, check them",
            ),
            "Q01.rest_start": _warning(
                "开始日期{first}是休息日（周末或节假日），天数从其后的工作日{moved}起计：日期可能有误，请核对",
                "the start {first} is a rest day (weekend or holiday): the days count from the"
                " next working day, {moved}; the date may be wrong, check it",
            ),
            "Q01.overlap": _warning(
                "与第{other}行的请假日期重叠，重叠的日子只按第{other}行计",
                "overlaps the leave of row {other}: the shared days count once, for row {other}",
            ),
            "Q01.ahead": _warning(
                "第{rows}行（共{count}行）的请假有{days}天在校验日 {today} 之后、仍在本月：已按登记"
                "计入本月的事假、病假或旷工扣款；请假若有变动，请更新后重新生成",
                "rows {rows_en} ({count} in all): {days} days of leave after the reference day "
                "{today} but in its month are counted in the month's deductions as registered; "
                "if the leave changes, update it and run again",
            ),
        },
    ),
    Rule(
        "Q02",
        "§1.5",
        "paid-leave limits",
        "csbook.rules.leave:paid_limit",
        {
            "Q02.excess": _warning(
                "{kind}最多{limit}天，超出的{days}天按事假计",
                "{kind} allows {limit} days: the {days} days beyond count as personal leave",
            ),
            "Q02.relation": _warning(
                "丧假未填亲属关系，按其他亲属{days}天计",
                "bereavement leave without the relation: counted as {days} day (other relative)",
            ),
            "Q02.nursing": _error(
                "哺乳假为每天1小时，不能整天请假；所填天数按事假计",
                "nursing leave is an hour a day, not whole days: the days count as personal leave",
            ),
        },
    ),
    Rule(
        "Q03",
        "§1.5",
        "婚假 applied for in advance",
        "csbook.rules.leave:leave_book",
        {
            "Q03": _warning(
                "婚假须提前{days}天申请（应不晚于 {due}）",
                "marriage leave must be applied for {days} days ahead (by {due})",
            ),
        },
    ),
    Rule(
        "Q04",
        "§1.5",
        "leave approval by rank",
        "csbook.rules.leave:leave_book",
        {
            "Q04.missing": _error(
                "请假未经批准（批准人未填或写明未批准），按旷工计",
                "leave not approved (no approver, or the cell says not approved): "
                "the days count as absence",
            ),
            "Q04.self": _error(
                "批准人“{name}”是请假人本人：本人批准不算批准，按旷工计",
                "approver “{name}” is the applicant: approving one's own leave is no approval,"
                " the days count as absence",
            ),
            "Q04.consent": _warning(
                "批准人写的是“{name}”，没有写是谁批准的：无法核对职级，请填写批准人姓名",
                "approver “{name}” says someone approved but not who: the rank cannot be checked;"
                " write the approver's name",
            ),
            "Q04.date": _error(
                "批准人写的是日期“{name}”，不是人：按未经批准计（旷工）；请填写批准人姓名",
                "approver “{name}” is a date, not a person: the leave counts as not approved"
                " (absence); write the approver's name",
            ),
            "Q04.afterwards": _warning(
                "申请日期{applied}晚于开始日期{first}：事假须事先申请批准，这是事后补请；已按批准的"
                "事假计，请核对日期",
                "applied for on {applied}, after the leave began on {first}: personal leave is to"
                " be approved beforehand, this was applied for afterwards; counted as the approved"
                " leave, check the dates",
            ),
            "Q04.rank": _warning(
                "批准人“{name}”（{post}）职级不够：{days}天的请假须{wanted}以上批准",
                "approver “{name}” ({post}) ranks too low: {days} days of leave need a {wanted}",
            ),
            "Q04.unknown": _warning(
                "批准人“{name}”不在员工名单，无法核对职级",
                "approver “{name}” is not on the roster: the rank cannot be checked",
            ),
            "Q04.no_post": _warning(
                "员工表未填批准人“{name}”的岗位，无法核对职级",
                "the roster gives no post for approver “{name}”: the rank cannot be checked",
            ),
            "Q04.namesakes": _warning(
                "员工表有多人名为“{name}”且岗位不同，无法核对批准人职级",
                "several people named “{name}” with different posts: the rank cannot be checked",
            ),
        },
    ),
    Rule(
        "Q05",
        "§1.5",
        "the sick note in time",
        "csbook.rules.leave:leave_book",
        {
            "Q05.missing": _error(
                "病假未事先申请，{due}前未交医院证明，按旷工计",
                "sick leave not applied for ahead and no hospital note by {due}: counted as absence",
            ),
            "Q05.pending": _warning(
                "病假未事先申请，医院证明须在{due}前交，尚未到期：暂按病假计；逾期未交将按旷工计，"
                "本月的处罚和扣款届时会改变",
                "sick leave not applied for ahead: the hospital note is due by {due}, not yet"
                " passed; counted as sick leave for now — without the note in time it becomes"
                " absence and this month's figures change",
            ),
            "Q05.late": _error(
                "病假未事先申请，医院证明{note}才交，晚于期限{due}，按旷工计",
                "sick leave not applied for ahead; the hospital note came {note}, after {due}: counted as absence",
            ),
        },
    ),
    Rule(
        "Q06",
        "§1.5",
        "旷工 from the leave register feeds P06",
        "csbook.rules.pay:p06_run_offences",
        {
            "Q06.ahead": _warning(
                "按旷工计的请假中，{span}（{days}天）在校验日 {today} 之后、尚未发生：这些天暂按"
                "{kind}计，不算旷工，也不计入连续旷工的处分（处分只按已发生的天数定）；到时仍按旷工"
                "计的，届时重新生成处罚汇总会按全部天数重新判定，处分可能加重",
                "of this leave counted as absence, {span_en} ({days} days) fall after the reference"
                " day {today} and have not happened: they count as {kind} for now, not as absence,"
                " and not in the sanction for the run of absence (it rests on the days done); a"
                " run made once they are past decides again on all the days, possibly a heavier"
                " sanction",
            ),
        },
    ),
    Rule(
        "Q07",
        "§1.5",
        "the register's days merged with 考勤's",
        "csbook.rules.discipline:q07_differences",
        {
            "Q07": _warning(
                "考勤{what}{typed}天，请假登记{derived}天，按较大的{used}天计",
                "{what_en}: 考勤 gives {typed} days, the leave register {derived}; {used} days count",
            ),
        },
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
MESSAGES: dict[str, Message] = {
    key: message for rule in _RULES for key, message in rule.messages.items()
}


def reference() -> str:
    """docs/rules.md: every rule and message as registered, for people (`python -m
    csbook.rules.registry > docs/rules.md`; tests/test_registry.py keeps it current)."""
    lines = [
        "# Rules and messages",
        "",
        "Generated from `csbook/rules/registry.py` (`python -m csbook.rules.registry >"
        " docs/rules.md`); a test fails when it is out of date. Every finding csbook gives is one"
        " of these messages; `{…}` is filled in per finding. Some message keys (R06.offence,"
        " Q01.ahead, V46.implied …) are variants csbook adds to a SPEC.md rule; docs/conventions.md"
        " says which reading each one announces.",
        "",
        "| ID | SPEC | checks | message | severity | Chinese | English |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in _RULES:
        messages = [
            [f"`{key}`", message.severity.value, message.zh, message.en]
            for key, message in rule.messages.items()
        ]
        for n, tail in enumerate(messages or [["", "", "", "(computes only)"]]):
            head = [rule.id, rule.section, rule.checks] if n == 0 else ["", "", ""]
            cells = [cell.replace("|", "\\|") for cell in (*head, *tail)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
