"""回访登记 (SPEC §1.1, §3.2): row checks V05–V12 and the computed 复访期限, 承诺状态, 状态."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from .context import Context, SheetResult
from .findings import Finding, Severity
from .settings import Settings
from .table import Table, r01_required
from .text import squeeze, staff_key

_PHONE_JUNK = re.compile(r"[\s\-‐–—()（）.]")
_PHONE_SPLIT = re.compile(r"[/,，、;；]|或")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")  # area code 0xx/0xxx + 7–8 digit number
_PLAIN_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_EXTENSION = re.compile(r"(?:转|ext\.?|x|分机)\s*\d{1,6}$", re.IGNORECASE)
_DASH_EXTENSION = re.compile(r"[-‐–—]\s*\d{1,6}$")  # 025-84001234-8021
_COUNTRY = re.compile(r"^(?:\+?86|0086)(?=1[3-9]|[1-9])")


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
    """V05: each number given is a mainland mobile (11 digits starting 1) or a landline with
    its area code (0 + 2–3 digits, then 7–8 digits), optionally with an extension."""
    if _MOBILE.match(text) or _PLAIN_LANDLINE.match(text):
        return True  # the common case, without taking the text apart
    text = unicodedata.normalize("NFKC", text)  # full-width digits and brackets
    parts = [p.strip() for p in _PHONE_SPLIT.split(text) if p.strip()]
    if not parts:
        return False
    for part in parts:
        part = _EXTENSION.sub("", part).strip()
        if _number_kind(part) is None and _number_kind(_DASH_EXTENSION.sub("", part)) != "landline":
            return False
    return True


def _number_kind(part: str) -> str | None:
    """The kind of one number (its extension removed): "mobile", "landline" or None."""
    digits = _COUNTRY.sub("", _PHONE_JUNK.sub("", part))
    if digits[:1] in "23456789" and len(digits) in (9, 10, 11) and not _MOBILE.match(digits):
        digits = "0" + digits  # +86 25 xxxx: the area code loses its 0 after +86
    if _MOBILE.match(digits):
        return "mobile"
    return "landline" if _LANDLINE.match(digits) else None


def v05_phone(t: Table) -> Iterator[Finding]:
    for i, phone in t.valid("phone"):
        if not is_phone(phone):
            yield t.find("V05", i, "phone", Severity.WARNING, value=phone)


def v06_complaint_link(t: Table, complaint_ids: set[str] | None) -> Iterator[Finding]:
    """V06: a complaint follow-up names its complaint, and that complaint exists."""
    ids = t.col("complaint_id")
    for i, kind in enumerate(t.col("kind")):
        if kind != "投诉回访":
            continue
        if ids[i] is None:
            if i not in t.invalid.get("complaint_id", ()):
                yield t.find("V06", i, "complaint_id", msg="V06.missing")
        elif complaint_ids is not None and squeeze(ids[i]) not in complaint_ids:
            yield t.find("V06", i, "complaint_id", msg="V06.unknown", value=ids[i])


def v07_promise_text(t: Table) -> Iterator[Finding]:
    """V07 (warning): a promise's method and deadline go together, either way round."""
    promises, deadlines = t.col("promise"), t.col("promised_by")
    unreadable = t.invalid.get("promised_by", set())
    for i in range(len(t)):
        if deadlines[i] is not None and promises[i] is None:
            yield t.find("V07", i, "promise", Severity.WARNING)
        elif promises[i] is not None and deadlines[i] is None and i not in unreadable:
            yield t.find("V07", i, "promised_by", Severity.WARNING, "V07.deadline")


def _not_before(t: Table, rule: str, key: str, base: str) -> Iterator[Finding]:
    """`key` must not be earlier than `base` (both dates)."""
    bases = t.col(base)
    for i, value in t.valid(key):
        if bases[i] is not None and value < bases[i]:
            yield t.find(rule, i, key)


def v08_promise_date(t: Table) -> Iterator[Finding]:
    return _not_before(t, "V08", "promised_by", "visit_date")


def v09_resolution_date(t: Table) -> Iterator[Finding]:
    return _not_before(t, "V09", "resolved_on", "visit_date")


def v10_followup_date(t: Table) -> Iterator[Finding]:
    return _not_before(t, "V10", "followup_on", "resolved_on")


def v11_signature(t: Table, s: Settings) -> Iterator[Finding]:
    signed = t.col("signed_by")
    for i, method in t.valid("method"):
        if s.signature_needed(method) and signed[i] is None:
            yield t.find("V11", i, "signed_by", method=method)


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
                yield t.find("V13", i, "installed_on", msg="V13.missing")
            continue
        if days[i] is None:
            continue
        if days[i] < installed[i]:
            yield t.find("V13", i, "visit_date", msg="V13.before")
        elif days[i] > v13_install_due(installed[i], s):
            yield t.find(
                "V13",
                i,
                "visit_date",
                Severity.WARNING,
                "V13.late",
                days=s.install_followup_days,
                installed=installed[i],
                due=v13_install_due(installed[i], s),
            )


def v12_on_roster(t: Table, key: str, roster: frozenset[str] | None) -> Iterator[Finding]:
    if roster is None:
        return
    known = {squeeze(name) for name in roster} | {staff_key(name) for name in roster}
    for i, name in t.valid(key):
        if squeeze(name) not in known and staff_key(name) not in known:
            yield t.find("V12", i, key, Severity.WARNING, value=name)


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
    result = SheetResult(t)
    found = result.findings
    found += r01_required(t)
    found += v05_phone(t)
    found += v06_complaint_link(t, complaint_ids)
    found += v07_promise_text(t)
    found += v08_promise_date(t)
    found += v09_resolution_date(t)
    found += v10_followup_date(t)
    found += v11_signature(t, s)
    found += v13_install_followup(t, s)
    found += v12_on_roster(t, "staff", ctx.roster)

    today = ctx.as_of.date()
    step = timedelta(days=s.followup_days)
    resolved, followed, promised = t.col("resolved_on"), t.col("followup_on"), t.col("promised_by")
    due: list[Any] = [None if r is None else r + step for r in resolved]
    # a date typed but unreadable (R02/R03) leaves the status open rather than guessed
    unreadable = set().union(
        *(t.invalid.get(k, set()) for k in ("resolved_on", "followup_on", "promised_by"))
    )
    statuses: list[VisitStatus | None] = [
        None if i in unreadable else _status(resolved[i], followed[i], promised[i], step, today)
        for i in range(len(t))
    ]
    for i, state in enumerate(statuses):
        if state is None:
            continue
        if state is VisitStatus.FOLLOWUP_OVERDUE:
            found.append(
                t.find("D04", i, "followup_on", Severity.WARNING, "D04.overdue", due=due[i])
            )
        elif state is VisitStatus.PROMISE_OVERDUE:
            found.append(t.find("D05", i, "resolved_on", Severity.WARNING, due=promised[i]))
        elif followed[i] is not None and due[i] is not None and followed[i] > due[i]:
            found.append(t.find("D04", i, "followup_on", Severity.WARNING, "D04.late", due=due[i]))
    result.computed = {
        "followup_due": due,
        "promise_status": [
            "" if i in unreadable else _promise_status(promised[i], resolved[i], today)
            for i in range(len(t))
        ],
        "status": ["" if x is None else str(x) for x in statuses],
    }
    return result
