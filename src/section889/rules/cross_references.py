"""Other regimes a determination points to, and the actions that close it.

Cross-references never change the Section 889 outcome; the closing actions follow from it.
"""

from __future__ import annotations

from section889.rules.determination import BusinessDays, Outcome
from section889.rules.statute import DIBNET
from section889.rules.trace import Trace


def producer_cross_refs(t: Trace, keys: tuple[str, ...]) -> None:
    """The regimes a (not covered) producer's name points to (Kaspersky, FCC-listed carriers,
    foreign drones)."""
    for key in keys:
        other = t.ref.cross_list(key)
        t.cross_ref(key, other.regime, other.finding, other.url)


def cross_references(t: Trace) -> None:
    """DFARS and §805 for DoD, FASCSA always, drug-sourcing rules for a drug PSC."""
    facts, statute = t.facts, t.pack.statute
    day = facts.date
    if facts.dod:
        t.cross_ref(
            "dfars_252_204_7018",
            "DFARS 252.204-7018 / FY2018 NDAA §1656",
            "DoD contracts also carry DFARS 252.204-7018 (covered defense telecommunications)",
            "https://www.acquisition.gov/dfars/252.204-7018",
        )
        entity, goods = statute.ndaa24_805_entity, statute.ndaa24_805_goods
        if day >= entity:
            in_force = "in force" if day >= goods else f"from {goods}"
            t.cross_ref(
                "ndaa24_805",
                "FY2024 NDAA §805 (1260H list)",
                f"check the offeror and producers against the 1260H list: the entity "
                f"prohibition is in force (from {entity}); goods/services {in_force}",
                "https://wifcon.com/dodauth24/dod24_805.htm",
            )
    t.cross_ref(
        "fascsa",
        "FASCSA orders (FAR 52.204-29/-30)",
        "check for FASCSA exclusion or removal orders covering the products or sources",
        "https://www.acquisition.gov/far/52.204-30",
    )
    if facts.psc and facts.psc_scope == "drugs":
        t.cross_ref(
            "drugs",
            "drug-sourcing rules",
            "Section 889 does not govern drug origin; check the agency's drug-sourcing rules",
            "https://www.acquisition.gov/far/part-25",
        )


REPORT_FIRST = "report_52_204_25_d_1"


def closing_actions(t: Trace, outcome: Outcome) -> None:
    """What follows from the overall outcome: do not award, the contractor's reporting duty
    (1 and 10 business days), and a person's review."""
    facts = t.facts
    if outcome is Outcome.PROHIBITED:
        t.act(
            "do_not_award",
            "Do not award, extend, renew, exercise the option or place the order unless an "
            "exception or waiver applies; document the determination",
            "FAR 4.2102(c)",
        )
    if t.any_covered:
        t.add(
            "coverage.no_dollar_or_commercial_exemption",
            "no micro-purchase, purchase-card, below-SAT, commercial or COTS exemption applies",
        )
    if t.any_covered and outcome in {Outcome.PROHIBITED, Outcome.REVIEW}:
        where = DIBNET if facts.dod else "the contracting officer"
        t.add(
            "reporting.52_204_25_d",
            "covered telecom identified: the contractor's reporting duty applies in performance",
        )
        t.act(
            REPORT_FIRST,
            f"If found during performance: report to {where} (contract and order numbers, "
            "supplier name, UEI, CAGE, brand, model, description, mitigation)",
            "FAR 52.204-25(d)(2)(i)",
            BusinessDays(1),
        )
        t.act(
            "report_52_204_25_d_2",
            "Follow up: further mitigation, efforts made to prevent use or submission, and "
            "efforts planned",
            "FAR 52.204-25(d)(2)(ii)",
            BusinessDays(10, after=REPORT_FIRST, after_words="the first report"),
        )
    if outcome is Outcome.REVIEW:
        t.act(
            "human_review",
            "A person must decide and document this case; the reasons say what is open",
            "rules reference §5",
        )
