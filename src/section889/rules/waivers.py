"""Waivers and exemptions: agency-head and DNI waivers, the historical DoD DNI waiver, and the
proposed SecDef exemption (only under a pack that honours it).

`exemption_refusal` is the one definition of the exemption's guards (DoD only, never an IC
element, a recorded finding, a grantee that covers the agency, in force, within scope): the
engine applies it at decision time and the exemption workflow applies it to a request.
"""

from __future__ import annotations

import datetime as dt

from section889.rules.determination import Basis, Outcome
from section889.rules.facts import WaiverFacts
from section889.rules.policy import Exemption
from section889.rules.statute import PART_LETTER, PROHIBITION
from section889.rules.trace import Trace

EXEMPTION_RULE = "exemption.dod_2024"
WAIVER_BASIS = {"agency_head": Basis.WAIVER_AGENCY_HEAD, "dni": Basis.WAIVER_DNI}
PROHIBITION_BASIS = {
    "part_a": Basis.PART_A_PROHIBITION,
    "part_b": Basis.PART_B_PROHIBITION,
    "grant": Basis.GRANT_PROHIBITION,
}


def waivers(t: Trace, part: str, index: int | None) -> tuple[Outcome, Basis]:
    """A covered item (or "does" representation) under `part`: permitted by a waiver in force,
    else prohibited."""
    honours, statute = t.pack.honours, t.pack.statute
    day = t.facts.date
    invalid = False
    letter = PART_LETTER.get(part)
    for w in t.facts.waivers:
        if w.grantor == "secdef":
            found = _exemption(t, part, index, w)
            if found is not None:
                return found
            continue
        if not (honours.agency_head_waivers if w.grantor == "agency_head" else honours.dni_waivers):
            t.add(
                "waiver.not_honoured",
                f"waiver {w.id} ({w.grantor}) not honoured by pack {t.pack.id}",
                part,
                index,
            )
            continue
        if w.grantor == "agency_head":
            cap = statute.agency_waiver_end[w.part]
            if w.end is None or w.end > cap or w.start > cap:
                t.add(
                    "waiver.invalid",
                    f"agency-head waiver {w.id} runs past {cap} (Part {w.part.upper()} limit) or "
                    "has no end: invalid; only the DNI could act",
                    part,
                    index,
                )
                invalid = True
                continue
        if letter is not None and w.part != letter:
            continue
        if not w.grantee_covers:
            continue
        rule = "waiver.agency_head" if w.grantor == "agency_head" else "waiver.dni"
        if not in_force(w, day):
            t.add(rule, f"waiver {w.id} not in force on {day}", part, index)
            continue
        if not w.scope_covers:
            continue
        if part == "grant":
            t.add(rule, f"waiver {w.id}: its reach over §889(b) is not recorded", part, index)
            return Outcome.REVIEW, Basis.WAIVER_SCOPE_UNCLEAR
        t.add(rule, f"waiver {w.id} ({w.grantor}) in force on {day}", part, index)
        return Outcome.PERMITTED_BY_WAIVER, WAIVER_BASIS[w.grantor]
    found = _historical_dod_waiver(t, part, index)
    if found is not None:
        return found
    if invalid:
        t.add(PROHIBITION[part], "no valid exception or waiver applies", part, index)
        return Outcome.PROHIBITED, Basis.INVALID_WAIVER
    t.add(PROHIBITION[part], "no exception or waiver applies", part, index)
    return Outcome.PROHIBITED, PROHIBITION_BASIS[part]


def in_force(w: WaiverFacts, day: dt.date) -> bool:
    """The waiver has started by `day` and not ended before it."""
    return not (day < w.start or (w.end is not None and day > w.end))


def _historical_dod_waiver(t: Trace, part: str, index: int | None) -> tuple[Outcome, Basis] | None:
    facts, pack = t.facts, t.pack
    day = facts.date
    window = pack.statute.dod_dni_waiver_start <= day <= pack.statute.dod_dni_waiver_end
    if not (part == "part_b" and facts.dod and window):
        return None
    mode = pack.honours.historical_dod_dni_waiver
    if mode == "ignore":
        t.add("waiver.not_honoured", "DoD DNI waiver 2020–2022 not honoured", part, index)
        return None
    if facts.weapon_system_related:
        t.add(
            "waiver.dni_dod_2020",
            "the DoD DNI waiver did not cover weapon systems or their support",
            part,
            index,
        )
        return None
    if mode == "review":
        t.add(
            "waiver.dni_dod_2020",
            f"DoD Part B action on {day} in the DNI waiver window; its product-code list "
            "is not public (UNVERIFIED), so reliance on it cannot be decided",
            part,
            index,
        )
        t.act(
            "verify_dni_psc",
            "Check the DNI waiver memorandum's PSC list for this product code and record it",
            "DNI memoranda 2020-08-12, 2020-09-29",
        )
        return Outcome.REVIEW, Basis.WAIVER_DNI_UNVERIFIED
    for w in pack.waivers:
        if not (w.start <= day <= w.end and w.part == "b"):
            continue
        codes = pack.assumption_pscs.get(w.id, frozenset())
        if facts.psc is None or facts.psc.upper() not in codes:
            continue
        if facts.weapon_system_related is None:
            t.add(
                "waiver.dni_dod_2020",
                "weapon_system_related not stated; the waiver excluded weapon systems",
                part,
                index,
            )
            return Outcome.REVIEW, Basis.WEAPON_SYSTEM_UNKNOWN
        t.add(
            "waiver.dni_dod_2020",
            f"{w.id}: PSC {facts.psc} is on the ASSUMED low-risk list (an assumption, "
            "not the published list)",
            part,
            index,
        )
        t.note(
            f"{pack.id}: the waiver's product-code list is a user-editable ASSUMPTION "
            "(the real list was never published)"
        )
        return Outcome.PERMITTED_BY_WAIVER, Basis.WAIVER_DNI
    t.add(
        "waiver.dni_dod_2020",
        f"PSC {facts.psc} is not on the assumed low-risk list",
        part,
        index,
    )
    return None


def exemption_refusal(
    terms: Exemption,
    entry: WaiverFacts,
    *,
    dod: bool,
    intelligence_community: bool,
    agency_name: str,
    on: dt.date | None = None,
) -> str | None:
    """Why an exemption entry cannot apply to an agency's action, or None when it can.

    The guards in order: DoD only, never an IC element, a recorded national-security-interest
    finding, a grantee that covers the agency, in force `on` the action date (not checked when
    None, as for a request), and the action within the entry's scope (its own, or the terms'
    default PSC scopes and regions).
    """
    if terms.dod_only and not dod:
        return "applies to DoD procurements only"
    if terms.excludes_ic and intelligence_community:
        return "never applies to an intelligence-community element"
    if terms.requires_finding and not entry.has_finding:
        return "no recorded national-security-interest finding"
    if not entry.grantee_covers:
        return f"grantee {entry.grantee} does not cover {agency_name}"
    if on is not None and not in_force(entry, on):
        return f"not in force on {on}"
    if entry.exemption_scope_covers is False:
        return "product code or place of performance outside its scope"
    return None


def _exemption(
    t: Trace, part: str, index: int | None, w: WaiverFacts
) -> tuple[Outcome, Basis] | None:
    pack, facts = t.pack, t.facts
    terms = pack.exemption
    if not pack.honours.secdef_exemption or terms is None:
        rule = "waiver.not_honoured" if "waiver.not_honoured" in pack.rules else None
        t.add(
            rule or "waiver.secdef_not_enacted",
            f"secdef entry {w.id} rests on the 2024 DoD exemption proposal, which was not "
            f"enacted; ignored under {pack.id}",
            part,
            index,
        )
        return None
    if PART_LETTER.get(part) != w.part:
        return None
    why = exemption_refusal(
        terms,
        w,
        dod=facts.dod,
        intelligence_community=facts.intelligence_community,
        agency_name=facts.agency_name,
        on=facts.date,
    )
    if why:
        t.add(EXEMPTION_RULE, f"exemption entry {w.id}: {why}", part, index)
        return None
    t.add(
        EXEMPTION_RULE,
        f"exemption entry {w.id} applies — under the {pack.id} pack only; NOT ENACTED law",
        part,
        index,
    )
    t.act(
        "not_law",
        "This permission exists only under the NOT ENACTED 2024 exemption proposal; do not "
        "rely on it for an actual procurement (under current law the result differs)",
        "DoD FY2025 NDAA request (2024)",
    )
    return Outcome.PERMITTED_BY_WAIVER, Basis.EXEMPTION_PACK
