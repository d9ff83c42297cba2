"""Bad input (SPEC §5, §3.0): a corpus of broken files checked in one run beside a good one.

Each unreadable file gets one clear message naming it, the others are still checked, the
exit code is 2, no input is touched and nothing crashes.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
from workbooks import write_book

from csbook.cli import main
from csbook.io.source import MAX_FILE_BYTES
from csbook.io.templates import build_template

AS_OF = "2026-11-20"
VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
COMPLAINT_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"]
OPTIONAL = {"参数": (["参数", "值", "说明"], []), "节假日": (["日期", "类型"], [])}

# file name -> words its message must contain (zh, en)
UNREADABLE = {
    "text.xlsx": ("不是 Excel 工作簿", "not an Excel workbook"),
    "empty.xlsx": ("空", "empty"),
    "random.xlsx": ("不是 Excel 工作簿", "not an Excel workbook"),
    "truncated.xlsx": ("损坏", "damaged"),
    "other-zip.xlsx": ("不是 Excel 工作簿", "not an Excel workbook"),
    "password.xlsx": ("密码", "password"),
    "foreign.xlsx": ("不是客服部工作簿", "not a csbook workbook"),
    "huge.xlsx": ("太大", "too large"),
    "missing.xlsx": ("不存在", "does not exist"),
    # a branch's register kept by WPS in its own format, or sent zipped with RAR
    "南京分公司-回访登记表.et": ("另存为 .xlsx", "save it as .xlsx"),
    "苏州分公司11月.rar": ("压缩包", "archive"),
    # an .xlsx renamed .xls "to be compatible": the reader goes by the name
    "renamed.xls": ("扩展名却是 .xls", "named .xls"),
}


@dataclass
class Corpus:
    folder: Path
    files: list[Path]  # in the order given on the command line

    def existing(self) -> list[Path]:
        return [p for p in self.files if p.exists()]


def good_book(path: Path) -> Path:
    return build_template(
        "visits",
        path,
        rows={
            "回访登记": [
                {
                    "visit_date": date(2026, 11, 3),
                    "client": "甲公司",
                    "method": "电话",
                    "kind": "定期回访",
                    "staff": "张伟",
                }
            ],
            "投诉登记": [
                {
                    "complaint_id": "T001",
                    "received_at": datetime(2026, 11, 2, 9, 0),
                    "client": "甲公司",
                    "channel": "电话",
                    "content": "账单有误",
                    "unit": "一站",
                    "replied_at": datetime(2026, 11, 2, 10, 0),
                    "owner": "王芳",
                }
            ],
        },
    )


def build_corpus(folder: Path) -> Corpus:
    good = good_book(folder / "good.xlsx")
    data = good.read_bytes()

    (folder / "text.xlsx").write_text("客户,电话\n甲公司,13812345678\n", encoding="utf-8")
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "random.xlsx").write_bytes(random.Random(7).randbytes(4096))
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(folder / "other-zip.xlsx", "w") as zf:
        zf.writestr("readme.txt", "a zip archive, not a workbook")
    with good.open("rb") as plain, (folder / "password.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("pw", out)
    write_book(folder / "foreign.xlsx", {"Sheet1": (["姓名", "金额"], [["张伟", 100]])})
    (folder / "南京分公司-回访登记表.et").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    )
    (folder / "renamed.xls").write_bytes(data)
    (folder / "苏州分公司11月.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + bytes(64))
    with (folder / "huge.xlsx").open("wb") as fh:  # sparse: costs no disk
        fh.write(b"PK\x03\x04")
        fh.truncate(MAX_FILE_BYTES + 1)

    # a damaged member inside an intact zip directory (a bad disk sector, a broken copy)
    member = zipfile.ZipFile(good).getinfo("xl/worksheets/sheet1.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    damaged = bytearray(data)
    for i in range(start + 8, start + member.compress_size - 8):
        damaged[i] ^= 0x5A
    (folder / "damaged-sheet.xlsx").write_bytes(bytes(damaged))

    write_book(
        folder / "no-complaints.xlsx",
        {
            "回访登记": (VISIT_HEADERS, [["2026-11-03", "甲公司", "电话", "定期回访", None]]),
            **OPTIONAL,
        },
    )
    write_book(
        folder / "no-header.xlsx",
        {
            # 回访人 is missing; the rows below would give R01/R02 if they were checked
            "回访登记": (VISIT_HEADERS[:-1], [["2026-13-45", None, "电话", "定期回访"]]),
            "投诉登记": (
                COMPLAINT_HEADERS,
                [["T1", "2026-11-02 09:00", "甲公司", "电话", "账单有误", None, "王芳"]],
            ),
            **OPTIONAL,
        },
    )
    write_book(
        folder / "cells.xlsx",
        {
            "回访登记": (
                VISIT_HEADERS,
                [
                    [("formula", "=Z99+1"), "甲公司", "电话", "定期回访", "张伟"],
                    [("error", "#REF!"), "乙公司", "电话", "定期回访", "张伟"],
                    ["2026年13月3日", "丙公司", "电话", "定期回访", "张伟"],
                    ["2026-11-05", "丁公司", "电话", "定期回访", "张伟"],
                ],
            ),
            "投诉登记": (COMPLAINT_HEADERS, []),
            **OPTIONAL,
        },
    )
    names = [
        "good.xlsx",
        *UNREADABLE,
        "damaged-sheet.xlsx",
        "no-complaints.xlsx",
        "no-header.xlsx",
        "cells.xlsx",
    ]
    return Corpus(folder, [folder / name for name in names])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("bad"))


def snapshot(files: list[Path]) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes()[:1_000_000], p.stat().st_mtime_ns) for p in files}


@dataclass
class Run:
    code: int
    data: dict
    stderr: str
    before: dict[Path, tuple[bytes, int]]
    after: dict[Path, tuple[bytes, int]]

    def entry(self, name: str) -> dict:
        (found,) = [e for e in self.data["files"] if Path(e["file"]).name == name]
        return found


@pytest.fixture(scope="module")
def json_run(corpus: Corpus) -> Run:
    """One `python -m csbook validate` over the whole corpus, in a real process."""
    before = snapshot(corpus.existing())
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "csbook", "validate"),
            *map(str, corpus.files),
            *("--format", "json", "--as-of", AS_OF),
        ],
        capture_output=True,
        cwd=corpus.folder,
        timeout=120,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.stdout, stderr
    return Run(
        proc.returncode,
        json.loads(proc.stdout.decode("utf-8")),
        stderr,
        before,
        snapshot(corpus.existing()),
    )


def test_exit_code_2_and_no_crash(json_run: Run) -> None:
    assert json_run.code == 2
    assert "Traceback" not in json_run.stderr


def test_every_file_is_reported_once_in_order(json_run: Run, corpus: Corpus) -> None:
    assert [e["file"] for e in json_run.data["files"]] == [str(p) for p in corpus.files]


def test_the_good_file_is_still_checked(json_run: Run) -> None:
    good = json_run.entry("good.xlsx")
    assert good == {"file": good["file"], "ok": True, "error": None, "findings": []}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_unreadable_file_has_one_clear_error(json_run: Run, name: str) -> None:
    entry = json_run.entry(name)
    assert entry["ok"] is False
    assert entry["findings"] == []
    assert isinstance(entry["error"], str)
    assert UNREADABLE[name][0] in entry["error"]
    for noise in ("Traceback", "Errno", "Error:", "object has no attribute"):
        assert noise not in entry["error"]


def test_damaged_sheet_is_reported(json_run: Run) -> None:
    """The zip directory is intact but a sheet's data is not: the file is unreadable, or
    the sheet is reported (R04) and not checked."""
    entry = json_run.entry("damaged-sheet.xlsx")
    assert entry["ok"] is False
    if entry["error"] is None:
        r04 = [f for f in entry["findings"] if f["rule"] == "R04"]
        assert [f["sheet"] for f in r04] == ["回访登记"]
        assert "回访登记" in r04[0]["message"]
        assert all(f["sheet"] != "回访登记" or f["rule"] == "R04" for f in entry["findings"])


def rules_of(entry: dict) -> set[tuple]:
    return {
        (f["sheet"], f["row"], f["column"], f["rule"], f["severity"]) for f in entry["findings"]
    }


def test_missing_sheet_is_r04_and_the_other_sheet_is_checked(json_run: Run) -> None:
    entry = json_run.entry("no-complaints.xlsx")
    assert entry["error"] is None and entry["ok"] is False
    assert rules_of(entry) == {
        ("投诉登记", 0, "", "R04", "error"),
        ("回访登记", 2, "回访人", "R01", "error"),
    }
    (r04,) = [f for f in entry["findings"] if f["rule"] == "R04"]
    assert "投诉登记" in r04["message"]


def test_missing_header_is_r04_and_only_that_sheet_is_skipped(json_run: Run) -> None:
    entry = json_run.entry("no-header.xlsx")
    assert entry["error"] is None and entry["ok"] is False
    visits = [f for f in entry["findings"] if f["sheet"] == "回访登记"]
    assert [(f["rule"], f["column"]) for f in visits] == [("R04", "回访人")]
    assert "回访人" in visits[0]["message"] and "回访登记" in visits[0]["message"]
    complaints = {(f["row"], f["column"], f["rule"]) for f in entry["findings"]} - {
        (f["row"], f["column"], f["rule"]) for f in visits
    }
    assert (2, "责任单位", "R01") in complaints


def test_formula_and_error_cells_are_r03_and_bad_dates_r02(json_run: Run) -> None:
    entry = json_run.entry("cells.xlsx")
    assert entry["error"] is None and entry["ok"] is False
    visits = {
        (f["row"], f["column"], f["rule"], f["severity"])
        for f in entry["findings"]
        if f["sheet"] == "回访登记"
    }
    assert visits == {
        (2, "回访日期", "R03", "error"),
        (3, "回访日期", "R03", "error"),
        (4, "回访日期", "R02", "error"),
    }
    messages = {f["row"]: f["message"] for f in entry["findings"] if f["sheet"] == "回访登记"}
    assert "#REF!" in messages[3]
    assert "公式" in messages[2]
    assert "2026年13月3日" in messages[4]


def test_no_input_file_was_modified(json_run: Run) -> None:
    assert json_run.after == json_run.before


def test_text_report_names_each_bad_file_once(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(corpus.existing())
    code = main(["validate", *map(str, corpus.files), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    assert code == 2 and not err
    lines = out.splitlines()
    for name, (zh, _) in UNREADABLE.items():
        path = str(corpus.folder / name)
        mine = [line for line in lines if line.startswith(path + ":")]
        assert len(mine) == 1, (name, mine)
        assert zh in mine[0]
    assert snapshot(corpus.existing()) == before


def test_english_errors(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    files = [corpus.folder / name for name in UNREADABLE]
    code = main(["validate", *map(str, files), "--format", "json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    for entry in data["files"]:
        name = Path(entry["file"]).name
        assert UNREADABLE[name][1] in entry["error"], entry


COPIED = ["good.xlsx", "no-complaints.xlsx", "no-header.xlsx", "cells.xlsx"]


def test_compute_goes_on_past_bad_files(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [p for p in corpus.files if p.name != "damaged-sheet.xlsx"]
    before = snapshot(corpus.existing())
    out = tmp_path / "out"
    code = main(["compute", *map(str, files), "-o", str(out), "--as-of", AS_OF])
    printed, err = capsys.readouterr()
    assert code == 2 and not err
    assert sorted(p.name for p in out.iterdir()) == sorted(COPIED)
    for name, (zh, _) in UNREADABLE.items():
        mine = [
            line for line in printed.splitlines() if line.startswith(f"{corpus.folder / name}:")
        ]
        assert len(mine) == 1 and zh in mine[0], (name, mine)
    assert snapshot(corpus.existing()) == before


def test_compute_goes_on_past_a_damaged_sheet(corpus: Corpus, tmp_path: Path) -> None:
    damaged = corpus.folder / "damaged-sheet.xlsx"
    good = corpus.folder / "good.xlsx"
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "csbook", "compute", str(damaged), str(good)),
            *("-o", str(out), "--as-of", AS_OF),
        ],
        capture_output=True,
        timeout=60,
    )
    printed = proc.stdout.decode("utf-8")
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2
    assert str(damaged) in printed
    assert sorted(p.name for p in out.iterdir()) == ["good.xlsx"]


def test_a_folder_gives_its_other_formats_and_archives_to_be_refused(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given as a folder, the register saved by WPS (.et) and the .rar are read and refused
    with what to do, not passed over: the branch's file is said, not only missing. Other
    files (a text note) are passed over."""
    (corpus.folder / "说明.txt").write_text("本月报表", encoding="utf-8")
    assert main(["validate", str(corpus.folder), "--format", "json", "--as-of", AS_OF]) == 2
    entries = {Path(e["file"]).name: e for e in json.loads(capsys.readouterr().out)["files"]}
    assert "另存为 .xlsx" in entries["南京分公司-回访登记表.et"]["error"]
    assert "压缩包" in entries["苏州分公司11月.rar"]["error"]
    assert "说明.txt" not in entries and "good.xlsx" in entries
