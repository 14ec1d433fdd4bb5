"""Tell what kind of file a user handed us: its format, text encoding and CSV delimiter.

Only the first `SAMPLE_BYTES` are looked at, so a million-row file costs the same as a small one.
"""

from __future__ import annotations

import codecs
import csv
import io
from enum import StrEnum
from pathlib import Path

import charset_normalizer

from section889.errors import InputError

SAMPLE_BYTES = 1 << 20
"""How much of a file is read to guess its format, encoding and delimiter (1 MiB)."""

DELIMITERS = (",", ";", "\t", "|")
"""Delimiters tried, in order of preference when two fit equally well."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class FileFormat(StrEnum):
    """Input formats a vendor list may come in."""

    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


_EXTENSIONS = {
    ".csv": FileFormat.CSV,
    ".tsv": FileFormat.CSV,
    ".psv": FileFormat.CSV,
    ".txt": FileFormat.CSV,
    ".xlsx": FileFormat.XLSX,
    ".xlsm": FileFormat.XLSX,
    ".jsonl": FileFormat.JSONL,
    ".ndjson": FileFormat.JSONL,
}


def read_sample(path: Path) -> bytes:
    """The first bytes of `path`; a missing or unreadable file is an InputError."""
    try:
        with path.open("rb") as handle:
            return handle.read(SAMPLE_BYTES)
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=path) from None


def detect_format(path: Path, sample: bytes) -> FileFormat:
    """Decide the format from the content first (zip, OLE, JSON) and the file extension second."""
    if sample.startswith(b"PK\x03\x04"):
        return FileFormat.XLSX
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "is an old binary Excel (.xls) file; save it as .xlsx or CSV and try again", path=path
        )
    if not sample.strip():
        raise InputError("is empty", path=path)
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = sample.lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"{"):
        return FileFormat.JSONL
    if head.startswith(b"[") and suffix == ".json":
        raise InputError(
            "is a JSON array; give JSON lines instead (one object per line, .jsonl)", path=path
        )
    if suffix == ".json":
        raise InputError("is not JSON lines (one object per line)", path=path)
    return FileFormat.CSV


def detect_encoding(path: Path, sample: bytes) -> str:
    """The text encoding of `sample`: a BOM decides, then strict UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    complete = _whole_lines(sample)
    try:
        complete.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" not in complete:
            return "utf-8"
    matches = charset_normalizer.from_bytes(complete)
    best = matches.best()
    if best is None:
        raise InputError(
            "cannot tell the text encoding (is it a binary file?); save it as UTF-8 CSV", path=path
        )
    # On short Western samples charset-normalizer may name cp775 or cp1250 first; when a match
    # about as clean as the best one could also be Windows-1252, take that: it is what US and
    # EU exports use. Polish, Cyrillic or Greek text is not decodable alike and keeps its code page.
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(codecs.lookup(best.encoding).name)


def detect_delimiter(text_sample: str) -> str:
    """The delimiter that splits the header into the most columns consistently across lines.

    >>> detect_delimiter("vendor_name;uei\\nACME, INC;J8CPXM4ELEB2\\n")
    ';'
    """
    lines = text_sample.splitlines()[:50]
    if len(lines) > 1 and len(text_sample) >= SAMPLE_BYTES // 4:
        lines = lines[:-1]  # the last line of a cut sample may be incomplete
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        rows = [row for row in rows if row]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        agreeing = sum(1 for row in rows if len(row) == width)
        score = (agreeing, width)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == (0, 0):
        # One column: split on nothing that occurs, so "ACME, INC" stays one name.
        return next((d for d in DELIMITERS if d not in text_sample), DELIMITERS[0])
    return best


def _whole_lines(sample: bytes) -> bytes:
    """Cut a sample at its last newline so a multi-byte character is never split."""
    if len(sample) < SAMPLE_BYTES:
        return sample
    if b"\x00" in sample:  # UTF-16/32 without a BOM: keep whole code units instead
        return sample[: len(sample) - len(sample) % 4]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 else sample
