"""The one SAM exclusion look-up: by UEI and CAGE in a local snapshot, memoised per look-up.

Used by determinations (`SamLookup.snapshot_facts`, the engine's `rules.context.SamLookup`) and
by vendor screening (`SamExclusions.finding`). Which records are in force and how they are
described is `sam.records` (`active_exclusions`, `describe_exclusions`); this module only asks
the snapshot and remembers the answers for as long as the look-up object lives (one batch or
one screening run), never in a module global.
"""

from __future__ import annotations

import datetime as dt
import threading

from section889.sam.records import (
    Exclusion,
    SamSnapshotFacts,
    SnapshotEntity,
    active_exclusions,
    describe_exclusions,
)
from section889.store.sam_snapshot import Snapshot

MEMO_LIMIT = 100_000
"""Answers a look-up keeps before it starts again."""
SAM_SHOWN = 3
"""Exclusion records a screening row names; more are counted."""


class SamLookup:
    """Exclusions and entity rows of one snapshot, looked up once per key."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.snapshot_id = snapshot.snapshot_id
        self.has_entities = snapshot.has("entities")
        self.has_exclusions = snapshot.has("exclusions")
        self._lock = threading.Lock()
        self._exclusions: dict[tuple[str, str], tuple[Exclusion, ...]] = {}
        self._entities: dict[str, SnapshotEntity | None] = {}

    def exclusions(self, uei: str, cage: str) -> tuple[Exclusion, ...]:
        """Every record listed for the UEI or the CAGE (either may be ""), in or out of force."""
        key = (uei.strip().upper(), cage.strip().upper())
        with self._lock:
            found = self._exclusions.get(key)
        if found is None:
            found = tuple(self.snapshot.exclusions(uei=key[0] or None, cage=key[1] or None))
            with self._lock:
                if len(self._exclusions) >= MEMO_LIMIT:
                    self._exclusions.clear()
                self._exclusions[key] = found
        return found

    def entity(self, uei: str) -> SnapshotEntity | None:
        """The UEI's entity row (None when the snapshot has no entity extract or lacks it)."""
        key = uei.strip().upper()
        if not key or not self.has_entities:
            return None
        with self._lock:
            if key in self._entities:
                return self._entities[key]
        found = self.snapshot.entity(key)
        with self._lock:
            if len(self._entities) >= MEMO_LIMIT:
                self._entities.clear()
            self._entities[key] = found
        return found

    def snapshot_facts(self, uei: str, cage: str) -> SamSnapshotFacts | None:
        """What the snapshot shows for an offeror: its records and, by UEI, its entity row."""
        uei, cage = uei.strip().upper(), cage.strip().upper()
        if not uei and not cage:
            return None
        return SamSnapshotFacts(
            snapshot_id=self.snapshot_id,
            date=self.snapshot.date,
            uei=uei,
            cage=cage,
            exclusions=self.exclusions(uei, cage),
            has_entities=self.has_entities,
            entity=self.entity(uei) if uei else None,
        )


class SamExclusions:
    """A screening run's exclusion findings per row, from one snapshot's exclusions extract.

    A row's finding says what the snapshot's exclusions extract lists on the as-of date, never
    more: "listed in the SAM exclusions extract: <type>, <agency> (SAM snapshot <date>)", or ""
    when it lists nothing in force for the row's UEI or CAGE. A UEI-only row is also looked up
    by the CAGE its SAM registration gives, when the snapshot holds the entity extract. The
    snapshot stays the caller's to close.
    """

    def __init__(self, snapshot: Snapshot, as_of: dt.date) -> None:
        self.snapshot = snapshot
        self.as_of = as_of
        self.day = snapshot.date.isoformat()
        self._lookup = SamLookup(snapshot)
        self._memo: dict[tuple[str | None, str | None], str] = {}

    def finding(self, identifiers: dict[str, str] | None) -> str | None:
        """The row's finding, or None when the row has neither a UEI nor a CAGE."""
        uei = (identifiers or {}).get("uei")
        cage = (identifiers or {}).get("cage")
        if not uei and not cage:
            return None
        key = (uei.upper() if uei else None, cage.upper() if cage else None)
        found = self._memo.get(key)
        if found is None:
            found = self._look_up(*key)
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _look_up(self, uei: str | None, cage: str | None) -> str:
        if uei and not cage:
            entity = self._lookup.entity(uei)
            cage = entity.cage if entity is not None else None
        records = active_exclusions(self._lookup.exclusions(uei or "", cage or ""), self.as_of)
        if not records:
            return ""
        shown = describe_exclusions(records, SAM_SHOWN, brief=True)
        return f"listed in the SAM exclusions extract: {shown} (SAM snapshot {self.day})"


def sam_exclusions(snapshot: Snapshot | None, as_of: dt.date) -> SamExclusions | None:
    """Exclusion findings over `snapshot` when it holds an exclusions extract, else None."""
    if snapshot is None or not snapshot.has("exclusions"):
        return None
    return SamExclusions(snapshot, as_of)
