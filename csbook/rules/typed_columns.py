"""V49 (SPEC §1.0): a person's own column under a computed header (状态, 回复期限, 投诉等级 …)
is theirs: the program writes its values into a column of its own and warns where the two
differ, so that neither value is lost and nobody reads one for the other unawares."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from .context import SheetResult
from .deadlines import show
from .findings import Finding, finding
from .text import squeeze


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
