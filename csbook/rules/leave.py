"""请假登记 (SPEC §1.5, Q01–Q05; [003 篇十]): each leave request's days, split by month and by
what they count as (事假 / 病假 / 旷工 / 带薪), with the row checks. Pure: the rows, the
people's keys and posts, the calendar and the settings in; `LeaveBook` out, which the penalty
computation (Q06, Q07) and the computed columns both read.

Readings where SPEC leaves room (as staff would expect):

* 天数 with both dates: a 天数 between the dates' count less one and that count is a half
  day on the last day (请假半天); any other difference is a Q01 warning and the dates count.
  Only 天数: the request runs that many of its kind's days (working or calendar) from 开始日期.
* Days past a paid leave's limit are counted as 事假 on the working days among them (a 婚假
  of five calendar days Fri–Tue: Fri–Sun 婚假, Mon–Tue 事假 two days).
* 丧假 without 亲属关系: the 1 day of 其他, with a warning — never the larger entitlement.
* 哺乳假 is an hour a day and has no days; a row that gives 天数 asks for whole days: error
  (Q02), and those days count as 事假.
* Q04 ranks by the roster's 岗位 read as a title, as V46 reads 总经理: the post ends with the
  rank (客服主管, 客服部经理); a 副 before it is the rank below (副主任, 副经理 rank as a 主管;
  副总经理 as a 主任 or 经理); an assistant or trainee (主管助理, 见习主管, 实习, 储备) holds no
  rank. 主管 < 主任, 经理, 部长 < 总经理, 总监.
  A 批准人 the roster does not know, or whose 岗位 is empty, is a warning: the rank cannot be
  checked, the leave stands. Q04 and Q05 apply to 事假 and 病假 only (the source's 病事假).
* A 批准人 that names no one: a word of consent (同意, 准, 已批 …) says someone approved but not
  who — a warning (Q04.consent), the rank cannot be checked, the leave stands; a date is no
  approver at all — an error (Q04.date), the days 旷工 once begun, as for a blank.
* A 批准人 who is the applicant (by the roster name of the row's person) is no approval
  (请假须经批准 is someone else's): Q04.self, an error, and the days count as 旷工 once begun,
  as for a blank.
* A 事假 applied for (申请日期) after its 开始日期 was not approved beforehand (请假须事先批准):
  a warning (Q04.afterwards), the approved leave stands — an approval after the fact is still
  an approval; the clerk checks that the dates are right.
* Q05's deadline is the `sick_note_working_days`-th working day after 开始日期; before it has
  passed (as of the reference day) a missing note is not yet late, and a warning (Q05.pending)
  says it is still due: the month's figures change if it never comes. The deadline crosses
  month ends, so a request keeps the deadline that turned it into 旷工 (`note_due`): the
  月处罚汇总 of the month the deadline fell in says that an earlier month's figures changed.
* A 事假/病假/年休假 on rest days only counts 0 days, and one given by 天数 from a rest day
  counts from the next working day: either way a warning names the day (Q01.rest_days,
  Q01.rest_start) — a wrong date is likelier than a leave nobody needed.
* An unapproved or unproven leave is one run of absence (Q06): all its days, dated its
  first day, in whichever months they fall.
* Leave ahead of the reference day is normal (a request is made before it is taken) and its
  days count as registered — a month's deductions are made from the approved requests, and
  an unapproved one is 旷工 only once begun (Q04). Where such days still fall in the
  reference day's month and change its pay (事假, 病假, 旷工; not 带薪), one warning for the
  sheet (Q01.ahead) names the rows and the days, so a figure made mid-month is known to
  count leave not yet taken.
* An unapproved (or unproven) leave begun by the reference day is 旷工 on the days done
  only: its days after the reference day have not happened and count as the leave
  registered, so the run of absence — and its S01/M01/D01 — rests on the days done, and a
  warning on the row (Q06.ahead, instead of Q01.ahead) names the days. A later run, the
  days past, decides on the whole run (dated its first day, in its first month).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from .calendar import UnknownYear, WorkCalendar
from .findings import Finding
from .months import month_start
from .settings import Settings
from .table import Table
from .text import CONSENT_WORDS, blank_marker, row_ranges, squeeze

HALF = Decimal("0.5")


class LeaveKind(StrEnum):
    PERSONAL = "事假"
    SICK = "病假"
    ANNUAL = "年休假"
    MARRIAGE = "婚假"
    BEREAVEMENT = "丧假"
    MATERNITY = "产假"
    PATERNITY = "护理假"
    NURSING = "哺乳假"


class Counted(StrEnum):
    """What a leave day counts as (计入)."""

    PAID = "带薪"
    PERSONAL = "事假"
    SICK = "病假"
    ABSENT = "旷工"


WORKING_DAY_KINDS = frozenset({LeaveKind.PERSONAL, LeaveKind.SICK, LeaveKind.ANNUAL})
APPROVED_KINDS = frozenset({LeaveKind.PERSONAL, LeaveKind.SICK})
RELATIONS = ("直系", "其他")
CLOSE_RELATION_DAYS, OTHER_RELATION_DAYS = 3, 1  # 丧假 [003 篇十]
MATERNITY_DAYS, DIFFICULT_BIRTH_DAYS = 90, 15
PATERNITY_DAYS = 7

# Q04: rank by 岗位, the title a post ends with, longest first (总经理 before 经理)
RANK_WORDS = (("总经理", 3), ("总监", 3), ("经理", 2), ("主任", 2), ("部长", 2), ("主管", 1))
SUPERVISOR, HEAD = 1, 2
RANK_NAMES = {SUPERVISOR: "主管", HEAD: "主任或经理"}
DEPUTY = "副"
NO_RANK_WORDS = ("助理", "见习", "实习", "储备", "后备", "预备")  # assistants and trainees


def rank_of(post: str | None) -> int | None:
    """Q04: the approving rank of a 岗位 (0 for one that approves nothing; None: no 岗位)."""
    if not post:
        return None
    title = squeeze(post)
    if any(word in title for word in NO_RANK_WORDS):
        return 0
    for word, rank in RANK_WORDS:
        if title.endswith(word):
            deputy = title[: -len(word)].endswith(DEPUTY)
            return rank - 1 if deputy else rank
    return 0


class ApproverText(StrEnum):
    """What a 批准人 cell names: a person, a word of consent only, or a date."""

    PERSON = "人名"
    CONSENT = "只写同意"
    DATE = "日期"


_DATE_TEXT = re.compile(r"^(\d{2,4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(\s.*)?$")


def approver_text(value: str) -> ApproverText:
    """Q04 / V46: whether a (non-blank) 批准人 names someone."""
    text = squeeze(value).lower().rstrip("。.!！")
    if text in CONSENT_WORDS:
        return ApproverText.CONSENT
    if _DATE_TEXT.match(value.strip()):
        return ApproverText.DATE
    return ApproverText.PERSON


@dataclass(frozen=True)
class LeaveDays:
    """Part of a request: its days in one month that count as one thing."""

    month: date
    counted: Counted
    days: Decimal


@dataclass
class LeaveRequest:
    """One 请假登记 row, counted."""

    index: int  # row index in the table
    person: str  # Person.key
    kind: LeaveKind
    first: date
    parts: list[LeaveDays] = field(default_factory=list)
    unapproved: bool = False  # Q04: begun without a 批准人, its days are 旷工
    note_due: date | None = None  # Q05: the note was due then and did not come in time
    dates: tuple[date, ...] = ()  # the days it covers (none known for hours of 哺乳假)

    @property
    def total(self) -> Decimal:
        return sum((p.days for p in self.parts), Decimal(0))

    def days(self, counted: Counted) -> Decimal:
        return sum((p.days for p in self.parts if p.counted is counted), Decimal(0))

    def absent_after(self, month: date) -> dict[date, Decimal]:
        """The request's 旷工 days in the months after `month`, by month."""
        out: dict[date, Decimal] = {}
        for p in self.parts:
            if p.counted is Counted.ABSENT and p.month > month:
                out[p.month] = out.get(p.month, Decimal(0)) + p.days
        return out

    @property
    def absent_run(self) -> int:
        """Q06: the days of absence this request makes, as one run (whole days)."""
        days = self.days(Counted.ABSENT)
        return int(days.to_integral_value(rounding=ROUND_CEILING))

    def words(self) -> str:
        """计入: what the days count as, by month when the request spans two."""
        months = sorted({p.month for p in self.parts})
        out = []
        for counted in Counted:
            by_month = [(p.month, p.days) for p in self.parts if p.counted is counted and p.days]
            if not by_month:
                continue
            text = f"{counted}{_days(sum((d for _, d in by_month), Decimal(0)))}天"
            if len(months) > 1:
                text += "（" + "、".join(f"{m.month}月{_days(d)}天" for m, d in by_month) + "）"
            out.append(text)
        if not out and self.kind is LeaveKind.NURSING:
            return f"{Counted.PAID}（每天1小时）"
        return "、".join(out)


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass
class LeaveMonth:
    """One person's month of the register: the days by what they count as, and the runs of
    absence (first day, days) that start in the month (Q06)."""

    person: str
    month: date
    days: dict[Counted, Decimal] = field(default_factory=dict)
    runs: list[tuple[date, int]] = field(default_factory=list)  # (first day, days)
    # Q04: requests taken as 旷工 for want of a 批准人 — (their first day, their 旷工 days in
    # this month): the summary lists them as approvals missing
    unapproved: list[tuple[date, Decimal]] = field(default_factory=list)
    # why the month's days are not final: a row of the person that could not be counted,
    # or whose 工号 and 姓名 disagree — 月处罚汇总 leaves the person's 合计 open
    problems: list[str] = field(default_factory=list)

    def of(self, counted: Counted) -> Decimal:
        return self.days.get(counted, Decimal(0))


@dataclass
class LeaveBook:
    requests: list[LeaveRequest]
    months: dict[tuple[str, date], LeaveMonth]
    findings: list[Finding]
    computed: dict[str, list[Any]]


def _dates(first: date, last: date, by_working_days: bool, calendar: WorkCalendar) -> list[date]:
    out = []
    day = first
    while day <= last:
        if not by_working_days or calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def _take(
    first: date, count: Decimal, by_working_days: bool, calendar: WorkCalendar, until: date
) -> list[date]:
    """The first ceil(count) days of a kind from `first` on, none after `until`."""
    wanted = int(count.to_integral_value(rounding=ROUND_CEILING))
    out: list[date] = []
    day = first
    while len(out) < wanted and day <= until:
        if not by_working_days or calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def _weights(dates: list[date], typed: Decimal | None) -> list[Decimal]:
    """One per date, the last a half when 天数 says so."""
    weights = [Decimal(1)] * len(dates)
    if typed is not None and dates and len(dates) - 1 < typed < len(dates):
        weights[-1] = typed - (len(dates) - 1)
    return weights


def paid_limit(kind: LeaveKind, relation: str | None, difficult: bool, s: Settings) -> int | None:
    """Q02: the paid days a request of `kind` may have (None: no limit here)."""
    if kind is LeaveKind.MARRIAGE:
        return s.marriage_leave_days
    if kind is LeaveKind.BEREAVEMENT:
        return CLOSE_RELATION_DAYS if relation == RELATIONS[0] else OTHER_RELATION_DAYS
    if kind is LeaveKind.MATERNITY:
        return MATERNITY_DAYS + (DIFFICULT_BIRTH_DAYS if difficult else 0)
    if kind is LeaveKind.PATERNITY:
        return PATERNITY_DAYS
    return None


@dataclass
class _RowDecision:
    """What one row's checks decide before its days are split."""

    counted: Counted
    limit: int | None = None
    findings: list[Finding] = field(default_factory=list)
    unapproved: bool = False
    note_due: date | None = None  # Q05: counted as 旷工 for a note not given by then
    # what the days count as had the leave been approved (and proven): its days after the
    # reference day, not yet 旷工, count so (Q06.ahead)
    registered: Counted = Counted.PAID


def _approval(
    t: Table, i: int, total: Decimal, posts: Mapping[str, Sequence[str | None]], s: Settings
) -> Iterator[Finding]:
    """Q04: 事假/病假 need a 批准人 of the rank their length asks for. Namesakes on the roster
    whose posts rank differently leave the rank unknown: a warning, never a guess."""
    approver = t.col("approver")[i]
    if blank_marker(approver):
        return
    wanted = SUPERVISOR if total <= s.leave_approval_days else HEAD
    found = posts.get(squeeze(approver))
    if not found:
        yield t.find("Q04.unknown", i, "approver", name=approver)
        return
    ranks = {rank_of(post) for post in found}
    if None in ranks:
        yield t.find("Q04.no_post", i, "approver", name=approver)
    elif len(ranks) > 1:
        yield t.find("Q04.namesakes", i, "approver", name=approver)
    elif ranks.pop() < wanted:  # type: ignore[operator]
        yield t.find(
            "Q04.rank",
            i,
            "approver",
            name=approver,
            post=found[0],
            days=_days(total),
            wanted=RANK_NAMES[wanted],
        )


def _sick_note(
    t: Table, i: int, first: date, calendar: WorkCalendar, s: Settings, today: date
) -> tuple[Finding | None, date | None]:
    """Q05: a sick leave not applied for ahead needs the hospital note in time. Returns the
    finding, and the deadline when the leave counts as 旷工 for want of the note."""
    applied, note = t.col("applied_on")[i], t.col("note_on")[i]
    if applied is not None and applied <= first:
        return None, None
    due = calendar.add_working_days(first, s.sick_note_working_days)
    if note is None and i in t.invalid.get("note_on", ()):
        return None, None  # R02 names the cell; the row is not turned into absence on a guess
    if note is None:
        if today <= due:  # not yet due: counted as sick leave, said to be pending
            return t.find("Q05.pending", i, "note_on", due=due), None
        return t.find("Q05.missing", i, "note_on", due=due), due
    if note > due:
        return t.find("Q05.late", i, "note_on", due=due, note=note), due
    return None, None


def notes_in_time(t: Table, due: Mapping[int, date]) -> Table:
    """The 请假登记 as if each row's hospital note (row index -> its Q05 deadline) had come on
    its deadline: the sick leave an earlier month's figures counted while the note was not yet
    due, before it came late (Q05.pending, then Q05.late)."""
    notes = list(t.col("note_on"))
    for i, day in due.items():
        notes[i] = day
    return replace(t, cols={**t.cols, "note_on": notes})


def _q04_approver(
    t: Table,
    i: int,
    total: Decimal,
    posts: Mapping[str, Sequence[str | None]],
    s: Settings,
    applicant: str | None,
) -> tuple[list[Finding], bool]:
    """Q04's findings on the 批准人, and whether it names an approver at all: not a blank
    marker (/ or 无), not the applicant (`applicant`: their squeezed name), not a date."""
    approver = t.col("approver")[i]
    if blank_marker(approver):
        return [], False
    written = approver_text(approver)
    if written is ApproverText.PERSON and squeeze(approver) == applicant:
        return [t.find("Q04.self", i, "approver", name=approver)], False
    if written is ApproverText.DATE:
        return [t.find("Q04.date", i, "approver", name=approver)], False
    if written is ApproverText.CONSENT:
        return [t.find("Q04.consent", i, "approver", name=approver)], True
    return list(_approval(t, i, total, posts, s)), True


def _row_rule(
    t: Table,
    i: int,
    kind: LeaveKind,
    first: date,
    total: Decimal,
    posts: Mapping[str, Sequence[str | None]],
    calendar: WorkCalendar,
    s: Settings,
    today: date,
    applicant: str | None = None,
) -> _RowDecision:
    """Q02–Q05 for one row: what its days count as, and its findings; `applicant` is the
    squeezed name of the row's person."""
    row = _RowDecision(Counted.PAID)
    if kind is LeaveKind.PERSONAL:
        row.counted = Counted.PERSONAL
    elif kind is LeaveKind.SICK:
        row.counted = Counted.SICK
    row.registered = row.counted
    if kind in APPROVED_KINDS:
        said, approved = _q04_approver(t, i, total, posts, s, applicant)
        row.findings += said
        applied = t.col("applied_on")[i]
        if kind is LeaveKind.PERSONAL and approved and applied is not None and applied > first:
            # 请假须事先批准 [003 篇十]: applied for after it began — said, the leave stands
            row.findings.append(
                t.find("Q04.afterwards", i, "applied_on", applied=applied, first=first)
            )
        # no approver: 旷工 once begun (as of the reference day); one ahead may yet be approved
        if not approved and first <= today:
            if blank_marker(t.col("approver")[i]):
                row.findings.append(t.find("Q04.missing", i, "approver"))
            row.counted = Counted.ABSENT
            row.unapproved = True
    if kind is LeaveKind.SICK:
        note, row.note_due = _sick_note(t, i, first, calendar, s, today)
        if note is not None:
            row.findings.append(note)
        if row.note_due is not None:
            row.counted = Counted.ABSENT
    if kind is LeaveKind.MARRIAGE:
        applied = t.col("applied_on")[i]
        if applied is None or (first - applied).days < s.marriage_notice_days:
            row.findings.append(
                t.find(
                    "Q03",
                    i,
                    "applied_on",
                    days=s.marriage_notice_days,
                    due=first - timedelta(days=s.marriage_notice_days),
                )
            )
    relation, difficult = t.col("relation")[i], t.col("difficult")[i]
    if kind is LeaveKind.BEREAVEMENT and relation is None:
        row.findings.append(t.find("Q02.relation", i, "relation", days=OTHER_RELATION_DAYS))
    row.limit = paid_limit(kind, relation, bool(difficult), s)
    return row


@dataclass
class _Span:
    """The days of a request the calendar can count, and the first year it cannot (D01)
    that the request reaches into (None: it ends in known years)."""

    dates: list[date]
    unknown: int | None = None


def _request_dates(
    first: date,
    last: date | None,
    typed: Decimal | None,
    by_working: bool,
    calendar: WorkCalendar,
) -> _Span:
    """The days a request covers: from 开始 to 结束, or `typed` days from 开始 — those of
    the years the calendar knows. A request across the year end into a year it does not
    know counts its days up to 12-31 and leaves the rest out (D01.year_end); one that begins in
    such a year raises UnknownYear."""
    if not calendar.knows(first.year):
        raise UnknownYear(first.year)
    year = first.year
    horizon = last.year if last is not None else first.year + 1  # 天数 alone: within a year
    while year < horizon and calendar.knows(year + 1):
        year += 1
    until = date(year, 12, 31)
    if last is None:
        assert typed is not None, "a request with neither 结束 nor 天数 is not counted"
        dates = _take(first, typed, by_working, calendar, until)
        wanted = int(typed.to_integral_value(rounding=ROUND_CEILING))
        cut = len(dates) < wanted
    else:
        dates = _dates(first, min(last, until), by_working, calendar)
        cut = last > until
    return _Span(dates, year + 1 if cut else None)


# what a leave day counts as when it changes the month's pay
PAY_COUNTED = frozenset({Counted.PERSONAL, Counted.SICK, Counted.ABSENT})


@dataclass
class _Parts:
    """A request's days counted by month and kind; those beyond its paid limit; the
    pay-changing days after the reference day but in its month (Q01.ahead); and the days of
    a 旷工 request after the reference day, counted as registered instead (Q06.ahead)."""

    parts: dict[tuple[date, Counted], Decimal] = field(default_factory=dict)
    excess: list[tuple[date, Decimal]] = field(default_factory=list)
    ahead: Decimal = Decimal(0)
    not_yet: list[tuple[date, Decimal]] = field(default_factory=list)


def _counted_parts(
    dates: list[date],
    weights: list[Decimal],
    rule: _RowDecision,
    calendar: WorkCalendar,
    today: date,
) -> _Parts:
    """A request's days counted by month and kind, paid up to the rule's limit and 事假 on
    the working days beyond it. A day after `today` is not yet 旷工: it counts as the leave
    registered (the sanction of the run rests on the days done; a later run, the days past,
    decides again)."""
    out = _Parts()
    parts, excess = out.parts, out.excess
    paid = Decimal(0)
    this_month = month_start(today)
    for day, weight in zip(dates, weights, strict=True):
        counted = rule.counted
        if rule.limit is not None and paid + weight > rule.limit:
            if not calendar.is_working_day(day):
                continue  # 事假 counts working days only
            excess.append((day, weight))
            counted = Counted.PERSONAL
        elif rule.limit is not None:
            paid += weight
        if counted is Counted.ABSENT and day > today:
            out.not_yet.append((day, weight))
            counted = rule.registered
        key = (month_start(day), counted)
        parts[key] = parts.get(key, Decimal(0)) + weight
        if day > today and key[0] == this_month and counted in PAY_COUNTED:
            out.ahead += weight
    return out


@dataclass
class _RowDates:
    """The days a row covers, or why it cannot be counted (its findings and `held`: the
    month it leaves open and why)."""

    dates: list[date] | None  # None: not counted
    typed: Decimal | None  # 天数 as it weighs the dates (a half day on the last); None: whole
    findings: list[Finding] = field(default_factory=list)
    held: tuple[date, str] | None = None


def _row_dates(t: Table, i: int, by_working: bool, calendar: WorkCalendar) -> _RowDates:
    """Q01 and D01 for one row's dates: 开始 to 结束, or 天数 from 开始."""
    first, last, typed = t.col("start")[i], t.col("end")[i], t.col("days")[i]
    uncounted = f"请假登记第{t.rows[i]}行的请假未能计算"
    out = _RowDates(None, typed)
    if last is None and typed is None:
        if i not in t.invalid.get("end", set()) | t.invalid.get("days", set()):
            out.findings.append(t.find("Q01.no_end", i, "end"))
        out.held = (month_start(first), f"{uncounted}（结束日期或天数）")
        return out
    if last is not None and last < first:
        out.findings.append(t.find("Q01.before", i, "end"))
        out.held = (month_start(first), f"{uncounted}（结束日期）")
        return out
    try:
        span = _request_dates(first, last, typed, by_working, calendar)
    except UnknownYear as e:
        out.findings.append(t.find("D01", i, "start", year=e.year))
        out.held = (month_start(first), f"{uncounted}（日历不知道{e.year}年）")
        return out
    out.dates = dates = span.dates
    if span.unknown is not None:
        year = span.unknown
        days = _days(sum(_weights(dates, None), Decimal(0)))
        out.findings.append(
            t.find("D01.year_end", i, "end", year=year, first_year=year - 1, days=days)
        )
        why = f"请假登记第{t.rows[i]}行{year}年的天数未计入（日历不知道{year}年）"
        out.held = (date(year, 1, 1), why)
        out.typed = None  # a half day on the last day falls in the part not counted
    elif typed is not None and last is not None and not (len(dates) - 1 < typed <= len(dates)):
        out.findings.append(t.find("Q01.days", i, "days", value=_days(typed), count=len(dates)))
        out.typed = None
    return out


def _not_yet(
    t: Table, i: int, days: Sequence[tuple[date, Decimal]], registered: Counted, today: date
) -> Finding:
    """Q06.ahead: the days of a 旷工 request after the reference day, named."""
    first, last = days[0][0], days[-1][0]
    span = f"{first}" if first == last else f"{first}至{last}"
    span_en = f"{first}" if first == last else f"{first} to {last}"
    total = _days(sum((w for _, w in days), Decimal(0)))
    return t.find(
        "Q06.ahead",
        i,
        "start",
        span=span,
        span_en=span_en,
        days=total,
        kind=str(registered),
        today=today,
    )


def q01_rest_days(
    t: Table, i: int, dates: Sequence[date], calendar: WorkCalendar
) -> Iterator[Finding]:
    """Q01 (warning) for a request of working days: its dates hold rest days only (0 days),
    or its 天数 count from a 开始日期 that is a rest day (from the next working day on)."""
    first, last = t.col("start")[i], t.col("end")[i]
    if last is not None and not dates:
        yield t.find("Q01.rest_days", i, "start", first=first, last=last)
    elif last is None and dates and not calendar.is_working_day(first):
        yield t.find("Q01.rest_start", i, "start", first=first, moved=dates[0])


def leave_book(
    t: Table,
    people: Sequence[str | None],
    posts: Mapping[str, Sequence[str | None]],
    calendar: WorkCalendar,
    s: Settings,
    today: date,
    row_problems: Mapping[int, str] | None = None,
    applicants: Sequence[str | None] = (),
) -> LeaveBook:
    """Count every request of 请假登记. `people` is each row's person key (None: nobody the
    row names, or a name namesakes share); `posts` maps squeezed roster names to the 岗位 of
    everyone of that name (Q04); `row_problems` why a row's person is in doubt (its 工号 and
    姓名 disagree, V40): the months it counts in are not final; `applicants` each row's
    person's squeezed roster name (Q04.self)."""
    kinds, firsts, typed_days = t.col("kind"), t.col("start"), t.col("days")
    requests: list[LeaveRequest] = []
    found: list[Finding] = []
    # (person, month, why): the months a row leaves open (uncounted days, a doubtful person)
    held: list[tuple[str, date, str]] = []
    taken: dict[tuple[str, date], int] = {}  # (person, day) -> the row that counted it
    counted_col: list[Any] = [None] * len(t)
    words_col: list[Any] = [""] * len(t)
    ahead: dict[int, Decimal] = {}  # row -> its pay-changing days after `today` (Q01.ahead)
    for i in range(len(t)):
        person, kind, first = people[i], kinds[i], firsts[i]
        if person is None or first is None:
            continue  # V40 / V44 / R01 / R02 name the cell
        if kind is None:  # R01 / R02 name the cell; the person's month is not final
            held.append(
                (person, month_start(first), f"请假登记第{t.rows[i]}行的请假未能计算（假别）")
            )
            continue
        kind = LeaveKind(kind)
        nursing_days = kind is LeaveKind.NURSING and typed_days[i] is not None
        if kind is LeaveKind.NURSING and not nursing_days:
            requests.append(LeaveRequest(i, person, kind, first))
            counted_col[i] = Decimal(0)
            words_col[i] = requests[-1].words()
            continue
        by_working = kind in WORKING_DAY_KINDS or nursing_days
        row_dates = _row_dates(t, i, by_working, calendar)
        found += row_dates.findings
        if row_dates.held is not None:
            held.append((person, *row_dates.held))
        if row_dates.dates is None:
            continue
        dates, typed = row_dates.dates, row_dates.typed
        if by_working and not nursing_days:
            found += q01_rest_days(t, i, dates, calendar)
        weights = _weights(dates, typed)
        # a day two requests of one person both cover counts once, for the first
        twice = [n for n, day in enumerate(dates) if (person, day) in taken]
        if twice:
            other = taken[person, dates[twice[0]]]
            found.append(t.find("Q01.overlap", i, "start", other=t.rows[other]))
            dates = [day for n, day in enumerate(dates) if n not in twice]
            weights = [w for n, w in enumerate(weights) if n not in twice]
        for day in dates:
            taken[person, day] = i
        total = sum(weights, Decimal(0))
        if nursing_days:
            found.append(t.find("Q02.nursing", i, "days"))
            rule = _RowDecision(Counted.PERSONAL, limit=0)
        else:
            applicant = applicants[i] if i < len(applicants) else None
            rule = _row_rule(t, i, kind, first, total, posts, calendar, s, today, applicant)
        found += rule.findings
        request = LeaveRequest(
            i,
            person,
            kind,
            first,
            unapproved=rule.unapproved,
            dates=tuple(dates),
            note_due=rule.note_due,
        )
        split = _counted_parts(dates, weights, rule, calendar, today)
        parts, excess = split.parts, split.excess
        if split.not_yet:  # its own warning says how the days ahead count
            found.append(_not_yet(t, i, split.not_yet, rule.registered, today))
        elif split.ahead:
            ahead[i] = split.ahead
        if excess and not nursing_days:
            found.append(
                t.find(
                    "Q02.excess",
                    i,
                    "kind",
                    kind=str(kind),
                    limit=rule.limit,
                    days=_days(sum((w for _, w in excess), Decimal(0))),
                )
            )
        request.parts = [LeaveDays(m, c, d) for (m, c), d in sorted(parts.items())]
        requests.append(request)
        counted_col[i] = request.total
        words_col[i] = request.words()
    if ahead:
        rows, rows_en = row_ranges([t.rows[i] for i in ahead], most=20)
        found.append(
            t.find(
                "Q01.ahead",
                min(ahead),
                "start",
                rows=rows,
                rows_en=rows_en,
                count=len(ahead),
                days=_days(sum(ahead.values(), Decimal(0))),
                today=today,
            )
        )
    held += _doubtful(t, requests, row_problems or {})
    return LeaveBook(
        requests,
        leave_months(requests, held),
        found,
        {"counted": counted_col, "words": words_col},
    )


def _doubtful(
    t: Table, requests: Sequence[LeaveRequest], row_problems: Mapping[int, str]
) -> Iterator[tuple[str, date, str]]:
    """The months a request of a doubtful row counts in, and why (person, month, why)."""
    for r in requests:
        why = row_problems.get(r.index)
        if why is not None:
            for month in sorted({month_start(r.first), *(p.month for p in r.parts)}):
                yield r.person, month, f"请假登记第{t.rows[r.index]}行的{why}"


def leave_months(
    requests: Sequence[LeaveRequest], held: Sequence[tuple[str, date, str]] = ()
) -> dict[tuple[str, date], LeaveMonth]:
    """The register per person and month (Q01), with Q06's runs of absence and the months
    `held` open (person, month, why)."""
    months: dict[tuple[str, date], LeaveMonth] = {}

    def month(person: str, first_day: date) -> LeaveMonth:
        key = (person, first_day)
        if key not in months:
            months[key] = LeaveMonth(person, first_day)
        return months[key]

    for r in requests:
        for part in r.parts:
            m = month(r.person, part.month)
            m.days[part.counted] = m.of(part.counted) + part.days
            if r.unapproved and part.counted is Counted.ABSENT:
                m.unapproved.append((r.first, part.days))
        if r.absent_run:
            m = month(r.person, month_start(r.first))
            m.runs.append((r.first, r.absent_run))
    for person, first_day, why in held:
        month(person, first_day).problems.append(why)
    return months
