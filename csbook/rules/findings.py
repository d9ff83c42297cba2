"""Findings are data: rule, severity, sheet, Excel row, header and a message, rendered later
(text, JSON, cell notes, highlights) in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from .registry import MESSAGES, Severity

__all__ = ["Checked", "Finding", "Lang", "Severity", "finding"]

Lang = Literal["zh", "en"]

# English names of the Chinese words some messages interpolate
ROLE_EN = {"交班人": "hander-over's", "接班人": "receiver's"}
WHAT_EN = {"事假": "personal leave", "病假": "sick leave", "旷工": "absence"}
# English parameters derived from Chinese ones: name -> (Chinese parameter, translations)
DERIVED_EN = {"role_en": ("role", ROLE_EN), "what_en": ("what", WHAT_EN)}
# the English text may read these in place of the Chinese parameters: why_en, rows_en, span_en and
# note_en are passed by the caller, the others are derived (DERIVED_EN)
EN_PARAMS = {
    "why": "why_en",
    "rows": "rows_en",
    "role": "role_en",
    "what": "what_en",
    "span": "span_en",
    "note": "note_en",
}


@dataclass(frozen=True, slots=True)  # a plain class: a register can raise thousands
class Finding:
    rule: str
    severity: Severity
    sheet: str
    row: int  # Excel row number; 0 for a finding about the whole sheet or file
    column: str  # header text as found in the file (or the canonical header)
    key: str  # message template
    params: dict[str, str] = field(default_factory=dict)

    def message(self, lang: Lang = "zh") -> str:
        template = MESSAGES[self.key]
        params = dict(self.params)
        if lang == "en":
            for name, (source, names) in DERIVED_EN.items():
                if source in params:
                    params[name] = names.get(params[source], params[source])
        try:
            return (template.zh if lang == "zh" else template.en).format_map(params)
        except KeyError as e:
            raise KeyError(f"message {self.key} ({lang}) lacks the parameter {e.args[0]}") from None


def finding(key: str, sheet: str, row: int, column: str, **params: object) -> Finding:
    """A finding of message `key` (a rule ID, or ID.variant), with the registry's severity."""
    return Finding(
        rule=key.partition(".")[0],
        severity=MESSAGES[key].severity,
        sheet=sheet,
        row=row,
        column=column,
        key=key,
        params={k: str(v) for k, v in params.items()},
    )


V = TypeVar("V")


@dataclass
class Checked(Generic[V]):
    """What a rule computes, with the findings it raised computing it. The one convention:
    a rule that only checks yields findings; one that also computes values (due moments,
    statuses, the months a ledger counts) returns a `Checked`, so the values are data the
    caller reads and the findings are never an out-parameter."""

    value: V
    findings: list[Finding] = field(default_factory=list)
