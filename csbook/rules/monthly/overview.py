"""总览: notes on the inputs, the month's headline figures and what needs attention."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from ..complaints import Grade
from ..handover import Arrival
from ..overview_data import VALUE_HEADER, Concern, HeadlineFigure, OverviewSheet
from ..report import Fmt, ReportTable, percent_text
from ..text import display_width
from .parts import SourceRow, State
from .sheet_common import sheet_subtitle, sheet_title
from .tallies import UNFILLED, Figures, share

ZERO = "应为 0"
OVERVIEW_NAME = "总览"
HEADLINE_CAPTION = "主要指标"  # after the period's word: 本月主要指标, 本季度主要指标 ...
HEADLINE_HEADER = ("指标", VALUE_HEADER, "目标")
ATTENTION_HEADER = ("事项", "分公司", "数量", "明细")
DETAIL_WIDTH = 60  # display width of a 明细 cell: a little past its column (50), still legible
DETAIL_ITEMS = 8  # files named in one of 总览's notes before "等"


def _target_text(values: set[Any], show_value: Callable[[Any], str]) -> str:
    if not values:
        return ""
    if len(values) == 1:
        return show_value(next(iter(values)))
    return "按各分公司参数"


def headline(f: Figures, sources: list[SourceRow]) -> list[tuple[str, Any, Fmt, str, bool]]:
    """(指标, 数值, format, 目标, flagged) rows of 总览's first table."""
    bs = list(f.branches.values())
    total = sum
    visits = total(b.visits for b in bs)
    due = total(b.followups_due for b in bs)
    on_time = total(b.followups_on_time for b in bs)
    rate = share(on_time, due)
    targets = {b.target for b in bs if b.target is not None}
    followup_targets = {b.followup_target for b in bs if b.followup_target is not None}
    broken = sum(s.state in (State.INCOMPLETE, State.UNREADABLE) for s in sources)
    duplicates = sum(s.state is State.DUPLICATE for s in sources)
    under = total(b.agents_under for b in bs)
    log_days = total(len(b.log_days) for b in bs if b.has_review)
    reviewed = total(len(b.reviewed) for b in bs if b.has_review)
    grades = Counter[str]()
    for b in bs:
        grades.update(b.grades)
    late = total(b.arrivals[Arrival.LATE] for b in bs)
    gaps = total(b.gap_rows for b in bs)
    review_rate = share(reviewed, log_days)
    rows: list[tuple[str, Any, Fmt, str, bool]] = [
        ("分公司数", len(bs), Fmt.INT, "", False),
        ("回访次数", visits, Fmt.INT, "", False),
        ("回访人员", len(f.agents), Fmt.INT, "", False),
        (
            "回访未达标人数",
            under,
            Fmt.INT,
            _target_text(targets, f.period.target_text),
            under > 0,
        ),
        ("客户签字率", share(total(b.signed for b in bs), visits), Fmt.PERCENT, "", False),
        (
            "按期复访率",
            rate,
            Fmt.PERCENT,
            _target_text(followup_targets, lambda v: percent_text(v, 0)),
            rate is not None and any(rate < t for t in followup_targets),
        ),
        (
            "安装回访及时率",
            share(total(b.installs_on_time for b in bs), total(b.installs for b in bs)),
            Fmt.PERCENT,
            "",
            total(b.installs_on_time for b in bs) < total(b.installs for b in bs),
        ),
        (
            "客户满意率",
            share(total(b.satisfied for b in bs), total(b.rated for b in bs)),
            Fmt.PERCENT,
            "",
            False,
        ),
        ("复访超期", len(f.followup_overdue), Fmt.INT, ZERO, len(f.followup_overdue) > 0),
        ("投诉件数", total(b.complaints for b in bs), Fmt.INT, "", False),
        ("回复超期", len(f.overdue_replies), Fmt.INT, ZERO, len(f.overdue_replies) > 0),
        ("重复投诉", grades[Grade.REPEAT], Fmt.INT, "", grades[Grade.REPEAT] > 0),
        ("恶性投诉", grades[Grade.SEVERE], Fmt.INT, ZERO, grades[Grade.SEVERE] > 0),
        ("交接班次", total(b.shifts for b in bs), Fmt.INT, "", False),
        ("接班迟到", late, Fmt.INT, ZERO, late > 0),
        ("脱班", gaps, Fmt.INT, ZERO, gaps > 0),
        (
            "交接班主管审阅率",
            review_rate,
            Fmt.PERCENT,
            "每天审阅",
            review_rate is not None and review_rate < 1,
        ),
        ("未完成意见征求的客户", len(f.opinions), Fmt.INT, "", len(f.opinions) > 0),
        ("来源文件", len(sources), Fmt.INT, "", False),
        ("不完整或无法读取的文件", broken, Fmt.INT, ZERO, broken > 0),
        ("重复未计入的文件", duplicates, Fmt.INT, ZERO, duplicates > 0),
    ]
    return rows


def _items(values: list[str], total: int, sheet: str, prefix: str = "") -> str:
    """As many of `values` as fit DETAIL_WIDTH (at least one), then "等 N 项" and where the
    whole list is."""
    tail = f"（见“{sheet}”表）" if sheet else ""
    shown: list[str] = []
    for value in values:
        more = f" 等 {total} 项" if len(shown) + 1 < total else ""
        text = prefix + "、".join([*shown, value]) + more + tail
        if shown and display_width(text) > DETAIL_WIDTH:
            break
        shown.append(value)
    more = f" 等 {total} 项" if len(shown) < total else ""
    return prefix + "、".join(shown) + more + tail


def _attention(f: Figures, sources: list[SourceRow]) -> ReportTable:
    rows: list[list[Any]] = []

    def per_branch(
        what: str,
        items: list[list[Any]],
        label: Callable[[list[Any]], str],
        sheet: str,
        count: Callable[[list[Any]], int] = lambda r: 1,
        prefix: str = "",
    ) -> None:
        grouped: dict[str, list[list[Any]]] = defaultdict(list)
        for item in items:
            grouped[item[0]].append(item)
        for branch, group in grouped.items():
            n = sum(count(g) for g in group)
            labels = [label(g) for g in group]
            rows.append([what, branch, n, _items(labels, len(group), sheet, prefix)])

    # every figure the headline highlights, per branch, under the headline's own name
    per_branch(
        "回复超期", f.overdue_replies, lambda r: f"{r[1]}（{r[8]}）" if r[1] else r[-1], "投诉"
    )
    per_branch("复访超期", f.followup_overdue, lambda r: f"{r[2]} {r[1]:%m-%d}", "回访")
    under = [[a.branch, f"{a.name} {a.counted}/{a.target}"] for a in f.agents if a.under_target]
    per_branch("回访未达标人数", under, lambda r: r[1], "回访")
    slow = []
    for b in f.branches.values():
        rate = share(b.followups_on_time, b.followups_due)
        if rate is not None and b.followup_target is not None and rate < b.followup_target:
            slow.append(
                [b.name, f"{percent_text(rate)}（目标 {percent_text(b.followup_target, 0)}）"]
            )
    per_branch("按期复访率", slow, lambda r: r[1], "回访")
    late_installs = [
        [b.name, f"{b.installs_on_time}/{b.installs} 及时"]
        for b in f.branches.values()
        if b.installs_on_time < b.installs
    ]
    per_branch("安装回访及时率", late_installs, lambda r: r[1], "回访")
    for grade in (Grade.REPEAT, Grade.SEVERE):
        graded = [r for r in f.repeats if r[6] == grade]
        per_branch(f"{grade}投诉", graded, lambda r: str(r[1] or r[-1]), "投诉")
    late = [[p.branch, p.name, p.late] for p in f.people if p.late]
    per_branch("接班迟到", late, lambda r: f"{r[1]} {r[2]} 次", "交接班", lambda r: r[2])
    per_branch("脱班", f.gaps, lambda r: f"{r[1]:%m-%d}{r[2] or ''}", "交接班")
    unreviewed = [
        [b.name, day]
        for b in f.branches.values()
        if b.has_review
        for day in sorted(b.log_days - b.reviewed)
    ]
    per_branch(
        "交接班主管审阅率", unreviewed, lambda r: f"{r[1]:%m-%d}", "交接班", prefix="未审阅："
    )
    per_branch("未完成意见征求的客户", f.opinions, lambda r: str(r[1]), "意见征求")
    what = {
        State.INCOMPLETE: "文件不完整",
        State.UNREADABLE: "文件无法读取",
        State.DUPLICATE: "重复文件（未计入）",
        State.NO_ROWS: f"{f.period.this}无数据",
    }
    for s in sources:
        if s.state is not State.COMPLETE:
            rows.append([what[s.state], s.branch or UNFILLED, 1, f"{s.name}：{s.reason}"])
    table = ReportTable(
        caption="需要关注",
        header=list(ATTENTION_HEADER),
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.TEXT],
        rows=rows,
        empty_note=f"（{f.period.this}没有需要特别关注的事项）",
    )
    table.flagged = [(r, 2) for r in range(len(rows))]
    return table


def overview_sheet(f: Figures, sources: list[SourceRow]) -> tuple[OverviewSheet, list[Any]]:
    """总览 (with its figures and attention list as data), and its headline as (指标, 数值,
    format) rows."""
    notes: list[str] = []
    if not sources:
        notes.append("没有读到任何工作簿：本汇总为空。")
    elif f.empty:
        notes.append(
            f"{f.period.label}没有任何回访、投诉或交接班记录：以下各表均为空，这是一份空的汇总。"
        )
    broken = [s for s in sources if s.state in (State.INCOMPLETE, State.UNREADABLE)]
    if broken:
        notes.append(
            f"⚠ 本汇总不完整：{len(broken)} 个文件无法读取或缺少工作表/列"
            f"（{'、'.join(s.name for s in broken[:DETAIL_ITEMS])}"
            f"{' 等' if len(broken) > DETAIL_ITEMS else ''}），其数据未能全部计入，详见“来源”表。"
        )
    duplicates = [s for s in sources if s.state is State.DUPLICATE]
    if duplicates:
        notes.append(
            f"有 {len(duplicates)} 个文件与其他文件属于同一分公司、同一月份（"
            f"{'、'.join(s.name for s in duplicates[:DETAIL_ITEMS])}），未重复计入，详见“来源”表。"
        )
    rows = headline(f, sources)
    head = ReportTable(
        caption=f"{f.period.this}{HEADLINE_CAPTION}",
        header=list(HEADLINE_HEADER),
        formats=[Fmt.TEXT, Fmt.INT, Fmt.TEXT],
        rows=[[name, value, target] for name, value, _, target, _ in rows],
        cell_formats=[(r, 1, fmt) for r, (_, _, fmt, _, _) in enumerate(rows) if fmt != Fmt.INT],
        flagged=[(r, 1) for r, row in enumerate(rows) if row[4]],
    )
    attention = _attention(f, sources)
    sheet = OverviewSheet(
        name=OVERVIEW_NAME,
        title=sheet_title(f.period, f.period.summary_name),
        subtitle=sheet_subtitle(f),
        blocks=[*notes, head, attention],
        signatures=["制表：__________", "部门经理：__________", "分管领导：__________"],
        generated=f.as_of,
        landscape=False,
        headline=head,
        figures=[HeadlineFigure(*row) for row in rows],
        attention=[Concern(*row) for row in attention.rows],
        quiet=attention.empty_note,
    )
    return sheet, [(name, value, fmt) for name, value, fmt, _, _ in rows]
