"""Every message renders in Chinese and English with the parameters the code passes.

A static pass reads every call of `finding(...)` and `Table.find(...)` in csbook/ and checks
that the call gives each parameter its message's templates name; a dynamic pass renders every
finding of the sample month and of a set of bad workbooks in both languages.
"""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from string import Formatter

import pytest
from workbooks import handover_book, offence, penalty_book, run, shift, write_book

from csbook.rules.findings import DERIVED_EN, EN_PARAMS, Finding, finding
from csbook.rules.registry import MESSAGES, Severity
from csbook.sample import build as sample_build

PACKAGE = Path(__file__).resolve().parents[1] / "csbook"

# call sites whose message key is computed: (file, enclosing function) -> the keys they emit
COMPUTED_KEYS = {
    ("rules/table.py", "not_before"): {"V08", "V09", "V10", "V21", "V22", "V23"},
    ("rules/discipline.py", "_attendance_months"): {"P06.days", "P08", "P09.days"},
    ("rules/discipline.py", "_roster_findings"): {
        "P07",
        "P07.unused",
        "P07.zero",
        "P07.zero_unused",
    },
    ("rules/discipline.py", "v46_approval"): {
        "V46.missing",
        "V46.self",
        "V46.rank",
        "V46.unknown",
        "V46.no_post",
        "V46.unsure",
        "V46.consent",
    },
    ("io/sheets.py", "_yearless_findings"): {"R02.no_year", "R02.no_year_other"},
    ("rules/planned.py", "set_aside_planned"): {"R06.offence", "R06.attendance"},
    ("io/workbook.py", "_not_read"): {"R05.history", "R05.period"},
    ("rules/roster_names.py", "v12_namesakes"): {"V12.namesake", "V12.namesake_log"},
}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def en_needs(key: str) -> set[str]:
    """The parameters a call must pass for the English text (role_en etc. are derived)."""
    en = fields(MESSAGES[key].en)
    return {DERIVED_EN[name][0] if name in DERIVED_EN else name for name in en}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_chinese_parameter_has_an_english_counterpart(key: str) -> None:
    zh, en = fields(MESSAGES[key].zh), fields(MESSAGES[key].en)
    english = {EN_PARAMS[name]: name for name in zh if name in EN_PARAMS}
    assert all(name in en or EN_PARAMS.get(name) in en for name in zh)
    assert all(name in zh or name in english for name in en)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_renders_in_both_languages(key: str) -> None:
    zh, en = MESSAGES[key].zh, MESSAGES[key].en
    params = {name: f"<{name}>" for name in fields(zh) | en_needs(key)}
    for source, names in DERIVED_EN.values():
        if source in params:  # a word the table translates
            params[source] = next(iter(names))
    f = finding(key, "表", 2, "列", **params)
    shown = {
        **params,
        **{n: names[params[s]] for n, (s, names) in DERIVED_EN.items() if s in params},
    }
    for lang, template in (("zh", zh), ("en", en)):
        text = f.message(lang)
        assert all(shown[name] in text for name in fields(template)), text
        assert "{" not in text


def test_a_missing_parameter_raises_naming_key_and_parameter() -> None:
    f = Finding(
        rule="V12", severity=Severity.WARNING, sheet="回访登记", row=3, column="回访人", key="V12"
    )
    with pytest.raises(KeyError, match=r"V12 \((zh|en)\) lacks the parameter value"):
        f.message("zh")
    with pytest.raises(KeyError, match=r"V12 \((zh|en)\) lacks the parameter value"):
        f.message("en")


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_sites() -> list[tuple[str, str, int, set[str], set[str] | None]]:
    """(file, function, line, keys the call may emit, parameter names it passes)."""
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(func):
                if not isinstance(call, ast.Call):
                    continue
                if not (
                    (isinstance(call.func, ast.Name) and call.func.id == "finding")
                    or (isinstance(call.func, ast.Attribute) and call.func.attr == "find")
                ):
                    continue
                first = call.args[0] if call.args else None
                if len(call.args) < 3 or (
                    isinstance(first, ast.Constant) and isinstance(first.value, bytes)
                ):  # str.find, bytes.find and the like
                    continue
                if (rel, func.name) in {("rules/table.py", "find")}:
                    continue  # the forwarder of Table.find
                kw = {k.arg: k.value for k in call.keywords}
                splat = None in kw
                key = _literal(call.args[0])
                keys = {key} if key else COMPUTED_KEYS.get((rel, func.name), set())
                passed = None if splat else set(kw)
                sites.append((rel, func.name, call.lineno, keys, passed))
    return sites


def test_every_call_site_passes_its_messages_parameters() -> None:
    sites = _call_sites()
    assert len(sites) > 50  # the scan sees the rules
    for rel, func, line, keys, passed in sites:
        where = f"{rel}:{line} ({func})"
        assert keys, f"{where}: the message key is computed; list it in COMPUTED_KEYS"
        for key in keys:
            assert key in MESSAGES, f"{where}: no message {key}"
            if passed is None:
                continue  # parameters forwarded as **params: the rendering tests cover them
            needs = fields(MESSAGES[key].zh) | en_needs(key)
            assert needs <= passed, f"{where}: {key} lacks {sorted(needs - passed)}"


def test_every_message_is_emitted_somewhere() -> None:
    emitted = set().union(*(keys for *_, keys, _ in _call_sites()))
    assert set(MESSAGES) - emitted == set()


def test_the_sample_month_and_bad_books_render_in_both_languages(tmp_path: Path) -> None:
    as_of = datetime(2026, 11, 30, 18, 0)
    books = sample_build.build_samples(tmp_path / "sample")
    visits = write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (
                ["回访日期", "客户单位", "联系电话", "回访方式", "回访人", "承诺期限"],
                [["十月三号", "甲公司", "12345", "上门", "无", "/"], ["", "", "", "", "", "x"]],
            ),
            "参数": (["参数", "值", "说明"], [["回访天数", "三天"], ["颜色", "红"]]),
        },
    )
    handover = handover_book(
        tmp_path,
        [
            shift("2026-11-03", "早班", "甲", "甲", 接班到岗时间="8:05", 换班="是"),
            shift("2026-11-03", "中班", "乙", "丙", 接班到岗时间="4:05", 交班人签字="丁"),
            shift("2026-11-05", "早班", "丙", "甲", 当面交接="否"),
        ],
    )
    penalties = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026-11-03", "张伟", "X99"),
            offence("2026-11-04", "李娜", "L01", 申诉日期="2026-11-30", 申诉结果="再议"),
            offence("2026-11-05", "王芳", "M02", 本人签字=None, 批准人=None, 涉及金额=None),
        ],
        [["2026-11", None, "张伟", 1, 0, 40, 2, 0, 0]],
    )
    seen = set()
    for path in [*books, visits, handover, penalties]:
        report = run(path, as_of)
        for f in report.findings:
            seen.add(f.key)
            assert f.message("zh") and f.message("en")
    assert len(seen) >= 30, sorted(seen)  # 34 kinds of message today
