"""The phase-out plan sheet: one row per covered or possible asset, four columns for the user.

Written as XLSX beside an inventory output (`<stem>.phaseout.xlsx`); the user fills
`replacement`, `owner`, `target_date` and `notes`, and `section889 phaseout check` reads it back
(XLSX or CSV) with row numbers kept.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from section889.errors import InputError
from section889.files import AtomicFile, neutralise, restore
from section889.reports.inventory_run import InventoryRun, asset_field

PHASEOUT_COLUMNS = (
    "asset_id",
    "hostname",
    "site",
    "entity_id",
    "manufacturer",
    "model",
    "status",
    "replacement",
    "owner",
    "target_date",
    "notes",
)
USER_COLUMNS = ("replacement", "owner", "target_date", "notes")
"""Left blank for the user to fill."""
_WIDTHS = {"asset_id": 14, "hostname": 24, "model": 24, "replacement": 30, "notes": 40}


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of a filled-in sheet, as read back."""

    row: int
    """Spreadsheet row number (the header is row 1)."""
    cells: dict[str, str]


def write_phaseout_sheet(path: Path, run: InventoryRun) -> AtomicFile:
    """Write the sheet to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        book = Workbook()
        sheet: Any = book.active
        sheet.title = "phase-out plan"
        sheet.append(list(PHASEOUT_COLUMNS))
        for index, column in enumerate(PHASEOUT_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column, 16)
        sheet.freeze_panes = "A2"
        for finding in run.flagged:
            cells = [
                finding.asset.asset_id,
                asset_field(finding, "hostname"),
                asset_field(finding, "site"),
                finding.entity_id or "",
                asset_field(finding, "manufacturer"),
                asset_field(finding, "model"),
                finding.status.value,
                "",
                "",
                "",
                "",
            ]
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(c)) for c in neutralise(cells)])
        about: Any = book.create_sheet("about")
        about.column_dimensions["A"].width = 20
        about.column_dimensions["B"].width = 100
        for key, value in (
            ("what", "Section 889 phase-out plan (FAR 4.2104(a)(1)(ii)): fill replacement, "
                     "owner, target_date (YYYY-MM-DD) and notes; check with "
                     "`section889 phaseout check FILE`"),
            ("knowledge base", run.kb.version.describe()),
            ("as of", run.as_of.isoformat()),
            ("section889", run.tool_version),
        ):  # fmt: skip
            about.append(neutralise((key, value)))
        book.save(target.temp)
    except BaseException:
        target.discard()
        raise
    return target


def read_phaseout_sheet(path: Path) -> list[PlanRow]:
    """Rows of a filled-in sheet (XLSX: the first worksheet; CSV), with their row numbers.

    InputError when the file cannot be read or lacks one of the sheet's columns.
    """
    if not path.is_file():
        raise InputError("no such file", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise InputError(f"cannot read {suffix or 'no extension'!r}; use .xlsx or .csv", path=path)
    if not rows:
        raise InputError("empty: no header row", path=path)
    header = [cell.strip().casefold() for cell in rows[0]]
    missing = [c for c in ("asset_id", *USER_COLUMNS[:3]) if c not in header]
    if missing:
        raise InputError(
            f"not a phase-out sheet: missing column(s) {', '.join(missing)}", path=path
        )
    plan: list[PlanRow] = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {
            name: restore(values[i].strip()) if i < len(values) else ""
            for i, name in enumerate(header)
        }
        plan.append(PlanRow(number, cells))
    return plan


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path) -> list[list[str]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", path=path) from None
    try:
        sheet: Any = book.worksheets[0]
        return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"not a readable UTF-8 CSV ({exc})", path=path) from None
