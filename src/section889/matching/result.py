"""What screening one name returns: a status, the entity, and evidence a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MatchStatus(StrEnum):
    """Outcome of screening a name; `STATUS_RANK` orders them by how soon a person must look."""

    COVERED = "covered"
    FORMER_AFFILIATE = "former_affiliate"
    POSSIBLE = "possible"
    CLEAR = "clear"


STATUS_RANK = {
    MatchStatus.COVERED: 0,
    MatchStatus.POSSIBLE: 1,
    MatchStatus.FORMER_AFFILIATE: 2,
    MatchStatus.CLEAR: 3,
}
"""Severity order used to rank results: a `possible` needs a person, a former affiliate is informational."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind a result, e.g. the alias matched or the identifier hit, with its source."""

    kind: str
    """`alias`, `identifier`, `tokens`, `date`, `lookalike`, `layer`, `decision`."""
    detail: str
    source: str = ""


@dataclass(slots=True)
class ScreenResult:
    """The result of screening one name (and optional identifiers) on one date.

    Treat it as read-only. It is not a frozen dataclass only because a million of them are made
    per list, and a frozen dataclass's constructor is several times slower.
    """

    input_name: str
    status: MatchStatus
    entity_id: str | None = None
    party_id: str | None = None
    matched_name: str | None = None
    relationship: str | None = None
    score: float = 0.0
    explanation: str = ""
    evidence: tuple[Evidence, ...] = field(default=())
    fact_ref: str | None = None
    """Stable reference to the fact behind the hit (`file:line@sha`), so a decision can notice it changed."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """A result without the input name, so every row with the same name shares it."""

    status: MatchStatus
    entity_id: str | None = None
    party_id: str | None = None
    matched_name: str | None = None
    relationship: str | None = None
    score: float = 0.0
    explanation: str = ""
    evidence: tuple[Evidence, ...] = ()
    fact_ref: str | None = None

    def result(self, name: str) -> ScreenResult:
        """The result for one input row carrying this name."""
        return ScreenResult(
            name,
            self.status,
            self.entity_id,
            self.party_id,
            self.matched_name,
            self.relationship,
            self.score,
            self.explanation,
            self.evidence,
            self.fact_ref,
        )
