"""What Section 889 and its neighbours say, as the engine's fixed vocabulary.

The dates are not here: every statutory date comes from the policy pack (`Pack.statute`), so
editing a pack's date changes the outcome. What is here is the shape of the law: which rule
prohibits each part, which connections the third-party exception names, who is not "the
offeror" under Part B, and which other regimes a producer's name points to.
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

CROSS_LISTS: tuple[tuple[tuple[str, ...], str, str, str, str], ...] = (
    (
        ("kaspersky",),
        "fy18_ndaa_1634",
        "FY2018 NDAA §1634 / FAR 52.204-23",
        "Kaspersky products are barred under FY2018 NDAA §1634 (FAR 52.204-23) and on the FCC "
        "Covered List since 2022-03-25 (⚠ one source says 2024); not a Section 889 entity",
        "https://www.acquisition.gov/far/52.204-23",
    ),
    (
        ("china mobile", "china telecom", "china unicom", "pacific network", "comnet"),
        "fcc_covered_list",
        "FCC Covered List (47 U.S.C. 1601–1609)",
        "on the FCC Covered List (2022) for international telecom services; not a Section 889 entity",
        "https://www.fcc.gov/supplychain/coveredlist",
    ),
    (
        ("dji", "autel", "da-jiang", "da jiang"),
        "drones",
        "FCC Covered List (UAS, 2025-12-22); drone-procurement statutes",
        "foreign-produced drones: FCC Covered List added all foreign UAS on 2025-12-22; check the "
        "drone-procurement statutes; not a Section 889 entity",
        "https://www.fcc.gov/supplychain/coveredlist",
    ),
)
"""(words in a producer name, key, regime, finding, URL): regimes other than Section 889."""


def cross_lists_of(producer: str) -> tuple[str, ...]:
    """Keys of the `CROSS_LISTS` a producer name points to (words found anywhere, case ignored).

    >>> cross_lists_of("Kaspersky Lab"), cross_lists_of("Acme")
    (('fy18_ndaa_1634',), ())
    """
    low = producer.lower()
    return tuple(key for words, key, *_ in CROSS_LISTS if any(w in low for w in words))


def part_label(part: str) -> str:
    """'Part A', 'Part B' or 'The grant-funds bar'."""
    return part.replace("_", " ").title() if part != "grant" else "The grant-funds bar"
