"""The period's figures counted from the parts (SPEC §4).

Which rows count for the period `P` (a week, month, quarter or year: first..last day):
- V01, V02, satisfaction: visits whose 回访日期 is in P, per (branch, 回访人), against the
  monthly target scaled to P (`Period.scaled_target`).
- V03: problems whose 解决日期 is in P. A follow-up not yet due as of the reference time
  (待复访) is left out; the others are due, and on time when 复访日期 ≤ 复访期限.
- V04: every client in the branch's registers up to P's last day; its 意见征求 visits are
  counted from 1 January of the year of P's last day to P's last day, against
  `opinion_per_year`.
- C03: complaints whose 受理时间 is in P. The overdue list also carries earlier complaints
  still without a reply (已超期未回复): nothing slips out of sight by turning a period.
- Handover: rows whose 日期 is in P; a person's shifts are the rows they took over (接班人).
- Attention: visits up to P's last day whose follow-up is overdue (复访超期).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from ..complaints import COPIED, Grade
from ..deadlines import ReplyStatus, cell_moment, day_of
from ..handover import (
    GAP_CAUSES,
    SHIFT_COPIES,
    Arrival,
    ShiftGap,
    charged_arrivals,
    signed_by_other,
)
from ..months import add_months, month_start
from ..periods import Period, PeriodKind
from ..roster_names import RosterNames
from ..schema import COMPLAINTS, HANDOVER, VISITS, VisitKind, YesNo
from ..table import Table
from ..text import names_in, person_name, squeeze
from ..visits import (
    FOLLOWUP_UNKNOWN,
    INSTALL,
    REPEATED,
    VisitStatus,
    not_the_clients,
    v13_install_due,
)
from .listings import (
    ClientOpinions,
    HandoverGap,
    OverdueFollowup,
    OverdueReply,
    SeriousComplaint,
)
from .parts import Part, SourceRow, dated_in
from .tallies import (
    IDLE_AGENT_DAYS,
    REPLY_UNKNOWN,
    UNFILLED,
    Agent,
    BranchFigures,
    Figures,
    HandoverPerson,
    UnitTally,
    ranked,
)


def _name(value: Any) -> str:
    return person_name(str(value)) if value is not None else UNFILLED


def _names(value: str | None) -> list[str]:
    """Whom a 回访人 cell names: a joint visit (王芳、李娜) counts for each of them."""
    return names_in(value) or [UNFILLED]


class _Keyed(dict[tuple[str, str], Any]):
    """Items by a (branch, squeezed name) key, created on first use, in first-seen order."""

    def __init__(self, make: Callable[[str, str], Any]) -> None:
        super().__init__()
        self._make = make

    def get_or_make(self, branch: str, name: str) -> Any:
        key = (squeeze(branch), squeeze(name))
        if key not in self:
            self[key] = self._make(branch, name)
        return self[key]


def _branch(figures: dict[str, BranchFigures], name: str) -> BranchFigures:
    key = squeeze(name)
    if key not in figures:
        figures[key] = BranchFigures(name)
    return figures[key]


def _where(part: Part, table: Table, i: int) -> str:
    return f"{part.name} 第{table.rows[i]}行"


def _visits(part: Part, f: Figures, agents: _Keyed, first: date, last: date) -> None:
    """V01 visits and V02 signatures per agent and branch, satisfaction, V03 follow-ups
    (due, on time), and the 复访超期 list."""
    s = part.settings
    b = _branch(f.branches, part.branch)
    b.target = s.visits_per_month if b.target is None else b.target
    b.followup_target = (
        float(s.followup_rate_target) if b.followup_target is None else b.followup_target
    )
    for level in s.satisfaction_scale:
        if level not in f.levels:
            f.levels.append(level)
    staff = part.tables[VISITS.name].col("staff")
    target = f.period.scaled_target(s.visits_per_month)

    named: dict[Any, list[Agent]] = {}  # a register repeats its few 回访人 cells

    def agents_of(i: int) -> list[Agent]:
        found = named.get(staff[i])
        if found is None:
            found = named[staff[i]] = [
                agents.get_or_make(part.branch, name) for name in _names(staff[i])
            ]
            for a in found:
                a.target, a.per_month = target, s.visits_per_month
                a.counts_clients = s.visits_target_counts == "clients"
        return found

    _count_visits(part, b, agents_of, first, last)
    # V01 is each agent's count against the target: an agent of this register who made no
    # visit in the period is its first concern, listed with 0 (not left out). Agents are
    # those with a visit in the quarter before: who has made none for longer has left.
    since = first - timedelta(days=IDLE_AGENT_DAYS)
    repeated = part.col(VISITS.name, REPEATED)
    for i, day in enumerate(part.tables[VISITS.name].col("visit_date")):
        if day is None or day_of(day) > last or repeated[i]:
            continue
        if day_of(day) >= since:
            for a in agents_of(i):
                a.days.add(day_of(day))
    _count_followups(part, b, agents_of, first, last, f.as_of.date())
    _list_overdue_followups(part, f, last)


def _count_visits(
    part: Part, b: BranchFigures, agents_of: Callable[[int], list[Agent]], first: date, last: date
) -> None:
    """V01, V02, 安装回访 (V13) and satisfaction of the period's visits. A joint visit is one
    visit of the branch, and one for each person who made it."""
    t = part.tables[VISITS.name]
    s = part.settings
    signed, rated, staff = t.col("signed_by"), t.col("satisfaction"), t.col("staff")
    clients, kinds, installed = t.col("client"), t.col("kind"), t.col("installed_on")
    repeated = part.col(VISITS.name, REPEATED)  # V01.copy: counted on the row it repeats
    for i, day in enumerate(t.col("visit_date")):
        if not dated_in(day, first, last) or repeated[i]:
            continue
        b.visits += 1
        # V02: signed by the client (V11.not_client: the agent's name, 代签, 电话确认 are not)
        by_client = signed[i] is not None and not_the_clients(signed[i], staff[i]) is None
        b.signed += by_client
        if kinds[i] == INSTALL and installed[i] is not None:
            b.installs += 1
            b.installs_on_time += day_of(day) <= v13_install_due(installed[i], s)
        if rated[i] is not None:
            b.rated += 1
            b.satisfied += rated[i] in s.satisfied_levels
        for a in agents_of(i):
            a.visits += 1
            a.signed += by_client
            if clients[i] is not None:  # once a month (the target is monthly): a quarter
                a.clients.add((month_start(day_of(day)), squeeze(clients[i])))  # adds months
            if rated[i] is not None:
                a.rated += 1
                a.levels[rated[i]] += 1
                a.satisfied += rated[i] in s.satisfied_levels


def _count_followups(
    part: Part,
    b: BranchFigures,
    agents_of: Callable[[int], list[Agent]],
    first: date,
    last: date,
    today: date,
) -> None:
    """V03: problems resolved in the period whose follow-up is due, and those on time."""
    t = part.tables[VISITS.name]
    followed = t.col("followup_on")
    due = part.col(VISITS.name, "followup_due")
    step = timedelta(days=part.settings.followup_days)
    repeated = part.col(VISITS.name, REPEATED)
    unknown = part.col(VISITS.name, FOLLOWUP_UNKNOWN)  # R02 / V10 on the row: skipped
    for i, done in enumerate(t.col("resolved_on")):
        if not dated_in(done, first, last) or repeated[i] or unknown[i]:
            continue
        deadline = due[i] if due[i] is not None else day_of(done) + step
        # a follow-up dated after the reference time has not happened yet (R06: such rows
        # are planned): as of then the problem waits for it, or is overdue
        followed_on = day_of(followed[i]) if followed[i] is not None else None
        if followed_on is not None and followed_on > today:
            followed_on = None
        if followed_on is None and today <= deadline:
            continue  # not yet due
        b.followups_due += 1
        on_time = followed_on is not None and followed_on <= deadline
        b.followups_on_time += on_time
        for a in agents_of(i):
            a.followups_due += 1
            a.followups_on_time += on_time


def _list_overdue_followups(part: Part, f: Figures, last: date) -> None:
    """复访超期: visits up to the period's last day whose follow-up is overdue."""
    t = part.tables[VISITS.name]
    days, staff = t.col("visit_date"), t.col("staff")
    due = part.col(VISITS.name, "followup_due")
    repeated = part.col(VISITS.name, REPEATED)
    for i, state in enumerate(part.col(VISITS.name, "status")):
        if (
            not repeated[i]
            and state == VisitStatus.FOLLOWUP_OVERDUE
            and days[i] is not None
            and day_of(days[i]) <= last
        ):
            f.followup_overdue.append(
                OverdueFollowup(
                    part.branch,
                    days[i],
                    t.col("client")[i],
                    "、".join(_names(staff[i])),
                    t.col("resolved_on")[i],
                    due[i],
                    _where(part, t, i),
                )
            )


def _listed(part: Part, t: Table, i: int) -> tuple[str, Any, Any, Any, str, str]:
    """What both complaint lists show of row `i` (`ListedComplaint`'s fields): 分公司, 投诉编号,
    受理时间, 客户, 责任单位 and where it was read."""
    return (
        part.branch,
        t.col("complaint_id")[i],
        t.col("received_at")[i],
        t.col("client")[i],
        _name(t.col("unit")[i]),
        _where(part, t, i),
    )


def _complaints(part: Part, f: Figures, units: _Keyed, first: date, last: date) -> None:
    """C03: the period's complaints per responsible unit, grade, reply status, channel and
    category, and the lists of overdue replies and of 重复/恶性 complaints."""
    t = part.tables[COMPLAINTS.name]
    s = part.settings
    b = _branch(f.branches, part.branch)
    for name in s.unit_volume:  # units with a volume rank even without a complaint
        units.get_or_make(part.branch, name)
    received = t.col("received_at")
    grades = part.col(COMPLAINTS.name, "grade")
    replies = part.col(COMPLAINTS.name, "reply_status")
    reply_due = part.col(COMPLAINTS.name, "reply_due")
    copied = part.col(COMPLAINTS.name, COPIED)  # V20.copy: counted on the row it copies
    unit_col = t.col("unit")
    channels, categories = t.col("channel"), t.col("category")
    for c in s.complaint_categories:
        if c not in b.category_order:
            b.category_order.append(c)
    for i, moment in enumerate(received):
        if moment is None or day_of(moment) > last or copied[i]:
            continue
        in_period = day_of(moment) >= first
        reply = replies[i] or ""
        if reply == ReplyStatus.OVERDUE or (in_period and reply == ReplyStatus.LATE):
            f.overdue_replies.append(
                OverdueReply(
                    *_listed(part, t, i),
                    owner=_name(t.col("owner")[i]),
                    reply_due=cell_moment(reply_due[i]) if reply_due[i] is not None else None,
                    replied=t.col("replied_at")[i],
                    status=reply,
                )
            )
        if not in_period:
            continue
        b.complaints += 1
        grade = grades[i] or Grade.ORDINARY
        b.grades[grade] += 1
        b.replies[reply or REPLY_UNKNOWN] += 1
        if not reply:
            f.unknown_replies.append(
                OverdueReply(
                    *_listed(part, t, i),
                    owner=_name(t.col("owner")[i]),
                    reply_due=None,
                    replied=t.col("replied_at")[i],
                    status=REPLY_UNKNOWN,
                )
            )
        b.channels[_name(channels[i])] += 1
        category = categories[i] if categories[i] is not None else "（未分类）"
        b.categories[category] += 1
        u = units.get_or_make(part.branch, _name(unit_col[i]))
        u.complaints += 1
        if grade == Grade.REPEAT:
            u.repeat += 1
        elif grade == Grade.SEVERE:
            u.severe += 1
        if grade in (Grade.REPEAT, Grade.SEVERE):
            f.repeats.append(
                SeriousComplaint(
                    *_listed(part, t, i),
                    category=category if categories[i] is not None else "",
                    grade=grade,
                    followups=t.col("followups")[i],
                    result=t.col("followup_result")[i],
                )
            )
    volumes = {squeeze(k): v for k, v in s.unit_volume.items()}
    for (branch_key, unit_key), u in units.items():
        if branch_key == squeeze(part.branch) and unit_key in volumes:
            u.volume = volumes[unit_key]


def _handover(part: Part, f: Figures, people: _Keyed, first: date, last: date) -> None:
    """Handover figures per branch and per 接班人: H01 arrivals, H02 missing signatures,
    脱班 (H03/H04) with the person responsible, days reviewed; and the 脱班 list."""
    t = part.tables[HANDOVER.name]
    b = _branch(f.branches, part.branch)
    days = t.col("date")
    givers, takers = t.col("from_staff"), t.col("to_staff")
    # H04: a copy of a shift's row counts once; rows of one shift that disagree leave its
    # arrival uncounted
    copies = part.col(HANDOVER.name, SHIFT_COPIES)
    arrivals = charged_arrivals(part.col(HANDOVER.name, "arrival_status"), copies)
    gaps = part.col(HANDOVER.name, "gap")
    reviewed = t.col("reviewed_by")
    has_review = t.has("reviewed_by")
    b.has_review = b.has_review or has_review
    reviewed_days = {day for i, day in enumerate(days) if day is not None and reviewed[i]}
    # H04's missing shifts of the period, whichever row (in the period or next to it) says so
    names = part.settings.shift_names
    b.missing.update(
        (day, names.index(name) if name in names else len(names), name)
        for causes in part.col(HANDOVER.name, GAP_CAUSES)
        for g in causes or ()
        for day, name in g.missing
        if first <= day <= last
    )
    touched: dict[int, HandoverPerson] = {}  # id -> person named on a row of the period
    for i, day in enumerate(days):
        if not dated_in(day, first, last) or (copies[i] is not None and not copies[i].counted):
            continue
        b.shifts += 1
        b.log_days.add(day)
        if day in reviewed_days:
            b.reviewed.add(day)
        giver = people.get_or_make(part.branch, _name(givers[i])) if givers[i] else None
        taker = people.get_or_make(part.branch, _name(takers[i])) if takers[i] else None
        touched.update((id(p), p) for p in (giver, taker) if p is not None)
        _count_arrival(b, taker, day, arrivals[i] or "")
        _count_signatures(t, i, b, giver, taker)
        if gaps[i] == YesNo.YES:
            _count_gap(part, f, i, b, giver, taker)
    if has_review:
        for p in touched.values():
            p.reviewed_days = (p.reviewed_days or 0) + len(p.days & reviewed_days)


def _count_arrival(b: BranchFigures, taker: HandoverPerson | None, day: date, state: str) -> None:
    """H01: the branch's arrivals, and the 接班人's shift and arrival."""
    if state:
        b.arrivals[state] += 1
    if taker is None:
        return
    taker.shifts += 1
    taker.days.add(day)
    if state == Arrival.ON_TIME:
        taker.on_time += 1
    elif state == Arrival.CUTTING_IT_FINE:
        taker.fine += 1
    elif state == Arrival.LATE:
        taker.late += 1


def _count_signatures(
    t: Table, i: int, b: BranchFigures, giver: HandoverPerson | None, taker: HandoverPerson | None
) -> None:
    """H02: a signature column the log has, left blank on row `i` or signed by someone else
    than the person it names (V32.mismatch): that person did not sign."""
    for key, name_key, person in (
        ("from_signed", "from_staff", giver),
        ("to_signed", "to_staff", taker),
    ):
        if not t.has(key):
            continue
        signed = t.col(key)[i]
        if signed is None or signed_by_other(t.col(name_key)[i], signed):
            b.unsigned += 1
            if person is not None:
                person.unsigned += 1


def _count_gap(
    part: Part,
    f: Figures,
    i: int,
    b: BranchFigures,
    giver: HandoverPerson | None,
    taker: HandoverPerson | None,
) -> None:
    """H03/H04: a 脱班 on row `i`, counted against whoever is responsible, and listed."""
    t = part.tables[HANDOVER.name]
    causes: tuple[ShiftGap, ...] = part.computed[HANDOVER.name][GAP_CAUSES][i]
    b.gap_rows += 1
    for role in sorted({g.responsible for g in causes}):
        person = giver if role == "from_staff" else taker
        if person is not None:
            person.gaps += 1
    f.gaps.append(
        HandoverGap(
            part.branch,
            t.col("date")[i],
            t.col("shift")[i],
            _name(t.col("from_staff")[i]),
            _name(t.col("to_staff")[i]),
            "；".join(dict.fromkeys(g.reason for g in causes)),
            _where(part, t, i),
        )
    )


def _opinions(visit_parts: list[Part], f: Figures) -> None:
    """V04: clients of each branch (those of its registers up to the year's last day counted,
    `Period.opinion_days`) still short of `opinion_per_year` 意见征求 visits."""
    clients: dict[tuple[str, str], ClientOpinions] = {}
    required: dict[str, int] = {}
    year_start, last = f.period.opinion_days
    for part in visit_parts:
        t = part.tables[VISITS.name]
        bkey = squeeze(part.branch)
        required[bkey] = max(required.get(bkey, 0), part.settings.opinion_per_year)
        days, names, kinds, staff = (
            t.col("visit_date"),
            t.col("client"),
            t.col("kind"),
            t.col("staff"),
        )
        for i, day in enumerate(days):
            if day is None or names[i] is None or day_of(day) > last:
                continue
            day = day_of(day)
            key = (bkey, squeeze(names[i]))
            c = clients.get(key)
            if c is None:
                c = clients[key] = ClientOpinions(part.branch, names[i])
            if day >= year_start:
                c.visits_this_year += 1
                if kinds[i] == VisitKind.OPINION:
                    c.opinions += 1
            if c.last_day is None or day >= c.last_day:
                c.last_day, c.last_staff = day, "、".join(_names(staff[i]))
                c.where = _where(part, t, i)
    for (bkey, _), c in sorted(clients.items(), key=lambda kv: (kv[0][0], kv[1].client)):
        c.required = required[bkey]
        if c.opinions < c.required:
            f.opinions.append(c)


def _in_branch_months(f: Figures) -> None:
    """V01's target of each agent of a quarter or a year: the monthly target for each month
    she is an agent of the branch — the months the month's own summary lists her in (a visit
    in the month, or in the IDLE_AGENT_DAYS before it: before she came or after she left, no
    target) — but a month she made none here and some under her name in another branch's
    register (`Agent.away`: a move or help out, said on the sheets; a namesake there would be
    excused wrongly, so the note asks to check). Months not yet begun count (the period's
    whole target). A week or a month is one unit: an agent idle here but at work elsewhere
    has a target of 0, said."""
    p, today = f.period, f.as_of.date()
    yearly = p.kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
    # of a week or a month only an idle agent is asked (a year's trend makes twelve month
    # figures, each would go over every agent's days in every branch again)
    asked = f.agents if yearly else [a for a in f.agents if not a.visits]
    names = {squeeze(a.name) for a in asked}
    worked: dict[str, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for a in f.agents:  # squeezed name -> squeezed branch -> the months of her visits there
        if (name := squeeze(a.name)) in names:
            worked[name][squeeze(a.branch)] |= {
                month_start(d) for d in a.days if p.first <= d <= p.last
            }
    for a in asked:
        branch = squeeze(a.branch)
        away = {m for b, months in worked[squeeze(a.name)].items() if b != branch for m in months}
        if not yearly:
            if away:
                a.target, a.away = 0, [p.first]
            continue
        a.months = []
        here = sorted(a.days)
        for m in p.months:
            seen = bisect_left(here, add_months(m, 1))  # her days here up to the month's end
            if m > today or (seen and here[seen - 1] >= m):
                a.months.append(m)
            elif seen and here[seen - 1] >= m - timedelta(days=IDLE_AGENT_DAYS):
                (a.away if m in away else a.months).append(m)
        a.target = Period.month(p.first).scaled_target(a.per_month * len(a.months))


def figures(
    parts: list[Part],
    sources: list[SourceRow],
    period: Period,
    as_of: datetime,
    opinions: bool = True,
    roster: RosterNames | None = None,
) -> Figures:
    """Every figure of the period from the counted parts (V04's list only with `opinions`:
    a quarter's or a year's months do without); an agent or a handover person whose name
    people on the `roster` share is marked with their staff numbers (V12.namesake)."""
    first, last = period.first, period.last
    f = Figures(period, as_of, {}, [], [], [], [], [], [], [], [], [], True)
    for source in sources:  # every branch with an input, read or not
        if source.branch:
            _branch(f.branches, source.branch)
    agents = _Keyed(lambda branch, name: Agent(branch, name))
    units = _Keyed(lambda branch, name: UnitTally(branch, name))
    people = _Keyed(lambda branch, name: HandoverPerson(branch, name))
    visit_parts = []
    for part in parts:
        if VISITS.name in part.tables:
            visit_parts.append(part)
            _visits(part, f, agents, first, last)
        if COMPLAINTS.name in part.tables:
            _complaints(part, f, units, first, last)
        if HANDOVER.name in part.tables:
            _handover(part, f, people, first, last)
    if opinions:
        _opinions(visit_parts, f)

    by_branch = {squeeze(b): n for n, b in enumerate(sorted(b.name for b in f.branches.values()))}
    f.branches = dict(sorted(f.branches.items(), key=lambda kv: by_branch[squeeze(kv[1].name)]))

    def order(item: Any) -> int:
        return by_branch[squeeze(item.branch)]

    f.agents = sorted(agents.values(), key=order)  # stable: first-seen order within a branch
    _in_branch_months(f)
    f.people = sorted(people.values(), key=order)
    shared = roster.shared if roster is not None else {}
    for a in f.agents:
        a.namesakes = shared.get(squeeze(a.name), ())
    for p in f.people:
        p.namesakes = shared.get(squeeze(p.name), ())
    for a in f.agents:
        if a.under_target:
            _branch(f.branches, a.branch).agents_under += 1
    f.units = ranked(sorted(units.values(), key=order))
    for rows in (
        f.followup_overdue,
        f.overdue_replies,
        f.unknown_replies,
        f.repeats,
        f.gaps,
        f.opinions,
    ):
        rows.sort(key=order)  # stable: file order within a branch
    f.empty = not any(b.visits or b.complaints or b.shifts for b in f.branches.values())
    return f
