"""Evidence about a device from each of its signals, and the finding for an asset.

`DeviceIdentifier` is built once per knowledge base. Each `*_evidence` method looks at one value
(a MAC, a sysObjectID, a model, a banner, a CPE, a name), is deterministic, and caches its answer
per distinct value, so a bulk path can call it once per distinct value and reuse the result.
The evidence methods leave `record` empty; `evidence(record, as_of)` fills it with `file:row`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable

from section889.devices.finding import date_breaks, decide_finding
from section889.devices.mac import (
    canonical_mac,
    identifies_device,
    is_group_or_null,
    is_locally_administered,
    mac_digits,
    prefix_text,
)
from section889.devices.models import (
    Asset,
    DeviceEvidence,
    DeviceRecord,
    DeviceStatus,
    Finding,
    Signal,
)
from section889.devices.oui import OuiHit, OuiTable
from section889.devices.patterns import Pattern, PatternBook, PatternKind, PatternStatus
from section889.devices.signals import MAC, SIGNALS, When
from section889.devices.snmp import enterprise_number
from section889.knowledge.loader import name_key
from section889.knowledge.models import (
    AssignmentStatus,
    KnowledgeBase,
    OuiAssignment,
    PenAssignment,
)
from section889.matching import Matcher, MatchStatus

_FROM_ASSIGNMENT = {
    AssignmentStatus.COVERED: DeviceStatus.COVERED,
    AssignmentStatus.POSSIBLE_AFFILIATE: DeviceStatus.POSSIBLE,
    AssignmentStatus.EX_AFFILIATE: DeviceStatus.FORMER_AFFILIATE,
    AssignmentStatus.NOT_COVERED_LOOKALIKE: DeviceStatus.CLEAR,
}
_FROM_MATCH = {
    MatchStatus.COVERED: DeviceStatus.COVERED,
    MatchStatus.POSSIBLE: DeviceStatus.POSSIBLE,
    MatchStatus.FORMER_AFFILIATE: DeviceStatus.FORMER_AFFILIATE,
}
_FROM_PATTERN = {
    PatternStatus.COVERED: DeviceStatus.COVERED,
    PatternStatus.POSSIBLE: DeviceStatus.POSSIBLE,
    PatternStatus.LOOKALIKE: DeviceStatus.CLEAR,
}
_Key = tuple[str, ...]
_CACHE_LIMIT = 500_000
"""Distinct values remembered before the cache starts afresh (bounds memory on huge inputs)."""
_MAC_CACHE_LIMIT = 20_000
"""Distinct MACs remembered: a MAC recurs within one asset's records, rarely beyond."""


class DeviceIdentifier:
    """Identifies equipment of covered makers from a knowledge base and the vendor matcher."""

    def __init__(
        self,
        kb: KnowledgeBase,
        matcher: Matcher,
        *,
        patterns: PatternBook | None = None,
    ) -> None:
        self.kb = kb
        self.matcher = matcher
        self.patterns = patterns or PatternBook()
        self.ouis = OuiTable(kb)
        self._cache: dict[_Key, tuple[DeviceEvidence, ...]] = {}
        self._macs: dict[str, tuple[DeviceEvidence, ...]] = {}
        """MACs apart: nearly every device has its own, so they would crowd out the rest."""
        self._parties: dict[tuple[str, str], str | None] = {}
        self._breaks: tuple[dt.date, ...] | None = None

    # -- one signal at a time (cached per distinct value) ---------------------------------

    def mac_evidence(self, mac: str) -> list[DeviceEvidence]:
        """What the MAC's IEEE assignment says (longest prefix); a note for unusable MACs."""
        text = mac.strip()
        hit = self._macs.get(text)
        if hit is None:
            hit = tuple(self._mac(text))
            if len(self._macs) >= _MAC_CACHE_LIMIT:
                self._macs.clear()
            self._macs[text] = hit
        return list(hit)

    def snmp_evidence(self, sys_object_id: str, sys_descr: str = "") -> list[DeviceEvidence]:
        """The enterprise number in a sysObjectID, and sysDescr patterns (VRP, ZXR10 …)."""
        key = ("snmp", sys_object_id.strip(), sys_descr.strip())
        return self._cached(key, lambda: self._snmp(sys_object_id.strip(), sys_descr.strip()))

    def model_evidence(self, model: str, manufacturer: str = "") -> list[DeviceEvidence]:
        """Model-number patterns (DS-2CD…, DH-IPC-…, S5720-…); `manufacturer` vets short codes."""
        key = ("model", model.strip(), manufacturer.strip())
        return self._cached(key, lambda: self._model(model.strip(), manufacturer.strip()))

    def text_evidence(
        self, text: str, signal: Signal = Signal.MODEL, manufacturer: str = ""
    ) -> list[DeviceEvidence]:
        """Model numbers and OEM brands inside free text (a description, an OS string)."""
        key = ("text", text.strip(), signal.value, manufacturer.strip())
        return self._cached(key, lambda: self._text(text.strip(), signal, manufacturer.strip()))

    def banner_evidence(self, text: str) -> list[DeviceEvidence]:
        """HTTP/RTSP/SSH banners (App-webs, DNVRS-Webs, Dahua Rtsp Server, magicBox.cgi …)."""
        return self._cached(("banner", text.strip()), lambda: self._banner(text.strip()))

    def cpe_evidence(self, cpe: str) -> list[DeviceEvidence]:
        """The vendor part of a CPE 2.3 or 2.2 name (`dahuasecurity`, `huawei`; `h3c` is clear)."""
        return self._cached(("cpe", cpe.strip()), lambda: self._cpe(cpe.strip()))

    def oem_evidence(self, text: str) -> list[DeviceEvidence]:
        """Brands that relabel a covered maker's equipment (Amcrest, Lorex …): `possible`."""
        return self._cached(("oem", text.strip()), lambda: self._oem(text.strip()))

    def name_evidence(self, name: str, signal: Signal, as_of: dt.date) -> list[DeviceEvidence]:
        """A manufacturer, supplier or scanner vendor name through the vendor matcher, plus OEMs."""
        key = ("name", name.strip(), signal.value, as_of.isoformat())
        return self._cached(key, lambda: self._name(name.strip(), signal, as_of))

    # -- a record, an asset ---------------------------------------------------------------

    def evidence(self, record: DeviceRecord, as_of: dt.date) -> list[DeviceEvidence]:
        """Every signal of one record (`signals.SIGNALS`), each tagged with the record's `file:row`."""
        found: list[DeviceEvidence] = []
        mac_said_nothing = True
        for spec in SIGNALS:
            if spec.when is When.MAC_SAID_NOTHING and not mac_said_nothing:
                continue
            for values in spec.asks(record):
                if spec.when is When.NOT_THE_MODEL and values[0] == record.model:
                    continue
                answer = spec.ask(self, values, as_of)
                if spec is MAC:
                    mac_said_nothing = all(e.signal is Signal.NOTE for e in answer)
                found += answer
        where = record.where
        unique = dict.fromkeys(e.read_from(where) for e in found)
        return list(unique)

    def decide(self, asset: Asset, evidence: list[DeviceEvidence], as_of: dt.date) -> Finding:
        """The finding for an asset from its evidence: dates, purpose, OEM and look-alike rules."""
        return decide_finding(self.kb, self.patterns, asset, evidence, as_of)

    def date_class(self, day: dt.date | None) -> str:
        """The class of an equipment date among `finding.date_breaks`: dates of one class give a
        single-record asset the same status, entity, category and confidence."""
        if day is None:
            return ""
        breaks = self._breaks
        if breaks is None:
            breaks = self._breaks = date_breaks(self.kb, self.patterns)
        at = bisect.bisect_left(breaks, day)
        return f"{at}=" if at < len(breaks) and breaks[at] == day else str(at)

    def identify(self, asset: Asset, as_of: dt.date) -> Finding:
        """Gather every record's evidence and decide."""
        found: list[DeviceEvidence] = []
        for record in asset.records:
            found += self.evidence(record, as_of)
        return self.decide(asset, found, as_of)

    # -- the work behind each signal ------------------------------------------------------

    def _cached(self, key: _Key, make: Callable[[], list[DeviceEvidence]]) -> list[DeviceEvidence]:
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple(make())
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = hit
        return list(hit)

    def _mac(self, text: str) -> list[DeviceEvidence]:
        if not text:
            return []
        mac = canonical_mac(text)
        if mac is None:
            return [_note(Signal.MAC_OUI, text, "not a MAC address; ignored")]
        hit = self.ouis.lookup(mac_digits(mac))
        found: list[DeviceEvidence] = []
        if is_locally_administered(mac):
            if hit is None or is_group_or_null(mac):
                why = "randomised MAC ignored (locally administered: it names no maker)"
                return [_note(Signal.MAC_OUI, mac, why)]
            # The IEEE has assigned some blocks with the bit set (Huawei's 3A:72:C2): such an
            # address is that registrant's, not a random one.
            why = (
                f"locally administered bit set, but {prefix_text(hit.prefix)} is registered "
                f"to {hit.organization}; used as evidence"
            )
            found.append(_note(Signal.MAC_OUI, mac, why))
        elif not identifies_device(mac):
            return [_note(Signal.MAC_OUI, mac, "broadcast, multicast or zero MAC ignored")]
        if hit is None:
            return found
        if hit.assignment is None:
            found.append(
                DeviceEvidence(
                    Signal.MAC_OUI,
                    mac,
                    f"{hit.label}: not a covered maker's block",
                    None,
                    None,
                    DeviceStatus.CLEAR,
                    self.ouis.source,
                    confidence="high",
                )
            )
            return found
        found.append(self._assignment(Signal.MAC_OUI, mac, hit.label, hit.assignment, hit))
        return found

    def _assignment(
        self,
        signal: Signal,
        value: str,
        label: str,
        row: OuiAssignment | PenAssignment,
        hit: OuiHit | None = None,
    ) -> DeviceEvidence:
        status = _FROM_ASSIGNMENT[row.status]
        entity = row.entity_id if status is not DeviceStatus.CLEAR else None
        party = self._party(row.organization, entity) if entity else None
        if status is DeviceStatus.CLEAR:
            matched = f"{label}: look-alike, not covered ({row.note})"
        else:
            owner = self.kb.entities[row.entity_id].name if row.entity_id else ""
            matched = f"{label}: {owner} — {row.note}" if row.note else f"{label}: {owner}"
        where = f"{row.provenance.file}:{row.provenance.line}"
        return DeviceEvidence(
            signal,
            value,
            matched,
            entity,
            party,
            status,
            f"{row.provenance.source} ({where})",
            confidence=row.provenance.confidence.value,
        )

    def _party(self, organization: str, entity_id: str) -> str | None:
        """The knowledge-base party a registrant name belongs to (for its dates)."""
        key = (organization, entity_id)
        if key not in self._parties:
            self._parties[key] = self._resolve_party(organization, entity_id)
        return self._parties[key]

    def _resolve_party(self, organization: str, entity_id: str) -> str | None:
        wanted = name_key(organization)
        for party in self.kb.parties_of(entity_id):
            if any(name_key(n.text) == wanted for n in party.names) or (
                name_key(party.name) == wanted
            ):
                return party.id
        result = self.matcher.screen(organization, as_of=self.kb.version.facts_as_of)
        if result.entity_id == entity_id and result.party_id:
            return result.party_id
        return None

    def _snmp(self, sys_object_id: str, sys_descr: str) -> list[DeviceEvidence]:
        found: list[DeviceEvidence] = []
        pen = enterprise_number(sys_object_id) if sys_object_id else None
        if pen is not None and pen in self.kb.pens:
            row = self.kb.pens[pen]
            label = f"{row.organization} (IANA PEN {pen})"
            found.append(self._assignment(Signal.SNMP_ENTERPRISE, sys_object_id, label, row))
        if sys_descr:
            rules = self.patterns.search(PatternKind.SYSDESCR, sys_descr)
            seen = {r.entity_id for r in rules}
            rules += [
                r
                for r in self.patterns.models(sys_descr, free_text=True)
                if r.entity_id not in seen
            ]
            found += [_from_pattern(Signal.SYSDESCR, sys_descr, r) for r in rules]
        return found

    def _model(self, model: str, manufacturer: str) -> list[DeviceEvidence]:
        rules = self.patterns.models(model, manufacturer)
        return [_from_pattern(Signal.MODEL, model, r) for r in rules]

    def _text(self, text: str, signal: Signal, manufacturer: str) -> list[DeviceEvidence]:
        rules = self.patterns.models(text, manufacturer, free_text=True)
        return [_from_pattern(signal, text, r) for r in rules] + self.oem_evidence(text)

    def _banner(self, text: str) -> list[DeviceEvidence]:
        rules: list[Pattern] = []
        for kind in (PatternKind.BANNER, PatternKind.SYSDESCR):
            rules += self.patterns.search(kind, text)
        rules += self.patterns.models(text, free_text=True)
        unique = {r.entity_id: r for r in reversed(rules)}
        ordered = [r for r in rules if unique[r.entity_id] is r]
        return [_from_pattern(Signal.BANNER, text, r) for r in ordered]

    def _cpe(self, cpe: str) -> list[DeviceEvidence]:
        vendor = cpe_vendor(cpe)
        if not vendor:
            return []
        rules = self.patterns.search(PatternKind.CPE_VENDOR, vendor)
        return [_from_pattern(Signal.CPE, cpe, r) for r in rules]

    def _oem(self, text: str) -> list[DeviceEvidence]:
        return [
            _from_pattern(Signal.OEM, text, r)
            for r in self.patterns.search(PatternKind.OEM_BRAND, text)
        ]

    def _name(self, name: str, signal: Signal, as_of: dt.date) -> list[DeviceEvidence]:
        if not name:
            return []
        found = list(self.oem_evidence(name))
        result = self.matcher.screen(name, as_of=as_of)
        source = f"knowledge base {result.fact_ref}" if result.fact_ref else "knowledge base"
        status = _FROM_MATCH.get(result.status)
        if status is not None:
            confidence = "low" if status is DeviceStatus.POSSIBLE else "medium"
            found.append(
                DeviceEvidence(
                    signal,
                    name,
                    result.explanation,
                    result.entity_id,
                    result.party_id,
                    status,
                    source,
                    confidence=confidence,
                )
            )
        elif any(e.kind == "lookalike" for e in result.evidence):
            found.append(
                DeviceEvidence(
                    signal,
                    name,
                    result.explanation,
                    None,
                    None,
                    DeviceStatus.CLEAR,
                    source,
                    confidence="medium",
                )
            )
        return found


def cpe_vendor(cpe: str) -> str:
    """The vendor field of `cpe:2.3:o:huawei:…` or `cpe:/h:h3c:…`, lower-case; empty if none."""
    text = cpe.strip().lower()
    if text.startswith("cpe:2.3:"):
        parts = text.split(":")
        return parts[3] if len(parts) > 3 else ""
    if text.startswith("cpe:/"):
        parts = text[5:].split(":")
        return parts[1] if len(parts) > 1 else ""
    return ""


def _from_pattern(signal: Signal, value: str, rule: Pattern) -> DeviceEvidence:
    status = _FROM_PATTERN[rule.status]
    entity = rule.entity_id if status is not DeviceStatus.CLEAR else None
    if rule.status is PatternStatus.POSSIBLE:
        matched = f"possible OEM of {rule.entity_id.capitalize()}: {rule.note}"
    else:
        matched = rule.note
    return DeviceEvidence(
        signal, value, matched, entity, None, status, rule.reference, confidence=rule.confidence
    )


def _note(signal: Signal, value: str, text: str) -> DeviceEvidence:
    return DeviceEvidence(Signal.NOTE, value, text, None, None, DeviceStatus.CLEAR, signal.value)
