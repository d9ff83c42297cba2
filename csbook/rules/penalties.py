"""处罚汇总表's row checks (SPEC §1.4): V40–V43 against the workbook's own 员工 and 过失目录."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from .catalogue import CATALOGUE, Offence, Tier, normal_code
from .context import Context, SheetResult
from .findings import Finding, Severity
from .table import Table, r01_required
from .text import squeeze


@dataclass(frozen=True)
class Roster:
    """The 员工 sheet: who exists, by staff number and by name."""

    names: dict[str, str]  # squeezed name -> name
    ids: dict[str, str]  # squeezed staff number -> name

    @classmethod
    def from_table(cls, t: Table) -> Roster:
        names, ids = {}, {}
        numbers = t.col("staff_id")
        for i, name in t.valid("name"):
            names[squeeze(name)] = name
            if numbers[i] is not None:
                ids[squeeze(numbers[i])] = name
        return cls(names, ids)

    def keys(self) -> frozenset[str]:
        """Everything a register may name a person by."""
        return frozenset(self.names) | frozenset(self.ids)


def catalogue_from_table(t: Table | None) -> dict[str, Offence]:
    """The workbook's 过失目录, or the built-in one when the sheet is missing or empty."""
    if t is None or not len(t):
        return {o.code: o for o in CATALOGUE}
    tiers, texts, money = t.col("tier"), t.col("description"), t.col("money_rule")
    found = {}
    for i, code in t.valid("code"):
        if tiers[i] is not None:
            found[normal_code(code)] = Offence(
                normal_code(code), Tier(tiers[i]), texts[i] or "", money[i] or ""
            )
    return found


def v40_person(t: Table, roster: Roster) -> Iterator[Finding]:
    """V40: the row names someone on the roster, by staff number or name (both must agree)."""
    ids, names = t.col("staff_id"), t.col("name")
    bad = t.invalid.get("staff_id", set()) | t.invalid.get("name", set())
    for i in range(len(t)):
        sid, name = ids[i], names[i]
        if sid is None and name is None:
            if i not in bad:
                yield t.find("V40", i, "name" if t.has("name") else "staff_id", msg="V40.missing")
            continue
        if sid is not None and squeeze(sid) not in roster.ids:
            yield t.find("V40", i, "staff_id", value=sid)
        elif name is not None and squeeze(name) not in roster.names:
            yield t.find("V40", i, "name", value=name)
        elif (
            sid is not None
            and name is not None
            and squeeze(roster.ids[squeeze(sid)]) != squeeze(name)
        ):
            yield t.find("V40", i, "name", msg="V40.mismatch", staff_id=sid, name=name)


def v41_code(t: Table, catalogue: dict[str, Offence]) -> Iterator[Finding]:
    for i, code in t.valid("code"):
        if normal_code(code) not in catalogue:
            yield t.find("V41", i, "code", value=code)


def v42_amount(t: Table, catalogue: dict[str, Offence]) -> Iterator[Finding]:
    """V42: a code whose money rule multiplies the amount needs the amount."""
    amounts = t.col("amount")
    bad = t.invalid.get("amount", ())
    for i, code in t.valid("code"):
        offence = catalogue.get(normal_code(code))
        if offence and offence.money_rule and amounts[i] is None and i not in bad:
            yield t.find("V42", i, "amount", code=offence.code)


def v43_appeal(t: Table, appeal_days: int) -> Iterator[Finding]:
    """V43 (P05): an appeal within `appeal_days` of the notice date."""
    notified = t.col("notified_on")
    window = timedelta(days=appeal_days)
    for i, appealed in t.valid("appealed_on"):
        if notified[i] is None:
            continue
        if appealed < notified[i]:
            yield t.find("V43", i, "appealed_on", msg="V43.before")
        elif appealed - notified[i] > window:
            yield t.find(
                "V43", i, "appealed_on", Severity.WARNING, days=appeal_days, notified=notified[i]
            )


def evaluate_offences(
    t: Table, ctx: Context, roster: Roster | None, catalogue: dict[str, Offence]
) -> SheetResult:
    result = SheetResult(t)
    result.findings += r01_required(t)
    if roster is not None:
        result.findings += v40_person(t, roster)
    result.findings += v41_code(t, catalogue)
    result.findings += v42_amount(t, catalogue)
    result.findings += v43_appeal(t, ctx.settings.appeal_days)
    codes = t.col("code")
    result.computed = {
        "tier": [
            str(catalogue[normal_code(c)].tier) if c and normal_code(c) in catalogue else ""
            for c in codes
        ]
    }
    return result


def evaluate_attendance(t: Table, roster: Roster | None) -> SheetResult:
    result = SheetResult(t)
    result.findings += r01_required(t)
    if roster is not None:
        result.findings += v40_person(t, roster)
    return result


def evaluate_plain(t: Table) -> SheetResult:
    """员工 and 过失目录: only the sheet rules."""
    return SheetResult(t, list(r01_required(t)))
