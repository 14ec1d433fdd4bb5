"""The facts of one supplier-list screening that every output of it names (pure values).

The service (`services/vendor_screening`) yields a `ScreenedRow` per input row and fills a
`ScreeningSummary`; the output table, its run record and the terminal summary are written from
them, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from section889.knowledge import KBVersion
from section889.matching import ScreenResult

INVALID = "invalid"
"""Status of a row that could not be screened; the explanation says why."""


@dataclass(frozen=True, slots=True)
class ScreenedRow:
    """One input row and what screening it gave: the result, the status shown, adjudication."""

    row: int
    input_name: str
    status: str
    """The status shown: the result's, or as an adjudication changed it, or `invalid`."""
    result: ScreenResult | None = None
    """None for an invalid row."""
    problem: str | None = None
    """Why an invalid row could not be screened."""
    id_value: str | None = None
    """The `--id-column` cell, as written in the input."""
    adjudication: tuple[str | None, str | None, str | None, str | None] | None = None
    """decision, decided_by, decided_on, decision_note — when an adjudications file was given."""
    sam_exclusion: str | None = None
    """What the local SAM snapshot's exclusions extract lists for the row's UEI or CAGE."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A non-clear row, kept for the terminal summary."""

    row: int
    input_name: str
    status: str
    entity_id: str | None
    matched_name: str | None
    score: float
    explanation: str
    decision: str | None = None


@dataclass
class AdjudicationStats:
    """How the adjudications file was used in this run."""

    path: str
    sha256: str
    entries: int
    applied: int = 0
    stale: int = 0
    unused: int = 0


@dataclass(frozen=True, slots=True)
class SamSnapshotInfo:
    """The local SAM snapshot a run consulted for exclusions."""

    date: dt.date
    path: Path
    built_at: str | None
    sources: tuple[tuple[str, str, str, int], ...]
    """(kind, file, sha256, rows) of each extract it was built from."""


@dataclass(frozen=True, slots=True)
class InputFacts:
    """The input as read: its name, what it was read as, its size and hash."""

    name: str
    """The path as given, or the upload's file name."""
    description: str
    bytes: int
    sha256: str
    path: Path | None = None
    """The file on disk, when the input was one."""


@dataclass
class ScreeningSummary:
    """The outcome of one run: counts, the most serious hits, the invalid rows, and provenance."""

    input: InputFacts
    kb_version: KBVersion
    as_of: dt.date
    threshold: float
    started: dt.datetime
    id_column: str | None = None
    """The input's `--id-column`, copied to the output."""
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    top_hits: list[Hit] = field(default_factory=list)
    adjudications: AdjudicationStats | None = None
    sam_snapshot: SamSnapshotInfo | None = None
    """The local SAM snapshot consulted for exclusions, or None when none was."""
    sam_listed: int = 0
    """Rows whose UEI or CAGE the snapshot's exclusions extract lists on the as-of date."""
    finished: dt.datetime | None = None
    seconds: float = 0.0


class ScreeningRun(Protocol):
    """An open screening: iterate it once for its rows; `summary` is complete afterwards."""

    @property
    def summary(self) -> ScreeningSummary: ...

    def __iter__(self) -> Iterator[ScreenedRow]: ...
