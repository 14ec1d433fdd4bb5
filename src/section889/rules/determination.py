"""What `decide` returns: an outcome, its basis, the rules applied, and what to do next.

The vocabularies are enums whose values are the words users see (`Outcome`, `Basis`), and a
required action's deadline is a typed `BusinessDays` value that prints as today's words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """What a determination says about a part, an item or the whole procurement action."""

    NOT_YET_EFFECTIVE = "not_yet_effective"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_COVERED = "not_covered"
    PERMITTED_BY_EXCEPTION = "permitted_by_exception"
    PERMITTED_BY_WAIVER = "permitted_by_waiver"
    PROHIBITED = "prohibited"
    REVIEW = "review"

    @property
    def severity(self) -> int:
        """Restrictiveness: with several parts or items the highest wins (`prohibited` is 6)."""
        return _SEVERITY[self]


_SEVERITY = {
    Outcome.OUT_OF_SCOPE: 0,
    Outcome.NOT_YET_EFFECTIVE: 1,
    Outcome.NOT_COVERED: 2,
    Outcome.PERMITTED_BY_EXCEPTION: 3,
    Outcome.PERMITTED_BY_WAIVER: 4,
    Outcome.REVIEW: 5,
    Outcome.PROHIBITED: 6,
}


class Basis(StrEnum):
    """Why an outcome was reached: one word per rule path (docs/determinations.md)."""

    NOT_EXECUTIVE_AGENCY = "not_executive_agency"
    DATE_BEFORE_EFFECTIVE = "date_before_effective"
    NO_INFORMATION = "no_information"
    PRODUCER_NOT_COVERED = "producer_not_covered"
    RELATION_UNKNOWN = "relation_unknown"
    KIND_UNDEFINED = "kind_undefined"
    PURPOSE_DISPUTED = "purpose_disputed"
    PURPOSE_UNKNOWN = "purpose_unknown"
    ROLE_NEITHER = "role_neither"
    ROLE_UNKNOWN = "role_unknown"
    EXCEPTION_THIRD_PARTY_CONNECTION = "exception_third_party_connection"
    THIRD_PARTY_UNCLEAR = "third_party_unclear"
    EXCEPTION_NO_DATA_ACCESS = "exception_no_data_access"
    OFFEROR_NOT_USER = "offeror_not_user"
    EMPLOYEE_PERSONAL_DEVICE = "employee_personal_device"
    REPRESENTATION_CONFLICT = "representation_conflict"
    REPRESENTATION_OUTDATED = "representation_outdated"
    REPRESENTATION_DOES_NOT = "representation_does_not"
    REPRESENTATION_PROVIDES = "representation_provides"
    REPRESENTATION_USES = "representation_uses"
    WAIVER_SCOPE_UNCLEAR = "waiver_scope_unclear"
    WAIVER_AGENCY_HEAD = "waiver_agency_head"
    WAIVER_DNI = "waiver_dni"
    WAIVER_DNI_UNVERIFIED = "waiver_dni_unverified"
    WEAPON_SYSTEM_UNKNOWN = "weapon_system_unknown"
    EXEMPTION_PACK = "exemption_pack"
    INVALID_WAIVER = "invalid_waiver"
    PART_A_PROHIBITION = "part_a_prohibition"
    PART_B_PROHIBITION = "part_b_prohibition"
    GRANT_PROHIBITION = "grant_prohibition"


@dataclass(frozen=True, slots=True)
class BusinessDays:
    """A deadline counted in business days; a workflow clock turns it into a due date.

    >>> str(BusinessDays(1)), str(BusinessDays(10, after="report", after_words="the first report"))
    ('1 business day', '10 business days after the first report')
    """

    days: int
    after: str | None = None
    """Id of the required action the count starts from; None: from when the duty arises."""
    after_words: str = field(default="", compare=False)
    """How `after` reads in a sentence ("the first report")."""

    def __str__(self) -> str:
        unit = "business day" if self.days == 1 else "business days"
        tail = f" after {self.after_words}" if self.after_words else ""
        return f"{self.days} {unit}{tail}"


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation as printed: the section asked for, its text, the URL of its base section, and
    (FAR sections only) the FAR Part 40 number when known. The one citation value: packs' rules
    (`rules.policy.Rule.citation`), the FAR table (`rules.reference.far`) and determinations."""

    section: str
    text: str
    url: str
    part40: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule applied: its id, what was found, its citation and effective dates."""

    rule_id: str
    finding: str
    citation: Citation
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
    deadline: BusinessDays | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The outcome for one item under one part."""

    item: int | None
    producer: str
    entity: str | None
    outcome: Outcome
    basis: Basis


@dataclass(frozen=True, slots=True)
class PartResult:
    """The outcome of one part (part_a, part_b or grant): its most restrictive item's."""

    part: str
    outcome: Outcome
    basis: Basis
    items: list[ItemResult] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Determination:
    """One determination; `to_json()` is the stable machine form."""

    decision_id: str
    outcome: Outcome
    basis: Basis
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
        """Plain data (JSON-ready), keys in field order; a deadline is given in words
        ("1 business day"). Written out rather than `dataclasses.asdict`, which deep-copies
        every value and cost as much as deciding."""
        return {
            "decision_id": self.decision_id,
            "outcome": self.outcome,
            "basis": self.basis,
            "question": self.question,
            "action_date": self.action_date,
            "as_of": self.as_of,
            "policy": dict(self.policy),
            "kb_version": self.kb_version,
            "reference_version": self.reference_version,
            "parts": [
                {
                    "part": p.part,
                    "outcome": p.outcome,
                    "basis": p.basis,
                    "items": [_fields(i, _ITEM) for i in p.items],
                }
                for p in self.parts
            ],
            "reasons": [
                {**_fields(r, _REASON), "citation": _fields(r.citation, _CITATION)}
                for r in self.reasons
            ],
            "cross_references": [_fields(c, _CROSS) for c in self.cross_references],
            "required_actions": [
                {
                    "id": a.id,
                    "text": a.text,
                    "citation": a.citation,
                    "deadline": None if a.deadline is None else str(a.deadline),
                }
                for a in self.required_actions
            ],
            "notices": list(self.notices),
            "sam_snapshot": self.sam_snapshot,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The determination as JSON."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


_ITEM = _names(ItemResult)
_REASON = _names(Reason)
_CITATION = ("section", "text", "url")  # part40 is said in `text` when renumbered
_CROSS = _names(CrossReference)


def _fields(value: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(value, name) for name in names}
