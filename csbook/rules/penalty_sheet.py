"""The month's penalty summary (SPEC §3.5 P10, §3.3 C04): one row per person, the responsible
units, signature and copy-to lines — as a `ReportSheet` that every face renders the same.

Who is listed: everyone with something that month (an offence, a cut still running from an
earlier 严重警告, a late arrival, absence, leave, or a problem); the others are counted in a
line below the table. A person whose money cannot be computed exactly (not on the roster, an
unknown code, a money rule without a usable amount, no base salary where one is needed, sick
leave without local_min_wage, impossible day counts, an earlier offence that could not be
decided) keeps the figures that are known, gets no 合计, and 备注 says why: the 合计（元）
total then leaves that person out while the other columns' totals hold their known figures,
and a line under the table says so.
Each figure is rounded to the fen once; a person's 合计 is the sum of the figures shown, so
every row and column adds up on paper.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .catalogue import short_description
from .complaints import Grade
from .deadlines import day_of
from .discipline import ApprovalGap, Ledger, unregistered
from .handover import Arrival
from .leave import Counted, LeaveMonth
from .months import month_label, month_span, month_start
from .pay import MonthPay
from .report import Fmt, ReportSheet, ReportTable
from .sanctions import Decision, Sanction, fen
from .settings import Settings, used_instead
from .table import Table
from .text import squeeze

# receiver as written -> month -> the day of each late arrival (a day twice: two shifts)
Lates = dict[str, dict[date, list[date]]]

SHEET_NAME = "月处罚汇总"
SIGNATURES = ["部门主管：__________", "人事：__________", "总经理：__________"]
COPY_TO = "抄送：财务"
INCOMPLETE = "不完整"

PERSON_HEADER = [
    "工号",
    "姓名",
    "过失",
    "处分",
    "罚款（元）",
    "扣薪（元）",
    "迟到早退次数",
    "迟到早退罚款",
    "旷工天数",
    "旷工扣款",
    "事假扣款",
    "病假扣款",
    "合计（元）",
    "缺少审批",
    "备注",
]
PERSON_FORMATS = [
    Fmt.TEXT,
    Fmt.TEXT,
    Fmt.TEXT,
    Fmt.TEXT,
    Fmt.MONEY,
    Fmt.MONEY,
    Fmt.INT,
    Fmt.MONEY,
    Fmt.DAYS,  # half days of 旷工 come from 请假登记 (请假半天)
    Fmt.MONEY,
    Fmt.MONEY,
    Fmt.MONEY,
    Fmt.MONEY,
    Fmt.TEXT,
    Fmt.TEXT,
]
# columns whose values may be missing (an incomplete figure) and are then flagged
MONEY_COLUMNS = (4, 5, 7, 9, 10, 11, 12)
TOTAL_COLUMNS = [4, 5, 6, 7, 8, 9, 10, 11, 12]
TOTAL_COLUMN = 12
APPROVAL_COLUMN = 13
OFFENCES_COLUMN = 2  # 过失: a month's several offences wrap rather than print cut off
UNIT_HEADER = ["责任单位", "重复投诉", "恶性投诉", "投诉编号"]
NOTES = (
    "说明：罚款含第二次有效口头批评罚款、通报批评罚款和按涉及金额的罚款或赔偿；"
    "扣薪为严重警告、留察减底薪和岗位津贴（当月及次月）；"
    "旷工每天扣日标准基薪×旷工扣薪天数；金额四舍五入到分。"
)


@dataclass
class PersonMonth:
    """One row of the summary."""

    name: str
    staff_id: str | None = None
    source: str = ""
    order: tuple[int, str] = (0, "")
    offences: str = ""
    sanctions: str = ""
    fine: Decimal | None = Decimal(0)
    cut: Decimal | None = Decimal(0)
    late_count: int = 0
    late_fine: Decimal | None = Decimal(0)
    absent_days: Decimal | int = 0
    absence: Decimal | None = Decimal(0)
    personal: Decimal | None = Decimal(0)
    sick: Decimal | None = Decimal(0)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # in words: the month's sanctions without the approval V46 asks, and leave taken as 旷工
    # for want of one (Q04)
    unapproved_sanctions: list[str] = field(default_factory=list)
    unapproved_leave: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The name with the staff number: namesakes stay apart wherever a row is named."""
        return f"{self.name}（{self.staff_id}）" if self.staff_id else self.name

    @property
    def approvals(self) -> list[str]:
        """What the 缺少审批 column lists."""
        return [*self.unapproved_sanctions, *self.unapproved_leave]

    @property
    def figures(self) -> tuple[Decimal | None, ...]:
        return (self.fine, self.cut, self.late_fine, self.absence, self.personal, self.sick)

    @property
    def complete(self) -> bool:
        return not self.problems and all(f is not None for f in self.figures)

    @property
    def total(self) -> Decimal | None:
        """The person's 合计, or None when it cannot be given without a guess."""
        if not self.complete:
            return None
        return sum((f for f in self.figures if f is not None), Decimal(0))

    @property
    def remark(self) -> str:
        parts = []
        if self.problems:
            parts.append(f"{INCOMPLETE}：" + "；".join(dict.fromkeys(self.problems)))
        parts += dict.fromkeys(self.notes)
        return "；".join(parts)


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _offence_words(decisions: list[Decision], from_leave: set[int]) -> str:
    """Registered offences by day, those from 请假登记 by their leave's first day (Q06), those
    考勤 implies counted."""
    words = [
        f"{d.event.day:%m-%d} {d.event.code} {short_description(d.event.code)}".rstrip()
        + ("（请假登记）" if d.event.seq in from_leave else "")
        for d in decisions
        if not d.event.source or d.event.seq in from_leave
    ]
    implied = Counter(
        d.event.code for d in decisions if d.event.source and d.event.seq not in from_leave
    )
    words += [f"{code}×{n}（考勤）" if n > 1 else f"{code}（考勤）" for code, n in implied.items()]
    return "、".join(words)


def leave_note(leave: LeaveMonth) -> str:
    """The month's 请假登记 days in words, for 备注 (Q01)."""
    parts = [
        f"{counted}{leave.of(counted).normalize():f}天" for counted in Counted if leave.of(counted)
    ]
    return "请假登记：" + "、".join(parts) if parts else ""


def _sanction_words(decisions: list[Decision]) -> str:
    counted: Counter[str] = Counter()
    for d in decisions:
        if d.sanction is not None:
            counted[str(d.sanction)] += 1
        elif d.event.void:
            counted["已撤销"] += 1
    return "、".join(f"{s}×{n}" if n > 1 else s for s, n in counted.items())


def _eventful(pay: MonthPay) -> bool:
    att = pay.attendance
    return bool(pay.late_count or att.absent_days or att.personal or att.sick or pay.problems)


@dataclass(frozen=True)
class LateRepeat:
    """A late arrival a second handover log shows again for the same shift (a mid-month
    copy beside the month-end log): counted once, at its first log's row."""

    log: str  # the file repeating it, as shown
    row: int  # its sheet row
    first_log: str
    first_row: int
    receiver: str
    day: date
    shift: str


@dataclass
class CountedLates:
    """The handover logs' lates (`count_lates`): by receiver and month, the lates a second log
    repeats (counted once), and the lates of a shift two logs give otherwise — another
    receiver or arrival — charged to no one: (receiver as written, day, why), as
    `handover.late_doubts` gives them within one log."""

    lates: Lates
    repeats: list[LateRepeat]
    doubts: list[tuple[str, date, str]]


@dataclass(frozen=True)
class _ShiftRow:
    log: str
    row: int
    receiver: str
    late: bool
    shift: str


def count_lates(logs: Iterable[tuple[str, Table, Sequence[Any]]]) -> CountedLates:
    """H01 迟到 of handover logs — each its name, its 交接班 table and the arrival status H01
    computes for every row (blank on a copy or a doubt within the log, H04) — per receiver
    and month of the shift's date. A shift several logs give (a mid-month copy beside the
    month-end log) counts once where they agree on its receiver and arrival, and not at all
    where they do not (the late held as a doubt). A receiver's spellings that squeeze alike
    (`刘 洋`, `刘洋`) are one name, kept as first written (messages quote it)."""
    slots: dict[tuple[date, str], list[_ShiftRow]] = defaultdict(list)
    loose: list[tuple[str, date]] = []  # lates of a shift not known: never merged
    for log, t, status in logs:
        days, shifts, takers = t.col("date"), t.col("shift"), t.col("to_staff")
        for i, state in enumerate(status):
            if not state or takers[i] is None or days[i] is None:
                continue
            if shifts[i] is None:
                if state == Arrival.LATE:
                    loose.append((takers[i], days[i]))
                continue
            late = state == Arrival.LATE
            slots[days[i], squeeze(shifts[i])].append(
                _ShiftRow(log, t.rows[i], takers[i], late, shifts[i])
            )
    counted: list[tuple[str, date]] = list(loose)
    repeats: list[LateRepeat] = []
    doubts: list[tuple[str, date, str]] = []
    for (day, _), rows in slots.items():
        first = rows[0]
        if len({(squeeze(r.receiver), r.late) for r in rows}) > 1:
            listed = "、".join(f"“{r.log}”第{r.row}行" for r in rows)
            why = (
                f"{listed}为同一班次（{day:%m-%d}{first.shift}）的不同记录（接班人或到岗不同），"
                "迟到未计入，请核对"
            )
            doubts += [(r.receiver, day, why) for r in rows if r.late]
            continue
        if first.late:
            counted.append((first.receiver, day))
            repeats += [
                LateRepeat(r.log, r.row, first.log, first.row, r.receiver, day, r.shift)
                for r in rows[1:]
            ]
    lates: defaultdict[str, defaultdict[date, list[date]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for taker, day in counted:
        name = names.setdefault(squeeze(taker), taker)
        lates[name][month_start(day)].append(day)
    return CountedLates(
        {k: {m: sorted(d) for m, d in v.items()} for k, v in lates.items()}, repeats, doubts
    )


def repeats_line(repeats: Sequence[LateRepeat], month: date) -> str | None:
    """The line under 月处罚汇总 naming the lates of `month` another log repeats (each
    counted once); None when there is none."""
    shown = [
        f"“{r.log}”第{r.row}行（{r.day:%m-%d}{r.shift} {r.receiver}）即“{r.first_log}”第{r.first_row}行"
        for r in repeats
        if month_start(r.day) == month
    ]
    if not shown:
        return None
    return "※ 交接班记录之间重复的迟到只计一次：" + "；".join(shown) + "。"


def stranger_note(strangers: Iterable[str]) -> str | None:
    """The line under the table naming who was late by the handover logs but is on no roster
    of their branch's book, so the lates count nowhere; None when there is nobody."""
    names = sorted(set(strangers))
    if not names:
        return None
    return "交接班记录中以下人员本月迟到，但不在员工名单，未计入：" + "、".join(names)


def orphan_lates_line(branch: str, log: str, lates: Lates, month: date) -> str | None:
    """The line saying whose lates of `month` a handover log gives that no book of the run
    can take (no 处罚汇总表 of the log's branch): None when the log has none that month."""
    people = [
        f"{name} {len(by_month[month])} 次" for name, by_month in lates.items() if month in by_month
    ]
    if not people:
        return None
    return (
        f"※ {branch}的交接班记录“{log}”中以下人员本月迟到，但本次没有{branch}的处罚汇总表，"
        f"未计入任何人（同名的其他分公司员工不代为承担）：{'、'.join(people)}。"
    )


def _known_sum(values: Sequence[Decimal | None], what: str) -> str:
    """A waived amount in words: the sum, or that it cannot be given."""
    total = _sum(values)
    return f"{what}（金额无法计算）" if total is None else f"{what}{fen(total)}元"


def record_only_note(
    month: date,
    decisions: Sequence[Decision],
    pay: MonthPay | None,
    carried: Sequence[str],
    settings: Settings,
) -> str:
    """P11: what a record-only month did not charge the person and what it still did, to the
    fen (the structured results of `sanctions` and `pay`, never their words)."""
    waived: list[str] = []
    charged: list[str] = []
    if pay is not None:
        if pay.waived_late_fine:
            waived.append(f"迟到早退罚款{pay.waived_late_fine}元")
        extra = settings.absence_days_deducted - 1
        if pay.attendance.absent_days and extra > 0:
            waived.append(
                _known_sum([pay.waived_absence], f"旷工每天另扣的{extra.normalize():f}天工资")
            )
        if pay.absence:
            charged.append(f"旷工当天工资{pay.absence}元")
        if pay.personal:
            charged.append(f"事假扣款{pay.personal}元")
        if pay.sick:
            charged.append(f"病假扣款{pay.sick}元")
    offences = [d for d in decisions if d.record_only]
    if any(d.waived_fine != 0 for d in offences):
        waived.append(_known_sum([d.waived_fine for d in offences], "过失罚款"))
    if any(d.waived_cut != 0 for d in offences):
        waived.append(_known_sum([d.waived_cut for d in offences], "处分扣薪"))
    charged += carried
    text = f"{month_label(month)}为仅记录月份，只记处分不处罚"
    if waived:
        text += "：未收" + "、".join(waived)
    if charged:
        text += "；照扣" + "、".join(charged)
    return text


def _add_pay(row: PersonMonth, pay: MonthPay, register: LeaveMonth | None) -> None:
    """A person's month of P06–P09 on their row of 月处罚汇总."""
    att = pay.attendance
    row.late_count = pay.late_count
    row.late_fine = pay.late_fine
    row.absent_days = att.absent_days
    row.absence, row.personal, row.sick = pay.absence, pay.personal, pay.sick
    row.problems += pay.problems
    row.notes += pay.notes
    # the days used, unless they are the register's own (its note says them)
    if att.personal and (register is None or register.of(Counted.PERSONAL) != att.personal):
        row.notes.append(f"事假{att.personal}天")
    if att.sick and (register is None or register.of(Counted.SICK) != att.sick):
        row.notes.append(f"病假{att.sick}天")


def _unapproved_leave(leave: LeaveMonth, month: date) -> list[str]:
    """The month's unapproved requests, counted as absence, as 月处罚汇总 names them."""
    shown = []
    for first, days in leave.unapproved:
        text = f"{days.normalize():f}天"
        # a request begun last month: this month's part
        text = f"未批准（本月{text}按旷工）" if first < month else f"{text}未批准（按旷工）"
        shown.append(f"{first:%m-%d}起请假{text}")
    return shown


def history_lost(unread: Mapping[str, str]) -> list[str]:
    """Why every amount of a book is incomplete when a sheet of a cumulative register was
    left unread (R05.history): `unread` maps the register to that sheet's name."""
    return [
        f"{register}的部分记录在未读取的工作表“{sheet}”中" for register, sheet in unread.items()
    ]


def _held_in(ledger: Ledger, month: date) -> dict[str, list[str]]:
    """Why people's amounts of the month are held open by rows charged to no one (a staff
    number two people share, or a name namesakes share); a row whose date cannot be read
    holds every month."""
    held: dict[str, list[str]] = defaultdict(list)
    for key, when, why in ledger.held:
        if when is None or when == month:
            held[key].append(why)
    return held


Decisions = dict[str, list[Decision]]  # person -> decisions


def _month_decisions(decisions: Iterable[Decision], month: date) -> tuple[Decisions, ...]:
    """By person: the month's offences, the earlier ones whose cut runs in the month, and the
    earlier ones whose cut the person's dismissal stopped before the month."""
    month, last = month_span(month)
    in_month: Decisions = {}
    cut_from_before: Decisions = {}
    stopped: Decisions = {}
    for d in decisions:
        day = d.event.day
        if day is not None and month <= day <= last:
            in_month.setdefault(d.event.person, []).append(d)
        elif month in d.cut_months:
            cut_from_before.setdefault(d.event.person, []).append(d)
        elif month in d.cut_stopped:
            stopped.setdefault(d.event.person, []).append(d)
    return in_month, cut_from_before, stopped


def p10_people(
    ledger: Ledger, month: date, source: str = ""
) -> tuple[list[PersonMonth], list[str]]:
    """P10: the month's rows of one 处罚汇总表, and the people on its roster who have none
    (their keys, as the rows' `order` gives theirs)."""
    month = month_start(month)
    in_month, cut_from_before, stopped = _month_decisions(ledger.decisions, month)
    pays: dict[str, MonthPay] = {
        p.attendance.person: p for p in ledger.pays if p.attendance.month == month and _eventful(p)
    }
    leave = {
        person: lm for (person, m), lm in ledger.leave.items() if m == month and leave_note(lm)
    }
    held = _held_in(ledger, month)
    keys = set(in_month) | set(cut_from_before) | set(pays) | set(leave) | set(held) | set(stopped)
    record_only = month in ledger.settings.record_only_months
    rows = []
    for key in keys:
        person = ledger.people[key]
        own = sorted(in_month.get(key, []), key=lambda d: (d.event.day, d.event.seq))
        before = cut_from_before.get(key, [])
        pay = pays.get(key)
        row = PersonMonth(
            name=person.name,
            staff_id=person.staff_id,
            source=source,
            order=(person.row if person.row is not None else 10**9, person.key),
            offences=_offence_words(own, ledger.leave_events),
            sanctions=_sanction_words(own),
            fine=_sum([d.fine for d in own]),
            cut=_sum([d.cut_in(month) for d in (*own, *before)]),
        )
        for d in own:
            row.problems += d.problems
        row.problems += held.get(key, [])
        carried = []
        for d in before:
            if d.cut_each is None:
                row.problems.append(f"{d.event.day:%Y-%m-%d}{d.sanction}扣薪：员工表无基本工资")
            else:
                carried.append(f"{d.event.day:%Y-%m-%d}{d.sanction}续扣{d.cut_each}元")
        if not record_only:
            row.notes += carried
        row.notes += [
            f"已于{d.dismissed_on:%Y-%m-%d}开除，{d.event.day:%Y-%m-%d}{d.sanction}不再续扣"
            for d in stopped.get(key, [])
        ]
        since = ledger.uncertain_since.get(key)
        if since is not None and since < month and own:
            row.problems.append("此前有过失记录无法确定处分，本月处分可能受影响")
        if not person.on_roster:
            row.problems.insert(0, "不在员工名单")
        if pay is not None:
            _add_pay(row, pay, leave.get(key))
        row.unapproved_sanctions = [
            f"{d.event.day:%m-%d}{d.sanction}：{ledger.approval_gaps[d.event.row]}"
            if d.event.row is not None
            else f"{d.sanction}（{d.event.source}）：{ApprovalGap.UNREGISTERED}"
            for d in own
            if d.event.row in ledger.approval_gaps or unregistered(d)
        ]
        if key in leave:
            row.notes.append(leave_note(leave[key]))
            row.unapproved_leave = _unapproved_leave(leave[key], month)
        if any(d.sanction is Sanction.DISMISSAL for d in own):
            row.notes.append("开除")
        if record_only:
            row.notes.append(record_only_note(month, own, pay, carried, ledger.settings))
        rows.append(row)
    rows.sort(key=lambda r: r.order)
    listed = {r.order[1] for r in rows}
    quiet = [p.key for p in ledger.people.values() if p.on_roster and p.key not in listed]
    return rows, quiet


def one_row_each(rows: Iterable[PersonMonth]) -> list[PersonMonth]:
    """The rows of several books of one branch (a book a month: last month's cut runs on
    beside this month's charges) with each person once: a person's rows from two books (same
    source and key) joined, each amount once — the books hold different rows, so their
    amounts add up — the texts side by side, the problems of both."""
    by_person: dict[tuple[str, str], list[PersonMonth]] = defaultdict(list)
    for row in rows:
        by_person[(squeeze(row.source), row.order[1])].append(row)
    out = []
    for same in by_person.values():
        first = same[0]
        if len(same) > 1:
            first = replace(
                first,
                order=min(r.order for r in same),
                offences="、".join(r.offences for r in same if r.offences),
                sanctions="、".join(r.sanctions for r in same if r.sanctions),
                fine=_sum([r.fine for r in same]),
                cut=_sum([r.cut for r in same]),
                late_count=sum(r.late_count for r in same),
                late_fine=_sum([r.late_fine for r in same]),
                absent_days=sum((r.absent_days for r in same), Decimal(0)),
                absence=_sum([r.absence for r in same]),
                personal=_sum([r.personal for r in same]),
                sick=_sum([r.sick for r in same]),
                problems=[p for r in same for p in r.problems],
                notes=[n for r in same for n in r.notes],
                unapproved_sanctions=[u for r in same for u in r.unapproved_sanctions],
                unapproved_leave=[u for r in same for u in r.unapproved_leave],
            )
        out.append(first)
    return out


def unassigned_note(ledger: Ledger, month: date) -> str | None:
    """The line under the table naming the rows and late arrivals of the month charged to no
    one because only a name two people share identifies them (V44); None when there are none.
    Rows whose date cannot be read are named in every month: they may belong to any."""
    month = month_start(month)
    found = [what for when, what in ledger.unassigned if when is None or when == month]
    if not found:
        return None
    return "以下记录只有同名者的姓名，未计入任何人，请补填工号：" + "；".join(found)


def late_notes_due(ledger: Ledger, month: date) -> dict[int, date]:
    """Q05 across a month end: the 请假登记 rows (index -> deadline) of sick leave begun before
    `month` whose hospital note fell due in it and did not come in time."""
    month, last = month_span(month)
    return {
        i: due for _, first, due, i in ledger.late_notes if month <= due <= last and first < month
    }


# the columns a 补扣 adds to: the money, not the month's own counts (迟到早退次数, 旷工天数)
_MONEY = ("fine", "cut", "late_fine", "absence", "personal", "sick")


def settle_late_notes(
    rows: list[PersonMonth], ledger: Ledger, before: Ledger, month: date, source: str = ""
) -> tuple[list[PersonMonth], str | None]:
    """Q05 across a month end: sick leave of an earlier month that became 旷工 because its
    hospital note fell due in `month` and did not come in time. That month's 月处罚汇总 has
    likely gone to finance with the leave as sick leave (the note was not yet due), so the
    difference is deducted now, once: each person's row of `month` (made when they have
    none) takes, column by column, the earlier month's amounts as they are now less those of
    `before` (the book as if the notes had come in time, `leave.notes_in_time`), and 备注
    names the 补扣; an amount not known on either side leaves the row 不完整. Returns the
    rows and the line under the table that says it (None when there is none)."""
    month = month_start(month)
    due = late_notes_due(ledger, month)
    # each person's earlier months, each once (the book `before` has all their notes in time)
    # -> the notes that change it, for the words
    owed: dict[tuple[str, date], list[tuple[date, date]]] = defaultdict(list)
    for key, first, note, i in ledger.late_notes:
        m = month_start(first)
        while i in due and m < month:
            owed[key, m].append((first, note))
            m = month_start(m + timedelta(days=31))
    labels = {
        (key, m): "补扣{}（{}起病假证明逾期，改按旷工）".format(
            month_label(m), "、".join(f"{first:%m-%d}" for first, _ in sorted(notes))
        )
        for (key, m), notes in owed.items()
    }
    out, settled = _settle(rows, ledger, before, labels, source)
    if not settled:
        return rows, None
    said: list[str] = []
    for (key, m), (label, now, then, total) in settled.items():
        name = ledger.people[key].name
        if total is None:
            said.append(f"{name} {label}：金额待核")
            continue
        deadlines = "、".join(f"{note:%Y-%m-%d}" for _, note in sorted(owed[key, m]))
        said.append(
            f"{name} {label}：原按病假计{then.total if then is not None else Decimal(0)}元，"
            f"改按旷工应计{now.total if now is not None else Decimal(0)}元"
            f"（{now.sanctions if now is not None and now.sanctions else '无处分'}），"
            f"本月补扣{total}元（证明期限{deadlines}）"
        )
    line = (
        "※ 补扣：以下病假未在期限内交医院证明，改按旷工计入当时的月份，其差额已计入本表该人的各列和合计："
        + "；".join(said)
        + "。当时月份的处罚汇总若已交财务，请勿重新生成报送，按本表补扣一次即可。"
    )
    return out, line


Settled = tuple[str, "PersonMonth | None", "PersonMonth | None", Decimal | None]


def _settle(
    rows: list[PersonMonth],
    ledger: Ledger,
    before: Ledger,
    labels: Mapping[tuple[str, date], str],
    source: str,
) -> tuple[list[PersonMonth], dict[tuple[str, date], Settled]]:
    """An earlier month's amounts changed after its sheet went to finance: each person's row
    of this month (made when they have none) takes, column by column, each earlier month's
    (`labels`: (person, month) -> what changed it) amounts as they are now less those of
    `before` (the book as that month's sheet saw it), 备注 naming it; an amount not known on
    either side leaves the row 不完整. Returns the rows and, by (person, month), (label, the
    month's row now, then, the difference in all; None: unknown)."""
    by_key = {row.order[1]: row for row in rows}
    out = list(rows)
    settled: dict[tuple[str, date], Settled] = {}
    months_rows: dict[tuple[int, date], dict[str, PersonMonth]] = {}

    def month_row(book: Ledger, m: date, key: str) -> PersonMonth | None:
        if (id(book), m) not in months_rows:
            months_rows[id(book), m] = {r.order[1]: r for r in p10_people(book, m)[0]}
        return months_rows[id(book), m].get(key)

    for (key, m), label in sorted(labels.items(), key=lambda kv: (kv[0][1], kv[1])):
        now, then = month_row(ledger, m, key), month_row(before, m, key)
        if now is None and then is None:
            continue
        person = ledger.people[key]
        row = by_key.get(key)
        if row is None:
            order = (person.row if person.row is not None else 10**9, key)
            row = by_key[key] = PersonMonth(person.name, person.staff_id, source, order)
            out.append(row)
        diffs = {
            name: _difference(getattr(now, name, Decimal(0)), getattr(then, name, Decimal(0)))
            for name in _MONEY
        }
        for name, diff in diffs.items():
            value = getattr(row, name)
            setattr(row, name, None if value is None or diff is None else value + diff)
        wrong = [p for r in (now, then) if r is not None for p in r.problems]
        if wrong or any(d is None for d in diffs.values()):
            row.problems.append(f"{label}的金额无法确定：{'；'.join(dict.fromkeys(wrong))}")
            settled[key, m] = (label, now, then, None)
            continue
        total = sum((d for d in diffs.values() if d is not None), Decimal(0))
        row.notes.append(f"含{label}{total}元")
        settled[key, m] = (label, now, then, total)
    out.sort(key=lambda r: r.order)
    return out, settled


def appeals_due(ledger: Ledger, month: date) -> dict[int, date]:
    """P05 across a month end: the 过失登记 rows (index -> 申诉日期) of an offence before
    `month` voided on an appeal lodged in it — the earlier months' sheets, made as of their
    end, charged the sanction."""
    month, last = month_span(month)
    return {
        i: lodged
        for key, i, lodged in ledger.upheld
        if month <= lodged <= last
        and (d := ledger.row_decisions.get(i)) is not None
        and d.event.day is not None
        and d.event.day < month
    }


def settle_appeals(
    rows: list[PersonMonth], ledger: Ledger, before: Ledger, month: date, source: str = ""
) -> tuple[list[PersonMonth], str | None]:
    """P05 across a month end: a sanction of an earlier month voided on an appeal lodged in
    `month`. The earlier months' 月处罚汇总, made as of their end, charged it (the sanction
    stands while the appeal runs); what they charged more than the book now gives (`before`:
    the book without these appeals) is refunded on this month's sheet, once, as a 退还 (a
    negative amount in each column), and a line works it out. None when there is none."""
    month = month_start(month)
    due = appeals_due(ledger, month)
    labels: dict[tuple[str, date], str] = {}
    for key, i, lodged in ledger.upheld:
        if i not in due:
            continue
        d = before.row_decisions[i]
        assert d.event.day is not None
        what = f"{d.event.day:%m-%d}的{d.sanction or d.event.code}经{lodged:%m-%d}申诉撤销"
        m = month_start(d.event.day)
        while m < month:
            labels[key, m] = f"{labels[key, m]}、{what}" if (key, m) in labels else what
            m = month_start(m + timedelta(days=31))
    labels = {(key, m): f"退还{month_label(m)}（{what}）" for (key, m), what in labels.items()}
    out, settled = _settle(rows, ledger, before, labels, source)
    said = [
        f"{ledger.people[key].name} {label}：{'金额待核' if total is None else f'退还{-total}元'}"
        for (key, _), (label, _, _, total) in settled.items()
        if total != 0
    ]
    if not said:
        return rows, None
    line = (
        "※ 退还：以下处分经申诉撤销，当时月份的处罚汇总已按原处分扣款，其差额已计入本表该人的各列和"
        "合计（负数为退还）："
        + "；".join(said)
        + "。当时月份的处罚汇总请勿重新生成报送，按本表退还一次即可。"
    )
    return out, line


def appealed_later_line(ledger: Ledger, month: date) -> str | None:
    """P05 across a month end, seen from the offence's month made again later: a sanction of
    it voided on an appeal lodged after the month. This sheet (as of a later time) no longer
    charges it; what the month's first sheet charged is refunded on the sheet of the month
    the appeal was lodged in (`settle_appeals`): the line says so, lest it be refunded
    twice (None when there is none)."""
    month, last = month_span(month)
    found = []
    for key, i, lodged in ledger.upheld:
        d = ledger.row_decisions.get(i)
        if d is None or d.event.day is None or lodged <= last or d.event.day > last:
            continue
        found.append(
            f"{ledger.people[key].name} {d.event.day:%Y-%m-%d}（申诉日期{lodged:%Y-%m-%d}，"
            f"在{month_label(month_start(lodged))}退还）"
        )
    if not found:
        return None
    return (
        "※ 以下处分在本月之后经申诉撤销，本表已不计；本月的处罚汇总若已按原处分扣款并交财务，"
        "差额在申诉所在月份的处罚汇总中退还，请勿按本表重复退还：" + "；".join(found) + "。"
    )


def settled_later_line(ledger: Ledger, month: date) -> str | None:
    """Q05 across a month end, seen from the earlier month: its sick leave that became 旷工
    because the hospital note, due in a later month, did not come in time. This month's
    figures now count it as 旷工; the difference is deducted on the 月处罚汇总 of the month
    the note fell due in (`settle_late_notes`): the line says so, lest finance deduct it
    twice (None when there is none)."""
    month, last = month_span(month)
    found = sorted(
        (first, due, ledger.people[key].name)
        for key, first, due, _ in ledger.late_notes
        if first <= last < due
    )
    if not found:
        return None
    return (
        "※ 以下病假未在期限内交医院证明，本表已改按旷工计算；与原按病假计算的差额在证明期限所在月份的"
        "处罚汇总中补扣："
        + "；".join(
            f"{name} {first:%Y-%m-%d}起（证明期限{due:%Y-%m-%d}，在{month_label(month_start(due))}补扣）"
            for first, due, name in found
        )
        + "。本月的处罚汇总若已交财务，请勿按本表重复扣款。"
    )


def _difference(now: Decimal | None, then: Decimal | None) -> Decimal | None:
    return None if now is None or then is None else now - then


def later_run_line(ledger: Ledger, month: date) -> str | None:
    """Q06 across a month end: a run of absence from 请假登记 that began in an earlier month
    and went on into this one is one offence of the month it began, decided on all its days.
    That month's 月处罚汇总, if made before these days, rested on the days done then
    (Q06.ahead): the line under this month's table says its sanction may have changed (None
    when no run goes on into the month)."""
    month = month_start(month)
    found = sorted(
        (first, ledger.people[key].name, days, later[month])
        for key, first, days, later in ledger.later_runs
        if month in later and key in ledger.people
    )
    if not found:
        return None
    earlier = sorted({month_start(first) for first, _, _, _ in found})
    return (
        "※ 以下连续旷工（请假登记）始于此前的月份、延续到本月，处分按连续的全部天数判定，计入开始的"
        "月份："
        + "；".join(
            f"{name} {first:%Y-%m-%d}起连续{days}天（本月{here.normalize():f}天）"
            for first, name, days, here in found
        )
        + "。"
        + "、".join(month_label(m) for m in earlier)
        + "的处罚汇总若在这些天之前生成，当时只按已发生的天数判定，处分可能已改变，请重新生成该月的"
        "处罚汇总并补扣。"
    )


@dataclass
class ResponsibleUnit:
    """C04: a responsible unit with its 重复 and 恶性 complaints of the month."""

    unit: str
    repeat: list[str] = field(default_factory=list)  # complaint numbers
    severe: list[str] = field(default_factory=list)
    source: str = ""


def c04_units(
    t: Table, grades: Sequence[str], month: date, source: str = ""
) -> list[ResponsibleUnit]:
    """C04: units responsible for 重复 and 恶性 complaints received in the month, with the
    complaint numbers (`grades` as C02 computes them, one per row of the 投诉登记 table)."""
    month = month_start(month)
    received, units, ids = t.col("received_at"), t.col("unit"), t.col("complaint_id")
    found: dict[str, ResponsibleUnit] = {}
    for i, grade in enumerate(grades):
        if grade not in (Grade.REPEAT, Grade.SEVERE) or received[i] is None:
            continue
        if month_start(day_of(received[i])) != month:
            continue
        name = units[i] if units[i] is not None else "（未填责任单位）"
        unit = found.setdefault(squeeze(name), ResponsibleUnit(name, source=source))
        number = ids[i] if ids[i] is not None else f"第{t.rows[i]}行"
        (unit.severe if grade == Grade.SEVERE else unit.repeat).append(str(number))
    return sorted(found.values(), key=lambda u: (-len(u.severe), -len(u.repeat), u.unit))


def settings_note(rejected: Iterable[str], settings: Settings, source: str = "") -> str | None:
    """The line under the table naming each setting of 参数 whose value could not be read
    (R02.setting, by key) and the value the sheet was computed with instead: the sheet goes
    to finance, where the findings do not; None when every setting was read."""
    used = used_instead(rejected, settings)
    if not used:
        return None
    where = f"{source}的" if source else ""
    return (
        f"※ {where}参数表中以下参数的值无效，本表改按"
        + "、".join(used)
        + "计算。请改正参数后重新生成。"
    )


def person_table(rows: list[PersonMonth], with_source: bool) -> ReportTable:
    shift = 1 if with_source else 0
    header = (["来源"] if with_source else []) + PERSON_HEADER
    formats = ([Fmt.TEXT] if with_source else []) + PERSON_FORMATS
    values: list[list[Any]] = []
    flagged: list[tuple[int, int]] = []
    for r, row in enumerate(rows):
        line: list[Any] = [
            row.staff_id or "",
            row.name,
            row.offences,
            row.sanctions,
            row.fine,
            row.cut,
            row.late_count,
            row.late_fine,
            row.absent_days,
            row.absence,
            row.personal,
            row.sick,
            row.total,
            "；".join(row.approvals),
            row.remark,
        ]
        if with_source:
            line.insert(0, row.source)
        values.append(line)
        if not row.complete:
            for c in (*MONEY_COLUMNS, len(PERSON_HEADER) - 1):
                if c == TOTAL_COLUMN or c == len(PERSON_HEADER) - 1 or line[c + shift] is None:
                    flagged.append((r, c + shift))
        if row.approvals:
            flagged.append((r, APPROVAL_COLUMN + shift))
    return ReportTable(
        caption="一、人员处罚与扣款",
        header=header,
        formats=formats,
        rows=values,
        total_columns=[c + shift for c in TOTAL_COLUMNS],
        flagged=flagged,
        wrapped=[c + shift for c in (OFFENCES_COLUMN, APPROVAL_COLUMN, len(PERSON_HEADER) - 1)],
        empty_note="（本月无处罚和扣款）",
        keys=2 + shift,  # [来源,] 工号, 姓名
    )


def unit_table(
    units: list[ResponsibleUnit], with_source: bool, note: str = "（本月无重复、恶性投诉）"
) -> ReportTable:
    header = (["来源"] if with_source else []) + UNIT_HEADER
    formats = ([Fmt.TEXT] if with_source else []) + [Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.TEXT]
    values: list[list[Any]] = []
    for u in units:
        numbers = [*(f"{n}（恶性）" for n in u.severe), *u.repeat]
        line: list[Any] = [u.unit, len(u.repeat), len(u.severe), "、".join(numbers)]
        if with_source:
            line.insert(0, u.source)
        values.append(line)
    shift = 1 if with_source else 0
    return ReportTable(
        caption="二、重复、恶性投诉的责任单位",
        header=header,
        formats=formats,
        rows=values,
        total_columns=[1 + shift, 2 + shift],
        empty_note=note,
        keys=1 + shift,  # [来源,] 责任单位
    )


class PenaltyMonthSheet(ReportSheet):
    """月处罚汇总 with what 总览 and a quarter's 趋势 quote of it, as data: the 合计 of the
    amounts known, the 罚款 column's sum (None: someone's fine is not known), and (branch,
    person) of those whose amounts are not complete and of those lacking an approval."""

    total: Decimal
    fines: Decimal | None
    incomplete: list[tuple[str, str]]
    unapproved: list[tuple[str, str]]
    # (branch, "王芳 2 次"): handover lates of a branch whose 处罚汇总表 the run lacks
    unplaced: list[tuple[str, str]]


def p10_sheet(
    month: date,
    as_of: datetime,
    people: list[PersonMonth],
    units: list[ResponsibleUnit],
    quiet: int = 0,
    sources: Sequence[str] = (),
    unit_sources: Sequence[str] = (),
    notes: Sequence[str] = (),
    have_visits: bool = True,
    settings_notes: Sequence[str] = (),
    unplaced: Sequence[tuple[str, str]] = (),
) -> PenaltyMonthSheet:
    """The 月处罚汇总 sheet: people, units, notes, signatures, copy-to; `settings_notes`
    (`settings_note`) stand right under the people, with the other lines on their money."""
    month, last = month_span(month)
    subtitle = f"统计期间 {month:%Y-%m-%d} 至 {last:%Y-%m-%d}，截至 {as_of:%Y-%m-%d %H:%M}"
    if sources:
        subtitle += "；来源：" + "、".join(sources)
    blocks: list[ReportTable | str] = [person_table(people, len(sources) > 1)]
    incomplete = [p for p in people if not p.complete]
    if incomplete:
        blocks.append(
            f"※ {len(incomplete)}人金额不完整（见备注：{'、'.join(p.label for p in incomplete)}），"
            "其合计（元）空缺、未计入总合计；各分项列的合计只含已知的金额。请补正后重新生成。"
        )
    unapproved = [p for p in people if p.approvals]
    if unapproved:
        todo = []
        if any(p.unapproved_sanctions for p in unapproved):
            todo.append("处分请补办审批手续")
        if any(p.unapproved_leave for p in unapproved):
            todo.append("未经批准的请假已按旷工计算")
        blocks.append(
            f"※ {len(unapproved)}人本月的处分或请假缺少审批（或批准人待核），见“缺少审批”列："
            + "、".join(p.label for p in unapproved)
            + "。"
            + "；".join(todo)
            + "。"
        )
    blocks += list(settings_notes)
    if quiet:
        blocks.append(f"其余{quiet}人本月无处罚和扣款。")
    blocks.append(NOTES)
    blocks.append(
        unit_table(
            units,
            len(unit_sources) > 1,
            "（本月无重复、恶性投诉）" if have_visits else "（未提供回访登记表，无责任单位数据）",
        )
    )
    blocks += list(notes)
    return PenaltyMonthSheet(
        name=SHEET_NAME,
        title=f"客服部 {month_label(month)} 处罚汇总表",
        subtitle=subtitle,
        blocks=blocks,
        signatures=list(SIGNATURES),
        copy_to=COPY_TO,
        landscape=True,
        generated=as_of,
        total=sum((p.total for p in people if p.total is not None), Decimal(0)),
        fines=_sum([p.fine for p in people]),
        incomplete=[(p.source, p.label) for p in incomplete],
        unapproved=[(p.source, p.label) for p in unapproved],
        unplaced=list(unplaced),
    )
