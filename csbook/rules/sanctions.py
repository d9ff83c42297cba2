"""Sanctions with history (SPEC §3.5 P01–P05): each offence's sanction, fine and salary cut,
decided per person in date order. Pure: the roster, the catalogue, the settings and the
offence list in; one `Decision` per offence out, each able to say why.

Readings of the source [004 第5篇 五–九] where SPEC leaves room (as staff would expect):

* A sanction is valid on a day up to and including its 有效期至: criticisms (口头/书面/通报)
  for `criticism_valid_days` counted from the day it was issued — 签发日期, else 通知日期, else
  the offence date (issued 2025-11-03 → valid to 2026-11-02, gone on 2026-11-03); 严重警告 and
  留察 to the contract end on the roster (for ever when the roster gives none, or one past).
* Escalation (P02) counts the valid sanctions of the same level that no earlier escalation
  has used up, this offence included: the 3rd oral becomes a 书面批评, the 2nd criticism
  (书面 or 通报) a 严重警告, the 2nd 严重警告/留察 the dismissal level. The sanctions counted
  are used up and the offence carries the higher sanction, which then counts at its own level
  (the cascade: a 3rd oral that is also the 2nd criticism becomes a 严重警告).
* The dismissal level (a 开除情况 code, or two serious warnings) is 开除 when 处分要求 says 开除
  or the person is on a valid 留察; otherwise 留察 when 处分要求 says 留察 or under
  `probation_first` ("一般先给予留察"). A person on a valid 留察 whose new offence is of 严重
  tier or above is 开除 ("经留查无改过者，予以开除") — with or without `probation_first`: that is
  what 留察 means in the source. A minor offence on 留察 is an oral as usual.
* Money follows the final sanction only: the 2nd valid oral's `oral_fine_second` is for a
  row that stays a 口头批评 (a 3rd oral that became a 书面批评 pays no oral fine); 通报
  批评's `notice_fine` is for a row whose final sanction is 通报批评 (a 通报 that cascades into
  a 严重警告 carries the cut, not the fine).
* 处分要求 通报 turns the row's criticism into 通报批评 (also when orals escalate into it). An
  order that does not fit the final sanction is ignored with a P01 warning; one that
  escalation has gone past (通报 ordered, 严重警告 reached) is reported as overtaken.
* 严重警告 cuts `warning_cut` of 基本工资 + 岗位津贴 in the offence month and the next
  (`warning_cut_months`); 留察 cuts `probation_cut` for `probation_months`. 扣薪 on the row is
  the cut over all its months.
* Money-rule codes (2x/1x) add 2× or 1× 涉及金额 to the row's 罚款, whatever the sanction.
* P05: 申诉结果 upheld voids the row (no sanction, no money, counts for nothing); rejected or
  withdrawn keeps it; 改为 X replaces the row's sanction by X as decided (no escalation from it:
  the appeal decided the form), X going on file and paying X's money. Text P05 cannot read
  keeps the sanction (V45).
* P11: an offence dated in a `record_only_months` month gets its sanction and counts for
  escalation, but its row is fined and cut nothing — money-rule amounts included ("仅制表未
  处罚"). Cuts still running from an earlier month's 严重警告 are not the month's offences and
  run on.
* A person dismissed (开除) has no pay after the month of the dismissal: the months a 严重警告
  or 留察 would still cut after it are not cut (`Decision.cut_stopped`), and the row and the
  next month's 月处罚汇总 say so.
* Every figure is exact Decimal until it is shown, then rounded to the fen once, half-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .catalogue import Tier
from .catalogue_sheet import Held
from .months import add_months, month_label, month_start
from .settings import Settings
from .text import blank_marker, squeeze

FEN = Decimal("0.01")


def fen(amount: Decimal) -> Decimal:
    """Round to the fen, half-up: done once, on the figure that is shown or paid."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


class Sanction(StrEnum):
    ORAL = "口头批评"
    WRITTEN = "书面批评"
    NOTICE = "通报批评"
    WARNING = "严重警告"
    PROBATION = "留察"
    DISMISSAL = "开除"


# escalation levels: 0 oral, 1 criticism, 2 serious warning, 3 dismissal
LEVEL = {
    Sanction.ORAL: 0,
    Sanction.WRITTEN: 1,
    Sanction.NOTICE: 1,
    Sanction.WARNING: 2,
    Sanction.PROBATION: 2,
    Sanction.DISMISSAL: 3,
}
# how many valid sanctions of a level (this one included) make the next level
ESCALATE_AT = (3, 2, 2)

NOTICE_ORDER, PROBATION_ORDER, DISMISSAL_ORDER = "通报", "留察", "开除"
ORDER_LEVEL = {NOTICE_ORDER: 1, PROBATION_ORDER: 2, DISMISSAL_ORDER: 3}


class Appeal(StrEnum):
    """P05: what a 申诉结果 says."""

    NONE = "无申诉结果"
    UPHELD = "申诉成立"
    REJECTED = "申诉驳回"
    WITHDRAWN = "申诉撤回"
    CHANGED = "改判"
    UNREAD = "无法识别"


@dataclass(frozen=True)
class AppealOutcome:
    kind: Appeal = Appeal.NONE
    to: Sanction | None = None  # the sanction it was changed to (CHANGED)


NO_APPEAL = AppealOutcome()
# what the 累计 column says of an appeal that leaves the sanction standing
KEPT_WORDS = {
    Appeal.REJECTED: "申诉驳回，维持原处分",
    Appeal.WITHDRAWN: "申诉已撤回，维持原处分",
    Appeal.UNREAD: "申诉结果无法识别，按原处分计算",
}
# negations first: they win over the word they negate (不予撤销 is a rejection)
_REJECTED = (
    "驳回", "不成立", "未成立", "维持", "不予", "未予", "不同意", "不撤销", "未撤销", "不撤消",
    "未撤消", "不免除", "未免除", "不取消", "未取消",
)  # fmt: skip
_UPHELD = ("成立", "撤销", "撤消", "取消", "免除", "免予", "免于")
# the person takes the appeal back (撤销申诉 is not 撤销处分): the sanction stands
_APPEAL_WITHDRAWN = re.compile(r"(撤回|撤销|撤消|取消|放弃)(本人的?)?申诉")
_CHANGED = re.compile(r"(?:改判?为|降为)[：:\s]*([^，,。;；、\s]+)")
_SANCTION_WORDS = (
    ("口头", Sanction.ORAL),
    ("书面", Sanction.WRITTEN),
    ("通报", Sanction.NOTICE),
    ("严重警告", Sanction.WARNING),
    ("警告", Sanction.WARNING),
    ("留察", Sanction.PROBATION),
    ("留用察看", Sanction.PROBATION),
    ("留厂察看", Sanction.PROBATION),
    ("留职察看", Sanction.PROBATION),
    ("开除", Sanction.DISMISSAL),
)


def p05_appeal(appeal_result: str | None) -> AppealOutcome:
    """P05: read a 申诉结果. 改为 X (降为 X) names the new sanction; 部分成立 or 改为 without
    an X is UNREAD; 撤回 or 撤销申诉 (the appeal withdrawn) keeps the sanction; a negation
    rejects; 成立 / 撤销 / 取消 / 免除 void it; anything else is UNREAD.
    撤回处分 is UNREAD: 撤回 is the appeal withdrawn, 处分 reads as the sanction revoked — no
    guess between them."""
    text = squeeze(appeal_result or "")
    if blank_marker(text):
        return NO_APPEAL
    changed = _CHANGED.search(text)
    if changed:
        to = next((s for word, s in _SANCTION_WORDS if changed[1].startswith(word)), None)
        return AppealOutcome(Appeal.CHANGED, to) if to else AppealOutcome(Appeal.UNREAD)
    if "部分" in text or "改为" in text:  # partly upheld, but to what is not said
        return AppealOutcome(Appeal.UNREAD)
    if _APPEAL_WITHDRAWN.search(text):
        return AppealOutcome(Appeal.WITHDRAWN)
    if any(word in text for word in _REJECTED):
        return AppealOutcome(Appeal.REJECTED)
    if "撤回" in text:
        return AppealOutcome(Appeal.UNREAD if "处分" in text else Appeal.WITHDRAWN)
    if any(word in text for word in _UPHELD):
        return AppealOutcome(Appeal.UPHELD)
    return AppealOutcome(Appeal.UNREAD)


@dataclass(frozen=True)
class RosterPerson:
    """What the rules need of one person on the roster (or named on a register only)."""

    key: str  # "#" + staff number; a roster row without one: its squeezed name
    name: str
    staff_id: str | None = None
    post: str | None = None  # 岗位 (V46: who may approve)
    base: Decimal | None = None  # 基本工资; None when the roster leaves it empty
    allowance: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    contract_end: date | None = None
    hired_on: date | None = None  # 入职日期
    on_roster: bool = True
    row: int | None = None  # index in the 员工 table

    @property
    def cut_base(self) -> Decimal | None:
        """基本工资 + 岗位津贴: what 严重警告 and 留察 cut."""
        return None if self.base is None else self.base + self.allowance


@dataclass(frozen=True)
class Event:
    """One offence: a 过失登记 row, or one implied by attendance (P06)."""

    person: str  # Person.key
    day: date | None  # None: the date could not be read
    code: str
    tier: Tier | None  # None: the code is not in the catalogue
    seq: int  # order among events of the same day (Excel row order; implied ones last)
    money_rule: str = ""
    amount: Decimal | None = None
    amount_ok: bool = True  # False: the money rule needs an amount it cannot use
    held: Held | None = None  # 过失目录 cannot decide its code (tier None: nor its sanction)
    order: str | None = None  # 处分要求: 通报 / 留察 / 开除
    appeal: AppealOutcome = NO_APPEAL  # P05
    issued: date | None = None  # 签发日期, else 通知日期: P04 counts validity from it
    row: int | None = None  # index in the 过失登记 table; None for an implied offence
    source: str = ""  # where an implied offence comes from, e.g. 考勤

    @property
    def void(self) -> bool:
        """Withdrawn on appeal (P05): counts for nothing."""
        return self.appeal.kind is Appeal.UPHELD


@dataclass
class Record:
    """A sanction on a person's file."""

    sanction: Sanction
    day: date
    until: date | None  # last day it counts; None: no end known
    used: bool = False

    def valid_on(self, day: date) -> bool:
        return self.until is None or day <= self.until


@dataclass
class Decision:
    event: Event
    sanction: Sanction | None = None
    fine: Decimal | None = None  # rounded; None when it cannot be computed
    cut_months: list[date] = field(default_factory=list)  # months a 严重警告 / 留察 cuts
    cut_each: Decimal | None = Decimal(0)  # the cut in each, rounded; None: no base salary
    valid_until: date | None = None
    counts: tuple[int, int, int] = (0, 0, 0)  # valid unused oral / criticism / warning after it
    why: str = ""
    problems: list[str] = field(default_factory=list)  # why its money is incomplete
    order_ignored: bool = False
    order_overtaken: bool = False  # escalation went past the ordered form
    record_only: bool = False  # P11: a record-only month, nothing fined or cut
    # P11: what the row would have been fined and cut over all its months (None: unknown)
    waived_fine: Decimal | None = Decimal(0)
    waived_cut: Decimal | None = Decimal(0)
    # the months a cut does not run because the person was dismissed on `dismissed_on`
    cut_stopped: list[date] = field(default_factory=list)
    dismissed_on: date | None = None

    @property
    def cut_known(self) -> bool:
        return self.cut_each is not None

    @property
    def cut(self) -> Decimal | None:
        """The cut over all its months."""
        if self.cut_each is None:
            return None
        return self.cut_each * len(self.cut_months)

    def cut_in(self, month: date) -> Decimal | None:
        if month not in self.cut_months:
            return Decimal(0)
        return self.cut_each

    @property
    def running(self) -> str:
        """The 累计 column: why, then the valid sanctions on file after this one."""
        if self.sanction is None:
            return self.why
        oral, criticism, warning = self.counts
        tail = f"现有效：口头{oral}、批评{criticism}、警告{warning}"
        return f"{self.why}；{tail}" if self.why else tail


def p01_sanction(tier: Tier, order: str | None) -> Sanction:
    """P01: the tier's sanction (通报 / 留察 when 处分要求 says so)."""
    if tier is Tier.MINOR:
        return Sanction.ORAL
    if tier is Tier.SERIOUS:
        return Sanction.NOTICE if order == NOTICE_ORDER else Sanction.WRITTEN
    if tier is Tier.MAJOR:
        return Sanction.WARNING
    return Sanction.PROBATION if order == PROBATION_ORDER else Sanction.DISMISSAL


def p04_valid_until(
    sanction: Sanction, issued: date, settings: Settings, contract_end: date | None
) -> date | None:
    """P04: criticisms for `criticism_valid_days` from the day issued (the last valid day is
    shown); 严重警告 and 留察 while the contract runs; 开除 has no validity."""
    level = LEVEL[sanction]
    if level <= 1:
        return issued + timedelta(days=settings.criticism_valid_days - 1)
    if level == 2 and contract_end is not None and contract_end >= issued:
        return contract_end
    return None


def on_probation(file: list[Record], day: date) -> bool:
    """A 留察 on file still valid on `day` (used up by an escalation or not)."""
    return any(r.sanction is Sanction.PROBATION and r.valid_on(day) for r in file)


def _dismissal(probation: bool, order: str | None, probation_first: bool) -> Sanction:
    """P01: what the dismissal level is for this person and order."""
    if probation or order == DISMISSAL_ORDER:
        return Sanction.DISMISSAL
    if order == PROBATION_ORDER or probation_first:
        return Sanction.PROBATION
    return Sanction.DISMISSAL


def p02_escalate(
    file: list[Record], tier: Tier, day: date, order: str | None, probation_first: bool
) -> tuple[Sanction, list[str], int]:
    """P01 and P02: the tier's sanction escalated against the valid, unused sanctions on
    `file` (marking the ones it uses up). Returns the final sanction, the steps in words and,
    for an oral that stays one, its rank among the valid orals (2 → the second oral's fine)."""
    probation = on_probation(file, day)
    if probation and tier is not Tier.MINOR:
        return Sanction.DISMISSAL, [f"留察期内再犯{tier} → 开除"], 0
    first = p01_sanction(tier, order)
    if LEVEL[first] == 3 or first is Sanction.PROBATION:
        final = _dismissal(probation, order, probation_first)
        return final, [f"{Tier.DISMISSAL} → {final}"], 0
    sanction: Sanction = first
    steps: list[str] = []
    while True:
        level = LEVEL[sanction]
        same = [r for r in file if not r.used and LEVEL[r.sanction] == level and r.valid_on(day)]
        n = len(same) + 1
        if n < ESCALATE_AT[level]:
            if not steps:  # after an escalation the arrow says it all
                steps.append(f"第{n}次有效{sanction}")
            return sanction, steps, n if level == 0 else 0
        for r in same:
            r.used = True
        if level == 0:
            higher = Sanction.NOTICE if order == NOTICE_ORDER else Sanction.WRITTEN
        elif level == 1:
            higher = Sanction.WARNING
        else:
            higher = _dismissal(probation, order, probation_first)
        steps.append(f"第{n}次有效{sanction} → {higher}")
        sanction = higher
        if LEVEL[sanction] == 3 or sanction is Sanction.PROBATION:
            return sanction, steps, 0


def p05_changed(file: list[Record], to: Sanction, day: date) -> tuple[list[str], int]:
    """P05: a sanction changed on appeal stands as decided; an oral's rank still counts for
    the second oral's fine."""
    if to is not Sanction.ORAL:
        return [f"申诉改为{to}"], 0
    rank = 1 + sum(1 for r in file if not r.used and LEVEL[r.sanction] == 0 and r.valid_on(day))
    return [f"申诉改为{to}（第{rank}次有效口头批评）"], rank


def p03_fine(
    sanction: Sanction, oral_rank: int, event: Event, settings: Settings
) -> tuple[Decimal | None, list[str]]:
    """P03: the 2nd valid oral's fine, 通报批评's fine, and the code's money rule."""
    parts: list[str] = []
    fine = Decimal(0)
    if sanction is Sanction.ORAL and oral_rank == 2 and settings.oral_fine_second:
        fine += settings.oral_fine_second
        parts.append(f"第二次口头批评罚款{fen(settings.oral_fine_second)}元")
    if sanction is Sanction.NOTICE and settings.notice_fine:
        fine += settings.notice_fine
        parts.append(f"通报批评罚款{fen(settings.notice_fine)}元")
    if event.held is not None:  # the tier is known, the money rule is not
        parts.append(event.held.problem)
        return None, parts
    if event.money_rule:
        if event.amount is None or not event.amount_ok:
            parts.append("涉及金额缺失或有误，按金额的罚款无法计算")
            return None, parts
        times = 2 if event.money_rule == "2x" else 1
        extra = event.amount * times
        fine += extra
        word = "罚款" if times == 2 else "赔偿"
        parts.append(f"按涉及金额{times}倍{word}{fen(extra)}元")
    return fen(fine), parts


def p03_cuts(
    sanction: Sanction, day: date, person: RosterPerson | None, settings: Settings
) -> tuple[list[date], Decimal | None, list[str]]:
    """P03: 严重警告 / 留察 cut base + allowance in the offence month and the next ones.
    Returns (the months, the cut in each — None without a base salary, words)."""
    if sanction is Sanction.WARNING:
        rate, count = settings.warning_cut, settings.warning_cut_months
    elif sanction is Sanction.PROBATION:
        rate, count = settings.probation_cut, settings.probation_months
    else:
        return [], Decimal(0), []
    months = [add_months(month_start(day), n) for n in range(count)]
    shown = "、".join(month_label(m) for m in months)
    pct = f"{(rate * 100).normalize():f}%"
    base = person.cut_base if person is not None else None
    if base is None:
        return months, None, [f"应减底薪和岗位津贴{pct}（{shown}），员工表无基本工资，无法计算"]
    each = fen(base * rate)
    return months, each, [f"减底薪和岗位津贴{pct}：{shown}各{each}元"]


def _counts(file: list[Record], day: date) -> tuple[int, int, int]:
    found = [0, 0, 0]
    for r in file:
        level = LEVEL[r.sanction]
        if level < 3 and not r.used and r.valid_on(day):
            found[level] += 1
    return found[0], found[1], found[2]


def _fitting_order(order: str | None, sanction: Sanction) -> bool:
    if order == NOTICE_ORDER:
        return sanction is Sanction.NOTICE
    if order == PROBATION_ORDER:  # 开除 when already on 留察 is the order carried through
        return sanction in (Sanction.PROBATION, Sanction.DISMISSAL)
    if order == DISMISSAL_ORDER:
        return sanction is Sanction.DISMISSAL
    return True


def decide_person(
    events: list[Event], person: RosterPerson | None, settings: Settings
) -> list[Decision]:
    """One person's offences, in date order, each decided against the file so far."""
    contract_end = person.contract_end if person is not None else None
    record_only = set(settings.record_only_months)
    file: list[Record] = []
    decisions = []
    dated = sorted((e for e in events if e.day is not None), key=lambda e: (e.day, e.seq))
    for event in dated:
        day = event.day
        assert day is not None
        d = Decision(event)
        decisions.append(d)
        if event.tier is None:
            d.problems.append(
                event.held.problem
                if event.held is not None
                else f"过失代码{event.code}不在过失目录中，无法确定处分"
            )
            continue
        if event.void:
            d.why = "申诉成立，处分已撤销，不计入"
            d.fine = Decimal(0)
            continue
        if event.appeal.to is not None:
            final = event.appeal.to
            steps, oral_rank = p05_changed(file, final, day)
        else:
            final, steps, oral_rank = p02_escalate(
                file, event.tier, day, event.order, settings.probation_first
            )
        d.sanction = final
        d.valid_until = p04_valid_until(final, event.issued or day, settings, contract_end)
        if LEVEL[final] < 3 or final is Sanction.PROBATION:
            file.append(Record(final, day, d.valid_until))
        if event.order and event.appeal.to is None and not _fitting_order(event.order, final):
            d.order_overtaken = LEVEL[final] > ORDER_LEVEL[event.order]
            d.order_ignored = not d.order_overtaken
        words = ["，".join(steps)]
        if event.appeal.kind in KEPT_WORDS:
            words.append(KEPT_WORDS[event.appeal.kind])
        if event.source:
            words.insert(0, event.source)
        d.counts = _counts(file, day)
        fine, fine_words = p03_fine(final, oral_rank, event, settings)
        cut_months, cut_each, cut_words = p03_cuts(final, day, person, settings)
        if month_start(day) in record_only:
            d.record_only = True
            d.fine = Decimal(0)
            d.waived_fine = fine
            d.waived_cut = None if cut_each is None else cut_each * len(cut_months)
            words.append(f"{month_label(day)}为仅记录月份：不罚款、不扣薪")
            waived = [*fine_words, *cut_words]
            if waived:
                words.append("免：" + "，".join(waived))
            d.why = "；".join(words)
            continue
        d.fine, d.cut_months, d.cut_each = fine, cut_months, cut_each
        if d.fine is None:
            d.problems.append(
                event.held.problem
                if event.held is not None
                else f"{event.code}按金额处罚，涉及金额缺失或有误"
            )
        if not d.cut_known:
            d.problems.append(f"{final}扣薪：员工表无基本工资")
        d.why = "；".join([*words, *fine_words, *cut_words])
    _stop_cuts_at_dismissal(decisions)
    for event in events:
        if event.day is None:
            d = Decision(event)
            d.problems.append("过失日期无法识别，无法排序和确定处分")
            decisions.append(d)
    return decisions


def _stop_cuts_at_dismissal(decisions: list[Decision]) -> None:
    """After the month of a person's first 开除 there is no salary to cut: the months of a
    严重警告 or 留察 cut after it are dropped, and the row says so."""
    dismissed = next((d.event.day for d in decisions if d.sanction is Sanction.DISMISSAL), None)
    if dismissed is None:
        return
    for d in decisions:
        later = [m for m in d.cut_months if m > month_start(dismissed)]
        if not later:
            continue
        d.cut_months = [m for m in d.cut_months if m not in later]
        d.cut_stopped, d.dismissed_on = later, dismissed
        stopped = "、".join(month_label(m) for m in later)
        d.why += f"；{dismissed:%Y-%m-%d}已开除，{stopped}不再扣薪"


def decide(
    events: Iterable[Event], people: dict[str, RosterPerson], settings: Settings
) -> list[Decision]:
    """Every event's decision, person by person (the order of `events` is not kept)."""
    by_person: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_person[event.person].append(event)
    decisions: list[Decision] = []
    for key, own in by_person.items():
        decisions += decide_person(own, people.get(key), settings)
    return decisions
