"""The trace of one evaluation: the rules applied with findings, actions, notices, cross-references.

Every module that decides something writes here; nothing here decides. A `Trace` is made per
evaluation and read once into the `Evaluation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from section889.rules.determination import (
    BusinessDays,
    Citation,
    CrossReference,
    Reason,
    RequiredAction,
)
from section889.rules.facts import ProcurementFacts
from section889.rules.inputs import Representations
from section889.rules.policy import Pack
from section889.rules.reference import Reference
from section889.sam.entity import SamEntity


@dataclass(slots=True)
class Trace:
    """What one evaluation has found so far (the facts, pack and reference it runs on)."""

    facts: ProcurementFacts
    pack: Pack
    ref: Reference
    reasons: list[Reason] = field(default_factory=list)
    cross: dict[str, CrossReference] = field(default_factory=dict)
    actions: dict[str, RequiredAction] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    reps: Representations = field(default_factory=Representations)
    """The representations in effect: the input's, with open (c) answers filled from SAM."""
    any_covered: bool = False
    """Whether a covered producer (or a "does" representation) was met."""
    from_sam: set[str] = field(default_factory=set)
    """Parts whose representation was taken from the SAM record (`offeror.sam`)."""
    conflicts: dict[str, str] = field(default_factory=dict)
    """Part → why the input's representation contradicts the SAM record."""

    @property
    def sam(self) -> SamEntity | None:
        """The offeror's SAM record, when the input gave one."""
        return self.facts.sam

    def add(
        self,
        rule_id: str,
        finding: str,
        part: str | None = None,
        item: int | None = None,
        *,
        citation: Citation | None = None,
    ) -> None:
        """Record that `rule_id` was applied, with what was found."""
        rule = self.pack.rule(rule_id)
        self.reasons.append(
            Reason(
                rule_id,
                finding,
                citation or self.pack.citation(rule_id),
                rule.effective_from.isoformat() if rule.effective_from else None,
                rule.effective_to.isoformat() if rule.effective_to else None,
                part,
                item,
            )
        )

    def act(
        self, action_id: str, text: str, citation: str, deadline: BusinessDays | None = None
    ) -> None:
        """Ask a person to do something (the first text given for an id is kept)."""
        self.actions.setdefault(action_id, RequiredAction(action_id, text, citation, deadline))

    def note(self, text: str) -> None:
        """Add a notice (once)."""
        if text not in self.notices:
            self.notices.append(text)

    def cross_ref(self, key: str, regime: str, finding: str, url: str) -> None:
        """Note a related regime (once per key); it never changes the outcome."""
        self.cross.setdefault(key, CrossReference(key, regime, finding, url))

    def far_cite(self, section: str, text: str) -> Citation:
        """A citation whose URL is the reference data's for a FAR section."""
        return Citation(section, text, self.ref.far_url(section))
