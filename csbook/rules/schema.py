"""The workbooks' contract (SPEC §1): sheets, headers, value types, lists and synonyms.

Pure data. The reader maps what staff typed onto these keys; the rules work on keys; the
template builder lays the sheets out from the same description, so the three can never drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ValueKind(StrEnum):
    """A value's type; the reader normalises every cell of a column to it."""

    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    MONTH = "month"  # a calendar month, kept as its first day
    TIME = "time"  # a time of day, or a date-time (arrival at a shift)
    INT = "int"  # integer >= 0
    COUNT = "count"  # how many times, integer >= 0: a duration, days or money is refused
    MONEY = "money"  # Decimal >= 0
    DAYS = "days"  # Decimal >= 0 in half days (请假半天)
    BOOL = "bool"  # 是 / 否
    CHOICE = "choice"  # one of `choices` (after synonyms)


class BookKind(StrEnum):
    """Which of the three workbooks a file is (its value names templates and the CLI's `new`)."""

    VISITS = "visits"
    HANDOVER = "handover"
    PENALTIES = "penalties"


# 满意度 words of other scales, and the level of the usual scales each is read as
SATISFACTION_WORDS = (
    ("很满意", "非常满意"),
    ("十分满意", "非常满意"),
    ("较满意", "满意"),
    ("比较满意", "满意"),
    ("基本满意", "一般"),
    ("不太满意", "不满意"),
    ("很不满意", "不满意"),
    ("非常不满意", "不满意"),
    ("很好", "好"),
    ("良好", "较好"),
    ("较差", "差"),
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ValueKind = ValueKind.TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    # value synonyms for CHOICE columns, e.g. 上门 <- 面谈
    value_synonyms: tuple[tuple[str, str], ...] = ()
    # those of them whose reading is a choice (回访结果 不满意 → 未解决): R02.doubt says so
    doubtful_synonyms: frozenset[str] = frozenset()
    # a CHOICE column whose list is a setting (satisfaction scale, shifts, categories)
    choices_setting: str | None = None
    width: int = 12
    note: str = ""
    # a blank marker (`/`, `无` ...) is an empty cell (SPEC §1.0); not in 参数's 值, where
    # 无 is a value (须客户签字的回访方式 = 无: no method needs one)
    markers_blank: bool = True
    # the column records a person's act (a signature, an approval, a review): a word denying
    # it (未签, 不同意, 未审, `text.ACT_DENIALS`) is no act, read as a blank cell
    act: bool = False
    # the column names staff: `李娜 王芳` is read as one padded name (SPEC §1.0), and a warning
    # says two people are written 李娜、王芳
    people: bool = False
    # the column names who approved: a word beside the name (`批准 周敏`, `周敏同意`) is taken
    # off, a refusal (`不同意 周敏`) is no approval; a warning says so (io.values.approver_word)
    approves: bool = False


@dataclass(frozen=True)
class SheetSchema:
    name: str
    columns: tuple[Column, ...]
    computed: tuple[Column, ...] = ()
    # another accepted sheet name, e.g. a translated or older template
    synonyms: tuple[str, ...] = ()
    dated_by: str = ""  # the column that dates a row (which month it belongs to)
    # a sheet a workbook may lack (older templates): its absence is no finding
    optional: bool = False

    def column(self, key: str) -> Column:
        for col in (*self.columns, *self.computed):
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)


@dataclass(frozen=True)
class Book:
    kind: BookKind
    stem: str  # file stem and title
    sheets: tuple[SheetSchema, ...]
    settings_sheet: bool = True
    # the 节假日 sheet came late to this book's template, so copies made before lack it: its
    # absence is no warning (a year the calendar does not know still is, D01)
    holidays_missing_warns: bool = True

    def sheet(self, name: str) -> SheetSchema:
        for sh in self.sheets:
            if sh.name == name:
                return sh
        raise KeyError(name)


class YesNo(StrEnum):
    """A yes/no column's two values (签字, 换班, the computed 脱班 ...)."""

    YES = "是"
    NO = "否"


class VisitKind(StrEnum):
    REGULAR = "定期回访"
    COMPLAINT = "投诉回访"
    AFTER_SALES = "售后回访"
    INSTALLATION = "安装回访"
    SATISFACTION = "满意度调查"
    OPINION = "意见征求"  # SPEC §4: each client once a year (V04)


YES_NO = tuple(v.value for v in YesNo)
CHECK_NOTE = "校验提示"

VISIT_METHODS = ("电话", "上门", "信函", "邮件", "微信")
VISIT_KINDS = tuple(k.value for k in VisitKind)
CHANNELS = ("电话", "来访", "信函", "网站", "微信", "邮件", "上访")

VISITS = SheetSchema(
    name="回访登记",
    dated_by="visit_date",
    synonyms=("回访登记表", "回访记录", "回访记录表", "客户回访登记表", "客户回访"),
    columns=(
        Column(
            "visit_date",
            "回访日期",
            ValueKind.DATE,
            True,
            ("回访时间", "日期", "访问日期"),
            width=12,
        ),
        Column(
            "client",
            "客户单位",
            required=True,
            synonyms=("客户名称", "被访客户", "客户", "单位名称", "客户单位名称"),
            width=22,
        ),
        Column("contact", "联系人", synonyms=("被访人", "客户联系人"), width=10),
        Column("phone", "联系电话", synonyms=("电话", "联系方式", "手机", "电话号码"), width=15),
        Column(
            "method",
            "回访方式",
            ValueKind.CHOICE,
            True,
            ("方式", "访问方式"),
            VISIT_METHODS,
            (
                ("面谈", "上门"),
                ("上门走访", "上门"),
                ("走访", "上门"),
                ("现场", "上门"),
                ("上门拜访", "上门"),
                ("电话访问", "电话"),
                ("微信回访", "微信"),
                ("上门回访", "上门"),
                ("电话回访", "电话"),
                ("来电", "电话"),
                ("邮寄", "信函"),
                ("书信", "信函"),
                ("电子邮件", "邮件"),
                ("email", "邮件"),
                ("e-mail", "邮件"),
                ("短信", "微信"),
            ),
            width=10,
        ),
        Column(
            "kind",
            "回访类型",
            ValueKind.CHOICE,
            True,
            ("类型", "回访类别", "回访性质"),
            VISIT_KINDS,
            (
                ("定期", "定期回访"),
                ("常规回访", "定期回访"),
                ("日常回访", "定期回访"),
                ("投诉", "投诉回访"),
                ("售后", "售后回访"),
                ("安装", "安装回访"),
                ("装机回访", "安装回访"),
                ("满意度", "满意度调查"),
                ("满意度回访", "满意度调查"),
                ("征求意见", "意见征求"),
                ("意见征询", "意见征求"),
                ("征询意见", "意见征求"),
            ),
            width=12,
        ),
        Column(
            "installed_on",
            "安装日期",
            ValueKind.DATE,
            synonyms=("安装时间", "装机日期"),
            note="安装回访必填",
        ),
        Column(
            "complaint_id", "关联投诉编号", synonyms=("投诉编号", "关联投诉", "投诉单号"), width=14
        ),
        Column(
            "feedback",
            "客户意见",
            synonyms=("客户意见和要求", "客户意见及要求", "意见和要求", "客户反映", "回访内容"),
            width=30,
        ),
        Column(
            "promise",
            "承诺解决方法",
            synonyms=("承诺解决办法", "解决方法", "承诺事项", "处理措施"),
            width=24,
        ),
        Column("promised_by", "承诺期限", ValueKind.DATE, synonyms=("承诺解决期限", "承诺日期")),
        Column("resolved_on", "解决日期", ValueKind.DATE, synonyms=("解决时间", "完成日期")),
        Column("followup_on", "复访日期", ValueKind.DATE, synonyms=("复访时间", "再次回访日期")),
        Column(
            "satisfaction",
            "满意度",
            ValueKind.CHOICE,
            synonyms=("客户满意度", "满意程度", "评价"),
            choices_setting="satisfaction_scale",
            # for either usual scale; a synonym counts only when its level is on the scale
            # and it is not a level itself
            value_synonyms=SATISFACTION_WORDS,
            # each a degree word of another scale read as a level of this one — a reading
            # that may move 满意率 (基本满意 as 一般: not satisfied), never the same word said
            # otherwise (SPEC §1: 面谈 = 上门): R02.synonym names the rows and the level read
            doubtful_synonyms=frozenset(alias for alias, _ in SATISFACTION_WORDS),
            width=10,
        ),
        Column(
            "signed_by", "客户签字", synonyms=("客户签名", "客户确认", "签字"), width=10, act=True
        ),
        Column(
            "staff",
            "回访人",
            required=True,
            synonyms=("回访人员", "客服", "回访员", "客服专员", "经办人"),
            width=10,
            people=True,
        ),
        Column(
            "reviewed_by",
            "主管审核",
            synonyms=("审核人", "主管签字", "审核"),
            width=10,
            act=True,
            people=True,
        ),
        Column("note", "备注", synonyms=("说明",), width=16),
    ),
    computed=(
        Column("followup_due", "复访期限", ValueKind.DATE, width=12),
        Column("promise_status", "承诺状态", width=10),
        Column("status", "状态", width=10),
        Column("check", CHECK_NOTE, width=40),
    ),
)

COMPLAINTS = SheetSchema(
    name="投诉登记",
    dated_by="received_at",
    synonyms=("投诉登记表", "投诉记录", "投诉记录表", "客户投诉登记表", "客户投诉"),
    columns=(
        Column("complaint_id", "投诉编号", required=True, synonyms=("编号", "投诉单号", "单号")),
        Column(
            "received_at",
            "受理时间",
            ValueKind.DATETIME,
            True,
            # a moment may be typed as a date column and a time column (受理日期 | 受理时间):
            # each DATETIME column names both halves, so the reader joins them
            ("投诉时间", "受理日期", "投诉日期", "接报时间", "接报日期"),
            width=17,
        ),
        Column(
            "client",
            "客户",
            required=True,
            synonyms=("客户单位", "客户名称", "投诉人", "投诉单位", "投诉客户"),
            width=20,
        ),
        Column(
            "channel",
            "渠道",
            ValueKind.CHOICE,
            True,
            ("投诉渠道", "投诉方式", "来源", "受理渠道"),
            CHANNELS,
            (
                ("电话投诉", "电话"),
                ("来电", "电话"),
                ("热线", "电话"),
                ("上门", "来访"),
                ("面谈", "来访"),
                ("来人", "来访"),
                ("来函", "信函"),
                ("书信", "信函"),
                ("网络", "网站"),
                ("网上", "网站"),
                ("官网", "网站"),
                ("电子邮件", "邮件"),
                ("email", "邮件"),
                ("e-mail", "邮件"),
                ("信访", "上访"),
            ),
            width=8,
        ),
        Column(
            "category",
            "投诉类别",
            ValueKind.CHOICE,
            synonyms=("类别", "投诉类型", "问题类别"),
            choices_setting="complaint_categories",
            width=12,
        ),
        Column(
            "content",
            "投诉内容",
            required=True,
            synonyms=("内容", "投诉事由", "投诉事项", "问题描述"),
            width=30,
        ),
        Column(
            "unit",
            "责任单位",
            required=True,
            synonyms=("责任部门", "责任站点", "站点", "被投诉单位", "责任单位/站点"),
            width=14,
        ),
        Column(
            "replied_at",
            "首次回复时间",
            ValueKind.DATETIME,
            synonyms=(
                "回复时间",
                "首次答复时间",
                "答复时间",
                "首次回复",
                "首次回复日期",
                "回复日期",
                "首次答复日期",
                "答复日期",
            ),
            width=17,
        ),
        Column("resolution", "处理结果", synonyms=("处理情况", "处理意见", "处理措施"), width=24),
        Column(
            "resolved_at",
            "解决时间",
            ValueKind.DATETIME,
            synonyms=("解决日期", "处理完成时间", "处理完成日期", "办结时间", "办结日期"),
            width=17,
        ),
        Column(
            "followup_at",
            "回访时间",
            ValueKind.DATETIME,
            synonyms=("回访日期", "复访时间", "复访日期"),
            width=17,
        ),
        Column(
            "followup_result",
            "回访结果",
            ValueKind.CHOICE,
            synonyms=("复访结果",),
            choices=("已解决", "未解决"),
            value_synonyms=(
                ("解决", "已解决"),
                ("已处理", "已解决"),
                ("满意", "已解决"),
                ("未处理", "未解决"),
                ("没解决", "未解决"),
                ("不满意", "未解决"),
            ),
            # a dissatisfied client may still have been helped: 未解决 is read, and said
            doubtful_synonyms=frozenset({"不满意"}),
            width=10,
        ),
        Column("followups", "回访次数", ValueKind.COUNT, synonyms=("复访次数",), width=8),
        Column("severe", "恶性", ValueKind.BOOL, synonyms=("恶性投诉", "是否恶性"), width=6),
        Column(
            "owner",
            "首问负责人",
            required=True,
            synonyms=("首问责任人", "受理人", "负责人", "接待人"),
            width=10,
            people=True,
        ),
    ),
    computed=(
        Column("reply_due", "回复期限", ValueKind.DATETIME, width=17),
        Column("reply_status", "回复状态", width=12),
        Column("followup_due", "复访期限", ValueKind.DATETIME, width=17),
        Column("grade", "投诉等级", width=8),
        Column("check", CHECK_NOTE, width=40),
    ),
)

HANDOVER = SheetSchema(
    name="交接班",
    dated_by="date",
    synonyms=("交接班记录", "交接班记录表", "交接班登记", "交接班登记表", "交接班表"),
    columns=(
        Column("date", "日期", ValueKind.DATE, True, ("交接日期", "交班日期", "值班日期")),
        Column(
            "shift",
            "班次",
            ValueKind.CHOICE,
            True,
            ("班别", "班"),
            choices_setting="shifts",
            # 白班 and 晚班 are not read as synonyms: in a three-shift day either could be 早班 or
            # 中班 (晚班 is the night in a two-shift day). An office that uses them names them in
            # 参数's 班次; otherwise they are R02, never a guessed shift (SPEC §1.0).
            value_synonyms=(
                ("早", "早班"),
                ("中", "中班"),
                ("夜", "夜班"),
                ("大夜班", "夜班"),
            ),
            width=8,
        ),
        Column(
            "from_staff",
            "交班人",
            required=True,
            synonyms=("交班人员", "交班"),
            width=10,
            people=True,
        ),
        Column(
            "to_staff",
            "接班人",
            required=True,
            synonyms=("接班人员", "接班"),
            width=10,
            people=True,
        ),
        Column(
            "arrived_at",
            "接班到岗时间",
            ValueKind.TIME,
            True,
            ("到岗时间", "接班时间", "接班人到岗时间"),
            width=14,
        ),
        Column("items", "交接事项", synonyms=("交接内容", "交班事项", "遗留问题"), width=30),
        Column(
            "open_items", "未结事项数", ValueKind.INT, synonyms=("未结事项", "遗留事项数"), width=8
        ),
        Column(
            "from_signed", "交班人签字", synonyms=("交班人签名", "交班签字"), width=10, act=True
        ),
        Column("to_signed", "接班人签字", synonyms=("接班人签名", "接班签字"), width=10, act=True),
        Column(
            "face_to_face",
            "当面交接",
            ValueKind.BOOL,
            synonyms=("是否当面交接", "当面交清"),
            width=8,
        ),
        Column("swapped", "换班", ValueKind.BOOL, synonyms=("是否换班", "调班"), width=6),
        Column(
            "swap_approver",
            "换班批准人",
            synonyms=("换班审批人", "调班批准人", "批准人"),
            width=10,
            act=True,
            people=True,
            approves=True,
        ),
        Column(
            "reviewed_by",
            "主管审阅",
            synonyms=("主管审核", "主管签字", "审阅人"),
            width=10,
            act=True,
            people=True,
        ),
        Column("note", "备注", synonyms=("说明",), width=16),
    ),
    computed=(
        Column("due_at", "应到时间", ValueKind.DATETIME, width=17),
        Column("minutes_early", "提前分钟", ValueKind.INT, width=8),
        Column("arrival_status", "到岗状态", width=8),
        Column("gap", "脱班", width=6),
        Column("check", CHECK_NOTE, width=40),
    ),
)

ROSTER = SheetSchema(
    name="员工",
    synonyms=("员工名单", "员工表", "人员名单", "花名册", "员工花名册"),
    columns=(
        Column("staff_id", "工号", synonyms=("员工编号", "编号"), width=8),
        Column("name", "姓名", required=True, synonyms=("员工姓名",), width=10, people=True),
        Column("department", "部门", width=10),
        Column("post", "岗位", synonyms=("职务",), width=10),
        Column("base_pay", "基本工资", ValueKind.MONEY, synonyms=("底薪", "基本薪资"), width=10),
        Column("allowance", "岗位津贴", ValueKind.MONEY, synonyms=("职务津贴", "津贴"), width=10),
        Column("bonus", "月奖金", ValueKind.MONEY, synonyms=("奖金",), width=10),
        Column("hired_on", "入职日期", ValueKind.DATE, synonyms=("入职时间",)),
        Column("contract_end", "合同到期日", ValueKind.DATE, synonyms=("合同到期", "合同期满日")),
    ),
)

OFFENCES = SheetSchema(
    name="过失登记",
    dated_by="date",
    synonyms=("过失登记表", "过失记录", "过失记录表", "违纪登记"),
    columns=(
        Column("date", "日期", ValueKind.DATE, True, ("过失日期", "发生日期")),
        Column("staff_id", "工号", synonyms=("员工编号",), width=8),
        Column("name", "姓名", synonyms=("员工姓名", "当事人"), width=10, people=True),
        Column("code", "过失代码", required=True, synonyms=("代码", "过失编号"), width=8),
        Column("description", "过失描述", synonyms=("过失内容", "事由", "描述"), width=30),
        Column("amount", "涉及金额", ValueKind.MONEY, synonyms=("金额", "损失金额"), width=10),
        Column("notified_on", "通知日期", ValueKind.DATE, synonyms=("通知时间",)),
        Column("signed", "本人签字", synonyms=("签字", "本人签名"), width=10, act=True),
        Column("appealed_on", "申诉日期", ValueKind.DATE, synonyms=("申诉时间",)),
        Column("appeal_result", "申诉结果", width=12),
        Column(
            "order",
            "处分要求",
            ValueKind.CHOICE,
            synonyms=("处分形式",),
            choices=("通报", "留察", "开除"),
            value_synonyms=(
                ("通报批评", "通报"),
                ("留用察看", "留察"),
                ("留用查看", "留察"),
                # 留厂察看 is the standard full name (also 留职察看); 查 for 察 a common slip
                ("留厂察看", "留察"),
                ("留厂查看", "留察"),
                ("留职察看", "留察"),
                ("留职查看", "留察"),
                ("予以开除", "开除"),
                ("直接开除", "开除"),
                ("开除处理", "开除"),
            ),
            width=10,
        ),
        Column(
            "issued_on", "签发日期", ValueKind.DATE, synonyms=("签发时间", "处分日期", "发文日期")
        ),
        Column(
            "approver",
            "批准人",
            synonyms=("审批人", "批准", "审批"),
            width=10,
            act=True,
            people=True,
            approves=True,
        ),
    ),
    computed=(
        Column("tier", "过失等级", width=10),
        Column("sanction", "处分", width=10),
        Column("fine", "罚款", ValueKind.MONEY, width=8),
        Column("cut", "扣薪", ValueKind.MONEY, width=8),
        Column("valid_until", "有效期至", ValueKind.DATE, width=12),
        Column("running", "累计", width=24),
        Column("check", CHECK_NOTE, width=40),
    ),
)

ATTENDANCE = SheetSchema(
    name="考勤",
    dated_by="month",
    synonyms=("考勤表", "考勤记录", "考勤统计", "考勤汇总"),
    columns=(
        Column("month", "月份", ValueKind.MONTH, True, ("考勤月份", "月"), width=10),
        Column("staff_id", "工号", synonyms=("员工编号",), width=8),
        Column("name", "姓名", synonyms=("员工姓名",), width=10, people=True),
        Column("late", "迟到次数", ValueKind.COUNT, synonyms=("迟到",), width=8),
        Column("early", "早退次数", ValueKind.COUNT, synonyms=("早退",), width=8),
        # days, read as its neighbours are (`4小时` refused, not 4); whole days only (P06.half)
        Column("absent_days", "旷工天数", ValueKind.DAYS, synonyms=("旷工",), width=8),
        Column("absent_run", "连续旷工天数", ValueKind.DAYS, synonyms=("连续旷工",), width=10),
        Column("personal_leave", "事假天数", ValueKind.DAYS, synonyms=("事假",), width=8),
        Column("sick_leave", "病假天数", ValueKind.DAYS, synonyms=("病假",), width=8),
    ),
)

LEAVE_KINDS = ("事假", "病假", "年休假", "婚假", "丧假", "产假", "护理假", "哺乳假")

LEAVE = SheetSchema(
    name="请假登记",
    synonyms=("请假登记表", "请假记录", "请假记录表", "请假表", "请假单"),
    optional=True,
    columns=(
        Column("staff_id", "工号", synonyms=("员工编号",), width=8),
        Column("name", "姓名", synonyms=("员工姓名", "请假人"), width=10, people=True),
        Column(
            "kind",
            "假别",
            ValueKind.CHOICE,
            True,
            ("请假类别", "请假类型", "假期类型", "请假种类"),
            LEAVE_KINDS,
            (
                ("私事假", "事假"),
                ("年假", "年休假"),
                ("带薪年假", "年休假"),
                ("带薪年休假", "年休假"),
                ("陪产假", "护理假"),
                ("看护假", "护理假"),
                ("生育假", "产假"),
            ),
            width=8,
        ),
        Column("start", "开始日期", ValueKind.DATE, True, ("起始日期", "请假开始日期", "开始时间")),
        Column(
            "end", "结束日期", ValueKind.DATE, synonyms=("截止日期", "请假结束日期", "结束时间")
        ),
        Column(
            "days",
            "天数",
            ValueKind.DAYS,
            synonyms=("请假天数",),
            width=8,
            note="可不填结束日期而只填天数；半天填0.5",
        ),
        Column("applied_on", "申请日期", ValueKind.DATE, synonyms=("申请时间", "请假申请日期")),
        Column(
            "approver",
            "批准人",
            synonyms=("审批人", "批准"),
            width=10,
            act=True,
            people=True,
            approves=True,
        ),
        Column(
            "relation",
            "亲属关系",
            ValueKind.CHOICE,
            synonyms=("与本人关系", "亲属"),
            choices=("直系", "其他"),
            value_synonyms=(
                ("直系亲属", "直系"),
                ("父母", "直系"),
                ("父亲", "直系"),
                ("母亲", "直系"),
                ("配偶", "直系"),
                ("子女", "直系"),
                ("儿子", "直系"),
                ("女儿", "直系"),
                ("丈夫", "直系"),
                ("妻子", "直系"),
                ("爸爸", "直系"),
                ("妈妈", "直系"),
                ("其它", "其他"),
                ("兄弟姐妹", "其他"),
                ("祖父母", "其他"),
                ("外祖父母", "其他"),
                ("岳父母", "其他"),
                ("公婆", "其他"),
                # 003 篇十: brothers and sisters, parents-in-law, grandparents: one day
                ("非直系", "其他"),
                *((who, "其他") for who in ("兄弟", "姐妹", "哥哥", "姐姐", "弟弟", "妹妹")),
                *((who, "其他") for who in ("祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶")),
                *((who, "其他") for who in ("外公", "外婆", "岳父", "岳母", "公公", "婆婆")),
            ),
            width=10,
            note="丧假填：直系（父母、配偶、子女）或 其他",
        ),
        Column("difficult", "难产", ValueKind.BOOL, synonyms=("是否难产",), width=6),
        Column(
            "note_on",
            "证明提交日期",
            ValueKind.DATE,
            synonyms=("医院证明提交日期", "证明日期", "病假证明日期"),
            width=12,
            note="病假未事先申请的，须在开始后两个工作日内交医院证明",
        ),
        Column("note", "备注", synonyms=("说明", "事由"), width=16),
    ),
    computed=(
        Column("counted", "核定天数", ValueKind.DAYS, width=8),
        Column("words", "计入", width=22),
        Column("check", CHECK_NOTE, width=40),
    ),
)

# 金额规则 as branches write it: the catalogue's own wording ("2倍罚款", "按原价赔偿") and the
# multiplier said otherwise. A bare number (`2`: twice, or 2 yuan?), `赔偿` alone (how much?)
# or any other multiple stays unreadable: R02, and the code's offences are held (catalogue_sheet).
MONEY_RULE_WORDS = tuple(
    (alias, "2x")
    for alias in (
        "2倍",
        "两倍",
        "二倍",
        "双倍",
        "2倍罚款",
        "两倍罚款",
        "双倍罚款",
        "x2",
        "×2",
        "*2",
        "2×",
        "200%",
    )
) + tuple(
    (alias, "1x")
    for alias in ("1倍", "一倍", "x1", "×1", "*1", "1×", "100%", "原价", "原价赔偿", "按原价赔偿")
)

CATALOGUE_SHEET = SheetSchema(
    name="过失目录",
    synonyms=("过失目录表", "处罚目录"),
    columns=(
        Column("code", "代码", required=True, synonyms=("过失代码", "编号"), width=8),
        Column(
            "tier",
            "等级",
            ValueKind.CHOICE,
            True,
            ("过失等级", "类别"),
            ("轻度过失", "严重过失", "重大过失", "开除情况"),
            (
                ("轻度", "轻度过失"),
                ("严重", "严重过失"),
                ("重大", "重大过失"),
                ("开除", "开除情况"),
            ),
            width=10,
        ),
        Column("description", "过失描述", synonyms=("描述", "内容"), width=60),
        Column(
            "money_rule",
            "金额规则",
            ValueKind.CHOICE,
            synonyms=("罚款规则",),
            choices=("2x", "1x"),
            value_synonyms=MONEY_RULE_WORDS,
            width=10,
        ),
    ),
)

SETTINGS_SHEET = SheetSchema(
    name="参数",
    synonyms=("参数表", "设置", "参数设置", "设置表"),
    columns=(
        Column("key", "参数", required=True, synonyms=("键", "参数名", "项目")),
        # the Chinese name the template shows beside the key: staff read the sheet by it,
        # and a row whose 参数 cell is blank (a row they added) is read by its 名称
        Column("name", "名称", synonyms=("参数名称", "中文名")),
        Column("value", "值", synonyms=("参数值", "设定值", "数值"), markers_blank=False),
        Column("note", "说明", synonyms=("备注",)),
    ),
)

HOLIDAYS_SHEET = SheetSchema(
    name="节假日",
    synonyms=("节假日表", "节假日安排", "假日"),
    columns=(
        Column("date", "日期", ValueKind.DATE, True, ()),
        Column(
            "day_type",
            "类型",
            ValueKind.CHOICE,
            True,
            ("休/班", "休班", "性质"),
            ("休", "班"),
            (
                ("休息", "休"),
                ("假", "休"),
                ("放假", "休"),
                ("节假日", "休"),
                ("上班", "班"),
                ("补班", "班"),
                ("调休上班", "班"),
                ("工作日", "班"),
            ),
            width=8,
        ),
        Column("note", "说明", synonyms=("备注", "名称"), width=20),
    ),
)

VISITS_BOOK = Book(BookKind.VISITS, "回访登记表", (VISITS, COMPLAINTS))
HANDOVER_BOOK = Book(BookKind.HANDOVER, "交接班记录", (HANDOVER,))
PENALTIES_BOOK = Book(
    BookKind.PENALTIES,
    "处罚汇总表",
    (ROSTER, OFFENCES, ATTENDANCE, LEAVE, CATALOGUE_SHEET),
    holidays_missing_warns=False,
)
BOOKS: tuple[Book, ...] = (VISITS_BOOK, HANDOVER_BOOK, PENALTIES_BOOK)
