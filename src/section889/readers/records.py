"""What every format module yields: a header, then (row number, record) pairs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class Unreadable(str):
    """A record that cannot be used (bad JSON, oversized line, stray cells); the text says why."""

    __slots__ = ()


class RecordSource(Protocol):
    """A header and (row number, record) pairs; a record is indexed by column position or key."""

    path: Path
    format: str
    encoding: str
    delimiter: str
    header: list[str]

    def records(self) -> Iterator[tuple[int, object]]: ...
    def progress(self) -> float | None: ...
    def close(self) -> None: ...
