"""Write a file so readers see all of it or none of it: a temp file beside it, then `os.replace`."""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

from section889.errors import InputError


class AtomicFile:
    """A temp file beside the target; `commit()` moves it over the target, `discard()` drops it."""

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
