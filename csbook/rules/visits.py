"""回访登记 (SPEC §1.1, §3.2): row checks V05–V12 and the computed 复访期限, 承诺状态, 状态."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType

from .context import Context, SheetResult
from .findings import Finding
from .planned import not_yet
from .roster_names import RosterNames, v12_namesakes
from .schema import VisitKind
from .settings import Settings
from .table import Table, not_before, r01_required
from .text import names_in, numbers_in, squeeze, staff_key

_PHONE_SPLIT = re.compile(r"[/,，、;；]|或")
# a note in brackets beside a number (（微信同号）, (办公室)); brackets holding digits are an
# area code: (025)84001234
_PHONE_NOTE = re.compile(r"[(\[【][^)\]】\d]*[)\]】]")
_EXTENSION = re.compile(r"(?:转|ext\.?|x|分机)\s*\d{1,6}$", re.IGNORECASE)
_DASH_EXTENSION = re.compile(r"[-‐–—]\s*\d{1,6}$")  # 025-84001234-8021
_SEPARATORS = re.compile(r"[\s\-]")
_DIGITS_AND_DASHES = re.compile(r"[\d-]+")


def _national_pattern(kind: str) -> re.Pattern[str]:
    """libphonenumber's pattern for mainland numbers of one kind ("mobile", "fixed_line");
    one that matches nothing (every number parsed) should its metadata lack it."""
    desc = getattr(PhoneMetadata.metadata_for_region("CN"), kind, None)
    pattern = getattr(desc, "national_number_pattern", None)
    return re.compile(pattern if isinstance(pattern, str) else r"(?!)")


# libphonenumber's own patterns for the common shapes (13812345678, 025-84001234): a match is
# what its full parse would accept, at a hundredth of the cost, and eleven digits from 1 that
# are no mobile are nothing else either (tests/test_visits.py compares); the rest is parsed
_MOBILE = _national_pattern("mobile")
_FIXED_LINE = _national_pattern("fixed_line")


# the per-row keys of `SheetResult.computed` that mark a row repeating an earlier one cell for
# cell (V01.copy), and a row whose 复访日期 is unknown (unreadable, or before 解决日期: V10):
# data for the summary, not columns written into the workbook
REPEATED = "repeated"
FOLLOWUP_UNKNOWN = "followup_unknown"


class VisitStatus(StrEnum):
    CLOSED = "已闭环"
    AWAITING_FOLLOWUP = "待复访"
    FOLLOWUP_OVERDUE = "复访超期"
    UNRESOLVED = "待解决"
    PROMISE_OVERDUE = "承诺超期"


class PromiseStatus(StrEnum):
    KEPT = "按期解决"
    KEPT_LATE = "逾期解决"
    OPEN = "未到期"
    BROKEN = "承诺超期"


def is_phone(text: str) -> bool:
    """V05: each number given is a valid mainland number as libphonenumber judges it (mobile,
    landline with its area code, 400/800 service numbers), optionally with an extension
    and a note in brackets; +86, spaces, dashes and brackets allowed."""
    if len(text) == 11 and text.isascii() and text.isdigit():  # most cells: one mobile
        if text[0] == "1":  # what _valid_number decides for it, without its other steps
            return _MOBILE.fullmatch(text) is not None
        return _valid_number(text)
    if text.isascii() and _DIGITS_AND_DASHES.fullmatch(text):  # 025-84001234: one number,
        # no note, separator or extension word for the steps below to take off
        return _valid_number(text) or _valid_number(_DASH_EXTENSION.sub("", text), landline=True)
    text = _PHONE_NOTE.sub(" ", unicodedata.normalize("NFKC", text))
    parts = [p.strip() for p in _PHONE_SPLIT.split(text) if p.strip()]
    if not parts:
        return False
    for part in parts:
        part = _EXTENSION.sub("", part).strip()
        if not (_valid_number(part) or _valid_number(_DASH_EXTENSION.sub("", part), landline=True)):
            return False
    return True


def _valid_number(part: str, landline: bool = False) -> bool:
    digits = _SEPARATORS.sub("", part)
    if digits.isdigit():
        if len(digits) == 11 and digits[0] == "1":
            return not landline and _MOBILE.fullmatch(digits) is not None
        if digits[:1] == "0" and digits[1:2] != "0" and _FIXED_LINE.fullmatch(digits[1:]):
            return True
    try:
        number = phonenumbers.parse(part, "CN")
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    return not landline or phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE


# the cells `is_phone` passes first, one number of ASCII digits each: a mobile, and (its dashes
# taken out) a landline with its area code
_MOBILE_LINES = re.compile(rf"^(?:{_MOBILE.pattern})$", re.MULTILINE | re.ASCII)
_LANDLINE_LINES = re.compile(rf"^0(?!0)(?:{_FIXED_LINE.pattern})$", re.MULTILINE | re.ASCII)


def _plainly_valid(phones: list[str]) -> set[str]:
    """Of `phones` (none holding a line break), those that are one mobile, or one landline
    written with digits and dashes only, found in a pass over them all: `is_phone` says the
    same of each (tests/test_visits.py compares), at a fraction of a call per number."""
    valid = set(_MOBILE_LINES.findall("\n".join(phones)))
    rest = [phone for phone in phones if phone not in valid]
    undashed = "\n".join(rest).replace("-", "")
    landlines = set(_LANDLINE_LINES.findall(undashed))
    if landlines:
        lines = undashed.split("\n")  # line i is rest[i] without its dashes
        valid.update(phone for phone, line in zip(rest, lines, strict=True) if line in landlines)
    return valid


def v05_phone(t: Table) -> Iterator[Finding]:
    phones = t.col("phone")
    # each number judged once (a client's number recurs down the register), then the rows
    # holding a wrong one found by a lookup per row; the plain mobiles and landlines, most
    # numbers, in one pass over them all
    distinct = [phone for phone in set(phones) if phone.__class__ is str]
    plain = _plainly_valid([phone for phone in distinct if "\n" not in phone])
    wrong = {phone for phone in distinct if phone not in plain and not is_phone(phone)}
    if wrong:
        for i, phone in enumerate(phones):
            if phone in wrong:
                yield t.find("V05", i, "phone", value=phone)


def v06_complaint_link(t: Table, complaint_ids: set[str] | None) -> Iterator[Finding]:
    """V06: a complaint follow-up names its complaint, and every complaint it names
    (`TS-001、TS-002`) exists."""
    ids = t.col("complaint_id")
    for i, kind in enumerate(t.col("kind")):
        if kind != VisitKind.COMPLAINT:
            continue
        if ids[i] is None:
            if i not in t.invalid.get("complaint_id", ()):
                yield t.find("V06.missing", i, "complaint_id")
        elif complaint_ids is not None:
            for number in numbers_in(ids[i]):
                if squeeze(number) not in complaint_ids:
                    yield t.find("V06.unknown", i, "complaint_id", value=number)


def v07_promise_text(t: Table) -> Iterator[Finding]:
    """V07 (warning): a promise's method and deadline go together, either way round."""
    promises, deadlines = t.col("promise"), t.col("promised_by")
    unreadable = t.invalid.get("promised_by", set())
    for i in range(len(t)):
        if deadlines[i] is not None and promises[i] is None:
            yield t.find("V07", i, "promise")
        elif promises[i] is not None and deadlines[i] is None and i not in unreadable:
            yield t.find("V07.deadline", i, "promised_by")


def v08_promise_date(t: Table) -> Iterator[Finding]:
    return not_before(t, "V08", "promised_by", "visit_date")


def v09_resolution_date(t: Table) -> Iterator[Finding]:
    return not_before(t, "V09", "resolved_on", "visit_date")


def v10_followup_date(t: Table) -> Iterator[Finding]:
    return not_before(t, "V10", "followup_on", "resolved_on")


# words in 客户签字 that say someone else signed, or that nobody did (000 十.2 asks for the
# client's own signature): `王芳（代签）`, `电话确认`
_NOT_SIGNED_BY_CLIENT = (
    "代签",
    "代为签",
    "代客户签",
    "电话确认",
    "口头确认",
    "微信确认",
    "短信确认",
)


def not_the_clients(signed: str | None, staff: str | None) -> tuple[str, str] | None:
    """Why a filled 客户签字 is not the client's signature, in Chinese and English — the
    agent's own name (`王芳`, `王芳（代签）` by 王芳), or words saying someone signed for the
    client or nobody signed (`代签`, `电话确认`) — or None when it may be the client's
    (`已签`, `客户本人`, a name)."""
    if signed is None:
        return None
    text = squeeze(signed)
    for word in _NOT_SIGNED_BY_CLIENT:
        if word in text:
            return f"写有“{word}”", f"it says “{word}”"
    for name in names_in(staff):
        if squeeze(name) and squeeze(name) in text:
            return f"是回访人{name}的名字", f"it is the agent {name}'s name"
    return None


def v11_signature(t: Table, s: Settings) -> Iterator[Finding]:
    """V11: a visit by a method that needs it has the client's signature; a 客户签字 that is
    not the client's (`not_the_clients`) is said so whatever the method, and does not count
    as signed."""
    signed, methods, staff = t.col("signed_by"), t.col("method"), t.col("staff")
    needing = {m for m in set(methods) if m is not None and s.signature_needed(m)}
    for i, method in enumerate(methods):
        if method in needing and signed[i] is None:
            yield t.find("V11", i, "signed_by", method=method)
        elif (why := not_the_clients(signed[i], staff[i])) is not None:
            yield t.find(
                "V11.not_client", i, "signed_by", value=signed[i], why=why[0], why_en=why[1]
            )


INSTALL = "安装回访"


def v13_install_due(installed: date, s: Settings) -> date:
    """V13: the last day an install call-back is on time."""
    return installed + timedelta(days=s.install_followup_days)


def v13_install_followup(t: Table, s: Settings) -> Iterator[Finding]:
    """V13: an 安装回访 names its 安装日期 and falls within `install_followup_days` of it."""
    installed, days = t.col("installed_on"), t.col("visit_date")
    unreadable = t.invalid.get("installed_on", set())
    for i, kind in enumerate(t.col("kind")):
        if kind != INSTALL:
            continue
        if installed[i] is None:
            if i not in unreadable:
                yield t.find("V13.missing", i, "installed_on")
            continue
        if days[i] is None:
            continue
        if days[i] < installed[i]:
            yield t.find("V13.before", i, "visit_date")
        elif days[i] > v13_install_due(installed[i], s):
            yield t.find(
                "V13.late",
                i,
                "visit_date",
                days=s.install_followup_days,
                installed=installed[i],
                due=v13_install_due(installed[i], s),
            )


def v12_on_roster(t: Table, key: str, roster: RosterNames | None) -> Iterator[Finding]:
    """V12: everyone a cell names (a joint visit names several) is on the roster."""
    if roster is None:
        return
    known = {squeeze(name) for name in roster.keys} | {staff_key(name) for name in roster.keys}
    for i, named in t.valid(key):
        for name in names_in(named):
            if squeeze(name) not in known and staff_key(name) not in known:
                yield t.find("V12", i, key, value=name)


def repeated_rows(t: Table) -> dict[int, int]:
    """Rows identical in every input cell to an earlier row — a row copied down — each with
    that first row: one visit typed twice, counted once (a second visit the same day to the
    same client differs in something: its time, its feedback, its notes)."""
    first: dict[Any, int] = {}
    copies: dict[int, int] = {}
    unread = set().union(*t.invalid.values())  # an unreadable cell: what it holds is unknown
    for i, row in enumerate(zip(*t.cols.values(), strict=True)):
        if i in unread:
            continue
        try:
            j = first.setdefault(row, i)
        except TypeError:  # an unhashable value: compared as shown
            j = first.setdefault(repr(row), i)
        if j != i:
            copies[i] = j
    return copies


def v01_copies(t: Table, copies: dict[int, int]) -> Iterator[Finding]:
    for i, j in copies.items():
        yield t.find("V01.copy", i, "visit_date", other=t.rows[j])


def _status(
    resolved: date | None,
    followed: date | None,
    promised: date | None,
    step: timedelta,
    today: date,
) -> VisitStatus:
    if resolved is not None:
        if followed is not None:
            return VisitStatus.CLOSED
        overdue = today > resolved + step  # the follow-up's due date
        return VisitStatus.FOLLOWUP_OVERDUE if overdue else VisitStatus.AWAITING_FOLLOWUP
    if promised is not None:
        return VisitStatus.PROMISE_OVERDUE if today > promised else VisitStatus.UNRESOLVED
    return VisitStatus.CLOSED  # nothing was promised or left open


def _promise_status(promised: date | None, resolved: date | None, today: date) -> str:
    if promised is None:
        return ""
    if resolved is not None:
        return PromiseStatus.KEPT if resolved <= promised else PromiseStatus.KEPT_LATE
    return PromiseStatus.BROKEN if today > promised else PromiseStatus.OPEN


def evaluate(t: Table, ctx: Context, complaint_ids: set[str] | None = None) -> SheetResult:
    """All of 回访登记's rules and computed columns. `complaint_ids` are the squeezed
    numbers of the same workbook's 投诉登记 (None when that sheet could not be read)."""
    s = ctx.settings
    result = SheetResult.checked(
        t,
        r01_required,
        v05_phone,
        lambda t: v06_complaint_link(t, complaint_ids),
        v07_promise_text,
        v08_promise_date,
        v09_resolution_date,
        v10_followup_date,
        lambda t: v11_signature(t, s),
        lambda t: v13_install_followup(t, s),
        lambda t: v12_on_roster(t, "staff", ctx.roster),
        lambda t: v12_namesakes(t, ("staff",), ctx.roster, "V12.namesake"),
    )
    found = result.findings
    copies = repeated_rows(t)
    found += v01_copies(t, copies)

    today = ctx.as_of.date()
    step = timedelta(days=s.followup_days)
    done = not_yet(t, ctx, "resolved_on", "followup_on")  # as of today, later dates are not
    found += done.findings
    resolved, followed = done.value["resolved_on"], done.value["followup_on"]
    promised = t.col("promised_by")
    due: list[Any] = [None if r is None else r + step for r in resolved]
    unread_followup = t.invalid.get("followup_on", set())
    # a date typed but unreadable (R02/R03) leaves the status open rather than guessed
    unreadable = set().union(
        *(t.invalid.get(k, set()) for k in ("resolved_on", "followup_on", "promised_by"))
    )
    # most visits promised nothing and left nothing open: closed without a call per row; a
    # resolution typed for a later day says a problem is open as of today (待解决)
    statuses: list[VisitStatus | None] = [
        (VisitStatus.CLOSED if typed is None else VisitStatus.UNRESOLVED)
        if r is None and p is None
        else _status(r, f, p, step, today)
        for r, f, p, typed in zip(resolved, followed, promised, t.col("resolved_on"), strict=True)
    ]
    for i in unreadable:
        statuses[i] = None
    for i, state in enumerate(statuses):
        if state is None or i in copies:  # a copy's deadlines are its first row's
            continue
        if state is VisitStatus.FOLLOWUP_OVERDUE:
            found.append(t.find("D04.overdue", i, "followup_on", due=due[i]))
        elif state is VisitStatus.PROMISE_OVERDUE:
            found.append(t.find("D05", i, "resolved_on", due=promised[i]))
        elif followed[i] is not None and due[i] is not None and followed[i] > due[i]:
            found.append(t.find("D04.late", i, "followup_on", due=due[i]))
    result.computed = {
        "followup_due": due,
        "promise_status": [
            "" if p is None or i in unreadable else _promise_status(p, resolved[i], today)
            for i, p in enumerate(promised)
        ],
        "status": ["" if x is None else str(x) for x in statuses],
        REPEATED: [i in copies for i in range(len(t))],
        FOLLOWUP_UNKNOWN: [
            i in unread_followup
            or (f is not None and r is not None and f < r)  # V10: one of the dates is wrong
            for i, (r, f) in enumerate(zip(resolved, followed, strict=True))
        ],
    }
    return result
