"""What people add to a register, put into a workbook package the way Excel stores it: an
image and a chart (a DrawingML drawing), a pivot table, a cross-sheet dropdown and data bars
and a 3-star icon set (Excel 2010 `x14` extensions), a threaded comment, a defined name,
a hidden column, sheet protection, and a 统计 sheet of formulas with their cached values.

Each is written by hand into the XML parts (no library models all of them), so the tests of
SPEC §7 can check that `csbook compute` carries every part over untouched.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# 统计: user formulas over the register's input columns, with the values Excel cached
FORMULAS = {
    "B1": ("COUNTA('{sheet}'!B2:B200)", "{rows}", None),
    "B2": ('IF(B1>0,"有登记","无")', "有登记", "str"),
    "B3": ("COUNTA(登记客户)", "{rows}", None),
    "B4": ("SUM(E2:E3)", "3", None),
}
PIVOT_SOURCE = [("类别", "数量"), ("甲", 1), ("乙", 2)]  # 统计!D1:E3


def png() -> bytes:
    """A 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _q(name: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{name}"


class _Parts:
    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            self.order = zf.namelist()
            self.data = {n: zf.read(n) for n in self.order}
        self.trees: dict[str, etree._Element] = {}

    def tree(self, name: str) -> etree._Element:
        if name not in self.trees:
            self.trees[name] = etree.fromstring(self.data[name])
        return self.trees[name]

    def add(self, name: str, data: bytes | str, content_type: str | None = None) -> None:
        self.data[name] = data.encode() if isinstance(data, str) else data
        self.order.append(name)
        if content_type:
            etree.SubElement(
                self.tree("[Content_Types].xml"),
                _q("Override", CT),
                PartName=f"/{name}",
                ContentType=content_type,
            )

    def relate(self, source: str, kind: str, target: str) -> str:
        folder, base = posixpath.split(source)
        rels = f"{folder}/_rels/{base}.rels"
        if rels not in self.data:
            self.add(rels, f'<Relationships xmlns="{PKG}"/>')
        root = self.tree(rels)
        rid = f"rId{len(root) + 100}"
        etree.SubElement(root, _q("Relationship", PKG), Id=rid, Type=kind, Target=target)
        return rid

    def sheet_part(self, name: str) -> str:
        rels = {r.get("Id"): r.get("Target") for r in self.tree("xl/_rels/workbook.xml.rels")}
        for sheet in self.tree("xl/workbook.xml").iter(_q("sheet")):
            if sheet.get("name") == name:
                return posixpath.normpath(posixpath.join("xl", rels[sheet.get(_q("id", R))]))
        raise KeyError(name)

    def save(self, path: Path) -> None:
        for name, root in self.trees.items():
            self.data[name] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in self.order:
                zf.writestr(name, self.data[name])


def _before(root: etree._Element, new: etree._Element, *later: str) -> None:
    for i, child in enumerate(root):
        if etree.QName(child).localname in later:
            root.insert(i, new)
            return
    root.append(new)


_TAIL = ("printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks")
_TAIL += ("drawing", "legacyDrawing", "picture", "oleObjects", "controls", "tableParts", "extLst")


def _register_features(parts: _Parts, part: str, choices: str) -> None:
    root = parts.tree(part)
    # a hidden input column (C) and sheet protection that still allows editing cells
    for col in root.iter(_q("col")):
        if col.get("min") == "3":
            col.set("hidden", "1")
    protection = etree.Element(_q("sheetProtection"), sheet="1", objects="1", scenarios="1")
    protection.set("formatColumns", "0")
    root.find(_q("sheetData")).addnext(protection)
    # data bars (Excel 2010 look) and a 3-star icon set on the visit dates
    cf = etree.Element(_q("conditionalFormatting"), sqref="A2:A200")
    rule = etree.SubElement(cf, _q("cfRule"), type="dataBar", priority="1")
    bar = etree.SubElement(rule, _q("dataBar"))
    etree.SubElement(bar, _q("cfvo"), type="min")
    etree.SubElement(bar, _q("cfvo"), type="max")
    etree.SubElement(bar, _q("color"), rgb="FF638EC6")
    ext = etree.SubElement(
        etree.SubElement(rule, _q("extLst")),
        _q("ext"),
        uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}",
        nsmap={"x14": X14},
    )
    etree.SubElement(ext, _q("id", X14)).text = "{6A5F1D47-0000-4000-8000-000000000001}"
    _before(root, cf, "dataValidations", "hyperlinks", *_TAIL)
    # the drawing with an image and a chart
    drawing = "xl/drawings/drawing1.xml"
    rid = parts.relate(part, f"{R}/drawing", "../drawings/drawing1.xml")
    _before(root, etree.Element(_q("drawing"), {_q("id", R): rid}), *_TAIL[6:])
    _drawing(parts, drawing)
    # threaded comment on A1 (persons part on the workbook)
    parts.relate(
        part,
        "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
        "../threadedComments/threadedComment1.xml",
    )
    parts.add(
        "xl/threadedComments/threadedComment1.xml",
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        '<threadedComment ref="B1" dT="2026-11-02T09:00:00.00" personId="{11111111-2222-3333-4444-555555555555}"'
        ' id="{AAAAAAAA-0000-4000-8000-000000000001}"><text>客户单位请写全称</text></threadedComment>'
        "</ThreadedComments>",
        "application/vnd.ms-excel.threadedcomments+xml",
    )
    # Excel 2010 extensions: a dropdown fed by another sheet, the data bar's settings, stars
    ext_list = etree.SubElement(root, _q("extLst"))
    cf_ext = etree.SubElement(
        ext_list,
        _q("ext"),
        uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}",
        nsmap={"x14": X14},
    )
    formats = etree.SubElement(cf_ext, _q("conditionalFormattings", X14))
    fmt = etree.SubElement(formats, _q("conditionalFormatting", X14), nsmap={"xm": XM})
    bar_rule = etree.SubElement(
        fmt, _q("cfRule", X14), type="dataBar", id="{6A5F1D47-0000-4000-8000-000000000001}"
    )
    bar14 = etree.SubElement(bar_rule, _q("dataBar", X14), minLength="0", maxLength="100")
    bar14.set("gradient", "0")
    etree.SubElement(bar14, _q("cfvo", X14), type="autoMin")
    etree.SubElement(bar14, _q("cfvo", X14), type="autoMax")
    etree.SubElement(bar14, _q("negativeFillColor", X14), rgb="FFFF0000")
    etree.SubElement(bar14, _q("axisColor", X14), rgb="FF000000")
    etree.SubElement(fmt, _q("sqref", XM)).text = "A2:A200"
    stars = etree.SubElement(formats, _q("conditionalFormatting", X14), nsmap={"xm": XM})
    star_rule = etree.SubElement(
        stars,
        _q("cfRule", X14),
        type="iconSet",
        priority="2",
        id="{6A5F1D47-0000-4000-8000-000000000002}",
    )
    icons = etree.SubElement(star_rule, _q("iconSet", X14), iconSet="3Stars")
    for percent in ("0", "33", "67"):
        cfvo = etree.SubElement(icons, _q("cfvo", X14), type="percent")
        etree.SubElement(cfvo, _q("f", XM)).text = percent
    etree.SubElement(stars, _q("sqref", XM)).text = "A2:A200"
    dv_ext = etree.SubElement(
        ext_list,
        _q("ext"),
        uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",
        nsmap={"x14": X14},
    )
    validations = etree.SubElement(dv_ext, _q("dataValidations", X14), count="1", nsmap={"xm": XM})
    dv = etree.SubElement(validations, _q("dataValidation", X14), type="list", allowBlank="1")
    etree.SubElement(etree.SubElement(dv, _q("formula1", X14)), _q("f", XM)).text = choices
    etree.SubElement(dv, _q("sqref", XM)).text = "D2:D200"


def _drawing(parts: _Parts, drawing: str) -> None:
    image_rid = parts.relate(drawing, f"{R}/image", "../media/image1.png")
    chart_rid = parts.relate(drawing, f"{R}/chart", "../charts/chart1.xml")
    parts.add("xl/media/image1.png", png())
    types = parts.tree("[Content_Types].xml")
    etree.SubElement(types, _q("Default", CT), Extension="png", ContentType="image/png")
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"

    def anchor(col: int, row: int) -> str:
        return (
            f"<xdr:twoCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
            f"<xdr:col>{col + 4}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row + 10}</xdr:row>"
            "<xdr:rowOff>0</xdr:rowOff></xdr:to>"
        )

    parts.add(
        drawing,
        f'<xdr:wsDr xmlns:xdr="{xdr}" xmlns:a="{a}" xmlns:r="{R}" xmlns:c="{c}">'
        + anchor(2, 8)
        + '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="徽标"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        f'<xdr:blipFill><a:blip r:embed="{image_rid}"/><a:stretch><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
        "</xdr:pic><xdr:clientData/></xdr:twoCellAnchor>"
        + anchor(8, 8)
        + '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="3" name="满意度图"/>'
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="'
        f'{c}"><c:chart r:id="{chart_rid}"/></a:graphicData></a:graphic></xdr:graphicFrame>'
        "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>",
        "application/vnd.openxmlformats-officedocument.drawing+xml",
    )
    parts.add(
        "xl/charts/chart1.xml",
        f'<c:chartSpace xmlns:c="{c}" xmlns:a="{a}" xmlns:r="{R}"><c:lang val="zh-CN"/>'
        "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>统计</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:barChart>'
        '<c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/>'
        '<c:order val="0"/><c:val><c:numRef><c:f>统计!$E$2:$E$3</c:f><c:numCache>'
        '<c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>1</c:v>'
        '</c:pt><c:pt idx="1"><c:v>2</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>'
        '<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/>'
        '<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/>'
        '<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>',
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    )


def _add_sheet(parts: _Parts, name: str, part: str, xml: str) -> None:
    parts.add(part, xml, SHEET_TYPE)
    rid = parts.relate("xl/workbook.xml", f"{R}/worksheet", part.removeprefix("xl/"))
    sheets = parts.tree("xl/workbook.xml").find(_q("sheets"))
    sheet_id = max(int(s.get("sheetId")) for s in sheets) + 1
    etree.SubElement(
        sheets, _q("sheet"), {"name": name, "sheetId": str(sheet_id), _q("id", R): rid}
    )


def _stats_sheet(parts: _Parts, register: str, rows: int) -> None:
    cells = []
    for ref, (formula, cached, kind) in FORMULAS.items():
        t = f' t="{kind}"' if kind else ""
        text = formula.format(sheet=register).replace("&", "&amp;").replace("<", "&lt;")
        cells.append(
            f'<row r="{ref[1:]}"><c r="{ref}"{t}><f>{text}</f><v>{cached.format(rows=rows)}</v></c>'
        )
    body = []
    for i, row in enumerate(cells, start=1):
        extra = ""
        if i <= len(PIVOT_SOURCE):
            label, number = PIVOT_SOURCE[i - 1]
            value = f"<v>{number}</v>" if isinstance(number, int) else f"<is><t>{number}</t></is>"
            t = "" if isinstance(number, int) else ' t="inlineStr"'
            extra = (
                f'<c r="D{i}" t="inlineStr"><is><t>{label}</t></is></c><c r="E{i}"{t}>{value}</c>'
            )
        body.append(row + extra + "</row>")
    _add_sheet(
        parts,
        "统计",
        "xl/worksheets/sheet90.xml",
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}"><sheetData>{"".join(body)}</sheetData>'
        '<sheetProtection sheet="1" objects="1" scenarios="1"/>'
        '<printOptions gridLines="1"/><pageMargins left="0.5" right="0.5" top="0.7" bottom="0.7"'
        ' header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait"/>'
        "</worksheet>",
    )


def _pivot(parts: _Parts) -> None:
    """A pivot table on 透视 summing 统计!E by D, with its cache and records."""
    parts.add(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" r:id="rId100" recordCount="2"'
        ' createdVersion="3" refreshedVersion="3" minRefreshableVersion="3">'
        '<cacheSource type="worksheet"><worksheetSource ref="D1:E3" sheet="统计"/></cacheSource>'
        '<cacheFields count="2"><cacheField name="类别" numFmtId="0"><sharedItems count="2">'
        '<s v="甲"/><s v="乙"/></sharedItems></cacheField><cacheField name="数量" numFmtId="0">'
        '<sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1"'
        ' containsInteger="1" minValue="1" maxValue="2"/></cacheField></cacheFields>'
        "</pivotCacheDefinition>",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    )
    parts.relate(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        f"{R}/pivotCacheRecords",
        "pivotCacheRecords1.xml",
    )
    parts.add(
        "xl/pivotCache/pivotCacheRecords1.xml",
        f'<pivotCacheRecords xmlns="{MAIN}" count="2"><r><x v="0"/><n v="1"/></r>'
        '<r><x v="1"/><n v="2"/></r></pivotCacheRecords>',
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
    )
    parts.add(
        "xl/pivotTables/pivotTable1.xml",
        f'<pivotTableDefinition xmlns="{MAIN}" name="透视表1" cacheId="7" dataCaption="值"'
        ' updatedVersion="3" minRefreshableVersion="3" createdVersion="3" useAutoFormatting="1"'
        ' itemPrintTitles="1" indent="0" outline="1" outlineData="1">'
        '<location ref="A3:B6" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        '<pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3">'
        '<item x="0"/><item x="1"/><item t="default"/></items></pivotField>'
        '<pivotField dataField="1" showAll="0"/></pivotFields>'
        '<rowFields count="1"><field x="0"/></rowFields><rowItems count="3"><i><x/></i>'
        '<i><x v="1"/></i><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>'
        '<dataFields count="1"><dataField name="求和项:数量" fld="1" baseField="0" baseItem="0"/>'
        "</dataFields></pivotTableDefinition>",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
    )
    parts.relate(
        "xl/pivotTables/pivotTable1.xml",
        f"{R}/pivotCacheDefinition",
        "../pivotCache/pivotCacheDefinition1.xml",
    )
    rows = [("行标签", "求和项:数量"), ("甲", 1), ("乙", 2), ("总计", 3)]
    xml_rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{label}</t></is></c>'
        + (
            f'<c r="B{r}"><v>{value}</v></c>'
            if isinstance(value, int)
            else f'<c r="B{r}" t="inlineStr"><is><t>{value}</t></is></c>'
        )
        + "</row>"
        for r, (label, value) in enumerate(rows, start=3)
    )
    _add_sheet(
        parts,
        "透视",
        "xl/worksheets/sheet91.xml",
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}"><sheetData>{xml_rows}</sheetData></worksheet>',
    )
    parts.relate("xl/worksheets/sheet91.xml", f"{R}/pivotTable", "../pivotTables/pivotTable1.xml")
    workbook = parts.tree("xl/workbook.xml")
    rid = parts.relate(
        "xl/workbook.xml", f"{R}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"
    )
    caches = etree.Element(_q("pivotCaches"))
    etree.SubElement(caches, _q("pivotCache"), {"cacheId": "7", _q("id", R): rid})
    _before(workbook, caches, "smartTagPr", "fileRecoveryPr", "webPublishObjects", "extLst")


def add_features(path: Path, register: str, rows: int, choices_sheet: str = "参数") -> Path:
    """Put every feature into the workbook at `path` (rewritten in place); `register` is the
    input sheet that gets the sheet-level ones, holding `rows` data rows."""
    parts = _Parts(path)
    part = parts.sheet_part(register)
    _register_features(parts, part, f"{choices_sheet}!$A$2:$A$6")
    _stats_sheet(parts, register, rows)
    _pivot(parts)
    workbook = parts.tree("xl/workbook.xml")
    names = workbook.find(_q("definedNames"))
    if names is None:
        names = etree.Element(_q("definedNames"))
        _before(workbook, names, "calcPr", "oleSize", "pivotCaches", "extLst")
    etree.SubElement(names, _q("definedName"), name="登记客户").text = f"'{register}'!$B$2:$B$200"
    parts.relate(
        "xl/workbook.xml",
        "http://schemas.microsoft.com/office/2017/10/relationships/person",
        "persons/person.xml",
    )
    parts.add(
        "xl/persons/person.xml",
        '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        '<person displayName="王主管" id="{11111111-2222-3333-4444-555555555555}" userId="wang"'
        ' providerId="None"/></personList>',
        "application/vnd.ms-excel.person+xml",
    )
    parts.save(path)
    return path
