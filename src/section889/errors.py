"""The one error tree of section889.

    Section889Error              base; every error the package raises on purpose
    ├── InputError               a user's file, argument or request cannot be used
    │   └── RowError             one row of an input file is unusable (file, row, field)
    ├── NotFoundError            a record asked for by id does not exist (or is not the caller's)
    ├── PermissionDeniedError    the caller's role does not allow this
    ├── ConflictError            the record changed meanwhile, or already exists
    │   └── TransitionError      a workflow guard refused a state change (with the reason)
    ├── DataError                a data file (a pack or layer given or installed) is wrong (file, line, field)
    ├── UpdatePackError          a knowledge-base update pack is unusable (checksum, layout)
    └── RuleError                the shipped policy packs or reference data contradict themselves

Each class has a `category`; the faces map a category once: the CLI to an exit code
(`cli/main.py`), the REST API to an HTTP status and an RFC 9457 problem type.

    category     CLI exit   HTTP
    input        2          422
    not_found    4          404
    permission   5          403
    conflict     6          409
    data         3          500

A `DataError` is in the `input` category: the files it names are a pack or layer a user gave or
installed (the shipped ones are checked by the tests). A `RuleError` is in `data`: our own
shipped packs or reference tables are wrong, which is a defect, not the caller's fault.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import ClassVar


class Category(StrEnum):
    """What kind of failure an error is; a face maps each to its own code once."""

    INPUT = "input"
    NOT_FOUND = "not_found"
    PERMISSION = "permission"
    CONFLICT = "conflict"
    DATA = "data"

    @property
    def exit_code(self) -> int:
        """The CLI's exit code (1 is kept for `--fail-on` findings)."""
        return _EXIT[self]

    @property
    def http_status(self) -> int:
        """The HTTP status the REST API answers with."""
        return _HTTP[self]


_EXIT = {
    Category.INPUT: 2,
    Category.DATA: 3,
    Category.NOT_FOUND: 4,
    Category.PERMISSION: 5,
    Category.CONFLICT: 6,
}
_HTTP = {
    Category.INPUT: 422,
    Category.DATA: 500,
    Category.NOT_FOUND: 404,
    Category.PERMISSION: 403,
    Category.CONFLICT: 409,
}


class Section889Error(Exception):
    """Base class of every error section889 raises on purpose."""

    category: ClassVar[Category] = Category.INPUT
    type: ClassVar[str] = "error"
    """A short slug naming the kind of problem (the problem type's last path segment)."""


class InputError(Section889Error):
    """A user's input (file, argument, option, request) cannot be used."""

    category = Category.INPUT
    type = "invalid-input"

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class RowError(InputError):
    """One row of an input file is unusable; names the file, row and field."""

    type = "invalid-row"

    def __init__(
        self, message: str, *, path: Path | str, row: int, field: str | None = None
    ) -> None:
        self.row = row
        self.field = field
        where = f"row {row}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}", path=path)


class NotFoundError(Section889Error):
    """A record asked for by id does not exist, or is not visible to the caller."""

    category = Category.NOT_FOUND
    type = "not-found"


class PermissionDeniedError(Section889Error):
    """The caller's role or organisation does not allow this action."""

    category = Category.PERMISSION
    type = "permission-denied"


class ConflictError(Section889Error):
    """The record changed since it was read, or one with the same key already exists."""

    category = Category.CONFLICT
    type = "conflict"


class TransitionError(ConflictError):
    """A workflow guard refused a state change; the message gives the reason."""

    type = "transition-refused"


class DataError(Section889Error):
    """A knowledge-base or reference data file is wrong; names the file, line and field."""

    category = Category.INPUT
    type = "data-error"

    def __init__(
        self, message: str, *, path: Path | str, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        where = self.path + (f":{line}" if line is not None else "")
        where += f" (field {field!r})" if field else ""
        super().__init__(f"{where}: {message}")


class RuleError(Section889Error):
    """A policy pack or the reference data is inconsistent (a rule id, citation or date missing)."""

    category = Category.DATA
    type = "rule-error"


class UpdatePackError(Section889Error):
    """A knowledge-base update pack cannot be loaded (bad checksum, missing file, bad layout)."""

    category = Category.INPUT
    type = "update-pack"
