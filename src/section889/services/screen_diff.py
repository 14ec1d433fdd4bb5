"""Compare two outputs of `screen vendors` (after a knowledge-base update, say): what changed.

Rows are paired by (row number, input name); a row is listed when its status, entity or matched
name differ, or when it is only on one side. `reports.screen_diff.write_diff` writes the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from section889.readers import read_screen_output
from section889.readers.screen_output import OutputRow
from section889.readers.source import SourceLike, as_source


class Change(StrEnum):
    """How a row differs between the old and the new output."""

    CHANGED = "changed"
    ADDED = "added"
    """Only in the new output (the list grew, or a row's name changed)."""
    REMOVED = "removed"
    """Only in the old output."""


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row that differs; `old`/`new` are None when the row is missing on that side."""

    row: int
    input_name: str
    change: Change
    old: OutputRow | None
    new: OutputRow | None

    def cells(self) -> list[object]:
        """The row in `reports.screen_diff.DIFF_COLUMNS` order."""
        old, new = self.old, self.new
        return [
            self.row,
            self.input_name,
            self.change.value,
            old.status if old else None,
            new.status if new else None,
            (old.entity_id or None) if old else None,
            (new.entity_id or None) if new else None,
            (old.matched_name or None) if old else None,
            (new.matched_name or None) if new else None,
        ]


def _compared(row: OutputRow) -> tuple[str, str, str]:
    return (row.status, row.entity_id, row.matched_name)


def diff_outputs(old: Iterable[OutputRow], new: Iterable[OutputRow]) -> list[RowChange]:
    """Rows whose status, entity_id or matched_name differ, keyed by (row, input_name), by row."""
    before = {row.key: row for row in old}
    changes: list[RowChange] = []
    for row in new:
        previous = before.pop(row.key, None)
        if previous is None:
            changes.append(RowChange(row.row, row.input_name, Change.ADDED, None, row))
        elif _compared(previous) != _compared(row):
            changes.append(RowChange(row.row, row.input_name, Change.CHANGED, previous, row))
    changes.extend(
        RowChange(row.row, row.input_name, Change.REMOVED, row, None) for row in before.values()
    )
    changes.sort(key=lambda c: (c.row, c.input_name, c.change != Change.REMOVED))
    return changes


def diff_screen_files(old: SourceLike, new: SourceLike) -> list[RowChange]:
    """Rows whose status, entity or matched name changed between two outputs."""
    with as_source(old).local_path() as before, as_source(new).local_path() as after:
        return diff_outputs(read_screen_output(before), read_screen_output(after))
