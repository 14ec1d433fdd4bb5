"""The phase-out plan sheet: one row per covered or possible asset, four columns for the user.

Written as XLSX beside an inventory output (`<stem>.phaseout.xlsx`), with a frozen header, an
autofilter and the status coloured; the user fills `replacement`, `owner`, `target_date` and
`notes`, and `section889 phaseout check` reads it back (`readers.phaseout_sheet`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from section889.files import AtomicFile, neutralise
from section889.reports.inventory_run import InventoryRun, asset_field
from section889.reports.tables import style_sheet

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


def write_phaseout_sheet(path: Path, run: InventoryRun) -> AtomicFile:
    """Write the sheet to a temp file beside `path`; the caller commits it."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

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
        style_sheet(sheet, PHASEOUT_COLUMNS, len(run.flagged))
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
