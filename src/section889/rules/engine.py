"""The determination engine: `decide(procurement)` → `Determination`.

A pure function of the input, the policy pack, the reference data and the knowledge base: no
I/O per call (packs, reference and matcher are loaded once; producer names are cached).
Evaluation order follows the rules reference §5.3 (first match wins per item); a part's result
is its most restrictive item's, and the overall outcome the most restrictive part's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from section889.rules.determination import (
    SEVERITY,
    CitationOut,
    CrossReference,
    Determination,
    ItemResult,
    Outcome,
    PartResult,
    Reason,
    RequiredAction,
)
from section889.rules.inputs import Item, Procurement, Representations, Waiver
from section889.rules.policy import DEFAULT_PACK, Pack, load_pack
from section889.rules.reference import Reference, load_reference
from section889.sam.entity import STATUS_WORDS, SamEntity, SamStatus, sam_entity_from_json
from section889.sam.snapshot import (
    Exclusion,
    Snapshot,
    SnapshotEntity,
    latest_snapshot,
    name_key,
    snapshot_dir,
)

PART_A_EFFECTIVE = dt.date(2019, 8, 13)
PART_B_EFFECTIVE = dt.date(2020, 8, 13)
GRANT_EFFECTIVE = dt.date(2020, 8, 13)
AGENCY_WAIVER_MAX_END = {"a": dt.date(2021, 8, 13), "b": dt.date(2022, 8, 13)}
DOD_DNI_WAIVER_START = dt.date(2020, 8, 12)
DOD_DNI_WAIVER_END = dt.date(2022, 9, 30)
NDAA24_805_ENTITY = dt.date(2026, 6, 30)
NDAA24_805_GOODS = dt.date(2027, 6, 30)

EFFECTIVE = {
    "part_a": ("dates.part_a", PART_A_EFFECTIVE),
    "part_b": ("dates.part_b", PART_B_EFFECTIVE),
    "grant": ("dates.grant", GRANT_EFFECTIVE),
}
PROHIBITION = {
    "part_a": "prohibition.part_a",
    "part_b": "prohibition.part_b",
    "grant": "prohibition.grant",
}
PART_LETTER = {"part_a": "a", "part_b": "b"}
PRONG2_PURPOSES = frozenset(
    {
        "public_safety",
        "government_facility_security",
        "critical_infrastructure_surveillance",
        "other_national_security",
    }
)
THIRD_PARTY = frozenset({"backhaul", "roaming", "interconnection"})
NOT_USER = frozenset({"parent", "subsidiary", "affiliate", "subcontractor"})
DIBNET = "https://dibnet.dod.mil"

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


@dataclass(frozen=True, slots=True)
class Resolved:
    """A producer resolved against the knowledge base on a date."""

    status: str  # covered | none | unknown | former
    entity: str | None = None
    prong: int | None = None
    detail: str = ""


@cache
def _reference() -> Reference:
    return load_reference()


@cache
def _kb_label() -> str:
    from section889.services.knowledge import effective_kb

    return effective_kb().version.label


@cache
def _entity_prongs() -> dict[str, int]:
    from section889.services.knowledge import effective_kb

    return {
        e.id: 1 if str(getattr(e.scope, "value", e.scope)) == "telecom_all" else 2
        for e in effective_kb().entities.values()
    }


_RESOLVED: dict[tuple[str, dt.date], Resolved] = {}


def _resolve_name(name: str, day: dt.date) -> Resolved:
    key = (name, day)
    found = _RESOLVED.get(key)
    if found is not None:
        return found
    from section889.services.screening import default_matcher

    verdict = default_matcher().name_verdict(name, day)
    status = str(verdict.status)
    prongs = _entity_prongs()
    if status == "covered" and verdict.entity_id:
        rel = verdict.relationship or "self"
        found = Resolved(
            "covered",
            verdict.entity_id,
            prongs.get(verdict.entity_id, 1),
            f"{name!r} matches {verdict.matched_name or verdict.entity_id} "
            f"({rel} of {verdict.entity_id}) on {day.isoformat()}",
        )
    elif status == "possible":
        found = Resolved(
            "unknown",
            verdict.entity_id,
            None,
            f"{name!r} possibly matches {verdict.matched_name or verdict.entity_id}; not confirmed",
        )
    elif status == "former_affiliate":
        found = Resolved(
            "former",
            verdict.entity_id,
            None,
            f"{name!r} was affiliated with {verdict.entity_id} but not on {day.isoformat()}",
        )
    else:
        found = Resolved("none", None, None, f"{name!r} is not a covered entity or affiliate")
    if len(_RESOLVED) > 100_000:
        _RESOLVED.clear()
    _RESOLVED[key] = found
    return found


def _resolve(item: Item, day: dt.date) -> Resolved:
    given = item.producer_entity
    if given is None:
        return _resolve_name(item.producer, day)
    key = given.strip().lower()
    if key == "none":
        return Resolved("none", None, None, f"producer {item.producer!r} given as not covered")
    if key == "secdef_designated":
        return Resolved(
            "covered", key, 4, f"{item.producer!r} designated by SecDef (prong 4, recorded in SAM)"
        )
    prongs = _entity_prongs()
    if key not in prongs:
        from section889.errors import InputError

        raise InputError(
            f"items.producer_entity: unknown entity {given!r}; "
            f"use one of {', '.join(sorted(prongs))}, secdef_designated or none"
        )
    return Resolved("covered", key, prongs[key], f"producer given as entity {key!r}")


@dataclass(slots=True)
class _Ctx:
    proc: Procurement
    pack: Pack
    ref: Reference
    reasons: list[Reason] = field(default_factory=list)
    cross: dict[str, CrossReference] = field(default_factory=dict)
    actions: dict[str, RequiredAction] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    any_covered: bool = False
    reps: Representations = field(default_factory=Representations)
    sam: SamEntity | None = None
    from_sam: set[str] = field(default_factory=set)
    conflicts: dict[str, str] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        return self.proc.action.date

    def add(
        self,
        rule_id: str,
        finding: str,
        part: str | None = None,
        item: int | None = None,
        *,
        citation: CitationOut | None = None,
    ) -> None:
        rule = self.pack.rule(rule_id)
        self.reasons.append(
            Reason(
                rule_id,
                finding,
                citation or _citation(self.pack.id, rule_id),
                rule.effective_from.isoformat() if rule.effective_from else None,
                rule.effective_to.isoformat() if rule.effective_to else None,
                part,
                item,
            )
        )

    def act(self, action_id: str, text: str, citation: str, deadline: str | None = None) -> None:
        self.actions.setdefault(action_id, RequiredAction(action_id, text, citation, deadline))

    def note(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    def cross_ref(self, key: str, regime: str, finding: str, url: str) -> None:
        self.cross.setdefault(key, CrossReference(key, regime, finding, url))


@cache
def _citation(pack_id: str, rule_id: str) -> CitationOut:
    c = load_pack(pack_id).rule(rule_id).citation
    return CitationOut(c.section, c.text, c.url)


def decide(
    procurement: Procurement, *, policy: str | None = None, as_of: dt.date | None = None
) -> Determination:
    """Decide one procurement under a policy pack (default: the input's, else `current-law`)."""
    pack = load_pack(policy or procurement.policy or DEFAULT_PACK)
    ref = _reference()
    day = as_of or dt.date.today()
    ctx = _Ctx(procurement, pack, ref)
    if not pack.enacted:
        ctx.note(
            f"policy pack {pack.id} is NOT ENACTED ({pack.status}): a what-if result, not law; "
            "under current-law this exemption never permits"
        )
    if pack.effective_to and day > pack.effective_to:
        ctx.note(f"policy pack {pack.id} describes a period that ended {pack.effective_to}")
    parts = _parts(procurement)
    ctx.reps = procurement.offeror.representations
    if procurement.offeror.sam is not None:
        ctx.sam = sam_entity_from_json(
            procurement.offeror.sam, where="offeror.sam", as_of=procurement.action.date
        )
        _sam_representations(ctx, parts)
    snapshot_id, snapshot_date = _snapshot_exclusions(ctx)
    results: list[PartResult] = []
    if not procurement.agency.executive_agency:
        ctx.add(
            "scope.executive_agency",
            f"{procurement.agency.name} is not an executive agency; Section 889 does not bind it",
        )
        results = [PartResult(p, "out_of_scope", "not_executive_agency") for p in parts]
    else:
        if procurement.action.type in {"option", "extension", "renewal", "order"}:
            ctx.add(
                "action.option_extension_renewal",
                f"a {procurement.action.type} on {ctx.date} is a new action: Section 889 applies "
                "on its date even if the base contract predates it",
            )
        results = [_decide_part(ctx, part) for part in parts]
    _cross_references(ctx)
    worst = max(results, key=lambda r: SEVERITY[r.outcome])
    _closing_actions(ctx, worst.outcome)
    sam_hash = (
        hashlib.sha256(
            json.dumps(procurement.offeror.sam, sort_keys=True, default=str).encode()
        ).hexdigest()[:16]
        if procurement.offeror.sam is not None
        else None
    )
    decision_id = _decision_id(procurement, pack, ref.version, sam_hash, day, snapshot_id)
    return Determination(
        decision_id=decision_id,
        outcome=worst.outcome,
        basis=worst.basis,
        question=procurement.question,
        action_date=ctx.date.isoformat(),
        as_of=day.isoformat(),
        policy={
            "id": pack.id,
            "version": pack.version,
            "enacted": pack.enacted,
            "title": pack.title,
        },
        kb_version=_kb_label(),
        reference_version=ref.version,
        parts=results,
        reasons=ctx.reasons,
        cross_references=list(ctx.cross.values()),
        required_actions=list(ctx.actions.values()),
        notices=ctx.notices,
        sam_snapshot=snapshot_date,
    )


def _decision_id(
    proc: Procurement,
    pack: Pack,
    ref_version: str,
    sam: str | None,
    day: dt.date,
    snapshot_id: str | None = None,
) -> str:
    payload: dict[str, Any] = {
        "input": proc.model_dump(mode="json", exclude={"policy"}),
        "pack": [pack.id, pack.version],
        "kb": _kb_label(),
        "reference": ref_version,
        "sam": sam,
        "as_of": day.isoformat(),
    }
    if snapshot_id is not None:  # only when a snapshot was consulted: other ids stay stable
        payload["sam_snapshot"] = snapshot_id
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _parts(proc: Procurement) -> list[str]:
    if proc.question != "both":
        return [proc.question]
    if proc.action.type == "grant_obligation":
        return ["grant"]
    return ["part_a", "part_b"]


def _decide_part(ctx: _Ctx, part: str) -> PartResult:
    rule_id, effective = EFFECTIVE[part]
    label = part.replace("_", " ").title() if part != "grant" else "The grant-funds bar"
    if ctx.date < effective:
        ctx.add(rule_id, f"{label} applies from {effective}; action dated {ctx.date}", part)
        if part == "part_b":
            ctx.note("Part B is not yet effective, but Part A may still apply to deliverables")
        return PartResult(part, "not_yet_effective", "date_before_effective")
    ctx.add(rule_id, f"{label} in force on {ctx.date} (from {effective})", part)
    items = [
        (i, it)
        for i, it in enumerate(ctx.proc.items)
        if part == "grant" or it.applies_to in (part, "both")
    ]
    found: list[ItemResult] = []
    for index, item in items:
        outcome, basis, resolved = _judge_item(ctx, part, index, item)
        found.append(ItemResult(index, item.producer, resolved.entity, outcome, basis))
    found.extend(_from_representations(ctx, part, bool(items)))
    if not found:
        ctx.add("reps.missing", "no items and no representation to rely on", part)
        ctx.act(
            "obtain_representation",
            "Obtain the offeror's 52.204-26(c) representation in SAM or the 52.204-24(d) "
            "representation (and describe the items) before deciding",
            "FAR 52.204-24(d); 52.204-26(c)",
        )
        return PartResult(part, "review", "no_information")
    worst = max(found, key=lambda r: SEVERITY[r.outcome])
    return PartResult(part, worst.outcome, worst.basis, found)


def _judge_item(ctx: _Ctx, part: str, index: int, item: Item) -> tuple[Outcome, str, Resolved]:
    r = _resolve(item, ctx.date)
    name = item.producer
    if r.status in {"none", "former"}:
        ctx.add("coverage.not_covered", r.detail, part, index)
        _producer_cross_refs(ctx, name)
        return "not_covered", "producer_not_covered", r
    if r.status == "unknown":
        ctx.add("coverage.relation_unknown", r.detail, part, index)
        ctx.act(
            "reasonable_inquiry",
            f"Resolve who produced {name!r} (SKU, FCC ID, ownership): a reasonable inquiry "
            "into information the entity already holds; no audit required",
            "FAR 4.2101 'reasonable inquiry'",
        )
        return "review", "relation_unknown", r
    ctx.any_covered = True
    ctx.add("coverage.covered_producer", f"{r.detail}; prong ({r.prong})", part, index)
    ctx.cross_ref(
        "fcc_covered_list",
        "FCC Covered List (47 U.S.C. 1601–1609)",
        "the five Section 889 entities are also on the FCC Covered List (from 2021-03-12); "
        "separate legal effect (FCC subsidies, equipment authorizations)",
        "https://www.fcc.gov/supplychain/coveredlist",
    )
    if item.kind == "other":
        ctx.add(
            "coverage.prong1_kind",
            f"{name!r} item of kind 'other' ({item.description or 'no description'}): "
            "'telecommunications equipment' is not defined",
            part,
            index,
        )
        return "review", "kind_undefined", r
    if r.prong == 2 and (item.kind != "service" or item.purpose != "unknown"):
        if item.purpose == "other":
            ctx.add(
                "coverage.prong2_purpose",
                f"{name!r} used for another purpose: arguably outside prong (2), but guides treat "
                "such use as covered and prong (3) may pull services back in (⚠ E3)",
                part,
                index,
            )
            return "review", "purpose_disputed", r
        if item.purpose == "unknown":
            ctx.add(
                "coverage.prong2_purpose", f"{name!r}: purpose not stated (prong 2)", part, index
            )
            return "review", "purpose_unknown", r
        ctx.add(
            "coverage.prong2_purpose",
            f"purpose {item.purpose} is a listed prong (2) purpose",
            part,
            index,
        )
    if item.role in {"neither", "unknown"}:
        ctx.add(
            "coverage.role",
            f"role {item.role}: the 'substantial or essential component' definition is broad; "
            "decide and document",
            part,
            index,
        )
        return "review", f"role_{item.role}", r
    if item.third_party_connection in THIRD_PARTY:
        ctx.add(
            "exception.third_party_connection",
            f"{item.third_party_connection} through third-party facilities",
            part,
            index,
        )
        return "permitted_by_exception", "exception_third_party_connection", r
    if item.third_party_connection == "unclear":
        ctx.add(
            "exception.third_party_unclear",
            "connection through a third party's network whose reach under the exception is "
            "interpretive (⚠ E6)",
            part,
            index,
        )
        return "review", "third_party_unclear", r
    if item.kind == "telecom_equipment" and item.can_route_or_see_user_data is False:
        ctx.add(
            "exception.no_data_access",
            "equipment cannot route or redirect user data or see it",
            part,
            index,
        )
        return "permitted_by_exception", "exception_no_data_access", r
    if part == "part_b":
        relation = ctx.proc.offeror.user_relation
        if relation in NOT_USER:
            ctx.add(
                "partb.offeror_entity",
                f"the user is the offeror's {relation}, not the offeror: leans not prohibited "
                "under Part B, but sources disagree (⚠ E5)",
                part,
                index,
            )
            return "review", "offeror_not_user", r
        if relation == "employee_personal":
            ctx.add(
                "partb.employee_personal",
                "an employee's personal device: leans not entity use (UNVERIFIED); treat "
                "company-issued, reimbursed or connected devices as entity use",
                part,
                index,
            )
            return "review", "employee_personal_device", r
    outcome, basis = _waivers(ctx, part, index)
    return outcome, basis, r


def _from_representations(ctx: _Ctx, part: str, has_items: bool) -> list[ItemResult]:
    reps = ctx.reps
    who = ctx.proc.offeror.name or (ctx.sam.name if ctx.sam else "") or "offeror"
    found: list[ItemResult] = []
    if part in ctx.conflicts:
        ctx.add("reps.sam_conflict", ctx.conflicts[part], part)
        ctx.act(
            "resolve_representation_conflict",
            "The representation in the input contradicts the offeror's SAM 52.204-26(c) "
            "answer: ask the offeror which is right, have it correct SAM or the 52.204-24 "
            "representation, and document the answer before relying on either",
            "FAR 4.2103(a)(1); 52.204-26(c)",
        )
        found.append(ItemResult(None, who, None, "review", "representation_conflict"))
    return found + _representation_results(ctx, part, has_items, reps, who)


def _representation_results(
    ctx: _Ctx, part: str, has_items: bool, reps: Representations, who: str
) -> list[ItemResult]:
    if part == "part_a":
        d, c = reps.d1_will_provide, reps.c1_provides
        yes = d == "will" or (d is None and c == "does")
        no = d == "will_not" or (d is None and c == "does_not")
        para, disc = "(d)(1)", "(e)(1)"
    elif part == "part_b":
        d2, c2 = reps.d2_uses, reps.c2_uses
        yes = d2 == "does" or (d2 is None and c2 == "does")
        no = d2 == "does_not" or (d2 is None and c2 == "does_not")
        para, disc = "(d)(2)", "(e)(2)"
        if d2 is None and c2 is None and reps.c1_provides is not None:
            shown = " as SAM shows it (offeror.sam)" if ctx.sam is not None else ""
            ctx.add(
                "reps.outdated",
                f"52.204-26 answer{shown} has (c)(1) but no (c)(2) 'use' answer "
                "(OUTDATED FAR, DEC 2019)",
                part,
            )
            ctx.act(
                "update_sam_representation",
                "Obtain a current 52.204-26 (OCT 2020) representation with the (c)(2) answer, "
                "or a 52.204-24(d)(2) representation",
                "FAR 52.204-26(c)(2)",
            )
            return [ItemResult(None, who, None, "review", "representation_outdated")]
    else:
        return []
    if part in ctx.from_sam:
        _sam_reliance_reason(ctx, part, who, no=no, has_items=has_items)
    if no:
        if part in ctx.from_sam:
            return [ItemResult(None, who, None, "not_covered", "representation_does_not")]
        ctx.add(
            "reps.rely_does_not",
            f"{who} represented 'does not'/'will not' for {para}: the CO may rely on it absent "
            "reason to question it",
            part,
        )
        return [ItemResult(None, who, None, "not_covered", "representation_does_not")]
    if not yes:
        return []
    if d is None if part == "part_a" else reps.d2_uses is None:
        ctx.act(
            f"complete_52_204_24_{para}",
            f"The offeror must complete 52.204-24{para}",
            "FAR 4.2103(a)(1)(ii)-(iii)",
        )
    ctx.act(
        f"disclosure_52_204_24_{disc}",
        f"Obtain the 52.204-24{disc} disclosure (producer, UEI, CAGE, brand, model, "
        "description, proposed use) and follow agency procedures",
        "FAR 52.204-24(e); 4.2103(a)(2)",
    )
    if has_items:
        ctx.add(
            "reps.does",
            f"{who} represented covered telecom for {para}; the items given are judged as its "
            "disclosure",
            part,
        )
        return []
    ctx.add(
        "reps.does",
        f"{who} represented covered telecom for {para}: prohibited unless an exception or "
        "waiver applies",
        part,
    )
    ctx.any_covered = True
    outcome, basis = _waivers(ctx, part, None)
    if basis.endswith("_prohibition"):
        basis = "representation_provides" if part == "part_a" else "representation_uses"
    return [ItemResult(None, who, None, outcome, basis)]


def _scope_covers(ctx: _Ctx, psc: list[str], countries: list[str], regions: list[str]) -> bool:
    action, ref = ctx.proc.action, ctx.ref
    if psc and (action.psc is None or not ref.psc_matches(action.psc, psc)):
        return False
    place = action.place_of_performance
    if countries:
        want = {ref.country_alpha2(c) for c in countries}
        if place is None or ref.country_alpha2(place) not in want:
            return False
    if regions:
        keys = {ref.region_key(r) for r in regions}
        if place is None or ref.region_of(place) not in keys:
            return False
    return True


def _grantee_covers(ctx: _Ctx, grantee: str) -> bool:
    agency, ref = ctx.proc.agency, ctx.ref
    if ref.covers(grantee, agency.name):
        return True
    return agency.dod and ref.is_dod(grantee) and ref.covers(grantee, "Department of Defense")


def _is_ic(ctx: _Ctx) -> bool:
    a = ctx.proc.agency
    if a.intelligence_community:
        return True
    match = ctx.ref.ic_element(
        agency_name=a.name,
        department_code=a.department_code or "",
        agency_code=a.agency_code or "",
        office_code=a.office_code or "",
        office_name=a.office_name or "",
    )
    return match is not None


def _waivers(ctx: _Ctx, part: str, index: int | None) -> tuple[Outcome, str]:
    honours = ctx.pack.honours
    invalid = False
    letter = PART_LETTER.get(part)
    for w in ctx.proc.waivers:
        if w.grantor == "secdef":
            found = _exemption(ctx, part, index, w)
            if found is not None:
                return found
            continue
        if not (honours.agency_head_waivers if w.grantor == "agency_head" else honours.dni_waivers):
            ctx.add(
                "waiver.not_honoured",
                f"waiver {w.id} ({w.grantor}) not honoured by pack {ctx.pack.id}",
                part,
                index,
            )
            continue
        if w.grantor == "agency_head":
            cap = AGENCY_WAIVER_MAX_END[w.part]
            if w.end is None or w.end > cap or w.start > cap:
                ctx.add(
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
        if not _grantee_covers(ctx, w.grantee):
            continue
        if ctx.date < w.start or (w.end is not None and ctx.date > w.end):
            rule = "waiver.agency_head" if w.grantor == "agency_head" else "waiver.dni"
            ctx.add(rule, f"waiver {w.id} not in force on {ctx.date}", part, index)
            continue
        if not _scope_covers(ctx, w.scope.psc, w.scope.countries, w.scope.regions):
            continue
        rule = "waiver.agency_head" if w.grantor == "agency_head" else "waiver.dni"
        if part == "grant":
            ctx.add(rule, f"waiver {w.id}: its reach over §889(b) is not recorded", part, index)
            return "review", "waiver_scope_unclear"
        ctx.add(rule, f"waiver {w.id} ({w.grantor}) in force on {ctx.date}", part, index)
        return "permitted_by_waiver", f"waiver_{w.grantor}"
    found = _historical_dod_waiver(ctx, part, index)
    if found is not None:
        return found
    if invalid:
        ctx.add(PROHIBITION[part], "no valid exception or waiver applies", part, index)
        return "prohibited", "invalid_waiver"
    ctx.add(PROHIBITION[part], "no exception or waiver applies", part, index)
    return "prohibited", f"{part}_prohibition"


def _historical_dod_waiver(ctx: _Ctx, part: str, index: int | None) -> tuple[Outcome, str] | None:
    action = ctx.proc.action
    if not (
        part == "part_b"
        and ctx.proc.agency.dod
        and DOD_DNI_WAIVER_START <= ctx.date <= DOD_DNI_WAIVER_END
    ):
        return None
    mode = ctx.pack.honours.historical_dod_dni_waiver
    if mode == "ignore":
        ctx.add("waiver.not_honoured", "DoD DNI waiver 2020–2022 not honoured", part, index)
        return None
    if action.weapon_system_related:
        ctx.add(
            "waiver.dni_dod_2020",
            "the DoD DNI waiver did not cover weapon systems or their support",
            part,
            index,
        )
        return None
    if mode == "review":
        ctx.add(
            "waiver.dni_dod_2020",
            f"DoD Part B action on {ctx.date} in the DNI waiver window; its product-code list "
            "is not public (UNVERIFIED), so reliance on it cannot be decided",
            part,
            index,
        )
        ctx.act(
            "verify_dni_psc",
            "Check the DNI waiver memorandum's PSC list for this product code and record it",
            "DNI memoranda 2020-08-12, 2020-09-29",
        )
        return "review", "waiver_dni_unverified"
    for w in ctx.pack.waivers:
        if not (w.start <= ctx.date <= w.end and w.part == "b"):
            continue
        codes = ctx.pack.assumption_pscs.get(w.id, frozenset())
        if action.psc is None or action.psc.upper() not in codes:
            continue
        if action.weapon_system_related is None:
            ctx.add(
                "waiver.dni_dod_2020",
                "weapon_system_related not stated; the waiver excluded weapon systems",
                part,
                index,
            )
            return "review", "weapon_system_unknown"
        ctx.add(
            "waiver.dni_dod_2020",
            f"{w.id}: PSC {action.psc} is on the ASSUMED low-risk list (an assumption, "
            "not the published list)",
            part,
            index,
        )
        ctx.note(
            f"{ctx.pack.id}: the waiver's product-code list is a user-editable ASSUMPTION "
            "(the real list was never published)"
        )
        return "permitted_by_waiver", "waiver_dni"
    ctx.add(
        "waiver.dni_dod_2020",
        f"PSC {action.psc} is not on the assumed low-risk list",
        part,
        index,
    )
    return None


def _exemption(ctx: _Ctx, part: str, index: int | None, w: Waiver) -> tuple[Outcome, str] | None:
    terms = ctx.pack.exemption
    if not ctx.pack.honours.secdef_exemption or terms is None:
        rule = "waiver.not_honoured" if "waiver.not_honoured" in ctx.pack.rules else None
        ctx.add(
            rule or "waiver.secdef_not_enacted",
            f"secdef entry {w.id} rests on the 2024 DoD exemption proposal, which was not "
            f"enacted; ignored under {ctx.pack.id}",
            part,
            index,
        )
        return None
    rid = "exemption.dod_2024"
    agency = ctx.proc.agency
    why = None
    if PART_LETTER.get(part) != w.part:
        return None
    if terms.dod_only and not agency.dod:
        why = "applies to DoD procurements only"
    elif terms.excludes_ic and _is_ic(ctx):
        why = "never applies to an intelligence-community element"
    elif terms.requires_finding and not (w.national_security_interest_finding and w.finding):
        why = "no recorded national-security-interest finding"
    elif not _grantee_covers(ctx, w.grantee):
        why = f"grantee {w.grantee} does not cover {agency.name}"
    elif ctx.date < w.start or (w.end is not None and ctx.date > w.end):
        why = f"not in force on {ctx.date}"
    elif not _scope_covers(
        ctx,
        w.scope.psc or terms.default_psc,
        w.scope.countries,
        w.scope.regions or ([] if w.scope.countries else terms.default_regions),
    ):
        why = "product code or place of performance outside its scope"
    if why:
        ctx.add(rid, f"exemption entry {w.id}: {why}", part, index)
        return None
    ctx.add(
        rid,
        f"exemption entry {w.id} applies — under the {ctx.pack.id} pack only; NOT ENACTED law",
        part,
        index,
    )
    ctx.act(
        "not_law",
        "This permission exists only under the NOT ENACTED 2024 exemption proposal; do not "
        "rely on it for an actual procurement (under current law the result differs)",
        "DoD FY2025 NDAA request (2024)",
    )
    return "permitted_by_waiver", "exemption_pack"


def _producer_cross_refs(ctx: _Ctx, name: str) -> None:
    low = name.lower()
    for words, key, regime, finding, url in CROSS_LISTS:
        if any(w in low for w in words):
            ctx.cross_ref(key, regime, finding, url)


def _cross_references(ctx: _Ctx) -> None:
    if ctx.proc.agency.dod:
        ctx.cross_ref(
            "dfars_252_204_7018",
            "DFARS 252.204-7018 / FY2018 NDAA §1656",
            "DoD contracts also carry DFARS 252.204-7018 (covered defense telecommunications)",
            "https://www.acquisition.gov/dfars/252.204-7018",
        )
        if ctx.date >= NDAA24_805_ENTITY:
            goods = "in force" if ctx.date >= NDAA24_805_GOODS else f"from {NDAA24_805_GOODS}"
            ctx.cross_ref(
                "ndaa24_805",
                "FY2024 NDAA §805 (1260H list)",
                f"check the offeror and producers against the 1260H list: the entity "
                f"prohibition is in force (from {NDAA24_805_ENTITY}); goods/services {goods}",
                "https://wifcon.com/dodauth24/dod24_805.htm",
            )
    ctx.cross_ref(
        "fascsa",
        "FASCSA orders (FAR 52.204-29/-30)",
        "check for FASCSA exclusion or removal orders covering the products or sources",
        "https://www.acquisition.gov/far/52.204-30",
    )
    psc = ctx.proc.action.psc
    if psc and ctx.ref.psc_scope(psc) == "drugs":
        ctx.cross_ref(
            "drugs",
            "drug-sourcing rules",
            "Section 889 does not govern drug origin; check the agency's drug-sourcing rules",
            "https://www.acquisition.gov/far/part-25",
        )


def _closing_actions(ctx: _Ctx, outcome: Outcome) -> None:
    if outcome == "prohibited":
        ctx.act(
            "do_not_award",
            "Do not award, extend, renew, exercise the option or place the order unless an "
            "exception or waiver applies; document the determination",
            "FAR 4.2102(c)",
        )
    if ctx.any_covered:
        ctx.add(
            "coverage.no_dollar_or_commercial_exemption",
            "no micro-purchase, purchase-card, below-SAT, commercial or COTS exemption applies",
        )
    if ctx.any_covered and outcome in {"prohibited", "review"}:
        where = DIBNET if ctx.proc.agency.dod else "the contracting officer"
        ctx.add(
            "reporting.52_204_25_d",
            "covered telecom identified: the contractor's reporting duty applies in performance",
        )
        ctx.act(
            "report_52_204_25_d_1",
            f"If found during performance: report to {where} (contract and order numbers, "
            "supplier name, UEI, CAGE, brand, model, description, mitigation)",
            "FAR 52.204-25(d)(2)(i)",
            "1 business day",
        )
        ctx.act(
            "report_52_204_25_d_2",
            "Follow up: further mitigation, efforts made to prevent use or submission, and "
            "efforts planned",
            "FAR 52.204-25(d)(2)(ii)",
            "10 business days after the first report",
        )
    if outcome == "review":
        ctx.act(
            "human_review",
            "A person must decide and document this case; the reasons say what is open",
            "rules reference §5",
        )


# ---------------------------------------------------------------------------- SAM (offeror.sam)

_C_PARA = {"part_a": ("(c)(1)", "(d)(1)"), "part_b": ("(c)(2)", "(d)(2)")}
_C_TEXT = {
    ("part_a", "does"): "provides covered telecommunications equipment or services to the "
    "Government in performing any contract",
    ("part_a", "does_not"): "does not provide covered telecommunications equipment or services "
    "to the Government in performing any contract",
    ("part_b", "does"): "uses covered telecommunications equipment or services",
    ("part_b", "does_not"): "does not use covered telecommunications equipment or services",
}
_NEEDS_24 = frozenset({SamStatus.OUTDATED_FAR, SamStatus.NO_REPS, SamStatus.UNSPECIFIED})


@cache
def _far_cite(section: str, text: str) -> CitationOut:
    """A citation whose URL comes from the reference data (`far_citation`)."""
    return CitationOut(section, text, _reference().far_citation(section).url)


def _sam_representations(ctx: _Ctx, parts: list[str]) -> None:
    """Fill the representations the input left open from the SAM 52.204-26(c) answers; record
    conflicts, the SAM status and registration, and the exclusion flag."""
    sam = ctx.sam
    assert sam is not None
    given = ctx.proc.offeror.representations
    c1 = given.c1_provides if given.c1_provides is not None else sam.c1_provides
    c2 = given.c2_uses if given.c2_uses is not None else sam.c2_uses
    ctx.reps = given.model_copy(update={"c1_provides": c1, "c2_uses": c2})
    if given.d1_will_provide is None and given.c1_provides is None and sam.c1_provides:
        ctx.from_sam.add("part_a")
    if given.d2_uses is None and given.c2_uses is None and sam.c2_uses:
        ctx.from_sam.add("part_b")

    shown = f"SAM record {sam.uei}" + (f" ({sam.name})" if sam.name else "")
    if sam.c1_provides is not None:
        clash = []
        if given.c1_provides not in (None, sam.c1_provides):
            clash.append(f"the input's (c)(1) answer is {given.c1_provides!r}")
        if given.d1_will_provide == "will" and sam.c1_provides == "does_not":
            clash.append("the input's 52.204-24(d)(1) answer is 'will'")
        if clash:
            ctx.conflicts["part_a"] = (
                f"{shown} shows the offeror represented that it {_C_TEXT['part_a', sam.c1_provides]}"
                f" (52.204-26(c)(1)), but {' and '.join(clash)}: the input's representation "
                "is used, and the contradiction is reason to question it"
            )
    if sam.c2_uses is not None:
        clash = []
        if given.c2_uses not in (None, sam.c2_uses):
            clash.append(f"the input's (c)(2) answer is {given.c2_uses!r}")
        if given.d2_uses not in (None, sam.c2_uses):
            clash.append(f"the input's 52.204-24(d)(2) answer is {given.d2_uses!r}")
        if clash:
            ctx.conflicts["part_b"] = (
                f"{shown} shows the offeror represented that it {_C_TEXT['part_b', sam.c2_uses]}"
                f" (52.204-26(c)(2)), but {' and '.join(clash)}: the input's representation "
                "is used, and the contradiction is reason to question it"
            )

    ctx.add(
        "sam.registration",
        f"{shown} ({sam.as_of or ctx.date}): {STATUS_WORDS[sam.status]}; " + "; ".join(sam.reasons),
    )
    if ctx.proc.offeror.uei and ctx.proc.offeror.uei.strip().upper() != sam.uei.upper():
        ctx.note(
            f"offeror.uei {ctx.proc.offeror.uei} differs from the UEI in offeror.sam "
            f"({sam.uei}); the SAM record may be another entity's"
        )
    if sam.status in _NEEDS_24:
        open_paras = [
            _C_PARA[p][1]
            for p, (d, c) in (
                ("part_a", (ctx.reps.d1_will_provide, ctx.reps.c1_provides)),
                ("part_b", (ctx.reps.d2_uses, ctx.reps.c2_uses)),
            )
            if p in parts and d is None and c is None
        ]
        if open_paras:
            paras = " and ".join(open_paras)
            ctx.act(
                "obtain_52_204_24_representation",
                f"SAM shows {STATUS_WORDS[sam.status]} ({sam.status.value}), so the offeror "
                f"cannot skip 52.204-24{paras}: obtain its 52.204-24{paras} representation "
                "with the offer (and the (e) disclosure for a 'will'/'does' answer)",
                "FAR 52.204-24(d); 52.204-26(c)",
            )
    if not sam.registration_active:
        why = next(
            (r for r in sam.reasons if "registration" in r), "registration not shown as active"
        )
        ctx.note(
            f"SAM registration of {sam.uei} is not active on {ctx.date} ({why}): the 52.204-26 "
            "answers are read as SAM shows them; confirm the offeror's registration"
        )
    if sam.excluded:
        flag = (
            f"exclusion flag {sam.exclusion_flag!r}"
            if sam.exclusion_flag is not None
            else "no exclusion flag (counted as excluded until checked)"
        )
        _exclusion_found(ctx, f"{shown} shows {flag}")


def _exclusion_found(ctx: _Ctx, finding: str) -> None:
    ctx.add(
        "sam.exclusions",
        f"{finding}; the Section 889 outcome does not depend on it",
        citation=_far_cite("52.204-24(c)", "FAR 52.204-24(c); 52.204-26(b)"),
    )
    ctx.act(
        "check_sam_exclusion",
        f"{finding}: look up the offeror's exclusion record in SAM, check whether it concerns "
        "covered telecommunications (52.204-24(c)) and whether the offeror may receive the "
        "award, and document it",
        "FAR 52.204-24(c); 52.204-26(b); FAR subpart 9.4",
    )
    ctx.cross_ref(
        "sam_exclusion",
        "SAM exclusions (FAR 52.204-24(c); FAR subpart 9.4)",
        f"{finding}; an exclusion is a separate bar from Section 889",
        _reference().far_citation("52.204-24(c)").url,
    )


def _sam_reliance_reason(ctx: _Ctx, part: str, who: str, *, no: bool, has_items: bool) -> None:
    sam = ctx.sam
    assert sam is not None
    c_para, d_para = _C_PARA[part]
    answer = sam.c1_provides if part == "part_a" else sam.c2_uses
    assert answer is not None
    said = (
        f"{who} represented in SAM (UEI {sam.uei}, 52.204-26{c_para}) that it "
        f"{_C_TEXT[part, answer]}; no 52.204-24{d_para} answer was given, so that SAM answer "
        "is taken as its representation"
    )
    if no:
        tail = (
            f": it may skip 52.204-24{d_para}, and the CO may rely on it absent reason to "
            "question it (what the offeror represented, not a verification)"
        )
    elif has_items:
        tail = "; the items given are judged as its disclosure"
    else:
        tail = f"; the 52.204-24{d_para} representation and (e) disclosure are needed"
    ctx.add(
        "reps.sam_26c",
        said + tail,
        part,
        citation=_far_cite(
            "52.204-24",
            f"FAR 52.204-24 (introductory text: (d) skipped after a 'does not' in "
            f"52.204-26(c)); FAR 52.204-26{c_para}",
        ),
    )


_SNAP_LOCK = threading.Lock()
_SNAPSHOTS: dict[Path, tuple[Snapshot, str] | None] = {}
_EXCLUSIONS: dict[tuple[Path, str, str], list[Exclusion]] = {}
_ENTITIES: dict[tuple[Path, str], SnapshotEntity | None] = {}


def clear_sam_snapshot_cache() -> None:
    """Forget the SAM snapshot loaded by `decide` (after `sam snapshot` builds a new one)."""
    with _SNAP_LOCK:
        for found in _SNAPSHOTS.values():
            if found is not None:
                found[0].close()
        _SNAPSHOTS.clear()
        _EXCLUSIONS.clear()
        _ENTITIES.clear()


def _snapshot_exclusions(ctx: _Ctx) -> tuple[str | None, str | None]:
    """Look the offeror's UEI and CAGE up in the newest local SAM snapshot (opened once per
    process and data directory). Returns (snapshot id for decision_id, snapshot date)."""
    offeror, sam = ctx.proc.offeror, ctx.sam
    uei = ((sam.uei if sam else None) or offeror.uei or "").strip().upper()
    cage = ((sam.cage if sam else None) or offeror.cage or "").strip().upper()
    if not uei and not cage:
        return None, None
    folder = snapshot_dir()
    with _SNAP_LOCK:
        if folder not in _SNAPSHOTS:
            snap = latest_snapshot(folder)
            _SNAPSHOTS[folder] = None if snap is None else (snap, _snapshot_id(snap))
        loaded = _SNAPSHOTS[folder]
        if loaded is None:
            return None, None
        snap, snap_id = loaded
        key = (folder, uei, cage)
        records = _EXCLUSIONS.get(key)
        if records is None:
            records = snap.exclusions(uei=uei or None, cage=cage or None)
            if len(_EXCLUSIONS) > 100_000:
                _EXCLUSIONS.clear()
            _EXCLUSIONS[key] = records
        has_entities = any(s.kind == "entities" for s in snap.sources)
        entity: SnapshotEntity | None = None
        if uei and has_entities:
            if (folder, uei) in _ENTITIES:
                entity = _ENTITIES[folder, uei]
            else:
                entity = snap.entity(uei)
                if len(_ENTITIES) > 100_000:
                    _ENTITIES.clear()
                _ENTITIES[folder, uei] = entity
    if uei and has_entities:
        _snapshot_registration(ctx, uei, entity, snap.date.isoformat())
    who = " / ".join(x for x in (f"UEI {uei}" if uei else "", f"CAGE {cage}" if cage else "") if x)
    day = snap.date.isoformat()
    active = [r for r in records if _exclusion_active(r, ctx.date)]
    if active:
        detail = "; ".join(
            ", ".join(
                x
                for x in (
                    r.name or r.uei or r.cage or "",
                    r.exclusion_type or "",
                    r.excluding_agency or "",
                    f"CT code {r.ct_code}" if r.ct_code else "",
                    f"active {r.active_date}" if r.active_date else "",
                    f"ends {r.termination_date}" if r.termination_date else "",
                )
                if x
            )
            for r in active[:5]
        )
        more = f" (+{len(active) - 5} more)" if len(active) > 5 else ""
        _exclusion_found(
            ctx,
            f"the local SAM snapshot of {day} lists {len(active)} exclusion record(s) for "
            f"{who}: {detail}{more}",
        )
    else:
        ended = len(records) - len(active)
        extra = f" ({ended} ended before {ctx.date})" if ended else ""
        ctx.add(
            "sam.exclusions",
            f"the local SAM snapshot of {day} lists no exclusion in force on {ctx.date} for "
            f"{who}{extra}; it shows SAM as of {day} only",
            citation=_far_cite("52.204-24(c)", "FAR 52.204-24(c); 52.204-26(b)"),
        )
    return snap_id, day


_LEGAL_SUFFIXES = frozenset({"INC", "INCORPORATED", "LLC", "LLP", "LP", "LTD", "LIMITED", "CO",
                             "CORP", "CORPORATION", "COMPANY", "THE", "PLC"})  # fmt: skip


def _names_differ(a: str, b: str) -> bool:
    """True when two legal names differ beyond case, punctuation and legal-form words."""

    def key(name: str) -> str:
        return " ".join(w for w in name_key(name).split() if w not in _LEGAL_SUFFIXES)

    return bool(key(a) and key(b)) and key(a) != key(b)


def _snapshot_registration(ctx: _Ctx, uei: str, entity: SnapshotEntity | None, day: str) -> None:
    """Record what the snapshot's entity extract shows about the offeror's registration
    (rule `sam.snapshot_registration`); notices only, the 889 outcome never changes."""
    if entity is None:
        ctx.note(
            f"UEI {uei} not found in the SAM snapshot of {day}: its registration could not be "
            "checked there; confirm it in SAM"
        )
        return
    status = entity.registration_status or "not given in this extract"
    expiry = entity.expiration_date.isoformat() if entity.expiration_date else "not given"
    active = entity.registration_active(ctx.date)
    shown = f"UEI {uei}" + (f" ({entity.name})" if entity.name else "")
    only = (
        "; no offeror.sam record was given, so this is the only registration information"
        if ctx.sam is None
        else ""
    )
    ctx.add(
        "sam.snapshot_registration",
        f"the local SAM snapshot of {day} shows {shown}: registration status {status}, "
        f"expires {expiry}; {'active' if active else 'not active'} on {ctx.date}{only}; "
        "the Section 889 outcome does not depend on it",
        citation=_far_cite(
            "52.204-24",
            "FAR 52.204-24 (introductory text: representations made in SAM); FAR 52.204-26",
        ),
    )
    if not active:
        ctx.note(
            f"SAM snapshot of {day}: registration of {uei} is not active on {ctx.date} "
            f"(status {status}, expires {expiry}); confirm the offeror's registration"
        )
    given = ctx.proc.offeror.name
    if given and entity.name and _names_differ(given, entity.name):
        ctx.note(
            f"offeror.name {given!r} differs from the legal business name of {uei} in the SAM "
            f"snapshot of {day} ({entity.name!r}); the UEI may be another entity's"
        )


def _snapshot_id(snap: Snapshot) -> str:
    digest = hashlib.sha256(
        "|".join(f"{s.kind}:{s.sha256}" for s in snap.sources).encode()
    ).hexdigest()[:16]
    return f"{snap.date.isoformat()}:{digest}"


def _exclusion_active(record: Exclusion, day: dt.date) -> bool:
    """In force on `day`, reading the dates as the extract writes them (`Exclusion.in_force`)."""
    return record.in_force(day)
