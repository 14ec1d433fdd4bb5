"""What `decide` returns: an outcome, its basis, the rules applied, and what to do next."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Outcome = Literal[
    "not_yet_effective",
    "out_of_scope",
    "not_covered",
    "permitted_by_exception",
    "permitted_by_waiver",
    "prohibited",
    "review",
]

SEVERITY: dict[str, int] = {
    "out_of_scope": 0,
    "not_yet_effective": 1,
    "not_covered": 2,
    "permitted_by_exception": 3,
    "permitted_by_waiver": 4,
    "review": 5,
    "prohibited": 6,
}
"""Restrictiveness: with several parts or items the highest wins."""


@dataclass(frozen=True, slots=True)
class CitationOut:
    """A rule's citation as printed."""

    section: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule applied: its id, what was found, its citation and effective dates."""

    rule_id: str
    finding: str
    citation: CitationOut
    effective_from: str | None = None
    effective_to: str | None = None
    part: str | None = None
    item: int | None = None


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A related regime noted; it never changes the Section 889 outcome."""

    id: str
    regime: str
    finding: str
    url: str


@dataclass(frozen=True, slots=True)
class RequiredAction:
    """Something a person must do or obtain next."""

    id: str
    text: str
    citation: str
    deadline: str | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The outcome for one item under one part."""

    item: int | None
    producer: str
    entity: str | None
    outcome: Outcome
    basis: str


@dataclass(frozen=True, slots=True)
class PartResult:
    """The outcome of one part (part_a, part_b or grant): its most restrictive item's."""

    part: str
    outcome: Outcome
    basis: str
    items: list[ItemResult] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Determination:
    """One determination; `to_json()` is the stable machine form."""

    decision_id: str
    outcome: Outcome
    basis: str
    question: str
    action_date: str
    as_of: str
    policy: dict[str, Any]
    kb_version: str
    reference_version: str | None
    parts: list[PartResult]
    reasons: list[Reason]
    cross_references: list[CrossReference]
    required_actions: list[RequiredAction]
    notices: list[str]
    sam_snapshot: str | None = None

    @property
    def rule_ids(self) -> list[str]:
        """Ids of every rule applied, in order, without repeats."""
        return list(dict.fromkeys(r.rule_id for r in self.reasons))

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return asdict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """The determination as JSON."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
