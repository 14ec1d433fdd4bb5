"""Read back an output of `screen vendors` (CSV, JSON or XLSX), for `screen diff`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from section889.errors import InputError
from section889.files import restore
from section889.readers.csv_source import CsvSource
from section889.readers.sniff import read_sample
from section889.readers.xlsx_source import XlsxSource

KEY_COLUMNS = ("row", "input_name", "status", "entity_id", "matched_name")
"""Columns a file must have to be compared: the key (row, input_name) and what is compared."""


@dataclass(frozen=True, slots=True)
class OutputRow:
    """The compared part of one output row."""

    row: int
    input_name: str
    status: str
    entity_id: str
    matched_name: str

    @property
    def key(self) -> tuple[int, str]:
        """Rows of two runs over the same list are paired by input row number and name."""
        return (self.row, self.input_name)


def read_screen_output(path: Path | str) -> Iterator[OutputRow]:
    """Yield the rows of a `screen vendors` output; InputError when it is not one."""
    path = Path(path)
    sample = read_sample(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from _json_rows(path)
        return
    if suffix == ".xlsx" or sample.startswith(b"PK\x03\x04"):
        source: CsvSource | XlsxSource = XlsxSource(path)
    elif suffix == ".csv":
        source = CsvSource(path, sample)
    else:
        raise InputError("outputs to compare must be .csv, .json or .xlsx files", path=path)
    try:
        at = _positions(path, source.header)
        for number, record in source.records():
            cells = ["" if c is None else str(c) for c in record]  # type: ignore[attr-defined]
            yield _row(path, number, [cells[i] if i < len(cells) else "" for i in at])
    finally:
        source.close()


def _positions(path: Path, header: list[str]) -> list[int]:
    missing = [c for c in KEY_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"is not an output of `section889 screen vendors`: no column(s) {', '.join(missing)}",
            path=path,
        )
    return [header.index(c) for c in KEY_COLUMNS]


def _json_rows(path: Path) -> Iterator[OutputRow]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"is not a JSON output of `screen vendors` ({exc})", path=path) from None
    if not isinstance(data, list) or (data and not isinstance(data[0], dict)):
        raise InputError(
            "is not a JSON output of `screen vendors` (expected a list of rows)", path=path
        )
    if data:
        _positions(path, list(data[0]))
    for number, item in enumerate(data, start=1):
        cells = ["" if item.get(c) is None else str(item.get(c)) for c in KEY_COLUMNS]
        yield _row(path, number, cells)


def _row(path: Path, number: int, cells: list[str]) -> OutputRow:
    row, name, status, entity, matched = (restore(c) for c in cells)
    try:
        row_number = int(float(row))
    except ValueError:
        raise InputError(
            f"row {number}: column 'row' holds {row!r}, not a number", path=path
        ) from None
    return OutputRow(row_number, name, status, entity, matched)
