"""Where an input comes from: a path on disk, or bytes (an HTTP upload) with the name it was sent as.

Services take a `Source` (or anything `as_source` accepts), so a REST upload is as easy as a file.
Readers that must have a file on disk (openpyxl, DuckDB, format sniffing by re-reading) use
`local_path()`: a path as is, or the bytes spooled to a private temp file for the duration.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from section889.errors import InputError, Section889Error

MAX_UPLOAD_BYTES = 1 << 30
"""Bytes and streams larger than this are refused (1 GiB); files on disk are not limited here."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: `path`, or `data` with `name` (the file name used in messages and for its type).

    >>> s = Source.from_bytes(b"name\\nZTE USA INC\\n", name="suppliers.csv")
    >>> s.name, s.suffix, s.size
    ('suppliers.csv', '.csv', 17)
    """

    name: str
    path: Path | None = None
    data: bytes | None = None

    def __post_init__(self) -> None:
        if (self.path is None) == (self.data is None):
            raise ValueError("a Source has either a path or data")

    @classmethod
    def from_path(cls, path: Path | str) -> Source:
        """A file on disk; its name in messages is the path as given."""
        return cls(name=str(path), path=Path(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str) -> Source:
        """Bytes received (an upload), known by the file name they were sent as."""
        if len(data) > MAX_UPLOAD_BYTES:
            raise InputError(f"larger than {MAX_UPLOAD_BYTES >> 20} MiB", path=name)
        return cls(name=name, data=data)

    @classmethod
    def from_stream(cls, stream: BinaryIO, *, name: str) -> Source:
        """Read a stream to its end (refusing more than `MAX_UPLOAD_BYTES`)."""
        data = stream.read(MAX_UPLOAD_BYTES + 1)
        return cls.from_bytes(data, name=name)

    @property
    def suffix(self) -> str:
        """The lower-case file extension (`.csv`), from the path or the upload's name."""
        return Path(self.name).suffix.lower()

    @property
    def size(self) -> int:
        """Size in bytes; an InputError when the file is missing."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            raise InputError("file not found", path=self.name) from None

    def open(self) -> BinaryIO:
        """A binary reader positioned at the start."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            raise InputError("file not found", path=self.name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a file", path=self.name) from None

    def sha256(self) -> str:
        """Hex SHA-256 of the content."""
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        assert self.path is not None
        with self.path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()

    @contextlib.contextmanager
    def local_path(self) -> Iterator[Path]:
        """A path holding the content: the file itself, or a temp copy removed afterwards."""
        if self.path is not None:
            yield self.path
            return
        folder = Path(tempfile.mkdtemp(prefix="section889-upload-"))
        try:
            target = folder / (Path(self.name).name or "upload")
            with target.open("xb") as out:
                assert self.data is not None
                out.write(self.data)
                out.flush()
                os.fsync(out.fileno())
            yield target
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def upload_names(names: Mapping[str, str]) -> Iterator[None]:
    """Inside, an error that names a spooled temp file (`Source.local_path`) names the upload
    instead: `names` maps each temp file's path to its upload's name."""
    try:
        yield
    except Section889Error as exc:
        text = str(exc)
        for temp, name in names.items():
            text = text.replace(temp, name)
        exc.args = (text,)
        path = getattr(exc, "path", None)
        if isinstance(path, str) and path in names:
            setattr(exc, "path", names[path])  # noqa: B010 (InputError and DataError carry a path)
        raise


SourceLike = Source | Path | str
"""What services accept: a `Source`, or a path."""


def as_source(value: SourceLike) -> Source:
    """A `Source` for a path or an existing `Source`."""
    return value if isinstance(value, Source) else Source.from_path(value)
