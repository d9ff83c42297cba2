"""A generated sheet (月处罚汇总) written as a whole worksheet part into a package: added at
the end of the workbook, or in place of the part of a sheet of the same name (its part name
and relationship kept). The cells, looks, widths, frozen header, autofilter, page breaks and
print settings come from `csbook.io.report_layout`, as for the other writers; the SUM totals
carry their cached values.
"""

from __future__ import annotations

from lxml import etree

from ..rules.report import Report
from .report_layout import ReportLayout, column_letter, layout
from .source import rels_of
from .xlsx_cells import cell_xml
from .xlsx_package import (
    FILTER_NAME,
    MAIN,
    PRINT_TITLES,
    REL,
    Package,
    PackageError,
    q,
    serialize,
)
from .xlsx_styles import Styles


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def _row_start(r: int, height: float | None) -> bytes:
    """A row's start tag; wrapped text gets its height, as spreadsheet programs that do not fit
    heights on opening (LibreOffice) would otherwise show one line of it."""
    if height is None:
        return f'<row r="{r}">'.encode()
    return f'<row r="{r}" ht="{height:g}" customHeight="1">'.encode()


def _filtered(out: ReportLayout) -> str | None:
    """The range of the sheet's autofilter: its first list, the main one (a worksheet has one
    autofilter; the batch writer gives every list its own through a table)."""
    if not out.lists:
        return None
    header_row, last, columns = out.lists[0]
    return f"$A${header_row}:${column_letter(columns)}${last}"


def _print_titles(out: ReportLayout) -> list[str]:
    """The columns, then the rows, printed on every page (in Excel's order)."""
    titles = []
    if out.print_fit.title_columns:
        titles.append(f"$A:${column_letter(out.print_fit.title_columns)}")
    if out.title_rows is not None:
        titles.append("${}:${}".format(*out.title_rows))
    return titles


def sheet_xml(out: ReportLayout, styles: Styles, date1904: bool) -> bytes:
    if out.charts:  # compute's generated sheets have none; a chart part is not written here
        raise PackageError("生成的工作表含图表，无法原样写入", "a generated sheet with charts")
    # None keys the default namespace (lxml-stubs types nsmap keys as str only)
    root = etree.Element(q("worksheet"), nsmap={None: MAIN, "r": REL})  # type: ignore[dict-item]
    pr = etree.SubElement(root, q("sheetPr"))
    etree.SubElement(pr, q("pageSetUpPr"), fitToPage="1")
    last_row = max((c.row for c in out.cells), default=1)
    last_col = max((c.column for c in out.cells), default=1)
    etree.SubElement(root, q("dimension"), ref=f"A1:{column_letter(last_col)}{last_row}")
    view = etree.SubElement(etree.SubElement(root, q("sheetViews")), q("sheetView"))
    view.set("workbookViewId", "0")
    if out.freeze_row is not None and out.freeze_row > 1:
        etree.SubElement(
            view,
            q("pane"),
            ySplit=str(out.freeze_row - 1),
            topLeftCell=f"A{out.freeze_row}",
            activePane="bottomLeft",
            state="frozen",
        )
        etree.SubElement(view, q("selection"), pane="bottomLeft")
    etree.SubElement(root, q("sheetFormatPr"), defaultRowHeight="15")
    if out.widths:
        cols = etree.SubElement(root, q("cols"))
        for c, width in sorted(out.widths.items()):
            etree.SubElement(
                cols, q("col"), min=str(c), max=str(c), width=f"{width:g}", customWidth="1"
            )
    etree.SubElement(root, q("sheetData"))
    rows: dict[int, list[bytes]] = {}
    merged = {id(line.cell): line.style for line in out.merges}
    for cell in sorted(out.cells, key=lambda c: (c.row, c.column)):
        ref = f"{column_letter(cell.column)}{cell.row}"
        value = None if cell.value == "" else cell.value
        style = merged.get(id(cell), cell.style)
        xml = cell_xml(ref, value, styles.of(style), date1904, cell.formula)
        rows.setdefault(cell.row, []).append(xml)
    filtered = _filtered(out)
    if filtered:
        etree.SubElement(root, q("autoFilter"), ref=filtered.replace("$", ""))
    if out.merges:
        merges = etree.SubElement(root, q("mergeCells"), count=str(len(out.merges)))
        for line in out.merges:
            etree.SubElement(merges, q("mergeCell"), ref=line.ref)
    etree.SubElement(root, q("printOptions"), horizontalCentered="1")
    etree.SubElement(
        root,
        q("pageMargins"),
        left="0.4",
        right="0.4",
        top="0.75",
        bottom="0.75",
        header="0.3",
        footer="0.3",
    )
    etree.SubElement(
        root,
        q("pageSetup"),
        paperSize="9",
        orientation="landscape" if out.print_fit.landscape else "portrait",
        fitToWidth=str(out.print_fit.pages_wide),
        fitToHeight="0",
    )
    header_footer = etree.SubElement(root, q("headerFooter"))
    etree.SubElement(header_footer, q("oddHeader")).text = f"&C{_header_text(out.header)}"
    etree.SubElement(header_footer, q("oddFooter")).text = f"&C{out.footer}"
    if out.breaks:
        breaks = etree.SubElement(
            root,
            q("rowBreaks"),
            count=str(len(out.breaks)),
            manualBreakCount=str(len(out.breaks)),
        )
        for row_number in out.breaks:
            etree.SubElement(breaks, q("brk"), id=str(row_number), max="16383", man="1")
    # the cells are written by the same code as a register's, into the empty <sheetData/>
    data = b"".join(
        _row_start(r, out.heights.get(r)) + b"".join(cells) + b"</row>" for r, cells in rows.items()
    )
    return serialize(root).replace(b"<sheetData/>", b"<sheetData>" + data + b"</sheetData>", 1)


def put_report(package: Package, report: Report, styles: Styles) -> bool:
    """Write each sheet of `report`, replacing a sheet of the same name (generated sheets are
    the program's, never a person's). Returns whether a replaced sheet held formulas (then
    calcChain.xml, which may list them, must go)."""
    had_formulas = False
    for sheet in report.sheets:
        out = layout(sheet)
        data = sheet_xml(out, styles, package.date1904)
        part = package.sheet_parts().get(sheet.name)
        if part is None:
            package.add_sheet(sheet.name, data)
        else:
            had_formulas = had_formulas or b"<f" in package.read(part)
            package.put(part, data)
            if package.has(rels_of(part)):  # the old sheet's drawings and notes go with it
                package.drop(rels_of(part))
        package.set_sheet_name(sheet.name, PRINT_TITLES, _print_titles(out))
        filtered = _filtered(out)
        package.set_sheet_name(sheet.name, FILTER_NAME, [filtered] if filtered else [])
    return had_formulas
