"""Read the SAM public entity extract and the SAM exclusions extract into snapshot records.

Columns are found by header name (case, spaces and punctuation ignored, `columns.header_key`),
or, for the real headerless SAM public entity extract, by position (`PUBLIC_V2_LAYOUT`); the
delimiter is detected (`sniff.detect_delimiter`). `BOF`/`EOF` marker lines are skipped. Errors
name the file, the line and the column (docs/sam.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from section889.errors import InputError
from section889.readers.columns import header_key
from section889.readers.sniff import detect_delimiter
from section889.readers.source import Source
from section889.sam.records import SAM_DATE_FORMATS, Exclusion, SnapshotEntity

ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "uei": ("UNIQUE ENTITY ID", "UEI", "UEI SAM", "UEISAM", "SAM UEI"),
    "cage": ("CAGE CODE", "CAGE", "CAGECODE"),
    "name": ("LEGAL BUSINESS NAME", "LEGALBUSINESSNAME", "ENTITY NAME", "NAME"),
    "registration_status": (
        "REGISTRATION STATUS", "REGISTRATIONSTATUS", "SAM EXTRACT CODE", "EXTRACT CODE",
    ),
    "expiration_date": (
        "REGISTRATION EXPIRATION DATE", "REGISTRATIONEXPIRATIONDATE", "EXPIRATION DATE",
    ),
    "purpose_of_registration": ("PURPOSE OF REGISTRATION", "PURPOSEOFREGISTRATIONCODE"),
    "exclusion_flag": ("EXCLUSION STATUS FLAG", "EXCLUSIONSTATUSFLAG"),
}  # fmt: skip
"""Entity-extract header names we read, per field (compared without case, spaces, punctuation)."""

PUBLIC_V2_LAYOUT_SOURCE = (
    "SAM Mapping Public V2 File Layout, as republished at "
    "https://www.scribd.com/document/722988416/SAM-Mapping-Public-V2-File-Layout-Modified "
    "(a third-party copy; confidence medium). Official data dictionary linked from "
    "https://catalog.data.gov/dataset/system-for-award-management-sam-public-extract-entity-registration"
)
"""Where the positional layout below comes from, and how far we trust it."""

PUBLIC_V2_LAYOUT: tuple[str, ...] = (
    "UNIQUE ENTITY IDENTIFIER (SAM)",
    "UNIQUE ENTITY IDENTIFIER (DUNS)",
    "ENTITY EFT INDICATOR",
    "CAGE CODE",
    "DODAAC",
    "SAM EXTRACT CODE",
    "PURPOSE OF REGISTRATION",
    "INITIAL REGISTRATION DATE",
    "REGISTRATION EXPIRATION DATE",
    "LAST UPDATE DATE",
    "ACTIVATION DATE",
    "LEGAL BUSINESS NAME",
    "DBA NAME",
)
"""First 13 columns (1-based position = index + 1) of the headerless SAM public V2 entity
extract, per `PUBLIC_V2_LAYOUT_SOURCE`. Registration status is not a column of this layout."""

_V2_POSITIONS = {
    "uei": 1, "cage": 4, "sam_extract_code": 6, "purpose_of_registration": 7,
    "expiration_date": 9, "name": 12,
}  # fmt: skip
"""1-based columns of `PUBLIC_V2_LAYOUT` we read, per field."""

EXCLUSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "uei": ("UEISAM", "UNIQUE ENTITY ID", "UEI", "SAM UEI"),
    "cage": ("CAGECODE", "CAGE", "CAGE CODE"),
    "name": ("ENTITYNAME", "NAME", "ENTITY NAME", "EXCLUSION NAME"),
    "first_name": ("FIRSTNAME", "FIRST"),
    "middle_name": ("MIDDLENAME", "MIDDLE"),
    "last_name": ("LASTNAME", "LAST"),
    "classification": ("CLASSIFICATION", "CLASSIFICATIONTYPE"),
    "exclusion_type": ("EXCLUSION TYPE", "EXCLUSIONTYPE"),
    "excluding_agency": ("EXCLUDING AGENCY", "EXCLUDINGAGENCYNAME", "EXCLUDINGAGENCYCODE"),
    "ct_code": ("CT CODE", "CTCODE"),
    "active_date": ("ACTIVE DATE", "ACTIVATEDATE"),
    "termination_date": ("TERMINATION DATE", "TERMINATIONDATE"),
    "record_status": ("RECORD STATUS", "RECORDSTATUS"),
}  # fmt: skip
"""Exclusions-extract header names we read (the API's CSV download and the public extract)."""

_UEI = re.compile(r"^[0-9A-Za-z]{12}$")
_EXTRACT_CODES = {"A": "Active", "E": "Expired"}
_NULLS = {"", "null", "none", "n/a"}
_SAMPLE_LINES = 50


def read_entity_extract(source: Source) -> Iterator[SnapshotEntity]:
    """The rows of an entity extract (headered, or the headerless public V2 layout)."""
    if _is_headerless(source):
        yield from _positional_entities(source)
        return
    rows = _rows(source)
    _, header = next(rows)
    columns = _columns(header, ENTITY_COLUMNS)
    if "uei" not in columns:
        raise InputError(
            "no UEI column (expected a header such as 'UNIQUE ENTITY ID' or 'ueiSAM'); "
            "headerless positional extracts are not supported",
            path=source.name,
        )
    for number, cells in rows:
        uei = _cell(cells, columns["uei"])
        if uei is None:
            raise InputError(
                f"row {number}, column {header[columns['uei']]!r}: no UEI", path=source.name
            )
        status = _cell(cells, columns.get("registration_status"))
        expiry_header = header[columns["expiration_date"]] if "expiration_date" in columns else ""
        yield SnapshotEntity(
            uei=uei.upper(),
            cage=(_cell(cells, columns.get("cage")) or "").upper() or None,
            name=_cell(cells, columns.get("name")),
            registration_status=_EXTRACT_CODES.get(status, status) if status else None,
            expiration_date=_date(
                _cell(cells, columns.get("expiration_date")), source, number, expiry_header
            ),
            purpose_of_registration=_cell(cells, columns.get("purpose_of_registration")),
            exclusion_flag=_cell(cells, columns.get("exclusion_flag")),
        )


def read_exclusions_extract(source: Source) -> Iterator[Exclusion]:
    """The records of an exclusions extract (dates kept as written)."""
    rows = _rows(source)
    _, header = next(rows)
    columns = _columns(header, EXCLUSION_COLUMNS)
    if not {"uei", "cage", "name"} & columns.keys():
        raise InputError(
            "no UEI, CAGE or name column (expected headers such as ueiSAM, cageCode, entityName)",
            path=source.name,
        )
    for _number, cells in rows:
        get = {field_name: _cell(cells, index) for field_name, index in columns.items()}
        name = get.get("name") or " ".join(
            part for part in (get.get("first_name"), get.get("middle_name"), get.get("last_name"))
            if part
        ) or None  # fmt: skip
        uei = get.get("uei")
        yield Exclusion(
            uei=uei.upper() if uei else None,
            cage=(get.get("cage") or "").upper() or None,
            name=name,
            classification=get.get("classification"),
            exclusion_type=get.get("exclusion_type"),
            excluding_agency=get.get("excluding_agency"),
            ct_code=get.get("ct_code"),
            active_date=get.get("active_date"),
            termination_date=get.get("termination_date"),
            record_status=get.get("record_status"),
        )


@contextmanager
def _text(source: Source) -> Iterator[IO[str]]:
    with source.open() as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _key(header: str) -> str:
    """`columns.header_key`, with the remaining punctuation dropped too ("(SAM)", "/")."""
    return re.sub(r"[^0-9a-z]", "", header_key(header))


def _columns(header: Sequence[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for field_name, names in wanted.items():
        for name in names:
            if _key(name) in keys:
                found[field_name] = keys.index(_key(name))
                break
    return found


def _rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a delimited file; BOF/EOF marker lines and blank rows skipped."""
    try:
        delimiter = _delimiter(source)
        with _text(source) as handle:
            first = handle.readline()
            number = 1
            if first.upper().startswith("BOF "):
                first = handle.readline()
                number = 2
            if not first.strip():
                raise InputError("file is empty; expected a header row", path=source.name)
            yield number, next(csv.reader([first], delimiter=delimiter))
            for offset, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                if len(cells) == 1 and cells[0].upper().startswith("EOF "):
                    continue
                if not any(cell.strip() for cell in cells):
                    continue
                yield number + offset, cells
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=source.name) from None
    except csv.Error as exc:
        raise InputError(f"not readable as CSV ({exc})", path=source.name) from None


def _delimiter(source: Source) -> str:
    """The delimiter of the header and the first rows (a `BOF` line left out)."""
    lines: list[str] = []
    with _text(source) as handle:
        for line in handle:
            if not lines and not line.strip():
                continue
            if not lines and line.upper().startswith("BOF "):
                continue
            lines.append(line)
            if len(lines) >= _SAMPLE_LINES:
                break
    return detect_delimiter("".join(lines))


def _cell(cells: list[str], index: int | None) -> str | None:
    if index is None or index >= len(cells):
        return None
    value = cells[index].strip()
    return None if value.lower() in _NULLS else value


def _date(value: str | None, source: Source, row: int, column: str) -> dt.date | None:
    if value is None:
        return None
    for form in SAM_DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise InputError(f"row {row}, column {column!r}: not a date: {value!r}", path=source.name)


def _is_headerless(source: Source) -> bool:
    """True when the first non-BOF line starts with a 12-character alphanumeric UEI and has at
    least 12 pipe-separated fields (the positional SAM public V2 entity extract)."""
    try:
        with _text(source) as handle:
            first = handle.readline()
            if first.upper().startswith("BOF"):
                first = handle.readline()
    except UnicodeDecodeError:
        return False  # `_rows` reports it
    fields = first.rstrip("\r\n").split("|")
    return len(fields) >= 12 and bool(_UEI.match(fields[0].strip()))


def _positional_entities(source: Source) -> Iterator[SnapshotEntity]:
    """A headerless SAM public V2 entity extract read by column position (`PUBLIC_V2_LAYOUT`).

    Fields are split on every `|` (no quoting); a trailing `!end` marker field is dropped.
    Registration status is not in this layout and is None.
    """

    def where(number: int, column: int) -> str:
        return f"line {number}, column {column} ({PUBLIC_V2_LAYOUT[column - 1]})"

    for number, fields in _positional_rows(source):
        if len(fields) < 12:
            raise InputError(
                f"line {number}: {len(fields)} fields, expected at least 12 "
                "(SAM public V2 entity extract)",
                path=source.name,
            )
        get = {field_name: _cell(fields, pos - 1) for field_name, pos in _V2_POSITIONS.items()}
        uei = get["uei"]
        if uei is None:
            raise InputError(f"{where(number, 1)}: no UEI", path=source.name)
        expiry = get["expiration_date"]
        expiration_date = None
        if expiry is not None:
            try:
                expiration_date = dt.datetime.strptime(expiry, "%Y%m%d").date()
            except ValueError:
                raise InputError(
                    f"{where(number, 9)}: not a date {expiry!r}", path=source.name
                ) from None
        yield SnapshotEntity(
            uei=uei.upper(),
            cage=(get["cage"] or "").upper() or None,
            name=get["name"],
            registration_status=None,  # not a column of the public V2 layout
            expiration_date=expiration_date,
            purpose_of_registration=get["purpose_of_registration"],
            exclusion_flag=None,  # not among the columns we read
            sam_extract_code=get["sam_extract_code"],
        )


def _positional_rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    try:
        with _text(source) as handle:
            for number, line in enumerate(handle, start=1):
                text = line.rstrip("\r\n")
                upper = text.upper()
                if (number == 1 and upper.startswith("BOF")) or upper.startswith("EOF"):
                    continue
                if not text.strip():
                    continue
                fields = text.split("|")
                if fields[-1].strip().lower() == "!end":
                    fields.pop()
                yield number, fields
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=source.name) from None
