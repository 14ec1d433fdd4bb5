"""The output of `screen diff`: the changed rows as CSV, JSON or XLSX, written all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from section889.reports.tables import open_table

DIFF_COLUMNS = (
    "row",
    "input_name",
    "change",
    "old_status",
    "new_status",
    "old_entity_id",
    "new_entity_id",
    "old_matched_name",
    "new_matched_name",
)


def write_diff(rows: Iterable[Sequence[object]], out: Path) -> None:
    """Write the changed rows (each in `DIFF_COLUMNS` order) to `out`."""
    table = open_table(out, DIFF_COLUMNS)
    try:
        for cells in rows:
            table.write(cells)
        table.commit()
    except BaseException:
        table.discard()
        raise
