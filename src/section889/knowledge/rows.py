"""Read knowledge-base CSV files row by row and turn cells into checked values.

Every helper raises DataError naming the file, line and field, so a bad fact is found by its
address, never by a stack trace.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from section889.errors import DataError
from section889.knowledge.models import Confidence, FuzzyDate, Provenance

E = TypeVar("E", bound=StrEnum)
Row = tuple[int, dict[str, str]]
"""(line number in the file, cells by column name, stripped)."""


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Yield (line number, row) of a CSV file, refusing missing columns and ragged rows."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise DataError("file is missing", path=path) from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataError(
                    f"missing column(s) {', '.join(missing)}; found {header}", path=path, line=1
                )
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise DataError(
                        "row has a different number of cells than the header",
                        path=path,
                        line=reader.line_num,
                    )
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text ({exc.reason})", path=path) from None


def required(row: Row, fld: str, path: Path) -> str:
    """The cell `fld`, which must not be empty."""
    line, cells = row
    value = cells.get(fld, "")
    if not value:
        raise DataError("must not be empty", path=path, line=line, field=fld)
    return value


def enum_cell(kind: type[E], row: Row, fld: str, path: Path) -> E:
    """The cell `fld` as a member of `kind`; the error lists the allowed values."""
    value = required(row, fld, path)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise DataError(
            f"{value!r} is not one of: {allowed}", path=path, line=row[0], field=fld
        ) from None


def date_cell(row: Row, fld: str, path: Path) -> FuzzyDate | None:
    """The cell `fld` as a date known to the day, month or year; None when empty."""
    value = row[1].get(fld, "")
    if not value:
        return None
    try:
        return FuzzyDate.parse(value)
    except ValueError as exc:
        raise DataError(str(exc), path=path, line=row[0], field=fld) from None


def provenance(row: Row, path: Path, layer: str) -> Provenance:
    """Where the row's fact comes from: its `source` and `confidence` cells, file and line."""
    return Provenance(
        source=required(row, "source", path),
        confidence=enum_cell(Confidence, row, "confidence", path),
        file=path.name,
        line=row[0],
        layer=layer,
    )
