"""Write rows of a fixed set of columns as CSV, JSON (a list of objects) or XLSX, atomically.

The format follows the output file's extension. Text cells that a spreadsheet would run as a
formula get a leading apostrophe in CSV and XLSX (see `files.neutralise`); JSON keeps them as is.
An XLSX sheet has a frozen header row, an autofilter over the header and its status columns
(`status`, `*_status`) coloured by status (`style_sheet`). Nothing appears at the target path
until `commit()`: a failed run leaves no partial file. openpyxl is imported only by an XLSX
writer.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from section889.errors import InputError
from section889.files import AtomicFile, neutralise

OUTPUT_TYPES = (".csv", ".json", ".xlsx")
"""Output extensions understood; anything else is refused before any work is done."""

XLSX_MAX_ROWS = 1_048_575
"""Data rows that fit on one worksheet (Excel's 1,048,576 rows less the header)."""

_WIDTHS = {"input_name": 40, "matched_name": 40, "explanation": 60, "status": 16}

STATUS_COLOURS = {
    "covered": ("FFC7CE", "9C0006"),
    "possible": ("FFEB9C", "9C5700"),
    "former_affiliate": ("E4D7F5", "5B2C8F"),
    "clear": ("C6EFCE", "006100"),
    "invalid": ("D9D9D9", "404040"),
}
"""Status → (fill, font) colours of status cells: vendor and device statuses share the words."""


def is_status_column(name: str) -> bool:
    """`status`, `old_status`, `new_status` … are coloured by status."""
    return name == "status" or name.endswith("_status")


def style_sheet(sheet: Any, columns: Sequence[str], rows: int) -> None:
    """Autofilter over the header and `rows` data rows; status columns coloured by status.

    Conditional formats, not per-cell fills: they cost nothing per row on a million-row sheet,
    and follow the rows when the user sorts or filters. Freeze the header before the first row
    is written (`sheet.freeze_panes = "A2"`); in a write-only sheet this runs just before saving.
    """
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    for index, name in enumerate(columns, start=1):
        if not is_status_column(name):
            continue
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{max(rows, 1) + 1}"
        for status, (fill, font) in STATUS_COLOURS.items():
            rule = CellIsRule(
                operator="equal",
                formula=[f'"{status}"'],
                fill=PatternFill("solid", start_color=fill, end_color=fill),
                font=Font(color=font),
            )
            sheet.conditional_formatting.add(cells, rule)


class TableWriter(Protocol):
    """Rows in; `commit()` puts the file in place, `discard()` removes what was written."""

    path: Path
    temp: Path

    def write(self, row: Sequence[object]) -> None: ...
    def about(self, facts: Sequence[tuple[str, str]]) -> None: ...
    def close(self) -> None: ...
    def commit(self) -> None: ...
    def discard(self) -> None: ...


def check_output_path(path: Path | str) -> str:
    """The output type of `path` (`.csv`, `.json`, `.xlsx`); InputError naming those supported."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_TYPES:
        shown = suffix or "no extension"
        raise InputError(
            f"cannot write {shown!r} files; use one of {', '.join(OUTPUT_TYPES)}", path=path
        )
    return suffix


def open_table(path: Path | str, columns: Sequence[str]) -> TableWriter:
    """Start writing `columns` to a temp file beside `path`, in the format its extension names."""
    suffix = check_output_path(path)
    target = AtomicFile(path)
    try:
        if suffix == ".csv":
            return CsvTable(target, columns)
        if suffix == ".json":
            return JsonTable(target, columns)
        return XlsxTable(target, columns)
    except BaseException:
        target.discard()
        raise


class _Table:
    def __init__(self, target: AtomicFile) -> None:
        self._target = target
        self.path = target.target
        self.temp = target.temp
        self.closed = False

    def about(self, facts: Sequence[tuple[str, str]]) -> None:
        """Where the format has room for it (a second XLSX sheet), say what the rows rest on.
        CSV and JSON keep to their rows; their run record says it."""

    def close(self) -> None:
        self.closed = True

    def commit(self) -> None:
        if not self.closed:
            self.close()
        self._target.commit()

    def discard(self) -> None:
        try:
            if not self.closed:
                self.close()
        finally:
            self._target.discard()


class CsvTable(_Table):
    """UTF-8 CSV (no BOM), comma-delimited, RFC 4180 quoting."""

    def __init__(self, target: AtomicFile, columns: Sequence[str]) -> None:
        super().__init__(target)
        self._file: IO[str] = self.temp.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(columns)

    def write(self, row: Sequence[object]) -> None:
        self._writer.writerow(neutralise(row))

    def close(self) -> None:
        self._file.close()
        super().close()


class JsonTable(_Table):
    """A JSON list of row objects, written one object per line as rows arrive."""

    def __init__(self, target: AtomicFile, columns: Sequence[str]) -> None:
        super().__init__(target)
        self._columns = tuple(columns)
        self._file: IO[str] = self.temp.open("w", encoding="utf-8")
        self._file.write("[")
        self._separator = "\n"

    def write(self, row: Sequence[object]) -> None:
        self._file.write(self._separator)
        self._file.write(json.dumps(dict(zip(self._columns, row, strict=True)), ensure_ascii=False))
        self._separator = ",\n"

    def close(self) -> None:
        if not self.closed:
            self._file.write("\n]\n")
        self._file.close()
        super().close()


class XlsxTable(_Table):
    """One worksheet (openpyxl write-only): header row, then the rows, then saved on close."""

    def __init__(self, target: AtomicFile, columns: Sequence[str]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.utils import get_column_letter

        super().__init__(target)
        self._illegal = ILLEGAL_CHARACTERS_RE
        self._columns = tuple(columns)
        self._book = Workbook(write_only=True)
        self._sheet: Any = self._book.create_sheet("screened")
        for index, column in enumerate(columns, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column, 14)
        self._sheet.freeze_panes = "A2"
        self._sheet.append(list(columns))
        self._rows = 0
        self._saved = False

    def write(self, row: Sequence[object]) -> None:
        self._rows += 1
        if self._rows > XLSX_MAX_ROWS:
            raise InputError(
                f"more than {XLSX_MAX_ROWS:,} rows do not fit on a .xlsx sheet; write .csv instead",
                path=self.path,
            )
        illegal = self._illegal
        self._sheet.append(
            [illegal.sub("", cell) if cell.__class__ is str else cell for cell in neutralise(row)]
        )

    def about(self, facts: Sequence[tuple[str, str]]) -> None:
        """An `about` sheet: knowledge-base version, as-of date, threshold, input file and hash."""
        sheet: Any = self._book.create_sheet("about")
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 100
        for key, value in facts:
            sheet.append(list(neutralise((key, value))))

    def close(self) -> None:
        if not self.closed:
            style_sheet(self._sheet, self._columns, min(self._rows, XLSX_MAX_ROWS))
            self._book.save(self.temp)
        super().close()

    def discard(self) -> None:
        if not self.closed:
            # Do not save a workbook that is thrown away, but end openpyxl's sheet stream and
            # remove its scratch file in the system temp directory.
            with contextlib.suppress(Exception):
                self._sheet.close()
            writer = getattr(self._sheet, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cleanup()
            self.closed = True
        super().discard()
