"""The FAR 52.204-24(e) disclosure, filled from the findings: one row per group of assets.

An offeror that answers "will" to 52.204-24(d)(1) or "does" to (d)(2) must disclose, for
equipment, the producing entity (name, UEI, CAGE where known), the brand, model and item
description, and the proposed use. Assets with the same producer, brand, model, status and
recorded purpose share a row. Identifiers come from the knowledge base; "not known" otherwise.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from section889.devices.models import Finding
from section889.files import AtomicFile, neutralise
from section889.knowledge.models import IdScheme
from section889.reports.inventory_run import InventoryRun, asset_field

DISCLOSURE_COLUMNS = (
    "producer",
    "producer_uei",
    "producer_cage",
    "brand",
    "model",
    "description",
    "proposed_use",
    "status",
    "entity_id",
    "assets",
    "asset_ids",
)
NOT_KNOWN = "not known"


@dataclass(frozen=True, slots=True)
class DisclosureRow:
    """One disclosed group of equipment."""

    producer: str
    uei: str
    cage: str
    brand: str
    model: str
    description: str
    proposed_use: str
    status: str
    entity_id: str
    asset_ids: tuple[str, ...]

    def cells(self) -> list[object]:
        return [
            self.producer,
            self.uei,
            self.cage,
            self.brand,
            self.model,
            self.description,
            self.proposed_use,
            self.status,
            self.entity_id,
            len(self.asset_ids),
            " ".join(self.asset_ids),
        ]


def disclosure_rows(run: InventoryRun) -> list[DisclosureRow]:
    """Covered and possible assets grouped by producer, brand, model, status and purpose."""
    groups: dict[tuple[str, str, str, str, str], list[Finding]] = defaultdict(list)
    for finding in run.flagged:
        key = (
            _party_id(finding) or finding.entity_id or "",
            asset_field(finding, "manufacturer") or asset_field(finding, "mac_vendor"),
            asset_field(finding, "model"),
            finding.status.value,
            asset_field(finding, "purpose"),
        )
        groups[key].append(finding)
    rows = []
    for (party_id, brand, model, status, purpose), findings in groups.items():
        first = findings[0]
        producer, uei, cage = _producer(run, party_id, first.entity_id)
        signals = sorted({e.signal.value for f in findings for e in f.evidence})
        description = first.category.value.replace("_", " ")
        if signals:
            description += f"; identified by {', '.join(signals)}"
        rows.append(
            DisclosureRow(
                producer=producer,
                uei=uei,
                cage=cage,
                brand=brand or NOT_KNOWN,
                model=model or NOT_KNOWN,
                description=description,
                proposed_use=purpose,
                status=status,
                entity_id=first.entity_id or "",
                asset_ids=tuple(f.asset.asset_id for f in findings),
            )
        )
    return rows


def write_disclosure(path: Path, run: InventoryRun) -> AtomicFile:
    """Write the disclosure CSV to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        with target.temp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(DISCLOSURE_COLUMNS)
            for row in disclosure_rows(run):
                writer.writerow(neutralise(row.cells()))
    except BaseException:
        target.discard()
        raise
    return target


def _party_id(finding: Finding) -> str | None:
    """The party the evidence names for the finding's entity (the producer), if any."""
    for evidence in finding.evidence:
        if evidence.party_id and evidence.entity_id == finding.entity_id:
            return evidence.party_id
    return None


def _producer(run: InventoryRun, party_id: str, entity_id: str | None) -> tuple[str, str, str]:
    party = run.kb.parties.get(party_id)
    if party is None:
        name = run.entity_name(entity_id) or NOT_KNOWN
        return name, NOT_KNOWN, NOT_KNOWN
    ids = {scheme: NOT_KNOWN for scheme in (IdScheme.UEI, IdScheme.CAGE)}
    for identifier in party.identifiers:
        if identifier.scheme in ids and ids[identifier.scheme] == NOT_KNOWN:
            ids[identifier.scheme] = identifier.value
    return party.name, ids[IdScheme.UEI], ids[IdScheme.CAGE]
