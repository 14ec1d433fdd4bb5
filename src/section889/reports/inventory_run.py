"""The facts of one inventory screening run that every output of it names (pure values).

The service fills an `InventoryRun`; the table, the laydown, the phase-out sheet, the
reasonable-inquiry record and the disclosure are all written from it, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from section889.devices.explain import sentence
from section889.devices.models import DeviceEvidence, DeviceStatus, Finding
from section889.knowledge import KnowledgeBase

STATUS_ORDER = (
    DeviceStatus.COVERED,
    DeviceStatus.POSSIBLE,
    DeviceStatus.FORMER_AFFILIATE,
    DeviceStatus.CLEAR,
)
"""Most serious first; tables and lists follow this order."""
FLAGGED = frozenset({DeviceStatus.COVERED, DeviceStatus.POSSIBLE})
"""Statuses that go on the phase-out sheet, the inquiry's findings and the disclosure."""


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """One input file as read: what it was read as, how many records, its warnings, its hash."""

    path: str
    format: str
    records: int
    sha256: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unlisted:
    """Assets a run counts without listing them in `findings`: the bulk engine lists only the
    assets that are not clear (and none when no output needs them)."""

    counts: Mapping[str, int] = field(default_factory=dict)
    """Per status."""
    clear_by_site: Mapping[str, int] = field(default_factory=dict)
    """Clear ones per site (the first site among the asset's records; '' when none has one)."""
    clear_by_category: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class InventoryRun:
    """Everything an inventory output rests on: findings, sources, facts version, when, by whom."""

    findings: tuple[Finding, ...]
    sources: tuple[SourceFacts, ...]
    kb: KnowledgeBase
    as_of: dt.date
    started: dt.datetime
    """UTC."""
    inquirer: str
    tool_version: str
    command: str = ""
    records: int = 0
    finished: dt.datetime | None = None
    warnings: tuple[str, ...] = field(default=())
    unlisted: Unlisted | None = None
    """Assets counted but not in `findings` (None: `findings` holds every asset)."""

    @property
    def assets(self) -> int:
        """Every asset, listed or counted."""
        return len(self.findings) + sum(self.unlisted.counts.values() if self.unlisted else ())

    @property
    def counts(self) -> dict[str, int]:
        """Assets per status, every status present (most serious first)."""
        found = Counter(f.status.value for f in self.findings)
        if self.unlisted:
            found.update(self.unlisted.counts)
        return {status.value: found.get(status.value, 0) for status in STATUS_ORDER}

    @property
    def flagged(self) -> list[Finding]:
        """Covered and possible assets, covered first, then by asset id."""
        chosen = [f for f in self.findings if f.status in FLAGGED]
        return sorted(chosen, key=lambda f: (STATUS_ORDER.index(f.status), f.asset.asset_id))

    @property
    def not_clear(self) -> list[Finding]:
        """Every asset that is not clear, most serious first."""
        chosen = [f for f in self.findings if f.status != DeviceStatus.CLEAR]
        return sorted(chosen, key=lambda f: (STATUS_ORDER.index(f.status), f.asset.asset_id))

    def entity_name(self, entity_id: str | None) -> str:
        """The covered entity's legal name, or the id when the knowledge base lacks it."""
        if not entity_id:
            return ""
        entity = self.kb.entities.get(entity_id)
        return entity.name if entity is not None else entity_id


def evidence_object(evidence: DeviceEvidence) -> dict[str, str | None]:
    """One piece of evidence as a JSON object: its sentence, and the facts it is built from."""
    return {
        "text": sentence(evidence),
        "signal": evidence.signal.value,
        "value": evidence.value,
        "matched": evidence.matched,
        "entity_id": evidence.entity_id,
        "party_id": evidence.party_id,
        "status": evidence.status.value,
        "source": evidence.source,
        "record": evidence.record,
    }


def asset_field(finding: Finding, attribute: str) -> str:
    """The first non-empty value of a record field across the asset's records."""
    return finding.asset.first(attribute)
