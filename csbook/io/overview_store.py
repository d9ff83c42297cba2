"""总览's data (`rules.overview_data.OverviewData`) kept inside the summary workbook.

It is kept in custom document properties (Excel: 文件 ▸ 信息 ▸ 属性 ▸ 高级属性 ▸ 自定义),
not in a hidden sheet or a custom XML part: staff never meet them while working in the
sheets (no sort, filter, formula or copied sheet touches them), Excel keeps a workbook's
properties when saving it and so does LibreOffice (tests/test_mail.py saves one through it),
XlsxWriter writes them (it cannot write custom XML parts) and openpyxl reads them and keeps
them when saving. A property holds at most 255 characters of text, so the
data, as compact JSON, is cut into numbered parts: `csbook.overview.parts` says how many,
`csbook.overview.001` … hold them in order.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..rules.monthly.overview import OVERVIEW_NAME
from ..rules.overview_data import VALUE_HEADER, HeadlineFigure, OverviewData, OverviewSheet
from .report_layout import ReportLayout, column_letter

PREFIX = "csbook.overview"
COUNT = f"{PREFIX}.parts"
PART_UNITS = 255  # Excel's limit for a text property, in UTF-16 code units


class OverviewStoreError(Exception):
    """The workbook holds no readable 总览 data; the text says why, in Chinese."""


def _parts(text: str) -> list[str]:
    """`text` cut into pieces of at most PART_UNITS UTF-16 units, never inside a character."""
    parts: list[str] = []
    start, units = 0, 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > PART_UNITS:
            parts.append(text[start:i])
            start, units = i, 0
        units += width
    parts.append(text[start:])
    return parts


def store(wb: Any, sheet: OverviewSheet, out: ReportLayout) -> None:
    """Add the data of `sheet`, laid out as `out`, to an XlsxWriter workbook as custom
    document properties, each figure with the cell its value was laid out in."""
    where = out.tables[sheet.headline_block]
    column = column_letter(sheet.headline.at(VALUE_HEADER) + 1)
    data = sheet.data([f"{column}{where.first + r}" for r in range(len(sheet.headline.rows))])
    # compact JSON has spaces only inside strings; escaped, no part starts or ends with one
    # that a program saving the workbook again might trim
    text = data.model_dump_json().replace(" ", "\\u0020")
    parts = _parts(text)
    wb.set_custom_property(COUNT, len(parts))
    for n, part in enumerate(parts, start=1):
        wb.set_custom_property(f"{PREFIX}.{n:03d}", part)


@dataclass
class StoredOverview:
    """The data stored in a summary workbook, and what its figures' cells hold now."""

    data: OverviewData
    found: dict[str, Any]  # cell (A1) -> the value in it now, on the data's sheet

    def edited(self) -> list[tuple[HeadlineFigure, Any]]:
        """(figure, value now) of each figure whose cell no longer holds what was written."""
        return [
            (figure, self.found.get(figure.cell))
            for figure in self.data.figures
            if not _same(figure.value, self.found.get(figure.cell))
        ]


def _same(written: int | float | None, now: Any) -> bool:
    if written is None:
        return now is None or now == ""
    if isinstance(now, bool) or not isinstance(now, int | float):
        return False
    # a share goes through the file as decimal text: equal up to its last digits
    return math.isclose(written, now, rel_tol=1e-9, abs_tol=1e-12)


def _decode(path: Path, values: dict[str, Any]) -> OverviewData:
    try:
        count = int(float(values[COUNT]))
        text = "".join(str(values[f"{PREFIX}.{n:03d}"]) for n in range(1, count + 1))
        raw = json.loads(text)
    except (KeyError, ValueError, TypeError) as e:
        why = f"缺少 {e.args[0]}" if isinstance(e, KeyError) else str(e)
        raise OverviewStoreError(
            f"{path.name} 中 csbook 写入的总览数据不完整或已损坏（{why}）："
            "请用 csbook summary 重新生成汇总"
        ) from None
    version = raw.get("version") if isinstance(raw, dict) else None
    if version != OverviewData.model_fields["version"].default:
        raise OverviewStoreError(
            f"{path.name} 的总览数据是另一版本的 csbook 写入的（格式 {version}），"
            "本版本无法读取：请用本版本的 csbook summary 重新生成汇总"
        )
    try:
        return OverviewData.model_validate(raw)
    except ValidationError as e:
        raise OverviewStoreError(
            f"{path.name} 中 csbook 写入的总览数据无法读取（{e.error_count()} 处不符）："
            "请用 csbook summary 重新生成汇总"
        ) from None


def _cells(ws: Any, cells: list[str]) -> dict[str, Any]:
    """The values of `cells` (A1) of a read-only worksheet, reading only the rows they span."""
    from openpyxl.utils.cell import coordinate_to_tuple

    at = {cell: coordinate_to_tuple(cell) for cell in cells if cell}
    if not at:
        return {}
    first = min(r for r, _ in at.values())
    last = max(r for r, _ in at.values())
    rows = list(ws.iter_rows(min_row=first, max_row=last, values_only=True))
    found: dict[str, Any] = {}
    for cell, (r, c) in at.items():
        row = rows[r - first] if r - first < len(rows) else ()
        found[cell] = row[c - 1] if c - 1 < len(row) else None
    return found


def read_stored(path: Path) -> StoredOverview:
    """The 总览 data a summary workbook holds, with its figures' cells as they are now;
    `OverviewStoreError` when there is none, or it cannot be read, or its sheet is gone."""
    import openpyxl  # only when reading a summary back

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise OverviewStoreError(f"无法打开工作簿 {path.name}：{e}") from None
    try:
        values = {p.name: p.value for p in wb.custom_doc_props if p.name.startswith(PREFIX)}
        if not values:
            if OVERVIEW_NAME in wb.sheetnames:
                raise OverviewStoreError(
                    f"{path.name} 里没有 csbook 写入的总览数据（由旧版 csbook 生成，或“"
                    f"{OVERVIEW_NAME}”表不是 csbook 制作的），无法可靠地引用其中的数字："
                    "请用 csbook summary 重新生成汇总"
                )
            raise OverviewStoreError(
                f"{path.name} 不是 csbook 生成的汇总（月度汇总等）：其中没有总览数据"
            )
        data = _decode(path, values)
        if data.sheet not in wb.sheetnames:
            raise OverviewStoreError(
                f"{path.name} 里没有“{data.sheet}”工作表（已被删除或改名？），"
                "无法核对要引用的数字：请用 csbook summary 重新生成汇总"
            )
        found = _cells(wb[data.sheet], [f.cell for f in data.figures])
    finally:
        wb.close()
    return StoredOverview(data, found)
