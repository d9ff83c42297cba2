"""投诉: C03 — per grade and reply, per responsible unit (ranked), per channel and category,
and the lists of overdue replies and of 重复/恶性 complaints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..complaints import Grade
from ..deadlines import ReplyStatus
from ..report import Chart, Fmt, ReportSheet, ReportTable
from ..schema import CHANNELS
from .sheet_common import flag, positive, sheet_subtitle, sheet_title
from .tallies import BranchFigures, Figures, rank_of, share


def complaints_sheet(f: Figures) -> ReportSheet:
    """投诉: C03's counts, unit ranking and lists."""
    bs = list(f.branches.values())
    units = f.units
    ranks = rank_of(units)
    per_unit = ReportTable(
        caption="各责任单位（C03；有业务量时按每千件投诉率排名，最差在前）",
        header=["分公司", "责任单位", "投诉件数", "重复", "恶性", "业务量", "每千件投诉", "排名"],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.DECIMAL, Fmt.INT],
        rows=[
            [u.branch, u.name, u.complaints, u.repeat, u.severe, u.volume, u.rate, rank]
            for u, rank in zip(units, ranks, strict=True)
        ],
        keys=2,
    )
    flag(per_unit, positive(per_unit.at("恶性")))
    per_unit.flagged += [
        (r, per_unit.at("每千件投诉")) for r, rank in enumerate(ranks) if rank == 1
    ]
    # per branch: complaints, the three grades, then 按时, 超时, 待回复, 已超期未回复
    counts = [
        [
            b.complaints,
            b.grades[Grade.ORDINARY],
            b.grades[Grade.REPEAT],
            b.grades[Grade.SEVERE],
            b.replies[ReplyStatus.ON_TIME],
            b.replies[ReplyStatus.LATE],
            b.replies[ReplyStatus.PENDING],
            b.replies[ReplyStatus.OVERDUE],
        ]
        for b in bs
    ]
    grade_rows = [
        [b.name, *c, share(c[4], c[4] + c[5] + c[7])] for b, c in zip(bs, counts, strict=True)
    ]
    grades = ReportTable(
        caption="投诉等级与首次回复",
        header=[
            "分公司",
            "投诉件数",
            "一般",
            "重复",
            "恶性",
            "按时回复",
            "超时回复",
            "待回复",
            "已超期未回复",
            "按时回复率",
        ],
        formats=[Fmt.TEXT] + [Fmt.INT] * 8 + [Fmt.PERCENT],
        rows=grade_rows,
        keys=1,
    )
    sums = [sum(c[i] for c in counts) for i in range(8)]
    grades.total_row = ["合计", *sums, share(sums[4], sums[4] + sums[5] + sums[7])]
    flag(grades, positive(*map(grades.at, ("恶性", "超时回复", "已超期未回复"))))

    def breakdown(
        caption: str,
        label: str,
        counts: Callable[[BranchFigures], Counter[str]],
        order: Callable[[BranchFigures], list[str]],
    ) -> ReportTable:
        rows = []
        for b in bs:
            c = counts(b)
            known = [k for k in order(b) if c.get(k)]
            for key in known + sorted(k for k in c if k not in known):
                rows.append([b.name, key, c[key], share(c[key], b.complaints)])
        return ReportTable(
            caption=caption,
            header=["分公司", label, "件数", "占比"],
            formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.PERCENT],
            rows=rows,
        )

    channels = breakdown("各渠道", "渠道", lambda b: b.channels, lambda b: list(CHANNELS))
    categories = breakdown("各类别", "投诉类别", lambda b: b.categories, lambda b: b.category_order)
    overdue = ReportTable(
        caption=f"回复超期（{f.period.this}超时回复的，和至今仍未回复且已超期的）",
        header=[
            "分公司",
            "投诉编号",
            "受理时间",
            "客户",
            "责任单位",
            "首问负责人",
            "回复期限",
            "首次回复时间",
            "回复状态",
            "来源",
        ],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,  # a date-time a reader can sort and filter; 24:00 shows as 23:59
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=f.overdue_replies,
        keys=4,
    )
    overdue.flagged = [
        (r, 8) for r, row in enumerate(f.overdue_replies) if row[8] == ReplyStatus.OVERDUE
    ]
    repeats = ReportTable(
        caption="重复和恶性投诉",
        header=[
            "分公司",
            "投诉编号",
            "受理时间",
            "客户",
            "投诉类别",
            "责任单位",
            "投诉等级",
            "回访次数",
            "回访结果",
            "来源",
        ],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.INT,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=f.repeats,
        keys=4,
    )
    repeats.flagged = [(r, 6) for r, row in enumerate(f.repeats) if row[6] == Grade.SEVERE]
    multi = len(bs) > 1
    return ReportSheet(
        name="投诉",
        title=sheet_title(f.period, "投诉情况"),
        subtitle=sheet_subtitle(f),
        blocks=[grades, per_unit, channels, categories, overdue, repeats],
        charts=[
            Chart(
                kind="column",
                title="各分公司投诉等级",
                table=0,
                categories=0,
                values=[2, 3, 4],
                y_title="件",
            ),
            Chart(
                kind="bar",
                title="各责任单位投诉件数",
                table=1,
                categories=0 if multi else 1,
                categories_to=1 if multi else None,
                values=[2],
                y_title="件",
            ),
        ],
        charts_below=True,
        generated=f.as_of,
    )
