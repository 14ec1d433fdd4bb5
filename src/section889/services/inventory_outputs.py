"""What `screen inventory` writes: the per-asset table or the laydown at `out`, and beside it the
phase-out sheet, the reasonable-inquiry record (JSON + PDF) and the 52.204-24(e) disclosure,
each to a temp file first and all renamed together at the end (a failure leaves none behind)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from section889.errors import InputError
from section889.files import Pending, commit_all, discard_all
from section889.reports.disclosure import write_disclosure
from section889.reports.inquiry_record import write_inquiry_json, write_inquiry_pdf
from section889.reports.inventory_run import InventoryRun
from section889.reports.inventory_table import write_inventory_table
from section889.reports.laydown import write_laydown
from section889.reports.phaseout_sheet import write_phaseout_sheet
from section889.reports.tables import OUTPUT_TYPES

INVENTORY_OUTPUT_TYPES = (*OUTPUT_TYPES, ".html")
"""`--out` extensions: the per-asset table (.csv/.json/.xlsx) or the laydown (.html)."""
SIDE_SUFFIXES = (".phaseout.xlsx", ".inquiry.json", ".inquiry.pdf", ".disclosure.csv")
"""Files written beside `--out`, named `<out stem><suffix>`."""


def side_paths(out: Path) -> list[Path]:
    """The files written beside `out`: `<stem>.phaseout.xlsx`, `.inquiry.json/.pdf`, …"""
    return [out.with_name(out.stem + suffix) for suffix in SIDE_SUFFIXES]


def check_inventory_output(out: Path) -> None:
    """InputError unless `out` has an extension we write (before any work is done)."""
    suffix = out.suffix.lower()
    if suffix not in INVENTORY_OUTPUT_TYPES:
        shown = suffix or "no extension"
        raise InputError(
            f"cannot write {shown!r} files; use one of {', '.join(INVENTORY_OUTPUT_TYPES)}",
            path=out,
        )
    if not out.parent.is_dir():
        raise InputError(f"directory {str(out.parent)!r} does not exist", path=out)


def write_outputs(
    out: Path, run: InventoryRun, *, table: Pending | None = None, side_files: bool = True
) -> list[Path]:
    """Write `out` (or put `table` there, already written) and its side files to temps, then
    rename them all; on failure, none remain."""
    phaseout, inquiry_json, inquiry_pdf, disclosure = side_paths(out)
    main = write_laydown if out.suffix.lower() == ".html" else write_inventory_table
    steps: list[tuple[Path, Callable[[Path, InventoryRun], Pending]]] = []
    if table is None:
        steps.append((out, main))
    if side_files:
        steps += [
            (phaseout, write_phaseout_sheet),
            (inquiry_json, write_inquiry_json),
            (inquiry_pdf, write_inquiry_pdf),
            (disclosure, write_disclosure),
        ]
    pending: list[Pending] = [table] if table is not None else []
    try:
        for path, write in steps:
            pending.append(write(path, run))
    except BaseException:
        discard_all(pending)
        raise
    commit_all(pending)
    return [out, *(path for path, _ in steps if path != out)]
