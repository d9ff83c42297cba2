"""处罚汇总表 (SPEC §1.4, §3.5): the row checks V40–V43 against the workbook's own 员工 and
过失目录, and the whole book computed through `sanctions` (P01–P05) and `pay` (P06–P09)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .catalogue import BY_CODE, normal_code
from .catalogue_sheet import BUILT_IN, Catalogue, catalogue_from_table
from .context import Context, SheetResult
from .deadlines import day_of
from .findings import Checked, Finding, finding
from .leave import (
    ApproverText,
    Counted,
    LeaveBook,
    LeaveMonth,
    LeaveRequest,
    approver_text,
    leave_book,
)
from .months import add_months, days_in_month, month_label, month_span, month_start
from .pay import MonthAttendance, MonthPay, month_pay, month_working_days, monthly_pay
from .planned import not_yet
from .sanctions import (
    LEVEL,
    NO_APPEAL,
    Appeal,
    Decision,
    Event,
    RosterPerson,
    decide,
    fen,
    p05_appeal,
)
from .schema import ATTENDANCE, CATALOGUE_SHEET, LEAVE, OFFENCES, ROSTER
from .settings import Settings
from .table import Table, r01_required
from .text import blank_marker, row_ranges, squeeze, staff_key


@dataclass(frozen=True)
class Roster:
    """The 员工 sheet: who exists, by staff number and by name."""

    names: dict[str, str]  # squeezed name -> name
    ids: dict[str, str]  # squeezed staff number -> name

    @classmethod
    def from_table(cls, t: Table) -> Roster:
        names, ids = {}, {}
        numbers = t.col("staff_id")
        for i, name in t.valid("name"):
            names[squeeze(name)] = name
            if numbers[i] is not None:
                ids[staff_key(numbers[i])] = name
        return cls(names, ids)


def v40_person(t: Table, roster: Roster, shared_ids: Container[str] = ()) -> Iterator[Finding]:
    """V40: the row names someone on the roster, by staff number or name (both must agree);
    a staff number two people share (`shared_ids`, squeezed) is V44's, not a mismatch."""
    ids, names = t.col("staff_id"), t.col("name")
    bad = t.invalid.get("staff_id", set()) | t.invalid.get("name", set())
    for i in range(len(t)):
        sid, name = ids[i], names[i]
        if sid is None and name is None:
            if i not in bad:
                yield t.find("V40.missing", i, "name" if t.has("name") else "staff_id")
            continue
        if sid is not None and staff_key(sid) not in roster.ids:
            yield t.find("V40", i, "staff_id", value=sid)
        elif name is not None and squeeze(name) not in roster.names:
            yield t.find("V40", i, "name", value=name)
        elif (
            sid is not None
            and name is not None
            and staff_key(sid) not in shared_ids
            and squeeze(roster.ids[staff_key(sid)]) != squeeze(name)
        ):
            yield t.find("V40.mismatch", i, "name", staff_id=sid, name=name)


def v40_on_leave(
    t: Table, events: Iterable[Event], leave: LeaveBook | None, leave_t: Table | None
) -> Iterator[Finding]:
    """V40.on_leave (warning): an offence dated on a day of the same person's approved
    leave — the date or the person is likely wrong (SPEC is silent; a word, not a refusal:
    the offence is still charged as registered)."""
    if leave is None or leave_t is None:
        return
    away: dict[tuple[str, date], LeaveRequest] = {}
    for request in leave.requests:
        if not request.unapproved:
            for day in request.dates:
                away.setdefault((request.person, day), request)
    for e in events:
        if e.row is None or e.day is None or e.void:
            continue
        held = away.get((e.person, e.day))
        if held is not None:
            yield t.find(
                "V40.on_leave",
                e.row,
                "date",
                day=e.day,
                kind=held.kind,
                leave_row=leave_t.rows[held.index],
                first=held.dates[0],
                last=held.dates[-1],
            )


def v41_code(t: Table, catalogue: Catalogue) -> Iterator[Finding]:
    """V41: the code is in 过失目录 — and the catalogue can decide it (V41.held)."""
    for i, code in t.valid("code"):
        held = catalogue.held.get(normal_code(code))
        if held is not None:
            yield t.find("V41.held", i, "code", **held.params)
        elif catalogue.get(normal_code(code)) is None:
            yield t.find("V41", i, "code", value=code)


def v41_implied(t: Table, catalogue: Catalogue, implied: list[Event]) -> Iterator[Finding]:
    """V41.implied (warning): attendance implies a code (P06: L07, S01, M01, D01) that the
    branch's own 过失目录 lacks — its offences are charged at the built-in tier, and said."""
    if catalogue is BUILT_IN:
        return
    missing = sorted({e.code for e in implied if catalogue.tier(e.code) is None and not e.held})
    if missing:
        codes = "、".join(f"{code}（{BY_CODE[code].tier}）" for code in missing)
        yield finding("V41.implied", t.sheet, 0, "", codes=codes)


def v42_amount(t: Table, catalogue: Catalogue) -> Iterator[Finding]:
    """V42: a code whose money rule multiplies the amount needs the amount."""
    amounts = t.col("amount")
    bad = t.invalid.get("amount", ())
    for i, code in t.valid("code"):
        offence = catalogue.get(normal_code(code))
        if offence and offence.money_rule and amounts[i] is None and i not in bad:
            yield t.find("V42", i, "amount", code=offence.code)


def v43_appeal(t: Table, appeal_days: int) -> Iterator[Finding]:
    """V43 (P05): an appeal within `appeal_days` of the notice date."""
    notified = t.col("notified_on")
    window = timedelta(days=appeal_days)
    for i, appealed in t.valid("appealed_on"):
        if notified[i] is None:
            continue
        if appealed < notified[i]:
            yield t.find("V43.before", i, "appealed_on")
        elif appealed - notified[i] > window:
            yield t.find("V43", i, "appealed_on", days=appeal_days, notified=notified[i])


def p04_dated_before(t: Table) -> Iterator[Finding]:
    """P04: a sanction noticed or issued before the offence itself is a typo; its validity,
    counted from that date, would end early without a word."""
    days = t.col("date")
    for key in ("notified_on", "issued_on"):
        for i, on in t.valid(key):
            if days[i] is not None and on < days[i]:
                yield t.find("P04.before", i, key, day=days[i])


# ---------------------------------------------------------------------------------------------
# The whole 处罚汇总表 computed once: sanctions (P01–P05), attendance and leave (P06–P09), and
# the bad-input findings that make a person's money incomplete. Rule IDs of those findings:
#   P01 (warning) 处分要求 that does not fit the final sanction; a loss amount on L33/S23 that
#       the catalogue's thresholds put under the other code
#   P03 (error)   涉及金额 above ABSURD_AMOUNT on a money-rule code
#   P06 (error)   考勤: the same person and month twice; days absent (or absent and on leave
#                 together) more than the month's days; 连续旷工天数 more than 旷工天数
#   P07           员工 without 基本工资: an error when a cut, absence or leave needs it,
#                 a warning otherwise
#   P08 / P09 (error) 事假 / 病假 days more than the month's days; P09 also sick leave
#                 without local_min_wage
#   P01 (warning) also: a 处分要求 that escalation has overtaken (通报 ordered, 严重警告 reached)
#   V44 (error)   a row naming only a name two people on the roster share: charged to no one;
#                 (warning) a handover late by such a name
#   V45 (warning) a 申诉结果 P05 cannot read: the sanction stands
#   V46           approval by rank: missing or below 总经理 an error; a warning where the roster
#                 cannot tell (no 岗位, approver not on it, namesakes)
#   V47 (warning) a sanction without 本人签字;  V48 (warning) 岗位津贴 above `allowance_cap`
# V40 (not on the roster), V41 (unknown code) and V42 (no amount) stay as above; the rows
# they name leave the person's money incomplete as well.

ABSURD_AMOUNT = Decimal(100_000)  # yuan: above this, a typed 涉及金额 is taken for a typo
LOSS_MINOR, LOSS_SERIOUS = Decimal(100), Decimal(1000)  # L33 / S23 thresholds [004]
IMPLIED_SEQ = 10**9  # implied offences come after the registered rows of their day


def person_key(sid: object) -> str:
    """A person's key by staff number: escalation, fines and cuts are per 工号."""
    return "#" + staff_key(str(sid))


@dataclass(frozen=True)
class Staff:
    """The roster as people: salary, post and contract, found by staff number or name."""

    people: dict[str, RosterPerson]  # key -> person
    by_id: dict[str, str]  # squeezed staff number -> key
    by_name: dict[str, tuple[str, ...]]  # squeezed name -> the keys of everyone with it
    # V44.roster_id: a staff number on two roster rows of different people (name or pay):
    # squeezed staff number -> their keys; a row naming that number is charged to no one
    shared_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # V44.roster_repeat: a roster row repeating an earlier one (same number, name and pay):
    # its index -> the earlier row's index; one person
    repeats: dict[int, int] = field(default_factory=dict)
    # 员工 rows whose 基本工资 is typed 0: read as not filled in (P07), never as a salary the
    # minimum wage then lifts
    zero_base: set[int] = field(default_factory=set)

    @classmethod
    def from_table(cls, t: Table | None) -> Staff:
        staff = cls({}, {}, {})
        if t is None:
            return staff
        people, by_id, by_name = staff.people, staff.by_id, staff.by_name
        ids, base, allowance = t.col("staff_id"), t.col("base_pay"), t.col("allowance")
        bonus, contract, posts = t.col("bonus"), t.col("contract_end"), t.col("post")
        hired = t.col("hired_on")
        for i, name in t.valid("name"):
            sid = None if ids[i] is None else str(ids[i])
            key = squeeze(name) if sid is None else person_key(sid)
            if base[i] == 0:
                staff.zero_base.add(i)
            person = RosterPerson(
                key=key,
                name=name,
                staff_id=sid,
                post=posts[i],
                base=base[i] or None,
                allowance=allowance[i] or Decimal(0),
                bonus=bonus[i] or Decimal(0),
                contract_end=contract[i],
                hired_on=hired[i],
                row=i,
            )
            first = people.get(key)
            if sid is not None and first is not None and _same_person(first, person):
                assert first.row is not None
                staff.repeats[i] = first.row
                continue
            if key in people:  # a repeated number, or namesakes without numbers: kept apart
                key = f"{key}@{t.rows[i]}"
                person = replace(person, key=key)
            people[key] = person
            by_name[squeeze(name)] = (*by_name.get(squeeze(name), ()), key)
            if sid is None:
                continue
            if staff_key(sid) in by_id:
                first_key = by_id[staff_key(sid)]
                sharing = staff.shared_ids.get(staff_key(sid), (first_key,))
                staff.shared_ids[staff_key(sid)] = (*sharing, key)
            by_id.setdefault(staff_key(sid), key)
        return staff

    def namesakes(self, name: object) -> list[RosterPerson]:
        """Everyone on the roster with this name, when two or more share it."""
        keys = self.by_name.get(squeeze(str(name)), ()) if name is not None else ()
        return [self.people[k] for k in keys] if len(keys) > 1 else []

    def sharing_id(self, sid: object) -> list[RosterPerson]:
        """The people of different names or pay the roster gives this staff number (V44)."""
        keys = self.shared_ids.get(staff_key(str(sid)), ()) if sid is not None else ()
        return [self.people[k] for k in keys]

    def key_of(self, sid: object, name: object) -> str | None:
        """Whom a register row names: the staff number's person, else the name's. None when
        the row names nobody, a staff number two people on the roster share, or only a name
        that two people share (V44: no guess). A person the roster does not know keeps the
        name (or number) as typed."""
        if sid is not None and staff_key(str(sid)) in self.shared_ids:
            return None
        if sid is not None and staff_key(str(sid)) in self.by_id:
            return self.by_id[staff_key(str(sid))]
        if name is not None:
            keys = self.by_name.get(squeeze(str(name)), ())
            if len(keys) > 1:
                return None
            return keys[0] if keys else squeeze(str(name))
        if sid is not None:
            return person_key(sid)
        return None

    def person(self, key: str, sid: object = None, name: object = None) -> RosterPerson:
        found = self.people.get(key)
        if found is not None:
            return found
        shown = str(name) if name is not None else str(sid or key)
        return RosterPerson(
            key=key, name=shown, staff_id=None if sid is None else str(sid), on_roster=False
        )

    def row_problem(self, t: Table, i: int, key: str) -> str | None:
        """Why the amounts of a register row charged to `key` are not final: its 工号 or
        姓名 unreadable, its 工号 not on the roster, or its 工号 and 姓名 naming different
        people (V40) — until someone says who is meant (None: the row is clear). A person
        not on the roster at all is their own problem, said once, not per row."""
        person = self.people.get(key)
        if person is None or not person.on_roster:
            return None
        sid, name = t.col("staff_id")[i], t.col("name")[i]
        if i in t.invalid.get("staff_id", set()) | t.invalid.get("name", set()):
            return "工号或姓名无法识别"
        if sid is not None and staff_key(str(sid)) not in self.by_id:
            return "工号不在员工名单"
        if name is not None and squeeze(str(name)) != squeeze(person.name):
            return "工号与姓名不符"
        return None


def _same_person(first: RosterPerson, again: RosterPerson) -> bool:
    """A roster row repeating an earlier one: same name and pay (a copied line)."""
    return (squeeze(first.name), first.base, first.allowance, first.bonus) == (
        squeeze(again.name),
        again.base,
        again.allowance,
        again.bonus,
    )


def ids_of(people: list[RosterPerson]) -> str:
    """Namesakes as a reader tells them apart: their staff numbers (or roster rows)."""
    return "、".join(p.staff_id or "无工号" for p in people)


@dataclass
class HandoverLates:
    """How the handover logs' late arrivals (squeezed name -> month -> count) were charged:
    the names namesakes share (V44.late: no one), the names with a 工号 the roster confirms
    (V44.late_id: charged to that person, name key -> person key), and names not on the
    roster (V40.late: no one)."""

    namesakes: dict[str, dict[date, int]] = field(default_factory=dict)
    by_id: dict[str, tuple[str, dict[date, int]]] = field(default_factory=dict)
    strangers: dict[str, dict[date, int]] = field(default_factory=dict)


@dataclass
class Ledger:
    """Everything one 处罚汇总表 computes; `results` are its sheets' findings and columns."""

    settings: Settings
    people: dict[str, RosterPerson]  # roster people and people only named on the registers
    decisions: list[Decision]
    pays: list[MonthPay]
    row_decisions: dict[int, Decision]  # 过失登记 row index -> decision
    uncertain_since: dict[str, date]  # person -> date of an offence that could not be decided
    # rows and late arrivals charged to no one (V44), as (month, what): the summary says so
    unassigned: list[tuple[date | None, str]]
    results: list[SheetResult] = field(default_factory=list)
    leave: dict[tuple[str, date], LeaveMonth] = field(default_factory=dict)  # 请假登记 (Q01)
    leave_events: set[int] = field(default_factory=set)  # seq of offences from 请假登记 (Q06)
    approval_gaps: dict[int, ApprovalGap] = field(default_factory=dict)  # 过失登记 row -> V46
    # rows charged to no one whose people are left incomplete (`_held`): (person, month, why)
    held: list[tuple[str, date | None, str]] = field(default_factory=list)
    lates: HandoverLates = field(default_factory=HandoverLates)  # how handover lates were charged
    # Q05: sick leave turned into 旷工 for a note not given in time: (person, first day, due,
    # its 请假登记 row index)
    late_notes: list[tuple[str, date, date, int]] = field(default_factory=list)
    # Q06 across a month end: runs of absence from 请假登记 that go on into later months —
    # (person, first day, the run's days, {later month: its 旷工 days})
    later_runs: list[tuple[str, date, int, dict[date, Decimal]]] = field(default_factory=list)
    # P05: rows voided on an appeal of known date (person, 过失登记 row index, 申诉日期)
    upheld: list[tuple[str, int, date]] = field(default_factory=list)


def shared_name_rows(t: Table, staff: Staff) -> Iterator[tuple[int, list[RosterPerson]]]:
    """The rows that name a person only by a staff number, or a name, two people on the
    roster share (V44), with those people."""
    ids, names = t.col("staff_id"), t.col("name")
    for i, name in enumerate(names):
        sid = ids[i]
        if (name is None and sid is None) or staff.key_of(sid, name) is not None:
            continue
        yield i, staff.sharing_id(sid) or staff.namesakes(name)


def v44_namesakes(t: Table, staff: Staff) -> Iterator[Finding]:
    """V44: such a row is charged to no one, and says so."""
    ids, names = t.col("staff_id"), t.col("name")
    for i, people in shared_name_rows(t, staff):
        if staff.sharing_id(ids[i]):
            yield t.find("V44.shared_id", i, "staff_id", value=ids[i], names=names_of(people))
        else:
            yield t.find("V44", i, "name", value=names[i], count=len(people), ids=ids_of(people))


def names_of(people: list[RosterPerson]) -> str:
    """People sharing a staff number as a reader tells them apart: name and roster row."""
    return "、".join(p.name for p in people)


def v44_roster(t: Table, staff: Staff) -> Iterator[Finding]:
    """V44 on 员工 itself: a staff number given to two people (an error: rows naming it are
    charged to no one), or a row repeating an earlier one (a warning: one person)."""
    for key_id, keys in staff.shared_ids.items():
        people = [staff.people[k] for k in keys]
        for p in people[1:]:
            assert p.row is not None and people[0].row is not None
            yield t.find(
                "V44.roster_id",
                p.row,
                "staff_id",
                value=p.staff_id or key_id,
                other=t.rows[people[0].row],
                names=names_of(people),
            )
    ids = t.col("staff_id")
    for i, first in sorted(staff.repeats.items()):
        yield t.find("V44.roster_repeat", i, "staff_id", value=ids[i], other=t.rows[first])


DATE_KEYS = {OFFENCES.name: "date", LEAVE.name: "start"}  # the month a register row is in


def _nobodys_rows(
    tables: Iterable[Table | None], staff: Staff
) -> Iterator[tuple[Table, int, list[RosterPerson], date | None]]:
    """The register rows V44 charges to no one (`shared_name_rows`), with the people they
    may mean and the month they count in (None: a date that cannot be read)."""
    for t in tables:
        if t is None:
            continue
        when = t.col(DATE_KEYS.get(t.schema.name, "month"))
        for i, people in shared_name_rows(t, staff):
            yield t, i, people, month_start(when[i]) if when[i] is not None else None


def _unassigned(
    tables: Iterable[Table | None],
    late_namesakes: Mapping[str, Mapping[date, int]],
    staff: Staff,
) -> list[tuple[date | None, str]]:
    """What V44 leaves charged to no one, as (month, what) for the summary: register rows
    (a row whose date cannot be read: None) and handover lates."""
    found: list[tuple[date | None, str]] = []
    for t, i, people, month in _nobodys_rows(tables, staff):
        if staff.sharing_id(t.col("staff_id")[i]):
            continue  # `_held` says it: each of the people sharing the number is incomplete
        found.append(
            (month, f"{t.sheet}第{t.rows[i]}行“{t.col('name')[i]}”（同名：{ids_of(people)}）")
        )
    for name_key, by_month in late_namesakes.items():
        people = [staff.people[k] for k in staff.by_name[squeeze(name_key)]]
        for month, count in sorted(by_month.items()):
            what = f"交接班记录中“{people[0].name}”迟到{count}次（同名：{ids_of(people)}）"
            found.append((month, what))
    return found


def _held(
    tables: Iterable[Table | None],
    late_namesakes: Mapping[str, Mapping[date, int]],
    staff: Staff,
) -> list[tuple[str, date | None, str]]:
    """Register rows and handover lates that V44 charges to no one — they name a staff number
    two people on the roster share, or only a name namesakes share: one of those people
    should bear them, so the amounts of each are not final until the row says who — as
    (person, month, why) for 月处罚汇总; a row whose date cannot be read: month None."""
    found: list[tuple[str, date | None, str]] = []
    for t, i, people, month in _nobodys_rows(tables, staff):
        sid, name = t.col("staff_id")[i], t.col("name")[i]
        if staff.sharing_id(sid):
            why = (
                f"{t.sheet}第{t.rows[i]}行的工号{sid}在员工名单中有{len(people)}人"
                f"（{names_of(people)}），未计入"
            )
        else:
            why = (
                f"{t.sheet}第{t.rows[i]}行只写“{name}”，员工名单中有{len(people)}人同名"
                f"（{ids_of(people)}），未计入任何人"
            )
        found += ((p.key, month, why) for p in people)
    for name_key, by_month in late_namesakes.items():
        people = [staff.people[k] for k in staff.by_name[squeeze(name_key)]]
        for month, count in sorted(by_month.items()):
            why = (
                f"交接班记录中“{people[0].name}”{month_label(month)}迟到{count}次，员工名单中有"
                f"{len(people)}人同名（{ids_of(people)}），未计入任何人"
            )
            found += ((p.key, month, why) for p in people)
    return found


def _undated(tables: Iterable[Table | None], staff: Staff) -> list[tuple[str, date | None, str]]:
    """Register rows of a person whose date (过失登记's 日期, 考勤's 月份, 请假登记's 开始日期)
    is blank or cannot be read: the month they count in is unknown, so the person's amounts
    are not final in any month (R01 / R02 name the cell) — as (person, None, why)."""
    found: list[tuple[str, date | None, str]] = []
    for t in tables:
        if t is None:
            continue
        ids, names = t.col("staff_id"), t.col("name")
        column = DATE_KEYS.get(t.schema.name, "month")
        for i, when in enumerate(t.col(column)):
            key = staff.key_of(ids[i], names[i]) if when is None else None
            if key in staff.people:  # someone not on the roster is said so once, as such
                why = f"{t.sheet}第{t.rows[i]}行的{t.header(column)}无法识别，该行未能计算"
                found.append((key, None, why))
    return found


def _outside_employment(person: RosterPerson | None, first: date, last: date) -> str | None:
    """Where a span of days lies outside the person's employment: "V40.employment" partly
    before their 入职日期, "V40.contract" after their 合同到期日 (None: within)."""
    if person is None or not person.on_roster:
        return None
    hired, until = person.hired_on, person.contract_end
    if hired is not None and first < hired:
        return "V40.employment"
    return "V40.contract" if until is not None and last > until else None


def v40_employment(
    tables: Mapping[str, Table],
    people: Mapping[str, RosterPerson],
    events: Iterable[Event],
    leave: LeaveBook | None,
    months: Mapping[tuple[str, date], MonthAttendance],
) -> tuple[list[Finding], list[tuple[str, date | None, str]]]:
    """V40.employment: a register row dated before the person's 入职日期 — a typo of the
    date or the person: an error naming both dates, and the person's amounts of that month
    are held open (`Ledger.held`) until it is settled. V40.contract: a row after their
    合同到期日 is most often a contract renewed whose date was not updated (P04 already keeps a
    严重警告 valid past a stale date): counted as usual, with a warning asking to update the
    date (or to correct the row) — one on the person's 员工 row, naming the rows. 考勤
    counts when its whole month is outside."""
    found: list[Finding] = []
    held: list[tuple[str, date | None, str]] = []
    stale: dict[str, dict[str, list[int]]] = {}  # person -> sheet -> rows after the contract

    def flag(
        outside: str | None,
        t: Table,
        i: int,
        column: str,
        person: RosterPerson,
        span: tuple[date, date],
    ) -> None:
        if outside == "V40.contract":
            stale.setdefault(person.key, {}).setdefault(t.sheet, []).append(t.rows[i])
        if outside != "V40.employment":
            return
        first, last = span
        hired = f"{person.hired_on:%Y-%m-%d}" if person.hired_on else "未填"
        until = f"{person.contract_end:%Y-%m-%d}" if person.contract_end else "未填"
        day = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d}至{last:%Y-%m-%d}"
        found.append(t.find("V40.employment", i, column, day=day, hired=hired, until=until))
        why = f"{t.sheet}第{t.rows[i]}行的日期{day}不在在职期间（入职{hired}，合同到期{until}）"
        for month in sorted({month_start(first), month_start(last)}):
            held.append((person.key, month, why))

    offences_t = tables.get(OFFENCES.name)
    for e in events:
        person = people.get(e.person)
        if offences_t is None or e.row is None or e.day is None or person is None:
            continue
        span = (e.day, e.day)
        flag(_outside_employment(person, *span), offences_t, e.row, "date", person, span)
    leave_t = tables.get(LEAVE.name)
    if leave is not None and leave_t is not None:
        for r in leave.requests:
            person = people.get(r.person)
            if person is not None and r.dates:
                span = (r.dates[0], r.dates[-1])
                flag(_outside_employment(person, *span), leave_t, r.index, "start", person, span)
    attendance_t = tables.get(ATTENDANCE.name)
    for (key, month), att in sorted(months.items()):
        person = people.get(key)
        if attendance_t is None or att.row is None or person is None:
            continue
        first, last = month_span(month)
        hired, until = person.hired_on, person.contract_end
        outside = None  # 考勤: the whole month outside
        if hired is not None and last < hired:
            outside = "V40.employment"
        elif until is not None and first > until:
            outside = "V40.contract"
        flag(outside, attendance_t, att.row, "month", person, (first, last))
    roster_t = tables.get(ROSTER.name)
    if roster_t is not None:
        found += _v40_contract(roster_t, people, stale)
    return found, held


def _v40_contract(
    roster_t: Table, people: Mapping[str, RosterPerson], stale: Mapping[str, dict[str, list[int]]]
) -> Iterator[Finding]:
    """V40.contract on each person's 员工 row: their rows dated after the 合同到期日 (person ->
    sheet -> Excel rows)."""
    for key, sheets in stale.items():
        person = people[key]
        if person.row is None:
            continue
        ranges = [(sheet, row_ranges(rows)) for sheet, rows in sheets.items()]
        yield roster_t.find(
            "V40.contract",
            person.row,
            "contract_end",
            until=f"{person.contract_end:%Y-%m-%d}",
            rows="、".join(f"{sheet}第{zh}行" for sheet, (zh, _) in ranges),
            rows_en="; ".join(f"{sheet} rows {en}" for sheet, (_, en) in ranges),
        )


def _lodged_later(lodged: date | None, today: date) -> bool:
    return lodged is not None and day_of(lodged) > today


def p05_later(t: Table, today: date) -> Iterator[Finding]:
    """P05.later (warning): an appeal dated after the reference day had not been lodged then:
    its result is not applied (a month's sheet made as of its end charges the sanction; the
    month the appeal is lodged in says what is refunded, `penalty_sheet.settle_appeals`)."""
    results = t.col("appeal_result")
    for i, lodged in t.valid("appealed_on"):
        if results[i] is not None and _lodged_later(lodged, today):
            yield t.find("P05.later", i, "appealed_on", day=f"{day_of(lodged):%Y-%m-%d}")


def upheld_appeals(t: Table, decisions: list[Decision]) -> list[tuple[str, int, date]]:
    """The 过失登记 rows voided on an appeal whose 申诉日期 is known, as (person, row index,
    申诉日期): where it falls in a later month than the offence, money charged then is
    refunded in its month."""
    lodged = t.col("appealed_on")
    return [
        (d.event.person, d.event.row, day_of(lodged[d.event.row]))
        for d in decisions
        if d.event.row is not None and d.event.void and lodged[d.event.row] is not None
    ]


def without_appeals(t: Table, rows: Mapping[int, date]) -> Table:
    """过失登记 as an earlier month's sheet saw it: the appeals of `rows` (index -> 申诉日期)
    not yet lodged."""
    results = [None if i in rows else v for i, v in enumerate(t.col("appeal_result"))]
    return replace(t, cols={**t.cols, "appeal_result": results})


def offence_copies(t: Table) -> dict[int, int]:
    """过失登记 rows equal in every input cell, 过失描述 and dates included, to an earlier row
    (a list carried on and pasted twice): row index -> the index of the row it repeats. One
    offence typed twice, like the other registers' copies (V01.copy, H04.duplicate)."""
    cols = [t.col(c.key) for c in t.schema.columns]
    # a cell that could not be read (R02) holds no value to compare: its row is no copy
    unread = set().union(*t.invalid.values())
    first: dict[tuple[Any, ...], int] = {}
    copies: dict[int, int] = {}
    for i in range(len(t)):
        cells = tuple(squeeze(c[i]) if isinstance(c[i], str) else c[i] for c in cols)
        if i in unread or all(v is None for v in cells):
            continue
        if (seen := first.setdefault(cells, i)) != i:
            copies[i] = seen
    return copies


def p01_copies(t: Table, copies: Mapping[int, int]) -> Iterator[Finding]:
    """P01.copy on each row that repeats another cell for cell: counted once."""
    for i, first in sorted(copies.items()):
        yield t.find("P01.copy", i, "date", other=t.rows[first])


def _offence_events(
    t: Table,
    staff: Staff,
    catalogue: Catalogue,
    people: dict[str, RosterPerson],
    today: date,
    copies: Container[int] = (),
) -> tuple[list[Event], dict[int, list[str]]]:
    """Each 过失登记 row naming a person and a code as an Event; an appeal lodged after
    `today` (the reference day) is not yet one: the sanction stands (P05, `p05_later`)."""
    days, ids, names, codes = t.col("date"), t.col("staff_id"), t.col("name"), t.col("code")
    amounts, orders, appeals = t.col("amount"), t.col("order"), t.col("appeal_result")
    lodged = t.col("appealed_on")
    issued, notified = t.col("issued_on"), t.col("notified_on")
    bad_amount = t.invalid.get("amount", set())
    events: list[Event] = []
    problems: dict[int, list[str]] = {}
    for i in range(len(t)):
        key = staff.key_of(ids[i], names[i])
        if key is None or codes[i] is None or i in copies:
            continue
        people.setdefault(key, staff.person(key, ids[i], names[i]))
        row_problems = []
        problem = staff.row_problem(t, i, key)
        if problem is not None:
            row_problems.append(f"{t.sheet}第{t.rows[i]}行的{problem}")
        code = normal_code(codes[i])
        offence = catalogue.get(code)
        amount = amounts[i]
        amount_ok = i not in bad_amount and (amount is None or amount <= ABSURD_AMOUNT)
        events.append(
            Event(
                person=key,
                day=days[i],
                code=code,
                tier=catalogue.tier(code),
                seq=i,
                money_rule=offence.money_rule if offence else "",
                amount=amount,
                amount_ok=amount_ok,
                held=catalogue.held.get(code),
                order=orders[i],
                appeal=NO_APPEAL if _lodged_later(lodged[i], today) else p05_appeal(appeals[i]),
                issued=issued[i] or notified[i],
                row=i,
            )
        )
        problems[i] = row_problems
    return events, problems


WHOLE_DAYS = ("absent_days", "absent_run")  # 考勤's day columns that take no half day (P06)


def _attendance_months(
    t: Table, staff: Staff, people: dict[str, RosterPerson], ctx: Context
) -> Checked[dict[tuple[str, date], MonthAttendance]]:
    """考勤's rows as each person's months, with the figures a month cannot hold (P06, P08,
    P09) reported on their cells and noted on the month; people the sheet names who are not
    on the roster join `people`. Days of 旷工 and 事假 are working days (Q01): more than the
    month's working days is an error. 病假 above them but within the month's calendar days is
    read as a whole month sick (staff type 30 for "all month"), with a warning."""
    settings = ctx.settings
    months: dict[tuple[str, date], MonthAttendance] = {}
    found: list[Finding] = []
    counted = ("late", "early", "absent_days", "absent_run", "personal_leave", "sick_leave")
    cols = {k: t.col(k) for k in counted}
    ids, names, month_col = t.col("staff_id"), t.col("name"), t.col("month")
    first: dict[tuple[str, date], int] = {}
    for i in range(len(t)):
        key = staff.key_of(ids[i], names[i])
        month = month_col[i]
        if key is None or month is None:
            continue
        people.setdefault(key, staff.person(key, ids[i], names[i]))
        if (key, month) in first:
            found.append(t.find("P06.twice", i, "month", other=t.rows[first[key, month]]))
            months[key, month].problems.append(
                f"考勤第{t.rows[i]}行与第{t.rows[first[key, month]]}行重复"
            )
            continue
        first[key, month] = i
        late, early, absent, run, personal, sick = (cols[k][i] or 0 for k in counted)
        # 旷工 in whole days only (half days come from 请假登记): a half is not charged
        halves = [k for k in WHOLE_DAYS if cols[k][i] is not None and cols[k][i] % 1]
        found += (t.find("P06.half", i, k, value=f"{cols[k][i]:f}") for k in halves)
        absent = 0 if "absent_days" in halves else int(absent)
        run = 0 if "absent_run" in halves else int(run)
        att = MonthAttendance(key, month, late, early, absent, run, personal, sick, row=i)
        problem = staff.row_problem(t, i, key)
        if problem is not None:
            att.problems.append(f"考勤第{t.rows[i]}行的{problem}")
        if halves or any(i in t.invalid.get(k, ()) for k in counted):
            att.problems.append(f"考勤第{t.rows[i]}行有无法识别的数值")
        length = days_in_month(month)
        working = month_working_days(month, ctx.calendar)
        for k, msg, what, most in (
            ("absent_days", "P06.days", "旷工", working),
            ("personal_leave", "P08", "事假", working),
            ("sick_leave", "P09.days", "病假", length),
        ):
            value = cols[k][i] or 0
            if value > most:
                found.append(t.find(msg, i, k, value=value, days=most))
                unit = "天" if most == length else "个工作日"
                att.problems.append(f"{what}{value}天超过当月{most}{unit}")
        if working < sick <= length:
            found.append(t.find("P09.whole", i, "sick_leave", value=sick, days=working))
        days_off = absent + personal + min(sick, working)
        if days_off > working and max(absent, personal) <= working and sick <= length:
            found.append(t.find("P06.sum", i, "month", value=days_off, days=working))
            att.problems.append(f"旷工和请假共{days_off}天，超过当月{working}个工作日")
        if sick and settings.local_min_wage is None:
            found.append(t.find("P09", i, "sick_leave"))
        if run > absent:
            found.append(t.find("P06.run", i, "absent_run", value=run, other=absent))
            att.problems.append(f"连续旷工{run}天多于旷工天数{absent}天")
        months[key, month] = att
    return Checked(months, found)


# a receiver written with the 工号 that tells namesakes apart: 王芳（E001）, 王芳E002, E001王芳
_NAME_AND_ID = re.compile(r"^(?:(\D+?)\(?([a-z]*\d+)\)?|\(?([a-z]*\d+)\)?(\D+))$")


def _late_person(name_key: str, staff: Staff) -> str | None:
    """The roster person a receiver written as name and 工号 is, when both agree."""
    m = _NAME_AND_ID.match(name_key)
    if m is None:
        return None
    name, sid = (m[1], m[2]) if m[1] else (m[4], m[3])
    if staff_key(sid) in staff.shared_ids:
        return None
    key = staff.by_id.get(staff_key(sid))
    if key is None or squeeze(staff.people[key].name) != name.strip("()-_ "):
        return None
    return key


def _add_handover_lates(
    months: dict[tuple[str, date], MonthAttendance],
    lates: Mapping[str, Mapping[date, Sequence[date]]],
    staff: Staff,
) -> HandoverLates:
    """Add the handover logs' late arrivals (receiver -> month -> the day of each) to the
    months of the roster's people: by name when one person has it, by the 工号 written with
    the name when the roster confirms both; the others are charged to no one and said so
    (`HandoverLates`, counts by month)."""
    out = HandoverLates()
    for name_key, by_month in lates.items():
        counts = {month: len(days) for month, days in by_month.items()}
        keys = staff.by_name.get(squeeze(name_key), ())
        if len(keys) > 1:  # namesakes: the log names no 工号
            out.namesakes[name_key] = counts
            continue
        key = keys[0] if keys else _late_person(squeeze(name_key), staff)
        if key is None:
            out.strangers[name_key] = counts
            continue
        if not keys:
            out.by_id[name_key] = (key, counts)
        for month, days in by_month.items():
            att = months.setdefault((key, month), MonthAttendance(key, month))
            att.handover_late += len(days)
            att.handover_days = sorted([*att.handover_days, *days])
    return out


def p06_late_differences(
    months: Mapping[tuple[str, date], MonthAttendance], t: Table
) -> Iterator[Finding]:
    """P06 with H01: a warning on the 考勤 cell whose typed lates differ from the handover
    logs' count for the month, naming both and the larger, which counts (as Q07 does for
    leave days). A blank cell is no figure to differ."""
    typed = t.col("late")
    for att in months.values():
        if att.row is None or not att.handover_late or typed[att.row] is None:
            continue
        if typed[att.row] != att.handover_late:
            yield t.find(
                "P06.lates",
                att.row,
                "late",
                typed=typed[att.row],
                log=att.handover_late,
                used=max(att.late, att.handover_late),
            )


def _add_registered_l07(
    months: dict[tuple[str, date], MonthAttendance],
    registered: Mapping[tuple[str, date, str], Sequence[date | None]],
) -> None:
    """Note on each month how many L07 (late) offences 违规登记 already registers."""
    for (key, month, code), days in registered.items():
        if code == "L07":
            months.setdefault((key, month), MonthAttendance(key, month)).registered_l07 = len(days)


def _implied_events(
    pays: list[MonthPay],
    registered: dict[tuple[str, date, str], list[date | None]],
    catalogue: Catalogue,
) -> tuple[list[Event], set[int], set[int]]:
    """The offences attendance implies, less those 过失登记 already registers that month
    (`registered`: the days of its rows by person, month and code) — a handover late on a
    day 过失登记 registers an L07 is that one; the seq of those that come from 请假登记
    (Q06), and of the lates with no day (a 考勤 count), placed at the month's end."""
    events = []
    from_leave: set[int] = set()
    undated: set[int] = set()
    seq = IMPLIED_SEQ
    for pay in pays:
        att = pay.attendance
        last_day = month_span(att.month)[1]
        already = {
            code: list(registered.get((att.person, att.month, code), [])) for code, _ in pay.implied
        }
        # the registered rows stand first for the implied ones of their own day, then for
        # those without a day, then for the others
        implied = sorted(
            pay.implied,
            key=lambda o: 0 if o[1] in already[o[0]] else 1 if o[1] is None else 2,
        )
        for code, day in implied:
            if already[code]:
                mine = day if day in already[code] else already[code][0]
                already[code].remove(mine)  # 过失登记 registers this one
                continue
            held = catalogue.held.get(code)
            offence = catalogue.get(code) or BY_CODE[code]
            seq += 1
            if day is None:
                source = f"考勤{att.month.year}年{att.month.month}月{code}"
                if code == "L07":
                    undated.add(seq)
            elif code == "L07":
                source = f"交接班记录{day:%Y-%m-%d}迟到{code}"
            else:
                source = f"请假登记{day:%Y-%m-%d}起旷工{code}"
                from_leave.add(seq)
            events.append(
                Event(
                    person=att.person,
                    day=day or last_day,
                    code=code,
                    tier=held.tier if held else offence.tier,
                    seq=seq,
                    source=source,
                    held=held,
                )
            )
    return events, from_leave, undated


def p06_undated_lates(
    decisions: list[Decision],
    undated: set[int],
    pays: list[MonthPay],
    people: dict[str, RosterPerson],
    settings: Settings,
    t: Table | None,
) -> Iterator[Finding]:
    """P06.undated (warning) on a 考勤 row whose lates have no day (no handover log dates
    them): they stand at the month's end, and where a sanction on file expires within the
    month and the month's sanctions or fines would differ with the lates at its start, the
    row names that sanction — the day decides (clerk6 #8: the second oral's 20)."""
    if t is None:
        return
    rows = {(p.attendance.person, p.attendance.month): p.attendance.row for p in pays}
    by_month: dict[tuple[str, date], list[Decision]] = defaultdict(list)
    for d in decisions:
        if d.event.seq in undated and d.event.day is not None:
            by_month[d.event.person, month_start(d.event.day)].append(d)
    for (person, month), lates in by_month.items():
        row = rows.get((person, month))
        mine = [d for d in decisions if d.event.person == person]
        expiring = [
            d
            for d in mine
            if d.sanction is not None
            and d.valid_until is not None
            and month <= d.valid_until < month_span(month)[1]
        ]
        if row is None or not expiring:
            continue
        early = [replace(d.event, day=month) if d in lates else d.event for d in mine]
        again = decide(early, people, settings)
        if _outcome(again, month) == _outcome(mine, month):
            continue
        first = expiring[0]
        yield t.find(
            "P06.undated",
            row,
            "late",
            count=len(lates),
            sanction=first.sanction,
            day=first.event.day,
            until=first.valid_until,
        )


def _outcome(decisions: list[Decision], month: date) -> list[tuple[str, Decimal | None]]:
    """The month's sanctions and fines, in order: what a late's day may change."""
    return sorted(
        (str(d.sanction), d.fine)
        for d in decisions
        if d.event.day is not None and month_start(d.event.day) == month
    )


def _pays(
    months: dict[tuple[str, date], MonthAttendance],
    people: dict[str, RosterPerson],
    ctx: Context,
) -> list[MonthPay]:
    absent: dict[str, dict[date, Decimal | int]] = defaultdict(dict)
    for (key, month), att in months.items():
        absent[key][month] = att.absent_days
    working: dict[date, int] = {}
    pays = []
    for (key, month), att in sorted(months.items()):
        before = sum(absent[key].get(add_months(month, -n), 0) for n in range(1, 12))
        if month not in working:
            working[month] = month_working_days(month, ctx.calendar)
        person = people.get(key)
        pay = month_pay(att, person, ctx.settings, working[month], before)
        if person is not None and not person.on_roster:
            pay.problems.append("不在员工名单")
        pays.append(pay)
    return pays


def p07_over_pay(
    pays: Iterable[MonthPay], decisions: Iterable[Decision], people: Mapping[str, RosterPerson]
) -> list[tuple[MonthPay, Decimal, Decimal]]:
    """Months whose deductions — late fines, absence, 事假, 病假 and the cuts of 严重警告/留察 —
    come to more than the person's pay (基本工资 + 岗位津贴 + 月奖金): SPEC's steps do not stop
    at the pay, and negative pay is a question for a person, not a figure for finance. Fines
    (罚款: amounts owed by a money rule, 通报批评) are left out: they are owed whatever the pay.
    Each such month gets a problem (its amounts are 不完整). Returns (month, deductions, pay)."""
    cuts: dict[tuple[str, date], Decimal] = defaultdict(Decimal)
    for d in decisions:
        if d.cut_each is not None:
            for month in d.cut_months:
                cuts[d.event.person, month] += d.cut_each
    over = []
    for pay in pays:
        att = pay.attendance
        person = people.get(att.person)
        parts = (pay.late_fine, pay.absence, pay.personal, pay.sick)
        if person is None or person.base is None or any(p is None for p in parts):
            continue
        taken = sum((p for p in parts if p is not None), cuts[att.person, att.month])
        earned = monthly_pay(person)
        if taken > earned:
            over.append((pay, fen(taken), fen(earned)))
            pay.problems.append(f"扣款共{fen(taken)}元，超过当月工资{fen(earned)}元，请核对")
    return over


def _month_cell(
    pay: MonthPay, ledger: Ledger, tables: Mapping[str, Table], column: str
) -> tuple[Table, int, str] | None:
    """Where a finding on a person's month goes: their 考勤 row of the month, else their 员工
    row (a month that only the leave register gives)."""
    att = pay.attendance
    person = ledger.people.get(att.person)
    if att.row is not None and ATTENDANCE.name in tables:
        return tables[ATTENDANCE.name], att.row, column
    if person is not None and person.row is not None and ROSTER.name in tables:
        return tables[ROSTER.name], person.row, "name"
    return None


def pay_findings(
    ledger: Ledger, tables: Mapping[str, Table], over: Iterable[tuple[MonthPay, Decimal, Decimal]]
) -> Iterator[Finding]:
    """P07.over_pay and P09.cap, each on the person's month (`_month_cell`)."""
    for pay, taken, earned in over:
        month = month_label(pay.attendance.month)
        if (cell := _month_cell(pay, ledger, tables, "month")) is not None:
            t, i, column = cell
            yield t.find("P07.over_pay", i, column, month=month, value=taken, pay=earned)
    for pay in ledger.pays:
        if pay.sick_capped is None:
            continue
        month = month_label(pay.attendance.month)
        if (cell := _month_cell(pay, ledger, tables, "sick_leave")) is not None:
            t, i, column = cell
            yield t.find("P09.cap", i, column, month=month, value=pay.sick_capped, cap=pay.sick)


def _offence_findings(t: Table, ledger: Ledger) -> Iterator[Finding]:
    amounts, appeals = t.col("amount"), t.col("appeal_result")
    for i, d in ledger.row_decisions.items():
        event = d.event
        amount = amounts[i]
        if event.money_rule and amount is not None and amount > ABSURD_AMOUNT:
            yield t.find("P03.amount", i, "amount", value=fen(amount))
        if d.order_ignored and d.sanction is not None:
            yield t.find("P01.order", i, "order", value=event.order, what=d.sanction)
        if d.order_overtaken:
            yield t.find("P01.overtaken", i, "order", value=event.order, what=d.sanction)
        if event.appeal.kind is Appeal.UNREAD:
            yield t.find("V45", i, "appeal_result", value=appeals[i])
        if amount is not None and event.code == "L33" and amount >= LOSS_SERIOUS:
            yield t.find("P01.amount", i, "amount", value=fen(amount), code="S23")
        if amount is not None and event.code == "S23" and LOSS_MINOR <= amount < LOSS_SERIOUS:
            yield t.find("P01.amount", i, "amount", value=fen(amount), code="L33")


GENERAL_MANAGER = "总经理"


class ApprovalGap(StrEnum):
    """V46: how a sanction's 批准人 falls short of what its rank asks — what the findings say
    and what 月处罚汇总 lists as approvals missing (V46_MESSAGES gives each its message; the
    registry makes MISSING, SELF and RANK errors, the others warnings: the roster cannot tell)."""

    MISSING = "无批准人"
    SELF = "本人批准"
    RANK = "批准人非总经理"
    UNREGISTERED = "过失登记无此条，无批准人"
    UNKNOWN = "批准人不在员工名单（待核）"
    NO_POST = "员工名单无岗位（待核）"
    UNSURE = "批准人同名或无岗位（待核）"
    CONSENT = "批准人未写姓名（待核）"


def v46_gaps(t: Table, ledger: Ledger, staff: Staff) -> dict[int, ApprovalGap]:
    """V46 (004 六): 书面/通报批评 need a 批准人; 严重警告, 留察 and 开除 one whose 岗位 on the
    roster is 总经理. 批准人 typed as the title itself (总经理, 总经理王强) is the 总经理. Where the
    roster cannot tell (no 岗位, the approver not on it, namesakes of different posts) the gap
    says so, never a guess. Returns 过失登记 row index -> the gap, for the rows that have one."""
    approvers = t.col("approver")
    posts_known = any(p.post for p in staff.people.values())
    gaps: dict[int, ApprovalGap] = {}
    for i, d in sorted(ledger.row_decisions.items()):
        sanction = d.sanction
        if sanction is None or LEVEL[sanction] == 0:
            continue
        who = approvers[i]
        written = None if blank_marker(who) else approver_text(who)
        if written is None or written is ApproverText.DATE:
            gaps[i] = ApprovalGap.MISSING  # a date names no approver at all
            continue
        person = ledger.people.get(d.event.person)
        if person is not None and squeeze(who) == squeeze(person.name):
            gaps[i] = ApprovalGap.SELF  # approval is someone else's (004 六)
            continue
        if LEVEL[sanction] < 2 or GENERAL_MANAGER in squeeze(who):
            continue
        if written is ApproverText.CONSENT:  # someone approved, but who cannot be checked
            gaps[i] = ApprovalGap.CONSENT
            continue
        keys = staff.by_name.get(squeeze(who), ())
        posts = {squeeze(staff.people[k].post or "") for k in keys}
        if posts == {GENERAL_MANAGER}:
            continue
        if not keys:
            gaps[i] = ApprovalGap.UNKNOWN
        elif not posts_known:
            gaps[i] = ApprovalGap.NO_POST
        elif GENERAL_MANAGER in posts or "" in posts:
            gaps[i] = ApprovalGap.UNSURE
        else:
            gaps[i] = ApprovalGap.RANK
    return gaps


def unregistered(d: Decision) -> bool:
    """V46 for a sanction that 考勤 or 请假登记 implies (旷工 → S01/M01/D01, lates → L07 that
    escalate): it has no 过失登记 row, so no 批准人, and it awaits approval like a registered
    one without — until the offence is registered there with its 批准人 (a registered row of
    the same code and month takes the implied one's place, `_implied_events`)."""
    return d.event.row is None and d.sanction is not None and LEVEL[d.sanction] >= 1


def v46_implied(
    ledger: Ledger,
    tables: Mapping[str, Table],
    months: Mapping[tuple[str, date], MonthAttendance],
    leave: LeaveBook | None,
) -> Iterator[Finding]:
    """V46's warning for each such sanction, on the row it comes from: the 请假登记 request,
    else the person's 考勤 row of the month, else their 员工 row (lates from a handover log
    alone)."""
    for d in ledger.decisions:
        if not unregistered(d):
            continue
        event = d.event
        assert d.sanction is not None and event.day is not None  # implied: always dated
        params: dict[str, Any] = {
            "what": d.sanction,
            "source": event.source,
            "code": event.code,
            "need": GENERAL_MANAGER if LEVEL[d.sanction] >= 2 else "批准人",
        }
        request = None
        if leave is not None and event.seq in ledger.leave_events:
            request = next(
                (r for r in leave.requests if r.person == event.person and r.first == event.day),
                None,
            )
        att = months.get((event.person, month_start(event.day)))
        person = ledger.people.get(event.person)
        if request is not None:
            yield tables[LEAVE.name].find("V46.implied", request.index, "start", **params)
        elif att is not None and att.row is not None:
            column = "late" if event.code == "L07" else "absent_days"
            yield tables[ATTENDANCE.name].find("V46.implied", att.row, column, **params)
        elif person is not None and person.row is not None:
            yield tables[ROSTER.name].find("V46.implied", person.row, "name", **params)


V46_MESSAGES = {
    ApprovalGap.MISSING: "V46.missing",
    ApprovalGap.SELF: "V46.self",
    ApprovalGap.RANK: "V46.rank",
    ApprovalGap.UNKNOWN: "V46.unknown",
    ApprovalGap.NO_POST: "V46.no_post",
    ApprovalGap.UNSURE: "V46.unsure",
    ApprovalGap.CONSENT: "V46.consent",
}


def v46_approval(t: Table, ledger: Ledger, staff: Staff) -> Iterator[Finding]:
    """V46's findings, one per gap."""
    approvers = t.col("approver")
    for i, gap in sorted(ledger.approval_gaps.items()):
        sanction = ledger.row_decisions[i].sanction
        assert sanction is not None
        who = approvers[i]
        params: dict[str, Any] = {"what": sanction, "value": who}
        if gap is ApprovalGap.MISSING:
            params["need"] = GENERAL_MANAGER if LEVEL[sanction] >= 2 else "批准人"
        if gap is ApprovalGap.RANK:
            keys = staff.by_name.get(squeeze(who), ())
            params["post"] = "、".join(sorted(staff.people[k].post or "" for k in keys))
        yield t.find(V46_MESSAGES[gap], i, "approver", **params)


def v47_signed(t: Table, ledger: Ledger) -> Iterator[Finding]:
    """V47 (004 八.1): a sanction whose record the person has not signed (a blank marker such
    as / or 无 is no signature)."""
    signed = t.col("signed")
    for i, d in sorted(ledger.row_decisions.items()):
        if d.sanction is not None and blank_marker(signed[i]):
            yield t.find("V47", i, "signed", what=d.sanction)


def late_findings(t: Table, lates: HandoverLates, staff: Staff) -> Iterator[Finding]:
    """The handover logs' late arrivals as 员工 sees them: a name namesakes share (V44.late)
    or one not on the roster (V40.late) charged to no one; a name with its 工号 charged to
    that person (V44.late_id). Each month's count separately."""
    for name_key, by_month in lates.namesakes.items():
        people = [staff.people[k] for k in staff.by_name[squeeze(name_key)]]
        first, ids = people[0], ids_of(people)
        assert first.row is not None
        for month, count in sorted(by_month.items()):
            when = month_label(month)
            yield t.find("V44.late", first.row, "name", value=first.name, month=when, count=count, ids=ids)  # fmt: skip
    for name_key, (key, by_month) in lates.by_id.items():
        person = staff.people[key]
        assert person.row is not None
        sid, name = person.staff_id, person.name
        for month, count in sorted(by_month.items()):
            when = month_label(month)
            yield t.find("V44.late_id", person.row, "name", value=name_key, month=when, count=count, staff_id=sid, name=name)  # fmt: skip
    header = t.header("name")
    for name_key, by_month in sorted(lates.strangers.items()):
        for month, count in sorted(by_month.items()):
            when = month_label(month)
            yield finding("V40.late", t.sheet, 0, header, value=name_key, month=when, count=count)


def _roster_findings(t: Table, ledger: Ledger, staff: Staff) -> Iterator[Finding]:
    cap = ledger.settings.allowance_cap
    if cap is not None:
        for i, allowance in t.valid("allowance"):
            if allowance > cap:
                yield t.find("V48", i, "allowance", value=fen(allowance), cap=cap)
    yield from late_findings(t, ledger.lates, staff)
    needy = {d.event.person for d in ledger.decisions if not d.cut_known}
    needy |= {
        p.attendance.person
        for p in ledger.pays
        if p.attendance.absent_days or p.attendance.personal or p.attendance.sick
    }
    for person in ledger.people.values():
        if person.on_roster and person.base is None and person.row is not None:
            if person.row in t.invalid.get("base_pay", ()):
                continue  # R02 already names the cell
            # an error only where the missing pay is needed this month
            if person.row in staff.zero_base:
                key = "P07.zero" if person.key in needy else "P07.zero_unused"
            else:
                key = "P07" if person.key in needy else "P07.unused"
            yield t.find(key, person.row, "base_pay", name=person.name)


def penalty_ledger(
    tables: Mapping[str, Table],
    ctx: Context,
    lates: Mapping[str, Mapping[date, Sequence[date]]] | None = None,
) -> Ledger:
    """Compute a 处罚汇总表: `tables` by schema sheet name; `lates` are H01 late arrivals from
    handover logs, receiver's name (as written; compared squeezed) -> month -> the day of
    each."""
    roster_t = tables.get(ROSTER.name)
    offences_t = tables.get(OFFENCES.name)
    attendance_t = tables.get(ATTENDANCE.name)
    catalogue_t = tables.get(CATALOGUE_SHEET.name)
    roster = Roster.from_table(roster_t) if roster_t is not None else None
    staff = Staff.from_table(roster_t)
    catalogue = catalogue_from_table(catalogue_t)
    people = dict(staff.people)

    events: list[Event] = []
    row_problems: dict[int, list[str]] = {}
    registered: dict[tuple[str, date, str], list[date | None]] = defaultdict(list)
    copies = offence_copies(offences_t) if offences_t is not None else {}
    if offences_t is not None:
        today = ctx.as_of.date()
        events, row_problems = _offence_events(offences_t, staff, catalogue, people, today, copies)
        for e in events:
            if e.day is not None and not e.void:
                registered[e.person, month_start(e.day), e.code].append(e.day)
    attendance = (
        _attendance_months(attendance_t, staff, people, ctx)
        if attendance_t is not None
        else Checked({})
    )
    months = attendance.value
    attendance_found = attendance.findings
    handover_lates = _add_handover_lates(months, lates or {}, staff)
    if attendance_t is not None:
        attendance_found += p06_late_differences(months, attendance_t)
    _add_registered_l07(months, registered)
    leave_t = tables.get(LEAVE.name)
    leave = None
    if leave_t is not None:
        leave = _leave(leave_t, staff, people, ctx)
        if attendance_t is not None:
            attendance_found += q07_differences(months, leave.months, attendance_t)
        q07_merge(months, leave.months)
    pays = _pays(months, people, ctx)
    implied, from_leave, undated = _implied_events(pays, registered, catalogue)
    events += implied
    decisions = decide(events, people, ctx.settings)
    attendance_found += p06_undated_lates(
        decisions, undated, pays, people, ctx.settings, attendance_t
    )

    row_decisions: dict[int, Decision] = {}
    uncertain: dict[str, date] = {}
    for d in decisions:
        if d.event.row is not None:
            row_decisions[d.event.row] = d
            d.problems += row_problems.get(d.event.row, [])
        if d.event.tier is None or d.event.day is None:
            day = d.event.day or date.min
            uncertain[d.event.person] = min(day, uncertain.get(d.event.person, date.max))
    unassigned = _unassigned((offences_t, attendance_t, leave_t), handover_lates.namesakes, staff)
    ledger = Ledger(ctx.settings, people, decisions, pays, row_decisions, uncertain, unassigned)
    ledger.leave_events = from_leave
    registers = (offences_t, attendance_t, leave_t)
    ledger.held = _held(registers, handover_lates.namesakes, staff) + _undated(registers, staff)
    employment_found, outside = v40_employment(tables, people, events, leave, months)
    ledger.held += outside
    ledger.lates = handover_lates
    person_month_found = list(v46_implied(ledger, tables, months, leave))
    person_month_found += pay_findings(ledger, tables, p07_over_pay(pays, decisions, people))
    person_month_found += employment_found

    if roster_t is not None:
        found = [
            *r01_required(roster_t),
            *_roster_findings(roster_t, ledger, staff),
            *v44_roster(roster_t, staff),
            *(f for f in person_month_found if f.sheet == roster_t.sheet),
        ]
        ledger.results.append(SheetResult(roster_t, found))
    if catalogue_t is not None:
        result = SheetResult.checked(catalogue_t, r01_required)
        result.findings += catalogue.findings
        result.findings += v41_implied(catalogue_t, catalogue, implied)
        ledger.results.append(result)
    if offences_t is not None:
        result = _person_sheet(offences_t, roster, staff)
        result.findings += v40_on_leave(offences_t, events, leave, leave_t)
        result.findings += v41_code(offences_t, catalogue)
        result.findings += v42_amount(offences_t, catalogue)
        result.findings += v43_appeal(offences_t, ctx.settings.appeal_days)
        result.findings += p05_later(offences_t, ctx.as_of.date())
        result.findings += p04_dated_before(offences_t)
        result.findings += p01_copies(offences_t, copies)
        result.findings += _offence_findings(offences_t, ledger)
        ledger.approval_gaps = v46_gaps(offences_t, ledger, staff)
        ledger.upheld = upheld_appeals(offences_t, decisions)
        result.findings += v46_approval(offences_t, ledger, staff)
        result.findings += v47_signed(offences_t, ledger)
        result.findings += (f for f in person_month_found if f.sheet == offences_t.sheet)
        result.computed = offence_columns(offences_t, ledger, catalogue)
        ledger.results.append(result)
    if attendance_t is not None:
        result = _person_sheet(attendance_t, roster, staff)
        result.findings += attendance_found
        result.findings += (f for f in person_month_found if f.sheet == attendance_t.sheet)
        ledger.results.append(result)
    if leave_t is not None and leave is not None:
        ledger.leave = leave.months
        ledger.late_notes = [
            (r.person, r.first, r.note_due, r.index)
            for r in leave.requests
            if r.note_due is not None
        ]
        ledger.later_runs = [
            (r.person, r.first, r.absent_run, later)
            for r in leave.requests
            if r.absent_run and (later := r.absent_after(month_start(r.first)))
        ]
        result = _person_sheet(leave_t, roster, staff)
        result.findings += leave.findings
        result.findings += (f for f in person_month_found if f.sheet == leave_t.sheet)
        result.computed = leave.computed
        ledger.results.append(result)
    return ledger


def _person_sheet(t: Table, roster: Roster | None, staff: Staff) -> SheetResult:
    """The checks every sheet that names people shares: R01, V40 against the roster, V44."""
    result = SheetResult.checked(t, r01_required)
    if roster is not None:
        result.findings += v40_person(t, roster, staff.shared_ids)
    result.findings += v44_namesakes(t, staff)
    return result


def _leave(t: Table, staff: Staff, people: dict[str, RosterPerson], ctx: Context) -> LeaveBook:
    """请假登记 counted (Q01–Q05); people it names who are not on the roster join `people`."""
    ids, names = t.col("staff_id"), t.col("name")
    keys: list[str | None] = []
    applicants: list[str | None] = []  # Q04.self: the person's name, as the roster gives it
    doubts: dict[int, str] = {}
    for i in range(len(t)):
        key = staff.key_of(ids[i], names[i])
        applicants.append(None)
        if key is not None:
            person = people.setdefault(key, staff.person(key, ids[i], names[i]))
            applicants[i] = squeeze(person.name)
            if (problem := staff.row_problem(t, i, key)) is not None:
                doubts[i] = problem
        keys.append(key)
    posts = {
        name: tuple(staff.people[k].post for k in found) for name, found in staff.by_name.items()
    }
    # a hospital note dated after the reference time has not come yet as of then (R06.done):
    # a sheet made again for an earlier month reads the note as pending, not late
    notes = not_yet(t, ctx, "note_on")
    t = replace(t, cols={**t.cols, **notes.value})
    counted = leave_book(
        t, keys, posts, ctx.calendar, ctx.settings, ctx.as_of.date(), doubts, applicants
    )
    counted.findings += notes.findings
    return counted


# Q07: 考勤's typed figure and the register's, by MonthAttendance field
MERGED = (
    ("personal", "personal_leave", Counted.PERSONAL),
    ("sick", "sick_leave", Counted.SICK),
    ("absent_days", "absent_days", Counted.ABSENT),
)


def q07_differences(
    months: Mapping[tuple[str, date], MonthAttendance],
    leave: Mapping[tuple[str, date], LeaveMonth],
    t: Table,
) -> Iterator[Finding]:
    """Q07: a warning on the 考勤 cell whose typed days differ from the register's, naming
    both and the larger, which counts (`q07_merge`)."""
    for key, lm in sorted(leave.items()):
        att = months.get(key)
        if att is None or att.row is None:
            continue
        for _, column, counted in MERGED:
            derived = lm.of(counted)
            cell = t.col(column)[att.row]
            if cell is not None and cell != derived:
                yield t.find(
                    "Q07",
                    att.row,
                    column,
                    what=str(counted),
                    typed=cell,
                    derived=f"{derived.normalize():f}",
                    used=f"{max(Decimal(cell), derived).normalize():f}",
                )


def q07_merge(
    months: dict[tuple[str, date], MonthAttendance],
    leave: Mapping[tuple[str, date], LeaveMonth],
) -> None:
    """Q07: each person's month takes the larger of 考勤's typed days and the register's;
    when the register's 旷工 is the larger (or equal), its runs decide the absence offences
    (Q06)."""
    for key, lm in sorted(leave.items()):
        att = months.get(key)
        if att is None:
            att = months[key] = MonthAttendance(*key)
        typed_absent = att.absent_days
        att.problems += lm.problems
        for field_name, _, counted in MERGED:
            derived = lm.of(counted)
            if derived > getattr(att, field_name):
                setattr(att, field_name, derived)
        absent = lm.of(Counted.ABSENT)
        if (absent or lm.runs) and absent >= typed_absent:
            att.leave_runs = list(lm.runs)


def offence_columns(t: Table, ledger: Ledger, catalogue: Catalogue) -> dict[str, list[Any]]:
    """过失登记's computed columns: 过失等级, 处分, 罚款, 扣薪, 有效期至, 累计."""
    tiers: list[Any] = []
    sanctions: list[Any] = []
    fines: list[Any] = []
    cuts: list[Any] = []
    until: list[Any] = []
    running: list[Any] = []
    for i, code in enumerate(t.col("code")):
        tier = catalogue.tier(normal_code(code)) if code else None
        tiers.append(str(tier) if tier else "")
        d = ledger.row_decisions.get(i)
        if d is None:
            sanctions.append("")
            fines.append(None)
            cuts.append(None)
            until.append(None)
            running.append("")
            continue
        sanctions.append(str(d.sanction) if d.sanction else ("已撤销" if d.event.void else ""))
        fines.append(d.fine or None)
        cuts.append(d.cut or None)
        until.append(d.valid_until)
        running.append(d.running)
    return {
        "tier": tiers,
        "sanction": sanctions,
        "fine": fines,
        "cut": cuts,
        "valid_until": until,
        "running": running,
    }


def evaluate(
    tables: Mapping[str, Table],
    ctx: Context,
    lates: Mapping[str, Mapping[date, Sequence[date]]] | None = None,
) -> list[SheetResult]:
    """The 处罚汇总表's sheets' findings and computed columns."""
    return penalty_ledger(tables, ctx, lates).results
