"""SAM use cases behind `section889 sam …`: what entities represented in SAM, and building the
dated local snapshot of the SAM extracts.

Both take sources (a path, or bytes with a name) and return values; writing the check's output
is a renderer step (`reports.sam_record.write_sam_check`). After `build_sam_snapshot` a face
calls `holder.reload()` so that the next runtime opens the new snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from section889.errors import InputError
from section889.readers.sam_entities import read_sam_entities
from section889.readers.sam_extracts import read_entity_extract, read_exclusions_extract
from section889.readers.source import Source, SourceLike, as_source
from section889.sam.entity import SamEntity
from section889.sam.records import SnapshotSource
from section889.store.sam_snapshot import Extract, Snapshot, build_snapshot


@dataclass(frozen=True, slots=True)
class SamCheck:
    """The entities of one SAM JSON input as of a date, with their status counts."""

    entities: list[SamEntity]
    as_of: dt.date

    @property
    def counts(self) -> dict[str, int]:
        """Status → number of entities, sorted by status."""
        return dict(sorted(Counter(e.status.value for e in self.entities).items()))

    @property
    def selectable(self) -> int:
        """Entities that represented 'does not' to both, are active and are not excluded."""
        return sum(e.selectable for e in self.entities)


@dataclass(frozen=True, slots=True)
class BuiltSnapshot:
    """A snapshot just built: where it is, its date and what it was built from."""

    path: Path
    date: dt.date
    built_at: str | None
    sources: list[SnapshotSource]


def check_sam_entities(source: SourceLike, *, as_of: dt.date | None = None) -> SamCheck:
    """Read SAM Entity API v3 JSON and judge each entity as of `as_of` (default today)."""
    day = as_of or dt.date.today()
    src = as_source(source)
    entities = read_sam_entities(src, as_of=day)
    if not entities:
        raise InputError("no entity records found", path=src.name)
    return SamCheck(entities, day)


def build_sam_snapshot(
    sam_dir: Path,
    *,
    entities: SourceLike | None = None,
    exclusions: SourceLike | None = None,
    as_of: dt.date | None = None,
) -> BuiltSnapshot:
    """Build `<sam_dir>/snapshot-<as_of>.sqlite` from the extracts (each a path or an upload)
    and say what was built; an unreadable extract leaves the previous snapshot as it was."""
    if entities is None and exclusions is None:
        raise InputError("give --entities, --exclusions or both")
    entity_extract = exclusion_extract = None
    if entities is not None:
        src = as_source(entities)
        entity_extract = Extract(_name(src), _sha256(src), read_entity_extract(src))
    if exclusions is not None:
        src = as_source(exclusions)
        exclusion_extract = Extract(_name(src), _sha256(src), read_exclusions_extract(src))
    path = build_snapshot(
        sam_dir,
        as_of=as_of or dt.date.today(),
        entities=entity_extract,
        exclusions=exclusion_extract,
    )
    with Snapshot(path) as built:
        return BuiltSnapshot(path, built.date, built.built_at, list(built.sources))


def _name(source: Source) -> str:
    return Path(source.name).name


def _sha256(source: Source) -> str:
    """The source's hash (an InputError when the file is missing or a directory)."""
    with source.open():
        pass
    return source.sha256()
