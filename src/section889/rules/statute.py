"""What Section 889 and its neighbours say, as the engine's fixed vocabulary.

The dates are not here: every statutory date comes from the policy pack (`Pack.statute`), so
editing a pack's date changes the outcome. What is here is the shape of the law: which rule
prohibits each part, which connections the third-party exception names and who is not "the
offeror" under Part B. Which other regimes a producer's name points to is data
(`rules/data/cross_lists.csv`, `Reference.cross_lists_of`).
"""

from __future__ import annotations

PROHIBITION = {
    "part_a": "prohibition.part_a",
    "part_b": "prohibition.part_b",
    "grant": "prohibition.grant",
}
"""The rule that prohibits each part when nothing permits."""

PART_LETTER = {"part_a": "a", "part_b": "b"}
"""A waiver's `part` letter for each contract part (grants have none)."""

THIRD_PARTY = frozenset({"backhaul", "roaming", "interconnection"})
"""Connections the §889(a)(2)(A) exception names (FAR 4.2102(b)(1))."""

NOT_USER = frozenset({"parent", "subsidiary", "affiliate", "subcontractor"})
"""Users that are not the offeror itself under Part B (⚠ E5)."""

DIBNET = "https://dibnet.dod.mil"
"""Where DoD contractors report covered telecom found in performance (DFARS 252.204-7012)."""


def part_label(part: str) -> str:
    """'Part A', 'Part B' or 'The grant-funds bar'."""
    return part.replace("_", " ").title() if part != "grant" else "The grant-funds bar"
