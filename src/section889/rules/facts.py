"""The facts a determination is evaluated on: a hashable projection of one procurement.

`gather(procurement, context)` does every look-up (producer names against the knowledge base,
IC membership and grantee coverage in the reference data, waiver scopes, the SAM record and the
local SAM snapshot) and returns `ProcurementFacts`; `engine.evaluate(facts, pack, reference)`
then decides from the facts alone.

Equality and hash cover exactly what the evaluation branches on. Names that only appear in the
words of a finding (agency, producer, offeror, waiver ids) are kept as labels outside equality:
two procurements with equal facts get the same outcome, basis, parts, rule ids, action ids and
cross-references, so a caller with many procurements can evaluate once per distinct value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from section889.matching.normalise import normalise
from section889.rules.context import DecisionContext
from section889.rules.inputs import (
    ActionType,
    AppliesTo,
    Grantor,
    Kind,
    Part,
    Procurement,
    Purpose,
    Question,
    Representations,
    Role,
    ThirdParty,
    UserRelation,
    Waiver,
)
from section889.rules.policy import Pack
from section889.rules.producers import ProducerStatus, resolve_item
from section889.rules.reference import Reference
from section889.sam.entity import SamEntity, sam_entity_from_json
from section889.sam.records import SamSnapshotFacts


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One item: what kind of thing it is, how it is used, and who produced it."""

    index: int
    status: ProducerStatus
    entity: str | None
    prong: int | None
    kind: Kind
    purpose: Purpose
    role: Role
    can_route_or_see_user_data: bool | None
    third_party_connection: ThirdParty
    applies_to: AppliesTo
    cross_lists: tuple[str, ...]
    """Keys of other regimes the producer's name points to (`Reference.cross_lists_of`)."""
    producer: str = field(default="", compare=False)
    description: str = field(default="", compare=False)
    detail: str = field(default="", compare=False)
    """How the producer was resolved, in words."""


@dataclass(frozen=True, slots=True)
class WaiverFacts:
    """One waiver or exemption entry, with its coverage of this procurement already judged."""

    grantor: Grantor
    part: Part
    start: dt.date
    end: dt.date | None
    has_finding: bool
    """A national-security-interest finding is both flagged and recorded."""
    grantee_covers: bool
    """The grantee is the buying agency, or its department (`Reference.covers`)."""
    scope_covers: bool
    """The action's PSC and place of performance are within the waiver's own scope."""
    exemption_scope_covers: bool | None
    """For a `secdef` entry under a pack with exemption terms: within its scope once the
    terms' default PSC scopes and regions fill the axes it leaves open; else None."""
    id: str = field(default="", compare=False)
    grantee: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class ProcurementFacts:
    """Exactly what the evaluation reads (labels for the findings' words kept outside equality)."""

    as_of: dt.date
    question: Question
    action_type: ActionType
    date: dt.date
    psc: str | None
    psc_scope: str | None
    weapon_system_related: bool | None
    executive_agency: bool
    dod: bool
    intelligence_community: bool
    """Flagged in the input, or an IC element by its codes or names (`Reference.ic_element`)."""
    user_relation: UserRelation
    representations: Representations
    sam: SamEntity | None
    """The offeror's SAM record (`offeror.sam`) as read on the action date."""
    uei_differs: bool
    """`offeror.uei` differs from the UEI of the SAM record."""
    snapshot: SamSnapshotFacts | None
    snapshot_name_differs: bool
    """`offeror.name` differs from the snapshot's legal business name for the UEI."""
    items: tuple[ItemFacts, ...]
    waivers: tuple[WaiverFacts, ...]
    agency_name: str = field(default="", compare=False)
    offeror_name: str | None = field(default=None, compare=False)
    offeror_uei: str | None = field(default=None, compare=False)

    @property
    def who(self) -> str:
        """The offeror as findings name it."""
        return self.offeror_name or (self.sam.name if self.sam else "") or "offeror"


def gather(procurement: Procurement, context: DecisionContext) -> ProcurementFacts:
    """Look up everything the evaluation needs; the only step that uses the context's resolvers."""
    p, ref = procurement, context.reference
    day = p.action.date
    sam = None
    if p.offeror.sam is not None:
        sam = sam_entity_from_json(p.offeror.sam, where="offeror.sam", as_of=day)
    uei = ((sam.uei if sam else None) or p.offeror.uei or "").strip().upper()
    cage = ((sam.cage if sam else None) or p.offeror.cage or "").strip().upper()
    snapshot = None
    if context.sam is not None and (uei or cage):
        snapshot = context.sam.snapshot_facts(uei, cage)
    items = []
    for index, item in enumerate(p.items):
        r = resolve_item(item, day, context.producers)
        items.append(
            ItemFacts(
                index=index,
                status=r.status,
                entity=r.entity,
                prong=r.prong,
                kind=item.kind,
                purpose=item.purpose,
                role=item.role,
                can_route_or_see_user_data=item.can_route_or_see_user_data,
                third_party_connection=item.third_party_connection,
                applies_to=item.applies_to,
                cross_lists=ref.cross_lists_of(item.producer),
                producer=item.producer,
                description=item.description,
                detail=r.detail,
            )
        )
    waivers = tuple(
        waiver_facts(w, p, context.pack, ref) for w in (*p.waivers, *context.exemptions)
    )
    given_uei = p.offeror.uei
    entity = snapshot.entity if snapshot is not None else None
    return ProcurementFacts(
        as_of=context.as_of,
        question=p.question,
        action_type=p.action.type,
        date=day,
        psc=p.action.psc,
        psc_scope=ref.psc_scope(p.action.psc) if p.action.psc else None,
        weapon_system_related=p.action.weapon_system_related,
        executive_agency=p.agency.executive_agency,
        dod=p.agency.dod,
        intelligence_community=is_ic(p, ref),
        user_relation=p.offeror.user_relation,
        representations=p.offeror.representations,
        sam=sam,
        uei_differs=bool(
            sam is not None and given_uei and given_uei.strip().upper() != sam.uei.upper()
        ),
        snapshot=snapshot,
        snapshot_name_differs=bool(
            p.offeror.name and entity and entity.name and names_differ(p.offeror.name, entity.name)
        ),
        items=tuple(items),
        waivers=waivers,
        agency_name=p.agency.name,
        offeror_name=p.offeror.name,
        offeror_uei=given_uei,
    )


def is_ic(procurement: Procurement, ref: Reference) -> bool:
    """Whether the buying agency is an intelligence-community element (given, or by its codes)."""
    a = procurement.agency
    if a.intelligence_community:
        return True
    match = ref.ic_element(
        agency_name=a.name,
        department_code=a.department_code or "",
        agency_code=a.agency_code or "",
        office_code=a.office_code or "",
        office_name=a.office_name or "",
    )
    return match is not None


def grantee_covers(procurement: Procurement, grantee: str, ref: Reference) -> bool:
    """A waiver granted to `grantee` covers this agency: itself or its department (DoD's too)."""
    agency = procurement.agency
    if ref.covers(grantee, agency.name):
        return True
    return agency.dod and ref.is_dod(grantee) and ref.covers(grantee, "Department of Defense")


def scope_covers(
    procurement: Procurement,
    psc: list[str],
    countries: list[str],
    regions: list[str],
    ref: Reference,
) -> bool:
    """The action's PSC and place of performance are within a scope (an empty axis: no limit)."""
    action = procurement.action
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


def waiver_facts(
    waiver: Waiver, procurement: Procurement, pack: Pack, ref: Reference
) -> WaiverFacts:
    """A waiver entry judged against this procurement (the exemption guards read these)."""
    w, terms = waiver, pack.exemption
    scope = w.scope
    exemption_scope = None
    if w.grantor == "secdef" and terms is not None:
        exemption_scope = scope_covers(
            procurement,
            scope.psc or terms.default_psc,
            scope.countries,
            scope.regions or ([] if scope.countries else terms.default_regions),
            ref,
        )
    return WaiverFacts(
        grantor=w.grantor,
        part=w.part,
        start=w.start,
        end=w.end,
        has_finding=bool(w.national_security_interest_finding and w.finding),
        grantee_covers=grantee_covers(procurement, w.grantee, ref),
        scope_covers=scope_covers(procurement, scope.psc, scope.countries, scope.regions, ref),
        exemption_scope_covers=exemption_scope,
        id=w.id,
        grantee=w.grantee,
    )


def names_differ(a: str, b: str) -> bool:
    """True when two legal names differ beyond case, punctuation, legal forms (the matcher's
    table, in every language it knows) and the abbreviations of procurement data.

    >>> names_differ("IBM Corp.", "IBM CORPORATION"), names_differ("Acme LLC", "IBM Corp")
    (False, True)
    >>> names_differ("The Acme Technologies GmbH", "ACME TECHS"), names_differ("华为技术有限公司", "华为")
    (False, True)
    """

    def key(name: str) -> str:
        said = normalise(name)
        latin = " ".join(t for t in said.tokens if t != "the")
        return latin + ("|" + said.cjk if said.cjk else "")

    return bool(key(a) and key(b)) and key(a) != key(b)
