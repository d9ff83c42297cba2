"""The period's tallies per agent, responsible unit, person and branch, and the units'
ranking (C03)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from ..periods import Period, PeriodKind
from ..text import squeeze
from .listings import (
    ClientOpinions,
    HandoverGap,
    OverdueFollowup,
    OverdueReply,
    SeriousComplaint,
)

UNFILLED = "（未填）"


def share(n: float, d: float) -> float | None:
    """n / d, or None (a blank cell, never 0 %) when d is 0."""
    return n / d if d else None


def followups_below(x: Agent | BranchFigures, target: float | None) -> float | None:
    """V03: an agent's or a branch's 复访率 when it misses `target`, else None (also when no
    follow-up was due or there is no target)."""
    rate = share(x.followups_on_time, x.followups_due)
    return rate if rate is not None and target is not None and rate < target else None


@dataclass
class Agent:
    branch: str
    name: str
    target: float = 0  # V01: the monthly target scaled to the period
    visits: int = 0
    signed: int = 0
    followups_due: int = 0  # resolved problems whose follow-up is due (V03's denominator)
    followups_on_time: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    rated: int = 0
    satisfied: int = 0
    # (month, squeezed 客户单位) visited: a client counts once in each month of the period
    clients: set[tuple[date, str]] = field(default_factory=set)
    counts_clients: bool = True  # V01 counts distinct clients (`visits_target_counts`)
    # the staff numbers of the people on the roster who share this name (V12.namesake): the
    # register cannot tell their visits apart, so no verdict on the target
    namesakes: tuple[str, ...] = ()
    per_month: float = 0  # V01's monthly target
    # a quarter's or a year's months whose target counts for her here (`in_branch_months`):
    # None for a week or a month (the period is one)
    months: list[date] | None = None
    # begun months of the period she made no visit here but some under her name in another
    # branch's register: taken as a move or help out, not held against her here (said)
    away: list[date] = field(default_factory=list)
    days: set[date] = field(default_factory=set)  # her visit days here, up to the period's end

    @property
    def counted(self) -> int:
        """V01: what the period's target is measured in (clients: each month's distinct
        clients, added up)."""
        return len(self.clients) if self.counts_clients else self.visits

    @property
    def under_target(self) -> bool:
        """V01 missed — never said of namesakes whose visits may be two people's."""
        return self.counted < self.target and not self.namesakes

    @property
    def unit(self) -> str:
        """What `counted` counts: 个 (clients) or 次 (visits)."""
        return CLIENTS_UNIT if self.counts_clients else "次"


# V01's unit when it counts distinct clients, and what the target's cell adds to say so
CLIENTS_UNIT = "个"
CLIENTS_NOTE = "按不同客户单位计"


def target_unit(agents: Iterable[Agent]) -> str:
    """The unit of the agents' V01 target: 次 when any of them counts visits."""
    return CLIENTS_UNIT if all(a.counts_clients for a in agents) else "次"


@dataclass
class UnitTally:
    branch: str
    name: str
    complaints: int = 0
    repeat: int = 0
    severe: int = 0
    volume: int | None = None

    @property
    def rate(self) -> float | None:
        return self.complaints * 1000 / self.volume if self.volume else None


@dataclass
class HandoverPerson:
    branch: str
    name: str
    shifts: int = 0
    on_time: int = 0
    fine: int = 0  # 偏晚
    late: int = 0
    unsigned: int = 0
    gaps: int = 0
    days: set[date] = field(default_factory=set)
    reviewed_days: int | None = None  # None: the log has no 主管审阅 column
    namesakes: tuple[str, ...] = ()  # as `Agent.namesakes` (V12.namesake_log)


def away_note(agents: Iterable[Agent], period: Period) -> list[str]:
    """The line naming the agents whose months here without a visit, at work under their name
    in another branch's register, are not held against their target (`Agent.away`)."""
    said = []
    for a in agents:
        if not a.away:
            continue
        when = (
            "、".join(f"{m.month}月" for m in a.away)
            if period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
            else period.this
        )
        said.append(f"{a.name}（{a.branch}）{when}")
    if not said:
        return []
    return [
        f"※ {'；'.join(said)}在本分公司没有回访、在其他分公司的回访登记中有同名回访人的回访："
        "按调动或支援处理，这些月份不计入其在本分公司的目标（若是同名的另一人，请核对）。"
    ]


# what a summary says of a name several people on the roster share (V12.namesake)
NAMESAKES_CONCERN = "同名待核"


def namesakes_note(people: Iterable[Agent | HandoverPerson], what: str) -> list[str]:
    """The line under a table naming its namesakes: the roster's people one row stands for."""
    named = [f"{p.name}（{len(p.namesakes)}人：工号 {'、'.join(p.namesakes)}）" for p in people]
    if not named:
        return []
    return [
        f"※ {NAMESAKES_CONCERN}：{'、'.join(named)}在员工名单中同名，登记只写姓名，"
        f"{what}按一人统计、无法分开，标黄待核；请在登记中区分各人后重新统计。"
    ]


# an agent with a visit in this many days before the period and none in it is listed with 0
IDLE_AGENT_DAYS = 92

# a complaint of the period whose first reply's status cannot be worked out (its reply time
# unreadable, its year's holidays unknown): counted apart, never dropped from every status
REPLY_UNKNOWN = "状态未知"


@dataclass
class BranchFigures:
    name: str
    visits: int = 0
    signed: int = 0
    followups_due: int = 0
    followups_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    agents_under: int = 0
    complaints: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    replies: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    category_order: list[str] = field(default_factory=list)
    shifts: int = 0
    arrivals: Counter[str] = field(default_factory=Counter)
    unsigned: int = 0
    gap_rows: int = 0
    # shifts of the period without a handover row (H04, a run of them: each): (date, its
    # place among the day's shifts, name)
    missing: set[tuple[date, int, str]] = field(default_factory=set)
    log_days: set[date] = field(default_factory=set)
    reviewed: set[date] = field(default_factory=set)
    has_review: bool = False
    target: int | None = None
    followup_target: float | None = None
    installs: int = 0  # 安装回访 of the month with a readable 安装日期 (V13)
    installs_on_time: int = 0

    @property
    def due_days(self) -> set[date]:
        """The days the log should cover in the period: those with rows and those of its
        missing shifts (a whole day missing is a day the supervisor reviewed nothing)."""
        return self.log_days | {day for day, _, _ in self.missing}


@dataclass
class Figures:
    """Everything the sheets show, computed once."""

    period: Period
    as_of: datetime
    branches: dict[str, BranchFigures]  # squeezed branch -> figures, sorted by name
    agents: list[Agent]
    followup_overdue: list[OverdueFollowup]
    units: list[UnitTally]
    overdue_replies: list[OverdueReply]
    repeats: list[SeriousComplaint]
    people: list[HandoverPerson]
    gaps: list[HandoverGap]
    opinions: list[ClientOpinions]  # the clients short of their 意见征求
    levels: list[str]  # satisfaction levels, in scale order (several scales: first seen)
    empty: bool
    unknown_replies: list[OverdueReply] = field(default_factory=list)  # REPLY_UNKNOWN


def ranked(units: list[UnitTally]) -> list[UnitTally]:
    """Within each branch: units with a volume by rate, worst first; then the others by
    count, most first."""
    out: list[UnitTally] = []
    branches: dict[str, list[UnitTally]] = defaultdict(list)
    for u in units:
        branches[squeeze(u.branch)].append(u)
    for group in branches.values():
        rated = sorted((u for u in group if u.rate is not None), key=lambda u: -u.rate)  # type: ignore[operator]
        others = sorted((u for u in group if u.rate is None), key=lambda u: -u.complaints)
        out += rated + others
    return out


def rank_of(units: list[UnitTally]) -> list[int | None]:
    """1-based rank of each unit within its branch (None without a volume); equal rates
    share a rank."""
    ranks: list[int | None] = []
    seen: dict[str, list[float]] = defaultdict(list)
    for u in units:
        if u.rate is None:
            ranks.append(None)
            continue
        rates = seen[squeeze(u.branch)]
        rates.append(u.rate)
        ranks.append(sum(1 for r in rates if r > u.rate) + 1)
    return ranks
