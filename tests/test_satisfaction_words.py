"""满意度 words of other scales (比较满意, 基本满意, 很满意 …) are read as a level of the scale in
参数, and one warning for each word (R02.synonym) names its rows, the level read and whether it
counts as satisfied — 基本满意 read as 一般 lowers 满意率. A word that is a level of the scale in
use stays itself. Registers from the template, typed as clerks type them; summary as the CLI."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from workbooks import VISIT, run, run_cli, sheet_rows

from csbook.io.templates import build_template
from csbook.rules.settings import Settings

AS_OF = datetime(2026, 11, 30, 18, 0)
WORDS = ["比较满意", "基本满意", " 比较满意", "很满意", "满意", "基本满意 "]  # rows 2–7


def register(path: Path, settings: Settings | None = None) -> Path:
    rows = [
        {**VISIT, "visit_date": date(2026, 11, 2 + n), "client": f"客户{n}", "satisfaction": w}
        for n, w in enumerate(WORDS)
    ]
    return build_template("visits", path, settings=settings, rows={"回访登记": rows})


def test_each_off_scale_word_is_read_and_named_once_with_its_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = register(tmp_path / "回访登记表.xlsx")
    report = run(path, AS_OF)
    said = [f for f in report.findings if f.key == "R02.synonym"]
    assert [(f.row, f.params["value"], f.params["rows"], f.params["choice"]) for f in said] == [
        (2, "比较满意", "2、4", "满意"),
        (3, "基本满意", "3、7", "一般"),
        (5, "很满意", "5", "非常满意"),
    ]
    assert said[1].message("zh") == (
        "第3、7行的“基本满意”（共2行）不是选项，读作“一般”，不计为满意；若不对，请直接填写选项："
        "非常满意、满意、一般、不满意"
    )
    assert {f.key for f in report.findings} == {"R02.synonym"}
    out = tmp_path / "汇总.xlsx"
    _, printed, err = run_cli(
        capsys, "summary", path, "--month", "2026-11", "-o", out, "--as-of", "2026-11-30 18:00"
    )
    assert out.exists(), printed + err
    (agent,) = [
        r
        for r in sheet_rows(openpyxl.load_workbook(out)["回访"], "回访人")
        if r["回访人"] == "张伟"
    ]
    assert (agent["非常满意"], agent["满意"], agent["一般"], agent["已评价"]) == (1, 3, 2, 6)
    assert agent["满意率"] == pytest.approx(4 / 6)


def test_a_word_on_the_scale_in_use_stays_itself(tmp_path: Path) -> None:
    """A scale of 非常满意, 满意, 基本满意, 一般, 不满意: 基本满意 is a level, not 一般."""
    scale = Settings(satisfaction_scale="非常满意,满意,基本满意,一般,不满意")
    report = run(register(tmp_path / "回访登记表.xlsx", scale), AS_OF)
    said = {f.params["value"]: f.params["rows"] for f in report.findings if f.key == "R02.synonym"}
    assert said == {"比较满意": "2、4", "很满意": "5"}
    (result,) = [r for r in report.results if r.table.schema.name == "回访登记"]
    assert result.table.col("satisfaction")[1] == "基本满意"
