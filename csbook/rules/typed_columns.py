"""V49 (SPEC §1.0): a person's own column under a computed header (状态, 回复期限, 投诉等级 …)
is theirs: the program writes its values into a column of its own and warns where the two
differ, so that neither value is lost and nobody reads one for the other unawares.

The program's own column is rewritten on every run, and its values move with time (待复访
becomes 复访超期), so a change there is no finding — except where the value it replaces claims
more than the rows support: a 恶性 grade computed down to 一般 (a clerk's judgement typed into
the grade column rather than 是 in 恶性), a 已闭环 or a reply that the dates do not show. Time
never moves the program's own values that way, so the warning (V49.replaced) fires on what a
person typed, not on an earlier run's output."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from .complaints import Grade
from .context import SheetResult
from .deadlines import ReplyStatus, show
from .findings import Finding, finding
from .text import squeeze
from .visits import PromiseStatus, VisitStatus


def _same(typed: Any, computed: Any) -> bool:
    """Whether a typed value says what the computed one says: text compared as typed words, a
    day typed for a computed moment compared by day (a due day written without its hour; a
    moment at 00:00 is the end, 24:00, of the day before)."""
    if computed is None or computed == "":
        return False
    if isinstance(typed, str) or isinstance(computed, str):
        return squeeze(str(typed)) == squeeze(str(computed))
    if isinstance(computed, datetime) and not isinstance(typed, datetime):
        day = computed.date() - timedelta(days=1) if computed.time() == time() else computed.date()
        return typed == day
    if isinstance(typed, int | float | Decimal) and isinstance(computed, int | float | Decimal):
        return Decimal(str(typed)) == Decimal(str(computed))
    return bool(typed == computed)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, datetime):
        return show(value)
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def v49_typed_values(result: SheetResult) -> Iterator[Finding]:
    """V49 (warning) on each row where a person's typed value differs from the computed one."""
    t = result.table
    for key, (header, typed) in t.typed.items():
        computed = result.computed.get(key)
        if computed is None:
            continue  # 校验提示 and the like: nothing computed to compare
        for i, value in enumerate(typed):
            if value is not None and not _same(value, computed[i]):
                yield finding(
                    "V49",
                    t.sheet,
                    t.rows[i],
                    header,
                    typed=_shown(value),
                    computed=_shown(computed[i]),
                )


_GRADE_RANK = {Grade.ORDINARY: 0, Grade.REPEAT: 1, Grade.SEVERE: 2}
_REPLIED = {ReplyStatus.ON_TIME, ReplyStatus.LATE}
_KEPT = {PromiseStatus.KEPT, PromiseStatus.KEPT_LATE}
# computed key -> whether a value before the run claims more than the value computed now
_CLAIMS_MORE = {
    "grade": lambda old, new: _GRADE_RANK.get(old, -1) > _GRADE_RANK.get(new, 99),
    "status": lambda old, new: old == VisitStatus.CLOSED and new != VisitStatus.CLOSED,
    # a reply's or a kept promise's status is fixed once its date is typed: 超时 typed where
    # the dates give 按时 is a person's word too
    "reply_status": lambda old, new: old in _REPLIED,
    "promise_status": lambda old, new: old in _KEPT,
}
JUDGED_KEYS = frozenset(_CLAIMS_MORE)


def v49_replaced(result: SheetResult) -> Iterator[Finding]:
    """V49.replaced (warning) on each row where the program's own column held a value that
    claims more than the rows support (see the module's note) and is now replaced."""
    t = result.table
    for key, (header, before) in t.previous.items():
        computed = result.computed.get(key)
        claims_more = _CLAIMS_MORE.get(key)
        if computed is None or claims_more is None:
            continue
        for i, old in enumerate(before):
            new = computed[i]
            if old and new and old != new and claims_more(old, new):
                yield finding("V49.replaced", t.sheet, t.rows[i], header, typed=old, computed=new)
