"""rules.monthly on its own: tables built in memory, judged by the real rules, summarised.

The end-to-end figures (files, command line, workbook read back) are in test_summary.py;
these pin the definitions: which rows count for the month, duplicates, V03's denominator,
who is responsible for a 脱班, rankings, several branches with different settings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from csbook.rules.book import evaluate_book
from csbook.rules.calendar import WorkCalendar
from csbook.rules.context import Context
from csbook.rules.monthly import (
    Failed,
    Part,
    State,
    UnitTally,
    figures,
    period_rows,
    rank_of,
    sources_and_kept,
    summarise,
)
from csbook.rules.months import month_span
from csbook.rules.periods import Period
from csbook.rules.report import ReportTable
from csbook.rules.schema import COMPLAINTS, HANDOVER, VISITS, SheetSchema
from csbook.rules.settings import Settings
from csbook.rules.table import Table

AS_OF = datetime(2026, 11, 30, 23, 59, 59)
NOV = Period.month(date(2026, 11, 1))


def table(schema: SheetSchema, rows: list[dict[str, Any]]) -> Table:
    """A sheet as the reader hands it over: every input column present."""
    return Table(
        schema=schema,
        rows=list(range(2, len(rows) + 2)),
        cols={c.key: [r.get(c.key) for r in rows] for c in schema.columns},
    )


def part(
    name: str,
    branch: str,
    kind: str = "visits",
    settings: Settings | None = None,
    as_of: datetime = AS_OF,
    **sheets: list[dict[str, Any]],
) -> Part:
    settings = settings or Settings(branch=branch)
    schemas = {"visits": VISITS, "complaints": COMPLAINTS, "handover": HANDOVER}
    tables = {schemas[key].name: table(schemas[key], rows) for key, rows in sheets.items()}
    results = evaluate_book(tables, Context(settings, WorkCalendar({}), as_of))
    return Part(
        name=name,
        branch=branch,
        kind=kind,
        settings=settings,
        tables=tables,
        computed={r.table.schema.name: r.computed for r in results},
        findings=[f for r in results for f in r.findings],
    )


def visit(day: date, staff: str = "张伟", client: str = "客户A", **more: Any) -> dict[str, Any]:
    return {
        "visit_date": day,
        "client": client,
        "method": "电话",
        "kind": "定期回访",
        "staff": staff,
        **more,
    }


def blocks(sheet: Any) -> dict[str, ReportTable]:
    return {b.caption: b for b in sheet.blocks if isinstance(b, ReportTable)}


def test_month_span() -> None:
    assert month_span(date(2028, 2, 17)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_period_rows_counts_each_sheets_own_date() -> None:
    p = part(
        "a.xlsx",
        "甲",
        visits=[visit(date(2026, 11, 1)), visit(date(2026, 10, 31)), visit(date(2026, 11, 30))],
        complaints=[
            {"complaint_id": "1", "received_at": datetime(2026, 11, 30, 23, 0)},
            {"complaint_id": "2", "received_at": datetime(2026, 12, 1, 0, 0)},
        ],
    )
    assert period_rows(p, NOV) == 3


class TestDuplicates:
    def test_the_file_with_more_rows_of_the_month_counts(self) -> None:
        small = part("old.xlsx", "南京分公司", visits=[visit(date(2026, 11, 2))])
        big = part(
            "new.xlsx", "南京 分公司", visits=[visit(date(2026, 11, 2)), visit(date(2026, 11, 3))]
        )
        sources, kept = sources_and_kept([small, big], NOV)
        assert kept == [big]
        assert [s.state for s in sources] == [State.DUPLICATE, State.COMPLETE]
        assert sources[0].reason == (
            "南京分公司 2026年11月的回访登记表已按“new.xlsx”计入：本文件该月的 1 行都已在其中，未重复计入"
        )

    def test_a_tie_keeps_the_first_given(self) -> None:
        a = part("a.xlsx", "甲", visits=[visit(date(2026, 11, 2))])
        b = part("b.xlsx", "甲", visits=[visit(date(2026, 11, 2), resolved_on=date(2026, 11, 3))])
        assert sources_and_kept([a, b], NOV)[1] == [a]

    def test_each_agents_own_register_of_one_month_counts(self) -> None:
        # each visit to another client: identical rows would be one visit typed twice (V01.copy)
        wang = part(
            "王芳.xlsx",
            "甲",
            visits=[visit(date(2026, 11, 2), "王芳", f"客户{k}") for k in range(3)],
        )
        li = part(
            "李娜.xlsx",
            "甲",
            visits=[visit(date(2026, 11, 2), "李娜", f"客户{k}") for k in range(2)],
        )
        sources, kept = sources_and_kept([wang, li], NOV)
        assert kept == [wang, li]
        assert [s.state for s in sources] == [State.COMPLETE, State.COMPLETE]
        assert sources[1].beside == "王芳.xlsx"
        assert "记录互不相同（分别登记），均计入" in sources[1].reason
        assert figures(kept, sources, NOV, AS_OF).branches["甲"].visits == 5

    def test_a_partial_overlap_says_how_many_rows_are_left_out(self) -> None:
        one = part("a.xlsx", "甲", visits=[visit(date(2026, 11, d)) for d in (2, 3, 4)])
        other = part("b.xlsx", "甲", visits=[visit(date(2026, 11, d)) for d in (4, 5)])
        sources, kept = sources_and_kept([one, other], NOV)
        assert kept == [one]
        assert sources[1].state is State.DUPLICATE
        assert "本文件该月 2 行中 1 行与之相同，另 1 行未计入" in sources[1].reason

    def test_files_of_different_months_all_count_in_a_quarter(self) -> None:
        q4, end = Period.quarter(2026, 4), datetime(2026, 12, 31, 23)
        files = [
            part(
                f"{m}.xlsx",
                "甲",
                as_of=end,
                visits=[visit(date(2026, m, d)) for d in range(1, n + 1)],
            )
            for m, n in ((10, 12), (11, 4), (12, 3))
        ]
        # a cumulative register sent again in December: its October and November rows are
        # those of the first two files, counted once
        rows = [r for p in files for r in _visit_rows(p)]
        cumulative = part("all.xlsx", "甲", as_of=end, visits=[*rows, visit(date(2026, 12, 20))])
        sources, kept = sources_and_kept(files, q4)
        assert kept == files and {s.state for s in sources} == {State.COMPLETE}
        assert figures(kept, sources, q4, end).branches["甲"].visits == 19
        sources, kept = sources_and_kept([*files, cumulative], q4)
        assert kept == [cumulative]
        assert [s.state for s in sources] == [State.DUPLICATE] * 3 + [State.COMPLETE]
        assert figures(kept, sources, q4, end).branches["甲"].visits == 20
        # December's own file sent once more with a row added: only its December rows go
        sources, kept = sources_and_kept([cumulative, files[2]], q4)
        assert sources[1].state is State.DUPLICATE and "3 行都已在其中" in sources[1].reason

    def test_other_kinds_other_branches_and_other_months_are_not_duplicates(self) -> None:
        visits = part("v.xlsx", "甲", visits=[visit(date(2026, 11, 2))])
        log = part(
            "h.xlsx",
            "甲",
            kind="handover",
            handover=[{"date": date(2026, 11, 2), "shift": "早班"}],
        )
        # another branch's visit (equal rows would make it a copy of 甲's file)
        other = part("w.xlsx", "乙", visits=[visit(date(2026, 11, 2), client="客户B")])
        october = part("o.xlsx", "甲", visits=[visit(date(2026, 10, 2))])  # the year's V04
        sources, kept = sources_and_kept([visits, log, other, october], NOV)
        assert kept == [visits, log, other, october]
        assert {s.state for s in sources} == {State.COMPLETE}

    def test_a_branch_that_sent_only_another_months_register(self) -> None:
        october = part("o.xlsx", "淮阴分公司", visits=[visit(date(2026, 10, 2))])
        current = part("n.xlsx", "甲", visits=[visit(date(2026, 11, 2))])
        sources, kept = sources_and_kept([october, current], NOV)
        assert kept == [october, current]
        assert [s.state for s in sources] == [State.NO_ROWS, State.COMPLETE]
        assert sources[0].reason == "文件中没有2026年11月的数据"

    def test_an_unreadable_file_is_listed_with_its_reason(self) -> None:
        sources, kept = sources_and_kept([Failed("x.xlsx", "丙", "文件已损坏，无法打开")], NOV)
        assert kept == []
        assert (sources[0].state, sources[0].reason) == (State.UNREADABLE, "文件已损坏，无法打开")


def _visit_rows(p: Part) -> list[dict[str, Any]]:
    t = p.tables[VISITS.name]
    return [{k: v[i] for k, v in t.cols.items()} for i in range(len(t))]


class TestFollowUpRate:
    """V03: problems resolved in the month whose follow-up is due; on time when followed up
    by 复访期限 (resolution + followup_days)."""

    def agent(self, as_of: datetime, *rows: dict[str, Any]) -> Any:
        p = part("a.xlsx", "甲", as_of=as_of, visits=list(rows))
        (agent,) = figures([p], [], NOV, as_of).agents
        return agent

    def test_not_yet_due_is_left_out_until_it_is_due(self) -> None:
        row = visit(date(2026, 11, 27), resolved_on=date(2026, 11, 28))  # due 12-01
        assert self.agent(AS_OF, row).followups_due == 0
        late = self.agent(datetime(2026, 12, 2, 9), row)
        assert (late.followups_due, late.followups_on_time) == (1, 0)

    def test_on_time_late_and_resolved_in_another_month(self) -> None:
        agent = self.agent(
            AS_OF,
            visit(date(2026, 11, 2), resolved_on=date(2026, 11, 3), followup_on=date(2026, 11, 6)),
            visit(date(2026, 11, 2), resolved_on=date(2026, 11, 3), followup_on=date(2026, 11, 7)),
            visit(date(2026, 10, 2), resolved_on=date(2026, 10, 3), followup_on=date(2026, 10, 4)),
        )
        assert (agent.visits, agent.followups_due, agent.followups_on_time) == (2, 2, 1)

    def test_the_branchs_own_followup_days(self) -> None:
        p = part(
            "a.xlsx",
            "甲",
            settings=Settings(followup_days=7),
            visits=[
                visit(
                    date(2026, 11, 2), resolved_on=date(2026, 11, 3), followup_on=date(2026, 11, 9)
                )
            ],
        )
        (agent,) = figures([p], [], NOV, AS_OF).agents
        assert agent.followups_on_time == 1


def test_the_agents_chart_draws_the_agents_table() -> None:
    """V01's chart plots each agent's count against the target, from the agents' table (the
    notes above the tables once shifted it onto the branches' table)."""
    p = part("a.xlsx", "甲", visits=[visit(date(2026, 11, 2)), visit(date(2026, 11, 3))])
    sheet = summarise([p], NOV, AS_OF).sheet("回访")
    (chart,) = sheet.charts
    table = sheet.blocks[chart.table]
    assert isinstance(table, ReportTable)
    assert table.caption.startswith("各回访人")
    assert [table.header[c] for c in chart.values] == ["回访客户"]
    assert chart.line is not None and table.header[chart.line] == "目标"


def test_shares_without_a_denominator_are_blank() -> None:
    """V02/V03: a share over nothing is blank, a share of no signatures is 0."""
    p = part("a.xlsx", "甲", visits=[visit(date(2026, 11, 2))])
    s = summarise([p], NOV, AS_OF)
    head = dict((name, value) for name, value, _ in s.headline)
    assert head["按期复访率"] is None and head["客户满意率"] is None
    assert head["客户签字率"] == 0


def test_branches_with_their_own_scales_and_targets() -> None:
    a = part(
        "a.xlsx",
        "甲",
        settings=Settings(
            branch="甲",
            satisfaction_scale=("好", "较好", "一般", "差", "很差"),
            satisfied_levels=("好", "较好"),
            visits_per_month=1,
        ),
        visits=[visit(date(2026, 11, 2), satisfaction="较好")],
    )
    b = part("b.xlsx", "乙", visits=[visit(date(2026, 11, 2), "李娜", satisfaction="一般")])
    s = summarise([b, a], NOV, AS_OF)
    agents = blocks(s.sheet("回访"))["各回访人（回访量、客户签字、按期复访、满意度）"]
    assert agents.header[11:20] == [
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "好",
        "较好",
        "差",
        "很差",
        "已评价",
    ]
    rows = {r[0]: r for r in agents.rows}
    assert list(rows) == ["乙", "甲"]  # branches in name order, whatever the input order
    assert rows["甲"][4] == 1 and rows["甲"][-2:] == [1, 1.0]  # 较好 is satisfied there
    assert rows["乙"][4] == 20 and rows["乙"][-2:] == [0, 0.0]
    head = dict((name, value) for name, value, _ in s.headline)
    assert head["回访未达标人数"] == 1


class TestComplaints:
    def complaints(self, *rows: dict[str, Any], settings: Settings | None = None) -> Any:
        p = part(
            "a.xlsx",
            "甲",
            settings=settings or Settings(unit_volume={"一 站": 100, "二站": 400, "三站": 50}),
            complaints=[
                {
                    "client": "客户",
                    "channel": "电话",
                    "content": "内容",
                    "owner": "张伟",
                    **row,
                }
                for row in rows
            ],
        )
        return summarise([p], NOV, AS_OF)

    def test_units_ranked_by_rate_with_volumes_matched_loosely(self) -> None:
        s = self.complaints(
            {"complaint_id": "1", "received_at": datetime(2026, 11, 2, 9), "unit": "一站"},
            {"complaint_id": "2", "received_at": datetime(2026, 11, 3, 9), "unit": "二站"},
            {"complaint_id": "3", "received_at": datetime(2026, 11, 4, 9), "unit": "二站"},
            {"complaint_id": "4", "received_at": datetime(2026, 11, 4, 9), "unit": "保卫科"},
        )
        units = blocks(s.sheet("投诉"))["各责任单位（C03；有业务量时按每千件投诉率排名，最差在前）"]
        assert [(r[1], r[2], r[5], r[6], r[7]) for r in units.rows] == [
            ("一 站", 1, 100, 10.0, 1),  # the 参数 spelling, matched to 一站
            ("二站", 2, 400, 5.0, 2),
            ("三站", 0, 50, 0.0, 3),  # listed with a volume: ranked even without complaints
            ("保卫科", 1, None, None, None),
        ]

    def test_overdue_list_carries_earlier_unanswered_but_not_earlier_late(self) -> None:
        s = self.complaints(
            {"complaint_id": "old-none", "received_at": datetime(2026, 10, 12, 9), "unit": "一站"},
            {
                "complaint_id": "old-late",
                "received_at": datetime(2026, 10, 12, 9),
                "unit": "一站",
                "replied_at": datetime(2026, 10, 20, 9),
            },
            {"complaint_id": "next", "received_at": datetime(2026, 12, 1, 9), "unit": "一站"},
        )
        overdue = blocks(s.sheet("投诉"))["回复超期（本月超时回复的，和至今仍未回复且已超期的）"]
        assert [r[1] for r in overdue.rows] == ["old-none"]
        head = dict((name, value) for name, value, _ in s.headline)
        assert head["投诉件数"] == 0 and head["回复超期"] == 1


def test_rank_ties_share_a_rank() -> None:
    units = [
        UnitTally("甲", "a", 2, volume=100),
        UnitTally("甲", "b", 2, volume=100),
        UnitTally("甲", "c", 1, volume=100),
    ]
    assert rank_of(units) == [1, 1, 3]


class TestHandover:
    def people(self, *rows: dict[str, Any]) -> dict[str, Any]:
        full = [
            {
                "from_signed": r.get("from_staff"),
                "to_signed": r.get("to_staff"),
                "face_to_face": True,
                "arrived_at": time(7, 40),
                **r,
            }
            for r in rows
        ]
        p = part("h.xlsx", "甲", kind="handover", handover=full)
        return {x.name: x for x in figures([p], [], NOV, AS_OF).people}

    def test_a_break_is_on_the_two_people_who_did_not_meet(self) -> None:
        people = self.people(
            {"date": date(2026, 11, 2), "shift": "早班", "from_staff": "甲", "to_staff": "乙"},
            {"date": date(2026, 11, 2), "shift": "中班", "from_staff": "丙", "to_staff": "丁"},
        )
        assert {n: p.gaps for n, p in people.items()} == {"甲": 0, "乙": 1, "丙": 1, "丁": 0}

    def test_an_approved_swap_is_no_gap(self) -> None:
        people = self.people(
            {"date": date(2026, 11, 2), "shift": "早班", "from_staff": "甲", "to_staff": "乙"},
            {
                "date": date(2026, 11, 2),
                "shift": "中班",
                "from_staff": "丙",
                "to_staff": "丁",
                "swapped": True,
                "swap_approver": "主管",
            },
        )
        assert all(p.gaps == 0 for p in people.values())

    def test_a_missing_shift_is_on_who_should_have_handed_over_and_taken_over(self) -> None:
        people = self.people(
            {"date": date(2026, 11, 2), "shift": "早班", "from_staff": "甲", "to_staff": "乙"},
            {"date": date(2026, 11, 2), "shift": "夜班", "from_staff": "乙", "to_staff": "丙"},
        )
        # 中班 is missing: 乙 took the 早班 and handed nothing over; 乙 also hands over the
        # 夜班 without having taken the 中班 — both sides of the hole are 乙's
        assert {n: p.gaps for n, p in people.items()} == {"甲": 0, "乙": 2, "丙": 0}


def test_nothing_at_all_is_an_empty_but_whole_summary() -> None:
    s = summarise([], NOV, AS_OF)
    assert [x.name for x in s.sheets] == ["总览", "回访", "投诉", "交接班", "意见征求", "来源"]
    assert s.empty
    assert s.sheet("总览").blocks[0] == "没有读到任何工作簿：本汇总为空。"
    assert all(isinstance(v, int) or v is None for _, v, _ in s.headline)


@pytest.mark.parametrize("opinions_per_year", [0, 1, 2])
def test_opinions_against_the_yearly_requirement(opinions_per_year: int) -> None:
    p = part(
        "a.xlsx",
        "甲",
        settings=Settings(opinion_per_year=opinions_per_year),
        visits=[
            visit(date(2025, 12, 20), client="甲方", kind="意见征求"),  # last year's
            visit(date(2026, 3, 2), client="乙方", kind="意见征求"),
            visit(date(2026, 12, 2), client="丙方", kind="意见征求"),  # after the month
        ],
    )
    f = figures([p], [], NOV, AS_OF)
    missing = {c.client: c.opinions for c in f.opinions}
    expected = {0: {}, 1: {"甲方": 0}, 2: {"甲方": 0, "乙方": 1}}[opinions_per_year]
    assert missing == expected


def test_v01_counts_distinct_clients_unless_set_to_visits() -> None:
    rows = [
        visit(date(2026, 11, 2), client="甲公司"),
        visit(date(2026, 11, 3), client="甲 公司"),  # the same client, padded
        visit(date(2026, 11, 4), client="乙公司"),
    ]
    by_client = part(
        "a.xlsx", "甲", settings=Settings(branch="甲", visits_per_month=3), visits=rows
    )
    agents = blocks(summarise([by_client], NOV, AS_OF).sheet("回访"))
    (row,) = agents["各回访人（回访量、客户签字、按期复访、满意度）"].rows[:1]
    assert row[2:6] == [3, 2, 3, 2 / 3]  # 3 visits, 2 clients: short of the target
    by_visits = part(
        "a.xlsx",
        "甲",
        settings=Settings(branch="甲", visits_per_month=3, visits_target_counts="次数"),
        visits=rows,
    )
    agents = blocks(summarise([by_visits], NOV, AS_OF).sheet("回访"))
    (row,) = agents["各回访人（回访量、客户签字、按期复访、满意度）"].rows[:1]
    assert row[2:6] == [3, 2, 3, 1.0]


def test_the_install_call_back_on_time_share() -> None:
    rows = [
        visit(date(2026, 11, 4), kind="安装回访", installed_on=date(2026, 11, 1)),
        visit(date(2026, 11, 9), kind="安装回访", installed_on=date(2026, 11, 2)),
        visit(date(2026, 11, 9), kind="安装回访"),  # no install date: V13, not counted
    ]
    s = summarise([part("a.xlsx", "甲", visits=rows)], NOV, AS_OF)
    head = {name: value for name, value, _ in s.headline}
    assert head["安装回访及时率"] == 0.5
    branch = blocks(s.sheet("回访"))["各分公司回访"].rows[0]
    assert branch[-3:] == [2, 1, 0.5]
