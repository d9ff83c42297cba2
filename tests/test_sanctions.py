"""P01–P05: sanctions with history, decided per person in date order.

The walk through 张伟's record covers more than a year: three orals becoming a written
criticism, the second written criticism becoming a serious warning (its cut in the offence
month and the next), money-rule codes, and criticisms expiring after 365 days so that the
count starts again. A second person shows the cascade (one minor offence escalating twice)
and the way to dismissal.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from workbooks import (
    ATTENDANCE_HEADERS,
    CAP,
    CATALOGUE_HEADERS,
    FULL_CATALOGUE,
    OFFENCE_HEADERS,
    ROSTER_HEADERS,
    SIGNED,
    rows_of,
    write_book,
)

from csbook.pipeline import Options, check
from csbook.rules.catalogue import BY_CODE
from csbook.rules.sanctions import (
    Appeal,
    AppealOutcome,
    Decision,
    Event,
    RosterPerson,
    Sanction,
    decide,
    p01_sanction,
)
from csbook.rules.settings import Settings

ZHANG = RosterPerson(
    key="张伟",
    name="张伟",
    staff_id="1001",
    base=Decimal(3000),
    allowance=Decimal(500),
    bonus=Decimal(800),
    contract_end=date(2027, 12, 31),
)
LI = RosterPerson(
    key="李娜", name="李娜", staff_id="1002", base=Decimal(4000), allowance=Decimal(800)
)


def ev(day: str, code: str, seq: int, person: str = "张伟", **more: object) -> Event:
    offence = BY_CODE[code]
    return Event(
        person=person,
        day=date.fromisoformat(day),
        code=code,
        tier=offence.tier,
        seq=seq,
        money_rule=offence.money_rule,
        row=seq,
        **more,  # type: ignore[arg-type]
    )


def run(events: list[Event], settings: Settings | None = None) -> list[Decision]:
    people = {ZHANG.key: ZHANG, LI.key: LI}
    found = decide(events, people, settings or Settings())
    return sorted(found, key=lambda d: d.event.seq)


def test_p01_tiers_and_orders() -> None:
    assert p01_sanction(BY_CODE["L01"].tier, None) is Sanction.ORAL
    assert p01_sanction(BY_CODE["S12"].tier, None) is Sanction.WRITTEN
    assert p01_sanction(BY_CODE["S12"].tier, "通报") is Sanction.NOTICE
    assert p01_sanction(BY_CODE["M06"].tier, None) is Sanction.WARNING
    assert p01_sanction(BY_CODE["D02"].tier, None) is Sanction.DISMISSAL
    assert p01_sanction(BY_CODE["D02"].tier, "留察") is Sanction.PROBATION


def test_a_year_of_one_persons_record() -> None:
    events = [
        ev("2025-11-03", "L01", 0),  # first oral
        ev("2025-12-10", "L05", 1),  # second oral: 20 yuan
        ev("2026-01-15", "L13", 2),  # third oral: a written criticism, the orals used up
        ev("2026-03-02", "S04", 3, amount=Decimal(150)),  # 2nd written: serious warning
        ev("2026-06-10", "S22", 4, amount=Decimal(80), order="通报"),  # notice + 1x
        ev("2026-07-01", "L24", 5),  # a fresh count of orals
        ev("2027-07-01", "L01", 6),  # the 07-01 oral expired on 2027-07-01: first again
        ev("2027-07-01", "L05", 7),  # same day, next row: second
    ]
    d = run(events)

    assert [x.sanction for x in d] == [
        Sanction.ORAL,
        Sanction.ORAL,
        Sanction.WRITTEN,
        Sanction.WARNING,
        Sanction.NOTICE,
        Sanction.ORAL,
        Sanction.ORAL,
        Sanction.ORAL,
    ]
    assert [x.fine for x in d] == [0, 20, 0, 300, 180, 0, 0, 20]
    assert [x.cut for x in d] == [0, 0, 0, 1400, 0, 0, 0, 0]
    assert d[3].cut_months == [date(2026, 3, 1), date(2026, 4, 1)]
    assert d[3].cut_in(date(2026, 4, 1)) == Decimal("700.00")
    assert d[3].cut_in(date(2026, 5, 1)) == 0

    assert d[0].valid_until == date(2026, 11, 2)  # 365 days counted from the offence day
    assert d[3].valid_until == date(2027, 12, 31)  # a warning lasts the contract
    assert d[2].why == "第3次有效口头批评 → 书面批评"
    assert d[3].why.startswith("第2次有效书面批评 → 严重警告；按涉及金额2倍罚款300.00元")
    assert "2026年3月、2026年4月各700.00元" in d[3].why
    assert d[4].why == "第1次有效通报批评；通报批评罚款100.00元；按涉及金额1倍赔偿80.00元"
    assert d[1].running == (
        "第2次有效口头批评；第二次口头批评罚款20.00元；现有效：口头2、批评0、警告0"
    )
    assert d[4].counts == (0, 1, 1)
    # the notice of 2026-06-10 lapsed on 2027-06-10; the warning stays for the contract
    assert d[6].why == "第1次有效口头批评" and d[6].counts == (1, 0, 1)


def test_criticisms_expire_after_365_days_so_counting_starts_again() -> None:
    orals = [ev("2025-11-03", "L01", 0), ev("2025-12-10", "L05", 1)]
    # a day before the first oral lapses it still counts: the third oral escalates
    d = run([*orals, ev("2026-11-02", "L13", 2)])
    assert d[2].sanction is Sanction.WRITTEN
    # on the 365th day after it, it is gone: only the December one is valid, so this is
    # the second valid oral (20 yuan), not a written criticism
    d = run([*orals, ev("2026-11-03", "L13", 2)])
    assert d[2].sanction is Sanction.ORAL and d[2].fine == 20
    assert d[2].why.startswith("第2次有效口头批评")
    # and a month later the December one has lapsed too
    d = run([*orals, ev("2026-11-03", "L13", 2), ev("2026-12-10", "L24", 3)])
    assert d[3].why.startswith("第2次有效口头批评")  # with 11-03's
    d = run([*orals, ev("2027-12-10", "L24", 3)])
    assert d[2].why == "第1次有效口头批评" and d[2].fine == 0

    # written criticisms lapse the same way: two a year and a day apart are each the first
    d = run([ev("2025-03-01", "S12", 0), ev("2026-03-01", "S13", 1)])
    assert [x.sanction for x in d] == [Sanction.WRITTEN, Sanction.WRITTEN]
    # the setting decides the length
    d = run(
        [ev("2025-03-01", "S12", 0), ev("2025-04-01", "S13", 1)], Settings(criticism_valid_days=30)
    )
    assert d[1].sanction is Sanction.WRITTEN


def test_a_minor_offence_escalating_twice() -> None:
    events = [
        ev("2026-01-05", "S12", 0, "李娜"),  # a written criticism on file
        ev("2026-02-05", "L01", 1, "李娜"),
        ev("2026-03-05", "L05", 2, "李娜"),  # second oral: 20 yuan
        ev("2026-04-06", "L13", 3, "李娜"),  # third oral → written → second written → warning
        ev("2026-05-06", "L01", 4, "李娜"),  # everything used up: a first oral again
    ]
    d = run(events)
    assert d[3].sanction is Sanction.WARNING
    assert d[3].why.startswith("第3次有效口头批评 → 书面批评，第2次有效书面批评 → 严重警告")
    # money follows the final sanction: the cut, no oral fine
    assert d[3].fine == 0
    assert d[3].cut == Decimal("1920.00")  # 20 % of 4,000 + 800, April and May
    assert d[3].valid_until is None  # no contract end on the roster: not expiring
    assert d[3].counts == (0, 0, 1)
    assert d[4].why == "第1次有效口头批评" and d[4].fine == 0


def test_the_way_to_dismissal() -> None:
    warnings = [ev("2026-01-05", "M06", 0), ev("2026-05-05", "M02", 1)]
    d = run([*warnings[:1], ev("2026-05-05", "M02", 1, order="开除")])
    assert [x.sanction for x in d] == [Sanction.WARNING, Sanction.DISMISSAL]
    assert d[1].why == "第2次有效严重警告 → 开除"
    assert d[1].fine == 0 and d[1].cut == 0

    # 留察 first when management orders it; a further warning-level offence then dismisses
    d = run([warnings[0], ev("2026-05-05", "M02", 1, order="留察"), ev("2026-08-05", "M06", 2)])
    assert [x.sanction for x in d] == [Sanction.WARNING, Sanction.PROBATION, Sanction.DISMISSAL]
    assert d[1].cut_in(date(2026, 5, 1)) == Decimal("1400.00")  # 40 % of 3,500
    assert d[1].cut == Decimal("2800.00")
    assert d[2].why == "留察期内再犯重大过失 → 开除"

    # a 开除情况 code without probation_first: dismissal, or 留察 as ordered unless on 留察
    direct = Settings(probation_first=False)
    d = run([ev("2026-02-01", "D02", 0), ev("2026-03-01", "D06", 1, order="留察")], direct)
    assert [x.sanction for x in d] == [Sanction.DISMISSAL, Sanction.PROBATION]
    d = run([warnings[0], ev("2026-05-05", "M02", 1)], direct)
    assert [x.sanction for x in d] == [Sanction.WARNING, Sanction.DISMISSAL]
    d = run([ev("2026-02-01", "D06", 0, order="留察"), ev("2026-03-01", "D06", 1, order="留察")])
    assert [x.sanction for x in d] == [Sanction.PROBATION, Sanction.DISMISSAL]
    assert d[1].why == "留察期内再犯开除情况 → 开除"

    # an order that does not fit the final sanction is ignored (and said so)
    d = run([ev("2026-02-01", "L01", 0, order="通报"), ev("2026-02-02", "S12", 1, order="留察")])
    assert [x.sanction for x in d] == [Sanction.ORAL, Sanction.WRITTEN]
    assert d[0].order_ignored and d[1].order_ignored


def test_a_notice_that_cascades_carries_the_cut_not_the_fine() -> None:
    events = [ev("2026-01-05", "S12", 0), ev("2026-02-05", "S13", 1, order="通报")]
    d = run(events)
    assert d[1].sanction is Sanction.WARNING and d[1].fine == 0 and d[1].cut == 1400
    assert d[1].order_overtaken and not d[1].order_ignored


def test_money_rules_and_what_makes_money_incomplete() -> None:
    d = run(
        [
            ev("2026-01-05", "S04", 0, amount=Decimal("12.345")),  # 2x, rounded once
            ev("2026-02-05", "S22", 1, amount=None),  # 1x without an amount: unknown
            ev("2026-08-05", "S05", 2, amount=Decimal(10**6), amount_ok=False),
            ev("2026-09-05", "L05", 3),
        ]
    )
    assert d[0].fine == Decimal("24.69")
    assert d[1].fine is None and d[1].problems == ["S22按金额处罚，涉及金额缺失或有误"]
    assert d[2].fine is None  # an absurd amount is not used
    # the sanctions themselves are still decided
    assert [x.sanction for x in d] == [
        Sanction.WRITTEN,
        Sanction.WARNING,
        Sanction.WRITTEN,
        Sanction.ORAL,
    ]

    unknown = Event(person="张伟", day=date(2026, 3, 1), code="L99", tier=None, seq=5)
    undated = Event(person="张伟", day=None, code="L01", tier=BY_CODE["L01"].tier, seq=6)
    d = run([unknown, undated])
    assert d[0].sanction is None and "L99" in d[0].problems[0]
    assert d[1].sanction is None and "日期" in d[1].problems[0]

    # a warning for someone without a base salary: the cut is unknown, not zero
    nobody = RosterPerson(key="赵六", name="赵六")
    found = decide([ev("2026-01-05", "M06", 0, "赵六")], {"赵六": nobody}, Settings())
    assert found[0].cut is None and found[0].cut_in(date(2026, 2, 1)) is None
    assert found[0].problems == ["严重警告扣薪：员工表无基本工资"]


def test_p05_upheld_appeals_count_for_nothing() -> None:
    events = [
        ev("2026-01-05", "L01", 0),
        ev("2026-02-05", "L05", 1, appeal=AppealOutcome(Appeal.UPHELD)),
        ev("2026-03-05", "L13", 2),
    ]
    d = run(events)
    assert d[1].sanction is None and d[1].fine == 0 and "撤销" in d[1].why
    assert d[2].why.startswith("第2次有效口头批评") and d[2].fine == 20


# ----------------------------------------------------------------- the computed columns of 过失登记

ROSTER = [
    [1001, "张伟", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"],
    ["1002", "李娜", "客服部", "主管", 4000, 800, 1000, "2023-01-01", None],
]


def offence(day: str, code: str, **more: object) -> dict:
    return {"日期": day, "工号": "1001", "姓名": "张伟", "过失代码": code, **SIGNED, **more}


def penalty_book(tmp_path: Path, offences: list[dict], attendance: list[list] = ()) -> Path:  # type: ignore[assignment]
    return write_book(
        tmp_path / "处罚汇总表.xlsx",
        {
            "员工": (ROSTER_HEADERS, ROSTER),
            "过失登记": (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, offences)),
            "考勤": (ATTENDANCE_HEADERS, list(attendance)),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值", "说明"], [["当地最低工资", 2490], CAP]),
        },
    )


def columns(report) -> dict[str, list]:
    (result,) = [r for r in report.results if r.table.schema.name == "过失登记"]
    return result.computed


def test_the_computed_columns_of_the_register(tmp_path: Path) -> None:
    offences = [
        offence("2025-11-03", "L01"),
        offence("2025-12-10", "L05"),
        offence("2026-01-15", "L13"),
        offence("2026-03-02", "S04", 涉及金额=150),
        offence("2026-06-10", "S22", 涉及金额="80元", 处分要求="通报批评"),
        offence("2026-02-01", "L13", 工号="1002", 姓名="李娜", 申诉结果="申诉成立，撤销"),
    ]
    report = check(penalty_book(tmp_path, offences), Options(as_of=datetime(2026, 11, 30, 18)))
    assert [f.rule for f in report.findings] == []
    cols = columns(report)
    assert cols["tier"] == ["轻度过失"] * 3 + ["严重过失"] * 2 + ["轻度过失"]
    assert cols["sanction"] == [
        "口头批评",
        "口头批评",
        "书面批评",
        "严重警告",
        "通报批评",
        "已撤销",
    ]
    assert cols["fine"] == [None, 20, None, 300, 180, None]
    assert cols["cut"] == [None, None, None, 1400, None, None]
    assert cols["valid_until"] == [
        date(2026, 11, 2),
        date(2026, 12, 9),
        date(2027, 1, 14),
        date(2027, 12, 31),
        date(2027, 6, 9),
        None,
    ]
    assert cols["running"][2] == "第3次有效口头批评 → 书面批评；现有效：口头0、批评1、警告0"
    assert cols["running"][5] == "申诉成立，处分已撤销，不计入"


def test_attendance_implies_offences_that_escalate(tmp_path: Path) -> None:
    """Late arrivals are L07 offences (P06) and count with the registered ones; an L07 the
    register already holds for that month is not counted twice."""
    offences = [offence("2026-10-20", "L01"), offence("2026-11-05", "L07")]
    attendance = [["2026-11", 1001, "张伟", 3, 0, 0, 0, 0, 0]]
    report = check(
        penalty_book(tmp_path, offences, attendance), Options(as_of=datetime(2026, 11, 30))
    )
    cols = columns(report)
    # the registered L07 is the second oral; the 考勤's three lates add two more L07s:
    # the third oral of the month is a written criticism
    assert cols["sanction"] == ["口头批评", "口头批评"]
    assert cols["fine"] == [None, 20]
    from csbook.io.workbook import load
    from csbook.penalty_report import ledger_of

    book = load(tmp_path / "处罚汇总表.xlsx", date(2026, 11, 30))
    ledger = ledger_of(book, datetime(2026, 11, 30), {})
    implied = [d for d in ledger.decisions if d.event.source]
    assert [(d.event.code, d.event.day, d.sanction) for d in implied] == [
        ("L07", date(2026, 11, 30), Sanction.WRITTEN),
        ("L07", date(2026, 11, 30), Sanction.ORAL),
    ]
    assert implied[0].why.startswith("考勤2026年11月L07；第3次有效口头批评 → 书面批评")


def test_warnings_for_orders_amounts_and_an_idle_roster_row(tmp_path: Path) -> None:
    offences = [
        offence("2026-11-02", "L01", 处分要求="留察"),  # an oral cannot be 留察
        offence("2026-11-03", "L33", 涉及金额=1500),  # a loss of 1,000 or more is S23
        offence("2026-11-04", "S23", 涉及金额=300, 工号="1002", 姓名="李娜"),  # under 1,000: L33
    ]
    path = penalty_book(tmp_path, offences)
    report = check(path, Options(as_of=datetime(2026, 11, 30, 18)))
    assert [(f.rule, f.row, f.column, str(f.severity)) for f in report.findings] == [
        ("P01", 2, "处分要求", "warning"),
        ("P01", 3, "涉及金额", "warning"),
        ("P01", 4, "涉及金额", "warning"),
    ]
    assert [f.message("zh") for f in report.findings] == [
        "处分要求“留察”不适用于口头批评，已忽略",
        "损失1500.00元，按过失目录应为S23",
        "损失300.00元，按过失目录应为L33",
    ]

    # a roster row without a base salary is a warning while nothing needs it
    roster = [*ROSTER, ["1003", "王芳", "客服部", "文员", None, None, None, None, None]]
    path = write_book(
        tmp_path / "idle.xlsx",
        {
            "员工": (ROSTER_HEADERS, roster),
            "过失登记": (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, [offence("2026-11-02", "L01")])),
            "考勤": (ATTENDANCE_HEADERS, []),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
        },
    )
    report = check(path, Options(as_of=datetime(2026, 11, 30, 18)))
    facts = [(f.rule, f.sheet, f.row, str(f.severity)) for f in report.findings if f.rule == "P07"]
    assert facts == [("P07", "员工", 4, "warning")]
    assert report.findings[-1].message("en").startswith("“王芳” has no base salary")
