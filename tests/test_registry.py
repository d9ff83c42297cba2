"""The rule registry: every rule of SPEC.md is registered once, every message the code emits
belongs to a registered rule, each rule names the function that implements it, and each rule
has a test that names it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from csbook.rules.registry import MESSAGES, RULES, reference

TESTS = Path(__file__).resolve().parent
SPEC = TESTS.parents[1] / "shared" / "SPEC.md"  # kept beside the project
ID = re.compile(r"\b(?:R0[1-9]|D0[1-5]|V[0-4]\d|C0[1-4]|H0[1-5]|P(?:0[1-9]|1[01])|Q0[1-7])\b")

# the rule IDs of SPEC.md revision 2, and R06 (planned rows, §1.0) which the code adds
SPEC_IDS = {
    *(f"R0{n}" for n in range(1, 7)),
    *(f"D0{n}" for n in range(1, 6)),
    *(f"V{n:02}" for n in range(1, 14)),
    *(f"V2{n}" for n in range(4)),
    *(f"C0{n}" for n in range(1, 5)),
    *(f"V3{n}" for n in range(1, 5)),
    *(f"H0{n}" for n in range(1, 6)),
    *(f"V4{n}" for n in range(10)),
    *(f"P{n:02}" for n in range(1, 12)),
    *(f"Q0{n}" for n in range(1, 8)),
}


def test_every_spec_rule_is_registered_and_nothing_else() -> None:
    assert set(RULES) == SPEC_IDS


@pytest.mark.skipif(not SPEC.exists(), reason="SPEC.md is not beside this checkout")
def test_the_list_of_ids_is_spec_md_s() -> None:
    assert set(ID.findall(SPEC.read_text(encoding="utf-8"))) == SPEC_IDS - {"R06"}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_rule_names_its_function_and_owns_its_messages(rule_id: str) -> None:
    rule = RULES[rule_id]
    module, _, name = rule.implemented_in.partition(":")
    assert callable(getattr(importlib.import_module(module), name))
    assert rule.section.startswith("§")
    assert all(key.partition(".")[0] == rule_id for key in rule.messages)


def test_message_keys_are_unique_across_rules() -> None:
    assert len(MESSAGES) == sum(len(rule.messages) for rule in RULES.values())


def test_every_rule_has_a_test_that_names_it() -> None:
    named: set[str] = set()
    for path in TESTS.rglob("*.py"):
        if path.name != Path(__file__).name:
            named |= set(ID.findall(path.read_text(encoding="utf-8")))
    assert set(RULES) - named == set()


def test_docs_rules_md_is_the_registry_s() -> None:
    """docs/rules.md lists every rule and message as registered (regenerate it with
    `python -m csbook.rules.registry > docs/rules.md`)."""
    written = (TESTS.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == reference()
    assert all(f"`{key}`" in written for key in MESSAGES)
