"""The one error tree of section889.

    Section889Error            base; every error the package raises on purpose
    ├── InputError             a user's file or argument cannot be used (CLI exit code 2)
    │   └── RowError           one row of an input file is unusable (file, row, field)
    ├── DataError              a knowledge-base data file is wrong (file, line, field)
    └── PackError              a knowledge-base update pack is unusable (checksum, layout)

Faces map these once: the CLI prints the message and exits 2; the REST API returns
an RFC 9457 problem document.
"""

from __future__ import annotations

from pathlib import Path


class Section889Error(Exception):
    """Base class of every error section889 raises on purpose."""


class InputError(Section889Error):
    """A user's input (file, argument, option) cannot be used."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class RowError(InputError):
    """One row of an input file is unusable; names the file, row and field."""

    def __init__(
        self, message: str, *, path: Path | str, row: int, field: str | None = None
    ) -> None:
        self.row = row
        self.field = field
        where = f"row {row}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}", path=path)


class DataError(Section889Error):
    """A knowledge-base data file is wrong; names the file, line and field."""

    def __init__(
        self, message: str, *, path: Path | str, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        where = self.path + (f":{line}" if line is not None else "")
        where += f" (field {field!r})" if field else ""
        super().__init__(f"{where}: {message}")


class PackError(Section889Error):
    """A knowledge-base update pack cannot be loaded (bad checksum, missing file, bad layout)."""
