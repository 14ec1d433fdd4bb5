"""The one reader of shipped CSV and YAML data: rows, checked cells, manifests, a dataset hash.

Used by the knowledge base, the rules' reference data, the device patterns and the matcher's
word lists. Every helper raises DataError naming the file, line and field, so a bad fact is
found by its address, never by a stack trace.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from section889.errors import DataError
from section889.knowledge.models import Confidence, FuzzyDate, Provenance

E = TypeVar("E", bound=StrEnum)
Row = tuple[int, dict[str, str]]
"""(line number in the file, cells by column name, stripped)."""

_BOOL = {"true": True, "false": False}


def read_rows(path: Path, columns: tuple[str, ...], *, skip_blank: bool = False) -> Iterator[Row]:
    """Yield (line number, row) of a UTF-8 CSV file, refusing missing columns and ragged rows.

    Header names and cells are stripped; empty lines are skipped, and with `skip_blank` so are
    rows whose every cell is blank.
    """
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise DataError("file is missing", path=path) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc}", path=path) from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            first = next(reader, None)
            if first is None:
                raise DataError("the file is empty", path=path, line=1)
            header = [name.strip().lstrip("\ufeff") for name in first]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataError(
                    f"missing column(s) {', '.join(missing)}; found {header}", path=path, line=1
                )
            for cells in reader:
                if not cells or (skip_blank and not any(v.strip() for v in cells)):
                    continue
                if len(cells) != len(header):
                    raise DataError(
                        "row has a different number of cells than the header "
                        f"({len(cells)}, the header has {len(header)})",
                        path=path,
                        line=reader.line_num,
                    )
                yield reader.line_num, {k: v.strip() for k, v in zip(header, cells, strict=True)}
        except csv.Error as exc:
            raise DataError(f"not valid CSV: {exc}", path=path, line=reader.line_num) from None
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text ({exc.reason})", path=path) from None


def required(row: Row, fld: str, path: Path) -> str:
    """The cell `fld`, which must not be empty."""
    line, cells = row
    value = cells.get(fld, "")
    if not value:
        raise DataError("must not be empty", path=path, line=line, field=fld)
    return value


def enum_cell(kind: type[E], row: Row, fld: str, path: Path) -> E:
    """The cell `fld` as a member of `kind`; the error lists the allowed values."""
    value = required(row, fld, path)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise DataError(
            f"{value!r} is not one of: {allowed}", path=path, line=row[0], field=fld
        ) from None


def choice_cell(row: Row, fld: str, allowed: Iterable[str], path: Path) -> str:
    """The cell `fld`, which must be one of `allowed` (as written)."""
    value = row[1].get(fld, "")
    options = frozenset(allowed)
    if value not in options:
        raise DataError(
            f"{value!r} is not one of {', '.join(sorted(options))}",
            path=path,
            line=row[0],
            field=fld,
        )
    return value


def flag_cell(row: Row, fld: str, path: Path) -> bool:
    """The cell `fld` as a boolean: `true` or `false`, in any case."""
    value = row[1].get(fld, "")
    if value.lower() not in _BOOL:
        raise DataError(f"{value!r} is not true or false", path=path, line=row[0], field=fld)
    return _BOOL[value.lower()]


def pattern_cell(
    row: Row, fld: str, shape: re.Pattern[str], path: Path, what: str, *, optional: bool = False
) -> str:
    """The cell `fld`, which must match `shape` (`what` names the shape in the error); with
    `optional` an empty cell is returned as ""."""
    value = row[1].get(fld, "")
    if optional and not value:
        return value
    if not value:
        raise DataError("must not be empty", path=path, line=row[0], field=fld)
    if not shape.match(value):
        raise DataError(f"{value!r} is not {what}", path=path, line=row[0], field=fld)
    return value


def codes_cell(row: Row, fld: str, shape: re.Pattern[str], path: Path) -> frozenset[str]:
    """The cell `fld` as `;`-separated codes, upper-cased; each must match `shape`."""
    codes = frozenset(code.strip().upper() for code in row[1].get(fld, "").split(";"))
    codes -= {""}
    for code in codes:
        if not shape.match(code):
            raise DataError(f"{code!r} is not a valid code", path=path, line=row[0], field=fld)
    return codes


def regex_cell(row: Row, fld: str, path: Path, flags: int = 0) -> re.Pattern[str]:
    """The cell `fld` compiled as a regular expression."""
    try:
        return re.compile(required(row, fld, path), flags)
    except re.error as exc:
        raise DataError(
            f"not a valid regular expression: {exc}", path=path, line=row[0], field=fld
        ) from None


def date_cell(row: Row, fld: str, path: Path) -> FuzzyDate | None:
    """The cell `fld` as a date known to the day, month or year; None when empty."""
    value = row[1].get(fld, "")
    if not value:
        return None
    try:
        return FuzzyDate.parse(value)
    except ValueError as exc:
        raise DataError(str(exc), path=path, line=row[0], field=fld) from None


def provenance(row: Row, path: Path, layer: str) -> Provenance:
    """Where the row's fact comes from: its `source` and `confidence` cells, file and line."""
    return Provenance(
        source=required(row, "source", path),
        confidence=enum_cell(Confidence, row, "confidence", path),
        file=path.name,
        line=row[0],
        layer=layer,
    )


def read_manifest(path: Path, keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """A YAML mapping (a dataset's manifest) that must hold `keys`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("file is missing", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the file: {exc}", path=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(f"not valid YAML: {exc}", path=path, line=line) from None
    if not isinstance(raw, dict):
        raise DataError("expected a mapping at the top level", path=path)
    for key in keys:
        if key not in raw:
            raise DataError("missing key", path=path, field=key)
    return raw


def manifest_date(manifest: dict[str, Any], fld: str, path: Path) -> dt.date:
    """The manifest's `fld` as a date (YAML date or `YYYY-MM-DD` text)."""
    value = manifest.get(fld)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError(f"{value!r} is not a date YYYY-MM-DD", path=path, field=fld) from None


def dataset_hash(directory: Path, names: Iterable[str]) -> str:
    """12 hex of sha256 over the named files (name, length and content of each, in order)."""
    digest = hashlib.sha256()
    for name in names:
        path = directory / name
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read the file: {exc}", path=path) from exc
        digest.update(name.encode() + b"\0" + len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()[:12]
