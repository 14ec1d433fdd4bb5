"""Scenario cases as data: input → expected outcome, basis and rule ids (`rules/cases/*.yaml`).

`run_case(case, decider)` decides a case with whatever the caller wires (the service's
`Decider` over a Runtime) and compares it with its expectations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

from section889.errors import InputError
from section889.rules.determination import Determination
from section889.rules.inputs import Procurement, parse_procurement

CASE_AS_OF = dt.date(2026, 7, 1)
"""The as-of date of a case that gives none."""


class CaseDecider(Protocol):
    """Decides a procurement under a pack (None: the input's, else the default) as of a date."""

    def decide(
        self, procurement: Procurement, *, policy: str | None = ..., as_of: dt.date | None = ...
    ) -> Determination: ...


@dataclass(frozen=True, slots=True)
class Case:
    """One scenario."""

    id: str
    title: str
    file: str
    input: dict[str, Any]
    expect: dict[str, Any]
    policy: str | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CaseResult:
    """A case run: the problems found (empty when it passed)."""

    case: Case
    outcome: str
    basis: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        """True when the determination matched every expectation."""
        return not self.problems


def shipped_case_files() -> list[Path]:
    """The scenario files shipped with the package."""
    folder = Path(str(resources.files("section889.rules").joinpath("cases")))
    return sorted(folder.glob("*.yaml"))


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return over


def load_cases(path: Path) -> list[Case]:
    """Read one case file (`defaults` are deep-merged into each case's `input`)."""
    if not path.is_file():
        raise InputError("file not found", path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"cannot parse: {exc}", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise InputError("a case file needs a `cases:` list", path=path)
    defaults = data.get("defaults") or {}
    found: list[Case] = []
    for number, raw in enumerate(data["cases"]):
        if not isinstance(raw, dict) or "id" not in raw or "expect" not in raw:
            raise InputError(f"cases[{number}]: needs id, input and expect", path=path)
        found.append(
            Case(
                id=str(raw["id"]),
                title=str(raw.get("title", "")),
                file=path.name,
                input=_merge(defaults, raw.get("input") or {}),
                expect=dict(raw["expect"]),
                policy=raw.get("policy"),
                as_of=raw.get("as_of"),
            )
        )
    return found


def run_case(case: Case, decider: CaseDecider) -> CaseResult:
    """Decide one case with `decider` and compare with its expectations."""
    proc = parse_procurement(case.input, where=f"{case.file}#{case.id}")
    d = decider.decide(proc, policy=case.policy, as_of=case.as_of or CASE_AS_OF)
    exp = case.expect
    problems: list[str] = []
    if "outcome" in exp and d.outcome != exp["outcome"]:
        problems.append(f"outcome {d.outcome} != expected {exp['outcome']}")
    if "basis" in exp and d.basis != exp["basis"]:
        problems.append(f"basis {d.basis} != expected {exp['basis']}")
    missing = [r for r in exp.get("rules", []) if r not in d.rule_ids]
    if missing:
        problems.append(f"rules not applied: {', '.join(missing)}")
    parts = {p.part: p for p in d.parts}
    for name, want in (exp.get("parts") or {}).items():
        got = parts.get(name)
        if got is None:
            problems.append(f"part {name} missing")
            continue
        w_out, _, w_basis = str(want).partition("/")
        if got.outcome != w_out or (w_basis and got.basis != w_basis):
            problems.append(f"part {name}: {got.outcome}/{got.basis} != expected {want}")
    crosses = {c.id for c in d.cross_references}
    missing = [c for c in exp.get("cross_references", []) if c not in crosses]
    if missing:
        problems.append(f"cross-references missing: {', '.join(missing)}")
    actions = {a.id for a in d.required_actions}
    missing = [a for a in exp.get("required_actions", []) if a not in actions]
    if missing:
        problems.append(f"required actions missing: {', '.join(missing)}")
    if "notice_contains" in exp and not any(exp["notice_contains"] in n for n in d.notices):
        problems.append(f"no notice containing {exp['notice_contains']!r}")
    return CaseResult(case, d.outcome, d.basis, problems)
