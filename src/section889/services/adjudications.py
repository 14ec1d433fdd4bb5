"""Earlier adjudications applied to screening results: what status to show, and when to ask again.

An adjudication (`readers.adjudications`) records `not_a_match` or `confirmed` for a hit, and the `fact_ref`
the hit rested on. When the knowledge base's fact behind the hit changes, the decision is stale:
the raw status is shown again with `decision_stale`, so a person looks at it afresh.
"""

from __future__ import annotations

from section889.matching import MatchStatus, ScreenResult
from section889.readers import Adjudication, AdjudicationKind

STALE = "decision_stale"
"""Shown in the `decision` column when the fact behind a decided hit has changed."""


def apply_adjudication(
    result: ScreenResult, decision: Adjudication | None, kb_label: str
) -> tuple[str, list[str | None]]:
    """The status to show and the decision cells, given an earlier adjudication (if any).

    - stale (the recorded `fact_ref` differs from the result's, or — without one — the recorded
      `kb_version` differs from the knowledge base's; or a `confirmed` hit is gone): the raw status,
      `decision_stale`, and a note saying what changed;
    - `not_a_match`: `clear` (also when there is no hit any more);
    - `confirmed`: a `possible` becomes `covered`; `covered` and `former_affiliate` stay.
    """
    raw = result.status.value
    if decision is None:
        return raw, [None, None, None, None]
    who, when = decision.decided_by, decision.decided_on.isoformat()
    if result.status == MatchStatus.CLEAR:
        # No hit any more: nothing left to clear; a confirmation has lost what it confirmed.
        stale = decision.decision == AdjudicationKind.CONFIRMED
    elif decision.fact_ref is not None:
        stale = decision.fact_ref != (result.fact_ref or "")
    else:
        stale = decision.kb_version is not None and decision.kb_version != kb_label
    if stale:
        if decision.fact_ref:
            was = decision.fact_ref
        else:
            was = f"kb {decision.kb_version}" if decision.kb_version else "a hit that is gone"
        now = result.fact_ref or "no hit"
        note = (
            f"{decision.decision.value} recorded for {was} no longer applies: the hit now rests on "
            f"{now}; review again (reason given: {decision.reason})"
        )
        return raw, [STALE, who, when, note]
    if decision.decision == AdjudicationKind.NOT_A_MATCH:
        return MatchStatus.CLEAR.value, [decision.decision.value, who, when, decision.reason]
    shown = MatchStatus.COVERED.value if result.status == MatchStatus.POSSIBLE else raw
    return shown, [decision.decision.value, who, when, decision.reason]
