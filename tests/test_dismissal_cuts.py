"""P03 with P01: a person dismissed (开除) has no salary after that month, so the cut of an
earlier 严重警告 or 留察 stops there — the 过失登记 row's 扣薪 and 累计 and the next month's
月处罚汇总 say so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from workbooks import (
    NOV,
    PENALTY_AS_OF,
    computed,
    month_summary,
    offence,
    penalty_book,
    people,
    run,
)

DEC = date(2026, 12, 1)


def test_a_dismissal_stops_the_probation_cut_of_the_next_month(tmp_path: Path) -> None:
    """王芳 (2,800 + 300): D02 on 11-10 → 留察 under probation_first, 40 % = 1,240 in November
    and December; S12 on 11-25 while on 留察 → 开除. November keeps its cut; December has none,
    and says why. 张伟's 严重警告 of 11-20 still cuts in December (700 = 20 % of 3,500)."""
    offences = [
        offence("2026/11/10", "王芳", "D02"),  # row 2
        offence("2026年11月25日", "王芳", "S12"),  # row 3
        offence("2026-11-20", "张伟", "M06"),  # row 4
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences)
    report = run(path, PENALTY_AS_OF)
    assert computed(report, "过失登记", "sanction")[:2] == ["留察", "开除"]
    assert computed(report, "过失登记", "cut")[0] == Decimal("1240.00")  # November only
    assert "2026-11-25已开除，2026年12月不再扣薪" in computed(report, "过失登记", "running")[0]

    nov = people(month_summary([path], NOV))
    assert nov["王芳"]["扣薪（元）"] == Decimal("1240.00")
    dec = people(month_summary([path], DEC))
    assert dec["王芳"]["扣薪（元）"] == 0
    assert dec["王芳"]["合计（元）"] == 0
    assert "已于2026-11-25开除，2026-11-10留察不再续扣" in dec["王芳"]["备注"]
    assert dec["张伟"]["扣薪（元）"] == Decimal("700.00")
