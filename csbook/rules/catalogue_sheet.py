"""A workbook's own 过失目录 as the rules read it: the offences it decides, and the codes it
names but cannot decide (an unreadable 等级 or 金额规则, or two rows that disagree), whose
offences are held — no sanction or no money computed, the person's month 不完整 — rather
than read by a guess (SPEC §1.0)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

from .catalogue import CATALOGUE, Offence, Tier, normal_code
from .findings import Finding, finding
from .table import Table
from .text import row_ranges


class Doubt(StrEnum):
    """Why a code's 过失目录 rows cannot give its tier or its money rule."""

    TIER_UNREAD = "等级未填或无法识别"
    RULE_UNREAD = "金额规则无法识别"
    TIER_DIFFERS = "等级不一致"
    RULE_DIFFERS = "金额规则不一致"


DOUBT_EN = {
    Doubt.TIER_UNREAD: "tier blank or unreadable",
    Doubt.RULE_UNREAD: "money rule unreadable",
    Doubt.TIER_DIFFERS: "rows give different tiers",
    Doubt.RULE_DIFFERS: "rows give different money rules",
}


class Held(NamedTuple):
    """A code the workbook's 过失目录 names but cannot decide."""

    code: str
    doubt: Doubt
    rows: tuple[int, ...]  # the 过失目录 rows in doubt (Excel numbers)
    tier: Tier | None  # known when only the money rule is in doubt: the sanction still counts

    @property
    def params(self) -> dict[str, str]:
        """The V41.held message's words for this code."""
        rows, rows_en = row_ranges(list(self.rows))
        money = self.tier is not None
        what = ("按金额的罚款", "fine by amount") if money else ("处分", "sanction")
        return {
            "code": self.code,
            "rows": rows,
            "rows_en": rows_en,
            "why": f"{self.doubt}，本行{what[0]}无法确定",
            "why_en": f"{DOUBT_EN[self.doubt]}; this row's {what[1]} cannot be decided",
        }

    @property
    def problem(self) -> str:
        """Why an offence of this code has no sanction (or no money), for 月处罚汇总's 备注."""
        rows, _ = row_ranges(list(self.rows))
        what = "处分" if self.tier is None else "按金额的罚款"
        return f"过失目录第{rows}行{self.code}的{self.doubt}，{what}无法确定"


@dataclass(frozen=True)
class Catalogue:
    offences: dict[str, Offence]  # code -> the offence the catalogue decides
    held: dict[str, Held] = field(default_factory=dict)  # code -> why it cannot decide it
    findings: list[Finding] = field(default_factory=list)  # on the 过失目录 rows

    def get(self, code: str) -> Offence | None:
        return self.offences.get(code)

    def tier(self, code: str) -> Tier | None:
        """The code's tier; None when the catalogue lacks the code or its tier is in doubt."""
        offence, held = self.offences.get(code), self.held.get(code)
        return offence.tier if offence else held.tier if held else None


BUILT_IN = Catalogue({o.code: o for o in CATALOGUE})


def catalogue_from_table(t: Table | None) -> Catalogue:
    """The workbook's 过失目录, or the built-in one when the sheet is missing or empty (said:
    V41.built_in). A code on two rows that agree counts once (a warning); rows that disagree
    hold the code (an error on each): which row was meant is the branch's to say, not the
    program's."""
    if t is None:
        return BUILT_IN
    if not len(t):  # a header alone: the template's rows cleared, not a catalogue of nothing
        return replace(BUILT_IN, findings=[finding("V41.built_in", t.sheet, 0, "")])
    tiers, texts, rules = t.col("tier"), t.col("description"), t.col("money_rule")
    bad_rule = t.invalid.get("money_rule", set())
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, code in t.valid("code"):
        by_code[normal_code(code)].append(i)
    offences: dict[str, Offence] = {}
    held: dict[str, Held] = {}
    found: list[Finding] = []
    for code, rows in by_code.items():
        unread_tier = [i for i in rows if tiers[i] is None]  # R01 / R02 said so on the cell
        unread_rule = [i for i in rows if i in bad_rule]  # R02 named what was typed
        if unread_tier:
            held[code] = Held(code, Doubt.TIER_UNREAD, tuple(t.rows[i] for i in unread_tier), None)
        elif len({tiers[i] for i in rows}) > 1:
            held[code] = Held(code, Doubt.TIER_DIFFERS, tuple(t.rows[i] for i in rows), None)
            found += _differ(t, code, rows, "tier", [str(tiers[i]) for i in rows])
        elif unread_rule:
            rows_held = tuple(t.rows[i] for i in unread_rule)
            held[code] = Held(code, Doubt.RULE_UNREAD, rows_held, Tier(tiers[rows[0]]))
        elif len({rules[i] or "" for i in rows}) > 1:
            tier = Tier(tiers[rows[0]])
            held[code] = Held(code, Doubt.RULE_DIFFERS, tuple(t.rows[i] for i in rows), tier)
            shown = [rules[i] or "无" for i in rows]
            found += _differ(t, code, rows, "money_rule", shown)
        else:
            first = rows[0]
            offences[code] = Offence(
                code, Tier(tiers[first]), texts[first] or "", rules[first] or ""
            )
            if len(rows) > 1:  # one warning, on the first repeat, naming every repeat
                again, again_en = row_ranges([t.rows[i] for i in rows[1:]])
                found.append(
                    t.find(
                        "V41.repeated",
                        rows[1],
                        "code",
                        code=code,
                        rows=again,
                        rows_en=again_en,
                        other=t.rows[first],
                    )
                )
    return Catalogue(offences, held, found)


def _differ(t: Table, code: str, rows: list[int], key: str, values: list[str]) -> Iterator[Finding]:
    """V41.differs on each of a code's rows: what each row says, all of them named."""
    said = "、".join(f"第{t.rows[i]}行为“{v}”" for i, v in zip(rows, values, strict=True))
    said_en = ", ".join(f"row {t.rows[i]} “{v}”" for i, v in zip(rows, values, strict=True))
    held = (
        ("暂不确定处分", "no sanction is decided")
        if key == "tier"
        else (
            "暂不计算按金额的罚款（处分照常）",
            "no fine by amount is computed (the sanction stands)",
        )
    )
    for i in rows:
        yield t.find(
            "V41.differs",
            i,
            key,
            code=code,
            header=t.header(key),
            rows=said,
            rows_en=said_en,
            why=held[0],
            why_en=held[1],
        )
