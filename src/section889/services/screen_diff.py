"""Compare two outputs of `screen vendors` (after a knowledge-base update, say): what changed."""

from __future__ import annotations

from pathlib import Path

from section889.readers import read_screen_output
from section889.reports import (
    DIFF_COLUMNS,
    RowChange,
    check_output_path,
    diff_outputs,
    open_table,
)


def diff_screen_files(old: Path, new: Path, out: Path | None = None) -> list[RowChange]:
    """Rows whose status, entity or matched name changed between two outputs; saved to `out`."""
    if out is not None:
        check_output_path(out)
    changes = diff_outputs(read_screen_output(old), read_screen_output(new))
    if out is not None:
        table = open_table(out, DIFF_COLUMNS)
        try:
            for change in changes:
                table.write(change.cells())
            table.commit()
        except BaseException:
            table.discard()
            raise
    return changes
