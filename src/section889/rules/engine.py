"""The determination engine: `decide(procurement, context)` → `Determination`.

    decide = gather (facts.py: every look-up, through the context)
           + evaluate (this module: the facts and the pack alone)
           + the record (decision id, versions, as-of date)

A pure function of its arguments: no settings, files, clocks or module-level caches. Evaluation
follows the rules reference §5.3 (first match wins per item); a part's result is its most
restrictive item's, and the overall outcome the most restrictive part's. `evaluate` can be
called once per distinct `ProcurementFacts` value for a whole portfolio.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from section889.rules.context import DecisionContext, SamLookup
from section889.rules.coverage import decide_part, parts_asked
from section889.rules.cross_references import closing_actions, cross_references
from section889.rules.determination import (
    Basis,
    CrossReference,
    Determination,
    Outcome,
    PartResult,
    Reason,
    RequiredAction,
)
from section889.rules.facts import ProcurementFacts, gather
from section889.rules.inputs import Procurement
from section889.rules.policy import Pack
from section889.rules.reference import Reference
from section889.rules.representations import sam_representations
from section889.rules.sam_checks import snapshot_checks
from section889.rules.trace import Trace

__all__ = [
    "DecisionContext",
    "Evaluation",
    "SamLookup",
    "Verdict",
    "decide",
    "decision_id",
    "evaluate",
]

NEW_ACTIONS = frozenset({"option", "extension", "renewal", "order"})
"""Action types that are new actions on their own date (FAR 4.2102(c))."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The label-free part of an evaluation: equal facts always give equal verdicts."""

    outcome: Outcome
    basis: Basis
    parts: tuple[tuple[str, Outcome, Basis], ...]
    rule_ids: tuple[str, ...]
    required_actions: tuple[str, ...]
    cross_references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What the facts give under a pack: the outcome and everything that explains it."""

    outcome: Outcome
    basis: Basis
    parts: list[PartResult]
    reasons: list[Reason]
    cross_references: list[CrossReference]
    required_actions: list[RequiredAction]
    notices: list[str]

    @property
    def verdict(self) -> Verdict:
        """Outcome, basis, parts, rule ids, action ids and cross-reference ids."""
        return Verdict(
            self.outcome,
            self.basis,
            tuple((p.part, p.outcome, p.basis) for p in self.parts),
            tuple(dict.fromkeys(r.rule_id for r in self.reasons)),
            tuple(a.id for a in self.required_actions),
            tuple(c.id for c in self.cross_references),
        )


def evaluate(facts: ProcurementFacts, pack: Pack, reference: Reference) -> Evaluation:
    """Decide from the facts alone (the reference data only supplies citation URLs)."""
    t = Trace(facts, pack, reference, reps=facts.representations)
    if not pack.enacted:
        t.note(
            f"policy pack {pack.id} is NOT ENACTED ({pack.status}): a what-if result, not law; "
            "under current-law this exemption never permits"
        )
    if pack.effective_to and facts.as_of > pack.effective_to:
        t.note(f"policy pack {pack.id} describes a period that ended {pack.effective_to}")
    parts = parts_asked(facts)
    if facts.sam is not None:
        sam_representations(t, parts)
    if facts.snapshot is not None:
        snapshot_checks(t, facts.snapshot)
    if not facts.executive_agency:
        t.add(
            "scope.executive_agency",
            f"{facts.agency_name} is not an executive agency; Section 889 does not bind it",
        )
        results = [PartResult(p, Outcome.OUT_OF_SCOPE, Basis.NOT_EXECUTIVE_AGENCY) for p in parts]
    else:
        if facts.action_type in NEW_ACTIONS:
            t.add(
                "action.option_extension_renewal",
                f"a {facts.action_type} on {facts.date} is a new action: Section 889 applies "
                "on its date even if the base contract predates it",
            )
        results = [decide_part(t, part) for part in parts]
    cross_references(t)
    worst = max(results, key=lambda r: r.outcome.severity)
    closing_actions(t, worst.outcome)
    return Evaluation(
        outcome=worst.outcome,
        basis=worst.basis,
        parts=results,
        reasons=t.reasons,
        cross_references=list(t.cross.values()),
        required_actions=list(t.actions.values()),
        notices=t.notices,
    )


def decide(procurement: Procurement, context: DecisionContext) -> Determination:
    """Decide one procurement under `context.pack`, as of `context.as_of`."""
    facts = gather(procurement, context)
    ev = evaluate(facts, context.pack, context.reference)
    pack, snapshot = context.pack, facts.snapshot
    return Determination(
        decision_id=decision_id(procurement, context, facts),
        outcome=ev.outcome,
        basis=ev.basis,
        question=procurement.question,
        action_date=facts.date.isoformat(),
        as_of=context.as_of.isoformat(),
        policy={
            "id": pack.id,
            "version": pack.version,
            "enacted": pack.enacted,
            "title": pack.title,
        },
        kb_version=context.kb_label,
        reference_version=context.reference.version,
        parts=ev.parts,
        reasons=ev.reasons,
        cross_references=ev.cross_references,
        required_actions=ev.required_actions,
        notices=ev.notices,
        sam_snapshot=snapshot.date.isoformat() if snapshot is not None else None,
    )


def decision_id(procurement: Procurement, context: DecisionContext, facts: ProcurementFacts) -> str:
    """sha256 over the normalised input, pack id and version, KB and reference versions, the SAM
    record's hash, the as-of date, and — only when present — the SAM snapshot id and the
    exemptions granted outside the input (so ids without them stay stable)."""
    sam = procurement.offeror.sam
    payload: dict[str, Any] = {
        "input": procurement.model_dump(mode="json", exclude={"policy"}),
        "pack": [context.pack.id, context.pack.version],
        "kb": context.kb_label,
        "reference": context.reference.version,
        "sam": (
            hashlib.sha256(json.dumps(sam, sort_keys=True, default=str).encode()).hexdigest()[:16]
            if sam is not None
            else None
        ),
        "as_of": context.as_of.isoformat(),
    }
    if facts.snapshot is not None:
        payload["sam_snapshot"] = facts.snapshot.snapshot_id
    if context.exemptions:
        payload["exemptions"] = [w.model_dump(mode="json") for w in context.exemptions]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
