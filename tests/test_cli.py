"""The command line (SPEC §6) on real files: output shapes, exit codes, options."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from workbooks import COMPLAINT, VISIT, run_cli, write_book

from csbook.io.templates import TEMPLATE_FILES, build_template
from csbook.rules.settings import Settings

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CJK = re.compile(r"[\u3400-\u9fff]")

# received Monday 2026-11-02 09:00: a reply is due Tuesday 2026-11-03 09:00
# resolved 2026-11-04, never followed up: due 11-07 with followup_days=3, 11-11 with 7
RESOLVED = {**VISIT, "client": "乙公司", "resolved_on": date(2026, 11, 4)}

VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
COMPLAINT_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"]


def visits_book(
    path: Path,
    visits: list[dict[str, Any]] | None = None,
    complaints: list[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> Path:
    """A 回访登记表 template filled with correct rows (and whatever a test adds)."""
    rows = {
        "回访登记": [VISIT] if visits is None else visits,
        "投诉登记": [COMPLAINT] if complaints is None else complaints,
    }
    return build_template("visits", path, settings=settings, rows=rows)


def validate_json(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, dict]:
    code, out, err = run_cli(capsys, "validate", *argv, "--format", "json")
    assert "Traceback" not in err
    return code, json.loads(out)


def findings_of(data: dict, rule: str | None = None) -> list[dict]:
    return [
        f for entry in data["files"] for f in entry["findings"] if rule is None or f["rule"] == rule
    ]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray ./csbook.toml from the working directory may change a result."""
    monkeypatch.chdir(tmp_path)


# --- validate: output shapes -------------------------------------------------------------


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    """Headers as staff type them (a title above, synonyms, a stray space) and two bad rows
    below a blank one, so Excel row numbers differ from data indices."""
    headers = ["回访 日期", "客户名称", "回访方式", "回访类型", "客服"]
    path = write_book(
        tmp_path / "flawed.xlsx",
        {
            "回访登记": (
                headers,
                [
                    ["2026-11-03", "甲公司", "电话", "定期回访", "张伟"],
                    [None] * 5,
                    ["2026-11-05", "乙公司", "电话", "定期回访", None],
                    ["2026-13-45", "丙公司", "电话", "定期回访", "张伟"],
                ],
            ),
            "投诉登记": (COMPLAINT_HEADERS, []),
            "参数": (["参数", "值", "说明"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    wb = openpyxl.load_workbook(path)
    wb["回访登记"].insert_rows(1)
    wb["回访登记"]["A1"] = "2026年11月 回访登记表"
    wb.save(path)
    return path  # header in row 2; bad rows are Excel rows 5 and 6


def test_json_has_the_spec_shape(capsys: pytest.CaptureFixture[str], flawed: Path) -> None:
    code, data = validate_json(capsys, flawed, "--as-of", "2026-11-20")
    assert code == 1
    assert set(data) == {"files"}
    assert len(data["files"]) == 1
    entry = data["files"][0]
    assert set(entry) == {"file", "ok", "error", "findings"}
    assert entry["file"] == str(flawed)
    assert entry["ok"] is False
    assert entry["error"] is None
    assert isinstance(entry["findings"], list)
    for f in entry["findings"]:
        assert set(f) == {"sheet", "row", "column", "rule", "severity", "message"}
        assert isinstance(f["row"], int) and not isinstance(f["row"], bool)
        assert all(isinstance(f[k], str) for k in ("sheet", "column", "rule", "message"))
        assert f["severity"] in ("error", "warning")
        assert re.fullmatch(r"[A-Z]\d\d", f["rule"])
    got = {(f["sheet"], f["row"], f["column"], f["rule"], f["severity"]) for f in entry["findings"]}
    assert got == {
        ("回访登记", 5, "客服", "R01", "error"),
        ("回访登记", 6, "回访 日期", "R02", "error"),
    }
    messages = {f["rule"]: f["message"] for f in entry["findings"]}
    assert messages["R01"] == "必填项为空"
    assert "2026-13-45" in messages["R02"] and CJK.search(messages["R02"])


def test_json_in_english(capsys: pytest.CaptureFixture[str], flawed: Path) -> None:
    code, data = validate_json(capsys, flawed, "--as-of", "2026-11-20", "--lang", "en")
    assert code == 1
    messages = {f["rule"]: f["message"] for f in findings_of(data)}
    assert messages["R01"] == "required value is empty"
    assert messages["R02"].startswith("cannot read “2026-13-45”")
    # sheet and column stay as in the file whatever the language
    assert {f["column"] for f in findings_of(data)} == {"客服", "回访 日期"}


def test_english_messages_are_english(capsys: pytest.CaptureFixture[str], flawed: Path) -> None:
    _, data = validate_json(capsys, flawed, "--as-of", "2026-11-20", "--lang", "en")
    assert findings_of(data)  # messages to check
    for f in findings_of(data):
        assert not CJK.search(f["message"]), f["message"]


def test_text_output(capsys: pytest.CaptureFixture[str], flawed: Path) -> None:
    code, out, err = run_cli(capsys, "validate", flawed, "--as-of", "2026-11-20")
    assert code == 1 and not err
    lines = out.splitlines()
    assert lines[0].startswith(str(flawed)) and "2 个错误" in lines[0]
    (r01,) = [line for line in lines if "R01" in line]
    for part in ("回访登记", "第5行", "客服", "错误", "必填项为空"):
        assert part in r01
    (r02,) = [line for line in lines if "R02" in line]
    for part in ("第6行", "回访 日期", "2026-13-45"):
        assert part in r02

    code, out, _ = run_cli(capsys, "validate", flawed, "--as-of", "2026-11-20", "--lang", "en")
    assert code == 1
    (r01,) = [line for line in out.splitlines() if "R01" in line]
    for part in ("回访登记", "row 5", "客服", "error", "required value is empty"):
        assert part in r01


# --- exit codes ---------------------------------------------------------------------------


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = visits_book(tmp_path / "回访登记表.xlsx", [VISIT, {**VISIT, "client": "乙公司"}])
    code, data = validate_json(capsys, path, "--as-of", "2026-11-05")
    assert code == 0
    assert data["files"][0]["ok"] is True
    assert data["files"][0]["findings"] == []
    code, out, _ = run_cli(capsys, "validate", path, "--as-of", "2026-11-05")
    assert code == 0 and "0 个错误" in out


def test_missing_optional_sheets_are_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_book(
        tmp_path / "plain.xlsx",
        {
            "回访登记": (VISIT_HEADERS, [["2026-11-02", "甲公司", "电话", "定期回访", "张伟"]]),
            "投诉登记": (
                COMPLAINT_HEADERS,
                [["T1", "2026-11-02 09:00", "甲公司", "电话", "账单有误", "一站", "王芳"]],
            ),
        },
    )
    # the complaint has no reply, but it is not due yet
    code, data = validate_json(capsys, path, "--as-of", "2026-11-02 12:00")
    assert code == 0
    assert data["files"][0]["ok"] is True
    got = {(f["sheet"], f["rule"], f["severity"]) for f in findings_of(data)}
    assert got == {("参数", "R04", "warning"), ("节假日", "R04", "warning")}


def test_error_findings_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = visits_book(tmp_path / "v.xlsx", [VISIT, {**VISIT, "staff": None}])
    code, data = validate_json(capsys, path, "--as-of", "2026-11-05")
    assert code == 1
    assert [(f["row"], f["column"], f["rule"]) for f in findings_of(data)] == [(3, "回访人", "R01")]


def test_an_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = visits_book(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    code, data = validate_json(capsys, good, bad, "--as-of", "2026-11-05")
    assert code == 2
    by_file = {Path(e["file"]).name: e for e in data["files"]}
    assert by_file["good.xlsx"]["ok"] is True and by_file["good.xlsx"]["error"] is None
    assert by_file["bad.xlsx"]["ok"] is False and by_file["bad.xlsx"]["error"]


def test_json_is_written_as_json_dumps_indents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """render_json writes the text itself (json.dumps with an indent is slow): it must be
    what json.dumps writes, quotes, backslashes, line breaks and control characters too."""
    odd = {**VISIT, "phone": 'a"b\\c\n\td\x01 𠮷', "client": '甲\\"公司'}
    flawed = visits_book(tmp_path / "odd.xlsx", visits=[odd, {**VISIT, "staff": None}])
    good = visits_book(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    for lang in ("zh", "en"):
        code, out, _ = run_cli(
            capsys, "validate", flawed, good, bad, "--as-of", "2026-11-05", "--format", "json",
            "--lang", lang,
        )  # fmt: skip
        data = json.loads(out)
        assert code == 2 and [len(e["findings"]) > 0 for e in data["files"]] == [True, False, False]
        assert any('a"b\\c\n' in f["message"] for f in findings_of(data, "V05"))
        assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["validate"],
        ["validate", "{good}", "--as-of", "not a time"],
        ["validate", "{good}", "--as-of", "2026-13-45"],
        ["validate", "{good}", "--set", "followup_days"],
        ["validate", "{good}", "--format", "xml"],
        ["validate", "{good}", "--config", "{tmp}/nowhere.toml"],
        ["validate", "{good}", "--roster", "{tmp}/nowhere.xlsx"],
        ["validate", "{tmp}/nothing-*.xlsx"],
        ["compute", "{good}"],
        ["new", "spreadsheet", "-o", "{tmp}/x.xlsx"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    good = visits_book(tmp_path / "good.xlsx")
    args = [a.format(good=good, tmp=tmp_path) for a in argv]
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert err.strip() and "Traceback" not in err
    assert "files" not in out  # no report was printed


# --- many files, folders, globs, lock files -----------------------------------------------


def lock_file(path: Path) -> Path:
    """What Excel leaves beside an open workbook: the owner's name, not a workbook."""
    path.write_bytes(b"\x06csbook" + b"\x00" * 158)
    return path


def test_many_files_folders_and_globs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder, globbed = tmp_path / "分公司", tmp_path / "globbed"
    folder.mkdir()
    globbed.mkdir()
    visits_book(folder / "b.xlsx")
    visits_book(folder / "a.xlsx")
    lock_file(folder / "~$a.xlsx")
    (folder / "说明.txt").write_text("not a workbook", encoding="utf-8")
    visits_book(globbed / "c.xlsx")
    lock_file(globbed / "~$c.xlsx")
    single = visits_book(tmp_path / "d.xlsx")

    code, data = validate_json(
        capsys, folder, str(globbed / "*.xlsx"), single, "--as-of", "2026-11-05"
    )
    assert code == 0, data
    names = [Path(e["file"]).name for e in data["files"]]
    assert names == ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]
    assert all(e["ok"] and e["error"] is None for e in data["files"])

    code, out, _ = run_cli(capsys, "validate", folder, "--as-of", "2026-11-05")
    assert code == 0
    assert "~$" not in out and "说明" not in out


def test_a_pattern_or_folder_giving_no_workbook_is_said_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A mistyped pattern or an empty folder passed over without a word leaves a month's
    registers out unsaid; a .csv export in a branch folder is said too, not skipped."""
    single = visits_book(tmp_path / "d.xlsx")
    (tmp_path / "空").mkdir()
    (tmp_path / "导出").mkdir()
    (tmp_path / "导出" / "回访登记表.csv").write_text("回访日期,客户单位\n", encoding="utf-8")
    pattern = str(tmp_path / "10月" / "*回访登记表*.xlsx")
    code, data = validate_json(
        capsys, single, pattern, tmp_path / "空", tmp_path / "导出", "--as-of", "2026-11-05"
    )
    assert code == 2  # files that cannot be read; d.xlsx is still checked
    errors = {e["file"]: e["error"] for e in data["files"]}
    assert errors == {
        str(single): None,
        pattern: "没有与之匹配的文件",
        str(tmp_path / "空"): "文件夹中没有工作簿（.xlsx、.xlsm、.xls、.ods）",
        str(tmp_path / "导出" / "回访登记表.csv"): (
            ".csv 格式（WPS 表格、.xlsb、.csv 等）无法读取：请另存为 .xlsx 后再处理"
        ),
    }


# --- --as-of, --set, csbook.toml, --roster -------------------------------------------------


def reply_findings(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> list[dict]:
    code, data = validate_json(capsys, path, *more)
    assert code == 0  # D03 is a warning
    return findings_of(data, "D03")


def test_as_of_fixes_the_reply_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    waiting = {**COMPLAINT, "replied_at": None}
    path = visits_book(tmp_path / "v.xlsx", complaints=[waiting])
    # due Tuesday 2026-11-03 09:00
    assert reply_findings(capsys, path, "--as-of", "2026-11-03 08:59") == []
    assert reply_findings(capsys, path, "--as-of", "2026-11-02") == []
    late = reply_findings(capsys, path, "--as-of", "2026-11-03 09:01")
    assert [(f["row"], f["column"], f["severity"]) for f in late] == [
        (2, "首次回复时间", "warning")
    ]
    assert "已超期未回复" in late[0]["message"] and "2026-11-03 09:00" in late[0]["message"]
    # a date alone means the end of that day
    assert len(reply_findings(capsys, path, "--as-of", "2026-11-03")) == 1
    # the same reference time gives the same report
    again = reply_findings(capsys, path, "--as-of", "2026-11-03 09:01")
    assert again == late
    (en,) = reply_findings(capsys, path, "--as-of", "2026-11-03 09:01", "--lang", "en")
    assert en["message"].startswith("no reply and overdue")


def followup_findings(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> list[dict]:
    code, data = validate_json(capsys, path, "--as-of", "2026-11-09", *more)
    assert code == 0, data
    return [(f["row"], f["rule"]) for f in findings_of(data) if f["rule"] == "D04"]


def test_set_overrides_the_settings_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx", [VISIT, RESOLVED])  # 参数 says followup_days 3
    assert followup_findings(capsys, path) == [(3, "D04")]
    assert followup_findings(capsys, path, "--set", "followup_days=7") == []
    assert followup_findings(capsys, path, "--set", " followup_days = 7 ") == []

    seven = visits_book(tmp_path / "v7.xlsx", [VISIT, RESOLVED], settings=Settings(followup_days=7))
    assert followup_findings(capsys, seven) == []
    assert followup_findings(capsys, seven, "--set", "followup_days=3") == [(3, "D04")]


def test_config_file_overrides_the_settings_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx", [VISIT, RESOLVED])
    config = tmp_path / "conf" / "csbook.toml"
    config.parent.mkdir()
    config.write_text("[settings]\nfollowup_days = 7\n", encoding="utf-8")
    assert followup_findings(capsys, path) == [(3, "D04")]
    assert followup_findings(capsys, path, "--config", config) == []
    # --set wins over the file
    assert followup_findings(capsys, path, "--config", config, "--set", "followup_days=3") == [
        (3, "D04")
    ]
    # ./csbook.toml is read when present
    (tmp_path / "csbook.toml").write_text("[settings]\nfollowup_days = 7\n", encoding="utf-8")
    assert followup_findings(capsys, path) == []


def test_bad_config_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx")
    config = tmp_path / "broken.toml"
    config.write_text("[settings\nfollowup_days = ", encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", path, "--config", config)
    assert code == 2 and "broken.toml" in err and not out


def test_invalid_set_value_is_not_blamed_on_the_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx")
    code, out, err = run_cli(
        capsys, "validate", path, "--set", "followup_days=abc", "--format", "json"
    )
    assert code != 0
    assert "followup_days" in out + err
    if out.strip():
        data = json.loads(out)
        assert not [f for f in findings_of(data) if f["sheet"] == "参数" and f["row"] > 0]


def test_unknown_set_key_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = visits_book(tmp_path / "v.xlsx")
    _, out, err = run_cli(capsys, "validate", path, "--set", "folowup_days=7")
    assert "folowup_days" in out + err


def test_roster_makes_v12_fire(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = build_template(
        "penalties",
        tmp_path / "处罚汇总表.xlsx",
        rows={"员工": [{"staff_id": "001", "name": "张伟"}, {"staff_id": "002", "name": "王芳"}]},
    )
    stranger = {**VISIT, "client": "乙公司", "staff": "李四"}
    path = visits_book(tmp_path / "v.xlsx", [VISIT, stranger])
    code, data = validate_json(capsys, path, "--as-of", "2026-11-05")
    assert findings_of(data, "V12") == []
    code, data = validate_json(capsys, path, "--as-of", "2026-11-05", "--roster", roster)
    (v12,) = findings_of(data, "V12")
    assert (v12["sheet"], v12["row"], v12["column"]) == ("回访登记", 3, "回访人")
    assert "李四" in v12["message"]
    assert code == (1 if v12["severity"] == "error" else 0)


def test_roster_that_is_not_a_penalty_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx")
    code, out, err = run_cli(capsys, "validate", path, "--roster", path)
    assert code == 2 and "员工" in err and not out


# --- new ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_new_writes_the_template(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out" / f"{kind}.xlsx"
    code, out, _ = run_cli(capsys, "new", kind, "-o", target)
    assert code == 0 and str(target) in out
    assert target.read_bytes() == (TEMPLATES / TEMPLATE_FILES[kind]).read_bytes()

    target.write_bytes(b"my own work")
    code, _, err = run_cli(capsys, "new", kind, "-o", target)
    assert code == 2 and "--force" in err
    assert target.read_bytes() == b"my own work"

    code, _, _ = run_cli(capsys, "new", kind, "-o", target, "--force")
    assert code == 0
    assert target.read_bytes() == (TEMPLATES / TEMPLATE_FILES[kind]).read_bytes()


def test_new_without_o_writes_the_template_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run_cli(capsys, "new", "handover")
    assert code == 0
    written = tmp_path / TEMPLATE_FILES["handover"]
    assert written.read_bytes() == (TEMPLATES / TEMPLATE_FILES["handover"]).read_bytes()


# --- python -m csbook ---------------------------------------------------------------------


def test_python_m_csbook(tmp_path: Path) -> None:
    good = visits_book(tmp_path / "good.xlsx")
    bad = visits_book(tmp_path / "bad.xlsx", [{**VISIT, "staff": None}])
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "csbook", "validate", good, bad),
            *("--format", "json", "--as-of", "2026-11-05"),
        ],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert [e["ok"] for e in data["files"]] == [True, False]
    assert findings_of(data)[0]["message"] == "必填项为空"

    proc = subprocess.run(
        [sys.executable, "-m", "csbook", "frobnicate"], capture_output=True, cwd=tmp_path
    )
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_folders_are_searched_with_their_sub_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for branch in ("一分公司", "二分公司"):
        (tmp_path / "month" / branch).mkdir(parents=True)
        visits_book(tmp_path / "month" / branch / "回访登记表.xlsx")
    (tmp_path / "month" / ".hidden").mkdir()
    (tmp_path / "month" / ".hidden" / "x.xlsx").write_text("not a workbook")
    code, data = validate_json(capsys, tmp_path / "month", "--as-of", "2026-11-02")
    assert code == 0
    assert sorted(Path(f["file"]).parent.name for f in data["files"]) == ["一分公司", "二分公司"]


def test_outputs_that_cannot_be_written_are_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = visits_book(tmp_path / "回访登记表.xlsx")
    (tmp_path / "taken.xlsx").mkdir()
    code, _, err = run_cli(
        capsys, "summary", book, "--month", "2026-11", "-o", tmp_path / "taken.xlsx"
    )
    assert code == 2 and "taken.xlsx" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "summary", book, "--month", "2026-11", "-o", tmp_path / "s.csv")
    assert code == 2 and ".xlsx" in err


def test_outputs_are_readable_by_colleagues(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = visits_book(tmp_path / "in" / "回访登记表.xlsx")
    mask = os.umask(0o022)  # the usual umask, whatever the test runner's
    try:
        assert (
            run_cli(capsys, "compute", book, "-o", tmp_path / "out", "--as-of", "2026-11-02")[0]
            == 0
        )
    finally:
        os.umask(mask)
    mode = (tmp_path / "out" / "回访登记表.xlsx").stat().st_mode & 0o777
    assert mode == 0o644  # not the 0600 of a temporary file


def test_an_ambiguous_as_of_is_refused_not_guessed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = visits_book(tmp_path / "v.xlsx")
    code, _, err = run_cli(capsys, "validate", path, "--as-of", "11/03/2026")
    assert code == 2 and "也可能是2026-03-11" in err
    code, _, err = run_cli(capsys, "validate", path, "--as-of", "25/11/2026")  # one reading
    assert code in (0, 1) and "as-of" not in err


# xlwings made unimportable: the batch face must not need the [excel] extra
NO_XLWINGS = """
import sys


class NoXlwings:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "xlwings":
            raise ImportError("xlwings is not installed (blocked by the test)")


sys.meta_path.insert(0, NoXlwings())
"""


def test_the_command_line_runs_without_xlwings(tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(NO_XLWINGS, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim), str(root)])}

    def csbook(*argv: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, *argv], capture_output=True, cwd=tmp_path, env=env, timeout=300
        )

    assert b"blocked by the test" in csbook("-c", "import xlwings").stderr
    demo = csbook("-m", "csbook", "demo", tmp_path / "demo")
    assert demo.returncode in (0, 1), demo.stderr.decode("utf-8", "replace")
    assert sorted(p.name for p in (tmp_path / "demo" / "computed").iterdir()) == [
        "交接班记录.xlsx",
        "回访登记表.xlsx",
        "处罚汇总表.xlsx",
    ]
    for kind in ("visits", "handover", "penalties"):
        made = csbook("-m", "csbook", "new", kind, "-o", tmp_path / f"{kind}.xlsx")
        assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    summary = csbook(
        *("-m", "csbook", "summary", tmp_path / "demo" / "computed"),
        *("--month", "2026-10", "-o", tmp_path / "s.xlsx"),
    )
    # 1: the sample's deliberate mistakes leave one person's month incomplete
    assert summary.returncode in (0, 1), summary.stderr.decode("utf-8", "replace")
    assert "已生成" in summary.stdout.decode("utf-8") and (tmp_path / "s.xlsx").stat().st_size
    validate = csbook("-m", "csbook", "validate", tmp_path / "visits.xlsx", "--format", "json")
    assert validate.returncode == 0, validate.stderr.decode("utf-8", "replace")
    assert b"xlwings" not in demo.stderr + summary.stderr + validate.stderr
