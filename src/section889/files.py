"""Files every layer writes or reads the same way: all-or-nothing writes, hashes, safe cells.

- `AtomicFile`: a temp file beside the target; `commit()` moves it over the target in one
  rename, `discard()` drops it. As a context manager it commits on success, discards on error.
- `commit_all(pending)`: put several finished files in place together (an output and its side
  files); `discard_all` drops them after a failure, so nothing half-written is left.
- `sha256_file(path)`: hex SHA-256 of a file, streamed.
- `neutralise` / `restore`: spreadsheet-formula neutralising of cells (CSV injection), undone when
  our own outputs are read back.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from section889.errors import InputError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these may run as a formula in Excel, LibreOffice or Sheets."""


class Pending(Protocol):
    """A finished temp file waiting to be put in place (`AtomicFile`, table writers)."""

    def commit(self) -> None:
        """Put the file in place."""

    def discard(self) -> None:
        """Drop the temp file; the target is left untouched."""


class AtomicFile:
    """A temp file beside the target; `commit()` moves it over the target, `discard()` drops it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with AtomicFile(folder / "out.txt") as out:
    ...     _ = out.temp.write_text("all of it")
    >>> (folder / "out.txt").read_text()
    'all of it'
    """

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        directory = self.target.parent
        if not directory.is_dir():
            raise InputError(f"directory {str(directory)!r} does not exist", path=self.target)
        if self.target.is_dir():
            raise InputError("is a directory; give a file name", path=self.target)
        self.temp = directory / f".{self.target.name}.{secrets.token_hex(4)}.tmp"
        try:
            # "x": never clobber; created with the usual permissions (umask), unlike mkstemp's 0600
            self.temp.open("xb").close()
        except OSError as exc:
            raise InputError(f"cannot write here ({exc.strerror})", path=self.target) from None

    def commit(self) -> None:
        """Put the finished temp file in place of the target."""
        self.temp.replace(self.target)

    def discard(self) -> None:
        """Remove the temp file (after a failure); the target is left untouched."""
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename, so readers see the old file or the new one."""
    with AtomicFile(path) as out:
        out.temp.write_bytes(data)


def commit_all(pending: Iterable[Pending]) -> None:
    """Put finished files in place, in order (the main output last, by the caller's order)."""
    for item in pending:
        item.commit()


def discard_all(pending: Iterable[Pending]) -> None:
    """Drop every pending temp file after a failure."""
    for item in pending:
        item.discard()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def neutralise(cells: Sequence[object]) -> list[object]:
    """Prefix an apostrophe to text cells a spreadsheet would take for a formula (CSV injection).

    >>> neutralise(["=HYPERLINK(\\"http://x\\")", "-1", "Acme", 0.5, None])
    ['\\'=HYPERLINK("http://x")', "'-1", 'Acme', 0.5, None]
    """
    return [
        "'" + cell if cell.__class__ is str and cell.startswith(FORMULA_PREFIXES) else cell
        for cell in cells
    ]


def restore(text: str) -> str:
    """Undo `neutralise` on one cell read back from a CSV or XLSX output.

    >>> restore("'=SUM(A1)"), restore("'t Hooft BV")
    ('=SUM(A1)', "'t Hooft BV")
    """
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
