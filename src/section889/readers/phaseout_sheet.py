"""Read back a filled-in phase-out plan sheet (XLSX or CSV), with its row numbers.

The sheet is the one `reports.phaseout_sheet` writes beside an inventory output; the user fills
`replacement`, `owner`, `target_date` and `notes`. XLSX is read with `readers.xlsx_source` (the
active sheet), CSV with `readers.csv_source` (any common encoding and delimiter, so a sheet
re-saved by a spreadsheet in a `;` locale still reads), and neutralised cells get their text back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from section889.errors import InputError
from section889.files import restore
from section889.readers.columns import header_key
from section889.readers.csv_source import CsvSource
from section889.readers.records import RecordSource, Unreadable
from section889.readers.sniff import read_sample
from section889.readers.xlsx_source import XlsxSource

REQUIRED_COLUMNS = ("asset_id", "replacement", "owner", "target_date")
"""Columns a sheet must have (the writer's `PHASEOUT_COLUMNS` include them)."""
_SUFFIXES = (".xlsx", ".csv", ".txt")


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a filled-in sheet, as read back."""

    row: int
    """Spreadsheet row number (the header is row 1 when it is on the first line)."""
    cells: dict[str, str]
    """Column → text; columns named as the sheet names them (`target_date`), case-blind."""


def read_phaseout_sheet(path: Path) -> list[PlanRow]:
    """Rows of a filled-in sheet, blank rows skipped; InputError when it cannot be read as one.

    The error names the file, and the row for a row that cannot be read.
    """
    if not path.is_file():
        raise InputError("no such file", path=path)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"cannot read {suffix or 'no extension'!r}; use .xlsx or .csv", path=path)
    sample = read_sample(path)
    if not sample.strip():
        raise InputError("empty: no header row", path=path)
    source: RecordSource
    if sample.startswith(b"PK\x03\x04"):
        source = XlsxSource(path)
    elif suffix == ".xlsx":
        raise InputError("not a readable .xlsx workbook (it is not a zip file)", path=path)
    else:
        source = CsvSource(path, sample)
    try:
        return list(_rows(path, source))
    finally:
        source.close()


def _rows(path: Path, source: RecordSource) -> Iterator[PlanRow]:
    names = _column_names(source.header)
    if not any(names):
        raise InputError("empty: no header row", path=path)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"not a phase-out sheet: missing column(s) {', '.join(missing)}", path=path
        )
    first = getattr(source, "header_row", 1)
    for number, values in source.records():
        row = first + number
        if isinstance(values, Unreadable):
            raise InputError(f"row {row}: {values}", path=path)
        cells = [_text(v) for v in values] if isinstance(values, Sequence) else []
        if not any(c.strip() for c in cells):
            continue
        yield PlanRow(
            row,
            {
                name: restore(cells[i].strip()) if i < len(cells) else ""
                for i, name in enumerate(names)
                if name
            },
        )


def _column_names(header: Sequence[str]) -> list[str]:
    """The sheet's columns by name: ours as we spell them (`Target Date` ~ `target_date`)."""
    ours = {header_key(name): name for name in (*REQUIRED_COLUMNS, "notes")}
    return [ours.get(header_key(cell), cell.strip().casefold()) for cell in header]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
