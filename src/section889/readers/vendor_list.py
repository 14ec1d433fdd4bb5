"""A supplier list as a stream of rows: name, identifiers, row number, or why a row is unusable.

`open_vendor_list` picks the format (CSV, XLSX, JSON lines), the encoding and the columns; iterating
the result yields one `VendorRow` per data row without holding the file in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from section889.errors import InputError
from section889.readers.columns import (
    clean_identifier,
    find_column,
    find_id_columns,
    find_name_column,
    identifier_scheme,
)
from section889.readers.csv_source import CsvSource
from section889.readers.jsonl_source import JsonlSource
from section889.readers.records import RecordSource, Unreadable
from section889.readers.sniff import FileFormat, detect_format, read_sample
from section889.readers.xlsx_source import XlsxSource

MAX_NAME_CHARS = 1_000
"""Longest vendor name accepted; a longer cell is reported as an invalid row."""


@dataclass(frozen=True, slots=True)
class VendorRow:
    """One data row: its 1-based number, the name to screen, its identifiers, or why it is bad."""

    row: int
    name: str
    id_value: str | None = None
    """The cell of the `--id-column`, as written in the input."""
    identifiers: dict[str, str] | None = None
    """Scheme → value (`uei`, `cage`, `lei`, `ticker`) handed to the matcher."""
    problem: str | None = None
    """Why the row cannot be screened (empty name, not text, too long …); None when it can."""


class VendorList:
    """An open supplier list; iterate it once for its rows, then close it (or use `with`)."""

    def __init__(
        self, source: RecordSource, name_at: int, id_at: int | None, auto_ids: dict[str, int]
    ) -> None:
        self.source = source
        self.path = source.path
        self.format = source.format
        self.header = source.header
        self.name_column = source.header[name_at]
        self.id_column = source.header[id_at] if id_at is not None else None
        self.auto_id_columns = {scheme: source.header[at] for scheme, at in auto_ids.items()}
        # JSON objects are read by key, CSV and XLSX rows by position.
        keyed = source.format == FileFormat.JSONL

        def accessor(at: int) -> int | str:
            return source.header[at] if keyed else at

        self._name_at = accessor(name_at)
        self._id_at = None if id_at is None else accessor(id_at)
        self._auto = [(scheme, accessor(at)) for scheme, at in auto_ids.items()]

    def __iter__(self) -> Iterator[VendorRow]:
        name_at, id_at, auto = self._name_at, self._id_at, self._auto
        with_ids = id_at is not None or bool(auto)
        column = self.name_column
        for number, record in self.source.records():
            if record.__class__ is Unreadable:
                yield VendorRow(number, "", problem=str(record))
                continue
            try:
                raw = record[name_at]  # type: ignore[index]
            except (IndexError, KeyError):
                yield VendorRow(number, "", problem=f"no {column!r} value in this row")
                continue
            if raw.__class__ is not str:
                if raw is None:
                    yield VendorRow(number, "", problem=f"empty name in column {column!r}")
                else:
                    yield VendorRow(number, "", problem=_not_text(raw, column))
                continue
            name = raw.strip()
            problem = None
            if not name:
                problem = f"empty name in column {column!r}"
            elif len(name) > MAX_NAME_CHARS:
                problem = f"name is longer than {MAX_NAME_CHARS:,} characters ({len(name):,})"
                name = name[:80] + "…"
            elif "\x00" in name:
                problem = "name holds a NUL byte (a binary file, or UTF-16 without a BOM?)"
            elif "\ufffd" in name:
                problem = (
                    f"name holds bytes that are not valid {self.source.encoding or 'text'} "
                    "(mixed encodings?)"
                )
            if not with_ids:
                yield VendorRow(number, name, problem=problem)
                continue
            id_value, identifiers = self._identifiers(record, id_at, auto)
            yield VendorRow(number, name, id_value, identifiers, problem)

    def progress(self) -> float | None:
        """Share of the input consumed, for a progress bar (None when unknown)."""
        return self.source.progress()

    def close(self) -> None:
        """Release the file."""
        self.source.close()

    def __enter__(self) -> VendorList:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def describe(self) -> str:
        """One line naming the format and the columns used, for summaries and run records."""
        parts = [self.format]
        if self.source.encoding:
            parts.append(self.source.encoding)
        if self.source.delimiter:
            parts.append(f"delimiter {self.source.delimiter!r}")
        ids = [f"{scheme} from {col!r}" for scheme, col in self.auto_id_columns.items()]
        if self.id_column:
            ids.insert(0, f"identifiers from {self.id_column!r}")
        return f"{', '.join(parts)}; names from {self.name_column!r}" + (
            f"; {', '.join(ids)}" if ids else ""
        )

    @staticmethod
    def _identifiers(
        record: object, id_at: int | str | None, auto: list[tuple[str, int | str]]
    ) -> tuple[str | None, dict[str, str] | None]:
        found: dict[str, str] = {}
        id_value = None
        for scheme, at in auto:
            try:
                value = clean_identifier(record[at])  # type: ignore[index]
            except (IndexError, KeyError):
                continue
            if value is not None:
                found[scheme] = value
        if id_at is not None:
            raw = _raw_cell(record, id_at)
            id_value = None if raw is None else str(raw).strip()
            value = clean_identifier(raw)
            if value is not None:
                found.setdefault(identifier_scheme(value), value)
        return id_value, found or None


def open_vendor_list(
    path: Path | str, *, name_column: str | None = None, id_column: str | None = None
) -> VendorList:
    """Open a CSV, XLSX or JSON-lines supplier list and find its name and identifier columns.

    Raises InputError (naming the file) when the file is missing, unreadable, of an unknown
    format, or has no recognisable name column — the message then lists the columns present.
    """
    path = Path(path)
    sample = read_sample(path)
    kind = detect_format(path, sample)
    source: RecordSource
    if kind == FileFormat.XLSX:
        source = XlsxSource(path)
    elif kind == FileFormat.JSONL:
        source = JsonlSource(path, sample)
    else:
        source = CsvSource(path, sample)
    try:
        return _bind_columns(source, name_column, id_column)
    except InputError:
        source.close()
        raise


def _bind_columns(
    source: RecordSource, name_column: str | None, id_column: str | None
) -> VendorList:
    header = source.header
    present = ", ".join(repr(h) for h in header if h) or "none"
    if not header:
        raise InputError("has no header row (it may be empty)", path=source.path)
    name_at = find_name_column(header, name_column)
    if name_at is None:
        if name_column is not None:
            raise InputError(
                f"no column {name_column!r}; columns present: {present}", path=source.path
            )
        raise InputError(
            f"no vendor-name column found; columns present: {present}. "
            "Name the column with --name-column",
            path=source.path,
        )
    id_at = None
    if id_column is not None:
        id_at = find_column(header, id_column)
        if id_at is None:
            raise InputError(
                f"no column {id_column!r}; columns present: {present}", path=source.path
            )
    skip = {name_at} | ({id_at} if id_at is not None else set())
    return VendorList(source, name_at, id_at, find_id_columns(header, skip))


def _raw_cell(record: object, at: int | str) -> object:
    try:
        return record[at]  # type: ignore[index]
    except (IndexError, KeyError):
        return None


def _not_text(value: object, column: str) -> str:
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, int | float):
        kind = "number"
    elif isinstance(value, dict):
        kind = "JSON object"
    elif isinstance(value, list):
        kind = "JSON list"
    else:
        kind = type(value).__name__
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return f"name in column {column!r} is a {kind} ({shown}), not text"
