"""Which parts are asked, whether each is in force, and whether each item is covered telecom.

Reference §5.3: first match wins per item; a part's result is its most restrictive item's (or
representation's).
"""

from __future__ import annotations

from section889.rules.cross_references import producer_cross_refs
from section889.rules.determination import Basis, ItemResult, Outcome, PartResult
from section889.rules.facts import ItemFacts, ProcurementFacts
from section889.rules.policy import PART_DATE_RULES
from section889.rules.producers import ProducerStatus
from section889.rules.representations import from_representations
from section889.rules.statute import NOT_USER, THIRD_PARTY, part_label
from section889.rules.trace import Trace
from section889.rules.waivers import waivers


def parts_asked(facts: ProcurementFacts) -> list[str]:
    """The parts the question asks: one, or Part A and B (a grant obligation: the grant bar)."""
    if facts.question != "both":
        return [facts.question]
    if facts.action_type == "grant_obligation":
        return ["grant"]
    return ["part_a", "part_b"]


def decide_part(t: Trace, part: str) -> PartResult:
    """One part: not yet in force, or its items' and representations' most restrictive result."""
    day = t.facts.date
    rule_id, effective = PART_DATE_RULES[part], t.pack.statute.effective[part]
    label = part_label(part)
    if day < effective:
        t.add(rule_id, f"{label} applies from {effective}; action dated {day}", part)
        if part == "part_b":
            t.note("Part B is not yet effective, but Part A may still apply to deliverables")
        return PartResult(part, Outcome.NOT_YET_EFFECTIVE, Basis.DATE_BEFORE_EFFECTIVE)
    t.add(rule_id, f"{label} in force on {day} (from {effective})", part)
    items = [it for it in t.facts.items if part == "grant" or it.applies_to in (part, "both")]
    found: list[ItemResult] = []
    for item in items:
        outcome, basis = judge_item(t, part, item)
        found.append(ItemResult(item.index, item.producer, item.entity, outcome, basis))
    found.extend(from_representations(t, part, bool(items)))
    if not found:
        t.add("reps.missing", "no items and no representation to rely on", part)
        t.act(
            "obtain_representation",
            "Obtain the offeror's 52.204-26(c) representation in SAM or the 52.204-24(d) "
            "representation (and describe the items) before deciding",
            "FAR 52.204-24(d); 52.204-26(c)",
        )
        return PartResult(part, Outcome.REVIEW, Basis.NO_INFORMATION)
    worst = max(found, key=lambda r: r.outcome.severity)
    return PartResult(part, worst.outcome, worst.basis, found)


def judge_item(t: Trace, part: str, item: ItemFacts) -> tuple[Outcome, Basis]:
    """One item under one part, in the reference's order (§5.3)."""
    index, name = item.index, item.producer
    if item.status in {ProducerStatus.NONE, ProducerStatus.FORMER}:
        t.add("coverage.not_covered", item.detail, part, index)
        producer_cross_refs(t, item.cross_lists)
        return Outcome.NOT_COVERED, Basis.PRODUCER_NOT_COVERED
    if item.status is ProducerStatus.UNKNOWN:
        t.add("coverage.relation_unknown", item.detail, part, index)
        t.act(
            "reasonable_inquiry",
            f"Resolve who produced {name!r} (SKU, FCC ID, ownership): a reasonable inquiry "
            "into information the entity already holds; no audit required",
            "FAR 4.2101 'reasonable inquiry'",
        )
        return Outcome.REVIEW, Basis.RELATION_UNKNOWN
    t.any_covered = True
    t.add("coverage.covered_producer", f"{item.detail}; prong ({item.prong})", part, index)
    t.cross_ref(
        "fcc_covered_list",
        "FCC Covered List (47 U.S.C. 1601–1609)",
        "the five Section 889 entities are also on the FCC Covered List (from 2021-03-12); "
        "separate legal effect (FCC subsidies, equipment authorizations)",
        "https://www.fcc.gov/supplychain/coveredlist",
    )
    found = _kind_and_purpose(t, part, item) or _role_and_exceptions(t, part, item)
    if found is not None:
        return found
    if part == "part_b":
        found = _part_b_user(t, part, index)
        if found is not None:
            return found
    return waivers(t, part, index)


def _kind_and_purpose(t: Trace, part: str, item: ItemFacts) -> tuple[Outcome, Basis] | None:
    index, name = item.index, item.producer
    if item.kind == "other":
        t.add(
            "coverage.prong1_kind",
            f"{name!r} item of kind 'other' ({item.description or 'no description'}): "
            "'telecommunications equipment' is not defined",
            part,
            index,
        )
        return Outcome.REVIEW, Basis.KIND_UNDEFINED
    if item.prong == 2 and (item.kind != "service" or item.purpose != "unknown"):
        if item.purpose == "other":
            t.add(
                "coverage.prong2_purpose",
                f"{name!r} used for another purpose: arguably outside prong (2), but guides treat "
                "such use as covered and prong (3) may pull services back in (⚠ E3)",
                part,
                index,
            )
            return Outcome.REVIEW, Basis.PURPOSE_DISPUTED
        if item.purpose == "unknown":
            t.add("coverage.prong2_purpose", f"{name!r}: purpose not stated (prong 2)", part, index)
            return Outcome.REVIEW, Basis.PURPOSE_UNKNOWN
        t.add(
            "coverage.prong2_purpose",
            f"purpose {item.purpose} is a listed prong (2) purpose",
            part,
            index,
        )
    return None


def _role_and_exceptions(t: Trace, part: str, item: ItemFacts) -> tuple[Outcome, Basis] | None:
    index = item.index
    if item.role in {"neither", "unknown"}:
        t.add(
            "coverage.role",
            f"role {item.role}: the 'substantial or essential component' definition is broad; "
            "decide and document",
            part,
            index,
        )
        return Outcome.REVIEW, Basis.ROLE_NEITHER if item.role == "neither" else Basis.ROLE_UNKNOWN
    if item.third_party_connection in THIRD_PARTY:
        t.add(
            "exception.third_party_connection",
            f"{item.third_party_connection} through third-party facilities",
            part,
            index,
        )
        return Outcome.PERMITTED_BY_EXCEPTION, Basis.EXCEPTION_THIRD_PARTY_CONNECTION
    if item.third_party_connection == "unclear":
        t.add(
            "exception.third_party_unclear",
            "connection through a third party's network whose reach under the exception is "
            "interpretive (⚠ E6)",
            part,
            index,
        )
        return Outcome.REVIEW, Basis.THIRD_PARTY_UNCLEAR
    if item.kind == "telecom_equipment" and item.can_route_or_see_user_data is False:
        t.add(
            "exception.no_data_access",
            "equipment cannot route or redirect user data or see it",
            part,
            index,
        )
        return Outcome.PERMITTED_BY_EXCEPTION, Basis.EXCEPTION_NO_DATA_ACCESS
    return None


def _part_b_user(t: Trace, part: str, index: int) -> tuple[Outcome, Basis] | None:
    relation = t.facts.user_relation
    if relation in NOT_USER:
        t.add(
            "partb.offeror_entity",
            f"the user is the offeror's {relation}, not the offeror: leans not prohibited "
            "under Part B, but sources disagree (⚠ E5)",
            part,
            index,
        )
        return Outcome.REVIEW, Basis.OFFEROR_NOT_USER
    if relation == "employee_personal":
        t.add(
            "partb.employee_personal",
            "an employee's personal device: leans not entity use (UNVERIFIED); treat "
            "company-issued, reimbursed or connected devices as entity use",
            part,
            index,
        )
        return Outcome.REVIEW, Basis.EMPLOYEE_PERSONAL_DEVICE
    return None
