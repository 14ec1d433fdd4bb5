"""Stream the first worksheet of an .xlsx workbook (openpyxl read-only) as (row number, cells)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from section889.errors import InputError


class XlsxSource:
    """The rows of the workbook's active sheet after its header (the first non-empty row)."""

    format = "xlsx"
    encoding = ""
    delimiter = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        # An open file, not the path: openpyxl judges a path by its extension, and an export
        # saved as `assets.dat` or `inventory` is still a workbook when its content is one.
        self._handle = path.open("rb")
        try:
            self._book = openpyxl.load_workbook(self._handle, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            self._handle.close()
            raise InputError(f"is not a readable .xlsx workbook ({exc})", path=path) from None
        sheet = self._book.active or self._book.worksheets[0]
        self.sheet = sheet.title
        self._total = sheet.max_row or 0
        self._rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        self._done = 0
        self._number = 0
        self.header: list[str] = []
        for values in self._rows:
            self._done += 1
            if any(v is not None and str(v).strip() for v in values):
                self.header = ["" if v is None else str(v).strip() for v in values]
                break
        self.header_row = self._done
        """The sheet row the header is on (data row N is sheet row `header_row + N`)."""

    def records(self) -> Iterator[tuple[int, object]]:
        """Yield (data row number, tuple of cell values); empty rows are counted, not yielded."""
        for number, values in enumerate(self._rows, start=1):
            self._number = number
            if values.count(None) != len(values):
                yield number, values

    def progress(self) -> float | None:
        """Share of the sheet's rows read, when the sheet states its size."""
        return None if not self._total else min(1.0, (self._done + self._number) / self._total)

    def close(self) -> None:
        """Release the workbook and its file."""
        self._book.close()
        self._handle.close()
