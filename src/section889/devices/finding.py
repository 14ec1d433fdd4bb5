"""From an asset's evidence to its finding: dates, purpose, OEM brands, look-alikes, confidence.

Rules (docs/equipment-identification.md):
- the equipment's date is the earliest `produced` date of its records, else the earliest
  `acquired`; a divested party's equipment is judged by `tie_on(party, that date)`;
- Hytera, Hikvision and Dahua equipment is covered only for the four security purposes of
  §889(f)(3)(B); any other or unknown purpose gives `possible` (rules-reference §5.4 E3);
- OEM brands are never more than `possible`; look-alikes are `clear` and say so;
- the most serious judged evidence wins: covered > possible > former_affiliate > clear.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from section889.devices.explain import sentence
from section889.devices.models import (
    Asset,
    Category,
    DeviceEvidence,
    DeviceStatus,
    Finding,
    Purpose,
    Signal,
)
from section889.devices.patterns import PatternBook
from section889.knowledge.dates import Tie, tie_on
from section889.knowledge.models import KnowledgeBase, Party, Scope

SEVERITY = {
    DeviceStatus.COVERED: 0,
    DeviceStatus.POSSIBLE: 1,
    DeviceStatus.FORMER_AFFILIATE: 2,
    DeviceStatus.CLEAR: 3,
}
_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2, "": 3}
_ENTITY_CATEGORY = {
    "huawei": Category.TELECOM,
    "zte": Category.TELECOM,
    "hikvision": Category.VIDEO_SURVEILLANCE,
    "dahua": Category.VIDEO_SURVEILLANCE,
    "hytera": Category.RADIO,
}
_SECURITY_USE = Scope.VIDEO_SURVEILLANCE_SECURITY_USE
_REGISTRY_SIGNALS = frozenset({Signal.MAC_OUI, Signal.SNMP_ENTERPRISE})
_INDEPENDENT = {Signal.SUPPLIER: Signal.MANUFACTURER}
"""Signals that are one source of knowledge for counting agreement (a name is a name)."""
_PURPOSE_WORDS = (
    (re.compile(r"public[\s_\-]*safety|law[\s_\-]*enforcement|police"), Purpose.PUBLIC_SAFETY),
    (
        re.compile(r"gov\w*[\s_\-]*(?:facilit|build|site|office)\w*[\s_\-]*(?:secur|protect)?"),
        Purpose.GOVERNMENT_FACILITY_SECURITY,
    ),
    (re.compile(r"critical[\s_\-]*infrastructure"), Purpose.CRITICAL_INFRASTRUCTURE_SURVEILLANCE),
    (re.compile(r"national[\s_\-]*security"), Purpose.OTHER_NATIONAL_SECURITY),
)


def parse_purpose(text: str) -> Purpose:
    """`public_safety`, `Public Safety`, `government facility security` … → Purpose.

    >>> parse_purpose("Critical infrastructure surveillance"), parse_purpose(""), parse_purpose("lobby")
    (<Purpose.CRITICAL_INFRASTRUCTURE_SURVEILLANCE: 'critical_infrastructure_surveillance'>, <Purpose.UNKNOWN: 'unknown'>, <Purpose.OTHER: 'other'>)
    """
    words = text.strip().casefold()
    if not words or words in {"unknown", "n/a", "na", "none", "-", "?", "tbd"}:
        return Purpose.UNKNOWN
    for pattern, purpose in _PURPOSE_WORDS:
        if pattern.search(words):
            return purpose
    return Purpose.OTHER


def date_breaks(kb: KnowledgeBase, book: PatternBook) -> tuple[dt.date, ...]:
    """Every date an equipment date is compared with: the parties' tie dates (`tie_on`) and the
    OEM brands' last relabelling days (`_judge`), sorted.

    Two equipment dates that fall between the same two breaks (or on the same one) give the same
    status, entity, category and confidence; only the reasons, which name the date, differ.
    """
    found: set[dt.date] = set()
    for party in kb.parties.values():
        for fuzzy in (party.since, party.until):
            if fuzzy is not None:
                found.update((fuzzy.earliest, fuzzy.latest))
    found.update(rule.until for rule in book.patterns if rule.until is not None)
    return tuple(sorted(found))


def is_security_purpose(text: str) -> bool:
    """Whether a record's purpose is one of §889(f)(3)(B)'s (what the finding depends on)."""
    return parse_purpose(text).is_security_purpose


@dataclass(frozen=True, slots=True)
class _Judged:
    evidence: DeviceEvidence
    status: DeviceStatus
    entity_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class _EquipmentDate:
    day: dt.date | None
    field: str
    """`produced` or `acquired` (empty when neither is known)."""


def decide_finding(
    kb: KnowledgeBase,
    book: PatternBook,
    asset: Asset,
    evidence: list[DeviceEvidence],
    as_of: dt.date,
) -> Finding:
    """The finding for `asset`: its status, entity, category, confidence and reasons."""
    when = _equipment_date(asset)
    purpose_text, purpose = _purpose(asset)
    ranked = sorted(
        (e for e in evidence if e.signal is not Signal.NOTE),
        key=lambda e: (_CONFIDENCE_RANK.get(e.confidence, 3), e.signal.value, e.value),
    )
    judged = [_judge(kb, book, e, when, as_of, purpose_text, purpose) for e in ranked]
    if judged:
        status = min((j.status for j in judged), key=SEVERITY.__getitem__)
    else:
        status = DeviceStatus.CLEAR
    deciding = [j for j in judged if j.status is status]
    lead = deciding[0] if deciding else None
    entity = lead.entity_id if lead and status is not DeviceStatus.CLEAR else None
    reasons = [j.reason for j in deciding]
    reasons += [j.reason for j in judged if j.status is not status]
    reasons += [f"{e.matched}: {e.value}" for e in evidence if e.signal is Signal.NOTE]
    if not judged:
        reasons.append("no signal of this asset matched a covered maker")
    return Finding(
        asset=asset,
        status=status,
        entity_id=entity,
        category=_category(book, judged, lead, entity),
        confidence=_confidence(judged, lead, status),
        evidence=tuple(evidence),
        reasons=tuple(dict.fromkeys(r for r in reasons if r)),
    )


def _judge(
    kb: KnowledgeBase,
    book: PatternBook,
    e: DeviceEvidence,
    when: _EquipmentDate,
    as_of: dt.date,
    purpose_text: str,
    purpose: Purpose,
) -> _Judged:
    said = sentence(e)  # the plain sentence; the source stays in the evidence
    if e.status is DeviceStatus.CLEAR:
        return _Judged(e, DeviceStatus.CLEAR, None, said)
    if e.signal is Signal.OEM or e.status is DeviceStatus.POSSIBLE:
        rule = book.by_reference(e.source)
        if rule is not None and rule.until is not None and when.day and when.day > rule.until:
            why = (
                f"{said}; the equipment was {when.field} {when.day.isoformat()}, after the "
                f"relabelling ended ({rule.until.isoformat()})"
            )
            return _Judged(e, DeviceStatus.CLEAR, None, why)
        return _Judged(e, DeviceStatus.POSSIBLE, e.entity_id, f"{said} — review")
    party = kb.parties.get(e.party_id) if e.party_id else None
    status, dated = _by_date(party, e.status, when, as_of)
    reason = f"{said}; {dated}" if dated else said
    entity = kb.entities.get(e.entity_id or "")
    if status is DeviceStatus.COVERED and entity is not None and entity.scope is _SECURITY_USE:
        if not purpose.is_security_purpose:
            shown = purpose_text or "not given"
            reason += (
                "; §889(f)(3)(B) covers this maker's equipment only for the listed security "
                f"purposes; the purpose is {shown}; the reading is disputed "
                "(rules-reference §5.4 E3) — review"
            )
            return _Judged(e, DeviceStatus.POSSIBLE, e.entity_id, reason)
        reason += f"; used for {purpose.value}, a purpose §889(f)(3)(B) lists"
    return _Judged(e, status, e.entity_id, reason)


def _by_date(
    party: Party | None, status: DeviceStatus, when: _EquipmentDate, as_of: dt.date
) -> tuple[DeviceStatus, str]:
    """Re-judge a party's tie on the equipment's date (its own status when no party is known)."""
    if party is None:
        return status, ""
    if when.day is None:
        if party.until is not None:
            return DeviceStatus.POSSIBLE, (
                f"produced or acquired date unknown; {party.name} was divested "
                f"{party.until.phrase} — review"
            )
        tie = tie_on(party, as_of)
        if tie.tie is Tie.UNCERTAIN:
            return DeviceStatus.POSSIBLE, f"{tie.reason} — review"
        return status, ""
    tie = tie_on(party, when.day)
    dated = f"{party.name}: equipment {when.field} {when.day.isoformat()}; {tie.reason}"
    if tie.tie is Tie.CURRENT:
        return DeviceStatus.COVERED, dated
    if tie.tie is Tie.FORMER:
        return DeviceStatus.FORMER_AFFILIATE, dated
    if tie.tie is Tie.NOT_YET:
        return DeviceStatus.CLEAR, dated
    return DeviceStatus.POSSIBLE, f"{dated} — review"


def _equipment_date(asset: Asset) -> _EquipmentDate:
    produced = [r.produced for r in asset.records if r.produced is not None]
    if produced:
        return _EquipmentDate(min(produced), "produced")
    acquired = [r.acquired for r in asset.records if r.acquired is not None]
    if acquired:
        return _EquipmentDate(min(acquired), "acquired")
    return _EquipmentDate(None, "")


def _purpose(asset: Asset) -> tuple[str, Purpose]:
    """The first security purpose any record gives, else the first purpose written, else unknown."""
    first = ("", Purpose.UNKNOWN)
    for record in asset.records:
        text = record.purpose.strip()
        if not text:
            continue
        purpose = parse_purpose(text)
        if purpose.is_security_purpose:
            return text, purpose
        if not first[0]:
            first = (text, purpose)
    return first


def _category(
    book: PatternBook, judged: list[_Judged], lead: _Judged | None, entity: str | None
) -> Category:
    candidates = [lead] if lead else []
    candidates += [j for j in judged if j.entity_id == entity and j is not lead]
    for j in candidates:
        rule = book.by_reference(j.evidence.source)
        if rule is not None and rule.category is not None:
            return rule.category
    if entity is not None:
        return _ENTITY_CATEGORY.get(entity, Category.OTHER)
    return Category.OTHER


def _confidence(judged: list[_Judged], lead: _Judged | None, status: DeviceStatus) -> str:
    if lead is None:
        return "low"
    agreeing = [j for j in judged if j.status is status and j.entity_id == lead.entity_id]
    signals = {_INDEPENDENT.get(j.evidence.signal, j.evidence.signal) for j in agreeing}
    if len(signals) >= 2:
        return "high"
    if lead.evidence.confidence == "high" and lead.evidence.signal in _REGISTRY_SIGNALS:
        return "high"
    if lead.evidence.confidence == "low":
        return "low"
    return "medium"
