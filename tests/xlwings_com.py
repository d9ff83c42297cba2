"""Desktop Excel without Windows: xlwings' own Windows engine (`xlwings/_xlwindows.py`, the
code behind every `RunPython` button) run against a stand-in for Excel's object model that
counts COM calls.

`open_book(path)` loads a workbook file's values into the stand-in and returns a real
`xw.Book` on xlwings' Windows engine; `counter.calls` then tells how many times the program
crossed into "Excel". A COM call is one `IDispatch::Invoke`, as pywin32 makes it: reading or
setting a property (`rng.Value`, `rng.Font` then `.Bold = True` is two) and calling a method
or a parametrised property (`sheet.Range("A1")`, `sheet.Cells(1, 2)` is two: `Cells`, then
its default member). Taking a method off an object costs nothing until it is called.

The stand-in keeps each sheet's values (so a second press reads what the first wrote), the
sheets' order and names, the conditional formats per sheet, the status bar and the message
boxes; looks (fonts, fills, borders, widths) are counted and recorded as calls, not drawn.
pywin32's modules are small stubs, put in `sys.modules` for good (xlwings' Windows code looks
them up as it runs; they have no `VARIANT`, so csbook's custom functions still take the
non-Windows path); Windows' DLLs are stubbed while `_xlwindows` is imported only.
"""

from __future__ import annotations

import ctypes
import sys
import types
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timezone
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw

ERROR_CODES = {
    "#DIV/0!": -2146826281,
    "#N/A": -2146826246,
    "#NAME?": -2146826259,
    "#NULL!": -2146826288,
    "#NUM!": -2146826252,
    "#REF!": -2146826265,
    "#VALUE!": -2146826273,
}


@dataclass
class Counter_:
    """COM calls made, in total and by member name."""

    calls: int = 0
    by_name: Counter[str] = field(default_factory=Counter)
    by_line: Counter[str] = field(default_factory=Counter)  # the csbook line behind a call

    def hit(self, name: str) -> None:
        self.calls += 1
        self.by_name[name] += 1
        frame = sys._getframe(1)
        while frame is not None and "/csbook/" not in frame.f_code.co_filename:
            frame = frame.f_back
        if frame is not None:
            where = frame.f_code.co_filename.split("/csbook/")[-1]
            self.by_line[f"{where}:{frame.f_lineno}"] += 1

    def reset(self) -> None:
        self.calls = 0
        self.by_name.clear()
        self.by_line.clear()


counter = Counter_()
messages: list[str] = []  # the message boxes shown, their text


def _message_box(hwnd: int, text: str, title: str, style: int) -> int:
    messages.append(text)
    return 1  # OK


# ---------------------------------------------------------------------------------------------
# pywin32 and Windows stubs, enough for `import xlwings._xlwindows`
# ---------------------------------------------------------------------------------------------


class ComError(Exception):
    def __init__(self, hresult: int = -2147352567, msg: str = "", exc: Any = None) -> None:
        super().__init__(hresult, msg, exc, None)
        self.hresult = hresult


class CDispatch:
    """pywin32's dynamic dispatch object: the stand-in's objects derive from it, so that
    xlwings wraps them as it wraps real ones."""


class _Anything:
    def __getattr__(self, name: str) -> Any:
        return _Anything()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything()


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


def _windows_engine() -> types.ModuleType:
    if "xlwings._xlwindows" in sys.modules:
        return sys.modules["xlwings._xlwindows"]

    class TimeType(datetime):
        pass

    class Utc:
        @staticmethod
        def utc() -> timezone:
            return UTC

    client = _module(
        "win32com.client",
        CDispatch=CDispatch,
        CoClassBaseClass=type("CoClassBaseClass", (), {}),
        Dispatch=lambda *a: None,
        DispatchBaseClass=type("DispatchBaseClass", (), {}),
        DispatchEx=lambda *a: None,
    )
    stubs = {
        "pywintypes": _module(
            "pywintypes", TimeType=TimeType, com_error=ComError, error=OSError, IID=str
        ),
        "win32api": _module("win32api", MessageBox=_message_box),
        "win32con": _module(
            "win32con",
            MB_OK=0,
            MB_OKCANCEL=1,
            MB_YESNO=4,
            MB_YESNOCANCEL=3,
            MB_ICONINFORMATION=64,
            MB_ICONWARNING=48,
        ),
        "pythoncom": _module(
            "pythoncom", CoInitialize=lambda: None, ole_error=ComError, __file__="pythoncom"
        ),
        "win32com": _module("win32com", client=client),
        "win32com.client": client,
        "win32gui": _module(
            "win32gui",
            FindWindowEx=lambda *a: 0,
            GetForegroundWindow=lambda: 1,
            SetForegroundWindow=lambda h: None,
        ),
        "win32process": _module("win32process", GetWindowThreadProcessId=lambda h: (1, 4242)),
        "win32timezone": _module("win32timezone", TimeZoneInfo=Utc),
    }
    saved = {name: getattr(ctypes, name, None) for name in ("oledll", "windll", "PyDLL")}
    sys.modules.update({k: v for k, v in stubs.items() if k not in sys.modules})
    ctypes.oledll = ctypes.windll = _Anything()  # type: ignore[attr-defined]
    ctypes.PyDLL = lambda *a, **k: _Anything()  # type: ignore[assignment,misc]
    try:
        from xlwings import _xlwindows
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(ctypes, name)
            else:
                setattr(ctypes, name, value)
    _xlwindows.WindowsError = OSError  # a builtin on Windows only
    _xlwindows.N_COM_ATTEMPTS = 1  # a missing member is an error here, not a busy Excel
    return _xlwindows


# ---------------------------------------------------------------------------------------------
# the object model
# ---------------------------------------------------------------------------------------------


class Obj(CDispatch):
    """A COM object: a property read or write, or a method call, is one counted call.
    Properties are `get_X` / `set_X` methods or plain values in `_props`; methods are
    methods named as in Excel's object model."""

    _lenient = False  # unknown properties read as None (looks that are only set)

    def __init__(self, **props: Any) -> None:
        object.__setattr__(self, "_props", dict(props))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            if name == "_oleobj_":
                return _NoMember()
            raise AttributeError(name)
        counter.hit(name)
        getter = getattr(type(self), f"get_{name}", None)
        if getter is not None:
            return getter(self)
        if name in self._props:
            return self._props[name]
        if self._lenient:
            if name in ("Interior", "Font", "Borders"):
                self._props[name] = Look()
                return self._props[name]
            return None
        raise AttributeError(f"{type(self).__name__}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        counter.hit(name)
        setter = getattr(type(self), f"set_{name}", None)
        if setter is not None:
            setter(self, value)
        else:
            self._props[name] = value


class _NoMember:
    def GetIDsOfNames(self, *args: Any) -> None:
        raise ComError(-2147352570, "Unknown name")


def _real(value: Any) -> Any:
    """An argument as Excel gets it: pywin32 passes xlwings' wrapper as the object inside."""
    if type(value).__name__ == "COMRetryObjectWrapper":
        return object.__getattribute__(value, "_inner")
    return value


def method(f: Any) -> Any:
    """A COM method: each call counts."""

    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        counter.hit(f.__name__)
        args = tuple(_real(a) for a in args)
        return f(self, *args, **{k: _real(v) for k, v in kwargs.items()})

    call.__name__ = f.__name__
    return call


class Look(Obj):
    """Font, Interior, a border, a window, a format condition: properties are recorded, not
    drawn."""

    _lenient = True

    @method
    def SetFirstPriority(self) -> None:
        pass


class Application(Obj):
    def __init__(self) -> None:
        super().__init__(
            StatusBar=False,
            DisplayAlerts=True,
            ScreenUpdating=True,
            EnableEvents=True,
            Calculation=-4105,
            Hwnd=1,
            Version="16.0",
        )
        object.__setattr__(self, "window", Look(FreezePanes=False, SplitRow=0, SplitColumn=0))
        object.__setattr__(self, "book", None)
        object.__setattr__(self, "books", [])  # every open workbook
        object.__setattr__(self, "opened", [])  # the paths opened by a press

    def get_ActiveWindow(self) -> Look:
        return self.window

    def get_Workbooks(self) -> Workbooks:
        return Workbooks(self)

    def get_ActiveWorkbook(self) -> Book:
        return self.book

    def get_ActiveSheet(self) -> Sheet:
        return self.book.active


class Book(Obj):
    def __init__(self, app: Application, fullname: str) -> None:
        name = Path(fullname.replace("\\", "/")).name
        super().__init__(FullName=fullname, Name=name, Date1904=False)
        object.__setattr__(self, "app", app)
        object.__setattr__(self, "sheets", [])
        object.__setattr__(self, "active", None)
        object.__setattr__(self, "worksheets", Worksheets(self))
        object.__setattr__(app, "book", self)
        app.books.append(self)

    def get_Application(self) -> Application:
        return self.app

    def get_Worksheets(self) -> Worksheets:
        return self.worksheets

    get_Sheets = get_Worksheets

    def get_ActiveSheet(self) -> Sheet:
        return self.active

    def get_Path(self) -> str:
        return str(Path(self._props["FullName"]).parent)

    @method
    def Windows(self, index: int) -> Look:
        return self.app.window

    @method
    def Close(self, SaveChanges: bool = False) -> None:
        self.app.books.remove(self)
        if self.app.book is self:  # the workbook shown before becomes the active one
            object.__setattr__(self.app, "book", self.app.books[-1] if self.app.books else None)

    @method
    def Activate(self) -> None:
        pass


class Workbooks(Obj):
    def __init__(self, app: Application) -> None:
        super().__init__()
        object.__setattr__(self, "app", app)

    def get_Count(self) -> int:
        return len(self.app.books)

    def __call__(self, key: Any) -> Book:
        counter.hit("Item")
        if isinstance(key, int | float):
            return self.app.books[int(key) - 1]
        for book in self.app.books:
            if book._props["Name"].lower() == str(key).lower():
                return book
        raise ComError(-2147352565, f"no workbook {key}")

    def __iter__(self):
        counter.hit("_NewEnum")
        for book in list(self.app.books):
            counter.hit("Next")
            yield book

    @method
    def Open(self, fullname: str, *args: Any, **kwargs: Any) -> Book:
        """The workbook file's cells (formulas as formulas), the active workbook from now on."""
        self.app.opened.append(fullname)
        return _fill_book(Book(self.app, fullname), Path(fullname), formulas=True)


class Worksheets(Obj):
    def __init__(self, book: Book) -> None:
        super().__init__()
        object.__setattr__(self, "book", book)

    def get_Count(self) -> int:
        return len(self.book.sheets)

    def get_Parent(self) -> Book:
        return self.book

    def _find(self, key: Any) -> Sheet:
        sheets = self.book.sheets
        if isinstance(key, int | float):
            return sheets[int(key) - 1]
        for sheet in sheets:
            if sheet.name.lower() == str(key).lower():
                return sheet
        raise ComError(-2147352565, f"no sheet {key}")

    def __call__(self, key: Any) -> Sheet:
        counter.hit("Item")
        return self._find(key)

    def __iter__(self):
        counter.hit("_NewEnum")
        for sheet in list(self.book.sheets):
            counter.hit("Next")
            yield sheet

    @method
    def Add(self, Before: Sheet | None = None, After: Sheet | None = None) -> Sheet:
        sheets = self.book.sheets
        n = 1
        while any(s.name == f"Sheet{n}" for s in sheets):
            n += 1
        sheet = Sheet(self.book, f"Sheet{n}")
        if Before is not None:
            sheets.insert(sheets.index(Before), sheet)
        elif After is not None:
            sheets.insert(sheets.index(After) + 1, sheet)
        else:
            sheets.insert(sheets.index(self.book.active), sheet)
        object.__setattr__(self.book, "active", sheet)
        return sheet


class Sheet(Obj):
    def __init__(self, book: Book, name: str) -> None:
        super().__init__(Visible=-1)
        object.__setattr__(self, "book", book)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "cells", {})  # (row, column) -> value
        object.__setattr__(self, "rules", [])  # conditional formats: [address, formula]
        object.__setattr__(self, "notes", {})  # (row, column) -> a cell's note

    def get_Name(self) -> str:
        return self.name

    def set_Name(self, value: str) -> None:
        if any(s is not self and s.name.lower() == value.lower() for s in self.book.sheets):
            raise ComError(-2147352567, "name taken")
        object.__setattr__(self, "name", value)

    def get_Index(self) -> int:
        return self.book.sheets.index(self) + 1

    def get_Parent(self) -> Book:
        return self.book

    def get_Application(self) -> Application:
        return self.book.app

    def get_Cells(self) -> Range:
        return Range(self, 1, 1, 1048576, 16384)

    def get_UsedRange(self) -> Range:
        filled = [k for k, v in self.cells.items() if v not in ("", None)]
        if not filled:
            return Range(self, 1, 1, 1, 1)
        rows = [r for r, _ in filled]
        columns = [c for _, c in filled]
        return Range(self, min(rows), min(columns), max(rows), max(columns))

    @method
    def Range(self, first: Any, second: Any = None) -> Range:
        a = first if isinstance(first, Range) else _parse(self, first)
        if second is None:
            return a
        b = second if isinstance(second, Range) else _parse(self, second)
        return Range(self, min(a.r1, b.r1), min(a.c1, b.c1), max(a.r2, b.r2), max(a.c2, b.c2))

    @method
    def Activate(self) -> None:
        object.__setattr__(self.book, "active", self)

    @method
    def Delete(self) -> None:
        sheets = self.book.sheets
        index = sheets.index(self)
        sheets.remove(self)
        if self.book.active is self:
            object.__setattr__(self.book, "active", sheets[max(0, index - 1)])

    @method
    def Copy(self, Before: Sheet | None = None, After: Sheet | None = None) -> None:
        """A copy of the sheet (its cells and notes) put before or after a sheet of any open
        workbook, named as Excel names it (`名 (2)` where the name is taken), made active."""
        target = (Before if Before is not None else After).book
        name, n = self.name, 1
        while any(s.name.lower() == name.lower() for s in target.sheets):
            n += 1
            name = f"{self.name} ({n})"
        copy = Sheet(target, name)
        copy.cells.update(self.cells)
        copy.notes.update(self.notes)
        sheets = target.sheets
        at = sheets.index(Before) if Before is not None else sheets.index(After) + 1
        sheets.insert(at, copy)
        object.__setattr__(target, "active", copy)

    @method
    def Move(self, Before: Sheet | None = None, After: Sheet | None = None) -> None:
        sheets = self.book.sheets
        sheets.remove(self)
        if Before is not None:
            sheets.insert(sheets.index(Before), self)
        else:
            sheets.insert(sheets.index(After) + 1, self)


def _parse(sheet: Sheet, address: str) -> Range:
    """A range by its address; a multi-area address (`A1,B3:C4`) as the block around its
    areas (looks are counted, not drawn)."""
    from openpyxl.utils import range_boundaries

    boxes = []
    for area in address.replace("$", "").split("!")[-1].split(","):
        c1, r1, c2, r2 = range_boundaries(area if ":" in area else f"{area}:{area}")
        boxes.append((r1 or 1, c1 or 1, r2 or 1048576, c2 or 16384))
    return Range(
        sheet,
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class Count(Obj):
    pass


class Range(Obj):
    def __init__(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
        super().__init__()
        object.__setattr__(self, "sheet", sheet)
        object.__setattr__(self, "r1", r1)
        object.__setattr__(self, "c1", c1)
        object.__setattr__(self, "r2", r2)
        object.__setattr__(self, "c2", c2)

    def get_Row(self) -> int:
        return self.r1

    def get_Column(self) -> int:
        return self.c1

    def get_Rows(self) -> Count:
        return Count(Count=self.r2 - self.r1 + 1)

    def get_Columns(self) -> Count:
        return Count(Count=self.c2 - self.c1 + 1)

    def get_Count(self) -> int:
        return (self.r2 - self.r1 + 1) * (self.c2 - self.c1 + 1)

    def get_Worksheet(self) -> Sheet:
        return self.sheet

    get_Parent = get_Worksheet

    def get_Address(self) -> str:
        from openpyxl.utils import get_column_letter as letter

        return f"${letter(self.c1)}${self.r1}:${letter(self.c2)}${self.r2}"

    def _value(self, r: int, c: int) -> Any:
        value = self.sheet.cells.get((r, c))
        if isinstance(value, datetime | date):
            t = sys.modules["pywintypes"].TimeType
            d = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])
            return t(d.year, d.month, d.day, d.hour, d.minute, d.second)
        return ERROR_CODES.get(value, value) if isinstance(value, str) else value

    def get_Value(self) -> Any:
        if self.r1 == self.r2 and self.c1 == self.c2:
            return self._value(self.r1, self.c1)
        return tuple(
            tuple(self._value(r, c) for c in range(self.c1, self.c2 + 1))
            for r in range(self.r1, self.r2 + 1)
        )

    get_Value2 = get_Value

    def set_Value(self, data: Any) -> None:
        cells = self.sheet.cells
        if not isinstance(data, list | tuple):
            for r in range(self.r1, self.r2 + 1):
                for c in range(self.c1, self.c2 + 1):
                    cells[(r, c)] = data
            return
        for i, row in enumerate(data):
            row = row if isinstance(row, list | tuple) else [row]
            for j, value in enumerate(row):
                if isinstance(value, datetime):
                    value = value.replace(tzinfo=None)
                cells[(self.r1 + i, self.c1 + j)] = value

    set_Value2 = set_Value
    get_Formula = get_Value
    set_Formula = set_Value

    def get_Font(self) -> Look:
        return Look()

    def get_Comment(self) -> Note | None:
        text = self.sheet.notes.get((self.r1, self.c1))
        return None if text is None else Note(text)

    def get_Interior(self) -> Look:
        return Look()

    def get_Borders(self) -> Borders:
        return Borders()

    def get_FormatConditions(self) -> FormatConditions:
        return FormatConditions(self)

    def get_ListObjects(self) -> ListObjects:
        return ListObjects(self.sheet)

    def __call__(self, row: int, column: int = 1) -> Range:
        counter.hit("Item")
        r, c = self.r1 + row - 1, self.c1 + column - 1
        return Range(self.sheet, r, c, r, c)

    @method
    def Cells(self, row: int, column: int) -> Range:
        return self(row, column)

    @method
    def Resize(self, rows: int, columns: int) -> Range:
        return Range(self.sheet, self.r1, self.c1, self.r1 + rows - 1, self.c1 + columns - 1)

    @method
    def ClearContents(self) -> None:
        for key in [k for k in self.sheet.cells if self._holds(k)]:
            del self.sheet.cells[key]

    @method
    def Clear(self) -> None:
        for key in [k for k in self.sheet.cells if self._holds(k)]:
            del self.sheet.cells[key]
        if (self.r1, self.c1, self.r2, self.c2) == (1, 1, 1048576, 16384):
            self.sheet.rules.clear()  # formats go with the values

    @method
    def Select(self) -> None:
        pass

    def _holds(self, key: tuple[int, int]) -> bool:
        r, c = key
        return self.r1 <= r <= self.r2 and self.c1 <= c <= self.c2


class Note(Obj):
    def __init__(self, text: str) -> None:
        super().__init__()
        object.__setattr__(self, "text", text)

    @method
    def Text(self) -> str:
        return self.text


class Borders(Look):
    def __call__(self, index: int) -> Look:
        counter.hit("Item")
        return Look()


class FormatConditions(Obj):
    def __init__(self, where: Range) -> None:
        super().__init__()
        object.__setattr__(self, "where", where)

    def _mine(self) -> list[list[Any]]:
        return [rule for rule in self.where.sheet.rules if rule[0] == self.where.get_Address()]

    def get_Count(self) -> int:
        return len(self._mine())

    @method
    def Add(self, Type: int, Formula1: str = "", **kwargs: Any) -> Look:
        rule = Look(Type=Type, Formula1=Formula1)
        self.where.sheet.rules.append([self.where.get_Address(), Formula1, rule])
        return rule

    @method
    def Delete(self) -> None:
        mine = self._mine()
        self.where.sheet.rules[:] = [r for r in self.where.sheet.rules if r not in mine]

    def __call__(self, index: int) -> Look:
        counter.hit("Item")
        return self._mine()[index - 1][2]


class ListObjects(Obj):
    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        object.__setattr__(self, "sheet", sheet)

    @method
    def Add(self, *args: Any, **kwargs: Any) -> Look:
        return Look(Name=f"表{len(self.sheet.rules) + 1}")


# ---------------------------------------------------------------------------------------------
# opening a workbook file in the stand-in
# ---------------------------------------------------------------------------------------------


def load(path: Path, fullname: str | None = None) -> Book:
    """The stand-in holding the values of the workbook file at `path`."""
    return _fill_book(Book(Application(), fullname or str(path)), path)


def _fill_book(book: Book, path: Path, formulas: bool = False) -> Book:
    """`book` given the sheets of the workbook file at `path`: their values (or, with
    `formulas`, their formulas where a cell has one), notes and visibility."""
    wb = openpyxl.load_workbook(path, data_only=not formulas)
    for ws in wb.worksheets:
        sheet = Sheet(book, ws.title)
        if ws.sheet_state != "visible":
            sheet._props["Visible"] = 0
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet.cells[(cell.row, cell.column)] = cell.value
                if cell.comment is not None:
                    sheet.notes[(cell.row, cell.column)] = cell.comment.text
        book.sheets.append(sheet)
    object.__setattr__(book, "active", book.sheets[wb.worksheets.index(wb.active)])
    return book


def wrap(model: Book) -> xw.Book:
    """A real `xw.Book` on xlwings' Windows engine, driving the stand-in. Its Excel is the
    only running one: xlwings finds it through the windows when a sheet is activated (on
    Linux xlwings has no interactive apps, so pointing them at the stand-in changes nothing
    else)."""
    engine = _windows_engine()
    app = engine.COMRetryObjectWrapper(model.app)
    engine.get_excel_hwnds = lambda: iter([1])
    engine.get_xl_app_from_hwnd = lambda hwnd: app
    xw.main.ActiveEngineApps.impl = property(lambda self: engine.engine.apps)  # type: ignore[assignment]
    return xw.Book(impl=engine.Book(xl=engine.COMRetryObjectWrapper(model)))


def open_book(path: Path, fullname: str | None = None) -> tuple[xw.Book, Book]:
    model = load(path, fullname)
    return wrap(model), model


def values(sheet: Sheet) -> dict[tuple[int, int], Any]:
    """A stand-in sheet's non-empty cells."""
    return {k: v for k, v in sheet.cells.items() if v not in ("", None)}
